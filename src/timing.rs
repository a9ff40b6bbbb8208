//! Time spent in each stage of making documents, summed over every thread, for finding where a
//! build's time goes. Set `LEAFPRESS_TIMINGS=1` and `build` prints the table on standard error.
//!
//! The counters are plain atomics, so timing costs a clock read on each side of a stage and
//! nothing else; the table is printed only when asked for.

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Instant;

/// A stage of making documents.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    /// Loading and checking the project: content, layouts, fonts, QR codes.
    Load,
    /// The checks on content shared by every document (glyphs, addresses).
    Content,
    /// Building each document's data.
    Data,
    /// Deciding whether a document is unchanged since the last build.
    Record,
    /// Typst's layout.
    Layout,
    /// The walk over every glyph for characters no font has.
    Glyphs,
    /// Preparing right-to-left text for extraction.
    Rtl,
    /// Imposing pages on sheets.
    Impose,
    /// The preflight checks on the laid-out pages.
    Checks,
    /// PDF export.
    Export,
    /// Writing files.
    Write,
}

/// Every stage, in the order the table lists them.
const STAGES: [Stage; 11] = [
    Stage::Load,
    Stage::Content,
    Stage::Data,
    Stage::Record,
    Stage::Layout,
    Stage::Glyphs,
    Stage::Rtl,
    Stage::Impose,
    Stage::Checks,
    Stage::Export,
    Stage::Write,
];

/// Nanoseconds spent in each stage, indexed like [`STAGES`].
static SPENT: [AtomicU64; STAGES.len()] = [const { AtomicU64::new(0) }; STAGES.len()];

/// Runs `work`, adding the time it took to `stage`.
pub fn measure<R>(stage: Stage, work: impl FnOnce() -> R) -> R {
    let start = Instant::now();
    let result = work();
    let nanos = u64::try_from(start.elapsed().as_nanos()).unwrap_or(u64::MAX);
    SPENT[stage as usize].fetch_add(nanos, Ordering::Relaxed);
    result
}

/// Whether the user asked for the table, with `LEAFPRESS_TIMINGS` set to anything but `0`.
pub fn wanted() -> bool {
    std::env::var_os("LEAFPRESS_TIMINGS").is_some_and(|value| value != "0")
}

/// The time spent in each stage so far, as a table: one line per stage that took any time.
pub fn table() -> String {
    let mut table = String::from("stage      seconds (summed over threads)\n");
    for stage in STAGES {
        let nanos = SPENT[stage as usize].load(Ordering::Relaxed);
        if nanos > 0 {
            let name = format!("{stage:?}").to_lowercase();
            table.push_str(&format!("{name:<10} {:>7.3}\n", nanos as f64 / 1e9));
        }
    }
    table
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_measured_stage_shows_in_the_table() {
        measure(Stage::Impose, || std::thread::sleep(std::time::Duration::from_millis(2)));
        assert!(table().lines().any(|line| line.starts_with("impose ")), "{}", table());
    }
}
