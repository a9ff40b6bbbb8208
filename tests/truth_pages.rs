//! Content truth on the page: what texts cannot hold, layouts and organisation files cannot
//! print either, every QR code on a page is read (leafpress's own, and any in a logo or an
//! image a layout places), and a text that overflows is named by its key. Each mutation makes
//! `build` refuse exactly the affected document (exit 1, the previous PDF unchanged), or the
//! organisation file at load (exit 2).

mod support;

use support::{Sandbox, located};

/// Builds the English poster and card, breaks the poster with `mutate`, builds again, and
/// expects the poster (only) to be refused with `lines` and its good PDF kept.
#[track_caller]
fn poster_is_refused(sandbox: &Sandbox, args: &[&str], mutate: impl Fn(&Sandbox), lines: &[&str]) {
    refused(sandbox, "poster,card", args, mutate, lines);
}

/// Builds the English `layouts`, breaks the project with `mutate`, builds again, and expects
/// the poster to be refused with `lines` and its good PDF kept, and the other layouts built.
#[track_caller]
fn refused(
    sandbox: &Sandbox,
    layouts: &str,
    args: &[&str],
    mutate: impl Fn(&Sandbox),
    lines: &[&str],
) {
    let mut build = vec!["build", "--lang", "en", "--layout", layouts];
    build.extend_from_slice(args);
    sandbox.leafpress(&build).succeeds();
    let good = std::fs::read(sandbox.path("out/en/poster.pdf")).expect("a first, good build");
    mutate(sandbox);
    let run = sandbox.leafpress(&build);
    run.fails_with(1).shows("failed  en/poster");
    // The other layouts are unaffected: unchanged since the first build.
    for other in layouts.split(',').filter(|l| *l != "poster") {
        run.shows(&format!("unchanged en/{other}\n"));
    }
    run.mentions(&lines.join("\n"));
    let kept = std::fs::read(sandbox.path("out/en/poster.pdf")).expect("the good PDF");
    assert!(kept == good, "the good PDF is not replaced");
}

/// The line of `relative` that holds `part`, from 1.
fn line_of(sandbox: &Sandbox, relative: &str, part: &str) -> usize {
    let text = sandbox.read(relative);
    text.lines().position(|l| l.contains(part)).expect("the part is in the file") + 1
}

#[test]
fn a_layout_that_prints_a_lookalike_address_is_refused() {
    let sandbox = Sandbox::with_shipped_project();
    let mutate = |s: &Sandbox| {
        s.edit("layouts/poster.typ", "  v(gap.m)\n", "  v(gap.m)\n  text[See caw.b\u{435}]\n");
    };
    let lines =
        ["  error[numbers] page 1: the web address `caw.b\u{435}` is printed but must not be: it \
         mixes Latin and Cyrillic letters"];
    poster_is_refused(&sandbox, &[], mutate, &lines);
    let line = line_of(&sandbox, "layouts/poster.typ", "caw.b\u{435}");
    let run = sandbox.leafpress(&["check", "--lang", "en", "--layout", "poster"]);
    run.fails_with(1).shows(&format!("    at layouts/poster.typ:{line}:12"));
}

#[test]
fn a_layout_that_prints_digits_beside_a_directory_number_is_refused() {
    let sandbox = Sandbox::with_shipped_project();
    let mutate = |s: &Sandbox| {
        s.edit(
            "layouts/poster.typ",
            "  v(gap.m)\n",
            "  v(gap.m)\n  text[Call 02 #helpline.phone]\n",
        );
    };
    let lines = [
        "  error[numbers] page 1: the number `02 1712` is printed but is not in \
         content/services.toml",
        "    hint: numbers and addresses come only from the directory",
    ];
    poster_is_refused(&sandbox, &[], mutate, &lines);
}

/// An organisation file whose logo is `logo` (an SVG).
fn with_logo(sandbox: &Sandbox, logo: &str) {
    sandbox.write("clinic.toml", "name = \"Clinic De Linde\"\nlogo = \"logo.svg\"\n");
    sandbox.write("logo.svg", logo);
}

