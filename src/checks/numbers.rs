//! Numbers and addresses: every phone number and web address printed comes from the directory,
//! and every number a text refers to is printed whole, exactly as the directory writes it.
//!
//! What a number or an address is comes from [`crate::truth`], the same definition that loading
//! uses. Texts cannot hold numbers (loading refuses them), so a stray number comes from a
//! layout, an organisation file, or a text that prints a service's name beside digits; a number
//! missing from its page means it was cut off or broken apart.

use std::collections::BTreeSet;
use std::path::PathBuf;

use typst_layout::PagedDocument;

use super::Diagnostic;
use super::frames::{self, Kind};
use super::marks::{self, TextMark};
use crate::content::data::web_display;
use crate::content::markup::{RefKind, Run};
use crate::content::{Node, TomlFile};
use crate::diagnostic::{Location, Place};
use crate::plan::{Job, Options};
use crate::project::Project;
use crate::truth;

/// Every number and address problem in `document`.
pub fn check(
    document: &PagedDocument,
    project: &Project,
    job: &Job,
    options: &Options,
) -> Vec<Diagnostic> {
    let allowed = Allowed::new(project, options);
    let pages: Vec<Vec<String>> = document.pages().iter().map(|p| lines(&p.frame)).collect();
    let marks = marks::texts(document);
    // Each language's word for "always open" (such as "24h/24") is hours, not a number.
    let languages = job.languages.iter().filter_map(|code| project.content.language(code));
    let always: Vec<&str> = languages.map(|l| l.hours.always.as_str()).collect();
    let mut findings = Vec::new();
    let mut seen = BTreeSet::new();
    for (i, lines) in pages.iter().enumerate() {
        let report = |written: &str, what: &str, reason: Option<String>| {
            let finding = stray(project, job, options, written, what, reason).page(i + 1);
            let keys = printed_by(project, job, &marks, i + 1, written);
            if finding.place.is_none() { finding.keys(keys) } else { finding }
        };
        for line in lines {
            for number in truth::numbers_beside_hours(line, &always) {
                if !allowed.phones.contains(&number.written) && seen.insert(number.written.clone())
                {
                    let reason =
                        number.disguised().then(|| format!("it reads as {}", number.digits));
                    findings.push(report(&number.written, "number", reason));
                }
            }
            for address in truth::web::addresses(line) {
                let fine = address.problem.is_none() && allowed.web(&address.written);
                if !fine && seen.insert(address.written.clone()) {
                    findings.push(report(&address.written, "web address", address.problem));
                }
            }
        }
    }
    findings.extend(whole(document, project, job, &pages, &always));
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
            let address = org.address.iter().flat_map(|a| truth::numbers(a));
            phones.extend(address.map(|n| n.written));
        }
        Self { phones, webs: webs.collect() }
    }

    /// An address from the directory, or its first part where it wraps after a slash.
    fn web(&self, token: &str) -> bool {
        self.webs.iter().any(|web| web == token || (token.ends_with('/') && web.starts_with(token)))
    }
}

/// The keys of the texts on page `page` that print `written`, once their references are
/// filled in from the directory: where a number that is not in the directory came from.
fn printed_by(
    project: &Project,
    job: &Job,
    marks: &[TextMark],
    page: usize,
    written: &str,
) -> Vec<String> {
    let language = project.content.language(&job.language);
    let source = project.content.source();
    let mut keys: Vec<String> = Vec::new();
    for mark in marks.iter().filter(|m| m.page == page) {
        let node = language.and_then(|l| l.get(&mark.key)).or_else(|| source.get(&mark.key));
        let Some(Node::Text(text)) = node else { continue };
        let printed: String = text.runs.iter().map(|run| filled(project, run)).collect();
        let squeeze = |s: &str| s.chars().filter(|c| !c.is_whitespace()).collect::<String>();
        if squeeze(&printed).contains(&squeeze(written)) && !keys.contains(&mark.key) {
            keys.push(mark.key.clone());
        }
    }
    keys
}

/// What a run prints, near enough to find a number or address in it.
fn filled(project: &Project, run: &Run) -> String {
    let Run::Ref { kind, id, .. } = run else {
        let Run::Text { text, .. } = run else { return String::new() };
        return text.clone();
    };
    let service = project.content.directory.get(id);
    let field = match kind {
        RefKind::Tel => service.and_then(|s| s.phone.clone()),
        RefKind::Web => service.and_then(|s| s.web.as_deref()).map(web_display),
        RefKind::Name => service.and_then(|s| s.name.clone()),
        RefKind::Hours => None,
    };
    field.unwrap_or_default()
}

