//! Every print format at its exact size: each layout in plain, print-shop and office-sheet
//! modes, checked the way a print shop would, with the MediaBox and TrimBox of every page.

mod support;

use support::{Sandbox, assert_size, page_boxes, pdf_text};

const A4: (f64, f64) = (210.0, 297.0);
const A4_LANDSCAPE: (f64, f64) = (297.0, 210.0);
const A3: (f64, f64) = (297.0, 420.0);
const A2: (f64, f64) = (420.0, 594.0);
const A1: (f64, f64) = (594.0, 841.0);
const POCKET: (f64, f64) = (105.0, 148.0);
const CARD: (f64, f64) = (85.0, 55.0);
/// What a print-shop PDF adds around the trim on each side: 3 mm bleed and 7 mm for marks.
const PRINT_MARGIN: f64 = 10.0;

/// A document a build should write: its file under out/, its trim size and its page count
/// (`None` for a booklet, whose count depends on the language but is a multiple of 4).
struct Expected {
    file: &'static str,
    trim: (f64, f64),
    pages: Option<usize>,
}

fn expect(file: &'static str, trim: (f64, f64), pages: Option<usize>) -> Expected {
    Expected { file, trim, pages }
}

/// Checks every page of `expected` in language `lang`, with `margin` mm of media around the trim.
fn check(sandbox: &Sandbox, lang: &str, expected: &Expected, margin: f64) {
    let path = sandbox.path(&format!("out/{}", expected.file.replace("LANG", lang)));
    let pages = page_boxes(&path);
    match expected.pages {
        Some(count) => {
            assert_eq!(pages.len(), count, "{} has {} pages", path.display(), pages.len())
        }
        None => {
            assert!(pages.len().is_multiple_of(4), "{} has {} pages", path.display(), pages.len())
        }
    }
    let media = (expected.trim.0 + 2.0 * margin, expected.trim.1 + 2.0 * margin);
    for page in &pages {
        assert_size(page.trim, expected.trim);
        assert_size(page.media, media);
    }
}

fn plain_documents() -> Vec<Expected> {
    vec![
        expect("LANG/pocket.pdf", POCKET, None),
        expect("LANG/card.pdf", CARD, Some(2)),
        expect("LANG/card-sheet.pdf", A4, Some(2)),
        expect("LANG/trifold.pdf", A4_LANDSCAPE, Some(2)),
        expect("LANG/tearoff.pdf", A4, Some(1)),
        expect("LANG/poster.pdf", A3, Some(1)),
        expect("multi/poster-multi.pdf", A1, Some(1)),
    ]
}

#[test]
fn every_layout_builds_at_its_exact_size() {
    let sandbox = Sandbox::with_shipped_project();
    let run = sandbox.leafpress(&["build"]);
    run.succeeds();
    let languages = sandbox.languages();
    let documents = languages.len() * 6 + 1;
    let summary = format!("{documents} of {documents} documents built");
    assert!(run.stdout.contains(&summary), "{}", run.stdout);
    for lang in &languages {
        for expected in plain_documents() {
            check(&sandbox, lang, &expected, 0.0);
        }
    }
}

#[test]
fn print_shop_files_have_bleed_and_crop_marks_around_the_exact_trim() {
    let sandbox = Sandbox::with_shipped_project();
    sandbox.leafpress(&["build", "--print-shop"]).succeeds();
    for lang in &sandbox.languages() {
        for expected in plain_documents() {
            let file = expected.file.replace(".pdf", "-print.pdf").leak();
            check(&sandbox, lang, &Expected { file, ..expected }, PRINT_MARGIN);
        }
    }
}

#[test]
fn office_sheets_put_every_layout_on_a4() {
    let sandbox = Sandbox::with_shipped_project();
    sandbox.leafpress(&["build", "--sheet", "a4"]).succeeds();
    let sheets = [
        // 12 booklet pages: three folded A5 sheets, printed on two A4 sheets, both sides.
        expect("LANG/pocket-a4.pdf", A4, Some(4)),
        expect("LANG/card-a4.pdf", A4, Some(2)),
        expect("LANG/card-sheet.pdf", A4, Some(2)),
        expect("LANG/trifold-a4.pdf", A4_LANDSCAPE, Some(2)),
        expect("LANG/tearoff-a4.pdf", A4, Some(1)),
        expect("LANG/poster-a4.pdf", A4, Some(1)),
        expect("multi/poster-multi-a4.pdf", A4, Some(1)),
    ];
    for lang in &sandbox.languages() {
        for expected in &sheets {
            check(&sandbox, lang, expected, 0.0);
        }
    }
}

#[test]
fn posters_come_in_a2_and_a1_and_scale_with_the_paper() {
    let sandbox = Sandbox::with_shipped_project();
    sandbox.leafpress(&["build", "--size", "a2", "--lang", "en"]).succeeds();
    sandbox.leafpress(&["build", "--size", "a1", "--lang", "en", "--layout", "poster"]).succeeds();
    check(&sandbox, "en", &expect("LANG/poster-a2.pdf", A2, Some(1)), 0.0);
    // Built for English only, the multilingual poster names its language.
    check(&sandbox, "en", &expect("multi/poster-multi-a2-en.pdf", A2, Some(1)), 0.0);
    check(&sandbox, "en", &expect("LANG/poster-a1.pdf", A1, Some(1)), 0.0);
    assert!(!sandbox.path("out/en/card.pdf").exists(), "--size builds only the layouts with sizes");
}

#[test]
fn a_size_that_a_layout_does_not_come_in_is_refused() {
    let sandbox = Sandbox::with_shipped_project();
    sandbox.leafpress(&["build", "--layout", "card", "--size", "a2"]).fails_with(2).says(
        "error: layout `card` does not come in a2\nhint: card has one size; leave out --size\n",
    );
}

#[test]
fn print_shop_and_office_sheets_are_exclusive() {
    let sandbox = Sandbox::with_shipped_project();
    sandbox.leafpress(&["build", "--print-shop", "--sheet", "a4"]).fails_with(2);
}

#[test]
fn the_multilingual_poster_carries_every_language_asked_for() {
    let sandbox = Sandbox::with_shipped_project();
    sandbox.leafpress(&["build", "--layout", "poster-multi"]).succeeds();
    let text = pdf_text(&sandbox.path("out/multi/poster-multi.pdf"));
    for headline in
        ["Do you feel unsafe in your relationship?", "Voel je je onveilig in je relatie?"]
    {
        assert!(text.replace('\n', " ").contains(headline), "missing {headline}:\n{text}");
    }
    sandbox.leafpress(&["build", "--layout", "poster-multi", "--lang", "nl"]).succeeds();
    assert!(sandbox.path("out/multi/poster-multi-nl.pdf").exists());
}

#[test]
fn regions_put_their_own_services_first() {
    let sandbox = Sandbox::with_shipped_project();
    sandbox
        .leafpress(&["build", "--layout", "card", "--lang", "en", "--region", "wallonia"])
        .succeeds();
    let card = pdf_text(&sandbox.path("out/en/card.pdf"));
    assert!(card.contains("0800 30 030"), "the Walloon card gives the French-language helpline");
    assert!(!card.contains("1712"), "and not 1712:\n{card}");
    sandbox.leafpress(&["build", "--region", "mars"]).fails_with(2).says(
        "error: there is no region `mars`\nhint: the regions in content/regions.toml are: brussels, flanders, wallonia\n",
    );
}
