//! The preview's web server. It answers a fixed set of routes and nothing else:
//!
//! | route                              | what                                                 |
//! |------------------------------------|------------------------------------------------------|
//! | `/`, `/preview.js`, `/preview.css` | the page, built into the program                     |
//! | `/events`                          | server-sent events: `state` at every publication     |
//! | `/state.json?lang=ti`              | languages, layouts, pages and problems for `ti`      |
//! | `/page/<folder>/<layout>/<n>.svg`  | page `n` of a document as an image                   |
//! | `/text/<folder>/<layout>/<n>.json` | the words on that page and where they are            |
//! | `/pdf/<folder>/<layout>.pdf`       | the PDF, made on request if the checks pass          |
//! | `/unit.json`, `POST /review`       | the review mode's text and write (see [`review`])    |
//!
//! `<folder>` is a language code, or `multi` for the layouts that carry every language. Path
//! segments are only ever looked up among the documents laid out, never joined to a file path,
//! so no request reaches the file system. Anything else is a 404. Bound to loopback, the
//! server also refuses requests for another host name, which keeps web pages elsewhere from
//! reaching it through DNS rebinding. The one route that writes, `POST /review`, also refuses
//! other sites and any request without the session's token (403).

use std::io::Write;
use std::net::{IpAddr, SocketAddr};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::thread;
use std::time::Duration;

use serde_json::{Value, json};
use tiny_http::{Header, Method, Request, Response};
use typst::text::{FontVariant, FontWeight};

use super::writers::{self, Writers};
use super::{Doc, DocKey, Focus, Hub, State, pages, review};
use crate::batch::STACK_SIZE;
use crate::checks::{self, Diagnostic};
use crate::deadline::{self, Stopped};
use crate::error::{Error, Result};
use crate::make::{self, Made};

/// The page and its script and style, built into the program.
const INDEX: &str = include_str!("assets/index.html");
const SCRIPT: &str = include_str!("assets/preview.js");
const STYLE: &str = include_str!("assets/preview.css");

/// Threads answering requests: page images come in bursts, and a PDF takes a while to make.
const WORKERS: usize = 4;

/// Open event streams at most, each holding a thread.
const MAX_STREAMS: usize = 64;

/// How often an idle event stream sends a comment, which also notices a closed tab.
const KEEP_ALIVE: Duration = Duration::from_secs(15);

/// A running server.
pub struct Running {
    /// Where it listens.
    pub address: SocketAddr,
}

/// Listens on `bind`:`port` (a free port when `port` is 0) and answers on worker threads.
pub fn start(hub: Arc<Hub>, bind: IpAddr, port: u16) -> Result<Running> {
    let cannot = |reason: String| Error::Usage {
        message: format!("cannot listen on {}: {reason}", SocketAddr::new(bind, port)),
        hint: "another program may be using the port: pass --port with another number, such \
               as --port 8041, or --port 0 for any free port"
            .into(),
    };
    let listener = std::net::TcpListener::bind(SocketAddr::new(bind, port))
        .map_err(|error| cannot(error.to_string()))?;
    // Connections inherit the listener's send timeout: tiny_http gives no other way to set it.
    writers::set_send_timeout(&listener, writers::WRITE_TIMEOUT)
        .map_err(|error| cannot(error.to_string()))?;
    let server = tiny_http::Server::from_listener(listener, None)
        .map_err(|error| cannot(error.to_string()))?;
    let address = server.server_addr().to_ip().ok_or_else(|| cannot("not an IP address".into()))?;
    let server = Arc::new(server);
    let streams = Arc::new(AtomicUsize::new(0));
    let writers = Writers::start();
    for _ in 0..WORKERS {
        let (server, hub, streams) = (server.clone(), hub.clone(), streams.clone());
        let writers = writers.clone();
        // A PDF is laid out and exported on the thread that answers for it, which needs the
        // stack a batch worker gets.
        let spawned = thread::Builder::new().stack_size(STACK_SIZE).spawn(move || {
            while let Ok(request) = server.recv() {
                // A request that panics gets no answer, and the worker carries on.
                let _ = catch_unwind(AssertUnwindSafe(|| {
                    handle(&hub, address, (&streams, &writers), request);
                }));
            }
        });
        spawned.map_err(|error| cannot(format!("no thread to answer on: {error}")))?;
    }
    if !address.ip().is_loopback() {
        crate::errln!(
            "warning: the preview answers on {address}, where other computers can reach it, and \
             shows your unpublished texts to them\nhint: leave out --bind to answer on this \
             computer only"
        );
    }
    Ok(Running { address })
}

