// Export: save a PDF, CSV tables, a FHIR record or a JSON copy (Rust asks where), or print a summary.

import { h, call, readDate, dateHelp, longDate, fieldError, showError, clearErrors, plain, user, byId } from './util.js';
import { summaryBox } from './insights.js';
import { TIERS } from './words.js';

/** Sets up the Export page. */
export function exportPage(ctx) {
  const [form, err, status, from] = byId('export-form', 'export-error', 'export-status', 'export-from');
  const [to, name, birth, save] = byId('export-to', 'export-name', 'export-birth', 'export-save');
  const printHost = document.getElementById('print-summary');

  const format = () => form.querySelector('input[name="format"]:checked').value;
  function showOptions() {
    const f = format();
    document.getElementById('export-paper').hidden = f !== 'pdf';
    document.getElementById('export-who').hidden = f !== 'pdf' && f !== 'fhir';
    const whole = f === 'json';
    document.getElementById('export-range').hidden = whole;
    document.getElementById('export-range-hint').textContent = whole
      ? 'A copy always holds the whole diary.'
      : 'Leave the dates empty to include every night.';
  }
  for (const r of form.querySelectorAll('input[name="format"]')) r.addEventListener('change', showOptions);
  showOptions();

  function checkDates() {
    for (const [input, label] of [[from, 'From'], [to, 'To'], [birth, 'Date of birth']]) {
      if (readDate(input) === null) { fieldError(form, err, input, dateHelp(label)); return false; }
    }
    if (readDate(from) && readDate(to) && readDate(from) > readDate(to)) {
      fieldError(form, err, from, 'From: please choose a date before the “To” date.');
      return false;
    }
    return true;
  }

  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    clearErrors(form, err);
    status.textContent = '';
    if (!checkDates()) return;
    const f = format();
    const request = {
      format: f,
      from: f === 'json' ? null : readDate(from) || null,
      to: f === 'json' ? null : readDate(to) || null,
      paper: form.querySelector('input[name="paper"]:checked').value,
      name: name.value.trim() || null,
      birth_date: readDate(birth) || null,
    };
    save.disabled = true;
    try {
      const out = await call('export', { request });
      status.textContent = out.path ? `${out.message} It is here: ${out.path}` : out.message;
      status.scrollIntoView({ block: 'nearest' });
    } catch (e) {
      showError(form, err, e);
    } finally {
      save.disabled = false;
    }
  });

  document.getElementById('export-print').addEventListener('click', async () => {
    clearErrors(form, err);
    if (!checkDates()) return;
    let a;
    try {
      a = await call('analyze', { from: readDate(from) || null, to: readDate(to) || null });
    } catch (e) {
      showError(form, err, e);
      return;
    }
    const who = [name.value.trim(), readDate(birth) ? `born ${longDate(readDate(birth))}` : ''].filter(Boolean).join(', ');
    const findings = a.findings.filter((f) => f.tier !== 'info' || f.verdict === 'likely_link' || f.verdict === 'possible_link');
    printHost.replaceChildren(
      h('h2', { text: 'Night cramps: summary from my diary' }),
      who ? h('p', {}, user(who)) : null,
      h('p', { text: `Printed ${longDate(ctx().today)}.` }),
      summaryBox(a),
      h('h3', { text: 'Things to talk about' }),
      findings.length
        ? h('ul', {}, findings.map((f) => h('li', {}, h('strong', {}, user(f.subject), ': '), plain(`${TIERS[f.tier]}. ${f.message}`))))
        : h('p', { text: 'Nothing stands out.' }),
      h('p', { class: 'muted', text: 'Patterns in a diary are links in time, not a diagnosis.' }));
    window.print();
  });
}
