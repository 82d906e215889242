//! Receiving webhooks: the subscription handshake, the signature check, and typed
//! notifications.
//!
//! Meta calls the business's HTTPS endpoint twice over:
//!
//! 1. **Once, to subscribe**: a `GET` with `hub.mode=subscribe`, `hub.verify_token` and
//!    `hub.challenge`. [`handshake`] (or [`handshake_uri`], [`handshake_request`]) checks the
//!    mode and the token, in constant time, and gives the [`Challenge`] to answer with; a
//!    [`HandshakeError`] says why not, and which status to answer (403).
//! 2. **For every event, a `POST`** whose body is signed: `X-Hub-Signature-256: sha256=<hex>`,
//!    the HMAC-SHA256 of the raw body under the app secret. [`AppSecret::verify`] (or
//!    [`verify_headers`](AppSecret::verify_headers),
//!    [`verify_request`](AppSecret::verify_request)) checks it on the bytes as received,
//!    before anything reads them; [`Notification::parse`] then reads the body into typed
//!    messages and statuses. [`receive`] does both.
//!
//! # The handshake
//!
//! ```
//! use cta_core::webhook::{handshake, VerifyToken};
//!
//! let token = VerifyToken::new("meatyhamhock")?; // as typed in the app dashboard
//! let query = "hub.mode=subscribe&hub.challenge=1158201444&hub.verify_token=meatyhamhock";
//! match handshake(query, &token) {
//!     Ok(challenge) => assert_eq!(challenge.as_str(), "1158201444"), // answer 200 with it
//!     Err(refusal) => panic!("answer {}: {refusal}", refusal.status()),
//! }
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # Verify, then parse
//!
//! ```
//! use cta_core::webhook::{receive, AppSecret, MessageKind, ReplyAddress, SIGNATURE_HEADER};
//! use http::HeaderMap;
//!
//! let secret = AppSecret::new("test-app-secret")?;
//! let body: &[u8] = br#"{"object":"whatsapp_business_account","entry":[{"id":"102290129340398","changes":[{"value":{"messaging_product":"whatsapp","metadata":{"display_phone_number":"15550783881","phone_number_id":"106540352242922"},"contacts":[{"profile":{"name":"Sheena Nelson"},"wa_id":"16505551234","user_id":"US.13491208655302741918"}],"messages":[{"from":"16505551234","from_user_id":"US.13491208655302741918","id":"wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQzQTRBNjU5OUFFRTAzODEwMTQ0RgA=","timestamp":"1749416383","type":"text","text":{"body":"Does it come in another color?"}}]},"field":"messages"}]}]}"#;
//! let mut headers = HeaderMap::new();
//! headers.insert(
//!     SIGNATURE_HEADER,
//!     "sha256=5e015a19507feca06df7224fa250bc92f199fd191a14878fd500dc43bc169034".parse()?,
//! );
//!
//! let notification = receive(&secret, &headers, body)?; // 401 on a bad signature
//! for message in notification.messages() {
//!     let Ok(message) = message else { continue }; // or log the ItemError
//!     if let MessageKind::Text(text) = &message.kind {
//!         assert_eq!(text.body, "Does it come in another color?");
//!     }
//!     assert_eq!(message.reply_address(), Some(ReplyAddress::PhoneNumber("16505551234")));
//!     assert_eq!(message.timestamp.as_secs(), 1_749_416_383);
//! }
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # Statuses
//!
//! ```
//! use cta_core::webhook::{ErrorCode, Notification, StatusKind};
//!
//! let body = br#"{"object":"whatsapp_business_account","entry":[{"id":"1","changes":[{"field":"messages","value":{"statuses":[
//!     {"id":"wamid.A","status":"delivered","timestamp":"1750263800","recipient_id":"16505551234"},
//!     {"id":"wamid.B","status":"failed","timestamp":"1750264012","recipient_id":"16505551234",
//!      "errors":[{"code":131047,"title":"Re-engagement message"}]}]}}]}]}"#;
//! let notification = Notification::parse(body)?;
//! let kinds: Vec<_> = notification
//!     .statuses()
//!     .filter_map(Result::ok)
//!     .map(|update| (update.id.to_string(), update.status.clone(), update.error_code()))
//!     .collect();
//! assert_eq!(kinds[0], ("wamid.A".to_owned(), StatusKind::Delivered, None));
//! assert_eq!(kinds[1], ("wamid.B".to_owned(), StatusKind::Failed, Some(ErrorCode::REENGAGEMENT_MESSAGE)));
//! # Ok::<(), cta_core::webhook::ParseError>(())
//! ```
//!
//! # Replying
//!
//! [`CtaUrlContent::in_reply_to`](crate::CtaUrlContent::in_reply_to) addresses content to
//! the sender of an inbound message and quotes it (`context.message_id`), in one call: the
//! phone number, with the `+` webhooks leave out, in `"to"`; else the BSUID in
//! `"recipient"`. `Recipient::try_from(ReplyAddress)` does the addressing alone.
//!
//! ```
//! use cta_core::webhook::{receive, AppSecret, MessageKind, SIGNATURE_HEADER};
//! use cta_core::{cta_message, CtaUrlContent};
//! use http::HeaderMap;
//!
//! const REPLY: CtaUrlContent = cta_message! {
//!     body: "Thanks for writing! Every colour is in the catalogue.",
//!     button: "See colours",
//!     url: "https://example.com/colours",
//! };
//!
//! let secret = AppSecret::new("test-app-secret")?;
//! let body: &[u8] = br#"{"object":"whatsapp_business_account","entry":[{"id":"102290129340398","changes":[{"value":{"messaging_product":"whatsapp","metadata":{"display_phone_number":"15550783881","phone_number_id":"106540352242922"},"contacts":[{"profile":{"name":"Sheena Nelson"},"wa_id":"16505551234","user_id":"US.13491208655302741918"}],"messages":[{"from":"16505551234","from_user_id":"US.13491208655302741918","id":"wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQzQTRBNjU5OUFFRTAzODEwMTQ0RgA=","timestamp":"1749416383","type":"text","text":{"body":"Does it come in another color?"}}]},"field":"messages"}]}]}"#;
//! let mut headers = HeaderMap::new();
//! headers.insert(SIGNATURE_HEADER, secret.sign(body).parse()?);
//!
//! for inbound in receive(&secret, &headers, body)?.messages().filter_map(Result::ok) {
//!     if let MessageKind::Text(_) = inbound.kind {
//!         let reply = REPLY.in_reply_to(&inbound)?; // then `client.send(&reply).await`
//!         assert_eq!(reply.recipient().as_str(), "+16505551234");
//!         assert_eq!(reply.reply_to().map(|id| id.as_str()), Some(&*inbound.id));
//!     }
//! }
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! A reply is free-form: Meta takes it only within 24 hours of the user's latest message
//! ([`Message::reply_window_closes_at`]); after that it answers error 131047 and only a
//! template can be sent.
//!
//! # What to answer
//!
//! Answer 200 quickly to every POST whose signature verifies, even when the body holds items
//! that cannot be read ([`Notification::problems`]): Meta retries a delivery that gets no
//! 200, for about a day. The same notification may therefore arrive twice (keep the message
//! IDs you have seen), and notifications may arrive out of order (a `read` before its
//! `delivered`).
//!
//! # Robustness
//!
//! Unknown fields are ignored, and every field Meta may leave out is optional: `contacts`,
//! `profile`, `wa_id`, `user_id`, `from`, `from_user_id`. Each entry, change, contact,
//! message, status and error is read on its own: one that cannot be read becomes an
//! [`ItemError`] in its place (which says where it is and why), and the rest of the batch is
//! delivered. Message types not modelled here are kept raw ([`MessageKind::Other`]). Only a
//! body that is not JSON, or not an object with an `entry` array, is a [`ParseError`].
//!
//! The app secret and the verify token never print ([`AppSecret`], [`VerifyToken`]: their
//! `Debug` shows `***`, and they have no `Display`), and no error carries them.

