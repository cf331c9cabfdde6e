//! The analysis engine on synthetic diaries built with a seeded generator.

mod common;

use chrono::Duration;
use common::*;
use cramp_diary::analysis::{
    analyze, analyze_with, render_text, Analysis, AnalysisOptions, Event, Finding, FindingKind, Measure, Method,
    SeasonAdjustment, Tier, Verdict, DONT_STOP,
};
use cramp_diary::{Diary, Night, NightStatus};

const TODAY: &str = "2026-11-23";

fn run(diary: &Diary) -> Analysis {
    let a = analyze(diary, d(TODAY));
    check_words(&a);
    a
}

/// Words never diagnose and never say to stop a medicine; medication findings always say
/// not to stop on your own.
fn check_words(a: &Analysis) {
    for f in &a.findings {
        let all = format!("{} {}", f.message, f.advice).to_lowercase();
        for bad in ["stop taking", "stop your", "you have dvt", "you have pad", "diagnos"] {
            assert!(!all.contains(bad), "{}: says '{bad}': {all}", f.id);
        }
        assert!(!f.message.is_empty() && !f.advice.is_empty(), "{}: empty words", f.id);
        if matches!(f.kind, FindingKind::MedicationStart | FindingKind::MedicationStop) {
            assert!(f.advice.contains(DONT_STOP), "{}", f.id);
        }
    }
    let order: Vec<Tier> = a.findings.iter().map(|f| f.tier).collect();
    let mut sorted = order.clone();
    sorted.sort();
    assert_eq!(order, sorted, "findings sorted by tier");
    let _ = render_text(a);
}

fn find<'a>(a: &'a Analysis, kind: FindingKind, subject: &str) -> &'a Finding {
    a.findings.iter().find(|f| f.kind == kind && f.subject == subject).unwrap_or_else(|| {
        panic!("no {kind:?} finding for {subject}: {:#?}", a.findings.iter().map(|f| &f.id).collect::<Vec<_>>())
    })
}

/// Issue 3, test 1: a documented class (thiazide) with a true rate ratio near 3 is found
/// (with over a year of nights, so the season can be allowed for).
#[test]
fn thiazide_with_rate_ratio_three_is_a_likely_link() {
    for seed in 1..=5 {
        let start = d("2026-05-01");
        let mut rng = Rng::new(seed);
        let diary = Build::new()
            .nights(&mut rng, d("2025-01-01"), 690, |x| if x < start { 0.15 } else { 0.45 }, |_| 1.0)
            .med("Hydrochlorothiazide 25 mg", "2026-05-01", None)
            .done();
        let a = run(&diary);
        let f = find(&a, FindingKind::MedicationStart, "Hydrochlorothiazide 25 mg");
        assert_eq!(f.cause, Some("thiazide_diuretic"));
        assert_eq!(f.verdict, Some(Verdict::LikelyLink), "seed {seed}: {f:#?}");
        assert!(f.ci_low.unwrap() > 1.0, "seed {seed}");
        assert!((1.8..5.5).contains(&f.rate_ratio.unwrap()), "seed {seed}: {:?}", f.rate_ratio);
        assert_eq!(f.tier, Tier::NextVisit);
        assert!(!f.exploratory);
        // After: from the thiazide's onset lag (2 weeks) for half a year; before: the stable
        // 180 nights, leaving out the 14 just before the start.
        let after = f.after.as_ref().unwrap();
        assert_eq!(after.from, start + Duration::days(14));
        assert_eq!(after.to, start + Duration::days(182));
        assert_eq!(f.before.as_ref().unwrap().to, start - Duration::days(15));
        assert_eq!(f.before.as_ref().unwrap().from, start - Duration::days(194));
        assert!(f.message.contains("times the rate") && f.message.contains("logged nights"), "{}", f.message);
        assert!(f.advice.contains("prescriber"));
    }
}

