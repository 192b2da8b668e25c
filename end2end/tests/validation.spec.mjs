// An invalid answer: the page comes back with the GOV.UK error summary and
// inline message, and everything else the person typed is still there.
import { test, expect } from '@playwright/test';
import { answerCategory, atPath, continueTo, fillLocation, start } from './journey.mjs';

test('an invalid postcode is explained and the other answers are kept', async ({ page }) => {
  await start(page);
  await answerCategory(page, 'noise');

  await fillLocation(page, { address: '1 High Street', postcode: 'NOT A POSTCODE' });
  await continueTo(page, '/report/location');

  await expect(page).toHaveTitle(/^Error: /);
  const summary = page.locator('.govuk-error-summary');
  await expect(summary).toBeVisible();
  await expect(summary).toContainText('There is a problem');
  await expect(summary.locator('a[href="#postcode"]')).toHaveText('Enter a real postcode, like SW1A 1AA');

  const inline = page.locator('#postcode-error');
  await expect(inline).toBeVisible();
  await expect(inline).toContainText('Enter a real postcode, like SW1A 1AA');
  // The input is tied to its message for screen readers.
  await expect(page.locator('#postcode')).toHaveAttribute('aria-describedby', /(^|\s)postcode-error(\s|$)/);

  await expect(page.locator('#address')).toHaveValue('1 High Street');
  await expect(page.locator('#postcode')).toHaveValue('NOT A POSTCODE');

  // Correcting it moves on.
  await page.locator('#postcode').fill('SW1A 1AA');
  await continueTo(page, '/report/how-often');
  await expect(page.locator('.govuk-error-summary')).toHaveCount(0);
  await expect(page).toHaveURL(atPath('/report/how-often'));
});

test('an empty "where" page gives one error for the group, not one on the postcode', async ({ page }) => {
  await start(page);
  await answerCategory(page, 'noise');
  await continueTo(page, '/report/location');
  const summary = page.locator('.govuk-error-summary');
  await expect(summary.locator('li')).toHaveCount(1);
  await expect(summary.locator('a[href="#place"]')).toHaveText(
    'Enter a postcode, an address or a description of the place',
  );
  await expect(page.locator('#place-error')).toBeVisible();
  await expect(page.locator('#postcode-error')).toHaveCount(0);
  await expect(page.getByLabel('Postcode (optional)')).toBeVisible();
});
