//! Small print: every piece of text on the page, not only the body, at or above the smallest
//! size its kind of document allows anywhere (layouts.toml's `kind`). Footers, web addresses
//! under QR codes, tags and the draft mark are what a reader squints at first.

use typst_layout::PagedDocument;

use super::Diagnostic;
use super::frames::{self, Kind};
use crate::layout::Layout;

/// How far under the minimum a size may be and still count as at it: layouts compute sizes
/// as fractions of a base, which round.
const TOLERANCE_PT: f64 = 0.05;

/// The smallest text on each page of `document` that is under `layout`'s minimum.
pub fn check(document: &PagedDocument, layout: &Layout) -> Vec<Diagnostic> {
    let min = layout.kind.min_any_pt();
    let mut findings = Vec::new();
    for (index, page) in document.pages().iter().enumerate() {
        let smallest = frames::flatten(&page.frame)
            .into_iter()
            .filter_map(|drawn| match drawn.kind {
                Kind::Text(text) => Some((text.size.to_pt() * drawn.scale, text.text.to_string())),
                _ => None,
            })
            .filter(|(size, _)| *size + TOLERANCE_PT < min)
            .min_by(|a, b| a.0.total_cmp(&b.0));
        let Some((size, words)) = smallest else { continue };
        let message = format!(
            "text is set at {size:.1} pt, under the {min} pt a {} allows anywhere: “{}”",
            layout.kind.name(),
            words.trim()
        );
        let hint = "set it at least at the minimum: the theme's `scale(base, floor: …)` keeps \
                    small steps there";
        findings.push(Diagnostic::error("size", message).page(index + 1).hint(hint));
    }
    findings
}
