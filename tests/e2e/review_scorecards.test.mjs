// Consultants and managers in the browser: the review queue and audit view, the scorecard
// that approvals feed, the journey map and its drill-down.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  CONSULTANT,
  MANAGER,
  apiClient,
  apiGet,
  cameraPhoto,
  desk,
  firstOpenAssignment,
  launch,
  phone,
  screenshot,
  serverAuditsOf,
  signIn,
  signInAtDesk,
  walkJourney,
} from './helpers.mjs';

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

/** The touchpoint row of the scorecard page: its n and mean as shown. */
async function shownTouchpoint(page, touchpointId) {
  const row = page.getByTestId(`tp-${touchpointId}`);
  await row.waitFor();
  return {
    n: Number(await row.locator('td[data-key="n"]').innerText()),
    mean: Number(await row.locator('td[data-key="mean"]').getAttribute('data-mean')),
    text: (await row.locator('td[data-key="mean"] a').innerText()).trim(),
  };
}

test('a consultant approves a submitted audit in the review page and the manager\'s scorecard counts it', async () => {
  const consultantApi = await apiClient(CONSULTANT);
  const managerApi = await apiClient(MANAGER);
  const queue = await (await consultantApi.get('/api/v1/audits?status=submitted&limit=500')).json();
  // An audit whose check-in falls in the default period and that scores a touchpoint.
  let audit;
  let tp;
  for (const summary of queue.items) {
    const full = await (await consultantApi.get(`/api/v1/audits/${summary.id}`)).json();
    tp = full.score.touchpoints.find((t) => t.points.possible > 0);
    if (tp && full.visit.check_in_at) {
      audit = full;
      break;
    }
  }
  assert.ok(audit, 'the demo has a submitted audit to review');
  // A fixed period around the default one, so a run across midnight UTC reads the same days
  // in the page and through the API.
  const to = new Date();
  to.setUTCHours(0, 0, 0, 0);
  to.setUTCDate(to.getUTCDate() + 2);
  const from = new Date(to.getTime() - 92 * 86_400_000);
  const period = `client_id=${audit.client_id}&from=${from.toISOString()}&to=${to.toISOString()}`;
  const scorecardUrl = `/api/v1/scorecards?${period}`;
  const before = await (await managerApi.get(scorecardUrl)).json();
  const tpBefore = before.touchpoints.find((t) => t.touchpoint_id === tp.touchpoint_id);

  // The manager's page before.
  const managerContext = await desk(browser);
  const managerPage = await managerContext.newPage();
  await signInAtDesk(managerPage, MANAGER, /\/scorecards/);
  await managerPage.goto(`/scorecards?${period}`);
  const shownBefore = await shownTouchpoint(managerPage, tp.touchpoint_id);
  assert.equal(shownBefore.n, tpBefore.stats.n);

  // The consultant lands on the queue, filters to flagged-or-not, opens the audit, approves.
  const context = await desk(browser);
  const page = await context.newPage();
  await signInAtDesk(page, CONSULTANT, /\/review$/);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Review' }).waitFor();
  const card = page.locator(`li[data-audit="${audit.id}"]`);
  await card.waitFor();
  await screenshot(page, '20-review-queue');
  await card.locator('a.card-link').click();
  await page.getByTestId('audit-view').waitFor();
  assert.equal(await page.getByTestId('audit-status').innerText(), 'submitted');
  await page.getByTestId('time-on-site').waitFor();
  await screenshot(page, '21-audit-view');
  await page.getByTestId('approve').click();
  await page.getByTestId('review-outcome').getByText('Approved').waitFor();
  await page.locator('[data-testid="audit-view"][data-status="approved"]').waitFor();
  const trail = await page.getByTestId('audit-trail').innerText();
  assert.match(trail, /submitted → approved/);
  const held = await apiGet(context, `/api/v1/audits/${audit.id}`);
  assert.equal(held.status, 'approved');

  // The manager's scorecard now counts it: n one more, mean as the API says.
  const after = await (await managerApi.get(scorecardUrl)).json();
  const tpAfter = after.touchpoints.find((t) => t.touchpoint_id === tp.touchpoint_id);
  assert.equal(tpAfter.stats.n, tpBefore.stats.n + 1);
  const percent = (tp.points.earned / tp.points.possible) * 100;
  const expected = ((tpBefore.stats.mean ?? 0) * tpBefore.stats.n + percent) / (tpBefore.stats.n + 1);
  assert.ok(Math.abs(tpAfter.stats.mean - expected) < 1e-6, `${tpAfter.stats.mean} vs ${expected}`);
  await managerPage.reload();
  const shownAfter = await shownTouchpoint(managerPage, tp.touchpoint_id);
  assert.equal(shownAfter.n, tpAfter.stats.n);
  assert.ok(Math.abs(shownAfter.mean - tpAfter.stats.mean) < 1e-9);
  assert.equal(shownAfter.text.split(' ')[0].replace(/\s.*$/, ''), tpAfter.stats.mean.toFixed(1));
  await managerPage.getByTestId('trend-chart').waitFor();
  await managerPage.getByTestId('histogram').waitFor();
  await screenshot(managerPage, '22-scorecard');

  await consultantApi.dispose();
  await managerApi.dispose();
  await context.close();
  await managerContext.close();
});

