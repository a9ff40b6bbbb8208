//! The tri-fold folds right: each panel's heading sits on the right page, between the right
//! folds, in left-to-right and (mirrored) right-to-left languages.

mod support;

use support::{Sandbox, find_phrase, tallest, words};

/// A heading and where it must be: page, and the panel's left and right edge in mm.
struct Panel {
    heading: &'static str,
    page: usize,
    from: f64,
    to: f64,
}

fn panel(heading: &'static str, page: usize, (from, to): (f64, f64)) -> Panel {
    Panel { heading, page, from, to }
}

/// Checks each panel's heading, and that the title ("Partner violence", set larger than any
/// other "Partner") is on the `cover` panel of the outside.
fn assert_panels(sandbox: &Sandbox, file: &str, cover: (f64, f64), panels: &[Panel]) {
    let words = words(&sandbox.path(file));
    let title = tallest(&words, 1, "Partner").expect("the outside has a title");
    assert!(
        (cover.0..cover.1).contains(&title.x),
        "{file}: the title is at {:.0} mm, outside the cover {cover:?}",
        title.x
    );
    for panel in panels {
        let word = find_phrase(&words, panel.heading)
            .unwrap_or_else(|| panic!("{file}: `{}` is not on any page", panel.heading));
        assert!(
            word.page == panel.page && (panel.from..panel.to).contains(&word.x),
            "{file}: `{}` is on page {} at {:.0} mm, not on page {} between {} and {} mm",
            panel.heading,
            word.page,
            word.x,
            panel.page,
            panel.from,
            panel.to
        );
    }
}

#[test]
fn the_cover_is_the_right_hand_panel_outside_and_the_panels_follow_in_reading_order() {
    let sandbox = Sandbox::with_shipped_project();
    sandbox.leafpress(&["build", "--layout", "trifold", "--lang", "en"]).succeeds();
    assert_panels(
        &sandbox,
        "out/en/trifold.pdf",
        (197.0, 297.0),
        &[
            panel("Solving partner violence", 1, (0.0, 97.0)),
            panel("Important numbers", 1, (97.0, 197.0)),
            panel("Kinds of partner violence", 2, (0.0, 100.0)),
            panel("More information or help", 2, (100.0, 200.0)),
            panel("Safe house", 2, (200.0, 297.0)),
        ],
    );
}

#[test]
fn right_to_left_languages_mirror_the_panels() {
    let sandbox = Sandbox::with_shipped_project();
    let english = sandbox.read("content/en.toml");
    let mirrored = english
        .replacen("code = \"en\"", "code = \"ar\"", 1)
        .replacen("direction = \"ltr\"", "direction = \"rtl\"", 1)
        .replacen("status = \"reviewed\"", "status = \"draft\"", 1);
    sandbox.write("content/ar.toml", &mirrored);
    sandbox.leafpress(&["build", "--layout", "trifold", "--lang", "ar"]).succeeds();
    // English words in a right-to-left document still come out of pdftotext as words; only
    // the panels move.
    assert_panels(
        &sandbox,
        "out/ar/trifold.pdf",
        (0.0, 100.0),
        &[
            panel("Important numbers", 1, (100.0, 200.0)),
            panel("Solving partner violence", 1, (200.0, 297.0)),
            panel("Kinds of partner violence", 2, (197.0, 297.0)),
            panel("More information or help", 2, (97.0, 197.0)),
            panel("Safe house", 2, (0.0, 97.0)),
        ],
    );
}
