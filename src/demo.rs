//! A realistic sample diary to try the app with.
//!
//! Fifteen months of an older person's diary, ending last night: a statin taken throughout,
//! a thiazide diuretic started three months ago with clearly more cramp nights after it
//! (a year of nights before it, so the analysis can allow for the person's season), fluids
//! that vary from day to day (low days are followed by more cramps), some exercise and
//! stretching, cramp-free stretches, a few unlogged and "unknown" nights, and one day with
//! red-flag symptoms (a swollen, warm left calf) a couple of weeks ago.
//!
//! Every choice comes from a small seeded generator and depends only on how many nights
//! before today it falls, so the same `today` always gives the same diary, and any `today`
//! gives the same pattern shifted in time.

use crate::rng::Rng;
use chrono::{DateTime, Datelike, Days, FixedOffset, NaiveDate, NaiveTime};

use crate::domain::{
    ClockTime, Condition, Day, Diary, Episode, Fluid, FluidKind, Medication, Muscle, Night, NightStatus, Profile,
    Relief, Side, Symptom, SymptomKind, VolumeUnit,
};

/// Number of nights the sample covers (about fifteen months).
pub const SAMPLE_NIGHTS: u32 = 456;
/// Night index (0 = first night) on which the thiazide is started: a year in.
const THIAZIDE_START: u32 = 364;
/// Nights before today of the red-flag symptom day.
const RED_FLAG_DAYS_AGO: u32 = 12;
/// Nights that are forced cramp-free (a week or more each), by index.
const CALM_STRETCHES: [(u32, u32); 2] = [(18, 27), (57, 64)];
/// Nights logged as "unknown", by index, with the reason written in the notes.
const UNKNOWN_NIGHTS: [(u32, &str); 2] = [
    (44, "Took a sleeping tablet at my daughter's; can't say whether I had cramps."),
    (133, "Bad cold, slept in the chair. Not sure if the leg pain was cramp."),
];

/// Seed for the sample; change it only together with the tests' expected figures.
const SEED: u64 = 393;

fn date_minus(today: NaiveDate, days: u32) -> NaiveDate {
    today.checked_sub_days(Days::new(u64::from(days))).unwrap_or(today)
}

fn first_of_month(d: NaiveDate) -> NaiveDate {
    d.with_day(1).unwrap_or(d)
}

/// Fifteen months of sample diary ending last night (deterministic for a given `today`).
pub fn sample_diary(today: NaiveDate) -> Diary {
    generate(today, SEED)
}

/// A long diary for benchmarks and scale tests: every night for `years` years ending on
/// `last_night` (about 2% unlogged), 1–3 episodes on cramp nights, several drinks a day,
/// and a few medication courses a year. Deterministic for a given seed.
pub fn long_diary(last_night: NaiveDate, years: u32, seed: u64) -> Diary {
    const DRUGS: [(&str, &str); 8] = [
        ("Hydrochlorothiazide", "25 mg"),
        ("Atorvastatin", "20 mg"),
        ("Metoprolol", "50 mg"),
        ("Furosemide", "40 mg"),
        ("Omeprazole", "20 mg"),
        ("Prednisolone", "5 mg"),
        ("Amlodipine", "5 mg"),
        ("Alendronate", "70 mg weekly"),
    ];
    let mut rng = Rng::new(seed);
    let days = years * 365 + years / 4;
    let first = date_minus(last_night, days - 1);
    let mut diary = Diary {
        profile: Profile { birth_year: Some(1948), volume_unit: VolumeUnit::Ml },
        conditions: vec![Condition { name: "type 2 diabetes".into(), since: Some(first) }],
        ..Diary::default()
    };
    for year in 0..years {
        for _ in 0..3 {
            let started = first + chrono::Days::new(u64::from(year * 365 + rng.range_u32(0, 364)));
            if started > last_night {
                continue;
            }
            let (name, dose) = rng.pick(&DRUGS);
            let stopped = started + chrono::Days::new(u64::from(rng.range_u32(30, 400)));
            diary.medications.push(Medication {
                name: name.into(),
                dose: dose.into(),
                started,
                stopped: (stopped < last_night).then_some(stopped),
                notes: String::new(),
            });
        }
    }
    diary.medications.sort_by_key(|m| m.started);
    let zone = FixedOffset::east_opt(3600).expect("a valid offset");
    for i in 0..days {
        let date = first + chrono::Days::new(u64::from(i));
        diary.days.push(sample_day(&mut rng, date, false));
        if rng.chance(0.02) {
            continue;
        }
        let status = if rng.chance(0.3) { NightStatus::Cramps } else { NightStatus::None };
        let mut night = Night::new(date, status);
        night.logged_at = Some(logged_at(&mut rng, date, zone));
        if status == NightStatus::Cramps {
            night.episodes = sample_episodes(&mut rng, false);
            night.sleep_disturbance = Some(rng.range_u32(2, 8) as u8);
        }
        diary.nights.push(night);
    }
    diary
}

