//! Charts: every kind renders for empty, one-night and ten-year diaries; the SVG parses and
//! holds the expected marks; unlogged nights are never drawn as zero; snapshots; PNG size.

mod common;

use common::d;
use std::path::PathBuf;
use std::sync::Arc;

use chrono::{Duration, NaiveDate};
use cramp_diary::charts::{render_png, render_svg, Chart, ChartKind, ChartOptions, Classifier};
use cramp_diary::{
    ClockTime, Day, Diary, Episode, Fluid, FluidKind, Medication, Muscle, Night, NightStatus, Side, VolumeUnit,
};

/// xorshift64*: small, seeded, reproducible.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn f(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

fn med(name: &str, dose: &str, started: NaiveDate, stopped: Option<NaiveDate>) -> Medication {
    Medication { name: name.into(), dose: dose.into(), started, stopped, notes: String::new() }
}

/// A realistic diary of `nights` nights from `from`: gaps, a holiday, medicines that change
/// the rate, episodes mostly in the small hours, fluids on most days.
fn generated(from: NaiveDate, nights: i64, seed: u64) -> Diary {
    let mut rng = Rng(seed.max(1));
    let at = |frac: f64| from + Duration::days((nights as f64 * frac) as i64);
    let mut diary = Diary {
        medications: vec![
            med("Amlodipine", "5 mg", from - Duration::days(30), None),
            med("Atorvastatin", "20 mg", at(0.1), Some(at(0.7))),
            med("Hydrochlorothiazide", "25 mg once daily", at(0.4), None),
            med("Omeprazole", "20 mg", at(0.6), Some(at(0.65))),
            med("Omeprazole", "40 mg", at(0.65) + Duration::days(1), Some(at(0.8))),
        ],
        ..Default::default()
    };
    diary.medications.sort_by_key(|m| m.started);
    let holiday = (nights / 3, nights / 3 + 14);
    for i in 0..nights {
        let date = from + Duration::days(i);
        if (holiday.0..holiday.1).contains(&i) && nights > 60 || rng.f() < 0.1 {
            continue;
        }
        let hctz = diary.medications.iter().any(|m| m.name == "Hydrochlorothiazide" && m.active_on(date));
        let p = 0.18 + if hctz { 0.22 } else { 0.0 } + 0.08 * ((i as f64 / 365.0 * std::f64::consts::TAU).sin());
        let r = rng.f();
        let mut night = Night::new(
            date,
            if r < 0.03 {
                NightStatus::Unknown
            } else if r < 0.03 + p {
                NightStatus::Cramps
            } else {
                NightStatus::None
            },
        );
        if night.status == NightStatus::Cramps {
            for _ in 0..1 + rng.below(3) {
                let hour = [22, 23, 0, 1, 1, 2, 2, 3, 3, 3, 4, 4, 5, 6][rng.below(14) as usize];
                night.episodes.push(Episode {
                    time: (rng.f() > 0.08).then(|| ClockTime::new(hour, rng.below(60) as u8).unwrap()),
                    duration_min: Some(1.0 + rng.below(8) as f64),
                    intensity: (rng.f() > 0.1).then(|| 2 + rng.below(8) as u8),
                    side: [Some(Side::Left), Some(Side::Right), Some(Side::Left), Some(Side::Both), None]
                        [rng.below(5) as usize],
                    muscle: [
                        Some(Muscle::Calf),
                        Some(Muscle::Calf),
                        Some(Muscle::Calf),
                        Some(Muscle::Foot),
                        Some(Muscle::Thigh),
                        None,
                    ][rng.below(6) as usize],
                    ..Default::default()
                });
            }
        }
        diary.nights.push(night);
        if rng.f() < 0.75 {
            let mut day = Day::empty(date);
            day.fluids.push(Fluid { kind: FluidKind::Water, ml: 600.0 + rng.below(16) as f64 * 100.0, brand: None });
            if rng.f() < 0.6 {
                day.fluids.push(Fluid { kind: FluidKind::CoffeeTea, ml: 250.0, brand: None });
            }
            diary.days.push(day);
        }
    }
    diary
}

/// A stand-in for `crate::knowledge`'s matcher (test only).
fn classifier() -> Classifier {
    Arc::new(|name: &str| {
        let n = name.to_lowercase();
        let mut v = Vec::new();
        if n.contains("chlorothiazide") {
            v.push("thiazide_diuretic".to_string());
        }
        if n.contains("statin") {
            v.push("statin".to_string());
        }
        if n.contains("prazole") {
            v.push("other_drug".to_string());
        }
        v
    })
}

