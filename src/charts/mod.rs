//! Trend charts drawn from the diary for any date range, as SVG (and PNG).
//!
//! plotters lays out every chart (axes, ticks, labels) on a small SVG backend of our own
//! ([`svg`]) that tags each data mark with a `class` and a `<title>` giving its value, so
//! hovering or focusing a bar shows it and tests can count marks. Text is measured with the
//! bundled DejaVu Sans; PNGs are rendered from the SVG by resvg with that same font, so
//! nothing depends on the fonts installed on the machine.
//!
//! Unit: the night, named by its evening's date. A date with no [`Night`] is *unlogged*
//! and is always drawn as "not logged" (hatched), never as a cramp-free night or a zero.
//!
//! Mark classes (stable, used by tests and stylesheets): `week` (weekly), `night`
//! (calendar), `course`, `course-start`, `course-stop`, `rate-week` (medications),
//! `fluid-day`, `fluid-unlogged`, `cramp-mark`, `low-line` (fluids), `hour`, `muscle-side`
//! (time of night).

mod calendar;
mod fluids;
mod layout;
mod medications;
pub mod style;
mod svg;
mod time_of_night;
mod weekly;

use std::fmt;
use std::sync::Arc;

use chrono::{Duration, NaiveDate};

use crate::domain::{Diary, Night, NightStatus};
use crate::error::{Error, Result};
use crate::locale::DateStyle;

crate::domain::string_enum!(
    /// Which chart to draw.
    ChartKind {
        /// Cramp nights per week (stacked with cramp-free and not-logged nights) and mean intensity.
        Weekly => "weekly",
        /// One cell per night, months as rows.
        Calendar => "calendar",
        /// Medication courses over the weekly cramp rate.
        Medications => "medications",
        /// Daily fluids with cramp nights marked and the "low" threshold.
        Fluids => "fluids",
        /// Hour of the night cramps start, and which leg and muscle.
        TimeOfNight => "time-of-night",
    }
);

/// Maps a medication name (as the user wrote it) to its documented-cause class ids
/// (`statin`, `thiazide_diuretic`, …); empty when no link is documented.
pub type Classifier = Arc<dyn Fn(&str) -> Vec<String> + Send + Sync>;

/// What to draw and how big.
#[derive(Clone)]
pub struct ChartOptions {
    /// First night shown (inclusive).
    pub from: NaiveDate,
    /// Last night shown (inclusive).
    pub to: NaiveDate,
    /// Width in px (SVG user units); default 960.
    pub width: u32,
    /// Height in px; default 540.
    pub height: u32,
    /// The analysis engine's "low fluids" threshold in mL, drawn on the fluids chart when given.
    pub low_fluid_ml: Option<f64>,
    /// Medication name → cause classes; `None` uses [`crate::knowledge::medication_classes`].
    pub classify: Option<Classifier>,
    /// How the axes and text alternatives write dates and hours.
    pub style: DateStyle,
}

impl ChartOptions {
    /// Default size (960 × 540) for the nights `from..=to`.
    pub fn new(from: NaiveDate, to: NaiveDate) -> Self {
        ChartOptions {
            from,
            to,
            width: 960,
            height: 540,
            low_fluid_ml: None,
            classify: None,
            style: DateStyle::DEFAULT,
        }
    }
}

impl fmt::Debug for ChartOptions {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ChartOptions")
            .field("from", &self.from)
            .field("to", &self.to)
            .field("width", &self.width)
            .field("height", &self.height)
            .field("low_fluid_ml", &self.low_fluid_ml)
            .field("classify", &self.classify.as_ref().map(|_| "<fn>"))
            .field("style", &self.style)
            .finish()
    }
}

/// A rendered chart.
#[derive(Debug, Clone, PartialEq)]
pub struct Chart {
    /// A standalone SVG document (scales with its viewBox; no scripts, no external refs).
    pub svg: String,
    /// One or two sentences with the key numbers, for screen readers.
    pub alt_text: String,
}

/// Smallest and largest accepted size, px.
const MIN_SIZE: u32 = 320;
const MAX_SIZE: u32 = 8000;
/// Longest range drawn (about 60 years).
const MAX_NIGHTS: i64 = 22_000;

