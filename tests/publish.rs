//! The catalogue `leafpress publish` writes: every PDF linked and every link resolving, a
//! manifest that lists every file with its true checksum, the same site byte for byte from the
//! same inputs, texts escaped, right-to-left catalogue pages mirrored, and a directory of
//! other files left alone.

mod support;

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};
use support::Sandbox;

/// Three languages (one right to left), the booklet, the card sheet, the tri-fold and the
/// multilingual poster: every print mode and every kind of printing step.
const SOME: [&str; 4] =
    ["--lang", "en,nl,ar", "--layout", "pocket,card-sheet,trifold,poster-multi"];

/// Publishes `args` into `dir` in the sandbox, which must succeed.
fn publish(sandbox: &Sandbox, dir: &str, args: &[&str]) {
    sandbox.leafpress(&[&["publish", "--out", dir][..], args].concat()).succeeds();
}

/// Every file under `dir`, by its path inside it with `/`.
fn files_in(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut files = BTreeMap::new();
    let mut folders = vec![dir.to_path_buf()];
    while let Some(folder) = folders.pop() {
        for entry in fs::read_dir(&folder).expect("readable folder") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                folders.push(path);
            } else {
                let inside = path.strip_prefix(dir).expect("inside").to_string_lossy();
                files.insert(inside.replace('\\', "/"), fs::read(&path).expect("readable file"));
            }
        }
    }
    files
}

/// The `href` and `src` values of an HTML page, as written.
fn links_in(html: &str) -> Vec<String> {
    let mut links = Vec::new();
    for attribute in [" href=\"", " src=\""] {
        for (at, _) in html.match_indices(attribute) {
            let rest = &html[at + attribute.len()..];
            links.push(rest[..rest.find('"').expect("closing quote")].to_string());
        }
    }
    links
}

/// Where a relative link on the page at `page` leads, inside the site; None for a link that
/// leaves it.
fn resolve(page: &str, link: &str) -> Option<String> {
    let link = link.split('#').next().unwrap_or_default();
    if link.is_empty() || link.contains(':') || link.starts_with('/') {
        return None;
    }
    let mut parts: Vec<&str> = page.split('/').collect();
    parts.pop();
    for part in link.split('/') {
        match part {
            ".." => {
                parts.pop()?;
            }
            "." => {}
            part => parts.push(part),
        }
    }
    Some(parts.join("/"))
}

/// The SHA-256 of `bytes` in hexadecimal.
fn sha256(bytes: &[u8]) -> String {
    Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect()
}

#[test]
fn every_pdf_is_linked_every_link_resolves_and_the_manifest_tells_the_truth() {
    let sandbox = Sandbox::with_shipped_project();
    publish(&sandbox, "site", &SOME);
    let site = files_in(&sandbox.path("site"));
    let mut linked = BTreeSet::new();
    for (page, html) in site.iter().filter(|(path, _)| path.ends_with(".html")) {
        let html = String::from_utf8(html.clone()).expect("UTF-8 page");
        for (at, _) in html.match_indices("=\"") {
            let value = &html[at + 2..];
            let value = &value[..value.find('"').expect("closing quote")];
            assert!(!value.contains('<'), "{page}: markup inside an attribute: {value}");
        }
        for link in links_in(&html) {
            assert!(!link.contains("://"), "{page} loads {link} from elsewhere");
            let Some(target) = resolve(page, &link) else { continue };
            assert!(site.contains_key(&target), "{page} links to {link}, which is not there");
            linked.insert(target);
        }
    }
    let pdfs: Vec<&String> = site.keys().filter(|p| p.ends_with(".pdf")).collect();
    assert!(pdfs.len() >= 12, "too few PDFs: {pdfs:?}");
    for pdf in &pdfs {
        assert!(linked.contains(*pdf), "{pdf} is in the site but no page links to it");
    }
    for mode in ["pdf/ar/pocket.pdf", "pdf/ar/pocket-a4.pdf", "pdf/ar/pocket-print.pdf"] {
        assert!(site.contains_key(mode), "{mode} is missing");
    }

    let manifest: serde_json::Value =
        serde_json::from_slice(&site["manifest.json"]).expect("manifest is JSON");
    let mut listed = BTreeSet::new();
    for entry in ["documents", "files"].iter().flat_map(|k| manifest[k].as_array().unwrap()) {
        let path = entry["path"].as_str().expect("path");
        let bytes = site.get(path).unwrap_or_else(|| panic!("the manifest lists {path}, absent"));
        assert_eq!(entry["sha256"], sha256(bytes), "{path}'s checksum");
        assert_eq!(entry["bytes"], bytes.len(), "{path}'s size");
        listed.insert(path.to_string());
    }
    let unlisted: Vec<&String> =
        site.keys().filter(|p| *p != "manifest.json" && !listed.contains(*p)).collect();
    assert!(unlisted.is_empty(), "files the manifest does not list: {unlisted:?}");
    let sheet = manifest["documents"].as_array().unwrap().iter();
    let sheet = sheet.clone().find(|d| d["path"] == "pdf/ar/pocket-a4.pdf").expect("listed");
    assert_eq!((&sheet["language"], &sheet["layout"]), (&"ar".into(), &"pocket".into()));
    assert_eq!((&sheet["mode"], &sheet["pages"]), (&"sheet".into(), &4.into()));
}

