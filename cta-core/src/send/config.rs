//! Where a message is sent: the Graph API's base URL, its version, the phone number ID and the
//! access token.

use http::StatusCode;

use super::error::SendError;
use super::mask::TokenMask;
use super::parts::{ApiVersion, BaseUrl, ConfigError, PhoneNumberId};
use super::response::{ReadReceipt, SendResponse, parse_answer_masked, parse_response_masked};
use super::secret::AccessToken;

/// Where and as whom messages are sent.
///
/// It starts with Meta's host, [`DEFAULT_BASE_URL`](super::DEFAULT_BASE_URL), and version [`DEFAULT_API_VERSION`](super::DEFAULT_API_VERSION);
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
/// let local = config
///     .clone()
///     .with_base_url("http://127.0.0.1:8080".parse()?)
///     .without_api_version();
/// assert_eq!(local.messages_url(), "http://127.0.0.1:8080/106540352242922/messages");
///
/// // The token never shows.
/// assert!(!format!("{local:?}").contains("EAAG-secret"));
/// # Ok::<(), cta_core::send::ConfigError>(())
/// ```
///
/// The base URL and the version are checked when they are parsed into a [`BaseUrl`] or an
/// [`ApiVersion`], before the configuration is touched: [`with_base_url`](Self::with_base_url)
/// and [`with_api_version`](Self::with_api_version) take checked values and cannot fail, so a
/// bad value never costs you the configuration.
///
/// ```
/// use cta_core::send::{ApiVersion, SendConfig};
///
/// let config = SendConfig::new("106540352242922", "EAAG-secret")?;
/// let config = match "latest".parse::<ApiVersion>() {
///     Ok(version) => config.with_api_version(version),
///     Err(_) => config, // still at hand
/// };
/// assert_eq!(config.api_version().map(ApiVersion::as_str), Some("v25.0"));
/// # Ok::<(), cta_core::send::ConfigError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SendConfig {
    base_url: BaseUrl,
    api_version: Option<ApiVersion>,
    phone_number_id: PhoneNumberId,
    access_token: AccessToken,
}

impl SendConfig {
    /// A configuration for Meta's host and version [`DEFAULT_API_VERSION`](super::DEFAULT_API_VERSION).
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

    /// A configuration for Meta's host and version [`DEFAULT_API_VERSION`](super::DEFAULT_API_VERSION), from checked parts.
    #[must_use]
    pub fn from_parts(phone_number_id: PhoneNumberId, access_token: AccessToken) -> Self {
        SendConfig {
            base_url: BaseUrl::meta(),
            api_version: Some(ApiVersion::default_version()),
            phone_number_id,
            access_token,
        }
    }

    /// Sends to another host, such as a proxy or a local test server
    /// (`http://127.0.0.1:8080`). Check the URL first by parsing it into a [`BaseUrl`]:
    /// `config.with_base_url("http://127.0.0.1:8080".parse()?)`.
    #[must_use]
    pub fn with_base_url(mut self, base_url: BaseUrl) -> Self {
        self.base_url = base_url;
        self
    }

    /// Puts `version`, such as `v26.0`, in the URL. Check it first by parsing it into an
    /// [`ApiVersion`]: `config.with_api_version("v26.0".parse()?)`.
    #[must_use]
    pub fn with_api_version(mut self, version: ApiVersion) -> Self {
        self.api_version = Some(version);
        self
    }

    /// Leaves the version out of the URL: the Graph API then uses the app's default version.
    #[must_use]
    pub fn without_api_version(mut self) -> Self {
        self.api_version = None;
        self
    }

    /// The base URL, without a trailing `/`.
    #[must_use]
    pub fn base_url(&self) -> &BaseUrl {
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

    /// Reads the Graph API's answer to a send, whatever HTTP client made it, as
    /// [`parse_response`](super::parse_response) does, and keeps this configuration's access
    /// token out of what it returns. Prefer it to the free function.
    ///
    /// A proxy or an error may echo the request, token included, verbatim or with JSON escapes
    /// (`\u0045AAG…` for `EAAG…`, `\/` for `/`). The token is replaced by `***`, however it
    /// was spelled, in every string the JSON holds, as decoded, before it is read (so in every
    /// field of a [`GraphError`](super::GraphError) or a [`SendResponse`], and in what an
    /// error of the JSON reader quotes), and in the raw excerpt of an
    /// [`UnexpectedResponse`](SendError::UnexpectedResponse).
    ///
    /// # Errors
    ///
    /// As [`parse_response`](super::parse_response).
    ///
    /// ```
    /// use cta_core::send::SendConfig;
    /// use cta_core::send::http::StatusCode;
    ///
    /// let config = SendConfig::new("106540352242922", "EAAG-secret")?;
    /// let body = br#"{"error":{"message":"Invalid token \u0045AAG-secret","code":190}}"#;
    /// let error = config.parse_response(StatusCode::UNAUTHORIZED, body).unwrap_err();
    /// assert_eq!(error.graph_error().unwrap().message, "Invalid token ***");
    /// # Ok::<(), cta_core::send::ConfigError>(())
    /// ```
    pub fn parse_response(
        &self,
        status: StatusCode,
        body: &[u8],
    ) -> Result<SendResponse, SendError> {
        parse_response_masked(status, body, Some(self.token_mask()))
    }

    /// Reads the Graph API's answer to a read receipt
    /// ([`mark_read_request`](Self::mark_read_request)), whatever HTTP client made it:
    /// `{"success":true}` is a [`ReadReceipt`]; a Graph API error is a
    /// [`SendError::Graph`], with its code and retry verdict, as for a send; anything else is
    /// a [`SendError::UnexpectedResponse`]. The access token is masked as in
    /// [`parse_response`](Self::parse_response).
    ///
    /// # Errors
    ///
    /// As above.
    pub fn parse_read_receipt(
        &self,
        status: StatusCode,
        body: &[u8],
    ) -> Result<ReadReceipt, SendError> {
        parse_answer_masked(status, body, Some(self.token_mask()))
    }

    /// What replaces the access token with `***`.
    pub(crate) fn token_mask(&self) -> TokenMask<'_> {
        TokenMask::new(self.access_token.expose_secret())
    }

    /// `{base}/{version}/{phone_number_id}/messages`, or without the version.
    #[must_use]
    pub fn messages_url(&self) -> String {
        self.messages_url_from(&self.phone_number_id)
    }

    /// The messages endpoint of the business number `from`:
    /// `{base}/{version}/{from}/messages`, or without the version.
    #[must_use]
    pub fn messages_url_from(&self, from: &PhoneNumberId) -> String {
        match &self.api_version {
            Some(version) => format!("{}/{version}/{from}/messages", self.base_url),
            None => format!("{}/{from}/messages", self.base_url),
        }
    }
}
