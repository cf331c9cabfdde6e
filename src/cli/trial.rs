//! `trial plan | show | done | result | stop`: a self-experiment (n-of-1 trial).

use chrono::NaiveDate;
use clap::builder::PossibleValuesParser;
use clap::{Args, Subcommand};
use cramp_diary::trial::{self, PlanRequest, Remedy, Trial, TrialResult, CATALOGUE};
use cramp_diary::{knowledge, Error};
use serde_json::{json, Value};

use super::format;
use super::{named, Context};

/// Self-experiment commands.
#[derive(Debug, Subcommand)]
pub enum TrialCommand {
    /// Plan a trial: a baseline, then pairs of blocks in a random order fixed now.
    #[command(after_long_help = evidence_help())]
    Plan(PlanArgs),
    /// Show the plan: the baseline and each block's dates and arm.
    Show(JsonArgs),
    /// Record whether a night's plan was kept to (add --no if it was not).
    Done(DoneArgs),
    /// What the trial shows (provisional while it runs).
    Result(JsonArgs),
    /// Stop the running trial from tonight on.
    Stop,
    /// Write a plan of a prescribed medicine's trial (PDF) to take to the prescriber.
    PrescriberPlan(PrescriberArgs),
}

fn evidence_help() -> String {
    let mut s = String::from("Remedies and what the evidence says:\n");
    for e in CATALOGUE {
        s.push_str(&format!("\n  {}: {}\n    {}\n", e.id, e.label, e.evidence));
    }
    s
}

/// `trial plan --remedy ID [...]`.
#[derive(Debug, Args)]
pub struct PlanArgs {
    /// What to try.
    #[arg(long, value_name = "ID", value_parser = PossibleValuesParser::new(Remedy::all().map(Remedy::as_str)))]
    remedy: String,
    /// Your name for it (needed for supplement and other), such as "magnesium".
    #[arg(long, value_name = "TEXT")]
    name: Option<String>,
    /// Nights per block (default 7, or 14 for a supplement).
    #[arg(long, value_name = "N")]
    block_nights: Option<u32>,
    /// Pairs of blocks (default 3).
    #[arg(long, value_name = "N")]
    pairs: Option<u32>,
    /// Baseline nights before the first block (default and least 14; skipped when the 14
    /// nights before the start are already logged).
    #[arg(long, value_name = "N")]
    baseline_nights: Option<u32>,
    /// First night of the plan (default tonight); a past date only if no night from it on
    /// is logged yet.
    #[arg(long, value_name = "DATE", value_parser = format::date)]
    start: Option<NaiveDate>,
    /// Seed of the random order, to repeat or check it (default: drawn now).
    #[arg(long, value_name = "N")]
    seed: Option<u64>,
}

/// `--json`.
#[derive(Debug, Args)]
pub struct JsonArgs {
    /// Print JSON.
    #[arg(long)]
    json: bool,
}

/// `trial done DATE [--no]`.
#[derive(Debug, Args)]
pub struct DoneArgs {
    /// The night (its evening's date), YYYY-MM-DD.
    #[arg(value_name = "DATE", value_parser = format::date)]
    date: NaiveDate,
    /// The night's plan was not kept to.
    #[arg(long)]
    no: bool,
}

/// `trial prescriber-plan --medicine NAME --out FILE.pdf [...]`.
#[derive(Debug, Args)]
pub struct PrescriberArgs {
    /// The medicine, as you call it.
    #[arg(long, value_name = "NAME")]
    medicine: String,
    /// The PDF to write (readable only by you).
    #[arg(long, value_name = "FILE.pdf")]
    out: std::path::PathBuf,
    /// Nights per block (default 14).
    #[arg(long, value_name = "N")]
    block_nights: Option<u32>,
    /// Pairs of blocks (default 3).
    #[arg(long, value_name = "N")]
    pairs: Option<u32>,
    /// A proposed first night, to print the dates (default: nights are counted instead).
    #[arg(long, value_name = "DATE", value_parser = format::date)]
    start: Option<NaiveDate>,
    /// Seed of the random order (default: drawn now).
    #[arg(long, value_name = "N")]
    seed: Option<u64>,
    /// Paper size.
    #[arg(long, value_enum, default_value_t = super::transfer::PaperArg::A4)]
    paper: super::transfer::PaperArg,
    /// Your name, printed on the plan (left out unless given).
    #[arg(long, value_name = "TEXT")]
    name: Option<String>,
    /// Your date of birth, likewise left out unless given.
    #[arg(long, value_name = "DATE", value_parser = format::date)]
    birth_date: Option<NaiveDate>,
}

