//! Organisation files: the organisation appears in every layout's set place, a card without
//! one has a write-in box, and a broken file gets a located error that names it.

mod support;

use support::{Sandbox, located, pdf_text};

/// A sandbox with an organisation file `clinic.toml` holding `body`.
fn with_org(body: &str) -> Sandbox {
    let sandbox = Sandbox::with_shipped_project();
    sandbox.write("clinic.toml", body);
    sandbox
}

const LOGO: &str = r##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><circle cx="5" cy="5" r="5" fill="#2f7d4f"/></svg>"##;

#[test]
fn the_organisation_appears_on_every_layout() {
    let sandbox =
        with_org("name = \"Clinic De Linde\"\naddress = \"Lindestraat 1\"\nlogo = \"logo.svg\"\n");
    sandbox.write("logo.svg", LOGO);
    sandbox.leafpress(&["build", "--org", "clinic.toml", "--lang", "en"]).succeeds();
    for doc in
        ["en/card", "en/pocket", "en/trifold", "en/tearoff", "en/poster", "multi/poster-multi-en"]
    {
        let text = pdf_text(&sandbox.path(&format!("out/{doc}.pdf")));
        assert!(text.contains("Clinic De Linde"), "{doc} lacks the organisation:\n{text}");
    }
}

#[test]
fn without_an_organisation_the_card_has_a_local_contact_box() {
    let sandbox = Sandbox::with_shipped_project();
    sandbox.leafpress(&["build", "--layout", "card", "--lang", "en"]).succeeds();
    assert!(pdf_text(&sandbox.path("out/en/card.pdf")).contains("Local contact"));
}

#[test]
fn a_missing_logo_is_named() {
    let sandbox = with_org("name = \"Clinic\"\nlogo = \"missing.svg\"\n");
    sandbox.leafpress(&["build", "--org", "clinic.toml"]).fails_with(2).says(&located(
        "clinic.toml",
        2,
        8,
        "cannot read the logo missing.svg: No such file or directory (os error 2) (key `logo`)",
        "logo = \"missing.svg\"",
        13,
        "the path is relative to the organisation file; check the file name",
    ));
}

#[test]
fn an_unreadable_logo_is_named() {
    let sandbox = with_org("name = \"Clinic\"\nlogo = \"logo.png\"\n");
    sandbox.write("logo.png", "this is not a picture");
    sandbox.leafpress(&["build", "--org", "clinic.toml"]).fails_with(2).says(&located(
        "clinic.toml",
        2,
        8,
        "the logo logo.png cannot be read as png: failed to decode image (Format error decoding \
         Png: Invalid PNG signature.) (key `logo`)",
        "logo = \"logo.png\"",
        10,
        "open it in an image editor and export it again",
    ));
}

#[test]
fn an_invalid_local_number_is_refused() {
    let sandbox = with_org("name = \"Clinic\"\nphone = \"call reception\"\n");
    sandbox.leafpress(&["build", "--org", "clinic.toml"]).fails_with(2).says(&located(
        "clinic.toml",
        2,
        9,
        "`call reception` is not a phone number: it contains `c` (key `phone`)",
        "phone = \"call reception\"",
        16,
        "write the number as it is dialled in Belgium, such as 0X XXX XX XX or +32 X XXX XX XX, \
         with spaces between groups of digits",
    ));
}
