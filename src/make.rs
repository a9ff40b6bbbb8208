//! Making one document: lay it out, run every check on it, and export it only when the checks
//! found no errors. `build`, the preview and the catalogue all make documents this way, so that
//! no PDF leaves leafpress unchecked.

use std::collections::BTreeMap;

use crate::checks::{self, Checked};
use crate::error::Result;
use crate::plan::{Job, Options};
use crate::project::Project;
use crate::render::{self, Pdf};
use crate::timing::{self, Stage};
use crate::world::LeafWorld;

/// A document made as `leafpress build` makes it: exported only when its checks found no
/// errors.
pub enum Made {
    /// The PDF, and the checks' warnings.
    Pdf(Pdf, Checked),
    /// The checks found errors, so no PDF was made.
    Refused(Checked),
}

/// Lays out `job`, checks it, and exports it when the checks found no errors.
pub fn make(project: &Project, job: &Job, options: &Options) -> Result<Made> {
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
) -> Result<(Made, BTreeMap<String, String>)> {
    let start = std::time::Instant::now();
    let mut done = render::lay_out_in(world, project, job, options)?;
    let served = done.served();
    let checked = timing::measure(Stage::Checks, || {
        checks::document(project, job, options, &done.laid_out, &done.document)
    });
    if checked.has_errors() {
        return Ok((Made::Refused(checked), served));
    }
    Ok((Made::Pdf(render::export(project, job, options, &done, start)?, checked), served))
}
