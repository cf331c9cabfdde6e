//! The Bayesian model of one person's trial: paired, beta-binomial, and tempered for runs.
//!
//! Block `b` of pair `q` has its own share of cramp nights `p_b ~ Beta(π κ, (1 − π) κ)`
//! around `π = logistic(μ_q ± β/2)` (`+` on the remedy): each pair has its own level `μ_q`
//! (so cramps easing by themselves over the weeks move both blocks of a pair alike), `β` is
//! the remedy's effect on the log-odds of a cramp night, and `κ` lets blocks differ beyond
//! chance. Nights within a block are not independent (cramps come in runs), so each block's
//! counts are divided by its clustering factor before they enter the likelihood (a tempered
//! likelihood: a block of 7 nights in runs carries the information of fewer nights).
//!
//! Priors: `μ_q` uniform on the share scale, `β ~ N(0, EFFECT_SD²)` (sceptical: most
//! remedies change little), `κ` log-uniform on [`KAPPA`]. Everything is computed on fixed
//! grids, so the same diary always gives the same figures.

use crate::analysis::stats::ln_gamma;

/// Step of the logit grid for a block's share.
const STEP: f64 = 0.1;
/// Lowest logit on the grid (the grid is symmetric).
const LOGIT_MIN: f64 = -6.0;
/// Points on the logit grid.
const POINTS: usize = 121;
/// The effect grid is `β = 2·STEP·k` for `|k| ≤ EFFECT_STEPS` (so `μ ± β/2` stays on the grid).
const EFFECT_STEPS: i32 = 25;
/// Prior sd of the remedy's effect on the log-odds of a cramp night.
pub const EFFECT_SD: f64 = 1.0;
/// Range of the concentration κ (log-uniform prior) and its grid points.
pub const KAPPA: (f64, f64, usize) = (4.0, 1000.0, 12);
/// Largest lag-1 autocorrelation the clustering factor uses.
const MAX_RHO: f64 = 0.9;

/// One pair's counts: (cramp nights, logged nights) on the remedy block and the control block.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PairCounts {
    /// The remedy block.
    pub remedy: (u32, u32),
    /// The control block.
    pub control: (u32, u32),
}

/// What the model says.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Posterior {
    /// P(β < 0): fewer cramp nights on the remedy.
    pub p_fewer: f64,
    /// Posterior mean share of cramp nights on remedy nights (mean over pairs).
    pub remedy: f64,
    /// The same on control nights.
    pub control: f64,
    /// Control − remedy share: posterior mean, and a 90% interval read through the effect.
    pub difference: (f64, [f64; 2]),
    /// Posterior mean of the effect on the log-odds.
    pub log_odds_ratio: f64,
}

fn logistic(x: f64) -> f64 {
    1.0 / (1.0 + (-x).exp())
}

fn share(i: usize) -> f64 {
    logistic(LOGIT_MIN + STEP * i as f64)
}

/// The logit grid's shares and the uniform-share prior weight of each point.
struct Grid {
    share: [f64; POINTS],
    prior: [f64; POINTS],
}

fn grid() -> &'static Grid {
    static CELL: std::sync::OnceLock<Grid> = std::sync::OnceLock::new();
    CELL.get_or_init(|| {
        let share: [f64; POINTS] = std::array::from_fn(share);
        Grid { share, prior: share.map(|p| p * (1.0 - p)) }
    })
}

fn ln_beta(a: f64, b: f64) -> f64 {
    ln_gamma(a) + ln_gamma(b) - ln_gamma(a + b)
}

fn kappa(j: usize) -> f64 {
    let (lo, hi, n) = KAPPA;
    (lo.ln() + (hi.ln() - lo.ln()) * j as f64 / (n - 1) as f64).exp()
}

/// Log-likelihood of a block's tempered counts on the grid, for each κ.
fn block_ll((y, n): (u32, u32), factor: f64) -> Vec<[f64; POINTS]> {
    let (y, n) = (y as f64 / factor, n as f64 / factor);
    (0..KAPPA.2)
        .map(|j| {
            let k = kappa(j);
            let mut row = [0.0; POINTS];
            for (i, slot) in row.iter_mut().enumerate() {
                let (a, b) = (share(i) * k, (1.0 - share(i)) * k);
                *slot = ln_beta(y + a, n - y + b) - ln_beta(a, b);
            }
            row
        })
        .collect()
}

