// Issue 7: the phone keeps each assignment's bundle and refreshes only what changed. After
// the list has loaded once, loading it again fetches no bundle; after the server changes one
// assignment (and adds another), only those bundles are fetched, and the list shows them.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  CONSULTANT,
  apiClient,
  launch,
  phone,
  screenshot,
  signIn,
  uuidv7,
  waitForAssignments,
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
  await cardOf(page, reused).locator('a').click();
  await page.getByTestId('check-in').waitFor();
  assert.deepEqual(fetched, [], 'the audit page needs no bundle from the server');
  await refreshed(page, () => page.getByRole('link', { name: 'Back to my assignments' }).click());
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
