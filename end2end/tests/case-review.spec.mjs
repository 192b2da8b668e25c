// Journey 2, apply for an ASB Case Review, with JavaScript on and off: the whole application,
// including adding and removing a report made elsewhere; an invalid answer keeps the others;
// axe finds nothing on any of its page types (JavaScript on only: axe runs in the page).
import { test, expect } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { atPath, choose, continueTo, exitButton, pastDate } from './journey.mjs';

const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

async function scan(page, pageType, enabled) {
  if (!enabled) return;
  await test.step(`axe: ${pageType}`, async () => {
    const results = await new AxeBuilder({ page }).withTags(TAGS).analyze();
    const violations = results.violations.map(
      (v) => `${v.id} (${v.impact}): ${v.help} -> ` + v.nodes.map((n) => n.target.join(' ')).join(' | '),
    );
    expect.soft(violations, `axe violations on the ${pageType} page (${page.url()})`).toEqual([]);
  });
}

async function fillReport(page, n, { daysAgo, to, reference }) {
  const date = pastDate(daysAgo);
  for (const prefix of ['incident', 'reported']) {
    await page.locator(`#other-${n}-${prefix}-day`).fill(date.day);
    await page.locator(`#other-${n}-${prefix}-month`).fill(date.month);
    await page.locator(`#other-${n}-${prefix}-year`).fill(date.year);
  }
  await page.locator(`#other-${n}-reported-to`).selectOption(to);
  await page.locator(`#other-${n}-how`).selectOption('phone');
  if (reference) await page.locator(`#other-${n}-their-reference`).fill(reference);
}

test('a victim applies, adding and removing a report made elsewhere', async ({ page }, testInfo) => {
  const axe = testInfo.project.name === 'js-on';
  await page.goto('/case-review');
  await page.getByRole('link', { name: 'Apply for an ASB Case Review online' }).click();
  await expect(page).toHaveURL(atPath('/case-review/apply'));
  await expect(page.locator('#threshold')).toContainText('3 complaints');
  await scan(page, 'case review start', axe);
  await page.getByRole('button', { name: 'Start now' }).click();
  await expect(page).toHaveURL(atPath('/case-review/apply/who'));
  await expect(exitButton(page)).toBeVisible();

  await continueTo(page, '/case-review/apply/who');
  await expect(page.locator('.govuk-error-summary')).toContainText('Select who is applying');
  await scan(page, 'who is applying, with its error', axe);
  await choose(page, 'applicant', 'victim');
  await continueTo(page, '/case-review/apply/contact-details');
  await page.locator('#full_name').fill('Alex Example');
  await page.locator('#email').fill('alex@example.com');
  await choose(page, 'safe_to_email', 'yes');
  await continueTo(page, '/case-review/apply/portal-reports');
  await page.locator('#reference').fill('not a reference');
  await page.getByRole('button', { name: 'Continue', exact: true }).click();
  await expect(page.locator('.govuk-error-summary')).toContainText('like ASB-7KQ4-M2XD');
  await scan(page, 'reports made on this website, with errors', axe);
  await page.locator('#reference').fill('');
  await page.getByRole('button', { name: 'Continue', exact: true }).click();
  await expect(page).toHaveURL(atPath('/case-review/apply/other-reports'));
  await scan(page, 'reports made elsewhere', axe);

  const save = page.getByRole('button', { name: 'Save and add another report' });
  await fillReport(page, 1, { daysAgo: 30, to: 'police', reference: 'POL-1' });
  await save.click();
  await expect(page.locator('#other-report-1')).toContainText('The police');
  // An invalid report: the error names it, and what was typed stays.
  await fillReport(page, 2, { daysAgo: 10, to: 'council', reference: 'CNL-2' });
  await page.locator('#other-2-reported-year').fill('2000');
  await save.click();
  await expect(page.locator('.govuk-error-summary')).toContainText('report 2');
  await expect(page.locator('#other-2-their-reference')).toHaveValue('CNL-2');
  await scan(page, 'reports made elsewhere with errors', axe);
  await fillReport(page, 2, { daysAgo: 10, to: 'council', reference: 'CNL-2' });
  await save.click();
  await expect(page.locator('#other-report-2')).toContainText('The council');
  await page.getByRole('button', { name: 'Remove report 1' }).click();
  await expect(page.locator('#other-report-2')).toHaveCount(0);
  await expect(page.locator('#other-report-1')).toContainText('The council');
  await page.getByRole('button', { name: 'Continue', exact: true }).click();

  await expect(page).toHaveURL(atPath('/case-review/apply/impact'));
  await scan(page, 'impact', axe);
  await page.locator('#description').fill('I cannot sleep and I am afraid to go out.');
  await choose(page, 'hate', 'not_sure');
  await page.locator('#outcome_hoped').fill('That the organisations work together to stop it.');
  await continueTo(page, '/case-review/apply/taking-part');
  await scan(page, 'taking part', axe);
  await choose(page, 'taking_part', 'written');
  await continueTo(page, '/case-review/apply/consent');
  await scan(page, 'consent', axe);
  await choose(page, 'consent', 'yes');
  await continueTo(page, '/case-review/apply/check');
  await expect(page.locator('main')).toContainText('Report 1 made elsewhere');
  await expect(page.locator('main')).not.toContainText('POL-1');
  await scan(page, 'check your answers', axe);
  await page.getByRole('button', { name: 'Accept and send' }).click();
  await expect(page).toHaveURL(atPath('/case-review/apply/confirmation'));
  await expect(page.locator('#reference')).toHaveText(/^CR-/);
  await expect(page.locator('#outcome')).toContainText('A person will still look at it');
  await scan(page, 'confirmation', axe);
});

