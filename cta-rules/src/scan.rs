//! One read of a text: its length in characters and whether it holds a character its field
//! refuses (a control character, a line break, a tab), eight bytes at a time.
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

const ONES: u64 = u64::from_ne_bytes([0x01; 8]);
const HIGH_BITS: u64 = u64::from_ne_bytes([0x80; 8]);
const WORD: usize = 8;
const BLOCK: usize = 4 * WORD;

/// The high bit of each byte of `word` that is below `n` may be set, and one is set if any
/// byte is below `n` (exact for "any", for `n` up to 0x80).
const fn below(word: u64, n: u8) -> u64 {
    word.wrapping_sub(ONES * n as u64) & !word
}

/// As [`below`], for the bytes equal to `byte`.
const fn equal(word: u64, byte: u8) -> u64 {
    below(word ^ (ONES * byte as u64), 1)
}

/// Bytes that may start a character to look at: ASCII controls and DEL, and for non-ASCII
/// text the lead bytes 0xC2 (C1 controls, NEL) and 0xE2 (U+2028, U+2029). High bits only.
const fn suspects(word: u64) -> u64 {
    let ascii = below(word, 0x20) | equal(word, 0x7F);
    if word & HIGH_BITS == 0 {
        ascii & HIGH_BITS
    } else {
        (ascii | equal(word, 0xC2) | equal(word, 0xE2)) & HIGH_BITS
    }
}

/// How many bytes of `word` start a character (are not UTF-8 continuation bytes, `10xxxxxx`).
const fn leading_bytes(word: u64) -> usize {
    let continuation = word & !(word << 1) & HIGH_BITS;
    WORD - continuation.count_ones() as usize
}

fn word_at(bytes: &[u8], index: usize) -> u64 {
    let mut word = [0; WORD];
    word.copy_from_slice(&bytes[index..index + WORD]);
    u64::from_ne_bytes(word)
}

/// The number of characters in `text`, or `None` if it holds a control character, a line break
/// or a tab that `layout` does not allow.
pub(crate) fn count_chars(text: &str, layout: Layout) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut count = 0;
    let mut index = 0;
    while index + BLOCK <= bytes.len() {
        let words = [
            word_at(bytes, index),
            word_at(bytes, index + WORD),
            word_at(bytes, index + 2 * WORD),
            word_at(bytes, index + 3 * WORD),
        ];
        let any = words[0] | words[1] | words[2] | words[3];
        let suspect = if any & HIGH_BITS == 0 {
            count += BLOCK;
            (below(words[0], 0x20)
                | below(words[1], 0x20)
                | below(words[2], 0x20)
                | below(words[3], 0x20)
                | equal(words[0], 0x7F)
                | equal(words[1], 0x7F)
                | equal(words[2], 0x7F)
                | equal(words[3], 0x7F))
                & HIGH_BITS
        } else {
            count += words.iter().map(|&word| leading_bytes(word)).sum::<usize>();
            suspects(words[0]) | suspects(words[1]) | suspects(words[2]) | suspects(words[3])
        };
        if suspect != 0 && !layout_only(bytes, index, index + BLOCK, layout) {
            return None;
        }
        index += BLOCK;
    }
    while index + WORD <= bytes.len() {
        let word = word_at(bytes, index);
        count += leading_bytes(word);
        if suspects(word) != 0 && !layout_only(bytes, index, index + WORD, layout) {
            return None;
        }
        index += WORD;
    }
    for &byte in &bytes[index..] {
        count += usize::from(!is_continuation(byte));
    }
    if !layout_only(bytes, index, bytes.len(), layout) {
        return None;
    }
    Some(count)
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
