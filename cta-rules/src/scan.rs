//! One read of a text: its length in characters and whether it holds a character its field
//! refuses (a control character, a line break, a tab), a block of bytes at a time.
//!
//! The scan answers only for valid texts. As soon as it meets a character the field refuses it
//! gives up, and the caller runs the exact, slower checks that name the first broken rule; so
//! a valid text is read once, and an invalid one at most twice.

/// Which layout characters a field lets through; every other control character is refused.
#[derive(Clone, Copy)]
pub(crate) struct Layout {
    /// Tabs are allowed.
    pub(crate) tabs: bool,
    /// Line breaks are allowed: LF, CR, VT, FF, NEL, U+2028 and U+2029.
    pub(crate) line_breaks: bool,
}

/// Bytes read per step. A step is a loop over a fixed-size array with no branch inside, which
/// the compiler turns into SIMD instructions (SSE2 on any x86-64) where the target has them.
const BLOCK: usize = 64;

/// Whether every byte of `block` is printable ASCII (0x20 to 0x7E), the usual text, and
/// whether it holds a `"` or a `\\`, which JSON escapes: one loop with no branch.
#[expect(
    clippy::needless_bitwise_bool,
    reason = "no branch in the loop, so that it is vectorised"
)]
fn is_printable_ascii(block: &[u8; BLOCK]) -> (bool, bool) {
    let mut outside = false;
    let mut escaped = false;
    for &byte in block {
        outside |= byte.wrapping_sub(0x20) > 0x7E - 0x20;
        escaped |= (byte == b'"') | (byte == b'\\');
    }
    (!outside, escaped)
}

/// How many characters start in `block`, and whether it holds a byte that may start a
/// character to look at: an ASCII control or DEL, or 0xC2 or 0xE2, the lead bytes of the C1
/// controls and NEL, and of U+2028 and U+2029.
fn summary(block: &[u8; BLOCK]) -> (usize, bool) {
    let mut starts = 0u8;
    let mut suspect = false;
    for &byte in block {
        starts += u8::from(!is_continuation(byte));
        suspect |= byte < 0x20 || byte == 0x7F || byte & 0xDF == 0xC2;
    }
    (usize::from(starts), suspect)
}

/// Whether JSON writes `byte` as an escape: a control character, `"` or `\\`.
const fn needs_escape(byte: u8) -> bool {
    byte < 0x20 || byte == b'"' || byte == b'\\'
}

/// What one read of a valid text finds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Scan {
    /// Its length in characters.
    pub(crate) chars: usize,
    /// Whether JSON is known to write it as it is, with no escape: `false` when it needs
    /// escaping, and for a text with a block of non-ASCII characters, which is not looked at
    /// for escapes (a third pass over such blocks would cost more than the writer's own look).
    pub(crate) as_is: bool,
}

/// The number of characters in `text` and whether JSON writes it as it is, or `None` if it
/// holds a control character, a line break or a tab that `layout` does not allow.
pub(crate) fn count_chars(text: &str, layout: Layout) -> Option<Scan> {
    let bytes = text.as_bytes();
    let (blocks, rest) = bytes.as_chunks::<BLOCK>();
    let mut count = 0;
    let mut escaped = false;
    for (index, block) in blocks.iter().enumerate() {
        let (printable, quotes) = is_printable_ascii(block);
        if printable {
            escaped |= quotes;
            count += BLOCK;
            continue;
        }
        // Not known to be written as it is; the writer looks for itself.
        escaped = true;
        let (starts, suspect) = summary(block);
        count += starts;
        let from = index * BLOCK;
        if suspect && !layout_only(bytes, from, from + BLOCK, layout) {
            return None;
        }
    }
    let from = bytes.len() - rest.len();
    for &byte in rest {
        count += usize::from(!is_continuation(byte));
        escaped |= needs_escape(byte);
    }
    if !layout_only(bytes, from, bytes.len(), layout) {
        return None;
    }
    Some(Scan {
        chars: count,
        as_is: !escaped,
    })
}

/// Whether every byte of `bytes` is printable ASCII other than the space (0x21 to 0x7E), and
/// whether it holds a `\\` and a `"`: what a URL's check needs of its characters, a block at a
/// time.
pub(crate) fn graphic_ascii(bytes: &[u8]) -> (bool, bool, bool) {
    let (mut outside, mut backslash, mut quote) = (false, false, false);
    let mut step = |byte: u8| {
        outside |= byte.wrapping_sub(0x21) > 0x7E - 0x21;
        backslash |= byte == b'\\';
        quote |= byte == b'"';
    };
    let (blocks, rest) = bytes.as_chunks::<16>();
    for block in blocks {
        for &byte in block {
            step(byte);
        }
    }
    for &byte in rest {
        step(byte);
    }
    (!outside, backslash, quote)
}

const fn is_continuation(byte: u8) -> bool {
    byte & 0xC0 == 0x80
}

/// Whether every character starting in `bytes[from..to]` that is a control character or a
/// line break is one that `layout` allows. A character may run past `to`.
fn layout_only(bytes: &[u8], from: usize, to: usize, layout: Layout) -> bool {
    (from..to).all(|index| {
        let next = |offset: usize| bytes.get(index + offset).copied();
        match bytes[index] {
            b'\t' => layout.tabs,
            b'\n' | b'\r' | 0x0B | 0x0C => layout.line_breaks,
            0x00..=0x1F | 0x7F => false,
            // NEL (U+0085) is a line break; the rest of U+0080..=U+009F are controls.
            0xC2 => match next(1) {
                Some(0x85) => layout.line_breaks,
                Some(0x80..=0x9F) => false,
                _ => true,
            },
            // U+2028 and U+2029.
            0xE2 => {
                !(next(1) == Some(0x80) && matches!(next(2), Some(0xA8 | 0xA9)))
                    || layout.line_breaks
            }
            _ => true,
        }
    })
}
