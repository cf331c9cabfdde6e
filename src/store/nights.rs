//! Nights and their cramp episodes, and the answers the morning reminder gives for a night.

use chrono::{DateTime, FixedOffset, NaiveDate};
use rusqlite::{params, Connection};

use super::{corrupt, corrupt_row, date_at, key_of, parse, settings::read_profile, Range, Store};
use crate::domain::{ClockTime, Episode, Night, NightStatus};
use crate::error::{Error, Result};
use crate::validate::check;

/// A night saved by [`Store::replace_night`], with what the save changed.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Replaced {
    /// The night as stored now.
    pub night: Night,
    /// What changed, one plain sentence each (empty for a new night or no change).
    pub changes: Vec<String>,
}

/// What "No cramps" on the morning reminder did ([`Store::answer_no_cramps`]).
#[derive(Debug, Clone, PartialEq)]
pub enum NoCrampsAnswer {
    /// The night was saved without cramps; the app will say so and offer Undo.
    Saved(Night),
    /// It was already logged without cramps: nothing was written.
    AlreadyCrampFree,
}

impl Store {
    /// Saves a night with its episodes, replacing whatever that date held; returns the old one.
    pub fn save_night(&mut self, night: &Night) -> Result<Option<Night>> {
        night_rules(&self.conn, self.today(), night)?;
        let mut night = night.clone();
        if night.logged_at.is_none() {
            night.logged_at = Some(self.now());
        }
        self.write(|tx| {
            let old = read_night(tx, night.date)?;
            put_night(tx, &night)?;
            Ok(old)
        })
    }

    /// Reads the night of `date` (if logged), builds the new night from it with `change`,
    /// checks and writes it, all in one transaction; returns the old night and the new one.
    pub fn edit_night(
        &mut self,
        date: NaiveDate,
        change: impl FnOnce(Option<&Night>) -> Result<Night>,
    ) -> Result<(Option<Night>, Night)> {
        let today = self.today();
        let now = self.now();
        self.write(|tx| edit_night_in(tx, today, now, date, change))
    }

    /// Saves `night` over its date only if the stored night is still the one the caller last
    /// saw (`seen`, `None` when it saw none); otherwise refuses with a conflict that says
    /// what changed meanwhile, and writes nothing. Returns the saved night and what changed.
    pub fn replace_night(&mut self, night: &Night, seen: Option<&Night>) -> Result<Replaced> {
        let (old, new) = self.edit_night(night.date, |old| {
            if old != seen {
                let what = match (seen, old) {
                    (Some(s), Some(o)) => crate::changes::night_changes(s, o).join("; "),
                    (None, Some(_)) => "it was logged".into(),
                    (_, None) => "it was deleted".into(),
                };
                return Err(Error::Conflict(format!(
                    "this night was changed somewhere else after you opened it ({what}); nothing was saved"
                )));
            }
            let mut n = night.clone();
            n.logged_at = None;
            Ok(n)
        })?;
        let changes = old.as_ref().map(|o| crate::changes::night_changes(o, &new)).unwrap_or_default();
        Ok(Replaced { night: new, changes })
    }

    /// Adds one episode to a night, creating it or marking it as a cramp night; returns the night.
    pub fn add_episode(&mut self, date: NaiveDate, episode: &Episode) -> Result<Night> {
        let (_, night) = self.edit_night(date, |old| {
            let mut night = old.cloned().unwrap_or_else(|| Night::new(date, NightStatus::Cramps));
            night.status = NightStatus::Cramps;
            night.episodes.push(episode.clone());
            Ok(night)
        })?;
        Ok(night)
    }

    /// Deletes a night and its episodes; returns what was deleted.
    pub fn delete_night(&mut self, date: NaiveDate) -> Result<Night> {
        self.write(|tx| {
            let old = read_night(tx, date)?.ok_or_else(|| Error::NotFound(format!("no night is logged for {date}")))?;
            tx.execute("DELETE FROM nights WHERE date = ?1", [date.to_string()])?;
            Ok(old)
        })
    }

