//! Self-experiment trials: plan, record each night's adherence, stop, read.

use chrono::{DateTime, NaiveDate};
use rusqlite::{params, Connection};

use super::{corrupt, corrupt_row, date_at, nights::read_nights, Range, Store};
use crate::domain::Diary;
use crate::error::{Error, Result};
use crate::trial::{Adherence, Design, PlanRequest, Remedy, Rule, Trial};

impl Store {
    /// Designs a trial against the diary as stored and saves it, in one transaction;
    /// refused while another trial runs.
    pub fn plan_trial(&mut self, req: &PlanRequest) -> Result<Trial> {
        let today = self.today();
        let planned_at = self.now();
        self.write(|tx| {
            if let Some(t) = read_trials(tx)?.into_iter().rev().find(|t| t.running(today)) {
                return Err(Error::Conflict(format!(
                    "a trial of {} is already running (until the night of {}); stop it first with `trial stop`",
                    t.design.remedy,
                    t.design.end()
                )));
            }
            let from = today.checked_sub_days(chrono::Days::new(120)).unwrap_or(today);
            let diary = Diary { nights: read_nights(tx, &Range::new(Some(from), None))?, ..Diary::default() };
            let design = crate::trial::design(req, &diary, today)?;
            let trial = Trial { design, planned_at, stopped_on: None, adherence: Vec::new() };
            insert_trial(tx, &trial)?;
            Ok(trial)
        })
    }

    /// Every trial, oldest first.
    pub fn trials(&self) -> Result<Vec<Trial>> {
        read_trials(&self.conn)
    }

    /// The latest trial, running or not.
    pub fn current_trial(&self) -> Result<Option<Trial>> {
        Ok(read_trials(&self.conn)?.pop())
    }

    /// Records whether the night of `date` was kept to its arm in the latest trial.
    pub fn record_adherence(&mut self, date: NaiveDate, done: bool) -> Result<Trial> {
        let today = self.today();
        self.write(|tx| {
            let (id, mut t) = latest_trial(tx)?;
            if t.design.block_on(date).is_none() {
                return Err(Error::invalid(
                    "date",
                    date,
                    format!("must be a night of the trial's blocks ({} to {})", t.design.start, t.design.end()),
                ));
            }
            if date > today {
                return Err(Error::invalid("date", date, format!("must not be after today ({today})")));
            }
            if t.stopped_on.is_some_and(|s| date >= s) {
                return Err(Error::invalid("date", date, "must be before the night the trial was stopped"));
            }
            tx.execute(
                "INSERT INTO trial_nights (trial_id, date, done) VALUES (?1, ?2, ?3)
                 ON CONFLICT (trial_id, date) DO UPDATE SET done = excluded.done",
                params![id, date, done],
            )?;
            match t.adherence.binary_search_by_key(&date, |a| a.date) {
                Ok(i) => t.adherence[i].done = done,
                Err(i) => t.adherence.insert(i, Adherence { date, done }),
            }
            Ok(t)
        })
    }

    /// Stops the running trial from tonight on; its result then says it was stopped early.
    pub fn stop_trial(&mut self) -> Result<Trial> {
        let today = self.today();
        self.write(|tx| {
            let (id, mut t) = latest_trial(tx)?;
            if !t.running(today) {
                return Err(Error::Conflict("no trial is running; there is nothing to stop".into()));
            }
            let on = today.max(t.design.baseline_from);
            tx.execute("UPDATE trials SET stopped_on = ?1 WHERE id = ?2", params![on, id])?;
            t.stopped_on = Some(on);
            Ok(t)
        })
    }
}

pub(super) fn insert_trial(tx: &Connection, t: &Trial) -> Result<i64> {
    let d = &t.design;
    tx.execute(
        "INSERT INTO trials (remedy, remedy_name, baseline_from, baseline_nights, baseline_already_logged, start,
            block_nights, pairs, seed, min_p_fewer, min_difference_per_week, planned_at, stopped_on)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
        params![
            d.remedy.as_str(),
            d.remedy_name,
            d.baseline_from,
            d.baseline_nights,
            d.baseline_already_logged,
            d.start,
            d.block_nights,
            d.pairs,
            d.seed as i64,
            d.rule.min_p_fewer,
            d.rule.min_difference_per_week,
            t.planned_at.to_rfc3339(),
            t.stopped_on,
        ],
    )?;
    let id = tx.last_insert_rowid();
    let mut st = tx.prepare_cached("INSERT INTO trial_nights (trial_id, date, done) VALUES (?1, ?2, ?3)")?;
    for a in &t.adherence {
        st.execute(params![id, a.date, a.done])?;
    }
    Ok(id)
}

fn latest_trial(c: &Connection) -> Result<(i64, Trial)> {
    read_trials_with_ids(c)?.pop().ok_or_else(|| Error::NotFound("no trial has been planned yet (`trial plan`)".into()))
}

pub(super) fn read_trials(c: &Connection) -> Result<Vec<Trial>> {
    Ok(read_trials_with_ids(c)?.into_iter().map(|(_, t)| t).collect())
}

