//! The request body's JSON: its layout, and how a string value is escaped in it.
//!
//! The single source of both: `cta-core` writes messages at run time with it, and the
//! `cta_message!` macro writes the literal parts of a message with it while your code builds.
//! So a pre-rendered literal and a value escaped at run time can never disagree, and both give
//! exactly the bytes of `serde_json::to_vec`. Not public API.
//!
//! It also holds the one description of the content's text parts,
//! [`content_parts!`](crate::content_parts), which the content's fields, getters and setters,
//! its builder, `Serialize`, the writer below, `Deserialize`'s keys and the macros' expansion
//! all follow.

use crate::{Field, HeaderKind};

/// What `serde_json` writes for each byte of a string: 0 for the byte itself, or the letter of
/// its escape (`\n` and so on, `u` for `\u00XX`). Everything else, including U+2028, U+2029
/// and all non-ASCII text, stays raw UTF-8, as `serde_json` leaves it.
const ESCAPE: [u8; 256] = {
    let mut table = [0u8; 256];
    let mut byte = 0;
    while byte < 0x20 {
        table[byte] = b'u';
        byte += 1;
    }
    table[0x08] = b'b';
    table[0x09] = b't';
    table[0x0A] = b'n';
    table[0x0C] = b'f';
    table[0x0D] = b'r';
    table[b'"' as usize] = b'"';
    table[b'\\' as usize] = b'\\';
    table
};

const HEX_DIGITS: &[u8; 16] = b"0123456789abcdef";

/// Whether `value` is written inside the quotes exactly as it is.
#[must_use]
pub const fn needs_no_escape(value: &str) -> bool {
    let bytes = value.as_bytes();
    let mut index = 0;
    while index < bytes.len() {
        if ESCAPE[bytes[index] as usize] != 0 {
            return false;
        }
        index += 1;
    }
    true
}

/// Whether `escaped` is exactly `value` as [`write_escaped`] writes it: what the macro gives
/// with a literal. In a `const fn`, so that the expansion's functions can verify what they are
/// given, at compile time where they are evaluated there; a text that needs no escape is its
/// own escaped form.
#[must_use]
pub const fn is_escaped_form(value: &str, escaped: &str) -> bool {
    let (value, escaped) = (value.as_bytes(), escaped.as_bytes());
    // The usual text needs no escape: it is its own escaped form.
    if is_plain_ascii(value, b'"') {
        return same_bytes(value, escaped);
    }
    let mut at = 0;
    let mut index = 0;
    while index < value.len() {
        let byte = value[index];
        let escape = ESCAPE[byte as usize];
        let expected: &[u8] = match escape {
            0 => &[byte],
            b'u' => &[
                b'\\',
                b'u',
                b'0',
                b'0',
                HEX_DIGITS[(byte >> 4) as usize],
                HEX_DIGITS[(byte & 0xF) as usize],
            ],
            _ => &[b'\\', escape],
        };
        let mut offset = 0;
        while offset < expected.len() {
            if at >= escaped.len() || escaped[at] != expected[offset] {
                return false;
            }
            at += 1;
            offset += 1;
        }
        index += 1;
    }
    at == escaped.len()
}

/// A word with every byte `byte`.
#[inline]
const fn every_byte(byte: u8) -> u64 {
    u64::from_ne_bytes([byte; 8])
}

/// A word of ones in every byte, and of their high bits.
const ONES: u64 = every_byte(1);
const HIGH: u64 = every_byte(0x80);

/// Whether a byte of `word` is zero: exact for "any", as in [`chunk_needs_escape`].
#[inline]
const fn has_zero_byte(word: u64) -> bool {
    word.wrapping_sub(ONES) & !word & HIGH != 0
}

/// The words [`is_plain_ascii`] tests each 8 bytes against.
const SPACES: u64 = every_byte(0x20);
const QUOTES: u64 = every_byte(b'"');
const BACKSLASHES: u64 = every_byte(b'\\');

