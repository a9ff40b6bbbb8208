//! Contrast: every text colour against what lies under it meets WCAG 2 AA, 4.5:1 for body text
//! and 3:1 for large text (18 pt, or 14 pt bold). Readers with low vision, and everyone in a
//! dim waiting room, need the numbers to stand out.

use std::collections::BTreeSet;

use typst::layout::Point;
use typst::visualize::{Color, Paint};
use typst_layout::PagedDocument;

use super::Diagnostic;
use super::frames::{self, Drawn, Kind};

/// WCAG AA for body text.
pub const BODY: f64 = 4.5;
/// WCAG AA for large text.
pub const LARGE: f64 = 3.0;

/// Every colour pair in `document` below its contrast minimum, once each.
pub fn check(document: &PagedDocument) -> Vec<Diagnostic> {
    let mut findings = Vec::new();
    let mut seen = BTreeSet::new();
    for (i, page) in document.pages().iter().enumerate() {
        let paper = page.fill_or_white().and_then(|p| solid(&p)).unwrap_or(Color::WHITE);
        let items = frames::flatten(&page.frame);
        for (at, item) in items.iter().enumerate() {
            let Kind::Text(text) = item.kind else { continue };
            let Some(ink) = solid(&text.fill) else { continue };
            let Some(under) = background(&items[..at], item, &paper) else { continue };
            let size = text.size.to_pt() * item.scale;
            let bold = text.font.info().variant.weight.to_number() >= 700;
            let large = size >= 18.0 || (size >= 14.0 && bold);
            let (minimum, what) = if large { (LARGE, "large text") } else { (BODY, "body text") };
            let ratio = ratio(&ink, &under);
            if ratio + 1e-9 >= minimum || !seen.insert((hex(&ink), hex(&under), large)) {
                continue;
            }
            let message = format!(
                "{what} in {} on {} has a contrast of {ratio:.2}:1, under the {minimum}:1 that \
                 WCAG AA asks for (“{}”)",
                hex(&ink),
                hex(&under),
                text.text.trim()
            );
            let hint = "darken the text colour or lighten its background in layouts/lib/tokens.typ";
            findings.push(Diagnostic::error("contrast", message).page(i + 1).hint(hint));
        }
    }
    findings
}

/// The colour under `text`: the last filled shape drawn before it that covers its middle, or
/// the paper. `None` where an image lies under it, whose colours are unknown here.
fn background(before: &[Drawn], text: &Drawn, paper: &Color) -> Option<Color> {
    let middle = Point::new(
        (text.bbox.min.x + text.bbox.max.x) / 2.0,
        (text.bbox.min.y + text.bbox.max.y) / 2.0,
    );
    let covers = |item: &&Drawn| {
        let b = &item.bbox;
        b.min.x <= middle.x && middle.x <= b.max.x && b.min.y <= middle.y && middle.y <= b.max.y
    };
    for item in before.iter().rev().filter(covers) {
        match item.kind {
            Kind::Shape(Some(fill)) => {
                if let Some(colour) = solid(fill) {
                    return Some(colour);
                }
            }
            Kind::Image(_) => return None,
            _ => {}
        }
    }
    Some(paper.clone())
}

/// A paint's colour if it is one solid colour.
fn solid(paint: &Paint) -> Option<Color> {
    match paint {
        Paint::Solid(colour) => Some(colour.clone()),
        _ => None,
    }
}

/// The WCAG contrast ratio between two colours.
pub fn ratio(a: &Color, b: &Color) -> f64 {
    let (la, lb) = (luminance(a), luminance(b));
    (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
}

/// WCAG relative luminance of an sRGB colour.
fn luminance(colour: &Color) -> f64 {
    let rgb = colour.to_rgb();
    let linear = |c: f32| {
        let c = f64::from(c);
        if c <= 0.04045 { c / 12.92 } else { ((c + 0.055) / 1.055).powf(2.4) }
    };
    0.2126 * linear(rgb.red) + 0.7152 * linear(rgb.green) + 0.0722 * linear(rgb.blue)
}

/// A colour as `#rrggbb`.
fn hex(colour: &Color) -> String {
    let rgb = colour.to_rgb();
    let byte = |c: f32| (c.clamp(0.0, 1.0) * 255.0).round() as u8;
    format!("#{:02x}{:02x}{:02x}", byte(rgb.red), byte(rgb.green), byte(rgb.blue))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ratios_match_wcag() {
        assert!((ratio(&Color::BLACK, &Color::WHITE) - 21.0).abs() < 0.01);
        assert!((ratio(&Color::WHITE, &Color::WHITE) - 1.0).abs() < 0.01);
        // #767676 on white is the classic lightest grey that passes AA.
        let grey = Color::from_u8(0x76, 0x76, 0x76, 0xff);
        assert!(ratio(&grey, &Color::WHITE) >= BODY);
    }
}