test('without agreement to share, the application stops kindly', async ({ page }, testInfo) => {
  const axe = testInfo.project.name === 'js-on';
  await page.goto('/case-review/apply');
  await page.getByRole('button', { name: 'Start now' }).click();
  await choose(page, 'applicant', 'on_behalf');
  await continueTo(page, '/case-review/apply/victim');
  await scan(page, 'about the victim', axe);
  await page.locator('#victim_name').fill('Sam Jones');
  await page.locator('#victim_agrees').check();
  await continueTo(page, '/case-review/apply/contact-details');
  await page.locator('#full_name').fill('Alex Example');
  await page.locator('#phone').fill('07700 900 982');
  await choose(page, 'safe_to_voicemail', 'no');
  await continueTo(page, '/case-review/apply/portal-reports');
  await page.getByRole('button', { name: 'Continue', exact: true }).click();
  await expect(page).toHaveURL(atPath('/case-review/apply/other-reports'));
  await page.getByRole('button', { name: 'Continue', exact: true }).click();
  await page.locator('#description').fill('It is affecting my mother badly.');
  await choose(page, 'hate', 'no');
  await page.locator('#outcome_hoped').fill('Help for her.');
  await continueTo(page, '/case-review/apply/taking-part');
  await choose(page, 'taking_part', 'no');
  await continueTo(page, '/case-review/apply/consent');
  await choose(page, 'consent', 'no');
  await continueTo(page, '/case-review/apply/without-consent');
  await expect(page.getByRole('heading', { level: 1 })).toContainText('We cannot hold a review');
  await scan(page, 'without consent', axe);
  await page.getByRole('link', { name: 'Change your answer about sharing' }).click();
  await expect(page).toHaveURL(atPath('/case-review/apply/consent'));
});

test('the statutory figures read as a chart and a table, without JavaScript too', async ({ page }, testInfo) => {
  const axe = testInfo.project.name === 'js-on';
  await page.goto('/case-review');
  await page.getByRole('link', { name: 'ASB Case Review figures' }).click();
  await expect(page).toHaveURL(atPath('/case-review/figures'));
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('ASB Case Review figures');
  await expect(page.locator('svg.app-chart')).toBeVisible();
  const table = page.getByRole('table', { name: 'ASB Case Review figures by reporting year' });
  await expect(table.getByRole('columnheader', { name: 'Threshold not met' })).toBeVisible();
  // The current reporting year is always there, zeros and all.
  await expect(table.getByRole('rowheader').first()).toHaveText(/^\d{4}( to \d{4})?$/);
  const csv = await page.request.get('/case-review/figures.csv');
  expect(csv.headers()['content-type']).toContain('text/csv');
  expect(await csv.text()).toMatch(/^reporting_year,first_day,last_day,applications_received,/);
  await scan(page, 'statutory figures', axe);
});
