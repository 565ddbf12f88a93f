// Checklists that branch, on the phone: a follow-up appears only after "No", a failed answer
// asks for its photo and note, the progress count follows what is asked, and the server
// stores only the answers of asked items. In the builder: conditions made with pickers, the
// preview hiding what the auditor would not see, and the "never shown" warning.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  AUDITOR,
  CONSULTANT,
  apiClient,
  cameraPhoto,
  desk,
  launch,
  phone,
  screenshot,
  serverAuditsOf,
  signIn,
  signInAtDesk,
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

/**
 * A new version of the demo checklist in which the first yes/no item that has another item
 * after it in its section is the trigger (a failure needs a photo and a note), and that next
 * item is asked only after "No"; and an assignment of it for the demo auditor.
 */
async function branchingAssignment() {
  const mine = await ok(await auditor.get('/api/v1/assignments?limit=1'));
  const base = await ok(await auditor.get(`/api/v1/assignments/${mine.items[0].id}/detail`));
  const content = structuredClone(base.checklist.content);
  const section = content.sections.find((s) =>
    s.items.slice(0, -1).some((i) => i.kind.type === 'yes_no'),
  );
  const at = section.items.findIndex((i, n) => i.kind.type === 'yes_no' && n < section.items.length - 1);
  const trigger = section.items[at];
  const followUp = section.items[at + 1];
  trigger.photo_if_failed = true;
  trigger.note_if_failed = true;
  trigger.allow_na = false;
  followUp.required = true;
  followUp.show_if = { op: 'equals', item_id: trigger.id, value: false };
  const { assignment } = base;
  const saved = await ok(
    await consultant.put(`/api/v1/checklists/${assignment.checklist_id}`, {
      data: { client_id: assignment.client_id, journey_id: base.journey.id, content },
    }),
  );
  const due = new Date(Date.now() + 3 * 86_400_000).toISOString();
  const created = await ok(
    await consultant.post('/api/v1/assignments', {
      data: {
        checklist_version_id: saved.version.id,
        location_id: assignment.location_id,
        auditor_id: assignment.auditor_id,
        not_before: new Date(Date.now() - 86_400_000).toISOString(),
        due,
        scenario: 'Branching: ask for a drink and decline it',
      },
    }),
    201,
  );
  const detail = await ok(await auditor.get(`/api/v1/assignments/${created.id}/detail`));
  return { detail, trigger, followUp };
}

/** The form's counts: answered of asked, and required answered of required (0 of 0 when unshown). */
async function progress(page) {
  const text = await page.getByTestId('progress').innerText();
  const [[done, total], [requiredDone, required] = [0, 0]] = [...text.matchAll(/(\d+) of (\d+)/g)].map(
    ([, a, b]) => [Number(a), Number(b)],
  );
  return { done, total, requiredDone, required };
}

test('"No" reveals the follow-up and asks for a photo and a note; "Yes" hides it again and it is neither counted nor stored', async () => {
  const { detail, trigger, followUp } = await branchingAssignment();
  const context = await phone(browser, { permissions: ['geolocation'] });
  const here = detail.location.position;
  await context.setGeolocation({ latitude: here.lat, longitude: here.lon, accuracy: 8 });
  const page = await context.newPage();
  await signIn(page);
  await page.goto(`/assignments/${detail.assignment.id}`);
  await page.getByTestId('check-in').click();
  await page.getByTestId('position').waitFor();

  // Walk to the trigger's touchpoint.
  const item = (id) => page.locator(`[id="item-${id}"]`);
  while (!(await item(trigger.id).isVisible())) await page.getByTestId('next').click();
  assert.equal(await item(followUp.id).count(), 0, 'the follow-up is not asked before an answer');
  const before = await progress(page);

  await item(trigger.id).getByRole('button', { name: 'No', exact: true }).click();
  await item(followUp.id).waitFor();
  const revealed = await progress(page);
  assert.equal(revealed.total, before.total + 1, 'the revealed follow-up is counted');
  assert.equal(revealed.done, before.done + 1);
  assert.equal(revealed.required, before.required + 1, 'the revealed follow-up is required');
  assert.equal(revealed.requiredDone, before.requiredDone + Number(trigger.required));
  await item(followUp.id).scrollIntoViewIfNeeded();
  await screenshot(page, 'branching-follow-up-revealed');

  // On the review step, the failed answer asks for its evidence and the follow-up its answer.
  await page.getByRole('button', { name: 'Review & submit' }).click();
  const missing = page.getByTestId('missing');
  await missing.getByText(`Add a photo to \u201c${trigger.label}\u201d`).waitFor();
  assert.match(await missing.innerText(), new RegExp(`Answer \u201c${followUp.label}`));

  // "Yes" after all: the follow-up vanishes, and the walk submits without it.
  await page.getByRole('navigation', { name: 'Touchpoints' }).getByRole('button').first().click();
  while (!(await item(trigger.id).isVisible())) await page.getByTestId('next').click();
  await item(trigger.id).getByRole('button', { name: 'Yes', exact: true }).click();
  await item(followUp.id).waitFor({ state: 'detached' });
  const hiddenAgain = await progress(page);
  assert.equal(hiddenAgain.total, before.total);
  assert.equal(hiddenAgain.required, before.required, 'a hidden required item is not counted');
  await page.getByRole('navigation', { name: 'Touchpoints' }).getByRole('button').first().click();
  await walkJourney(page, detail, await cameraPhoto(page, 'Branch'));
  await page.getByTestId('submit').click();
  await waitAllSent(page);
  await page.getByTestId('submit-status').getByText('the server has it').waitFor();

  const [stored] = await serverAuditsOf(auditor, detail);
  const full = await ok(await auditor.get(`/api/v1/audits/${stored.id}`));
  assert.ok(full.answers.some((a) => a.item_id === trigger.id));
  assert.ok(!full.answers.some((a) => a.item_id === followUp.id), 'no answer for the hidden follow-up');
  // The demo's multi-select, tapped on two options by the walk, keeps both.
  const multi = detail.checklist.content.sections.flatMap((s) => s.items).find((i) => i.kind.type === 'multi_select');
  const picked = full.answers.find((a) => a.item_id === multi.id);
  assert.deepEqual(picked?.value, { type: 'multi_select', value: multi.kind.options.slice(0, 2).map((o) => o.label) });
  await context.close();
});

