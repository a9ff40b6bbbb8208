//! Planning: which documents a command makes, and how. A [`Request`] (what the user asked for,
//! with no command-line types in it) becomes [`Job`]s (a layout in one or more languages, at a
//! size) and [`Variant`]s (the [`Options`] for each organisation, and where its files go).
//! `build`, `check`, `export-project`, `publish` and the preview all plan here, so that they
//! make the same documents from the same words.

use std::path::{Path, PathBuf};

use crate::content::Region;
use crate::error::{Error, Result};
use crate::layout::{Layout, Paper};
use crate::org::Organisation;
use crate::project::Project;

/// What a command asks for: which documents, and how they are printed.
#[derive(Debug, Clone, Default)]
pub struct Request {
    /// Language codes, such as `en` and `nl` (all when empty).
    pub languages: Vec<String>,
    /// Layout names, such as `pocket` (all when empty).
    pub layouts: Vec<String>,
    /// Bleed, crop marks and a safe zone for a print shop.
    pub print_shop: bool,
    /// Small formats imposed on A4 office paper.
    pub office_sheet: bool,
    /// The paper size for layouts that come in several.
    pub size: Option<Paper>,
    /// The region to put first, by name (the default region when none).
    pub region: Option<String>,
    /// Organisation files, or directories of them.
    pub orgs: Vec<PathBuf>,
}

/// What a build asks of every document: print mode, paper, region and organisation.
#[derive(Debug, Clone)]
pub struct Options {
    /// Bleed, crop marks and a safe zone for a print shop.
    pub print_shop: bool,
    /// The theme's colours in CMYK for a press, as a print shop's files have them (kept when a
    /// card sheet's own pages are laid out without marks, unlike `print_shop`).
    pub cmyk: bool,
    /// Impose on A4 for an office printer (`--sheet a4`).
    pub office_sheet: bool,
    /// The paper size asked for with `--size`, for layouts that offer it.
    pub size: Option<Paper>,
    /// The regional emphasis.
    pub region: Region,
    /// The organisation handing the documents out, if any.
    pub org: Option<Organisation>,
}

/// One document to make: a layout in one language (or, for multilingual layouts, in several).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Job {
    /// The layout.
    pub layout: Layout,
    /// The document's main language code.
    pub language: String,
    /// Every language the document carries: the main one, or all asked for.
    pub languages: Vec<String>,
    /// Its paper size, for layouts that come in several.
    pub size: Option<Paper>,
    /// Whether a multilingual document carries only some of the languages, which its file
    /// name then lists.
    pub some_languages: bool,
}

impl Options {
    /// Plain output for `project`: no print marks, default sizes and region, no organisation.
    pub fn plain(project: &Project) -> Result<Self> {
        Ok(Self {
            print_shop: false,
            cmyk: false,
            office_sheet: false,
            size: None,
            region: project.content.regions.get(None)?.clone(),
            org: None,
        })
    }
}

impl Job {
    /// The document of `layout` in `language` at the layout's default size; a multilingual
    /// layout carries every language of the project.
    pub fn new(project: &Project, layout: &Layout, language: &str) -> Self {
        let languages = if layout.all_languages {
            project.content.languages.iter().map(|l| l.code.clone()).collect()
        } else {
            vec![language.to_string()]
        };
        Self {
            layout: layout.clone(),
            language: language.to_string(),
            languages,
            size: layout.sizes.first().copied(),
            some_languages: false,
        }
    }

    /// A short name for messages, such as `en/pocket` or `multi/poster-multi`.
    pub fn name(&self) -> String {
        format!("{}/{}", self.folder(), self.layout.name)
    }

    /// The output folder: the language, or `multi` for multilingual layouts.
    pub fn folder(&self) -> &str {
        if self.layout.all_languages { "multi" } else { &self.language }
    }

