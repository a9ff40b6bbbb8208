//! The small inline markup that translators may use inside a text.
//!
//! Texts are data, never Typst markup: `#`, `[`, `$` and `\` print as themselves. The only
//! syntax leafpress understands is:
//!
//! - `**bold**`: emphasis (two asterisks open and close it; a single `*` prints as is);
//! - `{tel:ID}`, `{web:ID}`, `{hours:ID}`, `{name:ID}`: the phone number, web address, opening
//!   hours or name of service `ID`, taken from `content/services.toml`.
//!
//! Any other `{` prints as is. Numbers and addresses typed straight into a text are refused,
//! because the directory is the only place they may come from.

use std::ops::Range;

use crate::truth;

/// What a service reference prints.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RefKind {
    /// The number as printed in Belgium.
    Tel,
    /// The web address, without `https://`.
    Web,
    /// The opening hours, in the text's language.
    Hours,
    /// The service's name.
    Name,
}

impl RefKind {
    /// Parses the word before the colon in `{tel:ID}`.
    fn parse(word: &str) -> Option<Self> {
        Some(match word {
            "tel" => Self::Tel,
            "web" => Self::Web,
            "hours" => Self::Hours,
            "name" => Self::Name,
            _ => return None,
        })
    }

    /// The word used in markup, for messages.
    pub fn word(self) -> &'static str {
        match self {
            Self::Tel => "tel",
            Self::Web => "web",
            Self::Hours => "hours",
            Self::Name => "name",
        }
    }
}

/// One piece of a parsed text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Run {
    /// Literal text.
    Text { text: String, strong: bool },
    /// A reference to a field of a service in the directory.
    Ref { kind: RefKind, id: String, strong: bool, span: Range<usize> },
}

/// A problem in a text's markup, at a byte range of the text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MarkupError {
    /// Where in the text.
    pub span: Range<usize>,
    /// What is wrong.
    pub message: String,
    /// How to fix it.
    pub hint: String,
}

/// Parses a text into runs of literal text and service references.
pub fn parse(text: &str) -> Result<Vec<Run>, MarkupError> {
    let mut parser = Parser { text, runs: Vec::new(), literal: String::new(), strong: None };
    let mut pos = 0;
    while pos < text.len() {
        let rest = &text[pos..];
        if rest.starts_with("**") {
            parser.toggle_strong(pos);
            pos += 2;
        } else if let Some((kind, id, len)) = reference(rest)
            .transpose()
            .map_err(|e| MarkupError { span: pos + e.span.start..pos + e.span.end, ..e })?
        {
            parser.flush();
            let strong = parser.strong.is_some();
            parser.runs.push(Run::Ref { kind, id, strong, span: pos..pos + len });
            pos += len;
        } else {
            let c = rest.chars().next().unwrap_or_default();
            parser.literal.push(c);
            pos += c.len_utf8();
        }
    }
    parser.finish()?;
    check_no_contact_details(text, &parser.runs)?;
    Ok(parser.runs)
}

/// Accumulates runs while the text is scanned.
struct Parser<'a> {
    text: &'a str,
    runs: Vec<Run>,
    literal: String,
    /// Where the open `**` is, if emphasis is on.
    strong: Option<usize>,
}

impl Parser<'_> {
    fn flush(&mut self) {
        if !self.literal.is_empty() {
            let text = std::mem::take(&mut self.literal);
            self.runs.push(Run::Text { text, strong: self.strong.is_some() });
        }
    }

    fn toggle_strong(&mut self, pos: usize) {
        self.flush();
        self.strong = match self.strong {
            Some(_) => None,
            None => Some(pos),
        };
    }

    fn finish(&mut self) -> Result<(), MarkupError> {
        self.flush();
        match self.strong {
            Some(open) => Err(MarkupError {
                span: open..(open + 2).min(self.text.len()),
                message: "`**` opens bold text that is never closed".into(),
                hint: "close the bold text with a second `**`".into(),
            }),
            None => Ok(()),
        }
    }
}

