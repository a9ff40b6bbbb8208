//! Printing steps for each file, as numbered steps with a small diagram each: which paper, at
//! 100 %, one side or both and which edge to flip on, where to cut and fold. The words are
//! `catalogue.steps.*` in the language files; a layout's own last step (the tri-fold's folds)
//! is `catalogue.finish.<layout>` when a language file has it.

use crate::contract::ISO_A_MM;
use crate::layout::{Layout, Office};

use super::PdfFile;
use super::make::Mode;
use super::texts::Texts;

/// One printing step.
#[derive(Debug, Clone, PartialEq)]
pub struct Step {
    /// Its text: `catalogue.<key>`.
    pub key: String,
    /// A value printed after the text, such as the paper size.
    pub value: Option<String>,
    /// Its diagram.
    pub diagram: Diagram,
}

/// The small drawings beside the steps.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Diagram {
    /// A sheet of paper.
    Paper,
    /// A page printed at its own size.
    ActualSize,
    /// Printing on one side.
    OneSide,
    /// Turning the sheet over its long edge.
    DuplexLong,
    /// Turning the sheet over its short edge.
    DuplexShort,
    /// Cutting a stack across the middle.
    CutAcross,
    /// Putting the bottom halves under the top halves.
    Stack,
    /// Folding in the middle.
    Fold,
    /// Cutting along marks in a grid.
    CutMarks,
    /// Reading on a screen.
    Screen,
    /// A print shop's trimmed sheet with crop marks.
    PrintShop,
    /// Folding in three.
    FoldThree,
}

/// The steps to print `file` of a document of `layout`; `finished` is the size of the
/// document's office file, which a print shop trims to.
pub fn for_file(layout: &Layout, file: &PdfFile, finished: (f64, f64)) -> Vec<Step> {
    let step = |key: &str, diagram| Step { key: format!("steps.{key}"), value: None, diagram };
    let paper = Step { value: Some(paper_name(file.size_mm)), ..step("paper", Diagram::Paper) };
    // The number the print window shows; it is not a content text, which may hold no number.
    let actual = Step { value: Some("100 %".into()), ..step("actual_size", Diagram::ActualSize) };
    let sides = match (file.pages, file.size_mm.0 > file.size_mm.1) {
        (1, _) => step("one_side", Diagram::OneSide),
        (_, true) => step("duplex_short", Diagram::DuplexShort),
        (_, false) => step("duplex_long", Diagram::DuplexLong),
    };
    let finish =
        Step { key: format!("finish.{}", layout.name), value: None, diagram: Diagram::FoldThree };
    match (file.mode, layout.office) {
        (Mode::PrintShop, _) => {
            let trim = Some(paper_name(finished));
            vec![Step { value: trim, ..step("print_shop", Diagram::PrintShop) }]
        }
        (Mode::Sheet, Office::Booklet) => vec![
            paper,
            actual,
            step("duplex_long", Diagram::DuplexLong),
            step("cut_across", Diagram::CutAcross),
            step("stack", Diagram::Stack),
            step("fold_booklet", Diagram::Fold),
        ],
        (Mode::Sheet, Office::Cards) => {
            vec![paper, actual, step("duplex_long", Diagram::DuplexLong), cut_marks()]
        }
        (Mode::Office, Office::Cards) if layout.always_on_sheet => {
            vec![paper, actual, step("duplex_long", Diagram::DuplexLong), cut_marks()]
        }
        (Mode::Office, Office::Booklet | Office::Cards) => {
            vec![step("screen_copy", Diagram::Screen)]
        }
        (_, Office::Fit) => vec![paper, actual, sides, finish],
    }
}

/// Cutting cards apart.
fn cut_marks() -> Step {
    Step { key: "steps.cut_marks".into(), value: None, diagram: Diagram::CutMarks }
}

/// A page size as people ask for paper: `A4 · 210 × 297 mm`, or the millimetres alone.
pub fn paper_name(size_mm: (f64, f64)) -> String {
    let (w, h) = (size_mm.0.round() as i64, size_mm.1.round() as i64);
    let (short, long) = (w.min(h) as f64, w.max(h) as f64);
    let iso = ISO_A_MM.iter().find(|(_, width, height)| (*width, *height) == (short, long));
    match iso {
        Some((name, ..)) => format!("{name} · {w} × {h} mm"),
        None => format!("{w} × {h} mm"),
    }
}

/// The steps as an ordered list, each with its diagram; steps whose text no language has
/// (a layout without a finishing step) are left out.
pub fn html(steps: &[Step], texts: &Texts) -> String {
    let items: String = steps
        .iter()
        .filter_map(|step| {
            let text = texts.find(&step.key)?;
            let value = match &step.value {
                Some(value) => {
                    format!(" <strong class=\"value\">{}</strong>", super::html::escape(value))
                }
                None => String::new(),
            };
            Some(format!("<li>{}<span>{text}{value}</span></li>\n", svg(step.diagram)))
        })
        .collect();
    format!("<ol class=\"steps\">\n{items}</ol>\n")
}

