//! Calendar: one cell per night, a row per month, days of the month across.

use chrono::{Datelike, NaiveDate};
use plotters::prelude::{Color, Rectangle};

use super::layout::*;
use super::style::*;
use super::svg::Tag;
use super::{fmt_int, month_abbr, night_states, plural, Chart, ChartOptions, NightState, Range};
use crate::domain::Diary;

pub(crate) fn render(diary: &Diary, r: &Range, opts: &ChartOptions) -> Drawn<Chart> {
    let states = night_states(diary, r);
    let title = "Nights, by month";
    let (canvas, area, top) = framed(
        opts,
        "calendar",
        title,
        &[
            (Swatch::Fill(FREE), "cramp-free".into()),
            (Swatch::Fill(CRAMP_SHADES[0]), "cramps, intensity 0–3".into()),
            (Swatch::Fill(CRAMP_SHADES[1]), "4–6".into()),
            (Swatch::Fill(CRAMP_SHADES[2]), "7–10".into()),
            (Swatch::Fill(CRAMP_SHADES[3]), "cramps, not rated".into()),
            (Swatch::Fill(UNKNOWN), "status unknown".into()),
            (Swatch::Hatch, "not logged".into()),
        ],
    )?;

    let month_index = |d: NaiveDate| (d.year() - r.from.year()) * 12 + d.month() as i32 - r.from.month() as i32;
    let rows = month_index(r.to) + 1;
    let plot_h = (opts.height as i32 - top - LABEL_PX as i32 * 3 - 24).max(40);
    let row_px = plot_h as f64 / rows as f64;
    // Label every month when there is room, else every 3rd, 6th or 12th (January first).
    let every = [1, 3, 6, 12, 24, 60].into_iter().find(|k| row_px * *k as f64 >= LABEL_PX + 4.0).unwrap_or(120);
    let row_ticks: Vec<(f64, String)> = (0..rows)
        .filter_map(|k| {
            let m0 = r.from.month0() as i32 + k;
            let (y, m) = (r.from.year() + m0.div_euclid(12), m0.rem_euclid(12) as u32 + 1);
            let global = y * 12 + m as i32 - 1;
            (every == 1 || global % every == 0).then(|| ((rows - k) as f64 - 0.5, format!("{} {y}", month_abbr(m))))
        })
        .collect();
    let day_ticks: Vec<(f64, String)> =
        [1, 5, 10, 15, 20, 25, 31].iter().map(|d| (*d as f64 - 0.5, d.to_string())).collect();
    let label_w = widest(row_ticks.iter().map(|t| t.1.clone())).max(40) + 14;
    // Keep cells at most 1.5 times taller than wide: spare height is left as white space.
    let col_px = (opts.width as f64 - label_w as f64 - 32.0) / 31.0;
    let area = if row_px > col_px * 1.5 {
        let used = (1.5 * col_px * rows as f64).ceil() as i32 + LABEL_PX as i32 * 3 + 24;
        area.split_vertically(used).0
    } else {
        area
    };
    let mut chart = plot(&area, 16, label_w)
        .build_cartesian_2d(Axis::new(0.0, 31.0, day_ticks), Axis::new(0.0, rows as f64, row_ticks))?;
    house_axes(chart.configure_mesh().x_desc("day of the month")).disable_mesh().draw()?;

    let cell_px = row_px.min(col_px);
    let inset = if cell_px >= 6.0 { 0.06 } else { 0.0 };
    for (i, s) in states.iter().enumerate() {
        let d = r.from + chrono::Duration::days(i as i64);
        let row = (rows - month_index(d)) as f64;
        let col = d.day0() as f64;
        let (class, fill, what) = match *s {
            NightState::Unlogged => ("night unlogged", UNLOGGED, "not logged".to_string()),
            NightState::Unknown => ("night unknown", UNKNOWN, "logged, status unknown".to_string()),
            NightState::Free => ("night free", FREE, "cramp-free".to_string()),
            NightState::Cramps { worst, episodes } => {
                let mut what = "cramps".to_string();
                if episodes > 0 {
                    what.push_str(&format!(" ({}", plural(episodes as f64, "episode", "episodes")));
                    match worst {
                        Some(w) => what.push_str(&format!(", worst intensity {w})")),
                        None => what.push_str(", intensity not rated)"),
                    }
                } else {
                    what.push_str(" (no details)");
                }
                ("night cramps", CRAMP_SHADES[intensity_shade(worst)], what)
            }
        };
        canvas.tag_with(Tag {
            class,
            title: format!("{} {}: {what}", weekday(d), r.date(d)),
            fill: matches!(s, NightState::Unlogged).then(|| canvas.hatch()),
            extra: "",
        });
        chart.draw_series(std::iter::once(Rectangle::new(
            [(col + inset, row - 1.0 + inset), (col + 1.0 - inset, row - inset)],
            fill.filled(),
        )))?;
        canvas.untag();
    }
    area.present()?;
    drop(chart);
    let alt = alt_text(&states, r);
    Ok(Chart { svg: canvas.finish(title, &alt), alt_text: alt })
}

fn weekday(d: NaiveDate) -> &'static str {
    ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"][d.weekday().num_days_from_monday() as usize]
}

fn alt_text(states: &[NightState], r: &Range) -> String {
    let count = |f: fn(&NightState) -> bool| states.iter().filter(|s| f(s)).count() as f64;
    let cramps = count(|s| matches!(s, NightState::Cramps { .. }));
    let mut s = format!(
        "Calendar of {} from {} to {}: {}, {} cramp-free, {} with status unknown and {} not logged.",
        plural(states.len() as f64, "night", "nights"),
        r.date(r.from),
        r.date(r.to),
        plural(cramps, "cramp night", "cramp nights"),
        fmt_int(count(|s| matches!(s, NightState::Free))),
        fmt_int(count(|s| matches!(s, NightState::Unknown))),
        fmt_int(count(|s| matches!(s, NightState::Unlogged))),
    );
    // The month with the most cramp nights.
    let mut best: Option<((i32, u32), usize)> = None;
    let mut cur: Option<((i32, u32), usize)> = None;
    for (i, st) in states.iter().enumerate() {
        let d = r.from + chrono::Duration::days(i as i64);
        let key = (d.year(), d.month());
        if cur.is_none_or(|c| c.0 != key) {
            if let Some(c) = cur {
                if best.is_none_or(|b| c.1 > b.1) {
                    best = Some(c);
                }
            }
            cur = Some((key, 0));
        }
        if matches!(st, NightState::Cramps { .. }) {
            cur.as_mut().expect("set above").1 += 1;
        }
    }
    if let Some(c) = cur {
        if best.is_none_or(|b| c.1 > b.1) {
            best = Some(c);
        }
    }
    if let Some(((y, m), n)) = best.filter(|b| b.1 > 0) {
        s.push_str(&format!(" Most cramp nights: {} {y} ({n}).", month_abbr(m)));
    }
    s
}
