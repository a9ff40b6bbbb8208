//! Translators' exchange files and per-text review: `leafpress strings export` writes every text
//! as a unit with its English source and protected placeholders; `strings import` brings a
//! tool's edits back at their keys, refuses a unit that breaks a placeholder, and changes no
//! byte when nothing was edited; translated texts that are not reviewed are counted by
//! `status`, exported as such, and marked in the document data. translate-toolkit (the library
//! under Weblate and Pootle) reads every export and edits one that imports cleanly.

mod support;

use std::fs;
use std::path::Path;
use std::process::Command;

use support::{Sandbox, located};

/// The units in an export: every English text.
const TEXTS: usize = 193;

const FORMATS: [(&str, &str); 3] = [("xliff", "xlf"), ("xliff2", "xlf"), ("po", "po")];

const CODES_HINT: &str = "keep every {tel:…}, {web:…}, {hours:…}, {name:…} and ** of the \
                          English, each as often as the English has it; never type a number or \
                          address";

impl Sandbox {
    /// Exports `lang` in `format` to `file` in the sandbox, and returns the file's text.
    fn export(&self, lang: &str, format: &str, file: &str) -> String {
        self.leafpress(&["strings", "export", "--lang", lang, "--format", format, "--out", file])
            .succeeds()
            .shows(&format!("wrote {TEXTS} texts of content/{lang}.toml to {file}"));
        self.read(file)
    }
}

#[test]
fn a_round_trip_with_no_edits_changes_no_byte() {
    let sandbox = Sandbox::with_shipped_project();
    for lang in sandbox.languages().iter().filter(|l| *l != "en") {
        let before = sandbox.read(&format!("content/{lang}.toml"));
        for (format, ext) in FORMATS {
            let file = format!("{lang}-{format}.{ext}");
            sandbox.export(lang, format, &file);
            sandbox
                .leafpress(&["strings", "import", &file])
                .succeeds()
                .shows(&format!("{TEXTS} units, nothing to change in content/{lang}.toml"));
            assert_eq!(sandbox.read(&format!("content/{lang}.toml")), before, "{lang} {format}");
        }
    }
}

#[test]
fn every_text_is_a_unit_keyed_by_its_content_key_with_placeholders_protected() {
    let sandbox = Sandbox::with_shipped_project();
    let xliff = sandbox.export("fr", "xliff", "fr.xlf");
    assert_eq!(xliff.matches("<trans-unit ").count(), TEXTS);
    assert!(xliff.contains(
        "<trans-unit id=\"leaflet.title\" resname=\"leaflet.title\" xml:space=\"preserve\">"
    ));
    // The 1712 paragraph names the helpline's number twice: two codes, one per occurrence.
    assert!(xliff.contains(
        "<source>Call or e-mail <x id=\"1\" ctype=\"x-tel\" equiv-text=\"{tel:helpline-1712}\"/> \
         (Dutch) if you have any questions about violence. A telephone call to <x id=\"2\" \
         ctype=\"x-tel\" equiv-text=\"{tel:helpline-1712}\"/> is free"
    ));
    assert!(xliff.contains("<source><g id=\"1\" ctype=\"bold\">Psychological violence</g>, for"));
    let xliff2 = sandbox.export("fr", "xliff2", "fr2.xlf");
    assert_eq!(xliff2.matches("<unit ").count(), TEXTS);
    assert!(
        xliff2.contains("<ph id=\"1\" equiv=\"{web:cire}\" disp=\"{web:cire}\" canDelete=\"no\"/>")
    );
    let po = sandbox.export("fr", "po", "fr.po");
    assert_eq!(po.matches("\nmsgctxt ").count(), TEXTS);
    assert!(po.contains(
        "#, placeholders:\"{web:cire}\":\"{tel:cire}\"\nmsgctxt \"leaflet.where.residence.paragraphs.0\"\n"
    ));
}

