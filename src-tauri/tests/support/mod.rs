//! Shared end-to-end harness: an Xvfb display, tauri-driver with the app's environment, a
//! WebDriver session on the built app, and small helpers to read, click and screenshot.
//! Used by the tests in this folder and the app benchmark (`benches/app.rs`); [`invoke`]
//! calls a command through tauri's mock runtime for the IPC tests.
#![allow(dead_code)] // each user needs a different subset

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use chrono::{Datelike, Days, NaiveDate};
use fantoccini::{Client, ClientBuilder, Locator};

/// The moment every webview test's app takes as now (`CRAMP_DIARY_NOW`), unless a test passes
/// its own through [`start_driver_at`] or [`start_driver_env`]: what the pages say and what
/// the app saves never depend on the day or the hour the tests run.
pub const NOW: &str = "2026-11-23T08:30:00";

/// The local date of [`NOW`].
pub fn today() -> NaiveDate {
    NOW[..10].parse().unwrap()
}

/// The night the morning page asks about at [`NOW`].
pub fn last_night() -> NaiveDate {
    cramp_diary::clock::night_before(today())
}

/// A child process killed (with its whole process group) when the test ends, pass or fail.
pub struct Guard {
    pub name: &'static str,
    pub child: Child,
}

impl Drop for Guard {
    fn drop(&mut self) {
        // Our children were started as process-group leaders: take WebKitWebDriver and the app too.
        let pgid = self.child.id();
        let _ = Command::new("kill").args(["-KILL", "--", &format!("-{pgid}")]).status();
        let _ = self.child.kill();
        let _ = self.child.wait();
        eprintln!("stopped {}", self.name);
    }
}

pub fn spawn(name: &'static str, cmd: &mut Command) -> Guard {
    use std::os::unix::process::CommandExt;
    let child = cmd
        .process_group(0)
        .spawn()
        .unwrap_or_else(|e| panic!("could not start {name} ({e}); run the project's setup command to install it"));
    Guard { name, child }
}

pub fn artifacts() -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("..").join("test-artifacts");
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

pub fn find_program(name: &str) -> PathBuf {
    let mut dirs: Vec<PathBuf> =
        std::env::var_os("PATH").map(|p| std::env::split_paths(&p).collect()).unwrap_or_default();
    if let Some(home) = std::env::var_os("HOME") {
        dirs.push(PathBuf::from(home).join(".cargo/bin"));
    }
    dirs.into_iter()
        .map(|d| d.join(name))
        .find(|p| p.is_file())
        .unwrap_or_else(|| panic!("{name} was not found on PATH or in ~/.cargo/bin; the end-to-end test needs it"))
}

/// Whether an X lock file names a process that no longer runs.
pub fn lock_is_stale(lock: &Path) -> bool {
    match std::fs::read_to_string(lock).ok().and_then(|t| t.trim().parse::<u32>().ok()) {
        Some(pid) => !Path::new(&format!("/proc/{pid}")).exists(),
        None => false, // being written right now, or not ours to judge
    }
}

