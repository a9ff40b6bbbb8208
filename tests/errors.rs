//! Bad input gets a clear, located error and exit code 2, and nothing is written. The messages
//! are pinned: they are part of the interface for translators and editors.

mod support;

use support::Sandbox;

#[test]
fn a_toml_syntax_error_names_file_line_and_column() {
    let sandbox = Sandbox::with_shipped_project();
    sandbox.edit("content/nl.toml", "intro = \"Blijf", "intro \"Blijf");
    sandbox.leafpress(&["build"]).fails_with(2).says(&[
        "content/nl.toml:77:7: error: invalid TOML: key with no value, expected `=`",
        "   |",
        "77 | intro \"Blijf er niet mee zitten. Een luisterend oor kan je ondersteunen …",
        "   |       ^",
        "hint: write each text as key = \"text\" on one line, or use \"\"\"…\"\"\" for longer texts; check for a missing quote or `=`",
    ].join("\n"));
    assert!(!sandbox.path("out").exists(), "nothing is written");
}

#[test]
fn a_text_naming_an_unknown_service_is_refused() {
    let sandbox = Sandbox::with_shipped_project();
    sandbox.edit(
        "content/nl.toml",
        "Meer info vind je op {web:cire}",
        "Meer info vind je op {web:ciré}",
    );
    sandbox.leafpress(&["build"]).fails_with(2).says(&[
        "content/nl.toml:167:300: error: `ciré` is not a service id (key `leaflet.where.residence.paragraphs.0`)",
        "    |",
        "167 | …status in België. Meer info vind je op {web:ciré}. Contact: {tel:cire}\",",
        "    |                                         ^^^^^^^^^^",
        "hint: service ids use lowercase letters, digits and `-`, as in content/services.toml",
    ].join("\n"));
}

#[test]
fn a_reference_to_a_missing_service_id_is_refused() {
    let sandbox = Sandbox::with_shipped_project();
    sandbox.edit(
        "content/nl.toml",
        "Meer info vind je op {web:cire}",
        "Meer info vind je op {web:ciire}",
    );
    sandbox.leafpress(&["build"]).fails_with(2).says(&[
        "content/nl.toml:167:300: error: unknown service `ciire` in {web:ciire} (key `leaflet.where.residence.paragraphs.0`)",
        "    |",
        "167 | …tatus in België. Meer info vind je op {web:ciire}. Contact: {tel:cire}\",",
        "    |                                        ^^^^^^^^^^^",
        "hint: the services in content/services.toml are: abusive-behaviour-centre, agii, care-centre-brussels, care-centre-ghent, care-centre-liege, caw, cire, community-health-centre, cvfe, ecoute, emergency, family-doctor, helpline-1712, integration-helpdesk, ocmw, police, progress-law, safe-house, social-map, sos-viol, zijn",
    ].join("\n"));
}

#[test]
fn a_missing_text_is_named_with_where_to_translate_it_from() {
    let sandbox = Sandbox::with_shipped_project();
    let nl = sandbox.read("content/nl.toml");
    let intro = nl.lines().find(|l| l.starts_with("intro = ")).expect("intro line");
    sandbox.edit("content/nl.toml", &format!("{intro}\n"), "");
    sandbox.leafpress(&["build"]).fails_with(2).says(
        &[
            "content/nl.toml: error: missing text (key `leaflet.intro`)",
            "hint: translate it from content/en.toml:71:9",
        ]
        .join("\n"),
    );
}

#[test]
fn a_number_typed_into_a_text_is_refused() {
    let sandbox = Sandbox::with_shipped_project();
    sandbox.edit("content/nl.toml", "Meer info vind je op {web:cire}", "Bel 02 629 77 10");
    sandbox.leafpress(&["build"]).fails_with(2).says(&[
        "content/nl.toml:167:283: error: `02 629 77 10` looks like a phone number or web address (key `leaflet.where.residence.paragraphs.0`)",
        "    |",
        "167 | …or je verblijfsstatus in België. Bel 02 629 77 10. Contact: {tel:cire}\",",
        "    |                                       ^^^^^^^^^^^^",
        "hint: numbers and addresses live only in content/services.toml: write {tel:ID} or {web:ID} instead",
    ].join("\n"));
}