impl TrialCommand {
    /// Runs the command; returns what to print.
    pub fn run(self, ctx: &Context) -> Result<String, Error> {
        match self {
            TrialCommand::Plan(a) => plan(a, ctx),
            TrialCommand::Show(a) => show(a, ctx),
            TrialCommand::Done(a) => done(a, ctx),
            TrialCommand::Result(a) => result(a, ctx),
            TrialCommand::Stop => stop(ctx),
            TrialCommand::PrescriberPlan(a) => prescriber_plan(a, ctx),
        }
    }
}

use cramp_diary::usecase::fresh_seed;

const NAMES: &[(&str, &str)] = &[
    ("remedy", "--remedy"),
    ("remedy_name", "--name"),
    ("block_nights", "--block-nights"),
    ("pairs", "--pairs"),
    ("baseline_nights", "--baseline-nights"),
    ("start", "--start"),
    ("date", "DATE"),
    ("medicine", "--medicine"),
    ("name", "--name"),
    ("birth_date", "--birth-date"),
];

fn plan(a: PlanArgs, ctx: &Context) -> Result<String, Error> {
    let remedy: Remedy = a.remedy.parse().map_err(|e: String| Error::invalid("--remedy", &a.remedy, e))?;
    let req = PlanRequest {
        remedy_name: a.name.unwrap_or_default(),
        block_nights: a.block_nights,
        pairs: a.pairs,
        baseline_nights: a.baseline_nights,
        start: a.start,
        ..PlanRequest::new(remedy, a.seed.unwrap_or_else(fresh_seed))
    };
    if !remedy.entry().plannable {
        // Refused before a diary file is even opened.
        return Err(named(
            trial::design(&req, &Default::default(), cramp_diary::clock::local_today()).unwrap_err(),
            NAMES,
        ));
    }
    let mut store = ctx.open()?;
    let t = store.plan_trial(&req).map_err(|e| named(e, NAMES))?;
    let mut out =
        format!("Planned: {}.\nWhat the evidence says: {}\n\n", t.design.remedy_label(), remedy.entry().evidence);
    out.push_str(&render_plan(&t));
    out.push_str(&power_text(&store.load()?, &t));
    Ok(out)
}

fn render_plan(t: &Trial) -> String {
    let d = &t.design;
    let mut s = format!(
        "Baseline: {} to {}{}\n",
        d.baseline_from,
        d.baseline_to(),
        if d.baseline_already_logged { " (already in the diary)" } else { "" }
    );
    for b in d.blocks() {
        s.push_str(&format!("Pair {}: {} to {}  {}\n", b.pair + 1, b.from, b.to, b.arm.as_str()));
    }
    s.push_str(&format!(
        "Rule for \"it helped\": probability at least {} of fewer cramp nights, and at least {} fewer a week.\nSeed: {}\n",
        d.rule.min_p_fewer, d.rule.min_difference_per_week, d.seed
    ));
    if let Some(on) = t.stopped_on {
        s.push_str(&format!("Stopped from the night of {on}.\n"));
    }
    s
}

fn power_text(diary: &cramp_diary::Diary, t: &Trial) -> String {
    trial::power::for_design(diary, &t.design)
        .map_or(String::new(), |(_, words)| words.iter().map(|w| format!("{w}\n")).collect::<Vec<_>>().concat())
}

/// The plan as JSON (`trial show --json`).
pub fn plan_json(t: &Trial, today: NaiveDate) -> Value {
    let d = &t.design;
    json!({
        "remedy": d.remedy,
        "remedy_name": d.remedy_name,
        "label": d.remedy_label(),
        "evidence": d.remedy.entry().evidence,
        "baseline": {"from": d.baseline_from, "to": d.baseline_to(), "already_logged": d.baseline_already_logged},
        "blocks": d.blocks().iter().map(|b| json!({"pair": b.pair + 1, "from": b.from, "to": b.to, "arm": b.arm})).collect::<Vec<_>>(),
        "rule": d.rule,
        "seed": d.seed.to_string(),
        "planned_at": t.planned_at,
        "stopped_on": t.stopped_on,
        "running": t.running(today),
        "tonight": d.tonight(today),
        "adherence": t.adherence,
    })
}

fn current(ctx: &Context) -> Result<(cramp_diary::Store, Trial), Error> {
    let store = ctx.open_existing()?;
    let t =
        store.current_trial()?.ok_or_else(|| Error::NotFound("no trial has been planned yet (`trial plan`)".into()))?;
    Ok((store, t))
}

