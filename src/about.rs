//! The About and help page: the version, where the diary and its backups live, how to copy
//! a backup to another disk and bring it back, the fonts' licence, and a problem report that
//! can be handed to someone without any network. Every sentence the page shows is here.
//!
//! The crates' licences are not here: `cargo about` generates `ui/js/licences.js` from
//! Cargo.lock (see `about.toml`, `about.hbs`, and `tests/licences.rs`, which fails when the
//! file is stale).

use std::path::{Path, PathBuf};

use chrono::{DateTime, FixedOffset};
use serde::Serialize;

use crate::{backup, paths, Error, Result};

/// This build's version (the crate's, as Cargo.toml says).
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

/// The licence file that came with the bundled DejaVu Sans (the same file in `assets/fonts`
/// and `ui/fonts`).
pub const FONT_LICENCE_TEXT: &str = include_str!("../ui/fonts/DejaVu-LICENSE.txt");

/// One part of the page: a heading, paragraphs, then numbered steps if any.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Section {
    /// Stable id for the page (`backups`, `copy`, `restore`, `report`, …).
    pub id: &'static str,
    /// The heading.
    pub title: String,
    /// Paragraphs, in order.
    pub paragraphs: Vec<String>,
    /// Numbered steps after the paragraphs (may be empty).
    pub steps: Vec<String>,
}

/// A font the app bundles and its licence.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct FontLicence {
    /// The font's name.
    pub name: &'static str,
    /// What it is used for, in words.
    pub used_for: &'static str,
    /// The licence's name(s), read from the licence file's `License:` lines.
    pub licence: String,
    /// The licence file as it came with the font.
    pub text: &'static str,
}

/// The words around the licences on the About page (the licences themselves are generated:
/// `ui/js/licences.js`).
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct LicenceWords {
    /// The heading.
    pub title: &'static str,
    /// The paragraph under it.
    pub intro: &'static str,
    /// The fonts' heading.
    pub fonts_title: &'static str,
    /// "Licence", before a font's licence name.
    pub licence_label: &'static str,
    /// The summary that opens a font's licence text.
    pub font_text_summary: &'static str,
    /// The heading of the parts (crates).
    pub parts_title: &'static str,
    /// The summary that opens the list of parts (the page adds how many).
    pub parts_summary: &'static str,
    /// The summary that opens the licence texts.
    pub texts_summary: &'static str,
    /// "Used by", before the parts under one licence text.
    pub used_by: &'static str,
}

/// Everything the About page shows.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Facts {
    /// "Cramp Diary".
    pub name: &'static str,
    /// [`VERSION`].
    pub version: &'static str,
    /// "Cramp Diary version 0.1.0".
    pub version_line: String,
    /// The diary file in use.
    pub diary_path: String,
    /// The folder its backups are kept in.
    pub backups_folder: String,
    /// The app's usual data folder (where the diary lives unless `CRAMP_DIARY_DB` says
    /// otherwise), if this user has one.
    pub data_folder: Option<String>,
    /// The page's sections, in order.
    pub sections: Vec<Section>,
    /// The bundled fonts.
    pub fonts: Vec<FontLicence>,
    /// The words around the licences.
    pub licence_words: LicenceWords,
    /// The problem-report button's words.
    pub report_button: &'static str,
}

/// The app's usual data folder (`<OS app-data dir>/<identifier>`), if this user has one.
pub fn data_folder() -> Option<PathBuf> {
    dirs::data_dir().map(|d| d.join(paths::APP_IDENTIFIER))
}

/// The About facts for the diary at `db_path`.
pub fn facts(db_path: &Path) -> Facts {
    let backups = backup::backup_dir(db_path);
    let data = data_folder();
    Facts {
        name: "Cramp Diary",
        version: VERSION,
        version_line: format!("Cramp Diary version {VERSION}"),
        diary_path: db_path.display().to_string(),
        backups_folder: backups.display().to_string(),
        data_folder: data.as_ref().map(|d| d.display().to_string()),
        sections: sections(db_path, &backups, data.as_deref()),
        fonts: vec![FontLicence {
            name: "DejaVu Sans",
            used_for: "the letters on every page, in the charts and in the PDF summaries",
            licence: licence_names(FONT_LICENCE_TEXT),
            text: FONT_LICENCE_TEXT,
        }],
        licence_words: LicenceWords {
            title: "Licences",
            intro: concat!(
                "Cramp Diary is free software under the ",
                env!("CARGO_PKG_LICENSE"),
                " licence. It is built from many smaller parts made by other people, each with its own \
                 licence. The list of those parts is made from the program itself, so it is complete."
            ),
            fonts_title: "The letters (font)",
            licence_label: "Licence",
            font_text_summary: "Read the font's licence",
            parts_title: "The parts Cramp Diary is built from",
            parts_summary: "Every part and its licence",
            texts_summary: "The full text of each licence",
            used_by: "Used by",
        },
        report_button: "Save a problem report…",
    }
}

