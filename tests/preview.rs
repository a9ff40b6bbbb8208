//! `leafpress preview` over HTTP, without a browser: it answers its own routes and nothing
//! else, a saved text reaches the page, a broken file keeps the last good pages, and PDFs pass
//! the checks first. The browser test in tests/browser/ drives the page itself; the ignored
//! test here measures the time from a save to the new pages.

mod support;

use std::time::{Duration, Instant};

use support::{Preview, Sandbox, settled};

/// How the French leaflet's title line starts (the poster's headline says the same).
const FRENCH_TITLE: &str = "title = \"Vous ne vous sentez";

/// A preview of French in a copy of the shipped project, with every page laid out and checked.
fn french_preview() -> (Sandbox, Preview, serde_json::Value) {
    let sandbox = Sandbox::with_shipped_project();
    let preview = sandbox.preview(&["--lang", "fr"]);
    let state = preview.wait_for("fr", settled);
    (sandbox, preview, state)
}

#[test]
fn the_preview_listens_on_this_computer_only() {
    let (_sandbox, preview, _) = french_preview();
    assert!(preview.address.starts_with("127.0.0.1:"), "bound to {}", preview.address);
    let page = preview.get("/");
    assert_eq!(page.status, 200);
    assert!(page.text().contains("leafpress preview"));
    // A web page elsewhere that renames itself to this address (DNS rebinding) is refused.
    let rebound = preview.request("GET / HTTP/1.0\r\nHost: attacker.example:8040\r\n");
    assert_eq!(rebound.status, 404);
}

#[test]
fn requests_outside_the_preview_routes_are_not_found() {
    let (_sandbox, preview, _) = french_preview();
    for path in [
        "/../../etc/passwd",
        "/page/../Cargo.toml",
        "/page/fr/../../../etc/passwd",
        "/page/%2e%2e/%2e%2e/etc/passwd",
        "/page/fr/pocket/0.svg",
        "/page/fr/pocket/99.svg",
        "/page/fr/pocket/1.svg/..",
        "/page/zz/pocket/1.svg",
        "/text/fr/nothing/1.json",
        "/pdf/fr/../../Cargo.toml",
        "/content/fr.toml",
        "/layouts/pocket.typ",
        "/state.json?lang=../../etc",
        "/favicon.ico",
        "/font/../fonts/NotoSans-Regular.ttf",
        "/font/NotoSans-Regular.ttf",
    ] {
        assert_eq!(preview.get(path).status, 404, "{path}");
    }
    assert_eq!(preview.request("POST / HTTP/1.0\r\nHost: x\r\nContent-Length: 0\r\n").status, 404);
    assert_eq!(preview.request("DELETE /state.json HTTP/1.0\r\n").status, 404);
    // Another site open in the same browser may not drive the preview.
    for from in ["Sec-Fetch-Site: cross-site", "Origin: http://example.org"] {
        let head = format!("GET /state.json HTTP/1.0\r\nHost: {}\r\n{from}\r\n", preview.address);
        assert_eq!(preview.request(&head).status, 404, "{from}");
    }
    let own =
        format!("GET /state.json HTTP/1.0\r\nHost: {0}\r\nOrigin: http://{0}\r\n", preview.address);
    assert_eq!(preview.request(&own).status, 200);
    // Still serving after all that.
    assert_eq!(preview.get("/page/fr/pocket/1.svg").status, 200);
}

#[test]
fn the_page_brings_the_bundled_fonts_for_scripts_a_browser_may_lack() {
    let (_sandbox, preview, _) = french_preview();
    for file in ["ethiopic.ttf", "ethiopic-bold.ttf", "arabic.ttf", "arabic-bold.ttf"] {
        let font = preview.get(&format!("/font/{file}"));
        assert_eq!(font.status, 200, "{file}");
        assert!(font.headers.contains("font/ttf"), "{}", font.headers);
    }
}

