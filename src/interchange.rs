//! Interchange format v1 (`docs/interchange-v1.md`): export, and import that checks the
//! whole document, lists every problem with its JSON path, and writes all or nothing.

use std::fmt::Display;
use std::fs::File;
use std::io::Read;
use std::path::Path;
use std::str::FromStr;

use chrono::{DateTime, FixedOffset, NaiveDate, Utc};
use serde::Serialize;
use serde_json::{Map, Value};

use crate::domain::{
    ClockTime, Condition, Day, Diary, Episode, Fluid, FluidKind, Medication, Night, NightStatus, Profile, Symptom,
    SymptomKind,
};
use crate::error::{Error, Result};
use crate::store::Store;
use crate::validate::{unique_dates, Checker, FLOOR};

/// The `format` value every document carries.
pub const FORMAT: &str = "cramp-diary";
/// The version this build writes and reads.
pub const VERSION: u32 = 1;
/// The largest document an import reads, in bytes (64 MiB).
pub const MAX_FILE_BYTES: u64 = 64 * 1024 * 1024;

/// A whole diary as one interchange document.
#[derive(Debug, Clone, Serialize)]
pub struct Document<'a> {
    /// Always `cramp-diary`.
    pub format: &'static str,
    /// Always 1.
    pub version: u32,
    /// When the document was written.
    pub exported_at: String,
    /// Profile.
    pub profile: &'a Profile,
    /// Conditions.
    pub conditions: &'a [Condition],
    /// Medication courses.
    pub medications: &'a [Medication],
    /// Logged nights.
    pub nights: &'a [Night],
    /// Days.
    pub days: &'a [Day],
    /// Self-experiments (optional; left out when there are none).
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    pub experiments: &'a [crate::trial::Trial],
}

/// Writes `diary` as a pretty-printed interchange document.
pub fn to_json(diary: &Diary, exported_at: DateTime<Utc>) -> String {
    let doc = Document {
        format: FORMAT,
        version: VERSION,
        exported_at: exported_at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        profile: &diary.profile,
        conditions: &diary.conditions,
        medications: &diary.medications,
        nights: &diary.nights,
        days: &diary.days,
        experiments: &diary.experiments,
    };
    serde_json::to_string_pretty(&doc).expect("the diary serializes") + "\n"
}

/// Exports the whole diary held by `store`.
pub fn export(store: &Store) -> Result<String> {
    Ok(to_json(&store.load()?, store.now().with_timezone(&Utc)))
}

/// What an import wrote.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct ImportSummary {
    /// Nights written.
    pub nights: usize,
    /// Episodes written.
    pub episodes: usize,
    /// Days written.
    pub days: usize,
    /// Medication courses in the document.
    pub medications: usize,
    /// Conditions in the document.
    pub conditions: usize,
}

/// Checks a document and writes it in one transaction (see the module docs).
pub fn import(store: &mut Store, text: &str, replace: bool) -> Result<ImportSummary> {
    let diary = parse(text, store.today())?;
    import_diary(store, &diary, replace)
}

/// Checks an in-memory diary whole and writes it in one transaction, as [`import`] does.
pub fn import_diary(store: &mut Store, diary: &Diary, replace: bool) -> Result<ImportSummary> {
    store.check_diary(diary)?;
    store.write_diary(diary, replace)?;
    Ok(ImportSummary {
        nights: diary.nights.len(),
        episodes: diary.nights.iter().map(|n| n.episodes.len()).sum(),
        days: diary.days.len(),
        medications: diary.medications.len(),
        conditions: diary.conditions.len(),
    })
}

/// Reads a document file for [`import`], refusing one over [`MAX_FILE_BYTES`] before
/// reading it whole.
pub fn read_file(path: &Path) -> Result<String> {
    let could_not = |e: &dyn Display| Error::Io(format!("could not read {}: {e}", path.display()));
    let file = File::open(path).map_err(|e| could_not(&e))?;
    let len = file.metadata().map_err(|e| could_not(&e))?.len();
    if len > MAX_FILE_BYTES {
        return Err(too_big(&path.display().to_string(), len));
    }
    let mut bytes = Vec::new();
    file.take(MAX_FILE_BYTES + 1).read_to_end(&mut bytes).map_err(|e| could_not(&e))?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(too_big(&path.display().to_string(), bytes.len() as u64));
    }
    String::from_utf8(bytes).map_err(|_| could_not(&"the file is not UTF-8 text"))
}

