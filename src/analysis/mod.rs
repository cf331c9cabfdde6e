//! The analysis engine: one pure function of the diary and "today" that links the user's
//! own pattern of cramp nights to the documented causes, honestly.
//!
//! Methods (see `knowledge/causes.md`): the unit is the night, named by its evening; a
//! night never logged is missing, never cramp-free. Rates use nights with a known status
//! (`cramps` or `none`) as the denominator; `unknown` nights count with the missing ones in
//! the sensitivity bound. Before/after comparisons use exact conditional intervals
//! (Clopper–Pearson through the binomial, as R's `poisson.test`), class-specific windows
//! from the onset column, a missing-night bound and a power rule. Exploratory comparisons
//! are corrected with Holm's method.
//!
//! Public entry points: [`analyze`], [`analyze_with`], [`red_flags`], [`render_text`].

use std::collections::BTreeMap;

use chrono::{Datelike, Duration, NaiveDate};
use serde::Serialize;

use crate::domain::{Diary, NightStatus, Side};
use crate::knowledge::DrugClass;
use crate::locale::DateStyle;

mod chemo;
mod conditions;
mod exposure;
mod medication;
pub(crate) mod model;
mod redflags;
mod season;
pub mod stats;
mod summary;
pub(crate) mod text;

pub use redflags::RULE_IDS as RED_FLAG_RULES;
pub use text::{render_text, DONT_STOP};

/// Version of the `analyze --json` contract.
pub const ANALYSIS_VERSION: u32 = 2;

/// Fewest nights with a known status a comparison group needs before any estimate.
pub const MIN_NIGHTS_PER_GROUP: u64 = 14;
/// Fewest cramp nights (both groups together) before a `possible_link` is reported.
pub const MIN_EVENTS_FOR_POSSIBLE: u64 = 5;
/// Rate ratio an effect must reach to be called a `likely_link` (with the interval above 1).
pub const LIKELY_LINK_MIN_RR: f64 = 1.5;
/// Rate ratio above which the estimate "points to a link".
pub const POINTS_TO_LINK_RR: f64 = 1.25;
/// The effect the power rule is computed for: a doubling.
pub const POWER_RR: f64 = 2.0;
/// A fall to this rate ratio or below after a change gets the regression-to-the-mean caveat.
pub const REGRESSION_CAVEAT_RR: f64 = 0.8;
/// Family-wise error rate: every statistical comparison of a diary is one Holm family.
pub const ALPHA: f64 = 0.05;
/// Nights just before a change left out of its reference (the spell that may have prompted it).
pub const RUN_IN_DAYS: i64 = 14;
/// Longest reference period before a change, in nights (before the run-in).
pub const MAX_BASELINE_DAYS: i64 = 180;
/// Changes of different medicines closer than this (or than the earlier one's onset lag)
/// cannot be told apart.
pub const MIN_SEPARATION_DAYS: i64 = 14;
/// Share of reference nights with cramps from which episodes per night, not cramp nights,
/// decide the verdict (a rise cannot show in nights that already have cramps).
pub const EPISODES_MEASURE_FROM: f64 = 0.5;
/// Clustering factor from which the finding says the nights come in runs.
pub const CLUSTERED_FROM: f64 = 1.5;
/// Days of diary (first to last logged night) from which the person's own season is fitted.
pub const SEASON_MIN_DAYS: i64 = 360;
/// Days back from "today" in which acute red flags (emergency, urgent) count as current.
pub const RECENT_DAYS: i64 = 14;
/// Longest after-window, in days (onset columns say "up to 12 months").
pub const MAX_AFTER_WINDOW_DAYS: i64 = 365;
/// Absolute floor for a "low-fluid day" when there are too few days for a percentile.
pub const LOW_FLUID_FLOOR_ML: f64 = 1200.0;
/// Fewest days with fluids logged before the user's own 25th percentile is used.
pub const MIN_FLUID_DAYS_FOR_PERCENTILE: usize = 28;
/// Exertion score (0–10) from which a day counts as a high-exertion day.
pub const HIGH_EXERTION: u8 = 7;

/// The whole result of an analysis (the `analyze --json` contract, version 2).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Analysis {
    /// Contract version.
    pub version: u32,
    /// The nights analysed.
    pub period: Period,
    /// Night counts.
    pub nights: NightCounts,
    /// Summary of the period.
    pub summary: summary::Summary,
    /// Findings, sorted by tier (emergency, urgent, next_visit, info).
    pub findings: Vec<Finding>,
    /// Every documented cause with what this diary shows about it.
    pub causes: Vec<CauseOverview>,
    /// The thresholds and methods used, in words and numbers.
    pub methods: Methods,
    /// The "low-fluid day" threshold for this period in mL (drawn on the fluids chart);
    /// `None` when no fluids are logged.
    pub low_fluid_ml: Option<f64>,
    /// The person's own season (a year or more of nights), which every comparison allows for.
    pub season: Option<season::SeasonSummary>,
    /// Safety notes about recorded medicines (quinine), for the prescriber; left out when none.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub safety: Vec<String>,
    /// What the period's days hold: drinks and exertion.
    pub days: DayCounts,
}

/// Drinks and exertion over the period's days (what the report's "Fluids and exertion" says).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct DayCounts {
    /// Days with drinks logged.
    pub fluid_days: u32,
    /// The middle daily total in mL (the upper of the two middle ones), when any.
    pub fluid_median_ml: Option<f64>,
    /// The lowest daily total in mL, when any.
    pub fluid_lowest_ml: Option<f64>,
    /// The highest daily total in mL, when any.
    pub fluid_highest_ml: Option<f64>,
    /// Days with exertion scored.
    pub exertion_days: u32,
    /// Of those, days scored [`HIGH_EXERTION`] or more.
    pub high_exertion_days: u32,
}

fn day_counts(diary: &Diary, period: Period) -> DayCounts {
    let days = diary.days.iter().filter(|d| d.date >= period.from && d.date <= period.to);
    let mut totals: Vec<f64> = days.clone().filter(|d| !d.fluids.is_empty()).map(|d| d.total_ml()).collect();
    totals.sort_by(|x, y| x.total_cmp(y));
    let exertion: Vec<u8> = days.filter_map(|d| d.exertion).collect();
    DayCounts {
        fluid_days: totals.len() as u32,
        fluid_median_ml: totals.get(totals.len() / 2).copied(),
        fluid_lowest_ml: totals.first().copied(),
        fluid_highest_ml: totals.last().copied(),
        exertion_days: exertion.len() as u32,
        high_exertion_days: exertion.iter().filter(|e| **e >= HIGH_EXERTION).count() as u32,
    }
}

pub use summary::{Direction, Summary, Trend};

/// The analysed period (both ends included).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Period {
    /// First night.
    pub from: NaiveDate,
    /// Last night.
    pub to: NaiveDate,
}