/// An answer to a request.
pub(super) struct Reply {
    status: u16,
    content_type: &'static str,
    body: Vec<u8>,
    headers: Vec<(&'static str, String)>,
}

impl Reply {
    /// A 200 answer with this body.
    pub(super) fn ok(content_type: &'static str, body: impl Into<Vec<u8>>) -> Self {
        Self { status: 200, content_type, body: body.into(), headers: Vec::new() }
    }

    /// A 200 answer with this JSON.
    pub(super) fn json(value: &Value) -> Self {
        Self::ok("application/json", value.to_string())
    }

    /// The same answer with another status.
    pub(super) fn status(self, status: u16) -> Self {
        Self { status, ..self }
    }

    /// A 503 answer: too busy to answer this request now.
    pub(super) fn busy() -> Self {
        Self { status: 503, ..Self::ok("text/plain; charset=utf-8", "busy: try again\n") }
    }

    fn not_found() -> Self {
        let body = "not found: the preview answers only its own routes\n";
        Self { status: 404, ..Self::ok("text/plain; charset=utf-8", body) }
    }

    fn header(mut self, name: &'static str, value: impl Into<String>) -> Self {
        self.headers.push((name, value.into()));
        self
    }

    /// The answer as tiny_http sends it, with the headers every answer carries.
    pub(super) fn into_response(self) -> Response<std::io::Cursor<Vec<u8>>> {
        let mut response = Response::from_data(self.body).with_status_code(self.status);
        let fixed = [
            ("Content-Type", self.content_type.to_string()),
            ("Cache-Control", "no-cache".to_string()),
            ("X-Content-Type-Options", "nosniff".to_string()),
            ("Referrer-Policy", "no-referrer".to_string()),
        ];
        for (name, value) in fixed.into_iter().chain(self.headers) {
            if let Ok(header) = Header::from_bytes(name.as_bytes(), value.as_bytes()) {
                response.add_header(header);
            }
        }
        response
    }
}

/// The count of event streams open, and the writer threads.
type Counts<'a> = (&'a Arc<AtomicUsize>, &'a Arc<Writers>);

/// Answers one request.
fn handle(hub: &Arc<Hub>, address: SocketAddr, (streams, writers): Counts, mut request: Request) {
    if *request.method() == Method::Post && request.url() == "/review" {
        let reply = review::write(hub, address, &mut request);
        return writers::send(request, reply, writers);
    }
    let allowed = matches!(request.method(), Method::Get | Method::Head)
        && host_allowed(&request, address)
        && same_site(&request);
    let url = request.url().to_string();
    let (path, query) = url.split_once('?').unwrap_or((&url, ""));
    if allowed && path == "/events" {
        return events(hub.clone(), (*streams).clone(), request);
    }
    let etag = header(&request, "If-None-Match");
    let reply = if allowed { route(hub, path, query, etag.as_deref()) } else { Reply::not_found() };
    writers::send(request, reply, writers);
}

/// Whether the request names this server: on loopback, only as localhost or its address.
pub(super) fn host_allowed(request: &Request, address: SocketAddr) -> bool {
    if !address.ip().is_loopback() {
        return true;
    }
    let port = address.port();
    let Some(host) = header(request, "Host") else { return false };
    [
        format!("127.0.0.1:{port}"),
        format!("localhost:{port}"),
        format!("[::1]:{port}"),
        address.to_string(),
    ]
    .contains(&host.to_ascii_lowercase())
}

/// Whether the request comes from the preview's own page, or straight from the user (an
/// address typed or a link opened). Another site open in the browser may not make the preview
/// lay out documents or switch languages; browsers say where a request comes from in
/// `Sec-Fetch-Site`, and older ones in `Origin`.
fn same_site(request: &Request) -> bool {
    let site = header(request, "Sec-Fetch-Site");
    if let Some(site) = site {
        return matches!(site.as_str(), "same-origin" | "none");
    }
    let origin = header(request, "Origin");
    let host = header(request, "Host");
    match (origin, host) {
        (Some(origin), Some(host)) => origin.strip_prefix("http://") == Some(host.as_str()),
        (Some(_), None) => false,
        (None, _) => true,
    }
}

/// The value of header `name`, if the request has it.
pub(super) fn header(request: &Request, name: &'static str) -> Option<String> {
    let found = request.headers().iter().find(|h| h.field.equiv(name));
    found.map(|h| h.value.as_str().to_string())
}

/// Finds the route for `path`; every segment is compared with known names only.
fn route(hub: &Hub, path: &str, query: &str, etag: Option<&str>) -> Reply {
    let segments: Vec<&str> = path.split('/').skip(1).collect();
    match segments.as_slice() {
        [""] => Reply::ok("text/html; charset=utf-8", hub.review.page(INDEX)).header(
            "Content-Security-Policy",
            "default-src 'self'; img-src 'self'; frame-ancestors 'none'; base-uri 'none'",
        ),
        ["preview.js"] => Reply::ok("text/javascript; charset=utf-8", SCRIPT),
        ["preview.css"] => Reply::ok("text/css; charset=utf-8", STYLE),
        ["state.json"] => state(hub, query),
        ["unit.json"] => review::unit(hub, query),
        ["font", file] => font(hub, file),
        ["page", folder, layout, file] => match number(file, ".svg") {
            Some(n) => page(hub, key(folder, layout), n, etag),
            None => Reply::not_found(),
        },
        ["text", folder, layout, file] => match number(file, ".json") {
            Some(n) => text(hub, key(folder, layout), n),
            None => Reply::not_found(),
        },
        ["pdf", folder, file] => match file.strip_suffix(".pdf") {
            Some(layout) => pdf(hub, key(folder, layout)),
            None => Reply::not_found(),
        },
        _ => Reply::not_found(),
    }
}

fn key(folder: &str, layout: &str) -> DocKey {
    DocKey { folder: folder.to_string(), layout: layout.to_string() }
}

/// The page number in a file name such as `3.svg`, from 1.
fn number(file: &str, extension: &str) -> Option<usize> {
    let digits = file.strip_suffix(extension)?;
    let all_digits = !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit());
    all_digits.then(|| digits.parse().ok()).flatten().filter(|n| *n >= 1)
}

