//! One language file, `content/<code>.toml`: its name, direction and review status, the words
//! for opening hours, and a tree of texts addressed by dotted keys such as `leaflet.title`.

use std::collections::BTreeMap;
use std::ops::Range;
use std::path::Path;

use toml::Spanned;
use toml::de::{DeTable, DeValue};

use super::TomlFile;
use super::markup::{self, Run};
use super::review::{self, REVIEW, Review};
use super::services::Day;
use crate::error::{Error, Result};

/// The tables of a language file that hold settings rather than texts.
const SETTINGS: [&str; 4] = ["language", "hours", STAMPS, REVIEW];

/// The settings `[language]` may hold.
const LANGUAGE_KEYS: [&str; 8] =
    ["code", "name", "english_name", "direction", "status", "reviewer", "hyphenate", "justify"];

/// The words `[hours]` holds.
const HOUR_KEYS: [&str; 8] = ["always", "mon", "tue", "wed", "thu", "fri", "sat", "sun"];

/// The table that records, for each translated text, a fingerprint of the English text it was
/// translated from (see [`super::stamps`]).
pub const STAMPS: &str = "translated_from";

/// A loaded language file.
#[derive(Debug, Clone)]
pub struct Language {
    /// ISO 639-1 code, which is also the file name.
    pub code: String,
    /// The language's name in itself, such as "Nederlands".
    pub name: String,
    /// The language's name in English.
    pub english_name: String,
    /// Which way its lines run.
    pub direction: Direction,
    /// Whether a named person has reviewed the translation.
    pub status: Status,
    /// Who reviewed it (empty for drafts).
    pub reviewer: String,
    /// Whether running text may be hyphenated (where Typst has patterns for the language).
    pub hyphenate: bool,
    /// Whether running text is justified.
    pub justify: bool,
    /// Words for printing opening hours.
    pub hours: HourWords,
    /// Every text, by key.
    pub texts: BTreeMap<String, Node>,
    /// The fingerprint of the English text each translation was made from, by dotted key.
    pub stamps: BTreeMap<String, Spanned<String>>,
    /// Review states of single texts that differ from `status`, by dotted key (see
    /// [`super::review`]).
    pub review: BTreeMap<String, Spanned<Review>>,
    /// Who reviewed single texts, where `[review]` names them, by dotted key.
    pub reviewers: BTreeMap<String, String>,
    /// The file, for locating problems.
    pub file: TomlFile,
}

/// Text direction.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    /// Left to right.
    Ltr,
    /// Right to left.
    Rtl,
}

/// Translation status: only reviewed texts may go out without a draft mark.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// Read and signed off by the named reviewer.
    Reviewed,
    /// Not yet reviewed: every page carries a visible draft mark.
    Draft,
}

/// How a language writes opening hours.
#[derive(Debug, Clone, Default)]
pub struct HourWords {
    /// The word for "day and night, every day", such as "24/7".
    pub always: String,
    /// Short day names, Monday first.
    pub days: [String; 7],
}

/// A node of the text tree.
#[derive(Debug, Clone)]
pub enum Node {
    /// One text.
    Text(Text),
    /// An ordered list, such as the items of a bulleted list.
    List(Vec<Node>),
    /// A named group of texts.
    Table(BTreeMap<String, Node>),
    /// A list of service ids (a key named `services`), to be printed from the directory.
    Services(Vec<Spanned<String>>),
}

/// One text with its parsed inline markup.
#[derive(Debug, Clone)]
pub struct Text {
    /// The dotted key, such as `leaflet.signs.items.3`.
    pub key: String,
    /// The text as written.
    pub raw: String,
    /// The text split into literal runs and service references.
    pub runs: Vec<Run>,
    /// Where the value is in the file.
    pub span: Range<usize>,
    /// Where the text's first character is in the file, when the string is written plainly
    /// (no escapes), so that positions inside the text map byte for byte onto the file.
    pub start: Option<usize>,
}

