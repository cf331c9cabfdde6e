//! Weekly: cramp nights per seven-night block, stacked with cramp-free, unknown and
//! not-logged nights so a gap in the diary never looks like a good week; mean episode
//! intensity on a second axis.

use plotters::prelude::{Circle, Color, PathElement, Rectangle, TRANSPARENT};

use super::layout::*;
use super::style::*;
use super::svg::Tag;
use super::{plural, weeks, Chart, ChartOptions, Range, Week};
use crate::domain::Diary;

pub(crate) fn render(diary: &Diary, r: &Range, opts: &ChartOptions) -> Drawn<Chart> {
    let ws = weeks(diary, r);
    let plot_w = opts.width.saturating_sub(170);
    let n = r.nights() as f64;
    let px_per_night = plot_w as f64 / n;
    // With very thin bars, week-to-week intensity is noise: show a 9-week average instead.
    let smooth = px_per_night * 7.0 < 6.0;
    let title = "Cramp nights per week";
    let (canvas, area, _) = framed(
        opts,
        "weekly",
        title,
        &[
            (Swatch::Fill(VERMILION), "cramp nights".into()),
            (Swatch::Fill(FREE), "cramp-free".into()),
            (Swatch::Fill(UNKNOWN), "status unknown".into()),
            (Swatch::Hatch, "not logged".into()),
            (
                Swatch::Line(INK),
                if smooth { "mean intensity, 9-week average (right axis)" } else { "mean intensity (right axis)" }
                    .into(),
            ),
        ],
    )?;
    let ticks = date_ticks(r, plot_w);
    let mut chart = plot(&area, 8, 62)
        .right_y_label_area_size(62)
        .build_cartesian_2d(Axis::new(0.0, n, ticks), 0.0..7.0)?
        .set_secondary_coord(0.0..n, 0.0..10.0);
    house_axes(
        chart
            .configure_mesh()
            .y_labels(8)
            .y_label_formatter(&|v| format!("{v:.0}"))
            .x_desc("date (each bar is 7 nights)")
            .y_desc("nights"),
    )
    .light_line_style(TRANSPARENT)
    .draw()?;
    chart
        .configure_secondary_axes()
        .y_labels(6)
        .y_label_formatter(&|v| format!("{v:.0}"))
        .y_desc("mean intensity (0–10)")
        .label_style(font(LABEL_PX, INK))
        .axis_desc_style(font(AXIS_PX, INK))
        .axis_style(MUTED)
        .draw()?;

    let gap = if px_per_night * 7.0 >= 6.0 { 0.8 } else { 0.0 };
    for w in &ws {
        let (x0, x1) = (w.start + gap / 2.0, w.start + w.nights as f64 - gap / 2.0);
        let mut y = 0.0;
        for (count, fill) in
            [(w.cramps, Some(VERMILION)), (w.free, Some(FREE)), (w.unknown, Some(UNKNOWN)), (w.unlogged, None)]
        {
            if count == 0 {
                continue;
            }
            let y1 = y + count as f64;
            let class = match fill {
                Some(c) if c == VERMILION => "week-cramps",
                Some(c) if c == FREE => "week-free",
                Some(_) => "week-unknown",
                None => "week-unlogged",
            };
            canvas.tag_with(Tag { class, fill: fill.is_none().then(|| canvas.hatch()), ..Tag::default() });
            chart
                .draw_series(std::iter::once(Rectangle::new([(x0, y), (x1, y1)], fill.unwrap_or(UNLOGGED).filled())))?;
            canvas.untag();
            y = y1;
        }
        // One transparent hit target per week carries the tooltip.
        canvas.tag("week", week_title(w, r));
        chart.draw_series(std::iter::once(Rectangle::new([(x0, 0.0), (x1, 7.0)], TRANSPARENT.filled())))?;
        canvas.untag();
    }

    // Mean intensity: a line broken wherever there is no rated episode.
    let level = |i: usize| -> Option<f64> {
        if !smooth {
            return ws[i].mean_intensity();
        }
        let near = &ws[i.saturating_sub(4)..(i + 5).min(ws.len())];
        let (sum, k) = near.iter().fold((0.0, 0), |(s, k), w| (s + w.intensity_sum, k + w.intensity_n));
        (k >= 3).then(|| sum / k as f64)
    };
    let mut run: Vec<(f64, f64)> = Vec::new();
    let mut runs = Vec::new();
    for (i, w) in ws.iter().enumerate() {
        match level(i) {
            Some(m) => run.push((w.start + w.nights as f64 / 2.0, m)),
            None => runs.push(std::mem::take(&mut run)),
        }
    }
    runs.push(run);
    for run in runs.iter().filter(|r| r.len() > 1) {
        chart.draw_secondary_series(std::iter::once(PathElement::new(run.clone(), INK.stroke_width(2))))?;
    }
    if !smooth {
        for w in &ws {
            if let Some(m) = w.mean_intensity() {
                canvas.tag("intensity", format!("{}: mean intensity {m:.1} of 10", w.label(r.style)));
                chart.draw_secondary_series(std::iter::once(Circle::new(
                    (w.start + w.nights as f64 / 2.0, m),
                    4,
                    INK.filled(),
                )))?;
                canvas.untag();
            }
        }
    }
    if ws.iter().all(|w| w.unlogged == w.nights) {
        note(chart.plotting_area(), "No nights logged in this range")?;
    }
    area.present()?;
    drop(chart);
    let alt = alt_text(&ws, r);
    Ok(Chart { svg: canvas.finish(title, &alt), alt_text: alt })
}

fn week_title(w: &Week, r: &Range) -> String {
    let mut parts = vec![plural(w.cramps, "cramp night", "cramp nights"), format!("{} cramp-free", w.free)];
    if w.unknown > 0 {
        parts.push(format!("{} unknown", w.unknown));
    }
    if w.unlogged > 0 {
        parts.push(format!("{} not logged", w.unlogged));
    }
    let mut s = format!("{}: {}", w.label(r.style), parts.join(", "));
    if let Some(m) = w.mean_intensity() {
        s.push_str(&format!("; mean intensity {m:.1}"));
    }
    s
}

fn alt_text(ws: &[Week], r: &Range) -> String {
    let nights: u32 = ws.iter().map(|w| w.nights).sum();
    let cramps: u32 = ws.iter().map(|w| w.cramps).sum();
    let logged: u32 = ws.iter().map(|w| w.nights - w.unlogged).sum();
    let known: u32 = ws.iter().map(|w| w.known()).sum();
    let mut s = format!(
        "Weekly cramp nights, {} to {} ({}): {} of {} logged ({}% of nights logged).",
        r.date(r.from),
        r.date(r.to),
        plural(ws.len() as f64, "week", "weeks"),
        plural(cramps, "cramp night", "cramp nights"),
        plural(logged, "night", "nights"),
        (100.0 * logged as f64 / nights as f64).round()
    );
    if known > 0 {
        s.push_str(&format!(
            " Average {:.1} cramp nights per week of logged nights.",
            7.0 * cramps as f64 / known as f64
        ));
    }
    if let Some(w) = ws.iter().filter(|w| w.cramps > 0).max_by_key(|w| w.cramps) {
        s.push_str(&format!(" Most: {} in {}.", plural(w.cramps, "cramp night", "cramp nights"), w.label(r.style)));
    }
    let (sum, n) = ws.iter().fold((0.0, 0), |(s, n), w| (s + w.intensity_sum, n + w.intensity_n));
    if n > 0 {
        s.push_str(&format!(" Mean intensity {:.1} of 10.", sum / n as f64));
    }
    s
}
