// Starts what index.html chose for this address (`data-bundle`): the sign-in page
// (`signin.js`, no wasm) or the field or office bundle; then registers the service worker
// that keeps the app offline (and, from the sign-in page, installs the field bundle while
// the user signs in). wasm-bindgen compiles the wasm while it streams in (the server sends
// `application/wasm`).
const mode = document.documentElement.dataset.bundle;

/**
 * Resolves once index.html's static shell has painted: the first screen shows at once and
 * is the page's largest paint. Chrome drops a largest-paint candidate removed before its
 * paint is reported, hence waiting for the report; and the wasm is fetched only then, so it
 * does not compete with the shell's CSS (Lighthouse counts a large download started before
 * the first paint against it). A hidden tab does not paint; the timeout covers browsers
 * without paint timing.
 */
function shellPainted() {
  return new Promise((resolve) => {
    if (document.visibilityState === 'hidden' || !('PerformanceObserver' in window)) {
      resolve();
      return;
    }
    setTimeout(resolve, 2000);
    new PerformanceObserver((list, observer) => {
      if (list.getEntriesByName('first-contentful-paint').length > 0) {
        observer.disconnect();
        resolve();
      }
    }).observe({ type: 'paint', buffered: true });
  });
}

if (mode === 'signin') {
  await import('/signin.js');
  // Installing the field bundle waits for the page to be loaded and usable.
  if (document.readyState !== 'complete') {
    await new Promise((resolve) => window.addEventListener('load', resolve, { once: true }));
  }
} else {
  const bundle = mode === 'office' ? 'office' : 'field';
  await shellPainted();
  const wasm = fetch(`/pkg/${bundle}_bg.wasm`);
  const { default: init } = await import(`/pkg/${bundle}.js`);
  await init({ module_or_path: wasm });
}

// After the page started, so installing the app does not compete with the first load. A
// worker installed from the sign-in page may have activated while this page was still
// loading, too late to take it over (its `clients.claim()` ran before this page existed):
// such a page asks it again, so the app works offline from its first start. The worker
// installs the field bundle itself; an office page fetched its bundle above, maybe before
// any worker existed, so it asks the worker to cache the office bundle (it fetches only
// what it does not hold), and the office pages work offline from their first start too.
if ('serviceWorker' in navigator) {
  navigator.serviceWorker
    .register('/sw.js')
    .then(() => navigator.serviceWorker.ready)
    .then((registration) => {
      if (!navigator.serviceWorker.controller) registration.active?.postMessage('claim');
      if (mode === 'office') registration.active?.postMessage('cache-office');
    })
    .catch((e) => console.warn('service worker:', e));
}
