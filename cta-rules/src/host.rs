//! The host of a button URL or media link: a host name, an IPv4 address or a bracketed IPv6
//! address, judged the way a browser (the WHATWG URL standard) reads it.
//!
//! The grammar is hand-written so that the proc-macro needs no dependency; the differential
//! test `tests/tests/it/url_differential.rs` checks it against the `url` crate: whatever this
//! module accepts, `url` accepts with the same host.

use std::borrow::Cow;
use std::fmt;
use std::net::{Ipv4Addr, Ipv6Addr};

/// What is wrong with the host of a URL.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum HostProblem {
    /// A label between dots is empty (`a..b`, `.a`, `.`), or the host ends in more than one dot.
    EmptyLabel,
    /// A label starts or ends with `-`.
    HyphenAtLabelEdge,
    /// A label is made only of `_` and `~`.
    NoLetterOrDigit,
    /// A character no host name may hold (after `%XX` escapes are decoded).
    Character(char),
    /// A `%` not followed by two hex digits.
    PercentEscape,
    /// `%XX` escapes that decode to bytes that are not UTF-8 text.
    NotUtf8,
    /// The host ends in a number, so browsers read it as an IPv4 address, and it is not one.
    NotIpv4,
    /// The text in brackets holds a character an IPv6 address cannot.
    Ipv6Character(char),
    /// The text in brackets is not an IPv6 address.
    NotIpv6,
    /// A label starting with `xn--` that is not the Punycode form of letters this crate
    /// accepts.
    Punycode,
    /// Right-to-left letters (Hebrew, Arabic, …) mixed with other characters in one label, or
    /// beside a label that does not start with a letter.
    MixedDirection,
}

impl fmt::Display for HostProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            HostProblem::EmptyLabel => f.write_str(
                "a label between dots is empty; a host name is labels of at least one character \
                 separated by single dots, with at most one dot at the end",
            ),
            HostProblem::HyphenAtLabelEdge => {
                f.write_str("a label starts or ends with `-`, which host names do not allow")
            }
            HostProblem::NoLetterOrDigit => {
                f.write_str("a label has no letter or digit, only `_` or `~`")
            }
            HostProblem::Character(found) => write!(
                f,
                "it holds {found:?}; a host name holds only letters, ASCII digits, `-`, `_`, \
                 `~`, dots and `%XX` escapes of these"
            ),
            HostProblem::PercentEscape => f.write_str("a `%` is not followed by two hex digits"),
            HostProblem::NotUtf8 => f.write_str("its `%XX` escapes do not decode to UTF-8 text"),
            HostProblem::NotIpv4 => f.write_str(
                "it ends in a number, so browsers read it as an IPv4 address, and it is not \
                 one: four numbers from 0 to 255 without leading zeros, separated by dots",
            ),
            HostProblem::Ipv6Character(found) => write!(
                f,
                "the IPv6 address in brackets holds {found:?}; only hex digits, `:` and `.` \
                 can appear in one"
            ),
            HostProblem::NotIpv6 => f.write_str(
                "the text in brackets is not an IPv6 address: eight groups of one to four hex \
                 digits separated by `:`, where one `::` stands for groups of zeros",
            ),
            HostProblem::Punycode => f.write_str(
                "a label starting with `xn--` is not the Punycode form of lowercase letters this \
                 crate can check; write the host in Unicode letters instead",
            ),
            HostProblem::MixedDirection => f.write_str(
                "it mixes right-to-left letters (Hebrew, Arabic, …) with other characters in a \
                 label, or has a label that does not start with a letter beside right-to-left \
                 labels; browsers refuse such hosts",
            ),
        }
    }
}

/// Checks what sits inside the brackets of `[…]`.
pub(crate) fn check_ipv6(address: &str) -> Result<Ipv6Addr, HostProblem> {
    if let Some(found) = address
        .chars()
        .find(|&c| !(c.is_ascii_hexdigit() || c == ':' || c == '.'))
    {
        return Err(HostProblem::Ipv6Character(found));
    }
    address.parse().map_err(|_| HostProblem::NotIpv6)
}

/// Checks a host that is not in brackets. The caller has made sure it is not empty.
pub(crate) fn check_name(host: &str) -> Result<(), HostProblem> {
    let decoded = percent_decode(host)?;
    let name = decoded.strip_suffix('.').unwrap_or(&decoded);
    let mut bidi = false;
    for label in name.split('.') {
        check_label(label)?;
        bidi |= label.chars().any(is_right_to_left);
    }
    if ends_in_number(name) && decoded.parse::<Ipv4Addr>().is_err() {
        return Err(HostProblem::NotIpv4);
    }
    if bidi {
        for label in name.split('.') {
            check_direction(&unicode_form(label))?;
        }
    }
    Ok(())
}