fn too_big(what: &str, len: u64) -> Error {
    let mib = |b: u64| b as f64 / (1024.0 * 1024.0);
    Error::Format(format!(
        "{what} is {:.1} MiB ({len} bytes), more than the {:.0} MiB ({MAX_FILE_BYTES} bytes) an import reads; nothing was imported",
        mib(len),
        mib(MAX_FILE_BYTES)
    ))
}

/// Reads and checks a whole document, listing every problem with its JSON path.
pub fn parse(text: &str, today: NaiveDate) -> Result<Diary> {
    if text.len() as u64 > MAX_FILE_BYTES {
        return Err(too_big("the document", text.len() as u64));
    }
    let root: Value =
        serde_json::from_str(text).map_err(|e| Error::Format(format!("the file is not valid JSON: {e}")))?;
    let mut r = Reader { c: Checker::new(today) };
    let Some(obj) = r.object(&root, "") else { return Err(r.c.finish().expect_err("the document was refused")) };
    match obj.get("format") {
        Some(Value::String(s)) if s == FORMAT => {}
        other => {
            r.err("format", show(other), format!("must be \"{FORMAT}\"; this does not look like a Cramp Diary file"))
        }
    }
    match obj.get("version").and_then(Value::as_u64) {
        Some(1) => {}
        Some(v) if v > 1 => {
            return Err(Error::Format(format!(
            "this file is interchange version {v}, written by a newer Cramp Diary; this version reads version 1 only"
        )))
        }
        _ => r.err("version", show(obj.get("version")), "must be 1"),
    }
    if let Some(v) = obj.get("exported_at").filter(|v| !v.is_null()) {
        match v.as_str().and_then(|s| DateTime::parse_from_rfc3339(s).ok()) {
            Some(t) => r.c.timestamp("exported_at".into(), &t),
            None => r.err("exported_at", show(Some(v)), "must be an RFC 3339 timestamp"),
        }
    }
    let profile = match obj.get("profile") {
        None | Some(Value::Null) => Some(Profile::default()),
        Some(v) => r.object(v, "profile").map(|o| Profile {
            birth_year: r.opt(o, "profile", "birth_year", int_in(1900, 2200)).map(|y| y as i32),
            volume_unit: r.opt(o, "profile", "volume_unit", parsed).unwrap_or_default(),
        }),
    };
    // Every field of every element is read, a failed field replaced by a harmless stand-in,
    // so that one bad value never hides the problems next to it.
    let today = r.c.today();
    let conditions = r.list(obj, "conditions", |r, o, at| Condition {
        name: r.req(o, at, "name", string, "?".into()),
        since: r.opt(o, at, "since", date),
    });
    let medications = r.list(obj, "medications", |r, o, at| Medication {
        name: r.req(o, at, "name", string, "?".into()),
        dose: r.opt(o, at, "dose", string).unwrap_or_default(),
        started: r.req(o, at, "started", date, FLOOR),
        stopped: r.opt(o, at, "stopped", date),
        notes: r.opt(o, at, "notes", string).unwrap_or_default(),
    });
    let nights = r.list(obj, "nights", |r, o, at| Night {
        date: r.req(o, at, "date", date, today),
        status: r.req(o, at, "status", parsed, NightStatus::Cramps),
        sleep_disturbance: r.opt(o, at, "sleep_disturbance", int_in(0, 10)).map(|v| v as u8),
        logged_at: r.opt(o, at, "logged_at", timestamp),
        notes: r.opt(o, at, "notes", string).unwrap_or_default(),
        episodes: values(r.list(o, &format!("{at}.episodes"), |r, o, at| Episode {
            time: r.opt(o, at, "time", parsed::<ClockTime>),
            duration_min: r.opt(o, at, "duration_min", number),
            intensity: r.opt(o, at, "intensity", int_in(0, 10)).map(|v| v as u8),
            side: r.opt(o, at, "side", parsed),
            muscle: r.opt(o, at, "muscle", parsed),
            relieved_by: r.strings(o, at, "relieved_by"),
            soreness_after: r.opt(o, at, "soreness_after", boolean).unwrap_or(false),
        })),
    });
    let days = r.list(obj, "days", |r, o, at| Day {
        date: r.req(o, at, "date", date, today),
        fluids: values(r.list(o, &format!("{at}.fluids"), |r, o, at| Fluid {
            kind: r.req(o, at, "kind", parsed, FluidKind::Water),
            ml: r.req(o, at, "ml", number, 1.0),
            brand: r.opt(o, at, "brand", string),
        })),
        exertion: r.opt(o, at, "exertion", int_in(0, 10)).map(|v| v as u8),
        exercise_min: r.opt(o, at, "exercise_min", int_in(0, 1440)).map(|v| v as u32),
        stretched_before_bed: r.opt(o, at, "stretched_before_bed", boolean),
        symptoms: values(r.list(o, &format!("{at}.symptoms"), |r, o, at| Symptom {
            kind: r.req(o, at, "kind", parsed, SymptomKind::CrampOver10Min),
            side: r.opt(o, at, "side", parsed),
        })),
    });

    let mut experiments = Vec::new();
    match obj.get("experiments") {
        None | Some(Value::Null) => {}
        Some(Value::Array(items)) => {
            for (i, v) in items.iter().enumerate() {
                match serde_json::from_value::<crate::trial::Trial>(v.clone()) {
                    Ok(t) => experiments.push((i, t)),
                    Err(e) => {
                        r.err(format!("experiments[{i}]"), show(Some(v)), format!("must be a self-experiment: {e}"))
                    }
                }
            }
        }
        Some(v) => r.err("experiments", show(Some(v)), "must be a list"),
    }

    // The rules beyond the types, for every element; repeated dates among sound elements.
    let mut c = r.c;
    for (i, t) in &experiments {
        crate::trial::check_trial(&mut c, t, &format!("experiments[{i}]"));
    }
    if let Some(p) = &profile {
        c.profile(p, "profile");
        c.set_birth_year(p.birth_year);
    }
    for e in &conditions {
        c.condition(&e.value, &format!("conditions[{}]", e.index));
    }
    for e in &medications {
        c.medication(&e.value, &format!("medications[{}]", e.index));
    }
    for e in &nights {
        c.night(&e.value, &format!("nights[{}]", e.index));
    }
    for e in &days {
        c.day(&e.value, &format!("days[{}]", e.index));
    }
    unique_dates(&mut c, "nights", nights.iter().filter(|e| e.sound).map(|e| (e.index, e.value.date)));
    unique_dates(&mut c, "days", days.iter().filter(|e| e.sound).map(|e| (e.index, e.value.date)));
    c.finish()?;

    let mut diary = Diary {
        profile: profile.unwrap_or_default(),
        conditions: values(conditions),
        medications: values(medications),
        nights: values(nights),
        days: values(days),
        experiments: experiments.into_iter().map(|(_, t)| t).collect(),
    };
    diary.nights.sort_by_key(|n| n.date);
    diary.days.sort_by_key(|d| d.date);
    Ok(diary)
}

