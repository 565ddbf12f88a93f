// The newer answer types on the phone, offline: a stopwatch started in the form survives a
// reload and is stopped after it, a receipt's amount and photo, a signature drawn with
// pointer strokes; everything is sent once the phone is back online, and the server holds
// the timed instants, the amount and the signature's PNG.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  AUDITOR,
  CONSULTANT,
  apiClient,
  cameraPhoto,
  launch,
  phone,
  screenshot,
  serverAuditsOf,
  signIn,
  waitAllSent,
  walkJourney,
} from './helpers.mjs';

let browser;
let consultant;
let auditor;

before(async () => {
  browser = await launch();
  consultant = await apiClient(CONSULTANT);
  auditor = await apiClient(AUDITOR);
});

after(async () => {
  await consultant?.dispose();
  await auditor?.dispose();
  await browser?.close();
});

async function ok(response, status = 200) {
  assert.equal(response.status(), status, await response.text());
  return response.json();
}

/** A version of the demo checklist with a signature item first, assigned to the auditor. */
async function signatureAssignment() {
  const mine = await ok(await auditor.get('/api/v1/assignments?limit=1'));
  const base = await ok(await auditor.get(`/api/v1/assignments/${mine.items[0].id}/detail`));
  const content = structuredClone(base.checklist.content);
  content.sections[0].items.unshift({
    id: crypto.randomUUID(),
    label: 'Signed by the shift manager',
    kind: { type: 'signature', show_to_managers: false },
    weight: 1,
    required: true,
  });
  const { assignment } = base;
  const saved = await ok(
    await consultant.put(`/api/v1/checklists/${assignment.checklist_id}`, {
      data: { client_id: assignment.client_id, journey_id: base.journey.id, content },
    }),
  );
  const created = await ok(
    await consultant.post('/api/v1/assignments', {
      data: {
        checklist_version_id: saved.version.id,
        location_id: assignment.location_id,
        auditor_id: assignment.auditor_id,
        not_before: new Date(Date.now() - 86_400_000).toISOString(),
        due: new Date(Date.now() + 3 * 86_400_000).toISOString(),
        scenario: 'Answer types: time the drink, keep the receipt, get a signature',
      },
    }),
    201,
  );
  return ok(await auditor.get(`/api/v1/assignments/${created.id}/detail`));
}

test('a stopwatch timed across a reload, a receipt with its amount and a drawn signature, all offline, then synced', async () => {
  const detail = await signatureAssignment();
  const items = detail.checklist.content.sections.flatMap((s) => s.items);
  const byKind = (type) => items.find((i) => i.kind.type === type);
  const [stopwatch, receipt, signature] = ['stopwatch', 'receipt', 'signature'].map(byKind);
  assert.ok(stopwatch && receipt && signature, 'the checklist has the three kinds');

  const context = await phone(browser, { permissions: ['geolocation'] });
  const here = detail.location.position;
  await context.setGeolocation({ latitude: here.lat, longitude: here.lon, accuracy: 8 });
  const page = await context.newPage();
  await signIn(page);
  await page.goto(`/assignments/${detail.assignment.id}`);
  await page.getByTestId('check-in').click();
  await page.getByTestId('position').waitFor();
  const item = (id) => page.locator(`[id="item-${id}"]`);
  const walkTo = async (id) => {
    await page.locator('section.step').waitFor();
    while (!(await item(id).isVisible())) await page.getByTestId('next').click();
  };

  // Started, then the page reloads: the timer is still running from the same instant.
  await walkTo(stopwatch.id);
  await item(stopwatch.id).getByRole('button', { name: 'Start', exact: true }).click();
  await page.waitForTimeout(1500);
  await page.reload();
  await walkTo(stopwatch.id);
  await item(stopwatch.id).getByRole('button', { name: 'Stop', exact: true }).waitFor();
  await context.setOffline(true);
  await page.waitForTimeout(1000);
  await item(stopwatch.id).getByRole('button', { name: 'Stop', exact: true }).click();
  const shown = await page.getByTestId(`stopwatch-${stopwatch.id}`).innerText();
  const [minutes, seconds] = shown.split(':').map(Number);
  assert.ok(minutes * 60 + seconds >= 2, `timed across the reload: ${shown}`);
  await item(stopwatch.id).scrollIntoViewIfNeeded();
  await screenshot(page, 'answer-types-stopwatch');

  // Offline: the walk signs (pointer strokes), fills the receipt and takes its photo.
  await page.getByRole('navigation', { name: 'Touchpoints' }).getByRole('button').first().click();
  await walkJourney(page, detail, await cameraPhoto(page, 'Receipt'));
  await page.getByTestId('submit').click();
  await screenshot(page, 'answer-types-queued-offline');
  assert.equal((await serverAuditsOf(auditor, detail)).length, 0, 'nothing reached the server offline');

  await context.setOffline(false);
  await waitAllSent(page);
  await page.getByTestId('submit-status').getByText('the server has it').waitFor();
  const [stored] = await serverAuditsOf(auditor, detail);
  const full = await ok(await auditor.get(`/api/v1/audits/${stored.id}`));
  const answer = (id) => full.answers.find((a) => a.item_id === id);

  const timed = answer(stopwatch.id).value;
  assert.equal(timed.type, 'stopwatch');
  const ms = Date.parse(timed.value.stopped_at) - Date.parse(timed.value.started_at);
  assert.ok(ms >= 2000, `the stored timing spans the reload: ${ms} ms`);
  assert.ok(Date.parse(timed.value.started_at) >= Date.parse(full.visit.check_in_at));

  const paid = answer(receipt.id);
  assert.equal(paid.value.type, 'receipt');
  assert.equal(paid.value.value.amount_minor, 420);
  assert.equal(paid.value.value.currency, 'EUR');
  assert.equal(paid.photos.length, 1, 'the receipt keeps its photo');

  const signed = answer(signature.id);
  assert.deepEqual(signed.value, { type: 'signature' });
  assert.equal(signed.photos.length, 1);
  const png = await auditor.get(`/api/v1/photos/${signed.photos[0]}/original`);
  assert.equal(png.status(), 200);
  assert.equal(png.headers()['content-type'], 'image/png', 'the signature is kept as a PNG');
  await context.close();
});
