//! The contract between leafpress and its theme: the print-production figures, the geometry
//! and stroke of marks, the smallest text each kind of document allows, the paper sizes, the
//! font families and the virtual paths the Typst world serves.
//!
//! Each figure is defined here once. leafpress's own code (imposition, the checks, the print
//! specification) uses the constants, and the theme receives them in every document's data
//! (its `contract`, see [`Contract`]), so that no layout types a figure that leafpress also
//! knows: the two sides cannot drift apart.

use std::collections::BTreeMap;

use serde::Serialize;

/// Where the Typst world serves a document's virtual files: its data, the QR codes and the
/// logo. No file of the project lives under it.
pub const VIRTUAL_ROOT: &str = "/leafpress/";

/// The virtual path of the document data inside the Typst world; the theme finds it under
/// [`DATA_INPUT`] in `sys.inputs`.
pub const DATA_PATH: &str = "/leafpress/data.json";

/// The `sys.inputs` key that names the document data file: [`DATA_PATH`] when leafpress lays
/// a document out, another file in an exported project, where many documents share the
/// layouts.
pub const DATA_INPUT: &str = "leafpress-data";

/// The virtual directory the organisation's logo is served from.
pub const LOGO_DIR: &str = "/leafpress/org";

/// Where an exported project keeps each document's data, by folder and file name.
pub const DOCUMENTS_DIR: &str = "/leafpress/documents";

/// The virtual path of a service's QR code: `kind` is `tel` or `web`.
pub fn qr_path(kind: &str, id: &str) -> String {
    format!("/leafpress/qr/{kind}/{id}.svg")
}

/// Print-shop bleed: how far background colours run past the trim, in millimetres.
pub const PRINT_BLEED_MM: f64 = 3.0;

/// Room beyond the print-shop bleed for crop marks, in millimetres.
pub const PRINT_SLUG_MM: f64 = 7.0;

/// How far text and images stay inside the trim, in millimetres: office printers cannot print
/// nearer the edge, and print shops may trim there.
pub const SAFE_ZONE_MM: f64 = 5.0;

/// Space between cards on an office sheet of cards, in millimetres.
pub const CARD_GUTTER_MM: f64 = 3.0;

/// How far a card's colour runs past its edges on a sheet of cards, in millimetres: half the
/// gutter, so that a cut a little off shows no white and none of the next card.
pub const CARD_BLEED_MM: f64 = CARD_GUTTER_MM / 2.0;

/// Length of a crop or cut mark, in millimetres.
pub const MARK_LENGTH_MM: f64 = 5.0;

/// How far beyond the print-shop bleed a crop mark starts, in millimetres, so that a trim a
/// little off never shows one.
pub const MARK_OFFSET_MM: f64 = 0.5;

/// The stroke of every crop, cut and fold mark, in points: 0.25 pt, the usual weight of crop
/// marks, and the thinnest line a press keeps (the press check's hairline, see
/// `checks::press::HAIRLINE_PT`).
pub const MARK_STROKE_PT: f64 = 0.25;

/// Length of a print-shop fold mark, in millimetres: shorter than a crop mark, so the two are
/// told apart in the slug.
pub const FOLD_MARK_LENGTH_MM: f64 = 4.0;

/// The dash of a fold mark, dash then gap, in millimetres; crop and cut marks are solid.
pub const FOLD_DASH_MM: [f64; 2] = [1.0, 0.8];

/// The font family for Latin, Cyrillic and Greek script.
pub const FONT_LATIN: &str = "Noto Sans";

/// The font family for Arabic script.
pub const FONT_ARABIC: &str = "Noto Sans Arabic";

/// The font family for Ethiopic script.
pub const FONT_ETHIOPIC: &str = "Noto Sans Ethiopic";

/// The font families the layouts ask for, in fallback order for a left-to-right language:
/// Latin, Cyrillic and Greek first, then Arabic script, then Ethiopic.
pub const FONT_FAMILIES: [&str; 3] = [FONT_LATIN, FONT_ARABIC, FONT_ETHIOPIC];

