//! The `cramp-diary` command line, run as a real process on real SQLite files in temp
//! dirs: each command's happy path read back from the file, the demo → import → export
//! round trip, import merge rules, every bad input refused with its field named and
//! nothing written, and `--db` / `CRAMP_DIARY_DB`.

mod common;

use std::path::Path;

use chrono::{Days, NaiveDate};
use common::{bare, days_ago, days_ahead, today, unpinned, Fixture};
use cramp_diary::{FluidKind, Muscle, NightStatus, Relief, Side, Store, SymptomKind};
use predicates::prelude::*;
use serde_json::Value;

fn s(d: NaiveDate) -> String {
    d.to_string()
}

fn json(path: &Path) -> Value {
    let mut v: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    v.as_object_mut().unwrap().remove("exported_at");
    v
}

const VERBATIM: &str = "He said \"ouch\" — it's 'bad'; ünïcödé ✓ 🦵 back\\slash, <tag> & %s $HOME";

// ----- happy paths ------------------------------------------------------------------

/// `log episode DATE` and then `flags`, split at spaces.
fn episode<'a>(date: &'a str, flags: &'a str) -> Vec<&'a str> {
    ["log", "episode", date].into_iter().chain(flags.split_whitespace()).collect()
}

#[test]
fn log_night_saves_each_status_and_keeps_text_verbatim() {
    let f = Fixture::new();
    let d = days_ago(3);
    let out = f.ok(&["log", "night", &s(d), "--none", "--sleep-disturbance", "1", "--notes", VERBATIM]);
    assert!(out.starts_with("Saved: no cramps on the night of "), "{out}");
    assert!(out.contains(&d.format("%a %-d %b %Y").to_string()), "{out}");
    let n = f.store().night(d).unwrap().unwrap();
    assert_eq!((n.status, n.sleep_disturbance, n.notes.as_str()), (NightStatus::None, Some(1), VERBATIM));
    assert!(n.logged_at.is_some());

    f.ok(&["log", "night", &s(days_ago(2)), "--unknown"]);
    f.ok(&["log", "night", &s(days_ago(1)), "--cramps", "--sleep-disturbance", "0"]);
    // Tomorrow's evening may be logged ahead (the core allows one day).
    f.ok(&["log", "night", &s(days_ahead(1)), "--none"]);
    let statuses: Vec<_> = f.load().nights.iter().map(|n| n.status).collect();
    assert_eq!(statuses, [NightStatus::None, NightStatus::Unknown, NightStatus::Cramps, NightStatus::None]);

    // Re-logging changes only what is given.
    f.ok(&["log", "night", &s(d), "--unknown"]);
    let n = f.store().night(d).unwrap().unwrap();
    assert_eq!((n.status, n.sleep_disturbance, n.notes.as_str()), (NightStatus::Unknown, Some(1), VERBATIM));
}

#[test]
fn log_episode_adds_cramps_to_a_night() {
    let f = Fixture::new();
    let d = days_ago(1);
    f.ok(&["log", "night", &s(d), "--none"]);
    let flags = "--time 03:40 --duration 4.5 --intensity 7 --side left --muscle calf --relieved-by stretching,walking";
    let out = f.ok(&episode(&s(d), &format!("{flags} --soreness")));
    assert!(out.contains("03:40") && out.contains("1 episode") && out.contains("now a cramp night"), "{out}");
    let args = ["--time", "05:10", "--duration", "1", "--intensity", "0", "--side", "both", "--muscle", "foot"];
    f.ok(&[&["log", "episode", &s(d)], &args[..]].concat());

    let n = f.store().night(d).unwrap().unwrap();
    assert_eq!(n.status, NightStatus::Cramps);
    assert_eq!(n.episodes.len(), 2);
    let e = &n.episodes[0];
    assert_eq!(e.time.unwrap().to_string(), "03:40");
    assert_eq!(
        (e.duration_min, e.intensity, e.side, e.muscle),
        (Some(4.5), Some(7), Some(Side::Left), Some(Muscle::Calf))
    );
    assert_eq!(e.relieved_by, [Relief::Stretching, Relief::Walking]);
    assert!(e.soreness_after);
    let e = &n.episodes[1];
    assert_eq!(
        (e.intensity, e.side, e.muscle, e.soreness_after),
        (Some(0), Some(Side::Both), Some(Muscle::Foot), false)
    );
    assert!(e.relieved_by.is_empty());

    // An episode on a night never logged creates it as a cramp night.
    f.ok(&[&["log", "episode", &s(days_ago(5))], &args[..]].concat());
    assert_eq!(f.store().night(days_ago(5)).unwrap().unwrap().status, NightStatus::Cramps);
}

