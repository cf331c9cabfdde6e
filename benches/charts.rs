//! Each chart for ten years of nights (target: ≤ 20 ms each in a release build).

use std::hint::black_box;

use chrono::{Duration, NaiveDate};
use cramp_diary::charts::{render_svg, ChartKind, ChartOptions};
use cramp_diary::{ClockTime, Day, Diary, Episode, Fluid, FluidKind, Medication, Muscle, Night, NightStatus, Side};
use criterion::{criterion_group, criterion_main, Criterion};

/// Ten years of nights: ~90 % logged, a quarter with cramps, fluids on most days.
fn ten_years() -> Diary {
    let from = NaiveDate::from_ymd_opt(2016, 11, 23).unwrap();
    let mut s = 0x9E37_79B9_7F4A_7C15u64;
    let mut rnd = move || {
        s ^= s << 13;
        s ^= s >> 7;
        s ^= s << 17;
        s
    };
    let mut diary = Diary::default();
    for (i, name) in ["Atorvastatin", "Hydrochlorothiazide", "Omeprazole", "Amlodipine"].iter().enumerate() {
        diary.medications.push(Medication {
            name: name.to_string(),
            dose: "20 mg".into(),
            started: from + Duration::days(300 + 800 * i as i64),
            stopped: (i % 2 == 0).then(|| from + Duration::days(900 + 800 * i as i64)),
            notes: String::new(),
        });
    }
    for i in 0..3653 {
        let date = from + Duration::days(i);
        let r = rnd();
        if r % 10 == 0 {
            continue;
        }
        let mut n = Night::new(date, if r % 4 == 1 { NightStatus::Cramps } else { NightStatus::None });
        if n.status == NightStatus::Cramps {
            n.episodes.push(Episode {
                time: ClockTime::new((r % 7) as u8, 15),
                intensity: Some((r % 11) as u8),
                side: Some(Side::Left),
                muscle: Some(Muscle::Calf),
                ..Default::default()
            });
        }
        diary.nights.push(n);
        if r % 5 != 0 {
            let mut d = Day::empty(date);
            d.fluids.push(Fluid { kind: FluidKind::Water, ml: 800.0 + (r % 1500) as f64, brand: None });
            diary.days.push(d);
        }
    }
    diary
}

fn bench(c: &mut Criterion) {
    let diary = ten_years();
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
