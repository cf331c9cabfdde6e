//! Day-to-night comparisons: fluids on day d (and exertion on day d) against cramps on night
//! d. "Low" and "high" are fixed before looking at cramps: a low-fluid day is below the
//! user's own 25th percentile of daily totals when at least 28 days have fluids logged, and
//! below an absolute floor of 1200 mL otherwise; a high-exertion day scores 7/10 or more.
//! The negative control pairs day d+1 with night d, read given day d (one regression with
//! both days): a later day cannot cause an earlier night, so a link that remains there
//! means the main link is probably reverse causation or confounding. A comparison with an
//! empty group is no test and makes no finding.

use chrono::{Duration, NaiveDate};

use super::{
    model, stats, Caveat, Check, Ctx, Draft, Finding, FindingKind, Group, SeasonAdjustment, Tier, CRAMPS,
    HIGH_EXERTION, LOW_FLUID_FLOOR_ML, MIN_FLUID_DAYS_FOR_PERCENTILE, NONE,
};
use crate::domain::Day;

/// Count nights `night_of(day)` for exposed and reference days.
pub(crate) fn groups(
    ctx: &Ctx,
    days: &[(NaiveDate, bool)],
    night_of: impl Fn(NaiveDate) -> NaiveDate,
    labels: (&str, &str),
) -> (Group, Group) {
    let mut g = [
        Group { label: labels.0.into(), days: 0, logged_nights: 0, cramp_nights: 0, missing_nights: 0 },
        Group { label: labels.1.into(), days: 0, logged_nights: 0, cramp_nights: 0, missing_nights: 0 },
    ];
    for &(d, exposed) in days {
        let night = night_of(d);
        if night < ctx.period.from || night > ctx.period.to {
            continue;
        }
        let x = &mut g[if exposed { 0 } else { 1 }];
        x.days += 1;
        match ctx.status_on(night) {
            CRAMPS => {
                x.logged_nights += 1;
                x.cramp_nights += 1;
            }
            NONE => x.logged_nights += 1,
            _ => x.missing_nights += 1,
        }
    }
    let [a, b] = g;
    (a, b)
}

/// The negative control, read given day d: `log E[cramp night d] = a + b·exposed(d) +
/// c·exposed(d+1) + g·amount(d) + season` (the amount is day d's fluids in litres or
/// exertion score, so a low day just above the line still counts as what it was), with a
/// Newey–West covariance; the check reports exp(c).
fn control_check(
    ctx: &Ctx,
    label: &str,
    all: &[(NaiveDate, bool)],
    amount: &dyn Fn(NaiveDate) -> f64,
    exposed: Group,
    reference: Group,
) -> Check {
    let by_day: std::collections::HashMap<NaiveDate, bool> = all.iter().copied().collect();
    let mut rows = Vec::new();
    for &(d, x) in all {
        let (Some(&next), Some(i)) = (by_day.get(&(d + Duration::days(1))), ctx.idx(d)) else { continue };
        if d < ctx.period.from || d > ctx.period.to {
            continue;
        }
        let o = ctx.obs_at(i, x);
        if let Some(y) = o.y {
            let x = vec![1.0, x as u8 as f64, next as u8 as f64, amount(d)];
            rows.push((i, x, (y > 0.0) as u8 as f64, o.e.ln()));
        }
    }
    let fit = model::poisson_fit(&rows, Some(model::HAC_LAG)).filter(|f| f.cov[2][2].is_finite() && f.cov[2][2] > 0.0);
    let (rr, lo, hi) = match fit {
        Some(f) => {
            let (b, se) = (f.beta[2], f.cov[2][2].sqrt());
            let z = stats::normal_quantile(0.975);
            (Some(b.exp()), Some((b - z * se).exp()), Some((b + z * se).exp()))
        }
        None => (None, None, None),
    };
    Check {
        label: label.into(),
        significant: lo.is_some_and(|l| l > 1.0) || hi.is_some_and(|h| h < 1.0),
        exposed,
        reference,
        rate_ratio: rr,
        ci_low: lo,
        ci_high: hi,
    }
}

/// Days of the period (and the day after it) with a record.
fn days_in<'d>(ctx: &'d Ctx) -> &'d [Day] {
    let days = &ctx.diary.days;
    let lo = days.partition_point(|d| d.date < ctx.period.from);
    let hi = days.partition_point(|d| d.date <= ctx.period.to + Duration::days(1));
    &days[lo..hi]
}

