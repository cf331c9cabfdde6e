//! What an import refuses and how much it takes: the file-size cap, the bounded error list,
//! the date floor and timestamp rules through the interchange format, the caps on episodes
//! and drinks, and de-duplication of 100,000 medication courses.

mod common;

use common::d;
use std::time::Instant;

use chrono::{Days, NaiveDate};
use cramp_diary::interchange::{self, import, import_diary, parse, MAX_FILE_BYTES};
use cramp_diary::store::Store;
use cramp_diary::validate::MAX_ERRORS;
use cramp_diary::{Condition, Diary, Error, Medication, Night, NightStatus, Problems};
use serde_json::{json, Value};

fn today() -> NaiveDate {
    "2026-11-23".parse().unwrap()
}

fn open(dir: &tempfile::TempDir) -> Store {
    Store::open(dir.path().join("diary.db")).unwrap().with_today(today())
}

fn doc(body: Value) -> String {
    let mut v = json!({"format": "cramp-diary", "version": 1});
    v.as_object_mut().unwrap().extend(body.as_object().unwrap().clone());
    v.to_string()
}

fn problems(r: cramp_diary::Result<Diary>) -> Problems {
    match r {
        Err(Error::Invalid(p)) => p,
        other => panic!("expected invalid, got {other:?}"),
    }
}

fn rules(r: cramp_diary::Result<Diary>) -> Vec<(String, String)> {
    problems(r).into_iter().map(|e| (e.field, e.rule)).collect()
}

#[test]
fn a_file_over_64_mib_is_refused_before_it_is_read() {
    let dir = tempfile::tempdir().unwrap();
    let big = dir.path().join("big.json");
    let f = std::fs::File::create(&big).unwrap();
    f.set_len(MAX_FILE_BYTES + 1).unwrap(); // sparse: nothing is written to disk
    let e = interchange::read_file(&big).unwrap_err();
    assert_eq!(e.kind(), "format");
    let msg = e.to_string();
    assert!(
        msg.contains("is 64.0 MiB (67108865 bytes), more than the 64 MiB (67108864 bytes) an import reads"),
        "{msg}"
    );
    assert!(msg.contains("big.json") && msg.ends_with("nothing was imported"), "{msg}");

    let small = dir.path().join("small.json");
    std::fs::write(&small, doc(json!({}))).unwrap();
    assert!(parse(&interchange::read_file(&small).unwrap(), today()).is_ok());
    std::fs::write(&small, b"\xff\xfe").unwrap();
    assert!(interchange::read_file(&small).unwrap_err().to_string().contains("not UTF-8"));
}

#[test]
fn the_cli_refuses_a_file_over_the_cap_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let big = dir.path().join("big.json");
    std::fs::File::create(&big).unwrap().set_len(100 * 1024 * 1024).unwrap();
    let db = dir.path().join("diary.db");
    let out = assert_cmd::cargo::cargo_bin_cmd!("cramp-diary")
        .env_remove("CRAMP_DIARY_DB")
        .args([std::ffi::OsStr::new("--db"), db.as_os_str(), "import".as_ref(), big.as_os_str()])
        .assert()
        .failure()
        .get_output()
        .stderr
        .clone();
    let said = String::from_utf8(out).unwrap();
    assert!(said.contains("big.json is 100.0 MiB (104857600 bytes), more than the 64 MiB"), "{said}");
    if db.exists() {
        assert_eq!(Store::open(&db).unwrap().counts().unwrap(), Default::default());
    }
}

#[test]
fn a_document_with_a_million_mistakes_lists_the_first_thousand_and_counts_the_rest() {
    let nights: Vec<Value> = (0..200_000).map(|_| json!({"date": "2026-02-30", "status": "maybe"})).collect();
    let p = problems(parse(&doc(json!({ "nights": nights })), today()));
    assert_eq!(p.listed.len(), MAX_ERRORS);
    assert_eq!(p.total(), 400_000);
    assert_eq!(p.listed[0].field, "nights[0].date");
    assert_eq!(p.listed[999].field, "nights[499].status");
    let msg = Error::Invalid(p).to_string();
    assert!(msg.starts_with("400000 problems, nothing was saved:"), "{}", &msg[..80]);
    assert!(msg.ends_with("… and 399950 more"), "{msg}");
    assert!(msg.len() < 10_000, "{} bytes", msg.len());
}

