//! What the checks found, for people (a list grouped by document, then a summary line) and for
//! machines (`--json`).

use std::fmt::Write as _;
use std::time::Duration;

use super::{Checked, Severity};

/// Everything one run of the checks found.
#[derive(Debug, Clone)]
pub struct Report {
    /// Findings by document or content file, in the order they were checked.
    pub checked: Vec<Checked>,
    /// How many documents were checked.
    pub documents: usize,
    /// How long the checks took.
    pub elapsed: Duration,
}

impl Report {
    /// The number of findings of `severity`.
    pub fn count(&self, severity: Severity) -> usize {
        let all = self.checked.iter().flat_map(|c| &c.findings);
        all.filter(|f| f.severity == severity).count()
    }

    /// The summary line: "97 documents, 0 errors, 2 warnings".
    pub fn summary(&self) -> String {
        let plural = |n: usize, word: &str| {
            if n == 1 { format!("1 {word}") } else { format!("{n} {word}s") }
        };
        format!(
            "{}, {}, {}",
            plural(self.documents, "document"),
            plural(self.count(Severity::Error), "error"),
            plural(self.count(Severity::Warning), "warning")
        )
    }

    /// The report as people read it: each document or file with findings, then the summary.
    pub fn human(&self) -> String {
        let mut out = String::new();
        for checked in self.checked.iter().filter(|c| !c.findings.is_empty()) {
            let _ = writeln!(out, "{}", checked.subject);
            for finding in &checked.findings {
                out.push_str(&finding.lines());
            }
            out.push('\n');
        }
        let seconds = self.elapsed.as_secs_f64();
        let _ = writeln!(out, "{} (checked in {seconds:.1} s)", self.summary());
        out
    }

    /// The report as JSON, with the counts alongside the findings.
    pub fn json(&self) -> String {
        let value = serde_json::json!({
            "documents": self.documents,
            "errors": self.count(Severity::Error),
            "warnings": self.count(Severity::Warning),
            "seconds": self.elapsed.as_secs_f64(),
            "checked": self.checked,
        });
        serde_json::to_string_pretty(&value).expect("JSON values always serialize")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::{Diagnostic, Place};

    #[test]
    fn findings_read_as_a_list() {
        let finding = Diagnostic::error("overflow", "the text of trifold.3 is 4.0 mm too long")
            .page(2)
            .keys(["info.kinds.intro"])
            .at(Place { path: "content/fr.toml".into(), point: Some((40, 11)) })
            .hint("shorten it");
        assert_eq!(
            finding.lines(),
            "  error[overflow] page 2: the text of trifold.3 is 4.0 mm too long\n    at \
             content/fr.toml:40:11\n    key: info.kinds.intro\n    hint: shorten it\n"
        );
    }

    #[test]
    fn summary_counts_documents_errors_and_warnings() {
        let checked = Checked {
            subject: "en/card".into(),
            findings: vec![Diagnostic::warning("translation", "x"), Diagnostic::error("qr", "y")],
        };
        let report = Report { checked: vec![checked], documents: 1, elapsed: Duration::ZERO };
        assert_eq!(report.summary(), "1 document, 1 error, 1 warning");
    }
}
