//! The words a person reads for each closed set of the diary's values (how soon to act, what
//! a finding concludes, legs, muscles, what helped, drinks, symptoms, kinds of backup), and
//! the one fl oz factor: written once here for the app, the PDF and the CLI. The page imports
//! them from `ui/js/words.js`, which [`js_module`] writes; `tests/words.rs` keeps it current.

use crate::analysis::{Direction, Tier, Verdict};
use crate::backup::BackupKind;
use crate::domain::{FluidKind, Muscle, Relief, Side, SymptomKind, VolumeUnit};

/// How soon to act, as a heading.
pub fn tier(t: Tier) -> &'static str {
    match t {
        Tier::Emergency => "Call emergency services now",
        Tier::Urgent => "See a doctor or nurse today",
        Tier::NextVisit => "Mention at your next visit",
        Tier::Info => "For your information",
    }
}

/// What a finding concludes, as a label.
pub fn verdict(v: Verdict) -> &'static str {
    match v {
        Verdict::LikelyLink => "Likely linked",
        Verdict::PossibleLink => "Possibly linked",
        Verdict::NoClearLink => "No clear link",
        Verdict::NotEnoughData => "Not enough nights yet to tell",
        Verdict::Inconclusive => "Cannot tell yet: some nights are missing",
    }
}

/// Which way the cramp-night rate goes.
pub fn trend(d: Direction) -> &'static str {
    match d {
        Direction::Rising => "Getting more frequent",
        Direction::Falling => "Getting less frequent",
        Direction::Stable => "About the same",
        Direction::NotEnoughData => "Not enough nights yet to tell",
    }
}

/// Which leg.
pub fn side(s: Side) -> &'static str {
    match s {
        Side::Left => "Left",
        Side::Right => "Right",
        Side::Both => "Both",
    }
}

/// Which muscle.
pub fn muscle(m: Muscle) -> &'static str {
    match m {
        Muscle::Calf => "Calf",
        Muscle::Foot => "Foot",
        Muscle::Thigh => "Thigh (front)",
        Muscle::Hamstring => "Back of the thigh",
        Muscle::Shin => "Shin",
        Muscle::Other => "Somewhere else",
    }
}

/// What eased a cramp.
pub fn relief(r: Relief) -> &'static str {
    match r {
        Relief::Stretching => "Stretching",
        Relief::Walking => "Walking",
        Relief::Massage => "Massage",
        Relief::Heat => "Heat",
        Relief::Cold => "Cold",
        Relief::Medication => "Medication",
        Relief::Nothing => "Nothing helped",
        Relief::Other => "Something else",
    }
}

/// A kind of drink.
pub fn fluid(k: FluidKind) -> &'static str {
    match k {
        FluidKind::Water => "Water",
        FluidKind::CoffeeTea => "Coffee or tea",
        FluidKind::Electrolyte => "Electrolyte drink",
        FluidKind::Alcohol => "Alcohol",
        FluidKind::Other => "Other drink",
    }
}

/// A symptom on the daily checklist.
pub fn symptom(k: SymptomKind) -> &'static str {
    use SymptomKind as S;
    match k {
        S::CalfSwelling => "Swelling in a calf",
        S::LegRedness => "Redness on a leg",
        S::LegWarmth => "A leg felt warm to the touch",
        S::CalfTenderness => "Calf tender when pressed",
        S::PersistentPain => "Leg pain that did not go away",
        S::ColdPaleLeg => "A leg looked pale or felt cold",
        S::BreathlessnessOrChestPain => "Short of breath or chest pain",
        S::SaddleNumbnessOrBladderChange => "Numbness between the legs or changes in passing water",
        S::PainWhenWalking => "Leg pain when walking",
        S::NumbnessTingling => "Numbness or tingling",
        S::MuscleWeakness => "Muscle weakness",
        S::UrgeToMoveLegs => "Restless urge to move the legs",
        S::CrampOver10Min => "A cramp that lasted more than 10 minutes",
    }
}

/// Who made a backup.
pub fn backup(k: BackupKind) -> &'static str {
    match k {
        BackupKind::Daily => "Daily copy",
        BackupKind::Manual => "Made by you",
        BackupKind::BeforeRestore => "Before a restore",
    }
}