/// Issue 3, test 2: a medicine with no documented link, started midway with no change.
#[test]
fn metoprolol_without_change_is_not_flagged() {
    for seed in 10..20 {
        let mut rng = Rng::new(seed);
        let diary = Build::new()
            .nights(&mut rng, d("2026-01-01"), 320, |_| 0.25, |_| 0.95)
            .med("Metoprolol succinate 50 mg", "2026-06-01", None)
            .done();
        let a = run(&diary);
        let f = find(&a, FindingKind::MedicationStart, "Metoprolol succinate 50 mg");
        assert_eq!(f.cause, None);
        assert_eq!(f.tier, Tier::Info, "seed {seed}");
        assert!(f.exploratory);
        assert_ne!(f.verdict, Some(Verdict::LikelyLink), "seed {seed}");
        assert!(f.message.contains("not a medicine known to cause cramps"));
        assert!(a.findings.iter().all(|x| x.tier == Tier::Info || x.kind != FindingKind::MedicationStart));
    }
}

/// Issue 3, test 3: a tiny diary is "not enough data", never "no clear link".
#[test]
fn tiny_diary_is_not_enough_data() {
    let mut rng = Rng::new(3);
    let diary = Build::new()
        .nights(&mut rng, d("2026-11-01"), 12, |_| 0.3, |_| 1.0)
        .med("Lasix 40mg", "2026-11-06", None)
        .med("metoprolol", "2026-11-07", None)
        .done();
    let a = run(&diary);
    let f = find(&a, FindingKind::MedicationStart, "Lasix 40mg");
    assert_eq!(f.verdict, Some(Verdict::NotEnoughData));
    assert!(f.message.contains("not enough data"), "{}", f.message);
    for f in &a.findings {
        assert_ne!(f.verdict, Some(Verdict::NoClearLink), "{}", f.id);
    }
    assert_eq!(a.summary.trend.direction, "not_enough_data");
    // Also with no cramps at all: zero events cannot show "no link".
    let mut rng = Rng::new(4);
    let diary = Build::new()
        .nights(&mut rng, d("2026-08-01"), 60, |_| 0.0, |_| 1.0)
        .med("furosemide", "2026-09-01", None)
        .done();
    let f = run(&diary).findings.into_iter().find(|f| f.kind == FindingKind::MedicationStart).unwrap();
    assert_eq!(f.verdict, Some(Verdict::NotEnoughData));
}

/// Enough data and no change gives "no clear link".
#[test]
fn long_stable_diary_gives_no_clear_link() {
    let mut rng = Rng::new(77);
    let diary = Build::new()
        .nights(&mut rng, d("2025-06-01"), 500, |_| 0.35, |_| 1.0)
        .med("Lipitor 20 mg", "2026-02-01", None)
        .done();
    let a = run(&diary);
    let f = find(&a, FindingKind::MedicationStart, "Lipitor 20 mg");
    assert_eq!(f.cause, Some("statin"));
    assert!(matches!(f.verdict, Some(Verdict::NoClearLink)), "{f:#?}");
}

/// Issue 3, test 4: half the nights after a start unlogged, logged ones at the same rate:
/// no link, and not "fewer cramps" (a missing night is not a cramp-free night).
#[test]
fn unlogged_nights_are_not_cramp_free() {
    for seed in 100..110 {
        let start = d("2026-04-01");
        let mut rng = Rng::new(seed);
        // The same rate throughout (every third night has cramps); after the start, each
        // night is logged with probability 1/2, independently of cramps.
        let mut b = Build::new();
        for (i, date) in days(d("2025-12-01"), 300).enumerate() {
            if date >= start && !rng.chance(0.5) {
                continue;
            }
            b = b.night(if i % 3 == 0 { cramp_night(date) } else { Night::new(date, NightStatus::None) });
        }
        let diary = b.med("atorvastatin", "2026-04-01", None).done();
        let a = run(&diary);
        let f = find(&a, FindingKind::MedicationStart, "atorvastatin");
        let after = f.after.as_ref().unwrap();
        assert!(after.missing_nights > 60, "{after:?}");
        assert_eq!(after.logged_nights + after.missing_nights + after.unknown_nights, after.calendar_nights);
        let rr = f.rate_ratio.unwrap();
        assert!((0.7..1.45).contains(&rr), "seed {seed}: RR {rr}");
        assert!(
            matches!(f.verdict, Some(Verdict::NoClearLink | Verdict::Inconclusive | Verdict::NotEnoughData)),
            "seed {seed}: {:?}",
            f.verdict
        );
        // Counting the missing nights as cramp-free would have shown "fewer cramps".
        let s = f.sensitivity.as_ref().unwrap();
        assert!(s.missing_as_none.rate_ratio.unwrap() < 0.75, "{s:?}");
        assert!(!f.caveats.contains(&"regression_to_mean") || rr < 1.0);
        // The overall rate uses logged nights only.
        let per_week = a.summary.cramp_nights_per_week.unwrap();
        assert!((2.0..2.7).contains(&per_week), "{per_week}");
    }
}

