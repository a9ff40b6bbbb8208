//! What a web address is: a domain under any public suffix of the Public Suffix List (new and
//! internationalised top-level domains included), or anything that starts with `www.` or
//! `http`. A domain that mixes scripts, uses letters of another script that look like Latin
//! ones, or joins its labels with something that only looks like a full stop, is a disguised
//! address; so is one that goes through a URL shortener or carries a tracking parameter.

use std::ops::Range;

use unicode_script::{Script, UnicodeScript};
use unicode_security::MixedScript;

use super::{Visible, visible};

/// Hosts that redirect to somewhere else, hiding where a code or address leads.
pub const SHORTENERS: &[&str] = &[
    "bit.ly",
    "t.co",
    "tinyurl.com",
    "goo.gl",
    "ow.ly",
    "is.gd",
    "buff.ly",
    "rebrand.ly",
    "cutt.ly",
    "shorturl.at",
    "tiny.cc",
    "lnkd.in",
    "rb.gy",
    "t.ly",
    "s.id",
    "qrco.de",
    "bl.ink",
    "short.io",
    "v.gd",
    "youtu.be",
];

/// Query parameters that only track who clicked (exact names, or prefixes ending in `_`).
pub const TRACKING: &[&str] = &[
    "utm_",
    "fbclid",
    "gclid",
    "dclid",
    "gbraid",
    "wbraid",
    "msclkid",
    "mc_cid",
    "mc_eid",
    "igshid",
    "yclid",
    "_ga",
    "_gl",
    "twclid",
    "li_fat_id",
    "ttclid",
    "srsltid",
];

/// Scripts whose letters look like no Latin letter: a word in one of them glued to an address
/// by a full stop (as right-to-left text does) is the sentence, not part of the domain.
const UNLIKE_LATIN: [Script; 6] =
    [Script::Arabic, Script::Hebrew, Script::Ethiopic, Script::Syriac, Script::Thaana, Script::Nko];

/// Whether `c` reads as a full stop: `.` and its lookalikes (one dot leader, small, fullwidth
/// and ideographic full stops).
pub fn is_dot(c: char) -> bool {
    matches!(c, '.' | '\u{2024}' | '\u{FE52}' | '\u{FF0E}' | '\u{3002}' | '\u{FF61}')
}

/// A web address found in a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Address {
    /// Where it is in the text, in bytes.
    pub span: Range<usize>,
    /// What a reader sees, without invisible characters and without `https://`.
    pub written: String,
    /// Its host, lowercase, with plain full stops.
    pub host: String,
    /// Why it must never be printed, whoever writes it: a disguise, a shortener, a tracker.
    pub problem: Option<String>,
}

/// Every web address in `text`.
pub fn addresses(text: &str) -> Vec<Address> {
    let chars = visible(text);
    let mut found = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if !in_word(chars[i].c) {
            i += 1;
            continue;
        }
        let start = i;
        while i < chars.len() && in_word(chars[i].c) {
            i += 1;
        }
        found.extend(address(&chars[start..i]));
    }
    found
}

/// Characters that can be part of an address as written in running text.
fn in_word(c: char) -> bool {
    !(c.is_whitespace() || "()[]{}«»“”„‟\"'‘’<>‹›,;|".contains(c))
}

