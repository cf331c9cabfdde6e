//! How WebKitGTK draws the window, chosen before GTK starts (see BENCHMARKS.md, "Compositing
//! and DMA-BUF").
//!
//! - Compositing is off unless the person asks for it: on the machines measured it cost
//!   130 MB more memory for the same pages and gave no faster start, and the app's pages
//!   (forms and still charts) gain nothing from it.
//! - WebKit's DMA-BUF renderer shows a blank window with NVIDIA's driver; it is turned off
//!   only where that driver is loaded.
//!
//! A variable the person has set themselves always wins, including `…=0`.

use std::path::Path;

/// WebKitGTK's switch for accelerated compositing ("1" turns it off, "0" leaves it on).
pub const COMPOSITING: &str = "WEBKIT_DISABLE_COMPOSITING_MODE";
/// WebKitGTK's switch for the DMA-BUF renderer ("1" turns it off).
pub const DMABUF: &str = "WEBKIT_DISABLE_DMABUF_RENDERER";

/// What the choice depends on, read from the machine by [`Facts::read`].
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Facts {
    /// The person set [`COMPOSITING`] themselves.
    pub compositing_set: bool,
    /// The person set [`DMABUF`] themselves.
    pub dmabuf_set: bool,
    /// NVIDIA's proprietary kernel driver is loaded.
    pub nvidia: bool,
}

impl Facts {
    /// Reads the environment and whether NVIDIA's driver is loaded (`/sys/module/nvidia`).
    pub fn read() -> Facts {
        Facts {
            compositing_set: std::env::var_os(COMPOSITING).is_some(),
            dmabuf_set: std::env::var_os(DMABUF).is_some(),
            nvidia: Path::new("/sys/module/nvidia").exists() || Path::new("/proc/driver/nvidia/version").exists(),
        }
    }
}

/// The variables to set for these facts.
pub fn settings(f: Facts) -> Vec<(&'static str, &'static str)> {
    let mut out = Vec::new();
    if !f.compositing_set {
        out.push((COMPOSITING, "1"));
    }
    if f.nvidia && !f.dmabuf_set {
        out.push((DMABUF, "1"));
    }
    out
}

/// Sets the variables for this machine. Call first thing in `main`, while the process has
/// one thread: WebKit's processes read them as they start and inherit them.
pub fn apply() {
    for (k, v) in settings(Facts::read()) {
        // SAFETY: called at the top of `main`, before any other thread exists.
        unsafe { std::env::set_var(k, v) };
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compositing_is_off_unless_the_person_chose() {
        assert_eq!(settings(Facts::default()), [(COMPOSITING, "1")]);
        assert!(settings(Facts { compositing_set: true, ..Facts::default() }).is_empty());
    }

    #[test]
    fn the_dmabuf_renderer_is_turned_off_only_with_nvidias_driver() {
        let nvidia = Facts { nvidia: true, compositing_set: true, ..Facts::default() };
        assert_eq!(settings(nvidia), [(DMABUF, "1")]);
        assert!(settings(Facts { dmabuf_set: true, ..nvidia }).is_empty(), "the person's own choice wins");
        assert!(!settings(Facts::default()).iter().any(|(k, _)| *k == DMABUF));
    }
}
