// Journey 1 end to end, each journey twice: with JavaScript off (plain form posts) and on
// (GOV.UK Frontend's own JavaScript on the same server-rendered pages). A straightforward report, and a high-risk one (needs assessment, urgent
// help, profile).
import { test, expect } from '@playwright/test';
import {
  REFERENCE,
  answerAboutYou,
  answerAssessment,
  answerCategory,
  answerConsent,
  answerDetails,
  answerEveryRadioGroup,
  answerImpact,
  answerLocation,
  answerSomeoneElse,
  answerWhen,
  atPath,
  choose,
  continueTo,
  start,
  submit,
} from './journey.mjs';

test('a straightforward noise report reaches confirmation and skips the assessment', async ({ page }, testInfo) => {
  const javaScript = testInfo.project.name === 'js-on';
  const visited = [];
  page.on('framenavigated', (frame) => {
    if (frame === page.mainFrame()) visited.push(new URL(frame.url()).pathname);
  });

  await start(page);
  await answerCategory(page, 'noise');
  await answerLocation(page, { postcode: 'SW1A 1AA', address: '1 High Street' });
  await answerWhen(page, { ongoing: 'yes', frequency: 'weekly' });

  if (!javaScript) {
    // Without JavaScript the character count is a static hint.
    await expect(page.locator('#description-info')).toHaveText('You can enter up to 5,000 characters');
  }
  await answerDetails(page);
  await answerAboutYou(page, { anonymous: 'no', email: 'alex@example.com' });
  // Neither gate answer is yes, so the portal goes straight to consent.
  await answerImpact(page, { affecting: 'no', reportedBefore: 'no' }, '/report/consent');
  await answerConsent(page);

  await expect(page.getByRole('heading', { level: 1 })).toHaveText(/check your answers/i);
  const answers = page.locator('.govuk-summary-list');
  await expect(answers.first()).toBeVisible();
  await expect(page.locator('main')).toContainText('SW1A 1AA');
  await expect(page.locator('main')).toContainText('alex@example.com');

  const reference = await submit(page);
  expect(reference).toMatch(REFERENCE);
  await expect(page.getByRole('heading', { name: 'What happens next' })).toBeVisible();

  // No assessment: it was never asked, and no profile or urgent help is shown.
  expect(visited.filter((path) => path.startsWith('/report/assessment'))).toEqual([]);
  await expect(page.locator('#profile-details')).toHaveCount(0);
  await expect(page.locator('.app-urgent-help')).toHaveCount(0);
});

