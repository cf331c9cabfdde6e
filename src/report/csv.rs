//! CSV tables for spreadsheets: RFC 4180 (fields with a comma, quote, CR or LF are quoted,
//! quotes doubled), **CRLF** line ends on every record including the last, ISO 8601 dates
//! (`YYYY-MM-DD`), one header row per file, UTF-8 without a byte-order mark. Empty fields
//! mean "not recorded". Volumes are always millilitres.

use std::fmt::Write;

use crate::domain::Diary;

use super::DateRange;

/// File names, in the order [`tables`] returns them.
pub const FILES: [&str; 6] =
    ["nights.csv", "episodes.csv", "fluids.csv", "days.csv", "medications.csv", "experiments.csv"];

/// Header of `nights.csv`.
pub const NIGHTS_HEADER: [&str; 6] = ["date", "status", "sleep_disturbance", "episodes", "logged_at", "notes"];
/// Header of `episodes.csv` (`number` is 1-based within the night; `relieved_by` joins
/// several with `;`).
pub const EPISODES_HEADER: [&str; 9] =
    ["night_date", "number", "time", "duration_min", "intensity", "side", "muscle", "relieved_by", "soreness_after"];
/// Header of `fluids.csv`.
pub const FLUIDS_HEADER: [&str; 5] = ["date", "number", "kind", "ml", "brand"];
/// Header of `days.csv` (`symptoms` joins several with `;`, each `kind` or `kind:side`).
pub const DAYS_HEADER: [&str; 6] = ["date", "total_ml", "exertion", "exercise_min", "stretched_before_bed", "symptoms"];
/// Header of `medications.csv` (`documented_cause_classes` joins several with `;`).
pub const MEDICATIONS_HEADER: [&str; 6] = ["name", "dose", "started", "stopped", "documented_cause_classes", "notes"];

/// Line end used for every record.
/// Columns of `experiments.csv`: one row per night of every self-experiment's plan.
pub const EXPERIMENTS_HEADER: [&str; 10] = [
    "experiment",
    "remedy",
    "remedy_name",
    "date",
    "phase",
    "pair",
    "arm",
    "kept_to_arm",
    "night_status",
    "stopped_on",
];

pub const EOL: &str = "\r\n";

