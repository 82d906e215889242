//! Where a message is sent: the Graph API's base URL, its version, the phone number ID and the
//! access token.

use std::borrow::Cow;
use std::fmt;

use http::StatusCode;

use super::error::SendError;
use super::response::{SendResponse, parse_response};
use super::secret::AccessToken;
use crate::rules::{self, Field};

/// The Graph API host, used unless [`SendConfig::with_base_url`] says otherwise.
pub const DEFAULT_BASE_URL: &str = "https://graph.facebook.com";

/// The Graph API version of the seed's example, used unless
/// [`SendConfig::with_api_version`] says otherwise.
pub const DEFAULT_API_VERSION: &str = "v25.0";

/// A problem with a [`SendConfig`] value. Never shows the access token.
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
    BaseUrl {
        /// The value given.
        found: String,
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
            ConfigError::BaseUrl { found } => write!(
                f,
                "base URL must be an absolute `https://` or `http://` URL with a host and no \
                 query or fragment, such as {DEFAULT_BASE_URL:?}; found {found:?}"
            ),
            ConfigError::ApiVersion { found } => write!(
                f,
                "API version must look like {DEFAULT_API_VERSION:?}; found {found:?}"
            ),
        }
    }
}

impl std::error::Error for ConfigError {}

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

/// Where and as whom messages are sent.
///
/// It starts with Meta's host, [`DEFAULT_BASE_URL`], and version [`DEFAULT_API_VERSION`];
/// both can be changed, and the version left out of the URL, which Meta allows (the Graph API
/// then uses the app's default version).
///
/// ```
/// use cta_core::send::SendConfig;
///
/// let config = SendConfig::new("106540352242922", "EAAG-secret")?;
/// assert_eq!(
///     config.messages_url(),
///     "https://graph.facebook.com/v25.0/106540352242922/messages"
/// );
///
/// // A local server for tests, without a version in the path.
/// let local = config.with_base_url("http://127.0.0.1:8080")?.without_api_version();
/// assert_eq!(local.messages_url(), "http://127.0.0.1:8080/106540352242922/messages");
///
/// // The token never shows.
/// assert!(!format!("{local:?}").contains("EAAG-secret"));
/// # Ok::<(), cta_core::send::ConfigError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SendConfig {
    base_url: String,
    api_version: Option<ApiVersion>,
    phone_number_id: PhoneNumberId,
    access_token: AccessToken,
}

impl SendConfig {
    /// A configuration for Meta's host and version [`DEFAULT_API_VERSION`].
    ///
    /// # Errors
    ///
    /// A [`ConfigError`] when the phone number ID is not digits or the token cannot be used.
    pub fn new(
        phone_number_id: impl Into<String>,
        access_token: impl Into<String>,
    ) -> Result<Self, ConfigError> {
        Ok(Self::from_parts(
            PhoneNumberId::new(phone_number_id)?,
            AccessToken::new(access_token)?,
        ))
    }

    /// A configuration for Meta's host and version [`DEFAULT_API_VERSION`], from checked parts.
    #[must_use]
    pub fn from_parts(phone_number_id: PhoneNumberId, access_token: AccessToken) -> Self {
        SendConfig {
            base_url: DEFAULT_BASE_URL.to_owned(),
            api_version: Some(ApiVersion(DEFAULT_API_VERSION.to_owned())),
            phone_number_id,
            access_token,
        }
    }

    /// Sends to another host, such as a proxy or a local test server
    /// (`http://127.0.0.1:8080`). A path is kept (`https://proxy.example/graph`); a trailing
    /// `/` is dropped.
    ///
    /// # Errors
    ///
    /// [`ConfigError::BaseUrl`] unless `base_url` is an absolute `http`/`https` URL with a
    /// host, without whitespace, control characters, user-info, query or fragment.
    pub fn with_base_url(mut self, base_url: &str) -> Result<Self, ConfigError> {
        self.base_url = check_base_url(base_url)?;
        Ok(self)
    }

    /// Puts `version`, such as `v26.0`, in the URL.
    ///
    /// # Errors
    ///
    /// [`ConfigError::ApiVersion`] unless it looks like `v25.0`.
    pub fn with_api_version(mut self, version: &str) -> Result<Self, ConfigError> {
        self.api_version = Some(ApiVersion::new(version)?);
        Ok(self)
    }

    /// Leaves the version out of the URL: the Graph API then uses the app's default version.
    #[must_use]
    pub fn without_api_version(mut self) -> Self {
        self.api_version = None;
        self
    }

    /// The base URL, without a trailing `/`.
    #[must_use]
    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    /// The API version put in the URL, if any.
    #[must_use]
    pub fn api_version(&self) -> Option<&ApiVersion> {
        self.api_version.as_ref()
    }

    /// The phone number ID messages are sent from.
    #[must_use]
    pub fn phone_number_id(&self) -> &PhoneNumberId {
        &self.phone_number_id
    }

    /// The access token.
    #[must_use]
    pub fn access_token(&self) -> &AccessToken {
        &self.access_token
    }

    /// Reads the Graph API's answer as [`parse_response`] does, and first replaces this
    /// configuration's access token with `***` wherever the body holds it, so that a proxy
    /// which echoes the request cannot put the token into an error.
    ///
    /// # Errors
    ///
    /// As [`parse_response`].
    pub fn parse_response(
        &self,
        status: StatusCode,
        body: &[u8],
    ) -> Result<SendResponse, SendError> {
        parse_response(status, &self.mask_token(body))
    }

    /// `body` with the access token replaced by `***` wherever it holds it.
    pub(crate) fn mask_token<'a>(&self, body: &'a [u8]) -> Cow<'a, [u8]> {
        let token = self.access_token.expose_secret().as_bytes();
        match find(body, token) {
            None => Cow::Borrowed(body),
            Some(_) => Cow::Owned(replace_all(body, token, b"***")),
        }
    }

    /// `{base}/{version}/{phone_number_id}/messages`, or without the version.
    #[must_use]
    pub fn messages_url(&self) -> String {
        match &self.api_version {
            Some(version) => format!(
                "{}/{version}/{}/messages",
                self.base_url, self.phone_number_id
            ),
            None => format!("{}/{}/messages", self.base_url, self.phone_number_id),
        }
    }
}

/// Checks a base URL and drops its trailing `/`s. \[chosen\]: the URL rules of
/// [`rules`](crate::rules) (absolute `http`/`https`, a well-formed host, no user-info), and what
/// a request URI needs besides: ASCII only, no query or fragment.
fn check_base_url(base_url: &str) -> Result<String, ConfigError> {
    let well_formed = rules::check(Field::ButtonUrl, base_url).is_ok()
        && base_url.is_ascii()
        && !base_url.contains(['?', '#']);
    if !well_formed {
        return Err(ConfigError::BaseUrl {
            found: base_url.to_owned(),
        });
    }
    Ok(base_url.trim_end_matches('/').to_owned())
}

/// Where `needle` first occurs in `haystack`.
fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    let (&first, _) = needle.split_first()?;
    haystack
        .iter()
        .enumerate()
        .filter(|&(_, &byte)| byte == first)
        .map(|(index, _)| index)
        .find(|&index| haystack[index..].starts_with(needle))
}

/// `haystack` with every `needle` replaced by `with`.
fn replace_all(haystack: &[u8], needle: &[u8], with: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(haystack.len());
    let mut rest = haystack;
    while let Some(index) = find(rest, needle) {
        out.extend_from_slice(&rest[..index]);
        out.extend_from_slice(with);
        rest = &rest[index + needle.len()..];
    }
    out.extend_from_slice(rest);
    out
}