/// Whether `word` holds a byte that is not printable ASCII (`0x20` to `0x7E`), or is `"`,
/// `\\` or the byte of `also` (a word of it). A byte below 0x20 or from 0x7F up sets its high
/// bit in one of the three words or-ed (a borrow or a carry can set it in a byte above as
/// well, which is still "any").
#[inline]
const fn word_is_plain(word: u64, also: u64) -> bool {
    (word.wrapping_sub(SPACES) | word | word.wrapping_add(ONES)) & HIGH == 0
        && !has_zero_byte(word ^ QUOTES)
        && !has_zero_byte(word ^ BACKSLASHES)
        && !has_zero_byte(word ^ also)
}

/// [`word_is_plain`] of one byte.
#[inline]
const fn byte_is_plain(byte: u8, also: u8) -> bool {
    byte >= 0x20 && byte <= 0x7E && byte != b'"' && byte != b'\\' && byte != also
}

/// Whether every byte of `bytes` is printable ASCII (`0x20` to `0x7E`) other than `"`, `\\`
/// and `also`: one character a byte, no control or line break, written in JSON as it is. Read
/// 8 bytes a step, so that verifying what the macro gives costs little where it runs. Code
/// evaluated while the user's code compiles reads faster with
/// [`is_plain_ascii_at_compile_time`].
#[must_use]
#[inline]
pub const fn is_plain_ascii(bytes: &[u8], also: u8) -> bool {
    let also_word = ONES * also as u64;
    let mut rest = bytes;
    while let Some((chunk, tail)) = rest.split_first_chunk::<8>() {
        if !word_is_plain(u64::from_ne_bytes(*chunk), also_word) {
            return false;
        }
        rest = tail;
    }
    while let Some((&byte, tail)) = rest.split_first() {
        if !byte_is_plain(byte, also) {
            return false;
        }
        rest = tail;
    }
    true
}

/// [`is_plain_ascii`] for constant evaluation (a template's description), where indexing costs
/// less than the core library's checks in `split_first_chunk`, and more where it runs.
#[must_use]
pub const fn is_plain_ascii_at_compile_time(bytes: &[u8], also: u8) -> bool {
    let also_word = ONES * also as u64;
    let mut at = 0;
    while at + 8 <= bytes.len() {
        let word = u64::from_ne_bytes([
            bytes[at],
            bytes[at + 1],
            bytes[at + 2],
            bytes[at + 3],
            bytes[at + 4],
            bytes[at + 5],
            bytes[at + 6],
            bytes[at + 7],
        ]);
        if !word_is_plain(word, also_word) {
            return false;
        }
        at += 8;
    }
    while at < bytes.len() {
        if !byte_is_plain(bytes[at], also) {
            return false;
        }
        at += 1;
    }
    true
}

/// Whether `left` and `right` hold the same bytes, compared 8 at a time, in a `const fn`.
#[must_use]
#[inline]
pub const fn same_bytes(left: &[u8], right: &[u8]) -> bool {
    if left.len() != right.len() {
        return false;
    }
    let (mut left, mut right) = (left, right);
    while let (Some((one, left_tail)), Some((other, right_tail))) = (
        left.split_first_chunk::<8>(),
        right.split_first_chunk::<8>(),
    ) {
        if u64::from_ne_bytes(*one) != u64::from_ne_bytes(*other) {
            return false;
        }
        (left, right) = (left_tail, right_tail);
    }
    while let (Some((one, left_tail)), Some((other, right_tail))) =
        (left.split_first(), right.split_first())
    {
        if *one != *other {
            return false;
        }
        (left, right) = (left_tail, right_tail);
    }
    true
}

/// Whether any of the 8 bytes of `chunk` needs an escape: a control character, `"` or `\`.
/// Word-at-a-time bit tricks, exact for "any" (no false answer either way), so that the usual
/// text, which needs no escape, is scanned 8 bytes per step.
fn chunk_needs_escape(chunk: [u8; 8]) -> bool {
    const ONES: u64 = u64::from_ne_bytes([0x01; 8]);
    const HIGH_BITS: u64 = u64::from_ne_bytes([0x80; 8]);
    let word = u64::from_ne_bytes(chunk);
    let has_zero_byte = |word: u64| word.wrapping_sub(ONES) & !word & HIGH_BITS != 0;
    let below_space = word.wrapping_sub(ONES * 0x20) & !word & HIGH_BITS != 0;
    below_space
        || has_zero_byte(word ^ (ONES * u64::from(b'"')))
        || has_zero_byte(word ^ (ONES * u64::from(b'\\')))
}

