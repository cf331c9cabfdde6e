//! The result of a trial: a pure function of the diary, the trial and today.
//!
//! The outcome is a cramp night (a logged night with cramps) per logged night, read by the
//! schedule (intention to treat). The probability and the difference the rule uses come
//! from the paired, tempered beta-binomial model in [`model`](super::model); how strongly
//! this person's cramp nights run together is learnt from their own diary.

use chrono::NaiveDate;
use serde::Serialize;

use super::model::{self, PairCounts};
use super::{Arm, Block, Rule, Trial};
use crate::analysis::stats::beta_quantile;
use crate::domain::{Diary, NightStatus};

/// A block counts toward the verdict when at least this share of its nights are logged.
pub const MIN_LOGGED_SHARE: f64 = 0.5;
/// Complete pairs (both blocks counting) needed for any verdict.
pub const MIN_PAIRS: usize = 2;

/// The verdict by the rule stated in advance.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// The rule's probability and difference were both reached.
    Helped,
    /// Enough nights, but the rule was not met.
    NoClearDifference,
    /// Too few logged nights in complete pairs to judge.
    NotEnoughData,
}

impl Verdict {
    /// The id.
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Helped => "helped",
            Verdict::NoClearDifference => "no_clear_difference",
            Verdict::NotEnoughData => "not_enough_data",
        }
    }
}

/// Where the trial stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Before the first block night.
    Baseline,
    /// Blocks under way.
    Running,
    /// Every block night has passed.
    Finished,
    /// Stopped before the last block ended.
    StoppedEarly,
}

/// Cramp nights per week on each arm (share of its logged nights, times 7).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct PerWeek {
    /// On remedy nights.
    pub remedy: Option<f64>,
    /// On control nights.
    pub control: Option<f64>,
}

/// One arm's nights by the schedule.
#[derive(Debug, Clone, PartialEq, Serialize, Default)]
pub struct ArmSummary {
    /// Nights of this arm that have passed (up to a stop).
    pub scheduled_nights: u32,
    /// Of them, logged with a known outcome.
    pub logged_nights: u32,
    /// Not logged (or logged as unknown): left out, never counted as cramp-free.
    pub missing_nights: u32,
    /// Logged nights with cramps.
    pub cramp_nights: u32,
    /// Cramps recorded on them.
    pub episodes: u32,
    /// Mean intensity of those cramps (0–10), when any was given.
    pub mean_intensity: Option<f64>,
    /// Cramp nights per week: share of logged nights times 7.
    pub per_week: Option<f64>,
    /// Its 90% interval (Jeffreys, on the counts divided by the runs factor).
    pub per_week_interval: Option<[f64; 2]>,
    /// Cramp nights per week counting only nights recorded as kept to the arm.
    pub per_week_as_done: Option<f64>,
    /// Logged nights recorded as kept to the arm.
    pub done_nights: u32,
    /// Nights recorded as not kept.
    pub not_done_nights: u32,
    /// Nights with no adherence recorded.
    pub unrecorded_nights: u32,
}

/// One block's counts.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct BlockResult {
    /// The block.
    #[serde(flatten)]
    pub block: Block,
    /// Nights passed.
    pub scheduled_nights: u32,
    /// Logged with a known outcome.
    pub logged_nights: u32,
    /// With cramps.
    pub cramp_nights: u32,
    /// Whether it counts toward the verdict.
    pub counts: bool,
}

/// The baseline's nights.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Baseline {
    /// First night.
    pub from: NaiveDate,
    /// Last night.
    pub to: NaiveDate,
    /// Logged with a known outcome.
    pub logged_nights: u32,
    /// With cramps.
    pub cramp_nights: u32,
    /// Cramp nights per week (raw), when any night was logged.
    pub per_week: Option<f64>,
}

