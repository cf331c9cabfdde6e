//! Nights, their cramps, history, and the reminder's answers.

use super::Res;
use crate::AppState;
use chrono::NaiveDate;
use cramp_diary::store::Replaced;
use cramp_diary::{Episode, Night};
use serde::{Deserialize, Serialize};
use tauri::State;

#[tauri::command(async)]
pub(crate) fn night(state: State<'_, AppState>, date: NaiveDate) -> Res<Option<Night>> {
    state.store()?.night(date)
}

/// Saves a whole night (status, sleep, notes, episodes), replacing that date; returns it as stored.
#[tauri::command(async)]
pub(crate) fn save_night(state: State<'_, AppState>, night: NightInput, seen: Option<Night>) -> Res<Replaced> {
    let night = night.into_night()?;
    state.store()?.replace_night(&night, seen.as_ref())
}

#[tauri::command(async)]
pub(crate) fn add_episode(state: State<'_, AppState>, date: NaiveDate, episode: EpisodeInput) -> Res<Night> {
    let episode = episode.into_episode("")?;
    state.store()?.add_episode(date, &episode)
}

#[tauri::command(async)]
pub(crate) fn delete_night(state: State<'_, AppState>, date: NaiveDate) -> Res<Night> {
    state.store()?.delete_night(date)
}

/// Puts back a night that was just deleted (Undo), exactly as it was.
#[tauri::command(async)]
pub(crate) fn undelete_night(state: State<'_, AppState>, night: Night) -> Res<Night> {
    state.store()?.undelete_night(&night)
}

/// The nights the morning reminder's "No cramps" saved that the page has not yet confirmed,
/// each with what to say about it and its buttons' words.
#[tauri::command(async)]
pub(crate) fn reminder_answers(state: State<'_, AppState>) -> Res<Vec<cramp_diary::reminder::Answered>> {
    Ok(state.store()?.reminder_answers()?.iter().map(|n| cramp_diary::reminder::answered(n.date)).collect())
}

/// "That's right": the message about the reminder's answer for `date` does not come back;
/// returns those still waiting.
#[tauri::command(async)]
pub(crate) fn dismiss_reminder_answer(
    state: State<'_, AppState>,
    date: NaiveDate,
) -> Res<Vec<cramp_diary::reminder::Answered>> {
    let mut s = state.store()?;
    s.dismiss_reminder_answer(date)?;
    Ok(s.reminder_answers()?.iter().map(|n| cramp_diary::reminder::answered(n.date)).collect())
}

/// What Undo of the reminder's answer did.
#[derive(Debug, Serialize)]
pub struct Undone {
    /// The night removed.
    pub night: Night,
    /// What the page says about it.
    pub message: String,
}

/// Undo of the reminder's "No cramps": removes the night of `date` if it is still exactly
/// what the reminder saved (refused as a conflict otherwise).
#[tauri::command(async)]
pub(crate) fn undo_reminder_answer(state: State<'_, AppState>, date: NaiveDate) -> Res<Undone> {
    let night = state.store()?.undo_reminder_answer(date)?;
    Ok(Undone { message: cramp_diary::reminder::undone(night.date), night })
}

/// One page of logged nights, newest first.
#[derive(Debug, Serialize)]
pub struct HistoryPage {
    /// The nights, newest first.
    pub nights: Vec<Night>,
    /// Whether older nights remain.
    pub more: bool,
    /// Logged nights in the whole diary.
    pub total: u64,
}

/// Up to `limit` nights before `before` (all if absent), newest first; `shown` is how many
/// newer nights the page already holds, so the search stops once every night is found.
#[tauri::command(async)]
pub(crate) fn history(
    state: State<'_, AppState>,
    before: Option<NaiveDate>,
    limit: usize,
    shown: u64,
) -> Res<HistoryPage> {
    let s = state.store()?;
    let total = s.counts()?.nights;
    let nights = s.nights_before(before, limit.clamp(1, 1000))?;
    let more = shown + (nights.len() as u64) < total;
    Ok(HistoryPage { nights, more, total })
}

/// An episode as the form sends it: the time as typed, so a bad time names its field.
#[derive(Debug, Deserialize)]
pub struct EpisodeInput {
    #[serde(default)]
    time: Option<String>,
    #[serde(default)]
    duration_min: Option<f64>,
    #[serde(default)]
    intensity: Option<u8>,
    #[serde(default)]
    side: Option<cramp_diary::Side>,
    #[serde(default)]
    muscle: Option<cramp_diary::Muscle>,
    #[serde(default)]
    relieved_by: Vec<cramp_diary::Relief>,
    #[serde(default)]
    soreness_after: bool,
}

impl EpisodeInput {
    fn into_episode(self, at: &str) -> Res<Episode> {
        let time = match self.time.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
            None => None,
            Some(t) => Some(cramp_diary::validate::parse(&format!("{at}time"), t)?),
        };
        Ok(Episode {
            time,
            duration_min: self.duration_min,
            intensity: self.intensity,
            side: self.side,
            muscle: self.muscle,
            relieved_by: self.relieved_by,
            soreness_after: self.soreness_after,
        })
    }
}

/// A night as the form sends it (episodes with times as typed).
#[derive(Debug, Deserialize)]
pub struct NightInput {
    date: NaiveDate,
    status: cramp_diary::NightStatus,
    #[serde(default)]
    sleep_disturbance: Option<u8>,
    #[serde(default)]
    notes: String,
    #[serde(default)]
    episodes: Vec<EpisodeInput>,
}

impl NightInput {
    fn into_night(self) -> Res<Night> {
        let mut night = Night::new(self.date, self.status);
        night.sleep_disturbance = self.sleep_disturbance;
        night.notes = self.notes;
        for (i, e) in self.episodes.into_iter().enumerate() {
            night.episodes.push(e.into_episode(&format!("episodes[{i}]."))?);
        }
        Ok(night)
    }
}
