//! A day as the page shows it, with every amount already in the person's unit, and a drink
//! typed in that unit (the page neither converts nor formats a volume).

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::domain::{Day, Fluid, FluidKind, Symptom, VolumeUnit};
use crate::store::Store;
use crate::validate::{fluid_ml_ok, fluid_rule};
use crate::{words, Error, Result};

/// A day, and its amounts in words in the person's unit.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DayView {
    /// The day as stored (drinks in mL).
    #[serde(flatten)]
    pub day: Day,
    /// Each drink's amount, in logged order ("250 mL", "8.5 fl oz").
    pub amounts: Vec<String>,
    /// The day's total, when it has drinks.
    pub total: Option<String>,
    /// The unit a typed amount is read in ("mL" or "fl oz").
    pub unit: &'static str,
    /// The one-press drinks, with their amounts in the same unit.
    pub quick: Vec<QuickDrink>,
}

/// A drink one press adds.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct QuickDrink {
    /// Kind of drink.
    pub kind: FluidKind,
    /// Its amount in mL (sent back as it is, so nothing is lost to rounding).
    pub ml: f64,
    /// What the button says.
    pub label: &'static str,
    /// The amount in words.
    pub amount: String,
}

/// The one-press drinks: a glass of water, a cup of coffee or tea, a bottle of electrolyte
/// drink (named as its kind is).
const QUICK: [(FluidKind, f64, Option<&str>); 3] = [
    (FluidKind::Water, 250.0, Some("Glass of water")),
    (FluidKind::CoffeeTea, 200.0, Some("Cup of coffee or tea")),
    (FluidKind::Electrolyte, 500.0, None),
];

/// A drink as typed: the amount is text in the person's unit.
#[derive(Debug, Clone, Deserialize)]
pub struct TypedDrink {
    /// Kind of drink.
    pub kind: FluidKind,
    /// How much, in the person's unit, as typed.
    pub amount: String,
    /// Brand, if any.
    #[serde(default)]
    pub brand: Option<String>,
}

/// The day with its amounts in `unit`.
pub fn view(day: Day, unit: VolumeUnit) -> DayView {
    let amounts = day.fluids.iter().map(|f| words::volume(f.ml, unit)).collect();
    let total = (!day.fluids.is_empty()).then(|| words::volume(day.total_ml(), unit));
    let quick = QUICK
        .iter()
        .map(|&(kind, ml, label)| QuickDrink {
            kind,
            ml,
            label: label.unwrap_or_else(|| words::fluid(kind)),
            amount: words::volume(ml, unit),
        })
        .collect();
    DayView { day, amounts, total, unit: words::unit(unit), quick }
}

/// The day of `date` in the profile's unit.
pub fn day(store: &Store, date: NaiveDate) -> Result<DayView> {
    Ok(view(store.day(date)?, store.profile()?.volume_unit))
}

/// Adds a drink given in mL (a one-press drink).
pub fn add_fluid(store: &mut Store, date: NaiveDate, fluid: &Fluid) -> Result<DayView> {
    let day = store.add_fluid(date, fluid)?;
    Ok(view(day, store.profile()?.volume_unit))
}

/// Adds a drink typed in the profile's unit. A blank or unreadable amount, or one outside
/// the rule, is refused in that unit, naming the field, with nothing written.
pub fn add_drink(store: &mut Store, date: NaiveDate, drink: TypedDrink) -> Result<DayView> {
    let unit = store.profile()?.volume_unit;
    let text = drink.amount.trim();
    let ml = text.parse::<f64>().ok().filter(|a| a.is_finite()).map(|a| unit.to_ml(a));
    // The refused amount is named as the drink it would have been (fluids[n].ml).
    let refused = |store: &Store, rule: String| -> Result<DayView> {
        Err(Error::invalid(format!("fluids[{}].ml", store.day(date)?.fluids.len()), text, rule))
    };
    match ml {
        None => refused(store, format!("please write how much you drank, as a number in {}", words::unit(unit))),
        Some(ml) if !fluid_ml_ok(ml) => refused(store, fluid_rule(unit)),
        Some(ml) => Ok(view(store.add_fluid(date, &Fluid { kind: drink.kind, ml, brand: drink.brand })?, unit)),
    }
}

/// A day's exertion, exercise, stretching and symptoms (its drinks are kept as they are).
#[derive(Debug, Clone, Deserialize)]
pub struct DayDetails {
    /// Exertion, 0–10.
    pub exertion: Option<u8>,
    /// Minutes of exercise.
    pub exercise_min: Option<u32>,
    /// Whether the legs were stretched before bed.
    pub stretched_before_bed: Option<bool>,
    /// Symptoms from the checklist.
    #[serde(default)]
    pub symptoms: Vec<Symptom>,
}

