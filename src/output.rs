//! Output: files written atomically, and lines printed that survive a closed pipe.
//!
//! A file is written through a temporary file of its own next to the target, flushed to disk,
//! then renamed over it. A failed or interrupted build never leaves half a PDF, and never
//! replaces a good one; two writers never share a temporary file.
//!
//! Rust ignores SIGPIPE, so `println!` panics when the reader has gone (`leafpress status |
//! head -1`); the macros [`out!`](crate::out), [`outln!`](crate::outln), [`err!`](crate::err)
//! and [`errln!`](crate::errln) treat a broken pipe as the end of output instead: nothing more
//! is printed there, and the command carries on (a build keeps writing every PDF) and exits as
//! it would have.

use std::fmt;
use std::fs;
use std::io::{self, Write};
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, SystemTime};

use crate::error::{Error, Result};

/// How the names of leafpress's temporary files end; they start with `.` and the file's name,
/// and carry the writer's process id: `.pocket.pdf.1234-Ab3xYz.tmp`.
const TEMP_SUFFIX: &str = ".tmp";

/// How old a temporary file must be to be a leftover even when its process id is in use again:
/// no write takes this long.
const STALE_AFTER: Duration = Duration::from_secs(10 * 60);

/// Writes `bytes` to `path` atomically, creating its directory if needed.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    let write_error = |source| Error::Write { path: path.to_path_buf(), source };
    let dir = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    fs::create_dir_all(dir).map_err(write_error)?;
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    // A unique name per write: the file is removed when `temp` drops, on every error path.
    let prefix = format!(".{name}.{}-", std::process::id());
    let mut builder = tempfile::Builder::new();
    builder.prefix(&prefix).suffix(TEMP_SUFFIX);
    #[cfg(unix)]
    builder.permissions(permissions(path));
    let mut temp = builder.tempfile_in(dir).map_err(write_error)?;
    temp.write_all(bytes).map_err(write_error)?;
    temp.as_file().sync_all().map_err(write_error)?;
    temp.persist(path).map_err(|error| write_error(error.error))?;
    Ok(())
}

/// The permissions a new file at `path` gets: those of the file it replaces, or else what
/// creating a file gives (read and write for all, less the umask), rather than the owner-only
/// permissions of a temporary file.
#[cfg(unix)]
fn permissions(path: &Path) -> fs::Permissions {
    let fresh = std::os::unix::fs::PermissionsExt::from_mode(0o666);
    fs::metadata(path).map_or(fresh, |existing| existing.permissions())
}

/// Removes the temporary files a killed run left in `dir`: hidden files named like ours whose
/// process has ended (or that nobody has written to for a long time). Best effort: what cannot
/// be removed stays.
pub fn remove_stale_temporaries(dir: &Path) {
    let Ok(entries) = fs::read_dir(dir) else { return };
    for entry in entries.flatten() {
        let path = entry.path();
        let Ok(kind) = entry.file_type() else { continue };
        let name = entry.file_name().to_string_lossy().into_owned();
        let Some(pid) = writer(&name).filter(|_| kind.is_file()) else { continue };
        let modified = entry.metadata().and_then(|m| m.modified()).ok();
        let age = modified.and_then(|m| SystemTime::now().duration_since(m).ok());
        if !running(pid) || age.unwrap_or_default() >= STALE_AFTER {
            let _ = fs::remove_file(&path);
        }
    }
}

/// The process id in one of our temporary files' names: `.pocket.pdf.1234-Ab3xYz.tmp`, or
/// `.pocket.pdf.1234.tmp` as earlier versions named them.
fn writer(name: &str) -> Option<u32> {
    let stem = name.strip_prefix('.')?.strip_suffix(TEMP_SUFFIX)?;
    let (file, last) = stem.rsplit_once('.')?;
    let pid = last.split_once('-').map_or(last, |(pid, _)| pid);
    let digits = !pid.is_empty() && pid.bytes().all(|b| b.is_ascii_digit());
    (digits && !file.is_empty()).then(|| pid.parse().ok()).flatten()
}

/// Whether process `pid` may still be writing: this process, or (where `/proc` tells) a live
/// one. Without `/proc`, only age tells a leftover.
fn running(pid: u32) -> bool {
    let proc = Path::new("/proc");
    pid == std::process::id() || !proc.is_dir() || proc.join(pid.to_string()).exists()
}

/// Set once standard output's reader has gone.
static STDOUT_CLOSED: AtomicBool = AtomicBool::new(false);

/// Set once standard error's reader has gone.
static STDERR_CLOSED: AtomicBool = AtomicBool::new(false);

/// Writes to standard output, unless its reader has gone. Use [`out!`](crate::out) and
/// [`outln!`](crate::outln).
pub fn stdout(args: fmt::Arguments<'_>) {
    write(&mut io::stdout().lock(), &STDOUT_CLOSED, args);
}

