//! Nothing acknowledged is ever lost: writers killed with SIGKILL at random moments leave
//! an intact database holding every save they reported, and a killed import leaves all or
//! nothing.
//!
//! Saves are numbered (sequence `i`, written into the night's notes) and dated over a fixed
//! range of past dates, so the writers never run into "today" however fast the machine is
//! or whatever the date: save `i` replaces the night of `2000-01-01 + (i mod DATES)`.

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Write};
use std::process::{Command, Stdio};
use std::sync::mpsc::{self, RecvTimeoutError};
use std::time::Duration;

use chrono::{Days, NaiveDate};
use cramp_diary::{interchange, Diary, Episode, Muscle, Night, NightStatus, Side, Store};

const WRITER_ENV: &str = "CRAMP_DIARY_CRASH_WRITER_DB";
const KILLS: usize = 200;
/// How many dates the saves cycle over (2000-01-01 to 2010-12-14: always in the past).
const DATES: u64 = 4000;
/// A guard against a stuck child, never a measure of speed: a first save comes in well
/// under a second on any machine this runs on.
const FIRST_SAVE_GUARD: Duration = Duration::from_secs(120);

fn base() -> NaiveDate {
    "2000-01-01".parse().unwrap()
}

/// The date save number `i` writes.
fn date_of(i: u64) -> NaiveDate {
    base() + Days::new(i % DATES)
}

/// The sequence number a stored night was written by (from its notes).
fn seq_of(n: &Night) -> u64 {
    n.notes.strip_prefix("night ").and_then(|s| s.parse().ok()).unwrap_or_else(|| panic!("notes {:?}", n.notes))
}

fn night(i: u64) -> Night {
    let mut n = Night::new(date_of(i), NightStatus::Cramps);
    n.sleep_disturbance = Some((i % 11) as u8);
    n.notes = format!("night {i}");
    for k in 0..2 {
        n.episodes.push(Episode {
            duration_min: Some(1.0 + k as f64),
            intensity: Some(((i + k) % 11) as u8),
            side: Some(Side::Left),
            muscle: Some(Muscle::Calf),
            ..Default::default()
        });
    }
    n
}

/// Saves `first..first+count`, writing `ok <i>` after each commit; a save that fails
/// writes `error <reason>` and stops there.
fn write_nights(store: &mut Store, first: u64, count: u64, out: &mut impl Write) -> Result<(), String> {
    for i in first..first + count {
        if let Err(e) = store.save_night(&night(i)) {
            let reason = format!("save {i} (the night of {}) failed: {e}", date_of(i));
            writeln!(out, "error {reason}").ok();
            out.flush().ok();
            return Err(reason);
        }
        writeln!(out, "ok {i}").unwrap();
        out.flush().unwrap();
    }
    Ok(())
}

/// Run as a child by the harness tests (env var set): writes until killed, or `count`
/// saves; a save it cannot make is printed as `error <reason>` and ends it with exit
/// status 3. Run on its own: writes a few nights and checks them.
#[test]
fn writer() {
    if let Ok(path) = std::env::var(WRITER_ENV) {
        let first: u64 = std::env::var("CRAMP_DIARY_CRASH_FIRST").unwrap().parse().unwrap();
        let count: u64 = std::env::var("CRAMP_DIARY_CRASH_COUNT").map_or(u64::MAX - first, |c| c.parse().unwrap());
        let mut out = std::io::stdout().lock();
        let written = match Store::open(&path) {
            Ok(mut store) => write_nights(&mut store, first, count, &mut out),
            Err(e) => {
                writeln!(out, "error could not open {path}: {e}").ok();
                Err(e.to_string())
            }
        };
        out.flush().ok();
        if written.is_err() {
            std::process::exit(3);
        }
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path().join("w.db")).unwrap();
    let mut out = Vec::new();
    write_nights(&mut store, 10, 5, &mut out).unwrap();
    assert_eq!(String::from_utf8(out).unwrap().lines().count(), 5);
    assert_eq!(store.nights(None, None).unwrap().len(), 5);
    assert_eq!(store.night(base() + Days::new(12)).unwrap().unwrap(), {
        let mut n = night(12);
        n.logged_at = store.night(base() + Days::new(12)).unwrap().unwrap().logged_at;
        n
    });
    // A later save on a date already written replaces that night.
    write_nights(&mut store, 12 + DATES, 1, &mut std::io::sink()).unwrap();
    assert_eq!(store.nights(None, None).unwrap().len(), 5);
    assert_eq!(seq_of(&store.night(date_of(12)).unwrap().unwrap()), 12 + DATES);
    // A save the store refuses is reported with its reason, not lost in silence.
    let mut out = Vec::new();
    let mut pinned = Store::open(dir.path().join("w.db")).unwrap().with_today("1999-06-01".parse().unwrap());
    let err = write_nights(&mut pinned, 0, 3, &mut out).unwrap_err();
    assert!(err.contains("more than one day after today"), "{err}");
    assert_eq!(String::from_utf8(out).unwrap(), format!("error {err}\n"));
}

