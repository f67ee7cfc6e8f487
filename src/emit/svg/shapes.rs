//! Drawing primitives shared by the diagrams: numbers, text blocks, the DFD
//! element shapes, arrows and threat badges. Everything is written in
//! absolute coordinates with one decimal, so output is byte-stable.

use std::fmt::Write;

use super::escape::xml;
use super::style;
use crate::analysis::Severity;
use crate::layout::text::{self, FONT_FAMILY};
use crate::layout::{Point, Rect};
use crate::model::ElementType;

/// A coordinate with one decimal (halves rounded away from zero); never
/// `-0.0`. Written from an integer of tenths: float formatting with a
/// precision is slow, and a diagram has hundreds of thousands of numbers.
/// The value is formatted where it is written, without a `String` of its
/// own.
pub fn num(v: f64) -> Num {
    // `as` saturates; not-a-number becomes 0.
    Num((v * 10.0).round() as i64)
}

/// A coordinate in tenths, displayed with one decimal.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Num(i64);

impl std::fmt::Display for Num {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Digits from the right: tenths, '.', then the whole part.
        let mut buf = [0u8; 24];
        let mut i = buf.len();
        let mut a = self.0.unsigned_abs();
        i -= 1;
        buf[i] = b'0' + (a % 10) as u8;
        i -= 1;
        buf[i] = b'.';
        a /= 10;
        loop {
            i -= 1;
            buf[i] = b'0' + (a % 10) as u8;
            a /= 10;
            if a == 0 {
                break;
            }
        }
        if self.0 < 0 {
            i -= 1;
            buf[i] = b'-';
        }
        // Only ASCII digits, '.' and '-' were written.
        f.write_str(std::str::from_utf8(&buf[i..]).unwrap_or("0.0"))
    }
}

/// The SVG root element and shared defaults.
pub fn open_svg(out: &mut String, width: f64, height: f64, title: &str) {
    let (w, h) = (num(width), num(height));
    let _ = write!(
        out,
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" width=\"{w}\" height=\"{h}\" viewBox=\"0 0 {w} {h}\" font-family=\"{}\">\n<title>{}</title>\n<rect class=\"background\" x=\"0\" y=\"0\" width=\"{w}\" height=\"{h}\" fill=\"#ffffff\"/>\n",
        xml(FONT_FAMILY),
        xml(title)
    );
}

/// Closes the root element.
pub fn close_svg(out: &mut String) {
    out.push_str("</svg>\n");
}

/// One line of text with its size, weight and colour.
#[derive(Clone, Debug)]
pub struct Line {
    pub text: String,
    pub size: f64,
    pub bold: bool,
    pub fill: &'static str,
}

impl Line {
    /// Line height of this line.
    pub fn height(&self) -> f64 {
        (self.size * 1.3).round()
    }

    pub fn width(&self) -> f64 {
        text::width(&self.text, self.size) * if self.bold { 1.12 } else { 1.0 }
    }
}

/// `text` wrapped to `max` as lines of one style.
pub fn wrapped(text: &str, size: f64, max: f64, bold: bool, fill: &'static str) -> Vec<Line> {
    // Bold text is measured a little wider; wrap to the narrower budget.
    let budget = if bold { max / 1.12 } else { max };
    text::wrap(text, size, budget)
        .into_iter()
        .map(|t| Line {
            text: t,
            size,
            bold,
            fill,
        })
        .collect()
}

/// Total height of a block of lines.
pub fn block_height(lines: &[Line]) -> f64 {
    lines.iter().map(Line::height).sum()
}

/// Widest line of a block.
pub fn block_width(lines: &[Line]) -> f64 {
    lines.iter().map(Line::width).fold(0.0, f64::max)
}

/// Horizontal anchoring of a text block.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Anchor {
    Start,
    Middle,
}

/// Writes a block of lines starting at `top`; `x` is the left edge or the
/// centre, as `anchor` says.
pub fn text_block(out: &mut String, lines: &[Line], x: f64, top: f64, anchor: Anchor) {
    let mut y = top;
    let a = match anchor {
        Anchor::Start => "start",
        Anchor::Middle => "middle",
    };
    for l in lines {
        let h = l.height();
        if !l.text.is_empty() {
            let weight = if l.bold { " font-weight=\"bold\"" } else { "" };
            let _ = writeln!(
                out,
                "<text x=\"{}\" y=\"{}\" font-size=\"{}\" text-anchor=\"{a}\" fill=\"{}\"{weight}>{}</text>",
                num(x),
                num(y + h / 2.0 + l.size * 0.35),
                num(l.size),
                l.fill,
                xml(&l.text)
            );
        }
        y += h;
    }
}

/// Vertical radius of a store's cylinder caps.
pub const STORE_CAP: f64 = 5.0;