/// The missing-night bound flips a borderline link to "inconclusive".
#[test]
fn missing_night_bound_can_flip_to_inconclusive() {
    // Before: 4/30 logged, 60 missing; after: 21/40 logged, 50 missing.
    let start = d("2026-03-01");
    let mut b = Build::new();
    for (i, date) in days(start - Duration::days(90), 90).enumerate() {
        if i % 3 == 0 {
            b = b.night(if i % 21 == 0 { cramp_night(date) } else { Night::new(date, NightStatus::None) });
        }
    }
    for (i, date) in days(start, 90).enumerate() {
        if i % 9 < 4 {
            b = b.night(if i % 2 == 0 { cramp_night(date) } else { Night::new(date, NightStatus::None) });
        }
    }
    let diary = b.med("Spironolactone", "2026-03-01", None).done();
    let a = run(&diary);
    let f = find(&a, FindingKind::MedicationStart, "Spironolactone");
    let s = f.sensitivity.as_ref().unwrap();
    assert!(s.flips, "{f:#?}");
    assert_eq!(f.verdict, Some(Verdict::Inconclusive));
    assert!(f.message.contains("missing"), "{}", f.message);
}

fn fluid_diary(seed: u64, forward: bool, reverse: bool) -> Diary {
    let mut rng = Rng::new(seed);
    let from = d("2026-01-01");
    let n = 300;
    let totals: Vec<f64> = (0..n + 1).map(|_| rng.normal(1900.0, 450.0).max(300.0)).collect();
    let mut sorted = totals.clone();
    sorted.sort_by(f64::total_cmp);
    let p25 = sorted[sorted.len() / 4];
    let mut b = Build::new();
    let mut prev_cramp = false;
    for (i, date) in days(from, n).enumerate() {
        let low = totals[i] < p25;
        let p = if forward && low { 0.55 } else { 0.15 };
        let cramp = rng.chance(p);
        b = b.night(if cramp { cramp_night(date) } else { Night::new(date, NightStatus::None) });
        // Reverse causation: after a cramp night, the next day's drinking is low.
        let ml = if reverse && prev_cramp { 700.0 } else { totals[i] };
        b = b.fluids(date, ml);
        prev_cramp = cramp;
    }
    b.done()
}

/// Issue 3, test 5: a planted low-fluid effect is found and the negative control is not.
#[test]
fn low_fluid_effect_found_negative_control_quiet() {
    for seed in 200..205 {
        let a = run(&fluid_diary(seed, true, false));
        let f = a.findings.iter().find(|f| f.kind == FindingKind::Hydration).unwrap();
        assert_eq!(f.cause, Some("dehydration"));
        assert!(f.exploratory && f.caveats.contains(&"exploratory"));
        assert_eq!(f.verdict, Some(Verdict::LikelyLink), "seed {seed}: {f:#?}");
        assert!(f.ci_low.unwrap() > 1.0);
        assert!(f.rule.as_ref().unwrap().contains("25th percentile"));
        let control = &f.checks[0];
        assert!(!control.significant, "seed {seed}: control {control:?}");
        assert!(!f.caveats.contains(&"negative_control_also_linked"));
        assert!(f.p_adjusted.is_some());
    }
}

