//! The app's commands through tauri's mock runtime: the same IPC path, permission checks
//! and JSON shapes the webview uses, without a display.

mod support;

use std::path::Path;

use cramp_diary::{NightStatus, Store};
use serde_json::{json, Value};
use tauri::test::{mock_builder, MockRuntime};
use tauri::{App, Manager, WebviewWindow};

struct TestApp {
    _app: App<MockRuntime>,
    window: WebviewWindow<MockRuntime>,
}

impl TestApp {
    fn open(db: &Path) -> Self {
        Self::from_builder(cramp_diary_app::builder(mock_builder(), cramp_diary_app::AppState::open(db)))
    }

    fn from_builder(builder: tauri::Builder<MockRuntime>) -> Self {
        let app = builder.build(cramp_diary_app::context()).expect("the app builds");
        // The capability names the window "main", as tauri.conf.json does.
        let window = match app.get_webview_window("main") {
            Some(w) => w,
            None => tauri::WebviewWindowBuilder::new(&app, "main", Default::default()).build().expect("a main window"),
        };
        TestApp { _app: app, window }
    }

    fn call(&self, cmd: &str, args: Value) -> Result<Value, Value> {
        support::invoke(&self.window, cmd, args)
    }

    fn ok(&self, cmd: &str, args: Value) -> Value {
        self.call(cmd, args.clone()).unwrap_or_else(|e| panic!("{cmd}({args}) failed: {e}"))
    }

    fn err(&self, cmd: &str, args: Value) -> Value {
        match self.call(cmd, args.clone()) {
            Ok(v) => panic!("{cmd}({args}) should have failed, returned {v}"),
            Err(e) => e,
        }
    }
}

fn temp_db() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("diary.db");
    (dir, db)
}

fn yesterday() -> String {
    cramp_diary::store::local_today().pred_opt().unwrap().to_string()
}

#[test]
fn status_names_last_night_and_counts() {
    let (_dir, db) = temp_db();
    let app = TestApp::open(&db);
    let before = cramp_diary::store::local_today();
    let s = app.ok("status", json!({}));
    let after = cramp_diary::store::local_today();
    assert_eq!(s["ok"], true);
    assert_eq!(s["error"], Value::Null);
    // Today is the local date (either side of a midnight the call may cross), and the night
    // the morning page names is the evening before it.
    let today: chrono::NaiveDate = s["today"].as_str().unwrap().parse().unwrap();
    assert!(today == before || today == after, "{s}");
    assert_eq!(s["last_night"], cramp_diary::clock::night_before(today).to_string());
    assert_eq!(s["counts"]["nights"], 0);
    assert_eq!(s["profile"]["volume_unit"], "ml");
    assert_eq!(s["db_path"], db.display().to_string());
}

#[test]
fn a_night_without_cramps_is_saved_and_read_back() {
    let (_dir, db) = temp_db();
    let app = TestApp::open(&db);
    let date = yesterday();
    assert_eq!(app.ok("night", json!({ "date": date })), Value::Null);
    let saved = app.ok("save_night", json!({ "night": { "date": date, "status": "none" } }))["night"].clone();
    assert_eq!(saved["status"], "none");
    assert!(saved["logged_at"].is_string(), "the time of logging is recorded");
    assert_eq!(app.ok("night", json!({ "date": date }))["status"], "none");
    assert_eq!(app.ok("status", json!({}))["counts"]["nights"], 1);
    drop(app);
    // It is on disk, not only in the app.
    let store = Store::open(&db).unwrap();
    assert_eq!(store.night(date.parse().unwrap()).unwrap().unwrap().status, NightStatus::None);
}

#[test]
fn episodes_add_up_and_can_be_edited_through_save_night() {
    let (_dir, db) = temp_db();
    let app = TestApp::open(&db);
    let date = yesterday();
    let ep = json!({ "time": "03:40", "duration_min": 4, "intensity": 7, "side": "left", "muscle": "calf",
                     "relieved_by": ["stretching", "walking"], "soreness_after": true });
    let n = app.ok("add_episode", json!({ "date": date, "episode": ep }));
    assert_eq!(n["status"], "cramps");
    let n = app.ok("add_episode", json!({ "date": date, "episode": { "time": "05:10", "duration_min": 1.5 } }));
    assert_eq!(n["episodes"].as_array().unwrap().len(), 2);
    assert_eq!(n["episodes"][0], ep);

    // Delete the first one and set sleep disturbance, as the form does.
    let night = json!({ "date": date, "status": "cramps", "sleep_disturbance": 6, "notes": "woke twice — “bad” 🦵",
                        "episodes": [n["episodes"][1]] });
    let r = app.ok("save_night", json!({ "night": night, "seen": n }));
    assert_eq!(
        r["changes"],
        json!([
            "the night: 2 cramps → 1 cramp",
            "sleep disturbed: not recorded → 6/10",
            "notes changed",
            "cramp 1, time: 03:40 → 05:10",
            "cramp 1, how long: 4 min → 1.5 min",
            "cramp 1, how strong: 7/10 → not recorded",
            "cramp 1, leg: left → not recorded",
            "cramp 1, muscle: calf → not recorded",
            "cramp 1, what helped: stretching, walking → nothing recorded",
            "cramp 1, sore afterwards: yes → no",
            "cramp 2 removed"
        ])
    );
    let n = &r["night"];
    assert_eq!(n["episodes"].as_array().unwrap().len(), 1);
    assert_eq!(n["episodes"][0]["time"], "05:10");
    assert_eq!(n["sleep_disturbance"], 6);
    assert_eq!(n["notes"], "woke twice — “bad” 🦵");
}

#[test]
fn an_invalid_episode_names_the_field_and_writes_nothing() {
    let (_dir, db) = temp_db();
    let app = TestApp::open(&db);
    let date = yesterday();
    let e = app.err("add_episode", json!({ "date": date, "episode": { "duration_min": 0, "intensity": 5 } }));
    assert_eq!(e["kind"], "invalid");
    assert!(e["message"].as_str().unwrap().contains("duration_min"), "{e}");
    assert_eq!(e["fields"][0]["field"], "episodes[0].duration_min");
    assert_eq!(e["fields"][0]["value"], "0");

    let e = app.err("add_episode", json!({ "date": date, "episode": { "time": "25:00" } }));
    assert_eq!((e["kind"].as_str(), e["fields"][0]["field"].as_str()), (Some("invalid"), Some("time")), "{e}");

    let e = app.err(
        "save_night",
        json!({ "night": { "date": date, "status": "cramps",
        "episodes": [{ "duration_min": 2 }, { "time": "3 o'clock" }] } }),
    );
    assert_eq!(e["fields"][0]["field"], "episodes[1].time", "{e}");

    let e = app.err("save_night", json!({ "night": { "date": date, "status": "none", "sleep_disturbance": 11 } }));
    assert_eq!(e["fields"][0]["field"], "sleep_disturbance", "{e}");

    assert_eq!(app.ok("night", json!({ "date": date })), Value::Null, "nothing was written");
    assert_eq!(app.ok("status", json!({}))["counts"]["nights"], 0);
}

