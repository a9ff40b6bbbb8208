//! Making the catalogue's documents: each layout × language in every print mode, checked as
//! `leafpress build` checks it, written to `pdf/<folder>/`, with thumbnails of the office
//! file's pages in `thumbs/<folder>/`.

use std::sync::Arc;

use crate::batch::{self, Said};
use crate::checks::{self, Diagnostic, Severity};
use crate::deadline::{self, Stopped};
use crate::error::Result;
use crate::output::write_atomic;
use crate::plan::{Job, Options};
use crate::project::Project;
use crate::render::{self};

use super::manifest::sha256;
use super::{Document, Request, thumbs};

/// How a file is meant to be printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Mode {
    /// The document at its own size: the accessible copy, for screens and office printers.
    Office,
    /// Imposed on A4 with cut marks for an office printer (`--sheet a4`).
    Sheet,
    /// With bleed and crop marks for a print shop (`--print-shop`).
    PrintShop,
}

impl Mode {
    /// Every mode, in the order the catalogue lists them.
    pub const ALL: [Mode; 3] = [Mode::Office, Mode::Sheet, Mode::PrintShop];

    /// Its name in the manifest, and its key under `catalogue.modes`.
    pub fn key(self) -> &'static str {
        match self {
            Mode::Office => "office",
            Mode::Sheet => "sheet",
            Mode::PrintShop => "print_shop",
        }
    }

    /// The build options for this mode.
    fn options(self, base: &Options) -> Options {
        Options {
            print_shop: self == Mode::PrintShop,
            // A print shop's file is for a press: CMYK, as `build --print-shop` makes it.
            cmyk: self == Mode::PrintShop,
            office_sheet: self == Mode::Sheet,
            ..base.clone()
        }
    }
}

/// A PDF written into the site.
#[derive(Debug, Clone)]
pub struct PdfFile {
    /// How it is printed.
    pub mode: Mode,
    /// Its path inside the site, with `/`: `pdf/ar/pocket-a4.pdf`.
    pub path: String,
    /// Its size in bytes.
    pub bytes: u64,
    /// Its number of pages.
    pub pages: usize,
    /// Its first page's size in millimetres.
    pub size_mm: (f64, f64),
    /// Its SHA-256, in hexadecimal.
    pub sha256: String,
}

/// A page thumbnail written into the site.
#[derive(Debug, Clone)]
pub struct Thumb {
    /// Its path inside the site: `thumbs/ar/pocket-1.png`.
    pub path: String,
    /// Width and height in pixels.
    pub width: u32,
    /// Height in pixels.
    pub height: u32,
    /// Its size in bytes.
    pub bytes: u64,
    /// Its SHA-256, in hexadecimal.
    pub sha256: String,
}

/// One document in one mode, as made.
pub struct Made {
    /// Which document.
    pub job: Job,
    /// The file, unless it failed or the mode does not apply (an A4 page needs no A4 sheet).
    pub file: Option<PdfFile>,
    /// Thumbnails of its pages (office files only).
    pub thumbs: Vec<Thumb>,
    /// What to tell the user.
    pub said: Said,
}

/// Makes every document of `request` in every mode that applies, several at once.
pub fn all(project: &Arc<Project>, request: &Request) -> Result<Vec<Made>> {
    // The card sheet is already on A4: its office file is the sheet.
    let work: Vec<(&Job, Mode)> = request
        .jobs
        .iter()
        .flat_map(|job| Mode::ALL.into_iter().map(move |mode| (job, mode)))
        .filter(|(job, mode)| !(*mode == Mode::Sheet && job.layout.always_on_sheet))
        .collect();
    let threads = request.threads.min(work.len().max(1));
    batch::run(&work, threads, |(job, mode)| one(project, request, job, *mode), |m| &m.said)
}

