//! The command line: argument definitions and one module per subcommand.

mod build;
mod list;

use std::path::PathBuf;

use clap::{Parser, Subcommand};

use crate::error::Result;

/// Turns multilingual help information into print-ready leaflets and posters.
#[derive(Debug, Parser)]
#[command(name = "leafpress", version, about)]
pub struct Cli {
    /// The project directory holding content/, layouts/ and fonts/.
    #[arg(long, global = true, value_name = "DIR", default_value = ".")]
    pub project: PathBuf,

    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Build PDFs for every language × layout (or the ones you name).
    Build(BuildArgs),
    /// List the languages, with their review status, and the layouts.
    List,
}

/// Arguments of `leafpress build`.
#[derive(Debug, clap::Args)]
pub struct BuildArgs {
    /// Where to write OUT/<lang>/<layout>.pdf.
    #[arg(long, value_name = "DIR", default_value = "out")]
    pub out: PathBuf,

    /// Languages to build, such as `en,nl` (default: all).
    #[arg(long, value_name = "CODES", value_delimiter = ',')]
    pub lang: Vec<String>,

    /// Layouts to build, such as `pocket,poster` (default: all).
    #[arg(long, value_name = "NAMES", value_delimiter = ',')]
    pub layout: Vec<String>,
}

/// How a command ended, when it ran to completion.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Everything asked for was done.
    Success,
    /// Some documents failed; the others were written.
    SomeFailed,
}

/// Runs a parsed command line.
pub fn run(cli: &Cli) -> Result<Outcome> {
    match &cli.command {
        Command::Build(args) => build::run(&cli.project, args),
        Command::List => list::run(&cli.project),
    }
}
