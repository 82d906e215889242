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
//! The reader is `const`: where the expansion is evaluated while the user's code compiles (in a
//! `const` or `static`), a malformed layout is a compile error (a panic in constant
//! evaluation), elsewhere a panic when it runs; never a silent default.
//!
//! The two literals reach `cta-core` through functions any crate can call, so the reader
//! trusts neither: it verifies that the text is exactly what [`encode`] writes for the parts
//! the layout names (each fixed piece of JSON where the writer puts it, each part's JSON the
//! escape of its text, nothing else), and checks each text by the rules of its field
//! ([`check_literal`]: all of them, but the host of a URL that is an IP address or an
//! internationalized name). The usual text is read 8 bytes a step, so the check costs little
//! where it runs when the code runs.

use crate::json::{self, ContentPart, ContentParts, Group, Piece};
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
    /// The header read by [`header`](Self::header).
    header: Option<HeaderKind>,
    /// Where the content's JSON starts and where the JSON ends, read by [`json`](Self::json).
    content_start: usize,
    end: usize,
    /// Where each part's escaped form starts in the text, by slot.
    starts: [usize; Field::ALL.len()],
    /// Whether each part's text is written apart from its escaped form, by slot.
    apart: [bool; Field::ALL.len()],
}

impl Reader {
    /// Starts reading; the header kind is read first.
    #[must_use]
    pub const fn new(text: &'static str, layout: &'static [u8]) -> Self {
        Reader {
            text,
            bytes: layout,
            at: 0,
            header: None,
            content_start: 0,
            end: 0,
            starts: [0; Field::ALL.len()],
            apart: [false; Field::ALL.len()],
        }
    }

    /// The header kind, if any: the first byte.
    ///
    /// # Panics
    ///
    /// When the layout is malformed.
    pub const fn header(&mut self) -> Option<HeaderKind> {
        self.header = match GivenHeader::from_byte(self.byte()) {
            GivenHeader::None => None,
            GivenHeader::Kind(kind) => Some(kind),
            GivenHeader::Expression => {
                panic!("malformed cta_message! layout: an expression header in a layout")
            }
        };
        self.header
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
        self.content_start = content_start;
        self.end = end;
        (
            self.slice(0, end),
            self.slice(content_start, end - content_start),
        )
    }

    /// Every slot, in the order of [`Field::ALL`]; the recipient's only when
    /// `with_recipient`. Then checks that nothing is left, and verifies the text against the
    /// parts (read after [`header`](Self::header) and [`json`](Self::json)): the JSON is
    /// exactly what [`encode`] writes for them, and each text keeps the rules
    /// [`check_literal`] checks.
    ///
    /// # Panics
    ///
    /// When the layout is malformed, or the text is not what `encode` writes for it, with a
    /// message naming what does not hold.
    pub const fn parts(&mut self, with_recipient: bool) -> Parts {
        let mut parts: Parts = [None; Field::ALL.len()];
        let mut index = 0;
        while index < Field::ALL.len() {
            if with_recipient || !matches!(Field::ALL[index], Field::Recipient) {
                parts[index] = self.part(index);
            }
            index += 1;
        }
        assert!(
            self.at == self.bytes.len(),
            "malformed cta_message! layout: bytes are left over"
        );
        self.verify(&parts, with_recipient);
        parts
    }

    const fn part(&mut self, slot: usize) -> Option<Part> {
        let start = self.number();
        if start == 0 {
            return None;
        }
        let len = self.number();
        let escaped = self.slice(start, len);
        self.starts[slot] = start;
        let text_start = self.number();
        if text_start == 0 {
            Some((escaped, escaped))
        } else {
            self.apart[slot] = true;
            let len = self.number();
            Some((self.slice(text_start, len), escaped))
        }
    }
}