/// The randomisation test over the orders within pairs.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Randomisation {
    /// One-sided p-value (fewer cramp nights on the remedy), when any pair can be compared.
    pub p_value: Option<f64>,
    /// Pairs compared (both blocks with a logged night).
    pub pairs: u32,
    /// The smallest p-value possible with these pairs: 1 / 2^pairs.
    pub smallest_possible: Option<f64>,
}

/// Runs of bad nights, as the model allows for them.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Runs {
    /// Lag-1 autocorrelation of cramp nights (0 = nights independent).
    pub autocorrelation: f64,
    /// Each block's nights count as this many times fewer independent nights (≥ 1).
    pub block_factor: f64,
}

/// What a trial shows.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TrialResult {
    /// Where the trial stands.
    pub status: Status,
    /// True while the trial runs: the figures may change and the rule is applied at the end.
    pub provisional: bool,
    /// Whether it was stopped before its last block ended.
    pub stopped_early: bool,
    /// The verdict by the stated rule.
    pub verdict: Verdict,
    /// Posterior probability of fewer cramp nights on the remedy.
    pub p_fewer: Option<f64>,
    /// Cramp nights per week on each arm.
    pub per_week: PerWeek,
    /// Control − remedy, cramp nights a week: posterior mean.
    pub difference_per_week: Option<f64>,
    /// Its 90% credible interval.
    pub difference_interval: Option<[f64; 2]>,
    /// The randomisation test.
    pub randomisation: Randomisation,
    /// How cramp nights run together in this diary, and how much that widens the result.
    pub runs: Runs,
    /// Remedy nights.
    pub remedy: ArmSummary,
    /// Control nights.
    pub control: ArmSummary,
    /// The baseline.
    pub baseline: Baseline,
    /// Each block.
    pub blocks: Vec<BlockResult>,
    /// The rule stated in advance.
    pub rule: Rule,
    /// Block nights passed that were not logged.
    pub missing_nights: u32,
    /// Share of block nights with adherence recorded that were kept to their arm.
    pub adherence: Option<f64>,
    /// The result in plain words, the verdict first.
    pub words: Vec<String>,
}

/// One-sided randomisation p-value over every order within pairs, from each compared pair's
/// (remedy share, control share): the share of orders whose control − remedy total is at
/// least the one seen.
pub fn randomisation_p(pairs: &[(f64, f64)]) -> Option<f64> {
    if pairs.is_empty() || pairs.len() > 20 {
        return None;
    }
    let d: Vec<f64> = pairs.iter().map(|(r, c)| c - r).collect();
    let seen: f64 = d.iter().sum();
    let n = 1u32 << d.len();
    let hits = (0..n)
        .filter(|mask| {
            let t: f64 = d.iter().enumerate().map(|(i, x)| if mask >> i & 1 == 1 { -x } else { *x }).sum();
            t >= seen - 1e-9
        })
        .count();
    Some(hits as f64 / n as f64)
}

fn week(share: f64) -> f64 {
    (share * 7.0 * 100.0).round() / 100.0
}

fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

/// Nights of the person's own diary to learn how cramp nights run together: before the
/// baseline, in chunks of this many nights.
pub const HISTORY_NIGHTS: (u32, u32) = (182, 28);

/// Lag-1 autocorrelation of cramp nights in this person's diary: the nights before the
/// trial (up to [`HISTORY_NIGHTS`]), the baseline and each block, each segment about its own
/// mean, so a remedy's effect or a slow drift is not mistaken for runs.
fn autocorrelation(diary: &Diary, trial: &Trial, cut: NaiveDate) -> f64 {
    let d = &trial.design;
    let night = |date: NaiveDate| {
        diary.night(date).filter(|n| n.status != NightStatus::Unknown).map(|n| n.status == NightStatus::Cramps)
    };
    let span = |from: NaiveDate, to: NaiveDate| -> Vec<Option<bool>> {
        from.iter_days().take_while(|x| *x <= to && *x < cut).map(night).collect()
    };
    let mut segments = Vec::new();
    let (back, chunk) = HISTORY_NIGHTS;
    let mut from = d.baseline_from - chrono::Days::new(back as u64);
    while from < d.baseline_from {
        let to = (from + chrono::Days::new(chunk as u64 - 1)).min(d.baseline_from.pred_opt().unwrap_or(from));
        segments.push(span(from, to));
        from = to.succ_opt().unwrap_or(d.baseline_from);
    }
    if d.baseline_to() >= d.baseline_from {
        segments.push(span(d.baseline_from, d.baseline_to()));
    }
    for b in d.blocks() {
        segments.push(span(b.from, b.to));
    }
    model::lag1_autocorrelation(&segments)
}

