//! Seeded simulated trials: how often [`analyze`](super::analyze) says `helped` when the
//! remedy works and when it does nothing (docs/VALIDATION.md, tests/trial_calibration.rs).
//!
//! Nights follow a two-state chain (cramp night or not) with runs of bad nights: each
//! night's chance of cramps depends on the night before, set so that the long-run share is
//! the person's base rate, times the effect on remedy nights that were kept to, times a
//! natural drift over the weeks.

use chrono::{DateTime, Days, FixedOffset, NaiveDate};

use super::{analyze, design, Adherence, Arm, PlanRequest, Remedy, Trial, TrialResult, Verdict};
use crate::calibration::{diary_rng, Rng};
use crate::domain::{Diary, Night, NightStatus};

/// The first night of every simulated plan (never the clock).
pub const START: NaiveDate = NaiveDate::from_ymd_opt(2026, 3, 2).unwrap();

/// What is simulated.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Scenario {
    /// Short name, for the tables.
    pub name: &'static str,
    /// Base rate of cramp nights a week, drawn uniformly per trial from this range.
    pub base_per_week: (f64, f64),
    /// Mean run length of a bad spell, in nights.
    pub run_nights: f64,
    /// Share of cramp nights on remedy nights kept to, relative to control (1 = no effect).
    pub effect: f64,
    /// Base rate at the last night relative to the first (1 = steady; 0.7 = natural improvement).
    pub drift: f64,
    /// Share of nights not logged (at random).
    pub missing: f64,
    /// Share of block nights kept to their arm (a remedy night not kept has no effect).
    pub adherence: f64,
    /// Pairs after which the trial is stopped early, if any.
    pub stop_after_pairs: Option<u32>,
    /// Pairs of blocks.
    pub pairs: u32,
    /// Nights per block.
    pub block_nights: u32,
}

impl Scenario {
    /// The default plan (3 pairs of 7 nights), 3–5 cramp nights a week in runs of 2.5 nights,
    /// 5% of nights missing, 90% adherence, steady, with the given effect.
    pub const fn standard(name: &'static str, effect: f64) -> Scenario {
        Scenario {
            name,
            base_per_week: (3.0, 5.0),
            run_nights: 2.5,
            effect,
            drift: 1.0,
            missing: 0.05,
            adherence: 0.9,
            stop_after_pairs: None,
            pairs: 3,
            block_nights: 7,
        }
    }
}

impl Scenario {
    /// A remedy that halves cramp nights, for a person with `rate` ± 0.5 cramp nights a week,
    /// under a plan of `pairs` × `block_nights` (the power table, [`power`](super::power)).
    pub fn halving_at(rate: u32, pairs: u32, block_nights: u32) -> Scenario {
        let r = rate as f64;
        Scenario {
            base_per_week: ((r - 0.5).max(0.25), (r + 0.5).min(7.0)),
            pairs,
            block_nights,
            ..Scenario::standard("halves, power table", 0.5)
        }
    }
}

/// The scenarios published in docs/VALIDATION.md.
pub const SCENARIOS: &[Scenario] = &[
    Scenario::standard("no effect", 1.0),
    Scenario { drift: 0.6, ..Scenario::standard("no effect, cramps easing by themselves (to 60%)", 1.0) },
    Scenario { run_nights: 5.0, ..Scenario::standard("no effect, long bad spells (5 nights)", 1.0) },
    Scenario::standard("halves cramp nights", 0.5),
    Scenario { drift: 0.6, ..Scenario::standard("halves, cramps easing by themselves", 0.5) },
    Scenario { missing: 0.2, ..Scenario::standard("halves, 20% of nights missing", 0.5) },
    Scenario { adherence: 0.7, ..Scenario::standard("halves, 70% adherence", 0.5) },
    Scenario { stop_after_pairs: Some(2), ..Scenario::standard("halves, stopped after 2 pairs", 0.5) },
    Scenario { pairs: 4, ..Scenario::standard("halves, 4 pairs", 0.5) },
    Scenario { block_nights: 14, ..Scenario::standard("no effect, 3 pairs of 14 nights", 1.0) },
    Scenario { block_nights: 14, ..Scenario::standard("halves, 3 pairs of 14 nights", 0.5) },
    Scenario { pairs: 4, block_nights: 14, ..Scenario::standard("no effect, 4 pairs of 14 nights", 1.0) },
    Scenario { pairs: 4, block_nights: 14, ..Scenario::standard("halves, 4 pairs of 14 nights", 0.5) },
    Scenario { pairs: 5, block_nights: 28, ..Scenario::standard("no effect, 5 pairs of 28 nights", 1.0) },
    Scenario { pairs: 5, block_nights: 28, ..Scenario::standard("halves, 5 pairs of 28 nights", 0.5) },
    Scenario {
        run_nights: 5.0,
        pairs: 5,
        block_nights: 28,
        ..Scenario::standard("no effect, long bad spells, 5 pairs of 28 nights", 1.0)
    },
];

