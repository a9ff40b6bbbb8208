//! Compiling one document (a layout in a language, with the build's options) and exporting it
//! as PDF/A-2b + PDF/UA-1; for a print shop, in CMYK as tagged PDF/UA-1 without PDF/A (see
//! [`crate::press`]).

use std::collections::HashMap;
use std::path::Path;
use std::time::Duration;

use serde_json::{Value, json};
use typst::World;
use typst::diag::{SourceDiagnostic, Warned};
use typst::foundations::Bytes;
use typst::foundations::{Datetime, Smart};
use typst::syntax::{DiagSpan, DiagSpanKind};
use typst_kit::diagnostics::{DiagnosticFormat, DiagnosticWorld, emit, termcolor};
use typst_layout::PagedDocument;
use typst_pdf::{PdfOptions, PdfStandard, PdfStandards, Timestamp};

use crate::content::language::Direction;
use crate::content::{Language, TomlFile, data};
use crate::contract::{Contract, DATA_PATH, PRINT_BLEED_MM as PRINT_BLEED};
use crate::diagnostic::{Diagnostic, Place};
use crate::error::{Error, Result};
use crate::glyphs;
use crate::impose::{Binding, impose, with_crop_marks};
use crate::layout::{Office, Paper};
use crate::plan::{Job, Options};
use crate::press;
use crate::project::Project;
use crate::rtl;
use crate::timing::{self, Stage};
use crate::world::LeafWorld;

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

/// Lays out `job`, refusing a page where a character shows as a box because no bundled font
/// has it. (Content is checked for such characters before any job: see
/// [`glyphs::check_language`].)
pub fn compile(project: &Project, job: &Job, options: &Options) -> Result<Compiled> {
    compile_in(world(project, job, options)?, project, job, options)
}

/// A fresh world for `job`, which [`lay_out_in`] can compile in and [`LeafWorld::reset`] can
/// ready for the next compilation of the same layout.
pub fn world(project: &Project, job: &Job, options: &Options) -> Result<LeafWorld> {
    world_with(project, job, inputs(project, job, options)?)
}

/// A fresh world for `job` with its virtual files `inputs`, as [`inputs`] gives them.
pub fn world_with(
    project: &Project,
    job: &Job,
    inputs: HashMap<String, Bytes>,
) -> Result<LeafWorld> {
    let layout = format!("/layouts/{}.typ", job.layout.file);
    LeafWorld::new(project.shared.clone(), &layout, inputs).map_err(|e| Error::Typst {
        document: job.name(),
        rendered: e.to_string(),
        found: Vec::new(),
    })
}

/// [`compile`] in a given world, made by [`world`] (and perhaps reset since).
fn compile_in(
    world: LeafWorld,
    project: &Project,
    job: &Job,
    options: &Options,
) -> Result<Compiled> {
    let languages = job
        .languages
        .iter()
        .map(|code| find_language(project, code))
        .collect::<Result<Vec<_>>>()?;
    let Warned { output, warnings } =
        timing::measure(Stage::Layout, || typst::compile::<PagedDocument>(&world));
    let warnings = Some(render_diagnostics(&world, &warnings)).filter(|w| !w.is_empty());
    match output {
        Ok(document) => {
            let missing = timing::measure(Stage::Glyphs, || glyphs::missing_glyphs(&document));
            if !missing.is_empty() {
                let mut sources: Vec<&TomlFile> = languages.iter().map(|l| &l.file).collect();
                sources.extend(options.org.as_ref().map(|org| &org.file));
                let layout = project.dir.join("layouts").join(format!("{}.typ", job.layout.file));
                let layout = layout.strip_prefix(".").unwrap_or(&layout).to_path_buf();
                return Err(glyphs::missing_error(&missing, &job.name(), &sources, &layout));
            }
            let document =
                timing::measure(Stage::Rtl, || rtl::prepare(&document)).unwrap_or(document);
            Ok(Compiled { document, warnings, world })
        }
        Err(errors) => Err(Error::Typst {
            document: job.name(),
            rendered: render_diagnostics(&world, &errors),
            found: as_diagnostics(&world, &errors),
        }),
    }
}

