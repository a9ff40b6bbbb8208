//! Typed errors that carry their context: the file, the place in it, the content key, and a hint.
//!
//! Every error a user can cause renders like a compiler diagnostic: `path:line:col: error: …`,
//! the offending line with a caret under it, and a `hint:` that says how to fix it.

use std::fmt;
use std::io;
use std::ops::Range;
use std::path::{Path, PathBuf};

pub use crate::diagnostic::Location;
use crate::diagnostic::{Diagnostic, Place};

/// A result whose error is a leafpress [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Everything that can go wrong in leafpress.
#[derive(Debug)]
pub enum Error {
    /// A content or configuration file has a problem a user must fix.
    Content(Box<ContentError>),
    /// A file or directory could not be read.
    Read {
        /// The file or directory.
        path: PathBuf,
        /// Why it could not be read.
        source: io::Error,
    },
    /// A file could not be written.
    Write {
        /// The file.
        path: PathBuf,
        /// Why it could not be written.
        source: io::Error,
    },
    /// A layout failed to compile or export.
    Typst {
        /// The document, such as `en/pocket`.
        document: String,
        /// Typst's own diagnostics, rendered.
        rendered: String,
        /// The same diagnostics as leafpress's own, each at its place in the layout (empty when
        /// the failure has no place, such as an export error).
        found: Vec<Diagnostic>,
    },
    /// The command line asked for something that does not exist.
    Usage {
        /// What is wrong.
        message: String,
        /// What to do instead.
        hint: String,
    },
    /// A document took longer than its time limit and was left unfinished.
    TimedOut {
        /// The document, such as `en/pocket`.
        document: String,
        /// Its layout file, such as `layouts/pocket.typ`.
        layout: PathBuf,
        /// The limit, in seconds.
        seconds: u64,
    },
}

/// A problem in a content file, located as precisely as the file allows.
#[derive(Debug)]
pub struct ContentError {
    /// The file, as the user named it (relative to the working directory where possible).
    pub path: PathBuf,
    /// Where in the file, when known.
    pub location: Option<Location>,
    /// The dotted content key, when the problem belongs to one.
    pub key: Option<String>,
    /// What is wrong, lowercase, without a trailing full stop.
    pub message: String,
    /// How to fix it.
    pub hint: Option<String>,
}

impl Error {
    /// Starts a content error for `path`; refine it with the `ContentError` builder methods.
    pub fn content(path: &Path, message: impl Into<String>) -> ContentError {
        ContentError {
            path: path.to_path_buf(),
            location: None,
            key: None,
            message: message.into(),
            hint: None,
        }
    }

    /// Whether this error comes from the user's configuration rather than from a document.
    pub fn is_configuration(&self) -> bool {
        matches!(self, Error::Content(_) | Error::Read { .. } | Error::Usage { .. })
    }
}

impl ContentError {
    /// Places the error at a byte span of the file's `text`.
    pub fn at(mut self, text: &str, span: Option<Range<usize>>) -> Self {
        self.location = span.map(|span| Location::of(text, span));
        self
    }

    /// Names the content key the error is about.
    pub fn key(mut self, key: impl Into<String>) -> Self {
        self.key = Some(key.into());
        self
    }

    /// Adds a hint that says how to fix the problem.
    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }
}

impl ContentError {
    /// Where the error is: the file, and the line and column when known.
    pub fn place(&self) -> Place {
        match &self.location {
            Some(location) => Place::at(&self.path, location),
            None => Place::file(&self.path),
        }
    }
}

// The conversions live here rather than in `diagnostic`, which comes first in the pipeline and
// knows nothing of errors.
impl Diagnostic {
    /// A located error (a content or layout error) as a finding.
    pub fn from_error(check: &'static str, error: &Error) -> Self {
        match error {
            Error::Content(content) => Self::from_content(check, content),
            // Typst's own rendering quotes the layout; the place is the first error's.
            Error::Typst { found, .. } => {
                let place = found.iter().find_map(|d| d.place.clone());
                Self { place, ..Self::error(check, error.to_string()) }
            }
            other => Self::error(check, other.to_string()),
        }
    }

    /// A content error as a finding, at its file, line and column.
    pub fn from_content(check: &'static str, content: &ContentError) -> Self {
        let finding = Self::error(check, content.message.clone()).at(content.place());
        let finding = Self { keys: content.key.iter().cloned().collect(), ..finding };
        Self { hint: content.hint.clone(), ..finding }
    }
}

