// The night form: how the night went (cramps, none, not sure), its cramps, sleep and notes,
// and the day before it (drinks, activity, symptoms). Used by "This morning" and "Log another night".

import {
  h, call, nightWords, dayWords, episodeWords, nightSummary, showError, clearErrors,
  fieldError, confirmDialog, newId, normaliseTime, plain, user, onSubmit, readWhole,
} from './util.js';
import { MUSCLES, SIDES, RELIEFS, FLUID_KINDS, SYMPTOMS } from './words.js';

function scaleOptions(notRecorded, words) {
  const opts = [h('option', { value: '', text: notRecorded })];
  for (let i = 0; i <= 10; i += 1) {
    opts.push(h('option', { value: String(i), text: words[i] ? `${i} – ${words[i]}` : String(i) }));
  }
  return opts;
}

/** Empty lists are left out of the JSON; put them back so the page can rely on them. */
function fullNight(n) {
  return n && { ...n, notes: n.notes || '', episodes: (n.episodes || []).map((e) => ({ relieved_by: [], ...e })) };
}

/** A day as Rust sends it: amounts, the total and the one-press drinks already in the person's unit. */
function fullDay(d) {
  return { ...d, fluids: d.fluids || [], symptoms: d.symptoms || [] };
}

/**
 * Builds the form for the night of `date` into `host`.
 * ctx: {today, thisYear, prefix, isLastNight, headingLevel, onChange(), slot?}; `slot`, if
 * given, goes between the night and the day (the morning page's self-experiment panel).
 */