/// The 8 bytes at `index`, if there are that many left.
fn chunk_at(bytes: &[u8], index: usize) -> Option<[u8; 8]> {
    bytes.get(index..index + 8)?.try_into().ok()
}

/// The index of the first byte at or after `index` that needs an escape. Runs of 8 bytes
/// that need none are skipped at once.
fn next_escape(bytes: &[u8], mut index: usize) -> Option<usize> {
    while index < bytes.len() {
        if let Some(chunk) = chunk_at(bytes, index)
            && !chunk_needs_escape(chunk)
        {
            index += 8;
            continue;
        }
        if ESCAPE[usize::from(bytes[index])] != 0 {
            return Some(index);
        }
        index += 1;
    }
    None
}

/// The length of `value` once escaped, without the quotes.
#[must_use]
pub fn escaped_len(value: &str) -> usize {
    let bytes = value.as_bytes();
    let mut len = bytes.len();
    let mut from = 0;
    while let Some(at) = next_escape(bytes, from) {
        len += if ESCAPE[usize::from(bytes[at])] == b'u' {
            5
        } else {
            1
        };
        from = at + 1;
    }
    len
}

/// Appends `value` escaped, without the quotes. Runs of bytes that need no escape are copied
/// whole.
pub fn write_escaped(value: &str, out: &mut Vec<u8>) {
    let bytes = value.as_bytes();
    let mut start = 0;
    while let Some(at) = next_escape(bytes, start) {
        out.extend_from_slice(&bytes[start..at]);
        let byte = bytes[at];
        let escape = ESCAPE[usize::from(byte)];
        if escape == b'u' {
            out.extend_from_slice(&[
                b'\\',
                b'u',
                b'0',
                b'0',
                HEX_DIGITS[usize::from(byte >> 4)],
                HEX_DIGITS[usize::from(byte & 0xF)],
            ]);
        } else {
            out.extend_from_slice(&[b'\\', escape]);
        }
        start = at + 1;
    }
    out.extend_from_slice(&bytes[start..]);
}

/// `value` escaped, without the quotes.
#[must_use]
pub fn escaped(value: &str) -> String {
    let mut out = Vec::with_capacity(escaped_len(value));
    write_escaped(value, &mut out);
    String::from_utf8(out)
        .expect("escaping replaces ASCII bytes with ASCII bytes only, so UTF-8 stays UTF-8")
}

/// One piece of the request body, in the order it is written.
#[derive(Clone, Copy)]
pub enum Piece<T> {
    /// JSON text, written as it is.
    Raw(&'static str),
    /// A string value, written as a JSON string: quoted and escaped.
    Value(T),
}

/// A header's values, with `T` standing for a string value: the one shape of a header that
/// the macros' parser, the builder, the layout and the writer share.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct HeaderParts<T> {
    /// What the header is.
    pub kind: HeaderKind,
    /// Whether `value` is an uploaded media ID rather than a link; always `false` for text.
    pub by_id: bool,
    /// The text of a text header; the link or the ID of a media header.
    pub value: T,
    /// A document's file name; always `None` for the other kinds.
    pub filename: Option<T>,
}

impl<T> HeaderParts<T> {
    /// The field of [`value`](Self::value): the header text, the media link or the media ID.
    #[must_use]
    pub const fn value_field(&self) -> Field {
        match (self.kind, self.by_id) {
            (HeaderKind::Text, _) => Field::HeaderText,
            (_, false) => Field::MediaLink,
            (_, true) => Field::MediaId,
        }
    }

