// Settings: the morning reminder, how the app looks (text size, colours, drink unit), the
// year of birth and long-term conditions.

import { h, call, longDate, timeWords, readDate, dateHelp, showError, clearErrors, fieldError, confirmDialog, normaliseTime, plain, user, byId, onSubmit, readWhole } from './util.js';

const darkQuery = window.matchMedia('(prefers-color-scheme: dark)');
let chosenTheme = 'system';

function paint() {
  const look = chosenTheme === 'system' ? (darkQuery.matches ? 'dark' : 'light') : chosenTheme;
  document.documentElement.dataset.look = look;
}
darkQuery.addEventListener('change', paint);

/** Applies the saved text size and theme ("system" follows the computer, and keeps following it). */
export function applyLook(settings) {
  if (!settings) return;
  chosenTheme = settings.theme;
  document.documentElement.dataset.textSize = settings.text_size;
  paint();
}

const SIZE_WORDS = { normal: 'normal', large: 'large', larger: 'larger' };
const ORDER_WORDS = { dmy: 'day, month, year', mdy: 'month, day, year', ymd: 'year, month, day', auto: 'as the computer does' };
const CLOCK_WORDS = { 12: '12-hour', 24: '24-hour', auto: 'computer’s' };
const THEME_WORDS = { system: 'the same as the computer', light: 'light', dark: 'dark', high_contrast: 'high contrast' };

/**
 * Sets up the Settings page. `ctx()` gives the status (settings, profile);
 * `afterChange()` refreshes it after a save.
 */
