//! The `X-Hub-Signature-256` check: HMAC-SHA256 of the raw body, keyed with the app secret.

use std::fmt;

use hmac::Mac;
use http::header::{HeaderMap, HeaderName};

use super::secret::{AppSecret, HmacSha256};

/// The header that carries the signature of a webhook POST: `X-Hub-Signature-256`.
pub const SIGNATURE_HEADER: HeaderName = HeaderName::from_static("x-hub-signature-256");

/// What goes before the hex digits of the signature.
const PREFIX: &[u8] = b"sha256=";

/// The number of hex digits of an HMAC-SHA256: 32 bytes.
const HEX_DIGITS: usize = 64;

/// Which form of the body the signature was made on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Verified {
    /// The body as received: what Meta signs.
    Raw,
    /// The body with every non-ASCII character written as a `\uXXXX` escape, the form Meta's
    /// older documentation describes; tried only for a body that holds raw non-ASCII UTF-8 and
    /// whose raw form does not match.
    Escaped,
}

/// Why a webhook POST's signature was refused. It never shows the app secret, and shows
/// nothing of the header but its length.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum SignatureError {
    /// No `X-Hub-Signature-256` header.
    Missing,
    /// More than one `X-Hub-Signature-256` header: which one to believe is not clear.
    Repeated,
    /// The header does not start with `sha256=`.
    MissingPrefix,
    /// The header does not hold 64 hex digits after `sha256=` (a truncated signature, say).
    WrongLength {
        /// How many characters follow `sha256=`.
        digits: usize,
    },
    /// A character after `sha256=` is not a hex digit.
    NotHex,
    /// A well-formed signature, but not the one of this body under this app secret: the body
    /// was changed, or signed with another secret.
    Mismatch,
}

impl SignatureError {
    /// Whether the header was there but not of the form `sha256=<64 hex digits>`.
    #[must_use]
    pub fn is_malformed(self) -> bool {
        matches!(
            self,
            SignatureError::Repeated
                | SignatureError::MissingPrefix
                | SignatureError::WrongLength { .. }
                | SignatureError::NotHex
        )
    }
}

impl fmt::Display for SignatureError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SignatureError::Missing => f.write_str("no X-Hub-Signature-256 header"),
            SignatureError::Repeated => f.write_str("more than one X-Hub-Signature-256 header"),
            SignatureError::MissingPrefix => {
                f.write_str("the X-Hub-Signature-256 header does not start with `sha256=`")
            }
            SignatureError::WrongLength { digits } => write!(
                f,
                "the X-Hub-Signature-256 header has {digits} characters after `sha256=`, not \
                 {HEX_DIGITS} hex digits"
            ),
            SignatureError::NotHex => {
                f.write_str("the X-Hub-Signature-256 header holds a character that is not hex")
            }
            SignatureError::Mismatch => {
                f.write_str("the X-Hub-Signature-256 signature does not match the body")
            }
        }
    }
}

impl std::error::Error for SignatureError {}

impl AppSecret {
    /// Checks `signature`, the value of the `X-Hub-Signature-256` header (`sha256=<hex>`, hex
    /// in either case), against `body`, the request body exactly as received. Call it before
    /// parsing the body.
    ///
    /// The HMAC is compared in constant time (`hmac`'s `verify_slice`). When the raw body does
    /// not match and holds non-ASCII UTF-8, its `\uXXXX`-escaped form is tried too (see
    /// [`Verified::Escaped`]).
    ///
    /// ```
    /// use cta_core::webhook::{AppSecret, SignatureError, Verified};
    ///
    /// let secret = AppSecret::new("test-app-secret")?;
    /// let body = br#"{"object":"whatsapp_business_account","entry":[]}"#;
    /// let signature = secret.sign(body);
    /// assert_eq!(secret.verify(&signature, body), Ok(Verified::Raw));
    /// assert_eq!(secret.verify(&signature, b"{}"), Err(SignatureError::Mismatch));
    /// assert_eq!(secret.verify("sha1=00", body), Err(SignatureError::MissingPrefix));
    /// # Ok::<(), cta_core::webhook::SecretError>(())
    /// ```
    ///
    /// # Errors
    ///
    /// [`SignatureError`]: a malformed header, or a signature that does not match.
    pub fn verify(
        &self,
        signature: impl AsRef<[u8]>,
        body: &[u8],
    ) -> Result<Verified, SignatureError> {
        let tag = decode(signature.as_ref())?;
        let mut mac = self.mac.clone();
        mac.update(body);
        if mac.verify_slice(&tag).is_ok() {
            return Ok(Verified::Raw);
        }
        if !body.is_ascii()
            && let Ok(text) = std::str::from_utf8(body)
        {
            let mut mac = self.mac.clone();
            update_escaped(&mut mac, text);
            if mac.verify_slice(&tag).is_ok() {
                return Ok(Verified::Escaped);
            }
        }
        Err(SignatureError::Mismatch)
    }