#[test]
fn fluids_and_the_day_details() {
    let (_dir, db) = temp_db();
    let app = TestApp::open(&db);
    let date = yesterday();
    app.ok("add_fluid", json!({ "date": date, "fluid": { "kind": "water", "ml": 250 } }));
    let d = app
        .ok("add_fluid", json!({ "date": date, "fluid": { "kind": "electrolyte", "ml": 500, "brand": "Pedialyte" } }));
    assert_eq!(d["fluids"].as_array().unwrap().len(), 2);
    let e = app.err("add_fluid", json!({ "date": date, "fluid": { "kind": "water", "ml": 0 } }));
    assert_eq!(e["fields"][0]["field"], "fluids[2].ml", "{e}");

    let details = json!({ "exertion": 6, "exercise_min": 45, "stretched_before_bed": true,
                          "symptoms": [{ "kind": "calf_swelling", "side": "left" }, { "kind": "numbness_tingling" }] });
    let d = app.ok("update_day", json!({ "date": date, "details": details }));
    assert_eq!(d["fluids"].as_array().unwrap().len(), 2, "drinks are kept when the day is saved");
    assert_eq!(d["exertion"], 6);
    assert_eq!(d["symptoms"][0], json!({ "kind": "calf_swelling", "side": "left" }));

    let d = app.ok("remove_fluid", json!({ "date": date, "index": 0 }));
    assert_eq!(d["fluids"], json!([{ "kind": "electrolyte", "ml": 500, "brand": "Pedialyte" }]));
    assert_eq!(app.err("remove_fluid", json!({ "date": date, "index": 5 }))["kind"], "not_found");
    let e = app.err("update_day", json!({ "date": date, "details": { "exertion": 12 } }));
    assert_eq!(e["fields"][0]["field"], "exertion", "{e}");
    assert_eq!(app.ok("day", json!({ "date": date }))["exertion"], 6, "a refused change leaves the day as it was");
}

#[test]
fn a_drink_typed_in_fluid_ounces_comes_back_in_fluid_ounces_and_is_kept_in_ml() {
    let (_dir, db) = temp_db();
    let app = TestApp::open(&db);
    app.ok("set_profile", json!({ "profile": { "birth_year": null, "volume_unit": "fl_oz" } }));
    let date = yesterday();
    let d = app.ok("day", json!({ "date": date }));
    assert_eq!((d["unit"].as_str(), d["total"].is_null()), (Some("fl oz"), true));
    assert_eq!(
        d["quick"][0],
        json!({ "kind": "water", "ml": 250.0, "label": "Glass of water", "amount": "8.5 fl oz" })
    );
    let drink = json!({ "kind": "water", "amount": "12", "brand": null });
    let d = app.ok("add_drink", json!({ "date": date, "drink": drink }));
    assert_eq!((d["fluids"][0]["ml"].as_f64(), d["amounts"][0].as_str()), (Some(354.9), Some("12.0 fl oz")));
    let e = app.err("add_drink", json!({ "date": date, "drink": { "kind": "water", "amount": "400" } }));
    assert_eq!(e["fields"][0]["field"], "fluids[1].ml", "{e}");
    assert!(e["message"].as_str().unwrap().contains("338.1 fl oz"), "the limit in the person's unit: {e}");
    let d = app.ok("add_fluid", json!({ "date": date, "fluid": { "kind": "coffee_tea", "ml": 200 } }));
    assert_eq!(d["total"], "18.8 fl oz", "one press and one typed drink, nothing more");
}

#[test]
fn medication_courses_start_stop_and_change_dose() {
    let (_dir, db) = temp_db();
    let app = TestApp::open(&db);
    let m = json!({ "name": "Hydrochlorothiazide", "dose": "12.5 mg", "started": "2026-03-01", "stopped": null, "notes": "" });
    let list = app.ok("add_course", json!({ "medication": m }));
    let id = list[0]["id"].as_i64().unwrap();
    let list = app.ok("change_dose", json!({ "id": id, "on": "2026-04-01", "dose": "25 mg" }));
    assert_eq!(list.as_array().unwrap().len(), 2);
    assert_eq!(list[0]["stopped"], "2026-04-01");
    assert_eq!((list[1]["dose"].as_str(), list[1]["started"].as_str()), (Some("25 mg"), Some("2026-04-01")));
    let new_id = list[1]["id"].as_i64().unwrap();
    let e = app.err("stop_course", json!({ "id": new_id, "on": "2026-03-15" }));
    assert_eq!(e["fields"][0]["field"], "stopped", "{e}");
    let list = app.ok("stop_course", json!({ "id": new_id, "on": "2026-06-01" }));
    assert_eq!(list[1]["stopped"], "2026-06-01");
    let e = app.err("add_course", json!({ "medication": { "name": " ", "started": "2026-03-01" } }));
    assert_eq!(e["fields"][0]["field"], "name", "{e}");
    let list = app.ok("delete_course", json!({ "id": id }));
    assert_eq!(list.as_array().unwrap().len(), 1);
    assert_eq!(app.ok("courses", json!({})), list);
}

#[test]
fn profile_and_conditions() {
    let (_dir, db) = temp_db();
    let app = TestApp::open(&db);
    let p = app.ok("set_profile", json!({ "profile": { "birth_year": 1948, "volume_unit": "fl_oz" } }));
    assert_eq!(p, json!({ "birth_year": 1948, "volume_unit": "fl_oz" }));
    assert_eq!(app.ok("status", json!({}))["profile"]["volume_unit"], "fl_oz");
    let e = app.err("set_profile", json!({ "profile": { "birth_year": 1850, "volume_unit": "ml" } }));
    assert_eq!(e["fields"][0]["field"], "birth_year");
    let a = app.ok("add_condition", json!({ "condition": { "name": "type 2 diabetes", "since": "2015-06-01" } }));
    assert_eq!(a["conditions"][0]["name"], "type 2 diabetes");
    let id = a["conditions"][0]["id"].as_i64().unwrap();
    assert_eq!(app.ok("delete_condition", json!({ "id": id }))["conditions"], json!([]));
    assert_eq!(app.ok("about", json!({}))["profile"]["birth_year"], 1948);
}

