//! A status update: what became of a message the business sent.

use std::borrow::Cow;
use std::fmt;

use serde::Deserialize;

use super::de::{self, owned, owned_opt};
use super::time::Timestamp;
use crate::graph::{ErrorCode, hidden};

/// A status update from a webhook's `statuses[]`: a message the business sent was sent,
/// delivered, read, played, or failed.
///
/// Meta may deliver a status twice, and out of order (a `read` before its `delivered`).
///
/// Its `Debug` shows the WAMID, the status, the time, pricing and errors, never the
/// recipient's phone number or BSUIDs, nor the callback data (which the business may have
/// filled with anything): those print as `***` and their length.
#[derive(Clone, PartialEq, Eq, Deserialize)]
#[non_exhaustive]
pub struct Status<'a> {
    /// The WAMID of the business's message, as the send's answer gave it.
    #[serde(borrow, deserialize_with = "de::cow")]
    pub id: Cow<'a, str>,
    /// What happened.
    #[serde(borrow)]
    pub status: StatusKind<'a>,
    /// When it happened.
    pub timestamp: Timestamp,
    /// The recipient's phone number (or a group ID); absent when the message went to a BSUID.
    #[serde(borrow, default, deserialize_with = "de::opt_cow")]
    pub recipient_id: Option<Cow<'a, str>>,
    /// The recipient's business-scoped user ID (BSUID).
    #[serde(borrow, default, deserialize_with = "de::opt_cow")]
    pub recipient_user_id: Option<Cow<'a, str>>,
    /// The recipient's parent BSUID.
    #[serde(borrow, default, deserialize_with = "de::opt_cow")]
    pub parent_recipient_user_id: Option<Cow<'a, str>>,
    /// `individual`, or `group`.
    #[serde(borrow, default, deserialize_with = "de::opt_cow")]
    pub recipient_type: Option<Cow<'a, str>>,
    /// The `biz_opaque_callback_data` the message was sent with, echoed.
    #[serde(borrow, default, deserialize_with = "de::opt_cow")]
    pub biz_opaque_callback_data: Option<Cow<'a, str>>,
    /// The conversation the message opened or belongs to; since v24.0 only for free
    /// entry-point conversations.
    #[serde(borrow, default)]
    pub conversation: Option<Conversation<'a>>,
    /// How the message is priced.
    #[serde(borrow, default)]
    pub pricing: Option<Pricing<'a>>,
    /// Why the message failed, for a `failed` status.
    #[serde(borrow, default, deserialize_with = "de::list")]
    pub errors: Vec<ApiError<'a>>,
}

impl fmt::Debug for Status<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Status")
            .field("id", &self.id)
            .field("status", &self.status)
            .field("timestamp", &self.timestamp)
            .field("recipient_id", &hidden(self.recipient_id.as_ref()))
            .field(
                "recipient_user_id",
                &hidden(self.recipient_user_id.as_ref()),
            )
            .field(
                "parent_recipient_user_id",
                &hidden(self.parent_recipient_user_id.as_ref()),
            )
            .field("recipient_type", &self.recipient_type)
            .field(
                "biz_opaque_callback_data",
                &hidden(self.biz_opaque_callback_data.as_ref()),
            )
            .field("conversation", &self.conversation)
            .field("pricing", &self.pricing)
            .field("errors", &self.errors)
            .finish()
    }
}

impl Status<'_> {
    /// The status with everything it borrows from the body copied, so that it outlives the
    /// body.
    #[must_use]
    pub fn into_owned(self) -> Status<'static> {
        Status {
            id: owned(self.id),
            status: self.status.into_owned(),
            timestamp: self.timestamp,
            recipient_id: owned_opt(self.recipient_id),
            recipient_user_id: owned_opt(self.recipient_user_id),
            parent_recipient_user_id: owned_opt(self.parent_recipient_user_id),
            recipient_type: owned_opt(self.recipient_type),
            biz_opaque_callback_data: owned_opt(self.biz_opaque_callback_data),
            conversation: self.conversation.map(Conversation::into_owned),
            pricing: self.pricing.map(Pricing::into_owned),
            errors: self.errors.into_iter().map(ApiError::into_owned).collect(),
        }
    }

    /// The code of the first error, mapped to an [`ErrorCode`], for a failed message.
    #[must_use]
    pub fn error_code(&self) -> Option<ErrorCode> {
        self.errors.first().map(ApiError::error_code)
    }

    /// Whether sending the same message again later may succeed: a failed status whose first
    /// error's code is retryable ([`ErrorCode::is_retryable`]).
    #[must_use]
    pub fn is_retryable(&self) -> bool {
        self.error_code().is_some_and(ErrorCode::is_retryable)
    }
}

