// The reviewer's workbench in the browser: a reviewer corrects a submitted audit with a
// reason and approves it, the auditor's phone marks the change, a bulk approval of the
// filtered queue reports the audit that changed meanwhile, a shared link works in a fresh
// browser profile (a new profile folder, no cookies) until it is revoked, and a demo
// audit's PDF has its answers, scores and an inked first page.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {
  ARTIFACTS_DIR,
  AUDITOR,
  CONSULTANT,
  apiClient,
  cameraPhoto,
  desk,
  launch,
  launchPhoneProfile,
  phone,
  screenshot,
  signInAs,
  signInAtDesk,
  uuidv7,
} from './helpers.mjs';

let browser;
let consultant;
let auditor;
let template;
let sha;
before(async () => {
  browser = await launch();
  consultant = await apiClient(CONSULTANT);
  auditor = await apiClient(AUDITOR);
  const mine = await json(await auditor.get('/api/v1/assignments?limit=500'));
  template = await json(await auditor.get(`/api/v1/assignments/${mine.items[0].id}/detail`));
  const context = await desk(browser);
  const page = await context.newPage();
  const photo = await cameraPhoto(page, 'Workbench');
  await context.close();
  const upload = await auditor.post('/api/v1/photos', {
    headers: { 'Content-Type': 'image/jpeg' },
    data: photo.buffer,
  });
  assert.ok([200, 201].includes(upload.status()), await upload.text());
  sha = (await upload.json()).sha256;
});
after(async () => {
  await consultant?.dispose();
  await auditor?.dispose();
  await browser?.close();
});

async function json(response, status = 200) {
  assert.equal(response.status(), status, await response.text());
  return response.json();
}

/** A valid answer to every item (photo items carry the uploaded photo). */
function answers(content) {
  const value = (kind) => {
    switch (kind.type) {
      case 'yes_no': return { type: 'yes_no', value: true };
      case 'scale': return { type: 'scale', value: kind.max };
      case 'choice': return { type: 'choice', value: kind.options[0].label };
      case 'number': return { type: 'number', value: 1 };
      case 'nps': return { type: 'nps', value: 9 };
      case 'text': return { type: 'text', value: 'Fine' };
      case 'multi_select': return { type: 'multi_select', value: [kind.options[0].label] };
      case 'photo': return { type: 'photo' };
      // The newer types (timings, receipts, signatures, codes) are optional in the demo.
      default: return null;
    }
  };
  return content.sections.flatMap((s) => s.items).filter((item) => value(item.kind)).map((item) => ({
    item_id: item.id,
    value: value(item.kind),
    photos: item.kind.type === 'photo' || item.photo_required || item.photo_if_failed ? [sha] : [],
  }));
}

/** The journey's first touchpoint the checklist asks about: the phone's first step. */
function firstTouchpoint() {
  const asked = new Set(template.checklist.content.sections.map((s) => s.touchpoint_id));
  return template.journey.stages.flatMap((s) => s.touchpoints).find((t) => asked.has(t.id));
}

/** A new assignment like the template's, its audit submitted through the API. */
async function submitted(painPoint) {
  const assignment = await json(await consultant.post('/api/v1/assignments', {
    data: {
      checklist_version_id: template.assignment.checklist_version_id,
      location_id: template.assignment.location_id,
      auditor_id: template.assignment.auditor_id,
      not_before: new Date(Date.now() - 3_600_000).toISOString(),
      due: new Date(Date.now() + 86_400_000).toISOString(),
      scenario: 'Workbench',
    },
  }), 201);
  const id = uuidv7();
  const now = Date.now();
  await json(await auditor.put(`/api/v1/audits/${id}`, {
    data: {
      assignment_id: assignment.id,
      status: 'submitted',
      visit: {
        check_in_at: new Date(now - 40 * 60_000).toISOString(),
        check_out_at: new Date(now).toISOString(),
        position: template.location.position,
        accuracy_m: 12,
      },
      answers: answers(template.checklist.content),
      touchpoint_notes: [{ touchpoint_id: firstTouchpoint().id, emotion: -1, pain_point: painPoint }],
    },
  }), 201);
  return { id, assignment: assignment.id };
}

