// Backups: the copies of the diary, "Back up now", and bringing one back.

import { h, call, longDate, confirmDialog, byId } from './util.js';
import { BACKUP_KINDS } from './words.js';

const capital = (m) => `${m.charAt(0).toUpperCase()}${m.slice(1)}`;

/** The list items for backups; `onRestore(x, words)` brings one back. Unreadable ones say why. */
export function backupItems(backups, onRestore) {
  if (!backups.length) return [h('li', { class: 'empty-note', text: 'No backups yet.' })];
  return backups.map((x) => {
    const kind = BACKUP_KINDS[x.kind] || x.kind;
    if (x.problem) {
      const words = `${longDate(x.date)}: ${kind}, cannot be brought back`;
      return h('li', { 'data-file': x.file_name, class: 'unreadable' },
        h('div', { class: 'item-head' }, h('span', { text: words })),
        h('p', { class: 'muted', text: capital(x.problem) }));
    }
    const words = `${longDate(x.date)}: ${kind}, ${x.nights} ${x.nights === 1 ? 'night' : 'nights'}`;
    return h('li', { 'data-file': x.file_name }, h('div', { class: 'item-head' }, h('span', { text: words }),
      h('button', { type: 'button', text: 'Bring back', 'aria-label': `Bring back the copy from ${words}`, onclick: () => onRestore(x, words) })));
  });
}

/** Sets up the Backups page; `afterRestore` refreshes what every page shows. */
export function backupsPage(afterRestore) {
  const [list, status, err, folder] = byId('backups-list', 'backups-status', 'backups-error', 'backups-folder');
  const [rule, now] = byId('backups-rule', 'back-up-now');

  function fail(e) {
    err.textContent = e.message ? capital(e.message) : 'Something went wrong.';
    err.hidden = false;
  }

  function render(b) {
    folder.textContent = `Backups are kept in ${b.folder}`;
    rule.textContent = b.rule;
    list.replaceChildren(...backupItems(b.backups, restore));
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

/** The start-up page's list, shown when the diary could not be opened: bringing one back reloads the app. */
export async function fatalBackups() {
  const [list, status, err] = byId('fatal-backups', 'fatal-status', 'fatal-error');
  const fail = (e) => { err.textContent = e.message ? capital(e.message) : 'Something went wrong.'; err.hidden = false; };
  async function restore(x, words) {
    const ok = await confirmDialog(
      `Bring back the copy from ${words}? The diary file that could not be opened is kept in the backups folder as “Before a restore”.`,
      'Bring it back', 'Cancel');
    if (!ok) return;
    err.hidden = true;
    try {
      await call('restore_backup', { file_name: x.file_name });
      status.textContent = `Brought back the copy from ${longDate(x.date)}. Opening your diary…`;
      window.location.reload();
    } catch (e) { fail(e); }
  }
  try {
    const b = await call('backups');
    list.replaceChildren(...backupItems(b.backups, restore));
  } catch (e) { fail(e); }
}
