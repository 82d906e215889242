//! The client's `tracing` spans and events: they exist, say which number, message, attempt
//! and error code, and never hold the access token, the recipient or the text.

#![allow(
    clippy::unreadable_literal,
    reason = "error codes are written as Meta writes them"
)]

use crate::common;
use crate::graph_server;

use std::collections::HashMap;
use std::fmt::{self, Write as _};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::http::StatusCode;
use common::META_EXAMPLE;
use cta_core::MessageId;
use cta_core::send::{Client, SendConfig};
use graph_server::{GraphServer, PHONE_NUMBER_ID, Reply, SEED_WAMID, TOKEN};
use tracing::field::{Field, Visit};
use tracing::span::{Attributes, Id, Record};
use tracing::{Event, Metadata, Subscriber};

/// A span or an event as captured: its name and every field, as `name=value`.
#[derive(Clone, Debug, Default)]
struct Captured {
    name: String,
    fields: HashMap<String, String>,
    /// For an event: the name of the span it happened in.
    span: Option<String>,
}

impl Captured {
    fn field(&self, name: &str) -> Option<&str> {
        self.fields.get(name).map(String::as_str)
    }
}

/// Collects the spans and events of `cta_core`, on the thread that installs it.
#[derive(Default)]
struct Capture {
    next_id: AtomicU64,
    spans: Mutex<HashMap<u64, Captured>>,
    /// The spans entered, innermost last.
    stack: Mutex<Vec<u64>>,
    events: Mutex<Vec<Captured>>,
}

#[derive(Clone, Default)]
struct Shared(Arc<Capture>);

impl Shared {
    fn spans(&self) -> Vec<Captured> {
        let mut spans: Vec<_> = self.0.spans.lock().unwrap().clone().into_iter().collect();
        spans.sort_by_key(|(id, _)| *id);
        spans.into_iter().map(|(_, span)| span).collect()
    }

    fn events(&self) -> Vec<Captured> {
        self.0.events.lock().unwrap().clone()
    }

    /// Everything captured, as one text to search.
    fn text(&self) -> String {
        let mut text = String::new();
        for item in self.spans().iter().chain(&self.events()) {
            let _ = writeln!(text, "{item:?}");
        }
        text
    }
}

struct Fields<'a>(&'a mut HashMap<String, String>);

impl Visit for Fields<'_> {
    fn record_str(&mut self, field: &Field, value: &str) {
        self.0.insert(field.name().to_owned(), value.to_owned());
    }

    fn record_debug(&mut self, field: &Field, value: &dyn fmt::Debug) {
        self.0.insert(field.name().to_owned(), format!("{value:?}"));
    }
}

impl Subscriber for Shared {
    fn enabled(&self, metadata: &Metadata<'_>) -> bool {
        metadata.target().starts_with("cta_core")
    }

    fn new_span(&self, attributes: &Attributes<'_>) -> Id {
        let id = self.0.next_id.fetch_add(1, Ordering::Relaxed) + 1;
        let mut captured = Captured {
            name: attributes.metadata().name().to_owned(),
            ..Captured::default()
        };
        attributes.record(&mut Fields(&mut captured.fields));
        self.0.spans.lock().unwrap().insert(id, captured);
        Id::from_u64(id)
    }

    fn record(&self, span: &Id, values: &Record<'_>) {
        if let Some(captured) = self.0.spans.lock().unwrap().get_mut(&span.into_u64()) {
            values.record(&mut Fields(&mut captured.fields));
        }
    }

    fn record_follows_from(&self, _: &Id, _: &Id) {}

    fn event(&self, event: &Event<'_>) {
        let span = self.0.stack.lock().unwrap().last().copied();
        let span = span.and_then(|id| {
            let spans = self.0.spans.lock().unwrap();
            spans.get(&id).map(|span| span.name.clone())
        });
        let mut captured = Captured {
            name: event.metadata().name().to_owned(),
            span,
            ..Captured::default()
        };
        event.record(&mut Fields(&mut captured.fields));
        self.0.events.lock().unwrap().push(captured);
    }

    fn enter(&self, span: &Id) {
        self.0.stack.lock().unwrap().push(span.into_u64());
    }

    fn exit(&self, span: &Id) {
        let mut stack = self.0.stack.lock().unwrap();
        if let Some(at) = stack.iter().rposition(|id| *id == span.into_u64()) {
            stack.remove(at);
        }
    }
}

fn client(server: &GraphServer) -> Client {
    let config = SendConfig::new(PHONE_NUMBER_ID, TOKEN)
        .unwrap()
        .with_base_url(server.base_url().parse().unwrap());
    Client::builder(config)
        .timeout(Duration::from_secs(5))
        .max_retries(2)
        .backoff_unit(Duration::from_millis(1))
        .build()
        .unwrap()
}

/// Runs `scenario` on this thread with a capturing subscriber, and gives what it captured.
fn capture<F: Future<Output = ()>>(scenario: impl FnOnce() -> F) -> Shared {
    let shared = Shared::default();
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    tracing::subscriber::with_default(shared.clone(), || runtime.block_on(scenario()));
    shared
}

