//! Importing a file from a translation tool: every unit is checked against the English before
//! anything is written, then the language file is edited in place with `toml_edit`, keeping its
//! comments, order and line endings, and the translation stamps and review states of the texts
//! that changed are updated.
//!
//! What a unit does, by its state and whether its text differs from the file's:
//!
//! - no translation: nothing (an import never deletes a text);
//! - a new or changed text: written; stamped unless the tool says it still needs work (stale);
//!   marked reviewed only when the tool says so, else "translated";
//! - the same text: a stale text the tool now calls translated or reviewed is stamped (the
//!   translator confirmed it against the new English); a text the tool calls reviewed is
//!   marked reviewed; anything else is left as it is, so a round trip changes nothing.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::ops::Range;
use std::path::Path;

use super::codes;
use super::{Catalog, State, Unit};
use crate::content::review::Review;
use crate::content::{Content, Language, Node};
use crate::error::{Error, Result};

mod edit;

/// One unit as a tool sent it back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Incoming {
    /// The content key.
    pub key: String,
    /// The translation, if any.
    pub target: Option<String>,
    /// Its state.
    pub state: State,
    /// The line of the unit in the imported file.
    pub line: usize,
}

/// What an imported file holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Received {
    /// The language it says it is in.
    pub language: Option<String>,
    /// Its units.
    pub units: Vec<Incoming>,
}

/// One edit to a language file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    /// The content key.
    pub key: String,
    /// The new text, when it changes.
    pub text: Option<String>,
    /// Whether to record the current English fingerprint.
    pub stamp: bool,
    /// The review state to record, when it changes.
    pub review: Option<Review>,
    /// Who reviewed it, recorded with a reviewed state (the preview's review mode gives it;
    /// translation tools do not).
    pub reviewer: Option<String>,
}

/// An imported file, read and checked, ready to be written into its language file.
pub struct Plan {
    /// The language code.
    pub code: String,
    /// The edits, in the English file's order.
    pub changes: Vec<Change>,
    /// How many units the file had.
    pub units: usize,
}

/// Reads an XLIFF or PO file and checks every unit against the English of `content`.
pub fn plan(content: &Content, path: &Path, text: &str) -> Result<Plan> {
    let xml = text.trim_start_matches('\u{feff}').trim_start().starts_with('<');
    let read = if xml { super::xliff::read(text) } else { super::po::read(text) };
    let received = read.map_err(|(line, message)| located(path, text, line, message, None))?;
    let Some(code) = received.language.clone() else {
        return Err(Error::content(path, "the file does not say which language it is in")
            .hint("export it with `leafpress strings export --lang CODE`, which records it")
            .into());
    };
    let Some(language) = content.language(&code).filter(|l| l.code != content.source().code) else {
        return Err(Error::content(path, format!("there is no translation `{code}` to import"))
            .hint("add content/<code>.toml first (see README, \"Translating\")")
            .into());
    };
    let changes = check(content, language, &received.units).map_err(|refusal| {
        located(path, text, refusal.line, refusal.message, Some(refusal.hint))
    })?;
    Ok(Plan { code, changes, units: received.units.len() })
}

/// Why a unit was refused: its line in the file it came from, what is wrong, and how to fix it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    /// The unit's line in the imported file (as the unit gave it).
    pub line: usize,
    /// What is wrong, naming the unit.
    pub message: String,
    /// How to fix it.
    pub hint: &'static str,
}

/// Checks every unit against the English of `content` and the file of `language`, and says
/// what writing them changes, in the English file's order. The live preview's review mode
/// sends its edits through here too, so that both check and write alike.
pub fn check(
    content: &Content,
    language: &Language,
    units: &[Incoming],
) -> std::result::Result<Vec<Change>, Refusal> {
    let catalog = Catalog::of(content, language);
    let current: BTreeMap<&str, &Unit> =
        catalog.units.iter().map(|u| (u.key.as_str(), u)).collect();
    let mut seen = BTreeSet::new();
    let mut changes = BTreeMap::new();
    for unit in units {
        let fail = |message: String, hint: &'static str| Refusal { line: unit.line, message, hint };
        let Some(now) = current.get(unit.key.as_str()) else {
            return Err(fail(
                format!("unit `{}` is not a text of the English source", unit.key),
                "import only units that `leafpress strings export` wrote; do not add or rename units",
            ));
        };
        if !seen.insert(unit.key.as_str()) {
            return Err(fail(format!("unit `{}` comes twice", unit.key), "keep one of them"));
        }
        // Only what the import writes is checked: a text kept as it is stays valid, even where
        // its sentences split the English paragraphs differently (as Dutch does).
        if let Some(target) = unit.target.as_ref().filter(|t| now.target.as_ref() != Some(*t)) {
            check_codes(&now.source, target)
                .map_err(|m| fail(format!("unit `{}`: {m}", unit.key), CODES_HINT))?;
        }
        if let Some(change) = decide(language, now, unit) {
            changes.insert(now.key.clone(), change);
        }
    }
    let order = catalog.units.iter().map(|u| u.key.as_str());
    let changes: Vec<Change> = order.filter_map(|k| changes.remove(k)).collect();
    check_lists(content, language, &changes).map_err(|(key, message)| {
        let line = units.iter().find(|u| u.key == key).map_or(1, |u| u.line);
        Refusal { line, message, hint: "translate every item of the list at once" }
    })?;
    Ok(changes)
}

const CODES_HINT: &str = "keep every {tel:…}, {web:…}, {hours:…}, {name:…} and ** of the English, \
                          each as often as the English has it; never type a number or address";