/// The seed of the published run.
pub const SEED: u64 = 15;

fn planned_at() -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339("2026-03-02T09:00:00+00:00").expect("a fixed moment")
}

/// Simulated trial `i` of `scenario` under `seed`: the diary, the stored trial and the
/// morning after its end (or its stop).
pub fn trial(s: &Scenario, seed: u64, i: usize) -> (Diary, Trial, NaiveDate) {
    let mut rng: Rng = diary_rng(seed, 0x7472_6961_6c00, i);
    let mut req = PlanRequest::new(Remedy::Stretching, rng.next_u64());
    req.pairs = Some(s.pairs);
    req.block_nights = Some(s.block_nights);
    req.start = Some(START);
    let design = design(&req, &Diary::default(), START).expect("the simulated plan is valid");
    let base = (s.base_per_week.0 + (s.base_per_week.1 - s.base_per_week.0) * rng.f64()) / 7.0;
    let stay = 1.0 - 1.0 / s.run_nights;
    let end = design.end();
    let span = (end - design.baseline_from).num_days().max(1) as f64;
    let stop = s.stop_after_pairs.map(|p| plus(design.start, 2 * p * design.block_nights));
    let last = stop.map_or(end, |s| s.pred_opt().unwrap_or(s));
    let mut nights = Vec::new();
    let mut adherence = Vec::new();
    let mut cramp = rng.chance(base);
    for date in design.baseline_from.iter_days().take_while(|d| *d <= last) {
        let t = (date - design.baseline_from).num_days() as f64 / span;
        let mut share = base * (1.0 + (s.drift - 1.0) * t);
        if let Some(b) = design.block_on(date) {
            let kept = rng.chance(s.adherence);
            adherence.push(Adherence { date, done: kept });
            if b.arm == Arm::Remedy && kept {
                share *= s.effect;
            }
        }
        let share = share.clamp(0.001, 0.95);
        // A rate above the run length allows needs longer runs: keep the stationary share.
        let stay = stay.max((2.0 * share - 1.0) / share);
        let start_p = (share * (1.0 - stay) / (1.0 - share)).min(1.0);
        cramp = rng.chance(if cramp { stay } else { start_p });
        if !rng.chance(s.missing) {
            nights.push(Night::new(date, if cramp { NightStatus::Cramps } else { NightStatus::None }));
        }
    }
    let trial = Trial { design, planned_at: planned_at(), stopped_on: stop, adherence };
    let today = last.succ_opt().expect("a real date");
    (Diary { nights, ..Diary::default() }, trial, today)
}

fn plus(d: NaiveDate, n: u32) -> NaiveDate {
    d.checked_add_days(Days::new(n as u64)).expect("a real date")
}

/// How one scenario's simulated trials were judged.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Tally {
    /// Trials simulated.
    pub trials: usize,
    /// Judged `helped`.
    pub helped: usize,
    /// Judged `no_clear_difference`.
    pub no_clear_difference: usize,
    /// Judged `not_enough_data`.
    pub not_enough_data: usize,
    /// Randomisation p ≤ 0.05 (possible only with 5 or more pairs compared).
    pub randomisation_below_005: usize,
}

impl Tally {
    /// Share judged `helped`.
    pub fn helped_share(&self) -> f64 {
        self.helped as f64 / self.trials.max(1) as f64
    }
}

/// Runs `n` trials of `s` under `seed`.
pub fn tally(s: &Scenario, seed: u64, n: usize) -> Tally {
    let mut t = Tally { trials: n, ..Tally::default() };
    for i in 0..n {
        let (diary, trial, today) = trial(s, seed, i);
        let r: TrialResult = analyze(&diary, &trial, today);
        match r.verdict {
            Verdict::Helped => t.helped += 1,
            Verdict::NoClearDifference => t.no_clear_difference += 1,
            Verdict::NotEnoughData => t.not_enough_data += 1,
        }
        t.randomisation_below_005 += r.randomisation.p_value.is_some_and(|p| p <= 0.05) as usize;
    }
    t
}
