// The field auditor's three journeys of issue 3, in Debian's Chromium against the real server.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  AUDITOR,
  CONSULTANT,
  RETURN_COMMENTS,
  apiClient,
  apiGet,
  assertSameAudit,
  cameraPhoto,
  firstOpenAssignment,
  launch,
  liveScore,
  localDraft,
  returnAudit,
  phone,
  screenshot,
  serverAuditsOf,
  signIn,
  signInAs,
  waitAllSent,
  waitForAssignments,
  walkJourney,
  tap,
} from './helpers.mjs';

let browser;
let api;

before(async () => {
  browser = await launch();
  api = await apiClient();
});

after(async () => {
  await api?.dispose();
  await browser?.close();
});

/** Records the path of every wasm module the context fetches (pages and service worker). */
function wasmFetches(context) {
  const seen = [];
  context.on('request', (r) => {
    const { pathname } = new URL(r.url());
    if (pathname.endsWith('.wasm') && !seen.includes(pathname)) seen.push(pathname);
  });
  return seen;
}

test('a new phone signs in on a page without wasm; an auditor\'s phone loads only the field bundle; a consultant signing in there goes straight to the office bundle', async () => {
  const context = await phone(browser);
  const wasm = wasmFetches(context);
  const page = await context.newPage();
  // The page's own requests (the service worker installs the field bundle apart).
  const pageWasm = [];
  page.on('request', (r) => {
    if (new URL(r.url()).pathname.endsWith('.wasm')) pageWasm.push(new URL(r.url()).pathname);
  });
  await page.goto('/');
  assert.equal(await page.evaluate(() => document.documentElement.dataset.bundle), 'signin');
  await page.getByLabel('Email').fill(AUDITOR.email);
  await page.getByLabel('Password').fill(`${AUDITOR.password}-wrong`);
  await tap(page.getByRole('button', { name: 'Sign in' }));
  const refusal = page.getByTestId('login-error');
  await refusal.waitFor({ state: 'visible' });
  assert.equal(await refusal.innerText(), 'Wrong email or password.');
  assert.deepEqual(pageWasm, [], 'the sign-in page runs without the app');
  await signIn(page);
  await page.evaluate(() => navigator.serviceWorker.ready);
  assert.equal(await page.evaluate(() => document.documentElement.dataset.bundle), 'field');
  assert.equal(await page.locator('#shell').count(), 0, 'the static shell gave way to the app');
  assert.deepEqual(wasm, ['/pkg/field_bg.wasm'], 'no office code on an auditor\'s phone');
  // A page the service worker does not control (a hard reload, or one that loaded while the
  // worker installed from the sign-in page activated) asks to be taken over.
  // Whether the page was controlled is read before its own scripts run: boot.js may have
  // asked for the take-over by the time the test could look.
  await page.addInitScript(() => {
    window.startedControlled = navigator.serviceWorker.controller !== null;
  });
  const cdp = await context.newCDPSession(page);
  await Promise.all([page.waitForEvent('domcontentloaded'), cdp.send('Page.reload', { ignoreCache: true })]);
  assert.equal(await page.evaluate(() => window.startedControlled), false);
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
  await waitForAssignments(page);
  // Signing out ends on the sign-in page, and the next load of the start page asks to sign in.
  await tap(page.getByRole('button', { name: 'Sign out' }));
  await page.waitForURL(/\/login$/);
  await page.getByRole('button', { name: 'Sign in' }).waitFor();
  await page.goto('/');
  assert.equal(await page.evaluate(() => document.documentElement.dataset.bundle), 'signin');
  await context.close();

  const desk = await phone(browser);
  const deskWasm = wasmFetches(desk);
  const deskPage = await desk.newPage();
  await signInAs(deskPage, CONSULTANT);
  // The sign-in page sends a consultant straight to the review queue, in the office bundle;
  // the field bundle is fetched only by the service worker the sign-in page installed
  // (desk_start.test.mjs checks the page itself never asks for it).
  await deskPage.waitForURL(/\/review$/);
  await deskPage.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Review' }).waitFor();
  assert.equal(await deskPage.evaluate(() => document.documentElement.dataset.bundle), 'office');
  assert.deepEqual([...deskWasm].sort(), ['/pkg/field_bg.wasm', '/pkg/office_bg.wasm']);
  // At a shared desk, signing out is in the main navigation.
  await tap(deskPage.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Sign out' }));
  await deskPage.waitForURL(/\/login$/);
  await deskPage.getByRole('button', { name: 'Sign in' }).waitFor();
  await desk.close();
});

test('an auditor checks in, answers every item type with a photo, and the server holds exactly that audit and score', async () => {
  const context = await phone(browser, { permissions: ['geolocation'] });
  const page = await context.newPage();
  await signIn(page, '01-login');
  await screenshot(page, '02-assignments');

  const { id, card } = await firstOpenAssignment(page);
  const detail = await apiGet(context, `/api/v1/assignments/${id}/detail`);
  const here = detail.location.position;
  // A few metres from the entrance, accurate to 8 m.
  await context.setGeolocation({ latitude: here.lat + 0.0001, longitude: here.lon, accuracy: 8 });
  await tap(card.locator('a'));

  await tap(page.getByTestId('check-in'));
  await page.getByTestId('position').waitFor();
  assert.match(await page.getByTestId('checked-in').innerText(), /Checked in/);
  assert.match(await page.getByTestId('position').innerText(), /±8\sm · 11\sm from the location/);
  await screenshot(page, '03-audit-checked-in');

  const photo = await cameraPhoto(page);
  const kinds = await walkJourney(page, detail, photo, {
    firstStep: '04-touchpoint',
    photoStep: '05-photo-attached',
    everyStep: '05-journey',
  });
  assert.deepEqual(
    [...kinds].sort(),
    [
      'barcode',
      'choice',
      'multi_select',
      'nps',
      'number',
      'photo',
      'receipt',
      'scale',
      'short_text',
      'stopwatch',
      'text',
      'yes_no',
    ],
    'the demo checklist has every item kind',
  );
  const shown = await liveScore(page);
  assert.ok(shown.possible > 0);
  assert.match(await page.getByTestId('review-score').innerText(), /\d+\s%/);
  await screenshot(page, '06-review');

  await tap(page.getByTestId('submit'));
  await waitAllSent(page);
  await page.getByTestId('submit-status').getByText('the server has it').waitFor();
  await screenshot(page, '07-submitted');

  const local = await localDraft(page, id);
  assert.equal(local.phase, 'synced');
  const held = await serverAuditsOf(api, detail);
  assert.equal(held.length, 1, 'one audit for the assignment');
  const server = await apiGet(context, `/api/v1/audits/${held[0].id}`);
  assertSameAudit(server, local);
  assert.equal(server.score.total.earned, shown.earned, 'same earned points as shown live');
  assert.equal(server.score.total.possible, shown.possible, 'same possible points as shown live');
  const photoAnswer = server.answers.find((a) => a.value.type === 'photo');
  assert.equal(photoAnswer.photos.length, 1);
  assert.match(photoAnswer.photos[0], /^[0-9a-f]{64}$/);
  await context.close();
});

test('offline after sign-in: the form works, submit queues, a reload keeps draft and queue, back online sends one audit', async () => {
  const context = await phone(browser, { permissions: ['geolocation'] });
  const page = await context.newPage();
  await signIn(page);
  // The app shell must be in the service worker's cache before the network goes.
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
  const { id, card } = await firstOpenAssignment(page);
  const detail = await apiGet(context, `/api/v1/assignments/${id}/detail`);
  await context.setGeolocation({
    latitude: detail.location.position.lat,
    longitude: detail.location.position.lon,
    accuracy: 15,
  });
  const photo = await cameraPhoto(page, 'Offline');

  await context.setOffline(true);
  await page.getByTestId('sync-summary').getByText(/^Offline/).waitFor();
  await tap(card.locator('a'));
  await tap(page.getByTestId('check-in'));
  await page.getByTestId('position').waitFor();
  await walkJourney(page, detail, photo);
  await tap(page.getByTestId('submit'));
  await page.getByTestId('submit-status').getByText('sent as soon as there is a network').waitFor();
  const summary = page.getByTestId('sync-summary');
  await summary.getByText(/^Offline · [1-9]\d* waiting$/).waitFor();
  await screenshot(page, '08-offline-queued');
  assert.equal((await serverAuditsOf(api, detail)).length, 0, 'nothing reached the server yet');

  const queued = await localDraft(page, id);
  await page.reload();
  await page.getByTestId('draft-status').getByText('Waiting to send').waitFor();
  await summary.getByText(/^Offline · [1-9]\d* waiting$/).waitFor();
  assert.deepEqual(await localDraft(page, id), queued, 'the reload kept the submitted audit');
  await screenshot(page, '09-offline-after-reload');

  await context.setOffline(false);
  await waitAllSent(page);
  await page.getByTestId('draft-status').getByText('Submitted', { exact: true }).waitFor();
  const held = await serverAuditsOf(api, detail);
  assert.equal(held.length, 1, 'one audit on the server, not two');
  const server = await apiGet(context, `/api/v1/audits/${held[0].id}`);
  assertSameAudit(server, await localDraft(page, id));

  // Another start drains nothing more.
  await page.reload();
  await waitAllSent(page);
  assert.equal((await serverAuditsOf(api, detail)).length, 1);
  await context.close();
});

test('geolocation denied: a clear message, the audit can still be done and submitted without a position', async () => {
  const context = await phone(browser);
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Browser.setPermission', {
    permission: { name: 'geolocation' },
    setting: 'denied',
  });
  await signIn(page);
  const { id, card } = await firstOpenAssignment(page);
  const detail = await apiGet(context, `/api/v1/assignments/${id}/detail`);
  await tap(card.locator('a'));

  await tap(page.getByTestId('check-in'));
  const message = page.getByTestId('geo-error');
  await message.waitFor();
  assert.match(await message.innerText(), /Location access is blocked/);
  assert.match(await message.innerText(), /You can still do the audit/);
  assert.match(await page.getByTestId('checked-in').innerText(), /Checked in/);
  await screenshot(page, '10-geolocation-denied');

  await walkJourney(page, detail, await cameraPhoto(page, 'Denied'));
  await tap(page.getByTestId('submit'));
  await page.getByTestId('submit-status').getByText('the server has it').waitFor();
  await waitAllSent(page);

  const held = await serverAuditsOf(api, detail);
  assert.equal(held.length, 1);
  const server = await apiGet(context, `/api/v1/audits/${held[0].id}`);
  assertSameAudit(server, await localDraft(page, id));
  assert.equal(server.visit.position ?? null, null);
  assert.equal(server.visit.position_error, 'location permission denied');
  assert.ok(server.visit.check_in_at);
  await context.close();
});

