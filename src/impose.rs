//! Office imposition (`--sheet a4`): laid-out pages placed on A4 sheets for an office printer,
//! with cut and fold marks. Booklets go 4 pages to a side in booklet order, cards 8 to a side
//! with gutters between them, and anything larger than A4 is scaled down to fit.
//!
//! Imposition works on the finished frames, so every layout gets it without knowing about it.
//! An imposed sheet is a print production file, not a reading copy: it is exported as
//! PDF/A-2b without the structure tags (the reading order of a booklet sheet is 12, 1, 2, 11),
//! and the document built without `--sheet` stays the accessible version.

use typst::foundations::{Content, Smart};
use typst::layout::{Abs, Frame, FrameItem, GroupItem, Point, Ratio, Sides, Size, Transform};
use typst::model::Document;
use typst::syntax::Span;
use typst::visualize::{Color, FixedStroke, Geometry};
use typst_layout::{Page, PagedDocument};

use crate::contract::{
    A4_MM as A4, CARD_GUTTER_MM as GUTTER, FOLD_DASH_MM, MARK_LENGTH_MM as MARK_LENGTH,
    MARK_OFFSET_MM, MARK_STROKE_PT, PRINT_BLEED_MM, PRINT_SLUG_MM,
};
use crate::layout::Office;

/// Gap between the trim and the start of a cut mark on an office sheet, in millimetres.
const MARK_GAP: f64 = 2.0;
/// Space kept free around a grid of cards: the cut marks, and the edge of the paper that office
/// printers do not print, in millimetres.
const MARK_ROOM: f64 = EDGE_INSET + MARK_GAP + MARK_LENGTH;
/// Distance of the booklet's marks from the paper edge, where office printers do print.
const EDGE_INSET: f64 = 5.0;

/// Which edge a booklet is bound on: the left for left-to-right languages, the right for
/// right-to-left ones, whose readers open it from what a Latin reader calls the back.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Binding {
    /// Bound on the left: the cover is the right half of the outer spread.
    Left,
    /// Bound on the right: the cover is the left half of the outer spread.
    Right,
}

/// Imposes `document` on A4 as `office` says; `None` when its pages already are A4.
pub fn impose(document: &PagedDocument, office: Office, binding: Binding) -> Option<PagedDocument> {
    let pages: Vec<Frame> = document.pages().iter().map(|p| untagged(&p.frame)).collect();
    let size = pages.first()?.size();
    let sheets = match office {
        Office::Booklet if fits_twice(size) => booklet(&pages, size, binding),
        Office::Cards if grid(size).0 * grid(size).1 > 1 => cards(&pages, size),
        _ if is_a4(size) => return None,
        _ => pages.iter().map(fit).collect(),
    };
    let sheets = sheets.into_iter().map(sheet_page).collect();
    Some(PagedDocument::new(sheets, document.info().clone()))
}

fn mm(value: f64) -> Abs {
    Abs::mm(value)
}

fn sheet_size() -> Size {
    Size::new(mm(A4.0), mm(A4.1))
}

fn is_a4(size: Size) -> bool {
    let (w, h) = (size.x.to_mm().round(), size.y.to_mm().round());
    (w, h) == A4 || (h, w) == A4
}

/// Whether two pages side by side fit in half an A4 sheet, as A6 pages do.
fn fits_twice(size: Size) -> bool {
    size.x.to_mm() * 2.0 <= A4.0 + 0.5 && size.y.to_mm() * 2.0 <= A4.1 + 0.5
}

/// How many pages of `size` fit across and down an A4 sheet, with gutters between them and
/// room for cut marks around them.
fn grid(size: Size) -> (usize, usize) {
    let across = ((A4.0 - 2.0 * MARK_ROOM + GUTTER) / (size.x.to_mm() + GUTTER)).floor();
    let down = ((A4.1 - 2.0 * MARK_ROOM + GUTTER) / (size.y.to_mm() + GUTTER)).floor();
    (across.max(0.0) as usize, down.max(0.0) as usize)
}

/// A copy of `frame` without introspection tags, so the sheet can repeat and reorder pages.
fn untagged(frame: &Frame) -> Frame {
    let mut copy = Frame::new(frame.size(), frame.kind());
    copy.set_baseline(frame.baseline());
    for (pos, item) in frame.items() {
        let item = match item {
            FrameItem::Tag(_) => continue,
            FrameItem::Group(group) => {
                let mut group = group.clone();
                group.frame = untagged(&group.frame);
                FrameItem::Group(group)
            }
            other => other.clone(),
        };
        copy.push(*pos, item);
    }
    copy
}

