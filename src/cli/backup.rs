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
    let store = ctx.open_existing()?;
    if args.list {
        let all = backup::list(store.path())?;
        if all.is_empty() {
            return Ok(format!("No backups yet in {}.", backup::backup_dir(store.path()).display()));
        }
        let mut out = format!("{:<12} {:<15} {:>7}  file\n", "date", "kind", "nights");
        for b in all {
            out.push_str(&format!("{:<12} {:<15} {:>7}  {}\n", b.date, b.kind, b.nights, b.path.display()));
        }
        return Ok(out);
    }
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
pub fn restore(args: RestoreArgs, ctx: &Context) -> Result<String, Error> {
    let mut store = ctx.open()?;
    let undo = backup::restore(&mut store, &args.file)?;
    let nights = store.counts()?.nights as usize;
    Ok(format!(
        "Restored {} from {}.\nThe diary as it was just before is kept in {}; restore that file to undo.",
        count(nights, "night", "nights"),
        args.file.display(),
        undo.display()
    ))
}
