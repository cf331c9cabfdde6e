//! Calibration goals of the analysis (docs/VALIDATION.md) and checks that the simulator
//! itself produces what the goals assume.

use chrono::{Datelike, Duration};
use cramp_diary::calibration::*;
use cramp_diary::knowledge::classify_medication;
use cramp_diary::{Diary, NightStatus};

const SEED: u64 = 2026;

/// (cramp nights, known nights, runs of consecutive cramp nights, missing nights) of a diary.
fn counts(d: &Diary, calendar: i64) -> (usize, usize, usize, usize) {
    let cramps = d.nights.iter().filter(|n| n.status == NightStatus::Cramps).count();
    let runs = d
        .nights
        .iter()
        .enumerate()
        .filter(|(i, n)| {
            n.status == NightStatus::Cramps
                && (*i == 0 || {
                    let p = &d.nights[i - 1];
                    p.status != NightStatus::Cramps || p.date + Duration::days(1) != n.date
                })
        })
        .count();
    (cramps, d.nights.len(), runs, calendar as usize - d.nights.len())
}

fn share_between(d: &Diary, from: chrono::NaiveDate, to: chrono::NaiveDate) -> (usize, usize) {
    let w: Vec<_> = d.nights.iter().filter(|n| n.date >= from && n.date <= to).collect();
    (w.iter().filter(|n| n.status == NightStatus::Cramps).count(), w.len())
}

#[test]
fn null_diaries_are_clustered_with_a_fifth_of_nights_and_three_percent_missing() {
    let (mut c, mut k, mut r, mut m) = (0, 0, 0, 0);
    for i in 0..60 {
        let d = null_diary(&mut diary_rng(SEED, 0, i), TODAY);
        assert!(d.nights.windows(2).all(|w| w[0].date < w[1].date), "nights sorted");
        assert!(d.days.windows(2).all(|w| w[0].date < w[1].date), "days sorted");
        assert!(d.nights.first().unwrap().date >= TODAY - Duration::days(365));
        assert!(d.nights.last().unwrap().date < TODAY);
        assert!(d.nights.iter().all(|n| (n.status == NightStatus::Cramps) == (1..=3).contains(&n.episodes.len())
            || n.status == NightStatus::None && n.episodes.is_empty()));
        let (ci, ki, ri, mi) = counts(&d, 365);
        (c, k, r, m) = (c + ci, k + ki, r + ri, m + mi);

        assert_eq!(d.medications.len(), 5);
        assert!(d.medications.windows(2).all(|w| w[0].started <= w[1].started), "medications sorted");
        let mut generics: Vec<_> = d
            .medications
            .iter()
            .map(|x| {
                let matched = classify_medication(&x.name);
                assert!(!matched.classes.is_empty(), "{} has a documented class", x.name);
                assert!(x.started > TODAY - Duration::days(365) && x.started < TODAY);
                assert!(x.stopped.is_none_or(|s| s > x.started && s < TODAY));
                matched.generics[0]
            })
            .collect();
        generics.sort();
        generics.dedup();
        assert_eq!(generics.len(), 5, "five distinct generics");
        let ml: f64 = d.days.iter().map(|x| x.total_ml()).sum::<f64>() / d.days.len() as f64;
        assert!((1600.0..2000.0).contains(&ml), "fluids around 1800 mL: {ml}");
    }
    let share = c as f64 / k as f64;
    let run = c as f64 / r as f64;
    let missing = m as f64 / (60.0 * 365.0);
    assert!((0.17..0.26).contains(&share), "cramp share {share}");
    // Runs of 2 to 7 nights on average (uniform over diaries): 4.5 overall.
    assert!(run > 3.5, "mean run length {run}");
    assert!((0.02..0.04).contains(&missing), "missing share {missing}");
}

#[test]
fn null_diaries_have_more_cramps_in_winter_when_seasonal() {
    let (mut winter, mut summer) = ((0, 0), (0, 0));
    for i in 0..100 {
        for n in &null_diary(&mut diary_rng(SEED, 0, i), TODAY).nights {
            let slot = match n.date.month() {
                12 | 1 | 2 => &mut winter,
                6..=8 => &mut summer,
                _ => continue,
            };
            slot.0 += (n.status == NightStatus::Cramps) as usize;
            slot.1 += 1;
        }
    }
    let (w, s) = (winter.0 as f64 / winter.1 as f64, summer.0 as f64 / summer.1 as f64);
    assert!(w > 1.3 * s, "winter {w} vs summer {s}");
}

