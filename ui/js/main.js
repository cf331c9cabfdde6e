// Starts the app: asks Rust whether the diary opened, then shows "This morning".

import { h, call, addDays, isDate, nightWords, fieldError, clearErrors } from './util.js';
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
import { aboutPage } from './about.js';

const state = { status: null, page: null, history: null, meds: null, settings: null, insights: null, trends: null };

function ctxBase() {
  const s = state.status;
  return {
    today: s.today,
    thisYear: Number(s.today.slice(0, 4)),
    unit: s.profile ? s.profile.volume_unit : 'ml',
    settings: s.settings,
  };
}

async function refreshStatus() {
  state.status = await call('status');
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
  const editorHost = h('div', { id: 'morning-editor' });
  const parts = [editorHost];
  const w = welcome();
  if (w) parts.push(w);
  if (notice) parts.unshift(h('p', { class: 'confirm', role: 'status', text: notice }));
  host.replaceChildren(...parts);
  const slot = h('div', { id: 'trial-tonight-slot' });
  morningEditor = nightEditor(editorHost, s.last_night, {
    ...ctxBase(), prefix: 'm', isLastNight: true, headingLevel: 1, onChange: onDiaryChange, slot,
  });
  morningEditor.title.id = 'morning-title';
  tonightPanel().then((panel) => { if (panel) slot.replaceChildren(panel); });
}

function onDiaryChange() {
  // Any save may have logged a warning sign.
  checkRedFlags();
  // The welcome box only belongs to an empty diary.
  refreshStatus().then(() => {
    const c = state.status.counts;
    const box = document.querySelector('.welcome');
    if (box && c && c.nights + c.days + c.medications + c.conditions > 0) box.remove();
  });
}

function setupAnother() {
  const form = document.getElementById('another-form');
  const input = document.getElementById('another-date');
  const err = document.getElementById('another-error');
  const host = document.getElementById('another-editor');
  input.max = addDays(state.status.today, 1);
  input.value = addDays(state.status.last_night, -1);
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    openAnother(input.value.trim());
  });
  state.openAnother = (date) => {
    input.value = date;
    showPage('another', false);
    openAnother(date);
  };
  function openAnother(date) {
    clearErrors(form, err);
    if (!isDate(date)) {
      fieldError(form, err, input, 'Date of the evening: please choose a date, written like 2026-03-05.');
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
  // Rust asks for the morning log (tray menu, a click on the reminder, a second launch).
  // Read today again first: the window may have been hidden in the tray overnight.
  window.__TAURI__.event.listen('open-morning-log', () => refreshStatus().finally(() => showPage('morning')));
}

start();
