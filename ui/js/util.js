// Small helpers shared by every page: building elements, calling commands, dates, errors.

import { MUSCLES, SIDES, RELIEFS } from './words.js';

/** Runs `fn` when `form` is sent: its errors are cleared first, and a failure is shown in `errorBox`. */
export function onSubmit(form, errorBox, fn) {
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    clearErrors(form, errorBox);
    try {
      await fn();
    } catch (e) {
      showError(form, errorBox, e);
    }
  });
}

/** The field's whole number, or null when it is empty; when it is neither, shows `message` at the field and gives undefined. */
export function readWhole(form, errorBox, input, message) {
  const text = input.value.trim();
  if (text === '') return null;
  if (/^\d+$/.test(text)) return Number(text);
  fieldError(form, errorBox, input, message);
  return undefined;
}

/** The elements with these ids, in order: `const [a, b] = byId('a', 'b')`. */
export function byId(...ids) {
  return ids.map((id) => document.getElementById(id));
}

/** Builds an element: h('p', {class: 'x', text: 'hi'}, child, ...). Never parses HTML.
 * Attribute values (an aria-label naming a medicine) lose their bidi controls. */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'text') el.textContent = v;
    else if (k === 'class') el.className = v;
    else if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
    else if (v === true) el.setAttribute(k, '');
    else el.setAttribute(k, plain(v));
  }
  for (const c of children.flat()) {
    if (c === null || c === undefined || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return el;
}

const BIDI_CONTROLS = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/** Text without bidi embeddings, overrides, isolates or marks: for sentences and labels that
 * mix the user's words with ours, so a U+202E in a name cannot turn round the rest. */
export function plain(text) {
  return String(text ?? '').replace(BIDI_CONTROLS, '');
}

/** Words the user wrote, isolated in a `<bdi>` so their direction controls cannot reorder what
 * follows, and free to wrap anywhere (see `.user-text` in app.css). */
export function user(text) {
  return h('bdi', { class: 'user-text', text });
}

/** Safety information from Rust (the quinine note) under its heading, or null when there is none. */
export function safetyBox(title, notes, id) {
  if (!notes || !notes.length) return null;
  return h('section', { class: 'safety', id, 'aria-labelledby': `${id}-title` },
    h('h2', { id: `${id}-title`, text: title }),
    notes.map((n) => h('p', { text: n })));
}

/** Calls a Rust command; failures are always `{kind, message, fields}`. */
export async function call(cmd, args = {}) {
  try {
    return await window.__TAURI__.core.invoke(cmd, args);
  } catch (e) {
    if (e && typeof e === 'object' && 'message' in e) return Promise.reject({ fields: [], ...e });
    return Promise.reject({ kind: 'other', message: String(e), fields: [] });
  }
}

// ----- dates (always "YYYY-MM-DD", computed in UTC so clocks and DST never shift them) -----

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const LONG_MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September',
  'October', 'November', 'December'];

function parse(iso) {
  const [y, m, d] = iso.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d));
}

/** Whether text is a real calendar date written YYYY-MM-DD. */
export function isDate(text) {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  return parse(text).toISOString().slice(0, 10) === text;
}

