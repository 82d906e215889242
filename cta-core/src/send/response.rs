//! What the Graph API answers: the success body, and the one function that reads any answer.

use std::fmt;

use http::StatusCode;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Deserializer};

use super::error::{GraphError, SendError};
use super::mask::TokenMask;
use crate::MessageId;
use crate::graph::Hidden;

/// The body of a successful send: the message was *accepted*, not yet delivered. Delivery
/// failures arrive later, in status webhooks. \[Meta\]
///
/// Fields Meta adds without notice are ignored. A value always holds at least one message.
///
/// The message ID is a [`MessageId`], the checked type a reply's `reply_to` takes, so it can be
/// quoted as is. A success body whose ID breaks the rules of [`MessageId`] (blank, more than
/// 128 characters, several lines: not a WAMID as Meta documents it) is a
/// [`SendError::UnexpectedResponse`], which is not retryable: the message may have been accepted,
/// and the ID stands in the error's excerpt.
///
/// ```
/// use cta_core::send::{MessageStatus, SendConfig};
/// use cta_core::send::http::StatusCode;
///
/// let config = SendConfig::new("106540352242922", "EAAG-secret")?;
/// let body = br#"{"messaging_product":"whatsapp",
///     "contacts":[{"input":"+16505551234","wa_id":"16505551234"}],
///     "messages":[{"id":"wamid.HBgL","message_status":"accepted"}]}"#;
/// let response = config.parse_response(StatusCode::OK, body)?;
/// assert_eq!(response.message_id(), "wamid.HBgL");
/// assert_eq!(response.contacts()[0].wa_id(), Some("16505551234"));
/// assert_eq!(response.contacts()[0].user_id(), None);
/// assert_eq!(response.messages()[0].message_status, Some(MessageStatus::Accepted));
///
/// // The ID is the checked type that a reply quotes.
/// let reply_to: cta_core::MessageId = response.message_id().clone();
/// # let _ = reply_to;
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(try_from = "RawSendResponse")]
pub struct SendResponse {
    /// The `id` of the first of `messages`, which is never empty.
    message_id: MessageId,
    messaging_product: Option<String>,
    contacts: Vec<SentContact>,
    messages: Vec<SentMessage>,
}

impl SendResponse {
    /// `messaging_product`, `"whatsapp"` when present.
    #[must_use]
    pub fn messaging_product(&self) -> Option<&str> {
        self.messaging_product.as_deref()
    }

    /// The recipients, as Meta read them.
    #[must_use]
    pub fn contacts(&self) -> &[SentContact] {
        &self.contacts
    }

    /// The messages created; never empty.
    #[must_use]
    pub fn messages(&self) -> &[SentMessage] {
        &self.messages
    }

    /// The WAMID of the (first) message sent.
    #[must_use]
    pub fn message_id(&self) -> &MessageId {
        &self.message_id
    }
}

/// The success body as it comes, before the checks of [`SendResponse`].
#[derive(Deserialize)]
struct RawSendResponse {
    messaging_product: Option<String>,
    #[serde(default)]
    contacts: Vec<SentContact>,
    #[serde(default)]
    messages: Vec<SentMessage>,
}

impl TryFrom<RawSendResponse> for SendResponse {
    type Error = &'static str;

    fn try_from(raw: RawSendResponse) -> Result<Self, Self::Error> {
        let Some(first) = raw.messages.first() else {
            return Err("`messages` is missing or empty");
        };
        Ok(SendResponse {
            message_id: first.id.clone(),
            messaging_product: raw.messaging_product,
            contacts: raw.contacts,
            messages: raw.messages,
        })
    }
}

/// One recipient of a sent message, from the success body's `contacts[]`: what was sent as
/// `to` (or `recipient`), and the ID WhatsApp knows the user by. Read it through its getters.
///
/// Its `Debug` hides all three: they are the user's phone number and IDs.
#[derive(Clone, PartialEq, Eq, Deserialize)]
pub struct SentContact {
    #[serde(default)]
    input: String,
    #[serde(default)]
    wa_id: Option<String>,
    #[serde(default)]
    user_id: Option<String>,
}

impl fmt::Debug for SentContact {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SentContact")
            .field("input", &Hidden(&self.input))
            .field("wa_id", &crate::graph::hidden(self.wa_id.as_ref()))
            .field("user_id", &crate::graph::hidden(self.user_id.as_ref()))
            .finish()
    }
}