/// A status, as Meta names it. Statuses not listed here are kept as written.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum StatusKind<'a> {
    /// `sent`: the message left Meta's servers.
    Sent,
    /// `delivered`: it reached the user's phone.
    Delivered,
    /// `read`: the user opened it.
    Read,
    /// `played`: the user played a voice message.
    Played,
    /// `failed`: it could not be delivered; see [`Status::errors`].
    Failed,
    /// Another status, as written.
    Other(Cow<'a, str>),
}

impl StatusKind<'_> {
    /// The status, owned.
    #[must_use]
    pub fn into_owned(self) -> StatusKind<'static> {
        match self {
            StatusKind::Sent => StatusKind::Sent,
            StatusKind::Delivered => StatusKind::Delivered,
            StatusKind::Read => StatusKind::Read,
            StatusKind::Played => StatusKind::Played,
            StatusKind::Failed => StatusKind::Failed,
            StatusKind::Other(status) => StatusKind::Other(owned(status)),
        }
    }

    /// The status as Meta writes it.
    #[must_use]
    pub fn as_str(&self) -> &str {
        match self {
            StatusKind::Sent => "sent",
            StatusKind::Delivered => "delivered",
            StatusKind::Read => "read",
            StatusKind::Played => "played",
            StatusKind::Failed => "failed",
            StatusKind::Other(status) => status,
        }
    }
}

impl<'de: 'a, 'a> Deserialize<'de> for StatusKind<'a> {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let status = de::cow(deserializer)?;
        Ok(match status.as_ref() {
            "sent" => StatusKind::Sent,
            "delivered" => StatusKind::Delivered,
            "read" => StatusKind::Read,
            "played" => StatusKind::Played,
            "failed" => StatusKind::Failed,
            _ => StatusKind::Other(status),
        })
    }
}

/// A status's `conversation`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[non_exhaustive]
pub struct Conversation<'a> {
    /// The conversation's ID.
    #[serde(borrow, default, deserialize_with = "de::opt_cow")]
    pub id: Option<Cow<'a, str>>,
    /// When the conversation ends.
    #[serde(default, deserialize_with = "de::opt_timestamp")]
    pub expiration_timestamp: Option<u64>,
    /// Where the conversation came from.
    #[serde(borrow, default)]
    pub origin: Option<ConversationOrigin<'a>>,
}

impl Conversation<'_> {
    /// The conversation, owned.
    #[must_use]
    pub fn into_owned(self) -> Conversation<'static> {
        Conversation {
            id: owned_opt(self.id),
            expiration_timestamp: self.expiration_timestamp,
            origin: self.origin.map(ConversationOrigin::into_owned),
        }
    }
}

/// A conversation's `origin`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[non_exhaustive]
pub struct ConversationOrigin<'a> {
    /// `service`, `marketing`, `utility`, `authentication`, `referral_conversion`, …
    #[serde(rename = "type", borrow, default, deserialize_with = "de::opt_cow")]
    pub kind: Option<Cow<'a, str>>,
}

impl ConversationOrigin<'_> {
    /// The origin, owned.
    #[must_use]
    pub fn into_owned(self) -> ConversationOrigin<'static> {
        ConversationOrigin {
            kind: owned_opt(self.kind),
        }
    }
}