#[test]
fn an_edited_target_comes_back_at_its_key_and_keeps_the_file_as_written() {
    let sandbox = Sandbox::with_shipped_project();
    let before = sandbox.read("content/fr.toml");
    let xliff = sandbox.export("fr", "xliff", "fr.xlf");
    let old = "<target state=\"translated\">Scannez pour en savoir plus</target>";
    assert_eq!(xliff.matches(old).count(), 1, "the export has the French scan text");
    let new = "<target state=\"translated\">Scannez le code &amp; lisez</target>";
    sandbox.write("fr.xlf", &xliff.replace(old, new));
    sandbox
        .leafpress(&["strings", "import", "fr.xlf"])
        .succeeds()
        .shows(&format!("{TEXTS} units: 1 text written, 1 stamped, in content/fr.toml"));
    let after = sandbox.read("content/fr.toml");
    let expected = before
        .replace("scan = \"Scannez pour en savoir plus\"", "scan = \"Scannez le code & lisez\"");
    assert_eq!(after, expected);
}

#[test]
fn a_dropped_placeholder_is_refused_with_the_unit_named_and_nothing_written() {
    let sandbox = Sandbox::with_shipped_project();
    let before = sandbox.read("content/fr.toml");
    let po = sandbox.export("fr", "po", "fr.po");
    let start = po.find("msgctxt \"leaflet.where.residence.paragraphs.0\"").expect("the unit");
    let line = po[..start].lines().count() + 1;
    let msgstr = start + po[start..].find("msgstr").expect("its msgstr");
    let edited = po[..msgstr].to_string() + &po[msgstr..].replacen(" {web:cire}", "", 1);
    sandbox.write("fr.po", &edited);
    sandbox.leafpress(&["strings", "import", "fr.po"]).fails_with(2).says(&located(
        "fr.po",
        line,
        1,
        "unit `leaflet.where.residence.paragraphs.0`: the translation lacks {web:cire}",
        "msgctxt \"leaflet.where.residence.paragraphs.0\"",
        "msgctxt \"leaflet.where.residence.paragraphs.0\"".len(),
        CODES_HINT,
    ));
    assert_eq!(sandbox.read("content/fr.toml"), before);
}

#[test]
fn a_unit_that_is_not_an_english_text_is_refused() {
    let sandbox = Sandbox::with_shipped_project();
    let po = sandbox.export("de", "po", "de.po");
    sandbox.write("de.po", &po.replacen("msgctxt \"ui.scan\"", "msgctxt \"ui.scann\"", 1));
    let run = sandbox.leafpress(&["strings", "import", "de.po"]);
    run.fails_with(2).mentions("error: unit `ui.scann` is not a text of the English source\n");
    run.mentions(
        "hint: import only units that `leafpress strings export` wrote; do not add or \
                  rename units",
    );
}

#[test]
fn a_stale_text_that_the_tool_confirms_is_stamped() {
    let sandbox = Sandbox::with_shipped_project();
    sandbox.replace_line("content/en.toml", "scan = ", "scan = \"Scan the code to learn more\"");
    let xliff = sandbox.export("fr", "xliff", "fr.xlf");
    let stale = "<target state=\"needs-review-translation\">Scannez pour en savoir plus";
    assert!(xliff.contains(stale), "the stale text is marked for review");
    let po = sandbox.export("fr", "po", "fr.po");
    assert!(po.contains("#, fuzzy\nmsgctxt \"ui.scan\""), "the stale text is fuzzy in PO");
    let confirmed = stale.replace("needs-review-translation", "translated");
    sandbox.write("fr.xlf", &xliff.replace(stale, &confirmed));
    sandbox
        .leafpress(&["strings", "import", "fr.xlf"])
        .succeeds()
        .shows(&format!("{TEXTS} units: 0 texts written, 1 stamped, in content/fr.toml"));
    let status = sandbox.leafpress(&["status"]);
    assert!(!status.stdout.contains("content/fr.toml"), "{}", status.stdout);
    let others = status.stdout.lines().filter(|l| l.ends_with(": stale: ui.scan")).count();
    assert_eq!(others, 14, "the other translations stay stale");
}

