//! The diary on disk: one SQLite file, every save one transaction.
//!
//! This file opens the store (migrations, pragmas) and holds the helpers every table shares;
//! each aggregate has its own file with its part of `impl Store`.

use std::path::{Path, PathBuf};
use std::sync::LazyLock;
use std::time::Duration;

use chrono::{DateTime, FixedOffset, NaiveDate};
use include_dir::{include_dir, Dir};
use rusqlite::hooks::{AuthAction, AuthContext, Authorization};
use rusqlite::{Connection, Transaction};
use rusqlite_migration::Migrations;

use crate::error::{Error, Result};

mod courses;
mod days;
mod diary;
mod nights;
mod settings;
mod trials;

pub use courses::{ConditionEntry, Course};
pub(crate) use diary::read_all;
pub use diary::Counts;
pub use nights::{NoCrampsAnswer, Replaced};

// Their old paths, kept for callers: the clock, the paths and whole-diary validation are not
// the store's.
pub use crate::clock::local_today;
pub use crate::paths::{default_db_path, APP_IDENTIFIER, DB_ENV};
pub use crate::validate::check_diary;

static MIGRATION_DIR: Dir = include_dir!("$CARGO_MANIFEST_DIR/migrations");

/// Every schema migration, embedded from `migrations/NN-name/up.sql`.
pub static MIGRATIONS: LazyLock<Migrations<'static>> =
    LazyLock::new(|| Migrations::from_directory(&MIGRATION_DIR).expect("migrations/ is well formed"));

/// The schema version this build creates and understands.
pub fn latest_schema_version() -> i64 {
    MIGRATION_DIR.dirs().count() as i64
}

/// An open diary file.
pub struct Store {
    conn: Connection,
    path: PathBuf,
    today: Option<NaiveDate>,
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store").field("path", &self.path).finish()
    }
}

impl Store {
    /// Opens (creating if needed) the diary at `path` and brings its schema up to date.
    pub fn open(path: impl AsRef<Path>) -> Result<Store> {
        Store::open_with(path.as_ref(), &MIGRATIONS, latest_schema_version())
    }

    fn open_with(path: &Path, migrations: &Migrations, known: i64) -> Result<Store> {
        let path = path.to_path_buf();
        crate::files::create_private(&path)?;
        let mut conn = Connection::open(&path)?;
        crate::schema::harden(&conn)?;
        conn.busy_timeout(Duration::from_secs(5))?;
        // Version and schema are checked before anything writes: a newer or foreign file is
        // refused byte for byte as it was (switching to WAL would already change its header).
        let found = crate::schema::version(&conn)?;
        if found > known {
            return Err(Error::SchemaTooNew { found, known });
        }
        crate::schema::check(&conn, "the diary file")?;
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "FULL")?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        for p in crate::paths::sidecars(&path) {
            crate::files::narrow(&p, 0o600)?;
        }
        // Each migration runs in its own transaction: a failure leaves the file at the last
        // good version, with every row as it was.
        migrations.to_latest(&mut conn).map_err(|e| match e {
            rusqlite_migration::Error::RusqliteError { ref err, .. }
                if matches!(
                    err.sqlite_error_code(),
                    Some(rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked)
                ) =>
            {
                Error::Busy
            }
            e => Error::Migration(e.to_string()),
        })?;
        Ok(Store { conn, path, today: None })
    }

    /// Opens the default diary (see [`default_db_path`]).
    pub fn open_default() -> Result<Store> {
        Store::open(crate::paths::default_db_path()?)
    }

    /// Pins "today" (for validation of future dates), for tests and demos.
    pub fn with_today(mut self, today: NaiveDate) -> Self {
        self.today = Some(today);
        self
    }

    /// The date validation treats as today.
    pub fn today(&self) -> NaiveDate {
        self.today.unwrap_or_else(crate::clock::local_today)
    }

    /// The file this store writes.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Runs `f` on the connection in one read transaction with every write refused (for tooling).
    pub fn read<T>(&self, f: impl FnOnce(&Connection) -> Result<T>) -> Result<T> {
        // `query_only` refuses writes; the authorizer refuses switching it off (a nested `read`
        // too). The guard undoes both however `f` ends, a panic included.
        let c = &self.conn;
        c.pragma_update(None, "query_only", true)?;
        let guard = ReadOnly(Some(c));
        c.authorizer(Some(keep_query_only))?;
        let tx = c.unchecked_transaction()?;
        let out = f(&tx)?;
        tx.finish()?;
        guard.lift()?;
        Ok(out)
    }

    /// Replaces the whole diary with the checked file at `ready` (a restore), by SQLite's backup API.
    pub(crate) fn replace_with(&mut self, ready: &Path) -> Result<()> {
        self.conn.restore(rusqlite::MAIN_DB, ready, None::<fn(rusqlite::backup::Progress)>)?;
        self.conn.pragma_update(None, "journal_mode", "WAL")?;
        Ok(())
    }

    fn write<T>(&mut self, f: impl FnOnce(&Transaction) -> Result<T>) -> Result<T> {
        let tx = self.conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        let out = f(&tx)?;
        tx.commit()?;
        Ok(out)
    }

    /// The moment saves are stamped with (`logged_at`): [`clock::now`](crate::clock::now).
    pub fn now(&self) -> DateTime<FixedOffset> {
        crate::clock::now()
    }

    /// "Last night" on the day validation treats as today (the evening before it).
    pub fn last_night(&self) -> NaiveDate {
        crate::clock::night_before(self.today())
    }
}

