//! Printing that survives a closed pipe. Rust ignores SIGPIPE, so `println!` panics when the
//! reader has gone (`leafpress status | head -1`); these macros treat a broken pipe as the end
//! of output instead: nothing more is printed there, and the command carries on (a build keeps
//! writing every PDF) and exits as it would have.

use std::fmt;
use std::io::{self, Write};
use std::sync::atomic::{AtomicBool, Ordering};

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
    ($($arg:tt)*) => { $crate::say::stdout(format_args!($($arg)*)) };
}

/// Like `println!`, but a closed standard output ends the output instead of panicking.
#[macro_export]
macro_rules! outln {
    () => { $crate::say::stdout(format_args!("\n")) };
    ($($arg:tt)*) => { $crate::say::stdout(format_args!("{}\n", format_args!($($arg)*))) };
}

/// Like `eprint!`, but a closed standard error ends the output instead of panicking.
#[macro_export]
macro_rules! err {
    ($($arg:tt)*) => { $crate::say::stderr(format_args!($($arg)*)) };
}

/// Like `eprintln!`, but a closed standard error ends the output instead of panicking.
#[macro_export]
macro_rules! errln {
    () => { $crate::say::stderr(format_args!("\n")) };
    ($($arg:tt)*) => { $crate::say::stderr(format_args!("{}\n", format_args!($($arg)*))) };
}
