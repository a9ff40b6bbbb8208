//! Preflight: checks on what a document will print, so that nothing that would ruin a print
//! run gets written. [`document`] runs every check on one laid-out document; [`project`] runs
//! the ones that look at content rather than pages.
//!
//! - [`overflow`]: text that ran off its page, panel or tab, and body text below the minimum;
//! - [`qr`]: every QR code decodes to its payload, with modules of at least 0.4 mm and a
//!   clear quiet zone, beside what it encodes; every other image, and every code a layout draws
//!   as vectors, is read too (the organisation's logo at load, see [`crate::org`]);
//! - [`numbers`]: every number and address printed comes from the directory, whole, with no
//!   digits beside it and no disguise (see [`crate::truth`]);
//! - [`glyphs`]: every character has a glyph in the bundled fonts;
//! - [`urls`]: web and QR addresses are https, without tracking or shorteners;
//! - [`contrast`]: text colours meet WCAG AA against what lies under them;
//! - [`sizes`]: no text on the page, small print included, under its kind's minimum;
//! - [`margins`]: no text or image, the draft mark included, within 5 mm of the page edge;
//! - [`press`]: for a print shop, colours in CMYK under 300 % ink, no rich black text, no
//!   hairlines, no picture under 300 pixels per inch;
//! - `org`: a card title that names violence is a warning.

pub mod contrast;
pub mod frames;
// The glyph check lives beside the fonts, since laying out ([`crate::render`]) needs it too;
// re-exported so that the checks read as one list.
pub(crate) use crate::glyphs;
pub mod margins;
pub mod marks;
pub mod numbers;
pub mod overflow;
pub mod press;
pub mod qr;
pub mod report;
pub mod sizes;
pub mod urls;
pub mod vectors;

use serde::Serialize;
use typst_layout::PagedDocument;

use crate::content::{Node, TomlFile, WarningKind};
use crate::diagnostic::Place;
pub(crate) use crate::diagnostic::{Diagnostic, Severity};
use crate::plan::{Job, Options};
use crate::project::Project;

/// What the checks found in one document, or in one content file.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Checked {
    /// The document (`fr/pocket`) or file (`content/fr.toml`) the findings are about.
    pub subject: String,
    /// What was found, errors first.
    pub findings: Vec<Diagnostic>,
}

impl Checked {
    /// Whether any finding is an error.
    pub fn has_errors(&self) -> bool {
        self.findings.iter().any(|f| f.severity == Severity::Error)
    }
}

/// Every check on one document: `laid_out` is its pages as the layout made them, `printed` the
/// pages that are printed (imposed on sheets, or the same pages).
pub fn document(
    project: &Project,
    job: &Job,
    options: &Options,
    laid_out: &PagedDocument,
    printed: &PagedDocument,
) -> Checked {
    let mut findings = overflow::check(laid_out, &job.layout, options.org.as_ref());
    let payloads = project.qr_allowed(options.org.as_ref());
    findings.extend(qr::check(printed, project.shared.qr_codes(), &payloads, &project.dir));
    findings.extend(card_title(job, options));
    findings.extend(numbers::check(laid_out, project, job, options));
    findings.extend(contrast::check(laid_out));
    findings.extend(sizes::check(laid_out, &job.layout));
    if options.cmyk {
        findings.extend(press::check(printed));
    }
    // Text that ran off its box crosses the margins too; the overflow already says so.
    if !findings.iter().any(|f| f.check == "overflow") {
        findings.extend(margins::check(laid_out));
    }
    for finding in findings.iter_mut().filter(|f| f.place.is_none()) {
        finding.place = finding.keys.first().and_then(|key| locate(project, &job.language, key));
    }
    findings.sort_by_key(|f| (f.severity, f.page));
    Checked { subject: job.name(), findings }
}

/// A warning when an organisation's card title names violence or abuse: the card must be safe
/// to carry.
fn card_title(job: &Job, options: &Options) -> Option<Diagnostic> {
    let org = options.org.as_ref().filter(|_| job.layout.name.starts_with("card"))?;
    let word = org.unsafe_card_title()?;
    let message = format!(
        "the card's title “{}” names violence or abuse (`{word}`): carrying the card is not safe",
        org.card_title.as_deref().unwrap_or_default()
    );
    let finding = Diagnostic::warning("org", message).keys(["card_title"]);
    let finding = finding.hint("keep the title neutral, such as \"Useful numbers\"");
    Some(match org.locate("card_title") {
        Some(at) => finding.at(at),
        None => finding,
    })
}

/// The content gate: what every document of `jobs` shares, checked before any is laid out. A
/// character no font has is an error (once per language, returned as the error), and so is a
/// bad address in the directory, which every document carries: the directory's findings with
/// errors are returned, and no document should be made while there are any.
pub fn gate(project: &Project, jobs: &[Job]) -> crate::error::Result<Vec<Checked>> {
    for language in project.content.languages.iter() {
        if jobs.iter().any(|job| job.languages.contains(&language.code)) {
            glyphs::check_language(language, &project.coverage)?;
        }
    }
    let mut directory = self::project(project, &[]);
    directory.retain(Checked::has_errors);
    Ok(directory)
}

/// Where `key` is written: in `language`'s file, or in the English one where
/// the text falls back to English.
pub fn locate(project: &Project, language: &str, key: &str) -> Option<Place> {
    let own = project.content.language(language);
    let languages = own.into_iter().chain([project.content.source()]);
    languages.into_iter().find_map(|language| match language.get(key)? {
        Node::Text(text) => {
            Some(Place::in_text(&language.file.path, &language.file.text, text.span.clone()))
        }
        _ => None,
    })
}

/// The checks that look at content rather than pages: web and QR addresses, and texts that
/// are missing or stale in the languages in `languages`.
pub fn project(project: &Project, languages: &[String]) -> Vec<Checked> {
    let mut checked = Vec::new();
    let services = project.dir.join("content").join("services.toml");
    let (subject, findings) = match TomlFile::read(&services) {
        Ok(file) => {
            (file.path.display().to_string(), urls::check(&project.content.directory, &file))
        }
        Err(error) => {
            (services.display().to_string(), vec![Diagnostic::from_error("urls", &error)])
        }
    };
    if !findings.is_empty() {
        checked.push(Checked { subject, findings });
    }
    for language in project.content.languages.iter().filter(|l| languages.contains(&l.code)) {
        let path = language.file.path.display().to_string();
        let keys = |kind| project.content.warning_keys(language, kind);
        let mut findings = Vec::new();
        let missing = keys(WarningKind::Fallback);
        if !missing.is_empty() {
            let message = format!("{} not translated, printed in English", count(missing.len()));
            let hint = "translate them; `leafpress status --lang CODE` lists them all";
            findings.push(Diagnostic::warning("translation", message).keys(missing).hint(hint));
        }
        let stale = keys(WarningKind::Stale);
        if !stale.is_empty() {
            let message = format!(
                "{} translated from an English text that has changed since",
                count(stale.len())
            );
            let hint = format!(
                "update them from content/en.toml, then run `leafpress stamp {} <key>`",
                language.code
            );
            findings.push(Diagnostic::warning("translation", message).keys(stale).hint(hint));
        }
        if !findings.is_empty() {
            let findings =
                findings.into_iter().map(|f| f.at(Place::file(&language.file.path))).collect();
            checked.push(Checked { subject: path.clone(), findings });
        }
    }
    checked
}

/// "1 text" or "N texts".
fn count(n: usize) -> String {
    if n == 1 { "1 text".into() } else { format!("{n} texts") }
}
