//! Layouts: the `.typ` files directly in `layouts/`, and what `layouts/layouts.toml` says about
//! how each one is printed (office imposition, paper sizes, one language or all).

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;

use serde::Deserialize;
use toml::Spanned;

use crate::content::TomlFile;
pub use crate::contract::{Kind, Paper};
use crate::error::{Error, Result};

/// The manifest's file name inside `layouts/`.
pub const MANIFEST: &str = "layouts.toml";

/// One layout a user can build.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Layout {
    /// Its name, as given to `--layout`.
    pub name: String,
    /// The `.typ` file it builds, without the extension (its own name, or `from`).
    pub file: String,
    /// How `--sheet a4` puts it on office paper.
    pub office: Office,
    /// Paper sizes `--size` may choose; the first is the default. Empty: one fixed size.
    pub sizes: Vec<Paper>,
    /// Whether one document carries every language asked for.
    pub all_languages: bool,
    /// Whether it is always imposed on A4, as the card sheet is.
    pub always_on_sheet: bool,
    /// What sort of document it is, which sets its smallest body text.
    pub kind: Kind,
    /// How many pages it has when everything fits, if the manifest says.
    pub pages: Option<usize>,
    /// Texts it sets in a fixed box, by content key, with how many characters the box holds:
    /// a hint for translators (`strings export`), which the layout's own fit report repeats.
    pub limits: BTreeMap<String, usize>,
}

/// How a layout goes onto A4 office paper.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Office {
    /// Booklet order, 4 pages per side.
    Booklet,
    /// 8 cards per side with gutters, one sheet per side of the card.
    Cards,
    /// Larger pages scaled down to A4; A4 pages as they are.
    Fit,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawLayout {
    office: Option<Office>,
    #[serde(default)]
    sizes: Vec<Paper>,
    languages: Option<Spanned<String>>,
    from: Option<Spanned<String>>,
    sheet: Option<Paper>,
    kind: Option<Kind>,
    pages: Option<usize>,
    #[serde(default)]
    limits: BTreeMap<String, usize>,
}

/// Lists the layouts in `dir` (a project's `layouts/`), sorted by name.
pub fn load(dir: &Path) -> Result<Vec<Layout>> {
    let files = typ_files(dir)?;
    let manifest_path = dir.join(MANIFEST);
    let mut raw: BTreeMap<String, (RawLayout, Option<TomlFile>)> = BTreeMap::new();
    if manifest_path.is_file() {
        let file = TomlFile::read(&manifest_path)?;
        let entries: BTreeMap<String, RawLayout> = file.deserialize()?;
        for (name, entry) in entries {
            raw.insert(name, (entry, Some(file.clone())));
        }
    }
    for name in &files {
        raw.entry(name.clone()).or_insert_with(|| (RawLayout::default(), None));
    }
    raw.into_iter().map(|(name, (entry, file))| check(name, entry, file, &files)).collect()
}

fn check(name: String, raw: RawLayout, file: Option<TomlFile>, files: &[String]) -> Result<Layout> {
    let error = |span, message: String, hint: &str| -> Error {
        let file = file.as_ref().expect("only manifest entries have spans");
        file.error(span, message).key(name.clone()).hint(hint).into()
    };
    let all_languages = match &raw.languages {
        None => false,
        Some(value) if value.get_ref() == "each" => false,
        Some(value) if value.get_ref() == "all" => true,
        Some(value) => {
            let message = format!("`languages` is `{}`, not \"each\" or \"all\"", value.get_ref());
            return Err(error(value.span(), message, "write languages = \"all\" or leave it out"));
        }
    };
    let target = raw.from.as_ref().map_or(name.clone(), |f| f.get_ref().clone());
    if !files.contains(&target) {
        let span = raw.from.as_ref().map(Spanned::span);
        let Some(file) = &file else { unreachable!("layouts found on disk have a file") };
        let message = format!("there is no layout file layouts/{target}.typ");
        let hint = "add the file, or remove this entry from layouts/layouts.toml";
        let located = file.error(span.unwrap_or_else(|| entry_span(file, &name)), message);
        return Err(located.key(name).hint(hint).into());
    }
    Ok(Layout {
        name,
        file: target,
        office: raw.office.unwrap_or(Office::Fit),
        sizes: raw.sizes,
        all_languages,
        always_on_sheet: raw.sheet == Some(Paper::A4),
        kind: raw.kind.unwrap_or(Kind::Leaflet),
        pages: raw.pages,
        limits: raw.limits,
    })
}

/// The span of `[name]` in the manifest, for entries whose file is missing.
fn entry_span(file: &TomlFile, name: &str) -> std::ops::Range<usize> {
    let header = format!("[{name}]");
    file.text.find(&header).map_or(0..0, |start| start..start + header.len())
}

/// The names of `*.typ` files directly in `dir`; shared code lives in subdirectories.
fn typ_files(dir: &Path) -> Result<Vec<String>> {
    let read_error = |source| Error::Read { path: dir.to_path_buf(), source };
    let mut names = Vec::new();
    for entry in fs::read_dir(dir).map_err(read_error)? {
        let path = entry.map_err(read_error)?.path();
        let stem = path.file_stem().and_then(|s| s.to_str());
        if let Some(stem) =
            stem.filter(|_| path.is_file() && path.extension().is_some_and(|e| e == "typ"))
        {
            names.push(stem.to_string());
        }
    }
    names.sort();
    Ok(names)
}
