//! Calibration harness: simulated diaries with no effect and with known effects, run
//! through [`analyze`] to measure how often it raises a false alarm and how often it
//! finds a real effect (`knowledge/causes.md`, "Calibration is part of the method").
//!
//! Everything is seeded (splitmix64) and uses a fixed "today", so a figure can be
//! reproduced exactly: diary `i` of a stream is `simulator(&mut diary_rng(seed, stream, i), TODAY)`.
//! Parameters are documented in `docs/VALIDATION.md`.

use std::fmt;
use std::time::Instant;

use chrono::{Datelike, Duration, NaiveDate};
use serde::Serialize;

use crate::analysis::{analyze, Analysis, FindingKind, Tier, Verdict};
use crate::domain::{Day, Diary, Episode, Fluid, FluidKind, Medication, Muscle, Night, NightStatus, Relief, Side};

pub use crate::rng::Rng;

/// The generator for diary `i` of `stream` (0 = null diaries, 1.. = [`Effect`]s in order).
pub fn diary_rng(seed: u64, stream: u64, i: usize) -> Rng {
    let mut r = Rng::new(seed ^ stream.wrapping_mul(0xD1B5_4A32_D192_ED03));
    let base = r.next_u64();
    let mut r = Rng::new(base ^ (i as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15));
    r.next_u64();
    r
}

/// The fixed "today" of every calibration run (never the clock).
pub const TODAY: NaiveDate = NaiveDate::from_ymd_opt(2026, 1, 15).unwrap();

/// Mean length of a bad spell (a run of cramp nights) in null diaries: each diary draws
/// one uniformly from this range, so some are as clustered as runs of a week.
pub const NULL_RUN_NIGHTS: (i64, i64) = (2, 7);
/// Mean length of a bad spell in the effect diaries (docs/VALIDATION.md also gives the
/// power with spells of 3 nights).
pub const EFFECT_RUN_NIGHTS: f64 = 2.0;
/// Nights of diary before the change in the medication effect diaries: a year, so the
/// analysis can check the season (under a year it never calls a change across seasons a
/// likely link).
pub const EFFECT_BEFORE_NIGHTS: i64 = 365;
/// Stationary share of cramp nights without an effect.
pub const BASE_SHARE: f64 = 0.2;
/// Stationary share of cramp nights while an effect is on.
pub const EFFECT_SHARE: f64 = 0.5;
/// Share of nights never logged (missing at random).
pub const MISSING: f64 = 0.03;
/// Nights from a medication change (start, dose step, stop) until the effect changes.
pub const EFFECT_LAG: i64 = 14;
/// Share of null diaries with a season.
pub const SEASONAL_SHARE: f64 = 0.5;

/// p(cramp | no cramp the night before) giving the stationary share `share` when
/// p(cramp | cramp) is `stay`.
pub fn p_enter(share: f64, stay: f64) -> f64 {
    share / (1.0 - share) * (1.0 - stay)
}

/// p(cramp | cramp) for bad spells of `nights` on average.
pub fn p_stay(nights: f64) -> f64 {
    1.0 - 1.0 / nights
}

/// Annual factor on the transition into cramps: ×1.6 in mid-January, ×0.6 in mid-July.
pub fn season_factor(date: NaiveDate) -> f64 {
    let t = (date.ordinal0() as f64 - 14.0) / 365.25;
    1.1 + 0.5 * (2.0 * std::f64::consts::PI * t).cos()
}

/// Cramp states for `n` nights from `first`; `enter(date)` is p(cramp | none) that night.
fn chain(rng: &mut Rng, first: NaiveDate, n: i64, stay: f64, enter: impl Fn(NaiveDate) -> f64) -> Vec<bool> {
    let mut state = rng.chance(BASE_SHARE);
    (0..n)
        .map(|i| {
            let p = if state { stay } else { enter(first + Duration::days(i)) };
            state = rng.chance(p.min(1.0));
            state
        })
        .collect()
}

/// Daily fluids in mL: AR(1) around 1800 (sd 400, day-to-day correlation 0.7), so low days come in runs.
fn fluid_series(rng: &mut Rng, n: i64) -> Vec<f64> {
    const PHI: f64 = 0.7;
    let mut e = rng.normal(0.0, 400.0);
    (0..n)
        .map(|_| {
            e = PHI * e + (1.0 - PHI * PHI).sqrt() * rng.normal(0.0, 400.0);
            ((1800.0 + e).max(300.0) / 10.0).round() * 10.0
        })
        .collect()
}

