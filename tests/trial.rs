//! Self-experiments: the design (seeded order, baseline, refusals), the store (plan,
//! adherence, stop, all in the file) and the result (missing nights, adherence, stopping).

use chrono::{Days, NaiveDate};
use cramp_diary::trial::{self, result, Arm, PlanRequest, Remedy, Verdict};
use cramp_diary::{Diary, Error, Night, NightStatus, Store};

fn day(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn plus(d: NaiveDate, n: u64) -> NaiveDate {
    d.checked_add_days(Days::new(n)).unwrap()
}

const TODAY: &str = "2026-05-04";

fn field_of(e: &Error) -> Vec<String> {
    match e {
        Error::Invalid(p) => p.iter().map(|f| f.field.clone()).collect(),
        other => panic!("expected a refusal, got {other:?}"),
    }
}

#[test]
fn the_same_seed_gives_the_same_schedule_and_every_pair_holds_both_arms() {
    let today = day(TODAY);
    let mut orders_seen = std::collections::HashSet::new();
    for seed in 0..200u64 {
        let req = PlanRequest { pairs: Some(4), ..PlanRequest::new(Remedy::Stretching, seed) };
        let a = trial::design(&req, &Diary::default(), today).unwrap();
        let b = trial::design(&req, &Diary::default(), today).unwrap();
        assert_eq!(a.blocks(), b.blocks(), "seed {seed}");
        let blocks = a.blocks();
        assert_eq!(blocks.len(), 8);
        for p in 0..4 {
            let arms: Vec<Arm> = blocks.iter().filter(|x| x.pair == p).map(|x| x.arm).collect();
            assert_eq!(arms.len(), 2);
            assert!(arms.contains(&Arm::Remedy) && arms.contains(&Arm::Control), "seed {seed} pair {p}");
        }
        assert!(blocks.windows(2).all(|w| plus(w[0].to, 1) == w[1].from), "blocks follow each other");
        assert_eq!(blocks[0].from, a.start);
        orders_seen.insert(trial::orders(seed, 4));
    }
    // 200 seeds over 16 possible orders: every order is drawn.
    assert_eq!(orders_seen.len(), 16);
}

#[test]
fn the_baseline_comes_first_unless_the_last_14_nights_are_logged() {
    let today = day(TODAY);
    let fresh = trial::design(&PlanRequest::new(Remedy::Stretching, 1), &Diary::default(), today).unwrap();
    assert_eq!((fresh.baseline_from, fresh.baseline_to(), fresh.start), (today, plus(today, 13), plus(today, 14)));
    assert!(!fresh.baseline_already_logged);
    let nights = (1..=14).map(|k| Night::new(today.checked_sub_days(Days::new(k)).unwrap(), NightStatus::None));
    let mut nights: Vec<Night> = nights.collect();
    nights.sort_by_key(|n| n.date);
    let logged = Diary { nights, ..Diary::default() };
    let d = trial::design(&PlanRequest::new(Remedy::Stretching, 1), &logged, today).unwrap();
    assert!(d.baseline_already_logged);
    assert_eq!((d.baseline_to(), d.start), (plus(today, 0).pred_opt().unwrap(), today));
    let supplement = PlanRequest { remedy_name: "magnesium".into(), ..PlanRequest::new(Remedy::Supplement, 1) };
    assert_eq!(trial::design(&supplement, &Diary::default(), today).unwrap().block_nights, 14);
}

#[test]
fn refusals_name_the_field() {
    let today = day(TODAY);
    let none = Diary::default();
    let e = trial::design(&PlanRequest::new(Remedy::PrescribedMedicine, 1), &none, today).unwrap_err();
    assert_eq!(field_of(&e), ["remedy"]);
    assert!(e.to_string().contains("prescriber"), "{e}");
    let e = trial::design(&PlanRequest::new(Remedy::Other, 1), &none, today).unwrap_err();
    assert_eq!(field_of(&e), ["remedy_name"]);
    let quinine = PlanRequest { remedy_name: "Qualaquin".into(), ..PlanRequest::new(Remedy::Other, 1) };
    let e = trial::design(&quinine, &none, today).unwrap_err();
    assert_eq!(field_of(&e), ["remedy_name"]);
    assert!(e.to_string().contains("quinine"), "{e}");
    let bad = PlanRequest {
        block_nights: Some(2),
        pairs: Some(9),
        baseline_nights: Some(7),
        ..PlanRequest::new(Remedy::WarmBath, 1)
    };
    let e = trial::design(&bad, &none, today).unwrap_err();
    assert_eq!(field_of(&e), ["block_nights", "pairs", "baseline_nights"]);
    // A past start is fine while no night from it on is logged, and refused once one is.
    let past = PlanRequest { start: Some(day("2026-04-20")), ..PlanRequest::new(Remedy::Stretching, 1) };
    assert_eq!(trial::design(&past, &none, today).unwrap().baseline_from, day("2026-04-20"));
    let seen = Diary { nights: vec![Night::new(day("2026-04-25"), NightStatus::Cramps)], ..Diary::default() };
    let e = trial::design(&past, &seen, today).unwrap_err();
    assert_eq!(field_of(&e), ["start"]);
    assert!(e.to_string().contains("2026-04-25"), "{e}");
}

fn store(dir: &tempfile::TempDir, today: NaiveDate) -> Store {
    Store::open(dir.path().join("diary.db")).unwrap().with_today(today)
}

#[test]
fn a_plan_its_adherence_and_its_stop_are_kept_in_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let today = day(TODAY);
    let mut s = store(&dir, today);
    let planned = s.plan_trial(&PlanRequest::new(Remedy::Stretching, 42)).unwrap();
    let again = s.plan_trial(&PlanRequest::new(Remedy::WarmBath, 1)).unwrap_err();
    assert_eq!(again.kind(), "conflict");
    let first = planned.design.start;
    let e = s.record_adherence(first, true).unwrap_err();
    assert_eq!(field_of(&e), ["date"], "a future night is refused");
    let e = s.record_adherence(today, true).unwrap_err();
    assert_eq!(field_of(&e), ["date"], "a baseline night has no arm");
    let mut s = store(&dir, plus(first, 3));
    s.record_adherence(first, true).unwrap();
    s.record_adherence(plus(first, 1), false).unwrap();
    s.record_adherence(first, false).unwrap();
    let stopped = s.stop_trial().unwrap();
    assert_eq!(stopped.stopped_on, Some(plus(first, 3)));
    drop(s);
    let s = store(&dir, plus(first, 3));
    let back = s.current_trial().unwrap().unwrap();
    assert_eq!(back.design, planned.design);
    assert_eq!(back.planned_at, planned.planned_at);
    assert_eq!(back.stopped_on, Some(plus(first, 3)));
    assert_eq!(back.done_on(first), Some(false));
    assert_eq!(back.done_on(plus(first, 1)), Some(false));
    assert_eq!(back.done_on(plus(first, 2)), None);
}