impl Reader {
    /// Walks the JSON as [`encode`] writes it for `parts`: every fixed piece must be there,
    /// byte for byte, and every value where the layout puts it, as the escape of its text.
    const fn verify(&self, parts: &Parts, with_recipient: bool) {
        let mut walk = Walk {
            bytes: self.text.as_bytes(),
            at: 0,
            parts,
            starts: &self.starts,
            apart: &self.apart,
            walked: 0,
        };
        if with_recipient {
            let Some((to, _)) = parts[slot(Field::Recipient)] else {
                panic!("malformed cta_message! layout: a required part is missing");
            };
            walk.raw(json::message_head(recipient_kind(to)));
            walk.value(Field::Recipient);
        }
        assert!(
            walk.at == self.content_start,
            "forged cta_message! JSON: the content does not start after the recipient"
        );
        walk.group(Group::BeforeType);
        walk.raw(json::INTERACTIVE_OPEN);
        if let Some(kind) = self.header {
            let by_id = parts[slot(Field::MediaId)].is_some();
            walk.raw(json::header_open(kind, by_id));
            if kind.is_media() {
                walk.value(if by_id {
                    Field::MediaId
                } else {
                    Field::MediaLink
                });
                if parts[slot(Field::Filename)].is_some() {
                    walk.raw(json::FILENAME_OPEN);
                    walk.value(Field::Filename);
                }
                walk.raw(json::MEDIA_HEADER_CLOSE);
            } else {
                walk.value(Field::HeaderText);
                walk.raw(json::TEXT_HEADER_CLOSE);
            }
        }
        walk.group(Group::BeforeAction);
        walk.raw(json::ACTION_OPEN);
        walk.group(Group::Parameters);
        walk.raw(json::ACTION_CLOSE);
        walk.group(Group::AfterAction);
        walk.raw(json::OBJECT_CLOSE);
        walk.group(Group::AfterInteractive);
        walk.raw(json::OBJECT_CLOSE);
        assert!(
            walk.at == self.end,
            "forged cta_message! JSON: text after the end of the body"
        );
        let mut present = 0;
        let mut index = 0;
        while index < parts.len() {
            if parts[index].is_some() {
                present += 1;
            }
            index += 1;
        }
        assert!(
            present == walk.walked,
            "forged cta_message! layout: a part that is not in the JSON"
        );
    }
}

/// A walk through the JSON of a layout, in the order the writer writes it.
struct Walk<'a> {
    bytes: &'static [u8],
    at: usize,
    parts: &'a Parts,
    starts: &'a [usize; Field::ALL.len()],
    apart: &'a [bool; Field::ALL.len()],
    /// How many parts the walk has met.
    walked: usize,
}

impl Walk<'_> {
    /// The fixed piece `raw`, next.
    const fn raw(&mut self, raw: &str) {
        let raw = raw.as_bytes();
        let Some((_, rest)) = self.bytes.split_at_checked(self.at) else {
            panic!("forged cta_message! JSON: a fixed piece of Meta's shape is missing");
        };
        let Some((found, _)) = rest.split_at_checked(raw.len()) else {
            panic!("forged cta_message! JSON: a fixed piece of Meta's shape is missing");
        };
        assert!(
            json::same_bytes(found, raw),
            "forged cta_message! JSON: a fixed piece of Meta's shape is not where the writer \
             puts it"
        );
        self.at += raw.len();
    }

    /// The value of `field`, next: quoted, where the layout puts it, the escape of its text,
    /// which keeps the rules of its field.
    const fn value(&mut self, field: Field) {
        let Some((text, escaped)) = self.parts[slot(field)] else {
            panic!("forged cta_message! layout: a part the JSON needs is missing");
        };
        self.raw("\"");
        assert!(
            self.starts[slot(field)] == self.at,
            "forged cta_message! layout: a part is not where the JSON holds its value"
        );
        self.at += escaped.len();
        self.raw("\"");
        // `Ok(false)`: a URL whose host the reader cannot read (an IP address, an
        // internationalized name), which keeps every other rule. It stays a literal, so that
        // an all-literal invocation still makes a constant; its host was checked by the macro.
        if let Err(rule) = literal_verdict(field, text, escaped, !self.apart[slot(field)]) {
            panic!("{}", rule);
        }
        self.walked += 1;
    }

    /// The parts of `group` that are present, as `json::group_pieces` writes them.
    const fn group(&mut self, group: Group) {
        // Only the first member of `parameters` has no `,` before it.
        let mut first = matches!(group, Group::Parameters);
        let mut index = 0;
        while index < ContentPart::ALL.len() {
            let part = ContentPart::ALL[index];
            index += 1;
            if part.group() as u8 != group as u8 {
                continue;
            }
            if self.parts[slot(part.field())].is_none() {
                assert!(
                    !part.required(),
                    "forged cta_message! layout: a required part is missing"
                );
                continue;
            }
            self.raw(if first {
                part.open_first()
            } else {
                part.open()
            });
            first = false;
            self.value(part.field());
            self.raw(part.close());
        }
    }
}

