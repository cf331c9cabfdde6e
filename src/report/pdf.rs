//! The doctor-visit PDF (krilla; charts drawn as vectors through krilla-svg; DejaVu Sans
//! embedded as a subset). Page 1 is what a clinician reads in a minute; then every
//! finding, fluids and exertion, conditions, methods and an appendix of every logged night
//! and episode. A running header (period) and footer ("page x of y", "patient-recorded
//! diary; not a diagnosis") on every page.
//!
//! Every number comes from the [`Analysis`] passed in (the one the app and the CLI show),
//! except the appendix, which lists the diary's own records, and the descriptive fluid
//! totals, which are labelled as such.

use crate::analysis::text::num;
use crate::words;
use std::collections::HashMap;
use std::fmt::Write as _;
use std::sync::{Arc, OnceLock};

use chrono::{Duration, NaiveDate};
use krilla::color::rgb;
use krilla::geom::{PathBuilder, Point, Rect, Size, Transform};
use krilla::metadata::Metadata;
use krilla::page::PageSettings;
use krilla::paint::{Fill, Stroke};
use krilla::text::{Font, TextDirection};
use krilla::Document;
use krilla_svg::{SurfaceExt, SvgSettings};

use crate::analysis::{
    analyze_styled, Analysis, AnalysisOptions, Caveat, Event, Finding, FindingKind, Tier, Verdict, Window, DONT_STOP,
};
use crate::charts::{self, ChartKind, ChartOptions};
use crate::domain::{Diary, Medication, NightStatus};
use crate::error::{Error, Result};
use crate::locale::DateStyle;

use super::layout::{self, col, num_col, Column, Flow, Frame, Metrics, Op, Rgb, Row};
use super::{class_names, Paper, PatientInfo};

/// What to put in the PDF.
#[derive(Debug, Clone, Default)]
pub struct PdfOptions {
    /// Paper size.
    pub paper: Paper,
    /// Name and date of birth, only if the user chose to include them.
    pub patient: PatientInfo,
    /// The date the report is made (shown on page 1).
    pub generated: Option<NaiveDate>,
    /// How the body writes dates and times; the appendix tables are always ISO.
    pub style: DateStyle,
}

/// A laid-out report: pages of drawing operations, before they are written as PDF.
#[derive(Debug, Clone)]
pub struct Laid {
    /// Operations per page, header and footer included.
    pub pages: Vec<Vec<Op>>,
    /// Page size in pt.
    pub page_size: (f32, f32),
    /// Margin every mark stays inside, pt.
    pub margin: f32,
    svgs: Vec<String>,
}

impl Laid {
    /// Marks that leave the margins (empty when everything is inside the page).
    pub fn out_of_bounds(&self) -> Vec<String> {
        layout::out_of_bounds(&self.pages, self.page_size.0, self.page_size.1, self.margin)
    }

    /// How many charts are drawn on a page (0-based).
    pub fn charts_on_page(&self, page: usize) -> usize {
        self.pages[page].iter().filter(|op| matches!(op, Op::Svg { .. })).count()
    }

    /// All text on a page, in drawing order, one op per line.
    pub fn page_text(&self, page: usize) -> String {
        let mut s = String::new();
        for op in &self.pages[page] {
            if let Op::Text { text, .. } = op {
                s.push_str(text);
                s.push('\n');
            }
        }
        s
    }
}

/// Analyses `diary` over `from..=to` (as the app and `analyze` do) and writes the PDF.
pub fn render(diary: &Diary, today: NaiveDate, range: &AnalysisOptions, opts: &PdfOptions) -> Result<Vec<u8>> {
    let analysis = analyze_styled(diary, today, range, opts.style);
    let opts = PdfOptions { generated: opts.generated.or(Some(today)), ..opts.clone() };
    render_with(diary, &analysis, &opts)
}

/// Writes the PDF for an analysis already made.
pub fn render_with(diary: &Diary, analysis: &Analysis, opts: &PdfOptions) -> Result<Vec<u8>> {
    let laid = lay_out(diary, analysis, opts)?;
    write_pdf(&laid, analysis, opts)
}

pub(super) const MARGIN: f32 = 42.0;
pub(super) const BODY: f32 = 9.5;
pub(super) const SMALL: f32 = 8.5;
pub(super) const H1: f32 = 16.0;
pub(super) const H2: f32 = 12.0;
const LABEL_W: f32 = 132.0;

pub(super) fn metrics() -> &'static Metrics {
    static M: OnceLock<Metrics> = OnceLock::new();
    M.get_or_init(Metrics::new)
}

fn one(x: Option<f64>, unit: &str) -> String {
    x.map_or("–".to_string(), |v| format!("{v:.1}{unit}"))
}

fn pct(x: f64) -> String {
    format!("{:.0}%", x * 100.0)
}

fn kind_label(f: &Finding) -> String {
    match f.kind {
        FindingKind::MedicationStart => match f.event {
            Some(Event::DoseChange) => format!("{}: new dose", f.subject),
            _ => format!("{}: started", f.subject),
        },
        FindingKind::MedicationStop => format!("{}: stopped", f.subject),
        FindingKind::Hydration => "Low-fluid days".into(),
        FindingKind::Exertion => "High-exertion days".into(),
        FindingKind::ChemotherapyCycles => format!("{}: treatment cycles", f.subject),
        FindingKind::Trend => "Trend".into(),
        _ => f.subject.clone(),
    }
}

fn window_cell(w: Option<&Window>, style: DateStyle) -> String {
    match w {
        Some(w) => format!(
            "{} of {} nights ({}/wk)\n{} – {}",
            w.cramp_nights,
            w.logged_nights,
            w.cramp_nights_per_week.map_or("–".into(), |r| format!("{r:.1}")),
            style.short_year(w.from),
            style.short_year(w.to)
        ),
        None => "–".into(),
    }
}

fn group_cell(g: Option<&crate::analysis::Group>) -> String {
    match g {
        Some(g) => {
            let rate = if g.logged_nights > 0 {
                format!("{:.1}/wk", g.cramp_nights as f64 / g.logged_nights as f64 * 7.0)
            } else {
                "–".into()
            };
            format!("{} of {} nights ({rate})\n{}", g.cramp_nights, g.logged_nights, g.label)
        }
        None => "–".into(),
    }
}

