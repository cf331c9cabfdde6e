//! The FHIR export validated by an independent FHIR R4 (4.0.1) implementation: the
//! `fhir.resources` 6.5 models from PyPI, installed by scripts/setup.sh into a venv.

use std::path::PathBuf;
use std::process::Command;

use chrono::{Days, NaiveDate};
use cramp_diary::demo::sample_diary;
use cramp_diary::report::fhir::bundle;
use cramp_diary::report::{DateRange, PatientInfo};

fn python() -> PathBuf {
    let venv = std::env::var_os("CRAMP_DIARY_FHIR_VENV").map(PathBuf::from).unwrap_or_else(|| {
        PathBuf::from(std::env::var_os("HOME").expect("HOME is set")).join(".cache/cramp-diary/fhir-venv")
    });
    let py = venv.join("bin/python");
    assert!(py.exists(), "no FHIR validator at {}: run scripts/setup.sh (make deps)", py.display());
    py
}

/// Runs the validator on a bundle; returns (valid, what it said).
fn validate(json: &str) -> (bool, String) {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("bundle.json");
    std::fs::write(&file, json).unwrap();
    let out = Command::new(python())
        .arg("-c")
        .arg(
            "import sys\nfrom fhir.resources.bundle import Bundle\n\
             b = Bundle.parse_file(sys.argv[1])\n\
             print(b.type, len(b.entry or []), sorted({e.resource.resource_type for e in b.entry or []}))",
        )
        .arg(&file)
        .output()
        .unwrap();
    let said = String::from_utf8_lossy(&out.stdout).to_string() + &String::from_utf8_lossy(&out.stderr);
    (out.status.success(), said)
}

fn sample_bundle() -> serde_json::Value {
    let today: NaiveDate = "2026-11-23".parse().unwrap();
    let diary = sample_diary(today);
    let range = DateRange { from: Some(today - Days::new(200)), to: Some(today) };
    let patient = PatientInfo { name: Some("Ada Example".into()), birth_date: Some("1948-05-02".parse().unwrap()) };
    let at = chrono::DateTime::parse_from_rfc3339("2026-11-23T07:15:00+01:00").unwrap();
    bundle(&diary, range, &patient, at)
}

#[test]
fn export_is_a_valid_fhir_r4_bundle() {
    let b = sample_bundle();
    let (ok, said) = validate(&b.to_string());
    assert!(ok, "{said}");
    assert!(said.starts_with("collection "), "{said}");
    for kind in ["Condition", "MedicationStatement", "Observation", "Patient"] {
        assert!(said.contains(&format!("'{kind}'")), "{kind} missing: {said}");
    }
}

