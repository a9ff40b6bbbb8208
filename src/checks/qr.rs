//! QR codes scan: each code on the printed pages decodes to exactly its payload, its modules
//! are at least 0.4 mm across, and nothing is drawn over it or cut off by the page edge.
//!
//! Codes are found by their image data (each payload's SVG is made once per project, so the
//! bytes match), and decoded from a render of the area around each one, so that what is
//! decoded is what the printer gets, imposition and all. Decoding is memoized by the rendered
//! pixels, since the same code in the same surroundings recurs in every language.

use std::collections::HashMap;

use typst::foundations::Bytes;
use typst::layout::{Abs, Frame, Point, Rect, Size};
use typst::visualize::ImageKind;
use typst_layout::{Page, PagedDocument};

use super::Finding;
use super::frames::{self, Kind};
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

/// Every QR problem on the printed pages of a document, whose codes are `codes` (virtual
/// path, payload and SVG, as the world serves them).
pub fn check<'a>(
    document: &PagedDocument,
    codes: impl Iterator<Item = (&'a str, &'a str, &'a Bytes)>,
) -> Vec<Finding> {
    let codes: HashMap<&[u8], &str> =
        codes.map(|(_, payload, svg)| (svg.as_slice(), payload)).collect();

    let mut findings = Vec::new();
    for (i, page) in document.pages().iter().enumerate() {
        let items = frames::flatten(&page.frame);
        for (at, item) in items.iter().enumerate() {
            let Kind::Image(image) = item.kind else { continue };
            let ImageKind::Svg(svg) = image.kind() else { continue };
            let Some(payload) = codes.get(svg.data().as_slice()) else { continue };
            let problems = module_size(payload, &item.bbox)
                .into_iter()
                .chain(covered(&items[at + 1..], &item.bbox, page.frame.size()))
                .chain(scans(page, &item.bbox, payload));
            findings.extend(problems.map(|f| f.page(i + 1)));
        }
    }
    findings
}

/// A module under [`MIN_MODULE_MM`].
fn module_size(payload: &str, bbox: &Rect) -> Option<Finding> {
    let modules = qr::modules(payload).ok()?;
    let width = (bbox.max.x - bbox.min.x).to_mm();
    let module = width / modules as f64;
    (module + 1e-6 < MIN_MODULE_MM).then(|| {
        let need = MIN_MODULE_MM * modules as f64;
        let message = format!(
            "the QR code for {payload} is {width:.1} mm wide, so its modules are {module:.2} mm, \
             under the {MIN_MODULE_MM} mm a phone reads reliably"
        );
        Finding::error("qr", message).hint(format!(
            "make it at least {need:.1} mm wide ({modules} modules with the quiet zone)"
        ))
    })
}

/// Something drawn over the code or its quiet zone, or the code running off the page.
fn covered(later: &[frames::Drawn], bbox: &Rect, page: Size) -> Option<Finding> {
    if !frames::contains(&frames::page_box(page), bbox, Abs::pt(TOLERANCE)) {
        return Some(
            Finding::error("qr", "a QR code runs off the edge of the page, losing its quiet zone")
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
        Finding::error("qr", format!("{what} is drawn over a QR code or its quiet zone"))
            .hint("keep four modules of white around every code"),
    )
}

/// Renders the area around the code and decodes it.
fn scans(page: &Page, bbox: &Rect, payload: &str) -> Option<Finding> {
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
    Some(Finding::error("qr", message).hint("give the code more room, or make it larger"))
}

/// The codes found in `bbox` (and a margin around it) on `page`, rendering only what is drawn
/// there, at print resolution or [`PIXELS_PER_MODULE`], whichever is coarser.
fn decode_area(page: &Page, bbox: &Rect, modules: usize) -> Vec<String> {
    let width = bbox.max.x - bbox.min.x;
    let margin = width * 0.05;
    let origin = Point::new(bbox.min.x - margin, bbox.min.y - margin);
    let end = Point::new(bbox.max.x + margin, bbox.max.y + margin);
    let mut frame = Frame::hard((end - origin).to_size());
    frame.push_frame(-origin, frames::within(&page.frame, &Rect::new(origin, end)));
    let module = width.to_pt() / modules as f64;
    let pixel_per_pt = PIXEL_PER_PT.min(PIXELS_PER_MODULE / module);
    qr::decode_frame(frame, pixel_per_pt)
}
