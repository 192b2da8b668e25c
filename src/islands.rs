//! The parts of the portal that run in the browser as Leptos islands. There are none today:
//! GOV.UK Frontend's own JavaScript (`public/pkg/govuk-init.mjs`) gives the components their
//! behaviour — the character count, "Exit this page" by pressing Shift three times, the error
//! summary's focus, the skip link — so no hand-written copy of it is kept. An island belongs
//! here only for what govuk-frontend does not do; the browser build (`hydrate`) stays, so the
//! first one is an addition.

use crate::domain::report::thousands;

/// The message a character count shows before (or without) JavaScript, as govuk-frontend's
/// character count words it.
pub fn character_limit_text(max: usize) -> String {
    format!("You can enter up to {} characters", thousands(max))
}
