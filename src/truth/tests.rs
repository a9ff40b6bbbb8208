//! Unit tests of what a phone number is, kept apart because they spell out numbers.

use super::*;

fn found(text: &str) -> Vec<String> {
    numbers(text).into_iter().map(|n| n.written).collect()
}

fn digits(text: &str) -> Vec<String> {
    numbers(text).into_iter().map(|n| n.digits).collect()
}

#[test]
fn plain_numbers_are_found_whole() {
    assert_eq!(found("call 0800 30 030 (French)"), ["0800 30 030"]);
    assert_eq!(found("+32 (0)2 629 77 10 or 112"), ["+32 (0)2 629 77 10", "112"]);
    assert_eq!(found("Mon–Fri 09:00–17:00, 24/7, 7/24, 24h/24"), Vec::<String>::new());
    assert_eq!(found("04 367 93 11 24/7"), ["04 367 93 11"]);
    assert_eq!(found("02 512 62 43 09:00–17:00"), ["02 512 62 43"]);
    assert_eq!(found("call 0800 13 500."), ["0800 13 500"]);
    assert_eq!(found("112. 101"), ["112", "101"]);
    assert_eq!(found("2 people, 9 to 17 h"), Vec::<String>::new());
}

#[test]
fn digits_of_every_script_count() {
    assert_eq!(digits("اتصل ٠٨٠٠ ٣٠ ٠٣١"), ["080030031"]);
    assert_eq!(digits("۰۸۰۰ ۳۰ ۰۳۱"), ["080030031"]);
    assert_eq!(digits("０８００ ３０ ０３１"), ["080030031"]);
    assert_eq!(digits("⁰⁸⁰⁰ ₃₀ ⁰³¹"), ["080030031"]);
    assert_eq!(digits("፩፪፫"), Vec::<String>::new(), "Ethiopic numerals are no decimal digits");
}

#[test]
fn invisible_characters_and_odd_separators_do_not_hide_a_number() {
    assert_eq!(
        digits("0\u{2063}8\u{2063}0\u{2063}0\u{2063}3\u{2063}0\u{2063}0\u{2063}3\u{2063}1"),
        ["080030031"]
    );
    assert_eq!(digits("0\u{34F}800 30 031"), ["080030031"]);
    assert_eq!(digits("0\u{A0}8\u{A0}0\u{A0}0\u{A0}3\u{A0}0\u{A0}0\u{A0}3\u{A0}1"), ["080030031"]);
    assert_eq!(digits("08-00-30-03-1"), ["080030031"]);
    assert_eq!(digits("0800.30.031"), ["080030031"]);
    assert_eq!(digits("0800\u{202F}30\u{2009}031"), ["080030031"]);
    assert_eq!(digits("0800 / 30 / 031"), ["080030031"]);
}

#[test]
fn letters_that_pass_for_digits_count_in_words_of_digits() {
    assert_eq!(digits("O8OO 3O O3l"), ["080030031"]);
    assert_eq!(digits("0800 3O O3I"), ["080030031"]);
    assert_eq!(found("Oslo 1O1 lol"), ["1O1"]);
    assert_eq!(found("COVID-19, H2O, B2B"), Vec::<String>::new());
}

#[test]
fn a_number_runs_on_into_neighbouring_digits() {
    assert_eq!(found("0800 13 500 12"), ["0800 13 500 12"]);
    assert_eq!(found("02 1712"), ["02 1712"]);
}

#[test]
fn invisible_characters_are_shown_in_messages() {
    assert_eq!(shown("1\u{2063}2"), "1<U+2063>2");
}

#[test]
fn odd_texts_do_not_panic() {
    for text in
        ["", "+", "24/7", "7/24/7", "::1", "1:", ":1", "0\u{2063}", "\u{2063}", "O", "ꝯ9", "+(0)"]
    {
        let _ = numbers(text);
        let _ = numbers_beside_hours(text, &["", "24h/24"]);
    }
    assert_eq!(found("+(0)"), Vec::<String>::new());
}

#[test]
fn the_ascii_shortcuts_agree_with_the_unicode_categories() {
    use unicode_properties::{GeneralCategory, UnicodeGeneralCategory};
    for c in (0u8..=127).map(char::from) {
        assert_eq!(is_invisible(c), c.general_category() == GeneralCategory::Format, "{c:?}");
        let category = matches!(
            c.general_category(),
            GeneralCategory::SpaceSeparator | GeneralCategory::DashPunctuation
        );
        let expected = category || matches!(c, '/' | '(' | ')') || super::web::is_dot(c);
        assert_eq!(is_separator(c), expected, "{c:?}");
    }
}
