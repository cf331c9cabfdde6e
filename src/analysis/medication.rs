//! Every medication change (start, dose step, stop) against the stable period before it.
//!
//! Courses of the same medicine (same generic names, or the same written words for an
//! unrecognised name) that follow each other without a gap are one span of use: the first
//! start is a `start`, each later course start a `dose_change` (its direction read from the
//! mg in the dose text), the last stop a `stop`. Each change is compared with the nights
//! before it, up to [`MAX_BASELINE_DAYS`], leaving out the [`RUN_IN_DAYS`] just before, and
//! never reaching back past the previous change (plus its onset lag); the nights after it
//! begin after its onset lag and end before the next change. Changes of different medicines
//! closer than one onset lag are one group: the diary cannot tell them apart. A start whose
//! stop is the next change is read together with it (challenge and dechallenge).
//! Chemotherapy is left to its own module, but its changes clip the others' windows.

use std::collections::BTreeMap;

use chrono::{Duration, NaiveDate};

use super::knowledge_match::Med;
use super::{
    midpoint, model, season, Caveat, Ctx, Dechallenge, Draft, Event, Finding, FindingKind, SeasonAdjustment, Tier,
    Window, MAX_AFTER_WINDOW_DAYS, MAX_BASELINE_DAYS, MIN_SEPARATION_DAYS, RUN_IN_DAYS,
};
use crate::domain::Medication;
use crate::knowledge::{self, DrugClass};

pub(crate) struct Span {
    pub key: String,
    /// Indices into `ctx.meds`, by start date.
    pub courses: Vec<usize>,
    pub start: NaiveDate,
    pub stop: Option<NaiveDate>,
    pub chemo: bool,
}

/// Spans of use, by medicine, sorted by start; `meds` are the diary's classified courses.
pub(crate) fn spans(meds: &[Med]) -> Vec<Span> {
    let mut by_key: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (i, m) in meds.iter().enumerate() {
        by_key.entry(m.key.as_str()).or_default().push(i);
    }
    let mut out = Vec::new();
    for (key, mut idx) in by_key {
        idx.sort_by_key(|&i| meds[i].course.started);
        let mut cur: Option<Span> = None;
        for i in idx {
            let c = meds[i].course;
            match cur.as_mut() {
                Some(s) if s.stop.is_none_or(|st| c.started <= st + Duration::days(1)) => {
                    s.courses.push(i);
                    s.stop = match (s.stop, c.stopped) {
                        (Some(a), Some(b)) => Some(a.max(b)),
                        _ => None,
                    };
                }
                _ => {
                    out.extend(cur.take());
                    let chemo = meds[i].matched.has_class(DrugClass::Chemotherapy);
                    cur =
                        Some(Span { key: key.to_string(), courses: vec![i], start: c.started, stop: c.stopped, chemo });
                }
            }
        }
        out.extend(cur);
    }
    out.sort_by_key(|s| s.start);
    out
}

/// Onset window (lag, longest) in days for a set of classes; undocumented medicines get 1..180.
pub(crate) fn onset(classes: &[DrugClass]) -> (i64, i64) {
    let mut lag: Option<i64> = None;
    let mut max: Option<i64> = None;
    for c in classes {
        if let Some(k) = knowledge::cause(c.as_str()) {
            if let Some(m) = k.onset.min_days {
                lag = Some(lag.map_or(m as i64, |l: i64| l.min(m as i64)));
            }
            if let Some(m) = k.onset.max_days {
                max = Some(max.map_or(m as i64, |l: i64| l.max(m as i64)));
            }
        }
    }
    (lag.unwrap_or(1).max(1), max.unwrap_or(180).min(MAX_AFTER_WINDOW_DAYS))
}