/// What a writer child said on one line.
enum Said {
    Ok(u64),
    Error(String),
}

/// Reads a writer child's stdout on a thread; the channel closes when the child's output ends.
fn listen(stdout: std::process::ChildStdout) -> (mpsc::Receiver<Said>, std::thread::JoinHandle<()>) {
    let (tx, rx) = mpsc::channel();
    let reader = std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            let said = if let Some(i) = line.strip_prefix("ok ").and_then(|s| s.trim().parse::<u64>().ok()) {
                Said::Ok(i)
            } else if let Some(reason) = line.strip_prefix("error ") {
                Said::Error(reason.to_string())
            } else {
                continue;
            };
            tx.send(said).ok();
        }
    });
    (rx, reader)
}

/// A tiny deterministic generator for kill delays.
struct SplitMix(u64);
impl SplitMix {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
}

fn integrity_ok(store: &Store) {
    let r: String = store.read(|c| Ok(c.query_row("PRAGMA integrity_check", [], |r| r.get(0))?)).unwrap();
    assert_eq!(r, "ok");
    let fk: Option<String> =
        store.read(|c| Ok(c.query_row("PRAGMA foreign_key_check", [], |r| r.get(0)).ok())).unwrap();
    assert_eq!(fk, None, "dangling rows after a crash");
}

/// An empty diary file in a folder of its own, and this test binary (the writers' program).
fn diary_for_children() -> (tempfile::TempDir, std::path::PathBuf, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("diary.db");
    drop(Store::open(&path).unwrap());
    (dir, path, std::env::current_exe().unwrap())
}

#[test]
fn killed_writers_lose_no_acknowledged_save() {
    let (_dir, path, exe) = diary_for_children();
    let mut rng = SplitMix(2026);
    // For each date, the highest save acknowledged on it.
    let mut acknowledged: HashMap<NaiveDate, u64> = HashMap::new();
    let mut saves = 0usize;
    let mut next_first = 0u64;
    for round in 0..KILLS {
        let mut child = Command::new(&exe)
            .args(["--exact", "writer", "--nocapture", "--test-threads=1", "-q"])
            .env(WRITER_ENV, &path)
            .env("CRAMP_DIARY_CRASH_FIRST", next_first.to_string())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let (rx, reader) = listen(child.stdout.take().unwrap());
        // Wait for the first save (so the kill lands among saves), then a random moment.
        let first = match rx.recv_timeout(FIRST_SAVE_GUARD) {
            Ok(Said::Ok(i)) => i,
            Ok(Said::Error(reason)) => {
                child.kill().ok();
                panic!("round {round}: the writer could not save: {reason}")
            }
            Err(RecvTimeoutError::Disconnected) => {
                panic!("round {round}: the writer exited with {} before any save", child.wait().unwrap())
            }
            Err(RecvTimeoutError::Timeout) => {
                child.kill().ok();
                panic!("round {round}: no save within {FIRST_SAVE_GUARD:?} (the writer is stuck)")
            }
        };
        std::thread::sleep(Duration::from_micros(rng.next() % 40_000));
        child.kill().unwrap(); // SIGKILL
        child.wait().unwrap();
        reader.join().unwrap();
        let mut last = first;
        for said in std::iter::once(Said::Ok(first)).chain(rx.try_iter()) {
            match said {
                Said::Ok(i) => {
                    let seq = acknowledged.entry(date_of(i)).or_insert(i);
                    *seq = (*seq).max(i);
                    last = last.max(i);
                    saves += 1;
                }
                Said::Error(reason) => panic!("round {round}: the writer could not save: {reason}"),
            }
        }
        next_first = last + 1;

        let store = Store::open(&path).unwrap();
        integrity_ok(&store);
        if round % 20 == 19 || round == KILLS - 1 {
            let nights = store.nights(None, None).unwrap();
            let have: HashMap<_, _> = nights.iter().map(|n| (n.date, n)).collect();
            for (date, &i) in &acknowledged {
                let n = have.get(date).unwrap_or_else(|| panic!("acknowledged save {i} (night of {date}) lost"));
                let seq = seq_of(n);
                assert!(seq >= i, "the night of {date} went back from acknowledged save {i} to save {seq}");
                assert_eq!(date_of(seq), *date, "save {seq} stored on the wrong date");
            }
            for n in &nights {
                // Whole: exactly what its save wrote (episodes included), nothing half-written.
                let mut want = night(seq_of(n));
                want.logged_at = n.logged_at;
                assert_eq!(n, &want, "night {} half-written", n.date);
            }
        }
    }
    assert!(saves >= KILLS, "only {saves} saves were acknowledged");
    println!("{KILLS} kills survived; {saves} acknowledged saves over {} dates all present", acknowledged.len());
}

