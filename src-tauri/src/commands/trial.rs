//! Self-experiments.

use super::Res;
use crate::AppState;
use chrono::NaiveDate;
use serde::Deserialize;
use tauri::State;

/// The self-experiment page's words and the remedies it offers, each with its evidence.
#[tauri::command(async)]
pub(crate) fn trial_catalogue() -> cramp_diary::trial::words::PageWords {
    cramp_diary::trial::words::page_words()
}

/// What the self-experiment page sends to plan a trial.
#[derive(Debug, Deserialize)]
pub struct PlanInput {
    remedy: cramp_diary::trial::Remedy,
    #[serde(default)]
    remedy_name: String,
    block_nights: Option<u32>,
    pairs: Option<u32>,
    baseline_nights: Option<u32>,
    start: Option<NaiveDate>,
}

/// Plans a trial (its order drawn now from a fresh seed); returns its view.
#[tauri::command(async)]
pub(crate) fn trial_plan(state: State<'_, AppState>, plan: PlanInput) -> Res<cramp_diary::trial::View> {
    let seed = cramp_diary::usecase::fresh_seed();
    let req = cramp_diary::trial::PlanRequest {
        remedy_name: plan.remedy_name,
        block_nights: plan.block_nights,
        pairs: plan.pairs,
        baseline_nights: plan.baseline_nights,
        start: plan.start,
        ..cramp_diary::trial::PlanRequest::new(plan.remedy, seed)
    };
    let mut s = state.store()?;
    let t = s.plan_trial(&req)?;
    Ok(cramp_diary::trial::view_styled(&s.load()?, &t, s.today(), state.date_style(&s)?))
}

/// The latest trial's view (tonight's arm, the result), if any trial was planned.
#[tauri::command(async)]
pub(crate) fn trial_current(state: State<'_, AppState>) -> Res<Option<cramp_diary::trial::View>> {
    let s = state.store()?;
    let Some(t) = s.current_trial()? else { return Ok(None) };
    Ok(Some(cramp_diary::trial::view_styled(&s.load()?, &t, s.today(), state.date_style(&s)?)))
}

/// Records whether the night of `date` was kept to its arm; returns the view.
#[tauri::command(async)]
pub(crate) fn trial_done(state: State<'_, AppState>, date: NaiveDate, done: bool) -> Res<cramp_diary::trial::View> {
    let mut s = state.store()?;
    let t = s.record_adherence(date, done)?;
    Ok(cramp_diary::trial::view_styled(&s.load()?, &t, s.today(), state.date_style(&s)?))
}

/// Stops the running trial from tonight on; returns the view (its result says so).
#[tauri::command(async)]
pub(crate) fn trial_stop(state: State<'_, AppState>) -> Res<cramp_diary::trial::View> {
    let mut s = state.store()?;
    let t = s.stop_trial()?;
    Ok(cramp_diary::trial::view_styled(&s.load()?, &t, s.today(), state.date_style(&s)?))
}
