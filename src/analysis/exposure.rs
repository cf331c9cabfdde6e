//! Day-to-night comparisons: fluids on day d (and exertion on day d) against cramps on night
//! d. "Low" and "high" are fixed before looking at cramps: a low-fluid day is below the
//! user's own 25th percentile of daily totals when at least 28 days have fluids logged, and
//! below an absolute floor of 1200 mL otherwise; a high-exertion day scores 7/10 or more.
//! The negative control pairs day d+1 with night d: a later day cannot cause an earlier
//! night, so a link there means the main link is probably reverse causation or confounding.
//! Both comparisons are exploratory (Holm-corrected with the other exploratory ones).

use chrono::{Duration, NaiveDate};

use super::{
    stats, Check, Counts, Ctx, Draft, Finding, FindingKind, Group, Tier, CRAMPS, HIGH_EXERTION, LOW_FLUID_FLOOR_ML,
    MIN_FLUID_DAYS_FOR_PERCENTILE, NONE,
};
use crate::domain::Day;

/// Count nights `night_of(day)` for exposed and reference days.
fn groups(
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

fn check(label: &str, exposed: Group, reference: Group) -> Check {
    let rr = stats::rate_ratio(
        exposed.cramp_nights as u64,
        exposed.logged_nights as f64,
        reference.cramp_nights as u64,
        reference.logged_nights as f64,
        0.95,
    );
    Check {
        label: label.into(),
        significant: rr.ci_low.is_some_and(|l| l > 1.0) || rr.ci_high.is_some_and(|h| h < 1.0),
        exposed,
        reference,
        rate_ratio: rr.estimate,
        ci_low: rr.ci_low,
        ci_high: rr.ci_high,
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
    Some(if totals.len() >= MIN_FLUID_DAYS_FOR_PERCENTILE {
        totals.sort_by(f64::total_cmp);
        let q = stats::quantile_sorted(&totals, 0.25).unwrap_or(LOW_FLUID_FLOOR_ML);
        (q, format!("below your own 25th percentile of daily fluids ({:.0} mL)", q))
    } else {
        (
            LOW_FLUID_FLOOR_ML,
            format!(
                "below {:.0} mL (fewer than {} days with fluids logged, so a fixed floor is used)",
                LOW_FLUID_FLOOR_ML, MIN_FLUID_DAYS_FOR_PERCENTILE
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
/// negative control: if exposure the day *after* a night also "predicts" it, the link is
/// probably reverse causation or confounding, and the finding says so.
fn day_exposure(ctx: &Ctx, all: &[(NaiveDate, bool)], x: DayExposure) -> Draft {
    let main: Vec<(NaiveDate, bool)> = all.iter().copied().filter(|d| d.0 <= ctx.period.to).collect();
    let (exposed, reference) = groups(ctx, &main, |d| d, x.days);
    let (cx, cr) = groups(ctx, all, |d| d - Duration::days(1), x.next_days);
    let control = check(x.control, cx, cr);
    let mut f =
        Finding::new(format!("{}:{}", x.id, ctx.period.from), x.kind, Some(x.cause), x.subject.into(), Tier::Info);
    f.exploratory = true;
    f.rule = Some(x.rule);
    if control.ci_low.is_some_and(|l| l > 1.0) {
        f.caveat("negative_control_also_linked");
    }
    f.checks.push(control);
    let (e, r) = (Counts::from(&exposed), Counts::from(&reference));
    f.exposed = Some(exposed);
    f.reference = Some(reference);
    Draft { finding: f, exposed: e, reference: r, link_is_fall: false, tier_if_link: Tier::Info }
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
        out.push(day_exposure(
            ctx,
            &low,
            DayExposure {
                id: "hydration:low_fluids",
                kind: FindingKind::Hydration,
                cause: "dehydration",
                subject: "Low-fluid days",
                days: ("low-fluid days", "other days"),
                next_days: ("low-fluid next days", "other next days"),
                control: "negative control: fluids on the day after the night",
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
        out.push(day_exposure(
            ctx,
            &high,
            DayExposure {
                id: "exertion:high_exertion",
                kind: FindingKind::Exertion,
                cause: "muscle_fatigue",
                subject: "High-exertion days",
                days: ("high-exertion days", "other days"),
                next_days: ("high-exertion next days", "other next days"),
                control: "negative control: exertion on the day after the night",
                rule: format!("exertion {HIGH_EXERTION}/10 or more"),
            },
        ));
    }
    out
}
