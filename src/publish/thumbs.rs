//! Page thumbnails for the catalogue: each page rendered by typst-render at a fixed width and
//! encoded as PNG, a few tens of kilobytes each.

use std::path::Path;

use typst_layout::{Page, PagedDocument};

use super::make::Thumb;
use super::manifest::sha256;
use crate::error::{Error, Result};
use crate::output::write_atomic;
use crate::plan::Job;

/// How wide a thumbnail is, in pixels: three to a row on a laptop screen, and big enough to
/// tell the layouts apart. Twice this would be four times the bytes.
pub const WIDTH: f64 = 300.0;

/// Renders every page of `document` and writes them as `thumbs/<folder>/<layout>-<n>.png`.
pub fn write_all(document: &PagedDocument, job: &Job, out: &Path) -> Result<Vec<Thumb>> {
    let mut thumbs = Vec::new();
    for (i, page) in document.pages().iter().enumerate() {
        let path = format!("thumbs/{}/{}-{}.png", job.folder(), job.layout.name, i + 1);
        let (png, width, height) = png(page).map_err(|error| Error::Write {
            path: out.join(&path),
            source: std::io::Error::other(error),
        })?;
        write_atomic(&out.join(&path), &png)?;
        let (bytes, sha256) = (png.len() as u64, sha256(&png));
        thumbs.push(Thumb { path, width, height, bytes, sha256 });
    }
    Ok(thumbs)
}

/// One page as a PNG [`WIDTH`] pixels wide, with its width and height.
pub fn png(page: &Page) -> std::result::Result<(Vec<u8>, u32, u32), String> {
    let width_pt = page.frame.width().to_pt().max(1.0);
    let options = typst_render::RenderOptions {
        pixel_per_pt: typst::utils::Scalar::new(WIDTH / width_pt),
        render_bleed: false,
    };
    let pixmap = typst_render::render(page, &options);
    let png = pixmap.encode_png().map_err(|e| e.to_string())?;
    Ok((png, pixmap.width(), pixmap.height()))
}
