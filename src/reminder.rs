//! When the reminders speak: pure decisions the app's tray loop asks once a minute. The
//! morning one asks about last night; during a self-experiment an evening one says tonight's task.

use chrono::{NaiveDate, NaiveDateTime, NaiveTime};

use crate::domain::Settings;
use crate::locale::DateStyle;

/// The reminder's words: the app name, the heading and the text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Words {
    /// Who the notification says it is from.
    pub app: &'static str,
    /// The heading.
    pub summary: &'static str,
    /// The text.
    pub body: String,
}

/// What the reminder says about the unlogged `night`, with tonight's task when a
/// self-experiment runs (`tonight`, as [`crate::trial::Design::tonight`] words it). A discreet
/// reminder names neither the app, cramps nor the remedy, for a lock screen other people can see.
/// The night's date is written in the default style; see [`words_styled`].
pub fn words(night: NaiveDate, discreet: bool, tonight: Option<&str>) -> Words {
    words_styled(night, discreet, tonight, DateStyle::DEFAULT)
}

/// [`words`] with the night's date written in `style` ("Tuesday 17 November", "Tuesday, November 17").
pub fn words_styled(night: NaiveDate, discreet: bool, tonight: Option<&str>, style: DateStyle) -> Words {
    if discreet {
        return Words { app: "Reminder", summary: "Good morning", body: "Your morning entry is waiting.".into() };
    }
    let mut body = format!(
        "The night of {} is not in your diary yet. Click here to add it. If you had no cramps, it takes one click.",
        style.weekday_day_month(night)
    );
    if let Some(t) = tonight {
        body.push_str(&format!("\n{t} (your self-experiment)."));
    }
    Words { app: "Cramp Diary", summary: "Good morning. How was last night?", body }
}

/// The key of the morning reminder's "No cramps" button: logs the night as cramp-free without
/// opening the window.
pub const NO_CRAMPS: &str = "no-cramps";
/// The key of its "I had cramps" button: opens the morning log with the cramp form.
pub const HAD_CRAMPS: &str = "i-had-cramps";
/// What a notification server reports when the message itself is clicked.
pub const CLICK: &str = "default";

/// What the person asked for by acting on the morning reminder.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Answer {
    /// The message itself was clicked: open the morning log.
    Open,
    /// "No cramps": log the night as cramp-free, the window left as it is.
    NoCramps,
    /// "I had cramps": open the morning log with the cramp form.
    HadCramps,
}

impl Answer {
    /// The answer behind a notification server's action key (`None` for anything else, such
    /// as a closed notification).
    pub fn from_action(key: &str) -> Option<Answer> {
        match key {
            CLICK => Some(Answer::Open),
            NO_CRAMPS => Some(Answer::NoCramps),
            HAD_CRAMPS => Some(Answer::HadCramps),
            _ => None,
        }
    }
}

/// The morning reminder's two buttons as (key, label), for a notification server that shows
/// buttons. A discreet reminder's labels say nothing about cramps either: "All fine" (logs the
/// night as cramp-free, as "No cramps" does) and "Add details" (opens the cramp form).
pub fn answers(discreet: bool) -> [(&'static str, &'static str); 2] {
    if discreet {
        [(NO_CRAMPS, "All fine"), (HAD_CRAMPS, "Add details")]
    } else {
        [(NO_CRAMPS, "No cramps"), (HAD_CRAMPS, "I had cramps")]
    }
}

/// "the night of Sunday 22 November", as the reminder names it.
fn the_night(night: NaiveDate) -> String {
    format!("the night of {}", night.format("%A %-d %B"))
}

/// What the app says, the next time it is opened, about a night the reminder's "No cramps"
/// saved: the sentence and its two buttons (each with a label naming the night).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Answered {
    /// The night that was saved.
    pub night: NaiveDate,
    /// "The night of … was saved as a night without cramps, from the reminder."
    pub message: String,
    /// The Undo button's text.
    pub undo: &'static str,
    /// The Undo button's accessible label.
    pub undo_label: String,
    /// The text of the button that confirms it.
    pub keep: &'static str,
    /// That button's accessible label.
    pub keep_label: String,
}

/// The words of [`Answered`] for `night`.
pub fn answered(night: NaiveDate) -> Answered {
    let the = the_night(night);
    Answered {
        night,
        message: format!("{} was saved as a night without cramps, from the reminder.", capitalised(&the)),
        undo: "Undo",
        undo_label: format!("Undo: remove {the} from your diary"),
        keep: "That's right",
        keep_label: format!("That's right: keep {the} as a night without cramps"),
    }
}

