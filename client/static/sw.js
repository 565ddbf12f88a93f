// Touchstone service worker: keeps the app shell so the app starts with no network.
// API calls are never cached here; the app keeps its data in IndexedDB.
// __BUILD_ID__ is replaced by client/build.sh with a hash of the build, so every new build
// installs a fresh cache and removes the old one.
const CACHE = 'touchstone-shell-__BUILD_ID__';
// The field bundle is installed with the shell, so an auditor's phone works offline after
// one visit; the office bundle is cached when an office page asks (boot.js, once this worker
// is ready: the page fetched the bundle before the worker existed) or fetches it through
// this worker, so office pages work offline after one visit too, and auditors' phones never
// download it.
const SHELL = [
  '/index.html',
  '/boot.js',
  '/signin.js',
  '/style.css',
  '/review.css',
  '/manifest.webmanifest',
  '/icon.svg',
  '/pkg/field.js',
  '/pkg/field_bg.wasm',
];
const OFFICE = ['/pkg/office.js', '/pkg/office_bg.wasm'];

self.addEventListener('install', (event) => {
  event.waitUntil(
    caches
      .open(CACHE)
      .then((cache) => cache.addAll(SHELL.map((url) => new Request(url, { cache: 'reload' }))))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) =>
        Promise.all(
          keys
            .filter((key) => key.startsWith('touchstone-shell-') && key !== CACHE)
            .map((key) => caches.delete(key)),
        ),
      )
      .then(() => self.clients.claim()),
  );
});

/** Puts the office bundle in the cache, fetching only what is not there yet. */
async function cacheOffice() {
  const cache = await caches.open(CACHE);
  await Promise.all(
    OFFICE.map(async (url) => {
      if (await cache.match(url)) return;
      // Revalidated, so an older build's bundle in the HTTP cache is not kept by this one.
      const response = await fetch(new Request(url, { cache: 'no-cache' }));
      if (response.ok) await cache.put(url, response);
    }),
  );
}

// From boot.js: a page that started while this worker activated asks to be taken over; an
// office page asks for the office bundle.
self.addEventListener('message', (event) => {
  if (event.data === 'claim') event.waitUntil(self.clients.claim());
  if (event.data === 'cache-office') event.waitUntil(cacheOffice());
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin || url.pathname.startsWith('/api/')) return;
  if (request.mode === 'navigate') {
    // Every page of the app is index.html (client-side routing).
    event.respondWith(
      caches.match('/index.html', { cacheName: CACHE }).then((hit) => hit || fetch(request)),
    );
    return;
  }
  event.respondWith(
    caches.match(request, { cacheName: CACHE, ignoreSearch: true }).then((hit) => {
      if (hit || !OFFICE.includes(url.pathname)) return hit || fetch(request);
      return fetch(request).then((response) => {
        if (response.ok) {
          const copy = response.clone();
          event.waitUntil(caches.open(CACHE).then((cache) => cache.put(url.pathname, copy)));
        }
        return response;
      });
    }),
  );
});