#[test]
fn effect_diaries_carry_the_effect_they_claim() {
    let lag = Duration::days(EFFECT_LAG);
    let (mut before, mut after) = ((0, 0), (0, 0));
    let add = |a: &mut (usize, usize), b: (usize, usize)| *a = (a.0 + b.0, a.1 + b.1);
    for i in 0..40 {
        let d = thiazide_effect_diary(&mut diary_rng(SEED, 1, i), TODAY);
        let s = Effect::Thiazide.event_date(TODAY).unwrap();
        assert_eq!(d.medications.len(), 1);
        assert_eq!(d.medications[0].started, s);
        add(&mut before, share_between(&d, s - Duration::days(120), s - Duration::days(1)));
        add(&mut after, share_between(&d, s + lag, TODAY));

        let d = dose_step_diary(&mut diary_rng(SEED, 2, i), TODAY);
        let step = Effect::DoseStep.event_date(TODAY).unwrap();
        let m = &d.medications;
        assert_eq!((m[0].name.as_str(), m[0].dose.as_str(), m[1].dose.as_str()), ("Furosemide", "20 mg", "40 mg"));
        assert_eq!((m[0].stopped, m[1].started), (Some(step - Duration::days(1)), step));
        assert!(m[0].started < d.nights[0].date);
        add(&mut before, share_between(&d, step - Duration::days(180), step - Duration::days(1)));
        add(&mut after, share_between(&d, step + lag, TODAY));

        let d = dechallenge_diary(&mut diary_rng(SEED, 3, i), TODAY);
        let start = Effect::Dechallenge.event_date(TODAY).unwrap();
        assert_eq!(d.medications[0].started, start);
        let stop = d.medications[0].stopped.unwrap();
        add(&mut after, share_between(&d, d.medications[0].started + lag, stop));
        add(&mut before, share_between(&d, stop + lag + Duration::days(10), TODAY));
    }
    let (b, a) = (before.0 as f64 / before.1 as f64, after.0 as f64 / after.1 as f64);
    assert!((0.15..0.27).contains(&b), "share without the effect {b}");
    assert!((0.42..0.58).contains(&a), "share with the effect {a}");

    let (mut low, mut other) = ((0, 0), (0, 0));
    for i in 0..40 {
        let d = low_fluid_diary(&mut diary_rng(SEED, 4, i), TODAY);
        let mut ml: Vec<f64> = d.days.iter().map(|x| x.total_ml()).collect();
        ml.sort_by(f64::total_cmp);
        let p25 = ml[ml.len() / 4];
        for n in &d.nights {
            let slot = if d.day(n.date).unwrap().total_ml() < p25 { &mut low } else { &mut other };
            *slot = (slot.0 + (n.status == NightStatus::Cramps) as usize, slot.1 + 1);
        }
    }
    let (l, o) = (low.0 as f64 / low.1 as f64, other.0 as f64 / other.1 as f64);
    assert!(l > 0.4 && o < 0.22, "low-fluid nights {l}, other nights {o}");
}

#[test]
fn simulation_is_reproducible() {
    let a = null_diary(&mut diary_rng(SEED, 0, 7), TODAY);
    let b = null_diary(&mut diary_rng(SEED, 0, 7), TODAY);
    assert_eq!(a, b);
    assert_ne!(a, null_diary(&mut diary_rng(SEED, 0, 8), TODAY));
}

// Goals. The version-1 engine failed the null goals and the thiazide goal (docs/VALIDATION.md).

#[test]
fn null_diaries_rarely_raise_false_alarms() {
    let r = null_rates(SEED, 200, TODAY);
    let (l, v) = (r.false_likely_link, r.false_next_visit);
    assert!(
        l <= GOAL_FALSE_LIKELY_LINK && v <= GOAL_FALSE_NEXT_VISIT,
        "of 200 null diaries {:.1}% got a false likely_link (goal <= 5%) and {:.1}% a false next-visit \
         mention (goal <= 10%); first ones with a false likely_link: {:?}",
        100.0 * l,
        100.0 * v,
        r.likely_link_examples
    );
}

fn assert_power(effect: Effect, n: usize) {
    let p = power(effect, SEED, n, TODAY);
    let goal = TEST_POWER;
    assert!(
        p.found >= goal,
        "{}: {:.1}% of {n} found as likely_link (goal >= {:.0}%)",
        effect.name(),
        100.0 * p.found,
        100.0 * goal
    );
}

/// One power test an effect: its name, the effect and how many diaries.
macro_rules! power_test {
    ($($name:ident: $effect:ident, $n:literal;)*) => {
        $(#[test]
        fn $name() {
            assert_power(Effect::$effect, $n);
        })*
    };
}

power_test! {
    thiazide_start_is_found: Thiazide, 100;
    dose_step_is_found: DoseStep, 100;
    dechallenge_is_found: Dechallenge, 100;
    low_fluid_link_is_found: LowFluid, 100;
}

/// The effect diaries have no season. A dose step on a medicine taken through the whole
/// diary must not be read as one: the season fit gives the dose change its own column
/// (without it, 19 of these 200 diaries got a season and none of those found the step).
#[test]
fn a_dose_step_is_not_read_as_season() {
    let stream = Effect::ALL.iter().position(|e| *e == Effect::DoseStep).unwrap() as u64 + 1;
    let seasoned: Vec<usize> = (0..200)
        .filter(|&i| {
            let d = Effect::DoseStep.diary(&mut diary_rng(SEED, stream, i), TODAY);
            cramp_diary::analysis::analyze(&d, TODAY).season.is_some()
        })
        .collect();
    assert!(seasoned.len() <= 4, "{} of 200 dose-step diaries got a season: {seasoned:?}", seasoned.len());
}