// Modules depend on each other without a cycle: `item` and `de` (the shared leaves), then
// `time`, `status`, `message`, `notification`, `reply`; `secret`, then `handshake` and
// `signature`.
mod de;
mod handshake;
mod item;
mod message;
mod notification;
mod reply;
mod secret;
mod signature;
mod status;
mod time;

use std::fmt;

use http::HeaderMap;

#[doc(no_inline)]
pub use crate::graph::{ErrorCode, ErrorKind};
pub use handshake::{
    Challenge, HandshakeError, HubParam, handshake, handshake_request, handshake_uri,
};
pub use item::{ItemError, ItemKind};
pub use message::{
    ButtonReply, InboundMedia, InteractiveReply, ListReply, Location, Message, MessageContext,
    MessageKind, QuickReply, Reaction, ReplyAddress, SERVICE_WINDOW, SharedContact,
    SharedContactName, SharedContactPhone, Text,
};
pub use notification::{
    Change, ChangeValue, Entry, InboundMessage, Metadata, Notification, ParseError, Profile,
    SenderContact, StatusUpdate,
};
pub use reply::ReplyError;
pub use secret::{AppSecret, SecretError, VerifyToken};
pub use signature::{SIGNATURE_HEADER, SignatureError, Verified};
pub use status::{
    ApiError, ApiErrorData, Conversation, ConversationOrigin, Pricing, Status, StatusKind,
};
pub use time::Timestamp;

