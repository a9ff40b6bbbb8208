//! The command line: argument definitions and one module per subcommand.

mod build;
mod check;
mod export;
mod list;
mod preview;
mod publish;
mod stamp;
mod status;
mod strings;

use std::net::IpAddr;
use std::path::PathBuf;

use clap::{Parser, Subcommand};

use crate::checks;
use crate::content::stamps::Selection;
use crate::error::Result;
use crate::layout::Paper;
use crate::plan::{Job, Request};
use crate::project::Project;
use crate::strings::Format;

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
    /// Build PDFs for every language × layout (or the ones you name), after checking them.
    Build(BuildArgs),
    /// Check every document for what would spoil a print run, without writing any.
    Check(CheckArgs),
    /// Write the project as a plain Typst project that the stock compiler builds.
    ExportProject(ExportArgs),
    /// List the languages, with their review status, and the layouts.
    List,
    /// Show each translation's status: reviewer, texts translated, texts gone stale.
    Status(StatusArgs),
    /// Record that translations were made from the current English texts.
    Stamp(StampArgs),
    /// Show every layout of a language beside English in the browser, updated as you save.
    Preview(PreviewArgs),
    /// Exchange a language's texts with translation tools, as XLIFF or PO.
    Strings(StringsArgs),
    /// Build every document in every print mode, and a catalogue web site to print them from.
    Publish(PublishArgs),
}

/// Arguments of `leafpress publish`.
#[derive(Debug, clap::Args)]
pub struct PublishArgs {
    /// Where to write the catalogue: an empty directory, or one a previous publish wrote.
    #[arg(long, value_name = "DIR", default_value = "catalogue")]
    pub out: PathBuf,

    /// Stop a document that takes longer than this to make, and report it (seconds).
    #[arg(long, value_name = "SECS", default_value_t = crate::deadline::DEFAULT_SECONDS,
          value_parser = clap::value_parser!(u64).range(1..))]
    pub timeout: u64,

    /// Which documents, and for whom (every print mode is always made).
    #[command(flatten)]
    pub docs: DocArgs,
}

/// Arguments of `leafpress strings`.
#[derive(Debug, clap::Args)]
pub struct StringsArgs {
    /// Export or import.
    #[command(subcommand)]
    pub command: StringsCommand,
}

/// The subcommands of `leafpress strings`.
#[derive(Debug, Subcommand)]
pub enum StringsCommand {
    /// Write a language's texts, with their English source, for a translation tool.
    Export {
        /// The language, such as `fr`.
        #[arg(long, value_name = "CODE")]
        lang: String,
        /// xliff (XLIFF 1.2), xliff2 (XLIFF 2.0) or po.
        #[arg(long, value_enum, default_value = "xliff")]
        format: Format,
        /// The file to write.
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
    },
    /// Check a file from a translation tool and write its translations into the language file.
    Import {
        /// The XLIFF or PO file.
        #[arg(value_name = "FILE")]
        file: PathBuf,
    },
}

/// Arguments of `leafpress preview`.
#[derive(Debug, clap::Args)]
pub struct PreviewArgs {
    /// The language to show beside English, such as `ti`.
    #[arg(long, value_name = "CODE", default_value = "en")]
    pub lang: String,

    /// The port to listen on (0: any free port).
    #[arg(long, default_value_t = 8040)]
    pub port: u16,

    /// The address to listen on. The default lets only this computer in.
    #[arg(long, value_name = "ADDRESS", default_value = "127.0.0.1")]
    pub bind: IpAddr,

    /// Put this region's services first: a name from content/regions.toml.
    #[arg(long, value_name = "NAME")]
    pub region: Option<String>,

    /// An organisation file with your name, logo, local number and address.
    #[arg(long, value_name = "FILE")]
    pub org: Option<PathBuf>,

    /// Stop a document that takes longer than this to make, and report it (seconds).
    #[arg(long, value_name = "SECS", default_value_t = crate::deadline::DEFAULT_SECONDS,
          value_parser = clap::value_parser!(u64).range(1..))]
    pub timeout: u64,
}

/// Arguments of `leafpress status`.
#[derive(Debug, clap::Args)]
pub struct StatusArgs {
    /// Also list the untranslated texts of these languages, such as `fr,ti`.
    #[arg(long, value_name = "CODES", value_delimiter = ',')]
    pub lang: Vec<String>,
}

/// Arguments of `leafpress stamp`.
#[derive(Debug, clap::Args)]
pub struct StampArgs {
    /// The language whose file to stamp, such as `fr`.
    pub lang: String,

    /// The texts you have just translated or updated, such as `leaflet.title` (default: every
    /// translated text that has no stamp yet).
    #[arg(value_name = "KEY", conflicts_with = "all")]
    pub keys: Vec<String>,

    /// Stamp every translated text, after checking them all against the current English.
    #[arg(long)]
    pub all: bool,
}

/// Arguments of `leafpress build`.
#[derive(Debug, clap::Args)]
pub struct BuildArgs {
    /// Where to write OUT/<lang>/<layout>.pdf.
    #[arg(long, value_name = "DIR", default_value = "out")]
    pub out: PathBuf,

