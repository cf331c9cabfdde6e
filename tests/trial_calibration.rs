//! Calibration of the self-experiment verdict on seeded simulated trials
//! (docs/VALIDATION.md, "Self-experiments"): how often `helped` is said when the remedy does
//! nothing, and when it halves cramp nights.

use cramp_diary::trial::simulate::{tally, trial, Scenario, SCENARIOS, SEED};
use cramp_diary::trial::{analyze, Arm};
use cramp_diary::NightStatus;

/// Trials per scenario here (the published run uses 1000).
const N: usize = 300;

fn scenario(name: &str) -> &'static Scenario {
    SCENARIOS.iter().find(|s| s.name == name).unwrap()
}

#[test]
fn no_effect_is_judged_helped_in_at_most_5_percent() {
    for s in SCENARIOS.iter().filter(|s| s.effect == 1.0) {
        let t = tally(s, SEED, N);
        assert!(t.helped_share() <= 0.05, "{}: {:?}", s.name, t);
        assert_eq!(t.trials, t.helped + t.no_clear_difference + t.not_enough_data);
    }
}

#[test]
fn a_remedy_that_halves_cramp_nights_is_found_more_often_with_more_nights() {
    let share = |name| tally(scenario(name), SEED, N).helped_share();
    let default = share("halves cramp nights");
    let long = share("halves, 3 pairs of 14 nights");
    let longer = share("halves, 4 pairs of 14 nights");
    // Measured, not hoped for: the default plan finds a halving in fewer than 80% of trials
    // (docs/VALIDATION.md); longer plans find it more often.
    assert!(default >= 0.25, "default plan {default}");
    assert!(long > default && longer > long, "{default} {long} {longer}");
    assert!(longer >= 0.5, "4 pairs of 14 nights {longer}");
}

#[test]
fn the_simulator_gives_what_the_scenarios_say() {
    let s = scenario("halves cramp nights");
    let (mut on, mut off, mut missing, mut nights, mut kept, mut recorded) = ((0, 0), (0, 0), 0, 0, 0, 0);
    for i in 0..200 {
        let (diary, t, today) = trial(s, SEED, i);
        assert_eq!(today, t.design.end().succ_opt().unwrap());
        for b in t.design.blocks() {
            for date in b.from.iter_days().take_while(|d| *d <= b.to) {
                nights += 1;
                let Some(n) = diary.night(date) else {
                    missing += 1;
                    continue;
                };
                let side = if b.arm == Arm::Remedy { &mut on } else { &mut off };
                side.0 += (n.status == NightStatus::Cramps) as u32;
                side.1 += 1;
            }
        }
        kept += t.adherence.iter().filter(|a| a.done).count();
        recorded += t.adherence.len();
        let r = analyze(&diary, &t, today);
        assert_eq!(
            r.missing_nights as usize,
            t.design.blocks().iter().map(|b| (b.to - b.from).num_days() as usize + 1).sum::<usize>()
                - (r.remedy.logged_nights + r.control.logged_nights) as usize
        );
    }
    let per_week = |x: (u32, u32)| 7.0 * x.0 as f64 / x.1 as f64;
    let (remedy, control) = (per_week(on), per_week(off));
    assert!((3.6..=4.4).contains(&control), "control {control} a week (base 3 to 5)");
    assert!((0.5..0.65).contains(&(remedy / control)), "ratio {} (half, 90% adherence)", remedy / control);
    assert!((0.03..0.07).contains(&(missing as f64 / nights as f64)), "missing {missing} of {nights}");
    assert!((0.87..0.93).contains(&(kept as f64 / recorded as f64)), "adherence {kept}/{recorded}");
}

#[test]
fn the_same_seed_gives_the_same_simulated_trials_and_tallies() {
    let s = scenario("no effect, long bad spells (5 nights)");
    assert_eq!(trial(s, SEED, 3), trial(s, SEED, 3));
    assert_ne!(trial(s, SEED, 3).0, trial(s, SEED, 4).0);
    assert_eq!(tally(s, SEED, 50), tally(s, SEED, 50));
}
