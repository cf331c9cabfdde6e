//! The version 2 estimator: a log-linear (Poisson working model) comparison of exposed and
//! reference nights, with the person's own season as an offset, intervals that hold when
//! cramp nights come in runs, and small Poisson regressions for the adjusted checks.
//!
//! A comparison's rate ratio is the maximum-likelihood estimate of `exp(β)` in
//! `log E[y_t] = α + β·x_t + s_t`, where `s_t` is the season term fitted on the whole diary
//! (zero with under a year of nights). Its variance is the robust (sandwich) variance,
//! never below the model-based one, multiplied by a clustering factor: the larger of the
//! Newey–West (Bartlett, [`HAC_LAG`] nights) and AR(1) long-run variance ratios of the
//! score series in calendar order. Intervals and tests use Student's t on the effective
//! number of nights (nights divided by that factor).

use super::stats;
pub(crate) use super::Measure;

/// Bartlett-kernel bandwidth for the Newey–West variance, in nights.
pub const HAC_LAG: usize = 21;
/// Ridge penalty on the slopes of [`poisson_fit`] (a N(0, 2) prior: negligible next to the
/// information of a few hundred nights, finite when a column separates the outcome).
const RIDGE: f64 = 0.5;
/// Largest lag-1 autocorrelation used in the AR(1) factor.
const MAX_RHO: f64 = 0.9;

/// How missing and unknown nights are filled: the crossed extremes of the sensitivity bound.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Fill {
    /// Left out.
    Observed,
    /// Exposed ones as cramp-free, reference ones as cramp nights.
    ExposedNone,
    /// Exposed ones as cramp nights, reference ones as cramp-free.
    ExposedCramps,
}

/// One night as the estimator sees it.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Obs {
    /// Calendar position (night index).
    pub t: usize,
    /// Count (0/1 or episodes); `None` when missing or unknown.
    pub y: Option<f64>,
    /// Season multiplier `exp(s_t)`.
    pub e: f64,
    /// Exposed.
    pub x: bool,
}

/// The result of one comparison.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Estimate {
    /// Counts and nights, exposed.
    pub y1: f64,
    pub n1: u32,
    /// Counts and nights, reference.
    pub y0: f64,
    pub n0: u32,
    /// Season-expected nights (sum of multipliers), exposed and reference.
    pub e1: f64,
    pub e0: f64,
    /// log rate ratio.
    pub log_rr: f64,
    /// Its standard error, clustering included.
    pub se: f64,
    /// Clustering factor (≥ 1): variance inflation over independent nights.
    pub dispersion: f64,
    /// Degrees of freedom for Student's t.
    pub df: f64,
}

impl Estimate {
    /// Rate ratio, with `None` when a side had no events (only a bound is known).
    pub fn rate_ratio(&self) -> Option<f64> {
        (self.y0 > 0.0 && self.y1 > 0.0).then(|| self.log_rr.exp()).or_else(|| (self.y1 == 0.0).then_some(0.0))
    }

    /// Interval at `level`; with no events on one side, the bound on that side is 0 or
    /// infinite, as the estimate is.
    pub fn interval(&self, level: f64) -> (f64, f64) {
        let q = t_quantile(level, self.df);
        let lo = if self.y1 == 0.0 { 0.0 } else { (self.log_rr - q * self.se).exp() };
        let hi = if self.y0 == 0.0 { f64::INFINITY } else { (self.log_rr + q * self.se).exp() };
        (lo, hi)
    }

    /// Two-sided p-value of no change.
    pub fn p_value(&self) -> f64 {
        if self.se <= 0.0 || !self.se.is_finite() {
            return 1.0;
        }
        t_two_sided_p(self.log_rr / self.se, self.df)
    }

    /// Events on both sides.
    pub fn events(&self) -> f64 {
        self.y1 + self.y0
    }

    /// The counts the power rule and the text use, deflated by the clustering factor.
    pub fn effective(&self) -> (f64, f64, f64, f64) {
        let d = self.dispersion;
        (self.y1 / d, self.n1 as f64 / d, self.y0 / d, self.n0 as f64 / d)
    }
}

