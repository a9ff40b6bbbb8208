//! Checks across files: every service a text names exists and has the field it prints, and
//! every translation has exactly the texts of the source language.

use std::collections::BTreeMap;

use super::markup::{RefKind, Run};
use super::{Directory, Language, Node, Warning};
use crate::error::{Error, Location, Result};

/// Checks every language against the directory and against the source language.
pub fn check(directory: &Directory, languages: &[Language], source: usize) -> Result<Vec<Warning>> {
    let mut warnings = Vec::new();
    for language in languages {
        check_references(directory, language, &language.texts)?;
    }
    let source = &languages[source];
    for language in languages.iter().filter(|l| l.code != source.code) {
        compare(source, language, "", &source.texts, &language.texts, &mut warnings)?;
    }
    Ok(warnings)
}

/// Whether a text may be missing from a translation: service labels and descriptions fall
/// back to English, because the seeds do not give every one in every language.
fn is_optional(key: &str) -> bool {
    key == "services" || key.starts_with("services.")
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
    warnings: &mut Vec<Warning>,
) -> Result<()> {
    for (name, node) in expected {
        let key = if prefix.is_empty() { name.clone() } else { format!("{prefix}.{name}") };
        match found.get(name) {
            Some(other) => compare_node(source, language, &key, node, other, warnings)?,
            None if is_optional(&key) => {
                // `gap_` texts are never printed, so their absence matters to no reader.
                if !key.rsplit('.').next().is_some_and(|last| last.starts_with("gap_")) {
                    warnings.push(Warning {
                        path: language.file.path.clone(),
                        key: key.clone(),
                        message: "not translated; the English text is used".into(),
                    });
                }
            }
            None => return Err(missing(source, language, &key, node)),
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
    warnings: &mut Vec<Warning>,
) -> Result<()> {
    match (expected, found) {
        (Node::Table(a), Node::Table(b)) => compare(source, language, key, a, b, warnings),
        (Node::List(a), Node::List(b)) if a.len() == b.len() => {
            a.iter().zip(b).enumerate().try_for_each(|(i, (a, b))| {
                compare_node(source, language, &format!("{key}.{i}"), a, b, warnings)
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
        (Node::Text(_), Node::Text(_)) | (Node::Services(_), Node::Services(_)) => Ok(()),
        _ => Err(language
            .file
            .error(span_of(found).unwrap_or(0..0), format!("expected {}", shape(expected)))
            .key(key)
            .hint(format!("write it as in {}", source.file.path.display()))
            .into()),
    }
}

fn missing(source: &Language, language: &Language, key: &str, node: &Node) -> Error {
    let mut hint = format!("translate it from {}", source.file.path.display());
    if let Some(span) = span_of(node) {
        let at = Location::of(&source.file.text, span);
        hint = format!("{hint}:{}:{}", at.line, at.column);
    }
    Error::content(&language.file.path, format!("missing {}", shape(node)))
        .key(key)
        .hint(hint)
        .into()
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
