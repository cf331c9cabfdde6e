//! Days: drinks, exertion, stretching and symptoms.

use chrono::NaiveDate;
use rusqlite::{params, Connection, Row};

use super::{corrupt, corrupt_row, date_at, key_of, parse, Range, Store};
use crate::domain::{Day, Fluid, Symptom};
use crate::error::{Error, Result};
use crate::validate::check;

impl Store {
    /// The day of `date` (empty if nothing is recorded).
    pub fn day(&self, date: NaiveDate) -> Result<Day> {
        Ok(read_days(&self.conn, &Range::new(Some(date), Some(date)))?.pop().unwrap_or_else(|| Day::empty(date)))
    }

    /// Days with anything recorded in `[from, to]`, by date.
    pub fn days(&self, from: Option<NaiveDate>, to: Option<NaiveDate>) -> Result<Vec<Day>> {
        read_days(&self.conn, &Range::new(from, to))
    }

    /// Replaces everything recorded for a day (fluids, exertion, stretching, symptoms).
    pub fn save_day(&mut self, day: &Day) -> Result<Day> {
        check(self.today(), |c| c.day(day, ""))?;
        self.write(|tx| {
            put_day(tx, day)?;
            Ok(day.clone())
        })
    }

    /// Adds one drink to a day; returns the day.
    pub fn add_fluid(&mut self, date: NaiveDate, fluid: &Fluid) -> Result<Day> {
        self.edit_day(date, |d| d.fluids.push(fluid.clone()))
    }

    /// Removes the `index`-th drink (in logged order) of a day; returns the day.
    pub fn remove_fluid(&mut self, date: NaiveDate, index: usize) -> Result<Day> {
        let mut missing = false;
        let day = self.edit_day(date, |d| {
            if index < d.fluids.len() {
                d.fluids.remove(index);
            } else {
                missing = true;
            }
        });
        if missing {
            return Err(Error::NotFound(format!("{date} has no drink number {}", index + 1)));
        }
        day
    }

    /// Reads a day, changes it and writes it back in one transaction, validating the result.
    pub fn edit_day(&mut self, date: NaiveDate, change: impl FnOnce(&mut Day)) -> Result<Day> {
        let today = self.today();
        self.write(|tx| {
            let mut day = read_days(tx, &Range::new(Some(date), Some(date)))?.pop().unwrap_or_else(|| Day::empty(date));
            change(&mut day);
            check(today, |c| c.day(&day, ""))?;
            put_day(tx, &day)?;
            Ok(day)
        })
    }

    /// Deletes everything recorded for a day.
    pub fn delete_day(&mut self, date: NaiveDate) -> Result<()> {
        self.write(|tx| {
            tx.execute("DELETE FROM days WHERE date = ?1", [date.to_string()])?;
            Ok(())
        })
    }
}

pub(super) fn put_day(tx: &Connection, d: &Day) -> Result<()> {
    tx.execute(
        "INSERT INTO days (date, exertion, exercise_min, stretched_before_bed) VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT (date) DO UPDATE SET exertion = excluded.exertion, exercise_min = excluded.exercise_min,
             stretched_before_bed = excluded.stretched_before_bed",
        params![d.date, d.exertion, d.exercise_min, d.stretched_before_bed],
    )?;
    tx.execute("DELETE FROM fluids WHERE date = ?1", [d.date])?;
    tx.execute("DELETE FROM symptoms WHERE date = ?1", [d.date])?;
    let mut st = tx.prepare_cached("INSERT INTO fluids (date, kind, ml, brand) VALUES (?1, ?2, ?3, ?4)")?;
    for f in &d.fluids {
        st.execute(params![d.date, f.kind.as_str(), f.ml, f.brand])?;
    }
    let mut st = tx.prepare_cached("INSERT INTO symptoms (date, kind, side) VALUES (?1, ?2, ?3)")?;
    for s in &d.symptoms {
        st.execute(params![d.date, s.kind.as_str(), s.side.map(|x| x.as_str())])?;
    }
    Ok(())
}

