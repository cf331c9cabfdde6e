//! How dates and times are written for a person: the order of day, month and year and the
//! 12- or 24-hour clock, read from the computer's locale (a small table) unless Settings
//! chooses. Sentences always write the month as a word, so the order can never be misread.
//!
//! Machines get ISO: the CLI, CSV, FHIR, `analyze --json` and the PDF's appendix tables use
//! [`DateStyle::ISO`] (2026-11-19, 23:40), whatever the locale.
//!
//! A C or POSIX locale, an empty or unknown one, or none at all gets [`DateStyle::DEFAULT`]:
//! day month year with the month's name ("19 November 2026") and the 24-hour clock, which
//! no reader can take for another date.

use chrono::{Datelike, NaiveDate, NaiveTime, Timelike};
use serde::Serialize;

use crate::domain::{ClockChoice, ClockTime, DateOrderChoice};
use crate::error::{Error, Result};

/// The order of day, month and year.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum DateOrder {
    /// 19 November 2026.
    #[serde(rename = "dmy")]
    DayMonthYear,
    /// November 19, 2026.
    #[serde(rename = "mdy")]
    MonthDayYear,
    /// 2026 November 19.
    #[serde(rename = "ymd")]
    YearMonthDay,
    /// 2026-11-19, for machines: never a person's choice.
    #[serde(rename = "iso")]
    Iso,
}

/// 12- or 24-hour clock.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum Clock {
    /// 11:40 pm.
    #[serde(rename = "12")]
    H12,
    /// 23:40.
    #[serde(rename = "24")]
    H24,
}

/// How dates and times are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub struct DateStyle {
    /// The order of day, month and year.
    pub order: DateOrder,
    /// 12- or 24-hour clock.
    pub clock: Clock,
}

/// The months' names, January first.
pub(crate) const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];
const WEEKDAYS: [&str; 7] = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];

/// Locales that write the month before the day (and use the 12-hour clock).
const MDY: &[&str] = &[
    "en_US", "en_PH", "en_AS", "en_GU", "en_MP", "en_PR", "en_UM", "en_VI", "en_MH", "en_FM", "en_PW", "es_US",
    "fil_PH", "tl_PH",
];
/// Languages (or language_REGION) that write the year first.
const YMD: &[&str] =
    &["ja", "zh", "ko", "hu", "lt", "sv", "mn", "fa", "eu", "en_CA", "fr_CA", "en_ZA", "af_ZA", "zu_ZA"];
/// Languages (or language_REGION) that use the 12-hour clock.
const H12: &[&str] = &[
    "en_US", "en_PH", "en_AS", "en_GU", "en_MP", "en_PR", "en_UM", "en_VI", "en_MH", "en_FM", "en_PW", "es_US", "fil",
    "tl", "en_CA", "en_AU", "en_NZ", "en_IN", "hi", "bn", "ur", "ar", "ko", "zh_TW", "zh_HK", "el", "en_PK", "en_SG",
    "en_MY", "ms", "es_MX", "es_CO",
];

impl DateStyle {
    /// For machines: ISO dates and the 24-hour clock (CLI, CSV, FHIR, the PDF's appendix).
    pub const ISO: DateStyle = DateStyle { order: DateOrder::Iso, clock: Clock::H24 };
    /// For a C, POSIX, unknown or missing locale: day month year with the month's name, 24 h.
    pub const DEFAULT: DateStyle = DateStyle { order: DateOrder::DayMonthYear, clock: Clock::H24 };

    /// The style of a locale name as the system writes it: `en_GB.UTF-8`, `en-US`,
    /// `de_DE@euro`, `C`, `POSIX` or nothing. Anything unknown gets [`DateStyle::DEFAULT`].
    pub fn from_locale_tag(tag: Option<&str>) -> DateStyle {
        let Some((lang, region)) = tag.and_then(split_tag) else { return DateStyle::DEFAULT };
        let full = match &region {
            Some(r) => format!("{lang}_{r}"),
            None => lang.clone(),
        };
        let has = |list: &[&str]| list.iter().any(|x| *x == full || *x == lang);
        let order = if MDY.contains(&full.as_str()) {
            DateOrder::MonthDayYear
        } else if has(YMD) {
            DateOrder::YearMonthDay
        } else {
            DateOrder::DayMonthYear
        };
        // Plain "en" (no region) is read as British-style English, the default.
        let clock = if has(H12) && !(lang == "en" && region.is_none()) { Clock::H12 } else { Clock::H24 };
        DateStyle { order, clock }
    }