#[test]
fn relogging_a_cramp_night_keeps_its_episodes_and_never_drops_them_silently() {
    let f = Fixture::new();
    let d = s(days_ago(2));
    let ep = ["--time", "02:00", "--duration", "3", "--intensity", "6", "--side", "right", "--muscle", "calf"];
    f.ok(&[&["log", "episode", &d], &ep[..]].concat());
    f.ok(&[&["log", "episode", &d], &ep[..]].concat());

    let out = f.ok(&["log", "night", &d, "--cramps", "--sleep-disturbance", "5", "--notes", "two bad ones"]);
    assert!(out.contains("2 episodes are kept"), "{out}");
    let n = f.store().night(days_ago(2)).unwrap().unwrap();
    assert_eq!((n.episodes.len(), n.sleep_disturbance, n.notes.as_str()), (2, Some(5), "two bad ones"));

    let before = f.load();
    for status in ["--none", "--unknown"] {
        let err = f.refused(&["log", "night", &d, status]);
        assert!(err.contains("2 cramp episodes") && err.contains("--replace"), "{err}");
        assert_eq!(f.load(), before, "{status} changed the diary");
    }
    let out = f.ok(&["log", "night", &d, "--none", "--replace"]);
    assert!(out.contains("2 episodes it had were removed"), "{out}");
    let n = f.store().night(days_ago(2)).unwrap().unwrap();
    assert_eq!((n.status, n.episodes.len()), (NightStatus::None, 0));
    assert_eq!(f.counts().episodes, 0);
}

#[test]
fn log_fluid_and_log_day_merge_into_the_day() {
    let f = Fixture::new();
    let d = days_ago(4);
    let out = f.ok(&["log", "fluid", &s(d), "--kind", "water", "--ml", "250"]);
    assert!(out.contains("250 mL of water"), "{out}");
    let out = f.ok(&["log", "fluid", &s(d), "--kind", "electrolyte", "--ml", "500", "--brand", VERBATIM]);
    assert!(out.contains("750 mL that day"), "{out}");
    f.ok(&["log", "fluid", &s(d), "--kind", "coffee_tea", "--ml", "10000"]);

    f.ok(&["log", "day", &s(d), "--exertion", "6", "--exercise-min", "45", "--symptom", "calf_swelling:left"]);
    f.ok(&["log", "day", &s(d), "--stretched", "--symptom", "leg_warmth:left", "--symptom", "numbness_tingling"]);

    let day = f.store().day(d).unwrap();
    let kinds: Vec<_> = day.fluids.iter().map(|x| (x.kind, x.ml)).collect();
    assert_eq!(kinds, [(FluidKind::Water, 250.0), (FluidKind::Electrolyte, 500.0), (FluidKind::CoffeeTea, 10000.0)]);
    assert_eq!(day.fluids[1].brand.as_deref(), Some(VERBATIM));
    assert_eq!((day.exertion, day.exercise_min, day.stretched_before_bed), (Some(6), Some(45), Some(true)));
    let symptoms: Vec<_> = day.symptoms.iter().map(|x| (x.kind, x.side)).collect();
    assert_eq!(
        symptoms,
        [
            (SymptomKind::CalfSwelling, Some(Side::Left)),
            (SymptomKind::LegWarmth, Some(Side::Left)),
            (SymptomKind::NumbnessTingling, None)
        ]
    );

    // Changing one thing leaves the rest alone.
    f.ok(&["log", "day", &s(d), "--exertion", "2"]);
    let after = f.store().day(d).unwrap();
    assert_eq!(after.exertion, Some(2));
    assert_eq!((after.fluids.len(), after.symptoms.len(), after.exercise_min), (3, 3, Some(45)));
}

