//! The app's place on the desktop: one window per diary and starting at login.
//!
//! All of it is driven from Rust. The page only hears [`OPEN_MORNING_LOG`], sent by
//! [`open_morning_log`] whenever a second launch asks for last night's log.

use std::path::Path;

use cramp_diary::Error;
use tauri::{AppHandle, Emitter, Manager, Runtime};

/// The event that makes the page show the morning log.
pub const OPEN_MORNING_LOG: &str = "open-morning-log";

/// Started with this argument (as the login entry does), the app waits in the tray with its
/// window hidden.
pub const HIDDEN_ARG: &str = "--hidden";

/// The one window.
const MAIN: &str = "main";

/// Shows the window (unminimised, in front) and asks the page for the morning log. A second
/// launch comes here.
pub fn open_morning_log<R: Runtime>(app: &AppHandle<R>) {
    show_window(app);
    if let Err(e) = app.emit_to(MAIN, OPEN_MORNING_LOG, ()) {
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
