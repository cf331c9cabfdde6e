use tauri_build::{AppManifest, Attributes};

/// The app's commands; only those allowed in `capabilities/` can be called from the UI.
const COMMANDS: &[&str] = include!("src/command_names.rs");

fn main() {
    println!("cargo:rerun-if-changed=src/command_names.rs");
    println!("cargo:rerun-if-changed=../ui");
    tauri_build::try_build(Attributes::new().app_manifest(AppManifest::new().commands(COMMANDS)))
        .expect("tauri build step failed");
}
