//! Bad input gets a clear, located error and exit code 2, and nothing is written. The messages
//! are pinned: they are part of the interface for translators and editors.

mod support;

use support::{Run, Sandbox, located};

#[test]
fn a_toml_syntax_error_names_file_line_and_column() {
    let sandbox = Sandbox::with_shipped_project();
    let line = sandbox.replace_line(
        "content/nl.toml",
        "intro = \"Blijf",
        "intro \"Blijf er niet mee zitten.\"",
    );
    sandbox.leafpress(&["build"]).fails_with(2).says(&located(
        "content/nl.toml",
        line,
        7,
        "invalid TOML: key with no value, expected `=`",
        "intro \"Blijf er niet mee zitten.\"",
        1,
        "write each text as key = \"text\" on one line, or use \"\"\"…\"\"\" for longer texts; check \
         for a missing quote or `=`",
    ));
    assert!(!sandbox.path("out").exists(), "nothing is written");
}

#[test]
fn a_reference_that_is_not_a_service_id_is_refused() {
    let sandbox = Sandbox::with_shipped_project();
    let line =
        sandbox.replace_line("content/nl.toml", "intro = \"Blijf", "intro = \"Zie {web:ciré}.\"");
    sandbox.leafpress(&["build"]).fails_with(2).says(&located(
        "content/nl.toml",
        line,
        14,
        "`ciré` is not a service id (key `leaflet.intro`)",
        "intro = \"Zie {web:ciré}.\"",
        10,
        "service ids use lowercase letters, digits and `-`, as in content/services.toml",
    ));
}

#[test]
fn a_reference_to_an_unknown_service_is_refused() {
    let sandbox = Sandbox::with_shipped_project();
    let line =
        sandbox.replace_line("content/nl.toml", "intro = \"Blijf", "intro = \"Zie {web:ciire}.\"");
    let run = sandbox.leafpress(&["build"]);
    run.fails_with(2);
    let expected = located(
        "content/nl.toml",
        line,
        14,
        "unknown service `ciire` in {web:ciire} (key `leaflet.intro`)",
        "intro = \"Zie {web:ciire}.\"",
        11,
        "the services in content/services.toml are: abusive-behaviour-centre, agii,",
    );
    assert!(run.stderr.starts_with(&expected), "{}", run.stderr);
}

#[test]
fn a_number_typed_into_a_text_is_refused() {
    let sandbox = Sandbox::with_shipped_project();
    let line = sandbox.replace_line(
        "content/nl.toml",
        "intro = \"Blijf",
        "intro = \"Bel 02 629 77 10 nu.\"",
    );
    sandbox.leafpress(&["build"]).fails_with(2).says(&located(
        "content/nl.toml",
        line,
        14,
        "`02 629 77 10` looks like a phone number or web address (key `leaflet.intro`)",
        "intro = \"Bel 02 629 77 10 nu.\"",
        12,
        "numbers and addresses live only in content/services.toml: write {tel:ID} or {web:ID} instead",
    ));
}

#[test]
fn a_dialable_form_that_does_not_match_the_printed_number_is_refused() {
    let sandbox = Sandbox::with_shipped_project();
    let line = sandbox.replace_line(
        "content/services.toml",
        "tel = \"tel:+3280030030\"",
        "tel = \"tel:+3280030031\"",
    );
    sandbox.leafpress(&["build"]).fails_with(2).says(&located(
        "content/services.toml",
        line,
        7,
        "`tel:+3280030031` does not dial `0800 30 030` (key `services.ecoute.tel`)",
        "tel = \"tel:+3280030031\"",
        17,
        "the printed number dials as \"tel:+3280030030\"",
    ));
}

#[test]
fn an_invalid_phone_number_is_refused() {
    let sandbox = Sandbox::with_shipped_project();
    let line = sandbox.replace_line(
        "content/services.toml",
        "phone = \"0800 30 030\"",
        "phone = \"0800-30-030\"",
    );
    sandbox.leafpress(&["build"]).fails_with(2).says(&located(
        "content/services.toml",
        line,
        9,
        "invalid phone number (key `services.ecoute.phone`)",
        "phone = \"0800-30-030\"",
        13,
        "write the number with digits and spaces only, such as \"0X XXX XX XX\"",
    ));
}

#[test]
fn a_web_address_without_https_is_refused() {
    let sandbox = Sandbox::with_shipped_project();
    let line = sandbox.replace_line(
        "content/services.toml",
        "web = \"https://www.cire.be\"",
        "web = \"http://www.cire.be\"",
    );
    sandbox.leafpress(&["build"]).fails_with(2).says(&located(
        "content/services.toml",
        line,
        7,
        "invalid web address (key `services.cire.web`)",
        "web = \"http://www.cire.be\"",
        20,
        "web addresses start with https://",
    ));
}

