//! Conditions in the profile mapped to their cause, with what the diary shows; and the
//! overview of every documented cause (each one says what this diary shows about it).

use std::collections::BTreeMap;

use chrono::Datelike;

use super::medication::slug;
use super::{CauseOverview, Ctx, Evidence, Finding, FindingKind, Summary, Tier, Verdict};
use crate::domain::SymptomKind as S;
use crate::knowledge::{self, condition_causes, DrugClass};

/// Days in the period with each symptom ticked.
fn symptom_days(ctx: &Ctx) -> BTreeMap<S, Vec<Evidence>> {
    let mut out: BTreeMap<S, Vec<Evidence>> = BTreeMap::new();
    let days = &ctx.diary.days;
    let lo = days.partition_point(|d| d.date < ctx.period.from);
    let hi = days.partition_point(|d| d.date <= ctx.period.to);
    for d in &days[lo..hi] {
        for s in &d.symptoms {
            let v = out.entry(s.kind).or_default();
            if v.last().is_none_or(|e| e.date != d.date) {
                v.push(Evidence { date: d.date, symptom: s.kind.as_str().into(), side: s.side, detail: None });
            }
        }
    }
    out
}

fn symptoms_for(cause: &str) -> &'static [S] {
    match cause {
        "nerve_compression" => &[S::PainWhenWalking, S::NumbnessTingling, S::MuscleWeakness],
        "pad" => &[S::PainWhenWalking, S::ColdPaleLeg],
        "neuropathy" | "diabetes" => &[S::NumbnessTingling],
        "dvt" => &[S::CalfSwelling, S::LegWarmth, S::LegRedness, S::CalfTenderness, S::PersistentPain],
        "restless_legs" => &[S::UrgeToMoveLegs],
        "thyroid" => &[S::MuscleWeakness],
        _ => &[],
    }
}

fn symptom_words(k: S) -> String {
    crate::words::in_sentence(crate::words::symptom(k))
}

/// What the diary shows about symptoms linked to `cause`, in words.
fn symptom_text(cause: &str, days: &BTreeMap<S, Vec<Evidence>>) -> Option<String> {
    let kinds = symptoms_for(cause);
    if kinds.is_empty() {
        return None;
    }
    let parts: Vec<String> = kinds
        .iter()
        .filter_map(|k| {
            days.get(k)
                .map(|v| format!("{} on {} day{}", symptom_words(*k), v.len(), if v.len() == 1 { "" } else { "s" }))
        })
        .collect();
    Some(if parts.is_empty() {
        format!(
            "You have not ticked {} in this period.",
            kinds.iter().map(|k| symptom_words(*k)).collect::<Vec<_>>().join(" or ")
        )
    } else {
        format!("You ticked {}.", parts.join(", "))
    })
}

pub(crate) fn findings(ctx: &Ctx) -> Vec<Finding> {
    let days = symptom_days(ctx);
    let rate = rate_text(ctx);
    let mut out = Vec::new();
    for c in &ctx.diary.conditions {
        let causes = condition_causes(&c.name);
        if causes.is_empty() {
            let mut f = Finding::new(
                format!("condition:none:{}", slug(&c.name)),
                FindingKind::Condition,
                None,
                c.name.clone(),
                Tier::Info,
            );
            f.message = format!(
                "“{}” is in your profile. It is not one of the documented causes of night cramps in our list, so the analysis does not look at it further.",
                c.name
            );
            f.advice = "Nothing to do.".into();
            out.push(f);
            continue;
        }
        for cause in causes {
            let Some(k) = knowledge::cause(cause) else { continue };
            let mut f = Finding::new(
                format!("condition:{cause}:{}", slug(&c.name)),
                FindingKind::Condition,
                Some(cause),
                c.name.clone(),
                Tier::Info,
            );
            let mut shows = vec![rate.clone()];
            if let Some(t) = symptom_text(cause, &days) {
                shows.push(t);
            }
            if cause == "chemotherapy" {
                let on = ctx.meds.iter().any(|m| m.matched.has_class(DrugClass::Chemotherapy));
                shows.push(if on {
                    "Your medicine list includes chemotherapy; see the treatment-cycle finding.".into()
                } else {
                    "No chemotherapy medicine is in your list yet; adding each course lets the app compare cycles."
                        .into()
                });
            }
            for kind in symptoms_for(cause) {
                if let Some(v) = days.get(kind) {
                    f.evidence.extend(v.iter().rev().take(10).cloned());
                }
            }
            f.evidence.sort_by_key(|e| e.date);
            let since = c.since.map(|s| format!(" (since {})", ctx.style.date(s))).unwrap_or_default();
            f.message = format!(
                "“{}”{} in your profile is linked to night cramps ({}). {} What your diary shows: {}",
                c.name,
                since,
                k.name.to_lowercase(),
                k.explanation,
                shows.join(" ")
            );
            f.advice = format!(
                "Nothing urgent. It is worth mentioning your cramps when this condition is next reviewed. What tends to help: {}.",
                k.helps.join("; ").to_lowercase()
            );
            out.push(f);
        }
    }
    out
}

