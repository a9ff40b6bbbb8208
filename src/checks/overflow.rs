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

use super::Diagnostic;
use super::frames::{self, Kind as Drawn};
use super::marks::{self, TextMark, query};
use crate::diagnostic::Place;
use crate::layout::{Kind, Layout};
use crate::org::Organisation;

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

/// Every overflow and minimum-size problem in `document`, laid out from `layout` with `org`'s
/// details, if any.
pub fn check(
    document: &PagedDocument,
    layout: &Layout,
    org: Option<&Organisation>,
) -> Vec<Diagnostic> {
    let marks = marks::texts(document);
    let mut findings = Vec::new();
    findings.extend(page_count(document, layout, &marks, org));
    for (body, (page, ..)) in query::<Body>(document, "leafpress-body") {
        findings.extend(too_small(body.body, layout.kind, layout).map(|f| f.page(page)));
    }
    let anchors = query::<Anchor>(document, "leafpress-box");
    let org_marks = org.map(|org| org_marks(document, org)).unwrap_or_default();
    for (fit, _) in query::<Fit>(document, "leafpress-fit") {
        let anchor = anchors.iter().find(|(a, _)| a.name == fit.name).map(|(_, at)| *at);
        let found = fit_box(&fit, anchor, &marks, layout);
        findings.extend(found.map(|f| blame_org(f, &fit, anchor, &org_marks, org)));
    }
    // A box that overflowed also runs off its page; one finding per page says it.
    let reported: Vec<Option<usize>> = findings.iter().map(|f| f.page).collect();
    let off = off_the_page(document, &marks, org);
    findings.extend(off.into_iter().filter(|f| !reported.contains(&f.page)));
    findings
}

/// More pages than the layout is made for: text was pushed onto pages of its own.
fn page_count(
    document: &PagedDocument,
    layout: &Layout,
    marks: &[TextMark],
    org: Option<&Organisation>,
) -> Option<Diagnostic> {
    let expected = layout.pages?;
    let actual = document.pages().len();
    if actual <= expected {
        return None;
    }
    let message =
        format!("the text runs to {actual} pages; {} is made for {expected}", layout.name);
    let finding = Diagnostic::error("overflow", message)
        .page(expected + 1)
        .hint("shorten these texts until the document has its pages back");
    // What overflowed is what runs over a page break: each page of these layouts is a side of
    // its own, so no text is meant to continue on the next.
    if let Some((key, at)) = org.and_then(|org| org_split(document, org)) {
        let finding = finding.keys([key]);
        return Some(match at {
            Some(at) => finding.at(at),
            None => finding,
        });
    }
    let split = split(marks);
    if !split.is_empty() {
        return Some(finding.keys(split));
    }
    // Else, texts that appear only after the last page it should have: footers repeat on
    // every page, so a key seen before that is not one that was pushed.
    let before: BTreeSet<&str> =
        marks.iter().filter(|m| m.page <= expected).map(|m| m.key.as_str()).collect();
    let pushed = unique(marks.iter().filter(|m| m.page > expected && !before.contains(&*m.key)));
    Some(finding.keys(pushed))
}

/// The keys of texts that start on one page and end on another: their start and end markers
/// do not pair up on some page.
fn split(marks: &[TextMark]) -> Vec<String> {
    let mut counts: std::collections::BTreeMap<(&str, usize), usize> = Default::default();
    for mark in marks {
        *counts.entry((mark.key.as_str(), mark.page)).or_default() += 1;
    }
    let odd = |m: &&TextMark| counts.get(&(m.key.as_str(), m.page)).is_some_and(|n| n % 2 == 1);
    unique(marks.iter().filter(odd))
}

/// The organisation's text (its key, and where it is written) that is printed on more than
/// one page: it ran over a page break.
fn org_split(document: &PagedDocument, org: &Organisation) -> Option<(String, Option<Place>)> {
    let mut pages: std::collections::BTreeMap<String, BTreeSet<usize>> = Default::default();
    for mark in org_marks(document, org) {
        pages.entry(mark.key).or_default().insert(mark.page);
    }
    let key = pages.into_iter().find(|(_, pages)| pages.len() > 1)?.0;
    let at = org.locate(&key);
    Some((key, at))
}

