//! HTML written by hand: escaping, and the frame every catalogue page shares (head, skip link,
//! header with the catalogue's languages, footer). Every text that comes from content or
//! from a file name passes through [`escape`], so that none of it can become markup.

use super::texts::{Texts, dir, foreign};

/// `text` escaped for element content and quoted attribute values: XML's escapes, which
/// HTML5 reads the same way.
pub use crate::strings::xliff::escape;

/// A page of the catalogue, before its frame.
pub struct Page<'a> {
    /// The catalogue's texts in the page's language.
    pub texts: &'a Texts<'a>,
    /// The page's title, as HTML without markup (it goes into `<title>`).
    pub title: String,
    /// The relative path from the page to the site's root: `""`, `"../"` or `"../../"`.
    pub root: &'a str,
    /// The page's path inside its language's folder (`index.html`, `ar/pocket.html`), to link
    /// to the same page in the other languages of the catalogue.
    pub here: &'a str,
    /// The catalogue's languages, with their folder's path from the root.
    pub languages: &'a [(&'a crate::content::Language, String)],
    /// What goes inside `<main>`.
    pub main: String,
    /// Whether the page uses the filter script.
    pub script: bool,
}

impl Page<'_> {
    /// The whole page as an HTML document.
    pub fn render(&self) -> String {
        let language = self.texts.language;
        let root = self.root;
        let script = match self.script {
            true => format!("<script src=\"{root}filter.js\"></script>\n"),
            false => String::new(),
        };
        format!(
            "<!DOCTYPE html>\n<html lang=\"{lang}\" dir=\"{dir}\">\n<head>\n<meta charset=\"utf-8\">\n\
             <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
             <title>{title}</title>\n<link rel=\"stylesheet\" href=\"{root}style.css\">\n</head>\n\
             <body>\n<a class=\"skip\" href=\"#main\">{skip}</a>\n{header}\
             <main id=\"main\" tabindex=\"-1\">\n{main}</main>\n{footer}{script}</body>\n</html>\n",
            lang = escape(&language.code),
            dir = dir(language),
            title = self.title,
            skip = self.texts.get("skip"),
            header = self.header(),
            main = self.main,
            footer = self.footer(),
        )
    }

    /// The header: the catalogue's languages, each in its own name, linking to this page in it.
    fn header(&self) -> String {
        if self.languages.len() < 2 {
            return String::new();
        }
        let here = self.texts.language;
        let links: String = self
            .languages
            .iter()
            .map(|(language, folder)| {
                let name = foreign(&escape(&language.name), language, here);
                match language.code == here.code {
                    true => format!(
                        "<li><a href=\"{}\" aria-current=\"page\">{name}</a></li>",
                        self.here_in(folder)
                    ),
                    false => format!("<li><a href=\"{}\">{name}</a></li>", self.here_in(folder)),
                }
            })
            .collect();
        format!(
            "<header class=\"site\">\n<nav aria-label=\"{plain}\"><span>{label}</span> <ul class=\"inline\">{links}</ul></nav>\n</header>\n",
            plain = self.texts.plain("site_languages"),
            label = self.texts.get("site_languages"),
        )
    }

    /// This page in the catalogue's language whose folder is `folder`.
    fn here_in(&self, folder: &str) -> String {
        format!("{}{folder}{}", self.root, self.here)
    }

    /// The footer: the manifest and the fonts' licence.
    fn footer(&self) -> String {
        let root = self.root;
        format!(
            "<footer>\n<p><a href=\"{root}manifest.json\">{manifest}</a></p>\n\
             <p><a href=\"{root}fonts/OFL.txt\">{fonts}</a></p>\n</footer>\n",
            manifest = self.texts.get("manifest"),
            fonts = self.texts.get("fonts"),
        )
    }
}