fn generate(today: NaiveDate, seed: u64) -> Diary {
    let mut rng = Rng::new(seed);
    let first = date_minus(today, SAMPLE_NIGHTS);
    let night_date = |i: u32| first.checked_add_days(Days::new(u64::from(i))).unwrap_or(first);
    let thiazide_start = night_date(THIAZIDE_START);
    let red_flag_index = SAMPLE_NIGHTS - RED_FLAG_DAYS_AGO;
    // The user writes in a UTC+1 time zone (logged_at carries the offset).
    let zone = FixedOffset::east_opt(3600).expect("one hour is a valid offset");

    let profile = Profile { birth_year: Some(1948), volume_unit: VolumeUnit::Ml };
    let conditions = vec![
        Condition { name: "type 2 diabetes".into(), since: Some(first_of_month(date_minus(today, 11 * 365 + 140))) },
        Condition {
            name: "high blood pressure".into(),
            since: Some(first_of_month(date_minus(today, SAMPLE_NIGHTS - THIAZIDE_START + 60))),
        },
    ];
    let medications = vec![
        Medication {
            name: "Metformin".into(),
            dose: "500 mg twice daily".into(),
            started: first_of_month(date_minus(today, 11 * 365 + 100)),
            stopped: None,
            notes: String::new(),
        },
        Medication {
            name: "Atorvastatin".into(),
            dose: "20 mg at night".into(),
            started: date_minus(today, 6 * 365 + 47),
            stopped: None,
            notes: "For cholesterol.".into(),
        },
        Medication {
            name: "Hydrochlorothiazide".into(),
            dose: "25 mg once daily".into(),
            started: thiazide_start,
            stopped: None,
            notes: "Started by the GP for blood pressure.".into(),
        },
    ];

    let mut nights = Vec::new();
    let mut days = Vec::new();
    for i in 0..SAMPLE_NIGHTS {
        let date = night_date(i);
        let calm = CALM_STRETCHES.iter().any(|&(a, b)| (a..=b).contains(&i));
        let unknown = UNKNOWN_NIGHTS.iter().find(|(k, _)| *k == i).map(|(_, why)| *why);
        let red_flag = i == red_flag_index;
        let must_log = calm || unknown.is_some() || red_flag || i == SAMPLE_NIGHTS - 1;

        // A few nights (about 1 in 20) were never logged, and neither was their day.
        if rng.chance(0.05) && !must_log {
            continue;
        }

        let day = sample_day(&mut rng, date, red_flag);
        let total_ml = day.total_ml();
        let low_fluids = total_ml < 1000.0;
        let hard_day = day.exertion.is_some_and(|e| e >= 7);

        // Chance of cramps tonight: the thiazide raises it after a short lag, a low-fluid
        // day raises it, a hard day raises it a little, stretching lowers it a little.
        let on_thiazide = i >= THIAZIDE_START;
        let mut p: f64 = match i.saturating_sub(THIAZIDE_START) {
            _ if !on_thiazide => 0.19,
            0..=9 => 0.35,
            _ => 0.48,
        };
        if low_fluids {
            p *= if on_thiazide { 1.4 } else { 2.0 };
        }
        if hard_day {
            p *= 1.3;
        }
        if day.stretched_before_bed == Some(true) {
            p *= 0.85;
        }
        let cramps = rng.chance(p.min(0.9)) && !calm;

        let mut night = Night::new(date, NightStatus::None);
        if let Some(why) = unknown {
            night.status = NightStatus::Unknown;
            night.notes = why.into();
        } else if cramps {
            night.status = NightStatus::Cramps;
            night.episodes = sample_episodes(&mut rng, on_thiazide);
            let worst = night.episodes.iter().filter_map(|e| e.intensity).max().unwrap_or(5);
            let extra = night.episodes.len() as u32 - 1;
            night.sleep_disturbance =
                Some((worst.saturating_sub(1) as u32 + extra + rng.range_u32(0, 2)).min(10) as u8);
            if rng.chance(0.15) {
                night.notes = rng
                    .pick(&[
                        "Woke with the calf knotted hard. Standing on the cold floor helped.",
                        "Two in a row — couldn't get back to sleep till after 5.",
                        "Toes curled and wouldn't straighten; rubbed it out.",
                        "Drank a glass of water after, went back to sleep.",
                        "Sore all morning, walking on it \"like a stiff old pony\".",
                    ])
                    .into();
            }
        } else {
            night.sleep_disturbance = Some(rng.weighted(&[(6.0, 0), (3.0, 1), (1.0, 2)]));
            if calm && rng.chance(0.2) {
                night.notes = "A good week, slept right through.".into();
            }
        }
        if red_flag {
            night.notes = "Left calf swollen and warm to touch this evening, not like a cramp.".into();
        }
        night.logged_at = Some(logged_at(&mut rng, date, zone));
        nights.push(night);
        days.push(day);
    }

    Diary { profile, conditions, medications, nights, days, experiments: Vec::new() }
}