/// A number or address that is not in the directory, located where it was typed if a layout
/// or the organisation file holds it.
fn stray(
    project: &Project,
    job: &Job,
    options: &Options,
    token: &str,
    what: &str,
    reason: Option<String>,
) -> Diagnostic {
    let shown = truth::shown(token);
    let message = match reason {
        Some(reason) => format!("the {what} `{shown}` is printed but must not be: {reason}"),
        None => format!("the {what} `{shown}` is printed but is not in content/services.toml"),
    };
    let mut finding = Diagnostic::error("numbers", message).hint(
        "numbers and addresses come only from the directory: print a service's own field \
         (such as svc.phone), or add the service to content/services.toml from a seed",
    );
    let layouts = project.dir.join("layouts");
    // The layout first, then the theme's files in name order, so the same place is always named.
    let mut theme: Vec<PathBuf> = std::fs::read_dir(layouts.join("lib"))
        .map(|dir| dir.flatten().map(|entry| entry.path()).collect())
        .unwrap_or_default();
    theme.sort();
    let mut sources: Vec<PathBuf> = vec![layouts.join(format!("{}.typ", job.layout.file))];
    sources.extend(theme.into_iter().filter(|path| path.extension().is_some_and(|e| e == "typ")));
    sources.extend(options.org.as_ref().map(|org| org.file.path.clone()));
    for path in sources {
        let Ok(file) = TomlFile::read(&path) else { continue };
        if let Some(at) = file.text.find(token) {
            let location = Location::of(&file.text, at..at + token.len());
            finding = finding.at(Place::at(&file.path, &location));
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
    always: &[&str],
) -> Vec<Diagnostic> {
    let language = project.content.language(&job.language);
    let source = project.content.source();
    let mut findings = Vec::new();
    let mut checked = BTreeSet::new();
    let marks = marks::texts(document);
    // The pages each text has a mark on: a text that runs over a page break has its start mark
    // on one page and its end mark on the next, and its number may be on either.
    let mut marked: BTreeSet<(&str, usize)> = BTreeSet::new();
    marked.extend(marks.iter().map(|mark| (mark.key.as_str(), mark.page)));
    for mark in &marks {
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
                pages.get(page).is_some_and(|lines| {
                    lines.iter().any(|line| printed_whole(line, phone, always))
                })
            };
            let started_before =
                mark.page > 1 && marked.contains(&(mark.key.as_str(), mark.page - 1));
            let printed =
                on(mark.page - 1) || on(mark.page) || (started_before && on(mark.page - 2));
            if !printed {
                let message = format!(
                    "the number {phone} ({id}) is not printed whole where its text is: it was cut \
                     off or broken across lines"
                );
                let hint = "keep the number in one piece: it must be printed exactly as in \
                            content/services.toml";
                findings.push(
                    Diagnostic::error("numbers", message)
                        .page(mark.page)
                        .keys([&mark.key])
                        .hint(hint),
                );
            }
        }
    }
    findings
}

/// Whether `line` prints `phone` as a whole number, with no further digits beside it.
fn printed_whole(line: &str, phone: &str, always: &[&str]) -> bool {
    truth::numbers_beside_hours(line, always).iter().any(|n| n.written == phone)
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
/// a page number) get a tab, which joins no digits, so that numbers in neighbouring columns are
/// not read as one.
fn join(mut line: Vec<Piece>) -> String {
    line.sort_by(|a, b| a.x0.total_cmp(&b.x0));
    let mut text = String::new();
    let mut end = f64::NEG_INFINITY;
    for piece in line {
        let gap = piece.x0 - end;
        if !text.is_empty() && gap > piece.size * 0.6 {
            text.push('\t');
        } else if !text.is_empty() && (gap > piece.size * 0.2 || blank_on_left(&piece)) {
            text.push(' ');
        }
        text.push_str(&piece.text);
        end = piece.x1;
    }
    text
}

/// Whether a right-to-left piece has a space at its left edge: its last character, which is
/// set at its left. The space is inside the piece, so it leaves no gap between the pieces;
/// without it a number at the end of an Arabic sentence would read as one with the next word,
/// whose letters can pass for digits. (A left-to-right piece's leading space is already where
/// the text reads it.)
fn blank_on_left(piece: &Piece) -> bool {
    let rtl =
        piece.text.chars().any(|c| matches!(c, '\u{0590}'..='\u{08FF}' | '\u{FB1D}'..='\u{FEFC}'));
    rtl && piece.text.chars().last().is_some_and(char::is_whitespace)
}
