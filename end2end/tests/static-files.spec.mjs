// Static files: the page links its stylesheet and script by a fingerprint of their contents,
// and the server lets browsers keep a fingerprinted file for a year; the module's own import
// is fingerprinted too. An address without a fingerprint is revalidated every time.
import { test, expect } from '@playwright/test';

test('the stylesheet and scripts are fingerprinted and kept for a year', async ({ page, request }) => {
  await page.goto('/report');
  const stylesheet = await page.locator('link[rel=stylesheet]').getAttribute('href');
  const script = await page.locator('script[type=module]').getAttribute('src');
  for (const href of [stylesheet, script]) {
    expect(href).toMatch(/^\/pkg\/[^?]+\?v=[0-9a-f]{12}$/);
    const response = await request.get(href);
    expect(response.status()).toBe(200);
    expect(response.headers()['cache-control']).toBe('public, max-age=31536000, immutable');
  }
  const module = await (await request.get(script)).text();
  expect(module).toMatch(/\/pkg\/govuk-frontend\.min\.js\?v=[0-9a-f]{12}/);
  const plain = await request.get(stylesheet.split('?')[0]);
  expect(plain.headers()['cache-control']).toBe('no-cache');
});
