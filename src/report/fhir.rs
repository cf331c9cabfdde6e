//! A FHIR R4 Bundle (`type: collection`) of the diary: one Patient (only what the user chose
//! to include), an Observation per logged night and per cramp episode, an Observation per
//! day with fluids logged, a MedicationStatement per course and a Condition per condition.
//!
//! Codes:
//! - Nights and episodes: SNOMED CT `449917004` "Cramp in lower limb" (finding); a night's
//!   value is `true`/`false` (cramps or not), `unknown` nights carry a `dataAbsentReason`,
//!   and a night lists its episodes in `hasMember`.
//!   Episode details without a standard code (intensity 0–10, side, muscle, what eased it)
//!   are components coded with text only.
//! - Daily fluids: LOINC `8999-5` "Fluid intake oral Estimated", in mL (UCUM `mL`), for the
//!   whole day (`effectivePeriod`): the user's own estimate of what they drank.
//! - Medicines and conditions are coded with text only (the diary keeps the name as written).
//!
//! Ids are stable: `urn:uuid:` names derived from the record's date and position, so two
//! exports of the same diary give the same ids.

use chrono::{DateTime, Duration, FixedOffset, NaiveDate, NaiveTime, Timelike};
use serde_json::{json, Value};

use crate::domain::{Diary, Episode, Night, NightStatus};

use super::{DateRange, PatientInfo};

/// SNOMED CT system URI.
pub const SNOMED: &str = "http://snomed.info/sct";
/// LOINC system URI.
pub const LOINC: &str = "http://loinc.org";
/// UCUM system URI.
pub const UCUM: &str = "http://unitsofmeasure.org";
/// SNOMED CT concept for a cramp in the leg.
pub const CRAMP_CODE: &str = "449917004";
/// Its display.
pub const CRAMP_DISPLAY: &str = "Cramp in lower limb";
/// LOINC code for oral fluid intake (estimated).
pub const FLUID_CODE: &str = "8999-5";
/// Its display.
pub const FLUID_DISPLAY: &str = "Fluid intake oral Estimated";

/// A stable UUID-shaped id (RFC 9562 version 8, "custom") from a name.
pub fn stable_uuid(name: &str) -> String {
    // Two FNV-1a 64-bit hashes with different offsets give 128 bits.
    let fnv = |seed: u64| {
        let mut h = seed;
        for b in name.bytes() {
            h ^= b as u64;
            h = h.wrapping_mul(0x100_0000_01b3);
        }
        h
    };
    let (a, b) = (fnv(0xcbf2_9ce4_8422_2325), fnv(0x84222325_cbf29ce4));
    let mut bytes = [0u8; 16];
    bytes[..8].copy_from_slice(&a.to_be_bytes());
    bytes[8..].copy_from_slice(&b.to_be_bytes());
    bytes[6] = (bytes[6] & 0x0f) | 0x80; // version 8
    bytes[8] = (bytes[8] & 0x3f) | 0x80; // RFC variant
    let h: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    format!("{}-{}-{}-{}-{}", &h[0..8], &h[8..12], &h[12..16], &h[16..20], &h[20..32])
}

fn urn(kind: &str, key: &str) -> String {
    format!("urn:uuid:{}", stable_uuid(&format!("cramp-diary/{kind}/{key}")))
}

fn text_code(text: &str) -> Value {
    json!({ "text": text })
}

fn cramp_code(text: &str) -> Value {
    json!({ "coding": [{ "system": SNOMED, "code": CRAMP_CODE, "display": CRAMP_DISPLAY }], "text": text })
}

fn survey_category() -> Value {
    json!([{ "coding": [{
        "system": "http://terminology.hl7.org/CodeSystem/observation-category",
        "code": "survey",
        "display": "Survey"
    }]}])
}

/// A FHIR instant: RFC 3339, with a leap second (23:59:60, which FHIR readers refuse) told
/// as the second before it.
fn instant(t: &DateTime<FixedOffset>) -> String {
    let t = t.with_nanosecond(t.nanosecond() % 1_000_000_000).unwrap_or(*t);
    t.to_rfc3339()
}

