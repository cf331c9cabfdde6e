//! Export: a request (format, period, paper, name, birth date, and for a prescriber plan its
//! medicine) gives the bytes or tables, a suggested file name and, once written, the sentence
//! that says what was written. The app asks where with its save dialog, the CLI takes `--out`;
//! the rules and the words are these, for both.

use std::path::Path;

use crate::analysis::{analyze_styled, AnalysisOptions};
use crate::domain::string_enum;
use crate::locale::DateStyle;
use crate::report::{self, DateRange, Paper, PatientInfo};
use crate::store::Store;
use crate::trial::prescriber::PlanRequest;
use crate::words::count;
use crate::{files, interchange, validate, Error, Result};

string_enum!(
    /// What an export writes.
    ExportFormat {
        Pdf => "pdf", Csv => "csv", Fhir => "fhir", Json => "json", PrescriberPlan => "prescriber_plan",
    }
);

/// What to export.
#[derive(Debug, Clone)]
pub struct ExportRequest {
    /// The format.
    pub format: ExportFormat,
    /// The nights included (pdf, csv, fhir; each end defaults to the diary's own).
    pub range: DateRange,
    /// Paper of the PDFs.
    pub paper: Paper,
    /// Name and birth date, only when the user gives them.
    pub patient: PatientInfo,
    /// The prescriber plan (with [`ExportFormat::PrescriberPlan`] only).
    pub plan: Option<PlanRequest>,
}

impl ExportRequest {
    /// A request for `format` with every other choice left at its default.
    pub fn new(format: ExportFormat) -> Self {
        ExportRequest {
            format,
            range: DateRange::default(),
            paper: Paper::A4,
            patient: PatientInfo::default(),
            plan: None,
        }
    }
}

