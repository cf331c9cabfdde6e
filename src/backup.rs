//! Backups with SQLite's online backup API: a daily automatic copy beside the diary
//! (keeping 7 daily, 4 weekly and 12 monthly), copies on request, and a restore that first
//! backs up the current diary so it can be undone.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::time::Duration;

use chrono::{DateTime, Datelike, FixedOffset, Local, NaiveDate};
use rusqlite::Connection;
use serde::Serialize;

use crate::error::{Error, Result};
use crate::files::create_private;
use crate::paths::sidecars;
use crate::schema;
use crate::store::{Store, MIGRATIONS};

/// Daily automatic copies kept.
pub const KEEP_DAILY: usize = 7;
/// Weekly copies kept (the newest of each ISO week).
pub const KEEP_WEEKLY: usize = 4;
/// Monthly copies kept (the newest of each month).
pub const KEEP_MONTHLY: usize = 12;
/// Copies made on request that are kept (the newest).
pub const KEEP_MANUAL: usize = 10;
/// Copies taken before a restore that are kept (the newest).
pub const KEEP_BEFORE_RESTORE: usize = 10;

const AUTO_PREFIX: &str = "diary-";
const UNDO_PREFIX: &str = "before-restore-";
const MANUAL_PREFIX: &str = "manual-";

/// Which backups are kept, in the words the Backups page and `backup --list` show.
pub fn keeping_rule() -> String {
    format!(
        "Daily copies are kept for the last {KEEP_DAILY} days, then one a week for {KEEP_WEEKLY} weeks and one a \
         month for {KEEP_MONTHLY} months. Of the copies you make and the copies taken before a restore, the newest \
         {KEEP_MANUAL} of each are kept. Older ones are removed."
    )
}

crate::domain::string_enum!(
    /// Who made a backup.
    BackupKind {
        /// Taken automatically, once a day.
        Daily => "daily",
        /// Made on request.
        Manual => "manual",
        /// Taken just before a restore (restore it to undo one).
        BeforeRestore => "before_restore",
    }
);

/// One backup file and what it holds.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BackupInfo {
    /// Full path.
    pub path: PathBuf,
    /// File name.
    pub file_name: String,
    /// The day it was taken (from the name for automatic copies, else the file's time).
    pub date: NaiveDate,
    /// Who made it.
    pub kind: BackupKind,
    /// Logged nights in it (`None` when it cannot be read).
    pub nights: Option<u64>,
    /// Size in bytes.
    pub bytes: u64,
    /// Why it cannot be brought back, if it cannot.
    pub problem: Option<String>,
}

/// The `backups/` folder beside a diary file.
pub fn backup_dir(db_path: &Path) -> PathBuf {
    db_path.parent().unwrap_or(Path::new(".")).join("backups")
}

/// Copies the open diary to `dest` (0600), atomically: a partial copy never has the final
/// name. The diary passes `quick_check` first, so a damaged diary never becomes a backup.
pub fn backup_to(store: &Store, dest: &Path) -> Result<()> {
    store
        .read(|c| schema::check_integrity(c, "the diary", true))
        .map_err(|e| Error::Damaged(format!("{e}; no backup was made, so the existing backups stay as they were")))?;
    let partial = dest.with_extension("partial");
    let _ = std::fs::remove_file(&partial);
    create_private(&partial)?;
    {
        let mut out = Connection::open(&partial)?;
        store.read(|c| {
            rusqlite::backup::Backup::new(c, &mut out)?.run_to_completion(256, Duration::from_millis(5), None)?;
            Ok(())
        })?;
        out.pragma_update(None, "journal_mode", "DELETE")?;
    }
    crate::files::rename_durably(&partial, dest)?;
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
    crate::files::private_dir(&dir)?;
    let dest = stamped_path(&dir, MANUAL_PREFIX, store.now());
    backup_to(store, &dest)?;
    prune_kind(&dir, MANUAL_PREFIX, KEEP_MANUAL)?;
    Ok(dest)
}

/// Takes today's automatic backup unless one exists, then prunes old ones; returns the new file.
/// `today` is the local day (callers pass [`Store::today`]), so the copy is named by the day
/// the person is living, not the UTC one.
pub fn auto_backup(store: &Store, today: NaiveDate) -> Result<Option<PathBuf>> {
    let dir = backup_dir(store.path());
    crate::files::private_dir(&dir)?;
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

/// Keeps the newest `keep` files named `<prefix>*.db` (by their time stamp) and removes the rest.
fn prune_kind(dir: &Path, prefix: &str, keep: usize) -> Result<()> {
    let mut named: Vec<PathBuf> = std::fs::read_dir(dir)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| name_of(p).starts_with(prefix) && name_of(p).ends_with(".db"))
        .collect();
    named.sort_by_key(|p| std::cmp::Reverse(stamp_order(&name_of(p))));
    for old in named.into_iter().skip(keep) {
        remove_with_sidecars(&old)?;
    }
    Ok(())
}

