//! `leafpress preview`: serves a page that shows every layout of one language beside English
//! and updates it as files are saved; see [`crate::preview`].

use std::path::Path;

use super::{Outcome, PreviewArgs};
use crate::error::Result;
use crate::plan::{self, Request};
use crate::preview::{self, Settings};

/// Serves the preview of the project at `dir` until the process is stopped.
pub fn run(dir: &Path, args: &PreviewArgs) -> Result<Outcome> {
    // The documents are made as a plain `leafpress build` makes them, for this organisation and
    // region: the same options, read again whenever a file changes.
    let request = Request {
        region: args.region.clone(),
        orgs: args.org.iter().cloned().collect(),
        ..Request::default()
    };
    let settings = Settings {
        dir: dir.to_path_buf(),
        lang: args.lang.clone(),
        bind: args.bind,
        port: args.port,
        org: args.org.clone(),
        options: Box::new(move |project| plan::options(project, &request)),
        timeout: std::time::Duration::from_secs(args.timeout),
    };
    preview::run(settings)?;
    Ok(Outcome::Success)
}
