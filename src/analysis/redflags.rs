//! Every red-flag rule of causes.md, by tier, and the two look-alikes (restless legs, the
//! PAD walking-pain pattern). Acute rules (emergency, urgent) count as current when their
//! latest evidence is within [`RECENT_DAYS`] of today; older ones are listed for the next
//! visit with `recent: false`. Each finding carries the dates and symptoms behind it.

use std::collections::BTreeMap;

use chrono::{Duration, NaiveDate};

use super::{Caveat, Ctx, Evidence, Finding, FindingKind, Tier, RECENT_DAYS};
use crate::domain::{Day, NightStatus, Relief, Side, SymptomKind as S};
use crate::knowledge::condition_causes;

/// Most evidence items kept per finding (the most recent).
const MAX_EVIDENCE: usize = 30;
/// Nights looked at for "cramps on most nights / disturbing sleep".
const FREQUENT_WINDOW_DAYS: i64 = 28;
/// Known nights needed in that window.
const FREQUENT_MIN_KNOWN: u32 = 14;
/// Sleep disturbance (0–10) that counts as high.
const HIGH_SLEEP_DISTURBANCE: u8 = 6;
/// Nights with high disturbance in the window that raise the flag.
const HIGH_SLEEP_NIGHTS: usize = 3;
/// Days after the last dose during which magnesium-wasting chemotherapy still counts.
const CHEMO_PERSIST_DAYS: i64 = 90;

struct Rule {
    id: &'static str,
    kind: FindingKind,
    cause: Option<&'static str>,
    tier: Tier,
    subject: &'static str,
}

const LEG_AND_CHEST: Rule = Rule {
    id: "leg_and_chest",
    kind: FindingKind::RedFlag,
    cause: Some("dvt"),
    tier: Tier::Emergency,
    subject: "Leg pain or swelling with breathlessness or chest pain",
};
const COLD_PALE_LEG: Rule = Rule {
    id: "cold_pale_leg",
    kind: FindingKind::RedFlag,
    cause: Some("pad"),
    tier: Tier::Emergency,
    subject: "A cold, pale or painful leg",
};
const CAUDA_EQUINA: Rule = Rule {
    id: "saddle_bladder_or_both_legs_weak",
    kind: FindingKind::RedFlag,
    cause: Some("nerve_compression"),
    tier: Tier::Emergency,
    subject: "Numbness around the groin or buttocks, bladder or bowel change, or weakness in both legs",
};
const BREATHLESS: Rule = Rule {
    id: "breathlessness_or_chest_pain",
    kind: FindingKind::RedFlag,
    cause: None,
    tier: Tier::Urgent,
    subject: "Breathlessness or chest pain",
};
const DVT_SIGNS: Rule = Rule {
    id: "dvt_signs",
    kind: FindingKind::RedFlag,
    cause: Some("dvt"),
    tier: Tier::Urgent,
    subject: "Swelling, warmth, redness or tenderness of one calf, or pain that stays",
};
const LONG_CRAMP: Rule = Rule {
    id: "long_cramp",
    kind: FindingKind::RedFlag,
    cause: None,
    tier: Tier::Urgent,
    subject: "A cramp lasting more than 10 minutes that stretching did not ease",
};
const CHEMO: Rule = Rule {
    id: "magnesium_wasting_treatment",
    kind: FindingKind::RedFlag,
    cause: Some("chemotherapy"),
    tier: Tier::Urgent,
    subject: "Cramps, tingling or weakness during a treatment that can lower magnesium",
};
const DENOSUMAB: Rule = Rule {
    id: "denosumab_with_kidney_disease",
    kind: FindingKind::RedFlag,
    cause: Some("osteoporosis_other"),
    tier: Tier::Urgent,
    subject: "Cramps, tingling or weakness on denosumab with kidney disease",
};
const FREQUENT: Rule = Rule {
    id: "frequent_or_disturbing",
    kind: FindingKind::RedFlag,
    cause: None,
    tier: Tier::NextVisit,
    subject: "Cramps on most nights or disturbing sleep",
};
const NUMBNESS: Rule = Rule {
    id: "numbness",
    kind: FindingKind::RedFlag,
    cause: Some("neuropathy"),
    tier: Tier::NextVisit,
    subject: "Numbness, tingling or burning",
};
const WEAKNESS: Rule = Rule {
    id: "muscle_weakness",
    kind: FindingKind::RedFlag,
    cause: None,
    tier: Tier::NextVisit,
    subject: "Muscle weakness or wasting",
};
const BOTH_LEGS_SWOLLEN: Rule = Rule {
    id: "both_legs_swollen",
    kind: FindingKind::RedFlag,
    cause: None,
    tier: Tier::NextVisit,
    subject: "Swelling or redness of both legs",
};
const PAD_PATTERN: Rule = Rule {
    id: "pad",
    kind: FindingKind::LookAlike,
    cause: Some("pad"),
    tier: Tier::NextVisit,
    subject: "Calf pain when walking",
};
const RLS_PATTERN: Rule = Rule {
    id: "restless_legs",
    kind: FindingKind::LookAlike,
    cause: Some("restless_legs"),
    tier: Tier::NextVisit,
    subject: "An urge to move the legs",
};