/// The licence of the files themselves in a Debian-style copyright file: the `License:` of
/// its `Files: *` stanza (later stanzas cover the packaging, not the font).
fn licence_names(text: &str) -> String {
    let stanza = text.split("\n\n").find(|s| s.lines().any(|l| l.trim() == "Files: *")).unwrap_or(text);
    stanza.lines().find_map(|l| l.strip_prefix("License:")).map_or_else(String::new, |l| l.trim().to_string())
}

fn sections(db: &Path, backups: &Path, data: Option<&Path>) -> Vec<Section> {
    let p = |s: &str| s.to_string();
    let hidden = if backups.to_string_lossy().contains("/.") {
        " A folder on the way to it has a name that starts with a dot, so the file manager hides it at \
         first: press Ctrl+H to show hidden folders, or press Ctrl+L and type the whole path."
    } else {
        ""
    };
    let mut where_ = vec![
        format!("Your diary is one file on this computer: {}.", db.display()),
        format!("Its backups are kept in the folder {}.{hidden}", backups.display()),
    ];
    if let Some(d) = data.filter(|d| Some(*d) != db.parent()) {
        where_.push(format!(
            "Cramp Diary's usual folder is {}; this diary is somewhere else because the CRAMP_DIARY_DB setting says so.",
            d.display()
        ));
    }
    where_.push(p(
        "Nothing is ever sent over the internet: the diary stays on this computer unless you copy it yourself.",
    ));
    vec![
        Section { id: "where", title: p("Where your diary is kept"), paragraphs: where_, steps: vec![] },
        Section {
            id: "backups",
            title: p("What a backup is"),
            paragraphs: vec![
                p("A backup is a complete copy of your diary at one moment. Cramp Diary makes one by itself \
                   each day you open it, and keeps the recent ones. You can make one at any time on the \
                   Backups page with “Back up now”."),
                p("These copies are on the same disk as your diary. If the computer breaks or is lost, they \
                   are lost with it. So now and then copy one to a USB stick or another disk, as below."),
            ],
            steps: vec![],
        },
        Section {
            id: "copy",
            title: p("Copy a backup to a USB stick or another disk"),
            paragraphs: vec![],
            steps: vec![
                p("Open the Backups page and press “Back up now”."),
                p("Put the USB stick into the computer (or connect the other disk)."),
                format!(
                    "Open the Files program (the file manager) and go to the folder {}.{hidden}",
                    backups.display()
                ),
                p("The newest copy made by you is named “manual-” followed by today's date and time, and ends in .db."),
                p("Copy that file onto the USB stick: drag it onto the stick's name in the side bar, or right-click \
                   it, choose Copy, open the stick and choose Paste."),
                p("Before you pull the stick out, press the eject button next to its name and wait until it \
                   disappears."),
            ],
        },
        Section {
            id: "restore",
            title: p("Bring back a copy from a USB stick"),
            paragraphs: vec![p(
                "Your diary as it is now is copied first, so bringing back an older copy can be undone.",
            )],
            steps: vec![
                format!("Copy the file from the stick into the folder {}.", backups.display()),
                p("Open the Backups page: the copy is listed there by its date."),
                p("Press “Bring back” beside it and confirm. Cramp Diary checks the whole file first and does \
                   not change anything if the file is damaged."),
            ],
        },
        Section {
            id: "report",
            title: p("If something goes wrong"),
            paragraphs: vec![
                p("Press “Save a problem report…” below and choose where to put the file, for example a USB \
                   stick. It says which version of Cramp Diary this is, which computer system it runs on, \
                   where the diary is kept and any problems the app noticed since it started. It holds \
                   nothing you wrote in your diary: no nights, cramps, medicines, notes or conditions. It is \
                   a plain text file, so you can open it and read it first."),
                p("Give the file to the person who helps you with your computer, or to the people who gave \
                   you Cramp Diary, together with a few words on what you were doing and what went wrong. \
                   Cramp Diary itself never sends anything anywhere."),
            ],
            steps: vec![],
        },
    ]
}

