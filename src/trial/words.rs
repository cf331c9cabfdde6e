//! Every sentence the app's self-experiment page and the morning page's "Tonight" panel
//! show, built here so the page only lays them out. Words the user typed (a supplement's
//! name) travel as their own [`Part`], for the page to isolate.

use chrono::NaiveDate;
use serde::Serialize;

use super::result::{ArmSummary, Status, TrialResult};
use super::{Arm, CatalogueEntry, Design, Remedy, Trial, CATALOGUE, MIN_BASELINE_NIGHTS};
use crate::locale::DateStyle;
use crate::trial::Verdict;

/// A piece of a sentence: our words, or words the user typed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Part {
    /// Words of the app.
    Text(String),
    /// Words the user typed (shown isolated, so their direction cannot reorder ours).
    User(String),
}

/// A sentence in parts.
pub type Sentence = Vec<Part>;

fn text(s: impl Into<String>) -> Part {
    Part::Text(s.into())
}

/// The sentence as plain text (for tests, logs and notifications).
pub fn flat(s: &[Part]) -> String {
    s.iter()
        .map(|p| match p {
            Part::Text(t) | Part::User(t) => t.as_str(),
        })
        .collect()
}

/// "16 March 2026" (the default style; see [`DateStyle::date`]).
pub fn long_date(d: NaiveDate) -> String {
    DateStyle::DEFAULT.date(d)
}

/// "16 to 22 March 2026", "28 March to 3 April 2026", "28 December 2026 to 3 January 2027"
/// (the default style; see [`DateStyle::range`]).
pub fn date_span(from: NaiveDate, to: NaiveDate) -> String {
    DateStyle::DEFAULT.range(from, to)
}

/// What the user does on a night of `arm`: "no stretching before bed", or "take the
/// supplement (magnesium)" with the name as the user's own words.
pub fn task(d: &Design, arm: Arm) -> Sentence {
    let e = d.remedy.entry();
    let what = if arm == Arm::Remedy { e.tonight_remedy } else { e.tonight_control };
    if d.remedy.needs_name() && !d.remedy_name.is_empty() {
        vec![text(format!("{what} (")), Part::User(d.remedy_name.clone()), text(")")]
    } else {
        vec![text(what)]
    }
}

fn with(prefix: &str, mut s: Sentence) -> Sentence {
    if let Some(Part::Text(first)) = s.first_mut() {
        first.insert_str(0, prefix);
    } else {
        s.insert(0, text(prefix));
    }
    s
}

/// The remedy as the user knows it: the catalogue's label, with their name for it.
pub fn label(d: &Design) -> Sentence {
    let l = d.remedy.entry().label;
    if d.remedy_name.is_empty() {
        vec![text(l)]
    } else {
        vec![text(format!("{l} (")), Part::User(d.remedy_name.clone()), text(")")]
    }
}

/// The verdict in a few words.
pub fn verdict(v: Verdict) -> &'static str {
    match v {
        Verdict::Helped => "It helped",
        Verdict::NoClearDifference => "No clear difference",
        Verdict::NotEnoughData => "Not enough data yet",
    }
}

/// The result's heading: the verdict, labelled "Provisional:" while the trial runs and
/// "Stopped early:" when it was stopped.
pub fn headline(r: &TrialResult) -> String {
    let v = verdict(r.verdict);
    let lower = || {
        let mut c = v.chars();
        c.next().map(|f| f.to_lowercase().chain(c).collect::<String>()).unwrap_or_default()
    };
    match r.status {
        Status::Baseline | Status::Running => format!("Provisional: {}", lower()),
        Status::StoppedEarly => format!("Stopped early: {}", lower()),
        Status::Finished => v.to_string(),
    }
}

/// "Recorded as done." or "Recorded as not done."
pub fn recorded(done: bool) -> &'static str {
    if done {
        "Recorded as done."
    } else {
        "Recorded as not done."
    }
}

/// The rule for "it helped", as fixed before the start.
pub fn rule(d: &Design) -> String {
    let diff = d.rule.min_difference_per_week;
    format!(
        "The rule, fixed before the start: it helped if the chance of fewer cramp nights with it is at least {:.0}%, and it gives at least {} cramp night{} a week fewer.",
        d.rule.min_p_fewer * 100.0,
        diff,
        if diff == 1.0 { "" } else { "s" }
    )
}

/// One night of a trial and what to do on it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NightTask {
    /// The night (its evening's date).
    pub date: NaiveDate,
    /// "Tonight: …" or "Last night: …".
    pub task: Sentence,
    /// Where it is in the trial: "Night 2 of 7 in block 3 of 6."
    pub place: String,
    /// Whether it was kept to, if recorded.
    pub done: Option<bool>,
    /// What was recorded about it ("Recorded as done."), if anything.
    pub recorded: Option<&'static str>,
}