#[test]
fn history_pages_through_every_night_newest_first() {
    let (_dir, db) = temp_db();
    // 150 nights spread over ten years, with a gap of four years in the middle.
    let today = cramp_diary::store::local_today();
    let mut dates = Vec::new();
    {
        let mut store = Store::open(&db).unwrap();
        let mut d = today.pred_opt().unwrap();
        for i in 0..150 {
            store.save_night(&cramp_diary::Night::new(d, NightStatus::None)).unwrap();
            dates.push(d.to_string());
            d = d - chrono::Days::new(if i == 74 { 1500 } else { 13 });
        }
    }
    let app = TestApp::open(&db);
    let mut seen = Vec::new();
    let mut before = Value::Null;
    loop {
        let page = app.ok("history", json!({ "before": before, "limit": 60, "shown": seen.len() }));
        assert_eq!(page["total"], 150);
        let nights = page["nights"].as_array().unwrap();
        assert!(nights.len() <= 60);
        seen.extend(nights.iter().map(|n| n["date"].as_str().unwrap().to_string()));
        before = json!(seen.last().unwrap());
        if page["more"] == false {
            break;
        }
        assert!(seen.len() < 150, "more=true although every night was shown");
    }
    assert_eq!(seen, dates, "every night once, newest first");
}

#[test]
fn the_sample_diary_only_loads_into_an_empty_diary() {
    let (_dir, db) = temp_db();
    let app = TestApp::open(&db);
    let sum = app.ok("load_sample", json!({}));
    assert!(sum["nights"].is_u64(), "{sum}");
    assert_eq!(app.ok("status", json!({}))["counts"]["nights"], sum["nights"]);
    let seen = app.ok("night", json!({ "date": yesterday() }));
    app.ok("save_night", json!({ "night": { "date": yesterday(), "status": "unknown" }, "seen": seen }));
    assert_eq!(app.err("load_sample", json!({}))["kind"], "conflict");
}

#[test]
fn a_save_over_a_night_changed_elsewhere_is_refused_and_says_what_changed() {
    let (_dir, db) = temp_db();
    let app = TestApp::open(&db);
    let date = yesterday();
    let seen = app.ok("add_episode", json!({ "date": date, "episode": { "time": "03:00", "duration_min": 2 } }));
    // Meanwhile the CLI (another process, same file) adds a second cramp.
    let mut other = Store::open(&db).unwrap();
    other
        .add_episode(date.parse().unwrap(), &cramp_diary::Episode { duration_min: Some(5.0), ..Default::default() })
        .unwrap();
    let before = app.ok("night", json!({ "date": date }));

    let e = app.err("save_night", json!({ "night": { "date": date, "status": "none" }, "seen": seen }));
    assert_eq!(e["kind"], "conflict", "{e}");
    assert!(e["message"].as_str().unwrap().contains("1 cramp → 2 cramps"), "{e}");
    assert_eq!(app.ok("night", json!({ "date": date })), before, "nothing was written");
    let e = app.err("save_night", json!({ "night": { "date": date, "status": "none" } }));
    assert_eq!(e["kind"], "conflict", "a night logged elsewhere is not replaced blindly: {e}");

    let r = app.ok("save_night", json!({ "night": { "date": date, "status": "none" }, "seen": before }));
    assert_eq!(r["changes"][0], "the night: 2 cramps → no cramps");
    assert_eq!(r["night"]["status"], "none");
}

#[test]
fn delete_night_removes_it() {
    let (_dir, db) = temp_db();
    let app = TestApp::open(&db);
    let date = yesterday();
    app.ok("add_episode", json!({ "date": date, "episode": { "duration_min": 2 } }));
    let gone = app.ok("delete_night", json!({ "date": date }));
    assert_eq!(gone["episodes"].as_array().unwrap().len(), 1);
    assert_eq!(app.ok("night", json!({ "date": date })), Value::Null);
    assert_eq!(app.err("delete_night", json!({ "date": date }))["kind"], "not_found");
    // Undo puts back exactly what was deleted, and only into an empty date.
    assert_eq!(app.ok("undelete_night", json!({ "night": gone })), gone);
    assert_eq!(app.ok("night", json!({ "date": date })), gone);
    assert_eq!(app.err("undelete_night", json!({ "night": gone }))["kind"], "conflict");
}

#[test]
fn the_reminders_answers_are_said_then_confirmed_or_undone_through_the_commands() {
    let (_dir, db) = temp_db();
    let today = cramp_diary::store::local_today();
    let (a, b) = (today.pred_opt().unwrap(), today.pred_opt().unwrap().pred_opt().unwrap());
    {
        // As the reminder's "No cramps" does, for two nights (the app was in the tray for two days).
        let mut s = Store::open(&db).unwrap();
        s.answer_no_cramps(a).unwrap();
        s.answer_no_cramps(b).unwrap();
    }
    let app = TestApp::open(&db);
    let waiting = app.ok("reminder_answers", json!({}));
    let nights: Vec<&str> = waiting.as_array().unwrap().iter().map(|x| x["night"].as_str().unwrap()).collect();
    assert_eq!(nights, [b.to_string(), a.to_string()], "oldest first");
    let one = &waiting[1];
    let named = a.format("%A %-d %B").to_string();
    assert_eq!(one["message"], format!("The night of {named} was saved as a night without cramps, from the reminder."));
    assert_eq!((one["undo"].as_str(), one["keep"].as_str()), (Some("Undo"), Some("That's right")));
    assert!(one["undo_label"].as_str().unwrap().contains(&named), "{one}");

    // Undo removes that night and its message; a second Undo has nothing left to remove.
    let undone = app.ok("undo_reminder_answer", json!({ "date": a }));
    assert_eq!(undone["night"]["status"], "none");
    assert_eq!(undone["message"], format!("Removed the night of {named} from your diary; it is not logged now."));
    assert_eq!(app.ok("night", json!({ "date": a })), Value::Null);
    let e = app.err("undo_reminder_answer", json!({ "date": a }));
    assert_eq!(e["kind"], "conflict");
    assert!(e["message"].as_str().unwrap().contains("Undo left it as it is"), "{e}");

    // "That's right" keeps the night and the message does not come back.
    assert_eq!(app.ok("dismiss_reminder_answer", json!({ "date": b })), json!([]));
    assert_eq!(app.ok("reminder_answers", json!({})), json!([]));
    assert_eq!(app.ok("night", json!({ "date": b }))["status"], "none");
    assert_eq!(app.err("undo_reminder_answer", json!({ "date": b }))["kind"], "conflict", "confirmed is final");
    assert_eq!(app.ok("night", json!({ "date": b }))["status"], "none");
}