/// What `trial` shows on `today`.
pub fn analyze(diary: &Diary, trial: &Trial, today: NaiveDate) -> TrialResult {
    let d = &trial.design;
    // Nights before `cut` have passed and belong to the trial.
    let mut cut = today;
    if let Some(s) = trial.stopped_on {
        cut = cut.min(s);
    }
    let outcome = |date: NaiveDate| diary.night(date).filter(|n| n.status != NightStatus::Unknown);
    let mut arms = [ArmSummary::default(), ArmSummary::default()];
    let mut intensity = [(0.0, 0u32); 2];
    let mut as_done = [(0u32, 0u32); 2];
    let mut blocks = Vec::new();
    for b in d.blocks() {
        let k = if b.arm == Arm::Remedy { 0 } else { 1 };
        let mut r = BlockResult { block: b, scheduled_nights: 0, logged_nights: 0, cramp_nights: 0, counts: false };
        for date in b.from.iter_days().take_while(|x| *x <= b.to && *x < cut) {
            r.scheduled_nights += 1;
            let a = &mut arms[k];
            a.scheduled_nights += 1;
            let done = trial.done_on(date);
            match done {
                Some(true) => a.done_nights += 1,
                Some(false) => a.not_done_nights += 1,
                None => a.unrecorded_nights += 1,
            }
            let Some(n) = outcome(date) else {
                a.missing_nights += 1;
                continue;
            };
            r.logged_nights += 1;
            a.logged_nights += 1;
            let cramp = n.status == NightStatus::Cramps;
            if done == Some(true) {
                as_done[k].1 += 1;
                as_done[k].0 += cramp as u32;
            }
            if cramp {
                r.cramp_nights += 1;
                a.cramp_nights += 1;
                a.episodes += n.episodes.len() as u32;
                for e in n.episodes.iter().filter_map(|e| e.intensity) {
                    intensity[k].0 += e as f64;
                    intensity[k].1 += 1;
                }
            }
        }
        r.counts = r.scheduled_nights > 0
            && r.logged_nights as f64 >= MIN_LOGGED_SHARE * d.block_nights as f64
            && r.scheduled_nights == d.block_nights;
        blocks.push(r);
    }
    for k in 0..2 {
        arms[k].mean_intensity = (intensity[k].1 > 0).then(|| round2(intensity[k].0 / intensity[k].1 as f64));
        arms[k].per_week_as_done = (as_done[k].1 > 0).then(|| week(as_done[k].0 as f64 / as_done[k].1 as f64));
    }
    let rho = autocorrelation(diary, trial, cut);
    let factor = model::block_factor(rho, d.block_nights);
    let counts: Vec<PairCounts> = (0..d.pairs)
        .map(|p| {
            let of = |arm: Arm| {
                blocks
                    .iter()
                    .find(|b| b.block.pair == p && b.block.arm == arm)
                    .map_or((0, 0), |b| (b.cramp_nights, b.logged_nights))
            };
            PairCounts { remedy: of(Arm::Remedy), control: of(Arm::Control) }
        })
        .collect();
    let post = model::posterior(&counts, factor);
    for a in arms.iter_mut() {
        if a.logged_nights > 0 {
            let (y, n) = (a.cramp_nights as f64 / factor, a.logged_nights as f64 / factor);
            let (lo, hi) = (beta_quantile(0.05, y + 0.5, n - y + 0.5), beta_quantile(0.95, y + 0.5, n - y + 0.5));
            a.per_week = Some(week(a.cramp_nights as f64 / a.logged_nights as f64));
            a.per_week_interval = Some([week(lo), week(hi)]);
        }
    }
    let share = |b: &BlockResult| b.cramp_nights as f64 / b.logged_nights as f64;
    let mut compared = Vec::new();
    let mut complete = 0;
    for p in 0..d.pairs {
        let pair: Vec<&BlockResult> = blocks.iter().filter(|b| b.block.pair == p).collect();
        let (r, c) = match (pair[0].block.arm, pair[0], pair[1]) {
            (Arm::Remedy, r, c) | (Arm::Control, c, r) => (r, c),
        };
        if r.logged_nights > 0 && c.logged_nights > 0 {
            compared.push((share(r), share(c)));
        }
        complete += (r.counts && c.counts) as usize;
    }
    let rand_p = randomisation_p(&compared);
    let status = if trial.stopped_on.is_some_and(|s| s <= d.end()) {
        Status::StoppedEarly
    } else if today <= d.start {
        Status::Baseline
    } else if today > d.end() {
        Status::Finished
    } else {
        Status::Running
    };
    let verdict = match &post {
        Some(p) if complete >= MIN_PAIRS => {
            if p.p_fewer >= d.rule.min_p_fewer && 7.0 * p.difference.0 >= d.rule.min_difference_per_week {
                Verdict::Helped
            } else {
                Verdict::NoClearDifference
            }
        }
        _ => Verdict::NotEnoughData,
    };
    let (mut base_logged, mut base_cramps) = (0, 0);
    for date in d.baseline_from.iter_days().take_while(|x| *x <= d.baseline_to() && *x < today) {
        if let Some(n) = outcome(date) {
            base_logged += 1;
            base_cramps += (n.status == NightStatus::Cramps) as u32;
        }
    }
    let baseline = Baseline {
        from: d.baseline_from,
        to: d.baseline_to(),
        logged_nights: base_logged,
        cramp_nights: base_cramps,
        per_week: (base_logged > 0).then(|| week(base_cramps as f64 / base_logged as f64)),
    };
    let recorded: u32 = arms.iter().map(|a| a.done_nights + a.not_done_nights).sum();
    let kept: u32 = arms.iter().map(|a| a.done_nights).sum();
    let missing = arms[0].missing_nights + arms[1].missing_nights;
    let [remedy, control] = arms;
    let mut r = TrialResult {
        status,
        provisional: status == Status::Running || status == Status::Baseline,
        stopped_early: status == Status::StoppedEarly,
        verdict,
        p_fewer: post.map(|p| (p.p_fewer * 1000.0).round() / 1000.0),
        per_week: PerWeek { remedy: remedy.per_week, control: control.per_week },
        difference_per_week: post.map(|p| week(p.difference.0)),
        difference_interval: post.map(|p| [week(p.difference.1[0]), week(p.difference.1[1])]),
        randomisation: Randomisation {
            p_value: rand_p.map(|p| (p * 10000.0).round() / 10000.0),
            pairs: compared.len() as u32,
            smallest_possible: (!compared.is_empty()).then(|| 1.0 / (1u64 << compared.len()) as f64),
        },
        remedy,
        control,
        baseline,
        blocks,
        runs: Runs { autocorrelation: round2(rho), block_factor: round2(factor) },
        rule: d.rule,
        missing_nights: missing,
        adherence: (recorded > 0).then(|| round2(kept as f64 / recorded as f64)),
        words: Vec::new(),
    };
    r.words = words(&r, trial, cut);
    r
}