impl From<ContentError> for Error {
    fn from(error: ContentError) -> Self {
        Error::Content(Box::new(error))
    }
}

impl fmt::Display for ContentError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: error: {}", self.place(), self.message)?;
        if let Some(key) = &self.key {
            write!(f, " (key `{key}`)")?;
        }
        if let Some(at) = &self.location {
            let (shown, offset) = window(&at.line_text, at.column - 1);
            let gutter = " ".repeat(at.line.to_string().len());
            let pad = " ".repeat(offset);
            let width = at.width.min(WINDOW.saturating_sub(offset)).max(1);
            write!(f, "\n{gutter} |\n{} | {shown}", at.line)?;
            write!(f, "\n{gutter} | {pad}{}", "^".repeat(width))?;
        }
        if let Some(hint) = &self.hint {
            write!(f, "\nhint: {hint}")?;
        }
        Ok(())
    }
}

/// How many characters of a long line to show around an error.
const WINDOW: usize = 72;

/// Cuts a long line down to a window around character `column`, marking cuts with `…`.
/// Returns the text to show and the caret's offset in it.
fn window(line: &str, column: usize) -> (String, usize) {
    let chars: Vec<char> = line.chars().collect();
    if chars.len() <= WINDOW {
        return (line.to_string(), column);
    }
    let start = column.saturating_sub(WINDOW / 3).min(chars.len().saturating_sub(WINDOW));
    let end = (start + WINDOW).min(chars.len());
    let mut shown: String = chars[start..end].iter().collect();
    let mut offset = column - start;
    if start > 0 {
        shown.insert(0, '…');
        offset += 1;
    }
    if end < chars.len() {
        shown.push('…');
    }
    (shown, offset)
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Content(error) => error.fmt(f),
            Error::Read { path, source } => {
                write!(f, "{}: error: cannot read: {source}", path.display())
            }
            Error::Write { path, source } => write!(
                f,
                "{}: error: cannot write: {source}\nhint: check that the output directory is \
                 writable and the disk is not full; any earlier file there is unchanged",
                path.display()
            ),
            Error::Typst { document, rendered, .. } => {
                write!(f, "error: {document} failed to compile\n{}", rendered.trim_end())
            }
            Error::Usage { message, hint } => write!(f, "error: {message}\nhint: {hint}"),
            Error::TimedOut { document, layout, seconds } => {
                let (message, hint) = (timed_out_message(*seconds), timed_out_hint(layout));
                write!(f, "error: {document} {message}\nhint: {hint}")
            }
        }
    }
}

impl std::error::Error for Error {}

/// What happened to a document stopped after `seconds`, to follow its name.
pub fn timed_out_message(seconds: u64) -> String {
    format!("took longer than {seconds} s and was stopped: it may never finish")
}

/// How to fix a document of `layout` that was stopped.
pub fn timed_out_hint(layout: &Path) -> String {
    format!(
        "look in {} for a loop that never ends; if the document is only slow, give it more \
         time with --timeout SECS",
        layout.display()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn location_counts_lines_and_characters() {
        let text = "a = 1\nnaïve = é x\n";
        let at = Location::of(text, 18..19);
        assert_eq!((at.line, at.column, at.width), (2, 11, 1));
        assert_eq!(at.line_text, "naïve = é x");
    }

    #[test]
    fn long_lines_are_cut_around_the_error() {
        let line = format!("{}X{}", "a".repeat(100), "b".repeat(100));
        let (shown, offset) = window(&line, 100);
        assert_eq!(shown.chars().nth(offset), Some('X'));
        assert!(shown.starts_with('…') && shown.ends_with('…'));
        assert_eq!(window("short", 2), ("short".to_string(), 2));
    }

    #[test]
    fn content_error_shows_the_line_and_a_caret() {
        let text = "[language]\ncode = nl\n";
        let error = Error::content(Path::new("content/nl.toml"), "invalid value")
            .at(text, Some(18..20))
            .key("language.code")
            .hint("put the code in quotes");
        assert_eq!(
            error.to_string(),
            "content/nl.toml:2:8: error: invalid value (key `language.code`)\n  |\n2 | code = \
             nl\n  |        ^^\nhint: put the code in quotes"
        );
    }
}
