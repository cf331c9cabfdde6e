//! The rules every value must meet before it is written, with the field named.
//!
//! The same rules serve the app, the CLI and import; SQL CHECKs repeat the hard limits
//! as a last line of defence.

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, Datelike, Days, FixedOffset, NaiveDate};

use crate::domain::{Condition, Day, Diary, Episode, Medication, Night, NightStatus, Profile, VolumeUnit};
use crate::error::{Error, FieldError, Problems, Result};

/// Longest free text accepted, in bytes (notes, names, doses, brands).
pub const MAX_TEXT_BYTES: usize = 10_000;
/// Longest cramp accepted, in minutes (24 h).
pub const MAX_DURATION_MIN: f64 = 24.0 * 60.0;
/// Largest single drink accepted, in mL (10 L).
pub const MAX_FLUID_ML: f64 = 10_000.0;

/// Whether one drink's amount, in mL, is within [`fluid_rule`].
pub fn fluid_ml_ok(ml: f64) -> bool {
    ml.is_finite() && ml > 0.0 && ml <= MAX_FLUID_ML
}

/// The rule for one drink's amount, with its limit in `unit`.
pub fn fluid_rule(unit: VolumeUnit) -> String {
    let limit = match unit {
        VolumeUnit::Ml => format!("{MAX_FLUID_ML} mL"),
        VolumeUnit::FlOz => format!("{:.1} fl oz", unit.from_ml(MAX_FLUID_ML)),
    };
    format!("must be more than 0 and at most {limit} (10 L) in one entry")
}
/// Most exercise minutes in one day.
pub const MAX_EXERCISE_MIN: u32 = 24 * 60;
/// Most cramp episodes in one night.
pub const MAX_EPISODES: usize = 50;
/// Most drinks in one day.
pub const MAX_FLUIDS: usize = 200;
/// The earliest date accepted anywhere.
pub const FLOOR: NaiveDate = NaiveDate::from_ymd_opt(1900, 1, 1).expect("a real date");
/// The widest time-zone offset accepted in a timestamp, in seconds (14 hours).
pub const MAX_OFFSET_SECS: i32 = 14 * 3600;
/// Most errors one check keeps; the rest are only counted.
pub const MAX_ERRORS: usize = 1_000;

/// Collects every broken rule, each with its field path; the first [`MAX_ERRORS`] are kept
/// and the rest counted.
#[derive(Debug)]
pub struct Checker {
    today: NaiveDate,
    birth_year: Option<i32>,
    errors: Vec<FieldError>,
    more: usize,
}

fn join(prefix: &str, field: &str) -> String {
    if prefix.is_empty() {
        field.to_string()
    } else {
        format!("{prefix}.{field}")
    }
}

impl Checker {
    /// A checker for "today" (dates more than one day after it are refused).
    pub fn new(today: NaiveDate) -> Self {
        Checker { today, birth_year: None, errors: Vec::new(), more: 0 }
    }

    /// Nights checked from now on must not be before January 1 of `year`, when it is known
    /// and a valid birth year.
    pub fn set_birth_year(&mut self, year: Option<i32>) {
        self.birth_year = year;
    }

    /// The date treated as today.
    pub fn today(&self) -> NaiveDate {
        self.today
    }

    /// Records a broken rule.
    pub fn push(&mut self, field: impl Into<String>, value: impl std::fmt::Display, rule: impl Into<String>) {
        if self.errors.len() < MAX_ERRORS {
            self.errors.push(FieldError::new(field, value, rule));
        } else {
            self.more += 1;
        }
    }

    /// The errors kept so far.
    pub fn errors(&self) -> &[FieldError] {
        &self.errors
    }

    /// How many rules were broken so far, kept or only counted.
    pub fn count(&self) -> usize {
        self.errors.len() + self.more
    }

    /// `Ok` when nothing was broken, otherwise the errors kept and the count of the rest.
    pub fn finish(self) -> Result<()> {
        if self.errors.is_empty() {
            Ok(())
        } else {
            Err(Error::Invalid(Problems { listed: self.errors, more: self.more }))
        }
    }

