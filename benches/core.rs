//! Core benchmarks at 1, 10 and 50 years of nightly logs, each beside its floor measured
//! in the same run: a save against a bare rusqlite insert of the same rows, the analysis
//! against a raw scan of the same tables. See BENCHMARKS.md.

use std::hint::black_box;

use chrono::{Days, NaiveDate};
use cramp_diary::analysis::analyze;
use cramp_diary::demo::long_diary;
use cramp_diary::{interchange, ClockTime, Episode, Muscle, Night, NightStatus, Side, Store};
use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion};
use rusqlite::{params, Connection};

const YEARS: [u32; 3] = [1, 10, 50];

fn last_night() -> NaiveDate {
    "2026-11-22".parse().unwrap()
}

fn filled(years: u32) -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path().join("diary.db")).unwrap().with_today(last_night() + Days::new(1));
    interchange::import_diary(&mut store, &long_diary(last_night(), years, 7), false).unwrap();
    (dir, store)
}

fn morning_log() -> Night {
    let mut n = Night::new(last_night(), NightStatus::Cramps);
    n.sleep_disturbance = Some(6);
    for t in ["02:10", "04:40"] {
        n.episodes.push(Episode {
            time: Some(t.parse::<ClockTime>().unwrap()),
            duration_min: Some(3.0),
            intensity: Some(6),
            side: Some(Side::Left),
            muscle: Some(Muscle::Calf),
            ..Default::default()
        });
    }
    n
}

fn save(c: &mut Criterion) {
    let (dir, mut store) = filled(10);
    let night = morning_log();
    let mut g = c.benchmark_group("save_morning_log_10y");
    g.bench_function("store_save_night", |b| b.iter(|| store.save_night(black_box(&night)).unwrap()));
    // The floor: the same rows with plain rusqlite on the same file and pragmas.
    let mut raw = Connection::open(dir.path().join("diary.db")).unwrap();
    raw.pragma_update(None, "synchronous", "FULL").unwrap();
    raw.pragma_update(None, "foreign_keys", "ON").unwrap();
    g.bench_function("bare_insert", |b| {
        b.iter(|| {
            let tx = raw.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate).unwrap();
            tx.execute(
                "INSERT OR REPLACE INTO nights (date, status, sleep_disturbance, logged_at, notes) VALUES (?1, 'cramps', 6, '2026-11-23T07:00:00+01:00', '')",
                ["2026-11-22"],
            )
            .unwrap();
            tx.execute("DELETE FROM episodes WHERE night_date = ?1", ["2026-11-22"]).unwrap();
            for (seq, t) in ["02:10", "04:40"].iter().enumerate() {
                tx.execute(
                    "INSERT INTO episodes (night_date, seq, time, duration_min, intensity, side, muscle, relieved_by, soreness_after)
                     VALUES ('2026-11-22', ?1, ?2, 3.0, 6, 'left', 'calf', '[]', 0)",
                    params![seq as i64, t],
                )
                .unwrap();
            }
            tx.commit().unwrap();
        })
    });
    g.finish();
}

/// Reads every column of every table the analysis reads: the floor for loading + analysing.
fn raw_scan(conn: &Connection) -> f64 {
    let mut acc = 0.0;
    for sql in [
        "SELECT date, status, sleep_disturbance, logged_at, notes FROM nights",
        "SELECT night_date, time, duration_min, intensity, side, muscle, relieved_by, soreness_after FROM episodes",
        "SELECT date, exertion, exercise_min, stretched_before_bed FROM days",
        "SELECT date, kind, ml, brand FROM fluids",
        "SELECT date, kind, side FROM symptoms",
        "SELECT name, dose, started, stopped, notes FROM medications",
    ] {
        let mut st = conn.prepare(sql).unwrap();
        let n = st.column_count();
        let mut rows = st.query([]).unwrap();
        while let Some(r) = rows.next().unwrap() {
            for i in 0..n {
                match r.get_ref(i).unwrap() {
                    rusqlite::types::ValueRef::Real(x) => acc += x,
                    rusqlite::types::ValueRef::Integer(x) => acc += x as f64,
                    rusqlite::types::ValueRef::Text(t) => acc += t.len() as f64,
                    _ => {}
                }
            }
        }
    }
    acc
}

fn analysis(c: &mut Criterion) {
    let today = last_night() + Days::new(1);
    let mut g = c.benchmark_group("analysis");
    g.sample_size(20);
    for years in YEARS {
        let (_dir, store) = filled(years);
        g.bench_with_input(BenchmarkId::new("load_and_analyze", years), &years, |b, _| {
            b.iter(|| analyze(&store.load().unwrap(), today))
        });
        g.bench_with_input(BenchmarkId::new("raw_scan", years), &years, |b, _| {
            b.iter(|| store.read(|c| Ok(raw_scan(c))).unwrap())
        });
        let diary = store.load().unwrap();
        g.bench_with_input(BenchmarkId::new("analyze_in_memory", years), &years, |b, _| {
            b.iter(|| analyze(black_box(&diary), today))
        });
    }
    g.finish();
}

fn transfer(c: &mut Criterion) {
    let mut g = c.benchmark_group("interchange_10y");
    g.sample_size(10);
    let (_dir, store) = filled(10);
    let text = interchange::export(&store).unwrap();
    g.bench_function("export", |b| b.iter(|| interchange::export(&store).unwrap()));
    g.bench_function("import", |b| {
        b.iter_with_setup(
            || {
                let dir = tempfile::tempdir().unwrap();
                let s = Store::open(dir.path().join("d.db")).unwrap().with_today(last_night() + Days::new(1));
                (dir, s)
            },
            |(_dir, mut s)| interchange::import(&mut s, &text, false).unwrap(),
        )
    });
    g.finish();
}

criterion_group!(benches, save, analysis, transfer);
criterion_main!(benches);