fn rr_cell(f: &Finding) -> String {
    match f.rate_ratio {
        Some(rr) => {
            let level = f.ci_level.unwrap_or(0.95) * 100.0;
            format!("{}\n{}% CI {}–{}", num(Some(rr)), (level * 10.0).round() / 10.0, num(f.ci_low), num(f.ci_high))
        }
        None => match f.ci_low {
            Some(lo) if lo > 0.0 => format!("not estimable\n(at least {})", num(Some(lo))),
            _ => "–".into(),
        },
    }
}

fn is_comparison(f: &Finding) -> bool {
    f.verdict.is_some() && f.kind != FindingKind::Trend
}

fn finding_row(f: &Finding, style: DateStyle) -> Row {
    let (before, after) = match f.kind {
        FindingKind::Hydration | FindingKind::Exertion => {
            (group_cell(f.reference.as_ref()), group_cell(f.exposed.as_ref()))
        }
        _ => (window_cell(f.before.as_ref(), style), window_cell(f.after.as_ref(), style)),
    };
    let mut verdict = f.verdict.map_or(String::new(), |v| words::verdict(v).to_string());
    // Why a link is only "possible": chance, or something the diary cannot tell apart.
    if f.verdict == Some(Verdict::PossibleLink) {
        verdict.push_str(if f.caveats.contains(&Caveat::CannotSeparate) {
            "
(cannot tell which change)"
        } else if f.caveats.contains(&Caveat::SeasonNotSeparable) {
            "
(or the season)"
        } else {
            "
(could be chance)"
        });
    }
    if f.exploratory {
        verdict.push_str("\n(exploratory)");
    }
    Row { cells: vec![kind_label(f), before, after, rr_cell(f), verdict], ..Row::default() }
}

fn finding_cols() -> Vec<Column> {
    vec![
        col("What changed", 2.1),
        col("Before / other days: cramp nights", 2.6),
        col("After / exposed: cramp nights", 2.6),
        col("Rate ratio (interval)", 2.0),
        col("What the diary shows", 1.8),
    ]
}

fn med_cols() -> Vec<Column> {
    vec![
        col("Medicine", 2.2),
        col("Dose", 1.4),
        col("Documented cause of cramps (class)", 2.8),
        col("Started", 1.2),
        col("Stopped", 1.2),
    ]
}

fn med_row(m: &Medication, style: DateStyle) -> Row {
    Row {
        cells: vec![
            m.name.clone(),
            m.dose.clone(),
            classes_text(&m.name),
            style.short_year(m.started),
            m.stopped.map_or("still taking".into(), |d| style.short_year(d)),
        ],
        ..Row::default()
    }
}

fn classes_text(name: &str) -> String {
    let c = class_names(name);
    if c.is_empty() {
        "no documented link".into()
    } else {
        c.join(", ")
    }
}

/// Page 1 with at most `max_findings` comparison rows and `max_meds` medicine rows;
/// returns the flow, the chart SVGs, and the courses shown and left for later.
#[allow(clippy::type_complexity)]
fn page_one<'d>(
    diary: &'d Diary,
    a: &Analysis,
    opts: &PdfOptions,
    frame: Frame,
    max_findings: usize,
    max_meds: usize,
    cache: &mut HashMap<(ChartKind, u32, u32), String>,
) -> Result<(Flow<'static>, Vec<String>, Vec<&'d Medication>, Vec<&'d Medication>)> {
    let mut f = Flow::new(metrics(), frame);
    let d = Doc { diary, a, opts, frame };
    f.paragraph("Night-time leg cramps: patient diary summary", H1, true, layout::INK, 0.0);
    patient_line(&mut f, &opts.patient, opts.generated, opts.style);
    f.paragraph(
        "Recorded by the patient each morning. It shows associations in the patient's own diary, not a diagnosis.",
        SMALL,
        false,
        layout::MUTED,
        0.0,
    );
    f.gap(6.0);
    at_a_glance(&mut f, &d);
    warning_signs(&mut f, &d);
    let shown = findings_table(&mut f, &d, max_findings);
    let (meds, older) = recent_medicines(&mut f, diary, a.period, &shown, max_meds, opts.style);
    let svgs = page_one_charts(&mut f, &d, cache)?;
    Ok((f, svgs, meds, older))
}

/// The period, completeness, rate, trend, episodes and where and when, one line each.
fn at_a_glance(f: &mut Flow, d: &Doc) {
    let (n, s, period, st) = (&d.a.nights, &d.a.summary, d.a.period, d.opts.style);
    kv(
        f,
        "Period",
        &format!("{} ({})", st.range(period.from, period.to), words::count(n.calendar as usize, "night", "nights")),
    );
    kv(
        f,
        "Diary completeness",
        &format!(
            "{} of {} nights logged ({}): {} with cramps, {} without, {} unsure",
            n.logged,
            n.calendar,
            pct(n.completeness),
            n.cramp,
            n.none,
            n.unknown
        ),
    );
    kv(
        f,
        "Cramp nights per week",
        &format!(
            "{} ({} cramp nights in {} nights with a known answer)",
            one(s.cramp_nights_per_week, ""),
            n.cramp,
            n.known()
        ),
    );
    let t = &s.trend;
    let trend = match t.rate_ratio_per_90_days {
        Some(rr) => format!(
            "{}: rate ratio {} per 90 days (95% CI {} – {})",
            words::in_sentence(words::trend(t.direction)),
            num(Some(rr)),
            num(t.ci_low),
            num(t.ci_high)
        ),
        None => words::in_sentence(words::trend(crate::analysis::Direction::NotEnoughData)),
    };
    kv(f, "Trend", &trend);
    kv(
        f,
        "Episodes",
        &format!(
            "{} in total; {} per cramp night; mean intensity {}; mean duration {}",
            s.episodes,
            one(s.episodes_per_cramp_night, ""),
            one(s.mean_intensity, "/10"),
            one(s.mean_duration_min, " min")
        ),
    );
    kv(f, "Sleep disturbance", &format!("mean {} on cramp nights", one(s.mean_sleep_disturbance, "/10")));
    let mut where_ = Vec::new();
    if !s.sides.is_empty() {
        where_
            .push(format!("legs: {}", s.sides.iter().map(|(k, v)| format!("{k} {v}")).collect::<Vec<_>>().join(", ")));
    }
    if !s.muscles.is_empty() {
        where_.push(format!(
            "muscles: {}",
            s.muscles.iter().map(|(k, v)| format!("{k} {v}")).collect::<Vec<_>>().join(", ")
        ));
    }
    if let Some((h, c)) = s.busiest_hour() {
        where_.push(format!("most start {} ({c} of {})", st.hour_span(h), s.episodes));
    }
    if !where_.is_empty() {
        kv(f, "Where and when", &where_.join("; "));
    }
}

