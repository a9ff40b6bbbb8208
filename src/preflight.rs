//! The preflight of `leafpress check`: every planned document laid out in memory and checked,
//! several at once, each within its time limit, with the checks on content that every document
//! shares; nothing is written.

use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use crate::batch::{self, Said};
use crate::checks::{self, Checked, Diagnostic, glyphs};
use crate::deadline::{self, Stopped};
use crate::error::{self, Error, Result};
use crate::plan::{self, Job, Options, Request};
use crate::project::Project;
use crate::render;

/// How the documents are checked: how many at once, and each one's time limit.
pub struct Settings {
    /// How many documents to check at once.
    pub threads: usize,
    /// The time limit of each document.
    pub limit: Duration,
}

/// What a document says while the batch runs: nothing, since the report comes at the end.
static QUIET: Said = Said { line: String::new(), notes: String::new(), failed: false };

/// Every finding, by content file and document, and the number of documents checked, for the
/// documents `request` asks for in the project at `dir`.
pub fn check_all(
    dir: &Path,
    request: &Request,
    settings: &Settings,
) -> Result<(Vec<Checked>, usize)> {
    // Shared with each document's own thread, which may outlive its time limit.
    let project = Arc::new(Project::open(dir)?);
    let options = plan::options(&project, request)?;
    let jobs = plan::jobs(&project, request)?;
    let mut languages: Vec<String> = jobs.iter().flat_map(|j| j.languages.clone()).collect();
    languages.sort();
    languages.dedup();
    let mut checked = checks::project(&project, &languages);
    for language in project.content.languages.iter().filter(|l| languages.contains(&l.code)) {
        if let Err(error) = glyphs::check_language(language, &project.coverage) {
            let subject = language.file.path.display().to_string();
            checked.push(Checked {
                subject,
                findings: vec![Diagnostic::from_error("glyphs", &error)],
            });
        }
    }
    // As in `build`, several documents at once; the report follows once all are checked.
    let check = |job: &Job| check_one(&project, job, &options, settings.limit);
    let found = batch::run(&jobs, settings.threads, check, |_| &QUIET)?;
    checked.extend(found);
    Ok((checked, jobs.len()))
}

/// Lays out one document and checks it, on a thread of its own, given at most `limit`; a
/// document that cannot be laid out is one finding.
fn check_one(project: &Arc<Project>, job: &Job, options: &Options, limit: Duration) -> Checked {
    let checked = {
        let (project, job, options) = (project.clone(), job.clone(), options.clone());
        deadline::run(limit, move || match render::lay_out(&project, &job, &options) {
            Ok(done) => checks::document(&project, &job, &options, &done.laid_out, &done.document),
            Err(error) => {
                // Layout refuses only one kind of content: characters no font has.
                let check = if matches!(error, Error::Content(_)) { "glyphs" } else { "layout" };
                Checked {
                    subject: job.name(),
                    findings: vec![Diagnostic::from_error(check, &error)],
                }
            }
        })
    };
    let finding = match checked {
        Ok(checked) => return checked,
        Err(Stopped::TimedOut) => {
            let message = format!("it {}", error::timed_out_message(limit.as_secs()));
            let hint = error::timed_out_hint(&deadline::layout_path(project, job));
            Diagnostic::error("layout", message).hint(hint)
        }
        Err(Stopped::Panicked(panic)) => Diagnostic::error(
            "layout",
            format!("leafpress stopped unexpectedly while checking it: {panic}"),
        )
        .hint("this is a bug in leafpress or Typst; the other documents are checked as usual"),
        Err(Stopped::NoThread(error)) => {
            Diagnostic::error("layout", format!("no thread to check it on: {error}"))
                .hint("the system may be out of memory or threads; try --jobs 1")
        }
    };
    Checked { subject: job.name(), findings: vec![finding] }
}
