//! `leafpress status`: per language, its review status and reviewer, how many texts are
//! reviewed and translated, and how many were translated from an English text that has changed
//! since.

use std::path::Path;

use super::Outcome;
use crate::content::review;
use crate::content::stamps::{self, Progress};
use crate::content::{Language, Node, SOURCE_LANGUAGE, Status};
use crate::diagnostic::Place;
use crate::error::Result;
use crate::project::Project;

/// Prints the translation table of the project in `dir`; with `detail`, the keys behind the
/// counts for the languages named.
pub fn run(dir: &Path, detail: &[String]) -> Result<Outcome> {
    let project = Project::open(dir)?;
    let content = &project.content;
    let source = content.source();
    crate::outln!(
        "{:<4} {:<12} {:<9} {:<34} {:>9} {:>10} {:>6}",
        "",
        "language",
        "status",
        "reviewer",
        "reviewed",
        "translated",
        "stale"
    );
    let progress: Vec<Progress> =
        content.languages.iter().map(|language| stamps::progress(source, language)).collect();
    for (language, progress) in content.languages.iter().zip(&progress) {
        crate::outln!("{}", row(source, language, progress));
    }
    for (language, progress) in content.languages.iter().zip(&progress) {
        let detailed = detail.contains(&language.code);
        if detailed || !progress.stale.is_empty() {
            print_keys(language, progress, detailed);
        }
        if detailed && !language.is_draft() {
            print_unreviewed(source, language, progress);
        }
    }
    let stale_anywhere = progress.iter().any(|p| !p.stale.is_empty());
    if stale_anywhere {
        crate::outln!(
            "\nafter updating a stale text, record it with `leafpress stamp <lang> <key>`; see \
             README, \"Translating\""
        );
    }
    Ok(Outcome::Success)
}

/// One line of the table.
fn row(source: &Language, language: &Language, progress: &Progress) -> String {
    let status = match (language.code.as_str(), language.status) {
        (SOURCE_LANGUAGE, _) => "source",
        (_, Status::Reviewed) => "reviewed",
        (_, Status::Draft) => "DRAFT",
    };
    let reviewer = if language.reviewer.is_empty() { "–" } else { &language.reviewer };
    let reviewed = progress.translated - review::unreviewed(source, language).len();
    let stale = if language.code == SOURCE_LANGUAGE {
        "–".to_string()
    } else {
        progress.stale.len().to_string()
    };
    format!(
        "{:<4} {:<12} {:<9} {:<34} {:>9} {:>10} {:>6}",
        language.code,
        language.english_name,
        status,
        shorten(reviewer, 34),
        format!("{reviewed}/{}", progress.total),
        format!("{}/{}", progress.translated, progress.total),
        stale
    )
}

/// The stale keys (with where the translation is), and with `missing` the untranslated ones.
fn print_keys(language: &Language, progress: &Progress, missing: bool) {
    for key in &progress.stale {
        crate::outln!("{}: stale: {key}", place_of(language, key));
    }
    if missing {
        for key in &progress.missing {
            crate::outln!("{}: not translated: {key}", language.file.path.display());
        }
    }
}

/// In a reviewed language, its translated texts that no one has reviewed yet (stale texts are
/// listed as stale already).
fn print_unreviewed(source: &Language, language: &Language, progress: &Progress) {
    for key in review::unreviewed(source, language) {
        if progress.stale.contains(&key) {
            continue;
        }
        crate::outln!("{}: not reviewed: {key}", place_of(language, &key));
    }
}

/// Where `key`'s text is written in `language`'s file (the file alone when it has none).
fn place_of(language: &Language, key: &str) -> Place {
    let file = &language.file;
    match language.get(key) {
        Some(Node::Text(text)) => Place::in_text(&file.path, &file.text, text.span.clone()),
        _ => Place::file(&file.path),
    }
}

fn shorten(text: &str, width: usize) -> String {
    if text.chars().count() <= width {
        return text.to_string();
    }
    let kept: String = text.chars().take(width - 1).collect();
    format!("{kept}…")
}
