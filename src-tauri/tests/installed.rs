//! The .deb as a user gets it: installed with apt, the installed app started from
//! /usr/bin through tauri-driver, a cramp-free night logged, the diary where the README says
//! it is (mode 0600), the CLI and its manual page on the PATH, and the diary kept when the
//! package is removed. Both packages' desktop entry and AppStream metainfo pass the
//! distributions' validators.
//!
//! Not part of `cargo test` (it installs software, so it needs root): `make test` runs it as
//! root after `make package`, through `scripts/installed-package-test.sh`, which passes the
//! packages in `CRAMP_DIARY_DEB` and `CRAMP_DIARY_RPM`.

mod support;

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use fantoccini::{ClientBuilder, Locator};
use support::*;

/// Where the installed app and CLI live.
const APP: &str = "/usr/bin/cramp-diary-app";
const CLI: &str = "/usr/bin/cramp-diary";

/// The morning the installed app believes it is, so the night it logs is known.
const NOW: &str = "2026-11-23T08:30:00";
const LAST_NIGHT: &str = "2026-11-22";

fn package(var: &str) -> PathBuf {
    let p = PathBuf::from(std::env::var_os(var).unwrap_or_else(|| panic!("{var} names the package to test")));
    assert!(p.is_file(), "{var}={} is not a file: run `make package` first", p.display());
    p.canonicalize().unwrap()
}

fn run(cmd: &mut Command) -> String {
    let out = cmd.output().unwrap_or_else(|e| panic!("{cmd:?} could not run: {e}"));
    let said = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    assert!(out.status.success(), "{cmd:?} failed ({}):\n{said}", out.status);
    said
}

fn deb_field(deb: &Path, field: &str) -> String {
    run(Command::new("dpkg-deb").args(["-f"]).arg(deb).arg(field)).trim().to_string()
}

/// Removes the package when the test ends, pass or fail, so the machine is left as it was.
struct Installed(String);

impl Drop for Installed {
    fn drop(&mut self) {
        let _ =
            Command::new("apt-get").args(["remove", "-y", &self.0]).env("DEBIAN_FRONTEND", "noninteractive").status();
    }
}

fn is_installed(name: &str) -> bool {
    Command::new("dpkg-query")
        .args(["-W", "-f", "${Status}", name])
        .output()
        .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).contains("install ok installed"))
}

/// Starts tauri-driver for the installed app with a fresh home folder and nothing pointing the
/// app at a test diary, so it uses its own default place.
fn start_driver_for_installed(display: &str, home: &Path) -> (Guard, u16) {
    let port = free_port();
    let native = free_port();
    let log = std::fs::File::create(artifacts().join("tauri-driver-installed.log")).unwrap();
    let mut cmd = Command::new(find_program("tauri-driver"));
    cmd.env("DISPLAY", display)
        .env("HOME", home)
        .env_remove("WAYLAND_DISPLAY")
        .env_remove("XDG_DATA_HOME")
        .env_remove("XDG_CONFIG_HOME")
        .env_remove("CRAMP_DIARY_DB")
        .env_remove("CRAMP_DIARY_EXPORT_DIR")
        // Never the desktop's own bus: the app starts without one, as the desktop tests show.
        .env_remove("DBUS_SESSION_BUS_ADDRESS")
        .env("XDG_RUNTIME_DIR", home.join("runtime"))
        .env("WEBKIT_DISABLE_COMPOSITING_MODE", "1")
        .env(cramp_diary::clock::NOW_ENV, NOW);
    std::fs::create_dir_all(home.join("runtime")).unwrap();
    std::fs::set_permissions(home.join("runtime"), std::fs::Permissions::from_mode(0o700)).unwrap();
    let mut guard = spawn(
        "tauri-driver",
        cmd.args(["--port", &port.to_string(), "--native-port", &native.to_string()])
            .stdout(log.try_clone().unwrap())
            .stderr(log),
    );
    wait_for_driver(&mut guard, port, "installed");
    (guard, port)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_installed_deb_logs_a_night_and_removing_it_keeps_the_diary() {
    assert_eq!(run(Command::new("id").arg("-u")).trim(), "0", "installing a package needs root");
    let deb = package("CRAMP_DIARY_DEB");
    let name = deb_field(&deb, "Package");
    assert_eq!(deb_field(&deb, "Version"), env!("CARGO_PKG_VERSION"));
    assert!(!is_installed(&name), "{name} is already installed: this test installs it itself");

    run(Command::new("apt-get")
        .args(["install", "-y", "--no-install-recommends"])
        .arg(&deb)
        .env("DEBIAN_FRONTEND", "noninteractive"));
    let installed = Installed(name.clone());
    assert!(is_installed(&name));

    // The CLI and its manual page are on the PATH.
    let version = run(Command::new("cramp-diary").arg("--version").env("PATH", "/usr/local/bin:/usr/bin:/bin"));
    assert_eq!(version.trim(), format!("cramp-diary {}", env!("CARGO_PKG_VERSION")));
    let man = run(Command::new("man").args(["-w", "cramp-diary"]).env_remove("LD_PRELOAD"));
    assert!(man.trim().starts_with("/usr/share/man/man1/cramp-diary.1"), "man -w found {man}");
    for path in [APP, CLI] {
        assert!(Path::new(path).is_file(), "{path} is installed");
    }

    // The installed app, started as the menu starts it, on a fresh home folder.
    let home = tempfile::tempdir().unwrap();
    let diary = home.path().join(".local/share/app.crampdiary.desktop/diary.db");
    let (_xvfb, display) = start_xvfb();
    let (driver, port) = start_driver_for_installed(&display, home.path());
    within(async {
        let c = ClientBuilder::native()
            .capabilities(capabilities_for(Path::new(APP)))
            .connect(&format!("http://127.0.0.1:{port}"))
            .await
            .expect("a WebDriver session with the installed app");
        c.wait().at_most(Duration::from_secs(30)).for_element(Locator::Css("#morning-title")).await.unwrap();
        wait_text(&c, "#m-logged", "Not logged yet").await;
        click(&c, "#m-none").await;
        wait_text(&c, "#m-status", "no cramps").await;
        wait_text(&c, "#m-logged", "No cramps").await;
        shot(&c, &display, "installed-01-morning-logged").await;
        c.close().await.unwrap();
    })
    .await;
    drop(driver);

    // The diary is where the README says, readable by its owner only, and holds the night.
    let mode = std::fs::metadata(&diary).unwrap_or_else(|e| panic!("no diary at {}: {e}", diary.display()));
    assert_eq!(mode.permissions().mode() & 0o777, 0o600, "{}", diary.display());
    let export = home.path().join("diary.json");
    run(Command::new(CLI).arg("--db").arg(&diary).args(["export", "--format", "json", "--out"]).arg(&export));
    let diary_json: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&export).unwrap()).unwrap();
    let nights = diary_json["nights"].as_array().unwrap();
    assert!(
        nights.len() == 1 && nights[0]["date"] == LAST_NIGHT && nights[0]["status"] == "none",
        "the diary holds the one cramp-free night logged in the installed app: {nights:?}"
    );

    // Removing the package leaves the person's diary alone.
    drop(installed);
    assert!(!is_installed(&name), "{name} was removed");
    assert!(!Path::new(APP).exists() && !Path::new(CLI).exists(), "the programs went with the package");
    assert!(diary.is_file(), "the diary is still at {} after the package is removed", diary.display());
}

