//! Organisation files (`--org clinic.toml`): the name, logo, local phone number and address of
//! the clinic or NGO that hands out the documents, checked before any layout runs.

use std::fs;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use toml::Spanned;
use typst::foundations::Bytes;
use typst::visualize::{ExchangeFormat, RasterImage, SvgImage};

use crate::content::{TomlFile, control_character, control_message, escape_span};
use crate::error::{ContentError, Result};

/// The virtual directory the logo is served from inside the Typst world.
const LOGO_DIR: &str = "/leafpress/org";

/// A checked organisation file.
#[derive(Debug, Clone)]
pub struct Organisation {
    /// The organisation's name, as it should be printed.
    pub name: String,
    /// A local phone number, as printed.
    pub phone: Option<String>,
    /// A postal address, printed on one or two lines.
    pub address: Option<String>,
    /// A title for the safety card's front that replaces the language's own.
    pub card_title: Option<String>,
    /// The logo, when there is one.
    pub logo: Option<Logo>,
    /// The file it was read from, for locating problems found later.
    pub file: TomlFile,
}

/// A logo image, read and decoded once so that a broken file fails before any layout runs.
#[derive(Debug, Clone)]
pub struct Logo {
    /// Where layouts find it, such as `/leafpress/org/logo.svg`.
    pub virtual_path: String,
    /// The file's bytes.
    pub bytes: Bytes,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawOrganisation {
    name: Spanned<String>,
    phone: Option<Spanned<String>>,
    address: Option<Spanned<String>>,
    card_title: Option<Spanned<String>>,
    logo: Option<Spanned<PathBuf>>,
}

impl Organisation {
    /// Reads and checks the organisation file at `path`.
    pub fn load(path: &Path) -> Result<Self> {
        let file = TomlFile::read(path)?;
        let raw: RawOrganisation = file.deserialize()?;
        if raw.name.get_ref().trim().is_empty() {
            return Err(file
                .error(raw.name.span(), "the organisation's name is empty")
                .key("name")
                .hint("write the name as it should be printed, such as name = \"Clinic De Brug\"")
                .into());
        }
        refuse_control_characters(&file, &raw)?;
        let phone = match &raw.phone {
            Some(phone) => Some(check_phone(phone.get_ref()).map_err(|message| {
                file.error(phone.span(), message).key("phone").hint(
                    "write the number as it is dialled in Belgium, such as 0X XXX XX XX or \
                     +32 X XXX XX XX, with spaces between groups of digits",
                )
            })?),
            None => None,
        };
        let logo = raw.logo.as_ref().map(|logo| read_logo(&file, logo)).transpose()?;
        let trimmed = |s: Option<Spanned<String>>| {
            s.map(|s| s.into_inner().trim().to_string()).filter(|s| !s.is_empty())
        };
        Ok(Self {
            name: raw.name.into_inner().trim().to_string(),
            phone,
            address: trimmed(raw.address),
            card_title: trimmed(raw.card_title),
            logo,
            file,
        })
    }
}

/// Checks that `phone` looks like a phone number a reader can dial, and returns it trimmed.
/// The number is the organisation's own, so leafpress checks its form, not its truth.
fn check_phone(phone: &str) -> Result<String, String> {
    let phone = phone.trim();
    if let Some(bad) = phone.chars().find(|c| !(c.is_ascii_digit() || " +/.()".contains(*c))) {
        return Err(format!("`{phone}` is not a phone number: it contains `{bad}`"));
    }
    let digits = phone.chars().filter(char::is_ascii_digit).count();
    if !(3..=15).contains(&digits) {
        return Err(format!("`{phone}` is not a phone number: it has {digits} digits"));
    }
    if phone.rfind('+').is_some_and(|i| i > 0) {
        return Err(format!("`{phone}` is not a phone number: `+` may only come first"));
    }
    Ok(phone.to_string())
}

/// Reads and decodes the logo named at `logo`, relative to the organisation file.
fn read_logo(file: &TomlFile, logo: &Spanned<PathBuf>) -> Result<Logo> {
    let base = file.path.parent().unwrap_or(Path::new(""));
    let path = base.join(logo.get_ref());
    let error = |message: String| -> ContentError { file.error(logo.span(), message).key("logo") };
    let extension = path.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase);
    let Some(extension) = extension.filter(|e| e == "svg" || e == "png") else {
        return Err(error(format!("the logo {} is not an SVG or PNG file", path.display()))
            .hint("save the logo as .svg (best for print) or .png")
            .into());
    };
    let cannot_read = |e: std::io::Error| {
        error(format!("cannot read the logo {}: {e}", path.display()))
            .hint("the path is relative to the organisation file; check the file name")
    };
    // Sizes first, from the file system and the header: a small file can hold a picture too
    // large to decode, which must be refused before anything decodes it.
    let too_large = |e: crate::images::TooLarge| {
        error(format!("the logo {} is {}", path.display(), e.reason())).hint(e.hint())
    };
    let length = fs::metadata(&path).map_err(cannot_read)?.len();
    crate::images::check_file_size(length).map_err(too_large)?;
    let bytes = fs::read(&path).map(Bytes::new).map_err(cannot_read)?;
    crate::images::check(&bytes).map_err(too_large)?;
    if extension == "svg"
        && let Some(href) = external_reference(&bytes)
    {
        return Err(error(format!(
            "the logo {} refers to another file, `{}`, which leafpress cannot embed",
            path.display(),
            shorten(&href, 60)
        ))
        .hint("embed the picture in the SVG (in Inkscape: Extensions → Images → Embed Images), or save the logo as PNG")
        .into());
    }
    let decoded = if extension == "svg" {
        SvgImage::new(bytes.clone()).map(drop).map_err(|_| "it is not valid SVG".to_string())
    } else {
        RasterImage::plain(bytes.clone(), ExchangeFormat::Png).map(drop).map_err(|e| e.to_string())
    };
    decoded.map_err(|reason| {
        error(format!("the logo {} cannot be read as {extension}: {reason}", path.display()))
            .hint("open it in an image editor and export it again")
    })?;
    Ok(Logo { virtual_path: format!("{LOGO_DIR}/logo.{extension}"), bytes })
}