/// Why a webhook POST was not taken: a bad signature, or a body that is not a notification.
///
/// Transparent: it shows as the inner error, and its [`source`](std::error::Error::source) is
/// the inner error's, so an error reporter prints the cause once.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum WebhookError {
    /// The signature is missing, malformed or wrong: answer 401 and read nothing.
    Signature(SignatureError),
    /// The body is signed but is not a notification. Answer 200 all the same (Meta would only
    /// send it again), and log it.
    Parse(ParseError),
}

impl WebhookError {
    /// The status to answer with: 401 for a bad signature; 200 for a signed body that cannot
    /// be read, which Meta would only send again.
    #[must_use]
    pub fn status(&self) -> http::StatusCode {
        match self {
            WebhookError::Signature(_) => http::StatusCode::UNAUTHORIZED,
            WebhookError::Parse(_) => http::StatusCode::OK,
        }
    }
}

impl fmt::Display for WebhookError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            WebhookError::Signature(error) => error.fmt(f),
            WebhookError::Parse(error) => error.fmt(f),
        }
    }
}

impl std::error::Error for WebhookError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        // Transparent: the inner error stands in for this one.
        match self {
            WebhookError::Signature(error) => error.source(),
            WebhookError::Parse(error) => error.source(),
        }
    }
}

impl From<SignatureError> for WebhookError {
    fn from(error: SignatureError) -> Self {
        WebhookError::Signature(error)
    }
}

impl From<ParseError> for WebhookError {
    fn from(error: ParseError) -> Self {
        WebhookError::Parse(error)
    }
}

/// Checks a webhook POST's `X-Hub-Signature-256` header against its body
/// ([`AppSecret::verify_headers`]), then reads the body ([`Notification::parse`]).
///
/// # Errors
///
/// [`WebhookError::Signature`] before anything is read, then [`WebhookError::Parse`].
pub fn receive<'a>(
    secret: &AppSecret,
    headers: &HeaderMap,
    body: &'a [u8],
) -> Result<Notification<'a>, WebhookError> {
    secret.verify_headers(headers, body)?;
    Ok(Notification::parse(body)?)
}
