//! The app end to end, in the release build that `cargo bench` makes: cold start to an
//! interactive morning log, memory of the app and its WebKit processes with ten years loaded,
//! and the binary size. Real Xvfb, tauri-driver and WebKitWebDriver (the e2e harness), in two
//! setups: compositing off, as the harness runs the app, and WebKit's default (compositing on).
//! Prints a table; see BENCHMARKS.md. `CRAMP_BENCH_RUNS` sets the cold starts per setup (10).

#[path = "../tests/support/mod.rs"]
mod support;

use std::collections::HashMap;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use chrono::Days;
use cramp_diary::{demo::long_diary, interchange, Store};
use fantoccini::{Client, ClientBuilder};
use support::*;

const YEARS: u32 = 10;
const START_TARGET_MS: f64 = 1500.0;
const MEMORY_TARGET_MB: f64 = 250.0;
/// The ten-year peak over the empty-diary floor, measured in the same run.
const RATIO_TARGET: f64 = 1.15;

/// Resolves (with the page's own clock) once the morning log can be used: the title is drawn,
/// "No cramps last night" is enabled and the night's state (`#m-logged`) has been read from Rust.
const WAIT_INTERACTIVE: &str = r#"
const done = arguments[arguments.length - 1];
const ready = () => {
  const b = document.getElementById('m-none');
  const l = document.getElementById('m-logged');
  return document.getElementById('morning-title') && b && !b.disabled && l && l.textContent.trim() !== '';
};
const poll = () => {
  if (!ready()) { setTimeout(poll, 2); return; }
  const n = performance.getEntriesByType('navigation')[0];
  done({ ready: Date.now(), origin: performance.timeOrigin, dcl: n ? n.domContentLoadedEventEnd : null,
         logged: document.getElementById('m-logged').textContent });
};
poll();
"#;

/// The running driver and the files every measurement shares.
struct Bench {
    url: String,
    driver_pid: u32,
    bin: PathBuf,
    template: PathBuf,
    db: PathBuf,
}

/// How the app is started: the binary itself, or a wrapper that changes its environment.
struct Setup {
    name: &'static str,
    application: PathBuf,
}

fn main() {
    let runs: usize = std::env::var("CRAMP_BENCH_RUNS").ok().and_then(|v| v.parse().ok()).unwrap_or(10);
    let rt = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap();
    rt.block_on(run(runs));
}

async fn run(runs: usize) {
    let dir = tempfile::tempdir().unwrap();
    let bin = shipped_binary(dir.path());
    let load_before = loadavg();
    let template = dir.path().join("ten-years.db");
    let nights = write_diary(&template);
    let db = dir.path().join("run").join("diary.db");
    std::fs::create_dir_all(db.parent().unwrap()).unwrap();

    // The harness turns compositing off for reliable screenshots; users run with WebKit's default.
    let wrapper = dir.path().join("with-compositing.sh");
    let script = format!("#!/bin/sh\nexport WEBKIT_DISABLE_COMPOSITING_MODE=0\nexec '{}' \"$@\"\n", bin.display());
    std::fs::write(&wrapper, script).unwrap();
    std::fs::set_permissions(&wrapper, std::fs::Permissions::from_mode(0o755)).unwrap();
    let mut setups = vec![
        Setup { name: "compositing off (as the app sets it)", application: bin.clone() },
        Setup { name: "compositing on (WebKit's own default)", application: wrapper },
    ];
    // Another build of the app (e.g. before a profile change), cold starts only, alternated
    // with the others so that both see the same load.
    if let Some(other) = std::env::var_os("CRAMP_BENCH_BASELINE").filter(|p| !p.is_empty()) {
        setups
            .push(Setup { name: "baseline binary (CRAMP_BENCH_BASELINE), compositing off", application: other.into() });
    }

    let (_xvfb, display) = start_xvfb();
    let (driver, port) = start_driver(&display, &db, "bench");
    let b = Bench { url: format!("http://127.0.0.1:{port}"), driver_pid: driver.child.id(), bin, template, db };

    // Alternate the setups so that both see the same load on the machine.
    let mut starts: Vec<Vec<Start>> = setups.iter().map(|_| Vec::new()).collect();
    for _ in 0..runs {
        for (setup, out) in setups.iter().zip(&mut starts) {
            reset_diary(Some(&b.template), &b.db); // every run is the day's first launch: it makes the daily backup
            let s = tokio::time::timeout(Duration::from_secs(60), cold_start(&b, setup))
                .await
                .expect("a cold start finished within 60 s");
            out.push(s);
        }
    }
    let mut memories = Vec::new();
    for setup in &setups[..2] {
        let m = tokio::time::timeout(Duration::from_secs(180), memory(&b, setup))
            .await
            .expect("the memory run finished within 180 s");
        memories.push(m);
    }

    let size = std::fs::metadata(&b.bin).unwrap().len();
    let stripped = stripped_size(&b.bin, dir.path());
    memories.resize_with(setups.len(), Vec::new);
    let results = setups.iter().zip(starts).zip(memories).map(|((s, st), m)| (s.name, st, m)).collect();
    report(&Report { nights, results, size, stripped, load_before, load_after: loadavg() });
}

