//! The sixteen languages: each builds every layout with every character it needs; a draft is
//! marked on every page until a named reviewer signs it off; a missing text prints in English,
//! marked; an English edit makes its translations stale; right-to-left pages are mirrored and
//! extract in reading order; and every PDF says which language it is in.

mod support;

use std::fs;

use support::{Sandbox, located, pdf_pages, pdf_text, words};

/// The English half of every draft mark.
const DRAFT: &str = "DRAFT TRANSLATION — not reviewed";

/// The hint under a missing-glyph error.
const FONT_HINT: &str = "fonts/ holds Noto Sans, Noto Sans Arabic, Noto Sans Ethiopic; add a \
                         font that covers this script to fonts/ (and to the theme's font list), \
                         or write the text without these characters";

#[test]
fn every_language_builds_every_layout_and_declares_its_language() {
    let sandbox = Sandbox::with_shipped_project();
    let languages = sandbox.languages();
    assert_eq!(languages.len(), 16, "{languages:?}");
    let run = sandbox.leafpress(&["build"]);
    run.succeeds();
    // Six layouts per language, and one poster carrying them all.
    let documents = languages.len() * 6 + 1;
    let summary = format!("{documents} of {documents} documents built");
    assert!(run.stdout.contains(&summary), "{}", run.stdout);
    for language in &languages {
        for entry in fs::read_dir(sandbox.path(&format!("out/{language}"))).expect("out dir") {
            let path = entry.expect("entry").path();
            let bytes = fs::read(&path).expect("pdf");
            let lang = format!("/Lang({language})");
            assert!(contains(&bytes, lang.as_bytes()), "{} lacks {lang}", path.display());
        }
    }
}

#[test]
fn every_page_of_a_draft_is_marked_in_its_language_and_in_english() {
    let sandbox = Sandbox::with_shipped_project();
    sandbox.leafpress(&["build", "--lang", "fr,ar,ti,en"]).succeeds();
    for language in ["fr", "ar", "ti"] {
        // Compared without spaces: poppler may split an Arabic word where a vowel mark sits.
        let unspaced = |text: &str| letters(text).replace(' ', "");
        let own = unspaced(&sandbox.text_of(language, "draft_mark"));
        for (file, pages) in sandbox.pages_of(language) {
            for (n, page) in pages.iter().enumerate() {
                let page = unspaced(page);
                let english = DRAFT.replace(' ', "");
                assert!(page.contains(&english), "{language}/{file} page {} lacks {DRAFT}", n + 1);
                assert!(page.contains(&own), "{language}/{file} page {} lacks {own}", n + 1);
            }
        }
    }
    for (file, pages) in sandbox.pages_of("en") {
        assert!(pages.iter().all(|p| !p.contains(DRAFT)), "en/{file} is reviewed");
    }
}

#[test]
fn a_named_reviewer_signing_off_removes_the_mark() {
    let sandbox = Sandbox::with_shipped_project();
    sandbox.replace_line("content/fr.toml", "status = ", "status = \"reviewed\"");
    sandbox.replace_line("content/fr.toml", "reviewer = ", "reviewer = \"Anne Dupont\"");
    sandbox.leafpress(&["build", "--lang", "fr"]).succeeds();
    for (file, pages) in sandbox.pages_of("fr") {
        assert!(pages.iter().all(|p| !p.contains(DRAFT)), "fr/{file} still says draft");
    }
}

#[test]
fn reviewed_without_a_reviewer_is_refused() {
    let sandbox = Sandbox::with_shipped_project();
    let line = sandbox.replace_line("content/fr.toml", "status = ", "status = \"reviewed\"");
    sandbox.leafpress(&["build", "--lang", "fr"]).fails_with(2).says(&located(
        "content/fr.toml",
        line,
        10,
        "a reviewed translation needs a reviewer (key `language.reviewer`)",
        "status = \"reviewed\"",
        10,
        "set reviewer = \"name of the person who reviewed it\", or status = \"draft\"",
    ));
}