    fn scale(&mut self, field: String, v: Option<u8>) {
        if let Some(v) = v {
            if v > 10 {
                self.push(field, v, "must be a whole number from 0 to 10");
            }
        }
    }

    /// Free text: bounded, and without characters no note needs (see [`forbidden`]).
    pub(crate) fn text(&mut self, field: String, s: &str) {
        if s.len() > MAX_TEXT_BYTES {
            self.push(field, format!("{} bytes", s.len()), format!("must be at most {MAX_TEXT_BYTES} bytes"));
        } else if let Some((at, rule)) = first_forbidden(s) {
            self.push(field, at, rule);
        }
    }

    /// A name: text with at least one visible character.
    pub(crate) fn required_text(&mut self, field: String, s: &str) {
        if s.is_empty() {
            self.push(field, "\"\"", "must not be empty");
        } else if s.chars().all(invisible) {
            let shown: Vec<String> = s.chars().take(8).map(|c| format!("U+{:04X}", c as u32)).collect();
            self.push(field, shown.join(" "), "must not be empty (it has only spaces or invisible characters)");
        } else {
            self.text(field, s);
        }
    }

    /// A date no later than tomorrow and no earlier than 1900-01-01.
    fn not_future(&mut self, field: String, d: NaiveDate) {
        let limit = self.today.checked_add_days(Days::new(1)).unwrap_or(self.today);
        if d > limit {
            self.push(field, d, format!("must not be more than one day after today ({})", self.today));
        } else if d < FLOOR {
            self.push(field, d, "must not be before 1900-01-01");
        }
    }

    /// A night's date: also not before the year of birth, when it is known.
    fn night_date(&mut self, field: String, d: NaiveDate) {
        let born = self
            .birth_year
            .filter(|y| *y > FLOOR.year() && *y <= self.today.year())
            .and_then(|y| NaiveDate::from_ymd_opt(y, 1, 1));
        match born {
            Some(born) if d < born && d >= FLOOR => {
                self.push(field, d, format!("must not be before the year of birth ({})", born.year()))
            }
            _ => self.not_future(field, d),
        }
    }

    /// A moment: an offset of at most 14 hours, on a date from 1900-01-01.
    pub fn timestamp(&mut self, field: String, t: &DateTime<FixedOffset>) {
        if t.offset().local_minus_utc().abs() > MAX_OFFSET_SECS {
            self.push(field, t.to_rfc3339(), "must have a time-zone offset from -14:00 to +14:00");
        } else if t.date_naive() < FLOOR {
            self.push(field, t.to_rfc3339(), "must not be before 1900-01-01");
        }
    }

    /// A night and its episodes.
    pub fn night(&mut self, n: &Night, at: &str) {
        self.night_date(join(at, "date"), n.date);
        self.scale(join(at, "sleep_disturbance"), n.sleep_disturbance);
        if let Some(t) = &n.logged_at {
            self.timestamp(join(at, "logged_at"), t);
        }
        self.text(join(at, "notes"), &n.notes);
        if n.episodes.len() > MAX_EPISODES {
            self.push(
                join(at, "episodes"),
                format!("{} episodes", n.episodes.len()),
                format!("must be at most {MAX_EPISODES} episodes in one night"),
            );
        }
        if n.status != NightStatus::Cramps && !n.episodes.is_empty() {
            self.push(
                join(at, "episodes"),
                format!("{} episodes", n.episodes.len()),
                format!("only a night with cramps can have episodes (status is {})", n.status),
            );
        }
        for (i, e) in n.episodes.iter().enumerate() {
            self.episode(e, &join(at, &format!("episodes[{i}]")));
        }
    }

    /// One episode.
    pub fn episode(&mut self, e: &Episode, at: &str) {
        if let Some(d) = e.duration_min {
            if !(d.is_finite() && d > 0.0 && d <= MAX_DURATION_MIN) {
                self.push(join(at, "duration_min"), d, "must be more than 0 and at most 1440 minutes (24 hours)");
            }
        }
        self.scale(join(at, "intensity"), e.intensity);
        let mut seen = HashSet::new();
        for r in &e.relieved_by {
            if !seen.insert(r) {
                self.push(join(at, "relieved_by"), r, "lists the same thing twice");
            }
        }
    }

