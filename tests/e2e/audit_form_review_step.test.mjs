// The audit form as a new auditor sees it: emotion buttons drawn (no emoji a phone's fonts
// may lack), and the review & submit step's one action in the fixed bar where Next was.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { checkedInAtFirstOpen, launch, screenshot } from './helpers.mjs';

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

// Emoji and pictographs: what the old buttons drew with the font, and what must be gone.
const EMOJI = /[\u{1F300}-\u{1FAFF}\u{2600}-\u{27BF}]/u;

test('emotion buttons are drawn faces with words, and Submit sits in the fixed bar', async () => {
  const { context, page } = await checkedInAtFirstOpen(browser);

  const group = page.locator('fieldset.note .options.emotion').first();
  const buttons = group.getByRole('button');
  assert.equal(await buttons.count(), 5);
  const names = [];
  for (let i = 0; i < 5; i += 1) {
    const button = buttons.nth(i);
    const face = button.locator('svg.face');
    assert.equal(await face.count(), 1, `button ${i} draws a face`);
    const box = await face.boundingBox();
    assert.ok(box && box.width >= 20 && box.height >= 20, `face ${i} is drawn: ${JSON.stringify(box)}`);
    const text = (await button.innerText()).trim();
    assert.doesNotMatch(text, EMOJI, `no emoji in "${text}"`);
    names.push(text);
  }
  assert.deepEqual(names, ['Very bad', 'Bad', 'Neutral', 'Good', 'Very good']);
  // The mouths differ: a frown, a smile and a straight line are not the same picture.
  const mouths = await group.locator('svg.face path').evaluateAll((paths) => paths.map((p) => p.getAttribute('d')));
  assert.equal(new Set(mouths).size, 5, mouths.join(' | '));
  await buttons.nth(3).click();
  assert.equal(await buttons.nth(3).getAttribute('aria-pressed'), 'true');
  await screenshot(page, '40-emotion-faces');

  // The review & submit step: Submit is the fixed bar's primary button, not a greyed Next.
  await page.getByRole('button', { name: 'Review & submit' }).click();
  await page.locator('#submit-title').waitFor();
  const bar = page.locator('footer.actions');
  assert.equal(await bar.getByTestId('next').count(), 0, 'no Next on the last step');
  const submit = bar.getByTestId('submit');
  assert.ok(await submit.isEnabled(), 'Submit is enabled');
  assert.equal((await submit.innerText()).trim(), 'Submit audit');
  assert.equal(await page.locator('main [data-testid="submit"]').count(), 0, 'one Submit only');
  const box = await submit.boundingBox();
  const viewport = page.viewportSize();
  assert.ok(box && box.y + box.height <= viewport.height && box.y >= 0, `Submit on screen: ${JSON.stringify(box)}`);
  await submit.click();
  await page.getByText('Some answers are still missing').waitFor();
  await page.getByTestId('missing').waitFor();
  await screenshot(page, '41-review-step-bar');
  await context.close();
});
