// Starts the app and registers the service worker that keeps the app shell offline.
import init, { run } from '/pkg/touchstone_client.js';

if ('serviceWorker' in navigator) {
  navigator.serviceWorker.register('/sw.js').catch((e) => console.warn('service worker:', e));
}

await init({ module_or_path: '/pkg/touchstone_client_bg.wasm' });
run();
