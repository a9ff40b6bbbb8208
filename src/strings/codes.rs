//! A text as an exchange format sees it: literal words between protected inline codes.
//!
//! Translation tools must not let a translator break `{tel:…}`, `{web:…}`, `{hours:…}`,
//! `{name:…}` or `**bold**`, so each of them travels as an inline code (XLIFF `<x>`/`<ph>`,
//! bold as `<g>`/`<pc>`), and an imported text is refused unless it has the same codes as the
//! English.

use std::collections::BTreeMap;

use crate::content::markup::{self, Run};

/// One piece of a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Piece {
    /// Words, printed as written.
    Text(String),
    /// A service reference such as `{tel:helpline-1712}`, as written.
    Code(String),
    /// `**`, which opens or closes bold text.
    Bold,
}

/// Splits a text into pieces, exactly as leafpress's markup reads it; `None` when the markup
/// is not valid (an unclosed `**`, an unknown reference, a typed number).
pub fn pieces(raw: &str) -> Option<Vec<Piece>> {
    let runs = markup::parse(raw).ok()?;
    let mut codes = runs.iter().filter_map(|run| match run {
        Run::Ref { span, .. } => Some(span.clone()),
        Run::Text { .. } => None,
    });
    let mut next = codes.next();
    let mut pieces = Vec::new();
    let mut words = String::new();
    let mut pos = 0;
    while pos < raw.len() {
        let piece = match &next {
            Some(span) if span.start == pos => {
                let code = Piece::Code(raw[span.clone()].to_string());
                pos = span.end;
                next = codes.next();
                code
            }
            _ if raw[pos..].starts_with("**") => {
                pos += 2;
                Piece::Bold
            }
            _ => {
                let c = raw[pos..].chars().next()?;
                words.push(c);
                pos += c.len_utf8();
                continue;
            }
        };
        if !words.is_empty() {
            pieces.push(Piece::Text(std::mem::take(&mut words)));
        }
        pieces.push(piece);
    }
    if !words.is_empty() {
        pieces.push(Piece::Text(words));
    }
    Some(pieces)
}

/// The inline codes of a text, each with how often it occurs (`**` counted as one code).
pub fn census(pieces: &[Piece]) -> BTreeMap<String, usize> {
    let mut counts = BTreeMap::new();
    for piece in pieces {
        let code = match piece {
            Piece::Code(code) => code.as_str(),
            Piece::Bold => "**",
            Piece::Text(_) => continue,
        };
        *counts.entry(code.to_string()).or_default() += 1;
    }
    counts
}

/// Ids for the codes of a unit: the English source numbers its codes in order (`1`, `2`, …),
/// and a translation reuses the id of the same code in the English, occurrence by occurrence,
/// so that a tool can match them up.
pub struct Ids {
    source: Vec<String>,
}

impl Ids {
    /// Numbers the codes of the English `source`.
    pub fn new(source: &[Piece]) -> Self {
        Self { source: source.iter().filter_map(code_word).collect() }
    }

    /// The id of each code of `pieces`, in order (`None` for words).
    pub fn of(&self, pieces: &[Piece]) -> Vec<Option<usize>> {
        let mut used = vec![false; self.source.len()];
        let mut fresh = self.source.len();
        pieces
            .iter()
            .map(|piece| {
                let word = code_word(piece)?;
                let found = (0..self.source.len()).find(|&i| !used[i] && self.source[i] == word);
                Some(match found {
                    Some(i) => {
                        used[i] = true;
                        i + 1
                    }
                    None => {
                        fresh += 1;
                        fresh
                    }
                })
            })
            .collect()
    }
}

fn code_word(piece: &Piece) -> Option<String> {
    match piece {
        Piece::Code(code) => Some(code.clone()),
        Piece::Bold => Some("**".to_string()),
        Piece::Text(_) => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The text that `pieces` came from.
    pub fn join(pieces: &[Piece]) -> String {
        pieces
            .iter()
            .map(|piece| match piece {
                Piece::Text(text) | Piece::Code(text) => text.as_str(),
                Piece::Bold => "**",
            })
            .collect()
    }

    #[test]
    fn a_text_splits_into_words_and_codes_and_joins_back() {
        let raw = "Call **{tel:helpline-1712}** ({hours:helpline-1712}), {x} is text";
        let pieces = pieces(raw).expect("valid markup");
        assert_eq!(pieces[0], Piece::Text("Call ".into()));
        assert_eq!(pieces[1], Piece::Bold);
        assert_eq!(pieces[2], Piece::Code("{tel:helpline-1712}".into()));
        assert_eq!(join(&pieces), raw);
        assert_eq!(census(&pieces).get("**"), Some(&2));
    }

    #[test]
    fn a_translation_reuses_the_ids_of_the_english_codes() {
        let source = pieces("{tel:a} or {web:a}, {tel:a}").expect("valid");
        let target = pieces("{web:a} — {tel:a}, {tel:a} {name:a}").expect("valid");
        let ids = Ids::new(&source);
        assert_eq!(ids.of(&target), [Some(2), None, Some(1), None, Some(3), None, Some(4)]);
    }
}
