//! `leafpress build`: every requested layout × language, written to
//! OUT/<lang>/<layout>[-size][-print|-a4].pdf, and OUT/multi/ for multilingual layouts.

use std::collections::{BTreeMap, BTreeSet, HashMap};
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
use crate::record::{self, Entry, Known, Record};
use crate::render::{self, Job, Options};
use crate::spec;
use crate::timing::{self, Stage};
use crate::world::LeafWorld;

/// Builds the documents `args` asks for in the project at `dir`, several at once.
pub fn run(dir: &Path, args: &BuildArgs) -> Result<Outcome> {
    let start = Instant::now();
    // Shared with each document's own thread, which may outlive its time limit.
    let project = Arc::new(timing::measure(Stage::Load, || Project::open(dir))?);
    let limit = Duration::from_secs(args.timeout);
    let variants = variants(&project, &args.docs, &args.out)?;
    let jobs = jobs(&project, &args.docs)?;
    let total = variants.len() * jobs.len();
    if !timing::measure(Stage::Content, || content_fit_for(&project, &jobs))? {
        crate::outln!("0 of {total} documents built: fix the directory first");
        return Ok(Outcome::SomeFailed);
    }
    report_fallbacks(&project, &jobs);
    // A build that was killed left its temporary files behind; this one clears them.
    let mut folders: BTreeSet<PathBuf> =
        variants.iter().flat_map(|v| jobs.iter().map(|j| v.out.join(j.folder()))).collect();
    folders.insert(args.out.clone());
    folders.iter().for_each(|folder| remove_stale_temporaries(folder));
    // Each document for every organisation in a row: they differ only in the organisation's
    // block, so Typst's cache and the memoized QR decodes serve the next one.
    let mut work: Vec<(&Variant, &Job)> =
        jobs.iter().flat_map(|j| variants.iter().map(move |v| (v, j))).collect();
    // A multilingual poster takes several times as long as any other document: started last,
    // it would leave the other threads idle at the end.
    work.sort_by_key(|(_, job)| !job.layout.all_languages);
    let threads = batch::threads(args.docs.jobs).min(work.len().max(1));
    let record = Record::load(&args.out);
    let context = Context {
        project: &project,
        limit,
        out: &args.out,
        previous: (!args.force).then_some(&record),
        keys: record::Shared::of(&project),
    };
    let build = |(v, job): &(&Variant, &Job)| build_one(&context, job, v);
    let built = batch::run(&work, threads, build, |done| &done.said)?;
    let failed = built.iter().filter(|done| done.said.failed).count();
    let unchanged = built.iter().filter(|done| done.unchanged).count();
    let made: Vec<(String, Entry)> = built.into_iter().filter_map(|done| done.entry).collect();
    if !made.is_empty() {
        // Without a record the next build makes everything again, which is slow but right.
        if let Err(error) = record.save(&args.out, made) {
            crate::errln!("warning: the build record was not updated: {error}");
        }
    }
    for variant in variants.iter().filter(|v| v.options.print_shop) {
        print_specification(&project, &jobs, variant)?;
    }
    let seconds = start.elapsed().as_secs_f64();
    let plural = if threads == 1 { "" } else { "s" };
    let unchanged = match unchanged {
        0 => String::new(),
        n => format!("; {n} unchanged"),
    };
    crate::outln!(
        "{} of {total} documents built in {seconds:.1} s ({threads} thread{plural}{unchanged})",
        total - failed
    );
    if timing::wanted() {
        crate::err!("{}", timing::table());
    }
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
    let org = files.first().map(|f| load_org(project, f)).transpose()?;
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

/// What every document of a build shares.
struct Context<'a> {
    /// The project, shared with each document's own thread.
    project: &'a Arc<Project>,
    /// The time limit of each document.
    limit: Duration,
    /// The output folder named on the command line, which holds the record.
    out: &'a Path,
    /// The last build's record, unless `--force` asked for every document to be made.
    previous: Option<&'a Record>,
    /// The hashes of the fonts and the directory, for each document's keys.
    keys: record::Shared,
}