/// The moment an episode started: its clock time on the evening's date, or on the next
/// morning for times before noon. A FHIR dateTime with a time needs a UTC offset: the
/// night's logged offset is used when known, otherwise only the date is given.
fn episode_time(night: &Night, e: &Episode) -> Value {
    match e.time {
        Some(t) => {
            let date = if t.hour() < 12 { night.date + Duration::days(1) } else { night.date };
            let time = NaiveTime::from_hms_opt(t.hour() as u32, t.minute() as u32, 0).unwrap_or_default();
            match night.logged_at.map(|l| *l.offset()) {
                Some(off) => {
                    let dt = date.and_time(time).and_local_timezone(off).single();
                    dt.map_or(json!(date.to_string()), |d: DateTime<FixedOffset>| json!(d.to_rfc3339()))
                }
                None => json!(date.to_string()),
            }
        }
        None => json!(night.date.to_string()),
    }
}

/// The bundle for nights and days in `range` (medication courses overlapping it, every
/// condition). `generated` is the bundle's timestamp.
pub fn bundle(diary: &Diary, range: DateRange, patient: &PatientInfo, generated: DateTime<FixedOffset>) -> Value {
    let d = super::restrict(diary, range);
    let patient_url = urn("patient", "self");
    let subject = json!({ "reference": patient_url });
    let mut entries: Vec<Value> = Vec::new();

    let mut p = json!({ "resourceType": "Patient" });
    if let Some(name) = patient.name.as_deref().map(str::trim).filter(|n| !n.is_empty()) {
        p["name"] = json!([{ "text": name }]);
    }
    if let Some(b) = patient.birth_date {
        p["birthDate"] = json!(b.to_string());
    }
    entries.push(json!({ "fullUrl": patient_url, "resource": p }));

    for n in &d.nights {
        let key = n.date.to_string();
        let night_url = urn("night", &key);
        let mut members = Vec::new();
        for (i, e) in n.episodes.iter().enumerate() {
            let url = urn("episode", &format!("{key}/{i}"));
            members.push(json!({ "reference": url }));
            let mut comps = Vec::new();
            if let Some(m) = e.duration_min {
                comps.push(json!({
                    "code": text_code("Duration of the cramp"),
                    "valueQuantity": { "value": m, "unit": "min", "system": UCUM, "code": "min" }
                }));
            }
            if let Some(i) = e.intensity {
                comps.push(json!({ "code": text_code("Intensity, 0 (none) to 10 (worst)"), "valueInteger": i }));
            }
            if let Some(m) = e.muscle {
                comps.push(json!({ "code": text_code("Muscle"), "valueString": m.as_str() }));
            }
            if !e.relieved_by.is_empty() {
                let r: Vec<&str> = e.relieved_by.iter().map(|r| r.as_str()).collect();
                comps.push(json!({ "code": text_code("Eased by"), "valueString": r.join(", ") }));
            }
            if e.soreness_after {
                comps.push(json!({ "code": text_code("Sore afterwards"), "valueBoolean": true }));
            }
            let mut obs = json!({
                "resourceType": "Observation",
                "status": "final",
                "category": survey_category(),
                "code": cramp_code("Leg cramp episode (patient-recorded)"),
                "subject": subject,
                "effectiveDateTime": episode_time(n, e),
                "valueBoolean": true,
            });
            if let Some(side) = e.side {
                let where_ =
                    if side == crate::domain::Side::Both { "both legs".to_string() } else { format!("{side} leg") };
                obs["bodySite"] = text_code(&where_);
            }
            if !comps.is_empty() {
                obs["component"] = Value::Array(comps);
            }
            entries.push(json!({ "fullUrl": url, "resource": obs }));
        }
        let end = n.date + Duration::days(1);
        let mut obs = json!({
            "resourceType": "Observation",
            "status": "final",
            "category": survey_category(),
            "code": cramp_code("Night-time leg cramps on the night (patient-recorded)"),
            "subject": subject,
            "effectivePeriod": { "start": n.date.to_string(), "end": end.to_string() },
        });
        match n.status {
            NightStatus::Cramps => obs["valueBoolean"] = json!(true),
            NightStatus::None => obs["valueBoolean"] = json!(false),
            NightStatus::Unknown => {
                obs["dataAbsentReason"] = json!({ "coding": [{
                    "system": "http://terminology.hl7.org/CodeSystem/data-absent-reason",
                    "code": "unknown",
                    "display": "Unknown"
                }]});
            }
        }
        if let Some(sd) = n.sleep_disturbance {
            obs["component"] =
                json!([{ "code": text_code("Sleep disturbance, 0 (none) to 10 (worst)"), "valueInteger": sd }]);
        }
        if let Some(at) = n.logged_at {
            obs["issued"] = json!(instant(&at));
        }
        if !n.notes.is_empty() {
            obs["note"] = json!([{ "text": n.notes }]);
        }
        if !members.is_empty() {
            obs["hasMember"] = Value::Array(members);
        }
        entries.push(json!({ "fullUrl": night_url, "resource": obs }));
    }

    for day in d.days.iter().filter(|d| !d.fluids.is_empty()) {
        let key = day.date.to_string();
        let mut obs = json!({
            "resourceType": "Observation",
            "status": "final",
            "category": survey_category(),
            "code": {
                "coding": [{ "system": LOINC, "code": FLUID_CODE, "display": FLUID_DISPLAY }],
                "text": "Drinks over the day (patient-recorded)"
            },
            "subject": subject,
            "effectivePeriod": { "start": key, "end": key },
            "valueQuantity": { "value": day.total_ml(), "unit": "mL", "system": UCUM, "code": "mL" },
        });
        let kinds: Vec<String> = day
            .fluids
            .iter()
            .map(|f| {
                let ml = f.ml;
                match &f.brand {
                    Some(b) => format!("{} {ml} mL ({b})", f.kind),
                    None => format!("{} {ml} mL", f.kind),
                }
            })
            .collect();
        obs["note"] = json!([{ "text": kinds.join("; ") }]);
        entries.push(json!({ "fullUrl": urn("fluids", &key), "resource": obs }));
    }

    for (i, m) in d.medications.iter().enumerate() {
        let mut period = json!({ "start": m.started.to_string() });
        if let Some(s) = m.stopped {
            period["end"] = json!(s.to_string());
        }
        let mut ms = json!({
            "resourceType": "MedicationStatement",
            "status": if m.stopped.is_some() { "completed" } else { "active" },
            "medicationCodeableConcept": text_code(&m.name),
            "subject": subject,
            "effectivePeriod": period,
            "informationSource": subject,
        });
        if !m.dose.trim().is_empty() {
            ms["dosage"] = json!([{ "text": m.dose }]);
        }
        let classes = super::class_names(&m.name);
        let mut notes = Vec::new();
        if !classes.is_empty() {
            notes.push(json!({ "text": format!("Documented cause of cramps (class): {}", classes.join(", ")) }));
        }
        if !m.notes.is_empty() {
            notes.push(json!({ "text": m.notes }));
        }
        if !notes.is_empty() {
            ms["note"] = Value::Array(notes);
        }
        entries.push(json!({ "fullUrl": urn("medication", &format!("{}/{}/{i}", m.started, m.name)), "resource": ms }));
    }

    for (i, c) in d.conditions.iter().enumerate() {
        let mut cond = json!({
            "resourceType": "Condition",
            "clinicalStatus": { "coding": [{
                "system": "http://terminology.hl7.org/CodeSystem/condition-clinical",
                "code": "active"
            }]},
            "verificationStatus": { "coding": [{
                "system": "http://terminology.hl7.org/CodeSystem/condition-ver-status",
                "code": "unconfirmed"
            }]},
            "code": text_code(&c.name),
            "subject": subject,
            "note": [{ "text": "Reported by the patient in their diary." }],
        });
        if let Some(s) = c.since {
            cond["onsetDateTime"] = json!(s.to_string());
        }
        entries.push(json!({ "fullUrl": urn("condition", &format!("{}/{i}", c.name)), "resource": cond }));
    }

    for (i, t) in d.experiments.iter().enumerate() {
        experiment(&mut entries, &d, t, i, &subject, generated.date_naive());
    }

    json!({
        "resourceType": "Bundle",
        "type": "collection",
        "timestamp": instant(&generated),
        "meta": { "tag": [{ "display": "Patient-recorded diary (Cramp Diary); not a diagnosis" }] },
        "entry": entries,
    })
}

