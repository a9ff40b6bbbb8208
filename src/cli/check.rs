//! `leafpress check`: lays out every requested document in memory, runs every check on it, and
//! reports what it found, grouped by document, without writing anything. Exit 0 when there are
//! no errors, 1 when there are.

use std::path::Path;
use std::time::Instant;

use super::{CheckArgs, Outcome, build};
use crate::batch::{self, Said};
use crate::checks::report::Report;
use crate::checks::{self, Checked, Finding, glyphs};
use crate::error::{Error, Result};
use crate::project::Project;
use crate::render::{self, Job, Options};

/// Checks the documents `args` asks for in the project at `dir`.
pub fn run(dir: &Path, args: &CheckArgs) -> Result<Outcome> {
    let start = Instant::now();
    let (checked, documents) = match check_all(dir, args) {
        Ok(found) => found,
        // A content file that does not load is a finding like any other: the report says
        // where it is, and the exit code says that the documents are not fit to print.
        Err(Error::Content(content)) => {
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
        println!("{}", report.json());
    } else {
        print!("{}", report.human());
    }
    let clean = report.count(checks::Severity::Error) == 0;
    Ok(if clean { Outcome::Success } else { Outcome::SomeFailed })
}

/// What a document says while the batch runs: nothing, since the report comes at the end.
static QUIET: Said = Said { line: String::new(), notes: String::new(), failed: false };

/// Every finding, by content file and document, and the number of documents checked.
fn check_all(dir: &Path, args: &CheckArgs) -> Result<(Vec<Checked>, usize)> {
    let project = Project::open(dir)?;
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
    let found = batch::run(&jobs, threads, |job| check_one(&project, job, &options), |_| &QUIET)?;
    checked.extend(found);
    Ok((checked, jobs.len()))
}

/// Lays out one document and checks it; a document that cannot be laid out is one finding.
fn check_one(project: &Project, job: &Job, options: &Options) -> Checked {
    let checked = batch::guarded(|| match render::lay_out(project, job, options) {
        Ok(done) => checks::document(project, job, options, &done.laid_out, &done.document),
        Err(error) => {
            // Layout refuses only one kind of content: characters no font has.
            let check = if matches!(error, Error::Content(_)) { "glyphs" } else { "layout" };
            Checked { subject: job.name(), findings: vec![Finding::from_error(check, &error)] }
        }
    });
    checked.unwrap_or_else(|panic| {
        let message = format!("leafpress stopped unexpectedly while checking it: {panic}");
        let finding = Finding::error("layout", message)
            .hint("this is a bug in leafpress or Typst; the other documents are checked as usual");
        Checked { subject: job.name(), findings: vec![finding] }
    })
}