/// The document's virtual files by path: its data as JSON, and the organisation's logo.
pub fn inputs(project: &Project, job: &Job, options: &Options) -> Result<HashMap<String, Bytes>> {
    let language = find_language(project, &job.language)?;
    let mut data = data::document(&project.content, language, &job.layout.name);
    data["options"] = json!({
        "print_shop": options.print_shop,
        "cmyk": options.cmyk,
        "paper": job.size.map(Paper::name),
        "region": {
            "code": options.region.code,
            "helpline": options.region.helpline,
            "first": options.region.first,
        },
        "org": options.org.as_ref().map(|org| json!({
            "name": org.name,
            "phone": org.phone,
            "address": org.address,
            "card_title": org.card_title,
            "logo": org.logo.as_ref().map(|logo| &logo.virtual_path),
        })),
    });
    data["contract"] = Contract::new(job.layout.kind, on_card_sheet(job, options)).to_json();
    if job.layout.all_languages {
        let entries = job
            .languages
            .iter()
            .map(|code| Ok(data::language_entry(&project.content, find_language(project, code)?)))
            .collect::<Result<Vec<_>>>()?;
        data["languages"] = Value::Array(entries);
    }
    let bytes = serde_json::to_vec(&data).expect("JSON values always serialize");
    let mut inputs = HashMap::from([(DATA_PATH.to_string(), Bytes::new(bytes))]);
    if let Some(logo) = options.org.as_ref().and_then(|org| org.logo.as_ref()) {
        inputs.insert(logo.virtual_path.clone(), logo.bytes.clone());
    }
    Ok(inputs)
}

/// Whether `job` is laid out to be imposed as a sheet of cards, which are cut apart.
fn on_card_sheet(job: &Job, options: &Options) -> bool {
    (job.layout.always_on_sheet || options.office_sheet) && job.layout.office == Office::Cards
}

/// A document's final pages: as laid out, or imposed on A4 sheets.
pub struct Final {
    /// The pages to export.
    pub document: PagedDocument,
    /// The pages as the layout made them, before any imposition.
    pub laid_out: PagedDocument,
    /// Whether the pages are the reading copy (tagged, PDF/UA) rather than imposed sheets.
    pub accessible: bool,
    /// Typst's warnings, rendered, if there were any.
    pub warnings: Option<String>,
    world: LeafWorld,
}

/// Lays out `job` and imposes it on A4 when the options or the layout ask for it.
/// A sheet layout for a print shop (the card sheet) is imposed from pages without bleed, and
/// the sheet itself gets the bleed and crop marks.
pub fn lay_out(project: &Project, job: &Job, options: &Options) -> Result<Final> {
    let page_options = page_options(job, options);
    lay_out_in(world(project, job, &page_options)?, project, job, options)
}

/// [`lay_out`] in a kept world, made by [`world`] with the options [`page_options`] gives and
/// reset with [`inputs`] since; [`Final::into_world`] hands it back for the next round.
pub fn lay_out_in(
    world: LeafWorld,
    project: &Project,
    job: &Job,
    options: &Options,
) -> Result<Final> {
    let on_sheet = job.layout.always_on_sheet || options.office_sheet;
    let marks_on_sheet = job.layout.always_on_sheet && options.print_shop;
    let page_options = page_options(job, options);
    let Compiled { document: laid_out, warnings, world } =
        compile_in(world, project, job, &page_options)?;
    let binding = binding(project, &job.language);
    let imposed = timing::measure(Stage::Impose, || {
        on_sheet.then(|| impose(&laid_out, job.layout.office, binding))
    });
    let (document, accessible) = match imposed {
        Some(Some(sheets)) if marks_on_sheet => (with_crop_marks(&sheets), false),
        Some(Some(sheets)) => (sheets, false),
        _ => (laid_out.clone(), true),
    };
    Ok(Final { document, laid_out, accessible, warnings, world })
}

/// The edge a booklet in `language` is bound on: the right for right-to-left scripts.
fn binding(project: &Project, language: &str) -> Binding {
    let language = project.content.languages.iter().find(|l| l.code == language);
    match language.map(|l| l.direction) {
        Some(Direction::Rtl) => Binding::Right,
        _ => Binding::Left,
    }
}

/// The options a layout's own pages are compiled with: a sheet layout for a print shop gets its
/// marks on the sheet rather than on each page.
pub fn page_options(job: &Job, options: &Options) -> Options {
    let marks_on_sheet = job.layout.always_on_sheet && options.print_shop;
    Options { print_shop: options.print_shop && !marks_on_sheet, ..options.clone() }
}

impl Final {
    /// The world the document was compiled in, to be reset and reused.
    pub fn into_world(self) -> LeafWorld {
        self.world
    }

    /// Every file the layout read, by path, with a hash of each (see [`LeafWorld::served`]).
    pub fn served(&mut self) -> std::collections::BTreeMap<String, String> {
        self.world.served()
    }
}

/// Lays out and exports `job` as a PDF in memory.
pub fn pdf(project: &Project, job: &Job, options: &Options) -> Result<Pdf> {
    let start = std::time::Instant::now();
    let done = lay_out(project, job, options)?;
    export(project, job, options, &done, start)
}

