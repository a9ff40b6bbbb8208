//! leafpress turns multilingual help information into print-ready leaflets and posters.
//!
//! The pipeline: [`content`] loads and checks the service directory and the language files;
//! [`project`] bundles them with the [`fonts`] and layouts; [`world`] gives Typst a sealed
//! view of one document, with [`qr`] codes as vectors; [`render`] compiles and exports
//! PDF/A-2b + PDF/UA-1 (for a print shop, CMYK and PDF/UA-1 with a BleedBox: [`press`], with
//! a [`spec`] sheet beside the files), with [`rtl`] text prepared to extract in reading order;
//! [`output`] writes files atomically, and [`record`] remembers what each was made from, so
//! that a build skips what has not changed; [`cli`] ties it to the command line. [`checks`] is
//! the preflight: overflow, QR codes, numbers, glyphs, URLs and contrast, run by `check` and
//! before `build` writes a document. [`preview`] serves a live page of every layout to a
//! translator as they save. [`batch`] makes many documents at once on every core. [`layout`]
//! reads how each layout is printed, [`impose`] puts small formats on A4 office paper, and
//! [`org`] reads an organisation's details. [`truth`] is the one definition of a phone number
//! and a web address, used at load and on the page. [`strings`] exchanges a language's texts
//! with translation tools as XLIFF or PO. [`timing`] says where a build's time goes.
//! [`publish`] writes every document, in every print mode, with a static catalogue site.

pub mod batch;
pub mod checks;
pub mod cli;
pub mod content;
pub mod contract;
pub mod deadline;
pub mod error;
pub mod export;
pub mod fonts;
pub mod glyphs;
pub mod images;
pub mod impose;
pub mod layout;
pub mod org;
pub mod output;
pub mod press;
pub mod preview;
pub mod project;
pub mod publish;
pub mod qr;
pub mod record;
pub mod render;
pub mod rtl;
pub mod spec;
pub mod strings;
pub mod timing;
pub mod truth;
pub mod world;

pub use error::{Error, Result};