/// The `q` quantile (nearest rank) of `xs`.
fn quantile(xs: &[f64], q: f64) -> f64 {
    let mut v = xs.to_vec();
    v.sort_by(f64::total_cmp);
    v[((v.len() - 1) as f64 * q).round() as usize]
}

/// A cramp night with 1–3 ordinary episodes (short, eased by stretching: no red flag).
fn cramp_night(rng: &mut Rng, date: NaiveDate) -> Night {
    let mut n = Night::new(date, NightStatus::Cramps);
    n.sleep_disturbance = Some(rng.range(2, 6) as u8);
    for _ in 0..rng.range(1, 3) {
        n.episodes.push(Episode {
            time: format!("{:02}:{:02}", rng.range(0, 5), rng.range(0, 59)).parse().ok(),
            duration_min: Some(rng.range(1, 5) as f64),
            intensity: Some(rng.range(3, 7) as u8),
            side: Some(if rng.chance(0.5) { Side::Left } else { Side::Right }),
            muscle: Some(if rng.chance(0.8) { Muscle::Calf } else { Muscle::Foot }),
            relieved_by: vec![Relief::Stretching],
            soreness_after: rng.chance(0.3),
        });
    }
    n
}

/// A diary from cramp states and fluids, one per night from `first`; 3% of nights (and
/// their days) are never logged. Exertion 0–10 is logged on every day when `exertion`.
fn assemble(rng: &mut Rng, first: NaiveDate, cramps: &[bool], fluids: &[f64], exertion: bool) -> Diary {
    let mut diary = Diary::default();
    for (i, (&c, &ml)) in cramps.iter().zip(fluids).enumerate() {
        let date = first + Duration::days(i as i64);
        if rng.chance(MISSING) {
            continue;
        }
        diary.nights.push(if c { cramp_night(rng, date) } else { Night::new(date, NightStatus::None) });
        let mut day = Day::empty(date);
        let coffee = (ml * 0.3 / 10.0).round() * 10.0;
        day.fluids.push(Fluid { kind: FluidKind::Water, ml: ml - coffee, brand: None });
        day.fluids.push(Fluid { kind: FluidKind::CoffeeTea, ml: coffee, brand: None });
        if exertion {
            day.exertion = Some(rng.normal(4.0, 2.0).round().clamp(0.0, 10.0) as u8);
        }
        diary.days.push(day);
    }
    diary
}

fn med(name: &str, dose: &str, started: NaiveDate, stopped: Option<NaiveDate>) -> Medication {
    Medication { name: name.into(), dose: dose.into(), started, stopped, notes: String::new() }
}

/// Documented medicines the null diaries draw from (generic, usual dose), one per class row.
pub const NULL_MEDICINES: [(&str, &str); 10] = [
    ("Furosemide", "40 mg"),
    ("Hydrochlorothiazide", "25 mg"),
    ("Spironolactone", "25 mg"),
    ("Atorvastatin", "20 mg"),
    ("Salmeterol", "50 mcg"),
    ("Alendronate", "70 mg weekly"),
    ("Raloxifene", "60 mg"),
    ("Prednisone", "10 mg"),
    ("Omeprazole", "20 mg"),
    ("Gabapentin", "300 mg"),
];

/// A diary with no effect: 365 nights ending the night before `today`; clustered cramp
/// nights (share 0.2, runs of 7); a winter season in about half the diaries; 3% missing;
/// five distinct documented medicines started at random (40% of them stopped later), fluids
/// and exertion logged daily, none of them with any effect.
pub fn null_diary(rng: &mut Rng, today: NaiveDate) -> Diary {
    const N: i64 = 365;
    let first = today - Duration::days(N);
    let seasonal = rng.chance(SEASONAL_SHARE);
    let stay = p_stay(rng.range(NULL_RUN_NIGHTS.0, NULL_RUN_NIGHTS.1) as f64);
    let enter = p_enter(BASE_SHARE, stay);
    let cramps = chain(rng, first, N, stay, |d| if seasonal { enter * season_factor(d) } else { enter });
    let fluids = fluid_series(rng, N);
    let mut diary = assemble(rng, first, &cramps, &fluids, true);
    let mut pool = NULL_MEDICINES.to_vec();
    for _ in 0..5 {
        let (name, dose) = pool.swap_remove(rng.range(0, pool.len() as i64 - 1) as usize);
        let start = rng.range(14, N - 30);
        let stop =
            (rng.chance(0.4) && start + 30 < N - 2).then(|| first + Duration::days(rng.range(start + 30, N - 2)));
        diary.medications.push(med(name, dose, first + Duration::days(start), stop));
    }
    diary.medications.sort_by_key(|m| m.started);
    diary
}

