// Shared steps of the field client's end-to-end tests: browser, sign-in, answering items,
// reading the phone's IndexedDB and asking the server what it holds.

import { chromium, request } from 'playwright-core';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const BASE = process.env.TOUCHSTONE_URL ?? 'http://127.0.0.1:8080';
export const AUDITOR = { email: 'auditor@demo.touchstone.test', password: 'touchstone-demo' };
export const CONSULTANT = { email: 'consultant@demo.touchstone.test', password: 'touchstone-demo' };
export const MANAGER = { email: 'manager@demo.touchstone.test', password: 'touchstone-demo' };
const ARTIFACTS = path.join(path.dirname(fileURLToPath(import.meta.url)), 'artifacts');
mkdirSync(ARTIFACTS, { recursive: true });

const CHROMIUM = {
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  headless: true,
  args: [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
  ],
};

/**
 * A mid-range Android phone as the browser sees one: a 412 px wide layout viewport, 2.6
 * device pixels per CSS pixel, touch, and mobile emulation (`isMobile`: the meta viewport is
 * honoured and the layout viewport widens to fit content that overflows, as on a real phone).
 */
export const PHONE_DEVICE = {
  viewport: { width: 412, height: 915 },
  deviceScaleFactor: 2.6,
  isMobile: true,
  hasTouch: true,
};

const PHONE = {
  baseURL: BASE,
  ...PHONE_DEVICE,
  locale: 'en-GB',
  timezoneId: 'Europe/London',
};

/** Debian's Chromium, headless, with no network beyond loopback. */
export async function launch() {
  return chromium.launch(CHROMIUM);
}

/** A phone's context (412×915, mobile emulation; `options` override). */
export async function phone(browser, options = {}) {
  const context = await browser.newContext({ ...PHONE, ...options });
  context.setDefaultTimeout(30_000);
  return context;
}

/** A desk-sized context (managers and consultants mostly sit at a desk). */
export async function desk(browser) {
  return phone(browser, {
    viewport: { width: 1280, height: 900 },
    deviceScaleFactor: 1,
    isMobile: false,
    hasTouch: false,
  });
}

/**
 * The phone as a browser with a profile on disk (`userDataDir`): closing it and launching
 * again with the same folder is a browser restart that keeps IndexedDB, the service worker
 * and cookies.
 */
export async function launchPhoneProfile(userDataDir, options = {}) {
  const context = await chromium.launchPersistentContext(userDataDir, {
    ...CHROMIUM,
    ...PHONE,
    ...options,
  });
  context.setDefaultTimeout(30_000);
  return context;
}

/** The folder of test artefacts (tests/e2e/artifacts/, gitignored). */
export const ARTIFACTS_DIR = ARTIFACTS;