/// Draws `kind` for the nights `opts.from..=opts.to` as SVG.
pub fn render_svg(kind: ChartKind, diary: &Diary, opts: &ChartOptions) -> Result<Chart> {
    if opts.from > opts.to {
        return Err(Error::invalid("from", opts.from, format!("must not be after to ({})", opts.to)));
    }
    if (opts.to - opts.from).num_days() >= MAX_NIGHTS {
        return Err(Error::invalid("to", opts.to, "range must be shorter than 60 years"));
    }
    for (field, v) in [("width", opts.width), ("height", opts.height)] {
        if !(MIN_SIZE..=MAX_SIZE).contains(&v) {
            return Err(Error::invalid(field, v, format!("must be between {MIN_SIZE} and {MAX_SIZE} px")));
        }
    }
    if let Some(low) = opts.low_fluid_ml {
        if !low.is_finite() || low < 0.0 {
            return Err(Error::invalid("low_fluid_ml", low, "must be a number ≥ 0"));
        }
    }
    let r = Range { from: opts.from, to: opts.to, style: opts.style };
    let chart = match kind {
        ChartKind::Weekly => weekly::render(diary, &r, opts),
        ChartKind::Calendar => calendar::render(diary, &r, opts),
        ChartKind::Medications => medications::render(diary, &r, opts),
        ChartKind::Fluids => fluids::render(diary, &r, opts),
        ChartKind::TimeOfNight => time_of_night::render(diary, &r, opts),
    };
    chart.map_err(|e| Error::Format(format!("drawing the {kind} chart: {e}")))
}

/// Draws `kind` as a PNG of `opts.width × opts.height` pixels (rendered from the SVG).
pub fn render_png(kind: ChartKind, diary: &Diary, opts: &ChartOptions) -> Result<Vec<u8>> {
    let chart = render_svg(kind, diary, opts)?;
    svg_to_png(&chart.svg, 1.0)
}

/// Rasterises one of our SVGs with the bundled fonts; `scale` 2.0 gives a high-DPI image.
pub fn svg_to_png(svg: &str, scale: f32) -> Result<Vec<u8>> {
    use resvg::{tiny_skia, usvg};
    let mut opt = usvg::Options::default();
    {
        let db = opt.fontdb_mut();
        db.load_font_data(style::FONT_REGULAR.to_vec());
        db.load_font_data(style::FONT_BOLD.to_vec());
        db.set_sans_serif_family("DejaVu Sans");
    }
    opt.font_family = "DejaVu Sans".into();
    let tree = usvg::Tree::from_str(svg, &opt).map_err(|e| Error::Format(format!("chart SVG: {e}")))?;
    let size = tree.size().to_int_size().scale_by(scale).ok_or_else(|| Error::Format("chart size".into()))?;
    let mut pixmap =
        tiny_skia::Pixmap::new(size.width(), size.height()).ok_or_else(|| Error::Format("chart size".into()))?;
    pixmap.fill(tiny_skia::Color::WHITE);
    resvg::render(&tree, tiny_skia::Transform::from_scale(scale, scale), &mut pixmap.as_mut());
    pixmap.encode_png().map_err(|e| Error::Format(format!("encoding PNG: {e}")))
}

/// Most data marks a chart on screen keeps as live SVG. Beyond this (a calendar or the fluids
/// over several years), the page gets a picture instead: thousands of focusable marks cost the
/// web view tens of MB (BENCHMARKS.md, "Memory") and nobody can step through them one by one.
pub const SCREEN_MARKS: usize = 1500;

/// A chart as the app's page shows it: live SVG whose marks can be focused, or, past
/// [`SCREEN_MARKS`], a PNG with the same words.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct ScreenChart {
    /// The SVG document, when the chart is drawn live.
    pub svg: Option<String>,
    /// A `data:image/png;base64,…` picture of the same chart, when it has too many marks.
    pub image: Option<String>,
    /// The key numbers in a sentence or two.
    pub alt_text: String,
    /// How many data marks the chart has.
    pub marks: usize,
    /// Said under a picture: why its marks cannot be focused, and how to get them back.
    pub note: Option<String>,
}

