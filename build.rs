//! Build script: a hash of what the program is made from (its source, its manifest and
//! lockfile, the compiler and the profile), so that a build record written by a different
//! leafpress is never trusted (see src/record.rs).

use std::collections::hash_map::DefaultHasher;
use std::fs;
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};
use std::process::Command;

fn main() {
    let mut hasher = DefaultHasher::new();
    let mut files = vec![PathBuf::from("Cargo.toml"), PathBuf::from("Cargo.lock")];
    collect(Path::new("src"), &mut files);
    files.sort();
    for file in &files {
        file.hash(&mut hasher);
        fs::read(file).unwrap_or_default().hash(&mut hasher);
    }
    // The compiler and the profile could change the arithmetic of layout; any change rebuilds.
    let rustc = std::env::var("RUSTC").unwrap_or_else(|_| "rustc".into());
    let version = Command::new(rustc).arg("-vV").output().map(|o| o.stdout).unwrap_or_default();
    version.hash(&mut hasher);
    std::env::var("PROFILE").unwrap_or_default().hash(&mut hasher);
    std::env::var("TARGET").unwrap_or_default().hash(&mut hasher);
    println!("cargo:rustc-env=LEAFPRESS_SOURCE_HASH={:016x}", hasher.finish());
    for watched in ["src", "Cargo.toml", "Cargo.lock", "build.rs"] {
        println!("cargo:rerun-if-changed={watched}");
    }
}

/// Every file under `dir`, recursively.
fn collect(dir: &Path, files: &mut Vec<PathBuf>) {
    let Ok(entries) = fs::read_dir(dir) else { return };
    for path in entries.flatten().map(|entry| entry.path()) {
        if path.is_dir() {
            collect(&path, files);
        } else {
            files.push(path);
        }
    }
}
