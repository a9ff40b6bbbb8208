//! The print specification: one page of plain text that `build --print-shop` writes beside the
//! files, for the print shop's order form. It says what the files are (finished size, bleed,
//! colour model, fonts, PDF standard), what paper suits each, and what each file is for.
//!
//! Sizes and page counts are read back from the files written, so the sheet says what the
//! files hold; the rest follows from how leafpress makes print-shop files.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use crate::contract::{
    FONT_ARABIC, FONT_ETHIOPIC, FONT_LATIN, PRINT_BLEED_MM as PRINT_BLEED,
    PRINT_SLUG_MM as PRINT_SLUG, SAFE_ZONE_MM as SAFE_ZONE,
};
use crate::error::Result;
use crate::layout::{Kind, Layout, Office};
use crate::output::write_atomic;

/// The specification's file name, in the build's output folder.
pub const FILE_NAME: &str = "print-specification.txt";

/// One file the specification lists.
pub struct Entry<'a> {
    /// The file, relative to the output folder (`en/pocket-print.pdf`).
    pub file: String,
    /// The layout it was made from.
    pub layout: &'a Layout,
    /// Its finished (trim) size in millimetres and its number of pages.
    pub trim_mm: (f64, f64),
    /// Its number of pages.
    pub pages: usize,
}

/// Reads each of `files` (paths under `out`, made from `layouts`) that was written, and writes
/// the specification for them to `out`; `date` is the build's date (`2026-12-03`).
pub fn write(out: &Path, files: &[(PathBuf, &Layout)], date: &str) -> Result<()> {
    let mut entries = Vec::new();
    for (path, layout) in files {
        let Ok(bytes) = std::fs::read(path) else { continue };
        let Some((trim_mm, pages)) = crate::press::trim_and_pages(&bytes) else { continue };
        let file = path.strip_prefix(out).unwrap_or(path).display().to_string();
        entries.push(Entry { file, layout, trim_mm, pages });
    }
    if entries.is_empty() {
        return Ok(());
    }
    write_atomic(&out.join(FILE_NAME), text(&entries, date).as_bytes())
}

/// The specification's text.
pub fn text(entries: &[Entry], date: &str) -> String {
    let mut text = format!(
        "PRINT SPECIFICATION\nFiles made by leafpress {}, dated {date}\n\n",
        env!("CARGO_PKG_VERSION")
    );
    let general = [
        (
            "Finished size",
            "each file's TrimBox; every page also has a BleedBox and crop marks.".to_string(),
        ),
        (
            "Bleed",
            format!(
                "{PRINT_BLEED} mm on every side (the BleedBox). Crop marks in the {PRINT_SLUG} mm \
                 beyond the bleed. Text and QR codes keep {SAFE_ZONE} mm inside the trim."
            ),
        ),
        (
            "Colour",
            "CMYK only (DeviceCMYK, no ICC output intent), chosen for coated paper (FOGRA39 or \
             PSO Coated v3). Black text, rules, marks and QR codes are black ink alone (K100 or a \
             K tint); no colour carries more than 300 % ink; no ink under 5 %."
                .into(),
        ),
        (
            "Fonts",
            format!(
                "{FONT_LATIN}, {FONT_ARABIC} and {FONT_ETHIOPIC} (SIL Open Font License), \
                 embedded as subsets."
            ),
        ),
        (
            "PDF",
            "PDF 1.7, tagged PDF/UA-1. Not PDF/X or PDF/A: the typesetter (Typst 0.15) writes \
             neither with CMYK colours. Please preflight the files with your own standard and \
             send a proof before the run."
                .into(),
        ),
    ];
    for (label, value) in general {
        text.push_str(&wrapped(&format!("{label:<14}"), &value));
    }
    text.push_str("\nFILES\n");
    for entry in entries {
        let (w, h) = entry.trim_mm;
        let pages =
            if entry.pages == 1 { "1 page".into() } else { format!("{} pages", entry.pages) };
        let (purpose, paper) = purpose_and_paper(entry.layout);
        let _ = writeln!(text, "{}", entry.file);
        text.push_str(&wrapped("  ", &format!("{w:.0} × {h:.0} mm, {pages}. {purpose}")));
        text.push_str(&wrapped("  Paper: ", paper));
    }
    text
}

/// The longest line of the specification, in characters, so that it reads in any editor.
const WIDTH: usize = 92;

/// `words` after `prefix`, wrapped at [`WIDTH`] with later lines indented as deep as the
/// prefix, and a final line break.
fn wrapped(prefix: &str, words: &str) -> String {
    let indent = " ".repeat(prefix.chars().count());
    let mut out = String::new();
    let mut line = prefix.to_string();
    for word in words.split_whitespace() {
        let fresh = line.trim().is_empty();
        if !fresh && line.chars().count() + 1 + word.chars().count() > WIDTH {
            out.push_str(&line);
            out.push('\n');
            line = indent.clone();
        } else if !fresh && !line.ends_with(' ') {
            line.push(' ');
        }
        line.push_str(word);
    }
    out.push_str(&line);
    out.push('\n');
    out
}

/// What a file of `layout` is for and how it is finished, and the paper that suits it.
fn purpose_and_paper(layout: &Layout) -> (&'static str, &'static str) {
    match (layout.kind, layout.office, layout.always_on_sheet) {
        (Kind::Card, _, true) => (
            "The same card ten to a sheet, fronts then backs, for printing duplex and cutting \
             along the marks.",
            "300–350 g/m² silk or matt card.",
        ),
        (Kind::Card, ..) => (
            "A pocket card, front and back, to be printed duplex and cut to size.",
            "300–350 g/m² silk or matt card; matt lamination if it is to last in a wallet.",
        ),
        (Kind::Leaflet, Office::Booklet, _) => (
            "A booklet in reading order: printed duplex, folded and saddle-stitched (two \
             staples).",
            "115–135 g/m² silk for the pages; the same paper for the cover.",
        ),
        (Kind::Leaflet, ..) => (
            "A leaflet printed duplex and folded along the fold marks.",
            "135–170 g/m² silk, creased before folding.",
        ),
        (Kind::Notice, ..) => (
            "A notice with tear-off tabs, one side: cut the tabs apart up to their top edge, or \
             perforate there.",
            "90–120 g/m² uncoated, so that the tabs tear cleanly.",
        ),
        (Kind::Poster, ..) => (
            "A poster, one side.",
            "135–170 g/m² silk or matt for indoors; blueback or synthetic paper outdoors.",
        ),
    }
}
