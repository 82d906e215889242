//! Finding the access token in what an answer shows, however JSON spells it.
//!
//! A proxy or a Graph error may echo the request, token included. The token can then stand in
//! the raw body verbatim or with JSON escapes (`\u0045AAG…` for `EAAG…`, `\/` for `/`), and in
//! the decoded strings verbatim or, when the body escaped a backslash, with escapes still
//! visible. [`TokenMask`] replaces every such spelling with `***`, in raw bytes and in decoded
//! strings alike.

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
            // A match starts and ends on ASCII bytes (the token is visible ASCII and escapes
            // are ASCII), so the text stays UTF-8; `from_utf8_lossy` only avoids a panic path.
            Cow::Owned(bytes) => match String::from_utf8(bytes) {
                Ok(masked) => Cow::Owned(masked),
                Err(error) => Cow::Owned(String::from_utf8_lossy(error.as_bytes()).into_owned()),
            },
        }
    }

    /// Masks `text` in place.
    pub(crate) fn string(&self, text: &mut String) {
        if let Cow::Owned(masked) = self.str(text) {
            *text = masked;
        }
    }

    /// Masks `text` in place, if any.
    pub(crate) fn option(&self, text: &mut Option<String>) {
        if let Some(text) = text {
            self.string(text);
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

/// The ends of every spelling of `wanted` that starts at `at`.
fn spellings(bytes: &[u8], at: usize, wanted: u8) -> impl Iterator<Item = usize> {
    let rest = bytes.get(at..).unwrap_or_default();
    let verbatim = rest.first() == Some(&wanted);
    let short_escape = matches!(wanted, b'/' | b'"' | b'\\') && rest.starts_with(&[b'\\', wanted]);
    let unicode_escape = rest.len() >= 6
        && rest.starts_with(b"\\u")
        && rest[2..6].iter().try_fold(0u32, |value, &digit| {
            char::from(digit)
                .to_digit(16)
                .map(|digit| value * 16 + digit)
        }) == Some(u32::from(wanted));
    [
        verbatim.then_some(at + 1),
        short_escape.then_some(at + 2),
        unicode_escape.then_some(at + 6),
    ]
    .into_iter()
    .flatten()
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
    fn an_empty_token_masks_nothing() {
        assert_eq!(TokenMask::new("").str("abc"), "abc");
    }
}