export function nightEditor(host, date, ctx) {
  const p = ctx.prefix;
  const H = `h${ctx.headingLevel}`;
  const Hsub = `h${ctx.headingLevel + 1}`;
  const Hsub2 = `h${ctx.headingLevel + 2}`;
  let night = null;
  let day = null;
  let editIndex = null;

  // ----- the night ---------------------------------------------------------------
  const title = h(H, { id: `${p}-title`, tabindex: '-1', text: nightWords(date, ctx.thisYear) });
  const intro = h('p', { class: 'muted', text: ctx.isLastNight ? 'Good morning. How was last night?' : 'How was this night?' });
  const logged = h('p', { class: 'logged', id: `${p}-logged` });
  const btnNone = h('button', {
    type: 'button', class: 'big primary', id: `${p}-none`,
    text: ctx.isLastNight ? 'No cramps last night' : 'No cramps that night',
  });
  const btnCramps = h('button', { type: 'button', class: 'big', id: `${p}-cramps`, text: 'I had cramps' });
  const btnUnknown = h('button', { type: 'button', class: 'big', id: `${p}-unknown`, text: 'Not sure' });
  const status = h('p', { class: 'confirm', role: 'status', 'aria-live': 'polite', id: `${p}-status` });
  const nightError = h('p', { class: 'error', role: 'alert', id: `${p}-night-error`, hidden: true });
  const episodesTitle = h(Hsub, { text: 'Cramps logged for this night', hidden: true });
  const episodeList = h('ul', { class: 'card-list', id: `${p}-episodes` });

  // episode form
  const f = {};
  const epErrorId = `${p}-ep-error`;
  f.time = h('input', { type: 'text', class: 'time', id: `${p}-ep-time`, 'data-field': 'time', inputmode: 'numeric', autocomplete: 'off', 'aria-describedby': `${p}-ep-time-hint ${epErrorId}` });
  f.duration = h('input', { type: 'number', id: `${p}-ep-duration`, 'data-field': 'duration_min', min: '0', step: 'any', inputmode: 'decimal', 'aria-describedby': epErrorId });
  f.intensity = h('input', { type: 'range', id: `${p}-ep-intensity`, 'data-field': 'intensity', min: '0', max: '10', step: '1' });
  f.intensityOut = h('output', { for: f.intensity.id, id: `${p}-ep-intensity-value` });
  f.intensity.addEventListener('input', () => { f.intensityOut.textContent = `${f.intensity.value} out of 10`; });
  f.sides = Object.entries(SIDES).map(([v, label]) => {
    const input = h('input', { type: 'radio', name: `${p}-ep-side`, value: v, id: `${p}-ep-side-${v}` });
    return { input, el: h('label', { class: 'choice', for: input.id }, input, label) };
  });
  f.muscle = h('select', { id: `${p}-ep-muscle`, 'data-field': 'muscle' },
    Object.entries(MUSCLES).map(([v, label]) => h('option', { value: v, text: label })));
  f.reliefs = Object.entries(RELIEFS).map(([v, label]) => {
    const input = h('input', { type: 'checkbox', value: v, id: `${p}-ep-relief-${v}` });
    return { input, el: h('label', { class: 'choice', for: input.id }, input, label) };
  });
  f.soreness = h('input', { type: 'checkbox', id: `${p}-ep-soreness` });
  const epError = h('p', { class: 'error', role: 'alert', id: epErrorId, hidden: true });
  const epTitle = h(Hsub, { id: `${p}-ep-title`, text: 'A cramp' });
  const epSave = h('button', { type: 'submit', class: 'primary', id: `${p}-ep-save`, text: 'Save this cramp' });
  const epCancel = h('button', { type: 'button', id: `${p}-ep-cancel`, text: 'Cancel' });
  const epForm = h('form', { class: 'panel', id: `${p}-ep-form`, novalidate: true, hidden: true, 'aria-labelledby': epTitle.id },
    epTitle,
    h('div', { class: 'field' },
      h('label', { for: f.time.id, text: 'When did it start?' }), f.time,
      h('p', { class: 'hint', id: `${p}-ep-time-hint`, text: '24-hour clock, for example 03:40' })),
    h('div', { class: 'field' }, h('label', { for: f.duration.id, text: 'How long did it last? (minutes)' }), f.duration),
    h('div', { class: 'field' },
      h('label', { for: f.intensity.id, text: 'How strong was it? (0 = barely, 10 = the worst)' }), f.intensity, f.intensityOut),
    h('fieldset', { 'data-field': 'side' }, h('legend', { text: 'Which leg?' }), h('div', { class: 'choices' }, f.sides.map((s) => s.el))),
    h('div', { class: 'field' }, h('label', { for: f.muscle.id, text: 'Where was it?' }), f.muscle),
    h('fieldset', { 'data-field': 'relieved_by' }, h('legend', { text: 'What helped?' }), h('div', { class: 'choices' }, f.reliefs.map((r) => r.el))),
    h('label', { class: 'choice', for: f.soreness.id }, f.soreness, 'The muscle was sore afterwards'),
    epError,
    h('div', { class: 'buttons' }, epSave, epCancel));

  // more about the night
  const sleep = h('select', { id: `${p}-sleep`, 'data-field': 'sleep_disturbance' },
    scaleOptions('Not recorded', { 0: 'slept fine', 5: 'woke up for a while', 10: 'hardly slept' }));
  const notes = h('textarea', { id: `${p}-notes`, 'data-field': 'notes', rows: '2' });
  const moreError = h('p', { class: 'error', role: 'alert', hidden: true });
  const moreTitle = h(Hsub, { id: `${p}-more-title`, text: 'More about the night (optional)' });
  const moreForm = h('form', { class: 'panel', novalidate: true, hidden: true, 'aria-labelledby': moreTitle.id },
    moreTitle,
    h('div', { class: 'field' }, h('label', { for: sleep.id, text: 'How much did cramps disturb your sleep?' }), sleep),
    h('div', { class: 'field' }, h('label', { for: notes.id, text: 'Notes' }), notes),
    h('button', { type: 'submit', class: 'primary', text: 'Save notes and sleep' }),
    moreError);

  // ----- the day before ------------------------------------------------------------
  const dayTitle = h(Hsub, { text: `Your day: ${dayWords(date, ctx.thisYear)}` });
  const dayIntro = h('p', { class: 'muted', text: 'What you drank and did during the day before this night.' });
  const drinkStatus = h('p', { class: 'confirm', role: 'status', 'aria-live': 'polite', id: `${p}-drink-status` });
  const drinkList = h('ul', { class: 'card-list', id: `${p}-drinks` });
  const drinkTotal = h('p', { class: 'logged', id: `${p}-drink-total` });
  const quickRow = h('div', { class: 'buttons' });
  const amount = h('input', { type: 'number', id: `${p}-drink-amount`, 'data-field': 'ml', min: '0', step: 'any', inputmode: 'decimal' });
  const amountLabel = h('label', { for: amount.id, text: 'Amount' });
  const kind = h('select', { id: `${p}-drink-kind`, 'data-field': 'kind' },
    Object.entries(FLUID_KINDS).map(([v, label]) => h('option', { value: v, text: label })));
  const brand = h('input', { type: 'text', id: `${p}-drink-brand`, 'data-field': 'brand', autocomplete: 'off' });
  const drinkError = h('p', { class: 'error', role: 'alert', hidden: true });
  const drinkForm = h('form', { class: 'row-form', novalidate: true, 'aria-label': 'Add another amount' },
    h('div', { class: 'field' }, amountLabel, amount),
    h('div', { class: 'field' }, h('label', { for: kind.id, text: 'Kind' }), kind),
    h('div', { class: 'field' }, h('label', { for: brand.id, text: 'Brand (optional)' }), brand),
    h('button', { type: 'submit', text: 'Add drink' }),
    drinkError);

  const exertion = h('select', { id: `${p}-exertion`, 'data-field': 'exertion' },
    scaleOptions('Not recorded', { 0: 'resting', 5: 'a busy day', 10: 'very hard work' }));
  const exercise = h('input', { type: 'number', id: `${p}-exercise`, 'data-field': 'exercise_min', min: '0', step: '1', inputmode: 'numeric' });
  const stretched = h('input', { type: 'checkbox', id: `${p}-stretched`, 'data-field': 'stretched_before_bed' });
  const symptomRows = Object.entries(SYMPTOMS).map(([v, label]) => {
    const box = h('input', { type: 'checkbox', id: `${p}-sym-${v}`, value: v });
    const side = h('select', { id: `${p}-sym-${v}-side` },
      h('option', { value: '', text: 'Either or not sure' }),
      Object.entries(SIDES).map(([s, l]) => h('option', { value: s, text: l })));
    const sideWrap = h('span', { class: 'field', hidden: true },
      h('label', { for: side.id, class: 'choice', text: 'Which leg?' }), side);
    box.addEventListener('change', () => { sideWrap.hidden = !box.checked; });
    return { kind: v, box, side, sideWrap, el: h('div', { class: 'symptom' }, h('label', { class: 'choice', for: box.id }, box, label), sideWrap) };
  });
  const dayStatus = h('p', { class: 'confirm', role: 'status', 'aria-live': 'polite', id: `${p}-day-status` });
  const dayError = h('p', { class: 'error', role: 'alert', hidden: true });
  const activityTitle = h(Hsub2, { id: newId('activity'), text: 'Activity and how your legs felt' });
  const dayForm = h('form', { class: 'panel', novalidate: true, 'aria-labelledby': activityTitle.id },
    h('div', { class: 'field' }, h('label', { for: exertion.id, text: 'How active were you?' }), exertion),
    h('div', { class: 'field' }, h('label', { for: exercise.id, text: 'Minutes of exercise' }), exercise),
    h('label', { class: 'choice', for: stretched.id }, stretched, 'I stretched my legs before bed'),
    h('fieldset', { 'data-field': 'symptoms' }, h('legend', { text: 'Did you notice any of these?' }),
      symptomRows.map((r) => r.el),
      h('p', { class: 'hint', text: 'Chest pain or trouble breathing needs help straight away: call your emergency number.' })),
    h('button', { type: 'submit', class: 'primary', id: `${p}-day-save`, text: 'Save the day' }),
    dayError);

  host.replaceChildren(
    title, intro, logged,
    h('div', { class: 'buttons' }, btnNone, btnCramps, btnUnknown),
    status, nightError, episodesTitle, episodeList, epForm, moreForm,
    ...(ctx.slot ? [ctx.slot] : []),
    dayTitle, dayIntro,
    h('section', { class: 'panel', 'aria-labelledby': `${p}-drinks-title` },
      h(Hsub2, { id: `${p}-drinks-title`, text: 'Drinks' }),
      quickRow,
      drinkForm, drinkStatus, drinkList, drinkTotal),
    activityTitle, dayForm, dayStatus,
  );

  // ----- showing what is stored ----------------------------------------------------
  function renderNight() {
    logged.replaceChildren();
    if (!night) {
      logged.append('Not logged yet.');
    } else {
      logged.append('Logged: ', h('strong', { text: nightSummary(night) }), '.');
    }
    btnCramps.textContent = night && night.status === 'cramps' && night.episodes.length ? 'Add another cramp' : 'I had cramps';
    const eps = night ? night.episodes : [];
    episodesTitle.hidden = eps.length === 0;
    episodeList.replaceChildren(...eps.map((e, i) => {
      const words = `Cramp ${i + 1}: ${episodeWords(e)}`;
      return h('li', {},
        h('div', { class: 'item-head' },
          h('span', { text: words }),
          h('div', { class: 'buttons' },
            h('button', { type: 'button', class: 'link', text: 'Edit', 'aria-label': `Edit cramp ${i + 1}`, onclick: () => openEpisode(i) }),
            h('button', { type: 'button', class: 'danger', text: 'Delete', 'aria-label': `Delete cramp ${i + 1}`, onclick: () => deleteEpisode(i) }))));
    }));
    moreForm.hidden = !night;
    if (night) {
      sleep.value = night.sleep_disturbance == null ? '' : String(night.sleep_disturbance);
      notes.value = night.notes || '';
    }
  }

  function renderDay() {
    const fluids = day ? day.fluids : [];
    if (day) {
      amountLabel.textContent = `Amount (${day.unit})`;
      quickRow.replaceChildren(...day.quick.map((q) => h('button', {
        type: 'button', class: 'quick-drink', text: `+ ${q.label} (${q.amount})`,
        onclick: () => addDrink('add_fluid', { fluid: { kind: q.kind, ml: q.ml } }, q.label),
      })));
    }
    drinkList.replaceChildren(...fluids.map((fl, i) => {
      const words = `${FLUID_KINDS[fl.kind]}${fl.brand ? ` (${fl.brand})` : ''}, ${day.amounts[i]}`;
      const shown = fl.brand
        ? [`${FLUID_KINDS[fl.kind]} (`, user(fl.brand), `), ${day.amounts[i]}`]
        : [words];
      return h('li', {}, h('div', { class: 'item-head' }, h('span', {}, shown),
        h('button', { type: 'button', class: 'link', text: 'Remove', 'aria-label': `Remove ${words}`, onclick: () => removeDrink(i, words) })));
    }));
    drinkTotal.textContent = day && day.total ? `Total: ${day.total}` : 'No drinks logged for this day yet.';
    exertion.value = day && day.exertion != null ? String(day.exertion) : '';
    exercise.value = day && day.exercise_min != null ? String(day.exercise_min) : '';
    stretched.checked = !!(day && day.stretched_before_bed);
    for (const r of symptomRows) {
      const found = day && day.symptoms.find((s) => s.kind === r.kind);
      r.box.checked = !!found;
      r.side.value = found && found.side ? found.side : '';
      r.sideWrap.hidden = !found;
    }
  }

  async function load() {
    try {
      const [n, d] = await Promise.all([call('night', { date }), call('day', { date })]);
      night = fullNight(n);
      day = fullDay(d);
      renderNight();
      renderDay();
    } catch (e) {
      showError(epForm, nightError, e);
    }
  }

  const when = nightWords(date, ctx.thisYear).replace('Night of', 'the night of');

  /**
   * Saves the whole night over the one this page last read. If it was changed elsewhere
   * meanwhile, Rust refuses; the page then shows the latest version and the refusal.
   * Returns a sentence listing what this save changed ('' when nothing earlier was replaced).
   */
  async function saveNight(input) {
    try {
      const r = await call('save_night', { night: input, seen: night });
      night = fullNight(r.night);
      return r.changes.length ? ` What changed: ${r.changes.join('; ')}.` : '';
    } catch (e) {
      if (e && e.kind === 'conflict') await load();
      throw e;
    }
  }

  // ----- actions -------------------------------------------------------------------
  async function saveStatus(newStatus) {
    clearErrors(epForm, nightError);
    if (night && night.status === 'cramps' && night.episodes.length) {
      const ok = await confirmDialog(
        `This night already has ${nightSummary(night).toLowerCase()} logged. Replace them with “${newStatus === 'none' ? 'no cramps' : 'not sure'}”?`,
        'Replace', 'Keep them');
      if (!ok) return;
    }
    try {
      const input = { date, status: newStatus, sleep_disturbance: night ? night.sleep_disturbance : null, notes: night ? night.notes : '' };
      const changed = await saveNight(input);
      epForm.hidden = true;
      renderNight();
      status.textContent = (newStatus === 'none'
        ? `Saved: no cramps on ${when}. Glad to hear it.`
        : `Saved as “not sure” for ${when}.`) + changed;
      ctx.onChange();
    } catch (e) {
      showError(epForm, nightError, e);
    }
  }

  function openEpisode(index) {
    editIndex = index;
    const e = index == null ? null : night.episodes[index];
    clearErrors(epForm, epError);
    epTitle.textContent = e ? `Change cramp ${index + 1}` : 'A new cramp';
    epSave.textContent = e ? 'Save changes' : 'Save this cramp';
    f.time.value = e ? (e.time || '') : '03:00';
    f.duration.value = e ? (e.duration_min ?? '') : '2';
    f.intensity.value = e && e.intensity != null ? String(e.intensity) : '5';
    f.intensityOut.textContent = `${f.intensity.value} out of 10`;
    for (const s of f.sides) s.input.checked = !!(e && e.side === s.input.value);
    f.muscle.value = e && e.muscle ? e.muscle : 'calf';
    for (const r of f.reliefs) r.input.checked = !!(e && e.relieved_by && e.relieved_by.includes(r.input.value));
    f.soreness.checked = !!(e && e.soreness_after);
    epForm.hidden = false;
    f.time.focus();
  }

  function episodeFromForm() {
    const side = f.sides.find((s) => s.input.checked);
    const dur = f.duration.value.trim();
    return {
      time: normaliseTime(f.time.value) || null,
      duration_min: dur === '' ? null : Number(dur),
      intensity: Number(f.intensity.value),
      side: side ? side.input.value : null,
      muscle: f.muscle.value,
      relieved_by: f.reliefs.filter((r) => r.input.checked).map((r) => r.input.value),
      soreness_after: f.soreness.checked,
    };
  }

  function nightInput(episodes) {
    return { date, status: 'cramps', sleep_disturbance: night ? night.sleep_disturbance : null, notes: night ? night.notes : '', episodes };
  }

  onSubmit(epForm, epError, async () => {
    const ep = episodeFromForm();
    if (ep.duration_min != null && !Number.isFinite(ep.duration_min)) {
      fieldError(epForm, epError, f.duration, 'How long (minutes): please write a number of minutes, such as 2.');
      return;
    }
    if (editIndex == null) {
      night = fullNight(await call('add_episode', { date, episode: ep }));
      status.textContent = `Saved: a cramp ${ep.time ? `at ${ep.time} ` : ''}on ${when}. This night now has ${nightSummary(night).toLowerCase()}.`;
    } else {
      const eps = night.episodes.map((e) => ({ ...e }));
      eps[editIndex] = ep;
      const changed = await saveNight(nightInput(eps));
      status.textContent = `Saved your changes to cramp ${editIndex + 1}.${changed}`;
    }
    epForm.hidden = true;
    renderNight();
    btnCramps.focus();
    ctx.onChange();
  });
  epCancel.addEventListener('click', () => { epForm.hidden = true; clearErrors(epForm, epError); btnCramps.focus(); });

  async function deleteEpisode(i) {
    if (!await confirmDialog(`Delete cramp ${i + 1} (${episodeWords(night.episodes[i])})?`)) return;
    try {
      const eps = night.episodes.filter((_, k) => k !== i);
      await saveNight(nightInput(eps));
      renderNight();
      status.textContent = `Deleted cramp ${i + 1}.`;
      btnCramps.focus();
      ctx.onChange();
    } catch (e) {
      showError(epForm, nightError, e);
    }
  }

  onSubmit(moreForm, moreError, async () => {
    const input = {
      date, status: night.status, sleep_disturbance: sleep.value === '' ? null : Number(sleep.value), notes: notes.value,
      episodes: night.episodes,
    };
    const changed = await saveNight(input);
    renderNight();
    status.textContent = `Saved your notes about the night.${changed}`;
  });

  btnNone.addEventListener('click', () => saveStatus('none'));
  btnUnknown.addEventListener('click', () => saveStatus('unknown'));
  btnCramps.addEventListener('click', () => openEpisode(null));

  // drinks
  async function addDrink(command, args, label) {
    clearErrors(drinkForm, drinkError);
    try {
      day = fullDay(await call(command, { date, ...args }));
      renderDay();
      drinkStatus.textContent = `Added: ${label.toLowerCase()}, ${day.amounts[day.amounts.length - 1]}. Total for the day: ${day.total}.`;
      ctx.onChange();
    } catch (e) {
      showError(drinkForm, drinkError, e);
    }
  }

  drinkForm.addEventListener('submit', (ev) => {
    ev.preventDefault();
    const b = brand.value.trim();
    addDrink('add_drink', { drink: { kind: kind.value, amount: amount.value, brand: b === '' ? null : b } }, FLUID_KINDS[kind.value])
      .then(() => { if (drinkError.hidden) { amount.value = ''; brand.value = ''; } });
  });

  async function removeDrink(i, words) {
    try {
      day = fullDay(await call('remove_fluid', { date, index: i }));
      renderDay();
      drinkStatus.textContent = plain(`Removed: ${words}.`);
      ctx.onChange();
    } catch (e) {
      showError(drinkForm, drinkError, e);
    }
  }

  onSubmit(dayForm, dayError, async () => {
    const minutes = readWhole(dayForm, dayError, exercise, 'Minutes of exercise: please write a whole number of minutes, such as 30.');
    if (minutes === undefined) return;
    const details = {
      exertion: exertion.value === '' ? null : Number(exertion.value),
      exercise_min: minutes,
      stretched_before_bed: stretched.checked ? true : (day && day.stretched_before_bed != null ? false : null),
      symptoms: symptomRows.filter((r) => r.box.checked).map((r) => ({ kind: r.kind, side: r.side.value || null })),
    };
    day = fullDay(await call('update_day', { date, details }));
    renderDay();
    dayStatus.textContent = `Saved your day, ${dayWords(date, ctx.thisYear)}.`;
    ctx.onChange();
  });

  load();
  return { title, reload: load, openCramps: () => openEpisode(null) };
}
