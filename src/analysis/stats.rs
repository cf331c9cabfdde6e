//! Exact statistics, written out so the numbers can be checked: log-gamma, the regularised
//! incomplete beta function (continued fraction), Clopper–Pearson intervals, the exact
//! conditional rate-ratio test that R's `poisson.test(c(y1, y0), c(n1, n0))` performs,
//! Holm's step-down correction and a small Poisson trend regression.

/// ln Γ(x) for x > 0 (Lanczos, g = 7, 9 terms; ~1e-15 relative).
pub fn ln_gamma(x: f64) -> f64 {
    const G: f64 = 7.0;
    const C: [f64; 9] = [
        0.999_999_999_999_809_9,
        676.520_368_121_885_1,
        -1_259.139_216_722_402_8,
        771.323_428_777_653_1,
        -176.615_029_162_140_6,
        12.507_343_278_686_905,
        -0.138_571_095_265_720_12,
        9.984_369_578_019_572e-6,
        1.505_632_735_149_311_6e-7,
    ];
    if x < 0.5 {
        // Reflection.
        let pi = std::f64::consts::PI;
        return (pi / (pi * x).sin()).ln() - ln_gamma(1.0 - x);
    }
    let x = x - 1.0;
    let mut a = C[0];
    let t = x + G + 0.5;
    for (i, c) in C.iter().enumerate().skip(1) {
        a += c / (x + i as f64);
    }
    0.5 * (2.0 * std::f64::consts::PI).ln() + (x + 0.5) * t.ln() - t + a.ln()
}

/// Continued fraction for the incomplete beta (modified Lentz).
fn beta_cf(a: f64, b: f64, x: f64) -> f64 {
    const TINY: f64 = 1e-300;
    let away_from_zero = |v: f64| if v.abs() < TINY { TINY } else { v };
    let (qab, qap, qam) = (a + b, a + 1.0, a - 1.0);
    let mut c = 1.0;
    let mut d = 1.0 / away_from_zero(1.0 - qab * x / qap);
    let mut h = d;
    // One Lentz step with coefficient `aa`: the factor it multiplies `h` by.
    let mut step = |aa: f64| {
        d = 1.0 / away_from_zero(1.0 + aa * d);
        c = away_from_zero(1.0 + aa / c);
        d * c
    };
    for m in 1..=1000 {
        let m = m as f64;
        let m2 = 2.0 * m;
        h *= step(m * (b - m) * x / ((qam + m2) * (a + m2)));
        let del = step(-(a + m) * (qab + m) * x / ((a + m2) * (qap + m2)));
        h *= del;
        if (del - 1.0).abs() < 1e-15 {
            break;
        }
    }
    h
}

/// The regularised incomplete beta function I_x(a, b), a, b > 0.
pub fn beta_inc(a: f64, b: f64, x: f64) -> f64 {
    if x <= 0.0 {
        return 0.0;
    }
    if x >= 1.0 {
        return 1.0;
    }
    let ln_front = ln_gamma(a + b) - ln_gamma(a) - ln_gamma(b) + a * x.ln() + b * (1.0 - x).ln();
    let front = ln_front.exp();
    if x < (a + 1.0) / (a + b + 2.0) {
        front * beta_cf(a, b, x) / a
    } else {
        1.0 - front * beta_cf(b, a, 1.0 - x) / b
    }
}

