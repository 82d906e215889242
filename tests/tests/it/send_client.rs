//! The `client` feature's `Client` against a loopback imitation of the Graph API.

#![allow(
    clippy::unreadable_literal,
    reason = "error codes are written as Meta writes them"
)]

use crate::common;
use crate::graph_server;

use std::fmt::Write as _;
use std::time::{Duration, Instant};

use axum::http::StatusCode;
use common::META_EXAMPLE;
use cta_core::cta_message;
use cta_core::send::{Client, ErrorCode, SendConfig, SendError};
use graph_server::{GraphServer, PHONE_NUMBER_ID, RULES_CODES, Reply, SEED_WAMID, TOKEN};

/// Retries in the tests: enough to count them, with a millisecond backoff unit.
const RETRIES: u32 = 2;
const TIMEOUT: Duration = Duration::from_millis(300);

fn client(server: &GraphServer) -> Client {
    let config = SendConfig::new(PHONE_NUMBER_ID, TOKEN)
        .unwrap()
        .with_base_url(server.base_url().parse().unwrap());
    Client::builder(config)
        .timeout(TIMEOUT)
        .max_retries(RETRIES)
        .backoff_unit(Duration::from_millis(1))
        .build()
        .unwrap()
}

#[tokio::test]
async fn sends_metas_example_and_reads_the_seed_response() {
    let server = GraphServer::start(&META_EXAMPLE, vec![Reply::seed_success()]);
    let sent = client(&server).send(&META_EXAMPLE).await.unwrap();
    assert_eq!(sent.message_id(), SEED_WAMID);
    assert_eq!(sent.contacts()[0].input(), "+16505551234");
    assert_eq!(sent.contacts()[0].wa_id(), Some("16505551234"));
    assert_eq!(server.requests(), 1);
    server.assert_requests_were_valid();
}

#[tokio::test]
async fn every_error_code_is_retried_exactly_as_configured_or_never() {
    for (number, code, retryable) in RULES_CODES {
        // A 400 for some, a 500 or a 200 for others: only the code may decide.
        let status = match number % 3 {
            0 => StatusCode::BAD_REQUEST,
            1 => StatusCode::INTERNAL_SERVER_ERROR,
            _ => StatusCode::OK,
        };
        let server = GraphServer::start(&META_EXAMPLE, vec![Reply::graph_error(status, number)]);
        let error = client(&server).send(&META_EXAMPLE).await.unwrap_err();
        assert_eq!(error.code(), Some(code), "code {number}");
        assert_eq!(error.is_retryable(), retryable, "code {number}");
        let graph = error.graph_error().unwrap();
        assert_eq!(
            graph.details(),
            Some(format!("details of {number}").as_str())
        );
        let expected_requests = if retryable { 1 + RETRIES as usize } else { 1 };
        assert_eq!(server.requests(), expected_requests, "code {number}");
        server.assert_requests_were_valid();
    }
}

#[tokio::test]
async fn an_unknown_code_is_never_retried_even_if_transient() {
    let body =
        r#"{"error":{"message":"new","type":"OAuthException","code":999999,"is_transient":true}}"#;
    let server = GraphServer::start(
        &META_EXAMPLE,
        vec![Reply::json(StatusCode::SERVICE_UNAVAILABLE, body)],
    );
    let error = client(&server).send(&META_EXAMPLE).await.unwrap_err();
    assert_eq!(error.code(), Some(ErrorCode::new(999999)));
    assert!(!error.is_retryable());
    assert_eq!(server.requests(), 1);
}

#[tokio::test]
async fn a_retry_that_succeeds_returns_the_message_id() {
    let server = GraphServer::start(
        &META_EXAMPLE,
        vec![
            Reply::graph_error(StatusCode::TOO_MANY_REQUESTS, 130429),
            Reply::graph_error(StatusCode::BAD_REQUEST, 131056),
            Reply::seed_success(),
        ],
    );
    let sent = client(&server).send(&META_EXAMPLE).await.unwrap();
    assert_eq!(sent.message_id(), SEED_WAMID);
    assert_eq!(server.requests(), 3);
    server.assert_requests_were_valid();
}

#[tokio::test]
async fn zero_retries_sends_once() {
    let server = GraphServer::start(
        &META_EXAMPLE,
        vec![Reply::graph_error(StatusCode::BAD_REQUEST, 131056)],
    );
    let config = SendConfig::new(PHONE_NUMBER_ID, TOKEN)
        .unwrap()
        .with_base_url(server.base_url().parse().unwrap());
    let client = Client::builder(config).max_retries(0).build().unwrap();
    let error = client.send(&META_EXAMPLE).await.unwrap_err();
    assert_eq!(error.code(), Some(ErrorCode::PAIR_RATE_LIMIT));
    assert_eq!(server.requests(), 1);
}