fn read_trials_with_ids(c: &Connection) -> Result<Vec<(i64, Trial)>> {
    let mut st = c.prepare_cached(
        "SELECT id, remedy, remedy_name, baseline_from, baseline_nights, baseline_already_logged, start, block_nights,
            pairs, seed, min_p_fewer, min_difference_per_week, planned_at, stopped_on FROM trials ORDER BY id",
    )?;
    let mut rows = st.query([])?;
    let mut out = Vec::new();
    while let Some(r) = rows.next()? {
        let id: i64 = r.get(0)?;
        let row = format!("trial {id}");
        let bad = |e: rusqlite::Error| corrupt_row("trials", &row, e);
        let remedy: String = r.get(1).map_err(bad)?;
        let remedy: Remedy = remedy.parse().map_err(|e: String| corrupt("trials.remedy", &remedy, e))?;
        let planned: String = r.get(12).map_err(bad)?;
        let planned_at = DateTime::parse_from_rfc3339(&planned)
            .map_err(|e| corrupt("trials.planned_at", &planned, e.to_string()))?;
        let design = Design {
            remedy,
            remedy_name: r.get(2).map_err(bad)?,
            baseline_from: date_at(r, 3).map_err(bad)?,
            baseline_nights: r.get(4).map_err(bad)?,
            baseline_already_logged: r.get(5).map_err(bad)?,
            start: date_at(r, 6).map_err(bad)?,
            block_nights: r.get(7).map_err(bad)?,
            pairs: r.get(8).map_err(bad)?,
            seed: r.get::<_, i64>(9).map_err(bad)? as u64,
            rule: Rule { min_p_fewer: r.get(10).map_err(bad)?, min_difference_per_week: r.get(11).map_err(bad)? },
        };
        let stopped_on = match r.get_ref(13).map_err(bad)? {
            rusqlite::types::ValueRef::Null => None,
            _ => Some(date_at(r, 13).map_err(bad)?),
        };
        out.push((id, Trial { design, planned_at, stopped_on, adherence: Vec::new() }));
    }
    let mut st = c.prepare_cached("SELECT trial_id, date, done FROM trial_nights ORDER BY trial_id, date")?;
    let mut rows = st.query([])?;
    while let Some(r) = rows.next()? {
        let id: i64 = r.get(0)?;
        let bad = |e: rusqlite::Error| corrupt_row("trial_nights", &format!("trial {id}"), e);
        let a = Adherence { date: date_at(r, 1).map_err(bad)?, done: r.get(2).map_err(bad)? };
        if let Some((_, t)) = out.iter_mut().find(|(i, _)| *i == id) {
            t.adherence.push(a);
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use crate::domain::{Night, NightStatus};
    use crate::store::test_support::*;
    use crate::trial::{PlanRequest, Remedy};

    /// A store whose last 14 nights are logged, so a plan's blocks start tonight.
    fn ready() -> (tempfile::TempDir, crate::Store) {
        let (dir, mut s) = store();
        for k in 1..=14 {
            let status = if k % 2 == 0 { NightStatus::Cramps } else { NightStatus::None };
            s.save_night(&Night::new(s.today() - chrono::Days::new(k), status)).unwrap();
        }
        (dir, s)
    }

    #[test]
    fn one_trial_runs_at_a_time_and_is_read_back_as_planned() {
        let (_dir, mut s) = ready();
        let t = s.plan_trial(&PlanRequest::new(Remedy::Stretching, 7)).unwrap();
        assert_eq!(t.design.start, s.today(), "the baseline is already logged");
        assert_eq!(s.current_trial().unwrap().as_ref(), Some(&t));
        let err = s.plan_trial(&PlanRequest::new(Remedy::Stretching, 8)).unwrap_err();
        assert_eq!(err.kind(), "conflict");
        assert!(err.to_string().contains("already running"), "{err}");
        assert_eq!(s.trials().unwrap(), [t]);
    }

    #[test]
    fn adherence_is_kept_per_block_night_and_refused_outside_the_blocks_the_future_and_a_stop() {
        let (_dir, mut s) = ready();
        let t = s.plan_trial(&PlanRequest::new(Remedy::Stretching, 7)).unwrap();
        let tonight = t.design.start;
        assert_eq!(s.record_adherence(tonight, true).unwrap().done_on(tonight), Some(true));
        assert_eq!(s.record_adherence(tonight, false).unwrap().done_on(tonight), Some(false), "changed, not added");
        assert_eq!(s.current_trial().unwrap().unwrap().adherence.len(), 1);
        for (date, rule) in [
            (tonight - chrono::Days::new(1), "a night of the trial's blocks"),
            (tonight + chrono::Days::new(1), "after today"),
        ] {
            let err = s.record_adherence(date, true).unwrap_err();
            assert!(err.to_string().contains("date") && err.to_string().contains(rule), "{date}: {err}");
        }
        let stopped = s.stop_trial().unwrap();
        assert_eq!(stopped.stopped_on, Some(tonight));
        assert!(!stopped.running(tonight));
        let err = s.record_adherence(tonight, true).unwrap_err();
        assert!(err.to_string().contains("before the night the trial was stopped"), "{err}");
        assert_eq!(s.stop_trial().unwrap_err().kind(), "conflict", "nothing left to stop");
        assert_eq!(s.current_trial().unwrap().unwrap().done_on(tonight), Some(false), "the refusals wrote nothing");
    }

    #[test]
    fn with_no_trial_there_is_nothing_to_record_or_stop() {
        let (_dir, mut s) = store();
        assert_eq!(s.current_trial().unwrap(), None);
        assert!(s.record_adherence(s.today(), true).is_err());
        assert!(s.stop_trial().is_err());
    }
}
