//! The diary's data model: the shapes of interchange v1, used by the store, the
//! analysis, the CLI and the app alike.

use std::fmt;
use std::str::FromStr;

use chrono::{DateTime, FixedOffset, NaiveDate};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Defines a closed set of string values with `as_str`, `FromStr`, serde and `ALL`.
macro_rules! string_enum {
    ($(#[$meta:meta])* $name:ident { $($(#[$vmeta:meta])* $variant:ident => $text:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum $name { $($(#[$vmeta])* $variant),+ }

        impl $name {
            /// Every value, in declaration order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The value as it is written in JSON, SQL and on the command line.
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text),+ }
            }

            /// All accepted spellings, joined for error messages.
            pub fn choices() -> String {
                Self::ALL.iter().map(|v| v.as_str()).collect::<Vec<_>>().join(", ")
            }
        }

        impl ::std::str::FromStr for $name {
            type Err = String;
            fn from_str(s: &str) -> ::std::result::Result<Self, String> {
                match s {
                    $($text => Ok($name::$variant),)+
                    _ => Err(format!("must be one of: {}", Self::choices())),
                }
            }
        }

        impl PartialEq<&str> for $name {
            fn eq(&self, other: &&str) -> bool {
                self.as_str() == *other
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.pad(self.as_str())
            }
        }

        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(&self, s: S) -> ::std::result::Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(d: D) -> ::std::result::Result<Self, D::Error> {
                let text = <String as ::serde::Deserialize>::deserialize(d)?;
                text.parse().map_err(|e: String| ::serde::de::Error::custom(format!("\"{text}\" {e}")))
            }
        }
    };
}

pub(crate) use string_enum;

string_enum!(
    /// What a logged night was like.
    NightStatus { Cramps => "cramps", None => "none", Unknown => "unknown" }
);
string_enum!(
    /// Which leg.
    Side { Left => "left", Right => "right", Both => "both" }
);
string_enum!(
    /// Which muscle cramped.
    Muscle { Calf => "calf", Foot => "foot", Thigh => "thigh", Hamstring => "hamstring", Shin => "shin", Other => "other" }
);
string_enum!(
    /// What eased a cramp.
    Relief {
        Stretching => "stretching", Walking => "walking", Massage => "massage", Heat => "heat",
        Cold => "cold", Medication => "medication", Nothing => "nothing", Other => "other",
    }
);
string_enum!(
    /// Kind of drink.
    FluidKind { Water => "water", Electrolyte => "electrolyte", CoffeeTea => "coffee_tea", Alcohol => "alcohol", Other => "other" }
);
string_enum!(
    /// Symptoms on the daily checklist; several are red flags.
    SymptomKind {
        CalfSwelling => "calf_swelling",
        LegRedness => "leg_redness",
        LegWarmth => "leg_warmth",
        CalfTenderness => "calf_tenderness",
        PersistentPain => "persistent_pain",
        ColdPaleLeg => "cold_pale_leg",
        BreathlessnessOrChestPain => "breathlessness_or_chest_pain",
        SaddleNumbnessOrBladderChange => "saddle_numbness_or_bladder_change",
        PainWhenWalking => "pain_when_walking",
        NumbnessTingling => "numbness_tingling",
        MuscleWeakness => "muscle_weakness",
        UrgeToMoveLegs => "urge_to_move_legs",
        CrampOver10Min => "cramp_over_10_min",
    }
);
string_enum!(
    /// How volumes are shown (always stored in mL).
    VolumeUnit { Ml => "ml", FlOz => "fl_oz" }
);

#[allow(clippy::derivable_impls)] // the enum comes from a macro
impl Default for VolumeUnit {
    fn default() -> Self {
        VolumeUnit::Ml
    }
}

string_enum!(
    /// How large the app's text is drawn.
    TextSize { Normal => "normal", Large => "large", Larger => "larger" }
);
string_enum!(
    /// The app's colours; `system` follows the desktop's light or dark choice.
    Theme { System => "system", Light => "light", Dark => "dark", HighContrast => "high_contrast" }
);