/// Draws `kind` for the page: see [`ScreenChart`].
pub fn for_screen(kind: ChartKind, diary: &Diary, opts: &ChartOptions) -> Result<ScreenChart> {
    let chart = render_svg(kind, diary, opts)?;
    let marks = chart.svg.matches("<title>").count();
    if marks <= SCREEN_MARKS {
        return Ok(ScreenChart { svg: Some(chart.svg), image: None, alt_text: chart.alt_text, marks, note: None });
    }
    let png = svg_to_png(&chart.svg, 1.0)?;
    Ok(ScreenChart {
        svg: None,
        image: Some(format!("data:image/png;base64,{}", base64(&png))),
        alt_text: chart.alt_text,
        marks,
        note: Some(format!(
            "This range has {marks} marks, too many to step through one by one, so the chart is a picture. \
             Choose a shorter range to point at each one and hear its value."
        )),
    })
}

/// Standard base64 with padding (RFC 4648).
fn base64(bytes: &[u8]) -> String {
    const ABC: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let n = chunk.iter().enumerate().fold(0u32, |n, (i, b)| n | (u32::from(*b) << (16 - 8 * i)));
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(char::from(ABC[(n >> (18 - 6 * i)) as usize & 63]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// The nights drawn: `from..=to`.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Range {
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub style: DateStyle,
}

impl Range {
    #[cfg(test)]
    fn new(from: NaiveDate, to: NaiveDate) -> Self {
        Range { from, to, style: DateStyle::DEFAULT }
    }
    /// "19 Nov 2026" as the style writes it.
    pub fn date(&self, d: NaiveDate) -> String {
        self.style.short_year(d)
    }
    /// Number of nights.
    pub fn nights(&self) -> i64 {
        (self.to - self.from).num_days() + 1
    }
    /// Offset of `d` from the first night, in days.
    pub fn offset(&self, d: NaiveDate) -> f64 {
        (d - self.from).num_days() as f64
    }
    /// The logged nights in the range, sorted by date.
    pub fn logged<'a>(&self, diary: &'a Diary) -> &'a [Night] {
        let lo = diary.nights.partition_point(|n| n.date < self.from);
        let hi = diary.nights.partition_point(|n| n.date <= self.to);
        &diary.nights[lo..hi.max(lo)]
    }
}

/// What is known about one night.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum NightState {
    /// No entry for the date.
    Unlogged,
    /// Logged, status unknown.
    Unknown,
    /// Logged cramp-free.
    Free,
    /// Cramps; the worst rated intensity if any.
    Cramps { worst: Option<u8>, episodes: usize },
}

impl NightState {
    pub fn of(night: Option<&Night>) -> NightState {
        match night {
            None => NightState::Unlogged,
            Some(n) => match n.status {
                NightStatus::Unknown => NightState::Unknown,
                NightStatus::None => NightState::Free,
                NightStatus::Cramps => NightState::Cramps {
                    worst: n.episodes.iter().filter_map(|e| e.intensity).max(),
                    episodes: n.episodes.len(),
                },
            },
        }
    }
}

/// The state of every night in the range, in date order (one pass over the sorted nights).
pub(crate) fn night_states(diary: &Diary, r: &Range) -> Vec<NightState> {
    let mut out = vec![NightState::Unlogged; r.nights() as usize];
    for n in r.logged(diary) {
        out[(n.date - r.from).num_days() as usize] = NightState::of(Some(n));
    }
    out
}

/// A block of seven nights starting at the range's first night (the last may be shorter).
#[derive(Debug, Clone, Default)]
pub(crate) struct Week {
    pub first: Option<NaiveDate>,
    pub start: f64,
    pub nights: u32,
    pub cramps: u32,
    pub free: u32,
    pub unknown: u32,
    pub unlogged: u32,
    pub intensity_sum: f64,
    pub intensity_n: u32,
}

impl Week {
    /// Mean episode intensity, if any episode was rated.
    pub fn mean_intensity(&self) -> Option<f64> {
        (self.intensity_n > 0).then(|| self.intensity_sum / self.intensity_n as f64)
    }
    /// Nights whose status is known (cramps or cramp-free).
    pub fn known(&self) -> u32 {
        self.cramps + self.free
    }
    /// First and last night as "3 Mar 2026 – 9 Mar 2026".
    pub fn label(&self, style: DateStyle) -> String {
        let first = self.first.expect("week has a first night");
        let last = first + Duration::days(self.nights as i64 - 1);
        format!("{} – {}", style.short_year(first), style.short_year(last))
    }
}

