//! The build record: what each document in an output folder was made from, so that `build`
//! makes again only the documents whose inputs changed.
//!
//! A document is skipped only when all of these are as they were when it was written: its
//! inputs ([`inputs_key`]: its data, the options, the organisation file and logo, the fonts, the
//! date, the layout's settings and leafpress itself), the bytes of every file its layout read
//! (layouts, QR codes, logo, data), the language files it is in and any file its findings point
//! into, and the PDF itself. Anything unreadable or unexpected counts as a change: when in
//! doubt, the document is made again.
//!
//! Building a document's data takes longer than everything else a skipped document costs, so
//! it is first compared by what its data is made from ([`sources_key`]: the loaded directory,
//! the English texts and the document's languages, with everything [`inputs_key`] covers but
//! the data). Only when those differ is the data built and compared, so that an edit that
//! leaves a document's data as it was (a comment, or an English text the language translates)
//! still skips it.

use std::collections::{BTreeMap, HashMap};
use std::fs;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use typst::foundations::Bytes;
use typst::utils::hash128;

use crate::checks::Checked;
use crate::contract::VIRTUAL_ROOT;
use crate::error::Result;
use crate::output::write_atomic;
use crate::plan::{Job, Options};
use crate::project::Project;
use crate::world::LeafWorld;
pub use crate::world::hash;

/// The record's file name in the output folder: hidden, and not a PDF.
pub const FILE_NAME: &str = ".leafpress-build.json";

/// The record's format; a record in another format is ignored, so every document is made.
const FORMAT: u32 = 1;

/// What leafpress itself is: its version, and a hash of its source, dependencies and compiler
/// (from the build script), so that a changed program never trusts an older record.
const PROGRAM: &str = concat!(env!("CARGO_PKG_VERSION"), "+", env!("LEAFPRESS_SOURCE_HASH"));

/// Every document written to one output folder, by its path inside the folder.
#[derive(Debug, Default, Serialize, Deserialize)]
pub struct Record {
    format: u32,
    documents: BTreeMap<String, Entry>,
}

/// What one document was made from, and what its checks said.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Entry {
    /// The hash of its inputs, from [`inputs_key`].
    pub inputs: String,
    /// The hash of what its data is made from, from [`sources_key`].
    pub sources: String,
    /// Every file the layout read, by its path in the Typst world, with a hash of its bytes.
    pub reads: BTreeMap<String, String>,
    /// The content files its texts and findings come from, by path, with a hash of each.
    pub files: BTreeMap<String, String>,
    /// A hash of the PDF written.
    pub output: String,
    /// The warnings printed when it was made, printed again when it is skipped.
    pub notes: String,
}

impl Record {
    /// The record in the output folder `out`: empty when there is none, or when it cannot be
    /// read or is in another format (then every document is made again).
    pub fn load(out: &Path) -> Self {
        let Ok(text) = fs::read(out.join(FILE_NAME)) else { return Self::default() };
        match serde_json::from_slice::<Self>(&text) {
            Ok(record) if record.format == FORMAT => record,
            _ => Self::default(),
        }
    }

    /// The entry of the document written to `path` (inside the output folder).
    pub fn get(&self, path: &str) -> Option<&Entry> {
        self.documents.get(path)
    }

    /// Updates the entries of the documents just made, keeps the others (documents this build
    /// did not ask for, or that failed and kept their earlier PDF), and writes the record to
    /// `out` atomically.
    pub fn save(mut self, out: &Path, made: Vec<(String, Entry)>) -> Result<()> {
        self.format = FORMAT;
        self.documents.extend(made);
        let mut text = serde_json::to_vec_pretty(&self).expect("a record always serializes");
        text.push(b'\n');
        write_atomic(&out.join(FILE_NAME), &text)
    }
}

/// What a build shares with every document's keys: the fonts' hash and the directory's.
pub struct Shared {
    /// The hash of the bundled fonts, from [`fonts_key`].
    pub fonts: String,
    /// The hash of the directory as loaded.
    pub directory: u128,
}

impl Shared {
    /// The hashes of `project`'s fonts and directory.
    pub fn of(project: &Project) -> Self {
        let directory = hash128(&format!("{:?}", project.content.directory));
        Self { fonts: fonts_key(project), directory }
    }
}

/// The hash of everything that goes into a document but the files its layout reads: the
/// document itself ([`document_key`]), and its virtual files (its data, and a logo).
pub fn inputs_key(
    project: &Project,
    shared: &Shared,
    (job, options, output): (&Job, &Options, &str),
    inputs: &HashMap<String, Bytes>,
) -> String {
    let mut virtual_files: Vec<(&String, &[u8])> =
        inputs.iter().map(|(path, bytes)| (path, bytes.as_slice())).collect();
    virtual_files.sort();
    let document = document_key(project, shared, job, options, output);
    format!("{:032x}", hash128(&(document, virtual_files)))
}