#[test]
fn line_endings_and_comments_are_kept() {
    let sandbox = Sandbox::with_shipped_project();
    let crlf = sandbox.read("content/de.toml").replace('\n', "\r\n");
    sandbox.write("content/de.toml", &crlf);
    let po = sandbox.export("de", "po", "de.po");
    sandbox.write("de.po", &with_msgstr(&po, "ui.scan", "Code scannen"));
    sandbox.leafpress(&["strings", "import", "de.po"]).succeeds();
    let after = sandbox.read("content/de.toml");
    assert_eq!(after.matches('\n').count(), after.matches("\r\n").count(), "only CRLF");
    let expected =
        crlf.lines().map(|l| if l.starts_with("scan = ") { "scan = \"Code scannen\"" } else { l });
    assert_eq!(after.lines().collect::<Vec<_>>(), expected.collect::<Vec<_>>());
}

#[test]
fn dutch_texts_translated_but_not_reviewed_are_counted_exported_and_marked() {
    let sandbox = Sandbox::with_shipped_project();
    let status = sandbox.leafpress(&["status", "--lang", "nl"]);
    status.succeeds();
    let row = status.stdout.lines().find(|l| l.starts_with("nl ")).expect("the Dutch row");
    let cells: Vec<&str> = row.split_whitespace().collect();
    assert_eq!(cells[cells.len() - 3..], ["132/193", "193/193", "0"], "{row}");
    let line = sandbox
        .read("content/nl.toml")
        .lines()
        .position(|l| l.starts_with("description = \"Een vluchthuis"))
        .expect("line")
        + 1;
    status.shows(&format!(
        "content/nl.toml:{line}:15: not reviewed: services.safe-house.description"
    ));
    let xliff = sandbox.export("nl", "xliff", "nl.xlf");
    assert!(xliff.contains("<trans-unit id=\"leaflet.title\" resname=\"leaflet.title\" xml:space=\"preserve\" approved=\"yes\">"));
    assert!(xliff.contains("<trans-unit id=\"services.safe-house.description\" resname=\"services.safe-house.description\" xml:space=\"preserve\">"));
    // The document data tells the layout which texts to mark.
    sandbox
        .leafpress(&["export-project", "typst", "--lang", "nl", "--layout", "pocket"])
        .succeeds();
    let data = find(&sandbox.path("typst"), "nl/pocket.json").expect("the pocket's data");
    let data: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(data).expect("data")).expect("JSON");
    assert_eq!(data["language"]["unreviewed"], 17);
    let service = &data["texts"]["leaflet"]["title"];
    assert_eq!(service["unreviewed"], false);
    let description = &data["services"]["safe-house"]["description"];
    assert_eq!(description["unreviewed"], true, "{description}");
    assert_eq!(description["fallback"], false);
}

#[test]
fn a_review_state_for_a_text_the_file_lacks_is_refused() {
    let sandbox = Sandbox::with_shipped_project();
    let new = "\"ui.nope\" = \"translated\"";
    let line = sandbox.replace_line(
        "content/nl.toml",
        "\"services.safe-house.description\" = \"translated\"",
        new,
    );
    sandbox.leafpress(&["status"]).fails_with(2).says(&located(
        "content/nl.toml",
        line,
        13,
        "[review] names `ui.nope`, which is not a text of this file (key `review.ui.nope`)",
        new,
        12,
        "list only keys of texts in this file, as `leafpress status --lang` shows them",
    ));
    let line = sandbox.replace_line("content/nl.toml", "\"ui.nope\" = ", "\"ui.scan\" = \"done\"");
    sandbox.leafpress(&["status"]).fails_with(2).says(&located(
        "content/nl.toml",
        line,
        13,
        "expected \"translated\" or \"reviewed\" (key `review.ui.scan`)",
        "\"ui.scan\" = \"done\"",
        6,
        "\"translated\": not reviewed yet; \"reviewed\": a person who reads the language has \
         reviewed it; or { state = \"reviewed\", by = \"their name\" }",
    ));
    let named = "\"ui.scan\" = { state = \"reviewed\" }";
    let line = sandbox.replace_line("content/nl.toml", "\"ui.scan\" = \"done\"", named);
    sandbox.leafpress(&["status"]).fails_with(2).mentions(&format!(
        "content/nl.toml:{line}:13: error: expected the reviewer's name in `by` (key \
         `review.ui.scan`)"
    ));
}