/// What the problem report says about the computer (gathered by [`Environment::detect`]).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Environment {
    /// The system's name (`PRETTY_NAME` of /etc/os-release), e.g. "Debian GNU/Linux 12 (bookworm)".
    pub system: Option<String>,
    /// The kernel release.
    pub kernel: Option<String>,
    /// `XDG_CURRENT_DESKTOP`, e.g. "GNOME".
    pub desktop: Option<String>,
    /// `XDG_SESSION_TYPE` (x11, wayland).
    pub session: Option<String>,
    /// The web view's version (WebKitGTK on Linux), from the app.
    pub webview: Option<String>,
    /// The processor family (`x86_64`, `aarch64`).
    pub arch: &'static str,
}

impl Environment {
    /// Reads what this computer says about itself; `webview` comes from the app's shell.
    pub fn detect(webview: Option<String>) -> Self {
        let env = |k: &str| std::env::var(k).ok().map(|v| v.trim().to_string()).filter(|v| !v.is_empty());
        let system = std::fs::read_to_string("/etc/os-release").ok().and_then(|t| os_release_name(&t));
        let kernel = std::fs::read_to_string("/proc/sys/kernel/osrelease").ok().map(|k| k.trim().to_string());
        Environment {
            system: system.or_else(|| Some(std::env::consts::OS.to_string())),
            kernel: kernel.filter(|k| !k.is_empty()),
            desktop: env("XDG_CURRENT_DESKTOP"),
            session: env("XDG_SESSION_TYPE"),
            webview,
            arch: std::env::consts::ARCH,
        }
    }
}

/// `PRETTY_NAME` (else `NAME`) of an os-release file, unquoted.
fn os_release_name(text: &str) -> Option<String> {
    let get = |key: &str| {
        text.lines()
            .find_map(|l| l.strip_prefix(key)?.strip_prefix('='))
            .map(|v| v.trim().trim_matches('"').trim_matches('\'').to_string())
            .filter(|v| !v.is_empty())
    };
    get("PRETTY_NAME").or_else(|| get("NAME"))
}

/// How the diary file is, for the report: never anything it holds.
#[derive(Debug, Clone, PartialEq)]
pub enum DiaryState {
    /// It is open, at this schema version.
    Open {
        /// `PRAGMA user_version`.
        schema_version: i64,
    },
    /// It could not be opened: the app's own message (about the file, never its contents).
    NotOpened(String),
}

impl DiaryState {
    /// The state of the app's diary: open (with its schema version) or the reason it is not.
    pub fn of(store: std::result::Result<&crate::Store, &Error>) -> Self {
        match store {
            Ok(s) => match s.read(crate::schema::version) {
                Ok(v) => DiaryState::Open { schema_version: v },
                Err(e) => DiaryState::NotOpened(format!("its schema version cannot be read: {e}")),
            },
            Err(e) => DiaryState::NotOpened(e.to_string()),
        }
    }
}

/// The problem report's default file name, e.g. `cramp-diary-problem-report-2026-11-23-0830.txt`.
pub fn report_file_name(now: DateTime<FixedOffset>) -> String {
    format!("cramp-diary-problem-report-{}.txt", now.format("%Y-%m-%d-%H%M"))
}