/// Builds English with a layout `layouts/broken.typ` holding `source`, which must fail.
fn building_layout(source: &str) -> Run {
    let sandbox = Sandbox::with_shipped_project();
    sandbox.write("layouts/broken.typ", source);
    let run = sandbox.leafpress(&["build", "--lang", "en", "--layout", "broken"]);
    run.fails_with(1);
    run
}

// Typst's own diagnostic, with its column one-based as leafpress counts everywhere else
// (typst-kit 0.15.1 prints it zero-based).
#[test]
fn a_typst_error_in_a_layout_shows_typsts_own_diagnostic() {
    building_layout("#import \"lib/theme.typ\": *\n\n#line(stroke: nonsense)\n").says_lines(&[
        "error: en/broken failed to compile",
        "error: unknown variable: nonsense",
        "  ┌─ layouts/broken.typ:3:15",
        "  │",
        "3 │ #line(stroke: nonsense)",
        "  │               ^^^^^^^^",
    ]);
}

#[test]
fn a_package_import_fails_offline() {
    building_layout("#import \"@preview/cetz:0.3.0\"\n").says_lines(&[
        "error: en/broken failed to compile",
        "error: failed to load package (packages are not available: leafpress works offline \
             (cannot import @preview/cetz:0.3.0); put the code you need in layouts/lib/)",
        "  ┌─ layouts/broken.typ:1:9",
        "  │",
        "1 │ #import \"@preview/cetz:0.3.0\"",
        "  │         ^^^^^^^^^^^^^^^^^^^^^",
    ]);
}

#[test]
fn a_layout_cannot_read_outside_layouts() {
    building_layout("#read(\"/content/services.toml\")\n").says_lines(&[
        "error: en/broken failed to compile",
        "error: failed to load file (access denied: layouts may only read files in layouts/ \
             (not /content/services.toml))",
        "  ┌─ layouts/broken.typ:1:7",
        "  │",
        "1 │ #read(\"/content/services.toml\")",
        "  │       ^^^^^^^^^^^^^^^^^^^^^^^^",
    ]);
}

#[test]
fn a_project_without_content_is_a_usage_error() {
    let sandbox = Sandbox::with_shipped_project();
    sandbox.leafpress(&["build", "--project", "nowhere"]).fails_with(2).says_lines(&[
        "error: nowhere has no content/ directory",
        "hint: run leafpress in a project directory, or pass --project DIR",
    ]);
}

#[test]
fn a_file_that_is_not_utf8_is_refused_at_its_first_bad_byte() {
    let sandbox = Sandbox::with_shipped_project();
    let line = sandbox.replace_line("content/nl.toml", "intro = \"Blijf", "intro = \"Caf\u{e9}.\"");
    let text = sandbox.read("content/nl.toml").replace("Caf\u{e9}", "Caf\u{1}");
    // Latin-1, as an old editor saves it: é is the one byte E9.
    let bytes = text.replace('\u{1}', "\0").into_bytes();
    let bytes: Vec<u8> = bytes.into_iter().map(|b| if b == 0 { 0xe9 } else { b }).collect();
    std::fs::write(sandbox.path("content/nl.toml"), bytes).expect("write");
    for command in ["build", "check"] {
        let run = sandbox.leafpress(&[command]);
        run.fails_with(2);
        let expected = located(
            "content/nl.toml",
            line,
            13,
            "the file is not UTF-8 text",
            "intro = \"Caf\u{fffd}.\"",
            1,
            "save it as UTF-8 (in most editors: Save As, then Encoding: UTF-8); the character \
             marked is the first that is not",
        );
        if command == "build" {
            run.says(&expected);
        } else {
            run.reports(&[
                "content/nl.toml",
                "  error[content]: the file is not UTF-8 text",
                &format!("    at content/nl.toml:{line}:13"),
            ]);
        }
    }
}

#[test]
fn broken_toml_exits_2_under_build_and_check_alike() {
    let sandbox = Sandbox::with_shipped_project();
    sandbox.replace_line("content/nl.toml", "intro = \"Blijf", "intro \"Blijf\"");
    sandbox.leafpress(&["build"]).fails_with(2);
    sandbox.leafpress(&["check"]).fails_with(2).shows("0 documents, 1 error, 0 warnings");
}

#[test]
fn a_shape_changed_in_english_is_blamed_on_english() {
    let sandbox = Sandbox::with_shipped_project();
    let line = sandbox.replace_line(
        "content/en.toml",
        "title = \"Do you feel unsafe",
        "title = [\"Do you feel unsafe?\"]",
    );
    sandbox.leafpress(&["build"]).fails_with(2).says(&located(
        "content/en.toml",
        line,
        10,
        "this is a list of texts here, but a text in every translation (key `leaflet.title`)",
        "title = [\"Do you feel unsafe?\"]",
        21,
        "write it as a text again, or change it in every translation to match",
    ));
}

