//! Accessibility and fewest steps, in the real webview (Xvfb + tauri-driver + WebKitWebDriver).
//!
//! Every page passes axe-core (no serious or critical violation) with an empty diary, with the
//! sample diary and with the cramp form open; text, targets, landmarks, headings and charts are
//! measured in the page; the morning log works with the keyboard alone; and the everyday entries
//! take the fewest actions, counted. Screenshots go to `test-artifacts/a11y-*.png`.

mod support;

use std::collections::BTreeSet;
use std::time::{Duration, Instant};

use cramp_diary::{FluidKind, Muscle, NightStatus, Relief, Side, Store};
use fantoccini::actions::{InputSource, KeyAction, KeyActions, MouseActions, PointerAction, MOUSE_BUTTON_LEFT};
use fantoccini::key::Key;
use fantoccini::{Client, Locator};
use serde_json::{json, Value};
use support::*;

/// The pages in the navigation, in order: `data-page` and the button's words.
const PAGES: [(&str, &str); 11] = [
    ("morning", "This morning"),
    ("another", "Log another night"),
    ("history", "History"),
    ("meds", "Medications"),
    ("insights", "Insights"),
    ("trends", "Trends"),
    ("trial", "Does it help me?"),
    ("export", "Export"),
    ("backups", "Backups"),
    ("settings", "Settings"),
    ("about", "About and help"),
];

/// These tests visit many pages on a shared, busy machine: more time than `within` gives.
async fn in_time<F: std::future::Future<Output = ()>>(f: F) {
    tokio::time::timeout(Duration::from_secs(480), f).await.expect("the test finished within 480 s");
}

