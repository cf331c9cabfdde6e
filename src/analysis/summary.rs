//! The summary of the period: rates, episode details, time of night and the trend.

use std::collections::BTreeMap;

use serde::Serialize;

use super::{per_week, round, stats, Caveat, Ctx, Finding, FindingKind, Tier, CRAMPS, NONE};
use crate::domain::NightStatus;

/// Fewest known nights for a trend.
pub const TREND_MIN_NIGHTS: usize = 28;
/// Fewest cramp nights for a trend.
pub const TREND_MIN_CRAMP_NIGHTS: u32 = 5;

/// Summary of the period.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Summary {
    /// Cramp nights per week of known nights.
    #[serde(serialize_with = "super::opt_round3")]
    pub cramp_nights_per_week: Option<f64>,
    /// Episodes per cramp night (cramp nights with episode details).
    #[serde(serialize_with = "super::opt_round3")]
    pub episodes_per_cramp_night: Option<f64>,
    /// Mean episode intensity, 0–10.
    #[serde(serialize_with = "super::opt_round3")]
    pub mean_intensity: Option<f64>,
    /// Mean episode duration in minutes.
    #[serde(serialize_with = "super::opt_round3")]
    pub mean_duration_min: Option<f64>,
    /// Mean sleep disturbance (0–10) on cramp nights.
    #[serde(serialize_with = "super::opt_round3")]
    pub mean_sleep_disturbance: Option<f64>,
    /// Episodes by side (sides noted at least once).
    pub sides: BTreeMap<&'static str, u32>,
    /// Episodes by muscle.
    pub muscles: BTreeMap<&'static str, u32>,
    /// What eased the cramps (episodes may list several).
    pub relieved_by: BTreeMap<&'static str, u32>,
    /// Episodes by hour of the clock they started (index 0 = 00:00–00:59).
    pub cramps_by_hour: Vec<u32>,
    /// Episodes in total.
    pub episodes: u32,
    /// Trend of the cramp-night rate over the period.
    pub trend: Trend,
}

impl Summary {
    /// The hour of the clock most episodes started in (the latest of equals) and how many
    /// did; none when no episode has a time.
    pub fn busiest_hour(&self) -> Option<(u32, u32)> {
        let (h, c) = self.cramps_by_hour.iter().enumerate().max_by_key(|(_, c)| **c)?;
        (*c > 0).then_some((h as u32, *c))
    }
}

crate::domain::string_enum!(
    /// Which way the cramp-night rate goes over the period.
    Direction {
        /// The interval is above 1.
        Rising => "rising",
        /// The interval is below 1.
        Falling => "falling",
        /// The interval includes 1.
        Stable => "stable",
        /// Too few nights for a slope.
        NotEnoughData => "not_enough_data",
    }
);

/// Trend of the cramp-night rate (Poisson regression of cramp nights on time).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Trend {
    /// Which way it goes.
    pub direction: Direction,
    /// Rate ratio per 90 days.
    #[serde(serialize_with = "super::opt_round3")]
    pub rate_ratio_per_90_days: Option<f64>,
    /// 95% Wald interval.
    #[serde(serialize_with = "super::opt_round3")]
    pub ci_low: Option<f64>,
    /// 95% Wald interval.
    #[serde(serialize_with = "super::opt_round3")]
    pub ci_high: Option<f64>,
}

pub(crate) fn summarize(ctx: &Ctx) -> Summary {
    let p = ctx.period;
    let nights = &ctx.diary.nights;
    let lo = nights.partition_point(|n| n.date < p.from);
    let hi = nights.partition_point(|n| n.date <= p.to);
    let nights = &nights[lo..hi];
    let mut s = Summary {
        cramp_nights_per_week: None,
        episodes_per_cramp_night: None,
        mean_intensity: None,
        mean_duration_min: None,
        mean_sleep_disturbance: None,
        sides: BTreeMap::new(),
        muscles: BTreeMap::new(),
        relieved_by: BTreeMap::new(),
        cramps_by_hour: vec![0; 24],
        episodes: 0,
        trend: Trend { direction: Direction::NotEnoughData, rate_ratio_per_90_days: None, ci_low: None, ci_high: None },
    };
    let (mut cramp, mut known) = (0u64, 0u64);
    let (mut nights_with_eps, mut eps) = (0u32, 0u32);
    let (mut int_sum, mut int_n, mut dur_sum, mut dur_n, mut sd_sum, mut sd_n) = (0.0, 0u32, 0.0, 0u32, 0.0, 0u32);
    for n in nights {
        match n.status {
            NightStatus::Cramps => {
                cramp += 1;
                known += 1;
                if let Some(sd) = n.sleep_disturbance {
                    sd_sum += sd as f64;
                    sd_n += 1;
                }
                if !n.episodes.is_empty() {
                    nights_with_eps += 1;
                }
                for e in &n.episodes {
                    eps += 1;
                    if let Some(i) = e.intensity {
                        int_sum += i as f64;
                        int_n += 1;
                    }
                    if let Some(d) = e.duration_min {
                        dur_sum += d;
                        dur_n += 1;
                    }
                    if let Some(side) = e.side {
                        *s.sides.entry(side.as_str()).or_default() += 1;
                    }
                    if let Some(m) = e.muscle {
                        *s.muscles.entry(m.as_str()).or_default() += 1;
                    }
                    for r in &e.relieved_by {
                        *s.relieved_by.entry(r.as_str()).or_default() += 1;
                    }
                    if let Some(t) = e.time {
                        s.cramps_by_hour[t.hour() as usize] += 1;
                    }
                }
            }
            NightStatus::None => known += 1,
            NightStatus::Unknown => {}
        }
    }
    s.episodes = eps;
    s.cramp_nights_per_week = per_week(cramp, known);
    let mean = |sum: f64, n: u32| (n > 0).then(|| round(sum / n as f64, 3));
    s.episodes_per_cramp_night = mean(eps as f64, nights_with_eps);
    s.mean_intensity = mean(int_sum, int_n);
    s.mean_duration_min = mean(dur_sum, dur_n);
    s.mean_sleep_disturbance = mean(sd_sum, sd_n);
    s.trend = trend(ctx);
    s
}

