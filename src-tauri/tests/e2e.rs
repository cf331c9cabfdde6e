//! End to end in the real webview: Xvfb + tauri-driver + WebKitWebDriver drive the built app.
//!
//! The morning log must survive a restart, the cramp form must save an episode, and a bad
//! duration must be refused with the field named and nothing written. Screenshots go to
//! `test-artifacts/`. Missing Xvfb or tauri-driver is a failure, not a skip.

mod support;

use std::path::PathBuf;
use std::process::Command;
use std::time::{Duration, Instant};

use chrono::{Days, NaiveDate};
use cramp_diary::{NightStatus, Store};
use fantoccini::{ClientBuilder, Locator};
use support::*;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn morning_log_survives_restart_and_cramp_form_works() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("diary.db");
    let (_app, display, port) = launch(&db, "main");
    let last_night = last_night();
    within(async {
        // --- first run: one click logs a cramp-free night ---------------------------------
        let c = session(port).await;
        assert_eq!(text(&c, "#morning-title").await, night_words(last_night));
        wait_text(&c, "#m-logged", "Not logged yet").await;
        assert!(text(&c, "#load-sample").await.contains("Load sample diary"), "an empty diary offers the sample");
        shot(&c, &display, "01-morning-empty").await;

        let button = c.find(Locator::Css("#m-none")).await.unwrap();
        assert!(button.text().await.unwrap().contains("No cramps last night"));
        button.click().await.unwrap();
        let said = wait_text(&c, "#m-status", "no cramps").await;
        assert!(said.starts_with("Saved"), "confirmation in words: {said}");
        wait_text(&c, "#m-logged", "No cramps").await;
        shot(&c, &display, "02-morning-no-cramps").await;
        c.close().await.unwrap();

        // --- restart: the night is still there ---------------------------------------------
        let c = session(port).await;
        wait_text(&c, "#m-logged", "Logged: No cramps").await;
        click(&c, "#nav button[data-page='history']").await;
        let row = format!("#history-list li[data-date='{last_night}']");
        wait_text(&c, &row, "No cramps").await;
        shot(&c, &display, "03-history-after-restart").await;

        // --- the cramp form: a bad duration is refused, naming the field ---------------------
        click(&c, "#nav button[data-page='morning']").await;
        wait_text(&c, "#m-logged", "No cramps").await;
        click(&c, "#m-cramps").await;
        let duration =
            c.wait().at_most(Duration::from_secs(30)).for_element(Locator::Css("#m-ep-duration")).await.unwrap();
        assert_eq!(duration.prop("value").await.unwrap().as_deref(), Some("2"), "sensible default duration");
        assert_eq!(text(&c, "#m-ep-intensity-value").await, "5 out of 10");
        duration.clear().await.unwrap();
        duration.send_keys("0").await.unwrap();
        click(&c, "#m-ep-save").await;
        let err = wait_text(&c, "#m-ep-error", "How long (minutes)").await;
        assert!(err.contains("more than 0"), "the rule is given: {err}");
        assert_eq!(duration.attr("aria-invalid").await.unwrap().as_deref(), Some("true"));
        assert!(text(&c, "#m-logged").await.contains("No cramps"), "nothing changed on screen");
        shot(&c, &display, "04-bad-duration").await;
        {
            let store = Store::open(&db).unwrap();
            let night = store.night(last_night).unwrap().expect("the night is still logged");
            assert_eq!((night.status, night.episodes.len()), (NightStatus::None, 0), "nothing was written");
        }

        // --- ... and a good one is saved ---------------------------------------------------
        duration.clear().await.unwrap();
        duration.send_keys("3").await.unwrap();
        click(&c, "#m-ep-side-left").await;
        click(&c, "#m-ep-relief-stretching").await;
        click(&c, "#m-ep-save").await;
        wait_text(&c, "#m-status", "Saved: a cramp at 03:00").await;
        wait_text(&c, "#m-logged", "1 cramp").await;
        let listed = wait_text(&c, "#m-episodes li", "3 min").await;
        assert!(listed.contains("left calf") && listed.contains("stretching"), "{listed}");
        assert!(
            !c.find(Locator::Css("#m-ep-error")).await.unwrap().is_displayed().await.unwrap(),
            "the old error is gone"
        );
        shot(&c, &display, "05-cramp-saved").await;
        c.close().await.unwrap();

        let store = Store::open(&db).unwrap();
        let night = store.night(last_night).unwrap().unwrap();
        assert_eq!(night.status, NightStatus::Cramps);
        assert_eq!(night.episodes.len(), 1);
        let e = &night.episodes[0];
        assert_eq!(e.time.map(|t| t.to_string()).as_deref(), Some("03:00"));
        assert_eq!((e.duration_min, e.intensity), (Some(3.0), Some(5)));
        assert_eq!(e.side, Some(cramp_diary::Side::Left));
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_diary_that_cannot_be_opened_is_reported_plainly() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("diary.db");
    {
        let mut store = Store::open(&db).unwrap();
        let night = last_night();
        store.save_night(&cramp_diary::Night::new(night, cramp_diary::NightStatus::None)).unwrap();
        cramp_diary::backup::back_up_now(&store).unwrap();
        drop(store);
        rusqlite::Connection::open(&db).unwrap().pragma_update(None, "user_version", 99).unwrap();
    }
    let (_app, display, port) = launch(&db, "too-new");
    within(async {
        let mut caps = serde_json::Map::new();
        caps.insert(
            "tauri:options".into(),
            serde_json::json!({ "application": env!("CARGO_BIN_EXE_cramp-diary-app") }),
        );
        let c = ClientBuilder::native().capabilities(caps).connect(&format!("http://127.0.0.1:{port}")).await.unwrap();
        let msg = wait_text(&c, "#fatal-message", "schema version 99").await;
        assert!(msg.contains("newer version"), "{msg}");
        assert_eq!(text(&c, "#fatal-title").await, "Your diary could not be opened");
        assert!(
            !c.find(Locator::Css("#nav")).await.unwrap().is_displayed().await.unwrap(),
            "no empty diary is offered"
        );
        // The page offers the diary's backups; bringing one back opens the diary.
        wait_text(&c, "#fatal-backups", "Made by you, 1 night").await;
        shot(&c, &display, "06-cannot-open").await;
        click(&c, "#fatal-backups li[data-file^='manual-'] button").await;
        let asked = wait_text(&c, "#confirm-text", "could not be opened is kept").await;
        assert!(asked.contains("Before a restore"), "{asked}");
        click(&c, "#confirm-yes").await;
        wait_text(&c, "#m-logged", "").await;
        assert!(c.find(Locator::Css("#nav")).await.unwrap().is_displayed().await.unwrap(), "the diary is open");
        c.close().await.unwrap();
    })
    .await;
    let kept = std::fs::read_dir(cramp_diary::backup::backup_dir(&db))
        .unwrap()
        .filter_map(|e| e.ok())
        .find(|e| e.file_name().to_string_lossy().starts_with("before-restore-"))
        .expect("the file that could not be opened is kept");
    let c = rusqlite::Connection::open(kept.path()).unwrap();
    assert_eq!(c.pragma_query_value(None, "user_version", |r| r.get::<_, i64>(0)).unwrap(), 99);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn drinks_medications_and_deleting_a_night() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("diary.db");
    let (_app, display, port) = launch(&db, "pages");
    let last_night = last_night();
    within(async {
        let c = session(port).await;

        // One tap per glass, shown in mL by default.
        click(&c, "#page-morning .quick-drink").await;
        wait_text(&c, "#m-drink-status", "Added: glass of water, 250 mL").await;
        wait_text(&c, "#m-drink-total", "Total: 250 mL").await;
        to_top(&c, "#m-drinks-title").await;
        shot(&c, &display, "07-drinks").await;
        let day = Store::open(&db).unwrap().day(last_night).unwrap();
        assert_eq!(day.fluids.len(), 1);
        assert_eq!(day.fluids[0].ml, 250.0);

        // Add a medicine.
        click(&c, "#nav button[data-page='meds']").await;
        c.find(Locator::Css("#med-name")).await.unwrap().send_keys("Hydrochlorothiazide").await.unwrap();
        c.find(Locator::Css("#med-dose")).await.unwrap().send_keys("25 mg once a day").await.unwrap();
        click(&c, "#med-add button[type='submit']").await;
        wait_text(&c, "#meds-status", "Saved: Hydrochlorothiazide added").await;
        let listed = wait_text(&c, "#meds-current", "Hydrochlorothiazide, 25 mg once a day").await;
        assert!(!listed.contains("null"), "no stray values on the page: {listed}");
        shot(&c, &display, "08-medications").await;
        assert_eq!(Store::open(&db).unwrap().courses().unwrap().len(), 1);

        // Delete the medicine, then undo: it comes back with the same details.
        click(&c, "#meds-current button.danger").await;
        wait_text(&c, "#confirm-text", "Delete Hydrochlorothiazide").await;
        click(&c, "#confirm-yes").await;
        wait_text(&c, "#meds-status", "Deleted Hydrochlorothiazide").await;
        assert!(Store::open(&db).unwrap().courses().unwrap().is_empty(), "deleted from the file");
        click(&c, "#meds-status button.undo").await;
        wait_text(&c, "#meds-status", "Put back Hydrochlorothiazide, 25 mg once a day").await;
        wait_text(&c, "#meds-current", "Hydrochlorothiazide, 25 mg once a day").await;
        let back = Store::open(&db).unwrap().courses().unwrap();
        assert_eq!((back.len(), back[0].medication.dose.as_str()), (1, "25 mg once a day"));

        // Log the night, delete it from History after confirming, then undo.
        click(&c, "#nav button[data-page='morning']").await;
        click(&c, "#m-none").await;
        wait_text(&c, "#m-status", "no cramps").await;
        let logged = Store::open(&db).unwrap().night(last_night).unwrap().unwrap();
        click(&c, "#nav button[data-page='history']").await;
        let row = format!("#history-list li[data-date='{last_night}']");
        wait_text(&c, &row, "No cramps").await;
        click(&c, &format!("{row} button.danger")).await;
        let asked = wait_text(&c, "#confirm-text", "undo this for a few seconds").await;
        assert!(asked.starts_with("Delete the night of "), "{asked}");
        shot(&c, &display, "09-confirm-delete").await;
        click(&c, "#confirm-yes").await;
        wait_text(&c, "#history-status", "Deleted the night of").await;
        wait_text(&c, "#history-summary", "No nights logged yet").await;
        assert!(Store::open(&db).unwrap().night(last_night).unwrap().is_none(), "the night is gone from the file");
        let undo = c.find(Locator::Css("#history-status button.undo")).await.unwrap();
        assert_eq!(c.active_element().await.unwrap().text().await.unwrap(), "Undo", "Enter undoes at once");
        shot(&c, &display, "09b-undo-offered").await;
        undo.click().await.unwrap();
        wait_text(&c, "#history-status", "Put back the night of").await;
        wait_text(&c, &row, "No cramps").await;
        assert_eq!(Store::open(&db).unwrap().night(last_night).unwrap(), Some(logged), "exactly as it was");

        // Back-fill an older night by date.
        let older = last_night - Days::new(9);
        click(&c, "#nav button[data-page='another']").await;
        let set = format!("document.getElementById('another-date').value = '{older}'");
        c.execute(&set, vec![]).await.unwrap();
        click(&c, "#another-form button[type='submit']").await;
        assert_eq!(wait_text(&c, "#a-title", "Night of").await, night_words(older));
        click(&c, "#a-none").await;
        wait_text(&c, "#a-status", "Saved: no cramps").await;
        shot(&c, &display, "10-another-night").await;
        assert_eq!(Store::open(&db).unwrap().night(older).unwrap().unwrap().status, NightStatus::None);

        // Drinks in fluid ounces as soon as Settings says so.
        click(&c, "#nav button[data-page='settings']").await;
        click(&c, "#unit-floz").await;
        wait_text(&c, "#settings-status", "fluid ounces").await;
        shot(&c, &display, "11-settings-fl-oz").await;
        click(&c, "#nav button[data-page='morning']").await;
        wait_text(&c, "#m-drink-total", "Total: 8.5 fl oz").await;
        // A typed amount is read in fluid ounces too, and kept in mL.
        wait_text(&c, "label[for='m-drink-amount']", "Amount (fl oz)").await;
        wait_text(&c, "#page-morning .quick-drink", "(8.5 fl oz)").await;
        c.find(Locator::Css("#m-drink-amount")).await.unwrap().send_keys("8").await.unwrap();
        click(&c, "#page-morning form[aria-label='Add another amount'] button[type='submit']").await;
        wait_text(&c, "#m-drink-status", "Added: water, 8.0 fl oz. Total for the day: 16.5 fl oz.").await;
        let ml: Vec<f64> = Store::open(&db).unwrap().day(last_night).unwrap().fluids.iter().map(|f| f.ml).collect();
        assert_eq!(ml, [250.0, 236.6]);
        c.close().await.unwrap();
    })
    .await;
}

/// Insights says in plain words when the diary cannot tell two changes apart: the sample
/// diary with a second medicine started five days after its thiazide.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn insights_say_when_two_changes_cannot_be_told_apart() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("diary.db");
    let mut diary = cramp_diary::demo::sample_diary(today());
    let hctz = diary.medications.iter().find(|m| m.name == "Hydrochlorothiazide").unwrap().started;
    let omeprazole = hctz + Days::new(5);
    diary.medications.push(cramp_diary::Medication {
        name: "Omeprazole".into(),
        dose: "20 mg".into(),
        started: omeprazole,
        stopped: None,
        notes: String::new(),
    });
    {
        let mut store = Store::open(&db).unwrap().with_today(today());
        cramp_diary::interchange::import_diary(&mut store, &diary, false).unwrap();
    }
    let (_app, display, port) = launch(&db, "insights-apart");
    within(async {
        let c = session(port).await;
        click(&c, "#nav button[data-page='insights']").await;
        let card = wait_text(&c, "#insights-body .finding[data-kind='medication_start']", "Hydrochlorothiazide").await;
        assert!(card.contains("cannot tell which of them made the difference"), "{card}");
        assert!(
            card.contains(&format!("Omeprazole started {}", cramp_diary::locale::DateStyle::DEFAULT.date(omeprazole))),
            "{card}"
        );
        assert!(!card.contains("Likely linked"), "neither is credited on its own: {card}");
        assert!(card.contains("Please don't stop or change a prescribed medicine on your own"), "{card}");
        to_top(&c, "#insights-body .finding[data-kind='medication_start']").await;
        shot(&c, &display, "10b-insights-cannot-tell-apart").await;
        c.close().await.unwrap();
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn insights_and_trends_on_the_sample_diary() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("diary.db");
    let (_app, display, port) = launch(&db, "insights");
    within(async {
        let c = session(port).await;
        click(&c, "#load-sample").await;
        wait_text(&c, "#page-morning", "Sample diary loaded").await;

        click(&c, "#nav button[data-page='insights']").await;
        let card = wait_text(&c, "#insights-body .finding[data-kind='medication_start']", "Hydrochlorothiazide").await;
        assert!(card.contains("times as many cramp nights"), "the rate ratio in words: {card}");
        assert!(card.contains("Before") && card.contains("cramps on 43 of 173 nights"), "{card}");
        assert!(card.contains("probably between"), "the interval: {card}");
        let page = text(&c, "#page-insights").await;
        assert!(page.contains("not a diagnosis"), "{page}");
        // v2 explanations: medicines taken since before the diary are said, not analysed.
        assert!(page.contains("started before your diary began"), "{page}");
        assert!(page.contains("a week"), "the summary gives cramp nights a week: {page}");
        assert!(!page.to_lowercase().contains("stop your medicine"), "{page}");
        // Findings come most urgent first.
        let tiers: Vec<String> = {
            let mut v = Vec::new();
            for el in c.find_all(Locator::Css("#insights-body .finding .tier")).await.unwrap() {
                v.push(el.text().await.unwrap());
            }
            v
        };
        assert_eq!(tiers.first().map(String::as_str), Some("See a doctor or nurse today"), "{tiers:?}");
        shot(&c, &display, "09-insights-top").await;
        to_top(&c, "#insights-body .finding[data-kind='medication_start']").await;
        shot(&c, &display, "10-insights").await;

        // A shorter span: the numbers are for those nights only; impossible dates are refused.
        click(&c, "#insights-form input[value='91']").await;
        wait_text(&c, "#insights-status", "Looking at").await;
        wait_text(&c, "#insights-body", "of 91 nights").await;
        click(&c, "#insights-form input[value='custom']").await;
        c.execute(
            "document.getElementById('insights-from').value = '2026-10-01'; \
             document.getElementById('insights-to').value = '2026-09-01';",
            vec![],
        )
        .await
        .unwrap();
        click(&c, "#insights-custom button[type='submit']").await;
        wait_text(&c, "#insights-range-error", "From: please choose a date before").await;

        click(&c, "#nav button[data-page='trends']").await;
        wait_text(&c, "#trends-status", "Showing").await;
        click(&c, "#trends-form input[value='all']").await;
        wait_text(&c, "#trends-status", "everything up to").await;
        let figures = c.find_all(Locator::Css("#trends-charts figure")).await.unwrap();
        assert_eq!(figures.len(), 5, "five charts");
        for f in &figures {
            let cap = f.find(Locator::Css("figcaption")).await.unwrap().text().await.unwrap();
            assert!(cap.len() > 20, "each chart has its text alternative: {cap:?}");
            f.find(Locator::Css("svg")).await.expect("the chart is inline SVG");
        }
        let marks = c.find_all(Locator::Css("#trends-charts svg [tabindex='0']")).await.unwrap();
        assert!(marks.len() > 20, "data marks can be reached with the keyboard");
        shot(&c, &display, "11-trends").await;
        for kind in ["weekly", "medications"] {
            to_top(&c, &format!("#trends-charts figure[data-kind='{kind}'] svg")).await;
            shot(&c, &display, &format!("11-trends-{kind}")).await;
        }
        c.close().await.unwrap();
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_warning_sign_shows_the_red_flag_banner() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("diary.db");
    let (_app, display, port) = launch(&db, "redflag");
    within(async {
        let c = session(port).await;
        assert!(!c.find(Locator::Css("#flag-banner")).await.unwrap().is_displayed().await.unwrap(), "no banner yet");
        click(&c, "#m-sym-calf_swelling").await;
        click(&c, "#m-day-save").await;
        let banner = wait_text(&c, "#flag-banner", "doctor or nurse today").await;
        assert!(banner.to_lowercase().contains("calf"), "{banner}");
        assert_eq!(
            c.find(Locator::Css("#flag-banner")).await.unwrap().attr("role").await.unwrap().as_deref(),
            Some("alert")
        );
        shot(&c, &display, "12-red-flag").await;
        click(&c, "#flag-banner button.dismiss").await;
        assert!(!c.find(Locator::Css("#flag-banner")).await.unwrap().is_displayed().await.unwrap(), "dismissed");
        c.close().await.unwrap();

        // Opening the app again shows it again.
        let c = session(port).await;
        wait_text(&c, "#flag-banner", "doctor or nurse today").await;
        c.close().await.unwrap();
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn export_a_pdf_through_the_page() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("diary.db");
    let (_app, display, port) = launch(&db, "export");
    within(async {
        let c = session(port).await;
        click(&c, "#load-sample").await;
        wait_text(&c, "#page-morning", "Sample diary loaded").await;
        click(&c, "#nav button[data-page='export']").await;
        click(&c, "#paper-letter").await;
        c.find(Locator::Css("#export-name")).await.unwrap().send_keys("Margaret Example").await.unwrap();
        click(&c, "#export-save").await;
        let said = wait_text(&c, "#export-status", "It is here:").await;
        assert!(said.contains("PDF"), "{said}");
        shot(&c, &display, "13-export").await;

        // The print view: a native print dialog cannot be driven, so count the calls instead.
        c.execute("window.__printed = 0; window.print = () => { window.__printed += 1; };", vec![]).await.unwrap();
        click(&c, "#export-print").await;
        // The summary is only shown on paper (display: none on screen), so read it as textContent.
        let start = Instant::now();
        while c.execute("return window.__printed;", vec![]).await.unwrap() != serde_json::json!(1)
            && start.elapsed() < Duration::from_secs(15)
        {
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        let calls = c.execute("return window.__printed;", vec![]).await.unwrap();
        assert_eq!(calls, serde_json::json!(1), "Print opened the print dialog once");
        let summary_text =
            c.execute("return document.getElementById('print-summary').textContent;", vec![]).await.unwrap();
        let summary_text = summary_text.as_str().unwrap_or_default();
        assert!(
            summary_text.contains("Margaret Example")
                && summary_text.contains("a week")
                && summary_text.contains("Hydrochlorothiazide"),
            "{summary_text}"
        );
        c.close().await.unwrap();
    })
    .await;
    let pdfs: Vec<PathBuf> = std::fs::read_dir(export_dir(&db))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "pdf"))
        .collect();
    assert_eq!(pdfs.len(), 1, "one PDF was written: {pdfs:?}");
    let bytes = std::fs::read(&pdfs[0]).unwrap();
    assert!(bytes.starts_with(b"%PDF"), "a PDF file");
    let out = Command::new("pdftotext").arg(&pdfs[0]).arg("-").output().expect("pdftotext (poppler-utils) runs");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("Margaret Example"), "the chosen name is in the PDF");
    assert!(text.contains("Hydrochlorothiazide"), "the finding is in the PDF");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_reversing_character_in_a_name_or_note_cannot_reorder_the_page_and_long_words_wrap() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("diary.db");
    let long = "x".repeat(300);
    {
        let mut store = Store::open(&db).unwrap();
        let night = last_night() - chrono::Days::new(1);
        let mut n = cramp_diary::Night::new(night, cramp_diary::NightStatus::None);
        n.notes = format!("abc\u{202E}def {long}");
        store.save_night(&n).unwrap();
        let m = cramp_diary::Medication {
            name: format!("Zz\u{202E}tacilop {long}"),
            dose: String::new(),
            started: night,
            stopped: None,
            notes: String::new(),
        };
        store.add_course(&m).unwrap();
    }
    let (_app, display, port) = launch(&db, "bidi");
    within(async {
        let c = session(port).await;
        c.set_window_size(800, 700).await.unwrap();
        let probe = r#"
            const out = [];
            for (const el of document.querySelectorAll('.page:not([hidden]) li')) {
              if (!el.textContent.includes('\u202E')) continue;
              const b = el.querySelector('bdi.user-text');
              const labels = [...el.querySelectorAll('[aria-label]')].map((x) => x.getAttribute('aria-label'));
              out.push({
                isolated: !!b && b.textContent.includes('\u202E') && getComputedStyle(b).unicodeBidi === 'isolate',
                fits: el.scrollWidth <= el.clientWidth + 1,
                cleanLabels: labels.every((l) => !/[\u202a-\u202e\u2066-\u2069]/.test(l)),
              });
            }
            return out;"#;
        for page in ["history", "meds"] {
            click(&c, &format!("#nav button[data-page='{page}']")).await;
            wait_text(&c, &format!("#page-{page}"), "xxxxxxxx").await;
            let found = c.execute(probe, vec![]).await.unwrap();
            let rows = found.as_array().unwrap();
            assert!(!rows.is_empty(), "{page}: the entry is listed");
            for r in rows {
                assert_eq!(r["isolated"], true, "{page}: {r}");
                assert_eq!(r["fits"], true, "{page}: a 300-letter word wraps: {r}");
                assert_eq!(r["cleanLabels"], true, "{page}: {r}");
            }
        }
        let frozen = c.execute("return Object.isFrozen(Object.prototype)", vec![]).await.unwrap();
        assert_eq!(frozen, serde_json::json!(true), "freezePrototype is on");
        shot(&c, &display, "16-bidi-and-long-words").await;
        c.close().await.unwrap();
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn backups_page_backs_up_now() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("diary.db");
    let (_app, display, port) = launch(&db, "backups");
    within(async {
        let c = session(port).await;
        click(&c, "#m-none").await;
        wait_text(&c, "#m-status", "no cramps").await;
        click(&c, "#nav button[data-page='backups']").await;
        click(&c, "#back-up-now").await;
        wait_text(&c, "#backups-status", "copied").await;
        let listed = wait_text(&c, "#backups-list", "Made by you, 1 night").await;
        assert!(!listed.contains("null"), "{listed}");
        assert!(listed.contains("Daily copy"), "the app made its daily copy when it started: {listed}");
        shot(&c, &display, "14-backups").await;

        // Bring back the daily copy (taken before last night was logged), then check the undo copy.
        click(&c, "#backups-list li[data-file^='diary-'] button").await;
        let asked = wait_text(&c, "#confirm-text", "copied first").await;
        assert!(asked.contains("undo"), "{asked}");
        shot(&c, &display, "15-restore-confirm").await;
        click(&c, "#confirm-yes").await;
        wait_text(&c, "#backups-status", "Brought back").await;
        wait_text(&c, "#backups-list", "Before a restore, 1 night").await;
        click(&c, "#nav button[data-page='morning']").await;
        wait_text(&c, "#m-logged", "Not logged yet").await;
        c.close().await.unwrap();
    })
    .await;
    let files: Vec<_> =
        std::fs::read_dir(cramp_diary::backup::backup_dir(&db)).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert!(files.iter().any(|f| f.to_string_lossy().starts_with("manual-")), "{files:?}");
}

const PAGES: [&str; 10] =
    ["morning", "another", "history", "meds", "insights", "trends", "trial", "export", "backups", "settings"];

/// Opens every page and keeps a screenshot of each, named `<prefix>-<page>`.
async fn shoot_every_page(c: &fantoccini::Client, display: &str, prefix: &str) {
    c.set_window_rect(0, 0, 1280, 1000).await.unwrap();
    for page in PAGES {
        click(c, &format!("#nav button[data-page='{page}']")).await;
        let heading = c
            .wait()
            .at_most(Duration::from_secs(15))
            .for_element(Locator::Css(&format!("#page-{page} h1")))
            .await
            .unwrap_or_else(|e| panic!("{page} has a heading: {e}"));
        assert!(heading.is_displayed().await.unwrap(), "{page} is shown");
        if page == "trends" {
            c.wait().at_most(Duration::from_secs(15)).for_element(Locator::Css("#page-trends svg")).await.unwrap();
        }
        if page == "insights" {
            wait_text(c, "#page-insights", "What your diary shows").await;
        }
        shot(c, display, &format!("{prefix}-{page}")).await;
        let shown = text(c, &format!("#page-{page}")).await;
        for slip in ["null", "undefined", "NaN", "[object"] {
            assert!(!shown.split_whitespace().any(|w| w.starts_with(slip)), "{page} shows {slip:?}:\n{shown}");
        }
        if page == "trends" || page == "insights" {
            let first = if page == "trends" { "#page-trends figure" } else { "#page-insights .finding" };
            to_top(c, first).await;
            shot(c, display, &format!("{prefix}-{page}-2")).await;
        }
    }
}

async fn computed(c: &fantoccini::Client, css: &str, property: &str) -> String {
    let js = "return getComputedStyle(document.querySelector(arguments[0])).getPropertyValue(arguments[1]);";
    c.execute(js, vec![css.into(), property.into()]).await.unwrap().as_str().unwrap_or_default().to_string()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn settings_change_the_look_everywhere_and_every_page_is_shot_in_each_theme() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("diary.db");
    let (_app, display, port) = launch(&db, "settings");
    within(async {
        let c = session(port).await;
        click(&c, "#load-sample").await;
        wait_text(&c, "#page-morning", "Sample diary loaded").await;
        assert_eq!(computed(&c, "html", "font-size").await, "20px", "normal text is 20 px");
        shoot_every_page(&c, &display, "light").await;

        // The reminder: a bad time is refused with the field named, a good one is saved.
        click(&c, "#nav button[data-page='settings']").await;
        click(&c, "#reminder-on").await;
        let time = c.find(Locator::Css("#reminder-time")).await.unwrap();
        time.clear().await.unwrap();
        time.send_keys("25:00").await.unwrap();
        click(&c, "#reminder-save").await;
        let err = wait_text(&c, "#reminder-error", "Time of the reminder").await;
        assert!(err.contains("HH:MM"), "the rule is given: {err}");
        assert_eq!(time.attr("aria-invalid").await.unwrap().as_deref(), Some("true"));
        assert!(!Store::open(&db).unwrap().settings().unwrap().reminder_enabled, "nothing was saved");
        shot(&c, &display, "20-settings-bad-time").await;
        time.clear().await.unwrap();
        time.send_keys("7:30").await.unwrap();
        click(&c, "#reminder-save").await;
        wait_text(&c, "#settings-status", "The reminder is on, at 07:30").await;
        let saved = Store::open(&db).unwrap().settings().unwrap();
        assert!(saved.reminder_enabled);
        assert_eq!(saved.reminder_time.to_string(), "07:30");

        // The evening reminder of a self-experiment: on at 21:00 unless changed; its own time.
        assert!(c.find(Locator::Css("#evening-on")).await.unwrap().is_selected().await.unwrap());
        let evening = c.find(Locator::Css("#evening-time")).await.unwrap();
        assert_eq!(evening.prop("value").await.unwrap().as_deref(), Some("21:00"));
        evening.clear().await.unwrap();
        evening.send_keys("21:75").await.unwrap();
        click(&c, "#reminder-save").await;
        wait_text(&c, "#reminder-error", "Time of the evening reminder").await;
        assert_eq!(Store::open(&db).unwrap().settings().unwrap().evening_reminder_time.to_string(), "21:00");
        evening.clear().await.unwrap();
        evening.send_keys("20:15").await.unwrap();
        click(&c, "#reminder-save").await;
        wait_text(&c, "#settings-status", "the evening reminder comes at 20:15").await;
        click(&c, "#evening-on").await;
        time.clear().await.unwrap();
        time.send_keys("07:35").await.unwrap();
        click(&c, "#reminder-save").await;
        let said = wait_text(&c, "#settings-status", "The reminder is on, at 07:35.").await;
        assert!(!said.contains("evening"), "{said}");
        let saved = Store::open(&db).unwrap().settings().unwrap();
        assert!(!saved.evening_reminder_enabled && saved.reminder_enabled);
        assert_eq!(saved.evening_reminder_time.to_string(), "20:15");

        // Text size and colours apply at once, are saved, and survive a restart.
        click(&c, "#size-larger").await;
        wait_text(&c, "#settings-status", "larger text").await;
        assert_eq!(computed(&c, "html", "font-size").await, "28px");
        shot(&c, &display, "21-settings-larger-text").await;
        click(&c, "#size-normal").await;
        wait_text(&c, "#settings-status", "normal text").await;
        click(&c, "#theme-dark").await;
        wait_text(&c, "#settings-status", "colours dark").await;
        assert_eq!(computed(&c, "body", "background-color").await, "rgb(18, 20, 23)");
        c.close().await.unwrap();

        let c = session(port).await;
        assert_eq!(computed(&c, "body", "background-color").await, "rgb(18, 20, 23)", "dark after a restart");
        shoot_every_page(&c, &display, "dark").await;
        click(&c, "#theme-high_contrast").await;
        wait_text(&c, "#settings-status", "high contrast").await;
        assert_eq!(computed(&c, "body", "background-color").await, "rgb(0, 0, 0)");
        assert_eq!(computed(&c, "body", "color").await, "rgb(255, 255, 255)");
        shot(&c, &display, "22-settings-high-contrast").await;
        click(&c, "#nav button[data-page='morning']").await;
        shot(&c, &display, "23-morning-high-contrast").await;
        click(&c, "#nav button[data-page='settings']").await;
        click(&c, "#theme-light").await;
        wait_text(&c, "#settings-status", "colours light").await;
        assert_eq!(computed(&c, "body", "background-color").await, "rgb(251, 250, 247)");
        let s = Store::open(&db).unwrap().settings().unwrap();
        assert_eq!((s.theme, s.text_size), (cramp_diary::Theme::Light, cramp_diary::TextSize::Normal));
        c.close().await.unwrap();
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_edit_says_what_changed_and_never_overwrites_a_change_made_elsewhere() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("diary.db");
    let (_app, display, port) = launch(&db, "changes");
    let last_night = last_night();
    within(async {
        let c = session(port).await;
        // A cramp, then "No cramps" replaces it after asking, and says what changed.
        click(&c, "#m-cramps").await;
        c.wait().at_most(Duration::from_secs(30)).for_element(Locator::Css("#m-ep-save")).await.unwrap();
        click(&c, "#m-ep-save").await;
        wait_text(&c, "#m-logged", "1 cramp").await;
        click(&c, "#m-none").await;
        wait_text(&c, "#confirm-text", "Replace them").await;
        click(&c, "#confirm-yes").await;
        let said = wait_text(&c, "#m-status", "What changed").await;
        assert!(said.contains("1 cramp → no cramps") && said.contains("cramp 1 removed"), "{said}");
        shot(&c, &display, "24-what-changed").await;

        // Meanwhile another program (the CLI, say) writes a note to the same night.
        {
            let mut other = Store::open(&db).unwrap();
            let mut n = other.night(last_night).unwrap().unwrap();
            n.notes = "written in the terminal".into();
            n.logged_at = None;
            other.save_night(&n).unwrap();
        }
        click(&c, "#m-unknown").await;
        let refused = wait_text(&c, "#m-night-error", "changed somewhere else").await;
        assert!(refused.contains("notes changed") && refused.contains("nothing was saved"), "{refused}");
        shot(&c, &display, "25-changed-elsewhere").await;
        let n = Store::open(&db).unwrap().night(last_night).unwrap().unwrap();
        assert_eq!((n.status, n.notes.as_str()), (NightStatus::None, "written in the terminal"), "not overwritten");

        // The page now shows the latest version, so a second try saves over what was seen.
        click(&c, "#m-unknown").await;
        let said = wait_text(&c, "#m-status", "not sure").await;
        assert!(said.contains("no cramps → not sure"), "{said}");
        let n = Store::open(&db).unwrap().night(last_night).unwrap().unwrap();
        assert_eq!((n.status, n.notes.as_str()), (NightStatus::Unknown, "written in the terminal"), "the note is kept");
        c.close().await.unwrap();
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_values_on_every_other_form_are_refused_and_good_ones_saved() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("diary.db");
    let (_app, display, port) = launch(&db, "forms");
    let today = today();
    let last_night = last_night();
    within(async {
        let c = session(port).await;
        let drinks = "#page-morning form[aria-label='Add another amount']";

        // A drink: 20 litres is refused naming the amount; 300 mL is saved.
        let amount = c.find(Locator::Css("#m-drink-amount")).await.unwrap();
        amount.send_keys("20000").await.unwrap();
        click(&c, &format!("{drinks} button[type='submit']")).await;
        let err = wait_text(&c, &format!("{drinks} .error"), "Amount").await;
        assert!(err.contains("10000"), "the rule is given: {err}");
        assert_eq!(amount.attr("aria-invalid").await.unwrap().as_deref(), Some("true"));
        assert!(Store::open(&db).unwrap().day(last_night).unwrap().fluids.is_empty(), "nothing was written");
        shot(&c, &display, "30-bad-drink").await;
        amount.clear().await.unwrap();
        amount.send_keys("300").await.unwrap();
        click(&c, &format!("{drinks} button[type='submit']")).await;
        wait_text(&c, "#m-drink-total", "Total: 300 mL").await;
        assert_eq!(Store::open(&db).unwrap().day(last_night).unwrap().fluids[0].ml, 300.0);

        // Another night: a night that has not happened yet.
        click(&c, "#nav button[data-page='another']").await;
        let later = today + Days::new(5);
        c.execute(&format!("document.getElementById('another-date').value = '{later}'"), vec![]).await.unwrap();
        click(&c, "#another-form button[type='submit']").await;
        wait_text(&c, "#another-error", "has not happened yet").await;

        // A medicine without a name.
        click(&c, "#nav button[data-page='meds']").await;
        click(&c, "#med-add button[type='submit']").await;
        wait_text(&c, "#med-add-error", "Name").await;
        assert!(Store::open(&db).unwrap().courses().unwrap().is_empty(), "nothing was written");
        shot(&c, &display, "31-bad-medicine").await;

        // Year of birth and a condition on Settings.
        click(&c, "#nav button[data-page='settings']").await;
        let year = c.find(Locator::Css("#birth-year")).await.unwrap();
        year.send_keys("1850").await.unwrap();
        click(&c, "#profile-form button[type='submit']").await;
        wait_text(&c, "#profile-error", "Year of birth").await;
        assert_eq!(Store::open(&db).unwrap().profile().unwrap().birth_year, None, "nothing was written");
        year.clear().await.unwrap();
        year.send_keys("1948").await.unwrap();
        click(&c, "#profile-form button[type='submit']").await;
        wait_text(&c, "#settings-status", "born in 1948").await;
        assert_eq!(Store::open(&db).unwrap().profile().unwrap().birth_year, Some(1948));
        click(&c, "#condition-form button[type='submit']").await;
        wait_text(&c, "#condition-error", "Name").await;
        c.find(Locator::Css("#cond-name")).await.unwrap().send_keys("type 2 diabetes").await.unwrap();
        click(&c, "#condition-form button[type='submit']").await;
        wait_text(&c, "#conditions", "type 2 diabetes").await;
        shot(&c, &display, "32-settings-about-you").await;
        assert_eq!(Store::open(&db).unwrap().conditions().unwrap().len(), 1);
        c.close().await.unwrap();
    })
    .await;
}

/// Scrolls an element to the top of the window (for a screenshot of it).
async fn to_top(c: &fantoccini::Client, css: &str) {
    c.execute("document.querySelector(arguments[0]).scrollIntoView();", vec![css.into()]).await.unwrap();
}

/// Scrolls an element into the middle of the window (for a screenshot of it).
async fn into_view(c: &fantoccini::Client, css: &str) {
    let js = "document.querySelector(arguments[0]).scrollIntoView({ block: 'center' });";
    c.execute(js, vec![css.into()]).await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_stretching_trial_from_the_plan_to_tonights_arm_to_the_verdict() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("diary.db");
    let today = today();
    {
        let mut s = Store::open(&db).unwrap().with_today(today);
        for k in 1..=14 {
            let status = if k % 2 == 0 { NightStatus::Cramps } else { NightStatus::None };
            s.save_night(&cramp_diary::Night::new(today - Days::new(k), status)).unwrap();
        }
    }
    let (_xvfb, display) = start_xvfb();
    let (driver, port) = start_driver(&display, &db, "trial");
    within(async {
        let c = session(port).await;
        c.set_window_rect(0, 0, 1280, 1000).await.unwrap();
        click(&c, "#nav button[data-page='trial']").await;
        // Each choice shows its evidence before anything is planned.
        let evidence = wait_text(&c, "#trial-evidence", "Trials disagree").await;
        assert!(evidence.contains("no difference"), "{evidence}");
        assert!(text(&c, "#trial-intro").await.contains("prescribed medicine"), "the page's own words from Rust");
        click(&c, "#trial-remedy-supplement").await;
        wait_text(&c, "#trial-evidence", "Cochrane review (2020) found no benefit").await;
        // A prescribed medicine: not planned here; a plan to print for the prescriber instead.
        click(&c, "#trial-remedy-prescribed_medicine").await;
        wait_text(&c, "#trial-evidence", "only with the person who prescribed it").await;
        assert!(!c.find(Locator::Css("#trial-plan")).await.unwrap().is_displayed().await.unwrap(), "no plan button");
        c.find(Locator::Css("#trial-medicine")).await.unwrap().send_keys("Baclofen").await.unwrap();
        shot(&c, &display, "40-trial-prescribed-medicine").await;
        click(&c, "#trial-prescriber").await;
        let said = wait_text(&c, "#trial-status", "It is here:").await;
        assert!(said.contains("a plan to take to your prescriber"), "{said}");
        let plan = export_dir(&db).join("cramp-diary-prescriber-plan-2026-11-23.pdf");
        let out = Command::new("pdftotext").arg(&plan).arg("-").output().expect("pdftotext runs");
        let pdf = String::from_utf8_lossy(&out.stdout).split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(pdf.contains("Does Baclofen help my night cramps?") && pdf.contains("seed"), "{pdf}");

        // Plan a stretching trial: fixed at once, its result labelled provisional.
        click(&c, "#trial-remedy-stretching").await;
        click(&c, "#trial-plan").await;
        wait_text(&c, "#trial-status", "Planned.").await;
        let headline = wait_text(&c, "#trial-verdict", "Provisional:").await;
        assert_eq!(headline, "Provisional: not enough data yet");
        wait_text(&c, "#trial-words", "Provisional: ").await;
        wait_text(&c, "#trial-plan-list", "Block 6 (pair 3)").await;
        shot(&c, &display, "41-trial-planned").await;
        let trial = Store::open(&db).unwrap().current_trial().unwrap().expect("the plan is in the file");
        assert_eq!(trial.design.start, today, "the last 14 nights are logged: the blocks start tonight");
        let tonight = trial.design.tonight(today).unwrap();

        // The morning page says tonight's arm; one tap records it.
        click(&c, "#nav button[data-page='morning']").await;
        assert_eq!(wait_text(&c, "#trial-tonight-title", "Tonight:").await, tonight);
        into_view(&c, "#trial-tonight").await;
        shot(&c, &display, "42-morning-tonight").await;
        click(&c, "#trial-tonight-done").await;
        wait_text(&c, "#trial-tonight-done-status", "Recorded as done.").await;
        let pressed = c.find(Locator::Css("#trial-tonight-done")).await.unwrap().attr("aria-pressed").await.unwrap();
        assert_eq!(pressed.as_deref(), Some("true"));
        shot(&c, &display, "43-morning-tonight-done").await;
        assert_eq!(Store::open(&db).unwrap().current_trial().unwrap().unwrap().done_on(today), Some(true));
        c.close().await.unwrap();
    })
    .await;
    drop(driver);

    // Every block night logged (cramps on most nights without stretching), then the clock
    // moved past the last night: the result page shows the verdict, no longer provisional.
    let trial = Store::open(&db).unwrap().current_trial().unwrap().unwrap();
    let after = trial.design.end() + Days::new(1);
    {
        let mut s = Store::open(&db).unwrap().with_today(after);
        for (k, date) in trial.design.start.iter_days().take_while(|d| *d <= trial.design.end()).enumerate() {
            let remedy = trial.design.block_on(date).is_some_and(|b| b.arm == cramp_diary::trial::Arm::Remedy);
            let cramps = if remedy { k % 6 == 0 } else { k % 5 != 0 };
            s.save_night(&cramp_diary::Night::new(date, if cramps { NightStatus::Cramps } else { NightStatus::None }))
                .unwrap();
        }
    }
    let expected = {
        let s = Store::open(&db).unwrap().with_today(after);
        cramp_diary::trial::view(&s.load().unwrap(), &trial, after)
    };
    assert_eq!(expected.result.verdict, cramp_diary::trial::Verdict::Helped, "{:?}", expected.result.words);
    let (_driver, port) = start_driver_at(&display, &db, "trial-after", &format!("{after}T09:00:00"));
    within(async {
        let c = session(port).await;
        c.set_window_rect(0, 0, 1280, 1000).await.unwrap();
        // The last block night can still be said the morning after.
        let last = cramp_diary::trial::words::flat(&expected.words.last_night.as_ref().unwrap().task);
        assert_eq!(wait_text(&c, "#trial-last-title", "Last night:").await, last);
        assert!(c.find(Locator::Css("#trial-tonight-title")).await.is_err(), "the trial is over: no tonight");
        into_view(&c, "#trial-tonight").await;
        shot(&c, &display, "44-morning-last-night").await;
        click(&c, "#nav button[data-page='trial']").await;
        assert_eq!(wait_text(&c, "#trial-verdict", "It helped").await, "It helped");
        let words = text(&c, "#trial-words").await;
        assert!(!words.contains("Provisional"), "{words}");
        assert!(words.contains("placebo") && words.contains("Randomisation test"), "{words}");
        let table = text(&c, "table.trial-arms").await;
        assert!(table.contains(&expected.words.table[0].cells[1]), "{table}");
        assert!(text(&c, "#trial-again-title").await.contains("Plan another"), "a new trial can be planned");
        shot(&c, &display, "45-trial-result").await;
        into_view(&c, "table.trial-arms").await;
        shot(&c, &display, "45b-trial-result-table").await;
        c.close().await.unwrap();
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_quinine_note_shows_on_medications_and_insights_only_when_quinine_is_recorded() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("diary.db");
    {
        let mut s = Store::open(&db).unwrap().with_today(today());
        for k in 1..=20 {
            let status = if k % 3 == 0 { NightStatus::Cramps } else { NightStatus::None };
            s.save_night(&cramp_diary::Night::new(today() - Days::new(k), status)).unwrap();
        }
    }
    let (_app, display, port) = launch(&db, "quinine");
    let shown = |css: &'static str| format!("return !!document.querySelector('{css}');");
    within(async {
        let c = session(port).await;
        click(&c, "#nav button[data-page='meds']").await;
        wait_text(&c, "#meds-current", "None recorded").await;
        assert_eq!(c.execute(&shown("#meds-safety-note"), vec![]).await.unwrap(), serde_json::json!(false));
        click(&c, "#nav button[data-page='insights']").await;
        wait_text(&c, "#insights-body", "What your diary shows").await;
        assert_eq!(c.execute(&shown("#insights-safety"), vec![]).await.unwrap(), serde_json::json!(false));

        // A brand name counts: the note comes as soon as it is added.
        click(&c, "#nav button[data-page='meds']").await;
        c.find(Locator::Css("#med-name")).await.unwrap().send_keys("Qualaquin").await.unwrap();
        click(&c, "#med-add button[type='submit']").await;
        wait_text(&c, "#meds-status", "Saved: Qualaquin added").await;
        let note = wait_text(&c, "#meds-safety-note", "boxed warning").await;
        assert!(note.starts_with("Quinine: safety information") && note.contains("dark urine"), "{note}");
        assert!(note.contains("do not change how you take it without them"), "{note}");
        shot(&c, &display, "46-medications-quinine").await;
        click(&c, "#nav button[data-page='insights']").await;
        let note = wait_text(&c, "#insights-safety", "boxed warning").await;
        assert!(note.contains("same day"), "{note}");
        shot(&c, &display, "47-insights-quinine").await;
        let page = text(&c, "#main").await.to_lowercase();
        assert!(!page.contains("try quinine") && !page.contains("start quinine"), "never suggests it");
        c.close().await.unwrap();
    })
    .await;
}

/// The morning page names the night by the local date wherever the clock is: on a leap day
/// late in the evening far east of UTC, just after midnight and just before noon, on New
/// Year's Eve west of UTC, and on the night the UK clocks go forward; one click saves it.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_morning_page_names_last_night_by_the_local_date_at_awkward_moments() {
    let (_xvfb, display) = start_xvfb();
    for (tz, now, night) in [
        ("Pacific/Kiritimati", "2028-02-29T23:30:00", "2028-02-28"),
        ("Pacific/Kiritimati", "2028-03-01T00:30:00", "2028-02-29"),
        ("America/St_Johns", "2026-12-31T23:59:00", "2026-12-30"),
        ("Europe/London", "2027-03-28T00:30:00", "2027-03-27"),
        ("Europe/London", "2027-03-28T11:59:00", "2027-03-27"),
    ] {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("diary.db");
        let night: NaiveDate = night.parse().unwrap();
        let env = [(cramp_diary::clock::NOW_ENV, now), ("TZ", tz)];
        let tag = format!("moment-{}", now.replace(':', ""));
        let (driver, port) = start_driver_env(&display, &db, &tag, true, &env);
        within(async {
            let c = session(port).await;
            assert_eq!(wait_text(&c, "#morning-title", "Night of").await, night_words(night), "{now} in {tz}");
            click(&c, "#m-none").await;
            wait_text(&c, "#m-status", "no cramps").await;
            let saved = Store::open(&db).unwrap().with_today(night).night(night).unwrap();
            assert_eq!(saved.map(|n| n.status), Some(NightStatus::None), "{now} in {tz}");
            c.close().await.unwrap();
        })
        .await;
        drop(driver);
    }
}

/// Dates follow the computer's locale (LANG = en_US, en_GB, C), the date fields are typed in
/// that order, and Settings' choice wins over the locale. The clock is pinned (a Thursday).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn dates_follow_the_locale_and_the_settings_choice_wins() {
    const NOW: &str = "2026-11-19T08:30:00";
    for (tag, night, pattern, typed, opened, bad) in [
        (
            "en_US.UTF-8",
            "Night of Wed, Nov 18 → Thu, Nov 19",
            "MM/DD/YYYY",
            "11/05/2026",
            "Night of Thu, Nov 5 → Fri, Nov 6",
            "19/11/2026",
        ),
        (
            "en_GB.UTF-8",
            "Night of Wed 18 → Thu 19 Nov",
            "DD/MM/YYYY",
            "05/11/2026",
            "Night of Thu 5 → Fri 6 Nov",
            "11/19/2026",
        ),
        ("C", "Night of Wed 18 → Thu 19 Nov", "DD/MM/YYYY", "5.11.2026", "Night of Thu 5 → Fri 6 Nov", "2026-02-30"),
    ] {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("diary.db");
        let short = tag.split('.').next().unwrap();
        let env = [(cramp_diary::clock::NOW_ENV, NOW), ("LANG", tag)];
        let (app, display, port) = launch_env(&db, &format!("locale-{short}"), true, &env);
        within(async {
            let c = session(port).await;
            c.set_window_rect(0, 0, 1280, 1000).await.unwrap();
            assert_eq!(wait_text(&c, "#morning-title", "Night of").await, night, "{tag}");
            // The date field: its label names the order, and it holds the date in that order.
            click(&c, "#nav button[data-page='another']").await;
            wait_text(&c, "label[for='another-date']", pattern).await;
            let field = c.find(Locator::Css("#another-date")).await.unwrap();
            assert_eq!(field.attr("placeholder").await.unwrap().as_deref(), Some(pattern));
            let shown = field.prop("value").await.unwrap().unwrap_or_default();
            let expected = if pattern.starts_with("MM") { "11/17/2026" } else { "17/11/2026" };
            assert_eq!(shown, expected, "{tag}: the evening before last night, in the field's order");
            // A date in the other order (or no date at all) is refused, naming the field.
            field.clear().await.unwrap();
            field.send_keys(bad).await.unwrap();
            click(&c, "#another-form button[type='submit']").await;
            let said = wait_text(&c, "#another-error", "Date of the evening").await;
            assert!(said.contains(&format!("please write the date as {pattern}")), "{tag}: {said}");
            field.clear().await.unwrap();
            field.send_keys(typed).await.unwrap();
            click(&c, "#another-form button[type='submit']").await;
            assert_eq!(wait_text(&c, "#a-title", "Night of").await, opened, "{tag}: {typed}");
            shot(&c, &display, &format!("60-locale-{short}-another")).await;
            if tag.starts_with("en_US") {
                // Settings: day-month-year and the 24-hour clock win over the locale.
                click(&c, "#nav button[data-page='settings']").await;
                wait_text(&c, "#date-order-hint", "month, day, year, with the 12-hour clock").await;
                shot(&c, &display, "61-locale-en_US-settings").await;
                click(&c, "#date-order-dmy").await;
                wait_text(
                    &c,
                    "#settings-status",
                    "Saved: dates are written day, month, year, for example 19 November 2026.",
                )
                .await;
                click(&c, "#clock-24").await;
                wait_text(&c, "#settings-status", "24-hour clock, for example 23:40").await;
                click(&c, "#nav button[data-page='morning']").await;
                assert_eq!(wait_text(&c, "#morning-title", "Night of Wed 18").await, "Night of Wed 18 → Thu 19 Nov");
                click(&c, "#nav button[data-page='another']").await;
                wait_text(&c, "label[for='another-date']", "DD/MM/YYYY").await;
                let s = Store::open(&db).unwrap().settings().unwrap();
                assert_eq!((s.date_order.as_str(), s.clock.as_str()), ("dmy", "24"), "saved in the diary");
            }
            c.close().await.unwrap();
        })
        .await;
        drop(app);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn about_shows_the_version_the_diary_the_licences_and_saves_a_problem_report() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("diary.db");
    {
        // Words that must never reach the problem report.
        let mut store = Store::open(&db).unwrap();
        let mut night = cramp_diary::Night::new(last_night(), NightStatus::Cramps);
        night.notes = "PRIVATE-NOTE about the party".into();
        store.save_night(&night).unwrap();
    }
    let (_app, display, port) = launch(&db, "about");
    within(async {
        let c = session(port).await;
        click(&c, "#nav button[data-page='about']").await;
        let version = wait_text(&c, "#about-version", "Cramp Diary version").await;
        assert_eq!(version, format!("Cramp Diary version {}", env!("CARGO_PKG_VERSION")));
        let place = wait_text(&c, "#about-where", &db.display().to_string()).await;
        let backups = cramp_diary::backup::backup_dir(&db);
        assert!(place.contains(&format!("folder {}", backups.display())), "{place}");
        wait_text(&c, "#about-copy", "USB stick").await;
        wait_text(&c, "#about-licences", "DejaVu Sans").await;
        shot(&c, &display, "about-01-page").await;

        // The problem report: one file, the version in it, nothing from the diary.
        click(&c, "#about-save-report").await;
        let said = wait_text(&c, "#about-status", "Saved the problem report").await;
        let files: Vec<PathBuf> = std::fs::read_dir(export_dir(&db)).unwrap().map(|e| e.unwrap().path()).collect();
        assert_eq!(files.len(), 1, "{files:?}");
        assert!(said.contains(&files[0].display().to_string()), "the page says where it went: {said}");
        let report = std::fs::read_to_string(&files[0]).unwrap();
        assert!(report.contains(&format!("Version: {}\n", env!("CARGO_PKG_VERSION"))), "{report}");
        assert!(report.contains(&format!("Diary file: {}\n", db.display())), "{report}");
        assert!(report.contains("Web view (WebKitGTK): 2."), "the WebKitGTK version is named: {report}");
        assert!(!report.contains("PRIVATE") && !report.contains("party"), "{report}");
        into_view(&c, "#about-status").await;
        shot(&c, &display, "about-02-report-saved").await;

        // The parts and their licences, generated from Cargo.lock.
        to_top(&c, "#about-licences-list").await;
        shot(&c, &display, "about-03-licences").await;
        click(&c, "#about-parts summary").await;
        let rusqlite = wait_text(&c, "#about-parts li[data-crate='rusqlite']", "rusqlite").await;
        assert!(rusqlite.ends_with(": MIT"), "{rusqlite}");
        let tauri = text(&c, "#about-parts li[data-crate='tauri']").await;
        assert!(tauri.starts_with("tauri 2.") && tauri.ends_with(": Apache-2.0 OR MIT"), "{tauri}");
        click(&c, "#about-texts summary").await;
        wait_text(&c, "#about-texts", "Permission is hereby granted").await;
        to_top(&c, "#about-texts .licence").await;
        shot(&c, &display, "about-04-licence-texts").await;

        c.close().await.unwrap();
    })
    .await;
}
