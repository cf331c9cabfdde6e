//! Moving whole diaries in and out: `import`, `export` and `demo`.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use chrono::Utc;
use clap::{Args, ValueEnum};
use cramp_diary::store::local_today;
use cramp_diary::{demo, interchange, Error};

use super::format::count;
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
}

/// `export --format json --out FILE`.
#[derive(Debug, Args)]
pub struct ExportArgs {
    /// What to write.
    #[arg(long, value_enum, default_value_t = ExportFormat::Json)]
    format: ExportFormat,
    /// File to write (readable only by you; replaced if it exists).
    #[arg(long, value_name = "FILE")]
    out: PathBuf,
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
    let text = fs::read_to_string(&args.file)
        .map_err(|e| Error::Io(format!("could not read {}: {e}", args.file.display())))?;
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

/// Writes the whole diary to a file.
pub fn export(args: ExportArgs, ctx: &Context) -> Result<String, Error> {
    let store = ctx.open_existing()?;
    let (text, what) = match args.format {
        ExportFormat::Json => {
            let counts = store.counts()?;
            (interchange::export(&store)?, count(counts.nights as usize, "night", "nights"))
        }
    };
    write_private(&args.out, &text)?;
    Ok(format!("Exported the diary ({what}) to {}.", args.out.display()))
}

/// Writes the sample diary (ending last night) as an interchange document.
pub fn demo(args: DemoArgs) -> Result<String, Error> {
    let diary = demo::sample_diary(local_today());
    write_private(&args.out, &interchange::to_json(&diary, Utc::now()))?;
    Ok(format!(
        "Wrote a sample diary of {} to {}.\nTry it on a spare diary file: cramp-diary --db sample.db import {}",
        count(diary.nights.len(), "night", "nights"),
        args.out.display(),
        args.out.display()
    ))
}

/// Writes `text` to `path` readable by the owner only (0600 on unix), whole or not at all:
/// it goes to a temporary file beside `path` first and is renamed over it when complete.
pub fn write_private(path: &Path, text: &str) -> Result<(), Error> {
    let fail = |e: std::io::Error| Error::Io(format!("could not write {}: {e}", path.display()));
    let name = path.file_name().ok_or_else(|| fail(std::io::ErrorKind::InvalidInput.into()))?;
    let dir = path.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let tmp = dir.join(format!(".{}.{}.tmp", name.to_string_lossy(), std::process::id()));
    let mut opts = fs::OpenOptions::new();
    opts.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut opts, 0o600);
    let written = opts.open(&tmp).and_then(|mut f| {
        f.write_all(text.as_bytes())?;
        f.sync_all()?;
        drop(f);
        fs::rename(&tmp, path)
    });
    if let Err(e) = written {
        let _ = fs::remove_file(&tmp);
        return Err(fail(e));
    }
    Ok(())
}