impl Text {
    /// The file span of a byte range inside the text, or the whole value when the string
    /// cannot be mapped (escaped or multi-line strings).
    pub fn locate(&self, inner: Range<usize>) -> Range<usize> {
        match self.start {
            Some(start) => start + inner.start..start + inner.end,
            None => self.span.clone(),
        }
    }
}

impl Language {
    /// Reads and checks one language file.
    pub fn load(path: &Path) -> Result<Self> {
        let file = TomlFile::read(path)?;
        let table = DeTable::parse(&file.text).map_err(|e| file.toml_error(&e))?;
        let table = table.get_ref();
        let settings = Settings { file: &file, table };
        settings.refuse_unknown("language", &LANGUAGE_KEYS)?;
        settings.refuse_unknown("hours", &HOUR_KEYS)?;
        let code = settings.string("language", "code")?;
        let stem = path.file_stem().and_then(|s| s.to_str()).unwrap_or_default();
        if code.get_ref() != stem {
            return Err(file
                .error(
                    code.span(),
                    format!("the code `{}` does not match the file name", code.get_ref()),
                )
                .key("language.code")
                .hint(format!("a file named {stem}.toml has code = \"{stem}\""))
                .into());
        }
        let (review, reviewers) = review::read(&file, table)?;
        let language = Self {
            code: code.into_inner(),
            name: settings.string("language", "name")?.into_inner(),
            english_name: settings.string("language", "english_name")?.into_inner(),
            direction: settings.direction()?,
            status: settings.status()?,
            reviewer: settings.optional_string("language", "reviewer")?.unwrap_or_default(),
            hyphenate: settings.flag("hyphenate")?,
            justify: settings.flag("justify")?,
            hours: settings.hours()?,
            texts: BTreeMap::new(),
            stamps: settings.stamps()?,
            review,
            reviewers,
            file: file.clone(),
        };
        let mut texts = BTreeMap::new();
        for (key, value) in table.iter().filter(|(k, _)| !SETTINGS.contains(&k.get_ref().as_ref()))
        {
            let key = key.get_ref().to_string();
            texts.insert(key.clone(), node(&file, &key, value)?);
        }
        let language = Self { texts, ..language };
        review::check_keys(&language)?;
        Ok(language)
    }

    /// Whether the document must carry a draft mark.
    pub fn is_draft(&self) -> bool {
        self.status == Status::Draft
    }

    /// Finds the node at a dotted key.
    pub fn get(&self, key: &str) -> Option<&Node> {
        let mut parts = key.split('.');
        let mut node = self.texts.get(parts.next()?)?;
        for part in parts {
            node = match node {
                Node::Table(table) => table.get(part)?,
                Node::List(list) => list.get(part.parse::<usize>().ok()?)?,
                _ => return None,
            };
        }
        Some(node)
    }
}

/// Converts a TOML value into a text node, checking the markup of every string.
fn node(file: &TomlFile, key: &str, value: &Spanned<DeValue>) -> Result<Node> {
    let span = value.span();
    match value.get_ref() {
        DeValue::String(raw) => text(file, key, raw, span).map(Node::Text),
        DeValue::Array(items) if key.rsplit('.').next() == Some("services") => items
            .iter()
            .map(|item| match item.get_ref() {
                DeValue::String(id) => Ok(Spanned::new(item.span(), id.to_string())),
                _ => Err(expected(file, key, item.span(), "a service id in quotes")),
            })
            .collect::<Result<_>>()
            .map(Node::Services),
        DeValue::Array(items) => items
            .iter()
            .enumerate()
            .map(|(i, item)| node(file, &format!("{key}.{i}"), item))
            .collect::<Result<_>>()
            .map(Node::List),
        DeValue::Table(table) => table
            .iter()
            .map(|(k, v)| {
                Ok((k.get_ref().to_string(), node(file, &format!("{key}.{}", k.get_ref()), v)?))
            })
            .collect::<Result<_>>()
            .map(Node::Table),
        _ => Err(expected(file, key, span, "a text in quotes, a list of texts or a table")),
    }
}

fn expected(file: &TomlFile, key: &str, span: Range<usize>, what: &str) -> Error {
    file.error(span, format!("expected {what}"))
        .key(key)
        .hint("texts are written as key = \"text\"")
        .into()
}

