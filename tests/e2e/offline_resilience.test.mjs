// The field client's outbox under the faults of a phone's life, in Debian's Chromium with a
// profile on disk: a tab closed in the middle of an upload, a new version of the app (a new
// service worker) while work is queued, and a browser restart with three audits queued
// offline. Each time every audit reaches the server exactly once.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  CONSULTANT,
  apiClient,
  assertSameAudit,
  cameraPhoto,
  launchPhoneProfile,
  localDraft,
  screenshot,
  serverAuditsOf,
  signIn,
  waitAllSent,
  walkJourney,
  tap,
} from './helpers.mjs';

/** The client build the server serves (run.sh copies it, so a test may change sw.js). */
const STATIC_DIR = process.env.TOUCHSTONE_STATIC_DIR;

let api;
let consultant;
const profiles = [];
const browsers = new Set();

/** A phone browser on a profile folder, closed after the tests even when one fails. */
async function openProfile(dir, options) {
  const context = await launchPhoneProfile(dir, options);
  browsers.add(context);
  context.on('close', () => browsers.delete(context));
  return context;
}

before(async () => {
  api = await apiClient();
  consultant = await apiClient(CONSULTANT);
});

after(async () => {
  await api?.dispose();
  await consultant?.dispose();
  for (const context of browsers) await context.close().catch(() => {});
  for (const dir of profiles) rmSync(dir, { recursive: true, force: true });
});

/** New assignments for the demo auditor, each with its detail as the phone will load it. */
async function newAssignments(count) {
  const listed = await api.get('/api/v1/assignments?limit=1');
  assert.equal(listed.status(), 200, await listed.text());
  const [template] = (await listed.json()).items;
  const details = [];
  for (let n = 0; n < count; n++) {
    const created = await consultant.post('/api/v1/assignments', {
      data: {
        checklist_version_id: template.checklist_version_id,
        location_id: template.location_id,
        auditor_id: template.auditor_id,
        not_before: new Date(Date.now() - 3_600_000).toISOString(),
        due: new Date(Date.now() + 5 * 86_400_000).toISOString(),
        scenario: 'Offline resilience',
      },
    });
    assert.equal(created.status(), 201, await created.text());
    const { id } = await created.json();
    const detail = await api.get(`/api/v1/assignments/${id}/detail`);
    assert.equal(detail.status(), 200, await detail.text());
    details.push(await detail.json());
  }
  return details;
}

/** A phone with a fresh profile on disk, at the assignments' location, signed in. */
async function signedInPhone(detail) {
  const dir = mkdtempSync(path.join(tmpdir(), 'touchstone-profile-'));
  profiles.push(dir);
  const options = {
    permissions: ['geolocation'],
    geolocation: {
      latitude: detail.location.position.lat,
      longitude: detail.location.position.lon,
      accuracy: 10,
    },
  };
  const context = await openProfile(dir, options);
  const page = context.pages()[0] ?? (await context.newPage());
  await signIn(page);
  // The app shell must be in the service worker's cache before the network goes.
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
  return { dir, options, context, page };
}

/** Does one audit and submits it; returns once the phone has it queued or sent. */
async function doAudit(page, detail, label) {
  await page.goto(`/assignments/${detail.assignment.id}`);
  await tap(page.getByTestId('check-in'));
  await page.getByTestId('position').waitFor();
  await walkJourney(page, detail, await cameraPhoto(page, label));
  await tap(page.getByTestId('submit'));
}