/// Quotes a field when RFC 4180 requires it.
pub fn field(s: &str) -> String {
    if s.contains([',', '"', '\r', '\n']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

/// Free text the user wrote (notes, names, doses, brands), made safe for spreadsheets: a
/// cell starting with `=`, `+`, `-`, `@` (or their full-width and small forms), perhaps
/// after spaces or invisible characters, or with a tab or carriage return, would be run as
/// a formula by Excel, LibreOffice and others, so it gets a leading `'` (shown as plain
/// text there).
pub fn text(s: &str) -> String {
    const FORMULA: [char; 12] = ['=', '+', '-', '@', '＝', '＋', '－', '＠', '﹦', '﹢', '﹣', '﹫'];
    let first = s.chars().find(|c| !crate::validate::invisible(*c));
    if s.starts_with(['\t', '\r']) || first.is_some_and(|c| FORMULA.contains(&c)) {
        format!("'{s}")
    } else {
        s.to_string()
    }
}

fn record(out: &mut String, fields: &[String]) {
    for (i, f) in fields.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push_str(&field(f));
    }
    out.push_str(EOL);
}

fn header(h: &[&str]) -> String {
    let mut s = String::new();
    record(&mut s, &h.iter().map(|x| x.to_string()).collect::<Vec<_>>());
    s
}

fn opt<T: ToString>(v: Option<T>) -> String {
    v.map(|x| x.to_string()).unwrap_or_default()
}

fn num(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 9.0e15 {
        format!("{}", v as i64)
    } else {
        format!("{v}")
    }
}

/// The six tables as `(file name, contents)`, for nights and days in `range` and the
/// medication courses overlapping it.
pub fn tables(diary: &Diary, range: DateRange) -> Vec<(&'static str, String)> {
    let d = super::restrict(diary, range);
    let mut nights = header(&NIGHTS_HEADER);
    let mut episodes = header(&EPISODES_HEADER);
    for n in &d.nights {
        record(
            &mut nights,
            &[
                n.date.to_string(),
                n.status.to_string(),
                opt(n.sleep_disturbance),
                n.episodes.len().to_string(),
                opt(n.logged_at.map(|t| t.to_rfc3339())),
                text(&n.notes),
            ],
        );
        for (i, e) in n.episodes.iter().enumerate() {
            record(
                &mut episodes,
                &[
                    n.date.to_string(),
                    (i + 1).to_string(),
                    opt(e.time),
                    opt(e.duration_min.map(num)),
                    opt(e.intensity),
                    opt(e.side),
                    opt(e.muscle),
                    e.relieved_by.iter().map(|r| r.as_str()).collect::<Vec<_>>().join(";"),
                    e.soreness_after.to_string(),
                ],
            );
        }
    }
    let mut fluids = header(&FLUIDS_HEADER);
    let mut days = header(&DAYS_HEADER);
    for day in &d.days {
        for (i, f) in day.fluids.iter().enumerate() {
            record(
                &mut fluids,
                &[
                    day.date.to_string(),
                    (i + 1).to_string(),
                    f.kind.to_string(),
                    num(f.ml),
                    f.brand.as_deref().map(text).unwrap_or_default(),
                ],
            );
        }
        let symptoms = day
            .symptoms
            .iter()
            .map(|s| match s.side {
                Some(side) => format!("{}:{side}", s.kind),
                None => s.kind.to_string(),
            })
            .collect::<Vec<_>>()
            .join(";");
        record(
            &mut days,
            &[
                day.date.to_string(),
                if day.fluids.is_empty() { String::new() } else { num(day.total_ml()) },
                opt(day.exertion),
                opt(day.exercise_min),
                opt(day.stretched_before_bed),
                symptoms,
            ],
        );
    }
    let mut meds = header(&MEDICATIONS_HEADER);
    for m in &d.medications {
        let classes = crate::knowledge::medication_classes(&m.name).join(";");
        record(
            &mut meds,
            &[text(&m.name), text(&m.dose), m.started.to_string(), opt(m.stopped), classes, text(&m.notes)],
        );
    }
    let mut experiments = header(&EXPERIMENTS_HEADER);
    for (i, t) in d.experiments.iter().enumerate() {
        let plan = &t.design;
        for date in plan.baseline_from.iter_days().take_while(|x| *x <= plan.end()) {
            if !range.contains(date) {
                continue;
            }
            let block = plan.block_on(date);
            let status = d.night(date).map(|n| n.status.as_str().to_string()).unwrap_or_default();
            record(
                &mut experiments,
                &[
                    (i + 1).to_string(),
                    plan.remedy.as_str().to_string(),
                    text(&plan.remedy_name),
                    date.to_string(),
                    if block.is_some() { "block" } else { "baseline" }.to_string(),
                    opt(block.map(|b| b.pair + 1)),
                    block.map_or(String::new(), |b| b.arm.as_str().to_string()),
                    opt(t.done_on(date)),
                    status,
                    opt(t.stopped_on),
                ],
            );
        }
    }
    vec![
        (FILES[0], nights),
        (FILES[1], episodes),
        (FILES[2], fluids),
        (FILES[3], days),
        (FILES[4], meds),
        (FILES[5], experiments),
    ]
}

/// Parses RFC 4180 text (as written by [`tables`]) into records of fields.
pub fn parse(text: &str) -> Result<Vec<Vec<String>>, String> {
    let mut rows = Vec::new();
    let mut row = Vec::new();
    let mut cur = String::new();
    let mut chars = text.chars().peekable();
    let mut quoted = false;
    let mut at_field_start = true;
    while let Some(c) = chars.next() {
        if quoted {
            if c == '"' {
                if chars.peek() == Some(&'"') {
                    chars.next();
                    cur.push('"');
                } else {
                    quoted = false;
                }
            } else {
                cur.push(c);
            }
            continue;
        }
        match c {
            '"' if at_field_start => {
                quoted = true;
                at_field_start = false;
            }
            '"' => return Err(format!("stray quote in record {}", rows.len() + 1)),
            ',' => {
                row.push(std::mem::take(&mut cur));
                at_field_start = true;
            }
            '\r' if chars.peek() == Some(&'\n') => {
                chars.next();
                row.push(std::mem::take(&mut cur));
                rows.push(std::mem::take(&mut row));
                at_field_start = true;
            }
            '\r' | '\n' => return Err(format!("bare line break in record {}", rows.len() + 1)),
            c => {
                cur.push(c);
                at_field_start = false;
            }
        }
    }
    if quoted {
        return Err("unterminated quoted field".into());
    }
    if !cur.is_empty() || !row.is_empty() {
        row.push(cur);
        rows.push(row);
    }
    Ok(rows)
}

/// A one-line description of what was written, for the CLI.
pub fn describe(tables: &[(&'static str, String)]) -> String {
    let mut s = String::new();
    for (i, (name, text)) in tables.iter().enumerate() {
        let rows = text.matches(EOL).count().saturating_sub(1);
        let _ = write!(s, "{}{name} ({rows} rows)", if i > 0 { ", " } else { "" });
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_only_when_needed_and_parses_back() {
        assert_eq!(field("plain"), "plain");
        assert_eq!(field("a,b"), "\"a,b\"");
        assert_eq!(field("say \"hi\""), "\"say \"\"hi\"\"\"");
        let mut s = String::new();
        let rows = [vec!["a".to_string(), "x,y".into(), "l1\nl2".into()], vec!["".into(), "\"q\"".into(), "é".into()]];
        for r in &rows {
            record(&mut s, r);
        }
        assert_eq!(parse(&s).unwrap(), rows.to_vec());
    }

    #[test]
    fn text_that_a_spreadsheet_would_run_as_a_formula_is_defused() {
        for bad in [
            "=HYPERLINK(\"http://x\")",
            "+1",
            "-2 tablets",
            "@SUM(A1)",
            "\tx",
            "\rx",
            "  =1+1",
            "\t=cmd",
            "\r\n@x",
            "\u{00A0}=1",
            "\u{3000}+1",
            "\u{200B}=1",
            "＝HYPERLINK(\"http://x\")",
            "＋1",
            "－2",
            "＠SUM(A1)",
            " ＝1",
            "﹦1",
        ] {
            assert_eq!(text(bad), format!("'{bad}"), "{bad:?}");
        }
        for fine in ["woke twice", "25 mg", "", "1 = bad night", "’quote", "   ", "a ＝ b"] {
            assert_eq!(text(fine), fine);
        }
    }
}