/// The address in one word, if it holds one.
fn address(word: &[Visible]) -> Option<Address> {
    // Right-to-left text glues its next word onto an address: "www.caw.beر".
    let latin = word.iter().position(|v| v.c.script() == Script::Latin);
    let glued =
        latin.and_then(|l| word[l..].iter().position(|v| is_unlike_latin_char(v.c)).map(|k| l + k));
    let word = &word[..glued.unwrap_or(word.len())];
    let lower: String = word.iter().map(|v| v.c.to_ascii_lowercase()).collect();
    let index = |byte: usize| lower[..byte].chars().count();
    let scheme = ["https://", "http://"].iter().find_map(|s| lower.find(s).map(|at| (at, s.len())));
    let (mut start, host_start) = match scheme {
        Some((at, len)) => (index(at), index(at + len)),
        None => {
            let from = lower.find("www.").map(index).or_else(|| {
                let at = word.iter().position(|v| v.c == '@').map_or(0, |at| at + 1);
                word[at..].iter().position(|v| v.c.is_alphanumeric()).map(|p| p + at)
            })?;
            (from, from)
        }
    };
    let host_end = host_start
        + word[host_start..]
            .iter()
            .position(|v| "/?#:\\".contains(v.c))
            .unwrap_or(word.len() - host_start);
    let mut labels = split_labels(&word[host_start..host_end], host_start);
    // A word in a script unlike Latin, glued on by a full stop, belongs to the sentence.
    while scheme.is_none() && labels.len() > 1 && is_unlike_latin(&word[labels[0].clone()]) {
        labels.remove(0);
        start = labels[0].start;
    }
    let end = path_end(word, host_end);
    let host = host_of(word, &labels)?;
    let disguise = disguise(word, &labels);
    let suffix_known = |host: &str| {
        psl::suffix(host.as_bytes()).is_some_and(|s| s.is_known())
            && psl::domain(host.as_bytes()).is_some()
    };
    let skeleton: String = unicode_security::skeleton(&host).collect();
    // "p.sh." and "e.g." are abbreviations: a one-letter name under a suffix, with nothing
    // after it, is only an address when it is a known shortener.
    let abbreviation = labels.len() == 2
        && labels[0].len() == 1
        && end <= host_end
        && !SHORTENERS.contains(&host.as_str());
    let is_address = scheme.is_some()
        || host.starts_with("www.")
        || (suffix_known(&host) && !abbreviation)
        || (disguise.is_some() && suffix_known(&skeleton.to_lowercase()));
    if !is_address || start >= end {
        return None;
    }
    let written: String = word[host_start.max(start)..end].iter().map(|v| v.c).collect();
    let full: String = word[start..end].iter().map(|v| v.c).collect();
    let problem = disguise.or_else(|| hygiene(&host, &full));
    Some(Address { span: word[start].at..word[end - 1].end(), written, host, problem })
}

/// The labels of a host, as index ranges into the word, split at every dot or lookalike.
fn split_labels(host: &[Visible], offset: usize) -> Vec<Range<usize>> {
    let mut labels = Vec::new();
    let mut from = 0;
    for (k, v) in host.iter().enumerate() {
        if is_dot(v.c) {
            labels.push(offset + from..offset + k);
            from = k + 1;
        }
    }
    labels.push(offset + from..offset + host.len());
    // A full stop after the address ends the sentence, not the domain.
    while labels.last().is_some_and(|l| l.is_empty()) && labels.len() > 1 {
        labels.pop();
    }
    labels
}

/// The host in lowercase with plain dots, when every label is a word of letters, digits and
/// hyphens and the last one holds a letter; `None` when the word is no domain.
fn host_of(word: &[Visible], labels: &[Range<usize>]) -> Option<String> {
    if labels.len() < 2 {
        return None;
    }
    let label_ok = |l: &Range<usize>| {
        !l.is_empty() && word[l.clone()].iter().all(|v| v.c.is_alphanumeric() || v.c == '-')
    };
    let last = labels.last()?;
    if !labels.iter().all(label_ok) || !word[last.clone()].iter().any(|v| v.c.is_alphabetic()) {
        return None;
    }
    let label =
        |l: &Range<usize>| word[l.clone()].iter().flat_map(|v| v.c.to_lowercase()).collect();
    Some(labels.iter().map(label).collect::<Vec<String>>().join("."))
}