/// Writes to standard error, unless its reader has gone. Use [`err!`](crate::err) and
/// [`errln!`](crate::errln).
pub fn stderr(args: fmt::Arguments<'_>) {
    write(&mut io::stderr().lock(), &STDERR_CLOSED, args);
}

/// Writes `args`, and remembers a broken pipe so that later writes are skipped. Any other
/// error (a full disk behind a redirection) is dropped too: printing never stops the work.
fn write(stream: &mut impl Write, closed: &AtomicBool, args: fmt::Arguments<'_>) {
    if closed.load(Ordering::Relaxed) {
        return;
    }
    let written = stream.write_fmt(args).and_then(|()| stream.flush());
    if written.is_err_and(|e| e.kind() == io::ErrorKind::BrokenPipe) {
        closed.store(true, Ordering::Relaxed);
    }
}

/// Like `print!`, but a closed standard output ends the output instead of panicking.
#[macro_export]
macro_rules! out {
    ($($arg:tt)*) => { $crate::output::stdout(format_args!($($arg)*)) };
}

/// Like `println!`, but a closed standard output ends the output instead of panicking.
#[macro_export]
macro_rules! outln {
    () => { $crate::output::stdout(format_args!("\n")) };
    ($($arg:tt)*) => { $crate::output::stdout(format_args!("{}\n", format_args!($($arg)*))) };
}

/// Like `eprint!`, but a closed standard error ends the output instead of panicking.
#[macro_export]
macro_rules! err {
    ($($arg:tt)*) => { $crate::output::stderr(format_args!($($arg)*)) };
}

/// Like `eprintln!`, but a closed standard error ends the output instead of panicking.
#[macro_export]
macro_rules! errln {
    () => { $crate::output::stderr(format_args!("\n")) };
    ($($arg:tt)*) => { $crate::output::stderr(format_args!("{}\n", format_args!($($arg)*))) };
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
    fn a_new_file_gets_the_permissions_a_created_file_gets_and_a_replaced_one_keeps_its_own() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let reference = dir.path().join("reference");
        fs::File::create(&reference).unwrap();
        let path = dir.path().join("pocket.pdf");
        write_atomic(&path, b"one").unwrap();
        let mode = |path: &Path| fs::metadata(path).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&path), mode(&reference));
        fs::set_permissions(&path, fs::Permissions::from_mode(0o640)).unwrap();
        write_atomic(&path, b"two").unwrap();
        assert_eq!(mode(&path), 0o640);
    }

    #[test]
    fn a_failed_write_keeps_the_old_file_and_leaves_no_temporary() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("pocket.pdf");
        fs::write(&path, b"good").unwrap();
        // A directory where the file should go makes the rename fail, after the write.
        let blocked = dir.path().join("blocked.pdf");
        fs::create_dir(&blocked).unwrap();
        fs::write(blocked.join("inside"), b"x").unwrap();
        assert!(write_atomic(&blocked, b"bad").is_err());
        assert_eq!(fs::read(&path).unwrap(), b"good");
        let names: Vec<_> =
            fs::read_dir(dir.path()).unwrap().flatten().map(|e| e.file_name()).collect();
        assert_eq!(names.len(), 2, "no temporary is left: {names:?}");
    }

    #[test]
    fn parallel_writes_of_one_file_never_collide() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("en").join("pocket.pdf");
        std::thread::scope(|scope| {
            for _ in 0..8 {
                scope.spawn(|| (0..20).for_each(|_| write_atomic(&path, b"same").unwrap()));
            }
        });
        assert_eq!(fs::read(&path).unwrap(), b"same");
        assert_eq!(fs::read_dir(path.parent().unwrap()).unwrap().count(), 1);
    }

    #[test]
    fn a_killed_runs_temporaries_are_removed_and_others_kept() {
        let dir = tempfile::tempdir().unwrap();
        let en = dir.path().join("en");
        fs::create_dir(&en).unwrap();
        // Process ids above the kernel's maximum (2^22) never run.
        let killed = en.join(".pocket.pdf.99999999.tmp");
        let killed_new = en.join(".card.pdf.99999998-Ab3xYz.tmp");
        let ours = en.join(format!(".poster.pdf.{}-Ab3xYz.tmp", std::process::id()));
        let other = en.join(".keep.tmp");
        for file in [&killed, &killed_new, &ours, &other] {
            fs::write(file, b"x").unwrap();
        }
        remove_stale_temporaries(&en);
        assert!(!killed.exists() && !killed_new.exists(), "a killed run's temporaries go");
        assert!(ours.exists(), "a running writer's temporary stays");
        assert!(other.exists(), "a file not named like ours stays");
    }

    #[test]
    fn temporary_names_give_their_writer() {
        assert_eq!(writer(".pocket.pdf.1234-Ab3xYz.tmp"), Some(1234));
        assert_eq!(writer(".pocket.pdf.1234.tmp"), Some(1234));
        assert_eq!(writer(".keep.tmp"), None);
        assert_eq!(writer("pocket.pdf.1234.tmp"), None);
    }
}