/** The date `n` days after `iso`. */
export function addDays(iso, n) {
  const d = parse(iso);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

// ----- how dates are shown and typed: the rules come from Rust (status.dates, decided by
// cramp_diary::locale from the computer's locale or Settings); the page only follows them.

let RULES = { order: 'dmy', clock: '24', input: 'DD/MM/YYYY', example: '' };

/** Takes the date rules from the `status` command. */
export function setDateRules(rules) {
  if (rules) RULES = rules;
}

/** The rules in force (order "dmy" | "mdy" | "ymd", clock "12" | "24", input pattern). */
export function dateRules() {
  return RULES;
}

const LONG_DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

/** Day and month: "22 Nov" / "Nov 22" (`names` gives the month words to use). */
function dayMonth(d, names) {
  const m = names[d.getUTCMonth()];
  return RULES.order === 'dmy' ? `${d.getUTCDate()} ${m}` : `${m} ${d.getUTCDate()}`;
}

/** Day, month and year: "5 March 2026" / "March 5, 2026" / "2026 March 5". */
function dayMonthYear(d, names) {
  const y = d.getUTCFullYear();
  if (RULES.order === 'mdy') return `${dayMonth(d, names)}, ${y}`;
  if (RULES.order === 'ymd') return `${y} ${dayMonth(d, names)}`;
  return `${dayMonth(d, names)} ${y}`;
}

/** "Sun 22 Nov" / "Sun, Nov 22" (with the year when it is not `thisYear`). */
export function dayWords(iso, thisYear) {
  const d = parse(iso);
  const sep = RULES.order === 'dmy' ? ' ' : ', ';
  const other = thisYear && d.getUTCFullYear() !== thisYear;
  return `${DAYS[d.getUTCDay()]}${sep}${other ? dayMonthYear(d, MONTHS) : dayMonth(d, MONTHS)}`;
}

/** "Night of Sun 22 → Mon 23 Nov" / "Night of Sun, Nov 22 → Mon, Nov 23" for the night whose evening is `iso`. */
export function nightWords(iso, thisYear) {
  const a = parse(iso);
  const b = parse(addDays(iso, 1));
  const other = thisYear && b.getUTCFullYear() !== thisYear;
  if (RULES.order !== 'dmy') {
    const end = other ? dayMonthYear(b, MONTHS) : dayMonth(b, MONTHS);
    return `Night of ${DAYS[a.getUTCDay()]}, ${dayMonth(a, MONTHS)} → ${DAYS[b.getUTCDay()]}, ${end}`;
  }
  const year = other ? ` ${b.getUTCFullYear()}` : '';
  const first = a.getUTCMonth() === b.getUTCMonth()
    ? `${DAYS[a.getUTCDay()]} ${a.getUTCDate()}`
    : `${DAYS[a.getUTCDay()]} ${a.getUTCDate()} ${MONTHS[a.getUTCMonth()]}`;
  return `Night of ${first} → ${DAYS[b.getUTCDay()]} ${b.getUTCDate()} ${MONTHS[b.getUTCMonth()]}${year}`;
}

/** "5 March 2026" / "March 5, 2026" / "2026 March 5". */
export function longDate(iso) {
  return dayMonthYear(parse(iso), LONG_MONTHS);
}

/** "Thursday 5 March 2026" / "Thursday, March 5, 2026". */
export function fullDate(iso) {
  const d = parse(iso);
  return `${LONG_DAYS[d.getUTCDay()]}${RULES.order === 'dmy' ? ' ' : ', '}${dayMonthYear(d, LONG_MONTHS)}`;
}

/** A stored "HH:MM" as the clock in force writes it: "23:40" or "11:40 pm". */
export function timeWords(hhmm) {
  if (!hhmm || RULES.clock !== '12') return hhmm;
  const [h, m] = hhmm.split(':').map(Number);
  return `${h % 12 === 0 ? 12 : h % 12}:${String(m).padStart(2, '0')} ${h < 12 ? 'am' : 'pm'}`;
}

// ----- date fields: typed in the order in force (RULES.input), always held as YYYY-MM-DD -----

/** A date as a date field shows it: "19/11/2026", "11/19/2026" or "2026-11-19". */
export function showDate(iso) {
  if (!iso) return '';
  const [y, m, d] = iso.split('-');
  if (RULES.order === 'dmy') return `${d}/${m}/${y}`;
  if (RULES.order === 'mdy') return `${m}/${d}/${y}`;
  return iso;
}

/** What was typed in a date field as YYYY-MM-DD: '' when empty, null when it is not a date.
 * Day, month and year in the order in force, with / . - or spaces between (the year in four
 * digits); YYYY-MM-DD is always understood. The same rules as cramp_diary::locale's parse_input. */
export function readDate(input) {
  const text = input.value.trim();
  if (text === '') return '';
  const parts = text.split(/[/.\- ]+/).filter(Boolean);
  if (parts.length !== 3 || !parts.every((p) => /^\d{1,4}$/.test(p))) return null;
  const pad = (p) => p.padStart(2, '0');
  let y; let m; let d;
  if (parts[0].length === 4 && parts[1].length <= 2 && parts[2].length <= 2) [y, m, d] = parts;
  else if (parts[2].length === 4 && parts[0].length <= 2 && parts[1].length <= 2 && RULES.order !== 'ymd') {
    [d, m] = RULES.order === 'mdy' ? [parts[1], parts[0]] : [parts[0], parts[1]];
    y = parts[2];
  } else return null;
  const iso = `${y}-${pad(m)}-${pad(d)}`;
  return isDate(iso) ? iso : null;
}

/** Sets a date field to `iso` (YYYY-MM-DD, or '' to empty it). */
export function writeDate(input, iso) {
  input.value = showDate(iso);
}

/** "From: please write the date as DD/MM/YYYY, for example 19/11/2026." */
export function dateHelp(label) {
  return `${label}: please write the date as ${RULES.input}${RULES.example ? `, for example ${RULES.example}` : ''}.`;
}

/** Gives every date field (input[data-date]) the pattern in force, in its label and placeholder. */
export function labelDateFields(root = document) {
  for (const input of root.querySelectorAll('input[data-date]')) {
    input.placeholder = RULES.input;
    const label = input.id ? root.querySelector(`label[for="${input.id}"]`) : null;
    if (!label) continue;
    let hint = label.querySelector('.date-pattern');
    if (!hint) {
      hint = h('span', { class: 'date-pattern' });
      label.append(' ', hint);
    }
    hint.textContent = `(${RULES.input})`;
  }
}

// ----- plain words for the diary's values -----

export const FIELD_LABELS = {
  date: 'Date', time: 'Time', duration_min: 'How long (minutes)', intensity: 'How strong',
  side: 'Which leg', muscle: 'Where', relieved_by: 'What helped', sleep_disturbance: 'Sleep disturbance',
  notes: 'Notes', episodes: 'Cramps', ml: 'Amount', brand: 'Brand', kind: 'Kind of drink',
  exertion: 'How active you were', exercise_min: 'Minutes of exercise', symptoms: 'Symptoms',
  name: 'Name', dose: 'Dose', started: 'Started on', stopped: 'Stopped on', since: 'Since',
  birth_year: 'Year of birth', reminder_time: 'Time of the reminder', evening_reminder_time: 'Time of the evening reminder',
  remedy: 'What to try', remedy_name: 'What is it called?', medicine: 'Name of the medicine',
};


/** One episode in words: "03:40, 4 min, left calf, 7 out of 10, eased by stretching". */
export function episodeWords(e) {
  const parts = [];
  if (e.time) parts.push(`at ${timeWords(e.time)}`);
  if (e.duration_min != null) parts.push(`${e.duration_min} min`);
  const where = [e.side ? SIDES[e.side].toLowerCase() : null, e.muscle ? MUSCLES[e.muscle].toLowerCase() : null]
    .filter(Boolean).join(' ');
  if (where) parts.push(where);
  if (e.intensity != null) parts.push(`strength ${e.intensity} out of 10`);
  if (e.relieved_by && e.relieved_by.length) parts.push(`helped: ${e.relieved_by.map((r) => RELIEFS[r].toLowerCase()).join(', ')}`);
  if (e.soreness_after) parts.push('sore afterwards');
  return parts.length ? parts.join(', ') : 'no details';
}

/** "No cramps", "2 cramps", "Not sure". */
export function nightSummary(n) {
  if (n.status === 'none') return 'No cramps';
  if (n.status === 'unknown') return 'Not sure';
  const k = n.episodes ? n.episodes.length : 0;
  return k === 0 ? 'Cramps' : k === 1 ? '1 cramp' : `${k} cramps`;
}

// ----- showing errors next to forms -----

function lastSegment(path) {
  const seg = path.split('.').pop();
  return seg.replace(/\[\d+\]$/, '');
}

/** Clears a form's error text and invalid marks. */
export function clearErrors(form, errorEl) {
  for (const el of form.querySelectorAll('[aria-invalid]')) el.removeAttribute('aria-invalid');
  errorEl.textContent = '';
  errorEl.hidden = true;
}

/** Shows a command's error in plain words and marks the named fields (focusing the first). */
export function showError(form, errorEl, err) {
  clearErrors(form, errorEl);
  const lines = [];
  let first = null;
  if (err.kind === 'invalid' && err.fields && err.fields.length) {
    for (const f of err.fields) {
      const key = lastSegment(f.field);
      const label = FIELD_LABELS[key] || key;
      lines.push(`${label}: ${f.rule}${f.value ? ` (you entered ${f.value})` : ''}.`);
      const input = form.querySelector(`[data-field="${key}"]`);
      if (input) {
        input.setAttribute('aria-invalid', 'true');
        first = first || input;
      }
    }
    lines.unshift(err.fields.length === 1 ? 'Not saved. Please check this:' : 'Not saved. Please check these:');
  } else {
    const m = err.message || 'Something went wrong.';
    lines.push(`Not saved: ${m.charAt(0).toUpperCase()}${m.slice(1)}`);
  }
  errorEl.textContent = lines.join('\n');
  errorEl.hidden = false;
  if (first) first.focus();
}

/** Marks one field invalid with a message, without calling Rust (for dates typed badly). */
export function fieldError(form, errorEl, input, message) {
  clearErrors(form, errorEl);
  input.setAttribute('aria-invalid', 'true');
  errorEl.textContent = message;
  errorEl.hidden = false;
  input.focus();
}

// ----- a confirmation dialog that works with the keyboard -----

/** Asks before something is deleted or replaced; resolves true when confirmed. */
export function confirmDialog(text, yesLabel = 'Delete', noLabel = 'Keep it') {
  const [dialog, yes, no] = byId('confirm-dialog', 'confirm-yes', 'confirm-no');
  document.getElementById('confirm-text').textContent = plain(text);
  yes.textContent = yesLabel;
  no.textContent = noLabel;
  const back = document.activeElement;
  return new Promise((resolve) => {
    const done = (answer) => {
      yes.removeEventListener('click', onYes);
      no.removeEventListener('click', onNo);
      dialog.removeEventListener('cancel', onCancel);
      if (dialog.open) dialog.close();
      if (back && back.isConnected) back.focus();
      resolve(answer);
    };
    const onYes = () => done(true);
    const onNo = () => done(false);
    const onCancel = (e) => { e.preventDefault(); done(false); };
    yes.addEventListener('click', onYes);
    no.addEventListener('click', onNo);
    dialog.addEventListener('cancel', onCancel);
    dialog.showModal();
    no.focus();
  });
}

let uid = 0;
/** A fresh id for pairing labels and controls. */
export function newId(prefix) {
  uid += 1;
  return `${prefix}-${uid}`;
}

/** Normalises "3:40" or "340" to "03:40"; anything else is passed on for Rust to judge. */
export function normaliseTime(t) {
  const s = t.trim();
  let m = /^(\d{1,2})[:.](\d{2})$/.exec(s);
  if (m) return `${m[1].padStart(2, '0')}:${m[2]}`;
  m = /^(\d{1,2})(\d{2})$/.exec(s);
  if (m) return `${m[1].padStart(2, '0')}:${m[2]}`;
  return s;
}

// ----- undo -----

/**
 * Shows `text` with an Undo button in `host` (a status line) for `seconds`, and moves focus
 * to the button so Enter undoes at once. `undo()` puts things back and returns the sentence
 * to show afterwards; `after` gets focus back when the offer ends unused.
 */
export function offerUndo(host, text, undo, { seconds = 15, after = null } = {}) {
  const button = h('button', { type: 'button', class: 'undo', text: 'Undo' });
  host.replaceChildren(h('span', { text: `${text} ` }), button);
  let used = false;
  const timer = setTimeout(() => {
    if (used || !button.isConnected) return;
    const hadFocus = document.activeElement === button;
    button.remove();
    if (hadFocus && after && after.isConnected) after.focus();
  }, seconds * 1000);
  button.addEventListener('click', async () => {
    used = true;
    clearTimeout(timer);
    button.disabled = true;
    try {
      host.textContent = await undo();
    } catch (e) {
      host.textContent = `Could not undo: ${e.message}`;
    }
    if (after && after.isConnected) after.focus();
  });
  button.focus();
  return button;
}