test('a consultant returns an audit with an item comment in the review page and the auditor sees it', async () => {
  const auditorContext = await phone(browser, { permissions: ['geolocation'] });
  const auditorPage = await auditorContext.newPage();
  await signIn(auditorPage);
  const { id, card } = await firstOpenAssignment(auditorPage);
  const detail = await apiGet(auditorContext, `/api/v1/assignments/${id}/detail`);
  await auditorContext.setGeolocation({
    latitude: detail.location.position.lat,
    longitude: detail.location.position.lon,
    accuracy: 10,
  });
  await card.locator('a').click();
  await auditorPage.getByTestId('check-in').click();
  await auditorPage.getByTestId('position').waitFor();
  await walkJourney(auditorPage, detail, await cameraPhoto(auditorPage, 'Review'));
  await auditorPage.getByTestId('submit').click();
  await auditorPage.getByTestId('submit-status').getByText('the server has it').waitFor();
  const auditorApi = await apiClient();
  const [held] = await serverAuditsOf(auditorApi, detail);
  await auditorApi.dispose();

  const first = detail.checklist.content.sections[0].items[0];
  const context = await desk(browser);
  const page = await context.newPage();
  await signInAtDesk(page, CONSULTANT, /\/review$/);
  await page.getByLabel('Location', { exact: true }).selectOption(detail.location.id);
  await page.locator(`li[data-audit="${held.id}"] a.card-link`).click();
  await page.getByTestId('audit-view').waitFor();
  await page.locator(`[id="answer-${first.id}"]`).getByLabel('Comment for the auditor').fill('Was the sign lit? Check again.');
  await page.getByLabel('Overall comment').fill('One answer to check.');
  await page.getByTestId('return').click();
  await page.getByTestId('review-outcome').getByText('Returned').waitFor();
  await page.locator('[data-testid="audit-view"][data-status="returned"]').waitFor();
  const server = await apiGet(context, `/api/v1/audits/${held.id}`);
  assert.equal(server.status, 'returned');
  assert.deepEqual(server.review.item_comments, [{ item_id: first.id, comment: 'Was the sign lit? Check again.' }]);
  await context.close();

  await auditorPage.getByRole('link', { name: 'Back to my assignments' }).click();
  await auditorPage.getByRole('button', { name: 'Refresh', exact: true }).click();
  const returned = auditorPage.locator('li.card').filter({ has: auditorPage.locator(`a[href="/assignments/${id}"]`) });
  await returned.getByTestId('audit-status').getByText('Returned: correct and resubmit').waitFor();
  await returned.locator('a').click();
  await auditorPage.locator(`[id="item-${first.id}"]`).getByRole('note').getByText('Was the sign lit? Check again.').waitFor();
  await auditorPage.locator('section.brief').getByText('One answer to check.').waitFor();
  await auditorContext.close();
});

