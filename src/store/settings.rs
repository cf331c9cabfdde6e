//! The profile, the app's preferences, and the days the reminders were last shown.

use chrono::{Datelike, NaiveDate};
use rusqlite::{params, Connection, OptionalExtension};

use super::{corrupt, Store};
use crate::domain::{Profile, Settings};
use crate::error::{Error, Result};
use crate::validate::check;

impl Store {
    /// The profile.
    pub fn profile(&self) -> Result<Profile> {
        read_profile(&self.conn)
    }

    /// Replaces the profile.
    pub fn set_profile(&mut self, p: &Profile) -> Result<()> {
        check(self.today(), |c| c.profile(p, ""))?;
        self.write(|tx| {
            if let Some(year) = p.birth_year {
                let first: Option<NaiveDate> = tx.query_row("SELECT min(date) FROM nights", [], |r| r.get(0))?;
                if let Some(first) = first.filter(|f| f.year() < year) {
                    return Err(Error::invalid(
                        "birth_year",
                        year,
                        format!("must not be after the first night in the diary ({first})"),
                    ));
                }
            }
            put_profile(tx, p)
        })
    }

    // ----- settings -----------------------------------------------------------------

    /// The app's preferences.
    pub fn settings(&self) -> Result<Settings> {
        let row = self.conn.query_row(
            "SELECT reminder_enabled, reminder_time, start_at_login, text_size, theme, reminder_discreet, \
             evening_reminder_enabled, evening_reminder_time, date_order, clock FROM settings WHERE id = 1",
            [],
            |r| {
                Ok((
                    (r.get::<_, bool>(0)?, r.get::<_, String>(1)?, r.get::<_, bool>(2)?),
                    (r.get::<_, String>(3)?, r.get::<_, String>(4)?, r.get::<_, bool>(5)?),
                    (r.get::<_, bool>(6)?, r.get::<_, String>(7)?),
                    (r.get::<_, String>(8)?, r.get::<_, String>(9)?),
                ))
            },
        )?;
        let (
            (reminder_enabled, time, start_at_login),
            (size, theme, reminder_discreet),
            (evening_enabled, evening),
            (order, clock),
        ) = row;
        Ok(Settings {
            reminder_enabled,
            reminder_discreet,
            reminder_time: time.parse().map_err(|e| corrupt("settings.reminder_time", &time, e))?,
            evening_reminder_enabled: evening_enabled,
            evening_reminder_time: evening
                .parse()
                .map_err(|e| corrupt("settings.evening_reminder_time", &evening, e))?,
            start_at_login,
            text_size: size.parse().map_err(|e| corrupt("settings.text_size", &size, e))?,
            theme: theme.parse().map_err(|e| corrupt("settings.theme", &theme, e))?,
            date_order: order.parse().map_err(|e| corrupt("settings.date_order", &order, e))?,
            clock: clock.parse().map_err(|e| corrupt("settings.clock", &clock, e))?,
        })
    }

    /// Replaces the app's preferences.
    pub fn save_settings(&mut self, s: &Settings) -> Result<()> {
        self.write(|tx| {
            tx.execute(
                "UPDATE settings SET reminder_enabled = ?1, reminder_time = ?2, start_at_login = ?3, text_size = ?4, \
                 theme = ?5, reminder_discreet = ?6, evening_reminder_enabled = ?7, evening_reminder_time = ?8, \
                 date_order = ?9, clock = ?10 WHERE id = 1",
                params![
                    s.reminder_enabled,
                    s.reminder_time.to_string(),
                    s.start_at_login,
                    s.text_size.as_str(),
                    s.theme.as_str(),
                    s.reminder_discreet,
                    s.evening_reminder_enabled,
                    s.evening_reminder_time.to_string(),
                    s.date_order.as_str(),
                    s.clock.as_str()
                ],
            )?;
            Ok(())
        })
    }

    /// The last day the evening reminder of a self-experiment was shown, if ever.
    pub fn evening_reminder_shown_on(&self) -> Result<Option<NaiveDate>> {
        Ok(self.conn.query_row("SELECT evening_reminder_shown_on FROM settings WHERE id = 1", [], |r| r.get(0))?)
    }