impl SentContact {
    /// The `to` of the request, as given; empty if Meta left it out (an accepted send is not
    /// turned into an error for want of it).
    #[must_use]
    pub fn input(&self) -> &str {
        &self.input
    }

    /// The recipient's WhatsApp ID, when Meta gave one (it does not for a user known only by
    /// a BSUID).
    #[must_use]
    pub fn wa_id(&self) -> Option<&str> {
        self.wa_id.as_deref()
    }

    /// The recipient's business-scoped user ID (BSUID), when Meta gave one.
    #[must_use]
    pub fn user_id(&self) -> Option<&str> {
        self.user_id.as_deref()
    }

    /// `wa_id`, or else `user_id`.
    #[must_use]
    pub fn recipient_id(&self) -> Option<&str> {
        self.wa_id().or(self.user_id())
    }
}

/// One message created by the send.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[non_exhaustive]
pub struct SentMessage {
    /// The WAMID, the message's ID in status webhooks and replies (`reply_to`).
    pub id: MessageId,
    /// Present only sometimes.
    #[serde(default)]
    pub message_status: Option<MessageStatus>,
}

/// `message_status` of a sent message. \[Meta\]
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum MessageStatus {
    /// `accepted`: the message was accepted for delivery.
    Accepted,
    /// `held_for_quality_assessment`: the message is held while Meta checks its quality.
    HeldForQualityAssessment,
    /// `paused`: sending is paused.
    Paused,
    /// A status this crate does not know, kept as written.
    Other(String),
}

impl MessageStatus {
    /// The status as Meta writes it.
    #[must_use]
    pub fn as_str(&self) -> &str {
        match self {
            MessageStatus::Accepted => "accepted",
            MessageStatus::HeldForQualityAssessment => "held_for_quality_assessment",
            MessageStatus::Paused => "paused",
            MessageStatus::Other(status) => status,
        }
    }
}

impl fmt::Display for MessageStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for MessageStatus {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let status = String::deserialize(deserializer)?;
        Ok(match status.as_str() {
            "accepted" => MessageStatus::Accepted,
            "held_for_quality_assessment" => MessageStatus::HeldForQualityAssessment,
            "paused" => MessageStatus::Paused,
            _ => MessageStatus::Other(status),
        })
    }
}

/// Meta's answer to a read receipt ([`SendConfig::mark_read_request`]): `{"success":true}`.
/// The message is marked read (and the typing indicator shown, if asked for).
///
/// Any other answer is a [`SendError`]: a Graph API error with its [`ErrorCode`] and retry
/// verdict, as for a send, or an [`UnexpectedResponse`](SendError::UnexpectedResponse) for
/// `{"success":false}` and anything else.
///
/// [`SendConfig::mark_read_request`]: super::SendConfig::mark_read_request
/// [`ErrorCode`]: crate::graph::ErrorCode
///
/// ```
/// use cta_core::send::{ErrorCode, ReadReceipt, SendConfig, SendError};
/// use cta_core::send::http::StatusCode;
///
/// let config = SendConfig::new("106540352242922", "EAAG-secret")?;
/// let receipt = config.parse_read_receipt(StatusCode::OK, br#"{"success":true}"#)?;
/// assert_eq!(receipt, ReadReceipt::default());
///
/// let refused = config.parse_read_receipt(StatusCode::OK, br#"{"success":false}"#).unwrap_err();
/// assert!(matches!(refused, SendError::UnexpectedResponse { .. }));
///
/// let body = br#"{"error":{"message":"(#100) Invalid parameter","type":"OAuthException","code":100}}"#;
/// let error = config.parse_read_receipt(StatusCode::BAD_REQUEST, body).unwrap_err();
/// assert_eq!(error.code(), Some(ErrorCode::INVALID_PARAMETER));
/// assert!(!error.is_retryable());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Deserialize)]
#[serde(try_from = "serde_json::Map<String, serde_json::Value>")]
#[non_exhaustive]
pub struct ReadReceipt {}

/// Read from a JSON object only (serde's derive would also take `[true]`), whose `success`
/// is `true`; other fields are ignored.
impl TryFrom<serde_json::Map<String, serde_json::Value>> for ReadReceipt {
    type Error = &'static str;