/// When a night was logged: usually the next morning, sometimes back-filled days later.
fn logged_at(rng: &mut Rng, date: NaiveDate, zone: FixedOffset) -> DateTime<FixedOffset> {
    let (days_later, hour, minute) = if rng.chance(0.04) {
        (rng.range_u32(2, 4), rng.range_u32(17, 20), rng.range_u32(0, 59))
    } else {
        (1, rng.range_u32(6, 9), rng.range_u32(0, 59))
    };
    let day = date.checked_add_days(Days::new(u64::from(days_later))).unwrap_or(date);
    let time = NaiveTime::from_hms_opt(hour, minute, 0).expect("hour and minute are in range");
    day.and_time(time).and_local_timezone(zone).single().expect("a fixed offset has no gaps")
}

/// A day's drinks, exertion, exercise and stretching, plus the red-flag symptoms on that one day.
fn sample_day(rng: &mut Rng, date: NaiveDate, red_flag: bool) -> Day {
    let mut day = Day::empty(date);
    let low = rng.chance(0.2);
    let glasses = if low { rng.range_u32(1, 2) } else { rng.range_u32(3, 6) };
    let cups = if low { rng.range_u32(1, 2) } else { rng.range_u32(2, 4) };
    for k in 0..glasses.max(cups) {
        if k < cups {
            day.fluids.push(Fluid { kind: FluidKind::CoffeeTea, ml: rng.pick(&[150.0, 200.0, 250.0]), brand: None });
        }
        if k < glasses {
            day.fluids.push(Fluid { kind: FluidKind::Water, ml: rng.pick(&[200.0, 250.0, 300.0]), brand: None });
        }
    }
    if !low && rng.chance(0.12) {
        let brand = rng.pick(&["Pedialyte", "Nuun", "Dioralyte"]);
        let ml = if brand == "Nuun" { 500.0 } else { rng.pick(&[250.0, 500.0]) };
        day.fluids.push(Fluid { kind: FluidKind::Electrolyte, ml, brand: Some(brand.into()) });
    }
    if rng.chance(0.07) {
        day.fluids.push(Fluid { kind: FluidKind::Other, ml: 200.0, brand: Some("orange juice".into()) });
    }
    if rng.chance(0.18) {
        let (ml, brand) = rng.pick(&[(175.0, "red wine"), (330.0, "bitter"), (250.0, "white wine")]);
        day.fluids.push(Fluid { kind: FluidKind::Alcohol, ml, brand: Some(brand.into()) });
    }

    // Exertion on about two days in three: mostly light, some gardening or long walks.
    if rng.chance(0.65) {
        let hard = rng.chance(0.18);
        day.exertion = Some(if hard { rng.range_u32(6, 8) } else { rng.range_u32(1, 4) } as u8);
        if hard {
            day.exercise_min = Some(rng.range_u32(6, 16) * 10);
        } else if rng.chance(0.5) {
            day.exercise_min = Some(rng.range_u32(2, 5) * 10);
        }
    }
    if rng.chance(0.85) {
        day.stretched_before_bed = Some(rng.chance(0.4));
    }
    if red_flag {
        day.symptoms = vec![
            Symptom { kind: SymptomKind::CalfSwelling, side: Some(Side::Left) },
            Symptom { kind: SymptomKind::LegWarmth, side: Some(Side::Left) },
        ];
    }
    day
}