/// `RecipientKind::of`, in a `const fn`: a BSUID starts with a letter.
const fn recipient_kind(to: &str) -> crate::RecipientKind {
    recipient_kind_of_bytes(to.as_bytes())
}

/// The character at byte `at` of `bytes` (UTF-8, since they are a `str`'s) and its length.
const fn char_at(bytes: &[u8], at: usize) -> (char, usize) {
    let first = bytes[at];
    let (len, mut code) = if first < 0x80 {
        (1, first as u32)
    } else if first < 0xE0 {
        (2, (first & 0x1F) as u32)
    } else if first < 0xF0 {
        (3, (first & 0x0F) as u32)
    } else {
        (4, (first & 0x07) as u32)
    };
    let mut index = 1;
    while index < len {
        code = (code << 6) | (bytes[at + index] & 0x3F) as u32;
        index += 1;
    }
    match char::from_u32(code) {
        Some(c) => (c, len),
        None => panic!("a `str` holds UTF-8"),
    }
}

/// [`crate::is_blank`], in a `const fn`: it stops at the first visible character, which is
/// normally the first.
#[must_use]
pub const fn is_blank(text: &str) -> bool {
    let bytes = text.as_bytes();
    let mut at = 0;
    while at < bytes.len() {
        let (c, len) = char_at(bytes, at);
        if !(c.is_whitespace() || crate::is_invisible(c)) {
            return false;
        }
        at += len;
    }
    true
}

/// Checks fixed text of `field` (a literal, or a piece of a template's fixed text) by the
/// rules of single characters: no line break in a single-line field, no control character
/// in a text (but tabs, and line breaks where it may have more than one line), a file name
/// or a message ID. Gives its length in characters, as the rules count them.
///
/// # Panics
///
/// When a character breaks one of those rules, naming the rule.
#[must_use]
pub const fn check_fixed_chars(field: Field, text: &str) -> usize {
    match fixed_chars(field, text) {
        Ok(chars) => chars,
        Err(rule) => panic!("{}", rule),
    }
}

/// [`check_fixed_chars`], giving the rule broken.
const fn fixed_chars(field: Field, text: &str) -> Result<usize, &'static str> {
    let bytes = text.as_bytes();
    let controls = field.is_text() || matches!(field, Field::Filename | Field::MessageId);
    let tabs = field.is_text();
    let line_breaks = field.is_text() && !field.single_line();
    let mut chars = 0;
    let mut at = 0;
    while at < bytes.len() {
        let byte = bytes[at];
        // A byte that does not continue a character starts one.
        if byte & 0xC0 != 0x80 {
            chars += 1;
        }
        // The line breaks: `\n`, `\r`, vertical tab, form feed, U+0085, U+2028, U+2029.
        let line_break = matches!(byte, b'\n' | b'\r' | 0x0B | 0x0C)
            || (byte == 0xC2 && at + 1 < bytes.len() && bytes[at + 1] == 0x85)
            || (byte == 0xE2
                && at + 2 < bytes.len()
                && bytes[at + 1] == 0x80
                && matches!(bytes[at + 2], 0xA8 | 0xA9));
        // The controls: C0, DEL and C1 (U+0080 to U+009F).
        let control = byte < 0x20
            || byte == 0x7F
            || (byte == 0xC2 && at + 1 < bytes.len() && matches!(bytes[at + 1], 0x80..=0x9F));
        if line_break && field.single_line() {
            return Err("a literal breaks its field's rule: a line break in a single-line field");
        }
        if control && controls && !(tabs && byte == b'\t') && !(line_break && line_breaks) {
            return Err("a literal breaks its field's rule: a control character");
        }
        at += 1;
    }
    Ok(chars)
}

