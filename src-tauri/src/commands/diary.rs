//! Profile, settings, conditions and the diary as a whole: what every page needs first.

use super::Res;
use crate::AppState;
use chrono::NaiveDate;
use cramp_diary::locale::DateStyle;
use cramp_diary::store::{ConditionEntry, Counts};
use cramp_diary::validate::parse;
use cramp_diary::{demo, interchange, Condition, Error, Profile, Settings};
use serde::{Deserialize, Serialize};
use tauri::{AppHandle, Runtime, State};

/// Whether the diary is open, and the facts every page needs.
#[derive(Debug, Serialize)]
pub struct Status {
    /// The diary opened and is ready.
    pub ok: bool,
    /// Why it could not be opened (the core's error), when it could not.
    pub error: Option<Error>,
    /// The diary file.
    pub db_path: Option<String>,
    /// Today on this computer.
    pub today: NaiveDate,
    /// The night the morning page asks about ([`cramp_diary::clock::last_night`]: today − 1).
    pub last_night: NaiveDate,
    /// How much the diary holds.
    pub counts: Option<Counts>,
    /// The profile (volume unit, birth year).
    pub profile: Option<Profile>,
    /// The app's preferences (theme, text size, reminder).
    pub settings: Option<Settings>,
    /// How the page writes and reads dates and times (the locale, or Settings' choice).
    pub dates: DateRules,
}

/// The page's rules for dates and times, decided in Rust ([`cramp_diary::locale`]).
#[derive(Debug, Serialize)]
pub struct DateRules {
    /// `dmy`, `mdy` or `ymd`.
    pub order: cramp_diary::locale::DateOrder,
    /// `12` or `24`.
    pub clock: cramp_diary::locale::Clock,
    /// How a date field is typed: "DD/MM/YYYY", "MM/DD/YYYY" or "YYYY-MM-DD".
    pub input: &'static str,
    /// Today as a date field shows it, for the fields' hints.
    pub example: String,
    /// What the computer's locale alone would choose, for Settings' "Same as the computer".
    pub system: DateStyle,
}

impl DateRules {
    fn new(style: DateStyle, system: DateStyle, today: NaiveDate) -> Self {
        DateRules {
            order: style.order,
            clock: style.clock,
            input: style.input_pattern(),
            example: style.input(today),
            system,
        }
    }
}

#[tauri::command(async)]
pub(crate) fn status(state: State<'_, AppState>) -> Res<Status> {
    let path = state.path.as_ref().map(|p| p.display().to_string());
    let now = cramp_diary::clock::now().naive_local();
    let (today, last_night) = (now.date(), cramp_diary::clock::last_night(now));
    let (ok, error, counts, profile, settings, style) = match state.store() {
        Ok(s) => (true, None, Some(s.counts()?), Some(s.profile()?), Some(s.settings()?), state.date_style(&s)?),
        Err(e) => (
            false,
            Some(e),
            None,
            None,
            None,
            DateStyle::with_choices(state.locale, Default::default(), Default::default()),
        ),
    };
    let dates = DateRules::new(style, state.locale, today);
    Ok(Status { ok, error, db_path: path, today, last_night, counts, profile, settings, dates })
}

/// The "About you" part of Settings: profile and conditions.
#[derive(Debug, Serialize)]
pub struct About {
    /// Birth year and volume unit.
    pub profile: Profile,
    /// Long-term conditions.
    pub conditions: Vec<ConditionEntry>,
}

#[tauri::command(async)]
pub(crate) fn about(state: State<'_, AppState>) -> Res<About> {
    let s = state.store()?;
    Ok(About { profile: s.profile()?, conditions: s.conditions()? })
}

#[tauri::command(async)]
pub(crate) fn add_condition(state: State<'_, AppState>, condition: Condition) -> Res<About> {
    let mut s = state.store()?;
    s.add_condition(&condition)?;
    Ok(About { profile: s.profile()?, conditions: s.conditions()? })
}

#[tauri::command(async)]
pub(crate) fn delete_condition(state: State<'_, AppState>, id: i64) -> Res<About> {
    let mut s = state.store()?;
    s.delete_condition(id)?;
    Ok(About { profile: s.profile()?, conditions: s.conditions()? })
}

/// Saves the preferences, then adds or removes the login entry to match `start_at_login`.
#[tauri::command(async)]
pub(crate) fn save_settings<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    settings: SettingsInput,
) -> Res<Settings> {
    let settings = settings.into_settings()?;
    let mut s = state.store()?;
    let before = s.settings()?;
    s.save_settings(&settings)?;
    if let Err(e) = crate::shell::set_start_at_login(&app, settings.start_at_login) {
        // Keep the diary true to the computer: everything else stays saved.
        s.save_settings(&Settings { start_at_login: before.start_at_login, ..settings })?;
        return Err(e);
    }
    s.settings()
}

#[tauri::command(async)]
pub(crate) fn set_profile(state: State<'_, AppState>, profile: Profile) -> Res<Profile> {
    let mut s = state.store()?;
    s.set_profile(&profile)?;
    s.profile()
}

/// Fills an empty diary with the sample diary; refuses when anything is recorded.
#[tauri::command(async)]
pub(crate) fn load_sample(state: State<'_, AppState>) -> Res<interchange::ImportSummary> {
    let mut s = state.store()?;
    if s.counts()? != Counts::default() {
        return Err(Error::Conflict(
            "the sample diary can only be loaded into an empty diary, and this one already has entries".into(),
        ));
    }
    let sample = demo::sample_diary(s.today());
    interchange::import_diary(&mut s, &sample, false)
}

/// Settings as the page sends them: the reminder time as typed, so a bad one names its field.
#[derive(Debug, Deserialize)]
pub struct SettingsInput {
    reminder_enabled: bool,
    reminder_time: String,
    #[serde(default)]
    reminder_discreet: bool,
    evening_reminder_enabled: bool,
    evening_reminder_time: String,
    start_at_login: bool,
    text_size: cramp_diary::TextSize,
    theme: cramp_diary::Theme,
    /// `auto` (the computer's locale), `dmy`, `mdy` or `ymd`.
    #[serde(default)]
    date_order: cramp_diary::DateOrderChoice,
    /// `auto`, `12` or `24`.
    #[serde(default)]
    clock: cramp_diary::ClockChoice,
}

impl SettingsInput {
    fn into_settings(self) -> Res<Settings> {
        let reminder_time = parse("reminder_time", &self.reminder_time)?;
        let evening_reminder_time = parse("evening_reminder_time", &self.evening_reminder_time)?;
        Ok(Settings {
            reminder_enabled: self.reminder_enabled,
            reminder_time,
            reminder_discreet: self.reminder_discreet,
            evening_reminder_enabled: self.evening_reminder_enabled,
            evening_reminder_time,
            start_at_login: self.start_at_login,
            text_size: self.text_size,
            theme: self.theme,
            date_order: self.date_order,
            clock: self.clock,
        })
    }
}