    /// Records that the evening reminder was shown on `day`, so it speaks at most once a day.
    pub fn mark_evening_reminder_shown(&mut self, day: NaiveDate) -> Result<()> {
        self.write(|tx| {
            tx.execute("UPDATE settings SET evening_reminder_shown_on = ?1 WHERE id = 1", params![day])?;
            Ok(())
        })
    }

    /// The last day the morning reminder was shown, if ever.
    pub fn reminder_shown_on(&self) -> Result<Option<NaiveDate>> {
        Ok(self.conn.query_row("SELECT reminder_shown_on FROM settings WHERE id = 1", [], |r| r.get(0))?)
    }

    /// Records that the morning reminder was shown on `day`, so it speaks at most once a day.
    pub fn mark_reminder_shown(&mut self, day: NaiveDate) -> Result<()> {
        self.write(|tx| {
            tx.execute("UPDATE settings SET reminder_shown_on = ?1 WHERE id = 1", params![day])?;
            Ok(())
        })
    }
}

pub(super) fn read_profile(c: &Connection) -> Result<Profile> {
    let (birth_year, unit): (Option<i32>, String) = c
        .query_row("SELECT birth_year, volume_unit FROM profile WHERE id = 1", [], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?
        .ok_or_else(|| Error::Damaged("the diary file has lost its profile row".into()))?;
    Ok(Profile { birth_year, volume_unit: unit.parse().map_err(|e| corrupt("profile.volume_unit", &unit, e))? })
}

pub(super) fn put_profile(tx: &Connection, p: &Profile) -> Result<()> {
    tx.execute(
        "UPDATE profile SET birth_year = ?1, volume_unit = ?2 WHERE id = 1",
        params![p.birth_year, p.volume_unit.as_str()],
    )?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::test_support::*;

    #[test]
    fn settings_start_at_defaults_survive_reopening_and_sql_refuses_nonsense() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("diary.db");
        let mut s = Store::open(&path).unwrap();
        assert_eq!(s.settings().unwrap(), Settings::default());
        let chosen = Settings {
            reminder_enabled: true,
            reminder_time: "07:45".parse().unwrap(),
            reminder_discreet: true,
            evening_reminder_enabled: false,
            evening_reminder_time: "20:15".parse().unwrap(),
            start_at_login: true,
            text_size: crate::domain::TextSize::Larger,
            theme: crate::domain::Theme::HighContrast,
            date_order: crate::domain::DateOrderChoice::Mdy,
            clock: crate::domain::ClockChoice::H12,
        };
        s.save_settings(&chosen).unwrap();
        assert_eq!(s.reminder_shown_on().unwrap(), None);
        assert_eq!(s.evening_reminder_shown_on().unwrap(), None);
        s.mark_reminder_shown(d("2026-11-24")).unwrap();
        s.mark_evening_reminder_shown(d("2026-11-23")).unwrap();
        drop(s);
        let s = Store::open(&path).unwrap();
        assert_eq!(s.settings().unwrap(), chosen);
        assert_eq!(s.reminder_shown_on().unwrap(), Some(d("2026-11-24")));
        assert_eq!(s.evening_reminder_shown_on().unwrap(), Some(d("2026-11-23")));
        for bad in [
            "UPDATE settings SET reminder_time = '7:45'",
            "UPDATE settings SET reminder_time = '24:00'",
            "UPDATE settings SET theme = 'purple'",
            "UPDATE settings SET text_size = 'huge'",
            "UPDATE settings SET reminder_enabled = 2",
            "UPDATE settings SET reminder_shown_on = '2026-02-30'",
            "UPDATE settings SET evening_reminder_time = '21:60'",
            "UPDATE settings SET evening_reminder_enabled = 3",
            "UPDATE settings SET evening_reminder_shown_on = 'tonight'",
            "UPDATE settings SET date_order = 'dym'",
            "UPDATE settings SET clock = '13'",
            "INSERT INTO settings (id) VALUES (2)",
        ] {
            assert!(raw(&s).execute(bad, []).is_err(), "SQL allowed: {bad}");
        }
        assert_eq!(s.settings().unwrap(), chosen);
    }
}
