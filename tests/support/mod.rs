//! Test helpers that read like sentences: a sandbox holding a copy of the shipped project,
//! edits to its files, runs of the real binary, and what a print shop would see in a PDF.

#![allow(dead_code, reason = "each test file uses a different subset of the helpers")]

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

/// A temporary project directory, starting as a copy of this repository's project.
pub struct Sandbox {
    dir: tempfile::TempDir,
}

/// The repository's own project directory.
pub fn repository() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

impl Sandbox {
    /// A copy of the shipped content and layouts, with the bundled fonts linked in.
    pub fn with_shipped_project() -> Self {
        let dir = tempfile::tempdir().expect("temporary directory");
        copy_dir(&repository().join("content"), &dir.path().join("content"));
        copy_dir(&repository().join("layouts"), &dir.path().join("layouts"));
        std::os::unix::fs::symlink(repository().join("fonts"), dir.path().join("fonts"))
            .expect("link fonts");
        Self { dir }
    }

    /// The sandbox directory.
    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    /// A path inside the sandbox.
    pub fn path(&self, relative: &str) -> PathBuf {
        self.dir.path().join(relative)
    }

    /// Reads a file of the sandbox.
    pub fn read(&self, relative: &str) -> String {
        fs::read_to_string(self.path(relative)).expect("readable file")
    }

    /// Replaces a file's contents.
    pub fn write(&self, relative: &str, text: &str) -> &Self {
        let path = self.path(relative);
        fs::create_dir_all(path.parent().expect("parent")).expect("create dir");
        fs::write(path, text).expect("write file");
        self
    }

    /// Replaces the one occurrence of `from` in a file with `to`.
    pub fn edit(&self, relative: &str, from: &str, to: &str) -> &Self {
        let text = self.read(relative);
        assert_eq!(text.matches(from).count(), 1, "`{from}` must occur once in {relative}");
        self.write(relative, &text.replacen(from, to, 1))
    }

    /// Replaces the one line of a file that starts with `prefix`, returning its line number, so
    /// that tests pin messages without depending on where the shipped content puts a text.
    pub fn replace_line(&self, relative: &str, prefix: &str, new_line: &str) -> usize {
        let text = self.read(relative);
        let matches: Vec<usize> = text
            .lines()
            .enumerate()
            .filter(|(_, l)| l.starts_with(prefix))
            .map(|(i, _)| i)
            .collect();
        assert_eq!(matches.len(), 1, "one line of {relative} starts with `{prefix}`");
        let mut lines: Vec<&str> = text.lines().collect();
        lines[matches[0]] = new_line;
        self.write(relative, &(lines.join("\n") + "\n"));
        matches[0] + 1
    }

    /// The language codes in content/, sorted.
    pub fn languages(&self) -> Vec<String> {
        let mut codes: Vec<String> = fs::read_dir(self.path("content"))
            .expect("content dir")
            .filter_map(|e| e.ok()?.path().file_stem()?.to_str().map(String::from))
            .filter(|stem| stem != "services" && stem != "regions")
            .collect();
        codes.sort();
        codes
    }

    /// Runs `leafpress` with `args`, in the sandbox.
    pub fn leafpress(&self, args: &[&str]) -> Run {
        let output = Command::new(env!("CARGO_BIN_EXE_leafpress"))
            .args(args)
            .current_dir(self.root())
            .env_remove("SOURCE_DATE_EPOCH")
            .output()
            .expect("run leafpress");
        Run {
            code: output.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        }
    }
}

