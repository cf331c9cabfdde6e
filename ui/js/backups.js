// Backups: the copies of the diary, "Back up now", and bringing one back.

import { h, call, longDate, confirmDialog } from './util.js';

const KINDS = { daily: 'Daily copy', auto: 'Daily copy', manual: 'Made by you', before_restore: 'Before a restore' };

/** Sets up the Backups page; `afterRestore` refreshes what every page shows. */
export function backupsPage(afterRestore) {
  const list = document.getElementById('backups-list');
  const status = document.getElementById('backups-status');
  const err = document.getElementById('backups-error');
  const folder = document.getElementById('backups-folder');
  const now = document.getElementById('back-up-now');

  function fail(e) {
    err.textContent = e.message ? `${e.message.charAt(0).toUpperCase()}${e.message.slice(1)}` : 'Something went wrong.';
    err.hidden = false;
  }

  function render(b) {
    folder.textContent = `Backups are kept in ${b.folder}`;
    list.replaceChildren(...(b.backups.length
      ? b.backups.map((x) => {
        const words = `${longDate(x.date)}: ${KINDS[x.kind] || x.kind}, ${x.nights} ${x.nights === 1 ? 'night' : 'nights'}`;
        return h('li', { 'data-file': x.file_name }, h('div', { class: 'item-head' }, h('span', { text: words }),
          h('button', { type: 'button', text: 'Bring back', 'aria-label': `Bring back the copy from ${words}`, onclick: () => restore(x, words) })));
      })
      : [h('li', { class: 'empty-note', text: 'No backups yet.' })]));
  }

  async function load() {
    err.hidden = true;
    try { render(await call('backups')); } catch (e) { fail(e); }
  }

  now.addEventListener('click', async () => {
    err.hidden = true;
    status.textContent = '';
    now.disabled = true;
    try {
      render(await call('back_up_now'));
      status.textContent = 'Done: your diary has been copied.';
    } catch (e) { fail(e); } finally { now.disabled = false; }
  });

  async function restore(x, words) {
    const ok = await confirmDialog(
      `Bring back the copy from ${words}? Your diary as it is now will be copied first (it will be listed as “Before a restore”), so you can undo this by bringing that copy back.`,
      'Bring it back', 'Cancel');
    if (!ok) return;
    err.hidden = true;
    try {
      const r = await call('restore_backup', { file_name: x.file_name });
      render(r.list);
      status.textContent = `Brought back the copy from ${longDate(x.date)}. To undo, bring back the newest “Before a restore” copy.`;
      await afterRestore();
    } catch (e) { fail(e); }
  }

  return { load };
}
