// The self-experiment page ("Does it help me?") and the morning page's "Tonight" line.

import { h, call, user } from './util.js';

const VERDICT = { helped: 'It helped', no_clear_difference: 'No clear difference', not_enough_data: 'Not enough data yet' };

/** "Tonight: …" with a one-tap "Done" for the morning page, or null when no block night. */
export async function tonightPanel(today) {
  let v;
  try {
    v = await call('trial_current');
  } catch {
    return null;
  }
  if (!v || !v.running || !v.tonight) return null;
  const status = h('p', { role: 'status', 'aria-live': 'polite', class: 'confirm' });
  const done = h('button', { type: 'button', id: 'trial-tonight-done', class: 'primary', text: 'Done' });
  const not = h('button', { type: 'button', id: 'trial-tonight-not', text: 'Not tonight' });
  const record = async (yes) => {
    try {
      const after = await call('trial_done', { date: today, done: yes });
      status.textContent = after.tonight_done ? 'Recorded as done.' : 'Recorded as not done.';
    } catch (e) {
      status.textContent = e.message;
    }
  };
  done.addEventListener('click', () => record(true));
  not.addEventListener('click', () => record(false));
  if (v.tonight_done !== null && v.tonight_done !== undefined) {
    status.textContent = v.tonight_done ? 'Already recorded as done.' : 'Already recorded as not done.';
  }
  return h('section', { class: 'panel trial-tonight', 'aria-labelledby': 'trial-tonight-title' },
    h('h2', { id: 'trial-tonight-title', text: v.tonight }),
    h('p', { text: `Self-experiment: ${v.label}, ${v.tonight_arm === 'remedy' ? 'a remedy night' : 'a control night'}.` }),
    h('div', { class: 'buttons' }, done, not), status);
}

function resultView(v) {
  const r = v.result;
  const parts = [];
  for (const s of v.safety) parts.push(h('p', { class: 'warning', text: s }));
  parts.push(h('h2', { text: `${r.provisional ? 'Provisional: ' : ''}${VERDICT[r.verdict]}` }));
  const row = (name, a) => h('tr', {},
    h('th', { scope: 'row', text: name }),
    h('td', { text: `${a.logged_nights} of ${a.scheduled_nights}` }),
    h('td', { text: a.per_week === null ? '–' : `${a.per_week.toFixed(1)} (${a.per_week_interval[0].toFixed(1)}–${a.per_week_interval[1].toFixed(1)})` }),
    h('td', { text: a.per_week_as_done === null ? '–' : a.per_week_as_done.toFixed(1) }));
  parts.push(h('table', { class: 'trial-arms' },
    h('thead', {}, h('tr', {}, h('th', { scope: 'col', text: 'Nights' }), h('th', { scope: 'col', text: 'Logged' }),
      h('th', { scope: 'col', text: 'Cramp nights a week (90% interval)' }), h('th', { scope: 'col', text: 'On nights kept to' }))),
    h('tbody', {}, row('Remedy', r.remedy), row('Control', r.control))));
  for (const w of r.words) parts.push(h('p', { text: w }));
  return parts;
}

function planView(v) {
  const list = h('ol', { class: 'trial-blocks' },
    h('li', { text: `Baseline: ${v.trial.baseline_from} to ${v.baseline_to}` }),
    ...v.blocks.map((b) => h('li', { text: `Pair ${b.pair + 1}: ${b.from} to ${b.to}, ${b.arm === 'remedy' ? 'remedy' : 'control'}` })));
  return [h('h2', {}, 'Plan: ', user(v.label)), list];
}

/** The self-experiment page: pick a remedy (its evidence shown), plan, follow, see the result. */
export function trialPage() {
  const host = document.getElementById('trial-body');
  const status = document.getElementById('trial-status');
  async function load() {
    status.textContent = '';
    const [catalogue, v] = await Promise.all([call('trial_catalogue'), call('trial_current')]);
    if (v && (v.running || v.result)) {
      const stop = v.running ? h('button', { type: 'button', id: 'trial-stop', text: 'Stop the trial early' }) : null;
      if (stop) stop.addEventListener('click', async () => {
        try { await call('trial_stop'); await load(); status.textContent = 'Stopped; the result says so.'; } catch (e) { status.textContent = e.message; }
      });
      host.replaceChildren(...planView(v), ...resultView(v), ...(stop ? [stop] : []), ...(v.running ? [] : [planForm(catalogue)]));
      return;
    }
    host.replaceChildren(planForm(catalogue));
  }
  function planForm(catalogue) {
    const select = h('select', { id: 'trial-remedy', 'data-field': 'remedy' },
      ...catalogue.map((e) => h('option', { value: e.id, text: e.label })));
    const evidence = h('p', { id: 'trial-evidence', 'aria-live': 'polite' });
    const name = h('input', { type: 'text', id: 'trial-name', 'data-field': 'remedy_name', maxlength: '100' });
    const nameField = h('div', { class: 'field' }, h('label', { for: 'trial-name', text: 'What is it called?' }), name);
    const submit = h('button', { type: 'submit', class: 'primary', id: 'trial-plan', text: 'Fix the plan and start' });
    const err = h('p', { class: 'error', role: 'alert', hidden: true });
    const show = () => {
      const e = catalogue.find((x) => x.id === select.value);
      evidence.textContent = e.evidence;
      nameField.hidden = !['supplement', 'other'].includes(e.id);
      submit.disabled = !e.plannable;
    };
    select.addEventListener('change', show);
    const form = h('form', { class: 'panel', novalidate: true, 'aria-label': 'Plan a self-experiment' },
      h('div', { class: 'field' }, h('label', { for: 'trial-remedy', text: 'What to try' }), select),
      h('h2', { text: 'What the evidence says' }), evidence, nameField,
      h('p', { text: 'The plan: 14 nights as usual first (skipped if your last 14 nights are logged), then 3 pairs of blocks of 7 nights (14 for a supplement). In each pair one block is with it and one without, in an order drawn now and kept. The rule for "it helped" is fixed now too.' }),
      submit, err);
    form.addEventListener('submit', async (ev) => {
      ev.preventDefault();
      err.hidden = true;
      try {
        await call('trial_plan', { plan: { remedy: select.value, remedy_name: name.value } });
        await load();
        status.textContent = 'Planned.';
      } catch (e) {
        err.textContent = e.message;
        err.hidden = false;
      }
    });
    show();
    return form;
  }
  return { load };
}
