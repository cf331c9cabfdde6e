//! Interchange v1: round trips through a real SQLite file, whole-document checking with
//! JSON paths, all-or-nothing writes, merge rules, and the JSON Schema in docs/.

use chrono::{NaiveDate, TimeZone, Utc};
use cramp_diary::interchange::{self, import, import_diary, parse, to_json};
use cramp_diary::store::{Counts, Store};
use cramp_diary::*;
use proptest::prelude::*;
use serde_json::Value;

const TODAY: &str = "2026-11-23";

fn today() -> NaiveDate {
    TODAY.parse().unwrap()
}

fn open(dir: &tempfile::TempDir) -> Store {
    Store::open(dir.path().join("diary.db")).unwrap().with_today(today())
}

fn spec_example() -> String {
    let spec = include_str!("../docs/interchange-v1.md");
    let start = spec.find("```json\n").unwrap() + 8;
    let end = start + spec[start..].find("```").unwrap();
    spec[start..end].to_string()
}

fn without_exported_at(text: &str) -> Value {
    let mut v: Value = serde_json::from_str(text).unwrap();
    v.as_object_mut().unwrap().remove("exported_at");
    v
}

fn schema() -> jsonschema::Validator {
    let schema: Value = serde_json::from_str(include_str!("../docs/interchange-v1.schema.json")).unwrap();
    jsonschema::options().should_validate_formats(true).build(&schema).unwrap()
}

fn field_paths(err: Error) -> Vec<String> {
    match err {
        Error::Invalid(fields) => fields.into_iter().map(|f| f.field).collect(),
        other => panic!("expected invalid, got {other:?}"),
    }
}

#[test]
fn spec_example_imports_and_round_trips() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = open(&dir);
    let example = spec_example();
    assert!(schema().is_valid(&serde_json::from_str(&example).unwrap()));
    let summary = import(&mut store, &example, false).unwrap();
    assert_eq!((summary.nights, summary.episodes, summary.days, summary.medications), (2, 1, 1, 1));

    let first = interchange::export(&store).unwrap();
    assert!(schema().is_valid(&serde_json::from_str(&first).unwrap()), "export does not match the schema");
    let dir2 = tempfile::tempdir().unwrap();
    let mut empty = open(&dir2);
    import(&mut empty, &first, false).unwrap();
    let second = interchange::export(&empty).unwrap();
    assert_eq!(without_exported_at(&first), without_exported_at(&second));

    // The example's own content survives: the same values, in the spec's field names.
    let doc = without_exported_at(&first);
    let mut ex = without_exported_at(&example);
    // Empty notes are left out on export; the example spells one out.
    ex["nights"][0].as_object_mut().unwrap().remove("notes");
    assert_eq!(doc["nights"], ex["nights"]);
    assert_eq!(doc["days"], ex["days"]);
    assert_eq!(doc["medications"], ex["medications"]);
    assert_eq!(doc["profile"], ex["profile"]);
    assert_eq!(doc["conditions"], ex["conditions"]);
}

#[test]
fn every_problem_is_listed_with_its_path_and_nothing_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = open(&dir);
    let doc = r#"{
      "format": "cramp-diary", "version": 1,
      "profile": { "birth_year": 1850, "volume_unit": "cups" },
      "medications": [ { "name": "", "started": "2026-02-30" }, { "name": "Lasix", "started": "2026-03-01", "stopped": "2026-02-01" } ],
      "nights": [
        { "date": "2026-03-05", "status": "none" },
        { "date": "2026-03-06", "status": "cramps", "episodes": [
            { "time": "25:00", "duration_min": 0, "intensity": 11, "side": "middle", "muscle": "calf", "relieved_by": ["prayer"] },
            { "duration_min": 3 } ] },
        { "date": "2026-03-05", "status": "none" },
        { "date": "2026-03-07", "status": "maybe", "sleep_disturbance": "high" },
        { "date": "2027-01-01", "status": "none", "episodes": [ {} ] }
      ],
      "days": [ { "date": "2026-03-05", "fluids": [ { "kind": "juice", "ml": 200 }, { "kind": "water", "ml": 20000 } ],
                  "exertion": -1, "symptoms": [ { "kind": "headache" } ] }, "not a day" ]
    }"#;
    let got = field_paths(import(&mut store, doc, false).unwrap_err());
    let want = [
        "profile.volume_unit",
        "medications[0].name",
        "medications[0].started",
        "nights[1].episodes[0].time",
        "nights[1].episodes[0].duration_min",
        "nights[1].episodes[0].intensity",
        "nights[1].episodes[0].side",
        "nights[1].episodes[0].relieved_by[0]",
        "nights[3].status",
        "nights[3].sleep_disturbance",
        "days[0].fluids[0].kind",
        "days[0].fluids[1].ml",
        "days[0].exertion",
        "days[0].symptoms[0].kind",
        "days[1]",
        "profile.birth_year",
        "medications[1].stopped",
        "nights[2].date",
        "nights[4].date",
        "nights[4].episodes",
    ];
    let mut got_sorted = got.clone();
    got_sorted.sort();
    let mut want_sorted: Vec<String> = want.iter().map(|s| s.to_string()).collect();
    want_sorted.sort();
    assert_eq!(got_sorted, want_sorted, "exactly these problems, no more and no fewer");
    assert_eq!(store.counts().unwrap(), Counts::default());
}