/// Where the address ends: after its path, at the first character no address holds, without
/// the punctuation that closes a sentence.
fn path_end(word: &[Visible], host_end: usize) -> usize {
    let path_char = |c: char| c.is_ascii_alphanumeric() || "./_~%?=&#:+-!$*@".contains(c);
    let mut end = host_end
        + word[host_end..].iter().position(|v| !path_char(v.c)).unwrap_or(word.len() - host_end);
    while end > 0 && (",;:!?".contains(word[end - 1].c) || is_dot(word[end - 1].c)) {
        end -= 1;
    }
    end
}

/// Whether a label is written wholly in scripts that look like no Latin letter.
fn is_unlike_latin(label: &[Visible]) -> bool {
    label.iter().all(|v| is_unlike_latin_char(v.c) || v.c.script() == Script::Common)
        && label.iter().any(|v| is_unlike_latin_char(v.c))
}

/// Whether `c` is a letter of a script that looks like no Latin letter.
fn is_unlike_latin_char(c: char) -> bool {
    UNLIKE_LATIN.contains(&c.script())
}

/// How a domain disguises itself, if it does: a lookalike full stop, a label that mixes
/// scripts, or a label in another script that reads as Latin letters.
fn disguise(word: &[Visible], labels: &[Range<usize>]) -> Option<String> {
    let (from, to) = (labels.first()?.start, labels.last()?.end);
    if let Some(dot) = word[from..to].iter().find(|v| is_dot(v.c) && v.c != '.') {
        return Some(format!(
            "it joins its labels with U+{:04X} instead of a full stop",
            dot.c as u32
        ));
    }
    for label in labels {
        let text: String = word[label.clone()].iter().map(|v| v.c).collect();
        if text.is_ascii() {
            continue;
        }
        if !text.as_str().is_single_script() {
            return Some(format!("it mixes {} letters", scripts(&text)));
        }
        let skeleton: String = unicode_security::skeleton(&text).collect();
        if skeleton.is_ascii() {
            return Some(format!(
                "its {} letters look like the Latin `{}`",
                scripts(&text),
                skeleton.to_lowercase()
            ));
        }
    }
    None
}

/// The scripts of `text`'s letters, by name: "Latin and Cyrillic".
fn scripts(text: &str) -> String {
    let mut names: Vec<&str> = Vec::new();
    for c in text.chars() {
        let script = c.script();
        if !matches!(script, Script::Common | Script::Inherited)
            && !names.contains(&script.full_name())
        {
            names.push(script.full_name());
        }
    }
    names.join(" and ")
}

/// A shortener or a tracking parameter in an address, whoever writes it.
pub fn hygiene(host: &str, url: &str) -> Option<String> {
    let host = host.strip_prefix("www.").unwrap_or(host);
    if SHORTENERS.contains(&host) {
        return Some(format!("it goes through the URL shortener {host}"));
    }
    tracker(url).map(|name| format!("it carries the tracking parameter `{name}`"))
}

/// The first tracking parameter in `url`'s query, lowercase.
pub fn tracker(url: &str) -> Option<String> {
    let query = url.split_once('?').map(|(_, q)| q.split('#').next().unwrap_or_default());
    query.into_iter().flat_map(|q| q.split('&')).find_map(|pair| {
        let name = pair.split('=').next().unwrap_or_default().to_lowercase();
        let tracks = TRACKING
            .iter()
            .any(|t| if t.ends_with('_') { name.starts_with(t) } else { name == *t });
        tracks.then_some(name)
    })
}

/// Whether `host` is a domain a reader can be sent to: under a known public suffix, with no
/// disguise. Used for the directory's own addresses.
pub fn host_problem(host: &str) -> Option<String> {
    let found = addresses(host);
    match found.as_slice() {
        [one] if one.written == host => match &one.problem {
            Some(problem) => Some(problem.clone()),
            None if psl::suffix(one.host.as_bytes()).is_some_and(|s| s.is_known()) => None,
            None => Some(format!("`{host}` is not under a known top-level domain")),
        },
        _ => Some(format!("`{host}` is not a domain name")),
    }
}

#[cfg(test)]
mod tests;
