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
    /// Reads a file, refusing anything that is not UTF-8.
    pub fn read(path: &Path) -> Result<Self> {
        let text =
            fs::read_to_string(path).map_err(|source| Error::Read { path: clean(path), source })?;
        Ok(Self { path: clean(path), text })
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

/// Drops a leading `./` so that messages show `content/nl.toml`, as a user would type it.
fn clean(path: &Path) -> PathBuf {
    path.strip_prefix(".").unwrap_or(path).to_path_buf()
}
