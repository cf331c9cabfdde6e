//! `cramp-diary trial …` run as a real process on real SQLite files, with the clock pinned
//! by `CRAMP_DIARY_NOW`: plan, show, done, result and stop, and their refusals.

mod common;

use chrono::{Days, NaiveDate};
use common::{mode, pdftotext, today, Fixture};
use cramp_diary::{Night, NightStatus};
use serde_json::Value;

fn ago(n: u64) -> NaiveDate {
    common::days_ago(n)
}

fn date(v: &Value) -> NaiveDate {
    v.as_str().unwrap().parse().unwrap()
}

#[test]
fn help_lists_every_remedy_id() {
    let out = Fixture::new().ok(&["trial", "plan", "--help"]);
    for id in [
        "stretching",
        "evening_water",
        "electrolyte_drink",
        "no_evening_alcohol_coffee",
        "supplement",
        "warm_bath",
        "other",
    ] {
        assert!(out.contains(id), "{id} in {out}");
    }
    assert!(out.contains("Cochrane"), "evidence words are shown: {out}");
}

#[test]
fn show_gives_the_baseline_and_blocks_in_date_order_and_the_seed_fixes_them() {
    let (a, b) = (Fixture::new(), Fixture::new());
    a.ok(&["trial", "plan", "--remedy", "stretching", "--seed", "99"]);
    b.ok(&["trial", "plan", "--remedy", "stretching", "--seed", "99", "--block-nights", "7", "--pairs", "3"]);
    let (sa, sb) = (a.json(&["trial", "show", "--json"]), b.json(&["trial", "show", "--json"]));
    assert_eq!(sa["blocks"], sb["blocks"]);
    assert_eq!(sa["remedy"], "stretching");
    assert_eq!(date(&sa["baseline"]["from"]), today());
    assert_eq!(date(&sa["baseline"]["to"]), today().checked_add_days(Days::new(13)).unwrap());
    let blocks = sa["blocks"].as_array().unwrap();
    assert_eq!(blocks.len(), 6);
    let mut last = date(&sa["baseline"]["to"]);
    for (i, bl) in blocks.iter().enumerate() {
        assert_eq!(date(&bl["from"]), last.succ_opt().unwrap(), "block {i} follows on");
        last = date(&bl["to"]);
        assert!(bl["arm"] == "remedy" || bl["arm"] == "control");
    }
    for pair in blocks.chunks(2) {
        assert_ne!(pair[0]["arm"], pair[1]["arm"], "each pair holds both arms");
    }
    let again = a.refused(&["trial", "plan", "--remedy", "warm_bath"]);
    assert!(again.contains("already running"), "{again}");
}

#[test]
fn a_whole_trial_from_plan_to_result() {
    let f = Fixture::new();
    // Planned 57 nights ago, before any night was logged; every night is in the past now.
    let start = ago(57).to_string();
    f.ok(&["trial", "plan", "--remedy", "stretching", "--start", &start, "--seed", "5"]);
    let plan = f.json(&["trial", "show", "--json"]);
    let blocks = plan["blocks"].as_array().unwrap().clone();
    let mut store = f.store();
    let arm_on = |d: NaiveDate| {
        blocks
            .iter()
            .find(|b| date(&b["from"]) <= d && d <= date(&b["to"]))
            .map(|b| b["arm"].as_str().unwrap().to_string())
    };
    for d in date(&plan["baseline"]["from"]).iter_days().take_while(|d| *d < today()) {
        let cramps = arm_on(d).as_deref() != Some("remedy") && d.to_string().as_bytes()[9] % 3 != 0;
        store.save_night(&Night::new(d, if cramps { NightStatus::Cramps } else { NightStatus::None })).unwrap();
    }
    drop(store);
    let first = date(&blocks[0]["from"]).to_string();
    let out = f.ok(&["trial", "done", &first]);
    assert!(out.contains("recorded as done"), "{out}");
    let second = date(&blocks[0]["from"]).succ_opt().unwrap().to_string();
    f.ok(&["trial", "done", &second, "--no"]);
    let r = f.json(&["trial", "result", "--json"]);
    let res = &r["result"];
    assert_eq!(res["verdict"], "helped", "{res:#}");
    assert!(res["p_fewer"].as_f64().unwrap() >= 0.9);
    assert!(res["per_week"]["remedy"].as_f64().unwrap() < res["per_week"]["control"].as_f64().unwrap());
    assert_eq!(res["provisional"], false);
    assert_eq!(res["remedy"]["done_nights"].as_u64().unwrap() + res["control"]["done_nights"].as_u64().unwrap(), 1);
    assert_eq!(res["randomisation"]["smallest_possible"], 0.125);
    assert_eq!(r["safety"].as_array().unwrap().len(), 0);
    let text = f.ok(&["trial", "result"]);
    assert!(text.contains("helped") && text.contains("placebo"), "{text}");
    let stop = f.refused(&["trial", "stop"]);
    assert!(stop.contains("no trial is running"), "{stop}");
}

