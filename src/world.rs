//! The Typst world of one document: the project's layouts, the document's data, QR codes made
//! on request, the bundled fonts and a fixed date. Nothing else is reachable.
//!
//! Layouts may read files under `layouts/` only. Content arrives as a virtual JSON file, and QR
//! codes as virtual SVG files, so no content is ever spliced into Typst source. Package imports
//! fail: leafpress never touches the network.

use std::collections::{BTreeMap, HashMap};
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use typst::diag::{FileError, FileResult, PackageError};
use typst::foundations::{Bytes, Datetime, Duration};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::utils::hash128;
use typst::{Library, LibraryExt, World};
use typst_kit::diagnostics::DiagnosticWorld;
use typst_kit::files::{FileLoader, FileStore};
use typst_kit::fonts::FontStore;

use crate::contract::{DATA_INPUT, DATA_PATH};
use crate::images;
use crate::qr;

/// What every document of a project shares: where it lives, fonts, the standard library, the
/// date and the QR payloads. Built once per project, so a batch does this work once.
pub struct Shared {
    /// The project directory, canonical, for confining reads.
    root: PathBuf,
    /// The project directory as the user named it, for file names in diagnostics.
    shown_root: PathBuf,
    /// The bundled fonts.
    pub fonts: FontStore,
    /// Typst's standard library.
    pub library: LazyHash<Library>,
    /// The date `datetime.today()` returns, fixed for reproducible output.
    pub today: Datetime,
    /// QR codes by virtual path: the payload, and its SVG, made once for every document.
    qr: HashMap<String, (String, Bytes)>,
}

impl Shared {
    /// Every QR code a layout may place: its virtual path, payload and SVG.
    pub fn qr_codes(&self) -> impl Iterator<Item = (&str, &str, &Bytes)> {
        self.qr.iter().map(|(path, (payload, svg))| (path.as_str(), payload.as_str(), svg))
    }

    /// Whether this bundle serves exactly these QR payloads (by virtual path).
    pub fn has_qr(&self, qr: &HashMap<String, String>) -> bool {
        self.qr.len() == qr.len()
            && qr.iter().all(|(path, payload)| {
                self.qr.get(path).is_some_and(|(served, _)| served == payload)
            })
    }

    /// Bundles a project directory, its fonts, a fixed date and the QR payloads (by virtual
    /// path) with a fresh standard library.
    pub fn new(
        root: &Path,
        fonts: FontStore,
        today: Datetime,
        qr: HashMap<String, String>,
    ) -> Result<Self, SharedError> {
        let qr = qr
            .into_iter()
            .map(|(path, payload)| match qr::svg(&payload) {
                Ok(svg) => Ok((path, (payload, Bytes::from_string(svg)))),
                Err(error) => Err(SharedError::Qr { payload, error }),
            })
            .collect::<Result<_, _>>()?;
        Ok(Self {
            shown_root: root.strip_prefix(".").unwrap_or(root).to_path_buf(),
            root: root.canonicalize().map_err(SharedError::Root)?,
            fonts,
            library: LazyHash::new(library()),
            today,
            qr,
        })
    }
}

/// Typst's standard library, with `sys.inputs` naming the document data at [`DATA_PATH`]
/// under [`DATA_INPUT`], as an exported project's build script names each document's: the
/// theme finds its data there and types no path of its own.
fn library() -> Library {
    let mut inputs = typst::foundations::Dict::new();
    inputs.insert(DATA_INPUT.into(), typst::foundations::Value::Str(DATA_PATH.into()));
    Library::builder().with_inputs(inputs).build()
}

/// Why the shared part of the world could not be made.
#[derive(Debug)]
pub enum SharedError {
    /// The project directory cannot be resolved.
    Root(std::io::Error),
    /// A payload is too long for a QR code.
    Qr {
        /// The address or number.
        payload: String,
        /// What the encoder said.
        error: qrcode::types::QrError,
    },
}

/// The world one document is compiled in.
pub struct LeafWorld {
    shared: Arc<Shared>,
    main: FileId,
    files: FileStore<ProjectFiles>,
}

/// Serves the files a layout may see.
struct ProjectFiles {
    shared: Arc<Shared>,
    /// The document's own virtual files by path: its data at [`DATA_PATH`], and an
    /// organisation's logo when there is one.
    inputs: HashMap<String, Bytes>,
}

impl LeafWorld {
    /// Creates the world for `layout` (a path such as `/layouts/pocket.typ`) with the
    /// document's virtual `inputs` (its data at [`DATA_PATH`] and any logo), by path.
    pub fn new(
        shared: Arc<Shared>,
        layout: &str,
        inputs: HashMap<String, Bytes>,
    ) -> FileResult<Self> {
        let main = file_id(layout)?;
        let files = FileStore::new(ProjectFiles { shared: shared.clone(), inputs });
        Ok(Self { shared, main, files })
    }

    /// Whether this world compiles `layouts/<file>.typ`.
    pub fn is_for(&self, file: &str) -> bool {
        file_id(&format!("/layouts/{file}.typ")).is_ok_and(|id| id == self.main)
    }

    /// Readies a kept world for the next compilation: every file is marked stale (parsed
    /// sources are edited in place rather than parsed afresh, which keeps Typst's memoized work
    /// valid where a file did not change) and the document's virtual `inputs` are replaced.
    pub fn reset(&mut self, shared: Arc<Shared>, inputs: HashMap<String, Bytes>) {
        self.files.reset();
        let loader = self.files.loader_mut();
        loader.shared = shared.clone();
        loader.inputs = inputs;
        self.shared = shared;
    }