fn fmt1(x: f64) -> String {
    format!("{x:.1}")
}

/// The result in plain words.
fn words(r: &TrialResult, trial: &Trial, cut: NaiveDate) -> Vec<String> {
    let d = &trial.design;
    let label = d.remedy_label();
    let mut w = Vec::new();
    match r.status {
        Status::Baseline => w.push(format!(
            "Provisional: the baseline runs until {}; the first block starts on {}. Nothing is compared yet.",
            d.baseline_to(),
            d.start
        )),
        Status::Running => w.push(format!(
            "Provisional: the trial is still running (it ends after the night of {}). These figures will change, and the rule is applied only after the last block.",
            d.end()
        )),
        Status::StoppedEarly => {
            let passed = r.remedy.scheduled_nights + r.control.scheduled_nights;
            w.push(format!(
                "The trial was stopped early, from the night of {cut}: {passed} of its {} block nights are counted, so the result is less certain than the plan intended.",
                2 * d.pairs * d.block_nights
            ))
        }
        Status::Finished => {}
    }
    let rule = format!(
        "the rule set before the start: a probability of at least {} of fewer cramp nights on {} and a difference of at least {} cramp night{} a week",
        r.rule.min_p_fewer,
        label.to_lowercase(),
        r.rule.min_difference_per_week,
        if r.rule.min_difference_per_week == 1.0 { "" } else { "s" }
    );
    match (r.verdict, r.provisional) {
        (Verdict::Helped, false) => w.push(format!("It helped, by {rule}.")),
        (Verdict::NoClearDifference, false) => w.push(format!("No clear difference, by {rule}.")),
        (Verdict::Helped, true) => w.push(format!("So far it would count as helped, by {rule}; that can change before the end.")),
        (Verdict::NoClearDifference, true) => {
            w.push(format!("So far there is no clear difference, by {rule}; that can change before the end."))
        }
        (Verdict::NotEnoughData, _) => w.push(format!(
            "Not enough data yet: a verdict needs at least {MIN_PAIRS} whole pairs of blocks with at least half their nights logged."
        )),
    }
    if let (Some(pr), Some(pc), Some(p)) = (r.per_week.remedy, r.per_week.control, r.p_fewer) {
        w.push(format!(
            "Cramp nights a week: {} on {} nights, {} without it. The chance that it gives fewer cramp nights, from a model of your own blocks, is {:.0}%.",
            fmt1(pr),
            label.to_lowercase(),
            fmt1(pc),
            p * 100.0
        ));
    }
    if let (Some(p), Some(min)) = (r.randomisation.p_value, r.randomisation.smallest_possible) {
        w.push(format!(
            "Randomisation test: p = {p:.3}. With {} pair{} compared, the smallest p-value this test can give is {min:.3}, so on its own it can never be very small.",
            r.randomisation.pairs,
            if r.randomisation.pairs == 1 { "" } else { "s" }
        ));
    }
    if r.runs.block_factor >= 1.2 {
        w.push(format!(
            "Your cramp nights tend to come in runs, so the nights of a block tell less than as many separate nights would: each block counts as {:.1} times fewer nights, and the figures allow for that.",
            r.runs.block_factor
        ));
    }
    if r.missing_nights > 0 {
        w.push(format!(
            "{} block night{} not logged; they are left out, never counted as cramp-free.",
            r.missing_nights,
            if r.missing_nights == 1 { " was" } else { "s were" }
        ));
    }
    if let Some(a) = r.adherence {
        w.push(format!(
            "You kept to the night's plan on {:.0}% of the nights you recorded. The figures follow the schedule whatever was done; the nights actually kept to are shown beside them.",
            a * 100.0
        ));
    }
    if let Some(b) = r.baseline.per_week {
        w.push(format!("Before the blocks (baseline) you had {} cramp nights a week.", fmt1(b)));
    }
    w.push("Night cramps often ease by themselves over weeks. Because each pair compares two neighbouring blocks in a random order, a natural improvement counts against both arms alike instead of being credited to the remedy.".into());
    w.push("You know which nights are remedy nights, so expecting it to work can itself make nights better (a placebo effect). A result here says whether it helped you as you did it, not why.".into());
    w
}