#[test]
fn a_diary_from_a_newer_version_is_reported_not_shown_empty() {
    let (_dir, db) = temp_db();
    drop(Store::open(&db).unwrap());
    rusqlite::Connection::open(&db).unwrap().pragma_update(None, "user_version", 99).unwrap();
    let app = TestApp::open(&db);
    let s = app.ok("status", json!({}));
    assert_eq!(s["ok"], false);
    assert_eq!(s["error"]["kind"], "schema_too_new");
    assert!(s["error"]["message"].as_str().unwrap().contains("schema version 99"), "{s}");
    assert_eq!(s["counts"], Value::Null);
    let e = app.err("save_night", json!({ "night": { "date": yesterday(), "status": "none" } }));
    assert_eq!(e["kind"], "schema_too_new");
}

#[test]
fn a_command_outside_the_capability_is_refused() {
    let (_dir, db) = temp_db();
    // The real handler plus one extra command that is not in the app manifest or capability.
    let real = cramp_diary_app::invoke_handler::<MockRuntime>();
    let builder = mock_builder().manage(cramp_diary_app::AppState::open(&db)).invoke_handler(move |invoke| {
        if invoke.message.command() == "wipe_everything" {
            invoke.resolver.resolve("wiped");
            return true;
        }
        real(invoke)
    });
    let app = TestApp::from_builder(builder);
    assert_eq!(app.ok("status", json!({}))["ok"], true, "allowed commands still work through the wrapper");
    let e = app.err("wipe_everything", json!({}));
    assert!(e.as_str().unwrap_or_default().contains("not allowed"), "{e}");
    let e = app.err("drop_tables", json!({}));
    assert!(e.as_str().unwrap_or_default().contains("not allowed"), "{e}");
}

#[test]
fn the_page_cannot_change_the_login_entry_itself() {
    let (_dir, db) = temp_db();
    let app = TestApp::open(&db);
    // The plugin is there (save_settings drives it from Rust), but none of its commands is allowed.
    for cmd in ["plugin:autostart|enable", "plugin:autostart|disable", "plugin:autostart|is_enabled"] {
        let e = app.err(cmd, json!({}));
        assert!(e.as_str().unwrap_or_default().contains("not allowed"), "{cmd}: {e}");
    }
}

#[test]
fn every_app_command_is_allowed_by_the_capability() {
    let (_dir, db) = temp_db();
    let app = TestApp::open(&db);
    let cap: Value =
        serde_json::from_str(include_str!("../capabilities/default.json")).expect("capabilities/default.json is JSON");
    let (core, app_cmds): (Vec<&str>, Vec<&str>) =
        cap["permissions"].as_array().unwrap().iter().map(|p| p.as_str().unwrap()).partition(|p| p.contains(':'));
    assert_eq!(core, ["core:event:allow-listen"], "beyond its commands the page may only hear the app's events");
    let mut allowed: Vec<String> = app_cmds.iter().map(|p| p.trim_start_matches("allow-").replace('-', "_")).collect();
    let mut listed: Vec<String> = cramp_diary_app::COMMANDS.iter().map(|c| c.to_string()).collect();
    allowed.sort();
    listed.sort();
    assert_eq!(allowed, listed, "the capability allows exactly the app's commands");
    for cmd in cramp_diary_app::COMMANDS {
        // Arguments are missing on purpose: the command is reached (and complains), not refused.
        if let Err(e) = app.call(cmd, json!({})) {
            assert!(!e.to_string().contains("not allowed"), "{cmd} refused: {e}");
        }
    }
}

fn sample_app() -> (tempfile::TempDir, TestApp) {
    let (dir, db) = temp_db();
    let app = TestApp::open(&db);
    app.ok("load_sample", json!({}));
    (dir, app)
}

