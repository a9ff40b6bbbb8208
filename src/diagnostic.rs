//! One diagnostic type for everything leafpress reports about content and documents: a check's
//! finding, a content error seen as a finding, a warning. Each has a severity, the check that
//! found it, where to fix it (a [`Place`]: file, line and column, computed once from a byte
//! span), the content keys, the page, a message and a hint; it renders in one place, as lines
//! for people ([`Diagnostic::lines`]) and as JSON for machines, where the place is given as
//! `file`, `line` and `column` numbers (and as `location`, `path:line:col`, for reading).

use std::fmt::{self, Write as _};
use std::ops::Range;
use std::path::{Path, PathBuf};

use serde::ser::{Serialize, SerializeMap, Serializer};

/// How many keys a diagnostic lists before "and N more".
const SHOWN_KEYS: usize = 8;

/// A point in a text file, with the line it sits on, for showing to a user.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    /// One-based line number.
    pub line: usize,
    /// One-based column, counted in characters.
    pub column: usize,
    /// The full text of that line, without its line break.
    pub line_text: String,
    /// How many characters to underline, at least one.
    pub width: usize,
}

impl Location {
    /// Finds the line and column of a byte range in `text`.
    pub fn of(text: &str, span: Range<usize>) -> Self {
        let start = floor_char_boundary(text, span.start.min(text.len()));
        let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
        let line_end = text[start..].find('\n').map_or(text.len(), |i| start + i);
        let line_text = text[line_start..line_end].trim_end_matches('\r').to_string();
        let end = floor_char_boundary(text, span.end.clamp(start, line_end));
        Self {
            line: text[..line_start].matches('\n').count() + 1,
            column: text[line_start..start].chars().count() + 1,
            width: text[start..end].chars().count().max(1),
            line_text,
        }
    }
}

/// Steps back to the nearest character boundary, so that a span from a parser never splits a
/// multi-byte character.
fn floor_char_boundary(text: &str, mut index: usize) -> usize {
    while !text.is_char_boundary(index) {
        index -= 1;
    }
    index
}

/// Where to fix something: a file, and the line and column (one-based, in characters) where
/// they are known.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Place {
    /// The file, as the user named it.
    pub path: PathBuf,
    /// The line and column, when the place is more than the file.
    pub point: Option<(usize, usize)>,
}

impl Place {
    /// The whole file at `path`.
    pub fn file(path: impl Into<PathBuf>) -> Self {
        Self { path: path.into(), point: None }
    }

    /// The point of `location` in the file at `path`.
    pub fn at(path: &Path, location: &Location) -> Self {
        Self { path: path.to_path_buf(), point: Some((location.line, location.column)) }
    }

    /// The start of the byte range `span` of `text`, the contents of the file at `path`.
    pub fn in_text(path: &Path, text: &str, span: Range<usize>) -> Self {
        Self::at(path, &Location::of(text, span))
    }
}

impl fmt::Display for Place {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.path.display())?;
        match self.point {
            Some((line, column)) => write!(f, ":{line}:{column}"),
            None => Ok(()),
        }
    }
}

/// How bad a diagnostic is: errors stop a document from being written, warnings do not.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The document would print wrongly.
    Error,
    /// Worth a look, but the document prints as meant.
    Warning,
}

/// One problem found, by a check or in the content.
#[derive(Debug, Clone, PartialEq)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// The check that found it: `overflow`, `qr`, `numbers`, `glyphs`, `translation`, `urls`,
    /// `contrast`, `org` or `content`.
    pub check: &'static str,
    /// The page it is on, from 1, where it is on one page.
    pub page: Option<usize>,
    /// The content keys it concerns.
    pub keys: Vec<String>,
    /// Where to fix it, where known.
    pub place: Option<Place>,
    /// What is wrong, in lowercase.
    pub message: String,
    /// How to fix it.
    pub hint: Option<String>,
}

impl Diagnostic {
    /// An error from `check`.
    pub fn error(check: &'static str, message: impl Into<String>) -> Self {
        Self {
            severity: Severity::Error,
            check,
            page: None,
            keys: Vec::new(),
            place: None,
            message: message.into(),
            hint: None,
        }
    }

    /// A warning from `check`.
    pub fn warning(check: &'static str, message: impl Into<String>) -> Self {
        Self { severity: Severity::Warning, ..Self::error(check, message) }
    }

    /// On page `page` (from 1).
    pub fn page(mut self, page: usize) -> Self {
        self.page = Some(page);
        self
    }

    /// About these content keys.
    pub fn keys(mut self, keys: impl IntoIterator<Item = impl Into<String>>) -> Self {
        self.keys = keys.into_iter().map(Into::into).collect();
        self
    }

    /// Fixed at `place`.
    pub fn at(mut self, place: Place) -> Self {
        self.place = Some(place);
        self
    }

    /// With a hint on how to fix it.
    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    /// The diagnostic as people read it, indented under its document or file: the severity,
    /// check and page, the message, then where, which keys, and the hint, a line each.
    pub fn lines(&self) -> String {
        let severity = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        let page = self.page.map(|p| format!(" page {p}")).unwrap_or_default();
        let mut out = format!("  {severity}[{}]{page}: {}\n", self.check, self.message);
        if let Some(place) = &self.place {
            let _ = writeln!(out, "    at {place}");
        }
        if !self.keys.is_empty() {
            let _ = writeln!(out, "    {}: {}", key_word(self.keys.len()), shorten(&self.keys));
        }
        if let Some(hint) = &self.hint {
            let _ = writeln!(out, "    hint: {hint}");
        }
        out
    }
}

impl Serialize for Diagnostic {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(None)?;
        map.serialize_entry("severity", &self.severity)?;
        map.serialize_entry("check", self.check)?;
        if let Some(page) = self.page {
            map.serialize_entry("page", &page)?;
        }
        if !self.keys.is_empty() {
            map.serialize_entry("keys", &self.keys)?;
        }
        if let Some(place) = &self.place {
            map.serialize_entry("location", &place.to_string())?;
            map.serialize_entry("file", &place.path.display().to_string())?;
            if let Some((line, column)) = place.point {
                map.serialize_entry("line", &line)?;
                map.serialize_entry("column", &column)?;
            }
        }
        map.serialize_entry("message", &self.message)?;
        if let Some(hint) = &self.hint {
            map.serialize_entry("hint", hint)?;
        }
        map.end()
    }
}

fn key_word(count: usize) -> &'static str {
    if count == 1 { "key" } else { "keys" }
}

/// The first few keys, then how many more.
fn shorten(keys: &[String]) -> String {
    match keys.len().checked_sub(SHOWN_KEYS) {
        Some(more) if more > 0 => format!("{}, and {more} more", keys[..SHOWN_KEYS].join(", ")),
        _ => keys.join(", "),
    }
}
