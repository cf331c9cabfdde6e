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
