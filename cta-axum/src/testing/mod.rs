//! Testing a bot without Meta: webhook notifications built and signed as Meta sends them, and a
//! stand-in Graph API on loopback that records what the bot sent.
//!
//! - [`NotificationBuilder`] writes the body of a webhook POST: text, button and list replies,
//!   images, statuses; from a phone number or from a user known only by a BSUID; several
//!   items, changes and entries in one batch. [`signed`](NotificationBuilder::signed) adds the
//!   `X-Hub-Signature-256` header, and [`SignedNotification::post`] delivers it to an axum
//!   [`Router`](axum::Router) in process.
//! - [`GraphApi`] answers sends and read receipts on `127.0.0.1` as the Graph API does,
//!   records each one it accepted ([`SentRequest`]), and can fail, or hold a request for a
//!   while, on demand.
//!
//! Behind the `testing` feature: add `cta-axum = { version = "…", features = ["testing"] }` to
//! your `[dev-dependencies]`.
//!
//! # Testing a handler
//!
//! The bot below answers every message with a link. Its test, the last ten lines, delivers a
//! signed message and checks the reply that reached the stand-in Graph API.
//!
//! ```
//! use std::time::Duration;
//!
//! use axum::{Router, body::Bytes, extract::State, http::{HeaderMap, StatusCode}, routing::post};
//! use cta_axum::testing::{GraphApi, NotificationBuilder, app_secret};
//! use cta_core::{CtaUrlContent, cta_message, send::Client, webhook::receive};
//!
//! const REPLY: CtaUrlContent = cta_message! {
//!     body: "Every colour is in the catalogue.",
//!     button: "See colours",
//!     url: "https://example.com/colours",
//! };
//!
//! async fn webhook(State(client): State<Client>, headers: HeaderMap, body: Bytes) -> StatusCode {
//!     let Ok(notification) = receive(&app_secret(), &headers, &body) else {
//!         return StatusCode::UNAUTHORIZED;
//!     };
//!     for message in notification.messages().filter_map(Result::ok) {
//!         let Ok(reply) = REPLY.in_reply_to(&message) else { continue };
//!         if client.send(&reply).await.is_err() {
//!             return StatusCode::SERVICE_UNAVAILABLE; // Meta delivers it again
//!         }
//!     }
//!     StatusCode::OK
//! }
//!
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build()?;
//! runtime.block_on(async {
//!     let graph = GraphApi::start().await?;
//!     let client = Client::new(graph.send_config("106540352242922")?)?;
//!     let bot = Router::new().route("/webhook", post(webhook)).with_state(client);
//!
//!     let notification = NotificationBuilder::default().text("16505551234", "Any other colour?");
//!     let answer = notification.signed(&app_secret()).post(&bot, "/webhook").await?;
//!     assert_eq!(answer.status(), StatusCode::OK);
//!
//!     let sent = graph.wait_for_sent(1, Duration::from_secs(10)).await?;
//!     assert_eq!(sent[0].to(), Some("+16505551234"));
//!     assert_eq!(sent[0].reply_to(), notification.last_message_id());
//!     Ok(())
//! })
//! # }
//! ```
//!
//! # Failures and slow answers
//!
//! [`GraphApi::fail_next`] and [`GraphApi::fail_all`] answer with a Graph API error code (a
//! rate limit, an expired token, a closed 24-hour window…), so that a test can check what the
//! bot does then: its webhook answers 503 and Meta delivers the notification again, say.
//! [`GraphApi::hold`] keeps requests waiting, to test timeouts and what happens to a reply whose
//! server stops mid-send: a held request is recorded only if it is answered.
//!
//! Nothing here prints a phone number, a text or a token: the `Debug` of each type shows IDs,
//! kinds and counts.

mod graph_api;
mod json;
mod notification;
mod wamid;

use cta_core::webhook::AppSecret;

pub use graph_api::{GraphApi, RequestKind, SentRequest, TEST_ACCESS_TOKEN, WaitTimeout};
pub use notification::{
    Delivery, NotificationBuilder, SignedNotification, StatusReport, UserMessage,
};

/// The business account (WABA) ID of the fixtures, the default entry `id`.
pub const BUSINESS_ACCOUNT_ID: &str = "102290129340398";

/// The business phone number ID of the fixtures, the default `metadata.phone_number_id`.
pub const PHONE_NUMBER_ID: &str = "106540352242922";

/// The display number of the fixtures' business number, the default
/// `metadata.display_phone_number`.
pub const DISPLAY_PHONE_NUMBER: &str = "15550783881";

/// The user's phone number of the fixtures (as webhooks write it, without `+`), the default
/// recipient of a [`StatusReport`].
pub const USER_PHONE_NUMBER: &str = "16505551234";

/// The app secret of the fixtures: `test-app-secret`.
pub const APP_SECRET: &str = "test-app-secret";

/// [`APP_SECRET`] as an [`AppSecret`], to sign notifications and to check them.
///
/// # Panics
///
/// Never: the secret is not blank.
#[must_use]
pub fn app_secret() -> AppSecret {
    AppSecret::new(APP_SECRET).expect("the test app secret is not blank")
}