    /// The same header with each value mapped.
    pub fn map<U>(self, mut each: impl FnMut(Field, T) -> U) -> HeaderParts<U> {
        HeaderParts {
            kind: self.kind,
            by_id: self.by_id,
            value: each(self.value_field(), self.value),
            filename: self.filename.map(|name| each(Field::Filename, name)),
        }
    }
}

/// The JSON that opens a header and its value, up to that value.
#[must_use]
pub const fn header_open(kind: HeaderKind, by_id: bool) -> &'static str {
    match (kind, by_id) {
        (HeaderKind::Text, _) => r#","header":{"type":"text","text":"#,
        (HeaderKind::Image, false) => r#","header":{"type":"image","image":{"link":"#,
        (HeaderKind::Image, true) => r#","header":{"type":"image","image":{"id":"#,
        (HeaderKind::Video, false) => r#","header":{"type":"video","video":{"link":"#,
        (HeaderKind::Video, true) => r#","header":{"type":"video","video":{"id":"#,
        (HeaderKind::Document, false) => r#","header":{"type":"document","document":{"link":"#,
        (HeaderKind::Document, true) => r#","header":{"type":"document","document":{"id":"#,
    }
}

/// Where a text part sits in the request body, in the order of the body. Each place is a run
/// of parts between fixed members of Meta's shape.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Group {
    /// At the top, after the recipient and before `"type"`: written before the JSON that
    /// `cta_message!` renders for content, so that setting it keeps that JSON.
    BeforeType,
    /// In `interactive`, after the header and before `action`.
    BeforeAction,
    /// In `interactive.action.parameters`.
    Parameters,
    /// In `interactive`, after `action`.
    AfterAction,
    /// At the top, after `interactive`.
    AfterInteractive,
}

/// The content's text parts, the one description of them: calls `$callback!` with one row a
/// part, in the order of the JSON payload (the order of [`Field::ALL`]):
///
/// ```text
/// /// docs
/// member: Type, required | optional with_member, Group "key" { "inner key" }?, "what it is";
/// ```
///
/// `member` names the content's field, getter and builder setter, `with_member` the content's
/// setter of an optional part; `Type` is both the part's [`Field`] and its checked
/// type in `cta-core`; the group and keys place it in the JSON: `"key": value`, or
/// `"key": {"inner key": value}`. A part of [`Group::Parameters`] must be required. The
/// header and the recipient are not text parts: they have shapes of their own.
#[macro_export]
#[doc(hidden)]
macro_rules! content_parts {
    ($callback:ident $($arguments:tt)*) => {
        $callback! {
            $($arguments)*
            /// The WAMID of the message this one replies to (`context.message_id`).
            reply_to: MessageId, optional with_reply_to, BeforeType "context" { "message_id" },
                "the WAMID of the message this one replies to";
            /// The body text (`interactive.body.text`).
            body: BodyText, required, BeforeAction "body" { "text" }, "the body text";
            /// The button label (`interactive.action.parameters.display_text`).
            button: ButtonLabel, required, Parameters "display_text",
                "the button label (`display_text`)";
            /// The URL the button opens (`interactive.action.parameters.url`).
            url: ButtonUrl, required, Parameters "url", "the URL the button opens";
            /// The footer text (`interactive.footer.text`).
            footer: FooterText, optional with_footer, AfterAction "footer" { "text" }, "the footer text";
            /// The `biz_opaque_callback_data`, echoed back in status webhooks.
            callback_data: CallbackData, optional with_callback_data, AfterInteractive "biz_opaque_callback_data",
                "the `biz_opaque_callback_data`, echoed back in status webhooks";
        }
    };
}

/// `T` for a required part, `Option<T>` for an optional one.
macro_rules! presence_type {
    (required $t:ty) => { $t };
    (optional $t:ty) => { Option<$t> };
}

/// A part's value as an `Option`.
macro_rules! presence_get {
    (required $value:expr) => {
        Some($value)
    };
    (optional $value:expr) => {
        $value
    };
}