/// Night counts in the period.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct NightCounts {
    /// Calendar nights in the period.
    pub calendar: u32,
    /// Logged nights (any status).
    pub logged: u32,
    /// Nights with cramps.
    pub cramp: u32,
    /// Nights without cramps.
    pub none: u32,
    /// Logged nights whose status is unknown.
    pub unknown: u32,
    /// logged / calendar.
    pub completeness: f64,
}

impl NightCounts {
    /// Nights with a known answer (cramps or none).
    pub fn known(&self) -> u32 {
        self.cramp + self.none
    }
}

/// What a finding is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FindingKind {
    /// Cramps after a medicine was started (or its dose changed) vs before.
    MedicationStart,
    /// Cramps after a medicine was stopped vs before.
    MedicationStop,
    /// Low-fluid days vs other days.
    Hydration,
    /// High-exertion days vs other days.
    Exertion,
    /// Cramps across chemotherapy cycles.
    ChemotherapyCycles,
    /// A condition in the profile.
    Condition,
    /// A warning sign.
    RedFlag,
    /// The overall trend.
    Trend,
    /// A pattern that looks like cramps but is something else.
    LookAlike,
}

crate::domain::string_enum!(
    /// How soon to act (most urgent first; `Ord` follows that order).
    Tier {
        /// Call emergency services now.
        Emergency => "emergency",
        /// See a clinician today.
        Urgent => "urgent",
        /// Mention it at the next visit.
        NextVisit => "next_visit",
        /// Nothing to do.
        Info => "info",
    }
);

crate::domain::string_enum!(
    /// What a statistical finding concludes.
    Verdict {
        /// The interval excludes 1 and the effect is large enough to matter.
        LikelyLink => "likely_link",
        /// The estimate points to a link but the interval includes 1.
        PossibleLink => "possible_link",
        /// Enough data, and no effect.
        NoClearLink => "no_clear_link",
        /// Too little data to tell.
        NotEnoughData => "not_enough_data",
        /// The missing-night bound flips the conclusion.
        Inconclusive => "inconclusive",
    }
);

crate::domain::string_enum!(
    /// How a statistical finding was computed.
    Method {
        /// Poisson rate ratio with a run-robust (HAC) interval.
        PoissonHac => "poisson_hac",
        /// The same, with the person's own season as an offset.
        PoissonSeasonOffsetHac => "poisson_season_offset_hac",
    }
);

crate::domain::string_enum!(
    /// What is counted each night.
    Measure {
        /// Cramp night (1) or not (0).
        Nights => "nights",
        /// Episodes that night.
        Episodes => "episodes",
    }
);

crate::domain::string_enum!(
    /// How the person's season was taken into account.
    SeasonAdjustment {
        /// A year or more of diary: compared with the person's own season.
        OwnSeason => "own_season",
        /// Under a year, and the windows fall in different seasons: the season cannot be told apart.
        CannotTell => "cannot_tell",
        /// A year or more of diary shows no season, or both windows fall in the same season.
        NotNeeded => "not_needed",
    }
);

crate::domain::string_enum!(
    /// What a medication or treatment finding is about.
    Event {
        /// The first night on the medicine.
        Start => "start",
        /// A new dose (the mg read from the dose text).
        DoseChange => "dose_change",
        /// The last day on the medicine.
        Stop => "stop",
        /// Repeated one-day treatments (infusions), read by the days since the last one.
        Cycles => "cycles",
        /// One treatment course over its whole span.
        Course => "course",
    }
);

crate::domain::string_enum!(
    /// Why a finding is less certain than its numbers alone say, or how it was read.
    Caveat {
        /// Another change came within this one's onset lag: the diary cannot tell them apart.
        CannotSeparate => "cannot_separate",
        /// Compared with the person's own season (a year or more of diary).
        SeasonAdjusted => "season_adjusted",
        /// The windows fall in different seasons and the diary is too short to tell.
        SeasonNotSeparable => "season_not_separable",
        /// Cramp nights come in runs; the interval allows for it.
        ClusteredNights => "clustered_nights",
        /// Started before the diary began: no nights before it to compare with.
        StartedBeforeDiary => "started_before_diary",
        /// A fall that could be a bad spell easing by itself.
        RegressionToMean => "regression_to_mean",
        /// Too recent for the effect to have shown.
        TooRecent => "too_recent",
        /// Fewer than half of a window's nights were logged.
        LowCompleteness => "low_completeness",
        /// Many nights were filled in days later.
        LateBackfill => "late_backfill",
        /// Not a documented cause: a hint, Holm-corrected.
        Exploratory => "exploratory",
        /// The negative control (the next day's fluids) shows a link too.
        NegativeControlAlsoLinked => "negative_control_also_linked",
        /// A medicine that raises the chance of a clot makes this red flag weigh more.
        HigherPriorityClotRiskMedicine => "higher_priority_clot_risk_medicine",
    }
);

/// A finding's caveats, each once, in the order they were found; serialised as a list of
/// strings.
#[derive(Clone, Default, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct Caveats(Vec<Caveat>);

impl Caveats {
    /// Whether it holds `c` (a [`Caveat`], or its JSON spelling).
    pub fn contains<Q: ?Sized>(&self, c: &Q) -> bool
    where
        Caveat: PartialEq<Q>,
    {
        self.0.iter().any(|x| x == c)
    }

    /// The caveats in order.
    pub fn iter(&self) -> impl Iterator<Item = Caveat> + '_ {
        self.0.iter().copied()
    }

    fn add(&mut self, c: Caveat) {
        if !self.contains(&c) {
            self.0.push(c);
        }
    }
}

impl std::fmt::Debug for Caveats {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(self.0.iter().map(|c| c.as_str())).finish()
    }
}

/// Nights in one comparison window (or group).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Window {
    /// First night.
    pub from: NaiveDate,
    /// Last night.
    pub to: NaiveDate,
    /// Nights with a known status (`cramps` or `none`): the denominator.
    pub logged_nights: u32,
    /// Nights with cramps.
    pub cramp_nights: u32,
    /// Calendar nights (or paired days, for groups).
    pub calendar_nights: u32,
    /// Logged nights with status `unknown`.
    pub unknown_nights: u32,
    /// Nights never logged.
    pub missing_nights: u32,
    /// Cramp nights per week of known nights.
    #[serde(serialize_with = "opt_round3")]
    pub cramp_nights_per_week: Option<f64>,
    /// Logged nights (any status) / calendar nights; null for an empty window.
    #[serde(serialize_with = "opt_round3")]
    pub completeness: Option<f64>,
}

