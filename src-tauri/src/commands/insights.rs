//! Insights and Trends: the analysis, warning signs and charts.

use super::Res;
use crate::AppState;
use chrono::NaiveDate;
use cramp_diary::analysis::{analyze_styled, Analysis, AnalysisOptions, Finding};
use cramp_diary::charts::{ChartKind, ScreenChart};
use cramp_diary::validate::parse;
use serde::Serialize;
use tauri::State;

/// What a cause is and what helps, for the Insights page.
#[derive(Debug, Serialize)]
pub struct CauseInfo {
    /// Display name.
    pub name: &'static str,
    /// Plain-language explanation.
    pub explanation: &'static str,
    /// What tends to help.
    pub helps: &'static [String],
}

/// The analysis, plus the explanation of every cause its findings name.
#[derive(Debug, Serialize)]
pub struct Insights {
    /// The core's analysis, unchanged.
    #[serde(flatten)]
    pub analysis: Analysis,
    /// Cause id → name, explanation and what helps.
    pub explain: std::collections::BTreeMap<&'static str, CauseInfo>,
    /// The heading over the analysis's `safety` notes.
    pub safety_title: &'static str,
}

/// Analyses the diary over `from..=to` (each defaults to the diary's own first/last night).
#[tauri::command(async)]
pub(crate) fn analyze(state: State<'_, AppState>, from: Option<NaiveDate>, to: Option<NaiveDate>) -> Res<Insights> {
    cramp_diary::usecase::check_period(from, to)?;
    let s = state.store()?;
    let diary = s.load()?;
    let analysis = analyze_styled(&diary, s.today(), &AnalysisOptions { from, to }, state.date_style(&s)?);
    let mut explain = std::collections::BTreeMap::new();
    for id in analysis.findings.iter().filter_map(|f| f.cause) {
        if let Some(c) = cramp_diary::knowledge::cause(id) {
            explain.insert(id, CauseInfo { name: &c.name, explanation: &c.explanation, helps: &c.helps });
        }
    }
    Ok(Insights { analysis, explain, safety_title: cramp_diary::knowledge::QUININE_SAFETY_TITLE })
}

/// Warning signs of the last two weeks (the banner shows the emergency and urgent ones).
#[tauri::command(async)]
pub(crate) fn red_flags(state: State<'_, AppState>) -> Res<Vec<Finding>> {
    let s = state.store()?;
    Ok(cramp_diary::analysis::red_flags_styled(&s.load()?, s.today(), state.date_style(&s)?))
}

/// Draws chart `kind` (weekly, calendar, medications, fluids, time-of-night) for `from..=to`
/// (defaults: the first logged night, and last night).
#[tauri::command(async)]
pub(crate) fn chart(
    state: State<'_, AppState>,
    kind: String,
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
) -> Res<ScreenChart> {
    let kind: ChartKind = parse("kind", &kind)?;
    let s = state.store()?;
    let diary = s.load()?;
    let opts =
        cramp_diary::usecase::chart::options(&diary, s.today(), s.last_night(), from, to, state.date_style(&s)?)?;
    cramp_diary::charts::for_screen(kind, &diary, &opts)
}
