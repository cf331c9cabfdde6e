//! The app's place on the desktop: starting at login.

use cramp_diary::Error;
use tauri::{AppHandle, Manager, Runtime};

/// Started with this argument (as the login entry does), the app waits in the tray with its
/// window hidden.
pub const HIDDEN_ARG: &str = "--hidden";

/// Whether this launch asked to start in the tray (see [`HIDDEN_ARG`]).
pub fn started_hidden(args: impl IntoIterator<Item = impl AsRef<str>>) -> bool {
    args.into_iter().any(|a| a.as_ref() == HIDDEN_ARG)
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
    fn the_login_entry_starts_hidden() {
        assert!(started_hidden(["/usr/bin/cramp-diary-app", "--hidden"]));
        assert!(!started_hidden(["/usr/bin/cramp-diary-app"]));
    }
}
