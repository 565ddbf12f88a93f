// Issue 7: the phone keeps each assignment's bundle and refreshes only what changed. After
// the list has loaded once, loading it again fetches no bundle; after the server changes one
// assignment (and adds another), only those bundles are fetched, and the list shows them.
// After a journey edit, one bundle per checklist version that uses it brings the new journey
// to every assignment of that version; the list still shows each audit's status.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  CONSULTANT,
  apiClient,
  launch,
  localRecord,
  phone,
  screenshot,
  signIn,
  uuidv7,
  waitForAssignments,
  tap,
} from './helpers.mjs';

let browser;
let api;
let consultant;

before(async () => {
  browser = await launch();
  api = await apiClient();
  consultant = await apiClient(CONSULTANT);
});

after(async () => {
  await api?.dispose();
  await consultant?.dispose();
  await browser?.close();
});

/** Records the assignment id of every bundle (`…/detail`) the page fetches. */
function bundleFetches(page) {
  const ids = [];
  page.on('request', (r) => {
    const match = /^\/api\/v1\/assignments\/([0-9a-f-]{36})\/detail$/.exec(new URL(r.url()).pathname);
    if (match) ids.push(match[1]);
  });
  return ids;
}

/** Does `action`, which shows the list, and waits until its refresh from the server is over. */
async function refreshed(page, action) {
  const listed = page.waitForResponse((r) => new URL(r.url()).pathname === '/api/v1/assignments');
  await action();
  await listed;
  // "Refreshing…" from before the list was asked for until every bundle is in.
  await waitForAssignments(page);
}

/** The list's card of an assignment. */
function cardOf(page, id) {
  return page.locator('li.card').filter({ has: page.locator(`a[href="/assignments/${id}"]`) });
}

/** Ids of the assignments the list shows as not started. */
async function notStarted(page) {
  const hrefs = await page
    .locator('li.card')
    .filter({ has: page.getByTestId('audit-status').getByText('Not started', { exact: true }) })
    .locator('a')
    .evaluateAll((links) => links.map((a) => a.getAttribute('href')));
  return hrefs.map((h) => h.split('/').pop());
}

test('a second load fetches no bundle; a changed and a new assignment fetch only theirs', async () => {
  const context = await phone(browser);
  const page = await context.newPage();
  const fetched = bundleFetches(page);
  await signIn(page);
  assert.ok(fetched.length > 0, 'the first load fetches the bundles');

  // Nothing changed on the server: the phone's copies serve.
  fetched.length = 0;
  await refreshed(page, () => page.reload());
  assert.deepEqual(fetched, [], 'no bundle is fetched when nothing changed');

  // An unchanged assignment's audit opens from the phone's copy, put back together.
  const [changed, reused] = await notStarted(page);
  assert.ok(reused, 'two assignments not started yet');
  await tap(cardOf(page, reused).locator('a'));
  await page.getByTestId('check-in').waitFor();
  assert.deepEqual(fetched, [], 'the audit page needs no bundle from the server');
  await refreshed(page, () => tap(page.getByRole('link', { name: 'Back to my assignments' })));
  assert.deepEqual(fetched, []);

  // The server changes one assignment (its audit started elsewhere) and adds another.
  const put = await api.put(`/api/v1/audits/${uuidv7()}`, {
    data: {
      assignment_id: changed,
      status: 'draft',
      visit: { check_in_at: new Date().toISOString() },
    },
  });
  assert.ok([200, 201].includes(put.status()), await put.text());
  const template = await (await api.get(`/api/v1/assignments/${changed}/detail`)).json();
  const created = await consultant.post('/api/v1/assignments', {
    data: {
      checklist_version_id: template.assignment.checklist_version_id,
      location_id: template.assignment.location_id,
      auditor_id: template.assignment.auditor_id,
      not_before: new Date(Date.now() - 3_600_000).toISOString(),
      due: new Date(Date.now() + 5 * 86_400_000).toISOString(),
      scenario: 'Refresh only what changed',
    },
  });
  assert.equal(created.status(), 201, await created.text());
  const { id: fresh } = await created.json();

  fetched.length = 0;
  await refreshed(page, () => page.reload());
  assert.deepEqual(fetched.sort(), [changed, fresh].sort(), 'only the changed and the new bundle');
  await cardOf(page, changed).getByTestId('audit-status').getByText('In progress', { exact: true }).waitFor();
  await cardOf(page, fresh).getByTestId('audit-status').getByText('Not started', { exact: true }).waitFor();
  await cardOf(page, fresh).getByText('Refresh only what changed').waitFor();
  await screenshot(page, '13-refreshed-only-what-changed');

  // And nothing again once the phone has them.
  fetched.length = 0;
  await refreshed(page, () => page.reload());
  assert.deepEqual(fetched, []);
  await context.close();
});