/// The posterior from each compared pair's counts; `clustering` (≥ 1) divides every
/// block's counts. `None` when no pair has logged nights on both blocks.
pub fn posterior(pairs: &[PairCounts], clustering: f64) -> Option<Posterior> {
    let pairs: Vec<&PairCounts> = pairs.iter().filter(|p| p.remedy.1 > 0 && p.control.1 > 0).collect();
    if pairs.is_empty() {
        return None;
    }
    let factor = clustering.max(1.0);
    let grid = grid();
    let kn = KAPPA.2;
    let ks = 2 * EFFECT_STEPS as usize + 1;
    // For each (κ, effect): the log marginal likelihood summed over pairs, and each pair's
    // expected remedy and control shares given them.
    let mut log_lik = vec![0.0; kn * ks];
    let mut exp_r = vec![0.0; kn * ks];
    let mut exp_c = vec![0.0; kn * ks];
    for p in &pairs {
        let (lr, lc) = (block_ll(p.remedy, factor), block_ll(p.control, factor));
        let top = lr.iter().chain(&lc).flatten().cloned().fold(f64::NEG_INFINITY, f64::max);
        let scaled = |ll: &[[f64; POINTS]]| -> Vec<[f64; POINTS]> {
            ll.iter().map(|row| row.map(|x| (x - top).exp())).collect()
        };
        let (lr, lc) = (scaled(&lr), scaled(&lc));
        for j in 0..kn {
            for (ki, k) in (-EFFECT_STEPS..=EFFECT_STEPS).enumerate() {
                let (mut total, mut sr, mut sc) = (0.0, 0.0, 0.0);
                for m in 0..POINTS as i32 {
                    let (ir, ic) = (m + k, m - k);
                    if ir < 0 || ic < 0 || ir >= POINTS as i32 || ic >= POINTS as i32 {
                        continue;
                    }
                    let (ir, ic) = (ir as usize, ic as usize);
                    let w = grid.prior[m as usize] * lr[j][ir] * lc[j][ic];
                    total += w;
                    sr += w * grid.share[ir];
                    sc += w * grid.share[ic];
                }
                let cell = j * ks + ki;
                log_lik[cell] += if total > 0.0 { total.ln() + 2.0 * top } else { f64::NEG_INFINITY };
                if total > 0.0 {
                    exp_r[cell] += sr / total;
                    exp_c[cell] += sc / total;
                }
            }
        }
    }
    let n = pairs.len() as f64;
    let top = log_lik.iter().cloned().fold(f64::NEG_INFINITY, f64::max);
    if !top.is_finite() {
        return None;
    }
    let beta = |ki: usize| 2.0 * STEP * (ki as f64 - EFFECT_STEPS as f64);
    let mut by_effect = vec![(0.0, 0.0); ks]; // (weight, weighted difference)
    let (mut total, mut fewer, mut r, mut c, mut lor) = (0.0, 0.0, 0.0, 0.0, 0.0);
    for j in 0..kn {
        for (ki, slot) in by_effect.iter_mut().enumerate() {
            let cell = j * ks + ki;
            let b = beta(ki);
            let w = (log_lik[cell] - top).exp() * (-0.5 * (b / EFFECT_SD).powi(2)).exp();
            total += w;
            fewer += match ki.cmp(&(EFFECT_STEPS as usize)) {
                std::cmp::Ordering::Less => w,
                std::cmp::Ordering::Equal => 0.5 * w,
                std::cmp::Ordering::Greater => 0.0,
            };
            let (er, ec) = (exp_r[cell] / n, exp_c[cell] / n);
            r += w * er;
            c += w * ec;
            lor += w * b;
            slot.0 += w;
            slot.1 += w * (ec - er);
        }
    }
    if total <= 0.0 || !total.is_finite() {
        return None;
    }
    // The difference given the effect falls as the effect rises, so its interval is the one
    // of the effect, read through it.
    let diff_at = |ki: usize| if by_effect[ki].0 > 0.0 { by_effect[ki].1 / by_effect[ki].0 } else { 0.0 };
    let quantile = |q: f64| {
        let mut acc = 0.0;
        for (ki, (w, _)) in by_effect.iter().enumerate() {
            acc += w / total;
            if acc >= q {
                return ki;
            }
        }
        ks - 1
    };
    Some(Posterior {
        p_fewer: fewer / total,
        remedy: r / total,
        control: c / total,
        difference: ((c - r) / total, [diff_at(quantile(0.95)), diff_at(quantile(0.05))]),
        log_odds_ratio: lor / total,
    })
}

/// How much runs of bad nights inflate the variance of a block's share of `nights` nights,
/// from the lag-1 autocorrelation `rho` of nights: `1 + 2 Σ (1 − h/m) ρ^h`.
pub fn block_factor(rho: f64, nights: u32) -> f64 {
    let rho = rho.clamp(0.0, MAX_RHO);
    let m = nights.max(1) as f64;
    let mut f = 1.0;
    let mut r = 1.0;
    for h in 1..nights {
        r *= rho;
        f += 2.0 * (1.0 - h as f64 / m) * r;
    }
    f
}

