// Starts the app: asks Rust whether the diary opened, then shows "This morning".

import { h, call, addDays, isDate, nightWords, fieldError, clearErrors, readDate, writeDate, dateHelp, setDateRules, labelDateFields, byId } from './util.js';
import { nightEditor } from './night.js';
import { historyPage } from './history.js';
import { medsPage } from './meds.js';
import { settingsPage, applyLook } from './settings.js';
import { insightsPage } from './insights.js';
import { trendsPage } from './trends.js';
import { checkRedFlags } from './flags.js';
import { exportPage } from './export.js';
import { backupsPage, fatalBackups } from './backups.js';
import { trialPage, tonightPanel } from './trial.js';
import { showReminderAnswers } from './answers.js';
import { aboutPage } from './about.js';

const state = { status: null, page: null, history: null, meds: null, settings: null, insights: null, trends: null };

function ctxBase() {
  const s = state.status;
  return {
    today: s.today,
    thisYear: Number(s.today.slice(0, 4)),
    settings: s.settings,
    dates: s.dates,
  };
}

async function refreshStatus() {
  state.status = await call('status');
  setDateRules(state.status.dates);
  labelDateFields();
  return state.status;
}

/** Shows one page, marks its nav button and moves focus to its heading. */
export function showPage(name, focus = true) {
  state.page = name;
  for (const b of document.querySelectorAll('#nav button')) {
    if (b.dataset.page === name) b.setAttribute('aria-current', 'page');
    else b.removeAttribute('aria-current');
  }
  for (const sec of document.querySelectorAll('.page')) sec.hidden = sec.id !== `page-${name}`;
  const loaders = { morning: renderMorning, another: () => {}, history: () => state.history.load(), meds: () => state.meds.load(), settings: () => state.settings.load(),
    insights: () => state.insights.load(), trends: () => state.trends.load(), export: () => {},
    backups: () => state.backups.load(), trial: () => state.trial.load(), about: () => state.about.load() };
  Promise.resolve(loaders[name]()).then(() => {
    if (focus) {
      const heading = document.querySelector(`#page-${name} h1`);
      if (heading) heading.focus();
    }
  });
}

function welcome() {
  const s = state.status;
  const c = s.counts;
  if (!c || c.nights + c.days + c.medications + c.conditions > 0) return null;
  const msg = h('p', { role: 'status', 'aria-live': 'polite', class: 'confirm' });
  const btn = h('button', { type: 'button', id: 'load-sample', text: 'Load sample diary' });
  const err = h('p', { class: 'error', role: 'alert', hidden: true });
  const box = h('section', { class: 'panel welcome', 'aria-label': 'Getting started' },
    h('p', { text: 'Your diary is empty. Start by logging last night below.' }),
    h('p', { text: 'Would you like to look around first? A sample diary shows what months of entries look like. You can only load it while your diary is empty.' }),
    btn, msg, err);
  btn.addEventListener('click', async () => {
    try {
      const sum = await call('load_sample');
      await refreshStatus();
      msg.textContent = `Sample diary loaded: ${sum.nights} nights, ${sum.days} days and ${sum.medications} medicines.`;
      btn.disabled = true;
      renderMorning(false, msg.textContent);
      checkRedFlags();
    } catch (e) {
      err.textContent = e.message;
      err.hidden = false;
    }
  });
  return box;
}

let morningEditor = null;

function renderMorning(_focus, notice) {
  const host = document.getElementById('page-morning');
  const s = state.status;
  // How Rust asked for it (the reminder's "I had cramps", or why its "No cramps" changed nothing).
  const ask = state.morningAsk || {};
  state.morningAsk = null;
  const editorHost = h('div', { id: 'morning-editor' });
  const parts = [editorHost];
  const w = welcome();
  if (w) parts.push(w);
  const said = notice || ask.notice;
  if (said) {
    const error = ask.error || false;
    parts.unshift(h('p', { class: error ? 'error' : 'confirm', role: error ? 'alert' : 'status', id: 'morning-notice', text: said }));
  }
  host.replaceChildren(...parts);
  const slot = h('div', { id: 'trial-tonight-slot' });
  morningEditor = nightEditor(editorHost, s.last_night, {
    ...ctxBase(), prefix: 'm', isLastNight: true, headingLevel: 1, onChange: onDiaryChange, slot,
  });
  morningEditor.title.id = 'morning-title';
  if (ask.cramp_form) morningEditor.openCramps();
  tonightPanel().then((panel) => { if (panel) slot.replaceChildren(panel); });
}