/// Red flags, most urgent first, each in a box.
fn warning_signs(f: &mut Flow, d: &Doc) {
    let st = d.opts.style;
    // Red flags first.
    let flags: Vec<&Finding> = d.a.findings.iter().filter(|x| x.kind == FindingKind::RedFlag).collect();
    if !flags.is_empty() {
        f.heading("Warning signs noted in the diary", H2, 30.0);
        for fl in &flags {
            let mut head = format!("{}: {}", words::tier(fl.tier), fl.subject.replace('_', " "));
            if let Some(d) = fl.evidence.iter().map(|e| e.date).max() {
                let _ = write!(head, " (last noted {})", st.date(d));
            }
            let first = first_sentence(&fl.message);
            let (bg, ink) = if fl.tier <= Tier::Urgent {
                (layout::ALERT_BG, layout::ALERT)
            } else {
                (layout::NOTE_BG, layout::NOTE)
            };
            f.boxed(&[(head, true), (first, false)], SMALL, bg, ink);
            f.gap(3.0);
        }
    }
}

/// The comparisons table (at most `max` rows); returns the findings shown.
fn findings_table<'a>(f: &mut Flow, d: &Doc<'a>, max: usize) -> Vec<&'a Finding> {
    let st = d.opts.style;
    // Findings with their numbers.
    let comparisons: Vec<&'a Finding> = d.a.findings.iter().filter(|x| is_comparison(x)).collect();
    let mut ranked = comparisons.clone();
    let rank = |x: &Finding| match x.verdict {
        Some(Verdict::LikelyLink) => 0,
        Some(Verdict::PossibleLink) => 1,
        Some(Verdict::Inconclusive) => 2,
        Some(Verdict::NoClearLink) => 3,
        _ => 4,
    };
    ranked.sort_by_key(|x| (x.tier, rank(x)));
    let shown: Vec<&'a Finding> =
        ranked.iter().copied().filter(|x| x.verdict != Some(Verdict::NotEnoughData)).take(max).collect();
    f.heading("Findings: cramp nights before and after each change", H2, 40.0);
    if shown.is_empty() {
        f.paragraph("No comparison has enough nights yet to show anything either way.", BODY, false, layout::INK, 0.0);
    } else {
        let rows: Vec<Row> = shown.iter().map(|x| finding_row(x, st)).collect();
        f.table(&finding_cols(), &rows, SMALL);
    }
    let rest = comparisons.len() - shown.len();
    let mut note =
        "Rate ratio: cramp-night rate after (or on exposed days) ÷ before; 1 = no change. The intervals allow for runs of bad nights and for the number of comparisons.".to_string();
    if rest > 0 {
        let _ =
            write!(note, " {} more comparison{} in \"All findings\".", rest, if rest == 1 { " is" } else { "s are" });
    }
    f.paragraph(&note, SMALL - 0.5, false, layout::MUTED, 0.0);

    shown
}

/// Current and recent medicines (at most `max` rows); returns those shown and those left for
/// "All medicines in the period".
fn recent_medicines<'d>(
    f: &mut Flow,
    diary: &'d Diary,
    period: crate::analysis::Period,
    shown: &[&Finding],
    max_meds: usize,
    st: DateStyle,
) -> (Vec<&'d Medication>, Vec<&'d Medication>) {
    // Medications: current ones and those started or stopped in the last 180 days of the
    // period (or behind a finding shown above) on page 1; every other course in the period
    // after the findings.
    let recent_from = period.to - Duration::days(180);
    let in_period: Vec<&Medication> = diary
        .medications
        .iter()
        .filter(|m| m.started <= period.to && m.stopped.is_none_or(|s| s >= period.from - Duration::days(180)))
        .collect();
    let on_page1 = |m: &Medication| {
        m.stopped.is_none_or(|s| s >= recent_from)
            || m.started >= recent_from
            || shown.iter().any(|x| x.subject == m.name)
    };
    let (mut meds, mut older): (Vec<&Medication>, Vec<&Medication>) = in_period.into_iter().partition(|m| on_page1(m));
    if meds.len() > max_meds {
        // Keep the ones still taken, then the most recently stopped; show them by start.
        meds.sort_by_key(|m| std::cmp::Reverse(m.stopped.unwrap_or(NaiveDate::MAX)));
        let extra = meds.split_off(max_meds);
        older.extend(extra);
        meds.sort_by_key(|m| m.started);
        older.sort_by_key(|m| m.started);
    }
    f.heading("Current and recent medicines", H2, 30.0);
    if meds.is_empty() {
        f.paragraph("None recorded.", BODY, false, layout::INK, 0.0);
    } else {
        f.table(&med_cols(), &meds.iter().map(|m| med_row(m, st)).collect::<Vec<_>>(), SMALL);
    }
    if !older.is_empty() {
        f.paragraph(
            &format!(
                "{} more course{} in the period: see \"All medicines in the period\".",
                older.len(),
                if older.len() == 1 { "" } else { "s" }
            ),
            SMALL - 0.5,
            false,
            layout::MUTED,
            0.0,
        );
    }

    (meds, older)
}

