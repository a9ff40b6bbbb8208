//! Turns checked content into the data one document reads: a JSON value that the layout loads
//! with `json()`. Texts travel as data (runs of literal text), so nothing in a translation is
//! ever parsed as Typst markup.

use std::collections::BTreeMap;

use serde_json::{Value, json};

use super::language::HourWords;
use super::markup::{RefKind, Run};
use super::{Content, Direction, Hours, Language, Node, Service, Text, review};
use crate::contract::qr_path;

/// Builds the data for one document in `language`: its language, texts and services. The
/// caller adds the build options and, for multilingual layouts, the other languages.
pub fn document(content: &Content, language: &Language, layout: &str) -> Value {
    let resolver = Resolver { content, language, source: content.source() };
    let services: serde_json::Map<_, _> =
        content.directory.iter().map(|s| (s.id.clone(), resolver.service(s))).collect();
    json!({
        "layout": layout,
        "language": language_info(content, language),
        "texts": resolver.tree("", &content.source().texts),
        "services": services,
    })
}

/// One language's facts and texts, for layouts that carry several languages.
pub fn language_entry(content: &Content, language: &Language) -> Value {
    let resolver = Resolver { content, language, source: content.source() };
    json!({
        "language": language_info(content, language),
        "texts": resolver.tree("", &content.source().texts),
    })
}

fn language_info(content: &Content, language: &Language) -> Value {
    // In a reviewed language, how many of its texts are translated but not reviewed (each is
    // marked `unreviewed`); a draft's pages carry the draft mark instead.
    let unreviewed = match language.is_draft() {
        true => 0,
        // The catalogue's texts (`leafpress publish`) are on no page.
        false => review::unreviewed(content.source(), language)
            .iter()
            .filter(|key| !key.starts_with("catalogue."))
            .count(),
    };
    json!({
        "code": language.code,
        "name": language.name,
        "english_name": language.english_name,
        "dir": match language.direction { Direction::Ltr => "ltr", Direction::Rtl => "rtl" },
        "draft": language.is_draft(),
        "reviewer": language.reviewer,
        "hyphenate": language.hyphenate,
        "justify": language.justify,
        "unreviewed": unreviewed,
    })
}

/// Resolves texts in one language, falling back to the source language where a translation
/// may be missing.
struct Resolver<'a> {
    content: &'a Content,
    language: &'a Language,
    source: &'a Language,
}

