// History: every logged night, newest first, fetched a page at a time so years of entries stay quick.

import { h, call, nightWords, nightSummary, episodeWords, confirmDialog, offerUndo, user, byId } from './util.js';

const PAGE = 60;

/** "Night of …" in the middle of a sentence. */
function lower(words) {
  return words.replace(/^Night of/, 'night of');
}

/** Sets up the History page; `ctx()` gives today, the year and `openNight(date)`. */
export function historyPage(ctx) {
  const [list, more, summary, status] = byId('history-list', 'history-more', 'history-summary', 'history-status');
  const error = document.getElementById('history-error');
  let shown = 0;
  let oldest = null;

  function item(n) {
    const c = ctx();
    const words = nightWords(n.date, c.thisYear);
    const statusEl = h('span', { class: `status-${n.status}`, text: nightSummary(n) });
    const details = n.episodes && n.episodes.length
      ? h('ul', {}, n.episodes.map((e) => h('li', { text: episodeWords(e) })))
      : null;
    const extra = [];
    if (n.sleep_disturbance != null) extra.push(`Sleep disturbance ${n.sleep_disturbance} out of 10.`);
    if (n.notes) extra.push(`${extra.length ? ' ' : ''}Notes: `, user(n.notes));
    const li = h('li', { 'data-date': n.date },
      h('div', { class: 'item-head' },
        h('span', {}, h('strong', { text: words }), ': ', statusEl),
        h('div', { class: 'buttons' },
          h('button', { type: 'button', class: 'link', text: 'Edit', 'aria-label': `Edit the ${lower(words)}`, onclick: () => c.openNight(n.date) }),
          h('button', { type: 'button', class: 'danger', text: 'Delete', 'aria-label': `Delete the ${lower(words)}`, onclick: () => remove(n, li, words) }))),
      details,
      extra.length ? h('p', { class: 'muted' }, extra) : null);
    return li;
  }

  async function remove(n, li, words) {
    const ok = await confirmDialog(`Delete the ${lower(words)} (${nightSummary(n).toLowerCase()})? You can undo this for a few seconds.`);
    if (!ok) return;
    try {
      const gone = await call('delete_night', { date: n.date });
      li.remove();
      shown -= 1;
      total -= 1;
      setSummary();
      ctx().onChange();
      offerUndo(status, `Deleted the ${lower(words)}.`, async () => {
        await call('undelete_night', { night: gone });
        await page(true);
        ctx().onChange();
        return `Put back the ${lower(words)}.`;
      }, { after: document.getElementById('history-title') });
    } catch (e) {
      error.textContent = e.message;
      error.hidden = false;
    }
  }

  let total = 0;
  function setSummary() {
    summary.textContent = shown === 0
      ? 'No nights logged yet. Go to “This morning” to log last night.'
      : `Showing ${shown} of ${total} logged nights, newest first.`;
  }

  async function page(reset) {
    error.hidden = true;
    if (reset) {
      shown = 0;
      oldest = null;
      list.replaceChildren();
      status.textContent = '';
    }
    try {
      const res = await call('history', { before: oldest, limit: PAGE, shown });
      total = res.total;
      const frag = document.createDocumentFragment();
      for (const n of res.nights) frag.append(item(n));
      const firstNew = frag.firstElementChild;
      list.append(frag);
      shown += res.nights.length;
      if (res.nights.length) oldest = res.nights[res.nights.length - 1].date;
      more.hidden = !res.more;
      setSummary();
      return firstNew;
    } catch (e) {
      error.textContent = e.message;
      error.hidden = false;
      return null;
    }
  }

  more.addEventListener('click', async () => {
    const first = await page(false);
    if (first) first.querySelector('button').focus();
  });

  return { load: () => page(true) };
}