    /// The style of the computer's locale, asking `env` for a variable: for dates, LC_ALL
    /// wins, then LC_TIME, then LANG (as POSIX says); empty values are skipped.
    pub fn from_env(env: impl Fn(&str) -> Option<String>) -> DateStyle {
        DateStyle::from_locale_tag(system_tag(env).as_deref())
    }

    /// The style of this process's environment.
    pub fn from_system() -> DateStyle {
        DateStyle::from_env(|k| std::env::var(k).ok())
    }

    /// The style the user sees: Settings' choices over the locale's `system` style.
    pub fn with_choices(system: DateStyle, order: DateOrderChoice, clock: ClockChoice) -> DateStyle {
        let base = if system.order == DateOrder::Iso { DateStyle::DEFAULT } else { system };
        DateStyle {
            order: match order {
                DateOrderChoice::Auto => base.order,
                DateOrderChoice::Dmy => DateOrder::DayMonthYear,
                DateOrderChoice::Mdy => DateOrder::MonthDayYear,
                DateOrderChoice::Ymd => DateOrder::YearMonthDay,
            },
            clock: match clock {
                ClockChoice::Auto => base.clock,
                ClockChoice::H12 => Clock::H12,
                ClockChoice::H24 => Clock::H24,
            },
        }
    }

    /// A date in a sentence: "19 November 2026", "November 19, 2026", "2026 November 19".
    pub fn date(self, d: NaiveDate) -> String {
        let (day, month, year) = (d.day(), MONTHS[d.month0() as usize], d.year());
        match self.order {
            DateOrder::DayMonthYear => format!("{day} {month} {year}"),
            DateOrder::MonthDayYear => format!("{month} {day}, {year}"),
            DateOrder::YearMonthDay => format!("{year} {month} {day}"),
            DateOrder::Iso => iso(d),
        }
    }

    /// A date with its weekday: "Thursday 19 November 2026", "Thursday, November 19, 2026".
    pub fn long(self, d: NaiveDate) -> String {
        let w = weekday(d);
        match self.order {
            DateOrder::DayMonthYear => format!("{w} {}", self.date(d)),
            DateOrder::Iso => iso(d),
            _ => format!("{w}, {}", self.date(d)),
        }
    }

    /// Day and month: "19 November", "November 19".
    pub fn day_month(self, d: NaiveDate) -> String {
        let (day, month) = (d.day(), MONTHS[d.month0() as usize]);
        match self.order {
            DateOrder::DayMonthYear => format!("{day} {month}"),
            DateOrder::Iso => iso(d),
            _ => format!("{month} {day}"),
        }
    }

    /// Weekday, day and month: "Thursday 19 November", "Thursday, November 19".
    pub fn weekday_day_month(self, d: NaiveDate) -> String {
        match self.order {
            DateOrder::DayMonthYear => format!("{} {}", weekday(d), self.day_month(d)),
            DateOrder::Iso => iso(d),
            _ => format!("{}, {}", weekday(d), self.day_month(d)),
        }
    }

    /// A first date of a range that ends on `to`, without what the end repeats:
    /// "19 November to 2 December 2026", "November 19 to December 2, 2026", "2 to 9 May 2026".
    pub fn range(self, from: NaiveDate, to: NaiveDate) -> String {
        if self.order == DateOrder::Iso || from.year() != to.year() {
            return format!("{} to {}", self.date(from), self.date(to));
        }
        let first = match self.order {
            DateOrder::DayMonthYear if from.month() == to.month() => from.day().to_string(),
            DateOrder::YearMonthDay => format!("{} {}", from.year(), self.day_month(from)),
            _ => self.day_month(from),
        };
        let last = match self.order {
            DateOrder::YearMonthDay if from.month() == to.month() => to.day().to_string(),
            DateOrder::YearMonthDay => self.day_month(to),
            _ => self.date(to),
        };
        format!("{first} to {last}")
    }

