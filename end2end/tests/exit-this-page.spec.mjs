// "Exit this page": leaves the portal for a neutral site at once, and the
// answers cannot be brought back with the Back button or by URL.
import { test, expect } from '@playwright/test';
import { atPath, exitButton, fakeExitSite, walkToCheck } from './journey.mjs';

test('Exit this page leaves for a neutral site and forgets the answers', async ({ page, context }) => {
  const exit = await fakeExitSite(context);
  const secret = 'Loud music from the flat next door until 3am, most nights.';
  await walkToCheck(page);
  await expect(page.locator('main')).toContainText(secret);

  await exitButton(page).click();
  await expect(page).toHaveURL((url) => url.origin === exit.origin);
  await expect(page.getByRole('heading', { name: 'Weather forecast' })).toBeVisible();

  // Back must not show the answers again: the page must not come back from the
  // browser's cache. (Routing turns Chromium's HTTP cache off, so drop it first.)
  await context.unrouteAll();
  await page.goBack();
  await expect(page).toHaveURL(atPath('/report'));
  await expect(page.locator('body')).not.toContainText(secret);

  await page.goto('/report/check');
  await expect(page).toHaveURL(atPath('/report'));
  await expect(page.getByRole('heading', { level: 1, name: 'Report anti-social behaviour' })).toBeVisible();
  await expect(page.locator('body')).not.toContainText(secret);
  await expect(page.locator('body')).not.toContainText('SW1A 1AA');
});

test('with JavaScript, pressing Shift three times leaves at once @js-on', async ({ page, context }) => {
  await walkToCheck(page);
  // GOV.UK Frontend's Exit this page listens once it has started.
  await expect(page.locator('body.govuk-frontend-supported')).toHaveCount(1);
  const leaving = page.waitForResponse((response) => new URL(response.url()).pathname === '/exit');
  // A person's three presses of Shift, as the browser reports their release (Playwright's own
  // key presses report Shift's release as still shifted, which govuk-frontend rightly ignores
  // as Shift held for another key).
  for (let i = 0; i < 3; i += 1) {
    await page.evaluate(() =>
      document.dispatchEvent(new KeyboardEvent('keyup', { key: 'Shift', bubbles: true })));
  }
  // It leaves through the portal's exit, which forgets the answers (the neutral site beyond it
  // is the first test's concern).
  expect((await leaving).status()).toBe(303);
  // The answers are gone: the same browser, in a new tab, is back at the start.
  const later = await context.newPage();
  await later.goto('/report/check');
  await expect(later).toHaveURL(atPath('/report'));
});