/// The rules in table order (for documentation and tests).
pub const RULE_IDS: &[&str] = &[
    "leg_and_chest",
    "cold_pale_leg",
    "saddle_bladder_or_both_legs_weak",
    "breathlessness_or_chest_pain",
    "dvt_signs",
    "long_cramp",
    "magnesium_wasting_treatment",
    "denosumab_with_kidney_disease",
    "frequent_or_disturbing",
    "numbness",
    "muscle_weakness",
    "both_legs_swollen",
    "pad",
    "restless_legs",
];

fn leg_sign(k: S) -> bool {
    matches!(k, S::CalfSwelling | S::LegRedness | S::LegWarmth | S::CalfTenderness | S::PersistentPain)
}

fn ev(date: NaiveDate, symptom: &str, side: Option<Side>, detail: Option<String>) -> Evidence {
    Evidence { date, symptom: symptom.to_string(), side, detail }
}

fn note_alarm(text: &str) -> Option<&'static str> {
    let t = text.to_lowercase();
    ["palpitation", "confus", "twitch", "spasm", "tingl"].into_iter().find(|w| t.contains(w))
}

pub(crate) fn findings(ctx: &Ctx, from: NaiveDate, to: NaiveDate) -> Vec<Finding> {
    let today = ctx.today;
    let to = to.min(today);
    let diary = ctx.diary;
    let mut hits: BTreeMap<&'static str, (&'static Rule, Vec<Evidence>)> = BTreeMap::new();
    let mut add = |rule: &'static Rule, e: Evidence| {
        hits.entry(rule.id).or_insert_with(|| (rule, Vec::new())).1.push(e);
    };

    let lo = diary.days.partition_point(|d| d.date < from);
    let hi = diary.days.partition_point(|d| d.date <= to);
    let days: &[Day] = &diary.days[lo..hi];
    let has_leg_sign = |d: NaiveDate| diary.day(d).is_some_and(|day| day.symptoms.iter().any(|s| leg_sign(s.kind)));

    // Medicines that matter to red flags.
    let clot_risk: Vec<usize> = (0..ctx.meds.len()).filter(|&i| ctx.meds[i].matched.has_tag("clot_risk")).collect();
    let mg_wasting: Vec<usize> =
        (0..ctx.meds.len()).filter(|&i| ctx.meds[i].matched.has_tag("magnesium_wasting")).collect();
    let kidney = diary.conditions.iter().any(|c| condition_causes(&c.name).contains(&"kidney_disease"));
    let denosumab: Vec<usize> = if kidney {
        (0..ctx.meds.len()).filter(|&i| ctx.meds[i].matched.has_tag("low_calcium")).collect()
    } else {
        Vec::new()
    };
    let on = |list: &[usize], d: NaiveDate, persist: i64| -> Option<String> {
        list.iter()
            .map(|&i| ctx.meds[i].course)
            .find(|c| c.started <= d && c.stopped.is_none_or(|s| d <= s + Duration::days(persist)))
            .map(|c| c.name.clone())
    };
    let mut raised_by: Option<String> = None;

    for day in days {
        let d = day.date;
        for s in &day.symptoms {
            let side = s.side;
            let name = s.kind.as_str();
            match s.kind {
                S::BreathlessnessOrChestPain => {
                    let leg = (-1..=1).any(|k| has_leg_sign(d + Duration::days(k)));
                    if leg {
                        add(&LEG_AND_CHEST, ev(d, name, side, None));
                    } else {
                        add(&BREATHLESS, ev(d, name, side, None));
                    }
                }
                S::ColdPaleLeg => add(&COLD_PALE_LEG, ev(d, name, side, None)),
                S::SaddleNumbnessOrBladderChange => add(&CAUDA_EQUINA, ev(d, name, side, None)),
                S::MuscleWeakness if side == Some(Side::Both) => add(&CAUDA_EQUINA, ev(d, name, side, None)),
                S::MuscleWeakness => add(&WEAKNESS, ev(d, name, side, None)),
                S::CalfSwelling | S::LegRedness | S::LegWarmth | S::CalfTenderness if side == Some(Side::Both) => {
                    add(&BOTH_LEGS_SWOLLEN, ev(d, name, side, None))
                }
                S::CalfSwelling | S::LegRedness | S::LegWarmth | S::CalfTenderness | S::PersistentPain => {
                    let leg_chest = (-1..=1).any(|k| {
                        diary
                            .day(d + Duration::days(k))
                            .is_some_and(|x| x.symptoms.iter().any(|s| s.kind == S::BreathlessnessOrChestPain))
                    });
                    if leg_chest {
                        add(&LEG_AND_CHEST, ev(d, name, side, None));
                    }
                    if let Some(m) = on(&clot_risk, d, 0) {
                        raised_by = Some(m.clone());
                        add(&DVT_SIGNS, ev(d, name, side, Some(format!("while taking {m}"))));
                    } else {
                        add(&DVT_SIGNS, ev(d, name, side, None));
                    }
                }
                S::CrampOver10Min => add(&LONG_CRAMP, ev(d, name, side, None)),
                S::PainWhenWalking => add(&PAD_PATTERN, ev(d, name, side, None)),
                S::NumbnessTingling => add(&NUMBNESS, ev(d, name, side, None)),
                S::UrgeToMoveLegs => add(&RLS_PATTERN, ev(d, name, side, None)),
            }
            // Treatments that waste magnesium (or denosumab with kidney disease).
            if matches!(s.kind, S::NumbnessTingling | S::MuscleWeakness | S::CrampOver10Min) {
                if let Some(m) = on(&mg_wasting, d, CHEMO_PERSIST_DAYS) {
                    add(&CHEMO, ev(d, name, side, Some(format!("on {m}"))));
                }
                if let Some(m) = on(&denosumab, d, 180) {
                    add(&DENOSUMAB, ev(d, name, side, Some(format!("on {m}"))));
                }
            }
        }
    }

    let nlo = diary.nights.partition_point(|n| n.date < from);
    let nhi = diary.nights.partition_point(|n| n.date <= to);
    for n in &diary.nights[nlo..nhi] {
        let d = n.date;
        for e in &n.episodes {
            if e.duration_min.is_some_and(|m| m > 10.0) && !e.relieved_by.contains(&Relief::Stretching) {
                let detail = format!("{} min, not eased by stretching", e.duration_min.unwrap_or_default());
                add(&LONG_CRAMP, ev(d, "episode_over_10_min", e.side, Some(detail)));
            }
        }
        let alarm = note_alarm(&n.notes);
        if n.status == NightStatus::Cramps || alarm.is_some() {
            let what = if n.status == NightStatus::Cramps { "cramp_night" } else { "note" };
            let detail = |m: String| Some(alarm.map_or(format!("on {m}"), |a| format!("on {m}; note mentions '{a}'")));
            if let Some(m) = on(&mg_wasting, d, CHEMO_PERSIST_DAYS) {
                add(&CHEMO, ev(d, what, None, detail(m)));
            }
            if let Some(m) = on(&denosumab, d, 180) {
                add(&DENOSUMAB, ev(d, what, None, detail(m)));
            }
        }
    }

    // Cramps on most nights, or disturbing sleep, in the last four weeks.
    let wfrom = to - Duration::days(FREQUENT_WINDOW_DAYS - 1);
    let flo = diary.nights.partition_point(|n| n.date < wfrom);
    let recent_nights = &diary.nights[flo..nhi.max(flo)];
    let known = recent_nights.iter().filter(|n| n.status != NightStatus::Unknown).count() as u32;
    let cramp: Vec<_> = recent_nights.iter().filter(|n| n.status == NightStatus::Cramps).collect();
    let disturbed: Vec<_> =
        cramp.iter().filter(|n| n.sleep_disturbance.is_some_and(|s| s >= HIGH_SLEEP_DISTURBANCE)).collect();
    let most = known >= FREQUENT_MIN_KNOWN && cramp.len() as u32 * 2 > known;
    if most || disturbed.len() >= HIGH_SLEEP_NIGHTS {
        for n in &cramp {
            let detail = n.sleep_disturbance.map(|s| format!("sleep disturbance {s}/10"));
            add(&FREQUENT, ev(n.date, "cramp_night", None, detail));
        }
    }

    let recent_from = today - Duration::days(RECENT_DAYS - 1);
    let mut out = Vec::new();
    for (_, (rule, mut evidence)) in hits {
        evidence.sort_by_key(|e| e.date);
        evidence.dedup();
        let first = evidence[0].date;
        let last = evidence.last().unwrap().date;
        let prefix = if rule.kind == FindingKind::LookAlike { "look_alike" } else { "red_flag" };
        let mut f = Finding::new(
            format!("{prefix}:{}:{first}", rule.id),
            rule.kind,
            rule.cause,
            rule.subject.to_string(),
            rule.tier,
        );
        if matches!(rule.tier, Tier::Emergency | Tier::Urgent) {
            let recent = last >= recent_from;
            f.recent = Some(recent);
            if !recent {
                f.tier = Tier::NextVisit;
            }
        }
        if rule.id == DVT_SIGNS.id || rule.id == LEG_AND_CHEST.id {
            f.raised_by = raised_by
                .clone()
                .filter(|_| evidence.iter().any(|e| e.detail.is_some()) || rule.id == LEG_AND_CHEST.id);
            if f.raised_by.is_some() {
                f.caveat(Caveat::HigherPriorityClotRiskMedicine);
            }
        }
        if evidence.len() > MAX_EVIDENCE {
            evidence.drain(..evidence.len() - MAX_EVIDENCE);
        }
        f.evidence = evidence;
        out.push(f);
    }
    out
}