fn opts(from: &str, to: &str) -> ChartOptions {
    let mut o = ChartOptions::new(d(from), d(to));
    o.classify = Some(classifier());
    o.low_fluid_ml = Some(1200.0);
    o
}

fn one_night() -> Diary {
    let mut n = Night::new(d("2026-03-05"), NightStatus::Cramps);
    n.episodes.push(Episode {
        time: Some("03:40".parse().unwrap()),
        intensity: Some(7),
        side: Some(Side::Left),
        muscle: Some(Muscle::Calf),
        ..Default::default()
    });
    let mut day = Day::empty(d("2026-03-05"));
    day.fluids.push(Fluid { kind: FluidKind::Water, ml: 1500.0, brand: None });
    Diary { nights: vec![n], days: vec![day], ..Default::default() }
}

/// Small fixed diary for snapshots: three weeks with every kind of night.
fn small() -> Diary {
    let mut diary = Diary::default();
    diary.medications.push(med("Hydrochlorothiazide", "25 mg", d("2026-03-09"), None));
    diary.medications.push(med("Atorvastatin", "20 mg", d("2026-02-01"), Some(d("2026-03-12"))));
    let statuses = "CNNCUNN.CCNC..NCCNNCN"; // C cramps, N none, U unknown, . not logged
    for (i, c) in statuses.chars().enumerate() {
        let date = d("2026-03-02") + Duration::days(i as i64);
        let status = match c {
            'C' => NightStatus::Cramps,
            'N' => NightStatus::None,
            'U' => NightStatus::Unknown,
            _ => continue,
        };
        let mut n = Night::new(date, status);
        if status == NightStatus::Cramps {
            n.episodes.push(Episode {
                time: ClockTime::new((i as u8 * 5) % 24, 10),
                intensity: if i % 4 == 3 { None } else { Some((i as u8 * 3) % 11) },
                side: Some([Side::Left, Side::Right, Side::Both][i % 3]),
                muscle: Some([Muscle::Calf, Muscle::Foot][i % 2]),
                ..Default::default()
            });
        }
        diary.nights.push(n);
        if i % 3 != 2 {
            let mut day = Day::empty(date);
            day.fluids.push(Fluid { kind: FluidKind::Water, ml: 800.0 + (i as f64 * 97.0) % 1200.0, brand: None });
            diary.days.push(day);
        }
    }
    diary
}

fn parse(svg: &str) -> roxmltree::Document<'_> {
    roxmltree::Document::parse(svg).unwrap_or_else(|e| panic!("SVG does not parse: {e}"))
}

fn has_class(n: &roxmltree::Node, class: &str) -> bool {
    n.attribute("class").is_some_and(|c| c.split_whitespace().any(|x| x == class))
}

fn marks<'a>(doc: &'a roxmltree::Document, class: &str) -> Vec<roxmltree::Node<'a, 'a>> {
    doc.descendants().filter(|n| has_class(n, class)).collect()
}

fn title_of(n: &roxmltree::Node) -> String {
    n.children().find(|c| c.has_tag_name("title")).and_then(|t| t.text()).unwrap_or_default().to_string()
}

fn num(n: &roxmltree::Node, attr: &str) -> f64 {
    n.attribute(attr).unwrap_or_else(|| panic!("no {attr}")).parse().unwrap()
}

/// Checks shared by every chart: parses, has title/desc, text ≥ 14 px, alt text.
fn check_common(kind: ChartKind, chart: &Chart, o: &ChartOptions) {
    let doc = parse(&chart.svg);
    let root = doc.root_element();
    assert_eq!(root.tag_name().name(), "svg");
    assert_eq!(num(&root, "width"), o.width as f64);
    assert_eq!(num(&root, "height"), o.height as f64);
    assert!(root.attribute("viewBox").is_some(), "{kind}: no viewBox, will not scale");
    let title = root.children().find(|c| c.has_tag_name("title")).and_then(|t| t.text()).unwrap_or_default();
    assert!(!title.is_empty(), "{kind}: no title");
    let texts: Vec<_> = doc.descendants().filter(|n| n.has_tag_name("text")).collect();
    assert!(texts.len() >= 4, "{kind}: title and axis labels expected, got {} texts", texts.len());
    for t in &texts {
        assert!(num(t, "font-size") >= 14.0, "{kind}: text {:?} smaller than 14 px", t.text());
    }
    assert!(texts.iter().any(|t| t.attribute("font-weight") == Some("bold")), "{kind}: no bold title text");
    assert!(chart.alt_text.len() > 20 && chart.alt_text.ends_with('.'), "{kind}: alt text {:?}", chart.alt_text);
    assert!(!chart.svg.contains("<script"), "{kind}: script in SVG");
    // Every data mark tells its value on hover/focus.
    for class in
        ["week", "night", "course", "rate-week", "fluid-day", "fluid-block", "cramp-mark", "hour", "muscle-side"]
    {
        for m in marks(&doc, class) {
            assert!(!title_of(&m).is_empty(), "{kind}: a {class} mark has no <title>");
        }
    }
}

