// Starts the bundle index.html chose for this address (`data-bundle`), then registers the
// service worker that keeps the app shell offline. wasm-bindgen compiles the wasm while it
// streams in (the server sends `application/wasm`).
const bundle = document.documentElement.dataset.bundle === 'office' ? 'office' : 'field';
// Let index.html's static shell paint before the app replaces it: the first screen shows at
// once and is the page's largest paint. Chrome drops a largest-paint candidate removed
// before its paint is reported, hence waiting for the report; and the wasm is fetched only
// then, so it does not compete with the shell's CSS (Lighthouse counts a large download
// started before the first paint against it). A hidden tab does not paint; the timeout
// covers browsers without paint timing.
await new Promise((resolve) => {
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
const wasm = fetch(`/pkg/${bundle}_bg.wasm`);
const { default: init } = await import(`/pkg/${bundle}.js`);
await init({ module_or_path: wasm });

// After the app started, so installing the shell does not compete with the first load.
if ('serviceWorker' in navigator) {
  navigator.serviceWorker.register('/sw.js').catch((e) => console.warn('service worker:', e));
}
