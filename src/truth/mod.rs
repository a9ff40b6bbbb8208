//! What a phone number and a web address are: the one definition that loading content,
//! organisation files and the directory, and checking laid-out pages all use, so that a number
//! refused in a text is also refused on the page, and the other way round.
//!
//! People in danger dial what is printed, so a number counts however it is disguised:
//!
//! - a digit is any Unicode decimal digit (general category Nd, in any script), a superscript,
//!   subscript or circled digit, and a letter that looks like a digit (`O`, `o`, `l`, `I`, and
//!   their lookalikes in other scripts) in a word made only of digits and such letters;
//! - digits are joined by spaces of any kind, dashes, slashes, brackets and single dots;
//! - characters that print nothing (format characters such as ZWSP, ZWJ, U+2060–2064, soft
//!   hyphens and bidi marks, and U+034F) are dropped before anything is matched.
//!
//! Times (`09:00`) and the hours words `24/7` and `7/24` are not numbers. Web addresses are in
//! [`web`].

pub mod web;

use std::cell::RefCell;
use std::collections::HashMap;
use std::ops::Range;
use std::sync::OnceLock;

use unicode_normalization::UnicodeNormalization;
use unicode_properties::{GeneralCategory, UnicodeGeneralCategory};

/// Fewer digits than this are not a phone number (hours, counts, "24/7").
pub const MIN_DIGITS: usize = 3;

/// Runs of digits that read as hours, not numbers, wherever they appear.
const HOURS: [&str; 2] = ["24/7", "7/24"];

/// The most separator characters that still join two groups of digits, as in "0800 - 30".
const MAX_GAP: usize = 3;

/// One visible character of a text and where it is in the text.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Visible {
    /// Its byte offset in the text.
    pub at: usize,
    /// The character.
    pub c: char,
}

impl Visible {
    /// The byte offset just after it.
    pub fn end(self) -> usize {
        self.at + self.c.len_utf8()
    }
}

/// The characters of `text` that print something, with their offsets.
pub(crate) fn visible(text: &str) -> Vec<Visible> {
    text.char_indices()
        .filter(|(_, c)| !is_invisible(*c))
        .map(|(at, c)| Visible { at, c })
        .collect()
}

/// Whether `c` prints nothing: a format character (Cf: ZWSP, ZWJ, U+2060–2064, soft hyphen,
/// bidi marks, BOM…), the combining grapheme joiner or a variation selector. Such characters
/// can hide inside a number without changing what a reader sees.
pub fn is_invisible(c: char) -> bool {
    // Most text is ASCII, which has no such character (see `is_separator` on the lookup).
    if c.is_ascii() {
        return false;
    }
    c.general_category() == GeneralCategory::Format
        || matches!(
            c,
            '\u{034F}'
                | '\u{115F}'
                | '\u{1160}'
                | '\u{17B4}'
                | '\u{17B5}'
                | '\u{180B}'..='\u{180F}'
                | '\u{3164}'
                | '\u{FE00}'..='\u{FE0F}'
                | '\u{FFA0}'
                | '\u{E0100}'..='\u{E01EF}'
        )
}

/// The value of `c` as a digit: a decimal digit of any script, or a superscript, subscript,
/// circled or other single digit.
pub fn digit(c: char) -> Option<u32> {
    if c.is_ascii_digit() {
        return c.to_digit(10);
    }
    match c.general_category() {
        GeneralCategory::DecimalNumber => {
            // Unicode encodes every set of decimal digits as ten code points in a row, zero
            // first, so a digit's value is its distance from the start of its run, modulo ten.
            let mut first = c as u32;
            while let Some(before) = first.checked_sub(1).and_then(char::from_u32) {
                if before.general_category() != GeneralCategory::DecimalNumber {
                    break;
                }
                first -= 1;
            }
            Some((c as u32 - first) % 10)
        }
        GeneralCategory::OtherNumber => {
            let mut folded = std::iter::once(c).nfkc();
            match (folded.next(), folded.next()) {
                (Some(d), None) => d.to_digit(10),
                _ => None,
            }
        }
        _ => None,
    }
}

