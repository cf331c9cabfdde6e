//! The app's place on the desktop: one window per diary, the tray icon, the morning
//! reminder and starting at login.
//!
//! All of it is driven from Rust. The page only hears [`OPEN_MORNING_LOG`], sent by
//! [`open_morning_log`] whenever the tray menu, a click on the reminder or a second launch
//! asks for last night's log (with the cramp form open after the reminder's "I had cramps"),
//! and [`REMINDER_ANSWERED`] once the reminder's "No cramps" has logged a night.

use std::path::Path;
use std::time::Duration;

use chrono::{NaiveDate, NaiveDateTime};
use cramp_diary::reminder::{self, Answer, ReminderState};
use cramp_diary::store::NoCrampsAnswer;
use cramp_diary::Error;
use tauri::menu::{Menu, MenuItem, PredefinedMenuItem};
use tauri::tray::{TrayIcon, TrayIconBuilder};
use tauri::{AppHandle, Emitter, Manager, Runtime, Window, WindowEvent};

use crate::AppState;

/// The event that makes the page show the morning log; its payload is a [`MorningLog`].
pub const OPEN_MORNING_LOG: &str = "open-morning-log";

/// The event that tells the page the reminder's "No cramps" logged a night, so it can say so
/// (with Undo) however the window is next opened; the window itself is left as it was.
pub const REMINDER_ANSWERED: &str = "reminder-answered";

/// How the morning log should open ([`OPEN_MORNING_LOG`]'s payload).
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct MorningLog {
    /// Open the cramp form at once (the reminder's "I had cramps").
    pub cramp_form: bool,
    /// A sentence to show above the log (why the reminder's "No cramps" changed nothing).
    pub notice: Option<String>,
}

/// Started with this argument (as the login entry does), the app waits in the tray with its
/// window hidden.
pub const HIDDEN_ARG: &str = "--hidden";

/// How often the reminder loop looks at the clock.
const REMINDER_EVERY: Duration = Duration::from_secs(30);

/// FOR TESTS ONLY: a file the reminder loop appends one line to after each look
/// (`look <n> <outcome>`), so a test can wait for a look to have happened instead of
/// sleeping for a fixed time. The end-to-end tests set it; users never do.
pub const REMINDER_TRACE_ENV: &str = "CRAMP_DIARY_REMINDER_TRACE";

/// FOR TESTS ONLY: the time between looks in milliseconds, instead of [`REMINDER_EVERY`].
pub const REMINDER_EVERY_ENV: &str = "CRAMP_DIARY_REMINDER_EVERY_MS";

fn reminder_every() -> Duration {
    std::env::var(REMINDER_EVERY_ENV)
        .ok()
        .and_then(|ms| ms.trim().parse::<u64>().ok())
        .filter(|ms| *ms > 0)
        .map_or(REMINDER_EVERY, Duration::from_millis)
}

/// Appends `look <n> <outcome>` to the [`REMINDER_TRACE_ENV`] file, if one is set.
fn trace_look(n: u64, outcome: &str) {
    let Some(path) = std::env::var_os(REMINDER_TRACE_ENV).filter(|p| !p.is_empty()) else { return };
    use std::io::Write;
    let written = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(&path)
        .and_then(|mut f| writeln!(f, "look {n} {outcome}"));
    if let Err(e) = written {
        eprintln!("cramp-diary: could not write the reminder trace {}: {e}", Path::new(&path).display());
    }
}

/// The one window.
const MAIN: &str = "main";

/// Shows the window (unminimised, in front) and asks the page for the morning log. The tray's
/// "Log last night", a click on the reminder and a second launch all come here.
pub fn open_morning_log<R: Runtime>(app: &AppHandle<R>) {
    open_morning_log_with(app, MorningLog::default());
}

/// [`open_morning_log`], opened as `how` says.
fn open_morning_log_with<R: Runtime>(app: &AppHandle<R>, how: MorningLog) {
    show_window(app);
    if let Err(e) = app.emit_to(MAIN, OPEN_MORNING_LOG, how) {
        eprintln!("cramp-diary: could not ask the page for the morning log: {e}");
    }
}

/// Shows the window as it was, unminimised and in front.
fn show_window<R: Runtime>(app: &AppHandle<R>) {
    if let Some(w) = app.get_webview_window(MAIN) {
        let shown = w.show().and_then(|()| w.unminimize()).and_then(|()| w.set_focus());
        if let Err(e) = shown {
            eprintln!("cramp-diary: could not bring the window to the front: {e}");
        }
    }
}

