//! The commands the UI calls, one file per area: each a few lines over the core.
//!
//! All touch the database, so all run off the main thread (`async`). Errors are the
//! core's own `Error`, which crosses IPC as `{kind, message, fields}`.

mod backups;
mod courses;
mod days;
mod diary;
mod export;
mod insights;
mod nights;
mod trial;

use tauri::Runtime;

pub(crate) use backups::auto_backup;

type Res<T> = Result<T, cramp_diary::Error>;

/// The invoke handler listing every command.
pub(crate) fn handler<R: Runtime>() -> impl Fn(tauri::ipc::Invoke<R>) -> bool + Send + Sync + 'static {
    tauri::generate_handler![
        diary::status,
        nights::night,
        nights::save_night,
        nights::add_episode,
        nights::delete_night,
        nights::undelete_night,
        nights::reminder_answers,
        nights::dismiss_reminder_answer,
        nights::undo_reminder_answer,
        nights::history,
        days::day,
        days::add_fluid,
        days::add_drink,
        days::remove_fluid,
        days::update_day,
        courses::courses,
        courses::add_course,
        courses::stop_course,
        courses::change_dose,
        courses::delete_course,
        diary::about,
        diary::add_condition,
        diary::delete_condition,
        diary::set_profile,
        diary::save_settings,
        diary::load_sample,
        insights::analyze,
        insights::red_flags,
        insights::chart,
        export::export,
        backups::backups,
        backups::back_up_now,
        backups::restore_backup,
        trial::trial_catalogue,
        trial::trial_plan,
        trial::trial_current,
        trial::trial_done,
        trial::trial_stop,
        courses::safety_notes,
        export::about_app,
        export::problem_report,
    ]
}