/// The "low-fluid day" threshold in mL for the period, fixed before any comparison, with
/// the rule in words; `None` when no fluids are logged in the period.
pub(crate) fn low_fluid_threshold(ctx: &Ctx) -> Option<(f64, String)> {
    let mut totals: Vec<f64> = days_in(ctx)
        .iter()
        .filter(|d| !d.fluids.is_empty() && d.date <= ctx.today && d.date <= ctx.period.to)
        .map(|d| d.total_ml())
        .collect();
    if totals.is_empty() {
        return None;
    }
    let unit = ctx.diary.profile.volume_unit;
    Some(if totals.len() >= MIN_FLUID_DAYS_FOR_PERCENTILE {
        totals.sort_by(f64::total_cmp);
        let q = stats::quantile_sorted(&totals, 0.25).unwrap_or(LOW_FLUID_FLOOR_ML);
        (q, format!("below your own 25th percentile of daily fluids ({})", crate::words::volume(q, unit)))
    } else {
        (
            LOW_FLUID_FLOOR_ML,
            format!(
                "below {} (fewer than {} days with fluids logged, so a fixed floor is used)",
                crate::words::volume(LOW_FLUID_FLOOR_ML, unit),
                MIN_FLUID_DAYS_FOR_PERCENTILE
            ),
        )
    })
}

/// One "exposure on day d, cramps on night d" comparison.
struct DayExposure {
    id: &'static str,
    kind: FindingKind,
    cause: &'static str,
    subject: &'static str,
    /// What the days are called: exposed, other.
    days: (&'static str, &'static str),
    /// The same for the negative control (the day after the night).
    next_days: (&'static str, &'static str),
    control: &'static str,
    rule: String,
}

/// Compares nights after exposed days with nights after other days, with the day d+1
/// negative control; `None` when either group is empty (no test).
fn day_exposure(
    ctx: &Ctx,
    all: &[(NaiveDate, bool)],
    amount: &dyn Fn(NaiveDate) -> f64,
    x: DayExposure,
) -> Option<Draft> {
    let main: Vec<(NaiveDate, bool)> = all.iter().copied().filter(|d| d.0 <= ctx.period.to).collect();
    let (exposed, reference) = groups(ctx, &main, |d| d, x.days);
    if exposed.days == 0 || reference.days == 0 {
        return None;
    }
    let (cx, cr) = groups(ctx, all, |d| d - Duration::days(1), x.next_days);
    let control = control_check(ctx, x.control, all, amount, cx, cr);
    let mut f =
        Finding::new(format!("{}:{}", x.id, ctx.period.from), x.kind, Some(x.cause), x.subject.into(), Tier::Info);
    f.exploratory = true;
    f.rule = Some(x.rule);
    if control.ci_low.is_some_and(|l| l > 1.0) {
        f.caveat(Caveat::NegativeControlAlsoLinked);
    }
    f.checks.push(control);
    let mut obs: Vec<model::Obs> = main
        .iter()
        .filter(|(d, _)| *d >= ctx.period.from)
        .filter_map(|&(d, e)| ctx.idx(d).map(|i| ctx.obs_at(i, e)))
        .collect();
    obs.sort_by_key(|o| o.t);
    f.exposed = Some(exposed);
    f.reference = Some(reference);
    f.season_adjustment =
        Some(if ctx.season.is_some() { SeasonAdjustment::OwnSeason } else { SeasonAdjustment::NotNeeded });
    Some(Draft::new(f, obs, ctx, false, Tier::Info))
}

pub(crate) fn drafts(ctx: &Ctx) -> Vec<Draft> {
    let mut out = Vec::new();
    let days = days_in(ctx);

    // Hydration: day d's total fluids against night d.
    if let Some((threshold, rule)) = low_fluid_threshold(ctx) {
        let low: Vec<(NaiveDate, bool)> = days
            .iter()
            .filter(|d| !d.fluids.is_empty() && d.date <= ctx.today)
            .map(|d| (d.date, d.total_ml() < threshold))
            .collect();
        let litres = |d: NaiveDate| ctx.diary.day(d).map_or(0.0, |x| x.total_ml() / 1000.0);
        out.extend(day_exposure(
            ctx,
            &low,
            &litres,
            DayExposure {
                id: "hydration:low_fluids",
                kind: FindingKind::Hydration,
                cause: "dehydration",
                subject: "Low-fluid days",
                days: ("low-fluid days", "other days"),
                next_days: ("low-fluid next days", "other next days"),
                control: "negative control: fluids on the day after the night, given that day's fluids",
                rule,
            },
        ));
    }

    // Exertion: day d's exertion against night d.
    let high: Vec<(NaiveDate, bool)> = days
        .iter()
        .filter_map(|d| d.exertion.map(|e| (d.date, e >= HIGH_EXERTION)))
        .filter(|x| x.0 <= ctx.today)
        .collect();
    if high.iter().any(|x| x.0 <= ctx.period.to) {
        let score = |d: NaiveDate| ctx.diary.day(d).and_then(|x| x.exertion).map_or(0.0, |e| e as f64 / 10.0);
        out.extend(day_exposure(
            ctx,
            &high,
            &score,
            DayExposure {
                id: "exertion:high_exertion",
                kind: FindingKind::Exertion,
                cause: "muscle_fatigue",
                subject: "High-exertion days",
                days: ("high-exertion days", "other days"),
                next_days: ("high-exertion next days", "other next days"),
                control: "negative control: exertion on the day after the night, given that day's exertion",
                rule: format!("exertion {HIGH_EXERTION}/10 or more"),
            },
        ));
    }
    out
}