/// The hash of what a document's data is made from, as loaded: the directory, the English
/// texts and the texts of its languages, with the document itself ([`document_key`]). Its
/// virtual files follow from these: the data, the QR codes (from the directory) and the logo
/// (in the options).
pub fn sources_key(
    project: &Project,
    shared: &Shared,
    (job, options, output): (&Job, &Options, &str),
) -> String {
    let languages = job.languages.iter().map(|code| project.content.language(code));
    let texts: Vec<Option<&str>> = languages.map(|l| l.map(|l| l.file.text.as_str())).collect();
    let english = project.content.source().file.text.as_str();
    let document = document_key(project, shared, job, options, output);
    format!("{:032x}", hash128(&(document, shared.directory, english, texts)))
}

/// The hash of a document apart from its texts: the program, the fonts, the date, the project
/// directory's name (findings name files by it), the layout's settings, the languages, the
/// size, the options with the organisation file and its logo, and the output path.
fn document_key(
    project: &Project,
    shared: &Shared,
    job: &Job,
    options: &Options,
    output: &str,
) -> u128 {
    let org = options.org.as_ref().map(|org| {
        let logo = org.logo.as_ref().map(|logo| (&logo.virtual_path, logo.bytes.as_slice()));
        (org.file.path.to_string_lossy(), &org.file.text, logo)
    });
    let key = (
        (FORMAT, PROGRAM, &shared.fonts, format!("{:?}", project.shared.today)),
        project.dir.to_string_lossy(),
        format!("{job:?}"),
        (options.print_shop, options.office_sheet, format!("{:?}", options.size)),
        format!("{:?}", options.region),
        org,
        output,
    );
    hash128(&key)
}

/// A hash of the bundled fonts: every font's bytes and index in its file, in order.
pub fn fonts_key(project: &Project) -> String {
    let fonts = &project.shared.fonts;
    let all = (0..).map_while(|index| fonts.font(index));
    let parts: Vec<(u128, u32)> = all.map(|font| (hash128(font.data()), font.index())).collect();
    format!("{:032x}", hash128(&parts))
}

/// What is known of a document before deciding whether it changed.
pub enum Known<'a> {
    /// Its [`sources_key`]; its world serves no virtual files, which follow from the sources.
    Sources(&'a str),
    /// Its [`inputs_key`]; its world serves its virtual files.
    Inputs(&'a str),
}

/// Whether the document `entry` describes can be kept as it is: its keys match what is
/// `known`, `world` serves every file it read with the same bytes, the content files it came
/// from are unchanged, and the PDF at `pdf` is the one written.
pub fn unchanged(entry: &Entry, known: Known, world: &LeafWorld, pdf: &Path) -> bool {
    let (same, derived) = match known {
        Known::Sources(key) => (entry.sources == key, VIRTUAL_ROOT),
        // No file the layouts may read starts with a NUL: every read is compared.
        Known::Inputs(key) => (entry.inputs == key, "\0"),
    };
    let reads = entry.reads.iter().filter(|(path, _)| !path.starts_with(derived));
    same && reads.into_iter().all(|(path, hash)| world.hash_of(path).as_ref() == Some(hash))
        && entry.files.iter().all(|(path, hash)| file_hash(Path::new(path)).as_ref() == Some(hash))
        && file_hash(pdf).as_ref() == Some(&entry.output)
}

/// The hash of a file's bytes, or nothing when it cannot be read.
fn file_hash(path: &Path) -> Option<String> {
    fs::read(path).ok().map(|bytes| hash(&bytes))
}

/// The content files a document depends on beyond its data: the language files it is in, and
/// every file its findings point to (their line numbers are part of the record), by path, with
/// a hash of each. A file that cannot be read is left out, and its finding, made again, says so.
pub fn content_files(project: &Project, job: &Job, checked: &Checked) -> BTreeMap<String, String> {
    let languages = job.languages.iter().filter_map(|code| project.content.language(code));
    let mut paths: Vec<PathBuf> = languages.map(|l| l.file.path.clone()).collect();
    paths.extend(checked.findings.iter().filter_map(|f| Some(f.place.as_ref()?.path.clone())));
    paths
        .into_iter()
        .filter_map(|path| Some((path.to_str()?.to_string(), file_hash(&path)?)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_record_in_another_format_or_unreadable_is_empty() {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join(FILE_NAME), b"{\"format\": 0, \"documents\": {}}").unwrap();
        assert!(Record::load(dir.path()).documents.is_empty());
        fs::write(dir.path().join(FILE_NAME), b"not json").unwrap();
        assert!(Record::load(dir.path()).documents.is_empty());
    }

    #[test]
    fn a_saved_record_loads_again_and_keeps_other_documents() {
        let dir = tempfile::tempdir().unwrap();
        let entry = |n: &str| Entry {
            inputs: n.into(),
            sources: n.into(),
            reads: BTreeMap::new(),
            files: BTreeMap::new(),
            output: n.into(),
            notes: String::new(),
        };
        Record::load(dir.path())
            .save(dir.path(), vec![("en/card.pdf".into(), entry("1"))])
            .unwrap();
        Record::load(dir.path())
            .save(dir.path(), vec![("fr/card.pdf".into(), entry("2"))])
            .unwrap();
        let record = Record::load(dir.path());
        assert_eq!(record.get("en/card.pdf"), Some(&entry("1")));
        assert_eq!(record.get("fr/card.pdf"), Some(&entry("2")));
    }
}
