//! Where a page may draw a QR code as vectors rather than place it as an image. A layout can
//! draw one with Typst's own shapes: a square per dark module placed in a loop, a rectangle per
//! run of modules, a table of filled cells, one curve with a piece per run, or lines of block
//! characters. Each of these is many small marks close together, so the page's small marks are
//! gathered by proximity, and every group with enough pieces is a region that [`super::qr`]
//! renders and decodes. A page that draws few small shapes, as the shipped layouts do, costs
//! one pass over its items.

use std::path::Path;

use crate::diagnostic::Place;
use typst::layout::{Point, Rect};
use typst::syntax::{Source, Span};

use super::frames::{Drawn, Kind};

/// The fewest pieces a QR code is drawn with: the smallest code (21 modules across) has more
/// runs of dark modules than this in its three finder patterns and timing rows alone.
const MIN_PIECES: usize = 24;
/// The widest module looked for, in points: 12 mm, a code 25 modules across 300 mm wide.
const MAX_MODULE_PT: f64 = 12.0 * 72.0 / 25.4;
/// How far apart two marks may lie and still be parts of one code, in modules: light modules
/// lie between dark ones.
const REACH: f64 = 1.5;
/// Regions narrower than this (in points) hold no code a phone could read.
const MIN_REGION_PT: f64 = 8.0;

/// A part of a page where many small marks are drawn close together, as in a QR code drawn as
/// vectors.
pub struct Region {
    /// Around all its marks, in page coordinates.
    pub bbox: Rect,
    /// Where the layout drew its first mark (detached where unknown).
    pub span: Span,
}

/// A small mark on the page: its index in the page's items, its box, the size of the module
/// it could be, and how many pieces it draws.
struct Mark {
    at: usize,
    bbox: Rect,
    module: f64,
    pieces: usize,
}

/// Every region of `items` (a flattened page) that could hold a QR code drawn as vectors.
pub fn regions(items: &[Drawn]) -> Vec<Region> {
    let mut marks: Vec<Mark> =
        items.iter().enumerate().filter_map(|(at, item)| mark(at, item)).collect();
    if marks.iter().map(|m| m.pieces).sum::<usize>() < MIN_PIECES {
        return Vec::new();
    }
    marks.sort_by(|a, b| a.bbox.min.x.to_pt().total_cmp(&b.bbox.min.x.to_pt()));
    let mut groups = Groups::new(marks.len());
    for (i, a) in marks.iter().enumerate() {
        // Sorted by their left edge, so the marks after the first out of reach are too.
        for (j, b) in marks.iter().enumerate().skip(i + 1) {
            let reach = REACH * a.module.max(b.module);
            if b.bbox.min.x.to_pt() - a.bbox.max.x.to_pt() > REACH * MAX_MODULE_PT {
                break;
            }
            if gap(&a.bbox, &b.bbox) <= reach {
                groups.join(i, j);
            }
        }
    }
    // Per group: its box, its pieces, and its first mark the layout drew (a located one
    // before any other), whose line is named.
    let mut found: Vec<(usize, Rect, usize, (bool, usize))> = Vec::new();
    for (i, mark) in marks.iter().enumerate() {
        let root = groups.root(i);
        let first = (items[mark.at].span.is_detached(), mark.at);
        match found.iter_mut().find(|(r, ..)| *r == root) {
            Some((_, bbox, pieces, earliest)) => {
                *bbox = union(bbox, &mark.bbox);
                *pieces += mark.pieces;
                *earliest = (*earliest).min(first);
            }
            None => found.push((root, mark.bbox, mark.pieces, first)),
        }
    }
    let wide = |r: &Rect| size(r).0.min(size(r).1) >= MIN_REGION_PT;
    found
        .into_iter()
        .filter(|(_, bbox, pieces, _)| *pieces >= MIN_PIECES && wide(bbox))
        .map(|(_, bbox, _, (_, at))| Region { bbox, span: items[at].span })
        .collect()
}

/// `item` as a mark a code could be drawn with: a shape (of any colour, since light modules
/// can be drawn on a dark square too) or a run of block characters, no wider across its
/// narrow side than a module.
fn mark(at: usize, item: &Drawn) -> Option<Mark> {
    let blocks = |text: &str| {
        text.chars().all(|c| c.is_whitespace() || ('\u{2580}'..='\u{25FF}').contains(&c))
    };
    let pieces = match item.kind {
        Kind::Shape(_) => item.pieces,
        Kind::Text(text) if blocks(&text.text) => {
            text.text.chars().filter(|c| !c.is_whitespace()).count()
        }
        _ => return None,
    };
    let (width, height) = size(&item.bbox);
    let narrow = width.min(height);
    // A curve in many pieces spans many modules: its modules are about as wide as its side
    // over the square root of its pieces.
    let module = narrow / (pieces as f64).sqrt();
    (narrow > 0.0 && module <= MAX_MODULE_PT).then_some(Mark {
        at,
        bbox: item.bbox,
        module,
        pieces,
    })
}

