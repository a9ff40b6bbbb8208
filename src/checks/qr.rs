//! QR codes scan: each code on the printed pages decodes to exactly its payload, its modules
//! are at least 0.4 mm across, nothing is drawn over it or cut off by the page edge, and it
//! sits beside the number or address it encodes. Every other image on the page (a logo, a
//! picture a layout places) is read too, and so is every code a layout draws as vectors
//! (found by [`super::vectors`]): a QR code in them must encode a number or address of the
//! directory or the organisation, beside it.
//!
//! leafpress's own codes are found by their image data (each payload's SVG is made once per
//! project, so the bytes match). Every image is decoded from a render of its area alone, so
//! that what is decoded is what the printer gets, imposition and all, and a page costs no more
//! than its images. Decoding is memoized by the rendered pixels, since the same code in the
//! same surroundings recurs in every language.

use std::collections::HashMap;
use std::path::Path;

use typst::foundations::Bytes;
use typst::layout::{Abs, Frame, Point, Rect, Size};
use typst::visualize::ImageKind;
use typst_layout::{Page, PagedDocument};

use super::Diagnostic;
use super::frames::{self, Kind};
use super::vectors::{self, Region};
use crate::qr;

/// The smallest module that office printers and phone cameras handle reliably.
pub const MIN_MODULE_MM: f64 = 0.4;
/// Print resolution for decoding: 300 dots per inch.
const PIXEL_PER_PT: f64 = 300.0 / 72.0;
/// Enough pixels per module for a sure decode. A poster's code at 300 dpi would be a
/// megapixel image, which takes rqrr a long time to search and tells no more.
const PIXELS_PER_MODULE: f64 = 6.0;
/// How much may touch a code's edge before it counts as drawn over it.
const TOLERANCE: f64 = 0.25;
/// The most pixels across a render of an image that is not one of leafpress's codes: enough
/// for a code that fills a logo, and a bound on the time rqrr spends on a large picture.
const MAX_IMAGE_PIXELS: f64 = 800.0;
/// Images smaller than this (in points) hold no code a phone could read.
const MIN_IMAGE_PT: f64 = 8.0;
/// How far around a code (in widths of the code) its number or address may be printed: across
/// the code's own panel or card side, not across the page.
const BESIDE: f64 = 2.5;

/// Every QR problem on the printed pages of a document, whose codes are `codes` (virtual
/// path, payload and SVG, as the world serves them). `allowed` maps every payload a code may
/// carry to what is printed beside it; `root` is the project directory, where the layout lines
/// that draw a code are found.
pub fn check<'a>(
    document: &PagedDocument,
    codes: impl Iterator<Item = (&'a str, &'a str, &'a Bytes)>,
    allowed: &HashMap<String, String>,
    root: &Path,
) -> Vec<Diagnostic> {
    let codes: HashMap<&[u8], &str> =
        codes.map(|(_, payload, svg)| (svg.as_slice(), payload)).collect();

    let mut findings = Vec::new();
    for (i, page) in document.pages().iter().enumerate() {
        let items = frames::flatten(&page.frame);
        let mut placed = Vec::new();
        for (at, item) in items.iter().enumerate() {
            let Kind::Image(image) = item.kind else { continue };
            let own = match image.kind() {
                ImageKind::Svg(svg) => codes.get(svg.data().as_slice()),
                _ => None,
            };
            placed.extend(own.map(|payload| (item.bbox, *payload)));
            let problems: Vec<Diagnostic> = match own {
                Some(payload) => module_size(payload, &item.bbox)
                    .into_iter()
                    .chain(covered(&items[at + 1..], &item.bbox, page.frame.size()))
                    .chain(scans(page, &item.bbox, payload))
                    .chain(beside(&items, &item.bbox, payload, allowed))
                    .collect(),
                None => foreign(page, &items, &item.bbox, allowed),
            };
            findings.extend(problems.into_iter().map(|f| f.page(i + 1)));
        }
        for region in vectors::regions(&items) {
            let problems = drawn(page, &items, &region, &placed, allowed, root);
            // The same code drawn on every card of a sheet is one problem, said once.
            for problem in problems.into_iter().map(|f| f.page(i + 1)) {
                if !findings.contains(&problem) {
                    findings.push(problem);
                }
            }
        }
    }
    findings
}