/// A copy of the binary `make package` ships (the same cargo command), built if needed. (The one `cargo bench`
/// builds beside this bench also has the dev-dependencies' features, e.g. tauri's `test` module.)
fn shipped_binary(dir: &Path) -> PathBuf {
    let out = std::process::Command::new(env!("CARGO"))
        .args(["build", "--release", "-p", "cramp-diary-app", "-p", "cramp-diary", "--bins"])
        .args(["--features", "cramp-diary-app/custom-protocol", "--message-format=json-render-diagnostics"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .stderr(std::process::Stdio::inherit())
        .output()
        .expect("cargo runs");
    assert!(out.status.success(), "the release build of the app failed");
    let built = String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .filter(|m| m["target"]["name"] == "cramp-diary-app")
        .find_map(|m| m["executable"].as_str().map(PathBuf::from))
        .expect("cargo names the app's executable");
    let copy = dir.join("cramp-diary-app");
    std::fs::copy(&built, &copy).unwrap();
    copy
}

/// Ten years of nights up to last night, written with the core's import (one transaction).
fn write_diary(path: &Path) -> usize {
    let today = today();
    let diary = long_diary(today - Days::new(1), YEARS, 7);
    let mut store = Store::open(path).unwrap().with_today(today);
    interchange::import_diary(&mut store, &diary, false).unwrap();
    diary.nights.len()
}

/// Puts a fresh copy of the diary where the app opens it (no file: an empty diary), with no
/// backup made today.
fn reset_diary(template: Option<&Path>, db: &Path) {
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", db.display()));
    }
    let _ = std::fs::remove_dir_all(cramp_diary::backup::backup_dir(db));
    if let Some(template) = template {
        std::fs::copy(template, db).unwrap();
    }
}

/// One cold start; every time is in ms from the new-session request.
struct Start {
    /// The app process was created (from /proc, 10 ms resolution).
    exec: f64,
    /// The page began loading (`performance.timeOrigin`).
    page: f64,
    /// DOMContentLoaded finished: the ES modules have run.
    dcl: Option<f64>,
    /// The driver answered the session request.
    session: f64,
    /// The morning log became usable, by the page's clock.
    ready: f64,
    /// The bench saw it through WebDriver: the headline number.
    seen: f64,
}

async fn connect(b: &Bench, setup: &Setup) -> (Client, f64, Instant) {
    let mut builder = ClientBuilder::native(); // TLS setup happens here, outside the timing
    builder.capabilities(capabilities_for(&setup.application));
    let wall0 = epoch_ms();
    let t0 = Instant::now();
    let c = builder.connect(&b.url).await.expect("a WebDriver session with the app");
    (c, wall0, t0)
}

async fn wait_interactive(c: &Client, t0: Instant) -> serde_json::Value {
    loop {
        match c.execute_async(WAIT_INTERACTIVE, vec![]).await {
            Ok(v) => return v,
            // The page may still be replacing itself; try again.
            Err(e) if t0.elapsed() < Duration::from_secs(30) => {
                eprintln!("waiting for the morning log: {e}");
                tokio::time::sleep(Duration::from_millis(5)).await;
            }
            Err(e) => panic!("the morning log never became interactive: {e}"),
        }
    }
}

async fn cold_start(b: &Bench, setup: &Setup) -> Start {
    let (c, wall0, t0) = connect(b, setup).await;
    let session = t0.elapsed().as_secs_f64() * 1e3;
    let v = wait_interactive(&c, t0).await;
    let seen = t0.elapsed().as_secs_f64() * 1e3;
    let logged = v["logged"].as_str().unwrap_or_default();
    assert!(logged.starts_with("Logged:") || logged.starts_with("Not logged"), "unexpected morning log: {logged}");
    let app = app_pid(b, setup).expect("the app process");
    let origin = v["origin"].as_f64().unwrap();
    let start = Start {
        exec: start_epoch_ms(app) - wall0,
        page: origin - wall0,
        dcl: v["dcl"].as_f64().map(|d| origin + d - wall0),
        session,
        ready: v["ready"].as_f64().unwrap() - wall0,
        seen,
    };
    c.close().await.unwrap();
    wait_gone(app).await;
    start
}

/// Memory of one process (kB): resident, proportional (a shared page split between all the
/// processes on the machine that map it) and private (mapped by this process alone).
struct Mem {
    pid: u32,
    name: String,
    rss: u64,
    pss: u64,
    private: u64,
}

/// The app's process tree at one moment.
struct Snapshot {
    what: &'static str,
    procs: Vec<Mem>,
    /// The tree's resident pages, each physical page counted once whoever else maps it, in kB
    /// by mapping (library, or a process's heap); `None` unless run as root (frame numbers hidden).
    distinct: Option<Vec<(String, u64)>>,
}

impl Snapshot {
    fn pss(&self) -> u64 {
        self.procs.iter().map(|m| m.pss).sum()
    }

    fn distinct_kb(&self) -> Option<u64> {
        self.distinct.as_ref().map(|d| d.iter().map(|(_, kb)| kb).sum())
    }

    /// What the target is judged on: distinct pages when known (they do not depend on what
    /// else runs on the machine), else PSS.
    fn judged_kb(&self) -> u64 {
        self.distinct_kb().unwrap_or_else(|| self.pss())
    }
}

/// The floor (an empty diary, just started), then ten years: just started, showing Trends over
/// everything after Insights, and after History too. Each after 2 s to settle.
async fn memory(b: &Bench, setup: &Setup) -> Vec<Snapshot> {
    let mut out = Vec::new();
    reset_diary(None, &b.db);
    let (c, _, t0) = connect(b, setup).await;
    wait_interactive(&c, t0).await;
    let app = app_pid(b, setup).expect("the app process");
    out.push(snapshot("empty diary, just started (floor)", app).await);
    c.close().await.unwrap();
    wait_gone(app).await;

    reset_diary(Some(&b.template), &b.db);
    let (c, _, t0) = connect(b, setup).await;
    wait_interactive(&c, t0).await;
    let app = app_pid(b, setup).expect("the app process");
    out.push(snapshot("ten years, just started", app).await);
    click(&c, "#nav button[data-page='insights']").await;
    wait_text(&c, "#insights-body", "In short").await;
    click(&c, "#nav button[data-page='trends']").await;
    wait_text(&c, "#trends-status", "Showing").await;
    click(&c, "#trends-form input[value='all']").await;
    wait_text(&c, "#trends-status", "Showing everything").await;
    out.push(snapshot("ten years, Insights then Trends (everything)", app).await);
    click(&c, "#nav button[data-page='history']").await;
    wait_text(&c, "#history-list li", "").await;
    out.push(snapshot("ten years, then History", app).await);
    c.close().await.unwrap();
    wait_gone(app).await;
    out
}

async fn snapshot(what: &'static str, app: u32) -> Snapshot {
    tokio::time::sleep(Duration::from_secs(2)).await; // let the daily backup, red flags and painting finish
    let procs = tree_memory(app);
    let distinct = distinct_pages(&procs);
    Snapshot { what, procs, distinct }
}

// ----- /proc ------------------------------------------------------------------------------

/// (pid, parent, command name) of every process.
fn processes() -> Vec<(u32, u32, String)> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir("/proc").unwrap().flatten() {
        let Some(pid) = entry.file_name().to_str().and_then(|s| s.parse::<u32>().ok()) else { continue };
        let Some((name, rest)) = stat(pid) else { continue };
        if let Some(ppid) = rest.get(1).and_then(|p| p.parse().ok()) {
            out.push((pid, ppid, name));
        }
    }
    out
}

