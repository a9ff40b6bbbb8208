//! Numbers and addresses: every phone number and web address printed comes from the directory,
//! and every number a text refers to is printed whole, exactly as the directory writes it.
//!
//! Texts cannot hold numbers (loading refuses them), so a stray number comes from a layout or an
//! organisation file; a number missing from its page means it was cut off or broken apart.

use std::collections::BTreeSet;
use std::path::PathBuf;

use typst_layout::PagedDocument;

use super::Finding;
use super::frames::{self, Kind};
use super::marks;
use crate::content::data::web_display;
use crate::content::markup::{RefKind, Run};
use crate::content::{Node, TomlFile};
use crate::error::Location;
use crate::project::Project;
use crate::render::{Job, Options};

/// Fewer digits than this are not a phone number (page numbers, hours, "24/7").
const MIN_DIGITS: usize = 3;

/// Every number and address problem in `document`.
pub fn check(
    document: &PagedDocument,
    project: &Project,
    job: &Job,
    options: &Options,
) -> Vec<Finding> {
    let allowed = Allowed::new(project, options);
    let pages: Vec<Vec<String>> = document.pages().iter().map(|p| lines(&p.frame)).collect();
    let mut findings = Vec::new();
    let mut seen = BTreeSet::new();
    for (i, lines) in pages.iter().enumerate() {
        for line in lines {
            for token in phone_tokens(&allowed.mask(line)) {
                if seen.insert(token.clone()) {
                    findings.push(stray(project, job, options, &token, "number").page(i + 1));
                }
            }
            for token in web_tokens(line) {
                if !allowed.web(&token) && seen.insert(token.clone()) {
                    findings.push(stray(project, job, options, &token, "web address").page(i + 1));
                }
            }
        }
    }
    findings.extend(whole(document, project, job, &pages));
    findings
}

/// What may be printed: the directory's numbers and addresses, and the organisation's own.
struct Allowed {
    phones: BTreeSet<String>,
    webs: Vec<String>,
}

impl Allowed {
    fn new(project: &Project, options: &Options) -> Self {
        let directory = project.content.directory.iter();
        let mut phones: BTreeSet<String> = directory.filter_map(|s| s.phone.clone()).collect();
        let webs =
            project.content.directory.iter().filter_map(|s| s.web.as_deref()).map(web_display);
        if let Some(org) = &options.org {
            phones.extend(org.phone.clone());
            // Postcodes and house numbers of the organisation's own address.
            phones.extend(org.address.iter().flat_map(|a| phone_tokens(a)));
        }
        Self { phones, webs: webs.collect() }
    }

    /// `line` with every allowed number in it blotted out, so that what is left are the numbers
    /// nobody meant to print (or a number that lost a digit), even where an allowed number
    /// stands next to other digits, as in "02 535 45 42 24 h/24".
    fn mask(&self, line: &str) -> String {
        let mut line = line.to_string();
        let mut phones: Vec<&String> = self.phones.iter().collect();
        phones.sort_by_key(|p| std::cmp::Reverse(p.len()));
        for phone in phones {
            while let Some(at) = find_whole(&line, phone) {
                line.replace_range(at..at + phone.len(), "#");
            }
        }
        line
    }

    /// An address from the directory, or its first part where it wraps after a slash.
    fn web(&self, token: &str) -> bool {
        self.webs.iter().any(|web| web == token || (token.ends_with('/') && web.starts_with(token)))
    }
}

/// A number or address that is not in the directory, located where it was typed if a layout
/// or the organisation file holds it.
fn stray(project: &Project, job: &Job, options: &Options, token: &str, what: &str) -> Finding {
    let message = format!("the {what} `{token}` is printed but is not in content/services.toml");
    let mut finding = Finding::error("numbers", message).hint(
        "numbers and addresses come only from the directory: print a service's own field \
         (such as svc.phone), or add the service to content/services.toml from a seed",
    );
    let layouts = project.dir.join("layouts");
    let mut sources: Vec<PathBuf> =
        vec![layouts.join(format!("{}.typ", job.layout.file)), layouts.join("lib/theme.typ")];
    sources.extend(options.org.as_ref().map(|org| org.file.path.clone()));
    for path in sources {
        let Ok(file) = TomlFile::read(&path) else { continue };
        if let Some(at) = file.text.find(token) {
            let location = Location::of(&file.text, at..at + token.len());
            let path = file.path.display();
            finding = finding.at(format!("{path}:{}:{}", location.line, location.column));
            break;
        }
    }
    finding
}