/// Removes a diary file and any `-wal` / `-shm` left beside it.
fn remove_with_sidecars(path: &Path) -> Result<()> {
    std::fs::remove_file(path)?;
    for side in sidecars(path) {
        let _ = std::fs::remove_file(side);
    }
    Ok(())
}

/// Orders `<prefix><stamp>[-n].db` names by stamp, then by `n`.
fn stamp_order(name: &str) -> (String, u32) {
    let stem = name.strip_suffix(".db").unwrap_or(name);
    match stem.rsplit_once('-') {
        Some((head, n)) if n.len() < 4 && n.chars().all(|c| c.is_ascii_digit()) => {
            (head.into(), n.parse().unwrap_or(0))
        }
        _ => (stem.into(), 1),
    }
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

/// How long listing may spend on one file before it is reported as unreadable.
pub const LIST_TIME_LIMIT: Duration = Duration::from_secs(2);
/// How long the checks before a restore may take.
pub const RESTORE_TIME_LIMIT: Duration = Duration::from_secs(60);
/// The largest file a restore will consider (a decade of nights is a few MB).
pub const MAX_RESTORE_BYTES: u64 = 512 * 1024 * 1024;

fn name_of(path: &Path) -> String {
    path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| path.display().to_string())
}

/// Checks a backup without taking any lock or creating anything beside it: its schema
/// first, then `quick_check`, then counts its nights, all within [`LIST_TIME_LIMIT`].
fn inspect(path: &Path) -> Result<u64> {
    let c = schema::open_read_only(path)?;
    schema::within(&c, LIST_TIME_LIMIT, "this backup", || {
        if schema::check(&c, "this backup")? == 0 {
            return Err(Error::Damaged("this file holds no diary".into()));
        }
        schema::check_integrity(&c, "this backup", true)?;
        Ok(c.query_row("SELECT count(*) FROM nights", [], |r| r.get::<_, i64>(0))? as u64)
    })
}

/// Every backup in the diary's `backups/` folder, newest first. A file that cannot be read
/// as a sound diary is listed with the reason in `problem`. Needs no open store.
pub fn list(db_path: &Path) -> Result<Vec<BackupInfo>> {
    let dir = backup_dir(db_path);
    let mut out = Vec::new();
    let Ok(entries) = std::fs::read_dir(&dir) else { return Ok(out) };
    for entry in entries {
        let entry = entry?;
        let file_name = entry.file_name().to_string_lossy().into_owned();
        if !file_name.ends_with(".db") || file_name.starts_with('.') {
            continue;
        }
        let meta = entry.metadata()?;
        let modified: chrono::DateTime<Local> = meta.modified()?.into();
        let (date, kind) = match auto_date(&file_name) {
            Some(d) => (d, BackupKind::Daily),
            None if file_name.starts_with(UNDO_PREFIX) => (modified.date_naive(), BackupKind::BeforeRestore),
            None => (modified.date_naive(), BackupKind::Manual),
        };
        let (nights, problem) = match inspect(&entry.path()) {
            Ok(n) => (Some(n), None),
            Err(e) => (None, Some(e.to_string())),
        };
        out.push(BackupInfo { path: entry.path(), file_name, date, kind, nights, bytes: meta.len(), problem });
    }
    out.sort_by(|a, b| b.date.cmp(&a.date).then(b.file_name.cmp(&a.file_name)));
    Ok(out)
}

/// A file that is removed (with its `-wal` and `-shm`) when dropped, unless kept.
struct Scratch(Option<PathBuf>);

impl Scratch {
    fn path(&self) -> &Path {
        self.0.as_deref().expect("a scratch file has its path until it is kept")
    }

    fn keep(mut self) -> PathBuf {
        self.0.take().expect("a scratch file is kept once")
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        if let Some(p) = self.0.take() {
            let _ = remove_with_sidecars(&p);
        }
    }
}

fn copy_private(from: &Path, to: &Path) -> Result<()> {
    create_private(to)?;
    let mut src = std::fs::File::open(from)?;
    let mut dst = std::fs::OpenOptions::new().write(true).truncate(true).open(to)?;
    std::io::copy(&mut src, &mut dst)?;
    dst.sync_all()?;
    Ok(())
}

