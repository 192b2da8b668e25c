// Helpers that walk Journey 1 (report ASB) the way a resident does: fill the
// fields, choose radios by value (so option order does not matter), press
// Continue, and check that the portal moved on to the page we expect.
import { expect } from '@playwright/test';

// The neutral site that "Exit this page" sends people to ([site] exit_url).
export const EXIT_URL = process.env.EXIT_URL || 'https://www.bbc.co.uk/weather';

// Reference numbers: ASB-XXXX-XXXX from an alphabet without 0, 1, I, L, O.
export const REFERENCE = /^ASB-[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}$/;

/** A URL matcher for one path on the portal, ignoring any query string. */
export function atPath(path) {
  const escaped = path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`^https?://[^/]+${escaped}(?:\\?[^#]*)?(?:#.*)?$`);
}

/** A date `daysAgo` days before today, as the three date-input parts. */
export function pastDate(daysAgo = 7) {
  const date = new Date();
  date.setDate(date.getDate() - daysAgo);
  return { day: String(date.getDate()), month: String(date.getMonth() + 1), year: String(date.getFullYear()) };
}

/** The "Exit this page" button every public page carries. */
export function exitButton(page) {
  return page.locator('.govuk-exit-this-page__button').filter({ hasText: 'Exit this page' });
}

/** Chooses the radio with this value in the group `name`. */
export async function choose(page, name, value) {
  await page.locator(`input[type="radio"][name="${name}"][value="${value}"]`).check();
}

/** Presses the page's Continue button and expects to land on `nextPath`. */
export async function continueTo(page, nextPath) {
  await page.getByRole('button', { name: 'Continue', exact: true }).click();
  if (nextPath) await expect(page).toHaveURL(atPath(nextPath));
}

/**
 * Answers every radio group on the page: `answers[name]` where given,
 * otherwise `fallback` ("no" where offered, else "prefer_not_to_say").
 * Used for the assessment and consent pages, whose questions come from config.
 */
export async function answerEveryRadioGroup(page, answers = {}, fallback = ['no', 'prefer_not_to_say']) {
  const radios = page.locator('input[type="radio"]');
  const groups = new Map();
  for (const radio of await radios.all()) {
    const name = await radio.getAttribute('name');
    const value = await radio.getAttribute('value');
    if (!groups.has(name)) groups.set(name, []);
    groups.get(name).push(value);
  }
  expect(groups.size, 'the page should ask at least one question').toBeGreaterThan(0);
  for (const [name, values] of groups) {
    const wanted = answers[name] ?? fallback.find((value) => values.includes(value)) ?? values[0];
    expect(values, `question "${name}" should offer "${wanted}"`).toContain(wanted);
    await choose(page, name, wanted);
  }
  return [...groups.keys()];
}

/** Start page → "Start now" → the category question, with a fresh draft. */
export async function start(page) {
  await page.goto('/report');
  await expect(page.getByRole('heading', { level: 1, name: 'Report anti-social behaviour' })).toBeVisible();
  await page.getByRole('button', { name: 'Start now' }).click();
  await expect(page).toHaveURL(atPath('/report/category'));
}

/** The category, then "Who are you reporting for?": themselves, unless `forSomeoneElse`. */
export async function answerCategory(page, category = 'noise', { forSomeoneElse = false } = {}) {
  await choose(page, 'category', category);
  await continueTo(page, '/report/reporting-for');
  await choose(page, 'reporting_for', forSomeoneElse ? 'someone_else' : 'myself');
  await continueTo(page, forSomeoneElse ? '/report/person-affected' : '/report/location');
}

/**
 * For a report made for someone else: their name, how the reporter knows them, and whether
 * they know and agree (an `Agreement` value); then the location page.
 */
export async function answerSomeoneElse(page, {
  name = 'Dorothy Fairweather',
  role = 'neighbour',
  agreement = 'knows_and_agrees',
} = {}) {
  await page.locator('#their_name').fill(name);
  await choose(page, 'reporter_role', role);
  await continueTo(page, '/report/agreement');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(
    `Does ${name} know about this report, and agree to it?`,
  );
  await choose(page, 'agreement', agreement);
  await continueTo(page, '/report/location');
}

export async function fillLocation(page, { postcode = 'SW1A 1AA', address = '1 High Street', place, area } = {}) {
  if (postcode !== undefined) await page.locator('#postcode').fill(postcode);
  if (address !== undefined) await page.locator('#address').fill(address);
  if (place !== undefined) await page.locator('#place_description').fill(place);
  if (area !== undefined) await page.locator('#area').selectOption(area);
}

export async function answerLocation(page, location = {}) {
  await fillLocation(page, location);
  await continueTo(page, '/report/how-often');
}

/** "How often does it happen?", then "When did it (last) happen?". */
export async function answerWhen(page, { date = pastDate(7), ongoing = 'yes', frequency = 'weekly' } = {}) {
  await choose(page, 'frequency', frequency);
  await continueTo(page, '/report/when');
  await page.locator('#incident-date-day').fill(date.day);
  await page.locator('#incident-date-month').fill(date.month);
  await page.locator('#incident-date-year').fill(date.year);
  if (frequency === 'once') {
    // Something that happened once is not asked whether it is still going on.
    await expect(page.locator('input[name="ongoing"]')).toHaveCount(0);
  } else {
    await choose(page, 'ongoing', ongoing);
  }
  await continueTo(page, '/report/details');
}

