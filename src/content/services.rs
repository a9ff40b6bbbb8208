//! The service directory, `content/services.toml`: the only source of phone numbers and web
//! addresses, checked so that every number dials what it prints.

use std::collections::BTreeMap;
use std::path::Path;

use serde::Deserialize;
use toml::Spanned;

use super::TomlFile;
use crate::content::markup::is_id;
use crate::error::Result;
use crate::truth::is_invisible;
use crate::truth::web::host_problem;

/// Every help service the documents may name, by id.
#[derive(Debug, Clone)]
pub struct Directory {
    services: BTreeMap<String, Service>,
}

/// One help service, as the seeds give it. Absent fields are gaps in the sources, not errors.
#[derive(Debug, Clone, PartialEq)]
pub struct Service {
    /// Stable id, used by texts and layouts.
    pub id: String,
    /// Its own name, as printed in the sources.
    pub name: Option<String>,
    /// The number exactly as printed in Belgium, digits grouped by spaces.
    pub phone: Option<String>,
    /// The dialable URI for QR codes: `tel:`, then the number in international form (or a short
    /// number as it is).
    pub tel: Option<String>,
    /// The web address, always https.
    pub web: Option<String>,
    /// When it can be reached.
    pub hours: Option<Hours>,
    /// The languages it answers in (ISO 639-1), where the sources say so.
    pub languages: Vec<String>,
}

/// Opening hours, as data so that each language can print them its own way.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Hours {
    /// Day and night, every day.
    Always,
    /// Between two times, on a span of weekdays when the sources name them.
    Daily { days: Option<(Day, Day)>, from: String, to: String },
}

/// A day of the week.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Day {
    Mon,
    Tue,
    Wed,
    Thu,
    Fri,
    Sat,
    Sun,
}

impl Day {
    /// All days, Monday first.
    pub const ALL: [Day; 7] =
        [Day::Mon, Day::Tue, Day::Wed, Day::Thu, Day::Fri, Day::Sat, Day::Sun];

    /// The three-letter key used in content files.
    pub fn key(self) -> &'static str {
        ["mon", "tue", "wed", "thu", "fri", "sat", "sun"][self as usize]
    }

    fn parse(key: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|day| day.key() == key)
    }
}

impl Directory {
    /// Looks up a service by id.
    pub fn get(&self, id: &str) -> Option<&Service> {
        self.services.get(id)
    }

    /// All services, ordered by id.
    pub fn iter(&self) -> impl Iterator<Item = &Service> {
        self.services.values()
    }

    /// Builds a directory from already-checked services (used by tests and tools).
    pub fn from_services(services: impl IntoIterator<Item = Service>) -> Self {
        Self { services: services.into_iter().map(|s| (s.id.clone(), s)).collect() }
    }