/// Checks a whole literal by every rule of `field`, in a `const fn`: those of
/// [`check_fixed_chars`], the length in characters, not blank, a media ID's digits, a
/// recipient's form, and a URL's scheme, host, port and characters as far as
/// [`url_form_proven`] reads them. What passes keeps every rule [`check`](crate::check) has,
/// but the host of a URL that [`url_form_proven`] cannot read (an IP address, an
/// internationalized name), which [`is_complete`] tells.
///
/// # Panics
///
/// When the literal breaks one of those rules, naming the rule.
pub const fn check_literal(field: Field, text: &str) {
    // Checked where it is evaluated while the code compiles (a template's description).
    let plain = json::is_plain_ascii_at_compile_time(text.as_bytes(), plain_also(field));
    if let Err(rule) = verdict_known(field, text, plain) {
        panic!("{}", rule);
    }
}

/// What [`check_literal`] finds: the rule `text` breaks, or whether its passing proves that
/// `text` keeps every rule of `field` (always but for a URL that [`url_form_proven`] cannot
/// read).
///
/// # Errors
///
/// The rule broken, in words.
pub const fn verdict(field: Field, text: &str) -> Result<bool, &'static str> {
    verdict_known(
        field,
        text,
        json::is_plain_ascii(text.as_bytes(), plain_also(field)),
    )
}

/// [`verdict`] of a literal given with `escaped`, its JSON-escaped form (`same` when it is
/// the very slice of the text, as for a text that needs no escape): first, that `escaped` is
/// exactly the JSON escape of `text`. One read of the usual text finds both that it is its own
/// escaped form and that it holds no character the rules read one at a time.
///
/// # Errors
///
/// The rule broken, in words.
pub const fn literal_verdict(
    field: Field,
    text: &str,
    escaped: &str,
    same: bool,
) -> Result<bool, &'static str> {
    let plain = json::is_plain_ascii(text.as_bytes(), plain_also(field));
    let escaped_right = if plain {
        same || json::same_bytes(text.as_bytes(), escaped.as_bytes())
    } else {
        json::is_escaped_form(text, escaped)
    };
    if !escaped_right {
        return Err("a literal's JSON is not the escape of its text");
    }
    verdict_known(field, text, plain)
}

/// The rule of [`check_literal`] that `text` breaks, if any.
#[must_use]
pub const fn rule_broken(field: Field, text: &str) -> Option<&'static str> {
    match verdict(field, text) {
        Ok(_) => None,
        Err(rule) => Some(rule),
    }
}

/// Whether [`check_literal`] passing `text` proves that it keeps every rule of `field`: always
/// but for a URL whose host [`url_form_proven`] cannot read.
#[must_use]
pub const fn is_complete(field: Field, text: &str) -> bool {
    !field.is_url() || url_authority_proven(text.as_bytes(), true)
}

/// The byte [`json::is_plain_ascii`] also refuses for `field`: a space in a URL, where it is
/// refused, else `"` again (a space is text).
const fn plain_also(field: Field) -> u8 {
    if field.is_url() { b' ' } else { b'"' }
}

