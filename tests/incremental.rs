//! Incremental builds: `build` makes again only the documents whose inputs changed, says which
//! it skipped, and gives the same bytes as a clean build; `--force` makes everything.

mod support;

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;

use support::{Run, Sandbox};

/// English, French and Dutch cards and posters, and the poster in all three.
const SOME: [&str; 4] = ["--lang", "en,fr,nl", "--layout", "card,poster,poster-multi"];

/// The documents of [`SOME`], as `build` names them.
const DOCUMENTS: [&str; 7] =
    ["en/card", "fr/card", "nl/card", "en/poster", "fr/poster", "nl/poster", "multi/poster-multi"];

/// Builds [`SOME`] into `out`, with `extra` arguments.
fn build(sandbox: &Sandbox, out: &str, extra: &[&str]) -> Run {
    let mut args = vec!["build", "--out", out];
    args.extend(SOME);
    args.extend(extra);
    let run = sandbox.leafpress(&args);
    run.succeeds();
    run
}

/// The documents a run made (`built …`) and skipped (`unchanged …`), by name.
fn made_and_skipped(run: &Run) -> (Vec<&str>, Vec<&str>) {
    (named(run, "built   "), named(run, "unchanged "))
}

/// The names of the documents on the lines of standard output that start with `prefix`, sorted.
fn named<'a>(run: &'a Run, prefix: &str) -> Vec<&'a str> {
    let lines = run.stdout.lines().filter_map(|line| line.strip_prefix(prefix));
    let mut names: Vec<&str> = lines.filter_map(|rest| rest.split_whitespace().next()).collect();
    names.sort();
    names
}

/// Asserts that a run made exactly `built` and skipped every other document of [`SOME`].
#[track_caller]
fn rebuilt_only(run: &Run, built: &[&str]) {
    let mut expected_built = built.to_vec();
    expected_built.sort();
    let mut expected_skipped: Vec<&str> =
        DOCUMENTS.iter().copied().filter(|d| !built.contains(d)).collect();
    expected_skipped.sort();
    let (made, skipped) = made_and_skipped(run);
    assert_eq!(made, expected_built, "made:\n{}", run.stdout);
    assert_eq!(skipped, expected_skipped, "skipped:\n{}", run.stdout);
}

/// Every file under `dir` (the build record included), by path inside it, with its bytes.
fn files(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut found = BTreeMap::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(folder) = pending.pop() {
        for entry in fs::read_dir(&folder).expect("readable folder").flatten() {
            let path = entry.path();
            if path.is_dir() {
                pending.push(path);
            } else {
                let inside = path.strip_prefix(dir).expect("inside").display().to_string();
                found.insert(inside, fs::read(&path).expect("readable file"));
            }
        }
    }
    found
}

/// Asserts that an incremental build in `out` left the same files, byte for byte, as a clean
/// build of the project as it is now.
#[track_caller]
fn same_as_a_clean_build(sandbox: &Sandbox, out: &str) {
    build(sandbox, "clean", &[]);
    let (incremental, clean) = (files(&sandbox.path(out)), files(&sandbox.path("clean")));
    assert_eq!(
        incremental.keys().collect::<Vec<_>>(),
        clean.keys().collect::<Vec<_>>(),
        "the same files"
    );
    for (path, bytes) in &incremental {
        assert!(*bytes == clean[path], "{path} differs from a clean build's");
    }
    fs::remove_dir_all(sandbox.path("clean")).expect("remove the clean build");
}

#[test]
fn a_second_build_with_nothing_changed_makes_nothing_and_says_so() {
    let sandbox = Sandbox::with_shipped_project();
    rebuilt_only(&build(&sandbox, "out", &[]), &DOCUMENTS);
    let again = build(&sandbox, "out", &[]);
    rebuilt_only(&again, &[]);
    again.shows("unchanged en/card\n").shows("7 of 7 documents built in");
    again.shows("; 7 unchanged)");
    assert!(sandbox.path("out/.leafpress-build.json").is_file(), "the record is in out/");
    same_as_a_clean_build(&sandbox, "out");
}

#[test]
fn an_edit_to_french_rebuilds_only_the_french_and_multilingual_documents_as_a_clean_build_would() {
    let sandbox = Sandbox::with_shipped_project();
    build(&sandbox, "out", &[]);
    let line = sandbox.read("content/fr.toml");
    let text = line.lines().find(|l| l.starts_with("not_alone = ")).expect("a French text");
    sandbox.edit("content/fr.toml", text, "not_alone = \"Vous n’êtes pas seul(e).\"");
    let run = build(&sandbox, "out", &[]);
    rebuilt_only(&run, &["fr/card", "fr/poster", "multi/poster-multi"]);
    same_as_a_clean_build(&sandbox, "out");
}

