//! `leafpress build`: every requested language × layout, written to OUT/<lang>/<layout>.pdf.

use std::path::Path;
use std::time::Instant;

use super::{BuildArgs, Outcome};
use crate::error::{Error, Result};
use crate::output::write_atomic;
use crate::project::Project;
use crate::render::{self, Job};

/// Builds the documents `args` asks for in the project at `dir`.
pub fn run(dir: &Path, args: &BuildArgs) -> Result<Outcome> {
    let start = Instant::now();
    let project = Project::open(dir)?;
    let jobs = jobs(&project, &args.lang, &args.layout)?;
    report_fallbacks(&project, &jobs);
    let mut failed = 0;
    for job in &jobs {
        match build_one(&project, job, &args.out) {
            Ok(line) => println!("{line}"),
            Err(error) => {
                failed += 1;
                eprintln!("{error}");
                println!("failed  {}  (the previous PDF, if any, is unchanged)", job.name());
            }
        }
    }
    let seconds = start.elapsed().as_secs_f64();
    let built = jobs.len() - failed;
    println!("{built} of {} documents built in {seconds:.1} s", jobs.len());
    Ok(if failed == 0 { Outcome::Success } else { Outcome::SomeFailed })
}

/// Tells the user, once per language built, which texts print in English instead.
fn report_fallbacks(project: &Project, jobs: &[Job]) {
    for language in &project.content.languages {
        let keys: Vec<&str> = project
            .content
            .warnings
            .iter()
            .filter(|w| w.path == language.file.path)
            .map(|w| w.key.as_str())
            .collect();
        if keys.is_empty() || !jobs.iter().any(|j| j.language == language.code) {
            continue;
        }
        eprintln!(
            "{}: warning: {} texts are not translated; where a layout uses them, it prints the English text: {}",
            language.file.path.display(),
            keys.len(),
            keys.join(", ")
        );
    }
}

/// Makes one document and writes it, returning its summary line.
fn build_one(project: &Project, job: &Job, out: &Path) -> Result<String> {
    let pdf = render::pdf(project, job)?;
    if let Some(warning) = &pdf.warnings {
        eprintln!("warning in {}:\n{warning}", job.name());
    }
    let path = out.join(&job.language).join(format!("{}.pdf", job.layout));
    write_atomic(&path, &pdf.bytes)?;
    let (w, h) = pdf.size_mm;
    Ok(format!(
        "built   {:<14} {:>2} pages  {w:.0} × {h:.0} mm  {:>5} KB  {:.2} s  → {}",
        job.name(),
        pdf.pages,
        pdf.bytes.len().div_ceil(1024),
        pdf.elapsed.as_secs_f64(),
        path.display()
    ))
}

/// Every requested language × layout, checking that each one named exists.
pub fn jobs(project: &Project, languages: &[String], layouts: &[String]) -> Result<Vec<Job>> {
    let all_languages: Vec<String> =
        project.content.languages.iter().map(|l| l.code.clone()).collect();
    let languages = pick(languages, &all_languages, "language")?;
    let layouts = pick(layouts, &project.layouts, "layout")?;
    Ok(languages
        .iter()
        .flat_map(|language| {
            layouts.iter().map(|layout| Job { language: language.clone(), layout: layout.clone() })
        })
        .collect())
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
