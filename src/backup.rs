//! Backups with SQLite's online backup API: a daily automatic copy beside the diary
//! (keeping 7 daily, 4 weekly and 12 monthly), copies on request, and a restore that first
//! backs up the current diary so it can be undone.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::time::Duration;

use chrono::{DateTime, Datelike, FixedOffset, Local, NaiveDate};
use rusqlite::{Connection, OpenFlags};
use serde::Serialize;

use crate::error::{Error, Result};
use crate::store::{create_private, latest_schema_version, Store, MIGRATIONS};

/// Daily automatic copies kept.
pub const KEEP_DAILY: usize = 7;
/// Weekly copies kept (the newest of each ISO week).
pub const KEEP_WEEKLY: usize = 4;
/// Monthly copies kept (the newest of each month).
pub const KEEP_MONTHLY: usize = 12;

const AUTO_PREFIX: &str = "diary-";
const UNDO_PREFIX: &str = "before-restore-";
const MANUAL_PREFIX: &str = "manual-";

/// One backup file and what it holds.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BackupInfo {
    /// Full path.
    pub path: PathBuf,
    /// File name.
    pub file_name: String,
    /// The day it was taken (from the name for automatic copies, else the file's time).
    pub date: NaiveDate,
    /// `daily` (automatic), `before_restore`, or `manual`.
    pub kind: &'static str,
    /// Logged nights in it.
    pub nights: u64,
    /// Size in bytes.
    pub bytes: u64,
}

/// The `backups/` folder beside a diary file.
pub fn backup_dir(db_path: &Path) -> PathBuf {
    db_path.parent().unwrap_or(Path::new(".")).join("backups")
}

/// Copies the open diary to `dest` (0600), atomically: a partial copy never has the final name.
pub fn backup_to(store: &Store, dest: &Path) -> Result<()> {
    let partial = dest.with_extension("partial");
    let _ = std::fs::remove_file(&partial);
    create_private(&partial)?;
    {
        let mut out = Connection::open(&partial)?;
        rusqlite::backup::Backup::new(store.connection(), &mut out)?.run_to_completion(
            256,
            Duration::from_millis(5),
            None,
        )?;
        out.pragma_update(None, "journal_mode", "DELETE")?;
    }
    std::fs::rename(&partial, dest)?;
    Ok(())
}

/// A new file `<prefix><local time of now>.db` in `dir`, never one that exists already (two
/// copies within the same millisecond, or under a clock held still, get `-2`, `-3`, …).
pub fn stamped_path(dir: &Path, prefix: &str, now: DateTime<FixedOffset>) -> PathBuf {
    let stamp = crate::clock::file_stamp(now);
    let mut path = dir.join(format!("{prefix}{stamp}.db"));
    let mut n = 2;
    while path.exists() {
        path = dir.join(format!("{prefix}{stamp}-{n}.db"));
        n += 1;
    }
    path
}

/// Backs up the diary now, on request, as `manual-<local time>.db` in its backups folder;
/// returns the new file.
pub fn back_up_now(store: &Store) -> Result<PathBuf> {
    let dir = backup_dir(store.path());
    std::fs::create_dir_all(&dir)?;
    let dest = stamped_path(&dir, MANUAL_PREFIX, store.now());
    backup_to(store, &dest)?;
    Ok(dest)
}

/// Takes today's automatic backup unless one exists, then prunes old ones; returns the new file.
/// `today` is the local day (callers pass [`Store::today`]), so the copy is named by the day
/// the person is living, not the UTC one.
pub fn auto_backup(store: &Store, today: NaiveDate) -> Result<Option<PathBuf>> {
    let dir = backup_dir(store.path());
    std::fs::create_dir_all(&dir)?;
    let dest = dir.join(format!("{AUTO_PREFIX}{today}.db"));
    if dest.exists() {
        return Ok(None);
    }
    backup_to(store, &dest)?;
    prune(&dir)?;
    Ok(Some(dest))
}