#[test]
fn med_add_stop_and_list() {
    let f = Fixture::new();
    let started = s(days_ago(100));
    let out = f.ok(&["med", "add", "Atorvastatin", "--started", &started, "--dose", "20 mg"]);
    assert!(out.starts_with("Saved: Atorvastatin 20 mg, taken since"), "{out}");
    f.ok(&["med", "add", "Hydrochlorothiazide", "--started", &s(days_ago(60)), "--dose", "25 mg once daily"]);
    f.ok(&["med", "add", "Ibuprofène ✓", "--started", &s(days_ago(90)), "--stopped", &s(days_ago(80))]);

    let out = f.ok(&["med", "stop", "hydrochloroTHIAZIDE", "--on", &s(days_ago(10))]);
    assert!(out.contains("Hydrochlorothiazide 25 mg once daily stopped"), "{out}");
    let courses = f.store().courses().unwrap();
    let names: Vec<_> = courses.iter().map(|c| (c.medication.name.as_str(), c.medication.stopped)).collect();
    assert_eq!(
        names,
        [("Atorvastatin", None), ("Ibuprofène ✓", Some(days_ago(80))), ("Hydrochlorothiazide", Some(days_ago(10)))]
    );

    let table = f.ok(&["med", "list"]);
    let lines: Vec<&str> = table.lines().collect();
    assert_eq!(lines.len(), 4, "{table}");
    assert!(lines[0].starts_with("Name") && lines[0].contains("Dose") && lines[0].contains("Stopped"), "{table}");
    assert!(lines[1].starts_with("Atorvastatin") && lines[1].contains("20 mg") && lines[1].ends_with("still taking"));
    let dose_col = lines[0].find("Dose").unwrap();
    assert_eq!(lines[1].find("20 mg"), Some(dose_col), "columns line up:\n{table}");
    assert!(lines[3].contains(&days_ago(10).format("%-d %b %Y").to_string()), "{table}");

    // Nothing running by that name, or two running: clear refusals, nothing changed.
    let before = f.load();
    let err = f.refused(&["med", "stop", "hydrochlorothiazide", "--on", &s(days_ago(1))]);
    assert!(err.contains("no course of \"hydrochlorothiazide\" is running"), "{err}");
    let err = f.refused(&["med", "stop", "Metformin", "--on", &s(days_ago(1))]);
    assert!(err.contains("Metformin"), "{err}");
    f.ok(&["med", "add", "atorvastatin", "--started", &s(days_ago(5)), "--dose", "40 mg"]);
    let before_two = f.load();
    let err = f.refused(&["med", "stop", "ATORVASTATIN", "--on", &s(days_ago(1))]);
    assert!(err.contains("2 courses") && err.contains("--started"), "{err}");
    assert_eq!(f.load(), before_two);
    f.ok(&["med", "stop", "atorvastatin", "--on", &s(days_ago(6)), "--started", &started]);
    assert_eq!(f.store().courses().unwrap()[0].medication.stopped, Some(days_ago(6)));
    assert_ne!(f.load(), before);

    let empty = Fixture::new();
    let err = empty.refused(&["med", "list"]);
    assert!(err.contains("there is no diary at"), "{err}");
    assert!(!empty.db.exists(), "listing must not create a diary");
    empty.ok(&["log", "night", &s(days_ago(1)), "--none"]);
    assert!(empty.ok(&["med", "list"]).contains("No medications recorded yet"));
}

#[test]
fn export_writes_the_whole_diary_to_a_private_file() {
    let f = Fixture::new();
    f.ok(&["log", "night", &s(days_ago(1)), "--none", "--notes", VERBATIM]);
    f.ok(&["med", "add", VERBATIM, "--started", &s(days_ago(30))]);
    let out_path = f.path("backup.json");
    std::fs::write(&out_path, "old contents").unwrap();
    let out = f.ok(&["export", "--format", "json", "--out", out_path.to_str().unwrap()]);
    assert!(out.contains("Exported") && out.contains("1 night"), "{out}");
    let v = json(&out_path);
    assert_eq!(v["format"], "cramp-diary");
    assert_eq!(v["nights"][0]["notes"], VERBATIM);
    assert_eq!(v["medications"][0]["name"], VERBATIM);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&out_path).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
    }
    // Only known formats; nothing is written for an unknown one.
    let other = f.path("other.csv");
    let err = f.refused(&["export", "--format", "xml", "--out", other.to_str().unwrap()]);
    assert!(err.contains("--format") && err.contains("json"), "{err}");
    assert!(!other.exists());
    // A mistyped diary path is reported, not exported as an empty diary.
    let err = bare().arg("--db").arg(f.path("typo.db")).args(["export", "--out"]).arg(&other).assert().failure();
    err.stderr(predicate::str::contains("there is no diary at"));
    assert!(!f.path("typo.db").exists() && !other.exists());
    // No stray temporary files are left next to the output.
    let names: Vec<_> = std::fs::read_dir(f.dir.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert!(names.iter().all(|n| !n.to_string_lossy().ends_with(".tmp")), "{names:?}");
}

// ----- whole documents --------------------------------------------------------------

#[test]
fn demo_import_export_round_trips_with_nothing_lost() {
    let f = Fixture::new();
    let sample = f.path("sample.json");
    let out = f.ok(&["demo", "--out", sample.to_str().unwrap()]);
    assert!(out.contains("sample diary"), "{out}");
    assert!(!f.db.exists(), "demo must not touch the diary");

    let out = f.ok(&["import", sample.to_str().unwrap()]);
    assert!(out.starts_with("Imported ") && out.contains("3 medication courses"), "{out}");
    let exported = f.path("exported.json");
    f.ok(&["export", "--format", "json", "--out", exported.to_str().unwrap()]);

    let (a, b) = (json(&sample), json(&exported));
    assert_eq!(a, b, "export differs from the demo document");
    let nights = a["nights"].as_array().unwrap();
    assert!(nights.len() > 150, "{} nights", nights.len());
    let last = nights.last().unwrap()["date"].as_str().unwrap().to_string();
    assert!(last == s(days_ago(1)) || last == s(days_ago(2)), "sample ends {last}, not last night");
    let counts = f.counts();
    assert_eq!((counts.nights as usize, counts.medications, counts.conditions), (nights.len(), 3, 2));
}