test('a high-risk report shows urgent help at once and a profile on confirmation', async ({ page }, testInfo) => {
  const javaScript = testInfo.project.name === 'js-on';
  await start(page);
  await answerCategory(page, 'harassment');
  await answerLocation(page, { postcode: 'M1 1AE', address: '22 Station Road' });
  await answerWhen(page, { ongoing: 'yes', frequency: 'daily' });

  if (javaScript) {
    // GOV.UK Frontend's character count: typing updates the count it shows.
    const description = page.locator('#description');
    const info = page
      .locator('.govuk-character-count', { has: description })
      .locator('.govuk-character-count__status');
    await expect(async () => {
      await description.fill('');
      await description.pressSequentially('Hello');
      await expect(info).toHaveText('You have 4,995 characters remaining', { timeout: 1_000 });
    }).toPass({ timeout: 20_000 });
  }
  await answerDetails(page, {
    description: 'A man from the next street shouts threats at me and follows me home.',
    people: 'A man in his forties, usually with a dog.',
  });

  await answerAboutYou(page, { anonymous: 'no', email: 'sam@example.com', phone: '07700 900 982' });
  await answerImpact(page, { affecting: 'yes', reportedBefore: 'no' }, '/report/assessment/history');

  // How often it happens was answered before, so it is not asked again, nor is whether it
  // happened before; the pages ask four questions at most, self-harm on its own.
  await answerAssessment(
    page,
    { duration: 'over_6_months', escalating: 'yes', violence: 'yes', unsafe_home: 'yes', self_harm: 'yes', isolated: 'no', services: 'no' },
    async (group) => {
      await expect(page.locator('input[name="frequency"]')).toHaveCount(0);
      await expect(page.locator('input[name="repeat"]')).toHaveCount(0);
      const questions = await page.locator('fieldset').count();
      expect(questions, `${group} asks at most four questions`).toBeLessThanOrEqual(4);
      if (group === 'feelings') {
        expect(questions).toBe(1);
        await expect(page.locator('.app-urgent-help')).toHaveCount(0);
      }
      if (group === 'support') {
        // A critical answer shows urgent help straight away, before the report is sent.
        const urgentNow = page.locator('.app-urgent-help');
        await expect(urgentNow).toBeVisible();
        await expect(urgentNow).toContainText('999');
        await expect(urgentNow).toContainText('116 123');
      }
    },
  );
  const items = await answerConsent(page);
  // Band high and not anonymous: support consent is asked for.
  expect(items).toEqual(expect.arrayContaining(['consent_share', 'consent_support']));
  // Contact was asked on its own page; mediation is never offered to someone facing violence.
  expect(items).not.toContain('consent_contact');
  expect(items).not.toContain('consent_mediation');

  await expect(page).toHaveURL(atPath('/report/check'));
  await submit(page);

  const urgent = page.locator('.app-urgent-help');
  // Urgent: the deadline is one working day, and the panel is described in plain words.
  await expect(page.locator('#next-steps')).toContainText('A group of local services that helps people at risk');
  await expect(page.locator('main')).not.toContainText('MARAC');
  await expect(urgent).toBeVisible();
  await expect(urgent).toContainText('999');
  await expect(urgent).toContainText('116 123');
  // What they told us about their health sits behind a closed details component.
  const told = page.locator('#profile-details');
  await expect(told).toBeVisible();
  await expect(page.locator('#profile')).toBeHidden();
  await told.locator('summary').click();
  await expect(page.locator('#profile')).toBeVisible();
  await expect(page.getByRole('heading', { name: 'What happens next' })).toBeVisible();
  await expect(page.locator('#next-steps')).toContainText('Victim Support will contact you by');
});

test('the contact details page is shown only after "Yes, you can contact me"', async ({ page }) => {
  await start(page);
  await answerCategory(page, 'noise');
  await answerLocation(page, { postcode: 'SW1A 1AA' });
  await answerWhen(page, { frequency: 'once' });
  await answerDetails(page);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Can we contact you about your report?');
  await expect(page.locator('#full_name')).toHaveCount(0);
  // Staying anonymous goes straight on, past the contact details page.
  await answerAboutYou(page, { anonymous: 'yes' });
  await page.goto('/report/contact-details');
  await expect(page).not.toHaveURL(atPath('/report/contact-details'));
  // Changing to yes asks for the details next.
  await page.goto('/report/contact');
  await answerAboutYou(page, { anonymous: 'no', email: 'alex@example.com' });
  await answerImpact(page, { affecting: 'no', reportedBefore: 'no' }, '/report/consent');
  await answerConsent(page);
  await expect(page.locator('main')).toContainText('alex@example.com');
  await expect(page.locator('main')).toContainText('Happened');
  await submit(page);
  await expect(page.locator('#next-steps')).toContainText('contact you by');
});

test('the accessibility statement and the cookies page are linked from every page', async ({ page }) => {
  await page.goto('/report');
  await page.locator('footer').getByRole('link', { name: 'Accessibility statement' }).click();
  await expect(page).toHaveURL(atPath('/accessibility'));
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Accessibility statement');
  for (const heading of [
    'How accessible this service is',
    'Feedback and contact information',
    'Reporting accessibility problems with this service',
    'Enforcement procedure',
    'Preparation of this accessibility statement',
  ]) {
    await expect(page.getByRole('heading', { name: heading })).toBeVisible();
  }
  await expect(page.locator('#compliance-status')).toContainText('partially compliant');
  await page.locator('footer').getByRole('link', { name: 'Cookies' }).click();
  await expect(page).toHaveURL(atPath('/cookies'));
  await expect(page.locator('#cookies-table')).toContainText('asb_draft');
  await expect(page.locator('#cookies-table')).toContainText('Remembers which report is yours');
  // The phase banner asks for feedback on every page.
  await expect(page.locator('.govuk-phase-banner')).toContainText('give your feedback');
});