fn rate_text(ctx: &Ctx) -> String {
    let n = ctx.night_counts();
    let known = n.cramp + n.none;
    if known == 0 {
        "No nights with a known status are logged in this period.".into()
    } else {
        format!("Cramps on {} of {} logged nights ({:.1} a week).", n.cramp, known, n.cramp as f64 / known as f64 * 7.0)
    }
}

fn verdict_words(v: Option<Verdict>) -> &'static str {
    match v {
        Some(Verdict::LikelyLink) => "a likely link",
        Some(Verdict::PossibleLink) => "a possible link",
        Some(Verdict::NoClearLink) => "no clear link",
        Some(Verdict::NotEnoughData) => "not enough data yet",
        Some(Verdict::Inconclusive) => "inconclusive (too many missing nights)",
        None => "noted",
    }
}

pub(crate) fn overview(ctx: &Ctx, findings: &[Finding], summary: &Summary) -> Vec<CauseOverview> {
    let days = symptom_days(ctx);
    let kb = knowledge::knowledge();
    let in_profile = |cause: &str| -> Vec<&str> {
        ctx.diary
            .conditions
            .iter()
            .filter(|c| condition_causes(&c.name).contains(&cause))
            .map(|c| c.name.as_str())
            .collect()
    };
    let mut out = Vec::new();
    for k in &kb.causes {
        let id = k.id.as_str();
        let related: Vec<&Finding> =
            findings.iter().filter(|f| f.cause == Some(id) || f.classes.iter().any(|c| *c == id)).collect();
        let mut text: Vec<String> = Vec::new();
        let stat_words = |fs: &[&Finding]| -> Vec<String> {
            fs.iter()
                .filter(|f| f.verdict.is_some())
                .map(|f| format!("{}: {}", f.subject, verdict_words(f.verdict)))
                .collect()
        };
        match id {
            "aging" => {
                if let Some(y) = ctx.diary.profile.birth_year {
                    let age = ctx.today.year() - y;
                    text.push(format!("You are about {age}; night cramps become more common with age."));
                } else {
                    text.push("Add your birth year to the profile to see this.".into());
                }
                if let Some(r) = summary.cramp_nights_per_week {
                    text.push(format!("Your usual rate is {r:.1} cramp nights a week."));
                }
            }
            "muscle_fatigue" | "dehydration" | "chemotherapy" => {
                let w = stat_words(&related);
                if w.is_empty() {
                    text.push(match id {
                        "muscle_fatigue" => "No exertion logged yet.".into(),
                        "dehydration" => "No fluids logged yet.".into(),
                        _ => "No chemotherapy medicine in your list.".into(),
                    });
                } else {
                    text.push(format!("{}.", w.join("; ")));
                }
            }
            "electrolytes" => {
                let pointing: Vec<String> = findings
                    .iter()
                    .filter(|f| matches!(f.verdict, Some(Verdict::LikelyLink | Verdict::PossibleLink)))
                    .filter(|f| {
                        matches!(
                            f.kind,
                            FindingKind::MedicationStart | FindingKind::ChemotherapyCycles | FindingKind::Hydration
                        )
                    })
                    .map(|f| f.subject.clone())
                    .collect();
                text.push("A diary cannot measure magnesium, potassium or calcium.".into());
                if pointing.is_empty() {
                    text.push("No medicine or fluid finding points here at the moment.".into());
                } else {
                    text.push(format!(
                        "Findings that may act through these salts: {}. Ask whether a blood test makes sense.",
                        pointing.join(", ")
                    ));
                }
            }
            _ if k.onset.min_days.is_some() => {
                // A medication class.
                let meds: Vec<&str> = ctx
                    .meds
                    .iter()
                    .filter(|m| m.matched.classes.iter().any(|c| *c == id))
                    .map(|m| m.course.name.as_str())
                    .collect();
                if meds.is_empty() {
                    text.push("None of your listed medicines is in this group.".into());
                } else {
                    let mut names = meds.clone();
                    names.dedup();
                    text.push(format!("In your list: {}.", names.join(", ")));
                    let w = stat_words(&related);
                    if !w.is_empty() {
                        text.push(format!("{}.", w.join("; ")));
                    }
                }
            }
            _ => {
                let p = in_profile(id);
                if p.is_empty() {
                    text.push("Not in your profile.".into());
                } else {
                    text.push(format!("In your profile: {}.", p.join(", ")));
                }
                if let Some(t) = symptom_text(id, &days) {
                    text.push(t);
                }
            }
        }
        out.push(CauseOverview {
            id,
            name: k.name.as_str(),
            evidence: k.evidence.as_str(),
            explanation: k.explanation.as_str(),
            your_diary: text.join(" "),
            findings: related.iter().map(|f| f.id.clone()).collect(),
        });
    }
    out
}
