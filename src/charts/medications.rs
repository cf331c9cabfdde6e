//! Medications: one bar per course, coloured by documented-cause class, with start and stop
//! markers, over the weekly cramp rate on the same time axis.

use plotters::prelude::{ChartBuilder, Circle, Color, PathElement, RGBColor, Rectangle};

use super::layout::*;
use super::style::*;
use super::svg::Tag;
use super::{plural, weeks, Chart, ChartOptions, Range};
use crate::domain::{Diary, Medication};

struct Course<'a> {
    med: &'a Medication,
    classes: Vec<String>,
    label: String,
}

pub(crate) fn render(diary: &Diary, r: &Range, opts: &ChartOptions) -> Drawn<Chart> {
    let courses: Vec<Course> = diary
        .medications
        .iter()
        .filter(|m| m.started <= r.to && m.stopped.is_none_or(|s| s >= r.from))
        .map(|m| Course {
            med: m,
            classes: match &opts.classify {
                Some(f) => f(&m.name),
                None => crate::knowledge::medication_classes(&m.name).into_iter().map(String::from).collect(),
            },
            label: short(&if m.dose.trim().is_empty() { m.name.clone() } else { format!("{} {}", m.name, m.dose) }, 26),
        })
        .collect();
    let ws = weeks(diary, r);
    let n = r.nights() as f64;

    // Legend: classes present, then markers and the rate panel's "no data".
    let mut legend: Vec<(Swatch, String)> = Vec::new();
    let mut seen: Vec<String> = Vec::new();
    for c in &courses {
        let keys = if c.classes.is_empty() { vec![String::new()] } else { c.classes.clone() };
        for k in keys {
            if !seen.contains(&k) {
                legend.push((Swatch::Fill(class_color(&k)), class_name(&k)));
                seen.push(k);
            }
        }
    }
    legend.push((Swatch::Dot(INK), "started".into()));
    legend.push((Swatch::VBar(INK), "stopped".into()));
    legend.push((Swatch::Fill(VERMILION), "cramp nights per week".into()));
    let thin = (opts.width.saturating_sub(200)) as f64 / r.nights() as f64 * 7.0 < 6.0;
    if thin {
        legend.push((Swatch::Line(INK), "9-week average".into()));
    }
    legend.push((Swatch::Hatch, "no known nights".into()));

    let title = "Medicines and the weekly cramp rate";
    let (canvas, area, top) = framed(opts, "medications", title, &legend)?;
    let avail = opts.height as i32 - top;
    let rows = courses.len().max(1);
    let med_h = (rows as i32 * 36 + 16).clamp(72, avail / 2);
    let (upper, lower) = area.split_vertically(med_h);

    let plot_w = opts.width.saturating_sub(200);
    let ticks = date_ticks(r, plot_w);
    let label_w = widest(courses.iter().map(|c| c.label.clone())).max(widest(["7".to_string()]) + 40) + 16;
    let label_w = label_w.min(opts.width / 3);

    // Courses.
    let row_ticks: Vec<(f64, String)> =
        courses.iter().enumerate().map(|(i, c)| ((rows - i) as f64 - 0.5, c.label.clone())).collect();
    let mut chart = ChartBuilder::on(&upper)
        .margin_left(8)
        .margin_right(24)
        .y_label_area_size(label_w)
        .build_cartesian_2d(Axis::new(0.0, n, ticks.clone()), Axis::new(0.0, rows as f64, row_ticks))?;
    chart.configure_mesh().label_style(font(LABEL_PX, INK)).bold_line_style(GRID).axis_style(MUTED).draw()?;
    let mut guides: Vec<f64> = Vec::new();
    for (i, c) in courses.iter().enumerate() {
        let y = (rows - i) as f64;
        let a = r.offset(c.med.started.max(r.from));
        let b = r.offset(c.med.stopped.map_or(r.to, |s| s.min(r.to))) + 1.0;
        let keys = if c.classes.is_empty() { vec![String::new()] } else { c.classes.clone() };
        let stripe = 0.56 / keys.len() as f64;
        let names: Vec<String> = keys.iter().map(|k| class_name(k)).collect();
        let when = format!(
            "{} – {}",
            r.date(c.med.started),
            c.med.stopped.map_or_else(|| "still taking".to_string(), |d| r.date(d))
        );
        for (k, key) in keys.iter().enumerate() {
            let y1 = y - 0.22 - stripe * k as f64;
            canvas.tag(
                if k == 0 { "course" } else { "course-stripe" },
                format!("{}: {when}; {}", c.label, names.join(", ")),
            );
            chart
                .draw_series(std::iter::once(Rectangle::new([(a, y1 - stripe), (b, y1)], class_color(key).filled())))?;
            canvas.untag();
        }
        if c.med.started >= r.from {
            canvas.tag("course-start", format!("Started {} on {}", c.label, r.date(c.med.started)));
            chart.draw_series(std::iter::once(Circle::new((a, y - 0.5), 7, INK.filled())))?;
            canvas.untag();
            guides.push(a);
        }
        if let Some(s) = c.med.stopped.filter(|s| *s < r.to) {
            canvas.tag("course-stop", format!("Stopped {} after {}", c.label, r.date(s)));
            chart.draw_series(std::iter::once(PathElement::new(
                vec![(b, y - 0.9), (b, y - 0.1)],
                INK.stroke_width(5),
            )))?;
            canvas.untag();
            guides.push(b);
        }
    }
    if courses.is_empty() {
        note(chart.plotting_area(), "No medicines recorded in this range")?;
    }
    drop(chart);

    // Weekly cramp rate, of nights whose status is known.
    let rate_ticks: Vec<(f64, String)> = (0..=7).map(|i| (i as f64, i.to_string())).collect();
    let mut chart = plot(&lower, 24, label_w)
        .margin_top(18)
        .build_cartesian_2d(Axis::new(0.0, n, ticks), Axis::new(0.0, 7.0, rate_ticks))?;
    house_axes(chart.configure_mesh().x_desc("date").y_desc("cramp nights / week")).draw()?;
    let gap = if thin { 0.0 } else { 0.8 };
    for w in &ws {
        let (x0, x1) = (w.start + gap / 2.0, w.start + w.nights as f64 - gap / 2.0);
        if w.known() == 0 {
            canvas.tag_with(Tag {
                class: "rate-week",
                title: format!("{}: no nights with a known status", w.label(r.style)),
                fill: Some(canvas.hatch()),
                extra: "",
            });
            chart.draw_series(std::iter::once(Rectangle::new([(x0, 0.0), (x1, 7.0)], UNLOGGED.filled())))?;
        } else {
            let rate = 7.0 * w.cramps as f64 / w.known() as f64;
            canvas.tag(
                "rate-week",
                format!(
                    "{}: {} of {} known = {rate:.1} per week",
                    w.label(r.style),
                    plural(w.cramps, "cramp night", "cramp nights"),
                    w.known()
                ),
            );
            // Weeks with few known nights are drawn paler: the rate is less certain.
            let fill = if w.known() >= 4 { VERMILION.filled() } else { VERMILION.mix(0.45).filled() };
            chart.draw_series(std::iter::once(Rectangle::new([(x0, 0.0), (x1, rate.max(0.02))], fill)))?;
        }
        canvas.untag();
    }
    if gap == 0.0 {
        // Thin bars: a 9-week average of the rate shows the trend through the noise.
        let mut run: Vec<(f64, f64)> = Vec::new();
        let mut runs = Vec::new();
        for (i, w) in ws.iter().enumerate() {
            let near = &ws[i.saturating_sub(4)..(i + 5).min(ws.len())];
            let (c, k) = near.iter().fold((0, 0), |(c, k), w| (c + w.cramps, k + w.known()));
            if k >= 14 {
                run.push((w.start + w.nights as f64 / 2.0, 7.0 * c as f64 / k as f64));
            } else {
                runs.push(std::mem::take(&mut run));
            }
        }
        runs.push(run);
        for run in runs.into_iter().filter(|r| r.len() > 1) {
            chart.draw_series(std::iter::once(PathElement::new(run, INK.stroke_width(2))))?;
        }
    }
    for g in &guides {
        canvas.tag_with(Tag { class: "course-guide", extra: r#"stroke-dasharray="5 4""#, ..Tag::default() });
        chart
            .draw_series(std::iter::once(PathElement::new(vec![(*g, 0.0), (*g, 7.0)], INK.mix(0.7).stroke_width(2))))?;
        canvas.untag();
    }
    area.present()?;
    drop(chart);

    let mut alt = format!(
        "{} between {} and {}",
        plural(courses.len() as f64, "medicine course", "medicine courses"),
        r.date(r.from),
        r.date(r.to)
    );
    let listed: Vec<String> = courses
        .iter()
        .take(6)
        .map(|c| {
            let cls: Vec<String> = c.classes.iter().map(|k| class_name(k)).collect();
            let cls = if cls.is_empty() { "no documented link".to_string() } else { cls.join(", ") };
            format!("{} from {} ({cls})", c.med.name, r.date(c.med.started))
        })
        .collect();
    if listed.is_empty() {
        alt.push('.');
    } else {
        alt.push_str(&format!(": {}.", listed.join("; ")));
    }
    let (cramps, known): (u32, u32) = ws.iter().fold((0, 0), |(c, k), w| (c + w.cramps, k + w.known()));
    if known > 0 {
        alt.push_str(&format!(
            " Overall {:.1} cramp nights per week of known nights.",
            7.0 * cramps as f64 / known as f64
        ));
    }
    Ok(Chart { svg: canvas.finish(title, &alt), alt_text: alt })
}

fn class_color(k: &str) -> RGBColor {
    class_style(k).0
}

fn class_name(k: &str) -> String {
    match class_style(k).1 {
        "other class" => k.replace('_', " "),
        name => name.to_string(),
    }
}

/// `text` cut to `max` characters with an ellipsis.
fn short(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        text.to_string()
    } else {
        format!("{}…", text.chars().take(max - 1).collect::<String>().trim_end())
    }
}
