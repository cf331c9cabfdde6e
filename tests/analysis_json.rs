//! The `analyze --json` contract (docs/analysis-output.md, version 2): field names and
//! types, and real output validated against docs/analysis-output-v2.schema.json.

mod common;

use chrono::Duration;
use common::*;
use cramp_diary::analysis::analyze;
use cramp_diary::{Side, SymptomKind as S};
use serde_json::Value;

fn rich_diary() -> cramp_diary::Diary {
    let mut rng = Rng::new(2026);
    let start = d("2026-05-01");
    let mut b = Build::new()
        .nights(&mut rng, d("2025-01-01"), 685, |x| if x < start { 0.15 } else { 0.45 }, |_| 0.93)
        .med("Hydrochlorothiazide", "2026-05-01", None)
        .med("metoprolol", "2026-07-01", None)
        .med("Simvastatin", "2025-10-01", Some("2026-08-31"))
        .condition("type 2 diabetes")
        .condition("lumbar spinal stenosis")
        .symptom("2026-11-20", S::CalfSwelling, Some(Side::Left))
        .symptom("2026-10-02", S::UrgeToMoveLegs, None);
    for date in days(d("2025-01-01"), 685) {
        let ml = rng.normal(1800.0, 400.0);
        b = b.fluids(date, ml.max(200.0)).exertion(date, (rng.f64() * 10.0) as u8);
    }
    for k in 0..4 {
        let s = d("2026-09-01") + Duration::days(21 * k);
        b = b.med("Cetuximab", &s.to_string(), Some(&s.to_string()));
    }
    b.done()
}

fn schema() -> jsonschema::Validator {
    let schema: Value = serde_json::from_str(include_str!("../docs/analysis-output-v2.schema.json")).unwrap();
    jsonschema::options().build(&schema).unwrap()
}

/// The schema is strict enough to catch a broken field, and every kind of diary passes it.
#[test]
fn output_matches_the_schema_and_the_schema_bites() {
    let today = d("2026-11-23");
    for diary in [rich_diary(), cramp_diary::demo::sample_diary(today), cramp_diary::Diary::default()] {
        let j = serde_json::to_value(analyze(&diary, today)).unwrap();
        let errors: Vec<String> = schema().iter_errors(&j).map(|e| e.to_string()).collect();
        assert!(errors.is_empty(), "{errors:?}");
    }
    let good = serde_json::to_value(analyze(&rich_diary(), today)).unwrap();
    let i = good["findings"].as_array().unwrap().iter().position(|f| f["kind"] == "medication_start").unwrap();
    for (field, bad) in [
        ("measure", Value::from("weeks")),
        ("verdict", Value::from("certain")),
        ("dispersion", Value::from(0.5)),
        ("caveats", serde_json::json!(["season_change"])),
    ] {
        let mut j = good.clone();
        j["findings"][i][field] = bad;
        assert!(!schema().is_valid(&j), "{field}");
    }
    let mut j = good.clone();
    j["findings"][i]["caveats"] = serde_json::json!(["cannot_separate"]);
    j["findings"][i]["verdict"] = Value::from("likely_link");
    assert!(!schema().is_valid(&j), "a capped finding is never a likely link");
    let mut j = good;
    j["version"] = Value::from(1);
    assert!(!schema().is_valid(&j));
}