/// The JSON before a part's value: with a leading `,` (`comma`) or without.
macro_rules! part_open {
    (comma $key:literal) => {
        concat!(",\"", $key, "\":")
    };
    (comma $key:literal $inner:literal) => {
        concat!(",\"", $key, "\":{\"", $inner, "\":")
    };
    (first $key:literal) => {
        concat!("\"", $key, "\":")
    };
    (first $key:literal $inner:literal) => {
        concat!("\"", $key, "\":{\"", $inner, "\":")
    };
}

/// Whether a presence is `required`.
macro_rules! is_required {
    (required) => {
        true
    };
    (optional) => {
        false
    };
}

/// A part's inner key, as an `Option`.
macro_rules! inner_key {
    () => {
        None
    };
    ($inner:literal) => {
        Some($inner)
    };
}

/// The JSON after a part's value.
macro_rules! part_close {
    () => {
        ""
    };
    ($inner:literal) => {
        "}"
    };
}

macro_rules! define_content_parts {
    ($(
        $(#[$doc:meta])*
        $member:ident: $name:ident, $presence:ident $($with:ident)?, $group:ident $key:literal
            $({ $inner:literal })?, $what:literal;
    )*) => {
        /// A text part of the content: one row of [`content_parts!`](crate::content_parts).
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum ContentPart {
            $($(#[$doc])* $name,)*
        }

        impl ContentPart {
            /// Every part, in the order of the JSON payload.
            pub const ALL: [ContentPart; [$(ContentPart::$name),*].len()] =
                [$(ContentPart::$name),*];

            /// The part's field: its rules.
            #[must_use]
            pub const fn field(self) -> Field {
                match self {
                    $(ContentPart::$name => Field::$name,)*
                }
            }

            /// Where the part sits in the JSON.
            #[must_use]
            pub const fn group(self) -> Group {
                match self {
                    $(ContentPart::$name => Group::$group,)*
                }
            }

            /// The key that holds the part in its group's object.
            #[must_use]
            pub const fn key(self) -> &'static str {
                match self {
                    $(ContentPart::$name => $key,)*
                }
            }

            /// The key of the one-key object that holds the value under
            /// [`key`](Self::key), as `"text"` in `"body": {"text": …}`; `None` when the value
            /// stands right under the key.
            #[must_use]
            pub const fn inner_key(self) -> Option<&'static str> {
                match self {
                    $(ContentPart::$name => inner_key!($($inner)?),)*
                }
            }

            /// [`inner_key`](Self::inner_key) as a list, for "unknown field" errors: empty
            /// when there is none.
            #[must_use]
            pub const fn inner_keys(self) -> &'static [&'static str] {
                match self {
                    $(ContentPart::$name => &[$($inner)?],)*
                }
            }

            /// The JSON before the value, after another member of the same object.
            #[must_use]
            pub const fn open(self) -> &'static str {
                match self {
                    $(ContentPart::$name => part_open!(comma $key $($inner)?),)*
                }
            }

            /// The JSON before the value, as the first member of its object.
            #[must_use]
            pub const fn open_first(self) -> &'static str {
                match self {
                    $(ContentPart::$name => part_open!(first $key $($inner)?),)*
                }
            }

            /// The JSON after the value.
            #[must_use]
            pub const fn close(self) -> &'static str {
                match self {
                    $(ContentPart::$name => part_close!($($inner)?),)*
                }
            }

            /// Whether every content has the part.
            #[must_use]
            pub const fn required(self) -> bool {
                match self {
                    $(ContentPart::$name => is_required!($presence),)*
                }
            }

            /// What the part is, in prose, as generated docs name it.
            #[must_use]
            pub const fn what(self) -> &'static str {
                match self {
                    $(ContentPart::$name => $what,)*
                }
            }
        }

        /// Everything of a message but its recipient, with `T` standing for a string value.
        pub struct ContentParts<T> {
            /// `interactive.header`.
            pub header: Option<HeaderParts<T>>,
            $(
                $(#[$doc])*
                pub $member: presence_type!($presence T),
            )*
        }

        impl<T: Copy> ContentParts<T> {
            /// The value of `part`, if present.
            #[must_use]
            pub fn get(&self, part: ContentPart) -> Option<T> {
                match part {
                    $(ContentPart::$name => presence_get!($presence self.$member),)*
                }
            }

            /// Calls `each` with every part of `group` and its value, if present, in the order
            /// of the table. Written out part by part, so that for a `group` known where it is
            /// called, only that group's parts are left once inlined.
            #[inline]
            pub fn each_in(&self, group: Group, mut each: impl FnMut(ContentPart, Option<T>)) {
                $(
                    if Group::$group as u8 == group as u8 {
                        each(ContentPart::$name, presence_get!($presence self.$member));
                    }
                )*
            }
        }
    };
}

