//! The preview's review mode: a reviewer clicks a text on a page, sees its English source, edits
//! the translation and approves it, and the change goes into the language file.
//!
//! Two routes, beside the server's others:
//!
//! | route                                  | what                                             |
//! |----------------------------------------|--------------------------------------------------|
//! | `/unit.json?lang=fr&key=leaflet.title` | the text, its English source, state and note     |
//! | `POST /review`                         | writes a text, and with `approve` its review     |
//!
//! A write goes through the checks and the writer of `leafpress strings import`
//! ([`crate::strings::import`]): the English placeholders each present as often, no unknown key,
//! a new list written whole, the stamp updated, the file's comments, order and line endings
//! kept, and the whole content loading with the new file before it replaces the old. A write
//! must come from the preview's own page: same origin, and with the session's token, a random
//! value made at start that only the page the preview serves carries.

use std::io::Read;
use std::net::SocketAddr;
use std::sync::{Mutex, PoisonError};

use serde::Deserialize;
use serde_json::{Value, json};
use tiny_http::Request;

use super::Hub;
use super::server::{Reply, header, host_allowed, param};
use crate::content::review::Review;
use crate::content::{Content, SOURCE_LANGUAGE};
use crate::error::Result;
use crate::layout::Layout;
use crate::output::write_atomic;
use crate::strings::import::{self, Incoming, Plan};
use crate::strings::{Catalog, Limit, State};

/// The header that carries the session's token on every write.
pub const TOKEN_HEADER: &str = "X-Leafpress-Token";

/// The largest body a write may have: one text, with room to spare.
const MAX_BODY: u64 = 64 * 1024;

/// What the review mode keeps for the session.
pub struct Session {
    /// The token every write must carry: 128 random bits, as hex.
    token: String,
    /// Held while a write reads, checks and replaces a language file, so that two writes
    /// never read the same file and one of them get lost.
    writing: Mutex<()>,
}

impl Session {
    /// A session with a new random token.
    pub fn new() -> Result<Self> {
        let mut bytes = [0u8; 16];
        getrandom::fill(&mut bytes).map_err(|error| crate::error::Error::Usage {
            message: format!("cannot make the preview's session token: {error}"),
            hint: "the system gives no random numbers; this is unusual, try again".into(),
        })?;
        let token = bytes.iter().map(|b| format!("{b:02x}")).collect();
        Ok(Self { token, writing: Mutex::new(()) })
    }

    /// The page, with the token in it for the page's script to send back.
    pub fn page(&self, index: &str) -> String {
        index.replace("{{token}}", &self.token)
    }

    /// Whether `given` is the token, compared in constant time.
    fn accepts(&self, given: &str) -> bool {
        let (a, b) = (self.token.as_bytes(), given.as_bytes());
        a.len() == b.len() && a.iter().zip(b).fold(0u8, |diff, (x, y)| diff | (x ^ y)) == 0
    }
}

/// The text at `key` in language `lang`, for the review panel.
pub fn unit(hub: &Hub, query: &str) -> Reply {
    let (Some(lang), Some(key)) = (param(query, "lang"), param(query, "key")) else {
        return failure(400, "the request names no language or key", "ask with ?lang=…&key=…");
    };
    let project = hub.state().project.clone();
    match unit_json(&project.content, &project.layouts, lang, key) {
        Some(unit) => Reply::json(&unit),
        None => failure(404, &format!("`{lang}` has no text `{key}`"), "choose one on a page"),
    }
}

/// What the panel shows of the text at `key` in `lang`: the English, the translation, where it
/// stands and who reviewed it, and what it is for.
fn unit_json(content: &Content, layouts: &[Layout], lang: &str, key: &str) -> Option<Value> {
    let language = content.language(lang)?;
    let catalog = Catalog::of(content, language).with_limits(layouts);
    let unit = catalog.units.into_iter().find(|u| u.key == key)?;
    let state = match unit.state {
        _ if lang == SOURCE_LANGUAGE => "source",
        State::Untranslated => "untranslated",
        State::Translated => "translated",
        State::Stale => "stale",
        State::Reviewed => "reviewed",
    };
    let reviewer = match language.reviewers.get(key) {
        Some(name) => Some(name),
        None => (unit.state == State::Reviewed && !language.reviewer.is_empty())
            .then_some(&language.reviewer),
    };
    Some(json!({
        "key": unit.key,
        "lang": lang,
        "language": language.english_name,
        "rtl": language.direction == crate::content::Direction::Rtl,
        "source": unit.source,
        "target": unit.target,
        "state": state,
        "reviewer": reviewer,
        "note": unit.note,
        "limit": unit.limit.as_ref().map(Limit::words),
        "max_chars": unit.limit.as_ref().map(|limit| limit.chars),
        "editable": lang != SOURCE_LANGUAGE,
    }))
}

/// What the page sends to write a text.
#[derive(Debug, Deserialize)]
struct Edit {
    lang: String,
    key: String,
    text: String,
    #[serde(default)]
    approve: bool,
    #[serde(default)]
    reviewer: String,
}

