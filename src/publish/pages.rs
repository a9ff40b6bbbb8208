//! The catalogue's pages, for each language the catalogue is written in (`<ui>/`):
//! `index.html` with every document, `lang-<code>.html` with one language's documents (the
//! filter that works without JavaScript), and `<folder>/<layout>.html` for each document. The
//! site's own `index.html` is the English index.

use crate::content::{Content, Language, Status};

use super::html::{Page, escape};
use super::make::Mode;
use super::steps;
use super::texts::{Texts, dir, foreign, site_languages};
use super::{Document, PdfFile};

/// Every page of the catalogue: its path inside the site, and its HTML.
pub fn all(content: &Content, documents: &[Document]) -> Vec<(String, String)> {
    let languages: Vec<(&Language, String)> =
        site_languages(content).into_iter().map(|l| (l, format!("{}/", l.code))).collect();
    let mut pages = Vec::new();
    for (language, folder) in &languages {
        let texts = Texts::new(content, language);
        let site = Site { content, documents, texts: &texts, languages: &languages };
        pages.push((format!("{folder}index.html"), site.index("../", "", None)));
        for code in document_languages(documents) {
            let page = site.index("../", "", Some(code));
            pages.push((format!("{folder}lang-{code}.html"), page));
        }
        for document in documents {
            pages.push((format!("{folder}{}", page_path(document)), site.document(document)));
        }
    }
    if let Some((english, folder)) = languages.first() {
        let texts = Texts::new(content, english);
        let site = Site { content, documents, texts: &texts, languages: &languages };
        pages.push(("index.html".into(), site.index("", folder, None)));
    }
    pages
}

/// A document's page inside its catalogue language's folder: `ar/pocket.html`.
fn page_path(document: &Document) -> String {
    format!("{}/{}.html", document.job.folder(), document.job.layout.name)
}

/// The languages that have documents of their own (not multilingual ones), in content order.
fn document_languages(documents: &[Document]) -> Vec<&str> {
    let mut codes: Vec<&str> = Vec::new();
    for document in documents.iter().filter(|d| !d.job.layout.all_languages) {
        if !codes.contains(&document.job.language.as_str()) {
            codes.push(&document.job.language);
        }
    }
    codes
}

/// What every page of one catalogue language needs.
struct Site<'a> {
    content: &'a Content,
    documents: &'a [Document],
    texts: &'a Texts<'a>,
    languages: &'a [(&'a Language, String)],
}

