//! The `leafpress` binary: parses arguments, runs the library, maps the result to an exit code
//! (0 success, 1 a document failed, 2 a usage or configuration error, or content that does
//! not load).

use std::process::ExitCode;

use clap::Parser;
use leafpress::cli::{self, Cli, Outcome};

/// jemalloc: Typst allocates and frees small objects at a great rate, from several threads,
/// and glibc's malloc spent a sixth of a build's CPU time on them.
#[cfg(not(target_env = "msvc"))]
#[global_allocator]
static ALLOCATOR: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

/// jemalloc's settings, read when it starts: two arenas rather than four per core. Every
/// document is made on a thread of its own, and with many arenas each new thread's memory came
/// from an arena the last documents had not warmed: two were 9 % faster than the default, with
/// less memory (`_RJEM_MALLOC_CONF` still overrides this).
#[cfg(not(target_env = "msvc"))]
#[unsafe(export_name = "_rjem_malloc_conf")]
static MALLOC_CONF: &[u8; 10] = b"narenas:2\0";

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli::run(&cli) {
        Ok(Outcome::Success) => ExitCode::SUCCESS,
        Ok(Outcome::SomeFailed) => ExitCode::from(1),
        Ok(Outcome::NotLoaded) => ExitCode::from(2),
        Err(error) => {
            cli::report(&error);
            ExitCode::from(if error.is_configuration() { 2 } else { 1 })
        }
    }
}