/// A status's `pricing`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[non_exhaustive]
pub struct Pricing<'a> {
    /// Whether the message is charged.
    #[serde(default)]
    pub billable: Option<bool>,
    /// `PMP` (per-message pricing), `CBP`, …
    #[serde(borrow, default, deserialize_with = "de::opt_cow")]
    pub pricing_model: Option<Cow<'a, str>>,
    /// `regular`, `free_customer_service`, `free_entry_point`, …
    #[serde(rename = "type", borrow, default, deserialize_with = "de::opt_cow")]
    pub kind: Option<Cow<'a, str>>,
    /// `service`, `marketing`, `utility`, `authentication`, …
    #[serde(borrow, default, deserialize_with = "de::opt_cow")]
    pub category: Option<Cow<'a, str>>,
}

impl Pricing<'_> {
    /// The pricing, owned.
    #[must_use]
    pub fn into_owned(self) -> Pricing<'static> {
        Pricing {
            billable: self.billable,
            pricing_model: owned_opt(self.pricing_model),
            kind: owned_opt(self.kind),
            category: owned_opt(self.category),
        }
    }
}

/// An error in a webhook: why a message failed (in a status), why a message could not be read
/// (in a message), or a problem of the whole change (in a value's `errors[]`).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[non_exhaustive]
pub struct ApiError<'a> {
    /// The Graph API error code: see [`error_code`](Self::error_code).
    pub code: i64,
    /// A short title.
    #[serde(borrow, default, deserialize_with = "de::opt_cow")]
    pub title: Option<Cow<'a, str>>,
    /// The message.
    #[serde(borrow, default, deserialize_with = "de::opt_cow")]
    pub message: Option<Cow<'a, str>>,
    /// `error_data`.
    #[serde(borrow, default)]
    pub error_data: Option<ApiErrorData<'a>>,
    /// A link to Meta's page on the code.
    #[serde(borrow, default, deserialize_with = "de::opt_cow")]
    pub href: Option<Cow<'a, str>>,
}

impl ApiError<'_> {
    /// The error with everything it borrows from the body copied.
    #[must_use]
    pub fn into_owned(self) -> ApiError<'static> {
        ApiError {
            code: self.code,
            title: owned_opt(self.title),
            message: owned_opt(self.message),
            error_data: self.error_data.map(ApiErrorData::into_owned),
            href: owned_opt(self.href),
        }
    }

    /// The code as an [`ErrorCode`], with its retry verdict.
    ///
    /// ```
    /// use cta_core::graph::ErrorCode;
    /// use cta_core::webhook::Notification;
    ///
    /// let body = br#"{"object":"whatsapp_business_account","entry":[{"id":"1","changes":[{"field":"messages","value":{
    ///     "statuses":[{"id":"wamid.X","status":"failed","timestamp":"1750264012","recipient_id":"16505551234",
    ///         "errors":[{"code":131047,"title":"Re-engagement message"}]}]}}]}]}"#;
    /// let notification = Notification::parse(body)?;
    /// let update = notification.statuses().next().unwrap().unwrap();
    /// assert_eq!(update.errors[0].error_code(), ErrorCode::REENGAGEMENT_MESSAGE);
    /// assert!(!update.is_retryable());
    /// # Ok::<(), cta_core::webhook::ParseError>(())
    /// ```
    #[must_use]
    pub fn error_code(&self) -> ErrorCode {
        ErrorCode::new(self.code)
    }

    /// Whether sending again later may succeed ([`ErrorCode::is_retryable`]).
    #[must_use]
    pub fn is_retryable(&self) -> bool {
        self.error_code().is_retryable()
    }

    /// `error_data.details`, the most precise explanation, when present.
    #[must_use]
    pub fn details(&self) -> Option<&str> {
        self.error_data.as_ref()?.details.as_deref()
    }
}

/// An error's `error_data`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[non_exhaustive]
pub struct ApiErrorData<'a> {
    /// What went wrong, in detail.
    #[serde(borrow, default, deserialize_with = "de::opt_cow")]
    pub details: Option<Cow<'a, str>>,
}

impl ApiErrorData<'_> {
    /// The data, owned.
    #[must_use]
    pub fn into_owned(self) -> ApiErrorData<'static> {
        ApiErrorData {
            details: owned_opt(self.details),
        }
    }
}