    /// Puts back a deleted night exactly as it was (its time of logging too), as long as
    /// nothing has been logged for that date since; returns it.
    pub fn undelete_night(&mut self, night: &Night) -> Result<Night> {
        night_rules(&self.conn, self.today(), night)?;
        self.write(|tx| {
            if read_night(tx, night.date)?.is_some() {
                return Err(Error::Conflict(format!(
                    "a night has been logged for {} since it was deleted; nothing was put back",
                    night.date
                )));
            }
            put_night(tx, night)?;
            Ok(night.clone())
        })
    }

    /// The night of `date`, if logged.
    pub fn night(&self, date: NaiveDate) -> Result<Option<Night>> {
        read_night(&self.conn, date)
    }

    /// Logged nights in `[from, to]` (either end open), by date.
    pub fn nights(&self, from: Option<NaiveDate>, to: Option<NaiveDate>) -> Result<Vec<Night>> {
        read_nights(&self.conn, &Range::new(from, to))
    }

    /// Up to `limit` logged nights before `before` (all dates if `None`), newest first.
    pub fn nights_before(&self, before: Option<NaiveDate>, limit: usize) -> Result<Vec<Night>> {
        let to = Range::new(None, before.and_then(|d| d.pred_opt())).to;
        let oldest: Option<String> = self.conn.query_row(
            "SELECT min(date) FROM (SELECT date FROM nights WHERE date <= ?1 ORDER BY date DESC LIMIT ?2)",
            params![to, limit as i64],
            |r| r.get(0),
        )?;
        let Some(from) = oldest else { return Ok(Vec::new()) };
        let mut nights = read_nights(&self.conn, &Range { from, to })?;
        nights.reverse();
        Ok(nights)
    }

    // ----- answers from the morning reminder -----------------------------------------

    /// "No cramps" on the morning reminder: logs `date` as a night without cramps and
    /// remembers that the reminder did it (so the app can say so and offer Undo), in one
    /// transaction. An entry already there is never overwritten: a night logged with cramps or
    /// as "not sure" is refused (a conflict that says so), one already without cramps is left
    /// as it is ([`NoCrampsAnswer::AlreadyCrampFree`]).
    pub fn answer_no_cramps(&mut self, date: NaiveDate) -> Result<NoCrampsAnswer> {
        let (today, now) = (self.today(), self.now());
        self.write(|tx| {
            match read_night(tx, date)? {
                Some(n) if n.status == NightStatus::None => return Ok(NoCrampsAnswer::AlreadyCrampFree),
                Some(n) => return Err(Error::Conflict(crate::reminder::refused(&n))),
                None => {}
            }
            let (_, night) = edit_night_in(tx, today, now, date, |old| match old {
                None => Ok(Night::new(date, NightStatus::None)),
                Some(_) => unreachable!("read just above in the same transaction"),
            })?;
            let logged_at = night.logged_at.expect("edit_night_in stamps the night").to_rfc3339();
            tx.execute(
                "INSERT INTO reminder_answers (night, logged_at) VALUES (?1, ?2)
                 ON CONFLICT (night) DO UPDATE SET logged_at = excluded.logged_at",
                params![date, logged_at],
            )?;
            Ok(NoCrampsAnswer::Saved(night))
        })
    }

    /// The nights the reminder's "No cramps" saved that the app has not yet confirmed, by
    /// date; only those still exactly as the reminder saved them (one changed since, say by
    /// adding a cramp, is no longer the reminder's to undo).
    pub fn reminder_answers(&self) -> Result<Vec<Night>> {
        answered_nights(&self.conn)
    }

    /// The app said so and the person confirmed it: the message about `date` does not come back.
    pub fn dismiss_reminder_answer(&mut self, date: NaiveDate) -> Result<()> {
        self.write(|tx| {
            tx.execute("DELETE FROM reminder_answers WHERE night = ?1", [date])?;
            Ok(())
        })
    }

