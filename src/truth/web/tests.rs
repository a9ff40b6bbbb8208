//! Unit tests of what a web address is, kept apart because they spell out addresses.

use super::*;

fn found(text: &str) -> Vec<String> {
    addresses(text).into_iter().map(|a| a.written).collect()
}

fn problem(text: &str) -> Option<String> {
    addresses(text).into_iter().next().and_then(|a| a.problem)
}

#[test]
fn addresses_under_any_public_suffix_are_found() {
    assert_eq!(found("see www.caw.be."), ["www.caw.be"]);
    assert_eq!(
        found("see caw-help.info, caw.fr or help.museum"),
        ["caw-help.info", "caw.fr", "help.museum"]
    );
    assert_eq!(found("https://example.org/a?b=1"), ["example.org/a?b=1"]);
    assert_eq!(found("write to info@caw.be"), ["caw.be"]);
    assert_eq!(found("no address here, e.g. i.e. etc. 1.5 a.m."), Vec::<String>::new());
}

#[test]
fn right_to_left_neighbours_are_not_part_of_the_address() {
    assert_eq!(found("کنید.www.desocialekaart.be"), ["www.desocialekaart.be"]);
    assert_eq!(found("شته.www.politie.be/nlپه"), ["www.politie.be/nl"]);
    assert_eq!(found("at www.agii.be/\u{200B}thema/"), ["www.agii.be/thema/"]);
}

#[test]
fn disguised_addresses_are_found_and_refused() {
    assert_eq!(found("caw.b\u{435}"), ["caw.b\u{435}"]);
    assert_eq!(problem("caw.b\u{435}").unwrap(), "it mixes Latin and Cyrillic letters");
    assert_eq!(found("caw\u{2024}be"), ["caw\u{2024}be"]);
    assert_eq!(
        problem("caw\u{2024}be").unwrap(),
        "it joins its labels with U+2024 instead of a full stop"
    );
    assert_eq!(
        problem("\u{441}\u{430}\u{445}.be").unwrap(),
        "its Cyrillic letters look like the Latin `cax`"
    );
    assert_eq!(problem("bit.ly/abc").unwrap(), "it goes through the URL shortener bit.ly");
    assert_eq!(
        problem("caw.be?utm_source=x").unwrap(),
        "it carries the tracking parameter `utm_source`"
    );
    assert_eq!(problem("www.caw.be"), None);
}

#[test]
fn directory_hosts_must_be_plain_domains() {
    assert_eq!(host_problem("www.1712.be"), None);
    assert_eq!(host_problem("localhost").unwrap(), "`localhost` is not a domain name");
    assert!(host_problem("caw.b\u{435}").is_some());
}

#[test]
fn odd_words_do_not_panic() {
    let odd = [
        "",
        "http://",
        "https://",
        "www.",
        ".",
        "..",
        "@",
        "a.",
        ".be",
        "https://www.",
        "x@",
        "@.be",
        "ر.be",
        "beر",
        "www.caw.beر.com",
        "\u{200B}.\u{200B}",
        "http://\u{2024}",
        "a\u{2024}",
        "٠.٠",
    ];
    for text in odd {
        let _ = addresses(text);
        let _ = crate::truth::numbers(text);
        let _ = host_problem(text);
    }
}