fn show(v: Option<&Value>) -> String {
    match v {
        None => "nothing".into(),
        Some(v) => v.to_string(),
    }
}

type Conv<T> = fn(&Value) -> std::result::Result<T, String>;

/// Text, with Windows (CR LF) and old Mac (CR) line ends turned into new lines.
fn string(v: &Value) -> std::result::Result<String, String> {
    let s = v.as_str().ok_or("must be text")?;
    Ok(if s.contains('\r') { s.replace("\r\n", "\n").replace('\r', "\n") } else { s.to_string() })
}

fn date(v: &Value) -> std::result::Result<NaiveDate, String> {
    v.as_str()
        .filter(|s| s.len() == 10)
        .and_then(|s| NaiveDate::parse_from_str(s, "%Y-%m-%d").ok())
        .ok_or_else(|| "must be a real date written YYYY-MM-DD".into())
}

fn timestamp(v: &Value) -> std::result::Result<DateTime<FixedOffset>, String> {
    v.as_str().and_then(|s| DateTime::parse_from_rfc3339(s).ok()).ok_or_else(|| "must be an RFC 3339 timestamp".into())
}

fn number(v: &Value) -> std::result::Result<f64, String> {
    v.as_f64().ok_or_else(|| "must be a number".into())
}

fn boolean(v: &Value) -> std::result::Result<bool, String> {
    v.as_bool().ok_or_else(|| "must be true or false".into())
}

