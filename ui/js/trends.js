// Trends: the five charts for a chosen range of nights.

import { h, call, addDays, isDate, longDate, fieldError, clearErrors } from './util.js';

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
  const form = document.getElementById('trends-form');
  const err = document.getElementById('trends-error');
  const custom = document.getElementById('trends-custom');
  const from = document.getElementById('trends-from');
  const to = document.getElementById('trends-to');
  const host = document.getElementById('trends-charts');
  const status = document.getElementById('trends-status');

  function range() {
    const last = addDays(ctx().today, -1);
    const v = form.querySelector('input[name="range"]:checked').value;
    if (v === 'all') return { from: null, to: last };
    if (v === 'custom') return { from: from.value.trim(), to: to.value.trim(), custom: true };
    return { from: addDays(last, -(Number(v) - 1)), to: last };
  }

  async function load() {
    clearErrors(form, err);
    const r = range();
    if (r.custom) {
      if (!isDate(r.from)) { fieldError(form, err, from, 'From: please choose a date, written like 2026-03-05.'); return; }
      if (!isDate(r.to)) { fieldError(form, err, to, 'To: please choose a date, written like 2026-03-05.'); return; }
      if (r.from > r.to) { fieldError(form, err, from, 'From: please choose a date before the “To” date.'); return; }
    }
    status.textContent = '';
    const figures = [];
    for (const [kind, name] of CHARTS) {
      try {
        const c = await call('chart', { kind, from: r.from, to: r.to });
        const id = `chart-cap-${kind}`;
        figures.push(h('figure', { class: 'panel chart', 'aria-labelledby': id, 'data-kind': kind },
          h('h2', { text: name }),
          h('div', { class: 'chart-box' }, svgNode(c.svg)),
          h('figcaption', { id, text: c.alt_text })));
      } catch (e) {
        figures.push(h('figure', { class: 'panel chart' }, h('h2', { text: name }),
          h('figcaption', { class: 'error', text: `This chart could not be drawn: ${e.message}` })));
      }
    }
    host.replaceChildren(...figures);
    const shown = r.from ? `${longDate(r.from)} to ${longDate(r.to)}` : `everything up to ${longDate(r.to)}`;
    status.textContent = `Showing ${shown}.`;
  }

  for (const radio of form.querySelectorAll('input[name="range"]')) {
    radio.addEventListener('change', () => {
      custom.hidden = radio.value !== 'custom' || !radio.checked;
      if (radio.checked && radio.value === 'custom') {
        const last = addDays(ctx().today, -1);
        if (!from.value) from.value = addDays(last, -90);
        if (!to.value) to.value = last;
        from.focus();
        return;
      }
      if (radio.checked) load();
    });
  }
  form.addEventListener('submit', (ev) => { ev.preventDefault(); load(); });
  return { load };
}
