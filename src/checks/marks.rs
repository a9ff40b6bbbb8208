//! What layouts report about themselves: invisible metadata that the theme places in the
//! document, read back with its page and position.

use serde::Deserialize;
use serde::de::DeserializeOwned;
use typst::foundations::{Label, Selector};
use typst::introspection::MetadataElem;
use typst::utils::PicoStr;
use typst_layout::PagedDocument;

/// Where a text starts or ends on the page (the theme's `<leafpress-text>`).
#[derive(Debug, Clone)]
pub struct TextMark {
    /// The text's content key.
    pub key: String,
    /// Its page, from 1.
    pub page: usize,
    /// Its place on the page, in points from the left.
    pub x: f64,
    /// Its place on the page, in points from the top.
    pub y: f64,
}

#[derive(Debug, Deserialize)]
struct Marker {
    key: String,
}

/// Where every text of `document` starts and ends, in document order.
pub fn texts(document: &PagedDocument) -> Vec<TextMark> {
    query::<Marker>(document, "leafpress-text")
        .into_iter()
        .map(|(marker, (page, x, y))| TextMark { key: marker.key, page, x, y })
        .collect()
}

/// The metadata labelled `label` that reads as a `T`, with the page (from 1) and the point
/// (in points from the top left) where each sits.
pub fn query<T: DeserializeOwned>(
    document: &PagedDocument,
    label: &str,
) -> Vec<(T, (usize, f64, f64))> {
    let introspector = document.introspector();
    let Some(label) = Label::new(PicoStr::intern(label)) else { return Vec::new() };
    let found = introspector.elements().query(&Selector::Label(label));
    found
        .iter()
        .filter_map(|content| {
            let meta = content.to_packed::<MetadataElem>()?;
            let value = serde_json::to_value(&meta.value).ok()?;
            let parsed = serde_json::from_value(value).ok()?;
            let position = introspector.position(content.location()?)?;
            let point = (position.page.get(), position.point.x.to_pt(), position.point.y.to_pt());
            Some((parsed, point))
        })
        .collect()
}