/// A process's name and the fields of /proc/<pid>/stat after it (the first is the state).
fn stat(pid: u32) -> Option<(String, Vec<String>)> {
    let s = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    let (open, close) = (s.find('(')?, s.rfind(')')?);
    Some((s[open + 1..close].to_string(), s[close + 1..].split_whitespace().map(String::from).collect()))
}

fn descendants(root: u32) -> Vec<u32> {
    let all = processes();
    let mut children: HashMap<u32, Vec<u32>> = HashMap::new();
    for (pid, ppid, _) in &all {
        children.entry(*ppid).or_default().push(*pid);
    }
    let mut out = Vec::new();
    let mut todo = vec![root];
    while let Some(p) = todo.pop() {
        for c in children.get(&p).into_iter().flatten() {
            out.push(*c);
            todo.push(*c);
        }
    }
    out
}

/// The app process started for the current session (under tauri-driver → WebKitWebDriver).
fn app_pid(b: &Bench, setup: &Setup) -> Option<u32> {
    // The setup's own binary, or the one its wrapper script runs.
    let bins = [b.bin.canonicalize().unwrap(), setup.application.canonicalize().unwrap()];
    descendants(b.driver_pid)
        .into_iter()
        .find(|pid| std::fs::read_link(format!("/proc/{pid}/exe")).is_ok_and(|exe| bins.contains(&exe)))
}

