//! Pieces every chart shares: header with title and legend, date ticks, text styles.

use chrono::{Datelike, Duration, NaiveDate};
use plotters::chart::{ChartBuilder, MeshStyle};
use plotters::coord::ranged1d::{KeyPointHint, NoDefaultFormatting, Ranged, ValueFormatter};
use plotters::coord::Shift;
use plotters::prelude::{
    Circle, Color, DrawingArea, DrawingBackend, FontStyle, IntoDrawingArea, IntoFont, PathElement, RGBColor, Rectangle,
    Text, TextStyle,
};
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::style::*;
use super::svg::{text_size, Canvas, SvgBackend, Tag};
use super::{month_abbr, ChartOptions, Range};
use crate::locale::DateOrder;

/// Result of drawing code.
pub(crate) type Drawn<T> = std::result::Result<T, Box<dyn std::error::Error>>;
/// The whole picture.
pub(crate) type Root = DrawingArea<SvgBackend, Shift>;

/// A fresh canvas and its root drawing area.
pub(crate) fn canvas(w: u32, h: u32, id: &'static str) -> (Canvas, Root) {
    let (canvas, backend) = Canvas::new((w, h), id);
    (canvas, backend.into_drawing_area())
}

/// A text style of `size` px in `color`.
pub(crate) fn font(size: f64, color: RGBColor) -> TextStyle<'static> {
    (FAMILY, size).into_font().color(&color)
}

/// Bold title style.
pub(crate) fn title_font() -> TextStyle<'static> {
    (FAMILY, TITLE_PX).into_font().style(FontStyle::Bold).color(&INK)
}

/// How a legend entry is drawn.
pub(crate) enum Swatch {
    Fill(RGBColor),
    Hatch,
    Line(RGBColor),
    Dot(RGBColor),
    Dashed(RGBColor),
    VBar(RGBColor),
}

/// A fresh canvas with its title and legend drawn: the canvas, the area below them, and their
/// height.
pub(crate) fn framed(
    opts: &ChartOptions,
    id: &'static str,
    title: &str,
    legend: &[(Swatch, String)],
) -> Drawn<(Canvas, Root, i32)> {
    let (canvas, root) = canvas(opts.width, opts.height, id);
    let top = header(&root, &canvas, title, legend)?;
    let (_, area) = root.split_vertically(top);
    Ok((canvas, area, top))
}

/// A plot on `area` with the charts' margins, `right` px at the right and `y_labels` px for the
/// y-axis labels, and room for the date labels below.
pub(crate) fn plot(area: &Root, right: u32, y_labels: u32) -> ChartBuilder<'_, 'static, SvgBackend> {
    let mut b = ChartBuilder::on(area);
    b.margin_left(8)
        .margin_right(right)
        .margin_bottom(8)
        .x_label_area_size(LABEL_PX as u32 * 3 + 8)
        .y_label_area_size(y_labels);
    b
}

/// The charts' axes: label and description fonts, grid and axis colours.
pub(crate) fn house_axes<'m, 'a, 'b, X, Y, DB>(
    m: &'m mut MeshStyle<'a, 'b, X, Y, DB>,
) -> &'m mut MeshStyle<'a, 'b, X, Y, DB>
where
    X: Ranged,
    Y: Ranged,
    DB: DrawingBackend,
{
    m.label_style(font(LABEL_PX, INK)).axis_desc_style(font(AXIS_PX, INK)).bold_line_style(GRID).axis_style(MUTED)
}

