//! Doctor-visit exports, checked the way a reader would: the PDF through poppler's
//! `pdftotext` / `pdfinfo` (key numbers as `analyze` reports them, the medication and its
//! class, page counts, every word inside the page on three years of nightly data), the
//! CSVs parsed back into the diary's own values, and the FHIR bundle against the required
//! elements of each resource.
//!
//! Set `REPORT_OUT=/some/dir` to keep the PDFs for looking at (`pdftoppm -png`).

mod common;

use common::{d, pdfinfo, pdftotext};
use cramp_diary::locale::DateStyle;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use cramp_diary::analysis::{analyze_with, AnalysisOptions};
use cramp_diary::demo::{long_diary, sample_diary};
use cramp_diary::report::{self, csv, fhir, pdf, DateRange, Paper, PatientInfo};
use cramp_diary::{Diary, NightStatus};

const TODAY: &str = "2026-11-23";

fn write_tmp(name: &str, bytes: &[u8]) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(name);
    std::fs::write(&path, bytes).unwrap();
    if let Ok(out) = std::env::var("REPORT_OUT") {
        std::fs::create_dir_all(&out).unwrap();
        std::fs::write(Path::new(&out).join(name), bytes).unwrap();
    }
    (dir, path)
}

/// Normalises whitespace so phrases wrapped or spaced by pdftotext still match.
fn squash(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn pdf_opts(paper: Paper, name: Option<&str>) -> pdf::PdfOptions {
    pdf::PdfOptions {
        paper,
        patient: PatientInfo { name: name.map(String::from), birth_date: name.map(|_| d("1949-04-02")) },
        generated: Some(d(TODAY)),
        style: cramp_diary::locale::DateStyle::DEFAULT,
    }
}

#[test]
fn pdf_page_one_has_the_numbers_analyze_reports_and_the_medication_class() {
    let today = d(TODAY);
    let diary = sample_diary(today);
    let range = AnalysisOptions::default();
    let a = analyze_with(&diary, today, &range);
    let bytes = pdf::render(&diary, today, &range, &pdf_opts(Paper::A4, Some("Margaret O'Brien"))).unwrap();
    let (_dir, path) = write_tmp("sample-a4.pdf", &bytes);
    let (pages, w, h) = pdfinfo(&path);
    assert!((w - 595.28).abs() < 0.5 && (h - 841.89).abs() < 0.5, "A4 page size, got {w} x {h}");
    assert!((3..=20).contains(&pages), "{pages} pages");

    let page1 = squash(&pdftotext(&path, &["-f", "1", "-l", "1", "-layout"]));
    let rate = format!("{:.1}", a.summary.cramp_nights_per_week.unwrap());
    assert!(
        page1.contains(&format!("Cramp nights per week {rate} ({} cramp nights", a.nights.cramp)),
        "rate {rate} missing:\n{page1}"
    );
    // The same figure the CLI's `analyze` prints.
    let cli_text = cramp_diary::analysis::render_text(&a);
    assert!(cli_text.contains(&format!("Cramp nights per week: {rate}.")));
    // The body writes dates as the locale does (here the default style); the appendix is ISO.
    assert!(page1.contains(&DateStyle::DEFAULT.range(a.period.from, a.period.to)), "{page1}");
    assert!(page1.contains(&format!("{} of {} nights logged", a.nights.logged, a.nights.calendar)));
    assert!(page1.contains("Name: Margaret O'Brien") && page1.contains("Date of birth: 2 April 1949"));
    // The sample's thiazide, with its documented-cause class, and its finding's numbers.
    let med = diary
        .medications
        .iter()
        .find(|m| {
            !report::class_names(&m.name).is_empty()
                && a.findings.iter().any(|f| f.subject == m.name && f.rate_ratio.is_some())
        })
        .expect("a medicine with a class and a finding");
    assert!(page1.contains(&med.name), "{} missing", med.name);
    for class in report::class_names(&med.name) {
        assert!(page1.contains(class), "class {class} missing");
    }
    assert!(page1.contains(&DateStyle::DEFAULT.short_year(med.started)));
    let finding =
        a.findings.iter().find(|f| f.subject == med.name && f.rate_ratio.is_some()).expect("a medication finding");
    let rr = finding.rate_ratio.unwrap();
    let rr_text = if rr >= 10.0 { format!("{rr:.0}") } else { format!("{rr:.2}") };
    assert!(page1.contains(&rr_text), "rate ratio {rr_text} missing:\n{page1}");
    let before = finding.before.as_ref().unwrap();
    assert!(page1.contains(&format!("{} of {} nights", before.cramp_nights, before.logged_nights)));
    // Red flags are on page 1 when there are any.
    if a.findings.iter().any(|f| f.kind == cramp_diary::analysis::FindingKind::RedFlag) {
        assert!(page1.contains("Warning signs noted in the diary"));
    }
    // Header and footer on every page.
    for p in 1..=pages {
        let t = squash(&pdftotext(&path, &["-f", &p.to_string(), "-l", &p.to_string()]));
        assert!(t.contains(&format!("Page {p} of {pages}")), "page {p} footer");
        assert!(t.contains("Patient-recorded diary; not a diagnosis."), "page {p} disclaimer");
        assert!(
            t.contains(&format!("Period {}", DateStyle::DEFAULT.range(a.period.from, a.period.to))),
            "page {p} header"
        );
    }
    // Plain words: never a diagnosis, never "stop your medicine".
    let all = squash(&pdftotext(&path, &[])).to_lowercase();
    assert!(!all.contains("stop your medic") && !all.contains("stop taking"), "must never tell to stop a medicine");
    assert!(!all.contains("you have ") || !all.contains("diagnosed"), "no diagnosis");
}

#[test]
fn pdf_without_a_name_says_nothing_about_the_person() {
    let today = d(TODAY);
    let diary = sample_diary(today);
    let laid =
        pdf::lay_out(&diary, &analyze_with(&diary, today, &AnalysisOptions::default()), &pdf_opts(Paper::Letter, None))
            .unwrap();
    let p1 = laid.page_text(0);
    assert!(!p1.contains("Name:") && !p1.contains("Date of birth"));
    assert_eq!(laid.page_size, (612.0, 792.0));
    assert!(laid.out_of_bounds().is_empty(), "{:?}", laid.out_of_bounds());
    assert_eq!(laid.charts_on_page(0), 2, "weekly chart and medicines timeline on page 1");
}

/// Three years of nightly data: the layout engine's own bounds, then poppler's word boxes.
#[test]
fn three_years_paginate_with_every_word_inside_the_page() {
    let last = d("2026-11-22");
    let diary = long_diary(last, 3, 7);
    let today = d(TODAY);
    let a = analyze_with(&diary, today, &AnalysisOptions::default());
    for paper in [Paper::A4, Paper::Letter] {
        let laid = pdf::lay_out(
            &diary,
            &a,
            &pdf_opts(paper, Some("A very long name that goes on and on, Jr., of Somewhere Rather Far Away")),
        )
        .unwrap();
        let problems = laid.out_of_bounds();
        assert!(
            problems.is_empty(),
            "{paper}: {} marks outside the margins, first {:?}",
            problems.len(),
            &problems[..problems.len().min(5)]
        );
        assert!(laid.pages.len() > 20, "{} pages for three years", laid.pages.len());
        assert_eq!(laid.charts_on_page(0), 2, "{paper}: both charts on page 1");
    }
    let bytes = pdf::render_with(&diary, &a, &pdf_opts(Paper::Letter, None)).unwrap();
    let (_dir, path) = write_tmp("three-years-letter.pdf", &bytes);
    let (pages, w, h) = pdfinfo(&path);
    assert!((w - 612.0).abs() < 0.5 && (h - 792.0).abs() < 0.5);
    let bbox = pdftotext(&path, &["-bbox"]);
    let mut words = 0;
    for line in bbox.lines().filter(|l| l.trim_start().starts_with("<word ")) {
        let attr = |k: &str| -> f32 {
            let at = line.find(&format!("{k}=\"")).unwrap() + k.len() + 2;
            line[at..].split('"').next().unwrap().parse().unwrap()
        };
        let (x0, y0, x1, y1) = (attr("xMin"), attr("yMin"), attr("xMax"), attr("yMax"));
        assert!(x0 >= 36.0 && y0 >= 36.0 && x1 <= w - 36.0 && y1 <= h - 36.0, "word off the page margins: {line}");
        words += 1;
    }
    assert!(words > 10_000, "{words} words");
    // Every logged night is in the appendix.
    let text = pdftotext(&path, &[]);
    let logged = diary.nights.iter().filter(|n| n.date >= a.period.from && n.date <= a.period.to).count();
    let listed = diary.nights.iter().filter(|n| text.contains(&n.date.to_string())).count();
    assert_eq!(listed, logged);
    assert!(text.contains(&format!("Page {pages} of {pages}")));
}

#[test]
fn csv_tables_parse_back_to_the_diary() {
    let today = d(TODAY);
    let mut diary = sample_diary(today);
    // Awkward text: commas, quotes, line breaks, non-ASCII.
    let i = diary.nights.iter().position(|n| n.status == NightStatus::Cramps).unwrap();
    diary.nights[i].notes = "woke at 3, \"bad\" one\nright calf – stretched".into();
    // Text a spreadsheet would run as a formula.
    let j = diary.nights.iter().rposition(|n| n.status == NightStatus::None).unwrap();
    diary.nights[j].notes = "=HYPERLINK(\"http://example.com\",\"x\")".into();
    diary.medications[0].dose = "-1 tablet".into();
    let tables = csv::tables(&diary, DateRange::default());
    assert_eq!(tables.iter().map(|t| t.0).collect::<Vec<_>>(), csv::FILES);
    for (name, text) in &tables {
        // CRLF everywhere, no bare LF outside quoted fields.
        assert!(text.ends_with("\r\n"), "{name}");
        let parsed = csv::parse(text).unwrap();
        let width = parsed[0].len();
        assert!(parsed.iter().all(|r| r.len() == width), "{name}: ragged rows");
        // And an independent RFC 4180 reader agrees.
        let mut rdr = ::csv::ReaderBuilder::new().has_headers(false).from_reader(text.as_bytes());
        let other: Vec<Vec<String>> = rdr.records().map(|r| r.unwrap().iter().map(String::from).collect()).collect();
        assert_eq!(parsed, other, "{name}");
    }
    let get = |name: &str| csv::parse(&tables.iter().find(|t| t.0 == name).unwrap().1).unwrap();

    let nights = get("nights.csv");
    assert_eq!(nights[0], csv::NIGHTS_HEADER);
    assert_eq!(nights.len() - 1, diary.nights.len());
    for (row, n) in nights[1..].iter().zip(&diary.nights) {
        assert_eq!(row[0].parse::<NaiveDate>().unwrap(), n.date);
        assert_eq!(row[1].parse::<NightStatus>().unwrap(), n.status);
        assert_eq!(row[2].parse::<u8>().ok(), n.sleep_disturbance);
        assert_eq!(row[3].parse::<usize>().unwrap(), n.episodes.len());
        assert_eq!(row[5], csv::text(&n.notes));
        assert!(!row[5].starts_with('='), "no cell starts a formula: {}", row[5]);
    }
    assert_eq!(get("nights.csv")[j + 1][5], "'=HYPERLINK(\"http://example.com\",\"x\")");
    assert_eq!(get("medications.csv")[1][1], "'-1 tablet");
    let episodes = get("episodes.csv");
    let all_eps: Vec<_> = diary.nights.iter().flat_map(|n| n.episodes.iter().map(move |e| (n.date, e))).collect();
    assert_eq!(episodes.len() - 1, all_eps.len());
    for (row, (date, e)) in episodes[1..].iter().zip(&all_eps) {
        assert_eq!(row[0].parse::<NaiveDate>().unwrap(), *date);
        assert_eq!(row[2], e.time.map(|t| t.to_string()).unwrap_or_default());
        assert_eq!(row[3].parse::<f64>().ok(), e.duration_min);
        assert_eq!(row[4].parse::<u8>().ok(), e.intensity);
        assert_eq!(row[5], e.side.map(|s| s.to_string()).unwrap_or_default());
        assert_eq!(row[6], e.muscle.map(|s| s.to_string()).unwrap_or_default());
        let relief: Vec<String> = e.relieved_by.iter().map(|r| r.to_string()).collect();
        assert_eq!(row[7], relief.join(";"));
    }
    let fluids = get("fluids.csv");
    let all_fluids: Vec<_> = diary.days.iter().flat_map(|d| d.fluids.iter().map(move |f| (d.date, f))).collect();
    assert_eq!(fluids.len() - 1, all_fluids.len());
    for (row, (date, f)) in fluids[1..].iter().zip(&all_fluids) {
        assert_eq!(row[0].parse::<NaiveDate>().unwrap(), *date);
        assert_eq!(row[2], f.kind.to_string());
        assert_eq!(row[3].parse::<f64>().unwrap(), f.ml);
    }
    let days = get("days.csv");
    assert_eq!(days.len() - 1, diary.days.len());
    for (row, day) in days[1..].iter().zip(&diary.days) {
        assert_eq!(row[0].parse::<NaiveDate>().unwrap(), day.date);
        assert_eq!(row[2].parse::<u8>().ok(), day.exertion);
        if !day.fluids.is_empty() {
            assert_eq!(row[1].parse::<f64>().unwrap(), day.total_ml());
        }
    }
    let meds = get("medications.csv");
    assert_eq!(meds.len() - 1, diary.medications.len());
    for (row, m) in meds[1..].iter().zip(&diary.medications) {
        assert_eq!(row[0], m.name);
        assert_eq!(row[2].parse::<NaiveDate>().unwrap(), m.started);
        assert_eq!(row[3].parse::<NaiveDate>().ok(), m.stopped);
        assert_eq!(row[4], cramp_diary::knowledge::medication_classes(&m.name).join(";"));
    }
}

#[test]
fn csv_range_keeps_only_dates_inside() {
    let today = d(TODAY);
    let diary = sample_diary(today);
    let range = DateRange { from: Some(d("2026-09-01")), to: Some(d("2026-09-30")) };
    let tables = csv::tables(&diary, range);
    let nights = csv::parse(&tables[0].1).unwrap();
    assert_eq!(nights.len() - 1, diary.nights.iter().filter(|n| range.contains(n.date)).count());
    assert!(nights[1..].iter().all(|r| r[0].starts_with("2026-09-")));
}

fn sample_bundle(patient: &PatientInfo) -> (Diary, serde_json::Value) {
    let today = d(TODAY);
    let diary = sample_diary(today);
    let now = chrono::DateTime::parse_from_rfc3339("2026-11-23T09:30:00+01:00").unwrap();
    let b = fhir::bundle(&diary, DateRange::default(), patient, now);
    (diary, b)
}

#[test]
fn fhir_bundle_has_every_record_and_the_required_elements() {
    let patient = PatientInfo { name: Some("Margaret O'Brien".into()), birth_date: Some(d("1949-04-02")) };
    let (diary, b) = sample_bundle(&patient);
    let problems = fhir::check_required(&b);
    assert!(problems.is_empty(), "{problems:#?}");
    assert_eq!(b["resourceType"], "Bundle");
    assert_eq!(b["type"], "collection");
    let entries = b["entry"].as_array().unwrap();
    let of = |t: &str| entries.iter().filter(|e| e["resource"]["resourceType"] == t).collect::<Vec<_>>();
    assert_eq!(of("Patient").len(), 1);
    let p = &of("Patient")[0]["resource"];
    assert_eq!(p["name"][0]["text"], "Margaret O'Brien");
    assert_eq!(p["birthDate"], "1949-04-02");
    let episodes: usize = diary.nights.iter().map(|n| n.episodes.len()).sum();
    let fluid_days = diary.days.iter().filter(|d| !d.fluids.is_empty()).count();
    assert_eq!(of("Observation").len(), diary.nights.len() + episodes + fluid_days);
    assert_eq!(of("MedicationStatement").len(), diary.medications.len());
    assert_eq!(of("Condition").len(), diary.conditions.len());
    // Nights and episodes carry the SNOMED CT cramp concept; fluids the LOINC code.
    let coded = |sys: &str, code: &str| {
        of("Observation")
            .iter()
            .filter(|e| {
                e["resource"]["code"]["coding"][0]["system"] == sys
                    && e["resource"]["code"]["coding"][0]["code"] == code
            })
            .count()
    };
    assert_eq!(coded(fhir::SNOMED, fhir::CRAMP_CODE), diary.nights.len() + episodes);
    assert_eq!(coded(fhir::LOINC, fhir::FLUID_CODE), fluid_days);
    // A cramp night's value and its episodes as members.
    let n = diary.nights.iter().find(|n| n.episodes.len() >= 2).unwrap();
    let night = of("Observation")
        .into_iter()
        .find(|e| {
            e["resource"]["effectivePeriod"]["start"] == n.date.to_string()
                && e["resource"]["valueBoolean"].is_boolean()
        })
        .unwrap();
    assert_eq!(night["resource"]["valueBoolean"], true);
    assert_eq!(night["resource"]["hasMember"].as_array().unwrap().len(), n.episodes.len());
    // Courses: active while still taken, with start (and stop) dates.
    for (e, m) in of("MedicationStatement").iter().zip(&diary.medications) {
        let r = &e["resource"];
        assert_eq!(r["medicationCodeableConcept"]["text"], m.name.as_str());
        assert_eq!(r["effectivePeriod"]["start"], m.started.to_string());
        assert_eq!(r["status"], if m.stopped.is_some() { "completed" } else { "active" });
    }
    // Same diary, same ids.
    let (_, again) = sample_bundle(&patient);
    assert_eq!(b, again);
}

#[test]
fn fhir_patient_holds_only_what_was_chosen() {
    let (_, b) = sample_bundle(&PatientInfo::default());
    assert!(fhir::check_required(&b).is_empty());
    let p = b["entry"].as_array().unwrap().iter().find(|e| e["resource"]["resourceType"] == "Patient").unwrap();
    assert_eq!(p["resource"].as_object().unwrap().len(), 1, "{}", p["resource"]);
    let text = b.to_string();
    assert!(!text.contains("birthDate") && !text.contains("\"name\""));
}

#[test]
fn fhir_checker_catches_missing_required_elements() {
    let (_, mut b) = sample_bundle(&PatientInfo::default());
    let entries = b["entry"].as_array_mut().unwrap();
    let obs = entries.iter_mut().find(|e| e["resource"]["resourceType"] == "Observation").unwrap();
    obs["resource"].as_object_mut().unwrap().remove("status");
    let ms = entries.iter_mut().find(|e| e["resource"]["resourceType"] == "MedicationStatement").unwrap();
    ms["resource"].as_object_mut().unwrap().remove("subject");
    let problems = fhir::check_required(&b);
    assert!(problems.iter().any(|p| p.contains("status (1..1)")), "{problems:?}");
    assert!(problems.iter().any(|p| p.contains("subject (1..1)")), "{problems:?}");
}

#[test]
fn pdf_copes_with_an_empty_diary_and_a_note_longer_than_a_page() {
    let today = d(TODAY);
    let empty = Diary::default();
    let laid =
        pdf::lay_out(&empty, &analyze_with(&empty, today, &AnalysisOptions::default()), &pdf_opts(Paper::A4, None))
            .unwrap();
    assert!(laid.page_text(0).contains("0 of 1 nights logged"), "{}", laid.page_text(0));
    assert!(laid.out_of_bounds().is_empty());
    assert!(pdf::render(&empty, today, &AnalysisOptions::default(), &pdf_opts(Paper::A4, None))
        .unwrap()
        .starts_with(b"%PDF-"));

    let mut diary = sample_diary(today);
    let last = diary.nights.len() - 1;
    diary.nights[last].notes = "A very long note about a very bad night. ".repeat(400) + &"x".repeat(3000);
    let laid =
        pdf::lay_out(&diary, &analyze_with(&diary, today, &AnalysisOptions::default()), &pdf_opts(Paper::Letter, None))
            .unwrap();
    assert!(laid.out_of_bounds().is_empty(), "{:?}", &laid.out_of_bounds()[..1]);
    let text: String = (0..laid.pages.len()).map(|p| laid.page_text(p)).collect();
    assert!(text.contains(" …"), "the cut is marked");
}

/// The PDF explains the v2 reasoning in plain words, with the numbers `analyze` gives: two
/// medicines started within days of each other cannot be told apart, and a medicine taken
/// since before the diary began has nothing to compare with.
#[test]
fn pdf_explains_changes_it_cannot_tell_apart_and_starts_before_the_diary() {
    let today = d(TODAY);
    let mut diary = sample_diary(today);
    let hctz = diary.medications.iter().find(|m| m.name == "Hydrochlorothiazide").unwrap().started;
    diary.medications.push(cramp_diary::Medication {
        name: "Omeprazole".into(),
        dose: "20 mg".into(),
        started: hctz + chrono::Days::new(5),
        stopped: None,
        notes: String::new(),
    });
    diary.medications.sort_by_key(|m| m.started);
    let range = AnalysisOptions::default();
    let a = analyze_with(&diary, today, &range);
    let f = a.findings.iter().find(|f| f.subject == "Hydrochlorothiazide").unwrap();
    assert!(f.caveats.contains(&"cannot_separate"), "{:?}", f.caveats);
    assert_ne!(f.verdict, Some(cramp_diary::analysis::Verdict::LikelyLink));
    let bytes = pdf::render(&diary, today, &range, &pdf_opts(Paper::A4, None)).unwrap();
    let (_dir, path) = write_tmp("v2-words.pdf", &bytes);
    let text = squash(&pdftotext(&path, &[]));
    assert!(text.contains("cannot tell which of them made the difference"), "{text}");
    assert!(text.contains("started before your diary began"), "{text}");
    let omeprazole = DateStyle::DEFAULT.date(hctz + chrono::Days::new(5));
    assert!(text.contains(&format!("Omeprazole started {omeprazole}")), "{text}");
    assert!(text.contains("Please don't stop or change a prescribed medicine on your own"), "{text}");
}

/// A U+202E (or any bidi embedding, override or isolate) in the user's text cannot turn
/// round what follows it, and long unbroken words in every column wrap inside the page.
#[test]
fn pdf_user_text_cannot_reorder_what_follows_and_long_words_wrap() {
    let today = d(TODAY);
    let mut diary = sample_diary(today);
    let last = diary.nights.len() - 1;
    diary.nights[last].notes = "before \u{202E}desrever\u{202C} after \u{2067}isolate and then the rest".into();
    let word = "Hydrochlorothiazide".repeat(12);
    diary.medications[0].name = format!("\u{202E}{word} Lasix");
    diary.medications[0].dose = "4".repeat(150);
    diary.conditions.push(cramp_diary::Condition { name: format!("\u{202D}{}", "Z".repeat(200)), since: None });
    let opts = pdf_opts(Paper::A4, Some("\u{202E}Ada Example"));
    let a = analyze_with(&diary, today, &AnalysisOptions::default());
    let laid = pdf::lay_out(&diary, &a, &opts).unwrap();
    assert!(laid.out_of_bounds().is_empty(), "{:?}", laid.out_of_bounds());
    let drawn: String = (0..laid.pages.len()).map(|p| laid.page_text(p)).collect();
    for c in
        ['\u{202A}', '\u{202B}', '\u{202C}', '\u{202D}', '\u{202E}', '\u{2066}', '\u{2067}', '\u{2068}', '\u{2069}']
    {
        assert!(!drawn.contains(c), "U+{:04X} is drawn", c as u32);
    }

    let bytes = pdf::render_with(&diary, &a, &opts).unwrap();
    let (_dir, path) = write_tmp("bidi-and-long-words.pdf", &bytes);
    let text = pdftotext(&path, &[]);
    let flat = squash(&text);
    assert!(flat.contains("before desrever after isolate and then the rest"), "the note reads in order");
    assert!(flat.contains("Cramp diary · Ada Example"), "{}", &flat[..200]);
    assert!(!text.contains(['\u{202C}', '\u{202D}', '\u{202E}', '\u{2067}']), "no bidi control reaches the reader");
    let joined: String = text.split_whitespace().collect();
    assert!(joined.contains(&word), "the long name is all there, wrapped");
    assert!(joined.contains(&"Z".repeat(200)) && joined.contains(&"4".repeat(150)));
    let (_, w, _) = pdfinfo(&path);
    let bbox = pdftotext(&path, &["-bbox"]);
    for line in bbox.lines().filter(|l| l.contains("<word ")) {
        let x_max: f32 = line.split("xMax=\"").nth(1).unwrap().split('"').next().unwrap().parse().unwrap();
        assert!(x_max <= w - 40.0, "a word runs into the margin: {line}");
    }
}

/// The body follows the locale (en_GB, en_US, C), read back with pdftotext; the appendix
/// tables keep ISO dates whatever the locale.
#[test]
fn pdf_body_dates_follow_the_locale_and_the_appendix_stays_iso() {
    let diary = sample_diary(d(TODAY));
    let today = d(TODAY);
    let range = AnalysisOptions::default();
    let a = analyze_with(&diary, today, &range);
    let (from, to) = (a.period.from, a.period.to);
    let read = |tag: &str| {
        let style = DateStyle::from_locale_tag(Some(tag));
        let opts = pdf::PdfOptions { style, ..pdf_opts(Paper::A4, Some("Ann Example")) };
        let bytes = pdf::render(&diary, today, &range, &opts).unwrap();
        let (_dir, path) = write_tmp(&format!("locale-{tag}.pdf"), &bytes);
        let text = squash(&pdftotext(&path, &[]));
        let at = text.find("Appendix: every logged night").expect("the appendix");
        (text[..at].to_string(), text[at..].to_string())
    };
    let (gb, gb_appendix) = read("en_GB.UTF-8");
    let (us, us_appendix) = read("en_US.UTF-8");
    let (c, c_appendix) = read("C");
    assert_eq!(DateStyle::from_locale_tag(Some("en_GB.UTF-8")).range(from, to), "24 August 2025 to 22 November 2026");
    assert!(gb.contains("Period 24 August 2025 to 22 November 2026"), "{gb}");
    assert!(us.contains("Period August 24, 2025 to November 22, 2026"), "{us}");
    assert!(gb.contains("Date of birth: 2 April 1949") && gb.contains("Prepared: 23 November 2026"), "{gb}");
    assert!(us.contains("Date of birth: April 2, 1949") && us.contains("Prepared: November 23, 2026"), "{us}");
    assert_ne!(gb, us, "the body differs between the two locales");
    assert_eq!(c, gb, "C gets the default style, day month year");
    // Times too: the hour most cramps start in, on the 24- or the 12-hour clock.
    let peak = a.summary.cramps_by_hour.iter().enumerate().max_by_key(|(_, c)| **c).map(|(h, _)| h as u32).unwrap();
    let h24 = format!("most start {:02}:00–{:02}:59", peak, peak);
    let twelve = if peak % 12 == 0 { 12 } else { peak % 12 };
    let h12 = format!("most start {twelve}:00–{twelve}:59 {}", if peak < 12 { "am" } else { "pm" });
    assert!(gb.contains(&h24) && !gb.contains(&h12), "{h24} in {gb}");
    assert!(us.contains(&h12) && !us.contains(&h24), "{h12} in {us}");
    // No ISO date in the body (the header, the findings' words and the tables).
    let iso = |s: &str| {
        s.as_bytes()
            .windows(10)
            .any(|w| w.iter().enumerate().all(|(i, b)| if i == 4 || i == 7 { *b == b'-' } else { b.is_ascii_digit() }))
    };
    assert!(!iso(&gb) && !iso(&us), "an ISO date in the body:\n{us}");
    // The appendix: every night by its ISO date, the same under every locale.
    let first = diary.nights.iter().find(|n| n.date >= from).unwrap().date.to_string();
    for appendix in [&gb_appendix, &us_appendix, &c_appendix] {
        assert!(appendix.contains(&first) && appendix.contains(&to.to_string()), "{appendix}");
    }
    let strip_header = |s: &str| {
        s.replace("August 24, 2025 to November 22, 2026", "").replace("24 August 2025 to 22 November 2026", "")
    };
    assert_eq!(strip_header(&gb_appendix), strip_header(&us_appendix), "the appendix does not change with the locale");
}
