//! Doctor-visit exports for long diaries (targets, release build: the PDF for one year in
//! ≤ 300 ms and for ten years in ≤ 2 s, analysis included). CSV and FHIR for ten years too.

use std::hint::black_box;

use chrono::{FixedOffset, NaiveDate, TimeZone};
use cramp_diary::analysis::AnalysisOptions;
use cramp_diary::demo::long_diary;
use cramp_diary::report::{csv, fhir, pdf, DateRange, PatientInfo};
use criterion::{criterion_group, criterion_main, Criterion};

fn bench(c: &mut Criterion) {
    let last = NaiveDate::from_ymd_opt(2026, 11, 22).unwrap();
    let today = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
    let opts = pdf::PdfOptions { generated: Some(today), ..Default::default() };
    let mut g = c.benchmark_group("report");
    g.sample_size(10);
    for years in [1u32, 10] {
        let diary = long_diary(last, years, 42);
        g.bench_function(format!("pdf_{years}y"), |b| {
            b.iter(|| black_box(pdf::render(&diary, today, &AnalysisOptions::default(), &opts).unwrap()))
        });
    }
    let diary = long_diary(last, 10, 42);
    let a = cramp_diary::analysis::analyze(&diary, today);
    g.bench_function("analyze_10y", |b| b.iter(|| black_box(cramp_diary::analysis::analyze(&diary, today))));
    g.bench_function("layout_10y", |b| b.iter(|| black_box(pdf::lay_out(&diary, &a, &opts).unwrap())));
    g.bench_function("csv_10y", |b| b.iter(|| black_box(csv::tables(&diary, DateRange::default()))));
    let now = FixedOffset::east_opt(0).unwrap().with_ymd_and_hms(2026, 11, 23, 9, 0, 0).unwrap();
    g.bench_function("fhir_10y", |b| {
        b.iter(|| black_box(fhir::bundle(&diary, DateRange::default(), &PatientInfo::default(), now).to_string()))
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