string_enum!(
    /// The order dates are written in: `auto` follows the computer's locale.
    DateOrderChoice { Auto => "auto", Dmy => "dmy", Mdy => "mdy", Ymd => "ymd" }
);
string_enum!(
    /// The clock times are written with: `auto` follows the computer's locale.
    ClockChoice { Auto => "auto", H12 => "12", H24 => "24" }
);

#[allow(clippy::derivable_impls)] // the enum comes from a macro
impl Default for DateOrderChoice {
    fn default() -> Self {
        DateOrderChoice::Auto
    }
}

#[allow(clippy::derivable_impls)] // the enum comes from a macro
impl Default for ClockChoice {
    fn default() -> Self {
        ClockChoice::Auto
    }
}

/// The app's preferences (the volume unit and birth year live in [`Profile`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Settings {
    /// Whether the morning reminder is on.
    pub reminder_enabled: bool,
    /// When the reminder speaks, if last night is not logged yet.
    pub reminder_time: ClockTime,
    /// Whether the reminder's words leave out what the diary is about (for a lock screen).
    #[serde(default)]
    pub reminder_discreet: bool,
    /// Whether, while a self-experiment runs, an evening reminder says tonight's task.
    #[serde(default = "yes")]
    pub evening_reminder_enabled: bool,
    /// When that evening reminder speaks.
    #[serde(default = "ClockTime::evening")]
    pub evening_reminder_time: ClockTime,
    /// Whether the app starts (quietly, in the tray) when the user logs in.
    pub start_at_login: bool,
    /// Text size.
    pub text_size: TextSize,
    /// Colour theme.
    pub theme: Theme,
    /// The order dates are written in (`auto`: the computer's locale).
    #[serde(default)]
    pub date_order: DateOrderChoice,
    /// 12- or 24-hour clock (`auto`: the computer's locale).
    #[serde(default)]
    pub clock: ClockChoice,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            reminder_enabled: false,
            reminder_time: ClockTime { hour: 8, minute: 30 },
            reminder_discreet: false,
            evening_reminder_enabled: true,
            evening_reminder_time: ClockTime::evening(),
            start_at_login: false,
            text_size: TextSize::Normal,
            theme: Theme::System,
            date_order: DateOrderChoice::Auto,
            clock: ClockChoice::Auto,
        }
    }
}

fn yes() -> bool {
    true
}

impl ClockTime {
    /// 21:00, when the evening reminder speaks unless the user chose otherwise.
    pub const fn evening() -> ClockTime {
        ClockTime { hour: 21, minute: 0 }
    }
}

/// Millilitres in one US fluid ounce.
pub const ML_PER_FL_OZ: f64 = 29.573_529_562_5;

impl VolumeUnit {
    /// An amount in this unit as mL, to the nearest 0.1 mL (the one conversion there is).
    pub fn to_ml(self, amount: f64) -> f64 {
        match self {
            VolumeUnit::Ml => amount,
            VolumeUnit::FlOz => (amount * ML_PER_FL_OZ * 10.0).round() / 10.0,
        }
    }

    /// An amount in mL in this unit.
    pub fn from_ml(self, ml: f64) -> f64 {
        match self {
            VolumeUnit::Ml => ml,
            VolumeUnit::FlOz => ml / ML_PER_FL_OZ,
        }
    }
}

/// A clock time within the night, written `HH:MM` (24 h).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ClockTime {
    hour: u8,
    minute: u8,
}

impl ClockTime {
    /// A time from hour (0–23) and minute (0–59).
    pub fn new(hour: u8, minute: u8) -> Option<Self> {
        (hour < 24 && minute < 60).then_some(ClockTime { hour, minute })
    }
    /// Hour of the day, 0–23.
    pub fn hour(self) -> u8 {
        self.hour
    }
    /// Minute of the hour, 0–59.
    pub fn minute(self) -> u8 {
        self.minute
    }
}

impl FromStr for ClockTime {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        let bad = || "must be a 24-hour time written HH:MM, such as 03:40".to_string();
        let (h, m) = s.split_once(':').ok_or_else(bad)?;
        if h.len() != 2 || m.len() != 2 || !h.bytes().chain(m.bytes()).all(|b| b.is_ascii_digit()) {
            return Err(bad());
        }
        ClockTime::new(h.parse().map_err(|_| bad())?, m.parse().map_err(|_| bad())?).ok_or_else(bad)
    }
}

