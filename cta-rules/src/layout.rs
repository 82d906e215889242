//! The two literals `cta_message!` writes for a message or content made only of literals, and
//! how `cta-core` reads them back. Both ends live in this file, so the format is described
//! once. Not public API.
//!
//! Every token of an expansion costs build time at each invocation, so an all-literal
//! invocation expands to one call with two literals:
//!
//! - `text`: the rendered JSON (the whole request body for a message, everything after the
//!   recipient for content), followed by the texts whose JSON-escaped form differs from them;
//! - `layout`: a byte string saying where each part is in `text`.
//!
//! The layout is the header kind (one byte, [`GivenHeader::byte`]), then numbers in unsigned
//! LEB128 (seven bits a byte, low bits first, the high bit set on every byte but the last):
//! where the content's JSON starts and where the JSON ends, then one slot for each field of
//! [`Field::ALL`] in that order (without [`Field::Recipient`] for content): `0` when the part is
//! absent, else the start and length of its escaped form, then `0` when the text is its
//! escaped form, else the start and length of the text. No slot starts at 0, where the JSON's
//! first byte is.
//!
//! The reader is `const`: the expansion is evaluated while the user's code compiles, so a
//! malformed layout is a compile error (a panic in constant evaluation), never a silent default.

use crate::json::{self, ContentParts, Piece};
use crate::{Field, HeaderKind};

/// How an invocation of `cta_message!` or `cta_template!` gives its header: not at all, as
/// the literal parts of a kind, or as an expression, whose kind is known only when it runs.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum GivenHeader {
    /// No header.
    None,
    /// A header of this kind, written in the invocation.
    Kind(HeaderKind),
    /// An expression of type `Header` or `Option<Header>`.
    Expression,
}

/// The byte of an expression header: it never appears in a layout, only in a template's
/// description.
const EXPRESSION_BYTE: u8 = u8::MAX;

impl GivenHeader {
    /// The header of an all-literal invocation: none or a kind.
    #[must_use]
    pub const fn of(kind: Option<HeaderKind>) -> GivenHeader {
        match kind {
            None => GivenHeader::None,
            Some(kind) => GivenHeader::Kind(kind),
        }
    }

    /// The byte an expansion writes for it: 0 for none, then 1 + the kind's place in
    /// [`HeaderKind::ALL`], and `u8::MAX` for an expression.
    #[must_use]
    pub const fn byte(self) -> u8 {
        match self {
            GivenHeader::None => 0,
            // `HeaderKind` has four variants: the cast is exact.
            GivenHeader::Kind(kind) => kind as u8 + 1,
            GivenHeader::Expression => EXPRESSION_BYTE,
        }
    }

    /// The header a byte stands for.
    ///
    /// # Panics
    ///
    /// On a byte that stands for nothing: the expansion is malformed (a compile error where it
    /// is evaluated at compile time).
    #[must_use]
    pub const fn from_byte(byte: u8) -> GivenHeader {
        if byte == 0 {
            return GivenHeader::None;
        }
        if byte == EXPRESSION_BYTE {
            return GivenHeader::Expression;
        }
        let index = byte as usize - 1;
        assert!(
            index < HeaderKind::ALL.len(),
            "malformed cta_message! layout or cta_template! description: unknown header kind"
        );
        GivenHeader::Kind(HeaderKind::ALL[index])
    }
}

/// A text and its JSON-escaped form (without quotes).
pub type Part = (&'static str, &'static str);

/// Every slot of a layout, in the order of [`Field::ALL`].
pub type Parts = [Option<Part>; Field::ALL.len()];

/// The position of `field` in [`Field::ALL`], which is its slot: the variants are declared in
/// that order (a test holds them to it), so it is the discriminant.
#[must_use]
pub const fn slot(field: Field) -> usize {
    field as usize
}