pub(crate) struct Range {
    from: String,
    to: String,
}

impl Range {
    fn new(from: Option<NaiveDate>, to: Option<NaiveDate>) -> Self {
        Range {
            from: from.map(|d| d.to_string()).unwrap_or_else(|| "0000-00-00".into()),
            to: to.map(|d| d.to_string()).unwrap_or_else(|| "9999-99-99".into()),
        }
    }
}

/// [`Store::read`]'s guard on its connection, lifted by [`ReadOnly::lift`] or when dropped.
struct ReadOnly<'c>(Option<&'c Connection>);

impl ReadOnly<'_> {
    fn lift(mut self) -> rusqlite::Result<()> {
        self.0.take().map_or(Ok(()), lift_read_only)
    }
}

impl Drop for ReadOnly<'_> {
    fn drop(&mut self) {
        if let Some(c) = self.0.take() {
            let _ = lift_read_only(c);
        }
    }
}

fn lift_read_only(c: &Connection) -> rusqlite::Result<()> {
    c.authorizer(None::<fn(AuthContext<'_>) -> Authorization>)?;
    c.pragma_update(None, "query_only", false)
}

/// The authorizer of [`Store::read`]: refuses any statement that sets `query_only`.
fn keep_query_only(ctx: AuthContext<'_>) -> Authorization {
    match ctx.action {
        AuthAction::Pragma { pragma_name, pragma_value: Some(_) } if pragma_name.eq_ignore_ascii_case("query_only") => {
            Authorization::Deny
        }
        _ => Authorization::Allow,
    }
}

fn corrupt(field: &str, value: &str, rule: String) -> Error {
    Error::Damaged(format!("{field} is \"{value}\": {rule}"))
}

/// A row that cannot be read: the table, which row, and why.
fn corrupt_row(table: &str, row: &str, e: impl std::fmt::Display) -> Error {
    Error::Damaged(format!("the diary file's {table} row ({row}) cannot be read: {e}"))
}

/// The text of column `i`, to name a row in a message.
fn key_of(r: &rusqlite::Row, i: usize) -> String {
    match r.get_ref(i) {
        Ok(rusqlite::types::ValueRef::Text(t)) => String::from_utf8_lossy(t).chars().take(40).collect(),
        Ok(v) => format!("{:?}", v.data_type()),
        Err(_) => "?".into(),
    }
}

fn parse<T: std::str::FromStr<Err = String>>(field: &str, v: Option<String>) -> Result<Option<T>> {
    v.map(|s| s.parse().map_err(|e| corrupt(field, &s, e))).transpose()
}

/// Reads a `YYYY-MM-DD` column without chrono's general-purpose parser: loading a decade
/// parses tens of thousands of dates, and this is most of the cost of a load.
fn date_at(r: &rusqlite::Row, i: usize) -> rusqlite::Result<NaiveDate> {
    let text = r.get_ref(i)?.as_str()?;
    let b = text.as_bytes();
    let digits =
        |s: &[u8]| s.iter().try_fold(0u32, |acc, c| c.is_ascii_digit().then(|| acc * 10 + u32::from(c - b'0')));
    let parsed = (b.len() == 10 && b[4] == b'-' && b[7] == b'-')
        .then(|| Some((digits(&b[0..4])?, digits(&b[5..7])?, digits(&b[8..10])?)))
        .flatten()
        .and_then(|(y, m, d)| NaiveDate::from_ymd_opt(y as i32, m, d));
    parsed.ok_or_else(|| {
        rusqlite::Error::FromSqlConversionFailure(i, rusqlite::types::Type::Text, format!("not a date: {text}").into())
    })
}

/// [`date_at`] for a column that may be NULL.
fn opt_date_at(r: &rusqlite::Row, i: usize) -> rusqlite::Result<Option<NaiveDate>> {
    match r.get_ref(i)? {
        rusqlite::types::ValueRef::Null => Ok(None),
        _ => date_at(r, i).map(Some),
    }
}

#[cfg(test)]
mod test_support {
    use super::*;
    use crate::domain::{Episode, Muscle, Night, NightStatus, Relief, Side};

    pub(super) fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    pub(super) fn store() -> (tempfile::TempDir, Store) {
        let dir = tempfile::tempdir().unwrap();
        let s = Store::open(dir.path().join("diary.db")).unwrap().with_today(d("2026-11-23"));
        (dir, s)
    }

    /// Its own connection on the store's file, hardened and with foreign keys on, for writes the store never makes.
    pub(super) fn raw(s: &Store) -> Connection {
        let c = Connection::open(s.path()).unwrap();
        crate::schema::harden(&c).unwrap();
        c.pragma_update(None, "foreign_keys", "ON").unwrap();
        c
    }

    pub(super) fn cramp_night(date: &str) -> Night {
        let mut n = Night::new(d(date), NightStatus::Cramps);
        n.sleep_disturbance = Some(6);
        n.notes = "woke twice, \"bad\" one — ünïcödé 🦵".into();
        n.episodes = vec![
            Episode {
                time: Some("03:40".parse().unwrap()),
                duration_min: Some(4.0),
                intensity: Some(7),
                side: Some(Side::Left),
                muscle: Some(Muscle::Calf),
                relieved_by: vec![Relief::Stretching, Relief::Walking],
                soreness_after: true,
            },
            Episode { time: Some("05:10".parse().unwrap()), duration_min: Some(1.5), ..Default::default() },
        ];
        n
    }
}

#[cfg(test)]
mod tests {
    use super::test_support::*;
    use super::*;
    use crate::domain::{Night, NightStatus};

    #[test]
    fn refuses_nights_more_than_a_day_after_its_local_today() {
        // Late on the leap day in UTC+14 the local date is the 29th; the store goes by it.
        let at = crate::clock::parse_now("2028-02-29T23:30:00+14:00", &chrono::Utc).unwrap();
        let dir = tempfile::tempdir().unwrap();
        let mut s = Store::open(dir.path().join("diary.db")).unwrap().with_today(at.date_naive());
        assert_eq!(s.today(), d("2028-02-29"));
        assert_eq!(s.last_night(), d("2028-02-28"));
        s.save_night(&Night::new(d("2028-03-01"), NightStatus::None)).unwrap();
        let e = s.save_night(&Night::new(d("2028-03-02"), NightStatus::None)).unwrap_err();
        assert!(e.to_string().contains("more than one day after today (2028-02-29)"), "{e}");
        assert_eq!(s.counts().unwrap().nights, 1);
    }

    #[test]
    fn an_unpinned_store_takes_today_from_the_clock() {
        let dir = tempfile::tempdir().unwrap();
        let s = Store::open(dir.path().join("diary.db")).unwrap();
        let before = crate::clock::local_today();
        let (today, last) = (s.today(), s.last_night());
        let after = crate::clock::local_today();
        assert!(today == before || today == after, "{before} {today} {after}");
        assert_eq!(last, crate::clock::night_before(today));
        let offsets = [chrono::Local::now().offset().local_minus_utc()];
        let stamped = s.now().offset().local_minus_utc();
        let offsets = [offsets[0], chrono::Local::now().offset().local_minus_utc()];
        assert!(offsets.contains(&stamped), "stamped in local time: {stamped} s, local {offsets:?}");
    }

    #[test]
    fn migrations_are_valid() {
        MIGRATIONS.validate().unwrap();
        assert_eq!(latest_schema_version(), 7);
    }

    #[test]
    fn pragmas_protect_the_data() {
        let (_dir, s) = store();
        s.read(|c| {
            let mode: String = c.pragma_query_value(None, "journal_mode", |r| r.get(0)).unwrap();
            let sync: i64 = c.pragma_query_value(None, "synchronous", |r| r.get(0)).unwrap();
            let fk: i64 = c.pragma_query_value(None, "foreign_keys", |r| r.get(0)).unwrap();
            assert_eq!((mode.as_str(), sync, fk), ("wal", 2, 1));
            Ok(())
        })
        .unwrap();
    }

    #[cfg(unix)]
    #[test]
    fn database_file_is_private() {
        use std::os::unix::fs::PermissionsExt;
        let (dir, _s) = store();
        let mode = std::fs::metadata(dir.path().join("diary.db")).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
    }

    #[test]
    fn newer_schema_is_refused_and_left_untouched() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("diary.db");
        drop(Store::open(&path).unwrap());
        Connection::open(&path).unwrap().pragma_update(None, "user_version", 99).unwrap();
        let err = Store::open(&path).unwrap_err();
        assert_eq!(err.kind(), "schema_too_new");
        let v: i64 = Connection::open(&path).unwrap().pragma_query_value(None, "user_version", |r| r.get(0)).unwrap();
        assert_eq!(v, 99);
    }

    #[test]
    fn a_failing_migration_leaves_the_file_untouched() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("diary.db");
        let mut s = Store::open(&path).unwrap().with_today(d("2026-11-23"));
        s.save_night(&cramp_night("2026-03-05")).unwrap();
        let before = s.load().unwrap();
        drop(s);
        let broken = Migrations::new(vec![
            rusqlite_migration::M::up(include_str!("../../migrations/01-initial/up.sql")),
            rusqlite_migration::M::up(include_str!("../../migrations/02-settings/up.sql")),
            rusqlite_migration::M::up(include_str!("../../migrations/03-discreet-reminder/up.sql")),
            rusqlite_migration::M::up(include_str!("../../migrations/04-trials/up.sql")),
            rusqlite_migration::M::up(include_str!("../../migrations/05-evening-reminder/up.sql")),
            rusqlite_migration::M::up(include_str!("../../migrations/06-locale/up.sql")),
            rusqlite_migration::M::up(include_str!("../../migrations/07-reminder-answer/up.sql")),
            rusqlite_migration::M::up("ALTER TABLE nights ADD COLUMN mood TEXT; CREATE TABLE nights (x);"),
        ]);
        let err = Store::open_with(&path, &broken, 8).unwrap_err();
        assert_eq!(err.kind(), "migration");
        assert!(err.to_string().contains("left untouched"), "{err}");
        let s = Store::open(&path).unwrap();
        let v: i64 = s.read(|c| Ok(c.pragma_query_value(None, "user_version", |r| r.get(0))?)).unwrap();
        assert_eq!(v, latest_schema_version());
        assert_eq!(s.load().unwrap(), before);
        let cols: i64 =
            s.read(|c| Ok(c.query_row("SELECT count(*) FROM pragma_table_info('nights')", [], |r| r.get(0))?)).unwrap();
        assert_eq!(cols, 5, "the half-applied ALTER was rolled back");
    }

    #[test]
    fn dates_are_read_fast_and_strictly() {
        let (_dir, s) = store();
        s.read(|c| {
            let read = |v: &str| c.query_row("SELECT ?1", [v], |r| date_at(r, 0)).ok();
            assert_eq!(read("2024-02-29"), Some(d("2024-02-29")));
            for bad in ["2023-02-29", "2024-13-01", "2024-1-01", "2024/01/01", "20240101xx", "+024-01-01"] {
                assert_eq!(read(bad), None, "{bad}");
            }
            Ok(())
        })
        .unwrap();
    }

    #[test]
    fn read_refuses_every_write_and_leaves_the_store_writable() {
        let (_dir, mut s) = store();
        let insert = "INSERT INTO nights (date, status) VALUES ('2026-03-05', 'none')";
        for sql in [
            insert,
            "UPDATE settings SET theme = 'dark'",
            "PRAGMA user_version = 99",
            "PRAGMA query_only = OFF",
            "PRAGMA main.QUERY_ONLY(0)",
            &format!("COMMIT; {insert}"),
        ] {
            assert!(s.read(|c| Ok(c.execute_batch(sql)?)).is_err(), "written inside read: {sql}");
        }
        assert!(s.read(|_| s.read(|_| Ok(()))).is_err(), "a read inside a read would lift the guard when it ends");
        let panicked =
            std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| s.read(|_| -> Result<()> { panic!() })));
        assert!(panicked.is_err());
        assert_eq!(s.read(crate::schema::version).unwrap(), latest_schema_version());
        assert_eq!(s.counts().unwrap().nights, 0, "nothing was written");
        s.save_night(&Night::new(d("2026-03-05"), NightStatus::None)).unwrap();
        assert_eq!(s.counts().unwrap().nights, 1, "the store writes again afterwards");
    }

    #[test]
    fn sql_checks_back_up_the_rust_rules() {
        let (_dir, s) = store();
        let c = raw(&s);
        for sql in [
            "INSERT INTO nights (date, status) VALUES ('2025-02-30', 'none')",
            "INSERT INTO nights (date, status) VALUES ('2025-02-03', 'maybe')",
            "INSERT INTO nights (date, status, sleep_disturbance) VALUES ('2025-02-03', 'none', 11)",
            "INSERT INTO episodes (night_date, seq) VALUES ('2001-01-01', 0)",
            "INSERT INTO days (date, exertion) VALUES ('2025-02-03', -1)",
        ] {
            assert!(c.execute(sql, []).is_err(), "accepted: {sql}");
        }
    }
}
