//! Time of night: when episodes start (hour histogram, noon to noon so the night is in one
//! piece), and which muscle and leg cramped.

use plotters::prelude::{Color, Rectangle};

use super::layout::*;
use super::style::*;
use super::svg::text_size;
use super::{fmt_int, plural, Chart, ChartOptions, Range};
use crate::domain::{Diary, Muscle, Side};

/// Hours in display order: 12:00 … 23:00, 00:00 … 11:00.
fn hour_at(bin: usize) -> usize {
    (bin + 12) % 24
}

pub(crate) fn render(diary: &Diary, r: &Range, opts: &ChartOptions) -> Drawn<Chart> {
    let mut hours = [0u32; 24];
    let mut untimed = 0u32;
    // rows: muscles in enum order then "not recorded"; columns: left, right, both, unknown side.
    let mut by_muscle = [[0u32; 4]; 7];
    let mut total = 0u32;
    for night in r.logged(diary) {
        for e in &night.episodes {
            total += 1;
            match e.time {
                Some(t) => hours[(t.hour() as usize + 12) % 24] += 1,
                None => untimed += 1,
            }
            let row = e.muscle.map(|m| Muscle::ALL.iter().position(|x| *x == m).unwrap_or(5)).unwrap_or(6);
            let col = match e.side {
                Some(Side::Left) => 0,
                Some(Side::Right) => 1,
                Some(Side::Both) => 2,
                None => 3,
            };
            by_muscle[row][col] += 1;
        }
    }
    let sides = [(BLUE, "left leg"), (ORANGE, "right leg"), (GREEN, "both legs"), (UNKNOWN, "leg not recorded")];

    let title = "When cramps start, and where";
    let legend: Vec<_> = sides.iter().map(|(c, l)| (Swatch::Fill(*c), l.to_string())).collect();
    let (canvas, area, _) = framed(opts, "time-of-night", title, &legend)?;
    let (left, right) = area.split_horizontally((opts.width as f64 * 0.58) as u32);

    // Hour histogram.
    let (y_top, y_ticks) = count_ticks(hours.iter().copied().max().unwrap_or(0).max(4), 6);
    let hour_ticks: Vec<(f64, String)> = (0..=24)
        .step_by(if opts.width >= 800 { 3 } else { 6 })
        .map(|b| (b as f64, r.style.hour(hour_at(b % 24) as u32)))
        .collect();
    let mut chart = plot(&left, 24, widest(y_ticks.iter().map(|t| t.1.clone())) + 44)
        .build_cartesian_2d(Axis::new(0.0, 24.0, hour_ticks), Axis::new(0.0, y_top, y_ticks))?;
    house_axes(chart.configure_mesh().x_desc("start time (noon to noon)").y_desc("episodes")).draw()?;
    for (bin, n) in hours.iter().enumerate() {
        let h = hour_at(bin);
        canvas.tag("hour", format!("{}: {}", r.style.hour_span(h as u32), plural(*n, "episode", "episodes")));
        chart.draw_series(std::iter::once(Rectangle::new(
            [(bin as f64 + 0.08, 0.0), (bin as f64 + 0.92, *n as f64)],
            VERMILION.filled(),
        )))?;
        canvas.untag();
    }
    if total == untimed {
        note(chart.plotting_area(), "No timed episodes in this range")?;
    }
    drop(chart);

    // Muscle × side breakdown (only rows that occur; all muscles when there is nothing).
    let mut rows: Vec<(String, [u32; 4])> = (0..7)
        .filter(|i| by_muscle[*i].iter().sum::<u32>() > 0)
        .map(|i| (if i < 6 { Muscle::ALL[i].as_str().to_string() } else { "not recorded".into() }, by_muscle[i]))
        .collect();
    if rows.is_empty() {
        rows = Muscle::ALL.iter().map(|m| (m.as_str().to_string(), [0; 4])).collect();
    }
    let n_rows = rows.len();
    let row_ticks: Vec<(f64, String)> =
        rows.iter().enumerate().map(|(i, (name, _))| ((n_rows - i) as f64 - 0.5, name.clone())).collect();
    let (x_top, x_ticks) = count_ticks(rows.iter().map(|r| r.1.iter().sum::<u32>()).max().unwrap_or(0).max(4), 4);
    let label_w = rows.iter().map(|r| text_size(&r.0, LABEL_PX, false).0 as u32).max().unwrap_or(40) + 14;
    let mut chart = plot(&right, 24, label_w)
        .build_cartesian_2d(Axis::new(0.0, x_top, x_ticks), Axis::new(0.0, n_rows as f64, row_ticks))?;
    house_axes(chart.configure_mesh().x_desc("episodes, by muscle")).draw()?;
    for (i, (name, counts)) in rows.iter().enumerate() {
        let y = (n_rows - i) as f64;
        let mut x = 0.0;
        for (k, n) in counts.iter().enumerate() {
            if *n == 0 {
                continue;
            }
            canvas.tag("muscle-side", format!("{name}, {}: {}", sides[k].1, plural(*n, "episode", "episodes")));
            chart.draw_series(std::iter::once(Rectangle::new(
                [(x, y - 0.85), (x + *n as f64, y - 0.15)],
                sides[k].0.filled(),
            )))?;
            canvas.untag();
            x += *n as f64;
        }
    }
    if total == 0 {
        note(chart.plotting_area(), "No episodes")?;
    }
    area.present()?;
    drop(chart);

    let mut alt =
        format!("{} from {} to {}", plural(total, "cramp episode", "cramp episodes"), r.date(r.from), r.date(r.to));
    let timed = total - untimed;
    if timed > 0 {
        let peak = (0..24).max_by_key(|b| (hours[*b], std::cmp::Reverse(*b))).unwrap_or(0);
        let h = hour_at(peak);
        alt.push_str(&format!(
            "; {} with a start time, most often {} ({}).",
            fmt_int(timed as f64),
            r.style.hour_span(h as u32),
            fmt_int(hours[peak] as f64)
        ));
    } else {
        alt.push('.');
    }
    if untimed > 0 && timed > 0 {
        alt.push_str(&format!(" {} had no time.", fmt_int(untimed as f64)));
    }
    if let Some((name, c)) = rows.iter().max_by_key(|r| r.1.iter().sum::<u32>()).filter(|r| r.1.iter().sum::<u32>() > 0)
    {
        alt.push_str(&format!(
            " Most often the {name} ({}); left leg {}, right {}, both {}.",
            fmt_int(c.iter().sum::<u32>() as f64),
            fmt_int(by_muscle.iter().map(|r| r[0]).sum::<u32>() as f64),
            fmt_int(by_muscle.iter().map(|r| r[1]).sum::<u32>() as f64),
            fmt_int(by_muscle.iter().map(|r| r[2]).sum::<u32>() as f64)
        ));
    }
    Ok(Chart { svg: canvas.finish(title, &alt), alt_text: alt })
}
