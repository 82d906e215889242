//! Finding the access token in what an answer shows, however JSON spells it.
//!
//! A proxy or a Graph error may echo the request, token included. The token can then stand in
//! the raw body verbatim or with JSON escapes (`\u0045AAG…` for `EAAG…`, `\/` for `/`), and in
//! the decoded strings verbatim or, when the body escaped a backslash, with escapes still
//! visible. [`TokenMask`] replaces every such spelling with `***`, in raw bytes (the excerpt of
//! an unexpected answer) and in decoded strings (every string of the JSON value, before it is
//! read into a Graph error) alike.

use std::borrow::Cow;

/// What stands in place of the token.
pub(crate) const MASK: &str = "***";

/// Replaces an access token with [`MASK`] wherever it stands, verbatim or JSON-escaped.
#[derive(Clone, Copy)]
pub(crate) struct TokenMask<'a> {
    token: &'a [u8],
}

impl<'a> TokenMask<'a> {
    /// A mask for `token`. An empty token masks nothing.
    pub(crate) fn new(token: &'a str) -> Self {
        TokenMask {
            token: token.as_bytes(),
        }
    }

    /// `bytes` with every spelling of the token replaced by [`MASK`].
    pub(crate) fn bytes<'b>(&self, bytes: &'b [u8]) -> Cow<'b, [u8]> {
        let mut out: Option<Vec<u8>> = None;
        let mut copied = 0;
        let mut at = 0;
        while at < bytes.len() {
            if let Some(end) = self.match_at(bytes, at) {
                let out = out.get_or_insert_with(|| Vec::with_capacity(bytes.len()));
                out.extend_from_slice(&bytes[copied..at]);
                out.extend_from_slice(MASK.as_bytes());
                copied = end;
                at = end;
            } else {
                at += 1;
            }
        }
        match out {
            None => Cow::Borrowed(bytes),
            Some(mut out) => {
                out.extend_from_slice(&bytes[copied..]);
                Cow::Owned(out)
            }
        }
    }

    /// `text` with every spelling of the token replaced by [`MASK`].
    pub(crate) fn str<'b>(&self, text: &'b str) -> Cow<'b, str> {
        match self.bytes(text.as_bytes()) {
            Cow::Borrowed(_) => Cow::Borrowed(text),
            Cow::Owned(bytes) => Cow::Owned(String::from_utf8(bytes).expect(
                "a match starts and ends on ASCII bytes (the token is visible ASCII, escapes are \
                 ASCII), never inside a character, and is replaced by ASCII",
            )),
        }
    }

    /// Masks `text` in place.
    pub(crate) fn string(&self, text: &mut String) {
        if let Cow::Owned(masked) = self.str(text) {
            *text = masked;
        }
    }

    /// Masks every string of a decoded JSON value in place, object keys included.
    pub(crate) fn value(&self, value: &mut serde_json::Value) {
        use serde_json::Value;
        match value {
            Value::String(text) => self.string(text),
            Value::Array(items) => items.iter_mut().for_each(|item| self.value(item)),
            Value::Object(map) => {
                if map.keys().any(|key| matches!(self.str(key), Cow::Owned(_))) {
                    for (key, item) in std::mem::take(map) {
                        map.insert(self.str(&key).into_owned(), item);
                    }
                }
                map.values_mut().for_each(|item| self.value(item));
            }
            Value::Null | Value::Bool(_) | Value::Number(_) => {}
        }
    }

    /// The end of the longest spelling of the token that starts at `start`, if one does.
    ///
    /// Each character of the token may be written as itself, as `\uXXXX` (hex digits of any
    /// case) or, for `/`, `"` and `\`, as a two-character escape. Only a backslash in the token
    /// can be read in more than one way, so the set of ends reached stays small.
    fn match_at(&self, bytes: &[u8], start: usize) -> Option<usize> {
        if self.token.is_empty() {
            return None;
        }
        let mut ends = vec![start];
        for &wanted in self.token {
            let mut next = Vec::with_capacity(ends.len());
            for &at in &ends {
                for end in spellings(bytes, at, wanted) {
                    if !next.contains(&end) {
                        next.push(end);
                    }
                }
            }
            if next.is_empty() {
                return None;
            }
            ends = next;
        }
        ends.into_iter().max()
    }
}

