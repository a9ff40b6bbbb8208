//! The whole matrix a user can ask for: every language and layout, in every region, with no
//! organisation, the small clinic example and the long network example (long name, phone
//! number, two-line address, card title, wide PNG logo), in plain, print-shop and office-sheet
//! mode, plus the posters at A2 and A1. Every document must pass `leafpress check`.
//!
//! The checks run on the repository's own project, which they only read.

mod support;

use std::process::Command;

use support::repository;

const REGIONS: [Option<&str>; 4] = [None, Some("brussels"), Some("flanders"), Some("wallonia")];
const ORGS: [Option<&str>; 3] = [None, Some("examples/clinic.toml"), Some("examples/network.toml")];
const MODES: [&[&str]; 3] = [&[], &["--print-shop"], &["--sheet", "a4"]];

/// Runs `leafpress check` with `args` on the repository's project; the error lines, if any.
fn check_errors(args: &[String]) -> Option<String> {
    let output = Command::new(env!("CARGO_BIN_EXE_leafpress"))
        .arg("--project")
        .arg(repository())
        .arg("check")
        .args(args)
        .output()
        .expect("run leafpress");
    if output.status.success() {
        return None;
    }
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    let errors: Vec<&str> = stdout
        .lines()
        .chain(stderr.lines())
        .filter(|line| !line.starts_with("ok") && !line.trim().is_empty())
        .take(12)
        .collect();
    Some(errors.join("\n"))
}

/// The options of one combination, with the organisation file made absolute.
fn options(region: Option<&str>, org: Option<&str>, mode: &[&str]) -> Vec<String> {
    let mut args = Vec::new();
    if let Some(region) = region {
        args.extend(["--region".to_string(), region.to_string()]);
    }
    if let Some(org) = org {
        args.extend(["--org".to_string(), repository().join(org).display().to_string()]);
    }
    args.extend(mode.iter().map(|arg| arg.to_string()));
    args
}

#[test]
fn every_region_organisation_and_print_mode_passes_the_checks() {
    let mut failures = Vec::new();
    for region in REGIONS {
        for org in ORGS {
            for mode in MODES {
                let args = options(region, org, mode);
                if let Some(errors) = check_errors(&args) {
                    failures.push(format!("check {}:\n{errors}", args.join(" ")));
                }
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} combinations fail:\n\n{}",
        failures.len(),
        failures.join("\n\n")
    );
}

#[test]
fn posters_pass_the_checks_at_every_size_they_come_in() {
    let mut failures = Vec::new();
    for org in ORGS {
        // The multilingual poster holds all sixteen languages only at A1 (layouts.toml).
        for (layout, size) in [("poster", "a2"), ("poster", "a1"), ("poster-multi", "a1")] {
            let mut args = options(None, org, &[]);
            args.extend(["--layout", layout, "--size", size].map(String::from));
            if let Some(errors) = check_errors(&args) {
                failures.push(format!("check {}:\n{errors}", args.join(" ")));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} combinations fail:\n\n{}",
        failures.len(),
        failures.join("\n\n")
    );
}
