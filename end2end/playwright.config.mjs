// End-to-end tests: the journeys in a real browser (Debian's chromium), once
// with JavaScript on and once with it off, plus axe accessibility scans.
// The portal must already be running (or starting): global-setup waits for
// BASE_URL/health. See end2end/README.md.
import { defineConfig } from '@playwright/test';

export default defineConfig({
  testDir: './tests',
  testMatch: '**/*.spec.mjs',
  globalSetup: './global-setup.mjs',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  forbidOnly: !!process.env.CI,
  reporter: 'list',
  timeout: 60_000,
  expect: { timeout: 10_000 },
  outputDir: '../target/end2end-results',
  use: {
    baseURL: process.env.BASE_URL || 'http://127.0.0.1:3000',
    headless: true,
    locale: 'en-GB',
    timezoneId: 'Europe/London',
    trace: 'off',
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
        '--disable-quic',
      ],
    },
  },
  // A test tagged @js-on or @js-off runs only in that project; an untagged
  // test runs in both.
  projects: [
    { name: 'js-on', use: { javaScriptEnabled: true }, grepInvert: /@js-off/ },
    { name: 'js-off', use: { javaScriptEnabled: false }, grepInvert: /@js-on/ },
  ],
});
