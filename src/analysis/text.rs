//! Plain words: the message and advice of each finding, and the CLI's text rendering.
//! Association, never diagnosis; never "stop your medicine".

use std::fmt::Write;

use super::{Analysis, Caveat, Event, Finding, FindingKind, Measure, Tier, Verdict, Window, MIN_NIGHTS_PER_GROUP};
use crate::knowledge::{self, DrugClass};
use crate::locale::DateStyle;

/// Never stop a prescribed medicine on your own: said with every medication finding.
pub const DONT_STOP: &str = "Please don't stop or change a prescribed medicine on your own.";

/// Numbers as every finding shows them: 2 decimals under 10, none from 10.
pub(crate) fn num(x: Option<f64>) -> String {
    match x {
        Some(v) if v.is_finite() => {
            if v >= 10.0 {
                format!("{v:.0}")
            } else if v == 0.0 {
                "0".into()
            } else {
                format!("{v:.2}")
            }
        }
        _ => "no upper limit".into(),
    }
}

fn rate_ratio_words(f: &Finding) -> String {
    let Some(rr) = f.rate_ratio else {
        return match (f.ci_low, f.ci_high) {
            (Some(lo), _) if lo > 0.0 => format!(
                "The rate ratio cannot be estimated (no cramps in the comparison nights); it is at least {}.",
                num(Some(lo))
            ),
            _ => String::new(),
        };
    };
    let level = f.ci_level.unwrap_or(0.95);
    let pct = (level * 100.0 * 10.0).round() / 10.0;
    let adj = if level > 0.95 + 1e-9 { ", widened for the number of comparisons" } else { "" };
    format!("That is {} times the rate ({pct}% interval {} to {}{adj}).", num(Some(rr)), num(f.ci_low), num(f.ci_high))
}

fn window_words(w: &Window, style: DateStyle) -> String {
    let missing = w.missing_nights + w.unknown_nights;
    let miss = match missing {
        0 => String::new(),
        1 => "; 1 night missing or unknown".to_string(),
        n => format!("; {n} nights missing or unknown"),
    };
    if w.logged_nights == 0 {
        return format!("{} to {}: no nights with a known status logged{miss}", style.date(w.from), style.date(w.to));
    }
    format!(
        "{} to {}: cramps on {} of {} logged nights ({} a week{miss})",
        style.date(w.from),
        style.date(w.to),
        w.cramp_nights,
        w.logged_nights,
        w.cramp_nights_per_week.map_or("no rate".into(), |r| format!("{r:.1}"))
    )
}

fn verdict_sentence(f: &Finding, link: &str, rise: &str) -> String {
    if f.caveats.contains(&Caveat::StartedBeforeDiary) {
        return String::new();
    }
    match f.verdict {
        Some(Verdict::LikelyLink) => format!("Your diary shows a likely link: {link}."),
        Some(Verdict::PossibleLink)
            if (f.ci_low.is_some_and(|l| l > 1.0) || f.ci_high.is_some_and(|h| h < 1.0))
                && f.caveats.iter().any(|c| matches!(c, Caveat::CannotSeparate | Caveat::SeasonNotSeparable)) =>
        {
            format!("Your diary shows a change ({rise}) that is unlikely to be chance, but it cannot be put down to this change alone (see below).")
        }
        Some(Verdict::PossibleLink) if f.ci_low.is_some_and(|l| l > 1.0) || f.ci_high.is_some_and(|h| h < 1.0) => {
            format!("Your diary shows a small change ({rise}) that is unlikely to be chance, but too small to matter much.")
        }
        Some(Verdict::PossibleLink) => format!("Your diary hints at a link ({rise}), but the numbers could still be chance."),
        Some(Verdict::NoClearLink) => "Your diary shows no clear link.".into(),
        Some(Verdict::NotEnoughData) => format!(
            "There is not enough data to tell yet: each side needs at least {MIN_NIGHTS_PER_GROUP} logged nights and enough cramp nights to see a doubling. Keep logging."
        ),
        Some(Verdict::Inconclusive) => "Too many nights are missing to tell: filling them in the two opposite ways (missing nights after as cramp-free and before as cramp nights, and the reverse) gives different answers.".into(),
        None => String::new(),
    }
}

