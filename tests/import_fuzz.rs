//! Hostile imports: malformed JSON, wrong types anywhere, huge arrays and repeated dates
//! never panic and never write part of a document.

use chrono::NaiveDate;
use cramp_diary::interchange::{import, parse};
use cramp_diary::store::{Counts, Store};
use cramp_diary::Error;
use proptest::prelude::*;
use serde_json::{json, Value};

fn today() -> NaiveDate {
    "2026-11-23".parse().unwrap()
}

fn valid() -> Value {
    serde_json::from_str(include_str!("fixtures/schema-v1.json")).unwrap()
}

fn any_json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        any::<f64>().prop_filter("finite", |f| f.is_finite()).prop_map(Value::from),
        "\\PC{0,12}".prop_map(Value::from),
        Just(json!("2025-02-30")),
        Just(json!("2026-03-05")),
        Just(json!("cramps")),
        Just(json!(-1)),
        Just(json!(11)),
    ];
    leaf.prop_recursive(3, 24, 4, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            proptest::collection::btree_map("[a-z_]{1,10}", inner, 0..4)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

/// Every JSON pointer to a value inside `v`.
fn pointers(v: &Value, at: String, out: &mut Vec<String>) {
    out.push(at.clone());
    match v {
        Value::Array(a) => a.iter().enumerate().for_each(|(i, x)| pointers(x, format!("{at}/{i}"), out)),
        Value::Object(o) => o.iter().for_each(|(k, x)| pointers(x, format!("{at}/{k}"), out)),
        _ => {}
    }
}

fn fresh() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path().join("d.db")).unwrap().with_today(today());
    (dir, store)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 150, ..ProptestConfig::default() })]

    /// Arbitrary bytes and arbitrary JSON never panic the reader.
    #[test]
    fn arbitrary_input_never_panics(bytes in proptest::collection::vec(any::<u8>(), 0..200), v in any_json()) {
        let _ = parse(&String::from_utf8_lossy(&bytes), today());
        let _ = parse(&v.to_string(), today());
    }

    /// A valid diary with one value replaced anywhere by arbitrary JSON is either accepted
    /// whole or refused whole with the offending path named.
    #[test]
    fn one_corrupted_value_is_all_or_nothing(pick in any::<prop::sample::Index>(), junk in any_json()) {
        let mut doc = valid();
        let mut all = Vec::new();
        pointers(&doc, String::new(), &mut all);
        let target = pick.get(&all[1..]).clone();
        *doc.pointer_mut(&target).unwrap() = junk;
        let (_dir, mut store) = fresh();
        match import(&mut store, &doc.to_string(), false) {
            Ok(summary) => prop_assert_eq!(store.counts().unwrap().nights as usize, summary.nights),
            Err(e) => {
                prop_assert_eq!(store.counts().unwrap(), Counts::default());
                prop_assert!(!e.to_string().is_empty());
            }
        }
    }
}

#[test]
fn huge_arrays_and_repeated_dates_are_refused_whole() {
    let (_dir, mut store) = fresh();
    let night = json!({"date": "2026-03-05", "status": "none"});
    let doc = json!({"format": "cramp-diary", "version": 1, "nights": vec![night; 50_000]});
    let err = import(&mut store, &doc.to_string(), false).unwrap_err();
    assert_eq!(err.kind(), "invalid");
    let msg = err.to_string();
    assert!(msg.starts_with("49999 problems"), "{}", &msg[..80]);
    assert!(msg.contains("nights[50].date: repeats the date of nights[0]") && msg.ends_with("… and 49949 more"));
    let Error::Invalid(fields) = err else { unreachable!() };
    assert_eq!((fields.len(), fields.more), (1_000, 48_999), "the first thousand are kept, the rest counted");
    assert_eq!(fields[999].field, "nights[1000].date");
    assert_eq!(store.counts().unwrap(), Counts::default());

    let deep = "[".repeat(100_000) + &"]".repeat(100_000);
    assert_eq!(parse(&deep, today()).unwrap_err().kind(), "format");
}
