//! `leafpress check`: lays out every requested document in memory, runs every check on it, and
//! reports what it found, grouped by document, without writing anything. Exit 0 when there are
//! no errors, 1 when there are, and 2 when the content does not load (as `build` exits).

use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};

use super::{CheckArgs, Outcome, build};
use crate::batch::{self, Said};
use crate::checks::report::Report;
use crate::checks::{self, Checked, Finding, glyphs};
use crate::deadline::{self, Stopped};
use crate::error::{self, Error, Result};
use crate::project::Project;
use crate::render::{self, Job, Options};

/// Checks the documents `args` asks for in the project at `dir`.
pub fn run(dir: &Path, args: &CheckArgs) -> Result<Outcome> {
    let start = Instant::now();
    let mut loaded = true;
    let (checked, documents) = match check_all(dir, args) {
        Ok(found) => found,
        // A content file that does not load is a finding like any other: the report says
        // where it is, and the exit code says that the documents are not fit to print.
        Err(Error::Content(content)) => {
            loaded = false;
            let subject = content.path.display().to_string();
            (
                vec![Checked {
                    subject,
                    findings: vec![Finding::from_content("content", &content)],
                }],
                0,
            )
        }
        Err(error) => return Err(error),
    };
    let report = Report { checked, documents, elapsed: start.elapsed() };
    if args.json {
        crate::outln!("{}", report.json());
    } else {
        crate::out!("{}", report.human());
    }
    let clean = report.count(checks::Severity::Error) == 0;
    Ok(match (loaded, clean) {
        (false, _) => Outcome::NotLoaded,
        (true, true) => Outcome::Success,
        (true, false) => Outcome::SomeFailed,
    })
}

/// What a document says while the batch runs: nothing, since the report comes at the end.
static QUIET: Said = Said { line: String::new(), notes: String::new(), failed: false };

/// Every finding, by content file and document, and the number of documents checked.
fn check_all(dir: &Path, args: &CheckArgs) -> Result<(Vec<Checked>, usize)> {
    // Shared with each document's own thread, which may outlive its time limit.
    let project = Arc::new(Project::open(dir)?);
    let options = build::options(&project, &args.docs)?;
    let jobs = build::jobs(&project, &args.docs)?;
    let mut languages: Vec<String> = jobs.iter().flat_map(|j| j.languages.clone()).collect();
    languages.sort();
    languages.dedup();
    let mut checked = checks::project(&project, &languages);
    for language in project.content.languages.iter().filter(|l| languages.contains(&l.code)) {
        if let Err(error) = glyphs::check_language(language, &project.coverage) {
            let subject = language.file.path.display().to_string();
            checked
                .push(Checked { subject, findings: vec![Finding::from_error("glyphs", &error)] });
        }
    }
    // As in `build`, several documents at once; the report follows once all are checked.
    let threads = batch::threads(args.docs.jobs);
    let limit = Duration::from_secs(args.timeout);
    let check = |job: &Job| check_one(&project, job, &options, limit);
    let found = batch::run(&jobs, threads, check, |_| &QUIET)?;
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
                Checked { subject: job.name(), findings: vec![Finding::from_error(check, &error)] }
            }
        })
    };
    let finding = match checked {
        Ok(checked) => return checked,
        Err(Stopped::TimedOut) => {
            let message = format!("it {}", error::timed_out_message(limit.as_secs()));
            let hint = error::timed_out_hint(&deadline::layout_path(project, job));
            Finding::error("layout", message).hint(hint)
        }
        Err(Stopped::Panicked(panic)) => Finding::error(
            "layout",
            format!("leafpress stopped unexpectedly while checking it: {panic}"),
        )
        .hint("this is a bug in leafpress or Typst; the other documents are checked as usual"),
        Err(Stopped::NoThread(error)) => {
            Finding::error("layout", format!("no thread to check it on: {error}"))
                .hint("the system may be out of memory or threads; try --jobs 1")
        }
    };
    Checked { subject: job.name(), findings: vec![finding] }
}
