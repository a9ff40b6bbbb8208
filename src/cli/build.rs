//! `leafpress build`: every requested layout × language, written to
//! OUT/<lang>/<layout>[-size][-print|-a4].pdf, and OUT/multi/ for multilingual layouts.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use super::{BuildArgs, DocArgs, Outcome};
use crate::batch::{self, Said};
use crate::checks::{self, Checked, Made, Severity, glyphs, report};
use crate::content::WarningKind;
use crate::deadline::{self, Stopped};
use crate::error::{Error, Result};
use crate::layout::Layout;
use crate::org::Organisation;
use crate::output::{remove_stale_temporaries, write_atomic};
use crate::project::Project;
use crate::render::{Job, Options};
use crate::spec;

/// Builds the documents `args` asks for in the project at `dir`, several at once.
pub fn run(dir: &Path, args: &BuildArgs) -> Result<Outcome> {
    let start = Instant::now();
    // Shared with each document's own thread, which may outlive its time limit.
    let project = Arc::new(Project::open(dir)?);
    let limit = Duration::from_secs(args.timeout);
    let variants = variants(&project, &args.docs, &args.out)?;
    let jobs = jobs(&project, &args.docs)?;
    let total = variants.len() * jobs.len();
    if !content_fit_for(&project, &jobs)? {
        crate::outln!("0 of {total} documents built: fix the directory first");
        return Ok(Outcome::SomeFailed);
    }
    report_fallbacks(&project, &jobs);
    // A build that was killed left its temporary files behind; this one clears them.
    let folders: BTreeSet<PathBuf> =
        variants.iter().flat_map(|v| jobs.iter().map(|j| v.out.join(j.folder()))).collect();
    folders.iter().for_each(|folder| remove_stale_temporaries(folder));
    // Each document for every organisation in a row: they differ only in the organisation's
    // block, so Typst's cache and the memoized QR decodes serve the next one.
    let mut work: Vec<(&Variant, &Job)> =
        jobs.iter().flat_map(|j| variants.iter().map(move |v| (v, j))).collect();
    // A multilingual poster takes several times as long as any other document: started last,
    // it would leave the other threads idle at the end.
    work.sort_by_key(|(_, job)| !job.layout.all_languages);
    let threads = batch::threads(args.docs.jobs).min(work.len().max(1));
    let build = |(v, job): &(&Variant, &Job)| build_one(&project, job, v, limit);
    let built = batch::run(&work, threads, build, |said| said)?;
    let failed = built.iter().filter(|said| said.failed).count();
    for variant in variants.iter().filter(|v| v.options.print_shop) {
        print_specification(&project, &jobs, variant)?;
    }
    let seconds = start.elapsed().as_secs_f64();
    let plural = if threads == 1 { "" } else { "s" };
    crate::outln!(
        "{} of {total} documents built in {seconds:.1} s ({threads} thread{plural})",
        total - failed
    );
    Ok(if failed == 0 { Outcome::Success } else { Outcome::SomeFailed })
}

/// Writes the print specification beside a print shop's files: the ones of `jobs` this build
/// wrote for `variant`.
fn print_specification(project: &Project, jobs: &[Job], variant: &Variant) -> Result<()> {
    let files: Vec<(PathBuf, &Layout)> = jobs
        .iter()
        .map(|job| {
            let path = variant.out.join(job.folder()).join(job.file_name(&variant.options));
            (path, &job.layout)
        })
        .collect();
    let today = project.shared.today;
    let (y, m, d) = (today.year().unwrap_or(1970), today.month().unwrap_or(1), today.day());
    let date = format!("{y:04}-{m:02}-{:02}", d.unwrap_or(1));
    spec::write(&variant.out, &files, &date)
}

