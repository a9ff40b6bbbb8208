//! `leafpress check`: each check is made to fail with deliberately broken content or layouts,
//! and the shipped project passes them all. `build` runs the same checks and does not write a
//! document they refuse.

mod support;

use support::Sandbox;

/// Makes the French "kinds of violence" introduction sixty sentences long: too long for its
/// tri-fold panel at any size. Returns its line in content/fr.toml.
fn a_translation_too_long_for_its_panel(sandbox: &Sandbox) -> usize {
    let long = vec!["Il existe quatre formes de violence entre partenaires."; 60].join(" ");
    sandbox.replace_line("content/fr.toml", "intro = \"Il existe", &format!("intro = \"{long}\""))
}

#[test]
fn the_shipped_project_passes_every_check() {
    let sandbox = Sandbox::with_shipped_project();
    let run = sandbox.leafpress(&["check"]);
    // Every language has every text: Dutch service descriptions that the seeds give only in
    // English are translated (and marked as not reviewed), so nothing prints in English.
    run.succeeds().shows("97 documents, 0 errors, 0 warnings");
}

#[test]
fn a_translation_too_long_to_fit_is_an_overflow_with_its_key() {
    let sandbox = Sandbox::with_shipped_project();
    let line = a_translation_too_long_for_its_panel(&sandbox);
    sandbox.leafpress(&["check", "--lang", "fr", "--layout", "trifold"]).fails_with(1).reports(&[
        "fr/trifold",
        "  error[overflow] page 2: the text of the kinds panel is 110.9 mm too long for its box \
         (298.9 mm of text in 188.0 mm), even at the smallest size the layout allows, 8 pt",
        &format!("    at content/fr.toml:{line}:9"),
        // The text that runs out of the panel, not those pushed out after it.
        "    key: info.kinds.intro",
        "    hint: shorten these texts; the layout already set them as small as it may",
        "",
        "1 document, 1 error, 0 warnings (checked in",
    ]);
}

#[test]
fn build_does_not_write_a_document_that_fails_its_checks() {
    let sandbox = Sandbox::with_shipped_project();
    sandbox.leafpress(&["build", "--lang", "fr", "--layout", "trifold,card"]).succeeds();
    let good = std::fs::read(sandbox.path("out/fr/trifold.pdf")).expect("a first, good build");
    a_translation_too_long_for_its_panel(&sandbox);
    let run = sandbox.leafpress(&["build", "--lang", "fr", "--layout", "trifold,card"]);
    run.fails_with(1).shows(
        "failed  fr/trifold  did not pass `leafpress check`; the previous PDF, if any, is unchanged",
    );
    run.shows("built   fr/card").shows("1 of 2 documents built");
    run.mentions("  error[overflow] page 2: the text of the kinds panel is 110.9 mm too long");
    let kept = std::fs::read(sandbox.path("out/fr/trifold.pdf")).expect("the good PDF");
    assert!(kept == good, "the good PDF is not replaced");
}

#[test]
fn a_number_typed_into_a_layout_is_not_in_the_directory() {
    let sandbox = Sandbox::with_shipped_project();
    sandbox.edit("layouts/poster.typ", "  v(gap.m)\n", "  v(gap.m)\n  text[Call 0800 30 031]\n");
    let line = sandbox.read("layouts/poster.typ").lines().position(|l| l.contains("031")).unwrap();
    sandbox.leafpress(&["check", "--lang", "en", "--layout", "poster"]).fails_with(1).reports(&[
        "en/poster",
        "  error[numbers] page 1: the number `0800 30 031` is printed but is not in \
         content/services.toml",
        &format!("    at layouts/poster.typ:{}:13", line + 1),
        "    hint: numbers and addresses come only from the directory: print a service's own \
         field (such as svc.phone), or add the service to content/services.toml from a seed",
    ]);
}

#[test]
fn a_number_typed_differently_in_a_text_is_refused_where_it_is_written() {
    let sandbox = Sandbox::with_shipped_project();
    let line = sandbox.replace_line(
        "content/fr.toml",
        "intro = \"Il existe",
        "intro = \"Appelez le 0800 30030 ou {tel:ecoute}.\"",
    );
    sandbox.leafpress(&["check"]).fails_with(2).reports(&[
        "content/fr.toml",
        "  error[content]: `0800 30030` looks like a phone number or web address",
        &format!("    at content/fr.toml:{line}:21"),
        "    key: info.kinds.intro",
        "    hint: numbers and addresses live only in content/services.toml: write {tel:ID} or \
         {web:ID} instead",
        "",
        "0 documents, 1 error, 0 warnings (checked in",
    ]);
}

#[test]
fn a_tracking_url_is_refused_and_nothing_is_built() {
    let sandbox = Sandbox::with_shipped_project();
    let line = sandbox.replace_line(
        "content/services.toml",
        "web = \"https://www.caw.be\"",
        "web = \"https://www.caw.be/?utm_source=leaflet\"",
    );
    let expected = [
        "content/services.toml",
        "  error[urls]: `https://www.caw.be/?utm_source=leaflet` carries the tracking parameter \
         `utm_source`",
        &format!("    at content/services.toml:{line}:8"),
        "    key: services.caw.web",
        "    hint: remove the parameter: it tells a third party that someone scanned the code",
    ];
    sandbox
        .leafpress(&["check", "--lang", "en", "--layout", "card"])
        .fails_with(1)
        .reports(&expected);
    sandbox.leafpress(&["build"]).fails_with(1).mentions(&expected.join("\n"));
    assert!(!sandbox.path("out").exists(), "nothing is written");
}

