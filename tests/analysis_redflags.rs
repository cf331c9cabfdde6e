//! Every red-flag rule of causes.md, by tier, through `red_flags` (the check after each
//! save) and through `analyze`.

mod common;

use chrono::Duration;
use common::*;
use cramp_diary::analysis::{analyze, red_flags, Finding, FindingKind, Tier, RED_FLAG_RULES};
use cramp_diary::{Episode, Night, NightStatus, Relief, Side, SymptomKind as S};

const TODAY: &str = "2026-11-23";

fn flags(b: Build) -> Vec<Finding> {
    let f = red_flags(&b.done(), d(TODAY));
    let tiers: Vec<Tier> = f.iter().map(|x| x.tier).collect();
    let mut sorted = tiers.clone();
    sorted.sort();
    assert_eq!(tiers, sorted, "sorted by tier");
    for x in &f {
        assert!(!x.evidence.is_empty(), "{}: evidence", x.id);
        assert!(!x.message.is_empty() && !x.advice.is_empty());
        let words = format!("{} {}", x.message, x.advice).to_lowercase();
        assert!(!words.contains("stop taking") && !words.contains("diagnos"), "{words}");
    }
    f
}

fn rule<'a>(f: &'a [Finding], id: &str) -> &'a Finding {
    f.iter()
        .find(|x| x.id.split(':').nth(1) == Some(id))
        .unwrap_or_else(|| panic!("no {id}: {:?}", f.iter().map(|x| &x.id).collect::<Vec<_>>()))
}

fn has(f: &[Finding], id: &str) -> bool {
    f.iter().any(|x| x.id.split(':').nth(1) == Some(id))
}

const DAY: &str = "2026-11-21";

#[test]
fn leg_pain_with_breathlessness_is_an_emergency() {
    let f = flags(Build::new().symptom(DAY, S::CalfSwelling, Some(Side::Left)).symptom(
        DAY,
        S::BreathlessnessOrChestPain,
        None,
    ));
    let x = rule(&f, "leg_and_chest");
    assert_eq!(x.tier, Tier::Emergency);
    assert_eq!(x.cause, Some("dvt"));
    assert_eq!(f[0].id, x.id, "emergency first");
    assert!(x.advice.contains("emergency services"));
    assert!(x.evidence.iter().any(|e| e.symptom == "breathlessness_or_chest_pain" && e.date == d(DAY)));
    // On neighbouring days too.
    let f = flags(Build::new().symptom("2026-11-20", S::PersistentPain, None).symptom(
        DAY,
        S::BreathlessnessOrChestPain,
        None,
    ));
    assert_eq!(rule(&f, "leg_and_chest").tier, Tier::Emergency);
}

#[test]
fn breathlessness_alone_is_urgent() {
    let f = flags(Build::new().symptom(DAY, S::BreathlessnessOrChestPain, None));
    assert_eq!(rule(&f, "breathlessness_or_chest_pain").tier, Tier::Urgent);
    assert!(!has(&f, "leg_and_chest"));
}

#[test]
fn cold_pale_leg_is_an_emergency() {
    let f = flags(Build::new().symptom(DAY, S::ColdPaleLeg, Some(Side::Right)));
    let x = rule(&f, "cold_pale_leg");
    assert_eq!(x.tier, Tier::Emergency);
    assert_eq!(x.evidence[0].side, Some(Side::Right));
}

#[test]
fn saddle_numbness_or_weakness_in_both_legs_is_an_emergency() {
    let f = flags(Build::new().symptom(DAY, S::SaddleNumbnessOrBladderChange, None));
    assert_eq!(rule(&f, "saddle_bladder_or_both_legs_weak").tier, Tier::Emergency);
    let f = flags(Build::new().symptom(DAY, S::MuscleWeakness, Some(Side::Both)));
    assert_eq!(rule(&f, "saddle_bladder_or_both_legs_weak").tier, Tier::Emergency);
    assert!(!has(&f, "muscle_weakness"));
}