    /// Every file this world has served since it was made or reset, by path, with a hash of
    /// what it served (or of why it could not), for the build record.
    pub fn served(&mut self) -> BTreeMap<String, String> {
        let (_, ids) = self.files.dependencies();
        let ids: Vec<FileId> = ids.collect();
        let served = ids.into_iter().map(|id| {
            let path = id.vpath().get_with_slash().to_string();
            (path, served_hash(self.files.file(id)))
        });
        served.collect()
    }

    /// The hash of what this world serves at `path` now, as [`LeafWorld::served`] gives it.
    pub fn hash_of(&self, path: &str) -> Option<String> {
        Some(served_hash(self.files.file(file_id(path).ok()?)))
    }
}

/// A short stable hash of some bytes, as hex.
pub fn hash(bytes: &[u8]) -> String {
    format!("{:032x}", hash128(bytes))
}

/// A hash of a file's bytes, or of the error in its place.
fn served_hash(served: FileResult<Bytes>) -> String {
    match served {
        Ok(bytes) => hash(&bytes),
        Err(error) => hash(format!("error: {error:?}").as_bytes()),
    }
}

/// Interns a project path such as `/layouts/pocket.typ`.
fn file_id(path: &str) -> FileResult<FileId> {
    let vpath = VirtualPath::new(path).map_err(|_| FileError::AccessDenied)?;
    Ok(RootedPath::new(VirtualRoot::Project, vpath).intern())
}

impl FileLoader for ProjectFiles {
    fn load(&self, id: FileId) -> FileResult<Bytes> {
        if let VirtualRoot::Package(spec) = id.root() {
            return Err(FileError::Package(PackageError::Other(Some(
                format!(
                    "packages are not available: leafpress works offline (cannot import {spec}); \
                     put the code you need in layouts/lib/"
                )
                .into(),
            ))));
        }
        let path = id.vpath().get_with_slash();
        if let Some(input) = self.inputs.get(path) {
            return Ok(input.clone());
        }
        if let Some((_, svg)) = self.shared.qr.get(path) {
            return Ok(svg.clone());
        }
        if path.starts_with("/layouts/") {
            return self.read_layout_file(path);
        }
        Err(FileError::Other(Some(
            format!("access denied: layouts may only read files in layouts/ (not {path})").into(),
        )))
    }
}

impl ProjectFiles {
    /// Reads a file under `layouts/`, refusing symbolic links that lead out of it.
    fn read_layout_file(&self, path: &str) -> FileResult<Bytes> {
        let root = &self.shared.root;
        let layouts = root.join("layouts");
        let real = VirtualPath::new(path)
            .map_err(|_| FileError::AccessDenied)?
            .realize(root)
            .map_err(FileError::Realize)?;
        let canonical = real.canonicalize().map_err(|e| FileError::from_io(e, &real))?;
        if !canonical.starts_with(&layouts) {
            return Err(FileError::AccessDenied);
        }
        if canonical.is_dir() {
            return Err(FileError::IsDirectory);
        }
        // An image is checked from its size and header before Typst decodes it, with the
        // limits an organisation's logo has.
        let image = images::is_raster(path);
        let too_large = |e: images::TooLarge| {
            FileError::Other(Some(format!("the image is {}; {}", e.reason(), e.hint()).into()))
        };
        if image {
            let length = fs::metadata(&canonical).map_err(|e| FileError::from_io(e, &real))?;
            images::check_file_size(length.len()).map_err(too_large)?;
        }
        let bytes = fs::read(&canonical).map_err(|e| FileError::from_io(e, &real))?;
        images::check_pixels(&bytes).map_err(too_large)?;
        Ok(Bytes::new(bytes))
    }
}

impl World for LeafWorld {
    fn library(&self) -> &LazyHash<Library> {
        &self.shared.library
    }

    fn book(&self) -> &LazyHash<FontBook> {
        self.shared.fonts.book()
    }

    fn main(&self) -> FileId {
        self.main
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        self.files.source(id)
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        self.files.file(id)
    }

    fn font(&self, index: usize) -> Option<Font> {
        self.shared.fonts.font(index)
    }

    fn today(&self, _offset: Option<Duration>) -> Option<Datetime> {
        Some(self.shared.today)
    }
}

impl DiagnosticWorld for LeafWorld {
    fn name(&self, id: FileId) -> String {
        if id.vpath().get_with_slash() == DATA_PATH {
            return "<content data>".into();
        }
        self.shared.shown_root.join(id.vpath().get_without_slash()).display().to_string()
    }
}

/// The calendar date `days` days after 1970-01-01, for turning SOURCE_DATE_EPOCH into a date.
pub fn date_from_unix_days(days: i64) -> (i32, u8, u8) {
    // Howard Hinnant's civil-from-days algorithm, valid for the proleptic Gregorian calendar.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u8;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
    let year = (yoe + era * 400 + i64::from(month <= 2)) as i32;
    (year, month, day)
}

/// The number of days from 1970-01-01 to a date: the inverse of [`date_from_unix_days`].
pub fn unix_days_from_date(year: i32, month: u8, day: u8) -> i64 {
    // Howard Hinnant's days-from-civil algorithm.
    let year = i64::from(year) - i64::from(month <= 2);
    let era = year.div_euclid(400);
    let yoe = year.rem_euclid(400);
    let month = i64::from(month);
    let doy = (153 * (if month > 2 { month - 3 } else { month + 9 }) + 2) / 5 + i64::from(day) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unix_days_to_dates() {
        assert_eq!(date_from_unix_days(0), (1970, 1, 1));
        assert_eq!(date_from_unix_days(20_454), (2026, 1, 1));
        assert_eq!(date_from_unix_days(11_016), (2000, 2, 29));
        for days in [0, 11_016, 20_454, -1, 59, 60] {
            let (y, m, d) = date_from_unix_days(days);
            assert_eq!(unix_days_from_date(y, m, d), days);
        }
    }
}