#[test]
fn importing_the_same_dates_twice_needs_replace() {
    let f = Fixture::new();
    let sample = f.path("sample.json");
    f.ok(&["demo", "--out", sample.to_str().unwrap()]);
    f.ok(&["import", sample.to_str().unwrap()]);
    let first = f.load();

    let err = f.refused(&["import", sample.to_str().unwrap()]);
    assert!(err.contains("already has") && err.contains("--replace"), "{err}");
    assert_eq!(f.load(), first, "a refused import changed the diary");

    // Change one night in the diary; --replace brings the document's version back.
    let last = first.nights.last().unwrap().date.to_string();
    f.ok(&["log", "night", &last, "--unknown", "--replace", "--notes", "changed"]);
    assert_ne!(f.load(), first);
    let out = f.ok(&["import", "--replace", sample.to_str().unwrap()]);
    assert!(out.starts_with("Imported"), "{out}");
    assert_eq!(f.load(), first);
    assert_eq!(f.counts().medications, 3, "courses are not duplicated");
}

#[test]
fn import_lists_every_problem_with_its_json_path_and_writes_nothing() {
    let f = Fixture::new();
    f.ok(&["log", "night", &s(days_ago(9)), "--none"]);
    let before = f.load();
    let ago = |n| s(days_ago(n));
    let doc = serde_json::json!({
        "format": "cramp-diary",
        "version": 1,
        "nights": [
            { "date": "2025-02-30", "status": "none" },
            { "date": ago(20), "status": "cramps", "episodes": [ { "time": "03:00", "intensity": 11 } ] },
            { "date": ago(21), "status": "maybe" },
            { "date": ago(22), "status": "cramps", "episodes": [ { "time": "25:00" } ] },
            { "date": ago(23), "status": "none", "sleep_disturbance": -1 },
            { "date": ago(24), "status": "cramps", "episodes": [ { "side": "middle" } ] },
            { "date": ago(25), "status": "cramps", "episodes": [ { "muscle": "hip" } ] },
            { "date": ago(26), "status": "cramps", "episodes": [ { "duration_min": 0 }, { "duration_min": 1441 } ] },
            { "date": s(days_ahead(3)), "status": "none", "notes": "x".repeat(10_001) }
        ],
        "days": [
            { "date": ago(20), "fluids": [ { "kind": "juice", "ml": 200 } ] },
            { "date": ago(21), "exertion": 11 },
            { "date": ago(22), "symptoms": [ { "kind": "knee_ache" } ] },
            { "date": ago(23), "fluids": [ { "kind": "water", "ml": 0 }, { "kind": "water", "ml": 10001 } ] }
        ]
    });
    let file = f.path("bad.json");
    std::fs::write(&file, serde_json::to_string_pretty(&doc).unwrap()).unwrap();
    let err = f.refused(&["import", file.to_str().unwrap()]);
    let paths = [
        "nights[0].date",
        "nights[1].episodes[0].intensity",
        "nights[2].status",
        "nights[3].episodes[0].time",
        "nights[4].sleep_disturbance",
        "nights[5].episodes[0].side",
        "nights[6].episodes[0].muscle",
        "nights[7].episodes[0].duration_min",
        "nights[7].episodes[1].duration_min",
        "nights[8].date",
        "nights[8].notes",
        "days[0].fluids[0].kind",
        "days[1].exertion",
        "days[2].symptoms[0].kind",
        "days[3].fluids[0].ml",
        "days[3].fluids[1].ml",
    ];
    for path in paths {
        assert!(err.contains(&format!("{path}: ")), "{path} missing from:\n{err}");
    }
    assert!(err.starts_with(&format!("error: {} problems, nothing was saved:", paths.len())), "{err}");
    assert_eq!(f.load(), before);

    let err = f.refused(&["import", f.path("missing.json").to_str().unwrap()]);
    assert!(err.contains("could not read"), "{err}");
    std::fs::write(&file, "{ not json").unwrap();
    let err = f.refused(&["import", file.to_str().unwrap()]);
    assert!(err.contains("not valid JSON"), "{err}");
    assert_eq!(f.load(), before);
}