#[test]
fn one_sided_calf_signs_are_urgent_and_higher_priority_on_raloxifene() {
    for k in [S::CalfSwelling, S::LegWarmth, S::LegRedness, S::CalfTenderness] {
        let f = flags(Build::new().symptom(DAY, k, Some(Side::Left)));
        let x = rule(&f, "dvt_signs");
        assert_eq!(x.tier, Tier::Urgent, "{k:?}");
        assert_eq!(x.cause, Some("dvt"));
        assert!(x.advice.contains("today"));
        assert_eq!(x.raised_by, None);
    }
    let f = flags(Build::new().symptom(DAY, S::PersistentPain, None));
    assert_eq!(rule(&f, "dvt_signs").tier, Tier::Urgent);
    // Both legs: not the one-sided DVT pattern, but still worth a mention.
    let f = flags(Build::new().symptom(DAY, S::CalfSwelling, Some(Side::Both)));
    assert!(!has(&f, "dvt_signs"));
    assert_eq!(rule(&f, "both_legs_swollen").tier, Tier::NextVisit);
    // On raloxifene (or estrogen): higher priority, listed first among urgent flags.
    let f = flags(
        Build::new().med("Evista 60 mg", "2026-01-01", None).symptom(DAY, S::CalfTenderness, Some(Side::Left)).symptom(
            DAY,
            S::CrampOver10Min,
            None,
        ),
    );
    let x = rule(&f, "dvt_signs");
    assert_eq!(x.raised_by.as_deref(), Some("Evista 60 mg"));
    assert!(x.message.contains("raises the chance of a clot"));
    assert_eq!(f[0].id, x.id);
    let f = flags(Build::new().med("Premarin", "2026-01-01", None).symptom(DAY, S::CalfSwelling, Some(Side::Right)));
    assert!(rule(&f, "dvt_signs").raised_by.is_some());
}

#[test]
fn long_cramp_not_eased_by_stretching_is_urgent() {
    let f = flags(Build::new().symptom(DAY, S::CrampOver10Min, None));
    assert_eq!(rule(&f, "long_cramp").tier, Tier::Urgent);
    let long = |relief: Relief| {
        let mut n = Night::new(d(DAY), NightStatus::Cramps);
        n.episodes.push(Episode { duration_min: Some(15.0), relieved_by: vec![relief], ..Default::default() });
        n
    };
    let f = flags(Build::new().night(long(Relief::Massage)));
    let x = rule(&f, "long_cramp");
    assert_eq!(x.tier, Tier::Urgent);
    assert_eq!(x.evidence[0].symptom, "episode_over_10_min");
    assert!(x.evidence[0].detail.as_ref().unwrap().contains("15 min"));
    let f = flags(Build::new().night(long(Relief::Stretching)));
    assert!(!has(&f, "long_cramp"), "eased by stretching");
}

#[test]
fn magnesium_wasting_chemotherapy_with_symptoms_is_urgent() {
    for drug in ["Cisplatin", "Erbitux (cetuximab)", "Vectibix"] {
        let f = flags(Build::new().med(drug, "2026-11-01", Some("2026-11-01")).symptom(DAY, S::NumbnessTingling, None));
        let x = rule(&f, "magnesium_wasting_treatment");
        assert_eq!(x.tier, Tier::Urgent, "{drug}");
        assert!(x.advice.contains("oncology"), "{}", x.advice);
        assert!(has(&f, "numbness"));
    }
    // A cramp night counts as a spasm; a note about palpitations too.
    let f = flags(Build::new().med("cetuximab", "2026-10-01", None).night(cramp_night(d(DAY))));
    assert_eq!(rule(&f, "magnesium_wasting_treatment").tier, Tier::Urgent);
    let mut n = Night::new(d(DAY), NightStatus::None);
    n.notes = "Palpitations in the evening".into();
    let f = flags(Build::new().med("panitumumab", "2026-10-01", None).night(n));
    assert!(rule(&f, "magnesium_wasting_treatment").evidence[0].detail.as_ref().unwrap().contains("palpitation"));
    // Carboplatin is chemotherapy but not on the magnesium list.
    let f = flags(Build::new().med("carboplatin", "2026-10-01", None).night(cramp_night(d(DAY))));
    assert!(!has(&f, "magnesium_wasting_treatment"));
}

#[test]
fn denosumab_with_kidney_disease_is_urgent() {
    let b = || Build::new().med("Prolia", "2026-06-01", Some("2026-06-01")).night(cramp_night(d(DAY)));
    let f = flags(b().condition("chronic kidney disease"));
    assert_eq!(rule(&f, "denosumab_with_kidney_disease").tier, Tier::Urgent);
    let f = flags(b());
    assert!(!has(&f, "denosumab_with_kidney_disease"), "needs kidney disease");
}

