//! `log night | episode | fluid | day`: the morning log from the command line.

use chrono::NaiveDate;
use clap::{Args, Subcommand};
use cramp_diary::validate::check;
use cramp_diary::{ClockTime, Episode, Error, Fluid, FluidKind, Muscle, Night, NightStatus, Relief, Side, Symptom};

use super::format::{self, count, day_name, night_name, number};
use super::{named, Context};

/// What can be logged.
#[derive(Debug, Subcommand)]
pub enum LogCommand {
    /// How a night went: cramps, none, or not sure.
    Night(NightArgs),
    /// One cramp (marks the night as a cramp night).
    Episode(EpisodeArgs),
    /// One drink during a day.
    Fluid(FluidArgs),
    /// Exertion, exercise, stretching and symptoms of a day (only what you give changes).
    Day(DayArgs),
}

/// Exactly one of `--none`, `--cramps`, `--unknown`.
#[derive(Debug, Args)]
#[group(required = true, multiple = false)]
pub struct StatusFlags {
    /// No cramps that night.
    #[arg(long)]
    none: bool,
    /// Cramps that night (add them with `log episode`).
    #[arg(long)]
    cramps: bool,
    /// Not sure.
    #[arg(long)]
    unknown: bool,
}

impl StatusFlags {
    fn status(&self) -> NightStatus {
        if self.cramps {
            NightStatus::Cramps
        } else if self.unknown {
            NightStatus::Unknown
        } else {
            NightStatus::None
        }
    }
}

/// `log night DATE (--none | --cramps | --unknown)`.
#[derive(Debug, Args)]
pub struct NightArgs {
    /// The evening's date, YYYY-MM-DD (the night of 22 → 23 Nov is 2026-11-22).
    #[arg(value_name = "DATE", value_parser = format::date)]
    date: NaiveDate,
    #[command(flatten)]
    status: StatusFlags,
    /// How much cramps disturbed sleep, 0–10.
    #[arg(long, value_name = "N", value_parser = format::scale, allow_negative_numbers = true)]
    sleep_disturbance: Option<u8>,
    /// Anything else about the night.
    #[arg(long, value_name = "TEXT")]
    notes: Option<String>,
    /// Allow dropping the night's logged cramps when saving it as --none or --unknown.
    #[arg(long)]
    replace: bool,
}

/// `log episode DATE --time HH:MM --duration MIN --intensity N --side S --muscle M`.
#[derive(Debug, Args)]
pub struct EpisodeArgs {
    /// The evening's date, YYYY-MM-DD.
    #[arg(value_name = "DATE", value_parser = format::date)]
    date: NaiveDate,
    /// When it started, HH:MM (24 h).
    #[arg(long, value_name = "HH:MM")]
    time: ClockTime,
    /// How long it lasted, in minutes (decimals allowed).
    #[arg(long, value_name = "MIN", allow_negative_numbers = true)]
    duration: f64,
    /// How bad it was, 0–10.
    #[arg(long, value_name = "N", value_parser = format::scale, allow_negative_numbers = true)]
    intensity: u8,
    /// Which leg: left, right or both.
    #[arg(long)]
    side: Side,
    /// Which muscle: calf, foot, thigh, hamstring, shin or other.
    #[arg(long)]
    muscle: Muscle,
    /// What eased it, comma-separated: stretching, walking, massage, heat, cold, medication, nothing, other.
    #[arg(long, value_name = "WHAT,...", value_delimiter = ',')]
    relieved_by: Vec<Relief>,
    /// The muscle was sore afterwards.
    #[arg(long)]
    soreness: bool,
}

/// `log fluid DATE --kind K --ml N [--brand TEXT]`.
#[derive(Debug, Args)]
pub struct FluidArgs {
    /// The day's date, YYYY-MM-DD.
    #[arg(value_name = "DATE", value_parser = format::date)]
    date: NaiveDate,
    /// Kind of drink: water, electrolyte, coffee_tea, alcohol or other.
    #[arg(long)]
    kind: FluidKind,
    /// How much, in millilitres.
    #[arg(long, value_name = "N", allow_negative_numbers = true)]
    ml: f64,
    /// Product name, such as an electrolyte drink's brand.
    #[arg(long, value_name = "TEXT")]
    brand: Option<String>,
}