/// When only the negative control would explain it, the hydration link is called reverse
/// causation or confounding.
#[test]
fn reverse_causation_shows_in_negative_control() {
    let a = run(&fluid_diary(300, false, true));
    let f = a.findings.iter().find(|f| f.kind == FindingKind::Hydration).unwrap();
    assert!(f.checks[0].ci_low.unwrap() > 1.0, "{:?}", f.checks[0]);
    assert!(f.checks[0].significant, "{:?}", f.checks[0]);
    assert!(f.caveats.contains(&"negative_control_also_linked"));
    assert!(f.message.contains("probably the other way round"), "{}", f.message);
}

#[test]
fn no_fluid_effect_is_not_a_link() {
    for seed in 400..405 {
        let a = run(&fluid_diary(seed, false, false));
        let f = a.findings.iter().find(|f| f.kind == FindingKind::Hydration).unwrap();
        assert_ne!(f.verdict, Some(Verdict::LikelyLink), "seed {seed}");
    }
}

#[test]
fn few_fluid_days_use_the_absolute_floor() {
    let mut b = Build::new();
    for (i, date) in days(d("2026-10-01"), 20).enumerate() {
        b = b.night(Night::new(date, NightStatus::None)).fluids(date, if i % 2 == 0 { 900.0 } else { 2000.0 });
    }
    let a = run(&b.done());
    let f = a.findings.iter().find(|f| f.kind == FindingKind::Hydration).unwrap();
    assert!(f.rule.as_ref().unwrap().contains("1,200 mL"), "{:?}", f.rule);
    assert_eq!(f.exposed.as_ref().unwrap().days, 10);
    assert_eq!(f.verdict, Some(Verdict::NotEnoughData));
}

#[test]
fn high_exertion_effect_is_found() {
    let mut rng = Rng::new(500);
    let mut b = Build::new();
    for date in days(d("2026-01-01"), 300) {
        let score = (rng.f64() * 10.0) as u8;
        let p = if score >= 7 { 0.6 } else { 0.15 };
        let n = if rng.chance(p) { cramp_night(date) } else { Night::new(date, NightStatus::None) };
        b = b.night(n).exertion(date, score);
    }
    let a = run(&b.done());
    let f = a.findings.iter().find(|f| f.kind == FindingKind::Exertion).unwrap();
    assert_eq!(f.cause, Some("muscle_fatigue"));
    assert_eq!(f.verdict, Some(Verdict::LikelyLink), "{f:#?}");
    assert!(f.exploratory);
}

#[test]
fn chemotherapy_cycles_are_aligned() {
    let mut rng = Rng::new(600);
    let first = d("2026-04-01");
    let mut b = Build::new().nights(
        &mut rng,
        d("2025-01-01"),
        690,
        |x| {
            if x < first {
                0.1
            } else {
                let cycle = ((x - first).num_days() / 21).min(5) as f64;
                0.2 + 0.1 * cycle
            }
        },
        |_| 1.0,
    );
    for k in 0..6 {
        let s = first + Duration::days(21 * k);
        b = b.med("Cisplatin", &s.to_string(), Some(&s.to_string()));
    }
    let a = run(&b.done());
    let f = a.findings.iter().find(|f| f.kind == FindingKind::ChemotherapyCycles).unwrap();
    assert_eq!(f.cause, Some("chemotherapy"));
    assert_eq!(f.cycles.len(), 6);
    assert_eq!(f.cycles[1].from, first + Duration::days(21));
    assert_eq!(f.verdict, Some(Verdict::LikelyLink), "{f:#?}");
    assert_eq!(f.tier, Tier::NextVisit);
    assert_eq!(f.event, Some(Event::Cycles));
    // The exposure runs from the onset lag to 90 days after the last infusion.
    assert_eq!(f.after.as_ref().unwrap().from, first + Duration::days(7));
    assert_eq!(f.after.as_ref().unwrap().to, first + Duration::days(21 * 5 + 90));
    assert!(f.checks[0].label.contains("soon after an infusion"));
    assert!(f.advice.contains("oncology"));
    // Each course is a cycle, not a separate medication start.
    assert!(a.findings.iter().all(|x| x.kind != FindingKind::MedicationStart));
}

