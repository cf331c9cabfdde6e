//! `med add | stop | list`: medication courses.

use chrono::NaiveDate;
use clap::{Args, Subcommand};
use cramp_diary::store::Course;
use cramp_diary::{Error, Medication};

use super::format::{self, day_name};
use super::{named, Context};

/// Medication commands.
#[derive(Debug, Subcommand)]
pub enum MedCommand {
    /// Record a course of a medicine (a dose change is a new course).
    Add(AddArgs),
    /// Record the last day a medicine was taken.
    Stop(StopArgs),
    /// Show every course.
    List,
}

/// `med add NAME --started DATE [--dose TEXT] [--stopped DATE]`.
#[derive(Debug, Args)]
pub struct AddArgs {
    /// The medicine's name, brand or generic.
    #[arg(value_name = "NAME")]
    name: String,
    /// First day taken, YYYY-MM-DD.
    #[arg(long, value_name = "DATE", value_parser = format::date)]
    started: NaiveDate,
    /// Dose as written on the box, such as "25 mg once daily".
    #[arg(long, value_name = "TEXT")]
    dose: Option<String>,
    /// Last day taken, if it has been stopped.
    #[arg(long, value_name = "DATE", value_parser = format::date)]
    stopped: Option<NaiveDate>,
}

/// `med stop NAME --on DATE`.
#[derive(Debug, Args)]
pub struct StopArgs {
    /// The medicine's name as recorded (capitals do not matter).
    #[arg(value_name = "NAME")]
    name: String,
    /// Last day it was taken, YYYY-MM-DD.
    #[arg(long, value_name = "DATE", value_parser = format::date)]
    on: NaiveDate,
    /// Start date of the course, if more than one course of that name is running.
    #[arg(long, value_name = "DATE", value_parser = format::date)]
    started: Option<NaiveDate>,
}

impl MedCommand {
    /// Runs the command; returns the confirmation or the table.
    pub fn run(self, ctx: &Context) -> Result<String, Error> {
        match self {
            MedCommand::Add(a) => add(a, ctx),
            MedCommand::Stop(a) => stop(a, ctx),
            MedCommand::List => list(ctx),
        }
    }
}

fn describe(m: &Medication) -> String {
    if m.dose.is_empty() {
        m.name.clone()
    } else {
        format!("{} {}", m.name, m.dose)
    }
}

fn add(a: AddArgs, ctx: &Context) -> Result<String, Error> {
    let mut store = ctx.open()?;
    let m = Medication {
        name: a.name,
        dose: a.dose.unwrap_or_default(),
        started: a.started,
        stopped: a.stopped,
        notes: String::new(),
    };
    store.add_course(&m).map_err(|e| {
        named(e, &[("name", "NAME"), ("dose", "--dose"), ("started", "--started"), ("stopped", "--stopped")])
    })?;
    Ok(match m.stopped {
        None => format!("Saved: {}, taken since {}.", describe(&m), day_name(m.started)),
        Some(s) => format!("Saved: {}, taken from {} to {}.", describe(&m), day_name(m.started), day_name(s)),
    })
}

fn stop(a: StopArgs, ctx: &Context) -> Result<String, Error> {
    let mut store = ctx.open()?;
    let wanted = a.name.trim().to_lowercase();
    let running: Vec<Course> = store
        .courses()?
        .into_iter()
        .filter(|c| c.medication.stopped.is_none() && c.medication.name.trim().to_lowercase() == wanted)
        .filter(|c| a.started.is_none_or(|s| c.medication.started == s))
        .collect();
    let course = match running.as_slice() {
        [one] => one,
        [] => {
            return Err(Error::NotFound(format!(
            "no course of \"{}\"{} is running, so nothing was stopped; `cramp-diary med list` shows what is recorded",
            a.name,
            a.started.map(|s| format!(" started on {s}")).unwrap_or_default()
        )))
        }
        several => {
            let which: Vec<String> =
                several.iter().map(|c| format!("{} since {}", describe(&c.medication), c.medication.started)).collect();
            return Err(Error::Conflict(format!(
                "{} courses of \"{}\" are running ({}); say which with --started DATE. Nothing was stopped.",
                several.len(),
                a.name,
                which.join("; ")
            )));
        }
    };
    let m = store.stop_course(course.id, a.on).map_err(|e| named(e, &[("stopped", "--on")]))?;
    Ok(format!("Saved: {} stopped; last taken on {}.", describe(&m), day_name(a.on)))
}

fn list(ctx: &Context) -> Result<String, Error> {
    let store = ctx.open_existing()?;
    let courses = store.courses()?;
    if courses.is_empty() {
        return Ok("No medications recorded yet. Add one with `cramp-diary med add NAME --started DATE`.".into());
    }
    let date = |d: NaiveDate| d.format("%-d %b %Y").to_string();
    let mut rows = vec![["Name".to_string(), "Dose".into(), "Started".into(), "Stopped".into()]];
    for c in &courses {
        let m = &c.medication;
        rows.push([
            m.name.clone(),
            if m.dose.is_empty() { "-".into() } else { m.dose.clone() },
            date(m.started),
            m.stopped.map(date).unwrap_or_else(|| "still taking".into()),
        ]);
    }
    let mut widths = [0; 4];
    for row in &rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.chars().count());
        }
    }
    let mut out = String::new();
    for row in &rows {
        let mut line = String::new();
        for (i, (w, cell)) in widths.iter().zip(row).enumerate() {
            line.push_str(cell);
            if i < 3 {
                line.push_str(&" ".repeat(w - cell.chars().count() + 2));
            }
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    Ok(out)
}
