//! Every public error type of cta-core (and of cta-rules, which it re-exports) and of cta-axum
//! prints each cause once when an error reporter (anyhow, eyre, `std::error::Report`) walks its
//! chain: the `Display` of the error, then of each `source()`. One policy, thiserror's: an error's message
//! includes its cause and `source()` skips the cause, or the error is transparent (the inner
//! error's message, the inner error's source).
//!
//! [`every_public_error_type_is_checked_here`] reads the sources for `impl … Error for` and
//! fails when a type is added without a check below.

#![allow(
    clippy::unreadable_literal,
    reason = "error codes are written as Meta writes them"
)]

use crate::common;
use crate::graph_server;

use std::error::Error;
use std::fmt;
use std::time::Duration;

use axum::http::StatusCode;
use common::META_EXAMPLE;
use cta_core::rules::{self, Field};
use cta_core::send::{
    ApiVersion, BaseUrl, Client, ConfigError, PhoneNumberId, RequestError, SendConfig, SendError,
    parse_response,
};
use cta_core::webhook::{
    AppSecret, HandshakeError, Notification, ParseError, SIGNATURE_HEADER, SignatureError,
    VerifyToken, WebhookError, handshake, receive,
};
use cta_core::{BodyText, ButtonUrl, MessageBuilder, cta_template};
use graph_server::{GraphServer, PHONE_NUMBER_ID, Reply, SEED_RESPONSE, TOKEN};

/// The chain as anyhow renders it: the error's `Display`, then each `source()`'s in turn.
fn chain(error: &(dyn Error + 'static)) -> Vec<String> {
    let mut shown = vec![error.to_string()];
    let mut source = error.source();
    while let Some(cause) = source {
        shown.push(cause.to_string());
        source = cause.source();
    }
    shown
}

/// Fails when a message of the chain holds another one, or is empty.
fn assert_no_text_repeats(error: &(dyn Error + 'static)) {
    let shown = chain(error);
    for (i, upper) in shown.iter().enumerate() {
        assert!(!upper.trim().is_empty(), "an empty message in {shown:#?}");
        for lower in &shown[i + 1..] {
            assert!(
                !upper.contains(lower.as_str()) && !lower.contains(upper.as_str()),
                "{lower:?} repeats {upper:?} in the chain {shown:#?}"
            );
        }
    }
}

/// An error that breaks the rule: it prints its cause and returns it from `source()` as well.
#[derive(Debug)]
struct PrintsItsCauseTwice(std::io::Error);

impl fmt::Display for PrintsItsCauseTwice {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "wrapper: {}", self.0)
    }
}

impl Error for PrintsItsCauseTwice {
    fn source(&self) -> Option<&(dyn Error + 'static)> {
        Some(&self.0)
    }
}

#[test]
#[should_panic(expected = "repeats")]
fn the_check_catches_a_cause_printed_twice() {
    assert_no_text_repeats(&PrintsItsCauseTwice(std::io::Error::other("disk full")));
}

fn config() -> SendConfig {
    SendConfig::new(PHONE_NUMBER_ID, TOKEN).unwrap()
}

fn http_error() -> http::Error {
    http::Request::builder()
        .uri("http://exa mple.com")
        .body(())
        .unwrap_err()
}

#[test]
fn a_request_error_prints_its_cause_once() {
    let error = RequestError::Http(http_error());
    assert_no_text_repeats(&error);
    // The message holds the cause, so the chain goes on with the cause's own source.
    assert!(error.to_string().contains(&http_error().to_string()));
    assert_eq!(chain(&error)[1..], chain(&http_error())[1..]);

    // `SendError::Request` is transparent: the same text, the same source.
    let send = SendError::from(RequestError::Http(http_error()));
    assert_no_text_repeats(&send);
    assert_eq!(send.to_string(), error.to_string());
    assert_eq!(chain(&send), chain(&error));
}

