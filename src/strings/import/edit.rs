//! Edits a language file in place: texts, `[translated_from]` stamps and `[review]` states,
//! through `toml_edit`, so that every comment, blank line and key order stays as written and
//! only the values that change are rewritten. Line endings and a leading byte-order mark are
//! kept as the file has them.

use toml_edit::{Array, DocumentMut, InlineTable, Item, Table, TableLike, Value};

use super::Change;
use crate::content::language::STAMPS;
use crate::content::review::{REVIEW, Review};
use crate::content::stamps::fingerprint;
use crate::content::{Language, Node, Status};
use crate::error::{Error, Result};

/// Applies `changes` to `language`'s file, returning the new file text.
pub fn apply(source: &Language, language: &Language, changes: &[Change]) -> Result<String> {
    let original = &language.file.text;
    let bom = original.starts_with('\u{feff}');
    let crlf = original.contains("\r\n");
    let plain = original.trim_start_matches('\u{feff}').replace("\r\n", "\n");
    let cannot = |what: &str| {
        Error::content(&language.file.path, format!("cannot write the import: {what}"))
            .hint("fix the file so that `leafpress check` loads it, then import again")
    };
    let mut document: DocumentMut =
        plain.parse().map_err(|_| cannot("the file is not valid TOML"))?;
    let default = match language.status {
        Status::Reviewed => Review::Reviewed,
        Status::Draft => Review::Translated,
    };
    for change in changes {
        if let Some(text) = &change.text {
            set_text(&mut document, source, &change.key, text).ok_or_else(|| {
                cannot(&format!("no place for `{}`", change.key)).key(&change.key)
            })?;
        }
        if let (true, Some(Node::Text(english))) = (change.stamp, source.get(&change.key)) {
            let hash = fingerprint(&english.raw);
            set_entry(&mut document, STAMPS, STAMPS_COMMENT, &change.key, &hash);
        }
        match (change.review, &change.reviewer) {
            (Some(review), Some(name)) => {
                let entry = named(review, name);
                set_value(&mut document, REVIEW, REVIEW_COMMENT, &change.key, entry);
            }
            (Some(review), None) if review == default => {
                remove_entry(&mut document, REVIEW, &change.key)
            }
            (Some(review), None) => {
                set_entry(&mut document, REVIEW, REVIEW_COMMENT, &change.key, review.word())
            }
            (None, _) => {}
        }
    }
    let mut text = document.to_string();
    if crlf {
        text = text.replace('\n', "\r\n");
    }
    if bom {
        text.insert(0, '\u{feff}');
    }
    Ok(text)
}

const STAMPS_COMMENT: &str = "# Fingerprints of the English texts these translations were made \
                              from, written by\n# `leafpress stamp`: do not edit by hand.\n";

const REVIEW_COMMENT: &str = "# Review state of single texts where it differs from `status`: \
                              \"translated\" is not yet\n# reviewed, and is marked so on the page; \
                              \"reviewed\" with `by`, by whom (written by\n# `leafpress strings \
                              import` and the preview's review mode).\n";

/// Sets the text at a dotted `key`, creating the tables on the way; lists that the file lacks
/// are created whole, from the English list's length, when their first item is set.
fn set_text(document: &mut DocumentMut, source: &Language, key: &str, text: &str) -> Option<()> {
    let parts: Vec<&str> = key.split('.').collect();
    let (last, parents) = parts.split_last()?;
    if let Ok(index) = last.parse::<usize>() {
        let (list, tables) = parents.split_last()?;
        let table = table_at(document, tables)?;
        if table.get(list).is_none() {
            let Some(Node::List(items)) = source.get(&parents.join(".")) else { return None };
            table.insert(list, Item::Value(Value::Array(new_list(items.len()))));
        }
        let slot = table.get_mut(list)?.as_array_mut()?.get_mut(index)?;
        replace(slot, text);
        return Some(());
    }
    let table = table_at(document, parents)?;
    match table.get_mut(last).and_then(Item::as_value_mut) {
        Some(slot) => replace(slot, text),
        None => {
            table.insert(last, Item::Value(Value::from(text)));
        }
    }
    Some(())
}

/// A new multi-line list of `len` empty items, to be filled in one by one.
fn new_list(len: usize) -> Array {
    let mut array = Array::new();
    for _ in 0..len {
        let mut item = Value::from("");
        item.decor_mut().set_prefix("\n  ");
        array.push_formatted(item);
    }
    array.set_trailing("\n");
    array.set_trailing_comma(true);
    array
}

/// Replaces a string value, keeping the spaces and comments around it.
fn replace(slot: &mut Value, text: &str) {
    let decor = slot.decor().clone();
    *slot = Value::from(text);
    *slot.decor_mut() = decor;
}

/// The table at a path of keys, created (as a `[header]` table) where missing.
fn table_at<'a>(document: &'a mut DocumentMut, path: &[&str]) -> Option<&'a mut dyn TableLike> {
    let mut table: &mut dyn TableLike = document.as_table_mut();
    for (depth, part) in path.iter().enumerate() {
        if table.get(part).is_none() {
            let mut new = Table::new();
            // Only the innermost table gets a header; the ones above it stay implicit.
            new.set_implicit(depth + 1 < path.len());
            table.insert(part, Item::Table(new));
        }
        table = table.get_mut(part)?.as_table_like_mut()?;
    }
    Some(table)
}

/// Sets `key = value` in a settings table such as `[translated_from]`, creating the table
/// (with `comment` above it) where missing.
fn set_entry(document: &mut DocumentMut, table: &str, comment: &str, key: &str, value: &str) {
    set_value(document, table, comment, key, Value::from(value));
}

/// A review state with the reviewer's name: `{ state = "reviewed", by = "…" }`.
fn named(review: Review, name: &str) -> Value {
    let mut entry = InlineTable::new();
    entry.insert("state", Value::from(review.word()));
    entry.insert("by", Value::from(name));
    Value::InlineTable(entry)
}

/// Sets `key = value` in a settings table, as [`set_entry`] does, for any value.
fn set_value(document: &mut DocumentMut, table: &str, comment: &str, key: &str, value: Value) {
    if document.get(table).is_none() {
        let mut new = Table::new();
        new.decor_mut().set_prefix(format!("\n{comment}"));
        document.insert(table, Item::Table(new));
    }
    let Some(entries) = document.get_mut(table).and_then(Item::as_table_like_mut) else {
        return;
    };
    match entries.get_mut(key).and_then(Item::as_value_mut) {
        Some(slot) => {
            let decor = slot.decor().clone();
            *slot = value;
            *slot.decor_mut() = decor;
        }
        None => {
            entries.insert(key, Item::Value(value));
        }
    }
}

/// Removes `key` from a settings table, and the table itself once it is empty.
fn remove_entry(document: &mut DocumentMut, table: &str, key: &str) {
    let Some(entries) = document.get_mut(table).and_then(Item::as_table_like_mut) else {
        return;
    };
    entries.remove(key);
    if entries.is_empty() {
        document.remove(table);
    }
}