/** The journey the phone keeps with checklist version `versionId` (IndexedDB `checklists`). */
async function cachedJourney(page, versionId) {
  return page.evaluate(
    (id) =>
      new Promise((resolve, reject) => {
        const open = indexedDB.open('touchstone');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          const get = db.transaction('checklists').objectStore('checklists').get(id);
          get.onerror = () => reject(get.error);
          get.onsuccess = () => {
            db.close();
            resolve(get.result ? JSON.parse(get.result).journey : null);
          };
        };
      }),
    versionId,
  );
}

/** Ids of the assignments the list shows, with the status each shows. */
async function shown(page) {
  return page.locator('li.card').evaluateAll((cards) =>
    cards.map((card) => ({
      id: card.querySelector('a').getAttribute('href').split('/').pop(),
      status: card.querySelector('[data-testid="audit-status"]').textContent,
    })),
  );
}

test('an edited journey reaches the phone with one bundle per checklist version', async () => {
  const context = await phone(browser);
  const page = await context.newPage();
  const fetched = bundleFetches(page);
  await signIn(page);
  const cards = await shown(page);
  // Statuses come from the records the list reads, without the audits: the demo auditor has
  // audits sent and approved, and assignments not started.
  const statuses = new Set(cards.map((c) => c.status));
  for (const status of ['Not started', 'Submitted', 'Approved']) assert.ok(statuses.has(status), [...statuses].join(', '));
  const listed = async () => (await (await api.get('/api/v1/assignments?limit=500')).json()).items;
  const onPhone = (await listed()).filter((a) => cards.some((c) => c.id === a.id));
  assert.equal(onPhone.length, cards.length);
  const versions = [...new Set(onPhone.map((a) => a.checklist_version_id))];

  // A consultant renames a touchpoint of the journey the phone's checklists refer to.
  const { journey } = await (await api.get(`/api/v1/assignments/${onPhone[0].id}/detail`)).json();
  assert.equal(onPhone[0].journey_updated_at, journey.updated_at);
  const stages = structuredClone(journey.stages);
  const touchpoint = stages[0].touchpoints[0];
  touchpoint.name = `${touchpoint.name} (renamed)`;
  const put = await consultant.put(`/api/v1/journeys/${journey.id}`, {
    data: { client_id: journey.client_id, name: journey.name, stages },
  });
  assert.equal(put.status(), 200, await put.text());
  const edited = await put.json();
  const affected = (await listed()).filter(
    (a) => cards.some((c) => c.id === a.id) && a.journey_updated_at === edited.updated_at,
  );
  const affectedVersions = [...new Set(affected.map((a) => a.checklist_version_id))].sort();
  assert.ok(affectedVersions.length > 0, 'the phone has assignments on that journey');
  assert.ok(affected.length > affectedVersions.length, 'some versions serve several assignments');

  // One bundle for each version, whichever of its assignments; the list is as it was.
  fetched.length = 0;
  await refreshed(page, () => page.reload());
  const versionOf = (id) => onPhone.find((a) => a.id === id).checklist_version_id;
  assert.deepEqual(fetched.map(versionOf).sort(), affectedVersions, `fetched ${fetched}`);
  assert.deepEqual(await shown(page), cards);
  for (const version of versions) {
    const { journey: kept } = await localRecord(page, 'checklists', version);
    const expected = affectedVersions.includes(version) ? edited : journey;
    assert.equal(kept.updated_at, expected.updated_at, `journey of ${version}`);
  }

  // An assignment whose bundle was not fetched shows the new journey from the phone's copy.
  const other = affected.find((a) => !fetched.includes(a.id) && a.status === 'open');
  assert.ok(other, 'an open assignment of an edited version was not fetched');
  await tap(cardOf(page, other.id).locator('a'));
  await page.locator('.chip-name').filter({ hasText: touchpoint.name }).first().waitFor();
  await screenshot(page, '14-edited-journey-from-the-phone-copy');
  await refreshed(page, () => tap(page.getByRole('link', { name: 'Back to my assignments' })));

  // And nothing again once the phone has it.
  fetched.length = 0;
  await refreshed(page, () => page.reload());
  assert.deepEqual(fetched, []);
  await context.close();
});