/// The q-quantile of Beta(a, b): the x with I_x(a, b) = q (bisection to full precision).
pub fn beta_quantile(q: f64, a: f64, b: f64) -> f64 {
    if q <= 0.0 {
        return 0.0;
    }
    if q >= 1.0 {
        return 1.0;
    }
    let (mut lo, mut hi) = (0.0_f64, 1.0_f64);
    for _ in 0..200 {
        let mid = 0.5 * (lo + hi);
        if mid <= lo || mid >= hi {
            break;
        }
        if beta_inc(a, b, mid) < q {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    0.5 * (lo + hi)
}

/// P(X ≤ k) for X ~ Binomial(n, p).
pub fn binom_cdf(k: u64, n: u64, p: f64) -> f64 {
    if k >= n {
        return 1.0;
    }
    // P(X ≤ k) = I_{1-p}(n-k, k+1)
    beta_inc((n - k) as f64, (k + 1) as f64, 1.0 - p)
}

/// P(X ≥ k) for X ~ Binomial(n, p).
pub fn binom_sf(k: u64, n: u64, p: f64) -> f64 {
    if k == 0 {
        return 1.0;
    }
    if k > n {
        return 0.0;
    }
    // P(X ≥ k) = I_p(k, n-k+1)
    beta_inc(k as f64, (n - k + 1) as f64, p)
}

/// Clopper–Pearson interval for a binomial proportion x/n at confidence `level`
/// (as R's `binom.test`): (qbeta(α/2, x, n−x+1), qbeta(1−α/2, x+1, n−x)).
pub fn clopper_pearson(x: u64, n: u64, level: f64) -> (f64, f64) {
    let alpha = 1.0 - level;
    let lo = if x == 0 { 0.0 } else { beta_quantile(alpha / 2.0, x as f64, (n - x + 1) as f64) };
    let hi = if x == n { 1.0 } else { beta_quantile(1.0 - alpha / 2.0, (x + 1) as f64, (n - x) as f64) };
    (lo, hi)
}

/// A rate ratio with its exact interval.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RateRatio {
    /// (y1/n1)/(y0/n0); `None` when y0 = 0 (infinite) or both counts are 0.
    pub estimate: Option<f64>,
    /// Lower bound.
    pub ci_low: Option<f64>,
    /// Upper bound; `None` when infinite.
    pub ci_high: Option<f64>,
    /// Two-sided exact p-value for RR = 1 (central: twice the smaller tail, capped at 1),
    /// which agrees with the interval: the interval excludes 1 exactly when p < 1 − level.
    pub p_value: f64,
    /// Confidence level of the interval.
    pub level: f64,
}

/// Exact rate ratio of y1 events in n1 units against y0 events in n0 units, as
/// `poisson.test(c(y1, y0), c(n1, n0), conf.level = level)`: conditional on y0 + y1,
/// y1 ~ Binomial(y0 + y1, p) with p = n1·RR/(n0 + n1·RR); the Clopper–Pearson bounds on p
/// map back through RR = (n0/n1)·p/(1 − p).
pub fn rate_ratio(y1: u64, n1: f64, y0: u64, n0: f64, level: f64) -> RateRatio {
    let n = y0 + y1;
    if n == 0 || n0 <= 0.0 || n1 <= 0.0 {
        return RateRatio { estimate: None, ci_low: None, ci_high: None, p_value: 1.0, level };
    }
    let (plo, phi) = clopper_pearson(y1, n, level);
    let to_rr = |p: f64| -> Option<f64> {
        if p >= 1.0 {
            None
        } else {
            Some(n0 / n1 * p / (1.0 - p))
        }
    };
    let estimate = if y0 == 0 { None } else { Some((y1 as f64 / n1) / (y0 as f64 / n0)) };
    RateRatio { estimate, ci_low: to_rr(plo), ci_high: to_rr(phi), p_value: rate_ratio_p_value(y1, n1, y0, n0), level }
}

/// [`RateRatio::p_value`] alone, without the interval (whose two beta quantiles cost far more).
pub fn rate_ratio_p_value(y1: u64, n1: f64, y0: u64, n0: f64) -> f64 {
    let n = y0 + y1;
    if n == 0 || n0 <= 0.0 || n1 <= 0.0 {
        return 1.0;
    }
    let p0 = n1 / (n0 + n1);
    (2.0 * binom_cdf(y1, n, p0).min(binom_sf(y1, n, p0))).min(1.0)
}

/// Holm's step-down adjusted p-values, in the input order.
pub fn holm(p: &[f64]) -> Vec<f64> {
    let m = p.len();
    let mut order: Vec<usize> = (0..m).collect();
    order.sort_by(|&a, &b| p[a].total_cmp(&p[b]));
    let mut out = vec![0.0; m];
    let mut running = 0.0_f64;
    for (rank, &i) in order.iter().enumerate() {
        let adj = ((m - rank) as f64 * p[i]).min(1.0);
        running = running.max(adj);
        out[i] = running;
    }
    out
}

/// Per-test confidence levels that agree with Holm's procedure at family level `alpha`:
/// the k-th smallest p-value (0-based) is tested at α/(m−k) until the first failure; every
/// later test uses the level of that first failure, so its interval includes 1.
pub fn holm_levels(p: &[f64], alpha: f64) -> Vec<f64> {
    let m = p.len();
    let mut order: Vec<usize> = (0..m).collect();
    order.sort_by(|&a, &b| p[a].total_cmp(&p[b]));
    let mut out = vec![1.0 - alpha; m];
    let mut failed_at: Option<usize> = None;
    for (rank, &i) in order.iter().enumerate() {
        let step = failed_at.unwrap_or(rank);
        let a = alpha / (m - step) as f64;
        if failed_at.is_none() && p[i] >= a {
            failed_at = Some(rank);
        }
        out[i] = 1.0 - a;
    }
    out
}

/// Fit log E[y_t] = a + b·x_t by Poisson maximum likelihood (Newton–Raphson on the two
/// parameters). Returns (b, standard error of b), or `None` if it cannot be estimated.
pub fn poisson_slope(points: &[(f64, f64)]) -> Option<(f64, f64)> {
    let n = points.len() as f64;
    let total: f64 = points.iter().map(|p| p.1).sum();
    if points.len() < 2 || total <= 0.0 {
        return None;
    }
    let mean_x = points.iter().map(|p| p.0).sum::<f64>() / n;
    let var_x = points.iter().map(|p| (p.0 - mean_x).powi(2)).sum::<f64>();
    if var_x <= 0.0 {
        return None;
    }
    // Centre x for stability.
    let mut a = (total / n).ln();
    let mut b = 0.0;
    let mut se = f64::NAN;
    for _ in 0..100 {
        let (mut s0, mut s1, mut i00, mut i01, mut i11) = (0.0, 0.0, 0.0, 0.0, 0.0);
        for &(x, y) in points {
            let xc = x - mean_x;
            let mu = (a + b * xc).exp();
            s0 += y - mu;
            s1 += (y - mu) * xc;
            i00 += mu;
            i01 += mu * xc;
            i11 += mu * xc * xc;
        }
        let det = i00 * i11 - i01 * i01;
        if det <= 0.0 || !det.is_finite() {
            return None;
        }
        let da = (i11 * s0 - i01 * s1) / det;
        let db = (i00 * s1 - i01 * s0) / det;
        a += da;
        b += db;
        se = (i00 / det).sqrt();
        if da.abs() < 1e-12 && db.abs() < 1e-12 {
            break;
        }
    }
    if !b.is_finite() || !se.is_finite() || b.abs() > 50.0 {
        return None;
    }
    Some((b, se))
}

/// The standard normal quantile (Acklam's rational approximation, relative error < 1.2e-9).
#[allow(clippy::excessive_precision)]
pub fn normal_quantile(p: f64) -> f64 {
    let a = [
        -3.969683028665376e1,
        2.209460984245205e2,
        -2.759285104469687e2,
        1.383577518672690e2,
        -3.066479806614716e1,
        2.506628277459239,
    ];
    let b =
        [-5.447609879822406e1, 1.615858368580409e2, -1.556989798598866e2, 6.680131188771972e1, -1.328068155288572e1];
    let c = [
        -7.784894002430293e-3,
        -3.223964580411365e-1,
        -2.400758277161838,
        -2.549732539343734,
        4.374664141464968,
        2.938163982698783,
    ];
    let d = [7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416];
    let pl = 0.02425;
    if p < pl {
        let q = (-2.0 * p.ln()).sqrt();
        (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5])
            / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1.0)
    } else if p <= 1.0 - pl {
        let q = p - 0.5;
        let r = q * q;
        (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q
            / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1.0)
    } else {
        let q = (-2.0 * (1.0 - p).ln()).sqrt();
        -(((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5])
            / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1.0)
    }
}