/// Refuses a control character (NUL, an escape…) in the texts the organisation prints, at
/// the place it is written: it would print as nothing, or break the page.
fn refuse_control_characters(file: &TomlFile, raw: &RawOrganisation) -> Result<()> {
    let texts = [("name", Some(&raw.name)), ("address", raw.address.as_ref())];
    let texts = texts.into_iter().chain([("card_title", raw.card_title.as_ref())]);
    for (key, value) in texts.filter_map(|(key, value)| Some((key, value?))) {
        if let Some((_, c)) = control_character(value.get_ref()) {
            let (message, hint) = control_message(&format!("the {key}"), c);
            let span = escape_span(&file.text, value.span(), c).unwrap_or(value.span());
            return Err(file.error(span, message).key(key).hint(hint).into());
        }
    }
    Ok(())
}

/// The first reference in an SVG to something outside it: an `href` (to an image or a font)
/// or a CSS `url(…)` that is not a `#fragment` of the file itself or inline `data:`.
fn external_reference(svg: &[u8]) -> Option<String> {
    let text = String::from_utf8_lossy(svg);
    let inside = |value: &str| value.starts_with('#') || value.starts_with("data:");
    let mut rest = text.as_ref();
    while let Some(at) = rest.find("href") {
        rest = rest[at + 4..].trim_start();
        let Some(after) = rest.strip_prefix('=') else { continue };
        let after = after.trim_start();
        let Some(quote) = after.chars().next().filter(|c| *c == '"' || *c == '\'') else {
            continue;
        };
        let value = &after[1..];
        let value = value[..value.find(quote).unwrap_or(value.len())].trim();
        if !inside(value) {
            return Some(value.to_string());
        }
    }
    let mut rest = text.as_ref();
    while let Some(at) = rest.find("url(") {
        rest = &rest[at + 4..];
        let value = rest[..rest.find(')').unwrap_or(rest.len())].trim();
        let value = value.trim_matches(|c| c == '"' || c == '\'').trim();
        if !inside(value) {
            return Some(value.to_string());
        }
    }
    None
}

/// At most `width` characters of `text`, cut with `…`, so that a message stays one line.
fn shorten(text: &str, width: usize) -> String {
    if text.chars().count() <= width {
        return text.to_string();
    }
    let kept: String = text.chars().take(width - 1).collect();
    format!("{kept}…")
}

#[cfg(test)]
mod tests {
    use super::{check_phone, external_reference};

    #[test]
    fn external_references_in_an_svg_are_found() {
        let svg = |body: &str| format!("<svg xmlns=\"http://www.w3.org/2000/svg\">{body}</svg>");
        assert_eq!(external_reference(svg("<rect fill=\"url(#g)\"/>").as_bytes()), None);
        assert_eq!(external_reference(svg("<use href=\"#a\"/>").as_bytes()), None);
        let inline = svg("<image href=\"data:image/png;base64,AAAA\"/>");
        assert_eq!(external_reference(inline.as_bytes()), None);
        let linked = svg("<image xlink:href = 'photo.png'/>");
        assert_eq!(external_reference(linked.as_bytes()).as_deref(), Some("photo.png"));
        let styled = svg("<style>rect { fill: url(\"https://example.org/p.svg\") }</style>");
        assert_eq!(
            external_reference(styled.as_bytes()).as_deref(),
            Some("https://example.org/p.svg")
        );
    }

    #[test]
    fn phone_numbers_are_checked_for_form() {
        assert!(check_phone("+32 (0)2 555 12 34").is_ok());
        assert_eq!(
            check_phone("call us").unwrap_err(),
            "`call us` is not a phone number: it contains `c`"
        );
        assert_eq!(check_phone("12").unwrap_err(), "`12` is not a phone number: it has 2 digits");
        assert_eq!(
            check_phone("02+000").unwrap_err(),
            "`02+000` is not a phone number: `+` may only come first"
        );
    }
}
