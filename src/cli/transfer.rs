//! Moving whole diaries in and out: `import`, `export` and `demo`.

use std::fs;
use std::path::PathBuf;

use chrono::{NaiveDate, Utc};
use clap::{Args, ValueEnum};
use cramp_diary::analysis::AnalysisOptions;
use cramp_diary::clock::local_today;
use cramp_diary::report::{self, DateRange, Paper, PatientInfo};
use cramp_diary::{demo, files, interchange, validate, Error};

use super::format::{self, count};
use super::Context;

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
    if let (Some(f), Some(t)) = (args.from, args.to) {
        if f > t {
            return Err(Error::invalid("--from", f, format!("must not be after --to ({t})")));
        }
    }
    if args.format == ExportFormat::Json && (args.from.is_some() || args.to.is_some()) {
        return Err(Error::invalid(
            "--from",
            "",
            "json exports the whole diary; use --format pdf, csv or fhir for a period",
        ));
    }
    if let Some(name) = &args.name {
        if name.chars().all(validate::invisible) || name.chars().count() > 200 {
            return Err(Error::invalid("--name", name, "must be between 1 and 200 characters"));
        }
        if let Some((at, rule)) = validate::first_forbidden(name) {
            return Err(Error::invalid("--name", at, rule));
        }
    }
    let store = ctx.open_existing()?;
    let range = DateRange { from: args.from, to: args.to };
    let patient = PatientInfo { name: args.name.clone(), birth_date: args.birth_date };
    match args.format {
        ExportFormat::Json => {
            let counts = store.counts()?;
            let text = interchange::export(&store)?;
            files::write_private(&args.out, text.as_bytes())?;
            let what = count(counts.nights as usize, "night", "nights");
            Ok(format!("Exported the diary ({what}) to {}.", args.out.display()))
        }
        ExportFormat::Pdf => {
            let diary = store.load()?;
            let today = store.today();
            let paper = match args.paper {
                PaperArg::A4 => Paper::A4,
                PaperArg::Letter => Paper::Letter,
            };
            // The PDF is for a person: its body follows the computer's locale (its appendix is ISO).
            let style = cramp_diary::locale::DateStyle::from_system();
            let opts = report::pdf::PdfOptions { paper, patient, generated: Some(today), style };
            let analysis = cramp_diary::analysis::analyze_styled(
                &diary,
                today,
                &AnalysisOptions { from: args.from, to: args.to },
                style,
            );
            let bytes = report::pdf::render_with(&diary, &analysis, &opts)?;
            files::write_private(&args.out, &bytes)?;
            Ok(format!(
                "Wrote the doctor-visit summary for {} to {} ({paper}) to {}.",
                analysis.period.from,
                analysis.period.to,
                args.out.display()
            ))
        }
        ExportFormat::Csv => {
            let diary = store.load()?;
            let tables = report::csv::tables(&diary, range);
            fs::create_dir_all(&args.out)
                .map_err(|e| Error::Io(format!("could not create the folder {}: {e}", args.out.display())))?;
            for (name, text) in &tables {
                files::write_private(&args.out.join(name), text.as_bytes())?;
            }
            Ok(format!("Wrote {} to {}.", report::csv::describe(&tables), args.out.display()))
        }
        ExportFormat::Fhir => {
            let diary = store.load()?;
            let bundle = report::fhir::bundle(&diary, range, &patient, store.now());
            let n = bundle["entry"].as_array().map_or(0, |e| e.len());
            files::write_private(
                &args.out,
                serde_json::to_string_pretty(&bundle).expect("the bundle serializes").as_bytes(),
            )?;
            Ok(format!("Wrote a FHIR R4 bundle of {} to {}.", count(n, "resource", "resources"), args.out.display()))
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