/// Seven-night blocks from `r.from`; weeks with unlogged nights count them separately.
pub(crate) fn weeks(diary: &Diary, r: &Range) -> Vec<Week> {
    let n = r.nights() as usize;
    let mut out: Vec<Week> = (0..n.div_ceil(7))
        .map(|i| Week {
            first: Some(r.from + Duration::days(7 * i as i64)),
            start: 7.0 * i as f64,
            nights: (n - 7 * i).min(7) as u32,
            unlogged: (n - 7 * i).min(7) as u32,
            ..Week::default()
        })
        .collect();
    for night in r.logged(diary) {
        let w = &mut out[(night.date - r.from).num_days() as usize / 7];
        w.unlogged -= 1;
        match night.status {
            NightStatus::Cramps => {
                w.cramps += 1;
                for i in night.episodes.iter().filter_map(|e| e.intensity) {
                    w.intensity_sum += i as f64;
                    w.intensity_n += 1;
                }
            }
            NightStatus::None => w.free += 1,
            NightStatus::Unknown => w.unknown += 1,
        }
    }
    out
}

/// `3 Mar 2026`.
/// `Mar`.
pub(crate) fn month_abbr(m: u32) -> &'static str {
    ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"][(m as usize + 11) % 12]
}

pub(crate) use crate::words::whole as fmt_int;

/// "1 night" / "2 nights".
pub(crate) fn plural(n: impl Into<f64>, one: &str, many: &str) -> String {
    crate::words::count(n.into().round() as usize, one, many)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_parse_and_print() {
        for k in ChartKind::ALL {
            assert_eq!(k.as_str().parse::<ChartKind>().unwrap(), *k);
        }
        assert!("pie".parse::<ChartKind>().unwrap_err().contains("time-of-night"));
    }

    #[test]
    fn weeks_count_unlogged_nights() {
        let d = |s: &str| s.parse::<NaiveDate>().unwrap();
        let mut diary = Diary::default();
        diary.nights.push(Night::new(d("2026-03-02"), NightStatus::Cramps));
        diary.nights.push(Night::new(d("2026-03-09"), NightStatus::None));
        let ws = weeks(&diary, &Range::new(d("2026-03-01"), d("2026-03-10")));
        assert_eq!(ws.len(), 2);
        assert_eq!((ws[0].nights, ws[0].cramps, ws[0].unlogged), (7, 1, 6));
        assert_eq!((ws[1].nights, ws[1].free, ws[1].unlogged), (3, 1, 2));
        assert_eq!(fmt_int(1234567.0), "1,234,567");
    }

    #[test]
    fn base64_matches_rfc_4648() {
        for (plain, coded) in
            [("", ""), ("f", "Zg=="), ("fo", "Zm8="), ("foo", "Zm9v"), ("foob", "Zm9vYg=="), ("foobar", "Zm9vYmFy")]
        {
            assert_eq!(base64(plain.as_bytes()), coded);
        }
        assert_eq!(base64(&[0xff, 0xfe, 0x00]), "//4A");
    }

    #[test]
    fn a_chart_with_too_many_marks_reaches_the_page_as_a_picture_with_its_words() {
        let d = |s: &str| s.parse::<NaiveDate>().unwrap();
        let (from, to) = (d("2020-01-01"), d("2025-12-31"));
        let mut diary = Diary::default();
        let mut n = from;
        while n <= to {
            diary.nights.push(Night::new(
                n,
                if chrono::Datelike::ordinal(&n) % 3 == 0 { NightStatus::Cramps } else { NightStatus::None },
            ));
            n = n.succ_opt().unwrap();
        }
        let opts = ChartOptions::new(from, to);
        let calendar = for_screen(ChartKind::Calendar, &diary, &opts).unwrap();
        assert!(calendar.marks > SCREEN_MARKS && calendar.svg.is_none());
        let image = calendar.image.unwrap();
        assert!(image.starts_with("data:image/png;base64,iVBORw0KGgo"), "a PNG");
        assert_eq!(calendar.alt_text, render_svg(ChartKind::Calendar, &diary, &opts).unwrap().alt_text);
        assert!(calendar.note.unwrap().contains("shorter range"));

        let one_month = ChartOptions::new(d("2025-12-01"), to);
        let live = for_screen(ChartKind::Calendar, &diary, &one_month).unwrap();
        assert_eq!((live.marks, live.image, live.note), (31, None, None));
        assert!(live.svg.unwrap().starts_with("<svg"));
    }
}