#[test]
fn statin_stop_eases_after_two_weeks() {
    let mut rng = Rng::new(700);
    let stop = d("2026-06-30");
    let diary = Build::new()
        .nights(&mut rng, d("2025-01-01"), 690, |x| if x <= stop + Duration::days(14) { 0.45 } else { 0.1 }, |_| 1.0)
        .med("Simvastatin 40 mg", "2024-06-01", Some("2026-06-30"))
        .done();
    let a = run(&diary);
    let f = find(&a, FindingKind::MedicationStop, "Simvastatin 40 mg");
    assert_eq!(f.cause, Some("statin"));
    assert!(!f.exploratory, "statin stop is a primary hypothesis");
    assert_eq!(f.after.as_ref().unwrap().from, stop + Duration::days(15));
    assert_eq!(f.verdict, Some(Verdict::LikelyLink), "{f:#?}");
    assert!(f.message.contains("eased after stopping"));
    // A fall after a stop is what a link predicts, not regression to the mean.
    assert!(!f.caveats.contains(&"regression_to_mean"));
    // Started before the diary: that start is said, not analysed.
    let start = a.findings.iter().find(|f| f.kind == FindingKind::MedicationStart).unwrap();
    assert!(start.caveats.contains(&"started_before_diary"));
    assert_eq!(start.verdict, Some(Verdict::NotEnoughData));
    assert!(start.message.contains("started before your diary began"), "{}", start.message);
}

#[test]
fn combination_and_inhaled_steroid_starts() {
    let mut rng = Rng::new(800);
    let diary = Build::new()
        .nights(&mut rng, d("2026-01-01"), 300, |_| 0.2, |_| 1.0)
        .med("Dyazide 37.5/25", "2026-04-01", None)
        .med("Fluticasone inhaler", "2026-08-01", None)
        .done();
    let a = run(&diary);
    let f = find(&a, FindingKind::MedicationStart, "Dyazide 37.5/25");
    assert_eq!(f.classes, vec!["thiazide_diuretic", "potassium_sparing_diuretic"]);
    assert!(f.cause.is_some());
    let g = find(&a, FindingKind::MedicationStart, "Fluticasone inhaler");
    assert_eq!(g.cause, None, "inhaled steroid is not systemic corticosteroid");
    assert!(g.exploratory);
    // Dyazide's after-window ends the day before the inhaler start: every window is
    // clipped at the next change.
    assert_eq!(f.after.as_ref().unwrap().to, d("2026-07-31"));
    assert!(f.confounded_with.is_empty());
}

#[test]
fn caveats_other_change_season_and_regression() {
    let mut rng = Rng::new(900);
    let start = d("2026-06-01");
    let diary = Build::new()
        .nights(&mut rng, d("2026-01-01"), 300, |x| if x < start { 0.5 } else { 0.2 }, |_| 1.0)
        .med("Chlorthalidone", "2026-06-01", None)
        .med("Omeprazole 20 mg", "2026-06-10", None)
        .done();
    let a = run(&diary);
    let f = find(&a, FindingKind::MedicationStart, "Chlorthalidone");
    let g = find(&a, FindingKind::MedicationStart, "Omeprazole 20 mg");
    // Nine days apart, inside the thiazide's onset lag: the diary cannot tell them apart.
    assert!(f.caveats.contains(&"cannot_separate"), "{:?}", f.caveats);
    assert_eq!(f.confounded_with, vec![g.id.clone()]);
    assert_eq!(g.confounded_with, vec![f.id.clone()]);
    assert!(f.other_changes.iter().any(|c| c.contains("Omeprazole")));
    assert!(f.message.contains("cannot tell which"), "{}", f.message);
    // Under a year of diary, windows in different seasons.
    assert!(f.caveats.contains(&"season_not_separable"), "{:?}", f.caveats);
    assert_eq!(f.season_adjustment, Some(SeasonAdjustment::CannotTell));
    assert!(!f.message.contains("warmer months"));
    assert!(f.caveats.contains(&"regression_to_mean"));
    assert!(f.message.contains("ease by themselves"));
    assert_ne!(f.verdict, Some(Verdict::LikelyLink));
    assert_eq!(g.cause, Some("other_drug"));
    assert!(g.exploratory, "other_drug is exploratory");
}

