//! The bundled fonts: loaded from the project's `fonts/` and nowhere else.
//!
//! System fonts are never consulted, so every machine lays out the same glyphs and writes the
//! same bytes. The store is built once and shared by every document of a batch.

use std::fs;
use std::path::Path;

use typst::foundations::Bytes;
use typst::text::Font;
use typst_kit::fonts::FontStore;

use crate::contract::FONT_FAMILIES as FAMILIES;
use crate::error::{Error, Result};

/// Loads every `.ttf`, `.otf` and `.ttc` in `dir`, in name order so font indices are stable.
pub fn load(dir: &Path) -> Result<FontStore> {
    let read_error = |source| Error::Read { path: dir.to_path_buf(), source };
    let mut paths = Vec::new();
    for entry in fs::read_dir(dir).map_err(read_error)? {
        let path = entry.map_err(read_error)?.path();
        let ext = path.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase);
        if matches!(ext.as_deref(), Some("ttf" | "otf" | "ttc")) {
            paths.push(path);
        }
    }
    paths.sort();
    let mut store = FontStore::new();
    for path in &paths {
        let data = fs::read(path).map_err(|source| Error::Read { path: path.clone(), source })?;
        let fonts: Vec<Font> = Font::iter(Bytes::new(data)).collect();
        if fonts.is_empty() {
            return Err(Error::content(path, "not a font file that Typst can read")
                .hint("remove it from fonts/, or replace it with a TrueType or OpenType font")
                .into());
        }
        store.extend(fonts.into_iter().map(|font| {
            let info = font.info().clone();
            (font, info)
        }));
    }
    let book = store.book();
    if let Some(missing) =
        FAMILIES.iter().find(|family| !book.contains_family(&family.to_lowercase()))
    {
        return Err(Error::content(dir, format!("the font family `{missing}` is missing"))
            .hint("restore fonts/ from the repository; leafpress uses only its bundled fonts")
            .into());
    }
    Ok(store)
}