/// How many backslashes may stand before an escape: `\\u0045` decodes to the text `\u0045`,
/// which still spells `E` for a reader; deeper nesting is not looked for. \[chosen\]
const MAX_BACKSLASHES: usize = 8;

/// The ends of every spelling of `wanted` that starts at `at`: the byte itself, `\uXXXX`
/// (hex digits of either case) or, for `/`, `"` and `\`, a two-character escape; an escape may
/// stand behind escaped backslashes.
fn spellings(bytes: &[u8], at: usize, wanted: u8) -> impl Iterator<Item = usize> {
    let rest = bytes
        .get(at..)
        .expect("a spelling ends within the bytes, so the next one starts at most at their end");
    let verbatim = (rest.first() == Some(&wanted)).then_some(at + 1);
    let backslashes = rest
        .iter()
        .take(MAX_BACKSLASHES)
        .take_while(|&&byte| byte == b'\\')
        .count();
    let escapes = (0..backslashes).filter_map(move |skip| {
        let escape = &rest[skip..];
        let short = matches!(wanted, b'/' | b'"' | b'\\') && escape.get(1) == Some(&wanted);
        if short {
            return Some(at + skip + 2);
        }
        let unicode = escape.get(1) == Some(&b'u')
            && escape.get(2..6)?.iter().try_fold(0u32, |value, &digit| {
                char::from(digit)
                    .to_digit(16)
                    .map(|digit| value * 16 + digit)
            }) == Some(u32::from(wanted));
        unicode.then_some(at + skip + 6)
    });
    verbatim.into_iter().chain(escapes)
}

#[cfg(test)]
mod tests {
    use super::TokenMask;

    #[test]
    fn every_spelling_is_masked() {
        let mask = TokenMask::new("EAAG/x");
        for (input, expected) in [
            ("a EAAG/x b", "a *** b"),
            (r"a \u0045AAG\/x b", "a *** b"),
            (r"\u0045\u0041\u0041\u0047\u002f\u0078", "***"),
            (r"\u0045\u0041\u0041\u0047\u002F\u0078", "***"),
            (r"EAAG\u002fx EAAG/x", "*** ***"),
            ("EAAG/", "EAAG/"),
            (r"\u0065AAG/x", r"\u0065AAG/x"),
            ("", ""),
        ] {
            assert_eq!(mask.str(input), expected, "{input}");
        }
    }

    #[test]
    fn a_backslash_in_the_token_is_matched_in_every_spelling() {
        let mask = TokenMask::new(r"a\b");
        for input in [r"a\b", r"a\\b", r"a\u005cb", r"a\u005Cb"] {
            assert_eq!(mask.str(input), "***", "{input}");
        }
    }

    #[test]
    fn escapes_behind_escaped_backslashes_are_masked() {
        let mask = TokenMask::new("EAAG/x");
        assert_eq!(mask.str(r"a \\u0045AAG\\/x b"), "a *** b");
        assert_eq!(mask.str(r"\\\\u0045AAG/x"), "***");
    }

    #[test]
    fn the_strings_and_keys_of_a_json_value_are_masked() {
        let mask = TokenMask::new("EAAG/x");
        let mut value: serde_json::Value =
            serde_json::from_str(r#"{"a":["\u0045AAG/x",1,{"EAAG\/x":"EAAG/x"}]}"#).unwrap();
        mask.value(&mut value);
        assert_eq!(value, serde_json::json!({"a": ["***", 1, {"***": "***"}]}));
    }

    #[test]
    fn text_around_a_match_keeps_its_characters() {
        let mask = TokenMask::new("EAAG/x");
        assert_eq!(mask.str("é EAAG/x ü😀EAAG/x"), "é *** ü😀***");
        assert_eq!(mask.str(r"😀\u0045AAG/x"), "😀***");
    }

    #[test]
    fn an_empty_token_masks_nothing() {
        assert_eq!(TokenMask::new("").str("abc"), "abc");
    }
}
