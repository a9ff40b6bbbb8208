//! QR codes round trip: each page is rendered with typst-render, every code on it is decoded
//! with rqrr, and the payloads must be exactly those the directory gives.

use std::collections::BTreeSet;
use std::path::Path;

use leafpress::plan::{Job, Options};
use leafpress::project::Project;
use leafpress::qr;
use leafpress::render::{self};

/// Pixels per point for decoding: 4 is about 290 dpi, like an office printer.
const PRINT_RESOLUTION: f64 = 4.0;

const HELPLINE_SITE: &str = "https://www.1712.be";

fn shipped() -> Project {
    Project::open(Path::new(env!("CARGO_MANIFEST_DIR"))).expect("project opens")
}

/// Every code decoded from the final pages of `layout` in `language`.
fn decoded(project: &Project, options: &Options, language: &str, layout: &str) -> Vec<String> {
    let layout = project.layout(layout).expect("layout exists");
    let job = Job::new(project, layout, language);
    let done = render::lay_out(project, &job, options).expect("document lays out");
    done.document.pages().iter().flat_map(|page| qr::decode_page(page, PRINT_RESOLUTION)).collect()
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

/// The plain, print-shop and office-sheet options.
fn every_mode(project: &Project) -> Vec<(&'static str, Options)> {
    let plain = Options::plain(project).expect("default region");
    let print = Options { print_shop: true, ..plain.clone() };
    let sheet = Options { office_sheet: true, ..plain.clone() };
    vec![("plain", plain), ("print-shop", print), ("sheet a4", sheet)]
}

#[test]
fn every_qr_code_of_every_layout_and_mode_decodes_to_a_payload_from_the_directory() {
    let project = shipped();
    let allowed = directory_payloads(&project);
    for (mode, options) in every_mode(&project) {
        for layout in &project.layouts {
            for language in ["en", "nl"] {
                let found = decoded(&project, &options, language, &layout.name);
                let doc = format!("{language}/{} ({mode})", layout.name);
                assert!(found.contains(&HELPLINE_SITE.to_string()), "{doc}: {found:?}");
                for payload in &found {
                    assert!(allowed.contains(payload), "{doc}: {payload} is not in the directory");
                }
            }
        }
    }
}

#[test]
fn the_poster_qr_code_decodes_to_the_helpline_site() {
    let project = shipped();
    let options = Options::plain(&project).expect("default region");
    for language in ["en", "nl"] {
        assert_eq!(decoded(&project, &options, language, "poster"), vec![HELPLINE_SITE]);
    }
}

#[test]
fn every_pocket_qr_code_decodes_and_there_is_one_per_service_with_a_site() {
    let project = shipped();
    let options = Options::plain(&project).expect("default region");
    for language in ["en", "nl"] {
        let found = decoded(&project, &options, language, "pocket");
        assert!(found.len() >= 8, "{language}/pocket: only {} codes decoded", found.len());
    }
}

#[test]
fn a_card_sheet_carries_eight_codes_that_each_decode() {
    let project = shipped();
    let options = Options::plain(&project).expect("default region");
    let layout = project.layout("card-sheet").expect("layout exists");
    let done = render::lay_out(&project, &Job::new(&project, layout, "en"), &options)
        .expect("document lays out");
    let mm = |v: f64| v * 72.0 / 25.4;
    // Eight 85 × 55 mm cards with 3 mm gutters, 2 across and 4 down, centred on A4: the grid
    // starts at 18.5, 34 mm, and each cell is a card and its gutter.
    let backs = &done.document.pages()[1];
    let found =
        qr::decode_cells(backs, PRINT_RESOLUTION, (mm(18.5), mm(34.0)), (mm(88.0), mm(58.0)));
    assert_eq!(found, vec![HELPLINE_SITE; 8]);
}

#[test]
fn in_wallonia_the_card_points_to_the_french_language_helpline() {
    let project = shipped();
    let region = project.content.regions.get(Some("wallonia")).expect("region").clone();
    let options = Options { region, ..Options::plain(&project).expect("default region") };
    let ecoute = project.content.directory.get("ecoute").and_then(|s| s.web.clone());
    assert_eq!(decoded(&project, &options, "en", "card"), vec![ecoute.expect("ecoute has a site")]);
}

#[test]
fn qr_codes_are_vectors_with_a_quiet_zone() {
    let svg = qr::svg("https://www.1712.be").expect("encodes");
    assert!(svg.starts_with("<svg") && !svg.contains("<image"));
    let modules = qr::modules("https://www.1712.be").expect("encodes");
    assert!(svg.contains(&format!("viewBox=\"0 0 {modules} {modules}\"")));
}
