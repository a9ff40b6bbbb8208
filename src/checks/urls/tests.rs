//! Unit tests of the urls check, kept apart because they hold real numbers and addresses.

use super::*;

#[test]
fn clean_addresses_pass() {
    assert_eq!(web_problem("https://www.caw.be"), None);
    assert_eq!(web_problem("https://www.belgium.be/nl/familie/sociale_steun/ocmw"), None);
    assert_eq!(web_problem("https://example.be/?page=2"), None);
}

#[test]
fn tracking_shorteners_and_http_are_refused() {
    let message = |url| web_problem(url).map(|(m, _)| m);
    assert_eq!(
        message("https://www.caw.be/?utm_source=leaflet"),
        Some(
            "`https://www.caw.be/?utm_source=leaflet` carries the tracking parameter `utm_source`"
                .into()
        )
    );
    assert!(message("https://www.caw.be/?a=1&fbclid=x").is_some());
    assert!(message("https://bit.ly/abc").unwrap().contains("shortener bit.ly"));
    assert!(message("http://www.caw.be").unwrap().contains("not an https"));
}

#[test]
fn tel_addresses_are_digits() {
    assert_eq!(tel_problem("tel:+3280013500"), None);
    assert_eq!(tel_problem("tel:112"), None);
    assert!(tel_problem("tel:0800 13 500").is_some());
}
