//! A BleedBox on every page of a print shop's file.
//!
//! Typst 0.15 writes each page's TrimBox (from the page's bleed) but no BleedBox, which then
//! defaults to the MediaBox, crop marks and all, so a press would print into the slug.
//! [`with_bleed_box`] adds it after export. (The rest of a press file is made before export:
//! the theme's colours in CMYK in `layouts/lib/tokens.typ`, QR codes in black ink alone in
//! [`crate::qr::press_png`].)

use std::collections::HashMap;

use typst::foundations::Bytes;
use typst::layout::{Frame, FrameItem, GroupItem, Point, Size};
use typst::model::Document;
use typst::syntax::Span;
use typst::visualize::{Cmyk, Color, Curve, Geometry, ImageKind, Paint, ProcessColor};
use typst_layout::PagedDocument;

use crate::qr;

/// Black ink alone: C 0, M 0, Y 0, K 100.
pub fn black_ink() -> Color {
    Color::Process(ProcessColor::Cmyk(Cmyk { c: 0.0, m: 0.0, y: 0.0, k: 1.0 }))
}

/// No ink: the paper, in CMYK.
fn no_ink() -> Color {
    Color::Process(ProcessColor::Cmyk(Cmyk { c: 0.0, m: 0.0, y: 0.0, k: 0.0 }))
}

/// `document` with each of leafpress's QR codes (`codes`: virtual path, payload and SVG, as
/// [`crate::world::Shared::qr_codes`] gives them) drawn as vectors in black ink alone, and
/// every grey in black ink too.
pub fn with_press_codes<'a>(
    document: &PagedDocument,
    codes: impl Iterator<Item = (&'a str, &'a str, &'a Bytes)>,
) -> PagedDocument {
    let codes: HashMap<&[u8], &str> =
        codes.map(|(_, payload, svg)| (svg.as_slice(), payload)).collect();
    let mut pages = document.pages().to_vec();
    for page in &mut pages {
        swap_codes(&mut page.frame, &codes);
    }
    PagedDocument::new(pages.into(), document.info().clone())
}

/// Redraws the codes in `frame`, and any grey (such as the plain `black` of imposition's cut
/// marks) as the same tint of black ink.
fn swap_codes(frame: &mut Frame, codes: &HashMap<&[u8], &str>) {
    frame.retain(|item| {
        let drawn = match item {
            FrameItem::Group(group) => {
                swap_codes(&mut group.frame, codes);
                None
            }
            FrameItem::Image(image, size, span) => match image.kind() {
                ImageKind::Svg(svg) => codes
                    .get(svg.data().as_slice())
                    .and_then(|payload| drawn_code(payload, *size, *span)),
                _ => None,
            },
            FrameItem::Shape(shape, _) => {
                shape.fill.iter_mut().for_each(grey_to_black_ink);
                shape.stroke.iter_mut().for_each(|s| grey_to_black_ink(&mut s.paint));
                None
            }
            FrameItem::Text(text) => {
                grey_to_black_ink(&mut text.fill);
                text.stroke.iter_mut().for_each(|s| grey_to_black_ink(&mut s.paint));
                None
            }
            _ => None,
        };
        if let Some(drawn) = drawn {
            *item = drawn;
        }
        true
    });
}

/// A solid grey as the same tint of black ink (grey 0.25 is K 75 %), which is how a press
/// prints a grey; other paints stay as they are.
fn grey_to_black_ink(paint: &mut Paint) {
    if let Paint::Solid(Color::Process(ProcessColor::Luma(grey))) = paint {
        let k = (1.0 - grey.luma).clamp(0.0, 1.0);
        *paint =
            Paint::Solid(Color::Process(ProcessColor::Cmyk(Cmyk { c: 0.0, m: 0.0, y: 0.0, k })));
    }
}

/// The code for `payload` as one black-ink shape on an unprinted square of `size`, as the
/// SVG from [`qr::svg`] draws it.
fn drawn_code(payload: &str, size: Size, span: Span) -> Option<FrameItem> {
    let (modules, runs) = qr::dark_runs(payload).ok()?;
    let module = size.x / modules as f64;
    let at = |x: usize, y: usize| Point::new(module * x as f64, module * y as f64);
    let mut curve = Curve::default();
    for (x, y, run) in runs {
        curve.move_(at(x, y));
        curve.line(at(x + run, y));
        curve.line(at(x + run, y + 1));
        curve.line(at(x, y + 1));
        curve.close();
    }
    let mut frame = Frame::hard(size);
    let paper = Geometry::Rect(size).filled(no_ink());
    frame.push(Point::zero(), FrameItem::Shape(paper, span));
    frame.push(Point::zero(), FrameItem::Shape(Geometry::Curve(curve).filled(black_ink()), span));
    Some(FrameItem::Group(GroupItem::new(frame)))
}

