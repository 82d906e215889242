//! Exactly-once handling of WhatsApp webhooks for [axum](https://docs.rs/axum): every inbound
//! message is handled once, through crashes, Graph API outages and several servers.
//!
//! (Work in progress: the router, the extractor and serving are being written; the store is
//! complete.)
#![cfg_attr(docsrs, feature(doc_cfg))]
#![forbid(unsafe_code)]

pub mod store;
#[cfg(feature = "testing")]
pub mod testing;
