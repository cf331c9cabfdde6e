// What the morning reminder's "No cramps" saved while the window was away: said at the top of
// every page, with Undo, until it is confirmed or undone (Rust keeps it in the diary, so it
// survives a restart). Every sentence and label comes from Rust.

import { h, call } from './util.js';

let undone = () => {};

/** Asks Rust which answers wait and shows them; `onUndone(message, isError)` shows the morning log. */
export async function showReminderAnswers(onUndone) {
  if (onUndone) undone = onUndone;
  let answers;
  try {
    answers = await call('reminder_answers');
  } catch {
    return;
  }
  render(answers);
}

function render(answers) {
  const host = document.getElementById('reminder-answers');
  host.replaceChildren(...answers.map(item));
  host.hidden = answers.length === 0;
  host.dataset.checked = 'yes'; // Rust has been asked at least once (tests wait for it)
}

function item(a) {
  const undo = h('button', { type: 'button', class: 'primary', text: a.undo, 'aria-label': a.undo_label, 'data-answer': 'undo' });
  const keep = h('button', { type: 'button', text: a.keep, 'aria-label': a.keep_label, 'data-answer': 'keep' });
  const err = h('p', { class: 'error', role: 'alert', hidden: true });
  undo.addEventListener('click', async () => {
    let said;
    try {
      said = [(await call('undo_reminder_answer', { date: a.night })).message, false];
    } catch (e) {
      // Changed since (Rust says how); it is no longer the reminder's to undo.
      said = [e.message, true];
    }
    await showReminderAnswers();
    undone(...said);
  });
  keep.addEventListener('click', async () => {
    try {
      render(await call('dismiss_reminder_answer', { date: a.night }));
      document.getElementById('main').focus();
    } catch (e) {
      err.textContent = e.message;
      err.hidden = false;
    }
  });
  return h('div', { class: 'panel answered', 'data-night': a.night },
    h('p', { class: 'confirm', role: 'status', text: a.message }),
    h('div', { class: 'buttons' }, undo, keep),
    err);
}
