//! Print-shop files a press accepts, read back the way a prepress operator's preflight reads
//! them (with qpdf, from Debian): every colour in CMYK and none in RGB, black text, rules and QR
//! codes in black ink alone, no colour over 300 % ink, and a BleedBox (trim + 3 mm) on every
//! page; still tagged PDF/UA-1 with a language and a title, but no longer PDF/A, which Typst
//! 0.15 cannot give in CMYK. The plain files stay sRGB and PDF/A-2b.
//! PDF/UA-1 is validated with outloud (from PyPI), where it is installed.

mod support;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;

use leafpress::contract;
use serde_json::Value;
use support::Sandbox;

/// The most ink a press lays down in one place: 300 %, as fractions add up here.
const INK_LIMIT: f64 = 3.0;
/// How much black makes a colour black enough that it must be black ink alone.
const BLACK: f64 = 0.8;
/// 3 mm in points.
const BLEED_PT: f64 = 3.0 * 72.0 / 25.4;

#[test]
fn print_shop_files_print_in_cmyk_with_black_in_black_ink_alone_and_a_bleed_box_on_every_page() {
    let sandbox = Sandbox::with_shipped_project();
    sandbox.leafpress(&["build", "--print-shop", "--lang", "en,ar"]).succeeds();
    let files = pdfs_in(&sandbox.path("out"));
    assert_eq!(files.len(), 13, "{files:?}");
    for file in &files {
        let press = PressReading::of(file);
        press.has_only_cmyk_colours();
        press.has_no_rich_black();
        press.stays_within_the_ink_limit();
        press.has_a_bleed_box_around_the_trim_on_every_page();
        press.prints_text_in_black_ink_alone();
    }
    let specification = sandbox.read("out/print-specification.txt");
    assert!(specification.starts_with("PRINT SPECIFICATION\n"), "{specification}");
    for line in [
        "Bleed         3 mm on every side (the BleedBox).",
        "en/pocket-print.pdf\n  105 × 148 mm, 12 pages. A booklet in reading order",
        "ar/card-sheet-print.pdf\n  210 × 297 mm, 2 pages. The same card ten to a sheet",
        "multi/poster-multi-en-ar-print.pdf\n  594 × 841 mm, 1 page. A poster, one side.",
    ] {
        assert!(specification.contains(line), "lacks {line:?}:\n{specification}");
    }
}

#[test]
fn print_shop_qr_codes_are_black_ink_alone() {
    let sandbox = Sandbox::with_shipped_project();
    sandbox.leafpress(&["build", "--print-shop", "--lang", "en", "--layout", "card"]).succeeds();
    let press = PressReading::of(&sandbox.path("out/en/card-print.pdf"));
    // The code is the only shape filled with pure black ink on the card's back.
    assert!(press.fills.contains(&Cmyk([0.0, 0.0, 0.0, 1.0])), "{:?}", press.fills);
    press.has_no_rich_black();
}

#[test]
fn print_shop_files_are_tagged_pdf_ua_with_a_language_and_a_title_but_not_pdf_a() {
    let sandbox = Sandbox::with_shipped_project();
    sandbox
        .leafpress(&["build", "--print-shop", "--lang", "en", "--layout", "pocket,poster"])
        .succeeds();
    for file in ["out/en/pocket-print.pdf", "out/en/poster-print.pdf"] {
        let press = PressReading::of(&sandbox.path(file));
        assert_eq!(press.catalog["/Lang"], "u:en", "{file}");
        assert_eq!(press.catalog["/MarkInfo"]["/Marked"], true, "{file}");
        assert!(press.catalog.get("/StructTreeRoot").is_some(), "{file}");
        assert!(press.metadata.contains("<pdfuaid:part>1</pdfuaid:part>"), "{file}");
        assert!(!press.metadata.contains("pdfaid:part"), "{file}");
        assert!(press.metadata.contains("<dc:title>"), "{file}");
        validates_as_pdf_ua(&sandbox.path(file));
    }
}

