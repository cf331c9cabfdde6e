//! What the integration tests share: the pinned moment and its dates, and the harness that
//! runs the `cramp-diary` CLI as a real process on a diary file in a temp dir. Each test
//! file uses part of it.
#![allow(dead_code)]

pub mod diaries;
#[allow(unused_imports)]
pub use diaries::*;

use std::path::PathBuf;

use assert_cmd::cargo::cargo_bin_cmd;
use assert_cmd::Command;
use chrono::{Days, NaiveDate};
use cramp_diary::store::{Counts, Store};
use cramp_diary::Diary;
use predicates::prelude::*;
use serde_json::Value;

/// The moment every CLI run takes as now (`CRAMP_DIARY_NOW`, a local time): no test depends
/// on the date, the time zone or a run crossing midnight.
pub const NOW: &str = "2026-11-23T08:30:00";

/// Today as the CLI sees it.
pub fn today() -> NaiveDate {
    d("2026-11-23")
}

/// A date from ISO text.
pub fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

/// `n` days before [`today`].
pub fn days_ago(n: u64) -> NaiveDate {
    today().checked_sub_days(Days::new(n)).unwrap()
}

/// `n` days after [`today`].
pub fn days_ahead(n: u64) -> NaiveDate {
    today().checked_add_days(Days::new(n)).unwrap()
}

/// `cramp-diary` on this computer's own clock, ignoring the test's `CRAMP_DIARY_DB`.
pub fn unpinned() -> Command {
    let mut c = cargo_bin_cmd!("cramp-diary");
    c.env_remove("CRAMP_DIARY_DB").env_remove(cramp_diary::clock::NOW_ENV);
    c
}

/// `cramp-diary` at [`NOW`].
pub fn bare() -> Command {
    let mut c = unpinned();
    c.env(cramp_diary::clock::NOW_ENV, NOW);
    c
}

/// A diary file in its own temp dir, and the CLI run on it at [`NOW`].
pub struct Fixture {
    /// The temp dir (removed when the fixture is dropped).
    pub dir: tempfile::TempDir,
    /// The diary file in it.
    pub db: PathBuf,
    /// The locale every run gets (`LANG`), when one is pinned.
    locale: Option<&'static str>,
}

impl Fixture {
    /// An empty place for a diary (the file is made by the first command that writes).
    pub fn new() -> Self {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("diary.db");
        Fixture { dir, db, locale: None }
    }

    /// Every run in `locale` (`LANG`, with `LC_ALL` and `LC_TIME` unset).
    pub fn in_locale(mut self, locale: &'static str) -> Self {
        self.locale = Some(locale);
        self
    }

    /// The six-month sample diary, imported through the CLI.
    pub fn with_sample(self) -> Self {
        let sample = self.path("sample.json");
        self.ok(&["demo", "--out", sample.to_str().unwrap()]);
        self.ok(&["import", sample.to_str().unwrap()]);
        self
    }

    /// A file name in the temp dir.
    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// `cramp-diary --db <this file>` at [`NOW`].
    pub fn cli(&self) -> Command {
        let mut c = bare();
        if let Some(locale) = self.locale {
            c.env("LANG", locale).env_remove("LC_ALL").env_remove("LC_TIME");
        }
        c.arg("--db").arg(&self.db);
        c
    }

    /// Runs the CLI with `args` and expects success with nothing on stderr; returns stdout.
    pub fn ok(&self, args: &[&str]) -> String {
        let out = self.cli().args(args).assert().success().stderr("").get_output().stdout.clone();
        String::from_utf8(out).unwrap()
    }

    /// [`Fixture::ok`], read as JSON.
    pub fn json(&self, args: &[&str]) -> Value {
        serde_json::from_str(&self.ok(args)).unwrap()
    }

    /// Runs the CLI with `args` and expects a refusal: nothing on stdout, `error: …` on
    /// stderr. Returns stderr.
    pub fn refused(&self, args: &[&str]) -> String {
        let out = self
            .cli()
            .args(args)
            .assert()
            .failure()
            .stdout("")
            .stderr(predicate::str::starts_with("error: "))
            .get_output()
            .stderr
            .clone();
        String::from_utf8(out).unwrap()
    }

    /// The diary file opened directly, with today pinned.
    pub fn store(&self) -> Store {
        Store::open(&self.db).unwrap().with_today(today())
    }

    /// The whole diary.
    pub fn load(&self) -> Diary {
        self.store().load().unwrap()
    }

    /// How much the diary holds.
    pub fn counts(&self) -> Counts {
        self.store().counts().unwrap()
    }
}

/// The file's permission bits.
#[cfg(unix)]
pub fn mode(p: &std::path::Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(p).unwrap().permissions().mode() & 0o777
}

/// The PDF's text as poppler's `pdftotext` reads it (with `args`, e.g. `-bbox`). Fails the
/// test when poppler-utils is missing: `scripts/setup.sh` installs it.
pub fn pdftotext(path: &std::path::Path, args: &[&str]) -> String {
    let out = std::process::Command::new("pdftotext")
        .args(args)
        .arg(path)
        .arg("-")
        .output()
        .expect("pdftotext runs (poppler-utils, installed by scripts/setup.sh)");
    assert!(out.status.success(), "pdftotext failed: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

/// The PDF's page count and first page size in points, as poppler's `pdfinfo` reads them.
pub fn pdfinfo(path: &std::path::Path) -> (usize, f32, f32) {
    let out = std::process::Command::new("pdfinfo")
        .arg(path)
        .output()
        .expect("pdfinfo runs (poppler-utils, installed by scripts/setup.sh)");
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    let pages = text.lines().find_map(|l| l.strip_prefix("Pages:")).unwrap().trim().parse().unwrap();
    let size = text.lines().find_map(|l| l.strip_prefix("Page size:")).unwrap();
    let nums: Vec<f32> = size.split_whitespace().filter_map(|w| w.parse().ok()).collect();
    (pages, nums[0], nums[1])
}
