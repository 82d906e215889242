//! The app secret and the verify token, kept out of every log line.

use std::fmt;

use hmac::{Hmac, KeyInit};
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

/// What `Debug` prints in place of a secret.
const MASK: &str = "***";

/// An HMAC-SHA256 state keyed with the app secret.
pub(super) type HmacSha256 = Hmac<Sha256>;

/// The app secret that signs every webhook POST (`X-Hub-Signature-256`).
///
/// Only the HMAC state keyed with it is kept, not the secret itself. Its `Debug` prints `***`,
/// it has no `Display`, and no error of this crate carries it. Check a delivery with
/// [`verify`](Self::verify), [`verify_headers`](Self::verify_headers) or
/// [`verify_request`](Self::verify_request).
///
/// ```
/// use cta_core::webhook::AppSecret;
///
/// let secret = AppSecret::new("test-app-secret")?;
/// assert_eq!(format!("{secret:?}"), "AppSecret(***)");
/// # Ok::<(), cta_core::webhook::SecretError>(())
/// ```
#[derive(Clone)]
pub struct AppSecret {
    pub(super) mac: HmacSha256,
}

impl AppSecret {
    /// Keys the signature check with the app secret (the *App secret* of the Meta app's basic
    /// settings).
    ///
    /// # Errors
    ///
    /// [`SecretError`] when the secret is empty or only whitespace. The error never shows the
    /// secret.
    ///
    /// # Panics
    ///
    /// Never: HMAC takes a key of any length.
    pub fn new(secret: impl AsRef<[u8]>) -> Result<Self, SecretError> {
        let secret = secret.as_ref();
        if secret.iter().all(u8::is_ascii_whitespace) {
            return Err(SecretError { what: "app secret" });
        }
        let mac = HmacSha256::new_from_slice(secret)
            .expect("HMAC takes a key of any length (a long one is hashed)");
        Ok(AppSecret { mac })
    }
}

impl fmt::Debug for AppSecret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("AppSecret")
            .field(&format_args!("{MASK}"))
            .finish()
    }
}

/// The verify token of the subscription handshake, the string the business typed in the app
/// dashboard's webhook settings.
///
/// Only its SHA-256 digest is kept. A token presented by a caller is hashed too and the two
/// digests are compared in constant time ([`subtle::ConstantTimeEq`]), so neither the time taken
/// nor an early exit tells how much of the token, or of its length, was right. Its `Debug`
/// prints `***`, and it has no `Display`.
///
/// ```
/// use cta_core::webhook::VerifyToken;
///
/// let token = VerifyToken::new("meatyhamhock")?;
/// assert!(token.matches("meatyhamhock"));
/// assert!(!token.matches("meatyhamhocks"));
/// assert_eq!(format!("{token:?}"), "VerifyToken(***)");
/// # Ok::<(), cta_core::webhook::SecretError>(())
/// ```
#[derive(Clone)]
pub struct VerifyToken {
    digest: [u8; 32],
}

impl VerifyToken {
    /// Wraps the verify token.
    ///
    /// # Errors
    ///
    /// [`SecretError`] when the token is empty or only whitespace. The error never shows the
    /// token.
    pub fn new(token: impl AsRef<str>) -> Result<Self, SecretError> {
        let token = token.as_ref();
        if token.trim().is_empty() {
            return Err(SecretError {
                what: "verify token",
            });
        }
        Ok(VerifyToken {
            digest: Sha256::digest(token.as_bytes()).into(),
        })
    }

    /// Whether `presented` is the token, compared in constant time.
    #[must_use]
    pub fn matches(&self, presented: &str) -> bool {
        let presented: [u8; 32] = Sha256::digest(presented.as_bytes()).into();
        self.digest.ct_eq(&presented).into()
    }
}

impl fmt::Debug for VerifyToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("VerifyToken")
            .field(&format_args!("{MASK}"))
            .finish()
    }
}

/// An app secret or verify token that cannot be used: it is empty or only whitespace.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SecretError {
    what: &'static str,
}

impl fmt::Display for SecretError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "the {} is empty or only whitespace", self.what)
    }
}

impl std::error::Error for SecretError {}
