//! Self-experiments (n-of-1 trials): "does this remedy help me?".
//!
//! A trial is designed and stored before its first night: a baseline, then pairs of blocks
//! whose order within each pair is drawn from a stored seed, and the rule for "it helped".
//! [`result`] reads it against the diary; [`simulate`] calibrates that reading.

pub mod model;
pub mod power;
pub mod prescriber;
pub mod result;
pub mod simulate;
pub mod words;

use std::fmt;
use std::str::FromStr;

use chrono::{DateTime, Datelike, Days, FixedOffset, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::calibration::Rng;
use crate::domain::Diary;
use crate::error::{Error, Result};
use crate::validate::Checker;

pub use result::{analyze, TrialResult, Verdict};

/// What can be tried.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Remedy {
    /// Calf and hamstring stretches before bed.
    Stretching,
    /// A glass of water in the evening.
    EveningWater,
    /// An electrolyte drink in the evening.
    ElectrolyteDrink,
    /// No alcohol or coffee in the evening.
    NoEveningAlcoholCoffee,
    /// A supplement the person already means to take (named by them).
    Supplement,
    /// A warm bath or shower before bed.
    WarmBath,
    /// Something else, named by the user.
    Other,
    /// A prescribed medicine: never planned here, only with the prescriber.
    PrescribedMedicine,
}

/// One entry of the remedy catalogue.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct CatalogueEntry {
    /// The id.
    pub id: Remedy,
    /// A short label.
    pub label: &'static str,
    /// What the night's task is on a remedy night ("stretch before bed").
    pub tonight_remedy: &'static str,
    /// What it is on a control night ("no stretching").
    pub tonight_control: &'static str,
    /// What the evidence says, in plain words, shown before the plan starts.
    pub evidence: &'static str,
    /// Whether a trial of it can be planned here.
    pub plannable: bool,
}

/// The catalogue, in the order it is offered.
pub const CATALOGUE: &[CatalogueEntry] = &[
    CatalogueEntry {
        id: Remedy::Stretching,
        label: "Stretching before bed",
        tonight_remedy: "stretch your calves and hamstrings before bed",
        tonight_control: "no stretching before bed",
        evidence: "Trials disagree. In one trial of adults over 55, about three minutes of calf and hamstring stretches before bed went with roughly one cramp a night fewer; another trial, of stretching advice, found no difference.",
        plannable: true,
    },
    CatalogueEntry {
        id: Remedy::EveningWater,
        label: "A glass of water in the evening",
        tonight_remedy: "a glass of water in the evening",
        tonight_control: "no extra evening water",
        evidence: "No trial has tested evening water for night cramps. It is safe for most people; skip it if you have been told to limit fluids.",
        plannable: true,
    },
    CatalogueEntry {
        id: Remedy::ElectrolyteDrink,
        label: "An electrolyte drink in the evening",
        tonight_remedy: "an electrolyte drink in the evening",
        tonight_control: "no electrolyte drink",
        evidence: "No trial has tested electrolyte drinks for night cramps. They are safe for most people, but not if you have been told to limit fluids or salt.",
        plannable: true,
    },
    CatalogueEntry {
        id: Remedy::NoEveningAlcoholCoffee,
        label: "No alcohol or coffee in the evening",
        tonight_remedy: "no alcohol or coffee this evening",
        tonight_control: "alcohol or coffee as usual",
        evidence: "Alcohol has been linked with night cramps in surveys, but no trial has tested leaving it or coffee out in the evening.",
        plannable: true,
    },
    CatalogueEntry {
        id: Remedy::Supplement,
        label: "A supplement you already mean to take",
        tonight_remedy: "take the supplement",
        tonight_control: "no supplement",
        evidence: "For magnesium, a Cochrane review (2020) found no benefit for unexplained night cramps in older adults: the trials rule out even one cramp fewer a week. B-vitamin complexes are rated only 'possibly effective'. Blocks are two weeks, because a supplement takes longer to act.",
        plannable: true,
    },
    CatalogueEntry {
        id: Remedy::WarmBath,
        label: "A warm bath or shower before bed",
        tonight_remedy: "a warm bath or shower before bed",
        tonight_control: "no warm bath or shower before bed",
        evidence: "No trial has tested a warm bath or shower for night cramps; it is harmless for most people.",
        plannable: true,
    },
    CatalogueEntry {
        id: Remedy::Other,
        label: "Something else",
        tonight_remedy: "do it tonight",
        tonight_control: "not tonight",
        evidence: "The app has no trial evidence for something you name yourself; your own trial is the evidence.",
        plannable: true,
    },
    CatalogueEntry {
        id: Remedy::PrescribedMedicine,
        label: "A prescribed medicine",
        tonight_remedy: "",
        tonight_control: "",
        evidence: "A prescribed medicine is started, stopped or changed only with the person who prescribed it. Plan a trial of it with them; the app can print the plan to take to the visit.",
        plannable: false,
    },
];

