//! Backups: listing, making one now, restoring, and the daily copy.

use super::Res;
use crate::AppState;
use chrono::NaiveDate;
use cramp_diary::Error;
use serde::Serialize;
use tauri::State;

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
pub(crate) fn backups(state: State<'_, AppState>) -> Res<Backups> {
    backup_list(state.path()?)
}

/// Makes a backup now (`manual-<time>.db` in the backups folder); returns every backup.
#[tauri::command(async)]
pub(crate) fn back_up_now(state: State<'_, AppState>) -> Res<Backups> {
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
pub(crate) fn restore_backup(state: State<'_, AppState>, file_name: String) -> Res<Restored> {
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
