//! The app on the desktop, end to end in the real app under Xvfb, each test with its own
//! session bus: a second launch shows the first window on the morning log; the morning
//! reminder (to a stand-in notification server on that bus), a click on it and its answer
//! buttons ("No cramps" logs the night unseen, with Undo in the app afterwards); the tray menu
//! (through a stand-in tray host) and hiding to the tray; and the app with no session bus.

mod support;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use cramp_diary::{Night, NightStatus, Settings, Store};
use fantoccini::Client;
use support::*;
use zbus::zvariant::{OwnedObjectPath, OwnedValue};

/// A new diary with these settings, and last night logged or not, before the app opens it.
fn prepare(db: &Path, settings: Settings, last_night_logged: bool) {
    let mut s = Store::open(db).unwrap();
    s.save_settings(&settings).unwrap();
    if last_night_logged {
        s.save_night(&Night::new(last_night(), NightStatus::None)).unwrap();
    }
}

/// Running app processes on this diary (found by program and by the diary in their environment).
fn app_pids(db: &Path) -> Vec<u32> {
    let exe = PathBuf::from(env!("CARGO_BIN_EXE_cramp-diary-app")).canonicalize().unwrap();
    let diary = format!("CRAMP_DIARY_DB={}", db.display());
    std::fs::read_dir("/proc")
        .unwrap()
        .filter_map(|e| e.ok()?.file_name().to_str()?.parse::<u32>().ok())
        .filter(|pid| {
            std::fs::read_link(format!("/proc/{pid}/exe")).is_ok_and(|p| p == exe)
                && std::fs::read(format!("/proc/{pid}/environ"))
                    .is_ok_and(|env| env.split(|b| *b == 0).any(|v| v == diary.as_bytes()))
        })
        .collect()
}

