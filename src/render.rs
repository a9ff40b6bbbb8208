//! Compiling one document (a language in a layout) and exporting it as PDF/A-2b + PDF/UA-1.

use std::time::Duration;

use typst::diag::{SourceDiagnostic, Warned};
use typst::foundations::{Datetime, Smart};
use typst_kit::diagnostics::{DiagnosticFormat, DiagnosticWorld, emit, termcolor};
use typst_layout::PagedDocument;
use typst_pdf::{PdfOptions, PdfStandard, PdfStandards, Timestamp};

use crate::content::{Language, data};
use crate::error::{Error, Result};
use crate::project::Project;
use crate::world::LeafWorld;

/// One document to make: a language in a layout.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Job {
    /// Language code.
    pub language: String,
    /// Layout name.
    pub layout: String,
}

impl Job {
    /// A short name for messages, such as `en/pocket`.
    pub fn name(&self) -> String {
        format!("{}/{}", self.language, self.layout)
    }
}

/// A compiled document, with the world it was compiled in (for rendering diagnostics).
pub struct Compiled {
    /// The laid-out pages.
    pub document: PagedDocument,
    /// Typst's warnings, rendered, if there were any.
    pub warnings: Option<String>,
    world: LeafWorld,
}

/// A finished PDF and facts about it.
pub struct Pdf {
    /// The PDF file.
    pub bytes: Vec<u8>,
    /// Number of pages.
    pub pages: usize,
    /// Size of the first page in millimetres.
    pub size_mm: (f64, f64),
    /// Typst's warnings, rendered, if there were any.
    pub warnings: Option<String>,
    /// Time spent compiling and exporting.
    pub elapsed: Duration,
}

/// Lays out `job`.
pub fn compile(project: &Project, job: &Job) -> Result<Compiled> {
    let language = find_language(project, &job.language)?;
    let data = data::document(&project.content, language, &job.layout);
    let bytes = serde_json::to_vec(&data).expect("JSON values always serialize");
    let layout = format!("/layouts/{}.typ", job.layout);
    let world = LeafWorld::new(project.shared.clone(), &layout, bytes)
        .map_err(|e| Error::Typst { document: job.name(), rendered: e.to_string() })?;
    let Warned { output, warnings } = typst::compile::<PagedDocument>(&world);
    let warnings = Some(render_diagnostics(&world, &warnings)).filter(|w| !w.is_empty());
    match output {
        Ok(document) => Ok(Compiled { document, warnings, world }),
        Err(errors) => Err(Error::Typst {
            document: job.name(),
            rendered: render_diagnostics(&world, &errors),
        }),
    }
}

/// Lays out and exports `job` as a PDF in memory.
pub fn pdf(project: &Project, job: &Job) -> Result<Pdf> {
    let start = std::time::Instant::now();
    let compiled = compile(project, job)?;
    let options = pdf_options(job, project.shared.today)?;
    let bytes = typst_pdf::pdf(&compiled.document, &options).map_err(|errors| Error::Typst {
        document: job.name(),
        rendered: render_diagnostics(&compiled.world, &errors),
    })?;
    let size = compiled.document.pages().first().map(|p| p.frame.size());
    Ok(Pdf {
        bytes,
        pages: compiled.document.pages().len(),
        size_mm: size.map_or((0.0, 0.0), |s| (s.x.to_mm(), s.y.to_mm())),
        warnings: compiled.warnings,
        elapsed: start.elapsed(),
    })
}

fn find_language<'a>(project: &'a Project, code: &str) -> Result<&'a Language> {
    project.content.language(code).ok_or_else(|| Error::Usage {
        message: format!("there is no language `{code}`"),
        hint: "run `leafpress list` to see the languages in content/".into(),
    })
}

/// PDF/A-2b for archiving and printing, PDF/UA-1 for screen readers, with a fixed date and
/// identifier so that the same inputs give the same bytes.
fn pdf_options(job: &Job, today: Datetime) -> Result<PdfOptions> {
    let standards = PdfStandards::new(&[PdfStandard::A_2b, PdfStandard::Ua_1])
        .map_err(|e| Error::Typst { document: job.name(), rendered: e.message().to_string() })?;
    let (year, month, day) = (today.year(), today.month(), today.day());
    let midnight =
        year.zip(month).zip(day).and_then(|((y, m), d)| Datetime::from_ymd_hms(y, m, d, 0, 0, 0));
    Ok(PdfOptions {
        ident: Smart::Custom(format!("leafpress/{}", job.name())),
        creator: Smart::Custom(Some(format!("leafpress {}", env!("CARGO_PKG_VERSION")))),
        timestamp: midnight.map(Timestamp::new_utc),
        standards,
        ..PdfOptions::default()
    })
}

/// Renders Typst diagnostics the way the typst CLI does: file:line:col, the source line, hints.
fn render_diagnostics(world: &dyn DiagnosticWorld, diagnostics: &[SourceDiagnostic]) -> String {
    if diagnostics.is_empty() {
        return String::new();
    }
    let mut buffer = termcolor::Buffer::no_color();
    if emit(&mut buffer, world, diagnostics, DiagnosticFormat::Human).is_err() {
        return diagnostics.iter().map(|d| format!("error: {}\n", d.message)).collect();
    }
    String::from_utf8_lossy(buffer.as_slice()).into_owned()
}