/// The month a window is centred on, in words.
fn month_of(w: &Window) -> &'static str {
    use chrono::Datelike;
    crate::locale::MONTHS[super::midpoint(w.from, w.to).month0() as usize]
}

/// Under a year of diary and windows in different seasons: what this diary shows.
fn season_words(f: &Finding) -> String {
    let (Some(b), Some(a)) = (f.before.as_ref(), f.after.as_ref()) else { return String::new() };
    let dir = match (b.cramp_nights_per_week, a.cramp_nights_per_week) {
        (Some(x), Some(y)) if y > x => "more",
        (Some(x), Some(y)) if y < x => "fewer",
        _ => "about as many",
    };
    format!(
        "The nights before fall around {} and the nights after around {}, and your diary does not yet cover a whole year, so it cannot tell this change apart from the change of season: in your diary, cramps were {dir} around {} than around {}.",
        month_of(b),
        month_of(a),
        month_of(a),
        month_of(b)
    )
}

/// Why a finding is only a hint: an undocumented medicine, a dose change whose direction the
/// dose text does not give, or a comparison outside the main questions (fluids, exertion).
fn exploratory_words(f: &Finding) -> &'static str {
    let medicine = matches!(f.kind, FindingKind::MedicationStart | FindingKind::MedicationStop);
    let documented = f.classes.iter().any(|c| *c != DrugClass::OtherDrug);
    match (medicine, documented) {
        (true, false) => "This medicine is not one of the documented causes, so treat it as a hint.",
        (true, true) => "The dose text does not say whether this was a rise or a cut, so treat it as a hint.",
        (false, _) => "This is a side question, not one of the main questions the analysis asks about medicines, so treat it as a hint.",
    }
}

fn caveat_words(f: &Finding) -> Vec<String> {
    let mut out = Vec::new();
    for c in f.caveats.iter() {
        out.push(match c {
            Caveat::CannotSeparate => format!("Another change came within the time this medicine takes to act ({}): your diary cannot tell which of them made the difference, so neither is credited on its own.", f.other_changes.join("; ")),
            Caveat::SeasonNotSeparable => season_words(f),
            Caveat::SeasonAdjusted => "Your diary covers a year or more, so this is compared with your own usual pattern for that time of year.".into(),
            Caveat::ClusteredNights => {
                let d = f.dispersion.unwrap_or(1.0);
                format!("Your cramp nights come in runs, so each night tells less than it seems; the interval allows for that (about {d:.1} times the spread of independent nights).")
            }
            Caveat::StartedBeforeDiary => "Not enough data: it was started before your diary began, so there are no nights from before it to compare with.".into(),
            Caveat::RegressionToMean => "Fewer cramps after a change can happen anyway: people often start something when cramps are at their worst, and bad spells tend to ease by themselves.".into(),
            Caveat::TooRecent => "It started recently, and this kind of effect can take longer to show.".into(),
            Caveat::LowCompleteness => "Fewer than half of the nights in one of the periods were logged.".into(),
            Caveat::LateBackfill => "Many of these nights were filled in days later, which makes them less exact.".into(),
            Caveat::Exploratory => exploratory_words(f).into(),
            Caveat::NegativeControlAlsoLinked => "A check that should show nothing (the day after the night, allowing for the day itself) shows a link too, so this link is probably the other way round or due to something else, such as illness or heat.".into(),
            Caveat::HigherPriorityClotRiskMedicine => "This matters more because you take a medicine that raises the chance of a clot.".into(),
        });
    }
    out.retain(|s| !s.is_empty());
    out
}