/// [`verdict`], told whether the text is [`json::is_plain_ascii`] with [`plain_also`]:
/// printable ASCII, the usual text, is one character a byte and holds no line break, control
/// character, or in a URL whitespace or backslash.
const fn verdict_known(field: Field, text: &str, plain: bool) -> Result<bool, &'static str> {
    let chars = if plain {
        text.len()
    } else {
        match fixed_chars(field, text) {
            Ok(chars) => chars,
            Err(rule) => return Err(rule),
        }
    };
    if let Some(max) = field.max_chars()
        && chars > max
    {
        return Err("a literal breaks its field's rule: longer than its limit in characters");
    }
    // A visible ASCII character first, the usual start, is not blank.
    let visible_first = matches!(text.as_bytes().first(), Some(0x21..=0x7E));
    if field.rejects_blank() && !visible_first && is_blank(text) {
        return Err("a literal breaks its field's rule: blank");
    }
    let bytes = text.as_bytes();
    let broken = match field {
        Field::MediaId => {
            let mut at = 0;
            while at < bytes.len() && bytes[at].is_ascii_digit() {
                at += 1;
            }
            if at < bytes.len() {
                Some("a literal breaks its field's rule: a media ID of digits only")
            } else {
                None
            }
        }
        Field::ButtonUrl | Field::MediaLink => {
            if plain && url_authority_proven(bytes, true) {
                return Ok(true);
            }
            if let Some(rule) = url_rule_broken(bytes, plain) {
                return Err(rule);
            }
            // The characters are read: what is left is the host.
            return Ok(url_authority_proven(bytes, true));
        }
        Field::Recipient => recipient_rule_broken(bytes),
        _ => None,
    };
    match broken {
        Some(rule) => Err(rule),
        None => Ok(true),
    }
}

/// The parts of a URL's rule read without its host's names: `http://` or `https://`, a host
/// without user-info, and no whitespace, control, invisible character or backslash.
const fn url_rule_broken(bytes: &[u8], plain: bool) -> Option<&'static str> {
    // A plain URL holds none of the characters refused; others are read a character at a time.
    let mut at = if plain { bytes.len() } else { 0 };
    while at < bytes.len() {
        let (c, len) = char_at(bytes, at);
        if c.is_whitespace()
            || (c as u32) < 0x20
            || matches!(c as u32, 0x7F..=0x9F)
            || crate::is_invisible(c)
            || c == '\\'
        {
            return Some(
                "a literal breaks its field's rule: whitespace, a control, an invisible \
                 character or a backslash in a URL",
            );
        }
        at += len;
    }
    let scheme_end = if starts_with_ignore_case(bytes, b"https://") {
        8
    } else if starts_with_ignore_case(bytes, b"http://") {
        7
    } else {
        return Some(
            "a literal breaks its field's rule: a URL starts with `https://` or `http://`",
        );
    };
    let mut at = scheme_end;
    while at < bytes.len() && !matches!(bytes[at], b'/' | b'?' | b'#') {
        if bytes[at] == b'@' {
            return Some("a literal breaks its field's rule: user-info in a URL");
        }
        at += 1;
    }
    if at == scheme_end || bytes[scheme_end] == b':' {
        return Some("a literal breaks its field's rule: a URL names a host");
    }
    None
}

/// Whether a `const fn` can prove that a URL starting with `prefix` keeps every rule of
/// [`check`](crate::check) for a URL but its length, whatever follows it in printable ASCII
/// without spaces or backslashes (the fixed text and the percent-encoded values of a
/// template): `prefix` is printable ASCII without spaces, quotes or backslashes, starts with
/// `https://` or `http://`, and holds the whole authority (`whole`, or a `/`, `?` or `#` after
/// it): a host of ASCII labels (letters, digits, `-`, `_`, `~`; no `-` at an edge, no
/// `xn--`, the last not a number) and at most a port from 1 to 65535. `false` says nothing
/// either way (an IP address, an internationalized name): the URL is then checked at run time.
#[must_use]
pub const fn url_form_proven(prefix: &[u8], whole: bool) -> bool {
    json::is_plain_ascii_at_compile_time(prefix, b' ') && url_authority_proven(prefix, whole)
}

