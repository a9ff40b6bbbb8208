//! Unit tests for `services`, kept apart because they spell out example numbers.

use super::*;

#[test]
fn belgian_numbers_become_tel_uris() {
    assert_eq!(dialable("0800 30 030").unwrap(), "tel:+3280030030");
    assert_eq!(dialable("02 535 45 42").unwrap(), "tel:+3225354542");
    assert_eq!(dialable("+32 (0)2 629 77 10").unwrap(), "tel:+3226297710");
    assert_eq!(dialable("1712").unwrap(), "tel:1712");
    assert_eq!(dialable("112").unwrap(), "tel:112");
    assert!(dialable("02-535").is_err());
    assert!(dialable("0800 30").is_err());
}

#[test]
fn web_addresses_must_be_plain_https() {
    assert!(check_web("https://www.1712.be").is_ok());
    assert!(check_web("http://www.1712.be").is_err());
    assert!(check_web("https://www.x.be\\maisons.php").is_err());
    assert!(check_web("https://localhost").is_err());
}

#[test]
fn hours_are_checked() {
    let daily = |days: Option<&str>, from: &str, to: &str| RawHours::Daily {
        days: days.map(String::from),
        from: from.into(),
        to: to.into(),
    };
    assert_eq!(check_hours(&RawHours::Text("24/7".into())), Ok(Hours::Always));
    assert!(check_hours(&daily(Some("mon-fri"), "09:00", "17:00")).is_ok());
    assert!(check_hours(&daily(Some("fri-mon"), "09:00", "17:00")).is_err());
    assert!(check_hours(&daily(None, "17:00", "09:00")).is_err());
    assert!(check_hours(&daily(None, "9:00", "17:00")).is_err());
}