/// What the command line prints with `analyze --json` is the same contract, and a restart read
/// with its start and stop is in it as `dechallenge.restart`, which the schema checks too.
#[test]
fn the_command_lines_json_and_a_restart_match_the_schema() {
    let f = Fixture::new().with_sample();
    let printed: Value = serde_json::from_str(&f.ok(&["analyze", "--json"])).unwrap();
    let errors: Vec<String> = schema().iter_errors(&printed).map(|e| e.to_string()).collect();
    assert!(errors.is_empty(), "analyze --json: {errors:?}");

    let today = d("2026-11-23");
    let mut diary = cramp_diary::demo::sample_diary(today);
    let course = |started: &str, stopped: Option<&str>| cramp_diary::Medication {
        name: "Furosemide".into(),
        dose: "20 mg".into(),
        started: d(started),
        stopped: stopped.map(d),
        notes: String::new(),
    };
    // Months apart from the sample's thiazide start (three months before today).
    diary.medications.push(course("2025-11-01", Some("2026-01-15")));
    diary.medications.push(course("2026-04-01", None));
    let j = serde_json::to_value(analyze(&diary, today)).unwrap();
    let errors: Vec<String> = schema().iter_errors(&j).map(|e| e.to_string()).collect();
    assert!(errors.is_empty(), "{errors:?}");
    let findings = j["findings"].as_array().unwrap();
    let i = findings.iter().position(|f| f["dechallenge"]["restart"].is_object()).expect("a restart is read");
    assert_eq!(findings[i]["dechallenge"]["restart"]["date"], "2026-04-01");
    // Furosemide did nothing here: neither the stop nor the restart may claim to confirm a link.
    let (dc, message) = (&findings[i]["dechallenge"], findings[i]["message"].as_str().unwrap());
    assert_eq!((dc["agrees"].as_bool(), dc["restart"]["agrees"].as_bool()), (Some(false), Some(false)), "{dc}");
    assert!(!message.contains("strongest sign") && !message.contains("went the same way"), "{message}");
    assert!(message.contains("Stopping shows no clear change either way"), "{message}");
    // Dehydration is a documented cause: its hint says it is a side question, not undocumented.
    let fluids = findings.iter().find(|f| f["kind"] == "hydration").expect("a fluids finding");
    let words = fluids["message"].as_str().unwrap();
    assert!(!words.contains("not one of the documented causes") && words.contains("side question"), "{words}");
    let mut bad = j.clone();
    bad["findings"][i]["dechallenge"]["restart"]["agrees"] = Value::from("yes");
    assert!(!schema().is_valid(&bad), "the schema checks the restart");
}

fn is_date(v: &Value) -> bool {
    v.as_str().is_some_and(|s| s.parse::<chrono::NaiveDate>().is_ok())
}
fn is_num_or_null(v: &Value) -> bool {
    v.is_number() || v.is_null()
}