/// A self-experiment as a CarePlan (its blocks as activities) with an Observation of its
/// result and one per night whose adherence was recorded, each `basedOn` the CarePlan.
fn experiment(
    entries: &mut Vec<Value>,
    d: &Diary,
    t: &crate::trial::Trial,
    i: usize,
    subject: &Value,
    today: NaiveDate,
) {
    use crate::trial::{result::Status, Arm, Verdict};
    let plan = &t.design;
    let key = format!("{i}/{}/{}", plan.baseline_from, plan.seed);
    let plan_url = urn("experiment", &key);
    let r = crate::trial::analyze(d, t, today);
    let entry = plan.remedy.entry();
    let activity = |from: NaiveDate, to: NaiveDate, what: String, done: bool| {
        let status = if t.stopped_on.is_some_and(|s| s <= from) {
            "cancelled"
        } else if done {
            "completed"
        } else if from < today {
            "in-progress"
        } else {
            "scheduled"
        };
        json!({ "detail": {
            "status": status,
            "description": what,
            "scheduledPeriod": { "start": from.to_string(), "end": to.to_string() },
        }})
    };
    let mut activities = vec![activity(
        plan.baseline_from,
        plan.baseline_to(),
        "Baseline: nights as usual".into(),
        plan.baseline_to() < today,
    )];
    for b in plan.blocks() {
        let what = match b.arm {
            Arm::Remedy => format!("Pair {}, remedy block: {}", b.pair + 1, entry.tonight_remedy),
            Arm::Control => format!("Pair {}, control block: {}", b.pair + 1, entry.tonight_control),
        };
        activities.push(activity(b.from, b.to, what, b.to < today));
    }
    let status = match r.status {
        Status::Baseline | Status::Running => "active",
        Status::Finished => "completed",
        Status::StoppedEarly => "revoked",
    };
    let mut period = json!({ "start": plan.baseline_from.to_string(), "end": plan.end().to_string() });
    if let Some(s) = t.stopped_on {
        period["end"] = json!(s.to_string());
    }
    let result_url = urn("experiment-result", &key);
    entries.push(json!({ "fullUrl": plan_url, "resource": {
        "resourceType": "CarePlan",
        "status": status,
        "intent": "plan",
        "title": format!("Self-experiment (n-of-1 trial): {}", plan.remedy_label()),
        "description": format!(
            "A baseline of {} nights, then {} pairs of {}-night blocks, the order within each pair drawn from seed {} before the start. Rule stated in advance: probability at least {} of fewer cramp nights on the remedy and at least {} fewer a week.",
            plan.baseline_nights, plan.pairs, plan.block_nights, plan.seed, plan.rule.min_p_fewer, plan.rule.min_difference_per_week
        ),
        "subject": subject,
        "period": period,
        "created": instant(&t.planned_at),
        "author": subject,
        "activity": activities,
        "note": [{ "text": "Planned and run by the patient; a self-chosen remedy, not a prescribed treatment." }],
    }}));
    let verdict = match r.verdict {
        Verdict::Helped => "helped",
        Verdict::NoClearDifference => "no clear difference",
        Verdict::NotEnoughData => "not enough data",
    };
    let per_week = |name: &str, v: Option<f64>| {
        v.map(|x| {
            json!({
                "code": text_code(&format!("Cramp nights a week, {name} nights")),
                "valueQuantity": { "value": x, "unit": "/wk", "system": UCUM, "code": "/wk" },
            })
        })
    };
    let mut comps: Vec<Value> = [per_week("remedy", r.per_week.remedy), per_week("control", r.per_week.control)]
        .into_iter()
        .flatten()
        .collect();
    if let Some(p) = r.p_fewer {
        comps.push(json!({ "code": text_code("Probability of fewer cramp nights on the remedy"), "valueQuantity": { "value": p, "unit": "1", "system": UCUM, "code": "1" } }));
    }
    if let Some(p) = r.randomisation.p_value {
        comps.push(json!({ "code": text_code("Randomisation test p-value"), "valueQuantity": { "value": p, "unit": "1", "system": UCUM, "code": "1" } }));
    }
    let end = t.stopped_on.unwrap_or(plan.end() + Duration::days(1)).min(today).max(plan.baseline_from);
    let mut result = json!({
        "resourceType": "Observation",
        "status": if r.provisional { "preliminary" } else { "final" },
        "category": survey_category(),
        "code": text_code("Self-experiment result: did the remedy reduce cramp nights?"),
        "subject": subject,
        "basedOn": [{ "reference": plan_url }],
        "effectivePeriod": { "start": plan.baseline_from.to_string(), "end": end.to_string() },
        "valueString": verdict,
        "note": r.words.iter().map(|w| json!({ "text": w })).collect::<Vec<_>>(),
    });
    if !comps.is_empty() {
        result["component"] = Value::Array(comps);
    }
    entries.push(json!({ "fullUrl": result_url, "resource": result }));
    for a in &t.adherence {
        let arm = plan.block_on(a.date).map_or("", |b| b.arm.as_str());
        entries.push(json!({ "fullUrl": urn("experiment-night", &format!("{key}/{}", a.date)), "resource": {
            "resourceType": "Observation",
            "status": "final",
            "category": survey_category(),
            "code": text_code(&format!("Kept to the night's plan ({arm} night)")),
            "subject": subject,
            "basedOn": [{ "reference": plan_url }],
            "effectivePeriod": { "start": a.date.to_string(), "end": (a.date + Duration::days(1)).to_string() },
            "valueBoolean": a.done,
        }}));
    }
}