test('the builder makes conditions with pickers, its preview branches, and it warns of an item never shown', async () => {
  const context = await desk(browser);
  const page = await context.newPage();
  await signInAtDesk(page, CONSULTANT, /\/review$/);
  await page.goto('/consult/checklists');
  await page.getByLabel('Client', { exact: true }).selectOption({ label: 'Halcyon Coffee' });
  await page.getByLabel('Journey', { exact: true }).selectOption({ label: 'In-store coffee journey' });
  await page.getByRole('button', { name: 'New checklist' }).click();
  const name = `Branching ${Date.now().toString(36)}`;
  await page.getByLabel('Name', { exact: true }).fill(name);
  await page.getByRole('button', { name: 'Add section' }).click();
  const section = page.getByTestId('section-editor').first();
  await section.getByRole('button', { name: /^Add item to/ }).click();
  await section.getByPlaceholder('Question').last().fill('Was a drink offered?');
  await section.getByLabel('Kind of the new item').selectOption('text');
  await section.getByRole('button', { name: /^Add item to/ }).click();
  const why = section.getByTestId('item-editor').last();
  await why.getByPlaceholder('Question').fill('Why not?');

  // The first item has nothing before it to depend on; the second picks it.
  const first = section.getByTestId('item-editor').first();
  await first.getByText('Condition', { exact: true }).click();
  assert.ok(await first.getByTestId('add-condition').isDisabled(), 'no earlier item to test');
  await first.getByLabel('Photo when failed').check();
  await first.getByLabel('Note when failed').check();
  await why.getByText('Condition', { exact: true }).click();
  await why.getByTestId('add-condition').click();
  const test1 = why.getByTestId('condition-test').first();
  assert.equal(await test1.getByLabel('Earlier item').locator('option:checked').innerText(), 'Was a drink offered?');
  const ops = await test1.getByLabel('Test').locator('option').allInnerTexts();
  assert.deepEqual(ops, ['is', 'is not', 'is answered', 'is not answered'], 'only operators a yes/no fits');
  await test1.getByLabel('No', { exact: true }).check();
  await test1.getByLabel('Yes', { exact: true }).uncheck();

  // The preview asks "Why not?" only after "No".
  const preview = page.getByTestId('preview');
  const item = (label) => preview.getByTestId('preview-item').filter({ hasText: label });
  assert.equal(await item('Why not?').count(), 0);
  await item('Was a drink offered?').getByRole('button', { name: 'No', exact: true }).click();
  await item('Why not?').waitFor();
  await item('Was a drink offered?').getByRole('button', { name: 'Yes', exact: true }).click();
  await item('Why not?').waitFor({ state: 'detached' });

  // "No" and "Yes" at once can never hold: the builder says so, until "any" is chosen.
  await why.getByTestId('add-condition').click();
  const test2 = why.getByTestId('condition-test').nth(1);
  assert.ok(await test2.getByLabel('Yes', { exact: true }).isChecked());
  await why.getByTestId('never-shown').waitFor();
  await screenshot(page, 'branching-builder-never-shown');
  await why.getByLabel('Combine').selectOption('any');
  await why.getByTestId('never-shown').waitFor({ state: 'detached' });
  // Untick every value: the shared validator's message shows before publishing.
  await test2.getByLabel('Yes', { exact: true }).uncheck();
  await why.getByRole('alert').getByText(/at least one value/).waitFor();
  await test2.getByLabel('Remove this condition').click();

  await page.getByRole('button', { name: 'Publish' }).click();
  await page.getByTestId('checklist-status').getByText('Published version 1').waitFor();
  const clients = await ok(await consultant.get('/api/v1/clients'));
  const clientId = clients.items.find((c) => c.name === 'Halcyon Coffee').id;
  const list = await ok(await consultant.get(`/api/v1/checklists?client_id=${clientId}&limit=500`));
  const saved = list.items.find((c) => c.version.content.name === name);
  const [offered, followUp] = saved.version.content.sections[0].items;
  assert.deepEqual(followUp.show_if, { op: 'one_of', item_id: offered.id, values: [false] });
  assert.ok(offered.photo_if_failed && offered.note_if_failed);
  await context.close();
});
