//! Overflow names the text that overflowed: the key whose text runs out of its page or box,
//! with its place in the language file, or the organisation file's key where the organisation's
//! own text is what ran out.

mod support;

use support::Sandbox;

#[test]
fn an_over_long_card_subtitle_is_named_not_the_texts_it_pushed() {
    let sandbox = Sandbox::with_shipped_project();
    // Long enough to run over the front's page break. One that ends just at the break pushes
    // the local contact over instead, and the texts pushed onto the third page are named.
    let long = vec!["Keep them close at hand."; 45].join(" ");
    let new_line = format!("subtitle = \"{long}\"");
    let line = std::cell::Cell::new(0);
    sandbox.refuses_after("card,poster", &[], &["card"], |s| {
        line.set(s.replace_line("content/en.toml", "subtitle = ", &new_line));
    });
    let line = line.get();
    sandbox.leafpress(&["check", "--lang", "en", "--layout", "card"]).fails_with(1).reports(&[
        "en/card",
        "  error[overflow] page 3: the text runs to 3 pages; card is made for 2",
        &format!("    at content/en.toml:{line}:12"),
        "    key: card.subtitle",
        "    hint: shorten these texts until the document has its pages back",
    ]);
}

#[test]
fn an_over_long_organisation_name_is_named_in_the_organisation_file() {
    let sandbox = Sandbox::with_shipped_project();
    sandbox
        .write("clinic.toml", &format!("name = \"{}\"\n", "Clinic De Linde ".repeat(320).trim()));
    let run = sandbox.leafpress(&[
        "check",
        "--org",
        "clinic.toml",
        "--lang",
        "en",
        "--layout",
        "card,trifold",
    ]);
    run.fails_with(1);
    run.shows(
        "en/card\n  error[overflow] page 3: the text runs to 9 pages; card is made for 2\n    at \
         clinic.toml:1:1\n    key: name\n",
    );
    run.shows(
        "even at the smallest size the layout allows, 8 pt\n    at clinic.toml:1:1\n    key: \
         name\n",
    );
}

#[test]
fn text_pushed_off_a_page_names_the_longer_text_that_pushed_it() {
    let sandbox = Sandbox::with_shipped_project();
    let sentence = "Do not sit with it. A listening ear can support you by looking for a solution \
                    together.";
    let long = [sentence; 6].join(" ");
    sandbox.replace_line("content/en.toml", "intro = \"Do not sit", &format!("intro = \"{long}\""));
    let note = sandbox
        .read("content/en.toml")
        .lines()
        .position(|l| l.starts_with("note = \"Free"))
        .unwrap();
    sandbox.leafpress(&["check", "--lang", "en", "--layout", "pocket"]).fails_with(1).reports(&[
        "en/pocket",
        "  error[overflow] page 1: text runs off the edge of the page: “phone bill”",
        &format!("    at content/en.toml:{}:8", note + 1),
        "    keys: services.helpline-1712.note, leaflet.intro",
        "    hint: shorten these texts: the page has no room for them",
    ]);
}
