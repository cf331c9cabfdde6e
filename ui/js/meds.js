// Medications: courses being taken now and before; add, stop, change dose, delete.

import { h, call, longDate, readDate, writeDate, showDate, dateHelp, labelDateFields, showError, fieldError, confirmDialog, newId, offerUndo, plain, user, safetyBox, byId, onSubmit } from './util.js';

/** Sets up the Medications page. */
export function medsPage(ctx) {
  const [current, past, status, form] = byId('meds-current', 'meds-past', 'meds-status', 'med-add');
  const [error, name, dose, started] = byId('med-add-error', 'med-name', 'med-dose', 'med-started');
  const [stopped, notes, safety] = byId('med-stopped', 'med-notes', 'meds-safety');
  writeDate(started, ctx().today);

  function describe(c) {
    const m = c.dose ? `${c.name}, ${c.dose}` : c.name;
    return m;
  }

  /** A small form under a course: one or two fields and a button. */
  function inlineForm(course, li, kind) {
    const existing = li.querySelector('.inline-form');
    if (existing) existing.remove();
    const err = h('p', { class: 'error', role: 'alert', hidden: true });
    const on = h('input', { type: 'text', inputmode: 'numeric', autocomplete: 'off', 'data-date': true, id: newId('on'), 'data-field': kind === 'stop' ? 'stopped' : 'started', value: showDate(ctx().today) });
    const newDose = kind === 'dose' ? h('input', { type: 'text', id: newId('dose'), 'data-field': 'dose', autocomplete: 'off' }) : null;
    const form = h('form', { class: 'inline-form', novalidate: true, 'aria-label': kind === 'stop' ? `Stop ${course.name}` : `Change the dose of ${course.name}` },
      newDose ? h('div', { class: 'field' }, h('label', { for: newDose.id, text: 'New dose' }), newDose) : null,
      h('div', { class: 'field' }, h('label', { for: on.id, text: kind === 'stop' ? 'Last day taken' : 'New dose from' }), on),
      h('button', { type: 'submit', class: 'primary', text: kind === 'stop' ? 'Stop this medicine' : 'Save new dose' }),
      h('button', { type: 'button', text: 'Cancel', onclick: () => { form.remove(); } }),
      err);
    form.addEventListener('submit', async (ev) => {
      ev.preventDefault();
      const onDate = readDate(on);
      if (!onDate) {
        fieldError(form, err, on, dateHelp(kind === 'stop' ? 'Last day taken' : 'New dose from'));
        return;
      }
      try {
        const list = kind === 'stop'
          ? await call('stop_course', { id: course.id, on: onDate })
          : await call('change_dose', { id: course.id, on: onDate, dose: newDose.value.trim() });
        render(list);
        status.textContent = plain(kind === 'stop'
          ? `Saved: ${course.name} stopped on ${longDate(onDate)}.`
          : `Saved: ${course.name} now ${newDose.value.trim()} from ${longDate(onDate)}.`);
        document.getElementById('meds-title').focus();
        ctx().onChange();
      } catch (e) {
        showError(form, err, e);
      }
    });
    li.append(form);
    labelDateFields(form);
    (newDose || on).focus();
  }

  function item(c, isCurrent) {
    const when = c.stopped
      ? `From ${longDate(c.started)} to ${longDate(c.stopped)}`
      : `Since ${longDate(c.started)}`;
    const li = h('li', { 'data-id': String(c.id) });
    const buttons = [];
    if (isCurrent) {
      buttons.push(h('button', { type: 'button', text: 'Stop', 'aria-label': `Stop ${describe(c)}`, onclick: () => inlineForm(c, li, 'stop') }));
      buttons.push(h('button', { type: 'button', text: 'Change dose', 'aria-label': `Change dose of ${describe(c)}`, onclick: () => inlineForm(c, li, 'dose') }));
    }
    buttons.push(h('button', { type: 'button', class: 'danger', text: 'Delete', 'aria-label': `Delete ${describe(c)}`, onclick: () => remove(c) }));
    li.append(
      h('div', { class: 'item-head' },
        h('span', {}, h('strong', {}, user(c.name), c.dose ? [', ', user(c.dose)] : null), h('br'), when),
        h('div', { class: 'buttons' }, buttons)),
    );
    if (c.notes) li.append(h('p', { class: 'muted' }, user(c.notes)));
    return li;
  }

  async function remove(c) {
    const ok = await confirmDialog(`Delete ${describe(c)} from your diary? Only do this if it was entered by mistake; to record that you no longer take it, use “Stop”.`);
    if (!ok) return;
    try {
      render(await call('delete_course', { id: c.id }));
      ctx().onChange();
      const medication = { name: c.name, dose: c.dose, started: c.started, stopped: c.stopped ?? null, notes: c.notes || '' };
      offerUndo(status, `Deleted ${describe(c)}.`, async () => {
        render(await call('add_course', { medication }));
        ctx().onChange();
        return `Put back ${describe(c)}.`;
      }, { after: document.getElementById('meds-title') });
    } catch (e) {
      status.textContent = '';
      showError(form, error, e);
    }
  }

  /** The quinine note, when quinine is among the medicines (asked again after every change). */
  async function renderSafety() {
    try {
      const s = await call('safety_notes');
      safety.replaceChildren(...[safetyBox(s.title, s.notes, 'meds-safety-note')].filter(Boolean));
    } catch {
      safety.replaceChildren();
    }
  }

  function render(courses) {
    renderSafety();
    const today = ctx().today;
    const now = courses.filter((c) => !c.stopped || c.stopped >= today).reverse();
    const before = courses.filter((c) => c.stopped && c.stopped < today).reverse();
    current.replaceChildren(...(now.length ? now.map((c) => item(c, !c.stopped)) : [h('li', { class: 'empty-note', text: 'None recorded.' })]));
    past.replaceChildren(...(before.length ? before.map((c) => item(c, false)) : [h('li', { class: 'empty-note', text: 'None recorded.' })]));
  }

  onSubmit(form, error, async () => {
    const s = readDate(started);
    const t = readDate(stopped);
    if (!s) {
      fieldError(form, error, started, dateHelp('Started on'));
      return;
    }
    if (t === null) {
      fieldError(form, error, stopped, `${dateHelp('Stopped on')} Or leave it empty.`);
      return;
    }
    const medication = { name: name.value.trim(), dose: dose.value.trim(), started: s, stopped: t === '' ? null : t, notes: notes.value };
    render(await call('add_course', { medication }));
    status.textContent = plain(`Saved: ${medication.name} added.`);
    name.value = '';
    dose.value = '';
    stopped.value = '';
    notes.value = '';
    writeDate(started, ctx().today);
    ctx().onChange();
  });

  async function load() {
    status.textContent = '';
    try {
      render(await call('courses'));
    } catch (e) {
      showError(form, error, e);
    }
  }

  return { load };
}
