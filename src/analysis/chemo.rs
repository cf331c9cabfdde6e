//! Chemotherapy: every course of a chemotherapy medicine together is one treatment. A
//! course with a start and a stop is an exposure for its whole span; repeated one-day
//! courses are infusions. The treatment exposure runs from the onset lag after the first
//! day to [`PERSIST_DAYS`] after the last (magnesium loss outlasts the drug), and is
//! compared with the stable period before it. With infusions, a check compares the nights
//! in the first two weeks after an infusion with the later ones.

use chrono::{Duration, NaiveDate};

use super::medication::{changes, late_check, onset, season_check, slug, window_or_empty};
use super::{stats, Check, Ctx, Cycle, Draft, Event, Finding, FindingKind, Tier, MAX_BASELINE_DAYS, RUN_IN_DAYS};
use crate::knowledge::DrugClass;

/// Cycle starts closer than this are one cycle (several drugs given together).
const SAME_CYCLE_DAYS: i64 = 2;
/// How long magnesium loss lasts after the last dose (about 90 days after cisplatin or cetuximab).
pub const PERSIST_DAYS: i64 = 90;
/// Nights after an infusion counted as "soon after" in the check.
const SOON_AFTER_DAYS: i64 = 14;

pub(crate) fn drafts(ctx: &Ctx) -> Vec<Draft> {
    let spans = &ctx.spans;
    let all = changes(ctx, spans);
    let chemo: Vec<usize> =
        (0..ctx.meds.len()).filter(|&i| ctx.meds[i].matched.has_class(DrugClass::Chemotherapy)).collect();
    if chemo.is_empty() {
        return Vec::new();
    }
    let mut names: Vec<String> = Vec::new();
    let mut keys: Vec<&str> = Vec::new();
    for &i in &chemo {
        let m = &ctx.meds[i];
        if !keys.contains(&m.key.as_str()) {
            keys.push(m.key.as_str());
            names.push(m.course.name.clone());
        }
    }
    // Infusions: one-day courses, or courses with no stop followed by another of the same medicine.
    let mut infusions: Vec<NaiveDate> = Vec::new();
    let mut last_day = ctx.meds[chemo[0]].course.started;
    let mut ongoing = false;
    for &i in &chemo {
        let c = ctx.meds[i].course;
        let followed =
            chemo.iter().any(|&j| ctx.meds[j].key == ctx.meds[i].key && ctx.meds[j].course.started > c.started);
        match c.stopped {
            Some(t) if (t - c.started).num_days() <= 1 => infusions.push(c.started),
            None if followed => infusions.push(c.started),
            Some(t) => last_day = last_day.max(t),
            None => ongoing = true,
        }
        last_day = last_day.max(c.started);
    }
    infusions.sort_unstable();
    infusions.dedup_by(|b, a| (*b - *a).num_days() <= SAME_CYCLE_DAYS);
    let first = chemo.iter().map(|&i| ctx.meds[i].course.started).min().expect("chemo is not empty");
    if first > ctx.period.to {
        return Vec::new();
    }
    let (lag, _) = onset(&[DrugClass::Chemotherapy]);
    let is_chemo = |c: &super::medication::Change| spans[c.span].chemo;
    let prev = all.iter().filter(|c| !is_chemo(c) && c.date < first).map(|c| c.date + Duration::days(c.lag)).max();
    let next = all.iter().filter(|c| !is_chemo(c) && c.date > first).map(|c| c.date - Duration::days(1)).min();
    let mut exposure_to = if ongoing { ctx.today } else { (last_day + Duration::days(PERSIST_DAYS)).min(ctx.today) };
    if let Some(n) = next {
        exposure_to = exposure_to.min(n);
    }
    let mut before_from = first - Duration::days(RUN_IN_DAYS + MAX_BASELINE_DAYS);
    if let Some(p) = prev {
        before_from = before_from.max(p);
    }
    let before = window_or_empty(ctx, before_from, first - Duration::days(1 + RUN_IN_DAYS));
    let after = window_or_empty(ctx, first + Duration::days(lag), exposure_to);

    let id = format!("chemotherapy_cycles:{}:{}", slug(&keys.join("+")), first);
    let mut f = Finding::new(id, FindingKind::ChemotherapyCycles, Some("chemotherapy"), names.join(", "), Tier::Info);
    f.event = Some(if infusions.len() >= 2 { Event::Cycles } else { Event::Course });
    f.event_date = Some(first);
    f.rule = Some(format!(
        "treatment from {} to {}, counted until {PERSIST_DAYS} days after the last day of treatment",
        first, last_day
    ));
    if infusions.len() >= 2 {
        let mut gaps: Vec<i64> = infusions.windows(2).map(|w| (w[1] - w[0]).num_days()).collect();
        gaps.sort_unstable();
        let typical = gaps[gaps.len() / 2];
        for (k, &from) in infusions.iter().enumerate() {
            let to = infusions.get(k + 1).map_or(from + Duration::days(typical - 1), |n| *n - Duration::days(1));
            if from > ctx.period.to {
                break;
            }
            let w = window_or_empty(ctx, from, to);
            f.cycles.push(Cycle {
                number: k as u32 + 1,
                from,
                to: w.to,
                logged_nights: w.logged_nights,
                cramp_nights: w.cramp_nights,
            });
        }
        f.checks.push(days_since_check(ctx, &infusions, &after));
    }
    let mut obs = Vec::new();
    ctx.obs(before.from, before.to, false, &mut obs);
    ctx.obs(after.from, after.to, true, &mut obs);
    late_check(ctx, &mut f, &[&before, &after]);
    f.before = Some(before.clone());
    f.after = Some(after.clone());
    let mut d = Draft::new(f, obs, ctx, false, Tier::NextVisit);
    season_check(ctx, &mut d, &before, &after);
    vec![d]
}

/// Nights soon after an infusion against later nights of the treatment.
fn days_since_check(ctx: &Ctx, infusions: &[NaiveDate], w: &super::Window) -> Check {
    let mut days = Vec::new();
    let mut d = w.from;
    while d <= w.to {
        if let Some(last) = infusions.iter().rev().find(|i| **i <= d) {
            days.push((d, (d - *last).num_days() < SOON_AFTER_DAYS));
        }
        d += Duration::days(1);
    }
    let labels = ("nights 0-13 after an infusion", "later nights of the treatment");
    let (soon, later) = super::exposure::groups(ctx, &days, |d| d, labels);
    let rr = stats::rate_ratio(
        soon.cramp_nights as u64,
        soon.logged_nights as f64,
        later.cramp_nights as u64,
        later.logged_nights as f64,
        0.95,
    );
    Check {
        label: "nights soon after an infusion vs later nights".into(),
        significant: rr.ci_low.is_some_and(|l| l > 1.0) || rr.ci_high.is_some_and(|h| h < 1.0),
        exposed: soon,
        reference: later,
        rate_ratio: rr.estimate,
        ci_low: rr.ci_low,
        ci_high: rr.ci_high,
    }
}