/// One of the two groups of a day-to-night comparison (hydration, exertion).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Group {
    /// Which days: "low-fluid days", "other days", …
    pub label: String,
    /// Days in the group (with the exposure logged).
    pub days: u32,
    /// Nights after them with a known status.
    pub logged_nights: u32,
    /// Of which with cramps.
    pub cramp_nights: u32,
    /// Nights after them never logged or unknown.
    pub missing_nights: u32,
}

/// The verdict recomputed with every missing (or unknown) night set one way.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Scenario {
    /// Rate ratio.
    #[serde(serialize_with = "opt_round3")]
    pub rate_ratio: Option<f64>,
    /// Lower bound.
    #[serde(serialize_with = "opt_round3")]
    pub ci_low: Option<f64>,
    /// Upper bound.
    #[serde(serialize_with = "opt_round3")]
    pub ci_high: Option<f64>,
    /// Verdict under this scenario.
    pub verdict: Verdict,
}

/// The missing-night sensitivity bound.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Sensitivity {
    /// Every missing night counted as cramp-free.
    pub missing_as_none: Scenario,
    /// Every missing night counted as a cramp night.
    pub missing_as_cramps: Scenario,
    /// Whether either scenario flips the conclusion.
    pub flips: bool,
}

/// A rate-ratio check that is not the finding itself (negative control, cumulative cycles).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Check {
    /// What is compared.
    pub label: String,
    /// Exposed group.
    pub exposed: Group,
    /// Reference group.
    pub reference: Group,
    /// Rate ratio.
    #[serde(serialize_with = "opt_round3")]
    pub rate_ratio: Option<f64>,
    /// 95% interval.
    #[serde(serialize_with = "opt_round3")]
    pub ci_low: Option<f64>,
    /// 95% interval.
    #[serde(serialize_with = "opt_round3")]
    pub ci_high: Option<f64>,
    /// Whether the interval excludes 1.
    pub significant: bool,
}

/// One chemotherapy cycle.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Cycle {
    /// 1-based cycle number.
    pub number: u32,
    /// First night of the cycle (the course start).
    pub from: NaiveDate,
    /// Last night counted for the cycle.
    pub to: NaiveDate,
    /// Known nights.
    pub logged_nights: u32,
    /// Cramp nights.
    pub cramp_nights: u32,
}

/// A date and what was noted that raised a red flag.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Evidence {
    /// The day (symptoms) or night (episodes).
    pub date: NaiveDate,
    /// Symptom id, or a short description (`cramp_night`, `episode_over_10_min`, `note`).
    pub symptom: String,
    /// Which leg, if noted.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub side: Option<Side>,
    /// Extra detail (episode duration, note text, medication).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
}

/// One finding.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Finding {
    /// Stable id: `kind:subject:date`.
    pub id: String,
    /// Kind.
    pub kind: FindingKind,
    /// Cause id from the knowledge base, when one applies.
    pub cause: Option<&'static str>,
    /// What it is about (medicine as written, condition, symptom).
    pub subject: String,
    /// How soon to act.
    pub tier: Tier,
    /// Statistical verdict (statistical findings only).
    pub verdict: Option<Verdict>,
    /// Whether it is an exploratory comparison (Holm-corrected).
    pub exploratory: bool,
    /// Window before (medication, chemotherapy).
    pub before: Option<Window>,
    /// Window after.
    pub after: Option<Window>,
    /// Rate ratio (after/before, exposed/reference).
    #[serde(serialize_with = "opt_round3")]
    pub rate_ratio: Option<f64>,
    /// Lower bound of the interval.
    #[serde(serialize_with = "opt_round3")]
    pub ci_low: Option<f64>,
    /// Upper bound of the interval (null when infinite).
    #[serde(serialize_with = "opt_round3")]
    pub ci_high: Option<f64>,
    /// Confidence level of the interval (0.95, or higher after Holm correction).
    #[serde(serialize_with = "opt_round4")]
    pub ci_level: Option<f64>,
    /// Exact two-sided p-value.
    #[serde(serialize_with = "opt_round4")]
    pub p_value: Option<f64>,
    /// Holm-adjusted p-value (exploratory findings).
    #[serde(serialize_with = "opt_round4")]
    pub p_adjusted: Option<f64>,
    /// Caveats, each once.
    pub caveats: Caveats,
    /// Plain words for the user, with the numbers.
    pub message: String,
    /// What to do, in words.
    pub advice: String,
    /// Dates and symptoms behind a red flag (empty otherwise).
    pub evidence: Vec<Evidence>,
    /// Every class of the medicine (combination products have several).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub classes: Vec<DrugClass>,
    /// What a medication or treatment finding is about.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub event: Option<Event>,
    /// The date of the event (start, stop, first cycle).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub event_date: Option<NaiveDate>,
    /// Exposed group (hydration, exertion).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub exposed: Option<Group>,
    /// Reference group (hydration, exertion).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reference: Option<Group>,
    /// Missing-night bound.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sensitivity: Option<Sensitivity>,
    /// Negative control (hydration) or build-up across cycles (chemotherapy).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub checks: Vec<Check>,
    /// Chemotherapy cycles.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub cycles: Vec<Cycle>,
    /// Other medication changes inside the windows, in words.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub other_changes: Vec<String>,
    /// The rule that defined the exposure ("below your own 25th percentile, 1450 mL").
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rule: Option<String>,
    /// Whether an acute red flag's evidence is recent (within [`RECENT_DAYS`] of today).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub recent: Option<bool>,
    /// A medicine that raises the priority of this red flag (raloxifene, estrogen).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub raised_by: Option<String>,
    /// How the statistics were computed (statistical findings).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub method: Option<Method>,
    /// What the verdict counts: cramp nights or episodes per night.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub measure: Option<Measure>,
    /// How the person's season was taken into account.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub season_adjustment: Option<SeasonAdjustment>,
    /// Ids of findings whose change cannot be told apart from this one.
    pub confounded_with: Vec<String>,
    /// Variance inflation because cramp nights come in runs (1 = independent nights).
    #[serde(serialize_with = "opt_round3", skip_serializing_if = "Option::is_none")]
    pub dispersion: Option<f64>,
    /// The comparison on cramp nights.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub nights_estimate: Option<Estimate>,
    /// The comparison on episodes per night.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub episodes: Option<Estimate>,
    /// A stop read together with its start: on the medicine against after stopping.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dechallenge: Option<Dechallenge>,
}

/// One measure's comparison, at the finding's confidence level.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Estimate {
    /// Rate ratio (exposed or after ÷ reference or before).
    #[serde(serialize_with = "opt_round3")]
    pub rate_ratio: Option<f64>,
    /// Lower bound.
    #[serde(serialize_with = "opt_round3")]
    pub ci_low: Option<f64>,
    /// Upper bound.
    #[serde(serialize_with = "opt_round3")]
    pub ci_high: Option<f64>,
    /// Two-sided p-value.
    #[serde(serialize_with = "opt_round4")]
    pub p_value: Option<f64>,
    /// Counted events (cramp nights or episodes) after and before.
    pub events_after: f64,
    /// Counted events before.
    pub events_before: f64,
}