impl Remedy {
    /// Every id, in catalogue order.
    pub fn all() -> impl Iterator<Item = Remedy> {
        CATALOGUE.iter().map(|e| e.id)
    }

    /// The id as written in JSON, SQL and on the command line.
    pub fn as_str(self) -> &'static str {
        match self {
            Remedy::Stretching => "stretching",
            Remedy::EveningWater => "evening_water",
            Remedy::ElectrolyteDrink => "electrolyte_drink",
            Remedy::NoEveningAlcoholCoffee => "no_evening_alcohol_coffee",
            Remedy::Supplement => "supplement",
            Remedy::WarmBath => "warm_bath",
            Remedy::Other => "other",
            Remedy::PrescribedMedicine => "prescribed_medicine",
        }
    }

    /// Its catalogue entry.
    pub fn entry(self) -> &'static CatalogueEntry {
        CATALOGUE.iter().find(|e| e.id == self).expect("every remedy is in the catalogue")
    }

    /// Whether the user must name it.
    pub fn needs_name(self) -> bool {
        matches!(self, Remedy::Other | Remedy::Supplement)
    }

    /// Default nights per block: 14 for a supplement (slower to act), else 7.
    pub fn default_block_nights(self) -> u32 {
        if self == Remedy::Supplement {
            14
        } else {
            7
        }
    }
}

impl fmt::Display for Remedy {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Remedy {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        Remedy::all().find(|r| r.as_str() == s).ok_or_else(|| {
            format!("must be one of: {}", Remedy::all().map(|r| r.as_str()).collect::<Vec<_>>().join(", "))
        })
    }
}

/// Which arm a night is on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Arm {
    /// The remedy is done.
    Remedy,
    /// It is not.
    Control,
}

impl Arm {
    /// `remedy` or `control`.
    pub fn as_str(self) -> &'static str {
        match self {
            Arm::Remedy => "remedy",
            Arm::Control => "control",
        }
    }
}

/// The rule for "it helped", stated before the first block.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Rule {
    /// Least posterior probability of fewer cramp nights on the remedy.
    pub min_p_fewer: f64,
    /// Least difference, in cramp nights a week (estimate of control − remedy).
    pub min_difference_per_week: f64,
}

impl Default for Rule {
    fn default() -> Self {
        Rule { min_p_fewer: 0.9, min_difference_per_week: 1.0 }
    }
}

/// Fewest baseline nights.
pub const MIN_BASELINE_NIGHTS: u32 = 14;
/// Most baseline nights.
pub const MAX_BASELINE_NIGHTS: u32 = 56;
/// Nights per block accepted.
pub const BLOCK_NIGHTS: (u32, u32) = (3, 28);
/// Pairs of blocks accepted.
pub const PAIRS: (u32, u32) = (2, 8);
/// How far from today a plan may start, in days either way.
pub const MAX_START_OFFSET_DAYS: u64 = 60;