test('a report about an ex-partner reaches confirmation with domestic abuse help, and no mediation', async ({ page }) => {
  await start(page);
  await answerCategory(page, 'noise');
  await answerLocation(page, { postcode: 'SW1A 1AA', address: '1 High Street' });
  await answerWhen(page, { ongoing: 'yes', frequency: 'weekly' });
  await answerDetails(page, { relationship: 'partner_or_ex_partner' });
  await answerAboutYou(page, { anonymous: 'no', email: 'alex@example.com' });
  await answerImpact(page, { affecting: 'no', reportedBefore: 'no' }, '/report/consent');
  // Mediation is not offered; the domestic abuse service is named among the partners.
  await expect(page.locator('input[name="consent_mediation"]')).toHaveCount(0);
  await expect(page.locator('#partners')).toContainText('The domestic abuse service');
  await answerConsent(page);
  await expect(page.locator('main')).toContainText('My partner or ex-partner');
  await submit(page);
  await expect(page.getByRole('heading', { name: 'National Domestic Abuse Helpline' })).toBeVisible();
  await expect(page.locator('a[href="tel:08082000247"]').first()).toBeVisible();
  await expect(page.locator('main')).not.toContainText('Community mediation');
});

test('a report made for a neighbour who agrees asks about them and reaches confirmation', async ({ page }) => {
  await start(page);
  await answerCategory(page, 'noise', { forSomeoneElse: true });
  await answerSomeoneElse(page, { name: 'Dorothy Fairweather', role: 'neighbour', agreement: 'knows_and_agrees' });
  await answerLocation(page, { postcode: 'SW1A 1AA', address: '2 High Street' });
  await answerWhen(page, { ongoing: 'yes', frequency: 'daily' });
  await answerDetails(page);
  await answerAboutYou(page, { anonymous: 'no', email: 'alex@example.com', next: '/report/contact-them' });
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Can we contact Dorothy Fairweather directly?');
  await choose(page, 'contact_them', 'yes');
  await continueTo(page, '/report/their-contact-details');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('How can we contact Dorothy Fairweather?');
  await page.locator('#phone').fill('07700 900123');
  await choose(page, 'safe_to_voicemail', 'no');
  await continueTo(page, '/report/impact');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('How it is affecting Dorothy Fairweather');
  await answerImpact(page, { affecting: 'yes', reportedBefore: 'no' });
  await answerAssessment(page, {}, async (group) => {
    if (group === 'safety') {
      await expect(page.getByRole('heading', { level: 1 })).toHaveText('Their safety');
      await expect(page.locator('main')).toContainText('Do they feel unsafe in their own home?');
    }
  });
  await expect(page.locator('main')).toContainText('Does Dorothy Fairweather agree to us sharing this report');
  await answerConsent(page);
  await expect(page.locator('main')).toContainText('Reporting for');
  await expect(page.locator('main')).toContainText('07700 900123');
  await submit(page);
  await expect(page.getByRole('heading', { name: 'What happens next' })).toBeVisible();
});

test('a report made for someone who does not know goes to our team only', async ({ page }) => {
  await start(page);
  await answerCategory(page, 'noise', { forSomeoneElse: true });
  await answerSomeoneElse(page, { name: 'Dorothy Fairweather', role: 'carer', agreement: 'does_not_know' });
  await answerLocation(page, { postcode: 'SW1A 1AA', address: '2 High Street' });
  await answerWhen(page, { ongoing: 'yes', frequency: 'weekly' });
  await answerDetails(page);
  // Nobody is asked whether they may contact Dorothy, and nothing is consented for her.
  await answerAboutYou(page, { anonymous: 'no', email: 'alex@example.com' });
  await answerImpact(page, { affecting: 'no', reportedBefore: 'no' }, '/report/check');
  await submit(page);
  await expect(page.locator('main')).toContainText(
    'As Dorothy Fairweather does not know about your report or has not agreed to it, it goes only to our anti-social behaviour team.',
  );
});
