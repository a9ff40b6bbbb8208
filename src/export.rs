//! `leafpress export-project`: the project as a plain Typst project that the stock `typst`
//! compiler builds to the same pages, for designers who work in standard Typst tooling.
//!
//! What leafpress serves as virtual files is written out at the same paths: each document's
//! data as JSON, the QR codes as SVG, an organisation's logo. The layouts and fonts are
//! copied as they are. The theme reads the data file named by the `leafpress-data` input
//! (`typst compile --input leafpress-data=…`), so the layouts stay one set of files shared by
//! every document, and `documents.json` and `build.sh` give each document's command.
//!
//! Pages that leafpress imposes after layout (the card sheet, `--sheet a4`) are not exported:
//! the stock compiler cannot put another document's pages on a sheet.

use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};

use serde_json::json;

use crate::contract::{DATA_INPUT, DATA_PATH, DOCUMENTS_DIR};
use crate::error::{Error, Result};
use crate::output::write_atomic;
use crate::plan::{Job, Options};
use crate::project::Project;
use crate::render::{self};

/// What an export wrote.
#[derive(Debug)]
pub struct Exported {
    /// The documents it gives a command for, by name (`en/pocket`).
    pub documents: Vec<String>,
    /// The documents left out, because leafpress imposes their pages.
    pub skipped: Vec<String>,
}

/// One document of the exported project: the layout to compile, and its inputs.
struct Document {
    name: String,
    main: String,
    data: String,
    output: String,
}

/// Writes the project, with the documents `jobs` × `options`, as a Typst project in `dir`.
pub fn export(project: &Project, jobs: &[Job], options: &Options, dir: &Path) -> Result<Exported> {
    refuse_inside_project(project, dir)?;
    copy_tree(&project.dir.join("layouts"), &dir.join("layouts"))?;
    copy_tree(&project.dir.join("fonts"), &dir.join("fonts"))?;
    for (path, _, svg) in project.shared.qr_codes() {
        write_atomic(&inside(dir, path), svg.as_slice())?;
    }
    let mut documents = Vec::new();
    let mut skipped = Vec::new();
    for job in jobs {
        if job.layout.always_on_sheet {
            skipped.push(job.name());
            continue;
        }
        documents.push(export_document(project, job, options, dir)?);
    }
    let timestamp = unix_seconds(project);
    // Typst 0.15 refuses CMYK colours under PDF/A-2b, as leafpress's own print-shop files
    // drop it (see `crate::press`).
    let standards: &[&str] = if options.cmyk { &["ua-1"] } else { &["a-2b", "ua-1"] };
    let manifest = manifest(&documents, timestamp, standards);
    write_atomic(&dir.join("documents.json"), manifest.as_bytes())?;
    let script = dir.join("build.sh");
    write_atomic(&script, build_script(&documents, timestamp, standards).as_bytes())?;
    make_executable(&script)?;
    Ok(Exported { documents: documents.into_iter().map(|d| d.name).collect(), skipped })
}

/// Refuses a `dir` inside the folders it copies, which would copy itself without end.
fn refuse_inside_project(project: &Project, dir: &Path) -> Result<()> {
    let target = real(dir);
    for folder in ["layouts", "fonts"] {
        if target.starts_with(real(&project.dir.join(folder))) {
            return Err(Error::Usage {
                message: format!(
                    "cannot export into {}, inside the project's {folder}/",
                    dir.display()
                ),
                hint: "choose a directory outside layouts/ and fonts/, such as typst-project"
                    .into(),
            });
        }
    }
    Ok(())
}

/// `path` with links resolved, as far as it exists: the part that does not exist yet (the
/// export directory, before it is made) is added back as it is.
fn real(path: &Path) -> PathBuf {
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    for existing in absolute.ancestors() {
        if let Ok(resolved) = existing.canonicalize() {
            let rest = absolute.strip_prefix(existing).unwrap_or(Path::new(""));
            return resolved.join(rest);
        }
    }
    absolute
}

/// Writes one document's virtual files: its data under `leafpress/documents/`, and any logo.
fn export_document(
    project: &Project,
    job: &Job,
    options: &Options,
    dir: &Path,
) -> Result<Document> {
    let stem = job.file_name(options).trim_end_matches(".pdf").to_string();
    let data = format!("{DOCUMENTS_DIR}/{}/{stem}.json", job.folder());
    for (path, bytes) in render::inputs(project, job, options)? {
        let path = if path == DATA_PATH { data.as_str() } else { path.as_str() };
        write_atomic(&inside(dir, path), bytes.as_slice())?;
    }
    Ok(Document {
        name: job.name(),
        main: format!("layouts/{}.typ", job.layout.file),
        data,
        output: format!("out/{}/{stem}.pdf", job.folder()),
    })
}

