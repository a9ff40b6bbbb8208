//! QR codes round trip: each page is rendered with typst-render, every code on it is decoded
//! with rqrr, and the payloads must be exactly those the directory gives.

use std::collections::BTreeSet;
use std::path::Path;

use leafpress::project::Project;
use leafpress::qr;
use leafpress::render::{self, Job};

/// Pixels per point for decoding: 4 is about 290 dpi, like an office printer.
const PRINT_RESOLUTION: f64 = 4.0;

fn decoded(project: &Project, language: &str, layout: &str) -> Vec<String> {
    let job = Job { language: language.into(), layout: layout.into() };
    let compiled = render::compile(project, &job).expect("document compiles");
    compiled
        .document
        .pages()
        .iter()
        .flat_map(|page| qr::decode_page(page, PRINT_RESOLUTION))
        .collect()
}

fn directory_payloads(project: &Project) -> BTreeSet<String> {
    project
        .content
        .directory
        .iter()
        .flat_map(|s| [s.tel.clone(), s.web.clone()])
        .flatten()
        .collect()
}

#[test]
fn the_poster_qr_code_decodes_to_the_helpline_site() {
    let project = Project::open(Path::new(env!("CARGO_MANIFEST_DIR"))).expect("project opens");
    for language in ["en", "nl"] {
        assert_eq!(decoded(&project, language, "poster"), vec!["https://www.1712.be".to_string()]);
    }
}

#[test]
fn every_pocket_qr_code_decodes_to_a_payload_from_the_directory() {
    let project = Project::open(Path::new(env!("CARGO_MANIFEST_DIR"))).expect("project opens");
    let allowed = directory_payloads(&project);
    for language in ["en", "nl"] {
        let found = decoded(&project, language, "pocket");
        assert!(found.len() >= 8, "{language}/pocket: only {} codes decoded", found.len());
        for payload in &found {
            assert!(
                allowed.contains(payload),
                "{language}/pocket: {payload} is not in the directory"
            );
        }
        assert!(found.contains(&"https://www.1712.be".to_string()));
    }
}

#[test]
fn qr_codes_are_vectors_with_a_quiet_zone() {
    let svg = qr::svg("https://www.1712.be").expect("encodes");
    assert!(svg.starts_with("<svg") && !svg.contains("<image"));
    let modules = qr::modules("https://www.1712.be").expect("encodes");
    assert!(svg.contains(&format!("viewBox=\"0 0 {modules} {modules}\"")));
}
