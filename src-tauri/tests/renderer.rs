//! The window draws whichever way WebKit is told to render: with the app's own choice (no
//! WebKit variables set by anyone), and with the DMA-BUF workaround that NVIDIA machines get.
//! The web process must have inherited the choice, and the screen must show the morning
//! page, not a blank window.

mod support;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use cramp_diary_app::renderer::{COMPOSITING, DMABUF};
use fantoccini::{ClientBuilder, Locator};
use support::*;

/// The environment of every WebKitWebProcess started for the app on diary `db`.
fn web_process_envs(db: &Path) -> Vec<Vec<String>> {
    let diary = format!("CRAMP_DIARY_DB={}", db.display());
    std::fs::read_dir("/proc")
        .unwrap()
        .filter_map(|e| e.ok()?.file_name().to_str()?.parse::<u32>().ok())
        .filter(|pid| std::fs::read_link(format!("/proc/{pid}/exe")).is_ok_and(|p| p.ends_with("WebKitWebProcess")))
        .filter_map(|pid| std::fs::read(format!("/proc/{pid}/environ")).ok())
        .map(|env| env.split(|b| *b == 0).map(|v| String::from_utf8_lossy(v).into_owned()).collect::<Vec<_>>())
        .filter(|env| env.contains(&diary))
        .collect()
}

/// How much the pixels vary inside the window (placed at the screen's top left): a blank
/// window is one flat colour (0).
fn spread(png: &Path) -> f64 {
    let out = Command::new("convert")
        .arg(png)
        .args(["-crop", "900x600+100+100", "+repage", "-format", "%[fx:standard_deviation]", "info:"])
        .output()
        .unwrap();
    String::from_utf8_lossy(&out.stdout).trim().parse().unwrap_or_else(|_| panic!("identify read {}", png.display()))
}

async fn starts_and_draws(tag: &'static str, dmabuf: Option<&str>) -> Vec<String> {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("diary.db");
    let (_xvfb, display) = start_xvfb();
    let mut cmd = driver_command(&display, &db, true);
    cmd.env_remove(COMPOSITING).env_remove(DMABUF);
    if let Some(v) = dmabuf {
        cmd.env(DMABUF, v);
    }
    let (driver, port) = run_driver(cmd, &db, tag, true);
    let mut env = Vec::new();
    within(async {
        let app = PathBuf::from(env!("CARGO_BIN_EXE_cramp-diary-app"));
        let c = ClientBuilder::native()
            .capabilities(capabilities_for(&app))
            .connect(&format!("http://127.0.0.1:{port}"))
            .await
            .expect("a WebDriver session");
        c.wait().at_most(Duration::from_secs(30)).for_element(Locator::Css("#morning-title")).await.unwrap();
        wait_text(&c, "#m-logged", "Not logged yet").await;
        shot(&c, &display, tag).await;
        let envs = web_process_envs(&db);
        assert_eq!(envs.len(), 1, "one web process for the app's one window");
        env = envs.into_iter().next().unwrap();
        c.close().await.unwrap();
    })
    .await;
    drop(driver);
    let spread = spread(&artifacts().join(format!("{tag}.png")));
    assert!(spread > 0.05, "{tag}: the screen shows the page, not a blank window (spread {spread})");
    env
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn left_to_itself_the_app_turns_compositing_off_and_draws() {
    let env = starts_and_draws("renderer-own-choice", None).await;
    assert!(env.contains(&format!("{COMPOSITING}=1")), "the web process runs without compositing: {env:?}");
    let nvidia = Path::new("/sys/module/nvidia").exists();
    assert_eq!(env.contains(&format!("{DMABUF}=1")), nvidia, "the DMA-BUF workaround only with NVIDIA's driver");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn with_the_dmabuf_workaround_the_window_still_draws() {
    let env = starts_and_draws("renderer-dmabuf-off", Some("1")).await;
    assert!(env.contains(&format!("{DMABUF}=1")) && env.contains(&format!("{COMPOSITING}=1")), "{env:?}");
}