/// The parts of a day that can be changed; at least one must be given.
#[derive(Debug, Args)]
#[group(required = true, multiple = true)]
pub struct DayChanges {
    /// How physically hard the day was, 0–10.
    #[arg(long, value_name = "N", value_parser = format::scale, allow_negative_numbers = true)]
    exertion: Option<u8>,
    /// Minutes of exercise.
    #[arg(long, value_name = "N", value_parser = format::minutes, allow_negative_numbers = true)]
    exercise_min: Option<u32>,
    /// Stretched the legs before bed.
    #[arg(long)]
    stretched: bool,
    /// A symptom noticed, KIND or KIND:SIDE (repeat for more), such as calf_swelling:left.
    ///
    /// KIND is one of calf_swelling, leg_redness, leg_warmth, calf_tenderness, persistent_pain,
    /// cold_pale_leg, breathlessness_or_chest_pain, saddle_numbness_or_bladder_change,
    /// pain_when_walking, numbness_tingling, muscle_weakness, urge_to_move_legs,
    /// cramp_over_10_min; SIDE is left, right or both.
    #[arg(long, value_name = "KIND[:SIDE]", value_parser = format::symptom)]
    symptom: Vec<Symptom>,
}

/// `log day DATE [--exertion N] [--exercise-min N] [--stretched] [--symptom KIND[:SIDE]]...`.
#[derive(Debug, Args)]
pub struct DayArgs {
    /// The day's date, YYYY-MM-DD.
    #[arg(value_name = "DATE", value_parser = format::date)]
    date: NaiveDate,
    #[command(flatten)]
    changes: DayChanges,
}

/// Core field names as the user typed them.
const NAMES: &[(&str, &str)] = &[
    ("date", "DATE"),
    ("sleep_disturbance", "--sleep-disturbance"),
    ("notes", "--notes"),
    ("time", "--time"),
    ("duration_min", "--duration"),
    ("intensity", "--intensity"),
    ("side", "--side"),
    ("muscle", "--muscle"),
    ("relieved_by", "--relieved-by"),
    ("ml", "--ml"),
    ("brand", "--brand"),
    ("kind", "--kind"),
    ("exertion", "--exertion"),
    ("exercise_min", "--exercise-min"),
    ("symptoms", "--symptom"),
];

impl LogCommand {
    /// Runs the command; returns the confirmation.
    pub fn run(self, ctx: &Context) -> Result<String, Error> {
        match self {
            LogCommand::Night(a) => night(a, ctx),
            LogCommand::Episode(a) => episode(a, ctx),
            LogCommand::Fluid(a) => fluid(a, ctx),
            LogCommand::Day(a) => day(a, ctx),
        }
        .map_err(|e| named(e, NAMES))
    }
}

/// A night's status in plain words.
fn words(s: NightStatus) -> &'static str {
    match s {
        NightStatus::None => "no cramps",
        NightStatus::Cramps => "cramps",
        NightStatus::Unknown => "not sure",
    }
}

