//! Export, the problem report and the About page: files the user asks for, saved where they choose.

use super::Res;
use crate::AppState;
use chrono::NaiveDate;
use cramp_diary::report::Paper;
use cramp_diary::trial::prescriber::PlanRequest;
use cramp_diary::usecase::export::{self, ExportFormat};
use cramp_diary::validate::parse;
use cramp_diary::Error;
use serde::{Deserialize, Serialize};
use tauri::{AppHandle, Runtime, State};

/// What to export, as the Export page sends it.
#[derive(Debug, Deserialize)]
pub struct ExportRequest {
    /// `pdf`, `csv`, `fhir`, `json` or `prescriber_plan`.
    format: String,
    #[serde(default)]
    from: Option<NaiveDate>,
    #[serde(default)]
    to: Option<NaiveDate>,
    /// `a4` or `letter` (the PDFs only).
    #[serde(default)]
    paper: Option<String>,
    #[serde(default)]
    name: Option<String>,
    #[serde(default)]
    birth_date: Option<NaiveDate>,
    /// The medicine (`prescriber_plan` only).
    #[serde(default)]
    medicine: Option<String>,
}

/// Where an export went.
#[derive(Debug, Serialize)]
pub struct Exported {
    /// The file (or, for CSV, the folder) written; `None` when the user cancelled.
    pub path: Option<String>,
    /// What was written, in words.
    pub message: String,
}

impl Exported {
    /// The person cancelled the dialog.
    fn nothing() -> Self {
        Exported { path: None, message: "Nothing was saved.".into() }
    }
}

/// Writes a PDF summary, CSV tables, a FHIR bundle, the whole diary as JSON, or the plan of a
/// medicine trial to take to the prescriber (PDF). It is made and checked first; the place is
/// then chosen here, in Rust, with the system's save dialog: no path ever comes from the page.
#[tauri::command(async)]
pub(crate) fn export<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    request: ExportRequest,
) -> Res<Exported> {
    let r = request;
    let format: ExportFormat = parse("format", &r.format)?;
    let req = export::ExportRequest {
        range: cramp_diary::report::DateRange { from: r.from, to: r.to },
        paper: r.paper.map_or(Ok(Paper::A4), |p| parse("paper", &p))?,
        patient: cramp_diary::report::PatientInfo { name: r.name, birth_date: r.birth_date },
        plan: (format == ExportFormat::PrescriberPlan)
            .then(|| PlanRequest::new(r.medicine.unwrap_or_default(), cramp_diary::usecase::fresh_seed())),
        ..export::ExportRequest::new(format)
    };
    let (made, style) = {
        let s = state.store()?;
        let style = state.date_style(&s)?;
        (export::prepare(&s, &req, style)?, style)
    };
    let Some(dest) = place(&app, &state, &made.suggested_name, made.file_type())? else {
        return Ok(Exported::nothing());
    };
    made.write_to(&dest)?;
    Ok(Exported { path: Some(dest.display().to_string()), message: made.said(style, None) })
}

/// Where to save `name`: in the tests' export folder when one is set, else where the person
/// picks with the system dialog, a file of type `filter` (name, extension), or with `None` a
/// new folder `name` inside the one picked. `None` if they cancelled.
fn place<R: Runtime>(
    app: &AppHandle<R>,
    state: &AppState,
    name: &str,
    filter: Option<(&str, &str)>,
) -> Res<Option<std::path::PathBuf>> {
    use tauri::Manager;
    use tauri_plugin_dialog::DialogExt;
    if let Some(dir) = &state.export_dir {
        return Ok(Some(dir.join(name)));
    }
    if app.try_state::<tauri_plugin_dialog::Dialog<R>>().is_none() {
        return Err(Error::Io("the save dialog is not available".into()));
    }
    let dialog = app.dialog().file();
    let picked = match filter {
        None => dialog.set_title("Choose a folder for the tables").blocking_pick_folder(),
        Some((what, ext)) => {
            dialog.set_title("Save as").set_file_name(name).add_filter(what, &[ext]).blocking_save_file()
        }
    };
    match picked {
        None => Ok(None),
        Some(p) => {
            let p = p.into_path().map_err(|e| Error::Io(format!("could not use that place: {e}")))?;
            // The tables: a new folder inside the chosen one, so they stay together.
            Ok(Some(if filter.is_none() { p.join(name) } else { p }))
        }
    }
}

/// The About page: version, where the diary and its backups are, and its words.
#[tauri::command(async)]
pub(crate) fn about_app(state: State<'_, AppState>) -> Res<cramp_diary::about::Facts> {
    Ok(cramp_diary::about::facts(state.path()?))
}

/// Saves a problem report (version, system, paths, the diary file's state and the problems
/// noticed since the start; never the diary's contents) where the user chooses.
#[tauri::command(async)]
pub(crate) fn problem_report<R: Runtime>(app: AppHandle<R>, state: State<'_, AppState>) -> Res<Exported> {
    use cramp_diary::about;
    let (db, now) = (state.path()?, cramp_diary::clock::now());
    let name = about::report_file_name(now);
    let Some(dest) = place(&app, &state, &name, Some(("Text", "txt")))? else {
        return Ok(Exported::nothing());
    };
    let diary = about::DiaryState::of(state.store().as_deref());
    let env = about::Environment::detect(tauri::webview_version().ok());
    about::save_problem_report(&dest, &about::problem_report(db, &env, &diary, &state.problems(), now))?;
    Ok(Exported {
        path: Some(dest.display().to_string()),
        message: format!("Saved the problem report as {}.", dest.display()),
    })
}