content_parts!(define_content_parts);

/// The start of the body, up to the recipient's value: a phone number goes in `"to"`, a BSUID
/// in `"recipient"`, which takes the place of `to` in the key order. Never a BSUID in `to`:
/// Meta accepts it there and then drops the message.
#[must_use]
pub const fn message_head(kind: crate::RecipientKind) -> &'static str {
    match kind {
        crate::RecipientKind::PhoneNumber => {
            r#"{"messaging_product":"whatsapp","recipient_type":"individual","to":"#
        }
        crate::RecipientKind::Bsuid => {
            r#"{"messaging_product":"whatsapp","recipient_type":"individual","recipient":"#
        }
    }
}

/// The JSON from `"type"` to the end of `interactive.type`: what follows the parts of
/// [`Group::BeforeType`].
pub const INTERACTIVE_OPEN: &str = r#","type":"interactive","interactive":{"type":"cta_url""#;

/// The length in bytes of the JSON of `part` whose value escapes to `escaped_len` bytes, as
/// [`group_pieces`] writes it after another member.
#[must_use]
pub const fn part_len(part: ContentPart, escaped_len: usize) -> usize {
    // The opening, the quoted value and the closing.
    part.open().len() + escaped_len + 2 + part.close().len()
}

/// Emits the pieces of the parts of `group` that are present, in the order of the table.
#[inline]
pub fn group_pieces<T: Copy>(
    parts: &ContentParts<T>,
    group: Group,
    emit: &mut impl FnMut(Piece<T>),
) {
    // Only the first member of `parameters` has no `,` before it.
    let mut first = group == Group::Parameters;
    parts.each_in(group, |part, value| {
        let Some(value) = value else {
            return;
        };
        emit(Piece::Raw(if first {
            part.open_first()
        } else {
            part.open()
        }));
        first = false;
        emit(Piece::Value(value));
        if !part.close().is_empty() {
            emit(Piece::Raw(part.close()));
        }
    });
}

/// The JSON between a document's media and its file name.
pub const FILENAME_OPEN: &str = r#","filename":"#;

/// The JSON that closes a media header: its media object, then the header.
pub const MEDIA_HEADER_CLOSE: &str = "}}";

/// The JSON that closes a text header.
pub const TEXT_HEADER_CLOSE: &str = "}";

/// The JSON between the parts of [`Group::BeforeAction`] and those of [`Group::Parameters`].
pub const ACTION_OPEN: &str = r#","action":{"name":"cta_url","parameters":{"#;

/// The JSON that closes `parameters`, then `action`.
pub const ACTION_CLOSE: &str = "}}";

/// The JSON that closes `interactive`, then (after the parts of [`Group::AfterInteractive`])
/// the body.
pub const OBJECT_CLOSE: &str = "}";

/// Emits the pieces of a header.
#[inline]
pub fn header_pieces<T>(header: HeaderParts<T>, emit: &mut impl FnMut(Piece<T>)) {
    emit(Piece::Raw(header_open(header.kind, header.by_id)));
    emit(Piece::Value(header.value));
    if header.kind.is_media() {
        if let Some(filename) = header.filename {
            emit(Piece::Raw(FILENAME_OPEN));
            emit(Piece::Value(filename));
        }
        emit(Piece::Raw(MEDIA_HEADER_CLOSE));
    } else {
        emit(Piece::Raw(TEXT_HEADER_CLOSE));
    }
}

