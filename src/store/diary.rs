//! The whole diary at once: load (all or a range), counts, and the write of an import.

use chrono::NaiveDate;
use rusqlite::{params, Connection};
use serde::Serialize;

use super::courses::{read_conditions, read_courses};
use super::days::{put_day, read_days};
use super::nights::{put_night, read_nights};
use super::settings::{put_profile, read_profile};
use super::trials::{insert_trial, read_trials};
use super::{date_at, Range, Store};
use crate::domain::Diary;
use crate::error::{Error, Result};

/// How many of each thing the diary holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Default)]
pub struct Counts {
    /// Logged nights.
    pub nights: u64,
    /// Cramp episodes.
    pub episodes: u64,
    /// Days with anything recorded.
    pub days: u64,
    /// Medication courses.
    pub medications: u64,
    /// Conditions.
    pub conditions: u64,
}

impl Store {
    /// The whole diary, read with one query per table.
    pub fn load(&self) -> Result<Diary> {
        self.load_range(None, None)
    }

    /// Nights and days within `[from, to]`, with every course, condition and the profile.
    pub fn load_range(&self, from: Option<NaiveDate>, to: Option<NaiveDate>) -> Result<Diary> {
        let tx = self.conn.unchecked_transaction()?;
        let diary = read_diary(&tx, &Range::new(from, to))?;
        tx.finish()?;
        Ok(diary)
    }

    /// How much the diary holds.
    pub fn counts(&self) -> Result<Counts> {
        let n = |sql: &str| -> Result<u64> { Ok(self.conn.query_row(sql, [], |r| r.get::<_, i64>(0))? as u64) };
        Ok(Counts {
            nights: n("SELECT count(*) FROM nights")?,
            episodes: n("SELECT count(*) FROM episodes")?,
            days: n("SELECT count(*) FROM days")?,
            medications: n("SELECT count(*) FROM medications")?,
            conditions: n("SELECT count(*) FROM conditions")?,
        })
    }

    /// Writes a checked diary in one transaction. With `replace`, its nights and days
    /// overwrite those dates; without, any date already present is refused.
    pub(crate) fn write_diary(&mut self, d: &Diary, replace: bool) -> Result<()> {
        self.write(|tx| {
            if !replace {
                let existing = |table: &str| -> Result<std::collections::HashSet<NaiveDate>> {
                    let mut st = tx.prepare(&format!("SELECT date FROM {table}"))?;
                    let dates = st.query_map([], |r| date_at(r, 0))?.collect::<rusqlite::Result<_>>()?;
                    Ok(dates)
                };
                let (nights, days) = (existing("nights")?, existing("days")?);
                let mut clashes: Vec<String> = d
                    .nights
                    .iter()
                    .filter(|n| nights.contains(&n.date))
                    .map(|n| format!("night {}", n.date))
                    .collect();
                clashes.extend(d.days.iter().filter(|x| days.contains(&x.date)).map(|x| format!("day {}", x.date)));
                if !clashes.is_empty() {
                    let shown = clashes.iter().take(10).cloned().collect::<Vec<_>>().join(", ");
                    let more = if clashes.len() > 10 { format!(" and {} more", clashes.len() - 10) } else { String::new() };
                    return Err(Error::Conflict(format!(
                        "the diary already has {} of these dates ({shown}{more}); nothing was imported. Import with replace to overwrite them",
                        clashes.len()
                    )));
                }
            }
            let mut current = read_profile(tx)?;
            current.volume_unit = d.profile.volume_unit;
            if d.profile.birth_year.is_some() {
                current.birth_year = d.profile.birth_year;
            }
            put_profile(tx, &current)?;
            // Courses and conditions already there (or earlier in `d`) are not added again:
            // one read of each table and a hash set, not a query per row.
            use std::collections::HashSet;
            type CourseKey = (String, String, String, Option<String>, String);
            let mut have: HashSet<(String, Option<String>)> = {
                let mut st = tx.prepare("SELECT name, since FROM conditions")?;
                let rows = st.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
                rows.collect::<rusqlite::Result<_>>()?
            };
            let mut add = tx.prepare("INSERT INTO conditions (name, since) VALUES (?1, ?2)")?;
            for c in &d.conditions {
                if have.insert((c.name.clone(), c.since.map(|s| s.to_string()))) {
                    add.execute(params![c.name, c.since])?;
                }
            }
            let mut have: HashSet<CourseKey> = {
                let mut st = tx.prepare("SELECT name, dose, started, stopped, notes FROM medications")?;
                let rows = st.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)))?;
                rows.collect::<rusqlite::Result<_>>()?
            };
            let mut add = tx.prepare(
                "INSERT INTO medications (name, dose, started, stopped, notes) VALUES (?1, ?2, ?3, ?4, ?5)",
            )?;
            for m in &d.medications {
                let key = (
                    m.name.clone(),
                    m.dose.clone(),
                    m.started.to_string(),
                    m.stopped.map(|s| s.to_string()),
                    m.notes.clone(),
                );
                if have.insert(key) {
                    add.execute(params![m.name, m.dose, m.started, m.stopped, m.notes])?;
                }
            }
            for n in &d.nights {
                put_night(tx, n)?;
            }
            for day in &d.days {
                put_day(tx, day)?;
            }
            let have = read_trials(tx)?;
            for t in &d.experiments {
                if !have.iter().any(|h| h.design == t.design && h.planned_at == t.planned_at) {
                    insert_trial(tx, t)?;
                }
            }
            Ok(())
        })
    }

    /// Checks a whole diary against every rule ([`check_diary`](crate::validate::check_diary)).
    pub fn check_diary(&self, d: &Diary) -> Result<()> {
        crate::validate::check_diary(self.today(), d)
    }
}

