//! Exchange with translation tools: a language's texts as XLIFF 1.2, XLIFF 2.0 or gettext PO,
//! and back.
//!
//! Every text is one unit, keyed by its dotted content key, with the English source, the
//! translation, a note that says where the text is printed, and a state:
//!
//! | state          | XLIFF 1.2                          | XLIFF 2.0      | PO              |
//! | -------------- | ---------------------------------- | -------------- | --------------- |
//! | untranslated   | no `<target>`                      | no `<target>`  | empty `msgstr`  |
//! | translated     | `state="translated"`               | `translated`   | `msgstr`        |
//! | stale          | `state="needs-review-translation"` | `initial`      | `#, fuzzy`      |
//! | reviewed       | `approved="yes"`, `state="final"`  | `final`        | (as translated) |
//!
//! A text that a layout sets in a box of fixed size carries the characters the box holds, as
//! `layouts/layouts.toml` declares them (`limits`): XLIFF 1.2 `maxwidth` with
//! `size-unit="char"`, a Weblate `max-length` flag in PO, and a sentence in every note.
//!
//! Import ([`import`]) validates every unit before it writes anything.

pub mod codes;
pub mod import;
pub mod po;
pub mod xliff;

use crate::content::review::{self};
use crate::content::stamps::{self, fingerprint};
use crate::content::{Content, Language};
use crate::layout::Layout;

/// A file format for translators.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// XLIFF 1.2, which every translation platform reads.
    Xliff,
    /// XLIFF 2.0, for Trados, memoQ and other CAT tools.
    Xliff2,
    /// gettext PO, for Weblate, Pootle and Poedit.
    Po,
}

/// Where a translation stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum State {
    /// No translation yet: the English prints.
    Untranslated,
    /// Translated, not reviewed.
    Translated,
    /// Translated from an English text that has changed since.
    Stale,
    /// Translated and reviewed.
    Reviewed,
}

/// One text, as a translation tool sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unit {
    /// The dotted content key, such as `leaflet.title`.
    pub key: String,
    /// The English text, with its markup.
    pub source: String,
    /// The translation, with its markup.
    pub target: Option<String>,
    /// Where the translation stands.
    pub state: State,
    /// What the text is for and where it is printed.
    pub note: String,
    /// How many characters the text may have, where a layout sets it in a fixed box.
    pub limit: Option<Limit>,
}

/// A layout's fit limit for one text, as `layouts/layouts.toml` declares it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Limit {
    /// The most characters the box holds.
    pub chars: usize,
    /// The layouts that declare it (the smallest limit wins).
    pub layouts: Vec<String>,
}

impl Limit {
    /// The limit in words, for a unit's note.
    pub fn words(&self) -> String {
        format!(
            "At most {} characters: {} sets it in a box of fixed size.",
            self.chars,
            self.layouts.join(", ")
        )
    }
}

/// One language's texts, for a translation tool.
#[derive(Debug, Clone)]
pub struct Catalog {
    /// The language's code, such as `nl`.
    pub code: String,
    /// The language file, as named in messages.
    pub file: String,
    /// Every English text, in the English file's order.
    pub units: Vec<Unit>,
}

impl Catalog {
    /// Every text of `language`, with its English source.
    pub fn of(content: &Content, language: &Language) -> Self {
        let source = content.source();
        let units = stamps::in_file_order(source)
            .into_iter()
            .map(|english| {
                let key = &english.key;
                let target = match language.get(key) {
                    Some(crate::content::Node::Text(text)) => Some(text.raw.clone()),
                    _ => None,
                };
                let current = language.stamps.get(key).map(|s| s.get_ref().as_str())
                    == Some(fingerprint(&english.raw).as_str());
                let state = match (&target, current) {
                    (None, _) => State::Untranslated,
                    (Some(_), false) => State::Stale,
                    _ if review::is_reviewed(source, language, key) => State::Reviewed,
                    _ => State::Translated,
                };
                Unit {
                    key: key.clone(),
                    source: english.raw.clone(),
                    target,
                    state,
                    note: note(key),
                    limit: None,
                }
            })
            .collect();
        Self { code: language.code.clone(), file: display(language), units }
    }

    /// The same catalog with the fit limits that `layouts` declare: for a text more than one
    /// layout limits, the smallest.
    pub fn with_limits(mut self, layouts: &[Layout]) -> Self {
        for unit in &mut self.units {
            let declared = layouts.iter().filter_map(|l| Some((*l.limits.get(&unit.key)?, l)));
            let Some(chars) = declared.clone().map(|(chars, _)| chars).min() else { continue };
            let layouts = declared.filter(|(c, _)| *c == chars).map(|(_, l)| l.name.clone());
            unit.limit = Some(Limit { chars, layouts: layouts.collect() });
        }
        self
    }
}

fn display(language: &Language) -> String {
    language.file.path.display().to_string()
}

/// What a text is for and where it is printed, from its key.
pub fn note(key: &str) -> String {
    let last = key.rsplit('.').find(|part| part.parse::<usize>().is_err()).unwrap_or(key);
    if last.starts_with("gap_") {
        return "Not printed: keeps a line of the source text that announces a number or link \
                the source never gives."
            .into();
    }
    let place = match key.split('.').next().unwrap_or_default() {
        "ui" => "A short label on the covers, cards, posters and back pages: keep it short.",
        "card" => {
            "The safety card's front (85 × 55 mm): keep it short, and never mention violence."
        }
        "tearoff" => "The tear-off poster, above the tabs: one short line.",
        "poster" => "The waiting-room posters (also the multilingual poster): short lines.",
        "leaflet" => "The pocket leaflet (A6 booklet).",
        "info" => "The tri-fold information page.",
        "services" => "A service card in the pocket leaflet and the tri-fold.",
        "catalogue" => "The catalogue web page clinics print from (`leafpress publish`).",
        _ => "A text of the leaflets and posters.",
    };
    format!(
        "{place} Keep {{tel:…}}, {{web:…}}, {{hours:…}}, {{name:…}} and ** as they are; never \
         type a phone number or web address."
    )
}