fn auto_date(name: &str) -> Option<NaiveDate> {
    name.strip_prefix(AUTO_PREFIX)?.strip_suffix(".db")?.parse().ok()
}

/// Which automatic backup dates to keep: the newest per day, ISO week and month.
pub fn dates_to_keep(mut dates: Vec<NaiveDate>) -> HashSet<NaiveDate> {
    dates.sort_unstable_by(|a, b| b.cmp(a));
    dates.dedup();
    let mut keep: HashSet<NaiveDate> = dates.iter().take(KEEP_DAILY).copied().collect();
    let mut newest_per = |key: &dyn Fn(&NaiveDate) -> (i32, u32), n: usize| {
        let mut seen = Vec::new();
        for d in &dates {
            let k = key(d);
            if !seen.contains(&k) {
                if seen.len() == n {
                    break;
                }
                seen.push(k);
                keep.insert(*d);
            }
        }
    };
    newest_per(&|d| (d.iso_week().year(), d.iso_week().week()), KEEP_WEEKLY);
    newest_per(&|d| (d.year(), d.month()), KEEP_MONTHLY);
    keep
}

fn prune(dir: &Path) -> Result<()> {
    let mut autos = Vec::new();
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        if let Some(d) = auto_date(&entry.file_name().to_string_lossy()) {
            autos.push((d, entry.path()));
        }
    }
    let keep = dates_to_keep(autos.iter().map(|(d, _)| *d).collect());
    for (d, path) in autos {
        if !keep.contains(&d) {
            std::fs::remove_file(path)?;
        }
    }
    Ok(())
}

/// Opens a backup read-only and checks it is a sound diary this build can open.
fn inspect(path: &Path) -> Result<u64> {
    let bad = |why: String| Error::Format(format!("{} is not a usable diary backup: {why}", path.display()));
    let c = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY).map_err(|e| bad(e.to_string()))?;
    let ok: String = c.query_row("PRAGMA quick_check", [], |r| r.get(0)).map_err(|e| bad(e.to_string()))?;
    if ok != "ok" {
        return Err(bad(format!("the file is damaged ({ok})")));
    }
    let version: i64 = c.pragma_query_value(None, "user_version", |r| r.get(0)).map_err(|e| bad(e.to_string()))?;
    if version > latest_schema_version() {
        return Err(Error::SchemaTooNew { found: version, known: latest_schema_version() });
    }
    let nights: i64 = c.query_row("SELECT count(*) FROM nights", [], |r| r.get(0)).map_err(|e| bad(e.to_string()))?;
    Ok(nights as u64)
}

/// Every backup in the diary's `backups/` folder, newest first.
pub fn list(db_path: &Path) -> Result<Vec<BackupInfo>> {
    let dir = backup_dir(db_path);
    let mut out = Vec::new();
    let Ok(entries) = std::fs::read_dir(&dir) else { return Ok(out) };
    for entry in entries {
        let entry = entry?;
        let file_name = entry.file_name().to_string_lossy().into_owned();
        if !file_name.ends_with(".db") {
            continue;
        }
        let meta = entry.metadata()?;
        let modified: chrono::DateTime<Local> = meta.modified()?.into();
        let (date, kind) = match auto_date(&file_name) {
            Some(d) => (d, "daily"),
            None if file_name.starts_with(UNDO_PREFIX) => (modified.date_naive(), "before_restore"),
            None => (modified.date_naive(), "manual"),
        };
        let Ok(nights) = inspect(&entry.path()) else { continue };
        out.push(BackupInfo { path: entry.path(), file_name, date, kind, nights, bytes: meta.len() });
    }
    out.sort_by(|a, b| b.date.cmp(&a.date).then(b.file_name.cmp(&a.file_name)));
    Ok(out)
}

