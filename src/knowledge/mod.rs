//! The knowledge base: documented causes of night leg cramps, the medication-name table
//! and the condition-name table, kept as one JSON data file (`knowledge.json`) embedded in
//! the binary. The texts are ours; the facts come from `knowledge/causes.md`.
//!
//! Matching is case-insensitive and works on words, so dose text is ignored
//! ("LASIX 40 mg tablet" → `loop_diuretic`), combination products map to every class
//! they contain, and steroids named with a route word (inhaler, cream, nasal…) are not
//! counted as systemic corticosteroids.

use std::sync::OnceLock;

use serde::{Deserialize, Serialize};
use unicode_normalization::UnicodeNormalization;

/// The embedded data file.
pub const KNOWLEDGE_JSON: &str = include_str!("knowledge.json");

/// The whole knowledge base.
#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct Knowledge {
    /// Data version.
    pub version: u32,
    /// Every documented cause (and look-alike), by stable id.
    pub causes: Vec<Cause>,
    /// Medication rows: one product (single drug or combination) per row.
    pub medications: Vec<MedicationRow>,
    /// Words that mark a steroid as inhaled or topical (not systemic).
    pub steroid_route_words: Vec<String>,
    /// Condition-name patterns, by cause.
    pub conditions: Vec<ConditionRule>,
}

/// A documented cause of night cramps, or a look-alike.
#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct Cause {
    /// Stable id (appears in `analyze --json`).
    pub id: String,
    /// Display name.
    pub name: String,
    /// Names the seed article uses for it.
    #[serde(default)]
    pub seed_names: Vec<String>,
    /// Plain-language explanation (ours).
    pub explanation: String,
    /// Strength of evidence: `common`, `weak`, `moderate`, `strong`, …
    pub evidence: String,
    /// The figures behind the evidence.
    pub evidence_note: String,
    /// Onset window.
    pub onset: Onset,
    /// What the diary can show about it.
    pub diary_shows: String,
    /// What tends to help.
    pub helps: Vec<String>,
    /// Whether it is a primary hypothesis of the analysis (documented drug classes).
    pub primary: bool,
}

/// When an effect is expected to appear, in days after a start.
#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct Onset {
    /// In words.
    pub text: String,
    /// Earliest day after the start the effect is expected.
    pub min_days: Option<u32>,
    /// Latest day after the start the effect is expected to appear by.
    pub max_days: Option<u32>,
    /// Days after stopping by which an effect is expected to ease.
    #[serde(default)]
    pub after_stop_days: Option<u32>,
}

/// One medication row: a generic (or combination) with its brands.
#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct MedicationRow {
    /// Generic name; `a/b` for a combination.
    pub generic: String,
    /// Brand names.
    #[serde(default)]
    pub brands: Vec<String>,
    /// Other spellings and abbreviations.
    #[serde(default)]
    pub aliases: Vec<String>,
    /// Every class the product contains (empty: recognised, no documented link).
    pub classes: Vec<DrugClass>,
    /// Extra tags used by red flags: `magnesium_wasting`, `clot_risk`, `low_calcium`, `ppi`, `inhaled_steroid`,
    /// `quinine` (its safety note).
    #[serde(default)]
    pub tags: Vec<String>,
}

/// Condition names that map to a cause.
#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct ConditionRule {
    /// Cause id.
    pub cause: String,
    /// Names, matched as whole words, case-insensitively.
    pub patterns: Vec<String>,
}

crate::domain::string_enum!(
    /// A documented drug class (its cause id), or `other_drug`: a drug the seed article names
    /// without a class of its own.
    DrugClass {
        LoopDiuretic => "loop_diuretic",
        ThiazideDiuretic => "thiazide_diuretic",
        PotassiumSparingDiuretic => "potassium_sparing_diuretic",
        Statin => "statin",
        Laba => "laba",
        Bisphosphonate => "bisphosphonate",
        OsteoporosisOther => "osteoporosis_other",
        Corticosteroid => "corticosteroid",
        Chemotherapy => "chemotherapy",
        OtherDrug => "other_drug",
    }
);