/// `Some(true)` when an interval lies wholly above 1, `Some(false)` wholly below, else `None`
/// (an open upper end is never below 1).
pub(crate) fn clear_direction(low: Option<f64>, high: Option<f64>) -> Option<bool> {
    match (low, high) {
        (Some(l), _) if l > 1.0 => Some(true),
        (_, Some(h)) if h < 1.0 => Some(false),
        _ => None,
    }
}

/// The dechallenge of a start-and-stop finding.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Dechallenge {
    /// The stop (last day taken).
    pub date: NaiveDate,
    /// Nights on the medicine, after its onset lag.
    pub before: Window,
    /// Nights after stopping, after the wash-out.
    pub after: Window,
    /// Rate ratio after stopping ÷ on the medicine (cramp nights).
    #[serde(serialize_with = "opt_round3")]
    pub rate_ratio: Option<f64>,
    /// 95% interval.
    #[serde(serialize_with = "opt_round3")]
    pub ci_low: Option<f64>,
    /// 95% interval.
    #[serde(serialize_with = "opt_round3")]
    pub ci_high: Option<f64>,
    /// Whether the stop clearly went against the start (its interval excludes 1 on the other
    /// side, and the start's interval excludes 1); for a restart, whether it clearly went the
    /// same way as the start.
    pub agrees: bool,
    /// A restart of the medicine read with its start and stop: the nights off it (`before`)
    /// against the nights back on it after the onset lag (`after`), dated by the restart.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub restart: Option<Box<Dechallenge>>,
}

impl Finding {
    /// A finding with only the identifying fields set.
    pub(crate) fn new(id: String, kind: FindingKind, cause: Option<&'static str>, subject: String, tier: Tier) -> Self {
        Finding {
            id,
            kind,
            cause,
            subject,
            tier,
            verdict: None,
            exploratory: false,
            before: None,
            after: None,
            rate_ratio: None,
            ci_low: None,
            ci_high: None,
            ci_level: None,
            p_value: None,
            p_adjusted: None,
            caveats: Caveats::default(),
            message: String::new(),
            advice: String::new(),
            evidence: Vec::new(),
            classes: Vec::new(),
            event: None,
            event_date: None,
            exposed: None,
            reference: None,
            sensitivity: None,
            checks: Vec::new(),
            cycles: Vec::new(),
            other_changes: Vec::new(),
            rule: None,
            recent: None,
            raised_by: None,
            method: None,
            measure: None,
            season_adjustment: None,
            confounded_with: Vec::new(),
            dispersion: None,
            nights_estimate: None,
            episodes: None,
            dechallenge: None,
        }
    }

    pub(crate) fn caveat(&mut self, c: Caveat) {
        self.caveats.add(c);
    }
}

/// A documented cause and what this diary shows about it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CauseOverview {
    /// Cause id.
    pub id: &'static str,
    /// Name.
    pub name: &'static str,
    /// Evidence strength.
    pub evidence: &'static str,
    /// Our plain-language explanation.
    pub explanation: &'static str,
    /// What this diary shows about it, in words.
    pub your_diary: String,
    /// Ids of findings about it.
    pub findings: Vec<String>,
}

/// Thresholds and methods, so every number can be traced.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Methods {
    /// Fewest known nights per comparison group.
    pub min_nights_per_group: u64,
    /// Fewest cramp nights for a `possible_link`.
    pub min_events_for_possible: u64,
    /// RR a `likely_link` must reach.
    pub likely_link_min_rate_ratio: f64,
    /// RR the power rule is computed for.
    pub power_rate_ratio: f64,
    /// Family-wise α.
    pub alpha: f64,
    /// Multiple-comparison correction for exploratory findings.
    pub exploratory_correction: &'static str,
    /// Days back from today that acute red flags count as current.
    pub recent_days: i64,
    /// The rules in words.
    pub notes: Vec<&'static str>,
}

fn methods() -> Methods {
    Methods {
        min_nights_per_group: MIN_NIGHTS_PER_GROUP,
        min_events_for_possible: MIN_EVENTS_FOR_POSSIBLE,
        likely_link_min_rate_ratio: LIKELY_LINK_MIN_RR,
        power_rate_ratio: POWER_RR,
        alpha: ALPHA,
        exploratory_correction: "holm_all_comparisons",
        recent_days: RECENT_DAYS,
        notes: vec![
            "Rates use nights logged as 'cramps' or 'none'; a night never logged is missing, not cramp-free.",
            "Each change is compared with the stable period before it: up to 180 nights, leaving out the 14 nights just before it and never reaching back past the previous change and its onset lag.",
            "The nights after a change start after the onset lag of its class and end before the next change; a start whose stop is the next change is read together with it (on the medicine against before it and after stopping).",
            "Changes of different medicines closer than 14 days (or the earlier one's onset lag) cannot be told apart: both are reported together and neither is called a likely link.",
            "Rate ratios come from a log-linear (Poisson working) model; with a year or more of nights and a season the diary shows (both annual harmonic terms jointly at 1%, runs of cramp nights allowed for, fitted on the whole diary with a trend and the medicines taken), that season is an offset.",
            "Intervals allow for runs of cramp nights: the robust variance times the larger of the Newey-West (21-night Bartlett) and AR(1) long-run variance ratios, with Student's t on the effective number of nights.",
            "When at least half of the reference nights have cramps, episodes per night decide the verdict; both measures are reported.",
            "Each group needs at least 14 known nights; no_clear_link needs 80% power to detect a doubling on the effective counts, or an upper bound below 2.",
            "Missing-night bound: crossed extremes (missing nights after as cramp-free with those before as cramp nights, and the reverse); any change of verdict is inconclusive.",
            "Every statistical comparison of the diary is one family, corrected with Holm's method; a comparison with an empty or too small group is no test and is left out.",
            "A next-visit mention needs an interval that excludes no change; under a year of diary, a change whose windows fall in different seasons is never a likely link.",
            "Low-fluid day: below the user's own 25th percentile when at least 28 days have fluids logged, otherwise below 1200 mL. High-exertion day: exertion 7/10 or more. The day-after negative control is read given the day itself.",
            "Acute red flags (emergency, urgent) count when noted in the last 14 days; older ones are listed for the next visit.",
        ],
    }
}

/// Options for [`analyze_with`].
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct AnalysisOptions {
    /// First night (default: the first logged night).
    pub from: Option<NaiveDate>,
    /// Last night (default: the last logged night, but not after today).
    pub to: Option<NaiveDate>,
}

