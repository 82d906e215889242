//! The rules of templates (`cta_template!`): where a `{name}` placeholder may stand, and the
//! check of a part filled with values, which gives the very verdict [`check`](crate::check)
//! gives on the filled text while looking only at the values.
//!
//! A template's fixed text is checked while the code compiles: over its limit, a line break in
//! a single-line part, a control character, a URL whose fixed part is malformed (read as if each
//! placeholder were one safe character). So at run time only the values are left: their
//! characters are counted and added to the fixed count worked out at compile time, and their
//! characters are checked by the same per-character rules. A value in a URL is percent-encoded
//! first, so it holds only printable ASCII and none of `/`, `?`, `#`: it cannot change the
//! URL's form, and only the URL's length is left to check.

use crate::{Field, RuleError, control_in, is_blank, line_break_in};

/// Whether a value placed in a segment of a URL's path would move the link to another folder:
/// `.` and `..` are the only values percent-encoding cannot keep one segment, since a browser
/// reads them, encoded too, as "this folder" and "the folder above". **\[chosen\]**
#[must_use]
pub fn is_dot_segment(value: &str) -> bool {
    // Before encoding: `%` itself is encoded, so a value such as `%2e` stays text.
    matches!(value, "." | "..")
}

/// Where a placeholder stands in a URL.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum UrlPosition {
    /// In the scheme (`https`), or before it: never allowed.
    Scheme,
    /// In the authority (`user@host:port`): never allowed, a value could send the button to
    /// another site.
    Authority,
    /// In a path segment, between two `/`: the value is encoded so that it stays one segment.
    Path,
    /// In the query, after `?`: the value is encoded so that it stays one component (`&`, `=`,
    /// `+` and `#` are escaped).
    Query,
    /// In the fragment, after `#`.
    Fragment,
}

impl UrlPosition {
    /// Whether a value may stand here.
    #[must_use]
    pub const fn allowed(self) -> bool {
        matches!(
            self,
            UrlPosition::Path | UrlPosition::Query | UrlPosition::Fragment
        )
    }

    /// The position's name in prose.
    #[must_use]
    pub const fn name(self) -> &'static str {
        match self {
            UrlPosition::Scheme => "scheme",
            UrlPosition::Authority => "host",
            UrlPosition::Path => "path",
            UrlPosition::Query => "query",
            UrlPosition::Fragment => "fragment",
        }
    }
}

/// Where a placeholder stands in a URL whose fixed text before it is `before` (the fixed pieces
/// before it, joined; values never hold `/`, `?`, `#` or `:` once encoded, so they do not
/// move the URL's parts).
///
/// `const`, so that `cta-core` can check a constant description of an approved template
/// against it while the code compiles.
#[must_use]
pub const fn url_position(before: &str) -> UrlPosition {
    let bytes = before.as_bytes();
    let Some(colon) = find_byte(bytes, 0, b":") else {
        return UrlPosition::Scheme;
    };
    // `https:` then `//`: the authority runs to the first `/`, `?` or `#`. Without `//` the URL
    // is malformed and its own error says so; a placeholder there is refused too.
    let authority = colon + 3;
    if authority > bytes.len() || bytes[colon + 1] != b'/' || bytes[colon + 2] != b'/' {
        return UrlPosition::Authority;
    }
    let Some(end) = find_byte(bytes, authority, b"/?#") else {
        return UrlPosition::Authority;
    };
    if find_byte(bytes, end, b"#").is_some() {
        UrlPosition::Fragment
    } else if find_byte(bytes, end, b"?").is_some() {
        UrlPosition::Query
    } else {
        UrlPosition::Path
    }
}

/// The index of the first byte from `from` on that is one of `wanted`.
const fn find_byte(bytes: &[u8], from: usize, wanted: &[u8]) -> Option<usize> {
    let mut at = from;
    while at < bytes.len() {
        let mut each = 0;
        while each < wanted.len() {
            if bytes[at] == wanted[each] {
                return Some(at);
            }
            each += 1;
        }
        at += 1;
    }
    None
}