/// A trial's design: everything fixed before its first night.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Design {
    /// What is tried.
    pub remedy: Remedy,
    /// The user's name for it (supplement, other); empty otherwise.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub remedy_name: String,
    /// First baseline night.
    pub baseline_from: NaiveDate,
    /// Baseline nights.
    pub baseline_nights: u32,
    /// Whether the baseline was already in the diary when the plan was made.
    #[serde(default)]
    pub baseline_already_logged: bool,
    /// First night of the first block.
    pub start: NaiveDate,
    /// Nights per block.
    pub block_nights: u32,
    /// Pairs of blocks.
    pub pairs: u32,
    /// The seed the order of each pair is drawn from.
    pub seed: u64,
    /// The rule for "it helped".
    pub rule: Rule,
}

/// One block of the schedule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Block {
    /// Which pair (0-based).
    pub pair: u32,
    /// First night.
    pub from: NaiveDate,
    /// Last night.
    pub to: NaiveDate,
    /// Its arm.
    pub arm: Arm,
}

/// One night's adherence: whether the night's arm was kept to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Adherence {
    /// The night.
    pub date: NaiveDate,
    /// Kept to the night's arm.
    pub done: bool,
}

/// A stored trial.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Trial {
    /// The design.
    #[serde(flatten)]
    pub design: Design,
    /// When it was planned.
    pub planned_at: DateTime<FixedOffset>,
    /// The first night no longer in the trial, when stopped early.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stopped_on: Option<NaiveDate>,
    /// Adherence, by date.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub adherence: Vec<Adherence>,
}

/// The order of each pair drawn from `seed`: `true` when the remedy block comes first.
pub fn orders(seed: u64, pairs: u32) -> Vec<bool> {
    let mut rng = Rng::new(seed ^ 0x6E6F_665F_6F6E_6531);
    (0..pairs).map(|_| rng.next_u64() >> 63 == 1).collect()
}

fn add(d: NaiveDate, n: u64) -> NaiveDate {
    d.checked_add_days(Days::new(n)).unwrap_or(NaiveDate::MAX)
}

fn sub(d: NaiveDate, n: u64) -> NaiveDate {
    d.checked_sub_days(Days::new(n)).unwrap_or(NaiveDate::MIN)
}

impl Design {
    /// Last baseline night.
    pub fn baseline_to(&self) -> NaiveDate {
        add(self.baseline_from, self.baseline_nights as u64 - 1)
    }

    /// The blocks in date order.
    pub fn blocks(&self) -> Vec<Block> {
        let n = self.block_nights as u64;
        let mut out = Vec::with_capacity(2 * self.pairs as usize);
        for (p, remedy_first) in orders(self.seed, self.pairs).into_iter().enumerate() {
            let arms = if remedy_first { [Arm::Remedy, Arm::Control] } else { [Arm::Control, Arm::Remedy] };
            for (k, arm) in arms.into_iter().enumerate() {
                let from = add(self.start, (2 * p as u64 + k as u64) * n);
                out.push(Block { pair: p as u32, from, to: add(from, n - 1), arm });
            }
        }
        out
    }

    /// Last night of the last block.
    pub fn end(&self) -> NaiveDate {
        add(self.start, 2 * self.pairs as u64 * self.block_nights as u64 - 1)
    }

    /// The block holding `date`, if any.
    pub fn block_on(&self, date: NaiveDate) -> Option<Block> {
        if date < self.start || date > self.end() {
            return None;
        }
        let i = (date - self.start).num_days() as usize / self.block_nights as usize;
        self.blocks().get(i).copied()
    }

    /// What the user does on `date` in plain words, if it is a block night.
    pub fn tonight(&self, date: NaiveDate) -> Option<String> {
        let b = self.block_on(date)?;
        let e = self.remedy.entry();
        let what = match (b.arm, self.remedy_name.is_empty()) {
            (Arm::Remedy, false) if self.remedy.needs_name() => format!("{} ({})", e.tonight_remedy, self.remedy_name),
            (Arm::Remedy, _) => e.tonight_remedy.to_string(),
            (Arm::Control, false) if self.remedy.needs_name() => {
                format!("{} ({})", e.tonight_control, self.remedy_name)
            }
            (Arm::Control, _) => e.tonight_control.to_string(),
        };
        Some(format!("Tonight: {what}"))
    }

