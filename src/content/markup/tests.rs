//! Unit tests for `markup`, kept apart because they spell out example numbers.

use super::*;

fn text(text: &str, strong: bool) -> Run {
    Run::Text { text: text.into(), strong }
}

#[test]
fn typst_syntax_is_plain_text() {
    let raw = r#"#read("/etc/passwd") [x] *y* _z_ $m$ @r <l> \n"#;
    assert_eq!(parse(raw).unwrap(), vec![text(raw, false)]);
}

#[test]
fn bold_and_references() {
    let runs = parse("**Call** {tel:helpline-1712} now").unwrap();
    assert_eq!(runs[0], text("Call", true));
    assert_eq!(
        runs[2],
        Run::Ref { kind: RefKind::Tel, id: "helpline-1712".into(), strong: false, span: 9..28 }
    );
    assert_eq!(runs[3], text(" now", false));
}

#[test]
fn braces_that_are_not_references_print() {
    assert_eq!(parse("{a} {x y} {").unwrap(), vec![text("{a} {x y} {", false)]);
}

#[test]
fn unclosed_bold_is_an_error() {
    let error = parse("a **b").unwrap_err();
    assert_eq!(error.span, 2..4);
    assert_eq!(error.message, "`**` opens bold text that is never closed");
}

#[test]
fn unknown_reference_kind_is_an_error() {
    let error = parse("call {phone:police}").unwrap_err();
    assert_eq!(error.message, "unknown reference `{phone:…}`");
    assert_eq!(error.span, 5..19);
}

#[test]
fn typed_numbers_and_addresses_are_refused() {
    assert_eq!(
        parse("call 0800 30 030 now").unwrap_err().message.as_str(),
        "`0800 30 030` looks like a phone number or web address"
    );
    assert!(parse("see www.example.be").is_err());
    assert!(parse("call +32 2 123").is_err());
    assert!(parse("24/7, 9 to 17 h, 2 people").is_ok());
}