    /// Stop a document that takes longer than this to make, and report it (seconds).
    #[arg(long, value_name = "SECS", default_value_t = crate::deadline::DEFAULT_SECONDS,
          value_parser = clap::value_parser!(u64).range(1..))]
    pub timeout: u64,

    /// Make every document, even those whose inputs and PDF are unchanged since the last build.
    #[arg(long)]
    pub force: bool,

    /// Which documents, and how they are printed.
    #[command(flatten)]
    pub docs: DocArgs,
}

/// Arguments of `leafpress check`.
#[derive(Debug, clap::Args)]
pub struct CheckArgs {
    /// Print the findings as JSON, for scripts and CI.
    #[arg(long)]
    pub json: bool,

    /// Stop a document that takes longer than this to make, and report it (seconds).
    #[arg(long, value_name = "SECS", default_value_t = crate::deadline::DEFAULT_SECONDS,
          value_parser = clap::value_parser!(u64).range(1..))]
    pub timeout: u64,

    /// Which documents, and how they would be printed.
    #[command(flatten)]
    pub docs: DocArgs,
}

/// Arguments of `leafpress export-project`.
#[derive(Debug, clap::Args)]
pub struct ExportArgs {
    /// The directory to write the Typst project to.
    #[arg(value_name = "DIR")]
    pub dir: PathBuf,

    /// Which documents, and how they are printed.
    #[command(flatten)]
    pub docs: DocArgs,
}

/// Which documents to make, and how: shared by `build` and `check`.
#[derive(Debug, clap::Args)]
pub struct DocArgs {
    /// Languages to build, such as `en,nl` (default: all).
    #[arg(long, value_name = "CODES", value_delimiter = ',')]
    pub lang: Vec<String>,

    /// Layouts to build, such as `pocket,poster` (default: all).
    #[arg(long, value_name = "NAMES", value_delimiter = ',')]
    pub layout: Vec<String>,

    /// For a print shop: 3 mm bleed, crop marks and a 5 mm safe zone (files end in -print).
    #[arg(long, conflicts_with = "sheet")]
    pub print_shop: bool,

    /// Impose small formats on office paper with cut marks (files end in -a4).
    #[arg(long, value_name = "PAPER")]
    pub sheet: Option<Sheet>,

    /// Paper size for layouts that come in several, such as the posters.
    #[arg(long, value_name = "PAPER")]
    pub size: Option<Paper>,

    /// Put this region's services first: a name from content/regions.toml.
    #[arg(long, value_name = "NAME")]
    pub region: Option<String>,

    /// An organisation file with your name, logo, local number and address. `build` also
    /// takes several, or a directory of them, and makes every document for each one.
    #[arg(long, value_name = "FILE", value_delimiter = ',')]
    pub org: Vec<PathBuf>,

    /// How many documents to make at once (default: one per core).
    #[arg(long, short = 'j', value_name = "N")]
    pub jobs: Option<usize>,
}

impl DocArgs {
    /// The documents these arguments ask for, as the planner takes them.
    pub fn request(&self) -> Request {
        Request {
            languages: self.lang.clone(),
            layouts: self.layout.clone(),
            print_shop: self.print_shop,
            office_sheet: self.sheet.is_some(),
            size: self.size,
            region: self.region.clone(),
            orgs: self.org.clone(),
        }
    }
}

/// Office paper that `--sheet` can impose on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Sheet {
    /// 210 × 297 mm.
    A4,
}

/// How a command ended, when it ran to completion.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Everything asked for was done.
    Success,
    /// Some documents failed; the others were written.
    SomeFailed,
    /// The content did not load, and the report said why: exit 2, as when `build` refuses it.
    NotLoaded,
}

/// Runs the content gate ([`checks::gate`]) on `jobs` and prints what it refused; the answer
/// is whether any document may be made.
fn content_fit_for(project: &Project, jobs: &[Job]) -> Result<bool> {
    let refused = checks::gate(project, jobs)?;
    for checked in &refused {
        crate::errln!("{}", checked.subject);
        checked.findings.iter().for_each(|f| crate::err!("{}", f.lines()));
    }
    Ok(refused.is_empty())
}

/// Prints an error that ended a command, on standard error.
pub fn report(error: &crate::error::Error) {
    crate::errln!("{error}");
}

/// Runs a parsed command line.
pub fn run(cli: &Cli) -> Result<Outcome> {
    match &cli.command {
        Command::Build(args) => build::run(&cli.project, args),
        Command::Check(args) => check::run(&cli.project, args),
        Command::ExportProject(args) => export::run(&cli.project, args),
        Command::List => list::run(&cli.project),
        Command::Status(args) => status::run(&cli.project, &args.lang),
        Command::Preview(args) => preview::run(&cli.project, args),
        Command::Strings(args) => strings::run(&cli.project, args),
        Command::Publish(args) => publish::run(&cli.project, args),
        Command::Stamp(args) => {
            let selection = match (args.all, args.keys.is_empty()) {
                (true, _) => Selection::All,
                (false, true) => Selection::Unstamped,
                (false, false) => Selection::Keys(args.keys.clone()),
            };
            stamp::run(&cli.project, &args.lang, &selection)
        }
    }
}