/// The weekly and medicines charts: stacked full width when they fit, else side by side,
/// else on the next page.
fn page_one_charts(f: &mut Flow, d: &Doc, cache: &mut HashMap<(ChartKind, u32, u32), String>) -> Result<Vec<String>> {
    let (diary, period, st, frame) = (d.diary, d.a.period, d.opts.style, d.frame);
    let mut svgs = Vec::new();
    let classify: charts::Classifier =
        Arc::new(|name: &str| crate::knowledge::medication_classes(name).into_iter().map(String::from).collect());
    // Many courses make an unreadable timeline at this size: page 1 then charts the last
    // 12 months, and the whole period gets a full-width timeline later.
    let crowded = crowded_courses(diary, period);
    let med_from = if crowded { period.from.max(period.to - Duration::days(364)) } else { period.from };
    let mut chart = |kind: ChartKind, w: u32, h: u32| -> Result<String> {
        if let Some(svg) = cache.get(&(kind, w, h)) {
            return Ok(svg.clone());
        }
        let from = if kind == ChartKind::Medications { med_from } else { period.from };
        let mut co = ChartOptions::new(from, period.to);
        co.style = st;
        co.width = w;
        co.height = h;
        co.classify = Some(classify.clone());
        let svg = charts::render_svg(kind, diary, &co)?.svg;
        cache.insert((kind, w, h), svg.clone());
        Ok(svg)
    };
    let kinds = [ChartKind::Weekly, ChartKind::Medications];
    let full_w = frame.width();
    let stacked_h = full_w * 320.0 / 960.0;
    let gap = 8.0;
    if f.room() >= 2.0 * (stacked_h + gap) {
        // Share the room, up to 400 px tall each.
        let px_h = (((f.room() / 2.0 - gap) / full_w * 960.0).floor() as u32).clamp(320, 400);
        for kind in kinds {
            svgs.push(chart(kind, 960, px_h)?);
            f.gap(gap);
            f.svg(svgs.len() - 1, full_w, full_w * px_h as f32 / 960.0);
        }
    } else {
        let half_w = (full_w - 12.0) / 2.0;
        let (px_w, px_h) = (640u32, 420u32);
        let h = half_w * px_h as f32 / px_w as f32;
        f.gap(gap);
        if f.room() < h {
            f.page_break();
        }
        let y = f.y;
        for (i, kind) in kinds.into_iter().enumerate() {
            // The medication chart's name column is clipped on narrow canvases: draw it on
            // a wider one of the same shape.
            let k = if kind == ChartKind::Medications { 1.2 } else { 1.0 };
            svgs.push(chart(kind, (px_w as f32 * k) as u32, (px_h as f32 * k) as u32)?);
            f.y = y;
            f.svg_at(frame.left + i as f32 * (half_w + 12.0), svgs.len() - 1, half_w, h);
        }
    }
    if crowded {
        f.gap(2.0);
        f.paragraph(
            &format!(
                "Medicines chart: {med_from} to {} only. Every course in the period is charted under \"All medicines in the period\".",
                period.to
            ),
            SMALL - 0.5,
            false,
            layout::MUTED,
            0.0,
        );
    }

    Ok(svgs)
}

/// Medication courses overlapping the period.
fn courses_in(diary: &Diary, period: crate::analysis::Period) -> usize {
    diary.medications.iter().filter(|m| m.started <= period.to && m.stopped.is_none_or(|s| s >= period.from)).count()
}

/// Whether the medicines timeline is too crowded for page 1.
fn crowded_courses(diary: &Diary, period: crate::analysis::Period) -> bool {
    courses_in(diary, period) > 8
}

/// Builds the pages.
pub fn lay_out(diary: &Diary, a: &Analysis, opts: &PdfOptions) -> Result<Laid> {
    let (pw, ph) = opts.paper.size_pt();
    let frame = Frame { left: MARGIN, right: pw - MARGIN, top: MARGIN + 24.0, bottom: ph - MARGIN - 22.0 };
    // Page 1 must hold the charts: fewer table rows until it does (the rest follow later).
    let tries = [(5, usize::MAX), (4, 8), (3, 6), (2, 4), (1, 3)];
    let mut built = None;
    let mut cache = HashMap::new();
    for (i, &(max_f, max_m)) in tries.iter().enumerate() {
        let r = page_one(diary, a, opts, frame, max_f, max_m, &mut cache)?;
        if r.0.pages.len() == 1 || i + 1 == tries.len() {
            built = Some(r);
            break;
        }
    }
    let (mut f, mut svgs, meds, older) = built.expect("at least one try");
    let d = Doc { diary, a, opts, frame };
    f.page_break();
    all_findings(&mut f, &d);
    all_medicines(&mut f, &d, &mut svgs, &meds, &older)?;
    fluids_and_exertion(&mut f, &d);
    conditions(&mut f, &d);
    safety_and_experiments(&mut f, &d);
    methods(&mut f, &d);
    appendix(&mut f, &d);
    let mut pages = f.pages;
    header_and_footer(&mut pages, &d);
    Ok(Laid { pages, page_size: (pw, ph), margin: MARGIN - 0.5, svgs })
}

/// What every section of the report reads.
struct Doc<'a> {
    diary: &'a Diary,
    a: &'a Analysis,
    opts: &'a PdfOptions,
    frame: Frame,
}