#[test]
fn a_qr_code_too_small_for_its_layout_is_refused() {
    let sandbox = Sandbox::with_shipped_project();
    sandbox.edit("layouts/card.typ", "#let qr-size = 16mm", "#let qr-size = 9mm");
    sandbox.leafpress(&["check", "--lang", "en", "--layout", "card"]).fails_with(1).reports(&[
        "en/card",
        "  error[qr] page 2: the QR code for https://www.1712.be is 9.0 mm wide, so its modules \
         are 0.27 mm, under the 0.4 mm a phone reads reliably",
        "    hint: make it at least 13.2 mm wide (33 modules with the quiet zone)",
    ]);
}

#[test]
fn a_qr_code_with_text_over_it_does_not_scan() {
    let sandbox = Sandbox::with_shipped_project();
    // A label laid over the middle of the poster's code.
    sandbox.edit(
        "layouts/poster.typ",
        "qr(helpline, kind: \"web\", size: qr-size, caption: false)),",
        "qr(helpline, kind: \"web\", size: qr-size, caption: false) + place(horizon + left, \
         dy: -qr-size / 2, block(width: qr-size, fill: black, height: 2cm))),",
    );
    let run = sandbox.leafpress(&["check", "--lang", "en", "--layout", "poster"]);
    run.fails_with(1)
        .shows("  error[qr] page 1: a shape is drawn over a QR code or its quiet zone")
        .shows("  error[qr] page 1: the QR code for https://www.1712.be does not scan");
}

#[test]
fn text_that_is_hard_to_read_against_its_background_is_refused() {
    let sandbox = Sandbox::with_shipped_project();
    sandbox.edit(
        "layouts/lib/tokens.typ",
        "muted: two-models(rgb(\"#4a5866\")",
        "muted: two-models(rgb(\"#9aa5b0\")",
    );
    sandbox.leafpress(&["check", "--lang", "en", "--layout", "card"]).fails_with(1).reports(&[
        "en/card",
        "  error[contrast] page 1: body text in #9aa5b0 on #ffffff has a contrast of 2.51:1, \
         under the 4.5:1 that WCAG AA asks for (“Local contact”)",
        "    hint: darken the text colour or lighten its background in layouts/lib/tokens.typ",
    ]);
}

#[test]
fn a_poster_with_more_languages_than_its_paper_holds_is_refused() {
    let sandbox = Sandbox::with_shipped_project();
    let run = sandbox.leafpress(&["check", "--layout", "poster-multi", "--size", "a3"]);
    run.fails_with(1).shows("  error[overflow] page 1: the text of the languages is").shows(
        "    hint: choose a larger --size or fewer --lang: at poster size A3 holds about six \
         languages, A2 about twelve, A1 sixteen",
    );
    let few = ["check", "--layout", "poster-multi", "--size", "a3", "--lang", "en,nl,fr,ar"];
    sandbox.leafpress(&few).succeeds();
}

#[test]
fn missing_glyphs_and_stale_translations_join_the_report() {
    let sandbox = Sandbox::with_shipped_project();
    sandbox.edit("content/en.toml", "scan = \"", "scan = \"Please ");
    sandbox.replace_line(
        "content/fr.toml",
        "intro = \"Il existe",
        "intro = \"Il existe 四 formes.\"",
    );
    let run = sandbox.leafpress(&["check", "--lang", "fr", "--layout", "card"]);
    run.fails_with(1)
        .shows("  error[glyphs]: no bundled font has 四 (U+56DB), used in language fr")
        .shows(
            "  warning[translation]: 1 text translated from an English text that has changed \
             since\n    at content/fr.toml\n    key: ui.scan",
        );
}

#[test]
fn json_output_counts_documents_errors_and_warnings() {
    let sandbox = Sandbox::with_shipped_project();
    sandbox.edit("layouts/card.typ", "#let qr-size = 16mm", "#let qr-size = 9mm");
    let run = sandbox.leafpress(&["check", "--json", "--lang", "en,nl", "--layout", "card"]);
    run.fails_with(1);
    let report: serde_json::Value = serde_json::from_str(&run.stdout).expect("JSON on stdout");
    assert_eq!(report["documents"], 2);
    assert_eq!(report["errors"], 2);
    let checked = report["checked"].as_array().expect("a list");
    let card = checked.iter().find(|c| c["subject"] == "en/card").expect("en/card");
    assert_eq!(card["findings"][0]["check"], "qr");
    assert_eq!(card["findings"][0]["severity"], "error");
    assert_eq!(card["findings"][0]["page"], 2);
}

#[test]
fn small_print_under_the_minimum_is_refused_wherever_it_is() {
    let sandbox = Sandbox::with_shipped_project();
    sandbox.edit(
        "layouts/pocket.typ",
        "#let s = scale(base, floor: min-text.any)",
        "#let s = scale(base)",
    );
    let run = sandbox.leafpress(&["check", "--lang", "en", "--layout", "pocket"]);
    run.fails_with(1).shows(
        "  error[size] page 2: text is set at 6.8 pt, under the 8 pt a leaflet allows anywhere:",
    );
}

#[test]
fn a_draft_mark_in_the_edge_printers_cannot_print_is_refused() {
    let sandbox = Sandbox::with_shipped_project();
    sandbox.edit("layouts/lib/print.typ", "dy: page-bleed + production.safe + dy,", "dy: 2mm,");
    let run = sandbox.leafpress(&["check", "--lang", "fr", "--layout", "pocket"]);
    run.fails_with(1).shows(
        "  error[margins] page 1: the text “PROJET DE TRADUCTION — non relu” lies within 5 mm \
         of the page edge, where printers cut it off",
    );
}