#[test]
fn analyze_finds_the_thiazide_link_in_the_sample_diary() {
    let (_dir, app) = sample_app();
    let a = app.ok("analyze", json!({}));
    let f = a["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["cause"] == "thiazide_diuretic" && f["kind"] == "medication_start")
        .unwrap_or_else(|| panic!("no thiazide finding in {a}"));
    assert_eq!(f["subject"], "Hydrochlorothiazide");
    assert!(f["rate_ratio"].as_f64().unwrap() > 1.5, "{f}");
    assert!(f["before"]["logged_nights"].as_u64().unwrap() > 14, "{f}");
    assert!(!f["message"].as_str().unwrap().to_lowercase().contains("stop taking"), "{f}");
    let explain = &a["explain"]["thiazide_diuretic"];
    assert!(explain["explanation"].as_str().unwrap().len() > 20, "the cause is explained: {a}");
    assert!(explain["helps"].as_array().is_some_and(|h| !h.is_empty()));
    assert!(a["summary"]["cramp_nights_per_week"].as_f64().unwrap() > 0.0);
    let e = app.err("analyze", json!({ "from": "2026-05-01", "to": "2026-04-01" }));
    assert_eq!(e["fields"][0]["field"], "from", "{e}");
}

#[test]
fn red_flags_find_a_logged_symptom() {
    let (_dir, db) = temp_db();
    let app = TestApp::open(&db);
    assert_eq!(app.ok("red_flags", json!({})), json!([]), "an empty diary has no warning signs");
    let date = yesterday();
    app.ok(
        "update_day",
        json!({ "date": date, "details": { "symptoms": [{ "kind": "calf_swelling", "side": "left" }] } }),
    );
    let flags = app.ok("red_flags", json!({}));
    let f = &flags[0];
    assert!(matches!(f["tier"].as_str(), Some("urgent") | Some("emergency")), "{flags}");
    assert_eq!(f["kind"], "red_flag");
    assert!(!f["message"].as_str().unwrap().is_empty());
}

#[test]
fn every_chart_is_svg_with_titled_marks_and_a_text_alternative() {
    let (_dir, app) = sample_app();
    let to = yesterday();
    for kind in ["weekly", "calendar", "medications", "fluids", "time-of-night"] {
        let c = app.ok("chart", json!({ "kind": kind, "from": null, "to": to }));
        let svg = c["svg"].as_str().unwrap();
        assert!(svg.starts_with("<svg"), "{kind}: {}", &svg[..80.min(svg.len())]);
        assert!(svg.matches("<title>").count() > 3, "{kind} has data marks with titles");
        assert!(!svg.contains("style="), "{kind}: a style attribute would be blocked by the CSP");
        assert!(!svg.contains("<style"), "{kind}: a <style> element would be blocked by the CSP");
        assert!(c["alt_text"].as_str().unwrap().len() > 20, "{kind}: {c}");
    }
    let e = app.err("chart", json!({ "kind": "pie", "from": null, "to": null }));
    assert_eq!(e["fields"][0]["field"], "kind", "{e}");
    let e = app.err("chart", json!({ "kind": "weekly", "from": "2026-05-01", "to": "2026-04-01" }));
    assert_eq!(e["fields"][0]["field"], "from", "{e}");
}

#[test]
fn over_years_of_nights_a_crowded_chart_comes_as_a_picture_with_the_same_words() {
    let (_dir, db) = temp_db();
    let today = cramp_diary::store::local_today();
    let diary = cramp_diary::demo::long_diary(today.pred_opt().unwrap(), 5, 11);
    let mut store = cramp_diary::Store::open(&db).unwrap().with_today(today);
    cramp_diary::interchange::import_diary(&mut store, &diary, false).unwrap();
    drop(store);
    let app = TestApp::open(&db);
    let c = app.ok("chart", json!({ "kind": "calendar", "from": null, "to": yesterday() }));
    assert!(c["svg"].is_null(), "five years of nightly cells are not sent as live SVG");
    assert!(c["image"].as_str().unwrap().starts_with("data:image/png;base64,"), "{}", &c.to_string()[..200]);
    assert!(c["marks"].as_u64().unwrap() > 1500 && c["note"].as_str().unwrap().contains("shorter range"), "{c}");
    assert!(c["alt_text"].as_str().unwrap().len() > 20);
    let week = app.ok(
        "chart",
        json!({ "kind": "calendar", "from": today.checked_sub_days(chrono::Days::new(7)), "to": yesterday() }),
    );
    assert!(week["svg"].as_str().unwrap().starts_with("<svg") && week["image"].is_null(), "a short range stays live");
}

#[test]
fn export_writes_private_files_where_the_test_override_says() {
    let (dir, db) = temp_db();
    let out = dir.path().join("exports");
    std::fs::create_dir_all(&out).unwrap();
    let app = TestApp::from_builder(cramp_diary_app::builder(
        mock_builder(),
        cramp_diary_app::AppState::open(&db).with_export_dir(&out),
    ));
    app.ok("load_sample", json!({}));
    let r = app.ok(
        "export",
        json!({ "request": { "format": "pdf", "paper": "letter", "name": "Ann Example", "birth_date": "1948-02-03" } }),
    );
    let pdf = std::path::PathBuf::from(r["path"].as_str().unwrap());
    assert!(pdf.starts_with(&out), "{r}");
    let bytes = std::fs::read(&pdf).unwrap();
    assert!(bytes.starts_with(b"%PDF"));
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(std::fs::metadata(&pdf).unwrap().permissions().mode() & 0o777, 0o600, "only the owner can read it");
    }
    let text = std::process::Command::new("pdftotext").arg(&pdf).arg("-").output().expect("pdftotext runs");
    let text = String::from_utf8_lossy(&text.stdout);
    assert!(text.contains("Ann Example") && text.contains("Hydrochlorothiazide"), "{text}");

    let r = app.ok("export", json!({ "request": { "format": "csv", "from": "2026-09-01" } }));
    let folder = std::path::PathBuf::from(r["path"].as_str().unwrap());
    assert!(std::fs::read_dir(&folder).unwrap().count() >= 3, "the tables are in one folder");
    let r = app.ok("export", json!({ "request": { "format": "json" } }));
    let copy = std::fs::read_to_string(r["path"].as_str().unwrap()).unwrap();
    assert!(copy.contains("Hydrochlorothiazide"));
    let r = app.ok("export", json!({ "request": { "format": "fhir" } }));
    let fhir: Value = serde_json::from_str(&std::fs::read_to_string(r["path"].as_str().unwrap()).unwrap()).unwrap();
    assert_eq!(fhir["resourceType"], "Bundle");

    let e = app.err("export", json!({ "request": { "format": "docx" } }));
    assert_eq!(e["fields"][0]["field"], "format", "{e}");
    let e = app.err("export", json!({ "request": { "format": "pdf", "from": "2026-05-01", "to": "2026-04-01" } }));
    assert_eq!(e["fields"][0]["field"], "from", "{e}");
}

#[test]
fn without_the_override_and_without_a_dialog_export_refuses_rather_than_guessing_a_place() {
    let (_dir, db) = temp_db();
    let app = TestApp::open(&db);
    let e = app.err("export", json!({ "request": { "format": "json" } }));
    assert_eq!(e["kind"], "io", "{e}");
}

#[test]
fn back_up_then_restore_and_the_restore_can_be_undone() {
    let (_dir, db) = temp_db();
    let app = TestApp::open(&db);
    let date = yesterday();
    app.ok("save_night", json!({ "night": { "date": date, "status": "none" } }));
    assert_eq!(app.ok("backups", json!({}))["backups"], json!([]));
    let b = app.ok("back_up_now", json!({}));
    let first = &b["backups"][0];
    assert_eq!((first["kind"].as_str(), first["nights"].as_u64()), (Some("manual"), Some(1)), "{b}");
    assert!(first.get("path").is_none(), "no paths go to the page");
    let file = first["file_name"].as_str().unwrap().to_string();

    app.ok("delete_night", json!({ "date": date }));
    assert_eq!(app.ok("status", json!({}))["counts"]["nights"], 0);
    let r = app.ok("restore_backup", json!({ "file_name": file }));
    assert_eq!(app.ok("night", json!({ "date": date }))["status"], "none", "the night is back");
    let undo = r["undo_file"].as_str().unwrap().to_string();
    let listed = r["list"]["backups"].as_array().unwrap();
    let undo_row = listed.iter().find(|b| b["file_name"] == undo.as_str()).expect("the undo copy is listed");
    assert_eq!((undo_row["kind"].as_str(), undo_row["nights"].as_u64()), (Some("before_restore"), Some(0)));

    // Undo: bring back the copy made just before.
    app.ok("restore_backup", json!({ "file_name": undo }));
    assert_eq!(app.ok("night", json!({ "date": date })), Value::Null);
    let e = app.err("restore_backup", json!({ "file_name": "../../etc/passwd" }));
    assert_eq!(e["kind"], "not_found", "only listed backups can be restored: {e}");
}