/// Checks what every document of `jobs` shares, before any is laid out: a character no font
/// has is an error (once per language), and so is a bad address in the directory, which every
/// document carries; its findings are printed, and the answer is false.
pub fn content_fit_for(project: &Project, jobs: &[Job]) -> Result<bool> {
    for language in project.content.languages.iter() {
        if jobs.iter().any(|job| job.languages.contains(&language.code)) {
            glyphs::check_language(language, &project.coverage)?;
        }
    }
    let directory = checks::project(project, &[]);
    let fit = !directory.iter().any(Checked::has_errors);
    for checked in directory.iter().filter(|c| c.has_errors()) {
        crate::errln!("{}", checked.subject);
        checked.findings.iter().for_each(|f| crate::err!("{}", report::finding_lines(f)));
    }
    Ok(fit)
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
pub fn variants(project: &Project, args: &DocArgs, out: &Path) -> Result<Vec<Variant>> {
    let files = org_files(&args.org)?;
    let base = options_without_org(project, args)?;
    let plain = |org| Options { org, ..base.clone() };
    // A directory always gives subfolders, so that where files land does not depend on how
    // many organisations it holds today.
    if files.len() <= 1 && !args.org.iter().any(|path| path.is_dir()) {
        let org = files.first().map(|f| Organisation::load(f)).transpose()?;
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
            let org = Some(Organisation::load(file)?);
            let name = label(file);
            Ok(Variant { options: plain(org), out: out.join(&name), label: Some(name) })
        })
        .collect()
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
pub fn options(project: &Project, args: &DocArgs) -> Result<Options> {
    let files = org_files(&args.org)?;
    if files.len() > 1 {
        return Err(Error::Usage {
            message: format!(
                "{} organisation files given, and this command takes one",
                files.len()
            ),
            hint: "name one with --org; `leafpress build` takes several".into(),
        });
    }
    let org = files.first().map(|f| Organisation::load(f)).transpose()?;
    Ok(Options { org, ..options_without_org(project, args)? })
}

/// The options `args` asks for, for documents without an organisation.
fn options_without_org(project: &Project, args: &DocArgs) -> Result<Options> {
    Ok(Options {
        print_shop: args.print_shop,
        cmyk: args.print_shop,
        office_sheet: args.sheet.is_some(),
        size: args.size,
        region: project.content.regions.get(args.region.as_deref())?.clone(),
        org: None,
    })
}

/// Tells the user, once per language built, which texts print in English instead and which
/// were translated from an English text that has changed since.
fn report_fallbacks(project: &Project, jobs: &[Job]) {
    for language in &project.content.languages {
        if !jobs.iter().any(|j| j.languages.contains(&language.code)) {
            continue;
        }
        let keys = |kind| project.content.warning_keys(language, kind);
        let path = language.file.path.display();
        let code = &language.code;
        let fallback = keys(WarningKind::Fallback);
        if !fallback.is_empty() {
            crate::errln!(
                "{path}: warning: {} not translated; where a layout uses them, it prints the \
                 English text, marked EN: {}",
                texts(fallback.len()),
                some(&fallback)
            );
        }
        let stale = keys(WarningKind::Stale);
        if language.stamps.is_empty() && !stale.is_empty() {
            crate::errln!(
                "{path}: warning: no record of the English texts it was translated from\nhint: \
                 once the translation is checked against content/en.toml, run `leafpress stamp {code}`"
            );
        } else if !stale.is_empty() {
            crate::errln!(
                "{path}: warning: {} translated from an English text that has changed since: \
                 {}\nhint: update them, then run `leafpress stamp {code} <key>`; `leafpress \
                 status` lists them",
                texts(stale.len()),
                some(&stale)
            );
        }
    }
}

/// "1 text is" or "N texts are".
fn texts(count: usize) -> String {
    if count == 1 { "1 text is".into() } else { format!("{count} texts are") }
}

/// The first few keys of a list, so that one warning stays a few lines long.
fn some(keys: &[&str]) -> String {
    const SHOWN: usize = 6;
    match keys.len().checked_sub(SHOWN) {
        Some(more) if more > 0 => format!("{}, and {more} more", keys[..SHOWN].join(", ")),
        _ => keys.join(", "),
    }
}

/// Makes one document (on a thread of its own, given at most `limit`), checks it, and writes
/// it if the checks found no errors; says which.
fn build_one(project: &Arc<Project>, job: &Job, variant: &Variant, limit: Duration) -> Said {
    let name = match &variant.label {
        Some(label) => format!("{label}/{}", job.name()),
        None => job.name(),
    };
    let mut notes = String::new();
    let made = {
        let (project, job, options) = (project.clone(), job.clone(), variant.options.clone());
        deadline::run(limit, move || checks::make(&project, &job, &options))
    };
    let written = made.map(|made| made.and_then(|m| write_one(job, variant, &name, m, &mut notes)));
    let refused = match written {
        Ok(Ok(Some(line))) => return Said { line, notes, failed: false },
        Ok(Ok(None)) => "did not pass `leafpress check`",
        Ok(Err(error)) => {
            notes.push_str(&format!("{error}\n"));
            "could not be made"
        }
        Err(Stopped::TimedOut) => {
            notes.push_str(&format!("{}\n", deadline::timed_out(project, job, limit)));
            "was stopped at its time limit"
        }
        Err(Stopped::Panicked(panic)) => {
            notes.push_str(&format!(
                "{name}: error: leafpress stopped unexpectedly while making it: {panic}\nhint: \
                 this is a bug in leafpress or Typst; the other documents are made as usual\n"
            ));
            "could not be made"
        }
        Err(Stopped::NoThread(error)) => {
            notes.push_str(&format!(
                "{name}: error: no thread to make it on: {error}\nhint: the system may be out of \
                 memory or threads; try --jobs 1\n"
            ));
            "could not be made"
        }
    };
    let line = format!("failed  {name}  {refused}; the previous PDF, if any, is unchanged");
    Said { line, notes, failed: true }
}

/// Writes one document made and checked, gathering what it has to say in `notes`. Gives the
/// summary line, or nothing when the checks refused the document.
fn write_one(
    job: &Job,
    variant: &Variant,
    name: &str,
    made: Made,
    notes: &mut String,
) -> Result<Option<String>> {
    let options = &variant.options;
    let (pdf, checked) = match made {
        Made::Pdf(pdf, checked) => (pdf, checked),
        Made::Refused(checked) => {
            let errors = checked.findings.iter().filter(|f| f.severity == Severity::Error);
            errors.for_each(|f| notes.push_str(&report::finding_lines(f)));
            return Ok(None);
        }
    };
    for warning in &checked.findings {
        notes.push_str(&format!("{name}: {}", report::finding_lines(warning).trim_start()));
    }
    if let Some(warning) = &pdf.warnings {
        notes.push_str(&format!("warning in {name}:\n{warning}\n"));
    }
    let path = variant.out.join(job.folder()).join(job.file_name(options));
    write_atomic(&path, &pdf.bytes)?;
    let (w, h) = pdf.size_mm;
    Ok(Some(format!(
        "built   {name:<20} {:>2} pages  {w:.0} × {h:.0} mm  {:>5} KB  {:.2} s  → {}",
        pdf.pages,
        pdf.bytes.len().div_ceil(1024),
        pdf.elapsed.as_secs_f64(),
        path.display()
    )))
}

/// Every requested layout × language, checking that each one named exists. A multilingual
/// layout makes one document with every language asked for. `--size` picks the layouts that
/// come in that size.
pub fn jobs(project: &Project, args: &DocArgs) -> Result<Vec<Job>> {
    let all_languages: Vec<String> =
        project.content.languages.iter().map(|l| l.code.clone()).collect();
    let languages = pick(&args.lang, &all_languages, "language")?;
    let names: Vec<String> = project.layouts.iter().map(|l| l.name.clone()).collect();
    let layouts: Vec<&Layout> = pick(&args.layout, &names, "layout")?
        .iter()
        .filter_map(|name| project.layout(name))
        .collect();
    let mut jobs = Vec::new();
    let mut sized = false;
    for layout in layouts {
        let size = match args.size {
            Some(size) if layout.sizes.contains(&size) => Some(size),
            Some(size) if !args.layout.is_empty() => {
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
    if let (Some(size), false) = (args.size, sized) {
        return Err(Error::Usage {
            message: format!("no layout comes in {}", size.name()),
            hint: "the posters come in several sizes: run `leafpress list` to see them".into(),
        });
    }
    Ok(jobs)
}

fn size_hint(layout: &Layout) -> String {
    if layout.sizes.is_empty() {
        format!("{} has one size; leave out --size", layout.name)
    } else {
        let sizes: Vec<&str> = layout.sizes.iter().map(|s| s.name()).collect();
        format!("{} comes in {}", layout.name, sizes.join(", "))
    }
}

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