/// [`url_form_proven`] of a prefix known to be [`json::is_plain_ascii`] without spaces: one
/// pass over the authority, each label looked at again only where it ends.
const fn url_authority_proven(prefix: &[u8], whole: bool) -> bool {
    let scheme_end = if starts_with_ignore_case(prefix, b"https://") {
        8
    } else if starts_with_ignore_case(prefix, b"http://") {
        7
    } else {
        return false;
    };
    let mut at = scheme_end;
    let mut label_start = at;
    // The label before the last `.`, which is the last one when the name ends with `.`.
    let mut before: Option<(usize, usize)> = None;
    loop {
        let byte = if at < prefix.len() {
            prefix[at]
        } else if whole {
            b'/'
        } else {
            return false;
        };
        if HOST_LABEL_BYTE[byte as usize] {
            at += 1;
            continue;
        }
        if !matches!(byte, b'.' | b'/' | b'?' | b'#' | b':') {
            return false;
        }
        let last = if label_start < at {
            if !is_plain_label(prefix, label_start, at) {
                return false;
            }
            (label_start, at)
        } else {
            // An empty label: only after a `.` that ends the name, as its end.
            match before {
                Some(label) if byte != b'.' => label,
                _ => return false,
            }
        };
        if byte == b'.' {
            before = Some(last);
            at += 1;
            label_start = at;
            continue;
        }
        // The last label may not be a number: the host would be an IPv4 address.
        if may_be_number(prefix, last.0, last.1) {
            return false;
        }
        return byte != b':' || is_port(prefix.split_at(at + 1).1, whole);
    }
}

/// The bytes of a host's labels that the host rules take as they are: ASCII letters and
/// digits, `-`, `_` and `~`.
const HOST_LABEL_BYTE: [bool; 256] = {
    let mut table = [false; 256];
    let mut byte: u8 = 0;
    loop {
        table[byte as usize] = byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'_' | b'~');
        if byte == u8::MAX {
            break table;
        }
        byte += 1;
    }
};

/// Whether the label `bytes[start..end]` (not empty, of [`HOST_LABEL_BYTE`]s) is one the
/// host rules take as it is: no `-` at an edge, a letter or digit in it, and not `xn--`
/// (Punycode, which they decode).
const fn is_plain_label(bytes: &[u8], start: usize, end: usize) -> bool {
    if bytes[start] == b'-' || bytes[end - 1] == b'-' {
        return false;
    }
    if end - start >= 4
        && bytes[start] | 0x20 == b'x'
        && bytes[start + 1] | 0x20 == b'n'
        && bytes[start + 2] == b'-'
        && bytes[start + 3] == b'-'
    {
        return false;
    }
    let mut at = start;
    while at < end {
        if bytes[at].is_ascii_alphanumeric() {
            return true;
        }
        at += 1;
    }
    false
}

/// Whether the label `bytes[start..end]` may be read as a number: digits, or `0x` and hex
/// digits.
const fn may_be_number(bytes: &[u8], start: usize, end: usize) -> bool {
    let mut at = start;
    if end - start >= 2 && bytes[start] == b'0' && bytes[start + 1] | 0x20 == b'x' {
        at += 2;
        while at < end {
            if !bytes[at].is_ascii_hexdigit() {
                return false;
            }
            at += 1;
        }
        return true;
    }
    while at < end {
        if !bytes[at].is_ascii_digit() {
            return false;
        }
        at += 1;
    }
    true
}

/// Whether `rest` starts with a port from 1 to 65535 that ends the authority (at its end when
/// `whole`, else at `/`, `?` or `#`).
const fn is_port(rest: &[u8], whole: bool) -> bool {
    let mut value: u32 = 0;
    let mut len = 0;
    let mut rest = rest;
    loop {
        match rest.split_first() {
            Some((&byte, tail)) if byte.is_ascii_digit() => {
                len += 1;
                if len > 5 {
                    return false;
                }
                value = value * 10 + (byte - b'0') as u32;
                rest = tail;
            }
            Some((b'/' | b'?' | b'#', _)) => break,
            None if whole => break,
            Some(_) | None => return false,
        }
    }
    len > 0 && value >= 1 && value <= 65_535
}

/// Whether `bytes` starts with `prefix`, ASCII case ignored.
const fn starts_with_ignore_case(bytes: &[u8], prefix: &[u8]) -> bool {
    if bytes.len() < prefix.len() {
        return false;
    }
    let mut at = 0;
    while at < prefix.len() {
        if bytes[at].to_ascii_lowercase() != prefix[at] {
            return false;
        }
        at += 1;
    }
    true
}