/// Groups what was made into documents, in the order of `jobs`; a document none of whose
/// files was made is left out.
pub fn documents(jobs: &[Job], made: Vec<Made>) -> Vec<Document> {
    let mut documents: Vec<Document> = jobs
        .iter()
        .map(|job| Document { job: job.clone(), files: Vec::new(), thumbs: Vec::new() })
        .collect();
    for made in made {
        let Some(document) = documents.iter_mut().find(|d| d.job == made.job) else { continue };
        document.files.extend(made.file);
        document.thumbs.extend(made.thumbs);
    }
    documents.iter_mut().for_each(|d| d.files.sort_by_key(|f| f.mode));
    documents.retain(|d| !d.files.is_empty());
    documents
}

/// What making one file gave: the file and thumbnails, a refusal by the checks (with what they
/// said), or nothing to make.
enum Outcome {
    Written(PdfFile, Vec<Thumb>, String),
    Refused(String),
    NotNeeded,
}

/// Makes `job` in `mode` on a thread of its own, within the time limit.
fn one(project: &Arc<Project>, request: &Request, job: &Job, mode: Mode) -> Made {
    let options = mode.options(&request.options);
    let name = format!("{} ({})", job.name(), mode.key());
    let out = request.out.clone();
    let made = {
        let (project, job, options) = (project.clone(), job.clone(), options.clone());
        deadline::run(request.limit, move || write(&project, &job, &options, mode, &out))
    };
    let failed = |line: &str, notes: String| Made {
        job: job.clone(),
        file: None,
        thumbs: Vec::new(),
        said: Said { line: format!("failed  {name}  {line}"), notes, failed: true },
    };
    match made {
        Ok(Ok(Outcome::Written(file, thumbs, notes))) => {
            let line = format!(
                "made    {name:<32} {:>2} pages  {:>5} KB  → {}",
                file.pages,
                file.bytes.div_ceil(1024),
                file.path
            );
            let said = Said { line, notes, failed: false };
            Made { job: job.clone(), file: Some(file), thumbs, said }
        }
        Ok(Ok(Outcome::NotNeeded)) => {
            Made { job: job.clone(), file: None, thumbs: Vec::new(), said: Said::default() }
        }
        Ok(Ok(Outcome::Refused(notes))) => failed("did not pass `leafpress check`", notes),
        Ok(Err(error)) => failed("could not be made", format!("{error}\n")),
        Err(Stopped::TimedOut) => failed(
            "was stopped at its time limit",
            format!("{}\n", deadline::timed_out(project, job, request.limit)),
        ),
        Err(Stopped::Panicked(panic)) => failed(
            "could not be made",
            format!(
                "{name}: error: leafpress stopped unexpectedly: {panic}\nhint: this is a bug\n"
            ),
        ),
        Err(Stopped::NoThread(error)) => failed(
            "could not be made",
            format!("{name}: error: no thread to make it on: {error}\nhint: try --jobs 1\n"),
        ),
    }
}

/// Lays out, checks, exports and writes one file, with thumbnails of an office file's pages.
fn write(
    project: &Project,
    job: &Job,
    options: &Options,
    mode: Mode,
    out: &std::path::Path,
) -> Result<Outcome> {
    let start = std::time::Instant::now();
    let done = render::lay_out(project, job, options)?;
    // A layout already on A4 is not imposed: its A4 file would repeat the office file.
    if mode == Mode::Sheet && done.accessible {
        return Ok(Outcome::NotNeeded);
    }
    let checked = checks::document(project, job, options, &done.laid_out, &done.document);
    let lines = |severity| -> String {
        let found = checked.findings.iter().filter(|f| f.severity == severity);
        found.map(Diagnostic::lines).collect()
    };
    if checked.has_errors() {
        return Ok(Outcome::Refused(lines(Severity::Error)));
    }
    let pdf = render::export(project, job, options, &done, start)?;
    let path = format!("pdf/{}/{}", job.folder(), job.file_name(options));
    write_atomic(&out.join(&path), &pdf.bytes)?;
    let file = PdfFile {
        mode,
        path,
        bytes: pdf.bytes.len() as u64,
        pages: pdf.pages,
        size_mm: pdf.size_mm,
        sha256: sha256(&pdf.bytes),
    };
    let thumbs = match mode {
        Mode::Office => thumbs::write_all(&done.document, job, out)?,
        _ => Vec::new(),
    };
    Ok(Outcome::Written(file, thumbs, lines(Severity::Warning)))
}