    /// Undo of the reminder's "No cramps": removes the night of `date` only while it is still
    /// the unchanged entry the reminder saved, and the message with it; returns the night removed.
    pub fn undo_reminder_answer(&mut self, date: NaiveDate) -> Result<Night> {
        self.write(|tx| {
            let Some(night) = answered_nights(tx)?.into_iter().find(|n| n.date == date) else {
                tx.execute("DELETE FROM reminder_answers WHERE night = ?1", [date])?;
                return Err(Error::Conflict(crate::reminder::undo_refused(date)));
            };
            // Its reminder_answers row goes with it (ON DELETE CASCADE).
            tx.execute("DELETE FROM nights WHERE date = ?1", [date])?;
            Ok(night)
        })
    }
}

/// The rules for one night, with the year of birth the diary records.
fn night_rules(c: &Connection, today: NaiveDate, night: &Night) -> Result<()> {
    let born = read_profile(c)?.birth_year;
    check(today, |k| {
        k.set_birth_year(born);
        k.night(night, "")
    })
}

/// [`Store::edit_night`] inside the caller's transaction `tx`.
fn edit_night_in(
    tx: &Connection,
    today: NaiveDate,
    now: DateTime<FixedOffset>,
    date: NaiveDate,
    change: impl FnOnce(Option<&Night>) -> Result<Night>,
) -> Result<(Option<Night>, Night)> {
    let old = read_night(tx, date)?;
    let mut night = change(old.as_ref())?;
    if night.date != date {
        return Err(Error::invalid("date", night.date, format!("must stay {date} when editing that night")));
    }
    night.logged_at.get_or_insert(now);
    night_rules(tx, today, &night)?;
    put_night(tx, &night)?;
    Ok((old, night))
}

/// The nights in `reminder_answers` that are still exactly what the reminder saved: without
/// cramps, nothing else recorded, and logged at the moment it recorded.
fn answered_nights(c: &Connection) -> Result<Vec<Night>> {
    let mut st = c.prepare_cached("SELECT night, logged_at FROM reminder_answers ORDER BY night")?;
    let rows =
        st.query_map([], |r| Ok((date_at(r, 0)?, r.get::<_, String>(1)?)))?.collect::<rusqlite::Result<Vec<_>>>()?;
    let mut out = Vec::new();
    for (date, logged_at) in rows {
        let Some(n) = read_night(c, date)? else { continue };
        let mut unchanged = Night::new(date, NightStatus::None);
        unchanged.logged_at = n.logged_at;
        if n == unchanged && n.logged_at.is_some_and(|t| t.to_rfc3339() == logged_at) {
            out.push(n);
        }
    }
    Ok(out)
}