fn trend(ctx: &Ctx) -> Trend {
    let r = ctx.period_range();
    let points: Vec<(f64, f64)> = ctx.status[r]
        .iter()
        .enumerate()
        .filter(|(_, s)| **s == CRAMPS || **s == NONE)
        .map(|(i, s)| (i as f64 / 90.0, (*s == CRAMPS) as u8 as f64))
        .collect();
    let cramps = points.iter().filter(|p| p.1 > 0.0).count() as u32;
    let mut t =
        Trend { direction: Direction::NotEnoughData, rate_ratio_per_90_days: None, ci_low: None, ci_high: None };
    let span_days = points.last().map_or(0.0, |l| (l.0 - points[0].0) * 90.0);
    if points.len() < TREND_MIN_NIGHTS || cramps < TREND_MIN_CRAMP_NIGHTS || span_days < TREND_MIN_NIGHTS as f64 {
        return t;
    }
    if let Some((b, se)) = stats::poisson_slope(&points) {
        // Cramp nights come in runs: widen by the AR(1) long-run variance factor.
        let se = se * runs_factor(&ctx.status[ctx.period_range()]).sqrt();
        let z = stats::normal_quantile(0.975);
        let (rr, lo, hi) = (b.exp(), (b - z * se).exp(), (b + z * se).exp());
        t.rate_ratio_per_90_days = Some(rr);
        t.ci_low = Some(lo);
        t.ci_high = Some(hi);
        t.direction = if lo > 1.0 {
            Direction::Rising
        } else if hi < 1.0 {
            Direction::Falling
        } else {
            Direction::Stable
        };
    }
    t
}

/// (1 + ρ)/(1 − ρ) for the lag-1 autocorrelation ρ of cramp nights on consecutive known
/// nights (clamped to 0..0.9).
fn runs_factor(status: &[u8]) -> f64 {
    let known: Vec<(usize, f64)> = status
        .iter()
        .enumerate()
        .filter(|(_, s)| **s == CRAMPS || **s == NONE)
        .map(|(i, s)| (i, (*s == CRAMPS) as u8 as f64))
        .collect();
    if known.len() < 3 {
        return 1.0;
    }
    let mean = known.iter().map(|k| k.1).sum::<f64>() / known.len() as f64;
    let den: f64 = known.iter().map(|k| (k.1 - mean).powi(2)).sum();
    let num: f64 = known.windows(2).filter(|w| w[1].0 == w[0].0 + 1).map(|w| (w[0].1 - mean) * (w[1].1 - mean)).sum();
    if den <= 0.0 {
        return 1.0;
    }
    let rho = (num / den).clamp(0.0, 0.9);
    (1.0 + rho) / (1.0 - rho)
}

pub(crate) fn trend_finding(ctx: &Ctx, s: &Summary) -> Option<Finding> {
    let t = &s.trend;
    t.rate_ratio_per_90_days?;
    let mut f = Finding::new(
        format!("trend:cramp_nights:{}", ctx.period.from),
        FindingKind::Trend,
        None,
        "Cramp nights over time".into(),
        Tier::Info,
    );
    f.rate_ratio = t.rate_ratio_per_90_days;
    f.ci_low = t.ci_low;
    f.ci_high = t.ci_high;
    f.ci_level = Some(0.95);
    if t.direction == Direction::Falling {
        f.caveat(Caveat::RegressionToMean);
    }
    Some(f)
}