#[test]
fn the_same_inputs_give_the_same_site_byte_for_byte() {
    let sandbox = Sandbox::with_shipped_project();
    let args = ["--lang", "ar,nl", "--layout", "card,trifold", "--jobs", "2"];
    publish(&sandbox, "one", &args);
    publish(&sandbox, "two", &[&args[..4], &["--jobs", "1"]].concat());
    let (one, two) = (files_in(&sandbox.path("one")), files_in(&sandbox.path("two")));
    assert_eq!(one.keys().collect::<Vec<_>>(), two.keys().collect::<Vec<_>>());
    for (path, bytes) in &one {
        assert!(*bytes == two[path], "{path} differs between two publishes");
    }
}

#[test]
fn publishing_again_removes_what_is_no_longer_published() {
    let sandbox = Sandbox::with_shipped_project();
    publish(&sandbox, "site", &["--lang", "en", "--layout", "card"]);
    assert!(sandbox.path("site/pdf/en/card.pdf").exists());
    publish(&sandbox, "site", &["--lang", "nl", "--layout", "card"]);
    assert!(!sandbox.path("site/pdf/en/card.pdf").exists(), "the English card stayed");
    assert!(!sandbox.path("site/en/en").exists(), "the English card's page stayed");
    assert!(sandbox.path("site/pdf/nl/card-print.pdf").exists());
}

#[test]
fn a_directory_of_other_files_is_refused_and_left_alone() {
    let sandbox = Sandbox::with_shipped_project();
    sandbox.write("mine/notes.txt", "keep me");
    let run = sandbox.leafpress(&["publish", "--out", "mine", "--lang", "en", "--layout", "card"]);
    run.fails_with(2).mentions("not a leafpress catalogue");
    assert_eq!(sandbox.read("mine/notes.txt"), "keep me");
    let files: Vec<PathBuf> =
        fs::read_dir(sandbox.path("mine")).unwrap().flatten().map(|e| e.path()).collect();
    assert_eq!(files.len(), 1, "{files:?}");
}

#[test]
fn texts_are_escaped_and_a_right_to_left_catalogue_is_mirrored() {
    let sandbox = Sandbox::with_shipped_project();
    sandbox.edit(
        "content/en.toml",
        "title = \"Leaflets, cards and posters to print\"",
        "title = \"<script>alert('x')</script> & \\\"more\\\"\"",
    );
    let arabic = "\n[catalogue]\ntitle = \"مطبوعات للطباعة\"\n";
    sandbox.write("content/ar.toml", &(sandbox.read("content/ar.toml") + arabic));
    publish(&sandbox, "site", &["--lang", "ar", "--layout", "card"]);
    let index = sandbox.read("site/en/index.html");
    assert!(
        index.contains("&lt;script&gt;alert(&apos;x&apos;)&lt;/script&gt; &amp; &quot;more&quot;"),
        "the title is not escaped"
    );
    assert!(!index.contains("<script>alert"), "a text became markup");
    let mirrored = sandbox.read("site/ar/ar/card.html");
    assert!(mirrored.contains("<html lang=\"ar\" dir=\"rtl\">"), "not mirrored");
    // A text the Arabic file lacks is English, and marked as such.
    assert!(mirrored.contains("<span lang=\"en\" dir=\"ltr\">"), "English not marked");
}