export function settingsPage(ctx, afterChange) {
  const [status, rform, rerr, rOn] = byId('settings-status', 'reminder-form', 'reminder-error', 'reminder-on');
  const [rTime, atLogin, discreet, eOn] = byId('reminder-time', 'start-at-login', 'reminder-discreet', 'evening-on');
  const [eTime, lform, lerr, pform] = byId('evening-time', 'look-form', 'look-error', 'profile-form');
  const [perr, year, list, cform] = byId('profile-error', 'birth-year', 'conditions', 'condition-form');
  const [cerr, cname, since] = byId('condition-error', 'cond-name', 'cond-since');
  let profile = { birth_year: null, volume_unit: 'ml' };

  const radio = (name) => lform.querySelector(`input[name="${name}"]:checked`);
  const settings = () => ctx().settings;

  function renderSettings(s) {
    rOn.checked = s.reminder_enabled;
    rTime.value = s.reminder_time;
    atLogin.checked = s.start_at_login;
    discreet.checked = s.reminder_discreet;
    eOn.checked = s.evening_reminder_enabled;
    eTime.value = s.evening_reminder_time;
    document.getElementById(`size-${s.text_size}`).checked = true;
    document.getElementById(`theme-${s.theme}`).checked = true;
    document.getElementById(`date-order-${s.date_order}`).checked = true;
    document.getElementById(`clock-${s.clock}`).checked = true;
    const sys = ctx().dates ? ctx().dates.system : null;
    document.getElementById('date-order-hint').textContent = sys
      ? `This computer writes ${ORDER_WORDS[sys.order]}, with the ${CLOCK_WORDS[sys.clock]} clock.`
      : '';
  }

  function renderAbout(about) {
    profile = about.profile;
    year.value = profile.birth_year == null ? '' : String(profile.birth_year);
    document.getElementById(profile.volume_unit === 'fl_oz' ? 'unit-floz' : 'unit-ml').checked = true;
    list.replaceChildren(...(about.conditions.length
      ? about.conditions.map((c) => {
        const words = c.since ? `${c.name} (since ${longDate(c.since)})` : c.name;
        return h('li', {}, h('div', { class: 'item-head' }, h('span', {}, user(c.name), c.since ? ` (since ${longDate(c.since)})` : null),
          h('button', { type: 'button', class: 'danger', text: 'Remove', 'aria-label': `Remove ${c.name}`, onclick: () => remove(c, words) })));
      })
      : [h('li', { class: 'empty-note', text: 'None recorded.' })]));
  }

  async function saveSettings(changes, form, err, said) {
    clearErrors(form, err);
    try {
      const saved = await call('save_settings', { settings: { ...settings(), ...changes } });
      await afterChange();
      applyLook(saved);
      renderSettings(saved);
      status.textContent = said(saved);
    } catch (e) {
      showError(form, err, e);
    }
  }

  rform.addEventListener('submit', (ev) => {
    ev.preventDefault();
    const time = normaliseTime(rTime.value);
    const evening = normaliseTime(eTime.value);
    saveSettings({
      reminder_enabled: rOn.checked, reminder_time: time || rTime.value.trim(), reminder_discreet: discreet.checked, start_at_login: atLogin.checked,
      evening_reminder_enabled: eOn.checked, evening_reminder_time: evening || eTime.value.trim(),
    },
    rform, rerr, (s) => {
      const when = s.reminder_enabled ? `The reminder is on, at ${s.reminder_time}.` : 'The reminder is off.';
      const night = s.evening_reminder_enabled ? ` During a self-experiment, the evening reminder comes at ${s.evening_reminder_time}.` : '';
      const login = s.start_at_login ? ' Cramp Diary will start when you switch on the computer.' : '';
      return `Saved. ${when}${night}${login}`;
    });
  });

  lform.addEventListener('change', async (ev) => {
    const name = ev.target.name;
    if (name === 'text-size') {
      saveSettings({ text_size: radio('text-size').value }, lform, lerr, (s) => `Saved: ${SIZE_WORDS[s.text_size]} text.`);
    } else if (name === 'theme') {
      saveSettings({ theme: radio('theme').value }, lform, lerr, (s) => `Saved: colours ${THEME_WORDS[s.theme]}.`);
    } else if (name === 'date-order') {
      saveSettings({ date_order: radio('date-order').value }, lform, lerr,
        (s) => `Saved: dates are written ${ORDER_WORDS[s.date_order]}, for example ${longDate(ctx().today)}.`);
    } else if (name === 'clock') {
      saveSettings({ clock: radio('clock').value }, lform, lerr,
        (s) => `Saved: times use the ${CLOCK_WORDS[s.clock]} clock, for example ${timeWords('23:40')}.`);
    } else if (name === 'unit') {
      clearErrors(lform, lerr);
      try {
        profile = await call('set_profile', { profile: { ...profile, volume_unit: radio('unit').value } });
        await afterChange();
        status.textContent = `Saved. Drinks are shown in ${profile.volume_unit === 'fl_oz' ? 'fluid ounces' : 'millilitres'}.`;
      } catch (e) {
        showError(lform, lerr, e);
      }
    }
  });

  async function remove(c, words) {
    if (!await confirmDialog(`Remove ${words} from your diary?`, 'Remove', 'Keep it')) return;
    try {
      renderAbout(await call('delete_condition', { id: c.id }));
      status.textContent = plain(`Removed ${c.name}.`);
      document.getElementById('settings-title').focus();
    } catch (e) {
      showError(cform, cerr, e);
    }
  }

  onSubmit(pform, perr, async () => {
    const born = readWhole(pform, perr, year, 'Year of birth: please write a year, such as 1948.');
    if (born === undefined) return;
    profile = await call('set_profile', { profile: { ...profile, birth_year: born } });
    await afterChange();
    status.textContent = profile.birth_year == null ? 'Saved: no year of birth.' : `Saved: born in ${profile.birth_year}.`;
  });

  onSubmit(cform, cerr, async () => {
    const s = readDate(since);
    if (s === null) {
      fieldError(cform, cerr, since, `${dateHelp('Since')} Or leave it empty.`);
      return;
    }
    const condition = { name: cname.value.trim(), since: s === '' ? null : s };
    renderAbout(await call('add_condition', { condition }));
    status.textContent = plain(`Saved: ${condition.name} added.`);
    cname.value = '';
    since.value = '';
  });

  async function load() {
    status.textContent = '';
    renderSettings(settings());
    try {
      renderAbout(await call('about'));
    } catch (e) {
      showError(pform, perr, e);
    }
  }

  return { load };
}
