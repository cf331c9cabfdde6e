//! Moving whole diaries in and out: `import`, `export` and `demo`.

use std::path::PathBuf;

use chrono::{NaiveDate, Utc};
use clap::{Args, ValueEnum};
use cramp_diary::clock::local_today;
use cramp_diary::locale::DateStyle;
use cramp_diary::report::{DateRange, Paper, PatientInfo};
use cramp_diary::usecase::export;
use cramp_diary::{demo, files, interchange, Error};

use super::format::{self, count};
use super::{named, Context};

/// `import FILE.json [--replace]`.
#[derive(Debug, Args)]
pub struct ImportArgs {
    /// Interchange file to read (JSON, format version 1).
    #[arg(value_name = "FILE.json")]
    file: PathBuf,
    /// Overwrite nights and days the diary already has for the same dates.
    #[arg(long)]
    replace: bool,
}

/// File formats `export` can write.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExportFormat {
    /// The interchange document (everything, for backups and moving computers).
    Json,
    /// A summary for a doctor visit (PDF).
    Pdf,
    /// Spreadsheet tables in a folder: nights, episodes, fluids, days, medications.
    Csv,
    /// A FHIR R4 JSON bundle, for health-record systems.
    Fhir,
}

/// Paper sizes for `--paper`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum PaperArg {
    /// ISO A4.
    A4,
    /// US Letter.
    Letter,
}

/// `export --format json|pdf|csv|fhir --out PATH [--from DATE] [--to DATE] [--paper a4|letter]
/// [--name TEXT] [--birth-date DATE]`.
#[derive(Debug, Args)]
pub struct ExportArgs {
    /// What to write.
    #[arg(long, value_enum, default_value_t = ExportFormat::Json)]
    format: ExportFormat,
    /// File to write (a folder for csv); readable only by you; files are replaced if they exist.
    #[arg(long, value_name = "PATH")]
    out: PathBuf,
    /// First night to include (pdf, csv, fhir; default: the first logged night).
    #[arg(long, value_name = "DATE", value_parser = format::date)]
    from: Option<NaiveDate>,
    /// Last night to include (pdf, csv, fhir; default: the last logged night).
    #[arg(long, value_name = "DATE", value_parser = format::date)]
    to: Option<NaiveDate>,
    /// Paper size of the PDF.
    #[arg(long, value_enum, default_value_t = PaperArg::A4)]
    paper: PaperArg,
    /// Your name, printed on the PDF and put in the FHIR Patient (left out unless given).
    #[arg(long, value_name = "TEXT")]
    name: Option<String>,
    /// Your date of birth, likewise left out unless given.
    #[arg(long, value_name = "DATE", value_parser = format::date)]
    birth_date: Option<NaiveDate>,
}

/// `demo --out FILE.json`.
#[derive(Debug, Args)]
pub struct DemoArgs {
    /// File to write the sample diary to.
    #[arg(long, value_name = "FILE.json")]
    out: PathBuf,
}

/// Reads a document and adds it to the diary, all or nothing.
pub fn import(args: ImportArgs, ctx: &Context) -> Result<String, Error> {
    let text = interchange::read_file(&args.file)?;
    let mut store = ctx.open()?;
    let s = interchange::import(&mut store, &text, args.replace).map_err(|e| match e {
        Error::Conflict(m) => Error::Conflict(format!("{m} (add --replace)")),
        e => e,
    })?;
    Ok(format!(
        "Imported {} ({}), {}, {} and {} from {}.",
        count(s.nights, "night", "nights"),
        count(s.episodes, "cramp episode", "cramp episodes"),
        count(s.days, "day", "days"),
        count(s.medications, "medication course", "medication courses"),
        count(s.conditions, "condition", "conditions"),
        args.file.display()
    ))
}

/// Writes the whole diary to a file, or a summary of a period as PDF, CSV tables or FHIR.
pub fn export(args: ExportArgs, ctx: &Context) -> Result<String, Error> {
    let format = match args.format {
        ExportFormat::Json => export::ExportFormat::Json,
        ExportFormat::Pdf => export::ExportFormat::Pdf,
        ExportFormat::Csv => export::ExportFormat::Csv,
        ExportFormat::Fhir => export::ExportFormat::Fhir,
    };
    let req = export::ExportRequest {
        range: DateRange { from: args.from, to: args.to },
        paper: args.paper.into(),
        patient: PatientInfo { name: args.name, birth_date: args.birth_date },
        ..export::ExportRequest::new(format)
    };
    export::check(&req).map_err(|e| named(e, FLAGS))?;
    let store = ctx.open_existing()?;
    // The PDF is for a person: its body follows the computer's locale (its appendix is ISO).
    let made = export::prepare(&store, &req, DateStyle::from_system()).map_err(|e| named(e, FLAGS))?;
    made.write_to(&args.out)?;
    Ok(made.said(DateStyle::ISO, Some(&args.out)))
}

/// The core's field names as this command's flags.
pub(super) const FLAGS: &[(&str, &str)] = &[
    ("from", "--from"),
    ("to", "--to"),
    ("name", "--name"),
    ("birth_date", "--birth-date"),
    ("paper", "--paper"),
    ("medicine", "--medicine"),
];

impl From<PaperArg> for Paper {
    fn from(p: PaperArg) -> Paper {
        match p {
            PaperArg::A4 => Paper::A4,
            PaperArg::Letter => Paper::Letter,
        }
    }
}

/// Writes the sample diary (ending last night) as an interchange document.
pub fn demo(args: DemoArgs) -> Result<String, Error> {
    let diary = demo::sample_diary(local_today());
    files::write_private(
        &args.out,
        interchange::to_json(&diary, cramp_diary::clock::now().with_timezone(&Utc)).as_bytes(),
    )?;
    Ok(format!(
        "Wrote a sample diary of {} to {}.\nTry it on a spare diary file: cramp-diary --db sample.db import {}",
        count(diary.nights.len(), "night", "nights"),
        args.out.display(),
        args.out.display()
    ))
}
