//! The site's directory: refusing one that holds something else, writing the pages, the
//! stylesheet, the script, the fonts and the manifest, and removing what a previous publish
//! wrote that this one did not.

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

use super::manifest::{self, Other, sha256};
use super::{Document, pages};
use crate::error::{Error, Result};
use crate::output::{remove_stale_temporaries, write_atomic};
use crate::project::Project;

/// The stylesheet, with the bundled fonts as `@font-face`.
const STYLE: &str = include_str!("assets/style.css");

/// The script that filters the index by language without loading another page.
const FILTER: &str = include_str!("assets/filter.js");

/// The directory a catalogue is written to, and what its previous publish wrote there.
pub struct Target {
    dir: PathBuf,
    previous: Vec<String>,
}

impl Target {
    /// Checks that `dir` is missing, empty or a previous catalogue, whose files it notes.
    pub fn open(dir: &Path) -> Result<Self> {
        let entries = match fs::read_dir(dir) {
            Ok(entries) => entries.count(),
            Err(_) if !dir.exists() => 0,
            Err(source) => return Err(Error::Read { path: dir.to_path_buf(), source }),
        };
        let old = fs::read(dir.join(manifest::PATH)).ok();
        let previous = old.as_deref().and_then(manifest::paths);
        if entries > 0 && previous.is_none() {
            return Err(Error::Usage {
                message: format!(
                    "{} holds files that are not a leafpress catalogue",
                    dir.display()
                ),
                hint: "publish into an empty or new directory, or into one that `leafpress \
                       publish` wrote before"
                    .into(),
            });
        }
        // A publish that was killed left its temporary files behind; this one clears them.
        remove_temporaries_under(dir);
        Ok(Self { dir: dir.to_path_buf(), previous: previous.unwrap_or_default() })
    }
}

/// Removes the temporary files a killed run left in `dir` and the folders under it.
fn remove_temporaries_under(dir: &Path) {
    remove_stale_temporaries(dir);
    let Ok(entries) = fs::read_dir(dir) else { return };
    for entry in entries.flatten() {
        if entry.file_type().is_ok_and(|kind| kind.is_dir()) {
            remove_temporaries_under(&entry.path());
        }
    }
}

/// Writes the site's pages, assets and manifest beside the documents' files, and removes the
/// previous publish's files that are not part of this one. Gives the number of files in the
/// site and their size.
pub fn write(project: &Project, target: &Target, documents: &[Document]) -> Result<(usize, u64)> {
    let mut others: Vec<Other> = Vec::new();
    let mut put = |path: String, bytes: &[u8]| -> Result<()> {
        write_atomic(&target.dir.join(&path), bytes)?;
        others.push(Other { bytes: bytes.len() as u64, sha256: sha256(bytes), path });
        Ok(())
    };
    for (path, html) in pages::all(&project.content, documents) {
        put(path, html.as_bytes())?;
    }
    put("style.css".into(), STYLE.as_bytes())?;
    put("filter.js".into(), FILTER.as_bytes())?;
    for font in fonts(&project.dir.join("fonts"))? {
        let bytes = fs::read(&font).map_err(|source| Error::Read { path: font.clone(), source })?;
        let name = font.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        put(format!("fonts/{name}"), &bytes)?;
    }
    for thumb in documents.iter().flat_map(|d| &d.thumbs) {
        let (path, bytes, sha256) = (thumb.path.clone(), thumb.bytes, thumb.sha256.clone());
        others.push(Other { path, bytes, sha256 });
    }
    let manifest = manifest::json(documents, &others);
    write_atomic(&target.dir.join(manifest::PATH), &manifest)?;
    let pdfs = documents.iter().flat_map(|d| &d.files);
    let mut written: BTreeSet<&str> = pdfs.clone().map(|f| f.path.as_str()).collect();
    written.extend(others.iter().map(|o| o.path.as_str()));
    written.insert(manifest::PATH);
    remove_previous(&target.dir, &target.previous, &written);
    let bytes = pdfs.map(|f| f.bytes).chain(others.iter().map(|o| o.bytes)).sum::<u64>();
    Ok((written.len(), bytes + manifest.len() as u64))
}

/// The fonts to serve: the bundled `.ttf` and `.otf` files and their licence, sorted.
fn fonts(dir: &Path) -> Result<Vec<PathBuf>> {
    let entries = fs::read_dir(dir).map_err(|source| Error::Read { path: dir.into(), source })?;
    let mut fonts: Vec<PathBuf> = entries
        .filter_map(|entry| Some(entry.ok()?.path()))
        .filter(|path| {
            let name = path.file_name().map(|n| n.to_string_lossy().to_lowercase());
            name.is_some_and(|n| n.ends_with(".ttf") || n.ends_with(".otf") || n == "ofl.txt")
        })
        .collect();
    fonts.sort();
    Ok(fonts)
}

/// Removes the files a previous publish listed that this one did not write, and the folders
/// that leaves empty. Only plain relative paths are touched, so that an edited manifest can
/// never remove anything outside the site.
fn remove_previous(dir: &Path, previous: &[String], written: &BTreeSet<&str>) {
    for path in previous.iter().filter(|p| !written.contains(p.as_str())) {
        let plain = !path.starts_with('/')
            && path.split('/').all(|part| !part.is_empty() && part != "." && part != "..");
        if !plain {
            continue;
        }
        let file = dir.join(path);
        if fs::remove_file(&file).is_ok() {
            // Empty folders go too; a folder that still holds something stays.
            let mut parent = file.parent();
            while let Some(folder) = parent.filter(|p| *p != dir) {
                if fs::remove_dir(folder).is_err() {
                    break;
                }
                parent = folder.parent();
            }
        }
    }
}