/// What became of one document: what it says, whether it was skipped, and its new entry in the
/// record when it was made.
struct Done {
    said: Said,
    unchanged: bool,
    entry: Option<(String, Entry)>,
}

impl Done {
    /// A document skipped as unchanged, saying again what it said when it was made, with a
    /// newer `entry` for the record when there is one.
    fn skipped(name: &str, made: &Entry, entry: Option<(String, Entry)>) -> Self {
        let line = format!("unchanged {name}");
        let said = Said { line, notes: made.notes.clone(), failed: false };
        Self { said, unchanged: true, entry }
    }

    /// A document that could not be made, for the reason `refused`, with `notes` saying why.
    fn failed(name: &str, refused: &str, notes: String) -> Self {
        let line = format!("failed  {name}  {refused}; the previous PDF, if any, is unchanged");
        Self { said: Said { line, notes, failed: true }, unchanged: false, entry: None }
    }
}

/// Makes one document (on a thread of its own, given at most the time limit), checks it, and
/// writes it if the checks found no errors; says which. A document whose inputs and PDF are as
/// the record says is skipped, and says what it said when it was made.
fn build_one(context: &Context, job: &Job, variant: &Variant) -> Done {
    let project = context.project;
    let name = match &variant.label {
        Some(label) => format!("{label}/{}", job.name()),
        None => job.name(),
    };
    let path = variant.out.join(job.folder()).join(job.file_name(&variant.options));
    let key = record_key(context.out, &path);
    let (world, keys) = match plan(context, job, variant, (&name, &key, &path)) {
        Ok(Plan::Skip(done)) => return done,
        Ok(Plan::Make(world, keys)) => (world, keys),
        Err(error) => return Done::failed(&name, "could not be made", format!("{error}\n")),
    };
    let made = {
        let (project, job, options) = (project.clone(), job.clone(), variant.options.clone());
        deadline::run(context.limit, move || checks::make_in(world, &project, &job, &options))
    };
    let document = Document { project, job, name: &name, path: &path, keys };
    let written = made.map(|made| made.and_then(|(m, served)| write_one(&document, m, served)));
    let (refused, notes) = match written {
        Ok(Ok(Written::Made { line, notes, entry })) => {
            let said = Said { line, notes, failed: false };
            return Done { said, unchanged: false, entry: Some((key, entry)) };
        }
        Ok(Ok(Written::Refused(notes))) => ("did not pass `leafpress check`", notes),
        Ok(Err(error)) => ("could not be made", format!("{error}\n")),
        Err(Stopped::TimedOut) => (
            "was stopped at its time limit",
            format!("{}\n", deadline::timed_out(project, job, context.limit)),
        ),
        Err(Stopped::Panicked(panic)) => (
            "could not be made",
            format!(
                "{name}: error: leafpress stopped unexpectedly while making it: {panic}\nhint: \
                 this is a bug in leafpress or Typst; the other documents are made as usual\n"
            ),
        ),
        Err(Stopped::NoThread(error)) => (
            "could not be made",
            format!(
                "{name}: error: no thread to make it on: {error}\nhint: the system may be out of \
                 memory or threads; try --jobs 1\n"
            ),
        ),
    };
    Done::failed(&name, refused, notes)
}

/// What to do with one document: skip it, or make it in a world readied for it.
enum Plan {
    /// It is unchanged since the record was written.
    Skip(Done),
    /// Make it in this world, and record it with these keys (inputs and sources).
    Make(LeafWorld, (String, String)),
}

