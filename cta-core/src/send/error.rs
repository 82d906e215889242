//! What can go wrong when sending: a Graph API error, an answer that is neither a success nor
//! an error, and failures before or around the HTTP exchange.

use std::fmt;
use std::time::Duration;

use http::StatusCode;
use serde::{Deserialize, Deserializer};

use super::mask::TokenMask;
use crate::graph::ErrorCode;

/// How many bytes of an unexpected body an error keeps: enough to recognise an HTML error page
/// or a truncated JSON, small enough for a log line.
pub const EXCERPT_LIMIT: usize = 512;

/// The `error` object of a Graph API error answer. \[Meta\]
///
/// Only `code` is required; every other field is optional, and unknown fields are ignored.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[non_exhaustive]
pub struct GraphError {
    /// A developer-facing description, such as `(#131009) Parameter value is not valid`.
    #[serde(default)]
    pub message: String,
    /// `type`, such as `OAuthException`.
    #[serde(default, rename = "type")]
    pub error_type: Option<String>,
    /// `code`: what error handling keys on.
    #[serde(deserialize_with = "deserialize_code")]
    pub code: ErrorCode,
    /// `error_subcode`, refining some codes.
    #[serde(default)]
    pub error_subcode: Option<i64>,
    /// `error_data`: details about the error.
    #[serde(default)]
    pub error_data: Option<ErrorData>,
    /// `fbtrace_id`, to quote to Meta's support.
    #[serde(default)]
    pub fbtrace_id: Option<String>,
    /// `is_transient`: whether Meta thinks the error is temporary.
    #[serde(default)]
    pub is_transient: Option<bool>,
    /// `error_user_title`: a title that can be shown to a user.
    #[serde(default)]
    pub error_user_title: Option<String>,
    /// `error_user_msg`: a message that can be shown to a user.
    #[serde(default)]
    pub error_user_msg: Option<String>,
}

impl GraphError {
    /// Whether the same message may succeed if sent again later: see
    /// [`ErrorCode::is_retryable`]. Keys on `code` alone.
    #[must_use]
    pub fn is_retryable(&self) -> bool {
        self.code.is_retryable()
    }

    /// The suggested wait before retry number `attempt` (0 for the first) of a rate limit; see
    /// [`ErrorCode::suggested_delay`].
    #[must_use]
    pub fn suggested_delay(&self, attempt: u32) -> Option<Duration> {
        self.code.suggested_delay(attempt)
    }

    /// `error_data.details`, Meta's most precise explanation, when present.
    #[must_use]
    pub fn details(&self) -> Option<&str> {
        self.error_data.as_ref()?.details.as_deref()
    }
}

impl fmt::Display for GraphError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Graph API error {}", self.code)?;
        if let Some(subcode) = self.error_subcode {
            write!(f, ", subcode {subcode}")?;
        }
        if !self.message.is_empty() {
            write!(f, ": {}", self.message)?;
        }
        if let Some(details) = self.details() {
            write!(f, " ({details})")?;
        }
        if let Some(trace) = &self.fbtrace_id {
            write!(f, " [fbtrace_id {trace}]")?;
        }
        Ok(())
    }
}

impl std::error::Error for GraphError {}

/// `error_data` of a [`GraphError`].
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[non_exhaustive]
pub struct ErrorData {
    /// `messaging_product`, `"whatsapp"`.
    #[serde(default)]
    pub messaging_product: Option<String>,
    /// `details`: what exactly is wrong.
    #[serde(default)]
    pub details: Option<String>,
}

fn deserialize_code<'de, D: Deserializer<'de>>(deserializer: D) -> Result<ErrorCode, D::Error> {
    i64::deserialize(deserializer).map(ErrorCode::new)
}

/// The request could not be made from the message and the configuration.
///
/// Its `Display` includes the cause, so [`source`](std::error::Error::source) skips the cause
/// and returns the cause's own source: an error reporter prints the cause once.
#[derive(Debug)]
#[non_exhaustive]
pub enum RequestError {
    /// `http` refused the URL or a header.
    Http(http::Error),
}

impl fmt::Display for RequestError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RequestError::Http(error) => write!(f, "the HTTP request cannot be built: {error}"),
        }
    }
}

/// The cause is in the message; `source` goes on from the cause's own source.
impl std::error::Error for RequestError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            RequestError::Http(error) => error.source(),
        }
    }
}