/// Whether this launch asked to start in the tray (see [`HIDDEN_ARG`]).
pub fn started_hidden(args: impl IntoIterator<Item = impl AsRef<str>>) -> bool {
    args.into_iter().any(|a| a.as_ref() == HIDDEN_ARG)
}

/// The name a running app holds on the session bus: one per diary file, so a second launch
/// on the same diary finds the first, and a launch on another diary (`CRAMP_DIARY_DB`) opens.
pub fn instance_id(app_id: &str, db: Option<&Path>) -> String {
    let Some(db) = db else { return app_id.to_string() };
    let db = std::path::absolute(db).unwrap_or_else(|_| db.to_path_buf());
    // FNV-1a: stable across builds and Rust versions, unlike std's hasher.
    let hash = db
        .as_os_str()
        .as_encoded_bytes()
        .iter()
        .fold(0xcbf2_9ce4_8422_2325_u64, |h, b| (h ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3));
    format!("{app_id}.diary_{hash:016x}")
}

/// Adds the login entry (started with [`HIDDEN_ARG`]) or removes it.
pub(crate) fn set_start_at_login<R: Runtime>(app: &AppHandle<R>, on: bool) -> Result<(), Error> {
    let manager = app
        .try_state::<tauri_plugin_autostart::AutoLaunchManager>()
        .ok_or_else(|| Error::Io("starting Cramp Diary when you log in is not possible on this computer".into()))?;
    let done = if on { manager.enable() } else { manager.disable() };
    done.map_err(|e| {
        let what = if on { "set Cramp Diary to start" } else { "stop Cramp Diary from starting" };
        Error::Io(format!("could not {what} when you log in ({e}); your other settings were saved"))
    })
}

/// Whether closing the window should keep the app in the tray: yes while the morning
/// reminder, starting at login, or the evening reminder of a running self-experiment is on,
/// so the reminder can still speak.
fn stays_in_tray<R: Runtime>(app: &AppHandle<R>) -> bool {
    let state = app.state::<AppState>();
    let Ok(s) = state.store() else { return false };
    let today = cramp_diary::clock::local_today();
    let trial_runs = || s.current_trial().is_ok_and(|t| t.is_some_and(|t| t.running(today)));
    s.settings().is_ok_and(|c| c.reminder_enabled || c.start_at_login || (c.evening_reminder_enabled && trial_runs()))
}

/// The window's close button: hides to the tray when [`stays_in_tray`], quits otherwise.
pub fn on_window_event<R: Runtime>(window: &Window<R>, event: &WindowEvent) {
    if let WindowEvent::CloseRequested { api, .. } = event {
        if window.label() == MAIN && stays_in_tray(window.app_handle()) {
            api.prevent_close();
            if let Err(e) = window.hide() {
                eprintln!("cramp-diary: could not hide the window: {e}");
            }
        }
    }
}

/// The tray icon and its menu: "Log last night", "Open Cramp Diary", "Quit".
pub fn tray<R: Runtime>(app: &AppHandle<R>) -> tauri::Result<TrayIcon<R>> {
    let menu = Menu::with_items(
        app,
        &[
            &MenuItem::with_id(app, "log", "Log last night", true, None::<&str>)?,
            &MenuItem::with_id(app, "open", "Open Cramp Diary", true, None::<&str>)?,
            &PredefinedMenuItem::separator(app)?,
            &MenuItem::with_id(app, "quit", "Quit", true, None::<&str>)?,
        ],
    )?;
    let mut tray = TrayIconBuilder::with_id(MAIN).menu(&menu).tooltip("Cramp Diary").on_menu_event(|app, event| {
        match event.id().as_ref() {
            "log" => open_morning_log(app),
            "open" => show_window(app),
            "quit" => app.exit(0),
            _ => {}
        }
    });
    if let Some(icon) = app.default_window_icon() {
        tray = tray.icon(icon.clone());
    }
    tray.build(app)
}