/// Parses one text's markup, placing errors inside the string when it is written plainly.
fn text(file: &TomlFile, key: &str, raw: &str, span: Range<usize>) -> Result<Text> {
    if raw.trim().is_empty() {
        return Err(file
            .error(span, "empty text")
            .key(key)
            .hint("write the text, or remove the key to use the English text")
            .into());
    }
    // A plain string's contents start one byte after its opening quote.
    let plain = file.text.get(span.clone()) == Some(&format!("\"{raw}\"")[..]);
    let mut text = Text {
        key: key.to_string(),
        raw: raw.to_string(),
        runs: Vec::new(),
        start: plain.then_some(span.start + 1),
        span,
    };
    if let Some((at, c)) = super::control_character(raw) {
        let (message, hint) = super::control_message("the text", c);
        let span = match text.start {
            Some(_) => text.locate(at..at + c.len_utf8()),
            None => super::escape_span(&file.text, text.span.clone(), c)
                .unwrap_or_else(|| text.span.clone()),
        };
        return Err(file.error(span, message).key(key).hint(hint).into());
    }
    text.runs = markup::parse(raw).map_err(|error| {
        file.error(text.locate(error.span), error.message).key(key).hint(error.hint)
    })?;
    Ok(text)
}

/// The word of `known` that `word` is most likely a misspelling of: at most two letters
/// added, dropped or changed.
fn closest<'a>(word: &str, known: &[&'a str]) -> Option<&'a str> {
    let distance = |a: &str, b: &str| {
        let b: Vec<char> = b.chars().collect();
        let mut row: Vec<usize> = (0..=b.len()).collect();
        for (i, ca) in a.chars().enumerate() {
            let mut diagonal = row[0];
            row[0] = i + 1;
            for (j, cb) in b.iter().enumerate() {
                let above = row[j + 1];
                row[j + 1] = (above + 1).min(row[j] + 1).min(diagonal + usize::from(ca != *cb));
                diagonal = above;
            }
        }
        row[b.len()]
    };
    let best = known.iter().map(|k| (distance(word, k), *k)).min()?;
    (best.0 <= 2).then_some(best.1)
}

/// Reads the settings tables of a language file.
struct Settings<'a> {
    file: &'a TomlFile,
    table: &'a DeTable<'a>,
}

