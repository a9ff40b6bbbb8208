//! The safe zone: no text and no image within 5 mm of the edge of the finished page. Office
//! printers cannot print there and print shops may trim there, and the draft mark, a QR code
//! or a phone number cut by either is lost. Colour fills and marks may run to the edge (into
//! the bleed for a print shop); what is printed on them may not.

use typst::layout::Abs;
use typst_layout::PagedDocument;

use super::Diagnostic;
use super::frames::{self, Kind};
use crate::contract::SAFE_ZONE_MM as SAFE_ZONE;

/// How far into the safe zone ink may reach before it counts: glyph outlines and rounding.
const TOLERANCE_MM: f64 = 0.3;

/// The first text or image on each page of `document` that lies within the safe zone of the
/// trim. A page's frame is its trim in every mode: Typst draws the bleed outside it.
pub fn check(document: &PagedDocument) -> Vec<Diagnostic> {
    let inset = Abs::mm(SAFE_ZONE - TOLERANCE_MM);
    let mut findings = Vec::new();
    for (index, page) in document.pages().iter().enumerate() {
        let size = page.frame.size();
        let outside = frames::flatten(&page.frame).into_iter().find_map(|drawn| {
            let what = match drawn.kind {
                Kind::Text(text) => format!("the text “{}”", text.text.trim()),
                Kind::Image(_) => "an image".to_string(),
                Kind::Shape(_) => return None,
            };
            let b = drawn.bbox;
            // A line at the foot of the page may hang its descenders below the margin, as
            // every typeset page does; its baseline may not.
            let bottom = match drawn.kind {
                Kind::Text(_) => drawn.origin.y,
                _ => b.max.y,
            };
            let inside = b.min.x >= inset
                && b.min.y >= inset
                && b.max.x <= size.x - inset
                && bottom <= size.y - inset;
            (!inside).then_some(what)
        });
        let Some(what) = outside else { continue };
        let message = format!(
            "{what} lies within {SAFE_ZONE} mm of the page edge, where printers cut it off"
        );
        let hint = "keep text and images inside the layout's margins (the theme's \
                    `production.safe`)";
        findings.push(Diagnostic::error("margins", message).page(index + 1).hint(hint));
    }
    findings
}
