// The self-experiment page ("Does it help me?") and the morning page's "Tonight" panel.
// Every sentence comes from Rust (cramp_diary::trial::words); this file only lays them out.

import { h, call, user, plain, confirmDialog, showError, clearErrors, safetyBox, byId, onSubmit } from './util.js';

let wordsOnce = null;
/** The page's fixed words and choices (asked once). */
function pageWords() {
  if (!wordsOnce) wordsOnce = call('trial_catalogue').catch((e) => { wordsOnce = null; throw e; });
  return wordsOnce;
}

/** A sentence from Rust: our words as text, the user's isolated in a <bdi>. */
function say(parts) {
  return parts.map((p) => ('user' in p ? user(p.user) : plain(p.text)));
}

/** Two buttons that record whether a night was kept to; aria-pressed shows what is recorded. */
function recordButtons(night, ids, labels, onRecorded) {
  const status = h('p', { class: 'confirm', role: 'status', 'aria-live': 'polite', id: `${ids[0]}-status`, text: night.recorded || '' });
  const err = h('p', { class: 'error', role: 'alert', hidden: true });
  const yes = h('button', { type: 'button', id: ids[0], class: 'primary', text: labels[0] });
  const no = h('button', { type: 'button', id: ids[1], text: labels[1] });
  const row = h('div', { class: 'buttons record' }, yes, no);
  const show = (rec) => {
    yes.setAttribute('aria-pressed', String(rec === true));
    no.setAttribute('aria-pressed', String(rec === false));
    row.dataset.recorded = String(rec === true || rec === false);
  };
  show(night.done);
  const record = async (done) => {
    err.hidden = true;
    try {
      const v = await call('trial_done', { date: night.date, done });
      const after = [v.words.tonight, v.words.last_night].find((n) => n && n.date === night.date);
      status.textContent = after ? after.recorded : '';
      show(done);
      if (onRecorded) onRecorded(v);
    } catch (e) {
      err.textContent = e.message;
      err.hidden = false;
    }
  };
  yes.addEventListener('click', () => record(true));
  no.addEventListener('click', () => record(false));
  return [row, status, err];
}

/** The morning page's panel: tonight's task with one-tap Done, and last night's if not yet
 * said; null when the trial has nothing for these nights. */
export async function tonightPanel() {
  let v;
  let w;
  try {
    [v, w] = await Promise.all([call('trial_current'), pageWords()]);
  } catch {
    return null;
  }
  if (!v || (!v.words.tonight && !v.words.last_night)) return null;
  const { tonight, last_night: last } = v.words;
  const parts = [];
  if (tonight) {
    parts.push(h('h2', { id: 'trial-tonight-title' }, say(tonight.task)),
      h('p', { class: 'muted', text: tonight.place }),
      ...recordButtons(tonight, ['trial-tonight-done', 'trial-tonight-not'], [w.done_button, w.not_done_button]));
  }
  if (last) {
    parts.push(h(tonight ? 'h3' : 'h2', { id: 'trial-last-title' }, say(last.task)),
      h('p', { text: w.last_night_question }),
      ...recordButtons(last, ['trial-last-done', 'trial-last-not'], [w.last_done_button, w.last_not_done_button]));
  }
  return h('section', { class: 'panel trial-tonight', id: 'trial-tonight', 'aria-labelledby': tonight ? 'trial-tonight-title' : 'trial-last-title' }, parts);
}

/** One trial: its safety note, title, tonight, result (verdict first), arms, plan, stop. */
function trialView(v, w, onStop) {
  const ww = v.words;
  const r = v.result;
  const table = h('table', { class: 'trial-arms', 'aria-labelledby': 'trial-verdict' },
    h('thead', {}, h('tr', {}, ww.table_head.map((t) => h('th', { scope: 'col', text: t })))),
    h('tbody', {}, ww.table.map((row) => h('tr', {},
      h('th', { scope: 'row' }, say(row.name)),
      row.cells.map((c) => h('td', { text: c }))))));
  const parts = [
    safetyBox(w.safety_title, v.safety, 'trial-safety'),
    h('h2', { id: 'trial-name', tabindex: '-1' }, say(ww.title)),
    ww.tonight ? h('p', { class: 'trial-tonight-line' }, h('strong', {}, say(ww.tonight.task)), ' ', ww.tonight.place) : null,
    h('h3', { id: 'trial-verdict', class: `verdict verdict-${r.verdict}`, text: ww.headline }),
    h('div', { id: 'trial-words' }, r.words.map((t) => h('p', { text: plain(t) }))),
    h('div', { class: 'table-wrap' }, table),
    h('h3', { text: w.plan_title }),
    h('ol', { class: 'trial-plan', id: 'trial-plan-list' }, ww.plan.map((line) => h('li', {}, say(line)))),
    h('p', { text: ww.rule }),
    h('p', { class: 'muted', text: ww.seed }),
    v.power_words.length ? h('div', { id: 'trial-power' }, v.power_words.map((t) => h('p', { text: t }))) : null,
  ];
  if (v.running) {
    const stop = h('button', { type: 'button', id: 'trial-stop', class: 'danger', text: w.stop_button });
    stop.addEventListener('click', onStop);
    parts.push(h('div', { class: 'buttons' }, stop));
  }
  return h('section', { class: 'trial', 'aria-labelledby': 'trial-name' }, parts);
}