    /// A short date for tables and chart axes: "19 Nov", "Nov 19".
    pub fn short(self, d: NaiveDate) -> String {
        let (day, month) = (d.day(), &MONTHS[d.month0() as usize][..3]);
        match self.order {
            DateOrder::DayMonthYear => format!("{day} {month}"),
            DateOrder::Iso => iso(d),
            _ => format!("{month} {day}"),
        }
    }

    /// A short date with its year, for charts' descriptions: "19 Nov 2026", "Nov 19, 2026".
    pub fn short_year(self, d: NaiveDate) -> String {
        match self.order {
            DateOrder::DayMonthYear => format!("{} {}", self.short(d), d.year()),
            DateOrder::MonthDayYear => format!("{}, {}", self.short(d), d.year()),
            DateOrder::YearMonthDay => format!("{} {}", d.year(), self.short(d)),
            DateOrder::Iso => iso(d),
        }
    }

    /// A month and year for chart axes: "Nov 2026" (ISO: "2026-11").
    pub fn month_year(self, d: NaiveDate) -> String {
        match self.order {
            DateOrder::Iso => d.format("%Y-%m").to_string(),
            DateOrder::YearMonthDay => format!("{} {}", d.year(), &MONTHS[d.month0() as usize][..3]),
            _ => format!("{} {}", &MONTHS[d.month0() as usize][..3], d.year()),
        }
    }

    /// A time of day: "23:40" or "11:40 pm" (midnight "12:00 am", noon "12:00 pm").
    pub fn time(self, t: NaiveTime) -> String {
        let (h, m) = (t.hour(), t.minute());
        match self.clock {
            Clock::H24 => format!("{h:02}:{m:02}"),
            Clock::H12 => format!("{}:{m:02} {}", twelve(h), if h < 12 { "am" } else { "pm" }),
        }
    }

    /// A clock time of the diary (an episode's start, a reminder's time).
    pub fn clock_time(self, t: ClockTime) -> String {
        self.time(NaiveTime::from_hms_opt(t.hour().into(), t.minute().into(), 0).expect("ClockTime is valid"))
    }

    /// An hour on a chart's axis: "23:00" or "11 pm".
    pub fn hour(self, h: u32) -> String {
        match self.clock {
            Clock::H24 => format!("{:02}:00", h % 24),
            Clock::H12 => format!("{} {}", twelve(h % 24), if h % 24 < 12 { "am" } else { "pm" }),
        }
    }

    /// The hour that starts at `h`: "03:00–03:59" or "3:00–3:59 am".
    pub fn hour_span(self, h: u32) -> String {
        let h = h % 24;
        match self.clock {
            Clock::H24 => format!("{h:02}:00–{h:02}:59"),
            Clock::H12 => format!("{0}:00–{0}:59 {1}", twelve(h), if h < 12 { "am" } else { "pm" }),
        }
    }

