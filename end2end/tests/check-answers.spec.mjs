// Check your answers: a Change link goes back to the question and, once
// answered, straight back to the check page with the new answer.
import { test, expect } from '@playwright/test';
import { atPath, continueTo, walkToCheck } from './journey.mjs';

test('the Change link for "Where" changes the postcode and returns to check your answers', async ({ page }) => {
  await walkToCheck(page, { location: { postcode: 'SW1A 1AA', address: '1 High Street' } });
  const main = page.locator('main');
  await expect(main).toContainText('SW1A 1AA');

  // The link's visually hidden text names the row: "Change where…".
  await page.getByRole('link', { name: /^Change where\b/i }).click();
  await expect(page).toHaveURL(atPath('/report/location'));
  await expect(page.locator('#postcode')).toHaveValue('SW1A 1AA');
  await expect(page.locator('#address')).toHaveValue('1 High Street');

  await page.locator('#postcode').fill('M1 1AE');
  await continueTo(page, '/report/check');

  await expect(main).toContainText('M1 1AE');
  await expect(main).not.toContainText('SW1A 1AA');
  await expect(main).toContainText('1 High Street');
});