/// The digit a letter can pass for: `O`, `o`, `l`, `I`, and every letter Unicode lists as
/// confusable with a digit (such as Cyrillic `О` or `З`).
fn lookalike(c: char) -> Option<u32> {
    if !c.is_alphabetic() {
        return None;
    }
    // Each letter's answer is worked out once per thread: a page's text repeats its letters.
    thread_local! {
        static KNOWN: RefCell<HashMap<char, Option<u32>>> = RefCell::new(HashMap::new());
    }
    KNOWN.with(|known| *known.borrow_mut().entry(c).or_insert_with(|| lookalike_of(c)))
}

/// [`lookalike`] worked out: the first digit whose confusable skeleton is the letter's.
fn lookalike_of(c: char) -> Option<u32> {
    if c == 'o' {
        return Some(0);
    }
    static DIGITS: OnceLock<Vec<String>> = OnceLock::new();
    let digits = DIGITS.get_or_init(|| {
        ('0'..='9').map(|d| unicode_security::skeleton(&d.to_string()).collect()).collect()
    });
    let skeleton: String = unicode_security::skeleton(&c.to_string()).collect();
    digits.iter().position(|digit| *digit == skeleton).map(|d| d as u32)
}

/// A number found in a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Number {
    /// Where it is in the text, in bytes, invisible characters inside it included.
    pub span: Range<usize>,
    /// What a reader sees: its characters without the invisible ones.
    pub written: String,
    /// Its digits, as ASCII.
    pub digits: String,
}

impl Number {
    /// Whether it is written with anything but ASCII digits, spaces and `+()`, so that what
    /// it dials is worth spelling out.
    pub fn disguised(&self) -> bool {
        self.written.chars().any(|c| !(c.is_ascii_digit() || " +()".contains(c)))
    }
}

/// Every phone number in `text`: runs of at least [`MIN_DIGITS`] digits, with a leading `+`,
/// joined by separators, never cut where further digits follow.
pub fn numbers(text: &str) -> Vec<Number> {
    numbers_beside_hours(text, &[])
}

/// The phone numbers in `text`, where `hours` are further words for opening hours (such as a
/// language's "24h/24") that are not part of a number where they stand on their own.
pub fn numbers_beside_hours(text: &str, hours: &[&str]) -> Vec<Number> {
    let chars = visible(text);
    let values = digit_values(&chars, hours);
    let groups = groups(&values);
    let mut found = Vec::new();
    let mut i = 0;
    while i < groups.len() {
        let mut j = i;
        while j + 1 < groups.len() && joins(&chars, &groups[j], &groups[j + 1]) {
            j += 1;
        }
        let (start, end) = (groups[i].start, groups[j].end);
        let plus = start > 0 && chars[start - 1].c == '+';
        let from = if plus { start - 1 } else { start };
        let written: String = chars[from..end].iter().map(|v| v.c).collect();
        let digits: String = (start..end)
            .filter_map(|k| values[k])
            .filter_map(|d| char::from_digit(d, 10))
            .collect();
        if digits.len() >= MIN_DIGITS {
            found.push(Number { span: chars[from].at..chars[end - 1].end(), written, digits });
        }
        i = j + 1;
    }
    found
}

