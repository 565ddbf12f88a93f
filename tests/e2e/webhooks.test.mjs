// Webhooks in the browser: an admin registers an endpoint (a receiving server on loopback
// that checks each Standard Webhooks signature with the secret the page showed once), sends
// it a test event and reads the delivery log with the status code of each attempt; an
// endpoint that keeps failing is disabled, its log shows why, and the admin enables it
// again. (run.sh starts the server with --allow-private-webhooks and quick retries.)

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import http from 'node:http';
import { createRequire } from 'node:module';
import { desk, launch, screenshot, signInAtDesk } from './helpers.mjs';

const ADMIN = { email: 'admin@demo.touchstone.test', password: 'touchstone-demo' };
const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

let browser;
let receiver;
/** Signing secret per path, once the page showed it. */
const secrets = new Map();
/** Verified messages per path: { id, body }. */
const verified = new Map();
let forged = 0;

/** Checks a Standard Webhooks signature with Node's own HMAC. */
function verify(secret, headers, body) {
  const id = headers['webhook-id'];
  const timestamp = headers['webhook-timestamp'];
  const signatures = headers['webhook-signature'] ?? '';
  if (!id || !timestamp || Math.abs(Date.now() / 1000 - Number(timestamp)) > 300) return false;
  const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
  const expected = crypto.createHmac('sha256', key).update(`${id}.${timestamp}.${body}`).digest('base64');
  return signatures.split(' ').some((s) => s === `v1,${expected}`);
}

before(async () => {
  browser = await launch();
  // `/ok/…` answers 204 to a message whose signature checks; `/down/…` always 503.
  receiver = http.createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => {
      body += chunk;
    });
    req.on('end', () => {
      if (req.url.startsWith('/down/')) {
        res.writeHead(503).end();
        return;
      }
      const secret = secrets.get(req.url);
      if (secret && verify(secret, req.headers, body)) {
        if (!verified.has(req.url)) verified.set(req.url, []);
        verified.get(req.url).push({ id: req.headers['webhook-id'], body: JSON.parse(body) });
        res.writeHead(204).end();
      } else {
        forged += 1;
        res.writeHead(401).end();
      }
    });
  });
  await new Promise((resolve) => receiver.listen(0, '127.0.0.1', resolve));
});
after(async () => {
  await browser?.close();
  receiver?.close();
});

/** Registers `path` on the receiver for `kind` through the form; returns its card. */
async function register(page, base, path, kind) {
  const section = page.getByTestId('webhooks');
  await section.getByLabel('Endpoint URL').fill(`${base}${path}`);
  await section.getByLabel(kind, { exact: true }).check();
  await section.getByRole('button', { name: 'Register endpoint' }).click();
  const secret = await section.getByTestId('webhook-secret').innerText();
  assert.match(secret, /^whsec_/);
  secrets.set(path, secret);
  const card = section.getByRole('article', { name: `${base}${path}` });
  await card.waitFor();
  return card;
}

/** Refreshes a card's open log until `pattern` shows in it. */
async function logShows(card, pattern) {
  const log = card.getByTestId('webhook-log');
  for (let i = 0; i < 60; i += 1) {
    if (pattern.test(await log.innerText())) return;
    await log.getByRole('button', { name: 'Refresh log' }).click();
    await new Promise((r) => setTimeout(r, 250));
  }
  assert.fail(`the log never showed ${pattern}: ${await log.innerText()}`);
}

test('an admin registers a webhook, sends a test event, reads the log and re-enables a failing one', async () => {
  const base = `http://127.0.0.1:${receiver.address().port}`;
  const context = await desk(browser);
  const page = await context.newPage();
  await signInAtDesk(page, ADMIN, /\/review$/);
  await page.goto('/consult/organisation');
  await page.getByTestId('webhooks').waitFor();

  // Bad input: the server's message names the problem.
  const section = page.getByTestId('webhooks');
  await section.getByLabel('Endpoint URL').fill(`${base}/ok/none`);
  await section.getByRole('button', { name: 'Register endpoint' }).click();
  await section.getByRole('alert').getByText(/at least one event kind/).waitFor();

  // A working endpoint: the test event arrives signed, and the log says HTTP 204.
  const ok = await register(page, base, '/ok/e2e', 'assignment created');
  assert.match(await ok.innerText(), /assignment created/);
  await ok.getByRole('button', { name: 'Send test event' }).click();
  await logShows(ok, /delivered[\s\S]*HTTP 204/);
  const got = verified.get('/ok/e2e') ?? [];
  assert.equal(got.length, 1, 'the test event, once');
  assert.equal(got[0].body.type, 'webhook_test');
  assert.equal(forged, 0, 'every signature checked');
  await screenshot(page, '70-webhook-delivered');

  // An endpoint that keeps failing: three attempts, each HTTP 503, then disabled.
  const down = await register(page, base, '/down/e2e', 'audit approved');
  await down.getByRole('button', { name: 'Send test event' }).click();
  await logShows(down, /failed[\s\S]*HTTP 503[\s\S]*HTTP 503[\s\S]*HTTP 503/);
  await page.reload();
  const reloaded = page.getByTestId('webhooks').getByRole('article', { name: `${base}/down/e2e` });
  await reloaded.getByTestId('webhook-state').getByText(/^Disabled .*HTTP 503/).waitFor();
  await reloaded.getByRole('button', { name: 'Delivery log' }).click();
  await logShows(reloaded, /HTTP 503/);
  await screenshot(page, '71-webhook-disabled');
  // The form, the cards and an open log: no serious or critical axe-core violation.
  await page.addScriptTag({ path: AXE });
  const violations = await page.evaluate(async () => (await window.axe.run(document)).violations);
  const bad = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  assert.deepEqual(bad.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`), []);
  await reloaded.getByRole('button', { name: 'Enable again' }).click();
  await page.getByRole('status').getByText('Enabled: it receives events again.').waitFor();
  await reloaded.getByTestId('webhook-state').getByText('Active').waitFor();
  assert.equal(await reloaded.getByRole('button', { name: 'Enable again' }).count(), 0);
  await screenshot(page, '72-webhook-enabled');

  // Deleted: gone from the list (the demo keeps no endpoint for later tests).
  for (const card of [ok, reloaded]) {
    await card.getByRole('button', { name: 'Delete' }).click();
    await card.waitFor({ state: 'detached' });
  }
  await context.close();
});
