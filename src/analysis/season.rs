//! The person's own season: with a year or more of nights, one annual harmonic (and a
//! linear trend) fitted to the cramp nights of the whole diary; every comparison then uses
//! it as an offset, so a change is compared with the same time of year. A season is used
//! only when the diary shows one (its two terms jointly at [`SEASON_ALPHA`]).

use chrono::{Datelike, Duration, NaiveDate};
use serde::Serialize;

use super::{model, CRAMPS, NONE, SEASON_MIN_DAYS};

const YEAR: f64 = 365.25;
/// Level at which the season terms must differ from none before they are used.
pub const SEASON_ALPHA: f64 = 0.01;

/// The fitted season.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Season {
    /// `exp(s_t)` per night of the span (geometric mean 1 over a year).
    pub mult: Vec<f64>,
    /// The two harmonic terms per night of the span (sine, cosine).
    pub terms: Vec<(f64, f64)>,
    /// Covariance of their coefficients, runs of cramp nights allowed for; a comparison adds
    /// the variance its season offset carries.
    pub cov: [[f64; 2]; 2],
    /// What the person can read.
    pub summary: SeasonSummary,
}

/// The season in numbers, as `analyze` reports it.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct SeasonSummary {
    /// Month (1–12) when cramp nights are most common.
    pub peak_month: u32,
    /// Month when they are least common.
    pub trough_month: u32,
    /// Ratio of the rate at the peak to the rate at the trough.
    #[serde(serialize_with = "super::round3")]
    pub peak_to_trough: f64,
}

fn angle(d: NaiveDate) -> f64 {
    2.0 * std::f64::consts::PI * d.ordinal0() as f64 / YEAR
}

/// Whether the logged nights span a year, so the season can be checked at all.
pub(crate) fn covers_a_year(status: &[u8]) -> bool {
    let known = |i: &usize| status[*i] == CRAMPS || status[*i] == NONE;
    match ((0..status.len()).find(known), (0..status.len()).rev().find(known)) {
        (Some(a), Some(b)) => (b - a) as i64 + 1 >= SEASON_MIN_DAYS,
        _ => false,
    }
}

/// Fits the season when the logged nights span at least [`SEASON_MIN_DAYS`], with an
/// indicator for each medication exposure (night index ranges) that covers part of it.
pub(crate) fn fit(from: NaiveDate, status: &[u8], exposures: &[(usize, usize)]) -> Option<Season> {
    let known: Vec<usize> = (0..status.len()).filter(|&i| status[i] == CRAMPS || status[i] == NONE).collect();
    let (first, last) = (*known.first()?, *known.last()?);
    if ((last - first) as i64) + 1 < SEASON_MIN_DAYS || !known.iter().any(|&i| status[i] == CRAMPS) {
        return None;
    }
    let mid = (first + last) as f64 / 2.0;
    let inside = |r: &(usize, usize), i: usize| r.0 <= i && i <= r.1;
    let varying: Vec<(usize, usize)> = exposures
        .iter()
        .copied()
        .filter(|r| {
            let on = known.iter().filter(|&&i| inside(r, i)).count();
            on >= 14 && known.len() - on >= 14
        })
        .collect();
    let rows = |with: &[(usize, usize)]| -> Vec<(usize, Vec<f64>, f64, f64)> {
        known
            .iter()
            .map(|&i| {
                let a = angle(from + Duration::days(i as i64));
                let trend = (i as f64 - mid) / YEAR;
                let mut x = vec![1.0, a.sin(), a.cos(), trend];
                x.extend(with.iter().map(|r| inside(r, i) as u8 as f64));
                (i, x, (status[i] == CRAMPS) as u8 as f64, 0.0)
            })
            .collect()
    };
    // Model-based covariance, scaled below by the runs in the residuals.
    let f = model::poisson_fit(&rows(&varying), None).or_else(|| model::poisson_fit(&rows(&[]), None))?;
    let (b_sin, b_cos) = (f.beta[1], f.beta[2]);
    if !(b_sin.is_finite() && b_cos.is_finite()) {
        return None;
    }
    // Only a season the diary shows (Wald test of both terms, robust covariance, 2 df):
    // a spurious one would be taken as known and bias every comparison.
    let phi = residual_factor(&rows(&varying), &f.beta);
    let (a, b, c) = (f.cov[1][1] * phi, f.cov[1][2] * phi, f.cov[2][2] * phi);
    let det = a * c - b * b;
    if det <= 0.0 {
        return None;
    }
    let wald = (c * b_sin * b_sin - 2.0 * b * b_sin * b_cos + a * b_cos * b_cos) / det;
    if (-wald / 2.0).exp() >= SEASON_ALPHA {
        return None;
    }
    let terms: Vec<(f64, f64)> = (0..status.len())
        .map(|i| {
            let a = angle(from + Duration::days(i as i64));
            (a.sin(), a.cos())
        })
        .collect();
    let mult = terms.iter().map(|(s, c)| (b_sin * s + b_cos * c).exp()).collect();
    let amp = b_sin.hypot(b_cos);
    let peak = b_sin.atan2(b_cos).rem_euclid(2.0 * std::f64::consts::PI);
    let month_at = |theta: f64| {
        let day = (theta / (2.0 * std::f64::consts::PI) * YEAR) as u32;
        NaiveDate::from_yo_opt(2001, day.clamp(0, 364) + 1).map_or(1, |d| d.month())
    };
    Some(Season {
        mult,
        terms,
        cov: [[a, b], [b, c]],
        summary: SeasonSummary {
            peak_month: month_at(peak),
            trough_month: month_at((peak + std::f64::consts::PI).rem_euclid(2.0 * std::f64::consts::PI)),
            peak_to_trough: (2.0 * amp).exp(),
        },
    })
}