/// A finished trial with every night logged: cramps on each control night, none on remedy nights.
/// [`clear_trial`] as of [`TODAY`], with its third block.
fn third_block() -> (Diary, trial::Trial, trial::Block) {
    let (diary, t) = clear_trial(day(TODAY));
    let b = t.design.blocks()[2];
    (diary, t, b)
}

fn clear_trial(today: NaiveDate) -> (Diary, trial::Trial) {
    let design = trial::design(&PlanRequest::new(Remedy::Stretching, 7), &Diary::default(), today).unwrap();
    let mut nights = Vec::new();
    for date in design.baseline_from.iter_days().take_while(|d| *d <= design.end()) {
        let cramps = design.block_on(date).is_none_or(|b| b.arm == Arm::Control);
        nights.push(Night::new(date, if cramps { NightStatus::Cramps } else { NightStatus::None }));
    }
    let t = trial::Trial {
        design,
        planned_at: "2026-05-04T08:00:00+00:00".parse().unwrap(),
        stopped_on: None,
        adherence: Vec::new(),
    };
    (Diary { nights, ..Diary::default() }, t)
}

#[test]
fn unlogged_nights_stay_missing_and_never_count_as_cramp_free() {
    let today = day(TODAY);
    let (diary, t) = clear_trial(today);
    let after = plus(t.design.end(), 1);
    let full = result::analyze(&diary, &t, after);
    assert_eq!(full.verdict, Verdict::Helped);
    assert_eq!(full.missing_nights, 0);
    // Drop every control night but one per block: the cramp nights are not replaced by
    // cramp-free ones, so control stays at 7 a week.
    let mut sparse = diary.clone();
    sparse.nights.retain(|n| t.design.block_on(n.date).is_none_or(|b| b.arm == Arm::Remedy || n.date == b.from));
    let r = result::analyze(&sparse, &t, after);
    assert_eq!(r.missing_nights, 18);
    assert_eq!((r.control.logged_nights, r.control.missing_nights, r.control.cramp_nights), (3, 18, 3));
    assert_eq!(r.verdict, Verdict::NotEnoughData, "blocks with 1 of 7 nights logged do not count");
    assert!(r.words.iter().any(|w| w.contains("18 block nights were not logged")), "{:?}", r.words);
}

