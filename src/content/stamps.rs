//! Translation stamps: which English text each translation was made from.
//!
//! A language file ends with a `[translated_from]` table that maps each text's dotted key to a
//! fingerprint of the English text the translator worked from. When someone edits the English,
//! its fingerprint changes, and every translation of that text is stale until a translator
//! updates it and stamps it again with `leafpress stamp`. Fingerprints are 32-bit FNV-1a in
//! hex: short enough to read in a diff, and the same on every machine and Rust version, which
//! the standard library's hasher does not promise.

use std::collections::BTreeMap;

use toml_edit::{DocumentMut, Item, Table, Value, value};

use super::language::STAMPS;
use super::{Language, Node, Text};
use crate::error::{Error, Result};

/// The fingerprint of an English text, as stored in `[translated_from]`.
pub fn fingerprint(text: &str) -> String {
    let hash = text
        .bytes()
        .fold(0x811c_9dc5_u32, |hash, byte| (hash ^ u32::from(byte)).wrapping_mul(0x0100_0193));
    format!("{hash:08x}")
}

/// Every text of a language, by dotted key.
pub fn texts(language: &Language) -> BTreeMap<&str, &Text> {
    let mut found = BTreeMap::new();
    collect(language.texts.values(), &mut found);
    found
}

/// Every text of a language in the order the file has them, so that lists of keys read like
/// the file (and `items.10` comes after `items.9`).
pub fn in_file_order(language: &Language) -> Vec<&Text> {
    let mut texts: Vec<&Text> = texts(language).into_values().collect();
    texts.sort_by_key(|text| text.span.start);
    texts
}

fn collect<'a>(nodes: impl Iterator<Item = &'a Node>, found: &mut BTreeMap<&'a str, &'a Text>) {
    for node in nodes {
        match node {
            Node::Text(text) => {
                found.insert(text.key.as_str(), text);
            }
            Node::List(items) => collect(items.iter(), found),
            Node::Table(table) => collect(table.values(), found),
            Node::Services(_) => {}
        }
    }
}

/// How far a translation has come, measured against the source language.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Progress {
    /// Texts in the source language.
    pub total: usize,
    /// Of those, texts this language has.
    pub translated: usize,
    /// Keys of texts this language lacks, which print in English.
    pub missing: Vec<String>,
    /// Keys of translated texts whose English changed since (or whose source is not recorded).
    pub stale: Vec<String>,
}

/// Compares `language` with the `source` language text by text.
pub fn progress(source: &Language, language: &Language) -> Progress {
    let theirs = texts(language);
    let mut progress = Progress::default();
    for english in in_file_order(source) {
        let key = english.key.as_str();
        progress.total += 1;
        if language.code == source.code {
            progress.translated += 1;
        } else if theirs.contains_key(key) {
            progress.translated += 1;
            let stamp = language.stamps.get(key).map(|s| s.get_ref().as_str());
            if stamp != Some(fingerprint(&english.raw).as_str()) {
                progress.stale.push(key.to_string());
            }
        } else {
            progress.missing.push(key.to_string());
        }
    }
    progress
}

/// Which translations `leafpress stamp` records as made from the current English.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Selection {
    /// Translated texts that have no stamp yet.
    Unstamped,
    /// These keys only.
    Keys(Vec<String>),
    /// Every translated text.
    All,
}

