//! The rules every value must meet before it is written, with the field named.
//!
//! The same rules serve the app, the CLI and import; SQL CHECKs repeat the hard limits
//! as a last line of defence.

use std::collections::HashSet;

use chrono::{Datelike, Days, NaiveDate};

use crate::domain::{Condition, Day, Episode, Medication, Night, NightStatus, Profile};
use crate::error::{Error, FieldError, Result};

/// Longest free text accepted, in bytes (notes, names, doses, brands).
pub const MAX_TEXT_BYTES: usize = 10_000;
/// Longest cramp accepted, in minutes (24 h).
pub const MAX_DURATION_MIN: f64 = 24.0 * 60.0;
/// Largest single drink accepted, in mL (10 L).
pub const MAX_FLUID_ML: f64 = 10_000.0;
/// Most exercise minutes in one day.
pub const MAX_EXERCISE_MIN: u32 = 24 * 60;

/// Collects every broken rule, each with its field path.
#[derive(Debug)]
pub struct Checker {
    today: NaiveDate,
    errors: Vec<FieldError>,
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
        Checker { today, errors: Vec::new() }
    }

    /// Records a broken rule.
    pub fn push(&mut self, field: impl Into<String>, value: impl std::fmt::Display, rule: impl Into<String>) {
        self.errors.push(FieldError::new(field, value, rule));
    }

    /// The errors so far.
    pub fn errors(&self) -> &[FieldError] {
        &self.errors
    }

    /// `Ok` when nothing was broken, otherwise every error.
    pub fn finish(self) -> Result<()> {
        if self.errors.is_empty() {
            Ok(())
        } else {
            Err(Error::Invalid(self.errors))
        }
    }

    fn scale(&mut self, field: String, v: Option<u8>) {
        if let Some(v) = v {
            if v > 10 {
                self.push(field, v, "must be a whole number from 0 to 10");
            }
        }
    }

    fn text(&mut self, field: String, s: &str) {
        if s.len() > MAX_TEXT_BYTES {
            self.push(field, format!("{} bytes", s.len()), format!("must be at most {MAX_TEXT_BYTES} bytes"));
        }
    }

    fn required_text(&mut self, field: String, s: &str) {
        if s.trim().is_empty() {
            self.push(field, "\"\"", "must not be empty");
        } else {
            self.text(field, s);
        }
    }

    fn not_future(&mut self, field: String, d: NaiveDate) {
        let limit = self.today.checked_add_days(Days::new(1)).unwrap_or(self.today);
        if d > limit {
            self.push(field, d, format!("must not be more than one day after today ({})", self.today));
        }
    }

    /// A night and its episodes.
    pub fn night(&mut self, n: &Night, at: &str) {
        self.not_future(join(at, "date"), n.date);
        self.scale(join(at, "sleep_disturbance"), n.sleep_disturbance);
        self.text(join(at, "notes"), &n.notes);
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
        for (i, f) in d.fluids.iter().enumerate() {
            let fat = join(at, &format!("fluids[{i}]"));
            if !(f.ml.is_finite() && f.ml > 0.0 && f.ml <= MAX_FLUID_ML) {
                self.push(join(&fat, "ml"), f.ml, "must be more than 0 and at most 10000 mL (10 L) in one entry");
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

/// Checks one value with a fresh checker and returns every broken rule.
pub fn check(today: NaiveDate, f: impl FnOnce(&mut Checker)) -> Result<()> {
    let mut c = Checker::new(today);
    f(&mut c);
    c.finish()
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
}