#[test]
fn adherence_is_reported_beside_the_schedule() {
    let today = day(TODAY);
    let (diary, mut t) = clear_trial(today);
    // Remedy nights recorded as not kept: the schedule still counts them as remedy nights.
    for b in t.design.blocks() {
        for date in b.from.iter_days().take_while(|d| *d <= b.to) {
            t.adherence.push(trial::Adherence { date, done: b.arm == Arm::Control || date == b.from });
        }
    }
    let r = result::analyze(&diary, &t, plus(t.design.end(), 1));
    assert_eq!((r.remedy.done_nights, r.remedy.not_done_nights, r.remedy.unrecorded_nights), (3, 18, 0));
    assert_eq!(r.control.done_nights, 21);
    assert_eq!(r.adherence, Some(((24.0 / 42.0) * 100.0f64).round() / 100.0));
    assert_eq!(r.remedy.per_week_as_done, Some(0.0));
    assert_eq!(r.control.per_week_as_done, Some(7.0));
    assert_eq!(r.verdict, Verdict::Helped, "intention to treat follows the schedule");
}

#[test]
fn a_trial_stopped_early_says_so_and_a_running_one_is_provisional() {
    let today = day(TODAY);
    let (diary, mut t) = clear_trial(today);
    let mid = plus(t.design.start, 10);
    let running = result::analyze(&diary, &t, mid);
    assert!(running.provisional && !running.stopped_early);
    assert_eq!(running.verdict, Verdict::NotEnoughData);
    assert!(running.words[0].starts_with("Provisional"), "{:?}", running.words);
    let stop = plus(t.design.start, 28);
    t.stopped_on = Some(stop);
    let r = result::analyze(&diary, &t, plus(stop, 5));
    assert!(r.stopped_early && !r.provisional);
    assert_eq!(r.remedy.scheduled_nights + r.control.scheduled_nights, 28);
    assert!(r.words[0].contains("stopped early") && r.words[0].contains("28 of its 42"), "{:?}", r.words);
    assert_eq!(r.verdict, Verdict::Helped, "two whole pairs suffice for a verdict");
    let late = result::analyze(&diary, &trial::Trial { stopped_on: None, ..t.clone() }, plus(stop, 1));
    assert!(late.provisional && late.verdict == Verdict::Helped, "{late:?}");
    assert!(late.words[1].starts_with("So far it would count as helped"), "{:?}", late.words);
    let finished = result::analyze(&diary, &trial::Trial { stopped_on: None, ..t }, plus(stop, 50));
    assert!(!finished.provisional && !finished.stopped_early);
    assert!(finished.words[0].starts_with("It helped"), "{:?}", finished.words);
}

