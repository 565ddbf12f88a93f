// The notification centre in the browser: an auditor's phone shows a new assignment under the
// bell, with the unread count, opens it from there and keeps the list for offline use; a
// manager at a desk sees the corrective action assigned to them and marks all read. An auditor
// opens a returned audit from the bell; a manager opens the alert of a critical failure.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  AUDITOR, CONSULTANT, MANAGER, RETURN_COMMENTS, apiClient, desk, launch, phone, returnAudit, screenshot, signIn,
  signInAtDesk, tap,
} from './helpers.mjs';

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

async function json(response) {
  assert.ok(response.ok(), `${response.url()}: ${response.status()} ${await response.text()}`);
  return response.json();
}

test('an auditor opens a new assignment from the bell; a manager sees an action assigned', async () => {
  const consultant = await apiClient(CONSULTANT);
  const auditorApi = await apiClient(AUDITOR);
  const auditor = (await json(await auditorApi.get('/api/v1/auth/me'))).user;
  const existing = (await json(await consultant.get('/api/v1/assignments?limit=1'))).items[0];
  const now = Date.now();
  const created = await json(
    await consultant.post('/api/v1/assignments', {
      data: {
        checklist_version_id: existing.checklist_version_id,
        location_id: existing.location_id,
        auditor_id: auditor.id,
        not_before: new Date(now - 3_600_000).toISOString(),
        due: new Date(now + 3 * 86_400_000).toISOString(),
        scenario: 'Notified visit',
      },
    }),
  );

  const context = await phone(browser);
  const page = await context.newPage();
  await signIn(page);
  const bell = page.getByTestId('bell');
  await page.waitForFunction(() => Number(document.querySelector('[data-testid="bell-count"]')?.textContent) > 0);
  await screenshot(page, '60-bell-unread');
  await tap(bell.locator('summary'));
  const entry = bell.getByRole('link', { name: 'New visit assigned' }).first();
  await entry.waitFor();
  await screenshot(page, '61-bell-open-phone');
  const cached = await page.evaluate(() => JSON.parse(localStorage.getItem('touchstone.notifications')));
  assert.ok(cached.some((n) => n.link === `/assignments/${created.id}`), 'the list is kept for offline');
  await tap(entry);
  await page.waitForURL(`**/assignments/${created.id}`);
  await context.close();
  const read = await json(await auditorApi.get('/api/v1/notifications?limit=50'));
  assert.ok(read.items.find((n) => n.link === `/assignments/${created.id}`).read, 'opened marks it read');

  // A corrective action on a failed item of an approved audit, assigned to the manager.
  const managerApi = await apiClient(MANAGER);
  const manager = (await json(await managerApi.get('/api/v1/auth/me'))).user;
  const audits = (await json(await consultant.get('/api/v1/audits?status=approved&limit=100'))).items;
  let target;
  for (const summary of audits.filter((a) => manager.client_ids.includes(a.client_id))) {
    const audit = await json(await consultant.get(`/api/v1/audits/${summary.id}`));
    const failed = audit.score.items.find((i) => i.points.earned < i.points.possible);
    if (failed) {
      target = { audit_id: audit.id, item_id: failed.item_id };
      break;
    }
  }
  assert.ok(target, 'the demo has an approved audit with a failed item');
  await json(
    await consultant.post('/api/v1/actions', {
      data: { ...target, assignee_id: manager.id, due: new Date(now + 7 * 86_400_000).toISOString(), note: 'Fix it' },
    }),
  );
  const office = await desk(browser);
  const deskPage = await office.newPage();
  await signInAtDesk(deskPage, MANAGER, /\/scorecards/);
  const deskBell = deskPage.getByTestId('bell');
  await deskPage.waitForFunction(() => Number(document.querySelector('[data-testid="bell-count"]')?.textContent) > 0);
  await deskBell.locator('summary').click();
  await deskBell.getByRole('link', { name: 'Corrective action assigned to you' }).first().waitFor();
  await screenshot(deskPage, '62-bell-open-desk');
  // The count drops at once; the server has it when its answer is in.
  const marked = deskPage.waitForResponse((r) => r.url().endsWith('/api/v1/notifications/read'));
  await deskBell.getByRole('button', { name: 'Mark all read' }).click();
  await marked;
  await deskPage.waitForFunction(() => document.querySelector('[data-testid="bell-count"]')?.textContent === '0');
  const unread = await json(await managerApi.get('/api/v1/notifications/unread'));
  assert.equal(unread.unread, 0);
  await office.close();
  for (const api of [consultant, auditorApi, managerApi]) await api.dispose();
});