/// A label inside a sentence: its first letter in lower case ("swelling in a calf on 3 days").
pub fn in_sentence(label: &str) -> String {
    let mut c = label.chars();
    match c.next() {
        Some(first) => first.to_lowercase().chain(c).collect(),
        None => String::new(),
    }
}

/// A volume in the user's unit: "1,450 mL" or "49.0 fl oz" (the diary stores mL).
pub fn volume(ml: f64, unit: VolumeUnit) -> String {
    match unit {
        VolumeUnit::Ml => whole(ml) + " mL",
        VolumeUnit::FlOz => format!("{:.1} fl oz", unit.from_ml(ml)),
    }
}

/// A unit's short name: "mL" or "fl oz".
pub fn unit(unit: VolumeUnit) -> &'static str {
    match unit {
        VolumeUnit::Ml => "mL",
        VolumeUnit::FlOz => "fl oz",
    }
}

/// A count with its noun: "1 night", "1,234 nights".
pub fn count(n: usize, one: &str, many: &str) -> String {
    format!("{} {}", whole(n as f64), if n == 1 { one } else { many })
}

/// A whole number with thousands marked: "1,234".
pub fn whole(v: f64) -> String {
    let n = v.round() as i64;
    let digits = n.unsigned_abs().to_string();
    let mut out = String::new();
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(ch);
    }
    if n < 0 {
        out.insert(0, '-');
    }
    out
}

/// `ui/js/words.js`: every table above as an ES module, for the page (a table a line).
pub fn js_module() -> String {
    fn table<T: Copy + std::fmt::Display>(name: &str, all: &[T], words: fn(T) -> &'static str) -> String {
        let rows: Vec<String> = all
            .iter()
            .map(|v| {
                format!(
                    "{}: {}",
                    serde_json::to_string(&v.to_string()).unwrap(),
                    serde_json::to_string(words(*v)).unwrap()
                )
            })
            .collect();
        format!("export const {name} = Object.freeze({{ {} }});\n", rows.join(", "))
    }
    let mut s = String::from(
        "// Generated from src/words.rs by `cargo test --test words` (CRAMP_WRITE_WORDS=1): do not edit.\n\n",
    );
    s += &table("TIERS", Tier::ALL, tier);
    s += &table("VERDICTS", Verdict::ALL, verdict);
    s += &table("TRENDS", Direction::ALL, trend);
    s += &table("SIDES", Side::ALL, side);
    s += &table("MUSCLES", Muscle::ALL, muscle);
    s += &table("RELIEFS", Relief::ALL, relief);
    s += &table("FLUID_KINDS", FluidKind::ALL, fluid);
    s += &table("SYMPTOMS", SymptomKind::ALL, symptom);
    s += &table("BACKUP_KINDS", BackupKind::ALL, backup);
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::ML_PER_FL_OZ;

    #[test]
    fn labels_read_inside_sentences_and_volumes_in_either_unit() {
        assert_eq!(in_sentence(symptom(SymptomKind::CalfSwelling)), "swelling in a calf");
        assert_eq!(in_sentence(""), "");
        assert_eq!(
            (count(1, "night", "nights"), count(3582, "night", "nights")),
            ("1 night".into(), "3,582 nights".into())
        );
        assert_eq!(volume(1450.4, VolumeUnit::Ml), "1,450 mL");
        assert_eq!(volume(250.0, VolumeUnit::Ml), "250 mL");
        assert_eq!(volume(1_234_567.0, VolumeUnit::Ml), "1,234,567 mL");
        assert_eq!(volume(ML_PER_FL_OZ * 8.0, VolumeUnit::FlOz), "8.0 fl oz");
    }

    #[test]
    fn the_module_has_every_value_of_every_table() {
        let js = js_module();
        for id in [
            "emergency",
            "next_visit",
            "inconclusive",
            "hamstring",
            "coffee_tea",
            "cramp_over_10_min",
            "before_restore",
        ] {
            assert!(js.contains(&format!("\"{id}\": ")), "{id} in\n{js}");
        }
        assert!(!js.contains("29.57"), "volumes are converted in Rust only: {js}");
    }
}