/// Waits until `check` holds (polling), failing with `what`.
async fn until(what: &str, secs: u64, mut check: impl FnMut() -> bool) {
    let start = Instant::now();
    while !check() {
        assert!(start.elapsed() < Duration::from_secs(secs), "{what} (waited {secs} s)");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// The ids of the pages on screen.
async fn pages_shown(c: &Client) -> String {
    let js = "return [...document.querySelectorAll('.page')].filter(p => !p.hidden).map(p => p.id).join(' ');";
    c.execute(js, vec![]).await.unwrap().as_str().unwrap_or_default().to_string()
}

/// Waits until the page shows exactly `page` (`#page-<page>`).
async fn wait_page(c: &Client, page: &str) {
    let want = format!("page-{page}");
    let start = Instant::now();
    loop {
        let shown = pages_shown(c).await;
        if shown == want {
            return;
        }
        assert!(start.elapsed() < Duration::from_secs(15), "the {page} page never came up; showing {shown:?}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// The window seen from X, as a window manager would see it.
mod window {
    use std::ffi::{CStr, CString};
    use std::ptr::null_mut;

    use x11_dl::xlib::{self, Xlib};

    /// Ignores an X protocol error instead of Xlib's default, which ends the process. A window
    /// listed by `XQueryTree` can be gone by the time it is asked for its name (a webview
    /// closing a helper window); that call then fails with BadWindow and the window is skipped.
    unsafe extern "C" fn ignore_error(_: *mut xlib::Display, _: *mut xlib::XErrorEvent) -> std::os::raw::c_int {
        0
    }

    /// Calls `f` with every top-level X window titled "Cramp Diary".
    fn each(display: &str, mut f: impl FnMut(&Xlib, *mut xlib::Display, xlib::Window)) {
        let x = Xlib::open().expect("libX11 loads");
        let name = CString::new(display).unwrap();
        // SAFETY: plain Xlib calls on a connection opened and closed here; every out-pointer is
        // a local, and what Xlib allocates is freed with XFree. The error handler is a plain
        // function that touches nothing.
        unsafe {
            (x.XSetErrorHandler)(Some(ignore_error));
            let d = (x.XOpenDisplay)(name.as_ptr());
            assert!(!d.is_null(), "could not open display {display}");
            let root = (x.XDefaultRootWindow)(d);
            let (mut r, mut p, mut kids, mut n) = (0, 0, null_mut(), 0);
            (x.XQueryTree)(d, root, &mut r, &mut p, &mut kids, &mut n);
            for i in 0..n as usize {
                let w = *kids.add(i);
                let mut title = null_mut();
                if (x.XFetchName)(d, w, &mut title) != 0 && !title.is_null() {
                    if CStr::from_ptr(title).to_bytes() == b"Cramp Diary" {
                        f(&x, d, w);
                    }
                    (x.XFree)(title.cast());
                }
            }
            if !kids.is_null() {
                (x.XFree)(kids.cast());
            }
            (x.XCloseDisplay)(d);
        }
    }

    /// Whether the app's window is on screen.
    pub fn shown(display: &str) -> bool {
        let mut shown = false;
        each(display, |x, d, w| {
            // SAFETY: as in `each`; the attributes struct is plain data filled by Xlib.
            unsafe {
                let mut a: xlib::XWindowAttributes = std::mem::zeroed();
                if (x.XGetWindowAttributes)(d, w, &mut a) != 0 && a.map_state == xlib::IsViewable {
                    shown = true;
                }
            }
        });
        shown
    }

    /// Presses the window's close button: the WM_DELETE_WINDOW request a window manager sends.
    pub fn close(display: &str) {
        let mut sent = 0;
        each(display, |x, d, w| {
            // SAFETY: as in `each`; the event is plain data sent to a window we just listed.
            unsafe {
                let protocols = (x.XInternAtom)(d, c"WM_PROTOCOLS".as_ptr(), xlib::False);
                let delete = (x.XInternAtom)(d, c"WM_DELETE_WINDOW".as_ptr(), xlib::False);
                let mut ev: xlib::XClientMessageEvent = std::mem::zeroed();
                ev.type_ = xlib::ClientMessage;
                ev.window = w;
                ev.message_type = protocols;
                ev.format = 32;
                ev.data.as_longs_mut()[0] = delete as _;
                ev.data.as_longs_mut()[1] = xlib::CurrentTime as _;
                let mut ev = xlib::XEvent { client_message: ev };
                (x.XSendEvent)(d, w, xlib::False, xlib::NoEventMask, &mut ev);
                (x.XFlush)(d);
            }
            sent += 1;
        });
        assert!(sent > 0, "no Cramp Diary window to close on {display}");
    }
}

/// One `Notify` call as the stand-in notification server received it.
#[derive(Debug, Clone)]
struct Notified {
    app_name: String,
    summary: String,
    body: String,
    actions: Vec<String>,
}

/// A stand-in for the desktop's notification server: records every notification. It shows
/// buttons (lists "actions" among its capabilities) unless `no_buttons`.
#[derive(Clone, Default)]
struct Notifications {
    seen: Arc<Mutex<Vec<Notified>>>,
    no_buttons: bool,
}

#[zbus::interface(name = "org.freedesktop.Notifications")]
impl Notifications {
    fn get_capabilities(&self) -> Vec<String> {
        if self.no_buttons {
            vec!["body".into()]
        } else {
            vec!["actions".into(), "body".into()]
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn notify(
        &self,
        app_name: String,
        _replaces_id: u32,
        _app_icon: String,
        summary: String,
        body: String,
        actions: Vec<String>,
        _hints: HashMap<String, OwnedValue>,
        _expire_timeout: i32,
    ) -> u32 {
        let mut all = self.seen.lock().unwrap();
        all.push(Notified { app_name, summary, body, actions });
        all.len() as u32
    }

    fn close_notification(&self, _id: u32) {}

    fn get_server_information(&self) -> (String, String, String, String) {
        ("stand-in".into(), "cramp-diary tests".into(), "1".into(), "1.2".into())
    }
}

impl Notifications {
    fn all(&self) -> Vec<Notified> {
        self.seen.lock().unwrap().clone()
    }
}

const NOTIFICATIONS_PATH: &str = "/org/freedesktop/Notifications";

/// Owns `org.freedesktop.Notifications` on the test's session bus.
fn notification_server(db: &Path) -> (zbus::blocking::Connection, Notifications) {
    notification_server_with(db, Notifications::default())
}

/// [`notification_server`] as `seen` is set up (with or without buttons).
fn notification_server_with(db: &Path, seen: Notifications) -> (zbus::blocking::Connection, Notifications) {
    let conn = zbus::blocking::connection::Builder::address(session_bus(db).as_str())
        .unwrap()
        .name("org.freedesktop.Notifications")
        .unwrap()
        .serve_at(NOTIFICATIONS_PATH, seen.clone())
        .unwrap()
        .build()
        .expect("the stand-in notification server is on the test's bus");
    (conn, seen)
}

/// What the server sends when the user clicks notification `id` itself.
fn click_notification(conn: &zbus::blocking::Connection, id: u32) {
    press(conn, id, "default");
}

/// What the server sends when the user presses the button `key` of notification `id`.
fn press(conn: &zbus::blocking::Connection, id: u32, key: &str) {
    conn.emit_signal(
        None::<zbus::names::BusName<'_>>,
        NOTIFICATIONS_PATH,
        "org.freedesktop.Notifications",
        "ActionInvoked",
        &(id, key),
    )
    .unwrap();
}

/// Presses `key` on notification `id` until `done` holds (failing with `what` after 30 s).
/// The app starts listening for an answer just after the server has its notification, so a
/// press at once may come before it listens; once it has heard one, it hears no more.
async fn press_until(
    conn: &zbus::blocking::Connection,
    id: u32,
    key: &str,
    what: &str,
    mut done: impl FnMut() -> bool,
) {
    let start = Instant::now();
    loop {
        press(conn, id, key);
        for _ in 0..10 {
            if done() {
                return;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        assert!(start.elapsed() < Duration::from_secs(30), "{what} (pressed {key:?} for 30 s)");
    }
}

/// A stand-in tray host (a StatusNotifierWatcher, as desktop panels run): records the tray
/// icons that register, as (bus name, object path).
#[derive(Clone, Default)]
struct TrayHost(Arc<Mutex<Vec<(String, String)>>>);

#[zbus::interface(name = "org.kde.StatusNotifierWatcher")]
impl TrayHost {
    fn register_status_notifier_item(&self, service: String, #[zbus(header)] header: zbus::message::Header<'_>) {
        let sender = header.sender().map(|s| s.to_string()).unwrap_or_default();
        // Ayatana's indicators send their object path; others send their bus name.
        let item = if service.starts_with('/') { (sender, service) } else { (service, "/StatusNotifierItem".into()) };
        self.0.lock().unwrap().push(item);
    }

    fn register_status_notifier_host(&self, _service: String) {}

    #[zbus(property)]
    fn registered_status_notifier_items(&self) -> Vec<String> {
        self.0.lock().unwrap().iter().map(|(name, path)| format!("{name}{path}")).collect()
    }

    #[zbus(property)]
    fn is_status_notifier_host_registered(&self) -> bool {
        true
    }

    #[zbus(property)]
    fn protocol_version(&self) -> i32 {
        0
    }
}

fn tray_host(db: &Path) -> (zbus::blocking::Connection, TrayHost) {
    let host = TrayHost::default();
    let conn = zbus::blocking::connection::Builder::address(session_bus(db).as_str())
        .unwrap()
        .name("org.kde.StatusNotifierWatcher")
        .unwrap()
        .serve_at("/StatusNotifierWatcher", host.clone())
        .unwrap()
        .build()
        .expect("the stand-in tray host is on the test's bus");
    (conn, host)
}

/// One entry of a tray menu as the panel reads it over D-Bus (com.canonical.dbusmenu).
type MenuNode = (i32, HashMap<String, OwnedValue>, Vec<OwnedValue>);

/// The menu entries' labels and ids, depth first.
fn menu_entries(node: MenuNode, out: &mut Vec<(String, i32)>) {
    let (id, props, children) = node;
    if let Some(label) = props.get("label").and_then(|v| String::try_from(v.try_clone().ok()?).ok()) {
        out.push((label.replace('_', ""), id));
    }
    for child in children {
        let child: MenuNode = child.try_into().expect("a menu entry");
        menu_entries(child, out);
    }
}

/// The tray icon's menu as a desktop panel reads it: its object path and (label, id) entries.
fn tray_menu(conn: &zbus::blocking::Connection, item: &(String, String)) -> (OwnedObjectPath, Vec<(String, i32)>) {
    let props = zbus::blocking::fdo::PropertiesProxy::builder(conn)
        .destination(item.0.as_str())
        .unwrap()
        .path(item.1.as_str())
        .unwrap()
        .build()
        .unwrap();
    let menu: OwnedObjectPath = props
        .get("org.kde.StatusNotifierItem".try_into().unwrap(), "Menu")
        .expect("the tray icon has a menu")
        .try_into()
        .unwrap();
    let reply = conn
        .call_method(
            Some(item.0.as_str()),
            menu.as_str(),
            Some("com.canonical.dbusmenu"),
            "GetLayout",
            &(0i32, -1i32, Vec::<String>::new()),
        )
        .unwrap();
    let (_revision, root): (u32, MenuNode) = reply.body().deserialize().unwrap();
    let mut entries = Vec::new();
    menu_entries(root, &mut entries);
    (menu, entries)
}

/// Clicks the tray menu entry labelled `label`, as a desktop panel does.
fn tray_click(conn: &zbus::blocking::Connection, item: &(String, String), label: &str) {
    let (menu, entries) = tray_menu(conn, item);
    let id = entries.iter().find(|(l, _)| l == label).unwrap_or_else(|| panic!("no {label:?} in {entries:?}")).1;
    conn.call_method(
        Some(item.0.as_str()),
        menu.as_str(),
        Some("com.canonical.dbusmenu"),
        "Event",
        &(id, "clicked", zbus::zvariant::Value::from(0i32), 0u32),
    )
    .unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_second_launch_shows_the_first_window_on_the_morning_log() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("diary.db");
    let (_app, display, port) = launch(&db, "single-instance");
    within(async {
        let c = session(port).await;
        assert!(window::shown(&display), "the window is on screen");
        click(&c, "#nav button[data-page='history']").await;
        wait_page(&c, "history").await;
        assert_eq!(app_pids(&db).len(), 1);

        // The same program again, with the same environment (display, diary, session bus).
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_cramp-diary-app"));
        let log = std::fs::File::create(artifacts().join("second-launch.log")).unwrap();
        app_env(&mut cmd, &display, &db, true).stdout(Stdio::null()).stderr(log);
        let mut second = spawn("the second launch", &mut cmd);
        let start = Instant::now();
        let status = loop {
            if let Some(status) = second.child.try_wait().unwrap() {
                break status;
            }
            assert!(
                start.elapsed() < Duration::from_secs(60),
                "the second launch did not hand over and exit within 60 s"
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        };
        assert!(status.success(), "the second launch exits cleanly: {status}");
        eprintln!("the second launch handed over and exited in {:?}", start.elapsed());

        wait_page(&c, "morning").await;
        assert_eq!(text(&c, "#morning-title").await, night_words(last_night()));
        assert!(window::shown(&display));
        shot(&c, &display, "desktop-01-second-launch").await;
        // The first one still answers, and it is still the only one.
        click(&c, "#m-none").await;
        wait_text(&c, "#m-status", "Saved").await;
        assert_eq!(Store::open(&db).unwrap().night(last_night()).unwrap().unwrap().status, NightStatus::None);
        assert_eq!(app_pids(&db).len(), 1, "no second window was opened");

        // A launch on another diary file is not a second launch of this one: it opens.
        let other = dir.path().join("other").join("diary.db");
        std::fs::create_dir_all(other.parent().unwrap()).unwrap();
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_cramp-diary-app"));
        app_env(&mut cmd, &display, &db, true)
            .env("CRAMP_DIARY_DB", &other)
            .env(cramp_diary_app::shell::REMINDER_TRACE_ENV, reminder_trace(&other))
            .stdout(Stdio::null())
            .stderr(Stdio::null());
        let mut elsewhere = spawn("the app on another diary", &mut cmd);
        until("the app opened on the other diary", 15, || app_pids(&other).len() == 1).await;
        // Its reminder loop has looked: it got past the single-instance hand-over (which
        // happens before the app is set up) and is running on its own.
        until("the app on the other diary started its reminder loop", 30, || reminder_looks(&other) >= 1).await;
        assert!(elsewhere.child.try_wait().unwrap().is_none(), "it did not hand over to the first");
        assert_eq!(app_pids(&db).len(), 1);

        // With the reminder and starting at login off, the close button quits as before.
        window::close(&display);
        until("the app quit when its window was closed", 15, || app_pids(&db).is_empty()).await;
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_discreet_reminder_says_nothing_about_cramps_on_the_lock_screen() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("diary.db");
    let on = Settings {
        reminder_enabled: true,
        reminder_discreet: true,
        reminder_time: "00:00".parse().unwrap(),
        ..Settings::default()
    };
    // Last night is not logged, so the first look speaks.
    prepare(&db, on, false);
    let (_app, _display, port) = launch(&db, "discreet");
    let (server, seen) = notification_server(&db);
    within(async {
        let c = session(port).await;
        until("the reminder was shown", 40, || !seen.all().is_empty()).await;
        let n = seen.all().remove(0);
        for text in [&n.app_name, &n.summary, &n.body] {
            let t = text.to_lowercase();
            assert!(!t.contains("cramp") && !t.contains("night") && !t.contains("diary"), "{n:?}");
        }
        assert_eq!(n.body, "Your morning entry is waiting.");
        // Its buttons answer it as the plain one's do, in words that say nothing either.
        assert_eq!(n.actions, ["default", "Open", "no-cramps", "All fine", "i-had-cramps", "Add details"]);
        for label in n.actions.iter().skip(1).step_by(2) {
            let l = label.to_lowercase();
            assert!(!l.contains("cramp") && !l.contains("night") && !l.contains("diary"), "{label}");
        }
        c.close().await.unwrap();
    })
    .await;
    drop(server);
}

/// A stretching trial planned on 2026-11-01 (so its blocks start on the 15th), nothing
/// logged, and the reminder on (`discreet` or not) and due all day; then the app at 08:30 on
/// 2026-11-16, a block night with last night not logged. Returns the first notification and
/// tonight's words as the trial says them.
async fn reminder_during_a_trial(discreet: bool) -> (Notified, String) {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("diary.db");
    let planned: NaiveDate = "2026-11-01".parse().unwrap();
    let today: NaiveDate = "2026-11-16".parse().unwrap();
    let tonight = {
        let mut s = Store::open(&db).unwrap().with_today(planned);
        let on = Settings {
            reminder_enabled: true,
            reminder_discreet: discreet,
            reminder_time: "00:00".parse().unwrap(),
            ..Settings::default()
        };
        s.save_settings(&on).unwrap();
        let t =
            s.plan_trial(&cramp_diary::trial::PlanRequest::new(cramp_diary::trial::Remedy::Stretching, 21)).unwrap();
        assert!(t.design.block_on(today).is_some(), "the 16th is a block night");
        t.design.tonight(today).unwrap()
    };
    let tag = if discreet { "trial-discreet" } else { "trial-reminder" };
    let (_app, _display, port) = launch_at(&db, tag, "2026-11-16T08:30:00");
    let (server, seen) = notification_server(&db);
    let mut first = None;
    within(async {
        let c = session(port).await;
        until("the reminder was shown", 40, || !seen.all().is_empty()).await;
        first = Some(seen.all().remove(0));
        c.close().await.unwrap();
    })
    .await;
    drop(server);
    (first.unwrap(), tonight)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn during_a_trial_the_reminder_says_tonights_arm() {
    let (n, tonight) = reminder_during_a_trial(false).await;
    assert!(tonight.starts_with("Tonight: "), "{tonight}");
    assert_eq!(n.summary, "Good morning. How was last night?");
    assert!(n.body.starts_with("The night of Sunday 15 November is not in your diary yet."), "{n:?}");
    assert!(n.body.ends_with(&format!("\n{tonight} (your self-experiment).")), "{n:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn during_a_trial_a_discreet_reminder_still_says_nothing_of_cramps_or_the_remedy() {
    let (n, _) = reminder_during_a_trial(true).await;
    assert_eq!(
        (n.app_name.as_str(), n.summary.as_str(), n.body.as_str()),
        ("Reminder", "Good morning", "Your morning entry is waiting.")
    );
    for text in [&n.app_name, &n.summary, &n.body] {
        let t = text.to_lowercase();
        for word in ["cramp", "night", "stretch", "experiment", "diary"] {
            assert!(!t.contains(word), "{word} in {n:?}");
        }
    }
}

/// A stretching trial planned on 2026-11-01 (the 16th a block night), the app started on the
/// evening of the 16th with the morning reminder off; `prepare` may change the diary first.
/// Returns what the stand-in notification server saw after three looks, tonight's task and
/// the diary.
async fn evening_during_a_trial(discreet: bool, prepare: impl FnOnce(&mut Store)) -> (Vec<Notified>, String, Store) {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("diary.db");
    let planned: NaiveDate = "2026-11-01".parse().unwrap();
    let today: NaiveDate = "2026-11-16".parse().unwrap();
    let tonight = {
        let mut s = Store::open(&db).unwrap().with_today(planned);
        s.save_settings(&Settings { reminder_discreet: discreet, ..Settings::default() }).unwrap();
        let t =
            s.plan_trial(&cramp_diary::trial::PlanRequest::new(cramp_diary::trial::Remedy::Stretching, 21)).unwrap();
        assert!(t.design.block_on(today).is_some(), "the 16th is a block night");
        let mut s = s.with_today(today);
        prepare(&mut s);
        t.design.tonight(today).unwrap()
    };
    let tag = if discreet { "evening-discreet" } else { "evening" };
    let (_app, _display, port) = launch_at(&db, tag, "2026-11-16T21:30:00");
    let (server, seen) = notification_server(&db);
    within(async {
        let c = session(port).await;
        until("the reminder loop looked three times", 40, || reminder_looks(&db) >= 3).await;
        c.close().await.unwrap();
    })
    .await;
    drop(server);
    (seen.all(), tonight, Store::open(&db).unwrap())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn during_a_trial_the_evening_reminder_says_tonights_task_once() {
    let (seen, tonight, store) = evening_during_a_trial(false, |_| {}).await;
    assert_eq!(seen.len(), 1, "once an evening, though the loop looked three times: {seen:?}");
    let n = &seen[0];
    assert_eq!((n.app_name.as_str(), n.summary.as_str()), ("Cramp Diary", "Tonight's self-experiment"));
    assert_eq!(n.body, format!("{tonight}. Click here to note whether you did it; it takes one click."));
    assert_eq!(n.actions, ["default", "Note tonight"]);
    assert_eq!(store.evening_reminder_shown_on().unwrap(), Some("2026-11-16".parse().unwrap()));
    assert_eq!(store.reminder_shown_on().unwrap(), None, "the morning reminder is off");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_evening_reminder_is_discreet_when_asked_and_quiet_once_tonight_is_noted() {
    let (seen, _, _) = evening_during_a_trial(true, |_| {}).await;
    assert_eq!(seen.len(), 1, "{seen:?}");
    let n = &seen[0];
    assert_eq!(
        (n.app_name.as_str(), n.summary.as_str(), n.body.as_str()),
        ("Reminder", "Good evening", "Your evening entry is waiting.")
    );
    for text in [&n.app_name, &n.summary, &n.body] {
        let t = text.to_lowercase();
        for word in ["cramp", "stretch", "experiment", "diary", "tonight"] {
            assert!(!t.contains(word), "{word} in {n:?}");
        }
    }
    let (seen, _, store) = evening_during_a_trial(false, |s| {
        s.record_adherence("2026-11-16".parse().unwrap(), true).unwrap();
    })
    .await;
    assert!(seen.is_empty(), "tonight is already noted: {seen:?}");
    assert_eq!(store.evening_reminder_shown_on().unwrap(), None);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_morning_reminder_speaks_once_and_a_click_opens_the_morning_log() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("diary.db");
    let today = today();
    // Due all day (from 00:00), but last night is logged: nothing to remind about yet.
    let on = Settings { reminder_enabled: true, reminder_time: "00:00".parse().unwrap(), ..Settings::default() };
    prepare(&db, on, true);
    let (_app, display, port) = launch(&db, "reminder");
    let (server, seen) = notification_server(&db);
    within(async {
        let c = session(port).await;
        // The reminder loop looks at once when the app starts, and then every 30 s (every
        // second here): wait for a look, then see that it said nothing.
        until("the reminder loop looked", 30, || reminder_looks(&db) >= 1).await;
        assert!(seen.all().is_empty(), "no reminder while last night is logged: {:?}", seen.all());

        // Un-log last night: the next look finds it missing and speaks.
        let js = format!("return window.__TAURI__.core.invoke('delete_night', {{ date: '{}' }}).then(() => 'ok');", last_night());
        assert_eq!(c.execute(&js, vec![]).await.unwrap(), "ok");
        until("the reminder was shown", 40, || !seen.all().is_empty()).await;
        let n = seen.all().remove(0);
        assert_eq!(n.app_name, "Cramp Diary");
        assert_eq!(n.summary, "Good morning. How was last night?");
        let evening = last_night().format("%A %-d %B").to_string();
        assert_eq!(
            n.body,
            format!("The night of {evening} is not in your diary yet. Click here to add it. If you had no cramps, it takes one click.")
        );
        assert_eq!(
            n.actions,
            ["default", "Log last night", "no-cramps", "No cramps", "i-had-cramps", "I had cramps"],
            "clicking the message itself opens the log; a server that shows buttons gets the two answers"
        );
        assert_eq!(Store::open(&db).unwrap().reminder_shown_on().unwrap(), Some(today), "recorded for today");

        // The window is closed (to the tray, since the reminder is on) and on another page.
        click(&c, "#nav button[data-page='history']").await;
        wait_page(&c, "history").await;
        window::close(&display);
        until("the close button hid the window", 30, || !window::shown(&display)).await;
        assert_eq!(app_pids(&db).len(), 1, "the app keeps running in the tray");

        // A click on the reminder brings the window back on the morning log.
        click_notification(&server, 1);
        until("the click showed the window", 15, || window::shown(&display)).await;
        wait_page(&c, "morning").await;
        assert_eq!(text(&c, "#morning-title").await, night_words(last_night()));
        wait_text(&c, "#m-logged", "Not logged yet").await;
        shot(&c, &display, "desktop-02-reminder-click").await;

        // Only once a day: not again in this run (two further looks have passed) ...
        let looked = reminder_looks(&db);
        until("the reminder loop looked twice more", 30, || reminder_looks(&db) >= looked + 2).await;
        assert_eq!(seen.all().len(), 1, "one reminder a day: {:?}", seen.all());
        c.close().await.unwrap();
        until("the app stopped with its session", 15, || app_pids(&db).is_empty()).await;
        // ... nor after a restart, though last night is still not logged.
        let looked = reminder_looks(&db);
        let c = session(port).await;
        until("the restarted app's reminder loop looked", 30, || reminder_looks(&db) > looked).await;
        assert_eq!(seen.all().len(), 1, "not again after a restart: {:?}", seen.all());
        c.close().await.unwrap();
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_tray_menu_opens_the_morning_log_and_quits() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("diary.db");
    prepare(&db, Settings { start_at_login: true, ..Settings::default() }, false);
    let (_app, display, port) = launch(&db, "tray");
    let (conn, host) = tray_host(&db);
    within(async {
        // As the login entry starts it: in the tray, the window hidden.
        let c = session_with_args(port, &["--hidden"]).await;
        until("the tray icon registered with the panel", 15, || !host.0.lock().unwrap().is_empty()).await;
        assert!(!window::shown(&display), "started hidden");
        assert_eq!(app_pids(&db).len(), 1);
        let item = host.0.lock().unwrap()[0].clone();
        let labels: Vec<String> = tray_menu(&conn, &item).1.into_iter().map(|(l, _)| l).collect();
        assert_eq!(labels, ["Log last night", "Open Cramp Diary", "Quit"]);
        tray_click(&conn, &item, "Open Cramp Diary");
        until("Open showed the window", 15, || window::shown(&display)).await;

        // Starting at login is on: the close button hides the window in the tray.
        click(&c, "#nav button[data-page='history']").await;
        wait_page(&c, "history").await;
        window::close(&display);
        until("the close button hid the window", 30, || !window::shown(&display)).await;
        assert_eq!(app_pids(&db).len(), 1, "the app keeps running in the tray");
        tray_click(&conn, &item, "Open Cramp Diary");
        until("Open showed the window again", 15, || window::shown(&display)).await;
        assert_eq!(pages_shown(&c).await, "page-history", "Open shows the window as it was");

        window::close(&display);
        until("hidden again", 30, || !window::shown(&display)).await;
        tray_click(&conn, &item, "Log last night");
        until("Log last night showed the window", 15, || window::shown(&display)).await;
        wait_page(&c, "morning").await;
        shot(&c, &display, "desktop-03-tray-log").await;

        window::close(&display);
        until("hidden again", 30, || !window::shown(&display)).await;
        tray_click(&conn, &item, "Quit");
        until("Quit ended the app, window hidden or not", 15, || app_pids(&db).is_empty()).await;
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn without_a_session_bus_the_app_still_starts_and_works() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("diary.db");
    // The reminder is due at once: showing it must fail quietly, not take the app down.
    prepare(
        &db,
        Settings { reminder_enabled: true, reminder_time: "00:00".parse().unwrap(), ..Settings::default() },
        false,
    );
    let (_app, display, port) = launch_env(&db, "no-bus", false, &[]);
    within(async {
        let c = session(port).await;
        assert!(window::shown(&display));
        click(&c, "#m-none").await;
        wait_text(&c, "#m-status", "Saved").await;
        click(&c, "#nav button[data-page='history']").await;
        wait_text(&c, &format!("#history-list li[data-date='{}']", last_night()), "No cramps").await;
        assert_eq!(app_pids(&db).len(), 1, "still running");
        assert_eq!(Store::open(&db).unwrap().reminder_shown_on().unwrap(), None, "no reminder could be shown");
        c.close().await.unwrap();
    })
    .await;
    // The app's own output (in the driver's log): the reminder was tried and failed quietly.
    let log = std::fs::read_to_string(artifacts().join("tauri-driver-no-bus.log")).unwrap();
    assert!(log.contains("cramp-diary: the reminder could not be shown"), "{log}");

    // A bus address nothing can use (WSL sets "disabled:"): the window still comes up.
    within(until("the first app stopped with its session", 15, || !window::shown(&display))).await;
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_cramp-diary-app"));
    app_env(&mut cmd, &display, &db, false).env("DBUS_SESSION_BUS_ADDRESS", "disabled:").stderr(Stdio::null());
    let mut app = spawn("the app with an unusable bus address", &mut cmd);
    within(until("the window came up", 30, || window::shown(&display))).await;
    assert!(app.child.try_wait().unwrap().is_none(), "still running");
}

// ----- answering the morning reminder from its buttons ------------------------------------

/// The moment these tests run at, and the night the reminder asks about.
const ANSWER_NOW: &str = "2026-11-23T08:30:00";

fn asked_night() -> NaiveDate {
    "2026-11-22".parse().unwrap()
}

/// A diary whose morning reminder is due all day, with the night of 2026-11-22 not logged.
fn answer_diary(dir: &Path) -> PathBuf {
    let db = dir.join("diary.db");
    let on = Settings { reminder_enabled: true, reminder_time: "00:00".parse().unwrap(), ..Settings::default() };
    Store::open(&db).unwrap().save_settings(&on).unwrap();
    db
}

/// The diary as the app left it, seen as of [`ANSWER_NOW`].
fn diary(db: &Path) -> Store {
    Store::open(db).unwrap().with_today("2026-11-23".parse().unwrap())
}

/// Whether the element `css` is on the page and not hidden.
async fn visible(c: &Client, css: &str) -> bool {
    let js = format!("const e = document.querySelector({css:?}); return !!e && !e.closest('[hidden]');");
    c.execute(&js, vec![]).await.unwrap() == serde_json::json!(true)
}

/// Waits until the element `css` is hidden (or gone), failing with `what`.
async fn wait_hidden(c: &Client, css: &str, what: &str) {
    let start = Instant::now();
    while visible(c, css).await {
        assert!(start.elapsed() < Duration::from_secs(15), "{what} (waited 15 s)");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// Waits until the element `css` is shown.
async fn wait_visible(c: &Client, css: &str) {
    let start = Instant::now();
    while !visible(c, css).await {
        assert!(start.elapsed() < Duration::from_secs(15), "{css} never came up");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// Waits until the page has asked Rust what the reminder saved (so "not shown" means none).
async fn wait_checked(c: &Client) {
    c.wait()
        .at_most(Duration::from_secs(15))
        .for_element(fantoccini::Locator::Css("#reminder-answers[data-checked]"))
        .await
        .expect("the page asked for the reminder's answers");
}

/// The app again, as from the applications menu: it hands over to the running one and exits.
async fn launch_again(display: &str, db: &Path) {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_cramp-diary-app"));
    app_env(&mut cmd, display, db, true)
        .env(cramp_diary::clock::NOW_ENV, ANSWER_NOW)
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    let mut second = spawn("the second launch", &mut cmd);
    let start = Instant::now();
    while second.child.try_wait().unwrap().is_none() {
        assert!(start.elapsed() < Duration::from_secs(60), "the second launch did not hand over within 60 s");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// The answer diary's app, started in the tray at [`ANSWER_NOW`], with a notification server
/// set up as `seen` is (fields drop in order: the server, then the app, then the folder).
struct Answering {
    server: zbus::blocking::Connection,
    seen: Notifications,
    _app: Launched,
    display: String,
    port: u16,
    db: PathBuf,
    _dir: tempfile::TempDir,
}

fn answering(tag: &str, seen: Notifications) -> Answering {
    let dir = tempfile::tempdir().unwrap();
    let db = answer_diary(dir.path());
    let (app, display, port) = launch_at(&db, tag, ANSWER_NOW);
    let (server, seen) = notification_server_with(&db, seen);
    Answering { server, seen, _app: app, display, port, db, _dir: dir }
}

impl Answering {
    /// A session with the app in the tray, once its morning reminder has been shown.
    async fn reminded(&self) -> Client {
        let c = session_with_args(self.port, &["--hidden"]).await;
        until("the reminder was shown", 40, || !self.seen.all().is_empty()).await;
        c
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_server_without_buttons_gets_none_and_a_click_still_opens_the_morning_log() {
    let a = answering("answer-no-buttons", Notifications { no_buttons: true, ..Default::default() });
    let (db, display, server, seen) = (&a.db, &a.display, &a.server, &a.seen);
    within(async {
        let c = a.reminded().await;
        assert_eq!(seen.all()[0].actions, ["default", "Log last night"], "only the click, no buttons it cannot show");
        assert!(!window::shown(display), "started in the tray");
        press_until(server, 1, "default", "the click showed the window", || window::shown(display)).await;
        wait_page(&c, "morning").await;
        wait_text(&c, "#m-logged", "Not logged yet").await;
        assert_eq!(diary(db).night(asked_night()).unwrap(), None);
        c.close().await.unwrap();
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_cramps_on_the_reminder_logs_the_night_unseen_and_the_app_then_offers_undo() {
    let a = answering("answer-no-cramps", Notifications::default());
    let (db, display, server, seen) = (&a.db, &a.display, &a.server, &a.seen);
    let night = asked_night();
    let said = "The night of Sunday 22 November was saved as a night without cramps, from the reminder.";
    within(async {
        let c = a.reminded().await;
        assert!(seen.all()[0].actions.contains(&"no-cramps".to_string()), "{:?}", seen.all());
        press_until(server, 1, "no-cramps", "No cramps logged the night", || {
            diary(db).night(night).unwrap().is_some()
        })
        .await;
        let stored = diary(db).night(night).unwrap().unwrap();
        assert_eq!((stored.status, stored.episodes.len(), stored.notes.as_str()), (NightStatus::None, 0, ""));
        assert_eq!(
            diary(db).reminder_answers().unwrap(),
            std::slice::from_ref(&stored),
            "remembered for the app to say so"
        );
        // The window stays in the tray: still hidden after two more looks of the reminder loop.
        let looked = reminder_looks(db);
        until("the reminder loop looked twice more", 30, || reminder_looks(db) >= looked + 2).await;
        assert!(!window::shown(display), "answering the reminder did not open the window");
        assert_eq!(seen.all().len(), 1, "and the reminder does not ask again");

        // Opening the app (here: launching it again) shows the morning log with what the reminder did.
        launch_again(display, db).await;
        until("the window came up", 15, || window::shown(display)).await;
        wait_page(&c, "morning").await;
        wait_text(&c, "#reminder-answers", said).await;
        wait_text(&c, "#m-logged", "No cramps").await;
        let undo = "#reminder-answers button[data-answer='undo']";
        assert_eq!(text(&c, undo).await, "Undo");
        let label = c.find(fantoccini::Locator::Css(undo)).await.unwrap().attr("aria-label").await.unwrap();
        assert_eq!(label.as_deref(), Some("Undo: remove the night of Sunday 22 November from your diary"));
        for button in ["undo", "keep"] {
            let js = format!(
                "const r = document.querySelector(\"#reminder-answers button[data-answer='{button}']\").getBoundingClientRect(); \
                 return [r.width, r.height];"
            );
            let size: Vec<f64> = serde_json::from_value(c.execute(&js, vec![]).await.unwrap()).unwrap();
            assert!(size.iter().all(|d| *d >= 44.0), "the {button} button is at least 44 px each way: {size:?}");
        }
        shot(&c, display, "desktop-04-reminder-answered").await;
        assert_axe_clean(&c, "the morning log saying what the reminder saved, with Undo").await;
        c.close().await.unwrap();
        until("the app stopped with its session", 15, || app_pids(db).is_empty()).await;

        // Not yet confirmed, so after a restart it is still said, and Undo (by keyboard) works.
        let c = session(a.port).await;
        wait_text(&c, "#reminder-answers", said).await;
        let undo_button = c.find(fantoccini::Locator::Css(undo)).await.unwrap();
        c.execute("arguments[0].focus();", vec![serde_json::to_value(&undo_button).unwrap()]).await.unwrap();
        let focused = c.execute("return document.activeElement.getAttribute('data-answer');", vec![]).await.unwrap();
        assert_eq!(focused, "undo", "Undo takes the keyboard focus");
        use fantoccini::actions::{InputSource, KeyAction, KeyActions};
        let enter: char = fantoccini::key::Key::Enter.into();
        let keys = KeyActions::new("keyboard".into())
            .then(KeyAction::Down { value: enter })
            .then(KeyAction::Up { value: enter });
        c.perform_actions(keys).await.unwrap();
        wait_text(&c, "#morning-notice", "Removed the night of Sunday 22 November from your diary").await;
        wait_text(&c, "#m-logged", "Not logged yet").await;
        until("Undo removed the night", 15, || diary(db).night(night).unwrap().is_none()).await;
        wait_hidden(&c, "#reminder-answers", "the message went with it").await;
        assert!(diary(db).reminder_answers().unwrap().is_empty());
        shot(&c, display, "desktop-05-reminder-undone").await;
        c.close().await.unwrap();
        until("the app stopped with its session", 15, || app_pids(db).is_empty()).await;

        // Undone is done: the message does not come back.
        let c = session(a.port).await;
        wait_text(&c, "#m-logged", "Not logged yet").await;
        wait_checked(&c).await;
        assert!(!visible(&c, "#reminder-answers").await);
        c.close().await.unwrap();
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn i_had_cramps_on_the_reminder_opens_the_cramp_form() {
    let a = answering("answer-cramps", Notifications::default());
    let (db, display, server) = (&a.db, &a.display, &a.server);
    within(async {
        let c = a.reminded().await;
        press_until(server, 1, "i-had-cramps", "I had cramps showed the window", || window::shown(display)).await;
        wait_page(&c, "morning").await;
        wait_visible(&c, "#m-ep-form").await;
        let js = "return document.activeElement && document.activeElement.id;";
        let focused = c.execute(js, vec![]).await.unwrap();
        assert_eq!(focused, "m-ep-time", "the form's first field has the focus");
        assert_eq!(diary(db).night(asked_night()).unwrap(), None, "nothing is logged until the form is saved");
        shot(&c, display, "desktop-06-reminder-cramps").await;
        click(&c, "#m-ep-save").await;
        wait_text(&c, "#m-status", "Saved: a cramp at 03:00").await;
        assert_eq!(diary(db).night(asked_night()).unwrap().unwrap().episodes.len(), 1);
        c.close().await.unwrap();
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_cramps_on_the_reminder_never_overwrites_a_night_logged_with_cramps() {
    let a = answering("answer-refused", Notifications::default());
    let (db, display, server) = (&a.db, &a.display, &a.server);
    within(async {
        let c = a.reminded().await;
        // Meanwhile the night is logged with a cramp elsewhere (the command line, say).
        let mut cramps = Night::new(asked_night(), NightStatus::Cramps);
        cramps.notes = "woke at three".into();
        cramps.episodes.push(cramp_diary::Episode { intensity: Some(6), ..Default::default() });
        diary(db).save_night(&cramps).unwrap();
        let before = diary(db).night(asked_night()).unwrap();
        press_until(server, 1, "no-cramps", "the refusal showed the window", || window::shown(display)).await;
        wait_page(&c, "morning").await;
        wait_text(
            &c,
            "#morning-notice",
            "The night of Sunday 22 November is already in your diary with cramps, so “No cramps” from the reminder did not change it.",
        )
        .await;
        wait_text(&c, "#m-logged", "1 cramp").await;
        assert_eq!(diary(db).night(asked_night()).unwrap(), before, "not overwritten");
        assert!(diary(db).reminder_answers().unwrap().is_empty());
        wait_checked(&c).await;
        assert!(!visible(&c, "#reminder-answers").await, "nothing to undo");
        c.close().await.unwrap();
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn confirming_what_the_reminder_saved_keeps_the_night_and_the_message_does_not_come_back() {
    let dir = tempfile::tempdir().unwrap();
    let db = answer_diary(dir.path());
    // As the reminder's "No cramps" left it while the app was in the tray.
    diary(&db).answer_no_cramps(asked_night()).unwrap();
    let (_app, _display, port) = launch_at(&db, "answer-confirmed", ANSWER_NOW);
    within(async {
        let c = session(port).await;
        wait_text(&c, "#reminder-answers", "The night of Sunday 22 November was saved as a night without cramps").await;
        click(&c, "#reminder-answers button[data-answer='keep']").await;
        until("the confirmation was recorded", 15, || diary(&db).reminder_answers().unwrap().is_empty()).await;
        wait_hidden(&c, "#reminder-answers", "the message is gone").await;
        let focused = c.execute("return document.activeElement.id;", vec![]).await.unwrap();
        assert_eq!(focused, "main", "the focus goes on to the page, not lost");
        assert_eq!(diary(&db).night(asked_night()).unwrap().unwrap().status, NightStatus::None, "the night is kept");
        c.close().await.unwrap();
        until("the app stopped with its session", 15, || app_pids(&db).is_empty()).await;
        let c = session(port).await;
        wait_text(&c, "#m-logged", "No cramps").await;
        wait_checked(&c).await;
        assert!(!visible(&c, "#reminder-answers").await, "confirmed is confirmed, after a restart too");
        c.close().await.unwrap();
    })
    .await;
}
