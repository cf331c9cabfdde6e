//! A small layout engine for the PDF: glyph-width text measurement with the bundled font,
//! greedy word wrapping, paragraphs, headings kept with what follows, tables whose rows
//! never split and whose header repeats on every page, and page breaks. It produces a list
//! of drawing operations per page in points, origin top-left, y growing downwards; the
//! PDF writer draws them and adds the running header and footer.

use std::borrow::Cow;

use ab_glyph::{Font as _, FontRef};

use crate::charts::style::{FONT_BOLD, FONT_REGULAR};
use crate::validate::is_bidi_control;

/// An sRGB colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rgb(pub u8, pub u8, pub u8);

/// Body text.
pub const INK: Rgb = Rgb(0x1a, 0x1a, 0x1a);
/// Secondary text.
pub const MUTED: Rgb = Rgb(0x50, 0x50, 0x50);
/// Table rules and box borders.
pub const RULE: Rgb = Rgb(0xb0, 0xb0, 0xb0);
/// Table header background.
pub const HEADER_BG: Rgb = Rgb(0xe8, 0xee, 0xf4);
/// Zebra rows.
pub const ZEBRA: Rgb = Rgb(0xf5, 0xf5, 0xf5);
/// Warning background (red flags).
pub const ALERT_BG: Rgb = Rgb(0xfd, 0xe8, 0xe4);
/// Warning text.
pub const ALERT: Rgb = Rgb(0x9b, 0x1c, 0x0c);
/// Background of signs to mention at the visit (not urgent).
pub const NOTE_BG: Rgb = Rgb(0xfb, 0xf1, 0xdc);
/// Their text.
pub const NOTE: Rgb = Rgb(0x5c, 0x3d, 0x00);

/// `text` without bidi controls. The PDF draws every line in the order it was written and
/// leaves these out, so that a U+202E in a note cannot turn round the text after it (on the
/// page or in a reader's copy of it).
pub fn without_bidi_controls(text: &str) -> Cow<'_, str> {
    if text.contains(is_bidi_control) {
        Cow::Owned(text.chars().filter(|c| !is_bidi_control(*c)).collect())
    } else {
        Cow::Borrowed(text)
    }
}

/// One drawing operation.
#[derive(Debug, Clone, PartialEq)]
pub enum Op {
    /// A line of text; `y` is the baseline, `width` its measured advance.
    Text { x: f32, y: f32, size: f32, bold: bool, color: Rgb, text: String, width: f32 },
    /// A filled rectangle.
    Rect { x: f32, y: f32, w: f32, h: f32, fill: Rgb },
    /// A straight line.
    Line { x1: f32, y1: f32, x2: f32, y2: f32, width: f32, color: Rgb },
    /// An SVG (index into the report's list) scaled into a box.
    Svg { x: f32, y: f32, w: f32, h: f32, index: usize },
}

/// Glyph advances of the bundled regular and bold fonts, per point of font size.
pub struct Metrics {
    ascii: [[f32; 128]; 2],
    fonts: [FontRef<'static>; 2],
    scale: [f32; 2],
}

impl Metrics {
    /// Loads the bundled fonts.
    pub fn new() -> Self {
        let fonts = [
            FontRef::try_from_slice(FONT_REGULAR).expect("bundled font parses"),
            FontRef::try_from_slice(FONT_BOLD).expect("bundled font parses"),
        ];
        let scale = [0, 1].map(|i| 1.0 / fonts[i].units_per_em().unwrap_or(2048.0));
        let mut ascii = [[0.0; 128]; 2];
        for (f, table) in ascii.iter_mut().enumerate() {
            for (c, w) in table.iter_mut().enumerate() {
                let g = fonts[f].glyph_id(c as u8 as char);
                *w = fonts[f].h_advance_unscaled(g) * scale[f];
            }
        }
        Metrics { ascii, fonts, scale }
    }

    /// Advance width of `text` at `size` pt, bidi controls left out as they are when drawn.
    /// Kerning is left out, so this is never narrower than the shaped text by more than a
    /// hair (DejaVu's kerning only tightens).
    pub fn width(&self, text: &str, size: f32, bold: bool) -> f32 {
        let f = bold as usize;
        let mut w = 0.0;
        for c in text.chars() {
            w += if (c as u32) < 128 {
                self.ascii[f][c as usize]
            } else if is_bidi_control(c) {
                0.0
            } else {
                self.fonts[f].h_advance_unscaled(self.fonts[f].glyph_id(c)) * self.scale[f]
            };
        }
        w * size
    }