/// Analyse the diary over its default period (first logged night to the last, not after
/// `today`). Pure: no I/O, no clock.
pub fn analyze(diary: &Diary, today: NaiveDate) -> Analysis {
    analyze_with(diary, today, &AnalysisOptions::default())
}

/// Analyse the diary over a chosen period; the words write dates as ISO (for the CLI and
/// `analyze --json`).
pub fn analyze_with(diary: &Diary, today: NaiveDate, options: &AnalysisOptions) -> Analysis {
    analyze_styled(diary, today, options, DateStyle::ISO)
}

/// Analyse the diary over a chosen period, writing the dates in its words in `style` (the
/// app's pages and the PDF); every number is the same whatever the style.
pub fn analyze_styled(diary: &Diary, today: NaiveDate, options: &AnalysisOptions, style: DateStyle) -> Analysis {
    let period = resolve_period(diary, today, options);
    let mut ctx = Ctx::new(diary, today, period);
    ctx.style = style;
    let summary = summary::summarize(&ctx);

    let mut drafts: Vec<Draft> = Vec::new();
    drafts.extend(medication::drafts(&ctx));
    drafts.extend(chemo::drafts(&ctx));
    drafts.extend(exposure::drafts(&ctx));
    let mut findings = finalize(&ctx, drafts);
    if let Some(f) = summary::trend_finding(&ctx, &summary) {
        findings.push(f);
    }
    findings.extend(conditions::findings(&ctx));
    // Red flags look up to today unless the period was cut short on purpose: a symptom
    // ticked today must show even before tonight's night is logged.
    let flags_to = if options.to.is_some() { period.to } else { today.max(period.to) };
    findings.extend(redflags::findings(&ctx, period.from, flags_to));
    sort_findings(&mut findings);
    for f in &mut findings {
        if f.message.is_empty() {
            text::fill_message(f, style);
        }
    }
    let causes = conditions::overview(&ctx, &findings, &summary);
    let low_fluid_ml = exposure::low_fluid_threshold(&ctx).map(|(ml, _)| ml);
    Analysis {
        version: ANALYSIS_VERSION,
        period,
        nights: ctx.night_counts(),
        summary,
        findings,
        causes,
        methods: methods(),
        low_fluid_ml,
        season: ctx.season.as_ref().map(|s| s.summary),
        days: day_counts(diary, period),
        safety: if crate::knowledge::takes_quinine(&diary.medications) {
            crate::knowledge::QUININE_SAFETY.iter().map(|s| s.to_string()).collect()
        } else {
            Vec::new()
        },
    }
}

/// Red flags only, cheap enough to run after every save: the rules of the red-flag table
/// over the last [`RECENT_DAYS`] days up to `today`, sorted by tier; dates in ISO.
pub fn red_flags(diary: &Diary, today: NaiveDate) -> Vec<Finding> {
    red_flags_styled(diary, today, DateStyle::ISO)
}

/// [`red_flags`] with the dates of their words in `style`.
pub fn red_flags_styled(diary: &Diary, today: NaiveDate, style: DateStyle) -> Vec<Finding> {
    let from = today - Duration::days(RECENT_DAYS - 1);
    let period = Period { from, to: today };
    let ctx = Ctx::new(diary, today, period);
    let mut out = redflags::findings(&ctx, from, today);
    sort_findings(&mut out);
    for f in &mut out {
        if f.message.is_empty() {
            text::fill_message(f, style);
        }
    }
    out
}

fn sort_findings(f: &mut [Finding]) {
    // Stable: within a tier, red flags raised by a medicine first, then the order of discovery.
    f.sort_by_key(|x| (x.tier, x.raised_by.is_none(), kind_rank(x.kind)));
}

fn kind_rank(k: FindingKind) -> u8 {
    match k {
        FindingKind::RedFlag => 0,
        FindingKind::LookAlike => 1,
        FindingKind::MedicationStart => 2,
        FindingKind::ChemotherapyCycles => 3,
        FindingKind::MedicationStop => 4,
        FindingKind::Hydration => 5,
        FindingKind::Exertion => 6,
        FindingKind::Trend => 7,
        FindingKind::Condition => 8,
    }
}

fn resolve_period(diary: &Diary, today: NaiveDate, o: &AnalysisOptions) -> Period {
    let first = diary.nights.iter().map(|n| n.date).find(|d| *d <= today);
    let last = diary.nights.iter().rev().map(|n| n.date).find(|d| *d <= today);
    let from = o.from.or(first).unwrap_or(today);
    let mut to = o.to.or(last.map(|l| l.min(today))).unwrap_or(today);
    if to < from {
        to = from;
    }
    Period { from, to }
}

/// Status codes in the per-date array.
const MISSING: u8 = 0;
const NONE: u8 = 1;
const CRAMPS: u8 = 2;
const UNKNOWN: u8 = 3;

/// Per-date arrays and prefix sums over the period, built once.
pub(crate) struct Ctx<'a> {
    pub diary: &'a Diary,
    pub today: NaiveDate,
    pub period: Period,
    /// Dates the arrays cover: the period and every logged night up to today.
    pub span: Period,
    /// Status per night of the span.
    pub status: Vec<u8>,
    pre_known: Vec<u32>,
    pre_cramp: Vec<u32>,
    pre_unknown: Vec<u32>,
    pre_late: Vec<u32>,
    /// Episodes per night of the span (at least 1 on a cramp night).
    pub episodes: Vec<u16>,
    /// Mean episodes per cramp night over the span (1 when none are noted).
    pub episodes_per_cramp_night: f64,
    /// The person's own season, fitted with a year or more of nights when the diary shows one.
    pub season: Option<season::Season>,
    /// Whether the diary covers a year (the season could be checked).
    pub year_of_nights: bool,
    pub meds: Vec<knowledge_match::Med<'a>>,
    /// Spans of use of `meds`, by start.
    pub spans: Vec<medication::Span>,
    /// How the words write dates (ISO unless the caller chose).
    pub style: DateStyle,
}

pub(crate) mod knowledge_match {
    use crate::domain::Medication;
    use crate::knowledge::{classify_medication, tokens, MedicationMatch};

    /// A medication course, recognised once.
    pub struct Med<'a> {
        pub course: &'a Medication,
        pub matched: MedicationMatch,
        /// Groups courses of the same medicine (generic names, or the written words).
        pub key: String,
    }

    pub fn classify(course: &Medication) -> Med<'_> {
        let matched = classify_medication(&course.name);
        let key = if matched.recognised() {
            matched.generics.join("+")
        } else {
            tokens(&course.name)
                .into_iter()
                .filter(|t| !t.chars().all(|c| c.is_ascii_digit()))
                .collect::<Vec<_>>()
                .join(" ")
        };
        Med { course, matched, key }
    }
}

