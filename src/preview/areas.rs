//! Where each text is on a page, by content key, so that a reviewer can click a text in the
//! preview and edit it.
//!
//! The theme puts an invisible marker with the text's key before and after every text it
//! prints (`<leafpress-text>`, which `leafpress check` also reads to name a text that ran out
//! of its box). In a laid-out page a marker is a tag among the drawn items, in the order they
//! were laid out: the runs of text between a key's two markers are that text's lines. A text
//! that runs over a page break opens on one page and closes on the next, so the pages before
//! are walked too, for the keys still open where the page starts.

use typst::foundations::Label;
use typst::introspection::{MetadataElem, Tag};
use typst::layout::{Abs, Frame, FrameItem, Point, Rect, Transform};
use typst::utils::PicoStr;
use typst_layout::Page;

use crate::checks::frames;

/// A text's key, with the boxes its lines take on the page, in points from the top left.
pub type Area = (String, Vec<Rect>);

/// A run of text's box, and whether it stands upright (a tear-off tab's runs are rotated).
type Run = (Rect, bool);

/// The areas of the texts printed on page `n` (from 0) of `pages`, in the order they start.
pub fn of(pages: &[Page], n: usize) -> Vec<Area> {
    let Some(label) = Label::new(PicoStr::intern("leafpress-text")) else { return Vec::new() };
    let mut walk = Walk { label, open: Vec::new(), areas: Vec::new() };
    for page in &pages[..n] {
        walk.frame(&page.frame, Transform::identity());
    }
    walk.areas.clear();
    walk.frame(&pages[n].frame, Transform::identity());
    walk.areas.into_iter().map(|(key, boxes)| (key, merge(boxes))).collect()
}

/// A walk through pages in layout order.
struct Walk {
    label: Label,
    /// The keys whose first marker has been passed and not their second, innermost last.
    open: Vec<String>,
    /// The runs of each key seen on the page.
    areas: Vec<(String, Vec<Run>)>,
}

impl Walk {
    fn frame(&mut self, frame: &Frame, ts: Transform) {
        for (pos, item) in frame.items() {
            let at = ts.pre_concat(Transform::translate(pos.x, pos.y));
            match item {
                FrameItem::Group(group) => self.frame(&group.frame, at.pre_concat(group.transform)),
                FrameItem::Tag(Tag::Start(content, _)) if content.label() == Some(self.label) => {
                    let Some(meta) = content.to_packed::<MetadataElem>() else { continue };
                    let value = serde_json::to_value(&meta.value).unwrap_or_default();
                    let Some(key) = value["key"].as_str() else { continue };
                    match self.open.iter().rposition(|open| open == key) {
                        Some(i) => {
                            self.open.remove(i);
                        }
                        None => self.open.push(key.to_string()),
                    }
                }
                FrameItem::Text(text) => {
                    let Some(key) = self.open.last() else { continue };
                    let metrics = text.font.metrics();
                    let line = Rect::new(
                        Point::new(Abs::zero(), -metrics.ascender.at(text.size)),
                        Point::new(text.width(), -metrics.descender.at(text.size)),
                    );
                    let run = (frames::map(line, at), at.kx.get() == 0.0 && at.ky.get() == 0.0);
                    match self.areas.iter_mut().find(|(k, _)| k == key) {
                        Some((_, runs)) => runs.push(run),
                        None => self.areas.push((key.clone(), vec![run])),
                    }
                }
                _ => {}
            }
        }
    }
}

/// Joins the upright runs of one line (words in bold, a number, an address) into one box per
/// line; turned runs stay apart, since side by side they are lines of different tabs.
fn merge(runs: Vec<Run>) -> Vec<Rect> {
    let mut lines: Vec<Rect> = Vec::new();
    let mut turned = Vec::new();
    for (run, upright) in runs {
        if !upright {
            turned.push(run);
            continue;
        }
        let same_line = |line: &&mut Rect| {
            let overlap = line.max.y.min(run.max.y) - line.min.y.max(run.min.y);
            let height = (line.max.y - line.min.y).min(run.max.y - run.min.y);
            let gap = (run.min.x - line.max.x).max(line.min.x - run.max.x);
            overlap > height * 0.5 && gap < height
        };
        match lines.iter_mut().find(same_line) {
            Some(line) => *line = union(line, &run),
            None => lines.push(run),
        }
    }
    lines.extend(turned);
    lines
}

fn union(a: &Rect, b: &Rect) -> Rect {
    Rect::new(
        Point::new(a.min.x.min(b.min.x), a.min.y.min(b.min.y)),
        Point::new(a.max.x.max(b.max.x), a.max.y.max(b.max.y)),
    )
}
