//! Command-line parsing and dispatch.
//!
//! Each subcommand lives in its own module with an `Args` type and a `run` function that
//! returns the confirmation to print. To add a subcommand (`analyze`, `chart`, ...): add a
//! module, a variant to [`Command`] and one arm in [`Command::run`].

mod analyze;
mod backup;
mod chart;
mod format;
mod log;
mod med;
mod transfer;
mod trial;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use cramp_diary::{store, Error, FieldError, Problems, Store};

/// Keep a diary of night-time leg cramps.
#[derive(Debug, Parser)]
#[command(name = "cramp-diary", version)]
pub struct Cli {
    /// Diary file to use (default: $CRAMP_DIARY_DB, else the app's own diary).
    #[arg(long, global = true, value_name = "PATH")]
    db: Option<PathBuf>,

    #[command(subcommand)]
    command: Command,
}

/// Everything `cramp-diary` can do.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Add a whole diary from an interchange file (JSON).
    Import(transfer::ImportArgs),
    /// Write a doctor-visit PDF, CSV tables, a FHIR bundle, or the whole diary as JSON.
    Export(transfer::ExportArgs),
    /// Log a night, a cramp, a drink or a day.
    #[command(subcommand)]
    Log(log::LogCommand),
    /// Medication courses: add, stop, list.
    #[command(subcommand)]
    Med(med::MedCommand),
    /// Write a six-month sample diary to a file, to try things with.
    Demo(transfer::DemoArgs),
    /// What the diary shows: rates, trend, links to documented causes, red flags.
    Analyze(analyze::AnalyzeArgs),
    /// Draw a trend chart to an SVG or PNG file.
    Chart(chart::ChartArgs),
    /// Copy the diary to a backup file (or list the backups).
    Backup(backup::BackupArgs),
    /// Bring back a backup; the current diary is backed up first, so this can be undone.
    Restore(backup::RestoreArgs),
    /// A self-experiment: does a remedy help you? (plan, show, done, result, stop)
    #[command(subcommand)]
    Trial(trial::TrialCommand),
}

/// What a command needs besides its own arguments.
#[derive(Debug)]
pub struct Context {
    db: Option<PathBuf>,
}

impl Context {
    /// The diary file: `--db`, else the default one.
    pub fn path(&self) -> Result<PathBuf, Error> {
        match &self.db {
            Some(p) => Ok(p.clone()),
            None => store::default_db_path(),
        }
    }

    /// Opens the diary, creating it if it does not exist yet (for commands that write).
    pub fn open(&self) -> Result<Store, Error> {
        Store::open(self.path()?)
    }

    /// Opens a diary that must already exist (for commands that only read), so a mistyped
    /// path is reported instead of quietly becoming a new, empty diary.
    pub fn open_existing(&self) -> Result<Store, Error> {
        Store::open(self.existing_path()?)
    }

    /// The diary file, which must exist.
    pub fn existing_path(&self) -> Result<PathBuf, Error> {
        let path = self.path()?;
        if !path.exists() {
            return Err(Error::NotFound(format!("there is no diary at {} yet", path.display())));
        }
        Ok(path)
    }
}

impl Command {
    /// Runs the command; returns the confirmation to print.
    pub fn run(self, ctx: &Context) -> Result<String, Error> {
        match self {
            Command::Import(a) => transfer::import(a, ctx),
            Command::Export(a) => transfer::export(a, ctx),
            Command::Log(c) => c.run(ctx),
            Command::Med(c) => c.run(ctx),
            Command::Demo(a) => transfer::demo(a),
            Command::Analyze(a) => analyze::run(a, ctx),
            Command::Chart(a) => chart::run(a, ctx),
            Command::Backup(a) => backup::backup(a, ctx),
            Command::Restore(a) => backup::restore(a, ctx),
            Command::Trial(c) => c.run(ctx),
        }
    }
}

/// Parses the command line, runs it and turns the outcome into an exit code.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    if let Err(e) = cramp_diary::clock::check_env() {
        eprintln!("error: {e}");
        return ExitCode::FAILURE;
    }
    let ctx = Context { db: cli.db };
    match cli.command.run(&ctx) {
        Ok(message) => {
            use std::io::Write;
            if message.is_empty() {
                return ExitCode::SUCCESS;
            }
            // A reader that stops early (`analyze --json | head`) is not an error.
            match writeln!(std::io::stdout().lock(), "{}", message.trim_end()) {
                Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
                    eprintln!("error: could not write the output: {e}");
                    ExitCode::FAILURE
                }
                _ => ExitCode::SUCCESS,
            }
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

/// Renames the core's field paths (`episodes[2].intensity`) to the names the user typed
/// (`--intensity`), using `names` as `(core field, command-line name)` pairs.
pub fn named(err: Error, names: &[(&str, &str)]) -> Error {
    let Error::Invalid(problems) = err else { return err };
    let more = problems.more;
    let listed = problems
        .into_iter()
        .map(|f| {
            let last = f.field.rsplit('.').next().unwrap_or(&f.field);
            let key = last.split('[').next().unwrap_or(last);
            match names.iter().find(|(core, _)| *core == key) {
                Some((_, cli)) => FieldError { field: (*cli).to_string(), ..f },
                None => f,
            }
        })
        .collect();
    Error::Invalid(Problems { listed, more })
}