    /// The remedy as the user knows it.
    pub fn remedy_label(&self) -> String {
        if self.remedy_name.is_empty() {
            self.remedy.entry().label.to_string()
        } else {
            format!("{} ({})", self.remedy.entry().label, self.remedy_name)
        }
    }
}

impl Trial {
    /// Whether the trial still runs on `today`: not stopped and its last night not yet past.
    pub fn running(&self, today: NaiveDate) -> bool {
        self.stopped_on.is_none() && today <= self.design.end()
    }

    /// Whether the night of `date` was kept to its arm (`None`: not recorded).
    pub fn done_on(&self, date: NaiveDate) -> Option<bool> {
        self.adherence.binary_search_by_key(&date, |a| a.date).ok().map(|i| self.adherence[i].done)
    }
}

/// What the user asks for when planning.
#[derive(Debug, Clone, PartialEq)]
pub struct PlanRequest {
    /// What to try.
    pub remedy: Remedy,
    /// The user's name for it (needed for `supplement` and `other`).
    pub remedy_name: String,
    /// Nights per block (default by remedy).
    pub block_nights: Option<u32>,
    /// Pairs of blocks (default 3).
    pub pairs: Option<u32>,
    /// Baseline nights (default 14).
    pub baseline_nights: Option<u32>,
    /// First night of the plan (default today's evening).
    pub start: Option<NaiveDate>,
    /// The seed of the order.
    pub seed: u64,
    /// The rule for "it helped" (default [`Rule::default`]).
    pub rule: Rule,
}

impl PlanRequest {
    /// A request with every default.
    pub fn new(remedy: Remedy, seed: u64) -> Self {
        PlanRequest {
            remedy,
            remedy_name: String::new(),
            block_nights: None,
            pairs: None,
            baseline_nights: None,
            start: None,
            seed,
            rule: Rule::default(),
        }
    }
}