#[test]
fn a_diary_that_cannot_be_opened_lists_its_backups_and_a_restore_reopens_it() {
    let (_dir, db) = temp_db();
    {
        let mut s = cramp_diary::Store::open(&db).unwrap();
        s.save_night(&cramp_diary::Night::new(cramp_diary::store::local_today(), cramp_diary::NightStatus::None))
            .unwrap();
        cramp_diary::backup::back_up_now(&s).unwrap();
    }
    // Another program adds a trigger that would wipe the diary on the next save.
    rusqlite::Connection::open(&db)
        .unwrap()
        .execute_batch("CREATE TRIGGER wipe AFTER INSERT ON nights BEGIN DELETE FROM nights; END;")
        .unwrap();
    let app = TestApp::open(&db);
    let st = app.ok("status", json!({}));
    assert_eq!(st["ok"], false);
    assert_eq!(st["error"]["kind"], "damaged", "{st}");
    assert!(st["error"]["message"].as_str().unwrap().contains("trigger \"wipe\""), "{st}");
    let b = app.ok("backups", json!({}));
    let row = &b["backups"][0];
    assert_eq!((row["kind"].as_str(), row["nights"].as_u64()), (Some("manual"), Some(1)), "{b}");
    assert!(b["rule"].as_str().unwrap().contains("newest 10"), "{b}");
    let r = app.ok("restore_backup", json!({ "file_name": row["file_name"] }));
    let st = app.ok("status", json!({}));
    assert_eq!((st["ok"].as_bool(), st["counts"]["nights"].as_u64()), (Some(true), Some(1)), "{st}");
    // The file it replaced is kept, listed as a before-restore copy that cannot be brought back.
    let undo = r["undo_file"].as_str().unwrap();
    let listed = app.ok("backups", json!({}));
    let kept = listed["backups"].as_array().unwrap().iter().find(|b| b["file_name"] == undo).unwrap().clone();
    assert_eq!(kept["kind"], "before_restore");
    assert!(kept["problem"].as_str().unwrap().contains("trigger"), "{kept}");
}

#[test]
fn settings_are_saved_and_a_bad_reminder_time_names_its_field() {
    let (_dir, db) = temp_db();
    let app = TestApp::open(&db);
    let defaults = app.ok("status", json!({}))["settings"].clone();
    assert_eq!(defaults["theme"], "system");
    assert_eq!(defaults["reminder_enabled"], false);
    assert_eq!(
        (defaults["evening_reminder_enabled"].as_bool(), defaults["evening_reminder_time"].as_str()),
        (Some(true), Some("21:00"))
    );
    let chosen = json!({ "reminder_enabled": true, "reminder_time": "07:05", "reminder_discreet": true,
                         "evening_reminder_enabled": false, "evening_reminder_time": "20:30",
                         "start_at_login": false, "text_size": "larger", "theme": "high_contrast",
                         "date_order": "auto", "clock": "auto" });
    assert_eq!(app.ok("save_settings", json!({ "settings": chosen })), chosen);
    for field in ["reminder_time", "evening_reminder_time"] {
        let mut bad = chosen.clone();
        bad[field] = json!("25:00");
        let e = app.err("save_settings", json!({ "settings": bad }));
        assert_eq!((e["kind"].as_str(), e["fields"][0]["field"].as_str()), (Some("invalid"), Some(field)), "{e}");
        assert!(e["message"].as_str().unwrap().contains("HH:MM"), "{e}");
    }
    assert_eq!(app.ok("status", json!({}))["settings"], chosen, "nothing changed");
    drop(app);
    assert_eq!(Store::open(&db).unwrap().settings().unwrap().theme, cramp_diary::Theme::HighContrast);
}

/// The day the trial tests take as today, whatever the real date.
const TRIAL_TODAY: &str = "2026-11-23";

/// An app whose diary has the 14 nights before [`TRIAL_TODAY`] logged (so a plan starts its
/// blocks tonight), its today pinned, and exports going to `<dir>/exports`.
fn trial_app() -> (tempfile::TempDir, std::path::PathBuf, TestApp) {
    let (dir, db) = temp_db();
    let today: chrono::NaiveDate = TRIAL_TODAY.parse().unwrap();
    {
        let mut s = Store::open(&db).unwrap().with_today(today);
        for k in 1..=14 {
            let status = if k % 3 == 0 { NightStatus::Cramps } else { NightStatus::None };
            s.save_night(&cramp_diary::Night::new(today - chrono::Days::new(k), status)).unwrap();
        }
    }
    let out = dir.path().join("exports");
    std::fs::create_dir_all(&out).unwrap();
    let state = cramp_diary_app::AppState::open(&db).with_today(today).with_export_dir(&out);
    let app = TestApp::from_builder(cramp_diary_app::builder(mock_builder(), state));
    (dir, out, app)
}

