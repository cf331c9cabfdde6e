//! Prints how often simulated self-experiments are judged `helped` (docs/VALIDATION.md):
//! `cargo run --release --example trial_calibrate [-- TRIALS]`, or with `-- power` the
//! table of `src/trial/power_table.in`.

use cramp_diary::trial::power::{BLOCKS, PAIRS, RATES, TRIALS};
use cramp_diary::trial::simulate::{tally, Scenario, SCENARIOS, SEED};

fn main() {
    let arg = std::env::args().nth(1);
    if arg.as_deref() == Some("power") {
        return power();
    }
    let n: usize = arg.and_then(|a| a.parse().ok()).unwrap_or(1000);
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

/// The power table, one row per rate, computed on two threads.
fn power() {
    let rows: Vec<String> = std::thread::scope(|scope| {
        let jobs: Vec<_> = RATES
            .chunks(RATES.len().div_ceil(2))
            .map(|rates| {
                scope.spawn(move || {
                    rates
                        .iter()
                        .map(|&rate| {
                            let groups: Vec<String> = PAIRS
                                .iter()
                                .map(|&pairs| {
                                    let cells: Vec<String> = BLOCKS
                                        .iter()
                                        .map(|&block_nights| {
                                            let s = Scenario::halving_at(rate, pairs, block_nights);
                                            format!("{:.3}", tally(&s, SEED, TRIALS).helped_share())
                                        })
                                        .collect();
                                    format!("[{}]", cells.join(", "))
                                })
                                .collect();
                            format!("    [{}],", groups.join(", "))
                        })
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        jobs.into_iter().flat_map(|j| j.join().expect("a table thread")).collect()
    });
    println!("[\n{}\n]", rows.join("\n"));
}