impl Sandbox {
    /// Builds the English `layouts` (with `args`), breaks the project with `mutate`, and builds
    /// again: exactly the documents in `failing` are refused (exit 1) and their good PDFs kept
    /// byte for byte, and every other layout is built again or unchanged, never refused. The
    /// second run is returned, for its messages.
    #[track_caller]
    pub fn refuses_after(
        &self,
        layouts: &str,
        args: &[&str],
        failing: &[&str],
        mutate: impl Fn(&Sandbox),
    ) -> Run {
        let mut build = vec!["build", "--lang", "en", "--layout", layouts];
        build.extend_from_slice(args);
        self.leafpress(&build).succeeds();
        let pdf = |layout: &str| self.path(&format!("out/en/{layout}.pdf"));
        let good: Vec<Vec<u8>> =
            failing.iter().map(|l| fs::read(pdf(l)).expect("a first, good build")).collect();
        mutate(self);
        let run = self.leafpress(&build);
        run.fails_with(1);
        for (layout, good) in failing.iter().zip(&good) {
            run.shows(&format!("failed  en/{layout} "));
            let kept = fs::read(pdf(layout)).expect("the good PDF");
            assert!(&kept == good, "the good PDF of {layout} is not replaced");
        }
        for other in layouts.split(',').filter(|l| !failing.contains(l)) {
            let made = run.stdout.contains(&format!("built   en/{other} "));
            let kept = run.stdout.contains(&format!("unchanged en/{other}\n"));
            assert!(made || kept, "en/{other} is refused too:\n{}", run.stdout);
        }
        run
    }
}

fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).expect("create dir");
    for entry in fs::read_dir(from).expect("read dir") {
        let path = entry.expect("entry").path();
        let target = to.join(path.file_name().expect("name"));
        if path.is_dir() {
            copy_dir(&path, &target);
        } else {
            fs::copy(&path, &target).expect("copy file");
        }
    }
}

/// The result of running the binary.
#[derive(Debug)]
pub struct Run {
    /// Exit code.
    pub code: i32,
    /// Standard output.
    pub stdout: String,
    /// Standard error.
    pub stderr: String,
}

impl Run {
    /// Asserts exit code 0.
    #[track_caller]
    pub fn succeeds(&self) -> &Self {
        assert_eq!(
            self.code, 0,
            "expected success\nstdout:\n{}\nstderr:\n{}",
            self.stdout, self.stderr
        );
        self
    }

    /// Asserts the given exit code.
    #[track_caller]
    pub fn fails_with(&self, code: i32) -> &Self {
        assert_eq!(
            self.code, code,
            "wrong exit code\nstdout:\n{}\nstderr:\n{}",
            self.stdout, self.stderr
        );
        self
    }

    /// Asserts that standard error is exactly `expected` (plus a final newline).
    #[track_caller]
    pub fn says(&self, expected: &str) -> &Self {
        assert_eq!(self.stderr.trim_end(), expected.trim_end());
        self
    }

    /// Asserts that standard error is exactly these lines.
    #[track_caller]
    pub fn says_lines(&self, lines: &[&str]) -> &Self {
        self.says(&lines.join("\n"))
    }

    /// Asserts that standard output starts with these lines (a report ends with a timing).
    #[track_caller]
    pub fn reports(&self, lines: &[&str]) -> &Self {
        let expected = lines.join("\n");
        assert!(
            self.stdout.starts_with(&expected),
            "stdout is not\n{expected}\nbut\n{}",
            self.stdout
        );
        self
    }

    /// Asserts that standard output contains `part`.
    #[track_caller]
    pub fn shows(&self, part: &str) -> &Self {
        assert!(self.stdout.contains(part), "stdout lacks `{part}`:\n{}", self.stdout);
        self
    }

    /// Asserts that standard error contains `part`.
    #[track_caller]
    pub fn mentions(&self, part: &str) -> &Self {
        assert!(self.stderr.contains(part), "stderr lacks `{part}`:\n{}", self.stderr);
        self
    }
}