/// A fixed-size box whose text did not fit at the smallest size allowed, or was shrunk below
/// the minimum for its kind of document.
fn fit_box(
    fit: &Fit,
    anchor: Option<(usize, f64, f64)>,
    marks: &[TextMark],
    layout: &Layout,
) -> Option<Diagnostic> {
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
    let mut finding = Diagnostic::error("overflow", message).hint(
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
        keys = crossing(marks, page, y + fit.room + SLACK, |m| {
            (x - SLACK..=x + fit.width + SLACK).contains(&m.x)
        });
        if keys.is_empty() {
            keys = unique(marks.iter().filter(outside));
        }
    }
    if keys.is_empty() {
        keys = fit.keys.clone();
    }
    Some(finding.keys(keys))
}

/// The keys of texts on `page` that start above `bottom` and end below it: the texts that run
/// out of a box or page, rather than those pushed out whole after them.
fn crossing(
    marks: &[TextMark],
    page: usize,
    bottom: f64,
    within: impl Fn(&TextMark) -> bool,
) -> Vec<String> {
    let ours: Vec<&TextMark> = marks.iter().filter(|m| m.page == page && within(m)).collect();
    let runs_out = |key: &str| {
        let of_key = ours.iter().filter(|m| m.key == key);
        let (inside, below): (Vec<&&TextMark>, Vec<&&TextMark>) =
            of_key.partition(|m| m.y <= bottom);
        !inside.is_empty() && !below.is_empty()
    };
    unique(ours.iter().copied().filter(|m| runs_out(&m.key)))
}

/// An overflowing box's finding, blamed on the organisation's text where that is what runs
/// past the box's bottom: its key and its place in the organisation file.
fn blame_org(
    finding: Diagnostic,
    fit: &Fit,
    anchor: Option<(usize, f64, f64)>,
    org_marks: &[TextMark],
    org: Option<&Organisation>,
) -> Diagnostic {
    let (Some((page, x, y)), Some(org)) = (anchor, org) else { return finding };
    if fit.fits {
        return finding;
    }
    let below = |m: &&TextMark| {
        m.page == page
            && (x - SLACK..=x + fit.width + SLACK).contains(&m.x)
            && m.y > y + fit.room + SLACK
    };
    let Some(mark) = org_marks.iter().find(below) else { return finding };
    let finding = Diagnostic { place: org.locate(&mark.key), ..finding };
    finding.keys([mark.key.clone()])
}

/// Where the organisation's texts are printed, as marks named by their key in the
/// organisation file (`name`, `address`, `card_title`).
fn org_marks(document: &PagedDocument, org: &Organisation) -> Vec<TextMark> {
    let mut marks = Vec::new();
    for (i, page) in document.pages().iter().enumerate() {
        for item in frames::flatten(&page.frame) {
            let Drawn::Text(text) = item.kind else { continue };
            if let Some(key) = org.key_of(&text.text) {
                let (x, y) = (item.origin.x.to_pt(), item.origin.y.to_pt());
                marks.push(TextMark { key: key.to_string(), page: i + 1, x, y });
            }
        }
    }
    marks
}

/// Body text below the minimum for `kind`.
fn too_small(size: f64, kind: Kind, layout: &Layout) -> Option<Diagnostic> {
    let min = kind.min_body_pt();
    (size + 0.01 < min).then(|| {
        let message = format!(
            "body text is {} pt, below the {} pt minimum for a {}",
            trim(size),
            trim(min),
            kind.name()
        );
        let hint = format!("raise the base size in layouts/{}.typ", layout.file);
        Diagnostic::error("overflow", message).hint(hint)
    })
}

