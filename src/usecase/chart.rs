//! A chart for a period, as the Trends page and `cramp-diary chart` draw it.

use chrono::NaiveDate;

use crate::analysis::{analyze_styled, AnalysisOptions};
use crate::charts::ChartOptions;
use crate::domain::Diary;
use crate::locale::DateStyle;
use crate::Result;

/// The options for drawing a chart of `from..=to`: `to` defaults to last night, `from` to the
/// first logged night (never after `to`); the fluids chart's "low" line is the analysis's own
/// threshold for that period. A `from` after `to` is refused (field `from`).
pub fn options(
    diary: &Diary,
    today: NaiveDate,
    last_night: NaiveDate,
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
    style: DateStyle,
) -> Result<ChartOptions> {
    let to = to.unwrap_or(last_night);
    super::check_period(from, Some(to))?;
    let from = from.or(diary.nights.first().map(|n| n.date)).unwrap_or(to).min(to);
    let analysis = analyze_styled(diary, today, &AnalysisOptions { from: Some(from), to: Some(to) }, style);
    let mut opts = ChartOptions::new(from, to);
    opts.style = style;
    opts.low_fluid_ml = analysis.low_fluid_ml;
    Ok(opts)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{Night, NightStatus};

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn diary_from(first: &str) -> Diary {
        let mut diary = Diary::default();
        diary.nights.push(Night::new(d(first), NightStatus::None));
        diary
    }

    #[test]
    fn the_period_defaults_to_the_first_logged_night_up_to_last_night() {
        let o =
            options(&diary_from("2026-03-04"), d("2026-06-02"), d("2026-06-01"), None, None, DateStyle::ISO).unwrap();
        assert_eq!((o.from, o.to), (d("2026-03-04"), d("2026-06-01")));
        let empty = options(&Diary::default(), d("2026-06-02"), d("2026-06-01"), None, None, DateStyle::ISO).unwrap();
        assert_eq!((empty.from, empty.to), (d("2026-06-01"), d("2026-06-01")), "an empty diary: one night");
    }

    #[test]
    fn a_start_after_the_end_is_refused_and_an_end_before_the_diary_is_one_night() {
        let diary = diary_from("2026-03-04");
        let e = options(&diary, d("2026-06-02"), d("2026-06-01"), Some(d("2026-06-02")), None, DateStyle::ISO);
        assert!(matches!(e, Err(crate::Error::Invalid(p)) if p[0].field == "from"));
        let o = options(&diary, d("2026-06-02"), d("2026-06-01"), None, Some(d("2026-01-01")), DateStyle::ISO).unwrap();
        assert_eq!((o.from, o.to), (d("2026-01-01"), d("2026-01-01")));
    }
}
