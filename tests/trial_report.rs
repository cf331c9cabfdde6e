//! Self-experiments everywhere the diary goes: the doctor PDF (read back with pdftotext),
//! the CSV table, and FHIR R4 (CarePlan + Observations, checked by our required-element
//! check and by the independent R4 validator used in tests/fhir_validate.rs).

use std::path::PathBuf;
use std::process::Command;

use chrono::{Days, NaiveDate};
use cramp_diary::analysis::{analyze_with, AnalysisOptions};
use cramp_diary::report::{csv, fhir, pdf, DateRange, Paper, PatientInfo};
use cramp_diary::trial::{self, Adherence, Arm, PlanRequest, Remedy, Trial};
use cramp_diary::{Diary, Medication, Night, NightStatus};

fn day(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

/// A finished stretching trial (cramps on most control nights, few on remedy nights), with
/// adherence on the first block and quinine among the medicines.
fn diary() -> (Diary, NaiveDate) {
    let planned = day("2026-03-02");
    let design = trial::design(&PlanRequest::new(Remedy::Stretching, 11), &Diary::default(), planned).unwrap();
    let mut nights = Vec::new();
    for (k, date) in design.baseline_from.iter_days().take_while(|d| *d <= design.end()).enumerate() {
        let remedy = design.block_on(date).is_some_and(|b| b.arm == Arm::Remedy);
        let cramps = if remedy { k % 5 == 0 } else { k % 4 != 0 };
        if k % 11 != 3 {
            nights.push(Night::new(date, if cramps { NightStatus::Cramps } else { NightStatus::None }));
        }
    }
    let first = design.blocks()[0];
    let adherence = first.from.iter_days().take(7).map(|date| Adherence { date, done: date != first.to }).collect();
    let t = Trial { design, planned_at: "2026-03-02T08:00:00+01:00".parse().unwrap(), stopped_on: None, adherence };
    let quinine = Medication {
        name: "Quinine sulfate".into(),
        dose: "300 mg at night".into(),
        started: day("2026-01-10"),
        stopped: None,
        notes: String::new(),
    };
    let today = t.design.end().checked_add_days(Days::new(3)).unwrap();
    (Diary { nights, medications: vec![quinine], experiments: vec![t], ..Diary::default() }, today)
}

#[test]
fn the_pdf_has_a_self_experiment_section_and_the_quinine_note() {
    let (diary, today) = diary();
    let r = trial::analyze(&diary, &diary.experiments[0], today);
    let opts = pdf::PdfOptions {
        paper: Paper::A4,
        patient: PatientInfo::default(),
        generated: Some(today),
        ..Default::default()
    };
    let text = pdf_text(&pdf::render(&diary, today, &AnalysisOptions::default(), &opts).unwrap());
    assert!(text.contains("Self-experiment: Stretching before bed"), "{text}");
    let section = &text[text.find("Self-experiment: Stretching before bed").unwrap()..];
    let verdict = match r.verdict {
        trial::Verdict::Helped => "helped",
        trial::Verdict::NoClearDifference => "no clear difference",
        trial::Verdict::NotEnoughData => "not enough data",
    };
    assert!(section[..400].contains(verdict), "{verdict} in {section}");
    assert!(section.contains(&format!("{:.0}% (fewer cramp nights on the remedy)", r.p_fewer.unwrap() * 100.0)));
    let control = r.control.per_week_interval.unwrap();
    assert!(section.contains(&format!("{:.1} ({:.1}–{:.1})", r.per_week.control.unwrap(), control[0], control[1])));
    assert!(text.contains("seed 11"));
    assert!(text.contains("placebo"));
    assert!(text.contains("Quinine: safety information"));
    assert!(text.contains("boxed warning") && text.contains("dark urine"));
    // No quinine, no note.
    let mut plain = diary.clone();
    plain.medications.clear();
    let laid = pdf::lay_out(&plain, &analyze_with(&plain, today, &AnalysisOptions::default()), &opts).unwrap();
    let all: String = (0..laid.pages.len()).map(|p| laid.page_text(p)).collect();
    assert!(!all.contains("Quinine") && all.contains("Self-experiment"));
    assert!(laid.out_of_bounds().is_empty());
}

#[test]
fn the_csv_table_has_every_planned_night_with_its_arm_and_outcome() {
    let (diary, _) = diary();
    let t = &diary.experiments[0];
    let tables = csv::tables(&diary, DateRange::default());
    let (name, text) = tables.iter().find(|(n, _)| *n == "experiments.csv").unwrap();
    assert_eq!(*name, csv::FILES[5]);
    let rows = csv::parse(text).unwrap();
    assert_eq!(rows[0], csv::EXPERIMENTS_HEADER);
    assert_eq!(rows.len() - 1, 14 + 42);
    for r in &rows[1..] {
        let date = day(&r[3]);
        let block = t.design.block_on(date);
        assert_eq!(r[4], if block.is_some() { "block" } else { "baseline" });
        assert_eq!(r[6], block.map_or("", |b| b.arm.as_str()));
        assert_eq!(r[7], t.done_on(date).map_or(String::new(), |d| d.to_string()));
        assert_eq!(r[8], diary.night(date).map_or("", |n| n.status.as_str()), "an unlogged night stays empty");
    }
    let range = DateRange { from: Some(t.design.start), to: Some(t.design.start) };
    assert_eq!(csv::parse(&csv::tables(&diary, range)[5].1).unwrap().len(), 2);
}

fn validator() -> PathBuf {
    let venv = std::env::var_os("CRAMP_DIARY_FHIR_VENV").map(PathBuf::from).unwrap_or_else(|| {
        PathBuf::from(std::env::var_os("HOME").expect("HOME is set")).join(".cache/cramp-diary/fhir-venv")
    });
    let py = venv.join("bin/python");
    assert!(py.exists(), "no FHIR validator at {}: run scripts/setup.sh (make deps)", py.display());
    py
}

#[test]
fn fhir_has_a_care_plan_with_observations_and_validates_as_r4() {
    let (diary, today) = diary();
    let at = chrono::DateTime::parse_from_rfc3339(&format!("{today}T09:00:00+01:00")).unwrap();
    let b = fhir::bundle(&diary, DateRange::default(), &PatientInfo::default(), at);
    assert_eq!(fhir::check_required(&b), Vec::<String>::new());
    let entries = b["entry"].as_array().unwrap();
    let plan = entries.iter().find(|e| e["resource"]["resourceType"] == "CarePlan").unwrap();
    assert_eq!(plan["resource"]["status"], "completed");
    assert_eq!(plan["resource"]["activity"].as_array().unwrap().len(), 7, "baseline + 6 blocks");
    let based: Vec<&serde_json::Value> =
        entries.iter().filter(|e| e["resource"]["basedOn"][0]["reference"] == plan["fullUrl"]).collect();
    assert_eq!(based.len(), 1 + 7, "the result and one Observation per night with adherence");
    let r = trial::analyze(&diary, &diary.experiments[0], today);
    let result = based.iter().find(|e| e["resource"]["valueString"].is_string()).unwrap();
    assert_eq!(result["resource"]["status"], "final");
    assert_eq!(result["resource"]["component"][0]["valueQuantity"]["value"].as_f64(), r.per_week.remedy);

    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("bundle.json");
    std::fs::write(&file, b.to_string()).unwrap();
    let out = Command::new(validator())
        .arg("-c")
        .arg(
            "import sys\nfrom fhir.resources.bundle import Bundle\n\
             b = Bundle.parse_file(sys.argv[1])\n\
             print(sorted({e.resource.resource_type for e in b.entry or []}))",
        )
        .arg(&file)
        .output()
        .unwrap();
    let said = String::from_utf8_lossy(&out.stdout).to_string() + &String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{said}");
    assert!(said.contains("'CarePlan'") && said.contains("'Observation'"), "{said}");
    // Our own check catches a CarePlan without its required intent.
    let mut broken = b.clone();
    let i = entries.iter().position(|e| e["resource"]["resourceType"] == "CarePlan").unwrap();
    broken["entry"][i]["resource"].as_object_mut().unwrap().remove("intent");
    assert!(fhir::check_required(&broken).iter().any(|e| e.contains("intent")));
}

#[test]
fn analyze_carries_the_quinine_note_only_when_quinine_is_recorded() {
    let schema: serde_json::Value =
        serde_json::from_str(include_str!("../docs/analysis-output-v2.schema.json")).unwrap();
    let schema = jsonschema::validator_for(&schema).unwrap();
    let (diary, today) = diary();
    let a = cramp_diary::analysis::analyze(&diary, today);
    assert_eq!(a.safety.len(), cramp_diary::knowledge::QUININE_SAFETY.len());
    let v = serde_json::to_value(&a).unwrap();
    assert!(schema.is_valid(&v));
    assert!(v["safety"][1].as_str().unwrap().contains("boxed warning"));
    assert!(cramp_diary::analysis::render_text(&a).contains("Safety: "));
    for brand in ["Qualaquin 324 mg", "QUININE", "quinine bisulfate"] {
        let mut d = diary.clone();
        d.medications[0].name = brand.into();
        assert!(!cramp_diary::analysis::analyze(&d, today).safety.is_empty(), "{brand}");
    }
    let mut none = diary.clone();
    none.medications[0].name = "Amlodipine".into();
    let a = cramp_diary::analysis::analyze(&none, today);
    assert!(a.safety.is_empty());
    assert!(serde_json::to_value(&a).unwrap().get("safety").is_none());
}

fn pdf_text(bytes: &[u8]) -> String {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("plan.pdf");
    std::fs::write(&path, bytes).unwrap();
    let out =
        Command::new("pdftotext").arg(&path).arg("-").output().expect("pdftotext is installed (scripts/setup.sh)");
    assert!(out.status.success());
    String::from_utf8(out.stdout).unwrap().split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn the_prescriber_plan_is_a_pdf_with_the_medicine_a_seeded_schedule_the_rule_and_room_for_notes() {
    use cramp_diary::report::prescriber::{self, PlanOptions};
    use cramp_diary::trial::prescriber::{plan, PlanRequest};
    let (mut diary, today) = diary();
    diary.medications.clear();
    let req = PlanRequest { start: Some(day("2027-01-04")), ..PlanRequest::new("Baclofen", 4242) };
    let p = plan(&req, &diary, today).unwrap();
    assert_eq!(p, plan(&req, &diary, today).unwrap(), "the same seed, the same schedule");
    assert_eq!(p.blocks.len(), 6);
    for pair in 0..3 {
        let arms: Vec<Arm> = p.blocks.iter().filter(|b| b.pair == pair).map(|b| b.arm).collect();
        assert!(arms.contains(&Arm::Remedy) && arms.contains(&Arm::Control), "every pair holds both arms");
    }
    let opts = PlanOptions {
        paper: Paper::Letter,
        patient: PatientInfo { name: Some("Ann Example".into()), birth_date: None },
        prepared: Some(today),
        style: cramp_diary::locale::DateStyle::DEFAULT,
    };
    assert!(prescriber::lay_out(&p, &opts).out_of_bounds().is_empty());
    let bytes = prescriber::render(&p, &opts).unwrap();
    assert!(bytes.starts_with(b"%PDF"));
    let text = pdf_text(&bytes);
    for want in [
        "Does Baclofen help my night cramps? A trial to plan with my prescriber",
        "Ann Example",
        "A proposal, not a prescription.",
        "seed 4242",
        "cramp nights a week",
        "at least 90%",
        "at least 1 cramp night a week fewer",
        "intention to treat",
        "Notes from the prescriber",
        "Agreed start date",
    ] {
        assert!(text.contains(want), "{want:?} in {text}");
    }
    // The schedule as drawn, in order, with the dates of the proposed start.
    let first = p.blocks[0];
    let first_words = if first.arm == Arm::Remedy { "on the medicine, as prescribed" } else { "off the medicine" };
    let at = text.find("Block 1 (pair 1)").expect("the schedule is printed");
    assert!(text[at..at + 160].contains(first_words), "{}", &text[at..at + 160]);
    assert!(text.contains("18 to 31 January 2027"), "block 1's dates: {text}");
    assert!(!text.contains("Quinine"), "no quinine, no note");

    // Quinine: never proposed to someone not taking it; for someone taking it, with its safety note.
    let e = plan(&PlanRequest::new("Qualaquin", 1), &diary, today).unwrap_err();
    assert!(e.to_string().contains("not started for leg cramps"), "{e}");
    let (taking, _) = self::diary();
    let q = plan(&PlanRequest::new("quinine sulfate", 1), &taking, today).unwrap();
    let text = pdf_text(&prescriber::render(&q, &PlanOptions::default()).unwrap());
    assert!(text.contains("Quinine: safety information") && text.contains("boxed warning"), "{text}");
    assert!(text.contains("the app never suggests starting it"), "{text}");
    // Refusals name the field.
    let e = plan(&PlanRequest { pairs: Some(1), ..PlanRequest::new("  ", 1) }, &diary, today).unwrap_err();
    let fields: Vec<String> = match e {
        cramp_diary::Error::Invalid(p) => p.iter().map(|f| f.field.clone()).collect(),
        other => panic!("{other:?}"),
    };
    assert_eq!(fields, ["medicine", "pairs"]);
}