/// (1 + ρ)/(1 − ρ) for the lag-1 autocorrelation of the fit's residuals on consecutive
/// nights: the Newey–West window alone is too short for long runs of cramp nights.
fn residual_factor(rows: &[(usize, Vec<f64>, f64, f64)], beta: &[f64]) -> f64 {
    let res: Vec<(usize, f64)> = rows
        .iter()
        .map(|(t, x, y, off)| {
            let mu = (x.iter().zip(beta).map(|(a, b)| a * b).sum::<f64>() + off).exp();
            (*t, y - mu)
        })
        .collect();
    let (mut num, mut den) = (0.0, 0.0);
    for w in res.windows(2) {
        if w[1].0 == w[0].0 + 1 {
            num += w[0].1 * w[1].1;
            den += 0.5 * (w[0].1 * w[0].1 + w[1].1 * w[1].1);
        }
    }
    if den <= 0.0 {
        return 1.0;
    }
    let rho = (num / den).clamp(0.0, 0.9);
    (1.0 + rho) / (1.0 - rho)
}

impl Season {
    /// The variance the season offset adds to a comparison's log rate ratio: the
    /// difference of the mean harmonic terms between exposed and reference nights, through
    /// the coefficients' covariance.
    pub(crate) fn offset_variance(&self, obs: &[model::Obs]) -> f64 {
        let mut sum = [[0.0f64; 2]; 2];
        let mut n = [0usize; 2];
        for o in obs.iter().filter(|o| o.y.is_some()) {
            let (s, c) = self.terms[o.t];
            let g = o.x as usize;
            sum[g][0] += s;
            sum[g][1] += c;
            n[g] += 1;
        }
        if n[0] == 0 || n[1] == 0 {
            return 0.0;
        }
        let g = [sum[1][0] / n[1] as f64 - sum[0][0] / n[0] as f64, sum[1][1] / n[1] as f64 - sum[0][1] / n[0] as f64];
        let v = &self.cov;
        (g[0] * g[0] * v[0][0] + 2.0 * g[0] * g[1] * v[0][1] + g[1] * g[1] * v[1][1]).max(0.0)
    }
}
