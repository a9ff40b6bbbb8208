//! `leafpress strings`: a language's texts out to a translation tool (XLIFF 1.2, XLIFF 2.0 or
//! PO) and back in, checked unit by unit before the language file is written.

use std::fs;
use std::path::Path;

use super::{Outcome, StringsArgs, StringsCommand};
use crate::content::{Content, SOURCE_LANGUAGE};
use crate::error::{Error, Result};
use crate::output::write_atomic;
use crate::strings::{Catalog, Format, import, po, xliff};

/// Runs `strings export` or `strings import` on the project in `dir`.
pub fn run(dir: &Path, args: &StringsArgs) -> Result<Outcome> {
    match &args.command {
        StringsCommand::Export { lang, format, out } => export(dir, lang, *format, out),
        StringsCommand::Import { file } => import(dir, file),
    }
}

fn export(dir: &Path, code: &str, format: Format, out: &Path) -> Result<Outcome> {
    let content = Content::load(dir)?;
    let Some(language) = content.language(code).filter(|l| l.code != SOURCE_LANGUAGE) else {
        return Err(no_translation(&content, code));
    };
    let layouts = crate::layout::load(&dir.join("layouts"))?;
    let catalog = Catalog::of(&content, language).with_limits(&layouts);
    let text = match format {
        Format::Xliff => xliff::write_1_2(&catalog),
        Format::Xliff2 => xliff::write_2_0(&catalog),
        Format::Po => po::write(&catalog),
    };
    write_atomic(out, text.as_bytes())?;
    crate::outln!("wrote {} texts of {} to {}", catalog.units.len(), catalog.file, out.display());
    Ok(Outcome::Success)
}

fn import(dir: &Path, file: &Path) -> Result<Outcome> {
    let content = Content::load(dir)?;
    let text = fs::read_to_string(file)
        .map_err(|source| Error::Read { path: file.to_path_buf(), source })?;
    let plan = import::plan(&content, file, &text)?;
    let Some(language) = content.language(&plan.code) else {
        return Err(no_translation(&content, &plan.code));
    };
    let path = language.file.path.clone();
    if plan.changes.is_empty() {
        crate::outln!("{} units, nothing to change in {}", plan.units, path.display());
        return Ok(Outcome::Success);
    }
    let new = import::apply(&content, &plan)?;
    import::check_loads(dir, &path, &new)?;
    write_atomic(&path, new.as_bytes())?;
    let texts = plan.changes.iter().filter(|c| c.text.is_some()).count();
    let stamps = plan.changes.iter().filter(|c| c.stamp).count();
    let texts = if texts == 1 { "1 text".to_string() } else { format!("{texts} texts") };
    crate::outln!("{} units: {texts} written, {stamps} stamped, in {}", plan.units, path.display());
    Ok(Outcome::Success)
}

fn no_translation(content: &Content, code: &str) -> Error {
    let codes: Vec<&str> = content
        .languages
        .iter()
        .filter(|l| l.code != SOURCE_LANGUAGE)
        .map(|l| l.code.as_str())
        .collect();
    Error::Usage {
        message: format!("there is no translation `{code}`"),
        hint: format!("the translations are: {}", codes.join(", ")),
    }
}