/// Page `n` of a document as SVG; its hash is its ETag, so an unchanged page is not sent again.
fn page(hub: &Hub, key: DocKey, n: usize, etag: Option<&str>) -> Reply {
    let found = {
        let state = hub.state();
        let doc = state.docs.get(&key);
        doc.and_then(|d| Some((d.pages.get(n - 1)?.clone(), *d.hashes.get(n - 1)?)))
    };
    let Some((page, hash)) = found else { return Reply::not_found() };
    let tag = format!("\"{hash:032x}\"");
    if etag == Some(tag.as_str()) {
        return Reply { status: 304, ..Reply::ok("image/svg+xml", Vec::new()) }.header("ETag", tag);
    }
    let svg = pages::svg(hub, &page, hash);
    Reply::ok("image/svg+xml", svg.as_bytes()).header("ETag", tag).header(
        "Content-Security-Policy",
        "default-src 'none'; style-src 'unsafe-inline'; img-src data:",
    )
}

/// A bundled font for the page's own text, so that language names and problems show in every
/// script even where the browser's machine has no font for it (Ethiopic, often). Only the
/// families named here are served, from the fonts already loaded.
fn font(hub: &Hub, file: &str) -> Reply {
    let (family, weight) = match file {
        "ethiopic.ttf" => ("noto sans ethiopic", FontWeight::REGULAR),
        "ethiopic-bold.ttf" => ("noto sans ethiopic", FontWeight::BOLD),
        "arabic.ttf" => ("noto sans arabic", FontWeight::REGULAR),
        "arabic-bold.ttf" => ("noto sans arabic", FontWeight::BOLD),
        _ => return Reply::not_found(),
    };
    let project = hub.state().project.clone();
    let fonts = &project.shared.fonts;
    let variant = FontVariant { weight, ..FontVariant::default() };
    let found = fonts.book().select(family, variant).and_then(|i| fonts.font(i));
    match found {
        Some(font) => {
            Reply::ok("font/ttf", font.data().as_slice()).header("Cache-Control", "max-age=86400")
        }
        None => Reply::not_found(),
    }
}

/// The words on page `n` of a document.
fn text(hub: &Hub, key: DocKey, n: usize) -> Reply {
    let pages = hub.state().docs.get(&key).map(|d| d.pages.clone());
    match pages.filter(|pages| n <= pages.len()) {
        Some(pages) => Reply::json(&pages::text_layer(&pages, n - 1)),
        None => Reply::not_found(),
    }
}

