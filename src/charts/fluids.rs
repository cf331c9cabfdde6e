//! Fluids: total drunk each day (day d precedes night d), coloured by what night d was,
//! cramp nights marked along the top, and the analysis's "low" threshold.

use plotters::prelude::{Circle, Color, PathElement, Rectangle};

use super::layout::*;
use super::style::*;
use super::svg::Tag;
use super::{fmt_int, night_states, plural, Chart, ChartOptions, NightState, Range};
use crate::domain::Diary;

pub(crate) fn render(diary: &Diary, r: &Range, opts: &ChartOptions) -> Drawn<Chart> {
    let states = night_states(diary, r);
    let vu = diary.profile.volume_unit;
    let (unit, per_ml) = (crate::words::unit(vu), vu.from_ml(1.0));
    // Total per day in display units; None = nothing logged that day.
    let mut totals: Vec<Option<f64>> = vec![None; states.len()];
    let lo = diary.days.partition_point(|d| d.date < r.from);
    for day in diary.days[lo..].iter().take_while(|d| d.date <= r.to) {
        if !day.fluids.is_empty() {
            totals[(day.date - r.from).num_days() as usize] = Some(day.total_ml() * per_ml);
        }
    }
    let low = opts.low_fluid_ml.map(|v| v * per_ml);
    let fmt_vol = |v: f64| crate::words::volume(v / per_ml, diary.profile.volume_unit);

    let plot_w = opts.width.saturating_sub(120);
    let n = r.nights() as f64;
    let px_per_day = plot_w as f64 / n;
    // Days when they are wide enough to see; else means over 7- or 28-day blocks.
    let block: usize = if px_per_day >= 1.5 {
        1
    } else if px_per_day * 7.0 >= 4.0 {
        7
    } else {
        28
    };
    let blocks: Vec<Block> = if block == 1 { Vec::new() } else { make_blocks(&totals, &states, block) };

    let title = if block == 1 { "Fluids each day, and the night that followed" } else { "Fluids per day, averaged" };
    let mut legend = if block == 1 {
        vec![
            (Swatch::Fill(VERMILION), "day before a cramp night".to_string()),
            (Swatch::Fill(BLUE), "before a cramp-free night".to_string()),
            (Swatch::Fill(UNKNOWN), "night unknown or not logged".to_string()),
            (Swatch::Dot(VERMILION), "cramp night".to_string()),
            (Swatch::Hatch, "no fluids logged".to_string()),
        ]
    } else {
        vec![
            (Swatch::Fill(BLUE), format!("mean per logged day, {block}-day blocks")),
            (Swatch::Dot(VERMILION), "block with cramp nights".to_string()),
            (Swatch::Hatch, "no fluids logged".to_string()),
        ]
    };
    if let Some(l) = low {
        legend.push((Swatch::Dashed(INK), format!("low: below {}", fmt_vol(l))));
    }
    let (canvas, area, _) = framed(opts, "fluids", title, &legend)?;

    let max = if block == 1 {
        totals.iter().flatten().copied().fold(low.unwrap_or(0.0), f64::max)
    } else {
        blocks.iter().filter_map(|b| b.mean).fold(low.unwrap_or(0.0), f64::max)
    };
    let step = nice_step(if max > 0.0 { max } else { 2500.0 * per_ml } / 5.0, false);
    let y_top = ((max / step).floor() + 1.0) * step;
    let y_max = y_top * 1.08; // headroom for the cramp-night marks
    let y_ticks: Vec<(f64, String)> =
        (0..=((y_top / step).round() as i64)).map(|i| (i as f64 * step, fmt_int(i as f64 * step))).collect();
    let y_label_w = widest(y_ticks.iter().map(|t| t.1.clone())) + 44;
    let mut chart = plot(&area, 20, y_label_w)
        .build_cartesian_2d(Axis::new(0.0, n, date_ticks(r, plot_w)), Axis::new(0.0, y_max, y_ticks))?;
    house_axes(chart.configure_mesh().x_desc("date").y_desc(format!("fluids per day ({unit})"))).draw()?;

    let gap = if px_per_day >= 5.0 { 0.15 } else { 0.0 };
    if block > 1 {
        draw_blocks(&mut chart, &canvas, &blocks, r, y_top, &fmt_vol)?;
    }
    // Runs of days with nothing logged: one hatched band each.
    let mut i = if block == 1 { 0 } else { totals.len() };
    while i < totals.len() {
        if totals[i].is_some() {
            i += 1;
            continue;
        }
        let start = i;
        while i < totals.len() && totals[i].is_none() {
            i += 1;
        }
        let (a, b) = (r.from + chrono::Duration::days(start as i64), r.from + chrono::Duration::days(i as i64 - 1));
        let when = if a == b { r.date(a) } else { format!("{} – {}", r.date(a), r.date(b)) };
        canvas.tag_with(Tag {
            class: "fluid-unlogged",
            title: format!("{when}: no fluids logged"),
            fill: Some(canvas.hatch()),
            extra: r#"opacity="0.6""#,
        });
        chart.draw_series(std::iter::once(Rectangle::new(
            [(start as f64, 0.0), (i as f64, y_top)],
            UNLOGGED.filled(),
        )))?;
        canvas.untag();
    }
    for (i, (t, s)) in totals.iter().zip(&states).enumerate().filter(|_| block == 1) {
        let Some(v) = *t else { continue };
        let d = r.from + chrono::Duration::days(i as i64);
        let (fill, night) = match s {
            NightState::Cramps { .. } => (VERMILION, "cramp night"),
            NightState::Free => (BLUE, "cramp-free night"),
            NightState::Unknown => (UNKNOWN, "night status unknown"),
            NightState::Unlogged => (UNKNOWN, "night not logged"),
        };
        let lowtag = if low.is_some_and(|l| v < l) { " (low)" } else { "" };
        canvas.tag("fluid-day", format!("{}: {}{lowtag}; then a {night}", r.date(d), fmt_vol(v)));
        chart.draw_series(std::iter::once(Rectangle::new(
            [(i as f64 + gap, 0.0), (i as f64 + 1.0 - gap, v)],
            fill.filled(),
        )))?;
        canvas.untag();
    }
    let dot = if px_per_day >= 8.0 { 5 } else { 3 };
    for (i, s) in states.iter().enumerate().filter(|_| block == 1) {
        if let NightState::Cramps { .. } = s {
            let d = r.from + chrono::Duration::days(i as i64);
            let drunk = totals[i].map(fmt_vol).unwrap_or_else(|| "no fluids logged".into());
            canvas.tag("cramp-mark", format!("Cramp night {}; that day: {drunk}", r.date(d)));
            chart.draw_series(std::iter::once(Circle::new((i as f64 + 0.5, y_top * 1.04), dot, VERMILION.filled())))?;
            canvas.untag();
        }
    }
    if let Some(l) = low {
        canvas.tag_with(Tag {
            class: "low-line",
            title: format!("Low fluids (the analysis threshold): below {}", fmt_vol(l)),
            fill: None,
            extra: r#"stroke-dasharray="8 5""#,
        });
        chart.draw_series(std::iter::once(PathElement::new(vec![(0.0, l), (n, l)], INK.stroke_width(2))))?;
        canvas.untag();
    }
    if totals.iter().all(|t| t.is_none()) {
        note(chart.plotting_area(), "No fluids logged in this range")?;
    }
    area.present()?;
    drop(chart);

    let logged: Vec<f64> = totals.iter().flatten().copied().collect();
    let mut alt = format!(
        "Daily fluids from {} to {}: {} of {} days logged",
        r.date(r.from),
        r.date(r.to),
        fmt_int(logged.len() as f64),
        fmt_int(totals.len() as f64)
    );
    if !logged.is_empty() {
        alt.push_str(&format!(", averaging {} a day", fmt_vol(logged.iter().sum::<f64>() / logged.len() as f64)));
    }
    alt.push('.');
    let cramp_days: Vec<f64> = totals
        .iter()
        .zip(&states)
        .filter(|(_, s)| matches!(s, NightState::Cramps { .. }))
        .filter_map(|(t, _)| *t)
        .collect();
    if !cramp_days.is_empty() {
        alt.push_str(&format!(
            " Before cramp nights the average was {} ({}).",
            fmt_vol(cramp_days.iter().sum::<f64>() / cramp_days.len() as f64),
            plural(cramp_days.len() as f64, "day", "days")
        ));
    }
    if let Some(l) = low {
        let n_low = logged.iter().filter(|v| **v < l).count();
        alt.push_str(&format!(
            " {} below the low mark of {}.",
            plural(n_low as f64, "day was", "days were"),
            fmt_vol(l)
        ));
    }
    Ok(Chart { svg: canvas.finish(title, &alt), alt_text: alt })
}

