//! XLIFF 1.2 and 2.0: writing a catalog, and reading back the targets and states a tool set.
//!
//! Placeholders travel as empty inline codes that carry their text (`<x equiv-text="…"/>` in
//! 1.2, `<ph equiv="…"/>` in 2.0) and bold as a paired code (`<g ctype="bold">` in 1.2,
//! `<pc type="fmt" subType="xlf:b">` in 2.0), so tools show them as tags a translator moves
//! but does not type.

use std::fmt::Write as _;

use roxmltree::{Document, Node};

use super::codes::{self, Ids, Piece};
use super::{Catalog, State};
use crate::strings::import::{Incoming, Received};

const NS_1_2: &str = "urn:oasis:names:tc:xliff:document:1.2";
const NS_2_0: &str = "urn:oasis:names:tc:xliff:document:2.0";

/// Writes a catalog as XLIFF 1.2.
pub fn write_1_2(catalog: &Catalog) -> String {
    let mut out = String::new();
    out.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let _ = writeln!(out, "<xliff version=\"1.2\" xmlns=\"{NS_1_2}\">");
    let _ = writeln!(
        out,
        "  <file original=\"{}\" source-language=\"en\" target-language=\"{}\" \
         datatype=\"plaintext\">",
        escape(&catalog.file),
        escape(&catalog.code)
    );
    out.push_str("    <body>\n");
    for unit in &catalog.units {
        let key = escape(&unit.key);
        let approved = if unit.state == State::Reviewed { " approved=\"yes\"" } else { "" };
        let limit = unit.limit.as_ref().map_or(String::new(), |limit| {
            format!(" maxwidth=\"{}\" size-unit=\"char\"", limit.chars)
        });
        let _ = writeln!(
            out,
            "      <trans-unit id=\"{key}\" resname=\"{key}\" xml:space=\"preserve\"{approved}\
             {limit}>"
        );
        let source = codes::pieces(&unit.source).unwrap_or_default();
        let ids = Ids::new(&source);
        let _ = writeln!(out, "        <source>{}</source>", inline_1_2(&source, &ids));
        if let Some(target) = &unit.target {
            let pieces = codes::pieces(target).unwrap_or_default();
            let state = match unit.state {
                State::Reviewed => "final",
                State::Stale => "needs-review-translation",
                State::Translated | State::Untranslated => "translated",
            };
            let _ = writeln!(
                out,
                "        <target state=\"{state}\">{}</target>",
                inline_1_2(&pieces, &ids)
            );
        }
        let _ = writeln!(out, "        <note from=\"leafpress\">{}</note>", escape(&note(unit)));
        out.push_str("      </trans-unit>\n");
    }
    out.push_str("    </body>\n  </file>\n</xliff>\n");
    out
}

/// Writes a catalog as XLIFF 2.0.
pub fn write_2_0(catalog: &Catalog) -> String {
    let mut out = String::new();
    out.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let _ = writeln!(
        out,
        "<xliff xmlns=\"{NS_2_0}\" version=\"2.0\" srcLang=\"en\" trgLang=\"{}\">",
        escape(&catalog.code)
    );
    let _ = writeln!(
        out,
        "  <file id=\"{}\" original=\"{}\">",
        escape(&catalog.code),
        escape(&catalog.file)
    );
    for unit in &catalog.units {
        let key = escape(&unit.key);
        let _ = writeln!(out, "    <unit id=\"{key}\" name=\"{key}\">");
        let _ = writeln!(
            out,
            "      <notes>\n        <note category=\"context\">{}</note>\n      </notes>",
            escape(&note(unit))
        );
        let state = match unit.state {
            State::Untranslated => "state=\"initial\"",
            State::Stale => "state=\"initial\" subState=\"leafpress:stale\"",
            State::Translated => "state=\"translated\"",
            State::Reviewed => "state=\"final\"",
        };
        let _ = writeln!(out, "      <segment {state}>");
        let source = codes::pieces(&unit.source).unwrap_or_default();
        let ids = Ids::new(&source);
        let _ = writeln!(
            out,
            "        <source xml:space=\"preserve\">{}</source>",
            inline_2_0(&source, &ids)
        );
        if let Some(target) = &unit.target {
            let pieces = codes::pieces(target).unwrap_or_default();
            let _ = writeln!(
                out,
                "        <target xml:space=\"preserve\">{}</target>",
                inline_2_0(&pieces, &ids)
            );
        }
        out.push_str("      </segment>\n    </unit>\n");
    }
    out.push_str("  </file>\n</xliff>\n");
    out
}

/// A unit's note, with its fit limit where a layout declares one.
fn note(unit: &super::Unit) -> String {
    match &unit.limit {
        Some(limit) => format!("{} {}", unit.note, limit.words()),
        None => unit.note.clone(),
    }
}

fn inline_1_2(pieces: &[Piece], ids: &Ids) -> String {
    let mut out = String::new();
    let mut bold = false;
    for (piece, id) in pieces.iter().zip(ids.of(pieces)) {
        let id = id.unwrap_or_default();
        match piece {
            Piece::Text(text) => out.push_str(&escape(text)),
            Piece::Code(code) => {
                let kind = code.trim_start_matches('{').split(':').next().unwrap_or_default();
                let _ = write!(
                    out,
                    "<x id=\"{id}\" ctype=\"x-{kind}\" equiv-text=\"{}\"/>",
                    escape(code)
                );
            }
            Piece::Bold if bold => out.push_str("</g>"),
            Piece::Bold => {
                let _ = write!(out, "<g id=\"{id}\" ctype=\"bold\">");
            }
        }
        bold ^= *piece == Piece::Bold;
    }
    out
}