/// Fixes a design against the diary as it is now: every refused value named.
///
/// The baseline is skipped (taken from the diary) when the nights just before the start are
/// all logged; a start in the past is refused if any night from it on is already logged.
pub fn design(req: &PlanRequest, diary: &Diary, today: NaiveDate) -> Result<Design> {
    let mut c = Checker::new(today);
    let entry = req.remedy.entry();
    if !entry.plannable {
        return Err(Error::invalid(
            "remedy",
            req.remedy,
            "a prescribed medicine is changed only with its prescriber: plan that trial with them (the app can print the plan to take along)",
        ));
    }
    let name = req.remedy_name.trim();
    if req.remedy.needs_name() {
        c.required_text("remedy_name".into(), name);
    } else if !name.is_empty() {
        c.push("remedy_name", name, format!("is only for supplement and other, not {}", req.remedy));
    }
    if name.chars().count() > 100 {
        c.push("remedy_name", name, "must be at most 100 characters");
    }
    let m = crate::knowledge::classify_medication(name);
    if m.has_tag("quinine") {
        c.push("remedy_name", name, "quinine is not tried on your own here: it can cause serious harm, and is only ever a prescriber's decision");
    } else if req.remedy != Remedy::Supplement && m.recognised() {
        c.push(
            "remedy_name",
            name,
            "looks like a medicine: a medicine is changed only with its prescriber, so plan that trial with them",
        );
    }
    let block_nights = req.block_nights.unwrap_or(req.remedy.default_block_nights());
    if !(BLOCK_NIGHTS.0..=BLOCK_NIGHTS.1).contains(&block_nights) {
        c.push("block_nights", block_nights, format!("must be from {} to {} nights", BLOCK_NIGHTS.0, BLOCK_NIGHTS.1));
    }
    let pairs = req.pairs.unwrap_or(3);
    if !(PAIRS.0..=PAIRS.1).contains(&pairs) {
        c.push("pairs", pairs, format!("must be from {} to {} pairs", PAIRS.0, PAIRS.1));
    }
    let baseline_nights = req.baseline_nights.unwrap_or(MIN_BASELINE_NIGHTS);
    if !(MIN_BASELINE_NIGHTS..=MAX_BASELINE_NIGHTS).contains(&baseline_nights) {
        c.push(
            "baseline_nights",
            baseline_nights,
            format!("must be from {MIN_BASELINE_NIGHTS} to {MAX_BASELINE_NIGHTS} nights"),
        );
    }
    let rule = req.rule;
    if !(rule.min_p_fewer > 0.5 && rule.min_p_fewer < 1.0) {
        c.push("rule.min_p_fewer", rule.min_p_fewer, "must be above 0.5 and below 1");
    }
    if !(0.0..=7.0).contains(&rule.min_difference_per_week) {
        c.push("rule.min_difference_per_week", rule.min_difference_per_week, "must be from 0 to 7 nights a week");
    }
    let first = req.start.unwrap_or(today);
    if first < sub(today, MAX_START_OFFSET_DAYS) || first > add(today, MAX_START_OFFSET_DAYS) {
        c.push("start", first, format!("must be within {MAX_START_OFFSET_DAYS} days of today ({today})"));
    } else if first < today {
        if let Some(n) = diary.nights.iter().find(|n| n.date >= first) {
            c.push(
                "start",
                first,
                format!("must not be before a night already logged ({}): the order must be drawn before any night of the trial is seen", n.date),
            );
        }
    }
    c.finish()?;
    let already = (1..=baseline_nights as u64).all(|k| diary.night(sub(first, k)).is_some());
    let (baseline_from, start) =
        if already { (sub(first, baseline_nights as u64), first) } else { (first, add(first, baseline_nights as u64)) };
    Ok(Design {
        remedy: req.remedy,
        remedy_name: name.to_string(),
        baseline_from,
        baseline_nights,
        baseline_already_logged: already,
        start,
        block_nights,
        pairs,
        seed: req.seed,
        rule,
    })
}

/// Checks a stored or imported trial, naming fields under `at`.
pub fn check_trial(c: &mut Checker, t: &Trial, at: &str) {
    let f = |x: &str| if at.is_empty() { x.to_string() } else { format!("{at}.{x}") };
    let d = &t.design;
    if !d.remedy.entry().plannable {
        c.push(f("remedy"), d.remedy, "a prescribed medicine cannot be a self-experiment");
    }
    if d.remedy.needs_name() {
        c.required_text(f("remedy_name"), &d.remedy_name);
    } else if !d.remedy_name.is_empty() {
        c.push(f("remedy_name"), &d.remedy_name, "is only for supplement and other");
    }
    if d.remedy_name.chars().count() > 100 {
        c.push(f("remedy_name"), &d.remedy_name, "must be at most 100 characters");
    }
    if !(BLOCK_NIGHTS.0..=BLOCK_NIGHTS.1).contains(&d.block_nights) {
        c.push(
            f("block_nights"),
            d.block_nights,
            format!("must be from {} to {} nights", BLOCK_NIGHTS.0, BLOCK_NIGHTS.1),
        );
    }
    if !(PAIRS.0..=PAIRS.1).contains(&d.pairs) {
        c.push(f("pairs"), d.pairs, format!("must be from {} to {} pairs", PAIRS.0, PAIRS.1));
    }
    if !(MIN_BASELINE_NIGHTS..=MAX_BASELINE_NIGHTS).contains(&d.baseline_nights) {
        c.push(
            f("baseline_nights"),
            d.baseline_nights,
            format!("must be from {MIN_BASELINE_NIGHTS} to {MAX_BASELINE_NIGHTS} nights"),
        );
    }
    if !(d.rule.min_p_fewer > 0.5 && d.rule.min_p_fewer < 1.0) {
        c.push(f("rule.min_p_fewer"), d.rule.min_p_fewer, "must be above 0.5 and below 1");
    }
    if !(0.0..=7.0).contains(&d.rule.min_difference_per_week) {
        c.push(f("rule.min_difference_per_week"), d.rule.min_difference_per_week, "must be from 0 to 7 nights a week");
    }
    if d.baseline_from < crate::validate::FLOOR || d.start.year() > 9000 {
        c.push(f("start"), d.start, "must be a date from 1900 to 9000");
    } else if d.baseline_from.checked_add_days(Days::new(d.baseline_nights as u64)) != Some(d.start) {
        c.push(f("start"), d.start, "must follow the baseline directly");
    }
    c.timestamp(f("planned_at"), &t.planned_at);
    if let Some(s) = t.stopped_on {
        if s < d.baseline_from || s > add(d.end(), 1) {
            c.push(f("stopped_on"), s, "must be within the trial");
        }
    }
    let mut last = None;
    for (i, a) in t.adherence.iter().enumerate() {
        let field = f(&format!("adherence[{i}].date"));
        if d.block_on(a.date).is_none() {
            c.push(field, a.date, "must be a night of one of the trial's blocks");
        } else if last.is_some_and(|l| a.date <= l) {
            c.push(field, a.date, "must come after the one before (one entry a night, in date order)");
        }
        last = Some(a.date);
    }
}

