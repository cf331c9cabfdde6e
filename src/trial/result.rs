//! The result of a trial: a pure function of the diary, the trial and today.
//!
//! The outcome is a cramp night (a logged night with cramps) per logged night, read by the
//! schedule (intention to treat). The Bayesian model is beta-binomial per block: block `b`
//! of arm `a` has its own share `p_b ~ Beta(m_a κ, (1 − m_a) κ)`, so blocks may differ
//! beyond chance (runs of bad nights, a slow drift); the control mean has a uniform prior,
//! the remedy's log-odds ratio to it a normal one around 0 (see [`ARM_EFFECT_SD`]), and `κ`
//! a log-uniform one on [`KAPPA`]. The posterior is computed on a fixed grid, so the same
//! diary always gives the same figures.

use chrono::NaiveDate;
use serde::Serialize;

use super::{Arm, Block, Rule, Trial};
use crate::analysis::stats::ln_gamma;
use crate::domain::{Diary, NightStatus};

/// Grid points for each arm's mean share.
const GRID: usize = 64;
/// Range of the concentration κ (log-uniform prior) and its grid points.
pub const KAPPA: (f64, f64, usize) = (2.0, 400.0, 14);
/// Prior sd of the remedy's effect on the log-odds of a cramp night.
pub const ARM_EFFECT_SD: f64 = 0.75;
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

/// Cramp nights per week on each arm (posterior means).
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
    /// Cramp nights per week: posterior mean.
    pub per_week: Option<f64>,
    /// Its 90% credible interval.
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

/// The posterior of one trial.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Posterior {
    /// P(remedy share < control share).
    pub p_fewer: f64,
    /// Posterior mean share on the remedy, with a 90% interval.
    pub remedy: (f64, [f64; 2]),
    /// The same on control.
    pub control: (f64, [f64; 2]),
    /// Mean of control − remedy share, with a 90% interval.
    pub difference: (f64, [f64; 2]),
}

/// Prior weight of (remedy share, control share) on the grid, the same for both arms: the
/// mean of their log-odds logistic (as if uniform on the share scale), and the remedy's
/// log-odds ratio normal around 0 with sd [`ARM_EFFECT_SD`] (a sceptical, hierarchical arm
/// effect: most remedies change little).
fn arm_prior() -> &'static [f64] {
    static CELL: std::sync::OnceLock<Vec<f64>> = std::sync::OnceLock::new();
    CELL.get_or_init(|| {
        let logit = |m: f64| (m / (1.0 - m)).ln();
        let mut w = vec![0.0; GRID * GRID];
        for ir in 0..GRID {
            for ic in 0..GRID {
                let (lr, lc) = (logit(mid(ir)), logit(mid(ic)));
                let z = (lr - lc) / ARM_EFFECT_SD;
                let m = 1.0 / (1.0 + (-(lr + lc) / 2.0).exp());
                let jacobian = 1.0 / (mid(ir) * (1.0 - mid(ir)) * mid(ic) * (1.0 - mid(ic)));
                w[ir * GRID + ic] = m * (1.0 - m) * (-0.5 * z * z).exp() * jacobian;
            }
        }
        w
    })
}

fn ln_beta(a: f64, b: f64) -> f64 {
    ln_gamma(a) + ln_gamma(b) - ln_gamma(a + b)
}

fn mid(i: usize) -> f64 {
    (i as f64 + 0.5) / GRID as f64
}

/// Mean and central 90% interval of a distribution on `values` with weights `w`.
fn summarise(values: impl Fn(usize) -> f64, w: &[f64]) -> (f64, [f64; 2]) {
    let total: f64 = w.iter().sum();
    let mean = w.iter().enumerate().map(|(i, x)| values(i) * x).sum::<f64>() / total;
    let q = |p: f64| {
        let mut acc = 0.0;
        for (i, x) in w.iter().enumerate() {
            acc += x / total;
            if acc >= p {
                return values(i);
            }
        }
        values(w.len() - 1)
    };
    (mean, [q(0.05), q(0.95)])
}

/// The beta-binomial posterior from `(arm, cramp nights, logged nights)` per block; `None`
/// when an arm has no logged night.
pub fn posterior(blocks: &[(Arm, u32, u32)]) -> Option<Posterior> {
    let arm = |a: Arm| blocks.iter().filter(move |b| b.0 == a && b.2 > 0).map(|b| (b.1 as f64, b.2 as f64));
    if arm(Arm::Remedy).next().is_none() || arm(Arm::Control).next().is_none() {
        return None;
    }
    let (k_lo, k_hi, k_n) = KAPPA;
    // log-likelihood of each arm on the grid, for each κ
    let mut ll = [vec![[0.0; GRID]; k_n], vec![[0.0; GRID]; k_n]];
    for j in 0..k_n {
        let kappa = (k_lo.ln() + (k_hi.ln() - k_lo.ln()) * j as f64 / (k_n - 1) as f64).exp();
        for (a, side) in [Arm::Remedy, Arm::Control].into_iter().zip(ll.iter_mut()) {
            for (i, slot) in side[j].iter_mut().enumerate() {
                let (al, be) = (mid(i) * kappa, (1.0 - mid(i)) * kappa);
                let base = ln_beta(al, be);
                *slot = arm(a).map(|(y, n)| ln_beta(y + al, n - y + be) - base).sum();
            }
        }
    }
    let top = ll.iter().flatten().flatten().cloned().fold(f64::NEG_INFINITY, f64::max);
    let prior = arm_prior();
    let (mut w_r, mut w_c) = ([0.0; GRID], [0.0; GRID]);
    let mut diff = vec![0.0; 2 * GRID - 1];
    let (mut fewer, mut total) = (0.0, 0.0);
    for (lr, lc) in ll[0].iter().zip(&ll[1]) {
        let r: Vec<f64> = lr.iter().map(|x| (x - top).exp()).collect();
        let c: Vec<f64> = lc.iter().map(|x| (x - top).exp()).collect();
        for (ir, x) in r.iter().enumerate() {
            for (ic, y) in c.iter().enumerate() {
                let w = x * y * prior[ir * GRID + ic];
                total += w;
                w_r[ir] += w;
                w_c[ic] += w;
                diff[ic + GRID - 1 - ir] += w;
                fewer += match ir.cmp(&ic) {
                    std::cmp::Ordering::Less => w,
                    std::cmp::Ordering::Equal => 0.5 * w,
                    std::cmp::Ordering::Greater => 0.0,
                };
            }
        }
    }
    if total <= 0.0 || !total.is_finite() {
        return None;
    }
    Some(Posterior {
        p_fewer: fewer / total,
        remedy: summarise(mid, &w_r),
        control: summarise(mid, &w_c),
        difference: summarise(|k| (k as f64 - (GRID - 1) as f64) / GRID as f64, &diff),
    })
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
    let cells: Vec<(Arm, u32, u32)> = blocks.iter().map(|b| (b.block.arm, b.cramp_nights, b.logged_nights)).collect();
    let post = posterior(&cells);
    if let Some(p) = &post {
        arms[0].per_week = Some(week(p.remedy.0));
        arms[0].per_week_interval = Some([week(p.remedy.1[0]), week(p.remedy.1[1])]);
        arms[1].per_week = Some(week(p.control.0));
        arms[1].per_week_interval = Some([week(p.control.1[0]), week(p.control.1[1])]);
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
    match r.verdict {
        Verdict::Helped => w.push(format!("It helped, by {rule}.")),
        Verdict::NoClearDifference => w.push(format!("No clear difference, by {rule}.")),
        Verdict::NotEnoughData => w.push(format!(
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