/// "All findings": every finding with its numbers, evidence and advice.
fn all_findings(f: &mut Flow, d: &Doc) {
    let (a, opts) = (d.a, d.opts);
    f.heading("All findings", H2 + 2.0, 40.0);
    if a.findings.is_empty() {
        f.paragraph("No findings yet.", BODY, false, layout::INK, 0.0);
    }
    for x in &a.findings {
        let mut title = format!("{} · {}", words::tier(x.tier), kind_label(x).replace('_', " "));
        if let Some(v) = x.verdict {
            let _ = write!(title, " · {}", words::verdict(v));
        }
        let h =
            f.paragraph_height(&title, BODY, true, 0.0) + f.paragraph_height(&x.message, BODY, false, 8.0).min(60.0);
        f.gap(4.0);
        f.ensure(h);
        f.paragraph(&title, BODY, true, if x.tier <= Tier::Urgent { layout::ALERT } else { layout::INK }, 0.0);
        f.paragraph(&x.message, BODY, false, layout::INK, 8.0);
        let mut nums = Vec::new();
        if let Some(p) = x.p_value {
            nums.push(format!("p = {}", fmt_p(p)));
        }
        if let Some(p) = x.p_adjusted {
            nums.push(format!("Holm-adjusted p = {}", fmt_p(p)));
        }
        if let Some(sv) = &x.sensitivity {
            nums.push(format!(
                "missing nights as cramp-free: {} ({}); as cramp nights: {} ({})",
                num(sv.missing_as_none.rate_ratio),
                words::in_sentence(words::verdict(sv.missing_as_none.verdict)),
                num(sv.missing_as_cramps.rate_ratio),
                words::in_sentence(words::verdict(sv.missing_as_cramps.verdict))
            ));
        }
        if let Some(r) = &x.rule {
            nums.push(format!("rule: {r}"));
        }
        if !nums.is_empty() {
            f.paragraph(&nums.join("; "), SMALL, false, layout::MUTED, 8.0);
        }
        if !x.evidence.is_empty() {
            let ev: Vec<String> = x
                .evidence
                .iter()
                .take(12)
                .map(|e| {
                    let mut s = format!("{} {}", opts.style.date(e.date), e.symptom.replace('_', " "));
                    if let Some(side) = e.side {
                        let _ = write!(s, " ({side})");
                    }
                    if let Some(d) = &e.detail {
                        let _ = write!(s, ": {d}");
                    }
                    s
                })
                .collect();
            let more = x.evidence.len().saturating_sub(12);
            let tail = if more > 0 { format!("; and {more} more") } else { String::new() };
            f.paragraph(&format!("Noted: {}{tail}", ev.join("; ")), SMALL, false, layout::MUTED, 8.0);
        }
        if !x.advice.is_empty() {
            f.paragraph(&format!("What to do: {}", x.advice), SMALL, false, layout::INK, 8.0);
        }
    }
    if a.findings.iter().any(|x| matches!(x.kind, FindingKind::MedicationStart | FindingKind::MedicationStop)) {
        f.gap(4.0);
        f.paragraph(DONT_STOP, BODY, true, layout::INK, 0.0);
    }
}

/// "All medicines in the period", when page 1 could not show them all (with the full timeline when crowded).
fn all_medicines(
    f: &mut Flow,
    d: &Doc,
    svgs: &mut Vec<String>,
    meds: &[&Medication],
    older: &[&Medication],
) -> Result<()> {
    let (diary, opts) = (d.diary, d.opts);
    let period = d.a.period;
    let frame = d.frame;
    let crowded = crowded_courses(diary, period);
    if !older.is_empty() || crowded {
        // The full timeline, when page 1 could only show the last 12 months.
        let timeline = if crowded {
            let count = courses_in(diary, period) as u32;
            let px_h = (160 + 26 * count).clamp(320, 1500);
            let mut co = ChartOptions::new(period.from, period.to);
            co.style = opts.style;
            co.height = px_h;
            co.classify = Some(Arc::new(|name: &str| {
                crate::knowledge::medication_classes(name).into_iter().map(String::from).collect()
            }));
            svgs.push(charts::render_svg(ChartKind::Medications, diary, &co)?.svg);
            let max_h = frame.bottom - frame.top - 40.0;
            let (mut w, mut h) = (frame.width(), frame.width() * px_h as f32 / 960.0);
            if h > max_h {
                w *= max_h / h;
                h = max_h;
            }
            Some((svgs.len() - 1, w, h))
        } else {
            None
        };
        f.heading("All medicines in the period", H2 + 2.0, timeline.map_or(40.0, |t| t.2 + 4.0));
        if let Some((index, w, h)) = timeline {
            f.svg(index, w, h);
            f.gap(6.0);
        }
        let mut all: Vec<&Medication> = meds.iter().chain(older).copied().collect();
        all.sort_by_key(|m| m.started);
        let all: Vec<Row> = all.iter().map(|m| med_row(m, opts.style)).collect();
        f.table(&med_cols(), &all, SMALL);
    }
    Ok(())
}

/// "Fluids and exertion": the counts from `Analysis::days` and the two findings.
fn fluids_and_exertion(f: &mut Flow, d: &Doc) {
    let (diary, a, opts) = (d.diary, d.a, d.opts);
    let n = &d.a.nights;
    f.heading("Fluids and exertion", H2 + 2.0, 40.0);
    let hyd = a.findings.iter().find(|x| x.kind == FindingKind::Hydration);
    let exe = a.findings.iter().find(|x| x.kind == FindingKind::Exertion);
    let days = &a.days;
    let unit = diary.profile.volume_unit;
    let mut desc = format!("Drinks were logged on {} of {} days.", days.fluid_days, n.calendar);
    if let (Some(median), Some(lowest), Some(highest)) =
        (days.fluid_median_ml, days.fluid_lowest_ml, days.fluid_highest_ml)
    {
        let _ = write!(
            desc,
            " Daily total: median {} (lowest {}, highest {}).",
            words::volume(median, unit),
            words::volume(lowest, unit),
            words::volume(highest, unit)
        );
    }
    let _ = write!(desc, " Exertion was scored on {} days", days.exertion_days);
    if days.exertion_days > 0 {
        let _ = write!(desc, "; {} of them {}/10 or more", days.high_exertion_days, crate::analysis::HIGH_EXERTION);
    }
    desc.push('.');
    f.paragraph(&desc, BODY, false, layout::INK, 0.0);
    let groups: Vec<&Finding> = [hyd, exe].into_iter().flatten().collect();
    if !groups.is_empty() {
        f.gap(4.0);
        let rows: Vec<Row> = groups.iter().map(|x| finding_row(x, opts.style)).collect();
        f.table(&finding_cols(), &rows, SMALL);
        for x in &groups {
            if let Some(r) = &x.rule {
                f.paragraph(&format!("{}: {r}.", kind_label(x)), SMALL, false, layout::MUTED, 0.0);
            }
        }
    }
}