/// Checks a bundle against the FHIR R4 required elements (cardinality 1..1) and the
/// invariants that apply to what we write. Returns every problem found.
pub fn check_required(bundle: &Value) -> Vec<String> {
    let mut errs = Vec::new();
    let mut err = |s: String| errs.push(s);
    if bundle["resourceType"] != "Bundle" {
        err("Bundle.resourceType must be Bundle".into());
    }
    let types = [
        "document",
        "message",
        "transaction",
        "transaction-response",
        "batch",
        "batch-response",
        "history",
        "searchset",
        "collection",
    ];
    if !bundle["type"].as_str().is_some_and(|t| types.contains(&t)) {
        err("Bundle.type is required (a bundle-type code)".into());
    }
    let Some(entries) = bundle["entry"].as_array() else {
        err("Bundle.entry missing".into());
        return errs;
    };
    let urls: Vec<&str> = entries.iter().filter_map(|e| e["fullUrl"].as_str()).collect();
    let mut seen = std::collections::HashSet::new();
    for u in &urls {
        if !seen.insert(*u) {
            err(format!("duplicate fullUrl {u}"));
        }
        if !is_uuid_urn(u) {
            err(format!("fullUrl {u} is not a urn:uuid"));
        }
    }
    let resolves = |r: &Value| r["reference"].as_str().is_some_and(|s| urls.contains(&s));
    let is_cc =
        |v: &Value| v.is_object() && (v["text"].is_string() || v["coding"].as_array().is_some_and(|c| !c.is_empty()));
    let date_ok = |v: &Value| {
        v.as_str().is_some_and(|s| s.parse::<NaiveDate>().is_ok() || DateTime::parse_from_rfc3339(s).is_ok())
    };
    for (i, e) in entries.iter().enumerate() {
        let r = &e["resource"];
        let rt = r["resourceType"].as_str().unwrap_or("");
        let at = format!("entry[{i}] {rt}");
        if e["fullUrl"].is_null() {
            err(format!("{at}: fullUrl missing"));
        }
        match rt {
            "Patient" => {
                if let Some(b) = r.get("birthDate") {
                    if b.as_str().is_none_or(|s| s.parse::<NaiveDate>().is_err()) {
                        err(format!("{at}: birthDate must be YYYY-MM-DD"));
                    }
                }
            }
            "Observation" => {
                let statuses = [
                    "registered",
                    "preliminary",
                    "final",
                    "amended",
                    "corrected",
                    "cancelled",
                    "entered-in-error",
                    "unknown",
                ];
                if !r["status"].as_str().is_some_and(|s| statuses.contains(&s)) {
                    err(format!("{at}: status (1..1) missing or not a code"));
                }
                if !is_cc(&r["code"]) {
                    err(format!("{at}: code (1..1) missing"));
                }
                let has_value = r.as_object().is_some_and(|o| o.keys().any(|k| k.starts_with("value")));
                if has_value && !r["dataAbsentReason"].is_null() {
                    err(format!("{at}: obs-6 dataAbsentReason with a value"));
                }
                if let Some(p) = r.get("effectivePeriod") {
                    if !date_ok(&p["start"]) {
                        err(format!("{at}: effectivePeriod.start not a date"));
                    }
                    if let (Some(a), Some(b)) = (p["start"].as_str(), p["end"].as_str()) {
                        if b < a {
                            err(format!("{at}: per-1 end before start"));
                        }
                    }
                }
                if let Some(t) = r.get("effectiveDateTime") {
                    if !date_ok(t) {
                        err(format!("{at}: effectiveDateTime not a date/dateTime"));
                    }
                }
                for c in r["component"].as_array().into_iter().flatten() {
                    if !is_cc(&c["code"]) {
                        err(format!("{at}: component.code (1..1) missing"));
                    }
                }
                for m in r["hasMember"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .chain(r["derivedFrom"].as_array().into_iter().flatten())
                    .chain(r["basedOn"].as_array().into_iter().flatten())
                {
                    if !resolves(m) {
                        err(format!("{at}: reference {} does not resolve in the bundle", m["reference"]));
                    }
                }
                if !resolves(&r["subject"]) {
                    err(format!("{at}: subject does not resolve"));
                }
                if let Some(q) = r.get("valueQuantity") {
                    if !q["value"].is_number() || q["system"] != UCUM || !q["code"].is_string() {
                        err(format!("{at}: valueQuantity needs value, UCUM system and code"));
                    }
                }
            }
            "MedicationStatement" => {
                let statuses = [
                    "active",
                    "completed",
                    "entered-in-error",
                    "intended",
                    "stopped",
                    "on-hold",
                    "unknown",
                    "not-taken",
                ];
                if !r["status"].as_str().is_some_and(|s| statuses.contains(&s)) {
                    err(format!("{at}: status (1..1) missing or not a code"));
                }
                if !is_cc(&r["medicationCodeableConcept"]) && r["medicationReference"].is_null() {
                    err(format!("{at}: medication[x] (1..1) missing"));
                }
                if !resolves(&r["subject"]) {
                    err(format!("{at}: subject (1..1) missing or unresolved"));
                }
            }
            "Condition" => {
                if !resolves(&r["subject"]) {
                    err(format!("{at}: subject (1..1) missing or unresolved"));
                }
                if !r["abatementDateTime"].is_null() && r["clinicalStatus"]["coding"][0]["code"] == "active" {
                    err(format!("{at}: con-4 abatement with an active clinical status"));
                }
                if r["verificationStatus"]["coding"][0]["code"] != "entered-in-error" && r["clinicalStatus"].is_null() {
                    err(format!("{at}: con-3 clinicalStatus expected"));
                }
            }
            "CarePlan" => {
                let statuses = ["draft", "active", "on-hold", "revoked", "completed", "entered-in-error", "unknown"];
                if !r["status"].as_str().is_some_and(|s| statuses.contains(&s)) {
                    err(format!("{at}: status (1..1) missing or not a code"));
                }
                if !r["intent"].as_str().is_some_and(|s| ["proposal", "plan", "order", "option"].contains(&s)) {
                    err(format!("{at}: intent (1..1) missing or not a code"));
                }
                if !resolves(&r["subject"]) {
                    err(format!("{at}: subject (1..1) missing or unresolved"));
                }
                let detail = [
                    "not-started",
                    "scheduled",
                    "in-progress",
                    "on-hold",
                    "completed",
                    "cancelled",
                    "stopped",
                    "unknown",
                    "entered-in-error",
                ];
                for a in r["activity"].as_array().into_iter().flatten() {
                    if !a["detail"]["status"].as_str().is_some_and(|s| detail.contains(&s)) {
                        err(format!("{at}: activity.detail.status (1..1) missing or not a code"));
                    }
                }
            }
            other => err(format!("{at}: unexpected resource type {other:?}")),
        }
    }
    errs
}

fn is_uuid_urn(s: &str) -> bool {
    let Some(u) = s.strip_prefix("urn:uuid:") else { return false };
    let parts: Vec<&str> = u.split('-').collect();
    parts.iter().map(|p| p.len()).eq([8, 4, 4, 4, 12])
        && u.chars().all(|c| c == '-' || c.is_ascii_hexdigit() && !c.is_ascii_uppercase())
}