/// When the process was created, in ms since the epoch (the kernel counts in 10 ms ticks).
fn start_epoch_ms(pid: u32) -> f64 {
    const TICKS_PER_S: f64 = 100.0; // USER_HZ
    let (_, rest) = stat(pid).expect("the app's /proc entry");
    let started: f64 = rest[19].parse::<f64>().unwrap() / TICKS_PER_S; // field 22: starttime
    let now = epoch_ms();
    let uptime: f64 =
        std::fs::read_to_string("/proc/uptime").unwrap().split_whitespace().next().unwrap().parse().unwrap();
    now - (uptime - started) * 1e3
}

async fn wait_gone(pid: u32) {
    let start = Instant::now();
    while Path::new(&format!("/proc/{pid}")).exists() {
        if start.elapsed() > Duration::from_secs(10) {
            let _ = std::process::Command::new("kill").args(["-KILL", &pid.to_string()]).status();
            eprintln!("the app ({pid}) did not exit after its session closed; killed it");
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

fn tree_memory(app: u32) -> Vec<Mem> {
    let names: HashMap<u32, String> = processes().into_iter().map(|(p, _, n)| (p, n)).collect();
    std::iter::once(app)
        .chain(descendants(app))
        .filter_map(|pid| {
            let rollup = std::fs::read_to_string(format!("/proc/{pid}/smaps_rollup")).ok()?;
            let kb = |key: &str| -> u64 {
                rollup
                    .lines()
                    .find_map(|l| l.strip_prefix(key)?.strip_prefix(':'))
                    .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
                    .unwrap_or(0)
            };
            Some(Mem {
                pid,
                name: names.get(&pid).cloned().unwrap_or_default(),
                rss: kb("Rss"),
                pss: kb("Pss"),
                private: kb("Private_Clean") + kb("Private_Dirty"),
            })
        })
        .collect()
}

const PAGE: u64 = 4096;

/// Every resident page of these processes once, attributed to the first mapping seen with it
/// (/proc/<pid>/pagemap; only root sees frame numbers, so `None` otherwise).
fn distinct_pages(procs: &[Mem]) -> Option<Vec<(String, u64)>> {
    let mut owner: HashMap<u64, usize> = HashMap::new();
    let mut keys: Vec<String> = Vec::new();
    for m in procs {
        let smaps = std::fs::read_to_string(format!("/proc/{}/smaps", m.pid)).ok()?;
        let pagemap = std::fs::File::open(format!("/proc/{}/pagemap", m.pid)).ok()?;
        let mut vma = None;
        for line in smaps.lines() {
            let fields: Vec<&str> = line.split_whitespace().collect();
            match fields.first() {
                Some(first) if !first.ends_with(':') => {
                    let (lo, hi) = first.split_once('-')?;
                    let range = (u64::from_str_radix(lo, 16).ok()?, u64::from_str_radix(hi, 16).ok()?);
                    vma = Some((range, mapping_name(&m.name, &fields.get(5..).unwrap_or_default().join(" "))));
                }
                Some(&"Rss:") if fields.get(1) != Some(&"0") => {
                    let ((lo, hi), name) = vma.take()?;
                    let key = keys.iter().position(|k| *k == name).unwrap_or_else(|| {
                        keys.push(name);
                        keys.len() - 1
                    });
                    for frame in frames(&pagemap, lo, hi)? {
                        owner.entry(frame).or_insert(key);
                    }
                }
                _ => {}
            }
        }
    }
    let mut kb = vec![0; keys.len()];
    for k in owner.values() {
        kb[*k] += PAGE / 1024;
    }
    let mut out: Vec<(String, u64)> = keys.into_iter().zip(kb).collect();
    out.sort_by_key(|(_, kb)| std::cmp::Reverse(*kb));
    Some(out)
}

/// Frame numbers of the resident pages in [lo, hi).
fn frames(pagemap: &std::fs::File, lo: u64, hi: u64) -> Option<Vec<u64>> {
    use std::os::unix::fs::FileExt;
    const CHUNK: u64 = 65536;
    let mut out = Vec::new();
    let mut buf = vec![0u8; 8 * CHUNK as usize];
    let (mut page, end) = (lo / PAGE, hi / PAGE);
    while page < end {
        let n = (end - page).min(CHUNK) as usize;
        pagemap.read_exact_at(&mut buf[..8 * n], page * 8).ok()?;
        for entry in buf[..8 * n].chunks_exact(8) {
            let e = u64::from_le_bytes(entry.try_into().unwrap());
            if e >> 63 == 1 {
                let frame = e & ((1 << 55) - 1);
                if frame == 0 {
                    return None; // hidden: not root
                }
                out.push(frame);
            }
        }
        page += n as u64;
    }
    Some(out)
}

/// "libwebkit2gtk-4.1.so.0.19.9", "WebKitWebProces heap", "shared memory", …
fn mapping_name(process: &str, path: &str) -> String {
    let path = path.trim_end_matches(" (deleted)");
    match path {
        "" => format!("{process} anonymous"),
        "[heap]" => format!("{process} heap"),
        p if p.starts_with('[') => format!("{process} {p}"),
        p if p.starts_with("/SYSV") || p.starts_with("/memfd:") || p.starts_with("/dev/shm") => "shared memory".into(),
        p => p.rsplit('/').next().unwrap_or(p).to_string(),
    }
}

// ----- the rest ---------------------------------------------------------------------------

fn epoch_ms() -> f64 {
    SystemTime::now().duration_since(UNIX_EPOCH).unwrap().as_secs_f64() * 1e3
}

fn loadavg() -> String {
    let s = std::fs::read_to_string("/proc/loadavg").unwrap_or_default();
    s.split_whitespace().take(3).collect::<Vec<_>>().join(" ")
}

/// The size the binary would have with every symbol stripped (`strip --strip-all`), if binutils is there.
fn stripped_size(bin: &Path, scratch: &Path) -> Option<u64> {
    let out = scratch.join("stripped");
    let ok = std::process::Command::new("strip").arg("--strip-all").arg("-o").arg(&out).arg(bin).status().ok()?;
    ok.success().then(|| std::fs::metadata(&out).map(|m| m.len()).ok()).flatten()
}

struct Report {
    nights: usize,
    /// Per setup: its name, cold starts and memory snapshots.
    results: Vec<(&'static str, Vec<Start>, Vec<Snapshot>)>,
    size: u64,
    stripped: Option<u64>,
    load_before: String,
    load_after: String,
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    let n = v.len();
    if n % 2 == 1 {
        v[n / 2]
    } else {
        (v[n / 2 - 1] + v[n / 2]) / 2.0
    }
}

fn mb(kb: u64) -> f64 {
    kb as f64 * 1024.0 / 1e6
}

fn verdict(ok: bool) -> &'static str {
    if ok {
        "met"
    } else {
        "MISSED"
    }
}

fn report(r: &Report) {
    println!();
    println!("Cramp Diary app, release build, {YEARS}-year diary ({} nights)", r.nights);
    println!("load average: {} before, {} after", r.load_before, r.load_after);
    for (setup, starts, memory) in &r.results {
        println!();
        println!("=== {setup}");
        print_starts(starts);
        if !memory.is_empty() {
            print_memory(memory);
        }
    }

    println!();
    println!("=== summary (MB = 10^6 bytes)");
    for (setup, starts, memory) in &r.results {
        let (med, worst) = start_summary(starts);
        println!("{setup}");
        println!(
            "  cold start    median {med:.0} ms, worst {worst:.0} ms; target ≤ {START_TARGET_MS:.0} ms: {}",
            verdict(worst <= START_TARGET_MS)
        );
        if memory.is_empty() {
            continue;
        }
        let (peak, floor) = (peak(memory), &memory[0]);
        let basis = if peak.distinct.is_some() { "distinct" } else { "PSS" };
        let (peak_mb, floor_mb) = (mb(peak.judged_kb()), mb(floor.judged_kb()));
        println!(
            "  memory peak   {peak_mb:.1} MB {basis} ({:.1} MB PSS); floor {floor_mb:.1} MB, ratio {:.2} \
             (target ≤ {RATIO_TARGET:.2}: {}); absolute target ≤ {MEMORY_TARGET_MB:.0} MB: {}",
            mb(peak.pss()),
            peak_mb / floor_mb,
            verdict(peak_mb / floor_mb <= RATIO_TARGET),
            verdict(peak_mb <= MEMORY_TARGET_MB)
        );
    }
    let stripped =
        r.stripped.map_or("strip not found".to_string(), |s| format!("{:.1} MB with --strip-all", s as f64 / 1e6));
    println!("release binary: {} bytes = {:.1} MB ({stripped})", r.size, r.size as f64 / 1e6);
}

fn start_summary(starts: &[Start]) -> (f64, f64) {
    (median(starts.iter().map(|s| s.seen).collect()), starts.iter().map(|s| s.seen).fold(0.0, f64::max))
}

/// The ten-year snapshot with the most memory (the first snapshot is the empty-diary floor).
fn peak(memory: &[Snapshot]) -> &Snapshot {
    memory[1..].iter().max_by_key(|s| s.judged_kb()).unwrap()
}

fn print_starts(starts: &[Start]) {
    println!("Cold start to an interactive morning log, ms from the WebDriver new-session request");
    println!("(each run a new app process on a fresh copy of the diary: the day's first launch, with its backup;");
    println!(" app exec is from /proc in 10 ms ticks, page and ready are the page's clock, seen is the bench's)");
    println!("{:>4} {:>8} {:>8} {:>8} {:>8} {:>8} {:>8}", "run", "app exec", "page", "DOM", "session", "ready", "seen");
    let row = |label: String, v: [f64; 6]| {
        println!("{label:>4} {:>8.0} {:>8.0} {:>8.0} {:>8.0} {:>8.0} {:>8.0}", v[0], v[1], v[2], v[3], v[4], v[5])
    };
    let cols = |s: &Start| [s.exec, s.page, s.dcl.unwrap_or(f64::NAN), s.session, s.ready, s.seen];
    for (i, s) in starts.iter().enumerate() {
        row((i + 1).to_string(), cols(s));
    }
    row("med".into(), std::array::from_fn(|i| median(starts.iter().map(|s| cols(s)[i]).collect())));
    let (med, worst) = start_summary(starts);
    println!(
        "cold start: median {med:.0} ms, worst {worst:.0} ms; target ≤ {START_TARGET_MS:.0} ms: {} (worst/target {:.2})",
        verdict(worst <= START_TARGET_MS),
        worst / START_TARGET_MS
    );
}

fn print_memory(memory: &[Snapshot]) {
    println!();
    println!("Memory of the app and every process under it, MB = 10^6 bytes");
    println!("(PSS splits a shared page between all processes that map it, including other WebKit apps running;");
    println!(" distinct counts each resident page of the tree once: what the app holds if nothing else shares it)");
    for snap in memory {
        println!();
        println!("{}", snap.what);
        println!("{:>8} {:<16} {:>8} {:>8} {:>8}", "pid", "process", "RSS", "PSS", "private");
        for m in &snap.procs {
            println!("{:>8} {:<16} {:>8.1} {:>8.1} {:>8.1}", m.pid, m.name, mb(m.rss), mb(m.pss), mb(m.private));
        }
        let sum = |f: fn(&Mem) -> u64| mb(snap.procs.iter().map(f).sum());
        println!("{:>8} {:<16} {:>8.1} {:>8.1} {:>8.1}", "", "sum", sum(|m| m.rss), sum(|m| m.pss), sum(|m| m.private));
        match snap.distinct_kb() {
            Some(kb) => println!("{:>8} {:<16} {:>8.1}", "", "distinct", mb(kb)),
            None => println!("{:>8} {:<16} {:>8}", "", "distinct", "n/a (needs root)"),
        }
    }
    let peak = peak(memory);
    let (peak_mb, floor_mb) = (mb(peak.judged_kb()), mb(memory[0].judged_kb()));
    let basis = if peak.distinct.is_some() { "distinct" } else { "PSS" };
    println!();
    println!(
        "memory, ten years: peak {peak_mb:.1} MB {basis} ({}); floor {floor_mb:.1} MB, ratio {:.2}; \
         target ≤ {MEMORY_TARGET_MB:.0} MB: {} (peak/target {:.2})",
        peak.what,
        peak_mb / floor_mb,
        verdict(peak_mb <= MEMORY_TARGET_MB),
        peak_mb / MEMORY_TARGET_MB
    );
    if let Some(parts) = &peak.distinct {
        println!("where the peak's distinct pages are (MB):");
        for (name, kb) in parts.iter().take(16) {
            println!("  {:>7.1}  {name}", mb(*kb));
        }
        let rest: u64 = parts.iter().skip(16).map(|(_, kb)| kb).sum();
        println!("  {:>7.1}  {} other mappings", mb(rest), parts.len().saturating_sub(16));
    }
}