/// Compare exposed with reference nights. `fill_cramp` is the value a missing night takes
/// when filled as a cramp night (1, or the usual episodes per cramp night).
pub(crate) fn estimate(obs: &[Obs], measure: Measure, fill: Fill, fill_cramp: f64) -> Option<Estimate> {
    let value = |o: &Obs| -> Option<f64> {
        match (o.y, fill) {
            (Some(y), _) => Some(y),
            (None, Fill::Observed) => None,
            (None, Fill::ExposedNone) => Some(if o.x { 0.0 } else { fill_cramp }),
            (None, Fill::ExposedCramps) => Some(if o.x { fill_cramp } else { 0.0 }),
        }
    };
    let (mut y, mut e, mut n) = ([0.0f64; 2], [0.0f64; 2], [0u32; 2]);
    for o in obs {
        if let Some(v) = value(o) {
            let g = o.x as usize;
            y[g] += v;
            e[g] += o.e;
            n[g] += 1;
        }
    }
    if n[0] == 0 || n[1] == 0 {
        return None;
    }
    // Half an event on both sides when one has none, so the estimate and its error exist.
    let c = if y[0] == 0.0 || y[1] == 0.0 { 0.5 } else { 0.0 };
    let yc = [y[0] + c, y[1] + c];
    let r = [yc[0] / e[0], yc[1] / e[1]];
    let log_rr = (r[1] / r[0]).ln();

    // Scores in calendar order (zero on nights left out), and residuals for the AR(1) factor.
    let (first, last) = (obs.iter().map(|o| o.t).min()?, obs.iter().map(|o| o.t).max()?);
    let len = last - first + 1;
    let mut u = vec![0.0f64; len];
    let mut resid: Vec<Option<(f64, bool)>> = vec![None; len];
    let mut robust = [0.0f64; 2];
    for o in obs {
        if let Some(v) = value(o) {
            let g = o.x as usize;
            let res = v - r[g] * o.e;
            let score = if o.x { res / yc[1] } else { -res / yc[0] };
            u[o.t - first] = score;
            resid[o.t - first] = Some((res, o.x));
            robust[g] += score * score;
        }
    }
    let model = |g: usize| match measure {
        Measure::Nights => (1.0 / yc[g] - 1.0 / n[g] as f64).max(0.0),
        Measure::Episodes => 1.0 / yc[g],
    };
    let var_indep = robust[0].max(model(0)) + robust[1].max(model(1));
    let sum_sq: f64 = u.iter().map(|s| s * s).sum();
    let hac = bartlett(&u, HAC_LAG);
    let phi_hac = if sum_sq > 0.0 { hac / sum_sq } else { 1.0 };
    let phi_ar = ar1_factor(&resid);
    let dispersion = phi_hac.max(phi_ar).max(1.0);
    let se = (var_indep * dispersion).sqrt();
    let eff = (n[0] + n[1]) as f64 / dispersion;
    Some(Estimate {
        y1: y[1],
        n1: n[1],
        y0: y[0],
        n0: n[0],
        e1: e[1],
        e0: e[0],
        log_rr,
        se,
        dispersion,
        df: (eff - 2.0).max(4.0),
    })
}

/// Newey–West long-run sum of a score series with a Bartlett kernel.
fn bartlett(u: &[f64], lag: usize) -> f64 {
    let mut total: f64 = u.iter().map(|s| s * s).sum();
    for h in 1..=lag.min(u.len().saturating_sub(1)) {
        let w = 1.0 - h as f64 / (lag as f64 + 1.0);
        let cross: f64 = u.iter().zip(&u[h..]).map(|(a, b)| a * b).sum();
        total += 2.0 * w * cross;
    }
    total
}

/// (1 + ρ)/(1 − ρ) for the lag-1 autocorrelation ρ of residuals on consecutive known nights
/// of the same group.
fn ar1_factor(resid: &[Option<(f64, bool)>]) -> f64 {
    let (mut num, mut den) = (0.0, 0.0);
    for w in resid.windows(2) {
        if let (Some((a, ga)), Some((b, gb))) = (w[0], w[1]) {
            if ga == gb {
                num += a * b;
                den += 0.5 * (a * a + b * b);
            }
        }
    }
    if den <= 0.0 {
        return 1.0;
    }
    let rho = (num / den).clamp(0.0, MAX_RHO);
    (1.0 + rho) / (1.0 - rho)
}

/// The upper (1 + level)/2 quantile of Student's t with `df` degrees of freedom: Newton's
/// method on P(|T| > t) = 1 − level from the normal quantile (a few steps to full precision).
pub(crate) fn t_quantile(level: f64, df: f64) -> f64 {
    let a = 1.0 - level;
    let mut t = stats::normal_quantile(1.0 - a / 2.0);
    if df > 1e6 || !(a > 0.0 && a < 1.0) {
        return t;
    }
    let ln_c = stats::ln_gamma((df + 1.0) / 2.0) - stats::ln_gamma(df / 2.0) - 0.5 * (df * std::f64::consts::PI).ln();
    for _ in 0..50 {
        let density = (ln_c - (df + 1.0) / 2.0 * (1.0 + t * t / df).ln()).exp();
        let step = (t_two_sided_p(t, df) - a) / (2.0 * density);
        t += step;
        if step.abs() <= 1e-12 * t.abs() {
            break;
        }
    }
    t
}

