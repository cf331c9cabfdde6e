//! A small SVG drawing backend for plotters that can tag marks.
//!
//! plotters lays out the chart (axes, ticks, labels); this backend writes the SVG. Before a
//! data mark is drawn the chart code sets a [`Tag`]; the next shape is then written with a
//! `class` (so tests and stylesheets can find it) and a `<title>` child (shown on hover and
//! read by screen readers). Text is measured with the bundled DejaVu Sans, so layout does
//! not depend on fonts installed on the machine.

use std::cell::RefCell;
use std::fmt::Write as _;
use std::rc::Rc;
use std::sync::OnceLock;

use ab_glyph::{Font, FontRef};
use plotters::style::text_anchor::{HPos, VPos};
use plotters::style::{FontStyle, FontTransform};
use plotters_backend::{BackendColor, BackendCoord, BackendStyle, BackendTextStyle, DrawingBackend, DrawingErrorKind};

use super::style::{FONT_BOLD, FONT_FAMILY_CSS, FONT_REGULAR};

/// Error type of the backend (writing to a String cannot fail).
#[derive(Debug)]
pub struct NoError;

impl std::fmt::Display for NoError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("svg backend error")
    }
}
impl std::error::Error for NoError {}

/// How the next shape is to be written.
#[derive(Debug, Clone, Default)]
pub struct Tag {
    /// CSS class of the mark.
    pub class: &'static str,
    /// Tooltip / accessible name; empty for none.
    pub title: String,
    /// Replaces the fill (e.g. `url(#…)` for a pattern).
    pub fill: Option<String>,
    /// Extra raw attributes, e.g. `stroke-dasharray="6 4"`.
    pub extra: &'static str,
}

#[derive(Default)]
struct Inner {
    body: String,
    tag: Option<Tag>,
}

/// The caller's handle on the SVG being drawn.
#[derive(Clone)]
pub struct Canvas {
    inner: Rc<RefCell<Inner>>,
    size: (u32, u32),
    /// Prefix of ids in this document (patterns), unique per chart kind.
    pub id: &'static str,
}

/// The plotters backend writing into a [`Canvas`].
pub struct SvgBackend {
    inner: Rc<RefCell<Inner>>,
    size: (u32, u32),
}

impl Canvas {
    /// A blank canvas and the backend that draws on it.
    pub fn new(size: (u32, u32), id: &'static str) -> (Canvas, SvgBackend) {
        let inner = Rc::new(RefCell::new(Inner { body: String::with_capacity(64 * 1024), tag: None }));
        (Canvas { inner: inner.clone(), size, id }, SvgBackend { inner, size })
    }

    /// Tags the next shape drawn.
    pub fn tag(&self, class: &'static str, title: impl Into<String>) {
        self.inner.borrow_mut().tag = Some(Tag { class, title: title.into(), fill: None, extra: "" });
    }

    /// Tags the next shape drawn with a full [`Tag`].
    pub fn tag_with(&self, tag: Tag) {
        self.inner.borrow_mut().tag = Some(tag);
    }

    /// Drops a tag that no shape consumed (e.g. a mark that fell outside the plot).
    pub fn untag(&self) {
        self.inner.borrow_mut().tag = None;
    }

    /// The id of the hatch pattern used for "no data".
    pub fn hatch(&self) -> String {
        format!("url(#{}-hatch)", self.id)
    }

    /// The finished document with an accessible title and description.
    pub fn finish(&self, title: &str, desc: &str) -> String {
        let (w, h) = self.size;
        let id = self.id;
        let inner = self.inner.borrow();
        let mut s = String::with_capacity(inner.body.len() + 1024);
        let _ = write!(
            s,
            r##"<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" viewBox="0 0 {w} {h}" role="img" aria-labelledby="{id}-title {id}-desc" class="cramp-chart cramp-chart-{id}" font-family="{FONT_FAMILY_CSS}">
<title id="{id}-title">{}</title>
<desc id="{id}-desc">{}</desc>
<defs><pattern id="{id}-hatch" patternUnits="userSpaceOnUse" width="8" height="8" patternTransform="rotate(45)"><rect width="8" height="8" fill="#eeeeee"/><rect width="3" height="8" fill="#8a8a8a"/></pattern></defs>
<rect class="background" width="{w}" height="{h}" fill="#ffffff"/>
"##,
            esc(title),
            esc(desc)
        );
        s.push_str(&inner.body);
        s.push_str("</svg>\n");
        s
    }
}

/// Escapes text for XML content and attribute values, leaving out bidi controls (a U+202E
/// in a name must not turn round the label) and characters XML cannot hold.
pub fn esc(s: &str) -> String {
    let mut o = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            c if crate::validate::is_bidi_control(c) => {}
            c if crate::validate::forbidden(c).is_some() && c != '\r' => {}
            '&' => o.push_str("&amp;"),
            '<' => o.push_str("&lt;"),
            '>' => o.push_str("&gt;"),
            '"' => o.push_str("&quot;"),
            '\'' => o.push_str("&#39;"),
            c => o.push(c),
        }
    }
    o
}