/// Clustered cramp nights whose stationary share is 0.5 on `on(date)` nights and 0.2 otherwise.
fn stepped(rng: &mut Rng, first: NaiveDate, n: i64, on: impl Fn(NaiveDate) -> bool) -> Diary {
    let stay = p_stay(EFFECT_RUN_NIGHTS);
    let cramps = chain(rng, first, n, stay, |d| p_enter(if on(d) { EFFECT_SHARE } else { BASE_SHARE }, stay));
    let fluids = fluid_series(rng, n);
    assemble(rng, first, &cramps, &fluids, false)
}

/// Thiazide start: a year before and 120 nights after hydrochlorothiazide; the cramp share
/// goes 0.2 → 0.5 from [`EFFECT_LAG`] nights after the start.
pub fn thiazide_effect_diary(rng: &mut Rng, today: NaiveDate) -> Diary {
    let start = Effect::Thiazide.event_date(today).unwrap();
    let n = EFFECT_BEFORE_NIGHTS + 120;
    let mut diary = stepped(rng, today - Duration::days(n), n, |d| d >= start + Duration::days(EFFECT_LAG));
    diary.medications.push(med("Hydrochlorothiazide", "25 mg", start, None));
    diary
}

/// Dose step: furosemide 20 mg from before the diary, 40 mg as a new course the day after
/// the first stops (a year on 20 mg in the diary, 120 nights on 40 mg); 0.2 → 0.5 from the
/// step + [`EFFECT_LAG`].
pub fn dose_step_diary(rng: &mut Rng, today: NaiveDate) -> Diary {
    let step = Effect::DoseStep.event_date(today).unwrap();
    let n = EFFECT_BEFORE_NIGHTS + 120;
    let first = today - Duration::days(n);
    let mut diary = stepped(rng, first, n, |d| d >= step + Duration::days(EFFECT_LAG));
    diary.medications.push(med("Furosemide", "20 mg", first - Duration::days(60), Some(step - Duration::days(1))));
    diary.medications.push(med("Furosemide", "40 mg", step, None));
    diary
}

/// Dechallenge: a year, atorvastatin for 150 days, 120 nights after the stop; the share is
/// 0.5 from start + [`EFFECT_LAG`] to stop + [`EFFECT_LAG`], 0.2 otherwise. Start and stop
/// are read together: the true finding is the start's, carrying the dechallenge.
pub fn dechallenge_diary(rng: &mut Rng, today: NaiveDate) -> Diary {
    let start = Effect::Dechallenge.event_date(today).unwrap();
    let stop = start + Duration::days(149);
    let lag = Duration::days(EFFECT_LAG);
    let n = EFFECT_BEFORE_NIGHTS + 270;
    let mut diary = stepped(rng, today - Duration::days(n), n, |d| d >= start + lag && d <= stop + lag);
    diary.medications.push(med("Atorvastatin", "20 mg", start, Some(stop)));
    diary
}

/// Low fluids: 240 nights; background clustered share 0.15; on days below the person's own
/// 25th percentile of fluids the same night's cramp probability is 0.5.
pub fn low_fluid_diary(rng: &mut Rng, today: NaiveDate) -> Diary {
    const N: i64 = 240;
    let first = today - Duration::days(N);
    let fluids = fluid_series(rng, N);
    let low = quantile(&fluids, 0.25);
    let stay = p_stay(EFFECT_RUN_NIGHTS);
    let background = chain(rng, first, N, stay, |_| p_enter(0.15, stay));
    let extra = (0.5 - 0.15) / (1.0 - 0.15);
    let cramps: Vec<bool> =
        background.iter().zip(&fluids).map(|(&b, &ml)| b || (ml < low && rng.chance(extra))).collect();
    assemble(rng, first, &cramps, &fluids, false)
}

/// A known effect and the finding that should report it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Effect {
    /// [`thiazide_effect_diary`].
    Thiazide,
    /// [`dose_step_diary`].
    DoseStep,
    /// [`dechallenge_diary`].
    Dechallenge,
    /// [`low_fluid_diary`].
    LowFluid,
}

impl Effect {
    /// Every effect, in stream order (stream = index + 1).
    pub const ALL: [Effect; 4] = [Effect::Thiazide, Effect::DoseStep, Effect::Dechallenge, Effect::LowFluid];

