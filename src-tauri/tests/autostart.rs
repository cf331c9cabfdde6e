//! `save_settings` adds and removes the login entry (an XDG autostart file on Linux) through
//! the real autostart plugin, in a home folder of the test's own.
//!
//! One test in its own binary: it points HOME at a temporary folder for the whole process.

mod support;

use serde_json::{json, Value};
use support::invoke as call;
use tauri::test::mock_builder;

fn settings(reminder_time: &str, start_at_login: bool) -> Value {
    json!({ "settings": { "reminder_enabled": true, "reminder_time": reminder_time, "start_at_login": start_at_login,
                          "evening_reminder_enabled": true, "evening_reminder_time": "21:00",
                          "text_size": "normal", "theme": "system" } })
}

#[test]
fn saving_start_at_login_adds_and_removes_the_login_entry() {
    let dir = tempfile::tempdir().unwrap();
    let home = dir.path().join("home");
    std::fs::create_dir_all(&home).unwrap();
    // The plugin writes ~/.config/autostart; the XDG default is the same folder.
    std::env::set_var("HOME", &home);
    std::env::set_var("XDG_CONFIG_HOME", home.join(".config"));
    let entry = home.join(".config/autostart/Cramp Diary.desktop");

    let db = dir.path().join("diary.db");
    let app = cramp_diary_app::builder(mock_builder(), cramp_diary_app::AppState::open(&db))
        .build(cramp_diary_app::context())
        .expect("the app builds");
    let window = tauri::WebviewWindowBuilder::new(&app, "main", Default::default()).build().unwrap();

    let saved = call(&window, "save_settings", settings("07:15", true)).expect("saved");
    assert_eq!((saved["start_at_login"].as_bool(), saved["reminder_time"].as_str()), (Some(true), Some("07:15")));
    let text = std::fs::read_to_string(&entry).expect("the login entry was written");
    let exe = std::env::current_exe().unwrap();
    assert!(text.starts_with("[Desktop Entry]"), "{text}");
    assert!(
        text.lines().any(|l| l == format!("Exec={} --hidden", exe.display())),
        "starts this program hidden: {text}"
    );

    let saved = call(&window, "save_settings", settings("07:15", false)).expect("saved");
    assert_eq!(saved["start_at_login"], false);
    assert!(!entry.exists(), "the login entry was removed");

    // When the entry cannot be written, the rest is saved and the diary keeps saying "off".
    std::fs::remove_dir(home.join(".config/autostart")).unwrap();
    std::fs::write(home.join(".config/autostart"), "a file where the folder should be").unwrap();
    let e = call(&window, "save_settings", settings("06:45", true)).expect_err("refused");
    assert_eq!(e["kind"], "io", "{e}");
    assert!(e["message"].as_str().unwrap().contains("could not set Cramp Diary to start when you log in"), "{e}");
    let status = call(&window, "status", json!({})).unwrap();
    assert_eq!(status["settings"]["start_at_login"], false, "{status}");
    assert_eq!(status["settings"]["reminder_time"], "06:45", "the other settings were saved: {status}");
}
