// WCAG 2.2 AA checks with axe on every page type of Journey 1 and the
// information pages, as the person sees them; every page must also carry
// "Exit this page". Failures list the rule ids and elements.
// JavaScript-on only: axe runs inside the page, so it cannot run where
// JavaScript is off. The markup is the same server-rendered HTML, with GOV.UK Frontend's
// JavaScript started on it.
import { test, expect } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import {
  answerAboutYou,
  answerCategory,
  answerDetails,
  answerEveryRadioGroup,
  answerImpact,
  answerLocation,
  answerWhen,
  atPath,
  continueTo,
  exitButton,
  fillLocation,
  start,
  submit,
} from './journey.mjs';

const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

/** Scans the current page; records (softly) any violation with its targets. */
async function scan(page, pageType) {
  await test.step(`axe: ${pageType}`, async () => {
    const results = await new AxeBuilder({ page }).withTags(TAGS).analyze();
    const violations = results.violations.map(
      (violation) =>
        `${violation.id} (${violation.impact}): ${violation.help} -> ` +
        violation.nodes.map((node) => node.target.join(' ')).join(' | '),
    );
    expect.soft(violations, `axe violations on the ${pageType} page (${page.url()})`).toEqual([]);
    await expect.soft(exitButton(page), `"Exit this page" on the ${pageType} page`).toBeVisible();
  });
}

test('journey pages have no axe violations', { tag: '@js-on' }, async ({ page }) => {
  await page.goto('/report');
  await scan(page, 'start');
  await start(page);
  await scan(page, 'category (radios)');
  await answerCategory(page, 'harassment');

  await scan(page, 'location (inputs and select)');
  // The same page in its error state: error summary and inline messages.
  await fillLocation(page, { address: '1 High Street', postcode: 'NOT A POSTCODE' });
  await continueTo(page, '/report/location');
  await expect(page.locator('.govuk-error-summary')).toBeVisible();
  await scan(page, 'location with errors');
  await answerLocation(page, { postcode: 'SW1A 1AA', address: '1 High Street' });

  await scan(page, 'when (date input)');
  await answerWhen(page);
  await scan(page, 'details (textareas)');
  await answerDetails(page);
  await scan(page, 'about you');
  await answerAboutYou(page);
  await scan(page, 'impact');
  await answerImpact(page, { affecting: 'yes', reportedBefore: 'yes' }, '/report/assessment/history');

  await scan(page, 'assessment: history');
  await answerEveryRadioGroup(page, { repeat: 'yes', frequency: 'weekly' });
  await continueTo(page, '/report/assessment/vulnerability');
  await scan(page, 'assessment: vulnerability');
  await answerEveryRadioGroup(page, { violence: 'yes', unsafe_home: 'yes', self_harm: 'yes' });
  await continueTo(page, '/report/assessment/support');
  await expect(page.locator('.app-urgent-help')).toBeVisible();
  await scan(page, 'assessment: support (with urgent help)');
  await answerEveryRadioGroup(page);
  await continueTo(page, '/report/consent');

  await scan(page, 'consent');
  await answerEveryRadioGroup(page, {}, ['yes']);
  await continueTo(page, '/report/check');
  await scan(page, 'check your answers');
  await submit(page);
  await scan(page, 'confirmation');
});

test('information pages have no axe violations', { tag: '@js-on' }, async ({ page }) => {
  for (const [path, pageType] of [
    ['/report', 'start'],
    ['/privacy', 'privacy notice'],
    ['/case-review', 'case review'],
  ]) {
    const response = await page.goto(path);
    expect(response.status(), `${path} should load`).toBe(200);
    await expect(page).toHaveURL(atPath(path));
    await scan(page, pageType);
  }

  const missing = await page.goto('/no-such-page');
  expect(missing.status(), 'an unknown page should be a 404').toBe(404);
  await scan(page, 'not found');
});