/// Recognises `{kind:id}` at the start of `rest`: `None` when it is plain text, an error when it
/// looks like a reference but is not a valid one.
fn reference(rest: &str) -> Option<Result<(RefKind, String, usize), MarkupError>> {
    let body = rest.strip_prefix('{')?;
    let word_len = body.find(|c: char| !c.is_ascii_alphabetic()).unwrap_or(body.len());
    if word_len == 0 || !body[word_len..].starts_with(':') {
        return None;
    }
    let word = &body[..word_len];
    let end = body.find('}');
    let span_end = end.map_or(rest.len().min(word_len + 2), |e| e + 2);
    let error = |message: String, hint: &str| {
        Some(Err(MarkupError { span: 0..span_end, message, hint: hint.into() }))
    };
    let Some(kind) = RefKind::parse(word) else {
        return error(
            format!("unknown reference `{{{word}:…}}`"),
            "use {tel:ID}, {web:ID}, {hours:ID} or {name:ID} with a service id from content/services.toml",
        );
    };
    let Some(end) = end else {
        return error(format!("`{{{word}:` is never closed"), "end the reference with `}`");
    };
    let id = &body[word_len + 1..end];
    if !is_id(id) {
        return error(
            format!("`{id}` is not a service id"),
            "service ids use lowercase letters, digits and `-`, as in content/services.toml",
        );
    }
    Some(Ok((kind, id.to_string(), end + 2)))
}

/// Whether `id` has the shape of a service id: lowercase ASCII letters, digits and `-`.
pub fn is_id(id: &str) -> bool {
    !id.is_empty()
        && !id.starts_with('-')
        && id.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

/// Refuses phone numbers and web addresses typed into literal text: they must come from the
/// directory, or a typo in one translation would print a wrong number. Digits typed next to a
/// `{tel:…}` are refused too, since they would print as part of its number.
fn check_no_contact_details(text: &str, runs: &[Run]) -> Result<(), MarkupError> {
    // Mask the references with characters of the same byte length, so offsets still match
    // `text`: numbers with digits, so that digits beside them join them; the rest with letters.
    let mut masked = text.to_string();
    let mut numbers = Vec::new();
    for run in runs {
        if let Run::Ref { kind, span, .. } = run {
            let fill = if *kind == RefKind::Tel { "0" } else { "x" };
            masked.replace_range(span.clone(), &fill.repeat(span.len()));
            if *kind == RefKind::Tel {
                numbers.push(span.clone());
            }
        }
    }
    let hint = "numbers and addresses live only in content/services.toml: write {tel:ID} or \
                {web:ID} instead";
    for number in truth::numbers(&masked) {
        let inside: Vec<&Range<usize>> = numbers
            .iter()
            .filter(|n| number.span.start <= n.start && n.end <= number.span.end)
            .collect();
        if inside.as_slice() == [&number.span] {
            continue;
        }
        let written = truth::shown(&text[number.span.clone()]);
        let (message, hint) = match inside.first() {
            Some(reference) => (
                format!(
                    "`{written}` prints digits next to the number of `{}`, as one longer number",
                    &text[(*reference).clone()]
                ),
                "keep digits away from {tel:ID}: a reader would dial them as part of the number",
            ),
            None if number.disguised() || text[number.span.clone()] != number.written => (
                format!(
                    "`{written}` looks like a phone number or web address: it reads as {}",
                    number.digits
                ),
                hint,
            ),
            None => (format!("`{written}` looks like a phone number or web address"), hint),
        };
        return Err(MarkupError { span: number.span, message, hint: hint.into() });
    }
    if let Some(address) = truth::web::addresses(&masked).into_iter().next() {
        let written = truth::shown(&text[address.span.clone()]);
        let message = match &address.problem {
            Some(problem) => {
                format!("`{written}` looks like a phone number or web address: {problem}")
            }
            None => format!("`{written}` looks like a phone number or web address"),
        };
        return Err(MarkupError { span: address.span, message, hint: hint.into() });
    }
    Ok(())
}

#[cfg(test)]
mod tests;
