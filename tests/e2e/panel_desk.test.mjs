// The panel desk (issue 20) at a desk, in Debian's Chromium against the real server and its
// demo panel: the consultant opens Waves from the consultant's tools and sees each wave's
// progress as the server counts it, then closes a pay period on the Pay page and downloads
// its ledger, whose CSV totals equal its lines to the cent.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { CONSULTANT, apiGet, desk, launch, screenshot, signInAtDesk, tap } from './helpers.mjs';

let browser;

before(async () => {
  browser = await launch();
});

after(async () => {
  await browser?.close();
});

/** Rows of a CSV text (RFC 4180 quoting), without its byte-order mark. */
function csvRows(text) {
  const rows = [];
  let row = [];
  let cell = '';
  let quoted = false;
  const body = text.replace(/^\uFEFF/, '');
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (quoted) {
      if (c === '"' && body[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(cell);
      cell = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && body[i + 1] === '\n') i++;
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
    } else cell += c;
  }
  if (cell !== '' || row.length) rows.push([...row, cell]);
  return rows;
}

/** `YYYY-MM-DD` of a day in London, `offset` days from today. */
function londonDay(offset) {
  const at = new Date(Date.now() + offset * 86_400_000);
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' }).format(at);
}

test('a consultant follows each wave from the tools and pays a closed period from a downloaded ledger that adds up to the cent', async () => {
  const context = await desk(browser);
  const page = await context.newPage();
  await signInAtDesk(page, CONSULTANT, /\/review$/);
  await page.goto('/consult/journeys');
  const tools = page.getByRole('navigation', { name: 'Consultant tools' });
  await tap(tools.getByRole('link', { name: 'Waves' }));
  await page.waitForURL(/\/consult\/waves$/);
  assert.equal(await tools.getByRole('link', { name: 'Waves' }).getAttribute('aria-current'), 'page');

  // Each schedule's waves, counted as the server counts them.
  const schedules = await apiGet(context, '/api/v1/wave-schedules');
  assert.ok(schedules.length >= 2, 'the demo has its monthly waves and a spot check');
  const sections = page.getByTestId('wave-schedule');
  await sections.first().getByTestId('waves').waitFor();
  assert.equal(await sections.count(), schedules.length);
  const columns = ['jobs', 'open', 'applied', 'claimed', 'submitted', 'approved', 'late'];
  for (const schedule of schedules) {
    const section = page.locator(`[data-schedule="${schedule.id}"]`);
    await section.getByRole('heading', { name: schedule.name }).waitFor();
    const waves = await apiGet(context, `/api/v1/wave-schedules/${schedule.id}/waves`);
    const rows = section.getByTestId('waves').locator('tbody tr');
    await rows.first().waitFor();
    assert.equal(await rows.count(), waves.length, schedule.name);
    for (const [n, wave] of waves.entries()) {
      const shown = await rows.nth(n).evaluate((tr) => Object.fromEntries(
        [...tr.querySelectorAll('[data-count]')].map((td) => [td.dataset.count, Number(td.textContent)]),
      ));
      assert.deepEqual(shown, Object.fromEntries(columns.map((c) => [c, wave[c]])), `${schedule.name}, wave ${n + 1}`);
      assert.equal(await rows.nth(n).getAttribute('data-period'), wave.period_start.slice(0, 10));
    }
  }
  // The monthly visits under way: three done by the panel and approved (the demo's pay).
  const monthly = schedules.find((s) => s.name === 'Monthly shop visits');
  const underWay = (await apiGet(context, `/api/v1/wave-schedules/${monthly.id}/waves`))[0];
  assert.ok(underWay.approved >= 3 && underWay.open > 0, JSON.stringify(underWay));
  await screenshot(page, 'panel-desk-01-waves');

  // The pay desk: the payable lines as the server lists them.
  await tap(tools.getByRole('link', { name: 'Pay' }));
  const table = page.getByTestId('pay-lines');
  await table.waitFor();
  const payable = await apiGet(context, '/api/v1/payments');
  assert.ok(payable.length >= 3, 'the demo has payable lines');
  assert.equal(await table.locator('tbody tr').count(), payable.length);
  assert.ok(payable.every((l) => l.status === 'payable' && l.total_minor === l.fee_minor + l.reimbursement_minor + l.adjustment_minor));
  await screenshot(page, 'panel-desk-02-payable');

  // Closing yesterday and today (London) freezes them into a ledger.
  const close = page.getByTestId('close-period');
  await close.getByLabel('First day').fill(londonDay(-1));
  await close.getByLabel('Last day').fill(londonDay(0));
  await tap(close.getByRole('button', { name: 'Close the period' }));
  await page.getByTestId('period-closed').waitFor();
  await page.getByTestId('pay-empty').waitFor();
  const [period] = await apiGet(context, '/api/v1/pay-periods');
  assert.equal(period.from, londonDay(-1));
  const card = page.getByTestId('pay-periods').locator(`[data-period="${period.id}"]`);
  await card.waitFor();
  await screenshot(page, 'panel-desk-03-closed');

  // The ledger as a real download: every line's total is its parts, each shopper's total
  // row the sum of their lines, and all of it the period's total, to the cent.
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    tap(card.getByTestId('ledger-csv')),
  ]);
  assert.match(download.suggestedFilename(), /\.csv$/);
  const rows = csvRows(await readFile(await download.path(), 'utf8'));
  const header = rows[0];
  assert.deepEqual(header, ['job_id', 'shopper_id', 'shopper', 'location', 'approved_at', 'fee', 'reimbursement', 'adjustment', 'total', 'currency']);
  const col = Object.fromEntries(header.map((h, i) => [h, i]));
  const lines = rows.slice(1).filter((r) => r[0] !== 'total');
  const totals = rows.slice(1).filter((r) => r[0] === 'total');
  assert.equal(lines.length, period.lines);
  const cents = (r, c) => {
    assert.match(r[col[c]], /^-?\d+$/, `${c} in whole minor units`);
    return Number(r[col[c]]);
  };
  const byShopper = new Map();
  for (const r of lines) {
    assert.equal(cents(r, 'total'), cents(r, 'fee') + cents(r, 'reimbursement') + cents(r, 'adjustment'));
    const key = `${r[col.shopper_id]} ${r[col.currency]}`;
    byShopper.set(key, (byShopper.get(key) ?? 0) + cents(r, 'total'));
  }
  assert.equal(totals.length, byShopper.size);
  for (const r of totals) {
    assert.equal(cents(r, 'total'), byShopper.get(`${r[col.shopper_id]} ${r[col.currency]}`), r[col.shopper]);
  }
  for (const t of period.totals) {
    const sum = lines.filter((r) => r[col.currency] === t.currency).reduce((s, r) => s + cents(r, 'total'), 0);
    assert.equal(sum, t.total_minor, t.currency);
  }
  const [xlsx] = await Promise.all([
    page.waitForEvent('download'),
    tap(card.getByTestId('ledger-xlsx')),
  ]);
  assert.match(xlsx.suggestedFilename(), /\.xlsx$/);
  const book = await readFile(await xlsx.path());
  assert.equal(book.subarray(0, 2).toString(), 'PK', 'an XLSX (zip) workbook');
  await context.close();
});