/// The q-quantile of sorted data (linear interpolation, R's type 7).
pub fn quantile_sorted(sorted: &[f64], q: f64) -> Option<f64> {
    if sorted.is_empty() {
        return None;
    }
    let h = (sorted.len() - 1) as f64 * q;
    let lo = h.floor() as usize;
    let hi = h.ceil() as usize;
    Some(sorted[lo] + (h - lo as f64) * (sorted[hi] - sorted[lo]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ln_gamma_matches_factorials() {
        let mut f = 1.0_f64;
        for n in 1..30 {
            f *= n as f64;
            assert!((ln_gamma(n as f64 + 1.0) - f.ln()).abs() < 1e-10, "{n}");
        }
        assert!((ln_gamma(0.5) - std::f64::consts::PI.sqrt().ln()).abs() < 1e-12);
    }

    #[test]
    fn beta_inc_symmetry_and_known_values() {
        assert!((beta_inc(1.0, 1.0, 0.3) - 0.3).abs() < 1e-14);
        assert!((beta_inc(2.0, 3.0, 0.4) + beta_inc(3.0, 2.0, 0.6) - 1.0).abs() < 1e-13);
        // I_0.5(a, a) = 0.5
        assert!((beta_inc(7.5, 7.5, 0.5) - 0.5).abs() < 1e-13);
    }

    #[test]
    fn holm_adjusts_in_steps() {
        let adj = holm(&[0.01, 0.04, 0.03]);
        assert_eq!(adj, vec![0.03, 0.06, 0.06]);
        let lv = holm_levels(&[0.01, 0.04, 0.03], 0.05);
        assert!((lv[0] - (1.0 - 0.05 / 3.0)).abs() < 1e-12);
        assert!((lv[2] - 0.975).abs() < 1e-12);
        assert!((lv[1] - 0.975).abs() < 1e-12);
    }

    #[test]
    fn normal_quantile_known() {
        assert!((normal_quantile(0.975) - 1.959963984540054).abs() < 1e-8);
        assert!((normal_quantile(0.5)).abs() < 1e-12);
    }
}