/// A diagram as inline SVG, drawn in the text's colour. It repeats what the step says, so it
/// is hidden from screen readers.
pub fn svg(diagram: Diagram) -> String {
    let sheet = "<rect x=\"18\" y=\"8\" width=\"28\" height=\"40\" rx=\"1\"/>";
    let body = match diagram {
        Diagram::Paper => format!("{sheet}<path d=\"M24 18h16M24 24h16M24 30h10\"/>"),
        Diagram::ActualSize => "<rect x=\"10\" y=\"10\" width=\"22\" height=\"32\"/>\
             <rect x=\"34\" y=\"10\" width=\"22\" height=\"32\" stroke-dasharray=\"3 2\"/>\
             <path d=\"M10 50h22M34 50h22M30 47l2 3-2 3M36 47l-2 3 2 3\"/>"
            .into(),
        Diagram::OneSide => format!("{sheet}<path d=\"M24 18h16M24 24h16M24 30h16M24 36h8\"/>"),
        Diagram::DuplexLong => format!(
            "{sheet}<path d=\"M14 20c-8 6-8 16 0 22\"/><path d=\"M10 40l4 2 0-5\"/>\
             <path d=\"M24 18h16M24 24h16\"/>"
        ),
        Diagram::DuplexShort => "<rect x=\"10\" y=\"20\" width=\"44\" height=\"30\" rx=\"1\"/>\
             <path d=\"M20 14c6-8 18-8 24 0\"/><path d=\"M42 10l2 4-5 0\"/>\
             <path d=\"M16 28h16M16 34h16\"/>"
            .into(),
        Diagram::CutAcross => format!(
            "{sheet}<path d=\"M12 28h40\" stroke-dasharray=\"4 3\"/>\
             <circle cx=\"9\" cy=\"24\" r=\"3\"/><circle cx=\"9\" cy=\"32\" r=\"3\"/>"
        ),
        Diagram::Stack => "<rect x=\"14\" y=\"6\" width=\"30\" height=\"20\" rx=\"1\"/>\
             <rect x=\"20\" y=\"34\" width=\"30\" height=\"20\" rx=\"1\" stroke-dasharray=\"3 2\"/>\
             <path d=\"M54 44c6-8 6-20-4-26M50 18l-1 5 5-1\"/>"
            .into(),
        Diagram::Fold => "<path d=\"M10 12h22v36H10zM32 12l18 6v36l-18-6\"/>\
             <path d=\"M32 12v36\" stroke-dasharray=\"3 2\"/><path d=\"M54 26c4 6 0 12-6 12\"/>"
            .into(),
        Diagram::CutMarks => "<rect x=\"10\" y=\"8\" width=\"44\" height=\"48\" rx=\"1\"/>\
             <path d=\"M32 8v48M10 20h44M10 32h44M10 44h44\" stroke-dasharray=\"3 2\"/>"
            .into(),
        Diagram::Screen => "<rect x=\"8\" y=\"10\" width=\"48\" height=\"32\" rx=\"2\"/>\
             <path d=\"M24 52h16M32 42v10M16 20h20M16 26h28M16 32h14\"/>"
            .into(),
        Diagram::PrintShop => "<rect x=\"16\" y=\"14\" width=\"32\" height=\"36\"/>\
             <path d=\"M16 4v6M48 4v6M16 54v6M48 54v6M6 14h6M52 14h6M6 50h6M52 50h6\"/>"
            .into(),
        Diagram::FoldThree => {
            "<path d=\"M8 16l16 6v28l-16-6zM24 22l16-6v28l-16 6zM40 16l16 6v28l-16-6z\"/>".into()
        }
    };
    format!(
        "<svg class=\"diagram\" viewBox=\"0 0 64 64\" width=\"64\" height=\"64\" aria-hidden=\"true\" \
         focusable=\"false\" fill=\"none\" stroke=\"currentColor\" stroke-width=\"2\" \
         stroke-linecap=\"round\" stroke-linejoin=\"round\">{body}</svg>"
    )
}

#[cfg(test)]
mod tests {
    use super::paper_name;

    #[test]
    fn iso_sizes_are_named_either_way_round() {
        assert_eq!(paper_name((297.0, 210.0)), "A4 · 297 × 210 mm");
        assert_eq!(paper_name((105.0, 148.0)), "A6 · 105 × 148 mm");
        assert_eq!(paper_name((594.0, 841.0)), "A1 · 594 × 841 mm");
        assert_eq!(paper_name((85.0, 55.0)), "85 × 55 mm");
    }
}