/// Writes a text (`POST /review`): refused with 403 unless it comes from the preview's own
/// page with the session's token, with 422 and the reason when the checks refuse it.
pub fn write(hub: &Hub, address: SocketAddr, request: &mut Request) -> Reply {
    if !host_allowed(request, address) || !same_origin(request) {
        return failure(
            403,
            "refused: a write must come from the preview's own page",
            "open the preview at the address leafpress printed, and edit there",
        );
    }
    let token = header(request, TOKEN_HEADER).unwrap_or_default();
    if !hub.review.accepts(&token) {
        return failure(
            403,
            "refused: the request does not carry this preview's session token",
            "reload the preview's page: leafpress makes a new token each time it starts",
        );
    }
    let mut body = String::new();
    let read = request.as_reader().take(MAX_BODY).read_to_string(&mut body);
    let edit: Edit = match read.ok().and_then(|_| serde_json::from_str(&body).ok()) {
        Some(edit) => edit,
        None => {
            let hint = "send JSON: {lang, key, text, approve, reviewer}";
            return failure(400, "the request is not a text to write", hint);
        }
    };
    let _writing = hub.review.writing.lock().unwrap_or_else(PoisonError::into_inner);
    let dir = hub.state().project.dir.clone();
    match save(&dir, &edit) {
        Ok((said, unit)) => Reply::json(&json!({ "ok": true, "message": said, "unit": unit })),
        Err((status, message, hint)) => failure(status, &message, &hint),
    }
}

/// Why a write failed: its status, what went wrong and how to fix it.
type Failed = (u16, String, String);

/// Checks and writes `edit` into its language file in `dir`, read afresh; says what it did,
/// and how the text stands now.
fn save(dir: &std::path::Path, edit: &Edit) -> std::result::Result<(String, Value), Failed> {
    let refuse = |message: String, hint: &str| (422, message, hint.to_string());
    let reviewer = edit.reviewer.trim();
    if edit.approve && reviewer.is_empty() {
        return Err(refuse(
            "an approval needs the reviewer's name".into(),
            "type your name in the panel: it is recorded with every text you approve",
        ));
    }
    if edit.text.trim().is_empty() {
        return Err(refuse(
            format!("unit `{}`: the translation is empty", edit.key),
            "write the translation, or leave the text as it is",
        ));
    }
    let content = Content::load(dir).map_err(|error| {
        refuse(format!("the content does not load: {error}"), "fix the file and save it first")
    })?;
    // Only for the fit limits the panel shows: a layouts file that does not load gives none.
    let layouts = crate::layout::load(&dir.join("layouts")).unwrap_or_default();
    let Some(language) = content.language(&edit.lang).filter(|l| l.code != SOURCE_LANGUAGE) else {
        return Err(refuse(
            format!("there is no translation `{}`", edit.lang),
            "English is the source: review edits the translations only",
        ));
    };
    let state = if edit.approve { State::Reviewed } else { State::Translated };
    let unit = Incoming { key: edit.key.clone(), target: Some(edit.text.clone()), state, line: 1 };
    let mut changes = import::check(&content, language, &[unit])
        .map_err(|refusal| refuse(refusal.message, refusal.hint))?;
    if edit.approve {
        // The name goes with the approval, in whichever state the file's `status` leaves it.
        for change in &mut changes {
            change.review = Some(Review::Reviewed);
            change.reviewer = Some(reviewer.to_string());
        }
    }
    if changes.is_empty() {
        let said = match edit.approve {
            true => format!("`{}` was already reviewed; nothing to change", edit.key),
            false => format!("`{}` is unchanged", edit.key),
        };
        return Ok((
            said,
            unit_json(&content, &layouts, &edit.lang, &edit.key).unwrap_or_default(),
        ));
    }
    let plan = Plan { code: language.code.clone(), changes, units: 1 };
    let path = language.file.path.clone();
    let failed = |error: crate::error::Error| (500, error.to_string(), String::new());
    let new = import::apply(&content, &plan).map_err(failed)?;
    let loaded =
        import::check_loads(dir, &path, &new).map_err(|error| refuse(error.to_string(), ""))?;
    write_atomic(&path, new.as_bytes()).map_err(failed)?;
    let name = path.file_name().unwrap_or_default().to_string_lossy();
    let said = match edit.approve {
        true => format!("approved by {reviewer}, and written to {name}"),
        false => format!("saved as translated (not reviewed) in {name}"),
    };
    Ok((said, unit_json(&loaded, &layouts, &edit.lang, &edit.key).unwrap_or_default()))
}

/// Whether a write comes from a page of this preview: browsers say so in `Sec-Fetch-Site`,
/// older ones in `Origin`. A request with neither comes from no web page (a script on this
/// computer), and still needs the token.
fn same_origin(request: &Request) -> bool {
    if let Some(site) = header(request, "Sec-Fetch-Site") {
        return site == "same-origin";
    }
    match (header(request, "Origin"), header(request, "Host")) {
        (Some(origin), Some(host)) => origin.strip_prefix("http://") == Some(host.as_str()),
        (Some(_), None) => false,
        (None, _) => true,
    }
}

/// An answer that says what failed, and how to fix it, as JSON for the panel.
fn failure(status: u16, message: &str, hint: &str) -> Reply {
    let body: Value = json!({ "ok": false, "error": message, "hint": hint });
    Reply::json(&body).status(status)
}
