// The field auditor's flows, written once against the engine-neutral `Phone` (phone.mjs)
// and run in each engine that has no Playwright: WebKitGTK (webkit.test.mjs) and Firefox
// ESR (firefox.test.mjs). Chromium runs the same journeys with more faults in
// field_audit.test.mjs and offline_resilience.test.mjs.
//
// Neither engine has Background Sync, and WebKitGTK has no network emulation: "offline" is
// a proxy in front of the server that drops every connection (navigator.onLine stays true,
// no `online` event comes), so the audit waits in the outbox until the auditor taps
// "Send now". Where the engine gives no position, the check-in records why.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  AUDITOR,
  BASE,
  RETURN_COMMENTS,
  apiClient,
  assertSameAudit,
  drawJpeg,
  returnAudit,
  serverAuditsOf,
} from '../helpers.mjs';
import { Phone } from './phone.mjs';
import { startProxy } from './proxy.mjs';

/** A 1200×800 JPEG (a shop counter), made in the page's own canvas, as a file. */
async function photoFile(phone, dir) {
  const base64 = await phone.run(drawJpeg, { width: 1200, height: 800, text: 'Counter', colour: '#1f6f43' });
  const file = path.join(dir, `counter-${Date.now()}.jpg`);
  writeFileSync(file, Buffer.from(base64, 'base64'));
  return file;
}

/** A pattern for text that includes `text`. */
const including = (text) => new RegExp(text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));

/** Signs the demo auditor in on the sign-in page; waits for the assignments. */
async function signIn(phone) {
  await phone.goto('/login');
  await phone.fill('#email', AUDITOR.email);
  await phone.fill('#password', AUDITOR.password);
  await phone.tap('button[type=submit]', 'Sign in', 'sign-in');
  await waitForAssignments(phone);
}

/** Waits until the list is shown and its refresh from the server has finished. */
async function waitForAssignments(phone) {
  await phone.waitFor('[data-testid=assignments]');
  await phone.waitFor('button', 'Refresh', 60_000);
}

/** Back to the start page, its list refreshed. */
async function home(phone) {
  await phone.goto('/');
  await waitForAssignments(phone);
}

/** Assignments a flow has opened: never opened again (the list may lag behind). */
const opened = new Set();

/**
 * The first assignment not started yet that has no audit on the server (another suite on
 * the same server may have saved one through the API), with its detail; opens it.
 */
async function openAssignment(phone, api) {
  const hrefs = await phone.run(
    (skip) =>
      [...document.querySelectorAll('li.card')]
        .filter((c) => c.querySelector('[data-testid=audit-status]')?.textContent.trim() === 'Not started')
        .map((c) => c.querySelector('a').getAttribute('href'))
        .filter((href) => !skip.includes(href)),
    [...opened],
  );
  for (const href of hrefs) {
    assert.match(href, /^\/assignments\/[0-9a-f-]{36}$/);
    opened.add(href);
    const response = await api.get(`/api/v1${href}/detail`);
    assert.equal(response.status(), 200, await response.text());
    const detail = await response.json();
    if (detail.audit) continue;
    await phone.tap(`li.card a[href="${href}"]`, undefined, 'assignments');
    await phone.waitFor('section.step');
    return detail;
  }
  throw new Error(`${phone.name}: no assignment without an audit left on the start page`);
}

/** Checks in: with a position where the engine gives one, else with the reason why not. */
async function checkIn(phone) {
  await phone.tap('[data-testid=check-in]');
  await phone.waitFor('[data-testid=checked-in]', /Checked in/);
  if (phone.engine.geolocation) await phone.waitFor('[data-testid=position]');
  else await phone.waitFor('[data-testid=geo-error]', /You can still do the audit/);
  await phone.shot('checked-in');
}

