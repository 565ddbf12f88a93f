// Firefox ESR (Debian firefox-esr) over WebDriver BiDi with puppeteer-core, as a phone:
// 412×915, touch, 2.6 device pixels per CSS pixel. Its geolocation answers with a fixed
// position (GEO) through a test provider. No Background Sync or BarcodeDetector.

import puppeteer from 'puppeteer-core';

/** Where the test provider says the phone is (central London). */
export const GEO = { lat: 51.5072, lon: -0.1276, accuracy: 12 };

export async function openFirefox() {
  const browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: process.env.FIREFOX ?? '/usr/bin/firefox-esr',
    headless: true,
    extraPrefsFirefox: {
      'geo.prompt.testing': true,
      'permissions.default.geo': 1,
      'geo.prompt.testing.allow': true,
      'geo.provider.network.url': `data:application/json,${JSON.stringify({
        location: { lat: GEO.lat, lng: GEO.lon },
        accuracy: GEO.accuracy,
      })}`,
      'geo.provider.use_geoclue': false,
      'geo.provider.network.logging.enabled': false,
    },
  });
  const page = await browser.newPage();
  await page.setViewport({ width: 412, height: 915, deviceScaleFactor: 2.6, isMobile: true, hasTouch: true });
  page.setDefaultTimeout(30_000);
  return {
    name: 'firefox',
    geolocation: true,
    goto: (href) => page.goto(href),
    evaluate: (fn, ...args) => page.evaluate(fn, ...args),
    click: (css) => page.tap(css),
    type: async (css, text) => {
      await page.$eval(css, (el) => {
        el.value = '';
      });
      await page.type(css, text);
    },
    upload: async (css, file) => (await page.$(css)).uploadFile(file),
    screenshot: (file) => page.screenshot({ path: file }),
    close: () => browser.close(),
  };
}
