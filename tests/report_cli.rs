//! `cramp-diary export --format pdf|csv|fhir|json`, run as a real process on a diary made
//! from the sample: each format's file (or folder) is written readable only by the owner,
//! holds what the diary holds for the period, and bad options are refused with nothing
//! written.

mod common;

use assert_cmd::cargo::cargo_bin_cmd;
use common::{mode, pdfinfo, pdftotext};
use cramp_diary::report::{csv, fhir};
use cramp_diary::store::Store;
use predicates::prelude::*;
use serde_json::Value;

/// The locale every command here runs in, and how it writes dates for a person.
const LOCALE: &str = "en_US.UTF-8";

fn style() -> cramp_diary::locale::DateStyle {
    cramp_diary::locale::DateStyle::from_locale_tag(Some(LOCALE))
}

/// `export --format pdf --out OUT` and then `flags`.
fn pdf_export<'a>(out: &'a std::path::Path, flags: &[&'a str]) -> Vec<&'a str> {
    [&["export", "--format", "pdf", "--out", out.to_str().unwrap()][..], flags].concat()
}

#[test]
fn export_pdf_writes_a_private_pdf_with_the_period_and_name() {
    let f = sample();
    let out = f.path("visit.pdf");
    let msg = f.ok(&pdf_export(&out, &["--paper", "letter", "--name", "Ann Example", "--birth-date", "1950-02-03"]));
    assert!(msg.starts_with("Wrote the doctor-visit summary for ") && msg.contains("(letter)"), "{msg}");
    let bytes = std::fs::read(&out).unwrap();
    assert!(bytes.starts_with(b"%PDF-"));
    #[cfg(unix)]
    assert_eq!(mode(&out), 0o600);
    let text = pdftotext(&out, &[]);
    let born = style().date("1950-02-03".parse().unwrap());
    assert!(text.contains("Name: Ann Example") && text.contains(&format!("Date of birth: {born}")), "{text}");
    assert!(text.contains("Patient-recorded diary; not a diagnosis."));
    // The same rate `analyze` prints.
    let analysis = f.ok(&["analyze"]);
    let rate =
        analysis.split("Cramp nights per week: ").nth(1).unwrap().split('.').take(2).collect::<Vec<_>>().join(".");
    assert!(text.contains(&format!("{rate} (")), "rate {rate} not in the PDF");
    let (_, w, h) = pdfinfo(&out);
    assert!((w - 612.0).abs() < 0.5 && (h - 792.0).abs() < 0.5, "{w} x {h}");
}

#[test]
fn export_pdf_for_a_period_shows_that_period() {
    let f = sample();
    let diary = Store::open(&f.db).unwrap().load().unwrap();
    let from = diary.nights[30].date;
    let to = diary.nights[90].date;
    let out = f.path("period.pdf");
    let msg = f.ok(&pdf_export(&out, &["--from", &from.to_string(), "--to", &to.to_string()]));
    assert!(msg.contains(&format!("for {from} to {to}")), "{msg}");
    let text = pdftotext(&out, &[]);
    assert!(text.contains(&format!("Period {}", style().range(from, to))), "{text}");
    assert!(!text.contains("Name:"));
}

#[test]
fn export_csv_writes_five_tables_in_a_folder() {
    let f = sample();
    let out = f.path("tables");
    let msg = f.ok(&["export", "--format", "csv", "--out", out.to_str().unwrap()]);
    assert!(msg.contains("nights.csv (") && msg.contains("medications.csv ("), "{msg}");
    let diary = Store::open(&f.db).unwrap().load().unwrap();
    for name in csv::FILES {
        let p = out.join(name);
        let text = std::fs::read_to_string(&p).unwrap();
        #[cfg(unix)]
        assert_eq!(mode(&p), 0o600, "{name}");
        let rows = csv::parse(&text).unwrap();
        match name {
            "nights.csv" => assert_eq!(rows.len() - 1, diary.nights.len()),
            "medications.csv" => assert_eq!(rows.len() - 1, diary.medications.len()),
            "experiments.csv" => assert_eq!(rows.len() - 1, 0, "the demo diary has no self-experiment"),
            _ => assert!(rows.len() > 1, "{name} empty"),
        }
    }
}

#[test]
fn export_fhir_writes_a_bundle_that_passes_the_required_element_check() {
    let f = sample();
    let out = f.path("bundle.json");
    let msg = f.ok(&["export", "--format", "fhir", "--out", out.to_str().unwrap(), "--birth-date", "1950-02-03"]);
    assert!(msg.starts_with("Wrote a FHIR R4 bundle of "), "{msg}");
    let b: Value = serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap();
    assert!(fhir::check_required(&b).is_empty(), "{:?}", fhir::check_required(&b));
    let patient = &b["entry"][0]["resource"];
    assert_eq!(patient["birthDate"], "1950-02-03");
    assert!(patient.get("name").is_none(), "no name given, none written");
}

#[test]
fn export_json_still_writes_the_interchange_document() {
    let f = sample();
    let out = f.path("all.json");
    f.ok(&["export", "--out", out.to_str().unwrap()]);
    let v: Value = serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap();
    assert!(v["nights"].as_array().is_some_and(|n| !n.is_empty()));
}

#[test]
fn export_refuses_bad_options_and_writes_nothing() {
    let f = sample();
    let out = f.path("x.pdf");
    let o = out.to_str().unwrap();
    let e = f.refused(&["export", "--format", "pdf", "--out", o, "--from", "2026-10-01", "--to", "2026-09-01"]);
    assert!(e.contains("--from"), "{e}");
    let e = f.refused(&["export", "--format", "pdf", "--out", o, "--from", "2026-13-01"]);
    assert!(e.contains("--from") || e.contains("2026-13-01"), "{e}");
    let e = f.refused(&["export", "--format", "pdf", "--out", o, "--paper", "a3"]);
    assert!(e.contains("a3"), "{e}");
    let e = f.refused(&["export", "--format", "pdf", "--out", o, "--name", "  "]);
    assert!(e.contains("--name"), "{e}");
    let e = f.refused(&["export", "--format", "pdf", "--out", o, "--name", "\u{200B}\u{FEFF}"]);
    assert!(e.contains("--name: must be between 1 and 200 characters"), "{e}");
    let e = f.refused(&["export", "--format", "fhir", "--out", o, "--name", "Ada\u{1b}[2J"]);
    assert!(e.contains("--name: must not contain control characters") && e.contains("U+001B at character 4"), "{e}");
    let e = f.refused(&["export", "--format", "json", "--out", o, "--from", "2026-09-01"]);
    assert!(e.contains("pdf, csv or fhir"), "{e}");
    assert!(!out.exists());
    // A diary that does not exist is reported, not created.
    let mut c = cargo_bin_cmd!("cramp-diary");
    c.env_remove("CRAMP_DIARY_DB").args([
        "--db",
        f.path("nope.db").to_str().unwrap(),
        "export",
        "--format",
        "csv",
        "--out",
        o,
    ]);
    c.assert().failure().stderr(predicate::str::contains("no diary"));
    assert!(!f.path("nope.db").exists());
}

/// A diary holding the six-month sample, every run in [`LOCALE`].
fn sample() -> common::Fixture {
    common::Fixture::new().in_locale(LOCALE).with_sample()
}