/// Reads the rows of `table` (a day's drinks or symptoms; `select` names the date, then the
/// kind, then the rest) for the days in `range`, in entry order, and adds each to its day. A
/// row of no recorded day, or one that does not read, is refused as corrupt, naming the day
/// and the entry (`entry` names the next one of a day: ", drink 3").
#[allow(clippy::too_many_arguments)]
fn each_child<T>(
    c: &Connection,
    select: &str,
    range: &Range,
    days: &mut [Day],
    table: &str,
    read: impl Fn(&Row, String) -> Result<T>,
    entry: impl Fn(&Day) -> String,
    add: impl Fn(&mut Day, T),
) -> Result<()> {
    let mut st = c.prepare_cached(&format!("{select} WHERE date BETWEEN ?1 AND ?2 ORDER BY date, id"))?;
    let mut rows = st.query([&range.from, &range.to])?;
    let mut i = 0;
    while let Some(r) = rows.next()? {
        let date = date_at(r, 0).map_err(|e| corrupt_row(table, "date", e))?;
        while i < days.len() && days[i].date < date {
            i += 1;
        }
        let Some(day) = days.get_mut(i).filter(|d| d.date == date) else {
            return Err(corrupt_row(table, &format!("day {date}"), "it belongs to no recorded day"));
        };
        let x = r
            .get::<_, String>(1)
            .map_err(Error::from)
            .and_then(|kind| read(r, kind))
            .map_err(|e| corrupt_row(table, &format!("day {date}{}", entry(day)), e))?;
        add(day, x);
    }
    Ok(())
}

pub(super) fn read_days(c: &Connection, range: &Range) -> Result<Vec<Day>> {
    let mut st = c.prepare_cached(
        "SELECT date, exertion, exercise_min, stretched_before_bed FROM days WHERE date BETWEEN ?1 AND ?2 ORDER BY date",
    )?;
    let mut days = Vec::new();
    let mut rows = st.query([&range.from, &range.to])?;
    while let Some(r) = rows.next()? {
        let day = (|| -> rusqlite::Result<Day> {
            Ok(Day {
                date: date_at(r, 0)?,
                fluids: Vec::new(),
                exertion: r.get(1)?,
                exercise_min: r.get(2)?,
                stretched_before_bed: r.get(3)?,
                symptoms: Vec::new(),
            })
        })()
        .map_err(|e| corrupt_row("days", &format!("day {}", key_of(r, 0)), e))?;
        days.push(day);
    }
    let fluid = |r: &Row, kind: String| -> Result<Fluid> {
        Ok(Fluid { kind: kind.parse().map_err(|e| corrupt("kind", &kind, e))?, ml: r.get(2)?, brand: r.get(3)? })
    };
    let drink = |d: &Day| format!(", drink {}", d.fluids.len() + 1);
    let sql = "SELECT date, kind, ml, brand FROM fluids";
    each_child(c, sql, range, &mut days, "fluids", fluid, drink, |d, f| d.fluids.push(f))?;
    let symptom = |r: &Row, kind: String| -> Result<Symptom> {
        Ok(Symptom { kind: kind.parse().map_err(|e| corrupt("kind", &kind, e))?, side: parse("side", r.get(2)?)? })
    };
    let sql = "SELECT date, kind, side FROM symptoms";
    each_child(c, sql, range, &mut days, "symptoms", symptom, |_| String::new(), |d, x| d.symptoms.push(x))?;
    Ok(days)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{FluidKind, Side, SymptomKind};
    use crate::store::test_support::*;

    #[test]
    fn days_collect_fluids_and_symptoms() {
        let (_dir, mut s) = store();
        let date = d("2026-03-05");
        s.add_fluid(date, &Fluid { kind: FluidKind::Water, ml: 250.0, brand: None }).unwrap();
        s.add_fluid(date, &Fluid { kind: FluidKind::Electrolyte, ml: 500.0, brand: Some("Pedialyte".into()) }).unwrap();
        let day = s
            .edit_day(date, |d| {
                d.exertion = Some(6);
                d.stretched_before_bed = Some(false);
                d.symptoms.push(Symptom { kind: SymptomKind::CalfSwelling, side: Some(Side::Left) });
            })
            .unwrap();
        assert_eq!(s.day(date).unwrap(), day);
        assert_eq!(day.total_ml(), 750.0);
        let day = s.remove_fluid(date, 0).unwrap();
        assert_eq!(day.fluids[0].brand.as_deref(), Some("Pedialyte"));
        assert_eq!(s.remove_fluid(date, 5).unwrap_err().kind(), "not_found");
        let err = s.add_fluid(date, &Fluid { kind: FluidKind::Water, ml: 20_000.0, brand: None }).unwrap_err();
        assert!(err.to_string().contains("fluids[1].ml"), "{err}");
        assert_eq!(s.day(date).unwrap().fluids.len(), 1);
    }
}