/// The measure, the dechallenge and the missing-night bound, in words.
fn reasoning_words(f: &Finding, style: DateStyle) -> Vec<String> {
    let mut out = Vec::new();
    if f.measure == Some(Measure::Episodes) {
        if let Some(e) = &f.episodes {
            out.push(format!(
                "Most of your nights already had cramps, so this compares the number of cramps a night instead: {} times as many after (interval {} to {}).",
                num(e.rate_ratio),
                num(e.ci_low),
                num(e.ci_high)
            ));
        }
    }
    // (what happened, the nights after it, the nights before it, agrees, unclear, disagrees)
    let stopped = (
        "You stopped it on",
        "Off it",
        "while taking it",
        "Starting and stopping point the same way, which is the strongest sign a diary can give.",
        "Stopping shows no clear change either way, so it neither supports nor weakens a link.",
        "Starting and stopping do not point the same way, which makes a link less likely.",
    );
    let restarted = (
        "You started it again on",
        "Back on it",
        "while off it",
        "Starting it again went the same way as starting it the first time.",
        "Starting it again shows no clear change either way.",
        "Starting it again did not go the way starting it the first time did.",
    );
    let restart = f.dechallenge.as_ref().and_then(|dc| dc.restart.as_deref());
    for (dc, (done, after, before, agrees, unclear, disagrees)) in
        [(f.dechallenge.as_ref(), stopped), (restart, restarted)].into_iter().filter_map(|(d, w)| Some((d?, w)))
    {
        out.push(format!(
            "{done} {}. {after}, you had cramps on {} of {} logged nights, against {} of {} {before} (rate ratio {}, 95% interval {} to {}). {}",
            style.date(dc.date),
            dc.after.cramp_nights,
            dc.after.logged_nights,
            dc.before.cramp_nights,
            dc.before.logged_nights,
            num(dc.rate_ratio),
            num(dc.ci_low),
            num(dc.ci_high),
            match (dc.agrees, super::clear_direction(dc.ci_low, dc.ci_high)) {
                (true, _) => agrees,
                (false, None) => unclear,
                (false, Some(_)) => disagrees,
            }
        ));
    }
    if let Some(s) = f.sensitivity.as_ref().filter(|s| s.flips) {
        out.push(format!(
            "Counting the missing nights the two opposite ways gives rate ratios from {} to {}, which changes the answer.",
            num(s.missing_as_none.rate_ratio),
            num(s.missing_as_cramps.rate_ratio)
        ));
    }
    out
}

fn helps(cause: Option<&str>) -> String {
    cause
        .and_then(knowledge::cause)
        .map(|k| format!(" What tends to help: {}.", k.helps.join("; ").to_lowercase()))
        .unwrap_or_default()
}

fn explanation(cause: Option<&str>) -> String {
    cause.and_then(knowledge::cause).map(|k| format!(" {}", k.explanation)).unwrap_or_default()
}

