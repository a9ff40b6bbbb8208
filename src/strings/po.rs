//! gettext PO: writing a catalog, and reading back the translations and fuzzy flags.
//!
//! Each text is an entry whose `msgctxt` is its content key. Its placeholders are listed in a
//! Weblate `placeholders:` flag, so that Weblate refuses a translation that drops one; a stale
//! text is `fuzzy`. PO has no reviewed state: a reviewed text is written as translated, and
//! its note says so.

use std::fmt::Write as _;

use super::codes::{self, Piece};
use super::{Catalog, State};
use crate::strings::import::{Incoming, Received};

/// Writes a catalog as a PO file.
pub fn write(catalog: &Catalog) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "# leafpress texts of {}, with their English source.", catalog.file);
    out.push_str("msgid \"\"\nmsgstr \"\"\n");
    let _ = writeln!(out, "\"Language: {}\\n\"", catalog.code);
    out.push_str("\"MIME-Version: 1.0\\n\"\n\"Content-Type: text/plain; charset=UTF-8\\n\"\n");
    out.push_str("\"Content-Transfer-Encoding: 8bit\\n\"\n");
    let _ = writeln!(out, "\"X-Leafpress-File: {}\\n\"", catalog.file);
    for unit in &catalog.units {
        out.push('\n');
        let _ = writeln!(out, "#. {}", unit.note);
        if let Some(limit) = &unit.limit {
            let _ = writeln!(out, "#. {}", limit.words());
        }
        if unit.state == State::Reviewed {
            out.push_str("#. Reviewed.\n");
        }
        let mut flags = Vec::new();
        if unit.state == State::Stale {
            flags.push("fuzzy".to_string());
        }
        if let Some(limit) = &unit.limit {
            flags.push(format!("max-length:{}", limit.chars));
        }
        let pieces = codes::pieces(&unit.source).unwrap_or_default();
        let mut codes: Vec<String> = Vec::new();
        for piece in &pieces {
            let code = match piece {
                Piece::Code(code) => code.clone(),
                Piece::Bold => "**".to_string(),
                Piece::Text(_) => continue,
            };
            if !codes.contains(&code) {
                codes.push(code);
            }
        }
        if !codes.is_empty() {
            let quoted: Vec<String> = codes.iter().map(|c| format!("\"{c}\"")).collect();
            flags.push(format!("placeholders:{}", quoted.join(":")));
        }
        if !flags.is_empty() {
            let _ = writeln!(out, "#, {}", flags.join(", "));
        }
        let _ = writeln!(out, "msgctxt {}", quote(&unit.key));
        let _ = writeln!(out, "msgid {}", quote(&unit.source));
        let _ = writeln!(out, "msgstr {}", quote(unit.target.as_deref().unwrap_or_default()));
    }
    out
}

/// A PO string literal.
fn quote(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Which string an entry's quoted lines belong to.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Field {
    None,
    Context,
    Id,
    Str,
}

/// One entry while it is read.
#[derive(Default)]
struct Entry {
    line: usize,
    fuzzy: bool,
    context: Option<String>,
    id: String,
    text: String,
}

/// Reads a PO file: its language and each entry's translation and state.
pub fn read(text: &str) -> Result<Received, (usize, String)> {
    let mut entries: Vec<Entry> = Vec::new();
    let mut entry = Entry::default();
    let mut field = Field::None;
    for (n, line) in text.lines().enumerate() {
        let n = n + 1;
        let line = line.trim();
        let starts_entry = line.starts_with("#,") || line.starts_with("msgctxt ");
        let starts_entry = starts_entry || (line.starts_with("msgid ") && field != Field::Context);
        if starts_entry && field == Field::Str {
            entries.push(std::mem::take(&mut entry));
            field = Field::None;
        }
        if line.is_empty() || (line.starts_with('#') && !line.starts_with("#,")) {
            continue;
        }
        if entry.line == 0 {
            entry.line = n;
        }
        if let Some(flags) = line.strip_prefix("#,") {
            entry.fuzzy |= flags.split(',').any(|f| f.trim() == "fuzzy");
            continue;
        }
        let (name, rest) = line.split_once(' ').unwrap_or((line, ""));
        let rest = match name {
            "msgctxt" => {
                // Errors point at the key's line.
                entry.line = n;
                field = Field::Context;
                entry.context = Some(String::new());
                rest
            }
            "msgid" => {
                field = Field::Id;
                rest
            }
            "msgstr" => {
                field = Field::Str;
                rest
            }
            _ if line.starts_with('"') => line,
            _ => return Err((n, format!("cannot read `{line}`"))),
        };
        let value = unquote(rest.trim()).ok_or((n, "a string that is not closed".to_string()))?;
        match field {
            Field::Context => entry.context.get_or_insert_default().push_str(&value),
            Field::Id => entry.id.push_str(&value),
            Field::Str => entry.text.push_str(&value),
            Field::None => return Err((n, "a string outside an entry".into())),
        }
    }
    if field == Field::Str {
        entries.push(entry);
    }
    received(entries)
}

fn received(entries: Vec<Entry>) -> Result<Received, (usize, String)> {
    let mut language = None;
    let mut units = Vec::new();
    for entry in entries {
        let Some(key) = entry.context else {
            if entry.id.is_empty() {
                language = entry
                    .text
                    .lines()
                    .find_map(|l| l.strip_prefix("Language:"))
                    .map(|l| l.trim().to_string());
                continue;
            }
            return Err((entry.line, "an entry has no msgctxt (its content key)".into()));
        };
        let target = Some(entry.text).filter(|t| !t.is_empty());
        let state = match (&target, entry.fuzzy) {
            (None, _) => State::Untranslated,
            (Some(_), true) => State::Stale,
            (Some(_), false) => State::Translated,
        };
        units.push(Incoming { key, target, state, line: entry.line });
    }
    Ok(Received { language, units })
}

/// The contents of a PO string literal.
fn unquote(text: &str) -> Option<String> {
    let inner = text.strip_prefix('"')?.strip_suffix('"')?;
    let mut out = String::new();
    let mut chars = inner.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next()? {
            'n' => out.push('\n'),
            't' => out.push('\t'),
            'r' => out.push('\r'),
            other => out.push(other),
        }
    }
    Some(out)
}