/// Several problems inside ONE night or day: today the core's reader stops at the first
/// one it cannot read in that element (a bad `status` hides a bad `sleep_disturbance`;
/// a bad drink hides the day's `exertion`), so not every problem is listed in one go.
/// Nothing is written either way. Owned by `src/interchange.rs`; enable when fixed.
#[test]
fn import_lists_several_problems_within_one_element() {
    let f = Fixture::new();
    let doc = serde_json::json!({
        "format": "cramp-diary", "version": 1,
        "nights": [
            { "date": s(days_ago(5)), "status": "maybe", "sleep_disturbance": -1 },
            { "date": s(days_ago(6)), "status": "cramps",
              "episodes": [ { "intensity": 11, "duration_min": 0 } ] }
        ],
        "days": [ { "date": s(days_ago(5)), "fluids": [ { "kind": "juice", "ml": 1 } ], "exertion": 11 } ]
    });
    let file = f.path("bad.json");
    std::fs::write(&file, doc.to_string()).unwrap();
    let err = f.refused(&["import", file.to_str().unwrap()]);
    for path in [
        "nights[0].status",
        "nights[0].sleep_disturbance",
        "nights[1].episodes[0].intensity",
        "nights[1].episodes[0].duration_min",
        "days[0].fluids[0].kind",
        "days[0].exertion",
    ] {
        assert!(err.contains(path), "{path} missing from:\n{err}");
    }
}

// ----- bad input on the command line ------------------------------------------------

/// Every bad input from the issue, with the name the refusal must mention.
fn bad_inputs() -> Vec<(Vec<String>, &'static str)> {
    let past = s(days_ago(2));
    // Three days ahead rather than two, so a run crossing midnight still tests a refusal
    // (the exact boundary is pinned by the core's own tests with a fixed today).
    let future = s(days_ahead(3));
    let long = "x".repeat(10_001);
    let long_multibyte = "é".repeat(5_001); // 10 002 bytes
    let ep = |time: &str, duration: &str, intensity: &str, side: &str, muscle: &str| -> Vec<String> {
        let flags =
            format!("--time {time} --duration {duration} --intensity {intensity} --side {side} --muscle {muscle}");
        episode(&past, &flags).into_iter().map(String::from).collect()
    };
    let v = |args: &[&str]| args.iter().map(|a| a.to_string()).collect::<Vec<_>>();
    let with = |mut base: Vec<String>, extra: &[&str]| {
        base.extend(extra.iter().map(|a| a.to_string()));
        base
    };
    vec![
        // Impossible dates, in every command that takes one.
        (v(&["log", "night", "2025-02-30", "--none"]), "DATE"),
        (v(&["log", "night", "2026-13-01", "--none"]), "DATE"),
        (v(&["log", "night", "2026-1-5", "--none"]), "DATE"),
        (v(&["log", "night", "yesterday", "--none"]), "DATE"),
        (v(&["log", "fluid", "2025-02-30", "--kind", "water", "--ml", "250"]), "DATE"),
        (v(&["log", "day", "2025-02-30", "--stretched"]), "DATE"),
        (v(&["med", "add", "Atorvastatin", "--started", "2025-02-30"]), "--started"),
        (v(&["med", "stop", "Atorvastatin", "--on", "2025-02-30"]), "--on"),
        // More than one day in the future.
        (v(&["log", "night", &future, "--none"]), "DATE"),
        (v(&episode(&future, "--time 03:00 --duration 2 --intensity 5 --side left --muscle calf")), "DATE"),
        (v(&["log", "fluid", &future, "--kind", "water", "--ml", "250"]), "DATE"),
        (v(&["log", "day", &future, "--exertion", "3"]), "DATE"),
        (v(&["med", "add", "Atorvastatin", "--started", &future]), "--started"),
        // Scales outside 0–10.
        (v(&["log", "night", &past, "--none", "--sleep-disturbance", "11"]), "--sleep-disturbance"),
        (v(&["log", "night", &past, "--none", "--sleep-disturbance", "-1"]), "--sleep-disturbance"),
        (ep("03:00", "2", "11", "left", "calf"), "--intensity"),
        (ep("03:00", "2", "-1", "left", "calf"), "--intensity"),
        (ep("03:00", "2", "7.5", "left", "calf"), "--intensity"),
        (v(&["log", "day", &past, "--exertion", "11"]), "--exertion"),
        (v(&["log", "day", &past, "--exertion", "-1"]), "--exertion"),
        (v(&["log", "day", &past, "--exercise-min", "-5"]), "--exercise-min"),
        (v(&["log", "day", &past, "--exercise-min", "1441"]), "--exercise-min"),
        // Durations ≤ 0 or over 24 h.
        (ep("03:00", "0", "5", "left", "calf"), "--duration"),
        (ep("03:00", "-3", "5", "left", "calf"), "--duration"),
        (ep("03:00", "1441", "5", "left", "calf"), "--duration"),
        (ep("03:00", "NaN", "5", "left", "calf"), "--duration"),
        // Fluids ≤ 0 or over 10 L in one entry.
        (v(&["log", "fluid", &past, "--kind", "water", "--ml", "0"]), "--ml"),
        (v(&["log", "fluid", &past, "--kind", "water", "--ml", "-250"]), "--ml"),
        (v(&["log", "fluid", &past, "--kind", "water", "--ml", "10001"]), "--ml"),
        // Unknown kinds.
        (v(&["log", "fluid", &past, "--kind", "juice", "--ml", "250"]), "--kind"),
        (ep("03:00", "2", "5", "up", "calf"), "--side"),
        (ep("03:00", "2", "5", "left", "hip"), "--muscle"),
        (with(ep("03:00", "2", "5", "left", "calf"), &["--relieved-by", "stretching,prayer"]), "--relieved-by"),
        (with(ep("03:00", "2", "5", "left", "calf"), &["--relieved-by", "walking,walking"]), "--relieved-by"),
        (v(&["log", "day", &past, "--symptom", "knee_ache"]), "--symptom"),
        (v(&["log", "day", &past, "--symptom", "calf_swelling:middle"]), "--symptom"),
        (ep("24:00", "2", "5", "left", "calf"), "--time"),
        (ep("3:40", "2", "5", "left", "calf"), "--time"),
        // Notes and other text over 10 kB.
        (v(&["log", "night", &past, "--none", "--notes", &long]), "--notes"),
        (v(&["log", "night", &past, "--none", "--notes", &long_multibyte]), "--notes"),
        (v(&["log", "fluid", &past, "--kind", "electrolyte", "--ml", "500", "--brand", &long]), "--brand"),
        (v(&["med", "add", &long, "--started", &past]), "NAME"),
        (v(&["med", "add", "Atorvastatin", "--started", &past, "--dose", &long]), "--dose"),
        // Other refusals: empty name, stop before start, missing or clashing status.
        (v(&["med", "add", "  ", "--started", &past]), "NAME"),
        (v(&["med", "add", "Atorvastatin", "--started", &past, "--stopped", &s(days_ago(3))]), "--stopped"),
        (v(&["log", "night", &past]), "--none"),
        (v(&["log", "night", &past, "--none", "--cramps"]), "--cramps"),
        (v(&["log", "day", &past]), "--exertion"),
    ]
}