#[test]
fn a_graph_error_prints_once() {
    let body = r#"{"error":{"message":"(#131009) Parameter value is not valid","type":"OAuthException",
        "code":131009,"error_data":{"details":"Button title length invalid"},"fbtrace_id":"AbC"}}"#;
    let error = config()
        .parse_response(StatusCode::BAD_REQUEST, body.as_bytes())
        .unwrap_err();
    assert_no_text_repeats(&error);
    assert_eq!(chain(&error).len(), 1, "{:#?}", chain(&error));
    let graph = error.graph_error().unwrap();
    assert!(error.to_string().contains(&graph.to_string()));
    assert_no_text_repeats(graph);
}

#[test]
fn unexpected_answers_timeouts_and_config_errors_print_once() {
    let errors: Vec<Box<dyn Error>> = vec![
        Box::new(parse_response(StatusCode::BAD_GATEWAY, b"<html>Bad gateway</html>").unwrap_err()),
        Box::new(parse_response(StatusCode::OK, b"{\"messages\":[]}").unwrap_err()),
        Box::new(
            parse_response(StatusCode::INTERNAL_SERVER_ERROR, SEED_RESPONSE.as_bytes())
                .unwrap_err(),
        ),
        Box::new(SendError::Timeout {
            after: Duration::from_secs(30),
        }),
        Box::new("12a".parse::<PhoneNumberId>().unwrap_err()),
        Box::new("latest".parse::<ApiVersion>().unwrap_err()),
        Box::new("ftp://x.com".parse::<BaseUrl>().unwrap_err()),
        Box::new(ConfigError::AccessToken {
            problem: "it is blank",
        }),
        Box::new(cta_core::send::Throughput::per_second(0).unwrap_err()),
        Box::new(
            SendConfig::new("106540352242922", "EAAG-secret")
                .unwrap()
                .parse_read_receipt(StatusCode::OK, br#"{"success":false}"#)
                .unwrap_err(),
        ),
    ];
    for error in &errors {
        assert_no_text_repeats(error.as_ref());
    }
}

#[tokio::test]
async fn transport_errors_print_each_cause_of_the_http_client_once() {
    // A refused connection: reqwest's chain goes down to the `io::Error`.
    let port = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.local_addr().unwrap().port()
    };
    let refusing = config().with_base_url(format!("http://127.0.0.1:{port}").parse().unwrap());
    let refused = Client::new(refusing)
        .unwrap()
        .send(&META_EXAMPLE)
        .await
        .unwrap_err();
    assert!(matches!(refused, SendError::Transport(_)), "{refused:?}");

    // A body cut short mid-transfer.
    let full = SEED_RESPONSE.as_bytes();
    let server = GraphServer::start(
        &META_EXAMPLE,
        vec![Reply::CutShort {
            declared_len: full.len(),
            sent: full[..40].to_vec(),
        }],
    );
    let config = config().with_base_url(server.base_url().parse().unwrap());
    let cut = Client::new(config)
        .unwrap()
        .send(&META_EXAMPLE)
        .await
        .unwrap_err();
    assert!(matches!(cut, SendError::Transport(_)), "{cut:?}");

    for error in [refused, cut] {
        assert_no_text_repeats(&error);
        // Transparent: the HTTP client's own error shows, and its causes follow.
        let SendError::Transport(inner) = &error else {
            unreachable!()
        };
        assert_eq!(error.to_string(), inner.to_string());
        assert_eq!(chain(&error)[1..], chain(inner.as_ref())[1..]);
        assert!(chain(&error).len() > 1, "{:#?}", chain(&error));
    }
}

// ---- every other error of cta-core ----

/// Every error type of cta-core, with where its chain is checked: the types named in an
/// `impl … Error for` of the sources must be exactly these.
const CHECKED: &[&str] = &[
    // cta-rules, re-exported as `cta_core::rules`.
    "RuleError",
    // cta-core's messages and templates.
    "BuildError",
    "TemplateError",
    "ApprovedError",
    // `send`; `ClientError` cannot be made from outside (its setup does not fail here), so its
    // chain is checked by a unit test of `cta-core/src/send/client.rs`.
    "ConfigError",
    "RequestError",
    "GraphError",
    "SendError",
    "ClientError",
    "ThroughputError",
    // `webhook`.
    "WebhookError",
    "SignatureError",
    "ParseError",
    "ItemError",
    "HandshakeError",
    "SecretError",
    "ReplyError",
    // cta-axum; `RedisCause` is `StoreError`'s private cause, checked through it.
    "StoreError",
    "RedisCause",
    "NotificationRejection",
    "WaitTimeout",
];