export async function answerDetails(page, {
  description = 'Loud music from the flat next door until 3am, most nights.',
  people,
  relationship = 'neighbour',
} = {}) {
  await page.locator('#description').fill(description);
  if (people !== undefined) await page.locator('#people_involved').fill(people);
  await continueTo(page, '/report/relationship');
  await answerRelationship(page, relationship);
}

/** Who is causing the problem: a neighbour, unless told otherwise. */
export async function answerRelationship(page, relationship = 'neighbour') {
  await choose(page, 'relationship', relationship);
  await continueTo(page, '/report/contact');
}

/**
 * "Can we contact you about your report?" and, after "Yes, you can contact me", the contact
 * details page; `anonymous: 'yes'` stays anonymous and goes straight on.
 */
export async function answerAboutYou(page, {
  anonymous = 'no',
  fullName = 'Alex Example',
  email = 'alex@example.com',
  phone,
  safeToEmail = 'yes',
  safeToVoicemail = 'no',
  contactTimes,
  next = '/report/impact',
} = {}) {
  if (anonymous === 'yes') {
    await page.getByLabel('No, I want to stay anonymous').check();
    await continueTo(page, next);
    return;
  }
  await page.getByLabel('Yes, you can contact me').check();
  await continueTo(page, '/report/contact-details');
  await page.locator('#full_name').fill(fullName);
  if (email !== undefined) await page.locator('#email').fill(email);
  if (phone !== undefined) await page.locator('#phone').fill(phone);
  await choose(page, 'safe_to_email', safeToEmail);
  await choose(page, 'safe_to_voicemail', safeToVoicemail);
  if (contactTimes !== undefined) await page.locator('#contact_times').fill(contactTimes);
  await continueTo(page, next);
}

/** Your earlier reports: how many times in the last six months, and who to. */
export async function answerEarlierReports(page, { times = 'twice', reportedTo = ['council'] } = {}) {
  await choose(page, 'times', times);
  for (const to of reportedTo) {
    await page.locator(`input[type="checkbox"][name="reported_to"][value="${to}"]`).check();
  }
  await continueTo(page, '/report/assessment/history');
}

/** The gate: yes to either question leads to the needs assessment (earlier reports first). */
export async function answerImpact(page, { affecting = 'no', reportedBefore = 'no' } = {}, nextPath) {
  await choose(page, 'affecting', affecting);
  await choose(page, 'reported_before', reportedBefore);
  const assessed = affecting === 'yes' || reportedBefore === 'yes';
  const next = reportedBefore === 'yes'
    ? '/report/earlier-reports'
    : assessed ? '/report/assessment/history' : '/report/consent';
  await continueTo(page, nextPath ?? next);
}

/** The assessment pages in order, each answered from `answers` (else "no" / prefer not). */
export const ASSESSMENT_PAGES = ['history', 'safety', 'health', 'feelings', 'support'];

export async function answerAssessment(page, answers = {}, onPage = async () => {}) {
  for (const [i, group] of ASSESSMENT_PAGES.entries()) {
    await expect(page).toHaveURL(atPath(`/report/assessment/${group}`));
    await onPage(group);
    await answerEveryRadioGroup(page, answers);
    const next = ASSESSMENT_PAGES[i + 1];
    await continueTo(page, next ? `/report/assessment/${next}` : '/report/consent');
  }
}

/** Consent: every item shown is answered `answer` (default yes). */
export async function answerConsent(page, answer = 'yes') {
  const items = await answerEveryRadioGroup(page, {}, [answer]);
  await continueTo(page, '/report/check');
  return items;
}

/**
 * A straightforward noise report (no assessment), from the start page to
 * check your answers.
 */
export async function walkToCheck(page, { location } = {}) {
  await start(page);
  await answerCategory(page, 'noise');
  await answerLocation(page, location);
  await answerWhen(page);
  await answerDetails(page);
  await answerAboutYou(page);
  await answerImpact(page, { affecting: 'no', reportedBefore: 'no' });
  await answerConsent(page);
}

/** Check your answers → "Accept and send" → confirmation; returns the reference. */
export async function submit(page) {
  await page.getByRole('button', { name: 'Accept and send' }).click();
  await expect(page).toHaveURL(atPath('/report/confirmation'));
  await expect(page.locator('.govuk-panel')).toContainText('Report sent');
  const reference = page.locator('#reference');
  await expect(reference).toHaveText(REFERENCE);
  return (await reference.textContent()).trim();
}

/** Answers a route on the exit host with a tiny page (there is no internet here). */
export async function fakeExitSite(context) {
  const exit = new URL(EXIT_URL);
  await context.route(`${exit.origin}/**`, (route) =>
    route.fulfill({
      status: 200,
      contentType: 'text/html; charset=utf-8',
      body: '<!doctype html><html lang="en"><title>Weather</title><h1>Weather forecast</h1></html>',
    }),
  );
  return exit;
}
