//! The analysis tests' seeded generator and a small builder for synthetic diaries.

use chrono::{Duration, NaiveDate};

pub use super::d;
use cramp_diary::{
    Condition, Day, Diary, Episode, Fluid, FluidKind, Medication, Night, NightStatus, Symptom, SymptomKind, VolumeUnit,
};

/// The seeded generator the calibration uses (splitmix64).
pub use cramp_diary::rng::Rng;

pub fn days(from: NaiveDate, n: i64) -> impl Iterator<Item = NaiveDate> {
    (0..n).map(move |i| from + Duration::days(i))
}

/// A cramp night with one calf episode.
pub fn cramp_night(date: NaiveDate) -> Night {
    let mut n = Night::new(date, NightStatus::Cramps);
    n.sleep_disturbance = Some(4);
    n.episodes.push(Episode {
        time: "03:10".parse().ok(),
        duration_min: Some(3.0),
        intensity: Some(6),
        side: Some(cramp_diary::Side::Left),
        muscle: Some(cramp_diary::Muscle::Calf),
        relieved_by: vec![cramp_diary::Relief::Stretching],
        soreness_after: false,
    });
    n
}

/// A cramp night with `k` calf episodes (at least one), an hour apart from 01:10.
pub fn cramp_night_with(date: NaiveDate, k: u32) -> Night {
    let mut n = cramp_night(date);
    let first = n.episodes[0].clone();
    for i in 1..k.max(1) {
        let mut e = first.clone();
        e.time = format!("{:02}:10", 1 + i % 6).parse().ok();
        n.episodes.push(e);
    }
    n
}

/// Diary builder: nights are added in any order and sorted at the end.
#[derive(Default)]
pub struct Build {
    pub diary: Diary,
}

impl Build {
    pub fn new() -> Self {
        Build::default()
    }
    /// Nights from `from` for `n` days: logged with probability `p_logged(date)`, cramps
    /// with probability `p_cramp(date)`.
    pub fn nights(
        mut self,
        rng: &mut Rng,
        from: NaiveDate,
        n: i64,
        p_cramp: impl Fn(NaiveDate) -> f64,
        p_logged: impl Fn(NaiveDate) -> f64,
    ) -> Self {
        for date in days(from, n) {
            let cramps = rng.chance(p_cramp(date));
            if !rng.chance(p_logged(date)) {
                continue;
            }
            self.diary.nights.push(if cramps { cramp_night(date) } else { Night::new(date, NightStatus::None) });
        }
        self
    }
    /// Markov-clustered nights from `from` for `n` days: cramp nights come in runs of mean
    /// length `run_len` nights, and the chain's long-run share of cramp nights on each date
    /// is `p_cramp(date)` (from a none night the chance of starting a run is
    /// (1/run_len)·p/(1−p), so the stationary rate is p). Logged with probability
    /// `p_logged(date)`, independently of cramps. `run_len` 1 gives independent nights.
    pub fn markov_nights(
        mut self,
        rng: &mut Rng,
        from: NaiveDate,
        n: i64,
        run_len: f64,
        p_cramp: impl Fn(NaiveDate) -> f64,
        p_logged: impl Fn(NaiveDate) -> f64,
    ) -> Self {
        let leave = 1.0 / run_len.max(1.0);
        let mut state = rng.chance(p_cramp(from));
        for date in days(from, n) {
            let p = p_cramp(date).clamp(0.0, 0.999);
            let enter = (leave * p / (1.0 - p)).min(1.0);
            state = if state { !rng.chance(leave) } else { rng.chance(enter) };
            if !rng.chance(p_logged(date)) {
                continue;
            }
            self.diary.nights.push(if state { cramp_night(date) } else { Night::new(date, NightStatus::None) });
        }
        self
    }
    pub fn night(mut self, night: Night) -> Self {
        self.diary.nights.retain(|n| n.date != night.date);
        self.diary.nights.push(night);
        self
    }
    pub fn med(mut self, name: &str, started: &str, stopped: Option<&str>) -> Self {
        self.diary.medications.push(Medication {
            name: name.into(),
            dose: String::new(),
            started: d(started),
            stopped: stopped.map(d),
            notes: String::new(),
        });
        self
    }
    /// A course with its dose as free text ("12.5 mg"), as the app stores it.
    pub fn med_dose(mut self, name: &str, dose: &str, started: &str, stopped: Option<&str>) -> Self {
        self.diary.medications.push(Medication {
            name: name.into(),
            dose: dose.into(),
            started: d(started),
            stopped: stopped.map(d),
            notes: String::new(),
        });
        self
    }
    pub fn volume_unit(mut self, unit: VolumeUnit) -> Self {
        self.diary.profile.volume_unit = unit;
        self
    }
    pub fn condition(mut self, name: &str) -> Self {
        self.diary.conditions.push(Condition { name: name.into(), since: None });
        self
    }
    pub fn day_mut(&mut self, date: NaiveDate) -> &mut Day {
        if let Some(i) = self.diary.days.iter().position(|x| x.date == date) {
            &mut self.diary.days[i]
        } else {
            self.diary.days.push(Day::empty(date));
            self.diary.days.last_mut().unwrap()
        }
    }
    pub fn symptom(mut self, date: &str, kind: SymptomKind, side: Option<cramp_diary::Side>) -> Self {
        self.day_mut(d(date)).symptoms.push(Symptom { kind, side });
        self
    }
    pub fn fluids(mut self, date: NaiveDate, ml: f64) -> Self {
        self.day_mut(date).fluids.push(Fluid { kind: FluidKind::Water, ml, brand: None });
        self
    }
    pub fn exertion(mut self, date: NaiveDate, score: u8) -> Self {
        self.day_mut(date).exertion = Some(score);
        self
    }
    pub fn done(mut self) -> Diary {
        self.diary.nights.sort_by_key(|n| n.date);
        self.diary.days.sort_by_key(|x| x.date);
        self.diary.medications.sort_by_key(|m| m.started);
        self.diary
    }
}