/// Nights after a stop before the medicine's effect is gone (its persistence).
pub(crate) fn after_stop_days(classes: &[DrugClass]) -> i64 {
    classes
        .iter()
        .filter_map(|c| knowledge::cause(c.as_str()))
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

/// The dose in mg written in a dose text ("12.5 mg", "40mg twice daily", "500 mcg").
pub(crate) fn dose_mg(text: &str) -> Option<f64> {
    let t = text.to_lowercase();
    let b = t.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if b[i].is_ascii_digit() {
            let start = i;
            while i < b.len() && (b[i].is_ascii_digit() || b[i] == b'.' || b[i] == b',') {
                i += 1;
            }
            let num: f64 = t[start..i].replace(',', ".").parse().ok()?;
            let rest = t[i..].trim_start();
            let unit = [("mg", 1.0), ("mcg", 0.001), ("µg", 0.001), ("ug", 0.001), ("g", 1000.0)]
                .into_iter()
                .find(|(u, _)| rest.starts_with(u) && !rest[u.len()..].starts_with(|c: char| c.is_alphabetic()));
            if let Some((_, f)) = unit {
                return Some(num * f);
            }
        } else {
            i += 1;
        }
    }
    None
}

/// A window, or an empty one with the planned dates when it falls outside the data.
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

/// A course's dose in mg, from its dose text or else its name ("Lasix 40mg").
fn course_mg(c: &Medication) -> Option<f64> {
    dose_mg(&c.dose).or_else(|| dose_mg(&c.name))
}

/// Whether `next`, a later course of the same medicine, is at another dose than `prev`:
/// by milligrams where both parse, else by the dose text.
pub(crate) fn dose_differs(prev: &Medication, next: &Medication) -> bool {
    match (course_mg(prev), course_mg(next)) {
        (Some(a), Some(b)) => a != b,
        _ => prev.dose.trim().to_lowercase() != next.dose.trim().to_lowercase(),
    }
}

/// What a change is.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Kind {
    Start,
    /// A later course of the same medicine: the dose direction (+1 rise, −1 cut, 0 unknown).
    Dose(i8),
    Stop,
}

/// One change: the first night it can affect, its lag, and where it comes from.
pub(crate) struct Change {
    /// First night on (start, dose) or off (stop + 1).
    pub date: NaiveDate,
    /// Nights before its effect can show: the onset lag, or the wash-out after a stop.
    pub lag: i64,
    pub kind: Kind,
    pub span: usize,
    /// The course (index into `ctx.meds`) it belongs to.
    pub course: usize,
    pub group: usize,
}

/// Every change of every span, by date, with groups of changes too close to tell apart.
pub(crate) fn changes(ctx: &Ctx, spans: &[Span]) -> Vec<Change> {
    let mut out = Vec::new();
    for (si, s) in spans.iter().enumerate() {
        for (ci, &mi) in s.courses.iter().enumerate() {
            let m = &ctx.meds[mi];
            let kind = if ci == 0 {
                Kind::Start
            } else {
                let prev = ctx.meds[s.courses[ci - 1]].course;
                match (course_mg(prev), course_mg(m.course)) {
                    (Some(a), Some(b)) if b > a => Kind::Dose(1),
                    (Some(a), Some(b)) if b < a => Kind::Dose(-1),
                    _ => Kind::Dose(0),
                }
            };
            let lag = onset(&m.matched.classes).0;
            out.push(Change { date: m.course.started, lag, kind, span: si, course: mi, group: 0 });
        }
        if let Some(t) = s.stop {
            let last = *s.courses.last().expect("a span has a course");
            let lag = after_stop_days(&ctx.meds[last].matched.classes);
            out.push(Change { date: t + Duration::days(1), lag, kind: Kind::Stop, span: si, course: last, group: 0 });
        }
    }
    out.sort_by_key(|c| c.date);
    let mut group = 0;
    for i in 0..out.len() {
        if i > 0 {
            let joined = (0..i).rev().take_while(|&j| out[j].group == group).any(|j| {
                spans[out[j].span].key != spans[out[i].span].key
                    && (out[i].date - out[j].date).num_days() < out[j].lag.max(MIN_SEPARATION_DAYS)
            });
            if !joined {
                group += 1;
            }
        }
        out[i].group = group;
    }
    out
}

/// The reference window before the first change of a group, and the end of the nights
/// after the last one (the day before the next change, if any).
pub(crate) fn bounds(changes: &[Change], group: usize) -> (Option<NaiveDate>, Option<NaiveDate>) {
    let prev = changes.iter().filter(|c| c.group < group).map(|c| c.date + Duration::days(c.lag)).max();
    let next = changes.iter().filter(|c| c.group > group).map(|c| c.date).min();
    (prev, next.map(|n| n - Duration::days(1)))
}

