//! `leafpress publish`: every document in every print mode (office, office A4 sheet, print
//! shop), and a static catalogue site beside them that clinics can print from.
//!
//! The site works offline and from `file://`: plain HTML written here with every text
//! escaped, one stylesheet, the bundled fonts, page thumbnails rendered by typst-render, a
//! small script that only makes the language filter quicker, and a manifest of every file
//! with its SHA-256. Nothing in it depends on the time or the machine, so the same inputs give
//! the same site, byte for byte.
//!
//! [`make`] makes the documents, [`thumbs`] their thumbnails, [`texts`] reads the catalogue's
//! own texts from the language files, [`html`] and [`pages`] write the pages, [`steps`] the
//! printing steps, and [`site`] the files and the [`manifest`].

pub mod html;
pub mod make;
pub mod manifest;
pub mod pages;
pub mod site;
pub mod steps;
pub mod texts;
pub mod thumbs;

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use crate::error::Result;
use crate::plan::{Job, Options};
use crate::project::Project;
pub use make::{Mode, PdfFile, Thumb};

/// What to publish: the documents, their options without a print mode, and where.
pub struct Request {
    /// The directory the site is written to.
    pub out: PathBuf,
    /// The build options; each print mode sets its own on top of them.
    pub options: Options,
    /// The documents, as `leafpress build` would make them.
    pub jobs: Vec<Job>,
    /// How many documents to make at once.
    pub threads: usize,
    /// The time limit per document.
    pub limit: Duration,
}

/// One document in the catalogue: a layout in a language, and its files.
pub struct Document {
    /// The layout and language.
    pub job: Job,
    /// Its files, in the order of [`Mode::ALL`].
    pub files: Vec<PdfFile>,
    /// Its pages as thumbnails, from the office file.
    pub thumbs: Vec<Thumb>,
}

impl Document {
    /// The file made in `mode`, if there is one.
    pub fn file(&self, mode: Mode) -> Option<&PdfFile> {
        self.files.iter().find(|f| f.mode == mode)
    }
}

/// What a publish did.
pub struct Published {
    /// Documents in the catalogue.
    pub documents: usize,
    /// PDF files written.
    pub pdfs: usize,
    /// PDF files that could not be made or did not pass the checks.
    pub failed: usize,
    /// Files in the site, the manifest included.
    pub files: usize,
    /// Their size in bytes.
    pub bytes: u64,
}

/// Makes every document of `request` in every mode and writes the catalogue site.
pub fn publish(project: &Arc<Project>, request: &Request) -> Result<Published> {
    let target = site::Target::open(&request.out)?;
    let made = make::all(project, request)?;
    let failed = made.iter().filter(|m| m.said.failed).count();
    let documents = make::documents(&request.jobs, made);
    let pdfs = documents.iter().map(|d| d.files.len()).sum();
    let (files, bytes) = site::write(project, &target, &documents)?;
    Ok(Published { documents: documents.len(), pdfs, failed, files, bytes })
}