/// Checks the fixed text of a template part while the code compiles: `pieces` are its fixed
/// texts and, as `None`, its placeholders (at least one).
///
/// A text is checked without its values: over its limit, a line break in a single-line part,
/// a control character; blank fixed text is allowed, since the values may fill it. A URL is
/// checked as if each placeholder were the one character `x`: its form, host and length.
///
/// # Errors
///
/// The first rule the fixed text breaks.
pub fn check_fixed(field: Field, pieces: Vec<Option<&str>>) -> Result<(), RuleError> {
    if field == Field::ButtonUrl {
        let url: String = pieces
            .into_iter()
            .map(|piece| piece.unwrap_or("x"))
            .collect();
        return crate::check(field, &url);
    }
    let fixed: String = pieces.into_iter().flatten().collect();
    if let Some(max) = field.max_chars() {
        let found = fixed.chars().count();
        if found > max {
            return Err(RuleError::TooLong { field, max, found });
        }
    }
    match line_break_in(field, &fixed, 0).or_else(|| control_in(field, &fixed, 0)) {
        Some(error) => Err(error),
        None => Ok(()),
    }
}

/// A part filled from a template broke a rule: the occurrence of a placeholder to blame (its
/// index among the value occurrences, in order) and the rule, exactly as
/// [`check`](crate::check) reports it on the filled text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FillError {
    /// Which occurrence of a value is to blame: the first that breaks a per-character rule, the
    /// one whose characters take the text over its limit, or the first for a blank text.
    pub occurrence: usize,
    /// The rule broken, as `check` says it for the filled text.
    pub rule: RuleError,
}

/// Checks a part filled from a template: fixed text of `fixed_chars` characters, already
/// checked at compile time (`fixed_blank` when it is blank), and `values` in the order they
/// stand. `fixed_before(n)` is the number of fixed characters before the `n`th value; it is
/// asked only when a value holds a character other than printable ASCII. A URL's values come
/// percent-encoded.
///
/// Gives the first error [`check`](crate::check) would give on the filled text. When the values
/// pass, tells whether they are all printable ASCII without `"` or `\\`, which JSON writes as
/// they are (`false` says nothing either way), found in the same read as their check.
///
/// # Errors
///
/// The rule broken and the occurrence to blame.
pub fn check_filled<'a, I>(
    field: Field,
    fixed_chars: usize,
    fixed_blank: bool,
    values: I,
    fixed_before: impl Fn(usize) -> usize,
) -> Result<bool, FillError>
where
    I: Iterator<Item = &'a str> + Clone,
{
    if fixed_blank && field.rejects_blank() && values.clone().all(is_blank) {
        return Err(FillError {
            occurrence: 0,
            rule: RuleError::Blank { field },
        });
    }
    let mut plain = true;
    let mut quoted = false;
    let mut found = fixed_chars;
    for value in values.clone() {
        let class = value
            .bytes()
            .fold(0, |class, byte| class | BYTE_CLASS[usize::from(byte)]);
        if class & NOT_PRINTABLE_ASCII == 0 {
            // One character a byte.
            found += value.len();
        } else {
            plain = false;
            found += value.chars().count();
        }
        quoted |= class & QUOTE_OR_BACKSLASH != 0;
    }
    if let Some(max) = field.max_chars()
        && found > max
    {
        let mut running = fixed_chars;
        let occurrence = values
            .clone()
            .position(|value| {
                running += value.chars().count();
                running > max
            })
            .expect("the values take the text over its limit: one of them crosses it first");
        return Err(FillError {
            occurrence,
            rule: RuleError::TooLong { field, max, found },
        });
    }
    if plain {
        return Ok(!quoted);
    }
    // Line breaks first, then control characters, each over the whole text, as `check` does.
    let first = |rule: fn(Field, &str, usize) -> Option<RuleError>, values: I| {
        let mut value_chars = 0;
        for (occurrence, value) in values.enumerate() {
            if let Some(rule) = rule(field, value, fixed_before(occurrence) + value_chars) {
                return Err(FillError { occurrence, rule });
            }
            value_chars += value.chars().count();
        }
        Ok(())
    };
    first(line_break_in, values.clone())?;
    first(control_in, values)?;
    Ok(false)
}

/// A byte that is not printable ASCII (a control, DEL, or part of a non-ASCII character).
const NOT_PRINTABLE_ASCII: u8 = 1;
/// `"` or `\\`, which JSON escapes.
const QUOTE_OR_BACKSLASH: u8 = 2;