    fn try_from(answer: serde_json::Map<String, serde_json::Value>) -> Result<Self, Self::Error> {
        match answer.get("success") {
            Some(serde_json::Value::Bool(true)) => Ok(ReadReceipt {}),
            Some(serde_json::Value::Bool(false)) => Err("`success` is false"),
            Some(_) => Err("`success` is not a boolean"),
            None => Err("`success` is missing"),
        }
    }
}

/// `{"error": {…}}`, the envelope of every Graph API error.
#[derive(Deserialize)]
struct ErrorEnvelope {
    error: GraphError,
}

/// Reads the Graph API's answer to a send, without masking the access token.
///
/// This function does not know the access token: an answer that echoes it (a proxy's error
/// page, a Graph error quoting the request) puts it into the error. Prefer
/// [`SendConfig::parse_response`](super::SendConfig::parse_response), which reads the answer
/// the same way and replaces the token with `***` however the body spells it.
///
/// A body with an `error` envelope is a [`SendError::Graph`], whatever the HTTP status: handling
/// keys on the error `code`, not on the status. A success body under a 2xx status is a
/// [`SendResponse`]. Anything else (HTML from a proxy, a truncated body, JSON of another
/// shape) is a [`SendError::UnexpectedResponse`] with the status and the start of the body.
///
/// # Errors
///
/// [`SendError::Graph`] or [`SendError::UnexpectedResponse`], as above.
///
/// ```
/// use cta_core::graph::ErrorCode;
/// use cta_core::send::{parse_response, SendError};
/// use cta_core::send::http::StatusCode;
///
/// let body = br#"{"error":{"message":"(#131056) (Business Account, Consumer Account) pair rate limit hit",
///     "type":"OAuthException","code":131056,"fbtrace_id":"Az8or2yhqkZfEZ-_4Qn_Bam"}}"#;
/// let error = parse_response(StatusCode::BAD_REQUEST, body).unwrap_err();
/// assert_eq!(error.code(), Some(ErrorCode::PAIR_RATE_LIMIT));
/// assert!(error.is_retryable());
///
/// let html = parse_response(StatusCode::BAD_GATEWAY, b"<html>Bad gateway</html>").unwrap_err();
/// assert!(matches!(html, SendError::UnexpectedResponse { .. }));
/// assert!(html.to_string().contains("<html>Bad gateway</html>"));
/// ```
pub fn parse_response(status: StatusCode, body: &[u8]) -> Result<SendResponse, SendError> {
    parse_response_masked(status, body, None)
}

/// [`parse_response`], replacing the token with `***` in every string of an error when `mask`
/// is given.
pub(crate) fn parse_response_masked(
    status: StatusCode,
    body: &[u8],
    mask: Option<TokenMask<'_>>,
) -> Result<SendResponse, SendError> {
    parse_answer_masked(status, body, mask)
}

/// Reads any answer of the messages endpoint: a Graph API error whatever the status, else a
/// `T` under a 2xx status, else an unexpected answer. The token is masked as in
/// [`parse_response_masked`].
pub(crate) fn parse_answer_masked<T: DeserializeOwned>(
    status: StatusCode,
    body: &[u8],
    mask: Option<TokenMask<'_>>,
) -> Result<T, SendError> {
    let unexpected = |reason: String| SendError::unexpected(status, reason, body, false, mask);
    let mut value: serde_json::Value = match serde_json::from_slice(body) {
        Ok(value) => value,
        Err(error) => return Err(unexpected(format!("the body is not JSON ({error})"))),
    };
    // Every decoded string, before any is read into a field or quoted by an error of serde's.
    if let Some(mask) = mask {
        mask.value(&mut value);
    }
    if value.get("error").is_some() {
        return match serde_json::from_value::<ErrorEnvelope>(value) {
            Ok(envelope) => Err(SendError::Graph {
                status,
                error: Box::new(envelope.error),
            }),
            Err(error) => Err(unexpected(format!(
                "the Graph error envelope cannot be read ({error})"
            ))),
        };
    }
    if !status.is_success() {
        return Err(unexpected(
            "an error status without a Graph error envelope".to_owned(),
        ));
    }
    serde_json::from_value(value)
        .map_err(|error| unexpected(format!("the success body cannot be read ({error})")))
}
