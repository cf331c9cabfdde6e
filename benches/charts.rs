//! Each chart for ten years of nights (target: ≤ 20 ms each in a release build).

use std::hint::black_box;

use chrono::NaiveDate;
use cramp_diary::charts::{render_svg, ChartKind, ChartOptions};
use cramp_diary::demo::long_diary;
use criterion::{criterion_group, criterion_main, Criterion};

fn bench(c: &mut Criterion) {
    // The same ten years as the core and report benches (demo::long_diary).
    let diary = long_diary(NaiveDate::from_ymd_opt(2026, 11, 22).unwrap(), 10, 7);
    let mut opts = ChartOptions::new(diary.nights[0].date, diary.nights.last().unwrap().date);
    opts.low_fluid_ml = Some(1200.0);
    let classify: cramp_diary::charts::Classifier =
        std::sync::Arc::new(|n: &str| if n.ends_with("statin") { vec!["statin".into()] } else { Vec::new() });
    opts.classify = Some(classify);
    let mut g = c.benchmark_group("ten_years_svg");
    for kind in ChartKind::ALL {
        g.bench_function(kind.as_str(), |b| b.iter(|| render_svg(black_box(*kind), black_box(&diary), &opts).unwrap()));
    }
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