/// Emits, in order, every piece of the body that follows the parts of [`Group::BeforeType`]:
/// Meta's key order, absent parts left out.
#[inline]
pub fn tail_pieces<T: Copy>(parts: &ContentParts<T>, emit: &mut impl FnMut(Piece<T>)) {
    emit(Piece::Raw(INTERACTIVE_OPEN));
    if let Some(header) = parts.header {
        header_pieces(header, emit);
    }
    group_pieces(parts, Group::BeforeAction, emit);
    emit(Piece::Raw(ACTION_OPEN));
    group_pieces(parts, Group::Parameters, emit);
    emit(Piece::Raw(ACTION_CLOSE));
    group_pieces(parts, Group::AfterAction, emit);
    emit(Piece::Raw(OBJECT_CLOSE));
    group_pieces(parts, Group::AfterInteractive, emit);
    emit(Piece::Raw(OBJECT_CLOSE));
}

/// The most pieces [`content_pieces`] emits: three for a text part (its opening, its value
/// and its closing), five for a header (its opening, its value, a file name and its key, its
/// closing), and five fixed ones.
pub const MAX_CONTENT_PIECES: usize = 3 * ContentPart::ALL.len() + 5 + 5;

/// Emits, in order, every piece of the body that follows the recipient's value.
#[inline]
pub fn content_pieces<T: Copy>(parts: &ContentParts<T>, mut emit: impl FnMut(Piece<T>)) {
    group_pieces(parts, Group::BeforeType, &mut emit);
    tail_pieces(parts, &mut emit);
}

/// A member of a JSON object as `Deserialize` reads it: a key of its own, named, with what
/// stands for it (`K`), or the text parts of a group.
#[derive(Clone, Copy)]
pub enum Member<K> {
    /// A key read on its own.
    Fixed(&'static str, K),
    /// The keys of the parts of a group, in the order of the table.
    Parts(Group),
}

/// A key of a JSON object, as `Deserialize` is given it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Key<K> {
    /// A key read on its own.
    Fixed(K),
    /// A text part.
    Part(ContentPart),
}

/// How many keys `members` has.
#[must_use]
pub const fn key_count<K>(members: &[Member<K>]) -> usize {
    let mut count = 0;
    let mut index = 0;
    while index < members.len() {
        count += match members[index] {
            Member::Fixed(..) => 1,
            Member::Parts(group) => group_len(group),
        };
        index += 1;
    }
    count
}

const fn group_len(group: Group) -> usize {
    let mut count = 0;
    let mut index = 0;
    while index < ContentPart::ALL.len() {
        if ContentPart::ALL[index].group() as u8 == group as u8 {
            count += 1;
        }
        index += 1;
    }
    count
}