    /// A day's fluids, exertion, stretching and symptoms.
    pub fn day(&mut self, d: &Day, at: &str) {
        self.not_future(join(at, "date"), d.date);
        if d.fluids.len() > MAX_FLUIDS {
            self.push(
                join(at, "fluids"),
                format!("{} drinks", d.fluids.len()),
                format!("must be at most {MAX_FLUIDS} drinks in one day"),
            );
        }
        for (i, f) in d.fluids.iter().enumerate() {
            let fat = join(at, &format!("fluids[{i}]"));
            if !fluid_ml_ok(f.ml) {
                self.push(join(&fat, "ml"), f.ml, fluid_rule(VolumeUnit::Ml));
            }
            if let Some(b) = &f.brand {
                self.text(join(&fat, "brand"), b);
            }
        }
        self.scale(join(at, "exertion"), d.exertion);
        if let Some(m) = d.exercise_min {
            if m > MAX_EXERCISE_MIN {
                self.push(join(at, "exercise_min"), m, "must be at most 1440 minutes (24 hours)");
            }
        }
        let mut seen = HashSet::new();
        for (i, s) in d.symptoms.iter().enumerate() {
            if !seen.insert((s.kind, s.side)) {
                self.push(join(at, &format!("symptoms[{i}]")), s.kind, "is listed twice for the same day and side");
            }
        }
    }

    /// A medication course.
    pub fn medication(&mut self, m: &Medication, at: &str) {
        self.required_text(join(at, "name"), &m.name);
        self.text(join(at, "dose"), &m.dose);
        self.text(join(at, "notes"), &m.notes);
        self.not_future(join(at, "started"), m.started);
        if let Some(s) = m.stopped {
            if s < m.started {
                self.push(join(at, "stopped"), s, format!("must not be before the start date ({})", m.started));
            } else if s < FLOOR {
                self.push(join(at, "stopped"), s, "must not be before 1900-01-01");
            }
        }
    }

    /// A condition.
    pub fn condition(&mut self, c: &Condition, at: &str) {
        self.required_text(join(at, "name"), &c.name);
        if let Some(s) = c.since {
            self.not_future(join(at, "since"), s);
        }
    }

    /// The profile.
    pub fn profile(&mut self, p: &Profile, at: &str) {
        if let Some(y) = p.birth_year {
            if !(1900..=self.today.year()).contains(&y) {
                self.push(join(at, "birth_year"), y, format!("must be a year from 1900 to {}", self.today.year()));
            }
        }
    }
}

/// Why `c` may not be stored in any text, if it may not: control characters other than tab
/// and new line (carriage returns included; import turns them into new lines first), and
/// Unicode noncharacters.
pub fn forbidden(c: char) -> Option<&'static str> {
    let u = c as u32;
    if c.is_control() && c != '\t' && c != '\n' {
        Some("must not contain control characters (only tab and new line are allowed)")
    } else if (0xFDD0..=0xFDEF).contains(&u) || u & 0xFFFE == 0xFFFE {
        Some("must not contain Unicode noncharacters such as U+FFFE")
    } else {
        None
    }
}

/// Reads `text` as one of a closed set of values (a format, a paper, a chart), refusing
/// anything else with the field's name and the accepted values.
pub fn parse<T: std::str::FromStr<Err = String>>(field: &str, text: &str) -> Result<T> {
    text.parse().map_err(|rule: String| Error::invalid(field, text, rule))
}

/// The first character of `s` that [`forbidden`] refuses, as "U+001B at character 4", with
/// the rule it breaks.
pub fn first_forbidden(s: &str) -> Option<(String, &'static str)> {
    s.chars()
        .enumerate()
        .find_map(|(i, c)| forbidden(c).map(|rule| (format!("U+{:04X} at character {}", c as u32, i + 1), rule)))
}

