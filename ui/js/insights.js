// Insights: what the diary suggests, in plain words with the numbers behind it.

import { h, call, longDate, plain, user, safetyBox, byId } from './util.js';
import { rangePicker, rangeWords } from './range.js';
import { TIERS, TRENDS, VERDICTS } from './words.js';

function num(x, digits = 1) {
  return Number(x).toLocaleString('en', { maximumFractionDigits: digits, minimumFractionDigits: digits });
}

/** "cramps on 12 of 67 nights (1.3 a week)". */
function nightsWords(w) {
  if (!w) return '';
  const n = w.logged_nights;
  let t = `cramps on ${w.cramp_nights} of ${n} ${n === 1 ? 'night' : 'nights'}`;
  if (w.cramp_nights_per_week != null) t += ` (${num(w.cramp_nights_per_week)} a week)`;
  else if (n > 0) t += ` (${num((7 * w.cramp_nights) / n)} a week)`;
  return t;
}

function span(w) {
  return w && w.from && w.to ? `${longDate(w.from)} to ${longDate(w.to)}` : '';
}

function ratioWords(f) {
  if (f.rate_ratio == null) return null;
  const rr = f.rate_ratio;
  const main = rr >= 1 ? `${num(rr)} times as many cramp nights` : `${num(rr)} times as many cramp nights (fewer)`;
  if (f.ci_low != null && f.ci_high != null) {
    return `${main}. The true figure is probably between ${num(f.ci_low)} and ${num(f.ci_high)}.`;
  }
  return `${main}.`;
}

function numbers(f) {
  const rows = [];
  const row = (term, text) => { if (text) rows.push(h('div', {}, h('dt', { text: term }), h('dd', { text }))); };
  if (f.before || f.after) {
    row('Before', f.before ? `${nightsWords(f.before)}${span(f.before) ? `, ${span(f.before)}` : ''}` : '');
    row('After', f.after ? `${nightsWords(f.after)}${span(f.after) ? `, ${span(f.after)}` : ''}` : '');
  }
  if (f.exposed || f.reference) {
    for (const g of [f.exposed, f.reference]) {
      if (g) row(g.label.charAt(0).toUpperCase() + g.label.slice(1), nightsWords(g));
    }
  }
  const rr = ratioWords(f);
  if (rr) row('Compared', rr);
  if (!rows.length) return null;
  return h('dl', { class: 'numbers' }, rows);
}

export function findingCard(f, explain) {
  const cause = f.cause ? explain[f.cause] : null;
  const parts = [
    h('div', { class: 'item-head' },
      h('h3', {}, f.subject ? user(f.subject) : (cause ? cause.name : 'Your diary')),
      h('span', { class: `tier tier-${f.tier}`, text: TIERS[f.tier] || f.tier })),
  ];
  if (f.verdict) parts.push(h('p', { class: 'verdict', text: VERDICTS[f.verdict] || f.verdict }));
  if (f.message) parts.push(h('p', { text: plain(f.message) }));
  const nums = numbers(f);
  if (nums) parts.push(nums);
  if (f.advice) parts.push(h('p', { class: 'advice' }, h('strong', { text: 'What you can do: ' }), f.advice));
  if (f.exploratory) parts.push(h('p', { class: 'muted', text: 'This is an early hint found while looking at many things at once, so treat it with extra care.' }));
  // The caveats are already written into the message.
  if (cause) {
    parts.push(h('details', {},
      h('summary', { text: `About ${cause.name.toLowerCase()}` }),
      h('p', { text: cause.explanation }),
      cause.helps && cause.helps.length ? h('p', { class: 'caveat-title', text: 'What tends to help:' }) : null,
      cause.helps && cause.helps.length ? h('ul', {}, cause.helps.map((x) => h('li', { text: x }))) : null));
  }
  return h('li', { class: `finding finding-${f.tier}`, 'data-kind': f.kind }, parts);
}

export function summaryBox(a) {
  const s = a.summary;
  const n = a.nights;
  const rows = [];
  const row = (term, text) => rows.push(h('div', {}, h('dt', { text: term }), h('dd', { text })));
  row('Period', `${longDate(a.period.from)} to ${longDate(a.period.to)}`);
  row('Cramp nights', s.cramp_nights_per_week != null
    ? `${num(s.cramp_nights_per_week)} a week (cramps on ${n.cramp} of ${n.logged} logged nights)`
    : 'Not enough nights logged yet');
  const t = s.trend;
  let trend = TRENDS[t.direction] || t.direction;
  if (t.rate_ratio_per_90_days != null) {
    trend += `: ${num(t.rate_ratio_per_90_days, 2)} times as many every 3 months`;
    if (t.ci_low != null && t.ci_high != null) trend += ` (probably between ${num(t.ci_low, 2)} and ${num(t.ci_high, 2)})`;
  }
  row('Trend', trend);
  row('Nights logged', `${n.logged} of ${n.calendar} nights (${Math.round(n.completeness * 100)}%)`);
  return h('section', { class: 'panel summary', 'aria-labelledby': 'insights-summary-title' },
    h('h2', { id: 'insights-summary-title', text: 'In short' }),
    h('dl', { class: 'numbers' }, rows));
}

/** Sets up the Insights page. */
export function insightsPage(ctx) {
  const [host, err, status] = byId('insights-body', 'insights-error', 'insights-status');
  const range = rangePicker('insights', () => ctx().today, () => load());

  async function load() {
    err.hidden = true;
    const r = range();
    if (!r) return;
    status.textContent = '';
    let a;
    try {
      a = await call('analyze', { from: r.from, to: r.to });
    } catch (e) {
      err.textContent = `Could not look at your diary: ${e.message}`;
      err.hidden = false;
      return;
    }
    const findings = a.findings; // most urgent first, as `analyze` sorts them
    const parts = [
      h('p', { class: 'note', text: 'These are patterns in your own diary. A pattern is a link in time, not a diagnosis: only a doctor or nurse can tell you what causes your cramps. Please do not stop or change a medicine without talking to them first.' }),
      safetyBox(a.safety_title, a.safety, 'insights-safety'),
      summaryBox(a),
      h('h2', { text: 'What your diary shows' }),
    ];
    if (!a.nights.logged) parts.push(h('p', { class: 'empty-note', text: 'Nothing to show yet. Log a few weeks of nights and come back.' }));
    else if (!findings.length) parts.push(h('p', { class: 'empty-note', text: 'No patterns stand out yet.' }));
    else parts.push(h('ol', { class: 'card-list findings' }, findings.map((f) => findingCard(f, a.explain || {}))));
    host.replaceChildren(...parts.filter(Boolean));
    status.textContent = `Looking at ${rangeWords(r)}.`;
  }
  return { load };
}
