//! The app on the desktop, end to end in the real app under Xvfb, each test with its own
//! session bus: a second launch shows the first window on the morning log; and the app with
//! no session bus.

mod support;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use cramp_diary::{NightStatus, Store};
use fantoccini::Client;
use support::*;

fn last_night() -> NaiveDate {
    cramp_diary::store::local_today().pred_opt().unwrap()
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

    /// Calls `f` with every top-level X window titled "Cramp Diary".
    fn each(display: &str, mut f: impl FnMut(&Xlib, *mut xlib::Display, xlib::Window)) {
        let x = Xlib::open().expect("libX11 loads");
        let name = CString::new(display).unwrap();
        // SAFETY: plain Xlib calls on a connection opened and closed here; every out-pointer is
        // a local, and what Xlib allocates is freed with XFree.
        unsafe {
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

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_second_launch_shows_the_first_window_on_the_morning_log() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("diary.db");
    let (_xvfb, display) = start_xvfb();
    let (_driver, port) = start_driver(&display, &db, "single-instance");
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
                start.elapsed() < Duration::from_secs(10),
                "the second launch did not hand over and exit within 10 s"
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
            .stdout(Stdio::null())
            .stderr(Stdio::null());
        let mut elsewhere = spawn("the app on another diary", &mut cmd);
        until("the app opened on the other diary", 15, || app_pids(&other).len() == 1).await;
        tokio::time::sleep(Duration::from_secs(2)).await;
        assert!(elsewhere.child.try_wait().unwrap().is_none(), "it did not hand over to the first");
        assert_eq!(app_pids(&db).len(), 1);

        // The close button still quits.
        window::close(&display);
        until("the app quit when its window was closed", 15, || app_pids(&db).is_empty()).await;
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn without_a_session_bus_the_app_still_starts_and_works() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("diary.db");
    let (_xvfb, display) = start_xvfb();
    let (_driver, port) = start_driver_with_bus(&display, &db, "no-bus", false);
    within(async {
        let c = session(port).await;
        assert!(window::shown(&display));
        click(&c, "#m-none").await;
        wait_text(&c, "#m-status", "Saved").await;
        click(&c, "#nav button[data-page='history']").await;
        wait_text(&c, &format!("#history-list li[data-date='{}']", last_night()), "No cramps").await;
        assert_eq!(app_pids(&db).len(), 1, "still running");
        c.close().await.unwrap();
    })
    .await;

    // A bus address nothing can use (WSL sets "disabled:"): the window still comes up.
    within(until("the first app stopped with its session", 15, || !window::shown(&display))).await;
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_cramp-diary-app"));
    app_env(&mut cmd, &display, &db, false).env("DBUS_SESSION_BUS_ADDRESS", "disabled:").stderr(Stdio::null());
    let mut app = spawn("the app with an unusable bus address", &mut cmd);
    within(until("the window came up", 30, || window::shown(&display))).await;
    assert!(app.child.try_wait().unwrap().is_none(), "still running");
}
