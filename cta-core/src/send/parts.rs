//! The checked parts of a [`SendConfig`](super::SendConfig): the phone number ID, the API
//! version and the base URL, and the error each can give.

use std::fmt;
use std::str::FromStr;

use crate::rules::{self, Field};

/// The Graph API host, used unless [`SendConfig::with_base_url`](super::SendConfig::with_base_url)
/// says otherwise.
pub const DEFAULT_BASE_URL: &str = "https://graph.facebook.com";

/// The Graph API version of Meta's page on interactive CTA URL messages, used unless
/// [`SendConfig::with_api_version`](super::SendConfig::with_api_version) says otherwise.
pub const DEFAULT_API_VERSION: &str = "v25.0";

/// A problem with a [`SendConfig`](super::SendConfig) value. Never shows the access token.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum ConfigError {
    /// The phone number ID is empty or holds something other than ASCII digits.
    ///
    /// The value itself is not kept: an access token passed in its place by mistake must not
    /// end up in a log.
    PhoneNumberId {
        /// How many characters were given.
        length: usize,
        /// The 1-based position of the first character that is not a digit, if any.
        invalid_at: Option<usize>,
    },
    /// The access token cannot be used; the token itself is not kept.
    AccessToken {
        /// What is wrong with it.
        problem: &'static str,
    },
    /// The base URL is not an absolute `http`/`https` URL with a host and nothing after it but
    /// an optional path.
    ///
    /// A base URL can hold a secret (a token in its query string, a password in its
    /// user-info), so the value is not kept as given.
    BaseUrl {
        /// The value given, with its user-info, query and fragment (if any) replaced by `***`;
        /// `None` when it has no `scheme://`, since it may then be a secret passed by mistake.
        found: Option<String>,
    },
    /// The API version is not of the form `v<major>.<minor>`, such as `v25.0`.
    ApiVersion {
        /// The value given.
        found: String,
    },
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ConfigError::PhoneNumberId { length, invalid_at } => {
                write!(
                    f,
                    "phone number ID must be digits (the ID Meta shows for the number, not the \
                     phone number itself); found {length} characters"
                )?;
                match invalid_at {
                    Some(at) => write!(f, ", the first that is not a digit at character {at}"),
                    None => Ok(()),
                }
            }
            ConfigError::AccessToken { problem } => {
                write!(f, "access token cannot be used: {problem}")
            }
            ConfigError::BaseUrl { found } => {
                write!(
                    f,
                    "base URL must be an absolute `https://` or `http://` URL with a host and \
                     no user-info, query or fragment, such as {DEFAULT_BASE_URL:?}; found "
                )?;
                match found {
                    Some(found) => write!(f, "{found:?}"),
                    None => f.write_str("a value without `scheme://` (not shown)"),
                }
            }
            ConfigError::ApiVersion { found } => write!(
                f,
                "API version must look like {DEFAULT_API_VERSION:?}; found {found:?}"
            ),
        }
    }
}

impl std::error::Error for ConfigError {}

/// `FromStr`, `TryFrom<&str>`, `TryFrom<String>` and `AsRef<str>` for a checked configuration
/// value with a `new(impl Into<String>) -> Result<Self, ConfigError>` and an `as_str`.
macro_rules! string_conversions {
    ($name:ident, $example:literal) => {
        /// Checks and copies `value`, as [`new`](Self::new) does.
        ///
        /// ```
        #[doc = concat!("let value: cta_core::send::", stringify!($name), " = ", stringify!($example), ".parse()?;")]
        #[doc = concat!("assert_eq!(value.as_ref(), ", stringify!($example), ");")]
        /// # Ok::<(), cta_core::send::ConfigError>(())
        /// ```
        impl FromStr for $name {
            type Err = ConfigError;

            fn from_str(value: &str) -> Result<Self, ConfigError> {
                Self::new(value)
            }
        }

        /// Checks and copies `value`, as [`new`](Self::new) does.
        impl TryFrom<&str> for $name {
            type Error = ConfigError;

            fn try_from(value: &str) -> Result<Self, ConfigError> {
                Self::new(value)
            }
        }

        /// Checks `value` and keeps it without copying, as [`new`](Self::new) does.
        impl TryFrom<String> for $name {
            type Error = ConfigError;

            fn try_from(value: String) -> Result<Self, ConfigError> {
                Self::new(value)
            }
        }

        impl AsRef<str> for $name {
            fn as_ref(&self) -> &str {
                self.as_str()
            }
        }
    };
}

/// The ID Meta gives a business phone number (not the number itself): digits only. \[Meta\]
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct PhoneNumberId(String);

