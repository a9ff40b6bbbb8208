//! Batches: documents made on several threads are the same bytes as on one, several
//! organisation files each get their own folder, and `export-project` writes a plain Typst
//! project with one command per document.

mod support;

use std::fs;

use support::{Sandbox, pdf_text};

/// A sandbox with organisation files `orgs/<name>.toml`, one per name.
fn with_orgs(names: &[&str]) -> Sandbox {
    let sandbox = Sandbox::with_shipped_project();
    for name in names {
        sandbox.write(&format!("orgs/{name}.toml"), &format!("name = \"Clinic {name}\"\n"));
    }
    sandbox
}

#[test]
fn threads_change_nothing_in_the_output() {
    let sandbox = Sandbox::with_shipped_project();
    let args = ["--lang", "en,ar,ti", "--layout", "pocket,card,poster"];
    sandbox.leafpress(&[&["build", "--out", "one", "--jobs", "1"][..], &args].concat()).succeeds();
    sandbox.leafpress(&[&["build", "--out", "two", "--jobs", "2"][..], &args].concat()).succeeds();
    for doc in ["en/pocket", "ar/card", "ti/poster"] {
        let read = |dir: &str| fs::read(sandbox.path(&format!("{dir}/{doc}.pdf"))).expect("pdf");
        assert!(read("one") == read("two"), "{doc} differs between one and two threads");
    }
}

#[test]
fn each_organisation_gets_its_own_folder() {
    let sandbox = with_orgs(&["Linde", "Esdoorn"]);
    let run = sandbox.leafpress(&["build", "--org", "orgs", "--lang", "en,nl", "--layout", "card"]);
    run.succeeds().shows("built   Esdoorn/en/card").shows("4 of 4 documents built");
    for org in ["Linde", "Esdoorn"] {
        for lang in ["en", "nl"] {
            let text = pdf_text(&sandbox.path(&format!("out/{org}/{lang}/card.pdf")));
            assert!(text.contains(&format!("Clinic {org}")), "{org}/{lang} lacks its name");
        }
    }
}

#[test]
fn a_directory_of_organisations_always_gives_subfolders() {
    let sandbox = with_orgs(&["Linde"]);
    sandbox.leafpress(&["build", "--org", "orgs", "--lang", "en", "--layout", "card"]).succeeds();
    assert!(sandbox.path("out/Linde/en/card.pdf").is_file(), "a folder of one gives a subfolder");
}

#[test]
fn two_organisation_files_with_one_name_are_refused() {
    let sandbox = with_orgs(&["Linde"]);
    sandbox.write("more/Linde.toml", "name = \"Clinic Two\"\n");
    sandbox
        .leafpress(&["build", "--org", "orgs/Linde.toml,more/Linde.toml"])
        .fails_with(2)
        .says_lines(&[
            "error: two organisation files are both called `Linde`, and would write to the same \
             folder",
            "hint: rename orgs/Linde.toml or more/Linde.toml",
        ]);
}

#[test]
fn check_takes_one_organisation_at_a_time() {
    let sandbox = with_orgs(&["Linde", "Esdoorn"]);
    sandbox.leafpress(&["check", "--org", "orgs"]).fails_with(2).says_lines(&[
        "error: 2 organisation files given, and this command takes one",
        "hint: name one with --org; `leafpress build` takes several",
    ]);
}

#[test]
fn an_exported_project_has_one_command_per_document() {
    let sandbox = Sandbox::with_shipped_project();
    let run = sandbox.leafpress(&[
        "export-project",
        "typst",
        "--lang",
        "ti",
        "--layout",
        "card,card-sheet",
    ]);
    run.succeeds().shows("exported 1 document to typst; build them with `sh typst/build.sh`").says(
        "note: left out 1 document of card-sheet: leafpress imposes their pages after \
               layout, which a plain Typst project cannot",
    );
    for file in [
        "layouts/card.typ",
        "layouts/lib/theme.typ",
        "layouts/lib/tokens.typ",
        "fonts/NotoSansEthiopic-Regular.ttf",
    ] {
        assert!(sandbox.path("typst").join(file).is_file(), "{file} was not exported");
    }
    let data = sandbox.read("typst/leafpress/documents/ti/card.json");
    let data: serde_json::Value = serde_json::from_str(&data).expect("the data is JSON");
    assert_eq!(data["language"]["code"], "ti");
    let qr = data["services"]["caw"]["qr_web"].as_str().expect("a QR code path");
    assert!(sandbox.read(&format!("typst{qr}")).starts_with("<svg"), "{qr} is not an SVG");
    let script = sandbox.read("typst/build.sh");
    let command = script.lines().last().expect("a command");
    assert_eq!(
        command,
        "\"${TYPST:-typst}\" compile --root . --font-path fonts --ignore-system-fonts \
         --ignore-embedded-fonts --pdf-standard a-2b,ua-1 --creation-timestamp 1767225600 \
         --input leafpress-data='/leafpress/documents/ti/card.json' 'layouts/card.typ' \
         'out/ti/card.pdf'"
    );
}

#[test]
fn export_project_refuses_to_write_into_the_layouts() {
    let sandbox = Sandbox::with_shipped_project();
    sandbox.leafpress(&["export-project", "layouts/typst"]).fails_with(2).says_lines(&[
        "error: cannot export into layouts/typst, inside the project's layouts/",
        "hint: choose a directory outside layouts/ and fonts/, such as typst-project",
    ]);
}

#[test]
fn export_project_refuses_sheets() {
    let sandbox = Sandbox::with_shipped_project();
    sandbox.leafpress(&["export-project", "typst", "--sheet", "a4"]).fails_with(2).says_lines(&[
        "error: export-project cannot impose pages on sheets",
        "hint: leave out --sheet: leafpress imposes pages after layout, which a plain Typst \
         project cannot",
    ]);
}