/// A run of `block` days summarised.
struct Block {
    start: usize,
    len: usize,
    logged: usize,
    mean: Option<f64>,
    cramps: usize,
    before_cramps: Option<f64>,
}

fn make_blocks(totals: &[Option<f64>], states: &[NightState], block: usize) -> Vec<Block> {
    (0..totals.len().div_ceil(block))
        .map(|k| {
            let start = k * block;
            let end = (start + block).min(totals.len());
            let vals: Vec<f64> = totals[start..end].iter().flatten().copied().collect();
            let cramp_vals: Vec<f64> = (start..end)
                .filter(|i| matches!(states[*i], NightState::Cramps { .. }))
                .filter_map(|i| totals[i])
                .collect();
            let mean = |v: &[f64]| (!v.is_empty()).then(|| v.iter().sum::<f64>() / v.len() as f64);
            Block {
                start,
                len: end - start,
                logged: vals.len(),
                mean: mean(&vals),
                cramps: (start..end).filter(|i| matches!(states[*i], NightState::Cramps { .. })).count(),
                before_cramps: mean(&cramp_vals),
            }
        })
        .collect()
}

fn draw_blocks<F: Fn(f64) -> String>(
    chart: &mut plotters::chart::ChartContext<
        '_,
        super::svg::SvgBackend,
        plotters::coord::cartesian::Cartesian2d<Axis, Axis>,
    >,
    canvas: &super::svg::Canvas,
    blocks: &[Block],
    r: &Range,
    y_top: f64,
    fmt_vol: &F,
) -> Drawn<()> {
    for b in blocks {
        let (a, z) = (
            r.from + chrono::Duration::days(b.start as i64),
            r.from + chrono::Duration::days((b.start + b.len - 1) as i64),
        );
        let when = format!("{} – {}", r.date(a), r.date(z));
        let (x0, x1) = (b.start as f64, (b.start + b.len) as f64);
        match b.mean {
            None => {
                canvas.tag_with(Tag {
                    class: "fluid-unlogged",
                    title: format!("{when}: no fluids logged"),
                    fill: Some(canvas.hatch()),
                    extra: r#"opacity="0.6""#,
                });
                chart.draw_series(std::iter::once(Rectangle::new([(x0, 0.0), (x1, y_top)], UNLOGGED.filled())))?;
            }
            Some(m) => {
                let mut t =
                    format!("{when}: mean {} per logged day ({} of {} days logged)", fmt_vol(m), b.logged, b.len);
                if let Some(c) = b.before_cramps {
                    t.push_str(&format!("; before cramp nights {}", fmt_vol(c)));
                }
                canvas.tag("fluid-block", t);
                chart.draw_series(std::iter::once(Rectangle::new([(x0, 0.0), (x1, m)], BLUE.filled())))?;
            }
        }
        canvas.untag();
        if b.cramps > 0 {
            canvas.tag("cramp-mark", format!("{when}: {}", plural(b.cramps as f64, "cramp night", "cramp nights")));
            chart.draw_series(std::iter::once(Circle::new(((x0 + x1) / 2.0, y_top * 1.04), 3, VERMILION.filled())))?;
            canvas.untag();
        }
    }
    Ok(())
}
