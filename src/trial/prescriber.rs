//! A trial of a prescribed medicine is never run here: the app proposes a plan for the
//! person to take to their prescriber ([`crate::report::prescriber`] prints it).
//!
//! The plan is the self-experiment design with the medicine as the remedy: a baseline, then
//! pairs of blocks on and off it in an order drawn from a seed, the outcome and the rule.

use chrono::{Days, NaiveDate};

use super::{orders, Arm, Rule, BLOCK_NIGHTS, MIN_BASELINE_NIGHTS, PAIRS};
use crate::domain::{Diary, NightStatus};
use crate::error::Result;
use crate::validate::Checker;

/// Nights per block proposed for a medicine: two weeks, as it may take days to act and to wear off.
pub const DEFAULT_BLOCK_NIGHTS: u32 = 14;

/// What the user asks for.
#[derive(Debug, Clone, PartialEq)]
pub struct PlanRequest {
    /// The medicine, as the user types it.
    pub medicine: String,
    /// The seed of the order.
    pub seed: u64,
    /// Nights per block (default [`DEFAULT_BLOCK_NIGHTS`]).
    pub block_nights: Option<u32>,
    /// Pairs of blocks (default 3).
    pub pairs: Option<u32>,
    /// First baseline night, if a date is proposed; otherwise the plan counts nights.
    pub start: Option<NaiveDate>,
}

impl PlanRequest {
    /// A request with every default.
    pub fn new(medicine: impl Into<String>, seed: u64) -> Self {
        PlanRequest { medicine: medicine.into(), seed, block_nights: None, pairs: None, start: None }
    }
}

/// One proposed block.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PlanBlock {
    /// Which pair (0-based).
    pub pair: u32,
    /// Its first and last night, counted from the first baseline night (1-based).
    pub nights: (u32, u32),
    /// Its dates, when the plan has a start date.
    pub dates: Option<(NaiveDate, NaiveDate)>,
    /// On the medicine (remedy) or off it (control).
    pub arm: Arm,
}

/// The proposed plan.
#[derive(Debug, Clone, PartialEq)]
pub struct PrescriberPlan {
    /// The medicine, as typed (trimmed).
    pub medicine: String,
    /// Whether it is quinine (the plan then carries its safety information).
    pub quinine: bool,
    /// The seed the order was drawn from.
    pub seed: u64,
    /// Baseline nights.
    pub baseline_nights: u32,
    /// Nights per block.
    pub block_nights: u32,
    /// Pairs of blocks.
    pub pairs: u32,
    /// First baseline night, when a date was proposed.
    pub start: Option<NaiveDate>,
    /// The blocks in order.
    pub blocks: Vec<PlanBlock>,
    /// The rule for "it helped".
    pub rule: Rule,
    /// The last 28 nights before today: (logged with a known answer, with cramps).
    pub recent: (u32, u32),
}

/// Proposes a plan for `req.medicine`, every refused value named. Quinine is planned only
/// when the diary shows it being taken now: the app never proposes starting it.
pub fn plan(req: &PlanRequest, diary: &Diary, today: NaiveDate) -> Result<PrescriberPlan> {
    let mut c = Checker::new(today);
    let name = req.medicine.trim();
    c.required_text("medicine".into(), name);
    if name.chars().count() > 100 {
        c.push("medicine", name, "must be at most 100 characters");
    }
    let quinine = crate::knowledge::classify_medication(name).has_tag("quinine");
    let taking_quinine = crate::knowledge::takes_quinine(
        &diary.medications.iter().filter(|m| m.stopped.is_none_or(|s| s >= today)).cloned().collect::<Vec<_>>(),
    );
    if quinine && !taking_quinine {
        c.push(
            "medicine",
            name,
            "quinine is not started for leg cramps (the FDA warns that the risk outweighs the benefit); a plan is made only for quinine you take now, to look at with your prescriber whether you still need it",
        );
    }
    let block_nights = req.block_nights.unwrap_or(DEFAULT_BLOCK_NIGHTS);
    if !(BLOCK_NIGHTS.0..=BLOCK_NIGHTS.1).contains(&block_nights) {
        c.push("block_nights", block_nights, format!("must be from {} to {} nights", BLOCK_NIGHTS.0, BLOCK_NIGHTS.1));
    }
    let pairs = req.pairs.unwrap_or(3);
    if !(PAIRS.0..=PAIRS.1).contains(&pairs) {
        c.push("pairs", pairs, format!("must be from {} to {} pairs", PAIRS.0, PAIRS.1));
    }
    if let Some(s) = req.start {
        if s < today || s > today.checked_add_days(Days::new(366)).unwrap_or(today) {
            c.push("start", s, format!("must be from today ({today}) to a year ahead"));
        }
    }
    c.finish()?;
    let baseline_nights = MIN_BASELINE_NIGHTS;
    let blocks = orders(req.seed, pairs)
        .into_iter()
        .enumerate()
        .flat_map(|(p, remedy_first)| {
            let arms = if remedy_first { [Arm::Remedy, Arm::Control] } else { [Arm::Control, Arm::Remedy] };
            arms.into_iter().enumerate().map(move |(k, arm)| {
                let first = baseline_nights + (2 * p as u32 + k as u32) * block_nights + 1;
                let last = first + block_nights - 1;
                let date = |n: u32| req.start.and_then(|s| s.checked_add_days(Days::new(n as u64 - 1)));
                PlanBlock { pair: p as u32, nights: (first, last), dates: date(first).zip(date(last)), arm }
            })
        })
        .collect();
    let from = today.checked_sub_days(Days::new(28)).unwrap_or(today);
    let (mut logged, mut cramps) = (0, 0);
    for n in diary.nights.iter().filter(|n| n.date >= from && n.date < today && n.status != NightStatus::Unknown) {
        logged += 1;
        cramps += (n.status == NightStatus::Cramps) as u32;
    }
    Ok(PrescriberPlan {
        medicine: name.to_string(),
        quinine,
        seed: req.seed,
        baseline_nights,
        block_nights,
        pairs,
        start: req.start,
        blocks,
        rule: Rule::default(),
        recent: (logged, cramps),
    })
}

impl PrescriberPlan {
    /// Nights in the whole plan, baseline included.
    pub fn nights(&self) -> u32 {
        self.baseline_nights + 2 * self.pairs * self.block_nights
    }
}
