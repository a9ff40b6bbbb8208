//! Press checks for a print shop's files (`check --print-shop`): what a press operator's
//! preflight would ask about, read from the laid-out pages.
//!
//! - every colour in CMYK (one left in sRGB is a literal colour in a layout, which the print
//!   shop would convert on its own), and none over 300 % total ink, which smears and dries
//!   slowly;
//! - no ink in a colour between 0 and 5 %, which a press may not print at all;
//! - no rich black on text: black text in black ink alone, since four inks blur small letters
//!   at the slightest misregistration;
//! - no hairline: a stroke under 0.25 pt may break up or vanish on press;
//! - no picture (an organisation's logo) under 300 pixels per inch at its printed size.
//!
//! Greys need no check: they print in black ink alone (see [`crate::press`]), as do
//! leafpress's QR codes, which are redrawn for the press before export.

use typst::layout::{Frame, FrameItem, Size, Transform};
use typst::visualize::{Color, ImageKind, Paint, ProcessColor};
use typst_layout::PagedDocument;

use super::Diagnostic;

/// The most ink a press lays down in one place, in percent.
pub const INK_LIMIT: f64 = 300.0;
/// The least ink a press reliably prints, in percent, where a colour has any of that ink.
pub const FAINTEST_INK: f64 = 5.0;
/// How much black makes text black enough that it must be black ink alone, in percent.
pub const BLACK: f64 = 80.0;
/// The thinnest stroke a press holds, in points.
pub const HAIRLINE_PT: f64 = 0.25;
// Marks are no thinner than the press check allows any line to be.
const _: () = assert!(crate::contract::MARK_STROKE_PT >= HAIRLINE_PT);
/// The resolution a press needs of a picture at its printed size, in pixels per inch.
pub const MIN_PPI: f64 = 300.0;
/// How far under a limit a figure may be and still count as at it: sizes and tints are
/// computed, and round.
const TOLERANCE: f64 = 0.01;

/// Every press problem on the pages of `document`, at most one of each kind per page.
pub fn check(document: &PagedDocument) -> Vec<Diagnostic> {
    let mut findings = Vec::new();
    for (index, page) in document.pages().iter().enumerate() {
        let mut found = Vec::new();
        walk(&page.frame, Transform::identity(), &mut found);
        // One finding of each kind (each has its own hint) per page, the first drawn: the
        // fix, in the theme's tokens, mends the rest.
        let mut kinds = std::collections::HashSet::new();
        found.retain(|f| kinds.insert(f.hint.clone()));
        findings.extend(found.into_iter().map(|f| f.page(index + 1)));
    }
    findings
}

fn walk(frame: &Frame, ts: Transform, found: &mut Vec<Diagnostic>) {
    for (pos, item) in frame.items() {
        let at = ts.pre_concat(Transform::translate(pos.x, pos.y));
        let scale = at.sx.get().hypot(at.ky.get());
        match item {
            FrameItem::Group(group) => walk(&group.frame, at.pre_concat(group.transform), found),
            FrameItem::Text(text) => {
                found.extend(ink(&text.fill));
                found.extend(rich_black(&text.fill, &text.text));
                if let Some(stroke) = &text.stroke {
                    found.extend(ink(&stroke.paint));
                }
            }
            FrameItem::Shape(shape, _) => {
                found.extend(shape.fill.iter().filter_map(ink));
                if let Some(stroke) = &shape.stroke {
                    found.extend(ink(&stroke.paint));
                    found.extend(hairline(stroke.thickness.to_pt() * scale));
                }
            }
            FrameItem::Image(image, size, _) => {
                if let ImageKind::Raster(raster) = image.kind() {
                    found.extend(resolution(raster.width(), *size, scale));
                }
            }
            FrameItem::Link(..) | FrameItem::Tag(_) => {}
        }
    }
}

/// A colour's inks in percent, or `None` where it is not a process colour in CMYK.
fn cmyk(paint: &Paint) -> Option<[f64; 4]> {
    match paint {
        Paint::Solid(Color::Process(ProcessColor::Cmyk(c))) => {
            Some([c.c, c.m, c.y, c.k].map(|v| f64::from(v) * 100.0))
        }
        _ => None,
    }
}

/// A colour's figures as a press writes them: `C100 M65 Y30 K20`.
fn inks(values: [f64; 4]) -> String {
    let [c, m, y, k] = values.map(|v| v.round());
    format!("C{c} M{m} Y{y} K{k}")
}