test('the journey map draws the emotion curve and a cell drills down to the audits behind it', async () => {
  const context = await desk(browser);
  const page = await context.newPage();
  await signInAtDesk(page, MANAGER, /\/scorecards/);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Journey map' }).click();
  await page.waitForURL(/\/journey-map\?(.*&)?client_id=/);
  const curve = page.getByTestId('emotion-path');
  await curve.waitFor();
  const d = await curve.getAttribute('d');
  assert.match(d, /^M[\d.]+ [\d.]+( [ML][\d.]+ [\d.]+)+$/, `an emotion line: ${d}`);
  assert.ok((await page.locator('[data-testid="emotion-curve"] circle').count()) > 1);
  await screenshot(page, '23-journey-map');

  const clientId = new URL(page.url()).searchParams.get('client_id');
  const card = await apiGet(context, `/api/v1/scorecards?client_id=${clientId}`);
  // A touchpoint with pain points noted (the demo notes one wherever a visit felt bad).
  let tp;
  let painPoints;
  for (const t of card.touchpoints.filter((t) => t.stats.n > 0)) {
    painPoints = await apiGet(context, `/api/v1/scorecards/pain-points?client_id=${clientId}&touchpoint_id=${t.touchpoint_id}`);
    if (painPoints.length > 0) {
      tp = t;
      break;
    }
  }
  assert.ok(tp, 'a touchpoint has pain points');
  const cell = page.getByTestId(`jm-${tp.touchpoint_id}`);
  assert.match(await cell.locator('.jm-score').innerText(), new RegExp(tp.stats.mean.toFixed(1).replace('.', '\\.')));
  // Opening the pain points is one request, which answers the notes themselves.
  const calls = [];
  page.on('request', (request) => {
    const { pathname } = new URL(request.url());
    if (pathname.startsWith('/api/')) calls.push(pathname);
  });
  await cell.getByRole('button', { name: /Pain points/ }).click();
  const shown = cell.getByTestId('pain-points').locator('li');
  await shown.first().waitFor();
  assert.deepEqual(
    (await shown.locator('q').allInnerTexts()).map((t) => t.trim()),
    painPoints.map((p) => p.note.trim()),
  );
  assert.deepEqual(calls, ['/api/v1/scorecards/pain-points']);

  await cell.locator('a.jm-link').click();
  await page.waitForURL(/\/scorecards\/audits\?/);
  assert.equal(await page.getByTestId('drill-title').innerText(), tp.name);
  const behind = await apiGet(context, `/api/v1/scorecards/audits?client_id=${clientId}&touchpoint_id=${tp.touchpoint_id}`);
  const rows = page.locator('[data-testid="drill-down"] tbody tr');
  await rows.first().waitFor();
  assert.equal(await rows.count(), behind.length);
  assert.equal(behind.length, tp.stats.n);
  await screenshot(page, '24-drill-down');
  await rows.first().locator('a').click();
  await page.getByTestId('audit-view').waitFor();
  assert.equal(await page.getByTestId('audit-status').innerText(), 'approved');
  await context.close();
});

test('a manager marks a corrective action done with a photo of the fix; the consultant sees it and verifies', async () => {
  const consultantApi = await apiClient(CONSULTANT);
  const managerApi = await apiClient(MANAGER);
  const manager = await (await managerApi.get('/api/v1/auth/me')).json();
  // A failed item of an approved audit.
  const approved = await (await consultantApi.get('/api/v1/audits?status=approved&limit=100')).json();
  let failed;
  for (const summary of approved.items) {
    const full = await (await consultantApi.get(`/api/v1/audits/${summary.id}`)).json();
    const item = full.score.items.find((i) => i.points.earned < i.points.possible);
    if (item) {
      failed = { audit_id: full.id, item_id: item.item_id };
      break;
    }
  }
  assert.ok(failed, 'the demo has an approved audit with a failed item');
  const note = `Replace the broken sign ${Date.now()}`;
  const opened = await consultantApi.post('/api/v1/actions', {
    data: { ...failed, assignee_id: manager.user.id, due: new Date(Date.now() + 7 * 86_400_000).toISOString(), note },
  });
  assert.equal(opened.status(), 201, await opened.text());
  const action = await opened.json();

  const context = await desk(browser);
  const page = await context.newPage();
  await signInAtDesk(page, MANAGER, /\/scorecards/);
  await page.goto('/actions');
  const card = page.getByTestId('action').filter({ hasText: note });
  await card.getByLabel('What was done').fill('New sign fitted and lit');
  await card.getByTestId('fix-photo').setInputFiles(await cameraPhoto(page, 'Fixed'));
  await card.locator('img.thumb').waitFor();
  await card.getByRole('button', { name: 'Mark done' }).click();
  const done = page.locator('[data-testid="action"][data-status="done"]').filter({ hasText: note });
  await done.waitFor();
  const evidence = done.locator('a.evidence');
  await evidence.waitFor();
  await screenshot(page, '20-action-done-with-photo');

  const server = await (await consultantApi.get(`/api/v1/actions/${action.id}`)).json();
  assert.equal(server.status, 'done');
  assert.equal(server.resolution, 'New sign fitted and lit');
  assert.equal(server.resolution_photos.length, 1);
  assert.equal(await evidence.getAttribute('data-sha256'), server.resolution_photos[0]);
  const thumb = await consultantApi.get(`/api/v1/photos/${server.resolution_photos[0]}/thumb`);
  assert.equal(thumb.status(), 200, 'the consultant sees the photo of the fix');
  assert.equal(thumb.headers()['content-type'], 'image/jpeg');
  await context.close();

  const verified = await consultantApi.patch(`/api/v1/actions/${action.id}`, { data: { status: 'verified' } });
  assert.equal(verified.status(), 200, await verified.text());
  await consultantApi.dispose();
  await managerApi.dispose();
});