/// One to three cramps in the small hours, mostly in a calf.
fn sample_episodes(rng: &mut Rng, on_thiazide: bool) -> Vec<Episode> {
    let count = rng.weighted(&[(6.0, 1), (3.0, 2), (1.0, 3)]);
    // Minutes after midnight of the first cramp: mostly 01:00–05:30, now and then earlier or later.
    let mut at = if rng.chance(0.9) {
        rng.range_u32(60, 330)
    } else if rng.chance(0.5) {
        rng.range_u32(20, 59)
    } else {
        rng.range_u32(331, 380)
    };
    let mut out = Vec::new();
    for _ in 0..count {
        let duration = ((0.5 + 9.5 * rng.f64().powi(2)) * 2.0).round() / 2.0;
        let intensity = (rng.range_u32(3, 8) + u32::from(on_thiazide && rng.chance(0.3))).min(10) as u8;
        let side = rng.weighted(&[(45.0, Side::Left), (35.0, Side::Right), (20.0, Side::Both)]);
        let muscle = rng.weighted(&[
            (75.0, Muscle::Calf),
            (13.0, Muscle::Foot),
            (5.0, Muscle::Thigh),
            (5.0, Muscle::Hamstring),
            (2.0, Muscle::Shin),
        ]);
        let mut relieved_by = Vec::new();
        if rng.chance(0.7) {
            relieved_by.push(Relief::Stretching);
        }
        if rng.chance(0.35) {
            relieved_by.push(Relief::Walking);
        }
        if rng.chance(0.2) {
            relieved_by.push(Relief::Massage);
        }
        if rng.chance(0.05) {
            relieved_by.push(Relief::Heat);
        }
        if relieved_by.is_empty() {
            relieved_by.push(Relief::Nothing);
        }
        let minutes = at.min(23 * 60 + 59);
        out.push(Episode {
            time: ClockTime::new((minutes / 60) as u8, (minutes % 60) as u8),
            duration_min: Some(duration),
            intensity: Some(intensity),
            side: Some(side),
            muscle: Some(muscle),
            relieved_by,
            soreness_after: rng.chance(0.35),
        });
        at += rng.range_u32(20, 110);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::Store;
    use crate::validate::check_diary;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    /// (cramp nights, logged cramp/none nights) among `nights` matching `pick`.
    fn rate(diary: &Diary, pick: impl Fn(&Night) -> bool) -> (f64, f64) {
        let mut y = 0.0;
        let mut n = 0.0;
        for night in diary.nights.iter().filter(|n| n.status != NightStatus::Unknown && pick(n)) {
            n += 1.0;
            if night.status == NightStatus::Cramps {
                y += 1.0;
            }
        }
        (y, n)
    }

    fn longest_calm(diary: &Diary) -> usize {
        let (mut best, mut run) = (0, 0);
        let mut prev: Option<NaiveDate> = None;
        for n in &diary.nights {
            let consecutive = prev.is_some_and(|p| p.succ_opt() == Some(n.date));
            run = if n.status == NightStatus::None {
                if consecutive {
                    run + 1
                } else {
                    1
                }
            } else {
                0
            };
            best = best.max(run);
            prev = Some(n.date);
        }
        best
    }

    #[test]
    fn passes_every_rule_for_several_todays() {
        for today in ["2026-11-23", "2024-02-29", "2027-01-01", "2030-07-15"] {
            let diary = sample_diary(d(today));
            check_diary(d(today), &diary).unwrap();
            assert_eq!(diary.nights.last().unwrap().date, d(today).pred_opt().unwrap());
            assert!(diary.nights.windows(2).all(|w| w[0].date < w[1].date));
            assert!(diary.days.windows(2).all(|w| w[0].date < w[1].date));
            assert!(diary.medications.windows(2).all(|w| w[0].started <= w[1].started));
        }
    }

    #[test]
    fn is_deterministic() {
        assert_eq!(sample_diary(d("2026-11-23")), sample_diary(d("2026-11-23")));
    }

    #[test]
    fn has_the_story_the_app_should_find() {
        let today = d("2026-11-23");
        let diary = sample_diary(today);
        assert_eq!(diary.profile.birth_year, Some(1948));
        let statin = diary.medications.iter().find(|m| m.name == "Atorvastatin").unwrap();
        assert!(statin.started < diary.nights[0].date && statin.stopped.is_none());
        let hctz = diary.medications.iter().find(|m| m.name == "Hydrochlorothiazide").unwrap();
        let start = hctz.started;

        // Thiazide: baseline 15–25 % of nights, 45–55 % after; RR 2–3 with a CI above 1.
        let (y0, n0) = rate(&diary, |n| n.date < start);
        let (y1, n1) = rate(&diary, |n| n.date >= start);
        let (r0, r1) = (y0 / n0, y1 / n1);
        assert!((0.15..=0.25).contains(&r0), "baseline {y0}/{n0}");
        assert!((0.45..=0.55).contains(&r1), "after {y1}/{n1}");
        let rr = r1 / r0;
        let lower = (rr.ln() - 1.96 * (1.0 / y0 + 1.0 / y1).sqrt()).exp();
        assert!((2.0..=3.0).contains(&rr) && lower > 1.0, "RR {rr}, lower {lower}");

        // Low-fluid days are followed by more cramp nights; the day after shows no such link.
        let low = |date: NaiveDate| diary.day(date).is_some_and(|d| d.total_ml() < 1000.0);
        let (a, b) = rate(&diary, |n| low(n.date));
        let (c, e) = rate(&diary, |n| diary.day(n.date).is_some() && !low(n.date));
        assert!(b >= 20.0 && (a / b) / (c / e) > 1.4, "low {a}/{b} vs {c}/{e}");
        let next = |n: &Night| n.date.succ_opt().unwrap();
        let (a, b) = rate(&diary, |n| low(next(n)));
        let (c, e) = rate(&diary, |n| diary.day(next(n)).is_some() && !low(next(n)));
        let control = (a / b) / (c / e);
        assert!((0.65..=1.35).contains(&control), "negative control {a}/{b} vs {c}/{e}");

        // Cramp-free stretches, unlogged and unknown nights.
        assert!(longest_calm(&diary) >= 7);
        let unlogged = SAMPLE_NIGHTS as usize - diary.nights.len();
        assert!((10..=35).contains(&unlogged), "{unlogged} unlogged");
        assert_eq!(diary.nights.iter().filter(|n| n.status == NightStatus::Unknown).count(), 2);

        // Episodes look like night cramps.
        let episodes: Vec<&Episode> = diary.nights.iter().flat_map(|n| &n.episodes).collect();
        assert!(diary.nights.iter().all(|n| n.status != NightStatus::Cramps || (1..=3).contains(&n.episodes.len())));
        let small_hours = episodes
            .iter()
            .filter(|e| {
                let t = e.time.unwrap();
                (60..=330).contains(&(u32::from(t.hour()) * 60 + u32::from(t.minute())))
            })
            .count();
        assert!(small_hours * 10 >= episodes.len() * 7, "{small_hours} of {}", episodes.len());
        assert!(episodes.iter().all(|e| (0.5..=10.0).contains(&e.duration_min.unwrap())));
        let calf = episodes.iter().filter(|e| e.muscle == Some(Muscle::Calf)).count();
        assert!(calf * 2 > episodes.len());

        // Fluids vary, with electrolytes and some alcohol.
        let kinds = |k: FluidKind| diary.days.iter().flat_map(|d| &d.fluids).filter(|f| f.kind == k).count();
        assert!(kinds(FluidKind::Electrolyte) >= 5 && kinds(FluidKind::Alcohol) >= 5);
        assert!(diary.days.iter().any(|d| d.exertion.is_some_and(|e| e >= 6) && d.exercise_min.is_some()));
        assert!(diary.days.iter().any(|d| d.stretched_before_bed == Some(true)));

        // Exactly one symptom day, in the last few weeks: a swollen, warm left calf.
        let symptom_days: Vec<&Day> = diary.days.iter().filter(|d| !d.symptoms.is_empty()).collect();
        assert_eq!(symptom_days.len(), 1);
        assert!(symptom_days[0].date >= date_minus(today, 28));
        let left = |kind| Symptom { kind, side: Some(Side::Left) };
        assert_eq!(symptom_days[0].symptoms, [left(SymptomKind::CalfSwelling), left(SymptomKind::LegWarmth)]);
    }

    #[test]
    fn round_trips_through_import_and_export() {
        let today = d("2026-11-23");
        let diary = sample_diary(today);
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(dir.path().join("diary.db")).unwrap().with_today(today);
        crate::interchange::import_diary(&mut store, &diary, false).unwrap();
        assert_eq!(store.load().unwrap(), diary);
        let at = chrono::Utc::now();
        let exported = crate::interchange::export(&store).unwrap();
        let direct = crate::interchange::to_json(&diary, at);
        let mut a: serde_json::Value = serde_json::from_str(&exported).unwrap();
        let mut b: serde_json::Value = serde_json::from_str(&direct).unwrap();
        a["exported_at"] = serde_json::Value::Null;
        b["exported_at"] = serde_json::Value::Null;
        assert_eq!(a, b);
    }

    #[test]
    fn long_diary_is_valid_and_dense() {
        let last: NaiveDate = "2026-11-22".parse().unwrap();
        let d = long_diary(last, 3, 11);
        check_diary(last, &d).unwrap();
        assert_eq!(d.days.len(), 3 * 365);
        assert_eq!(d.days.last().unwrap().date, last);
        assert!(d.nights.len() > 1040 && d.nights.len() < 1095, "{}", d.nights.len());
        let cramp = d.nights.iter().filter(|n| n.status == NightStatus::Cramps).count();
        assert!(d.nights.iter().all(|n| (n.status == NightStatus::Cramps) != n.episodes.is_empty()));
        assert!((250..400).contains(&cramp), "{cramp}");
        assert!(d.medications.len() >= 6 && d.medications.windows(2).all(|w| w[0].started <= w[1].started));
        assert_eq!(long_diary(last, 3, 11), d);
    }
}