/// The digit value of each visible character: digits of any script, and lookalike letters in
/// words made only of digits and lookalikes.
fn digit_values(chars: &[Visible], hours: &[&str]) -> Vec<Option<u32>> {
    let mut values: Vec<Option<u32>> = chars.iter().map(|v| digit(v.c)).collect();
    for hours in HOURS.iter().chain(hours) {
        blank_hours(chars, &mut values, hours);
    }
    let mut i = 0;
    while i < chars.len() {
        let word_char = |k: usize| chars[k].c.is_alphanumeric() || values[k].is_some();
        if !word_char(i) {
            i += 1;
            continue;
        }
        let mut end = i;
        while end < chars.len() && word_char(end) {
            end += 1;
        }
        // Only a word with a real digit in it can be a disguised number: the others are not
        // looked up at all (looking up every letter of every text was most of loading's time).
        if (i..end).any(|k| values[k].is_some()) {
            let looks: Vec<Option<u32>> =
                (i..end).map(|k| values[k].or_else(|| lookalike(chars[k].c))).collect();
            if looks.iter().all(Option::is_some) {
                values[i..end].copy_from_slice(&looks);
            }
        }
        i = end;
    }
    values
}

/// Takes the hours words `hours` (such as `24/7`) out of the digits where they stand on their
/// own, so that a number followed by its hours ("04 367 93 11 24/7") is read as the number
/// alone.
fn blank_hours(chars: &[Visible], values: &mut [Option<u32>], hours: &str) {
    let len = hours.chars().count();
    if len == 0 || !hours.chars().any(|c| digit(c).is_some()) {
        return;
    }
    for start in 0..chars.len().saturating_sub(len - 1) {
        let spelled = chars[start..start + len].iter().map(|v| v.c).eq(hours.chars());
        let digit_at =
            |k: Option<usize>| k.and_then(|k| values.get(k)).is_some_and(Option::is_some);
        if spelled && !digit_at(start.checked_sub(1)) && !digit_at(Some(start + len)) {
            values[start..start + len].fill(None);
        }
    }
}

/// The runs of consecutive digits, as index ranges into the visible characters.
fn groups(values: &[Option<u32>]) -> Vec<Range<usize>> {
    let mut groups = Vec::new();
    let mut i = 0;
    while i < values.len() {
        if values[i].is_none() {
            i += 1;
            continue;
        }
        let start = i;
        while i < values.len() && values[i].is_some() {
            i += 1;
        }
        groups.push(start..i);
    }
    groups
}

/// Whether two groups of digits read as one number: only separators stand between them, and
/// neither is part of a time such as `09:00`.
fn joins(chars: &[Visible], a: &Range<usize>, b: &Range<usize>) -> bool {
    let gap = &chars[a.end..b.start];
    let time = |at: usize| chars.get(at).is_some_and(|v| v.c == ':');
    let in_time = |g: &Range<usize>| time(g.end) || g.start.checked_sub(1).is_some_and(&time);
    if gap.is_empty() || gap.len() > MAX_GAP || in_time(a) || in_time(b) {
        return false;
    }
    // A dot joins digits only on its own ("0800.30.031"), not as a full stop before a space.
    let dotted = gap.iter().any(|v| web::is_dot(v.c));
    gap.iter().all(|v| is_separator(v.c)) && (!dotted || gap.len() == 1)
}

/// Whether `c` may stand between the digits of one number: a space of any kind, a dash, a
/// slash, a bracket or a dot.
pub fn is_separator(c: char) -> bool {
    // In ASCII, the only space separator is the space and the only dash the hyphen-minus; the
    // category lookup is a table search, which a no-change build spent a sixth of its time on.
    let spacing = if c.is_ascii() {
        matches!(c, ' ' | '-')
    } else {
        matches!(
            c.general_category(),
            GeneralCategory::SpaceSeparator | GeneralCategory::DashPunctuation
        )
    };
    spacing
        || matches!(c, '/' | '(' | ')' | '\u{2212}' | '\u{2044}' | '\u{2215}' | '\u{FF0F}')
        || web::is_dot(c)
}

/// `text` with every invisible character spelled out as `<U+XXXX>`, for messages.
pub fn shown(text: &str) -> String {
    text.chars()
        .map(|c| if is_invisible(c) { format!("<U+{:04X}>", c as u32) } else { c.to_string() })
        .collect()
}

#[cfg(test)]
mod tests;
