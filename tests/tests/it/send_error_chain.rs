//! Every error of `cta_core::send` prints each cause once when an error reporter (anyhow, eyre,
//! `std::error::Report`) walks its chain: the `Display` of the error, then of each `source()`.

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
use cta_core::send::{
    ApiVersion, BaseUrl, Client, ConfigError, PhoneNumberId, RequestError, SendConfig, SendError,
    parse_response,
};
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
    // The message holds the cause, so the cause is not also a source.
    assert!(error.to_string().contains(&http_error().to_string()));
    assert!(error.source().is_none());

    // `SendError::Request` is transparent: the same text, the same (absent) source.
    let send = SendError::from(RequestError::Http(http_error()));
    assert_no_text_repeats(&send);
    assert_eq!(send.to_string(), error.to_string());
    assert!(send.source().is_none());
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
