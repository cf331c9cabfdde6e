//! When the morning reminder speaks: a pure decision the app's tray loop asks once a minute.

use chrono::{NaiveDate, NaiveDateTime, NaiveTime};

use crate::domain::Settings;

/// What the reminder loop knows at one moment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReminderState {
    /// Whether last night (the evening before `now`'s date) is already logged.
    pub last_night_logged: bool,
    /// The last day the reminder was shown.
    pub shown_on: Option<NaiveDate>,
}

/// Whether to show the reminder now: it is on, its time has come today, last night is not
/// logged yet, and it has not already been shown today.
pub fn due(settings: &Settings, now: NaiveDateTime, state: ReminderState) -> bool {
    let at = NaiveTime::from_hms_opt(settings.reminder_time.hour().into(), settings.reminder_time.minute().into(), 0)
        .expect("a ClockTime is always a valid time of day");
    settings.reminder_enabled && now.time() >= at && !state.last_night_logged && state.shown_on != Some(now.date())
}

/// The night a morning reminder on `today` asks about (the evening before).
pub fn night_for(today: NaiveDate) -> NaiveDate {
    today.pred_opt().unwrap_or(today)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::ClockTime;

    fn at(s: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap()
    }

    fn on_at(time: &str) -> Settings {
        Settings { reminder_enabled: true, reminder_time: time.parse::<ClockTime>().unwrap(), ..Settings::default() }
    }

    const UNLOGGED: ReminderState = ReminderState { last_night_logged: false, shown_on: None };

    #[test]
    fn speaks_from_its_time_onwards_when_last_night_is_unlogged() {
        let s = on_at("08:30");
        assert!(!due(&s, at("2026-11-24 08:29"), UNLOGGED));
        assert!(due(&s, at("2026-11-24 08:30"), UNLOGGED));
        assert!(due(&s, at("2026-11-24 21:00"), UNLOGGED), "a computer switched on late still gets it");
    }

    #[test]
    fn stays_quiet_when_off_logged_or_already_shown_today() {
        let now = at("2026-11-24 09:00");
        assert!(!due(&Settings { reminder_enabled: false, ..on_at("08:30") }, now, UNLOGGED));
        assert!(!due(&on_at("08:30"), now, ReminderState { last_night_logged: true, shown_on: None }));
        let today = now.date();
        assert!(!due(&on_at("08:30"), now, ReminderState { last_night_logged: false, shown_on: Some(today) }));
        let yesterday = today.pred_opt().unwrap();
        assert!(due(&on_at("08:30"), now, ReminderState { last_night_logged: false, shown_on: Some(yesterday) }));
    }

    #[test]
    fn asks_about_the_night_before() {
        let today = NaiveDate::from_ymd_opt(2026, 3, 1).unwrap();
        assert_eq!(night_for(today), NaiveDate::from_ymd_opt(2026, 2, 28).unwrap());
    }
}