/// Saves a day's details, keeping its drinks.
pub fn update(store: &mut Store, date: NaiveDate, details: DayDetails) -> Result<DayView> {
    let day = store.edit_day(date, |d| {
        d.exertion = details.exertion;
        d.exercise_min = details.exercise_min;
        d.stretched_before_bed = details.stretched_before_bed;
        d.symptoms = details.symptoms;
    })?;
    Ok(view(day, store.profile()?.volume_unit))
}

/// Removes the `index`-th drink of a day.
pub fn remove_fluid(store: &mut Store, date: NaiveDate, index: usize) -> Result<DayView> {
    let day = store.remove_fluid(date, index)?;
    Ok(view(day, store.profile()?.volume_unit))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Profile;

    fn store_in(unit: VolumeUnit) -> (tempfile::TempDir, Store) {
        let dir = tempfile::tempdir().unwrap();
        let mut s = Store::open(dir.path().join("d.db")).unwrap();
        s.set_profile(&Profile { birth_year: None, volume_unit: unit }).unwrap();
        (dir, s)
    }

    fn date() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 3, 4).unwrap()
    }

    fn typed(amount: &str) -> TypedDrink {
        TypedDrink { kind: FluidKind::Water, amount: amount.into(), brand: None }
    }

    fn refused(r: Result<DayView>) -> (String, String, String) {
        let Err(Error::Invalid(p)) = r else { panic!("not refused: {r:?}") };
        (p[0].field.clone(), p[0].value.clone(), p[0].rule.clone())
    }

    #[test]
    fn a_drink_typed_in_fluid_ounces_is_kept_in_ml_and_shown_in_fluid_ounces() {
        let (_d, mut s) = store_in(VolumeUnit::FlOz);
        let v = add_drink(&mut s, date(), typed(" 8 ")).unwrap();
        assert_eq!(v.day.fluids[0].ml, 236.6, "8 fl oz to the nearest 0.1 mL");
        assert_eq!((v.amounts[0].as_str(), v.total.as_deref(), v.unit), ("8.0 fl oz", Some("8.0 fl oz"), "fl oz"));
        assert_eq!(v.quick[0].amount, "8.5 fl oz");
        let v = add_fluid(&mut s, date(), &Fluid { kind: FluidKind::CoffeeTea, ml: 200.0, brand: None }).unwrap();
        assert_eq!(v.total.as_deref(), Some("14.8 fl oz"));
        let json = serde_json::to_value(&v).unwrap();
        assert_eq!(json["fluids"][1]["ml"], 200.0, "the stored day is sent as it is");
        assert_eq!(json["amounts"][1], "6.8 fl oz");
    }

    #[test]
    fn amounts_are_refused_in_the_persons_unit_and_nothing_is_written() {
        let (_d, mut s) = store_in(VolumeUnit::FlOz);
        let (field, value, rule) = refused(add_drink(&mut s, date(), typed("400")));
        assert_eq!((field.as_str(), value.as_str()), ("fluids[0].ml", "400"));
        assert_eq!(rule, "must be more than 0 and at most 338.1 fl oz (10 L) in one entry");
        let (_, _, rule) = refused(add_drink(&mut s, date(), typed("")));
        assert_eq!(rule, "please write how much you drank, as a number in fl oz");
        for bad in ["0", "-3", "NaN", "inf", "two"] {
            refused(add_drink(&mut s, date(), typed(bad)));
        }
        assert!(s.day(date()).unwrap().fluids.is_empty());

        let (_d, mut s) = store_in(VolumeUnit::Ml);
        add_drink(&mut s, date(), typed("300")).unwrap();
        let (field, _, rule) = refused(add_drink(&mut s, date(), typed("20000")));
        assert_eq!(field, "fluids[1].ml", "the next drink's place");
        assert_eq!(rule, "must be more than 0 and at most 10000 mL (10 L) in one entry");
        let v = day(&s, date()).unwrap();
        assert_eq!((v.amounts, v.total.as_deref()), (vec!["300 mL".to_string()], Some("300 mL")));
    }

    #[test]
    fn a_day_without_drinks_has_no_total_and_removing_says_which_day() {
        let (_d, mut s) = store_in(VolumeUnit::Ml);
        let v = day(&s, date()).unwrap();
        assert_eq!((v.total, v.unit, v.quick[2].label), (None, "mL", "Electrolyte drink"));
        assert!(matches!(remove_fluid(&mut s, date(), 0), Err(Error::NotFound(_))));
    }
}
