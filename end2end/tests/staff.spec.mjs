// The staff area in Chromium, with JavaScript on and off: a triage officer signs in with a
// password, sets up an authenticator app (the code worked out here from the key on the page,
// as an app would), keeps the recovery codes, finds a resident's report in the queue, opens
// the case, accepts it, takes the lead, re-assesses the risk, records a safeguarding referral,
// closes it with the actions taken, reads the audit trail, and signs out.
// With JavaScript on, axe scans every staff page type, error states included. The accounts are made by scripts/test.sh with `asb-portal create-admin`, one per
// project (an app is set up once).
import { createHmac } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test, expect } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { atPath, submit, walkToCheck } from './journey.mjs';

const PASSWORD = process.env.E2E_STAFF_PASSWORD || 'end to end staff password';
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

/** The invitation link in the newest email to `to` in the portal's mail folder
 * (`E2E_MAIL_DIR`, where scripts/test.sh has the outbox write), waiting for the outbox. */
async function invitationLink(to) {
  const dir = process.env.E2E_MAIL_DIR;
  for (let tries = 0; tries < 100; tries += 1) {
    for (const name of readdirSync(dir)) {
      // Quoted-printable: soft line breaks and `=3D` for `=`.
      const mail = readFileSync(join(dir, name), 'utf8').replace(/=\r?\n/g, '').replace(/=3D/g, '=');
      const link = mail.includes(to) && mail.match(/https?:\/\/[^\s]+\/staff\/invitation\/[0-9a-f]+/);
      if (link) return new URL(link[0]).pathname;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`no invitation to ${to} in ${dir}`);
}

/** RFC 6238: the 6-digit code for a base32 key at a time (seconds). */
function totp(base32Key, seconds) {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = '';
  for (const c of base32Key.replace(/[\s=]/g, '').toUpperCase()) {
    bits += alphabet.indexOf(c).toString(2).padStart(5, '0');
  }
  const key = Buffer.from(bits.match(/.{8}/g).map((b) => parseInt(b, 2)));
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(seconds / 30)));
  const hmac = createHmac('sha1', key).update(counter).digest();
  const offset = hmac[hmac.length - 1] & 0xf;
  const value = (hmac.readUInt32BE(offset) & 0x7fffffff) % 1_000_000;
  return value.toString().padStart(6, '0');
}

async function scan(page, javaScript, pageType) {
  if (!javaScript) return;
  await test.step(`axe: ${pageType}`, async () => {
    const results = await new AxeBuilder({ page }).withTags(TAGS).analyze();
    const violations = results.violations.map(
      (violation) =>
        `${violation.id} (${violation.impact}): ${violation.help} -> ` +
        violation.nodes.map((node) => node.target.join(' ')).join(' | '),
    );
    expect.soft(violations, `axe violations on the ${pageType} page (${page.url()})`).toEqual([]);
  });
}

