//! `leafpress check`: lays out every requested document in memory, runs every check on it, and
//! reports what it found, grouped by document, without writing anything. Exit 0 when there are
//! no errors, 1 when there are, and 2 when the content does not load (as `build` exits).

use std::path::Path;
use std::time::{Duration, Instant};

use super::{CheckArgs, Outcome};
use crate::batch;
use crate::checks::report::Report;
use crate::checks::{self, Checked, Diagnostic};
use crate::error::{Error, Result};
use crate::preflight::{self, Settings};

/// Checks the documents `args` asks for in the project at `dir`.
pub fn run(dir: &Path, args: &CheckArgs) -> Result<Outcome> {
    let start = Instant::now();
    let mut loaded = true;
    let settings = Settings {
        threads: batch::threads(args.docs.jobs),
        limit: Duration::from_secs(args.timeout),
    };
    let (checked, documents) = match preflight::check_all(dir, &args.docs.request(), &settings) {
        Ok(found) => found,
        // A content file that does not load is a finding like any other: the report says
        // where it is, and the exit code says that the documents are not fit to print.
        Err(Error::Content(content)) => {
            loaded = false;
            let subject = content.path.display().to_string();
            (
                vec![Checked {
                    subject,
                    findings: vec![Diagnostic::from_content("content", &content)],
                }],
                0,
            )
        }
        Err(error) => return Err(error),
    };
    let report = Report { checked, documents, elapsed: start.elapsed() };
    if args.json {
        crate::outln!("{}", report.json());
    } else {
        crate::out!("{}", report.human());
    }
    let clean = report.count(checks::Severity::Error) == 0;
    Ok(match (loaded, clean) {
        (false, _) => Outcome::NotLoaded,
        (true, true) => Outcome::Success,
        (true, false) => Outcome::SomeFailed,
    })
}