fn night(a: NightArgs, ctx: &Context) -> Result<String, Error> {
    let mut store = ctx.open()?;
    let today = store.today();
    let status = a.status.status();
    let mut dropped = 0;
    // Read, decide and write in one transaction, so an episode added meanwhile (by the app)
    // is never dropped unseen.
    let (old, night) = store.edit_night(a.date, |old| {
        let mut night = old.cloned().unwrap_or_else(|| Night::new(a.date, status));
        night.status = status;
        if let Some(s) = a.sleep_disturbance {
            night.sleep_disturbance = Some(s);
        }
        if let Some(n) = a.notes {
            night.notes = n;
        }
        dropped = if status == NightStatus::Cramps { 0 } else { std::mem::take(&mut night.episodes).len() };
        if dropped > 0 && !a.replace {
            // The values themselves first, so a night that cannot be saved anyway says why.
            check(today, |c| c.night(&night, ""))?;
            return Err(Error::Conflict(format!(
                "{} already has {} logged; saving it as \"{}\" would delete them. Nothing was changed. \
                 Add --replace if that is what you want.",
                night_name(a.date),
                count(dropped, "cramp episode", "cramp episodes"),
                words(status),
            )));
        }
        Ok(night)
    })?;
    let what = match status {
        NightStatus::None => "no cramps on",
        NightStatus::Cramps => "cramps on",
        NightStatus::Unknown => "not sure about",
    };
    let mut msg = format!("Saved: {what} {}.", night_name(a.date));
    if status == NightStatus::Cramps {
        match night.episodes.len() {
            0 => msg.push_str(" Add each cramp with `cramp-diary log episode`."),
            n => msg.push_str(&format!(" Its {} kept.", count(n, "episode is", "episodes are"))),
        }
    }
    if dropped > 0 {
        msg.push_str(&format!(" The {} it had were removed.", count(dropped, "episode", "episodes")));
    }
    if let Some(before) = old.map(|n| n.status).filter(|s| *s != status) {
        msg.push_str(&format!(" (It was logged as \"{}\" before.)", words(before)));
    }
    Ok(msg)
}

fn episode(a: EpisodeArgs, ctx: &Context) -> Result<String, Error> {
    let mut store = ctx.open()?;
    let was = store.night(a.date)?.map(|n| n.status);
    let e = Episode {
        time: Some(a.time),
        duration_min: Some(a.duration),
        intensity: Some(a.intensity),
        side: Some(a.side),
        muscle: Some(a.muscle),
        relieved_by: a.relieved_by,
        soreness_after: a.soreness,
    };
    let night = store.add_episode(a.date, &e)?;
    let leg = match a.side {
        Side::Both => format!("{}, both legs", a.muscle),
        side => format!("{side} {}", a.muscle),
    };
    let mut msg = format!(
        "Saved: a cramp at {} ({} min, intensity {}, {leg}) on {}; that night now has {}.",
        a.time,
        number(a.duration),
        a.intensity,
        night_name(a.date),
        count(night.episodes.len(), "episode", "episodes"),
    );
    if let Some(s @ (NightStatus::None | NightStatus::Unknown)) = was {
        msg.push_str(&format!(" It was logged as \"{}\" before and is now a cramp night.", words(s)));
    }
    Ok(msg)
}

fn fluid(a: FluidArgs, ctx: &Context) -> Result<String, Error> {
    let mut store = ctx.open()?;
    let f = Fluid { kind: a.kind, ml: a.ml, brand: a.brand };
    let day = store.add_fluid(a.date, &f)?;
    let brand = f.brand.as_deref().map(|b| format!(" ({b})")).unwrap_or_default();
    Ok(format!(
        "Saved: {} mL of {}{brand} on {}; {} mL that day so far.",
        number(f.ml),
        f.kind.as_str().replace('_', "/"),
        day_name(a.date),
        number(day.total_ml())
    ))
}

fn day(a: DayArgs, ctx: &Context) -> Result<String, Error> {
    let mut store = ctx.open()?;
    let c = a.changes;
    let mut parts = Vec::new();
    if let Some(e) = c.exertion {
        parts.push(format!("exertion {e}"));
    }
    if let Some(m) = c.exercise_min {
        parts.push(format!("{m} min exercise"));
    }
    if c.stretched {
        parts.push("stretched before bed".to_string());
    }
    for s in &c.symptom {
        parts.push(match s.side {
            Some(side) => format!("{} ({side})", s.kind.as_str().replace('_', " ")),
            None => s.kind.as_str().replace('_', " "),
        });
    }
    store.edit_day(a.date, |day| {
        if c.exertion.is_some() {
            day.exertion = c.exertion;
        }
        if c.exercise_min.is_some() {
            day.exercise_min = c.exercise_min;
        }
        if c.stretched {
            day.stretched_before_bed = Some(true);
        }
        day.symptoms.extend(c.symptom.iter().cloned());
    })?;
    Ok(format!("Saved for {}: {}.", day_name(a.date), parts.join(", ")))
}
