//! What the .deb and .rpm install beside the app, checked with the tools distributions use:
//! the desktop entry (`desktop-file-validate`), the AppStream metainfo (`appstreamcli`), the
//! manual page (`man`) and the shell completions, and the bundler's file list.

use std::path::{Path, PathBuf};
use std::process::Command;

use assert_cmd::cargo::cargo_bin_cmd;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn cli(args: &[&str]) -> String {
    let out = cargo_bin_cmd!("cramp-diary").args(args).assert().success().stderr("").get_output().stdout.clone();
    String::from_utf8(out).unwrap()
}

fn run(cmd: &mut Command) -> (bool, String) {
    let out = cmd.output().unwrap_or_else(|e| panic!("{cmd:?} could not run ({e}): scripts/setup.sh installs it"));
    (out.status.success(), format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr)))
}

fn conf() -> serde_json::Value {
    serde_json::from_str(&std::fs::read_to_string(root().join("src-tauri/tauri.conf.json")).unwrap()).unwrap()
}

#[test]
fn the_desktop_entry_as_the_bundler_fills_it_in_is_valid() {
    let template = std::fs::read_to_string(root().join("packaging/linux/desktop.hbs")).unwrap();
    let filled = template
        .replace("{{name}}", "Cramp Diary")
        .replace("{{exec}}", "cramp-diary-app")
        .replace("{{icon}}", "cramp-diary-app");
    assert!(!filled.contains("{{"), "only name, exec and icon are filled in by the bundler:\n{filled}");
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("Cramp Diary.desktop");
    std::fs::write(&file, &filled).unwrap();
    let (ok, said) = run(Command::new("desktop-file-validate").arg(&file));
    assert!(ok && !said.contains("error"), "{said}");
    for (p, _) in ["deb", "rpm"].iter().map(|k| (conf()["bundle"]["linux"][k]["desktopTemplate"].clone(), k)) {
        assert_eq!(p, "../packaging/linux/desktop.hbs");
    }
}

#[test]
fn the_appstream_metainfo_is_valid_and_names_the_app() {
    let file = root().join("packaging/linux/app.crampdiary.desktop.metainfo.xml");
    let (ok, said) = run(Command::new("appstreamcli").args(["validate", "--no-net"]).arg(&file));
    assert!(ok, "{said}");
    let text = std::fs::read_to_string(&file).unwrap();
    assert!(text.contains(&format!("<id>{}</id>", conf()["identifier"].as_str().unwrap())));
    assert!(text.contains(&format!("<release version=\"{}\"", env!("CARGO_PKG_VERSION"))));
}

#[test]
fn the_manual_page_renders_and_documents_every_command() {
    let page = cli(&["man"]);
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("cramp-diary.1");
    std::fs::write(&file, &page).unwrap();
    // `col -b` takes out the overstriking man uses for bold.
    // man-db's seccomp sandbox refuses libfaketime's calls (the moved-clock run preloads it);
    // rendering a page does not depend on the clock, so man runs without it.
    let (ok, text) = run(Command::new("sh")
        .env("MANWIDTH", "100")
        .env("MAN_DISABLE_SECCOMP", "1")
        .env_remove("LD_PRELOAD")
        .arg("-c")
        .arg("man -l \"$0\" | col -bx")
        .arg(&file));
    assert!(ok, "{text}");
    // Justified lines stretch the spaces between words.
    let text = text.replace(['\u{2010}', '\u{2011}'], "-").split_whitespace().collect::<Vec<_>>().join(" ");
    for command in [
        "import",
        "export",
        "log night",
        "log episode",
        "log fluid",
        "log day",
        "med add",
        "med stop",
        "med list",
        "demo",
        "analyze",
        "chart",
        "backup",
        "restore",
        "trial plan",
        "trial show",
        "trial done",
        "trial result",
        "trial stop",
        "completions",
    ] {
        assert!(text.contains(&format!("cramp-diary {command} ")), "the manual page lacks `{command}`:\n{text}");
    }
    assert!(text.contains(env!("CARGO_PKG_VERSION")) || text.contains("cramp-diary(1)"));
    assert!(text.contains("never uses the network") && text.contains("CRAMP_DIARY_DB"));
    assert!(!text.contains("cramp-diary man "), "the hidden `man` command stays out of the page");
}

#[test]
fn completions_cover_every_command_and_the_bash_one_parses() {
    for shell in ["bash", "zsh", "fish"] {
        let script = cli(&["completions", shell]);
        for command in ["import", "export", "log", "med", "analyze", "chart", "backup", "restore", "trial"] {
            assert!(script.contains(command), "{shell} completions lack {command}");
        }
    }
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("cramp-diary.bash");
    std::fs::write(&file, cli(&["completions", "bash"])).unwrap();
    let (ok, said) = run(Command::new("bash").arg("-n").arg(&file));
    assert!(ok, "{said}");
}

#[test]
fn the_packages_carry_the_cli_its_page_and_completions_that_the_package_script_writes() {
    let script = std::fs::read_to_string(root().join("scripts/package.sh")).unwrap();
    let c = conf();
    assert_eq!(c["bundle"]["active"], true);
    assert_eq!(c["bundle"]["targets"], serde_json::json!(["deb", "rpm"]));
    for kind in ["deb", "rpm"] {
        let files = c["bundle"]["linux"][kind]["files"].as_object().unwrap();
        assert_eq!(files["/usr/bin/cramp-diary"], "../target/package/cramp-diary", "{kind}");
        assert!(files.contains_key("/usr/share/man/man1/cramp-diary.1"), "{kind}");
        for (to, from) in files {
            let from = from.as_str().unwrap();
            let made = from.strip_prefix("../").unwrap();
            assert!(
                script.contains(made.trim_start_matches("target/release/").trim_start_matches("target/package/"))
                    || Path::new(&root().join(made)).exists(),
                "{kind}: {to} comes from {from}, which neither exists nor is written by scripts/package.sh"
            );
        }
    }
}
