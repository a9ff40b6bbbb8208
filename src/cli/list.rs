//! `leafpress list`: the languages with their review status, and the layouts.

use std::path::Path;

use super::Outcome;
use crate::content::{Direction, Status};
use crate::error::Result;
use crate::project::Project;

/// Prints the languages and layouts of the project in `dir`.
pub fn run(dir: &Path) -> Result<Outcome> {
    let project = Project::open(dir)?;
    crate::outln!("languages:");
    for language in &project.content.languages {
        let direction = match language.direction {
            Direction::Ltr => "ltr",
            Direction::Rtl => "rtl",
        };
        let status = match language.status {
            Status::Reviewed => format!("reviewed by {}", language.reviewer),
            Status::Draft => "DRAFT (not reviewed; every page is marked)".to_string(),
        };
        crate::outln!(
            "  {:<4} {:<16} {:<12} {direction}  {status}",
            language.code,
            language.name,
            language.english_name
        );
    }
    crate::outln!("layouts:");
    for layout in &project.layouts {
        let sizes: Vec<&str> = layout.sizes.iter().map(|s| s.name()).collect();
        let mut notes = Vec::new();
        if !sizes.is_empty() {
            notes.push(format!("sizes {}", sizes.join(", ")));
        }
        if layout.all_languages {
            notes.push("one document with every language".to_string());
        }
        if layout.always_on_sheet {
            notes.push(format!("{} imposed on A4", layout.file));
        }
        crate::outln!("{}", format!("  {:<14} {}", layout.name, notes.join("; ")).trim_end());
    }
    let regions = project.content.regions.names();
    crate::outln!("regions (--region): {}", regions.join(", "));
    Ok(Outcome::Success)
}
