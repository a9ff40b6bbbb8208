//! A laid-out page as a flat list of what it draws, in drawing order and in page coordinates.
//!
//! Typst nests frames in groups that move, scale and rotate their contents (imposition scales
//! whole pages onto a sheet); the checks want to ask plain questions instead, such as "what is
//! drawn over this QR code" or "what colour is under this text", so the page is flattened once.

use typst::layout::{Abs, Frame, FrameItem, Point, Rect, Size, Transform};
use typst::syntax::Span;
use typst::text::{FontInstance, TextItem};
use typst::visualize::{CurveItem, Geometry, Image, Paint};

/// One thing a page draws, with its bounding box on the page.
pub struct Drawn<'a> {
    /// Its bounding box in page coordinates (points from the top left): for text, around
    /// the ink of its glyphs.
    pub bbox: Rect,
    /// Where it is placed: for text, the start of its baseline.
    pub origin: Point,
    /// How much it is scaled relative to the page (1 unless imposed or transformed).
    pub scale: f64,
    /// Whether it stands upright, neither rotated nor mirrored.
    pub upright: bool,
    /// What it is.
    pub kind: Kind<'a>,
    /// How many separate pieces it draws: for a curve, one per subpath (a QR code drawn as one
    /// path has one per run of dark modules); 1 for anything else.
    pub pieces: usize,
    /// Where the layout made it, for naming the line that draws it (detached where unknown).
    pub span: Span,
}

/// What a [`Drawn`] item is.
pub enum Kind<'a> {
    /// A run of text.
    Text(&'a TextItem),
    /// A filled or stroked shape, with its fill if it has one.
    Shape(Option<&'a Paint>),
    /// An image.
    Image(&'a Image),
}

/// Flattens `frame` (a page) into the items it draws, in drawing order.
pub fn flatten(frame: &Frame) -> Vec<Drawn<'_>> {
    let mut items = Vec::new();
    walk(frame, Transform::identity(), &mut items);
    items
}

fn walk<'a>(frame: &'a Frame, ts: Transform, out: &mut Vec<Drawn<'a>>) {
    for (pos, item) in frame.items() {
        let at = ts.pre_concat(Transform::translate(pos.x, pos.y));
        let (kind, span) = match item {
            FrameItem::Group(group) => {
                walk(&group.frame, at.pre_concat(group.transform), out);
                continue;
            }
            FrameItem::Text(text) => {
                (Kind::Text(text), text.glyphs.first().map_or(Span::detached(), |g| g.span.0))
            }
            FrameItem::Shape(shape, span) => (Kind::Shape(shape.fill.as_ref()), *span),
            FrameItem::Image(image, _, span) => (Kind::Image(image), *span),
            FrameItem::Link(..) | FrameItem::Tag(_) => continue,
        };
        let pieces = match item {
            FrameItem::Shape(shape, _) => match &shape.geometry {
                Geometry::Curve(curve) => {
                    curve.0.iter().filter(|c| matches!(c, CurveItem::Move(_))).count().max(1)
                }
                _ => 1,
            },
            _ => 1,
        };
        let Some(bbox) = bbox(item, at) else { continue };
        let scale = at.sx.get().hypot(at.ky.get());
        let origin = Point::zero().transform(at);
        let upright = at.kx.get() == 0.0 && at.ky.get() == 0.0 && at.sx.get() > 0.0;
        out.push(Drawn { bbox, origin, scale, upright, kind, pieces, span });
    }
}

/// Where a drawing item lands on the page when placed with `at`; `None` for what draws nothing
/// (groups are walked instead, and a run of spaces has no ink).
fn bbox(item: &FrameItem, at: Transform) -> Option<Rect> {
    let local = match item {
        FrameItem::Text(text) => ink(text)?,
        // A line has no area; its stroke is what shows, so count it with the stroke.
        FrameItem::Shape(shape, _) => {
            shape.bbox(matches!(shape.geometry, Geometry::Line(_)) || shape.fill.is_none())
        }
        FrameItem::Image(_, size, _) => Rect::new(Point::zero(), Point::new(size.x, size.y)),
        FrameItem::Group(_) | FrameItem::Link(..) | FrameItem::Tag(_) => return None,
    };
    Some(map(local, at))
}

/// A copy of `frame` (a page) with only what is drawn over `area`: rendering a small part of a
/// page then costs little, however much else the page holds.
pub fn within(frame: &Frame, area: &Rect) -> Frame {
    prune(frame, Transform::identity(), area)
}

fn prune(frame: &Frame, ts: Transform, area: &Rect) -> Frame {
    let mut kept = Frame::hard(frame.size());
    for (pos, item) in frame.items() {
        let at = ts.pre_concat(Transform::translate(pos.x, pos.y));
        if let FrameItem::Group(group) = item {
            let inner = prune(&group.frame, at.pre_concat(group.transform), area);
            if inner.items().next().is_some() {
                let mut group = group.clone();
                group.frame = inner;
                kept.push(*pos, FrameItem::Group(group));
            }
        } else if bbox(item, at).is_some_and(|b| overlaps(&b, area, Abs::zero())) {
            kept.push(*pos, item.clone());
        }
    }
    kept
}