/// One row of the arms table.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ArmRow {
    /// The arm in words.
    pub name: Sentence,
    /// The cells after the name, in the order of [`ViewWords::table_head`].
    pub cells: Vec<String>,
}

/// The words of one trial's view.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ViewWords {
    /// "Self-experiment: Stretching before bed".
    pub title: Sentence,
    /// The result's heading (see [`headline`]).
    pub headline: String,
    /// Tonight, on a block night of a running trial.
    pub tonight: Option<NightTask>,
    /// Last night, when it was a block night of the trial (before any stop).
    pub last_night: Option<NightTask>,
    /// The baseline, then each block with its dates and task.
    pub plan: Vec<Sentence>,
    /// The rule for "it helped".
    pub rule: String,
    /// Where the order came from.
    pub seed: String,
    /// Column headings of the arms table (the first names the rows).
    pub table_head: [&'static str; 4],
    /// The arms table, remedy first.
    pub table: Vec<ArmRow>,
}

fn place(d: &Design, date: NaiveDate) -> Option<String> {
    let b = d.block_on(date)?;
    let index = d.blocks().iter().position(|x| *x == b).unwrap_or(0) + 1;
    Some(format!(
        "Night {} of {} in block {} of {} of your self-experiment.",
        (date - b.from).num_days() + 1,
        d.block_nights,
        index,
        2 * d.pairs
    ))
}

fn night_task(t: &Trial, date: NaiveDate, prefix: &str) -> Option<NightTask> {
    let b = t.design.block_on(date)?;
    if t.stopped_on.is_some_and(|s| date >= s) {
        return None;
    }
    Some(NightTask {
        date,
        task: with(prefix, task(&t.design, b.arm)),
        place: place(&t.design, date)?,
        done: t.done_on(date),
        recorded: t.done_on(date).map(recorded),
    })
}

fn capitalised(mut s: Sentence) -> Sentence {
    if let Some(Part::Text(first)) = s.first_mut() {
        let mut c = first.chars();
        if let Some(f) = c.next() {
            *first = f.to_uppercase().chain(c).collect();
        }
    }
    s
}

fn arm_row(d: &Design, arm: Arm, a: &ArmSummary) -> ArmRow {
    let one = |x: f64| format!("{x:.1}");
    let kept = |x: f64| {
        let n = a.done_nights;
        format!("{} ({n} night{})", one(x), if n == 1 { "" } else { "s" })
    };
    ArmRow {
        name: capitalised(task(d, arm)),
        cells: vec![
            format!("{} of {}", a.logged_nights, a.scheduled_nights),
            match (a.per_week, a.per_week_interval) {
                (Some(v), Some(i)) => format!("{} ({} to {})", one(v), one(i[0]), one(i[1])),
                _ => "–".into(),
            },
            a.per_week_as_done.map_or("–".into(), kept),
        ],
    }
}

/// The words of `t`'s view on `today`, with its result `r`, dates written in `style`.
pub fn view_words(t: &Trial, r: &TrialResult, today: NaiveDate, running: bool, style: DateStyle) -> ViewWords {
    let d = &t.design;
    let mut plan = vec![vec![text(format!(
        "Baseline, nights of {}: {}.",
        style.range(d.baseline_from, d.baseline_to()),
        if d.baseline_already_logged { "already in your diary" } else { "your usual evenings, logged each morning" }
    ))]];
    for (i, b) in d.blocks().iter().enumerate() {
        let head = format!("Block {} (pair {}), nights of {}: ", i + 1, b.pair + 1, style.range(b.from, b.to));
        let mut line = with(&head, task(d, b.arm));
        line.push(text("."));
        plan.push(line);
    }
    let yesterday = today.pred_opt().unwrap_or(today);
    ViewWords {
        title: with("Self-experiment: ", label(d)),
        headline: headline(r),
        tonight: if running { night_task(t, today, "Tonight: ") } else { None },
        last_night: night_task(t, yesterday, "Last night: "),
        plan,
        rule: rule(d),
        seed: format!(
            "The order within each pair was drawn at random from seed {} when you planned it on {}, and is kept, so it can be checked.",
            d.seed,
            style.date(t.planned_at.date_naive())
        ),
        table_head: ["Nights", "Logged", "Cramp nights a week (90% interval)", "A week, on nights kept to"],
        table: vec![arm_row(d, Arm::Remedy, &r.remedy), arm_row(d, Arm::Control, &r.control)],
    }
}