#[test]
fn a_text_reviewed_by_name_counts_as_reviewed() {
    let sandbox = Sandbox::with_shipped_project();
    sandbox.replace_line(
        "content/nl.toml",
        "\"services.safe-house.description\" = \"translated\"",
        "\"services.safe-house.description\" = { state = \"reviewed\", by = \"Test Reviewer\" }",
    );
    let row = sandbox.leafpress(&["status"]).succeeds().stdout.clone();
    let row = row.lines().find(|l| l.starts_with("nl ")).expect("row").to_string();
    assert!(row.contains(" 133/193 "), "one more text reviewed (132 before): {row}");
    let xliff = sandbox.export("nl", "xliff", "nl.xlf");
    assert!(xliff.contains(
        "<trans-unit id=\"services.safe-house.description\" \
         resname=\"services.safe-house.description\" xml:space=\"preserve\" approved=\"yes\">"
    ));
}

#[test]
fn a_text_in_a_box_of_fixed_size_carries_the_layout_s_fit_limit() {
    let sandbox = Sandbox::with_shipped_project();
    let xliff = sandbox.export("fr", "xliff", "fr.xlf");
    assert!(xliff.contains(
        "<trans-unit id=\"ui.helpline\" resname=\"ui.helpline\" xml:space=\"preserve\" \
         maxwidth=\"32\" size-unit=\"char\">"
    ));
    assert_eq!(xliff.matches("maxwidth=").count(), 1, "only where a layout declares a limit");
    let limit = "At most 32 characters: tearoff sets it in a box of fixed size.";
    assert!(xliff.contains(limit));
    let po = sandbox.export("fr", "po", "fr.po");
    assert!(
        po.contains(&format!("#. {limit}\n#, max-length:32\nmsgctxt \"ui.helpline\"\n")),
        "{po}"
    );
    let xliff2 = sandbox.export("fr", "xliff2", "fr2.xlf");
    assert!(xliff2.contains(limit));
    // The limit is the layouts' own: the tear-off reads it back for its fit report's hint.
    let manifest = sandbox.read("layouts/layouts.toml");
    sandbox.write(
        "layouts/layouts.toml",
        &manifest.replace("\"ui.helpline\" = 32", "\"ui.helpline\" = 20"),
    );
    assert!(sandbox.export("fr", "po", "fr.po").contains("#, max-length:20\n"));
}

#[test]
fn an_import_into_a_reviewed_language_marks_the_new_text_not_reviewed() {
    let sandbox = Sandbox::with_shipped_project();
    let po = sandbox.export("nl", "po", "nl.po");
    sandbox.write("nl.po", &with_msgstr(&po, "ui.scan", "Scan de code"));
    sandbox.leafpress(&["strings", "import", "nl.po"]).succeeds();
    let nl = sandbox.read("content/nl.toml");
    assert!(nl.contains("scan = \"Scan de code\"\n"));
    assert!(nl.contains("[review]\n\"ui.unreviewed_mark\" = \"translated\"\n"), "kept in place");
    assert!(nl.contains("\"ui.scan\" = \"translated\"\n"), "{nl}");
    let row = sandbox.leafpress(&["status"]).stdout;
    let row = row.lines().find(|l| l.starts_with("nl ")).expect("row").to_string();
    assert!(row.contains(" 131/193 "), "{row}");
}