#[test]
fn a_typo_year_is_refused_with_the_field_named() {
    let text = doc(json!({
        "nights": [{"date": "0202-05-01", "status": "none"}, {"date": "2026-05-01", "status": "none"}],
        "days": [{"date": "1899-12-31"}],
        "medications": [{"name": "Lasix", "started": "0026-03-01", "stopped": "0026-03-02"}],
        "conditions": [{"name": "Diabetes", "since": "0001-01-01"}]
    }));
    let got = rules(parse(&text, today()));
    let floor = "must not be before 1900-01-01".to_string();
    assert_eq!(
        got,
        [
            ("conditions[0].since".into(), floor.clone()),
            ("medications[0].started".into(), floor.clone()),
            ("medications[0].stopped".into(), floor.clone()),
            ("nights[0].date".into(), floor.clone()),
            ("days[0].date".into(), floor),
        ]
    );
}

#[test]
fn a_missing_date_is_reported_once() {
    let text = doc(json!({
        "profile": {"birth_year": 1950},
        "nights": [{"status": "none"}, {"date": "2026-02-30", "status": "none"}],
        "medications": [{"name": "Lasix", "stopped": "1949-01-01"}]
    }));
    let got = rules(parse(&text, today()));
    assert_eq!(
        got.iter().map(|(f, _)| f.as_str()).collect::<Vec<_>>(),
        ["medications[0].started", "nights[0].date", "nights[1].date"],
        "{got:?}"
    );
}

#[test]
fn nights_before_the_year_of_birth_are_refused_in_a_document_and_a_diary() {
    let text = doc(json!({
        "profile": {"birth_year": 1960},
        "nights": [{"date": "1959-12-31", "status": "none"}, {"date": "1960-01-01", "status": "none"}],
        "days": [{"date": "1959-12-31"}]
    }));
    assert_eq!(
        rules(parse(&text, today())),
        [("nights[0].date".into(), "must not be before the year of birth (1960)".into())]
    );

    let dir = tempfile::tempdir().unwrap();
    let mut store = open(&dir);
    let mut diary = Diary::default();
    diary.profile.birth_year = Some(1960);
    diary.nights.push(Night::new(d("1959-06-01"), NightStatus::None));
    let e = import_diary(&mut store, &diary, false).unwrap_err();
    assert_eq!(e.to_string(), "nights[0].date: must not be before the year of birth (1960) (got 1959-06-01)");
    assert_eq!(store.counts().unwrap().nights, 0);
}

#[test]
fn timestamps_with_impossible_offsets_or_year_zero_are_refused() {
    let night = |date: &str, at: &str| json!({"date": date, "status": "none", "logged_at": at});
    let text = doc(json!({
        "exported_at": "2026-11-23T07:00:00-14:30",
        "nights": [
            night("2026-11-20", "2026-11-21T07:00:00+14:00"),
            night("2026-11-21", "2026-11-22T07:00:00-14:00"),
            night("2026-11-19", "2026-11-20T07:00:00+15:00"),
            night("2026-11-18", "0000-01-01T00:00:00Z"),
        ]
    }));
    let got = rules(parse(&text, today()));
    assert_eq!(
        got,
        [
            ("exported_at".into(), "must have a time-zone offset from -14:00 to +14:00".into()),
            ("nights[2].logged_at".into(), "must have a time-zone offset from -14:00 to +14:00".into()),
            ("nights[3].logged_at".into(), "must not be before 1900-01-01".into()),
        ]
    );
}

#[test]
fn carriage_returns_become_new_lines_and_control_characters_are_refused() {
    let text = doc(json!({
        "nights": [{"date": "2026-11-20", "status": "none", "notes": "one\r\ntwo\rthree\n\tfour"}],
        "medications": [{"name": "Lasix", "started": "2026-01-01", "dose": "\r\n"}]
    }));
    let diary = parse(&text, today()).unwrap();
    assert_eq!(diary.nights[0].notes, "one\ntwo\nthree\n\tfour");
    assert_eq!(diary.medications[0].dose, "\n");

    let text = doc(json!({
        "nights": [{"date": "2026-11-20", "status": "none", "notes": "evil\u{1b}[2J"}],
        "medications": [{"name": "\u{200B}\u{00AD}", "started": "2026-01-01", "notes": "\u{FFFF}"}],
        "conditions": [{"name": "\u{FEFF}"}],
        "days": [{"date": "2026-11-20", "fluids": [{"kind": "water", "ml": 100, "brand": "a\u{85}"}]}]
    }));
    let got = rules(parse(&text, today()));
    let fields: Vec<&str> = got.iter().map(|(f, _)| f.as_str()).collect();
    assert_eq!(
        fields,
        [
            "conditions[0].name",
            "medications[0].name",
            "medications[0].notes",
            "nights[0].notes",
            "days[0].fluids[0].brand"
        ]
    );
}