#[test]
fn every_layout_shows_beside_english_with_its_images_and_words() {
    let (_sandbox, preview, state) = french_preview();
    let layouts: Vec<&str> = state["layouts"]
        .as_array()
        .expect("an array")
        .iter()
        .map(|l| l["name"].as_str().expect("a string"))
        .collect();
    assert_eq!(
        layouts,
        ["card", "card-sheet", "pocket", "poster", "poster-multi", "tearoff", "trifold"]
    );
    let pocket = &state["layouts"][2];
    assert_eq!(pocket["doc"]["pages"].as_array().expect("an array").len(), 12);
    assert_eq!(pocket["source"]["name"], "en/pocket");
    let image = preview.get(pocket["doc"]["pages"][0]["svg"].as_str().expect("a string"));
    assert_eq!(image.status, 200);
    assert!(image.headers.contains("image/svg+xml"), "{}", image.headers);
    assert!(image.text().starts_with("<svg"));
    assert!(preview.words(&state, "pocket").contains("Vous ne vous sentez pas en sécurité"));
}

#[test]
fn a_saved_text_reaches_the_page_and_a_broken_file_keeps_the_last_pages() {
    let (sandbox, preview, before) = french_preview();
    sandbox.replace_line("content/fr.toml", FRENCH_TITLE, "title = \"Appelez-nous Marqueterie\"");
    let after = preview.wait_for("fr", |s| s["generation"] != before["generation"] && settled(s));
    assert!(preview.words(&after, "pocket").contains("Appelez-nous Marqueterie"));
    let english = |s: &serde_json::Value| s["layouts"][2]["source"]["pages"][0]["hash"].clone();
    assert_eq!(english(&after), english(&before), "English pages are not laid out again");

    sandbox.edit("content/fr.toml", "[leaflet]\n", "[leaflet\n");
    let broken = preview.wait_for("fr", |s| !s["error"].is_null());
    let error = broken["error"].as_str().expect("a string");
    assert!(error.contains("content/fr.toml:"), "the error names the file and line: {error}");
    assert_eq!(broken["layouts"][2]["doc"]["pages"], after["layouts"][2]["doc"]["pages"]);
    assert_eq!(preview.get("/page/fr/pocket/1.svg").status, 200);

    // Asking for another language meanwhile lays it out from the last good files, and the
    // error stays on the page until it is fixed.
    let dutch = preview.wait_for("nl", settled);
    assert!(dutch["error"].as_str().is_some_and(|e| e.contains("content/fr.toml:")));

    sandbox.edit("content/fr.toml", "[leaflet\n", "[leaflet]\n");
    preview.wait_for("fr", |s| s["error"].is_null());
}

#[test]
fn a_saved_layout_reaches_the_page_with_its_problems() {
    let (sandbox, preview, before) = french_preview();
    let card = |s: &serde_json::Value| s["layouts"][0]["doc"]["pages"][1]["hash"].clone();
    sandbox.edit("layouts/card.typ", "#let qr-size = 16mm", "#let qr-size = 9mm");
    let after = preview.wait_for("fr", |s| {
        s["problems"].as_array().expect("an array").iter().any(|p| p["check"] == "qr")
    });
    assert_ne!(card(&after), card(&before), "the card's back is laid out again");
    let qr = after["problems"]
        .as_array()
        .expect("an array")
        .iter()
        .find(|p| p["check"] == "qr")
        .unwrap();
    assert_eq!(qr["subject"], "fr/card");
    assert_eq!(qr["page"], 2);
}

#[test]
fn problems_point_at_their_key_and_line_and_a_failing_document_gets_no_pdf() {
    let (sandbox, preview, _) = french_preview();
    let pdf = preview.get("/pdf/fr/card.pdf");
    assert_eq!(pdf.status, 200);
    assert!(pdf.body.starts_with(b"%PDF-"));
    assert!(pdf.headers.contains("attachment; filename=\"fr-card.pdf\""), "{}", pdf.headers);

    let long = vec!["Il existe quatre formes de violence entre partenaires."; 60].join(" ");
    let line = sandbox.replace_line(
        "content/fr.toml",
        "intro = \"Il existe",
        &format!("intro = \"{long}\""),
    );
    let state = preview.wait_for("fr", |s| {
        s["problems"].as_array().expect("an array").iter().any(|p| p["check"] == "overflow")
    });
    let overflow = state["problems"]
        .as_array()
        .expect("an array")
        .iter()
        .find(|p| p["check"] == "overflow")
        .unwrap();
    assert_eq!(overflow["subject"], "fr/trifold");
    assert_eq!(overflow["layout"], "trifold");
    assert_eq!(overflow["page"], 2);
    assert_eq!(overflow["keys"][0], "info.kinds.intro");
    assert_eq!(overflow["location"], format!("content/fr.toml:{line}:9"));
    let refused = preview.get("/pdf/fr/trifold.pdf");
    assert_eq!(refused.status, 409);
    assert!(refused.text().contains("error[overflow] page 2"), "{}", refused.text());
}