#[test]
fn the_trial_commands_are_permission_checked_and_round_trip_plan_current_done_stop() {
    // Listed like every other command: in the app manifest's list and allowed by the capability.
    let cap: Value = serde_json::from_str(include_str!("../capabilities/default.json")).unwrap();
    let allowed: Vec<&str> = cap["permissions"].as_array().unwrap().iter().filter_map(|p| p.as_str()).collect();
    for cmd in ["trial_catalogue", "trial_plan", "trial_current", "trial_done", "trial_stop", "safety_notes"] {
        assert!(cramp_diary_app::COMMANDS.contains(&cmd), "{cmd} is an app command");
        assert!(allowed.contains(&format!("allow-{}", cmd.replace('_', "-")).as_str()), "{cmd} is in the capability");
    }
    let (_dir, _out, app) = trial_app();

    // The page's words and every choice with its evidence, the prescribed medicine not plannable.
    let w = app.ok("trial_catalogue", json!({}));
    let choices = w["choices"].as_array().unwrap();
    assert_eq!(choices.len(), 8);
    assert!(choices.iter().all(|c| c["evidence"].as_str().is_some_and(|e| e.len() > 40)), "{w}");
    let medicine = choices.iter().find(|c| c["id"] == "prescribed_medicine").unwrap();
    assert_eq!(medicine["plannable"], false);
    assert!(medicine["plan"].as_str().unwrap().contains("prescriber"), "{medicine}");

    assert_eq!(app.ok("trial_current", json!({})), Value::Null, "no trial yet");
    let e = app.err("trial_plan", json!({ "plan": { "remedy": "prescribed_medicine" } }));
    assert_eq!((e["kind"].as_str(), e["fields"][0]["field"].as_str()), (Some("invalid"), Some("remedy")), "{e}");
    let e = app.err("trial_plan", json!({ "plan": { "remedy": "other", "remedy_name": "Qualaquin" } }));
    assert!(e["message"].as_str().unwrap().contains("quinine"), "{e}");

    // Plan: the blocks start tonight (the last 14 nights are logged); tonight's arm is said.
    let v = app.ok("trial_plan", json!({ "plan": { "remedy": "stretching" } }));
    assert_eq!((v["running"].as_bool(), v["trial"]["start"].as_str()), (Some(true), Some(TRIAL_TODAY)), "{v}");
    let arm = v["tonight_arm"].as_str().unwrap();
    let tonight = v["words"]["tonight"]["task"][0]["text"].as_str().unwrap();
    let want = if arm == "remedy" { "Tonight: stretch your calves" } else { "Tonight: no stretching before bed" };
    assert!(tonight.starts_with(want), "{tonight}");
    assert_eq!(v["tonight"].as_str().unwrap(), tonight, "the same words as the CLI's");
    assert_eq!(v["result"]["provisional"], true);
    assert!(v["words"]["headline"].as_str().unwrap().starts_with("Provisional: "), "{v}");
    let e = app.err("trial_plan", json!({ "plan": { "remedy": "warm_bath" } }));
    assert_eq!(e["kind"], "conflict", "one trial at a time: {e}");

    // Current, done (tonight), a refused date, stop.
    assert_eq!(app.ok("trial_current", json!({}))["trial"], v["trial"]);
    let d = app.ok("trial_done", json!({ "date": TRIAL_TODAY, "done": true }));
    assert_eq!(d["tonight_done"], true);
    assert_eq!(d["words"]["tonight"]["recorded"], "Recorded as done.");
    assert_eq!(d["trial"]["adherence"], json!([{ "date": TRIAL_TODAY, "done": true }]));
    let e = app.err("trial_done", json!({ "date": "2026-11-30", "done": true }));
    assert_eq!(e["fields"][0]["field"], "date", "not a night that has come: {e}");
    let e = app.err("trial_done", json!({ "date": "2026-11-20", "done": true }));
    assert_eq!(e["fields"][0]["field"], "date", "a baseline night has no arm: {e}");
    let s = app.ok("trial_stop", json!({}));
    assert_eq!((s["running"].as_bool(), s["result"]["stopped_early"].as_bool()), (Some(false), Some(true)), "{s}");
    assert!(s["words"]["headline"].as_str().unwrap().starts_with("Stopped early: "), "{s}");
    assert_eq!(app.err("trial_stop", json!({}))["kind"], "conflict", "nothing left to stop");
    assert_eq!(app.ok("trial_current", json!({}))["trial"]["stopped_on"], TRIAL_TODAY);
}

#[test]
fn the_prescriber_plan_is_saved_through_export_and_the_quinine_note_follows_the_medicines() {
    let (_dir, out, app) = trial_app();
    let e = app.err("export", json!({ "request": { "format": "prescriber_plan", "medicine": "  " } }));
    assert_eq!(e["fields"][0]["field"], "medicine", "{e}");
    assert_eq!(std::fs::read_dir(&out).unwrap().count(), 0, "nothing was written");
    let r = app
        .ok("export", json!({ "request": { "format": "prescriber_plan", "medicine": "Baclofen", "paper": "letter" } }));
    let pdf = std::path::PathBuf::from(r["path"].as_str().unwrap());
    assert!(pdf.starts_with(&out) && pdf.extension().is_some_and(|x| x == "pdf"), "{r}");
    assert!(r["message"].as_str().unwrap().contains("prescriber"), "{r}");
    let text = std::process::Command::new("pdftotext").arg(&pdf).arg("-").output().expect("pdftotext runs");
    let text = String::from_utf8_lossy(&text.stdout).split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        text.contains("Does Baclofen help my night cramps?") && text.contains("Notes from the prescriber"),
        "{text}"
    );

    // Quinine: never planned unless taken; once recorded, the note is on Medications and Insights.
    let e = app.err("export", json!({ "request": { "format": "prescriber_plan", "medicine": "quinine" } }));
    assert!(e["message"].as_str().unwrap().contains("not started for leg cramps"), "{e}");
    let none = app.ok("safety_notes", json!({}));
    assert_eq!(
        (none["notes"].as_array().unwrap().len(), none["title"].as_str()),
        (0, Some("Quinine: safety information"))
    );
    assert!(app.ok("analyze", json!({})).get("safety").is_none(), "left out when there is nothing to say");
    let m = json!({ "name": "Qualaquin", "dose": "324 mg", "started": "2026-10-01", "stopped": null, "notes": "" });
    app.ok("add_course", json!({ "medication": m }));
    let notes = app.ok("safety_notes", json!({}))["notes"].clone();
    assert!(notes.as_array().unwrap().iter().any(|n| n.as_str().unwrap().contains("boxed warning")), "{notes}");
    let a = app.ok("analyze", json!({}));
    assert_eq!((&a["safety"], a["safety_title"].as_str()), (&notes, Some("Quinine: safety information")));
    for n in notes.as_array().unwrap() {
        assert!(!n.as_str().unwrap().to_lowercase().contains("start taking"), "never suggests starting it: {n}");
    }
}

/// The page's date rules and the Rust sentences follow the locale the app was given (never the
/// machine's), C and a bogus name fall back to day-month-year; Settings' choices win, and a bad
/// choice is refused naming its field.
#[test]
fn dates_follow_the_locale_and_settings_choices_win() {
    let today: chrono::NaiveDate = "2026-11-23".parse().unwrap();
    for (tag, order, clock, input, noted) in [
        (Some("en_US.UTF-8"), "mdy", "12", "MM/DD/YYYY", "Noted on November 20, 2026."),
        (Some("en_GB.UTF-8"), "dmy", "24", "DD/MM/YYYY", "Noted on 20 November 2026."),
        (Some("C"), "dmy", "24", "DD/MM/YYYY", "Noted on 20 November 2026."),
        (Some("POSIX"), "dmy", "24", "DD/MM/YYYY", "Noted on 20 November 2026."),
        (Some("no such locale"), "dmy", "24", "DD/MM/YYYY", "Noted on 20 November 2026."),
        (None, "dmy", "24", "DD/MM/YYYY", "Noted on 20 November 2026."),
    ] {
        let (_dir, db) = temp_db();
        let state = cramp_diary_app::AppState::open(&db).with_today(today).with_locale(tag);
        let app = TestApp::from_builder(cramp_diary_app::builder(mock_builder(), state));
        let dates = app.ok("status", json!({}))["dates"].clone();
        assert_eq!((dates["order"].as_str(), dates["clock"].as_str()), (Some(order), Some(clock)), "{tag:?}: {dates}");
        assert_eq!(dates["input"], input, "{tag:?}");
        assert_eq!(dates["system"]["order"], order, "{tag:?}");
        app.ok(
            "update_day",
            json!({ "date": "2026-11-20", "details": { "symptoms": [{ "kind": "calf_swelling", "side": "left" }] } }),
        );
        let flags = app.ok("red_flags", json!({}));
        let message = flags[0]["message"].as_str().unwrap().to_string();
        assert!(message.contains(noted), "{tag:?}: {message}");

        // Settings' choice wins over the locale; the system's own style is still reported.
        let mut settings = app.ok("status", json!({}))["settings"].clone();
        settings["date_order"] = json!("ymd");
        settings["clock"] = json!("12");
        app.ok("save_settings", json!({ "settings": settings.clone() }));
        let dates = app.ok("status", json!({}))["dates"].clone();
        assert_eq!((dates["order"].as_str(), dates["clock"].as_str()), (Some("ymd"), Some("12")), "{dates}");
        assert_eq!(dates["input"], "YYYY-MM-DD");
        // The example is the status's own today (the real clock here), as the fields show it.
        let example = dates["example"].as_str().unwrap();
        assert!(example.parse::<chrono::NaiveDate>().is_ok(), "{example}");
        assert_eq!(dates["system"]["order"], order, "{tag:?}");
        let flags = app.ok("red_flags", json!({}));
        assert!(flags[0]["message"].as_str().unwrap().contains("Noted on 2026 November 20."), "{flags}");
        settings["date_order"] = json!("dym");
        let e = app.err("save_settings", json!({ "settings": settings }));
        assert!(e.to_string().contains("must be one of: auto, dmy, mdy, ymd"), "{e}");
    }
}
// ----- About and help ---------------------------------------------------------------------------

