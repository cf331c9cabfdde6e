//! Calibration of the analysis on simulated diaries (see docs/VALIDATION.md).
//!
//! `cargo run --release -p cramp-diary --example calibrate -- --seed 2026 --null 1000 --effect 200 [--json]`

use clap::Parser;
use cramp_diary::calibration::calibrate;

/// False-alarm rate on null diaries and power on diaries with a known effect.
#[derive(Parser)]
struct Args {
    /// Master seed.
    #[arg(long, default_value_t = 2026)]
    seed: u64,
    /// Null diaries.
    #[arg(long = "null", default_value_t = 1000)]
    n_null: usize,
    /// Diaries per known effect.
    #[arg(long = "effect", default_value_t = 200)]
    n_effect: usize,
    /// Print JSON instead of the table.
    #[arg(long)]
    json: bool,
}

fn main() {
    let args = Args::parse();
    let c = calibrate(args.seed, args.n_null, args.n_effect);
    if args.json {
        println!("{}", serde_json::to_string_pretty(&c).expect("serialisable"));
    } else {
        println!("null diaries: {}, effect diaries: {} per effect", args.n_null, args.n_effect);
        print!("{c}");
    }
    if !c.passes() {
        std::process::exit(1);
    }
}