/// "Conditions" and the causes each is documented to bring.
fn conditions(f: &mut Flow, d: &Doc) {
    let (diary, opts) = (d.diary, d.opts);
    f.heading("Conditions", H2 + 2.0, 30.0);
    if diary.conditions.is_empty() {
        f.paragraph("None recorded.", BODY, false, layout::INK, 0.0);
    } else {
        let rows: Vec<Row> = diary
            .conditions
            .iter()
            .map(|c| {
                let causes: Vec<&str> = crate::knowledge::condition_causes(&c.name)
                    .into_iter()
                    .map(|id| crate::knowledge::cause(id).map_or(id, |k| k.name.as_str()))
                    .collect();
                Row {
                    cells: vec![
                        c.name.clone(),
                        c.since.map_or("–".into(), |d| opts.style.short_year(d)),
                        if causes.is_empty() { "no documented link".into() } else { causes.join(", ") },
                    ],
                    ..Row::default()
                }
            })
            .collect();
        f.table(&[col("Condition", 3.0), col("Since", 1.2), col("Documented cause of cramps", 3.0)], &rows, SMALL);
    }
}

/// The quinine safety notes (when it is taken) and each self-experiment.
fn safety_and_experiments(f: &mut Flow, d: &Doc) {
    let (diary, opts) = (d.diary, d.opts);
    let period = d.a.period;
    if crate::knowledge::takes_quinine(&diary.medications) {
        f.heading(crate::knowledge::QUININE_SAFETY_TITLE, H2 + 2.0, 30.0);
        for line in crate::knowledge::QUININE_SAFETY {
            f.paragraph(line, BODY, false, layout::INK, 0.0);
        }
    }
    for t in &diary.experiments {
        experiment(f, diary, t, opts.generated.unwrap_or(period.to.succ_opt().unwrap_or(period.to)), opts.style);
    }
}

/// "How the numbers were made".
fn methods(f: &mut Flow, d: &Doc) {
    let a = d.a;
    f.heading("How the numbers were made", H2, 30.0);
    for note in &a.methods.notes {
        f.paragraph(&format!("• {note}"), SMALL, false, layout::MUTED, 0.0);
    }
}

/// The appendix: every logged night and cramp in the period, ISO dates.
fn appendix(f: &mut Flow, d: &Doc) {
    let diary = d.diary;
    let period = d.a.period;
    f.page_break();
    f.heading("Appendix: every logged night and cramp in the period", H2 + 2.0, 40.0);
    f.paragraph(
        "One row per night; nights with several cramps have one row per cramp (shaded). Sleep: how much the night's sleep was disturbed, 0–10. Time: when the cramp started, on the night that began on the evening of the date. Intensity: 0–10. Nights never logged are not listed.",
        SMALL,
        false,
        layout::MUTED,
        0.0,
    );
    f.gap(3.0);
    let lo = diary.nights.partition_point(|x| x.date < period.from);
    let hi = diary.nights.partition_point(|x| x.date <= period.to);
    let mut rows = Vec::with_capacity((hi - lo) * 2);
    for night in &diary.nights[lo..hi] {
        let status = match night.status {
            NightStatus::Cramps => "cramps",
            NightStatus::None => "none",
            NightStatus::Unknown => "unsure",
        };
        let sleep = night.sleep_disturbance.map_or(String::new(), |x| format!("{x}/10"));
        let fill = (night.status == NightStatus::Cramps).then_some(layout::ZEBRA);
        if night.episodes.is_empty() {
            rows.push(Row {
                cells: vec![
                    night.date.to_string(),
                    status.into(),
                    sleep.clone(),
                    String::new(),
                    String::new(),
                    String::new(),
                    String::new(),
                    String::new(),
                    night.notes.clone(),
                ],
                fill,
                rule_above: true,
                ..Row::default()
            });
        }
        for (i, e) in night.episodes.iter().enumerate() {
            let place = [e.side.map(|x| x.as_str()), e.muscle.map(|x| x.as_str())]
                .into_iter()
                .flatten()
                .collect::<Vec<_>>()
                .join(" ");
            let eased = e.relieved_by.iter().map(|r| r.as_str()).collect::<Vec<_>>().join(", ");
            let first = i == 0;
            rows.push(Row {
                cells: vec![
                    if first { night.date.to_string() } else { String::new() },
                    if first { status.into() } else { String::new() },
                    if first { sleep.clone() } else { String::new() },
                    e.time.map_or(String::new(), |t| t.to_string()),
                    e.duration_min.map_or(String::new(), |d| {
                        if d.fract() == 0.0 {
                            format!("{d:.0}")
                        } else {
                            format!("{d:.1}")
                        }
                    }),
                    e.intensity.map_or(String::new(), |x| format!("{x}/10")),
                    place,
                    eased,
                    if first { night.notes.clone() } else { String::new() },
                ],
                fill,
                rule_above: first,
                ..Row::default()
            });
        }
    }
    if rows.is_empty() {
        f.paragraph("No nights logged in the period.", BODY, false, layout::INK, 0.0);
    } else {
        f.table(
            &[
                col("Night of", 1.45),
                col("Cramps", 1.0),
                num_col("Sleep", 0.8),
                col("Time", 0.8),
                num_col("Minutes", 1.05),
                num_col("Intensity", 1.2),
                col("Leg, muscle", 1.55),
                col("Eased by", 1.55),
                col("Notes", 2.4),
            ],
            &rows,
            SMALL,
        );
    }
}

/// The running header (name, period) and footer (page x of y) on every page.
fn header_and_footer(pages: &mut [Vec<Op>], d: &Doc) {
    let left = match d.opts.patient.name.as_deref().map(str::trim).filter(|x| !x.is_empty()) {
        Some(name) => format!("Cramp diary · {name}"),
        None => "Cramp diary".to_string(),
    };
    let right = format!("Period {}", d.opts.style.range(d.a.period.from, d.a.period.to));
    let page_h = d.opts.paper.size_pt().1;
    running_heads(pages, d.frame, page_h, &left, Some(&right), "Patient-recorded diary; not a diagnosis.");
}