    /// Reads and checks `path`.
    pub fn load(path: &Path) -> Result<Self> {
        let file = TomlFile::read(path)?;
        let raw: RawFile = file.deserialize()?;
        let mut services = BTreeMap::new();
        for (id, raw) in raw.services {
            let service = raw.check(&file, &id)?;
            services.insert(service.id.clone(), service);
        }
        Ok(Self { services })
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    services: BTreeMap<Spanned<String>, RawService>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawService {
    name: Option<String>,
    phone: Option<Spanned<String>>,
    tel: Option<Spanned<String>>,
    web: Option<Spanned<String>>,
    hours: Option<Spanned<RawHours>>,
    #[serde(default)]
    languages: Vec<Spanned<String>>,
    #[allow(dead_code, reason = "documents provenance for people; not printed")]
    source: Option<String>,
    #[allow(dead_code, reason = "documents gaps for people; not printed")]
    gaps: Option<String>,
}

#[derive(Deserialize)]
#[serde(untagged)]
enum RawHours {
    Text(String),
    Daily { days: Option<String>, from: String, to: String },
}

impl RawService {
    fn check(self, file: &TomlFile, id: &Spanned<String>) -> Result<Service> {
        let key = |field: &str| format!("services.{}.{field}", id.get_ref());
        if !is_id(id.get_ref()) {
            return Err(file
                .error(id.span(), "invalid service id")
                .key(format!("services.{}", id.get_ref()))
                .hint("ids use lowercase letters, digits and `-`, such as `helpline-1712`")
                .into());
        }
        check_phone_pair(file, &self.phone, &self.tel, &key)?;
        if let Some(web) = &self.web {
            check_web(web.get_ref()).map_err(|hint| {
                file.error(web.span(), "invalid web address").key(key("web")).hint(hint)
            })?;
        }
        for language in &self.languages {
            let code = language.get_ref();
            if code.len() != 2 || !code.chars().all(|c| c.is_ascii_lowercase()) {
                return Err(file
                    .error(language.span(), format!("`{code}` is not a language code"))
                    .key(key("languages"))
                    .hint("use two-letter ISO 639-1 codes, such as \"nl\" or \"fr\"")
                    .into());
            }
        }
        let hours = match self.hours {
            Some(hours) => Some(check_hours(hours.get_ref()).map_err(|hint| {
                file.error(hours.span(), "invalid opening hours").key(key("hours")).hint(hint)
            })?),
            None => None,
        };
        Ok(Service {
            id: id.get_ref().clone(),
            name: self.name,
            phone: self.phone.map(Spanned::into_inner),
            tel: self.tel.map(Spanned::into_inner),
            web: self.web.map(Spanned::into_inner),
            hours,
            languages: self.languages.into_iter().map(Spanned::into_inner).collect(),
        })
    }
}

/// A printed number and its dialable form must come together and agree, so that a QR code
/// never dials something other than the number beside it.
fn check_phone_pair(
    file: &TomlFile,
    phone: &Option<Spanned<String>>,
    tel: &Option<Spanned<String>>,
    key: &dyn Fn(&str) -> String,
) -> Result<()> {
    match (phone, tel) {
        (None, None) => Ok(()),
        (Some(phone), None) => Err(file
            .error(phone.span(), "a phone number needs its dialable form")
            .key(key("tel"))
            .hint(match dialable(phone.get_ref()) {
                Ok(uri) => format!("add tel = \"{uri}\""),
                Err(hint) => hint,
            })
            .into()),
        (None, Some(tel)) => Err(file
            .error(tel.span(), "a dialable form needs the number as printed")
            .key(key("phone"))
            .hint("add phone = \"…\", exactly as the source prints it")
            .into()),
        (Some(phone), Some(tel)) => {
            let expected = dialable(phone.get_ref()).map_err(|hint| {
                file.error(phone.span(), "invalid phone number").key(key("phone")).hint(hint)
            })?;
            if tel.get_ref() == &expected {
                return Ok(());
            }
            Err(file
                .error(
                    tel.span(),
                    format!("`{}` does not dial `{}`", tel.get_ref(), phone.get_ref()),
                )
                .key(key("tel"))
                .hint(format!("the printed number dials as \"{expected}\""))
                .into())
        }
    }
}

/// Belgium's country calling code.
const BELGIUM: &str = "32";

/// Turns a number as printed in Belgium into its `tel:` URI: a national number loses its trunk
/// 0 and gains +32, an international one drops its "(0)", and short numbers stay as they are.
/// The unit tests show examples.
pub fn dialable(printed: &str) -> Result<String, String> {
    let allowed = |c: char| c.is_ascii_digit() || matches!(c, ' ' | '+' | '(' | ')');
    if printed.is_empty() || !printed.chars().all(allowed) {
        return Err("write the number with digits and spaces only, such as \"0X XXX XX XX\"".into());
    }
    let international = printed.trim_start().starts_with('+');
    let without_trunk = printed.replace("(0)", "");
    let digits: String = without_trunk.chars().filter(char::is_ascii_digit).collect();
    match (international, digits.strip_prefix('0')) {
        (true, _) if digits.starts_with(BELGIUM) && digits.len() >= 10 => {
            Ok(format!("tel:+{digits}"))
        }
        (false, Some(national)) if digits.len() >= 9 => Ok(format!("tel:+{BELGIUM}{national}")),
        (false, None) if (3..=6).contains(&digits.len()) => Ok(format!("tel:{digits}")),
        _ => Err("expected a Belgian number (0… with 9 or 10 digits, or +32 …) or a short \
                  number"
            .into()),
    }
}

/// Web addresses must be https and plain, so they print and scan the same, and their host a
/// domain a reader can trust: under a known public suffix, in one script, with plain dots,
/// through no shortener.
pub fn check_web(web: &str) -> Result<(), String> {
    let Some(rest) = web.strip_prefix("https://") else {
        return Err("web addresses start with https://".into());
    };
    let host = rest.split(['/', '?', '#']).next().unwrap_or_default();
    let bad = |c: char| c.is_whitespace() || c == '\\' || c == '"' || is_invisible(c);
    if !host.contains('.') || host.starts_with('.') || host.ends_with('.') || rest.contains(bad) {
        return Err("expected an address such as \"https://www.example.be/page\", with no spaces \
                    or backslashes"
            .into());
    }
    match host_problem(host) {
        Some(problem) => Err(format!("{problem}; copy the address from the seeds")),
        None => Ok(()),
    }
}

fn check_hours(raw: &RawHours) -> Result<Hours, String> {
    let shape = "write \"24/7\" or { days = \"mon-fri\", from = \"09:00\", to = \"17:00\" }";
    match raw {
        RawHours::Text(text) if text == "24/7" => Ok(Hours::Always),
        RawHours::Text(_) => Err(shape.into()),
        RawHours::Daily { days, from, to } => {
            let days = days.as_deref().map(parse_days).transpose()?;
            if !is_time(from) || !is_time(to) || from >= to {
                return Err(format!("times are HH:MM and `from` comes before `to`; {shape}"));
            }
            Ok(Hours::Daily { days, from: from.clone(), to: to.clone() })
        }
    }
}

fn parse_days(text: &str) -> Result<(Day, Day), String> {
    let (first, last) = text.split_once('-').unwrap_or((text, text));
    match (Day::parse(first), Day::parse(last)) {
        (Some(first), Some(last)) if first <= last => Ok((first, last)),
        _ => Err(format!(
            "`{text}` is not a span of days; use mon, tue, wed, thu, fri, sat, sun, \
                          as in \"mon-fri\""
        )),
    }
}

fn is_time(time: &str) -> bool {
    let Some((h, m)) = time.split_once(':') else { return false };
    let two_digits = |s: &str| s.len() == 2 && s.chars().all(|c| c.is_ascii_digit());
    two_digits(h) && two_digits(m) && h < "24" && m < "60"
}

#[cfg(test)]
mod tests;