/** Answers one item the way an auditor would, by its kind. */
async function answer(phone, item, photo) {
  const scope = `[id="item-${item.id}"]`;
  switch (item.kind.type) {
    case 'yes_no':
      return phone.tap(`${scope} button`, 'Yes');
    case 'scale':
      return phone.tap(`${scope} button`, '4');
    case 'choice':
      return phone.tap(`${scope} button`, item.kind.options[0].label);
    case 'multi_select':
      await phone.tap(`${scope} button`, item.kind.options[0].label);
      return phone.tap(`${scope} button`, item.kind.options[1].label);
    case 'number':
      return phone.fill(`${scope} input[type=number]`, '45');
    case 'nps':
      return phone.tap(`${scope} button`, '9');
    case 'text':
      return phone.fill(`${scope} textarea`, 'Clean frontage; A-board slightly faded.');
    case 'photo':
      await phone.upload(`[data-testid="photo-input-${item.id}"]`, photo);
      return phone.waitFor(`${scope} img.thumb`, undefined, 60_000);
    case 'short_text':
      return phone.fill(`${scope} input[type=text]`, 'Amira');
    case 'barcode':
      return phone.fill(`${scope} input[type=text]`, 'TBL-07');
    case 'stopwatch':
      await phone.tap(`${scope} button`, 'Start');
      return phone.tap(`${scope} button`, 'Stop');
    case 'receipt':
      await phone.fill(`${scope} input[type=text]`, '4.20');
      await phone.upload(`[data-testid="photo-input-${item.id}"]`, photo);
      return phone.waitFor(`${scope} img.thumb`, undefined, 60_000);
    default:
      throw new Error(`unknown item kind ${item.kind.type}`);
  }
}

/** Every item of the checklist by id. */
const itemsOf = (detail) => new Map(detail.checklist.content.sections.flatMap((s) => s.items).map((i) => [i.id, i]));

/** Taps "Next" and waits until the form shows the next step. */
async function next(phone, shot) {
  const marker = await phone.text('section.step p.stage');
  await phone.tap('[data-testid=next]', undefined, shot);
  await phone.run(
    (prev) =>
      new Promise((resolve) => {
        const done = () => (document.querySelector('section.step p.stage')?.textContent ?? '') !== prev;
        const poll = () => (done() ? resolve() : setTimeout(poll, 50));
        poll();
      }),
    marker,
  );
}

/**
 * Every touchpoint: each item answered, how it felt; then on to "Review & submit". Answers
 * the item ids of each step in the order the form showed them (the journey's order, which
 * need not be the checklist's).
 */
async function walkJourney(phone, detail, photo) {
  const items = itemsOf(detail);
  const steps = [];
  for (let step = 1; !(await phone.visible('#submit-title')); step++) {
    const ids = await phone.run(() =>
      [...document.querySelectorAll('section.step .item')].map((n) => n.id.replace(/^item-/, '')),
    );
    assert.ok(ids.length > 0, `step ${step} shows items`);
    steps.push(ids);
    for (const id of ids) await answer(phone, items.get(id), photo);
    await phone.tap('fieldset.note button', /Good$/);
    await next(phone, `step-${step}`);
  }
  return steps;
}

/** The phone's local copy of an audit (IndexedDB `drafts`). */
function localDraft(phone, assignmentId) {
  return phone.run(
    (key) =>
      new Promise((resolve, reject) => {
        const open = indexedDB.open('touchstone');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const get = open.result.transaction('drafts').objectStore('drafts').get(key);
          get.onerror = () => reject(get.error);
          get.onsuccess = () => resolve(get.result ? JSON.parse(get.result) : null);
        };
      }),
    assignmentId,
  );
}

/** The audit the server holds for the assignment: exactly one, the phone's. */
async function assertServerHolds(api, phone, detail) {
  const held = await serverAuditsOf(api, detail);
  assert.equal(held.length, 1, 'one audit for the assignment');
  const server = await (await api.get(`/api/v1/audits/${held[0].id}`)).json();
  assertSameAudit(server, await localDraft(phone, detail.assignment.id));
  if (phone.engine.geolocation) assert.ok(server.visit.position, 'the check-in position reached the server');
  else assert.ok(server.visit.position_error, 'the server knows why there is no position');
  return server;
}