/// What the app says once Undo removed the night the reminder saved.
pub fn undone(night: NaiveDate) -> String {
    format!("Removed {} from your diary; it is not logged now.", the_night(night))
}

/// What the app says when the reminder's "No cramps" could not be saved (`why`, the error).
pub fn not_saved(night: NaiveDate, why: &str) -> String {
    format!("{} could not be saved from the reminder ({why}). Please log it here.", capitalised(&the_night(night)))
}

/// Why Undo left the night of `night` as it is: it is no longer the entry the reminder saved.
pub fn undo_refused(night: NaiveDate) -> String {
    format!(
        "{} was changed or removed since the reminder saved it, so Undo left it as it is.",
        capitalised(&the_night(night))
    )
}

/// Why the reminder's "No cramps" left `existing` as it was (it never overwrites an entry).
pub fn refused(existing: &crate::Night) -> String {
    let how = match existing.status {
        crate::NightStatus::Cramps => "with cramps",
        crate::NightStatus::Unknown => "as “not sure”",
        crate::NightStatus::None => "without cramps",
    };
    format!(
        "{} is already in your diary {how}, so “No cramps” from the reminder did not change it.",
        capitalised(&the_night(existing.date))
    )
}

fn capitalised(s: &str) -> String {
    let mut c = s.chars();
    c.next().map(|f| f.to_uppercase().chain(c).collect()).unwrap_or_default()
}

/// Tonight's task in `trial` when it runs on `today` and tonight is one of its block nights.
pub fn tonight(trial: Option<&crate::trial::Trial>, today: NaiveDate) -> Option<String> {
    trial.filter(|t| t.running(today)).and_then(|t| t.design.tonight(today))
}

/// What the reminder loop knows at one moment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReminderState {
    /// Whether last night (the evening before `now`'s date) is already logged.
    pub last_night_logged: bool,
    /// The last day the reminder was shown.
    pub shown_on: Option<NaiveDate>,
}

/// Whether to show the reminder now: it is on, its time has come today, last night is not
/// logged yet, and it has not already been shown today.
pub fn due(settings: &Settings, now: NaiveDateTime, state: ReminderState) -> bool {
    let at = NaiveTime::from_hms_opt(settings.reminder_time.hour().into(), settings.reminder_time.minute().into(), 0)
        .expect("a ClockTime is always a valid time of day");
    settings.reminder_enabled && now.time() >= at && !state.last_night_logged && state.shown_on != Some(now.date())
}

/// What the evening reminder says about tonight's task (`tonight`, as
/// [`crate::trial::Design::tonight`] words it). A discreet one names neither the app nor the remedy.
pub fn evening_words(tonight: &str, discreet: bool) -> Words {
    if discreet {
        return Words { app: "Reminder", summary: "Good evening", body: "Your evening entry is waiting.".into() };
    }
    Words {
        app: "Cramp Diary",
        summary: "Tonight's self-experiment",
        body: format!("{tonight}. Click here to note whether you did it; it takes one click."),
    }
}

/// What the evening reminder loop knows at one moment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EveningState {
    /// Whether tonight's task has already been recorded (done or not).
    pub tonight_recorded: bool,
    /// The last day the evening reminder was shown.
    pub shown_on: Option<NaiveDate>,
}

