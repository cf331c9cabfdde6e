//! Files readable by the owner only, written whole or not at all, renamed durably.

use std::fs;
use std::io::Write;
use std::path::Path;

use crate::Error;

/// Creates `dir` (and any missing parents) as 0700, and narrows it to 0700 if it exists
/// with a wider mode. Used for folders that belong to Cramp Diary alone.
pub fn private_dir(dir: &Path) -> std::io::Result<()> {
    let mut b = fs::DirBuilder::new();
    b.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut b, 0o700);
    b.create(dir)?;
    narrow(dir, 0o700)
}

/// Narrows an existing file or folder to `mode` (nothing happens if it is missing).
pub fn narrow(path: &Path, mode: u32) -> std::io::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        match fs::metadata(path) {
            Ok(m) if m.permissions().mode() & 0o777 != mode => {
                fs::set_permissions(path, fs::Permissions::from_mode(mode))
            }
            Ok(_) => Ok(()),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
            Err(e) => Err(e),
        }
    }
    #[cfg(not(unix))]
    {
        let _ = (path, mode);
        Ok(())
    }
}

/// Creates the file with owner-only permissions if it does not exist yet, and narrows it to
/// 0600 if it exists with a wider mode. A missing folder is made 0700; the app's own folder
/// (named after [`APP_IDENTIFIER`](crate::paths::APP_IDENTIFIER)) is narrowed to 0700 if it is wider.
pub(crate) fn create_private(path: &Path) -> Result<(), Error> {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        if !dir.exists() || dir.file_name().is_some_and(|n| n == crate::paths::APP_IDENTIFIER) {
            private_dir(dir)?;
        }
    }
    let mut opts = fs::OpenOptions::new();
    opts.write(true).create(true).truncate(false);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut opts, 0o600);
    opts.open(path)?;
    narrow(path, 0o600)?;
    Ok(())
}

/// Flushes a folder's entries to disk, so a rename inside it survives a power cut.
pub fn sync_dir(dir: &Path) -> std::io::Result<()> {
    #[cfg(unix)]
    {
        let dir = if dir.as_os_str().is_empty() { Path::new(".") } else { dir };
        fs::File::open(dir)?.sync_all()
    }
    #[cfg(not(unix))]
    {
        let _ = dir;
        Ok(())
    }
}

/// Renames `from` to `to` and flushes the folder (or folders) holding them.
pub fn rename_durably(from: &Path, to: &Path) -> std::io::Result<()> {
    fs::rename(from, to)?;
    let parent = |p: &Path| p.parent().map(Path::to_path_buf).unwrap_or_default();
    sync_dir(&parent(to))?;
    if parent(from) != parent(to) {
        sync_dir(&parent(from))?;
    }
    Ok(())
}

/// Writes `bytes` to `path` readable by the owner only (0600 on unix), whole or not at all:
/// it goes to a temporary file beside `path` first and is renamed over it when complete.
pub fn write_private(path: &Path, bytes: &[u8]) -> Result<(), Error> {
    let fail = |e: std::io::Error| Error::Io(format!("could not write {}: {e}", path.display()));
    let name = path.file_name().ok_or_else(|| fail(std::io::ErrorKind::InvalidInput.into()))?;
    let dir = path.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let tmp = dir.join(format!(".{}.{}.tmp", name.to_string_lossy(), std::process::id()));
    let mut opts = fs::OpenOptions::new();
    opts.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut opts, 0o600);
    let written = opts.open(&tmp).and_then(|mut f| {
        f.write_all(bytes)?;
        f.sync_all()?;
        drop(f);
        rename_durably(&tmp, path)
    });
    if let Err(e) = written {
        let _ = fs::remove_file(&tmp);
        return Err(fail(e));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_file_is_private_and_complete() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("out.txt");
        super::write_private(&p, b"hello").unwrap();
        assert_eq!(std::fs::read(&p).unwrap(), b"hello");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            assert_eq!(std::fs::metadata(&p).unwrap().permissions().mode() & 0o777, 0o600);
        }
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1, "no temporary file is left");
    }
}