#[test]
fn untranslated_texts_are_listed_one_by_one_at_the_english_line() {
    let (sandbox, preview, _) = french_preview();
    sandbox.replace_line("content/fr.toml", FRENCH_TITLE, "");
    let state = preview.wait_for("fr", |s| {
        s["problems"].as_array().expect("an array").iter().any(|p| p["check"] == "translation")
    });
    let missing = state["problems"]
        .as_array()
        .expect("an array")
        .iter()
        .find(|p| p["check"] == "translation")
        .unwrap();
    assert_eq!(missing["keys"][0], "leaflet.title");
    assert_eq!(missing["severity"], "warning");
    let english = sandbox.read("content/en.toml");
    let line = english.lines().position(|l| l.starts_with("title = \"Do you feel unsafe")).unwrap();
    assert_eq!(missing["location"], format!("content/en.toml:{}:9", line + 1));
}

/// The time from saving a language file to its new pages being served, as a translator's
/// browser sees them: from just before the write to the new images having been downloaded,
/// after the event that announced them. Two times per save: until the layout on screen (the
/// pocket leaflet, whose cover changes) is served, and until every layout of the language is.
/// Twenty edits, each after the checks of the one before have finished.
///
/// Run with `cargo test --release --test preview -- --ignored --nocapture save_to_update`.
#[test]
#[ignore = "a measurement: run it on purpose, on an otherwise idle machine"]
fn save_to_update_of_a_sentence_median_of_20_edits() {
    measure_saves("intro = \"", "intro = \"Ne restez pas seul(e) avec cela");
}

/// The same for the leaflet's title, the slowest text to change: it is also the document's
/// title, a setting of the whole document, so every page of the leaflet is laid out again.
#[test]
#[ignore = "a measurement: run it on purpose, on an otherwise idle machine"]
fn save_to_update_of_the_title_median_of_20_edits() {
    measure_saves("title = \"", FRENCH_TITLE);
}

/// Edits the line of content/fr.toml that starts with `prefix` (at first `first`) twenty
/// times, and prints the medians.
fn measure_saves(prefix: &str, first: &str) {
    let (sandbox, preview, _) = french_preview();
    let shown = |preview: &Preview| preview.state_showing("fr", "pocket");
    let mut state = shown(&preview);
    let mut events = preview.events();
    let mut line = first.to_string();
    let (mut on_screen, mut everything) = (Vec::new(), Vec::new());
    for edit in 1..=20 {
        std::thread::sleep(Duration::from_millis(500));
        // Letters, not digits, which the content checks would take for a phone number.
        let word: String = std::iter::repeat_n(char::from(b'a' + edit as u8), 3).collect();
        let new_line = format!("{prefix}Vous sentez-vous en danger ? {word}\"");
        let start = Instant::now();
        sandbox.replace_line("content/fr.toml", &line, &new_line);
        line = new_line;
        let mut first = None;
        let mut fetched = Vec::new();
        loop {
            events.next_event();
            let next = shown(&preview);
            for page in changed_pages(&state, &next) {
                if !fetched.contains(&page) {
                    assert_eq!(preview.get(&page).status, 200);
                    fetched.push(page);
                }
            }
            let pocket_done = fetched.iter().any(|p| p.starts_with("/page/fr/pocket/"));
            if pocket_done && first.is_none() {
                first = Some(start.elapsed());
            }
            if pocket_done && next["updating"] == false {
                everything.push(start.elapsed());
                break;
            }
        }
        on_screen.push(first.expect("the pocket leaflet's cover changed"));
        println!(
            "edit {edit:>2}: layout on screen {:>5.1} ms, every layout {:>5.1} ms",
            ms(on_screen[edit - 1]),
            ms(everything[edit - 1])
        );
        preview.wait_for("fr", settled);
        state = shown(&preview);
    }
    for (what, times) in [("layout on screen", &mut on_screen), ("every layout", &mut everything)] {
        times.sort();
        let median = (times[9] + times[10]) / 2;
        println!(
            "save → {what} served, 20 edits: median {:.1} ms (min {:.1}, max {:.1})",
            ms(median),
            ms(times[0]),
            ms(times[19])
        );
    }
}

