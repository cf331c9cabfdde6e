//! Medication courses (start, stop, change of dose) and conditions.

use chrono::NaiveDate;
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};

use super::{corrupt_row, date_at, opt_date_at, Store};
use crate::domain::{Condition, Medication};
use crate::error::{Error, Result};
use crate::validate::check;

/// A medication course as stored, with its id.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Course {
    /// Row id, for stop / change dose / delete.
    pub id: i64,
    /// The course.
    #[serde(flatten)]
    pub medication: Medication,
}

/// A condition as stored, with its id.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ConditionEntry {
    /// Row id, for delete.
    pub id: i64,
    /// The condition.
    #[serde(flatten)]
    pub condition: Condition,
}

impl Store {
    /// Every medication course, by start date.
    pub fn courses(&self) -> Result<Vec<Course>> {
        read_courses(&self.conn)
    }

    fn course(tx: &Connection, id: i64) -> Result<Medication> {
        tx.query_row("SELECT name, dose, started, stopped, notes FROM medications WHERE id = ?1", [id], |r| {
            Ok(Medication {
                name: r.get(0)?,
                dose: r.get(1)?,
                started: r.get(2)?,
                stopped: r.get(3)?,
                notes: r.get(4)?,
            })
        })
        .optional()?
        .ok_or_else(|| Error::NotFound(format!("no medication course with id {id}")))
    }

    /// Starts a medication course; returns its id.
    pub fn add_course(&mut self, m: &Medication) -> Result<i64> {
        check(self.today(), |c| c.medication(m, ""))?;
        self.write(|tx| insert_course(tx, m))
    }

    /// Replaces a course's details.
    pub fn update_course(&mut self, id: i64, m: &Medication) -> Result<()> {
        check(self.today(), |c| c.medication(m, ""))?;
        self.write(|tx| {
            Self::course(tx, id)?;
            tx.execute(
                "UPDATE medications SET name = ?2, dose = ?3, started = ?4, stopped = ?5, notes = ?6 WHERE id = ?1",
                params![id, m.name, m.dose, m.started, m.stopped, m.notes],
            )?;
            Ok(())
        })
    }

    /// Ends a course on `on` (the last day it was taken).
    pub fn stop_course(&mut self, id: i64, on: NaiveDate) -> Result<Medication> {
        let today = self.today();
        self.write(|tx| {
            let mut m = Self::course(tx, id)?;
            if let Some(s) = m.stopped {
                return Err(Error::Conflict(format!("{} was already stopped on {s}", m.name)));
            }
            m.stopped = Some(on);
            check(today, |c| c.medication(&m, ""))?;
            tx.execute("UPDATE medications SET stopped = ?2 WHERE id = ?1", params![id, on])?;
            Ok(m)
        })
    }

    /// Changes the dose from `on`: the running course stops that day and a new one starts; returns the new id.
    pub fn change_dose(&mut self, id: i64, on: NaiveDate, dose: &str) -> Result<i64> {
        let today = self.today();
        self.write(|tx| {
            let mut old = Self::course(tx, id)?;
            if old.stopped.is_some() {
                return Err(Error::Conflict(format!(
                    "{} is not being taken now; start a new course instead",
                    old.name
                )));
            }
            old.stopped = Some(on);
            let new =
                Medication { dose: dose.to_string(), started: on, stopped: None, notes: String::new(), ..old.clone() };
            check(today, |c| {
                c.medication(&old, "");
                c.medication(&new, "");
            })?;
            tx.execute("UPDATE medications SET stopped = ?2 WHERE id = ?1", params![id, on])?;
            insert_course(tx, &new)
        })
    }

    /// Deletes a course entered by mistake; returns it.
    pub fn delete_course(&mut self, id: i64) -> Result<Medication> {
        self.write(|tx| {
            let m = Self::course(tx, id)?;
            tx.execute("DELETE FROM medications WHERE id = ?1", [id])?;
            Ok(m)
        })
    }

    // ----- conditions ---------------------------------------------------------------

    /// Every condition.
    pub fn conditions(&self) -> Result<Vec<ConditionEntry>> {
        read_conditions(&self.conn)
    }

    /// Adds a condition; returns its id.
    pub fn add_condition(&mut self, c: &Condition) -> Result<i64> {
        check(self.today(), |k| k.condition(c, ""))?;
        self.write(|tx| {
            tx.execute("INSERT INTO conditions (name, since) VALUES (?1, ?2)", params![c.name, c.since])?;
            Ok(tx.last_insert_rowid())
        })
    }