/// Season handling for a comparison of `before` against `after`: with a year of diary the
/// season is an offset; under a year, windows in different seasons cannot be told apart.
pub(crate) fn season_check(ctx: &Ctx, d: &mut Draft, before: &Window, after: &Window) {
    let f = &mut d.finding;
    if ctx.season.is_some() {
        f.season_adjustment = Some(SeasonAdjustment::OwnSeason);
        f.caveat(Caveat::SeasonAdjusted);
    } else if ctx.year_of_nights {
        f.season_adjustment = Some(SeasonAdjustment::NotNeeded);
    } else if before.calendar_nights > 0
        && after.calendar_nights > 0
        && season(midpoint(before.from, before.to)) != season(midpoint(after.from, after.to))
    {
        f.season_adjustment = Some(SeasonAdjustment::CannotTell);
        f.caveat(Caveat::SeasonNotSeparable);
        d.capped = true;
    } else {
        f.season_adjustment = Some(SeasonAdjustment::NotNeeded);
    }
}

/// Late back-fills in the windows.
pub(crate) fn late_check(ctx: &Ctx, f: &mut Finding, windows: &[&Window]) {
    let late: u32 = windows.iter().map(|w| ctx.late_in(w)).sum();
    let known: u32 = windows.iter().map(|w| w.logged_nights + w.unknown_nights).sum();
    if known > 0 && late * 4 > known {
        f.caveat(Caveat::LateBackfill);
    }
}

fn describe(ctx: &Ctx, spans: &[Span], c: &Change) -> String {
    let m = ctx.meds[c.course].course;
    match c.kind {
        Kind::Start => format!("{} started {}", m.name, ctx.style.date(m.started)),
        Kind::Dose(_) => format!("{} new dose from {}", m.name, ctx.style.date(m.started)),
        Kind::Stop => format!("{} stopped {}", m.name, ctx.style.date(spans[c.span].stop.unwrap_or(m.started))),
    }
}

fn id_of(spans: &[Span], c: &Change) -> String {
    let key = slug(&spans[c.span].key);
    match c.kind {
        Kind::Stop => format!("medication_stop:{key}:{}", c.date - Duration::days(1)),
        _ => format!("medication_start:{key}:{}", c.date),
    }
}

pub(crate) fn drafts(ctx: &Ctx) -> Vec<Draft> {
    let spans = &ctx.spans;
    let changes = changes(ctx, spans);
    let p = ctx.period;
    let mut out = Vec::new();
    for span in spans {
        if span.chemo || span.start > p.to {
            continue;
        }
        // Started before the diary: nothing to compare with.
        if span.start <= ctx.span.from && span.stop.is_none_or(|t| t >= ctx.span.from) && ctx.span.from == p.from {
            let m = &ctx.meds[span.courses[0]];
            let id = format!("medication_start:{}:{}", slug(&span.key), span.start);
            let mut f = Finding::new(
                id,
                FindingKind::MedicationStart,
                m.matched.classes.first().map(|c| c.as_str()),
                m.course.name.clone(),
                Tier::Info,
            );
            f.classes = m.matched.classes.clone();
            f.event = Some(Event::Start);
            f.event_date = Some(span.start);
            f.exploratory = !m.matched.classes.iter().any(|c| *c != DrugClass::OtherDrug);
            f.caveat(Caveat::StartedBeforeDiary);
            f.season_adjustment = Some(SeasonAdjustment::NotNeeded);
            let mut d = Draft::new(f, Vec::new(), ctx, false, Tier::Info);
            d.no_test = true;
            out.push(d);
        }
    }
    for (k, c) in changes.iter().enumerate() {
        let span = &spans[c.span];
        if span.chemo {
            continue;
        }
        let event_date = if c.kind == Kind::Stop { c.date - Duration::days(1) } else { c.date };
        let in_period = match c.kind {
            Kind::Stop => event_date >= p.from && event_date <= p.to && event_date < ctx.span.to,
            _ => event_date > p.from && event_date <= p.to && event_date > ctx.span.from,
        };
        if !in_period {
            continue;
        }
        // A stop read together with its start is not a finding of its own, nor is a restart
        // read with them.
        let prev_in_span = changes[..k].iter().rev().find(|x| x.span == c.span);
        if c.kind == Kind::Stop
            && prev_in_span.is_some_and(|s| s.kind == Kind::Start && reads_with_stop(ctx, &changes, s, c))
        {
            continue;
        }
        if k >= 2 && restart_of(ctx, spans, &changes, k - 2) == Some(k) && changes[k - 2].date > p.from {
            continue;
        }
        out.push(change_draft(ctx, spans, &changes, k));
    }
    out
}

