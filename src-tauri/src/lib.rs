//! Cramp Diary desktop shell: a thin Tauri 2 layer over the `cramp_diary` core.
//!
//! The window loads `ui/` (plain HTML, CSS and ES modules). Every button calls one
//! `#[tauri::command]` in [`commands`](self) through `window.__TAURI__.core.invoke`; each
//! command locks the one open [`Store`], calls the core and returns its result or its
//! typed error (`{kind, message, fields}`) unchanged.

use std::ops::{Deref, DerefMut};
use std::path::PathBuf;
use std::sync::{Mutex, MutexGuard};

use cramp_diary::store::default_db_path;
use cramp_diary::{Error, Store};
use tauri::Runtime;

mod commands;
pub mod renderer;
pub mod shell;

/// Names of every command the UI may call (the app manifest and capability list the same).
pub const COMMANDS: &[&str] = include!("command_names.rs");

/// What the app holds: the diary, or the reason it could not be opened (a restore from the
/// start-up page replaces it).
pub struct AppState {
    store: Mutex<Result<Store, Error>>,
    path: Option<PathBuf>,
    /// FOR TESTS ONLY: when set, exports are written into this folder instead of asking
    /// where to save (a native save dialog cannot be driven by a test). Debug builds set it
    /// from the `CRAMP_DIARY_EXPORT_DIR` environment variable, which the end-to-end test
    /// gives tauri-driver; release builds never read it.
    export_dir: Option<PathBuf>,
    /// How the computer's locale writes dates (read once at start; Settings may override).
    locale: cramp_diary::locale::DateStyle,
    /// Problems the app noticed since it started (a failed daily backup, no tray icon…), for
    /// the problem report; never anything from the diary.
    problems: Mutex<Vec<String>>,
}

/// The open diary, locked.
pub(crate) struct StoreGuard<'a>(MutexGuard<'a, Result<Store, Error>>);

impl Deref for StoreGuard<'_> {
    type Target = Store;
    fn deref(&self) -> &Store {
        match &*self.0 {
            Ok(s) => s,
            Err(_) => unreachable!("a StoreGuard is only made over an open store"),
        }
    }
}

impl DerefMut for StoreGuard<'_> {
    fn deref_mut(&mut self) -> &mut Store {
        match &mut *self.0 {
            Ok(s) => s,
            Err(_) => unreachable!("a StoreGuard is only made over an open store"),
        }
    }
}

impl AppState {
    /// Opens the diary at [`default_db_path`] (which honours `CRAMP_DIARY_DB`).
    pub fn open_default() -> Self {
        let state = match default_db_path() {
            Ok(path) => Self::open(path),
            Err(e) => AppState {
                store: Mutex::new(Err(e)),
                path: None,
                export_dir: None,
                locale: cramp_diary::locale::DateStyle::from_system(),
                problems: Mutex::default(),
            },
        };
        #[cfg(debug_assertions)]
        if let Some(dir) = std::env::var_os("CRAMP_DIARY_EXPORT_DIR").filter(|d| !d.is_empty()) {
            return state.with_export_dir(dir);
        }
        state
    }

    /// FOR TESTS ONLY: exports go into `dir` without a save dialog.
    pub fn with_export_dir(mut self, dir: impl Into<PathBuf>) -> Self {
        self.export_dir = Some(dir.into());
        self
    }

    /// FOR TESTS ONLY: the diary takes `today` as today (as `CRAMP_DIARY_NOW` does for a
    /// whole process), for tests that share a process.
    pub fn with_today(self, today: chrono::NaiveDate) -> Self {
        let store = self.store.into_inner().unwrap_or_else(|p| p.into_inner()).map(|s| s.with_today(today));
        AppState { store: Mutex::new(store), ..self }
    }

    /// Opens the diary at `path`; a failure is kept and reported by the `status` command.
    pub fn open(path: impl Into<PathBuf>) -> Self {
        let path = path.into();
        AppState {
            store: Mutex::new(Store::open(&path)),
            path: Some(path),
            export_dir: None,
            locale: cramp_diary::locale::DateStyle::from_system(),
            problems: Mutex::default(),
        }
    }

