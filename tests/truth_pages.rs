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
/// the poster to be refused with `lines` and its good PDF kept, and the other layouts unchanged.
#[track_caller]
fn refused(
    sandbox: &Sandbox,
    layouts: &str,
    args: &[&str],
    mutate: impl Fn(&Sandbox),
    lines: &[&str],
) {
    let run = sandbox.refuses_after(layouts, args, &["poster"], mutate);
    run.mentions(&lines.join("\n"));
    // These edits touch nothing the other layouts read: they are not even made again.
    for other in layouts.split(',').filter(|l| *l != "poster") {
        run.shows(&format!("unchanged en/{other}\n"));
    }
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
fn a_logo_that_is_a_qr_code_for_another_number_is_refused_at_load() {
    let sandbox = Sandbox::with_shipped_project();
    let plain = r##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><circle cx="5" cy="5" r="5" fill="#2f7d4f"/></svg>"##;
    with_logo(&sandbox, plain);
    let build = ["build", "--org", "clinic.toml", "--lang", "en", "--layout", "poster"];
    sandbox.leafpress(&build).succeeds();
    let good = std::fs::read(sandbox.path("out/en/poster.pdf")).expect("a first, good build");
    // A code for a number one digit off the directory's, and one for a tracking address: the
    // logo prints on every document, so the organisation file is refused before any is made.
    for payload in ["tel:+3280030031", "https://www.caw.be/?utm_source=poster"] {
        with_logo(&sandbox, &leafpress::qr::svg(payload).expect("encodes"));
        sandbox.leafpress(&build).fails_with(2).says(&located(
            "clinic.toml",
            2,
            8,
            &format!(
                "the logo logo.svg is a QR code for {payload}, which is not in \
                 content/services.toml or the organisation file (key `logo`)"
            ),
            "logo = \"logo.svg\"",
            10,
            "use a logo without a QR code: it prints on every document, and every code must lead \
             to a number or address from the directory",
        ));
    }
    let kept = std::fs::read(sandbox.path("out/en/poster.pdf")).expect("the good PDF");
    assert!(kept == good, "the good PDF is not replaced");
}

#[test]
fn a_logo_that_is_a_qr_code_for_the_organisations_own_number_is_printed() {
    let sandbox = Sandbox::with_shipped_project();
    sandbox.write(
        "clinic.toml",
        "name = \"Clinic De Linde\"\nphone = \"02 555 12 34\"\nlogo = \"logo.svg\"\n",
    );
    sandbox.write("logo.svg", &leafpress::qr::svg("tel:+3225551234").expect("encodes"));
    let build = ["build", "--org", "clinic.toml", "--lang", "en", "--layout", "poster,card"];
    sandbox.leafpress(&build).succeeds();
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

/// Checks the card, whose code for CAW's site is printed beside the helpline's address.
#[track_caller]
fn caw_code_is_beside_the_helpline(sandbox: &Sandbox) {
    sandbox.leafpress(&["check", "--lang", "en", "--layout", "card"]).fails_with(1).reports(&[
        "en/card",
        "  error[qr] page 2: the QR code for https://www.caw.be is beside www.1712.be, not beside \
         www.caw.be, which it encodes",
        "    hint: print each code next to its own number or address, so that a reader knows \
         where it leads",
    ]);
}

#[test]
fn a_directory_code_beside_another_service_is_refused() {
    let sandbox = Sandbox::with_shipped_project();
    sandbox.refuses_after("card,poster", &[], &["card"], |s| {
        s.edit("layouts/card.typ", "qr(helpline, kind: \"web\"", "qr(services.caw, kind: \"web\"");
    });
    caw_code_is_beside_the_helpline(&sandbox);
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

/// Typst that draws a QR code for `payload` `width` millimetres wide as one black square per
/// dark module, placed in a loop, as a layout could draw a code of its own; its squares are on
/// the line after the first.
fn squares(payload: &str, width: f64) -> String {
    let (size, runs) = leafpress::qr::dark_runs(payload).expect("encodes");
    let modules: Vec<String> = runs
        .iter()
        .flat_map(|&(x, y, run)| (x..x + run).map(move |x| format!("({x}, {y})")))
        .collect();
    format!(
        "  box(width: {width}mm, height: {width}mm, {{ let m = {width}mm / {size}\n    for (x, \
         y) in ({},) {{ place(dx: x * m, dy: y * m, square(size: m, fill: black)) }}\n  }})\n",
        modules.join(", ")
    )
}

/// Typst code that draws a QR code for `payload` `width` wide (a Typst length) as one curve
/// with a piece per run of dark modules.
fn one_curve(payload: &str, width: &str) -> String {
    let (size, runs) = leafpress::qr::dark_runs(payload).expect("encodes");
    let pieces: Vec<String> = runs
        .iter()
        .map(|&(x, y, run)| {
            let at = |x: usize, y: usize| format!("({x} * m, {y} * m)");
            format!(
                "curve.move({}), curve.line({}), curve.line({}), curve.line({}), curve.close()",
                at(x, y),
                at(x + run, y),
                at(x + run, y + 1),
                at(x, y + 1)
            )
        })
        .collect();
    format!(
        "{{ let m = {width} / {size}; box(width: {width}, height: {width}, curve(fill: black, {})) }}",
        pieces.join(", ")
    )
}

#[test]
fn a_qr_code_drawn_as_squares_for_another_number_is_refused() {
    let sandbox = Sandbox::with_shipped_project();
    let code = squares("tel:+3280030031", 40.0);
    let mutate = |s: &Sandbox| {
        s.edit("layouts/poster.typ", "  v(gap.m)\n", &format!("  v(gap.m)\n{code}"));
    };
    let lines = [
        "  error[qr] page 1: a QR code drawn on the page encodes tel:+3280030031, which is not in \
         content/services.toml or the organisation file",
    ];
    poster_is_refused(&sandbox, &[], mutate, &lines);
    // Named at the line that draws the squares.
    let line = line_of(&sandbox, "layouts/poster.typ", "square(size: m");
    let text = sandbox.read("layouts/poster.typ");
    let drawn = text.lines().nth(line - 1).expect("the line");
    let column = drawn[..drawn.find("square(").expect("a square")].chars().count() + 1;
    let run = sandbox.leafpress(&["check", "--lang", "en", "--layout", "poster"]);
    run.fails_with(1).shows(&format!("    at layouts/poster.typ:{line}:{column}\n"));
}

/// The line and column of the card's own code, where [`one_curve`] draws one in its place.
const CARD_CODE: &str = "qr(helpline, kind: \"web\", size: qr-size, caption: false)";

#[test]
fn a_qr_code_drawn_as_one_curve_is_read_on_the_card_and_its_sheet() {
    let sandbox = Sandbox::with_shipped_project();
    // In place of the card's own code, beside the helpline's address.
    let line = line_of(&sandbox, "layouts/card.typ", CARD_CODE);
    let text = sandbox.read("layouts/card.typ");
    let own = text.lines().nth(line - 1).expect("the line");
    let column = own[..own.find(CARD_CODE).expect("the code")].chars().count() + 1;
    sandbox.refuses_after("card,card-sheet,poster", &[], &["card", "card-sheet"], |s| {
        s.edit("layouts/card.typ", CARD_CODE, &one_curve("https://bit.ly/help", "qr-size"));
    });
    let column = column + one_curve("https://bit.ly/help", "qr-size").find("curve(").unwrap();
    // On the sheet, the same code on each of the eight cards is said once.
    for layout in ["card", "card-sheet"] {
        let run = sandbox.leafpress(&["check", "--lang", "en", "--layout", layout]);
        run.fails_with(1).reports(&[
            &format!("en/{layout}"),
            "  error[qr] page 2: a QR code drawn on the page encodes https://bit.ly/help, which \
             is not in content/services.toml or the organisation file",
            &format!("    at layouts/card.typ:{line}:{column}"),
            "    hint: draw no codes in a layout: place the directory's own with the theme's qr(), \
             beside the number or address it encodes",
        ]);
    }
}

#[test]
fn a_directory_code_drawn_beside_another_services_address_is_refused() {
    let sandbox = Sandbox::with_shipped_project();
    sandbox.refuses_after("card,poster", &[], &["card"], |s| {
        s.edit("layouts/card.typ", CARD_CODE, &one_curve("https://www.caw.be", "qr-size"));
    });
    caw_code_is_beside_the_helpline(&sandbox);
}

#[test]
fn a_directory_code_drawn_beside_its_own_address_is_printed() {
    let sandbox = Sandbox::with_shipped_project();
    let code = squares("https://www.1712.be", 40.0);
    let beside =
        format!("  stack(dir: ltr, spacing: 4mm, {}, helpline.web_display)\n", code.trim());
    sandbox.edit("layouts/poster.typ", "  v(gap.m)\n", &format!("  v(gap.m)\n{beside}"));
    sandbox.leafpress(&["build", "--lang", "en", "--layout", "poster"]).succeeds();
}