/// What is wrong with the ink of `paint`: in sRGB, over the limit, or too faint to print.
fn ink(paint: &Paint) -> Option<Diagnostic> {
    if let Paint::Solid(Color::Process(ProcessColor::Rgb(rgb))) = paint {
        let hex = Color::Process(ProcessColor::Rgb(*rgb)).to_hex();
        return Some(
            Diagnostic::error("press", format!("a colour is in sRGB ({hex}), not CMYK"))
                .hint("give it a CMYK value too: `two-models(rgb(…), cmyk(…))` in tokens.typ"),
        );
    }
    let values = cmyk(paint)?;
    let total: f64 = values.iter().sum();
    if total > INK_LIMIT + TOLERANCE {
        let message = format!("{} carries {total:.0} % ink, over the {INK_LIMIT} %", inks(values));
        let hint = "take ink out of cyan, magenta and yellow under the black (tokens.typ)";
        return Some(Diagnostic::error("press", message).hint(hint));
    }
    let faint = values.iter().any(|&v| v > TOLERANCE && v + TOLERANCE < FAINTEST_INK);
    faint.then(|| {
        Diagnostic::warning("press", format!("{} has an ink under {FAINTEST_INK} %", inks(values)))
            .hint("raise that ink to 5 % or drop it: a press may not print it at all")
    })
}

/// Black text printed with other inks under the black.
fn rich_black(paint: &Paint, text: &str) -> Option<Diagnostic> {
    let values = cmyk(paint)?;
    let rich = values[3] >= BLACK && values[..3].iter().any(|&v| v > TOLERANCE);
    rich.then(|| {
        let message = format!("text in rich black ({}): “{}”", inks(values), text.trim());
        Diagnostic::error("press", message)
            .hint("set black text in black ink alone: cmyk(0%, 0%, 0%, 100%)")
    })
}

/// A stroke thinner than a press holds.
fn hairline(thickness_pt: f64) -> Option<Diagnostic> {
    (thickness_pt > 0.0 && thickness_pt + TOLERANCE < HAIRLINE_PT).then(|| {
        Diagnostic::warning(
            "press",
            format!("a line is {thickness_pt:.2} pt thick, under {HAIRLINE_PT} pt"),
        )
        .hint("a press may break up or lose it: make it at least 0.25 pt")
    })
}

/// A picture `pixels` wide, printed at `size` (scaled by `scale`), under the resolution a
/// press needs.
fn resolution(pixels: u32, size: Size, scale: f64) -> Option<Diagnostic> {
    let inches = size.x.to_inches() * scale;
    let ppi = f64::from(pixels) / inches;
    (inches > 0.0 && ppi + TOLERANCE < MIN_PPI).then(|| {
        let needed = (MIN_PPI * inches).ceil();
        Diagnostic::warning(
            "press",
            format!("a picture prints at {ppi:.0} pixels per inch, under {MIN_PPI}"),
        )
        .hint(format!("give the organisation's logo as SVG, or at least {needed} pixels across"))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use typst::layout::Abs;
    use typst::visualize::Cmyk;

    fn ink_of(c: f32, m: f32, y: f32, k: f32) -> Paint {
        Paint::Solid(Color::Process(ProcessColor::Cmyk(Cmyk { c, m, y, k })))
    }

    #[test]
    fn the_theme_colours_pass_and_a_rich_black_does_not() {
        assert_eq!(ink(&ink_of(1.0, 0.7, 0.4, 0.5)), None);
        assert_eq!(rich_black(&ink_of(0.0, 0.0, 0.0, 1.0), "text"), None);
        let rich = rich_black(&ink_of(0.6, 0.4, 0.4, 1.0), "1712").unwrap();
        assert_eq!(rich.message, "text in rich black (C60 M40 Y40 K100): “1712”");
        let heavy = ink(&ink_of(0.85, 0.75, 0.65, 0.9)).unwrap();
        assert_eq!(heavy.message, "C85 M75 Y65 K90 carries 315 % ink, over the 300 %");
    }

    #[test]
    fn faint_inks_thin_lines_and_coarse_pictures_are_warned_about() {
        let faint = ink(&ink_of(0.08, 0.02, 0.02, 0.0)).unwrap();
        assert_eq!(faint.message, "C8 M2 Y2 K0 has an ink under 5 %");
        assert_eq!(hairline(0.25), None);
        assert_eq!(hairline(0.1).unwrap().message, "a line is 0.10 pt thick, under 0.25 pt");
        let logo = resolution(300, Size::new(Abs::inches(2.0), Abs::inches(1.0)), 1.0).unwrap();
        assert_eq!(logo.message, "a picture prints at 150 pixels per inch, under 300");
        assert_eq!(
            logo.hint.as_deref(),
            Some("give the organisation's logo as SVG, or at least 600 pixels across")
        );
    }
}