/// Refuses a translation whose inline codes differ from the English source's.
fn check_codes(source: &str, target: &str) -> std::result::Result<(), String> {
    if let Err(error) = crate::content::markup::parse(target) {
        return Err(error.message);
    }
    let theirs = codes::census(&codes::pieces(target).unwrap_or_default());
    let ours = codes::census(&codes::pieces(source).unwrap_or_default());
    for (code, count) in &ours {
        match theirs.get(code).copied().unwrap_or(0) {
            0 => return Err(format!("the translation lacks {code}")),
            n if n != *count => {
                let times =
                    |n: usize| if n == 1 { "once".to_string() } else { format!("{n} times") };
                return Err(format!(
                    "the translation has {code} {}, the English {}",
                    times(n),
                    times(*count)
                ));
            }
            _ => {}
        }
    }
    match theirs.keys().find(|code| !ours.contains_key(*code)) {
        Some(code) => Err(format!("the translation has {code}, which the English does not")),
        None => Ok(()),
    }
}

/// What importing `unit` changes, if anything, given the file's text `now`.
fn decide(language: &Language, now: &Unit, unit: &Incoming) -> Option<Change> {
    let target = unit.target.as_ref()?;
    let wanted = if unit.state == State::Reviewed { Review::Reviewed } else { Review::Translated };
    let mark = |review: Review| review != language.review_of(&now.key);
    if now.target.as_ref() != Some(target) {
        return Some(Change {
            key: now.key.clone(),
            text: Some(target.clone()),
            stamp: unit.state != State::Stale,
            review: Some(wanted).filter(|r| mark(*r)),
            reviewer: None,
        });
    }
    let confirmed = now.state == State::Stale && unit.state != State::Stale;
    let approved = unit.state == State::Reviewed && now.state != State::Reviewed;
    (confirmed || approved).then(|| Change {
        key: now.key.clone(),
        text: None,
        stamp: true,
        review: Some(wanted).filter(|r| approved && mark(*r)),
        reviewer: None,
    })
}

/// Refuses a new list that comes without all its items: a list is written whole.
fn check_lists(
    content: &Content,
    language: &Language,
    changes: &[Change],
) -> std::result::Result<(), (String, String)> {
    for change in changes.iter().filter(|c| c.text.is_some()) {
        let Some((parent, _)) = change.key.rsplit_once('.') else { continue };
        let Some(Node::List(items)) = content.source().get(parent) else { continue };
        if language.get(parent).is_some() {
            continue;
        }
        let given = (0..items.len())
            .filter(|i| {
                let key = format!("{parent}.{i}");
                changes.iter().any(|c| c.key == key && c.text.is_some())
            })
            .count();
        if given != items.len() {
            return Err((
                change.key.clone(),
                format!(
                    "the list `{parent}` is new in this language and needs all {} items; the \
                     file gives {given}",
                    items.len()
                ),
            ));
        }
    }
    Ok(())
}

fn located(path: &Path, text: &str, line: usize, message: String, hint: Option<&str>) -> Error {
    let error = Error::content(path, message).at(text, Some(line_span(text, line)));
    match hint {
        Some(hint) => error.hint(hint).into(),
        None => error.into(),
    }
}

/// The bytes of the one-based `line` of `text`, without its line break.
fn line_span(text: &str, line: usize) -> Range<usize> {
    let start: usize = text.split_inclusive('\n').take(line.saturating_sub(1)).map(str::len).sum();
    let end = text[start..].find('\n').map_or(text.len(), |e| start + e);
    let lead = text[start..end].len() - text[start..end].trim_start().len();
    start + lead..end
}

/// Loads the whole content with `new` in place of the file at `path`, in a scratch copy of
/// `dir`'s content files, so that a change that would leave the project unloadable is refused
/// before anything is written. Returns the content as it loaded.
pub fn check_loads(dir: &Path, path: &Path, new: &str) -> Result<Content> {
    let scratch = tempfile::Builder::new()
        .prefix("leafpress-import-")
        .tempdir()
        .map_err(|source| Error::Write { path: std::env::temp_dir(), source })?;
    let content = scratch.path().join("content");
    fs::create_dir_all(&content)
        .map_err(|source| Error::Write { path: content.clone(), source })?;
    let read = |source| Error::Read { path: dir.join("content"), source };
    for entry in fs::read_dir(dir.join("content")).map_err(read)? {
        let from = entry.map_err(read)?.path();
        if from.extension().is_some_and(|e| e == "toml") {
            let to = content.join(from.file_name().unwrap_or_default());
            fs::copy(&from, &to).map_err(|source| Error::Write { path: to, source })?;
        }
    }
    let to = content.join(path.file_name().unwrap_or_default());
    fs::write(&to, new).map_err(|source| Error::Write { path: to, source })?;
    Content::load(scratch.path()).map_err(|error| match error {
        Error::Content(mut inner) => {
            inner.path = path.to_path_buf();
            inner.message = format!("the import would break the file: {}", inner.message);
            Error::Content(inner)
        }
        other => other,
    })
}

/// Writes the plan into the language's file text, returning the new text.
pub fn apply(content: &Content, plan: &Plan) -> Result<String> {
    let Some(language) = content.language(&plan.code) else {
        return Err(Error::Usage {
            message: format!("there is no translation `{}`", plan.code),
            hint: "add its file to content/".into(),
        });
    };
    edit::apply(content.source(), language, &plan.changes)
}
