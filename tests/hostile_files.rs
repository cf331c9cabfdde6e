//! Backups and diary files made to do harm: each is refused with a plain message and the
//! live diary left byte for byte as it was; listing never hangs on one; mutated backups
//! never make restore or open panic; permissions hold under umask 000.

mod common;

use common::d;
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::Duration;

use assert_cmd::cargo::cargo_bin_cmd;
use cramp_diary::backup::{self, backup_dir, backup_to, restore};
use cramp_diary::calibration::Rng;
use cramp_diary::domain::{Episode, Fluid, FluidKind};
use cramp_diary::{Day, Night, NightStatus, Store};
use rusqlite::Connection;

const TODAY: &str = "2026-11-23";

/// A live diary with a few weeks in it, closed so its file holds everything.
struct Live {
    dir: tempfile::TempDir,
    db: PathBuf,
}

impl Live {
    fn new() -> Live {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("diary.db");
        let mut s = Store::open(&db).unwrap().with_today(d(TODAY));
        for i in 0..40u64 {
            let date = d("2026-10-01") + chrono::Days::new(i);
            let mut n = Night::new(date, if i % 3 == 0 { NightStatus::Cramps } else { NightStatus::None });
            if n.status == NightStatus::Cramps {
                n.episodes.push(Episode { intensity: Some(6), duration_min: Some(3.0), ..Default::default() });
            }
            n.notes = format!("night {i} {}", "words ".repeat(30));
            s.save_night(&n).unwrap();
            let mut day = Day::empty(date);
            day.fluids.push(Fluid { kind: FluidKind::Water, ml: 250.0, brand: None });
            s.save_day(&day).unwrap();
        }
        drop(s);
        Live { dir, db }
    }

    fn open(&self) -> Store {
        Store::open(&self.db).unwrap().with_today(d(TODAY))
    }

