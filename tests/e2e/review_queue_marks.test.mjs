// The review queue and audit view as a new reviewer reads them: scores with "%", a stated
// and selectable order (oldest submitted first), flagged photos marked on their thumbnails
// and named as the flags name them, and one check-in distance, explained once.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  AUDITOR,
  CONSULTANT,
  apiClient,
  cameraPhoto,
  desk,
  launch,
  screenshot,
  signInAtDesk,
  uuidv7,
} from './helpers.mjs';

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

async function json(response, status = 200) {
  assert.equal(response.status(), status, await response.text());
  return response.json();
}

/** A valid answer to every item of a checklist; photo items (and the first item) carry `sha`. */
function answers(content, sha) {
  const value = (kind) => {
    switch (kind.type) {
      case 'yes_no': return { type: 'yes_no', value: true };
      case 'scale': return { type: 'scale', value: kind.max };
      case 'choice': return { type: 'choice', value: kind.options[0].label };
      case 'number': return { type: 'number', value: 1 };
      case 'nps': return { type: 'nps', value: 9 };
      case 'text': return { type: 'text', value: 'Fine' };
      case 'multi_select': return { type: 'multi_select', value: [kind.options[0].label] };
      case 'short_text': return { type: 'short_text', value: 'Amira' };
      case 'barcode': return { type: 'barcode', value: 'TBL-07' };
      default: return { type: 'photo' };
    }
  };
  // Stopwatches and receipts are left unanswered: optional, and timed against the visit.
  const skipped = ['stopwatch', 'receipt', 'signature', 'date', 'time'];
  const items = content.sections.flatMap((s) => s.items).filter((i) => !skipped.includes(i.kind.type));
  return items.map((item, i) => ({
    item_id: item.id,
    value: value(item.kind),
    photos: item.kind.type === 'photo' || i === 0 ? [sha] : [],
  }));
}

/** A new assignment like `template`'s, submitted through the API from `position`. */
async function submitted(consultant, auditor, template, sha, position) {
  const assignment = await json(await consultant.post('/api/v1/assignments', {
    data: {
      checklist_version_id: template.assignment.checklist_version_id,
      location_id: template.assignment.location_id,
      auditor_id: template.assignment.auditor_id,
      not_before: new Date(Date.now() - 3_600_000).toISOString(),
      due: new Date(Date.now() + 86_400_000).toISOString(),
      scenario: 'Review marks',
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
        position,
        accuracy_m: 12,
      },
      answers: answers(template.checklist.content, sha),
    },
  }), 201);
  return id;
}

test('the queue states its order and shows % and the audit view marks the flagged photo', async () => {
  const consultant = await apiClient(CONSULTANT);
  const auditor = await apiClient(AUDITOR);
  const mine = await json(await auditor.get('/api/v1/assignments?limit=500'));
  const template = await json(await auditor.get(`/api/v1/assignments/${mine.items[0].id}/detail`));
  const context = await desk(browser);
  const page = await context.newPage();
  const photo = await cameraPhoto(page, 'Marks');
  const upload = await auditor.post('/api/v1/photos', {
    headers: { 'Content-Type': 'image/jpeg' },
    data: photo.buffer,
  });
  assert.ok([200, 201].includes(upload.status()), await upload.text());
  const { sha256: sha } = await upload.json();
  const at = template.location.position;
  // The first audit at the shop; the second 5 km away with the same photo: reused, outside.
  const first = await submitted(consultant, auditor, template, sha, at);
  const second = await submitted(consultant, auditor, template, sha, { lat: at.lat + 0.045, lon: at.lon });

  await signInAtDesk(page, CONSULTANT, /\/review$/);
  const order = page.getByLabel('Order');
  assert.equal(await order.locator('option:checked').innerText(), 'Oldest submitted first');
  const count = page.getByTestId('queue-count');
  assert.match(await count.innerText(), /oldest submitted first/);
  await page.locator(`li[data-audit="${second}"]`).waitFor();
  const scores = await page.getByTestId('queue-score').allInnerTexts();
  assert.ok(scores.length >= 2);
  for (const s of scores) assert.match(s, /^Score (\d+\u00a0%|no score)$/, s);
  const queue = await json(await consultant.get('/api/v1/audits?status=submitted&limit=500'));
  const submittedAt = (a) => a.submitted_at ?? a.updated_at;
  const oldest = [...queue.items].sort((a, b) => submittedAt(a).localeCompare(submittedAt(b)));
  const shown = () => page.locator('li[data-audit]').evaluateAll((lis) => lis.map((li) => li.dataset.audit));
  assert.deepEqual(await shown(), oldest.map((a) => a.id), 'oldest submitted first');
  await order.selectOption({ label: 'Newest submitted first' });
  await page.waitForFunction((id) => document.querySelector('li[data-audit]')?.dataset.audit === id, second);
  assert.match(await count.innerText(), /newest submitted first/);
  await screenshot(page, '44-review-queue-order');

  await page.locator(`li[data-audit="${second}"] a.card-link`).click();
  await page.getByTestId('audit-view').waitFor();
  const flags = page.getByTestId('flags');
  const reused = flags.locator('li[data-kind="photo_reused"]');
  assert.match(await reused.innerText(), /Photo 1 is the same file as a photo of another audit/);
  // The thumbnail the flag is about carries the same name and the flag.
  const marked = page.locator('figure.evidence-photo.flagged');
  assert.ok((await marked.count()) >= 1, 'the flagged photo is marked');
  assert.equal(await marked.first().getAttribute('data-photo-name'), 'Photo 1');
  assert.match(await marked.first().locator('figcaption').innerText(), /Photo 1\s*Flagged: Photo reused/);
  assert.equal(await marked.first().locator('a').getAttribute('data-sha256'), sha);
  // One distance: the facts state it with its figures, the flag says what it means.
  const distance = await page.getByTestId('check-in-distance').innerText();
  assert.match(distance, /^5\.0 km from the location, accuracy 12 m, radius \d+ m$/, distance);
  const outside = await flags.locator('li[data-kind="outside_geofence"]').innerText();
  assert.doesNotMatch(outside, /\d+(\.\d+)? ?k?m\b/, `the flag does not repeat figures: ${outside}`);
  await screenshot(page, '45-audit-view-marks');
  // The first audit was checked in at the shop: no geofence flag there.
  const earlier = await json(await consultant.get(`/api/v1/audits/${first}`));
  assert.ok(!earlier.flags.some((f) => f.kind === 'outside_geofence'), JSON.stringify(earlier.flags));
  await consultant.dispose();
  await auditor.dispose();
  await context.close();
});