/// Why one look at the reminder failed.
#[derive(Debug, thiserror::Error)]
enum ReminderError {
    #[error("the diary could not be read: {0}")]
    Diary(#[from] Error),
    #[error("the reminder could not be shown: {0}")]
    Notification(#[from] notify_rust::error::Error),
}

/// Looks every [`REMINDER_EVERY`] whether the morning reminder is due, and shows it. Runs for
/// the life of the app on its own thread.
pub fn reminder_loop<R: Runtime>(app: AppHandle<R>) {
    // The day this process last spoke: a second guard should the diary fail to record it.
    let mut spoke_on = None;
    let mut spoke_evening_on = None;
    let mut last_error = String::new();
    let every = reminder_every();
    for look in 1.. {
        let now = cramp_diary::clock::now().naive_local();
        let looked = remind_if_due(&app, now, spoke_on)
            .and_then(|morning| evening_if_due(&app, now, spoke_evening_on).map(|evening| (morning, evening)));
        let outcome = match looked {
            Ok((morning, evening)) => {
                spoke_on = morning.or(spoke_on);
                spoke_evening_on = evening.or(spoke_evening_on);
                last_error.clear();
                match (morning, evening) {
                    (Some(_), _) => "spoke",
                    (None, Some(_)) => "spoke in the evening",
                    (None, None) => "quiet",
                }
            }
            Err(e) => {
                // Say it once while it lasts, not every half minute.
                let e = e.to_string();
                if e != last_error {
                    eprintln!("cramp-diary: {e}");
                    last_error = e;
                }
                "failed"
            }
        };
        trace_look(look, outcome);
        std::thread::sleep(every);
    }
}

/// Shows the reminder if [`reminder::due`] says so and records the day; returns that day.
fn remind_if_due<R: Runtime>(
    app: &AppHandle<R>,
    now: NaiveDateTime,
    spoke_on: Option<NaiveDate>,
) -> Result<Option<NaiveDate>, ReminderError> {
    let today = now.date();
    let night = cramp_diary::clock::last_night(now);
    let state = app.state::<AppState>();
    let (discreet, tonight, style) = {
        let s = state.store()?;
        let known = ReminderState {
            last_night_logged: s.night(night)?.is_some(),
            shown_on: s.reminder_shown_on()?.max(spoke_on),
        };
        let settings = s.settings()?;
        if !reminder::due(&settings, now, known) {
            return Ok(None);
        }
        (settings.reminder_discreet, reminder::tonight(s.current_trial()?.as_ref(), today), state.date_style(&s)?)
    }; // not holding the diary while the notification goes out
    show_reminder(app, night, discreet, tonight.as_deref(), style)?;
    // Shown is shown: a diary that cannot record it must not bring it back every look.
    if let Err(e) = state.store().and_then(|mut s| s.mark_reminder_shown(today)) {
        eprintln!("cramp-diary: the reminder was shown but the diary could not record it: {e}");
    }
    Ok(Some(today))
}

/// Shows the evening reminder of a running self-experiment if [`reminder::evening_due`] says
/// so and records the day; returns that day.
fn evening_if_due<R: Runtime>(
    app: &AppHandle<R>,
    now: NaiveDateTime,
    spoke_on: Option<NaiveDate>,
) -> Result<Option<NaiveDate>, ReminderError> {
    let today = now.date();
    let state = app.state::<AppState>();
    let (words, tonight) = {
        let s = state.store()?;
        let settings = s.settings()?;
        let trial = s.current_trial()?;
        let tonight = reminder::tonight(trial.as_ref(), today);
        let known = reminder::EveningState {
            tonight_recorded: trial.as_ref().is_some_and(|t| t.done_on(today).is_some()),
            shown_on: s.evening_reminder_shown_on()?.max(spoke_on),
        };
        if !reminder::evening_due(&settings, now, tonight.as_deref(), known) {
            return Ok(None);
        }
        (settings.reminder_discreet, tonight.expect("due only with a task tonight"))
    };
    notify(app, &reminder::evening_words(&tonight, words), "Note tonight", &[], |app, key| {
        if key == reminder::CLICK {
            open_morning_log(app);
        }
    })?;
    if let Err(e) = state.store().and_then(|mut s| s.mark_evening_reminder_shown(today)) {
        eprintln!("cramp-diary: the evening reminder was shown but the diary could not record it: {e}");
    }
    Ok(Some(today))
}

/// The morning reminder; a click on it opens the morning log. Where the notification server
/// shows buttons (its capabilities include "actions"), it also answers the reminder:
/// "No cramps" and "I had cramps" ("All fine" and "Add details" when discreet), see [`answer`].
fn show_reminder<R: Runtime>(
    app: &AppHandle<R>,
    night: NaiveDate,
    discreet: bool,
    tonight: Option<&str>,
    style: cramp_diary::locale::DateStyle,
) -> Result<(), notify_rust::error::Error> {
    let buttons = if server_shows_buttons() { reminder::answers(discreet).to_vec() } else { Vec::new() };
    // A discreet reminder's click is named without "night" too (some servers show the name).
    let click = if discreet { "Open" } else { "Log last night" };
    notify(app, &reminder::words_styled(night, discreet, tonight, style), click, &buttons, move |app, key| {
        answer(app, night, key)
    })
}

/// Whether the notification server shows a notification's buttons (freedesktop servers that
/// list "actions" among their capabilities). Without buttons, a click still opens the log.
fn server_shows_buttons() -> bool {
    #[cfg(all(unix, not(target_os = "macos")))]
    {
        notify_rust::get_capabilities().is_ok_and(|caps| caps.iter().any(|c| c == "actions"))
    }
    #[cfg(not(all(unix, not(target_os = "macos"))))]
    false
}

/// What a click or a button on the morning reminder about `night` does.
fn answer<R: Runtime>(app: &AppHandle<R>, night: NaiveDate, key: &str) {
    match Answer::from_action(key) {
        Some(Answer::Open) => open_morning_log(app),
        Some(Answer::HadCramps) => open_morning_log_with(app, MorningLog { cramp_form: true, notice: None }),
        Some(Answer::NoCramps) => answer_no_cramps(app, night),
        None => {} // closed without an answer
    }
}

/// "No cramps": logs `night` without opening the window; the page says so (with Undo) the
/// next time it is seen. A night already logged otherwise is left alone and the window opens
/// on the log saying why; one already logged without cramps needs nothing.
fn answer_no_cramps<R: Runtime>(app: &AppHandle<R>, night: NaiveDate) {
    let state = app.state::<AppState>();
    let answered = state.store().and_then(|mut s| s.answer_no_cramps(night));
    let notice = match answered {
        Ok(NoCrampsAnswer::Saved(_)) => {
            if let Err(e) = app.emit_to(MAIN, REMINDER_ANSWERED, night) {
                eprintln!("cramp-diary: could not tell the page about the reminder's answer: {e}");
            }
            return;
        }
        Ok(NoCrampsAnswer::AlreadyCrampFree) => return,
        Err(Error::Conflict(why)) => why,
        Err(e) => {
            eprintln!("cramp-diary: the reminder's answer could not be saved: {e}");
            reminder::not_saved(night, &e.to_string())
        }
    };
    open_morning_log_with(app, MorningLog { cramp_form: false, notice: Some(notice) });
}

/// Shows `words` with the message's own click (`click` names it) and `buttons` (key, label);
/// `on_action` hears which was chosen (on its own thread).
fn notify<R: Runtime>(
    app: &AppHandle<R>,
    words: &reminder::Words,
    click: &str,
    buttons: &[(&str, &str)],
    on_action: impl FnOnce(&AppHandle<R>, &str) + Send + 'static,
) -> Result<(), notify_rust::error::Error> {
    let mut n = notify_rust::Notification::new();
    n.appname(words.app)
        .summary(words.summary)
        .body(&words.body)
        // "default" is what the notification server reports when the message itself is clicked.
        .action(reminder::CLICK, click);
    for (key, label) in buttons {
        n.action(key, label);
    }
    let shown = n.show()?;
    #[cfg(all(unix, not(target_os = "macos")))]
    {
        // Only the freedesktop servers (Linux, BSD) report clicks back; wait on the bus for one.
        let app = app.clone();
        std::thread::spawn(move || shown.wait_for_action(|action| on_action(&app, action)));
    }
    #[cfg(not(all(unix, not(target_os = "macos"))))]
    let _ = (app, shown, on_action);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_bus_name_per_diary_file_and_stable_across_builds() {
        let id = |p: &str| instance_id("app.crampdiary.desktop", Some(Path::new(p)));
        assert_eq!(id("/home/ann/diary.db"), id("/home/ann/diary.db"));
        assert_ne!(id("/home/ann/diary.db"), id("/home/ann/other.db"));
        // Pinned: a new build must find the name an older one holds.
        assert_eq!(id("/home/ann/diary.db"), "app.crampdiary.desktop.diary_a157d2274f99adbf");
        assert_eq!(instance_id("app.crampdiary.desktop", None), "app.crampdiary.desktop");
        let relative = instance_id("app.crampdiary.desktop", Some(Path::new("diary.db")));
        let absolute = std::env::current_dir().unwrap().join("diary.db");
        assert_eq!(relative, instance_id("app.crampdiary.desktop", Some(&absolute)), "the same file, however named");
    }

    #[test]
    fn the_login_entry_starts_hidden() {
        assert!(started_hidden(["/usr/bin/cramp-diary-app", "--hidden"]));
        assert!(!started_hidden(["/usr/bin/cramp-diary-app"]));
    }
}
