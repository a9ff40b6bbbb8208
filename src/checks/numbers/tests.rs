//! Unit tests of the numbers check, kept apart because they hold real numbers and addresses.

use super::*;

#[test]
fn phone_numbers_are_found_whole() {
    assert_eq!(phone_tokens("call 0800 30 030 (French)"), vec!["0800 30 030"]);
    assert_eq!(phone_tokens("+32 (0)2 629 77 10 or 112"), vec!["+32 (0)2 629 77 10", "112"]);
    assert_eq!(phone_tokens("Mon–Fri 09:00–17:00, 24/7, page 12"), Vec::<String>::new());
    assert_eq!(phone_tokens("0800 30030"), vec!["0800 30030"]);
    assert_eq!(phone_tokens("04 367 93 11 24/7"), vec!["04 367 93 11"]);
    assert_eq!(phone_tokens("1712  9"), vec!["1712"]);
    assert_eq!(phone_tokens("call 0800 13 500."), vec!["0800 13 500"]);
    assert_eq!(phone_tokens(".0800 13 500، أو"), vec!["0800 13 500"]);
    assert_eq!(phone_tokens("02 512 62 43 09:00–17:00"), vec!["02 512 62 43"]);
}

#[test]
fn web_addresses_are_found_without_punctuation() {
    assert_eq!(web_tokens("see www.caw.be."), vec!["www.caw.be"]);
    assert_eq!(web_tokens("کنید.www.desocialekaart.be"), vec!["www.desocialekaart.be"]);
    assert_eq!(web_tokens("شته.www.politie.be/nlپه"), vec!["www.politie.be/nl"]);
    assert_eq!(web_tokens("at www.agii.be/\u{200B}thema/"), vec!["www.agii.be/thema/"]);
    assert_eq!(web_tokens("no address here, e.g. i.e."), Vec::<String>::new());
}
