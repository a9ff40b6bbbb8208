//! End-to-end builds of the shipped content: every language × layout, its page sizes, the
//! numbers a reader will dial, reproducible bytes and atomic writes.

mod support;

use std::collections::BTreeSet;
use std::fs;

use support::{Sandbox, assert_size, page_boxes, pdf_text};

const POCKET: (f64, f64) = (105.0, 148.0);
const A3: (f64, f64) = (297.0, 420.0);

#[test]
fn every_language_and_layout_builds_at_its_exact_size() {
    let sandbox = Sandbox::with_shipped_project();
    let run = sandbox.leafpress(&["build", "--lang", "en,nl,ar,ti", "--layout", "pocket,poster"]);
    run.succeeds();
    assert!(run.stdout.contains("8 of 8 documents built"), "{}", run.stdout);
    for lang in ["en", "nl", "ar", "ti"] {
        let pocket = page_boxes(&sandbox.path(&format!("out/{lang}/pocket.pdf")));
        assert!(
            pocket.len() >= 8 && pocket.len().is_multiple_of(4),
            "{lang} pocket has {} pages",
            pocket.len()
        );
        for page in &pocket {
            assert_size(page.media, POCKET);
            assert_size(page.trim, POCKET);
        }
        let poster = page_boxes(&sandbox.path(&format!("out/{lang}/poster.pdf")));
        assert_eq!(poster.len(), 1, "{lang} poster is one page: {}", run.stdout);
        assert_size(poster[0].media, A3);
        assert_size(poster[0].trim, A3);
    }
}

#[test]
fn every_number_a_layout_prints_is_in_the_pdf_text_as_the_directory_writes_it() {
    let sandbox = Sandbox::with_shipped_project();
    sandbox.leafpress(&["build"]).succeeds();
    let services = services(&sandbox);
    for lang in ["en", "nl"] {
        let pocket = pdf_text(&sandbox.path(&format!("out/{lang}/pocket.pdf")));
        for id in pocket_services(&sandbox, lang) {
            if let Some(phone) = services.get(&id).and_then(|s| s.get("phone")) {
                let phone = phone.as_str().expect("phone is text");
                assert!(pocket.contains(phone), "{lang}/pocket lacks {id}'s number {phone}");
            }
        }
        let poster = pdf_text(&sandbox.path(&format!("out/{lang}/poster.pdf")));
        for id in ["helpline-1712", "emergency", "police"] {
            let phone = services[id]["phone"].as_str().expect("phone is text");
            assert!(poster.contains(phone), "{lang}/poster lacks {phone}");
        }
        assert!(poster.contains("www.1712.be"), "{lang}/poster prints the QR code's address");
    }
}

#[test]
fn two_builds_of_the_same_inputs_are_byte_identical() {
    let sandbox = Sandbox::with_shipped_project();
    sandbox.leafpress(&["build", "--out", "first"]).succeeds();
    sandbox.leafpress(&["build", "--out", "second"]).succeeds();
    for doc in ["en/pocket.pdf", "en/poster.pdf", "nl/pocket.pdf", "nl/poster.pdf"] {
        let first = fs::read(sandbox.path(&format!("first/{doc}"))).expect("first build");
        let second = fs::read(sandbox.path(&format!("second/{doc}"))).expect("second build");
        assert!(first == second, "{doc} differs between two builds");
    }
}

#[test]
fn a_failed_build_keeps_the_previous_pdf_and_leaves_no_partial_file() {
    let sandbox = Sandbox::with_shipped_project();
    sandbox.leafpress(&["build", "--lang", "en", "--layout", "poster"]).succeeds();
    let good = fs::read(sandbox.path("out/en/poster.pdf")).expect("first build");
    sandbox.edit(
        "layouts/poster.typ",
        "  v(1fr)\n  // The numbers at twice",
        "  v(1fr)\n  undefined-component\n  // The numbers at twice",
    );
    let run = sandbox.leafpress(&["build", "--lang", "en", "--layout", "poster"]);
    run.fails_with(1)
        .mentions("unknown variable: undefined-component")
        .mentions("layouts/poster.typ:");
    assert!(run.stdout.contains("failed  en/poster"));
    assert_eq!(fs::read(sandbox.path("out/en/poster.pdf")).expect("still there"), good);
    let files: Vec<_> = fs::read_dir(sandbox.path("out/en")).expect("out/en").collect();
    assert_eq!(files.len(), 1, "no temporary files are left behind");
}

#[test]
fn list_shows_languages_with_their_status_and_the_layouts() {
    let sandbox = Sandbox::with_shipped_project();
    let run = sandbox.leafpress(&["list"]);
    run.succeeds();
    assert!(run.stdout.contains("en   English"), "{}", run.stdout);
    assert!(run.stdout.contains("nl   Nederlands"), "{}", run.stdout);
    assert!(run.stdout.contains("reviewed by"));
    assert!(run.stdout.contains("  pocket\n  poster         sizes a3, a2, a1\n"), "{}", run.stdout);
    assert!(run.stdout.contains("regions (--region): brussels, flanders, wallonia"));
}

#[test]
fn asking_for_an_unknown_language_is_a_usage_error() {
    let sandbox = Sandbox::with_shipped_project();
    sandbox.leafpress(&["build", "--lang", "xx"]).fails_with(2).says(
        "error: there is no language `xx`\nhint: the languages are: ar, bg, de, en, es, fa, \
             fr, nl, pl, ps, ro, ru, sq, ti, tr, uk",
    );
}

/// The services the pocket leaflet prints: those its sections list, those its texts name,
/// and the three on the back page.
fn pocket_services(sandbox: &Sandbox, lang: &str) -> BTreeSet<String> {
    let text = sandbox.read(&format!("content/{lang}.toml"));
    let leaflet =
        &text[text.find("[leaflet]").expect("leaflet")..text.find("[info]").expect("info")];
    let mut ids: BTreeSet<String> =
        ["helpline-1712", "emergency", "police"].into_iter().map(String::from).collect();
    for part in leaflet.split("{tel:").skip(1) {
        ids.insert(part[..part.find('}').expect("closed")].to_string());
    }
    for line in leaflet.lines().filter(|l| l.starts_with("services = [")) {
        ids.extend(line.split('"').skip(1).step_by(2).map(String::from));
    }
    ids
}

fn services(sandbox: &Sandbox) -> toml::Table {
    let text = sandbox.read("content/services.toml");
    let table: toml::Table = text.parse().expect("services.toml parses");
    table["services"].as_table().expect("services table").clone()
}