#[test]
fn error_messages_name_value_and_rule() {
    let doc = r#"{"format":"cramp-diary","version":1,"nights":[{"date":"2026-03-06","status":"cramps",
        "episodes":[{"intensity":12}]}]}"#;
    let msg = parse(doc, today()).unwrap_err().to_string();
    assert_eq!(msg, "nights[0].episodes[0].intensity: must be a whole number from 0 to 10 (got 12)");
}

#[test]
fn not_json_and_newer_versions_are_refused_plainly() {
    assert_eq!(parse("{ nope", today()).unwrap_err().kind(), "format");
    let err = parse(r#"{"format":"cramp-diary","version":2}"#, today()).unwrap_err();
    assert!(err.to_string().contains("newer"), "{err}");
    let err = parse(r#"{"format":"something-else","version":1}"#, today()).unwrap_err();
    assert_eq!(field_paths(err), ["format"]);
    assert_eq!(field_paths(parse("[1,2]", today()).unwrap_err()), ["(document)"]);
}

#[test]
fn one_bad_night_among_many_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = open(&dir);
    let mut diary = Diary::default();
    let start: NaiveDate = "2025-01-01".parse().unwrap();
    for i in 0..500 {
        let mut n = Night::new(start + chrono::Days::new(i), NightStatus::Cramps);
        n.episodes.push(Episode { intensity: Some(if i == 377 { 42 } else { 5 }), ..Default::default() });
        diary.nights.push(n);
    }
    let err = import_diary(&mut store, &diary, false).unwrap_err();
    assert_eq!(field_paths(err), ["nights[377].episodes[0].intensity"]);
    assert_eq!(store.counts().unwrap(), Counts::default());
}

#[test]
fn existing_dates_need_replace_and_nothing_is_lost_silently() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = open(&dir);
    import(&mut store, &spec_example(), false).unwrap();
    let before = store.counts().unwrap();

    let err = import(&mut store, &spec_example(), false).unwrap_err();
    assert_eq!(err.kind(), "conflict");
    assert!(err.to_string().contains("night 2026-03-05"), "{err}");
    assert_eq!(store.counts().unwrap(), before);

    let changed = spec_example().replace("\"sleep_disturbance\": 6", "\"sleep_disturbance\": 2");
    import(&mut store, &changed, true).unwrap();
    assert_eq!(store.counts().unwrap(), before, "identical courses and conditions are not duplicated");
    let night = store.night("2026-03-05".parse().unwrap()).unwrap().unwrap();
    assert_eq!(night.sleep_disturbance, Some(2));
}

#[test]
fn export_is_private_text_store_is_verbatim() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = open(&dir);
    let mut n = Night::new("2026-03-05".parse().unwrap(), NightStatus::None);
    n.notes = "\"quoted\" — naïve café, 日本語, 🦵\nsecond line\t".into();
    store.save_night(&n).unwrap();
    let text = interchange::export(&store).unwrap();
    let back = parse(&text, today()).unwrap();
    assert_eq!(back.nights[0].notes, n.notes);
}

// ----- property test: any valid diary survives export → import → export ------------------

fn date_in(days: std::ops::Range<u64>) -> impl Strategy<Value = NaiveDate> {
    let base: NaiveDate = "2016-01-01".parse().unwrap();
    days.prop_map(move |d| base + chrono::Days::new(d))
}

fn pick<T: Copy + std::fmt::Debug + 'static>(all: &'static [T]) -> impl Strategy<Value = T> {
    proptest::sample::select(all)
}

fn text() -> impl Strategy<Value = String> {
    prop_oneof![Just(String::new()), "[ -~]{0,12}", "\\PC{0,8}", Just("\"quotes\" and \\ back\nslash 🦵".to_string())]
}