/// What a medication name was recognised as.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct MedicationMatch {
    /// The classes, without duplicates, in the order of the causes table.
    pub classes: Vec<DrugClass>,
    /// Generic names of the matched rows.
    pub generics: Vec<&'static str>,
    /// Tags of the matched rows.
    pub tags: Vec<&'static str>,
    /// Whether a corticosteroid was set aside because of a route word (inhaler, cream…).
    pub non_systemic_steroid: bool,
}

impl MedicationMatch {
    /// Whether the name matched any row at all.
    pub fn recognised(&self) -> bool {
        !self.generics.is_empty()
    }
    /// Whether the match carries `tag`.
    pub fn has_tag(&self, tag: &str) -> bool {
        self.tags.contains(&tag)
    }
    /// Whether the match is in class `class`.
    pub fn has_class(&self, class: DrugClass) -> bool {
        self.classes.contains(&class)
    }
}

struct Compiled {
    kb: Knowledge,
    /// (row index, name tokens) for every generic, brand and alias, longest names first.
    med_names: Vec<(usize, Vec<String>)>,
    /// (rule index, pattern tokens), longest first.
    condition_patterns: Vec<(usize, Vec<String>)>,
}

fn compiled() -> &'static Compiled {
    static CELL: OnceLock<Compiled> = OnceLock::new();
    CELL.get_or_init(|| {
        let kb: Knowledge = serde_json::from_str(KNOWLEDGE_JSON).expect("knowledge.json is valid (tested)");
        let mut med_names = Vec::new();
        for (i, row) in kb.medications.iter().enumerate() {
            for name in std::iter::once(&row.generic).chain(&row.brands).chain(&row.aliases) {
                med_names.push((i, tokens(name)));
            }
        }
        med_names.sort_by_key(|(_, t)| std::cmp::Reverse(t.len()));
        let mut condition_patterns = Vec::new();
        for (i, rule) in kb.conditions.iter().enumerate() {
            for p in &rule.patterns {
                condition_patterns.push((i, tokens(p)));
            }
        }
        condition_patterns.sort_by_key(|(_, t)| std::cmp::Reverse(t.len()));
        Compiled { kb, med_names, condition_patterns }
    })
}

/// The knowledge base (parsed once).
pub fn knowledge() -> &'static Knowledge {
    &compiled().kb
}

/// The cause with this id.
pub fn cause(id: &str) -> Option<&'static Cause> {
    knowledge().causes.iter().find(|c| c.id == id)
}

/// Lower-case words of `text` after NFKC normalisation (full-width "ＬＡＳＩＸ" is "lasix"):
/// letters and digits split apart ("40mg" → "40", "mg"), invisible characters such as a
/// zero-width space ignored, everything else a separator.
pub fn tokens(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut cur_digit = false;
    for ch in text.nfkc().flat_map(char::to_lowercase) {
        if crate::validate::invisible(ch) && !ch.is_whitespace() && !ch.is_control() {
            continue;
        }
        if ch.is_alphanumeric() {
            let digit = ch.is_ascii_digit();
            if !cur.is_empty() && digit != cur_digit {
                out.push(std::mem::take(&mut cur));
            }
            cur_digit = digit;
            cur.push(ch);
        } else if !cur.is_empty() {
            out.push(std::mem::take(&mut cur));
        }
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

/// Positions where `needle` occurs as a run of whole words in `hay`.
fn find_run(hay: &[String], needle: &[String]) -> Option<usize> {
    if needle.is_empty() || needle.len() > hay.len() {
        return None;
    }
    (0..=hay.len() - needle.len()).find(|&i| hay[i..i + needle.len()] == *needle)
}

/// Recognise a medication name as the user wrote it (brand or generic, any case, with or
/// without dose text). Unknown names give an empty match.
pub fn classify_medication(name: &str) -> MedicationMatch {
    let c = compiled();
    let mut words = tokens(name);
    let route = words.iter().any(|w| c.kb.steroid_route_words.iter().any(|r| r == w));
    let mut rows: Vec<usize> = Vec::new();
    // Longest names first; blank out matched words so "fluticasone/salmeterol" is one row,
    // not three.
    for (row, name_tokens) in &c.med_names {
        while let Some(at) = find_run(&words, name_tokens) {
            if !rows.contains(row) {
                rows.push(*row);
            }
            for w in &mut words[at..at + name_tokens.len()] {
                w.clear();
            }
        }
    }
    rows.sort_unstable();
    let mut m = MedicationMatch::default();
    for r in rows {
        let row = &c.kb.medications[r];
        m.generics.push(row.generic.as_str());
        for class in &row.classes {
            if route && *class == DrugClass::Corticosteroid {
                m.non_systemic_steroid = true;
                continue;
            }
            if !m.classes.contains(class) {
                m.classes.push(*class);
            }
        }
        for t in &row.tags {
            if !m.tags.contains(&t.as_str()) {
                m.tags.push(t.as_str());
            }
        }
    }
    // Table order for classes keeps output stable.
    let order = |id: &str| c.kb.causes.iter().position(|k| k.id == id).unwrap_or(usize::MAX);
    m.classes.sort_by_key(|class| order(class.as_str()));
    m
}

/// Cause ids of the documented classes a medication belongs to (empty: no documented link).
pub fn medication_classes(name: &str) -> Vec<&'static str> {
    classify_medication(name).classes.into_iter().map(DrugClass::as_str).collect()
}

/// Cause ids a condition name maps to ("type 2 diabetes" → `diabetes`), in table order.
pub fn condition_causes(name: &str) -> Vec<&'static str> {
    let c = compiled();
    let mut words = tokens(name);
    let mut rules: Vec<usize> = Vec::new();
    for (rule, pat) in &c.condition_patterns {
        while let Some(at) = find_run(&words, pat) {
            if !rules.contains(rule) {
                rules.push(*rule);
            }
            for w in &mut words[at..at + pat.len()] {
                w.clear();
            }
        }
    }
    rules.sort_unstable();
    rules.into_iter().map(|r| c.kb.conditions[r].cause.as_str()).collect()
}

