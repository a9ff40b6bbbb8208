//! leafpress turns multilingual help information into print-ready leaflets and posters.
//!
//! The modules below are listed in the order of the pipeline, and each uses only modules listed
//! above it (`tests/architecture.rs` holds them to that):
//!
//! - foundations: [`diagnostic`] (one type for what checks and content report, rendered in one
//!   place), [`error`] (one error type), [`timing`] (where a build's time goes) and
//!   [`truth`] (the one definition of a phone number and a web address, at load and on the page);
//!   [`contract`] holds every figure leafpress and the theme share (marks, bleed, minimum sizes,
//!   papers, fonts, virtual paths), given to the theme in each document's data;
//! - content: [`content`] loads and checks the service directory and the language files,
//!   with [`images`] held to size limits and [`qr`] codes made as vectors; [`layout`] reads how
//!   each layout is printed, [`org`] an organisation's details; [`fonts`] are the bundled fonts
//!   and [`glyphs`] what they cover;
//! - [`world`] gives Typst a sealed view of one document, and [`project`] bundles the content,
//!   fonts and layouts that every world shares;
//! - [`plan`] turns a request into documents (jobs) and options (one per organisation);
//! - [`render`] lays a document out and exports PDF/A-2b + PDF/UA-1, with [`rtl`] text
//!   prepared to extract in reading order, [`impose`]d on sheets, and for a print shop in CMYK
//!   ([`press`]);
//! - [`checks`] is the preflight: overflow, QR codes, numbers, glyphs, URLs, contrast, sizes,
//!   margins and press;
//! - [`make`] lays out, checks and exports one document, and exports nothing that fails;
//! - output: [`output`] writes files atomically, [`record`] remembers what each was made from,
//!   [`batch`] makes many documents at once on every core, each within a [`deadline`], and
//!   [`build`] writes them, skipping what has not changed, with a [`spec`] sheet for a print
//!   shop; [`preflight`] lays out and checks them in memory instead, for `leafpress check`;
//! - around it: [`export`] writes a plain Typst project, [`strings`] exchanges texts with
//!   translation tools as XLIFF or PO, [`preview`] serves a live page where a translator sees
//!   and reviews every layout, and [`publish`] writes every document with a catalogue site;
//! - [`cli`] turns the command line into requests and prints what happened.
//!
//! Only what the binary and the tests use is public: the command line, the contract, and the
//! project, plan, render and QR code steps that `tests/qr.rs` drives directly.

pub(crate) mod diagnostic;
pub mod error;
pub(crate) mod timing;
pub(crate) mod truth;
pub mod contract;

pub(crate) mod content;
pub(crate) mod images;
pub mod qr;
pub mod layout;
pub(crate) mod org;
pub(crate) mod fonts;
pub(crate) mod glyphs;

pub(crate) mod world;
pub mod project;

pub mod plan;

pub(crate) mod rtl;
pub(crate) mod impose;
pub(crate) mod press;
pub mod render;

pub(crate) mod checks;

pub(crate) mod make;

pub(crate) mod output;
pub(crate) mod record;
pub(crate) mod batch;
pub(crate) mod deadline;
pub(crate) mod preflight;
pub(crate) mod spec;
pub(crate) mod build;

pub(crate) mod export;
pub(crate) mod strings;
pub(crate) mod preview;
pub(crate) mod publish;

pub mod cli;

pub use error::{Error, Result};