#[test]
fn about_app_names_the_version_the_diary_and_its_backups() {
    let (_dir, db) = temp_db();
    let app = TestApp::open(&db);
    let f = app.ok("about_app", json!({}));
    assert_eq!(f["version"], env!("CARGO_PKG_VERSION"), "the app's and the core's versions are one");
    assert_eq!(f["version"], cramp_diary::about::VERSION);
    assert_eq!(f["version_line"], format!("Cramp Diary version {}", env!("CARGO_PKG_VERSION")));
    assert_eq!(f["diary_path"], db.display().to_string());
    let backups = cramp_diary::backup::backup_dir(&db).display().to_string();
    assert_eq!(f["backups_folder"], backups);
    let ids: Vec<&str> = f["sections"].as_array().unwrap().iter().map(|s| s["id"].as_str().unwrap()).collect();
    assert_eq!(ids, ["where", "backups", "copy", "restore", "report"]);
    let all = f["sections"].to_string();
    assert!(all.contains(&db.display().to_string()) && all.contains(&backups), "the words name the real places: {all}");
    assert!(all.contains("Back up now") && all.contains("Bring back") && all.contains("USB stick"), "{all}");
    assert_eq!(f["fonts"][0]["name"], "DejaVu Sans");
    assert!(f["fonts"][0]["text"].as_str().unwrap().contains("Bitstream Vera"));
}

/// A diary with words in it that must never reach a problem report.
fn diary_with_private_words(db: &Path) {
    let mut s = Store::open(db).unwrap();
    let date = cramp_diary::clock::night_before(s.today());
    let mut night = cramp_diary::Night::new(date, NightStatus::Cramps);
    night.notes = "PRIVATE-NOTE woke at the neighbours' party".into();
    s.save_night(&night).unwrap();
    let m = cramp_diary::Medication {
        name: "Privatemedicinol".into(),
        dose: "5 mg".into(),
        started: "2026-03-01".parse().unwrap(),
        stopped: None,
        notes: "PRIVATE-DOSE-NOTE".into(),
    };
    s.add_course(&m).unwrap();
    cramp_diary::backup::back_up_now(&s).unwrap();
}

#[test]
fn problem_report_is_one_private_file_with_the_version_and_nothing_from_the_diary() {
    let (dir, db) = temp_db();
    diary_with_private_words(&db);
    let out = dir.path().join("exports");
    std::fs::create_dir_all(&out).unwrap();
    let app = TestApp::from_builder(cramp_diary_app::builder(
        mock_builder(),
        cramp_diary_app::AppState::open(&db).with_export_dir(&out),
    ));
    let r = app.ok("problem_report", json!({}));
    let file = std::path::PathBuf::from(r["path"].as_str().unwrap());
    assert!(file.starts_with(&out), "{r}");
    assert!(r["message"].as_str().unwrap().contains(&file.display().to_string()), "{r}");
    let name = file.file_name().unwrap().to_string_lossy().into_owned();
    assert!(name.starts_with("cramp-diary-problem-report-") && name.ends_with(".txt"), "{name}");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(std::fs::metadata(&file).unwrap().permissions().mode() & 0o777, 0o600, "only the owner can read it");
    }
    // One write: no temporary file is left beside it.
    let names: Vec<_> = std::fs::read_dir(&out).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert_eq!(names.len(), 1, "{names:?}");
    let text = std::fs::read_to_string(&file).unwrap();
    assert!(text.contains(&format!("Version: {}\n", env!("CARGO_PKG_VERSION"))), "{text}");
    assert!(text.contains(&format!("Diary file: {}\n", db.display())), "{text}");
    assert!(text.contains("Diary opened: yes, schema version"), "{text}");
    assert!(text.contains("Backups: 1\n") && text.contains("manual-"), "{text}");
    assert!(text.contains("Problems noticed since the app started: none"), "{text}");
    for private in ["PRIVATE", "Privatemedicinol", "neighbours", "5 mg"] {
        assert!(!text.contains(private), "the report holds {private:?} from the diary:\n{text}");
    }
}

#[test]
fn problem_report_says_why_the_diary_could_not_be_opened() {
    let (dir, db) = temp_db();
    diary_with_private_words(&db);
    drop(Store::open(&db).unwrap());
    rusqlite::Connection::open(&db).unwrap().pragma_update(None, "user_version", 99).unwrap();
    let out = dir.path().join("exports");
    std::fs::create_dir_all(&out).unwrap();
    let app = TestApp::from_builder(cramp_diary_app::builder(
        mock_builder(),
        cramp_diary_app::AppState::open(&db).with_export_dir(&out),
    ));
    assert_eq!(app.ok("about_app", json!({}))["diary_path"], db.display().to_string(), "About works without a diary");
    let r = app.ok("problem_report", json!({}));
    let text = std::fs::read_to_string(r["path"].as_str().unwrap()).unwrap();
    assert!(text.contains("Diary opened: no: this diary file uses schema version 99"), "{text}");
    assert!(!text.contains("PRIVATE") && !text.contains("Privatemedicinol"), "{text}");
}
