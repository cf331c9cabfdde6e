// Included by build.rs (app manifest) and lib.rs (tests): the one list of the app's commands.
// Every entry needs a `#[tauri::command]` in src/commands.rs and `allow-<name>` in capabilities/default.json.
&[
    "status",
    "night",
    "save_night",
    "add_episode",
    "delete_night",
    "history",
    "day",
    "add_fluid",
    "remove_fluid",
    "update_day",
    "courses",
    "add_course",
    "stop_course",
    "change_dose",
    "delete_course",
    "about",
    "add_condition",
    "delete_condition",
    "set_profile",
    "load_sample",
]
