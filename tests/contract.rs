//! The contract between leafpress and its theme (src/contract.rs): every document's data
//! carries the figures leafpress checks by and marks its own sheets with, the theme types none
//! of them itself, and a layout set below the minimum it is given fails the check.

mod support;

use leafpress::contract::{self, MinText};
use leafpress::layout::{self, Kind};
use serde_json::{Value, json};
use support::Sandbox;

/// Exports every one-language document in English for a print shop, and reads each one's data
/// by layout name.
fn exported_data(sandbox: &Sandbox) -> Vec<(String, Value)> {
    let args = ["export-project", "typst", "--lang", "en", "--print-shop"];
    sandbox.leafpress(&args).succeeds();
    let dir = sandbox.path("typst/leafpress/documents/en");
    let mut documents: Vec<(String, Value)> = std::fs::read_dir(&dir)
        .expect("the documents' data")
        .map(|entry| {
            let path = entry.expect("an entry").path();
            let name = path.file_stem().and_then(|s| s.to_str()).expect("a name");
            let layout = name.trim_end_matches("-print").to_string();
            let text = std::fs::read_to_string(&path).expect("readable data");
            (layout, serde_json::from_str(&text).expect("the data is JSON"))
        })
        .collect();
    documents.sort_by(|a, b| a.0.cmp(&b.0));
    documents
}

fn min_text(min: MinText) -> Value {
    json!({ "body": min.body, "any": min.any })
}

#[test]
fn every_document_is_given_the_figures_leafpress_checks_and_marks_by() {
    let sandbox = Sandbox::with_shipped_project();
    let layouts = layout::load(&sandbox.path("layouts")).expect("the layouts");
    let documents = exported_data(&sandbox);
    let names: Vec<&str> = documents.iter().map(|(name, _)| name.as_str()).collect();
    assert_eq!(names, ["card", "pocket", "poster", "tearoff", "trifold"]);
    for (name, data) in &documents {
        let given = &data["contract"];
        let kind = layouts.iter().find(|l| &l.name == name).expect("a layout").kind;
        assert_eq!(given["kind"], kind.name(), "{name}");
        // What the theme is given as each kind's minimum is what `check` holds it to.
        for kind in [Kind::Leaflet, Kind::Card, Kind::Notice, Kind::Poster] {
            let checked = MinText { body: kind.min_body_pt(), any: kind.min_any_pt() };
            assert_eq!(given["min_text_pt"][kind.name()], min_text(checked), "{name}");
        }
        assert_eq!(given["bleed_mm"], contract::PRINT_BLEED_MM, "{name}");
        assert_eq!(given["slug_mm"], contract::PRINT_SLUG_MM, "{name}");
        assert_eq!(given["safe_mm"], contract::SAFE_ZONE_MM, "{name}");
        assert_eq!(given["sheet_bleed_mm"], 0.0, "{name}");
        let marks = &given["marks"];
        assert_eq!(marks["stroke_pt"], contract::MARK_STROKE_PT, "{name}");
        assert_eq!(marks["length_mm"], contract::MARK_LENGTH_MM, "{name}");
        assert_eq!(marks["offset_mm"], contract::MARK_OFFSET_MM, "{name}");
        assert_eq!(marks["fold_length_mm"], contract::FOLD_MARK_LENGTH_MM, "{name}");
        assert_eq!(marks["fold_dash_mm"], json!(contract::FOLD_DASH_MM), "{name}");
        let (width, height) = contract::A4_MM;
        assert_eq!(given["papers_mm"]["a4"], json!([width, height]), "{name}");
        let fonts =
            [&given["fonts"]["latin"], &given["fonts"]["arabic"], &given["fonts"]["ethiopic"]];
        assert_eq!(fonts.map(|f| f.as_str().unwrap_or_default()), contract::FONT_FAMILIES);
        let qr = data["services"]["caw"]["qr_web"].as_str().expect("a QR code path");
        assert!(qr.starts_with(contract::VIRTUAL_ROOT), "{qr}");
    }
}

#[test]
fn the_theme_types_no_figure_leafpress_gives_it() {
    let root = support::repository().join("layouts");
    let mut files: Vec<_> = std::fs::read_dir(&root).expect("layouts").flatten().collect();
    files.extend(std::fs::read_dir(root.join("lib")).expect("layouts/lib").flatten());
    // Font names, virtual paths, the old poster minimum, and mark strokes typed as a length.
    let forbidden = ["Noto Sans", "/leafpress/", "poster-min", "0.25pt + colour.mark", "0.3pt"];
    for file in files.iter().map(|e| e.path()).filter(|p| p.extension().is_some_and(|e| e == "typ"))
    {
        let text = std::fs::read_to_string(&file).expect("a layout");
        for word in forbidden {
            assert!(!text.contains(word), "{} types {word:?}", file.display());
        }
    }
}

#[test]
fn a_layout_set_under_the_minimum_it_is_given_fails_the_check() {
    let sandbox = Sandbox::with_shipped_project();
    sandbox.leafpress(&["check", "--lang", "en", "--layout", "card"]).succeeds();
    sandbox.edit(
        "layouts/card.typ",
        "#let min-size = min-text.any\n",
        "#let min-size = min-text.any - 0.5pt\n",
    );
    let run = sandbox.leafpress(&["check", "--lang", "en", "--layout", "card"]);
    run.fails_with(1).reports(&[
        "en/card",
        "  error[size] page 1: text is set at 6.6 pt, under the 7 pt a card allows anywhere: \
         “Local contact”",
        "    hint: set it at least at the minimum: the theme's `scale(base, floor: …)` keeps \
         small steps there",
        "  error[size] page 2: text is set at 6.5 pt, under the 7 pt a card allows anywhere: \
         “Emergency”",
    ]);
}