fn ms(duration: Duration) -> f64 {
    duration.as_secs_f64() * 1000.0
}

/// The image addresses of the pages of the language's documents (not English's) whose hash
/// changed between two states.
fn changed_pages(old: &serde_json::Value, new: &serde_json::Value) -> Vec<String> {
    let pages = |state: &serde_json::Value| -> Vec<(String, String)> {
        let layouts = state["layouts"].as_array().expect("an array");
        let docs =
            layouts.iter().flat_map(|l| l["doc"]["pages"].as_array().expect("an array").iter());
        docs.map(|p| {
            (
                p["svg"].as_str().expect("a string").to_string(),
                p["hash"].as_str().expect("a string").to_string(),
            )
        })
        .collect()
    };
    let before = pages(old);
    pages(new).into_iter().filter(|page| !before.contains(page)).map(|(svg, _)| svg).collect()
}

/// The session token the preview's page carries.
fn token(preview: &Preview) -> String {
    let page = preview.get("/").text();
    let start = page.find("name=\"leafpress-token\" content=\"").expect("the token") + 32;
    page[start..].split('"').next().expect("a quoted value").to_string()
}

/// Sends a review write with `body` (JSON) and the extra header lines `headers`.
fn post_review(preview: &Preview, headers: &str, body: &serde_json::Value) -> support::Reply {
    let body = body.to_string();
    let head = format!(
        "POST /review HTTP/1.0\r\nHost: {}\r\nContent-Type: application/json\r\n{headers}\
         Content-Length: {}\r\n\r\n{body}",
        preview.address,
        body.len()
    );
    preview.request_with_body(&head)
}

#[test]
fn a_review_write_needs_the_session_token_and_the_preview_s_own_page() {
    let (sandbox, preview, _) = french_preview();
    let before = sandbox.read("content/fr.toml");
    let edit = serde_json::json!({
        "lang": "fr", "key": "card.title", "text": "Numéros pratiques",
        "approve": true, "reviewer": "Test Reviewer",
    });
    let token = token(&preview);
    assert_eq!(token.len(), 32, "128 random bits: {token}");
    let refused = post_review(&preview, "", &edit);
    assert_eq!(refused.status, 403);
    assert_eq!(
        refused.json()["error"],
        "refused: the request does not carry this preview's session token"
    );
    let wrong = post_review(&preview, &format!("X-Leafpress-Token: {}\r\n", "0".repeat(32)), &edit);
    assert_eq!(wrong.status, 403);
    // Another site open in the browser is refused, token or not.
    for from in ["Sec-Fetch-Site: cross-site", "Origin: http://example.org", "Sec-Fetch-Site: none"]
    {
        let headers = format!("X-Leafpress-Token: {token}\r\n{from}\r\n");
        let reply = post_review(&preview, &headers, &edit);
        assert_eq!(reply.status, 403, "{from}");
        assert_eq!(reply.json()["error"], "refused: a write must come from the preview's own page");
    }
    // A write is never a GET.
    assert_eq!(preview.get("/review").status, 404);
    assert_eq!(sandbox.read("content/fr.toml"), before, "nothing was written");
}