#[test]
fn an_edit_to_english_that_leaves_a_documents_data_as_it_was_does_not_rebuild_it() {
    // Every document's data comes partly from English (texts not translated fall back to it),
    // so an edit to en.toml has each document's data built again and compared: a comment
    // changes no French or Dutch data, and only the English and multilingual documents, which
    // are in English, are made again.
    let sandbox = Sandbox::with_shipped_project();
    build(&sandbox, "out", &[]);
    let english = sandbox.read("content/en.toml");
    sandbox.write("content/en.toml", &format!("# a comment\n{english}"));
    let run = build(&sandbox, "out", &[]);
    rebuilt_only(&run, &["en/card", "en/poster", "multi/poster-multi"]);
    rebuilt_only(&build(&sandbox, "out", &[]), &[]);
    same_as_a_clean_build(&sandbox, "out");
}

#[test]
fn an_edit_to_a_layout_rebuilds_only_the_documents_that_read_it() {
    let sandbox = Sandbox::with_shipped_project();
    build(&sandbox, "out", &[]);
    let layout = sandbox.read("layouts/card.typ");
    sandbox.write("layouts/card.typ", &format!("{layout}\n// an edit\n"));
    rebuilt_only(&build(&sandbox, "out", &[]), &["en/card", "fr/card", "nl/card"]);
    same_as_a_clean_build(&sandbox, "out");
}

#[test]
fn an_edit_to_the_directory_rebuilds_every_document_that_carries_it() {
    // Every document's data carries the whole directory (a layout may print any service), so
    // an edit to any service makes every document again.
    let sandbox = Sandbox::with_shipped_project();
    build(&sandbox, "out", &[]);
    sandbox.edit("content/services.toml", "name = \"1712\"", "name = \"1712 \"");
    rebuilt_only(&build(&sandbox, "out", &[]), &DOCUMENTS);
}

#[test]
fn force_rebuilds_every_document() {
    let sandbox = Sandbox::with_shipped_project();
    build(&sandbox, "out", &[]);
    rebuilt_only(&build(&sandbox, "out", &["--force"]), &DOCUMENTS);
    same_as_a_clean_build(&sandbox, "out");
}

#[test]
fn a_pdf_changed_or_removed_since_is_made_again() {
    let sandbox = Sandbox::with_shipped_project();
    build(&sandbox, "out", &[]);
    fs::write(sandbox.path("out/en/card.pdf"), b"not the card").expect("spoil the card");
    fs::remove_file(sandbox.path("out/fr/poster.pdf")).expect("remove the poster");
    rebuilt_only(&build(&sandbox, "out", &[]), &["en/card", "fr/poster"]);
    same_as_a_clean_build(&sandbox, "out");
}

#[test]
fn other_options_are_other_documents_and_a_record_in_another_format_is_ignored() {
    let sandbox = Sandbox::with_shipped_project();
    build(&sandbox, "out", &[]);
    rebuilt_only(&build(&sandbox, "out", &["--region", "wallonia"]), &DOCUMENTS);
    rebuilt_only(&build(&sandbox, "out", &[]), &DOCUMENTS);
    sandbox.write("out/.leafpress-build.json", "{\"format\": 999, \"documents\": {}}");
    rebuilt_only(&build(&sandbox, "out", &[]), &DOCUMENTS);
    rebuilt_only(&build(&sandbox, "out", &[]), &[]);
}

#[test]
fn a_skipped_document_repeats_the_warnings_its_checks_gave() {
    let sandbox = Sandbox::with_shipped_project();
    sandbox.write("clinic.toml", "name = \"Clinic\"\ncard_title = \"Help against violence\"\n");
    let args = ["build", "--lang", "en", "--layout", "card", "--org", "clinic.toml"];
    let first = sandbox.leafpress(&args);
    first.succeeds().shows("built   en/card").mentions("names violence or abuse");
    let again = sandbox.leafpress(&args);
    again.succeeds().shows("unchanged en/card");
    assert_eq!(again.stderr, first.stderr, "the same warnings");
    // The organisation file is an input: a neutral title makes the card again, without warning.
    sandbox.write("clinic.toml", "name = \"Clinic\"\ncard_title = \"Useful numbers\"\n");
    let neutral = sandbox.leafpress(&args);
    neutral.succeeds().shows("built   en/card").says("");
}

#[test]
fn check_always_checks() {
    let sandbox = Sandbox::with_shipped_project();
    build(&sandbox, "out", &[]);
    let run = sandbox.leafpress(&["check", "--lang", "en", "--layout", "card"]);
    run.succeeds();
    assert!(!run.stdout.contains("unchanged"), "{}", run.stdout);
}
