//! Exactly-once handling of WhatsApp webhooks for [axum](https://docs.rs/axum): every inbound
//! message is handled once, through crashes, Graph API outages and several servers.
//!
//! [`Webhook`] builds the endpoint: it answers Meta's subscription handshake (`GET`) and takes
//! notifications (`POST`). A POST goes through four steps, in this order:
//!
//! 1. the body limit (413 past it);
//! 2. the `X-Hub-Signature-256` check (401 when it fails);
//! 3. the parse into owned messages and statuses (items that cannot be read are logged by where
//!    they stand and skipped);
//! 4. for each item, at once and in a task of its own: a claim in the
//!    [`Store`](store::Store), the user's handler, then *done* or *release*.
//!
//! The POST is answered 200 only when every item is done or failed for good, and 503 when one
//! failed transiently, is still running at the deadline, or is held by another server that has
//! not finished: Meta then delivers it again, and the items already done are skipped.
//!
//! The deadline bounds the answer, the lease bounds the work: a handler past its deadline goes
//! on holding its claim (a redelivery meanwhile finds it held) and records its outcome when it
//! ends; only when its lease is about to run out ([`LEASE_MARGIN`]) is it stopped and its item
//! released. An item's work goes on when Meta's connection closes before the answer, and
//! [`serve`] waits for it at shutdown.
//!
//! ```no_run
//! use cta_axum::{Outcome, Webhook, serve};
//! use cta_core::webhook::{AppSecret, VerifyToken};
//!
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> Result<(), Box<dyn std::error::Error>> {
//! let app = Webhook::new(AppSecret::new("app-secret")?, VerifyToken::new("verify-me")?)
//!     .on_message(|message| async move {
//!         tracing::info!(id = %message.id, "received");
//!         Outcome::Done
//!     })
//!     .into_router("/webhook");
//! let listener = tokio::net::TcpListener::bind("127.0.0.1:3000").await?;
//! serve(listener, app, cta_axum::DEFAULT_GRACE).await?;
//! # Ok(())
//! # }
//! ```
#![cfg_attr(docsrs, feature(doc_cfg))]
#![forbid(unsafe_code)]

mod extract;
mod handler;
mod in_flight;
mod serve;
pub mod store;
#[cfg(feature = "testing")]
pub mod testing;
mod webhook;

pub use extract::{NotificationRejection, VerifiedNotification};
pub use handler::Outcome;
pub use serve::{DEFAULT_GRACE, serve, serve_until, shutdown_signal};
pub use webhook::{DEFAULT_BODY_LIMIT, DEFAULT_DEADLINE, DEFAULT_LEASE, LEASE_MARGIN, Webhook};