/** Shows the morning log as Rust asked (`ask`: {cramp_form, notice, error}). */
function openMorning(ask = {}) {
  state.morningAsk = ask;
  // The cramp form takes the focus itself.
  showPage('morning', !ask.cramp_form);
}

function onDiaryChange() {
  // Any save may have logged a warning sign, or changed a night the reminder saved (no more Undo).
  checkRedFlags();
  showReminderAnswers();
  // The welcome box only belongs to an empty diary.
  refreshStatus().then(() => {
    const c = state.status.counts;
    const box = document.querySelector('.welcome');
    if (box && c && c.nights + c.days + c.medications + c.conditions > 0) box.remove();
  });
}

function setupAnother() {
  const [form, input, err, host] = byId('another-form', 'another-date', 'another-error', 'another-editor');
  input.max = addDays(state.status.today, 1);
  writeDate(input, addDays(state.status.last_night, -1));
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    openAnother(readDate(input));
  });
  state.openAnother = (date) => {
    writeDate(input, date);
    showPage('another', false);
    openAnother(date);
  };
  function openAnother(date) {
    clearErrors(form, err);
    if (!date || !isDate(date)) {
      fieldError(form, err, input, dateHelp('Date of the evening'));
      return;
    }
    if (date > addDays(state.status.today, 1)) {
      fieldError(form, err, input, 'Date of the evening: that night has not happened yet.');
      return;
    }
    const editor = nightEditor(host, date, {
      ...ctxBase(), prefix: 'a', isLastNight: date === state.status.last_night, headingLevel: 2, onChange: onDiaryChange,
    });
    editor.title.focus();
    host.setAttribute('role', 'region');
    host.setAttribute('aria-label', nightWords(date, ctxBase().thisYear));
  }
}

async function start() {
  let s;
  try {
    s = await refreshStatus();
  } catch (e) {
    s = { ok: false, error: e, db_path: null };
  }
  document.getElementById('loading').hidden = true;
  applyLook(s.settings);
  if (!s.ok) {
    document.getElementById('nav').hidden = true;
    document.getElementById('fatal').hidden = false;
    const m = s.error ? s.error.message : 'the diary could not be opened.';
    document.getElementById('fatal-message').textContent = `${m.charAt(0).toUpperCase()}${m.slice(1)}`;
    document.getElementById('fatal-path').textContent = s.db_path ? `Diary file: ${s.db_path}` : '';
    document.getElementById('fatal-title').focus();
    await fatalBackups();
    return;
  }
  const ctx = () => ({ ...ctxBase(), openNight: (d) => state.openAnother(d), onChange: onDiaryChange, refreshStatus });
  state.history = historyPage(ctx);
  state.meds = medsPage(ctx);
  state.settings = settingsPage(ctx, async () => { await refreshStatus(); });
  state.insights = insightsPage(ctx);
  state.trends = trendsPage(ctx);
  state.trial = trialPage();
  exportPage(ctx);
  state.backups = backupsPage(async () => { await refreshStatus(); checkRedFlags(); });
  state.about = aboutPage();
  setupAnother();
  for (const b of document.querySelectorAll('#nav button')) {
    b.addEventListener('click', () => showPage(b.dataset.page));
  }
  showPage('morning', false);
  checkRedFlags();
  // What the reminder's "No cramps" saved since the app last said so, with Undo.
  const onUndone = (message, error) => refreshStatus().finally(() => openMorning({ notice: message, error }));
  showReminderAnswers(onUndone);
  // Rust asks for the morning log (tray menu, a click on the reminder or one of its buttons,
  // a second launch). Read today again first: the window may have been hidden in the tray overnight.
  window.__TAURI__.event.listen('open-morning-log', (ev) => refreshStatus().finally(() => {
    showReminderAnswers();
    openMorning(ev.payload || {});
  }));
  // The reminder's "No cramps" logged a night while the window was hidden (or not looked at).
  window.__TAURI__.event.listen('reminder-answered', () => {
    showReminderAnswers();
    if (state.page === 'morning' && morningEditor) morningEditor.reload();
    onDiaryChange();
  });
}

start();
