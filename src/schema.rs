//! What a diary file may hold: exactly the schema Cramp Diary makes for its version, read
//! through connections that never run code a file brings with it.
//!
//! A diary or backup could come from anywhere. Before anything else queries it, its
//! `sqlite_schema` is compared with the schema the embedded migrations create for its
//! `user_version`: one extra trigger, view, table or index and the file is refused.
//! Connections are opened with `trusted_schema` off, SQLite's defensive mode on, and
//! triggers and views switched off, so even a file that slipped through could not run
//! anything. Reads of untrusted files run under a time limit.

use std::path::Path;
use std::sync::LazyLock;
use std::time::{Duration, Instant};

use rusqlite::config::DbConfig;
use rusqlite::{Connection, OpenFlags};

use crate::error::{Error, Result};
use crate::store::{latest_schema_version, MIGRATIONS};

/// One entry of `sqlite_schema`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct Entry {
    kind: String,
    name: String,
    table: String,
    sql: Option<String>,
}

/// The schema after each migration: index `v` holds version `v` (0 is an empty file).
static EXPECTED: LazyLock<Vec<Vec<Entry>>> = LazyLock::new(|| {
    let mut conn = Connection::open_in_memory().expect("an in-memory database opens");
    (0..=latest_schema_version())
        .map(|v| {
            MIGRATIONS.to_version(&mut conn, v as usize).expect("the embedded migrations apply");
            entries(&conn).expect("sqlite_schema of a fresh database reads")
        })
        .collect()
});

fn entries(conn: &Connection) -> rusqlite::Result<Vec<Entry>> {
    let mut st = conn.prepare("SELECT type, name, tbl_name, sql FROM sqlite_schema")?;
    let mut out: Vec<Entry> = st
        .query_map([], |r| Ok(Entry { kind: r.get(0)?, name: r.get(1)?, table: r.get(2)?, sql: r.get(3)? }))?
        .collect::<rusqlite::Result<_>>()?;
    out.sort();
    Ok(out)
}

/// Switches off everything a file's schema could use to run code on this connection.
pub fn harden(conn: &Connection) -> Result<()> {
    conn.set_db_config(DbConfig::SQLITE_DBCONFIG_DEFENSIVE, true)?;
    conn.set_db_config(DbConfig::SQLITE_DBCONFIG_TRUSTED_SCHEMA, false)?;
    conn.set_db_config(DbConfig::SQLITE_DBCONFIG_ENABLE_TRIGGER, false)?;
    conn.set_db_config(DbConfig::SQLITE_DBCONFIG_ENABLE_VIEW, false)?;
    conn.pragma_update(None, "trusted_schema", false)?;
    Ok(())
}

/// The file's `user_version`.
pub fn version(conn: &Connection) -> Result<i64> {
    Ok(conn.pragma_query_value(None, "user_version", |r| r.get(0))?)
}

/// Refuses a file whose schema is not exactly the one its version should have, saying what
/// is different. `what` names the file in the message ("this backup", "the diary file").
pub fn check(conn: &Connection, what: &str) -> Result<i64> {
    let found = version(conn)?;
    let known = latest_schema_version();
    if found > known {
        return Err(Error::SchemaTooNew { found, known });
    }
    if found < 0 {
        return Err(Error::Damaged(format!("{what} has a schema version ({found}) Cramp Diary never writes")));
    }
    let have = entries(conn).map_err(|e| Error::Damaged(format!("{what} cannot be read as a diary: {e}")))?;
    let want = &EXPECTED[found as usize];
    if let Some(e) = have.iter().find(|e| !want.contains(e)) {
        let thing = match e.kind.as_str() {
            "table" | "index" | "view" | "trigger" => e.kind.as_str(),
            _ => "entry",
        };
        let how = if want.iter().any(|w| w.kind == e.kind && w.name == e.name) {
            "is defined differently from the one Cramp Diary makes"
        } else {
            "is not something Cramp Diary makes"
        };
        return Err(Error::Damaged(format!(
            "{what} was changed outside Cramp Diary: its {thing} \"{}\" {how}, so it is not trusted",
            e.name
        )));
    }
    if let Some(e) = want.iter().find(|e| !have.contains(e)) {
        return Err(Error::Damaged(format!(
            "{what} is not a complete diary: its {} \"{}\" is missing",
            e.kind, e.name
        )));
    }
    Ok(found)
}

