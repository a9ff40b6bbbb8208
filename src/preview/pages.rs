//! Pages as the browser shows them: an SVG image made on first request and kept by page hash
//! (a page a save did not change keeps its image), and a text layer, so that a translator can
//! find and select the words on a page image, and a test can read them.

use std::hash::{Hash, Hasher};
use std::sync::{Arc, PoisonError};

use serde_json::{Value, json};
use typst::layout::{Frame, FrameItem};
use typst::model::Destination;
use typst::utils::hash128;
use typst_layout::Page;
use typst_svg::SvgOptions;

use super::{Hub, areas};
use crate::checks::frames::{Kind, flatten};

/// The SVG image of `page`, whose hash is `hash`: from the cache, or made now and cached.
pub fn svg(hub: &Hub, page: &Page, hash: u128) -> Arc<String> {
    let cached = hub.svgs.lock().unwrap_or_else(PoisonError::into_inner).get(&hash).cloned();
    if let Some(svg) = cached {
        return svg;
    }
    // Made outside the lock: two requests for one new page may both make it, which costs less
    // than making every other request wait.
    let svg = Arc::new(typst_svg::svg(page, &SvgOptions::default()));
    hub.svgs.lock().unwrap_or_else(PoisonError::into_inner).insert(hash, svg.clone());
    svg
}

/// Page `n` (from 0) of `pages`: its runs of text with their places, as fractions of the page
/// in per cent: `x` and the font size of its width, `y` of its height. Each run is
/// `[x, y, size, text]`, with `y` at the top of the line, so that a transparent copy of the
/// text lies over its image. `areas` gives, for each content key printed on the page, the boxes
/// its lines take (`[x, y, width, height]`, in per cent), for the review mode's clicks.
pub fn text_layer(pages: &[Page], n: usize) -> Value {
    let page = &pages[n];
    let size = page.frame.size();
    let (width, height) = (size.x.to_pt(), size.y.to_pt());
    let percent = |value: f64, of: f64| (value / of * 10_000.0).round() / 100.0;
    let runs: Vec<Value> = flatten(&page.frame)
        .iter()
        .filter_map(|drawn| {
            let Kind::Text(text) = drawn.kind else { return None };
            let font_pt = text.size.to_pt() * drawn.scale;
            // Fonts put the top of a line about 0.9 em above the baseline.
            let top = drawn.origin.y.to_pt() - 0.9 * font_pt;
            Some(json!([
                percent(drawn.bbox.min.x.to_pt(), width),
                percent(top, height),
                percent(font_pt, width),
                text.text.as_str(),
            ]))
        })
        .collect();
    let areas: Vec<Value> = areas::of(pages, n)
        .into_iter()
        .map(|(key, boxes)| {
            let boxes: Vec<Value> = boxes
                .iter()
                .map(|b| {
                    json!([
                        percent(b.min.x.to_pt(), width),
                        percent(b.min.y.to_pt(), height),
                        percent((b.max.x - b.min.x).to_pt(), width),
                        percent((b.max.y - b.min.y).to_pt(), height),
                    ])
                })
                .collect();
            json!({ "key": key, "boxes": boxes })
        })
        .collect();
    json!({ "width_mm": size.x.to_mm(), "height_mm": size.y.to_mm(), "runs": runs, "areas": areas })
}

/// A hash of what a page shows: its size, fill and everything it draws. Introspection tags and
/// links within the document are left out: their locations change whenever any text before
/// them does, which would make every page look new after every save.
pub fn visible_hash(page: &Page) -> u128 {
    hash128(&(Visible(&page.frame), &page.fill, &page.bleed))
}

/// A frame hashed by what it draws.
struct Visible<'a>(&'a Frame);

impl Hash for Visible<'_> {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.0.size().hash(state);
        for (position, item) in self.0.items() {
            match item {
                FrameItem::Tag(_) => continue,
                FrameItem::Group(group) => {
                    group.transform.hash(state);
                    group.clip.hash(state);
                    Visible(&group.frame).hash(state);
                }
                FrameItem::Link(Destination::Url(url), size) => (url, size).hash(state),
                FrameItem::Link(_, size) => size.hash(state),
                other => other.hash(state),
            }
            position.hash(state);
        }
    }
}
