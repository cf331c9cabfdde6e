//! The plan to take to a prescriber: a proposed randomised trial of a prescribed medicine
//! ([`crate::trial::prescriber`]), to agree or change at the visit, with room for notes.
//! Same fonts, layout and running footer as the doctor PDF.

use chrono::NaiveDate;

use super::layout::{self, col, num_col, Flow, Frame, Row};
use super::pdf::{self, kv, metrics, BODY, H1, H2, MARGIN, SMALL};
use super::{Paper, PatientInfo};
use crate::error::Result;
use crate::locale::DateStyle;
use crate::trial::prescriber::PrescriberPlan;
use crate::trial::Arm;

/// What to put on the plan besides the plan itself.
#[derive(Debug, Clone, Default)]
pub struct PlanOptions {
    /// Paper size.
    pub paper: Paper,
    /// Name and date of birth, only if the user chose to include them.
    pub patient: PatientInfo,
    /// The date it is made.
    pub prepared: Option<NaiveDate>,
    /// How its dates are written.
    pub style: DateStyle,
}

fn arm_words(arm: Arm) -> &'static str {
    match arm {
        Arm::Remedy => "on the medicine, as prescribed",
        Arm::Control => "off the medicine (or a look-alike placebo, if one can be arranged)",
    }
}

/// Lays out the plan's pages.
pub fn lay_out(p: &PrescriberPlan, opts: &PlanOptions) -> pdf::Laid {
    let (pw, ph) = opts.paper.size_pt();
    let frame = Frame { left: MARGIN, right: pw - MARGIN, top: MARGIN + 24.0, bottom: ph - MARGIN - 22.0 };
    let mut f = Flow::new(metrics(), frame);
    let med = &p.medicine;
    f.paragraph(
        &format!("Does {med} help my night cramps? A trial to plan with my prescriber"),
        H1,
        true,
        layout::INK,
        0.0,
    );
    pdf::patient_line(&mut f, &opts.patient, opts.prepared, opts.style);
    f.gap(4.0);
    f.boxed(
        &[
            ("A proposal, not a prescription.".into(), true),
            (
                format!("I would like to find out with you whether {med} helps my night cramps, by taking it on some nights and not others in an order drawn at random, and comparing my cramp nights. Nothing changes until you agree; please change anything below. Whether it is safe to stop and restart it, any gap between blocks, and what to watch for are for you to decide."),
                false,
            ),
        ],
        BODY,
        layout::NOTE_BG,
        layout::NOTE,
    );
    f.gap(4.0);
    if p.quinine {
        f.heading(crate::knowledge::QUININE_SAFETY_TITLE, H2, 40.0);
        for line in crate::knowledge::QUININE_SAFETY {
            f.paragraph(line, BODY, false, layout::INK, 0.0);
        }
        f.paragraph(
            "This plan is for quinine already taken, to find out whether it is still needed; the app never suggests starting it.",
            BODY,
            true,
            layout::INK,
            0.0,
        );
    }

    f.heading("The proposed plan", H2, 60.0);
    let (logged, cramps) = p.recent;
    let recent = if logged == 0 {
        "no nights logged in the last 28".to_string()
    } else {
        format!(
            "{cramps} cramp night{} in the last {logged} nights logged ({:.1} a week)",
            if cramps == 1 { "" } else { "s" },
            7.0 * cramps as f64 / logged as f64
        )
    };
    kv(&mut f, "Medicine", med);
    kv(&mut f, "My diary now", &recent);
    kv(
        &mut f,
        "Design",
        &format!(
            "{} baseline nights as usual, then {} pairs of {}-night blocks: one block of each pair on the medicine and one off it, the order within each pair drawn at random ({} nights in all)",
            p.baseline_nights,
            p.pairs,
            p.block_nights,
            p.nights()
        ),
    );
    kv(
        &mut f,
        "Random order",
        &format!("drawn from seed {}: the same seed always gives the same order, so it can be checked", p.seed),
    );
    kv(&mut f, "Outcome", "cramp nights a week, logged every morning; cramps and their intensity (0–10) beside it");
    kv(
        &mut f,
        "Rule, fixed in advance",
        &format!(
            "it helped if the probability of fewer cramp nights on it is at least {:.0}%, and it gives at least {} cramp night{} a week fewer",
            p.rule.min_p_fewer * 100.0,
            p.rule.min_difference_per_week,
            if p.rule.min_difference_per_week == 1.0 { "" } else { "s" }
        ),
    );
    kv(
        &mut f,
        "Analysis",
        "by the schedule (intention to treat): a beta-binomial model of each block's cramp nights and a randomisation test over the pairs; nights not logged are left out, never counted as cramp-free; nights actually kept to are shown beside",
    );
    f.gap(6.0);
    let mut rows = vec![Row {
        cells: vec![
            "Baseline".into(),
            format!("1–{}", p.baseline_nights),
            p.start.map_or("from the agreed start".into(), |s| {
                opts.style.range(s, s.checked_add_days(chrono::Days::new(p.baseline_nights as u64 - 1)).unwrap_or(s))
            }),
            "as usual".into(),
        ],
        ..Row::default()
    }];
    for (i, b) in p.blocks.iter().enumerate() {
        rows.push(Row {
            cells: vec![
                format!("Block {} (pair {})", i + 1, b.pair + 1),
                format!("{}–{}", b.nights.0, b.nights.1),
                b.dates.map_or("–".into(), |(a, z)| opts.style.range(a, z)),
                arm_words(b.arm).into(),
            ],
            rule_above: i % 2 == 0,
            fill: (b.arm == Arm::Remedy).then_some(layout::ZEBRA),
            ..Row::default()
        });
    }
    let mut cols = vec![col("Part", 1.4), num_col("Nights", 0.9), col("Dates", 1.9), col("What is taken", 3.2)];
    if p.start.is_none() {
        // No dates yet: the column goes.
        cols.remove(2);
        for r in &mut rows {
            r.cells.remove(2);
        }
    }
    f.table(&cols, &rows, SMALL + 0.5);
    if p.start.is_none() {
        f.paragraph(
            "Night 1 is the first night after we agree to start. The dates are filled in then.",
            SMALL,
            false,
            layout::MUTED,
            0.0,
        );
    }

    // At least five lines to write on, kept with their heading; as many as the page holds, up to 12.
    let (line, sign) = (20.0, 40.0);
    f.heading("Notes from the prescriber", H2, 20.0 + 5.0 * line + sign);
    f.paragraph(
        "Agreed changes (dose, block length, a gap between blocks, a placebo), what to watch for, and when to stop:",
        SMALL,
        false,
        layout::MUTED,
        0.0,
    );
    let n = ((f.room() - sign) / line).floor().clamp(5.0, 12.0) as usize;
    f.writing_lines(n, line);
    f.gap(14.0);
    f.paragraph(
        "Agreed start date: ____________________     Prescriber: ______________________________",
        BODY,
        false,
        layout::INK,
        0.0,
    );

    let mut pages = f.pages;
    let note = "A proposal made with Cramp Diary; not a prescription.";
    pdf::running_heads(&mut pages, frame, ph, "Cramp diary · a trial to plan with my prescriber", None, note);
    pdf::laid(pages, (pw, ph), MARGIN - 0.5)
}

/// The plan as a PDF.
pub fn render(p: &PrescriberPlan, opts: &PlanOptions) -> Result<Vec<u8>> {
    let laid = lay_out(p, opts);
    let title = format!("A trial of {} to plan with my prescriber", p.medicine);
    let prepared = opts.prepared.map_or(String::new(), |d| format!(", prepared {}", opts.style.date(d)));
    pdf::write_doc(&laid, title, &format!("A proposal, not a prescription{prepared}."), &opts.patient)
}
