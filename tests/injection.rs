//! Content is data, never markup: a translation full of Typst syntax prints literally.

mod support;

use support::{Sandbox, pdf_text};

/// Every character that means something in Typst markup or code, and an attempt to read a file.
const HOSTILE: &str = r#"#read("/etc/passwd") [x] *y* _z_ $m$ @ref <label> \ #let a = 1 ]"#;

#[test]
fn typst_syntax_in_a_translation_prints_literally() {
    let sandbox = Sandbox::with_shipped_project();
    let nl = sandbox.read("content/nl.toml");
    let title = nl.lines().find(|l| l.starts_with("title = \"Voel je")).expect("leaflet title");
    sandbox.edit("content/nl.toml", title, &format!("title = '{HOSTILE}'"));
    let headline = nl.lines().find(|l| l.starts_with("headline = ")).expect("poster headline");
    sandbox.edit("content/nl.toml", headline, &format!("headline = '{HOSTILE}'"));
    sandbox.leafpress(&["build", "--lang", "nl"]).succeeds();
    for layout in ["pocket", "poster"] {
        let text = pdf_text(&sandbox.path(&format!("out/nl/{layout}.pdf")));
        // Compared without spaces: where the title wraps, the PDF's text has no space.
        let squeezed = |s: &str| s.split_whitespace().collect::<String>();
        assert!(
            squeezed(&text).contains(&squeezed(HOSTILE)),
            "nl/{layout} does not print the text literally:\n{text}"
        );
        assert!(!text.contains("root:x:0:0"), "nl/{layout} read a file it must not");
    }
}
