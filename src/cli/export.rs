//! `leafpress export-project DIR`: writes the requested documents as a plain Typst project,
//! with a script that builds them with the stock compiler.

use std::path::Path;

use super::{ExportArgs, Outcome, content_fit_for};
use crate::error::{Error, Result};
use crate::export;
use crate::plan;
use crate::project::Project;

/// Exports the documents `args` asks for from the project at `dir`.
pub fn run(dir: &Path, args: &ExportArgs) -> Result<Outcome> {
    if args.docs.sheet.is_some() {
        return Err(Error::Usage {
            message: "export-project cannot impose pages on sheets".into(),
            hint: "leave out --sheet: leafpress imposes pages after layout, which a plain \
                   Typst project cannot"
                .into(),
        });
    }
    let project = Project::open(dir)?;
    let request = args.docs.request();
    let options = plan::options(&project, &request)?;
    let jobs = plan::jobs(&project, &request)?;
    // The exported documents are not checked as they are built, so what `build` refuses for
    // every document (a bad address, a character no font has) is refused here.
    if !content_fit_for(&project, &jobs)? {
        return Ok(Outcome::SomeFailed);
    }
    let exported = export::export(&project, &jobs, &options, &args.dir)?;
    if !exported.skipped.is_empty() {
        let mut layouts: Vec<&str> =
            exported.skipped.iter().filter_map(|name| name.split('/').nth(1)).collect();
        layouts.dedup();
        crate::errln!(
            "note: left out {} of {}: leafpress imposes their pages after layout, which a plain \
             Typst project cannot",
            documents(exported.skipped.len()),
            layouts.join(", ")
        );
    }
    let shown = args.dir.display();
    crate::outln!(
        "exported {} to {shown}; build them with `sh {}`",
        documents(exported.documents.len()),
        args.dir.join("build.sh").display()
    );
    Ok(Outcome::Success)
}

/// "1 document" or "N documents".
fn documents(count: usize) -> String {
    if count == 1 { "1 document".into() } else { format!("{count} documents") }
}