/// Renders an all-literal message (`to` given) or content (`to` of `None`): the two literals
/// described above. `parts` carries each text with its field.
#[must_use]
pub fn encode<'a>(
    to: Option<&'a str>,
    parts: &ContentParts<(Field, &'a str)>,
) -> (String, Vec<u8>) {
    let mut out = Vec::new();
    let mut found: [Option<(&'a str, usize, usize)>; Field::ALL.len()] = [None; Field::ALL.len()];
    let mut write_value = |out: &mut Vec<u8>, (field, text): (Field, &'a str)| {
        out.push(b'"');
        let start = out.len();
        json::write_escaped(text, out);
        found[slot(field)] = Some((text, start, out.len() - start));
        out.push(b'"');
    };
    if let Some(to) = to {
        out.extend_from_slice(json::message_head(crate::RecipientKind::of(to)).as_bytes());
        write_value(&mut out, (Field::Recipient, to));
    }
    let content_start = out.len();
    json::content_pieces(parts, |piece| match piece {
        Piece::Raw(raw) => out.extend_from_slice(raw.as_bytes()),
        Piece::Value(value) => write_value(&mut out, value),
    });

    let header = GivenHeader::of(parts.header.map(|header| header.kind));
    let mut layout = vec![header.byte()];
    push_number(&mut layout, content_start);
    push_number(&mut layout, out.len());
    for (field, found) in Field::ALL.iter().zip(found) {
        if *field == Field::Recipient && to.is_none() {
            continue;
        }
        let Some((text, start, len)) = found else {
            push_number(&mut layout, 0);
            continue;
        };
        push_number(&mut layout, start);
        push_number(&mut layout, len);
        if &out[start..start + len] == text.as_bytes() {
            push_number(&mut layout, 0);
        } else {
            push_number(&mut layout, out.len());
            push_number(&mut layout, text.len());
            out.extend_from_slice(text.as_bytes());
        }
    }
    let text = String::from_utf8(out).expect(
        "the JSON is made of raw pieces, which are text, of escaped values, which stay UTF-8, \
         and of whole texts",
    );
    (text, layout)
}

/// Appends `number` as unsigned LEB128.
fn push_number(layout: &mut Vec<u8>, mut number: usize) {
    loop {
        // The low byte of the number, without its high bit.
        let low = number.to_le_bytes()[0] & 0x7f;
        number >>= 7;
        if number == 0 {
            layout.push(low);
            return;
        }
        layout.push(low | 0x80);
    }
}

/// Reads the two literals back, at compile time.
pub struct Reader {
    text: &'static str,
    bytes: &'static [u8],
    at: usize,
}

impl Reader {
    /// Starts reading; the header kind is read first.
    #[must_use]
    pub const fn new(text: &'static str, layout: &'static [u8]) -> Self {
        Reader {
            text,
            bytes: layout,
            at: 0,
        }
    }

    /// The header kind, if any: the first byte.
    ///
    /// # Panics
    ///
    /// When the layout is malformed.
    pub const fn header(&mut self) -> Option<HeaderKind> {
        match GivenHeader::from_byte(self.byte()) {
            GivenHeader::None => None,
            GivenHeader::Kind(kind) => Some(kind),
            GivenHeader::Expression => {
                panic!("malformed cta_message! layout: an expression header in a layout")
            }
        }
    }

    const fn byte(&mut self) -> u8 {
        assert!(
            self.at < self.bytes.len(),
            "malformed cta_message! layout: it ends too soon"
        );
        self.at += 1;
        self.bytes[self.at - 1]
    }

    /// The next number.
    const fn number(&mut self) -> usize {
        let mut number = 0;
        let mut shift = 0;
        loop {
            let byte = self.byte();
            assert!(
                shift < usize::BITS,
                "malformed cta_message! layout: a number is too long"
            );
            number |= ((byte & 0x7f) as usize) << shift;
            if byte < 0x80 {
                return number;
            }
            shift += 7;
        }
    }

    /// `len` bytes of the text from `start`.
    const fn slice(&self, start: usize, len: usize) -> &'static str {
        let Some((_, rest)) = self.text.split_at_checked(start) else {
            panic!("malformed cta_message! layout: a part starts outside the text");
        };
        let Some((part, _)) = rest.split_at_checked(len) else {
            panic!("malformed cta_message! layout: a part ends outside the text");
        };
        part
    }

    /// The whole JSON, and the content's JSON at its end.
    ///
    /// # Panics
    ///
    /// When the layout is malformed.
    pub const fn json(&mut self) -> (&'static str, &'static str) {
        let content_start = self.number();
        let end = self.number();
        assert!(
            content_start <= end,
            "malformed cta_message! layout: the content starts after the end"
        );
        (
            self.slice(0, end),
            self.slice(content_start, end - content_start),
        )
    }

    /// Every slot, in the order of [`Field::ALL`]; the recipient's only when
    /// `with_recipient`. Then checks that nothing is left.
    ///
    /// # Panics
    ///
    /// When the layout is malformed.
    pub const fn parts(&mut self, with_recipient: bool) -> Parts {
        let mut parts: Parts = [None; Field::ALL.len()];
        let mut index = 0;
        while index < Field::ALL.len() {
            if with_recipient || !matches!(Field::ALL[index], Field::Recipient) {
                parts[index] = self.part();
            }
            index += 1;
        }
        assert!(
            self.at == self.bytes.len(),
            "malformed cta_message! layout: bytes are left over"
        );
        parts
    }

    const fn part(&mut self) -> Option<Part> {
        let start = self.number();
        if start == 0 {
            return None;
        }
        let len = self.number();
        let escaped = self.slice(start, len);
        let text_start = self.number();
        if text_start == 0 {
            Some((escaped, escaped))
        } else {
            let len = self.number();
            Some((self.slice(text_start, len), escaped))
        }
    }
}

/// The part of `field` in `parts`.
#[must_use]
pub const fn get(parts: &Parts, field: Field) -> Option<Part> {
    parts[slot(field)]
}

/// The part of a field that [`encode`] always writes.
///
/// # Panics
///
/// When it is absent: the layout is malformed.
#[must_use]
pub const fn required(parts: &Parts, field: Field) -> Part {
    match get(parts, field) {
        Some(part) => part,
        None => panic!("malformed cta_message! layout: a required part is missing"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_is_encoded_reads_back() {
        let parts = ContentParts {
            reply_to: None,
            header: Some(json::HeaderParts {
                kind: HeaderKind::Document,
                by_id: false,
                value: (Field::MediaLink, "https://e.com/a.pdf"),
                filename: Some((Field::Filename, "a \"b\".pdf")),
            }),
            body: (Field::BodyText, "Hi\nthere, café 👍"),
            button: (Field::ButtonLabel, "Open"),
            url: (Field::ButtonUrl, "https://e.com"),
            footer: None,
            callback_data: Some((Field::CallbackData, "")),
        };
        let (text, layout) = encode(Some("+1 650 555 1234"), &parts);
        let text: &'static str = Box::leak(text.into_boxed_str());
        let layout: &'static [u8] = Box::leak(layout.into_boxed_slice());
        let mut reader = Reader::new(text, layout);
        assert_eq!(reader.header(), Some(HeaderKind::Document));
        let (json, content) = reader.json();
        let head = json::message_head(crate::RecipientKind::PhoneNumber);
        assert!(json.starts_with(head) && json.ends_with(content));
        let parts = reader.parts(true);
        assert_eq!(
            get(&parts, Field::Recipient),
            Some(("+1 650 555 1234", "+1 650 555 1234"))
        );
        assert_eq!(
            get(&parts, Field::BodyText),
            Some(("Hi\nthere, café 👍", "Hi\\nthere, café 👍"))
        );
        assert_eq!(
            get(&parts, Field::Filename),
            Some(("a \"b\".pdf", "a \\\"b\\\".pdf"))
        );
        assert_eq!(get(&parts, Field::MediaId), None);
        assert_eq!(get(&parts, Field::FooterText), None);
        assert_eq!(get(&parts, Field::CallbackData), Some(("", "")));
    }

    #[test]
    #[should_panic(expected = "malformed cta_message! layout")]
    fn a_truncated_layout_panics() {
        let mut reader = Reader::new("{}", &[0, 0]);
        let _ = reader.header();
        let _ = reader.json();
    }

    #[test]
    #[should_panic(expected = "unknown header kind")]
    fn an_unknown_header_kind_panics() {
        let _ = GivenHeader::from_byte(9);
    }

    #[test]
    #[should_panic(expected = "an expression header in a layout")]
    fn an_expression_header_in_a_layout_panics() {
        let _ = Reader::new("", &[u8::MAX]).header();
    }

    #[test]
    fn numbers_read_back() {
        for number in [0, 1, 0x7f, 0x80, 0x3fff, 0x4000, usize::MAX] {
            let mut layout = Vec::new();
            push_number(&mut layout, number);
            let layout: &'static [u8] = Box::leak(layout.into_boxed_slice());
            assert_eq!(Reader::new("", layout).number(), number);
        }
    }

    #[test]
    fn a_slot_is_the_place_in_field_all() {
        for (index, field) in Field::ALL.iter().enumerate() {
            assert_eq!(slot(*field), index, "{field:?}");
        }
    }

    #[test]
    fn every_header_kind_has_its_own_byte() {
        let given = [GivenHeader::None, GivenHeader::Expression]
            .into_iter()
            .chain(HeaderKind::ALL.map(GivenHeader::Kind));
        let mut bytes = Vec::new();
        for header in given {
            assert_eq!(GivenHeader::from_byte(header.byte()), header);
            bytes.push(header.byte());
        }
        bytes.sort_unstable();
        bytes.dedup();
        assert_eq!(bytes.len(), HeaderKind::ALL.len() + 2);
    }
}
