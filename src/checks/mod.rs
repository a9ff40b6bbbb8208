//! Checks on what a document will print, beyond what loading the content can see: here,
//! that the bundled fonts have a glyph for every character.

pub mod glyphs;