/// Exports laid-out pages as a PDF in memory; `start` is when work on the document began.
pub fn export(
    project: &Project,
    job: &Job,
    options: &Options,
    done: &Final,
    start: std::time::Instant,
) -> Result<Pdf> {
    let ident = format!("leafpress/{}/{}", job.folder(), job.file_name(options));
    let pdf_options =
        pdf_options(ident, project.shared.today, done.accessible, options.cmyk).map_err(
            |message| Error::Typst { document: job.name(), rendered: message, found: Vec::new() },
        )?;
    let press;
    let document = if options.cmyk {
        press = press::with_press_codes(&done.document, project.shared.qr_codes());
        &press
    } else {
        &done.document
    };
    let bytes = timing::measure(Stage::Export, || typst_pdf::pdf(document, &pdf_options));
    let mut bytes = bytes.map_err(|errors| Error::Typst {
        document: job.name(),
        rendered: render_diagnostics(&done.world, &errors),
        found: as_diagnostics(&done.world, &errors),
    })?;
    if options.print_shop {
        bytes =
            press::with_bleed_box(&bytes, PRINT_BLEED * 72.0 / 25.4).map_err(|e| Error::Typst {
                document: job.name(),
                rendered: format!(
                    "error: cannot add a BleedBox to the exported PDF ({})\n  hint: this \
                     Typst version writes PDFs differently; report it with the leafpress and \
                     Typst versions\n",
                    e.0
                ),
                found: Vec::new(),
            })?;
    }
    let size = done.document.pages().first().map(|p| p.frame.size());
    Ok(Pdf {
        bytes,
        pages: done.document.pages().len(),
        size_mm: size.map_or((0.0, 0.0), |s| (s.x.to_mm(), s.y.to_mm())),
        warnings: done.warnings.clone(),
        elapsed: start.elapsed(),
    })
}

fn find_language<'a>(project: &'a Project, code: &str) -> Result<&'a Language> {
    project.content.language(code).ok_or_else(|| Error::Usage {
        message: format!("there is no language `{code}`"),
        hint: "run `leafpress list` to see the languages in content/".into(),
    })
}

/// PDF/A-2b for archiving and printing, and PDF/UA-1 for screen readers where the document
/// is `accessible` (imposed sheets are not: see [`crate::impose`]), with a fixed date and
/// identifier so that the same inputs give the same bytes. A document in `cmyk` for a press
/// drops PDF/A: Typst 0.15 refuses CMYK under PDF/A-2b (it has no CMYK output profile there).
fn pdf_options(
    ident: String,
    today: Datetime,
    accessible: bool,
    cmyk: bool,
) -> Result<PdfOptions, String> {
    let standards: &[PdfStandard] = match (accessible, cmyk) {
        (true, false) => &[PdfStandard::A_2b, PdfStandard::Ua_1],
        (false, false) => &[PdfStandard::A_2b],
        (true, true) => &[PdfStandard::Ua_1],
        (false, true) => &[],
    };
    let standards = PdfStandards::new(standards).map_err(|e| e.message().to_string())?;
    let (year, month, day) = (today.year(), today.month(), today.day());
    let midnight =
        year.zip(month).zip(day).and_then(|((y, m), d)| Datetime::from_ymd_hms(y, m, d, 0, 0, 0));
    Ok(PdfOptions {
        ident: Smart::Custom(ident),
        creator: Smart::Custom(Some(format!("leafpress {}", env!("CARGO_PKG_VERSION")))),
        timestamp: midnight.map(Timestamp::new_utc),
        standards,
        tagged: accessible,
        ..PdfOptions::default()
    })
}

/// Renders Typst diagnostics the way the typst CLI does: file:line:col, the source line, hints.
fn render_diagnostics(world: &dyn DiagnosticWorld, diagnostics: &[SourceDiagnostic]) -> String {
    if diagnostics.is_empty() {
        return String::new();
    }
    let diagnostics: Vec<SourceDiagnostic> = diagnostics.iter().map(with_our_hints).collect();
    let mut buffer = termcolor::Buffer::no_color();
    if emit(&mut buffer, world, &diagnostics, DiagnosticFormat::Human).is_err() {
        return diagnostics.iter().map(|d| format!("error: {}\n", d.message)).collect();
    }
    let rendered = String::from_utf8_lossy(buffer.as_slice());
    one_based_columns(&cap_quoted(&rendered))
}