/// Fill `message` and `advice` from the finding's own fields, with dates written in `style`.
pub(crate) fn fill_message(f: &mut Finding, style: DateStyle) {
    let link = matches!(f.verdict, Some(Verdict::LikelyLink | Verdict::PossibleLink));
    let mut m = String::new();
    match f.kind {
        FindingKind::MedicationStart | FindingKind::MedicationStop => {
            let stop = f.kind == FindingKind::MedicationStop;
            let (b, a) = (f.before.as_ref(), f.after.as_ref());
            let date = f.event_date.map(|d| style.date(d)).unwrap_or_default();
            let _ = match f.event {
                Some(Event::DoseChange) => write!(m, "You started a new dose of {} on {date}.", f.subject),
                Some(Event::Stop) => write!(m, "You stopped {} on {date} (your last day taking it).", f.subject),
                _ => write!(m, "You started {} on {date}.", f.subject),
            };
            if let (Some(b), Some(a)) = (b, a) {
                let _ = write!(m, " Before, {}. After, {}.", window_words(b, style), window_words(a, style));
            }
            let r = rate_ratio_words(f);
            if !r.is_empty() {
                let _ = write!(m, " {r}");
            }
            let (lk, rise) = if stop {
                ("your cramps eased after stopping it", "fewer cramps after stopping")
            } else {
                ("your cramps rose after it", "more cramps after it")
            };
            let _ = write!(m, " {}", verdict_sentence(f, lk, rise));
            match f.cause {
                Some(c) => {
                    if let Some(k) = knowledge::cause(c) {
                        let _ = write!(
                            m,
                            " {} is one of the {}, a documented cause of cramps ({}).",
                            f.subject,
                            k.name.to_lowercase(),
                            k.evidence_note.trim_end_matches('.')
                        );
                        if link {
                            let _ = write!(m, "{}", explanation(Some(c)));
                        }
                    }
                }
                None => {
                    let _ = write!(m, " {} is not a medicine known to cause cramps, so any change may be chance or due to something else.", f.subject);
                }
            }
            f.advice = if link && !stop && f.cause.is_some() {
                format!("Mention this to your prescriber at your next visit and ask whether the dose or an alternative might suit you better. {DONT_STOP}{}", helps(f.cause))
            } else if link {
                format!("You may want to mention it at your next visit. {DONT_STOP}")
            } else {
                format!("Nothing to do for now; keep logging. {DONT_STOP}")
            };
        }
        FindingKind::ChemotherapyCycles => {
            let _ = write!(
                m,
                "{}: {} treatment cycle{} from {}.",
                f.subject,
                f.cycles.len(),
                if f.cycles.len() == 1 { "" } else { "s" },
                f.event_date.map(|d| style.date(d)).unwrap_or_default()
            );
            if let (Some(b), Some(a)) = (f.before.as_ref(), f.after.as_ref()) {
                let _ = write!(
                    m,
                    " Before treatment, {}. During treatment, {}.",
                    window_words(b, style),
                    window_words(a, style)
                );
            }
            let r = rate_ratio_words(f);
            if !r.is_empty() {
                let _ = write!(m, " {r}");
            }
            let _ = write!(
                m,
                " {}",
                verdict_sentence(f, "your cramps rose during treatment", "more cramps during treatment")
            );
            for c in &f.checks {
                let _ = write!(
                    m,
                    " In {} you had cramps on {} of {} logged nights, against {} of {} in {} (rate ratio {}, 95% interval {} to {}).",
                    c.exposed.label, c.exposed.cramp_nights, c.exposed.logged_nights, c.reference.cramp_nights, c.reference.logged_nights, c.reference.label,
                    num(c.rate_ratio), num(c.ci_low), num(c.ci_high)
                );
            }
            let _ = write!(m, "{}", explanation(Some("chemotherapy")));
            f.advice = if link {
                format!("Tell your oncology team about the cramps; they can check your magnesium. {DONT_STOP}")
            } else {
                "Keep telling your oncology team about any cramps, tingling or twitching.".into()
            };
        }
        FindingKind::Hydration | FindingKind::Exertion => {
            let (label, cause) = if f.kind == FindingKind::Hydration {
                ("low-fluid days", "dehydration")
            } else {
                ("high-exertion days", "muscle_fatigue")
            };
            if let (Some(e), Some(r)) = (f.exposed.as_ref(), f.reference.as_ref()) {
                let pct = |y: u32, n: u32| {
                    if n == 0 {
                        "–".to_string()
                    } else {
                        format!("{:.0}%", y as f64 / n as f64 * 100.0)
                    }
                };
                let _ = write!(
                    m,
                    "After {label} ({}), you had cramps on {} of {} logged nights ({}); after other days, on {} of {} ({}).",
                    f.rule.clone().unwrap_or_default(),
                    e.cramp_nights, e.logged_nights, pct(e.cramp_nights, e.logged_nights),
                    r.cramp_nights, r.logged_nights, pct(r.cramp_nights, r.logged_nights)
                );
            }
            let r = rate_ratio_words(f);
            if !r.is_empty() {
                let _ = write!(m, " {r}");
            }
            let _ = write!(
                m,
                " {}",
                verdict_sentence(f, &format!("more cramps after {label}"), &format!("more cramps after {label}"))
            );
            if let Some(c) = f.checks.first() {
                let _ = write!(
                    m,
                    " Check: {} gives a rate ratio of {} (95% interval {} to {}).",
                    c.label,
                    num(c.rate_ratio),
                    num(c.ci_low),
                    num(c.ci_high)
                );
            }
            if link {
                let _ = write!(m, "{}", explanation(Some(cause)));
            }
            f.advice = if link {
                format!("Nothing urgent.{}", helps(Some(cause)))
            } else {
                "Nothing to do; keep logging.".into()
            };
        }
        FindingKind::Trend => {
            let dir = match (f.ci_low, f.ci_high) {
                (Some(l), _) if l > 1.0 => "rising",
                (_, Some(h)) if h < 1.0 => "falling",
                _ => "steady (no clear change)",
            };
            let _ = write!(
                m,
                "Over this period your cramp nights are {dir}: {} times per 90 days (95% interval {} to {}).",
                num(f.rate_ratio),
                num(f.ci_low),
                num(f.ci_high)
            );
            f.advice = if dir == "rising" {
                "Worth mentioning at your next visit if it keeps rising.".into()
            } else {
                "Nothing to do.".into()
            };
        }
        FindingKind::RedFlag | FindingKind::LookAlike => {
            red_flag_message(f, &mut m, style);
        }
        FindingKind::Condition => {}
    }
    if !matches!(f.kind, FindingKind::RedFlag | FindingKind::LookAlike) {
        let more: Vec<String> = reasoning_words(f, style).into_iter().chain(caveat_words(f)).collect();
        if !more.is_empty() {
            let _ = write!(m, " {}", more.join(" "));
        }
    }
    if f.message.is_empty() {
        f.message = m.trim().to_string();
    }
}

