//! The access token, kept out of every log line.

use std::fmt;

use http::HeaderValue;
use subtle::ConstantTimeEq;

use super::mask::MASK;
use super::parts::ConfigError;

/// A WhatsApp Cloud API access token.
///
/// Its `Debug` prints `***`, never the token, and no error of this crate carries it: a token
/// can be logged by accident only through [`expose_secret`](Self::expose_secret). It has no
/// `Display`, so that `format!("Bearer {token}")` does not compile rather than build a header
/// that holds `***`.
///
/// Two tokens are compared in constant time: the time taken tells nothing of how much of a
/// token was right (only whether the lengths differ).
///
/// ```
/// use cta_core::send::AccessToken;
///
/// let token = AccessToken::new("EAAG-very-secret")?;
/// assert_eq!(format!("{token:?}"), "AccessToken(***)");
/// assert_eq!(token.expose_secret(), "EAAG-very-secret");
/// assert_eq!(token, AccessToken::new("EAAG-very-secret")?);
/// assert_ne!(token, AccessToken::new("EAAG-very-secreT")?);
/// # Ok::<(), cta_core::send::ConfigError>(())
/// ```
///
/// ```compile_fail
/// let token = cta_core::send::AccessToken::new("EAAG-very-secret")?;
/// let header = format!("Bearer {token}"); // no `Display`: use `expose_secret`
/// # Ok::<(), cta_core::send::ConfigError>(())
/// ```
#[derive(Clone)]
pub struct AccessToken {
    token: String,
    /// `Bearer <token>`, made once, marked sensitive so that `http`'s `Debug` prints
    /// `Sensitive` in its place.
    bearer: HeaderValue,
}

impl AccessToken {
    /// Wraps a token.
    ///
    /// # Errors
    ///
    /// [`ConfigError::AccessToken`] when the token is blank or holds a character that cannot
    /// go into an HTTP header (whitespace or a control character). The error never shows the
    /// token.
    pub fn new(token: impl Into<String>) -> Result<Self, ConfigError> {
        let token = token.into();
        if token.trim().is_empty() {
            return Err(ConfigError::AccessToken {
                problem: "it is blank",
            });
        }
        // Only visible ASCII: anything else would be refused by the `Authorization` header, and
        // reporting it later would risk echoing the header.
        if !token.bytes().all(|byte| byte.is_ascii_graphic()) {
            return Err(ConfigError::AccessToken {
                problem: "it holds a character other than visible ASCII",
            });
        }
        let mut bearer = HeaderValue::try_from(format!("Bearer {token}")).map_err(|_| {
            ConfigError::AccessToken {
                problem: "it cannot go into an HTTP header",
            }
        })?;
        bearer.set_sensitive(true);
        Ok(AccessToken { token, bearer })
    }

    /// The token itself. Call it only to hand the token to an HTTP client.
    #[must_use]
    pub fn expose_secret(&self) -> &str {
        &self.token
    }

    /// The `Authorization` header's value, `Bearer <token>`, marked sensitive.
    pub(crate) fn bearer_header(&self) -> &HeaderValue {
        &self.bearer
    }
}

impl fmt::Debug for AccessToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("AccessToken")
            .field(&format_args!("{MASK}"))
            .finish()
    }
}

/// In constant time for tokens of the same length.
impl PartialEq for AccessToken {
    fn eq(&self, other: &Self) -> bool {
        // The header is made from the token alone, so the tokens decide.
        self.token.as_bytes().ct_eq(other.token.as_bytes()).into()
    }
}

impl Eq for AccessToken {}