/// Checks the backup at `from` on a private copy in `dir` and brings the copy up to this
/// version; returns the copy, ready to be swapped in. Nothing else is touched.
///
/// In order: size, exact schema for its version, `integrity_check`, `foreign_key_check`,
/// migration, exact schema again, then every row read and checked against the rules.
fn prepare(from: &Path, dir: &Path, today: NaiveDate) -> Result<Scratch> {
    let meta =
        std::fs::metadata(from).map_err(|e| Error::NotFound(format!("{} cannot be read: {e}", from.display())))?;
    if meta.len() > MAX_RESTORE_BYTES {
        return Err(Error::Damaged(format!(
            "this file is {} MB, far larger than any diary (the limit is {} MB)",
            meta.len() / 1_000_000,
            MAX_RESTORE_BYTES / 1_000_000
        )));
    }
    let n = SCRATCH.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let copy = Scratch(Some(dir.join(format!(".checking-{}-{n}.db", std::process::id()))));
    copy_private(from, copy.path())?;
    let [from_wal, _] = sidecars(from);
    if from_wal.exists() {
        copy_private(&from_wal, &sidecars(copy.path())[0])?;
    }
    let mut c = Connection::open(copy.path())?;
    schema::harden(&c)?;
    let what = "this backup";
    schema::within(&c, RESTORE_TIME_LIMIT, what, || {
        if schema::check(&c, what)? == 0 {
            return Err(Error::Damaged("this file holds no diary".into()));
        }
        schema::check_integrity(&c, what, false)
    })?;
    MIGRATIONS
        .to_latest(&mut c)
        .map_err(|e| Error::Damaged(format!("{what} could not be brought up to this version of Cramp Diary: {e}")))?;
    schema::check(&c, what)?;
    schema::within(&c, RESTORE_TIME_LIMIT, what, || {
        let diary = crate::store::read_all(&c)?;
        crate::validate::check_diary(today, &diary)
            .map_err(|e| Error::Damaged(format!("{what} holds entries Cramp Diary would not accept: {e}")))
    })?;
    c.pragma_update(None, "journal_mode", "DELETE")?;
    drop(c);
    Ok(copy)
}

static SCRATCH: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);

fn file_problem(from: &Path, e: Error) -> Error {
    let e = match e {
        Error::Database(m) => Error::Damaged(format!("this file is damaged or is not a diary (SQLite: {m})")),
        e => e,
    };
    match e {
        Error::SchemaTooNew { .. } | Error::NotFound(_) => e,
        e => Error::Damaged(format!("{} was not restored and your diary was not changed: {e}", name_of(from))),
    }
}

/// Replaces the open diary with the backup at `from`, once a checked copy of it is ready,
/// after saving the current diary as a `before-restore-…` backup (returned), so the restore
/// can itself be undone. Any failure leaves the diary exactly as it was.
pub fn restore(store: &mut Store, from: &Path) -> Result<PathBuf> {
    let dir = backup_dir(store.path());
    crate::files::private_dir(&dir)?;
    let ready = prepare(from, &dir, store.today()).map_err(|e| file_problem(from, e))?;
    let undo = stamped_path(&dir, UNDO_PREFIX, store.now());
    match backup_to(store, &undo) {
        // A damaged diary is exactly when a restore is wanted: keep its bytes as they are.
        Err(Error::Damaged(_)) => copy_private(store.path(), &undo)?,
        other => other?,
    }
    store.replace_with(ready.path())?;
    prune_kind(&dir, UNDO_PREFIX, KEEP_BEFORE_RESTORE)?;
    Ok(undo)
}

/// Restores the backup at `from` over the diary at `db_path`, whether it is open (`Ok`) or
/// could not be opened (`Err`, e.g. damaged or changed outside Cramp Diary); afterwards
/// `slot` holds the diary, reopened if it had to be. A diary busy in another program is
/// left alone.
pub fn restore_diary(slot: &mut Result<Store>, db_path: &Path, from: &Path) -> Result<PathBuf> {
    match slot {
        Ok(store) => restore(store, from),
        Err(e @ (Error::Busy | Error::Io(_) | Error::NotFound(_))) => Err(e.clone()),
        Err(_) => {
            let now = crate::clock::now();
            let undo = restore_unopened(db_path, from, now.date_naive(), now)?;
            *slot = Store::open(db_path);
            slot.as_ref().map_err(Error::clone)?;
            Ok(undo)
        }
    }
}

/// Restores the backup at `from` over a diary file that cannot be opened (damaged, changed
/// outside Cramp Diary, or from a newer version). That file, with its `-wal`, is moved into
/// the backups folder as the `before-restore-…` copy (returned), so nothing is lost.
pub fn restore_unopened(db_path: &Path, from: &Path, today: NaiveDate, now: DateTime<FixedOffset>) -> Result<PathBuf> {
    let dir = backup_dir(db_path);
    crate::files::private_dir(&dir)?;
    let ready = prepare(from, &dir, today).map_err(|e| file_problem(from, e))?;
    let undo = stamped_path(&dir, UNDO_PREFIX, now);
    let [wal, shm] = sidecars(db_path);
    if db_path.exists() {
        crate::files::rename_durably(db_path, &undo)?;
        if wal.exists() {
            crate::files::rename_durably(&wal, &sidecars(&undo)[0])?;
        }
        let _ = std::fs::remove_file(&shm);
    }
    crate::files::rename_durably(&ready.keep(), db_path)?;
    prune_kind(&dir, UNDO_PREFIX, KEEP_BEFORE_RESTORE)?;
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
        let days: Vec<_> = list(&db).unwrap().into_iter().map(|b| (b.date.to_string(), b.kind.as_str())).collect();
        assert_eq!(days, [("2028-03-01".to_string(), "daily"), ("2028-02-29".to_string(), "daily")]);
    }
}