#[tokio::test]
async fn the_pair_rate_limit_backs_off_four_to_the_n_units() {
    let server = GraphServer::start(
        &META_EXAMPLE,
        vec![Reply::graph_error(StatusCode::BAD_REQUEST, 131056)],
    );
    let config = SendConfig::new(PHONE_NUMBER_ID, TOKEN)
        .unwrap()
        .with_base_url(server.base_url().parse().unwrap());
    let unit = Duration::from_millis(10);
    let client = Client::builder(config)
        .max_retries(2)
        .backoff_unit(unit)
        .build()
        .unwrap();
    let started = Instant::now();
    client.send(&META_EXAMPLE).await.unwrap_err();
    // 4^0 + 4^1 units of waiting; 2^0 + 2^1 would be 30 ms.
    assert!(started.elapsed() >= unit * 5, "{:?}", started.elapsed());
    assert_eq!(server.requests(), 3);
}

#[tokio::test]
async fn an_html_500_is_an_unexpected_response_with_an_excerpt() {
    let html = "<html><body><h1>500 Internal Server Error</h1></body></html>";
    let server = GraphServer::start(
        &META_EXAMPLE,
        vec![Reply::html(StatusCode::INTERNAL_SERVER_ERROR, html)],
    );
    let error = client(&server).send(&META_EXAMPLE).await.unwrap_err();
    match &error {
        SendError::UnexpectedResponse {
            status,
            excerpt,
            bytes_read,
            truncated,
            ..
        } => {
            assert_eq!(*status, StatusCode::INTERNAL_SERVER_ERROR);
            assert_eq!(excerpt, html);
            assert_eq!(*bytes_read, html.len());
            assert!(!truncated);
        }
        other => panic!("expected an unexpected response, got {other:?}"),
    }
    assert!(!error.is_retryable());
    assert!(error.to_string().contains("500"));
    assert_eq!(server.requests(), 1);
}

#[tokio::test]
async fn a_truncated_json_body_is_an_unexpected_response() {
    let cut = &graph_server::SEED_RESPONSE[..60];
    let server = GraphServer::start(&META_EXAMPLE, vec![Reply::json(StatusCode::OK, cut)]);
    let error = client(&server).send(&META_EXAMPLE).await.unwrap_err();
    match &error {
        SendError::UnexpectedResponse {
            status,
            reason,
            excerpt,
            ..
        } => {
            assert_eq!(*status, StatusCode::OK);
            assert!(reason.contains("not JSON"), "{reason}");
            assert_eq!(excerpt, cut);
        }
        other => panic!("expected an unexpected response, got {other:?}"),
    }
    assert_eq!(server.requests(), 1);
}

#[tokio::test]
async fn a_transfer_cut_short_is_a_transport_error_and_not_retried() {
    let full = graph_server::SEED_RESPONSE.as_bytes();
    let server = GraphServer::start(
        &META_EXAMPLE,
        vec![Reply::CutShort {
            declared_len: full.len(),
            sent: full[..40].to_vec(),
        }],
    );
    // The server closes the connection only once hyper's check of the declared length has
    // panicked and unwound, which can take longer than `TIMEOUT` on a busy machine: this test is
    // about the cut, not the timeout, so it waits longer.
    let config = SendConfig::new(PHONE_NUMBER_ID, TOKEN)
        .unwrap()
        .with_base_url(server.base_url().parse().unwrap());
    let patient = Client::builder(config)
        .timeout(Duration::from_secs(30))
        .max_retries(RETRIES)
        .build()
        .unwrap();
    let error = patient.send(&META_EXAMPLE).await.unwrap_err();
    assert!(
        matches!(error, SendError::Transport(_)),
        "expected a transport error, got {error:?}"
    );
    assert!(!error.is_retryable());
    assert_eq!(server.requests(), 1);
}

#[tokio::test]
async fn an_answer_slower_than_the_timeout_times_out_and_is_not_retried() {
    let server = GraphServer::start(
        &META_EXAMPLE,
        vec![Reply::Slow {
            delay: TIMEOUT * 5,
            reply: Box::new(Reply::seed_success()),
        }],
    );
    let started = Instant::now();
    let error = client(&server).send(&META_EXAMPLE).await.unwrap_err();
    assert!(started.elapsed() < TIMEOUT * 5, "{:?}", started.elapsed());
    match error {
        SendError::Timeout { after } => assert_eq!(after, TIMEOUT),
        other => panic!("expected a timeout, got {other:?}"),
    }
    assert_eq!(server.requests(), 1);
}