/// Writes on every page a header (`left`, and `right` at the right when given) and a footer
/// (`note`, and "Page x of y" at the right), each set off by a rule.
pub(super) fn running_heads(
    pages: &mut [Vec<Op>],
    frame: Frame,
    page_h: f32,
    left: &str,
    right: Option<&str>,
    note: &str,
) {
    let m = metrics();
    let total = pages.len();
    let head_y = MARGIN + SMALL;
    let foot_y = page_h - MARGIN;
    let rule = |y: f32| Op::Line { x1: frame.left, y1: y, x2: frame.right, y2: y, width: 0.5, color: layout::RULE };
    let at_right = |ops: &mut Vec<Op>, y: f32, text: &str| {
        let w = m.width(text, SMALL, false);
        push_text(ops, m, frame.right - w, y, SMALL, false, layout::MUTED, text);
    };
    let left_room = if right.is_some() { frame.width() * 0.45 } else { frame.width() };
    let left = fit(m, left, SMALL, left_room);
    for (i, ops) in pages.iter_mut().enumerate() {
        push_text(ops, m, frame.left, head_y, SMALL, false, layout::MUTED, &left);
        if let Some(right) = right {
            at_right(ops, head_y, right);
        }
        ops.push(rule(head_y + 5.0));
        ops.push(rule(foot_y - SMALL - 5.0));
        push_text(ops, m, frame.left, foot_y - 2.0, SMALL, false, layout::MUTED, note);
        at_right(ops, foot_y - 2.0, &format!("Page {} of {}", i + 1, total));
    }
}

/// The first sentence of a message (the rest is under "All findings").
/// One self-experiment: the plan as fixed before the start, each arm by the schedule, the
/// verdict by the stated rule and its words.
fn experiment(f: &mut Flow, diary: &Diary, t: &crate::trial::Trial, today: NaiveDate, style: DateStyle) {
    use crate::trial::result::ArmSummary;
    let d = &t.design;
    let r = crate::trial::analyze(diary, t, today);
    f.heading(&format!("Self-experiment: {}", d.remedy_label()), H2 + 2.0, 60.0);
    let verdict = match r.verdict {
        crate::trial::Verdict::Helped => "helped",
        crate::trial::Verdict::NoClearDifference => "no clear difference",
        crate::trial::Verdict::NotEnoughData => "not enough data",
    };
    let status = if r.provisional {
        " (provisional: the trial is still running)"
    } else if r.stopped_early {
        " (stopped early)"
    } else {
        ""
    };
    kv(f, "Verdict", &format!("{verdict}{status}"));
    kv(
        f,
        "Plan",
        &format!(
            "baseline {}, then {} pairs of {}-night blocks in a random order (seed {}), planned {}",
            style.range(d.baseline_from, d.baseline_to()),
            d.pairs,
            d.block_nights,
            d.seed,
            style.date(t.planned_at.date_naive())
        ),
    );
    kv(
        f,
        "Rule set in advance",
        &format!(
            "probability at least {} of fewer cramp nights, and at least {} fewer a week",
            d.rule.min_p_fewer, d.rule.min_difference_per_week
        ),
    );
    let row = |name: &str, x: &ArmSummary| Row {
        cells: vec![
            name.to_string(),
            format!("{} of {}", x.logged_nights, x.scheduled_nights),
            x.cramp_nights.to_string(),
            match (x.per_week, x.per_week_interval) {
                (Some(v), Some(i)) => format!("{v:.1} ({:.1}–{:.1})", i[0], i[1]),
                _ => "–".into(),
            },
            x.per_week_as_done.map_or("–".into(), |v| format!("{v:.1}")),
            x.episodes.to_string(),
            x.mean_intensity.map_or("–".into(), |v| format!("{v:.1}")),
        ],
        ..Row::default()
    };
    f.table(
        &[
            col("Arm (by the schedule)", 2.2),
            col("Nights logged", 1.3),
            col("Cramp nights", 1.1),
            col("A week (90% interval)", 1.8),
            col("A week, nights kept to", 1.4),
            col("Cramps", 0.9),
            col("Mean intensity", 1.1),
        ],
        &[row("Remedy", &r.remedy), row("Control", &r.control)],
        SMALL,
    );
    if let Some(p) = r.p_fewer {
        kv(f, "Chance it helps", &format!("{:.0}% (fewer cramp nights on the remedy)", p * 100.0));
    }
    if let Some(p) = r.randomisation.p_value {
        kv(f, "Randomisation test", &format!("p = {p:.3} over {} pairs", r.randomisation.pairs));
    }
    for w in r.words.iter().skip(1) {
        f.paragraph(&format!("• {w}"), SMALL, false, layout::MUTED, 0.0);
    }
}

fn first_sentence(text: &str) -> String {
    match text.find(". ") {
        Some(i) => text[..=i].to_string(),
        None => text.to_string(),
    }
}

fn fmt_p(p: f64) -> String {
    if p < 0.001 {
        "< 0.001".into()
    } else {
        format!("{p:.3}")
    }
}

/// Cuts `text` with an ellipsis to fit `max` pt.
pub(super) fn fit(m: &Metrics, text: &str, size: f32, max: f32) -> String {
    if m.width(text, size, false) <= max {
        return text.to_string();
    }
    let mut s: String = text.to_string();
    while !s.is_empty() && m.width(&format!("{s}…"), size, false) > max {
        s.pop();
    }
    format!("{s}…")
}

#[allow(clippy::too_many_arguments)]
pub(super) fn push_text(ops: &mut Vec<Op>, m: &Metrics, x: f32, y: f32, size: f32, bold: bool, color: Rgb, text: &str) {
    let text = layout::without_bidi_controls(text).into_owned();
    ops.push(Op::Text { x, y, size, bold, color, width: m.width(&text, size, bold), text });
}

