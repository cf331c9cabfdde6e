// The red-flag banner: warning signs from the last two weeks that need help today.

import { h, call, plain } from './util.js';

// Dismissed warnings, by id and wording: a new date logged changes the wording and shows it again.
const dismissed = new Set();
const key = (f) => `${f.id}|${f.message}`;

/** Asks Rust for warning signs and shows the urgent ones at the top of every page. */
export async function checkRedFlags() {
  const host = document.getElementById('flag-banner');
  let flags;
  try {
    flags = await call('red_flags');
  } catch {
    return;
  }
  const serious = flags.filter((f) => (f.tier === 'emergency' || f.tier === 'urgent') && !dismissed.has(key(f)));
  if (!serious.length) {
    host.replaceChildren();
    host.hidden = true;
    return;
  }
  const emergency = serious.some((f) => f.tier === 'emergency');
  const title = emergency
    ? 'Please call emergency services now (999, 911 or 112)'
    : 'Please see a doctor or nurse today';
  const close = h('button', { type: 'button', class: 'dismiss', text: 'I understand, hide this' });
  close.addEventListener('click', () => {
    for (const f of serious) dismissed.add(key(f));
    host.replaceChildren();
    host.hidden = true;
    document.getElementById('main').focus();
  });
  host.className = `flag-banner ${emergency ? 'flag-emergency' : 'flag-urgent'}`;
  host.replaceChildren(h('div', { class: 'wrap' },
    h('p', { class: 'flag-title', text: title }),
    h('ul', {}, serious.map((f) => h('li', { text: plain(f.message) }))),
    h('p', { text: 'This is a warning sign you logged, not a diagnosis. It is always better to get it checked.' }),
    close));
  const fresh = host.hidden;
  host.hidden = false;
  // Bring it into view when it appears after a save further down the page.
  if (fresh) host.scrollIntoView({ block: 'start' });
}
