//! The `leafpress` binary: parses arguments, runs the library, maps the result to an exit code
//! (0 success, 1 a document failed, 2 a usage or configuration error, or content that does
//! not load).

use std::process::ExitCode;

use clap::Parser;
use leafpress::cli::{self, Cli, Outcome};

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