/// A recipient's rule, exactly: a BSUID (two capitals, `.`, `ENT.` for a parent, then 1 to
/// 128 letters and digits) when it looks like one, else a phone number (digits and the
/// separators space, `-`, `(` and `)`, a leading `+`, at most 32 characters, 7 to 15 digits).
const fn recipient_rule_broken(bytes: &[u8]) -> Option<&'static str> {
    let looks_like_bsuid = bytes.len() >= 3
        && bytes[0].is_ascii_alphabetic()
        && ((bytes[0].is_ascii_uppercase() && bytes[1].is_ascii_uppercase()) || bytes[2] == b'.');
    if looks_like_bsuid {
        if !(bytes[0].is_ascii_uppercase() && bytes[1].is_ascii_uppercase() && bytes[2] == b'.') {
            return Some("a literal breaks its field's rule: a BSUID's country code");
        }
        let prefix = if bytes.len() >= 7
            && bytes[3] == b'E'
            && bytes[4] == b'N'
            && bytes[5] == b'T'
            && bytes[6] == b'.'
        {
            7
        } else {
            3
        };
        let id = bytes.len() - prefix;
        if id == 0 || id > crate::BSUID_MAX_ID_CHARS {
            return Some("a literal breaks its field's rule: a BSUID's length");
        }
        let mut at = prefix;
        while at < bytes.len() {
            if !bytes[at].is_ascii_alphanumeric() {
                return Some("a literal breaks its field's rule: a BSUID of letters and digits");
            }
            at += 1;
        }
        return None;
    }
    // ASCII only, so a byte is a character.
    if bytes.len() > crate::RECIPIENT_MAX_CHARS {
        return Some("a literal breaks its field's rule: a phone number's length");
    }
    let mut digits = 0;
    let mut at = 0;
    while at < bytes.len() {
        let byte = bytes[at];
        if byte.is_ascii_digit() {
            digits += 1;
        } else if !(matches!(byte, b' ' | b'-' | b'(' | b')') || (byte == b'+' && at == 0)) {
            return Some(
                "a literal breaks its field's rule: a phone number of digits and separators",
            );
        }
        at += 1;
    }
    if digits < crate::RECIPIENT_MIN_DIGITS || digits > crate::RECIPIENT_MAX_DIGITS {
        return Some("a literal breaks its field's rule: a phone number's count of digits");
    }
    None
}