#[test]
fn a_dialable_form_that_does_not_match_the_printed_number_is_refused() {
    let sandbox = Sandbox::with_shipped_project();
    sandbox.edit("content/services.toml", "tel = \"tel:+3280030030\"", "tel = \"tel:+3280030031\"");
    sandbox.leafpress(&["build"]).fails_with(2).says(&[
        "content/services.toml:31:7: error: `tel:+3280030031` does not dial `0800 30 030` (key `services.ecoute.tel`)",
        "   |",
        "31 | tel = \"tel:+3280030031\"",
        "   |       ^^^^^^^^^^^^^^^^^",
        "hint: the printed number dials as \"tel:+3280030030\"",
    ].join("\n"));
}

#[test]
fn an_invalid_phone_number_is_refused() {
    let sandbox = Sandbox::with_shipped_project();
    sandbox.edit("content/services.toml", "phone = \"0800 30 030\"", "phone = \"0800-30-030\"");
    sandbox.leafpress(&["build"]).fails_with(2).says(
        &[
            "content/services.toml:30:9: error: invalid phone number (key `services.ecoute.phone`)",
            "   |",
            "30 | phone = \"0800-30-030\"",
            "   |         ^^^^^^^^^^^^^",
            "hint: write the number with digits and spaces only, such as \"0800 30 030\"",
        ]
        .join("\n"),
    );
}

#[test]
fn a_web_address_without_https_is_refused() {
    let sandbox = Sandbox::with_shipped_project();
    sandbox.edit(
        "content/services.toml",
        "web = \"https://www.cire.be\"",
        "web = \"http://www.cire.be\"",
    );
    sandbox.leafpress(&["build"]).fails_with(2).says(
        &[
            "content/services.toml:119:7: error: invalid web address (key `services.cire.web`)",
            "    |",
            "119 | web = \"http://www.cire.be\"",
            "    |       ^^^^^^^^^^^^^^^^^^^^",
            "hint: web addresses start with https://",
        ]
        .join("\n"),
    );
}

// Typst's diagnostics (from typst-kit 0.15.1) print zero-based columns; they are pinned as
// Typst prints them, since the issue asks for Typst's own diagnostic.
#[test]
fn a_typst_error_in_a_layout_shows_typsts_own_diagnostic() {
    let sandbox = Sandbox::with_shipped_project();
    sandbox
        .write("layouts/broken.typ", "#import \"lib/theme.typ\": *\n\n#line(stroke: nonsense)\n");
    sandbox.leafpress(&["build", "--lang", "en", "--layout", "broken"]).fails_with(1).says(
        &[
            "error: en/broken failed to compile",
            "error: unknown variable: nonsense",
            "  ┌─ layouts/broken.typ:3:14",
            "  │",
            "3 │ #line(stroke: nonsense)",
            "  │               ^^^^^^^^",
        ]
        .join("\n"),
    );
}

#[test]
fn a_package_import_fails_offline() {
    let sandbox = Sandbox::with_shipped_project();
    sandbox.write("layouts/broken.typ", "#import \"@preview/cetz:0.3.0\"\n");
    sandbox.leafpress(&["build", "--lang", "en", "--layout", "broken"]).fails_with(1).says(
        &[
            "error: en/broken failed to compile",
            "error: failed to load package (packages are not available: leafpress works offline \
             (cannot import @preview/cetz:0.3.0); put the code you need in layouts/lib/)",
            "  ┌─ layouts/broken.typ:1:8",
            "  │",
            "1 │ #import \"@preview/cetz:0.3.0\"",
            "  │         ^^^^^^^^^^^^^^^^^^^^^",
        ]
        .join("\n"),
    );
}

#[test]
fn a_layout_cannot_read_outside_layouts() {
    let sandbox = Sandbox::with_shipped_project();
    sandbox.write("layouts/broken.typ", "#read(\"/content/services.toml\")\n");
    sandbox.leafpress(&["build", "--lang", "en", "--layout", "broken"]).fails_with(1).says(
        &[
            "error: en/broken failed to compile",
            "error: failed to load file (access denied: layouts may only read files in layouts/ \
             (not /content/services.toml))",
            "  ┌─ layouts/broken.typ:1:6",
            "  │",
            "1 │ #read(\"/content/services.toml\")",
            "  │       ^^^^^^^^^^^^^^^^^^^^^^^^",
        ]
        .join("\n"),
    );
}

#[test]
fn a_project_without_content_is_a_usage_error() {
    let sandbox = Sandbox::with_shipped_project();
    sandbox.leafpress(&["build", "--project", "nowhere"]).fails_with(2).says(
        &[
            "error: nowhere has no content/ directory",
            "hint: run leafpress in a project directory, or pass --project DIR",
        ]
        .join("\n"),
    );
}