#[test]
fn every_bad_input_is_refused_with_its_field_named_and_nothing_written() {
    let f = Fixture::new();
    // Some data first, so "nothing written" means something; the night of `past` has a cramp.
    let past = s(days_ago(2));
    f.ok(&episode(&past, "--time 03:00 --duration 2 --intensity 5 --side left --muscle calf"));
    f.ok(&["log", "fluid", &past, "--kind", "water", "--ml", "250"]);
    f.ok(&["log", "day", &past, "--exertion", "4"]);
    f.ok(&["med", "add", "Atorvastatin", "--started", &s(days_ago(40))]);
    let before = f.load();
    let counts = f.counts();

    for (args, field) in bad_inputs() {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let shown = args.iter().map(|a| if a.len() > 40 { "<long>" } else { a }).collect::<Vec<_>>().join(" ");
        let err = f.refused(&args);
        assert!(err.contains(field), "`{shown}`: {field} not named in:\n{err}");
        assert_eq!(f.counts(), counts, "`{shown}` changed the counts");
        assert_eq!(f.load(), before, "`{shown}` changed the diary");
    }
}

#[test]
fn limits_themselves_are_accepted() {
    let f = Fixture::new();
    let past = s(days_ago(2));
    f.ok(&["log", "night", &past, "--cramps", "--sleep-disturbance", "10", "--notes", &"x".repeat(10_000)]);
    f.ok(&episode(&past, "--time 23:59 --duration 1440 --intensity 10 --side both --muscle other"));
    f.ok(&episode(&past, "--time 00:00 --duration 0.1 --intensity 0 --side right --muscle shin"));
    f.ok(&["log", "fluid", &past, "--kind", "other", "--ml", "10000"]);
    f.ok(&["log", "fluid", &past, "--kind", "alcohol", "--ml", "0.5"]);
    f.ok(&["log", "day", &past, "--exertion", "0", "--exercise-min", "1440"]);
    let n = f.store().night(days_ago(2)).unwrap().unwrap();
    assert_eq!(n.notes.len(), 10_000);
    assert_eq!(n.episodes.iter().map(|e| e.duration_min.unwrap()).collect::<Vec<_>>(), [1440.0, 0.1]);
    assert_eq!(f.counts().episodes, 2);
}

