//! Exact interval values against reference values for R's `poisson.test`.
//!
//! R: `poisson.test(c(x1, x0), c(T1, T0), conf.level = L)` runs
//! `binom.test(x1, x1 + x0, p = T1/(T1 + T0))` and maps the Clopper–Pearson bounds with
//! RR = (T0/T1)·p/(1 − p). The constants below were computed once, independently of this
//! crate, with a 50-digit mpmath bisection on the regularised incomplete beta function and
//! cross-checked against scipy.stats.beta.ppf (agreement < 1e-10):
//!
//! ```text
//! poisson.test(c(21, 4),  c(40, 28))                     # RR 3.675, CI 1.2400–14.725
//! poisson.test(c(10, 10), c(30, 30))                     # RR 1,     CI 0.3735–2.677
//! poisson.test(c(0, 5),   c(20, 20))                     # RR 0,     CI 0–1.0913
//! poisson.test(c(7, 0),   c(14, 14))                     # RR Inf,   CI 1.4413–Inf
//! poisson.test(c(30, 12), c(60, 90))                     # RR 3.75,  CI 1.8644–8.0425
//! poisson.test(c(3, 25),  c(50, 60))                     # RR 0.144, CI 0.02783–0.4719
//! poisson.test(c(21, 4),  c(40, 28), conf.level = 0.99)  # CI 0.9528–24.09
//! poisson.test(c(45, 20), c(120, 110), conf.level = 0.9875)  # CI 1.0418–4.3266
//! ```
//!
//! The p-value column is the central exact p-value (twice the smaller binomial tail,
//! scipy.stats.binom), which is the one consistent with the Clopper–Pearson interval; R's
//! binom.test reports the "minimum likelihood" two-sided p-value instead, which can differ.

use cramp_diary::analysis::stats::{beta_inc, beta_quantile, clopper_pearson, holm, rate_ratio};

/// (x1, T1, x0, T0, level, RR, ci_low, ci_high, central p): pasted at full printed precision.
#[allow(clippy::type_complexity, clippy::excessive_precision)]
const REFERENCE: &[(u64, f64, u64, f64, f64, Option<f64>, f64, Option<f64>, f64)] = &[
    (21, 40.0, 4, 28.0, 0.95, Some(3.675), 1.2399800413440271, Some(14.725483636651226), 0.0138344228964024),
    (10, 30.0, 10, 30.0, 0.95, Some(1.0), 0.37354684669936627, Some(2.677040400249473), 1.0),
    (0, 20.0, 5, 20.0, 0.95, Some(0.0), 0.0, Some(1.0912791051825461), 0.0625),
    (7, 14.0, 0, 14.0, 0.95, None, 1.4413085188352392, None, 0.015625),
    (30, 60.0, 12, 90.0, 0.95, Some(3.75), 1.8644447025932278, Some(8.0425027252616413), 7.391095583202886e-05),
    (3, 50.0, 25, 60.0, 0.95, Some(0.144), 0.027828852224929736, Some(0.47192486040311272), 0.0001858905181615213),
    (21, 40.0, 4, 28.0, 0.99, Some(3.675), 0.952840810668308, Some(24.091856168680364), 0.0138344228964024),
    (45, 120.0, 20, 110.0, 0.9875, Some(2.0625), 1.0418341798436112, Some(4.3266172928642056), 0.0077924262859915445),
];

fn close(a: f64, b: f64, rel: f64) -> bool {
    (a - b).abs() <= rel * b.abs().max(1e-12)
}

#[test]
fn rate_ratio_intervals_match_r_poisson_test() {
    for &(x1, t1, x0, t0, level, rr, lo, hi, p) in REFERENCE {
        let r = rate_ratio(x1, t1, x0, t0, level);
        let tag = format!("poisson.test(c({x1}, {x0}), c({t1}, {t0}), conf.level = {level})");
        match (r.estimate, rr) {
            (Some(a), Some(b)) => assert!(close(a, b, 1e-12), "{tag}: RR {a} vs {b}"),
            (None, None) => {}
            other => panic!("{tag}: RR {other:?}"),
        }
        assert!(close(r.ci_low.unwrap(), lo, 1e-9), "{tag}: low {:?} vs {lo}", r.ci_low);
        match (r.ci_high, hi) {
            (Some(a), Some(b)) => assert!(close(a, b, 1e-9), "{tag}: high {a} vs {b}"),
            (None, None) => {}
            other => panic!("{tag}: high {other:?}"),
        }
        assert!(close(r.p_value, p, 1e-8), "{tag}: p {} vs {p}", r.p_value);
        // The interval and the central p-value agree.
        let excludes_one = r.ci_low.unwrap() > 1.0 || r.ci_high.is_some_and(|h| h < 1.0);
        assert_eq!(excludes_one, r.p_value < 1.0 - level, "{tag}");
    }
}

#[test]
fn no_events_gives_no_estimate() {
    let r = rate_ratio(0, 30.0, 0, 30.0, 0.95);
    assert_eq!((r.estimate, r.ci_low, r.ci_high), (None, None, None));
}

#[test]
fn clopper_pearson_known_values() {
    // binom.test(0, 10)$conf.int = 0, 0.3084971; binom.test(10, 10) = 0.6915029, 1 (scipy beta.ppf)
    let (lo, hi) = clopper_pearson(0, 10, 0.95);
    assert_eq!(lo, 0.0);
    assert!(close(hi, 0.3084971078187607, 1e-9), "{hi}");
    let (lo, hi) = clopper_pearson(10, 10, 0.95);
    assert!(close(lo, 0.6915028921812392, 1e-9) && hi == 1.0);
    // Quantile inverts the CDF.
    for &(a, b, q) in &[(2.0, 5.0, 0.1), (30.0, 12.0, 0.975), (0.5, 0.5, 0.3)] {
        assert!((beta_inc(a, b, beta_quantile(q, a, b)) - q).abs() < 1e-12);
    }
}

#[test]
fn holm_matches_r_p_adjust() {
    // p.adjust(c(0.01, 0.02, 0.03, 0.04, 0.05), "holm") = 0.05 0.08 0.09 0.09 0.09
    let adj = holm(&[0.01, 0.02, 0.03, 0.04, 0.05]);
    for (a, b) in adj.iter().zip([0.05, 0.08, 0.09, 0.09, 0.09]) {
        assert!((a - b).abs() < 1e-12, "{adj:?}");
    }
}
