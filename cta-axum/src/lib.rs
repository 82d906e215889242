//! Exactly-once handling of WhatsApp webhooks for [axum](https://docs.rs/axum): every inbound
//! message is answered once, through crashes, Graph API outages and several servers.
//!
//! This release holds the foundation: the [`store`] where items are claimed and marked done, in
//! memory ([`store::MemoryStore`]) or, with the `redis` feature, in Redis shared by every server
//! (`store::RedisStore`).
#![cfg_attr(docsrs, feature(doc_cfg))]
#![forbid(unsafe_code)]

pub mod store;