#[test]
fn a_missing_text_prints_in_english_marked_in_every_language() {
    let sandbox = Sandbox::with_shipped_project();
    sandbox.replace_line("content/fr.toml", "scan = ", "");
    sandbox.replace_line("content/nl.toml", "scan = ", "");
    let run = sandbox.leafpress(&["build", "--lang", "fr,nl", "--layout", "poster"]);
    run.succeeds();
    run.mentions(
        "content/fr.toml: warning: 1 text is not translated; where a layout uses them, it \
         prints the English text, marked EN: ui.scan",
    );
    let english = "Scan for more information";
    let draft = pdf_text(&sandbox.path("out/fr/poster.pdf"));
    assert!(draft.contains(&format!("EN {english}")), "{draft}");
    // A reviewed translation marks it too: its readers must not get unannounced English.
    let reviewed = pdf_text(&sandbox.path("out/nl/poster.pdf"));
    assert!(reviewed.contains(&format!("EN {english}")), "{reviewed}");
}

#[test]
fn an_edited_english_text_makes_its_translations_stale_until_stamped() {
    let sandbox = Sandbox::with_shipped_project();
    sandbox.leafpress(&["status"]).succeeds().has_row("fr", "French", "DRAFT", "149/193", "0");
    sandbox.replace_line("content/en.toml", "scan = ", "scan = \"Scan the code to learn more\"");
    let status = sandbox.leafpress(&["status"]);
    status.succeeds().has_row("fr", "French", "DRAFT", "149/193", "1");
    status.has_row("nl", "Dutch", "reviewed", "193/193", "1");
    let line = sandbox.line_of("content/fr.toml", "scan = ");
    assert!(status.stdout.contains(&format!("content/fr.toml:{line}:8: stale: ui.scan")));
    sandbox.leafpress(&["build", "--lang", "fr", "--layout", "card"]).succeeds().mentions(
        "content/fr.toml: warning: 1 text is translated from an English text that has changed \
         since: ui.scan",
    );
    sandbox.leafpress(&["stamp", "fr", "ui.scan"]).succeeds();
    sandbox.leafpress(&["status"]).succeeds().has_row("fr", "French", "DRAFT", "149/193", "0");
}

#[test]
fn a_character_no_bundled_font_has_is_an_error_naming_language_file_and_key() {
    let sandbox = Sandbox::with_shipped_project();
    let line =
        sandbox.replace_line("content/fr.toml", "emergency = ", "emergency = \"Urgences 急救\"");
    sandbox.leafpress(&["build", "--lang", "fr"]).fails_with(2).says(&located(
        "content/fr.toml",
        line,
        23,
        "no bundled font has 急 (U+6025), 救 (U+6551), used in language fr (key `ui.emergency`)",
        "emergency = \"Urgences 急救\"",
        1,
        FONT_HINT,
    ));
}

#[test]
fn a_character_no_font_has_outside_the_content_is_found_on_the_laid_out_page() {
    let sandbox = Sandbox::with_shipped_project();
    sandbox.write("clinic.toml", "name = \"Clinic 诊所\"\n");
    let run =
        sandbox.leafpress(&["build", "--lang", "en", "--layout", "card", "--org", "clinic.toml"]);
    run.fails_with(1).says(&located(
        "clinic.toml",
        1,
        16,
        "no bundled font has 所 (U+6240), 诊 (U+8BCA), used in document en/card",
        "name = \"Clinic 诊所\"",
        1,
        FONT_HINT,
    ));
    run.shows("failed  en/card  could not be made; the previous PDF, if any, is unchanged");
}