impl Site<'_> {
    /// The index, or with `only` one language's documents (and the multilingual ones). `root`
    /// leads from the page to the site's root, `folder` to this catalogue language's folder.
    fn index(&self, root: &str, folder: &str, only: Option<&str>) -> String {
        let t = self.texts;
        let mut main = format!(
            "<h1>{}</h1>\n<p class=\"intro\">{}</p>\n{}",
            t.get("title"),
            t.get("intro"),
            self.filter(folder, only)
        );
        for code in document_languages(self.documents) {
            if only.is_none_or(|only| only == code) {
                main.push_str(&self.language_section(root, folder, code));
            }
        }
        let multi: Vec<&Document> =
            self.documents.iter().filter(|d| d.job.layout.all_languages).collect();
        if !multi.is_empty() {
            main.push_str(&format!(
                "<section class=\"language\" data-lang=\"multi\" aria-labelledby=\"h-multi\">\n\
                 <h2 id=\"h-multi\">{}</h2>\n{}</section>\n",
                t.get("multilingual"),
                self.grid(root, folder, &multi)
            ));
        }
        let here = match only {
            Some(code) => format!("lang-{}.html", escape(code)),
            None => "index.html".into(),
        };
        let title = t.plain("title");
        let page = Page {
            texts: t,
            title,
            root,
            here: &here,
            languages: self.languages,
            main,
            script: true,
        };
        page.render()
    }

    /// The language filter: a link per language to its own page, which the script turns into
    /// an instant filter.
    fn filter(&self, folder: &str, only: Option<&str>) -> String {
        let t = self.texts;
        let current = |on: bool| if on { " aria-current=\"page\"" } else { "" };
        let mut items = format!(
            "<li><a href=\"{folder}index.html\" data-filter=\"\"{}>{}</a></li>\n",
            current(only.is_none()),
            t.get("all_languages")
        );
        for code in document_languages(self.documents) {
            let Some(language) = self.content.language(code) else { continue };
            // The English name too, so that whoever cannot read a script still finds it.
            items.push_str(&format!(
                "<li><a href=\"{folder}lang-{code}.html\" data-filter=\"{code}\"{}>{}{}</a></li>\n",
                current(only == Some(code)),
                foreign(&escape(&language.name), language, t.language),
                self.english_name(language),
                code = escape(code),
            ));
        }
        format!(
            "<nav class=\"filter\" aria-labelledby=\"h-filter\">\n<h2 id=\"h-filter\">{}</h2>\n\
             <p>{}</p>\n<ul class=\"languages\">\n{items}</ul>\n</nav>\n",
            t.get("languages"),
            t.get("filter_hint")
        )
    }

    /// A language's English name after its own, unless they are the same, marked as English.
    fn english_name(&self, language: &Language) -> String {
        if language.english_name == language.name {
            return String::new();
        }
        let lang = match self.texts.language.code == self.content.source().code {
            true => "",
            false => " lang=\"en\"",
        };
        format!(" <span class=\"english\"{lang}>{}</span>", escape(&language.english_name))
    }

    /// A language's review status, as a small label.
    fn status(&self, language: &Language) -> String {
        let key = match language.status {
            _ if language.code == self.content.source().code => "source",
            Status::Reviewed => "reviewed",
            Status::Draft => "draft",
        };
        format!("<span class=\"status {key}\">{}</span>", self.texts.get(key))
    }

    /// One language's section of the index: its name, status and documents.
    fn language_section(&self, root: &str, folder: &str, code: &str) -> String {
        let Some(language) = self.content.language(code) else { return String::new() };
        let documents: Vec<&Document> = self
            .documents
            .iter()
            .filter(|d| !d.job.layout.all_languages && d.job.language == code)
            .collect();
        format!(
            "<section class=\"language\" data-lang=\"{code}\" aria-labelledby=\"h-{code}\">\n\
             <h2 id=\"h-{code}\">{}{} {}</h2>\n{}</section>\n",
            foreign(&escape(&language.name), language, self.texts.language),
            self.english_name(language),
            self.status(language),
            self.grid(root, folder, &documents),
            code = escape(code),
        )
    }

    /// Documents as a grid of first pages, each linking to its page.
    fn grid(&self, root: &str, folder: &str, documents: &[&Document]) -> String {
        let items: String = documents
            .iter()
            .map(|document| {
                let name = self.texts.layout(&document.job.layout.name);
                let image = match document.thumbs.first() {
                    Some(thumb) => format!(
                        "<img src=\"{root}{}\" width=\"{}\" height=\"{}\" alt=\"{}\" loading=\"lazy\">",
                        escape(&thumb.path),
                        thumb.width,
                        thumb.height,
                        self.page_alt(document, 1)
                    ),
                    None => String::new(),
                };
                format!(
                    "<li><a href=\"{folder}{}\">{image}<span class=\"name\">{name}</span></a></li>\n",
                    escape(&page_path(document))
                )
            })
            .collect();
        format!("<ul class=\"grid\">\n{items}</ul>\n")
    }

    /// A thumbnail's text alternative: the layout, the language and the page number.
    fn page_alt(&self, document: &Document, page: usize) -> String {
        let t = self.texts;
        let language = self.content.language(&document.job.language);
        let name = match (document.job.layout.all_languages, language) {
            (false, Some(language)) => format!(" ({})", escape(&language.name)),
            _ => String::new(),
        };
        let total = document.thumbs.len();
        format!(
            "{}{name}, {} {page} / {total}",
            t.layout_plain(&document.job.layout.name),
            t.plain("page")
        )
    }

    /// A document's page: its pages, and each file with its facts and printing steps.
    fn document(&self, document: &Document) -> String {
        let t = self.texts;
        let root = "../../";
        let job = &document.job;
        let language = self.content.language(&job.language).filter(|_| !job.layout.all_languages);
        let (heading, crumb, status, lang) = match language {
            Some(language) => (
                format!(
                    " <span class=\"subtitle\">{}</span>",
                    foreign(&escape(&language.name), language, t.language)
                ),
                format!(
                    " › <a href=\"../lang-{}.html\">{}</a>",
                    escape(&language.code),
                    foreign(&escape(&language.name), language, t.language)
                ),
                format!("<p>{}</p>\n", self.status(language)),
                format!(" lang=\"{}\" dir=\"{}\"", escape(&language.code), dir(language)),
            ),
            None => (String::new(), String::new(), String::new(), String::new()),
        };
        let pages = self.page_list(document, root);
        let finished = document.file(Mode::Office).map_or((0.0, 0.0), |f| f.size_mm);
        let files: String =
            document.files.iter().map(|file| self.file(document, file, finished)).collect();
        let main = format!(
            "<nav class=\"crumbs\" aria-label=\"{back}\"><a href=\"../index.html\">{back_html}</a>{crumb}</nav>\n\
             <h1>{name}{heading}</h1>\n{status}\
             <section aria-labelledby=\"h-pages\">\n<h2 id=\"h-pages\">{pages_h}</h2>\n\
             <ol class=\"pages\"{lang}>\n{pages}</ol>\n</section>\n\
             <section aria-labelledby=\"h-download\">\n<h2 id=\"h-download\">{download}</h2>\n{files}</section>\n",
            back = t.plain("back"),
            back_html = t.get("back"),
            name = t.layout(&job.layout.name),
            pages_h = t.get("pages"),
            download = t.get("download"),
        );
        let title = match language {
            Some(language) => {
                format!("{} — {}", t.layout_plain(&job.layout.name), escape(&language.name))
            }
            None => t.layout_plain(&job.layout.name),
        };
        let here = page_path(document);
        let page = Page {
            texts: t,
            title,
            root,
            here: &here,
            languages: self.languages,
            main,
            script: false,
        };
        page.render()
    }

    /// Every page of a document as a thumbnail, in reading order.
    fn page_list(&self, document: &Document, root: &str) -> String {
        let items = document.thumbs.iter().enumerate().map(|(i, thumb)| {
            format!(
                "<li><img src=\"{root}{}\" width=\"{}\" height=\"{}\" alt=\"{}\" loading=\"lazy\"></li>\n",
                escape(&thumb.path),
                thumb.width,
                thumb.height,
                self.page_alt(document, i + 1)
            )
        });
        items.collect()
    }

    /// One file of a document: how it prints, a download link, its facts and its steps.
    fn file(&self, document: &Document, file: &PdfFile, finished: (f64, f64)) -> String {
        let t = self.texts;
        let id = format!("h-{}", file.mode.key());
        let name = file.path.rsplit('/').next().unwrap_or(&file.path);
        let steps = steps::for_file(&document.job.layout, file, finished);
        // A print shop's file is larger than its paper (bleed and marks): its step gives the
        // finished size instead.
        let paper = match file.mode {
            Mode::PrintShop => String::new(),
            _ => format!(
                "<div><dt>{}</dt><dd>{}</dd></div>",
                t.get("paper"),
                escape(&steps::paper_name(file.size_mm))
            ),
        };
        format!(
            "<section class=\"file\" aria-labelledby=\"{id}\">\n<h3 id=\"{id}\">{mode}</h3>\n\
             <p><a class=\"download\" href=\"../../{path}\" type=\"application/pdf\">{link} \
             <span class=\"filename\">{name}</span></a></p>\n\
             <dl class=\"facts\"><div><dt>{pages_l}</dt><dd>{pages}</dd></div>{paper}\
             <div><dt>{size_l}</dt><dd>{kb} KB</dd></div></dl>\n\
             <h4>{how}</h4>\n{steps}</section>\n",
            mode = t.get(&format!("modes.{}", file.mode.key())),
            path = escape(&file.path),
            link = t.get("download_link"),
            name = escape(name),
            pages_l = t.get("file_pages"),
            pages = file.pages,
            paper = paper,
            size_l = t.get("file_size"),
            kb = file.bytes.div_ceil(1024),
            how = t.get("how_to_print"),
            steps = steps::html(&steps, t),
        )
    }
}