/// Typst's diagnostics (typst-kit 0.15.1) give zero-based columns in their `┌─ path:line:col`
/// headers, and every other place leafpress prints (and `check --json`) is one-based, as
/// editors count: the headers are made one-based too, so that both point at the same place.
fn one_based_columns(rendered: &str) -> String {
    let one = |line: &str| -> Option<String> {
        let (head, place) = line.split_once("┌─ ")?;
        let (before, column) = place.rsplit_once(':')?;
        let column: usize = column.parse().ok()?;
        Some(format!("{head}┌─ {before}:{}", column + 1))
    };
    let lines = rendered.lines().map(|line| one(line).unwrap_or_else(|| line.to_string()));
    lines.map(|line| line + "\n").collect()
}

/// Typst's diagnostics as leafpress's own: each at the place in the layout it points to (the
/// file as the user named the project), with its first hint.
fn as_diagnostics(world: &LeafWorld, diagnostics: &[SourceDiagnostic]) -> Vec<Diagnostic> {
    let place = |span: DiagSpan| {
        let (id, range) = match span.get() {
            DiagSpanKind::Detached => return None,
            DiagSpanKind::Number { id, num, sub_range } => {
                (id, world.source(id).ok()?.range(num, sub_range)?)
            }
            DiagSpanKind::Range { id, range } => (id, range),
        };
        let source = world.source(id).ok()?;
        Some(Place::in_text(Path::new(&world.name(id)), source.text(), range))
    };
    let one = |diagnostic: &SourceDiagnostic| {
        let ours = with_our_hints(diagnostic);
        let found = match diagnostic.severity {
            typst::diag::Severity::Error => Diagnostic::error("typst", ours.message.to_string()),
            typst::diag::Severity::Warning => {
                Diagnostic::warning("typst", ours.message.to_string())
            }
        };
        let found = match ours.hints.first() {
            Some(hint) => found.hint(hint.v.to_string()),
            None => found,
        };
        Diagnostic { place: place(diagnostic.span), ..found }
    };
    diagnostics.iter().map(one).collect()
}

/// A diagnostic whose hints name leafpress's options rather than the typst CLI's: a layout
/// cannot widen what it may read with `--root`, which leafpress does not have.
fn with_our_hints(diagnostic: &SourceDiagnostic) -> SourceDiagnostic {
    let mut ours = diagnostic.clone();
    ours.hints = diagnostic
        .hints
        .iter()
        .map(|hint| {
            let mut hint = hint.clone();
            if hint.v.contains("--root") {
                hint.v = "layouts may only read files in layouts/: put the file there".into();
            }
            hint
        })
        .collect();
    ours
}

/// The longest source line a diagnostic quotes, in characters; a longer one (a whole SVG or
/// JSON file on one line) is cut around the error, so that an error stays readable.
const MAX_QUOTED: usize = 120;

/// Cuts each quoted source line (`12 │ …`) longer than [`MAX_QUOTED`] characters to a window
/// around the carets under it, and the carets with it.
fn cap_quoted(rendered: &str) -> String {
    let lines: Vec<&str> = rendered.lines().collect();
    let mut out = String::new();
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i];
        i += 1;
        let long = line.chars().count() > MAX_QUOTED;
        let Some((gutter, body)) = split_gutter(line).filter(|_| long) else {
            out.push_str(line);
            out.push('\n');
            continue;
        };
        let width = MAX_QUOTED.saturating_sub(gutter.chars().count() + 2);
        let carets = lines.get(i).and_then(|next| split_gutter(next));
        let carets = carets.filter(|(_, body)| body.trim_start().starts_with('^'));
        let column = carets.map_or(0, |(_, body)| body.len() - body.trim_start().len());
        let start = column.saturating_sub(width / 3);
        out.push_str(&format!("{gutter}{}\n", cut(body, start, width)));
        if let Some((gutter, body)) = carets {
            out.push_str(&format!("{gutter}{}\n", cut(body, start, width)));
            i += 1;
        }
    }
    out
}

/// A quoted line's gutter (`12 │ `) and the rest, when it is one.
fn split_gutter(line: &str) -> Option<(&str, &str)> {
    let at = line.find("│ ")?;
    let gutter = &line[..at];
    gutter.chars().all(|c| c == ' ' || c.is_ascii_digit()).then(|| line.split_at(at + "│ ".len()))
}

/// `width` characters of `text` from character `start`, with `…` where it was cut.
fn cut(text: &str, start: usize, width: usize) -> String {
    let chars: Vec<char> = text.chars().collect();
    let end = (start + width).min(chars.len());
    let mut shown: String = chars[start.min(end)..end].iter().collect();
    if start > 0 {
        shown.insert(0, '…');
    }
    if end < chars.len() {
        shown.push('…');
    }
    shown
}