#[test]
fn episodes_per_night_and_drinks_per_day_are_capped() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = open(&dir);
    let text = doc(json!({
        "nights": [{"date": "2026-11-20", "status": "cramps", "episodes": vec![json!({}); 51]},
                   {"date": "2026-11-21", "status": "cramps", "episodes": vec![json!({}); 50]}],
        "days": [{"date": "2026-11-20", "fluids": vec![json!({"kind": "water", "ml": 10}); 201]},
                 {"date": "2026-11-21", "fluids": vec![json!({"kind": "water", "ml": 10}); 200]}]
    }));
    let e = import(&mut store, &text, false).unwrap_err();
    assert_eq!(
        e.to_string(),
        "2 problems, nothing was saved:\n  nights[0].episodes: must be at most 50 episodes in one night (got 51 episodes)\n  days[0].fluids: must be at most 200 drinks in one day (got 201 drinks)"
    );
    assert_eq!(store.counts().unwrap().episodes, 0);
}

/// Course `i`; courses `i` and `i + 50,000` are the same. Names repeat with other doses and
/// dates, so de-duplication must compare every field.
fn course(i: usize) -> Medication {
    let k = i % 50_000;
    Medication {
        name: format!("Medicine {}", k % 20_000),
        dose: if k.is_multiple_of(3) { String::new() } else { format!("{} mg", k % 7) },
        started: d("2000-01-01") + Days::new(k as u64 % 9_000),
        stopped: k.is_multiple_of(5).then(|| d("2026-01-01")),
        notes: if k.is_multiple_of(11) { "with food".into() } else { String::new() },
    }
}

fn key(m: &Medication) -> (String, String, NaiveDate, Option<NaiveDate>, String) {
    (m.name.clone(), m.dose.clone(), m.started, m.stopped, m.notes.clone())
}

#[test]
fn a_hundred_thousand_courses_with_duplicates_import_quickly_and_once() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = open(&dir);
    // 50,000 distinct courses, each twice (i and i + 50,000 agree), and 20,000 conditions
    // each five times; the store already holds two of the courses and one condition.
    let first = Diary {
        medications: vec![course(7), course(8)],
        conditions: vec![Condition { name: "Condition 3".into(), since: None }],
        ..Diary::default()
    };
    import_diary(&mut store, &first, false).unwrap();
    let diary = Diary {
        medications: (0..100_000).map(course).collect(),
        conditions: (0..100_000)
            .map(|i| Condition {
                name: format!("Condition {}", i % 20_000),
                since: (i % 2_000 != 0).then(|| d("1990-01-01") + Days::new((i % 10) as u64)),
            })
            .collect(),
        ..Diary::default()
    };
    let distinct_conditions: std::collections::HashSet<(String, Option<NaiveDate>)> =
        diary.conditions.iter().map(|c| (c.name.clone(), c.since)).collect();
    let t = Instant::now();
    import_diary(&mut store, &diary, false).unwrap();
    eprintln!("import of 100,000 courses and 100,000 conditions: {:?}", t.elapsed());
    let c = store.counts().unwrap();
    assert_eq!(c.medications, 50_000);
    assert_eq!(c.conditions as usize, distinct_conditions.len() + 1, "the stored one has no since");
    let stored: Vec<_> = store.courses().unwrap().iter().map(|c| key(&c.medication)).collect();
    let distinct: std::collections::HashSet<_> = stored.iter().cloned().collect();
    assert_eq!(distinct.len(), stored.len(), "no course is stored twice");
    assert_eq!(distinct, diary.medications.iter().map(key).collect(), "every course is stored");

    // A second import of the same document adds nothing.
    import_diary(&mut store, &diary, false).unwrap();
    assert_eq!(store.counts().unwrap(), c);
}