    /// How a date is typed into the app's date fields: "DD/MM/YYYY", "MM/DD/YYYY", "YYYY-MM-DD".
    pub fn input_pattern(self) -> &'static str {
        match self.order {
            DateOrder::DayMonthYear => "DD/MM/YYYY",
            DateOrder::MonthDayYear => "MM/DD/YYYY",
            DateOrder::YearMonthDay | DateOrder::Iso => "YYYY-MM-DD",
        }
    }

    /// A date as the date fields show it: "19/11/2026", "11/19/2026", "2026-11-19".
    pub fn input(self, d: NaiveDate) -> String {
        let (day, month, year) = (d.day(), d.month(), d.year());
        match self.order {
            DateOrder::DayMonthYear => format!("{day:02}/{month:02}/{year:04}"),
            DateOrder::MonthDayYear => format!("{month:02}/{day:02}/{year:04}"),
            DateOrder::YearMonthDay | DateOrder::Iso => iso(d),
        }
    }

    /// Reads a date typed in `field` in this order ("19/11/2026", "19.11.2026", "19-11-2026",
    /// "19 11 2026"; the year in four digits). A date written YYYY-MM-DD is always accepted,
    /// since it cannot be misread. Anything else is refused naming the field.
    pub fn parse_input(self, field: &str, text: &str) -> Result<NaiveDate> {
        let t = text.trim();
        let bad = || {
            Error::invalid(
                field,
                text,
                format!("is not a date written {} (for example {})", self.input_pattern(), self.input(example())),
            )
        };
        let parts: Vec<&str> = t.split(['/', '.', '-', ' ']).filter(|p| !p.is_empty()).collect();
        if parts.len() != 3 || !parts.iter().all(|p| p.len() <= 4 && p.bytes().all(|b| b.is_ascii_digit())) {
            return Err(bad());
        }
        let n: Vec<u32> = parts.iter().map(|p| p.parse().unwrap_or(0)).collect();
        let (y, m, d) = if parts[0].len() == 4 {
            (n[0], n[1], n[2])
        } else if parts[2].len() == 4 {
            match self.order {
                DateOrder::MonthDayYear => (n[2], n[0], n[1]),
                DateOrder::DayMonthYear => (n[2], n[1], n[0]),
                // A year-first style has no reading of a year-last date.
                _ => return Err(bad()),
            }
        } else {
            return Err(bad());
        };
        if parts.iter().enumerate().any(|(i, p)| p.len() > 2 && i != if parts[0].len() == 4 { 0 } else { 2 }) {
            return Err(bad());
        }
        NaiveDate::from_ymd_opt(y as i32, m, d).ok_or_else(|| {
            Error::invalid(field, text, format!("is not a day of the calendar (read as {})", ymd_words(y, m, d)))
        })
    }
}

impl Default for DateStyle {
    fn default() -> Self {
        DateStyle::DEFAULT
    }
}

/// The locale name that decides dates: LC_ALL, else LC_TIME, else LANG (empty ones skipped).
pub fn system_tag(env: impl Fn(&str) -> Option<String>) -> Option<String> {
    ["LC_ALL", "LC_TIME", "LANG"].iter().filter_map(|k| env(k)).find(|v| !v.trim().is_empty())
}

/// `en_GB.UTF-8` → ("en", Some("GB")); `C`, `POSIX` and malformed names → None.
fn split_tag(tag: &str) -> Option<(String, Option<String>)> {
    let t = tag.trim();
    let t = t.split(['.', '@']).next().unwrap_or("");
    if t.is_empty() || t.eq_ignore_ascii_case("C") || t.eq_ignore_ascii_case("POSIX") {
        return None;
    }
    let mut parts = t.split(['_', '-']);
    let lang = parts.next()?.to_ascii_lowercase();
    if !(2..=3).contains(&lang.len()) || !lang.bytes().all(|b| b.is_ascii_lowercase()) {
        return None;
    }
    // BCP 47 may carry a script first (zh-Hant-TW): the region is the 2-letter part.
    let region =
        parts.find(|p| p.len() == 2 && p.bytes().all(|b| b.is_ascii_alphabetic())).map(|r| r.to_ascii_uppercase());
    Some((lang, region))
}

fn iso(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

fn weekday(d: NaiveDate) -> &'static str {
    WEEKDAYS[d.weekday().num_days_from_monday() as usize]
}

fn twelve(h: u32) -> u32 {
    match h % 12 {
        0 => 12,
        x => x,
    }
}

fn example() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 19).expect("a real date")
}