/// The ISO A sizes, portrait, in millimetres: the paper `--size` offers (A1 to A4) and the
/// finished sizes people ask for by name (A5, A6).
pub const ISO_A_MM: [(&str, f64, f64); 6] = [
    ("A1", 594.0, 841.0),
    ("A2", 420.0, 594.0),
    ("A3", 297.0, 420.0),
    ("A4", 210.0, 297.0),
    ("A5", 148.0, 210.0),
    ("A6", 105.0, 148.0),
];

/// A4 portrait in millimetres, the office sheet.
pub const A4_MM: (f64, f64) = (ISO_A_MM[3].1, ISO_A_MM[3].2);

/// `paper`'s size, portrait, in millimetres.
pub fn paper_mm(paper: Paper) -> (f64, f64) {
    let index = match paper {
        Paper::A1 => 0,
        Paper::A2 => 1,
        Paper::A3 => 2,
        Paper::A4 => 3,
    };
    let (_, width, height) = ISO_A_MM[index];
    (width, height)
}

/// What sort of document a layout makes, read at arm's length or across a room.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// Leaflets and booklets, held in the hand.
    Leaflet,
    /// Cards small enough for a pocket.
    Card,
    /// A sheet on a notice board, read up close: the tear-off.
    Notice,
    /// Posters, read from a few metres away.
    Poster,
}

impl Kind {
    /// The smallest body text this kind of document may have, in points (see
    /// [`min_text`], which the theme is given too).
    pub fn min_body_pt(self) -> f64 {
        min_text(self).body
    }

    /// The smallest text of any kind (small print, captions, tags, the draft mark) this kind
    /// of document may have, in points (see [`min_text`]).
    pub fn min_any_pt(self) -> f64 {
        min_text(self).any
    }

    /// Its name in lowercase, as the manifest spells it.
    pub fn name(self) -> &'static str {
        match self {
            Kind::Leaflet => "leaflet",
            Kind::Card => "card",
            Kind::Notice => "notice",
            Kind::Poster => "poster",
        }
    }
}

/// A paper size from the ISO A series.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Deserialize, clap::ValueEnum,
)]
#[serde(rename_all = "lowercase")]
pub enum Paper {
    /// A1 (sizes: [`ISO_A_MM`]).
    A1,
    /// A2.
    A2,
    /// A3.
    A3,
    /// A4.
    A4,
}

impl Paper {
    /// Its name in lowercase, as Typst and the command line spell it.
    pub fn name(self) -> &'static str {
        match self {
            Paper::A1 => "a1",
            Paper::A2 => "a2",
            Paper::A3 => "a3",
            Paper::A4 => "a4",
        }
    }
}

/// The smallest text a kind of document allows, in points.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct MinText {
    /// Body text, even where a layout shrinks its text to fit.
    pub body: f64,
    /// Any text at all: small print, captions, tags, the draft mark.
    pub any: f64,
}

/// The smallest text `kind` allows: leaflets and cards have no room for print smaller than
/// their body; notices and posters have small print readable close up.
pub fn min_text(kind: Kind) -> MinText {
    let (body, any) = match kind {
        Kind::Leaflet => (8.0, 8.0),
        Kind::Card => (7.0, 7.0),
        Kind::Notice => (14.0, 8.0),
        Kind::Poster => (24.0, 12.0),
    };
    MinText { body, any }
}

/// What the theme receives of the contract in a document's data, under `contract`.
#[derive(Debug, Clone, Serialize)]
pub struct Contract {
    /// The layout's kind, which sets its smallest text.
    pub kind: Kind,
    /// The smallest text of every kind, by kind's name (a tear-off's tabs hold to a card's).
    pub min_text_pt: BTreeMap<&'static str, MinText>,
    /// Print-shop bleed, in millimetres.
    pub bleed_mm: f64,
    /// Room beyond the bleed for crop marks, in millimetres.
    pub slug_mm: f64,
    /// The safe zone inside the trim, in millimetres.
    pub safe_mm: f64,
    /// How far colour runs past a card's edges when it is laid out for a sheet of cards
    /// (0 otherwise), in millimetres.
    pub sheet_bleed_mm: f64,
    /// Crop and fold marks.
    pub marks: Marks,
    /// The ISO A sizes by lowercase name (`a3`), portrait, in millimetres.
    pub papers_mm: BTreeMap<String, [f64; 2]>,
    /// The font families by script.
    pub fonts: Fonts,
}