#[test]
fn refusals_of_the_core_name_the_option_and_the_rule() {
    let f = Fixture::new();
    let err = f.refused(&[
        "log",
        "night",
        &s(days_ago(1)),
        "--none",
        "--sleep-disturbance",
        "11",
        "--notes",
        &"x".repeat(10_001),
    ]);
    assert!(err.starts_with("error: 2 problems, nothing was saved:"), "{err}");
    assert!(err.contains("--sleep-disturbance: must be a whole number from 0 to 10 (got 11)"), "{err}");
    assert!(err.contains("--notes: must be at most 10000 bytes"), "{err}");
    let err = f.refused(&["log", "night", "2025-02-30", "--none"]);
    assert!(err.contains("2025-02-30 is not a real date (YYYY-MM-DD)"), "{err}");
    let err = f.refused(&["log", "night", &s(days_ahead(3)), "--none"]);
    assert!(err.contains("DATE: must not be more than one day after today"), "{err}");
}

// ----- which day it is ----------------------------------------------------------------

/// The "today" a refusal names: "must not be more than one day after today (2026-11-23)".
fn refusal_today(err: &str) -> NaiveDate {
    let at = err.find("after today (").unwrap_or_else(|| panic!("{err}")) + "after today (".len();
    err[at..at + 10].parse().unwrap()
}

#[test]
fn without_cramp_diary_now_the_cli_goes_by_the_local_clock() {
    // Run on any date, in any zone, and under the moved clocks of `make test`.
    let f = Fixture::new();
    let before = chrono::Local::now().date_naive();
    let out = unpinned().arg("--db").arg(&f.db).args(["log", "night", "2999-01-01", "--none"]).assert().failure();
    let after = chrono::Local::now().date_naive();
    let err = String::from_utf8(out.get_output().stderr.clone()).unwrap();
    let seen = refusal_today(&err);
    assert!(seen == before || seen == after, "the CLI's today {seen}, the local date {before}..{after}");
}

#[test]
fn cramp_diary_now_moves_the_clis_today_to_a_local_time() {
    let f = Fixture::new();
    let at = |now: &str| {
        let mut c = unpinned();
        c.arg("--db").arg(&f.db).env(cramp_diary::clock::NOW_ENV, now);
        c
    };
    // Late on the leap day: tomorrow (1 March) may be logged ahead, 2 March may not.
    at("2028-02-29T23:30").args(["log", "night", "2028-03-01", "--none"]).assert().success();
    let out = at("2028-02-29T23:30").args(["log", "night", "2028-03-02", "--none"]).assert().failure();
    assert_eq!(refusal_today(&String::from_utf8_lossy(&out.get_output().stderr)), "2028-02-29".parse().unwrap());
    // An offset given is honoured as written: 23:59 in St John's on New Year's Eve.
    let out = at("2026-12-31T23:59:00-03:30").args(["log", "night", "2027-01-02", "--none"]).assert().failure();
    assert_eq!(refusal_today(&String::from_utf8_lossy(&out.get_output().stderr)), "2026-12-31".parse().unwrap());
    assert_eq!(f.counts().nights, 1);
    // The saved night is stamped with the moved clock too.
    let logged = f.store().night("2028-03-01".parse().unwrap()).unwrap().unwrap().logged_at.unwrap();
    assert_eq!(logged.naive_local().to_string(), "2028-02-29 23:30:00");
    // A value that cannot be read is refused before anything runs.
    let out = at("next tuesday").args(["log", "night", "2026-01-01", "--none"]).assert().failure();
    let err = String::from_utf8_lossy(&out.get_output().stderr).into_owned();
    assert!(err.starts_with("error: ") && err.contains("CRAMP_DIARY_NOW"), "{err}");
    assert_eq!(f.counts().nights, 1);
}

// ----- which diary file -------------------------------------------------------------

#[test]
fn db_flag_and_environment_variable_are_both_honoured() {
    let dir = tempfile::tempdir().unwrap();
    let from_env = dir.path().join("env.db");
    let from_flag = dir.path().join("nested/flag.db");
    let d = s(days_ago(1));

    bare().env("CRAMP_DIARY_DB", &from_env).args(["log", "night", &d, "--none"]).assert().success();
    assert_eq!(Store::open(&from_env).unwrap().counts().unwrap().nights, 1);
    assert!(!from_flag.exists());

    // --db wins over the environment, and may come after the subcommand too.
    bare()
        .env("CRAMP_DIARY_DB", &from_env)
        .args(["log", "night", &s(days_ago(2)), "--unknown", "--db"])
        .arg(&from_flag)
        .assert()
        .success();
    assert_eq!(Store::open(&from_flag).unwrap().counts().unwrap().nights, 1);
    assert_eq!(Store::open(&from_env).unwrap().counts().unwrap().nights, 1);

    let out = bare().env("CRAMP_DIARY_DB", &from_env).args(["med", "list"]).assert().success();
    out.stdout(predicate::str::contains("No medications"));
}

