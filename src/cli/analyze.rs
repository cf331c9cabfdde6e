//! `analyze [--json] [--from DATE] [--to DATE]`: the same analysis the app and the report show.

use chrono::NaiveDate;
use clap::Args;
use cramp_diary::analysis::{analyze_with, render_text, AnalysisOptions};
use cramp_diary::Error;

use super::{format, Context};

/// `analyze [--json] [--from DATE] [--to DATE]`.
#[derive(Debug, Args)]
pub struct AnalyzeArgs {
    /// Print the analysis as JSON (the `analyze --json` contract, version 2: docs/analysis-output.md).
    #[arg(long)]
    json: bool,
    /// First night to include (default: the first logged night).
    #[arg(long, value_name = "DATE", value_parser = format::date)]
    from: Option<NaiveDate>,
    /// Last night to include (default: the last logged night).
    #[arg(long, value_name = "DATE", value_parser = format::date)]
    to: Option<NaiveDate>,
}

/// Analyses the whole diary (nights outside the period still inform before/after windows).
pub fn run(args: AnalyzeArgs, ctx: &Context) -> Result<String, Error> {
    cramp_diary::usecase::check_period(args.from, args.to).map_err(|e| super::named(e, super::transfer::FLAGS))?;
    let store = ctx.open_existing()?;
    let diary = store.load()?;
    let analysis = analyze_with(&diary, store.today(), &AnalysisOptions { from: args.from, to: args.to });
    Ok(if args.json {
        serde_json::to_string_pretty(&analysis).expect("the analysis serializes")
    } else {
        render_text(&analysis)
    })
}