/// The text poppler extracts from a PDF, with runs of white space collapsed to one space.
pub fn pdf_text(path: &Path) -> String {
    let output = Command::new("pdftotext")
        .arg(path)
        .arg("-")
        .output()
        .expect("pdftotext (Debian's poppler-utils) is installed");
    assert!(output.status.success(), "pdftotext failed on {}", path.display());
    String::from_utf8_lossy(&output.stdout).split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The text of each page of a PDF, as poppler extracts it (pages end with a form feed).
pub fn pdf_pages(path: &Path) -> Vec<String> {
    let output = Command::new("pdftotext")
        .arg(path)
        .arg("-")
        .output()
        .expect("pdftotext (Debian's poppler-utils) is installed");
    let text = String::from_utf8_lossy(&output.stdout);
    let mut pages: Vec<String> = text.split('\u{c}').map(String::from).collect();
    // The last form feed ends the last page; what follows it is no page.
    if pages.last().is_some_and(|p| p.trim().is_empty()) {
        pages.pop();
    }
    pages
}

/// The size of every page of a PDF in millimetres, read by poppler from the MediaBox and TrimBox.
pub fn page_boxes(path: &Path) -> Vec<PageBoxes> {
    let output = Command::new("pdfinfo")
        .args(["-box", "-f", "1", "-l", "9999"])
        .arg(path)
        .output()
        .expect("pdfinfo (Debian's poppler-utils) is installed");
    let text = String::from_utf8_lossy(&output.stdout);
    let mut pages = Vec::new();
    for line in text.lines() {
        let Some((label, numbers)) = line.split_once("Box:") else { continue };
        let values: Vec<f64> = numbers.split_whitespace().filter_map(|v| v.parse().ok()).collect();
        let size = ((values[2] - values[0]) * 25.4 / 72.0, (values[3] - values[1]) * 25.4 / 72.0);
        if label.ends_with("Media") {
            pages.push(PageBoxes { media: size, trim: size });
        } else if label.ends_with("Trim") {
            pages.last_mut().expect("MediaBox first").trim = size;
        }
    }
    pages
}

/// A page's MediaBox and TrimBox, width × height in millimetres.
#[derive(Debug, Clone, Copy)]
pub struct PageBoxes {
    /// The MediaBox.
    pub media: (f64, f64),
    /// The TrimBox.
    pub trim: (f64, f64),
}

/// Asserts that two sizes in millimetres agree to a hundredth of a millimetre.
#[track_caller]
pub fn assert_size(actual: (f64, f64), expected: (f64, f64)) {
    let close = |a: f64, b: f64| (a - b).abs() < 0.01;
    assert!(
        close(actual.0, expected.0) && close(actual.1, expected.1),
        "{actual:?} ≠ {expected:?} mm"
    );
}

/// The way leafpress shows an error at a place in a file: `path:line:col: error: message`, the
/// line with a caret under the problem, and a hint.
pub fn located(
    path: &str,
    line: usize,
    column: usize,
    message: &str,
    source: &str,
    width: usize,
    hint: &str,
) -> String {
    let gutter = " ".repeat(line.to_string().len());
    let pad = " ".repeat(column - 1);
    format!(
        "{path}:{line}:{column}: error: {message}\n{gutter} |\n{line} | {source}\n{gutter} | {pad}{}\nhint: {hint}",
        "^".repeat(width)
    )
}

/// A word on a PDF page and where it starts, in millimetres from the top left of the page.
#[derive(Debug, Clone)]
pub struct Word {
    /// One-based page number.
    pub page: usize,
    /// Left edge.
    pub x: f64,
    /// Top edge.
    pub y: f64,
    /// Height of its box.
    pub height: f64,
    /// The word.
    pub text: String,
}

/// Every word of a PDF with its position, as `pdftotext -bbox` reports it.
pub fn words(path: &Path) -> Vec<Word> {
    let output = Command::new("pdftotext")
        .arg("-bbox")
        .arg(path)
        .arg("-")
        .output()
        .expect("pdftotext runs (install poppler-utils)");
    let html = String::from_utf8_lossy(&output.stdout);
    let attribute = |line: &str, name: &str| -> f64 {
        let start = line.find(&format!("{name}=\"")).expect("attribute") + name.len() + 2;
        let end = start + line[start..].find('"').expect("closing quote");
        line[start..end].parse::<f64>().expect("number") * 25.4 / 72.0
    };
    let mut page = 0;
    let mut found = Vec::new();
    for line in html.lines().map(str::trim) {
        if line.starts_with("<page ") {
            page += 1;
        } else if let Some(rest) = line.strip_prefix("<word ") {
            let text = rest.split('>').nth(1).and_then(|t| t.split('<').next()).unwrap_or("");
            found.push(Word {
                page,
                x: attribute(line, "xMin"),
                y: attribute(line, "yMin"),
                height: attribute(line, "yMax") - attribute(line, "yMin"),
                text: text.to_string(),
            });
        }
    }
    found
}

/// Where a phrase is: the first run of consecutive words on one line that spell it, forwards
/// or (as pdftotext may give a right-to-left line) backwards. Returns its leftmost word.
pub fn find_phrase<'a>(words: &'a [Word], phrase: &str) -> Option<&'a Word> {
    let wanted: Vec<&str> = phrase.split_whitespace().collect();
    words.windows(wanted.len()).find_map(|run| {
        let one_line = run.iter().all(|w| w.page == run[0].page && (w.y - run[0].y).abs() < 1.0);
        let forwards = run.iter().zip(&wanted).all(|(w, want)| w.text == *want);
        let backwards = run.iter().rev().zip(&wanted).all(|(w, want)| w.text == *want);
        let leftmost = run.iter().min_by(|a, b| a.x.total_cmp(&b.x));
        (one_line && (forwards || backwards)).then_some(leftmost).flatten()
    })
}

