//! The one clock of the core, the app and the CLI, and the calendar rules that hang on it.
//!
//! Everything that needs "now" or "today" asks [`now`] (or a [`Store`](crate::Store), which
//! asks it): the local time of this computer, or the moment in `CRAMP_DIARY_NOW` when that is
//! set. The rules themselves ([`last_night`], [`night_before`]) are pure functions of a date
//! or a local time, so tests pass the moment in.

use chrono::{DateTime, FixedOffset, Local, NaiveDate, NaiveDateTime, TimeZone};

/// Environment variable that fixes the moment the app and the CLI take as "now" (for tests,
/// demos and support): `2026-11-23T08:30:00+01:00`, or a local `2026-11-23T08:30[:00]`, or a
/// date `2026-11-23` (noon). The moment does not advance while the program runs.
pub const NOW_ENV: &str = "CRAMP_DIARY_NOW";

/// Now: `CRAMP_DIARY_NOW` if it is set (and valid), else this computer's local time.
/// A value that cannot be read is reported by [`check_env`]; here it falls back to the clock.
pub fn now() -> DateTime<FixedOffset> {
    match from_env() {
        Ok(Some(t)) => t,
        _ => local_now(),
    }
}

/// Today's date on this computer's clock and time zone (or in `CRAMP_DIARY_NOW`).
pub fn local_today() -> NaiveDate {
    now().date_naive()
}

/// Refuses a `CRAMP_DIARY_NOW` that cannot be read, with the reason (the CLI and the app
/// call this once when they start, so a typo is never silently ignored).
pub fn check_env() -> crate::Result<()> {
    from_env().map(|_| ())
}

fn local_now() -> DateTime<FixedOffset> {
    let now = Local::now();
    now.with_timezone(now.offset())
}

fn from_env() -> crate::Result<Option<DateTime<FixedOffset>>> {
    match std::env::var(NOW_ENV) {
        Ok(v) if !v.trim().is_empty() => parse_now(v.trim(), &Local).map(Some),
        _ => Ok(None),
    }
}

/// Reads a `CRAMP_DIARY_NOW` value; times without an offset are local times in `tz`.
pub fn parse_now<Tz: TimeZone>(s: &str, tz: &Tz) -> crate::Result<DateTime<FixedOffset>> {
    let bad = |why: &str| crate::Error::invalid(NOW_ENV, s, why.to_string());
    if let Ok(t) = DateTime::parse_from_rfc3339(s) {
        return Ok(t);
    }
    let naive = ["%Y-%m-%dT%H:%M:%S", "%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M"]
        .iter()
        .find_map(|f| NaiveDateTime::parse_from_str(s, f).ok())
        .or_else(|| NaiveDate::parse_from_str(s, "%Y-%m-%d").ok().and_then(|d| d.and_hms_opt(12, 0, 0)))
        .ok_or_else(|| bad("must be a date-time such as 2026-11-23T08:30, 2026-11-23T08:30:00+01:00 or 2026-11-23"))?;
    let local = tz
        .from_local_datetime(&naive)
        .earliest()
        .ok_or_else(|| bad("is a local time that does not exist (the clocks went forward over it)"))?;
    Ok(local.fixed_offset())
}

/// The night that a morning log (or the morning reminder) at local time `now` asks about:
/// the one that began on the evening before `now`'s date. At 00:30 that is the night still
/// under way; at 11:59 the night just ended.
pub fn last_night(now: NaiveDateTime) -> NaiveDate {
    night_before(now.date())
}

/// The evening before `today`: "last night" on the local day `today`.
pub fn night_before(today: NaiveDate) -> NaiveDate {
    today.pred_opt().unwrap_or(today)
}

