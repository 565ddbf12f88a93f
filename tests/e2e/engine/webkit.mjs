// WebKit, Safari's engine, as Debian ships it: WebKitGTK's MiniBrowser driven by
// WebKitWebDriver (package webkit2gtk-driver) over classic WebDriver with selenium-webdriver.
// It needs a display: under Xvfb (xvfb-run) unless DISPLAY is set. No mobile emulation:
// the window is sized like a phone. No Background Sync, BarcodeDetector or
// navigator.storage; geolocation has no provider here, so a check-in gets no position.

import { Builder } from 'selenium-webdriver';
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import net from 'node:net';

const DRIVER = process.env.WEBKIT_WEBDRIVER ?? '/usr/bin/WebKitWebDriver';
const BROWSER = process.env.WEBKIT_BROWSER ?? '/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser';

async function freePort() {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

/** Starts WebKitWebDriver (under Xvfb when there is no display); resolves once it listens. */
async function startDriver() {
  const port = await freePort();
  const command = process.env.DISPLAY ? [DRIVER] : ['xvfb-run', '-a', '-s', '-screen 0 1280x1024x24', DRIVER];
  const child = spawn(command[0], [...command.slice(1), `--port=${port}`], {
    detached: true,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let log = '';
  child.stderr.on('data', (d) => (log += d));
  const url = `http://127.0.0.1:${port}`;
  for (let n = 0; n < 100; n++) {
    if (child.exitCode !== null) throw new Error(`WebKitWebDriver exited (${child.exitCode}): ${log}`);
    try {
      if ((await fetch(`${url}/status`)).ok) return { url, child };
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`WebKitWebDriver did not start: ${log}`);
}

/** A WebKit "phone": a 412 px wide MiniBrowser window. */
export async function openWebKit() {
  const { url, child } = await startDriver();
  let stopped = false;
  const stop = () => {
    if (stopped) return;
    stopped = true;
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {
      // already gone
    }
  };
  // Also when the test process ends without closing (a test timed out): no Xvfb left behind.
  process.once('exit', stop);
  let driver;
  try {
    driver = await new Builder()
      .usingServer(url)
      .withCapabilities({
        browserName: 'MiniBrowser',
        'webkitgtk:browserOptions': { binary: BROWSER, args: ['--automation'] },
      })
      .build();
    await driver.manage().window().setRect({ width: 412, height: 915 });
    await driver.manage().setTimeouts({ script: 60_000, pageLoad: 60_000 });
  } catch (e) {
    stop();
    throw e;
  }
  const call = (fn, args) => driver.executeScript(`return (${fn}).apply(null, arguments)`, ...args);
  return {
    name: 'webkit',
    geolocation: false,
    goto: (href) => driver.get(href),
    evaluate: (fn, ...args) => call(fn, args),
    click: async (css) => driver.findElement({ css }).click(),
    type: async (css, text) => {
      const el = await driver.findElement({ css });
      await el.clear();
      await el.sendKeys(text);
    },
    upload: async (css, file) => driver.findElement({ css }).sendKeys(file),
    screenshot: async (file) => writeFileSync(file, await driver.takeScreenshot(), 'base64'),
    close: async () => {
      await driver.quit().catch(() => {});
      stop();
    },
  };
}
