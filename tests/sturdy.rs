//! Nothing crashes, hangs or loses output: a closed pipe, a language named twice, a killed
//! build's leftovers, a layout that never ends, an image too large to decode, clients that
//! stop reading, and files with Windows line endings all end cleanly. Messages are pinned.

mod support;

use std::io::{Read, Write};
use std::net::TcpStream;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use support::{Run, Sandbox, located};

/// Runs `leafpress` in the sandbox with its standard output a pipe whose reader has gone, as
/// in `leafpress status | head -0`.
fn with_closed_stdout(sandbox: &Sandbox, args: &[&str]) -> Run {
    let (reader, writer) = std::io::pipe().expect("a pipe");
    drop(reader);
    let output = Command::new(env!("CARGO_BIN_EXE_leafpress"))
        .args(args)
        .current_dir(sandbox.root())
        .stdout(writer)
        .stderr(Stdio::piped())
        .output()
        .expect("run leafpress");
    Run {
        code: output.status.code().unwrap_or(-1),
        stdout: String::new(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

#[test]
fn a_closed_stdout_ends_the_output_quietly() {
    let sandbox = Sandbox::with_shipped_project();
    for args in [&["status"][..], &["list"], &["check", "--lang", "en", "--layout", "card"]] {
        with_closed_stdout(&sandbox, args).succeeds().says("");
    }
    with_closed_stdout(&sandbox, &["stamp", "fr"]).succeeds();
    with_closed_stdout(&sandbox, &["export-project", "typst", "--lang", "en", "--layout", "card"])
        .succeeds();
}

#[test]
fn a_build_with_a_closed_stdout_writes_every_pdf() {
    let sandbox = Sandbox::with_shipped_project();
    let run =
        with_closed_stdout(&sandbox, &["build", "--lang", "en,fr", "--layout", "card,poster"]);
    run.succeeds();
    for pdf in ["en/card", "en/poster", "fr/card", "fr/poster"] {
        assert!(sandbox.path(&format!("out/{pdf}.pdf")).is_file(), "{pdf}.pdf was not written");
    }
}

#[test]
fn languages_layouts_and_organisations_named_twice_are_made_once() {
    let sandbox = Sandbox::with_shipped_project();
    sandbox.write("clinic.toml", "name = \"Clinic\"\n");
    let run = sandbox.leafpress(&[
        "build",
        "--lang",
        "en,en",
        "--layout",
        "card,card",
        "--org",
        "clinic.toml,./clinic.toml",
    ]);
    run.succeeds().shows("1 of 1 documents built");
    assert!(sandbox.path("out/en/card.pdf").is_file());
    let left: Vec<_> = std::fs::read_dir(sandbox.path("out/en")).expect("out/en").collect();
    assert_eq!(left.len(), 1, "only the PDF is left in out/en");
}

#[test]
fn a_killed_builds_temporary_files_are_removed_by_the_next() {
    let sandbox = Sandbox::with_shipped_project();
    // Process ids above the kernel's maximum (2^22) never run: these writers were killed.
    sandbox.write("out/en/.card.pdf.99999999.tmp", "half a PDF");
    sandbox.write("out/en/.card.pdf.99999998-Ab3xYz.tmp", "half a PDF");
    sandbox.write("out/en/notes.txt", "the user's own file");
    sandbox.leafpress(&["build", "--lang", "en", "--layout", "card"]).succeeds();
    let mut left: Vec<String> = std::fs::read_dir(sandbox.path("out/en"))
        .expect("out/en")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    left.sort();
    assert_eq!(left, ["card.pdf", "notes.txt"]);
}

/// A layout whose loops would run for days; each stays under Typst's own limit of 10,000
/// rounds per loop.
const ENDLESS: &str = "#let n = 0\n#while n < 9999 {\n  let m = 0\n  while m < 9999 {\n    let k = \
                       0\n    while k < 9999 { k += 1 }\n    m += 1\n  }\n  n += 1\n}\n";

#[test]
fn a_layout_that_never_ends_is_stopped_and_the_batch_carries_on() {
    let sandbox = Sandbox::with_shipped_project();
    sandbox.write("layouts/endless.typ", ENDLESS);
    let start = Instant::now();
    let run = sandbox.leafpress(&[
        "build",
        "--lang",
        "en",
        "--layout",
        "endless,card",
        "--timeout",
        "2",
        "--jobs",
        "1",
    ]);
    assert!(start.elapsed() < Duration::from_secs(30), "took {:?}", start.elapsed());
    run.fails_with(1).says_lines(&[
        "error: en/endless took longer than 2 s and was stopped: it may never finish",
        "hint: look in layouts/endless.typ for a loop that never ends; if the document is only \
         slow, give it more time with --timeout SECS",
    ]);
    run.shows(
        "failed  en/endless  was stopped at its time limit; the previous PDF, if any, is \
         unchanged",
    );
    run.shows("built   en/card").shows("1 of 2 documents built");
    assert!(sandbox.path("out/en/card.pdf").is_file());
}

#[test]
fn check_stops_a_layout_that_never_ends() {
    let sandbox = Sandbox::with_shipped_project();
    sandbox.write("layouts/endless.typ", ENDLESS);
    let run =
        sandbox.leafpress(&["check", "--lang", "en", "--layout", "endless", "--timeout", "2"]);
    run.fails_with(1).reports(&[
        "en/endless",
        "  error[layout]: it took longer than 2 s and was stopped: it may never finish",
        "    hint: look in layouts/endless.typ for a loop that never ends; if the document is \
         only slow, give it more time with --timeout SECS",
    ]);
}

#[test]
fn the_preview_shows_a_layout_that_never_ends_and_keeps_serving() {
    let sandbox = Sandbox::with_shipped_project();
    sandbox.write("layouts/endless.typ", ENDLESS);
    let preview = sandbox.preview(&["--lang", "en", "--timeout", "2"]);
    let state = preview.wait_for("en", |state| {
        let layouts = state["layouts"].as_array().expect("layouts");
        layouts.iter().any(|l| l["name"] == "endless" && l["doc"]["error"].is_string())
    });
    let endless =
        state["layouts"].as_array().expect("layouts").iter().find(|l| l["name"] == "endless");
    let error =
        endless.expect("the layout")["doc"]["error"].as_str().expect("an error").to_string();
    assert!(error.starts_with("error: en/endless took longer than 2 s and was stopped"), "{error}");
    assert_eq!(preview.get("/state.json?lang=en").status, 200);
}

/// The signature and header of a PNG of `width` × `height` pixels: all the check reads.
fn png_header(width: u32, height: u32) -> Vec<u8> {
    let mut png = b"\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR".to_vec();
    png.extend(width.to_be_bytes());
    png.extend(height.to_be_bytes());
    png.extend([8, 6, 0, 0, 0, 0, 0, 0, 0]);
    png
}

#[test]
fn a_logo_too_large_to_decode_is_refused_at_load() {
    let sandbox = Sandbox::with_shipped_project();
    sandbox.write("clinic.toml", "name = \"Clinic\"\nlogo = \"huge.png\"\n");
    std::fs::write(sandbox.path("huge.png"), png_header(60_000, 60_000)).expect("write");
    let start = Instant::now();
    let run = sandbox.leafpress(&["build", "--org", "clinic.toml"]);
    let elapsed = start.elapsed();
    run.fails_with(2).says(&located(
        "clinic.toml",
        2,
        8,
        "the logo huge.png is 60000 × 60000 pixels, more than the 100 megapixels an image may \
         have (key `logo`)",
        "logo = \"huge.png\"",
        10,
        "scale it down: 2,000 pixels across is plenty for a logo, even on a poster",
    ));
    assert!(elapsed < Duration::from_secs(5), "refused in {elapsed:?}");
    assert!(!sandbox.path("out").exists(), "nothing is written");
}

#[test]
fn an_image_too_large_in_a_layout_fails_its_document() {
    let sandbox = Sandbox::with_shipped_project();
    std::fs::write(sandbox.path("layouts/huge.png"), png_header(60_000, 60_000)).expect("write");
    sandbox.write("layouts/pictured.typ", "#image(\"huge.png\")\n");
    let run = sandbox.leafpress(&["build", "--lang", "en", "--layout", "pictured"]);
    run.fails_with(1).says_lines(&[
        "error: en/pictured failed to compile",
        "error: failed to load file (the image is 60000 × 60000 pixels, more than the 100 \
         megapixels an image may have; scale it down: 2,000 pixels across is plenty for a logo, \
         even on a poster)",
        "  ┌─ layouts/pictured.typ:1:8",
        "  │",
        "1 │ #image(\"huge.png\")",
        "  │        ^^^^^^^^^^",
    ]);
}

#[test]
fn an_svg_logo_that_refers_to_another_file_is_refused_once_at_load() {
    let sandbox = Sandbox::with_shipped_project();
    sandbox.write("clinic.toml", "name = \"Clinic\"\nlogo = \"logo.svg\"\n");
    let padding = "<!-- a long drawing -->".repeat(10_000);
    sandbox.write(
        "logo.svg",
        &format!(
            "<svg xmlns=\"http://www.w3.org/2000/svg\" \
             xmlns:xlink=\"http://www.w3.org/1999/xlink\">{padding}<image \
             xlink:href=\"photo.png\" width=\"10\" height=\"10\"/></svg>"
        ),
    );
    sandbox.leafpress(&["build", "--org", "clinic.toml"]).fails_with(2).says(&located(
        "clinic.toml",
        2,
        8,
        "the logo logo.svg refers to another file, `photo.png`, which leafpress cannot embed \
         (key `logo`)",
        "logo = \"logo.svg\"",
        10,
        "embed the picture in the SVG (in Inkscape: Extensions → Images → Embed Images), or save \
         the logo as PNG",
    ));
}

#[test]
fn an_exported_build_script_makes_its_folders() {
    let sandbox = Sandbox::with_shipped_project();
    sandbox
        .leafpress(&["export-project", "typst", "--lang", "en,ti", "--layout", "card,poster-multi"])
        .succeeds();
    let script = sandbox.read("typst/build.sh");
    for line in ["mkdir -p 'out/en'", "mkdir -p 'out/multi'", "mkdir -p 'out/ti'"] {
        assert!(script.lines().any(|l| l == line), "build.sh lacks `{line}`:\n{script}");
    }
    // A stand-in for the stock compiler that, like it, writes its output file and makes no
    // folder.
    sandbox.write("bin/typst", "#!/bin/sh\nfor last; do :; done\necho '%PDF-' > \"$last\"\n");
    let fake = sandbox.path("bin/typst");
    std::fs::set_permissions(&fake, std::os::unix::fs::PermissionsExt::from_mode(0o755))
        .expect("make it executable");
    let path =
        format!("{}:{}", sandbox.path("bin").display(), std::env::var("PATH").unwrap_or_default());
    let status = Command::new("sh")
        .arg(sandbox.path("typst/build.sh"))
        .env("PATH", path)
        .env_remove("TYPST")
        .status()
        .expect("run build.sh");
    assert!(status.success(), "build.sh failed on a fresh export");
    for pdf in ["out/en/card.pdf", "out/ti/card.pdf", "out/multi/poster-multi-en-ti.pdf"] {
        assert!(sandbox.path("typst").join(pdf).is_file(), "{pdf} was not made");
    }
}

#[test]
fn stamp_keeps_line_endings_a_byte_order_mark_and_comments() {
    let sandbox = Sandbox::with_shipped_project();
    sandbox.edit("content/en.toml", "scan = \"Scan for more information\"", "scan = \"Scan me\"");
    let unix = sandbox.read("content/fr.toml").replace(
        "\"ui.scan\" = \"ae802dae\"",
        "# checked by Marie\n\"ui.scan\" = \"ae802dae\" # first stamp",
    );
    let windows = format!("\u{feff}{}", unix.replace('\n', "\r\n"));
    sandbox.write("content/fr.toml", &windows);
    sandbox.leafpress(&["stamp", "fr", "ui.scan"]).succeeds();
    let stamped = std::fs::read(sandbox.path("content/fr.toml")).expect("fr.toml");
    let expected = windows.replace("\"ae802dae\" # first stamp", "\"4819335e\" # first stamp");
    assert_eq!(String::from_utf8_lossy(&stamped), expected);
}

/// Opens a connection and asks, thirty times in a row, for a font it will never read: about
/// 10 MB, far more than the connection's buffers hold. (Before the preview had write timeouts
/// and writer threads, eight of these kept every other client waiting for ever.)
fn stalled_client(address: &str) -> TcpStream {
    let mut stream = TcpStream::connect(address).expect("connect");
    let request = format!("GET /font/ethiopic.ttf HTTP/1.1\r\nHost: {address}\r\n\r\n");
    stream.write_all(request.repeat(30).as_bytes()).expect("send");
    stream
}

#[test]
fn clients_that_stop_reading_do_not_block_the_others() {
    let sandbox = Sandbox::with_shipped_project();
    let preview = sandbox.preview(&["--lang", "en"]);
    let stalled: Vec<TcpStream> = (0..8).map(|_| stalled_client(&preview.address)).collect();
    std::thread::sleep(Duration::from_millis(500));
    let start = Instant::now();
    let mut stream = TcpStream::connect(&preview.address).expect("connect");
    stream.set_read_timeout(Some(Duration::from_secs(20))).expect("timeout");
    write!(stream, "GET /state.json HTTP/1.0\r\nHost: {}\r\n\r\n", preview.address).expect("send");
    let mut answer = String::new();
    stream.read_to_string(&mut answer).expect("an answer");
    assert!(answer.starts_with("HTTP/1.0 200 OK"), "{answer}");
    assert!(start.elapsed() < Duration::from_secs(2), "answered in {:?}", start.elapsed());
    drop(stalled);
}

/// Opens a connection, sends `sent` (half a request, or nothing) and never sends the rest.
fn half_request(address: &str, sent: &str) -> TcpStream {
    let mut stream = TcpStream::connect(address).expect("connect");
    stream.write_all(sent.as_bytes()).expect("send");
    stream
}

#[test]
fn clients_that_send_half_a_request_do_not_block_the_others() {
    let sandbox = Sandbox::with_shipped_project();
    let preview = sandbox.preview(&["--lang", "en"]);
    let halves = ["", "GET / HT", "GET / HTTP/1.1\r\nHost: localhost\r\n"];
    let stalled: Vec<TcpStream> =
        (0..12).map(|i| half_request(&preview.address, halves[i % halves.len()])).collect();
    std::thread::sleep(Duration::from_millis(500));
    let start = Instant::now();
    let page = preview.get("/");
    assert_eq!(page.status, 200, "{}", page.headers);
    assert!(start.elapsed() < Duration::from_secs(2), "answered in {:?}", start.elapsed());
    drop(stalled);
}
