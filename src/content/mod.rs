//! Content: loading and checking the service directory and the language files.
//!
//! A project's `content/` holds `services.toml` (every number and address), `regions.toml`
//! (which services each region puts first) and one
//! `<code>.toml` per language. English is the source language: its keys define what every
//! translation must contain. Everything is checked before any layout runs, so that a typo
//! becomes a located error instead of a wrong leaflet.

pub mod data;
pub mod language;
pub mod markup;
pub mod regions;
pub mod review;
pub mod services;
mod shapes;
pub mod stamps;
mod validate;

use std::fs;
use std::ops::Range;
use std::path::{Path, PathBuf};

use serde::de::DeserializeOwned;

use crate::error::{ContentError, Error, Result};
pub use language::{Direction, Language, Node, Status, Text};
pub use regions::{Region, Regions};
pub use services::{Directory, Hours, Service};

/// The code of the source language, whose texts every translation follows.
pub const SOURCE_LANGUAGE: &str = "en";

/// A loaded, checked content set: the directory and every language.
#[derive(Debug)]
pub struct Content {
    /// The service directory.
    pub directory: Directory,
    /// The languages, ordered by code.
    pub languages: Vec<Language>,
    /// Regional emphasis, from `regions.toml`.
    pub regions: Regions,
    /// Problems that do not stop a build, such as texts that fall back to English.
    pub warnings: Vec<Warning>,
}

/// A problem worth telling the user about that does not block a build.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Warning {
    /// The file it concerns.
    pub path: PathBuf,
    /// The content key.
    pub key: String,
    /// What kind of problem it is.
    pub kind: WarningKind,
    /// What happened.
    pub message: String,
}

/// The kinds of content warnings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WarningKind {
    /// A text is missing from a translation and prints in English.
    Fallback,
    /// A translation was made from an English text that has changed since.
    Stale,
}

impl Content {
    /// The keys of `language`'s warnings of `kind`, in the order they were found.
    pub fn warning_keys(&self, language: &Language, kind: WarningKind) -> Vec<&str> {
        let ours = self.warnings.iter().filter(|w| w.path == language.file.path && w.kind == kind);
        ours.map(|w| w.key.as_str()).collect()
    }

    /// Loads and checks `content/` in `project`.
    pub fn load(project: &Path) -> Result<Self> {
        Self::load_reusing(project, &[])
    }

    /// Loads and checks `content/` again, reusing each language of `self` whose file has not
    /// changed, so that saving one language file does not parse all the others again.
    pub fn reload(&self, project: &Path) -> Result<Self> {
        Self::load_reusing(project, &self.languages)
    }

    /// Loads and checks `content/`, taking a language from `loaded` where its file's text is
    /// the same; the checks across files run in full.
    fn load_reusing(project: &Path, loaded: &[Language]) -> Result<Self> {
        let dir = project.join("content");
        let directory = Directory::load(&dir.join("services.toml"))?;
        let regions = Regions::load(&dir.join("regions.toml"), &directory)?;
        let mut languages = Vec::new();
        for path in language_files(&dir)? {
            let file = TomlFile::read(&path)?;
            let same = loaded.iter().find(|l| l.file.path == file.path && l.file.text == file.text);
            languages.push(match same {
                Some(language) => language.clone(),
                None => Language::load(&path)?,
            });
        }
        let Some(source) = languages.iter().position(|l| l.code == SOURCE_LANGUAGE) else {
            return Err(Error::content(
                &dir.join(format!("{SOURCE_LANGUAGE}.toml")),
                "the source language file is missing",
            )
            .hint("every translation follows content/en.toml; restore it from the repository")
            .into());
        };
        shapes::check(&languages, &languages[source])?;
        let warnings = validate::check(&directory, &languages, source)?;
        Ok(Self { directory, languages, regions, warnings })
    }

    /// The source language (English).
    pub fn source(&self) -> &Language {
        self.language(SOURCE_LANGUAGE).expect("checked at load")
    }

    /// Looks up a language by code.
    pub fn language(&self, code: &str) -> Option<&Language> {
        self.languages.iter().find(|l| l.code == code)
    }
}

/// The files in `content/` that are not languages.
const NOT_LANGUAGES: [&str; 2] = ["services", "regions"];

