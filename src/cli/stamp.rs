//! `leafpress stamp`: records that translations were made from the current English texts, so
//! that `leafpress status` can tell when the English changes under them.

use std::path::Path;

use super::Outcome;
use crate::content::SOURCE_LANGUAGE;
use crate::content::stamps::{self, Selection};
use crate::error::{Error, Result};
use crate::output::write_atomic;
use crate::project::Project;

/// Stamps the texts `selection` picks in language `code` of the project in `dir`.
pub fn run(dir: &Path, code: &str, selection: &Selection) -> Result<Outcome> {
    let project = Project::open(dir)?;
    let content = &project.content;
    let Some(language) = content.language(code).filter(|l| l.code != SOURCE_LANGUAGE) else {
        let codes: Vec<&str> = content
            .languages
            .iter()
            .filter(|l| l.code != SOURCE_LANGUAGE)
            .map(|l| l.code.as_str())
            .collect();
        return Err(Error::Usage {
            message: format!("there is no translation `{code}` to stamp"),
            hint: format!("the translations are: {}", codes.join(", ")),
        });
    };
    let (text, stamped) = stamps::stamp(content.source(), language, selection)?;
    if stamped.is_empty() {
        crate::outln!("nothing to stamp in {}", language.file.path.display());
        return Ok(Outcome::Success);
    }
    write_atomic(&language.file.path, text.as_bytes())?;
    crate::outln!("stamped {} texts in {}", stamped.len(), language.file.path.display());
    Ok(Outcome::Success)
}