/// Two-sided p-value of a t statistic.
pub(crate) fn t_two_sided_p(t: f64, df: f64) -> f64 {
    if !t.is_finite() {
        return 0.0;
    }
    stats::beta_inc(df / 2.0, 0.5, df / (df + t * t)).clamp(0.0, 1.0)
}

/// A Poisson log-linear regression fitted by iteratively reweighted least squares, with a
/// Newey–West sandwich covariance over calendar positions.
pub(crate) struct Fit {
    /// Coefficients.
    pub beta: Vec<f64>,
    /// Robust covariance.
    pub cov: Vec<Vec<f64>>,
}

/// Fit `log E[y] = X·β + offset` on rows `(t, x, y, offset)`; `lag: None` gives the
/// model-based covariance (the caller scales it), else the Newey–West sandwich.
pub(crate) fn poisson_fit(rows: &[(usize, Vec<f64>, f64, f64)], lag: Option<usize>) -> Option<Fit> {
    let p = rows.first()?.1.len();
    if rows.len() <= p + 2 || rows.iter().all(|r| r.2 <= 0.0) {
        return None;
    }
    let mean_y = rows.iter().map(|r| r.2).sum::<f64>() / rows.len() as f64;
    let mut beta = vec![0.0; p];
    beta[0] = mean_y.max(1e-3).ln();
    let mut info = vec![vec![0.0; p]; p];
    for _ in 0..50 {
        let mut grad = vec![0.0; p];
        info.iter_mut().for_each(|r| r.iter_mut().for_each(|v| *v = 0.0));
        for (_, x, y, off) in rows {
            let mu = (dot(x, &beta) + off).clamp(-30.0, 30.0).exp();
            for j in 0..p {
                grad[j] += x[j] * (y - mu);
                for k in 0..p {
                    info[j][k] += mu * x[j] * x[k];
                }
            }
        }
        // A weak ridge on the slopes keeps a perfectly separating column finite.
        for j in 1..p {
            grad[j] -= RIDGE * beta[j];
            info[j][j] += RIDGE;
        }
        let inv = invert(&info)?;
        let step: Vec<f64> = (0..p).map(|j| dot(&inv[j], &grad)).collect();
        let size = step.iter().map(|s| s.abs()).fold(0.0, f64::max);
        for j in 0..p {
            beta[j] += step[j].clamp(-5.0, 5.0);
        }
        if size < 1e-8 {
            break;
        }
    }
    let bread = invert(&info)?;
    let Some(lag) = lag else { return Some(Fit { beta, cov: bread }) };
    // Meat: Bartlett-weighted sums of score outer products over calendar lags.
    let (t0, t1) = (rows.iter().map(|r| r.0).min()?, rows.iter().map(|r| r.0).max()?);
    let mut scores = vec![vec![0.0; p]; t1 - t0 + 1];
    for (t, x, y, off) in rows {
        let mu = (dot(x, &beta) + off).clamp(-30.0, 30.0).exp();
        for j in 0..p {
            scores[t - t0][j] = x[j] * (y - mu);
        }
    }
    let mut meat = vec![vec![0.0; p]; p];
    for h in 0..=lag.min(scores.len() - 1) {
        let w = if h == 0 { 1.0 } else { 1.0 - h as f64 / (lag as f64 + 1.0) };
        for i in h..scores.len() {
            let (a, b) = (&scores[i], &scores[i - h]);
            for j in 0..p {
                for k in 0..p {
                    let v = a[j] * b[k];
                    meat[j][k] += if h == 0 { v } else { w * (v + b[j] * a[k]) };
                }
            }
        }
    }
    let cov = mul(&mul(&bread, &meat), &bread);
    Some(Fit { beta, cov })
}

fn dot(a: &[f64], b: &[f64]) -> f64 {
    a.iter().zip(b).map(|(x, y)| x * y).sum()
}

fn mul(a: &[Vec<f64>], b: &[Vec<f64>]) -> Vec<Vec<f64>> {
    let p = a.len();
    (0..p).map(|i| (0..p).map(|j| (0..p).map(|k| a[i][k] * b[k][j]).sum()).collect()).collect()
}