#[test]
fn dose_change_is_a_new_start_not_a_stop() {
    let mut rng = Rng::new(950);
    let diary = Build::new()
        .nights(&mut rng, d("2026-01-01"), 300, |_| 0.2, |_| 1.0)
        .med("Furosemide 20 mg", "2026-02-01", Some("2026-05-31"))
        .med("Furosemide 40 mg", "2026-06-01", None)
        .done();
    let a = run(&diary);
    let starts: Vec<&Finding> = a.findings.iter().filter(|f| f.kind == FindingKind::MedicationStart).collect();
    assert_eq!(starts.len(), 2);
    assert!(starts.iter().any(|f| f.event == Some(Event::DoseChange)));
    assert!(a.findings.iter().all(|f| f.kind != FindingKind::MedicationStop));
}

#[test]
fn period_counts_logged_not_calendar() {
    let mut b = Build::new();
    for (i, date) in days(d("2026-10-01"), 30).enumerate() {
        match i % 3 {
            0 => b = b.night(cramp_night(date)),
            1 => b = b.night(Night::new(date, NightStatus::None)),
            _ => {}
        }
    }
    b = b.night(Night::new(d("2026-10-31"), NightStatus::Unknown));
    let a = run(&b.done());
    assert_eq!(a.period.from, d("2026-10-01"));
    assert_eq!(a.period.to, d("2026-10-31"));
    assert_eq!(
        (a.nights.calendar, a.nights.logged, a.nights.cramp, a.nights.none, a.nights.unknown),
        (31, 21, 10, 10, 1)
    );
    assert!((a.summary.cramp_nights_per_week.unwrap() - 3.5).abs() < 1e-9);
    assert_eq!(a.summary.cramps_by_hour[3], 10);
    // A chosen period.
    let o = AnalysisOptions { from: Some(d("2026-10-11")), to: Some(d("2026-10-20")) };
    let b = analyze_with(&Build::new().night(cramp_night(d("2026-10-12"))).done(), d(TODAY), &o);
    assert_eq!(b.nights.calendar, 10);
    assert_eq!(b.nights.logged, 1);
}

#[test]
fn future_nights_are_ignored_and_empty_diary_works() {
    let a = run(&Diary::default());
    assert_eq!(a.nights.logged, 0);
    assert!(a.findings.is_empty());
    assert_eq!(a.summary.cramp_nights_per_week, None);
    let diary = Build::new().night(cramp_night(d("2026-11-20"))).night(cramp_night(d("2026-12-01"))).done();
    let a = run(&diary);
    assert_eq!(a.period.to, d("2026-11-20"));
    assert_eq!(a.nights.cramp, 1);
}