/// Why a BleedBox could not be added to a PDF: Typst wrote it in a shape this step does not
/// read (which a Typst upgrade could bring).
#[derive(Debug, PartialEq, Eq)]
pub struct BleedBoxError(pub &'static str);

/// The PDF `pdf` with a BleedBox on every page that has a TrimBox: the TrimBox grown by
/// `bleed_pt` on each side, within the MediaBox.
///
/// Each page object is rewritten where it stands and the cross-reference table with it, rather
/// than appended as an update, so that the file stays one revision; the same input gives the
/// same bytes. Only a classic cross-reference table and uncompressed page objects are read, as
/// Typst 0.15 writes them; anything else is refused rather than guessed at.
pub fn with_bleed_box(pdf: &[u8], bleed_pt: f64) -> Result<Vec<u8>, BleedBoxError> {
    let xref_at = last_startxref(pdf).ok_or(BleedBoxError("no startxref"))?;
    let table = XrefTable::read(pdf, xref_at).ok_or(BleedBoxError("no classic xref table"))?;
    let mut insertions: Vec<(usize, String)> = Vec::new();
    for (start, object) in objects(pdf, &table, xref_at) {
        if let Some(insertion) = bleed_box_for(object, bleed_pt) {
            insertions.push((start + insertion.0, insertion.1));
        }
    }
    if insertions.is_empty() {
        return Err(BleedBoxError("no page with a TrimBox"));
    }
    let shift = |offset: usize| -> usize {
        insertions.iter().filter(|(at, _)| *at <= offset).map(|(_, text)| text.len()).sum()
    };
    let mut out = Vec::with_capacity(pdf.len() + insertions.len() * 64);
    let mut copied = 0;
    for (at, text) in &insertions {
        out.extend_from_slice(&pdf[copied..*at]);
        out.extend_from_slice(text.as_bytes());
        copied = *at;
    }
    out.extend_from_slice(&pdf[copied..xref_at]);
    let new_xref = out.len();
    out.extend_from_slice(table.rewritten(|offset| offset + shift(offset)).as_bytes());
    out.extend_from_slice(&pdf[table.end..table.trailer_end]);
    out.extend_from_slice(format!("startxref\n{new_xref}\n%%EOF\n").as_bytes());
    Ok(out)
}

/// The first page's TrimBox size in millimetres, and the number of pages, of a PDF that
/// [`with_bleed_box`] can read; for the print specification.
pub fn trim_and_pages(pdf: &[u8]) -> Option<((f64, f64), usize)> {
    let xref_at = last_startxref(pdf)?;
    let table = XrefTable::read(pdf, xref_at)?;
    let pages: Vec<&[u8]> = objects(pdf, &table, xref_at).filter_map(|(_, o)| page(o)).collect();
    let (_, trim) = number_array(pages.first()?, b"/TrimBox[")?;
    let mm = |pt: f64| pt * 25.4 / 72.0;
    Some(((mm(trim[2] - trim[0]), mm(trim[3] - trim[1])), pages.len()))
}

/// Each object of `pdf` in the order of the file, with its offset: from `N 0 obj` to the next
/// object (or the cross-reference table at `xref_at`).
fn objects<'a>(
    pdf: &'a [u8],
    table: &XrefTable,
    xref_at: usize,
) -> impl Iterator<Item = (usize, &'a [u8])> {
    let mut starts: Vec<usize> = table.offsets().filter(|&at| at < xref_at).collect();
    starts.sort_unstable();
    let ends: Vec<usize> = starts.iter().skip(1).copied().chain([xref_at]).collect();
    starts.into_iter().zip(ends).map(move |(start, end)| (start, &pdf[start..end]))
}

/// The dictionary of a page object, or `None` for any other object. Only the dictionary is
/// read: a content stream's compressed bytes could hold anything.
fn page(object: &[u8]) -> Option<&[u8]> {
    let head = find(object, b"stream").map_or(object, |at| &object[..at]);
    find(head, b"/Type/Page").filter(|&at| head.get(at + 10) != Some(&b's'))?;
    Some(head)
}

/// Where in one object (`object`, from `N 0 obj` to the next object) a BleedBox goes, and
/// the text to insert: after the TrimBox of a page dictionary, or nothing for other objects.
fn bleed_box_for(object: &[u8], bleed_pt: f64) -> Option<(usize, String)> {
    let head = page(object)?;
    if find(head, b"/BleedBox").is_some() {
        return None;
    }
    let (trim_end, trim) = number_array(head, b"/TrimBox[")?;
    let media = number_array(head, b"/MediaBox[").map(|(_, m)| m);
    let mut bleed =
        [trim[0] - bleed_pt, trim[1] - bleed_pt, trim[2] + bleed_pt, trim[3] + bleed_pt];
    if let Some(media) = media {
        bleed = [
            bleed[0].max(media[0]),
            bleed[1].max(media[1]),
            bleed[2].min(media[2]),
            bleed[3].min(media[3]),
        ];
    }
    let numbers: Vec<String> = bleed.iter().map(|n| number(*n)).collect();
    Some((trim_end, format!("/BleedBox[{}]", numbers.join(" "))))
}