/// Characters that show nothing: white space, zero-width characters and joiners, the soft
/// hyphen, the byte-order mark, direction marks and other format controls.
pub fn invisible(c: char) -> bool {
    c.is_whitespace()
        || c.is_control()
        || matches!(
            c,
            '\u{00AD}'
                | '\u{034F}'
                | '\u{061C}'
                | '\u{115F}'
                | '\u{1160}'
                | '\u{17B4}'
                | '\u{17B5}'
                | '\u{180B}'..='\u{180F}'
                | '\u{200B}'..='\u{200F}'
                | '\u{202A}'..='\u{202E}'
                | '\u{2060}'..='\u{206F}'
                | '\u{3164}'
                | '\u{FE00}'..='\u{FE0F}'
                | '\u{FEFF}'
                | '\u{FFA0}'
        )
}

/// Whether `c` is a bidi embedding, override, isolate or mark (U+202A–U+202E,
/// U+2066–U+2069, U+200E, U+200F, U+061C). They may be stored; the PDF and charts leave
/// them out.
pub fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{061C}' | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// Checks one value with a fresh checker and returns every broken rule.
pub fn check(today: NaiveDate, f: impl FnOnce(&mut Checker)) -> Result<()> {
    let mut c = Checker::new(today);
    f(&mut c);
    c.finish()
}

/// Checks a whole diary against every rule, naming fields by their interchange path.
pub fn check_diary(today: NaiveDate, d: &Diary) -> Result<()> {
    let mut c = Checker::new(today);
    c.profile(&d.profile, "profile");
    c.set_birth_year(d.profile.birth_year);
    for (i, x) in d.conditions.iter().enumerate() {
        c.condition(x, &format!("conditions[{i}]"));
    }
    for (i, x) in d.medications.iter().enumerate() {
        c.medication(x, &format!("medications[{i}]"));
    }
    for (i, n) in d.nights.iter().enumerate() {
        c.night(n, &format!("nights[{i}]"));
    }
    for (i, day) in d.days.iter().enumerate() {
        c.day(day, &format!("days[{i}]"));
    }
    for (i, t) in d.experiments.iter().enumerate() {
        crate::trial::check_trial(&mut c, t, &format!("experiments[{i}]"));
    }
    unique_dates(&mut c, "nights", d.nights.iter().map(|n| n.date).enumerate());
    unique_dates(&mut c, "days", d.days.iter().map(|d| d.date).enumerate());
    c.finish()
}

