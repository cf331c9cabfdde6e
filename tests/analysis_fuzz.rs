//! Random diaries of every shape (empty, sparse, odd medication histories, every symptom,
//! long episodes, chosen periods) never make the analysis panic, and its invariants hold.

mod common;

use chrono::Duration;
use common::*;
use cramp_diary::analysis::{analyze, analyze_with, red_flags, render_text, AnalysisOptions, Verdict};
use cramp_diary::{Episode, Night, NightStatus, Relief, Side, SymptomKind};

const NAMES: &[&str] = &[
    "Lasix 40 mg",
    "HCTZ",
    "Dyazide",
    "Lipitor",
    "metoprolol",
    "cisplatin",
    "Erbitux",
    "Prolia",
    "Evista",
    "fluticasone inhaler",
    "prednisolone",
    "omeprazole",
    "",
    "???",
    "Symbicort",
    "hydrocortisone cream",
];

#[test]
fn random_diaries_never_panic_and_keep_invariants() {
    let today = d("2026-11-23");
    for seed in 0..150u64 {
        let mut rng = Rng::new(seed * 7919 + 1);
        let len = (rng.f64() * 400.0) as i64;
        let from = today - Duration::days((rng.f64() * 900.0) as i64 + 1);
        let p = rng.f64();
        let logged = rng.f64();
        let mut b = Build::new().nights(&mut rng, from, len, |_| p, |_| logged);
        for date in days(from, len + 30) {
            if rng.chance(0.05) {
                b = b.night(Night::new(date, NightStatus::Unknown));
            }
            if rng.chance(0.05) {
                let mut n = Night::new(date, NightStatus::Cramps);
                n.sleep_disturbance = Some((rng.f64() * 11.0) as u8);
                n.episodes.push(Episode {
                    duration_min: Some(rng.f64() * 30.0 + 0.1),
                    relieved_by: if rng.chance(0.5) { vec![Relief::Stretching] } else { vec![] },
                    side: Some(Side::Both),
                    ..Default::default()
                });
                b = b.night(n);
            }
            if rng.chance(0.5) {
                b = b.fluids(date, rng.f64() * 4000.0 + 1.0);
            }
            if rng.chance(0.4) {
                b = b.exertion(date, (rng.f64() * 11.0) as u8);
            }
            if rng.chance(0.03) {
                let k = SymptomKind::ALL[(rng.f64() * SymptomKind::ALL.len() as f64) as usize];
                let side = [None, Some(Side::Left), Some(Side::Both)][(rng.f64() * 3.0) as usize];
                b = b.symptom(&date.to_string(), k, side);
            }
        }
        for _ in 0..(rng.f64() * 8.0) as usize {
            let name = NAMES[(rng.f64() * NAMES.len() as f64) as usize];
            let s = from + Duration::days((rng.f64() * (len + 60) as f64) as i64 - 30);
            let stop = rng.chance(0.5).then(|| s + Duration::days((rng.f64() * 120.0) as i64));
            b = b.med(name, &s.to_string(), stop.map(|x| x.to_string()).as_deref());
        }
        if rng.chance(0.3) {
            b = b.condition("chronic kidney disease").condition("something else");
        }
        let diary = b.done();
        let a = analyze(&diary, today);
        assert_eq!(a.nights.logged, a.nights.cramp + a.nights.none + a.nights.unknown);
        assert!(a.nights.logged <= a.nights.calendar);
        for f in &a.findings {
            if let (Some(lo), Some(hi)) = (f.ci_low, f.ci_high) {
                assert!(lo <= hi, "{}", f.id);
                if let Some(rr) = f.rate_ratio {
                    assert!(lo <= rr + 1e-9 && rr <= hi + 1e-9, "{}: {lo} {rr} {hi}", f.id);
                }
            }
            if f.verdict == Some(Verdict::LikelyLink) {
                assert!(f.ci_low.unwrap() > 1.0 || f.ci_high.is_some_and(|h| h < 1.0), "{}", f.id);
            }
            if let (Some(bw), Some(aw)) = (&f.before, &f.after) {
                for w in [bw, aw] {
                    assert_eq!(w.logged_nights + w.unknown_nights + w.missing_nights, w.calendar_nights, "{}", f.id);
                }
            }
        }
        serde_json::to_string(&a).unwrap();
        let _ = render_text(&a);
        let _ = red_flags(&diary, today);
        let o = AnalysisOptions { from: Some(today - Duration::days(30)), to: Some(today - Duration::days(40)) };
        let _ = analyze_with(&diary, today, &o);
    }
}
