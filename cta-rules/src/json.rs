//! The request body's JSON: its layout, and how a string value is escaped in it.
//!
//! The single source of both: `cta-core` writes messages at run time with it, and the
//! `cta_message!` macro writes the literal parts of a message with it while your code builds.
//! So a pre-rendered literal and a value escaped at run time can never disagree, and both give
//! exactly the bytes of `serde_json::to_vec`. Not public API.

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
    // Escaping replaces ASCII bytes with ASCII bytes only, so UTF-8 stays UTF-8.
    String::from_utf8(out).unwrap_or_default()
}

/// One piece of the request body, in the order it is written.
#[derive(Clone, Copy)]
pub enum Piece<T> {
    /// JSON text, written as it is.
    Raw(&'static str),
    /// A string value, written as a JSON string: quoted and escaped.
    Value(T),
}

/// The kind of a media header: the one list of them, for the macro's parser, the layout and
/// the JSON.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MediaKind {
    /// `"image"`.
    Image,
    /// `"video"`.
    Video,
    /// `"document"`.
    Document,
}

impl MediaKind {
    /// Every kind.
    pub const ALL: [MediaKind; 3] = [MediaKind::Image, MediaKind::Video, MediaKind::Document];

    /// The name JSON gives it, which is also the header kind of `cta_message!`.
    #[must_use]
    pub const fn name(self) -> &'static str {
        match self {
            MediaKind::Image => "image",
            MediaKind::Video => "video",
            MediaKind::Document => "document",
        }
    }
}

/// A header's parts, with `T` standing for a string value.
#[derive(Clone, Copy)]
pub enum HeaderParts<T> {
    /// `{"type":"text","text":…}`.
    Text(T),
    /// `{"type":"image","image":{"link":…}}` and the like.
    Media {
        /// Image, video or document.
        kind: MediaKind,
        /// Whether `source` is an uploaded media ID rather than a link.
        by_id: bool,
        /// The link or the ID.
        source: T,
        /// A document's file name.
        filename: Option<T>,
    },
}

/// Everything of a message but its recipient, with `T` standing for a string value.
#[derive(Clone, Copy)]
pub struct ContentParts<T> {
    /// `context.message_id`.
    pub reply_to: Option<T>,
    /// `interactive.header`.
    pub header: Option<HeaderParts<T>>,
    /// `interactive.body.text`.
    pub body: T,
    /// `interactive.action.parameters.display_text`.
    pub button: T,
    /// `interactive.action.parameters.url`.
    pub url: T,
    /// `interactive.footer.text`.
    pub footer: Option<T>,
    /// `biz_opaque_callback_data`.
    pub callback_data: Option<T>,
}

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

/// The JSON that opens a reply's `context`, up to its `message_id` value.
pub const CONTEXT_OPEN: &str = r#","context":{"message_id":"#;

/// The length in bytes of the `context` of a reply whose WAMID escapes to `escaped_len` bytes:
/// what [`context_pieces`] emits. A cached tail that holds a context starts with that many
/// bytes, and what follows them starts with `,"type"`.
#[must_use]
pub const fn context_len(escaped_len: usize) -> usize {
    // The opening, the quoted value and the closing brace.
    CONTEXT_OPEN.len() + escaped_len + 2 + 1
}

/// Emits the pieces of a reply's `context` (`,"context":{"message_id":…}`), which follow the
/// recipient's value and precede `"type"`.
pub fn context_pieces<T>(reply_to: T, mut emit: impl FnMut(Piece<T>)) {
    emit(Piece::Raw(CONTEXT_OPEN));
    emit(Piece::Value(reply_to));
    emit(Piece::Raw("}"));
}

/// Emits, in order, every piece of the body that follows the recipient's value: Meta's key
/// order, absent parts left out.
pub fn content_pieces<T: Copy>(parts: &ContentParts<T>, mut emit: impl FnMut(Piece<T>)) {
    use Piece::{Raw, Value};
    if let Some(reply_to) = parts.reply_to {
        context_pieces(reply_to, &mut emit);
    }
    emit(Raw(
        r#","type":"interactive","interactive":{"type":"cta_url""#,
    ));
    match parts.header {
        None => {}
        Some(HeaderParts::Text(text)) => {
            emit(Raw(r#","header":{"type":"text","text":"#));
            emit(Value(text));
            emit(Raw("}"));
        }
        Some(HeaderParts::Media {
            kind,
            by_id,
            source,
            filename,
        }) => {
            emit(Raw(match (kind, by_id) {
                (MediaKind::Image, false) => r#","header":{"type":"image","image":{"link":"#,
                (MediaKind::Image, true) => r#","header":{"type":"image","image":{"id":"#,
                (MediaKind::Video, false) => r#","header":{"type":"video","video":{"link":"#,
                (MediaKind::Video, true) => r#","header":{"type":"video","video":{"id":"#,
                (MediaKind::Document, false) => {
                    r#","header":{"type":"document","document":{"link":"#
                }
                (MediaKind::Document, true) => r#","header":{"type":"document","document":{"id":"#,
            }));
            emit(Value(source));
            if let Some(filename) = filename {
                emit(Raw(r#","filename":"#));
                emit(Value(filename));
            }
            emit(Raw("}}"));
        }
    }
    emit(Raw(r#","body":{"text":"#));
    emit(Value(parts.body));
    emit(Raw(
        r#"},"action":{"name":"cta_url","parameters":{"display_text":"#,
    ));
    emit(Value(parts.button));
    emit(Raw(r#","url":"#));
    emit(Value(parts.url));
    emit(Raw("}}"));
    if let Some(footer) = parts.footer {
        emit(Raw(r#","footer":{"text":"#));
        emit(Value(footer));
        emit(Raw("}"));
    }
    emit(Raw("}"));
    if let Some(data) = parts.callback_data {
        emit(Raw(r#","biz_opaque_callback_data":"#));
        emit(Value(data));
    }
    emit(Raw("}"));
}