    /// FOR TESTS ONLY: the computer's locale is `tag` (as LC_TIME or LANG would say), so a
    /// test does not depend on the machine's environment.
    pub fn with_locale(mut self, tag: Option<&str>) -> Self {
        self.locale = cramp_diary::locale::DateStyle::from_locale_tag(tag);
        self
    }

    /// How dates and times are written for the user: Settings' choices over the locale's.
    fn date_style(&self, store: &Store) -> Result<cramp_diary::locale::DateStyle, Error> {
        let s = store.settings()?;
        Ok(cramp_diary::locale::DateStyle::with_choices(self.locale, s.date_order, s.clock))
    }

    /// The diary or the reason it is closed, locked.
    fn slot(&self) -> MutexGuard<'_, Result<Store, Error>> {
        // A panic cannot leave a half-written diary (every write is one transaction).
        self.store.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// The open store, or the error that kept it closed.
    fn store(&self) -> Result<StoreGuard<'_>, Error> {
        let slot = self.slot();
        match &*slot {
            Ok(_) => Ok(StoreGuard(slot)),
            Err(e) => Err(e.clone()),
        }
    }

    /// Notes a problem for the problem report (the newest 20 are kept).
    pub(crate) fn note_problem(&self, problem: String) {
        let mut p = self.problems.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        if p.len() == 20 {
            p.remove(0);
        }
        p.push(problem);
    }

    /// The problems noticed so far, oldest first.
    pub(crate) fn problems(&self) -> Vec<String> {
        self.problems.lock().unwrap_or_else(|poisoned| poisoned.into_inner()).clone()
    }

    /// The diary file.
    fn path(&self) -> Result<&std::path::Path, Error> {
        self.path.as_deref().ok_or_else(|| Error::NotFound("no diary file is known for this user".into()))
    }
}

/// Adds the app's state, commands and the login-entry plugin that `save_settings` uses to a
/// builder (the real one, or tauri's mock in tests).
pub fn builder<R: Runtime>(builder: tauri::Builder<R>, state: AppState) -> tauri::Builder<R> {
    builder
        .plugin(tauri_plugin_autostart::Builder::new().arg(shell::HIDDEN_ARG).build())
        .manage(state)
        .invoke_handler(invoke_handler())
}

/// The handler that routes every command in [`COMMANDS`] (for tests that wrap it).
pub fn invoke_handler<R: Runtime>() -> impl Fn(tauri::ipc::Invoke<R>) -> bool + Send + Sync + 'static {
    commands::handler()
}

/// The app's configuration, icons, embedded `ui/` and permissions, for any runtime.
pub fn context<R: Runtime>() -> tauri::Context<R> {
    tauri::generate_context!()
}

/// Starts the desktop app on the default diary; a second launch on the same diary shows the
/// first one's window instead (see [`shell`]).
pub fn run() {
    use tauri::Manager;
    let context = context();
    let state = AppState::open_default();
    if let Err(e) = cramp_diary::clock::check_env() {
        eprintln!("cramp-diary: {e}; using this computer's clock");
        state.note_problem(format!("{e}; using this computer's clock"));
    }
    // First of all plugins: a second launch must hand over before anything else starts.
    let single = tauri_plugin_single_instance::Builder::new()
        .dbus_id(shell::instance_id(&context.config().identifier, state.path.as_deref()))
        .callback(|app, args, _cwd| {
            if !shell::started_hidden(&args) {
                shell::open_morning_log(app);
            }
        })
        .build();
    builder(tauri::Builder::default().plugin(single), state)
        .plugin(tauri_plugin_dialog::init())
        .on_window_event(shell::on_window_event)
        .setup(|app| {
            if !shell::started_hidden(std::env::args()) {
                app.get_webview_window("main").ok_or("the main window is missing")?.show()?;
            }
            if let Err(e) = shell::tray(app.handle()) {
                // The window and the reminder still work; only the tray menu is missing.
                eprintln!("cramp-diary: the tray icon could not be added: {e}");
                app.state::<AppState>().note_problem(format!("the tray icon could not be added: {e}"));
            }
            // At most once a day, in the background so the window is not kept waiting.
            let handle = app.handle().clone();
            std::thread::spawn(move || commands::auto_backup(&handle.state::<AppState>()));
            let handle = app.handle().clone();
            std::thread::spawn(move || shell::reminder_loop(handle));
            Ok(())
        })
        .run(context)
        .expect("the Cramp Diary window could not be started");
}