/// Compares a document (its name in messages, its key in the record and its file) with its
/// entry in the record: first by its sources, which costs no data, then by its data.
fn plan(
    context: &Context,
    job: &Job,
    variant: &Variant,
    (name, key, path): (&str, &str, &Path),
) -> Result<Plan> {
    let project = context.project;
    let document = (job, &variant.options, key);
    let sources =
        timing::measure(Stage::Record, || record::sources_key(project, &context.keys, document));
    let previous = context.previous.and_then(|record| record.get(key));
    let same_sources = |entry: &&Entry| {
        timing::measure(Stage::Record, || {
            let world = render::world_with(project, job, HashMap::new());
            world.is_ok_and(|w| record::unchanged(entry, Known::Sources(&sources), &w, path))
        })
    };
    if let Some(entry) = previous.filter(same_sources) {
        return Ok(Plan::Skip(Done::skipped(name, entry, None)));
    }
    let page_options = render::page_options(job, &variant.options);
    let inputs = timing::measure(Stage::Data, || render::inputs(project, job, &page_options))?;
    let hash = timing::measure(Stage::Record, || {
        record::inputs_key(project, &context.keys, document, &inputs)
    });
    let world = render::world_with(project, job, inputs)?;
    let same_inputs = |entry: &&Entry| {
        timing::measure(Stage::Record, || {
            record::unchanged(entry, Known::Inputs(&hash), &world, path)
        })
    };
    if let Some(entry) = previous.filter(same_inputs) {
        // The same data from other sources (a comment, say): next time the sources match.
        let newer = Entry { sources, ..entry.clone() };
        return Ok(Plan::Skip(Done::skipped(name, entry, Some((key.to_string(), newer)))));
    }
    Ok(Plan::Make(world, (hash, sources)))
}

/// Where a document is written, as the record names it: its path inside the output folder
/// `out`, with `/` between folders.
fn record_key(out: &Path, path: &Path) -> String {
    let inside = path.strip_prefix(out).unwrap_or(path);
    let parts: Vec<String> =
        inside.components().map(|c| c.as_os_str().to_string_lossy().into_owned()).collect();
    parts.join("/")
}

/// One document being written: what it is, its name in messages, its file and the hash of its
/// inputs.
struct Document<'a> {
    project: &'a Project,
    job: &'a Job,
    name: &'a str,
    path: &'a Path,
    /// Its [`record::inputs_key`] and [`record::sources_key`].
    keys: (String, String),
}

/// What writing one document gave.
enum Written {
    /// The PDF was written: its summary line, its warnings and its entry in the record.
    Made { line: String, notes: String, entry: Entry },
    /// The checks found errors, which the notes give; nothing was written.
    Refused(String),
}

/// Writes one document made and checked, with `served` the files its layout read.
fn write_one(document: &Document, made: Made, served: BTreeMap<String, String>) -> Result<Written> {
    let Document { project, job, name, path, .. } = document;
    let mut notes = String::new();
    let (pdf, checked) = match made {
        Made::Pdf(pdf, checked) => (pdf, checked),
        Made::Refused(checked) => {
            let errors = checked.findings.iter().filter(|f| f.severity == Severity::Error);
            errors.for_each(|f| notes.push_str(&report::finding_lines(f)));
            return Ok(Written::Refused(notes));
        }
    };
    for warning in &checked.findings {
        notes.push_str(&format!("{name}: {}", report::finding_lines(warning).trim_start()));
    }
    if let Some(warning) = &pdf.warnings {
        notes.push_str(&format!("warning in {name}:\n{warning}\n"));
    }
    timing::measure(Stage::Write, || write_atomic(path, &pdf.bytes))?;
    let (w, h) = pdf.size_mm;
    let line = format!(
        "built   {name:<20} {:>2} pages  {w:.0} × {h:.0} mm  {:>5} KB  {:.2} s  → {}",
        pdf.pages,
        pdf.bytes.len().div_ceil(1024),
        pdf.elapsed.as_secs_f64(),
        path.display()
    );
    let entry = Entry {
        inputs: document.keys.0.clone(),
        sources: document.keys.1.clone(),
        reads: served,
        files: record::content_files(project, job, &checked),
        output: record::hash(&pdf.bytes),
        notes: notes.clone(),
    };
    Ok(Written::Made { line, notes, entry })
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
