// The small engine-neutral driver the field flows are written against (field_flows.mjs).
// An engine adapter (webkit.mjs, firefox.mjs) gives seven raw operations:
//
//   goto(url), evaluate(fn, ...args), click(css), type(css, text), upload(css, file),
//   screenshot(file), close()
//
// plus `name` and `geolocation` (whether the page gets a position). `Phone` adds what the
// flows need on top: waiting for an element by CSS and text, taps, fills, screenshots of
// each step under tests/e2e/artifacts/.

import path from 'node:path';
import { ARTIFACTS_DIR } from '../helpers.mjs';

const POLL_MS = 100;

/** Runs in the page: marks the first shown element matching `css` (and `pattern`). */
function markElement(css, pattern) {
  const re = pattern === null ? null : new RegExp(pattern);
  const el = [...document.querySelectorAll(css)].find((e) => {
    const r = e.getBoundingClientRect();
    const shown = r.width > 0 || e.type === 'file';
    const label = (e.innerText || e.getAttribute('aria-label') || '').trim();
    return shown && (!re || re.test(label));
  });
  if (!el) return null;
  if (!el.dataset.e2e) el.dataset.e2e = String(Math.random()).slice(2);
  // Centred, so no fixed bar covers it.
  el.scrollIntoView({ block: 'center', inline: 'center' });
  return `[data-e2e="${el.dataset.e2e}"]`;
}

/** An exact string becomes an anchored pattern; a RegExp keeps its source. */
function patternOf(text) {
  if (text === undefined || text === null) return null;
  if (text instanceof RegExp) return text.source;
  return `^${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`;
}

export class Phone {
  /** `engine`: an adapter as above; `base`: the origin the app is served from. */
  constructor(engine, base) {
    this.engine = engine;
    this.base = base;
    this.name = engine.name;
    this.shots = 0;
  }

  goto(pathname) {
    return this.engine.goto(new URL(pathname, this.base).href);
  }

  run(fn, ...args) {
    return this.engine.evaluate(fn, ...args);
  }

  /** Waits for an element matching `css` whose text matches `text`; its unique selector. */
  async find(css, text, timeout = 30_000) {
    const pattern = patternOf(text);
    const deadline = Date.now() + timeout;
    for (;;) {
      const selector = await this.engine.evaluate(markElement, css, pattern);
      if (selector) return selector;
      if (Date.now() > deadline) {
        // What the page showed instead: a screenshot and the text of the page's main part.
        await this.shot('not-found').catch(() => {});
        const shown = await this.engine
          .evaluate(() => `${location.pathname}: ${(document.querySelector('main') ?? document.body)?.innerText.slice(0, 600)}`)
          .catch((e) => `(page text unavailable: ${e.message})`);
        throw new Error(
          `${this.name}: no ${css}${pattern ? ` with text /${pattern}/` : ''} after ${timeout} ms; ` +
            `the page showed ${shown}`,
        );
      }
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
  }

  async waitFor(css, text, timeout) {
    await this.find(css, text, timeout);
  }

  /** Taps the element (after a screenshot named `shot`, when given). */
  async tap(css, text, shot) {
    await this.find(css, text);
    if (shot) await this.shot(shot);
    // A page that is still settling (a panel rendering under the button) can take the
    // tap: find the element again, scrolled to the middle, and tap again.
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.engine.click(await this.find(css, text));
      } catch (e) {
        if (attempt === 3) throw e;
        await new Promise((resolve) => setTimeout(resolve, 300));
      }
    }
  }

  async fill(css, value) {
    await this.engine.type(await this.find(css), value);
  }

  async upload(css, file) {
    await this.engine.upload(await this.find(css), file);
  }

  async text(css) {
    const selector = await this.find(css);
    return this.engine.evaluate((s) => document.querySelector(s).innerText.trim(), selector);
  }

  async visible(css) {
    return this.engine.evaluate((s) => {
      const el = document.querySelector(s);
      return !!el && el.getBoundingClientRect().height > 0;
    }, css);
  }

  /** Screenshot of the viewport: artifacts/<engine>-NN-<name>.png. */
  async shot(name) {
    this.shots += 1;
    const file = `${this.name}-${String(this.shots).padStart(2, '0')}-${name}.png`;
    await this.engine.screenshot(path.join(ARTIFACTS_DIR, file));
  }

  close() {
    return this.engine.close();
  }
}