#[test]
fn json_matches_the_contract() {
    let a = analyze(&rich_diary(), d("2026-11-23"));
    let j = serde_json::to_value(&a).unwrap();
    assert_eq!(j["version"], 2);
    assert!(schema().is_valid(&j), "{:?}", schema().iter_errors(&j).map(|e| e.to_string()).collect::<Vec<_>>());
    assert!(is_date(&j["period"]["from"]) && is_date(&j["period"]["to"]));
    let n = &j["nights"];
    for k in ["calendar", "logged", "cramp", "none", "unknown"] {
        assert!(n[k].is_u64(), "nights.{k}");
    }
    assert!(n["completeness"].is_number());
    assert_eq!(
        n["logged"].as_u64().unwrap(),
        n["cramp"].as_u64().unwrap() + n["none"].as_u64().unwrap() + n["unknown"].as_u64().unwrap()
    );
    let s = &j["summary"];
    for k in [
        "cramp_nights_per_week",
        "episodes_per_cramp_night",
        "mean_intensity",
        "mean_duration_min",
        "mean_sleep_disturbance",
    ] {
        assert!(s[k].is_number(), "summary.{k}");
    }
    assert!(s["sides"].as_object().unwrap().values().all(Value::is_u64));
    assert!(s["muscles"].as_object().unwrap().values().all(Value::is_u64));
    assert_eq!(s["cramps_by_hour"].as_array().unwrap().len(), 24);
    let t = &s["trend"];
    assert!(["rising", "falling", "stable", "not_enough_data"].contains(&t["direction"].as_str().unwrap()));
    for k in ["rate_ratio_per_90_days", "ci_low", "ci_high"] {
        assert!(is_num_or_null(&t[k]), "trend.{k}");
    }

    let kinds = [
        "medication_start",
        "medication_stop",
        "hydration",
        "exertion",
        "chemotherapy_cycles",
        "condition",
        "red_flag",
        "trend",
        "look_alike",
    ];
    let tiers = ["emergency", "urgent", "next_visit", "info"];
    let verdicts = ["likely_link", "possible_link", "no_clear_link", "not_enough_data", "inconclusive"];
    let cause_ids: Vec<&str> = cramp_diary::knowledge::knowledge().causes.iter().map(|c| c.id.as_str()).collect();
    let findings = j["findings"].as_array().unwrap();
    let mut seen_kinds = std::collections::BTreeSet::new();
    let mut last_tier = 0;
    for f in findings {
        let id = f["id"].as_str().unwrap();
        let kind = f["kind"].as_str().unwrap();
        assert!(kinds.contains(&kind), "{id}: kind {kind}");
        seen_kinds.insert(kind.to_string());
        assert!(id.starts_with(kind), "{id}");
        assert!(f["cause"].is_null() || cause_ids.contains(&f["cause"].as_str().unwrap()), "{id}: cause");
        assert!(f["subject"].is_string());
        let tier = tiers.iter().position(|t| f["tier"] == *t).unwrap_or_else(|| panic!("{id}: tier"));
        assert!(tier >= last_tier, "{id}: sorted by tier");
        last_tier = tier;
        assert!(f["verdict"].is_null() || verdicts.contains(&f["verdict"].as_str().unwrap()), "{id}: verdict");
        for w in ["before", "after"] {
            let v = &f[w];
            assert!(v.is_null() || v.is_object(), "{id}.{w}");
            if v.is_object() {
                assert!(is_date(&v["from"]) && is_date(&v["to"]), "{id}.{w} dates");
                assert!(v["logged_nights"].is_u64() && v["cramp_nights"].is_u64(), "{id}.{w} counts");
                assert!(is_num_or_null(&v["completeness"]) && v["missing_nights"].is_u64(), "{id}.{w} completeness");
            }
        }
        for k in ["rate_ratio", "ci_low", "ci_high"] {
            assert!(is_num_or_null(&f[k]), "{id}.{k}");
        }
        assert!(f["caveats"].as_array().unwrap().iter().all(Value::is_string));
        assert!(!f["message"].as_str().unwrap().is_empty());
        assert!(f["evidence"].is_array());
        if kind == "red_flag" || kind == "look_alike" {
            let ev = f["evidence"].as_array().unwrap();
            assert!(!ev.is_empty(), "{id}: evidence");
            assert!(ev.iter().all(|e| is_date(&e["date"]) && e["symptom"].is_string()));
        }
        if matches!(kind, "medication_start" | "medication_stop" | "hydration" | "exertion" | "chemotherapy_cycles") {
            assert!(f["verdict"].is_string(), "{id}: statistical findings carry a verdict");
            assert!(["nights", "episodes"].contains(&f["measure"].as_str().unwrap()), "{id}: measure");
            assert!(f["method"].is_string() && f["season_adjustment"].is_string(), "{id}: method");
            assert!(f["confounded_with"].is_array(), "{id}: confounded_with");
        }
    }
    for k in kinds.iter().copied().filter(|k| *k != "trend") {
        assert!(seen_kinds.contains(k), "rich diary shows a {k} finding: {seen_kinds:?}");
    }
    // The thiazide finding of the example.
    let hctz = findings
        .iter()
        .find(|f| f["id"].as_str().unwrap().starts_with("medication_start:hydrochlorothiazide:2026-05-01"))
        .unwrap();
    assert_eq!(hctz["cause"], "thiazide_diuretic");
    assert_eq!(hctz["verdict"], "likely_link");
    // Round-trips as text.
    let text = serde_json::to_string_pretty(&a).unwrap();
    assert!(text.contains("\"rate_ratio_per_90_days\""));
}

#[test]
fn analysis_is_pure_and_deterministic() {
    let diary = rich_diary();
    let a = analyze(&diary, d("2026-11-23"));
    let b = analyze(&diary, d("2026-11-23"));
    assert_eq!(serde_json::to_string(&a).unwrap(), serde_json::to_string(&b).unwrap());
}
