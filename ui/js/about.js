// About and help: the version, where the diary and its backups are, how to copy a backup to
// another disk and bring it back, a problem report, and the licences (fonts from Rust, the
// parts from the generated ./licences.js).

import { h, call, byId } from './util.js';

const capital = (m) => `${m.charAt(0).toUpperCase()}${m.slice(1)}`;

function section(s) {
  const id = `about-${s.id}`;
  return h('section', { id, 'aria-labelledby': `${id}-title` },
    h('h2', { id: `${id}-title`, text: s.title }),
    s.paragraphs.map((p) => h('p', { text: p })),
    s.steps.length ? h('ol', { class: 'steps' }, s.steps.map((t) => h('li', { text: t }))) : null);
}

/** The licences: the bundled fonts (from Rust) and every part, from the generated module. */
async function licences(f) {
  const w = f.licence_words;
  const { crates, licences: texts } = await import('./licences.js');
  const fonts = f.fonts.map((font) => h('div', { class: 'font-licence' },
    h('p', {}, h('strong', { text: font.name }), `: ${font.used_for}. ${w.licence_label}: ${font.licence}.`),
    h('details', {}, h('summary', { text: w.font_text_summary }), h('pre', { class: 'licence-text', text: font.text }))));
  const parts = crates.map((c) => h('li', { 'data-crate': c.name, text: `${c.name} ${c.version}: ${c.licence}` }));
  const full = texts.map((l) => h('div', { class: 'licence' },
    h('h4', { text: l.name }),
    h('p', { text: `${w.used_by}: ${l.used_by.join(', ')}` }),
    h('pre', { class: 'licence-text', text: l.text })));
  return h('section', { id: 'about-licences-list', 'aria-labelledby': 'about-licences-title' },
    h('h2', { id: 'about-licences-title', text: w.title }),
    h('p', { text: w.intro }),
    h('h3', { text: w.fonts_title }), fonts,
    h('h3', { text: w.parts_title }),
    h('details', { id: 'about-parts' }, h('summary', { text: `${w.parts_summary} (${crates.length})` }),
      h('ul', { class: 'parts' }, parts)),
    h('details', { id: 'about-texts' }, h('summary', { text: w.texts_summary }), full));
}

/** Sets up the About page; `load()` reads its facts from Rust once. */
export function aboutPage() {
  const [body, status, err] = byId('about-body', 'about-status', 'about-error');
  let loaded = false;

  const fail = (e) => { err.textContent = e && e.message ? capital(e.message) : 'Something went wrong.'; err.hidden = false; };

  async function report(button) {
    err.hidden = true;
    status.textContent = '';
    button.disabled = true;
    try {
      const r = await call('problem_report');
      status.textContent = r.message;
    } catch (e) { fail(e); } finally { button.disabled = false; }
  }

  async function load() {
    if (loaded) return;
    err.hidden = true;
    try {
      const f = await call('about_app');
      document.getElementById('about-version').textContent = f.version_line;
      const button = h('button', { type: 'button', class: 'primary', id: 'about-save-report', text: f.report_button });
      button.addEventListener('click', () => report(button));
      body.replaceChildren(...f.sections.map(section), h('div', { class: 'buttons' }, button));
      document.getElementById('about-licences').replaceChildren(await licences(f));
      loaded = true;
    } catch (e) { fail(e); }
  }

  return { load };
}