/// The part of a backup's file name that says when it was taken: `2026-11-23T083000.123`,
/// in local time (as the person reads their clock).
pub fn file_stamp(now: DateTime<FixedOffset>) -> String {
    now.format("%Y-%m-%dT%H%M%S%.3f").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{Datelike, Timelike, Utc};

    fn at(s: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap()
    }

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn last_night_is_the_evening_before_from_midnight_to_noon() {
        // Just after midnight the night under way began yesterday evening; at 11:59 too.
        assert_eq!(last_night(at("2028-03-01 00:30")), d("2028-02-29"));
        assert_eq!(last_night(at("2028-03-01 11:59")), d("2028-02-29"));
        assert_eq!(last_night(at("2028-02-29 23:30")), d("2028-02-28"), "late on the leap day");
        assert_eq!(last_night(at("2027-01-01 00:30")), d("2026-12-31"), "over the new year");
        assert_eq!(last_night(at("2027-01-01 11:59")), d("2026-12-31"));
        // The night the UK clocks go forward (01:00 → 02:00 on 28 Mar 2027).
        assert_eq!(last_night(at("2027-03-28 00:30")), d("2027-03-27"));
        assert_eq!(last_night(at("2027-03-28 11:59")), d("2027-03-27"));
        assert_eq!(night_before(d("2026-03-01")), d("2026-02-28"));
    }

    #[test]
    fn a_time_without_offset_is_read_in_the_local_zone() {
        let kiritimati = FixedOffset::east_opt(14 * 3600).unwrap();
        let t = parse_now("2028-02-29T23:30", &kiritimati).unwrap();
        assert_eq!((t.date_naive(), t.hour(), t.minute()), (d("2028-02-29"), 23, 30));
        // In UTC that moment is still the morning of the same day; the local date is what counts.
        assert_eq!(t.with_timezone(&Utc).date_naive(), d("2028-02-29"));
        let st_johns = FixedOffset::west_opt(3 * 3600 + 1800).unwrap();
        let t = parse_now("2026-12-31 23:59", &st_johns).unwrap();
        assert_eq!(t.date_naive(), d("2026-12-31"));
        assert_eq!(t.with_timezone(&Utc).date_naive(), d("2027-01-01"), "UTC has already moved on");
        assert_eq!(last_night(t.naive_local()), d("2026-12-30"));
    }

    #[test]
    fn reads_offsets_dates_and_refuses_nonsense() {
        let utc = Utc;
        let t = parse_now("2027-03-28T00:30:00+00:00", &utc).unwrap();
        assert_eq!((t.year(), t.month(), t.day(), t.hour(), t.minute()), (2027, 3, 28, 0, 30));
        let t = parse_now("2026-11-23", &utc).unwrap();
        assert_eq!((t.date_naive(), t.hour()), (d("2026-11-23"), 12));
        let e = parse_now("tomorrow", &utc).unwrap_err();
        assert_eq!(e.kind(), "invalid");
        assert!(e.to_string().contains(NOW_ENV), "{e}");
    }

    #[test]
    fn file_stamps_are_local_time_and_sort_in_time_order() {
        let t = parse_now("2026-12-31T23:59:30.250-03:30", &Utc).unwrap();
        assert_eq!(file_stamp(t), "2026-12-31T235930.250");
        let later = parse_now("2027-01-01T00:00:01-03:30", &Utc).unwrap();
        assert!(file_stamp(later) > file_stamp(t));
    }

    #[test]
    fn now_follows_this_computers_local_clock() {
        // Whatever the clock and zone of the machine (the tests also run under a moved
        // clock): without CRAMP_DIARY_NOW, "today" is the local date, not the UTC one.
        assert!(std::env::var_os(NOW_ENV).is_none(), "run the core tests without {NOW_ENV}");
        let before = Local::now();
        let t = now();
        let after = Local::now();
        assert!(before.fixed_offset() <= t && t <= after.fixed_offset(), "{before} <= {t} <= {after}");
        assert_eq!(t.offset().local_minus_utc(), Local::now().offset().local_minus_utc());
        assert!(local_today() == before.date_naive() || local_today() == after.date_naive());
    }
}
