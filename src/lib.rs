//! Cramp Diary core: the diary's data model, its SQLite store, the interchange format,
//! and (in later modules) the knowledge base, analysis, charts and reports.
//! Nothing here depends on Tauri; the desktop app and the CLI are thin layers over it.

pub mod about;
pub mod analysis;
pub mod backup;
pub mod calibration;
pub mod changes;
pub mod charts;
pub mod clock;
pub mod demo;
pub mod domain;
pub mod error;
pub mod files;
pub mod interchange;
pub mod knowledge;
pub mod locale;
pub mod paths;
pub mod reminder;
pub mod report;
pub mod rng;
pub mod schema;
pub mod store;
pub mod trial;
pub mod usecase;
pub mod validate;
pub mod words;

pub use domain::*;
pub use error::{Error, FieldError, Problems, Result};
pub use store::Store;
