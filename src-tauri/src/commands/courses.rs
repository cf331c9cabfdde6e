//! Medication courses and the quinine safety notes.

use super::Res;
use crate::AppState;
use chrono::NaiveDate;
use cramp_diary::store::Course;
use cramp_diary::Medication;
use serde::Serialize;
use tauri::State;

#[tauri::command(async)]
pub(crate) fn courses(state: State<'_, AppState>) -> Res<Vec<Course>> {
    state.store()?.courses()
}

/// Starts a course; returns every course.
#[tauri::command(async)]
pub(crate) fn add_course(state: State<'_, AppState>, medication: Medication) -> Res<Vec<Course>> {
    let mut s = state.store()?;
    s.add_course(&medication)?;
    s.courses()
}

/// Stops a course on `on` (its last day); returns every course.
#[tauri::command(async)]
pub(crate) fn stop_course(state: State<'_, AppState>, id: i64, on: NaiveDate) -> Res<Vec<Course>> {
    let mut s = state.store()?;
    s.stop_course(id, on)?;
    s.courses()
}

/// Changes a dose from `on` (a new course); returns every course.
#[tauri::command(async)]
pub(crate) fn change_dose(state: State<'_, AppState>, id: i64, on: NaiveDate, dose: String) -> Res<Vec<Course>> {
    let mut s = state.store()?;
    s.change_dose(id, on, &dose)?;
    s.courses()
}

/// Deletes a course entered by mistake; returns every course.
#[tauri::command(async)]
pub(crate) fn delete_course(state: State<'_, AppState>, id: i64) -> Res<Vec<Course>> {
    let mut s = state.store()?;
    s.delete_course(id)?;
    s.courses()
}

/// Safety information about the medicines recorded, with its heading.
#[derive(Debug, Serialize)]
pub struct SafetyNotes {
    /// The heading.
    pub title: &'static str,
    /// The notes; empty when there is nothing to say.
    pub notes: &'static [&'static str],
}

/// The safety notes for the medicines recorded (quinine), for the Medications page.
#[tauri::command(async)]
pub(crate) fn safety_notes(state: State<'_, AppState>) -> Res<SafetyNotes> {
    use cramp_diary::knowledge::{takes_quinine, QUININE_SAFETY, QUININE_SAFETY_TITLE};
    let meds: Vec<Medication> = state.store()?.courses()?.into_iter().map(|c| c.medication).collect();
    Ok(SafetyNotes { title: QUININE_SAFETY_TITLE, notes: if takes_quinine(&meds) { QUININE_SAFETY } else { &[] } })
}