#[test]
fn crop_marks_on_pages_and_on_imposed_sheets_have_the_stroke_leafpress_defines() {
    let sandbox = Sandbox::with_shipped_project();
    let args = ["build", "--print-shop", "--lang", "en", "--layout", "card,card-sheet"];
    sandbox.leafpress(&args).succeeds();
    // The theme draws the card's marks; leafpress draws the sheet's, after imposing it. The
    // marks are the only lines in black ink: four corners, two lines each, on every page.
    for file in ["out/en/card-print.pdf", "out/en/card-sheet-print.pdf"] {
        let press = PressReading::of(&sandbox.path(file));
        let widths = &press.black_stroke_widths;
        assert!(widths.len() >= 16, "{file}: {widths:?}");
        let other = widths.iter().find(|w| (**w - contract::MARK_STROKE_PT).abs() > 1e-6);
        assert_eq!(other, None, "{file}: a mark of another stroke");
    }
}

#[test]
fn plain_files_stay_srgb_and_pdf_a() {
    let sandbox = Sandbox::with_shipped_project();
    sandbox.leafpress(&["build", "--lang", "en", "--layout", "card"]).succeeds();
    let plain = PressReading::of(&sandbox.path("out/en/card.pdf"));
    assert!(plain.metadata.contains("<pdfaid:part>2</pdfaid:part>"));
    assert!(plain.fills.is_empty(), "a plain file has CMYK colours: {:?}", plain.fills);
    assert!(plain.colour_spaces.contains("/ICCBased"), "{:?}", plain.colour_spaces);
}

#[test]
fn the_same_print_shop_build_gives_the_same_bytes() {
    let sandbox = Sandbox::with_shipped_project();
    let build = |out: &str| {
        sandbox.leafpress(&["build", "--print-shop", "--lang", "en", "--out", out]).succeeds();
        pdfs_in(&sandbox.path(out)).iter().map(|f| std::fs::read(f).unwrap()).collect::<Vec<_>>()
    };
    assert!(build("one") == build("two"), "two builds of the same files differ");
}

#[test]
fn the_shipped_project_passes_the_press_checks() {
    let sandbox = Sandbox::with_shipped_project();
    let run = sandbox.leafpress(&["check", "--print-shop", "--lang", "en,ar"]);
    run.succeeds().shows("13 documents, 0 errors, 0 warnings");
}

#[test]
fn rich_black_text_is_a_press_error_and_a_coarse_logo_a_warning() {
    let sandbox = Sandbox::with_shipped_project();
    sandbox.edit(
        "layouts/lib/tokens.typ",
        "ink: two-models(rgb(\"#1b2631\"), cmyk(0%, 0%, 0%, 100%))",
        "ink: two-models(rgb(\"#1b2631\"), cmyk(60%, 40%, 40%, 100%))",
    );
    let run = sandbox.leafpress(&["check", "--print-shop", "--lang", "en", "--layout", "card"]);
    run.fails_with(1).reports(&[
        "en/card",
        "  error[press] page 2: text in rich black (C60 M40 Y40 K100): “Emergency”",
        "    hint: set black text in black ink alone: cmyk(0%, 0%, 0%, 100%)",
        "",
        "1 document, 1 error, 0 warnings (checked in",
    ]);
    let sandbox = Sandbox::with_shipped_project();
    let org = support::repository().join("examples/network.toml");
    let org = org.to_str().unwrap();
    let run = sandbox.leafpress(&[
        "check",
        "--print-shop",
        "--lang",
        "en",
        "--layout",
        "poster-multi",
        "--org",
        org,
    ]);
    run.succeeds().reports(&[
        "multi/poster-multi",
        "  warning[press] page 1: a picture prints at 254 pixels per inch, under 300",
        "    hint: give the organisation's logo as SVG, or at least 1134 pixels across",
    ]);
}