/// Everything in `range` from a diary connection (the store's, or a backup being checked).
pub(crate) fn read_diary(c: &Connection, range: &Range) -> Result<Diary> {
    Ok(Diary {
        profile: read_profile(c)?,
        conditions: read_conditions(c)?.into_iter().map(|c| c.condition).collect(),
        medications: read_courses(c)?.into_iter().map(|c| c.medication).collect(),
        nights: read_nights(c, range)?,
        days: read_days(c, range)?,
        experiments: read_trials(c)?,
    })
}

/// Every row of a diary connection, the way [`Store::load`] reads it.
pub(crate) fn read_all(c: &Connection) -> Result<Diary> {
    read_diary(c, &Range::new(None, None))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{Condition, Day, Medication, Night, NightStatus, Profile, VolumeUnit};
    use crate::store::test_support::*;

    fn course(name: &str, started: &str) -> Medication {
        Medication { name: name.into(), dose: "20 mg".into(), started: d(started), stopped: None, notes: String::new() }
    }

    fn small_diary() -> Diary {
        Diary {
            profile: Profile { birth_year: Some(1948), volume_unit: VolumeUnit::FlOz },
            conditions: vec![Condition { name: "Type 2 diabetes".into(), since: Some(d("2015-01-01")) }],
            medications: vec![course("Atorvastatin", "2026-01-10")],
            nights: vec![cramp_night("2026-11-20"), Night::new(d("2026-11-21"), NightStatus::None)],
            days: vec![Day { exertion: Some(7), ..Day::empty(d("2026-11-20")) }],
            experiments: Vec::new(),
        }
    }

    #[test]
    fn an_import_without_replace_refuses_every_clash_and_writes_nothing() {
        let (_dir, mut s) = store();
        s.write_diary(&small_diary(), false).unwrap();
        let before = s.load().unwrap();
        let mut again = small_diary();
        again.nights.push(Night::new(d("2026-11-22"), NightStatus::None));
        again.medications.push(course("Furosemide", "2026-06-01"));
        let err = s.write_diary(&again, false).unwrap_err();
        assert_eq!(err.kind(), "conflict");
        let said = err.to_string();
        for part in ["3 of these dates", "night 2026-11-20", "day 2026-11-20", "nothing was imported"] {
            assert!(said.contains(part), "{part:?} in {said}");
        }
        assert_eq!(s.load().unwrap(), before, "not the new night, not the new course");
    }

    #[test]
    fn an_import_with_replace_overwrites_its_dates_and_adds_no_course_or_condition_twice() {
        let (_dir, mut s) = store();
        s.write_diary(&small_diary(), false).unwrap();
        let mut again = small_diary();
        again.nights[0] = Night::new(d("2026-11-20"), NightStatus::None);
        again.profile.birth_year = None;
        s.write_diary(&again, true).unwrap();
        let c = s.counts().unwrap();
        assert_eq!((c.nights, c.episodes, c.days, c.medications, c.conditions), (2, 0, 1, 1, 1));
        let got = s.load().unwrap();
        assert_eq!(got.nights[0].status, NightStatus::None, "replaced");
        assert_eq!(got.profile.birth_year, Some(1948), "an import without a birth year keeps the stored one");
        assert_eq!(got.profile.volume_unit, VolumeUnit::FlOz);
    }

    #[test]
    fn a_range_holds_its_nights_and_days_and_every_course_and_condition() {
        let (_dir, mut s) = store();
        s.write_diary(&small_diary(), false).unwrap();
        let part = s.load_range(Some(d("2026-11-21")), None).unwrap();
        assert_eq!(part.nights.iter().map(|n| n.date).collect::<Vec<_>>(), [d("2026-11-21")]);
        assert!(part.days.is_empty(), "the day before the range is left out");
        assert_eq!((part.medications.len(), part.conditions.len()), (1, 1));
        assert_eq!(s.load().unwrap(), read_all(&raw(&s)).unwrap(), "load reads what a plain connection reads");
    }
}
