//! The licences the About page shows are generated, and stay so: making `ui/js/licences.js`
//! again from Cargo.lock (cargo-about, `scripts/licences.sh`) must give the file that is
//! checked in, so adding or updating a crate without remaking it fails here. The bundled
//! fonts' licence is the file that came with them.
//!
//! (Here rather than in the core's tests: those run again under libfaketime, where cargo hangs.)

use std::path::Path;
use std::process::Command;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap()
}

#[test]
fn the_licences_file_is_what_cargo_about_makes_from_cargo_lock() {
    let dir = tempfile::tempdir().unwrap();
    let fresh = dir.path().join("licences.js");
    let out = Command::new("bash")
        .arg(root().join("scripts/licences.sh"))
        .arg(&fresh)
        .output()
        .expect("bash runs scripts/licences.sh");
    assert!(
        out.status.success(),
        "scripts/licences.sh failed (run scripts/setup.sh to install cargo-about):\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let fresh = std::fs::read_to_string(&fresh).unwrap();
    let shipped = std::fs::read_to_string(root().join("ui/js/licences.js")).unwrap();
    assert!(
        fresh == shipped,
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
