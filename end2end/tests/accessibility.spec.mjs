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
  answerEarlierReports,
  answerDetails,
  answerEveryRadioGroup,
  answerImpact,
  answerLocation,
  answerWhen,
  atPath,
  choose,
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

  await scan(page, 'how often (radios as the heading)');
  await choose(page, 'frequency', 'weekly');
  await continueTo(page, '/report/when');
  await scan(page, 'when (date input)');
  await page.locator('#incident-date-day').fill('1');
  await page.locator('#incident-date-month').fill('11');
  await page.locator('#incident-date-year').fill(String(new Date().getFullYear() - 1));
  await choose(page, 'ongoing', 'yes');
  await continueTo(page, '/report/details');
  await scan(page, 'details (textareas)');
  await page.locator('#description').fill('Loud music from the flat next door until 3am.');
  await continueTo(page, '/report/relationship');
  await scan(page, 'who is causing it (radios as the heading)');
  await continueTo(page, '/report/relationship');
  await scan(page, 'who is causing it with its error');
  await choose(page, 'relationship', 'neighbour');
  await continueTo(page, '/report/contact');
  await scan(page, 'contact choice');
  await continueTo(page, '/report/contact');
  await scan(page, 'contact choice with its error');
  await page.getByLabel('Yes, you can contact me').check();
  await continueTo(page, '/report/contact-details');
  await scan(page, 'contact details');
  await page.goto('/report/contact');
  await answerAboutYou(page);
  await scan(page, 'impact');
  await answerImpact(page, { affecting: 'yes', reportedBefore: 'yes' });
  await scan(page, 'earlier reports (radios and checkboxes)');
  await continueTo(page, '/report/earlier-reports');
  await scan(page, 'earlier reports with errors');
  await answerEarlierReports(page);

  for (const [group, answers] of [
    ['history', {}],
    ['safety', { violence: 'yes', unsafe_home: 'yes' }],
    ['health', {}],
    ['feelings', { self_harm: 'yes' }],
    ['support', {}],
  ]) {
    await expect(page).toHaveURL(atPath(`/report/assessment/${group}`));
    await scan(page, `assessment: ${group}`);
    await answerEveryRadioGroup(page, answers);
    await page.getByRole('button', { name: 'Continue', exact: true }).click();
  }
  await expect(page).toHaveURL(atPath('/report/consent'));
  await expect(page.locator('.app-urgent-help')).toBeVisible();

  await scan(page, 'consent');
  await answerEveryRadioGroup(page, {}, ['yes']);
  await continueTo(page, '/report/check');
  await scan(page, 'check your answers');
  await submit(page);
  await scan(page, 'confirmation');
});

test('the pages of a report for someone else have no axe violations', { tag: '@js-on' }, async ({ page }) => {
  await start(page);
  await choose(page, 'category', 'noise');
  await continueTo(page, '/report/reporting-for');
  await scan(page, 'who are you reporting for');
  await continueTo(page, '/report/reporting-for');
  await scan(page, 'who are you reporting for, with its error');
  await choose(page, 'reporting_for', 'someone_else');
  await continueTo(page, '/report/person-affected');
  await scan(page, 'about the person you are reporting for');
  await continueTo(page, '/report/person-affected');
  await expect(page.locator('.govuk-error-summary li')).toHaveCount(2);
  await scan(page, 'about the person, with errors');
  await page.locator('#their_name').fill('Dorothy Fairweather');
  await choose(page, 'reporter_role', 'relative');
  await continueTo(page, '/report/agreement');
  await scan(page, 'whether they know and agree');
  await choose(page, 'agreement', 'knows_and_agrees');
  await continueTo(page, '/report/location');
  await answerLocation(page, { postcode: 'SW1A 1AA', address: '2 High Street' });
  await answerWhen(page);
  await answerDetails(page);
  await answerAboutYou(page, { next: '/report/contact-them' });
  await scan(page, 'can we contact them');
  await choose(page, 'contact_them', 'yes');
  await continueTo(page, '/report/their-contact-details');
  await scan(page, 'how can we contact them');
  await continueTo(page, '/report/their-contact-details');
  await scan(page, 'how can we contact them, with its error');
  await page.locator('#email').fill('dorothy@example.com');
  await choose(page, 'safe_to_email', 'yes');
  await continueTo(page, '/report/impact');
  await scan(page, 'impact, about them');
});

test('information pages have no axe violations', { tag: '@js-on' }, async ({ page }) => {
  for (const [path, pageType] of [
    ['/report', 'start'],
    ['/privacy', 'privacy notice'],
    ['/case-review', 'case review'],
    ['/accessibility', 'accessibility statement'],
    ['/cookies', 'cookies'],
    ['/noise-diary', 'noise diary'],
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
