//! `backup [--out FILE] [--list]` and `restore FILE`.

use std::path::PathBuf;

use clap::Args;
use cramp_diary::{backup, Error};

use super::format::count;
use super::Context;

/// `backup [--out FILE] [--list]`.
#[derive(Debug, Args)]
pub struct BackupArgs {
    /// Where to write the copy (default: the `backups` folder beside the diary).
    #[arg(long, value_name = "FILE", conflicts_with = "list")]
    out: Option<PathBuf>,
    /// List the backups beside the diary instead of making one.
    #[arg(long)]
    list: bool,
}

/// `restore FILE`.
#[derive(Debug, Args)]
pub struct RestoreArgs {
    /// The backup to bring back; the current diary is backed up first.
    #[arg(value_name = "FILE")]
    file: PathBuf,
}

/// Makes a backup, or lists them.
pub fn backup(args: BackupArgs, ctx: &Context) -> Result<String, Error> {
    if args.list {
        // Listing opens neither the diary nor its lock: it works when the diary cannot be opened.
        let path = ctx.existing_path()?;
        let all = backup::list(&path)?;
        if all.is_empty() {
            return Ok(format!("No backups yet in {}.", backup::backup_dir(&path).display()));
        }
        let mut out = format!("{:<12} {:<15} {:>7}  file\n", "date", "kind", "nights");
        for b in all {
            let nights = b.nights.map(|n| n.to_string()).unwrap_or_else(|| "-".into());
            out.push_str(&format!("{:<12} {:<15} {:>7}  {}\n", b.date, b.kind, nights, b.path.display()));
            if let Some(p) = b.problem {
                out.push_str(&format!("{:<12} cannot be restored: {p}\n", ""));
            }
        }
        out.push_str(&backup::keeping_rule());
        out.push('\n');
        return Ok(out);
    }
    let store = ctx.open_existing()?;
    let dest = match args.out {
        Some(p) => {
            backup::backup_to(&store, &p)?;
            p
        }
        None => backup::back_up_now(&store)?,
    };
    let nights = store.counts()?.nights as usize;
    Ok(format!("Backed up the diary ({}) to {}.", count(nights, "night", "nights"), dest.display()))
}

/// Restores a backup after backing up the current diary.
/// A diary that cannot be opened is moved aside (into the backups folder) and replaced, so a
/// restore is the way out of a damaged or foreign diary file.
pub fn restore(args: RestoreArgs, ctx: &Context) -> Result<String, Error> {
    let path = ctx.path()?;
    let mut slot = ctx.open();
    let note = if slot.is_err() { " (it could not be opened, so it is kept exactly as it was)" } else { "" };
    let undo = backup::restore_diary(&mut slot, &path, &args.file)?;
    let store = slot?;
    let nights = store.counts()?.nights as usize;
    Ok(format!(
        "Restored {} from {}.\nThe diary as it was just before{note} is kept in {}; restore that file to undo.",
        count(nights, "night", "nights"),
        args.file.display(),
        undo.display()
    ))
}