#[test]
fn right_to_left_lists_are_mirrored() {
    let sandbox = Sandbox::with_shipped_project();
    sandbox.leafpress(&["build", "--lang", "en,ar,fa", "--layout", "pocket"]).succeeds();
    let half = 105.0 / 2.0;
    for (language, on_the_right) in [("en", false), ("ar", true), ("fa", true)] {
        let words = words(&sandbox.path(&format!("out/{language}/pocket.pdf")));
        let bullets: Vec<_> = words.iter().filter(|w| w.page == 2 && w.text == "•").collect();
        assert!(bullets.len() >= 6, "{language}: {} bullets on page 2", bullets.len());
        for bullet in bullets {
            assert_eq!(bullet.x > half, on_the_right, "{language}: bullet at x = {:.1}", bullet.x);
        }
    }
}

#[test]
fn arabic_text_extracts_in_reading_order_with_numbers_intact() {
    let sandbox = Sandbox::with_shipped_project();
    sandbox.leafpress(&["build", "--lang", "ar", "--layout", "poster,pocket"]).succeeds();
    let poster = letters(&pdf_text(&sandbox.path("out/ar/poster.pdf")));
    for key in ["headline", "scan"] {
        let text = letters(&sandbox.text_of("ar", key));
        assert!(poster.contains(&text), "the poster's text lacks {key} `{text}`:\n{poster}");
    }
    let pocket = letters(&pdf_text(&sandbox.path("out/ar/pocket.pdf")));
    for number in ["0800 13 500", "+32 (0)2 629 77 10", "www.caw.be"] {
        assert!(pocket.contains(number), "the Arabic pocket lacks {number}");
    }
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

/// Text without the direction marks poppler puts around right-to-left runs and without Arabic
/// vowel marks (which poppler may place one letter off), with white space collapsed: the
/// letters and words, in the order they are read.
fn letters(text: &str) -> String {
    let kept: String = text
        .chars()
        .filter(|c| !matches!(c, '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{064B}'..='\u{065F}'))
        .collect();
    kept.split_whitespace().collect::<Vec<_>>().join(" ")
}

impl Sandbox {
    /// The text of the one line `key = "…"` in a language file.
    fn text_of(&self, language: &str, key: &str) -> String {
        let file = self.read(&format!("content/{language}.toml"));
        let prefix = format!("{key} = \"");
        let line = file.lines().find(|l| l.starts_with(&prefix)).expect("the key's line");
        line[prefix.len()..line.len() - 1].to_string()
    }

    /// The one-based number of the one line of a file that starts with `prefix`.
    fn line_of(&self, relative: &str, prefix: &str) -> usize {
        let text = self.read(relative);
        text.lines().position(|l| l.starts_with(prefix)).expect("the line") + 1
    }

    /// Every PDF built for a language, each as the text of its pages.
    fn pages_of(&self, language: &str) -> Vec<(String, Vec<String>)> {
        let dir = self.path(&format!("out/{language}"));
        let mut files: Vec<_> =
            fs::read_dir(dir).expect("out dir").map(|e| e.expect("entry").path()).collect();
        files.sort();
        assert!(files.len() >= 6, "{language}: {files:?}");
        files
            .iter()
            .map(|f| (f.file_name().unwrap_or_default().to_string_lossy().into(), pdf_pages(f)))
            .collect()
    }
}

trait StatusTable {
    /// Asserts that `leafpress status` printed this row.
    fn has_row(&self, code: &str, name: &str, status: &str, translated: &str, stale: &str)
    -> &Self;
}

impl StatusTable for support::Run {
    #[track_caller]
    fn has_row(
        &self,
        code: &str,
        name: &str,
        status: &str,
        translated: &str,
        stale: &str,
    ) -> &Self {
        let row =
            self.stdout.lines().find(|l| l.starts_with(&format!("{code:<4} "))).expect("a row");
        let cells: Vec<&str> = row.split_whitespace().collect();
        assert_eq!(cells[..3], [code, name, status], "{row}");
        assert_eq!(cells[cells.len() - 2..], [translated, stale], "{row}");
        self
    }
}