#[test]
fn backup_and_restore_round_trip_and_can_be_undone() {
    let f = Fixture::new();
    let (d3, d2) = (s(today() - Days::new(3)), s(today() - Days::new(2)));
    f.ok(&["log", "night", &d3, "--none"]);
    let listed = f.ok(&["backup", "--list"]);
    assert!(listed.contains("No backups yet"), "{listed}");
    let copy = f.path("copy.db");
    let out = f.ok(&["backup", "--out", copy.to_str().unwrap()]);
    assert!(out.contains("(1 night)"), "{out}");
    f.ok(&["log", "night", &d2, "--cramps"]);

    let out = f.ok(&["restore", copy.to_str().unwrap()]);
    assert!(out.contains("Restored 1 night"), "{out}");
    assert_eq!(f.counts().nights, 1);
    let listed = f.ok(&["backup", "--list"]);
    assert!(listed.lines().any(|l| l.contains("before_restore") && l.contains(" 2  ")), "{listed}");

    let junk = f.path("junk.db");
    std::fs::write(&junk, "not a database").unwrap();
    let err = f.refused(&["restore", junk.to_str().unwrap()]);
    assert!(
        err.contains("junk.db was not restored and your diary was not changed") && err.contains("is not a diary"),
        "{err}"
    );
    assert_eq!(f.counts().nights, 1);
}

#[test]
fn analyze_prints_the_contract_and_plain_text() {
    let f = Fixture::new().with_sample();
    let out = f.ok(&["analyze", "--json"]);
    let v: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["version"], 2);
    let logged = v["nights"]["logged"].as_u64().unwrap();
    assert_eq!(logged, f.counts().nights);
    for key in ["calendar", "cramp", "none", "unknown", "completeness"] {
        assert!(v["nights"][key].is_number(), "nights.{key}");
    }
    let thiazide = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["kind"] == "medication_start" && x["cause"] == "thiazide_diuretic")
        .expect("the sample's thiazide start is analysed");
    assert_eq!(thiazide["verdict"], "likely_link");
    assert!(thiazide["ci_low"].as_f64().unwrap() > 1.0);

    let text = f.ok(&["analyze"]);
    assert!(text.contains("Hydrochlorothiazide"), "{text}");
    assert!(!text.to_lowercase().contains("stop taking"), "never tell anyone to stop a medicine");

    let from = s(today() - Days::new(30));
    let v: Value = serde_json::from_str(&f.ok(&["analyze", "--json", "--from", &from])).unwrap();
    assert_eq!(v["period"]["from"], from);
    let err = f.refused(&["analyze", "--from", &s(today()), "--to", &from]);
    assert!(err.contains("--from"), "{err}");
}

#[test]
fn a_reader_that_stops_early_is_not_an_error() {
    let f = Fixture::new().with_sample();
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin!("cramp-diary"))
        .arg("--db")
        .arg(&f.db)
        .args(["analyze", "--json"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take()); // the reader goes away before anything is read
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
}

#[test]
fn chart_draws_every_kind_as_svg_and_png() {
    let f = Fixture::new().with_sample();
    for kind in ["weekly", "calendar", "medications", "fluids", "time-of-night"] {
        let svg = f.path(&format!("{kind}.svg"));
        let out = f.ok(&["chart", kind, "--out", svg.to_str().unwrap()]);
        assert!(out.contains(&format!("Drew the {kind} chart")), "{out}");
        let text = std::fs::read_to_string(&svg).unwrap();
        assert!(text.starts_with("<svg") || text.starts_with("<?xml"), "{kind}");
        let png = f.path(&format!("{kind}.png"));
        f.ok(&["chart", kind, "--out", png.to_str().unwrap(), "--from", &s(today() - Days::new(90))]);
        assert_eq!(&std::fs::read(&png).unwrap()[..8], b"\x89PNG\r\n\x1a\n", "{kind}");
    }
    // The fluids chart carries the analysis's own "low" threshold.
    let json: Value = serde_json::from_str(&f.ok(&["analyze", "--json"])).unwrap();
    let low = json["low_fluid_ml"].as_f64().unwrap().round() as u64;
    let shown = if low >= 1000 { format!("{},{:03} mL", low / 1000, low % 1000) } else { format!("{low} mL") };
    let fluids = std::fs::read_to_string(f.path("fluids.svg")).unwrap();
    assert!(fluids.contains(&format!("below {shown}")), "threshold {shown} not drawn");

    let err = f.refused(&["chart", "pie", "--out", f.path("x.svg").to_str().unwrap()]);
    assert!(err.contains("weekly, calendar"), "{err}");
    let err = f.refused(&["chart", "weekly", "--out", f.path("x.gif").to_str().unwrap()]);
    assert!(err.contains("--out"), "{err}");
}
