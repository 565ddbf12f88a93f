// What the layout guard (layout_guard.test.mjs) asks of a page, run inside the page: each
// function is passed to `page.evaluate` and returns a list of problems, each naming the
// element by a short CSS path and its text, so a failure says what to fix.

/**
 * Layout problems at a layout width of `width` CSS px: horizontal overflow, fixed bars
 * outside the visual viewport, tap targets under `minTap` px (field pages; 0 skips), text
 * cut off in labels, buttons, headings and cells.
 */
export function inspectLayout({ width, minTap }) {
  const name = (el) => {
    const parts = [];
    for (let e = el; e && e !== document.body && parts.length < 4; e = e.parentElement) {
      let part = e.tagName.toLowerCase();
      if (e.id) part += `#${e.id}`;
      else if (e.classList.length) part += `.${[...e.classList].join('.')}`;
      const testId = e.getAttribute('data-testid');
      if (testId) part += `[data-testid=${testId}]`;
      parts.unshift(part);
    }
    const text = (el.innerText || el.getAttribute('aria-label') || el.value || '').trim().replace(/\s+/g, ' ');
    return `${parts.join(' > ')}${text ? ` "${text.slice(0, 40)}"` : ''}`;
  };
  const style = (el) => getComputedStyle(el);
  const shown = (el) => {
    const r = el.getBoundingClientRect();
    if (r.width <= 1 || r.height <= 1) return false;
    for (let e = el; e; e = e.parentElement) {
      const s = style(e);
      if (s.visibility === 'hidden' || s.display === 'none' || s.clip === 'rect(0px, 0px, 0px, 0px)') return false;
    }
    return true;
  };
  const rect = (r) => `x ${Math.round(r.left)}–${Math.round(r.right)}, y ${Math.round(r.top)}–${Math.round(r.bottom)}`;
  // Whether an ancestor that stays inside the page clips `el` (an absolutely positioned
  // element escapes the overflow of ancestors that are not its containing block).
  const clipped = (el) => {
    let escaping = ['absolute', 'fixed'].includes(style(el).position);
    for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) {
      const s = style(a);
      if (escaping && s.position === 'static') continue;
      if (s.overflowX !== 'visible' && a.getBoundingClientRect().right <= width + 1) return true;
      escaping = s.position === 'absolute' || s.position === 'fixed';
    }
    return false;
  };
  const problems = [];
  const all = [...document.body.querySelectorAll('*')];

  const scrollWidth = document.documentElement.scrollWidth;
  if (scrollWidth > width || window.innerWidth > width) {
    const beyond = all.filter((el) => el.getBoundingClientRect().right > width + 1 && !clipped(el));
    // The innermost elements that reach past the edge are the ones to fix.
    const culprits = beyond.filter((el) => !beyond.some((o) => o !== el && el.contains(o)));
    problems.push(
      `horizontal overflow: scrollWidth ${scrollWidth}, innerWidth ${window.innerWidth} > ${width}; ` +
        `past the right edge: ${culprits.slice(0, 4).map((el) => `${name(el)} (${rect(el.getBoundingClientRect())})`).join('; ')}`,
    );
  }

  const vv = window.visualViewport;
  for (const el of all) {
    const position = style(el).position;
    if ((position !== 'fixed' && position !== 'sticky') || !shown(el)) continue;
    const r = el.getBoundingClientRect();
    const across = r.left < -1 || r.right > vv.width + 1;
    const down = position === 'fixed' && (r.top < -1 || r.bottom > vv.height + 1);
    if (across || down) {
      problems.push(`${position} bar outside the visual viewport (${Math.round(vv.width)}×${Math.round(vv.height)}): ${name(el)} at ${rect(r)}`);
    }
  }

  if (minTap > 0) {
    const targets = 'a[href], button, input:not([type=hidden]), select, textarea, summary, [role=button], label:has(input[type=file])';
    for (const el of document.querySelectorAll(targets)) {
      if (!shown(el)) continue;
      const r = el.getBoundingClientRect();
      if (r.width < minTap - 0.5 || r.height < minTap - 0.5) {
        problems.push(`tap target under ${minTap}×${minTap} px: ${name(el)} is ${Math.round(r.width)}×${Math.round(r.height)}`);
      }
    }
  }

  const labels = 'label, legend, button, .btn, .chip, .tag, .option, th, td, summary, h1, h2, h3, .title';
  for (const el of document.querySelectorAll(labels)) {
    const s = style(el);
    if (!shown(el) || s.display === 'inline' || ['auto', 'scroll'].includes(s.overflowX)) continue;
    if (el.scrollWidth > el.clientWidth + 1) {
      problems.push(`text cut off: ${name(el)} needs ${el.scrollWidth} px, has ${el.clientWidth}`);
    }
  }
  return problems;
}

/**
 * Marks every control a keyboard user must reach (`data-kb`), and starts recording which
 * of them take the focus; `unreached` then lists the ones that never did. Also lists what
 * looks clickable (a pointer cursor) but is no control and sits in none.
 */
export function watchFocus() {
  const controls =
    'a[href], button:not([disabled]), input:not([disabled]):not([type=hidden]), select:not([disabled]), textarea:not([disabled]), summary, [tabindex]:not([tabindex="-1"])';
  const visible = (el) => {
    const r = el.getBoundingClientRect();
    return (r.width > 0 && r.height > 0) || el.matches('input[type=file]');
  };
  for (const el of document.querySelectorAll('[data-kb]')) el.removeAttribute('data-kb');
  const found = [...document.querySelectorAll(controls)].filter(
    (el) => visible(el) && !el.closest('[inert], details:not([open]) > :not(summary)'),
  );
  // A radio group is one stop for the Tab key (arrows move within it): one of it is marked.
  const groups = new Set();
  const stops = found.filter((el) => {
    if (el.type !== 'radio') return true;
    if (groups.has(el.name)) return false;
    groups.add(el.name);
    return true;
  });
  stops.forEach((el, n) => el.setAttribute('data-kb', String(n)));
  window.__reached = new Set();
  document.addEventListener('focusin', (e) => {
    const el = e.target;
    const group = el.type === 'radio' ? document.querySelector(`input[type=radio][name="${el.name}"][data-kb]`) : el;
    const n = group?.getAttribute?.('data-kb');
    if (n !== null && n !== undefined) window.__reached.add(n);
  });
  const pointer = [...document.body.querySelectorAll('*')].filter(
    (el) =>
      getComputedStyle(el).cursor === 'pointer' &&
      visible(el) &&
      !el.closest(`${controls}, label`) &&
      !el.parentElement?.closest('[style*="cursor"]') &&
      getComputedStyle(el.parentElement).cursor !== 'pointer',
  );
  return {
    count: stops.length,
    clickableOnly: pointer.map((el) => `${el.tagName.toLowerCase()}.${[...el.classList].join('.')} "${el.innerText.trim().slice(0, 30)}"`),
  };
}

/** The controls marked by `watchFocus` that never took the focus. */
export function unreached() {
  return [...document.querySelectorAll('[data-kb]')]
    .filter((el) => !window.__reached.has(el.getAttribute('data-kb')))
    .map((el) => {
      const label = el.getAttribute('aria-label') || el.innerText || el.name || el.id || '';
      return `${el.tagName.toLowerCase()}${el.className ? `.${String(el.className).split(' ').join('.')}` : ''} "${label.trim().slice(0, 30)}"`;
    });
}
