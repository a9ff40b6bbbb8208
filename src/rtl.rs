//! Right-to-left text that copies and extracts in reading order.
//!
//! Typst writes right-to-left runs glyph by glyph in visual order, and text extractors
//! (pdftotext, pdf.js, screen readers working from the page) put the characters back in reading
//! order by reversing them. That works for one glyph per character, but not for Arabic script:
//! - lam and alef join into one ligature glyph, whose two characters the extractor reverses
//!   too, so "لا" comes out as "ال";
//! - a letter and its vowel mark ("مُ") form one cluster drawn as two glyphs, and each glyph is
//!   mapped to the whole cluster, so the extractor prints it twice.
//!
//! So, before export, every glyph of a right-to-left cluster with several characters is given
//! its own share of them: a mark glyph (which has no advance) its marks, a letter glyph its
//! letters, stored in visual order so that the extractor's reversal restores reading order.

use typst::layout::{Em, Frame, FrameItem};
use typst::model::Document;
use typst::text::TextItem;
use typst_layout::PagedDocument;

/// The document with its right-to-left clusters prepared for extraction, or `None` when it has
/// none (the common case, which then costs no copy).
pub fn prepare(document: &PagedDocument) -> Option<PagedDocument> {
    if !document.pages().iter().any(|page| has_clusters(&page.frame)) {
        return None;
    }
    let mut pages = document.pages().to_vec();
    for page in &mut pages {
        fix(&mut page.frame);
    }
    Some(PagedDocument::new(pages.into(), document.info().clone()))
}

fn has_clusters(frame: &Frame) -> bool {
    frame.items().any(|(_, item)| match item {
        FrameItem::Group(group) => has_clusters(&group.frame),
        FrameItem::Text(text) => needs_fixing(text),
        _ => false,
    })
}

fn fix(frame: &mut Frame) {
    frame.retain(|item| {
        match item {
            FrameItem::Group(group) => fix(&mut group.frame),
            FrameItem::Text(text) if needs_fixing(text) => share_clusters(text),
            _ => {}
        }
        true
    });
}

/// Whether a glyph of `text` stands for several right-to-left characters.
fn needs_fixing(text: &TextItem) -> bool {
    text.glyphs.iter().any(|glyph| text.text.get(glyph.range()).is_some_and(is_rtl_cluster))
}

fn is_rtl_cluster(cluster: &str) -> bool {
    cluster.chars().nth(1).is_some() && cluster.chars().all(is_rtl)
}

/// Rebuilds the item's text from each glyph's share of its cluster, in glyph order, pointing
/// each glyph at its share.
fn share_clusters(text: &mut TextItem) {
    let old = text.text.to_string();
    let mut new = String::with_capacity(old.len());
    for glyph in &mut text.glyphs {
        let cluster = old.get(glyph.range()).unwrap_or_default();
        let share: String = if is_rtl_cluster(cluster) {
            let mark_glyph = glyph.x_advance == Em::zero();
            let mine: String = cluster.chars().filter(|c| is_mark(*c) == mark_glyph).collect();
            // A ligature of letters (lam-alef) keeps them all.
            let mine = if mine.is_empty() { cluster.to_string() } else { mine };
            mine.chars().rev().collect()
        } else {
            cluster.to_string()
        };
        let start = new.len();
        new.push_str(&share);
        // Glyph ranges are u16 in Typst; a text item is far shorter than 64 KiB.
        glyph.range =
            u16::try_from(start).unwrap_or(u16::MAX)..u16::try_from(new.len()).unwrap_or(u16::MAX);
    }
    text.text = new.into();
}

/// Characters of the Arabic script (Arabic, Farsi, Pashto, Urdu…) and Hebrew: letters and marks.
fn is_rtl(c: char) -> bool {
    matches!(c, '\u{0590}'..='\u{08FF}' | '\u{FB1D}'..='\u{FDFF}' | '\u{FE70}'..='\u{FEFF}')
}

/// Combining marks of those scripts: Arabic vowel marks, shadda, tanween, Quranic signs and
/// Hebrew points.
fn is_mark(c: char) -> bool {
    matches!(
        c,
        '\u{0591}'..='\u{05C7}'
            | '\u{0610}'..='\u{061A}'
            | '\u{064B}'..='\u{065F}'
            | '\u{0670}'
            | '\u{06D6}'..='\u{06ED}'
            | '\u{08D3}'..='\u{08FF}'
    ) && !matches!(
        c,
        '\u{05BE}'
            | '\u{05C0}'
            | '\u{05C3}'
            | '\u{05C6}'
            | '\u{06DD}'
            | '\u{06DE}'
            | '\u{06E5}'
            | '\u{06E6}'
            | '\u{06E9}'
    )
}

#[cfg(test)]
mod tests {
    use super::{is_mark, is_rtl};

    #[test]
    fn arabic_letters_and_marks_are_told_apart() {
        assert!(is_rtl('ل') && is_rtl('أ') && is_rtl('پ') && is_rtl('\u{064E}'));
        assert!(!is_rtl('a') && !is_rtl('1') && !is_rtl('·'));
        assert!(is_mark('\u{064F}') && is_mark('\u{0651}') && !is_mark('م') && !is_mark('ا'));
    }
}