    /// Greedy word wrap to `max` pt; a word longer than a line is broken between characters.
    pub fn wrap(&self, text: &str, size: f32, bold: bool, max: f32) -> Vec<String> {
        let mut lines = Vec::new();
        for para in text.split('\n') {
            let mut line = String::new();
            let mut line_w = 0.0;
            let space = self.width(" ", size, bold);
            for word in para.split_whitespace() {
                let ww = self.width(word, size, bold);
                if !line.is_empty() && line_w + space + ww <= max {
                    line.push(' ');
                    line.push_str(word);
                    line_w += space + ww;
                    continue;
                }
                if !line.is_empty() {
                    lines.push(std::mem::take(&mut line));
                }
                if ww <= max {
                    line.push_str(word);
                    line_w = ww;
                } else {
                    // Break the long word.
                    let mut part = String::new();
                    let mut pw = 0.0;
                    for c in word.chars() {
                        let cw = self.width(c.encode_utf8(&mut [0; 4]), size, bold);
                        if pw + cw > max && !part.is_empty() {
                            lines.push(std::mem::take(&mut part));
                            pw = 0.0;
                        }
                        part.push(c);
                        pw += cw;
                    }
                    line = part;
                    line_w = pw;
                }
            }
            lines.push(line);
        }
        lines
    }
}

/// Line height for a font size.
pub fn leading(size: f32) -> f32 {
    size * 1.3
}

/// Where the body may go on every page.
#[derive(Debug, Clone, Copy)]
pub struct Frame {
    /// Left edge of the body.
    pub left: f32,
    /// Right edge of the body.
    pub right: f32,
    /// Top of the body (below the running header).
    pub top: f32,
    /// Bottom of the body (above the running footer).
    pub bottom: f32,
}

impl Frame {
    /// Body width.
    pub fn width(&self) -> f32 {
        self.right - self.left
    }
}

/// A table column: title, share of the width, and whether its cells are right-aligned.
#[derive(Debug, Clone)]
pub struct Column {
    /// Header text.
    pub title: String,
    /// Relative width.
    pub weight: f32,
    /// Right-align (numbers).
    pub right: bool,
}

/// A column.
pub fn col(title: &str, weight: f32) -> Column {
    Column { title: title.into(), weight, right: false }
}

/// A right-aligned column.
pub fn num_col(title: &str, weight: f32) -> Column {
    Column { title: title.into(), weight, right: true }
}

/// One table row.
#[derive(Debug, Clone, Default)]
pub struct Row {
    /// Cell texts.
    pub cells: Vec<String>,
    /// Bold cells.
    pub bold: bool,
    /// Background.
    pub fill: Option<Rgb>,
    /// Draw a rule above this row (group start).
    pub rule_above: bool,
}

/// The flowing document: pages of operations and the cursor.
pub struct Flow<'m> {
    m: &'m Metrics,
    /// The body frame.
    pub frame: Frame,
    /// Pages so far (the last one is being filled).
    pub pages: Vec<Vec<Op>>,
    /// Cursor: top of the next thing.
    pub y: f32,
}

impl<'m> Flow<'m> {
    /// An empty document with one page.
    pub fn new(m: &'m Metrics, frame: Frame) -> Self {
        Flow { m, frame, pages: vec![Vec::new()], y: frame.top }
    }

