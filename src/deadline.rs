//! A time limit for each document. Typst has no way to stop a compilation once it has begun,
//! and a layout can run for ever (nested loops, each under Typst's own limit of 10,000 rounds,
//! or a function that calls itself without end); answering "file not found" from the world
//! after a deadline does not stop a loop that reads no file. So each document is made on a
//! thread of its own, and the caller stops waiting at the deadline: the document fails with a
//! message that says it may never finish, the batch carries on, and the stuck thread is left
//! to run until the process ends (returning from `main` ends it, whatever its threads do).

use std::path::PathBuf;
use std::sync::mpsc::{self, RecvTimeoutError};
use std::thread;
use std::time::Duration;

use crate::batch::{self, STACK_SIZE};
use crate::error::Error;
use crate::plan::Job;
use crate::project::Project;

/// The time limit per document when none is given, in seconds: a full poster in every language
/// takes about a second, so only a layout that never finishes comes near it.
pub const DEFAULT_SECONDS: u64 = 60;

/// Why a document's work gave no result.
#[derive(Debug)]
pub enum Stopped {
    /// It took longer than the limit; its thread is still running.
    TimedOut,
    /// It panicked, with this message.
    Panicked(String),
    /// No thread could be started for it.
    NoThread(std::io::Error),
}

/// Runs `work` on a thread of its own, with the stack that laying out a document needs, and
/// waits for it at most `limit`.
pub fn run<R>(limit: Duration, work: impl FnOnce() -> R + Send + 'static) -> Result<R, Stopped>
where
    R: Send + 'static,
{
    // Room for the one result, so that a thread finishing after the deadline does not block.
    let (sender, receiver) = mpsc::sync_channel(1);
    let spawned =
        thread::Builder::new().name("document".into()).stack_size(STACK_SIZE).spawn(move || {
            let _ = sender.send(batch::guarded(work));
        });
    spawned.map_err(Stopped::NoThread)?;
    match receiver.recv_timeout(limit) {
        Ok(Ok(result)) => Ok(result),
        Ok(Err(panic)) => Err(Stopped::Panicked(panic)),
        Err(RecvTimeoutError::Timeout) => Err(Stopped::TimedOut),
        Err(RecvTimeoutError::Disconnected) => Err(Stopped::Panicked(String::new())),
    }
}

/// The layout file of `job`, as a user would type it: `layouts/pocket.typ`.
pub fn layout_path(project: &Project, job: &Job) -> PathBuf {
    let layout = project.dir.join("layouts").join(format!("{}.typ", job.layout.file));
    layout.strip_prefix(".").unwrap_or(&layout).to_path_buf()
}

/// The error for `job`, stopped after `limit`.
pub fn timed_out(project: &Project, job: &Job, limit: Duration) -> Error {
    let layout = layout_path(project, job);
    Error::TimedOut { document: job.name(), layout, seconds: limit.as_secs() }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn work_that_never_ends_is_left_behind_at_the_deadline() {
        let start = std::time::Instant::now();
        let stopped = run(Duration::from_millis(100), || {
            loop {
                std::hint::spin_loop();
            }
        });
        assert!(matches!(stopped, Err(Stopped::TimedOut)));
        assert!(start.elapsed() < Duration::from_secs(2));
        assert_eq!(run(Duration::from_secs(10), || 6 * 7).ok(), Some(42));
        assert!(
            matches!(run(Duration::from_secs(10), || panic!("boom")), Err(Stopped::Panicked(m)) if m == "boom")
        );
    }
}
