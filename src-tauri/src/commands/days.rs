//! Days: drinks, exertion and symptoms.

use super::Res;
use crate::AppState;
use chrono::NaiveDate;
use cramp_diary::usecase::days::{self, DayDetails, DayView, TypedDrink};
use cramp_diary::Fluid;
use tauri::State;

#[tauri::command(async)]
pub(crate) fn day(state: State<'_, AppState>, date: NaiveDate) -> Res<DayView> {
    days::day(&*state.store()?, date)
}

/// A one-press drink, in mL.
#[tauri::command(async)]
pub(crate) fn add_fluid(state: State<'_, AppState>, date: NaiveDate, fluid: Fluid) -> Res<DayView> {
    days::add_fluid(&mut *state.store()?, date, &fluid)
}

/// A drink typed in the person's unit.
#[tauri::command(async)]
pub(crate) fn add_drink(state: State<'_, AppState>, date: NaiveDate, drink: TypedDrink) -> Res<DayView> {
    days::add_drink(&mut *state.store()?, date, drink)
}

#[tauri::command(async)]
pub(crate) fn remove_fluid(state: State<'_, AppState>, date: NaiveDate, index: usize) -> Res<DayView> {
    days::remove_fluid(&mut *state.store()?, date, index)
}

#[tauri::command(async)]
pub(crate) fn update_day(state: State<'_, AppState>, date: NaiveDate, details: DayDetails) -> Res<DayView> {
    days::update(&mut *state.store()?, date, details)
}
