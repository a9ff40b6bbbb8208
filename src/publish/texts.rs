//! The catalogue's own texts, under `catalogue.*` in the language files, as escaped HTML.
//!
//! As on the leaflets, a text a language lacks is the English one; here it is wrapped in an
//! element with `lang="en"`, so that a screen reader reads it as English. The catalogue is
//! written in English and in every language that translates any of its texts.

use crate::content::markup::{RefKind, Run};
use crate::content::{Content, Direction, Language, Node, Text};

use super::html::escape;

/// The table of the catalogue's texts in a language file.
pub const TABLE: &str = "catalogue";

/// The languages the catalogue is written in: English first, then every language whose file
/// has texts of its own under `catalogue`.
pub fn site_languages(content: &Content) -> Vec<&Language> {
    let source = content.source();
    let translated = content.languages.iter().filter(|l| l.code != source.code);
    let mut languages = vec![source];
    languages.extend(translated.filter(|l| matches!(l.texts.get(TABLE), Some(Node::Table(_)))));
    languages
}

/// The catalogue's texts in one language.
pub struct Texts<'a> {
    content: &'a Content,
    /// The language the catalogue is written in.
    pub language: &'a Language,
}

impl<'a> Texts<'a> {
    /// The texts of `language`, falling back to English.
    pub fn new(content: &'a Content, language: &'a Language) -> Self {
        Self { content, language }
    }

    /// The text at `catalogue.<key>` as HTML; the key itself when no language has it.
    pub fn get(&self, key: &str) -> String {
        self.find(key).unwrap_or_else(|| escape(key))
    }

    /// The text at `catalogue.<key>` as HTML, if this language or English has it.
    pub fn find(&self, key: &str) -> Option<String> {
        let (text, language) = self.lookup(key)?;
        Some(foreign(&self.runs(&text.runs, language), language, self.language))
    }

    /// The text at `catalogue.<key>`, escaped, without markup: for `<title>` and `alt`.
    pub fn plain(&self, key: &str) -> String {
        let Some((text, language)) = self.lookup(key) else { return escape(key) };
        let words = text.runs.iter().map(|run| match run {
            Run::Text { text, .. } => text.clone(),
            Run::Ref { kind, id, .. } => self.reference(*kind, id, language),
        });
        escape(&words.collect::<String>())
    }

    /// A layout's name: `catalogue.layouts.<name>`, or the layout's own name.
    pub fn layout(&self, name: &str) -> String {
        self.find(&format!("layouts.{name}")).unwrap_or_else(|| escape(name))
    }

    /// A layout's name without markup.
    pub fn layout_plain(&self, name: &str) -> String {
        match self.lookup(&format!("layouts.{name}")) {
            Some(_) => self.plain(&format!("layouts.{name}")),
            None => escape(name),
        }
    }

    /// The text at `catalogue.<key>` and the language it is in: this one, or else English.
    fn lookup(&self, key: &str) -> Option<(&'a Text, &'a Language)> {
        let key = format!("{TABLE}.{key}");
        let source = self.content.source();
        [self.language, source].into_iter().find_map(|language| match language.get(&key) {
            Some(Node::Text(text)) => Some((text, language)),
            _ => None,
        })
    }

    /// A text's runs as HTML, references resolved as the leaflets print them.
    fn runs(&self, runs: &[Run], language: &Language) -> String {
        let mut html = String::new();
        for run in runs {
            let (text, strong) = match run {
                Run::Text { text, strong } => (text.clone(), *strong),
                Run::Ref { kind, id, strong, .. } => (self.reference(*kind, id, language), *strong),
            };
            match strong {
                true => html.push_str(&format!("<strong>{}</strong>", escape(&text))),
                false => html.push_str(&escape(&text)),
            }
        }
        html
    }

    /// What a `{tel:…}`, `{web:…}`, `{hours:…}` or `{name:…}` reference prints.
    fn reference(&self, kind: RefKind, id: &str, language: &Language) -> String {
        crate::content::data::reference(self.content, kind, id, language)
    }
}

/// `html` in `language`, wrapped with its `lang` (and `dir`, when it differs) where the page
/// is in `page`.
pub fn foreign(html: &str, language: &Language, page: &Language) -> String {
    if language.code == page.code {
        return html.to_string();
    }
    let dir = match language.direction == page.direction {
        true => String::new(),
        false => format!(" dir=\"{}\"", dir(language)),
    };
    format!("<span lang=\"{}\"{dir}>{html}</span>", escape(&language.code))
}

/// `ltr` or `rtl`.
pub fn dir(language: &Language) -> &'static str {
    match language.direction {
        Direction::Ltr => "ltr",
        Direction::Rtl => "rtl",
    }
}
