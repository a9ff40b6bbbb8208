//! `leafpress build`: every requested layout × language, written to
//! OUT/<lang>/<layout>[-size][-print|-a4].pdf, and OUT/multi/ for multilingual layouts (see
//! [`crate::build`]).

use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};

use super::{BuildArgs, Outcome, content_fit_for};
use crate::batch;
use crate::build::{self, Built, Settings};
use crate::content::WarningKind;
use crate::error::Result;
use crate::plan::{self, Job};
use crate::project::Project;
use crate::timing::{self, Stage};

/// Builds the documents `args` asks for in the project at `dir`, several at once.
pub fn run(dir: &Path, args: &BuildArgs) -> Result<Outcome> {
    let start = Instant::now();
    // Shared with each document's own thread, which may outlive its time limit.
    let project = Arc::new(timing::measure(Stage::Load, || Project::open(dir))?);
    let request = args.docs.request();
    let variants = plan::variants(&project, &request, &args.out)?;
    let jobs = plan::jobs(&project, &request)?;
    if !timing::measure(Stage::Content, || content_fit_for(&project, &jobs))? {
        let total = variants.len() * jobs.len();
        crate::outln!("0 of {total} documents built: fix the directory first");
        return Ok(Outcome::SomeFailed);
    }
    report_fallbacks(&project, &jobs);
    let settings = Settings {
        out: args.out.clone(),
        force: args.force,
        limit: Duration::from_secs(args.timeout),
        threads: batch::threads(args.docs.jobs),
    };
    let Built { total, failed, unchanged, threads } =
        build::run(&project, &jobs, &variants, &settings)?;
    let seconds = start.elapsed().as_secs_f64();
    let plural = if threads == 1 { "" } else { "s" };
    let unchanged = match unchanged {
        0 => String::new(),
        n => format!("; {n} unchanged"),
    };
    crate::outln!(
        "{} of {total} documents built in {seconds:.1} s ({threads} thread{plural}{unchanged})",
        total - failed
    );
    if timing::wanted() {
        crate::err!("{}", timing::table());
    }
    Ok(if failed == 0 { Outcome::Success } else { Outcome::SomeFailed })
}

/// Tells the user, once per language built, which texts print in English instead and which
/// were translated from an English text that has changed since.
fn report_fallbacks(project: &Project, jobs: &[Job]) {
    for language in &project.content.languages {
        if !jobs.iter().any(|j| j.languages.contains(&language.code)) {
            continue;
        }
        let keys = |kind| project.content.warning_keys(language, kind);
        let path = language.file.path.display();
        let code = &language.code;
        let fallback = keys(WarningKind::Fallback);
        if !fallback.is_empty() {
            crate::errln!(
                "{path}: warning: {} not translated; where a layout uses them, it prints the \
                 English text, marked EN: {}",
                texts(fallback.len()),
                some(&fallback)
            );
        }
        let stale = keys(WarningKind::Stale);
        if language.stamps.is_empty() && !stale.is_empty() {
            crate::errln!(
                "{path}: warning: no record of the English texts it was translated from\nhint: \
                 once the translation is checked against content/en.toml, run `leafpress stamp {code}`"
            );
        } else if !stale.is_empty() {
            crate::errln!(
                "{path}: warning: {} translated from an English text that has changed since: \
                 {}\nhint: update them, then run `leafpress stamp {code} <key>`; `leafpress \
                 status` lists them",
                texts(stale.len()),
                some(&stale)
            );
        }
    }
}

/// "1 text is" or "N texts are".
fn texts(count: usize) -> String {
    if count == 1 { "1 text is".into() } else { format!("{count} texts are") }
}

/// The first few keys of a list, so that one warning stays a few lines long.
fn some(keys: &[&str]) -> String {
    const SHOWN: usize = 6;
    match keys.len().checked_sub(SHOWN) {
        Some(more) if more > 0 => format!("{}, and {more} more", keys[..SHOWN].join(", ")),
        _ => keys.join(", "),
    }
}