/// The files both packages must hold, at these paths.
const FILES: [&str; 8] = [
    "usr/bin/cramp-diary-app",
    "usr/bin/cramp-diary",
    "usr/share/man/man1/cramp-diary.1",
    "usr/share/bash-completion/completions/cramp-diary",
    "usr/share/fish/vendor_completions.d/cramp-diary.fish",
    "usr/share/metainfo/app.crampdiary.desktop.metainfo.xml",
    "usr/share/applications/Cramp Diary.desktop",
    "usr/share/icons/hicolor/128x128/apps/cramp-diary-app.png",
];

fn check_unpacked(root: &Path, what: &str) {
    for f in FILES {
        assert!(root.join(f).is_file(), "{what} holds /{f}");
    }
    let zsh = ["usr/share/zsh/vendor-completions/_cramp-diary", "usr/share/zsh/site-functions/_cramp-diary"];
    assert!(zsh.iter().any(|f| root.join(f).is_file()), "{what} holds the zsh completion");
    let desktop = root.join("usr/share/applications/Cramp Diary.desktop");
    let said = run(Command::new("desktop-file-validate").arg(&desktop));
    assert!(!said.contains("error"), "{what}: {said}");
    let entry = std::fs::read_to_string(&desktop).unwrap();
    assert!(entry.contains("Name=Cramp Diary") && entry.contains("Exec=cramp-diary-app"), "{entry}");
    let metainfo = root.join("usr/share/metainfo/app.crampdiary.desktop.metainfo.xml");
    run(Command::new("appstreamcli").args(["validate", "--no-net"]).arg(&metainfo));
    // The metainfo's launchable names the desktop entry the package really installs.
    assert!(std::fs::read_to_string(&metainfo)
        .unwrap()
        .contains("<launchable type=\"desktop-id\">Cramp Diary.desktop</launchable>"));
}

#[test]
fn both_packages_hold_the_app_the_cli_its_manual_and_valid_desktop_files() {
    let deb = package("CRAMP_DIARY_DEB");
    let out = tempfile::tempdir().unwrap();
    run(Command::new("dpkg-deb").arg("-x").arg(&deb).arg(out.path()));
    check_unpacked(out.path(), "the .deb");

    let rpm = package("CRAMP_DIARY_RPM");
    let out = tempfile::tempdir().unwrap();
    run(Command::new("bsdtar").arg("-xf").arg(&rpm).arg("-C").arg(out.path()));
    check_unpacked(out.path(), "the .rpm");
}