impl fmt::Display for ClockTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:02}:{:02}", self.hour, self.minute)
    }
}

impl Serialize for ClockTime {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for ClockTime {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        text.parse().map_err(|e: String| serde::de::Error::custom(format!("\"{text}\" {e}")))
    }
}

/// Serde helpers for numbers that are whole most of the time: `4` rather than `4.0`.
pub mod number {
    use serde::Serializer;

    /// Writes a whole number without a fraction, anything else as a float.
    pub fn serialize<S: Serializer>(v: &f64, s: S) -> Result<S::Ok, S::Error> {
        if v.fract() == 0.0 && v.abs() < 9.0e15 {
            s.serialize_i64(*v as i64)
        } else {
            s.serialize_f64(*v)
        }
    }

    /// The same for an optional number.
    pub mod option {
        use serde::Serializer;
        /// Writes `None` as null, a value as [`super::serialize`] does.
        pub fn serialize<S: Serializer>(v: &Option<f64>, s: S) -> Result<S::Ok, S::Error> {
            match v {
                Some(v) => super::serialize(v, s),
                None => s.serialize_none(),
            }
        }
    }
}

fn is_false(b: &bool) -> bool {
    !*b
}

/// One cramp within a night.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct Episode {
    /// When it started.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub time: Option<ClockTime>,
    /// How long it lasted, in minutes (> 0, up to 24 h).
    #[serde(default, skip_serializing_if = "Option::is_none", serialize_with = "number::option::serialize")]
    pub duration_min: Option<f64>,
    /// How bad, 0–10.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub intensity: Option<u8>,
    /// Which leg.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub side: Option<Side>,
    /// Which muscle.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub muscle: Option<Muscle>,
    /// What eased it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub relieved_by: Vec<Relief>,
    /// Whether the muscle was sore afterwards.
    #[serde(default, skip_serializing_if = "is_false")]
    pub soreness_after: bool,
}

/// A night, named by the date of its evening (the night of 5 → 6 March is 5 March).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Night {
    /// The evening's date.
    pub date: NaiveDate,
    /// Cramps, none, or unknown.
    pub status: NightStatus,
    /// How much the night's sleep was disturbed, 0–10.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sleep_disturbance: Option<u8>,
    /// When the entry was written (RFC 3339, with the writer's UTC offset).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub logged_at: Option<DateTime<FixedOffset>>,
    /// Free text.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub notes: String,
    /// The cramps, in the order they were entered (only on `cramps` nights).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub episodes: Vec<Episode>,
}

impl Night {
    /// A night with the given status and nothing else recorded.
    pub fn new(date: NaiveDate, status: NightStatus) -> Self {
        Night { date, status, sleep_disturbance: None, logged_at: None, notes: String::new(), episodes: Vec::new() }
    }
}

/// A drink.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Fluid {
    /// Kind of drink.
    pub kind: FluidKind,
    /// Volume in millilitres (> 0, up to 10 L).
    #[serde(serialize_with = "number::serialize")]
    pub ml: f64,
    /// Product name, for electrolyte drinks especially.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub brand: Option<String>,
}

/// A symptom noticed during a day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Symptom {
    /// Which symptom.
    pub kind: SymptomKind,
    /// Which leg, where that applies.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub side: Option<Side>,
}

/// What happened during a day; day `d` precedes night `d`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Day {
    /// The date.
    pub date: NaiveDate,
    /// Drinks, in the order logged.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub fluids: Vec<Fluid>,
    /// Physical exertion, 0–10.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub exertion: Option<u8>,
    /// Minutes of exercise.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub exercise_min: Option<u32>,
    /// Whether the legs were stretched before bed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stretched_before_bed: Option<bool>,
    /// Symptoms from the checklist.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub symptoms: Vec<Symptom>,
}

impl Day {
    /// A day with nothing recorded yet.
    pub fn empty(date: NaiveDate) -> Self {
        Day {
            date,
            fluids: Vec::new(),
            exertion: None,
            exercise_min: None,
            stretched_before_bed: None,
            symptoms: Vec::new(),
        }
    }

    /// Total millilitres drunk.
    pub fn total_ml(&self) -> f64 {
        self.fluids.iter().map(|f| f.ml).sum()
    }
}