/** Saves a screenshot of the viewport under tests/e2e/artifacts/. */
export async function screenshot(page, name) {
  await page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`) });
}

/**
 * Taps `locator` with a touch on a phone (a click at a desk, which has no touch screen),
 * screenshotting the page first when a `shot` name is given: the field flows keep a picture
 * of each step.
 */
export async function tap(locator, shot) {
  const page = locator.page();
  if (shot) await screenshot(page, shot);
  if (await page.evaluate(() => navigator.maxTouchPoints > 0)) await locator.tap();
  else await locator.click();
}

/** Signs in through the login page and waits for the assignments to be on the phone. */
export async function signIn(page, shot) {
  await signInAs(page, AUDITOR, shot);
  await waitForAssignments(page);
}

/**
 * Signs a consultant or manager in at a desk. Their start page (`landing`) is an office page,
 * where the sign-in page sends them (a full page load into the office bundle), over when
 * this returns, so the caller's next navigation is not overtaken by it.
 */
export async function signInAtDesk(page, user, landing) {
  await signInAs(page, user);
  await page.waitForURL(landing);
  await page.locator('html[data-bundle="office"]').getByRole('navigation', { name: 'Main' }).waitFor();
}

/** Signs in as `user` through the login page. */
export async function signInAs(page, user, shot) {
  await page.goto('/login');
  await page.getByLabel('Email').fill(user.email);
  await page.getByLabel('Password').fill(user.password);
  if (shot) await screenshot(page, shot);
  await tap(page.getByRole('button', { name: 'Sign in' }));
}

/** Waits until the list is shown and its refresh from the server has finished. */
export async function waitForAssignments(page) {
  await page.getByTestId('assignments').waitFor();
  await page.getByRole('button', { name: 'Refresh', exact: true }).waitFor();
}

/** The id of the first assignment not started yet. */
export async function firstOpenAssignment(page) {
  const card = page
    .locator('li.card')
    .filter({ has: page.getByTestId('audit-status').getByText('Not started', { exact: true }) })
    .first();
  const href = await card.locator('a').getAttribute('href');
  assert.match(href, /^\/assignments\/[0-9a-f-]{36}$/);
  return { id: href.split('/').pop(), card };
}

/** A UUID v7 (time-ordered), as the field client makes them. */
export function uuidv7() {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  let ms = BigInt(Date.now());
  for (let i = 5; i >= 0; i--) {
    bytes[i] = Number(ms & 0xffn);
    ms >>= 8n;
  }
  bytes[6] = (bytes[6] & 0x0f) | 0x70;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** GET through the context's session (cookies shared with the page). */
export async function apiGet(context, url) {
  const response = await context.request.get(url);
  assert.equal(response.status(), 200, `GET ${url}: ${await response.text()}`);
  return response.json();
}

/** A separate signed-in API client (unaffected by the page's network emulation). */
export async function apiClient(user = AUDITOR) {
  const api = await request.newContext({ baseURL: BASE });
  const response = await api.post('/api/v1/auth/login', { data: user });
  assert.equal(response.status(), 200, await response.text());
  return api;
}

/** Audits of an assignment the server holds. */
export async function serverAuditsOf(api, detail) {
  const response = await api.get(`/api/v1/audits?location_id=${detail.location.id}&limit=500`);
  assert.equal(response.status(), 200, await response.text());
  const page = await response.json();
  return page.items.filter((a) => a.assignment_id === detail.assignment.id);
}

/**
 * Runs in the page: a JPEG of `width`×`height` drawn in the browser's canvas (a coloured
 * field with `text` on it), as base64.
 */
export async function drawJpeg({ width, height, text, colour }) {
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  const g = canvas.getContext('2d');
  g.fillStyle = colour;
  g.fillRect(0, 0, width, height);
  g.fillStyle = '#ffffff';
  g.font = `bold ${Math.round(height / 8)}px sans-serif`;
  g.fillText(text, width / 10, height / 2);
  const blob = await new Promise((resolve) => canvas.toBlob(resolve, 'image/jpeg', 0.9));
  const bytes = new Uint8Array(await blob.arrayBuffer());
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary);
}

/** A 3000×2000 JPEG made by the browser, as a file for an `<input type=file>`. */
export async function cameraPhoto(page, label = 'Counter') {
  const base64 = await page.evaluate(drawJpeg, { width: 3000, height: 2000, text: label, colour: '#b03a2e' });
  return { name: `${label.toLowerCase()}.jpg`, mimeType: 'image/jpeg', buffer: Buffer.from(base64, 'base64') };
}

/** What the reviewer says when returning an audit: overall, and on one item. */
export const RETURN_COMMENTS = {
  overall: 'Please check the storefront again.',
  item: 'The sign was off in the photo; was it lit?',
};

/** The consultant returns audit `auditId` with RETURN_COMMENTS (the item one on `itemId`). */
export async function returnAudit(auditId, itemId) {
  const reviewer = await apiClient(CONSULTANT);
  const item_comments = itemId ? [{ item_id: itemId, comment: RETURN_COMMENTS.item }] : [];
  const review = await reviewer.post(`/api/v1/audits/${auditId}/review`, {
    data: { decision: 'return', comment: RETURN_COMMENTS.overall, item_comments },
  });
  assert.equal(review.status(), 200, await review.text());
  await reviewer.dispose();
}

/** The phone's local copy of an audit (IndexedDB `drafts`). */
export async function localDraft(page, assignmentId) {
  return localRecord(page, 'drafts', assignmentId);
}

/** The JSON record under `key` of the phone's IndexedDB object store `store`, or null. */
export async function localRecord(page, store, key) {
  return page.evaluate(
    ([store, key]) =>
      new Promise((resolve, reject) => {
        const open = indexedDB.open('touchstone');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          const get = db.transaction(store).objectStore(store).get(key);
          get.onerror = () => reject(get.error);
          get.onsuccess = () => {
            db.close();
            resolve(get.result ? JSON.parse(get.result) : null);
          };
        };
      }),
    [store, key],
  );
}

/** Signs a signature item with pointer strokes across its pad, and keeps the signature. */
export async function sign(page, item) {
  const el = page.locator(`[id="item-${item.id}"]`);
  const pad = el.getByTestId(`signature-${item.id}`);
  await pad.scrollIntoViewIfNeeded();
  const box = await pad.boundingBox();
  await page.mouse.move(box.x + box.width * 0.1, box.y + box.height * 0.7);
  await page.mouse.down();
  for (const [x, y] of [[0.3, 0.2], [0.5, 0.8], [0.7, 0.3], [0.9, 0.6]]) {
    await page.mouse.move(box.x + box.width * x, box.y + box.height * y, { steps: 6 });
  }
  await page.mouse.up();
  await tap(el.getByRole('button', { name: 'Keep signature', exact: true }));
  return el.locator('img.thumb').first().waitFor();
}

/** Answers one item the way an auditor would, by its kind. */
async function answer(page, item, photo) {
  const el = page.locator(`[id="item-${item.id}"]`);
  const button = (name) => tap(el.getByRole('button', { name, exact: true }));
  switch (item.kind.type) {
    case 'yes_no':
      return button('Yes');
    case 'scale':
      return button('4');
    case 'choice':
      return button(item.kind.options[0].label);
    case 'multi_select':
      await button(item.kind.options[0].label);
      return button(item.kind.options[1].label);
    case 'number':
      return el.locator('input[type=number]').fill('45');
    case 'nps':
      return button('9');
    case 'text':
      return el.locator('textarea').first().fill('Clean frontage; A-board slightly faded.');
    case 'photo':
      await el.getByTestId(`photo-input-${item.id}`).setInputFiles(photo);
      return el.locator('img.thumb').first().waitFor();
    case 'date':
      return el.locator('input[type=date]').fill('2026-12-05');
    case 'time':
      return el.locator('input[type=time]').fill('14:30');
    case 'short_text':
      return el.locator('input[type=text]').fill('Amira');
    case 'barcode':
      return el.locator('input[type=text]').fill('TBL-07');
    case 'stopwatch':
      // A stopwatch timed before the walk keeps its time.
      if ((await el.getByRole('button', { name: 'Start', exact: true }).count()) === 0) return;
      await button('Start');
      return button('Stop');
    case 'receipt':
      await el.getByLabel('Amount').fill('4.20');
      await el.getByTestId(`photo-input-${item.id}`).setInputFiles(photo);
      return el.locator('img.thumb').first().waitFor();
    case 'signature':
      return sign(page, item);
    default:
      throw new Error(`unknown item kind ${item.kind.type}`);
  }
}

/**
 * Walks every touchpoint: answers each item shown, says how it felt, notes a pain point on
 * the first, then goes on to "Review & submit". Returns the kinds answered.
 */
export async function walkJourney(page, detail, photo, shots = {}) {
  const items = new Map();
  for (const section of detail.checklist.content.sections) {
    for (const item of section.items) items.set(item.id, item);
  }
  const kinds = new Set();
  for (let step = 0; ; step++) {
    if (await page.locator('#submit-title').isVisible()) break;
    await page.locator('section.step').waitFor();
    const ids = await page
      .locator('section.step .item')
      .evaluateAll((nodes) => nodes.map((n) => n.id.replace(/^item-/, '')));
    assert.ok(ids.length > 0, `step ${step} shows items`);
    for (const id of ids) {
      const item = items.get(id);
      assert.ok(item, `item ${id} is in the checklist`);
      await answer(page, item, photo);
      kinds.add(item.kind.type);
    }
    await tap(page.locator('fieldset.note').getByRole('button', { name: /Good$/ }));
    if (step === 0) {
      await page.locator('fieldset.note textarea').fill('Door was heavy to open with a pram');
      if (shots.firstStep) await screenshot(page, shots.firstStep);
    }
    if (item_has_photo(ids, items) && shots.photoStep) await screenshot(page, shots.photoStep);
    await tap(page.getByTestId('next'), shots.everyStep && `${shots.everyStep}-step-${step + 1}`);
  }
  await page.locator('#submit-title').waitFor();
  return kinds;
}

function item_has_photo(ids, items) {
  return ids.some((id) => items.get(id)?.kind.type === 'photo');
}

/** The live score the form shows, as raw points. */
export async function liveScore(page) {
  const badge = page.getByTestId('live-score');
  return {
    earned: Number(await badge.getAttribute('data-earned')),
    possible: Number(await badge.getAttribute('data-possible')),
  };
}

/** Waits for the sync indicator to say everything reached the server. */
export async function waitAllSent(page, timeout = 60_000) {
  await page.getByTestId('sync-summary').getByText('All sent', { exact: true }).waitFor({ timeout });
}

/** Asserts that what the server holds is what the phone submitted. */
export function assertSameAudit(server, local) {
  assert.equal(server.id, local.audit_id);
  assert.equal(server.status, 'submitted');
  assert.deepEqual(server.answers, local.input.answers);
  assert.deepEqual(server.touchpoint_notes, local.input.touchpoint_notes);
  const time = (t) => (t ? Date.parse(t) : null);
  assert.equal(time(server.visit.check_in_at), time(local.input.visit.check_in_at));
  assert.equal(time(server.visit.check_out_at), time(local.input.visit.check_out_at));
  assert.deepEqual(server.visit.position ?? null, local.input.visit.position ?? null);
  assert.equal(server.visit.accuracy_m ?? null, local.input.visit.accuracy_m ?? null);
  assert.equal(server.visit.position_error ?? null, local.input.visit.position_error ?? null);
}

/**
 * An auditor's phone checked in at the first assignment not started yet, standing at its
 * location: `{ context, page, id, detail }`.
 */
export async function checkedInAtFirstOpen(browser) {
  const context = await phone(browser, { permissions: ['geolocation'] });
  const page = await context.newPage();
  await signIn(page);
  const { id, card } = await firstOpenAssignment(page);
  const detail = await apiGet(context, `/api/v1/assignments/${id}/detail`);
  const { lat, lon } = detail.location.position;
  await context.setGeolocation({ latitude: lat, longitude: lon, accuracy: 10 });
  await card.locator('a').click();
  await page.getByTestId('check-in').click();
  await page.getByTestId('position').waitFor();
  return { context, page, id, detail };
}