#[test]
fn the_randomisation_test_cannot_go_below_one_in_two_to_the_pairs() {
    let today = day(TODAY);
    let (diary, t) = clear_trial(today);
    let r = result::analyze(&diary, &t, plus(t.design.end(), 1));
    assert_eq!(r.randomisation.pairs, 3);
    assert_eq!(r.randomisation.smallest_possible, Some(0.125));
    assert_eq!(r.randomisation.p_value, Some(0.125));
    assert!(r.words.iter().any(|w| w.contains("smallest p-value this test can give is 0.125")));
    assert_eq!(result::randomisation_p(&[(0.5, 0.5), (0.5, 0.5)]), Some(1.0));
}

#[test]
fn the_posterior_is_symmetric_and_follows_the_data() {
    use cramp_diary::trial::model::{posterior, PairCounts};
    let pair = |r, c| PairCounts { remedy: r, control: c };
    let same = posterior(&[pair((3, 7), (3, 7)), pair((4, 7), (4, 7))], 1.0).unwrap();
    assert!((same.p_fewer - 0.5).abs() < 1e-9, "{}", same.p_fewer);
    let fewer = posterior(&[pair((1, 7), (5, 7)), pair((1, 7), (5, 7)), pair((1, 7), (6, 7))], 1.0).unwrap();
    let more = posterior(&[pair((5, 7), (1, 7)), pair((5, 7), (1, 7)), pair((6, 7), (1, 7))], 1.0).unwrap();
    assert!(fewer.p_fewer > 0.9 && (fewer.p_fewer + more.p_fewer - 1.0).abs() < 1e-9);
    let (mean, [lo, hi]) = fewer.difference;
    assert!(lo < mean && mean < hi && lo > 0.0, "{:?}", fewer.difference);
    assert!(posterior(&[pair((1, 7), (0, 0))], 1.0).is_none());
}

#[test]
fn runs_of_bad_nights_in_the_diary_widen_the_result() {
    let today = day(TODAY);
    let (_, t) = clear_trial(today);
    // Each block has the same counts (2 of 7 on the remedy, 5 of 7 on control), spread
    // out in one diary and bunched into one run in the other.
    let diary = |bunched: bool| {
        let mut nights = Vec::new();
        let mut segments: Vec<(NaiveDate, NaiveDate, usize)> =
            vec![(t.design.baseline_from, t.design.baseline_to(), 8)];
        for b in t.design.blocks() {
            segments.push((b.from, b.to, if b.arm == Arm::Remedy { 2 } else { 5 }));
        }
        for (from, to, k) in segments {
            let len = (to - from).num_days() as usize + 1;
            for (i, date) in from.iter_days().take(len).enumerate() {
                let cramp = if bunched { i < k } else { (i * k) % len < k };
                nights.push(Night::new(date, if cramp { NightStatus::Cramps } else { NightStatus::None }));
            }
        }
        Diary { nights, ..Diary::default() }
    };
    let after = plus(t.design.end(), 1);
    let (spread, bunched) = (result::analyze(&diary(false), &t, after), result::analyze(&diary(true), &t, after));
    assert_eq!((spread.remedy.cramp_nights, spread.control.cramp_nights), (6, 15));
    assert_eq!((bunched.remedy.cramp_nights, bunched.control.cramp_nights), (6, 15));
    assert_eq!(spread.runs.block_factor, 1.0, "{:?}", spread.runs);
    assert!(bunched.runs.autocorrelation > 0.5 && bunched.runs.block_factor > 2.0, "{:?}", bunched.runs);
    assert!(bunched.p_fewer < spread.p_fewer, "{:?} {:?}", bunched.p_fewer, spread.p_fewer);
    assert!(bunched.words.iter().any(|w| w.contains("come in runs")));
    assert!(!spread.words.iter().any(|w| w.contains("come in runs")));
}

#[test]
fn tonight_names_the_arm() {
    let today = day(TODAY);
    let (_, t) = clear_trial(today);
    let b = t.design.blocks();
    let on = |arm| b.iter().find(|x| x.arm == arm).unwrap().from;
    assert_eq!(t.design.tonight(on(Arm::Remedy)).unwrap(), "Tonight: stretch your calves and hamstrings before bed");
    assert_eq!(t.design.tonight(on(Arm::Control)).unwrap(), "Tonight: no stretching before bed");
    assert_eq!(t.design.tonight(today), None, "a baseline night has no arm");
    for r in Remedy::all() {
        assert!(!r.entry().evidence.is_empty(), "{r}");
    }
}

