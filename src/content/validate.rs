//! Checks across files: every service a text names exists and has the field it prints, and
//! every translation has the shape of the source language. A text a translation lacks is not
//! an error: it prints in English, marked, with a warning; so is a text whose English changed
//! since it was translated.

use std::collections::{BTreeMap, BTreeSet};

use super::markup::{RefKind, Run};
use super::stamps;
use super::{Directory, Language, Node, Text, Warning, WarningKind};
use crate::error::Result;

/// Checks every language against the directory and against the source language.
pub fn check(directory: &Directory, languages: &[Language], source: usize) -> Result<Vec<Warning>> {
    let mut warnings = Vec::new();
    for language in languages {
        check_references(directory, language, &language.texts)?;
    }
    let source = &languages[source];
    for language in languages.iter().filter(|l| l.code != source.code) {
        compare(source, language, "", &source.texts, &language.texts)?;
        let progress = stamps::progress(source, language);
        let warn = |kind, key: &String, message: &str| Warning {
            path: language.file.path.clone(),
            key: key.clone(),
            kind,
            message: message.into(),
        };
        // `gap_` texts are never printed, so their absence matters to no reader; nor are the
        // catalogue's (`leafpress publish`), which `status` still counts as untranslated.
        let printed = |key: &&String| {
            !key.rsplit('.').next().is_some_and(|k| k.starts_with("gap_"))
                && !key.starts_with("catalogue.")
        };
        warnings.extend(progress.missing.iter().filter(printed).map(|key| {
            warn(WarningKind::Fallback, key, "not translated; the English text is used")
        }));
        warnings.extend(progress.stale.iter().map(|key| {
            let message = match language.stamps.contains_key(key) {
                true => "the English text changed since this was translated",
                false => "no record of the English text this was translated from",
            };
            warn(WarningKind::Stale, key, message)
        }));
    }
    Ok(warnings)
}

fn check_references(
    directory: &Directory,
    language: &Language,
    nodes: &BTreeMap<String, Node>,
) -> Result<()> {
    nodes.values().try_for_each(|node| check_node(directory, language, node))
}

fn check_node(directory: &Directory, language: &Language, node: &Node) -> Result<()> {
    let file = &language.file;
    match node {
        Node::Table(table) => check_references(directory, language, table),
        Node::List(items) => items.iter().try_for_each(|n| check_node(directory, language, n)),
        Node::Services(ids) => ids.iter().try_for_each(|id| {
            if directory.get(id.get_ref()).is_some() {
                return Ok(());
            }
            Err(file
                .error(id.span(), format!("unknown service `{}`", id.get_ref()))
                .hint(known_ids(directory))
                .into())
        }),
        Node::Text(text) => text.runs.iter().try_for_each(|run| {
            let Run::Ref { kind, id, span, .. } = run else { return Ok(()) };
            let at =
                |message: String| file.error(text.locate(span.clone()), message).key(&text.key);
            let Some(service) = directory.get(id) else {
                return Err(at(format!("unknown service `{id}` in {{{}:{id}}}", kind.word()))
                    .hint(known_ids(directory))
                    .into());
            };
            let present = match kind {
                RefKind::Tel => service.phone.is_some(),
                RefKind::Web => service.web.is_some(),
                RefKind::Hours => service.hours.is_some(),
                RefKind::Name => service.name.is_some(),
            };
            if present {
                return Ok(());
            }
            Err(at(format!("service `{id}` has no {} in content/services.toml", kind.word()))
                .hint("the sources do not give it; rephrase the text without it")
                .into())
        }),
    }
}

fn known_ids(directory: &Directory) -> String {
    let ids: Vec<_> = directory.iter().map(|s| s.id.as_str()).collect();
    format!("the services in content/services.toml are: {}", ids.join(", "))
}

/// Walks the source tree and the translation side by side.
fn compare(
    source: &Language,
    language: &Language,
    prefix: &str,
    expected: &BTreeMap<String, Node>,
    found: &BTreeMap<String, Node>,
) -> Result<()> {
    for (name, node) in expected {
        let key = if prefix.is_empty() { name.clone() } else { format!("{prefix}.{name}") };
        if let Some(other) = found.get(name) {
            compare_node(source, language, &key, node, other)?;
        }
    }
    if let Some((name, node)) = found.iter().find(|(name, _)| !expected.contains_key(*name)) {
        let key = if prefix.is_empty() { name.clone() } else { format!("{prefix}.{name}") };
        let span = span_of(node).unwrap_or(0..0);
        return Err(language
            .file
            .error(span, "unknown text")
            .key(&key)
            .hint(format!(
                "{} has no text with this key; check its spelling",
                source.file.path.display()
            ))
            .into());
    }
    Ok(())
}

