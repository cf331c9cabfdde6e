//! Shared look of all charts: fonts, text sizes, the colour-blind-safe palette.

use plotters::style::RGBColor;

/// DejaVu Sans (bundled; see `assets/fonts/DejaVu-LICENSE.txt`), used to measure text.
pub const FONT_REGULAR: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans.ttf");
/// DejaVu Sans Bold, for titles.
pub const FONT_BOLD: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans-Bold.ttf");
/// The font stack written into the SVG; the measured font comes first.
pub const FONT_FAMILY_CSS: &str = "'DejaVu Sans', Verdana, Arial, sans-serif";
/// Family name handed to plotters (only used to pick the measured font).
pub const FAMILY: &str = "sans-serif";

/// Chart title size, px.
pub const TITLE_PX: f64 = 22.0;
/// Axis tick labels, legend and notes, px (never below 14 at the default size).
pub const LABEL_PX: f64 = 16.0;
/// Axis descriptions, px.
pub const AXIS_PX: f64 = 16.0;

/// Okabe–Ito palette.
pub const ORANGE: RGBColor = RGBColor(0xE6, 0x9F, 0x00);
/// Okabe–Ito sky blue.
pub const SKY_BLUE: RGBColor = RGBColor(0x56, 0xB4, 0xE9);
/// Okabe–Ito bluish green.
pub const GREEN: RGBColor = RGBColor(0x00, 0x9E, 0x73);
/// Okabe–Ito yellow.
pub const YELLOW: RGBColor = RGBColor(0xF0, 0xE4, 0x42);
/// Okabe–Ito blue.
pub const BLUE: RGBColor = RGBColor(0x00, 0x72, 0xB2);
/// Okabe–Ito vermilion.
pub const VERMILION: RGBColor = RGBColor(0xD5, 0x5E, 0x00);
/// Okabe–Ito reddish purple.
pub const PURPLE: RGBColor = RGBColor(0xCC, 0x79, 0xA7);
/// Text and axes.
pub const INK: RGBColor = RGBColor(0x22, 0x22, 0x22);
/// Secondary text.
pub const MUTED: RGBColor = RGBColor(0x55, 0x55, 0x55);
/// Grid lines.
pub const GRID: RGBColor = RGBColor(0xDD, 0xDD, 0xDD);
/// A logged night whose status is unknown.
pub const UNKNOWN: RGBColor = RGBColor(0x99, 0x99, 0x99);
/// Background of a "not logged" mark under its hatch.
pub const UNLOGGED: RGBColor = RGBColor(0xEE, 0xEE, 0xEE);
/// A cramp-free night (light sky blue, so cramps stand out).
pub const FREE: RGBColor = RGBColor(0x9E, 0xD3, 0xF2);

/// Cramp nights by intensity: 0–3, 4–6, 7–10 (one hue, rising darkness), then not rated.
pub const CRAMP_SHADES: [RGBColor; 4] =
    [RGBColor(0xFD, 0xB8, 0x63), RGBColor(0xE6, 0x61, 0x01), RGBColor(0x7F, 0x27, 0x04), PURPLE];

/// Shade index for a night's worst intensity (`None` = not rated).
pub fn intensity_shade(i: Option<u8>) -> usize {
    match i {
        Some(0..=3) => 0,
        Some(4..=6) => 1,
        Some(_) => 2,
        None => 3,
    }
}

/// Colour and readable name of a documented-cause class id (causes.md).
pub fn class_style(class: &str) -> (RGBColor, &'static str) {
    match class {
        "loop_diuretic" => (BLUE, "loop diuretic"),
        "thiazide_diuretic" => (SKY_BLUE, "thiazide diuretic"),
        "potassium_sparing_diuretic" => (GREEN, "potassium-sparing diuretic"),
        "statin" => (ORANGE, "statin"),
        "laba" => (PURPLE, "long-acting beta-2 agonist"),
        "bisphosphonate" => (VERMILION, "bisphosphonate"),
        "osteoporosis_other" => (YELLOW, "other osteoporosis drug"),
        "corticosteroid" => (RGBColor(0x00, 0x00, 0x00), "corticosteroid"),
        "chemotherapy" => (RGBColor(0x88, 0x22, 0x55), "chemotherapy"),
        "other_drug" => (RGBColor(0x44, 0xAA, 0x99), "other documented drug"),
        "" => (RGBColor(0xB0, 0xB0, 0xB0), "no documented link"),
        _ => (RGBColor(0x66, 0x66, 0x66), "other class"),
    }
}