/// A page's MediaBox, TrimBox and BleedBox (if any): left, bottom, right, top in points.
type Boxes = ([f64; 4], Option<[f64; 4]>, Option<[f64; 4]>);

/// A CMYK colour as fractions of full ink.
#[derive(Debug, Clone, Copy, PartialEq, PartialOrd)]
struct Cmyk([f64; 4]);

impl Cmyk {
    fn total(self) -> f64 {
        self.0.iter().sum()
    }

    /// Black enough to need black ink alone, but with cyan, magenta or yellow under it.
    fn is_rich_black(self) -> bool {
        self.0[3] >= BLACK && self.0[..3].iter().any(|&c| c > 0.0)
    }
}

/// What a preflight reads from a PDF: its pages' boxes, the colours its content sets, its
/// colour spaces, catalog and XMP metadata.
struct PressReading {
    file: PathBuf,
    /// Each page's MediaBox, TrimBox and BleedBox (if any), in points.
    boxes: Vec<Boxes>,
    /// Every CMYK colour set for filling, and for text in particular, and for stroking.
    fills: Vec<Cmyk>,
    text: Vec<Cmyk>,
    strokes: Vec<Cmyk>,
    /// The line width of every stroke in black ink alone (or the default black), in points.
    black_stroke_widths: Vec<f64>,
    /// Operators that set a colour other than in DeviceCMYK (`rg`, `g`, `cs`, …).
    other_colour_operators: BTreeSet<String>,
    /// Colour space names anywhere in the file's objects.
    colour_spaces: BTreeSet<String>,
    catalog: Value,
    metadata: String,
}

impl PressReading {
    /// Reads `file` with qpdf's JSON output, its streams decoded into a temporary folder.
    fn of(file: &Path) -> Self {
        let dir = tempfile::tempdir().expect("temporary directory");
        let output = Command::new("qpdf")
            .args(["--json=2", "--decode-level=generalized", "--json-stream-data=file"])
            .arg(format!("--json-stream-prefix={}", dir.path().join("s").display()))
            .arg(file)
            .output()
            .expect("qpdf (Debian's qpdf) is installed");
        assert!(output.status.success(), "qpdf failed on {}", file.display());
        let json: Value = serde_json::from_slice(&output.stdout).expect("qpdf writes JSON");
        let objects = &json["qpdf"][1];
        let object =
            |reference: &Value| &objects[format!("obj:{}", reference.as_str().expect("a string"))];
        let stream_text = |value: &Value| {
            let path = value["stream"]["datafile"].as_str().unwrap_or_default();
            String::from_utf8_lossy(&std::fs::read(path).unwrap_or_default()).into_owned()
        };
        let trailer = &objects["trailer"]["value"];
        let catalog = object(&trailer["/Root"])["value"].clone();
        let metadata = stream_text(object(&catalog["/Metadata"]));
        let mut reading = Self {
            file: file.to_path_buf(),
            boxes: Vec::new(),
            fills: Vec::new(),
            text: Vec::new(),
            strokes: Vec::new(),
            black_stroke_widths: Vec::new(),
            other_colour_operators: BTreeSet::new(),
            colour_spaces: BTreeSet::new(),
            catalog,
            metadata,
        };
        for page in json["pages"].as_array().expect("an array") {
            let dict = &object(&page["object"])["value"];
            let four = |key: &str| {
                dict[key].as_array().map(|a| {
                    let n: Vec<f64> = a.iter().map(|v| v.as_f64().expect("a number")).collect();
                    [n[0], n[1], n[2], n[3]]
                })
            };
            reading.boxes.push((
                four("/MediaBox").expect("every page has a MediaBox"),
                four("/TrimBox"),
                four("/BleedBox"),
            ));
            for contents in page["contents"].as_array().expect("an array") {
                reading.read_content(&stream_text(object(contents)));
            }
        }
        for (_, value) in objects.as_object().expect("an object") {
            if value["stream"]["dict"]["/Subtype"] == "/Form" {
                reading.read_content(&stream_text(value));
            }
            reading.collect_colour_spaces(value);
        }
        reading
    }