/// Replaces the open diary with the backup at `from`, after saving the current diary as a
/// `before-restore-…` backup (returned), so the restore can itself be undone.
pub fn restore(store: &mut Store, from: &Path) -> Result<PathBuf> {
    inspect(from)?;
    let dir = backup_dir(store.path());
    std::fs::create_dir_all(&dir)?;
    let undo = stamped_path(&dir, UNDO_PREFIX, store.now());
    backup_to(store, &undo)?;
    let conn = store.connection_mut();
    conn.restore(rusqlite::MAIN_DB, from, None::<fn(rusqlite::backup::Progress)>)?;
    conn.pragma_update(None, "journal_mode", "WAL")?;
    MIGRATIONS.to_latest(conn).map_err(|e| Error::Migration(e.to_string()))?;
    Ok(undo)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_seven_daily_four_weekly_twelve_monthly() {
        let start: NaiveDate = "2025-01-01".parse().unwrap();
        let dates: Vec<NaiveDate> = (0..500).map(|i| start + chrono::Days::new(i)).collect();
        let keep = dates_to_keep(dates.clone());
        let newest = *dates.last().unwrap();
        for i in 0..7 {
            assert!(keep.contains(&(newest - chrono::Days::new(i))));
        }
        let months: HashSet<_> = keep.iter().map(|d| (d.year(), d.month())).collect();
        assert_eq!(months.len(), 12);
        // 7 daily, plus week-ends and month-ends not already among them.
        assert!(keep.len() <= 7 + 4 + 12 && keep.len() >= 12, "{}", keep.len());
        assert!(keep.iter().all(|d| (newest - *d).num_days() < 366));
    }

    fn at(s: &str) -> DateTime<FixedOffset> {
        DateTime::parse_from_rfc3339(s).unwrap()
    }

    #[test]
    fn stamped_names_are_local_time_and_never_overwrite() {
        let dir = tempfile::tempdir().unwrap();
        // 23:59 on New Year's Eve in St John's is already 2027 in UTC: the name says 2026.
        let t = at("2026-12-31T23:59:00-03:30");
        let first = stamped_path(dir.path(), MANUAL_PREFIX, t);
        assert_eq!(first.file_name().unwrap(), "manual-2026-12-31T235900.000.db");
        std::fs::write(&first, "x").unwrap();
        let second = stamped_path(dir.path(), MANUAL_PREFIX, t);
        assert_eq!(second.file_name().unwrap(), "manual-2026-12-31T235900.000-2.db");
        std::fs::write(&second, "x").unwrap();
        assert_eq!(
            stamped_path(dir.path(), UNDO_PREFIX, t).file_name().unwrap(),
            "before-restore-2026-12-31T235900.000.db"
        );
    }

    #[test]
    fn daily_backups_are_named_by_the_local_day() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("diary.db");
        // Late on the leap day in Kiritimati (UTC+14), where UTC is still the morning of it,
        // and just after midnight there, where UTC is still on the 29th.
        let late = crate::clock::parse_now("2028-02-29T23:30:00+14:00", &chrono::Utc).unwrap();
        let store = Store::open(&db).unwrap().with_today(late.date_naive());
        let made = auto_backup(&store, store.today()).unwrap().unwrap();
        assert_eq!(made.file_name().unwrap(), "diary-2028-02-29.db");
        assert_eq!(auto_backup(&store, store.today()).unwrap(), None, "one a day");
        let next = crate::clock::parse_now("2028-03-01T00:30:00+14:00", &chrono::Utc).unwrap();
        assert_eq!(next.with_timezone(&chrono::Utc).date_naive().to_string(), "2028-02-29");
        let store = store.with_today(next.date_naive());
        let made = auto_backup(&store, store.today()).unwrap().unwrap();
        assert_eq!(made.file_name().unwrap(), "diary-2028-03-01.db", "a new local day, a new copy");
        let days: Vec<_> = list(&db).unwrap().into_iter().map(|b| (b.date.to_string(), b.kind)).collect();
        assert_eq!(days, [("2028-03-01".to_string(), "daily"), ("2028-02-29".to_string(), "daily")]);
    }
}
