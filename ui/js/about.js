// About me: year of birth, how drinks are shown, and long-term conditions.

import { h, call, longDate, isDate, showError, clearErrors, fieldError, confirmDialog } from './util.js';

/** Sets up the About me page; `afterProfile` runs when the volume unit may have changed. */
export function aboutPage(ctx, afterProfile) {
  const status = document.getElementById('about-status');
  const pform = document.getElementById('profile-form');
  const perr = document.getElementById('profile-error');
  const year = document.getElementById('birth-year');
  const ml = document.getElementById('unit-ml');
  const floz = document.getElementById('unit-floz');
  const list = document.getElementById('conditions');
  const cform = document.getElementById('condition-form');
  const cerr = document.getElementById('condition-error');
  const cname = document.getElementById('cond-name');
  const since = document.getElementById('cond-since');

  function render(about) {
    const p = about.profile;
    year.value = p.birth_year == null ? '' : String(p.birth_year);
    ml.checked = p.volume_unit !== 'fl_oz';
    floz.checked = p.volume_unit === 'fl_oz';
    list.replaceChildren(...(about.conditions.length
      ? about.conditions.map((c) => {
        const words = c.since ? `${c.name} (since ${longDate(c.since)})` : c.name;
        return h('li', {}, h('div', { class: 'item-head' }, h('span', { text: words }),
          h('button', { type: 'button', class: 'danger', text: 'Remove', 'aria-label': `Remove ${c.name}`, onclick: () => remove(c, words) })));
      })
      : [h('li', { class: 'empty-note', text: 'None recorded.' })]));
  }

  async function remove(c, words) {
    if (!await confirmDialog(`Remove ${words} from your diary?`, 'Remove', 'Keep it')) return;
    try {
      render(await call('delete_condition', { id: c.id }));
      status.textContent = `Removed ${c.name}.`;
      document.getElementById('about-title').focus();
    } catch (e) {
      showError(cform, cerr, e);
    }
  }

  pform.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    clearErrors(pform, perr);
    const y = year.value.trim();
    if (y !== '' && !/^\d+$/.test(y)) {
      fieldError(pform, perr, year, 'Year of birth: please write a year, such as 1948.');
      return;
    }
    const profile = { birth_year: y === '' ? null : Number(y), volume_unit: floz.checked ? 'fl_oz' : 'ml' };
    try {
      await call('set_profile', { profile });
      await afterProfile();
      status.textContent = `Saved. Drinks are shown in ${profile.volume_unit === 'fl_oz' ? 'fluid ounces' : 'millilitres'}.`;
    } catch (e) {
      showError(pform, perr, e);
    }
  });

  cform.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    clearErrors(cform, cerr);
    const s = since.value.trim();
    if (s !== '' && !isDate(s)) {
      fieldError(cform, cerr, since, 'Since: please choose a date, or leave it empty.');
      return;
    }
    const condition = { name: cname.value.trim(), since: s === '' ? null : s };
    try {
      render(await call('add_condition', { condition }));
      status.textContent = `Saved: ${condition.name} added.`;
      cname.value = '';
      since.value = '';
    } catch (e) {
      showError(cform, cerr, e);
    }
  });

  async function load() {
    status.textContent = '';
    try {
      render(await call('about'));
    } catch (e) {
      showError(pform, perr, e);
    }
  }

  return { load };
}
