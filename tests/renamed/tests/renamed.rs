//! `cta_message!` through a renamed dependency and through another crate's macro.

use cta_renamed_test::{WELCOME, promo, whatsapp};

#[test]
fn a_const_built_through_the_renamed_crate_serializes() {
    let message = WELCOME.to(whatsapp::Recipient::new("+16505551234").unwrap());
    let json = serde_json::to_string(&message).unwrap();
    assert!(
        json.contains(r#""header":{"type":"text","text":"Welcome!"}"#),
        "{json}"
    );
}

#[test]
fn literals_passed_through_another_macro_as_expressions_are_still_checked_literals() {
    // `$body:expr` arrives wrapped in an invisible group; the macro looks through it.
    let message = promo!(
        "+16505551234",
        "Spring sale",
        "Shop now",
        "https://example.com/sale"
    );
    assert_eq!(message.button().as_str(), "Shop now");
    assert_eq!(message.recipient().as_str(), "+16505551234");
}

#[test]
fn run_time_values_pass_through_another_macro() {
    let body = whatsapp::BodyText::new(format!("{} items left", 3)).unwrap();
    let message = promo!("+16505551234", body, "Shop now", "https://example.com/sale");
    assert_eq!(message.body().as_str(), "3 items left");
}
