//! `leafpress preview`: serves a page that shows every layout of one language beside English
//! and updates it as files are saved; see [`crate::preview`].

use std::path::Path;

use super::{DocArgs, Outcome, PreviewArgs, build};
use crate::error::Result;
use crate::preview::{self, Settings};

/// Serves the preview of the project at `dir` until the process is stopped.
pub fn run(dir: &Path, args: &PreviewArgs) -> Result<Outcome> {
    // The documents are made as a plain `leafpress build` makes them, for this organisation and
    // region: the same options, read again whenever a file changes.
    let docs = DocArgs {
        lang: Vec::new(),
        layout: Vec::new(),
        print_shop: false,
        sheet: None,
        size: None,
        region: args.region.clone(),
        org: args.org.iter().cloned().collect(),
        jobs: None,
    };
    let settings = Settings {
        dir: dir.to_path_buf(),
        lang: args.lang.clone(),
        bind: args.bind,
        port: args.port,
        org: args.org.clone(),
        options: Box::new(move |project| build::options(project, &docs)),
        timeout: std::time::Duration::from_secs(args.timeout),
    };
    preview::run(settings)?;
    Ok(Outcome::Success)
}