#[test]
fn the_validator_rejects_broken_bundles() {
    // It checks structure, cardinality, types and formats (not code values; see below).
    type Break = (&'static str, fn(&mut serde_json::Value));
    let breaks: [Break; 4] = [
        ("missing Observation.status", |r| drop(r.as_object_mut().unwrap().remove("status"))),
        ("missing Observation.code", |r| drop(r.as_object_mut().unwrap().remove("code"))),
        ("an unknown element", |r| r["colour"] = "blue".into()),
        ("an impossible date", |r| r["effectiveDateTime"] = "2026-02-30".into()),
    ];
    for (what, change) in breaks {
        let mut b = sample_bundle();
        let obs =
            b["entry"].as_array_mut().unwrap().iter_mut().find(|e| e["resource"]["resourceType"] == "Observation");
        change(&mut obs.unwrap()["resource"]);
        let (ok, said) = validate(&b.to_string());
        assert!(!ok, "{what} passed: {said}");
    }
}

#[test]
fn required_status_codes_come_from_their_value_sets() {
    // Required bindings in R4 that the validator above does not check.
    let b = sample_bundle();
    for e in b["entry"].as_array().unwrap() {
        let r = &e["resource"];
        let ok = match r["resourceType"].as_str().unwrap() {
            "Observation" => ["registered", "preliminary", "final", "amended"].contains(&r["status"].as_str().unwrap()),
            "MedicationStatement" => {
                ["active", "completed", "entered-in-error", "intended", "stopped", "on-hold", "unknown", "not-taken"]
                    .contains(&r["status"].as_str().unwrap())
            }
            "Condition" => {
                r["clinicalStatus"]["coding"][0]["system"] == "http://terminology.hl7.org/CodeSystem/condition-clinical"
            }
            _ => true,
        };
        assert!(ok, "{r}");
    }
    assert_eq!(b["type"], "collection");
}

mod at_the_limits {
    //! Diaries at the edges of what validation allows (odd text, the earliest and latest
    //! dates, offsets of ±14:00, full nights and days) still give valid FHIR.

    use chrono::{DateTime, Days, FixedOffset, NaiveDate, NaiveTime};
    use cramp_diary::report::fhir::bundle;
    use cramp_diary::report::{DateRange, PatientInfo};
    use cramp_diary::store::check_diary;
    use cramp_diary::validate::{MAX_EPISODES, MAX_FLUIDS, MAX_TEXT_BYTES};
    use cramp_diary::*;
    use proptest::prelude::*;
    use proptest::strategy::ValueTree;
    use proptest::test_runner::{Config, TestRunner};

    fn today() -> NaiveDate {
        "2026-11-23".parse().unwrap()
    }

    fn text() -> impl Strategy<Value = String> {
        prop_oneof![
            Just(String::new()),
            Just("\u{202E}gnp.exe\u{202C} and after \u{2067}x".to_string()),
            Just("furo\u{200B}semide ＦＵＲＯＳＥＭＩＤＥ \u{FEFF}\u{00AD}".to_string()),
            Just(" \t leading and trailing \n\n".to_string()),
            Just("=HYPERLINK(\"http://x\") ＝1 <b>&amp;</b> \"quoted\" \\ back".to_string()),
            Just("x".repeat(MAX_TEXT_BYTES)),
            Just("é".repeat(MAX_TEXT_BYTES / 2)),
            Just("\u{1F600}\u{FFFD}\u{FDCF}\u{10FFFD}\u{E000}".to_string()),
            Just(" \u{00A0}\u{3000}\u{2028}\u{2029} ".to_string()),
            "\\PC{0,40}",
        ]
    }

    fn name() -> impl Strategy<Value = String> {
        (text(), "[A-Za-zＡ-Ｚ一-龥]{1,3}").prop_map(|(t, v)| {
            let mut t: String = t.chars().take(100).collect();
            t.push_str(&v);
            t
        })
    }

    fn date(born: NaiveDate) -> impl Strategy<Value = NaiveDate> {
        let span = (today() + Days::new(1) - born).num_days() as u64;
        prop_oneof![
            Just(born),
            Just(today() + Days::new(1)),
            Just(born.max("2024-02-29".parse().unwrap())),
            (0..=span).prop_map(move |d| born + Days::new(d)),
        ]
    }

    fn offset() -> impl Strategy<Value = FixedOffset> {
        prop_oneof![Just(14 * 3600), Just(-14 * 3600), Just(0), Just(5 * 3600 + 45 * 60), -14 * 3600..=14 * 3600i32]
            .prop_map(|s| FixedOffset::east_opt(s).unwrap())
    }

    fn logged_at(date: NaiveDate) -> impl Strategy<Value = Option<DateTime<FixedOffset>>> {
        let leap = NaiveTime::from_hms_nano_opt(23, 59, 59, 1_500_000_000).unwrap();
        (0..4u8, offset(), 0..86_400u32).prop_map(move |(kind, off, secs)| {
            let time = match kind {
                0 => return None,
                1 => leap,
                _ => NaiveTime::from_num_seconds_from_midnight_opt(secs, kind as u32 * 1000).unwrap(),
            };
            date.and_time(time).and_local_timezone(off).single()
        })
    }

    fn episode() -> impl Strategy<Value = Episode> {
        (
            proptest::option::of((0..24u8, 0..60u8)),
            proptest::option::of(prop_oneof![Just(1440.0), Just(0.001), 0.01..1440.0f64]),
            proptest::option::of(0..=10u8),
            proptest::option::of(prop::sample::select(vec!["left", "right", "both"])),
            proptest::option::of(prop::sample::select(vec!["calf", "foot", "thigh", "hamstring", "shin", "other"])),
            prop::sample::subsequence(vec!["stretching", "walking", "massage", "heat", "cold", "medication"], 0..4),
            any::<bool>(),
        )
            .prop_map(|(time, duration_min, intensity, side, muscle, relieved, soreness_after)| Episode {
                time: time.map(|(h, m)| format!("{h:02}:{m:02}").parse().unwrap()),
                duration_min,
                intensity,
                side: side.map(|s| s.parse().unwrap()),
                muscle: muscle.map(|s| s.parse().unwrap()),
                relieved_by: relieved.into_iter().map(|r| r.parse().unwrap()).collect(),
                soreness_after,
            })
    }

    fn night(born: NaiveDate) -> impl Strategy<Value = Night> {
        date(born).prop_flat_map(|d| {
            (
                prop::sample::select(vec![NightStatus::Cramps, NightStatus::None, NightStatus::Unknown]),
                proptest::option::of(0..=10u8),
                logged_at(d + Days::new(1)),
                text(),
                prop_oneof![
                    3 => prop::collection::vec(episode(), 0..4),
                    1 => prop::collection::vec(episode(), MAX_EPISODES..=MAX_EPISODES),
                ],
            )
                .prop_map(move |(status, sleep_disturbance, logged_at, notes, episodes)| Night {
                    date: d,
                    episodes: if status == NightStatus::Cramps { episodes } else { Vec::new() },
                    status,
                    sleep_disturbance,
                    logged_at,
                    notes,
                })
        })
    }

    fn day(born: NaiveDate) -> impl Strategy<Value = Day> {
        let fluid = (
            prop::sample::select(vec!["water", "electrolyte", "coffee_tea", "alcohol", "other"]),
            prop_oneof![Just(10_000.0), Just(0.001), 0.01..10_000.0f64],
            proptest::option::of(text()),
        )
            .prop_map(|(k, ml, brand)| Fluid { kind: k.parse().unwrap(), ml, brand })
            .boxed();
        (date(born), prop_oneof![3 => prop::collection::vec(fluid.clone(), 0..4), 1 => prop::collection::vec(fluid, MAX_FLUIDS..=MAX_FLUIDS)])
            .prop_map(|(date, fluids)| Day { fluids, ..Day::empty(date) })
    }

    fn diary() -> impl Strategy<Value = (Diary, PatientInfo)> {
        proptest::option::of(1900..=2026i32).prop_flat_map(|birth_year| {
            let born = NaiveDate::from_ymd_opt(birth_year.unwrap_or(1900), 1, 1).unwrap();
            let floor: NaiveDate = "1900-01-01".parse().unwrap();
            let course = (name(), text(), text(), date(floor), proptest::option::of(0..40_000u64)).prop_map(
                |(name, dose, notes, started, days)| Medication {
                    name,
                    dose,
                    started,
                    stopped: days.map(|d| started + Days::new(d)),
                    notes,
                },
            );
            let condition =
                (name(), proptest::option::of(date(floor))).prop_map(|(name, since)| Condition { name, since });
            (
                prop::collection::vec(night(born), 0..6),
                prop::collection::vec(day(born), 0..4),
                prop::collection::vec(course, 0..4),
                prop::collection::vec(condition, 0..3),
                proptest::option::of(name()),
            )
                .prop_map(move |(mut nights, mut days, medications, conditions, patient)| {
                    nights.sort_by_key(|n| n.date);
                    nights.dedup_by_key(|n| n.date);
                    days.sort_by_key(|d| d.date);
                    days.dedup_by_key(|d| d.date);
                    let diary = Diary {
                        profile: Profile { birth_year, ..Profile::default() },
                        conditions,
                        medications,
                        nights,
                        days,
                        experiments: Vec::new(),
                    };
                    (diary, PatientInfo { name: patient, birth_date: Some(born) })
                })
        })
    }

    /// Validates every bundle named on the command line in one run; prints the failures.
    const VALIDATE_ALL: &str = "\
import sys
from fhir.resources.bundle import Bundle
bad = 0
for i, f in enumerate(sys.argv[1:]):
    try:
        Bundle.parse_file(f)
    except Exception as e:
        bad += 1
        print(i, e)
sys.exit(1 if bad else 0)
";

    #[test]
    fn fhir_output_at_the_validation_limits_is_valid() {
        // A fixed seed: the same 64 diaries on every run.
        let rng = proptest::test_runner::TestRng::deterministic_rng(proptest::test_runner::RngAlgorithm::ChaCha);
        let mut runner = TestRunner::new_with_rng(Config { cases: 64, ..Config::default() }, rng);
        let at = DateTime::parse_from_rfc3339("2026-11-23T23:59:59-14:00").unwrap();
        let dir = tempfile::tempdir().unwrap();
        let mut files = Vec::new();
        let mut diaries = Vec::new();
        for i in 0..64 {
            let (diary, patient) = diary().new_tree(&mut runner).unwrap().current();
            check_diary(today(), &diary).unwrap_or_else(|e| panic!("case {i} is not a valid diary: {e}"));
            let b = bundle(&diary, DateRange::default(), &patient, at);
            let file = dir.path().join(format!("{i}.json"));
            std::fs::write(&file, b.to_string()).unwrap();
            files.push(file);
            diaries.push(diary);
        }
        let out =
            std::process::Command::new(super::python()).arg("-c").arg(VALIDATE_ALL).args(&files).output().unwrap();
        let said = String::from_utf8_lossy(&out.stdout).to_string() + &String::from_utf8_lossy(&out.stderr);
        if !out.status.success() {
            let first: usize = said.split_whitespace().next().and_then(|w| w.parse().ok()).unwrap_or(0);
            panic!("{said}\nfirst failing diary: {:?}", diaries.get(first));
        }
        let nights: usize = diaries.iter().map(|d| d.nights.len()).sum();
        assert!(nights > 64, "the cases hold nights ({nights})");
    }
}