#[test]
fn stopping_early_and_the_quinine_note_show_in_the_result() {
    let f = Fixture::new();
    f.ok(&["trial", "plan", "--remedy", "warm_bath", "--seed", "1"]);
    f.ok(&["med", "add", "Qualaquin", "--started", "2026-10-01"]);
    assert!(f.ok(&["trial", "stop"]).contains("stopped early"));
    let r = f.json(&["trial", "result", "--json"]);
    assert_eq!(r["result"]["stopped_early"], true);
    assert_eq!(r["result"]["verdict"], "not_enough_data");
    let safety: Vec<&str> = r["safety"].as_array().unwrap().iter().map(|s| s.as_str().unwrap()).collect();
    assert!(safety.iter().any(|s| s.contains("boxed warning") && s.contains("93")), "{safety:?}");
    assert!(safety.iter().any(|s| s.contains("dark urine") && s.contains("same day")), "{safety:?}");
    assert!(f.ok(&["trial", "result"]).starts_with("Safety: "));
}

#[test]
fn refusals_name_the_option_and_write_nothing() {
    let f = Fixture::new();
    let e = f.refused(&["trial", "plan", "--remedy", "prescribed_medicine"]);
    assert!(e.contains("--remedy") && e.contains("prescriber"), "{e}");
    assert!(!f.db.exists(), "nothing was written");
    let e = f.refused(&["trial", "plan", "--remedy", "other"]);
    assert!(e.contains("--name"), "{e}");
    let e = f.refused(&["trial", "plan", "--remedy", "stretching", "--pairs", "1", "--block-nights", "40"]);
    assert!(e.contains("--pairs") && e.contains("--block-nights"), "{e}");
    f.ok(&["log", "night", &ago(3).to_string(), "--none"]);
    let e = f.refused(&["trial", "plan", "--remedy", "stretching", "--start", &ago(10).to_string()]);
    assert!(e.contains("--start") && e.contains(&ago(3).to_string()), "{e}");
    assert!(f.store().current_trial().unwrap().is_none());
    let e = f.refused(&["trial", "done", "2026-11-22"]);
    assert!(e.contains("no trial"), "{e}");
    f.ok(&["trial", "plan", "--remedy", "stretching", "--seed", "3"]);
    let e = f.refused(&["trial", "done", &today().to_string()]);
    assert!(e.contains("DATE") && e.contains("blocks"), "{e}");
}

#[test]
fn a_plan_says_how_likely_it_is_to_show_a_halving_at_the_persons_own_rate() {
    let f = Fixture::new();
    // 56 logged nights before the plan: 4 of every 7 with cramps.
    let mut store = f.store();
    for n in 1..=56 {
        let cramps = n % 7 < 4;
        store.save_night(&Night::new(ago(n), if cramps { NightStatus::Cramps } else { NightStatus::None })).unwrap();
    }
    drop(store);
    let out = f.ok(&["trial", "plan", "--remedy", "stretching", "--seed", "3"]);
    assert!(out.contains("you had 4.0 cramp nights a week"), "{out}");
    let table = cramp_diary::trial::power::chance(4.0, 3, 7).unwrap();
    assert!(out.contains(&format!("about {:.0} times in 10", table * 10.0)), "{out}");
    let (pairs, nights, _) = cramp_diary::trial::power::suggest(4.0).unwrap();
    assert!(out.contains(&format!("A plan of {pairs} pairs of {nights}-night blocks")), "{out}");
    let power = &f.json(&["trial", "show", "--json"])["power"];
    assert_eq!(power["per_week"], 4.0);
    assert_eq!(power["from_nights"], 56);
    assert_eq!(power["this_plan"].as_f64(), Some(table));
    assert_eq!(power["suggested"][0], pairs);
}

#[test]
fn without_enough_logged_nights_the_plan_makes_no_power_claim() {
    let f = Fixture::new();
    let out = f.ok(&["trial", "plan", "--remedy", "stretching", "--seed", "3"]);
    assert!(!out.contains("cramp nights a week"), "{out}");
    assert_eq!(f.json(&["trial", "show", "--json"])["power"], Value::Null);
}

#[test]
fn prescriber_plan_writes_a_pdf_to_take_to_the_visit() {
    let f = Fixture::new();
    let out = f.dir.path().join("plan.pdf");
    let said = f.ok(&[
        "trial",
        "prescriber-plan",
        "--medicine",
        "Baclofen",
        "--seed",
        "77",
        "--start",
        "2026-12-07",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(said.contains("Baclofen") && said.contains("seed 77") && said.contains("plan.pdf"), "{said}");
    let text = pdftotext(&out, &[]).split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(text.contains("Does Baclofen help my night cramps?") && text.contains("seed 77"), "{text}");
    assert!(text.contains("7 to 20 December 2026"), "the baseline's dates: {text}");
    #[cfg(unix)]
    assert_eq!(mode(&out), 0o600);
    // Quinine that is not being taken is refused, naming the option; no file is written.
    let q = f.dir.path().join("quinine.pdf");
    let e = f.refused(&["trial", "prescriber-plan", "--medicine", "Qualaquin", "--out", q.to_str().unwrap()]);
    assert!(e.contains("--medicine") && e.contains("not started for leg cramps"), "{e}");
    assert!(!q.exists());
}