    /// Checks the `X-Hub-Signature-256` header of `headers` against `body`, as
    /// [`verify`](Self::verify) does.
    ///
    /// # Errors
    ///
    /// [`SignatureError::Missing`] without the header, [`SignatureError::Repeated`] when it
    /// comes more than once, and the errors of [`verify`](Self::verify).
    pub fn verify_headers(
        &self,
        headers: &HeaderMap,
        body: &[u8],
    ) -> Result<Verified, SignatureError> {
        let mut values = headers.get_all(SIGNATURE_HEADER).iter();
        let value = values.next().ok_or(SignatureError::Missing)?;
        if values.next().is_some() {
            return Err(SignatureError::Repeated);
        }
        self.verify(value, body)
    }

    /// Checks a whole request: its `X-Hub-Signature-256` header against its body, as
    /// [`verify_headers`](Self::verify_headers) does.
    ///
    /// # Errors
    ///
    /// The errors of [`verify_headers`](Self::verify_headers).
    pub fn verify_request<B: AsRef<[u8]>>(
        &self,
        request: &http::Request<B>,
    ) -> Result<Verified, SignatureError> {
        self.verify_headers(request.headers(), request.body().as_ref())
    }

    /// The `X-Hub-Signature-256` header Meta would send with `body`: `sha256=` and the
    /// HMAC-SHA256 in lowercase hex. For tests, and for forwarding a delivery you re-sign.
    #[must_use]
    pub fn sign(&self, body: &[u8]) -> String {
        let mut mac = self.mac.clone();
        mac.update(body);
        let tag = mac.finalize().into_bytes();
        let mut header = String::with_capacity(PREFIX.len() + HEX_DIGITS);
        header.push_str("sha256=");
        for byte in tag {
            header.extend(hex_digits(byte).map(char::from));
        }
        header
    }
}

/// The 32 bytes of a `sha256=<64 hex digits>` header value.
fn decode(value: &[u8]) -> Result<[u8; 32], SignatureError> {
    let digits = value
        .strip_prefix(PREFIX)
        .ok_or(SignatureError::MissingPrefix)?;
    if digits.len() != HEX_DIGITS {
        return Err(SignatureError::WrongLength {
            digits: digits.len(),
        });
    }
    let mut tag = [0_u8; 32];
    base16ct::mixed::decode(digits, &mut tag).map_err(|_| SignatureError::NotHex)?;
    Ok(tag)
}

/// The two lowercase hex digits of `byte`: infallible, so that no signature can come out short.
fn hex_digits(byte: u8) -> [u8; 2] {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    [
        DIGITS[usize::from(byte >> 4)],
        DIGITS[usize::from(byte & 0x0f)],
    ]
}

/// Feeds `text` to `mac` with every non-ASCII character written `\uXXXX` (lowercase hex, as
/// JSON encoders write it), a character outside the Basic Multilingual Plane as its two UTF-16
/// surrogates.
fn update_escaped(mac: &mut HmacSha256, text: &str) {
    // The start of the ASCII run not yet fed.
    let mut fed = 0;
    for (at, character) in text.char_indices().filter(|(_, c)| !c.is_ascii()) {
        mac.update(&text.as_bytes()[fed..at]);
        for unit in character.encode_utf16(&mut [0; 2]) {
            let [high, low] = unit.to_be_bytes();
            let [a, b] = hex_digits(high);
            let [c, d] = hex_digits(low);
            mac.update(&[b'\\', b'u', a, b, c, d]);
        }
        fed = at + character.len_utf8();
    }
    mac.update(&text.as_bytes()[fed..]);
}

#[cfg(test)]
mod tests {
    use super::{HEX_DIGITS, Verified, hex_digits};
    use crate::webhook::AppSecret;

    #[test]
    fn every_byte_has_its_two_hex_digits() {
        for byte in 0..=u8::MAX {
            assert_eq!(hex_digits(byte).map(char::from), {
                let shown = format!("{byte:02x}");
                let mut chars = shown.chars();
                [chars.next().unwrap(), chars.next().unwrap()]
            });
        }
    }

    #[test]
    fn a_signature_is_always_the_prefix_and_64_hex_digits() {
        // Keys shorter and longer than SHA-256's block, which HMAC hashes first.
        for key in ["k", "test-app-secret", &"long-key".repeat(40)] {
            let secret = AppSecret::new(key).unwrap();
            for body in [&b""[..], b"{}", "é ü 😀".as_bytes()] {
                let signature = secret.sign(body);
                let digits = signature.strip_prefix("sha256=").unwrap();
                assert_eq!(digits.len(), HEX_DIGITS, "{signature}");
                assert!(
                    digits
                        .bytes()
                        .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
                );
                assert_eq!(secret.verify(&signature, body), Ok(Verified::Raw));
            }
        }
    }

    #[test]
    fn the_escaped_form_writes_each_utf16_unit_in_lowercase_hex() {
        let secret = AppSecret::new("test-app-secret").unwrap();
        let raw = "{\"a\":\"é😀\"}";
        let escaped = "{\"a\":\"\\u00e9\\ud83d\\ude00\"}";
        let signature = secret.sign(escaped.as_bytes());
        assert_eq!(
            secret.verify(&signature, raw.as_bytes()),
            Ok(Verified::Escaped)
        );
    }
}