/// Polls a script until it returns true; fails naming `what`.
async fn wait_js(c: &Client, script: &str, what: &str) {
    let start = Instant::now();
    while start.elapsed() < Duration::from_secs(20) {
        if c.execute(script, vec![]).await.unwrap() == json!(true) {
            return;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("timed out waiting for {what}");
}

/// Opens a page from the navigation and waits until it has loaded (its heading takes the focus then).
async fn visit(c: &Client, page: &str) {
    click(c, &format!("#nav button[data-page='{page}']")).await;
    let ready = format!(
        "const s = document.getElementById('page-{page}'); \
         return !s.hidden && document.activeElement === s.querySelector('h1');"
    );
    wait_js(c, &ready, &format!("the {page} page")).await;
    if page == "morning" {
        wait_js(c, "return document.getElementById('m-logged').textContent !== '';", "last night's state").await;
    }
}

async fn load_sample(c: &Client) {
    click(c, "#load-sample").await;
    wait_text(c, "#page-morning", "Sample diary loaded").await;
}

/// Opens the cramp form on the morning page.
async fn open_cramp_form(c: &Client) {
    click(c, "#m-cramps").await;
    wait_js(c, "return !document.getElementById('m-ep-form').hidden;", "the cramp form").await;
}

// ----- (a) axe on every page ---------------------------------------------------------------------

/// Visits every page, runs axe on each and takes its screenshot.
async fn axe_every_page(c: &Client, display: &str, tag: &str) {
    for (page, name) in PAGES {
        visit(c, page).await;
        assert_axe_clean(c, &format!("{name} ({tag})")).await;
        shot(c, display, &format!("a11y-{tag}-{page}")).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_page_passes_axe_with_an_empty_diary() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("diary.db");
    let (_app, display, port) = launch(&db, "a11y-axe-empty");
    in_time(async {
        let c = session(port).await;
        wait_text(&c, "#m-logged", "Not logged yet").await;
        // The CSP is on (an inline script added to the page is refused), yet WebDriver scripts run.
        let inline = "const done = arguments[arguments.length - 1]; let refused = ''; \
                      document.addEventListener('securitypolicyviolation', (e) => { refused = e.violatedDirective; }); \
                      const s = document.createElement('script'); s.textContent = 'window.__inline = 1'; \
                      document.head.append(s); \
                      setTimeout(() => done({ ran: window.__inline === 1, refused }), 300);";
        let csp = c.execute_async(inline, vec![]).await.unwrap();
        assert_eq!(csp["ran"], json!(false), "the CSP refuses inline script: {csp}");
        assert!(csp["refused"].as_str().unwrap_or_default().starts_with("script-src"), "{csp}");
        assert!(axe_run(&c).await.passed_rules > 10, "axe runs despite the CSP");

        axe_every_page(&c, &display, "empty").await;

        visit(&c, "morning").await;
        open_cramp_form(&c).await;
        assert_axe_clean(&c, "the cramp form (empty diary)").await;
        shot(&c, &display, "a11y-empty-cramp-form").await;

        // A refused value: the error text and the marked field must pass too.
        let duration = c.find(Locator::Css("#m-ep-duration")).await.unwrap();
        duration.clear().await.unwrap();
        duration.send_keys("0").await.unwrap();
        click(&c, "#m-ep-save").await;
        wait_text(&c, "#m-ep-error", "How long (minutes)").await;
        assert_axe_clean(&c, "the cramp form showing an error").await;
        shot(&c, &display, "a11y-empty-cramp-form-error").await;

        visit(&c, "about").await;
        click(&c, "#about-parts summary").await;
        click(&c, "#about-texts summary").await;
        wait_js(&c, "return document.getElementById('about-texts').open;", "the licence texts to open").await;
        assert_axe_clean(&c, "About and help with every licence open").await;

        visit(&c, "another").await;
        click(&c, "#another-form button[type='submit']").await;
        wait_text(&c, "#a-title", "Night of").await;
        assert_axe_clean(&c, "Log another night with a night open").await;
        shot(&c, &display, "a11y-empty-another-open").await;

        // The check is not vacuous: a nameless button and pale text are caught, with their impact.
        let spoil = "const b = document.createElement('button'); b.id = 'bad-button'; \
                     const p = document.createElement('p'); p.id = 'bad-text'; p.textContent = 'pale words'; \
                     p.style.color = '#c8c8c8'; document.getElementById('page-another').append(b, p);";
        c.execute(spoil, vec![]).await.unwrap();
        let found = axe_run(&c).await.violations;
        let report = axe_report(&found);
        for (rule, impact, target) in
            [("button-name", "critical", "#bad-button"), ("color-contrast", "serious", "#bad-text")]
        {
            assert!(
                found.iter().any(|v| v["id"] == json!(rule)
                    && v["impact"] == json!(impact)
                    && v["nodes"].as_array().unwrap().iter().any(|n| n["target"] == json!(target))),
                "axe reports {rule} ({impact}) on {target}; it said:\n{report}"
            );
        }
        c.close().await.unwrap();
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_page_passes_axe_with_the_sample_diary() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("diary.db");
    let (_app, display, port) = launch(&db, "a11y-axe-sample");
    in_time(async {
        let c = session(port).await;
        load_sample(&c).await;
        // The sample diary has a warning sign: the red-flag banner is part of every page here.
        wait_text(&c, "#flag-banner", "doctor or nurse today").await;
        axe_every_page(&c, &display, "sample").await;

        visit(&c, "morning").await;
        open_cramp_form(&c).await;
        assert_axe_clean(&c, "the cramp form (sample diary)").await;
        shot(&c, &display, "a11y-sample-cramp-form").await;

        visit(&c, "another").await;
        click(&c, "#another-form button[type='submit']").await;
        wait_text(&c, "#a-title", "Night of").await;
        assert_axe_clean(&c, "Log another night with a logged night open").await;

        visit(&c, "trends").await;
        click(&c, "#trends-form input[value='all']").await;
        wait_text(&c, "#trends-status", "everything up to").await;
        assert_axe_clean(&c, "Trends showing everything").await;

        visit(&c, "insights").await;
        click(&c, "#insights-body details summary").await;
        assert_axe_clean(&c, "Insights with an explanation opened").await;

        visit(&c, "history").await;
        click(&c, "#history-list li button.danger").await;
        wait_js(&c, "return document.getElementById('confirm-dialog').open;", "the confirmation").await;
        assert_axe_clean(&c, "the delete confirmation").await;
        shot(&c, &display, "a11y-sample-confirm").await;
        click(&c, "#confirm-no").await;

        // An undo offer after a deletion passes too; then the night is put back.
        click(&c, "#history-list li button.danger").await;
        click(&c, "#confirm-yes").await;
        wait_text(&c, "#history-status", "Deleted").await;
        assert_axe_clean(&c, "History offering undo").await;
        click(&c, "#history-status button.undo").await;
        wait_text(&c, "#history-status", "Put back").await;
        c.close().await.unwrap();
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_page_passes_axe_in_the_dark_and_high_contrast_looks_at_larger_text() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("diary.db");
    let mut store = cramp_diary::Store::open(&db).unwrap();
    let today = today();
    cramp_diary::interchange::import_diary(&mut store, &cramp_diary::demo::sample_diary(today), false).unwrap();
    let (_app, display, port) = launch(&db, "a11y-axe-looks");
    in_time(async {
        for theme in [cramp_diary::Theme::Dark, cramp_diary::Theme::HighContrast] {
            let settings =
                cramp_diary::Settings { theme, text_size: cramp_diary::TextSize::Larger, ..Default::default() };
            store.save_settings(&settings).unwrap();
            let c = session(port).await;
            let look = c.execute("return document.documentElement.dataset.look;", vec![]).await.unwrap();
            assert_eq!(look, json!(theme.as_str()), "the saved look is applied at start");
            wait_text(&c, "#flag-banner", "doctor or nurse today").await;
            axe_every_page(&c, &display, theme.as_str()).await;
            visit(&c, "morning").await;
            open_cramp_form(&c).await;
            assert_axe_clean(&c, &format!("the cramp form ({theme})")).await;
            shot(&c, &display, &format!("a11y-{theme}-cramp-form")).await;
            c.close().await.unwrap();
        }
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_trial_page_and_the_tonight_panel_pass_axe_and_the_measures_by_keyboard() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("diary.db");
    let today = today();
    {
        // The 14 nights before are logged, so a plan's blocks start tonight.
        let mut s = Store::open(&db).unwrap().with_today(today);
        for k in 1..=14 {
            s.save_night(&cramp_diary::Night::new(today - chrono::Days::new(k), NightStatus::None)).unwrap();
        }
    }
    let (_app, display, port) = launch(&db, "a11y-trial");
    in_time(async {
        let c = session(port).await;
        let mut failures = Vec::new();
        let mut check = async |what: &str, name: &str| {
            assert_axe_clean(&c, what).await;
            failures.extend(audit_failures(&c.execute(AUDIT, vec![]).await.unwrap(), what));
            shot(&c, &display, name).await;
        };
        visit(&c, "trial").await;
        wait_text(&c, "#trial-evidence", "Trials disagree").await;
        check("Does it help me? before a plan", "a11y-trial-form").await;
        click(&c, "#trial-remedy-prescribed_medicine").await;
        wait_text(&c, "#trial-evidence", "prescribed it").await;
        check("Does it help me? with a prescribed medicine chosen", "a11y-trial-prescribed").await;
        click(&c, "#trial-remedy-stretching").await;

        // Plan by keyboard: Tab to the button, Enter; the result is labelled provisional.
        tab_to(&c, "#trial-plan", false, 30).await;
        enter(&c).await;
        wait_text(&c, "#trial-verdict", "Provisional:").await;
        check("Does it help me? with a trial running", "a11y-trial-running").await;

        // The morning page's panel: Tab to Done, Enter.
        visit(&c, "morning").await;
        wait_text(&c, "#trial-tonight-title", "Tonight:").await;
        tab_to(&c, "#trial-tonight-done", false, 40).await;
        enter(&c).await;
        wait_text(&c, "#trial-tonight-done-status", "Recorded as done.").await;
        check("This morning with tonight's task recorded", "a11y-trial-morning").await;
        assert!(failures.is_empty(), "{} problems:\n{}", failures.len(), failures.join("\n"));
        c.close().await.unwrap();
    })
    .await;
}

// ----- (b) text size, targets, landmarks, headings, charts ----------------------------------------

/// Measures the page as shown: base text size, text under 18 px, targets under 44×44 px (a box or
/// radio counts with its label), `lang`, title, landmarks, headings and charts' text alternatives.
const AUDIT: &str = r#"
const shown = (el) => {
  if (el.closest('[hidden]')) return false;
  const s = getComputedStyle(el);
  if (s.display === 'none' || s.visibility === 'hidden') return false;
  const r = el.getBoundingClientRect();
  return r.width > 0 && r.height > 0 && r.right > 0 && r.bottom + window.scrollY > 0;
};
const name = (el) => {
  let s = el.tagName.toLowerCase();
  if (el.id) return `${s}#${el.id}`;
  if (typeof el.className === 'string' && el.className.trim()) s += '.' + el.className.trim().split(/\s+/).join('.');
  const words = (el.getAttribute('aria-label') || el.textContent || '').trim().replace(/\s+/g, ' ').slice(0, 40);
  const host = el.parentElement && el.parentElement.closest('[id]');
  return `${host ? '#' + host.id + ' ' : ''}${s}${words ? ` "${words}"` : ''}`;
};
const labelled = (ids) => (ids || '').split(/\s+/).filter(Boolean)
  .map((id) => (document.getElementById(id) || {}).textContent || '').join(' ').trim();
const out = {
  lang: document.documentElement.lang, title: document.title,
  base: parseFloat(getComputedStyle(document.body).fontSize), smallText: [], smallTargets: [],
};
for (const el of document.body.querySelectorAll('*')) {
  if (el.closest('svg') || !shown(el)) continue;
  if (![...el.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim())) continue;
  const px = parseFloat(getComputedStyle(el).fontSize);
  if (px < 18) out.smallText.push(`${name(el)} ${px}px`);
}
for (const el of document.querySelectorAll('button, input, select, textarea, a[href], summary')) {
  if (!shown(el)) continue;
  let box = el.getBoundingClientRect();
  if (el.type === 'checkbox' || el.type === 'radio') {
    const label = el.closest('label') || (el.id && document.querySelector(`label[for="${el.id}"]`));
    if (label) box = label.getBoundingClientRect();
  }
  if (box.width < 44 || box.height < 44) out.smallTargets.push(`${name(el)} ${Math.round(box.width)}×${Math.round(box.height)}`);
}
out.mains = [...document.querySelectorAll('main, [role=main]')].filter(shown).length;
out.banners = [...document.querySelectorAll('header, [role=banner]')]
  .filter((el) => shown(el) && !el.closest('main, section, article, aside, nav')).length;
out.navs = [...document.querySelectorAll('nav')].filter(shown)
  .map((n) => n.getAttribute('aria-label') || labelled(n.getAttribute('aria-labelledby')));
out.headings = [...document.querySelectorAll('h1, h2, h3, h4, h5, h6')].filter(shown)
  .map((h) => ({ level: Number(h.tagName[1]), text: h.textContent.trim() }));
out.charts = [...document.querySelectorAll('svg, img, canvas')].filter((el) => shown(el) && !el.parentElement.closest('svg'))
  .map((el) => {
    const fig = el.closest('figure');
    const alt = el.tagName === 'IMG' ? el.getAttribute('alt')
      : (el.getAttribute('aria-label') || labelled(el.getAttribute('aria-labelledby')));
    const caption = fig && fig.querySelector('figcaption') ? fig.querySelector('figcaption').textContent.trim() : '';
    // Focusable data marks need a role and a name, and an img's children are hidden from screen readers.
    const marks = [...el.querySelectorAll('[tabindex="0"]')];
    const unnamedMarks = marks.filter((m) => !m.getAttribute('role') || !m.getAttribute('aria-label')).length;
    const marksHidden = marks.length > 0 && el.getAttribute('role') === 'img';
    return { what: name(el), alt: alt || '', caption, hidden: el.getAttribute('aria-hidden') === 'true', unnamedMarks, marksHidden };
  });
return out;
"#;

/// Everything `AUDIT` found wrong on the page, in words.
fn audit_failures(a: &Value, what: &str) -> Vec<String> {
    let mut bad = Vec::new();
    let mut say = |m: String| bad.push(format!("{what}: {m}"));
    if a["lang"] != json!("en") {
        say(format!("<html lang> is {}", a["lang"]));
    }
    if a["title"].as_str().is_none_or(|t| t.trim().is_empty()) {
        say("the document has no <title>".into());
    }
    if a["base"].as_f64().unwrap_or(0.0) < 18.0 {
        say(format!("base text is {} px", a["base"]));
    }
    for (key, rule) in [("smallText", "text under 18 px"), ("smallTargets", "target under 44×44 px")] {
        for x in a[key].as_array().unwrap() {
            say(format!("{rule}: {}", x.as_str().unwrap()));
        }
    }
    if a["mains"] != json!(1) {
        say(format!("{} main landmarks", a["mains"]));
    }
    if a["banners"].as_u64().unwrap_or(0) < 1 {
        say("no banner (header) landmark".into());
    }
    let navs = a["navs"].as_array().unwrap();
    if navs.is_empty() || navs.iter().any(|n| n.as_str().is_none_or(str::is_empty)) {
        say(format!("navigation landmarks must exist and be named: {navs:?}"));
    }
    let headings = a["headings"].as_array().unwrap();
    let h1s = headings.iter().filter(|h| h["level"] == json!(1)).count();
    if h1s != 1 {
        say(format!("{h1s} h1 headings (one per page view): {headings:?}"));
    }
    let mut last = 0;
    for h in headings {
        let level = h["level"].as_u64().unwrap();
        if level > last + 1 {
            say(format!("heading level skipped: h{level} {} after h{last}", h["text"]));
        }
        last = level;
    }
    for ch in a["charts"].as_array().unwrap() {
        let hidden = ch["hidden"] == json!(true);
        let alt = ch["alt"].as_str().unwrap_or_default().trim().len();
        let caption = ch["caption"].as_str().unwrap_or_default().trim().len();
        if hidden || alt < 5 || caption < 20 {
            say(format!("chart without a text alternative (a name and a caption): {ch}"));
        }
        if ch["unnamedMarks"] != json!(0) || ch["marksHidden"] == json!(true) {
            say(format!("chart whose focusable marks a screen reader cannot name: {ch}"));
        }
    }
    bad
}

/// The contrast a control is drawn with, measured on the screen: its darkest pixel against its
/// lightest in a box 3 px larger than it (so the page behind it is included). For controls the
/// platform draws, whose computed style does not say how they look. The webview fills the screen
/// from its top left corner (Xvfb, no window manager).
async fn drawn_contrast(c: &Client, display: &str, css: &str, name: &str) -> f64 {
    let js = format!(
        "const el = document.querySelector(\"{css}\"); el.scrollIntoView({{ block: 'center' }}); \
         const r = el.getBoundingClientRect(); const d = window.devicePixelRatio; \
         return [r.left * d, r.top * d, r.width * d, r.height * d];"
    );
    let r = c.execute(&js, vec![]).await.unwrap();
    let n = |i: usize| r[i].as_f64().unwrap();
    let painted = "const done = arguments[0]; requestAnimationFrame(() => requestAnimationFrame(() => done(true)));";
    c.execute_async(painted, vec![]).await.unwrap();
    shot(c, display, name).await;
    let m = 3.0;
    let crop = format!("{}x{}+{}+{}", n(2) + 2.0 * m, n(3) + 2.0 * m, (n(0) - m).round(), (n(1) - m).round());
    let png = artifacts().join(format!("{name}.png"));
    let out = std::process::Command::new("convert").arg(&png).args(["-crop", &crop, "txt:-"]).output().unwrap();
    assert!(out.status.success(), "imagemagick's convert read {}", png.display());
    // Lines look like "3,0: (205,205,205)  #CDCDCD  grey80" (8 bits a channel).
    let lum = |rgb: &[f64]| {
        let f = |v: f64| if v / 255.0 <= 0.03928 { v / 255.0 / 12.92 } else { ((v / 255.0 + 0.055) / 1.055).powf(2.4) };
        0.2126 * f(rgb[0]) + 0.7152 * f(rgb[1]) + 0.0722 * f(rgb[2])
    };
    let levels: Vec<f64> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter_map(|l| l.split_once(": (")?.1.split_once(')').map(|(v, _)| v.to_owned()))
        .map(|v| lum(&v.split(',').map(|x| x.trim().parse::<f64>().unwrap()).collect::<Vec<_>>()))
        .collect();
    assert!(levels.len() > 100, "pixels were read around {css}");
    let (dark, light) = levels.iter().fold((1.0f64, 0.0f64), |(d, l), &x| (d.min(x), l.max(x)));
    (light + 0.05) / (dark + 0.05)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn text_targets_landmarks_headings_and_charts_on_every_page() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("diary.db");
    let (_app, display, port) = launch(&db, "a11y-measure");
    in_time(async {
        let c = session(port).await;
        wait_text(&c, "#m-logged", "Not logged yet").await;
        let mut failures = Vec::new();
        let mut pages_measured = 0;
        let mut charts_measured = 0;
        let mut measure = async |what: &str| {
            let a = c.execute(AUDIT, vec![]).await.unwrap();
            failures.extend(audit_failures(&a, what));
            pages_measured += 1;
            charts_measured += a["charts"].as_array().unwrap().len();
        };
        measure("This morning (empty diary)").await;
        load_sample(&c).await;
        for (page, name) in PAGES {
            visit(&c, page).await;
            measure(name).await;
        }
        visit(&c, "morning").await;
        open_cramp_form(&c).await;
        measure("the cramp form").await;
        visit(&c, "another").await;
        click(&c, "#another-form button[type='submit']").await;
        wait_text(&c, "#a-title", "Night of").await;
        measure("Log another night with a night open").await;
        visit(&c, "about").await;
        click(&c, "#about-parts summary").await;
        click(&c, "#about-texts summary").await;
        wait_js(&c, "return document.getElementById('about-texts').open;", "the licence texts to open").await;
        measure("About and help with every licence open").await;
        shot(&c, &display, "a11y-measure-about-licences").await;
        visit(&c, "trends").await;
        click(&c, "#trends-form input[value='custom']").await;
        measure("Trends with dates to choose").await;
        shot(&c, &display, "a11y-measure-trends-custom").await;
        // Unticked boxes and rounds must stand out from the page (WCAG 1.4.11: 3:1).
        let radio = drawn_contrast(&c, &display, "#trends-form input[value='28']", "a11y-measure-radio").await;
        visit(&c, "morning").await;
        let check = drawn_contrast(&c, &display, "#m-stretched", "a11y-measure-checkbox").await;
        for (what, ratio) in [("an unticked round (radio button)", radio), ("an unticked box (checkbox)", check)] {
            if ratio < 3.0 {
                failures.push(format!("{what} is drawn at {ratio:.1}:1 against the page"));
            }
        }
        assert_eq!(pages_measured, 16);
        assert!(charts_measured >= 10, "the Trends pages' charts were measured ({charts_measured})");
        assert!(failures.is_empty(), "{} problems:\n{}", failures.len(), failures.join("\n"));

        // The measures are not vacuous: a tiny button, small text and a second h1 are named.
        let spoil = "const b = document.createElement('button'); b.id = 'tiny'; b.textContent = 'x'; \
                     Object.assign(b.style, { minHeight: '0', padding: '0', width: '20px', height: '20px' }); \
                     const p = document.createElement('p'); p.id = 'small'; p.textContent = 'small print'; \
                     p.style.fontSize = '12px'; const h = document.createElement('h1'); h.textContent = 'Again'; \
                     document.getElementById('main').append(b, p, h);";
        c.execute(spoil, vec![]).await.unwrap();
        let spoiled = audit_failures(&c.execute(AUDIT, vec![]).await.unwrap(), "spoiled").join("\n");
        for expected in ["target under 44×44 px: button#tiny 20×20", "text under 18 px: p#small 12px", "2 h1 headings"]
        {
            assert!(spoiled.contains(expected), "the audit names {expected:?}; it said:\n{spoiled}");
        }
        c.close().await.unwrap();
    })
    .await;
}

// ----- (c) the keyboard alone ------------------------------------------------------------------

/// Presses `keys` together (held in order, released in reverse), like a person would.
async fn press(c: &Client, keys: &[char]) {
    let mut a = KeyActions::new("keyboard".into());
    for &k in keys {
        a = a.then(KeyAction::Down { value: k });
    }
    for &k in keys.iter().rev() {
        a = a.then(KeyAction::Up { value: k });
    }
    c.perform_actions(a).await.unwrap();
}

const TAB: char = '\u{e004}';

async fn tab(c: &Client) {
    press(c, &[TAB]).await;
}

async fn shift_tab(c: &Client) {
    press(c, &[Key::Shift.into(), TAB]).await;
}

async fn enter(c: &Client) {
    press(c, &[Key::Enter.into()]).await;
}

/// The focused element: a stable key, words for messages, where it is (page coordinates), whether
/// its focus ring shows (an outline or box-shadow ring ≥ 2 px at ≥ 3:1 against what is behind it).
const FOCUSED: &str = r#"
const el = document.activeElement;
if (!el || el === document.body) return null;
const rgb = (c) => (c.match(/[\d.]+/g) || []).map(Number);
const lum = ([r, g, b]) => {
  const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
  return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
};
let behind = [255, 255, 255];
for (let p = el.parentElement; p; p = p.parentElement) {
  const c = rgb(getComputedStyle(p).backgroundColor);
  if (c.length >= 3 && (c.length === 3 || c[3] > 0)) { behind = c; break; }
}
const s = getComputedStyle(el);
const against = (c) => { const [a, b] = [lum(c) + 0.05, lum(behind) + 0.05]; return Math.max(a, b) / Math.min(a, b); };
const contrast = against(rgb(s.outlineColor));
const outline = s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2 && contrast >= 3;
// A box shadow counts as a ring when it spreads at least 2 px in a colour at 3:1 or more.
const shadow = s.boxShadow === 'none' ? null : s.boxShadow.match(/^rgba?\(([^)]*)\)\s+(-?[\d.]+)px\s+(-?[\d.]+)px\s+([\d.]+)px\s+([\d.]+)px/);
const shadowRing = !!shadow && Number(shadow[5]) >= 2 && against(rgb(shadow[1])) >= 3;
const r = el.getBoundingClientRect();
const words = (el.getAttribute('aria-label') || el.textContent || el.value || '').trim().replace(/\s+/g, ' ').slice(0, 40);
return {
  key: Array.prototype.indexOf.call(document.getElementsByTagName('*'), el),
  id: el.id, what: `${el.tagName.toLowerCase()}${el.id ? '#' + el.id : ''} "${words}"`,
  page: (el.closest('.page') || {}).id || null,
  top: r.top + window.scrollY, bottom: r.bottom + window.scrollY, left: r.left, right: r.right,
  width: r.width, height: r.height,
  ring: outline || shadowRing,
  ringWords: `outline ${s.outlineStyle} ${s.outlineWidth} ${s.outlineColor} (${contrast.toFixed(1)}:1), shadow ${s.boxShadow}`,
};
"#;

/// Every control on the morning page a Tab can reach (one per radio group): `FOCUSED` key → words.
const TABBABLE_ON_MORNING: &str = r#"
const all = document.getElementsByTagName('*');
const seen = new Set();
const out = {};
const add = (el) => { out[Array.prototype.indexOf.call(all, el)] = `${el.tagName.toLowerCase()}#${el.id}`; };
for (const el of document.querySelectorAll('#page-morning :is(button, input, select, textarea, a[href], summary, [tabindex])')) {
  if (el.closest('[hidden]') || el.disabled || el.tabIndex < 0) continue;
  const s = getComputedStyle(el);
  const r = el.getBoundingClientRect();
  if (s.display === 'none' || s.visibility === 'hidden' || r.width === 0) continue;
  if (el.type === 'radio') {
    // One stop per group: its checked radio, or the first one when none is checked.
    if (seen.has(el.name)) continue;
    seen.add(el.name);
    const checked = document.querySelector(`input[type=radio][name="${el.name}"]:checked`);
    add(checked || el);
    continue;
  }
  add(el);
}
return out;
"#;

async fn focused(c: &Client) -> Value {
    c.execute(FOCUSED, vec![]).await.unwrap()
}

/// Presses Tab (or Shift+Tab) until `css` has the focus; returns what was focused on the way.
async fn tab_to(c: &Client, css: &str, backwards: bool, most: usize) -> Vec<Value> {
    let is_it = format!("return document.activeElement === document.querySelector(\"{css}\");");
    let mut path = Vec::new();
    for _ in 0..most {
        if backwards {
            shift_tab(c).await;
        } else {
            tab(c).await;
        }
        path.push(focused(c).await);
        if c.execute(&is_it, vec![]).await.unwrap() == json!(true) {
            return path;
        }
    }
    let seen: Vec<_> = path.iter().map(|f| f["what"].to_string()).collect();
    panic!("{css} was not reached with {most} presses; focus went: {}", seen.join(" → "));
}

/// Tabs from the focused control to the end of the morning page; returns how many stops it made
/// and the problems: a stop without a visible focus ring, one that does not follow the one before
/// it in reading order, and controls on the page that Tab never reached.
async fn walk_morning(c: &Client) -> (usize, Vec<String>) {
    let mut stops = vec![focused(c).await];
    for _ in 0..120 {
        tab(c).await;
        let f = focused(c).await;
        if f.is_null() || f["page"] != json!("page-morning") {
            break;
        }
        stops.push(f);
    }
    let mut problems = Vec::new();
    for s in &stops {
        if s["ring"] != json!(true) {
            problems.push(format!("no visible focus ring on {}: {}", s["what"], s["ringWords"]));
        }
    }
    for w in stops.windows(2) {
        if !reads_after(&w[0], &w[1]) {
            problems.push(format!("Tab goes back up or left: {} → {}", w[0]["what"], w[1]["what"]));
        }
    }
    let reached: BTreeSet<u64> = stops.iter().map(|s| s["key"].as_u64().unwrap()).collect();
    let tabbable = c.execute(TABBABLE_ON_MORNING, vec![]).await.unwrap();
    let tabbable = tabbable.as_object().unwrap();
    let keys: BTreeSet<u64> = tabbable.keys().map(|k| k.parse().unwrap()).collect();
    if reached != keys {
        let missed: Vec<&Value> = keys.difference(&reached).map(|k| &tabbable[&k.to_string()]).collect();
        problems.push(format!("Tab reached {} of the {} controls; missed {missed:?}", reached.len(), keys.len()));
    }
    (stops.len(), problems)
}

/// `walk_morning` that must find no problem.
async fn walk_morning_clean(c: &Client, what: &str) -> usize {
    let (stops, problems) = walk_morning(c).await;
    assert!(problems.is_empty(), "Tab on the morning page {what}:\n{}", problems.join("\n"));
    eprintln!("keyboard: {stops} Tab stops on the morning page {what}, in reading order, each with a focus ring");
    stops
}

/// Whether `b` comes after `a` in reading order: further right on the same row, or lower down.
fn reads_after(a: &Value, b: &Value) -> bool {
    let f = |v: &Value, k: &str| v[k].as_f64().unwrap();
    let overlap = f(a, "bottom").min(f(b, "bottom")) - f(a, "top").max(f(b, "top"));
    if overlap > 0.5 * f(a, "height").min(f(b, "height")) {
        f(b, "left") > f(a, "left")
    } else {
        f(b, "top") > f(a, "top")
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_keyboard_alone_logs_nights_and_reaches_every_page() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("diary.db");
    let (_app, display, port) = launch(&db, "a11y-keyboard");
    let last_night = last_night();
    in_time(async {
        let c = session(port).await;
        wait_text(&c, "#m-logged", "Not logged yet").await;

        // From the start: Tab to "No cramps last night" (skip link, the pages, then the button).
        let path = tab_to(&c, "#m-none", false, 30).await;
        let ids: Vec<&str> = path.iter().map(|f| f["id"].as_str().unwrap_or("")).collect();
        assert_eq!(path[0]["what"].as_str().unwrap(), "a \"Skip to the page\"", "the skip link comes first");
        assert!(path[0]["left"].as_f64().unwrap() >= 0.0, "the focused skip link is on screen: {}", path[0]);
        assert!(path[0]["height"].as_f64().unwrap() >= 44.0, "the skip link is a 44 px target: {}", path[0]);
        let nav: Vec<String> = path[1..path.len() - 1].iter().map(|f| f["what"].to_string()).collect();
        assert_eq!(nav.len(), PAGES.len(), "then the eleven pages, then the button: {ids:?}");
        for ((_, name), what) in PAGES.iter().zip(&nav) {
            assert!(what.contains(name), "the pages in their visual order: {nav:?}");
        }
        shot(&c, &display, "a11y-keyboard-focus-no-cramps").await;
        enter(&c).await;
        wait_text(&c, "#m-status", "Saved: no cramps").await;
        let night = Store::open(&db).unwrap().night(last_night).unwrap().expect("the night was saved");
        assert_eq!((night.status, night.episodes.len()), (NightStatus::None, 0));
        // The welcome box leaves once something is logged; then walk the rest of the page.
        wait_js(&c, "return !document.querySelector('.welcome');", "the welcome box to go").await;

        // Tab through the whole morning page: focus ring on every stop, visual order, nothing skipped.
        let walked = walk_morning_clean(&c, "after a cramp-free night").await;
        assert!(walked >= 20, "the walk covered the morning page ({walked} stops)");
        // The order check is not vacuous: the three big buttons shown right to left are caught.
        let row = "document.getElementById('m-none').parentElement.style.flexDirection";
        c.execute(&format!("{row} = 'row-reverse';"), vec![]).await.unwrap();
        tab_to(&c, "#m-none", false, 20).await;
        let (_, problems) = walk_morning(&c).await;
        assert!(
            problems.iter().any(|p| p.starts_with("Tab goes back up or left: \"button#m-none")),
            "reversed buttons are reported: {problems:?}"
        );
        c.execute(&format!("{row} = '';"), vec![]).await.unwrap();
        // ... nor is the ring check: a button whose outline is taken away is caught.
        let outline = "document.getElementById('m-none').style.outlineStyle";
        c.execute(&format!("{outline} = 'none';"), vec![]).await.unwrap();
        let path = tab_to(&c, "#m-none", false, 40).await;
        assert_eq!(path.last().unwrap()["ring"], json!(false), "a missing ring is caught");
        c.execute(&format!("{outline} = '';"), vec![]).await.unwrap();

        // Every page by keyboard: back to the navigation with Shift+Tab, Enter, its heading has focus.
        for (page, name) in PAGES.iter().rev() {
            tab_to(&c, &format!("#nav button[data-page='{page}']"), true, 60).await;
            enter(&c).await;
            let heading = format!(
                "const s = document.getElementById('page-{page}'); \
                 return !s.hidden && document.activeElement === s.querySelector('h1');"
            );
            wait_js(&c, &heading, &format!("{name} opened by keyboard")).await;
        }
        shot(&c, &display, "a11y-keyboard-morning-again").await;

        // A cramp by keyboard alone: open the form, type the time, set strength, leg, what helped, save.
        tab_to(&c, "#m-cramps", false, 10).await;
        enter(&c).await;
        wait_js(&c, "return document.activeElement.id === 'm-ep-time';", "the time field to take the focus").await;
        press(&c, &[Key::Control.into(), 'a']).await;
        for k in "02:40".chars() {
            press(&c, &[k]).await;
        }
        tab_to(&c, "#m-ep-intensity", false, 3).await;
        press(&c, &[Key::Right.into()]).await;
        press(&c, &[Key::Right.into()]).await;
        tab_to(&c, "#m-ep-side-left", false, 2).await;
        press(&c, &[Key::Space.into()]).await;
        tab_to(&c, "#m-ep-relief-stretching", false, 3).await;
        press(&c, &[Key::Space.into()]).await;
        shot(&c, &display, "a11y-keyboard-cramp-form").await;
        tab_to(&c, "#m-ep-save", false, 12).await;
        enter(&c).await;
        wait_text(&c, "#m-status", "Saved: a cramp at 02:40").await;
        let night = Store::open(&db).unwrap().night(last_night).unwrap().unwrap();
        assert_eq!((night.status, night.episodes.len()), (NightStatus::Cramps, 1));
        let e = &night.episodes[0];
        assert_eq!(e.time.map(|t| t.to_string()).as_deref(), Some("02:40"));
        assert_eq!(
            (e.intensity, e.side, e.relieved_by.as_slice()),
            (Some(7), Some(Side::Left), &[Relief::Stretching][..])
        );

        // The same walk with the cramp form open (focus returns to "Add another cramp" after a save).
        enter(&c).await;
        wait_js(&c, "return document.activeElement.id === 'm-ep-time';", "the form to open again").await;
        tab_to(&c, "#m-none", true, 10).await;
        let walked = walk_morning_clean(&c, "with the cramp form open").await;
        assert!(walked >= 40, "the walk covered the cramp form too ({walked} stops)");

        // A warning sign by keyboard: the emergency banner's button shows its focus ring and hides it.
        tab_to(&c, "#m-sym-cold_pale_leg", false, 90).await;
        press(&c, &[Key::Space.into()]).await;
        tab_to(&c, "#m-day-save", false, 20).await;
        enter(&c).await;
        wait_text(&c, "#flag-banner", "emergency services").await;
        assert_axe_clean(&c, "the emergency banner").await;
        let path = tab_to(&c, "#flag-banner button.dismiss", true, 80).await;
        let f = path.last().unwrap();
        assert_eq!(f["ring"], json!(true), "focus ring on the emergency banner's button: {}", f["ringWords"]);
        shot(&c, &display, "a11y-keyboard-emergency-banner").await;
        enter(&c).await;
        wait_js(&c, "return document.getElementById('flag-banner').hidden;", "the banner to hide").await;
        assert_eq!(c.execute("return document.activeElement.id;", vec![]).await.unwrap(), json!("main"));
        c.close().await.unwrap();
    })
    .await;
}

// ----- (d) fewest steps ------------------------------------------------------------------------

/// Performs a person's actions and counts them: a click, or a typed (or slid) value, is one.
struct Steps<'a> {
    c: &'a Client,
    done: Vec<String>,
}

impl<'a> Steps<'a> {
    fn new(c: &'a Client) -> Self {
        Steps { c, done: Vec::new() }
    }

    async fn click(&mut self, css: &str) {
        click(self.c, css).await;
        self.done.push(format!("click {css}"));
    }

    /// Replaces a field's text with `text`: one action.
    async fn type_in(&mut self, css: &str, text: &str) {
        let el = self.c.find(Locator::Css(css)).await.unwrap();
        el.clear().await.unwrap();
        el.send_keys(text).await.unwrap();
        self.done.push(format!("type {text:?} into {css}"));
    }

    /// Clicks a 0–10 slider where `value` lies on it: one action.
    async fn slide(&mut self, css: &str, value: f64) {
        let el = self.c.find(Locator::Css(css)).await.unwrap();
        let (_, _, width, _) = el.rectangle().await.unwrap();
        let thumb = 16.0; // WebKit's thumb: the value's range is the track less one thumb
        let x = (value / 10.0 - 0.5) * (width - thumb);
        let m = MouseActions::new("mouse".into())
            .then(PointerAction::MoveToElement { element: el, duration: None, x: x.round(), y: 0.0 })
            .then(PointerAction::Down { button: MOUSE_BUTTON_LEFT })
            .then(PointerAction::Up { button: MOUSE_BUTTON_LEFT });
        self.c.perform_actions(m).await.unwrap();
        self.done.push(format!("slide {css} to {value}"));
    }

    fn count(&self) -> usize {
        self.done.len()
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fewest_steps_for_a_quiet_night_a_cramp_and_a_glass_of_water() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("diary.db");
    let (_app, display, port) = launch(&db, "a11y-steps");
    let last_night = last_night();
    in_time(async {
        // A cramp-free night: one action from opening the app.
        let c = session(port).await;
        wait_text(&c, "#m-logged", "Not logged yet").await;
        let mut steps = Steps::new(&c);
        steps.click("#m-none").await;
        wait_text(&c, "#m-status", "Saved: no cramps").await;
        assert_eq!(steps.count(), 1, "a cramp-free night: {:?}", steps.done);
        let night = Store::open(&db).unwrap().night(last_night).unwrap().expect("saved");
        assert_eq!(night.status, NightStatus::None);
        eprintln!("steps: cramp-free night = {} ({:?})", steps.count(), steps.done);

        // A glass of water: one action.
        let mut steps = Steps::new(&c);
        steps.click("#page-morning .quick-drink").await;
        wait_text(&c, "#m-drink-status", "Added: glass of water, 250 mL").await;
        assert_eq!(steps.count(), 1, "a glass of water: {:?}", steps.done);
        let day = Store::open(&db).unwrap().day(last_night).unwrap();
        assert_eq!(day.fluids.len(), 1);
        assert_eq!((day.fluids[0].kind, day.fluids[0].ml), (FluidKind::Water, 250.0));
        shot(&c, &display, "a11y-steps-night-and-water").await;
        eprintln!("steps: glass of water = {} ({:?})", steps.count(), steps.done);
        c.close().await.unwrap();

        // A night with one typical cramp, from opening the app with last night not logged yet:
        // at 02:40 for 2 minutes (the default), strength 7, left calf (calf is the default), eased
        // by stretching.
        Store::open(&db).unwrap().delete_night(last_night).unwrap();
        let c = session(port).await;
        wait_text(&c, "#m-logged", "Not logged yet").await;
        let mut steps = Steps::new(&c);
        steps.click("#m-cramps").await;
        steps.type_in("#m-ep-time", "02:40").await;
        steps.slide("#m-ep-intensity", 7.0).await;
        steps.click("#m-ep-side-left").await;
        steps.click("#m-ep-relief-stretching").await;
        assert_eq!(text(&c, "#m-ep-intensity-value").await, "7 out of 10", "the slider took the click");
        shot(&c, &display, "a11y-steps-cramp-form").await;
        steps.click("#m-ep-save").await;
        wait_text(&c, "#m-status", "Saved: a cramp at 02:40").await;
        assert!(steps.count() <= 6, "a night with one typical cramp: {} actions {:?}", steps.count(), steps.done);
        eprintln!("steps: one typical cramp = {} ({:?})", steps.count(), steps.done);
        let night = Store::open(&db).unwrap().night(last_night).unwrap().expect("saved");
        assert_eq!((night.status, night.episodes.len()), (NightStatus::Cramps, 1));
        let e = &night.episodes[0];
        assert_eq!(e.time.map(|t| t.to_string()).as_deref(), Some("02:40"));
        assert_eq!((e.duration_min, e.intensity), (Some(2.0), Some(7)));
        assert_eq!((e.side, e.muscle), (Some(Side::Left), Some(Muscle::Calf)));
        assert_eq!(e.relieved_by, vec![Relief::Stretching]);
        shot(&c, &display, "a11y-steps-cramp-saved").await;
        c.close().await.unwrap();
    })
    .await;
}