/// [`recipient_kind`] of a recipient's bytes.
const fn recipient_kind_of_bytes(bytes: &[u8]) -> crate::RecipientKind {
    match bytes.first() {
        Some(first) if first.is_ascii_alphabetic() => crate::RecipientKind::Bsuid,
        _ => crate::RecipientKind::PhoneNumber,
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

    /// Short texts of the characters the rules and JSON care about, after `prefix`.
    fn texts(prefix: &str) -> Vec<String> {
        const ALPHABET: [&str; 20] = [
            "a", "1", " ", "\t", "\n", "\r", "\u{b}", "\u{0}", "\u{7f}", "\u{85}", "\u{9f}",
            "\u{a0}", "\u{200b}", "\u{2028}", "é", "👍", "\"", "\\", "@", "/",
        ];
        let mut texts = vec![prefix.to_owned()];
        for first in ALPHABET {
            texts.push(format!("{prefix}{first}"));
            for second in ALPHABET {
                texts.push(format!("{prefix}{first}{second}"));
                texts.push(format!("{first}{prefix}{second}"));
            }
        }
        texts
    }

    /// `check_literal` takes exactly what `check` takes, but URLs it cannot read
    /// (`is_complete`): it verifies what the macro gives, so a literal the macro accepts must
    /// pass it, and one it passes must keep every rule.
    #[test]
    fn check_literal_is_check() {
        let prefixes = [
            (Field::Recipient, "+1650555123"),
            (Field::Recipient, "US.1349120865"),
            (Field::Recipient, "US.ENT.134"),
            (Field::Recipient, "Us.1"),
            (Field::Recipient, "(650) 555-1234"),
            (Field::MediaId, "123"),
            (Field::ButtonUrl, "https://e.com/"),
            (Field::MediaLink, "http://e.com?"),
        ];
        let mut checked = 0;
        for field in Field::ALL.iter().copied() {
            let samples = prefixes
                .iter()
                .filter(|(of, _)| *of == field)
                .map(|(_, prefix)| *prefix)
                .chain(["a", ""]);
            for prefix in samples {
                for text in texts(prefix) {
                    let valid = crate::check(field, &text).is_ok();
                    let passes = rule_broken(field, &text).is_none();
                    if valid {
                        assert!(passes, "{field} {text:?}: {:?}", rule_broken(field, &text));
                        checked += 1;
                    } else if is_complete(field, &text) {
                        assert!(!passes, "{field} {text:?} breaks a rule");
                    }
                }
            }
        }
        assert!(checked > 5_000, "{checked}");
        let long = "x".repeat(1025);
        for (field, text) in [
            (Field::ButtonLabel, "G\no"),
            (Field::HeaderText, "a\u{2028}b"),
            (Field::BodyText, "a\u{0}b"),
            (Field::BodyText, "a\u{9f}b"),
            (Field::BodyText, " \u{200b}"),
            (Field::BodyText, long.as_str()),
            (Field::Filename, "a\tb"),
            (Field::MediaId, "12a"),
            (Field::ButtonUrl, "javascript:alert(1)"),
            (Field::ButtonUrl, "https://a b"),
            (Field::ButtonUrl, "https://user@e.com"),
            (Field::ButtonUrl, "https:///x"),
            (Field::Recipient, "+165055"),
            (Field::Recipient, "+16505551234x"),
            (Field::Recipient, "US.ENT."),
            (Field::Recipient, "us.1349"),
            (Field::Recipient, "hello"),
        ] {
            assert!(crate::check(field, text).is_err(), "{field} {text:?}");
            assert!(rule_broken(field, text).is_some(), "{field} {text:?}");
        }
    }

    /// A URL proven by `url_form_proven` keeps every rule `check` has for a URL, whatever
    /// printable ASCII follows; and the usual URLs are proven.
    #[test]
    fn a_proven_url_keeps_the_rules() {
        for url in [
            "https://example.com",
            "https://www.luckyshrub.com?clickID=kq",
            "http://EXAMPLE.com./a",
            "https://e.com:8080/x",
            "https://a_b.c~d.e-f.com#x",
        ] {
            assert!(url_form_proven(url.as_bytes(), true), "{url}");
            assert!(crate::check(Field::ButtonUrl, url).is_ok(), "{url}");
        }
        let hosts = [
            "e.com",
            "e.com.",
            "e..com",
            ".e.com",
            "-e.com",
            "e-.com",
            "xn--e.com",
            "XN--e.com",
            "e.123",
            "e.0x1f",
            "e.0x",
            "1.2.3.4",
            "e.com:",
            "e.com:0",
            "e.com:65536",
            "e.com:80",
            "e.com:8a",
            "_.com",
            "~",
            "",
            "é.com",
            "[::1]",
            "e.com@x",
            "a%41.com",
            "e.c_m",
            "e.123.",
            "1.2.3.4.",
            "e.0x.",
            "e.com..",
            "a.-b.com",
            "a.b-.com",
            "e.com:1",
            "e.com:65535",
            "e.com:123456",
            "E.CoM",
            "0x.e",
            "xn-a.com",
            "x-n--a.com",
            "e._",
            "e.~a",
        ];
        let mut proven = 0;
        for host in hosts {
            for (url, whole) in [
                (format!("https://{host}"), true),
                (format!("https://{host}/"), false),
                (format!("https://{host}?"), false),
            ] {
                if url_form_proven(url.as_bytes(), whole) {
                    proven += 1;
                    for rest in ["", "/a", "?q=%22", "#f", "/.@:"] {
                        let filled = format!("{url}{rest}");
                        assert!(crate::check(Field::ButtonUrl, &filled).is_ok(), "{filled}");
                    }
                }
            }
        }
        assert!(proven >= 9, "{proven}");
        assert!(!url_form_proven(b"https://e.com", false));
        assert!(!url_form_proven(b"javascript:alert(1)", true));
        assert!(!url_form_proven(b"https://e.com/\\x", true));
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