#[test]
fn a_misspelt_language_setting_is_refused() {
    let sandbox = Sandbox::with_shipped_project();
    let line = sandbox.replace_line("content/nl.toml", "hyphenate = ", "hyphenat = true");
    sandbox.leafpress(&["build"]).fails_with(2).says(&located(
        "content/nl.toml",
        line,
        1,
        "unknown setting `hyphenat` in [language] (key `language.hyphenat`)",
        "hyphenat = true",
        8,
        "did you mean `hyphenate`? the settings in [language] are: code, name, english_name, \
         direction, status, reviewer, hyphenate, justify",
    ));
}

#[test]
fn an_unknown_word_for_hours_is_refused() {
    let sandbox = Sandbox::with_shipped_project();
    let line = sandbox.replace_line("content/nl.toml", "mon = ", "monday = \"ma\"");
    let run = sandbox.leafpress(&["build"]);
    run.fails_with(2);
    let expected = format!(
        "content/nl.toml:{line}:1: error: unknown setting `monday` in [hours] (key `hours.monday`)"
    );
    assert!(run.stderr.starts_with(&expected), "{}", run.stderr);
}

#[test]
fn a_control_character_in_a_text_is_refused_where_it_is_written() {
    let sandbox = Sandbox::with_shipped_project();
    let line =
        sandbox.replace_line("content/nl.toml", "intro = \"Blijf", "intro = \"Blijf\\u0000.\"");
    sandbox.leafpress(&["build"]).fails_with(2).says(&located(
        "content/nl.toml",
        line,
        15,
        "the text contains the control character U+0000, which cannot be printed (key \
         `leaflet.intro`)",
        "intro = \"Blijf\\u0000.\"",
        6,
        "delete it (most editors do not show it; it may have come in with text copied from \
         another program)",
    ));
}

#[test]
fn a_control_character_in_an_organisation_name_is_refused() {
    let sandbox = Sandbox::with_shipped_project();
    sandbox.write("clinic.toml", "name = \"Clinic\\e[31m\"\n");
    sandbox.leafpress(&["build", "--org", "clinic.toml"]).fails_with(2).says(&located(
        "clinic.toml",
        1,
        15,
        "the name contains the control character U+001B, which cannot be printed (key `name`)",
        "name = \"Clinic\\e[31m\"",
        2,
        "delete it (most editors do not show it; it may have come in with text copied from \
         another program)",
    ));
}

#[test]
fn hints_name_leafpress_options_not_typsts() {
    let run = building_layout("#read(\"../../etc/passwd\")\n");
    run.says_lines(&[
        "error: en/broken failed to compile",
        "error: path `\"../../etc/passwd\"` would escape the project root",
        "  ┌─ layouts/broken.typ:1:7",
        "  │",
        "1 │ #read(\"../../etc/passwd\")",
        "  │       ^^^^^^^^^^^^^^^^^^",
        "  │",
        "  = hint: cannot access files outside of the project sandbox",
        "  = hint: layouts may only read files in layouts/: put the file there",
    ]);
    assert!(!run.stderr.contains("--root"));
}

#[test]
fn a_long_line_quoted_from_a_file_is_cut() {
    let sandbox = Sandbox::with_shipped_project();
    let drawing = "<rect width=\"1\" height=\"1\"/>".repeat(4_000);
    sandbox.write(
        "layouts/long.svg",
        &format!("<svg xmlns=\"http://www.w3.org/2000/svg\">{drawing}<g></svg>"),
    );
    sandbox.write("layouts/broken.typ", "#image(\"long.svg\")\n");
    let run = sandbox.leafpress(&["build", "--lang", "en", "--layout", "broken"]);
    run.fails_with(1);
    assert!(run.stderr.len() < 2_000, "stderr is {} bytes:\n{}", run.stderr.len(), run.stderr);
    let longest = run.stderr.lines().map(|l| l.chars().count()).max().unwrap_or(0);
    assert!(longest <= 122, "a line of {longest} characters:\n{}", run.stderr);
    // The window is around the error: the mismatched tag at the end of the line, and its caret.
    assert!(run.stderr.contains("<g></svg>"), "{}", run.stderr);
    assert!(
        run.stderr.lines().any(|l| l.starts_with("  │ …") && l.ends_with('^')),
        "{}",
        run.stderr
    );
}

#[test]
fn a_control_character_in_a_language_setting_is_refused() {
    let sandbox = Sandbox::with_shipped_project();
    let line = sandbox.replace_line("content/nl.toml", "name = ", "name = \"Neder\\u0007lands\"");
    sandbox.leafpress(&["build"]).fails_with(2).says(&located(
        "content/nl.toml",
        line,
        14,
        "the setting contains the control character U+0007, which cannot be printed (key \
         `language.name`)",
        "name = \"Neder\\u0007lands\"",
        6,
        "delete it (most editors do not show it; it may have come in with text copied from \
         another program)",
    ));
}