/// The codes drawn as vectors in `region`: each must carry a payload of the directory or the
/// organisation, and sit beside what it encodes. leafpress's own codes placed there (`placed`,
/// with their payloads) are checked as images already.
fn drawn(
    page: &Page,
    items: &[frames::Drawn],
    region: &Region,
    placed: &[(Rect, &str)],
    allowed: &HashMap<String, String>,
    root: &Path,
) -> Vec<Diagnostic> {
    let bbox = &region.bbox;
    let (width, height) = ((bbox.max.x - bbox.min.x).to_pt(), (bbox.max.y - bbox.min.y).to_pt());
    let pixel_per_pt = (MAX_IMAGE_PIXELS / width.max(height)).min(4.0 * PIXEL_PER_PT);
    let mut findings = Vec::new();
    for payload in render_area(page, bbox, pixel_per_pt) {
        let own =
            |(at, code): &(Rect, &str)| *code == payload && frames::overlaps(at, bbox, Abs::zero());
        if placed.iter().any(own) {
            continue;
        }
        if allowed.contains_key(&payload) {
            findings.extend(beside(items, bbox, &payload, allowed));
            continue;
        }
        let message = format!(
            "a QR code drawn on the page encodes {payload}, which is not in \
             content/services.toml or the organisation file"
        );
        let hint = "draw no codes in a layout: place the directory's own with the theme's qr(), \
                    beside the number or address it encodes";
        let finding = Diagnostic::error("qr", message).hint(hint);
        findings.push(match vectors::locate(root, region.span) {
            Some(at) => finding.at(at),
            None => finding,
        });
    }
    findings
}

/// The codes in an image that leafpress did not make: each must carry a payload of the
/// directory or the organisation, and sit beside what it encodes.
fn foreign(
    page: &Page,
    items: &[frames::Drawn],
    bbox: &Rect,
    allowed: &HashMap<String, String>,
) -> Vec<Diagnostic> {
    let (width, height) = ((bbox.max.x - bbox.min.x).to_pt(), (bbox.max.y - bbox.min.y).to_pt());
    if width.min(height) < MIN_IMAGE_PT {
        return Vec::new();
    }
    // Small images are rendered finer, so that a code in a small logo still resolves.
    let pixel_per_pt = (MAX_IMAGE_PIXELS / width.max(height)).min(4.0 * PIXEL_PER_PT);
    let mut findings = Vec::new();
    for payload in render_area(page, bbox, pixel_per_pt) {
        if allowed.contains_key(&payload) {
            findings.extend(beside(items, bbox, &payload, allowed));
            continue;
        }
        let message = format!(
            "an image on the page is a QR code for {payload}, which is not in \
             content/services.toml or the organisation file"
        );
        let hint = "remove the code from the image: every code must lead to a number or address \
                    from the directory, printed beside it";
        findings.push(Diagnostic::error("qr", message).hint(hint));
    }
    findings
}

/// A code that is not beside the number or address it encodes, so that a reader would not
/// know where it leads, or would be led somewhere else than the text beside it says: its own
/// number or address must be printed near it, or at least on its page (layouts set a code
/// and its address apart in a wide block, and a list of services puts several side by side).
fn beside(
    items: &[frames::Drawn],
    bbox: &Rect,
    payload: &str,
    allowed: &HashMap<String, String>,
) -> Option<Diagnostic> {
    let printed = allowed.get(payload)?;
    let reach = (bbox.max.x - bbox.min.x).max(bbox.max.y - bbox.min.y) * BESIDE;
    let around = Rect::new(
        Point::new(bbox.min.x - reach, bbox.min.y - reach),
        Point::new(bbox.max.x + reach, bbox.max.y + reach),
    );
    let texts = |area: Option<&Rect>| -> Vec<String> {
        let within =
            |i: &frames::Drawn| area.is_none_or(|a| frames::overlaps(&i.bbox, a, Abs::zero()));
        items
            .iter()
            .filter(|i| within(i))
            .filter_map(|i| {
                if let Kind::Text(text) = i.kind { Some(squeeze(&text.text)) } else { None }
            })
            .collect()
    };
    let near = texts(Some(&around));
    if covered_by(&squeeze(printed), &near) {
        return None;
    }
    let kind = |p: &str| p.starts_with("tel:");
    let mut others: Vec<&String> = allowed
        .iter()
        .filter(|(p, shown)| *p != payload && kind(p) == kind(payload) && *shown != printed)
        .filter(|(_, shown)| covered_by(&squeeze(shown), &near))
        .map(|(_, shown)| shown)
        .collect();
    others.sort();
    if covered_by(&squeeze(printed), &texts(None)) {
        return None;
    }
    let message = match others.first() {
        None => format!("the QR code for {payload} is not beside {printed}, which it encodes"),
        Some(other) => format!(
            "the QR code for {payload} is beside {other}, not beside {printed}, which it encodes"
        ),
    };
    let hint = "print each code next to its own number or address, so that a reader knows where \
                it leads";
    Some(Diagnostic::error("qr", message).hint(hint))
}

/// A run of text without white space or invisible characters, for finding what it spells.
fn squeeze(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace() && !crate::truth::is_invisible(*c)).collect()
}

