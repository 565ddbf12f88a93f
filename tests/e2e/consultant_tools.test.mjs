// The consultant's tools of issue 6, in Debian's Chromium against the real server: journey
// and checklist builders with the live preview score, versioning of a checklist in use,
// batch assignments, an import refused row by row, and the client report with progress.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { AUDITOR, BASE, CONSULTANT, apiClient, launch, screenshot, uuidv7 } from './helpers.mjs';

const CLIENT = 'Halcyon Coffee';
const suffix = Date.now().toString(36);
const JOURNEY = `E2E shop ${suffix}`;
const CHECKLIST = `E2E checklist ${suffix}`;
const SCENARIO = `E2E visit ${suffix}`;

let browser;
let context;
let page;
let consultant;
let auditor;
let clientId;

async function getJson(api, url) {
  const response = await api.get(url);
  assert.equal(response.status(), 200, `GET ${url}: ${await response.text()}`);
  return response.json();
}

/** Waits until `check` answers true. */
async function until(check, what, timeout = 20_000) {
  const end = Date.now() + timeout;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out: ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

async function openTool(path) {
  await page.goto(path);
  await page.getByLabel('Client', { exact: true }).selectOption({ label: CLIENT });
}

before(async () => {
  browser = await launch();
  consultant = await apiClient(CONSULTANT);
  auditor = await apiClient(AUDITOR);
  const clients = await getJson(consultant, '/api/v1/clients');
  clientId = clients.items.find((c) => c.name === CLIENT).id;
  context = await browser.newContext({
    baseURL: BASE,
    viewport: { width: 1280, height: 900 },
    locale: 'en-GB',
    timezoneId: 'Europe/London',
    acceptDownloads: true,
  });
  context.setDefaultTimeout(30_000);
  page = await context.newPage();
  await page.goto('/login');
  await page.getByLabel('Email').fill(CONSULTANT.email);
  await page.getByLabel('Password').fill(CONSULTANT.password);
  await Promise.all([
    page.waitForResponse((r) => r.url().endsWith('/api/v1/auth/login') && r.status() === 200),
    page.getByRole('button', { name: 'Sign in' }).click(),
  ]);
  // The sign-in page is the field bundle: the review queue loads the office bundle, a full
  // page load that must be over before the tests navigate.
  await page.waitForURL(/\/review$/);
  await page.getByRole('navigation', { name: 'Main' }).waitFor();
});

after(async () => {
  await consultant?.dispose();
  await auditor?.dispose();
  await context?.close();
  await browser?.close();
});

test('a consultant builds a journey: stages and touchpoints added, removed and reordered, then saved', async () => {
  await openTool('/consult/journeys');
  await page.getByRole('button', { name: 'New journey' }).click();
  await page.getByLabel('Journey name').fill(JOURNEY);
  await page.getByRole('button', { name: 'Remove stage Advocacy' }).click();
  const purchase = page.getByTestId('stage').nth(2);
  await purchase.getByRole('button', { name: 'Add touchpoint to Purchase' }).click();
  await purchase.getByPlaceholder('Touchpoint name').last().fill('Door');
  await purchase.getByRole('button', { name: 'Add touchpoint to Purchase' }).click();
  await purchase.getByPlaceholder('Touchpoint name').last().fill('Till');
  await purchase.getByLabel('Channel').last().selectOption('phone');
  // Reordered from the keyboard: focus the button, press Enter; focus follows the entry.
  await page.getByRole('button', { name: 'Move touchpoint Till up' }).focus();
  await page.keyboard.press('Enter');
  await page.getByRole('button', { name: 'Move stage Retention up' }).click();
  await page.getByRole('button', { name: 'Save journey' }).click();
  await page.getByTestId('journey-status').getByText(`Saved “${JOURNEY}”`).waitFor();
  await screenshot(page, '20-journey-builder');

  const journeys = await getJson(consultant, `/api/v1/journeys?client_id=${clientId}&limit=500`);
  const journey = journeys.items.find((j) => j.name === JOURNEY);
  assert.ok(journey, 'the journey is on the server');
  assert.deepEqual(
    journey.stages.map((s) => s.name),
    ['Awareness', 'Consideration', 'Retention', 'Purchase'],
  );
  const touchpoints = journey.stages[3].touchpoints;
  assert.deepEqual(
    touchpoints.map((t) => [t.name, t.channel]),
    [
      ['Till', 'phone'],
      ['Door', 'in_store'],
    ],
  );
});

test('a consultant builds a checklist, the preview scores chosen answers live, and publishing makes version 1', async () => {
  await openTool('/consult/checklists');
  await page.getByLabel('Journey', { exact: true }).selectOption({ label: JOURNEY });
  await page.getByRole('button', { name: 'New checklist' }).click();
  await page.getByLabel('Name', { exact: true }).fill(CHECKLIST);

  await page.locator('#new-section').selectOption({ label: 'Purchase · Door' });
  await page.getByRole('button', { name: 'Add section' }).click();
  const door = page.getByTestId('section-editor').filter({ hasText: 'Purchase · Door' });
  await door.getByRole('button', { name: /^Add item to/ }).click();
  await door.getByPlaceholder('Question').last().fill('Greeted within 30 seconds?');
  await door.getByLabel('Kind of the new item').selectOption('scale');
  await door.getByRole('button', { name: /^Add item to/ }).click();
  const speed = door.getByTestId('item-editor').last();
  await speed.getByPlaceholder('Question').fill('Speed of service');
  await speed.getByLabel('Weight').fill('2');
  await speed.getByLabel('Weight').press('Tab');

  await page.locator('#new-section').selectOption({ label: 'Purchase · Till' });
  await page.getByRole('button', { name: 'Add section' }).click();
  const till = page.getByTestId('section-editor').filter({ hasText: 'Purchase · Till' });
  await till.getByLabel('Kind of the new item').selectOption('choice');
  await till.getByRole('button', { name: /^Add item to/ }).click();
  const tidy = till.getByTestId('item-editor').last();
  await tidy.getByPlaceholder('Question').fill('Till area tidy?');
  await tidy.getByLabel('N/A allowed').check();
  await tidy.getByLabel('Critical').check();

  // Yes (1 of 1) + scale 4 of 1–5 at weight 2 (1.5 of 2), the till N/A: 2.5 of 3.
  const preview = page.getByTestId('preview');
  const item = (label) => preview.getByTestId('preview-item').filter({ hasText: label });
  await item('Greeted within 30 seconds?').getByRole('button', { name: 'Yes' }).click();
  await item('Speed of service').locator('input[type=number]').fill('4');
  await item('Till area tidy?').getByRole('button', { name: 'N/A' }).click();
  const score = preview.getByTestId('preview-score');
  await assert.doesNotReject(score.locator('.score-value').getByText('83 %').waitFor());
  assert.equal(await score.getAttribute('data-earned'), '2.5');
  assert.equal(await score.getAttribute('data-possible'), '3');
  // A poor till: 0 of 2 on a critical item; 2.5 of 5 and flagged.
  await item('Till area tidy?').getByRole('button', { name: 'Poor (0 pts)' }).click();
  await score.locator('.score-value').getByText('50 %').waitFor();
  assert.equal(await score.getAttribute('data-possible'), '5');
  assert.match(await score.innerText(), /critical failure/);
  await screenshot(page, '21-checklist-builder');

  await page.getByRole('button', { name: 'Publish' }).click();
  await page.getByTestId('checklist-status').getByText('Published version 1').waitFor();
  assert.equal(await page.getByTestId('checklist-version').innerText(), 'Version 1');
  const checklists = await getJson(consultant, `/api/v1/checklists?client_id=${clientId}&limit=500`);
  const published = checklists.items.find((c) => c.version.content.name === CHECKLIST);
  assert.equal(published.version.number, 1);
  const kinds = published.version.content.sections.flatMap((s) => s.items.map((i) => [i.label, i.kind.type, i.weight, i.critical]));
  assert.deepEqual(kinds, [
    ['Greeted within 30 seconds?', 'yes_no', 1, false],
    ['Speed of service', 'scale', 2, false],
    ['Till area tidy?', 'choice', 1, true],
  ]);
});

test('assignments for two locations are made in one go and listed; editing the checklist once audited makes version 2', async () => {
  await openTool('/consult/assignments');
  await page.getByLabel('Checklist').selectOption({ label: `${CHECKLIST} (v1)` });
  await page.locator('#plan-auditor').selectOption({ label: 'Ari Auditor' });
  await page.getByLabel('Covent Garden (LDN-01)').check();
  await page.getByLabel('Shoreditch (LDN-02)').check();
  await page.getByLabel('Scenario').fill(SCENARIO);
  await page.getByRole('button', { name: 'Create 2 assignments' }).click();
  await page.getByTestId('plan-result').getByText('Created 2 assignments').waitFor();
  const rows = page.getByTestId('assignment-list').locator('tbody tr').filter({ hasText: SCENARIO });
  await rows.nth(1).waitFor();
  assert.equal(await rows.count(), 2);
  // Filtered to one location and to open assignments.
  await page.locator('#filter-location').selectOption({ label: 'Shoreditch (LDN-02)' });
  await page.locator('#filter-status').selectOption('open');
  const shown = page.getByTestId('assignment-list').locator('tbody tr');
  await until(async () => {
    const texts = await shown.allInnerTexts();
    return texts.length > 0 && texts.every((t) => /Shoreditch/.test(t) && /\bopen\b/.test(t));
  }, 'only open assignments at Shoreditch are listed');
  assert.equal(await shown.filter({ hasText: SCENARIO }).count(), 1);
  await screenshot(page, '22-assignments');

  // The auditor starts an audit of one of them: the version is now in use.
  const mine = await getJson(auditor, '/api/v1/assignments?limit=500&status=open');
  const assignment = mine.items.find((a) => a.scenario === SCENARIO);
  assert.ok(assignment, 'the auditor has the new assignment');
  const put = await auditor.put(`/api/v1/audits/${uuidv7()}`, {
    data: { assignment_id: assignment.id, status: 'draft' },
  });
  assert.equal(put.status(), 201, await put.text());

  await openTool('/consult/checklists');
  await page.getByLabel('Journey', { exact: true }).selectOption({ label: JOURNEY });
  await page.getByRole('button', { name: `Edit ${CHECKLIST} (v1)` }).click();
  const speed = page.getByTestId('item-editor').nth(1);
  await speed.getByPlaceholder('Question').fill('Speed of service at the door');
  await page.getByRole('button', { name: 'Publish' }).click();
  await page.getByTestId('checklist-status').getByText('Published version 2').waitFor();
  assert.equal(await page.getByTestId('checklist-version').innerText(), 'Version 2');

  const checklist = await getJson(consultant, `/api/v1/checklists/${assignment.checklist_id}`);
  assert.equal(checklist.version.number, 2);
  assert.equal(checklist.version.content.sections[0].items[1].label, 'Speed of service at the door');
  const old = await getJson(consultant, `/api/v1/checklist-versions/${assignment.checklist_version_id}`);
  assert.equal(old.version.number, 1, 'the audited version is kept as it was');
  assert.equal(old.version.content.sections[0].items[1].label, 'Speed of service');
});

test('an import with a bad row shows that row and imports nothing', async () => {
  await openTool('/consult/imports');
  const csv = `code,name,lat,lon\nE2E-${suffix}-1,Good shop,51.5,-0.1\nE2E-${suffix}-2,Bad shop,95,-0.1\n`;
  await page.getByLabel('File (CSV or XLSX)').setInputFiles({ name: 'shops.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
  await page.getByRole('button', { name: 'Import' }).click();
  const problems = page.getByTestId('row-problems');
  await problems.waitFor();
  const rows = problems.locator('tbody tr');
  assert.equal(await rows.count(), 1);
  const cells = await rows.first().locator('td').allInnerTexts();
  assert.equal(cells[0], '3');
  assert.equal(cells[1], 'lat');
  assert.match(cells[2], /90/);
  await screenshot(page, '23-import-errors');
  const locations = await getJson(consultant, `/api/v1/locations?client_id=${clientId}&limit=500`);
  assert.ok(!locations.items.some((l) => l.code.startsWith(`E2E-${suffix}`)), 'nothing was imported');
});

test('the client report shows its progress and produces a PDF; the exports are linked', async () => {
  await openTool('/consult/report');
  const [download, response] = await Promise.all([
    page.waitForEvent('download', { timeout: 240_000 }),
    page.waitForResponse((r) => r.url().includes('/api/v1/reports/client.pdf'), { timeout: 240_000 }),
    page.getByRole('button', { name: 'Generate report' }).click(),
  ]);
  assert.equal(response.status(), 200);
  assert.equal(response.headers()['content-type'], 'application/pdf');
  const length = Number(response.headers()['content-length']);
  assert.ok(length > 1000, 'the server announces the size');
  const pdf = await readFile(await download.path());
  assert.equal(pdf.subarray(0, 5).toString('latin1'), '%PDF-');
  assert.equal(pdf.length, length);
  assert.match(download.suggestedFilename(), /\.pdf$/);

  const progress = page.getByTestId('report-progress');
  assert.equal(await progress.getAttribute('data-phases'), 'waiting receiving done');
  const bar = progress.locator('progress');
  assert.equal(await bar.getAttribute('max'), String(length));
  assert.equal(await bar.getAttribute('value'), String(length));
  assert.match(await progress.innerText(), /100\s%/);
  await page.getByTestId('report-link').waitFor();
  await screenshot(page, '24-report');

  const csv = await page.getByTestId('export-csv').getAttribute('href');
  assert.match(csv, new RegExp(`^/api/v1/exports/answers\\.csv\\?client_id=${clientId}&from=`));
  const exported = await consultant.get(csv);
  assert.equal(exported.status(), 200);
  assert.match(exported.headers()['content-type'], /text\/csv/);
  assert.match(await page.getByTestId('export-xlsx').getAttribute('href'), /answers\.xlsx\?/);
});