test('a triage officer signs in with a second factor and opens a resident’s report', async ({ page }, testInfo) => {
  const javaScript = testInfo.project.name === 'js-on';
  const email = `officer-${testInfo.project.name}@council.example`;

  // A resident's report, for the officer to find.
  await walkToCheck(page);
  const reference = await submit(page);

  await page.goto(`/staff/reports/${reference}`);
  await expect(page).toHaveURL(atPath('/staff/sign-in'));
  await expect(page.getByRole('heading', { level: 1, name: 'Sign in to the staff area' })).toBeVisible();
  await scan(page, javaScript, 'sign in');

  await page.getByLabel('Email address').fill(email);
  await page.getByLabel('Password').fill('not the password');
  await page.getByRole('button', { name: 'Continue' }).click();
  await expect(page.locator('.govuk-error-summary')).toContainText('The email address or password is not right');
  await scan(page, javaScript, 'sign in with an error');

  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Continue' }).click();
  await expect(page).toHaveURL(atPath('/staff/sign-in/set-up-code'));
  await expect(page.getByRole('img', { name: /QR code/ })).toBeVisible();
  await scan(page, javaScript, 'set up an authenticator app');

  await page.getByLabel('Code from the app').fill('000000');
  await page.getByRole('button', { name: 'Continue' }).click();
  await expect(page.locator('.govuk-error-summary')).toContainText('The code is not right');
  await scan(page, javaScript, 'set up with an error');

  const key = (await page.locator('.app-secret-key code').textContent()).trim();
  await page.getByLabel('Code from the app').fill(totp(key, Date.now() / 1000));
  await page.getByRole('button', { name: 'Continue' }).click();
  await expect(page.getByRole('heading', { name: 'Save your recovery codes' })).toBeVisible();
  await expect(page.locator('.app-recovery-codes li')).toHaveCount(10);
  const recoveryCode = (await page.locator('.app-recovery-codes li').first().textContent()).trim();
  await scan(page, javaScript, 'recovery codes');

  // Back to the case the link was for.
  await page.getByRole('button', { name: 'I have saved my codes, continue' }).click();
  await expect(page).toHaveURL(atPath(`/staff/reports/${reference}`));
  await expect(page.getByRole('heading', { level: 1, name: `Case ${reference}` })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Consent' })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Needs assessment (self-assessed)' })).toBeVisible();
  await scan(page, javaScript, 'case');

  // Work the case: accept it, take the lead, close it with the actions taken.
  const officer = `Officer (${testInfo.project.name})`;
  await page.getByRole('button', { name: 'Accept case' }).click();
  await expect(page.locator('.govuk-summary-list .govuk-tag')).toHaveText('Open');
  await page.getByLabel('Lead officer (single point of contact)').selectOption({ label: officer });
  await page.getByRole('button', { name: 'Assign', exact: true }).click();
  await expect(page.locator('.app-timeline')).toContainText(`Made ${officer} the lead officer`);

  // Re-assess the risk with the resident: the officer's band replaces the self-assessment.
  await page.getByRole('button', { name: 'Assess the risk' }).click();
  await expect(page).toHaveURL(atPath(`/staff/reports/${reference}/assess`));
  await scan(page, javaScript, 'assess the risk');
  await page.getByRole('button', { name: 'Record assessment' }).click();
  await expect(page.locator('.govuk-error-summary')).toContainText('Select which assessment this is');
  await scan(page, javaScript, 'assess the risk with errors');
  await page.getByLabel('Initial assessment').check();
  const questions = page.locator('fieldset:has(.govuk-radios)');
  for (let i = 0; i < (await questions.count()); i += 1) {
    const answers = questions.nth(i).locator('input[type=radio]');
    if (!(await answers.first().isChecked()) && (await answers.first().getAttribute('name')) !== 'stage') {
      await answers.first().check();
    }
  }
  await page.getByRole('button', { name: 'Record assessment' }).click();
  await expect(page).toHaveURL(atPath(`/staff/reports/${reference}`));
  await expect(page.locator('.app-timeline')).toContainText('Recorded the initial risk assessment');
  await expect(page.locator('#risk + .govuk-summary-list')).toContainText(`from ${officer}'s initial assessment`);

  // Refer, link and safeguarding ask on pages of their own: each says what is missing.
  for (const [button, submitLabel, error, pageType] of [
    ['Refer to a partner', 'Refer case', 'Select who to refer this case to', 'refer a case'],
    ['Link a report', 'Link reports', 'Enter the reference of the report to link', 'link a report'],
    ['Record a safeguarding referral', 'Record referral', 'Select who the referral was made to', 'record a safeguarding referral'],
  ]) {
    await page.getByRole('button', { name: button }).click();
    await scan(page, javaScript, pageType);
    await page.getByRole('button', { name: submitLabel }).click();
    await expect(page.locator('.govuk-error-summary')).toContainText(error);
    await scan(page, javaScript, `${pageType} with errors`);
    await page.goto(`/staff/reports/${reference}`);
  }
  await page.getByRole('button', { name: 'Record a safeguarding referral' }).click();
  await page.getByLabel('Adult safeguarding').check();
  await page.getByLabel('Agency').fill('Adult Social Care');
  const today = new Date();
  await page.getByLabel('Day').fill(String(today.getDate()));
  await page.getByLabel('Month').fill(String(today.getMonth() + 1));
  await page.getByLabel('Year').fill(String(today.getFullYear()));
  await page.getByRole('button', { name: 'Record referral' }).click();
  await expect(page).toHaveURL(atPath(`/staff/reports/${reference}`));
  await expect(page.getByText('Adult safeguarding: Adult Social Care')).toBeVisible();

  await page.getByRole('button', { name: 'Close case' }).click();
  await expect(page).toHaveURL(atPath(`/staff/reports/${reference}/close`));
  await scan(page, javaScript, 'close a case');
  await page.getByRole('button', { name: 'Close case' }).click();
  await expect(page.locator('.govuk-error-summary')).toContainText('Select why the case is being closed');
  await scan(page, javaScript, 'close a case with an error');
  await page.getByLabel('Resolved').check();
  await page.getByLabel('Warning letter').check();
  await page.getByLabel('Mediation held').check();
  await page.getByRole('button', { name: 'Close case' }).click();
  await expect(page).toHaveURL(atPath(`/staff/reports/${reference}`));
  await expect(page.locator('.govuk-summary-list .govuk-tag')).toHaveText('Closed');
  await expect(page.getByText('Warning letter, Mediation held')).toBeVisible();

  // The dashboard: a chart, and the same figures in a table.
  await page.getByRole('link', { name: 'Dashboard' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Dashboard' })).toBeVisible();
  await expect(page.locator('svg.app-chart')).toBeVisible();
  await expect(page.getByRole('table', { name: /Reports a week by category/ })).toBeVisible();
  await scan(page, javaScript, 'dashboard');

  // The administrators' pages, for axe.
  await page.getByRole('link', { name: 'Staff accounts' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Staff accounts' })).toBeVisible();
  await scan(page, javaScript, 'staff accounts');
  await page.getByRole('button', { name: 'Invite someone' }).click();
  await page.getByRole('button', { name: 'Send invitation' }).click();
  await expect(page.locator('.govuk-error-summary')).toContainText('Enter their full name');
  await scan(page, javaScript, 'invite with errors');
  const invitee = `housing-${testInfo.project.name}@housing.example`;
  await page.getByLabel('Full name').fill(`Hana (${testInfo.project.name})`);
  await page.getByLabel('Email address').fill(invitee);
  await page.getByLabel('Mediation service').check();
  await page.getByRole('button', { name: 'Send invitation' }).click();
  await page.getByRole('link', { name: `Hana (${testInfo.project.name})` }).click();
  await expect(page.getByRole('heading', { level: 1, name: `Hana (${testInfo.project.name})` })).toBeVisible();
  await scan(page, javaScript, 'a staff account');
  // The invitation's link, opened where nobody is signed in.
  const link = await invitationLink(invitee);
  const strangers = await page.context().browser().newContext({ javaScriptEnabled: javaScript });
  const stranger = await strangers.newPage();
  await stranger.goto(new URL(link, page.url()).toString());
  await expect(stranger.getByRole('heading', { level: 1, name: 'Set your password' })).toBeVisible();
  await scan(stranger, javaScript, 'set your password');
  await stranger.getByRole('button', { name: 'Set password' }).click();
  await expect(stranger.locator('.govuk-error-summary')).toBeVisible();
  await scan(stranger, javaScript, 'set your password with an error');
  await strangers.close();
  await page.goto('/staff/admin/outbox');
  await expect(page.getByRole('heading', { level: 1, name: 'Emails not yet delivered' })).toBeVisible();
  await scan(page, javaScript, 'emails not yet delivered');
  await page.getByRole('link', { name: 'Keeping personal data' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Keeping personal data' })).toBeVisible();
  await scan(page, javaScript, 'keeping personal data');
  await page.getByRole('link', { name: 'Audit trail' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Audit trail' })).toBeVisible();
  await expect(page.locator('tbody')).toContainText('Recorded a risk assessment');
  await scan(page, javaScript, 'audit trail');
  await page.goto('/staff/audit?action=deleted');
  await expect(page.locator('.govuk-error-summary')).toContainText('Select an action from the list');
  await scan(page, javaScript, 'audit trail with an error');

  await page.goto(`/staff/reports/${reference}`);
  await page.getByRole('link', { name: 'Back', exact: true }).click();
  await expect(page).toHaveURL(atPath('/staff'));
  await expect(page.getByRole('link', { name: reference })).toBeVisible();
  await scan(page, javaScript, 'queue');

  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(atPath('/staff/sign-in'));
  await expect(page.locator('.govuk-notification-banner')).toContainText('You have signed out');

  // Again, with a recovery code in place of the app.
  await page.getByLabel('Email address').fill(email);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Continue' }).click();
  await expect(page).toHaveURL(atPath('/staff/sign-in/code'));
  await scan(page, javaScript, 'enter a code');
  await page.getByLabel('Code').fill(recoveryCode);
  await page.getByRole('button', { name: 'Continue' }).click();
  await expect(page).toHaveURL(atPath('/staff'));
  await expect(page.getByText('Signed in as')).toBeVisible();
});
