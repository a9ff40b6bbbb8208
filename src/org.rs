//! Organisation files (`--org clinic.toml`): the name, logo, local phone number and address of
//! the clinic or NGO that hands out the documents, checked before any layout runs.

use std::collections::HashMap;
use std::fs;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use toml::Spanned;
use typst::foundations::Bytes;
use typst::layout::{Abs, Frame, FrameItem, Point, Size};
use typst::syntax::Span;
use typst::visualize::{ExchangeFormat, Image, ImageKind, RasterImage, SvgImage};

use crate::content::services::dialable;
use crate::content::{TomlFile, control_character, control_message, escape_span};
use crate::contract::LOGO_DIR;
use crate::diagnostic::Place;
use crate::error::{ContentError, Result};
use crate::truth;

/// How many pixels across a logo is rendered to look for QR codes in it.
const LOGO_PIXELS: f64 = 600.0;

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

/// Words that name violence or abuse, as stems in the shipped languages: a card whose front
/// says them is not safe to carry.
const UNSAFE_WORDS: &[&str] = &[
    "violen",
    "abus",
    "geweld",
    "misbruik",
    "mishandel",
    "gewalt",
    "missbrauch",
    "maltrat",
    "przemoc",
    "nadużyc",
    "насил",
    "зловжив",
    "şiddet",
    "istismar",
    "dhun",
    "abuz",
    "عنف",
    "إساءة",
    "خشونت",
    "آزار",
    "تاوتریخوالی",
    "ጥቃት",
    "tortur",
    "battered",
];

impl Organisation {
    /// Reads and checks the organisation file at `path`. `directory` holds every payload a
    /// directory code carries ([`crate::project::Project::qr_allowed`]): a logo that is a QR
    /// code must carry one of them, or the organisation's own number.
    pub fn load(path: &Path, directory: &HashMap<String, String>) -> Result<Self> {
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
        check_text(&file, "name", &raw.name, false)?;
        if let Some(address) = &raw.address {
            check_text(&file, "address", address, true)?;
        }
        if let Some(title) = &raw.card_title {
            check_text(&file, "card_title", title, false)?;
        }
        let logo = match &raw.logo {
            Some(logo) => Some(read_logo(&file, logo, phone.as_deref(), directory)?),
            None => None,
        };
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

impl Organisation {
    /// The QR payload of the organisation's own number, with the number as printed.
    pub fn own_code(&self) -> Option<(String, String)> {
        let phone = self.phone.clone()?;
        Some((dialable(&phone).ok()?, phone))
    }

    /// Where `key` is written in the organisation file.
    pub fn locate(&self, key: &str) -> Option<Place> {
        let text = &self.file.text;
        let mut starts = text.match_indices(key).map(|(at, _)| at);
        let at = starts.find(|&at| {
            (at == 0 || text[..at].ends_with('\n'))
                && text[at + key.len()..].trim_start().starts_with('=')
        })?;
        Some(Place::in_text(&self.file.path, text, at..at + key.len()))
    }

    /// The key of the organisation's text that `printed` is part of: `name`, `address` or
    /// `card_title`, for naming what ran off a page. Short pieces prove nothing.
    pub fn key_of(&self, printed: &str) -> Option<&'static str> {
        let printed = printed.trim();
        if printed.chars().filter(|c| !c.is_whitespace()).count() < 4 {
            return None;
        }
        let fields = [
            ("name", Some(&self.name)),
            ("address", self.address.as_ref()),
            ("card_title", self.card_title.as_ref()),
        ];
        fields
            .into_iter()
            .find_map(|(key, value)| value.filter(|v| v.contains(printed)).map(|_| key))
    }

    /// The word in the card title that names violence or abuse, if any: a card that says it
    /// is not safe to carry.
    pub fn unsafe_card_title(&self) -> Option<&'static str> {
        let title = self.card_title.as_deref()?.to_lowercase();
        UNSAFE_WORDS.iter().copied().find(|word| title.contains(word))
    }
}

/// Refuses what an organisation's texts must not hold: invisible characters anywhere, phone
/// numbers and web addresses outside the `phone` field (the `address` may hold the digits of
/// a postal address, but only in ASCII), each at its place in the file.
fn check_text(file: &TomlFile, key: &str, value: &Spanned<String>, postal: bool) -> Result<()> {
    let text = value.get_ref();
    let at = |range: std::ops::Range<usize>| inner(file, value, range);
    if let Some((i, c)) = text.char_indices().find(|(_, c)| truth::is_invisible(*c)) {
        return Err(file
            .error(at(i..i + c.len_utf8()), format!("invisible character U+{:04X}", c as u32))
            .key(key)
            .hint("delete it: it prints nothing and can hide what a number or address says")
            .into());
    }
    let numbers = truth::numbers(text);
    // A postal address keeps its house numbers and postcode, written in plain ASCII digits.
    let plain =
        |n: &truth::Number| n.written.chars().filter(char::is_ascii_digit).eq(n.digits.chars());
    let number = numbers.into_iter().find(|n| !postal || !plain(n));
    if let Some(number) = number {
        return Err(file
            .error(
                at(number.span.clone()),
                format!("`{}` looks like a phone number", number.written),
            )
            .key(key)
            .hint("put your own number in `phone`; other numbers come only from the directory")
            .into());
    }
    if let Some(address) = truth::web::addresses(text).into_iter().next() {
        return Err(file
            .error(
                at(address.span.clone()),
                format!("`{}` looks like a web address", address.written),
            )
            .key(key)
            .hint("an organisation file holds no web addresses; they come only from the directory")
            .into());
    }
    Ok(())
}