#[test]
fn killed_import_leaves_all_or_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let doc_path = dir.path().join("big.json");
    let diary = Diary { nights: (0..4000).map(night).collect(), ..Diary::default() };
    std::fs::write(&doc_path, interchange::to_json(&diary, chrono::Utc::now())).unwrap();
    let cli = assert_cmd::cargo::cargo_bin("cramp-diary");
    let mut rng = SplitMix(7);
    let (mut none, mut all) = (0, 0);
    for round in 0..16 {
        let db = dir.path().join(format!("import-{round}.db"));
        drop(Store::open(&db).unwrap());
        let mut child = Command::new(&cli)
            .arg("--db")
            .arg(&db)
            .arg("import")
            .arg(&doc_path)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_millis(rng.next() % 400));
        child.kill().ok();
        child.wait().unwrap();
        let store = Store::open(&db).unwrap();
        integrity_ok(&store);
        let counts = store.counts().unwrap();
        match counts.nights {
            0 => none += 1,
            4000 => {
                assert_eq!(counts.episodes, 8000);
                all += 1
            }
            n => panic!("round {round}: a killed import left {n} of 4000 nights"),
        }
    }
    println!("killed imports: {none} left nothing, {all} completed; none partial");
}

#[test]
fn two_writers_on_one_file_lose_nothing() {
    let (_dir, path, exe) = diary_for_children();
    let per_writer = 300u64;
    // Three disjoint runs of dates: 0..300 and 1000..1300 by the children, 2000..2100 here.
    let children: Vec<_> = [0u64, 1000]
        .iter()
        .map(|first| {
            Command::new(&exe)
                .args(["--exact", "writer", "--nocapture", "--test-threads=1", "-q"])
                .env(WRITER_ENV, &path)
                .env("CRAMP_DIARY_CRASH_FIRST", first.to_string())
                .env("CRAMP_DIARY_CRASH_COUNT", per_writer.to_string())
                .stdout(Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    // Meanwhile this process reads and writes the same file too.
    let mut store = Store::open(&path).unwrap();
    write_nights(&mut store, 2000, 100, &mut std::io::sink()).unwrap();
    let mut acknowledged = 0;
    for child in children {
        let out = child.wait_with_output().unwrap();
        let said = String::from_utf8(out.stdout).unwrap();
        let error = said.lines().find_map(|l| l.strip_prefix("error "));
        assert!(out.status.success(), "a writer failed ({}): {}", out.status, error.unwrap_or("it gave no reason"));
        acknowledged += said.lines().filter(|l| l.starts_with("ok ")).count();
    }
    assert_eq!(acknowledged as u64, 2 * per_writer);
    integrity_ok(&store);
    assert_eq!(store.counts().unwrap().nights, 2 * per_writer + 100);
    assert_eq!(store.counts().unwrap().episodes, 2 * (2 * per_writer + 100));
}
