//! The catalogue's manifest, `manifest.json`: every file of the site with its size and
//! SHA-256, and for each PDF its language, layout, print mode and pages, so that an NGO can
//! mirror the set or check that a copy is complete and unchanged.

use serde_json::{Value, json};
use sha2::{Digest, Sha256};

use super::Document;

/// The manifest's path inside the site.
pub const PATH: &str = "manifest.json";

/// The SHA-256 of `bytes`, in lowercase hexadecimal.
pub fn sha256(bytes: &[u8]) -> String {
    Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect()
}

/// A file of the site other than a PDF: a page, a thumbnail, the stylesheet, a font.
pub struct Other {
    /// Its path inside the site.
    pub path: String,
    /// Its size in bytes.
    pub bytes: u64,
    /// Its SHA-256.
    pub sha256: String,
}

/// The manifest as pretty-printed JSON. Keys come out sorted and lists in a fixed order, so
/// that the same site always gives the same manifest.
pub fn json(documents: &[Document], others: &[Other]) -> Vec<u8> {
    let pdfs: Vec<Value> = documents
        .iter()
        .flat_map(|document| {
            let job = &document.job;
            document.files.iter().map(move |file| {
                json!({
                    "path": file.path,
                    "language": job.language,
                    "languages": job.languages,
                    "layout": job.layout.name,
                    "mode": file.mode.key(),
                    "pages": file.pages,
                    "width_mm": (file.size_mm.0 * 10.0).round() / 10.0,
                    "height_mm": (file.size_mm.1 * 10.0).round() / 10.0,
                    "bytes": file.bytes,
                    "sha256": file.sha256,
                })
            })
        })
        .collect();
    let mut others: Vec<&Other> = others.iter().collect();
    others.sort_by(|a, b| a.path.cmp(&b.path));
    let files: Vec<Value> = others
        .iter()
        .map(|o| json!({"path": o.path, "bytes": o.bytes, "sha256": o.sha256}))
        .collect();
    let manifest = json!({
        "generator": format!("leafpress {}", env!("CARGO_PKG_VERSION")),
        "documents": pdfs,
        "files": files,
    });
    let mut bytes = serde_json::to_vec_pretty(&manifest).expect("JSON values always serialize");
    bytes.push(b'\n');
    bytes
}

/// The paths a manifest lists, documents and other files, or nothing if it is not one.
pub fn paths(manifest: &[u8]) -> Option<Vec<String>> {
    let value: Value = serde_json::from_slice(manifest).ok()?;
    value.get("generator")?.as_str().filter(|g| g.starts_with("leafpress"))?;
    let listed = ["documents", "files"].into_iter().filter_map(|k| value.get(k)?.as_array());
    let paths = listed.flatten().filter_map(|entry| entry.get("path")?.as_str().map(String::from));
    Some(paths.collect())
}