impl<'a> Ctx<'a> {
    fn new(diary: &'a Diary, today: NaiveDate, period: Period) -> Self {
        // The arrays cover every logged night up to today as well as the period, so
        // before/after windows of events inside a chosen period can use nights outside it.
        let first = diary.nights.first().map(|n| n.date).filter(|d| *d <= today);
        let last = diary.nights.iter().rev().map(|n| n.date).find(|d| *d <= today);
        let span = Period {
            from: first.map_or(period.from, |f| f.min(period.from)),
            to: last.map_or(period.to, |l| l.max(period.to)),
        };
        let len = ((span.to - span.from).num_days() + 1).max(0) as usize;
        let mut status = vec![MISSING; len];
        let mut late = vec![0u8; len];
        let mut episodes = vec![0u16; len];
        let start = diary.nights.partition_point(|n| n.date < span.from);
        for n in &diary.nights[start..] {
            if n.date > span.to {
                break;
            }
            let i = (n.date - span.from).num_days() as usize;
            status[i] = match n.status {
                NightStatus::Cramps => {
                    episodes[i] = n.episodes.len().clamp(1, u16::MAX as usize) as u16;
                    CRAMPS
                }
                NightStatus::None => NONE,
                NightStatus::Unknown => UNKNOWN,
            };
            if let Some(at) = n.logged_at {
                // The morning after is day +1; more than two days later is a late back-fill.
                if (at.date_naive() - n.date).num_days() > 3 {
                    late[i] = 1;
                }
            }
        }
        let prefix = |f: &dyn Fn(usize) -> bool| {
            let mut v = Vec::with_capacity(len + 1);
            v.push(0u32);
            let mut acc = 0;
            for i in 0..len {
                acc += f(i) as u32;
                v.push(acc);
            }
            v
        };
        let pre_known = prefix(&|i| status[i] == NONE || status[i] == CRAMPS);
        let pre_cramp = prefix(&|i| status[i] == CRAMPS);
        let pre_unknown = prefix(&|i| status[i] == UNKNOWN);
        let pre_late = prefix(&|i| late[i] == 1);
        let meds: Vec<_> = diary.medications.iter().map(knowledge_match::classify).collect();
        let cramp_nights = pre_cramp[len];
        let episodes_per_cramp_night =
            if cramp_nights == 0 { 1.0 } else { episodes.iter().map(|&e| e as f64).sum::<f64>() / cramp_nights as f64 };
        // Medicines taken during part of the diary enter the season fit (one column each,
        // from its first start's onset lag to its last stop, and one more for each dose
        // change, a later course that follows on at another dose, from its onset lag on),
        // so that a drug's effect, or a dose step's, is not read as season.
        let onset = |i: usize| Duration::days(medication::onset(&meds[i].matched.classes).0);
        let spans = medication::spans(&meds);
        let mut per_key: BTreeMap<&str, (NaiveDate, NaiveDate)> = BTreeMap::new();
        let mut steps: Vec<(&str, NaiveDate)> = Vec::new();
        for sp in &spans {
            let from = sp.start + onset(sp.courses[0]);
            let to = sp.stop.unwrap_or(span.to).min(span.to);
            let e = per_key.entry(&sp.key).or_insert((from, to));
            *e = (e.0.min(from), e.1.max(to));
            let dose_changes =
                sp.courses.windows(2).filter(|w| medication::dose_differs(meds[w[0]].course, meds[w[1]].course));
            steps.extend(dose_changes.map(|w| (sp.key.as_str(), meds[w[1]].course.started + onset(w[1]))));
        }
        let mut ranges: Vec<(NaiveDate, NaiveDate)> =
            per_key.values().copied().chain(steps.iter().map(|&(key, from)| (from, per_key[key].1))).collect();
        ranges.sort();
        ranges.dedup();
        let exposures: Vec<(usize, usize)> = ranges
            .into_iter()
            .filter_map(|(from, to)| {
                let from = from.max(span.from);
                (from <= to).then(|| ((from - span.from).num_days() as usize, (to - span.from).num_days() as usize))
            })
            .collect();
        let season = season::fit(span.from, &status, &exposures);
        let year_of_nights = season::covers_a_year(&status);
        Ctx {
            diary,
            today,
            period,
            span,
            status,
            pre_known,
            pre_cramp,
            pre_unknown,
            pre_late,
            episodes,
            episodes_per_cramp_night,
            year_of_nights,
            season,
            meds,
            spans,
            style: DateStyle::ISO,
        }
    }

    /// Index of `date` in the arrays (which cover the data span).
    pub fn idx(&self, date: NaiveDate) -> Option<usize> {
        if date < self.span.from || date > self.span.to {
            None
        } else {
            Some((date - self.span.from).num_days() as usize)
        }
    }

    /// Index range of the period in the arrays.
    pub fn period_range(&self) -> std::ops::Range<usize> {
        match (self.idx(self.period.from), self.idx(self.period.to)) {
            (Some(a), Some(b)) => a..b + 1,
            _ => 0..0,
        }
    }

    /// Status of night `date` (`MISSING` outside the period).
    pub fn status_on(&self, date: NaiveDate) -> u8 {
        self.idx(date).map_or(MISSING, |i| self.status[i])
    }

    /// Counts for the nights from..=to, clipped to the data span (the period plus any
    /// logged nights around it, never after today); `None` if empty after clipping.
    pub fn window(&self, from: NaiveDate, to: NaiveDate) -> Option<Window> {
        let from = from.max(self.span.from);
        let to = to.min(self.span.to);
        if to < from {
            return None;
        }
        let (a, b) = (self.idx(from)?, self.idx(to)? + 1);
        let known = self.pre_known[b] - self.pre_known[a];
        let cramp = self.pre_cramp[b] - self.pre_cramp[a];
        let unknown = self.pre_unknown[b] - self.pre_unknown[a];
        let calendar = (b - a) as u32;
        Some(Window {
            from,
            to,
            logged_nights: known,
            cramp_nights: cramp,
            calendar_nights: calendar,
            unknown_nights: unknown,
            missing_nights: calendar - known - unknown,
            cramp_nights_per_week: per_week(cramp as u64, known as u64),
            completeness: Some(round((known + unknown) as f64 / calendar as f64, 3)),
        })
    }

    /// The nights of `from..=to` (clipped to the span) for the estimator, exposed or not.
    pub fn obs(&self, from: NaiveDate, to: NaiveDate, exposed: bool, out: &mut Vec<model::Obs>) {
        let (from, to) = (from.max(self.span.from), to.min(self.span.to));
        if to < from {
            return;
        }
        let (a, b) = (self.idx(from).unwrap_or(0), self.idx(to).unwrap_or(0));
        out.extend((a..=b).map(|i| self.obs_at(i, exposed)));
    }

