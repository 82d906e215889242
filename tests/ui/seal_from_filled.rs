// `FromFilled` wrapped any `String` as a checked type without its rule: a 500-character button
// label. Only a checked constructor or a template's `render`, which checks, makes one now.
use cta_core::template::FromFilled;

fn main() {
    let label = cta_core::ButtonLabel::from_filled("x".repeat(500));
    assert_eq!(label.as_str().len(), 500);
}