/// Starts Xvfb on the first free display number and waits until it is ours and ready.
pub fn start_xvfb() -> (Guard, String) {
    static PICKING: std::sync::Mutex<()> = std::sync::Mutex::new(());
    let _one_at_a_time = PICKING.lock().unwrap_or_else(|p| p.into_inner());
    let xvfb = find_program("Xvfb");
    for n in 90..190 {
        let socket = PathBuf::from(format!("/tmp/.X11-unix/X{n}"));
        let lock = PathBuf::from(format!("/tmp/.X{n}-lock"));
        if lock.exists() && lock_is_stale(&lock) {
            // Left by an X server that was killed (ours are, with SIGKILL): reclaim the display.
            let _ = std::fs::remove_file(&lock);
            let _ = std::fs::remove_file(&socket);
        }
        if socket.exists() || lock.exists() {
            continue;
        }
        let mut guard = spawn(
            "Xvfb",
            Command::new(&xvfb)
                .args([format!(":{n}").as_str(), "-screen", "0", "1280x1000x24", "-nolisten", "tcp", "-noreset"])
                .stdout(Stdio::null())
                .stderr(Stdio::null()),
        );
        let pid = guard.child.id().to_string();
        let start = Instant::now();
        while start.elapsed() < Duration::from_secs(30) {
            // Ready once the socket exists and the lock file names our Xvfb (not another program's).
            let owner = std::fs::read_to_string(&lock).unwrap_or_default();
            if socket.exists() && owner.trim() == pid {
                return (guard, format!(":{n}"));
            }
            if let Ok(Some(_)) = guard.child.try_wait() {
                break; // lost a race for this display; try the next one
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }
    panic!("Xvfb did not start on any display from :90 to :189");
}

pub fn http_status_ok(port: u16) -> bool {
    let Ok(mut s) = TcpStream::connect(("127.0.0.1", port)) else { return false };
    let _ = s.set_read_timeout(Some(Duration::from_secs(2)));
    if s.write_all(b"GET /status HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n").is_err() {
        return false;
    }
    let mut out = String::new();
    let _ = s.read_to_string(&mut out);
    out.starts_with("HTTP/1.1 200")
}

/// Where the app writes exports in these tests (created here).
pub fn export_dir(db: &Path) -> PathBuf {
    let dir = db.parent().unwrap().join("exports");
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// An X display and tauri-driver with the app on it, both stopped when this is dropped (the
/// driver first).
pub struct Launched {
    _driver: Guard,
    _xvfb: Guard,
}

/// A display of its own and the app on `db` behind tauri-driver ([`start_driver`]): the
/// guard, the display (for screenshots) and the driver's port.
pub fn launch(db: &Path, tag: &str) -> (Launched, String, u16) {
    launch_env(db, tag, true, &[])
}

/// [`launch`] with the app's clock pinned to `now` ([`start_driver_at`]).
pub fn launch_at(db: &Path, tag: &str, now: &str) -> (Launched, String, u16) {
    launch_env(db, tag, true, &[(cramp_diary::clock::NOW_ENV, now)])
}

/// [`launch`] with or without a session bus and with more variables ([`start_driver_env`]).
pub fn launch_env(db: &Path, tag: &str, bus: bool, env: &[(&str, &str)]) -> (Launched, String, u16) {
    let (xvfb, display) = start_xvfb();
    let (driver, port) = start_driver_env(&display, db, tag, bus, env);
    (Launched { _driver: driver, _xvfb: xvfb }, display, port)
}

/// Starts tauri-driver with the app's environment (display, diary file and a session bus of
/// its own, see [`app_env`]) and waits for /status.
pub fn start_driver(display: &str, db: &Path, tag: &str) -> (Guard, u16) {
    start_driver_with_bus(display, db, tag, true)
}

/// [`start_driver`], with (`bus`) or without a session bus for the app.
pub fn start_driver_with_bus(display: &str, db: &Path, tag: &str, bus: bool) -> (Guard, u16) {
    start_driver_env(display, db, tag, bus, &[])
}

/// [`start_driver`] with the app's clock pinned to `now` (`CRAMP_DIARY_NOW`, e.g.
/// `2026-11-23T08:30:00`), so what the pages say never depends on today's date.
pub fn start_driver_at(display: &str, db: &Path, tag: &str, now: &str) -> (Guard, u16) {
    start_driver_env(display, db, tag, true, &[(cramp_diary::clock::NOW_ENV, now)])
}

/// [`start_driver_with_bus`] with more variables in the app's environment.
pub fn start_driver_env(display: &str, db: &Path, tag: &str, bus: bool, env: &[(&str, &str)]) -> (Guard, u16) {
    let mut cmd = driver_command(display, db, bus);
    for (k, v) in env {
        cmd.env(k, v);
    }
    run_driver(cmd, db, tag, bus)
}

/// tauri-driver with the app's environment ([`app_env`]), for a test to change before
/// [`run_driver`].
pub fn driver_command(display: &str, db: &Path, bus: bool) -> Command {
    let driver = find_program("tauri-driver");
    find_program("WebKitWebDriver");
    let mut cmd = Command::new(driver);
    app_env(&mut cmd, display, db, bus);
    cmd
}

/// Runs `cmd` (from [`driver_command`]) on free ports, starts the session bus when `bus`, and
/// waits for /status.
pub fn run_driver(mut cmd: Command, db: &Path, tag: &str, bus: bool) -> (Guard, u16) {
    let port = free_port();
    let native = free_port();
    let log = std::fs::File::create(artifacts().join(format!("tauri-driver-{tag}.log"))).unwrap();
    let mut guard = spawn(
        "tauri-driver",
        cmd.args(["--port", &port.to_string(), "--native-port", &native.to_string()])
            .stdout(log.try_clone().unwrap())
            .stderr(log),
    );
    if bus {
        start_session_bus(&guard, db);
    }
    wait_for_driver(&mut guard, port, tag);
    (guard, port)
}

/// Waits until the tauri-driver in `guard` answers /status on `port`; fails if it exits
/// first (its log is test-artifacts/tauri-driver-`tag`.log) or takes over 30 s.
pub fn wait_for_driver(guard: &mut Guard, port: u16, tag: &str) {
    let start = Instant::now();
    while start.elapsed() < Duration::from_secs(30) {
        if http_status_ok(port) {
            return;
        }
        if let Ok(Some(status)) = guard.child.try_wait() {
            panic!("tauri-driver exited early ({status}); see test-artifacts/tauri-driver-{tag}.log");
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    panic!("tauri-driver did not answer /status within 30 s");
}

pub async fn session(port: u16) -> Client {
    session_with_args(port, &[]).await
}

pub async fn text(c: &Client, css: &str) -> String {
    c.find(Locator::Css(css)).await.unwrap_or_else(|e| panic!("{css} not found: {e}")).text().await.unwrap()
}

/// Waits until the element's text contains `needle`; fails with what it last saw.
pub async fn wait_text(c: &Client, css: &str, needle: &str) -> String {
    let start = Instant::now();
    let mut last = String::new();
    while start.elapsed() < Duration::from_secs(15) {
        if let Ok(el) = c.find(Locator::Css(css)).await {
            last = el.text().await.unwrap_or_default();
            if last.contains(needle) {
                return last;
            }
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("{css} never contained {needle:?}; last text was {last:?}");
}

pub async fn click(c: &Client, css: &str) {
    c.find(Locator::Css(css)).await.unwrap_or_else(|e| panic!("{css} not found: {e}")).click().await.unwrap();
}

/// Saves a screenshot of the X screen. (WebDriver's own capture stalls the session under Xvfb
/// once compositing is off, and shows stale frames while it is on.)
pub async fn shot(c: &Client, display: &str, name: &str) {
    let file = artifacts().join(format!("{name}.png"));
    painted(c, name).await;
    let ok = Command::new("import").args(["-display", display, "-window", "root"]).arg(&file).status();
    assert!(ok.is_ok_and(|s| s.success()), "imagemagick's import could not take the screenshot {name}");
}

/// Waits until the page has drawn two frames since now (so the last change is on screen),
/// instead of a fixed pause. The guard is generous; a page that never paints fails the test.
pub async fn painted(c: &Client, what: &str) {
    let js = "const done = arguments[arguments.length - 1]; \
              requestAnimationFrame(() => requestAnimationFrame(() => done('painted')));";
    let drawn = tokio::time::timeout(Duration::from_secs(30), c.execute_async(js, vec![])).await;
    match drawn {
        Ok(Ok(v)) if v == "painted" => {}
        Ok(other) => panic!("{what}: could not wait for the page to paint: {other:?}"),
        Err(_) => panic!("{what}: the page did not paint a frame within 30 s"),
    }
}

/// Fails (and so stops every process) if a step hangs.
pub async fn within<F: std::future::Future<Output = ()>>(f: F) {
    tokio::time::timeout(Duration::from_secs(480), f).await.expect("the end-to-end test finished within 480 s");
}

/// "Night of Sun 22 → Mon 23 Nov", as the morning page must name last night.
pub fn night_words(evening: NaiveDate) -> String {
    let morning = evening + Days::new(1);
    let first = if evening.month() == morning.month() {
        evening.format("%a %-d").to_string()
    } else {
        evening.format("%a %-d %b").to_string()
    };
    format!("Night of {first} → {}", morning.format("%a %-d %b"))
}

// ----- accessibility: axe-core in the real webview ---------------------------------------------

/// axe-core's browser build, installed (test-only) by scripts/setup.sh from src-tauri/tests/axe.
pub fn axe_source() -> String {
    let file = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/axe/node_modules/axe-core/axe.min.js");
    std::fs::read_to_string(&file).unwrap_or_else(|e| {
        panic!("{} could not be read ({e}); run scripts/setup.sh (npm ci in src-tauri/tests/axe)", file.display())
    })
}

/// What one axe run found, each result as axe reports it (`{id, impact, help, nodes: [{target,
/// summary}]}`): the violations, the rules it could not decide ("needs review"), and how many passed.
pub struct AxeRun {
    pub violations: Vec<serde_json::Value>,
    pub needs_review: Vec<serde_json::Value>,
    pub passed_rules: usize,
}

/// Runs axe-core on the whole page as it is now, injecting it first if this page has not got it.
/// The script goes in through WebDriver `execute`, which the page's CSP (`script-src 'self'`)
/// does not govern; a `<script>` element with the same text would be refused.
pub async fn axe_run(c: &Client) -> AxeRun {
    let has_axe = "return typeof window.axe === 'object' && typeof window.axe.run === 'function';";
    if c.execute(has_axe, vec![]).await.unwrap() != serde_json::json!(true) {
        c.execute(&axe_source(), vec![]).await.expect("axe-core's script runs through WebDriver");
        assert_eq!(c.execute(has_axe, vec![]).await.unwrap(), serde_json::json!(true), "axe-core is in the page");
    }
    let run = r#"
        const done = arguments[arguments.length - 1];
        const brief = (v) => ({
          id: v.id, impact: v.impact, help: v.help,
          nodes: v.nodes.map((n) => ({ target: n.target.map(String).join(' '), summary: n.failureSummary })),
        });
        window.axe.run(document, { resultTypes: ['violations', 'incomplete'] }).then((r) => done({
          passed: r.passes.length, violations: r.violations.map(brief), review: r.incomplete.map(brief),
        })).catch((e) => done({ error: String((e && e.stack) || e) }));
    "#;
    let out = c.execute_async(run, vec![]).await.expect("axe.run answers");
    assert!(out.get("error").is_none(), "axe.run failed: {}", out["error"]);
    AxeRun {
        violations: out["violations"].as_array().cloned().unwrap_or_default(),
        needs_review: out["review"].as_array().cloned().unwrap_or_default(),
        passed_rules: out["passed"].as_u64().unwrap_or(0) as usize,
    }
}

/// One line per violation and one indented line per element: rule id, impact, target, summary.
pub fn axe_report(violations: &[serde_json::Value]) -> String {
    let mut s = String::new();
    for v in violations {
        let (id, impact, help) = (v["id"].as_str(), v["impact"].as_str(), v["help"].as_str());
        s += &format!("- {} ({}): {}\n", id.unwrap_or("?"), impact.unwrap_or("?"), help.unwrap_or(""));
        for n in v["nodes"].as_array().into_iter().flatten() {
            let summary = n["summary"].as_str().unwrap_or("").replace('\n', " ");
            s += &format!("    {}: {summary}\n", n["target"].as_str().unwrap_or("?"));
        }
    }
    s
}

fn serious(v: &serde_json::Value) -> bool {
    matches!(v["impact"].as_str(), Some("serious" | "critical"))
}

/// Fails, listing them, if axe finds any serious or critical violation on the page, or leaves a
/// serious or critical rule undecided other than colour contrast (which it cannot judge over
/// overlapping chart shapes); lesser findings are printed. `what` names the page and state.
pub async fn assert_axe_clean(c: &Client, what: &str) {
    let run = axe_run(c).await;
    assert!(run.passed_rules >= 10, "axe checked too little on {what} ({} rules passed)", run.passed_rules);
    let (mut bad, lesser): (Vec<_>, Vec<_>) = run.violations.into_iter().partition(serious);
    let (undecided, review): (Vec<_>, Vec<_>) =
        run.needs_review.into_iter().partition(|v| serious(v) && v["id"] != "color-contrast");
    bad.extend(undecided);
    if !lesser.is_empty() {
        eprintln!("axe on {what}: moderate or minor issues (not failing):\n{}", axe_report(&lesser));
    }
    for v in &review {
        let n = v["nodes"].as_array().map_or(0, Vec::len);
        eprintln!("axe on {what}: needs review (not failing): {} ({}) on {n} elements", v["id"], v["impact"]);
    }
    assert!(bad.is_empty(), "axe found serious or critical problems on {what}:\n{}", axe_report(&bad));
}

/// The capabilities that make tauri-driver start `application` (the built app, or a wrapper
/// that execs it), for callers that build their own session: the app benchmark times the request.
pub fn capabilities_for(application: &Path) -> serde_json::Map<String, serde_json::Value> {
    let mut caps = serde_json::Map::new();
    caps.insert("tauri:options".into(), serde_json::json!({ "application": application }));
    caps
}

/// The environment the app runs with in these tests: the display, the diary file, the export
/// folder and the test's own session bus ([`session_bus`]); with `bus` false, no bus at all.
/// The file the app on diary `db` traces its reminder looks into (see [`reminder_looks`]).
pub fn reminder_trace(db: &Path) -> PathBuf {
    db.with_extension("reminder-looks")
}

/// How many times the app on diary `db` has looked whether the reminder is due (every app
/// started on it so far, added up).
pub fn reminder_looks(db: &Path) -> usize {
    std::fs::read_to_string(reminder_trace(db)).map_or(0, |t| t.lines().filter(|l| l.starts_with("look ")).count())
}

pub fn app_env<'a>(cmd: &'a mut Command, display: &str, db: &Path, bus: bool) -> &'a mut Command {
    cmd.env("DISPLAY", display)
        .env_remove("WAYLAND_DISPLAY")
        .env("CRAMP_DIARY_DB", db)
        .env(cramp_diary::clock::NOW_ENV, NOW)
        // Exports go to <diary folder>/exports instead of a native save dialog (test-only override).
        .env("CRAMP_DIARY_EXPORT_DIR", export_dir(db))
        // Without this, WebKit under Xvfb can paint once and then never again (stale screenshots).
        .env("WEBKIT_DISABLE_COMPOSITING_MODE", "1")
        // The app writes dates as the locale does: pin it (C: the default style), so no test
        // depends on this machine's locale; a test may pass LANG through start_driver_env.
        .env("LANG", "C.UTF-8")
        .env_remove("LC_ALL")
        .env_remove("LC_TIME")
        // The reminder loop says when it has looked (test-only), and looks every second.
        .env(cramp_diary_app::shell::REMINDER_TRACE_ENV, reminder_trace(db))
        .env(cramp_diary_app::shell::REMINDER_EVERY_ENV, "1000");
    if bus {
        // Never the desktop's own bus: no real notifications, no clash with a running Cramp Diary.
        cmd.env("DBUS_SESSION_BUS_ADDRESS", session_bus(db))
    } else {
        // An empty runtime folder too, so nothing falls back to $XDG_RUNTIME_DIR/bus.
        let runtime = db.parent().unwrap().join("runtime");
        std::fs::create_dir_all(&runtime).unwrap();
        let private = std::os::unix::fs::PermissionsExt::from_mode(0o700);
        std::fs::set_permissions(&runtime, private).unwrap();
        cmd.env_remove("DBUS_SESSION_BUS_ADDRESS").env("XDG_RUNTIME_DIR", runtime)
    }
}

/// The address of the session bus [`start_driver`] gives the app (a socket beside the diary).
pub fn session_bus(db: &Path) -> String {
    format!("unix:path={}", db.parent().unwrap().join("bus").display())
}

/// Starts `dbus-daemon` on [`session_bus`] inside the driver's process group, so it stops when
/// the driver's guard is dropped, and waits until it listens. The bus starts no services of
/// its own (no desktop portals, no accessibility bus): only what the test puts on it is there.
fn start_session_bus(driver: &Guard, db: &Path) {
    use std::os::unix::process::CommandExt;
    let socket = db.parent().unwrap().join("bus");
    let config = db.parent().unwrap().join("bus.conf");
    // The policy of the standard session.conf, without its service directories.
    let policy = r#"<policy context="default"><allow send_destination="*" eavesdrop="true"/><allow eavesdrop="true"/><allow own="*"/></policy>"#;
    let listen = session_bus(db);
    let text =
        format!("<busconfig><type>session</type><listen>{listen}</listen><auth>EXTERNAL</auth>{policy}</busconfig>");
    std::fs::write(&config, text).unwrap();
    // A socket left by this diary's previous bus (stopped with its driver) is not listening.
    let _ = std::fs::remove_file(&socket);
    let mut daemon = Command::new(find_program("dbus-daemon"))
        .args([&format!("--config-file={}", config.display()), "--nofork", "--nopidfile"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .process_group(driver.child.id() as i32)
        .spawn()
        .unwrap_or_else(|e| panic!("could not start dbus-daemon ({e}); run the project's setup command"));
    let start = Instant::now();
    while !socket.exists() {
        assert!(daemon.try_wait().unwrap().is_none(), "dbus-daemon exited at once");
        assert!(start.elapsed() < Duration::from_secs(30), "dbus-daemon did not listen within 30 s");
        std::thread::sleep(Duration::from_millis(20));
    }
    // Reaped once the driver's process group is killed.
    std::thread::spawn(move || daemon.wait());
}

/// [`session`] on the app started with `args` (e.g. `--hidden`, as the login entry starts it).
pub async fn session_with_args(port: u16, args: &[&str]) -> Client {
    let mut caps = serde_json::Map::new();
    let app = env!("CARGO_BIN_EXE_cramp-diary-app");
    caps.insert("tauri:options".into(), serde_json::json!({ "application": app, "args": args }));
    let client = ClientBuilder::native()
        .capabilities(caps)
        .connect(&format!("http://127.0.0.1:{port}"))
        .await
        .expect("a WebDriver session with the app");
    // The page is ready once Rust has answered `status` and the morning page is drawn.
    client
        .wait()
        .at_most(Duration::from_secs(30))
        .for_element(Locator::Css("#morning-title"))
        .await
        .expect("the morning page appears");
    client
}

/// Calls command `cmd` on a mock-runtime window the way the page does (same IPC path,
/// permission check and JSON); the error is the command's `{kind, message, fields}`.
pub fn invoke(
    window: &tauri::WebviewWindow<tauri::test::MockRuntime>,
    cmd: &str,
    args: serde_json::Value,
) -> Result<serde_json::Value, serde_json::Value> {
    let request = tauri::webview::InvokeRequest {
        cmd: cmd.into(),
        callback: tauri::ipc::CallbackFn(0),
        error: tauri::ipc::CallbackFn(1),
        // On Linux the app's own pages are tauri://localhost; anything else counts as remote.
        url: "tauri://localhost".parse().unwrap(),
        body: tauri::ipc::InvokeBody::Json(args),
        headers: Default::default(),
        invoke_key: tauri::test::INVOKE_KEY.to_string(),
    };
    tauri::test::get_ipc_response(window, request).map(|b| b.deserialize().unwrap())
}
