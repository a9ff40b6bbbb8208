//! URL hygiene: every web address and QR payload in the directory is https, carries no tracking
//! parameters and goes through no URL shortener. A reader in danger should land on the service's
//! own page, and nobody should learn that they scanned it.

use super::Diagnostic;
use crate::content::TomlFile;
use crate::content::services::Directory;
use crate::diagnostic::{Location, Place};
use crate::truth::web::{SHORTENERS, tracker};

/// Every hygiene problem with the directory's addresses, located in `file` (services.toml).
pub fn check(directory: &Directory, file: &TomlFile) -> Vec<Diagnostic> {
    let mut findings = Vec::new();
    for service in directory.iter() {
        let key = format!("services.{}", service.id);
        let web = service.web.iter().map(|w| ("web", w));
        for (field, url) in web.chain(service.tel.iter().map(|t| ("tel", t))) {
            let problem = if field == "web" { web_problem(url) } else { tel_problem(url) };
            let Some((message, hint)) = problem else { continue };
            let mut finding =
                Diagnostic::error("urls", message).keys([format!("{key}.{field}")]).hint(hint);
            if let Some(at) = file.text.find(url.as_str()) {
                let location = Location::of(&file.text, at..at + url.len());
                finding = finding.at(Place::at(&file.path, &location));
            }
            findings.push(finding);
        }
    }
    findings
}

/// What is wrong with a web address, and how to fix it.
pub fn web_problem(url: &str) -> Option<(String, String)> {
    let Some(rest) = url.strip_prefix("https://") else {
        return Some((
            format!("`{url}` is not an https address"),
            "write the address with https://, as the service's site gives it".into(),
        ));
    };
    let host = rest.split(['/', '?', '#']).next().unwrap_or_default().to_lowercase();
    let host = host.strip_prefix("www.").unwrap_or(&host);
    if SHORTENERS.contains(&host) {
        return Some((
            format!("`{url}` goes through the URL shortener {host}"),
            "use the address the shortener leads to, from the seeds".into(),
        ));
    }
    tracker(rest).map(|name| {
        (
            format!("`{url}` carries the tracking parameter `{name}`"),
            "remove the parameter: it tells a third party that someone scanned the code".into(),
        )
    })
}

/// What is wrong with a dialable `tel:` payload, and how to fix it.
fn tel_problem(tel: &str) -> Option<(String, String)> {
    let number = tel.strip_prefix("tel:").unwrap_or_default();
    let digits = number.strip_prefix('+').unwrap_or(number);
    let fine =
        tel.starts_with("tel:") && !digits.is_empty() && digits.chars().all(|c| c.is_ascii_digit());
    (!fine).then(|| {
        (
            format!("`{tel}` is not a dialable tel: address"),
            "write tel:, a plus sign and the number in international form, digits only, as the other \
             services in content/services.toml do"
                .into(),
        )
    })
}

#[cfg(test)]
mod tests;