/// The PDF of a document, made now from the last project that loaded, as `leafpress build`
/// makes it: a document the checks find errors in is refused, with the errors.
fn pdf(hub: &Hub, key: DocKey) -> Reply {
    let found = {
        let state = hub.state();
        let job = state.docs.get(&key).map(|doc| doc.job.clone());
        job.map(|job| (state.project.clone(), state.options.clone(), job, state.error.clone()))
    };
    let Some((project, options, job, broken)) = found else { return Reply::not_found() };
    // A PDF is made from the files as saved, or not at all, and like `leafpress build` it is
    // refused while the directory has errors.
    if let Some(error) = broken {
        let finding = Diagnostic::error("content", error)
            .hint("fix the file and save; the PDF is made from the files as they are saved");
        return refused(&job.name(), &[finding]);
    }
    let directory: Vec<Diagnostic> =
        checks::project(&project, &[]).into_iter().flat_map(|c| c.findings).collect();
    if directory.iter().any(|f| f.severity == checks::Severity::Error) {
        return refused(&job.name(), &directory);
    }
    let made = {
        let (project, job, options) = (project.clone(), job.clone(), options.clone());
        deadline::run(hub.timeout, move || make::make(&project, &job, &options))
    };
    let made = match made {
        Ok(made) => made,
        Err(Stopped::TimedOut) => Err(deadline::timed_out(&project, &job, hub.timeout)),
        Err(Stopped::Panicked(_) | Stopped::NoThread(_)) => Err(Error::Typst {
            document: job.name(),
            rendered: "leafpress could not make it; this is a bug in leafpress or Typst".into(),
            found: Vec::new(),
        }),
    };
    match made {
        Ok(Made::Pdf(pdf, _)) => {
            let name = format!("{}-{}", job.folder(), job.file_name(&options));
            Reply::ok("application/pdf", pdf.bytes)
                .header("Content-Disposition", format!("attachment; filename=\"{name}\""))
        }
        Ok(Made::Refused(checked)) => refused(&job.name(), &checked.findings),
        Err(error) => refused(&job.name(), &[Diagnostic::from_error("layout", &error)]),
    }
}

/// A page that says why a PDF was not made.
fn refused(document: &str, findings: &[Diagnostic]) -> Reply {
    let errors: String = findings
        .iter()
        .filter(|f| f.severity == checks::Severity::Error)
        .map(Diagnostic::lines)
        .collect();
    let body = format!(
        "<!doctype html><meta charset=utf-8><title>{document}: no PDF</title>\
         <style>body{{font:16px/1.5 system-ui,sans-serif;max-width:60em;margin:2em auto;\
         padding:0 1em}}pre{{white-space:pre-wrap;background:#fbeaea;padding:1em}}</style>\
         <h1>{document} did not pass the checks</h1><p>Like <code>leafpress build</code>, the \
         preview makes no PDF of a document with errors. Fix these, save, and try again:</p>\
         <pre>{}</pre>",
        escape(&errors),
        document = escape(document),
    );
    Reply { status: 409, ..Reply::ok("text/html; charset=utf-8", body) }
        .header("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'")
}

/// Text made safe to put inside HTML.
fn escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

/// The value of `name` in a query string such as `lang=fr&key=leaflet.title`.
pub(super) fn param<'a>(query: &'a str, name: &str) -> Option<&'a str> {
    query.split('&').find_map(|pair| pair.strip_prefix(name)?.strip_prefix('='))
}

/// The state for the language asked for (`?lang=ti`, or the one the preview opened with),
/// which the builder starts keeping up to date if it was not already. `&layout=pocket` says
/// which layout the page shows, which the builder then lays out first.
fn state(hub: &Hub, query: &str) -> Reply {
    let lang = param(query, "lang").unwrap_or(&hub.default_lang).to_string();
    {
        let mut state = hub.state();
        if state.project.content.language(&lang).is_none() {
            return Reply::not_found();
        }
        let layout = param(query, "layout").filter(|name| state.project.layout(name).is_some());
        state.focus = Focus { lang: lang.clone(), layout: layout.map(str::to_string) };
    }
    hub.activate(&lang);
    Reply::json(&state_json(&hub.state(), &lang))
}

