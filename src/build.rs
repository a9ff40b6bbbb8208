//! Building: every planned document made (see [`crate::make`]) and written into its output
//! folder, several at once, skipping those the build record shows unchanged (see
//! [`crate::record`]). A document whose checks find errors, or that fails or runs past its time
//! limit, is not written, and its previous PDF stays as it was.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use crate::batch::{self, Said};
use crate::checks::Severity;
use crate::deadline::{self, Stopped};
use crate::error::Result;
use crate::layout::Layout;
use crate::make::{self, Made};
use crate::output::{remove_stale_temporaries, write_atomic};
use crate::plan::{Job, Variant};
use crate::project::Project;
use crate::record::{self, Entry, Known, Record};
use crate::render;
use crate::spec;
use crate::timing::{self, Stage};
use crate::world::LeafWorld;

/// How a build runs: where it writes, whether it trusts the record, and its limits.
pub struct Settings {
    /// The output folder named on the command line, which holds the record.
    pub out: PathBuf,
    /// Make every document, whatever the record says.
    pub force: bool,
    /// The time limit of each document.
    pub limit: Duration,
    /// How many documents to make at once.
    pub threads: usize,
}

/// What a build did.
pub struct Built {
    /// How many documents were planned.
    pub total: usize,
    /// How many could not be made or did not pass the checks.
    pub failed: usize,
    /// How many were skipped as unchanged.
    pub unchanged: usize,
    /// How many threads made them.
    pub threads: usize,
}

/// Makes every document of `jobs` for every variant, and writes the ones that pass their
/// checks; a print shop's variants get a print specification beside their files.
pub fn run(
    project: &Arc<Project>,
    jobs: &[Job],
    variants: &[Variant],
    settings: &Settings,
) -> Result<Built> {
    // A build that was killed left its temporary files behind; this one clears them.
    let mut folders: BTreeSet<PathBuf> =
        variants.iter().flat_map(|v| jobs.iter().map(|j| v.out.join(j.folder()))).collect();
    folders.insert(settings.out.clone());
    folders.iter().for_each(|folder| remove_stale_temporaries(folder));
    // Each document for every organisation in a row: they differ only in the organisation's
    // block, so Typst's cache and the memoized QR decodes serve the next one.
    let mut work: Vec<(&Variant, &Job)> =
        jobs.iter().flat_map(|j| variants.iter().map(move |v| (v, j))).collect();
    // A multilingual poster takes several times as long as any other document: started last,
    // it would leave the other threads idle at the end.
    work.sort_by_key(|(_, job)| !job.layout.all_languages);
    let threads = settings.threads.min(work.len().max(1));
    let record = Record::load(&settings.out);
    let context = Context {
        project,
        limit: settings.limit,
        out: &settings.out,
        previous: (!settings.force).then_some(&record),
        keys: record::Shared::of(project),
    };
    let build = |(v, job): &(&Variant, &Job)| build_one(&context, job, v);
    let built = batch::run(&work, threads, build, |done| &done.said)?;
    let failed = built.iter().filter(|done| done.said.failed).count();
    let unchanged = built.iter().filter(|done| done.unchanged).count();
    let made: Vec<(String, Entry)> = built.into_iter().filter_map(|done| done.entry).collect();
    if !made.is_empty() {
        // Without a record the next build makes everything again, which is slow but right.
        if let Err(error) = record.save(&settings.out, made) {
            crate::errln!("warning: the build record was not updated: {error}");
        }
    }
    for variant in variants.iter().filter(|v| v.options.print_shop) {
        print_specification(project, jobs, variant)?;
    }
    Ok(Built { total: work.len(), failed, unchanged, threads })
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
    let (world, keys) = match decide(context, job, variant, (&name, &key, &path)) {
        Ok(Decision::Skip(done)) => return done,
        Ok(Decision::Make(world, keys)) => (world, keys),
        Err(error) => return Done::failed(&name, "could not be made", format!("{error}\n")),
    };
    let made = {
        let (project, job, options) = (project.clone(), job.clone(), variant.options.clone());
        deadline::run(context.limit, move || make::make_in(world, &project, &job, &options))
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
enum Decision {
    /// It is unchanged since the record was written.
    Skip(Done),
    /// Make it in this world, and record it with these keys (inputs and sources).
    Make(LeafWorld, (String, String)),
}

/// Compares a document (its name in messages, its key in the record and its file) with its
/// entry in the record: first by its sources, which costs no data, then by its data.
fn decide(
    context: &Context,
    job: &Job,
    variant: &Variant,
    (name, key, path): (&str, &str, &Path),
) -> Result<Decision> {
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
        return Ok(Decision::Skip(Done::skipped(name, entry, None)));
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
        return Ok(Decision::Skip(Done::skipped(name, entry, Some((key.to_string(), newer)))));
    }
    Ok(Decision::Make(world, (hash, sources)))
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
            errors.for_each(|f| notes.push_str(&f.lines()));
            return Ok(Written::Refused(notes));
        }
    };
    for warning in &checked.findings {
        notes.push_str(&format!("{name}: {}", warning.lines().trim_start()));
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