impl Resolver<'_> {
    fn tree(&self, prefix: &str, nodes: &BTreeMap<String, Node>) -> Value {
        let map = nodes
            .iter()
            .map(|(name, node)| {
                let key = if prefix.is_empty() { name.clone() } else { format!("{prefix}.{name}") };
                (name.clone(), self.node(&key, node))
            })
            .collect::<serde_json::Map<_, _>>();
        Value::Object(map)
    }

    /// Resolves the node at `key`, whose shape in the source language is `source_node`.
    fn node(&self, key: &str, source_node: &Node) -> Value {
        match source_node {
            Node::Table(table) => self.tree(key, table),
            Node::List(items) => Value::Array(
                items
                    .iter()
                    .enumerate()
                    .map(|(i, n)| self.node(&format!("{key}.{i}"), n))
                    .collect(),
            ),
            Node::Services(ids) => json!(ids.iter().map(|id| id.get_ref()).collect::<Vec<_>>()),
            Node::Text(_) => self.resolve_text(key).unwrap_or(Value::Null),
        }
    }

    /// The text at `key` in this language, or else in the source language, marked as a
    /// fallback; `None` when neither has it.
    fn resolve_text(&self, key: &str) -> Option<Value> {
        if let Some(Node::Text(text)) = self.language.get(key) {
            return Some(self.text(text, self.language, false));
        }
        match self.source.get(key)? {
            Node::Text(text) => Some(self.text(text, self.source, true)),
            _ => None,
        }
    }

    /// A text as runs: `{kind, text, strong}` with `service` set on references.
    fn text(&self, text: &Text, language: &Language, fallback: bool) -> Value {
        let runs: Vec<Value> = text
            .runs
            .iter()
            .map(|run| match run {
                Run::Text { text, strong } => {
                    json!({"kind": "text", "text": text, "strong": strong})
                }
                Run::Ref { kind, id, strong, .. } => json!({
                    "kind": kind.word(),
                    "text": self.reference(*kind, id, language),
                    "strong": strong,
                    "service": id,
                }),
            })
            .collect();
        // An English stand-in is marked on the page in every language: in a draft so that a
        // reviewer sees which texts still need translating, and in a reviewed language so that
        // no reader gets unannounced English.
        let mark = fallback;
        // In a reviewed language, its own text that no one has reviewed yet (or whose English
        // changed since) is marked too, so that it never reads as reviewed.
        let unreviewed = !fallback
            && !self.language.is_draft()
            && !review::is_reviewed(self.source, self.language, &text.key);
        json!({
            "key": text.key,
            "runs": runs,
            "fallback": fallback,
            "mark": mark,
            "unreviewed": unreviewed,
            "lang": language.code,
        })
    }

    fn reference(&self, kind: RefKind, id: &str, language: &Language) -> String {
        reference(self.content, kind, id, language)
    }

    fn service(&self, service: &Service) -> Value {
        let own = |field: &str| self.resolve_text(&format!("services.{}.{field}", service.id));
        json!({
            "id": service.id,
            "name": service.name,
            "label": own("label"),
            "description": own("description"),
            "note": own("note"),
            "phone": service.phone,
            "tel": service.tel,
            "web": service.web,
            "web_display": service.web.as_deref().map(web_display),
            "hours": service.hours.as_ref().map(|h| hours(h, &self.language.hours)),
            "languages": service.languages,
            "qr_tel": service.tel.as_ref().map(|_| qr_path("tel", &service.id)),
            "qr_web": service.web.as_ref().map(|_| qr_path("web", &service.id)),
        })
    }
}

/// A web address as printed: without `https://` and without a trailing slash.
pub fn web_display(web: &str) -> String {
    web.trim_start_matches("https://").trim_end_matches('/').to_string()
}

/// Opening hours in a language's words, such as "Mon–Fri 09:00–17:00" or "24/7".
pub fn hours(hours: &Hours, words: &HourWords) -> String {
    match hours {
        Hours::Always => words.always.clone(),
        Hours::Daily { days, from, to } => {
            let days = match days {
                Some((a, b)) if a == b => format!("{} ", words.days[*a as usize]),
                Some((a, b)) => format!("{}–{} ", words.days[*a as usize], words.days[*b as usize]),
                None => String::new(),
            };
            format!("{days}{from}–{to}")
        }
    }
}

/// What a `{tel:…}`, `{web:…}`, `{hours:…}` or `{name:…}` reference prints in `language`:
/// the directory's field, or nothing where the directory has none.
pub fn reference(content: &Content, kind: RefKind, id: &str, language: &Language) -> String {
    let Some(service) = content.directory.get(id) else { return String::new() };
    let field = match kind {
        RefKind::Tel => service.phone.clone(),
        RefKind::Web => service.web.as_deref().map(web_display),
        RefKind::Hours => service.hours.as_ref().map(|h| hours(h, &language.hours)),
        RefKind::Name => service.name.clone(),
    };
    field.unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::services::Day;

    #[test]
    fn hours_read_naturally() {
        let words = HourWords {
            always: "24/7".into(),
            days: ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"].map(String::from),
        };
        let daily = |days| Hours::Daily { days, from: "09:00".into(), to: "17:00".into() };
        assert_eq!(hours(&daily(Some((Day::Mon, Day::Fri))), &words), "Mon–Fri 09:00–17:00");
        assert_eq!(hours(&daily(None), &words), "09:00–17:00");
        assert_eq!(hours(&Hours::Always, &words), "24/7");
    }

    #[test]
    fn web_addresses_print_without_scheme() {
        assert_eq!(web_display("https://www.1712.be"), "www.1712.be");
        assert_eq!(web_display("https://www.politie.be/nl/"), "www.politie.be/nl");
    }
}