#[test]
fn conditions_map_to_causes_with_what_the_diary_shows() {
    let mut rng = Rng::new(1000);
    let diary = Build::new()
        .nights(&mut rng, d("2026-09-01"), 60, |_| 0.3, |_| 1.0)
        .condition("Type 2 diabetes")
        .condition("lumbar spinal stenosis")
        .condition("hypothyroidism")
        .condition("CKD stage 3")
        .condition("glaucoma")
        .symptom("2026-09-10", cramp_diary::SymptomKind::NumbnessTingling, None)
        .done();
    let a = run(&diary);
    let conds: Vec<&Finding> = a.findings.iter().filter(|f| f.kind == FindingKind::Condition).collect();
    let causes: Vec<Option<&str>> = conds.iter().map(|f| f.cause).collect();
    for c in ["diabetes", "nerve_compression", "thyroid", "kidney_disease"] {
        assert!(causes.contains(&Some(c)), "{c}: {causes:?}");
    }
    assert!(causes.contains(&None), "glaucoma: not a documented cause");
    let diab = conds.iter().find(|f| f.cause == Some("diabetes")).unwrap();
    assert!(diab.message.contains("numbness or tingling on 1 day"), "{}", diab.message);
    // Every cause of the knowledge base says what this diary shows.
    assert_eq!(a.causes.len(), cramp_diary::knowledge::knowledge().causes.len());
    assert!(a.causes.iter().all(|c| !c.your_diary.is_empty()));
    let k = a.causes.iter().find(|c| c.id == "kidney_disease").unwrap();
    assert!(k.your_diary.contains("CKD stage 3"));
}

#[test]
fn trend_rising_is_detected() {
    let mut rng = Rng::new(1100);
    let from = d("2026-01-01");
    let diary =
        Build::new().nights(&mut rng, from, 300, |x| 0.05 + 0.5 * (x - from).num_days() as f64 / 300.0, |_| 1.0).done();
    let a = run(&diary);
    assert_eq!(a.summary.trend.direction, "rising", "{:?}", a.summary.trend);
    assert!(a.summary.trend.ci_low.unwrap() > 1.0);
    assert!(a.findings.iter().any(|f| f.kind == FindingKind::Trend));
}

/// Ten years of nights, drinks, exertion and medicines are analysed whole. (How fast is a
/// criterion benchmark's business: `analysis/analyze_in_memory/10` in benches/core.rs and
/// `analyze_10y` in benches/report.rs, not a timed test.)
#[test]
fn ten_year_diary_is_analysed_whole() {
    let mut rng = Rng::new(1200);
    let from = d("2016-11-24");
    let mut b = Build::new().nights(&mut rng, from, 3650, |_| 0.3, |_| 0.9);
    for (i, date) in days(from, 3650).enumerate() {
        let ml = rng.normal(1800.0, 400.0).max(200.0);
        b = b.fluids(date, ml);
        b.day_mut(date).exertion = Some((i % 10) as u8);
    }
    for y in 0..10 {
        let s = from + Duration::days(365 * y + 100);
        b = b.med(
            ["Lasix", "Lipitor", "metoprolol", "omeprazole", "Symbicort"][y as usize % 5],
            &s.to_string(),
            Some(&(s + Duration::days(200)).to_string()),
        );
    }
    let diary = b.condition("type 2 diabetes").done();
    let a = analyze(&diary, d(TODAY));
    assert!(a.nights.calendar >= 3640, "{}", a.nights.calendar);
}

/// The CLI's plain text: the numbers, tier headings in order, and no diagnosis.
#[test]
fn render_text_shows_numbers_and_tiers() {
    let start = d("2026-05-01");
    let diary = Build::new()
        .nights(&mut Rng::new(5), d("2025-01-01"), 690, |x| if x < start { 0.15 } else { 0.45 }, |_| 1.0)
        .med("HCTZ 25 mg", "2026-05-01", None)
        .symptom("2026-10-26", cramp_diary::SymptomKind::ColdPaleLeg, None)
        .symptom("2026-11-22", cramp_diary::SymptomKind::CalfSwelling, Some(cramp_diary::Side::Right))
        .done();
    let a = run(&diary);
    let text = render_text(&a);
    let urgent = text.find("URGENT: see a doctor or nurse today").expect(&text);
    let next = text.find("Mention at your next visit").expect(&text);
    assert!(urgent < next);
    assert!(text.contains("HCTZ 25 mg [likely_link]"), "{text}");
    assert!(text.contains("times the rate (95% interval"), "{text}");
    assert!(text.contains("Cramp nights per week:"));
    assert!(text.contains("not a diagnosis"));
    // The old cold-leg flag is listed for the next visit, with its date.
    assert!(text.contains("2026-10-26"), "{text}");
}