/// The tallest occurrence of `text` on a page: in a title, rather than in the body text.
pub fn tallest<'a>(words: &'a [Word], page: usize, text: &str) -> Option<&'a Word> {
    let on_page = words.iter().filter(|w| w.page == page && w.text == text);
    on_page.max_by(|a, b| a.height.total_cmp(&b.height))
}

/// A running `leafpress preview`, stopped when dropped.
pub struct Preview {
    child: std::process::Child,
    /// Where it listens, such as `127.0.0.1:40123`.
    pub address: String,
}

/// An answer from the preview's server.
#[derive(Debug)]
pub struct Reply {
    /// The HTTP status code.
    pub status: u16,
    /// The header lines, as sent.
    pub headers: String,
    /// The body.
    pub body: Vec<u8>,
}

impl Reply {
    /// The body as text.
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    /// The body as JSON.
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body).expect("a JSON body")
    }
}

impl Sandbox {
    /// Starts `leafpress preview` on a free port with `args`, once it has printed its address.
    pub fn preview(&self, args: &[&str]) -> Preview {
        use std::io::BufRead;
        let mut child = Command::new(env!("CARGO_BIN_EXE_leafpress"))
            .args(["preview", "--port", "0"])
            .args(args)
            .current_dir(self.root())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::null())
            .spawn()
            .expect("start leafpress preview");
        let stdout = child.stdout.take().expect("its output");
        let mut lines = std::io::BufReader::new(stdout).lines();
        let first = lines.next().and_then(|line| line.ok()).unwrap_or_default();
        // Later lines go nowhere, so that the preview never blocks on a full pipe.
        std::thread::spawn(move || lines.for_each(drop));
        let address = first
            .split("http://")
            .nth(1)
            .and_then(|rest| rest.split('/').next())
            .unwrap_or_else(|| panic!("the preview prints its address, not `{first}`"))
            .to_string();
        Preview { child, address }
    }
}

impl Preview {
    /// Sends `GET path` exactly as written (no normalising of `..`), and reads the answer.
    pub fn get(&self, path: &str) -> Reply {
        self.request(&format!("GET {path} HTTP/1.0\r\nHost: {}\r\n", self.address))
    }

    /// Sends a request with these first lines (method, path, headers) and reads the answer.
    /// Ask with HTTP/1.0, so that the answer comes whole rather than in chunks.
    pub fn request(&self, head: &str) -> Reply {
        self.request_with_body(&format!("{head}Connection: close\r\n\r\n"))
    }

