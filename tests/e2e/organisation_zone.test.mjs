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

test('a consultant makes an API token, sees its use, and revokes it', async () => {
  const context = await desk(browser);
  const page = await context.newPage();
  await signInAtDesk(page, CONSULTANT, /\/review$/);
  await page.goto('/consult/organisation');
  const tokens = page.getByTestId('api-tokens');
  await tokens.getByLabel('What it is for').fill('Nightly BI export');
  await tokens.getByLabel('Expires after').selectOption({ label: '30 days' });
  await tokens.getByRole('button', { name: 'Create token' }).click();
  const secret = (await tokens.getByTestId('token-secret').innerText()).trim();
  assert.ok(secret.length >= 20, 'the secret is shown once');
  const row = tokens.getByTestId('token-list').locator('tr', { hasText: 'Nightly BI export' });
  await row.waitFor();
  const cells = await row.locator('td').allInnerTexts();
  assert.notEqual(cells[2], 'never', 'it expires');
  assert.equal(cells[3], 'never', 'not used yet');

  // The integration calls with the token, without a session; the page shows the use.
  const me = async () => (await fetch(new URL('/api/v1/auth/me', page.url()), {
    headers: { authorization: `Bearer ${secret}` },
  })).status;
  assert.equal(await me(), 200);
  await page.reload();
  const used = tokens.getByTestId('token-list').locator('tr', { hasText: 'Nightly BI export' });
  assert.notEqual((await used.locator('td').allInnerTexts())[3], 'never', 'last use shown');
  await screenshot(page, '47-api-tokens');

  await used.getByRole('button', { name: 'Revoke Nightly BI export' }).click();
  await used.waitFor({ state: 'detached' });
  assert.equal(await me(), 401, 'a revoked token no longer works');
  await context.close();
});
