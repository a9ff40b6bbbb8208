//! Writing output files atomically: a temporary file next to the target, flushed to disk,
//! then renamed over it. A failed or interrupted build never leaves half a PDF, and never
//! replaces a good one.

use std::fs::{self, File};
use std::io::Write;
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

/// Writes `bytes` to `path` atomically, creating its directory if needed.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    let write_error = |source| Error::Write { path: path.to_path_buf(), source };
    let dir = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    fs::create_dir_all(dir).map_err(write_error)?;
    let temp = temp_path(path);
    let result = (|| {
        let mut file = File::create(&temp)?;
        file.write_all(bytes)?;
        file.sync_all()?;
        fs::rename(&temp, path)
    })();
    if let Err(source) = result {
        // Best effort: the temporary file is ours, and useless once the write has failed.
        let _ = fs::remove_file(&temp);
        return Err(write_error(source));
    }
    Ok(())
}

/// A hidden sibling of `path`, unique to this process, so parallel builds never collide.
fn temp_path(path: &Path) -> PathBuf {
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    path.with_file_name(format!(".{name}.{}.tmp", std::process::id()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_the_file_and_leaves_no_temporary() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("en").join("pocket.pdf");
        write_atomic(&path, b"one").unwrap();
        write_atomic(&path, b"two").unwrap();
        assert_eq!(fs::read(&path).unwrap(), b"two");
        assert_eq!(fs::read_dir(path.parent().unwrap()).unwrap().count(), 1);
    }

    #[test]
    fn a_failed_write_keeps_the_old_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("pocket.pdf");
        fs::write(&path, b"good").unwrap();
        // A directory where the temporary file should go makes the write fail.
        fs::create_dir(temp_path(&path)).unwrap();
        assert!(write_atomic(&path, b"bad").is_err());
        assert_eq!(fs::read(&path).unwrap(), b"good");
    }
}