/// Refuses every element whose date an earlier element already has.
pub(crate) fn unique_dates(c: &mut Checker, list: &str, dates: impl Iterator<Item = (usize, NaiveDate)>) {
    let mut first = HashMap::new();
    for (i, date) in dates {
        match first.entry(date) {
            std::collections::hash_map::Entry::Occupied(f) => {
                c.push(format!("{list}[{i}].date"), date, format!("repeats the date of {list}[{}]", f.get()))
            }
            std::collections::hash_map::Entry::Vacant(v) => {
                v.insert(i);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{Fluid, FluidKind};

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn fields(r: Result<()>) -> Vec<String> {
        match r {
            Err(Error::Invalid(v)) => v.into_iter().map(|e| e.field).collect(),
            other => panic!("expected invalid, got {other:?}"),
        }
    }

    #[test]
    fn night_rules_name_each_field() {
        let mut n = Night::new(d("2026-11-25"), NightStatus::None);
        n.sleep_disturbance = Some(11);
        n.notes = "x".repeat(MAX_TEXT_BYTES + 1);
        n.episodes.push(Episode { duration_min: Some(0.0), intensity: Some(12), ..Default::default() });
        let got = fields(check(d("2026-11-23"), |c| c.night(&n, "")));
        assert_eq!(
            got,
            ["date", "sleep_disturbance", "notes", "episodes", "episodes[0].duration_min", "episodes[0].intensity"]
        );
    }

    #[test]
    fn tomorrow_evening_is_allowed_but_not_later() {
        let today = d("2026-11-23");
        assert!(check(today, |c| c.night(&Night::new(d("2026-11-24"), NightStatus::None), "")).is_ok());
        assert!(check(today, |c| c.night(&Night::new(d("2026-11-25"), NightStatus::None), "")).is_err());
    }

    #[test]
    fn the_one_day_ahead_limit_follows_the_local_date_over_leap_days_and_year_ends() {
        let ok = |today: &str, night: &str| check(d(today), |c| c.night(&Night::new(d(night), NightStatus::None), ""));
        assert!(ok("2028-02-29", "2028-03-01").is_ok());
        assert!(ok("2028-02-29", "2028-03-02").is_err());
        assert!(ok("2028-02-28", "2028-02-29").is_ok());
        assert!(ok("2026-12-31", "2027-01-01").is_ok());
        let e = ok("2026-12-31", "2027-01-02").unwrap_err();
        assert!(e.to_string().contains("more than one day after today (2026-12-31)"), "{e}");
        assert!(ok("2027-03-28", "2027-03-29").is_ok(), "the day the clocks change is an ordinary date");
        assert!(ok("2027-03-28", "2027-03-30").is_err());
    }

    #[test]
    fn fluid_limits() {
        let today = d("2026-11-23");
        let mut day = Day::empty(today);
        for ml in [0.0, -5.0, 10_000.5, f64::NAN] {
            day.fluids.push(Fluid { kind: FluidKind::Water, ml, brand: None });
        }
        day.fluids.push(Fluid { kind: FluidKind::Water, ml: 10_000.0, brand: None });
        let got = fields(check(today, |c| c.day(&day, "days[0]")));
        assert_eq!(
            got,
            ["days[0].fluids[0].ml", "days[0].fluids[1].ml", "days[0].fluids[2].ml", "days[0].fluids[3].ml"]
        );
    }

    #[test]
    fn medication_needs_a_name_and_ordered_dates() {
        let m = Medication {
            name: "  ".into(),
            dose: String::new(),
            started: d("2026-03-02"),
            stopped: Some(d("2026-03-01")),
            notes: String::new(),
        };
        assert_eq!(fields(check(d("2026-11-23"), |c| c.medication(&m, ""))), ["name", "stopped"]);
    }

    fn rules(r: Result<()>) -> Vec<(String, String, String)> {
        match r {
            Err(Error::Invalid(v)) => v.into_iter().map(|e| (e.field, e.value, e.rule)).collect(),
            other => panic!("expected invalid, got {other:?}"),
        }
    }

    fn course(name: &str) -> Medication {
        Medication {
            name: name.into(),
            dose: String::new(),
            started: d("2026-03-02"),
            stopped: None,
            notes: String::new(),
        }
    }

    #[test]
    fn text_refuses_control_characters_but_keeps_tab_and_new_line() {
        let today = d("2026-11-23");
        for bad in ["bell\u{7}", "esc\u{1b}[31m", "nul\u{0}", "cr\r\nlf", "del\u{7f}", "c1\u{85}", "csi\u{9b}"] {
            let mut n = Night::new(today, NightStatus::None);
            n.notes = bad.into();
            let got = rules(check(today, |c| c.night(&n, "nights[0]")));
            assert_eq!(got.len(), 1, "{bad:?}");
            assert_eq!(got[0].0, "nights[0].notes");
            assert!(got[0].2.contains("control characters"), "{:?}", got[0]);
            assert!(
                got[0].1.starts_with("U+00") && !got[0].1.contains(bad),
                "the value is named, not echoed: {:?}",
                got[0]
            );
        }
        let mut n = Night::new(today, NightStatus::None);
        n.notes = "woke at 3\tleft calf\nstretched".into();
        assert!(check(today, |c| c.night(&n, "")).is_ok());

        let mut m = course("Lasix");
        m.dose = "40\u{1}mg".into();
        m.notes = "ok".into();
        let mut day = Day::empty(today);
        day.fluids.push(Fluid { kind: FluidKind::Water, ml: 250.0, brand: Some("Brand\u{8}".into()) });
        let c = Condition { name: "Diabetes\u{1f}".into(), since: None };
        assert_eq!(fields(check(today, |k| k.medication(&m, "m"))), ["m.dose"]);
        assert_eq!(fields(check(today, |k| k.day(&day, "d"))), ["d.fluids[0].brand"]);
        assert_eq!(fields(check(today, |k| k.condition(&c, "c"))), ["c.name"]);
        assert_eq!(rules(check(today, |k| k.condition(&c, "c")))[0].1, "U+001F at character 9");
    }

    #[test]
    fn text_refuses_noncharacters() {
        let today = d("2026-11-23");
        for bad in ["a\u{FFFE}", "\u{FFFF}", "x\u{FDD0}y", "\u{FDEF}", "\u{1FFFE}", "\u{10FFFF}"] {
            let m = Medication { notes: bad.into(), ..course("Lasix") };
            let got = rules(check(today, |c| c.medication(&m, "")));
            assert_eq!((got.len(), got[0].0.as_str()), (1, "notes"), "{bad:?}");
            assert!(got[0].2.contains("noncharacters"), "{:?}", got[0]);
        }
        for fine in ["\u{FFFD}", "\u{FDCF}", "\u{FDF0}", "\u{1F600}", "\u{EFFFD}"] {
            assert!(check(today, |c| c.medication(&Medication { notes: fine.into(), ..course("Lasix") }, "")).is_ok());
        }
    }

    #[test]
    fn a_name_needs_a_visible_character() {
        let today = d("2026-11-23");
        for bad in [
            "",
            " ",
            "\u{200B}",
            "\u{200C}\u{200D}",
            "\u{2060}",
            "\u{FEFF}",
            "\u{00AD}",
            " \u{200B}\t\u{3000}\u{00A0}",
            "\u{202E}",
        ] {
            let got = rules(check(today, |c| c.medication(&course(bad), "medications[3]")));
            assert_eq!(got.len(), 1, "{bad:?}: {got:?}");
            assert_eq!(got[0].0, "medications[3].name");
            assert!(got[0].2.starts_with("must not be empty"), "{:?}", got[0]);
            let c = Condition { name: bad.into(), since: None };
            assert_eq!(fields(check(today, |k| k.condition(&c, ""))), ["name"], "{bad:?}");
        }
        assert_eq!(rules(check(today, |c| c.medication(&course("\u{200B}\u{00AD}"), "")))[0].1, "U+200B U+00AD");
        for fine in ["a\u{200B}", "Furo\u{00AD}semide", "\u{FEFF}Lasix", "\u{05D0}"] {
            assert!(check(today, |c| c.medication(&course(fine), "")).is_ok(), "{fine:?}");
        }
    }

    #[test]
    fn every_date_has_a_floor_of_1900() {
        let today = d("2026-11-23");
        let typo = d("0202-05-01");
        let got = rules(check(today, |c| c.night(&Night::new(typo, NightStatus::None), "nights[0]")));
        assert_eq!(got, [("nights[0].date".into(), "0202-05-01".into(), "must not be before 1900-01-01".into())]);
        assert_eq!(fields(check(today, |c| c.day(&Day::empty(d("1899-12-31")), ""))), ["date"]);
        let m = Medication { started: typo, stopped: Some(typo), ..course("Lasix") };
        assert_eq!(fields(check(today, |c| c.medication(&m, ""))), ["started", "stopped"]);
        let m = Medication { started: d("1900-01-01"), stopped: Some(d("1900-01-01")), ..course("Lasix") };
        assert!(check(today, |c| c.medication(&m, "")).is_ok());
        let c = Condition { name: "Diabetes".into(), since: Some(d("1899-12-31")) };
        assert_eq!(fields(check(today, |k| k.condition(&c, ""))), ["since"]);
        assert!(check(today, |k| k.condition(&Condition { since: Some(d("1900-01-01")), ..c.clone() }, "")).is_ok());
        assert!(check(today, |k| k.night(&Night::new(d("1900-01-01"), NightStatus::None), "")).is_ok());
    }

    #[test]
    fn nights_are_not_before_the_year_of_birth() {
        let today = d("2026-11-23");
        let night = |date: &str, born: Option<i32>| {
            let mut c = Checker::new(today);
            c.set_birth_year(born);
            c.night(&Night::new(d(date), NightStatus::None), "nights[2]");
            c.finish()
        };
        assert_eq!(
            rules(night("1949-12-31", Some(1950))),
            [("nights[2].date".into(), "1949-12-31".into(), "must not be before the year of birth (1950)".into())]
        );
        assert!(night("1950-01-01", Some(1950)).is_ok());
        assert!(night("1949-12-31", None).is_ok());
        assert_eq!(rules(night("1850-01-01", Some(1950)))[0].2, "must not be before 1900-01-01");
        assert!(night("1949-12-31", Some(2200)).is_ok(), "a birth year already refused adds no error");
        let mut c = Checker::new(today);
        c.set_birth_year(Some(1950));
        c.day(&Day::empty(d("1949-12-31")), "");
        assert!(c.finish().is_ok(), "days are not tied to the birth year");
    }

    #[test]
    fn timestamps_have_offsets_within_14_hours_and_a_floor() {
        let today = d("2026-11-23");
        let at = |t: &str| {
            let mut n = Night::new(d("2026-11-20"), NightStatus::None);
            n.logged_at = Some(DateTime::parse_from_rfc3339(t).unwrap());
            check(today, |c| c.night(&n, "nights[0]"))
        };
        for fine in [
            "2026-11-21T07:00:00+14:00",
            "2026-11-21T07:00:00-14:00",
            "2026-11-21T07:00:00+05:45",
            "1900-01-01T00:00:00Z",
        ] {
            assert!(at(fine).is_ok(), "{fine}");
        }
        for (bad, rule) in [
            ("2026-11-21T07:00:00+14:01", "must have a time-zone offset from -14:00 to +14:00"),
            ("2026-11-21T07:00:00-15:00", "must have a time-zone offset from -14:00 to +14:00"),
            ("2026-11-21T07:00:00+23:59", "must have a time-zone offset from -14:00 to +14:00"),
            ("0000-01-01T00:00:00Z", "must not be before 1900-01-01"),
            ("1899-12-31T23:59:59Z", "must not be before 1900-01-01"),
        ] {
            let got = rules(at(bad));
            assert_eq!((got.len(), got[0].0.as_str(), got[0].2.as_str()), (1, "nights[0].logged_at", rule), "{bad}");
        }
    }

    #[test]
    fn a_night_holds_at_most_50_episodes_and_a_day_200_drinks() {
        let today = d("2026-11-23");
        let mut n = Night::new(today, NightStatus::Cramps);
        n.episodes = vec![Episode::default(); MAX_EPISODES];
        assert!(check(today, |c| c.night(&n, "")).is_ok());
        n.episodes.push(Episode::default());
        assert_eq!(
            rules(check(today, |c| c.night(&n, "nights[4]"))),
            [("nights[4].episodes".into(), "51 episodes".into(), "must be at most 50 episodes in one night".into())]
        );
        let mut day = Day::empty(today);
        day.fluids = vec![Fluid { kind: FluidKind::Water, ml: 100.0, brand: None }; MAX_FLUIDS];
        assert!(check(today, |c| c.day(&day, "")).is_ok());
        day.fluids.push(Fluid { kind: FluidKind::Water, ml: 100.0, brand: None });
        assert_eq!(
            rules(check(today, |c| c.day(&day, "days[1]"))),
            [("days[1].fluids".into(), "201 drinks".into(), "must be at most 200 drinks in one day".into())]
        );
    }

    #[test]
    fn a_check_keeps_the_first_thousand_errors_and_counts_the_rest() {
        let mut c = Checker::new(d("2026-11-23"));
        for i in 0..2_500 {
            c.push(format!("nights[{i}].date"), i, "is wrong");
        }
        assert_eq!((c.errors().len(), c.count()), (MAX_ERRORS, 2_500));
        let Err(e) = c.finish() else { panic!("expected an error") };
        let msg = e.to_string();
        assert!(msg.starts_with("2500 problems, nothing was saved:"), "{msg}");
        assert!(msg.ends_with("\n  … and 2450 more"), "{msg}");
        assert_eq!(msg.lines().count(), 52);
        let v = serde_json::to_value(&e).unwrap();
        assert_eq!(v["fields"].as_array().unwrap().len(), MAX_ERRORS);
        assert_eq!(v["fields"][999]["field"], "nights[999].date");
        assert_eq!(v["more_fields"], 1_500);
        let Error::Invalid(p) = e else { unreachable!() };
        assert_eq!((p.listed.len(), p.more, p.total()), (MAX_ERRORS, 1_500, 2_500));
    }
}