    /// Short name.
    pub fn name(self) -> &'static str {
        match self {
            Effect::Thiazide => "thiazide start",
            Effect::DoseStep => "furosemide dose step",
            Effect::Dechallenge => "statin stop (dechallenge)",
            Effect::LowFluid => "low-fluid days",
        }
    }
    /// Simulate one diary.
    pub fn diary(self, rng: &mut Rng, today: NaiveDate) -> Diary {
        match self {
            Effect::Thiazide => thiazide_effect_diary(rng, today),
            Effect::DoseStep => dose_step_diary(rng, today),
            Effect::Dechallenge => dechallenge_diary(rng, today),
            Effect::LowFluid => low_fluid_diary(rng, today),
        }
    }
    /// Kind and cause of the true finding.
    pub fn truth(self) -> (FindingKind, &'static str) {
        match self {
            Effect::Thiazide => (FindingKind::MedicationStart, "thiazide_diuretic"),
            Effect::DoseStep => (FindingKind::MedicationStart, "loop_diuretic"),
            Effect::Dechallenge => (FindingKind::MedicationStart, "statin"),
            Effect::LowFluid => (FindingKind::Hydration, "dehydration"),
        }
    }
    /// The true finding's event date (start, dose step, last day taken); none for fluids.
    pub fn event_date(self, today: NaiveDate) -> Option<NaiveDate> {
        match self {
            Effect::Thiazide => Some(today - Duration::days(120)),
            Effect::DoseStep => Some(today - Duration::days(120)),
            Effect::Dechallenge => Some(today - Duration::days(270)),
            Effect::LowFluid => None,
        }
    }
    /// Whether the analysis reports the true finding as a likely link.
    pub fn found(self, a: &Analysis, today: NaiveDate) -> bool {
        let (kind, cause) = self.truth();
        let date = self.event_date(today);
        a.findings.iter().any(|f| {
            f.kind == kind
                && f.cause == Some(cause)
                && f.event_date == date
                && f.verdict == Some(Verdict::LikelyLink)
                && (self != Effect::Dechallenge || f.dechallenge.as_ref().is_some_and(|d| d.agrees))
        })
    }
}

/// Whether a finding kind is a statistical comparison (an alarm the calibration counts).
pub fn is_statistical(kind: FindingKind) -> bool {
    matches!(
        kind,
        FindingKind::MedicationStart
            | FindingKind::MedicationStop
            | FindingKind::ChemotherapyCycles
            | FindingKind::Hydration
            | FindingKind::Exertion
    )
}

/// (any statistical likely_link, any statistical next-visit mention) in one analysis.
pub fn alarms(a: &Analysis) -> (bool, bool) {
    let stat = || a.findings.iter().filter(|f| is_statistical(f.kind));
    (stat().any(|f| f.verdict == Some(Verdict::LikelyLink)), stat().any(|f| f.tier == Tier::NextVisit))
}

/// Goal: share of null diaries with a false likely_link.
pub const GOAL_FALSE_LIKELY_LINK: f64 = 0.05;
/// Goal: share of null diaries with a false next-visit mention.
pub const GOAL_FALSE_NEXT_VISIT: f64 = 0.10;
/// Goal: share of effect diaries found as likely_link, for every effect (the full run).
pub const GOAL_POWER: f64 = 0.80;
/// The same goal for the seeded test's 100 diaries per effect, allowing for their
/// sampling error.
pub const TEST_POWER: f64 = 0.75;

/// False alarms on null diaries.
#[derive(Debug, Clone, Serialize)]
pub struct NullRates {
    /// Diaries simulated.
    pub diaries: usize,
    /// Share with any false likely_link.
    pub false_likely_link: f64,
    /// Share with any false next-visit mention.
    pub false_next_visit: f64,
    /// Indexes (stream 0) of the first diaries with a false likely_link, to reproduce them.
    pub likely_link_examples: Vec<usize>,
    /// Seconds spent in `analyze`.
    pub analyze_seconds: f64,
}

/// How often one effect is found.
#[derive(Debug, Clone, Serialize)]
pub struct Power {
    /// Which effect.
    pub effect: Effect,
    /// Diaries simulated.
    pub diaries: usize,
    /// Share whose true finding is a likely_link.
    pub found: f64,
    /// The goal for `found`.
    pub goal: f64,
    /// Seconds spent in `analyze`.
    pub analyze_seconds: f64,
}

/// Run `analyze` on `n` null diaries of `seed`.
pub fn null_rates(seed: u64, n: usize, today: NaiveDate) -> NullRates {
    let (mut likely, mut next, mut secs, mut examples) = (0, 0, 0.0, Vec::new());
    for i in 0..n {
        let diary = null_diary(&mut diary_rng(seed, 0, i), today);
        let t = Instant::now();
        let a = analyze(&diary, today);
        secs += t.elapsed().as_secs_f64();
        let (l, v) = alarms(&a);
        if l && examples.len() < 10 {
            examples.push(i);
        }
        likely += l as usize;
        next += v as usize;
    }
    NullRates {
        diaries: n,
        false_likely_link: share(likely, n),
        false_next_visit: share(next, n),
        likely_link_examples: examples,
        analyze_seconds: secs,
    }
}

