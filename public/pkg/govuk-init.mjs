// GOV.UK Frontend's own behaviour for the components on the page: the error summary takes
// focus, the skip link moves focus, the character count counts as the person types, and
// "Exit this page" also works by pressing Shift three times. Every page works without it.
//
// A module, not inline script, so a Content-Security-Policy can allow it by origin or nonce.
import { initAll } from '/pkg/govuk-frontend.min.js';

// govuk-frontend only starts where the page says it is supported (module-capable browsers,
// which are the only ones that run this file).
document.body.classList.add('js-enabled', 'govuk-frontend-supported');
initAll();
