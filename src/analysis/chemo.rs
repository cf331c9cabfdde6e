//! Cycle-aligned comparison for chemotherapy: each course (infusion) of a chemotherapy
//! medicine starts a cycle. The primary comparison is the treatment period (from a week
//! after the first cycle to the end of the last) against the 60 nights before it; a check
//! compares the later half of the cycles with the earlier half, since magnesium loss builds
//! up over cycles.

use chrono::{Duration, NaiveDate};

use super::medication::{add_common_caveats, all_changes, onset, window_or_empty};
use super::{Check, Counts, Ctx, Cycle, Draft, Finding, FindingKind, Group, Tier};
use crate::analysis::stats;

/// Cycle starts closer than this are one cycle (several drugs given together).
const SAME_CYCLE_DAYS: i64 = 2;
/// Cycle length assumed for the last cycle when there is only one.
const DEFAULT_CYCLE_DAYS: i64 = 21;
/// Nights before the first cycle used as the baseline.
const BASELINE_DAYS: i64 = 60;

pub(crate) fn drafts(ctx: &Ctx) -> Vec<Draft> {
    let chemo: Vec<usize> = (0..ctx.meds.len()).filter(|&i| ctx.meds[i].matched.has_class("chemotherapy")).collect();
    if chemo.is_empty() {
        return Vec::new();
    }
    let mut starts: Vec<NaiveDate> = chemo.iter().map(|&i| ctx.meds[i].course.started).collect();
    starts.sort_unstable();
    let mut cycles_at: Vec<NaiveDate> = Vec::new();
    for s in starts {
        if cycles_at.last().is_none_or(|l| (s - *l).num_days() > SAME_CYCLE_DAYS) {
            cycles_at.push(s);
        }
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
    let mut gaps: Vec<i64> = cycles_at.windows(2).map(|w| (w[1] - w[0]).num_days()).collect();
    gaps.sort_unstable();
    let typical = if gaps.is_empty() { DEFAULT_CYCLE_DAYS } else { gaps[gaps.len() / 2] };
    let first = cycles_at[0];
    let last_end = *cycles_at.last().unwrap() + Duration::days(typical - 1);

    let mut cycles = Vec::new();
    for (k, &from) in cycles_at.iter().enumerate() {
        let to = cycles_at.get(k + 1).map_or(last_end, |n| *n - Duration::days(1));
        let w = window_or_empty(ctx, from, to);
        if from > ctx.period.to {
            break;
        }
        cycles.push(Cycle {
            number: k as u32 + 1,
            from,
            to: w.to,
            logged_nights: w.logged_nights,
            cramp_nights: w.cramp_nights,
        });
    }

    let (lag, _) = onset(&["chemotherapy"]);
    let after = window_or_empty(ctx, first + Duration::days(lag), last_end);
    let before = window_or_empty(ctx, first - Duration::days(BASELINE_DAYS), first - Duration::days(1));
    let subject = names.join(", ");
    let id = format!("chemotherapy_cycles:{}:{}", super::medication::slug(&keys.join("+")), first);
    let mut f = Finding::new(id, FindingKind::ChemotherapyCycles, Some("chemotherapy"), subject, Tier::Info);
    f.event = Some("cycles");
    f.event_date = Some(first);
    let exposed = Counts::from(&after);
    let reference = Counts::from(&before);
    f.before = Some(before);
    f.after = Some(after);
    let changes = all_changes(ctx);
    add_common_caveats(ctx, &mut f, &keys, &changes);
    if cycles.len() >= 2 {
        let half = cycles.len() / 2;
        let sum = |cs: &[Cycle]| {
            let n: u32 = cs.iter().map(|c| c.logged_nights).sum();
            let y: u32 = cs.iter().map(|c| c.cramp_nights).sum();
            let cal: u32 = cs.iter().map(|c| ((c.to - c.from).num_days() + 1).max(0) as u32).sum();
            Group {
                label: String::new(),
                days: cal,
                logged_nights: n,
                cramp_nights: y,
                missing_nights: cal.saturating_sub(n),
            }
        };
        let mut early = sum(&cycles[..half]);
        early.label = format!("cycles 1-{half}");
        let mut late = sum(&cycles[half..]);
        late.label = format!("cycles {}-{}", half + 1, cycles.len());
        let rr = stats::rate_ratio(
            late.cramp_nights as u64,
            late.logged_nights as f64,
            early.cramp_nights as u64,
            early.logged_nights as f64,
            0.95,
        );
        f.checks.push(Check {
            label: "later cycles vs earlier cycles".into(),
            significant: rr.ci_low.is_some_and(|l| l > 1.0) || rr.ci_high.is_some_and(|h| h < 1.0),
            exposed: late,
            reference: early,
            rate_ratio: rr.estimate,
            ci_low: rr.ci_low,
            ci_high: rr.ci_high,
        });
    }
    f.cycles = cycles;
    vec![Draft { finding: f, exposed, reference, link_is_fall: false, tier_if_link: Tier::NextVisit }]
}
