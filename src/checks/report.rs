//! What the checks found, for people (a list grouped by document, then a summary line) and for
//! machines (`--json`).

use std::fmt::Write as _;
use std::time::Duration;

use super::{Checked, Finding, Severity};

/// How many keys a finding lists before "and N more".
const SHOWN_KEYS: usize = 8;

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
                out.push_str(&finding_lines(finding));
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

/// One finding, indented under its document.
pub fn finding_lines(finding: &Finding) -> String {
    let severity = match finding.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    };
    let page = finding.page.map(|p| format!(" page {p}")).unwrap_or_default();
    let mut out = format!("  {severity}[{}]{page}: {}\n", finding.check, finding.message);
    if let Some(location) = &finding.location {
        let _ = writeln!(out, "    at {location}");
    }
    if !finding.keys.is_empty() {
        let _ = writeln!(out, "    {}: {}", key_word(finding.keys.len()), shorten(&finding.keys));
    }
    if let Some(hint) = &finding.hint {
        let _ = writeln!(out, "    hint: {hint}");
    }
    out
}

fn key_word(count: usize) -> &'static str {
    if count == 1 { "key" } else { "keys" }
}

/// The first few keys, then how many more.
fn shorten(keys: &[String]) -> String {
    match keys.len().checked_sub(SHOWN_KEYS) {
        Some(more) if more > 0 => format!("{}, and {more} more", keys[..SHOWN_KEYS].join(", ")),
        _ => keys.join(", "),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn findings_read_as_a_list() {
        let finding = Finding::error("overflow", "the text of trifold.3 is 4.0 mm too long")
            .page(2)
            .keys(["info.kinds.intro"])
            .at("content/fr.toml:40:11")
            .hint("shorten it");
        assert_eq!(
            finding_lines(&finding),
            "  error[overflow] page 2: the text of trifold.3 is 4.0 mm too long\n    at \
             content/fr.toml:40:11\n    key: info.kinds.intro\n    hint: shorten it\n"
        );
    }

    #[test]
    fn summary_counts_documents_errors_and_warnings() {
        let checked = Checked {
            subject: "en/card".into(),
            findings: vec![Finding::warning("translation", "x"), Finding::error("qr", "y")],
        };
        let report = Report { checked: vec![checked], documents: 1, elapsed: Duration::ZERO };
        assert_eq!(report.summary(), "1 document, 1 error, 1 warning");
    }
}