    /// The metrics.
    pub fn metrics(&self) -> &'m Metrics {
        self.m
    }

    fn ops(&mut self) -> &mut Vec<Op> {
        self.pages.last_mut().expect("at least one page")
    }

    /// Starts a new page.
    pub fn page_break(&mut self) {
        self.pages.push(Vec::new());
        self.y = self.frame.top;
    }

    /// Room left on this page.
    pub fn room(&self) -> f32 {
        self.frame.bottom - self.y
    }

    /// Breaks the page unless `h` fits.
    pub fn ensure(&mut self, h: f32) {
        if self.y + h > self.frame.bottom && self.y > self.frame.top {
            self.page_break();
        }
    }

    /// Vertical space (dropped at the top of a page).
    pub fn gap(&mut self, h: f32) {
        if self.y > self.frame.top {
            self.y = (self.y + h).min(self.frame.bottom);
        }
    }

    /// One line of text at `x` (no wrapping; the caller measured it), without bidi controls.
    pub fn text_at(&mut self, x: f32, baseline: f32, size: f32, bold: bool, color: Rgb, text: &str) {
        let text = without_bidi_controls(text);
        if text.is_empty() {
            return;
        }
        let width = self.m.width(&text, size, bold);
        self.ops().push(Op::Text { x, y: baseline, size, bold, color, text: text.into_owned(), width });
    }

    /// A wrapped paragraph from `indent` pt in, breaking pages between lines.
    pub fn paragraph(&mut self, text: &str, size: f32, bold: bool, color: Rgb, indent: f32) {
        let lines = self.m.wrap(text, size, bold, self.frame.width() - indent);
        let lh = leading(size);
        for line in lines {
            self.ensure(lh);
            let baseline = self.y + size;
            let x = self.frame.left + indent;
            self.text_at(x, baseline, size, bold, color, &line);
            self.y += lh;
        }
    }

    /// Height a paragraph would take.
    pub fn paragraph_height(&self, text: &str, size: f32, bold: bool, indent: f32) -> f32 {
        self.m.wrap(text, size, bold, self.frame.width() - indent).len() as f32 * leading(size)
    }

    /// A section heading, kept on the same page as at least `keep_with` pt of what follows.
    pub fn heading(&mut self, text: &str, size: f32, keep_with: f32) {
        self.gap(size * 0.6);
        self.ensure(self.paragraph_height(text, size, true, 0.0) + keep_with);
        self.paragraph(text, size, true, INK, 0.0);
        let y = self.y + 1.0;
        let (l, r) = (self.frame.left, self.frame.right);
        self.ops().push(Op::Line { x1: l, y1: y, x2: r, y2: y, width: 0.6, color: RULE });
        self.y += 4.0;
    }

    /// A box with a background around wrapped lines (for red flags); never split.
    pub fn boxed(&mut self, lines: &[(String, bool)], size: f32, fill: Rgb, color: Rgb) {
        let pad = 5.0;
        let inner = self.frame.width() - 2.0 * pad;
        let wrapped: Vec<(String, bool)> =
            lines.iter().flat_map(|(t, b)| self.m.wrap(t, size, *b, inner).into_iter().map(move |l| (l, *b))).collect();
        let lh = leading(size);
        let h = wrapped.len() as f32 * lh + 2.0 * pad;
        self.ensure(h);
        let (x, y, w) = (self.frame.left, self.y, self.frame.width());
        self.ops().push(Op::Rect { x, y, w, h, fill });
        let mut yy = y + pad;
        for (line, bold) in wrapped {
            self.text_at(x + pad, yy + size, size, bold, color, &line);
            yy += lh;
        }
        self.y += h;
    }

    /// A table; rows never split across pages and the header repeats on every page.
    pub fn table(&mut self, cols: &[Column], rows: &[Row], size: f32) {
        let pad_x = 3.0;
        let pad_y = 2.0;
        let lh = leading(size);
        let total: f32 = cols.iter().map(|c| c.weight).sum();
        let widths: Vec<f32> = cols.iter().map(|c| c.weight / total * self.frame.width()).collect();
        let header = Row {
            cells: cols.iter().map(|c| c.title.clone()).collect(),
            bold: true,
            fill: Some(HEADER_BG),
            rule_above: false,
        };
        let layout = |row: &Row| -> (Vec<Vec<String>>, f32) {
            let cells: Vec<Vec<String>> =
                row.cells.iter().zip(&widths).map(|(t, w)| self.m.wrap(t, size, row.bold, w - 2.0 * pad_x)).collect();
            let n = cells.iter().map(|c| c.len()).max().unwrap_or(1).max(1);
            (cells, n as f32 * lh + 2.0 * pad_y)
        };
        let head = layout(&header);
        let first_row_h = rows.first().map_or(0.0, |r| layout(r).1);
        self.ensure(head.1 + first_row_h);
        self.draw_row(cols, &widths, &header, &head.0, head.1, size, pad_x, pad_y);
        for row in rows {
            let (mut cells, mut h) = layout(row);
            if self.y + h > self.frame.bottom {
                self.page_break();
                self.draw_row(cols, &widths, &header, &head.0, head.1, size, pad_x, pad_y);
            }
            let max_h = self.frame.bottom - self.y;
            if h > max_h {
                // Taller than a whole page: cut the cell text and mark the cut.
                let max_lines = (((max_h - 2.0 * pad_y) / lh).floor() as usize).max(1);
                for (c, w) in cells.iter_mut().zip(&widths) {
                    if c.len() > max_lines {
                        c.truncate(max_lines);
                        if let Some(last) = c.last_mut() {
                            while !last.is_empty()
                                && self.m.width(&format!("{last} …"), size, row.bold) > w - 2.0 * pad_x
                            {
                                last.pop();
                            }
                            last.push_str(" …");
                        }
                    }
                }
                h = max_lines as f32 * lh + 2.0 * pad_y;
            }
            self.draw_row(cols, &widths, row, &cells, h, size, pad_x, pad_y);
        }
        let (l, r, y) = (self.frame.left, self.frame.right, self.y);
        self.ops().push(Op::Line { x1: l, y1: y, x2: r, y2: y, width: 0.5, color: RULE });
    }

    #[allow(clippy::too_many_arguments)]
    fn draw_row(
        &mut self,
        cols: &[Column],
        widths: &[f32],
        row: &Row,
        cells: &[Vec<String>],
        h: f32,
        size: f32,
        pad_x: f32,
        pad_y: f32,
    ) {
        let (l, r, y) = (self.frame.left, self.frame.right, self.y);
        if let Some(fill) = row.fill {
            self.ops().push(Op::Rect { x: l, y, w: r - l, h, fill });
        }
        if row.rule_above {
            self.ops().push(Op::Line { x1: l, y1: y, x2: r, y2: y, width: 0.4, color: RULE });
        }
        let lh = leading(size);
        let mut x = l;
        for (i, lines) in cells.iter().enumerate() {
            let w = widths[i];
            for (k, line) in lines.iter().enumerate() {
                let baseline = y + pad_y + k as f32 * lh + size;
                let tx = if cols[i].right { x + w - pad_x - self.m.width(line, size, row.bold) } else { x + pad_x };
                self.text_at(tx, baseline, size, row.bold, INK, line);
            }
            x += w;
        }
        self.y += h;
    }

    /// `n` ruled lines `spacing` pt apart across the body, to write on; never split.
    pub fn writing_lines(&mut self, n: usize, spacing: f32) {
        self.ensure(n as f32 * spacing);
        let (l, r) = (self.frame.left, self.frame.right);
        for _ in 0..n {
            self.y += spacing;
            let y = self.y;
            self.ops().push(Op::Line { x1: l, y1: y, x2: r, y2: y, width: 0.5, color: RULE });
        }
    }

    /// An SVG of `w × h` pt at `x`, top at the cursor; the cursor moves below it.
    pub fn svg_at(&mut self, x: f32, index: usize, w: f32, h: f32) {
        let y = self.y;
        self.ops().push(Op::Svg { x, y, w, h, index });
        self.y += h;
    }

    /// An SVG of `w × h` pt at the left edge (index into the report's SVG list).
    pub fn svg(&mut self, index: usize, w: f32, h: f32) {
        self.ensure(h);
        let (x, y) = (self.frame.left, self.y);
        self.ops().push(Op::Svg { x, y, w, h, index });
        self.y += h;
    }
}