/// The box around the ink of a run of text, from its baseline origin: the glyphs' own outlines,
/// not the font's line height, which in Arabic fonts reaches far above any letter. `None` for
/// a run of spaces.
fn ink(text: &TextItem) -> Option<Rect> {
    let unit = text.size.to_pt() / text.font.units_per_em();
    let mut pen = 0.0;
    let mut ink: Option<(f64, f64, f64, f64)> = None;
    for glyph in &text.glyphs {
        let x = pen + glyph.x_offset.at(text.size).to_pt();
        let lift = glyph.y_offset.at(text.size).to_pt();
        if let Some([x_min, y_min, x_max, y_max]) = glyph_box(&text.font, glyph.id) {
            let (x0, x1) = (x + f64::from(x_min) * unit, x + f64::from(x_max) * unit);
            let (y0, y1) = (-lift - f64::from(y_max) * unit, -lift - f64::from(y_min) * unit);
            ink = Some(match ink {
                None => (x0, y0, x1, y1),
                Some((a, b, c, d)) => (a.min(x0), b.min(y0), c.max(x1), d.max(y1)),
            });
        }
        pen += glyph.x_advance.at(text.size).to_pt();
    }
    let (x0, y0, x1, y1) = ink?;
    Some(Rect::new(Point::new(Abs::pt(x0), Abs::pt(y0)), Point::new(Abs::pt(x1), Abs::pt(y1))))
}

/// A glyph's ink box in font units (x and y minimum, then maximum). ttf-parser traces the
/// whole outline to find it, and the same glyphs recur on every page of every document, so it
/// is memoized in Typst's cache.
#[comemo::memoize]
fn glyph_box(font: &FontInstance, id: u16) -> Option<[i16; 4]> {
    let b = font.ttf().glyph_bounding_box(ttf_parser::GlyphId(id))?;
    Some([b.x_min, b.y_min, b.x_max, b.y_max])
}

/// The bounding box of `rect` after `ts`.
pub fn map(rect: Rect, ts: Transform) -> Rect {
    let corners = [
        rect.min,
        Point::new(rect.max.x, rect.min.y),
        Point::new(rect.min.x, rect.max.y),
        rect.max,
    ]
    .map(|p| p.transform(ts));
    let xs = corners.map(|p| p.x.to_pt());
    let ys = corners.map(|p| p.y.to_pt());
    let min = |v: [f64; 4]| v.into_iter().fold(f64::INFINITY, f64::min);
    let max = |v: [f64; 4]| v.into_iter().fold(f64::NEG_INFINITY, f64::max);
    Rect::new(
        Point::new(Abs::pt(min(xs)), Abs::pt(min(ys))),
        Point::new(Abs::pt(max(xs)), Abs::pt(max(ys))),
    )
}

/// Whether two boxes overlap by more than `tolerance` on both axes.
pub fn overlaps(a: &Rect, b: &Rect, tolerance: Abs) -> bool {
    let x = a.max.x.min(b.max.x) - a.min.x.max(b.min.x);
    let y = a.max.y.min(b.max.y) - a.min.y.max(b.min.y);
    x > tolerance && y > tolerance
}

/// Whether `outer` holds `inner` whole, give or take `tolerance`.
pub fn contains(outer: &Rect, inner: &Rect, tolerance: Abs) -> bool {
    inner.min.x >= outer.min.x - tolerance
        && inner.min.y >= outer.min.y - tolerance
        && inner.max.x <= outer.max.x + tolerance
        && inner.max.y <= outer.max.y + tolerance
}

/// The page's own box: from the origin to its size.
pub fn page_box(size: Size) -> Rect {
    Rect::new(Point::zero(), Point::new(size.x, size.y))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn boxes_overlap_only_beyond_the_tolerance() {
        let r = |x0: f64, y0: f64, x1: f64, y1: f64| {
            Rect::new(Point::new(Abs::pt(x0), Abs::pt(y0)), Point::new(Abs::pt(x1), Abs::pt(y1)))
        };
        let tolerance = Abs::pt(0.5);
        assert!(overlaps(&r(0.0, 0.0, 10.0, 10.0), &r(5.0, 5.0, 15.0, 15.0), tolerance));
        assert!(!overlaps(&r(0.0, 0.0, 10.0, 10.0), &r(9.8, 0.0, 20.0, 10.0), tolerance));
        assert!(contains(&r(0.0, 0.0, 10.0, 10.0), &r(1.0, 1.0, 10.2, 9.0), tolerance));
        assert!(!contains(&r(0.0, 0.0, 10.0, 10.0), &r(1.0, 1.0, 11.0, 9.0), tolerance));
    }
}