/// Crop and fold marks, as [`Contract`] gives them to the theme.
#[derive(Debug, Clone, Serialize)]
pub struct Marks {
    /// See [`MARK_LENGTH_MM`].
    pub length_mm: f64,
    /// See [`MARK_OFFSET_MM`].
    pub offset_mm: f64,
    /// See [`MARK_STROKE_PT`].
    pub stroke_pt: f64,
    /// See [`FOLD_MARK_LENGTH_MM`].
    pub fold_length_mm: f64,
    /// See [`FOLD_DASH_MM`].
    pub fold_dash_mm: [f64; 2],
}

/// The font families by script, as [`Contract`] gives them to the theme.
#[derive(Debug, Clone, Serialize)]
pub struct Fonts {
    /// See [`FONT_LATIN`].
    pub latin: &'static str,
    /// See [`FONT_ARABIC`].
    pub arabic: &'static str,
    /// See [`FONT_ETHIOPIC`].
    pub ethiopic: &'static str,
}

impl Contract {
    /// The contract for a document of `kind`; `card_sheet` when it is laid out to be imposed
    /// as a sheet of cards, whose colour then runs into the gutters.
    pub fn new(kind: Kind, card_sheet: bool) -> Self {
        let kinds = [Kind::Leaflet, Kind::Card, Kind::Notice, Kind::Poster];
        let papers = ISO_A_MM.iter().map(|(name, w, h)| (name.to_lowercase(), [*w, *h]));
        Self {
            kind,
            min_text_pt: kinds.into_iter().map(|k| (k.name(), min_text(k))).collect(),
            bleed_mm: PRINT_BLEED_MM,
            slug_mm: PRINT_SLUG_MM,
            safe_mm: SAFE_ZONE_MM,
            sheet_bleed_mm: if card_sheet { CARD_BLEED_MM } else { 0.0 },
            marks: Marks {
                length_mm: MARK_LENGTH_MM,
                offset_mm: MARK_OFFSET_MM,
                stroke_pt: MARK_STROKE_PT,
                fold_length_mm: FOLD_MARK_LENGTH_MM,
                fold_dash_mm: FOLD_DASH_MM,
            },
            papers_mm: papers.collect(),
            fonts: Fonts { latin: FONT_LATIN, arabic: FONT_ARABIC, ethiopic: FONT_ETHIOPIC },
        }
    }

    /// The contract as JSON, for the document data.
    pub fn to_json(&self) -> serde_json::Value {
        serde_json::to_value(self).expect("the contract always serializes")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_virtual_path_is_under_the_virtual_root() {
        for path in [DATA_PATH, LOGO_DIR, DOCUMENTS_DIR, &qr_path("web", "caw")] {
            assert!(path.starts_with(VIRTUAL_ROOT), "{path}");
        }
    }

    #[test]
    fn each_paper_has_its_iso_size() {
        for paper in [Paper::A1, Paper::A2, Paper::A3, Paper::A4] {
            let (name, width, height) =
                ISO_A_MM.iter().find(|(name, ..)| name.eq_ignore_ascii_case(paper.name())).unwrap();
            assert_eq!(paper_mm(paper), (*width, *height), "{name}");
        }
        assert_eq!(A4_MM, (210.0, 297.0));
    }

    #[test]
    fn the_theme_gets_objects_by_name() {
        let json = Contract::new(Kind::Poster, false).to_json();
        assert_eq!(json["kind"], "poster");
        assert_eq!(json["min_text_pt"]["notice"]["body"], 14.0);
        assert_eq!(json["papers_mm"]["a1"], serde_json::json!([594.0, 841.0]));
        assert_eq!(json["marks"]["stroke_pt"], MARK_STROKE_PT);
        assert_eq!(json["fonts"]["arabic"], FONT_ARABIC);
    }

    #[test]
    fn only_a_card_laid_out_for_a_sheet_of_cards_runs_into_the_gutter() {
        assert_eq!(Contract::new(Kind::Card, true).sheet_bleed_mm, CARD_BLEED_MM);
        assert_eq!(Contract::new(Kind::Card, false).sheet_bleed_mm, 0.0);
    }
}
