//! What an edit changed in a night, in plain words, so a save never overwrites silently.

use crate::domain::{Episode, Night, NightStatus};

fn status_words(n: &Night) -> String {
    match (n.status, n.episodes.len()) {
        (NightStatus::None, _) => "no cramps".into(),
        (NightStatus::Unknown, _) => "not sure".into(),
        (NightStatus::Cramps, 0) => "cramps".into(),
        (NightStatus::Cramps, 1) => "1 cramp".into(),
        (NightStatus::Cramps, k) => format!("{k} cramps"),
    }
}

fn opt<T>(v: Option<T>, f: impl Fn(T) -> String) -> String {
    v.map(f).unwrap_or_else(|| "not recorded".into())
}

fn minutes(m: f64) -> String {
    let s = format!("{m:.1}");
    format!("{} min", s.trim_end_matches(".0"))
}

fn episode_changes(i: usize, old: &Episode, new: &Episode, out: &mut Vec<String>) {
    let at = format!("cramp {}", i + 1);
    let mut diff = |what: &str, a: String, b: String| {
        if a != b {
            out.push(format!("{at}, {what}: {a} → {b}"));
        }
    };
    diff("time", opt(old.time, |t| t.to_string()), opt(new.time, |t| t.to_string()));
    diff("how long", opt(old.duration_min, minutes), opt(new.duration_min, minutes));
    diff("how strong", opt(old.intensity, |v| format!("{v}/10")), opt(new.intensity, |v| format!("{v}/10")));
    diff("leg", opt(old.side, |s| s.to_string()), opt(new.side, |s| s.to_string()));
    diff("muscle", opt(old.muscle, |m| m.to_string()), opt(new.muscle, |m| m.to_string()));
    let helped = |e: &Episode| {
        if e.relieved_by.is_empty() {
            "nothing recorded".to_string()
        } else {
            e.relieved_by.iter().map(|r| r.as_str().replace('_', " ")).collect::<Vec<_>>().join(", ")
        }
    };
    diff("what helped", helped(old), helped(new));
    diff("sore afterwards", yes_no(old.soreness_after), yes_no(new.soreness_after));
}

fn yes_no(b: bool) -> String {
    if b { "yes" } else { "no" }.into()
}

/// Every difference between the night as it was and as it is now, one plain sentence each
/// (empty when nothing changed). Episodes are compared by position.
pub fn night_changes(old: &Night, new: &Night) -> Vec<String> {
    let mut out = Vec::new();
    if old.status != new.status || old.episodes.len() != new.episodes.len() {
        out.push(format!("the night: {} → {}", status_words(old), status_words(new)));
    }
    let (a, b) = (old.sleep_disturbance, new.sleep_disturbance);
    if a != b {
        let w = |v: Option<u8>| opt(v, |v| format!("{v}/10"));
        out.push(format!("sleep disturbed: {} → {}", w(a), w(b)));
    }
    if old.notes != new.notes {
        out.push(if new.notes.is_empty() { "notes removed".into() } else { "notes changed".into() });
    }
    for (i, (o, n)) in old.episodes.iter().zip(&new.episodes).enumerate() {
        episode_changes(i, o, n, &mut out);
    }
    for i in new.episodes.len()..old.episodes.len() {
        out.push(format!("cramp {} removed", i + 1));
    }
    for i in old.episodes.len()..new.episodes.len() {
        out.push(format!("cramp {} added", i + 1));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{Muscle, Relief, Side};

    fn night(status: NightStatus, episodes: Vec<Episode>) -> Night {
        let mut n = Night::new("2026-11-23".parse().unwrap(), status);
        n.episodes = episodes;
        n
    }

    fn cramp(time: &str, minutes: f64) -> Episode {
        Episode { time: Some(time.parse().unwrap()), duration_min: Some(minutes), ..Default::default() }
    }

    #[test]
    fn nothing_changed_says_nothing() {
        let n = night(NightStatus::Cramps, vec![cramp("03:00", 2.0)]);
        assert!(night_changes(&n, &n.clone()).is_empty());
    }

    #[test]
    fn each_change_is_named_with_before_and_after() {
        let old = night(NightStatus::Cramps, vec![cramp("03:00", 2.0), cramp("05:10", 1.5)]);
        let mut changed = cramp("03:30", 2.0);
        changed.side = Some(Side::Left);
        changed.muscle = Some(Muscle::Calf);
        changed.relieved_by = vec![Relief::Stretching, Relief::Walking];
        let mut new = night(NightStatus::Cramps, vec![changed]);
        new.sleep_disturbance = Some(6);
        new.notes = "woke twice".into();
        assert_eq!(
            night_changes(&old, &new),
            [
                "the night: 2 cramps → 1 cramp",
                "sleep disturbed: not recorded → 6/10",
                "notes changed",
                "cramp 1, time: 03:00 → 03:30",
                "cramp 1, leg: not recorded → left",
                "cramp 1, muscle: not recorded → calf",
                "cramp 1, what helped: nothing recorded → stretching, walking",
                "cramp 2 removed",
            ]
        );
    }

    #[test]
    fn replacing_cramps_with_a_quiet_night_is_spelled_out() {
        let old = night(NightStatus::Cramps, vec![cramp("03:00", 2.0)]);
        let new = night(NightStatus::None, vec![]);
        assert_eq!(night_changes(&old, &new), ["the night: 1 cramp → no cramps", "cramp 1 removed"]);
        assert_eq!(night_changes(&new, &old), ["the night: no cramps → 1 cramp", "cramp 1 added"]);
        let longer = night(NightStatus::Cramps, vec![cramp("03:00", 2.5)]);
        assert_eq!(night_changes(&old, &longer), ["cramp 1, how long: 2 min → 2.5 min"]);
    }
}