/** Opens `url` in `page` and answers the downloaded file's bytes (a PDF is a download). */
async function download(page, url) {
  const [file] = await Promise.all([
    page.waitForEvent('download'),
    page.goto(url).catch(() => {}),
  ]);
  return readFile(await file.path());
}

test('a reviewer corrects a pain point with a reason and approves; the auditor sees it marked; a shared link opens in a fresh browser until revoked', async () => {
  const { id, assignment } = await submitted('Queue was long');
  const context = await desk(browser);
  const page = await context.newPage();
  await signInAtDesk(page, CONSULTANT, /\/review$/);
  await page.goto(`/audits/${id}`);
  await page.getByTestId('audit-view').waitFor();
  await page.getByTestId('edit-audit').click();
  const editor = page.getByTestId('audit-editor');
  const tp = firstTouchpoint();
  const pain = editor.locator(`.note-editor[data-touchpoint="${tp.id}"]`).getByTestId('edit-pain');
  assert.equal(await pain.inputValue(), 'Queue was long');
  await pain.fill('Queue was long: ten minutes at the only open till');
  // Evidence is not among what can be edited: no check-in or photo control in the editor.
  assert.equal(await editor.locator('input[type="file"], input[type="datetime-local"]').count(), 0);
  assert.match(await editor.innerText(), /check-in, the photos and the proof-of-visit flags are evidence/);
  // No reason: not saved.
  await page.getByTestId('edit-save').click();
  await page.getByRole('alert').getByText('Give the reason for the change').waitFor();
  await page.getByTestId('edit-reason').fill('Wording made precise from the auditor\u2019s photo');
  await screenshot(page, 'workbench-01-edit');
  await page.getByTestId('edit-save').click();
  await page.getByTestId('review-outcome').getByText(/Saved with your reason; score/).waitFor();
  const edit = page.getByTestId('trail-edit');
  await edit.waitFor();
  const trail = await edit.innerText();
  assert.match(trail, /Wording made precise/);
  assert.match(trail, new RegExp(`${tp.name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} \\(pain point\\): Queue was long \u2192 Queue was long: ten minutes`));
  assert.match(trail, /Consultant|consultant/i);
  // The original submission stays readable.
  await page.getByTestId('original-link').click();
  await page.getByTestId('original-note').waitFor();
  assert.match(await page.getByTestId('audit-view').innerText(), /Pain point: Queue was long(?!:)/);
  assert.equal(await page.getByTestId('approve').count(), 0, 'the original is read-only');
  await page.goto(`/audits/${id}`);
  await page.getByTestId('approve').click();
  await page.getByTestId('review-outcome').getByText(/Approved/).waitFor();
  await page.locator('[data-testid="audit-view"][data-status="approved"]').waitFor();
  await screenshot(page, 'workbench-02-approved');

  // A stale edit is refused and the reviewer told: another audit, changed behind the page.
  const stale = await submitted('Door was stuck');
  await page.goto(`/audits/${stale.id}`);
  await page.getByTestId('edit-audit').click();
  const current = await json(await consultant.get(`/api/v1/audits/${stale.id}`));
  await json(await consultant.post(`/api/v1/audits/${stale.id}/edits`, {
    data: {
      updated_at: current.updated_at,
      reason: 'Changed elsewhere',
      answers: current.answers,
      touchpoint_notes: current.touchpoint_notes.map((n) => ({ ...n, pain_point: 'Door was stuck shut' })),
    },
  }));
  await page.locator(`.note-editor[data-touchpoint="${tp.id}"]`).getByTestId('edit-pain').fill('Door stuck');
  await page.getByTestId('edit-reason').fill('Shorter');
  await page.getByTestId('edit-save').click();
  await page.getByRole('alert').getByText(/changed since you opened it/).waitFor();
  await page.getByText('Pain point: Door was stuck shut').waitFor();

  // Shared links: one open, one with a password; opened in a fresh browser, no cookies.
  await page.goto(`/audits/${id}`);
  const share = page.getByTestId('share-links');
  await share.getByTestId('share-days').fill('7');
  await share.getByTestId('share-create').click();
  const url = await share.getByTestId('share-url').inputValue();
  assert.match(url, /\/api\/v1\/shared\/[^/]+\/report\.pdf$/);
  await share.getByTestId('share-password').fill('open sesame 21');
  await share.getByTestId('share-create').click();
  await page.waitForFunction(() => document.querySelector('[data-testid="share-url"]')?.value.endsWith('/open'));
  const protectedUrl = await share.getByTestId('share-url').inputValue();
  await screenshot(page, 'workbench-03-share');

  // A browser of its own on a new profile folder: nothing of the reviewer's session.
  const profile = await mkdtemp(path.join(os.tmpdir(), 'touchstone-shared-'));
  const fresh = await launchPhoneProfile(profile);
  assert.equal((await fresh.cookies()).length, 0);
  const stranger = await fresh.newPage();
  const pdf = await download(stranger, url);
  assert.equal(pdf.subarray(0, 5).toString(), '%PDF-');
  // The protected link asks for its password on a page.
  await stranger.goto(protectedUrl);
  await stranger.getByLabel('Password').fill('wrong password');
  await stranger.getByRole('button', { name: 'Open the report' }).click();
  await stranger.getByRole('alert').getByText('That password is not right').waitFor();
  await stranger.getByLabel('Password').fill('open sesame 21');
  const [file] = await Promise.all([
    stranger.waitForEvent('download'),
    stranger.getByRole('button', { name: 'Open the report' }).click(),
  ]);
  assert.equal((await readFile(await file.path())).subarray(0, 5).toString(), '%PDF-');
  await screenshot(stranger, 'workbench-04-password-page');

  // The opens are counted; the open link revoked, it answers 404.
  await page.reload();
  const rows = page.getByTestId('share-list').locator('tr[data-link]');
  await rows.first().waitFor();
  assert.equal(await rows.count(), 2);
  const opens = (await page.getByTestId('share-opens').allInnerTexts()).map(Number).sort();
  assert.deepEqual(opens, [1, 1]);
  const open = rows.filter({ has: page.locator('td', { hasText: /^no$/ }) });
  await open.getByTestId('share-revoke').click();
  await open.getByText('revoked').waitFor();
  const gone = await stranger.goto(url).catch(() => null);
  assert.equal(gone?.status(), 404);
  await fresh.close();
  await rm(profile, { recursive: true, force: true });
  await context.close();

  // The auditor's phone marks what the reviewer changed, with the reason.
  const phoneContext = await phone(browser);
  const handset = await phoneContext.newPage();
  await signInAs(handset, AUDITOR);
  await handset.getByTestId('assignments').waitFor();
  await handset.goto(`/assignments/${assignment}`);
  const mark = handset.getByTestId('changed-mark');
  await mark.first().waitFor();
  assert.match(
    await mark.first().innerText(),
    /Changed by reviewer: Queue was long \u2192 Queue was long: ten minutes at the only open till \(Wording made precise/,
  );
  await mark.first().scrollIntoViewIfNeeded();
  await screenshot(handset, 'workbench-05-auditor-marked');
  await phoneContext.close();
});

test('bulk approval of the filtered queue approves what was listed and names what changed meanwhile', async () => {
  const mine = [await submitted('Bulk one'), await submitted('Bulk two'), await submitted('Bulk three')];
  const listed = await Promise.all(mine.map(async (m) => json(await consultant.get(`/api/v1/audits/${m.id}`))));
  const percents = listed.map((a) => (a.score.total.possible > 0 ? (a.score.total.earned / a.score.total.possible) * 100 : null));
  assert.ok(percents.every((p) => p !== null), 'scored audits');
  const low = Math.floor(Math.min(...percents));
  const high = Math.ceil(Math.max(...percents));

  const context = await desk(browser);
  const page = await context.newPage();
  await signInAtDesk(page, CONSULTANT, /\/review$/);
  await page.getByLabel('Location', { exact: true }).selectOption(template.assignment.location_id);
  await page.getByTestId('score-min').fill(String(low));
  await page.getByTestId('score-min').press('Tab');
  await page.getByTestId('score-max').fill(String(high));
  await page.getByTestId('score-max').press('Tab');
  for (const m of mine) await page.getByTestId('review-queue').locator(`li[data-audit="${m.id}"]`).waitFor();
  const queue = await json(await consultant.get(
    `/api/v1/audits?status=submitted&location_id=${template.assignment.location_id}&limit=500`,
  ));
  const expected = queue.items.filter((a) => a.percent !== null && a.percent >= low && a.percent <= high);
  const shown = await page.getByTestId('review-queue').locator('li[data-audit]').evaluateAll((lis) => lis.map((li) => li.dataset.audit));
  assert.deepEqual([...shown].sort(), expected.map((a) => a.id).sort(), 'the queue shows the filtered audits');
  await page.getByTestId('select-all').check();
  assert.match(await page.locator('#bulk-title').innerText(), new RegExp(`Selected: ${shown.length}`));
  await screenshot(page, 'workbench-06-bulk-selected');

  // One of them changes after it was listed.
  const changed = listed[1];
  await json(await consultant.post(`/api/v1/audits/${changed.id}/edits`, {
    data: {
      updated_at: changed.updated_at,
      reason: 'Corrected while the queue was open',
      answers: changed.answers,
      touchpoint_notes: changed.touchpoint_notes.map((n) => ({ ...n, pain_point: 'Bulk two, reworded' })),
    },
  }));
  await page.getByTestId('approve-selected').click();
  const outcome = page.getByTestId('bulk-outcome');
  await outcome.waitFor();
  assert.match(await page.getByTestId('bulk-reviewed').innerText(), new RegExp(`^Approved ${shown.length - 1}:`));
  const skipped = page.getByTestId('bulk-skipped').locator('li');
  assert.equal(await skipped.count(), 1);
  assert.equal(await skipped.getAttribute('data-audit'), changed.id);
  assert.match(await skipped.innerText(), /changed/i);
  await screenshot(page, 'workbench-07-bulk-outcome');
  // The server agrees: the changed one still waits, the others are approved.
  for (const m of mine) {
    const audit = await json(await consultant.get(`/api/v1/audits/${m.id}`));
    assert.equal(audit.status, m.id === changed.id ? 'submitted' : 'approved', m.id);
  }
  // The queue was listed again: the skipped audit is still there, the approved ones are not.
  const queued = (id) => page.getByTestId('review-queue').locator(`li[data-audit="${id}"]`);
  await queued(changed.id).waitFor();
  assert.equal(await queued(mine[0].id).count(), 0);
  await context.close();
});

test('the comment library is managed on the tools page and inserted with one tap', async () => {
  const context = await desk(browser);
  const page = await context.newPage();
  await signInAtDesk(page, CONSULTANT, /\/review$/);
  await page.goto('/consult/review-tools');
  const library = page.getByTestId('comment-library');
  const title = `Blurry photo ${Date.now()}`;
  await library.getByTestId('comment-title').fill(title);
  await library.getByTestId('comment-body').fill('Retake the photo of the counter in focus.');
  await library.getByTestId('comment-save').click();
  const item = library.locator('li[data-comment]').filter({ hasText: title });
  await item.waitFor();
  await item.getByRole('button', { name: 'Edit' }).click();
  await library.getByTestId('comment-body').fill('Retake the photo of the counter, in focus.');
  await library.getByTestId('comment-save').click();
  await library.getByText('Retake the photo of the counter, in focus.').waitFor();
  await library.getByTestId('comment-title').fill('Temporary');
  await library.getByTestId('comment-body').fill('To be deleted.');
  await library.getByTestId('comment-save').click();
  const temporary = library.locator('li[data-comment]').filter({ hasText: 'Temporary' });
  await temporary.getByRole('button', { name: 'Delete' }).click();
  await temporary.waitFor({ state: 'detached' });

  // Scheduled reports: schedule, make now, download, delete.
  const schedules = page.getByTestId('report-schedules');
  await schedules.getByLabel('Client').selectOption(template.assignment.client_id);
  await schedules.getByTestId('schedule-recipients').fill('ops@client.example, qa@client.example');
  await schedules.getByTestId('schedule-create').click();
  const row = schedules.locator('tr[data-schedule]').first();
  await row.waitFor();
  await row.getByTestId('schedule-run').click();
  const made = schedules.getByTestId('scheduled-reports').locator('a').first();
  await made.waitFor();
  const [file] = await Promise.all([page.waitForEvent('download'), made.click()]);
  assert.equal((await readFile(await file.path())).subarray(0, 5).toString(), '%PDF-');
  await screenshot(page, 'workbench-08-tools');
  await row.getByTestId('schedule-delete').click();
  await row.waitFor({ state: 'detached' });

  // The return comment on the review page takes the library's comment with one tap.
  const { id } = await submitted('Picker');
  await page.goto(`/audits/${id}`);
  await page.getByTestId('comment-picker').getByRole('button', { name: title }).click();
  assert.equal(await page.locator('#overall-comment').inputValue(), 'Retake the photo of the counter, in focus.');
  await page.getByTestId('return').click();
  await page.getByTestId('review-outcome').getByText('Returned to the auditor.').waitFor();
  await context.close();
});

test('a demo audit downloads from its page as a PDF with its answers and scores, its first page inked', async () => {
  const approved = await json(await consultant.get('/api/v1/audits?status=approved&limit=1'));
  assert.ok(approved.items.length > 0, 'the demo has approved audits');
  const { id, location_id: locationId } = approved.items[0];
  const location = await json(await consultant.get(`/api/v1/locations/${locationId}`));
  const context = await desk(browser);
  const page = await context.newPage();
  await signInAtDesk(page, CONSULTANT, /\/review$/);
  await page.goto(`/audits/${id}`);
  await page.getByTestId('audit-view').waitFor();
  const [file] = await Promise.all([page.waitForEvent('download'), page.getByTestId('audit-pdf').click()]);
  const pdf = path.join(ARTIFACTS_DIR, 'workbench-demo-audit.pdf');
  await file.saveAs(pdf);
  await context.close();
  const text = execFileSync('pdftotext', [pdf, '-']).toString();
  assert.ok(text.includes(`Audit report: ${location.name}`), text);
  assert.match(text, /Score \d+\.\d %/);
  // The first page, rendered in grey at 30 dpi, has ink on it.
  const prefix = path.join(ARTIFACTS_DIR, 'workbench-demo-audit-page1');
  execFileSync('pdftoppm', ['-gray', '-r', '30', '-f', '1', '-l', '1', '-singlefile', pdf, prefix]);
  const pgm = await readFile(`${prefix}.pgm`);
  // Binary PGM: "P5", width, height, maxval, then one byte a pixel.
  const header = pgm.subarray(0, 32).toString('latin1').match(/^P5\s+(\d+)\s+(\d+)\s+(\d+)\s/);
  assert.ok(header, 'a PGM image');
  const pixels = pgm.subarray(header[0].length);
  assert.equal(pixels.length, Number(header[1]) * Number(header[2]));
  const dark = pixels.filter((p) => p < 128).length;
  assert.ok(dark > 500, `page 1 is blank: ${dark} dark pixels`);
});
