//! `leafpress build`: every requested layout × language, written to
//! OUT/<lang>/<layout>[-size][-print|-a4].pdf, and OUT/multi/ for multilingual layouts.

use std::path::Path;
use std::time::Instant;

use super::{BuildArgs, DocArgs, Outcome};
use crate::checks::{self, Checked, Severity, glyphs, report};
use crate::content::WarningKind;
use crate::error::{Error, Result};
use crate::layout::Layout;
use crate::org::Organisation;
use crate::output::write_atomic;
use crate::project::Project;
use crate::render::{self, Job, Options};

/// Builds the documents `args` asks for in the project at `dir`.
pub fn run(dir: &Path, args: &BuildArgs) -> Result<Outcome> {
    let start = Instant::now();
    let project = Project::open(dir)?;
    let options = options(&project, &args.docs)?;
    let jobs = jobs(&project, &args.docs)?;
    // A character no font has is a content error, found once per language before any layout.
    for language in project.content.languages.iter() {
        if jobs.iter().any(|job| job.languages.contains(&language.code)) {
            glyphs::check_language(language, &project.coverage)?;
        }
    }
    report_fallbacks(&project, &jobs);
    // Every document carries the directory's addresses: a bad one stops the whole build.
    let directory = checks::project(&project, &[]);
    if directory.iter().any(Checked::has_errors) {
        for checked in &directory {
            eprintln!("{}", checked.subject);
            checked.findings.iter().for_each(|f| eprint!("{}", report::finding_lines(f)));
        }
        println!("0 of {} documents built: fix the directory first", jobs.len());
        return Ok(Outcome::SomeFailed);
    }
    let mut failed = 0;
    for job in &jobs {
        let result = build_one(&project, job, &options, &args.out);
        // Typst memoizes layout work across documents; entries unused for a few documents are
        // dropped so that memory stays flat on long batches.
        comemo::evict(4);
        let refused = match result {
            Ok(Built::Written(line)) => {
                println!("{line}");
                continue;
            }
            Ok(Built::Refused(checked)) => {
                let findings = checked.findings.iter().filter(|f| f.severity == Severity::Error);
                findings.for_each(|f| eprint!("{}", report::finding_lines(f)));
                "did not pass `leafpress check`"
            }
            Err(error) => {
                eprintln!("{error}");
                "could not be made"
            }
        };
        failed += 1;
        println!("failed  {}  {refused}; the previous PDF, if any, is unchanged", job.name());
    }
    let seconds = start.elapsed().as_secs_f64();
    let built = jobs.len() - failed;
    println!("{built} of {} documents built in {seconds:.1} s", jobs.len());
    Ok(if failed == 0 { Outcome::Success } else { Outcome::SomeFailed })
}

/// The build options, with the organisation file read and checked.
pub fn options(project: &Project, args: &DocArgs) -> Result<Options> {
    Ok(Options {
        print_shop: args.print_shop,
        office_sheet: args.sheet.is_some(),
        size: args.size,
        region: project.content.regions.get(args.region.as_deref())?.clone(),
        org: args.org.as_deref().map(Organisation::load).transpose()?,
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
            let marked = if language.is_draft() { ", marked EN" } else { "" };
            eprintln!(
                "{path}: warning: {} not translated; where a layout uses them, it prints the \
                 English text{marked}: {}",
                texts(fallback.len()),
                some(&fallback)
            );
        }
        let stale = keys(WarningKind::Stale);
        if language.stamps.is_empty() && !stale.is_empty() {
            eprintln!(
                "{path}: warning: no record of the English texts it was translated from\nhint: \
                 once the translation is checked against content/en.toml, run `leafpress stamp {code}`"
            );
        } else if !stale.is_empty() {
            eprintln!(
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

/// What became of one document.
enum Built {
    /// It was written; the summary line.
    Written(String),
    /// The checks found errors, so it was not written.
    Refused(Checked),
}

/// Makes one document, checks it, and writes it if the checks found no errors.
fn build_one(project: &Project, job: &Job, options: &Options, out: &Path) -> Result<Built> {
    let start = Instant::now();
    let done = render::lay_out(project, job, options)?;
    let checked = checks::document(project, job, options, &done.laid_out, &done.document);
    if checked.has_errors() {
        return Ok(Built::Refused(checked));
    }
    for warning in &checked.findings {
        eprint!("{}: {}", job.name(), report::finding_lines(warning).trim_start());
    }
    let pdf = render::export(project, job, options, &done, start)?;
    if let Some(warning) = &pdf.warnings {
        eprintln!("warning in {}:\n{warning}", job.name());
    }
    let path = out.join(job.folder()).join(job.file_name(options));
    write_atomic(&path, &pdf.bytes)?;
    let (w, h) = pdf.size_mm;
    Ok(Built::Written(format!(
        "built   {:<20} {:>2} pages  {w:.0} × {h:.0} mm  {:>5} KB  {:.2} s  → {}",
        job.name(),
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
    Ok(requested.to_vec())
}