/// The booklet order of `count` pages (a multiple of 4) as A5 spreads: for each folded sheet,
/// the front's left and right page, then the back's. `None` is a blank page.
pub fn booklet_order(count: usize) -> Vec<[Option<usize>; 4]> {
    let padded = count.div_ceil(4) * 4;
    let page = |n: usize| (n < count).then_some(n);
    (0..padded / 4)
        .map(|i| {
            let (outer, inner) = (2 * i, padded - 1 - 2 * i);
            [page(inner), page(outer), page(outer + 1), page(inner - 1)]
        })
        .collect()
}

/// Booklet sheets: two spreads per A4 side, top and bottom. The spreads are numbered so that
/// after cutting the printed stack across the middle, the bottom pile goes under the top pile
/// and the whole folds into the booklet. A right-bound booklet has each spread mirrored, so
/// that it folds with its spine on the right.
fn booklet(pages: &[Frame], size: Size, binding: Binding) -> Vec<Frame> {
    let spreads = booklet_order(pages.len());
    let per_half = spreads.len().div_ceil(2);
    let blank = Frame::soft(size);
    let page = |n: Option<usize>| n.map_or(&blank, |n| &pages[n]);
    let mut sheets = Vec::new();
    for s in 0..per_half {
        let halves = [Some(&spreads[s]), spreads.get(s + per_half)];
        for side in [0, 2] {
            let mut sheet = Frame::soft(sheet_size());
            for (row, spread) in halves.iter().enumerate() {
                let Some(spread) = spread else { continue };
                let top = mm(A4.1 / 2.0) * row as f64 + (mm(A4.1 / 2.0) - size.y) / 2.0;
                let left = (mm(A4.0) - size.x * 2.0) / 2.0;
                let (first, second) = match binding {
                    Binding::Left => (spread[side], spread[side + 1]),
                    Binding::Right => (spread[side + 1], spread[side]),
                };
                sheet.push_frame(Point::new(left, top), page(first).clone());
                sheet.push_frame(Point::new(left + size.x, top), page(second).clone());
            }
            booklet_marks(&mut sheet);
            sheets.push(sheet);
        }
    }
    sheets
}

/// Marks the cut across the middle of the sheet and the folds down the middle of each half.
fn booklet_marks(sheet: &mut Frame) {
    let (w, h) = A4;
    for x in [EDGE_INSET, w - EDGE_INSET - MARK_LENGTH] {
        mark(sheet, (x, h / 2.0), (MARK_LENGTH, 0.0), false);
    }
    for y in [EDGE_INSET, h / 2.0 - EDGE_INSET - MARK_LENGTH, h / 2.0 + EDGE_INSET] {
        mark(sheet, (w / 2.0, y), (0.0, MARK_LENGTH), true);
    }
    mark(sheet, (w / 2.0, h - EDGE_INSET - MARK_LENGTH), (0.0, MARK_LENGTH), true);
}

/// Card sheets: each side of the card repeated in a grid, one sheet per side, with cut marks
/// around the grid. The grid is centred, so the backs line up with the fronts when the sheet
/// is printed duplex.
fn cards(pages: &[Frame], size: Size) -> Vec<Frame> {
    let (across, down) = grid(size);
    let pitch = Size::new(size.x + mm(GUTTER), size.y + mm(GUTTER));
    let origin = Point::new(
        (mm(A4.0) - pitch.x * across as f64 + mm(GUTTER)) / 2.0,
        (mm(A4.1) - pitch.y * down as f64 + mm(GUTTER)) / 2.0,
    );
    pages
        .iter()
        .map(|page| {
            let mut sheet = Frame::soft(sheet_size());
            for row in 0..down {
                for col in 0..across {
                    let at = origin + Point::new(pitch.x * col as f64, pitch.y * row as f64);
                    sheet.push_frame(at, page.clone());
                }
            }
            grid_marks(&mut sheet, origin, size, (across, down));
            sheet
        })
        .collect()
}

/// Cut marks outside a grid of cells with gutters: one at each end of every cut, which is
/// two per gutter.
fn grid_marks(sheet: &mut Frame, origin: Point, cell: Size, (across, down): (usize, usize)) {
    let (x0, y0) = (origin.x.to_mm(), origin.y.to_mm());
    let (w, h) = (cell.x.to_mm(), cell.y.to_mm());
    let (x1, y1) =
        (x0 + (w + GUTTER) * across as f64 - GUTTER, y0 + (h + GUTTER) * down as f64 - GUTTER);
    let cuts = |start: f64, size: f64, count: usize| {
        (0..count).flat_map(move |i| {
            let edge = start + (size + GUTTER) * i as f64;
            [edge, edge + size]
        })
    };
    for x in cuts(x0, w, across) {
        mark(sheet, (x, y0 - MARK_GAP - MARK_LENGTH), (0.0, MARK_LENGTH), false);
        mark(sheet, (x, y1 + MARK_GAP), (0.0, MARK_LENGTH), false);
    }
    for y in cuts(y0, h, down) {
        mark(sheet, (x0 - MARK_GAP - MARK_LENGTH, y), (MARK_LENGTH, 0.0), false);
        mark(sheet, (x1 + MARK_GAP, y), (MARK_LENGTH, 0.0), false);
    }
}