/** Asserts the server holds exactly one audit per assignment, the one each phone copy says. */
async function assertEachOnServerOnce(page, details) {
  // "All sent" can show before a fresh page has counted its outbox: wait for the server.
  for (const detail of details) {
    const deadline = Date.now() + 60_000;
    while ((await serverAuditsOf(api, detail)).length === 0) {
      assert.ok(Date.now() < deadline, `assignment ${detail.assignment.id} never reached the server`);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
  await waitAllSent(page);
  for (const detail of details) {
    const held = await serverAuditsOf(api, detail);
    assert.equal(held.length, 1, `one audit for assignment ${detail.assignment.id}`);
    const server = await api.get(`/api/v1/audits/${held[0].id}`);
    assert.equal(server.status(), 200);
    const local = await localDraft(page, detail.assignment.id);
    assert.equal(local.phase, 'synced');
    assertSameAudit(await server.json(), local);
  }
}

async function assertNothingOnServer(details) {
  for (const detail of details) {
    assert.equal((await serverAuditsOf(api, detail)).length, 0, 'nothing reached the server yet');
  }
}

test('a tab closed in the middle of a photo upload keeps its outbox; the audit reaches the server once after reopening', async () => {
  const details = await newAssignments(1);
  const { context, page } = await signedInPhone(details[0]);
  // Every photo upload hangs: the request is still in flight when the tab goes.
  const held = [];
  let uploading;
  const started = new Promise((resolve) => {
    uploading = resolve;
  });
  await context.route('**/api/v1/photos', (route) => {
    held.push(route);
    uploading();
  });
  await doAudit(page, details[0], 'Closed');
  // Photos start uploading as they are taken, so the held upload proves nothing about the
  // submit: wait for the phone to say the audit is queued.
  await page.getByTestId('submit-status').getByText('sent as soon as there is a network').waitFor();
  await started;
  const queued = await localDraft(page, details[0].assignment.id);
  assert.equal(queued.phase, 'queued', 'submitted, not yet sent');
  await page.close();
  await context.unroute('**/api/v1/photos');
  await Promise.all(held.map((route) => route.abort().catch(() => {})));
  await assertNothingOnServer(details);

  const reopened = await context.newPage();
  await reopened.goto('/');
  await assertEachOnServerOnce(reopened, details);
  await screenshot(reopened, '12-reopened-after-closed-tab');
  await context.close();
});

test('a new service worker version (a new app build) keeps the queued work, which is then sent once', async () => {
  assert.ok(STATIC_DIR, 'TOUCHSTONE_STATIC_DIR names the client build the server serves');
  const swPath = path.join(STATIC_DIR, 'sw.js');
  const original = readFileSync(swPath, 'utf8');
  const details = await newAssignments(1);
  const { context, page } = await signedInPhone(details[0]);
  const shellCaches = () =>
    page.evaluate(async () => (await caches.keys()).filter((k) => k.startsWith('touchstone-shell-')));
  const [oldCache] = await shellCaches();
  assert.ok(oldCache, 'the app shell is cached');

  await context.setOffline(true);
  await doAudit(page, details[0], 'Update');
  await page.getByTestId('submit-status').getByText('sent as soon as there is a network').waitFor();
  const queued = await localDraft(page, details[0].assignment.id);

  // A new build is deployed while the phone is away; when it is back the API is still out
  // of reach (a captive portal, a server restart), so the work stays queued during the update.
  const newCache = `touchstone-shell-${Date.now().toString(16)}`;
  writeFileSync(swPath, original.replace(/touchstone-shell-[0-9a-zA-Z_]+/, newCache));
  try {
    await context.route('**/api/**', (route) => route.abort('internetdisconnected'));
    await context.setOffline(false);
    await page.reload();
    // The new worker installs, takes over and drops the old shell cache.
    await page.waitForFunction(
      async ([fresh, stale]) => {
        const keys = await caches.keys();
        return keys.includes(fresh) && !keys.includes(stale);
      },
      [newCache, oldCache],
      { timeout: 30_000 },
    );
    await page.reload();
    await page.getByTestId('sync-summary').getByText(/[1-9]\d* waiting$/).waitFor();
    assert.deepEqual(
      await localDraft(page, details[0].assignment.id),
      queued,
      'the update kept the submitted audit',
    );
    await assertNothingOnServer(details);

    await context.unroute('**/api/**');
    await page.reload();
    await assertEachOnServerOnce(page, details);
    assert.equal((await shellCaches()).length, 1);
  } finally {
    writeFileSync(swPath, original);
  }
  await context.close();
});

test('three audits queued offline survive a browser restart with the same profile and are each sent once', async () => {
  const details = await newAssignments(3);
  const { dir, options, context, page } = await signedInPhone(details[0]);
  await context.setOffline(true);
  for (const [n, detail] of details.entries()) {
    await doAudit(page, detail, `Queued ${n + 1}`);
    await page.getByTestId('submit-status').getByText('sent as soon as there is a network').waitFor();
  }
  const summary = page.getByTestId('sync-summary');
  await summary.getByText(/^Offline · [1-9]\d* waiting$/).waitFor();
  const queued = [];
  for (const detail of details) queued.push(await localDraft(page, detail.assignment.id));
  await assertNothingOnServer(details);
  await context.close();

  // The browser starts again, still offline, from the same profile.
  const restarted = await openProfile(dir, { ...options, offline: true });
  const again = restarted.pages()[0] ?? (await restarted.newPage());
  await again.goto('/');
  await again.getByTestId('sync-summary').getByText(/^Offline · [1-9]\d* waiting$/).waitFor();
  for (const [n, detail] of details.entries()) {
    assert.deepEqual(await localDraft(again, detail.assignment.id), queued[n], 'kept across the restart');
  }
  await screenshot(again, '13-restarted-offline-queued');
  await assertNothingOnServer(details);

  await restarted.setOffline(false);
  await assertEachOnServerOnce(again, details);
  await again.reload();
  await waitAllSent(again);
  await assertEachOnServerOnce(again, details);
  await restarted.close();
});