    /// Follows the colours a content stream sets, and what it fills, strokes and writes.
    fn read_content(&mut self, content: &str) {
        // Until a colour is set, PDF fills and strokes in DeviceGray black: black ink alone.
        let (mut fill, mut stroke): (Option<Cmyk>, Option<Cmyk>) = (None, None);
        // PDF's default line width is 1 pt.
        let mut width = 1.0;
        let mut saved = Vec::new();
        let mut numbers: Vec<f64> = Vec::new();
        for token in tokens(content) {
            if let Ok(n) = token.parse::<f64>() {
                numbers.push(n);
                continue;
            }
            let last4 = || {
                numbers
                    .len()
                    .checked_sub(4)
                    .map(|at| Cmyk(numbers[at..].try_into().expect("four numbers")))
            };
            match token.as_str() {
                "q" => saved.push((fill, stroke, width)),
                "Q" => (fill, stroke, width) = saved.pop().expect("Q after q"),
                "w" => width = *numbers.last().expect("w takes a number"),
                "k" => fill = Some(last4().expect("k takes four numbers")),
                "K" => stroke = Some(last4().expect("K takes four numbers")),
                "rg" | "RG" | "g" | "G" | "cs" | "CS" | "sc" | "SC" | "scn" | "SCN" => {
                    self.other_colour_operators.insert(token);
                }
                "Tj" | "TJ" | "'" | "\"" => self.text.extend(fill),
                "f" | "F" | "f*" => self.fills.extend(fill),
                "S" | "s" => {
                    self.strokes.extend(stroke);
                    if stroke.is_none_or(|c| c == Cmyk([0.0, 0.0, 0.0, 1.0])) {
                        self.black_stroke_widths.push(width);
                    }
                }
                "B" | "B*" | "b" | "b*" => {
                    self.fills.extend(fill);
                    self.strokes.extend(stroke);
                }
                _ => {}
            }
            numbers.clear();
        }
    }

    fn collect_colour_spaces(&mut self, value: &Value) {
        const SPACES: [&str; 7] =
            ["/DeviceRGB", "/DeviceGray", "/ICCBased", "/CalRGB", "/CalGray", "/Lab", "/Indexed"];
        match value {
            Value::String(name) if SPACES.contains(&name.as_str()) => {
                self.colour_spaces.insert(name.clone());
            }
            Value::Array(items) => items.iter().for_each(|v| self.collect_colour_spaces(v)),
            Value::Object(map) => map.values().for_each(|v| self.collect_colour_spaces(v)),
            _ => {}
        }
    }

    fn name(&self) -> String {
        self.file.display().to_string()
    }

