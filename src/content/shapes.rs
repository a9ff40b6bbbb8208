//! Which file to blame when the source language and a translation disagree on the shape of a
//! text (a text in one, a list in the other). Usually the translation is wrong; but when every
//! translation agrees and only English differs, English changed, and the error belongs in
//! content/en.toml rather than in the first translation that happens to be checked.

use super::{Language, Node};
use crate::error::Result;

/// Refuses a key whose shape in the `source` language differs from the shape every
/// translation that has it agrees on (at least two of them).
pub fn check(languages: &[Language], source: &Language) -> Result<()> {
    let translations: Vec<&Language> = languages.iter().filter(|l| l.code != source.code).collect();
    for (name, node) in &source.texts {
        walk(source, &translations, name, node)?;
    }
    Ok(())
}

/// Checks the source's `node` at `key` against the translations, then its children.
fn walk(source: &Language, translations: &[&Language], key: &str, node: &Node) -> Result<()> {
    let theirs: Vec<&Node> = translations.iter().filter_map(|l| l.get(key)).collect();
    let agreed = theirs.first().map(|first| shape(first));
    let unanimous = theirs.len() >= 2 && theirs.iter().all(|n| Some(shape(n)) == agreed);
    if let Some(agreed) = agreed.filter(|agreed| unanimous && *agreed != shape(node)) {
        let span = span_of(node).unwrap_or(0..0);
        return Err(source
            .file
            .error(
                span,
                format!("this is a {} here, but a {agreed} in every translation", shape(node)),
            )
            .key(key)
            .hint(format!(
                "write it as a {agreed} again, or change it in every translation to match"
            ))
            .into());
    }
    match node {
        Node::Table(table) => table.iter().try_for_each(|(name, child)| {
            walk(source, translations, &format!("{key}.{name}"), child)
        }),
        Node::List(items) => items
            .iter()
            .enumerate()
            .try_for_each(|(i, child)| walk(source, translations, &format!("{key}.{i}"), child)),
        Node::Text(_) | Node::Services(_) => Ok(()),
    }
}

/// The shape of a node, in words.
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