/// Why a message was not sent. Never shows the access token.
///
/// Following the convention of [`std::error::Error`], no cause is printed twice by an error
/// reporter (anyhow, eyre, `std::error::Report`): [`Request`](Self::Request) and
/// [`Transport`](Self::Transport) are transparent (their `Display` is the inner error's and
/// [`source`](std::error::Error::source) is the inner error's source), and
/// [`Graph`](Self::Graph) includes the Graph API error in its message, with no source.
#[derive(Debug)]
#[non_exhaustive]
pub enum SendError {
    /// The request could not be built. Transparent: shows as the [`RequestError`].
    Request(RequestError),
    /// The Graph API answered with an error. Its `Display` includes the [`GraphError`]'s, so
    /// it has no [`source`](std::error::Error::source).
    Graph {
        /// The HTTP status, for information only: handling keys on [`GraphError::code`].
        status: StatusCode,
        /// The error, boxed to keep `Result<_, SendError>` small.
        error: Box<GraphError>,
    },
    /// The answer is neither a success nor a Graph API error: an HTML page from a proxy, a
    /// truncated body, JSON of another shape.
    UnexpectedResponse {
        /// The HTTP status.
        status: StatusCode,
        /// Why the body could not be read.
        reason: String,
        /// The start of the body, at most [`EXCERPT_LIMIT`] bytes, decoded lossily. When the
        /// error comes from [`SendConfig::parse_response`](super::SendConfig::parse_response) or
        /// the `client` feature's `Client`, the access token is replaced by `***` in it, however
        /// the body spelled it.
        excerpt: String,
        /// How many bytes of the body were read: the whole body, unless `truncated`.
        bytes_read: usize,
        /// Whether reading stopped before the end of the body (the `client` feature's `Client`
        /// reads at most `MAX_RESPONSE_BYTES`), so that the body is longer than `bytes_read`.
        truncated: bool,
    },
    /// No answer came within the timeout.
    Timeout {
        /// The timeout.
        after: Duration,
    },
    /// The HTTP exchange failed: connection refused, connection closed mid-body, TLS, ….
    ///
    /// Transparent: its `Display` is the inner error's, and its
    /// [`source`](std::error::Error::source) the inner error's source, so that an error reporter
    /// walks the HTTP client's own chain of causes (down to an `std::io::Error`, say).
    Transport(Box<dyn std::error::Error + Send + Sync>),
}

impl SendError {
    /// An [`UnexpectedResponse`](Self::UnexpectedResponse) keeping a bounded excerpt of `body`,
    /// the whole body (not `truncated`).
    ///
    /// It does not know the access token: build it from a body that cannot hold it.
    #[must_use]
    pub fn unexpected_response(status: StatusCode, reason: String, body: &[u8]) -> Self {
        Self::unexpected(status, reason, body, false, None)
    }

    /// An [`UnexpectedResponse`](Self::UnexpectedResponse) from the `body` read (all of it
    /// unless `truncated`), with the token masked in the reason and the excerpt when `mask`
    /// is given.
    pub(crate) fn unexpected(
        status: StatusCode,
        mut reason: String,
        body: &[u8],
        truncated: bool,
        mask: Option<TokenMask<'_>>,
    ) -> Self {
        let shown = match mask {
            Some(mask) => {
                mask.string(&mut reason);
                mask.bytes(body)
            }
            None => std::borrow::Cow::Borrowed(body),
        };
        let kept = &shown[..shown.len().min(EXCERPT_LIMIT)];
        SendError::UnexpectedResponse {
            status,
            reason,
            excerpt: String::from_utf8_lossy(kept).into_owned(),
            bytes_read: body.len(),
            truncated,
        }
    }

    /// The Graph API error, if the API answered with one.
    #[must_use]
    pub fn graph_error(&self) -> Option<&GraphError> {
        match self {
            SendError::Graph { error, .. } => Some(error),
            _ => None,
        }
    }

    /// The Graph API error code, if the API answered with an error.
    #[must_use]
    pub fn code(&self) -> Option<ErrorCode> {
        self.graph_error().map(|error| error.code)
    }

    /// Whether sending again later may succeed: true only for a Graph API error with a
    /// retryable code. Timeouts and transport failures are not retryable: the message may
    /// have been accepted, and sending it again could deliver it twice.
    #[must_use]
    pub fn is_retryable(&self) -> bool {
        self.graph_error().is_some_and(GraphError::is_retryable)
    }
}

impl fmt::Display for SendError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SendError::Request(error) => fmt::Display::fmt(error, f),
            SendError::Graph { status, error } => write!(f, "{error} (HTTP {status})"),
            SendError::UnexpectedResponse {
                status,
                reason,
                excerpt,
                bytes_read,
                truncated,
            } => {
                write!(f, "unexpected answer (HTTP {status}): {reason}; body (")?;
                if *truncated {
                    write!(f, "more than {bytes_read} bytes, read no further")?;
                } else {
                    write!(f, "{bytes_read} bytes")?;
                }
                write!(f, "): {excerpt:?}")?;
                if *truncated || *bytes_read > EXCERPT_LIMIT {
                    f.write_str("…")?;
                }
                Ok(())
            }
            SendError::Timeout { after } => write!(f, "no answer within {after:?}"),
            SendError::Transport(error) => fmt::Display::fmt(error, f),
        }
    }
}

impl std::error::Error for SendError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            // Transparent: the inner error stands in for this one.
            SendError::Request(error) => error.source(),
            SendError::Transport(error) => error.source(),
            // The Graph API error is part of the message.
            SendError::Graph { .. }
            | SendError::UnexpectedResponse { .. }
            | SendError::Timeout { .. } => None,
        }
    }
}

impl From<RequestError> for SendError {
    fn from(error: RequestError) -> Self {
        SendError::Request(error)
    }
}
