// Starts the bundle index.html chose for this address (`data-bundle`), then registers the
// service worker that keeps the app shell offline. The wasm was preloaded by index.html;
// wasm-bindgen compiles it while it streams in (the server sends `application/wasm`).
const bundle = document.documentElement.dataset.bundle === 'office' ? 'office' : 'field';
const { default: init } = await import(`/pkg/${bundle}.js`);
await init({ module_or_path: `/pkg/${bundle}_bg.wasm` });

// After the app started, so installing the shell does not compete with the first load.
if ('serviceWorker' in navigator) {
  navigator.serviceWorker.register('/sw.js').catch((e) => console.warn('service worker:', e));
}