#[test]
fn translate_toolkit_reads_every_export_and_its_edits_import() {
    if !translate_toolkit() {
        return;
    }
    let sandbox = Sandbox::with_shipped_project();
    for lang in sandbox.languages().iter().filter(|l| *l != "en") {
        for (format, ext) in [("xliff", "xlf"), ("po", "po")] {
            let file = format!("{lang}.{ext}");
            sandbox.export(lang, format, &file);
            let units = ttk(&["read", &sandbox.path(&file).to_string_lossy()]);
            let units = units.as_array().expect("a list of units");
            assert_eq!(units.len(), TEXTS, "{lang} {format}");
            let social = units
                .iter()
                .find(|u| u["key"] == "leaflet.where.social.paragraphs.0")
                .expect("the 1712 paragraph");
            if format == "xliff" {
                let tel = social["codes"]
                    .as_array()
                    .expect("codes")
                    .iter()
                    .filter(|c| c["attrib"]["equiv-text"] == "{tel:helpline-1712}")
                    .count();
                assert_eq!(tel, 2, "{lang}: {social}");
            } else {
                let flags = social["flags"].to_string();
                assert!(flags.contains("placeholders:\\\"{tel:helpline-1712}\\\""), "{flags}");
            }
        }
    }
    // States as translate-toolkit understands them: Dutch is reviewed but for 17 texts of the
    // leaflets and the 44 of the catalogue.
    sandbox.export("nl", "xliff", "nl.xlf");
    let units = ttk(&["read", &sandbox.path("nl.xlf").to_string_lossy()]);
    let count = |state: &str| {
        units.as_array().expect("units").iter().filter(|u| u["state"] == state).count()
    };
    assert_eq!((count("reviewed"), count("translated")), (132, 17 + 44));
    // translate-toolkit rewrites the whole file; the import changes only the edited text.
    for (format, ext) in [("xliff", "xlf"), ("po", "po")] {
        let file = format!("sq.{ext}");
        sandbox.export("sq", format, &file);
        let before = sandbox.read("content/sq.toml");
        let edited = format!("sq-edited.{ext}");
        let text = format!("Skano kodin ({format})");
        ttk(&[
            "edit",
            &sandbox.path(&file).to_string_lossy(),
            "ui.scan",
            &text,
            &sandbox.path(&edited).to_string_lossy(),
        ]);
        sandbox.leafpress(&["strings", "import", &edited]).succeeds();
        let after = sandbox.read("content/sq.toml");
        let changed: Vec<_> = before.lines().zip(after.lines()).filter(|(a, b)| a != b).collect();
        assert_eq!(changed.len(), 1, "{format}: {changed:?}");
        assert_eq!(changed[0].1, format!("scan = \"{text}\""));
    }
}

/// A PO file with the translation of the unit `key` replaced by `text`.
fn with_msgstr(po: &str, key: &str, text: &str) -> String {
    let start = po.find(&format!("msgctxt \"{key}\"")).expect("the unit");
    let msgstr = start + po[start..].find("msgstr ").expect("its msgstr");
    let end = msgstr + po[msgstr..].find('\n').expect("line end");
    format!("{}msgstr \"{text}\"{}", &po[..msgstr], &po[end..])
}

/// Whether translate-toolkit can be imported; CI installs it (see .ci/run), so there it must.
fn translate_toolkit() -> bool {
    let found = Command::new("python3")
        .args(["-c", "import translate.storage.factory"])
        .output()
        .is_ok_and(|o| o.status.success());
    if !found {
        assert!(std::env::var_os("CI").is_none(), "CI must install translate-toolkit");
        eprintln!("skipped: translate-toolkit is not installed (pip install translate-toolkit)");
    }
    found
}

fn ttk(args: &[&str]) -> serde_json::Value {
    let script = support::repository().join("tests/strings/ttk.py");
    let output = Command::new("python3").arg(script).args(args).output().expect("python3");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "ttk.py {args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    if stdout.trim().is_empty() {
        serde_json::Value::Null
    } else {
        serde_json::from_str(&stdout).expect("JSON")
    }
}

/// The file under `dir` whose path ends with `tail`, such as `nl/pocket.json`.
fn find(dir: &Path, tail: &str) -> Option<std::path::PathBuf> {
    for entry in fs::read_dir(dir).ok()? {
        let path = entry.ok()?.path();
        let found = if path.is_dir() { find(&path, tail) } else { Some(path) };
        if let Some(found) = found.filter(|f| f.ends_with(tail)) {
            return Some(found);
        }
    }
    None
}