pub(super) fn put_night(tx: &Connection, n: &Night) -> Result<()> {
    tx.execute(
        "INSERT INTO nights (date, status, sleep_disturbance, logged_at, notes) VALUES (?1, ?2, ?3, ?4, ?5)
         ON CONFLICT (date) DO UPDATE SET status = excluded.status, sleep_disturbance = excluded.sleep_disturbance,
             logged_at = excluded.logged_at, notes = excluded.notes",
        params![n.date, n.status.as_str(), n.sleep_disturbance, n.logged_at.map(|t| t.to_rfc3339()), n.notes],
    )?;
    tx.execute("DELETE FROM episodes WHERE night_date = ?1", [n.date])?;
    let mut st = tx.prepare_cached(
        "INSERT INTO episodes (night_date, seq, time, duration_min, intensity, side, muscle, relieved_by, soreness_after)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    )?;
    for (i, e) in n.episodes.iter().enumerate() {
        st.execute(params![
            n.date,
            i as i64,
            e.time.map(|t| t.to_string()),
            e.duration_min,
            e.intensity,
            e.side.map(|s| s.as_str()),
            e.muscle.map(|m| m.as_str()),
            serde_json::to_string(&e.relieved_by).expect("a list of names serializes"),
            e.soreness_after,
        ])?;
    }
    Ok(())
}

pub(super) fn read_night(c: &Connection, date: NaiveDate) -> Result<Option<Night>> {
    let d = Some(date);
    Ok(read_nights(c, &Range::new(d, d))?.pop())
}

pub(super) fn read_nights(c: &Connection, range: &Range) -> Result<Vec<Night>> {
    let mut st = c.prepare_cached(
        "SELECT date, status, sleep_disturbance, logged_at, notes FROM nights WHERE date BETWEEN ?1 AND ?2 ORDER BY date",
    )?;
    let mut nights = Vec::new();
    let mut rows = st.query([&range.from, &range.to])?;
    while let Some(r) = rows.next()? {
        let night = (|| -> Result<Night> {
            let status: String = r.get(1)?;
            let logged_at: Option<String> = r.get(3)?;
            Ok(Night {
                date: date_at(r, 0)?,
                status: status.parse().map_err(|e| corrupt("status", &status, e))?,
                sleep_disturbance: r.get(2)?,
                logged_at: logged_at
                    .map(|s| DateTime::parse_from_rfc3339(&s).map_err(|e| corrupt("logged_at", &s, e.to_string())))
                    .transpose()?,
                notes: r.get(4)?,
                episodes: Vec::new(),
            })
        })()
        .map_err(|e| corrupt_row("nights", &format!("night {}", key_of(r, 0)), e))?;
        nights.push(night);
    }
    let mut st = c.prepare_cached(
        "SELECT night_date, time, duration_min, intensity, side, muscle, relieved_by, soreness_after
         FROM episodes WHERE night_date BETWEEN ?1 AND ?2 ORDER BY night_date, seq",
    )?;
    let mut rows = st.query([&range.from, &range.to])?;
    let mut i = 0;
    while let Some(r) = rows.next()? {
        let date = date_at(r, 0).map_err(|e| corrupt_row("episodes", "night_date", e))?;
        while i < nights.len() && nights[i].date < date {
            i += 1;
        }
        if nights.get(i).is_none_or(|n| n.date != date) {
            return Err(corrupt_row("episodes", &format!("night {date}"), "it belongs to no logged night"));
        }
        let episode = (|| -> Result<Episode> {
            let relieved: String = r.get(6)?;
            Ok(Episode {
                time: parse::<ClockTime>("time", r.get(1)?)?,
                duration_min: r.get(2)?,
                intensity: r.get(3)?,
                side: parse("side", r.get(4)?)?,
                muscle: parse("muscle", r.get(5)?)?,
                relieved_by: serde_json::from_str(&relieved)
                    .map_err(|e| corrupt("relieved_by", &relieved, e.to_string()))?,
                soreness_after: r.get(7)?,
            })
        })()
        .map_err(|e| corrupt_row("episodes", &format!("night {date}, cramp {}", nights[i].episodes.len() + 1), e))?;
        nights[i].episodes.push(episode);
    }
    Ok(nights)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Profile;
    use crate::store::test_support::*;
    use crate::store::Counts;

    #[test]
    fn nights_and_the_year_of_birth_hold_each_other_to_account() {
        let (_dir, mut s) = store();
        s.set_profile(&Profile { birth_year: Some(1950), ..Profile::default() }).unwrap();
        let e = s.save_night(&Night::new(d("1949-06-01"), NightStatus::None)).unwrap_err();
        assert!(e.to_string().contains("year of birth (1950)"), "{e}");
        s.save_night(&Night::new(d("1960-06-01"), NightStatus::None)).unwrap();
        let e = s.add_episode(d("1949-07-01"), &Episode::default()).unwrap_err();
        assert!(e.to_string().contains("year of birth"), "{e}");
        let e = s.set_profile(&Profile { birth_year: Some(1961), ..Profile::default() }).unwrap_err();
        assert!(e.to_string().contains("after the first night in the diary (1960-06-01)"), "{e}");
        assert_eq!(s.profile().unwrap().birth_year, Some(1950));
        assert_eq!(s.counts().unwrap().nights, 1);
    }

    #[test]
    fn night_round_trips_verbatim_and_replaces() {
        let (_dir, mut s) = store();
        let n = cramp_night("2026-03-05");
        assert_eq!(s.save_night(&n).unwrap(), None);
        let back = s.night(d("2026-03-05")).unwrap().unwrap();
        assert!(back.logged_at.is_some());
        assert_eq!(Night { logged_at: None, ..back.clone() }, n);

        let none = Night::new(d("2026-03-05"), NightStatus::None);
        let old = s.save_night(&none).unwrap().unwrap();
        assert_eq!(old.episodes.len(), 2);
        assert!(s.night(d("2026-03-05")).unwrap().unwrap().episodes.is_empty());
        assert_eq!(s.counts().unwrap().episodes, 0);
    }

    #[test]
    fn bad_night_writes_nothing() {
        let (_dir, mut s) = store();
        let mut n = cramp_night("2026-03-05");
        n.episodes[1].intensity = Some(11);
        let err = s.save_night(&n).unwrap_err();
        assert_eq!(err.kind(), "invalid");
        assert!(err.to_string().contains("episodes[1].intensity"), "{err}");
        assert_eq!(s.counts().unwrap(), Counts::default());
    }

    #[test]
    fn add_episode_marks_the_night_as_cramps() {
        let (_dir, mut s) = store();
        s.save_night(&Night::new(d("2026-03-05"), NightStatus::None)).unwrap();
        let e = Episode { intensity: Some(5), ..Default::default() };
        let n = s.add_episode(d("2026-03-05"), &e).unwrap();
        assert_eq!((n.status, n.episodes.len()), (NightStatus::Cramps, 1));
        let n = s.add_episode(d("2026-03-05"), &e).unwrap();
        assert_eq!(n.episodes.len(), 2);
        let bad = Episode { duration_min: Some(-1.0), ..Default::default() };
        let err = s.add_episode(d("2026-03-05"), &bad).unwrap_err();
        assert!(err.to_string().contains("episodes[2].duration_min"), "{err}");
        assert_eq!(s.night(d("2026-03-05")).unwrap().unwrap().episodes.len(), 2);
    }

    #[test]
    fn nights_before_pages_newest_first() {
        let (_dir, mut s) = store();
        for date in ["2016-01-02", "2026-03-05", "2026-03-07", "2026-03-09"] {
            s.save_night(&cramp_night(date)).unwrap();
        }
        let dates = |v: Vec<Night>| v.into_iter().map(|n| n.date.to_string()).collect::<Vec<_>>();
        assert_eq!(dates(s.nights_before(None, 2).unwrap()), ["2026-03-09", "2026-03-07"]);
        assert_eq!(dates(s.nights_before(Some(d("2026-03-07")), 2).unwrap()), ["2026-03-05", "2016-01-02"]);
        assert!(s.nights_before(Some(d("2016-01-02")), 5).unwrap().is_empty());
        assert!(s.nights_before(None, 9).unwrap().iter().all(|n| n.episodes.len() == 2));
    }

    #[test]
    fn delete_night_cascades_and_reports_missing() {
        let (_dir, mut s) = store();
        s.save_night(&cramp_night("2026-03-05")).unwrap();
        assert_eq!(s.delete_night(d("2026-03-05")).unwrap().episodes.len(), 2);
        assert_eq!(s.counts().unwrap(), Counts::default());
        assert_eq!(s.delete_night(d("2026-03-05")).unwrap_err().kind(), "not_found");
    }

    #[test]
    fn range_listing_is_inclusive_and_ordered() {
        let (_dir, mut s) = store();
        for date in ["2026-03-07", "2026-03-05", "2026-03-06", "2026-03-09"] {
            s.save_night(&cramp_night(date)).unwrap();
        }
        let got: Vec<_> = s
            .nights(Some(d("2026-03-06")), Some(d("2026-03-07")))
            .unwrap()
            .into_iter()
            .map(|n| n.date.to_string())
            .collect();
        assert_eq!(got, ["2026-03-06", "2026-03-07"]);
        assert!(s.nights(None, None).unwrap().iter().all(|n| n.episodes.len() == 2));
    }

    #[test]
    fn replace_night_saves_over_what_was_seen_and_refuses_what_changed_meanwhile() {
        let (_dir, mut s) = store();
        let first = s.replace_night(&cramp_night("2026-03-05"), None).unwrap();
        assert!(first.changes.is_empty(), "a new night has nothing to compare");
        let seen = first.night.clone();

        // Someone else (the CLI, another window) edits it.
        let mut elsewhere = seen.clone();
        elsewhere.notes = "edited in the terminal".into();
        elsewhere.logged_at = None;
        s.save_night(&elsewhere).unwrap();
        let meanwhile = s.night(seen.date).unwrap();

        let mut mine = seen.clone();
        mine.status = NightStatus::None;
        mine.episodes.clear();
        let err = s.replace_night(&mine, Some(&seen)).unwrap_err();
        assert_eq!(err.kind(), "conflict");
        assert!(err.to_string().contains("notes changed"), "{err}");
        assert_eq!(s.night(seen.date).unwrap(), meanwhile, "nothing was written");
        assert_eq!(s.replace_night(&mine, None).unwrap_err().kind(), "conflict", "it exists now");

        let done = s.replace_night(&mine, meanwhile.as_ref()).unwrap();
        assert_eq!(
            done.changes,
            ["the night: 2 cramps → no cramps", "notes changed", "cramp 1 removed", "cramp 2 removed"]
        );
        assert_eq!(s.night(seen.date).unwrap().unwrap(), done.night);
        let gone = s.delete_night(seen.date).unwrap();
        assert_eq!(s.replace_night(&mine, Some(&done.night)).unwrap_err().kind(), "conflict", "it was deleted");

        // Undo puts it back exactly, once.
        assert_eq!(s.undelete_night(&gone).unwrap(), gone);
        assert_eq!(s.night(seen.date).unwrap().unwrap(), gone, "time of logging kept");
        assert_eq!(s.undelete_night(&gone).unwrap_err().kind(), "conflict");
    }

    fn answers_in_the_file(s: &Store) -> i64 {
        s.read(|c| Ok(c.query_row("SELECT count(*) FROM reminder_answers", [], |r| r.get(0))?)).unwrap()
    }

    #[test]
    fn no_cramps_from_the_reminder_logs_an_empty_night_once_and_never_overwrites() {
        let (_dir, mut s) = store();
        let night = d("2026-11-22");
        let NoCrampsAnswer::Saved(saved) = s.answer_no_cramps(night).unwrap() else { panic!("saved") };
        assert_eq!((saved.status, saved.episodes.len()), (NightStatus::None, 0));
        assert!(saved.logged_at.is_some(), "stamped like any save");
        assert_eq!(s.night(night).unwrap(), Some(saved.clone()));
        assert_eq!(s.reminder_answers().unwrap(), std::slice::from_ref(&saved));
        // Already without cramps: nothing to do, and the one entry stays the reminder's.
        assert_eq!(s.answer_no_cramps(night).unwrap(), NoCrampsAnswer::AlreadyCrampFree);
        assert_eq!(s.night(night).unwrap(), Some(saved.clone()));
        assert_eq!(answers_in_the_file(&s), 1);
        // A night logged without cramps by hand is left alone and not the reminder's to undo.
        let by_hand = d("2026-11-20");
        s.save_night(&Night::new(by_hand, NightStatus::None)).unwrap();
        assert_eq!(s.answer_no_cramps(by_hand).unwrap(), NoCrampsAnswer::AlreadyCrampFree);
        assert_eq!(s.reminder_answers().unwrap(), [saved]);
        // A night with cramps, or "not sure", is refused whole.
        let cramps = cramp_night("2026-11-21");
        s.save_night(&cramps).unwrap();
        let before = s.night(cramps.date).unwrap();
        let e = s.answer_no_cramps(cramps.date).unwrap_err();
        assert_eq!(e.kind(), "conflict");
        assert_eq!(
            e.to_string(),
            "The night of Saturday 21 November is already in your diary with cramps, so “No cramps” from the reminder did not change it."
        );
        assert_eq!(s.night(cramps.date).unwrap(), before, "not overwritten");
        s.save_night(&Night::new(d("2026-11-19"), NightStatus::Unknown)).unwrap();
        assert_eq!(s.answer_no_cramps(d("2026-11-19")).unwrap_err().kind(), "conflict");
        assert_eq!(s.night(d("2026-11-19")).unwrap().unwrap().status, NightStatus::Unknown);
        assert_eq!(answers_in_the_file(&s), 1, "only the night it saved");
        // A night that has not happened yet is refused like any save.
        assert_eq!(s.answer_no_cramps(d("2026-11-25")).unwrap_err().kind(), "invalid");
        assert_eq!(s.night(d("2026-11-25")).unwrap(), None);
    }

    #[test]
    fn undo_of_the_reminders_answer_removes_only_the_unchanged_entry() {
        let (_dir, mut s) = store();
        let night = d("2026-11-22");
        s.answer_no_cramps(night).unwrap();
        let removed = s.undo_reminder_answer(night).unwrap();
        assert_eq!(removed.status, NightStatus::None);
        assert_eq!(s.night(night).unwrap(), None, "the night is not logged any more");
        assert!(s.reminder_answers().unwrap().is_empty());
        assert_eq!(answers_in_the_file(&s), 0);
        assert_eq!(s.undo_reminder_answer(night).unwrap_err().kind(), "conflict", "nothing left to undo");

        // Changed since (a note, a cramp): no longer the reminder's entry; Undo refuses and keeps it.
        s.answer_no_cramps(night).unwrap();
        let seen = s.night(night).unwrap();
        let mut noted = seen.clone().unwrap();
        noted.notes = "slept well".into();
        s.replace_night(&noted, seen.as_ref()).unwrap();
        assert!(s.reminder_answers().unwrap().is_empty(), "no message about an entry that changed");
        let e = s.undo_reminder_answer(night).unwrap_err();
        assert_eq!(
            e.to_string(),
            "The night of Sunday 22 November was changed or removed since the reminder saved it, so Undo left it as it is."
        );
        assert_eq!(s.night(night).unwrap().unwrap().notes, "slept well", "kept");
        s.delete_night(night).unwrap();
        s.answer_no_cramps(night).unwrap();
        s.add_episode(night, &cramp_night("2026-11-22").episodes[0]).unwrap();
        assert!(s.reminder_answers().unwrap().is_empty());
        assert_eq!(s.undo_reminder_answer(night).unwrap_err().kind(), "conflict");
        assert_eq!(s.night(night).unwrap().unwrap().episodes.len(), 1, "the cramp stays");
    }

    #[test]
    fn the_reminders_answer_is_confirmed_once_survives_reopening_and_goes_with_its_night() {
        let (dir, mut s) = store();
        let (a, b) = (d("2026-11-21"), d("2026-11-22"));
        s.answer_no_cramps(a).unwrap();
        s.answer_no_cramps(b).unwrap();
        drop(s);
        let mut s = Store::open(dir.path().join("diary.db")).unwrap().with_today(d("2026-11-23"));
        let dates: Vec<_> = s.reminder_answers().unwrap().into_iter().map(|n| n.date).collect();
        assert_eq!(dates, [a, b], "both wait, after a restart too");
        s.dismiss_reminder_answer(a).unwrap();
        assert_eq!(s.reminder_answers().unwrap().len(), 1);
        assert_eq!(s.night(a).unwrap().unwrap().status, NightStatus::None, "confirming keeps the night");
        s.delete_night(b).unwrap();
        assert_eq!(answers_in_the_file(&s), 0, "deleting the night takes its message with it");
    }
}