/** The form that picks what to try (its evidence shown first) and fixes the plan, or for a
 * prescribed medicine saves a plan to take to the prescriber. */
function planForm(w, again, onPlanned, status) {
  const level = again ? 3 : 2;
  const legend = h('legend', { text: w.choose });
  const radios = w.choices.map((c) => h('input', { type: 'radio', name: 'trial-remedy', id: `trial-remedy-${c.id}`, value: c.id, 'data-field': 'remedy' }));
  radios[0].checked = true;
  const evidenceTitle = h(`h${level}`, { id: 'trial-evidence-title', text: w.evidence_title });
  const evidence = h('p', { id: 'trial-evidence' });
  const how = h('p', { id: 'trial-how' });
  const name = h('input', { type: 'text', id: 'trial-name-input', 'data-field': 'remedy_name', maxlength: '100', autocomplete: 'off' });
  const nameField = h('div', { class: 'field' }, h('label', { for: name.id, text: w.name_label }), name);
  const medicine = h('input', { type: 'text', id: 'trial-medicine', 'data-field': 'medicine', maxlength: '100', autocomplete: 'off' });
  const medicineField = h('div', { class: 'field' }, h('label', { for: medicine.id, text: w.medicine_label }), medicine);
  const submit = h('button', { type: 'submit', class: 'primary', id: 'trial-plan', text: w.plan_button });
  const prescriber = h('button', { type: 'button', class: 'primary', id: 'trial-prescriber', text: w.prescriber_button });
  const err = h('p', { class: 'error', role: 'alert', hidden: true });
  const chosen = () => w.choices.find((c) => c.id === radios.find((r) => r.checked).value);
  const show = () => {
    const c = chosen();
    evidence.textContent = c.evidence;
    how.textContent = c.plan;
    nameField.hidden = !c.needs_name;
    medicineField.hidden = c.plannable;
    submit.hidden = !c.plannable;
    prescriber.hidden = c.plannable;
  };
  for (const r of radios) r.addEventListener('change', show);
  const form = h('form', { class: 'panel', id: 'trial-form', novalidate: true, 'aria-labelledby': again ? 'trial-again-title' : null, 'aria-label': again ? null : w.choose },
    h('fieldset', { class: 'choice-list' }, legend,
      w.choices.map((c, i) => h('label', { class: 'choice', for: radios[i].id }, radios[i], c.label))),
    evidenceTitle, evidence, how, nameField, medicineField,
    h('div', { class: 'buttons' }, submit, prescriber), err);
  onSubmit(form, err, async () => {
    const c = chosen();
    if (!c.plannable) return;
    await call('trial_plan', { plan: { remedy: c.id, remedy_name: c.needs_name ? name.value.trim() : '' } });
    await onPlanned();
    status.textContent = w.planned;
    document.getElementById('trial-name').focus();
  });
  prescriber.addEventListener('click', async () => {
    clearErrors(form, err);
    status.textContent = '';
    prescriber.disabled = true;
    try {
      const out = await call('export', { request: { format: 'prescriber_plan', medicine: medicine.value.trim() } });
      status.textContent = out.path ? `${out.message} ${w.saved_here} ${out.path}` : out.message;
    } catch (e) {
      showError(form, err, e);
    } finally {
      prescriber.disabled = false;
    }
  });
  show();
  return form;
}

/** The self-experiment page: the trial (tonight, result, plan, stop), or the form to plan one. */
export function trialPage() {
  const [host, status, intro] = byId('trial-body', 'trial-status', 'trial-intro');
  async function load() {
    status.textContent = '';
    const [w, v] = await Promise.all([pageWords(), call('trial_current')]);
    intro.textContent = w.intro;
    const onStop = async () => {
      if (!(await confirmDialog(w.stop_question, w.stop_yes, w.stop_no))) return;
      try {
        await call('trial_stop');
        await load();
        status.textContent = w.stopped;
        document.getElementById('trial-title').focus();
      } catch (e) {
        status.textContent = e.message;
      }
    };
    const parts = [];
    if (v) parts.push(trialView(v, w, onStop));
    if (!v || !v.running) {
      if (v) parts.push(h('h2', { id: 'trial-again-title', text: w.plan_another }));
      parts.push(planForm(w, !!v, load, status));
    }
    host.replaceChildren(...parts);
  }
  return { load };
}