/// A label in bold with its value wrapped beside it.
pub(super) fn kv(f: &mut Flow, label: &str, value: &str) {
    let m = f.metrics();
    let lines = m.wrap(value, BODY, false, f.frame.width() - LABEL_W);
    let lh = layout::leading(BODY);
    f.ensure(lh * lines.len() as f32);
    let y = f.y;
    f.text_at(f.frame.left, y + BODY, BODY, true, layout::INK, label);
    for (i, line) in lines.iter().enumerate() {
        f.text_at(f.frame.left + LABEL_W, y + BODY + i as f32 * lh, BODY, false, layout::INK, line);
    }
    f.y += lh * lines.len().max(1) as f32;
}

struct Fonts {
    regular: Font,
    bold: Font,
    svg_db: Arc<usvg::fontdb::Database>,
}

fn fonts() -> &'static Fonts {
    static F: OnceLock<Fonts> = OnceLock::new();
    F.get_or_init(|| {
        let regular = Font::new(crate::charts::style::FONT_REGULAR.into(), 0).expect("bundled font loads");
        let bold = Font::new(crate::charts::style::FONT_BOLD.into(), 0).expect("bundled font loads");
        let mut db = usvg::fontdb::Database::new();
        db.load_font_data(crate::charts::style::FONT_REGULAR.to_vec());
        db.load_font_data(crate::charts::style::FONT_BOLD.to_vec());
        // plotters writes font-family="sans-serif": map it to the bundled font.
        db.set_sans_serif_family("DejaVu Sans");
        Fonts { regular, bold, svg_db: Arc::new(db) }
    })
}

fn color(c: Rgb) -> rgb::Color {
    rgb::Color::new(c.0, c.1, c.2)
}

/// Writes the laid-out pages as PDF.
pub fn write_pdf(laid: &Laid, a: &Analysis, opts: &PdfOptions) -> Result<Vec<u8>> {
    let title = format!("Leg cramp diary, {} to {}", a.period.from, a.period.to);
    write_doc(laid, title, "Patient-recorded diary; not a diagnosis.", &opts.patient)
}

/// A laid-out document without charts (for the other PDFs of this module's family).
pub(super) fn laid(pages: Vec<Vec<Op>>, page_size: (f32, f32), margin: f32) -> Laid {
    Laid { pages, page_size, margin, svgs: Vec::new() }
}

/// Writes `laid` as a PDF with this title and description; the author is the patient's
/// name when given.
pub(super) fn write_doc(laid: &Laid, title: String, description: &str, patient: &PatientInfo) -> Result<Vec<u8>> {
    let fonts = fonts();
    let mut svg_opts = usvg::Options { font_family: "DejaVu Sans".into(), ..usvg::Options::default() };
    svg_opts.fontdb = fonts.svg_db.clone();
    let trees = laid
        .svgs
        .iter()
        .map(|s| usvg::Tree::from_str(s, &svg_opts).map_err(|e| Error::Format(format!("chart SVG: {e}"))))
        .collect::<Result<Vec<_>>>()?;

    let mut doc = Document::new();
    let mut meta = Metadata::new()
        .title(layout::without_bidi_controls(&title).into_owned())
        .description(description.into())
        .creator("Cramp Diary".into())
        .language("en".into());
    if let Some(name) = patient.name.as_deref().map(str::trim).filter(|x| !x.is_empty()) {
        meta = meta.authors(vec![layout::without_bidi_controls(name).into_owned()]);
    }
    doc.set_metadata(meta);
    let (w, h) = laid.page_size;
    for ops in &laid.pages {
        let settings = PageSettings::from_wh(w, h).ok_or_else(|| Error::Format("page size".into()))?;
        let mut page = doc.start_page_with(settings);
        let mut surface = page.surface();
        for op in ops {
            match op {
                Op::Rect { x, y, w, h, fill } => {
                    let mut pb = PathBuilder::new();
                    if let Some(r) = Rect::from_xywh(*x, *y, *w, *h) {
                        pb.push_rect(r);
                    }
                    if let Some(path) = pb.finish() {
                        surface.set_stroke(None);
                        surface.set_fill(Some(Fill { paint: color(*fill).into(), ..Fill::default() }));
                        surface.draw_path(&path);
                    }
                }
                Op::Line { x1, y1, x2, y2, width, color: c } => {
                    let mut pb = PathBuilder::new();
                    pb.move_to(*x1, *y1);
                    pb.line_to(*x2, *y2);
                    if let Some(path) = pb.finish() {
                        surface.set_fill(None);
                        surface.set_stroke(Some(Stroke {
                            paint: color(*c).into(),
                            width: *width,
                            ..Stroke::default()
                        }));
                        surface.draw_path(&path);
                        surface.set_stroke(None);
                    }
                }
                Op::Text { x, y, size, bold, color: c, text, .. } => {
                    surface.set_stroke(None);
                    surface.set_fill(Some(Fill { paint: color(*c).into(), ..Fill::default() }));
                    let font = if *bold { fonts.bold.clone() } else { fonts.regular.clone() };
                    surface.draw_text(Point::from_xy(*x, *y), font, *size, text, false, TextDirection::Auto);
                }
                Op::Svg { x, y, w, h, index } => {
                    surface.push_transform(&Transform::from_translate(*x, *y));
                    if let Some(size) = Size::from_wh(*w, *h) {
                        surface.draw_svg(&trees[*index], size, SvgSettings::default());
                    }
                    surface.pop();
                }
            }
        }
        surface.finish();
        page.finish();
    }
    doc.finish().map_err(|e| Error::Format(format!("writing the PDF: {e:?}")))
}

/// The line under a document's title: the patient's name and date of birth, and the day it
/// was prepared, whichever are known.
pub(crate) fn patient_line(f: &mut Flow<'_>, patient: &PatientInfo, prepared: Option<NaiveDate>, style: DateStyle) {
    let mut who = Vec::new();
    if let Some(name) = patient.name.as_deref().map(str::trim).filter(|x| !x.is_empty()) {
        who.push(format!("Name: {name}"));
    }
    if let Some(b) = patient.birth_date {
        who.push(format!("Date of birth: {}", style.date(b)));
    }
    if let Some(d) = prepared {
        who.push(format!("Prepared: {}", style.date(d)));
    }
    if !who.is_empty() {
        f.paragraph(&who.join("  ·  "), BODY, false, layout::MUTED, 0.0);
    }
}