fn episode() -> impl Strategy<Value = Episode> {
    (
        proptest::option::of((0u8..24, 0u8..60).prop_map(|(h, m)| ClockTime::new(h, m).unwrap())),
        proptest::option::of(prop_oneof![(1u32..1440).prop_map(f64::from), 0.1f64..1440.0]),
        proptest::option::of(0u8..=10),
        proptest::option::of(pick(Side::ALL)),
        proptest::option::of(pick(Muscle::ALL)),
        proptest::sample::subsequence(Relief::ALL, 0..4),
        any::<bool>(),
    )
        .prop_map(|(time, duration_min, intensity, side, muscle, relieved_by, soreness_after)| Episode {
            time,
            duration_min,
            intensity,
            side,
            muscle,
            relieved_by,
            soreness_after,
        })
}

fn night(date: NaiveDate) -> impl Strategy<Value = Night> {
    (
        pick(NightStatus::ALL),
        proptest::option::of(0u8..=10),
        proptest::option::of((0i64..2_000_000_000, -12i32..14)),
        text(),
        proptest::collection::vec(episode(), 0..4),
    )
        .prop_map(move |(status, sleep_disturbance, at, notes, episodes)| Night {
            date,
            status,
            sleep_disturbance,
            logged_at: at.map(|(secs, h)| {
                let off = chrono::FixedOffset::east_opt(h * 3600).unwrap();
                Utc.timestamp_opt(secs, 0).unwrap().with_timezone(&off)
            }),
            notes,
            episodes: if status == NightStatus::Cramps { episodes } else { Vec::new() },
        })
}

fn day(date: NaiveDate) -> impl Strategy<Value = Day> {
    let fluid = (
        pick(FluidKind::ALL),
        prop_oneof![(1u32..=10_000).prop_map(f64::from), 0.5f64..10_000.0],
        proptest::option::of(text()),
    )
        .prop_map(|(kind, ml, brand)| Fluid { kind, ml, brand });
    (
        proptest::collection::vec(fluid, 0..5),
        proptest::option::of(0u8..=10),
        proptest::option::of(0u32..=1440),
        proptest::option::of(any::<bool>()),
        proptest::sample::subsequence(SymptomKind::ALL, 0..3),
        proptest::option::of(pick(Side::ALL)),
    )
        .prop_map(move |(fluids, exertion, exercise_min, stretched_before_bed, kinds, side)| Day {
            date,
            fluids,
            exertion,
            exercise_min,
            stretched_before_bed,
            symptoms: kinds.into_iter().map(|kind| Symptom { kind, side }).collect(),
        })
}

fn diary() -> impl Strategy<Value = Diary> {
    let night_dates = proptest::collection::btree_set(date_in(0..3800), 0..25);
    let day_dates = proptest::collection::btree_set(date_in(0..3800), 0..25);
    let nights = night_dates.prop_flat_map(|ds| ds.into_iter().map(night).collect::<Vec<_>>());
    let days = day_dates.prop_flat_map(|ds| ds.into_iter().map(day).collect::<Vec<_>>());
    let medication =
        ("[A-Za-z][a-z]{2,10}( [0-9]{1,3} mg)?", text(), date_in(0..3800), proptest::option::of(0u64..400), text())
            .prop_map(|(name, dose, started, len, notes)| Medication {
                name,
                dose,
                started,
                stopped: len.map(|l| started + chrono::Days::new(l)),
                notes,
            });
    let condition = ("[a-z]{3,8}( [a-z]{2,8})?", proptest::option::of(date_in(0..3800)))
        .prop_map(|(name, since)| Condition { name, since });
    // Born by 2016, the first year nights may fall in (nights are not before the birth year).
    let profile = (proptest::option::of(1900i32..=2016), pick(VolumeUnit::ALL))
        .prop_map(|(birth_year, volume_unit)| Profile { birth_year, volume_unit });
    (profile, proptest::collection::vec(condition, 0..3), proptest::collection::vec(medication, 0..4), nights, days)
        .prop_map(|(profile, conditions, mut medications, nights, days)| {
            medications.sort_by_key(|m| m.started);
            medications.dedup_by(|a, b| a == b);
            let mut conditions = conditions;
            conditions.dedup();
            Diary { profile, conditions, medications, nights, days, experiments: Vec::new() }
        })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn any_valid_diary_round_trips(d in diary()) {
        let at = Utc.with_ymd_and_hms(2026, 11, 23, 7, 15, 0).unwrap();
        let first = to_json(&d, at);
        prop_assert!(schema().is_valid(&serde_json::from_str(&first).unwrap()));
        let dir = tempfile::tempdir().unwrap();
        let mut store = open(&dir);
        import(&mut store, &first, false).unwrap();
        let loaded = store.load().unwrap();
        prop_assert_eq!(&loaded, &d);
        prop_assert_eq!(to_json(&loaded, at), first);
    }
}