/// A remedy as the plan form offers it: its catalogue entry and the plan it would get.
#[derive(Debug, Clone, Serialize)]
pub struct Choice {
    /// The catalogue entry (id, label, evidence, plannable).
    #[serde(flatten)]
    pub entry: &'static CatalogueEntry,
    /// The plan in words, or for a prescribed medicine what to do instead.
    pub plan: String,
    /// Whether the user names it (supplement, other).
    pub needs_name: bool,
}

/// The fixed words of the page.
#[derive(Debug, Clone, Serialize)]
pub struct PageWords {
    /// Under the page's heading.
    pub intro: &'static str,
    /// The choices' legend.
    pub choose: &'static str,
    /// Heading over the evidence.
    pub evidence_title: &'static str,
    /// Label of the name field (supplement, other).
    pub name_label: &'static str,
    /// Label of the medicine field (prescribed medicine).
    pub medicine_label: &'static str,
    /// The button that fixes the plan.
    pub plan_button: &'static str,
    /// The button that saves the plan for the prescriber.
    pub prescriber_button: &'static str,
    /// Said once a plan is made.
    pub planned: &'static str,
    /// Heading of the form after a trial has ended.
    pub plan_another: &'static str,
    /// Heading over the plan of a trial.
    pub plan_title: &'static str,
    /// Tonight's buttons.
    pub done_button: &'static str,
    /// Tonight's buttons.
    pub not_done_button: &'static str,
    /// The question about last night.
    pub last_night_question: &'static str,
    /// Last night's buttons.
    pub last_done_button: &'static str,
    /// Last night's buttons.
    pub last_not_done_button: &'static str,
    /// The stop button.
    pub stop_button: &'static str,
    /// Asked before stopping.
    pub stop_question: &'static str,
    /// The confirmation's buttons.
    pub stop_yes: &'static str,
    /// The confirmation's buttons.
    pub stop_no: &'static str,
    /// Said once stopped.
    pub stopped: &'static str,
    /// Heading over the safety note.
    pub safety_title: &'static str,
    /// Before the place a saved plan went.
    pub saved_here: &'static str,
    /// What the page offers.
    pub choices: Vec<Choice>,
}

/// The plan `remedy` would get by default, in words.
pub fn plan_how(remedy: Remedy) -> String {
    if !remedy.entry().plannable {
        return "Type the medicine's name and save a plan to print and take to the visit: a proposed schedule of blocks on and off it in a random order, what is counted, the rule for \"it helped\", and room for your prescriber's notes. Nothing changes until you and your prescriber agree.".into();
    }
    format!(
        "The plan: {MIN_BASELINE_NIGHTS} nights as usual first (skipped when your last {MIN_BASELINE_NIGHTS} nights are logged), then 3 pairs of blocks of {} nights. In each pair one block is with it and one without, in an order drawn at random now and kept. What is counted: cramp nights a week, with cramps and how strong they were beside it. The rule for \"it helped\" is fixed now too: a chance of at least 90% of fewer cramp nights with it, and at least 1 cramp night a week fewer.",
        remedy.default_block_nights()
    )
}

/// The page's fixed words and the choices it offers.
pub fn page_words() -> PageWords {
    PageWords {
        intro: "Try one thing you may change on your own, on some nights and not others, in an order drawn in advance, and see whether your cramp nights differ. A prescribed medicine is changed only with your prescriber: plan a trial of it with them.",
        choose: "What to try",
        evidence_title: "What the evidence says",
        name_label: "What is it called?",
        medicine_label: "Name of the medicine",
        plan_button: "Fix the plan and start",
        prescriber_button: "Save a plan to print for the visit (PDF)",
        planned: "Planned. The plan below is fixed and kept.",
        plan_another: "Plan another self-experiment",
        plan_title: "The plan",
        done_button: "Done",
        not_done_button: "Not tonight",
        last_night_question: "Did you keep to it?",
        last_done_button: "Yes, I did",
        last_not_done_button: "No, I did not",
        stop_button: "Stop the trial early",
        stop_question: "Stop the self-experiment from tonight? The result will say it was stopped early, and the plan cannot be started again.",
        stop_yes: "Stop it",
        stop_no: "Keep going",
        stopped: "Stopped. The result says it was stopped early.",
        safety_title: crate::knowledge::QUININE_SAFETY_TITLE,
        saved_here: "It is here:",
        choices: CATALOGUE
            .iter()
            .map(|e| Choice { entry: e, plan: plan_how(e.id), needs_name: e.id.needs_name() })
            .collect(),
    }
}
