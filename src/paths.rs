//! Where the diary lives: the app id, the folder named after it, and the files SQLite keeps
//! beside a diary.

use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

/// The app identifier; the app-data directory is named after it.
pub const APP_IDENTIFIER: &str = "app.crampdiary.desktop";
/// Environment variable that points the app and the CLI at another database file.
pub const DB_ENV: &str = "CRAMP_DIARY_DB";

/// Where the diary lives: `$CRAMP_DIARY_DB`, else `<OS app-data dir>/<identifier>/diary.db`.
pub fn default_db_path() -> Result<PathBuf> {
    if let Some(p) = std::env::var_os(DB_ENV).filter(|p| !p.is_empty()) {
        return Ok(PathBuf::from(p));
    }
    let base = dirs::data_dir().ok_or_else(|| Error::Io("no application data folder is known for this user".into()))?;
    Ok(base.join(APP_IDENTIFIER).join("diary.db"))
}

/// The `-wal` and `-shm` files SQLite keeps beside a diary.
pub(crate) fn sidecars(path: &Path) -> [PathBuf; 2] {
    let with = |suffix: &str| {
        let mut p = path.as_os_str().to_owned();
        p.push(suffix);
        PathBuf::from(p)
    };
    [with("-wal"), with("-shm")]
}