/** Registers the field flows for the engine `open` starts (see webkit.mjs, firefox.mjs). */
export function fieldFlows(open) {
  let proxy;
  let api;
  let phone;
  let dir;

  before(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'touchstone-engine-'));
    proxy = await startProxy(BASE);
    api = await apiClient();
    phone = new Phone(await open(), proxy.url);
    await signIn(phone);
  });

  after(async () => {
    await phone?.close();
    await api?.dispose();
    await proxy?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  test('an auditor opens an assignment, checks in, answers every item with a photo and submits; the server holds that audit', async () => {
    const detail = await openAssignment(phone, api);
    await checkIn(phone);
    await walkJourney(phone, detail, await photoFile(phone, dir));
    await phone.tap('[data-testid=submit]', undefined, 'review');
    await phone.waitFor('[data-testid=submit-status]', /the server has it/, 60_000);
    await phone.waitFor('[data-testid=sync-summary]', 'All sent', 60_000);
    await phone.shot('submitted');
    const server = await assertServerHolds(api, phone, detail);
    const photos = server.answers.filter((a) => a.value.type === 'photo').flatMap((a) => a.photos);
    assert.equal(photos.length, 1, 'the photo reached the server');
  });

  test('offline: the audit waits in the outbox (no Background Sync), and "Send now" sends it once the network is back', async (t) => {
    await phone.goto('/');
    // What this engine lacks, so this test is the path the app takes without it.
    const apis = await phone.run(() => ({
      backgroundSync: 'SyncManager' in window,
      barcodeDetector: 'BarcodeDetector' in window,
      persistentStorage: typeof navigator.storage?.persist === 'function',
    }));
    t.diagnostic(`${phone.name} APIs: ${JSON.stringify(apis)}`);
    assert.equal(apis.backgroundSync, false, `${phone.name} has no Background Sync`);
    await waitForAssignments(phone);
    const detail = await openAssignment(phone, api);
    const photo = await photoFile(phone, dir);
    proxy.setOffline(true);
    await checkIn(phone);
    await walkJourney(phone, detail, photo);
    await phone.tap('[data-testid=submit]');
    await phone.waitFor('[data-testid=submit-status]', /sent as soon as there is a network/, 60_000);
    await phone.waitFor('[data-testid=sync-summary]', /[1-9]\d* waiting$/, 60_000);
    await phone.shot('offline-queued');
    assert.equal((await serverAuditsOf(api, detail)).length, 0, 'nothing reached the server yet');

    // The network is back, but this engine tells the app nothing: the auditor sends it.
    proxy.setOffline(false);
    await phone.tap('[data-testid=sync] summary');
    await phone.tap('.sync-panel button', 'Send now', 'send-now');
    await phone.waitFor('[data-testid=sync-summary]', 'All sent', 60_000);
    await phone.waitFor('[data-testid=draft-status]', 'Submitted', 30_000);
    await phone.shot('sent');
    await assertServerHolds(api, phone, detail);
  });

  test("a returned audit shows the reviewer's comments, is corrected and resubmitted", async () => {
    await home(phone);
    const detail = await openAssignment(phone, api);
    await checkIn(phone);
    const steps = await walkJourney(phone, detail, await photoFile(phone, dir));
    await phone.tap('[data-testid=submit]');
    await phone.waitFor('[data-testid=submit-status]', /the server has it/, 60_000);
    const [held] = await serverAuditsOf(api, detail);
    // The first yes/no item the form showed, and the step it is on.
    const items = itemsOf(detail);
    const step = steps.findIndex((ids) => ids.some((id) => items.get(id).kind.type === 'yes_no'));
    assert.ok(step >= 0, 'the checklist has a yes/no item');
    const first = items.get(steps[step].find((id) => items.get(id).kind.type === 'yes_no'));
    await returnAudit(held.id, first.id);

    // Opening the app again refreshes the list: the audit is back with the comments.
    await home(phone);
    await phone.tap('button', 'Refresh');
    const card = `li.card:has(a[href="/assignments/${detail.assignment.id}"])`;
    await phone.waitFor(`${card} [data-testid=audit-status]`, /Returned/, 60_000);
    await phone.tap(`${card} a`);
    for (let i = 0; i < step; i++) await next(phone);
    await phone.waitFor(`[id="item-${first.id}"] [role=note]`, including(RETURN_COMMENTS.item));
    await phone.waitFor('section.brief', including(RETURN_COMMENTS.overall));
    await phone.shot('returned');
    await phone.tap(`[id="item-${first.id}"] button`, 'No');
    await phone.tap('button', 'Review & submit');
    await phone.tap('[data-testid=submit]');
    await phone.waitFor('[data-testid=submit-status]', /the server has it/, 60_000);
    const server = await (await api.get(`/api/v1/audits/${held.id}`)).json();
    assert.equal(server.status, 'submitted');
    assert.deepEqual(server.answers.find((a) => a.item_id === first.id).value, { type: 'yes_no', value: false });
    assertSameAudit(server, await localDraft(phone, detail.assignment.id));
  });
}
