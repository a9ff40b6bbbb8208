//! Review state, text by text.
//!
//! A language file's `status` says whether a person who reads the language reviewed the file as
//! a whole. A `[review]` table can say otherwise for single texts, by dotted key:
//!
//! ```toml
//! [review]
//! "services.caw.description" = "translated"   # translated, not reviewed yet
//! "leaflet.title" = "reviewed"                 # reviewed, in a file that is still a draft
//! "ui.police" = { state = "reviewed", by = "Marie Dupont" }   # reviewed, and by whom
//! ```
//!
//! The live preview's review mode writes the last form, with the name the reviewer gave.
//!
//! A reviewed file lists the texts added since its review as `"translated"`, so that a reviewed
//! leaflet can mark them on the page rather than print unreviewed words unannounced. A text
//! whose English has changed since it was translated (it is stale) is never counted as
//! reviewed, whatever the table says.

use std::collections::BTreeMap;
use std::ops::Range;

use toml::Spanned;
use toml::de::{DeTable, DeValue};

use super::stamps::{self, fingerprint};
use super::{Language, Node, Status, TomlFile};
use crate::error::{Error, Result};

/// The table of per-text review states.
pub const REVIEW: &str = "review";

/// The review state that the `[review]` table records for one text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Review {
    /// Translated, not reviewed yet.
    Translated,
    /// Reviewed by a person who reads the language.
    Reviewed,
}

impl Review {
    /// The word for this state in a language file.
    pub fn word(self) -> &'static str {
        match self {
            Review::Translated => "translated",
            Review::Reviewed => "reviewed",
        }
    }
}

/// Per-text review states by dotted key, and the reviewers' names where the table gives them.
pub type States = (BTreeMap<String, Spanned<Review>>, BTreeMap<String, String>);

/// Reads the `[review]` table of a language file (empty when there is none).
pub fn read(file: &TomlFile, table: &DeTable<'_>) -> Result<States> {
    let Some(review) = table.get(REVIEW) else { return Ok(Default::default()) };
    let Some(review) = review.get_ref().as_table() else {
        return Err(file
            .error(review.span(), "expected a table of review states")
            .key(REVIEW)
            .hint("write [review] and under it \"key\" = \"translated\" or \"reviewed\"")
            .into());
    };
    let (mut states, mut names) = (BTreeMap::new(), BTreeMap::new());
    for (key, value) in review {
        let key = key.get_ref().to_string();
        let bad = |message: &str| {
            file.error(value.span(), message).key(format!("{REVIEW}.{key}")).hint(
                "\"translated\": not reviewed yet; \"reviewed\": a person who reads the \
                 language has reviewed it; or { state = \"reviewed\", by = \"their name\" }",
            )
        };
        let (word, by) = match value.get_ref() {
            DeValue::Table(entry) => {
                let field = |name: &str| entry.get(name).and_then(|v| v.get_ref().as_str());
                let by = field("by").map(str::trim).filter(|by| !by.is_empty());
                if entry.keys().any(|k| !["state", "by"].contains(&k.get_ref().as_ref())) {
                    return Err(bad("expected only `state` and `by` in a review entry").into());
                }
                match by {
                    Some(by) => (field("state"), Some(by.to_string())),
                    None => return Err(bad("expected the reviewer's name in `by`").into()),
                }
            }
            other => (other.as_str(), None),
        };
        let state = match word {
            Some("translated") => Review::Translated,
            Some("reviewed") => Review::Reviewed,
            _ => return Err(bad("expected \"translated\" or \"reviewed\"").into()),
        };
        if let Some(by) = by {
            names.insert(key.clone(), by);
        }
        states.insert(key, Spanned::new(value.span(), state));
    }
    Ok((states, names))
}

/// Refuses a `[review]` entry for a text that this file does not have.
pub fn check_keys(language: &Language) -> Result<()> {
    let texts = stamps::texts(language);
    match language.review.iter().find(|(key, _)| !texts.contains_key(key.as_str())) {
        None => Ok(()),
        Some((key, state)) => Err(unknown(language, key, state.span())),
    }
}

fn unknown(language: &Language, key: &str, span: Range<usize>) -> Error {
    language
        .file
        .error(span, format!("[{REVIEW}] names `{key}`, which is not a text of this file"))
        .key(format!("{REVIEW}.{key}"))
        .hint("list only keys of texts in this file, as `leafpress status --lang` shows them")
        .into()
}

impl Language {
    /// The review state of this language's text at `key`, from `[review]` or else from the
    /// file's `status`. It says nothing of whether the file has the text.
    pub fn review_of(&self, key: &str) -> Review {
        match (self.review.get(key), self.status) {
            (Some(state), _) => *state.get_ref(),
            (None, Status::Reviewed) => Review::Reviewed,
            (None, Status::Draft) => Review::Translated,
        }
    }
}

/// Whether `language` has the text at `key`, reviewed and made from the current English of
/// `source`. The source language's own texts are reviewed by definition.
pub fn is_reviewed(source: &Language, language: &Language, key: &str) -> bool {
    if language.code == source.code {
        return true;
    }
    let (Some(Node::Text(_)), Some(Node::Text(english))) = (language.get(key), source.get(key))
    else {
        return false;
    };
    let current = language.stamps.get(key).map(|s| s.get_ref().as_str())
        == Some(fingerprint(&english.raw).as_str());
    current && language.review_of(key) == Review::Reviewed
}

/// The keys of the texts `language` has that are not reviewed (or are stale), in the English
/// file's order.
pub fn unreviewed(source: &Language, language: &Language) -> Vec<String> {
    stamps::in_file_order(source)
        .into_iter()
        .filter(|english| matches!(language.get(&english.key), Some(Node::Text(_))))
        .filter(|english| !is_reviewed(source, language, &english.key))
        .map(|english| english.key.clone())
        .collect()
}
