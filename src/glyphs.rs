//! Glyph coverage: a character no bundled font has is an error, never a box on the page.
//!
//! Two checks, because they see different things. Before layout, every text of the languages
//! a document carries is held against the fonts' coverage, which locates the character in its
//! file at line and column. After layout, the pages are walked for glyph 0 (`.notdef`, the box),
//! which also catches characters that came from a layout or an organisation file.

use std::collections::BTreeSet;
use std::path::Path;

use typst::layout::{Frame, FrameItem};
use typst::text::FontInfo;
use typst_kit::fonts::FontStore;
use typst_layout::PagedDocument;

use crate::content::stamps;
use crate::content::{Language, TomlFile};
use crate::contract::FONT_FAMILIES as FAMILIES;
use crate::error::{ContentError, Error, Result};

/// What the bundled fonts can print: the union of their coverage.
#[derive(Clone)]
pub struct Coverage {
    fonts: Vec<FontInfo>,
}

impl Coverage {
    /// The coverage of every font in `store`.
    pub fn of(store: &FontStore) -> Self {
        let book = store.book();
        Self { fonts: (0..).map_while(|i| book.info(i)).cloned().collect() }
    }

    /// Whether some bundled font has `c`, or `c` needs no glyph at all.
    pub fn covers(&self, c: char) -> bool {
        is_invisible(c) || self.fonts.iter().any(|font| font.coverage.contains(c as u32))
    }
}

/// Characters that shape to nothing: spaces, controls, joiners, direction marks, variation
/// selectors, soft hyphens. Fonts need no glyph for them.
fn is_invisible(c: char) -> bool {
    c.is_whitespace()
        || c.is_control()
        || matches!(c, '\u{00AD}' | '\u{034F}' | '\u{FEFF}')
        || ('\u{200B}'..='\u{200F}').contains(&c)
        || ('\u{202A}'..='\u{202E}').contains(&c)
        || ('\u{2060}'..='\u{2069}').contains(&c)
        || ('\u{FE00}'..='\u{FE0F}').contains(&c)
}

/// Checks every text of `language` against the fonts, failing on the first text that has a
/// character no font covers, located at that character.
pub fn check_language(language: &Language, coverage: &Coverage) -> Result<()> {
    let texts = stamps::in_file_order(language);
    let mut offenders = texts.iter().filter_map(|text| {
        let missing: Vec<(usize, char)> =
            text.raw.char_indices().filter(|(_, c)| !coverage.covers(*c)).collect();
        (!missing.is_empty()).then_some((text, missing))
    });
    let Some((text, missing)) = offenders.next() else { return Ok(()) };
    let more = offenders.count();
    let (at, first) = missing[0];
    let span = text.locate(at..at + first.len_utf8());
    let mut chars: Vec<char> = Vec::new();
    for (_, c) in &missing {
        if !chars.contains(c) {
            chars.push(*c);
        }
    }
    let mut error = language
        .file
        .error(span, no_glyph_message(&chars, &format!("language {}", language.code)))
        .key(&text.key)
        .hint(font_hint());
    if more > 0 {
        error = error.hint(format!("{}; {more} more texts have such characters", font_hint()));
    }
    Err(error.into())
}

/// Every character that the laid-out pages show as a box (glyph 0: no font had it).
pub fn missing_glyphs(document: &PagedDocument) -> BTreeSet<char> {
    let mut missing = BTreeSet::new();
    for page in document.pages() {
        walk(&page.frame, &mut missing);
    }
    missing
}

fn walk(frame: &Frame, missing: &mut BTreeSet<char>) {
    for (_, item) in frame.items() {
        match item {
            FrameItem::Group(group) => walk(&group.frame, missing),
            FrameItem::Text(text) => {
                for glyph in text.glyphs.iter().filter(|g| g.id == 0) {
                    let chars = text.text.get(glyph.range()).unwrap_or_default();
                    missing.extend(chars.chars().filter(|c| !is_invisible(*c)));
                }
            }
            _ => {}
        }
    }
}

/// The error for boxes found after layout in `document`: located in the first of `sources`
/// (language and organisation files) that holds such a character, or else blamed on the layout.
pub fn missing_error(
    missing: &BTreeSet<char>,
    document: &str,
    sources: &[&TomlFile],
    layout: &Path,
) -> Error {
    let chars: Vec<char> = missing.iter().copied().collect();
    let message = no_glyph_message(&chars, &format!("document {document}"));
    let found = sources.iter().find_map(|file| {
        let places = chars.iter().filter_map(|c| file.text.find(*c).map(|at| (at, c.len_utf8())));
        places.min().map(|(at, len)| (file, at, len))
    });
    let error: ContentError = match found {
        Some((file, at, len)) => file.error(at..at + len, message),
        None => Error::content(layout, message),
    };
    error.hint(font_hint()).into()
}

/// The message for `chars`, used by `user` (a language or a document).
fn no_glyph_message(chars: &[char], user: &str) -> String {
    let shown: Vec<String> = chars.iter().map(|c| format!("{c} (U+{:04X})", *c as u32)).collect();
    format!("no bundled font has {}, used in {user}", shown.join(", "))
}

fn font_hint() -> String {
    format!(
        "fonts/ holds {}; add a font that covers this script to fonts/ (and to the theme's \
         font list), or write the text without these characters",
        FAMILIES.join(", ")
    )
}