/// What must never show: the token, the recipient (with or without `+`), the text.
fn assert_no_secret(shared: &Shared) {
    let text = shared.text();
    for secret in [
        TOKEN,
        "Bearer",
        "16505551234",
        "Tap the button below",
        "See Dates",
        "Dates subject to change",
        "clickID",
    ] {
        assert!(!text.contains(secret), "{secret:?} in\n{text}");
    }
}

#[test]
fn a_send_is_a_span_with_the_number_the_message_id_the_attempt_and_the_time() {
    let server = GraphServer::start(&META_EXAMPLE, vec![Reply::seed_success()]);
    let client = client(&server);
    let shared = capture(|| async move {
        client.send(&META_EXAMPLE).await.unwrap();
    });
    let spans = shared.spans();
    assert_eq!(spans.len(), 1, "{spans:#?}");
    let span = &spans[0];
    assert_eq!(span.name, "send");
    assert_eq!(span.field("phone_number_id"), Some(PHONE_NUMBER_ID));
    assert_eq!(span.field("message_id"), Some(SEED_WAMID));
    assert_eq!(span.field("attempt"), Some("1"));
    assert!(span.field("elapsed_ms").is_some(), "{span:?}");
    assert_eq!(span.field("error_code"), None);
    let events = shared.events();
    assert!(
        events
            .iter()
            .any(|event| event.field("message") == Some("accepted")
                && event.span.as_deref() == Some("send")),
        "{events:#?}"
    );
    assert_no_secret(&shared);
}

#[test]
fn a_retry_and_a_failure_are_told_by_their_code() {
    let server = GraphServer::start(
        &META_EXAMPLE,
        vec![
            Reply::graph_error(StatusCode::BAD_REQUEST, 131000),
            Reply::graph_error(StatusCode::BAD_REQUEST, 131026),
        ],
    );
    let client = client(&server);
    let shared = capture(|| async move {
        client.send(&META_EXAMPLE).await.unwrap_err();
    });
    let span = &shared.spans()[0];
    assert_eq!(span.field("attempt"), Some("2"));
    assert_eq!(span.field("error_code"), Some("131026"));
    assert_eq!(span.field("message_id"), None);
    let events = shared.events();
    let retry = events
        .iter()
        .find(|event| event.field("message") == Some("retrying"))
        .unwrap_or_else(|| panic!("{events:#?}"));
    assert_eq!(retry.field("error_code"), Some("131000"));
    assert_eq!(retry.field("attempt"), Some("1"));
    assert!(retry.field("delay_ms").is_some());
    let failed = events
        .iter()
        .find(|event| event.field("message") == Some("failed"))
        .unwrap_or_else(|| panic!("{events:#?}"));
    assert_eq!(failed.field("error_code"), Some("131026"));
    assert_eq!(failed.field("failure"), Some("graph"));
    assert_eq!(failed.field("http_status"), Some("400"));
    assert_eq!(failed.field("retryable"), Some("false"));
    assert_no_secret(&shared);
}

#[test]
fn an_answer_that_echoes_the_request_stays_out_of_the_events() {
    // A proxy's error page quoting the token, the recipient and the text.
    let page = format!(
        "<html>Bad gateway for Bearer {TOKEN}: to +16505551234, Tap the button below</html>"
    );
    let server = GraphServer::start(
        &META_EXAMPLE,
        vec![Reply::html(StatusCode::BAD_GATEWAY, &page)],
    );
    let client = client(&server);
    let shared = capture(|| async move {
        let error = client.send(&META_EXAMPLE).await.unwrap_err();
        // The error itself does quote the page (with the token masked): only the events
        // must not.
        assert!(error.to_string().contains("16505551234"));
    });
    let events = shared.events();
    let failed = events
        .iter()
        .find(|event| event.field("message") == Some("failed"))
        .unwrap_or_else(|| panic!("{events:#?}"));
    assert_eq!(failed.field("failure"), Some("unexpected_response"));
    assert_eq!(failed.field("http_status"), Some("502"));
    assert_no_secret(&shared);
}

#[test]
fn a_read_receipt_is_a_span_with_the_message_id_from_the_start() {
    let server = GraphServer::recording(vec![Reply::seed_success()]);
    let client = client(&server);
    let read: MessageId = "wamid.INBOUND".parse().unwrap();
    let from = PHONE_NUMBER_ID.parse().unwrap();
    let shared = capture(|| async move {
        client.mark_read_typing(&from, &read).await.unwrap();
    });
    let spans = shared.spans();
    assert_eq!(spans.len(), 1, "{spans:#?}");
    assert_eq!(spans[0].name, "mark_read");
    assert_eq!(spans[0].field("message_id"), Some("wamid.INBOUND"));
    assert_eq!(spans[0].field("phone_number_id"), Some(PHONE_NUMBER_ID));
    assert_eq!(spans[0].field("typing"), Some("true"));
    assert_eq!(spans[0].field("attempt"), Some("1"));
    assert_no_secret(&shared);
}

#[test]
fn the_secret_check_finds_a_secret() {
    // The check must be able to fail.
    let shared = Shared::default();
    shared.0.events.lock().unwrap().push(Captured {
        name: "leak".to_owned(),
        fields: HashMap::from([("to".to_owned(), "+16505551234".to_owned())]),
        span: None,
    });
    let result = std::panic::catch_unwind(|| assert_no_secret(&shared));
    assert!(result.is_err());
}