/// The classes of each byte, so that one read of a value finds both.
const BYTE_CLASS: [u8; 256] = {
    let mut table = [0; 256];
    let mut byte = 0;
    while byte < 256 {
        if byte < 0x20 || byte >= 0x7F {
            table[byte] = NOT_PRINTABLE_ASCII;
        }
        byte += 1;
    }
    table[b'"' as usize] = QUOTE_OR_BACKSLASH;
    table[b'\\' as usize] = QUOTE_OR_BACKSLASH;
    table
};

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check;

    #[test]
    fn positions_follow_the_url_parts() {
        assert_eq!(url_position(""), UrlPosition::Scheme);
        assert_eq!(url_position("ht"), UrlPosition::Scheme);
        assert_eq!(url_position("https://"), UrlPosition::Authority);
        assert_eq!(url_position("https://shop."), UrlPosition::Authority);
        assert_eq!(url_position("https://shop.com:"), UrlPosition::Authority);
        assert_eq!(url_position("https:"), UrlPosition::Authority);
        assert_eq!(url_position("https://e.com/"), UrlPosition::Path);
        assert_eq!(url_position("https://e.com/a:b/"), UrlPosition::Path);
        assert_eq!(url_position("https://e.com?a="), UrlPosition::Query);
        assert_eq!(url_position("https://e.com/x?a=1&b="), UrlPosition::Query);
        assert_eq!(url_position("https://e.com#"), UrlPosition::Fragment);
        assert_eq!(url_position("https://e.com/?q#f"), UrlPosition::Fragment);
    }

    /// `check_filled` on `pieces` (`Ok` fixed text, `Err` a value), against `check` on the
    /// filled text.
    fn both(
        field: Field,
        pieces: &[Result<&str, &str>],
    ) -> (Result<(), RuleError>, Result<(), RuleError>) {
        let fixed: String = pieces.iter().filter_map(|piece| piece.ok()).collect();
        let filled: String = pieces
            .iter()
            .map(|piece| piece.unwrap_or_else(|v| v))
            .collect();
        let mut before = 0;
        let values: Vec<(usize, &str)> = pieces
            .iter()
            .filter_map(|piece| match piece {
                Ok(text) => {
                    before += text.chars().count();
                    None
                }
                Err(value) => Some((before, *value)),
            })
            .collect();
        let filled_verdict = check_filled(
            field,
            fixed.chars().count(),
            is_blank(&fixed),
            values.iter().map(|(_, value)| *value),
            |occurrence| values[occurrence].0,
        )
        .map_err(|error| error.rule);
        // "As they are" is never said of a value JSON escapes, nor of one not plain ASCII.
        if filled_verdict == Ok(true) {
            for (_, value) in &values {
                assert!(crate::json::needs_no_escape(value), "{value:?}");
                assert!(value.bytes().all(|byte| (0x20..0x7F).contains(&byte)));
            }
        }
        (filled_verdict.map(|_| ()), check(field, &filled))
    }

    #[test]
    fn the_verdict_is_the_filled_texts() {
        let cases: &[(Field, &[Result<&str, &str>])] = &[
            (Field::HeaderText, &[Ok("Hi "), Err("Ada"), Ok("!")]),
            (Field::HeaderText, &[Ok("Hi "), Err("A\nda"), Ok("!")]),
            (
                Field::HeaderText,
                &[Ok("Hi "), Err("é\u{85}"), Ok("!"), Err("\n")],
            ),
            (Field::BodyText, &[Ok("Hi "), Err("A\nd\u{1}a"), Ok("!")]),
            (
                Field::BodyText,
                &[Ok(" "), Err(" "), Ok("\n"), Err("\u{200B}")],
            ),
            (Field::BodyText, &[Ok(" "), Err(" x")]),
            (Field::FooterText, &[Ok("x"), Err(&"y".repeat(60))]),
            (
                Field::FooterText,
                &[Err(&"é".repeat(30)), Ok("-"), Err(&"é".repeat(30))],
            ),
        ];
        for (field, pieces) in cases {
            let (filled, checked) = both(*field, pieces);
            assert_eq!(filled, checked, "{field:?} {pieces:?}");
        }
    }

    #[test]
    fn the_value_that_crosses_the_limit_is_blamed() {
        let error = check_filled(
            Field::ButtonUrl,
            1990,
            false,
            ["abc", "0123456789", "z"].into_iter(),
            |_| 0,
        )
        .unwrap_err();
        assert_eq!(error.occurrence, 1);
        assert_eq!(
            error.rule,
            RuleError::TooLong {
                field: Field::ButtonUrl,
                max: 2000,
                found: 2004
            }
        );
    }
}