/// Draws the title and a wrapping legend row; returns the height used.
pub(crate) fn header(root: &Root, canvas: &Canvas, title: &str, legend: &[(Swatch, String)]) -> Drawn<i32> {
    let (w, _) = root.dim_in_pixel();
    let left = 16;
    root.draw(&Text::new(title.to_string(), (left, 12), title_font().pos(Pos::new(HPos::Left, VPos::Top))))?;
    let mut y = 12 + TITLE_PX as i32 + 12;
    if legend.is_empty() {
        return Ok(y);
    }
    let mut x = left;
    let line_h = LABEL_PX as i32 + 8;
    for (swatch, label) in legend {
        let tw = text_size(label, LABEL_PX, false).0.ceil() as i32;
        let item_w = 22 + 6 + tw;
        if x > left && x + item_w > w as i32 - left {
            x = left;
            y += line_h;
        }
        let cy = y + LABEL_PX as i32 / 2 + 1;
        match swatch {
            Swatch::Fill(c) => root.draw(&Rectangle::new([(x, cy - 7), (x + 22, cy + 7)], c.filled()))?,
            Swatch::Hatch => {
                canvas.tag_with(Tag { fill: Some(canvas.hatch()), ..Tag::default() });
                root.draw(&Rectangle::new([(x, cy - 7), (x + 22, cy + 7)], UNLOGGED.filled()))?;
            }
            Swatch::Line(c) => {
                root.draw(&PathElement::new(vec![(x, cy), (x + 22, cy)], c.stroke_width(3)))?;
                root.draw(&Circle::new((x + 11, cy), 4, c.filled()))?;
            }
            Swatch::Dot(c) => root.draw(&Circle::new((x + 11, cy), 6, c.filled()))?,
            Swatch::VBar(c) => {
                root.draw(&PathElement::new(vec![(x + 11, cy - 9), (x + 11, cy + 9)], c.stroke_width(5)))?
            }
            Swatch::Dashed(c) => {
                canvas.tag_with(Tag { extra: r#"stroke-dasharray="6 4""#, ..Tag::default() });
                root.draw(&PathElement::new(vec![(x, cy), (x + 22, cy)], c.stroke_width(3)))?;
            }
        }
        canvas.untag();
        root.draw(&Text::new(
            label.clone(),
            (x + 28, cy),
            font(LABEL_PX, INK).pos(Pos::new(HPos::Left, VPos::Center)),
        ))?;
        x += item_w + 22;
    }
    Ok(y + line_h + 10)
}

/// A note centred in `area` (e.g. "Nothing logged in this range").
pub(crate) fn note<DB: DrawingBackend, CT: plotters::coord::CoordTranslate>(
    area: &DrawingArea<DB, CT>,
    text: &str,
) -> Drawn<()>
where
    DB::ErrorType: 'static,
{
    let (w, h) = area.dim_in_pixel();
    let root = area.strip_coord_spec();
    root.draw(&Text::new(
        text.to_string(),
        (w as i32 / 2, h as i32 / 2),
        font(LABEL_PX + 2.0, MUTED).pos(Pos::new(HPos::Center, VPos::Center)),
    ))
    .map_err(|e| e.to_string())?;
    Ok(())
}

/// Tick positions (day offsets from `r.from`) and labels for a date axis `plot_w` px wide.
pub(crate) fn date_ticks(r: &Range, plot_w: u32) -> Vec<(f64, String)> {
    let nights = r.nights();
    let max_ticks = ((plot_w as f64 / 95.0).floor() as i64).max(2);
    let mut out = Vec::new();
    if nights <= 7 * max_ticks.min(9) {
        // Weekly ticks at each seven-night block start, plus daily for a short range.
        let step = if nights <= max_ticks { 1 } else { 7 };
        let mut i = 0;
        while i < nights {
            let d = r.from + Duration::days(i);
            out.push((i as f64, r.style.short(d)));
            i += step;
        }
        return out;
    }
    let months = (r.to.year() - r.from.year()) as i64 * 12 + r.to.month() as i64 - r.from.month() as i64 + 1;
    let step = [1, 2, 3, 6, 12, 24, 60, 120].into_iter().find(|s| months / s < max_ticks).unwrap_or(240);
    let mut y = r.from.year();
    let mut m = r.from.month();
    let mut first = true;
    loop {
        let d = NaiveDate::from_ymd_opt(y, m, 1).expect("valid month start");
        if d > r.to {
            break;
        }
        let idx = y as i64 * 12 + m as i64 - 1;
        if d >= r.from && idx % step == 0 {
            let label = if step >= 12 {
                y.to_string()
            } else if first || m == 1 {
                r.style.month_year(d)
            } else if r.style.order == DateOrder::Iso {
                d.format("%Y-%m").to_string()
            } else {
                month_abbr(m).to_string()
            };
            out.push((r.offset(d), label));
            first = false;
        }
        m += 1;
        if m > 12 {
            m = 1;
            y += 1;
        }
    }
    if out.is_empty() {
        out.push((0.0, r.date(r.from)));
    }
    out
}

/// Widest of `labels` at the label size, px.
pub(crate) fn widest(labels: impl IntoIterator<Item = String>) -> u32 {
    labels.into_iter().map(|l| text_size(&l, LABEL_PX, false).0.ceil() as u32).max().unwrap_or(0)
}

/// A linear f64 axis whose ticks and tick labels are given, not computed.
#[derive(Clone, Debug)]
pub(crate) struct Axis {
    lo: f64,
    hi: f64,
    ticks: Vec<(f64, String)>,
}

impl Axis {
    /// `lo..hi` with labelled ticks at the given positions.
    pub fn new(lo: f64, hi: f64, ticks: Vec<(f64, String)>) -> Self {
        Axis { lo, hi, ticks }
    }
}

impl Ranged for Axis {
    type FormatOption = NoDefaultFormatting;
    type ValueType = f64;

    fn map(&self, v: &f64, limit: (i32, i32)) -> i32 {
        let t = if self.hi == self.lo { 0.0 } else { (v - self.lo) / (self.hi - self.lo) };
        limit.0 + (t * (limit.1 - limit.0) as f64).round() as i32
    }

    fn key_points<H: KeyPointHint>(&self, hint: H) -> Vec<f64> {
        if hint.weight().allow_light_points() {
            Vec::new()
        } else {
            self.ticks.iter().map(|t| t.0).collect()
        }
    }

    fn range(&self) -> std::ops::Range<f64> {
        self.lo..self.hi
    }
}

impl ValueFormatter<f64> for Axis {
    fn format_ext(&self, v: &f64) -> String {
        self.ticks.iter().find(|(x, _)| (x - v).abs() < 1e-9).map(|(_, l)| l.clone()).unwrap_or_default()
    }
}

/// A tick step of 1, 2 or 5 × 10^k (2.5 too unless `whole`) at or above `raw`.
pub(crate) fn nice_step(raw: f64, whole: bool) -> f64 {
    let p = 10f64.powf(raw.max(1e-9).log10().floor());
    let steps: &[f64] = if whole { &[1.0, 2.0, 5.0, 10.0] } else { &[1.0, 2.0, 2.5, 5.0, 10.0] };
    let s = steps.iter().map(|m| m * p).find(|s| *s >= raw).unwrap_or(10.0 * p);
    if whole {
        s.max(1.0)
    } else {
        s
    }
}

/// Ticks `0, step, …` up to the first multiple of a nice step at or above `max` (≥ 1).
pub(crate) fn count_ticks(max: u32, target: u32) -> (f64, Vec<(f64, String)>) {
    let step = nice_step(max.max(1) as f64 / target as f64, true);
    let top = ((max.max(1) as f64) / step).ceil() * step;
    let ticks =
        (0..=((top / step).round() as u32)).map(|i| (i as f64 * step, super::fmt_int(i as f64 * step))).collect();
    (top, ticks)
}