/// Everything the page shows for `lang`.
fn state_json(state: &State, lang: &str) -> Value {
    let content = &state.project.content;
    let languages: Vec<Value> = content
        .languages
        .iter()
        .map(|l| {
            json!({
                "code": l.code, "name": l.name, "english_name": l.english_name,
                "rtl": l.direction == crate::content::Direction::Rtl, "draft": l.is_draft(),
            })
        })
        .collect();
    let source = crate::content::SOURCE_LANGUAGE;
    let mut layouts = Vec::new();
    let mut problems = Vec::new();
    for (subject, finding) in state.content_problems.get(lang).into_iter().flatten() {
        problems.push(problem(subject, None, finding));
    }
    for layout in &state.project.layouts {
        let folder = if layout.all_languages { "multi" } else { lang };
        let doc = state.docs.get(&key(folder, &layout.name));
        let beside = (!layout.all_languages && lang != source)
            .then(|| state.docs.get(&key(source, &layout.name)))
            .flatten();
        for finding in doc.and_then(|d| d.findings.as_ref()).into_iter().flatten() {
            problems.push(problem(
                &format!("{folder}/{}", layout.name),
                Some(&layout.name),
                finding,
            ));
        }
        layouts.push(json!({
            "name": layout.name,
            "kind": layout.kind.name(),
            "multi": layout.all_languages,
            "doc": doc.map(|d| doc_json(d, folder)),
            "source": beside.map(|d| doc_json(d, source)),
        }));
    }
    json!({
        "generation": state.generation,
        "lang": lang,
        "source": source,
        "languages": languages,
        "layouts": layouts,
        "error": state.error,
        "updating": state.updating,
        "checking": state.checking,
        "round_ms": state.round.as_ref().map(|r| r.elapsed.as_secs_f64() * 1000.0),
        "problems": problems,
    })
}

/// A document's pages, with the addresses of their images.
fn doc_json(doc: &Doc, folder: &str) -> Value {
    let base = format!("{folder}/{}", doc.job.layout.name);
    let pages: Vec<Value> = doc
        .pages
        .iter()
        .zip(&doc.hashes)
        .enumerate()
        .map(|(i, (page, hash))| {
            let size = page.frame.size();
            json!({
                "svg": format!("/page/{base}/{}.svg?v={hash:032x}", i + 1),
                "text": format!("/text/{base}/{}.json?v={hash:032x}", i + 1),
                "hash": format!("{hash:032x}"),
                "width_mm": size.x.to_mm(),
                "height_mm": size.y.to_mm(),
            })
        })
        .collect();
    json!({
        "name": base,
        "pages": pages,
        "error": doc.error,
        "checked": doc.findings.is_some(),
        "pdf": format!("/pdf/{base}.pdf"),
    })
}

/// One line of the problems panel.
fn problem(subject: &str, layout: Option<&str>, finding: &Diagnostic) -> Value {
    let mut value = serde_json::to_value(finding).unwrap_or(Value::Null);
    value["subject"] = json!(subject);
    value["layout"] = json!(layout);
    value
}

/// Streams a `state` event at every publication until the page closes.
fn events(hub: Arc<Hub>, streams: Arc<AtomicUsize>, request: Request) {
    if streams.fetch_add(1, Ordering::SeqCst) >= MAX_STREAMS {
        streams.fetch_sub(1, Ordering::SeqCst);
        let _ = request.respond(Reply { status: 503, ..Reply::not_found() }.into_response());
        return;
    }
    thread::spawn(move || {
        let _ = stream(&hub, request);
        streams.fetch_sub(1, Ordering::SeqCst);
    });
}

fn stream(hub: &Hub, request: Request) -> std::io::Result<()> {
    let mut writer = request.into_writer();
    // Written by hand: tiny_http would otherwise send the stream chunked, which browsers dislike
    // for event streams.
    write!(
        writer,
        "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-cache\r\n\
         X-Content-Type-Options: nosniff\r\n\r\n"
    )?;
    let mut seen = hub.state().generation;
    write!(writer, "event: state\ndata: {seen}\n\n")?;
    writer.flush()?;
    loop {
        let now = hub.wait_newer(seen, KEEP_ALIVE);
        if now == seen {
            write!(writer, ": still here\n\n")?;
        } else {
            write!(writer, "event: state\ndata: {now}\n\n")?;
            seen = now;
        }
        writer.flush()?;
    }
}