test('a returned audit shows the reviewer\'s comments per item, is corrected and resubmitted', async () => {
  const context = await phone(browser, { permissions: ['geolocation'] });
  const page = await context.newPage();
  await signIn(page);
  const { id, card } = await firstOpenAssignment(page);
  const detail = await apiGet(context, `/api/v1/assignments/${id}/detail`);
  await context.setGeolocation({
    latitude: detail.location.position.lat,
    longitude: detail.location.position.lon,
    accuracy: 10,
  });
  await tap(card.locator('a'));
  await tap(page.getByTestId('check-in'));
  await page.getByTestId('position').waitFor();
  await walkJourney(page, detail, await cameraPhoto(page, 'Returned'));
  await tap(page.getByTestId('submit'));
  await page.getByTestId('submit-status').getByText('the server has it').waitFor();
  const [held] = await serverAuditsOf(api, detail);

  // The reviewer returns it with a comment on the first item.
  const first = detail.checklist.content.sections[0].items[0];
  await returnAudit(held.id, first.id);

  await tap(page.getByRole('link', { name: 'Back to my assignments' }));
  await tap(page.getByRole('button', { name: 'Refresh', exact: true }));
  const returned = page
    .locator('li.card')
    .filter({ has: page.locator(`a[href="/assignments/${id}"]`) });
  await returned.getByTestId('audit-status').getByText('Returned: correct and resubmit').waitFor();
  await tap(returned.locator('a'));

  const item = page.locator(`[id="item-${first.id}"]`);
  await item.getByRole('note').getByText(RETURN_COMMENTS.item).waitFor();
  await page.locator('section.brief').getByText(RETURN_COMMENTS.overall).waitFor();
  await screenshot(page, '11-returned-with-comments');
  await tap(item.getByRole('button', { name: 'No', exact: true }));
  await tap(page.getByRole('button', { name: 'Review & submit' }));
  await page.locator('section.submit').getByText(RETURN_COMMENTS.overall).waitFor();
  await tap(page.getByTestId('submit'));
  await page.getByTestId('submit-status').getByText('the server has it').waitFor();

  const server = await apiGet(context, `/api/v1/audits/${held.id}`);
  assert.equal(server.status, 'submitted');
  assert.deepEqual(
    server.answers.find((a) => a.item_id === first.id).value,
    { type: 'yes_no', value: false },
    'the correction reached the server',
  );
  assertSameAudit(server, await localDraft(page, id));
  assert.equal((await serverAuditsOf(api, detail)).length, 1);
  await context.close();
});