#[test]
fn cramps_on_most_nights_or_disturbing_sleep_next_visit() {
    let mut b = Build::new();
    for (i, date) in days(d(TODAY) - Duration::days(27), 28).enumerate() {
        b = b.night(if i % 4 != 0 { cramp_night(date) } else { Night::new(date, NightStatus::None) });
    }
    let f = flags(b);
    let x = rule(&f, "frequent_or_disturbing");
    assert_eq!(x.tier, Tier::NextVisit);
    assert!(x.evidence.len() >= 20);
    // Three nights of high sleep disturbance.
    let mut b = Build::new();
    for k in 0..3 {
        let mut n = cramp_night(d(TODAY) - Duration::days(k * 3 + 1));
        n.sleep_disturbance = Some(8);
        b = b.night(n);
    }
    assert_eq!(rule(&flags(b), "frequent_or_disturbing").tier, Tier::NextVisit);
    // A few ordinary cramp nights: no flag.
    let f = flags(Build::new().night(cramp_night(d(DAY))));
    assert!(!has(&f, "frequent_or_disturbing"));
}

#[test]
fn numbness_weakness_and_look_alikes_next_visit() {
    let f = flags(Build::new().symptom(DAY, S::NumbnessTingling, None));
    let x = rule(&f, "numbness");
    assert_eq!((x.tier, x.cause), (Tier::NextVisit, Some("neuropathy")));
    let f = flags(Build::new().symptom(DAY, S::MuscleWeakness, Some(Side::Left)));
    assert_eq!(rule(&f, "muscle_weakness").tier, Tier::NextVisit);
    let f = flags(Build::new().symptom(DAY, S::PainWhenWalking, None));
    let x = rule(&f, "pad");
    assert_eq!((x.kind, x.tier, x.cause), (FindingKind::LookAlike, Tier::NextVisit, Some("pad")));
    assert!(x.id.starts_with("look_alike:pad:"));
    let f = flags(Build::new().symptom(DAY, S::UrgeToMoveLegs, None));
    let x = rule(&f, "restless_legs");
    assert_eq!((x.kind, x.tier, x.cause), (FindingKind::LookAlike, Tier::NextVisit, Some("restless_legs")));
}

#[test]
fn every_rule_has_a_test_above() {
    assert_eq!(RED_FLAG_RULES.len(), 14);
}

#[test]
fn old_acute_flags_are_for_the_next_visit_and_not_in_the_banner() {
    let old = "2026-09-01";
    let mut rng = Rng::new(1);
    let b = || {
        Build::new()
            .nights(&mut Rng::new(1), d("2026-08-01"), 100, |_| 0.2, |_| 1.0)
            .symptom(old, S::CalfSwelling, Some(Side::Left))
            .symptom(old, S::ColdPaleLeg, None)
    };
    let _ = rng.next_u64();
    assert!(red_flags(&b().done(), d(TODAY)).is_empty());
    let a = analyze(&b().done(), d(TODAY));
    let x = a.findings.iter().find(|f| f.id.starts_with("red_flag:dvt_signs:")).unwrap();
    assert_eq!((x.tier, x.recent), (Tier::NextVisit, Some(false)));
    assert!(x.advice.contains("some time ago"));
    let y = a.findings.iter().find(|f| f.id.starts_with("red_flag:cold_pale_leg:")).unwrap();
    assert_eq!(y.tier, Tier::NextVisit);
    // Recent ones in analyze keep their tier.
    let a = analyze(&b().symptom(DAY, S::ColdPaleLeg, None).done(), d(TODAY));
    assert_eq!(a.findings[0].tier, Tier::Emergency);
    assert_eq!(a.findings[0].recent, Some(true));
}

#[test]
fn a_rise_after_starting_a_medicine_is_for_the_next_visit() {
    let start = d("2026-05-01");
    let diary = Build::new()
        .nights(&mut Rng::new(42), d("2026-01-01"), 300, |x| if x < start { 0.1 } else { 0.45 }, |_| 1.0)
        .med("Aldactone", "2026-05-01", None)
        .done();
    let a = analyze(&diary, d(TODAY));
    let f = a.findings.iter().find(|f| f.kind == FindingKind::MedicationStart).unwrap();
    assert_eq!(f.tier, Tier::NextVisit);
    assert!(f.advice.contains("don't stop or change a prescribed medicine on your own"));
}