/// Whether to show the evening reminder now: it is on, its time has come today, a
/// self-experiment has a task tonight that is not recorded yet, and it has not been shown today.
pub fn evening_due(settings: &Settings, now: NaiveDateTime, tonight: Option<&str>, state: EveningState) -> bool {
    let at = NaiveTime::from_hms_opt(
        settings.evening_reminder_time.hour().into(),
        settings.evening_reminder_time.minute().into(),
        0,
    )
    .expect("a ClockTime is always a valid time of day");
    settings.evening_reminder_enabled
        && tonight.is_some()
        && now.time() >= at
        && !state.tonight_recorded
        && state.shown_on != Some(now.date())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::ClockTime;

    fn at(s: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap()
    }

    fn on_at(time: &str) -> Settings {
        Settings { reminder_enabled: true, reminder_time: time.parse::<ClockTime>().unwrap(), ..Settings::default() }
    }

    #[test]
    fn a_discreet_reminder_says_nothing_about_cramps_or_the_night() {
        let night = "2026-11-23".parse().unwrap();
        let plain = words(night, false, None);
        assert!(plain.body.contains("Monday 23 November"), "{}", plain.body);
        let quiet = words(night, true, None);
        let us = DateStyle::from_locale_tag(Some("en_US.UTF-8"));
        let said = words_styled(night, false, None, us).body;
        assert!(said.contains(&us.weekday_day_month(night)) && said.contains(", November "), "{said}");
        assert_eq!(words_styled(night, false, None, DateStyle::DEFAULT), plain);
        for text in [quiet.app, quiet.summary, quiet.body.as_str()] {
            let t = text.to_lowercase();
            assert!(!t.contains("cramp") && !t.contains("night") && !t.contains("23"), "{text}");
        }
    }

    #[test]
    fn during_a_trial_the_reminder_says_tonights_arm_unless_it_is_discreet() {
        use crate::trial::{design, Arm, PlanRequest, Remedy, Trial};
        let today: NaiveDate = "2026-11-23".parse().unwrap();
        let d = design(&PlanRequest::new(Remedy::Stretching, 7), &crate::Diary::default(), today).unwrap();
        let planned_at = "2026-11-23T08:00:00+00:00".parse().unwrap();
        let mut t = Trial { design: d, planned_at, stopped_on: None, adherence: Vec::new() };
        assert_eq!(tonight(Some(&t), today), None, "a baseline night has no arm");
        let on = |arm| t.design.blocks().into_iter().find(|b| b.arm == arm).unwrap().from;
        let (remedy, control) = (on(Arm::Remedy), on(Arm::Control));
        let night = remedy.pred_opt().unwrap();
        let said = words(night, false, tonight(Some(&t), remedy).as_deref());
        assert!(
            said.body.ends_with("\nTonight: stretch your calves and hamstrings before bed (your self-experiment)."),
            "{}",
            said.body
        );
        let said = words(night, false, tonight(Some(&t), control).as_deref());
        assert!(said.body.ends_with("\nTonight: no stretching before bed (your self-experiment)."), "{}", said.body);
        let quiet = words(night, true, tonight(Some(&t), remedy).as_deref());
        assert_eq!(quiet, words(night, true, None), "discreet: nothing about the remedy");
        for text in [quiet.app, quiet.summary, quiet.body.as_str()] {
            let w = text.to_lowercase();
            assert!(!w.contains("stretch") && !w.contains("experiment") && !w.contains("tonight"), "{text}");
        }
        t.stopped_on = Some(remedy);
        assert_eq!(tonight(Some(&t), remedy), None, "a stopped trial says nothing");
        assert_eq!(tonight(None, remedy), None);
    }

    const UNLOGGED: ReminderState = ReminderState { last_night_logged: false, shown_on: None };

    #[test]
    fn speaks_from_its_time_onwards_when_last_night_is_unlogged() {
        let s = on_at("08:30");
        assert!(!due(&s, at("2026-11-24 08:29"), UNLOGGED));
        assert!(due(&s, at("2026-11-24 08:30"), UNLOGGED));
        assert!(due(&s, at("2026-11-24 21:00"), UNLOGGED), "a computer switched on late still gets it");
    }

    #[test]
    fn stays_quiet_when_off_logged_or_already_shown_today() {
        let now = at("2026-11-24 09:00");
        assert!(!due(&Settings { reminder_enabled: false, ..on_at("08:30") }, now, UNLOGGED));
        assert!(!due(&on_at("08:30"), now, ReminderState { last_night_logged: true, shown_on: None }));
        let today = now.date();
        assert!(!due(&on_at("08:30"), now, ReminderState { last_night_logged: false, shown_on: Some(today) }));
        let yesterday = today.pred_opt().unwrap();
        assert!(due(&on_at("08:30"), now, ReminderState { last_night_logged: false, shown_on: Some(yesterday) }));
    }

    #[test]
    fn speaks_at_most_once_a_local_day_across_midnight_leap_days_and_clock_changes() {
        let s = on_at("08:30");
        // Shown on the leap day: quiet for the rest of it, however late.
        let shown = ReminderState { last_night_logged: false, shown_on: Some(at("2028-02-29 08:30").date()) };
        assert!(due(&s, at("2028-02-29 08:30"), UNLOGGED));
        assert!(!due(&s, at("2028-02-29 23:30"), shown));
        assert!(!due(&s, at("2028-02-29 23:59"), shown));
        // The next local day it may speak again, once its time has come.
        assert!(!due(&s, at("2028-03-01 00:30"), shown), "not before its time");
        assert!(due(&s, at("2028-03-01 08:30"), shown));
        // New Year's Eve late evening after being shown that day, then New Year's morning.
        let shown = ReminderState { last_night_logged: false, shown_on: Some(at("2026-12-31 09:00").date()) };
        assert!(!due(&s, at("2026-12-31 23:59"), shown));
        assert!(due(&s, at("2027-01-01 08:30"), shown));
        // The night the UK clocks go forward: one local day, one reminder.
        let early = on_at("00:15");
        assert!(due(&early, at("2027-03-28 00:30"), UNLOGGED));
        let shown = ReminderState { last_night_logged: false, shown_on: Some(at("2027-03-28 00:30").date()) };
        assert!(!due(&early, at("2027-03-28 02:00"), shown), "the skipped hour brings no second one");
        assert!(!due(&early, at("2027-03-28 23:59"), shown));
    }

    #[test]
    fn asks_about_the_evening_before_its_day() {
        // The loop asks `clock::last_night` for the night it names.
        assert_eq!(crate::clock::last_night(at("2026-03-01 08:30")), NaiveDate::from_ymd_opt(2026, 2, 28).unwrap());
        assert_eq!(crate::clock::last_night(at("2028-03-01 00:30")), NaiveDate::from_ymd_opt(2028, 2, 29).unwrap());
    }

    #[test]
    fn the_evening_reminder_speaks_once_an_evening_only_while_a_task_waits() {
        let s = Settings::default();
        let task = Some("Tonight: no stretching before bed");
        let fresh = EveningState { tonight_recorded: false, shown_on: None };
        assert!(!evening_due(&s, at("2026-11-23 20:59"), task, fresh), "before its time");
        assert!(evening_due(&s, at("2026-11-23 21:00"), task, fresh));
        assert!(evening_due(&s, at("2026-11-23 23:59"), task, fresh), "later the same evening");
        assert!(!evening_due(&s, at("2026-11-23 21:30"), None, fresh), "no trial, or not a block night");
        let recorded = EveningState { tonight_recorded: true, ..fresh };
        assert!(!evening_due(&s, at("2026-11-23 21:30"), task, recorded), "already noted");
        let shown = EveningState { shown_on: Some("2026-11-23".parse().unwrap()), ..fresh };
        assert!(!evening_due(&s, at("2026-11-23 22:00"), task, shown), "once an evening");
        assert!(evening_due(&s, at("2026-11-24 21:00"), task, shown), "and again the next");
        let off = Settings { evening_reminder_enabled: false, ..Settings::default() };
        assert!(!evening_due(&off, at("2026-11-23 21:30"), task, fresh));
        let early = Settings { evening_reminder_time: "19:15".parse().unwrap(), ..Settings::default() };
        assert!(evening_due(&early, at("2026-11-23 19:15"), task, fresh));
    }

    #[test]
    fn the_evening_reminder_names_tonights_task_unless_discreet() {
        let plain = evening_words("Tonight: stretch your calves and hamstrings before bed", false);
        assert_eq!(plain.summary, "Tonight's self-experiment");
        assert!(plain.body.starts_with("Tonight: stretch your calves and hamstrings before bed."), "{}", plain.body);
        let quiet = evening_words("Tonight: stretch your calves and hamstrings before bed", true);
        for text in [quiet.app, quiet.summary, quiet.body.as_str()] {
            let t = text.to_lowercase();
            assert!(!t.contains("cramp") && !t.contains("stretch") && !t.contains("experiment"), "{text}");
        }
    }

    #[test]
    fn the_reminders_buttons_answer_it_and_a_discreet_ones_say_nothing_of_cramps() {
        assert_eq!(answers(false), [(NO_CRAMPS, "No cramps"), (HAD_CRAMPS, "I had cramps")]);
        let quiet = answers(true);
        assert_eq!(quiet.map(|(key, _)| key), [NO_CRAMPS, HAD_CRAMPS], "the same answers");
        for (_, label) in quiet {
            let l = label.to_lowercase();
            assert!(!l.contains("cramp") && !l.contains("night") && !l.contains("diary"), "{label}");
        }
        assert_eq!(Answer::from_action("default"), Some(Answer::Open));
        assert_eq!(Answer::from_action("no-cramps"), Some(Answer::NoCramps));
        assert_eq!(Answer::from_action("i-had-cramps"), Some(Answer::HadCramps));
        assert_eq!(Answer::from_action("__closed"), None, "closing it answers nothing");
    }

    #[test]
    fn the_app_names_the_night_the_reminder_saved_and_its_buttons_say_what_they_do() {
        let a = answered("2026-11-22".parse().unwrap());
        assert_eq!(
            a.message,
            "The night of Sunday 22 November was saved as a night without cramps, from the reminder."
        );
        assert_eq!((a.undo, a.keep), ("Undo", "That's right"));
        // Each label starts with the button's own words, so speech input finds it.
        assert_eq!(a.undo_label, "Undo: remove the night of Sunday 22 November from your diary");
        assert_eq!(a.keep_label, "That's right: keep the night of Sunday 22 November as a night without cramps");
        assert_eq!(undone(a.night), "Removed the night of Sunday 22 November from your diary; it is not logged now.");
    }
}