/// The four numbers of the array that starts with `key` (such as `/TrimBox[`) in `dict`, and
/// where the array ends (just after its `]`).
fn number_array(dict: &[u8], key: &[u8]) -> Option<(usize, [f64; 4])> {
    let start = find(dict, key)? + key.len();
    let close = start + find(&dict[start..], b"]")?;
    let text = std::str::from_utf8(&dict[start..close]).ok()?;
    let numbers: Vec<f64> =
        text.split_ascii_whitespace().map(str::parse).collect::<Result<_, _>>().ok()?;
    Some((close + 1, numbers.try_into().ok()?))
}

/// A PDF number with at most four decimals, trailing zeros dropped: `8.5039`, `0`.
fn number(value: f64) -> String {
    let text = format!("{value:.4}");
    let text = text.trim_end_matches('0').trim_end_matches('.');
    if text == "-0" { "0".into() } else { text.into() }
}

/// Where `needle` first occurs in `haystack`.
fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|window| window == needle)
}

/// The offset the last `startxref` gives.
fn last_startxref(pdf: &[u8]) -> Option<usize> {
    let at = pdf.windows(9).rposition(|w| w == b"startxref")? + 9;
    let rest = std::str::from_utf8(&pdf[at..]).ok()?;
    rest.split_ascii_whitespace().next()?.parse().ok()
}

/// A classic cross-reference table of one section (`xref`, `0 N`, N entries), read as it is
/// written, so that it can be written back with only the offsets changed.
struct XrefTable {
    /// Its first two lines, as written.
    head: String,
    /// Each object's offset and the rest of its line as written; a free entry's whole line.
    entries: Vec<(Option<usize>, String)>,
    /// Where the entries end and the trailer starts.
    end: usize,
    /// Where the trailer ends, at `startxref`.
    trailer_end: usize,
}

impl XrefTable {
    fn read(pdf: &[u8], at: usize) -> Option<Self> {
        let text = std::str::from_utf8(pdf.get(at..)?).ok()?;
        let mut lines = text.split_inclusive('\n');
        let xref = lines.next()?;
        let section = lines.next()?;
        (xref.trim_end() == "xref").then_some(())?;
        let (first, count) = section.trim_end().split_once(' ')?;
        (first == "0").then_some(())?;
        let mut end = at + xref.len() + section.len();
        let mut entries = Vec::new();
        for _ in 0..count.parse::<usize>().ok()? {
            let line = lines.next()?;
            end += line.len();
            let (offset, rest) = (line.get(..10)?, line.get(10..)?);
            if rest.trim_end().ends_with('n') {
                entries.push((Some(offset.parse().ok()?), rest.to_string()));
            } else {
                entries.push((None, line.to_string()));
            }
        }
        lines.next()?.starts_with("trailer").then_some(())?;
        let trailer_end = end + find(&pdf[end..], b"startxref")?;
        Some(Self { head: format!("{xref}{section}"), entries, end, trailer_end })
    }

    /// Every object's offset, in the order of the table.
    fn offsets(&self) -> impl Iterator<Item = usize> + '_ {
        self.entries.iter().filter_map(|(offset, _)| *offset)
    }

    /// The table again, each object's offset moved by `moved`; free entries as they were.
    fn rewritten(&self, moved: impl Fn(usize) -> usize) -> String {
        let mut text = self.head.clone();
        for (offset, rest) in &self.entries {
            match offset {
                Some(offset) => text.push_str(&format!("{:010}{rest}", moved(*offset))),
                None => text.push_str(rest),
            }
        }
        text
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_short_and_plain() {
        assert_eq!(number(8.503_937), "8.5039");
        assert_eq!(number(0.0), "0");
        assert_eq!(number(-0.000_01), "0");
        assert_eq!(number(297.0), "297");
    }

    #[test]
    fn a_page_gets_a_bleed_box_around_its_trim_box_within_its_media_box() {
        let page = b"3 0 obj\n<</Type/Page/MediaBox[0 0 100 100]/TrimBox[10 10 90 90]>>\nendobj\n";
        let (at, text) = bleed_box_for(page, 5.0).unwrap();
        assert_eq!(
            &page[..at],
            b"3 0 obj\n<</Type/Page/MediaBox[0 0 100 100]/TrimBox[10 10 90 90]"
        );
        assert_eq!(text, "/BleedBox[5 5 95 95]");
        assert_eq!(bleed_box_for(page, 20.0).unwrap().1, "/BleedBox[0 0 100 100]");
        assert_eq!(bleed_box_for(b"1 0 obj\n<</Type/Pages/Kids[]>>\nendobj\n", 5.0), None);
    }
}