#[test]
fn a_logo_that_is_a_qr_code_for_another_number_is_refused() {
    let sandbox = Sandbox::with_shipped_project();
    let plain = r##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><circle cx="5" cy="5" r="5" fill="#2f7d4f"/></svg>"##;
    with_logo(&sandbox, plain);
    let code = leafpress::qr::svg("tel:+3280030031").expect("encodes");
    let lines = [
        "  error[qr] page 1: an image on the page is a QR code for tel:+3280030031, which is not \
         in content/services.toml or the organisation file",
    ];
    // The logo is on every layout; the poster shows it large enough to scan.
    refused(&sandbox, "poster", &["--org", "clinic.toml"], |s| with_logo(s, &code), &lines);
    // Read once when the organisation file loads, and named at its line, on every layout.
    let run =
        sandbox.leafpress(&["check", "--org", "clinic.toml", "--lang", "en", "--layout", "card"]);
    run.fails_with(1).reports(&[
        "en/card",
        "  error[qr]: the organisation's logo is a QR code for tel:+3280030031, which is not in \
         content/services.toml or the organisation file",
        "    at clinic.toml:2:1",
        "    key: logo",
        "    hint: use a logo without a QR code: every code must lead to a number or address from \
         the directory",
    ]);
}

#[test]
fn a_qr_image_placed_by_a_layout_is_read() {
    let sandbox = Sandbox::with_shipped_project();
    let code = leafpress::qr::svg("https://bit.ly/help").expect("encodes");
    let mutate = |s: &Sandbox| {
        s.write("layouts/sticker.svg", &code);
        s.edit(
            "layouts/poster.typ",
            "  v(gap.m)\n",
            "  v(gap.m)\n  image(\"sticker.svg\", width: 40mm)\n",
        );
    };
    let lines = [
        "  error[qr] page 1: an image on the page is a QR code for https://bit.ly/help, which is \
         not in content/services.toml or the organisation file",
    ];
    poster_is_refused(&sandbox, &[], mutate, &lines);
}

#[test]
fn a_directory_code_beside_another_service_is_refused() {
    let sandbox = Sandbox::with_shipped_project();
    sandbox.edit(
        "layouts/card.typ",
        "qr(helpline, kind: \"web\"",
        "qr(services.caw, kind: \"web\"",
    );
    sandbox.leafpress(&["check", "--lang", "en", "--layout", "card"]).fails_with(1).reports(&[
        "en/card",
        "  error[qr] page 2: the QR code for https://www.caw.be is beside www.1712.be, not beside \
         www.caw.be, which it encodes",
        "    hint: print each code next to its own number or address, so that a reader knows \
         where it leads",
    ]);
}

#[test]
fn an_organisation_name_with_a_number_is_refused_at_load() {
    let sandbox = Sandbox::with_shipped_project();
    sandbox.write("clinic.toml", "name = \"Clinic, call ٠٨٠٠ ٣٠ ٠٣١\"\n");
    sandbox.leafpress(&["build", "--org", "clinic.toml"]).fails_with(2).says(&located(
        "clinic.toml",
        1,
        22,
        "`٠٨٠٠ ٣٠ ٠٣١` looks like a phone number (key `name`)",
        "name = \"Clinic, call ٠٨٠٠ ٣٠ ٠٣١\"",
        11,
        "put your own number in `phone`; other numbers come only from the directory",
    ));
}

#[test]
fn an_organisation_address_with_a_web_address_or_invisible_character_is_refused_at_load() {
    let sandbox = Sandbox::with_shipped_project();
    sandbox.write("clinic.toml", "name = \"Clinic\"\naddress = \"Lindestraat 1, caw-help.info\"\n");
    sandbox.leafpress(&["build", "--org", "clinic.toml"]).fails_with(2).says(&located(
        "clinic.toml",
        2,
        27,
        "`caw-help.info` looks like a web address (key `address`)",
        "address = \"Lindestraat 1, caw-help.info\"",
        13,
        "an organisation file holds no web addresses; they come only from the directory",
    ));
    sandbox.write(
        "clinic.toml",
        "name = \"Clinic\"\naddress = \"Lindestraat 1, 10\u{2063}00 Brussel\"\n",
    );
    sandbox.leafpress(&["build", "--org", "clinic.toml"]).fails_with(2).says(&located(
        "clinic.toml",
        2,
        29,
        "invisible character U+2063 (key `address`)",
        "address = \"Lindestraat 1, 10\u{2063}00 Brussel\"",
        1,
        "delete it: it prints nothing and can hide what a number or address says",
    ));
}

#[test]
fn a_card_title_that_names_violence_is_a_warning() {
    let sandbox = Sandbox::with_shipped_project();
    sandbox.write("clinic.toml", "name = \"Clinic\"\ncard_title = \"Help against violence\"\n");
    let run =
        sandbox.leafpress(&["check", "--org", "clinic.toml", "--lang", "en", "--layout", "card"]);
    run.succeeds().reports(&[
        "en/card",
        "  warning[org]: the card's title “Help against violence” names violence or abuse \
         (`violen`): carrying the card is not safe",
        "    at clinic.toml:2:1",
        "    key: card_title",
        "    hint: keep the title neutral, such as \"Useful numbers\"",
    ]);
}
