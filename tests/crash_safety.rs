//! Nothing acknowledged is ever lost: writers killed with SIGKILL at random moments leave
//! an intact database holding every save they reported, and a killed import leaves all or
//! nothing.

use std::io::{BufRead, BufReader, Write};
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use chrono::{Days, NaiveDate};
use cramp_diary::{interchange, Diary, Episode, Muscle, Night, NightStatus, Side, Store};

const WRITER_ENV: &str = "CRAMP_DIARY_CRASH_WRITER_DB";
const KILLS: usize = 200;

fn base() -> NaiveDate {
    "1990-01-01".parse().unwrap()
}

fn night(i: u64) -> Night {
    let mut n = Night::new(base() + Days::new(i), NightStatus::Cramps);
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

/// Saves nights `first..first+count`, writing `ok <i>` after each commit.
fn write_nights(store: &mut Store, first: u64, count: u64, out: &mut impl Write) {
    for i in first..first + count {
        store.save_night(&night(i)).unwrap();
        writeln!(out, "ok {i}").unwrap();
        out.flush().unwrap();
    }
}

/// Run as a child by `killed_writers_lose_no_acknowledged_save` (env var set): writes until
/// killed. Run by the harness: writes a few nights and checks them.
#[test]
fn writer() {
    if let Ok(path) = std::env::var(WRITER_ENV) {
        let first: u64 = std::env::var("CRAMP_DIARY_CRASH_FIRST").unwrap().parse().unwrap();
        let count: u64 = std::env::var("CRAMP_DIARY_CRASH_COUNT").map_or(1_000_000, |c| c.parse().unwrap());
        let mut store = Store::open(path).unwrap();
        write_nights(&mut store, first, count, &mut std::io::stdout().lock());
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path().join("w.db")).unwrap();
    let mut out = Vec::new();
    write_nights(&mut store, 10, 5, &mut out);
    assert_eq!(String::from_utf8(out).unwrap().lines().count(), 5);
    assert_eq!(store.nights(None, None).unwrap().len(), 5);
    assert_eq!(store.night(base() + Days::new(12)).unwrap().unwrap(), {
        let mut n = night(12);
        n.logged_at = store.night(base() + Days::new(12)).unwrap().unwrap().logged_at;
        n
    });
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
    let r: String = store.connection().query_row("PRAGMA integrity_check", [], |r| r.get(0)).unwrap();
    assert_eq!(r, "ok");
    let fk: Option<String> = store.connection().query_row("PRAGMA foreign_key_check", [], |r| r.get(0)).ok();
    assert_eq!(fk, None, "dangling rows after a crash");
}

#[test]
fn killed_writers_lose_no_acknowledged_save() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("diary.db");
    drop(Store::open(&path).unwrap());
    let exe = std::env::current_exe().unwrap();
    let mut rng = SplitMix(2026);
    let mut acknowledged: Vec<u64> = Vec::new();
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
        let stdout = child.stdout.take().unwrap();
        let (tx, rx) = mpsc::channel();
        let reader = std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                if let Some(i) = line.strip_prefix("ok ").and_then(|s| s.trim().parse::<u64>().ok()) {
                    tx.send(i).ok();
                }
            }
        });
        // Wait for the first save (so the kill lands among saves), then a random moment.
        let first = rx.recv_timeout(Duration::from_secs(30)).unwrap_or_else(|_| panic!("round {round}: no save"));
        std::thread::sleep(Duration::from_micros(rng.next() % 40_000));
        child.kill().unwrap(); // SIGKILL
        child.wait().unwrap();
        reader.join().unwrap();
        acknowledged.push(first);
        acknowledged.extend(rx.try_iter());
        next_first = acknowledged.iter().max().unwrap() + 1;

        let store = Store::open(&path).unwrap();
        integrity_ok(&store);
        if round % 20 == 19 || round == KILLS - 1 {
            let nights = store.nights(None, None).unwrap();
            let have: std::collections::HashMap<_, _> = nights.iter().map(|n| (n.date, n)).collect();
            for &i in &acknowledged {
                let n = have.get(&(base() + Days::new(i))).unwrap_or_else(|| panic!("acknowledged night {i} lost"));
                assert_eq!(n.episodes.len(), 2, "night {i} half-written");
                assert_eq!(n.notes, format!("night {i}"));
            }
            for n in &nights {
                assert_eq!(n.episodes.len(), 2, "night {} half-written", n.date);
            }
        }
    }
    assert!(acknowledged.len() >= KILLS, "only {} saves were acknowledged", acknowledged.len());
    println!("{KILLS} kills survived; {} acknowledged saves all present", acknowledged.len());
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
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("diary.db");
    drop(Store::open(&path).unwrap());
    let exe = std::env::current_exe().unwrap();
    let per_writer = 300u64;
    let children: Vec<_> = [0u64, 5000]
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
    write_nights(&mut store, 9000, 100, &mut std::io::sink());
    let mut acknowledged = 0;
    for child in children {
        let out = child.wait_with_output().unwrap();
        assert!(out.status.success(), "a writer failed: {:?}", out.status);
        acknowledged += String::from_utf8(out.stdout).unwrap().lines().filter(|l| l.starts_with("ok ")).count();
    }
    assert_eq!(acknowledged as u64, 2 * per_writer);
    integrity_ok(&store);
    assert_eq!(store.counts().unwrap().nights, 2 * per_writer + 100);
    assert_eq!(store.counts().unwrap().episodes, 2 * (2 * per_writer + 100));
}