/// The host with its `%XX` escapes decoded; borrowed when it has none.
fn percent_decode(host: &str) -> Result<Cow<'_, str>, HostProblem> {
    if !host.contains('%') {
        return Ok(Cow::Borrowed(host));
    }
    let bytes = host.as_bytes();
    let mut decoded = Vec::with_capacity(bytes.len());
    let mut index = 0;
    while index < bytes.len() {
        if bytes[index] == b'%' {
            let high = bytes.get(index + 1).and_then(|&b| hex_value(b));
            let low = bytes.get(index + 2).and_then(|&b| hex_value(b));
            let (Some(high), Some(low)) = (high, low) else {
                return Err(HostProblem::PercentEscape);
            };
            decoded.push(high << 4 | low);
            index += 3;
        } else {
            decoded.push(bytes[index]);
            index += 1;
        }
    }
    String::from_utf8(decoded)
        .map(Cow::Owned)
        .map_err(|_| HostProblem::NotUtf8)
}

fn hex_value(byte: u8) -> Option<u8> {
    char::from(byte)
        .to_digit(16)
        .and_then(|digit| u8::try_from(digit).ok())
}

fn check_label(label: &str) -> Result<(), HostProblem> {
    if label.is_empty() {
        return Err(HostProblem::EmptyLabel);
    }
    if let Some(found) = label.chars().find(|&c| !is_host_char(c)) {
        return Err(HostProblem::Character(found));
    }
    if label.starts_with('-') || label.ends_with('-') {
        return Err(HostProblem::HyphenAtLabelEdge);
    }
    if label.chars().all(|c| matches!(c, '_' | '~')) {
        return Err(HostProblem::NoLetterOrDigit);
    }
    if may_be_ace(label) {
        let written_as_ace = is_ace(label);
        let decoded = written_as_ace
            .then(|| punycode_decode(&label[4..]))
            .flatten()
            .ok_or(HostProblem::Punycode)?;
        let valid = decoded.iter().any(|&c| !c.is_ascii())
            && decoded.iter().all(|&c| is_ace_char(c))
            && decoded.first() != Some(&'-')
            && decoded.last() != Some(&'-');
        if !valid {
            return Err(HostProblem::Punycode);
        }
    }
    Ok(())
}

/// Letters (of any script), ASCII digits, `-`, `_` and `~`. Digits of other scripts are left
/// out: browsers map fullwidth `１` to `1`, so `１２７.０.０.１` would be an IPv4 address.
fn is_host_char(c: char) -> bool {
    c.is_ascii_alphanumeric()
        || matches!(c, '-' | '_' | '~')
        || (!c.is_ascii() && c.is_alphabetic())
}

/// Whether `label` is, or may be once browsers map its letters to ASCII (fullwidth `ｘ` to
/// `x`, …), an ASCII-compatible encoding: `xn--` and Punycode.
fn may_be_ace(label: &str) -> bool {
    let mut chars = label.chars();
    let mut next_is = |ascii: char| {
        chars
            .next()
            .is_some_and(|c| !c.is_ascii() || c.eq_ignore_ascii_case(&ascii))
    };
    next_is('x') && next_is('n') && chars.as_str().starts_with("--")
}

/// Whether `label` is an ASCII-compatible encoding as written.
fn is_ace(label: &str) -> bool {
    label
        .get(..4)
        .is_some_and(|prefix| prefix.eq_ignore_ascii_case("xn--"))
}

/// What a Punycode label may decode to: a conservative set of characters that browsers take as
/// they are (lowercase, composed, valid in IDNA): ASCII lowercase letters, digits and `-`;
/// lowercase Latin-1, Greek and Cyrillic letters; Hebrew and Arabic letters; hiragana,
/// katakana, the first block of CJK ideographs and Hangul syllables.
fn is_ace_char(c: char) -> bool {
    matches!(c,
        'a'..='z' | '0'..='9' | '-'
        | '\u{DF}'..='\u{F6}' | '\u{F8}'..='\u{FF}'
        | '\u{3B1}'..='\u{3C9}'
        | '\u{430}'..='\u{45F}'
        | '\u{5D0}'..='\u{5EA}'
        | '\u{621}'..='\u{63A}' | '\u{641}'..='\u{64A}'
        | '\u{3041}'..='\u{3096}'
        | '\u{30A1}'..='\u{30FA}'
        | '\u{4E00}'..='\u{9FA5}'
        | '\u{AC00}'..='\u{D7A3}'
    )
}

