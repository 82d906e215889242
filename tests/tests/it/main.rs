//! Every integration test of the workspace, in one binary: the helpers in `common` and
//! `graph_server` are compiled and linked once.

mod common;
mod graph_server;
mod redis_server;

mod agree;
mod approved;
mod approved_file;
mod approved_preview;
mod axum_readme;
mod axum_testing;
mod axum_webhook;
mod golden;
mod hostile_json;
mod json_bytes;
mod limits;
mod literals;
mod never_panics;
mod one_error_each;
mod one_pass;
mod preview;
mod preview_browser;
mod reply_bot;
mod run_time;
mod sealed;
mod send_client;
mod send_error_chain;
mod send_example;
mod send_masking;
mod send_numbers;
mod send_pace;
mod send_parse;
mod send_readme;
mod send_tracing;
mod store;
mod template;
mod template_agree;
mod ui;
mod url_differential;
mod webhook_handshake;
mod webhook_owned;
mod webhook_parse;
mod webhook_reply;
mod webhook_signature;