/// The written form: one file, or a folder of tables.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Content {
    /// One file's bytes.
    File(Vec<u8>),
    /// File name → text, for one new folder.
    Folder(Vec<(&'static str, String)>),
}

/// What was written, for the sentence that says so.
#[derive(Debug, Clone)]
enum Written {
    Pdf { from: chrono::NaiveDate, to: chrono::NaiveDate, paper: Paper },
    Csv(String),
    Fhir(usize),
    Json(u64),
    Plan { medicine: String, seed: u64 },
}

/// An export made and checked, not yet written anywhere.
#[derive(Debug, Clone)]
pub struct Export {
    /// The format.
    pub format: ExportFormat,
    /// A file (or, for CSV, folder) name to offer: `cramp-diary-<today>…`.
    pub suggested_name: String,
    /// The bytes or tables.
    pub content: Content,
    written: Written,
}

/// Refuses a request the diary cannot answer, naming the field: a backwards period, a period
/// on a whole-diary JSON copy, or a name that is blank, too long or holds control characters.
pub fn check(req: &ExportRequest) -> Result<()> {
    super::check_period(req.range.from, req.range.to)?;
    if req.format == ExportFormat::Json && (req.range.from.is_some() || req.range.to.is_some()) {
        return Err(Error::invalid(
            "from",
            "",
            "a JSON copy is always the whole diary; choose pdf, csv or fhir for a period",
        ));
    }
    if let Some(name) = &req.patient.name {
        if name.chars().all(validate::invisible) || name.chars().count() > 200 {
            return Err(Error::invalid("name", name, "must be between 1 and 200 characters"));
        }
        if let Some((at, rule)) = validate::first_forbidden(name) {
            return Err(Error::invalid("name", at, rule));
        }
    }
    if req.format == ExportFormat::PrescriberPlan && req.plan.is_none() {
        return Err(Error::invalid("medicine", "", "is needed for a prescriber plan"));
    }
    Ok(())
}

/// Checks the request and makes the export from the diary in `store`; `style` is how the
/// PDFs' body writes dates (their appendix, the CSV, FHIR and JSON are always ISO).
pub fn prepare(store: &Store, req: &ExportRequest, style: DateStyle) -> Result<Export> {
    check(req)?;
    let today = store.today();
    let file = |suffix: &str| format!("cramp-diary-{today}{suffix}");
    let (suggested_name, content, written) = match req.format {
        ExportFormat::Pdf => {
            let diary = store.load()?;
            let opts = report::pdf::PdfOptions {
                paper: req.paper,
                patient: req.patient.clone(),
                generated: Some(today),
                style,
            };
            let options = AnalysisOptions { from: req.range.from, to: req.range.to };
            let analysis = analyze_styled(&diary, today, &options, style);
            let bytes = report::pdf::render_with(&diary, &analysis, &opts)?;
            let (from, to) = (analysis.period.from, analysis.period.to);
            (file(".pdf"), Content::File(bytes), Written::Pdf { from, to, paper: req.paper })
        }
        ExportFormat::Csv => {
            let tables = report::csv::tables(&store.load()?, req.range);
            let said = report::csv::describe(&tables);
            (file("-csv"), Content::Folder(tables), Written::Csv(said))
        }
        ExportFormat::Fhir => {
            let bundle = report::fhir::bundle(&store.load()?, req.range, &req.patient, store.now());
            let n = bundle["entry"].as_array().map_or(0, |e| e.len());
            let text = serde_json::to_string_pretty(&bundle).expect("the bundle serializes");
            (file("-fhir.json"), Content::File(text.into_bytes()), Written::Fhir(n))
        }
        ExportFormat::Json => {
            let nights = store.counts()?.nights;
            (file(".json"), Content::File(interchange::export(store)?.into_bytes()), Written::Json(nights))
        }
        ExportFormat::PrescriberPlan => {
            let plan_req = req.plan.as_ref().expect("checked above");
            let plan = crate::trial::prescriber::plan(plan_req, &store.load()?, today)?;
            let opts = report::prescriber::PlanOptions {
                paper: req.paper,
                patient: req.patient.clone(),
                prepared: Some(today),
                style,
            };
            let bytes = report::prescriber::render(&plan, &opts)?;
            let written = Written::Plan { medicine: plan.medicine.clone(), seed: plan.seed };
            (format!("cramp-diary-prescriber-plan-{today}.pdf"), Content::File(bytes), written)
        }
    };
    Ok(Export { format: req.format, suggested_name, content, written })
}

impl Export {
    /// Whether it is written as a folder (the CSV tables).
    pub fn is_folder(&self) -> bool {
        matches!(self.content, Content::Folder(_))
    }

    /// The file's type for a save dialog (name, extension); `None` for a folder.
    pub fn file_type(&self) -> Option<(&'static str, &'static str)> {
        match self.format {
            ExportFormat::Csv => None,
            ExportFormat::Fhir => Some(("FHIR JSON", "json")),
            ExportFormat::Json => Some(("JSON", "json")),
            ExportFormat::Pdf | ExportFormat::PrescriberPlan => Some(("PDF", "pdf")),
        }
    }

    /// Writes it to `dest`, readable only by its owner: the file, or the folder (made if
    /// needed) with one file per table, each replaced whole.
    pub fn write_to(&self, dest: &Path) -> Result<()> {
        match &self.content {
            Content::File(bytes) => files::write_private(dest, bytes),
            Content::Folder(tables) => {
                std::fs::create_dir_all(dest)
                    .map_err(|e| Error::Io(format!("could not create the folder {}: {e}", dest.display())))?;
                tables.iter().try_for_each(|(name, text)| files::write_private(&dest.join(name), text.as_bytes()))
            }
        }
    }

    /// What was written, in one sentence, with its dates in `style` and, when given, the place.
    pub fn said(&self, style: DateStyle, place: Option<&Path>) -> String {
        let what = match &self.written {
            Written::Pdf { from, to, paper } => format!(
                "Wrote the doctor-visit summary for {} to {} ({paper}) as a PDF",
                style.date(*from),
                style.date(*to)
            ),
            Written::Csv(tables) => format!("Wrote {tables} as CSV tables"),
            Written::Fhir(n) => format!("Wrote a FHIR R4 bundle of {}", count(*n, "resource", "resources")),
            Written::Json(n) => format!("Exported the whole diary ({}) as JSON", count(*n as usize, "night", "nights")),
            Written::Plan { medicine, seed } => {
                format!("Wrote a plan to take to your prescriber, for a trial of {medicine} (seed {seed}), as a PDF")
            }
        };
        match place {
            Some(p) => format!("{what} to {}.", p.display()),
            None => format!("{what}."),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{Night, NightStatus};
    use chrono::NaiveDate;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn refused_field(req: &ExportRequest) -> String {
        match check(req) {
            Err(Error::Invalid(p)) => p[0].field.clone(),
            other => panic!("refused, not {other:?}"),
        }
    }

    fn store() -> (tempfile::TempDir, Store) {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(dir.path().join("diary.db")).unwrap().with_today(d("2026-11-24"));
        store.save_night(&Night::new(d("2026-11-22"), NightStatus::None)).unwrap();
        store.save_night(&Night::new(d("2026-11-23"), NightStatus::Cramps)).unwrap();
        (dir, store)
    }

    #[test]
    fn one_rule_for_every_shell_names_the_field() {
        let mut r = ExportRequest::new(ExportFormat::Pdf);
        r.range = DateRange { from: Some(d("2026-05-02")), to: Some(d("2026-05-01")) };
        assert_eq!(refused_field(&r), "from");
        let mut r = ExportRequest::new(ExportFormat::Json);
        r.range.to = Some(d("2026-05-01"));
        assert_eq!(refused_field(&r), "from", "a JSON copy has no period");
        for bad in ["", "  ", "\u{200B}\u{FEFF}", "Ada\u{1b}[2J"] {
            let mut r = ExportRequest::new(ExportFormat::Fhir);
            r.patient.name = Some(bad.into());
            assert_eq!(refused_field(&r), "name", "{bad:?}");
        }
        let mut r = ExportRequest::new(ExportFormat::Pdf);
        r.patient.name = Some("x".repeat(201));
        assert_eq!(refused_field(&r), "name");
        r.patient.name = Some("Ann Example".into());
        assert!(check(&r).is_ok());
        assert_eq!(refused_field(&ExportRequest::new(ExportFormat::PrescriberPlan)), "medicine");
    }

    #[test]
    fn each_format_is_made_named_by_today_and_said_in_words() {
        let (dir, store) = store();
        let make = |f| prepare(&store, &ExportRequest::new(f), DateStyle::ISO).unwrap();
        let pdf = make(ExportFormat::Pdf);
        assert_eq!(pdf.suggested_name, "cramp-diary-2026-11-24.pdf");
        assert!(matches!(&pdf.content, Content::File(b) if b.starts_with(b"%PDF")));
        assert_eq!(
            pdf.said(DateStyle::ISO, None),
            "Wrote the doctor-visit summary for 2026-11-22 to 2026-11-23 (a4) as a PDF."
        );
        let csv = make(ExportFormat::Csv);
        assert!(csv.is_folder() && csv.suggested_name == "cramp-diary-2026-11-24-csv");
        let folder = dir.path().join("tables");
        csv.write_to(&folder).unwrap();
        let nights = std::fs::read_to_string(folder.join("nights.csv")).unwrap();
        assert!(nights.contains("2026-11-22") && nights.contains("2026-11-23"), "{nights}");
        let json = make(ExportFormat::Json);
        let place = dir.path().join("copy.json");
        json.write_to(&place).unwrap();
        assert_eq!(
            json.said(DateStyle::ISO, Some(&place)),
            format!("Exported the whole diary (2 nights) as JSON to {}.", place.display())
        );
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            assert_eq!(std::fs::metadata(&place).unwrap().permissions().mode() & 0o777, 0o600);
        }
        let fhir = make(ExportFormat::Fhir);
        assert!(
            fhir.suggested_name.ends_with("-fhir.json")
                && fhir.said(DateStyle::ISO, None).starts_with("Wrote a FHIR R4 bundle of ")
        );
    }

    #[test]
    fn the_pdf_sentence_follows_the_date_style() {
        let (_dir, store) = store();
        let pdf = prepare(&store, &ExportRequest::new(ExportFormat::Pdf), DateStyle::DEFAULT).unwrap();
        assert!(
            pdf.said(DateStyle::DEFAULT, None).contains("for 22 November 2026 to 23 November 2026"),
            "{}",
            pdf.said(DateStyle::DEFAULT, None)
        );
    }
}