#[test]
fn every_chart_renders_for_empty_one_night_and_ten_year_diaries() {
    let ten = generated(d("2016-11-23"), 3653, 7);
    let cases: Vec<(&str, Diary, ChartOptions)> = vec![
        ("empty", Diary::default(), opts("2026-10-26", "2026-11-22")),
        ("one night", one_night(), opts("2026-03-05", "2026-03-05")),
        ("one night in a month", one_night(), opts("2026-03-01", "2026-03-31")),
        ("ten years", ten, opts("2016-11-23", "2026-11-22")),
    ];
    for (name, diary, o) in &cases {
        for kind in ChartKind::ALL {
            let chart = render_svg(*kind, diary, o).unwrap_or_else(|e| panic!("{name} {kind}: {e}"));
            check_common(*kind, &chart, o);
        }
    }
}

#[test]
fn weekly_has_one_bar_per_week_and_never_shows_unlogged_as_zero() {
    let ten = generated(d("2016-11-23"), 3653, 11);
    for (diary, from, to, weeks) in [
        (Diary::default(), "2026-10-26", "2026-11-22", 4),
        (one_night(), "2026-03-05", "2026-03-05", 1),
        (one_night(), "2026-03-01", "2026-03-10", 2),
        (ten.clone(), "2016-11-23", "2026-11-22", 522),
    ] {
        let chart = render_svg(ChartKind::Weekly, &diary, &opts(from, to)).unwrap();
        let doc = parse(&chart.svg);
        let bars = marks(&doc, "week");
        assert_eq!(bars.len(), weeks, "{from}..{to}");
        assert!(bars.iter().all(|b| title_of(b).contains("cramp")), "every week bar has a title");
    }
    // Empty diary: every week is wholly "not logged", full height, hatched; nothing is zero.
    let chart = render_svg(ChartKind::Weekly, &Diary::default(), &opts("2026-10-26", "2026-11-22")).unwrap();
    let doc = parse(&chart.svg);
    let unlogged = marks(&doc, "week-unlogged");
    assert_eq!(unlogged.len(), 4);
    let full = num(&marks(&doc, "week")[0], "height");
    for u in &unlogged {
        assert_eq!(num(u, "height"), full, "an unlogged week must fill its bar");
        assert!(u.attribute("fill").unwrap().starts_with("url(#"), "unlogged is hatched");
    }
    assert!(marks(&doc, "week-cramps").is_empty() && marks(&doc, "week-free").is_empty());
    assert!(title_of(&marks(&doc, "week")[0]).contains("7 not logged"));
    // Partly logged week: the unlogged part is stacked on top, not missing.
    let chart = render_svg(ChartKind::Weekly, &one_night(), &opts("2026-03-01", "2026-03-07")).unwrap();
    let doc = parse(&chart.svg);
    let (c, u) = (&marks(&doc, "week-cramps")[0], &marks(&doc, "week-unlogged")[0]);
    let full = num(&marks(&doc, "week")[0], "height");
    assert!((num(u, "height") + num(c, "height") - full).abs() <= 1.0, "the stack fills the week");
    assert!((num(u, "height") / num(c, "height") - 6.0).abs() < 0.3, "6 unlogged nights vs 1 cramp night");
    assert!(num(u, "y") < num(c, "y"));
}