fn red_flag_message(f: &mut Finding, m: &mut String, style: DateStyle) {
    let rule = f.id.split(':').nth(1).unwrap_or("");
    let dates: Vec<String> = {
        let mut d: Vec<String> = f.evidence.iter().map(|e| style.date(e.date)).collect();
        d.dedup();
        d
    };
    let shown = if dates.len() > 5 {
        format!("{} days, most recently {}", dates.len(), dates[dates.len() - 5..].join(", "))
    } else {
        dates.join(", ")
    };
    let what = match rule {
        "leg_and_chest" => "You noted leg pain or swelling together with breathlessness or chest pain. This can be a sign of a blood clot that has moved to the lungs.",
        "cold_pale_leg" => "You noted a cold, pale or painful leg. This can mean the blood supply to the leg is blocked.",
        "saddle_bladder_or_both_legs_weak" => "You noted numbness around the groin or buttocks, a bladder or bowel change, or weakness in both legs. These can mean the nerves at the base of the spine are pressed.",
        "breathlessness_or_chest_pain" => "You noted breathlessness or chest pain.",
        "dvt_signs" => "You noted swelling, warmth, redness or tenderness of one calf, or pain that stayed after a cramp. A blood clot in a leg vein (DVT) can look like this and needs checking the same day.",
        "long_cramp" => "You noted a cramp lasting more than 10 minutes that stretching did not ease. Ordinary night cramps usually pass within minutes.",
        "magnesium_wasting_treatment" => "You noted cramps, tingling, weakness or twitching while on a cancer treatment that can lower magnesium. Low magnesium can be treated, and your team will want to know.",
        "denosumab_with_kidney_disease" => "You noted cramps, tingling or weakness while on denosumab with kidney disease. This combination can lower calcium, which your team will want to check.",
        "frequent_or_disturbing" => "Your cramps have come on most nights, or have often disturbed your sleep, in the last four weeks.",
        "numbness" => "You noted numbness, tingling or burning. When it comes on gradually in the feet, it can point to nerve damage (neuropathy).",
        "muscle_weakness" => "You noted muscle weakness.",
        "both_legs_swollen" => "You noted swelling or redness of both legs.",
        "pad" => "You noted calf pain when walking. Pain on walking that rest relieves can be a sign of narrowed leg arteries (PAD), which is different from night cramps.",
        "restless_legs" => "You noted an urge to move your legs. If moving eases it and it is worse in the evening, this may be restless legs rather than cramps; it has its own treatments.",
        _ => "You noted a warning sign.",
    };
    let _ = write!(m, "{what} Noted on {shown}.");
    if let Some(r) = &f.raised_by {
        let _ = write!(m, " This matters more because you take {r}, which raises the chance of a clot.");
    }
    f.advice = match (f.tier, rule) {
        (Tier::Emergency, _) => "Call emergency services now.".into(),
        (Tier::Urgent, "magnesium_wasting_treatment" | "denosumab_with_kidney_disease") => "Contact your oncology or treating team today.".into(),
        (Tier::Urgent, "breathlessness_or_chest_pain") => "See a clinician today; call emergency services if it is severe or sudden.".into(),
        (Tier::Urgent, _) => "See a clinician today.".into(),
        (Tier::NextVisit, _) if f.recent == Some(false) => {
            "This was some time ago. If it is still happening or comes back, get it checked straight away; otherwise mention it at your next visit.".into()
        }
        (Tier::NextVisit, _) => "Mention this at your next visit.".into(),
        (Tier::Info, _) => "Nothing to do.".into(),
    };
}