fn color(c: BackendColor) -> String {
    let (r, g, b) = c.rgb;
    format!("#{r:02x}{g:02x}{b:02x}")
}

fn opacity(c: BackendColor) -> String {
    if c.alpha >= 1.0 {
        String::new()
    } else {
        format!(r#" opacity="{:.3}""#, c.alpha)
    }
}

/// Width and height in px of `text` at `size` px (em size) in the bundled font.
pub fn text_size(text: &str, size: f64, bold: bool) -> (f64, f64) {
    static FONTS: OnceLock<(FontRef<'static>, FontRef<'static>)> = OnceLock::new();
    let (regular, heavy) = FONTS.get_or_init(|| {
        let load = |b| FontRef::try_from_slice(b).expect("bundled font parses");
        (load(FONT_REGULAR), load(FONT_BOLD))
    });
    let font = if bold { heavy } else { regular };
    let upm = font.units_per_em().unwrap_or(2048.0) as f64;
    let mut w = 0f32;
    let mut prev = None;
    for c in text.chars() {
        let g = font.glyph_id(c);
        w += font.h_advance_unscaled(g);
        if let Some(p) = prev {
            w += font.kern_unscaled(p, g);
        }
        prev = Some(g);
    }
    (w as f64 / upm * size, font.height_unscaled() as f64 / upm * size)
}

impl SvgBackend {
    fn open(&self, inner: &mut Inner, elem: &str) -> (Option<Tag>, String) {
        let tag = inner.tag.take();
        let mut s = format!("<{elem}");
        if let Some(t) = &tag {
            if !t.class.is_empty() {
                let _ = write!(s, r#" class="{}""#, t.class);
            }
            if !t.extra.is_empty() {
                s.push(' ');
                s.push_str(t.extra);
            }
        }
        (tag, s)
    }

    /// Writes one `<elem …>` drawn in `c`, or nothing when `c` is fully transparent; `attrs`
    /// writes its attributes after the tag's own.
    fn shape(
        &self,
        elem: &str,
        c: BackendColor,
        attrs: impl FnOnce(&Option<Tag>, &mut String),
    ) -> Result<(), DrawingErrorKind<NoError>> {
        if c.alpha == 0.0 {
            return Ok(());
        }
        let inner = &mut *self.inner.borrow_mut();
        let (tag, mut s) = self.open(inner, elem);
        attrs(&tag, &mut s);
        Self::close(inner, s, tag, elem);
        Ok(())
    }

    fn close(inner: &mut Inner, mut s: String, tag: Option<Tag>, elem: &str) {
        match tag {
            Some(t) if !t.title.is_empty() => {
                let _ = writeln!(s, "><title>{}</title></{elem}>", esc(&t.title));
            }
            _ => s.push_str("/>\n"),
        }
        inner.body.push_str(&s);
    }
}

/// Attributes of an unfilled shape drawn in `c`.
fn outline(c: BackendColor, width: u32) -> String {
    format!(r#" fill="none" stroke="{}" stroke-width="{width}"{}"#, color(c), opacity(c))
}

fn fill_of(tag: &Option<Tag>, c: BackendColor) -> String {
    match tag.as_ref().and_then(|t| t.fill.clone()) {
        Some(f) => format!(r#" fill="{f}""#),
        None => format!(r#" fill="{}"{}"#, color(c), opacity(c)),
    }
}

impl DrawingBackend for SvgBackend {
    type ErrorType = NoError;

    fn get_size(&self) -> (u32, u32) {
        self.size
    }

    fn ensure_prepared(&mut self) -> Result<(), DrawingErrorKind<NoError>> {
        Ok(())
    }

    fn present(&mut self) -> Result<(), DrawingErrorKind<NoError>> {
        Ok(())
    }

    fn draw_pixel(&mut self, p: BackendCoord, c: BackendColor) -> Result<(), DrawingErrorKind<NoError>> {
        if c.alpha > 0.0 {
            let _ = writeln!(
                self.inner.borrow_mut().body,
                r#"<rect x="{}" y="{}" width="1" height="1" fill="{}"{}/>"#,
                p.0,
                p.1,
                color(c),
                opacity(c)
            );
        }
        Ok(())
    }

    fn draw_line<S: BackendStyle>(
        &mut self,
        from: BackendCoord,
        to: BackendCoord,
        style: &S,
    ) -> Result<(), DrawingErrorKind<NoError>> {
        let c = style.color();
        self.shape("line", c, |_, s| {
            let _ = write!(
                s,
                r#" x1="{}" y1="{}" x2="{}" y2="{}" stroke="{}" stroke-width="{}"{}"#,
                from.0,
                from.1,
                to.0,
                to.1,
                color(c),
                style.stroke_width(),
                opacity(c)
            );
        })
    }

    fn draw_rect<S: BackendStyle>(
        &mut self,
        ul: BackendCoord,
        br: BackendCoord,
        style: &S,
        fill: bool,
    ) -> Result<(), DrawingErrorKind<NoError>> {
        let c = style.color();
        let inner = &mut *self.inner.borrow_mut();
        if c.alpha == 0.0 && inner.tag.as_ref().is_none_or(|t| t.fill.is_none() && t.title.is_empty()) {
            inner.tag = None;
            return Ok(());
        }
        let (tag, mut s) = self.open(inner, "rect");
        let (x0, x1) = (ul.0.min(br.0), ul.0.max(br.0));
        let (y0, y1) = (ul.1.min(br.1), ul.1.max(br.1));
        let _ = write!(s, r#" x="{x0}" y="{y0}" width="{}" height="{}""#, x1 - x0, y1 - y0);
        if fill {
            s.push_str(&fill_of(&tag, c));
        } else {
            s.push_str(&outline(c, style.stroke_width()));
        }
        Self::close(inner, s, tag, "rect");
        Ok(())
    }

    fn draw_path<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        path: I,
        style: &S,
    ) -> Result<(), DrawingErrorKind<NoError>> {
        let c = style.color();
        self.shape("polyline", c, |_, s| {
            s.push_str(r#" fill="none" points=""#);
            for (x, y) in path {
                let _ = write!(s, "{x},{y} ");
            }
            let _ = write!(
                s,
                r#"" stroke="{}" stroke-width="{}" stroke-linejoin="round" stroke-linecap="round"{}"#,
                color(c),
                style.stroke_width(),
                opacity(c)
            );
        })
    }

    fn draw_circle<S: BackendStyle>(
        &mut self,
        center: BackendCoord,
        radius: u32,
        style: &S,
        fill: bool,
    ) -> Result<(), DrawingErrorKind<NoError>> {
        let c = style.color();
        self.shape("circle", c, |tag, s| {
            let _ = write!(s, r#" cx="{}" cy="{}" r="{radius}""#, center.0, center.1);
            if fill {
                s.push_str(&fill_of(tag, c));
                s.push_str(r##" stroke="#ffffff" stroke-width="1.5""##);
            } else {
                s.push_str(&outline(c, style.stroke_width()));
            }
        })
    }

    fn fill_polygon<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        vert: I,
        style: &S,
    ) -> Result<(), DrawingErrorKind<NoError>> {
        let c = style.color();
        self.shape("polygon", c, |tag, s| {
            s.push_str(r#" points=""#);
            for (x, y) in vert {
                let _ = write!(s, "{x},{y} ");
            }
            s.push('"');
            s.push_str(&fill_of(tag, c));
        })
    }

    fn draw_text<T: BackendTextStyle>(
        &mut self,
        text: &str,
        style: &T,
        pos: BackendCoord,
    ) -> Result<(), DrawingErrorKind<NoError>> {
        let c = style.color();
        if c.alpha == 0.0 || text.is_empty() {
            return Ok(());
        }
        let size = style.size();
        let anchor = match style.anchor().h_pos {
            HPos::Left => "start",
            HPos::Right => "end",
            HPos::Center => "middle",
        };
        // Baseline offset from the anchor point, along the text's own vertical axis.
        let dy = match style.anchor().v_pos {
            VPos::Top => 0.78 * size,
            VPos::Center => 0.36 * size,
            VPos::Bottom => -0.22 * size,
        };
        let (x, y) = (pos.0 as f64, pos.1 as f64);
        let rot = match style.transform() {
            FontTransform::None => 0,
            FontTransform::Rotate90 => 90,
            FontTransform::Rotate180 => 180,
            FontTransform::Rotate270 => 270,
        };
        let inner = &mut *self.inner.borrow_mut();
        let (tag, mut s) = self.open(inner, "text");
        let _ = write!(
            s,
            r#" x="{x}" y="{:.1}" font-size="{size}" text-anchor="{anchor}" fill="{}"{}"#,
            y + dy,
            color(c),
            opacity(c)
        );
        if matches!(style.style(), FontStyle::Bold) {
            s.push_str(r#" font-weight="bold""#);
        }
        if rot != 0 {
            let _ = write!(s, r#" transform="rotate({rot} {x} {y})""#);
        }
        s.push('>');
        s.push_str(&esc(text));
        if let Some(t) = tag.filter(|t| !t.title.is_empty()) {
            let _ = write!(s, "<title>{}</title>", esc(&t.title));
        }
        s.push_str("</text>\n");
        inner.body.push_str(&s);
        Ok(())
    }

    fn estimate_text_size<T: BackendTextStyle>(
        &self,
        text: &str,
        style: &T,
    ) -> Result<(u32, u32), DrawingErrorKind<NoError>> {
        let (w, h) = text_size(text, style.size(), matches!(style.style(), FontStyle::Bold));
        Ok((w.ceil() as u32, h.ceil() as u32))
    }
}