/// Whether a start is read together with its stop: the stop is the next change after it,
/// both stand alone, and the start is inside the diary.
fn reads_with_stop(ctx: &Ctx, changes: &[Change], start: &Change, stop: &Change) -> bool {
    start.date > ctx.span.from
        && start.group + 1 == stop.group
        && changes.iter().filter(|c| c.group == start.group || c.group == stop.group).count() == 2
}

/// The nights of `after` against those of `before`, on cramp nights at 95% (a dechallenge,
/// or a restart), dated `date`.
fn compare(ctx: &Ctx, date: NaiveDate, before: Window, after: Window) -> Option<Dechallenge> {
    let mut pair = Vec::new();
    ctx.obs(before.from, before.to, false, &mut pair);
    ctx.obs(after.from, after.to, true, &mut pair);
    let nights: Vec<model::Obs> =
        pair.iter().map(|o| model::Obs { y: o.y.map(|v| (v > 0.0) as u8 as f64), ..*o }).collect();
    let e = model::estimate(&nights, model::Measure::Nights, model::Fill::Observed, 1.0)?;
    let (lo, hi) = e.interval(0.95);
    Some(Dechallenge {
        date,
        before,
        after,
        rate_ratio: e.rate_ratio(),
        ci_low: Some(lo),
        ci_high: hi.is_finite().then_some(hi),
        agrees: false,
        restart: None,
    })
}

/// The restart read with the start `k` and its stop: a new course of the same medicine that
/// is the next change after the stop and stands alone.
fn restart_of(ctx: &Ctx, spans: &[Span], changes: &[Change], k: usize) -> Option<usize> {
    let (start, stop, restart) = (changes.get(k)?, changes.get(k + 1)?, changes.get(k + 2)?);
    let read = start.kind == Kind::Start
        && stop.kind == Kind::Stop
        && stop.span == start.span
        && reads_with_stop(ctx, changes, start, stop)
        && restart.kind == Kind::Start
        && spans[restart.span].key == spans[start.span].key
        && restart.group == stop.group + 1
        && changes.iter().filter(|c| c.group == restart.group).count() == 1;
    read.then_some(k + 2)
}