/// The keys of `members`, in order: their names and what each stands for.
///
/// # Panics
///
/// When `N` is not [`key_count`] of `members` (a compile error, in the `const` that calls it).
#[must_use]
pub const fn keys<K: Copy, const N: usize>(
    members: &[Member<K>],
) -> ([&'static str; N], [Key<K>; N]) {
    let mut names = [""; N];
    let mut keys = [Key::Part(ContentPart::ALL[0]); N];
    let mut at = 0;
    let mut index = 0;
    while index < members.len() {
        match members[index] {
            Member::Fixed(name, fixed) => {
                assert!(at < N, "more keys than the array has room for");
                names[at] = name;
                keys[at] = Key::Fixed(fixed);
                at += 1;
            }
            Member::Parts(group) => {
                let mut part = 0;
                while part < ContentPart::ALL.len() {
                    let found = ContentPart::ALL[part];
                    if found.group() as u8 == group as u8 {
                        assert!(at < N, "more keys than the array has room for");
                        names[at] = found.key();
                        keys[at] = Key::Part(found);
                        at += 1;
                    }
                    part += 1;
                }
            }
        }
        index += 1;
    }
    assert!(at == N, "fewer keys than the array has room for");
    (names, keys)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_parts_follow_field_all() {
        let fields: Vec<Field> = Field::ALL
            .iter()
            .copied()
            .filter(|field| *field != Field::Recipient && !field.in_header())
            .collect();
        let parts: Vec<Field> = ContentPart::ALL.iter().map(|part| part.field()).collect();
        assert_eq!(parts, fields);
        for part in ContentPart::ALL {
            assert_eq!(part.required(), part.field().required(), "{part:?}");
            if part.group() == Group::Parameters {
                assert!(part.required(), "{part:?}: a parameter must be required");
            }
        }
    }

    #[test]
    fn the_groups_are_in_the_order_of_the_body() {
        let groups: Vec<Group> = ContentPart::ALL.iter().map(|part| part.group()).collect();
        let mut sorted = groups.clone();
        sorted.sort_by_key(|group| *group as u8);
        assert_eq!(groups, sorted);
    }

    #[test]
    fn every_header_kind_and_source_has_its_opening() {
        for kind in HeaderKind::ALL {
            for by_id in [false, true] {
                let open = header_open(kind, by_id);
                let expected = match (kind.is_media(), by_id) {
                    (false, _) => r#","header":{"type":"text","text":"#.to_owned(),
                    (true, false) => format!(r#","header":{{"type":"{kind}","{kind}":{{"link":"#),
                    (true, true) => format!(r#","header":{{"type":"{kind}","{kind}":{{"id":"#),
                };
                assert_eq!(open, expected);
            }
        }
    }

    #[test]
    fn escaping_keeps_utf8() {
        let text = "é \"q\" \\ \u{1} \n 👍";
        assert_eq!(escaped(text), r#"é \"q\" \\ \u0001 \n 👍"#);
    }

    #[test]
    fn the_escaped_form_is_what_the_escaper_writes() {
        for text in [
            "",
            "plain",
            "é \"q\" \\ \u{1} \n \u{7f} 👍",
            "\u{1f}\t\r\u{8}\u{c}",
        ] {
            assert!(is_escaped_form(text, &escaped(text)), "{text:?}");
            assert_eq!(
                is_escaped_form(text, text),
                needs_no_escape(text),
                "{text:?}"
            );
        }
        for (text, forged) in [
            ("x\"", "x\""),
            ("x\"", "x\\\"y"),
            ("x", "x\"},\"to\":\"+1"),
            ("\n", "\\u000a"),
            ("\n", "\\u000A"),
            ("ab", "a"),
        ] {
            assert!(!is_escaped_form(text, forged), "{text:?} {forged:?}");
        }
    }

    #[test]
    fn plain_ascii_is_found_a_word_at_a_time() {
        for len in 0..20 {
            let plain = "a".repeat(len);
            assert!(is_plain_ascii(plain.as_bytes(), b' '), "{len}");
            assert!(
                is_plain_ascii_at_compile_time(plain.as_bytes(), b' '),
                "{len}"
            );
            assert!(same_bytes(plain.as_bytes(), plain.as_bytes()));
            for at in 0..len {
                for wrong in ["\"", "\\", "\u{0}", "\u{1f}", "\u{7f}", "é", " "] {
                    let text = format!("{}{wrong}{}", &plain[..at], &plain[at + 1..]);
                    assert!(!is_plain_ascii(text.as_bytes(), b' '), "{text:?}");
                    assert!(
                        !is_plain_ascii_at_compile_time(text.as_bytes(), b' '),
                        "{text:?}"
                    );
                    if wrong != " " {
                        assert!(!is_plain_ascii(text.as_bytes(), b'"'), "{text:?}");
                    }
                    assert!(!same_bytes(text.as_bytes(), plain.as_bytes()) || text == plain);
                }
                let mut other = plain.clone().into_bytes();
                other[at] = b'b';
                assert!(!same_bytes(&other, plain.as_bytes()));
            }
        }
        assert!(is_plain_ascii(
            b" ~!#$%&'()*+,-./09:;<=>?@AZ[]^_`az{|}",
            b'"'
        ));
    }

    #[test]
    #[should_panic(expected = "fewer keys")]
    fn keys_refuse_a_wrong_count() {
        let _: ([&str; 9], [Key<()>; 9]) = keys(&[Member::Parts(Group::Parameters)]);
    }
}
