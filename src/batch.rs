//! Many documents at once: a pool of worker threads, one per core, that share the loaded
//! project (fonts, content, the standard library) and Typst's memoized layout work, with a
//! progress bar on a terminal and one plain line per document elsewhere.
//!
//! Memory stays flat however long the batch: each document's PDF is written and dropped by the
//! worker that made it, and Typst's cache is trimmed every few documents.

use std::io::IsTerminal;
use std::sync::Mutex;
use std::time::Duration;

use std::sync::MutexGuard;
use std::sync::atomic::{AtomicUsize, Ordering};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use crate::error::{Error, Result};

/// Stack for each thread that lays out or exports documents. Typst's layout and PDF export recurse deeply on nested content, and
/// the 2 MiB a spawned thread gets by default is not enough for a long booklet.
pub const STACK_SIZE: usize = 64 * 1024 * 1024;

/// How many documents are made between two trims of Typst's cache; a trim drops what was not
/// used since the trim before, so an unused entry survives two to four documents. Documents of
/// one layout share most of their work, and the batch makes them one after another, so a short
/// memory is enough. A trim walks the whole cache under its locks: trimming after every
/// document (of what four trims had not used) cost 7 % of a build's CPU time and held up the
/// other threads, for no less memory.
const TRIM_EVERY: usize = 2;

/// What a worker says about one finished document.
#[derive(Debug, Default)]
pub struct Said {
    /// The summary line, for standard output.
    pub line: String,
    /// Warnings and findings, for standard error.
    pub notes: String,
    /// Whether the document failed.
    pub failed: bool,
}

/// Runs `work` on every item on `jobs` threads and returns the results in the order of
/// `items`. What each result says is printed as soon as it is done.
pub fn run<T, R>(
    items: &[T],
    jobs: usize,
    work: impl Fn(&T) -> R + Sync,
    said: impl Fn(&R) -> &Said + Sync,
) -> Result<Vec<R>>
where
    T: Sync,
    R: Send,
{
    let progress = Progress::new(items.len());
    let next = AtomicUsize::new(0);
    let finished = AtomicUsize::new(0);
    let results: Vec<Mutex<Option<R>>> = items.iter().map(|_| Mutex::new(None)).collect();
    // Each worker takes the next item until none are left, so a slow document holds up no
    // other. These are plain threads, not a rayon pool: Typst spawns its own parallel work on
    // the current rayon pool, and inside ours that kept twice the memory alive (390 MB against
    // 196 MB for the full set on one thread).
    let worker = || {
        loop {
            let index = next.fetch_add(1, Ordering::Relaxed);
            let Some(item) = items.get(index) else { break };
            let result = work(item);
            if (finished.fetch_add(1, Ordering::Relaxed) + 1).is_multiple_of(TRIM_EVERY) {
                comemo::evict(1);
            }
            progress.done(said(&result));
            *lock(&results[index]) = Some(result);
        }
    };
    let started = std::thread::scope(|scope| {
        let threads = jobs.clamp(1, items.len().max(1));
        (0..threads).filter(|_| spawn_worker(scope, worker)).count()
    });
    if started == 0 {
        return Err(Error::Usage {
            message: "could not start any worker thread".into(),
            hint: "the system may be out of memory or threads; try --jobs 1".into(),
        });
    }
    progress.finish();
    Ok(results.into_iter().filter_map(|r| r.into_inner().ok().flatten()).collect())
}

/// Progress over a batch: a bar on a terminal, or nothing but the documents' own lines.
struct Progress {
    bar: Option<ProgressBar>,
    /// Keeps one document's line and notes together when workers finish at once.
    print: Mutex<()>,
}

impl Progress {
    /// A bar for `total` documents when standard error is a terminal and there is more than
    /// one document to wait for.
    fn new(total: usize) -> Self {
        let bar = (std::io::stderr().is_terminal() && total > 1).then(|| {
            let bar =
                ProgressBar::with_draw_target(Some(total as u64), ProgressDrawTarget::stderr());
            let style = ProgressStyle::with_template(
                "{bar:32.cyan/blue} {pos}/{len} documents  {elapsed_precise}  eta {eta}",
            )
            .unwrap_or_else(|_| ProgressStyle::default_bar());
            bar.set_style(style.progress_chars("█▉▊▋▌▍▎▏ "));
            bar.enable_steady_tick(Duration::from_millis(200));
            bar
        });
        Self { bar, print: Mutex::new(()) }
    }

    /// Prints what a finished document said (above the bar) and moves the bar on.
    fn done(&self, said: &Said) {
        let _turn = lock(&self.print);
        let print = || {
            crate::err!("{}", said.notes);
            if !said.line.is_empty() {
                crate::outln!("{}", said.line);
            }
        };
        match &self.bar {
            Some(bar) => {
                bar.suspend(print);
                bar.inc(1);
            }
            None => print(),
        }
    }

    /// Clears the bar, so that the summary line follows the documents' lines.
    fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}

/// The number of worker threads for `--jobs`: the number asked for, or one per core.
pub fn threads(asked: Option<usize>) -> usize {
    asked
        .filter(|&n| n > 0)
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()))
}

/// Locks `mutex`, also after a worker panicked while holding it: what it guards stays usable.
fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// Runs `work`, turning a panic into its message, so that a document that trips a bug in
/// Typst or leafpress fails on its own instead of ending the whole batch.
pub fn guarded<R>(work: impl FnOnce() -> R) -> std::result::Result<R, String> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(work)).map_err(|panic| {
        let text = panic.downcast_ref::<&str>().map(|s| s.to_string());
        text.or_else(|| panic.downcast_ref::<String>().cloned()).unwrap_or_default()
    })
}

/// Starts a scoped thread with the stack that laying out a document needs; says whether it
/// started. A thread that cannot start leaves its share to the others.
pub fn spawn_worker<'scope, F>(scope: &'scope std::thread::Scope<'scope, '_>, work: F) -> bool
where
    F: FnOnce() + Send + 'scope,
{
    let started = std::thread::Builder::new().stack_size(STACK_SIZE).spawn_scoped(scope, work);
    if let Err(error) = &started {
        crate::errln!("warning: could not start a worker thread: {error}");
    }
    started.is_ok()
}