/// Runs `f` with SQLite interrupted once `limit` has passed; an interruption becomes a
/// [`Error::Damaged`] that says the file took too long to read.
pub fn within<T>(conn: &Connection, limit: Duration, what: &str, f: impl FnOnce() -> Result<T>) -> Result<T> {
    let deadline = Instant::now() + limit;
    conn.progress_handler(1_000, Some(move || Instant::now() > deadline))?;
    let out = f();
    conn.progress_handler(0, None::<fn() -> bool>)?;
    match out {
        Err(_) if Instant::now() > deadline => Err(Error::Damaged(format!(
            "{what} took longer than {} s to read and was given up on",
            limit.as_secs_f64().ceil()
        ))),
        out => out,
    }
}

/// Opens a file for reading only, without locking it or creating anything beside it, with
/// [`harden`] applied.
pub fn open_read_only(path: &Path) -> Result<Connection> {
    let mut uri = String::from("file:");
    for b in path.to_string_lossy().bytes() {
        match b {
            b'%' | b'?' | b'#' => uri.push_str(&format!("%{b:02X}")),
            _ => uri.push(b as char),
        }
    }
    uri.push_str("?mode=ro&immutable=1");
    let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_URI | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let conn = Connection::open_with_flags(&uri, flags)?;
    harden(&conn)?;
    Ok(conn)
}

/// `PRAGMA integrity_check` (or `quick_check`) and `foreign_key_check`, each problem named.
pub fn check_integrity(conn: &Connection, what: &str, quick: bool) -> Result<()> {
    let pragma = if quick { "PRAGMA quick_check" } else { "PRAGMA integrity_check" };
    let problems: Vec<String> = {
        let mut st = conn.prepare(pragma)?;
        let rows = st.query_map([], |r| r.get::<_, String>(0))?.collect::<rusqlite::Result<Vec<_>>>()?;
        rows
    };
    if problems != ["ok"] {
        let first = problems.first().cloned().unwrap_or_default();
        return Err(Error::Damaged(format!("{what} is damaged ({first})")));
    }
    let mut st = conn.prepare("PRAGMA foreign_key_check")?;
    let orphan = st
        .query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, Option<i64>>(1)?, r.get::<_, String>(2)?)))?
        .next()
        .transpose()?;
    if let Some((table, row, parent)) = orphan {
        let row = row.map(|r| format!(" row {r}")).unwrap_or_default();
        return Err(Error::Damaged(format!("{what} is damaged: {table}{row} belongs to no entry in {parent}")));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_fresh_diary_has_the_expected_schema_at_every_version() {
        for v in 0..=latest_schema_version() {
            let mut c = Connection::open_in_memory().unwrap();
            MIGRATIONS.to_version(&mut c, v as usize).unwrap();
            harden(&c).unwrap();
            assert_eq!(check(&c, "this file").unwrap(), v);
        }
    }

    #[test]
    fn a_query_that_never_ends_is_given_up_on_at_the_time_limit() {
        let c = Connection::open_in_memory().unwrap();
        let endless = "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT count(*) FROM c";
        let e = within(&c, Duration::from_millis(200), "this backup", || {
            Ok(c.query_row(endless, [], |r| r.get::<_, i64>(0))?)
        })
        .unwrap_err();
        assert_eq!(e.kind(), "damaged");
        assert!(e.to_string().contains("took longer than 1 s"), "{e}");
        let n: i64 = c.query_row("SELECT 1", [], |r| r.get(0)).unwrap();
        assert_eq!(n, 1, "the connection works again after the limit is lifted");
    }

    #[test]
    fn an_extra_trigger_is_named() {
        let mut c = Connection::open_in_memory().unwrap();
        MIGRATIONS.to_latest(&mut c).unwrap();
        c.execute_batch("CREATE TRIGGER wipe AFTER INSERT ON nights BEGIN DELETE FROM nights; END;").unwrap();
        let e = check(&c, "this backup").unwrap_err();
        assert_eq!(e.kind(), "damaged");
        assert!(e.to_string().contains("trigger \"wipe\" is not something Cramp Diary makes"), "{e}");
    }

    #[test]
    fn a_hardened_connection_runs_no_trigger_and_no_view() {
        let mut c = Connection::open_in_memory().unwrap();
        MIGRATIONS.to_latest(&mut c).unwrap();
        c.execute_batch(
            "CREATE TABLE log (x); CREATE TRIGGER t AFTER INSERT ON conditions BEGIN INSERT INTO log VALUES (1); END;
             CREATE VIEW v AS SELECT 1;",
        )
        .unwrap();
        harden(&c).unwrap();
        c.execute("INSERT INTO conditions (name) VALUES ('x')", []).unwrap();
        let n: i64 = c.query_row("SELECT count(*) FROM log", [], |r| r.get(0)).unwrap();
        assert_eq!(n, 0, "the trigger did not run");
        assert!(c.query_row("SELECT * FROM v", [], |r| r.get::<_, i64>(0)).is_err(), "views are off");
    }
}