/// Every text's numbers printed whole on the page where the text is (or the next, where a text
/// runs over a page break).
fn whole(
    document: &PagedDocument,
    project: &Project,
    job: &Job,
    pages: &[Vec<String>],
) -> Vec<Finding> {
    let language = project.content.language(&job.language);
    let source = project.content.source();
    let mut findings = Vec::new();
    let mut checked = BTreeSet::new();
    for mark in marks::texts(document) {
        if !checked.insert((mark.key.clone(), mark.page)) {
            continue;
        }
        let node = language.and_then(|l| l.get(&mark.key)).or_else(|| source.get(&mark.key));
        let Some(Node::Text(text)) = node else { continue };
        for run in &text.runs {
            let Run::Ref { kind: RefKind::Tel, id, .. } = run else { continue };
            let Some(phone) = project.content.directory.get(id).and_then(|s| s.phone.as_ref())
            else {
                continue;
            };
            let on = |page: usize| {
                pages
                    .get(page)
                    .is_some_and(|lines| lines.iter().any(|line| find_whole(line, phone).is_some()))
            };
            if !on(mark.page - 1) && !on(mark.page) {
                let message = format!(
                    "the number {phone} ({id}) is not printed whole where its text is: it was cut \
                     off or broken across lines"
                );
                let hint = "keep the number in one piece: it must be printed exactly as in \
                            content/services.toml";
                findings.push(
                    Finding::error("numbers", message).page(mark.page).keys([&mark.key]).hint(hint),
                );
            }
        }
    }
    findings
}

/// Where `phone` stands in `line` as a whole number, with no digit right before or after it.
fn find_whole(line: &str, phone: &str) -> Option<usize> {
    line.match_indices(phone).map(|(at, _)| at).find(|&at| {
        let before = line[..at].chars().next_back();
        let after = line[at + phone.len()..].chars().next();
        !before.is_some_and(|c| c.is_ascii_digit()) && !after.is_some_and(|c| c.is_ascii_digit())
    })
}

/// One run of text on a page, for putting lines back together.
struct Piece {
    /// Its baseline, or NaN for rotated text, which reads along its own line.
    y: f64,
    x0: f64,
    x1: f64,
    size: f64,
    text: String,
}

/// The lines of text on a page, each read left to right, as a print shop's text extraction
/// would give them: runs on one baseline joined, with a space where they stand apart.
pub fn lines(frame: &typst::layout::Frame) -> Vec<String> {
    let pieces = frames::flatten(frame).into_iter().filter_map(|item| {
        let Kind::Text(text) = item.kind else { return None };
        let x0 = item.origin.x.to_pt();
        Some(Piece {
            y: if item.upright { item.origin.y.to_pt() } else { f64::NAN },
            x0,
            x1: x0 + text.width().to_pt() * item.scale,
            size: text.size.to_pt() * item.scale,
            text: text.text.to_string(),
        })
    });
    let (rotated, mut upright): (Vec<Piece>, Vec<Piece>) = pieces.partition(|p| p.y.is_nan());
    upright.sort_by(|a, b| a.y.total_cmp(&b.y).then(a.x0.total_cmp(&b.x0)));
    let mut lines: Vec<Vec<Piece>> = rotated.into_iter().map(|p| vec![p]).collect();
    let first_upright = lines.len();
    for piece in upright {
        let last = lines.len().checked_sub(1).filter(|&i| i >= first_upright);
        match last.map(|i| &mut lines[i]) {
            Some(line) if (line[0].y - piece.y).abs() < line[0].size.min(piece.size) * 0.4 => {
                line.push(piece)
            }
            _ => lines.push(vec![piece]),
        }
    }
    lines.into_iter().map(join).collect()
}

