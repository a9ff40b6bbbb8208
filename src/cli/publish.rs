//! `leafpress publish`: every document in every print mode, with a catalogue site to print
//! them from (see [`crate::publish`]).

use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};

use super::{Outcome, PublishArgs, content_fit_for};
use crate::batch;
use crate::error::{Error, Result};
use crate::plan;
use crate::project::Project;
use crate::publish::{self, Request};

/// Publishes the documents `args` asks for, from the project at `dir`, into `args.out`.
pub fn run(dir: &Path, args: &PublishArgs) -> Result<Outcome> {
    if args.docs.print_shop || args.docs.sheet.is_some() {
        return Err(Error::Usage {
            message: "publish makes every print mode, so it takes no --print-shop or --sheet"
                .into(),
            hint: "leave them out: the catalogue offers the office, A4 sheet and print shop files"
                .into(),
        });
    }
    let start = Instant::now();
    let project = Arc::new(Project::open(dir)?);
    let request = args.docs.request();
    let jobs = plan::jobs(&project, &request)?;
    if !content_fit_for(&project, &jobs)? {
        crate::outln!("nothing published: fix the directory first");
        return Ok(Outcome::SomeFailed);
    }
    let request = Request {
        out: args.out.clone(),
        options: plan::options(&project, &request)?,
        threads: batch::threads(args.docs.jobs),
        limit: Duration::from_secs(args.timeout),
        jobs,
    };
    let published = publish::publish(&project, &request)?;
    crate::outln!(
        "published {} documents ({} PDFs) as a catalogue of {} files, {:.1} MB, in {:.1} s → {}",
        published.documents,
        published.pdfs,
        published.files,
        published.bytes as f64 / 1_000_000.0,
        start.elapsed().as_secs_f64(),
        args.out.join("index.html").display()
    );
    if published.failed > 0 {
        crate::outln!("{} files could not be made or did not pass the checks", published.failed);
        return Ok(Outcome::SomeFailed);
    }
    Ok(Outcome::Success)
}
