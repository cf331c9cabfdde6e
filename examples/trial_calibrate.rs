//! Prints how often simulated self-experiments are judged `helped` (docs/VALIDATION.md):
//! `cargo run --release --example trial_calibrate [-- TRIALS]`.

use cramp_diary::trial::simulate::{tally, SCENARIOS, SEED};

fn main() {
    let n: usize = std::env::args().nth(1).and_then(|a| a.parse().ok()).unwrap_or(1000);
    println!("seed {SEED}, {n} simulated trials per scenario");
    println!("| scenario | helped | no clear difference | not enough data | randomisation p ≤ 0.05 |");
    println!("|---|---|---|---|---|");
    for s in SCENARIOS {
        let t = tally(s, SEED, n);
        let pct = |k: usize| format!("{:.1}%", 100.0 * k as f64 / n as f64);
        println!(
            "| {} | {} | {} | {} | {} |",
            s.name,
            pct(t.helped),
            pct(t.no_clear_difference),
            pct(t.not_enough_data),
            pct(t.randomisation_below_005)
        );
    }
}
