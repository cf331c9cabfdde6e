//! `chart KIND --out FILE.svg|FILE.png [--from DATE] [--to DATE]`.

use std::path::PathBuf;

use chrono::NaiveDate;
use clap::Args;
use cramp_diary::charts::{render_png, render_svg, ChartKind};
use cramp_diary::{files, Error};

use super::{format, named, Context};

/// `chart KIND --out FILE [--from DATE] [--to DATE]`.
#[derive(Debug, Args)]
pub struct ChartArgs {
    /// weekly, calendar, medications, fluids or time-of-night.
    #[arg(value_name = "KIND", value_parser = |s: &str| s.parse::<ChartKind>())]
    kind: ChartKind,
    /// File to write: `.svg` (sharp at any size) or `.png`.
    #[arg(long, value_name = "FILE")]
    out: PathBuf,
    /// First night shown (default: the first logged night).
    #[arg(long, value_name = "DATE", value_parser = format::date)]
    from: Option<NaiveDate>,
    /// Last night shown (default: last night).
    #[arg(long, value_name = "DATE", value_parser = format::date)]
    to: Option<NaiveDate>,
}

/// Draws one chart to a file.
pub fn run(args: ChartArgs, ctx: &Context) -> Result<String, Error> {
    let png = match args.out.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase).as_deref() {
        Some("svg") => false,
        Some("png") => true,
        _ => return Err(Error::invalid("--out", args.out.display(), "must end in .svg or .png")),
    };
    let store = ctx.open_existing()?;
    let diary = store.load()?;
    let opts = cramp_diary::usecase::chart::options(
        &diary,
        store.today(),
        store.last_night(),
        args.from,
        args.to,
        cramp_diary::locale::DateStyle::from_system(),
    )
    .map_err(|e| named(e, super::transfer::FLAGS))?;
    let (from, to) = (opts.from, opts.to);
    if png {
        files::write_private(&args.out, &render_png(args.kind, &diary, &opts)?)?;
        Ok(format!("Drew the {} chart ({from} to {to}) to {}.", args.kind, args.out.display()))
    } else {
        let chart = render_svg(args.kind, &diary, &opts)?;
        files::write_private(&args.out, chart.svg.as_bytes())?;
        Ok(format!("Drew the {} chart ({from} to {to}) to {}.\n{}", args.kind, args.out.display(), chart.alt_text))
    }
}