/// Gauss–Jordan inverse of a small symmetric positive-definite matrix.
fn invert(m: &[Vec<f64>]) -> Option<Vec<Vec<f64>>> {
    let p = m.len();
    let mut a: Vec<Vec<f64>> = m.to_vec();
    let mut inv: Vec<Vec<f64>> = (0..p).map(|i| (0..p).map(|j| (i == j) as u8 as f64).collect()).collect();
    for c in 0..p {
        let piv = (c..p).max_by(|&i, &j| a[i][c].abs().total_cmp(&a[j][c].abs()))?;
        if a[piv][c].abs() < 1e-12 {
            return None;
        }
        a.swap(c, piv);
        inv.swap(c, piv);
        let d = a[c][c];
        for j in 0..p {
            a[c][j] /= d;
            inv[c][j] /= d;
        }
        for i in 0..p {
            if i != c {
                let f = a[i][c];
                if f != 0.0 {
                    for j in 0..p {
                        a[i][j] -= f * a[c][j];
                        inv[i][j] -= f * inv[c][j];
                    }
                }
            }
        }
    }
    Some(inv)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn obs(ys: &[(f64, bool)]) -> Vec<Obs> {
        ys.iter().enumerate().map(|(t, &(y, x))| Obs { t, y: Some(y), e: 1.0, x }).collect()
    }

    #[test]
    fn t_quantiles_match_tables() {
        assert!((t_quantile(0.95, 10.0) - 2.228).abs() < 1e-3);
        assert!((t_quantile(0.95, 4.0) - 2.776).abs() < 1e-3);
        assert!((t_quantile(0.99, 30.0) - 2.750).abs() < 1e-3);
        assert!((t_two_sided_p(2.228, 10.0) - 0.05).abs() < 1e-3);
        // Against the inversion of the incomplete beta by bisection, far into the tails.
        for (level, df) in [(0.9975, 5.0), (0.999, 4.0), (0.95, 66.0), (0.99, 400.0), (0.5, 7.0)] {
            let x = stats::beta_quantile(1.0 - level, df / 2.0, 0.5);
            let exact = (df * (1.0 - x) / x).sqrt();
            assert!((t_quantile(level, df) - exact).abs() < 1e-9 * exact, "{level} {df}: {exact}");
        }
        assert!((t_quantile(0.95, 1e7) - 1.95996).abs() < 1e-4);
    }

    #[test]
    fn the_rate_ratio_is_the_ratio_of_rates_and_runs_widen_the_interval() {
        // 20% before, 50% after, nights alternating within each side (no runs) ...
        let mut spread = Vec::new();
        for i in 0..100 {
            spread.push(((i % 5 == 0) as u8 as f64, false));
        }
        for i in 0..100 {
            spread.push(((i % 2 == 0) as u8 as f64, true));
        }
        let a = estimate(&obs(&spread), Measure::Nights, Fill::Observed, 1.0).unwrap();
        assert!((a.rate_ratio().unwrap() - 2.5).abs() < 1e-9);
        assert_eq!(a.dispersion, 1.0, "alternating nights show no clustering");
        // ... and the same counts in long runs.
        let mut runs = Vec::new();
        for i in 0..100 {
            runs.push((((i / 10) % 5 == 0) as u8 as f64, false));
        }
        for i in 0..100 {
            runs.push((((i / 10) % 2 == 0) as u8 as f64, true));
        }
        let b = estimate(&obs(&runs), Measure::Nights, Fill::Observed, 1.0).unwrap();
        assert!((b.rate_ratio().unwrap() - 2.5).abs() < 1e-9);
        assert!(b.dispersion > 3.0, "{}", b.dispersion);
        let (lo_a, hi_a) = a.interval(0.95);
        let (lo_b, hi_b) = b.interval(0.95);
        assert!(hi_b / lo_b > 2.0 * (hi_a / lo_a), "{lo_a}-{hi_a} vs {lo_b}-{hi_b}");
        assert!(a.p_value() < 0.001 && b.p_value() > a.p_value());
    }

    #[test]
    fn crossed_extremes_fill_the_missing_nights_against_and_towards_a_rise() {
        let mut o = obs(&[(0.0, false), (1.0, false), (1.0, true), (0.0, true)]);
        o.push(Obs { t: 4, y: None, e: 1.0, x: false });
        o.push(Obs { t: 5, y: None, e: 1.0, x: true });
        let against = estimate(&o, Measure::Nights, Fill::ExposedNone, 1.0).unwrap();
        let towards = estimate(&o, Measure::Nights, Fill::ExposedCramps, 1.0).unwrap();
        assert!((against.rate_ratio().unwrap() - 0.5).abs() < 1e-9);
        assert!((towards.rate_ratio().unwrap() - 2.0).abs() < 1e-9);
        assert_eq!(estimate(&o, Measure::Nights, Fill::Observed, 1.0).unwrap().n1, 2);
    }

    #[test]
    fn poisson_fit_recovers_a_known_log_rate() {
        // y = 2 on exposed nights, 1 on others: beta = ln 2.
        let rows: Vec<_> =
            (0..200).map(|t| (t, vec![1.0, (t % 2) as f64], if t % 2 == 1 { 2.0 } else { 1.0 }, 0.0)).collect();
        let f = poisson_fit(&rows, Some(7)).unwrap();
        assert!((f.beta[1] - 2f64.ln()).abs() < 1e-2, "the ridge barely moves it: {}", f.beta[1]);
        assert!(f.cov[1][1] >= 0.0);
    }
}
