//! Before/after every medication start, dose change and stop, with class-specific windows.
//!
//! Courses of the same medicine (same generic names, or the same written words for an
//! unrecognised name) that follow each other without a gap are one span of use: the first
//! start is a `start`, each later course start a `dose_change`, the last stop a `stop`.
//! Chemotherapy is left to the cycle-aligned analysis.

use std::collections::BTreeMap;

use chrono::{Duration, NaiveDate};

use super::{midpoint, season, Counts, Ctx, Draft, Finding, FindingKind, Tier, Window, MAX_AFTER_WINDOW_DAYS};
use crate::knowledge;

pub(crate) struct Span {
    pub key: String,
    /// Indices into `ctx.meds`, by start date.
    pub courses: Vec<usize>,
    pub start: NaiveDate,
    pub stop: Option<NaiveDate>,
}

/// Spans of use, by medicine; `chemo` selects chemotherapy spans or all others.
pub(crate) fn spans(ctx: &Ctx, chemo: bool) -> Vec<Span> {
    let mut by_key: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (i, m) in ctx.meds.iter().enumerate() {
        if m.matched.has_class("chemotherapy") == chemo {
            by_key.entry(m.key.as_str()).or_default().push(i);
        }
    }
    let mut out = Vec::new();
    for (key, mut idx) in by_key {
        idx.sort_by_key(|&i| ctx.meds[i].course.started);
        let mut cur: Option<Span> = None;
        for i in idx {
            let c = ctx.meds[i].course;
            match cur.as_mut() {
                Some(s) if s.stop.is_none_or(|st| c.started <= st + Duration::days(1)) => {
                    s.courses.push(i);
                    s.stop = match (s.stop, c.stopped) {
                        (Some(a), Some(b)) => Some(a.max(b)),
                        _ => None,
                    };
                }
                _ => {
                    if let Some(s) = cur.take() {
                        out.push(s);
                    }
                    cur = Some(Span { key: key.to_string(), courses: vec![i], start: c.started, stop: c.stopped });
                }
            }
        }
        if let Some(s) = cur {
            out.push(s);
        }
    }
    out.sort_by_key(|s| s.start);
    out
}

/// Onset window (lag, longest) in days for a set of classes; undocumented medicines get 1..90.
pub(crate) fn onset(classes: &[&str]) -> (i64, i64) {
    let mut lag: Option<i64> = None;
    let mut max: Option<i64> = None;
    for c in classes {
        if let Some(k) = knowledge::cause(c) {
            if let Some(m) = k.onset.min_days {
                lag = Some(lag.map_or(m as i64, |l: i64| l.min(m as i64)));
            }
            if let Some(m) = k.onset.max_days {
                max = Some(max.map_or(m as i64, |l: i64| l.max(m as i64)));
            }
        }
    }
    (lag.unwrap_or(1), max.unwrap_or(90).min(MAX_AFTER_WINDOW_DAYS))
}

fn after_stop_days(classes: &[&str]) -> i64 {
    classes
        .iter()
        .filter_map(|c| knowledge::cause(c))
        .filter_map(|k| k.onset.after_stop_days.or(k.onset.min_days))
        .max()
        .map_or(7, |d| d as i64)
}

