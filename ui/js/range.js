// The "which nights" picker shared by Insights and Trends: preset spans ending last night,
// everything, or two chosen dates (checked here, and again in Rust).

import { h, labelDateFields, addDays, readDate, writeDate, dateHelp, longDate, fieldError, clearErrors } from './util.js';

/** A labelled date field for the picker. */
function dateField(id, label, field) {
  const input = h('input', { type: 'text', inputmode: 'numeric', autocomplete: 'off', 'data-date': true, id, 'data-field': field });
  return [input, h('div', { class: 'field' }, h('label', { for: id, text: label }), input)];
}

/**
 * Completes and wires the picker in `<prefix>-form` (radios named `range`, the submit
 * button's words in `data-submit`): it adds the two chosen-date fields (`-from`, `-to`, in
 * `-custom`) and the error line (`-range-error`). `today()` gives today; `onChange()`
 * reloads. Returns `range()`: `{from, to}` (`from` null for everything), or null after
 * showing what is wrong with the chosen dates.
 */
export function rangePicker(prefix, today, onChange) {
  const form = document.getElementById(`${prefix}-form`);
  const [from, fromField] = dateField(`${prefix}-from`, 'From', 'from');
  const [to, toField] = dateField(`${prefix}-to`, 'To', 'to');
  const custom = h('div', { class: 'row-form', id: `${prefix}-custom`, hidden: true },
    fromField, toField, h('button', { type: 'submit', class: 'primary', text: form.dataset.submit }));
  const err = h('p', { class: 'error', id: `${prefix}-range-error`, role: 'alert', hidden: true });
  form.append(custom, err);
  labelDateFields(custom);

  function range() {
    clearErrors(form, err);
    const last = addDays(today(), -1);
    const v = form.querySelector('input[name="range"]:checked').value;
    if (v === 'all') return { from: null, to: last };
    if (v !== 'custom') return { from: addDays(last, -(Number(v) - 1)), to: last };
    const r = { from: readDate(from), to: readDate(to) };
    if (!r.from) { fieldError(form, err, from, dateHelp('From')); return null; }
    if (!r.to) { fieldError(form, err, to, dateHelp('To')); return null; }
    if (r.from > r.to) { fieldError(form, err, from, 'From: please choose a date before the “To” date.'); return null; }
    return r;
  }

  for (const radio of form.querySelectorAll('input[name="range"]')) {
    radio.addEventListener('change', () => {
      custom.hidden = radio.value !== 'custom' || !radio.checked;
      if (radio.checked && radio.value === 'custom') {
        const last = addDays(today(), -1);
        if (!from.value) writeDate(from, addDays(last, -90));
        if (!to.value) writeDate(to, last);
        from.focus();
        return;
      }
      if (radio.checked) onChange();
    });
  }
  form.addEventListener('submit', (ev) => { ev.preventDefault(); onChange(); });
  return range;
}

/** "1 March 2026 to 30 May 2026", or "everything up to 30 May 2026". */
export function rangeWords(r) {
  return r.from ? `${longDate(r.from)} to ${longDate(r.to)}` : `everything up to ${longDate(r.to)}`;
}
