// The shopper's side of the panel (issue 20) on a phone, in Debian's Chromium against the
// real server and its demo panel: the board nearest first, a lockout explained, the
// certification passed, a job claimed and done offline, its pay payable once approved, and
// the profile's languages and demographics given for staff to see.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  CONSULTANT,
  apiClient,
  apiGet,
  cameraPhoto,
  launch,
  phone,
  screenshot,
  serverAuditsOf,
  signIn,
  tap,
  waitAllSent,
  waitForAssignments,
  walkJourney,
} from './helpers.mjs';

let browser;

before(async () => {
  browser = await launch();
});

after(async () => {
  await browser?.close();
});

/** The quiz's right answers, by question. */
const RIGHT_ANSWERS = {
  'Do you tell the staff you are a mystery shopper?': 'No',
  'When do you start timing the queue?': 'When I join the queue',
  'Do you keep the receipt for your reimbursement?': 'Yes',
  'When do you fill in the report?': 'The same day, right after the visit',
};

test('a shopper finds the nearest job, is told why a locked-out one is not theirs, passes the certification, claims a job, does it offline, sees it payable once approved and gives staff their languages and demographics', async () => {
  const context = await phone(browser, { permissions: ['geolocation'] });
  const page = await context.newPage();
  await signIn(page, 'shopper-01-login');
  await tap(page.getByRole('link', { name: 'Job board' }), 'shopper-02-assignments');

  // Nearest first from the home area, in the order and at the distances the server gives.
  const cards = page.getByTestId('open-jobs').getByTestId('job');
  await cards.first().waitFor();
  const board = await apiGet(context, '/api/v1/jobs?limit=20');
  const shown = await cards.evaluateAll((nodes) => nodes.map((n) => n.dataset.job));
  assert.deepEqual(shown, board.items.map((j) => j.id), 'the page lists the server\'s page in its order');
  const distances = board.items.map((j) => j.distance_m);
  assert.deepEqual(distances, [...distances].sort((a, b) => a - b), 'nearest first');
  assert.equal(board.items[0].location_name, 'South Bank');
  assert.match(await cards.first().innerText(), /South Bank[\s\S]*\d+\sm away[\s\S]*Fee £25\.00 · receipt up to £8\.00/);
  assert.ok(board.next_cursor, 'more than a page of jobs');
  await screenshot(page, 'shopper-03-board');
  await tap(page.getByRole('button', { name: 'More' }));
  await page.waitForFunction((n) => document.querySelectorAll('[data-testid=open-jobs] [data-testid=job]').length > n, shown.length);

  // The spot check of a shop visited lately: why it cannot be claimed.
  const locked = cards.filter({ hasText: 'Covent Garden' }).first();
  const lockout = locked.getByTestId('blocked');
  assert.equal(await lockout.getAttribute('data-rule'), 'lockout');
  assert.match(await lockout.innerText(), /^You have a visit to this location within 180 days of this job\.$/);
  assert.equal(await locked.getByRole('button', { name: /Claim|Apply/ }).count(), 0);
  await locked.scrollIntoViewIfNeeded();
  await screenshot(page, 'shopper-04-lockout');

  // From the current position instead: the nearest to Canary Wharf comes first.
  await context.setGeolocation({ latitude: 51.5049, longitude: -0.0195, accuracy: 20 });
  await tap(page.getByRole('button', { name: 'Use my position' }));
  await page.getByTestId('measured-from').getByText('where you are now').waitFor();
  await cards.first().locator('.card-title', { hasText: 'Canary Wharf' }).waitFor();
  // A fresh board measures from the home area again.
  await page.goto('/jobs');
  await cards.first().locator('.card-title', { hasText: 'South Bank' }).waitFor();

  // The nearest job needs the checklist's certification: the quiz, passed.
  const nearest = cards.first();
  const jobId = await nearest.getAttribute('data-job');
  assert.equal(await nearest.getByTestId('blocked').getAttribute('data-rule'), 'certification');
  await tap(nearest.getByRole('link', { name: 'Take the certification quiz' }), 'shopper-05-needs-certification');
  await page.getByRole('heading', { name: 'Halcyon shopper certification' }).waitFor();
  assert.match(await page.locator('main').innerText(), /Pass mark 75\s%/);
  for (const [question, right] of Object.entries(RIGHT_ANSWERS)) {
    const item = page.locator('.item').filter({ has: page.getByRole('heading', { name: question }) });
    await tap(item.getByRole('button', { name: right, exact: true }));
  }
  assert.equal(await page.getByRole('button', { name: /photo/i }).count(), 0, 'a quiz takes no photos');
  await screenshot(page, 'shopper-06-quiz');
  await tap(page.getByRole('button', { name: 'Submit answers' }));
  const result = page.getByTestId('quiz-result');
  await result.waitFor();
  assert.match(await result.innerText(), /^Passed: you scored 100\s%/);
  await screenshot(page, 'shopper-07-passed');

  // Claimed: the job is the shopper's, with its assignment.
  await tap(page.getByRole('link', { name: 'Back to the job board' }));
  const card = page.getByTestId('open-jobs').locator(`[data-job="${jobId}"]`);
  await tap(card.getByRole('button', { name: 'Claim' }));
  await card.getByText('Yours: it is in My assignments.').waitFor();
  const mine = page.getByTestId('my-jobs').locator(`[data-job="${jobId}"]`);
  await mine.getByText('Yours', { exact: true }).waitFor();
  const job = await apiGet(context, `/api/v1/jobs/${jobId}`);
  assert.equal(job.status, 'claimed');
  // Release asks first; the shopper keeps it.
  await tap(mine.getByRole('button', { name: 'Release' }));
  await mine.getByText('Release this job? It goes back on the board.').waitFor();
  await screenshot(page, 'shopper-08-release-asks');
  await tap(mine.getByRole('button', { name: 'Keep it' }));
  await mine.getByLabel('Receipt amount (GBP)').fill('6.40');
  await tap(mine.getByRole('button', { name: 'Save receipt' }));
  await mine.getByText('Receipt saved.').waitFor();
  await screenshot(page, 'shopper-09-claimed');

  // The visit, done offline and sent once back online.
  await page.goto('/');
  await waitForAssignments(page);
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
  const detail = await apiGet(context, `/api/v1/assignments/${job.assignment_id}/detail`);
  const { lat, lon } = detail.location.position;
  await context.setGeolocation({ latitude: lat, longitude: lon, accuracy: 10 });
  const photo = await cameraPhoto(page, 'Shopper');
  await context.setOffline(true);
  await page.getByTestId('sync-summary').getByText(/^Offline/).waitFor();
  await tap(page.locator(`a[href="/assignments/${job.assignment_id}"]`), 'shopper-10-offline-list');
  await tap(page.getByTestId('check-in'));
  await page.getByTestId('position').waitFor();
  await walkJourney(page, detail, photo);
  await tap(page.getByTestId('submit'));
  await page.getByTestId('submit-status').getByText('sent as soon as there is a network').waitFor();
  await screenshot(page, 'shopper-11-offline-queued');
  await context.setOffline(false);
  await waitAllSent(page);

  // Staff approve; the earnings show fee and reimbursement, payable.
  const consultant = await apiClient(CONSULTANT);
  const [audit] = await serverAuditsOf(consultant, detail);
  assert.ok(audit, 'the audit reached the server');
  const review = await consultant.post(`/api/v1/audits/${audit.id}/review`, {
    data: { decision: 'approve', comment: '', item_comments: [] },
  });
  assert.equal(review.status(), 200, await review.text());
  await consultant.dispose();
  await page.goto('/');
  await tap(page.getByRole('link', { name: 'Earnings' }));
  const line = page.getByTestId('pay-line').filter({ hasText: 'South Bank' });
  await line.waitFor();
  assert.equal(await line.getByTestId('fee').innerText(), '£25.00');
  assert.equal(await line.getByTestId('reimbursement').innerText(), '£6.40');
  assert.equal(await line.getByTestId('pay-status').innerText(), 'Payable');
  assert.match(await page.getByTestId('totals').innerText(), /Payable £31\.40/);
  const earnings = await apiGet(context, '/api/v1/earnings');
  const paid = earnings.find((l) => l.job_id === jobId);
  assert.deepEqual([paid.fee_minor, paid.reimbursement_minor, paid.payable], [2500, 640, true]);
  await screenshot(page, 'shopper-12-earnings');

  // The profile: the home area's name, languages and demographics, which staff then see.
  await page.goto('/profile');
  await page.getByTestId('rating').waitFor();
  await page.getByLabel('Name of the area (optional)').fill('Waterloo, London');
  await page.getByLabel('Languages you speak (separated by commas)').fill('English, Português');
  await page.getByLabel(/^Other details/).fill('age band: 25-34\nhas a car: no');
  await tap(page.getByRole('button', { name: 'Save profile' }));
  await page.getByRole('status').getByText('Saved.').waitFor();
  await screenshot(page, 'shopper-13-profile');
  const own = await apiGet(context, '/api/v1/shopper-profile');
  const staff = await apiClient(CONSULTANT);
  const seen = await staff.get(`/api/v1/shoppers/${own.user_id}`);
  assert.equal(seen.status(), 200, await seen.text());
  assert.deepEqual((await seen.json()).details, {
    home_label: 'Waterloo, London',
    languages: ['English', 'Português'],
    demographics: { 'age band': '25-34', 'has a car': 'no' },
  });
  await staff.dispose();
  await context.close();
});