#[tokio::test]
async fn a_refused_connection_is_a_transport_error() {
    // Bind then drop a listener: the port is free, and nothing answers on it.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let config = SendConfig::new(PHONE_NUMBER_ID, TOKEN)
        .unwrap()
        .with_base_url(format!("http://127.0.0.1:{port}").parse().unwrap());
    let error = Client::new(config)
        .unwrap()
        .send(&META_EXAMPLE)
        .await
        .unwrap_err();
    assert!(matches!(error, SendError::Transport(_)), "{error:?}");
}

#[tokio::test]
async fn an_oversized_answer_is_refused_without_reading_it_all() {
    let huge = "x".repeat(cta_core::send::MAX_RESPONSE_BYTES + 1);
    let server = GraphServer::start(&META_EXAMPLE, vec![Reply::json(StatusCode::OK, &huge)]);
    let error = client(&server).send(&META_EXAMPLE).await.unwrap_err();
    let SendError::UnexpectedResponse {
        reason,
        excerpt,
        bytes_read,
        truncated,
        ..
    } = &error
    else {
        panic!("{error:?}")
    };
    assert!(reason.contains("larger than"), "{reason}");
    assert!(excerpt.len() <= cta_core::send::EXCERPT_LIMIT);
    // What was read, up to the cap, not the body's length, which is not known.
    assert_eq!(*bytes_read, cta_core::send::MAX_RESPONSE_BYTES);
    assert!(truncated);
    let shown = error.to_string();
    assert!(
        shown.contains(&format!(
            "more than {} bytes, read no further",
            cta_core::send::MAX_RESPONSE_BYTES
        )),
        "{shown}"
    );
}

#[tokio::test]
async fn the_backoff_is_capped() {
    // 4^n units of one second would wait 1 + 4 seconds; the cap makes each wait 5 ms.
    let server = GraphServer::start(
        &META_EXAMPLE,
        vec![
            Reply::graph_error(StatusCode::BAD_REQUEST, 131056),
            Reply::graph_error(StatusCode::BAD_REQUEST, 131056),
            Reply::seed_success(),
        ],
    );
    let config = SendConfig::new(PHONE_NUMBER_ID, TOKEN)
        .unwrap()
        .with_base_url(server.base_url().parse().unwrap());
    let client = Client::builder(config)
        .timeout(TIMEOUT)
        .max_retries(RETRIES)
        .backoff_unit(Duration::from_secs(1))
        .max_backoff(Duration::from_millis(5))
        .build()
        .unwrap();
    let started = Instant::now();
    client.send(&META_EXAMPLE).await.unwrap();
    assert!(
        started.elapsed() < Duration::from_secs(1),
        "{:?}",
        started.elapsed()
    );
}

#[tokio::test]
async fn no_error_of_the_client_shows_the_token() {
    let echoing_proxy = format!("<html>Bad gateway for Authorization: Bearer {TOKEN}</html>");
    let replies = [
        Reply::graph_error(StatusCode::UNAUTHORIZED, 190),
        Reply::html(StatusCode::BAD_GATEWAY, &echoing_proxy),
        Reply::Slow {
            delay: TIMEOUT * 5,
            reply: Box::new(Reply::seed_success()),
        },
        Reply::CutShort {
            declared_len: 100,
            sent: b"{".to_vec(),
        },
    ];
    for reply in replies {
        let server = GraphServer::start(&META_EXAMPLE, vec![reply]);
        let client = client(&server);
        assert!(!format!("{client:?}").contains(TOKEN));
        let error = client.send(&META_EXAMPLE).await.unwrap_err();
        let mut shown = format!("{error} {error:?}");
        let mut source = std::error::Error::source(&error);
        while let Some(cause) = source {
            write!(shown, " {cause} {cause:?}").unwrap();
            source = cause.source();
        }
        assert!(!shown.contains(TOKEN), "{shown}");
        assert!(!shown.contains("EAAG"), "{shown}");
    }
}

#[tokio::test]
async fn the_server_notices_a_request_the_graph_api_would_not_expect() {
    // The checks of the other tests can fail: a path without the version and another message
    // are both reported.
    let server = GraphServer::start(&META_EXAMPLE, vec![Reply::seed_success()]);
    let config = SendConfig::new(PHONE_NUMBER_ID, TOKEN)
        .unwrap()
        .with_base_url(server.base_url().parse().unwrap())
        .without_api_version();
    let other = cta_message! {
        to: "+16505551234",
        body: "Another body",
        button: "See Dates",
        url: "https://www.luckyshrub.com",
    };
    Client::new(config).unwrap().send(&other).await.unwrap();
    let problems = server.problems();
    assert!(
        problems.iter().any(|p| p.starts_with("path")),
        "{problems:?}"
    );
    assert!(
        problems.iter().any(|p| p.starts_with("body")),
        "{problems:?}"
    );
}