/// The names of the types given an `std::error::Error` impl in the Rust files under `dir`.
fn error_types_under(dir: &std::path::Path, found: &mut Vec<String>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            error_types_under(&path, found);
        } else if path.extension().is_some_and(|extension| extension == "rs") {
            let text = std::fs::read_to_string(&path).unwrap();
            for line in text.lines().map(str::trim_start) {
                let Some(rest) = line
                    .strip_prefix("impl std::error::Error for ")
                    .or_else(|| line.strip_prefix("impl Error for "))
                    .or_else(|| line.strip_prefix("impl core::error::Error for "))
                    .or_else(|| line.strip_prefix("impl StdError for "))
                else {
                    continue;
                };
                let name: String = rest
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_')
                    .collect();
                found.push(name);
            }
        }
    }
}

#[test]
fn every_public_error_type_is_checked_here() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut found = Vec::new();
    error_types_under(&root.join("cta-core/src"), &mut found);
    error_types_under(&root.join("cta-rules/src"), &mut found);
    error_types_under(&root.join("cta-axum/src"), &mut found);
    found.sort();
    found.dedup();
    let mut checked: Vec<String> = CHECKED.iter().map(|name| (*name).to_owned()).collect();
    checked.sort();
    assert_eq!(
        found, checked,
        "add a check of the new error type's chain to this file"
    );
}

#[test]
fn rule_build_and_template_errors_print_once() {
    cta_template! {
        struct Greeting {
            header: text("Hello {name}!"),
            body: "Your table is ready, {name}.",
            button: "Open menu",
            url: "https://example.com/menu/{name}",
        }
    }
    let mut errors: Vec<Box<dyn Error>> = vec![
        Box::new(BodyText::new("").unwrap_err()),
        Box::new(BodyText::new("x".repeat(1025)).unwrap_err()),
        Box::new(ButtonUrl::new("ftp://example.com").unwrap_err()),
        Box::new(ButtonUrl::new("https://exa mple.com").unwrap_err()),
        Box::new(rules::check(Field::ButtonLabel, "two\nlines").unwrap_err()),
        Box::new(rules::check(Field::Recipient, "12").unwrap_err()),
        Box::new(
            MessageBuilder::new()
                .to("12")
                .body("")
                .button("x".repeat(21))
                .build()
                .unwrap_err(),
        ),
    ];
    for name in [&*"n".repeat(60), "a\nb", "."] {
        errors.push(Box::new(Greeting { name }.render().unwrap_err()));
    }
    cta_core::approved_template! {
        struct Delivery = "delivery_window" in "en_US";
    }
    for (customer, url_1) in [("a\tb", "x"), ("a", ".."), ("a", &*"y".repeat(2000))] {
        let values = Delivery {
            customer,
            parcel_id: "P-77",
            day: "Friday",
            url_1,
        };
        errors.push(Box::new(values.render().unwrap_err()));
    }
    for error in &errors {
        assert_no_text_repeats(error.as_ref());
    }
}

fn app_secret() -> AppSecret {
    AppSecret::new("test-app-secret").unwrap()
}

fn signed(signature: &str) -> axum::http::HeaderMap {
    let mut headers = axum::http::HeaderMap::new();
    headers.insert(SIGNATURE_HEADER, signature.parse().unwrap());
    headers
}