    /// Sends a whole request as written (its head, a blank line and its body), and reads the
    /// answer.
    pub fn request_with_body(&self, request: &str) -> Reply {
        use std::io::{Read, Write};
        let mut stream = std::net::TcpStream::connect(&self.address).expect("connect");
        stream.set_read_timeout(Some(std::time::Duration::from_secs(60))).expect("timeout");
        stream.write_all(request.as_bytes()).expect("send");
        let mut answer = Vec::new();
        stream.read_to_end(&mut answer).expect("read the answer");
        let split = answer.windows(4).position(|w| w == b"\r\n\r\n").expect("a header");
        let headers = String::from_utf8_lossy(&answer[..split]).into_owned();
        let status = headers.split(' ').nth(1).and_then(|s| s.parse().ok()).expect("a status");
        Reply { status, headers, body: answer[split + 4..].to_vec() }
    }

    /// The state the page shows for `lang`.
    pub fn state(&self, lang: &str) -> serde_json::Value {
        let reply = self.get(&format!("/state.json?lang={lang}"));
        assert_eq!(reply.status, 200, "state.json: {}", reply.text());
        reply.json()
    }

    /// The state for `lang` while the page shows `layout`, which the preview then lays out
    /// first.
    pub fn state_showing(&self, lang: &str, layout: &str) -> serde_json::Value {
        let reply = self.get(&format!("/state.json?lang={lang}&layout={layout}"));
        assert_eq!(reply.status, 200, "state.json: {}", reply.text());
        reply.json()
    }

    /// Waits (up to a minute) until the state for `lang` satisfies `ready`, and returns it.
    #[track_caller]
    pub fn wait_for(
        &self,
        lang: &str,
        ready: impl Fn(&serde_json::Value) -> bool,
    ) -> serde_json::Value {
        let start = std::time::Instant::now();
        loop {
            let state = self.state(lang);
            if ready(&state) {
                return state;
            }
            assert!(start.elapsed().as_secs() < 60, "the preview never got there: {state:#}");
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
    }

    /// The words on every page of a document (`fr/pocket`), from the text layers.
    pub fn words(&self, state: &serde_json::Value, layout: &str) -> String {
        let doc = &state["layouts"]
            .as_array()
            .expect("layouts")
            .iter()
            .find(|l| l["name"] == layout)
            .expect("the layout")["doc"];
        let mut words = String::new();
        for page in doc["pages"].as_array().expect("pages") {
            let layer = self.get(page["text"].as_str().expect("a text address")).json();
            for run in layer["runs"].as_array().expect("runs") {
                words.push_str(run[3].as_str().unwrap_or(""));
                words.push(' ');
            }
        }
        words
    }
}

/// The preview's stream of server-sent events, read as they come.
pub struct Events {
    lines: std::io::Lines<std::io::BufReader<std::net::TcpStream>>,
}

impl Preview {
    /// Opens the event stream, past the event it sends on connecting.
    pub fn events(&self) -> Events {
        use std::io::{BufRead, Write};
        let mut stream = std::net::TcpStream::connect(&self.address).expect("connect");
        stream.set_read_timeout(Some(std::time::Duration::from_secs(60))).expect("timeout");
        write!(stream, "GET /events HTTP/1.1\r\nHost: {}\r\n\r\n", self.address).expect("send");
        let mut events = Events { lines: std::io::BufReader::new(stream).lines() };
        events.next_event();
        events
    }
}

impl Events {
    /// Waits for the next event and returns its data.
    pub fn next_event(&mut self) -> String {
        loop {
            let line = self.lines.next().expect("the stream stays open").expect("an event in time");
            if let Some(data) = line.strip_prefix("data: ") {
                return data.to_string();
            }
        }
    }
}

/// Whether every layout of the state has its pages, no round is under way, and the checks are
/// done.
pub fn settled(state: &serde_json::Value) -> bool {
    let has_pages =
        |doc: &serde_json::Value| doc["pages"].as_array().is_some_and(|p| !p.is_empty());
    let beside_english = state["lang"] != state["source"];
    let layouts = state["layouts"].as_array().expect("layouts");
    let laid_out = layouts.iter().all(|l| {
        has_pages(&l["doc"]) && (l["multi"] == true || !beside_english || has_pages(&l["source"]))
    });
    laid_out && state["updating"] == false && state["checking"] == false
}

impl Drop for Preview {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
