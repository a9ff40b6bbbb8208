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
pub use crate::glyphs;
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

use std::collections::BTreeMap;

use serde::Serialize;
use typst_layout::PagedDocument;

use crate::content::{Node, TomlFile, WarningKind};
use crate::error::{ContentError, Error, Location};
use crate::project::Project;
use crate::render::{self, Job, Options, Pdf};
use crate::world::LeafWorld;

/// How bad a finding is: errors stop a document from being written, warnings do not.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The document would print wrongly.
    Error,
    /// Worth a look, but the document prints as meant.
    Warning,
}

/// One problem a check found.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Finding {
    /// Error or warning.
    pub severity: Severity,
    /// The check that found it: `overflow`, `qr`, `numbers`, `glyphs`, `translation`, `urls`,
    /// `contrast`, `org` or `content`.
    pub check: &'static str,
    /// The page it is on, from 1, where it is on one page.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub page: Option<usize>,
    /// The content keys it concerns.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub keys: Vec<String>,
    /// Where to fix it: `path:line:col`, where known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub location: Option<String>,
    /// What is wrong, in lowercase.
    pub message: String,
    /// How to fix it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hint: Option<String>,
}

impl Finding {
    /// An error from `check`.
    pub fn error(check: &'static str, message: impl Into<String>) -> Self {
        Self {
            severity: Severity::Error,
            check,
            page: None,
            keys: Vec::new(),
            location: None,
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

    /// Fixed at `location` (`path:line:col`).
    pub fn at(mut self, location: impl Into<String>) -> Self {
        self.location = Some(location.into());
        self
    }

    /// With a hint on how to fix it.
    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    /// A located error (a content or layout error) as a finding.
    pub fn from_error(check: &'static str, error: &Error) -> Self {
        match error {
            Error::Content(content) => Self::from_content(check, content),
            other => Self::error(check, other.to_string()),
        }
    }

    /// A content error as a finding, at its file, line and column.
    pub fn from_content(check: &'static str, content: &ContentError) -> Self {
        let path = content.path.display();
        let at = match &content.location {
            Some(location) => format!("{path}:{}:{}", location.line, location.column),
            None => path.to_string(),
        };
        let finding = Self::error(check, content.message.clone()).at(at);
        let finding = Self { keys: content.key.iter().cloned().collect(), ..finding };
        Self { hint: content.hint.clone(), ..finding }
    }
}

/// What the checks found in one document, or in one content file.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Checked {
    /// The document (`fr/pocket`) or file (`content/fr.toml`) the findings are about.
    pub subject: String,
    /// What was found, errors first.
    pub findings: Vec<Finding>,
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
    for finding in findings.iter_mut().filter(|f| f.location.is_none()) {
        finding.location = finding.keys.first().and_then(|key| locate(project, &job.language, key));
    }
    findings.sort_by_key(|f| (f.severity, f.page));
    Checked { subject: job.name(), findings }
}

/// A warning when an organisation's card title names violence or abuse: the card must be safe
/// to carry.
fn card_title(job: &Job, options: &Options) -> Option<Finding> {
    let org = options.org.as_ref().filter(|_| job.layout.name.starts_with("card"))?;
    let word = org.unsafe_card_title()?;
    let message = format!(
        "the card's title “{}” names violence or abuse (`{word}`): carrying the card is not safe",
        org.card_title.as_deref().unwrap_or_default()
    );
    let finding = Finding::warning("org", message).keys(["card_title"]);
    let finding = finding.hint("keep the title neutral, such as \"Useful numbers\"");
    Some(match org.locate("card_title") {
        Some(at) => finding.at(at),
        None => finding,
    })
}

/// A document made as `leafpress build` makes it: exported only when its checks found no
/// errors.
pub enum Made {
    /// The PDF, and the checks' warnings.
    Pdf(Pdf, Checked),
    /// The checks found errors, so no PDF was made.
    Refused(Checked),
}

/// Lays out `job`, checks it, and exports it when the checks found no errors.
pub fn make(project: &Project, job: &Job, options: &Options) -> crate::error::Result<Made> {
    let world = render::world(project, job, &render::page_options(job, options))?;
    Ok(make_in(world, project, job, options)?.0)
}

/// [`make`] in a fresh world made by [`render::world_with`] with the options
/// [`render::page_options`] gives; also gives every file the layout read, with a hash of each.
pub fn make_in(
    world: LeafWorld,
    project: &Project,
    job: &Job,
    options: &Options,
) -> crate::error::Result<(Made, BTreeMap<String, String>)> {
    let start = std::time::Instant::now();
    let mut done = render::lay_out_in(world, project, job, options)?;
    let served = done.served();
    let checked = crate::timing::measure(crate::timing::Stage::Checks, || {
        document(project, job, options, &done.laid_out, &done.document)
    });
    if checked.has_errors() {
        return Ok((Made::Refused(checked), served));
    }
    Ok((Made::Pdf(render::export(project, job, options, &done, start)?, checked), served))
}

/// Where `key` is written, as `path:line:col`: in `language`'s file, or in the English one where
/// the text falls back to English.
pub fn locate(project: &Project, language: &str, key: &str) -> Option<String> {
    let own = project.content.language(language);
    let languages = own.into_iter().chain([project.content.source()]);
    languages.into_iter().find_map(|language| match language.get(key)? {
        Node::Text(text) => {
            let location = Location::of(&language.file.text, text.span.clone());
            Some(format!("{}:{}:{}", language.file.path.display(), location.line, location.column))
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
        Err(error) => (services.display().to_string(), vec![Finding::from_error("urls", &error)]),
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
            findings.push(Finding::warning("translation", message).keys(missing).hint(hint));
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
            findings.push(Finding::warning("translation", message).keys(stale).hint(hint));
        }
        if !findings.is_empty() {
            let findings = findings.into_iter().map(|f| f.at(path.clone())).collect();
            checked.push(Checked { subject: path.clone(), findings });
        }
    }
    checked
}

/// "1 text" or "N texts".
fn count(n: usize) -> String {
    if n == 1 { "1 text".into() } else { format!("{n} texts") }
}