/// Text drawn past the edge of its page, where it would be cut off.
fn off_the_page(
    document: &PagedDocument,
    marks: &[TextMark],
    org: Option<&Organisation>,
) -> Vec<Diagnostic> {
    let mut findings = Vec::new();
    for (i, page) in document.pages().iter().enumerate() {
        let sheet = frames::page_box(page.frame.size());
        let outside = frames::flatten(&page.frame).into_iter().find_map(|item| match item.kind {
            Drawn::Text(text) if !frames::contains(&sheet, &item.bbox, Abs::pt(SLACK)) => {
                Some((text.text.clone(), item.origin.y.to_pt()))
            }
            _ => None,
        });
        let Some((text, y)) = outside else { continue };
        let message = format!("text runs off the edge of the page: “{}”", text.trim());
        let finding = Diagnostic::error("overflow", message)
            .page(i + 1)
            .hint("shorten these texts: the page has no room for them");
        if let Some(key) = org.and_then(|org| org.key_of(&text)) {
            let finding = finding.keys([key]);
            let at = org.and_then(|org| org.locate(key));
            findings.push(match at {
                Some(at) => finding.at(at),
                None => finding,
            });
            continue;
        }
        let bottom = page.frame.size().y.to_pt();
        let mut keys = crossing(marks, i + 1, bottom, |_| true);
        if keys.is_empty() {
            keys = enclosing(marks, i + 1, y);
        }
        // What runs off is often pushed off by a longer text above it: name the text that
        // takes the most room on the page too.
        keys.extend(tallest(marks, i + 1).filter(|key| !keys.contains(key)));
        findings.push(finding.keys(keys));
    }
    findings
}

/// The key of the text that takes the most height on `page`, from its start to its end.
fn tallest(marks: &[TextMark], page: usize) -> Option<String> {
    let mut extent: std::collections::BTreeMap<&str, (f64, f64)> = Default::default();
    for mark in marks.iter().filter(|m| m.page == page) {
        let e = extent.entry(&mark.key).or_insert((f64::INFINITY, f64::NEG_INFINITY));
        *e = (e.0.min(mark.y), e.1.max(mark.y));
    }
    let height = |(top, end): &(f64, f64)| end - top;
    let (key, _) = extent.iter().max_by(|a, b| height(a.1).total_cmp(&height(b.1)))?;
    Some(key.to_string())
}

/// The keys of texts on `page` whose start and end markers enclose the height `y`.
fn enclosing(marks: &[TextMark], page: usize, y: f64) -> Vec<String> {
    let ours: Vec<&TextMark> = marks.iter().filter(|m| m.page == page).collect();
    let encloses = |m: &&TextMark| {
        let of_key = ours.iter().filter(|o| o.key == m.key);
        let (top, end) =
            of_key.fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), o| (a.min(o.y), b.max(o.y)));
        top - SLACK <= y && y <= end + SLACK
    };
    unique(ours.iter().copied().filter(encloses))
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

#[cfg(test)]
mod tests {
    use super::*;

    fn mark(key: &str, page: usize, y: f64) -> TextMark {
        TextMark { key: key.into(), page, x: 10.0, y }
    }

    #[test]
    fn a_text_split_over_a_page_break_is_named_not_a_repeated_footer() {
        let marks = [
            mark("footer", 1, 400.0),
            mark("footer", 1, 410.0),
            mark("subtitle", 1, 100.0),
            mark("subtitle", 2, 50.0),
            mark("footer", 2, 400.0),
            mark("footer", 2, 410.0),
        ];
        assert_eq!(split(&marks), ["subtitle"]);
    }

    #[test]
    fn the_text_that_runs_out_of_a_box_is_named_not_those_pushed_after_it() {
        let marks = [
            mark("intro", 1, 10.0),
            mark("intro", 1, 300.0),
            mark("items.0", 1, 310.0),
            mark("items.0", 1, 320.0),
        ];
        assert_eq!(crossing(&marks, 1, 200.0, |_| true), ["intro"]);
        assert_eq!(tallest(&marks, 1).as_deref(), Some("intro"));
    }
}