/// The label as Unicode: decoded from Punycode when it is an `xn--` label (already checked).
fn unicode_form(label: &str) -> Vec<char> {
    if is_ace(label) {
        punycode_decode(&label[4..]).expect(
            "an `xn--` label that does not decode is refused by `check_label`, which runs first",
        )
    } else {
        label.chars().collect()
    }
}

/// Letters of the right-to-left scripts: Hebrew, Arabic, Syriac, Thaana, N'Ko and their
/// neighbours, their presentation forms, and the right-to-left ranges of the other planes.
fn is_right_to_left(c: char) -> bool {
    matches!(c,
        '\u{590}'..='\u{8FF}'
        | '\u{FB1D}'..='\u{FDFF}'
        | '\u{FE70}'..='\u{FEFF}'
        | '\u{10800}'..='\u{10FFF}'
        | '\u{1E800}'..='\u{1EFFF}'
    )
}

/// The bidirectional rule of IDNA (RFC 5893), made stricter so that it needs no table: in a
/// host with right-to-left letters, a label with one is made only of right-to-left letters,
/// ASCII digits and inner `-`, and starts with a letter; every other label starts with a
/// letter and ends with a letter or digit.
fn check_direction(label: &[char]) -> Result<(), HostProblem> {
    let (Some(&first), Some(&last)) = (label.first(), label.last()) else {
        return Err(HostProblem::MixedDirection);
    };
    let valid = if label.iter().copied().any(is_right_to_left) {
        is_right_to_left(first)
            && label
                .iter()
                .all(|&c| is_right_to_left(c) || c.is_ascii_digit() || c == '-')
    } else {
        first.is_alphabetic() && (last.is_alphabetic() || last.is_ascii_digit())
    };
    if valid {
        Ok(())
    } else {
        Err(HostProblem::MixedDirection)
    }
}

/// Whether the host, without one trailing dot, may end in a label that browsers read as a
/// number (decimal, or `0x` and hex digits), which makes the whole host an IPv4 address.
///
/// Browsers map some letters to ASCII first (fullwidth `Ａ` to `a`, circled `Ⓑ` to `b`, …), so
/// a non-ASCII letter after `0` is taken as one that could be `x` or a hex digit: such a label
/// is refused rather than guessed at.
fn ends_in_number(name: &str) -> bool {
    let last = name.rsplit_once('.').map_or(name, |(_, last)| last);
    let could_be = |c: char, ascii: fn(&char) -> bool| !c.is_ascii() || ascii(&c);
    let mut chars = last.chars();
    match (chars.next(), chars.next()) {
        (Some('0'), Some(x)) if could_be(x, |c| matches!(c, 'x' | 'X')) => {
            chars.all(|c| could_be(c, char::is_ascii_hexdigit))
        }
        _ => !last.is_empty() && last.bytes().all(|b| b.is_ascii_digit()),
    }
}

const BASE: u32 = 36;
const T_MIN: u32 = 1;
const T_MAX: u32 = 26;
const SKEW: u32 = 38;
const DAMP: u32 = 700;

/// Decodes the Punycode of RFC 3492 (the part after `xn--`), case-insensitively. `None` when
/// it is not valid Punycode.
#[expect(
    clippy::many_single_char_names,
    reason = "the names of RFC 3492's decoding procedure, to read them side by side"
)]
fn punycode_decode(input: &str) -> Option<Vec<char>> {
    let input = input.as_bytes();
    let (basic, encoded) = match input.iter().rposition(|&b| b == b'-') {
        Some(at) => (&input[..at], &input[at + 1..]),
        None => (&input[..0], input),
    };
    let mut output: Vec<char> = basic
        .iter()
        .map(|&b| char::from(b.to_ascii_lowercase()))
        .collect();
    if !output.iter().all(char::is_ascii) {
        return None;
    }
    let mut n: u32 = 0x80;
    let mut i: u32 = 0;
    let mut bias: u32 = 72;
    let mut bytes = encoded.iter();
    while bytes.len() > 0 {
        let old_i = i;
        let mut w: u32 = 1;
        let mut k = BASE;
        loop {
            let digit = match *bytes.next()? {
                b @ b'a'..=b'z' => u32::from(b - b'a'),
                b @ b'A'..=b'Z' => u32::from(b - b'A'),
                b @ b'0'..=b'9' => u32::from(b - b'0') + 26,
                _ => return None,
            };
            i = i.checked_add(digit.checked_mul(w)?)?;
            let t = k.saturating_sub(bias).clamp(T_MIN, T_MAX);
            if digit < t {
                break;
            }
            w = w.checked_mul(BASE - t)?;
            k += BASE;
        }
        let length = u32::try_from(output.len()).ok()? + 1;
        bias = adapt(i - old_i, length, old_i == 0);
        n = n.checked_add(i / length)?;
        i %= length;
        let c = char::from_u32(n)?;
        output.insert(usize::try_from(i).ok()?, c);
        i += 1;
    }

    Some(output)
}

