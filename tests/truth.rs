//! Content truth: no wrong or disguised phone number, web address or QR code reaches paper.
//! Each test mutates a copy of the shipped project the way a careless or hostile edit would,
//! and `build` refuses the content at load (exit 2) or refuses exactly the affected document
//! (exit 1, the previous PDF unchanged), with a located message.

mod support;

use support::{Sandbox, located};

/// What leafpress says about a number or address typed into a text.
const TYPED_HINT: &str =
    "numbers and addresses live only in content/services.toml: write {tel:ID} or {web:ID} instead";

/// Sets the English poster headline to `headline`, builds, and expects the content to be
/// refused at load, pointing at `part` of the headline with `message`.
#[track_caller]
fn headline_is_refused(code: &str, headline: &str, part: &str, message: &str, hint: &str) {
    let sandbox = Sandbox::with_shipped_project();
    let file = format!("content/{code}.toml");
    let new_line = format!("headline = \"{headline}\"");
    let line = sandbox.replace_line(&file, "headline = ", &new_line);
    let column = new_line[..new_line.find(part).expect("part of the line")].chars().count() + 1;
    let run = sandbox.leafpress(&["build", "--lang", code, "--layout", "poster"]);
    run.fails_with(2).says(&located(
        &file,
        line,
        column,
        &format!("{message} (key `poster.headline`)"),
        &new_line,
        part.chars().count(),
        hint,
    ));
    assert!(!sandbox.path("out").exists(), "nothing is written");
}

#[test]
fn arabic_indic_digits_are_a_number() {
    let number = "٠٨٠٠ ٣٠ ٠٣١";
    let message =
        format!("`{number}` looks like a phone number or web address: it reads as 080030031");
    headline_is_refused("ar", &format!("اتصل على {number}"), number, &message, TYPED_HINT);
}

#[test]
fn persian_digits_are_a_number() {
    let number = "۰۸۰۰ ۳۰ ۰۳۱";
    let message =
        format!("`{number}` looks like a phone number or web address: it reads as 080030031");
    headline_is_refused("fa", &format!("تماس {number}"), number, &message, TYPED_HINT);
}

#[test]
fn invisible_separators_do_not_hide_a_number() {
    let number = "0\u{2063}8\u{2063}0\u{2063}0\u{2063}3\u{2063}0\u{2063}0\u{2063}3\u{2063}1";
    let shown = number.replace('\u{2063}', "<U+2063>");
    let message =
        format!("`{shown}` looks like a phone number or web address: it reads as 080030031");
    headline_is_refused("en", &format!("Call {number}"), number, &message, TYPED_HINT);
    let number = "0\u{34F}800 30 031";
    let message = "`0\u{34F}800 30 031` looks like a phone number or web address: it reads as \
                   080030031"
        .replace('\u{34F}', "<U+034F>");
    headline_is_refused("en", &format!("Call {number}"), number, &message, TYPED_HINT);
}

#[test]
fn no_break_spaces_between_single_digits_are_a_number() {
    let number = "0\u{A0}8\u{A0}0\u{A0}0\u{A0}3\u{A0}0\u{A0}0\u{A0}3\u{A0}1";
    let message =
        format!("`{number}` looks like a phone number or web address: it reads as 080030031");
    headline_is_refused("en", &format!("Call {number}"), number, &message, TYPED_HINT);
}

#[test]
fn dashes_letters_and_superscripts_are_a_number() {
    for number in ["08-00-30-03-1", "O8OO 3O O3l", "⁰⁸⁰⁰ ³⁰ ⁰³¹", "0800.30.031"] {
        let message =
            format!("`{number}` looks like a phone number or web address: it reads as 080030031");
        headline_is_refused("en", &format!("Call {number} now"), number, &message, TYPED_HINT);
    }
}

#[test]
fn digits_next_to_a_number_placeholder_are_refused() {
    let hint = "keep digits away from {tel:ID}: a reader would dial them as part of the number";
    for (headline, reference) in
        [("Call {tel:caw} 12", "{tel:caw}"), ("Call 02 {tel:helpline-1712}", "{tel:helpline-1712}")]
    {
        let part = headline.trim_start_matches("Call ");
        let message = format!(
            "`{part}` prints digits next to the number of `{reference}`, as one longer number"
        );
        headline_is_refused("en", headline, part, &message, hint);
    }
}

#[test]
fn web_addresses_under_any_domain_are_refused_in_texts() {
    for address in ["caw-help.info", "caw.fr", "www.caw.be"] {
        let message = format!("`{address}` looks like a phone number or web address");
        headline_is_refused("en", &format!("See {address} now"), address, &message, TYPED_HINT);
    }
}

#[test]
fn disguised_addresses_shorteners_and_trackers_are_refused_in_texts() {
    for (address, why) in [
        ("caw.b\u{435}", "it mixes Latin and Cyrillic letters"),
        ("caw\u{2024}be", "it joins its labels with U+2024 instead of a full stop"),
        ("bit.ly/help", "it goes through the URL shortener bit.ly"),
        ("caw.be?utm_source=x", "it carries the tracking parameter `utm_source`"),
    ] {
        let message = format!("`{address}` looks like a phone number or web address: {why}");
        headline_is_refused("en", &format!("See {address} now"), address, &message, TYPED_HINT);
    }
}

#[test]
fn a_translation_that_swaps_a_service_is_refused_naming_both() {
    let sandbox = Sandbox::with_shipped_project();
    let prefix = "  \"Wenn Sie Fragen zu Gewalt haben";
    let new_line = "  \"Rufen Sie {tel:cvfe} an. Mehr auf {web:helpline-1712}.\",";
    let line = sandbox.replace_line("content/de.toml", prefix, new_line);
    let column = new_line[..new_line.find("{tel:cvfe}").unwrap()].chars().count() + 1;
    sandbox.leafpress(&["build", "--lang", "de"]).fails_with(2).says(&located(
        "content/de.toml",
        line,
        column,
        "this text has `{tel:cvfe}` where the English has `{tel:helpline-1712}` (key \
         `leaflet.where.social.paragraphs.0`)",
        new_line,
        10,
        "use the same {tel:…}, {web:…}, {hours:…} and {name:…} as content/en.toml: a translation \
         names the same services",
    ));
}

#[test]
fn a_directory_address_in_another_script_is_refused_at_load() {
    let sandbox = Sandbox::with_shipped_project();
    let new_line = "web = \"https://www.caw.b\u{435}\"";
    let line =
        sandbox.replace_line("content/services.toml", "web = \"https://www.caw.be\"", new_line);
    sandbox.leafpress(&["build"]).fails_with(2).says(&located(
        "content/services.toml",
        line,
        7,
        "invalid web address (key `services.caw.web`)",
        new_line,
        20,
        "it mixes Latin and Cyrillic letters; copy the address from the seeds",
    ));
}