/// A virtual path such as `/leafpress/qr/web/caw.svg`, inside `dir`.
fn inside(dir: &Path, virtual_path: &str) -> PathBuf {
    dir.join(virtual_path.trim_start_matches('/'))
}

/// Every document as JSON, for scripts: its main file, inputs and output.
fn manifest(documents: &[Document], timestamp: i64, standards: &[&str]) -> String {
    let entries: Vec<_> = documents
        .iter()
        .map(|d| {
            json!({
                "name": d.name,
                "main": d.main,
                "inputs": { DATA_INPUT: d.data },
                "output": d.output,
            })
        })
        .collect();
    let manifest = json!({
        "root": ".",
        "font_paths": ["fonts"],
        "pdf_standards": standards,
        "creation_timestamp": timestamp,
        "documents": entries,
    });
    serde_json::to_string_pretty(&manifest).expect("JSON values always serialize") + "\n"
}

/// A shell script that builds every document with the stock compiler, one command each.
fn build_script(documents: &[Document], timestamp: i64, standards: &[&str]) -> String {
    let mut script = String::from(
        "#!/bin/sh\n# Builds every document with the stock typst compiler (0.15), using only the \
         fonts in fonts/.\n# Written by `leafpress export-project`; TYPST names another \
         compiler binary.\n# These PDFs have the same pages as leafpress's, but nothing checks \
         them: run `leafpress check`\n# before printing. Right-to-left text copies out of \
         them in visual order, as leafpress's own\n# PDFs (which reorder it for copying and \
         screen readers) do not.\nset -eu\ncd \"$(dirname \"$0\")\"\n",
    );
    // The stock compiler does not create the folders it writes into.
    let folders: std::collections::BTreeSet<&str> =
        documents.iter().filter_map(|d| Some(d.output.rsplit_once('/')?.0)).collect();
    for folder in folders {
        let _ = writeln!(script, "mkdir -p {}", quote(folder));
    }
    for d in documents {
        let _ = writeln!(
            script,
            "\"${{TYPST:-typst}}\" compile --root . --font-path fonts --ignore-system-fonts \
             --ignore-embedded-fonts --pdf-standard {} --creation-timestamp {timestamp} \
             --input {}={} {} {}",
            standards.join(","),
            DATA_INPUT,
            quote(&d.data),
            quote(&d.main),
            quote(&d.output)
        );
    }
    script
}

/// A word for the shell, in single quotes.
fn quote(word: &str) -> String {
    format!("'{}'", word.replace('\'', r"'\''"))
}

/// The documents' creation date as Unix seconds, as `typst compile --creation-timestamp`
/// takes it.
fn unix_seconds(project: &Project) -> i64 {
    let today = project.shared.today;
    let (y, m, d) = (today.year().unwrap_or(1970), today.month().unwrap_or(1), today.day());
    crate::world::unix_days_from_date(y, m, d.unwrap_or(1)) * 86_400
}

/// Copies a directory tree, following links (the fonts may be a link to a shared folder).
fn copy_tree(from: &Path, to: &Path) -> Result<()> {
    let read_error = |source| Error::Read { path: from.to_path_buf(), source };
    for entry in fs::read_dir(from).map_err(read_error)? {
        let path = entry.map_err(read_error)?.path();
        let target = to.join(path.file_name().unwrap_or_default());
        if path.is_dir() {
            copy_tree(&path, &target)?;
        } else {
            let bytes = fs::read(&path).map_err(|source| Error::Read { path, source })?;
            write_atomic(&target, &bytes)?;
        }
    }
    Ok(())
}

/// Lets the owner run the build script.
#[cfg(unix)]
fn make_executable(path: &Path) -> Result<()> {
    use std::os::unix::fs::PermissionsExt;
    fs::set_permissions(path, fs::Permissions::from_mode(0o755))
        .map_err(|source| Error::Write { path: path.to_path_buf(), source })
}

/// Other systems run the script with `sh build.sh`.
#[cfg(not(unix))]
fn make_executable(_path: &Path) -> Result<()> {
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shell_words_are_quoted() {
        assert_eq!(quote("layouts/pocket.typ"), "'layouts/pocket.typ'");
        assert_eq!(quote("it's"), r"'it'\''s'");
    }
}
