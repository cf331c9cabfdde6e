//! Every schema version that has shipped has a fixture database here; each one opens
//! with the current build, is upgraded to the latest schema, and keeps every row.

use cramp_diary::interchange;
use cramp_diary::store::{latest_schema_version, Store, MIGRATIONS};
use serde_json::Value;

#[test]
fn migrations_validate() {
    MIGRATIONS.validate().unwrap();
}

fn without_exported_at(text: &str) -> Value {
    let mut v: Value = serde_json::from_str(text).unwrap();
    v.as_object_mut().unwrap().remove("exported_at");
    v
}

#[test]
fn every_shipped_schema_upgrades_with_every_row() {
    let fixtures = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let mut seen = 0;
    for version in 1..=latest_schema_version() {
        let db = fixtures.join(format!("schema-v{version}.db"));
        let expected = std::fs::read_to_string(fixtures.join(format!("schema-v{version}.json")))
            .unwrap_or_else(|_| panic!("schema v{version} shipped, so tests/fixtures needs its database and export"));
        let dir = tempfile::tempdir().unwrap();
        let copy = dir.path().join("diary.db");
        std::fs::copy(&db, &copy).unwrap();
        let found: i64 =
            rusqlite::Connection::open(&copy).unwrap().pragma_query_value(None, "user_version", |r| r.get(0)).unwrap();
        assert_eq!(found, version, "fixture schema-v{version}.db is at version {found}");

        let store = Store::open(&copy).unwrap();
        let now: i64 = store.read(|c| Ok(c.pragma_query_value(None, "user_version", |r| r.get(0))?)).unwrap();
        assert_eq!(now, latest_schema_version());
        let exported = interchange::export(&store).unwrap();
        assert_eq!(without_exported_at(&exported), without_exported_at(&expected), "rows changed upgrading v{version}");
        let nights = without_exported_at(&expected)["nights"].as_array().unwrap().len() as u64;
        assert_eq!(store.counts().unwrap().nights, nights);
        if version >= 2 {
            // Settings are not part of the export: the v2 fixture holds chosen (non-default) ones.
            let s = store.settings().unwrap();
            assert_eq!((s.reminder_time.to_string().as_str(), s.theme.as_str()), ("07:15", "dark"), "settings kept");
            // The v3 fixture chose a discreet reminder; older ones get the default.
            assert_eq!(s.reminder_discreet, version >= 3, "reminder_discreet after upgrading v{version}");
            // The v5 fixture turned the evening reminder off at 20:15; older ones get it on at 21:00.
            let evening = (s.evening_reminder_enabled, s.evening_reminder_time.to_string());
            let chosen = if version >= 5 { (false, "20:15".to_string()) } else { (true, "21:00".to_string()) };
            assert_eq!(evening, chosen, "evening reminder after upgrading v{version}");
            // The v6 fixture chose month-day-year and the 12-hour clock; older ones follow the locale.
            let dates = (s.date_order.as_str(), s.clock.as_str());
            let chosen = if version >= 6 { ("mdy", "12") } else { ("auto", "auto") };
            assert_eq!(dates, chosen, "date order and clock after upgrading v{version}");
        }
        // The v7 fixture holds a night the reminder's "No cramps" saved, not yet confirmed.
        let answered: Vec<String> = store.reminder_answers().unwrap().iter().map(|n| n.date.to_string()).collect();
        let waiting: &[&str] = if version >= 7 { &["2026-11-23"] } else { &[] };
        assert_eq!(answered, waiting, "reminder answers after upgrading v{version}");
        seen += 1;
    }
    assert_eq!(seen, latest_schema_version());
}