fn ymd_words(y: u32, m: u32, d: u32) -> String {
    match m {
        1..=12 => format!("day {d} of {} {y}", MONTHS[m as usize - 1]),
        _ => format!("month {m}, which does not exist"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }
    fn t(s: &str) -> NaiveTime {
        NaiveTime::parse_from_str(s, "%H:%M").unwrap()
    }
    const GB: DateStyle = DateStyle { order: DateOrder::DayMonthYear, clock: Clock::H24 };
    const US: DateStyle = DateStyle { order: DateOrder::MonthDayYear, clock: Clock::H12 };

    #[test]
    fn an_hour_of_the_night_in_either_clock() {
        let h24 = DateStyle { order: DateOrder::DayMonthYear, clock: Clock::H24 };
        let h12 = DateStyle { order: DateOrder::MonthDayYear, clock: Clock::H12 };
        assert_eq!(h24.hour_span(3), "03:00–03:59");
        assert_eq!(h12.hour_span(3), "3:00–3:59 am");
        assert_eq!(h12.hour_span(0), "12:00–12:59 am");
        assert_eq!(h12.hour_span(23), "11:00–11:59 pm");
    }

    #[test]
    fn the_table_reads_system_names() {
        let s = |tag: &str| DateStyle::from_locale_tag(Some(tag));
        assert_eq!(s("en_GB.UTF-8"), GB);
        assert_eq!(s("en_US.UTF-8"), US);
        assert_eq!(s("en-US"), US);
        assert_eq!(s("de_DE@euro"), GB);
        assert_eq!(s("fr_FR.utf8"), GB);
        assert_eq!(s("ja_JP.UTF-8"), DateStyle { order: DateOrder::YearMonthDay, clock: Clock::H24 });
        assert_eq!(s("ko_KR"), DateStyle { order: DateOrder::YearMonthDay, clock: Clock::H12 });
        assert_eq!(s("sv_SE.UTF-8").order, DateOrder::YearMonthDay);
        assert_eq!(s("zh-Hant-TW"), DateStyle { order: DateOrder::YearMonthDay, clock: Clock::H12 });
        assert_eq!(s("en_AU.UTF-8"), DateStyle { order: DateOrder::DayMonthYear, clock: Clock::H12 });
        assert_eq!(s("en"), DateStyle::DEFAULT);
    }

    #[test]
    fn c_posix_empty_missing_and_bogus_names_get_the_default() {
        for tag in [
            Some("C"),
            Some("POSIX"),
            Some("C.UTF-8"),
            Some(""),
            None,
            Some("xx-not a locale"),
            Some("1234"),
            Some("_"),
        ] {
            assert_eq!(DateStyle::from_locale_tag(tag), DateStyle::DEFAULT, "{tag:?}");
        }
        assert_eq!(DateStyle::DEFAULT.date(d("2026-11-19")), "19 November 2026");
    }

    #[test]
    fn lc_all_then_lc_time_then_lang_decide() {
        let env = |vars: &'static [(&'static str, &'static str)]| {
            move |k: &str| vars.iter().find(|(n, _)| *n == k).map(|(_, v)| v.to_string())
        };
        assert_eq!(DateStyle::from_env(env(&[("LANG", "en_US.UTF-8")])), US);
        assert_eq!(DateStyle::from_env(env(&[("LANG", "en_US.UTF-8"), ("LC_TIME", "en_GB.UTF-8")])), GB);
        assert_eq!(DateStyle::from_env(env(&[("LC_TIME", "en_GB.UTF-8"), ("LC_ALL", "C")])), DateStyle::DEFAULT);
        assert_eq!(DateStyle::from_env(env(&[("LC_ALL", ""), ("LANG", "en_US")])), US);
        assert_eq!(DateStyle::from_env(env(&[])), DateStyle::DEFAULT);
    }

    #[test]
    fn settings_choices_win_over_the_locale() {
        assert_eq!(DateStyle::with_choices(US, DateOrderChoice::Auto, ClockChoice::Auto), US);
        assert_eq!(DateStyle::with_choices(US, DateOrderChoice::Dmy, ClockChoice::H24), GB);
        assert_eq!(DateStyle::with_choices(GB, DateOrderChoice::Mdy, ClockChoice::H12), US);
        let ymd = DateStyle::with_choices(DateStyle::DEFAULT, DateOrderChoice::Ymd, ClockChoice::Auto);
        assert_eq!(ymd, DateStyle { order: DateOrder::YearMonthDay, clock: Clock::H24 });
    }

    #[test]
    fn sentences_axes_and_times_under_en_gb_en_us_c_and_iso() {
        let c = DateStyle::from_locale_tag(Some("C"));
        let ymd = DateStyle { order: DateOrder::YearMonthDay, clock: Clock::H24 };
        let day = d("2026-11-19");
        assert_eq!(GB.long(day), "Thursday 19 November 2026");
        assert_eq!(US.long(day), "Thursday, November 19, 2026");
        assert_eq!(c.long(day), "Thursday 19 November 2026");
        assert_eq!(ymd.long(day), "Thursday, 2026 November 19");
        assert_eq!(DateStyle::ISO.long(day), "2026-11-19");
        assert_eq!(US.date(day), "November 19, 2026");
        assert_eq!(GB.weekday_day_month(day), "Thursday 19 November");
        assert_eq!(US.weekday_day_month(day), "Thursday, November 19");
        assert_eq!(GB.short(day), "19 Nov");
        assert_eq!(US.short(day), "Nov 19");
        assert_eq!(DateStyle::ISO.short(day), "2026-11-19");
        assert_eq!(GB.month_year(day), "Nov 2026");
        assert_eq!(GB.short_year(day), "19 Nov 2026");
        assert_eq!(US.short_year(day), "Nov 19, 2026");
        assert_eq!(GB.time(t("23:40")), "23:40");
        assert_eq!(US.time(t("23:40")), "11:40 pm");
        assert_eq!(US.time(t("00:05")), "12:05 am");
        assert_eq!(US.time(t("12:00")), "12:00 pm");
        assert_eq!(c.time(t("03:07")), "03:07");
        assert_eq!(US.hour(0), "12 am");
        assert_eq!(GB.hour(23), "23:00");
    }

    #[test]
    fn ranges_leave_out_what_the_end_repeats() {
        let (a, b, c) = (d("2026-11-19"), d("2026-12-02"), d("2026-11-26"));
        assert_eq!(GB.range(a, b), "19 November to 2 December 2026");
        assert_eq!(GB.range(a, c), "19 to 26 November 2026");
        assert_eq!(US.range(a, b), "November 19 to December 2, 2026");
        assert_eq!(US.range(a, c), "November 19 to November 26, 2026");
        let ymd = DateStyle { order: DateOrder::YearMonthDay, clock: Clock::H24 };
        assert_eq!(ymd.range(a, c), "2026 November 19 to 26");
        assert_eq!(GB.range(d("2026-12-30"), d("2027-01-05")), "30 December 2026 to 5 January 2027");
        assert_eq!(DateStyle::ISO.range(a, b), "2026-11-19 to 2026-12-02");
    }

    #[test]
    fn date_fields_are_read_in_the_chosen_order() {
        let ymd = DateStyle { order: DateOrder::YearMonthDay, clock: Clock::H24 };
        assert_eq!(GB.input(d("2026-11-09")), "09/11/2026");
        assert_eq!(US.input(d("2026-11-09")), "11/09/2026");
        assert_eq!(ymd.input(d("2026-11-09")), "2026-11-09");
        assert_eq!(GB.parse_input("date", "9/11/2026").unwrap(), d("2026-11-09"));
        assert_eq!(GB.parse_input("date", " 09.11.2026 ").unwrap(), d("2026-11-09"));
        assert_eq!(US.parse_input("date", "11/9/2026").unwrap(), d("2026-11-09"));
        assert_eq!(US.parse_input("date", "2026-11-09").unwrap(), d("2026-11-09"));
        assert_eq!(ymd.parse_input("date", "2026/11/09").unwrap(), d("2026-11-09"));
        let e = US.parse_input("started", "19/11/2026").unwrap_err();
        assert_eq!(e.kind(), "invalid");
        assert!(e.to_string().contains("started"), "{e}");
        for bad in ["", "19/11", "19/11/26", "tomorrow", "31/02/2026", "1/2/3/2026", "2026-11-19x", "123/1/2026"] {
            let e = GB.parse_input("from", bad).unwrap_err();
            assert!(e.to_string().contains("from"), "{bad}: {e}");
        }
        assert!(ymd.parse_input("to", "19/11/2026").is_err());
        assert!(GB.parse_input("to", "31/02/2026").unwrap_err().to_string().contains("February"));
    }
}
