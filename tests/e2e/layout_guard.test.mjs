// The layout guard (issue 15): every page of both bundles at phone widths 320, 360, 390 and
// 412 in mobile emulation and at 1366 at a desk: no horizontal overflow, fixed bars inside
// the visual viewport, tap targets of 44×44 CSS px on field pages, no text cut off. At 412
// the same pass runs axe-core (no serious or critical violation) and walks each page with
// the Tab key (every control reachable). One context per width and role; many checks per
// page load. A failure names the page, the width and the element.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import {
  CONSULTANT,
  PHONE_DEVICE,
  apiClient,
  firstOpenAssignment,
  launch,
  returnAudit,
  screenshot,
  signInAs,
  waitForAssignments,
} from './helpers.mjs';
import { inspectLayout, unreached, watchFocus } from './layout_checks.mjs';

const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
const PHONE_WIDTHS = [320, 360, 390, 412];
const DESK_WIDTH = 1366;
/** The width at which axe-core and the keyboard walk run. */
const AUDIT_WIDTH = 412;
const MIN_TAP = 44;

let browser;
let returned;

before(async () => {
  browser = await launch();
  returned = await returnedAssignment();
});

after(async () => {
  await browser?.close();
});

/** A submitted audit of the demo auditor, returned by the consultant: its assignment id. */
async function returnedAssignment() {
  const auditor = await apiClient();
  const mine = await (await auditor.get('/api/v1/audits?status=submitted&limit=1')).json();
  await auditor.dispose();
  const [audit] = mine.items;
  assert.ok(audit, 'the demo auditor has a submitted audit');
  await returnAudit(audit.id);
  return audit.assignment_id;
}

/** A context for `width`: a phone (mobile emulation) below the desk width. */
async function contextAt(width) {
  const device =
    width === DESK_WIDTH
      ? { viewport: { width, height: 900 }, deviceScaleFactor: 1, isMobile: false, hasTouch: false }
      : { ...PHONE_DEVICE, viewport: { width, height: Math.round(width * 2.2) } };
  const context = await browser.newContext({
    ...device,
    baseURL: process.env.TOUCHSTONE_URL ?? 'http://127.0.0.1:8080',
    locale: 'en-GB',
    timezoneId: 'Europe/London',
  });
  context.setDefaultTimeout(30_000);
  return context;
}

/** Waits until the app has rendered the page and its data (no "Loading…" left). */
async function settled(page) {
  await page.waitForLoadState('networkidle');
  await page.waitForFunction(() => {
    const started = !document.getElementById('shell') || document.documentElement.dataset.bundle === 'signin';
    const loading = [...document.querySelectorAll('[role=status]')].some(
      (s) => s.getClientRects().length > 0 && /^Loading/.test(s.textContent),
    );
    return started && !loading;
  });
}

/** Runs every check on the page as it is now; returns the problems, each naming `where`. */
async function check(page, where, { width, field }) {
  const problems = await page.evaluate(inspectLayout, { width, minTap: field ? MIN_TAP : 0 });
  if (width === AUDIT_WIDTH) {
    problems.push(...(await axeProblems(page)), ...(await keyboardProblems(page)));
  }
  await screenshot(page, `layout-${width}-${where.replace(/[^a-z0-9]+/gi, '-').toLowerCase()}`);
  return problems.map((p) => `${where} at ${width} px: ${p}`);
}

/** axe-core's serious and critical violations on the page. */
async function axeProblems(page) {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ path: AXE });
  const violations = await page.evaluate(async () => (await window.axe.run(document)).violations);
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `axe ${v.impact} ${v.id} (${v.help}): ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`);
}

/** Tabs through the page: every control must take the focus; nothing is mouse-only. */
async function keyboardProblems(page) {
  const { count, clickableOnly } = await page.evaluate(watchFocus);
  await page.evaluate(() => document.activeElement?.blur());
  let missed = await page.evaluate(unreached);
  for (let n = 0; n < 2 * count + 20 && missed.length > 0; n += 10) {
    for (let k = 0; k < 10; k++) await page.keyboard.press('Tab');
    missed = await page.evaluate(unreached);
  }
  await page.evaluate(() => document.activeElement?.blur());
  return [
    ...missed.map((m) => `not reachable with the Tab key: ${m}`),
    ...clickableOnly.map((m) => `clickable but not a control: ${m}`),
  ];
}

