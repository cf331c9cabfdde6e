//! The licences the About page shows are generated, and stay so: `ui/js/licences.js` records
//! the sha256 of the inputs it was made from (Cargo.lock, about.toml, about.hbs; cargo-about,
//! `scripts/licences.sh`), so adding or updating a crate without remaking it fails here. The bundled
//! fonts' licence is the file that came with them.
//!
//! (Here rather than in the core's tests: those run again under libfaketime, where cargo hangs.)

use std::path::Path;
use std::process::Command;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap()
}

#[test]
fn the_licences_file_was_made_from_this_cargo_lock() {
    let shipped = std::fs::read_to_string(root().join("ui/js/licences.js")).unwrap();
    let first = shipped.lines().next().unwrap_or_default();
    let recorded =
        first.strip_prefix("// Inputs (sha256 of Cargo.lock, about.toml, about.hbs): ").unwrap_or_else(|| {
            panic!("ui/js/licences.js must start with the inputs line scripts/licences.sh writes, not {first:?}")
        });
    let out = Command::new("sha256sum")
        .args(["Cargo.lock", "about.toml", "about.hbs"])
        .current_dir(root())
        .output()
        .expect("sha256sum runs");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let now: Vec<String> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| l.split_whitespace().next().unwrap().to_string())
        .collect();
    assert_eq!(
        recorded,
        now.join(" "),
        "ui/js/licences.js is stale (Cargo.lock, about.toml or about.hbs changed): run `bash scripts/licences.sh` and commit it"
    );
}

/// `{ name: "x", version: "1", licence: "MIT" }` lines of the generated file, as (name, licence).
fn crates(js: &str) -> Vec<(String, String)> {
    let field = |line: &str, key: &str| -> String {
        let rest = &line[line.find(&format!("{key}: \"")).unwrap() + key.len() + 3..];
        rest[..rest.find('"').unwrap()].to_string()
    };
    js.lines()
        .filter(|l| l.trim_start().starts_with("{ name: "))
        .map(|l| (field(l, "name"), field(l, "licence")))
        .collect()
}

#[test]
fn every_crate_of_the_build_is_listed_with_an_accepted_licence_and_its_text() {
    let js = std::fs::read_to_string(root().join("ui/js/licences.js")).unwrap();
    let listed = crates(&js);
    let lock = std::fs::read_to_string(root().join("Cargo.lock")).unwrap();
    // The crates the app and the CLI are made of are there, with the licence their authors gave.
    for (name, licence) in [
        ("cramp-diary", "MIT"),
        ("cramp-diary-app", "MIT"),
        ("rusqlite", "MIT"),
        ("tauri", "Apache-2.0 OR MIT"),
        ("krilla", "MIT OR Apache-2.0"),
        ("webkit2gtk", "MIT"),
    ] {
        assert!(
            listed.iter().any(|(n, l)| n == name && l == licence),
            "{name} ({licence}) is missing from ui/js/licences.js"
        );
    }
    // Nothing test-only (dev-dependencies) and nothing only other systems build.
    for absent in ["fantoccini", "proptest", "criterion", "windows-sys", "objc2"] {
        assert!(!listed.iter().any(|(n, _)| n == absent), "{absent} should not be listed");
    }
    // Each listed crate is in Cargo.lock; and there are as many as a real build has.
    for (n, _) in &listed {
        assert!(lock.contains(&format!("name = \"{n}\"")), "{n} is listed but not in Cargo.lock");
    }
    assert!(listed.len() > 300, "only {} crates listed", listed.len());
    // Every licence named has its text.
    assert!(js.matches("text: \"").count() >= 5, "the licence texts are in the file");
    for id in ["MIT", "Apache-2.0"] {
        assert!(js.contains(&format!("id: \"{id}\"")), "the {id} text is in the file");
    }
}

#[test]
fn the_bundled_fonts_come_with_their_licence() {
    let facts = cramp_diary::about::facts(Path::new("/tmp/diary.db"));
    for folder in ["ui/fonts", "assets/fonts"] {
        let licence = std::fs::read_to_string(root().join(folder).join("DejaVu-LICENSE.txt")).unwrap();
        assert_eq!(licence, facts.fonts[0].text, "{folder} holds the licence the page shows");
        for font in std::fs::read_dir(root().join(folder)).unwrap() {
            let name = font.unwrap().file_name().to_string_lossy().into_owned();
            if name.ends_with(".ttf") {
                assert!(name.starts_with("DejaVuSans"), "{folder}/{name} is a font without a licence on the page");
            }
        }
    }
    assert_eq!(facts.fonts[0].licence, "bitstream-vera");
    assert!(facts.fonts[0].text.contains("Bitstream Vera"));
}