fn compare_node(
    source: &Language,
    language: &Language,
    key: &str,
    expected: &Node,
    found: &Node,
) -> Result<()> {
    match (expected, found) {
        (Node::Table(a), Node::Table(b)) => compare(source, language, key, a, b),
        (Node::List(a), Node::List(b)) if a.len() == b.len() => {
            // The sources order some paragraphs differently from language to language, so a
            // list of texts keeps the English references as a whole, not item by item.
            if let (Some(english), Some(texts)) = (texts(a), texts(b)) {
                return same_references(source, language, &english, &texts);
            }
            a.iter().zip(b).enumerate().try_for_each(|(i, (a, b))| {
                compare_node(source, language, &format!("{key}.{i}"), a, b)
            })
        }
        (Node::List(a), Node::List(b)) => Err(language
            .file
            .error(
                span_of(found).unwrap_or(0..0),
                format!("this list has {} items, but the English one has {}", b.len(), a.len()),
            )
            .key(key)
            .hint("translate every item, in the same order")
            .into()),
        (Node::Text(english), Node::Text(text)) => {
            same_references(source, language, &[english], &[text])
        }
        (Node::Services(_), Node::Services(_)) => Ok(()),
        _ => Err(language
            .file
            .error(span_of(found).unwrap_or(0..0), format!("expected {}", shape(expected)))
            .key(key)
            .hint(format!("write it as in {}", source.file.path.display()))
            .into()),
    }
}

/// A translation prints the same services as its English text: the same set of `{tel:…}`,
/// `{web:…}`, `{hours:…}` and `{name:…}` references, so that no language silently sends its
/// readers to a different helpline.
fn same_references(
    source: &Language,
    language: &Language,
    english: &[&Text],
    texts: &[&Text],
) -> Result<()> {
    let set = |texts: &[&Text]| -> BTreeSet<(&'static str, String)> {
        let runs = texts.iter().flat_map(|text| text.runs.iter().filter_map(reference));
        runs.map(|(kind, id, _)| (kind.word(), id.to_string())).collect()
    };
    let (expected, found) = (set(english), set(texts));
    if expected == found {
        return Ok(());
    }
    let written = |(kind, id): &(&str, String)| format!("{{{kind}:{id}}}");
    let extra = found.difference(&expected).next();
    let lacking = expected.difference(&found).next();
    let message = match (extra, lacking) {
        (Some(extra), Some(lacking)) => {
            format!(
                "this text has `{}` where the English has `{}`",
                written(extra),
                written(lacking)
            )
        }
        (Some(extra), None) => {
            format!("this text has `{}`, which the English lacks", written(extra))
        }
        (None, Some(lacking)) => {
            format!("this text lacks `{}`, which the English has", written(lacking))
        }
        (None, None) => return Ok(()),
    };
    // Point at the reference the English lacks, or else at the first text.
    let place = extra.and_then(|(kind, id)| {
        texts.iter().find_map(|text| {
            let runs = text.runs.iter().filter_map(reference);
            let mut same = runs.filter(|(k, i, _)| k.word() == *kind && i == id);
            same.next().map(|(_, _, span)| (*text, text.locate(span.clone())))
        })
    });
    let Some((text, span)) = place.or_else(|| texts.first().map(|t| (*t, t.span.clone()))) else {
        return Ok(());
    };
    Err(language
        .file
        .error(span, message)
        .key(&text.key)
        .hint(format!(
            "use the same {{tel:…}}, {{web:…}}, {{hours:…}} and {{name:…}} as {}: a translation \
             names the same services",
            source.file.path.display()
        ))
        .into())
}

/// The texts of a list, when every item is a text.
fn texts(items: &[Node]) -> Option<Vec<&Text>> {
    items.iter().map(|item| if let Node::Text(text) = item { Some(text) } else { None }).collect()
}

/// A run's reference: its kind, service id and place in the text.
fn reference(run: &Run) -> Option<(RefKind, &str, &std::ops::Range<usize>)> {
    match run {
        Run::Ref { kind, id, span, .. } => Some((*kind, id.as_str(), span)),
        Run::Text { .. } => None,
    }
}

fn shape(node: &Node) -> &'static str {
    match node {
        Node::Text(_) => "text",
        Node::List(_) => "list of texts",
        Node::Table(_) => "table of texts",
        Node::Services(_) => "list of service ids",
    }
}

/// The span of a node's first text, for pointing at it.
fn span_of(node: &Node) -> Option<std::ops::Range<usize>> {
    match node {
        Node::Text(text) => Some(text.span.clone()),
        Node::List(items) => items.first().and_then(span_of),
        Node::Table(table) => table.values().find_map(span_of),
        Node::Services(ids) => ids.first().map(|id| id.span()),
    }
}