#[test]
fn experiments_travel_in_the_interchange_file_and_v1_files_without_them_still_import() {
    let dir = tempfile::tempdir().unwrap();
    let today = day(TODAY);
    let mut s = store(&dir, today);
    s.save_night(&Night::new(day("2026-05-01"), NightStatus::Cramps)).unwrap();
    let planned = s.plan_trial(&PlanRequest::new(Remedy::Stretching, u64::MAX - 5)).unwrap();
    let mut s = store(&dir, plus(planned.design.start, 2));
    s.record_adherence(planned.design.start, true).unwrap();
    let text = cramp_diary::interchange::export(&s).unwrap();
    let v: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(v["version"], 1);
    assert_eq!(v["experiments"][0]["remedy"], "stretching");
    assert_eq!(v["experiments"][0]["seed"].as_u64(), Some(u64::MAX - 5), "the seed is kept exactly");
    let schema: serde_json::Value = serde_json::from_str(include_str!("../docs/interchange-v1.schema.json")).unwrap();
    let schema = jsonschema::options().should_validate_formats(true).build(&schema).unwrap();
    assert!(schema.is_valid(&v), "the export matches the schema");
    let mut wrong = v.clone();
    wrong["experiments"][0]["remedy"] = "quinine".into();
    assert!(!schema.is_valid(&wrong));
    let other = tempfile::tempdir().unwrap();
    let mut t = store(&other, plus(planned.design.start, 2));
    cramp_diary::interchange::import(&mut t, &text, false).unwrap();
    let back = t.current_trial().unwrap().unwrap();
    assert_eq!(back, s.current_trial().unwrap().unwrap());
    assert_eq!(back.design.blocks(), planned.design.blocks());
    // Importing the same file again does not add the trial twice.
    cramp_diary::interchange::import(&mut t, &text, true).unwrap();
    assert_eq!(t.trials().unwrap().len(), 1);
    // A v1 file without the key imports; a broken experiment is refused with its path.
    let mut plain = v.clone();
    plain.as_object_mut().unwrap().remove("experiments");
    let third = tempfile::tempdir().unwrap();
    cramp_diary::interchange::import(&mut store(&third, today), &plain.to_string(), false).unwrap();
    let mut bad = v.clone();
    bad["experiments"][0]["pairs"] = 40.into();
    bad["experiments"][0]["adherence"][0]["date"] = "2020-01-01".into();
    let e = cramp_diary::interchange::parse(&bad.to_string(), today).unwrap_err();
    assert_eq!(field_of(&e), ["experiments[0].pairs", "experiments[0].adherence[0].date"]);
}

#[test]
fn the_view_says_tonights_arm_only_on_a_block_night_of_a_running_trial() {
    let (diary, mut t, b) = third_block();
    let v = trial::view(&diary, &t, b.from);
    assert_eq!(v.tonight_arm, Some(b.arm));
    assert!(v.tonight.unwrap().starts_with("Tonight: "));
    assert!(v.running && v.result.provisional && v.safety.is_empty());
    assert_eq!(v.blocks, t.design.blocks());
    t.adherence.push(trial::Adherence { date: b.from, done: true });
    assert_eq!(trial::view(&diary, &t, b.from).tonight_done, Some(true));
    assert_eq!(trial::view(&diary, &t, day(TODAY)).tonight_arm, None, "baseline");
    t.stopped_on = Some(b.from);
    let v = trial::view(&diary, &t, b.from);
    assert!(!v.running && v.tonight.is_none() && v.result.stopped_early);
}