fn change_draft(ctx: &Ctx, spans: &[Span], changes: &[Change], k: usize) -> Draft {
    let c = &changes[k];
    let med = &ctx.meds[c.course];
    let classes = med.matched.classes.clone();
    let documented = classes.iter().any(|x| *x != DrugClass::OtherDrug);
    let members: Vec<&Change> = changes.iter().filter(|x| x.group == c.group).collect();
    let first = members.first().map_or(c.date, |m| m.date);
    let last = members.iter().map(|m| m.date + Duration::days(m.lag)).max().unwrap_or(c.date);
    let (prev, next) = bounds(changes, c.group);

    let before_to = first - Duration::days(1 + RUN_IN_DAYS);
    let mut before_from = first - Duration::days(RUN_IN_DAYS + MAX_BASELINE_DAYS);
    if let Some(pv) = prev {
        before_from = before_from.max(pv);
    }
    let max_after = onset(&classes).1.max(MAX_AFTER_WINDOW_DAYS / 2);
    let mut after_to = (c.date + Duration::days(max_after)).min(ctx.today);
    if let Some(n) = next {
        after_to = after_to.min(n);
    }
    let before = window_or_empty(ctx, before_from, before_to);
    let after = window_or_empty(ctx, last, after_to);

    let event = match c.kind {
        Kind::Start => Event::Start,
        Kind::Dose(_) => Event::DoseChange,
        Kind::Stop => Event::Stop,
    };
    let kind = if c.kind == Kind::Stop { FindingKind::MedicationStop } else { FindingKind::MedicationStart };
    let event_date = if c.kind == Kind::Stop { c.date - Duration::days(1) } else { c.date };
    let mut f =
        Finding::new(id_of(spans, c), kind, classes.first().map(|c| c.as_str()), med.course.name.clone(), Tier::Info);
    f.classes = classes.clone();
    f.event = Some(event);
    f.event_date = Some(event_date);
    let link_is_fall = matches!(c.kind, Kind::Stop | Kind::Dose(-1));
    f.exploratory = !documented || c.kind == Kind::Dose(0);
    let tier_if_link = if documented && !link_is_fall { Tier::NextVisit } else { Tier::Info };

    let mut obs = Vec::new();
    ctx.obs(before.from, before.to, false, &mut obs);
    ctx.obs(after.from, after.to, true, &mut obs);

    // Challenge and dechallenge: a start whose stop is the next change.
    let stop = changes.get(k + 1).filter(|s| s.span == c.span && s.kind == Kind::Stop);
    let mut dechallenge = None;
    if let Some(s) = stop.filter(|s| c.kind == Kind::Start && reads_with_stop(ctx, changes, c, s)) {
        let (_, next_after) = bounds(changes, s.group);
        let off_from = s.date + Duration::days(s.lag);
        let mut off_to = (off_from + Duration::days(MAX_BASELINE_DAYS - 1)).min(ctx.today);
        if let Some(n) = next_after {
            off_to = off_to.min(n);
        }
        let off = window_or_empty(ctx, off_from, off_to);
        ctx.obs(off.from, off.to, false, &mut obs);
        let restart = restart_of(ctx, spans, changes, k).map(|r| {
            let r = &changes[r];
            let (_, next_on) = bounds(changes, r.group);
            let mut on_to = (r.date + Duration::days(max_after)).min(ctx.today);
            if let Some(n) = next_on {
                on_to = on_to.min(n);
            }
            let on = window_or_empty(ctx, r.date + Duration::days(r.lag), on_to);
            ctx.obs(on.from, on.to, true, &mut obs);
            (r.date, on)
        });
        dechallenge = compare(ctx, s.date - Duration::days(1), after.clone(), off.clone()).map(|mut dc| {
            dc.restart = restart.and_then(|(date, on)| compare(ctx, date, off, on)).map(Box::new);
            dc
        });
    }
    obs.sort_by_key(|o| o.t);

    let too_recent = c.date + Duration::days(onset(&classes).1) > ctx.span.to && next.is_none();
    if too_recent && c.kind != Kind::Stop {
        f.caveat(Caveat::TooRecent);
    }
    for m in members.iter().filter(|m| m.span != c.span) {
        f.confounded_with.push(id_of(spans, m));
        f.other_changes.push(describe(ctx, spans, m));
    }
    let confounded = !f.confounded_with.is_empty();
    if confounded {
        f.caveat(Caveat::CannotSeparate);
    }
    late_check(ctx, &mut f, &[&before, &after]);
    f.before = Some(before.clone());
    f.after = Some(after.clone());
    f.dechallenge = dechallenge;
    let mut d = Draft::new(f, obs, ctx, link_is_fall, tier_if_link);
    d.capped = confounded;
    season_check(ctx, &mut d, &before, &after);
    d
}

#[cfg(test)]
mod tests {
    use super::dose_mg;

    #[test]
    fn doses_are_read_in_mg() {
        assert_eq!(dose_mg("12.5 mg"), Some(12.5));
        assert_eq!(dose_mg("Lasix 40mg twice daily"), Some(40.0));
        assert_eq!(dose_mg("500 mcg"), Some(0.5));
        assert_eq!(dose_mg("1 g at night"), Some(1000.0));
        assert_eq!(dose_mg("2,5 mg"), Some(2.5));
        assert_eq!(dose_mg("one tablet"), None);
        assert_eq!(dose_mg("2 puffs"), None);
    }
}
