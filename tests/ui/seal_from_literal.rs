// `__private::FromLiteral::from_literal` wrapped any `&'static str` as a checked type. Its
// method now takes a token only cta-core can make.
use cta_core::__private::FromLiteral;

fn main() {
    let text: &'static str = Box::leak("x".repeat(500).into_boxed_str());
    let label = <cta_core::ButtonLabel as FromLiteral>::from_literal(text, text);
    assert_eq!(label.as_str().len(), 500);
}