    /// Deletes a condition.
    pub fn delete_condition(&mut self, id: i64) -> Result<()> {
        self.write(|tx| match tx.execute("DELETE FROM conditions WHERE id = ?1", [id])? {
            0 => Err(Error::NotFound(format!("no condition with id {id}"))),
            _ => Ok(()),
        })
    }
}

pub(super) fn read_courses(c: &Connection) -> Result<Vec<Course>> {
    let mut st =
        c.prepare_cached("SELECT id, name, dose, started, stopped, notes FROM medications ORDER BY started, id")?;
    let mut rows = st.query([])?;
    let mut out = Vec::new();
    while let Some(r) = rows.next()? {
        let id: i64 = r.get(0)?;
        let at = |e: rusqlite::Error| corrupt_row("medications", &format!("id {id}"), e);
        out.push(Course {
            id,
            medication: Medication {
                name: r.get(1).map_err(at)?,
                dose: r.get(2).map_err(at)?,
                started: date_at(r, 3).map_err(at)?,
                stopped: opt_date_at(r, 4).map_err(at)?,
                notes: r.get(5).map_err(at)?,
            },
        });
    }
    Ok(out)
}

pub(super) fn read_conditions(c: &Connection) -> Result<Vec<ConditionEntry>> {
    let mut st = c.prepare_cached("SELECT id, name, since FROM conditions ORDER BY id")?;
    let mut rows = st.query([])?;
    let mut out = Vec::new();
    while let Some(r) = rows.next()? {
        let id: i64 = r.get(0)?;
        let at = |e: rusqlite::Error| corrupt_row("conditions", &format!("id {id}"), e);
        let since = opt_date_at(r, 2).map_err(at)?;
        out.push(ConditionEntry { id, condition: Condition { name: r.get(1).map_err(at)?, since } });
    }
    Ok(out)
}

fn insert_course(tx: &Connection, m: &Medication) -> Result<i64> {
    tx.execute(
        "INSERT INTO medications (name, dose, started, stopped, notes) VALUES (?1, ?2, ?3, ?4, ?5)",
        params![m.name, m.dose, m.started, m.stopped, m.notes],
    )?;
    Ok(tx.last_insert_rowid())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Profile;
    use crate::store::test_support::*;

    #[test]
    fn courses_stop_and_change_dose() {
        let (_dir, mut s) = store();
        let m = Medication {
            name: "Hydrochlorothiazide".into(),
            dose: "12.5 mg".into(),
            started: d("2026-03-01"),
            stopped: None,
            notes: String::new(),
        };
        let id = s.add_course(&m).unwrap();
        let new_id = s.change_dose(id, d("2026-04-01"), "25 mg").unwrap();
        let all = s.courses().unwrap();
        assert_eq!(all.len(), 2);
        assert_eq!(all[0].medication.stopped, Some(d("2026-04-01")));
        assert_eq!(
            (all[1].id, all[1].medication.dose.as_str(), all[1].medication.started),
            (new_id, "25 mg", d("2026-04-01"))
        );
        assert_eq!(s.change_dose(id, d("2026-05-01"), "50 mg").unwrap_err().kind(), "conflict");
        let err = s.stop_course(new_id, d("2026-03-15")).unwrap_err();
        assert!(err.to_string().contains("stopped"), "{err}");
        s.stop_course(new_id, d("2026-06-01")).unwrap();
        assert_eq!(s.delete_course(id).unwrap().dose, "12.5 mg");
        assert_eq!(s.courses().unwrap().len(), 1);
    }

    #[test]
    fn profile_and_conditions() {
        let (_dir, mut s) = store();
        assert_eq!(s.profile().unwrap(), Profile::default());
        let p = Profile { birth_year: Some(1948), volume_unit: crate::domain::VolumeUnit::FlOz };
        s.set_profile(&p).unwrap();
        assert_eq!(s.profile().unwrap(), p);
        assert!(s.set_profile(&Profile { birth_year: Some(1850), ..p }).is_err());
        let id = s.add_condition(&Condition { name: "type 2 diabetes".into(), since: Some(d("2015-06-01")) }).unwrap();
        assert_eq!(s.conditions().unwrap()[0].condition.name, "type 2 diabetes");
        s.delete_condition(id).unwrap();
        assert!(s.conditions().unwrap().is_empty());
    }
}
