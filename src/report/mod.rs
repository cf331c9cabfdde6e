//! Doctor-visit exports: a PDF summary, CSV tables for spreadsheets and a FHIR R4 bundle.
//!
//! Every number in the PDF comes from one [`crate::analysis::Analysis`] (the same one the
//! app and `analyze` show); the CSV and FHIR exports carry the diary's own records.
//!
//! - [`pdf::render`] / [`pdf::render_with`]: the PDF (A4 or US Letter), page 1 for a
//!   clinician's minute, then every finding, fluids and exertion, conditions and an
//!   appendix of every logged night and episode.
//! - [`csv::tables`]: `nights.csv`, `episodes.csv`, `fluids.csv`, `days.csv`, `experiments.csv`,
//!   `medications.csv` (RFC 4180, CRLF line ends, ISO dates, one header row).
//! - [`fhir::bundle`]: a FHIR R4 `collection` Bundle.
//! - [`prescriber::render`]: the plan of a medicine trial to take to the prescriber.

pub mod csv;
pub mod fhir;
mod layout;
pub mod pdf;
pub mod prescriber;

use chrono::NaiveDate;

use crate::domain::{Diary, Medication};

crate::domain::string_enum!(
    /// Paper size of the PDF.
    #[derive(Default)]
    Paper {
        /// ISO A4, 210 × 297 mm.
        #[default]
        A4 => "a4",
        /// US Letter, 8.5 × 11 in.
        Letter => "letter",
    }
);

impl Paper {
    /// Width and height in PDF points (1/72 in).
    pub fn size_pt(self) -> (f32, f32) {
        match self {
            Paper::A4 => (595.28, 841.89),
            Paper::Letter => (612.0, 792.0),
        }
    }
}

/// Who the export is about: only what the user chose to include.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PatientInfo {
    /// Name, as the user typed it.
    pub name: Option<String>,
    /// Date of birth.
    pub birth_date: Option<NaiveDate>,
}

impl PatientInfo {
    /// Whether nothing identifying is included.
    pub fn is_empty(&self) -> bool {
        self.name.as_deref().is_none_or(|n| n.trim().is_empty()) && self.birth_date.is_none()
    }
}

/// Nights (and days) from..=to; an open end takes everything on that side.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct DateRange {
    /// First date included.
    pub from: Option<NaiveDate>,
    /// Last date included.
    pub to: Option<NaiveDate>,
}

impl DateRange {
    /// Whether `d` falls in the range.
    pub fn contains(&self, d: NaiveDate) -> bool {
        self.from.is_none_or(|f| f <= d) && self.to.is_none_or(|t| d <= t)
    }

    /// Whether a medication course overlaps the range.
    pub fn overlaps_course(&self, m: &Medication) -> bool {
        self.to.is_none_or(|t| m.started <= t) && self.from.is_none_or(|f| m.stopped.is_none_or(|s| s >= f))
    }
}

/// Names of the classes a medicine belongs to (documented causes of cramps), in words;
/// empty when no link is documented.
pub fn class_names(name: &str) -> Vec<&'static str> {
    crate::knowledge::medication_classes(name)
        .into_iter()
        .map(|id| crate::knowledge::cause(id).map_or(id, |c| c.name.as_str()))
        .collect()
}

/// The diary restricted to a range (nights, days; courses overlapping it; all conditions).
pub fn restrict(diary: &Diary, range: DateRange) -> Diary {
    Diary {
        profile: diary.profile.clone(),
        conditions: diary.conditions.clone(),
        medications: diary.medications.iter().filter(|m| range.overlaps_course(m)).cloned().collect(),
        nights: diary.nights.iter().filter(|n| range.contains(n.date)).cloned().collect(),
        days: diary.days.iter().filter(|d| range.contains(d.date)).cloned().collect(),
        experiments: diary.experiments.clone(),
    }
}