#[test]
fn webhook_errors_print_once() {
    let body = br#"{"object":"whatsapp_business_account","entry":[]}"#;
    // The example of the issue: a signature that is not 64 hex digits, once wrapped.
    let short = receive(&app_secret(), &signed("sha256=abc"), body).unwrap_err();
    assert!(matches!(
        short,
        WebhookError::Signature(SignatureError::WrongLength { digits: 3 })
    ));
    let unsigned = receive(&app_secret(), &axum::http::HeaderMap::new(), body).unwrap_err();
    let not_json = receive(
        &app_secret(),
        &signed(&app_secret().sign(b"not json")),
        b"not json",
    )
    .unwrap_err();
    assert!(matches!(
        not_json,
        WebhookError::Parse(ParseError::NotJson { .. })
    ));
    for wrapped in [&short, &unsigned, &not_json] {
        assert_no_text_repeats(wrapped);
        // Transparent: the inner error's text, and nothing more.
        assert_eq!(chain(wrapped).len(), 1, "{:#?}", chain(wrapped));
    }

    let token = VerifyToken::new("meatyhamhock").unwrap();
    let errors: Vec<Box<dyn Error>> = vec![
        Box::new(SignatureError::NotHex),
        Box::new(SignatureError::Mismatch),
        Box::new(Notification::parse(b"[]").unwrap_err()),
        Box::new(Notification::parse(b"{\"entry\":").unwrap_err()),
        Box::new(handshake("hub.mode=subscribe", &token).unwrap_err()),
        Box::new(
            handshake(
                "hub.mode=subscribe&hub.challenge=1&hub.verify_token=wrong",
                &token,
            )
            .unwrap_err(),
        ),
        Box::new(HandshakeError::NotGet),
        Box::new(AppSecret::new("").unwrap_err()),
        Box::new(VerifyToken::new(" ").unwrap_err()),
    ];
    for error in &errors {
        assert_no_text_repeats(error.as_ref());
    }
}

#[test]
fn item_and_reply_errors_print_once() {
    let body = br#"{"object":"whatsapp_business_account","entry":[{"id":"1","changes":[{"field":"messages","value":{
        "messages":[
            {"from":"16505551234","id":"wamid.A","timestamp":"oops","type":"text","text":{"body":"?"}},
            {"id":"wamid.B","timestamp":"1749416383","type":"text","text":{"body":"no sender"}},
            {"from":"12","id":"wamid.C","timestamp":"1749416383","type":"text","text":{"body":"short"}},
            {"from_user_id":"not a bsuid","id":"wamid.D","timestamp":"1749416383","type":"text","text":{"body":"?"}},
            {"from":"16505551234","id":"","timestamp":"1749416383","type":"text","text":{"body":"no id"}}
        ]}}]}]}"#;
    let notification = Notification::parse(body).unwrap();
    let mut messages = notification.messages();
    let item = messages.next().unwrap().unwrap_err();
    assert_no_text_repeats(item);
    let replies: Vec<_> = messages
        .map(|message| message.unwrap().reply_recipient().map(|_| ()))
        .collect();
    let id = notification
        .messages()
        .last()
        .unwrap()
        .unwrap()
        .message_id()
        .unwrap_err();
    let mut shown = 0;
    for error in replies
        .iter()
        .filter_map(|reply| reply.as_ref().err())
        .chain([&id])
    {
        assert_no_text_repeats(error);
        shown += 1;
    }
    // No address, a phone number too short, a user ID that is not a BSUID, an empty WAMID.
    assert_eq!(shown, 4, "{replies:#?}");
}

#[tokio::test]
async fn cta_axum_errors_print_once() {
    use axum::extract::FromRequest;
    use cta_axum::VerifiedNotification;
    use cta_axum::store::RedisStore;
    use cta_axum::testing::GraphApi;

    // Nothing listens on a port just freed: the store is unavailable, with the cause below.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let Err(unavailable) = RedisStore::connect(&format!("redis://127.0.0.1:{port}")).await else {
        panic!("no Redis server listens there");
    };
    assert!(unavailable.source().is_some(), "the cause is kept");
    assert_no_text_repeats(&unavailable);

    // A bad signature, through the extractor: transparent over the webhook error.
    let request = axum::http::Request::post("/webhook")
        .header(SIGNATURE_HEADER, "sha256=abc")
        .body(axum::body::Body::from("{}"))
        .unwrap();
    let Err(rejected) = VerifiedNotification::from_request(request, &app_secret()).await else {
        panic!("a bad signature is refused");
    };
    assert_no_text_repeats(&rejected);

    let graph = GraphApi::start().await.unwrap();
    let timeout = graph
        .wait_for_sent(1, std::time::Duration::from_millis(10))
        .await
        .unwrap_err();
    assert_no_text_repeats(&timeout);
}