fn tier_heading(t: Tier) -> String {
    match t {
        Tier::Emergency | Tier::Urgent => {
            format!("{}: {}", t.as_str().to_uppercase(), crate::words::in_sentence(crate::words::tier(t)))
        }
        _ => crate::words::tier(t).to_string(),
    }
}

/// The analysis as plain text for the CLI.
pub fn render_text(a: &Analysis) -> String {
    let mut s = String::new();
    let n = &a.nights;
    let _ = writeln!(s, "Cramp Diary analysis, {} to {}", a.period.from, a.period.to);
    for line in &a.safety {
        let _ = writeln!(s, "Safety: {line}");
    }
    let _ = writeln!(
        s,
        "Nights: {} in the period, {} logged ({:.0}% complete): {} with cramps, {} without, {} unknown.",
        n.calendar,
        n.logged,
        n.completeness * 100.0,
        n.cramp,
        n.none,
        n.unknown
    );
    let sm = &a.summary;
    let opt = |x: Option<f64>, unit: &str| x.map_or("–".to_string(), |v| format!("{v:.1}{unit}"));
    let _ = writeln!(
        s,
        "Cramp nights per week: {}. Episodes per cramp night: {}. Mean intensity: {}. Mean duration: {}. Mean sleep disturbance: {}.",
        opt(sm.cramp_nights_per_week, ""),
        opt(sm.episodes_per_cramp_night, ""),
        opt(sm.mean_intensity, "/10"),
        opt(sm.mean_duration_min, " min"),
        opt(sm.mean_sleep_disturbance, "/10")
    );
    if !sm.sides.is_empty() {
        let v: Vec<String> = sm.sides.iter().map(|(k, v)| format!("{k} {v}")).collect();
        let _ = writeln!(s, "Sides: {}.", v.join(", "));
    }
    if !sm.muscles.is_empty() {
        let v: Vec<String> = sm.muscles.iter().map(|(k, v)| format!("{k} {v}")).collect();
        let _ = writeln!(s, "Muscles: {}.", v.join(", "));
    }
    if let Some((h, c)) = sm.busiest_hour() {
        let _ = writeln!(s, "Most cramps started between {h:02}:00 and {h:02}:59 ({c}).");
    }
    let t = &sm.trend;
    match t.rate_ratio_per_90_days {
        Some(rr) => {
            let _ = writeln!(
                s,
                "Trend: {} ({} per 90 days, 95% interval {} to {}).",
                crate::words::in_sentence(crate::words::trend(t.direction)),
                num(Some(rr)),
                num(t.ci_low),
                num(t.ci_high)
            );
        }
        None => {
            let _ = writeln!(s, "Trend: not enough data.");
        }
    }
    let mut last_tier = None;
    for f in &a.findings {
        if last_tier != Some(f.tier) {
            let _ = writeln!(s, "\n== {} ==", tier_heading(f.tier));
            last_tier = Some(f.tier);
        }
        let verdict = f.verdict.map(|v| format!(" [{}]", v.as_str())).unwrap_or_default();
        let explo = if f.exploratory { " (exploratory)" } else { "" };
        let _ = writeln!(s, "\n* {}{verdict}{explo}", f.subject);
        let _ = writeln!(s, "  {}", f.message);
        if !f.advice.is_empty() {
            let _ = writeln!(s, "  What to do: {}", f.advice);
        }
    }
    if a.findings.is_empty() {
        let _ = writeln!(s, "\nNo findings yet. Keep logging your nights.");
    }
    let _ = writeln!(s, "\nThis shows associations in your own diary, not a diagnosis.");
    s
}
