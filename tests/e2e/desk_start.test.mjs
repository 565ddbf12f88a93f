// Desk users (consultants, admins, managers) and the office bundle: signing in on the start
// page goes straight to the role's office page, without starting the field bundle first;
// and the office pages work offline from their first start.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { AUDITOR, CONSULTANT, MANAGER, desk, launch, phone, screenshot, waitForAssignments } from './helpers.mjs';

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

/** Paths under /pkg/ the page itself requests (not its service worker's install). */
function bundleRequests(page) {
  const paths = [];
  page.on('request', (request) => {
    if (request.serviceWorker()) return;
    const { pathname } = new URL(request.url());
    if (pathname.startsWith('/pkg/')) paths.push(pathname);
  });
  return paths;
}

/** Signs `user` in with the form of the sign-in page at `path` (a device never signed in). */
async function signInOn(page, path, user) {
  await page.goto(path);
  await page.locator('html[data-bundle="signin"]').waitFor({ state: 'attached' });
  await page.getByLabel('Email').fill(user.email);
  await page.getByLabel('Password').fill(user.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

/** Waits for the office bundle's page titled `heading`. */
async function officePage(page, heading) {
  const office = page.locator('html[data-bundle="office"]');
  await office.getByRole('navigation', { name: 'Main' }).waitFor();
  await office.getByRole('heading', { level: 1, name: heading }).waitFor();
}

// From the start page or /login, each desk role straight to its own start page.
for (const [user, path, landing, heading] of [
  [CONSULTANT, '/', '/review', 'Review queue'],
  [MANAGER, '/login', '/scorecards', 'Scorecards'],
]) {
  test(`${user.email} signing in on ${path} lands on ${landing} without the field bundle`, async () => {
    const context = await desk(browser);
    const page = await context.newPage();
    const bundles = bundleRequests(page);
    await signInOn(page, path, user);
    await page.waitForURL((url) => url.pathname === landing);
    await officePage(page, heading);
    await screenshot(page, `40-${landing.slice(1)}-after-sign-in`);
    assert.deepEqual(
      bundles.filter((p) => p.startsWith('/pkg/field')),
      [],
      `the page loaded only the office bundle: ${bundles.join(', ')}`,
    );
    assert.ok(bundles.includes('/pkg/office_bg.wasm'), bundles.join(', '));
    await context.close();
  });
}

test('signing in on another page returns to that page', async () => {
  const context = await desk(browser);
  const page = await context.newPage();
  await signInOn(page, '/journey-map', MANAGER);
  await page.waitForURL((url) => url.pathname === '/journey-map');
  await officePage(page, 'Journey map');
  await context.close();
});

test('an auditor signing in on the start page stays on it, in the field bundle', async () => {
  const context = await phone(browser);
  const page = await context.newPage();
  const bundles = bundleRequests(page);
  await signInOn(page, '/', AUDITOR);
  await page.locator('html[data-bundle="field"]').waitFor({ state: 'attached' });
  await waitForAssignments(page);
  assert.equal(new URL(page.url()).pathname, '/');
  assert.ok(bundles.includes('/pkg/field_bg.wasm'), bundles.join(', '));
  assert.ok(!bundles.some((p) => p.startsWith('/pkg/office')), bundles.join(', '));
  await context.close();
});

/** Whether the service worker's cache holds every file of the office bundle. */
function officeBundleCached(page) {
  return page.evaluate(async () => {
    for (const key of await caches.keys()) {
      if (!key.startsWith('touchstone-shell-')) continue;
      const cache = await caches.open(key);
      if ((await cache.match('/pkg/office.js')) && (await cache.match('/pkg/office_bg.wasm'))) return true;
    }
    return false;
  });
}

test('the office pages work offline after their first start', async () => {
  const context = await desk(browser);
  // Signed in on this device (the session cookie and index.html's flag), but no page of the
  // app has run here yet: the review queue is the first, and no service worker exists when
  // it fetches the office bundle.
  const login = await context.request.post('/api/v1/auth/login', { data: CONSULTANT });
  assert.equal(login.status(), 200, await login.text());
  await context.addInitScript(() => localStorage.setItem('touchstone.signed-in', '1'));
  const page = await context.newPage();
  await page.goto('/review');
  await officePage(page, 'Review queue');
  await page.evaluate(() => navigator.serviceWorker.ready.then(() => true));
  const deadline = Date.now() + 30_000;
  while (!(await officeBundleCached(page))) {
    assert.ok(Date.now() < deadline, 'the service worker caches the office bundle');
    await page.waitForTimeout(250);
  }

  // Offline, with nothing in the browser's HTTP cache (which may be evicted at any time and
  // would otherwise answer a reload soon after the visit): only the service worker answers.
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.clearBrowserCache');
  await context.setOffline(true);
  await page.reload();
  await officePage(page, 'Review queue');
  await screenshot(page, '41-review-offline');
  await context.setOffline(false);
  await context.close();
});