fn show(a: JsonArgs, ctx: &Context) -> Result<String, Error> {
    let (store, t) = current(ctx)?;
    let today = store.today();
    let diary = store.load()?;
    if a.json {
        let mut v = plan_json(&t, today);
        v["power"] = json!(trial::power::for_design(&diary, &t.design).map(|p| p.0));
        return Ok(serde_json::to_string_pretty(&v).expect("the plan serializes"));
    }
    let mut s = format!("{}\n", t.design.remedy_label());
    if let Some(tonight) = t.design.tonight(today).filter(|_| t.running(today)) {
        s.push_str(&format!("{tonight}\n"));
    }
    s.push_str(&render_plan(&t));
    s.push_str(&power_text(&diary, &t));
    Ok(s)
}

fn done(a: DoneArgs, ctx: &Context) -> Result<String, Error> {
    let mut store = ctx.open_existing()?;
    let t = store.record_adherence(a.date, !a.no).map_err(|e| named(e, NAMES))?;
    let arm = t.design.block_on(a.date).map_or("", |b| b.arm.as_str());
    Ok(format!(
        "Night of {} ({arm} night): {}.",
        format::day_name(a.date),
        if a.no { "recorded as not kept to" } else { "recorded as done" }
    ))
}

/// The result as JSON (`trial result --json`).
pub fn result_json(t: &Trial, r: &TrialResult, safety: &[&str], today: NaiveDate) -> Value {
    json!({"trial": plan_json(t, today), "result": r, "safety": safety})
}

fn result(a: JsonArgs, ctx: &Context) -> Result<String, Error> {
    let (store, t) = current(ctx)?;
    let today = store.today();
    let diary = store.load()?;
    let r = trial::analyze(&diary, &t, today);
    let safety: &[&str] = if knowledge::takes_quinine(&diary.medications) { knowledge::QUININE_SAFETY } else { &[] };
    if a.json {
        return Ok(serde_json::to_string_pretty(&result_json(&t, &r, safety, today)).expect("the result serializes"));
    }
    let mut s = String::new();
    for line in safety {
        s.push_str(&format!("Safety: {line}\n"));
    }
    s.push_str(&format!("{}: {}\n", t.design.remedy_label(), r.verdict.as_str()));
    for w in &r.words {
        s.push_str(&format!("{w}\n"));
    }
    let arm = |name: &str, x: &trial::result::ArmSummary| {
        format!(
            "{name}: {} of {} nights logged, {} cramp nights{}{}\n",
            x.logged_nights,
            x.scheduled_nights,
            x.cramp_nights,
            x.per_week_interval.map_or(String::new(), |i| format!(
                ", {:.1} a week (90% interval {:.1} to {:.1})",
                x.per_week.unwrap_or_default(),
                i[0],
                i[1]
            )),
            x.per_week_as_done.map_or(String::new(), |v| format!("; {v:.1} a week on nights kept to")),
        )
    };
    s.push_str(&arm("Remedy", &r.remedy));
    s.push_str(&arm("Control", &r.control));
    Ok(s)
}

fn stop(ctx: &Context) -> Result<String, Error> {
    let mut store = ctx.open_existing()?;
    let t = store.stop_trial()?;
    Ok(format!(
        "Stopped the trial ({}) from the night of {}; its result will say it was stopped early.",
        t.design.remedy_label(),
        t.stopped_on.map(|d| d.to_string()).unwrap_or_default()
    ))
}

fn prescriber_plan(a: PrescriberArgs, ctx: &Context) -> Result<String, Error> {
    use cramp_diary::usecase::export::{self, ExportFormat, ExportRequest};
    let plan = trial::prescriber::PlanRequest {
        block_nights: a.block_nights,
        pairs: a.pairs,
        start: a.start,
        ..trial::prescriber::PlanRequest::new(a.medicine, a.seed.unwrap_or_else(fresh_seed))
    };
    let req = ExportRequest {
        paper: a.paper.into(),
        patient: cramp_diary::report::PatientInfo { name: a.name, birth_date: a.birth_date },
        plan: Some(plan),
        ..ExportRequest::new(ExportFormat::PrescriberPlan)
    };
    export::check(&req).map_err(|e| named(e, NAMES))?;
    let store = ctx.open()?;
    let made =
        export::prepare(&store, &req, cramp_diary::locale::DateStyle::from_system()).map_err(|e| named(e, NAMES))?;
    made.write_to(&a.out)?;
    Ok(made.said(cramp_diary::locale::DateStyle::ISO, Some(&a.out)))
}
