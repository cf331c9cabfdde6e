// Trends: the five charts for a chosen range of nights.

import { h, call, plain } from './util.js';
import { rangePicker, rangeWords } from './range.js';

const CHARTS = [
  ['weekly', 'Cramp nights each week'],
  ['calendar', 'Calendar of nights'],
  ['medications', 'Medicines and cramp nights'],
  ['fluids', 'Drinks and cramp nights'],
  ['time-of-night', 'Time of night'],
];

/** Puts a chart's SVG into the page as real SVG (no HTML parsing); data marks become focusable. */
function svgNode(text) {
  const doc = new DOMParser().parseFromString(text, 'image/svg+xml');
  const root = doc.documentElement;
  if (root.nodeName !== 'svg') return h('p', { class: 'error', text: 'This chart could not be drawn.' });
  const svg = document.importNode(root, true);
  svg.removeAttribute('width');
  svg.removeAttribute('height');
  for (const t of svg.querySelectorAll('title')) {
    const mark = t.parentNode;
    if (mark && mark !== svg) {
      mark.setAttribute('tabindex', '0');
      mark.setAttribute('focusable', 'true');
      mark.setAttribute('role', 'img');
      mark.setAttribute('aria-label', t.textContent);
      // An img's children are hidden from assistive technology: a chart with marks is a group.
      svg.setAttribute('role', 'group');
    }
  }
  return svg;
}

/** Sets up the Trends page. */
export function trendsPage(ctx) {
  const host = document.getElementById('trends-charts');
  const status = document.getElementById('trends-status');
  const range = rangePicker('trends', () => ctx().today, () => load());

  async function load() {
    const r = range();
    if (!r) return;
    status.textContent = '';
    const figures = [];
    for (const [kind, name] of CHARTS) {
      try {
        const c = await call('chart', { kind, from: r.from, to: r.to });
        const id = `chart-cap-${kind}`;
        figures.push(h('figure', { class: 'panel chart', 'aria-labelledby': id, 'data-kind': kind },
          h('h2', { text: name }),
          h('div', { class: 'chart-box' },
            c.svg ? svgNode(c.svg) : h('img', { src: c.image, alt: '', class: 'chart-picture' })),
          h('figcaption', { id, text: plain(c.alt_text) }),
          c.note ? h('p', { class: 'chart-note', text: c.note }) : null));
      } catch (e) {
        figures.push(h('figure', { class: 'panel chart' }, h('h2', { text: name }),
          h('figcaption', { class: 'error', text: `This chart could not be drawn: ${e.message}` })));
      }
    }
    host.replaceChildren(...figures);
    status.textContent = `Showing ${rangeWords(r)}.`;
  }

  return { load };
}