#[test]
fn calendar_has_one_cell_per_night_in_four_states() {
    let diary = small();
    let o = opts("2026-02-20", "2026-04-05"); // 45 nights over three months
    let chart = render_svg(ChartKind::Calendar, &diary, &o).unwrap();
    let doc = parse(&chart.svg);
    assert_eq!(marks(&doc, "night").len(), 45);
    let logged = diary.nights.len();
    assert_eq!(marks(&doc, "unlogged").len(), 45 - logged);
    assert_eq!(marks(&doc, "cramps").len(), diary.nights.iter().filter(|n| n.status == NightStatus::Cramps).count());
    assert_eq!(marks(&doc, "free").len(), diary.nights.iter().filter(|n| n.status == NightStatus::None).count());
    assert_eq!(marks(&doc, "unknown").len(), 1);
    // The four states are drawn differently.
    let fill = |class: &str| marks(&doc, class)[0].attribute("fill").unwrap().to_string();
    let fills = [fill("unlogged"), fill("unknown"), fill("free")];
    for c in marks(&doc, "cramps") {
        assert!(!fills.contains(&c.attribute("fill").unwrap().to_string()));
    }
    assert!(fills[0] != fills[1] && fills[1] != fills[2] && fills[0] != fills[2]);
    // Months are labelled.
    let text: String = doc.descendants().filter(|n| n.has_tag_name("text")).filter_map(|n| n.text()).collect();
    for m in ["Feb 2026", "Mar 2026", "Apr 2026"] {
        assert!(text.contains(m), "{m} missing");
    }
    let cell = marks(&doc, "night").into_iter().find(|n| title_of(n).contains("5 Mar 2026")).unwrap();
    assert!(title_of(&cell).contains("Thu 5 Mar 2026: cramps"), "{}", title_of(&cell));
    // Ten years: still one cell per night.
    let ten = generated(d("2016-11-23"), 3653, 3);
    let chart = render_svg(ChartKind::Calendar, &ten, &opts("2016-11-23", "2026-11-22")).unwrap();
    assert_eq!(marks(&parse(&chart.svg), "night").len(), 3652);
}

#[test]
fn medications_bars_are_coloured_by_class_over_the_weekly_rate() {
    let diary = small();
    let o = opts("2026-03-02", "2026-03-22");
    let chart = render_svg(ChartKind::Medications, &diary, &o).unwrap();
    let doc = parse(&chart.svg);
    let courses = marks(&doc, "course");
    assert_eq!(courses.len(), 2);
    let fill_of = |name: &str| {
        courses.iter().find(|c| title_of(c).starts_with(name)).unwrap().attribute("fill").unwrap().to_string()
    };
    assert_eq!(fill_of("Hydrochlorothiazide"), "#56b4e9", "thiazide: sky blue");
    assert_eq!(fill_of("Atorvastatin"), "#e69f00", "statin: orange");
    assert_eq!(marks(&doc, "course-start").len(), 1, "only the start inside the range is marked");
    assert_eq!(marks(&doc, "course-stop").len(), 1);
    assert_eq!(marks(&doc, "rate-week").len(), 3);
    assert!(chart.alt_text.contains("thiazide diuretic"), "{}", chart.alt_text);
    // Shared time axis: the course starting 9 Mar begins where the second week's bar begins.
    let start = marks(&doc, "course-start")[0];
    let (w1, w2) = (marks(&doc, "rate-week")[0], marks(&doc, "rate-week")[1]);
    let boundary = (num(&w1, "x") + num(&w1, "width") + num(&w2, "x")) / 2.0;
    assert!((num(&start, "cx") - boundary).abs() <= 2.0, "course and rate panels are not aligned");
    // Without a classifier the knowledge base's matcher is used.
    let mut plain = o.clone();
    plain.classify = None;
    let doc2 = render_svg(ChartKind::Medications, &diary, &plain).unwrap().svg;
    assert_eq!(doc2, chart.svg, "built-in matcher agrees with the test classifier here");
    // A matcher that knows nothing: grey "no documented link", never a class colour.
    plain.classify = Some(Arc::new(|_: &str| Vec::new()));
    let doc3 = render_svg(ChartKind::Medications, &diary, &plain).unwrap();
    let doc3doc = parse(&doc3.svg);
    assert!(marks(&doc3doc, "course").iter().all(|c| c.attribute("fill") == Some("#b0b0b0")));
    assert!(doc3.alt_text.contains("no documented link"));
    // Weeks without known nights are hatched, not zero.
    let empty = render_svg(ChartKind::Medications, &Diary::default(), &o).unwrap();
    let doc4 = parse(&empty.svg);
    assert!(marks(&doc4, "rate-week").iter().all(|w| w.attribute("fill").unwrap().starts_with("url(#")));
}