/// Lag-1 autocorrelation of cramp nights, from segments of consecutive nights (`None` for a
/// night not logged), each taken about its own mean, with the small-sample bias of that
/// centring removed; 0 when there are too few neighbouring pairs to tell.
pub fn lag1_autocorrelation(segments: &[Vec<Option<bool>>]) -> f64 {
    let (mut num, mut den, mut nights, mut used) = (0.0, 0.0, 0usize, 0usize);
    for s in segments {
        let known: Vec<f64> = s.iter().flatten().map(|&c| c as u8 as f64).collect();
        if known.len() < 3 {
            continue;
        }
        let mean = known.iter().sum::<f64>() / known.len() as f64;
        for x in &known {
            den += (x - mean).powi(2);
        }
        for w in s.windows(2) {
            if let (Some(a), Some(b)) = (w[0], w[1]) {
                num += (a as u8 as f64 - mean) * (b as u8 as f64 - mean);
            }
        }
        nights += known.len();
        used += 1;
    }
    if den <= 0.0 || nights < 20 {
        return 0.0;
    }
    let raw = num / den;
    // Centring each segment on its own mean biases the estimate by about −(1 + 3ρ)/m.
    let m = nights as f64 / used as f64;
    ((raw + 1.0 / m) / (1.0 - 3.0 / m).max(0.25)).clamp(0.0, MAX_RHO)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pair(r: (u32, u32), c: (u32, u32)) -> PairCounts {
        PairCounts { remedy: r, control: c }
    }

    #[test]
    fn equal_arms_give_even_odds_and_the_data_move_it() {
        let even = posterior(&[pair((3, 7), (3, 7)), pair((4, 7), (4, 7))], 1.0).unwrap();
        assert!((even.p_fewer - 0.5).abs() < 1e-9, "{even:?}");
        assert!(even.difference.0.abs() < 1e-9);
        let better = posterior(&[pair((1, 7), (5, 7)), pair((1, 7), (5, 7)), pair((2, 7), (6, 7))], 1.0).unwrap();
        let worse = posterior(&[pair((5, 7), (1, 7)), pair((5, 7), (1, 7)), pair((6, 7), (2, 7))], 1.0).unwrap();
        assert!(better.p_fewer > 0.95, "{better:?}");
        assert!((better.p_fewer + worse.p_fewer - 1.0).abs() < 1e-9);
        assert!(better.difference.0 > 0.3 && better.difference.1[0] > 0.0, "{better:?}");
        assert!(better.remedy < better.control);
    }

    #[test]
    fn clustering_makes_the_same_counts_less_certain() {
        let pairs = [pair((2, 7), (5, 7)), pair((2, 7), (4, 7)), pair((1, 7), (4, 7))];
        let plain = posterior(&pairs, 1.0).unwrap();
        let runs = posterior(&pairs, 3.0).unwrap();
        assert!(runs.p_fewer < plain.p_fewer && runs.p_fewer > 0.5, "{plain:?} {runs:?}");
    }

    #[test]
    fn a_pair_with_an_empty_block_is_left_out() {
        assert!(posterior(&[pair((0, 0), (3, 7))], 1.0).is_none());
        let a = posterior(&[pair((1, 7), (5, 7))], 1.0).unwrap();
        let b = posterior(&[pair((1, 7), (5, 7)), pair((0, 0), (6, 7))], 1.0).unwrap();
        assert_eq!(a, b);
    }

    #[test]
    fn the_block_factor_is_one_without_runs_and_grows_with_them() {
        assert_eq!(block_factor(0.0, 7), 1.0);
        assert!((block_factor(0.5, 2) - 1.5).abs() < 1e-12);
        assert!(block_factor(0.6, 14) > block_factor(0.6, 7));
        assert!(block_factor(0.99, 7) == block_factor(MAX_RHO, 7));
    }

    #[test]
    fn autocorrelation_tells_alternating_nights_from_runs() {
        let alternating: Vec<Option<bool>> = (0..60).map(|i| Some(i % 2 == 0)).collect();
        assert_eq!(lag1_autocorrelation(&[alternating]), 0.0);
        let runs: Vec<Option<bool>> = (0..60).map(|i| Some((i / 6) % 2 == 0)).collect();
        let rho = lag1_autocorrelation(&[runs]);
        assert!(rho > 0.6, "{rho}");
        let short = vec![Some(true), Some(false), Some(true)];
        assert_eq!(lag1_autocorrelation(&[short]), 0.0, "too few nights to tell");
    }
}