pub(crate) fn slug(s: &str) -> String {
    let mut out = String::new();
    for ch in s.chars().flat_map(char::to_lowercase) {
        if ch.is_alphanumeric() {
            out.push(ch);
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    out.trim_end_matches('-').to_string()
}

/// A window, or an empty one with the planned dates when it falls outside the period.
pub(crate) fn window_or_empty(ctx: &Ctx, from: NaiveDate, to: NaiveDate) -> Window {
    ctx.window(from, to).unwrap_or(Window {
        from,
        to: to.max(from),
        logged_nights: 0,
        cramp_nights: 0,
        calendar_nights: 0,
        unknown_nights: 0,
        missing_nights: 0,
        cramp_nights_per_week: None,
        completeness: None,
    })
}

/// Every medication change (date, words, key) for the "other changes" caveat.
fn changes<'c>(ctx: &'c Ctx) -> Vec<(NaiveDate, String, &'c str)> {
    let mut out = Vec::new();
    for m in &ctx.meds {
        out.push((m.course.started, format!("{} started {}", m.course.name, m.course.started), m.key.as_str()));
        if let Some(s) = m.course.stopped {
            out.push((s + Duration::days(1), format!("{} stopped {}", m.course.name, s), m.key.as_str()));
        }
    }
    out.sort_by_key(|c| c.0);
    out
}

pub(crate) fn add_common_caveats(
    ctx: &Ctx,
    f: &mut Finding,
    exclude: &[&str],
    all_changes: &[(NaiveDate, String, &str)],
) {
    let (Some(b), Some(a)) = (f.before.clone(), f.after.clone()) else { return };
    if b.calendar_nights > 0 && a.calendar_nights > 0 {
        let lo = all_changes.partition_point(|c| c.0 < b.from);
        // One entry per medicine: its first change, with a count of the rest.
        let mut per_key: Vec<(&str, String, usize)> = Vec::new();
        for c in &all_changes[lo..] {
            if c.0 > a.to {
                break;
            }
            if exclude.contains(&c.2) {
                continue;
            }
            match per_key.iter_mut().find(|k| k.0 == c.2) {
                Some(k) => k.2 += 1,
                None => per_key.push((c.2, c.1.clone(), 0)),
            }
        }
        for (_, text, more) in per_key {
            f.other_changes.push(match more {
                0 => text,
                1 => format!("{text}, and 1 more change"),
                n => format!("{text}, and {n} more changes"),
            });
        }
        if !f.other_changes.is_empty() {
            f.caveat("other_medication_change");
        }
        if season(midpoint(b.from, b.to)) != season(midpoint(a.from, a.to)) {
            f.caveat("season_change");
        }
        let late = ctx.late_in(&b) + ctx.late_in(&a);
        let known = b.logged_nights + b.unknown_nights + a.logged_nights + a.unknown_nights;
        if known > 0 && late * 4 > known {
            f.caveat("late_backfill");
        }
    }
}

pub(crate) fn drafts(ctx: &Ctx) -> Vec<Draft> {
    let all_changes = changes(ctx);
    let mut out = Vec::new();
    let p = ctx.period;
    let spans = spans(ctx, false);
    for (si, span) in spans.iter().enumerate() {
        let next_start_same = spans[si + 1..].iter().find(|s| s.key == span.key).map(|s| s.start);
        // Starts and dose changes.
        for (ci, &mi) in span.courses.iter().enumerate() {
            let med = &ctx.meds[mi];
            let s = med.course.started;
            if s <= p.from || s > p.to {
                continue;
            }
            let classes = med.matched.classes.clone();
            let (lag, max) = onset(&classes);
            // The course (and its later dose changes) runs to the next change or the stop.
            let course_end =
                span.courses.get(ci + 1).map(|&n| ctx.meds[n].course.started - Duration::days(1)).or(span.stop);
            let planned_to = s + Duration::days(max);
            let mut after_to = planned_to;
            if let Some(e) = course_end {
                after_to = after_to.min(e);
            }
            let after = window_or_empty(ctx, s + Duration::days(lag), after_to);
            let len = ((after.to - after.from).num_days() + 1).clamp(28, 90);
            let before = window_or_empty(ctx, s - Duration::days(len), s - Duration::days(1));
            let event = if ci == 0 { "start" } else { "dose_change" };
            let documented = classes.iter().any(|c| *c != "other_drug");
            let id = format!("medication_start:{}:{}", slug(&span.key), s);
            let mut f = Finding::new(
                id,
                FindingKind::MedicationStart,
                classes.first().copied(),
                med.course.name.clone(),
                Tier::Info,
            );
            f.classes = classes.clone();
            f.event = Some(event);
            f.event_date = Some(s);
            f.exploratory = !documented || event == "dose_change";
            let exposed = Counts::from(&after);
            let reference = Counts::from(&before);
            f.before = Some(before);
            f.after = Some(after);
            add_common_caveats(ctx, &mut f, &[span.key.as_str()], &all_changes);
            if planned_to > ctx.span.to && course_end.is_none_or(|e| e > ctx.span.to) {
                f.caveat("too_recent");
            }
            let tier_if_link = if documented { Tier::NextVisit } else { Tier::Info };
            out.push(Draft { finding: f, exposed, reference, link_is_fall: false, tier_if_link });
        }
        // The stop.
        if let Some(t) = span.stop {
            if t < p.from || t > p.to || t >= ctx.span.to {
                continue;
            }
            let last = &ctx.meds[*span.courses.last().unwrap()];
            let classes = last.matched.classes.clone();
            let wash = after_stop_days(&classes);
            let mut after_to = t + Duration::days(wash + 90);
            if let Some(n) = next_start_same {
                after_to = after_to.min(n - Duration::days(1));
            }
            let after = window_or_empty(ctx, t + Duration::days(1 + wash), after_to);
            let len = ((after.to - after.from).num_days() + 1).clamp(28, 90);
            let before = window_or_empty(ctx, t - Duration::days(len - 1), t);
            let primary = classes.contains(&"statin");
            let id = format!("medication_stop:{}:{}", slug(&span.key), t);
            let mut f = Finding::new(
                id,
                FindingKind::MedicationStop,
                classes.first().copied(),
                last.course.name.clone(),
                Tier::Info,
            );
            f.classes = classes.clone();
            f.event = Some("stop");
            f.event_date = Some(t);
            f.exploratory = !primary;
            let exposed = Counts::from(&after);
            let reference = Counts::from(&before);
            f.before = Some(before);
            f.after = Some(after);
            add_common_caveats(ctx, &mut f, &[span.key.as_str()], &all_changes);
            out.push(Draft { finding: f, exposed, reference, link_is_fall: true, tier_if_link: Tier::Info });
        }
    }
    out
}

/// For the chemotherapy module: the change list.
pub(crate) fn all_changes<'c>(ctx: &'c Ctx) -> Vec<(NaiveDate, String, &'c str)> {
    changes(ctx)
}