/// Lists the language files in `content/`, sorted so that builds run in a stable order.
fn language_files(dir: &Path) -> Result<Vec<PathBuf>> {
    let read_error = |source| Error::Read { path: dir.to_path_buf(), source };
    let mut files = Vec::new();
    for entry in fs::read_dir(dir).map_err(read_error)? {
        let path = entry.map_err(read_error)?.path();
        let is_toml = path.extension().is_some_and(|e| e == "toml");
        if is_toml && path.file_stem().is_some_and(|s| !NOT_LANGUAGES.iter().any(|n| s == *n)) {
            files.push(path);
        }
    }
    files.sort();
    Ok(files)
}

/// The text of a TOML file, kept so that errors can point into it.
#[derive(Debug, Clone)]
pub struct TomlFile {
    /// The path as the user gave it.
    pub path: PathBuf,
    /// The whole file.
    pub text: String,
}

impl TomlFile {
    /// Reads a file, refusing anything that is not UTF-8 at the first byte that is not.
    pub fn read(path: &Path) -> Result<Self> {
        let bytes = fs::read(path).map_err(|source| Error::Read { path: clean(path), source })?;
        match String::from_utf8(bytes) {
            Ok(text) => Ok(Self { path: clean(path), text }),
            Err(error) => {
                let at = error.utf8_error().valid_up_to();
                let shown = String::from_utf8_lossy(error.as_bytes());
                Err(Error::content(&clean(path), "the file is not UTF-8 text")
                    .at(&shown, Some(at..at + 1))
                    .hint(
                        "save it as UTF-8 (in most editors: Save As, then Encoding: UTF-8); the \
                         character marked is the first that is not",
                    )
                    .into())
            }
        }
    }

    /// Starts an error located at `span` of this file.
    pub fn error(&self, span: Range<usize>, message: impl Into<String>) -> ContentError {
        Error::content(&self.path, message).at(&self.text, Some(span))
    }

    /// Deserializes the file, turning TOML and schema errors into located errors.
    pub fn deserialize<T: DeserializeOwned>(&self) -> Result<T> {
        toml::from_str(&self.text).map_err(|e| self.toml_error(&e))
    }

    /// Turns a TOML parser error into a located content error.
    pub fn toml_error(&self, error: &toml::de::Error) -> Error {
        let message = error.message().trim().trim_end_matches('.').to_string();
        let syntax = !message.starts_with("missing field")
            && !message.starts_with("unknown field")
            && !message.starts_with("invalid type");
        let hint = if syntax {
            "write each text as key = \"text\" on one line, or use \"\"\"…\"\"\" for longer texts; \
             check for a missing quote or `=`"
        } else {
            "compare with the same entry in the repository's content/ files"
        };
        let message = if syntax { format!("invalid TOML: {message}") } else { message };
        Error::content(&self.path, message).at(&self.text, error.span()).hint(hint).into()
    }
}

/// The first character of `text` that cannot be printed, with its byte offset: a control
/// character (such as NUL, or an escape written `\u001b`) other than a line break or a tab.
pub fn control_character(text: &str) -> Option<(usize, char)> {
    text.char_indices().find(|(_, c)| c.is_control() && !matches!(c, '\n' | '\r' | '\t'))
}

/// Where in `source` the string value at `span` writes `c` as an escape (`\u0000`, `\b`…),
/// so that an error points at the escape rather than at the whole value.
pub fn escape_span(source: &str, span: Range<usize>, c: char) -> Option<Range<usize>> {
    let value = source.get(span.clone())?;
    let code = c as u32;
    let short = match c {
        '\u{8}' => Some("\\b"),
        '\u{c}' => Some("\\f"),
        '\u{1b}' => Some("\\e"),
        _ => None,
    };
    let mut forms = vec![
        format!("\\u{code:04X}"),
        format!("\\u{code:04x}"),
        format!("\\U{code:08X}"),
        format!("\\U{code:08x}"),
    ];
    forms.extend(short.map(String::from));
    let found = forms.iter().filter_map(|form| Some((value.find(form.as_str())?, form.len())));
    found.min().map(|(at, len)| span.start + at..span.start + at + len)
}

/// The message and hint for a control character `c` in `what` (such as "the text").
pub fn control_message(what: &str, c: char) -> (String, &'static str) {
    (
        format!(
            "{what} contains the control character U+{:04X}, which cannot be printed",
            c as u32
        ),
        "delete it (most editors do not show it; it may have come in with text copied from \
         another program)",
    )
}

/// Drops a leading `./` so that messages show `content/nl.toml`, as a user would type it.
fn clean(path: &Path) -> PathBuf {
    path.strip_prefix(".").unwrap_or(path).to_path_buf()
}
