//! Sending a message: the HTTP request, and reading the Graph API's answer.
//!
//! cta-core stays free of any HTTP client: [`SendConfig::request`] gives an
//! [`http::Request`] that any client can send, and [`SendConfig::parse_response`] reads the
//! status and body that come back, into a [`SendResponse`] or a [`SendError`], with the access
//! token masked. With the `client` feature, `Client` does both on reqwest and tokio, with a
//! timeout and retries.
//!
//! The [`http`] crate is re-exported (`cta_core::send::http`), so that its `Request` and
//! `StatusCode` can be named with `cta-core` as the only dependency.
//!
//! ```
//! use cta_core::cta_message;
//! use cta_core::send::{ErrorCode, SendConfig};
//! use cta_core::send::http::StatusCode;
//!
//! let config = SendConfig::new("106540352242922", "EAAG-secret")?;
//! let message = cta_message! {
//!     to: "+16505551234",
//!     body: "Tap the button below to see available dates.",
//!     button: "See Dates",
//!     url: "https://www.luckyshrub.com",
//! };
//! let request = config.request(&message)?;
//! // … send `request` with the HTTP client of your choice, then read what comes back:
//! let status = StatusCode::BAD_REQUEST;
//! let body = br#"{"error":{"message":"(#130429) Rate limit hit","type":"OAuthException","code":130429}}"#;
//! match config.parse_response(status, body) {
//!     Ok(sent) => println!("sent {}", sent.message_id()),
//!     Err(error) => {
//!         assert_eq!(error.code(), Some(ErrorCode::THROUGHPUT_LIMIT));
//!         assert!(error.is_retryable()); // the code decides, not the HTTP status
//!     }
//! }
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! The access token is an [`AccessToken`]: its `Debug` prints `***`, it has no `Display`, the
//! request's `Authorization` header is marked sensitive, and no error carries the token.
//!
//! Graph API error codes are [`ErrorCode`]s of the [`graph`](crate::graph) module, re-exported
//! here, which the `webhook` module shares.

#[cfg(feature = "client")]
mod client;
mod config;
mod error;
mod mask;
#[cfg(feature = "client")]
mod pace;
mod parts;
mod request;
mod response;
mod secret;

#[cfg(feature = "client")]
pub use client::{
    Client, ClientBuilder, ClientError, DEFAULT_BACKOFF_UNIT, DEFAULT_MAX_BACKOFF,
    DEFAULT_MAX_RETRIES, DEFAULT_TIMEOUT, MAX_RESPONSE_BYTES, http_client,
};
/// The `http` crate, whose [`Request`](http::Request) and [`StatusCode`](http::StatusCode)
/// this module takes and gives: name them through `cta_core::send::http` to need no
/// dependency of your own on it.
pub use http;

#[doc(no_inline)]
pub use crate::graph::{ErrorCode, ErrorKind};
pub use config::SendConfig;
pub use error::{EXCERPT_LIMIT, ErrorData, GraphError, RequestError, SendError};
#[cfg(feature = "client")]
pub use pace::{PAIR_GAP, THROTTLE_FOR, Throughput, ThroughputError};
pub use parts::{
    ApiVersion, BaseUrl, ConfigError, DEFAULT_API_VERSION, DEFAULT_BASE_URL, PhoneNumberId,
};
pub use response::{
    MessageStatus, ReadReceipt, SendResponse, SentContact, SentMessage, parse_response,
};
pub use secret::AccessToken;

/// A message this module sends: an interactive [`CtaUrlMessage`](crate::CtaUrlMessage), or an
/// [`ApprovedMessage`](crate::ApprovedMessage) from an approved template. Sealed: only this
/// crate's messages, whose JSON is checked, are sent.
pub trait OutgoingMessage: sealed::Sealed {
    /// Who it goes to.
    fn outgoing_recipient(&self) -> &crate::Recipient;
    /// The request body.
    fn outgoing_json(&self) -> Vec<u8>;
}

mod sealed {
    pub trait Sealed {}
    impl Sealed for crate::CtaUrlMessage {}
    impl Sealed for crate::ApprovedMessage {}
}

impl OutgoingMessage for crate::CtaUrlMessage {
    fn outgoing_recipient(&self) -> &crate::Recipient {
        self.recipient()
    }
    fn outgoing_json(&self) -> Vec<u8> {
        self.to_json_vec()
    }
}

impl OutgoingMessage for crate::ApprovedMessage {
    fn outgoing_recipient(&self) -> &crate::Recipient {
        self.recipient()
    }
    fn outgoing_json(&self) -> Vec<u8> {
        self.to_json_vec()
    }
}