/// The file span of a byte range inside a string value: exact when the string is written
/// plainly in double quotes, else the whole value.
fn inner(
    file: &TomlFile,
    value: &Spanned<String>,
    range: std::ops::Range<usize>,
) -> std::ops::Range<usize> {
    let span = value.span();
    let plain = file.text.get(span.clone()) == Some(&format!("\"{}\"", value.get_ref()));
    if plain { span.start + 1 + range.start..span.start + 1 + range.end } else { span }
}

/// Checks that `phone` looks like a phone number a reader can dial, and returns it trimmed.
/// The number is the organisation's own, so leafpress checks its form, not its truth.
fn check_phone(phone: &str) -> Result<String, String> {
    let phone = phone.trim();
    if let Some(bad) = phone.chars().find(|c| !(c.is_ascii_digit() || " +/.()".contains(*c))) {
        let (phone, bad) = (truth::shown(phone), truth::shown(&bad.to_string()));
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

/// Reads the logo named at `logo`, and refuses it where it is a QR code for anything but a
/// payload in `directory` or the organisation's own `phone`: it would print on every document.
fn read_logo(
    file: &TomlFile,
    logo: &Spanned<PathBuf>,
    phone: Option<&str>,
    directory: &HashMap<String, String>,
) -> Result<Logo> {
    let (read, codes) = decode_logo(file, logo)?;
    let own = phone.and_then(|p| dialable(p).ok());
    let known = |code: &&String| directory.contains_key(*code) || Some(*code) == own.as_ref();
    let Some(code) = codes.iter().find(|code| !known(code)) else { return Ok(read) };
    let message = format!(
        "the logo {} is a QR code for {code}, which is not in content/services.toml or the \
         organisation file",
        logo.get_ref().display()
    );
    Err(file
        .error(logo.span(), message)
        .key("logo")
        .hint(
            "use a logo without a QR code: it prints on every document, and every code must lead \
             to a number or address from the directory",
        )
        .into())
}

/// Reads and decodes the logo named at `logo`, relative to the organisation file, with what
/// the QR codes in it encode.
fn decode_logo(file: &TomlFile, logo: &Spanned<PathBuf>) -> Result<(Logo, Vec<String>)> {
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
        SvgImage::new(bytes.clone()).map(ImageKind::from).map_err(|_| "it is not valid SVG".into())
    } else {
        let raster = RasterImage::plain(bytes.clone(), ExchangeFormat::Png);
        raster.map(ImageKind::from).map_err(|e| e.to_string())
    };
    let image = decoded.map_err(|reason: String| {
        error(format!("the logo {} cannot be read as {extension}: {reason}", path.display()))
            .hint("open it in an image editor and export it again")
    })?;
    let codes = codes_in(image);
    Ok((Logo { virtual_path: format!("{LOGO_DIR}/logo.{extension}"), bytes }, codes))
}

/// The QR codes in an image, read from a render at most [`LOGO_PIXELS`] across.
fn codes_in(kind: ImageKind) -> Vec<String> {
    let image = Image::plain(kind);
    let (width, height) = (image.width(), image.height());
    if !(width > 0.0 && height > 0.0) {
        return Vec::new();
    }
    let scale = LOGO_PIXELS / width.max(height);
    let size = Size::new(Abs::pt(width * scale), Abs::pt(height * scale));
    let mut frame = Frame::hard(size);
    frame.push(Point::zero(), FrameItem::Image(image, size, Span::detached()));
    crate::qr::decode_frame(frame, 1.0)
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
    use super::*;

    fn file(text: &str) -> TomlFile {
        TomlFile { path: PathBuf::from("clinic.toml"), text: text.into() }
    }

    fn organisation(card_title: &str) -> Organisation {
        Organisation {
            name: "Clinic De Linde".into(),
            phone: None,
            address: Some("Lindestraat 1, 1000 Brussel".into()),
            card_title: Some(card_title.into()),
            logo: None,
            file: file("name = \"Clinic De Linde\"\ncard_title = \"x\"\n"),
        }
    }

    #[test]
    fn texts_hold_no_numbers_addresses_or_invisible_characters() {
        // Digits in a name, of no real number: a phone number is refused there whatever it is.
        let text = "name = \"Clinic 1111 11 111\"";
        let value = Spanned::new(7..27, "Clinic 1111 11 111".to_string());
        assert!(check_text(&file(text), "name", &value, false).is_err());
        let text = "address = \"Lindestraat 1, 1000 Brussel\"";
        let value = Spanned::new(10..39, "Lindestraat 1, 1000 Brussel".to_string());
        assert!(check_text(&file(text), "address", &value, true).is_ok());
        let value = Spanned::new(10..39, "Lindestraat 1, ١٠٠٠ Brussel".to_string());
        assert!(check_text(&file(text), "address", &value, true).is_err());
        let value = Spanned::new(10..39, "Clinic\u{200B}".to_string());
        assert!(check_text(&file(text), "name", &value, false).is_err());
    }

    #[test]
    fn a_card_title_that_names_violence_is_found() {
        assert_eq!(organisation("Stop Violence Now").unsafe_card_title(), Some("violen"));
        assert_eq!(organisation("Hulp bij geweld").unsafe_card_title(), Some("geweld"));
        assert_eq!(organisation("Useful numbers").unsafe_card_title(), None);
    }

    #[test]
    fn organisation_texts_are_found_and_located() {
        let org = organisation("Useful numbers");
        assert_eq!(org.key_of("Clinic De"), Some("name"));
        assert_eq!(org.key_of("1000 Brussel"), Some("address"));
        assert_eq!(org.key_of("De"), None);
        assert_eq!(
            org.locate("card_title").map(|p| p.to_string()).as_deref(),
            Some("clinic.toml:2:1")
        );
    }

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