#[test]
fn fluids_marks_days_cramp_nights_and_the_low_line() {
    let diary = small();
    let o = opts("2026-03-02", "2026-03-22");
    let chart = render_svg(ChartKind::Fluids, &diary, &o).unwrap();
    let doc = parse(&chart.svg);
    assert_eq!(marks(&doc, "fluid-day").len(), diary.days.len());
    let cramp_nights = diary.nights.iter().filter(|n| n.status == NightStatus::Cramps).count();
    assert_eq!(marks(&doc, "cramp-mark").len(), cramp_nights);
    assert_eq!(marks(&doc, "low-line").len(), 1);
    assert!(title_of(&marks(&doc, "low-line")[0]).contains("1,200 mL"));
    // Days without fluids are hatched bands, never zero-height bars.
    assert!(!marks(&doc, "fluid-unlogged").is_empty());
    assert!(marks(&doc, "fluid-day").iter().all(|b| num(b, "height") > 0.0));
    let mut no_low = o.clone();
    no_low.low_fluid_ml = None;
    assert!(marks(&parse(&render_svg(ChartKind::Fluids, &diary, &no_low).unwrap().svg), "low-line").is_empty());
    // Ten years: 28-day means, every block either a bar or hatched, never a zero.
    let ten = generated(d("2016-11-23"), 3653, 9);
    let doc = render_svg(ChartKind::Fluids, &ten, &opts("2016-11-23", "2026-11-22")).unwrap().svg;
    let doc = parse(&doc);
    let blocks = marks(&doc, "fluid-block").len() + marks(&doc, "fluid-unlogged").len();
    assert_eq!(blocks, 3652usize.div_ceil(28));
    assert!(marks(&doc, "fluid-block").iter().all(|b| num(b, "height") > 0.0));
    // fl oz when the profile says so.
    let mut oz = diary.clone();
    oz.profile.volume_unit = VolumeUnit::FlOz;
    assert!(render_svg(ChartKind::Fluids, &oz, &o).unwrap().svg.contains("fluids per day (fl oz)"));
}

#[test]
fn time_of_night_counts_every_timed_episode() {
    let ten = generated(d("2016-11-23"), 3653, 5);
    let chart = render_svg(ChartKind::TimeOfNight, &ten, &opts("2016-11-23", "2026-11-22")).unwrap();
    let doc = parse(&chart.svg);
    let hours = marks(&doc, "hour");
    assert_eq!(hours.len(), 24);
    assert!(title_of(&hours[0]).starts_with("12:00"), "noon first: {}", title_of(&hours[0]));
    assert!(title_of(&hours[12]).starts_with("00:00"));
    let count = |t: String| t.split(": ").nth(1).unwrap().split(' ').next().unwrap().parse::<u32>().unwrap();
    let drawn: u32 = hours.iter().map(|h| count(title_of(h))).sum();
    let timed = ten.nights.iter().flat_map(|n| &n.episodes).filter(|e| e.time.is_some()).count() as u32;
    assert_eq!(drawn, timed);
    let by_side: u32 = marks(&doc, "muscle-side").iter().map(|m| count(title_of(m))).sum();
    assert_eq!(by_side as usize, ten.nights.iter().map(|n| n.episodes.len()).sum::<usize>());
}

#[test]
fn bad_options_are_rejected() {
    let mut o = opts("2026-03-05", "2026-03-01");
    assert_eq!(render_svg(ChartKind::Weekly, &Diary::default(), &o).unwrap_err().kind(), "invalid");
    o = opts("2026-03-01", "2026-03-05");
    o.width = 10;
    assert_eq!(render_svg(ChartKind::Weekly, &Diary::default(), &o).unwrap_err().kind(), "invalid");
}

#[test]
fn png_decodes_with_the_requested_size() {
    let mut o = opts("2026-03-02", "2026-03-22");
    o.width = 800;
    o.height = 450;
    for kind in ChartKind::ALL {
        let png = render_png(*kind, &small(), &o).unwrap();
        let img = resvg::tiny_skia::Pixmap::decode_png(&png).unwrap();
        assert_eq!((img.width(), img.height()), (800, 450), "{kind}");
        let dark = img.pixels().iter().filter(|p| p.red() < 100 && p.green() < 100 && p.blue() < 100).count();
        assert!(dark > 500, "{kind}: PNG has almost no text or marks ({dark} dark pixels)");
    }
}

fn snapshot_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/snapshots/charts")
}

#[test]
fn svg_snapshots_of_a_small_diary() {
    let update = std::env::var_os("UPDATE_SNAPSHOTS").is_some();
    let o = opts("2026-03-02", "2026-03-22");
    let mut failures = Vec::new();
    for kind in ChartKind::ALL {
        let svg = render_svg(*kind, &small(), &o).unwrap().svg;
        let path = snapshot_dir().join(format!("{kind}.svg"));
        if update || !path.exists() {
            std::fs::create_dir_all(snapshot_dir()).unwrap();
            std::fs::write(&path, &svg).unwrap();
            if !update {
                failures.push(format!("{} was missing; written, re-run", path.display()));
            }
            continue;
        }
        if std::fs::read_to_string(&path).unwrap() != svg {
            let new = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(format!("{kind}.new.svg"));
            std::fs::write(&new, &svg).unwrap();
            failures.push(format!(
                "{kind} differs from {} (see {}); UPDATE_SNAPSHOTS=1 to accept",
                path.display(),
                new.display()
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