    fn all_colours(&self) -> impl Iterator<Item = Cmyk> + '_ {
        self.fills.iter().chain(&self.text).chain(&self.strokes).copied()
    }

    #[track_caller]
    fn has_only_cmyk_colours(&self) {
        assert!(self.colour_spaces.is_empty(), "{}: {:?}", self.name(), self.colour_spaces);
        assert!(
            self.other_colour_operators.is_empty(),
            "{}: {:?}",
            self.name(),
            self.other_colour_operators
        );
        assert!(!self.fills.is_empty(), "{}: no CMYK fills at all", self.name());
    }

    #[track_caller]
    fn has_no_rich_black(&self) {
        let rich: Vec<Cmyk> = self.all_colours().filter(|c| c.is_rich_black()).collect();
        assert!(rich.is_empty(), "{}: rich black {rich:?}", self.name());
    }

    #[track_caller]
    fn prints_text_in_black_ink_alone(&self) {
        let body = self.text.iter().filter(|c| c.0[3] >= BLACK);
        assert!(
            body.clone().any(|c| *c == Cmyk([0.0, 0.0, 0.0, 1.0])),
            "{}: no K100 text",
            self.name()
        );
        let rich: Vec<&Cmyk> = body.filter(|c| c.0[..3] != [0.0; 3]).collect();
        assert!(rich.is_empty(), "{}: black text with other inks: {rich:?}", self.name());
    }

    #[track_caller]
    fn stays_within_the_ink_limit(&self) {
        let over: Vec<Cmyk> = self.all_colours().filter(|c| c.total() > INK_LIMIT + 1e-6).collect();
        assert!(over.is_empty(), "{}: over 300 % ink: {over:?}", self.name());
    }

    #[track_caller]
    fn has_a_bleed_box_around_the_trim_on_every_page(&self) {
        for (i, (media, trim, bleed)) in self.boxes.iter().enumerate() {
            let trim = trim.unwrap_or_else(|| panic!("{} page {}: no TrimBox", self.name(), i + 1));
            let bleed =
                bleed.unwrap_or_else(|| panic!("{} page {}: no BleedBox", self.name(), i + 1));
            let grown =
                [trim[0] - BLEED_PT, trim[1] - BLEED_PT, trim[2] + BLEED_PT, trim[3] + BLEED_PT];
            for side in 0..4 {
                assert!(
                    (bleed[side] - grown[side]).abs() < 0.01,
                    "{} page {}: {bleed:?}",
                    self.name(),
                    i + 1
                );
            }
            assert!(bleed[0] >= media[0] && bleed[3] <= media[3], "{}", self.name());
        }
    }
}

/// The tokens of a content stream, without strings (whose bytes could look like operators)
/// and comments.
fn tokens(content: &str) -> Vec<String> {
    let mut tokens = Vec::new();
    let mut chars = content.chars().peekable();
    let mut word = String::new();
    let flush = |word: &mut String, tokens: &mut Vec<String>| {
        if !word.is_empty() {
            tokens.push(std::mem::take(word));
        }
    };
    while let Some(c) = chars.next() {
        match c {
            '(' => {
                flush(&mut word, &mut tokens);
                let mut depth = 1;
                while let Some(c) = chars.next() {
                    match c {
                        '\\' => {
                            chars.next();
                        }
                        '(' => depth += 1,
                        ')' if depth == 1 => break,
                        ')' => depth -= 1,
                        _ => {}
                    }
                }
            }
            '<' if chars.peek() != Some(&'<') => {
                flush(&mut word, &mut tokens);
                for c in chars.by_ref() {
                    if c == '>' {
                        break;
                    }
                }
            }
            '%' => {
                flush(&mut word, &mut tokens);
                for c in chars.by_ref() {
                    if c == '\n' || c == '\r' {
                        break;
                    }
                }
            }
            '[' | ']' | '/' | '<' | '>' | '{' | '}' => {
                flush(&mut word, &mut tokens);
                if c == '/' {
                    word.push(c);
                }
            }
            c if c.is_whitespace() => flush(&mut word, &mut tokens),
            c => word.push(c),
        }
    }
    flush(&mut word, &mut tokens);
    tokens
}

/// Every PDF under `dir`, sorted.
fn pdfs_in(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).expect("output folder").flatten() {
        let path = entry.path();
        if path.is_dir() {
            files.extend(pdfs_in(&path));
        } else if path.extension().is_some_and(|e| e == "pdf") {
            files.push(path);
        }
    }
    files.sort();
    files
}

/// Validates `file` as PDF/UA-1 with outloud's conformance rules (the Matterhorn Protocol's
/// machine-checkable failure conditions), where outloud is installed.
fn validates_as_pdf_ua(file: &Path) {
    let Ok(output) = Command::new("outloud")
        .args(["--layer", "conformance", "--fail-on", "error", "--no-info"])
        .arg(file)
        .output()
    else {
        eprintln!("skipped: outloud is not installed (pip install outloud)");
        return;
    };
    assert!(
        output.status.success(),
        "{} is not valid PDF/UA-1:\n{}",
        file.display(),
        String::from_utf8_lossy(&output.stdout)
    );
}
