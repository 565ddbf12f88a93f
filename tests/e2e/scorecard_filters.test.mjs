// Scorecard filters apply as they change and the address follows them: a filtered view can
// be bookmarked, and the headline's drill-down honours the filters. On the same page loads:
// the charts' axis labels are not clipped, and the journey map labels its emotion curve.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { MANAGER, desk, launch, screenshot, signInAtDesk } from './helpers.mjs';

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

/** Texts of an SVG that stick out of it, as "text (side)". */
async function clippedTexts(svg) {
  return svg.evaluate((el) => {
    const frame = el.getBoundingClientRect();
    const out = [];
    for (const t of el.querySelectorAll('text')) {
      const r = t.getBoundingClientRect();
      if (r.width === 0) continue;
      const sides = [];
      if (r.left < frame.left - 0.5) sides.push('left');
      if (r.right > frame.right + 0.5) sides.push('right');
      if (r.top < frame.top - 0.5) sides.push('top');
      if (r.bottom > frame.bottom + 0.5) sides.push('bottom');
      if (sides.length) out.push(`${t.textContent} (${sides.join(', ')})`);
    }
    return out;
  });
}

test('filters apply as they change, the address keeps them and the drill-down honours them', async () => {
  const context = await desk(browser);
  const page = await context.newPage();
  await signInAtDesk(page, MANAGER, /\/scorecards/);
  await page.getByTestId('overview').waitFor();
  assert.equal(await page.getByRole('button', { name: 'Show' }).count(), 0, 'no Show button to press');
  assert.match(await page.getByTestId('zone-note').innerText(), /Europe\/London/);

  // Charts: no axis label sticks out of its chart ("29 No", "100" were cut).
  for (const id of ['trend-chart', 'histogram']) {
    const svg = page.getByTestId(id);
    await svg.waitFor();
    assert.deepEqual(await clippedTexts(svg), [], `${id} clips no label`);
  }

  // A region picked: the page follows without a button, and the address says so.
  const region = page.getByLabel('Region');
  const regions = await region.locator('option').evaluateAll((os) => os.map((o) => o.value).filter(Boolean));
  assert.ok(regions.length > 1, 'the demo has regions');
  await region.selectOption(regions[1]);
  await page.waitForURL((url) => url.searchParams.get('region') === regions[1]);
  // A first day typed: applied once typing pauses.
  await page.getByLabel('From').fill('2026-09-05');
  await page.waitForURL((url) => (url.searchParams.get('from') ?? '').startsWith('2026-09-04T23:00:00'));
  const url = new URL(page.url());
  assert.equal(url.searchParams.get('region'), regions[1]);
  // The headline's drill-down carries the same filters.
  const whole = page.getByTestId('overview').getByRole('link').first();
  // (Once the scorecard of the new address has loaded.)
  await page.waitForFunction(
    (wanted) => {
      const a = document.querySelector('[data-testid="overview"] a');
      return a && new URL(a.href).searchParams.get('from') === wanted;
    },
    url.searchParams.get('from'),
  );
  const href = new URL(await whole.getAttribute('href'), url);
  assert.equal(href.searchParams.get('region'), regions[1]);
  assert.equal(href.searchParams.get('from'), url.searchParams.get('from'));
  assert.equal(href.searchParams.get('to'), url.searchParams.get('to'));
  await screenshot(page, '42-scorecard-filtered');

  // The bookmark: opening the address restores the fields.
  const second = await context.newPage();
  await second.goto(url.pathname + url.search);
  await second.getByTestId('overview').waitFor();
  assert.equal(await second.getByLabel('Region').inputValue(), regions[1]);
  assert.equal(await second.getByLabel('From').inputValue(), '2026-09-05');
  assert.match(await second.getByTestId('overview').locator('h2').innerText(), /^5 Sep 2026 to /);
  await second.close();

  // The journey map: every point of the emotion curve is labelled with its touchpoint.
  await page.goto(`/journey-map${url.search}`);
  const curve = page.getByTestId('emotion-curve');
  await curve.waitFor();
  const points = curve.locator('g.point');
  const n = await points.count();
  assert.ok(n > 0, 'the curve has points');
  const names = await points.evaluateAll((gs) => gs.map((g) => [g.dataset.touchpoint, g.querySelector('text.xlabel')?.textContent ?? '']));
  for (const [name, label] of names) {
    const shown = label.replace(/\u2026$/, '');
    assert.ok(name.startsWith(shown) && shown.length >= Math.min(name.length, 10), `"${name}" labelled "${label}"`);
  }
  assert.deepEqual(await clippedTexts(curve), [], 'the curve clips no label');
  await screenshot(page, '43-journey-map-labels');
  await context.close();
});