/// Everything a page shows about a trial on `today`: the plan, tonight's arm, the result
/// (provisional while it runs) and any safety note.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct View {
    /// The stored trial.
    pub trial: Trial,
    /// The remedy as the user knows it.
    pub label: String,
    /// What the evidence says, in plain words.
    pub evidence: &'static str,
    /// Last baseline night.
    pub baseline_to: NaiveDate,
    /// The blocks in date order.
    pub blocks: Vec<Block>,
    /// Last night of the last block.
    pub end: NaiveDate,
    /// Whether it still runs.
    pub running: bool,
    /// Tonight's arm, on a block night of a running trial.
    pub tonight_arm: Option<Arm>,
    /// Tonight's task in words ("Tonight: stretch …").
    pub tonight: Option<String>,
    /// Whether tonight's plan has been recorded as kept to.
    pub tonight_done: Option<bool>,
    /// The result.
    pub result: TrialResult,
    /// Safety notes (quinine), for the prescriber.
    pub safety: &'static [&'static str],
    /// How likely this plan is to show a remedy that halves cramp nights, at this person's rate.
    pub power: Option<power::Power>,
    /// That, in plain words (empty when too few nights before the plan were logged).
    pub power_words: Vec<String>,
    /// Every sentence the page shows about it.
    pub words: words::ViewWords,
}

/// The view of `trial` over `diary` on `today`, dates in the default style.
pub fn view(diary: &Diary, trial: &Trial, today: NaiveDate) -> View {
    view_styled(diary, trial, today, crate::locale::DateStyle::DEFAULT)
}

/// The view of `trial` over `diary` on `today`, its words writing dates in `style`.
pub fn view_styled(diary: &Diary, trial: &Trial, today: NaiveDate, style: crate::locale::DateStyle) -> View {
    let d = &trial.design;
    let running = trial.running(today);
    let block = d.block_on(today).filter(|_| running);
    let power = power::for_design(diary, d);
    let result = analyze(diary, trial, today);
    View {
        trial: trial.clone(),
        label: d.remedy_label(),
        evidence: d.remedy.entry().evidence,
        baseline_to: d.baseline_to(),
        blocks: d.blocks(),
        end: d.end(),
        running,
        tonight_arm: block.map(|b| b.arm),
        tonight: block.and_then(|_| d.tonight(today)),
        tonight_done: block.and_then(|_| trial.done_on(today)),
        words: words::view_words(trial, &result, today, running, style),
        result,
        safety: if crate::knowledge::takes_quinine(&diary.medications) {
            crate::knowledge::QUININE_SAFETY
        } else {
            &[]
        },
        power: power.as_ref().map(|p| p.0),
        power_words: power.map(|p| p.1).unwrap_or_default(),
    }
}
