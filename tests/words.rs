//! One set of words: `ui/js/words.js` is exactly what `src/words.rs` writes, and no other
//! page module spells out a label of its own. `CRAMP_WRITE_WORDS=1` rewrites the module.

use std::path::Path;

use cramp_diary::analysis::{Direction, Tier, Verdict};
use cramp_diary::backup::BackupKind;
use cramp_diary::domain::{FluidKind, Muscle, Relief, Side, SymptomKind};
use cramp_diary::words;

fn ui_js() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("ui/js")
}

#[test]
fn the_page_module_is_generated_from_the_core() {
    let path = ui_js().join("words.js");
    let want = words::js_module();
    if std::env::var_os("CRAMP_WRITE_WORDS").is_some() {
        std::fs::write(&path, &want).unwrap();
    }
    let have = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(have == want, "ui/js/words.js is out of date: run CRAMP_WRITE_WORDS=1 cargo test --test words");
}

/// Every label of every table, as the page would spell it.
fn labels() -> Vec<&'static str> {
    let mut all: Vec<&str> = Vec::new();
    all.extend(Tier::ALL.iter().map(|&t| words::tier(t)));
    all.extend(Verdict::ALL.iter().map(|&v| words::verdict(v)));
    all.extend(Direction::ALL.iter().map(|&d| words::trend(d)));
    all.extend(Muscle::ALL.iter().map(|&m| words::muscle(m)));
    all.extend(Relief::ALL.iter().map(|&r| words::relief(r)));
    all.extend(FluidKind::ALL.iter().map(|&k| words::fluid(k)));
    all.extend(SymptomKind::ALL.iter().map(|&k| words::symptom(k)));
    all.extend(BackupKind::ALL.iter().map(|&k| words::backup(k)));
    all.extend(Side::ALL.iter().map(|&s| words::side(s)));
    // One-word labels ("Left", "Heat") also occur in ordinary sentences; the rest may not.
    all.retain(|l| l.contains(' '));
    all
}

#[test]
fn no_other_page_module_writes_its_own_labels() {
    let mut found = Vec::new();
    for entry in std::fs::read_dir(ui_js()).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        if !name.ends_with(".js") || name == "words.js" || name == "licences.js" {
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap();
        for label in labels() {
            if text.contains(&format!("'{label}'")) || text.contains(&format!("\"{label}\"")) {
                found.push(format!("{name}: '{label}'"));
            }
        }
        for number in ["29.57", "ML_PER_FL_OZ ="] {
            if text.contains(number) {
                found.push(format!("{name}: its own fl oz factor ({number})"));
            }
        }
    }
    assert!(found.is_empty(), "labels belong in src/words.rs: {found:#?}");
    assert!(labels().len() > 20, "the check looks for the multi-word labels");
}