fn parsed<T: FromStr<Err = String>>(v: &Value) -> std::result::Result<T, String> {
    v.as_str().ok_or_else(|| "must be text".to_string()).and_then(str::parse)
}

fn int_in(lo: i64, hi: i64) -> impl Fn(&Value) -> std::result::Result<i64, String> {
    move |v| {
        v.as_i64().filter(|n| (lo..=hi).contains(n)).ok_or_else(|| format!("must be a whole number from {lo} to {hi}"))
    }
}

struct Reader {
    c: Checker,
}

impl Reader {
    fn err(&mut self, field: impl Into<String>, value: impl Display, rule: impl Into<String>) {
        self.c.push(field, value, rule);
    }

    fn object<'v>(&mut self, v: &'v Value, at: &str) -> Option<&'v Map<String, Value>> {
        let o = v.as_object();
        if o.is_none() {
            let field = if at.is_empty() { "(document)" } else { at };
            self.err(field, show(Some(v)), "must be a JSON object");
        }
        o
    }

    fn path(at: &str, key: &str) -> String {
        if at.is_empty() {
            key.to_string()
        } else {
            format!("{at}.{key}")
        }
    }

    fn req<T>(
        &mut self,
        o: &Map<String, Value>,
        at: &str,
        key: &str,
        conv: impl Fn(&Value) -> std::result::Result<T, String>,
        stand_in: T,
    ) -> T {
        match o.get(key) {
            None | Some(Value::Null) => {
                self.err(Self::path(at, key), "", "is required");
                stand_in
            }
            Some(v) => conv(v).unwrap_or_else(|rule| {
                self.err(Self::path(at, key), v, rule);
                stand_in
            }),
        }
    }

    fn opt<T>(
        &mut self,
        o: &Map<String, Value>,
        at: &str,
        key: &str,
        conv: impl Fn(&Value) -> std::result::Result<T, String>,
    ) -> Option<T> {
        match o.get(key) {
            None | Some(Value::Null) => None,
            Some(v) => conv(v).map_err(|rule| self.err(Self::path(at, key), v, rule)).ok(),
        }
    }

    fn strings<T: FromStr<Err = String>>(&mut self, o: &Map<String, Value>, at: &str, key: &str) -> Vec<T> {
        let conv: Conv<T> = parsed::<T>;
        match o.get(key) {
            None | Some(Value::Null) => Vec::new(),
            Some(Value::Array(items)) => items
                .iter()
                .enumerate()
                .filter_map(|(i, v)| {
                    conv(v).map_err(|rule| self.err(format!("{}[{i}]", Self::path(at, key)), v, rule)).ok()
                })
                .collect(),
            Some(v) => {
                self.err(Self::path(at, key), v, "must be a list");
                Vec::new()
            }
        }
    }

    /// Reads an array of objects, each with `each`; elements that are not objects are refused.
    fn list<T>(
        &mut self,
        o: &Map<String, Value>,
        key: &str,
        mut each: impl FnMut(&mut Self, &Map<String, Value>, &str) -> T,
    ) -> Vec<Element<T>> {
        let field = key.rsplit_once('.').map_or(key, |(_, f)| f);
        let mut out = Vec::new();
        match o.get(field) {
            None | Some(Value::Null) => {}
            Some(Value::Array(items)) => {
                for (index, item) in items.iter().enumerate() {
                    let at = format!("{key}[{index}]");
                    let before = self.c.count();
                    if let Some(obj) = self.object(item, &at) {
                        let value = each(self, obj, &at);
                        out.push(Element { index, value, sound: self.c.count() == before });
                    }
                }
            }
            Some(v) => self.err(key, v, "must be a list"),
        }
        out
    }
}

/// One element of a list, with its index and whether it was read without error.
struct Element<T> {
    index: usize,
    value: T,
    sound: bool,
}

fn values<T>(list: Vec<Element<T>>) -> Vec<T> {
    list.into_iter().map(|e| e.value).collect()
}