#[test]
fn the_page_words_come_from_the_view_the_users_name_apart() {
    use trial::words::{flat, Part};
    let (diary, mut t, b) = third_block();
    let v = trial::view(&diary, &t, b.from);
    let w = &v.words;
    assert_eq!(flat(&w.title), "Self-experiment: Stretching before bed");
    let tonight = w.tonight.as_ref().unwrap();
    assert_eq!(flat(&tonight.task), v.tonight.clone().unwrap(), "the same words as the CLI");
    assert_eq!(tonight.place, "Night 1 of 7 in block 3 of 6 of your self-experiment.");
    assert_eq!((tonight.done, tonight.recorded), (None, None));
    let last = w.last_night.as_ref().expect("last night was the end of block 2");
    assert!(flat(&last.task).starts_with("Last night: "), "{last:?}");
    assert_eq!(last.place, "Night 7 of 7 in block 2 of 6 of your self-experiment.");
    assert!(w.headline.starts_with("Provisional: "), "{}", w.headline);
    assert_eq!(w.plan.len(), 7, "the baseline and six blocks");
    assert!(flat(&w.plan[0]).starts_with("Baseline, nights of 4 to 17 May 2026"), "{:?}", w.plan[0]);
    assert!(
        flat(&w.plan[3]).starts_with(&format!("Block 3 (pair 2), nights of {}", trial::words::date_span(b.from, b.to)))
    );
    assert!(w.seed.contains("seed 7") && w.rule.contains("at least 90%"), "{} {}", w.seed, w.rule);
    assert_eq!(w.table.len(), 2);
    assert_eq!(w.table[0].cells.len() + 1, w.table_head.len());

    t.adherence.push(trial::Adherence { date: b.from, done: false });
    let v = trial::view(&diary, &t, b.from);
    let tonight = v.words.tonight.unwrap();
    assert_eq!((tonight.done, tonight.recorded), (Some(false), Some("Recorded as not done.")));

    // Finished: no tonight, the verdict without "Provisional".
    let v = trial::view(&diary, &t, plus(t.design.end(), 2));
    assert!(v.words.tonight.is_none() && v.words.last_night.is_none());
    assert_eq!(v.words.headline, "It helped");
    // The last night of the last block can still be said the morning after.
    let v = trial::view(&diary, &t, plus(t.design.end(), 1));
    assert!(v.words.tonight.is_none() && v.words.last_night.is_some());
    // Stopped early.
    t.stopped_on = Some(b.from);
    assert!(trial::view(&diary, &t, b.from).words.headline.starts_with("Stopped early: "));

    // A supplement's name is the user's own words, kept apart from ours.
    let req = PlanRequest { remedy_name: "Mag\u{202E}nesium".into(), ..PlanRequest::new(Remedy::Supplement, 3) };
    let design = trial::design(&req, &Diary::default(), day(TODAY)).unwrap();
    let s = trial::Trial { design, planned_at: t.planned_at, stopped_on: None, adherence: Vec::new() };
    let on = trial::view(&Diary::default(), &s, s.design.start);
    let task = &on.words.tonight.unwrap().task;
    assert!(task.contains(&Part::User("Mag\u{202E}nesium".into())), "{task:?}");
    assert!(on.words.title.iter().any(|p| matches!(p, Part::User(_))));
}

#[test]
fn the_plan_form_shows_each_choices_evidence_and_plan_and_a_medicine_goes_to_the_prescriber() {
    let w = trial::words::page_words();
    assert_eq!(w.choices.len(), trial::CATALOGUE.len());
    for c in &w.choices {
        assert!(!c.entry.evidence.is_empty() && !c.plan.is_empty(), "{:?}", c.entry.id);
    }
    let supplement = w.choices.iter().find(|c| c.entry.id == Remedy::Supplement).unwrap();
    assert!(supplement.needs_name && supplement.plan.contains("blocks of 14 nights"), "{}", supplement.plan);
    assert!(supplement.entry.evidence.contains("no benefit"), "magnesium: no benefit in older adults");
    let medicine = w.choices.iter().find(|c| c.entry.id == Remedy::PrescribedMedicine).unwrap();
    assert!(!medicine.entry.plannable && medicine.plan.contains("prescriber"), "{}", medicine.plan);
    let json = serde_json::to_value(&w).unwrap();
    assert_eq!(json["choices"][0]["id"], "stretching", "the entry's fields are flattened");
    assert_eq!(json["choices"][0]["needs_name"], false);
}