/// The DFD shape of an element type filling `r`: actor rectangle, process
/// rounded rectangle, store cylinder. `extra` holds further attributes.
pub fn element_shape(
    out: &mut String,
    ty: ElementType,
    r: &Rect,
    fill: &str,
    stroke: &str,
    sw: f64,
) {
    let (x, y, w, h) = (r.x, r.y, r.width, r.height);
    match ty {
        ElementType::Actor => {
            let _ = writeln!(
                out,
                "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{fill}\" stroke=\"{stroke}\" stroke-width=\"{}\"/>",
                num(x),
                num(y),
                num(w),
                num(h),
                num(sw)
            );
        }
        ElementType::Process => {
            let rx = (h / 2.0).min(14.0);
            let _ = writeln!(
                out,
                "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" rx=\"{}\" ry=\"{}\" fill=\"{fill}\" stroke=\"{stroke}\" stroke-width=\"{}\"/>",
                num(x),
                num(y),
                num(w),
                num(h),
                num(rx),
                num(rx),
                num(sw)
            );
        }
        ElementType::Store => {
            let (rx, ry) = (w / 2.0, STORE_CAP);
            let _ = writeln!(
                out,
                "<path d=\"M {x0} {t} A {rx} {ry} 0 0 1 {x1} {t} L {x1} {b} A {rx} {ry} 0 0 1 {x0} {b} Z\" fill=\"{fill}\" stroke=\"{stroke}\" stroke-width=\"{sw}\"/>\n<path d=\"M {x0} {t} A {rx} {ry} 0 0 0 {x1} {t}\" fill=\"none\" stroke=\"{stroke}\" stroke-width=\"{sw}\"/>",
                x0 = num(x),
                x1 = num(x + w),
                t = num(y + ry),
                b = num(y + h - ry),
                rx = num(rx),
                ry = num(ry),
                sw = num(sw),
            );
        }
    }
}

/// A polyline with an arrow head at its last point.
pub fn arrow(out: &mut String, pts: &[Point], stroke: &str, width: &str, dashed: bool) {
    let Some(&tip) = pts.last() else {
        return;
    };
    // Direction of the last segment of non-zero length.
    let mut dir = (0.0, -1.0);
    for w in pts.windows(2).rev() {
        let (dx, dy) = (w[1].x - w[0].x, w[1].y - w[0].y);
        let len = (dx * dx + dy * dy).sqrt();
        if len > 1e-6 {
            dir = (dx / len, dy / len);
            break;
        }
    }
    let head = 9.0;
    let half = 4.5;
    let base = Point {
        x: tip.x - dir.0 * head,
        y: tip.y - dir.1 * head,
    };
    let mut d = String::new();
    for (i, p) in pts.iter().enumerate() {
        let p = if i + 1 == pts.len() { base } else { *p };
        let _ = write!(
            d,
            "{}{} {}",
            if i == 0 { "M " } else { " L " },
            num(p.x),
            num(p.y)
        );
    }
    let dash = if dashed {
        " stroke-dasharray=\"5 3\""
    } else {
        ""
    };
    let _ = writeln!(
        out,
        "<path d=\"{d}\" fill=\"none\" stroke=\"{stroke}\" stroke-width=\"{width}\" stroke-linejoin=\"round\"{dash}/>"
    );
    let (px, py) = (-dir.1 * half, dir.0 * half);
    let _ = writeln!(
        out,
        "<path class=\"arrow-head\" d=\"M {} {} L {} {} L {} {} Z\" fill=\"{stroke}\"/>",
        num(tip.x),
        num(tip.y),
        num(base.x + px),
        num(base.y + py),
        num(base.x - px),
        num(base.y - py)
    );
}

/// Radius of a threat badge.
pub const BADGE_R: f64 = 9.0;

/// A threat-count badge centred on `c`, coloured by `severity`.
pub fn badge(out: &mut String, c: Point, count: usize, severity: Severity) {
    let (fill, fg) = style::severity_colours(severity);
    let label = if count > 99 {
        "99+".to_string()
    } else {
        count.to_string()
    };
    let w = (text::width(&label, 10.0) * 1.07 + 8.0).max(2.0 * BADGE_R);
    let _ = writeln!(
        out,
        "<g class=\"badge\" data-count=\"{count}\" data-severity=\"{}\"><rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" rx=\"{r}\" ry=\"{r}\" fill=\"{fill}\" stroke=\"#ffffff\" stroke-width=\"1.5\"/><text x=\"{}\" y=\"{}\" font-size=\"10\" font-weight=\"bold\" text-anchor=\"middle\" fill=\"{fg}\">{label}</text></g>",
        severity.as_str(),
        num(c.x + BADGE_R - w),
        num(c.y - BADGE_R),
        num(w),
        num(2.0 * BADGE_R),
        num(c.x + BADGE_R - w / 2.0),
        num(c.y + 3.5),
        r = num(BADGE_R),
    );
}

#[cfg(test)]
mod tests {

    #[test]
    fn numbers_have_one_decimal_and_no_negative_zero() {
        let num = |v: f64| super::num(v).to_string();
        assert_eq!(num(f64::MAX), "922337203685477580.7");
        assert_eq!(num(f64::MIN), "-922337203685477580.8");
        assert_eq!(num(1.0), "1.0");
        assert_eq!(num(-0.04), "0.0");
        assert_eq!(num(12.345), "12.3");
        assert_eq!(num(-2.25), "-2.3");
        assert_eq!(num(0.05), "0.1");
        assert_eq!(num(-0.06), "-0.1");
        assert_eq!(num(1234567.89), "1234567.9");
        assert_eq!(num(f64::NAN), "0.0");
    }
}