    fn bytes(&self) -> Vec<u8> {
        assert!(
            !self.path("diary.db-wal").exists() || std::fs::metadata(self.path("diary.db-wal")).unwrap().len() == 0
        );
        std::fs::read(&self.db).unwrap()
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// A sound backup of this diary, at `name`.
    fn backup(&self, name: &str) -> PathBuf {
        let p = self.path(name);
        backup_to(&self.open(), &p).unwrap();
        p
    }
}

/// Runs SQL on a file as an outsider would (no checks, constraints off).
fn tamper(path: &Path, sql: &str) {
    let c = Connection::open(path).unwrap();
    c.execute_batch(&format!("PRAGMA foreign_keys = OFF; PRAGMA ignore_check_constraints = ON; {sql}")).unwrap();
}

/// Overwrites the whole b-tree root page of `table` with junk, as a failing disk might.
fn trash_root_page(path: &Path, table: &str) {
    let (root, size): (i64, i64) = {
        let c = Connection::open(path).unwrap();
        let root = c.query_row("SELECT rootpage FROM sqlite_schema WHERE name = ?1", [table], |r| r.get(0)).unwrap();
        (root, c.pragma_query_value(None, "page_size", |r| r.get(0)).unwrap())
    };
    let mut bytes = std::fs::read(path).unwrap();
    let at = ((root - 1) * size) as usize;
    for (i, b) in bytes[at..at + size as usize].iter_mut().enumerate() {
        *b = (i * 37 % 251) as u8;
    }
    std::fs::write(path, bytes).unwrap();
}

/// Restoring `file` is refused with a message containing `says`; the live diary is byte
/// for byte as it was and no before-restore copy was made.
fn refused(live: &Live, file: &Path, says: &str) -> String {
    let before = live.bytes();
    let mut store = live.open();
    let e = restore(&mut store, file).unwrap_err();
    drop(store);
    let msg = e.to_string();
    assert!(msg.contains(says), "{msg}");
    assert!(msg.contains("your diary was not changed") || e.kind() == "schema_too_new", "{msg}");
    assert_eq!(live.bytes(), before, "the diary is byte-identical after refusing {}", file.display());
    let undo = backup::list(&live.db).unwrap().into_iter().filter(|b| b.kind == "before_restore").count();
    assert_eq!(undo, 0, "nothing was set aside, as nothing was replaced");
    let scratch: Vec<_> = std::fs::read_dir(backup_dir(&live.db))
        .map(|r| r.filter_map(|e| e.ok()).map(|e| e.file_name()).collect())
        .unwrap_or_default();
    assert!(scratch.iter().all(|n| !n.to_string_lossy().starts_with(".checking")), "{scratch:?}");
    assert_eq!(live.open().counts().unwrap().nights, 40);
    msg
}

#[test]
fn a_backup_with_an_extra_trigger_is_refused() {
    let live = Live::new();
    let f = live.backup("trigger.db");
    tamper(&f, "CREATE TRIGGER wipe AFTER INSERT ON nights BEGIN DELETE FROM nights WHERE date < new.date; END;");
    refused(&live, &f, "trigger \"wipe\" is not something Cramp Diary makes");
}

#[test]
fn a_backup_with_an_extra_view_is_refused() {
    let live = Live::new();
    let f = live.backup("view.db");
    tamper(&f, "CREATE VIEW cramps AS SELECT * FROM nights WHERE status = 'cramps';");
    refused(&live, &f, "view \"cramps\" is not something Cramp Diary makes");
}

#[test]
fn a_backup_with_a_foreign_table_of_the_same_name_is_refused() {
    let live = Live::new();
    let f = live.path("foreign.db");
    tamper(&f, "CREATE TABLE nights (x); PRAGMA user_version = 2;");
    refused(&live, &f, "table \"nights\" is defined differently");
}

#[test]
fn a_backup_with_only_part_of_the_schema_is_refused() {
    let live = Live::new();
    let full = live.backup("full.db");
    let sql: String = Connection::open(&full)
        .unwrap()
        .query_row("SELECT sql FROM sqlite_schema WHERE name = 'nights'", [], |r| r.get(0))
        .unwrap();
    let f = live.path("minimal.db");
    tamper(&f, &format!("{sql}; PRAGMA user_version = 2;"));
    refused(&live, &f, "is not a complete diary");
}

#[test]
fn rows_that_break_the_rules_are_refused() {
    let live = Live::new();
    let f = live.backup("checks.db");
    tamper(&f, "UPDATE episodes SET intensity = 99; UPDATE nights SET status = 'maybe' WHERE date = '2026-10-02';");
    let msg = refused(&live, &f, "not changed");
    assert!(msg.contains("nights") || msg.contains("CHECK") || msg.contains("intensity"), "{msg}");
}

#[test]
fn rows_with_no_parent_are_refused() {
    let live = Live::new();
    let f = live.backup("orphans.db");
    tamper(&f, "DELETE FROM nights WHERE date = '2026-10-04'; DELETE FROM days WHERE date = '2026-10-05';");
    let msg = refused(&live, &f, "belongs to no entry in");
    assert!(msg.contains("episodes") || msg.contains("fluids"), "{msg}");
}

#[test]
fn a_backup_with_a_recursive_view_is_refused_and_cannot_freeze_the_listing() {
    let live = Live::new();
    let dir = backup_dir(&live.db);
    std::fs::create_dir_all(&dir).unwrap();
    let f = dir.join("manual-2026-11-20T080000.000.db");
    backup_to(&live.open(), &f).unwrap();
    tamper(
        &f,
        "ALTER TABLE nights RENAME TO real_nights;
         CREATE VIEW nights AS WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT x AS date FROM c;",
    );
    let good = dir.join("manual-2026-11-21T080000.000.db");
    backup_to(&live.open(), &good).unwrap();
    // Listing runs on its own thread so a hang fails the test instead of stalling it.
    let (tx, rx) = mpsc::channel();
    let db = live.db.clone();
    std::thread::spawn(move || tx.send(backup::list(&db)).unwrap());
    let listed = rx.recv_timeout(Duration::from_secs(60)).expect("listing finished").unwrap();
    assert_eq!(listed.len(), 2, "the unreadable backup is listed, not skipped");
    let bad = listed.iter().find(|b| b.path == f).unwrap();
    assert_eq!(bad.nights, None);
    assert!(bad.problem.as_deref().unwrap().contains("changed outside Cramp Diary"), "{:?}", bad.problem);
    let ok = listed.iter().find(|b| b.path == good).unwrap();
    assert_eq!((ok.nights, ok.problem.as_deref()), (Some(40), None));
    refused(&live, &f, "changed outside Cramp Diary");
}

#[test]
fn a_backup_with_a_corrupted_page_is_refused() {
    let live = Live::new();
    let f = live.backup("pages.db");
    trash_root_page(&f, "episodes");
    refused(&live, &f, "is damaged");
}

#[test]
fn a_file_that_is_not_a_diary_at_all_is_refused() {
    let live = Live::new();
    let junk = live.path("junk.db");
    std::fs::write(&junk, b"this is not a database at all, just some text").unwrap();
    refused(&live, &junk, "not changed");
    let empty = live.path("empty.db");
    Connection::open(&empty).unwrap().execute_batch("CREATE TABLE t (x); DROP TABLE t;").unwrap();
    refused(&live, &empty, "holds no diary");
}

#[test]
fn a_diary_with_a_foreign_trigger_is_refused_when_opened_and_left_as_it_was() {
    let live = Live::new();
    tamper(&live.db, "CREATE TRIGGER spy AFTER INSERT ON nights BEGIN SELECT 1; END;");
    let before = std::fs::read(&live.db).unwrap();
    let e = Store::open(&live.db).unwrap_err();
    assert_eq!(e.kind(), "damaged");
    assert!(e.to_string().contains("trigger \"spy\""), "{e}");
    assert_eq!(std::fs::read(&live.db).unwrap(), before);
}

#[test]
fn rows_with_no_parent_in_the_live_diary_give_a_typed_error_naming_the_row() {
    let live = Live::new();
    tamper(&live.db, "DELETE FROM nights WHERE date = '2026-10-07';");
    let e = live.open().load().unwrap_err();
    assert_eq!(e.kind(), "damaged");
    assert!(e.to_string().contains("episodes row (night 2026-10-07"), "{e}");
    tamper(
        &live.db,
        "DELETE FROM episodes WHERE night_date = '2026-10-07'; DELETE FROM days WHERE date = '2026-10-09';",
    );
    let e = live.open().load().unwrap_err();
    assert!(e.to_string().contains("fluids row (day 2026-10-09"), "{e}");
    tamper(
        &live.db,
        "DELETE FROM fluids WHERE date = '2026-10-09'; UPDATE nights SET status = 'maybe' WHERE date = '2026-10-10';",
    );
    let e = live.open().load().unwrap_err();
    assert!(e.to_string().contains("nights row (night 2026-10-10)") && e.to_string().contains("maybe"), "{e}");
}

#[test]
fn a_good_restore_still_works_and_keeps_the_diary_it_replaced() {
    let live = Live::new();
    let copy = live.backup("copy.db");
    let mut s = live.open();
    s.delete_night(d("2026-10-01")).unwrap();
    let undo = restore(&mut s, &copy).unwrap();
    assert_eq!(s.counts().unwrap().nights, 40);
    let listed = backup::list(&live.db).unwrap();
    assert!(listed.iter().any(|b| b.path == undo && b.nights == Some(39)), "{listed:?}");
}

#[test]
fn mutated_backups_never_panic_and_a_refusal_changes_nothing() {
    let live = Live::new();
    let good = std::fs::read(live.backup("good.db")).unwrap();
    let mut rng = Rng::new(14);
    let (mut refusals, mut accepted) = (0, 0);
    for i in 0..120 {
        let mut bytes = good.clone();
        for _ in 0..rng.range(1, 12) {
            // Half the hits land in the header and first pages, where the schema lives.
            let span = if rng.chance(0.5) { 8192.min(bytes.len()) } else { bytes.len() };
            let at = rng.range(0, span as i64 - 1) as usize;
            bytes[at] = rng.next_u64() as u8;
        }
        let f = live.path(&format!("mutant-{i}.db"));
        std::fs::write(&f, &bytes).unwrap();
        let before = live.bytes();
        let mut s = live.open();
        match restore(&mut s, &f) {
            Err(_) => {
                drop(s);
                assert_eq!(live.bytes(), before, "mutant {i} was refused and changed nothing");
                refusals += 1;
            }
            Ok(_) => {
                let diary = s.load().expect("an accepted backup loads");
                cramp_diary::store::check_diary(d(TODAY), &diary).expect("an accepted backup meets every rule");
                restore(&mut s, &live.backup("reset.db")).unwrap();
                accepted += 1;
            }
        }
        // Opening the mutant as a diary must not panic either; if it opens, it loads or errs.
        let copy = live.path(&format!("open-{i}.db"));
        std::fs::write(&copy, &bytes).unwrap();
        if let Ok(s) = Store::open(&copy) {
            let _ = s.load();
        }
    }
    // Many flips land in free space or in the words of a note and leave a sound diary,
    // which may be restored; the rest must be refused.
    assert!(refusals >= 30 && accepted >= 1, "{refusals} refused, {accepted} accepted");
}

#[test]
fn the_command_line_restores_over_a_diary_that_cannot_be_opened() {
    let live = Live::new();
    let good = live.backup("good.db");
    tamper(&live.db, "CREATE TRIGGER wipe AFTER INSERT ON nights BEGIN DELETE FROM nights; END;");
    let hostile = std::fs::read(&live.db).unwrap();
    let cli = || {
        let mut c = cargo_bin_cmd!("cramp-diary");
        c.env_remove("CRAMP_DIARY_DB")
            .env(cramp_diary::clock::NOW_ENV, "2026-11-23T08:30:00")
            .arg("--db")
            .arg(&live.db);
        c
    };
    let out = cli().arg("analyze").assert().failure().get_output().stderr.clone();
    assert!(String::from_utf8_lossy(&out).contains("trigger \"wipe\""));
    // The listing needs no open diary.
    let out = cli().args(["backup", "--list"]).assert().success().get_output().stdout.clone();
    assert!(String::from_utf8_lossy(&out).contains("No backups yet"), "{}", String::from_utf8_lossy(&out));
    let out = cli().arg("restore").arg(&good).assert().success().get_output().stdout.clone();
    let out = String::from_utf8(out).unwrap();
    assert!(out.contains("Restored 40 nights") && out.contains("kept exactly as it was"), "{out}");
    assert_eq!(live.open().counts().unwrap().nights, 40);
    let undo = std::fs::read_dir(backup_dir(&live.db))
        .unwrap()
        .filter_map(|e| e.ok())
        .find(|e| e.file_name().to_string_lossy().starts_with("before-restore-"))
        .unwrap();
    assert_eq!(std::fs::read(undo.path()).unwrap(), hostile, "the unopenable diary is kept byte for byte");
    let out = cli().args(["backup", "--list"]).assert().success().get_output().stdout.clone();
    assert!(String::from_utf8_lossy(&out).contains("cannot be restored"), "{}", String::from_utf8_lossy(&out));
}

#[test]
fn a_newer_diary_is_left_byte_identical() {
    let live = Live::new();
    let c = Connection::open(&live.db).unwrap();
    c.pragma_update(None, "journal_mode", "DELETE").unwrap();
    c.pragma_update(None, "user_version", 99).unwrap();
    drop(c);
    let before = std::fs::read(&live.db).unwrap();
    assert_eq!(Store::open(&live.db).unwrap_err().kind(), "schema_too_new");
    assert_eq!(std::fs::read(&live.db).unwrap(), before, "not even switched to WAL");
    assert!(!live.path("diary.db-wal").exists());
}

#[test]
fn backups_are_refused_from_a_damaged_diary_so_good_ones_are_never_rotated_out() {
    let live = Live::new();
    let s = live.open();
    backup::auto_backup(&s, d("2026-11-01")).unwrap();
    drop(s);
    trash_root_page(&live.db, "fluids");
    let s = Store::open(&live.db).expect("a damaged page past the schema still opens");
    let e = backup::auto_backup(&s, d("2026-11-02")).unwrap_err();
    assert_eq!(e.kind(), "damaged");
    assert!(e.to_string().contains("existing backups stay as they were"), "{e}");
    let days: Vec<_> = backup::list(&live.db).unwrap().into_iter().map(|b| b.date.to_string()).collect();
    assert_eq!(days, ["2026-11-01"]);
}

#[test]
fn manual_and_before_restore_copies_are_pruned_by_the_stated_rule() {
    let live = Live::new();
    let s = live.open();
    for _ in 0..backup::KEEP_MANUAL + 3 {
        backup::back_up_now(&s).unwrap();
    }
    let listed = backup::list(&live.db).unwrap();
    assert_eq!(listed.iter().filter(|b| b.kind == "manual").count(), backup::KEEP_MANUAL);
    assert!(backup::keeping_rule().contains(&format!("newest {}", backup::KEEP_MANUAL)));
}

#[cfg(unix)]
#[test]
fn folders_are_0700_and_files_0600_even_under_umask_000_and_after_a_wider_mode() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("app.crampdiary.desktop").join("diary.db");
    let script = format!("umask 000 && exec \"$0\" --db '{}' log night --none 2026-11-22", db.display());
    let bin = assert_cmd::cargo::cargo_bin!("cramp-diary");
    let st = std::process::Command::new("sh")
        .arg("-c")
        .arg(&script)
        .arg(bin)
        .env(cramp_diary::clock::NOW_ENV, "2026-11-23T08:30:00")
        .env_remove("CRAMP_DIARY_DB")
        .status()
        .unwrap();
    assert!(st.success());
    let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode(db.parent().unwrap()), 0o700);
    assert_eq!(mode(&db), 0o600);
    let st = std::process::Command::new("sh")
        .arg("-c")
        .arg(format!("umask 000 && exec \"$0\" --db '{}' backup", db.display()))
        .arg(bin)
        .env(cramp_diary::clock::NOW_ENV, "2026-11-23T08:30:00")
        .status()
        .unwrap();
    assert!(st.success());
    let backups = backup_dir(&db);
    assert_eq!(mode(&backups), 0o700);
    for e in std::fs::read_dir(&backups).unwrap() {
        assert_eq!(mode(&e.unwrap().path()), 0o600);
    }
    // Widened by hand, then narrowed again by the next open; the -wal and -shm match.
    std::fs::set_permissions(&db, std::fs::Permissions::from_mode(0o666)).unwrap();
    std::fs::set_permissions(db.parent().unwrap(), std::fs::Permissions::from_mode(0o777)).unwrap();
    std::fs::set_permissions(&backups, std::fs::Permissions::from_mode(0o777)).unwrap();
    let s = Store::open(&db).unwrap();
    assert_eq!(mode(&db), 0o600);
    assert_eq!(mode(db.parent().unwrap()), 0o700);
    for side in ["diary.db-wal", "diary.db-shm"] {
        let p = db.parent().unwrap().join(side);
        if p.exists() {
            assert_eq!(mode(&p), 0o600, "{side}");
        }
    }
    backup::back_up_now(&s).unwrap();
    assert_eq!(mode(&backups), 0o700);
}