/// One line's pieces, left to right. Pieces set apart by more than a word space (table columns,
/// a page number) get two spaces, so that numbers in neighbouring columns are not read as one.
fn join(mut line: Vec<Piece>) -> String {
    line.sort_by(|a, b| a.x0.total_cmp(&b.x0));
    let mut text = String::new();
    let mut end = f64::NEG_INFINITY;
    for piece in line {
        let gap = piece.x0 - end;
        if !text.is_empty() && gap > piece.size * 0.6 {
            text.push_str("  ");
        } else if !text.is_empty() && gap > piece.size * 0.2 {
            text.push(' ');
        }
        text.push_str(&piece.text);
        end = piece.x1;
    }
    text
}

/// The phone numbers in `line`: groups of digits joined by single spaces, with a leading `+`
/// and `(0)` between them, with at least [`MIN_DIGITS`] digits. A group glued to `/`, `:` or a
/// dash belongs to something else (hours, "24/7"), so it ends the number before it.
pub fn phone_tokens(line: &str) -> Vec<String> {
    let chars: Vec<char> = line.chars().filter(|c| !is_invisible(*c)).collect();
    // A joiner followed by a digit ties two groups into something that is not a phone number.
    let joined = |at: usize| {
        chars.get(at).is_some_and(|c| "/:.-–".contains(*c))
            && chars.get(at + 1).is_some_and(char::is_ascii_digit)
    };
    let mut tokens = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let plus = chars[i] == '+' && chars.get(i + 1).is_some_and(char::is_ascii_digit);
        let glued = i > 0
            && (chars[i - 1].is_ascii_alphanumeric()
                || (i > 1 && "/:.-–".contains(chars[i - 1]) && chars[i - 2].is_ascii_digit()));
        if !(chars[i].is_ascii_digit() || plus) || glued {
            i += 1;
            continue;
        }
        // The first group, then each further group while it stands on its own.
        let group_end = |from: usize| {
            let mut end = from;
            while chars.get(end).is_some_and(char::is_ascii_digit) {
                end += 1;
            }
            end
        };
        let mut end = group_end(i + usize::from(plus));
        if joined(end) {
            i = end + 1;
            continue;
        }
        loop {
            let mut next = end;
            if chars.get(next) == Some(&' ') {
                next += 1;
            }
            if chars[next..].starts_with(&['(', '0', ')']) {
                next += 3;
            }
            let group = group_end(next);
            let alone = group > next && !joined(group);
            if next == end || !alone {
                break;
            }
            end = group;
        }
        let token: String = chars[i..end].iter().collect();
        if token.chars().filter(char::is_ascii_digit).count() >= MIN_DIGITS {
            tokens.push(token);
        }
        i = end;
    }
    tokens
}

/// Characters that print nothing but may sit inside a printed address: zero-width spaces
/// (break points after a slash), direction marks, soft hyphens.
fn is_invisible(c: char) -> bool {
    matches!(c, '\u{00AD}' | '\u{200B}'..='\u{200F}' | '\u{2060}' | '\u{FEFF}')
}

/// The web addresses in `line`: words that start with `www.` or `http`, or hold a domain.
pub fn web_tokens(line: &str) -> Vec<String> {
    let visible: String = line.chars().filter(|c| !is_invisible(*c)).collect();
    visible
        .split(|c: char| c.is_whitespace() || "()«»“”\"<>".contains(c))
        .map(|word| {
            // In right-to-left text a neighbouring word or full stop can touch the address.
            let word =
                ["www.", "http"].iter().find_map(|s| word.find(s)).map_or(word, |at| &word[at..]);
            let word = word.trim_start_matches(|c: char| !c.is_ascii_alphanumeric());
            let end =
                word.find(|c: char| !(c.is_ascii_alphanumeric() || "./_~%?=&#:+-".contains(c)));
            word[..end.unwrap_or(word.len())].trim_end_matches(['.', ',', ';', ':', '!', '?'])
        })
        .filter(|word| {
            word.starts_with("www.")
                || word.starts_with("http")
                || [".be", ".net", ".org", ".com", ".eu"].iter().any(|tld| {
                    word.contains(&format!("{tld}/"))
                        || word.ends_with(tld) && word.len() > tld.len()
                })
        })
        .map(str::to_string)
        .collect::<Vec<_>>()
}

#[cfg(test)]
mod tests;