fn inline_2_0(pieces: &[Piece], ids: &Ids) -> String {
    let mut out = String::new();
    let mut bold = false;
    for (piece, id) in pieces.iter().zip(ids.of(pieces)) {
        let id = id.unwrap_or_default();
        match piece {
            Piece::Text(text) => out.push_str(&escape(text)),
            Piece::Code(code) => {
                let code = escape(code);
                let _ = write!(
                    out,
                    "<ph id=\"{id}\" equiv=\"{code}\" disp=\"{code}\" canDelete=\"no\"/>"
                );
            }
            Piece::Bold if bold => out.push_str("</pc>"),
            Piece::Bold => {
                let _ =
                    write!(out, "<pc id=\"{id}\" type=\"fmt\" subType=\"xlf:b\" canDelete=\"no\">");
            }
        }
        bold ^= *piece == Piece::Bold;
    }
    out
}

/// Escapes text for XML content and attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\n' => out.push_str("&#10;"),
            '\t' => out.push_str("&#9;"),
            '\r' => out.push_str("&#13;"),
            c => out.push(c),
        }
    }
    out
}

/// Reads an XLIFF 1.2 or 2.0 file: its target language and each unit's target and state.
pub fn read(text: &str) -> Result<Received, (usize, String)> {
    let options = roxmltree::ParsingOptions { allow_dtd: false, ..Default::default() };
    let doc = Document::parse_with_options(text, options)
        .map_err(|e| (e.pos().row as usize, format!("not valid XML: {e}")))?;
    let root = doc.root_element();
    let line = |node: Node| doc.text_pos_at(node.range().start).row as usize;
    let two = match root.tag_name().namespace() {
        Some(NS_1_2) => false,
        Some(NS_2_0) => true,
        _ => return Err((1, "not an XLIFF 1.2 or 2.0 file".into())),
    };
    let language = if two {
        root.attribute("trgLang")
    } else {
        root.descendants()
            .find(|n| n.has_tag_name("file"))
            .and_then(|f| f.attribute("target-language"))
    };
    let mut units = Vec::new();
    let unit_tag = if two { "unit" } else { "trans-unit" };
    for unit in root.descendants().filter(|n| n.is_element() && n.has_tag_name(unit_tag)) {
        let key = match two {
            true => unit.attribute("name").or(unit.attribute("id")),
            false => unit.attribute("resname").or(unit.attribute("id")),
        };
        let key = key.unwrap_or_default().to_string();
        let target = unit.descendants().find(|n| n.is_element() && n.has_tag_name("target"));
        let target = match target {
            Some(node) => {
                Some(flatten(node).map_err(|m| (line(node), format!("unit `{key}`: {m}")))?)
            }
            None => None,
        };
        let state = match two {
            true => state_2_0(unit),
            false => state_1_2(unit, target.as_deref()),
        };
        let target = target.filter(|t| !t.is_empty());
        let state = if target.is_none() { State::Untranslated } else { state };
        units.push(Incoming { key, target, state, line: line(unit) });
    }
    Ok(Received { language: language.map(str::to_string), units })
}

fn state_1_2(unit: Node, target: Option<&str>) -> State {
    let state = unit
        .descendants()
        .find(|n| n.is_element() && n.has_tag_name("target"))
        .and_then(|t| t.attribute("state"))
        .unwrap_or("translated");
    match state {
        _ if unit.attribute("approved") == Some("yes") => State::Reviewed,
        "final" | "signed-off" => State::Reviewed,
        s if s.starts_with("needs-") => State::Stale,
        "new" if target.is_none_or(str::is_empty) => State::Untranslated,
        _ => State::Translated,
    }
}

fn state_2_0(unit: Node) -> State {
    let segment = unit.descendants().find(|n| n.is_element() && n.has_tag_name("segment"));
    match segment.and_then(|s| s.attribute("state")).unwrap_or("initial") {
        "translated" => State::Translated,
        "reviewed" | "final" => State::Reviewed,
        _ => State::Stale,
    }
}

/// The text of a `<target>`, with its inline codes turned back into leafpress markup.
fn flatten(node: Node) -> Result<String, String> {
    let mut out = String::new();
    for child in node.children() {
        if child.is_text() {
            out.push_str(child.text().unwrap_or_default());
            continue;
        }
        if !child.is_element() {
            continue;
        }
        match child.tag_name().name() {
            "x" | "ph" => {
                let code = child.attribute("equiv-text").or(child.attribute("equiv"));
                let code = code.or(child.attribute("disp"));
                let code = code.ok_or("an inline code has lost its text (equiv-text or equiv)")?;
                out.push_str(code);
            }
            "g" | "pc" => {
                out.push_str("**");
                out.push_str(&flatten(child)?);
                out.push_str("**");
            }
            "bx" | "ex" | "sc" | "ec" | "bpt" | "ept" => out.push_str("**"),
            "mrk" | "sm" | "em" => out.push_str(&flatten(child)?),
            other => return Err(format!("unexpected <{other}> in a target")),
        }
    }
    Ok(out)
}