impl Settings<'_> {
    fn value(&self, table: &str, key: &str) -> Option<&Spanned<DeValue<'_>>> {
        self.table.get(table)?.get_ref().as_table()?.get(key)
    }

    fn optional_string(&self, table: &str, key: &str) -> Result<Option<String>> {
        match self.value(table, key) {
            None => Ok(None),
            Some(value) => match value.get_ref().as_str() {
                Some(s) if super::control_character(s).is_some() => {
                    let c = super::control_character(s).map_or('\0', |(_, c)| c);
                    let (message, hint) = super::control_message("the setting", c);
                    let span = super::escape_span(&self.file.text, value.span(), c);
                    let span = span.unwrap_or_else(|| value.span());
                    Err(self
                        .file
                        .error(span, message)
                        .key(format!("{table}.{key}"))
                        .hint(hint)
                        .into())
                }
                Some(s) => Ok(Some(s.to_string())),
                None => Err(expected(
                    self.file,
                    &format!("{table}.{key}"),
                    value.span(),
                    "a text in quotes",
                )),
            },
        }
    }

    /// Refuses a key of `[table]` that is not one of `known`: a misspelt setting would
    /// otherwise be ignored, and `hyphenat = true` silently turn hyphenation off.
    fn refuse_unknown(&self, table: &str, known: &[&str]) -> Result<()> {
        let Some(settings) = self.table.get(table).and_then(|t| t.get_ref().as_table()) else {
            return Ok(());
        };
        let Some((key, _)) = settings.iter().find(|(k, _)| !known.contains(&k.get_ref().as_ref()))
        else {
            return Ok(());
        };
        let list = format!("the settings in [{table}] are: {}", known.join(", "));
        let hint = match closest(key.get_ref(), known) {
            Some(near) => format!("did you mean `{near}`? {list}"),
            None => list,
        };
        Err(self
            .file
            .error(key.span(), format!("unknown setting `{}` in [{table}]", key.get_ref()))
            .key(format!("{table}.{}", key.get_ref()))
            .hint(hint)
            .into())
    }

    /// An optional `true`/`false` setting under `[language]`; absent means `false`.
    fn flag(&self, key: &str) -> Result<bool> {
        match self.value("language", key) {
            None => Ok(false),
            Some(value) => value.get_ref().as_bool().ok_or_else(|| {
                self.file
                    .error(value.span(), format!("expected true or false for {key}"))
                    .key(format!("language.{key}"))
                    .hint(format!("write {key} = true or {key} = false, without quotes"))
                    .into()
            }),
        }
    }

    /// The `[translated_from]` table: dotted text keys (in quotes) and fingerprints.
    fn stamps(&self) -> Result<BTreeMap<String, Spanned<String>>> {
        let Some(table) = self.table.get(STAMPS) else { return Ok(BTreeMap::new()) };
        let Some(table) = table.get_ref().as_table() else {
            return Err(expected(self.file, STAMPS, table.span(), "a table of fingerprints"));
        };
        table
            .iter()
            .map(|(key, value)| match value.get_ref().as_str() {
                Some(hash) => {
                    Ok((key.get_ref().to_string(), Spanned::new(value.span(), hash.to_string())))
                }
                None => Err(self
                    .file
                    .error(value.span(), "expected a fingerprint in quotes")
                    .key(format!("{STAMPS}.{}", key.get_ref()))
                    .hint("run `leafpress stamp` to write this table; do not edit it by hand")
                    .into()),
            })
            .collect()
    }

    fn string(&self, table: &str, key: &str) -> Result<Spanned<String>> {
        let span = self.value(table, key).map(|v| v.span());
        match (self.optional_string(table, key)?, span) {
            (Some(s), Some(span)) if !s.trim().is_empty() => Ok(Spanned::new(span, s)),
            _ => Err(Error::content(&self.file.path, format!("missing `{key}` in [{table}]"))
                .at(&self.file.text, self.table.get(table).map(|t| t.span()))
                .key(format!("{table}.{key}"))
                .hint(format!("add {key} = \"…\" under [{table}], as in content/en.toml"))
                .into()),
        }
    }

    fn choice(&self, key: &str, choices: &[&str]) -> Result<usize> {
        let value = self.string("language", key)?;
        choices.iter().position(|c| c == value.get_ref()).ok_or_else(|| {
            self.file
                .error(value.span(), format!("`{}` is not a valid {key}", value.get_ref()))
                .key(format!("language.{key}"))
                .hint(format!("use one of: {}", choices.join(", ")))
                .into()
        })
    }

    fn direction(&self) -> Result<Direction> {
        Ok([Direction::Ltr, Direction::Rtl][self.choice("direction", &["ltr", "rtl"])?])
    }

    fn status(&self) -> Result<Status> {
        let status =
            [Status::Reviewed, Status::Draft][self.choice("status", &["reviewed", "draft"])?];
        let reviewer = self.optional_string("language", "reviewer")?.unwrap_or_default();
        if status == Status::Reviewed && reviewer.trim().is_empty() {
            let span = self.value("language", "status").map(|v| v.span());
            return Err(Error::content(&self.file.path, "a reviewed translation needs a reviewer")
                .at(&self.file.text, span)
                .key("language.reviewer")
                .hint(
                    "set reviewer = \"name of the person who reviewed it\", or status = \"draft\"",
                )
                .into());
        }
        Ok(status)
    }

    fn hours(&self) -> Result<HourWords> {
        let mut words = HourWords {
            always: self.string("hours", "always")?.into_inner(),
            ..Default::default()
        };
        for day in Day::ALL {
            words.days[day as usize] = self.string("hours", day.key())?.into_inner();
        }
        Ok(words)
    }
}
