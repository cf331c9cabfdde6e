//! The commands the UI calls: each a few lines over the core.
//!
//! All touch the database, so all run off the main thread (`async`). Errors are the
//! core's own `Error`, which crosses IPC as `{kind, message, fields}`.

use chrono::NaiveDate;
use cramp_diary::analysis::{analyze_styled, Analysis, AnalysisOptions, Finding};
use cramp_diary::charts::{ChartKind, ScreenChart};
use cramp_diary::locale::DateStyle;
use cramp_diary::report::Paper;
use cramp_diary::store::{ConditionEntry, Counts, Course, Replaced};
use cramp_diary::trial::prescriber::PlanRequest;
use cramp_diary::usecase::export::{self, ExportFormat};
use cramp_diary::validate::parse;
use cramp_diary::{
    demo, interchange, Condition, Day, Episode, Error, Fluid, Medication, Night, Profile, Settings, Symptom,
};
use serde::{Deserialize, Serialize};
use tauri::{AppHandle, Runtime, State};

use crate::AppState;

type Res<T> = Result<T, Error>;

/// The invoke handler listing every command.
pub(crate) fn handler<R: Runtime>() -> impl Fn(tauri::ipc::Invoke<R>) -> bool + Send + Sync + 'static {
    tauri::generate_handler![
        status,
        night,
        save_night,
        add_episode,
        delete_night,
        undelete_night,
        reminder_answers,
        dismiss_reminder_answer,
        undo_reminder_answer,
        history,
        day,
        add_fluid,
        remove_fluid,
        update_day,
        courses,
        add_course,
        stop_course,
        change_dose,
        delete_course,
        about,
        add_condition,
        delete_condition,
        set_profile,
        save_settings,
        load_sample,
        analyze,
        red_flags,
        chart,
        export,
        backups,
        back_up_now,
        restore_backup,
        trial_catalogue,
        trial_plan,
        trial_current,
        trial_done,
        trial_stop,
        safety_notes,
        about_app,
        problem_report,
    ]
}

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
fn status(state: State<'_, AppState>) -> Res<Status> {
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

#[tauri::command(async)]
fn night(state: State<'_, AppState>, date: NaiveDate) -> Res<Option<Night>> {
    state.store()?.night(date)
}

/// Saves a whole night (status, sleep, notes, episodes), replacing that date; returns it as stored.
#[tauri::command(async)]
fn save_night(state: State<'_, AppState>, night: NightInput, seen: Option<Night>) -> Res<Replaced> {
    let night = night.into_night()?;
    state.store()?.replace_night(&night, seen.as_ref())
}

#[tauri::command(async)]
fn add_episode(state: State<'_, AppState>, date: NaiveDate, episode: EpisodeInput) -> Res<Night> {
    let episode = episode.into_episode("")?;
    state.store()?.add_episode(date, &episode)
}

#[tauri::command(async)]
fn delete_night(state: State<'_, AppState>, date: NaiveDate) -> Res<Night> {
    state.store()?.delete_night(date)
}

/// Puts back a night that was just deleted (Undo), exactly as it was.
#[tauri::command(async)]
fn undelete_night(state: State<'_, AppState>, night: Night) -> Res<Night> {
    state.store()?.undelete_night(&night)
}

/// The nights the morning reminder's "No cramps" saved that the page has not yet confirmed,
/// each with what to say about it and its buttons' words.
#[tauri::command(async)]
fn reminder_answers(state: State<'_, AppState>) -> Res<Vec<cramp_diary::reminder::Answered>> {
    Ok(state.store()?.reminder_answers()?.iter().map(|n| cramp_diary::reminder::answered(n.date)).collect())
}

/// "That's right": the message about the reminder's answer for `date` does not come back;
/// returns those still waiting.
#[tauri::command(async)]
fn dismiss_reminder_answer(state: State<'_, AppState>, date: NaiveDate) -> Res<Vec<cramp_diary::reminder::Answered>> {
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
fn undo_reminder_answer(state: State<'_, AppState>, date: NaiveDate) -> Res<Undone> {
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
fn history(state: State<'_, AppState>, before: Option<NaiveDate>, limit: usize, shown: u64) -> Res<HistoryPage> {
    let s = state.store()?;
    let total = s.counts()?.nights;
    let nights = s.nights_before(before, limit.clamp(1, 1000))?;
    let more = shown + (nights.len() as u64) < total;
    Ok(HistoryPage { nights, more, total })
}

#[tauri::command(async)]
fn day(state: State<'_, AppState>, date: NaiveDate) -> Res<Day> {
    state.store()?.day(date)
}

#[tauri::command(async)]
fn add_fluid(state: State<'_, AppState>, date: NaiveDate, fluid: Fluid) -> Res<Day> {
    state.store()?.add_fluid(date, &fluid)
}

#[tauri::command(async)]
fn remove_fluid(state: State<'_, AppState>, date: NaiveDate, index: usize) -> Res<Day> {
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
fn update_day(state: State<'_, AppState>, date: NaiveDate, details: DayDetails) -> Res<Day> {
    state.store()?.edit_day(date, |d| {
        d.exertion = details.exertion;
        d.exercise_min = details.exercise_min;
        d.stretched_before_bed = details.stretched_before_bed;
        d.symptoms = details.symptoms;
    })
}

#[tauri::command(async)]
fn courses(state: State<'_, AppState>) -> Res<Vec<Course>> {
    state.store()?.courses()
}

/// Starts a course; returns every course.
#[tauri::command(async)]
fn add_course(state: State<'_, AppState>, medication: Medication) -> Res<Vec<Course>> {
    let mut s = state.store()?;
    s.add_course(&medication)?;
    s.courses()
}

/// Stops a course on `on` (its last day); returns every course.
#[tauri::command(async)]
fn stop_course(state: State<'_, AppState>, id: i64, on: NaiveDate) -> Res<Vec<Course>> {
    let mut s = state.store()?;
    s.stop_course(id, on)?;
    s.courses()
}

/// Changes a dose from `on` (a new course); returns every course.
#[tauri::command(async)]
fn change_dose(state: State<'_, AppState>, id: i64, on: NaiveDate, dose: String) -> Res<Vec<Course>> {
    let mut s = state.store()?;
    s.change_dose(id, on, &dose)?;
    s.courses()
}

/// Deletes a course entered by mistake; returns every course.
#[tauri::command(async)]
fn delete_course(state: State<'_, AppState>, id: i64) -> Res<Vec<Course>> {
    let mut s = state.store()?;
    s.delete_course(id)?;
    s.courses()
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
fn about(state: State<'_, AppState>) -> Res<About> {
    let s = state.store()?;
    Ok(About { profile: s.profile()?, conditions: s.conditions()? })
}

#[tauri::command(async)]
fn add_condition(state: State<'_, AppState>, condition: Condition) -> Res<About> {
    let mut s = state.store()?;
    s.add_condition(&condition)?;
    Ok(About { profile: s.profile()?, conditions: s.conditions()? })
}

#[tauri::command(async)]
fn delete_condition(state: State<'_, AppState>, id: i64) -> Res<About> {
    let mut s = state.store()?;
    s.delete_condition(id)?;
    Ok(About { profile: s.profile()?, conditions: s.conditions()? })
}

/// Saves the preferences, then adds or removes the login entry to match `start_at_login`.
#[tauri::command(async)]
fn save_settings<R: Runtime>(app: AppHandle<R>, state: State<'_, AppState>, settings: SettingsInput) -> Res<Settings> {
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
fn set_profile(state: State<'_, AppState>, profile: Profile) -> Res<Profile> {
    let mut s = state.store()?;
    s.set_profile(&profile)?;
    s.profile()
}

/// Fills an empty diary with the sample diary; refuses when anything is recorded.
#[tauri::command(async)]
fn load_sample(state: State<'_, AppState>) -> Res<interchange::ImportSummary> {
    let mut s = state.store()?;
    if s.counts()? != Counts::default() {
        return Err(Error::Conflict(
            "the sample diary can only be loaded into an empty diary, and this one already has entries".into(),
        ));
    }
    let sample = demo::sample_diary(s.today());
    interchange::import_diary(&mut s, &sample, false)
}

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
fn analyze(state: State<'_, AppState>, from: Option<NaiveDate>, to: Option<NaiveDate>) -> Res<Insights> {
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
fn red_flags(state: State<'_, AppState>) -> Res<Vec<Finding>> {
    let s = state.store()?;
    Ok(cramp_diary::analysis::red_flags_styled(&s.load()?, s.today(), state.date_style(&s)?))
}

/// Draws chart `kind` (weekly, calendar, medications, fluids, time-of-night) for `from..=to`
/// (defaults: the first logged night, and last night).
#[tauri::command(async)]
fn chart(state: State<'_, AppState>, kind: String, from: Option<NaiveDate>, to: Option<NaiveDate>) -> Res<ScreenChart> {
    let kind: ChartKind = parse("kind", &kind)?;
    let s = state.store()?;
    let diary = s.load()?;
    let opts =
        cramp_diary::usecase::chart::options(&diary, s.today(), s.last_night(), from, to, state.date_style(&s)?)?;
    cramp_diary::charts::for_screen(kind, &diary, &opts)
}

/// What to export, as the Export page sends it.
#[derive(Debug, Deserialize)]
pub struct ExportRequest {
    /// `pdf`, `csv`, `fhir`, `json` or `prescriber_plan`.
    format: String,
    #[serde(default)]
    from: Option<NaiveDate>,
    #[serde(default)]
    to: Option<NaiveDate>,
    /// `a4` or `letter` (the PDFs only).
    #[serde(default)]
    paper: Option<String>,
    #[serde(default)]
    name: Option<String>,
    #[serde(default)]
    birth_date: Option<NaiveDate>,
    /// The medicine (`prescriber_plan` only).
    #[serde(default)]
    medicine: Option<String>,
}

/// Where an export went.
#[derive(Debug, Serialize)]
pub struct Exported {
    /// The file (or, for CSV, the folder) written; `None` when the user cancelled.
    pub path: Option<String>,
    /// What was written, in words.
    pub message: String,
}

/// Writes a PDF summary, CSV tables, a FHIR bundle, the whole diary as JSON, or the plan of a
/// medicine trial to take to the prescriber (PDF). It is made and checked first; the place is
/// then chosen here, in Rust, with the system's save dialog: no path ever comes from the page.
#[tauri::command(async)]
fn export<R: Runtime>(app: AppHandle<R>, state: State<'_, AppState>, request: ExportRequest) -> Res<Exported> {
    let r = request;
    let format: ExportFormat = parse("format", &r.format)?;
    let req = export::ExportRequest {
        range: cramp_diary::report::DateRange { from: r.from, to: r.to },
        paper: r.paper.map_or(Ok(Paper::A4), |p| parse("paper", &p))?,
        patient: cramp_diary::report::PatientInfo { name: r.name, birth_date: r.birth_date },
        plan: (format == ExportFormat::PrescriberPlan)
            .then(|| PlanRequest::new(r.medicine.unwrap_or_default(), cramp_diary::usecase::fresh_seed())),
        ..export::ExportRequest::new(format)
    };
    let (made, style) = {
        let s = state.store()?;
        let style = state.date_style(&s)?;
        (export::prepare(&s, &req, style)?, style)
    };
    let dest = match &state.export_dir {
        Some(dir) => Some(dir.join(&made.suggested_name)),
        None => ask_where(&app, &made.suggested_name, made.file_type())?,
    };
    let Some(dest) = dest else {
        return Ok(Exported { path: None, message: "Nothing was saved.".into() });
    };
    made.write_to(&dest)?;
    Ok(Exported { path: Some(dest.display().to_string()), message: made.said(style, None) })
}

/// Asks where to save with the system dialog: a file of type `filter` (name, extension), or
/// with `None` a new folder `name` inside the one picked. `None` if cancelled.
fn ask_where<R: Runtime>(
    app: &AppHandle<R>,
    name: &str,
    filter: Option<(&str, &str)>,
) -> Res<Option<std::path::PathBuf>> {
    use tauri::Manager;
    use tauri_plugin_dialog::DialogExt;
    if app.try_state::<tauri_plugin_dialog::Dialog<R>>().is_none() {
        return Err(Error::Io("the save dialog is not available".into()));
    }
    let dialog = app.dialog().file();
    let picked = match filter {
        None => dialog.set_title("Choose a folder for the tables").blocking_pick_folder(),
        Some((what, ext)) => {
            dialog.set_title("Save as").set_file_name(name).add_filter(what, &[ext]).blocking_save_file()
        }
    };
    match picked {
        None => Ok(None),
        Some(p) => {
            let p = p.into_path().map_err(|e| Error::Io(format!("could not use that place: {e}")))?;
            // The tables: a new folder inside the chosen one, so they stay together.
            Ok(Some(if filter.is_none() { p.join(name) } else { p }))
        }
    }
}

/// The backups beside the diary, newest first (path left out: the page names them by file).
#[derive(Debug, Serialize)]
pub struct BackupRow {
    /// File name, the backup's only handle on the page.
    pub file_name: String,
    /// When it was made.
    pub date: NaiveDate,
    /// Who made it.
    pub kind: cramp_diary::backup::BackupKind,
    /// Nights it holds (`None` when it cannot be read).
    pub nights: Option<u64>,
    /// Why it cannot be brought back, if it cannot.
    pub problem: Option<String>,
}

/// The backups and the folder they are in.
#[derive(Debug, Serialize)]
pub struct Backups {
    /// Newest first.
    pub backups: Vec<BackupRow>,
    /// The folder.
    pub folder: String,
    /// Which copies are kept, in words.
    pub rule: String,
}

fn backup_list(db: &std::path::Path) -> Res<Backups> {
    let rows = cramp_diary::backup::list(db)?
        .into_iter()
        .map(|b| BackupRow { file_name: b.file_name, date: b.date, kind: b.kind, nights: b.nights, problem: b.problem })
        .collect();
    Ok(Backups {
        backups: rows,
        folder: cramp_diary::backup::backup_dir(db).display().to_string(),
        rule: cramp_diary::backup::keeping_rule(),
    })
}

/// The backups, listed without the diary's lock (so a slow file holds up nothing else), and
/// also when the diary could not be opened.
#[tauri::command(async)]
fn backups(state: State<'_, AppState>) -> Res<Backups> {
    backup_list(state.path()?)
}

/// Makes a backup now (`manual-<time>.db` in the backups folder); returns every backup.
#[tauri::command(async)]
fn back_up_now(state: State<'_, AppState>) -> Res<Backups> {
    cramp_diary::backup::back_up_now(&*state.store()?)?;
    backup_list(state.path()?)
}

/// What a restore did.
#[derive(Debug, Serialize)]
pub struct Restored {
    /// The backup of the diary as it was just before (restore it to undo).
    pub undo_file: String,
    /// Every backup now.
    pub list: Backups,
}

/// Brings back the backup named `file_name` (one from the list: never a path from the page),
/// after backing up the current diary.
#[tauri::command(async, rename_all = "snake_case")]
fn restore_backup(state: State<'_, AppState>, file_name: String) -> Res<Restored> {
    let db = state.path()?;
    let found = cramp_diary::backup::list(db)?
        .into_iter()
        .find(|b| b.file_name == file_name)
        .ok_or_else(|| Error::NotFound(format!("there is no backup called {file_name}")))?;
    let undo = cramp_diary::backup::restore_diary(&mut state.slot(), db, &found.path)?;
    let undo_file = undo.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    Ok(Restored { undo_file, list: backup_list(db)? })
}

/// Takes today's automatic backup if there is none yet (run once at start, off the window's thread).
pub(crate) fn auto_backup(state: &AppState) {
    if let Ok(s) = state.store() {
        if let Err(e) = cramp_diary::backup::auto_backup(&s, s.today()) {
            eprintln!("cramp-diary: the daily backup failed: {e}");
            drop(s);
            state.note_problem(format!("the daily backup failed: {e}"));
        }
    }
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
            Some(t) => Some(t.parse().map_err(|rule: String| Error::invalid(format!("{at}time"), t, rule))?),
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
        let reminder_time =
            self.reminder_time.parse().map_err(|rule| Error::invalid("reminder_time", &self.reminder_time, rule))?;
        let evening_reminder_time = self
            .evening_reminder_time
            .parse()
            .map_err(|rule| Error::invalid("evening_reminder_time", &self.evening_reminder_time, rule))?;
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

// ----- self-experiments -------------------------------------------------------------

/// The self-experiment page's words and the remedies it offers, each with its evidence.
#[tauri::command(async)]
fn trial_catalogue() -> cramp_diary::trial::words::PageWords {
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
fn trial_plan(state: State<'_, AppState>, plan: PlanInput) -> Res<cramp_diary::trial::View> {
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
fn trial_current(state: State<'_, AppState>) -> Res<Option<cramp_diary::trial::View>> {
    let s = state.store()?;
    let Some(t) = s.current_trial()? else { return Ok(None) };
    Ok(Some(cramp_diary::trial::view_styled(&s.load()?, &t, s.today(), state.date_style(&s)?)))
}

/// Records whether the night of `date` was kept to its arm; returns the view.
#[tauri::command(async)]
fn trial_done(state: State<'_, AppState>, date: NaiveDate, done: bool) -> Res<cramp_diary::trial::View> {
    let mut s = state.store()?;
    let t = s.record_adherence(date, done)?;
    Ok(cramp_diary::trial::view_styled(&s.load()?, &t, s.today(), state.date_style(&s)?))
}

/// Stops the running trial from tonight on; returns the view (its result says so).
#[tauri::command(async)]
fn trial_stop(state: State<'_, AppState>) -> Res<cramp_diary::trial::View> {
    let mut s = state.store()?;
    let t = s.stop_trial()?;
    Ok(cramp_diary::trial::view_styled(&s.load()?, &t, s.today(), state.date_style(&s)?))
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
fn safety_notes(state: State<'_, AppState>) -> Res<SafetyNotes> {
    use cramp_diary::knowledge::{takes_quinine, QUININE_SAFETY, QUININE_SAFETY_TITLE};
    let meds: Vec<Medication> = state.store()?.courses()?.into_iter().map(|c| c.medication).collect();
    Ok(SafetyNotes { title: QUININE_SAFETY_TITLE, notes: if takes_quinine(&meds) { QUININE_SAFETY } else { &[] } })
}

// ----- About and help ---------------------------------------------------------------

/// The About page: version, where the diary and its backups are, and its words.
#[tauri::command(async)]
fn about_app(state: State<'_, AppState>) -> Res<cramp_diary::about::Facts> {
    Ok(cramp_diary::about::facts(state.path()?))
}

/// Saves a problem report (version, system, paths, the diary file's state and the problems
/// noticed since the start; never the diary's contents) where the user chooses.
#[tauri::command(async)]
fn problem_report<R: Runtime>(app: AppHandle<R>, state: State<'_, AppState>) -> Res<Exported> {
    use cramp_diary::about;
    let (db, now) = (state.path()?, cramp_diary::clock::now());
    let name = about::report_file_name(now);
    let dest = match &state.export_dir {
        Some(dir) => Some(dir.join(&name)),
        None => ask_where(&app, &name, Some(("Text", "txt")))?,
    };
    let Some(dest) = dest else {
        return Ok(Exported { path: None, message: "Nothing was saved.".into() });
    };
    let diary = about::DiaryState::of(state.store().as_deref());
    let env = about::Environment::detect(tauri::webview_version().ok());
    about::save_problem_report(&dest, &about::problem_report(db, &env, &diary, &state.problems(), now))?;
    Ok(Exported {
        path: Some(dest.display().to_string()),
        message: format!("Saved the problem report as {}.", dest.display()),
    })
}