test('an auditor opens a returned audit from the bell; a manager opens the alert of a critical failure', async () => {
  const auditorApi = await apiClient(AUDITOR);
  // Two of the demo's returned audits, corrected and sent again: one is returned once more,
  // the other fails a critical item and is approved, which alerts the client's managers.
  const returned = (await json(await auditorApi.get('/api/v1/audits?status=returned&limit=10'))).items;
  assert.ok(returned.length >= 2, 'the demo has two returned audits');
  const resubmit = async (id, fail) => {
    const audit = await json(await auditorApi.get(`/api/v1/audits/${id}`));
    let answers = audit.answers;
    if (fail) {
      const detail = await json(await auditorApi.get(`/api/v1/assignments/${audit.assignment_id}/detail`));
      const items = detail.checklist.content.sections.flatMap((s) => s.items);
      const critical = items.find((i) => i.critical && i.kind.type === 'yes_no');
      assert.ok(critical, 'the demo checklist has a critical yes/no item');
      const bad = { type: 'yes_no', value: critical.kind.yes_is_good === false };
      answers = answers.filter((a) => a.item_id !== critical.id);
      answers.push({ item_id: critical.id, value: bad, comment: 'Not done', photos: [] });
    }
    const input = {
      assignment_id: audit.assignment_id,
      status: 'submitted',
      visit: audit.visit,
      answers,
      touchpoint_notes: audit.touchpoint_notes,
    };
    return json(await auditorApi.put(`/api/v1/audits/${id}`, { data: input }));
  };
  const sentBack = await resubmit(returned[0].id, false);
  await returnAudit(sentBack.id);
  const failing = await resubmit(returned[1].id, true);
  assert.ok(failing.score.total.critical_failure, 'a critical item failed');
  const consultant = await apiClient(CONSULTANT);
  await json(await consultant.post(`/api/v1/audits/${failing.id}/review`, { data: { decision: 'approve', comment: '' } }));

  const context = await phone(browser);
  const page = await context.newPage();
  await signIn(page);
  const bell = page.getByTestId('bell');
  await page.waitForFunction(() => Number(document.querySelector('[data-testid="bell-count"]')?.textContent) > 0);
  await tap(bell.locator('summary'));
  const item = bell.locator('li').filter({ has: page.getByRole('link', { name: 'Your audit was returned' }) }).first();
  const entry = item.getByRole('link');
  await entry.waitFor();
  assert.match(await item.innerText(), /Please check the storefront again/);
  await screenshot(page, '63-bell-returned');
  await tap(entry);
  await page.waitForURL(`**/assignments/${sentBack.assignment_id}`);
  await page.locator('section.brief').getByText(RETURN_COMMENTS.overall).waitFor();
  await screenshot(page, '64-returned-opened');
  await context.close();

  const office = await desk(browser);
  const deskPage = await office.newPage();
  await signInAtDesk(deskPage, MANAGER, /\/scorecards/);
  const deskBell = deskPage.getByTestId('bell');
  await deskBell.locator('summary').click();
  const alertItem = deskBell
    .locator('li')
    .filter({ has: deskPage.getByRole('link', { name: 'Alert: an approved audit needs attention' }) })
    .first();
  const alert = alertItem.getByRole('link');
  await alert.waitFor();
  assert.match(await alertItem.innerText(), /A critical item failed/);
  await screenshot(deskPage, '65-bell-alert');
  await alert.click();
  await deskPage.waitForURL(`**/audits/${failing.id}`);
  await screenshot(deskPage, '66-alert-opened');
  await office.close();
  for (const api of [consultant, auditorApi]) await api.dispose();
});