    /// The output file name, which says the size and the print mode: `poster-a2-print.pdf`.
    pub fn file_name(&self, options: &Options) -> String {
        let mut name = self.layout.name.clone();
        if let Some(size) = self.size.filter(|s| Some(s) != self.layout.sizes.first()) {
            name = format!("{name}-{}", size.name());
        }
        if self.layout.all_languages && self.some_languages {
            name = format!("{name}-{}", self.languages.join("-"));
        }
        if options.print_shop {
            name.push_str("-print");
        } else if options.office_sheet && !self.layout.always_on_sheet {
            name.push_str("-a4");
        }
        format!("{name}.pdf")
    }
}

/// One organisation's share of a build: its options, where its files go, and its name in
/// messages when there are several.
#[derive(Clone)]
pub struct Variant {
    /// The options its documents are made with.
    pub options: Options,
    /// The directory its documents are written to.
    pub out: PathBuf,
    /// The organisation file's name, when the build has several.
    pub label: Option<String>,
}

/// One variant per organisation file (or one without an organisation). With several, or a
/// directory of them, each writes to OUT/<file name without .toml>/.
pub fn variants(project: &Project, request: &Request, out: &Path) -> Result<Vec<Variant>> {
    let files = org_files(&request.orgs)?;
    let base = options_without_org(project, request)?;
    let plain = |org| Options { org, ..base.clone() };
    // A directory always gives subfolders, so that where files land does not depend on how
    // many organisations it holds today.
    if files.len() <= 1 && !request.orgs.iter().any(|path| path.is_dir()) {
        let org = files.first().map(|f| load_org(project, f)).transpose()?;
        return Ok(vec![Variant { options: plain(org), out: out.to_path_buf(), label: None }]);
    }
    let label = |file: &Path| file.file_stem().unwrap_or_default().to_string_lossy().into_owned();
    for (i, file) in files.iter().enumerate() {
        if let Some(twin) = files[..i].iter().find(|twin| label(twin) == label(file)) {
            return Err(Error::Usage {
                message: format!(
                    "two organisation files are both called `{}`, and would write to the same \
                     folder",
                    label(file)
                ),
                hint: format!("rename {} or {}", twin.display(), file.display()),
            });
        }
    }
    files
        .iter()
        .map(|file| {
            let org = Some(load_org(project, file)?);
            let name = label(file);
            Ok(Variant { options: plain(org), out: out.join(&name), label: Some(name) })
        })
        .collect()
}

/// The organisation file at `file`, its logo's QR codes held to the directory's.
fn load_org(project: &Project, file: &Path) -> Result<Organisation> {
    Organisation::load(file, &project.qr_allowed(None))
}

/// The organisation files named, with each directory replaced by the `.toml` files in it.
fn org_files(named: &[PathBuf]) -> Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    for path in named {
        if !path.is_dir() {
            files.push(path.clone());
            continue;
        }
        let entries =
            std::fs::read_dir(path).map_err(|source| Error::Read { path: path.clone(), source })?;
        let mut inside: Vec<PathBuf> = entries
            .filter_map(|entry| Some(entry.ok()?.path()))
            .filter(|p| p.extension().is_some_and(|e| e == "toml"))
            .collect();
        if inside.is_empty() {
            return Err(Error::Usage {
                message: format!("{} holds no organisation files", path.display()),
                hint: "put one .toml file per organisation in it; see examples/clinic.toml".into(),
            });
        }
        inside.sort();
        files.extend(inside);
    }
    // A file named twice (`--org a.toml,a.toml`, or a file and its directory) is made once:
    // two workers must never write the same PDF.
    let mut seen = Vec::new();
    files.retain(|file| {
        let real = file.canonicalize().unwrap_or_else(|_| file.clone());
        let first = !seen.contains(&real);
        seen.push(real);
        first
    });
    Ok(files)
}

