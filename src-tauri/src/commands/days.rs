//! Days: drinks, exertion and symptoms.

use super::Res;
use crate::AppState;
use chrono::NaiveDate;
use cramp_diary::{Day, Fluid, Symptom};
use serde::Deserialize;
use tauri::State;

#[tauri::command(async)]
pub(crate) fn day(state: State<'_, AppState>, date: NaiveDate) -> Res<Day> {
    state.store()?.day(date)
}

#[tauri::command(async)]
pub(crate) fn add_fluid(state: State<'_, AppState>, date: NaiveDate, fluid: Fluid) -> Res<Day> {
    state.store()?.add_fluid(date, &fluid)
}

#[tauri::command(async)]
pub(crate) fn remove_fluid(state: State<'_, AppState>, date: NaiveDate, index: usize) -> Res<Day> {
    state.store()?.remove_fluid(date, index)
}

/// A day's exertion, exercise, stretching and symptoms (its drinks are kept as they are).
#[derive(Debug, Deserialize)]
pub struct DayDetails {
    exertion: Option<u8>,
    exercise_min: Option<u32>,
    stretched_before_bed: Option<bool>,
    #[serde(default)]
    symptoms: Vec<Symptom>,
}

#[tauri::command(async)]
pub(crate) fn update_day(state: State<'_, AppState>, date: NaiveDate, details: DayDetails) -> Res<Day> {
    state.store()?.edit_day(date, |d| {
        d.exertion = details.exertion;
        d.exercise_min = details.exercise_min;
        d.stretched_before_bed = details.stretched_before_bed;
        d.symptoms = details.symptoms;
    })
}