#[test]
fn a_review_write_with_a_dropped_placeholder_is_refused_and_names_the_unit() {
    let (sandbox, preview, _) = french_preview();
    let before = sandbox.read("content/fr.toml");
    let headers =
        format!("X-Leafpress-Token: {}\r\nSec-Fetch-Site: same-origin\r\n", token(&preview));
    let dropped = serde_json::json!({
        "lang": "fr", "key": "leaflet.source.text", "text": "Source : le site de Zijn", "approve": false,
    });
    let reply = post_review(&preview, &headers, &dropped);
    assert_eq!(reply.status, 422);
    let answer = reply.json();
    assert_eq!(answer["error"], "unit `leaflet.source.text`: the translation lacks {web:zijn}");
    assert!(answer["hint"].as_str().unwrap().starts_with("keep every {tel:…}"), "{answer}");
    // An approval needs a name, and English is read-only.
    let nameless = serde_json::json!({
        "lang": "fr", "key": "card.title", "text": "Numéros pratiques", "approve": true, "reviewer": " ",
    });
    let reply = post_review(&preview, &headers, &nameless);
    assert_eq!(reply.status, 422);
    assert_eq!(reply.json()["error"], "an approval needs the reviewer's name");
    let english = serde_json::json!({ "lang": "en", "key": "card.title", "text": "Useful" });
    assert_eq!(post_review(&preview, &headers, &english).status, 422);
    assert_eq!(sandbox.read("content/fr.toml"), before, "the file is unchanged, byte for byte");
}

#[test]
fn an_approved_review_is_written_with_its_reviewer_and_reaches_the_page() {
    let (sandbox, preview, before) = french_preview();
    let file = sandbox.read("content/fr.toml");
    // The review mode finds each text on a page by its key.
    let card = &before["layouts"][0]["doc"]["pages"][0]["text"];
    let layer = preview.get(card.as_str().unwrap()).json();
    let areas = layer["areas"].as_array().unwrap();
    let title = areas.iter().find(|a| a["key"] == "card.title").expect("the card title's area");
    assert!(!title["boxes"].as_array().unwrap().is_empty());
    // A tear-off tab's label is turned on its side: each of the ten tabs keeps a box of its own.
    let tabs = &before["layouts"][5];
    assert_eq!(tabs["name"], "tearoff");
    let layer = preview.get(tabs["doc"]["pages"][0]["text"].as_str().unwrap()).json();
    let label = layer["areas"].as_array().unwrap().iter().find(|a| a["key"] == "ui.helpline");
    let boxes = label.expect("the helpline's label")["boxes"].as_array().unwrap().len();
    assert!(boxes >= 11, "ten tabs and the panel: {boxes} boxes");

    let headers =
        format!("X-Leafpress-Token: {}\r\nSec-Fetch-Site: same-origin\r\n", token(&preview));
    let edit = serde_json::json!({
        "lang": "fr", "key": "card.title", "text": "Numéros pratiques",
        "approve": true, "reviewer": "Test Reviewer",
    });
    let reply = post_review(&preview, &headers, &edit);
    assert_eq!(reply.status, 200, "{}", reply.text());
    let answer = reply.json();
    assert_eq!(answer["message"], "approved by Test Reviewer, and written to fr.toml");
    assert_eq!(answer["unit"]["state"], "reviewed");
    assert_eq!(answer["unit"]["reviewer"], "Test Reviewer");
    let after = sandbox.read("content/fr.toml");
    assert!(after.contains("title = \"Numéros pratiques\"\n"), "the text is written");
    assert!(
        after.contains("\"card.title\" = { state = \"reviewed\", by = \"Test Reviewer\" }\n"),
        "the review is recorded with its reviewer"
    );
    // Only the text and its review changed: comments and order are kept.
    let changed: Vec<&str> =
        after.lines().filter(|line| !file.lines().any(|l| l == *line)).collect();
    assert_eq!(
        changed,
        [
            "title = \"Numéros pratiques\"",
            "# Review state of single texts where it differs from `status`: \"translated\" is not yet",
            "# reviewed, and is marked so on the page; \"reviewed\" with `by`, by whom (written by",
            "# `leafpress strings import` and the preview's review mode).",
            "[review]",
            "\"card.title\" = { state = \"reviewed\", by = \"Test Reviewer\" }",
        ]
    );
    let state = preview.wait_for("fr", |s| s["generation"] != before["generation"] && settled(s));
    assert!(preview.words(&state, "card").contains("Numéros pratiques"));

    // A later edit without approval makes it a translation again, not reviewed.
    let edit = serde_json::json!({ "lang": "fr", "key": "card.title", "text": "Numéros utiles" });
    let reply = post_review(&preview, &headers, &edit);
    assert_eq!(reply.json()["message"], "saved as translated (not reviewed) in fr.toml");
    assert_eq!(sandbox.read("content/fr.toml"), file, "back as it was, byte for byte");
}