/// One course of a medicine; a dose change ends one course and starts another.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Medication {
    /// Name as the user wrote it (brand or generic).
    pub name: String,
    /// Dose as free text.
    #[serde(default)]
    pub dose: String,
    /// First day taken.
    pub started: NaiveDate,
    /// Last day taken; `None` while still taking it.
    #[serde(default)]
    pub stopped: Option<NaiveDate>,
    /// Free text.
    #[serde(default)]
    pub notes: String,
}

impl Medication {
    /// Whether the course covers `date`.
    pub fn active_on(&self, date: NaiveDate) -> bool {
        self.started <= date && self.stopped.is_none_or(|s| date <= s)
    }
}

/// A long-term condition the user has.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Condition {
    /// Name as the user wrote it.
    pub name: String,
    /// Since when, if known.
    #[serde(default)]
    pub since: Option<NaiveDate>,
}

/// Facts about the user that the analysis and display use.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct Profile {
    /// Year of birth.
    #[serde(default)]
    pub birth_year: Option<i32>,
    /// Unit volumes are shown in.
    #[serde(default)]
    pub volume_unit: VolumeUnit,
}

/// The whole diary in memory: what `analyze` reads and interchange v1 carries.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Diary {
    /// Profile.
    pub profile: Profile,
    /// Conditions.
    pub conditions: Vec<Condition>,
    /// Medication courses, by start date.
    pub medications: Vec<Medication>,
    /// Logged nights, by date (a date absent here is an unlogged night).
    pub nights: Vec<Night>,
    /// Days with anything recorded, by date.
    pub days: Vec<Day>,
    /// Self-experiments, oldest first.
    pub experiments: Vec<crate::trial::Trial>,
}

impl Diary {
    /// The logged night for `date`, if any (nights are sorted by date).
    pub fn night(&self, date: NaiveDate) -> Option<&Night> {
        self.nights.binary_search_by_key(&date, |n| n.date).ok().map(|i| &self.nights[i])
    }

    /// The day record for `date`, if any (days are sorted by date).
    pub fn day(&self, date: NaiveDate) -> Option<&Day> {
        self.days.binary_search_by_key(&date, |d| d.date).ok().map(|i| &self.days[i])
    }

    /// Whether nothing at all has been recorded.
    pub fn is_empty(&self) -> bool {
        self.nights.is_empty() && self.days.is_empty() && self.medications.is_empty() && self.conditions.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clock_time_parses_only_hh_mm() {
        assert_eq!("03:40".parse::<ClockTime>().unwrap().to_string(), "03:40");
        for bad in ["3:40", "24:00", "03:60", "0340", "03:4a", "", "03:40:00"] {
            assert!(bad.parse::<ClockTime>().is_err(), "{bad} accepted");
        }
    }

    #[test]
    fn string_enums_round_trip_and_reject_unknown() {
        for s in SymptomKind::ALL {
            assert_eq!(s.as_str().parse::<SymptomKind>().unwrap(), *s);
        }
        let err = "hip".parse::<Muscle>().unwrap_err();
        assert!(err.contains("calf, foot, thigh, hamstring, shin, other"), "{err}");
    }

    #[test]
    fn whole_numbers_are_written_without_fraction() {
        let f = Fluid { kind: FluidKind::Water, ml: 1500.0, brand: None };
        assert_eq!(serde_json::to_string(&f).unwrap(), r#"{"kind":"water","ml":1500}"#);
        let e = Episode { duration_min: Some(2.5), ..Default::default() };
        assert_eq!(serde_json::to_string(&e).unwrap(), r#"{"duration_min":2.5}"#);
    }

    #[test]
    fn course_activity_includes_both_ends() {
        let d = |s: &str| s.parse::<NaiveDate>().unwrap();
        let m = Medication {
            name: "x".into(),
            dose: String::new(),
            started: d("2026-03-01"),
            stopped: Some(d("2026-03-10")),
            notes: String::new(),
        };
        assert!(!m.active_on(d("2026-02-28")));
        assert!(m.active_on(d("2026-03-01")) && m.active_on(d("2026-03-10")));
        assert!(!m.active_on(d("2026-03-11")));
    }
}