/// A module under [`MIN_MODULE_MM`].
fn module_size(payload: &str, bbox: &Rect) -> Option<Diagnostic> {
    let modules = qr::modules(payload).ok()?;
    let width = (bbox.max.x - bbox.min.x).to_mm();
    let module = width / modules as f64;
    (module + 1e-6 < MIN_MODULE_MM).then(|| {
        let need = MIN_MODULE_MM * modules as f64;
        let message = format!(
            "the QR code for {payload} is {width:.1} mm wide, so its modules are {module:.2} mm, \
             under the {MIN_MODULE_MM} mm a phone reads reliably"
        );
        Diagnostic::error("qr", message).hint(format!(
            "make it at least {need:.1} mm wide ({modules} modules with the quiet zone)"
        ))
    })
}

/// Whether the runs of text `pieces` spell out all of `wanted` between them: an address that
/// wraps after a slash, or is set in several runs, is printed in pieces, and other texts of the
/// same lines may come between them in any reading order.
fn covered_by(wanted: &str, pieces: &[String]) -> bool {
    let mut covered = vec![false; wanted.len()];
    for piece in pieces.iter().filter(|p| !p.is_empty()) {
        if piece.contains(wanted) {
            return true;
        }
        for (at, _) in wanted.match_indices(piece.as_str()) {
            covered[at..at + piece.len()].fill(true);
        }
    }
    !wanted.is_empty() && covered.iter().all(|c| *c)
}

/// Something drawn over the code or its quiet zone, or the code running off the page.
fn covered(later: &[frames::Drawn], bbox: &Rect, page: Size) -> Option<Diagnostic> {
    if !frames::contains(&frames::page_box(page), bbox, Abs::pt(TOLERANCE)) {
        return Some(
            Diagnostic::error(
                "qr",
                "a QR code runs off the edge of the page, losing its quiet zone",
            )
            .hint("move it inside the margins"),
        );
    }
    let over = later.iter().find(|item| frames::overlaps(&item.bbox, bbox, Abs::pt(TOLERANCE)))?;
    let what = match over.kind {
        Kind::Text(text) => format!("the text “{}”", text.text.trim()),
        Kind::Shape(_) => "a shape".into(),
        Kind::Image(_) => "an image".into(),
    };
    Some(
        Diagnostic::error("qr", format!("{what} is drawn over a QR code or its quiet zone"))
            .hint("keep four modules of white around every code"),
    )
}

/// Renders the area around the code and decodes it.
fn scans(page: &Page, bbox: &Rect, payload: &str) -> Option<Diagnostic> {
    let modules = qr::modules(payload).ok()?;
    let decoded = decode_area(page, bbox, modules);
    if decoded.len() == 1 && decoded[0] == payload {
        return None;
    }
    let message = match decoded.as_slice() {
        [] => format!("the QR code for {payload} does not scan"),
        [other] => format!("the QR code for {payload} scans as {other}"),
        many => format!("the QR code for {payload} scans as {} codes", many.len()),
    };
    Some(Diagnostic::error("qr", message).hint("give the code more room, or make it larger"))
}

/// The codes found in `bbox` (and a margin around it) on `page`, rendering only what is drawn
/// there, at print resolution or [`PIXELS_PER_MODULE`], whichever is coarser.
fn decode_area(page: &Page, bbox: &Rect, modules: usize) -> Vec<String> {
    let width = bbox.max.x - bbox.min.x;
    let module = width.to_pt() / modules as f64;
    render_area(page, bbox, PIXEL_PER_PT.min(PIXELS_PER_MODULE / module))
}

/// The codes found in `bbox` (and a margin around it) on `page`, rendering only what is drawn
/// there, at `pixel_per_pt`.
fn render_area(page: &Page, bbox: &Rect, pixel_per_pt: f64) -> Vec<String> {
    let margin = (bbox.max.x - bbox.min.x) * 0.05;
    let origin = Point::new(bbox.min.x - margin, bbox.min.y - margin);
    let end = Point::new(bbox.max.x + margin, bbox.max.y + margin);
    let mut frame = Frame::hard((end - origin).to_size());
    frame.push_frame(-origin, frames::within(&page.frame, &Rect::new(origin, end)));
    qr::decode_frame(frame, pixel_per_pt)
}

#[cfg(test)]
mod tests {
    use super::covered_by;

    #[test]
    fn an_address_set_in_pieces_is_found_in_any_order() {
        let pieces = |p: &[&str]| p.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert!(covered_by("www.1712.be", &pieces(&["Scan", ".be", "www.", "1712"])));
        assert!(covered_by("www.a.be/b/c", &pieces(&["www.a.be", "/", "b", "/", "c", "other"])));
        assert!(!covered_by("www.caw.be", &pieces(&["www.1712.be", "caw"])));
    }
}