/// Run `analyze` on `n` diaries with `effect` (stream = its index in [`Effect::ALL`] + 1).
pub fn power(effect: Effect, seed: u64, n: usize, today: NaiveDate) -> Power {
    let stream = Effect::ALL.iter().position(|e| *e == effect).unwrap() as u64 + 1;
    let (mut found, mut secs) = (0, 0.0);
    for i in 0..n {
        let diary = effect.diary(&mut diary_rng(seed, stream, i), today);
        let t = Instant::now();
        found += effect.found(&analyze(&diary, today), today) as usize;
        secs += t.elapsed().as_secs_f64();
    }
    Power { effect, diaries: n, found: share(found, n), goal: GOAL_POWER, analyze_seconds: secs }
}

fn share(k: usize, n: usize) -> f64 {
    if n == 0 {
        0.0
    } else {
        k as f64 / n as f64
    }
}

/// The whole calibration.
#[derive(Debug, Clone, Serialize)]
pub struct Calibration {
    /// Master seed.
    pub seed: u64,
    /// The fixed "today".
    pub today: NaiveDate,
    /// Null diaries.
    pub null: NullRates,
    /// Effect diaries, per effect.
    pub power: Vec<Power>,
    /// Mean milliseconds of `analyze` per diary.
    pub ms_per_diary: f64,
    /// Wall seconds for everything (simulation included).
    pub total_seconds: f64,
}

/// Simulate `n_null` null diaries and `n_effect` diaries of each [`Effect`] and analyse them at [`TODAY`].
pub fn calibrate(seed: u64, n_null: usize, n_effect: usize) -> Calibration {
    let t = Instant::now();
    let null = null_rates(seed, n_null, TODAY);
    let power: Vec<Power> = Effect::ALL.iter().map(|&e| self::power(e, seed, n_effect, TODAY)).collect();
    let secs = null.analyze_seconds + power.iter().map(|p| p.analyze_seconds).sum::<f64>();
    let n = n_null + n_effect * power.len();
    Calibration {
        seed,
        today: TODAY,
        null,
        power,
        ms_per_diary: if n == 0 { 0.0 } else { secs * 1000.0 / n as f64 },
        total_seconds: t.elapsed().as_secs_f64(),
    }
}

impl Calibration {
    /// Whether every goal is met.
    pub fn passes(&self) -> bool {
        self.null.false_likely_link <= GOAL_FALSE_LIKELY_LINK
            && self.null.false_next_visit <= GOAL_FALSE_NEXT_VISIT
            && self.power.iter().all(|p| p.found >= p.goal)
    }
}

impl fmt::Display for Calibration {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let row = |f: &mut fmt::Formatter<'_>, what: &str, n: usize, x: f64, goal: &str, ok: bool| {
            let ok = if ok { "ok" } else { "FAIL" };
            writeln!(f, "{what:<46} {n:>7} {:>7.1}%  {goal:<7} {ok}", 100.0 * x)
        };
        writeln!(f, "calibration: seed {}, today {}", self.seed, self.today)?;
        writeln!(f, "{:<46} {:>7} {:>8}  {:<7} result", "measure", "diaries", "share", "goal")?;
        let n = &self.null;
        let g = |x: f64| format!("{:.0}%", 100.0 * x);
        row(
            f,
            "null: any false likely_link",
            n.diaries,
            n.false_likely_link,
            &format!("<= {}", g(GOAL_FALSE_LIKELY_LINK)),
            n.false_likely_link <= GOAL_FALSE_LIKELY_LINK,
        )?;
        row(
            f,
            "null: any false next-visit mention",
            n.diaries,
            n.false_next_visit,
            &format!("<= {}", g(GOAL_FALSE_NEXT_VISIT)),
            n.false_next_visit <= GOAL_FALSE_NEXT_VISIT,
        )?;
        for p in &self.power {
            let what = format!("{}: found as likely_link", p.effect.name());
            row(f, &what, p.diaries, p.found, &format!(">= {}", g(p.goal)), p.found >= p.goal)?;
        }
        writeln!(f, "analyze: {:.2} ms per diary; total {:.1} s", self.ms_per_diary, self.total_seconds)?;
        if !n.likely_link_examples.is_empty() {
            writeln!(f, "null diaries with a false likely_link (stream 0): {:?}", n.likely_link_examples)?;
        }
        Ok(())
    }
}