/// The build options, with the organisation file (at most one) read and checked.
pub fn options(project: &Project, request: &Request) -> Result<Options> {
    let files = org_files(&request.orgs)?;
    if files.len() > 1 {
        return Err(Error::Usage {
            message: format!(
                "{} organisation files given, and this command takes one",
                files.len()
            ),
            hint: "name one with --org; `leafpress build` takes several".into(),
        });
    }
    let org = files.first().map(|f| load_org(project, f)).transpose()?;
    Ok(Options { org, ..options_without_org(project, request)? })
}

/// The options `request` asks for, for documents without an organisation.
fn options_without_org(project: &Project, request: &Request) -> Result<Options> {
    Ok(Options {
        print_shop: request.print_shop,
        cmyk: request.print_shop,
        office_sheet: request.office_sheet,
        size: request.size,
        region: project.content.regions.get(request.region.as_deref())?.clone(),
        org: None,
    })
}

/// Every requested layout × language, checking that each one named exists. A multilingual
/// layout makes one document with every language asked for. `--size` picks the layouts that
/// come in that size.
pub fn jobs(project: &Project, request: &Request) -> Result<Vec<Job>> {
    let all_languages: Vec<String> =
        project.content.languages.iter().map(|l| l.code.clone()).collect();
    let languages = pick(&request.languages, &all_languages, "language")?;
    let names: Vec<String> = project.layouts.iter().map(|l| l.name.clone()).collect();
    let layouts: Vec<&Layout> = pick(&request.layouts, &names, "layout")?
        .iter()
        .filter_map(|name| project.layout(name))
        .collect();
    let mut jobs = Vec::new();
    let mut sized = false;
    for layout in layouts {
        let size = match request.size {
            Some(size) if layout.sizes.contains(&size) => Some(size),
            Some(size) if !request.layouts.is_empty() => {
                return Err(Error::Usage {
                    message: format!("layout `{}` does not come in {}", layout.name, size.name()),
                    hint: size_hint(layout),
                });
            }
            Some(_) => continue,
            None => layout.sizes.first().copied(),
        };
        sized = true;
        let job = |language: &String, languages: Vec<String>| Job {
            layout: layout.clone(),
            language: language.clone(),
            some_languages: layout.all_languages && languages.len() < all_languages.len(),
            languages,
            size,
        };
        if layout.all_languages {
            let main = languages.iter().find(|l| *l == "en").unwrap_or(&languages[0]);
            jobs.push(job(main, languages.clone()));
        } else {
            jobs.extend(languages.iter().map(|language| job(language, vec![language.clone()])));
        }
    }
    if let (Some(size), false) = (request.size, sized) {
        return Err(Error::Usage {
            message: format!("no layout comes in {}", size.name()),
            hint: "the posters come in several sizes: run `leafpress list` to see them".into(),
        });
    }
    Ok(jobs)
}

/// Which sizes `layout` comes in, as a hint for a size it does not.
fn size_hint(layout: &Layout) -> String {
    if layout.sizes.is_empty() {
        format!("{} has one size; leave out --size", layout.name)
    } else {
        let sizes: Vec<&str> = layout.sizes.iter().map(|s| s.name()).collect();
        format!("{} comes in {}", layout.name, sizes.join(", "))
    }
}

/// The names of `requested` (all of `available` when none are), each once, refusing one that
/// is not available.
fn pick(requested: &[String], available: &[String], what: &str) -> Result<Vec<String>> {
    if requested.is_empty() {
        return Ok(available.to_vec());
    }
    if let Some(unknown) = requested.iter().find(|r| !available.contains(r)) {
        return Err(Error::Usage {
            message: format!("there is no {what} `{unknown}`"),
            hint: format!("the {what}s are: {}", available.join(", ")),
        });
    }
    // Each named once, in the order first named: `--lang en,en` makes one document, not two
    // that would write the same file.
    let mut picked: Vec<String> = Vec::new();
    for name in requested {
        if !picked.contains(name) {
            picked.push(name.clone());
        }
    }
    Ok(picked)
}
