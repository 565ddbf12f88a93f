// The organisation's time zone in the browser: an admin finds it under Tools and may change
// it (a name that is not a zone is refused with the server's message), and the pages where
// days are picked name the zone they are in.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { CONSULTANT, desk, launch, screenshot, signInAtDesk } from './helpers.mjs';

const ADMIN = { email: 'admin@demo.touchstone.test', password: 'touchstone-demo' };

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

test('an admin sees and sets the organisation\'s zone; picked days name it', async () => {
  const context = await desk(browser);
  const page = await context.newPage();
  await signInAtDesk(page, ADMIN, /\/review$/);
  await page.goto('/consult/organisation');
  const field = page.getByLabel('IANA time zone');
  await field.waitFor();
  assert.equal(await field.inputValue(), 'Europe/London');
  assert.match(await page.getByText(/This browser is in/).innerText(), /Europe\/London/);
  await field.fill('Mars/Olympus');
  await page.getByTestId('save-zone').click();
  await page.getByRole('alert').getByText(/not an IANA time zone/).waitFor();
  // Saving the zone it has keeps every other test's days as they were.
  await page.getByTestId('use-browser-zone').click();
  await page.getByTestId('save-zone').click();
  await page.getByRole('status').getByText('Days and times are now in Europe/London.').waitFor();
  await screenshot(page, '46-organisation-zone');
  await context.close();

  const consultant = await desk(browser);
  const tools = await consultant.newPage();
  await signInAtDesk(tools, CONSULTANT, /\/review$/);
  for (const path of ['/consult/report', '/consult/assignments']) {
    await tools.goto(path);
    // The planner shows its form once a client is chosen.
    await tools.getByLabel('Client').selectOption({ index: 1 });
    assert.match(await tools.getByTestId('zone-note').innerText(), /^Days and times in Europe\/London$/, path);
  }
  await tools.goto('/consult/organisation');
  assert.equal(await tools.getByTestId('save-zone').count(), 0, 'only admins change it');
  await consultant.close();
});
