//! Overflow: text that does not fit its page, panel, card side or tab, and body text set
//! smaller than its kind of document allows.
//!
//! Layouts say what they did through metadata that this module reads back from the compiled
//! document (see the theme): `<leafpress-fit>` for each fixed-size box (whether its text fitted,
//! at what size, and by how much it did not), `<leafpress-box>` where each box starts on the
//! page, `<leafpress-body>` for the body size, and `<leafpress-text>` where each text starts and
//! ends, so that a text that ran past its box can be named by its key.

use std::collections::BTreeSet;

use serde::Deserialize;
use typst::layout::Abs;
use typst_layout::PagedDocument;

use super::Finding;
use super::frames::{self, Kind as Drawn};
use super::marks::{self, TextMark, query};
use crate::layout::{Kind, Layout};

/// How far (in points) a text may reach past its box before it counts as outside: rounding
/// and the marker's own place within its line.
const SLACK: f64 = 1.0;

/// What a layout reports for one fixed-size box.
#[derive(Debug, Deserialize)]
struct Fit {
    #[serde(rename = "box")]
    name: String,
    #[serde(default)]
    label: Option<String>,
    fits: bool,
    size: f64,
    min: f64,
    need: f64,
    room: f64,
    width: f64,
    #[serde(default)]
    keys: Vec<String>,
    #[serde(default)]
    kind: Option<Kind>,
    #[serde(default)]
    hint: Option<String>,
}

#[derive(Debug, Deserialize)]
struct Anchor {
    #[serde(rename = "box")]
    name: String,
}

#[derive(Debug, Deserialize)]
struct Body {
    body: f64,
}

/// Every overflow and minimum-size problem in `document`, laid out from `layout`.
pub fn check(document: &PagedDocument, layout: &Layout) -> Vec<Finding> {
    let marks = marks::texts(document);
    let mut findings = Vec::new();
    findings.extend(page_count(document, layout, &marks));
    for (body, (page, ..)) in query::<Body>(document, "leafpress-body") {
        findings.extend(too_small(body.body, layout.kind, layout).map(|f| f.page(page)));
    }
    let anchors = query::<Anchor>(document, "leafpress-box");
    for (fit, _) in query::<Fit>(document, "leafpress-fit") {
        let anchor = anchors.iter().find(|(a, _)| a.name == fit.name).map(|(_, at)| *at);
        findings.extend(fit_box(&fit, anchor, &marks, layout));
    }
    // A box that overflowed also runs off its page; one finding per page says it.
    let reported: Vec<Option<usize>> = findings.iter().map(|f| f.page).collect();
    findings.extend(off_the_page(document).into_iter().filter(|f| !reported.contains(&f.page)));
    findings
}

/// More pages than the layout is made for: text was pushed onto pages of its own.
fn page_count(document: &PagedDocument, layout: &Layout, marks: &[TextMark]) -> Option<Finding> {
    let expected = layout.pages?;
    let actual = document.pages().len();
    if actual <= expected {
        return None;
    }
    // Texts that appear only after the last page it should have: footers repeat on every page,
    // so a key seen before that is not one that was pushed.
    let before: BTreeSet<&str> =
        marks.iter().filter(|m| m.page <= expected).map(|m| m.key.as_str()).collect();
    let pushed = unique(marks.iter().filter(|m| m.page > expected && !before.contains(&*m.key)));
    let message =
        format!("the text runs to {actual} pages; {} is made for {expected}", layout.name);
    Some(
        Finding::error("overflow", message)
            .page(expected + 1)
            .keys(pushed)
            .hint("shorten these texts until the document has its pages back"),
    )
}

/// A fixed-size box whose text did not fit at the smallest size allowed, or was shrunk below
/// the minimum for its kind of document.
fn fit_box(
    fit: &Fit,
    anchor: Option<(usize, f64, f64)>,
    marks: &[TextMark],
    layout: &Layout,
) -> Option<Finding> {
    let kind = fit.kind.unwrap_or(layout.kind);
    if fit.fits {
        return too_small(fit.size, kind, layout);
    }
    let over = mm(fit.need - fit.room);
    let message = format!(
        "the text of {} is {over:.1} mm too long for its box ({:.1} mm of text in {:.1} mm), \
         even at the smallest size the layout allows, {} pt",
        fit.label.as_deref().unwrap_or(&fit.name),
        mm(fit.need),
        mm(fit.room),
        trim(fit.min)
    );
    let hint = fit.hint.as_deref();
    let mut finding = Finding::error("overflow", message).hint(
        hint.unwrap_or("shorten these texts; the layout already set them as small as it may"),
    );
    let mut keys = Vec::new();
    if let Some((page, x, y)) = anchor {
        finding = finding.page(page);
        let outside = |m: &&TextMark| {
            m.page == page
                && (x - SLACK..=x + fit.width + SLACK).contains(&m.x)
                && (m.y > y + fit.room + SLACK || m.y < y - SLACK)
        };
        keys = unique(marks.iter().filter(outside));
    }
    if keys.is_empty() {
        keys = fit.keys.clone();
    }
    Some(finding.keys(keys))
}

/// Body text below the minimum for `kind`.
fn too_small(size: f64, kind: Kind, layout: &Layout) -> Option<Finding> {
    let min = kind.min_body_pt();
    (size + 0.01 < min).then(|| {
        let message = format!(
            "body text is {} pt, below the {} pt minimum for a {}",
            trim(size),
            trim(min),
            kind.name()
        );
        let hint = format!("raise the base size in layouts/{}.typ", layout.file);
        Finding::error("overflow", message).hint(hint)
    })
}

/// Text drawn past the edge of its page, where it would be cut off.
fn off_the_page(document: &PagedDocument) -> Vec<Finding> {
    let mut findings = Vec::new();
    for (i, page) in document.pages().iter().enumerate() {
        let sheet = frames::page_box(page.frame.size());
        let outside = frames::flatten(&page.frame).into_iter().find_map(|item| match item.kind {
            Drawn::Text(text) if !frames::contains(&sheet, &item.bbox, Abs::pt(SLACK)) => {
                Some(text.text.clone())
            }
            _ => None,
        });
        if let Some(text) = outside {
            let message = format!("text runs off the edge of the page: “{}”", text.trim());
            findings.push(Finding::error("overflow", message).page(i + 1));
        }
    }
    findings
}

/// The keys of `marks`, each once, in order.
fn unique<'a>(marks: impl Iterator<Item = &'a TextMark>) -> Vec<String> {
    let mut keys: Vec<String> = Vec::new();
    for mark in marks {
        if !keys.contains(&mark.key) {
            keys.push(mark.key.clone());
        }
    }
    keys
}

fn mm(pt: f64) -> f64 {
    Abs::pt(pt).to_mm()
}

/// A size in points without needless decimals: `8`, `7.5`.
fn trim(pt: f64) -> String {
    let rounded = (pt * 100.0).round() / 100.0;
    format!("{rounded}")
}