/// RFC 3492's bias adaptation.
fn adapt(delta: u32, length: u32, first: bool) -> u32 {
    let mut delta = if first { delta / DAMP } else { delta / 2 };
    delta += delta / length;
    let mut k = 0;
    while delta > ((BASE - T_MIN) * T_MAX) / 2 {
        delta /= BASE - T_MIN;
        k += BASE;
    }
    k + (BASE - T_MIN + 1) * delta / (delta + SKEW)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn punycode_decodes_rfc_samples() {
        let decode =
            |s: &str| punycode_decode(s).map(|chars| chars.into_iter().collect::<String>());
        assert_eq!(decode("mnchen-3ya").as_deref(), Some("münchen"));
        assert_eq!(decode("bcher-kva").as_deref(), Some("bücher"));
        assert_eq!(decode("fiqs8s").as_deref(), Some("中国"));
        assert_eq!(decode("MNCHEN-3YA").as_deref(), Some("münchen"));
        assert_eq!(decode("a-").as_deref(), Some("a"));
        assert!(decode("zzzzzzzzzzzzzzzzzz").is_none());
        assert!(decode("a-!").is_none());
    }

    #[test]
    fn hosts() {
        for good in [
            "example.com",
            "example.com.",
            "EXAMPLE.com",
            "a-b.c_d.e~f",
            "münchen.de",
            "xn--mnchen-3ya.de",
            "127.0.0.1",
            "%41.example.com",
            "%C3%A9.fr",
            "שלום.com",
            "0x1g.example",
        ] {
            assert_eq!(check_name(good), Ok(()), "{good}");
        }
        for (bad, problem) in [
            (".", HostProblem::EmptyLabel),
            ("a..b", HostProblem::EmptyLabel),
            ("example.com..", HostProblem::EmptyLabel),
            (".example.com", HostProblem::EmptyLabel),
            ("-", HostProblem::HyphenAtLabelEdge),
            ("a-.com", HostProblem::HyphenAtLabelEdge),
            ("_.com", HostProblem::NoLetterOrDigit),
            ("exa%mple.com", HostProblem::PercentEscape),
            ("%FF.com", HostProblem::NotUtf8),
            ("%2F.com", HostProblem::Character('/')),
            ("exa<mple.com", HostProblem::Character('<')),
            ("１２７.０.０.１", HostProblem::Character('１')),
            ("999.1.1.1", HostProblem::NotIpv4),
            ("127.1", HostProblem::NotIpv4),
            ("1.2.3.4.", HostProblem::NotIpv4),
            ("0x7f.1", HostProblem::NotIpv4),
            ("a.0x", HostProblem::NotIpv4),
            ("xn--a.com", HostProblem::Punycode),
            ("xn--x.com", HostProblem::Punycode),
            ("xn--ls8h.com", HostProblem::Punycode),
            ("ｘｎ--mnchen-3ya.com", HostProblem::Punycode),
            ("0xＡ255", HostProblem::NotIpv4),
            ("a.0ⓧ1", HostProblem::NotIpv4),
            ("aש.com", HostProblem::MixedDirection),
            ("1.ש", HostProblem::MixedDirection),
        ] {
            assert_eq!(check_name(bad), Err(problem), "{bad}");
        }
    }

    /// A right-to-left label sends every label through `unicode_form`, which decodes an
    /// `xn--` label that `check_label` has already decoded once.
    #[test]
    fn an_ace_label_beside_a_right_to_left_one_is_decoded_again() {
        assert_eq!(check_name("שלום.xn--mnchen-3ya.de"), Ok(()));
        assert_eq!(
            unicode_form("xn--mnchen-3ya"),
            "münchen".chars().collect::<Vec<_>>()
        );
    }

    #[test]
    fn ipv6() {
        assert!(check_ipv6("::1").is_ok());
        assert!(check_ipv6("::ffff:1.2.3.4").is_ok());
        assert_eq!(check_ipv6("zz::1"), Err(HostProblem::Ipv6Character('z')));
        assert_eq!(check_ipv6("1:2"), Err(HostProblem::NotIpv6));
        assert_eq!(check_ipv6(""), Err(HostProblem::NotIpv6));
    }
}