/// The heading over [`QUININE_SAFETY`].
pub const QUININE_SAFETY_TITLE: &str = "Quinine: safety information";

/// What is shown, as information for the prescriber, when quinine is among the medicines.
/// The app never suggests starting it.
pub const QUININE_SAFETY: &[&str] = &[
    "You have recorded quinine. This is safety information to talk over with your prescriber; do not change how you take it without them.",
    "In 2006 the US FDA ordered unapproved quinine products off the market after 665 reports of serious harm, 93 of them deaths, since 1969. Since 2009 a boxed warning says quinine can cause dangerously low platelets and a blood and kidney illness (haemolytic uraemic syndrome / thrombotic thrombocytopenic purpura), and that for leg cramps the risk outweighs the benefit.",
    "Contact a clinician the same day if you notice unusual bleeding or bruising, dark urine, much less urine than usual, or a fever with a rash.",
];

/// Whether any recorded medicine is quinine (generic or brand, e.g. Qualaquin).
pub fn takes_quinine(medications: &[crate::domain::Medication]) -> bool {
    medications.iter().any(|m| classify_medication(&m.name).has_tag("quinine"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn data_file_is_consistent() {
        let kb = knowledge();
        let ids: Vec<&str> = kb.causes.iter().map(|c| c.id.as_str()).collect();
        for row in &kb.medications {
            for class in &row.classes {
                assert!(ids.contains(&class.as_str()), "{} → unknown class {class}", row.generic);
            }
        }
        for rule in &kb.conditions {
            assert!(ids.contains(&rule.cause.as_str()), "unknown cause {}", rule.cause);
        }
    }

    #[test]
    fn tokens_split_dose_text() {
        assert_eq!(tokens("LASIX 40mg tablet"), ["lasix", "40", "mg", "tablet"]);
        assert_eq!(tokens("triamterene/HCTZ"), ["triamterene", "hctz"]);
    }

    #[test]
    fn full_width_and_invisible_characters_do_not_hide_a_medication() {
        for name in [
            "ＦＵＲＯＳＥＭＩＤＥ",
            "furo\u{200B}semide",
            "fu\u{00AD}ro\u{200D}se\u{2060}mide\u{FEFF} ４０ｍｇ",
            "\u{FEFF}Furosemide",
        ] {
            let m = classify_medication(name);
            assert!(m.classes.contains(&DrugClass::LoopDiuretic), "{name:?}: {:?}", m.classes);
        }
        assert_eq!(tokens("ＬＡＳＩＸ　４０ｍｇ"), ["lasix", "40", "mg"]);
        assert!(classify_medication("furo semide").classes.is_empty(), "a real space still separates words");
    }
}