    /// One night for the estimator.
    pub fn obs_at(&self, i: usize, exposed: bool) -> model::Obs {
        let y = match self.status[i] {
            CRAMPS => Some(self.episodes[i] as f64),
            NONE => Some(0.0),
            _ => None,
        };
        model::Obs { t: i, y, e: self.season.as_ref().map_or(1.0, |s| s.mult[i]), x: exposed }
    }

    /// Nights logged more than three days late in from..=to.
    pub fn late_in(&self, w: &Window) -> u32 {
        match (self.idx(w.from), self.idx(w.to)) {
            (Some(a), Some(b)) => self.pre_late[b + 1] - self.pre_late[a],
            _ => 0,
        }
    }

    fn night_counts(&self) -> NightCounts {
        let r = self.period_range();
        let len = r.len();
        let cramp = self.pre_cramp[r.end] - self.pre_cramp[r.start];
        let known = self.pre_known[r.end] - self.pre_known[r.start];
        let unknown = self.pre_unknown[r.end] - self.pre_unknown[r.start];
        let logged = known + unknown;
        NightCounts {
            calendar: len as u32,
            logged,
            cramp,
            none: known - cramp,
            unknown,
            completeness: if len == 0 { 0.0 } else { round(logged as f64 / len as f64, 3) },
        }
    }
}

/// Cramp nights per week of known nights.
pub(crate) fn per_week(cramp: u64, known: u64) -> Option<f64> {
    (known > 0).then(|| round(cramp as f64 / known as f64 * 7.0, 3))
}

pub(crate) fn round(x: f64, digits: i32) -> f64 {
    let f = 10f64.powi(digits);
    (x * f).round() / f
}

fn opt_round3<S: serde::Serializer>(v: &Option<f64>, s: S) -> Result<S::Ok, S::Error> {
    match v {
        Some(x) if x.is_finite() => s.serialize_f64(round(*x, 3)),
        _ => s.serialize_none(),
    }
}

fn round3<S: serde::Serializer>(v: &f64, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_f64(round(*v, 3))
}

fn opt_round4<S: serde::Serializer>(v: &Option<f64>, s: S) -> Result<S::Ok, S::Error> {
    match v {
        Some(x) if x.is_finite() => s.serialize_f64(round(*x, 4)),
        _ => s.serialize_none(),
    }
}

/// Meteorological season index (0 winter, 1 spring, 2 summer, 3 autumn).
pub(crate) fn season(d: NaiveDate) -> u32 {
    (d.month() % 12) / 3
}

pub(crate) fn midpoint(a: NaiveDate, b: NaiveDate) -> NaiveDate {
    a + Duration::days((b - a).num_days() / 2)
}

// ---------------------------------------------------------------------------------------
// Comparisons and verdicts, shared by the medication, chemotherapy and day→night findings.

/// A finding waiting for its statistics (so the whole family can be corrected together).
pub(crate) struct Draft {
    pub finding: Finding,
    /// Exposed (after) and reference (before) nights.
    pub obs: Vec<model::Obs>,
    /// Episodes a missing night counts as when filled as a cramp night.
    pub episodes_per_cramp_night: f64,
    /// Whether a link shows as a fall (stopping a medicine, a dose cut) rather than a rise.
    pub link_is_fall: bool,
    /// Tier if a link is found (likely, or possible with an interval that excludes no change).
    pub tier_if_link: Tier,
    /// Never `likely_link`: the change cannot be told apart from the season or another change.
    pub capped: bool,
    /// Not a test (nothing before the diary, or a group too small): no family membership.
    pub no_test: bool,
    /// Variance the season offset adds to the log rate ratio.
    pub season_variance: f64,
}

impl Draft {
    pub(crate) fn new(
        finding: Finding,
        obs: Vec<model::Obs>,
        ctx: &Ctx,
        link_is_fall: bool,
        tier_if_link: Tier,
    ) -> Self {
        Draft {
            finding,
            episodes_per_cramp_night: ctx.episodes_per_cramp_night,
            link_is_fall,
            tier_if_link,
            capped: false,
            no_test: false,
            season_variance: ctx.season.as_ref().map_or(0.0, |s| s.offset_variance(&obs)),
            obs,
        }
    }

    fn measure(&self) -> Measure {
        let (mut y, mut n) = (0u32, 0u32);
        for o in self.obs.iter().filter(|o| !o.x) {
            if let Some(v) = o.y {
                n += 1;
                y += (v > 0.0) as u32;
            }
        }
        if n > 0 && y as f64 >= EPISODES_MEASURE_FROM * n as f64 {
            Measure::Episodes
        } else {
            Measure::Nights
        }
    }

    fn estimate(&self, m: Measure, fill: model::Fill) -> Option<model::Estimate> {
        let fill_cramp = if m == Measure::Episodes { self.episodes_per_cramp_night } else { 1.0 };
        let mut e = if m == Measure::Nights {
            let nights: Vec<model::Obs> =
                self.obs.iter().map(|o| model::Obs { y: o.y.map(|v| (v > 0.0) as u8 as f64), ..*o }).collect();
            model::estimate(&nights, m, fill, fill_cramp)
        } else {
            model::estimate(&self.obs, m, fill, fill_cramp)
        }?;
        e.se = (e.se * e.se + self.season_variance).sqrt();
        Some(e)
    }

    /// Whether it enters the family: both groups big enough and at least one event.
    fn in_family(&self) -> Option<f64> {
        if self.no_test {
            return None;
        }
        let e = self.estimate(self.measure(), model::Fill::Observed)?;
        (e.n1 as u64 >= MIN_NIGHTS_PER_GROUP && e.n0 as u64 >= MIN_NIGHTS_PER_GROUP && e.events() > 0.0)
            .then(|| e.p_value())
    }
}

/// The verdict for one comparison at one confidence level.
fn verdict_for(e: &model::Estimate, level: f64, link_is_fall: bool, capped: bool) -> Verdict {
    if (e.n1 as u64) < MIN_NIGHTS_PER_GROUP || (e.n0 as u64) < MIN_NIGHTS_PER_GROUP || e.events() == 0.0 {
        return Verdict::NotEnoughData;
    }
    let (lo, hi) = e.interval(level);
    let est = e.log_rr.exp();
    // Orient so that > 1 means "points to a link".
    let (est, lo, hi) = if link_is_fall { (1.0 / est, 1.0 / hi, 1.0 / lo) } else { (est, lo, hi) };
    if lo > 1.0 {
        return if est >= LIKELY_LINK_MIN_RR && !capped { Verdict::LikelyLink } else { Verdict::PossibleLink };
    }
    if hi < 1.0 {
        return Verdict::NoClearLink;
    }
    if est >= POINTS_TO_LINK_RR && e.events() >= MIN_EVENTS_FOR_POSSIBLE as f64 {
        return Verdict::PossibleLink;
    }
    if powered(e, level) || hi < POWER_RR {
        Verdict::NoClearLink
    } else {
        Verdict::NotEnoughData
    }
}