/// Every text or drawing that leaves `margin` pt around the page edge, or (for body pages)
/// overlaps; returns the problems, empty when all is inside.
pub fn out_of_bounds(pages: &[Vec<Op>], page_w: f32, page_h: f32, margin: f32) -> Vec<String> {
    let mut out = Vec::new();
    let eps = 0.01;
    for (p, ops) in pages.iter().enumerate() {
        for op in ops {
            let (x0, y0, x1, y1, what) = match op {
                Op::Text { x, y, size, width, text, .. } => (*x, y - size, x + width, *y + size * 0.25, text.clone()),
                Op::Rect { x, y, w, h, .. } => (*x, *y, x + w, y + h, "rect".into()),
                Op::Line { x1, y1, x2, y2, .. } => (x1.min(*x2), y1.min(*y2), x1.max(*x2), y1.max(*y2), "line".into()),
                Op::Svg { x, y, w, h, .. } => (*x, *y, x + w, y + h, "svg".into()),
            };
            if x0 < margin - eps || y0 < margin - eps || x1 > page_w - margin + eps || y1 > page_h - margin + eps {
                out.push(format!("page {}: {what:?} at ({x0:.1},{y0:.1})-({x1:.1},{y1:.1})", p + 1));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrapping_fits_the_width_and_keeps_every_word() {
        let m = Metrics::new();
        let text = "Cramp nights per week rose after hydrochlorothiazide was started; supercalifragilisticexpialidocious-words-without-spaces-are-broken.";
        for max in [40.0, 90.0, 200.0] {
            let lines = m.wrap(text, 10.0, false, max);
            for l in &lines {
                assert!(m.width(l, 10.0, false) <= max + 0.01, "{l:?} wider than {max}");
            }
            let joined: String = lines.concat().split_whitespace().collect();
            let orig: String = text.split_whitespace().collect();
            assert_eq!(joined, orig);
        }
    }

    #[test]
    fn tables_break_pages_and_repeat_the_header() {
        let m = Metrics::new();
        let frame = Frame { left: 20.0, right: 280.0, top: 40.0, bottom: 260.0 };
        let mut f = Flow::new(&m, frame);
        let rows: Vec<Row> = (0..100)
            .map(|i| Row { cells: vec![format!("2026-01-{i:02}"), "a long note ".repeat(i % 5)], ..Row::default() })
            .collect();
        f.table(&[col("Date", 1.0), col("Note", 3.0)], &rows, 8.0);
        assert!(f.pages.len() > 3);
        for page in &f.pages {
            let first = page.iter().find_map(|o| match o {
                Op::Text { text, .. } => Some(text.clone()),
                _ => None,
            });
            assert_eq!(first.as_deref(), Some("Date"));
        }
        assert!(out_of_bounds(&f.pages, 300.0, 300.0, 20.0).is_empty());
    }
}
