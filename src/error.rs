//! One typed error for the whole core; it crosses IPC as `{kind, message}`.

use std::fmt;

use serde::ser::SerializeStruct;
use serde::{Serialize, Serializer};

/// One refused value: where it is, what it was and which rule it broke.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FieldError {
    /// Path of the field, e.g. `nights[12].episodes[0].intensity` or `intensity`.
    pub field: String,
    /// The value as given (shortened when long).
    pub value: String,
    /// The rule, in plain words.
    pub rule: String,
}

impl FieldError {
    /// A refused value; long values are shortened for display.
    pub fn new(field: impl Into<String>, value: impl fmt::Display, rule: impl Into<String>) -> Self {
        let mut value = value.to_string();
        if value.chars().count() > 60 {
            value = value.chars().take(57).collect::<String>() + "...";
        }
        FieldError { field: field.into(), value, rule: rule.into() }
    }
}

impl fmt::Display for FieldError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.value.is_empty() {
            write!(f, "{}: {}", self.field, self.rule)
        } else {
            write!(f, "{}: {} (got {})", self.field, self.rule, self.value)
        }
    }
}

/// The refused values of one check: the first ones kept, the rest only counted, so that a
/// file with millions of mistakes gives a message and a list of bounded size.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Problems {
    /// The problems kept, in the order they were found.
    pub listed: Vec<FieldError>,
    /// How many more were found but not kept.
    pub more: usize,
}

impl Problems {
    /// Every problem found, kept or not.
    pub fn total(&self) -> usize {
        self.listed.len() + self.more
    }
}

impl From<Vec<FieldError>> for Problems {
    fn from(listed: Vec<FieldError>) -> Self {
        Problems { listed, more: 0 }
    }
}

impl std::ops::Deref for Problems {
    type Target = [FieldError];
    fn deref(&self) -> &[FieldError] {
        &self.listed
    }
}

impl IntoIterator for Problems {
    type Item = FieldError;
    type IntoIter = std::vec::IntoIter<FieldError>;
    fn into_iter(self) -> Self::IntoIter {
        self.listed.into_iter()
    }
}

/// Everything that can go wrong in the core.
#[derive(Debug, Clone, thiserror::Error)]
pub enum Error {
    /// Input refused; nothing was written.
    #[error("{}", list(.0))]
    Invalid(Problems),
    /// The thing asked for does not exist.
    #[error("{0}")]
    NotFound(String),
    /// The change would overwrite or duplicate existing data.
    #[error("{0}")]
    Conflict(String),
    /// Another program holds the diary file for too long.
    #[error(
        "the diary is busy in another program (the app or the command line); nothing was saved, try again in a moment"
    )]
    Busy,
    /// The file was written by a newer Cramp Diary.
    #[error("this diary file uses schema version {found}, but this version of Cramp Diary only knows up to {known}; install the newer version to open it (the file was left untouched)")]
    SchemaTooNew {
        /// Version found in the file.
        found: i64,
        /// Latest version this build knows.
        known: i64,
    },
    /// Upgrading the file's schema failed; the file was left as it was.
    #[error("the diary file could not be upgraded and was left untouched: {0}")]
    Migration(String),
    /// A document could not be read.
    #[error("{0}")]
    Format(String),
    /// A diary or backup file is damaged, incomplete or was changed outside Cramp Diary.
    #[error("{0}")]
    Damaged(String),
    /// Any other SQLite failure.
    #[error("database error: {0}")]
    Database(String),
    /// File system failure.
    #[error("{0}")]
    Io(String),
}

/// Problems spelled out in a message; `fields` carries them all.
const MAX_LISTED: usize = 50;

fn list(p: &Problems) -> String {
    match &p.listed[..] {
        [one] if p.more == 0 => one.to_string(),
        many => {
            let mut s = format!("{} problems, nothing was saved:", p.total());
            for e in many.iter().take(MAX_LISTED) {
                s.push_str("\n  ");
                s.push_str(&e.to_string());
            }
            let rest = p.total() - MAX_LISTED.min(many.len());
            if rest > 0 {
                s.push_str(&format!("\n  … and {rest} more"));
            }
            s
        }
    }
}

impl Error {
    /// A single refused field.
    pub fn invalid(field: impl Into<String>, value: impl fmt::Display, rule: impl Into<String>) -> Self {
        Error::Invalid(vec![FieldError::new(field, value, rule)].into())
    }

    /// The stable machine-readable kind.
    pub fn kind(&self) -> &'static str {
        match self {
            Error::Invalid(_) => "invalid",
            Error::NotFound(_) => "not_found",
            Error::Conflict(_) => "conflict",
            Error::Busy => "busy",
            Error::SchemaTooNew { .. } => "schema_too_new",
            Error::Migration(_) => "migration",
            Error::Format(_) => "format",
            Error::Damaged(_) => "damaged",
            Error::Database(_) => "database",
            Error::Io(_) => "io",
        }
    }
}

impl Serialize for Error {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let (fields, more): (&[FieldError], usize) = match self {
            Error::Invalid(p) => (&p.listed, p.more),
            _ => (&[], 0),
        };
        let mut st = s.serialize_struct("Error", 4)?;
        st.serialize_field("kind", self.kind())?;
        st.serialize_field("message", &self.to_string())?;
        st.serialize_field("fields", fields)?;
        st.serialize_field("more_fields", &more)?;
        st.end()
    }
}

impl From<rusqlite::Error> for Error {
    fn from(e: rusqlite::Error) -> Self {
        match e.sqlite_error_code() {
            Some(rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked) => Error::Busy,
            _ => Error::Database(e.to_string()),
        }
    }
}

impl From<std::io::Error> for Error {
    fn from(e: std::io::Error) -> Self {
        Error::Io(e.to_string())
    }
}

/// Result with the core's error.
pub type Result<T, E = Error> = std::result::Result<T, E>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serializes_as_kind_and_message() {
        let e = Error::invalid("intensity", 11, "must be between 0 and 10");
        let v = serde_json::to_value(&e).unwrap();
        assert_eq!(v["kind"], "invalid");
        assert_eq!(v["message"], "intensity: must be between 0 and 10 (got 11)");
        assert_eq!(v["fields"][0]["field"], "intensity");
        assert_eq!(serde_json::to_value(Error::Busy).unwrap()["kind"], "busy");
    }

    #[test]
    fn lists_every_problem() {
        let e = Error::Invalid(vec![FieldError::new("a", 1, "r1"), FieldError::new("b", 2, "r2")].into());
        let m = e.to_string();
        assert!(m.starts_with("2 problems") && m.contains("a: r1") && m.contains("b: r2"), "{m}");
    }
}