/// The pipeline's interval on independent, evenly spread nights is the log-scale interval
/// with the binomial variance of each side (1/y − 1/n), on Student's t: 21 of 40 nights
/// after against 4 of 28 before (RR 3.675), as in the v1 contract's example.
#[test]
fn finding_interval_is_the_log_scale_interval_on_its_counts() {
    let start = d("2026-03-01");
    let mut b = Build::new();
    // Before: the 28 nights ending 15 nights before the start (the run-in is left out).
    for (i, date) in days(start - Duration::days(42), 28).enumerate() {
        b = b.night(if i % 7 == 3 { cramp_night(date) } else { Night::new(date, NightStatus::None) });
    }
    // After: from the thiazide's onset lag, 21 cramp nights spread over 40.
    for (i, date) in days(start + Duration::days(14), 40).enumerate() {
        b = b.night(if i * 21 / 40 != (i + 1) * 21 / 40 {
            cramp_night(date)
        } else {
            Night::new(date, NightStatus::None)
        });
    }
    let a = run(&b.med("Hydrochlorothiazide", "2026-03-01", None).done());
    let f = find(&a, FindingKind::MedicationStart, "Hydrochlorothiazide");
    let (bw, aw) = (f.before.as_ref().unwrap(), f.after.as_ref().unwrap());
    assert_eq!((bw.logged_nights, bw.cramp_nights, aw.logged_nights, aw.cramp_nights), (28, 4, 40, 21));
    assert!((f.rate_ratio.unwrap() - 3.675).abs() < 1e-12);
    assert_eq!(f.dispersion, Some(1.0), "evenly spread nights show no runs");
    let se = (1.0 / 21.0 - 1.0 / 40.0 + 1.0 / 4.0 - 1.0 / 28.0f64).sqrt();
    let (lo, hi) = (f.ci_low.unwrap(), f.ci_high.unwrap());
    assert!(((lo * hi).sqrt() - 3.675).abs() < 1e-9, "centred on the estimate on the log scale");
    // t with 66 degrees of freedom at 95%: 1.9966.
    let t = (hi / lo).ln() / 2.0 / se;
    assert!((t - 1.9966).abs() < 1e-3, "{t}");
    assert_eq!(f.ci_level, Some(0.95));
    assert_eq!(f.method, Some(Method::PoissonHac));
    assert_eq!(f.measure, Some(Measure::Nights));
}

/// With a chosen period, events inside it still get full windows from the nights around it,
/// while the night counts and summary cover the period only.
#[test]
fn chosen_period_windows_use_nights_around_it() {
    let start = d("2026-05-01");
    let diary = Build::new()
        .nights(&mut Rng::new(9), d("2026-01-01"), 325, |x| if x < start { 0.15 } else { 0.45 }, |_| 1.0)
        .med("Hydrochlorothiazide", "2026-05-01", None)
        .done();
    let o = AnalysisOptions { from: Some(d("2026-04-25")), to: Some(d("2026-05-31")) };
    let a = analyze_with(&diary, d(TODAY), &o);
    check_words(&a);
    assert_eq!(a.nights.calendar, 37);
    let f = find(&a, FindingKind::MedicationStart, "Hydrochlorothiazide");
    let before = f.before.as_ref().unwrap();
    assert!(before.from < d("2026-04-25") && before.logged_nights >= 28, "{before:?}");
    assert_eq!(f.after.as_ref().unwrap().to, start + Duration::days(182));
    // A start outside the chosen period is not analysed.
    let o = AnalysisOptions { from: Some(d("2026-06-01")), to: Some(d("2026-07-31")) };
    let a = analyze_with(&diary, d(TODAY), &o);
    assert!(a.findings.iter().all(|f| f.kind != FindingKind::MedicationStart));
}
