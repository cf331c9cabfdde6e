//! Reading values from the command line and writing them back in plain words.
//!
//! Parsers here only turn text into the core's types; every rule about the values is the
//! core's. Where a number cannot even be held by the core's type (a negative scale), the
//! refusal quotes the core's own rule.

use chrono::NaiveDate;
use cramp_diary::clock::local_today;
use cramp_diary::validate::{check, Checker};
use cramp_diary::{Day, Episode, Error, Side, Symptom, SymptomKind};

/// A date written strictly `YYYY-MM-DD`, and a real one.
pub fn date(s: &str) -> Result<NaiveDate, String> {
    let shaped = s.len() == 10
        && s.bytes().enumerate().all(|(i, b)| if i == 4 || i == 7 { b == b'-' } else { b.is_ascii_digit() });
    if !shaped {
        return Err(format!("\"{s}\" is not a date written YYYY-MM-DD, such as 2026-11-22"));
    }
    NaiveDate::parse_from_str(s, "%Y-%m-%d").map_err(|_| format!("{s} is not a real date (YYYY-MM-DD)"))
}

/// The rule the core states for the first field `f` refuses.
fn core_rule(f: impl FnOnce(&mut Checker)) -> String {
    match check(local_today(), f) {
        Err(Error::Invalid(fields)) if !fields.is_empty() => fields[0].rule.clone(),
        _ => "is out of range".to_string(),
    }
}

/// A 0–10 scale: any whole number that fits is passed on for the core to check.
pub fn scale(s: &str) -> Result<u8, String> {
    s.trim()
        .parse::<i64>()
        .ok()
        .and_then(|v| u8::try_from(v).ok())
        .ok_or_else(|| core_rule(|c| c.episode(&Episode { intensity: Some(u8::MAX), ..Default::default() }, "")))
}

/// Whole minutes: any whole number that fits is passed on for the core to check.
pub fn minutes(s: &str) -> Result<u32, String> {
    s.trim().parse::<i64>().ok().and_then(|v| u32::try_from(v).ok()).ok_or_else(|| {
        let mut day = Day::empty(local_today());
        day.exercise_min = Some(u32::MAX);
        format!("must be a whole number of minutes, and {}", core_rule(|c| c.day(&day, "")))
    })
}

/// A symptom written `KIND` or `KIND:SIDE`, such as `calf_swelling:left`.
pub fn symptom(s: &str) -> Result<Symptom, String> {
    let (kind, side) = match s.split_once(':') {
        Some((k, side)) => (k, Some(side.parse::<Side>().map_err(|e| format!("side \"{side}\" {e}"))?)),
        None => (s, None),
    };
    let kind = kind.parse::<SymptomKind>().map_err(|e| format!("symptom \"{kind}\" {e}"))?;
    Ok(Symptom { kind, side })
}

/// "Sun 22 Nov 2026".
pub fn day_name(d: NaiveDate) -> String {
    d.format("%a %-d %b %Y").to_string()
}

/// "the night of Sun 22 Nov 2026".
pub fn night_name(d: NaiveDate) -> String {
    format!("the night of {}", day_name(d))
}

/// A number without a needless fraction: 250, 2.5.
pub fn number(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e15 {
        format!("{}", v as i64)
    } else {
        format!("{v}")
    }
}

pub use cramp_diary::words::count;