/// The problem report: the version, the computer, the paths, the diary file's state (never
/// its contents), the backups (file names, dates, and why any cannot be used) and the
/// problems the app noticed since it started.
pub fn problem_report(
    db_path: &Path,
    env: &Environment,
    diary: &DiaryState,
    problems: &[String],
    now: DateTime<FixedOffset>,
) -> String {
    let f = facts(db_path);
    let unknown = || "not known".to_string();
    let mut out = String::new();
    let mut line = |k: &str, v: &str| out.push_str(&format!("{k}: {v}\n"));
    line("Cramp Diary problem report", &now.format("%Y-%m-%d %H:%M %:z").to_string());
    line("Version", VERSION);
    line("System", &env.system.clone().unwrap_or_else(unknown));
    line("Kernel", &env.kernel.clone().unwrap_or_else(unknown));
    line("Processor", env.arch);
    line("Desktop", &env.desktop.clone().unwrap_or_else(unknown));
    line("Session", &env.session.clone().unwrap_or_else(unknown));
    line("Web view (WebKitGTK)", &env.webview.clone().unwrap_or_else(unknown));
    line("Diary file", &f.diary_path);
    let size = std::fs::metadata(db_path).map(|m| format!("{} bytes", m.len()));
    line("Diary file size", &size.unwrap_or_else(|e| format!("cannot be read ({e})")));
    match diary {
        DiaryState::Open { schema_version } => line("Diary opened", &format!("yes, schema version {schema_version}")),
        DiaryState::NotOpened(why) => line("Diary opened", &format!("no: {why}")),
    }
    line("Backups folder", &f.backups_folder);
    line("Usual data folder", &f.data_folder.clone().unwrap_or_else(unknown));
    match backup::list(db_path) {
        Ok(list) => {
            line("Backups", &list.len().to_string());
            for b in &list {
                let state =
                    b.problem.as_deref().map_or("can be brought back".to_string(), |p| format!("cannot be used: {p}"));
                out.push_str(&format!("  {} ({}, {}, {} bytes): {state}\n", b.file_name, b.date, b.kind, b.bytes));
            }
        }
        Err(e) => line("Backups", &format!("cannot be listed: {e}")),
    }
    if problems.is_empty() {
        out.push_str("Problems noticed since the app started: none\n");
    } else {
        out.push_str("Problems noticed since the app started:\n");
        for p in problems {
            out.push_str(&format!("  - {p}\n"));
        }
    }
    out.push_str(
        "\nThis report holds nothing written in the diary: no nights, cramps, medicines, notes or conditions.\n",
    );
    out
}

/// Writes `text` to `dest` in one go, readable by the owner only (0600).
pub fn save_problem_report(dest: &Path, text: &str) -> Result<()> {
    crate::files::write_private(dest, text.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn os_release_names_are_read_unquoted() {
        let t = "NAME=\"Debian GNU/Linux\"\nPRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\n";
        assert_eq!(os_release_name(t).as_deref(), Some("Debian GNU/Linux 12 (bookworm)"));
        assert_eq!(os_release_name("NAME=Fedora\n").as_deref(), Some("Fedora"));
        assert_eq!(os_release_name("ID=x\n"), None);
    }

    #[test]
    fn the_font_licence_is_named_from_its_file() {
        assert_eq!(licence_names(FONT_LICENCE_TEXT), "bitstream-vera");
    }

    #[test]
    fn the_report_names_the_computer_the_places_and_the_problems_in_lines() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("diary.db");
        let env = Environment {
            system: Some("Debian GNU/Linux 12 (bookworm)".into()),
            kernel: Some("6.1.0-13-amd64".into()),
            desktop: Some("GNOME".into()),
            session: None,
            webview: Some("2.44.2".into()),
            arch: "x86_64",
        };
        let now = chrono::DateTime::parse_from_rfc3339("2026-11-23T08:30:00+01:00").unwrap();
        let problems = ["the daily backup failed: disk full".to_string()];
        let text = problem_report(&db, &env, &DiaryState::NotOpened("the file is damaged".into()), &problems, now);
        for line in [
            "Cramp Diary problem report: 2026-11-23 08:30 +01:00\n",
            &format!("Version: {VERSION}\n"),
            "System: Debian GNU/Linux 12 (bookworm)\n",
            "Web view (WebKitGTK): 2.44.2\n",
            "Session: not known\n",
            &format!("Diary file: {}\n", db.display()),
            "Diary opened: no: the file is damaged\n",
            &format!("Backups folder: {}\n", dir.path().join("backups").display()),
            "Backups: 0\n",
            "  - the daily backup failed: disk full\n",
        ] {
            assert!(text.contains(line), "{line:?} is missing from:\n{text}");
        }
        assert_eq!(report_file_name(now), "cramp-diary-problem-report-2026-11-23-0830.txt");
    }
}
