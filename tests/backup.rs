//! Backups on real files: daily automatic copies, listing, restore that can be undone,
//! and refusal of files that are not sound diaries.

mod common;

use common::d;
use std::path::Path;

use chrono::Days;
use cramp_diary::backup::{self, auto_backup, backup_dir, backup_to, restore};
use cramp_diary::{Night, NightStatus, Store};

fn open(path: &Path) -> Store {
    Store::open(path).unwrap().with_today(d("2026-11-23"))
}

fn nights(store: &Store) -> Vec<String> {
    store.nights(None, None).unwrap().into_iter().map(|n| n.date.to_string()).collect()
}

#[test]
fn daily_backup_once_a_day_and_rotated() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("diary.db");
    let mut store = open(&db);
    store.save_night(&Night::new(d("2026-11-01"), NightStatus::None)).unwrap();
    let first = auto_backup(&store, d("2025-01-01")).unwrap().expect("first backup of the day");
    assert_eq!(auto_backup(&store, d("2025-01-01")).unwrap(), None, "a second one the same day");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(std::fs::metadata(&first).unwrap().permissions().mode() & 0o777, 0o600);
    }
    let start = d("2025-01-01");
    // Every other day for 13 months, then seven days in a row.
    for i in (1..392).step_by(2).chain(393..400) {
        auto_backup(&store, start + Days::new(i)).unwrap();
    }
    let listed = backup::list(&db).unwrap();
    assert!(listed.len() <= 7 + 4 + 12, "{} kept", listed.len());
    assert_eq!(listed[0].date, start + Days::new(399));
    assert!(listed.iter().all(|b| b.nights == Some(1) && b.kind == "daily"));
    let files = std::fs::read_dir(backup_dir(&db)).unwrap().count();
    assert_eq!(files, listed.len(), "no partial files left behind");
}

#[test]
fn restore_replaces_the_diary_and_can_be_undone() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("diary.db");
    let mut store = open(&db);
    store.save_night(&Night::new(d("2026-11-01"), NightStatus::None)).unwrap();
    let copy = dir.path().join("copy.db");
    backup_to(&store, &copy).unwrap();
    store.save_night(&Night::new(d("2026-11-02"), NightStatus::Cramps)).unwrap();
    store.delete_night(d("2026-11-01")).unwrap();
    assert_eq!(nights(&store), ["2026-11-02"]);

    let undo = restore(&mut store, &copy).unwrap();
    assert_eq!(nights(&store), ["2026-11-01"]);
    // The store keeps working after a restore, and the file on disk agrees.
    store.save_night(&Night::new(d("2026-11-03"), NightStatus::None)).unwrap();
    assert_eq!(nights(&open(&db)), ["2026-11-01", "2026-11-03"]);

    // Undo: the pre-restore copy holds what was there before.
    let listed = backup::list(&db).unwrap();
    assert!(listed.iter().any(|b| b.path == undo && b.kind == "before_restore" && b.nights == Some(1)));
    restore(&mut store, &undo).unwrap();
    assert_eq!(nights(&store), ["2026-11-02"]);
}

#[test]
fn unusable_files_are_refused_and_the_diary_is_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("diary.db");
    let mut store = open(&db);
    store.save_night(&Night::new(d("2026-11-01"), NightStatus::None)).unwrap();

    let junk = dir.path().join("junk.db");
    std::fs::write(&junk, b"this is not a database at all, just some text").unwrap();
    assert_eq!(restore(&mut store, &junk).unwrap_err().kind(), "damaged");

    let newer = dir.path().join("newer.db");
    backup_to(&store, &newer).unwrap();
    rusqlite::Connection::open(&newer).unwrap().pragma_update(None, "user_version", 99).unwrap();
    assert_eq!(restore(&mut store, &newer).unwrap_err().kind(), "schema_too_new");

    assert_eq!(nights(&store), ["2026-11-01"]);
    assert!(!backup_dir(&db).exists() || backup::list(&db).unwrap().is_empty());
}
