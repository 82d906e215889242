//! `rules::check` reads a valid text once, eight bytes at a time; this proves it gives the
//! same verdict and the same message as the straightforward checks it replaced, kept here as
//! the oracle: one rule after the other, each reading the text again, in the documented order
//! (blank, length, line break, control character, then the form).

use cta_core::RuleError;
use cta_core::rules::{Field, check, is_invisible, is_line_break};
use proptest::prelude::*;

/// The checks as they were written before the one-pass scan, one reading of the text each.
fn oracle(field: Field, value: &str) -> Result<(), RuleError> {
    if field.rejects_blank() && value.chars().all(|c| c.is_whitespace() || is_invisible(c)) {
        return Err(RuleError::Blank { field });
    }
    if let Some(max) = field.max_chars() {
        let found = value.chars().count();
        if found > max {
            return Err(RuleError::TooLong { field, max, found });
        }
    }
    if field.single_line()
        && let Some(index) = value.chars().position(is_line_break)
    {
        return Err(RuleError::LineBreak {
            field,
            at: index + 1,
        });
    }
    let is_text = matches!(
        field,
        Field::HeaderText | Field::BodyText | Field::ButtonLabel | Field::FooterText
    );
    let allowed = match (is_text, field.single_line()) {
        (true, false) => "printable characters, tabs and line breaks",
        (true, true) => "printable characters and tabs",
        (false, _) => "printable characters",
    };
    if is_text || matches!(field, Field::Filename | Field::MessageId) {
        let is_layout = |c: char| is_text && (c == '\t' || is_line_break(c));
        if let Some((index, found)) = value
            .chars()
            .enumerate()
            .find(|&(_, c)| c.is_control() && !is_layout(c))
        {
            return Err(RuleError::InvalidCharacter {
                field,
                found,
                at: index + 1,
                allowed,
            });
        }
    }
    match field {
        Field::ButtonUrl | Field::MediaLink => {
            for (index, found) in value.chars().enumerate() {
                let at = index + 1;
                if found.is_whitespace() || found.is_control() {
                    return Err(RuleError::Whitespace { field, found, at });
                }
                if is_invisible(found) {
                    return Err(RuleError::Invisible { field, found, at });
                }
            }
            // The URL's form (scheme, host, port) is not what the scan changed.
            check(field, value)
        }
        // A BSUID's form, and the error for text of neither form, came after the scan; the
        // oracle takes the rule's own word for text that does not start like a phone number.
        Field::Recipient
            if !value.starts_with(|c: char| c.is_ascii_digit() || "+ -()".contains(c)) =>
        {
            check(field, value)
        }
        Field::Recipient => old_recipient(value),
        Field::MediaId => match value.chars().enumerate().find(|(_, c)| !c.is_ascii_digit()) {
            Some((index, found)) => Err(RuleError::InvalidCharacter {
                field,
                found,
                at: index + 1,
                allowed: "digits",
            }),
            None => Ok(()),
        },
        _ => Ok(()),
    }
}

fn assert_same(field: Field, value: &str) {
    let expected = oracle(field, value);
    let found = check(field, value);
    assert_eq!(found, expected, "{field:?} on {value:?}");
    if let (Err(found), Err(expected)) = (found, expected) {
        assert_eq!(found.to_string(), expected.to_string());
    }
}

/// Characters the scan must see: every kind of line break, ASCII and C1 controls, tabs,
/// whitespace, invisible characters, and harmless characters that share a lead byte with them
/// (`\u{A0}` and `©` start with 0xC2 as the C1 controls do; `€`, U+2027 and U+202A start with 0xE2
/// as U+2028 does).
const SPECIAL: &[char] = &[
    '\t', '\n', '\r', '\u{B}', '\u{C}', '\u{0}', '\u{1}', '\u{1F}', '\u{7F}', '\u{80}', '\u{85}',
    '\u{9F}', '\u{A0}', '©', '\u{AD}', '€', '\u{2027}', '\u{2028}', '\u{2029}', '\u{202A}',
    '\u{202E}', '\u{200B}', '\u{FEFF}', '\u{3000}', '\u{3164}', ' ',
];

/// Characters of each UTF-8 width, as texts are made of.
const PLAIN: &[char] = &[
    'a', 'Z', '7', '+', '(', 'é', 'ß', '日', 'ア', '👍', '🇫', '🏽',
];

/// A run of one plain character (so that the scan's 8- and 32-byte steps are taken), with a
/// few special and plain characters put in at random places.
fn text(lengths: std::ops::RangeInclusive<usize>) -> impl Strategy<Value = String> {
    (
        prop::sample::select(PLAIN),
        lengths,
        prop::collection::vec(
            (
                any::<prop::sample::Index>(),
                prop_oneof![
                    2 => prop::sample::select(SPECIAL),
                    1 => prop::sample::select(PLAIN),
                ],
            ),
            0..4,
        ),
    )
        .prop_map(|(base, length, inserts)| {
            let mut chars = vec![base; length];
            for (index, c) in inserts {
                let at = index.index(chars.len() + 1);
                chars.insert(at, c);
            }
            chars.into_iter().collect()
        })
}

/// Lengths around `field`'s limit, or short ones for fields without a limit.
fn near_limit(field: Field) -> std::ops::RangeInclusive<usize> {
    match field.max_chars() {
        Some(max) => max.saturating_sub(4)..=max + 2,
        None => 0..=40,
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2048))]

    #[test]
    fn one_pass_agrees_near_each_limit(
        (field, value) in prop::sample::select(Field::ALL)
            .prop_flat_map(|field| (Just(field), text(near_limit(field))))
    ) {
        assert_same(field, &value);
    }

    #[test]
    fn one_pass_agrees_on_short_texts(
        field in prop::sample::select(Field::ALL),
        value in text(0..=40),
    ) {
        assert_same(field, &value);
    }

    #[test]
    fn one_pass_agrees_on_any_string(
        field in prop::sample::select(Field::ALL),
        value in any::<String>(),
    ) {
        assert_same(field, &value);
    }
}

#[test]
fn one_pass_agrees_on_urls_and_numbers_with_specials() {
    for special in SPECIAL {
        for (field, value) in [
            (Field::ButtonUrl, format!("https://example.com/{special}")),
            (
                Field::MediaLink,
                format!("https://example.com/{}{special}", "a".repeat(1990)),
            ),
            (Field::Recipient, format!("+1650555{special}1234")),
            (Field::MediaId, format!("1234{special}")),
            (Field::BodyText, format!("{}{special}", "a".repeat(1023))),
            (Field::ButtonLabel, format!("{special}{}", "日".repeat(19))),
        ] {
            assert_same(field, &value);
        }
    }
}

/// The phone number rule as it was before the one-pass scan.
fn old_recipient(value: &str) -> Result<(), RuleError> {
    let field = Field::Recipient;
    let found = value.chars().count();
    if found > 32 {
        return Err(RuleError::TooLong {
            field,
            max: 32,
            found,
        });
    }
    let mut digits = 0;
    for (index, c) in value.chars().enumerate() {
        match c {
            '0'..='9' => digits += 1,
            '+' if index == 0 => {}
            ' ' | '-' | '(' | ')' => {}
            found => {
                return Err(RuleError::InvalidCharacter {
                    field,
                    found,
                    at: index + 1,
                    allowed: "digits, a leading `+`, spaces, `-`, `(` and `)`",
                });
            }
        }
    }
    if (7..=15).contains(&digits) {
        Ok(())
    } else {
        Err(RuleError::DigitCount {
            field,
            min: 7,
            max: 15,
            found: digits,
        })
    }
}