/**
 * The auditor's pages: sign-in, assignments, every step of the audit form, a returned audit,
 * and the shopper's job board, certification quiz, earnings and profile.
 */
async function fieldPages(width) {
  const context = await contextAt(width);
  const page = await context.newPage();
  const opts = { width, field: true };
  const problems = [];
  await page.goto('/login');
  await settled(page);
  problems.push(...(await check(page, 'sign-in', opts)));
  await signInAs(page, { email: 'auditor@demo.touchstone.test', password: 'touchstone-demo' });
  await waitForAssignments(page);
  await settled(page);
  problems.push(...(await check(page, 'assignments', opts)));
  // The notification bell's list, open over the assignments.
  await page.getByTestId('bell').locator('summary').click();
  await settled(page);
  problems.push(...(await check(page, 'notifications', opts)));
  await page.getByTestId('bell').locator('summary').click();

  const { id } = await firstOpenAssignment(page);
  await page.goto(`/assignments/${id}`);
  await page.locator('section.step').waitFor();
  await settled(page);
  const stepKey = () => document.querySelector('section.step p.stage')?.textContent ?? 'review';
  for (let step = 1; ; step++) {
    const title = (await page.locator('#step-title, #submit-title').first().innerText()).trim();
    problems.push(...(await check(page, `audit form step ${step} (${title})`, opts)));
    if (await page.locator('#submit-title').isVisible()) break;
    const before = await page.evaluate(stepKey);
    const next = page.getByTestId('next');
    const tapped = await (width === DESK_WIDTH ? next.click({ timeout: 5_000 }) : next.tap({ timeout: 5_000 })).then(
      () => null,
      (e) => e.message.split('\n')[0],
    );
    if (tapped) {
      problems.push(`audit form step ${step} at ${width} px: cannot tap Next: ${tapped}`);
      break;
    }
    await page.waitForFunction(
      (prev) => (document.querySelector('section.step p.stage')?.textContent ?? 'review') !== prev,
      before,
    );
  }

  await page.goto(`/assignments/${returned}`);
  await page.locator('.review-comment').first().waitFor();
  await settled(page);
  problems.push(...(await check(page, 'returned audit', opts)));

  // The shopper's pages: job board, certification quiz, earnings, profile.
  const board = await (await page.request.get('/api/v1/jobs?limit=1')).json();
  const quiz = `/certification/${board.items[0].checklist_id}`;
  for (const [name, path] of [['job board', '/jobs'], ['certification', quiz], ['earnings', '/earnings'], ['profile', '/profile']]) {
    await page.goto(path);
    await page.locator('main').waitFor();
    await settled(page);
    problems.push(...(await check(page, name, opts)));
  }
  await context.close();
  return problems;
}

/** Every office page a consultant has, with the audit view and a scorecard drill-down. */
async function officePages(width) {
  const context = await contextAt(width);
  const page = await context.newPage();
  const opts = { width, field: false };
  await signInAs(page, CONSULTANT);
  await page.waitForURL(/\/review$/);
  const problems = [];
  const visit = async (name, path) => {
    await page.goto(path);
    await settled(page);
    problems.push(...(await check(page, name, opts)));
  };
  await visit('review queue', '/review');
  const audit = await page.getByTestId('review-queue').locator('a').first().getAttribute('href');
  await visit('audit view', audit);
  await visit('scorecards', '/scorecards');
  const drill = await page.locator('a[href^="/scorecards/audits"]').first().getAttribute('href');
  await visit('scorecard drill-down', drill);
  await visit('journey map', '/journey-map');
  await visit('actions', '/actions');
  for (const tool of ['journeys', 'checklists', 'assignments', 'imports', 'report', 'waves', 'shoppers', 'pay', 'review-tools']) {
    await visit(`tools: ${tool}`, `/consult/${tool}`);
  }
  await context.close();
  return problems;
}

// LAYOUT_WIDTHS=412,1366 checks only those widths (while fixing one).
const widths = process.env.LAYOUT_WIDTHS?.split(',').map(Number) ?? [...PHONE_WIDTHS, DESK_WIDTH];
for (const width of widths) {
  const what = width === AUDIT_WIDTH ? ', axe-core and the keyboard' : '';
  test(`every page at ${width} px: no overflow, bars on screen, tap targets, no cut-off text${what}`, async () => {
    const problems = [...(await fieldPages(width)), ...(await officePages(width))];
    assert.deepEqual(problems, [], `${problems.length} layout problems:\n${problems.join('\n')}`);
  });
}