/// A page larger than A4 scaled down to fit it, centred.
fn fit(page: &Frame) -> Frame {
    let size = page.size();
    let factor = (mm(A4.0) / size.x).min(mm(A4.1) / size.y).min(1.0);
    let mut group = GroupItem::new(page.clone());
    group.transform = Transform::scale(Ratio::new(factor), Ratio::new(factor));
    let offset = Point::new((mm(A4.0) - size.x * factor) / 2.0, (mm(A4.1) - size.y * factor) / 2.0);
    let mut sheet = Frame::soft(sheet_size());
    sheet.push(offset, FrameItem::Group(group));
    sheet
}

/// Draws a thin mark from `start` along `delta` (both in millimetres); fold marks are dashed.
/// Marks are drawn as the theme draws them on single pages (see [`crate::contract`]).
fn mark(sheet: &mut Frame, start: (f64, f64), delta: (f64, f64), dashed: bool) {
    let mut stroke = FixedStroke::from_pair(Color::BLACK, Abs::pt(MARK_STROKE_PT));
    if dashed {
        stroke.dash = Some(typst::visualize::DashPattern {
            array: FOLD_DASH_MM.map(mm).to_vec(),
            phase: Abs::zero(),
        });
    }
    let shape = Geometry::Line(Point::new(mm(delta.0), mm(delta.1))).stroked(stroke);
    sheet.push(Point::new(mm(start.0), mm(start.1)), FrameItem::Shape(shape, Span::detached()));
}

/// Print-shop marks for imposed sheets: each sheet is trimmed to A4, with bleed around it
/// (its TrimBox) and crop marks at its corners, matching what the theme gives single pages.
pub fn with_crop_marks(document: &PagedDocument) -> PagedDocument {
    let outside = mm(PRINT_BLEED_MM + PRINT_SLUG_MM);
    let pages = document
        .pages()
        .iter()
        .map(|page| {
            let mut page = page.clone();
            let (w, h) = (page.frame.width().to_mm(), page.frame.height().to_mm());
            let gap = PRINT_BLEED_MM + MARK_OFFSET_MM;
            for (x, y, out_x, out_y) in
                [(0.0, 0.0, -1.0, -1.0), (w, 0.0, 1.0, -1.0), (0.0, h, -1.0, 1.0), (w, h, 1.0, 1.0)]
            {
                let hx = if out_x < 0.0 { x - gap - MARK_LENGTH } else { x + gap };
                let vy = if out_y < 0.0 { y - gap - MARK_LENGTH } else { y + gap };
                mark(&mut page.frame, (hx, y), (MARK_LENGTH, 0.0), false);
                mark(&mut page.frame, (x, vy), (0.0, MARK_LENGTH), false);
            }
            page.bleed = Sides::splat(outside);
            page
        })
        .collect();
    PagedDocument::new(pages, document.info().clone())
}

fn sheet_page(frame: Frame) -> Page {
    Page {
        frame,
        bleed: Sides::splat(Abs::zero()),
        fill: Smart::Auto,
        numbering: None,
        supplement: Content::empty(),
        number: 1,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn twelve_pages_fold_into_a_booklet() {
        let order = booklet_order(12);
        let pages = |spread: [Option<usize>; 4]| spread.map(|p| p.map(|n| n + 1));
        assert_eq!(pages(order[0]), [Some(12), Some(1), Some(2), Some(11)]);
        assert_eq!(pages(order[1]), [Some(10), Some(3), Some(4), Some(9)]);
        assert_eq!(pages(order[2]), [Some(8), Some(5), Some(6), Some(7)]);
    }

    #[test]
    fn cards_go_eight_to_a_sheet_with_gutters_and_marks_clear_of_the_paper_edge() {
        assert_eq!(grid(Size::new(mm(85.0), mm(55.0))), (2, 4));
        assert!(fits_twice(Size::new(mm(105.0), mm(148.0))));
        assert!(is_a4(Size::new(mm(297.0), mm(210.0))));
    }
}
