//! The invariants ARCHITECTURE.md states, checked on the source where a check can be
//! written: the store does not reach into interchange, the shells keep no rules or names
//! of their own, each app command stays a few lines, the PDF does no arithmetic, and no test
//! skips itself.

use std::path::{Path, PathBuf};

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Every `.rs` or `.js` file below `dir` (or the one file `dir`), with its text.
fn sources(dir: &str) -> Vec<(PathBuf, String)> {
    let mut out = Vec::new();
    let mut stack = vec![root().join(dir)];
    if stack[0].is_file() {
        let text = std::fs::read_to_string(&stack[0]).unwrap();
        return vec![(stack.remove(0), text)];
    }
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|x| x == "rs" || x == "js") {
                let text = std::fs::read_to_string(&p).unwrap();
                out.push((p, text));
            }
        }
    }
    assert!(!out.is_empty(), "no sources under {dir}");
    out
}

fn offenders(dir: &str, needles: &[&str]) -> Vec<String> {
    let mut found = Vec::new();
    for (path, text) in sources(dir) {
        for (n, line) in text.lines().enumerate() {
            for needle in needles {
                if line.contains(needle) && !line.trim_start().starts_with("//") {
                    found.push(format!("{}:{}: {}", path.strip_prefix(root()).unwrap().display(), n + 1, line.trim()));
                }
            }
        }
    }
    found
}

#[test]
fn the_store_does_not_depend_on_interchange() {
    let found = offenders("src/store", &["interchange"]);
    assert!(found.is_empty(), "the store is below interchange, not beside it: {found:#?}");
}

#[test]
fn the_shells_name_no_files_and_check_no_periods_of_their_own() {
    for shell in ["src-tauri/src", "src/cli"] {
        let found = offenders(shell, &["\"cramp-diary-{", "must not be after", "29.57"]);
        assert!(found.is_empty(), "{shell} repeats a rule or a name of the core's use cases: {found:#?}");
    }
}

#[test]
fn the_page_converts_and_formats_no_volumes() {
    let found = offenders("ui/js", &["29.57", "ML_PER_FL_OZ", "fl oz"]);
    assert!(found.is_empty(), "volumes are converted and written by Rust (usecase::days): {found:#?}");
}

#[test]
fn every_app_command_is_a_few_lines() {
    let mut long = Vec::new();
    for (path, text) in sources("src-tauri/src/commands") {
        let lines: Vec<&str> = text.lines().collect();
        for (i, line) in lines.iter().enumerate() {
            if !line.starts_with("#[tauri::command") {
                continue;
            }
            let body = lines[i + 1..].iter().take_while(|l| **l != "}").count();
            if body > 30 {
                long.push(format!("{}:{}: {body} lines", path.display(), i + 2));
            }
        }
        assert!(lines.len() <= 300, "{} has {} lines: split it by area", path.display(), lines.len());
    }
    assert!(long.is_empty(), "commands belong in the core, the shell only calls them: {long:#?}");
}

#[test]
fn the_report_adds_up_nothing_itself() {
    let found = offenders("src/report/pdf.rs", &[".sum()", "total_ml(", "d.exertion", ".fluids"]);
    assert!(found.is_empty(), "every number the report prints comes from `analyze`: {found:#?}");
}

#[test]
fn no_test_passes_by_skipping_itself() {
    // Spelled in parts, so that this file does not find itself.
    let needles = [format!("#[{}", "ignore"), format!("{}: skipped", "missing"), format!("if !{}(", "tool")];
    let needles: Vec<&str> = needles.iter().map(String::as_str).collect();
    for dir in ["tests", "src-tauri/tests"] {
        let found = offenders(dir, &needles);
        assert!(found.is_empty(), "a test that cannot run must fail, not pass quietly: {found:#?}");
    }
}