/// Width and height of a box, in points.
fn size(rect: &Rect) -> (f64, f64) {
    ((rect.max.x - rect.min.x).to_pt(), (rect.max.y - rect.min.y).to_pt())
}

/// The distance between two boxes, in points: 0 where they touch or overlap.
fn gap(a: &Rect, b: &Rect) -> f64 {
    let x = (a.min.x - b.max.x).max(b.min.x - a.max.x).to_pt().max(0.0);
    let y = (a.min.y - b.max.y).max(b.min.y - a.max.y).to_pt().max(0.0);
    x.hypot(y)
}

/// The box around two boxes.
fn union(a: &Rect, b: &Rect) -> Rect {
    Rect::new(
        Point::new(a.min.x.min(b.min.x), a.min.y.min(b.min.y)),
        Point::new(a.max.x.max(b.max.x), a.max.y.max(b.max.y)),
    )
}

/// Marks joined into groups (a union-find over their indices).
struct Groups(Vec<usize>);

impl Groups {
    fn new(n: usize) -> Self {
        Self((0..n).collect())
    }

    fn root(&mut self, mut i: usize) -> usize {
        while self.0[i] != i {
            self.0[i] = self.0[self.0[i]];
            i = self.0[i];
        }
        i
    }

    fn join(&mut self, a: usize, b: usize) {
        let (a, b) = (self.root(a), self.root(b));
        self.0[a.max(b)] = a.min(b);
    }
}

/// Where `span` is written, as `path:line:col` under the project directory `root`: the layout
/// line that draws a mark. The file is parsed afresh, which numbers its spans as the layout's
/// run did.
pub fn locate(root: &Path, span: Span) -> Option<Place> {
    let id = span.id()?;
    let shown = root.strip_prefix(".").unwrap_or(root).join(id.vpath().get_without_slash());
    let text = std::fs::read_to_string(&shown).ok()?;
    let source = Source::new(id, text);
    let range = source.find(span)?.range();
    Some(Place::in_text(&shown, source.text(), range))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::frames;
    use typst::layout::{Abs, Frame, FrameItem, Size};
    use typst::visualize::{Color, Curve, Geometry};

    /// A page with a black square of `module` points at each of `at` (in modules).
    fn squares(at: impl Iterator<Item = (usize, usize)>, module: f64) -> Frame {
        let mut frame = Frame::hard(Size::splat(Abs::pt(600.0)));
        for (x, y) in at {
            let square = Geometry::Rect(Size::splat(Abs::pt(module))).filled(Color::BLACK);
            let place = Point::new(Abs::pt(x as f64 * module), Abs::pt(y as f64 * module));
            frame.push(place, FrameItem::Shape(square, Span::detached()));
        }
        frame
    }

    #[test]
    fn many_small_squares_close_together_are_one_region() {
        // Every other module of a 21 × 21 grid, 2 pt each, and a lone square far away.
        let grid =
            (0..21).flat_map(|y| (0..21).map(move |x| (x, y))).filter(|(x, y)| (x + y) % 2 == 0);
        let frame = squares(grid.chain([(200, 200)]), 2.0);
        let found = regions(&frames::flatten(&frame));
        assert_eq!(found.len(), 1);
        assert_eq!(size(&found[0].bbox), (42.0, 42.0));
    }

    #[test]
    fn a_few_squares_are_no_region() {
        let frame = squares((0..20).map(|x| (x * 2, 0)), 2.0);
        assert!(regions(&frames::flatten(&frame)).is_empty());
    }

    #[test]
    fn one_curve_in_many_pieces_is_a_region() {
        let mut curve = Curve::default();
        for i in 0..30 {
            let (x, y) = (Abs::pt(f64::from(i % 6) * 4.0), Abs::pt(f64::from(i / 6) * 4.0));
            curve.move_(Point::new(x, y));
            curve.line(Point::new(x + Abs::pt(2.0), y));
            curve.line(Point::new(x + Abs::pt(2.0), y + Abs::pt(2.0)));
            curve.close();
        }
        let mut frame = Frame::hard(Size::splat(Abs::pt(100.0)));
        let shape = Geometry::Curve(curve).filled(Color::BLACK);
        frame.push(Point::zero(), FrameItem::Shape(shape, Span::detached()));
        assert_eq!(regions(&frames::flatten(&frame)).len(), 1);
    }

    #[test]
    fn boxes_apart_have_a_gap_and_touching_ones_none() {
        let r = |x0: f64, y0: f64, x1: f64, y1: f64| {
            Rect::new(Point::new(Abs::pt(x0), Abs::pt(y0)), Point::new(Abs::pt(x1), Abs::pt(y1)))
        };
        assert_eq!(gap(&r(0.0, 0.0, 1.0, 1.0), &r(1.0, 0.0, 2.0, 1.0)), 0.0);
        assert_eq!(gap(&r(0.0, 0.0, 1.0, 1.0), &r(4.0, 5.0, 5.0, 6.0)), 5.0);
    }
}