/// The power rule of causes.md on the effective counts (nights divided by the clustering
/// factor): with the pooled rate r, the expected counts under a doubling are E0 = r·N0 and
/// E1 = 2r·N1; 80% power needs (ln 2)² / (1/E0 + 1/E1) ≥ (z_{1−α/2} + z_{0.8})².
fn powered(e: &model::Estimate, level: f64) -> bool {
    let (y1, n1, y0, n0) = e.effective();
    let n = n1 + n0;
    if n <= 0.0 {
        return false;
    }
    let r = (y1 + y0) / n;
    let (e0, e1) = (r * n0, POWER_RR * r * n1);
    if e0 <= 0.0 || e1 <= 0.0 {
        return false;
    }
    let z = stats::normal_quantile(1.0 - (1.0 - level) / 2.0) + stats::normal_quantile(0.8);
    POWER_RR.ln().powi(2) / (1.0 / e0 + 1.0 / e1) >= z * z
}

fn estimate_out(e: &model::Estimate, level: f64) -> Estimate {
    let (lo, hi) = e.interval(level);
    Estimate {
        rate_ratio: e.rate_ratio(),
        ci_low: Some(lo),
        ci_high: hi.is_finite().then_some(hi),
        p_value: Some(e.p_value()),
        events_after: e.y1,
        events_before: e.y0,
    }
}

/// Fill a draft's statistics at `level`, with the crossed-extremes missing-night bound.
fn apply_stats(d: &mut Draft, level: f64) {
    let measure = d.measure();
    let nights = d.estimate(Measure::Nights, model::Fill::Observed);
    let episodes = d.estimate(Measure::Episodes, model::Fill::Observed);
    let f = &mut d.finding;
    f.method = Some(if f.season_adjustment == Some(SeasonAdjustment::OwnSeason) {
        Method::PoissonSeasonOffsetHac
    } else {
        Method::PoissonHac
    });
    f.ci_level = Some(level);
    f.nights_estimate = nights.as_ref().map(|e| estimate_out(e, level));
    f.episodes = episodes.as_ref().map(|e| estimate_out(e, level));
    let main = if measure == Measure::Episodes { episodes } else { nights };
    f.measure = Some(measure);
    let Some(e) = main else {
        f.verdict = Some(Verdict::NotEnoughData);
        return;
    };
    let (lo, hi) = e.interval(level);
    f.rate_ratio = e.rate_ratio();
    f.ci_low = Some(lo);
    f.ci_high = hi.is_finite().then_some(hi);
    f.p_value = (e.events() > 0.0).then(|| e.p_value());
    f.dispersion = Some(e.dispersion);
    if e.dispersion >= CLUSTERED_FROM {
        f.caveat(Caveat::ClusteredNights);
    }
    let mut v = if d.no_test { Verdict::NotEnoughData } else { verdict_for(&e, level, d.link_is_fall, d.capped) };
    let missing = d.obs.iter().any(|o| o.y.is_none());
    if missing && v != Verdict::NotEnoughData {
        let sc = |fill| {
            let s = d.estimate(measure, fill);
            let verdict =
                s.as_ref().map_or(Verdict::NotEnoughData, |s| verdict_for(s, level, d.link_is_fall, d.capped));
            let (lo, hi) = s.as_ref().map_or((f64::NAN, f64::NAN), |s| s.interval(level));
            Scenario {
                rate_ratio: s.as_ref().and_then(|s| s.rate_ratio()),
                ci_low: lo.is_finite().then_some(lo),
                ci_high: hi.is_finite().then_some(hi),
                verdict,
            }
        };
        let (a, b) = (sc(model::Fill::ExposedNone), sc(model::Fill::ExposedCramps));
        let flips = [&a, &b].iter().any(|s| s.verdict != Verdict::NotEnoughData && s.verdict != v);
        if flips {
            v = Verdict::Inconclusive;
        }
        let f = &mut d.finding;
        f.sensitivity = Some(Sensitivity { missing_as_none: a, missing_as_cramps: b, flips });
    }
    let f = &mut d.finding;
    f.verdict = Some(v);
    let significant = if d.link_is_fall { hi < 1.0 } else { lo > 1.0 };
    if v == Verdict::LikelyLink || (v == Verdict::PossibleLink && significant) {
        f.tier = d.tier_if_link;
    }
    // A fall after a start may be the bad spell that prompted it easing by itself.
    if f.kind == FindingKind::MedicationStart
        && !d.link_is_fall
        && f.rate_ratio.is_some_and(|r| r <= REGRESSION_CAVEAT_RR)
    {
        f.caveat(Caveat::RegressionToMean);
    }
    let known = |x: bool| d.obs.iter().filter(|o| o.x == x && o.y.is_some()).count();
    let all = |x: bool| d.obs.iter().filter(|o| o.x == x).count();
    if (all(true) > 0 && known(true) * 2 < all(true)) || (all(false) > 0 && known(false) * 2 < all(false)) {
        f.caveat(Caveat::LowCompleteness);
    }
}

fn finalize(_ctx: &Ctx, mut drafts: Vec<Draft>) -> Vec<Finding> {
    // One family: every comparison that is a test (both groups big enough, some events).
    let members: Vec<(usize, f64)> = (0..drafts.len()).filter_map(|i| drafts[i].in_family().map(|p| (i, p))).collect();
    let pvals: Vec<f64> = members.iter().map(|m| m.1).collect();
    let adjusted = stats::holm(&pvals);
    let levels = stats::holm_levels(&pvals, ALPHA);
    let mut level_of: BTreeMap<usize, (f64, f64)> = BTreeMap::new();
    for (k, &(i, _)) in members.iter().enumerate() {
        level_of.insert(i, (levels[k], adjusted[k]));
    }
    for (i, d) in drafts.iter_mut().enumerate() {
        let (level, adj) = level_of.get(&i).map_or((1.0 - ALPHA, None), |&(l, a)| (l, Some(a)));
        apply_stats(d, level);
        let f = &mut d.finding;
        if let Some(dc) = f.dechallenge.as_mut() {
            let start = clear_direction(f.ci_low, f.ci_high);
            dc.agrees = start.is_some() && clear_direction(dc.ci_low, dc.ci_high) == start.map(|rise| !rise);
            if let Some(re) = dc.restart.as_mut() {
                re.agrees = start.is_some() && clear_direction(re.ci_low, re.ci_high) == start;
            }
        }
        d.finding.p_adjusted = adj;
        if d.finding.exploratory {
            d.finding.caveat(Caveat::Exploratory);
        }
    }
    drafts.into_iter().map(|d| d.finding).collect()
}