impl PhoneNumberId {
    /// Checks that `id` is digits.
    ///
    /// # Errors
    ///
    /// [`ConfigError::PhoneNumberId`] when it is empty or holds anything but ASCII digits.
    pub fn new(id: impl Into<String>) -> Result<Self, ConfigError> {
        let id = id.into();
        let invalid_at = id
            .chars()
            .position(|c| !c.is_ascii_digit())
            .map(|index| index + 1);
        if id.is_empty() || invalid_at.is_some() {
            return Err(ConfigError::PhoneNumberId {
                length: id.chars().count(),
                invalid_at,
            });
        }
        Ok(PhoneNumberId(id))
    }

    /// The digits.
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for PhoneNumberId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

string_conversions!(PhoneNumberId, "106540352242922");

/// A Graph API version such as `v25.0`: `v`, digits, a dot, digits.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ApiVersion(String);

impl ApiVersion {
    /// Checks that `version` looks like `v25.0`.
    ///
    /// # Errors
    ///
    /// [`ConfigError::ApiVersion`] otherwise.
    pub fn new(version: impl Into<String>) -> Result<Self, ConfigError> {
        let version = version.into();
        let is_digits = |part: &str| !part.is_empty() && part.bytes().all(|b| b.is_ascii_digit());
        let well_formed = version
            .strip_prefix('v')
            .and_then(|rest| rest.split_once('.'))
            .is_some_and(|(major, minor)| is_digits(major) && is_digits(minor));
        if !well_formed {
            return Err(ConfigError::ApiVersion { found: version });
        }
        Ok(ApiVersion(version))
    }

    /// The version, such as `v25.0`.
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for ApiVersion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl ApiVersion {
    /// [`DEFAULT_API_VERSION`], known to be well formed.
    pub(super) fn default_version() -> Self {
        ApiVersion(DEFAULT_API_VERSION.to_owned())
    }
}

string_conversions!(ApiVersion, "v25.0");

/// The base URL of the Graph API, or of a proxy or test server standing in for it, such as
/// `https://graph.facebook.com` or `http://127.0.0.1:8080`. \[chosen\]
///
/// An absolute `http`/`https` URL with a well-formed host (the URL rules of
/// [`rules`](crate::rules)), ASCII only, without whitespace, control characters, user-info,
/// query or fragment. A path is kept (`https://proxy.example/graph`); trailing `/`s are
/// dropped.
///
/// ```
/// use cta_core::send::BaseUrl;
///
/// let base: BaseUrl = "http://127.0.0.1:8080/".parse()?;
/// assert_eq!(base.as_str(), "http://127.0.0.1:8080");
///
/// // An error never shows a query string or user-info: they can hold secrets.
/// let error = BaseUrl::new("https://graph.facebook.com?access_token=EAAG-secret").unwrap_err();
/// assert!(!error.to_string().contains("EAAG-secret"));
/// # Ok::<(), cta_core::send::ConfigError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct BaseUrl(String);

impl BaseUrl {
    /// Checks `base_url` and drops its trailing `/`s.
    ///
    /// # Errors
    ///
    /// [`ConfigError::BaseUrl`] unless it is an absolute `http`/`https` URL with a host,
    /// without whitespace, control characters, user-info, query or fragment.
    pub fn new(base_url: impl Into<String>) -> Result<Self, ConfigError> {
        let mut base_url = base_url.into();
        let well_formed = rules::check(Field::ButtonUrl, &base_url).is_ok()
            && base_url.is_ascii()
            && !base_url.contains(['?', '#']);
        if !well_formed {
            return Err(ConfigError::BaseUrl {
                found: redact_url(&base_url),
            });
        }
        let kept = base_url.trim_end_matches('/').len();
        base_url.truncate(kept);
        Ok(BaseUrl(base_url))
    }

    /// The URL, without a trailing `/`.
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for BaseUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl BaseUrl {
    /// [`DEFAULT_BASE_URL`], Meta's host, known to be well formed.
    pub(super) fn meta() -> Self {
        BaseUrl(DEFAULT_BASE_URL.to_owned())
    }
}

string_conversions!(BaseUrl, "https://graph.facebook.com");

/// `value` with its user-info, query and fragment replaced by `***`, or `None` when it has no
/// `scheme://` (it is then perhaps not a URL at all, but a secret passed by mistake).
fn redact_url(value: &str) -> Option<String> {
    let (scheme, rest) = value.split_at(value.find("://")? + 3);
    let (rest, tail) = match rest.find(['?', '#']) {
        Some(at) => (&rest[..at], Some(&rest[at..=at])),
        None => (rest, None),
    };
    let authority_end = rest.find(['/', '\\']).unwrap_or(rest.len());
    let (authority, path) = rest.split_at(authority_end);
    let mut shown = String::from(scheme);
    match authority.rfind('@') {
        Some(at) => {
            shown.push_str("***");
            shown.push_str(&authority[at..]);
        }
        None => shown.push_str(authority),
    }
    shown.push_str(path);
    if let Some(separator) = tail {
        shown.push_str(separator);
        shown.push_str("***");
    }
    Some(shown)
}