/// Rewrites the language file's `[translated_from]` table for `selection`, returning the new
/// file text and the keys stamped. Everything else in the file is kept as written.
pub fn stamp(
    source: &Language,
    language: &Language,
    selection: &Selection,
) -> Result<(String, Vec<String>)> {
    let english = texts(source);
    let theirs = texts(language);
    // Both kinds of selection run in the English file's order.
    let translated =
        in_file_order(source).into_iter().filter(|t| theirs.contains_key(t.key.as_str()));
    let chosen: Vec<String> = match selection {
        Selection::Unstamped => translated
            .filter(|t| !language.stamps.contains_key(&t.key))
            .map(|t| t.key.clone())
            .collect(),
        Selection::All => translated.map(|t| t.key.clone()).collect(),
        Selection::Keys(keys) => {
            for key in keys {
                if !theirs.contains_key(key.as_str()) || !english.contains_key(key.as_str()) {
                    return Err(unknown_key(language, key));
                }
            }
            keys.clone()
        }
    };
    // Stamps of texts that no longer exist are dropped; the others stay as they were.
    let mut stamps: BTreeMap<&str, String> = language
        .stamps
        .iter()
        .filter(|(key, _)| theirs.contains_key(key.as_str()) && english.contains_key(key.as_str()))
        .map(|(key, hash)| (key.as_str(), hash.get_ref().clone()))
        .collect();
    for key in &chosen {
        stamps.insert(key, fingerprint(&english[key.as_str()].raw));
    }
    let rewritten = rewrite(&language.file.text, |document| {
        let table = stamps_table(document);
        // Stamps kept are updated in place, so a comment beside or above one stays with it.
        let old: Vec<String> = table.iter().map(|(key, _)| key.to_string()).collect();
        for key in old.iter().filter(|key| !stamps.contains_key(key.as_str())) {
            table.remove(key);
        }
        for text in in_file_order(source) {
            let Some(hash) = stamps.remove(text.key.as_str()) else { continue };
            match table.get_mut(&text.key).and_then(Item::as_value_mut) {
                Some(old) => {
                    let decor = old.decor().clone();
                    *old = Value::from(hash);
                    *old.decor_mut() = decor;
                }
                None => {
                    table.insert(&text.key, value(hash));
                }
            }
        }
        let order: Vec<&str> = in_file_order(source).iter().map(|t| t.key.as_str()).collect();
        let rank = |key: &str| order.iter().position(|k| *k == key).unwrap_or(usize::MAX);
        table.sort_values_by(|a, _, b, _| rank(a.get()).cmp(&rank(b.get())));
    });
    let text = rewritten.ok_or_else(|| {
        Error::content(&language.file.path, "cannot rewrite the file: it is not valid TOML")
    })?;
    Ok((text, chosen))
}

/// The `[translated_from]` table of `document`, made (with a comment that says to leave it
/// alone) if the file has none.
fn stamps_table(document: &mut DocumentMut) -> &mut Table {
    if !document.contains_table(STAMPS) {
        let mut table = Table::new();
        table.decor_mut().set_prefix(format!("\n{STAMPS_COMMENT}"));
        document.insert(STAMPS, Item::Table(table));
    }
    document[STAMPS].as_table_mut().expect("made a table above")
}

/// Edits a TOML file with `edit`, keeping what the editor does not touch as it was: comments,
/// a byte-order mark, and Windows line endings (CRLF), which the TOML writer would otherwise
/// turn into LF in what it writes. `None` when the file is not valid TOML.
fn rewrite(text: &str, edit: impl FnOnce(&mut DocumentMut)) -> Option<String> {
    const BOM: char = '\u{feff}';
    let (bom, body) = match text.strip_prefix(BOM) {
        Some(body) => (true, body),
        None => (false, text),
    };
    let crlf = body.contains("\r\n");
    let mut document: DocumentMut = body.parse().ok()?;
    edit(&mut document);
    let mut written = document.to_string();
    if crlf {
        written = written.replace("\r\n", "\n").replace('\n', "\r\n");
    }
    if bom {
        written.insert(0, BOM);
    }
    Some(written)
}

/// The comment written above `[translated_from]`, so that a translator knows to leave it.
const STAMPS_COMMENT: &str = "# Fingerprints of the English texts these translations were made \
                              from, written by\n# `leafpress stamp`: do not edit by hand.\n";

fn unknown_key(language: &Language, key: &str) -> Error {
    Error::content(&language.file.path, format!("there is no translated text `{key}` to stamp"))
        .key(key)
        .hint("give keys as `leafpress status` lists them, such as leaflet.title")
        .into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fingerprints_are_stable_and_short() {
        assert_eq!(fingerprint(""), "811c9dc5");
        assert_eq!(fingerprint("a"), "e40c292c");
        assert_ne!(fingerprint("Call us!"), fingerprint("Call us."));
    }
}
