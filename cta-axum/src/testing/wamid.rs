//! WAMIDs made up for tests: shaped like Meta's, and unique across processes, so that tests
//! sharing a Redis store never see one another's items as already done.

use std::collections::hash_map::RandomState;
use std::hash::{BuildHasher, Hasher};
use std::sync::OnceLock;
use std::sync::atomic::{AtomicU32, Ordering};

/// The number a made-up WAMID names: a fixed one, so that no customer's number ends up
/// base64-encoded in an ID that tests print freely.
const PLACEHOLDER_NUMBER: &[u8] = b"15550000000";

/// A new WAMID: `wamid.` and the base64 of what Meta's hold (a number and 20 hex digits), the
/// digits being 48 random bits drawn once per process and a counter.
pub(super) fn fresh() -> String {
    static PROCESS: OnceLock<u64> = OnceLock::new();
    static COUNTER: AtomicU32 = AtomicU32::new(0);
    // std's hasher keys are random per process: no dependency needed for 48 random bits.
    let process = *PROCESS.get_or_init(|| RandomState::new().build_hasher().finish()) >> 16;
    let count = COUNTER.fetch_add(1, Ordering::Relaxed);
    let digits = format!("{process:012X}{count:08X}");

    let mut raw = Vec::with_capacity(48);
    raw.extend_from_slice(&[0x1c, 0x18, 0x0b]);
    raw.extend_from_slice(PLACEHOLDER_NUMBER);
    raw.extend_from_slice(&[0x15, 0x02, 0x00, 0x12, 0x18, 0x14]);
    raw.extend_from_slice(digits.as_bytes());
    raw.push(0x00);
    format!("wamid.{}", base64(&raw))
}

/// Standard base64 with padding, as in Meta's WAMIDs.
fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let sextets = [
            b[0] >> 2,
            (b[0] & 0x03) << 4 | b[1] >> 4,
            (b[1] & 0x0f) << 2 | b[2] >> 6,
            b[2] & 0x3f,
        ];
        for (index, sextet) in sextets.into_iter().enumerate() {
            // A chunk of n bytes gives n + 1 characters; `=` pads to 4.
            if index <= chunk.len() {
                out.push(char::from(ALPHABET[usize::from(sextet)]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::{base64, fresh};

    #[test]
    fn base64_matches_the_standard_vectors() {
        for (input, expected) in [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg=="),
            ("fooba", "Zm9vYmE="),
            ("foobar", "Zm9vYmFy"),
        ] {
            assert_eq!(base64(input.as_bytes()), expected);
        }
    }

    #[test]
    fn fresh_wamids_differ_and_look_like_meta_s() {
        let first = fresh();
        let second = fresh();
        assert_ne!(first, second);
        for wamid in [&first, &second] {
            assert!(wamid.starts_with("wamid.HBgL"), "{wamid}");
            assert!(wamid.len() <= 128);
        }
    }
}
