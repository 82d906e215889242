//! One client, several business numbers: sending from any of them, and marking received
//! messages read (with the typing indicator or without), against the loopback Graph stand-in.

#![allow(
    clippy::unreadable_literal,
    reason = "error codes are written as Meta writes them"
)]

use crate::common;
use crate::graph_server;

use std::time::Duration;

use axum::http::StatusCode;
use common::META_EXAMPLE;
use cta_core::MessageId;
use cta_core::send::{Client, ErrorCode, PhoneNumberId, ReadReceipt, SendConfig, SendError};
use graph_server::{
    GraphServer, OTHER_PHONE_NUMBER_ID, PHONE_NUMBER_ID, RULES_CODES, ReadRequest, Reply,
    SEED_WAMID, TOKEN,
};

const RETRIES: u32 = 2;
const INBOUND_WAMID: &str = "wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQzQTRBNjU5OUFFRTAzODEwMTQ0RgA=";

fn config(server: &GraphServer) -> SendConfig {
    SendConfig::new(PHONE_NUMBER_ID, TOKEN)
        .unwrap()
        .with_base_url(server.base_url().parse().unwrap())
}

fn client(server: &GraphServer) -> Client {
    Client::builder(config(server))
        .timeout(Duration::from_secs(5))
        .max_retries(RETRIES)
        .backoff_unit(Duration::from_millis(1))
        .build()
        .unwrap()
}

fn number(id: &str) -> PhoneNumberId {
    id.parse().unwrap()
}

fn inbound_id() -> MessageId {
    INBOUND_WAMID.parse().unwrap()
}

#[test]
fn request_from_puts_the_number_in_the_path_and_nothing_else_changes() {
    let config = SendConfig::new(PHONE_NUMBER_ID, TOKEN).unwrap();
    let own = config.request(&META_EXAMPLE).unwrap();
    let other = config
        .request_from(&number(OTHER_PHONE_NUMBER_ID), &META_EXAMPLE)
        .unwrap();
    assert_eq!(
        own.uri(),
        "https://graph.facebook.com/v25.0/106540352242922/messages"
    );
    assert_eq!(
        other.uri(),
        "https://graph.facebook.com/v25.0/109876543210987/messages"
    );
    assert_eq!(own.body(), other.body());
    assert_eq!(own.headers(), other.headers());
    assert_eq!(own.method(), other.method());
    assert_eq!(
        config.messages_url_from(&number(OTHER_PHONE_NUMBER_ID)),
        "https://graph.facebook.com/v25.0/109876543210987/messages"
    );
    let unversioned = config.without_api_version();
    assert_eq!(
        unversioned.messages_url_from(&number(OTHER_PHONE_NUMBER_ID)),
        "https://graph.facebook.com/109876543210987/messages"
    );
}

#[test]
fn the_read_receipt_bodies_are_byte_exact() {
    let config = SendConfig::new(PHONE_NUMBER_ID, TOKEN).unwrap();
    let from = number(OTHER_PHONE_NUMBER_ID);
    let read = config
        .mark_read_request(&from, &inbound_id(), false)
        .unwrap();
    assert_eq!(
        std::str::from_utf8(read.body()).unwrap(),
        r#"{"messaging_product":"whatsapp","status":"read","message_id":"wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQzQTRBNjU5OUFFRTAzODEwMTQ0RgA="}"#
    );
    let typing = config
        .mark_read_request(&from, &inbound_id(), true)
        .unwrap();
    assert_eq!(
        std::str::from_utf8(typing.body()).unwrap(),
        r#"{"messaging_product":"whatsapp","status":"read","message_id":"wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQzQTRBNjU5OUFFRTAzODEwMTQ0RgA=","typing_indicator":{"type":"text"}}"#
    );
    for request in [&read, &typing] {
        assert_eq!(request.method(), "POST");
        assert_eq!(
            request.uri(),
            "https://graph.facebook.com/v25.0/109876543210987/messages"
        );
        assert_eq!(request.headers()["content-type"], "application/json");
        assert_eq!(
            request.headers()["authorization"],
            format!("Bearer {TOKEN}").as_str()
        );
        assert!(request.headers()["authorization"].is_sensitive());
        assert!(!format!("{request:?}").contains(TOKEN));
    }
}

#[test]
fn a_message_id_is_escaped_as_json() {
    let config = SendConfig::new(PHONE_NUMBER_ID, TOKEN).unwrap();
    let odd: MessageId = "wamid.\"quoted\"\\é/<>".parse().unwrap();
    let request = config
        .mark_read_request(config.phone_number_id(), &odd, false)
        .unwrap();
    let value: serde_json::Value = serde_json::from_slice(request.body()).unwrap();
    assert_eq!(value["message_id"], odd.as_str());
    assert_eq!(
        value,
        serde_json::json!({"messaging_product": "whatsapp", "status": "read", "message_id": odd.as_str()})
    );
}

#[test]
fn a_read_receipt_answer_is_success_true_or_an_error() {
    let config = SendConfig::new(PHONE_NUMBER_ID, TOKEN).unwrap();
    assert_eq!(
        config
            .parse_read_receipt(StatusCode::OK, br#"{"success":true}"#)
            .unwrap(),
        ReadReceipt::default()
    );
    // Fields Meta may add are ignored.
    assert!(
        config
            .parse_read_receipt(StatusCode::OK, br#"{"success":true,"new":1}"#)
            .is_ok()
    );
    for body in [
        &br#"{"success":false}"#[..],
        br"{}",
        br#"{"success":"true"}"#,
        br"[true]",
        b"<html>OK</html>",
    ] {
        let error = config.parse_read_receipt(StatusCode::OK, body).unwrap_err();
        assert!(
            matches!(error, SendError::UnexpectedResponse { .. }),
            "{}: {error:?}",
            String::from_utf8_lossy(body)
        );
        assert!(!error.is_retryable());
    }
    // A success body under an error status is not a success.
    let error = config
        .parse_read_receipt(StatusCode::BAD_GATEWAY, br#"{"success":true}"#)
        .unwrap_err();
    assert!(matches!(error, SendError::UnexpectedResponse { .. }));
    // Graph errors keep their code and verdict, and never the token.
    let body = format!(
        r#"{{"error":{{"message":"Invalid token {TOKEN}","type":"OAuthException","code":190}}}}"#
    );
    let error = config
        .parse_read_receipt(StatusCode::UNAUTHORIZED, body.as_bytes())
        .unwrap_err();
    assert_eq!(error.code(), Some(ErrorCode::ACCESS_TOKEN_INVALID));
    assert!(!error.is_retryable());
    assert!(!error.to_string().contains(TOKEN));
    assert!(!format!("{error:?}").contains(TOKEN));
}

#[tokio::test]
async fn one_client_sends_from_either_number() {
    let server = GraphServer::start(&META_EXAMPLE, vec![Reply::seed_success()]);
    let client = client(&server);
    let other = number(OTHER_PHONE_NUMBER_ID);
    let sent = client.send_from(&other, &META_EXAMPLE).await.unwrap();
    assert_eq!(sent.message_id(), SEED_WAMID);
    client.send(&META_EXAMPLE).await.unwrap();
    let clone = client.clone();
    clone.send_from(&other, &META_EXAMPLE).await.unwrap();
    assert_eq!(
        server.numbers(),
        [
            OTHER_PHONE_NUMBER_ID,
            PHONE_NUMBER_ID,
            OTHER_PHONE_NUMBER_ID
        ]
    );
    assert_eq!(server.requests(), 3);
    server.assert_requests_were_valid();
}

#[tokio::test]
async fn mark_read_and_mark_read_typing_reach_the_number_that_received_the_message() {
    let server = GraphServer::recording(vec![Reply::seed_success()]);
    let client = client(&server);
    let other = number(OTHER_PHONE_NUMBER_ID);
    let receipt = client.mark_read(&other, &inbound_id()).await.unwrap();
    assert_eq!(receipt, ReadReceipt::default());
    client
        .mark_read_typing(&number(PHONE_NUMBER_ID), &inbound_id())
        .await
        .unwrap();
    assert_eq!(
        server.reads(),
        [
            ReadRequest {
                number: OTHER_PHONE_NUMBER_ID.to_owned(),
                message_id: INBOUND_WAMID.to_owned(),
                typing: false,
            },
            ReadRequest {
                number: PHONE_NUMBER_ID.to_owned(),
                message_id: INBOUND_WAMID.to_owned(),
                typing: true,
            },
        ]
    );
    // No message was sent.
    assert_eq!(server.requests(), 0);
    server.assert_requests_were_valid();
}

#[tokio::test]
async fn a_read_receipt_is_retried_exactly_as_a_send_is() {
    for (code_number, code, retryable) in RULES_CODES {
        let server = GraphServer::recording(vec![Reply::seed_success()]);
        server.answer_reads_with(vec![Reply::graph_error(
            StatusCode::BAD_REQUEST,
            code_number,
        )]);
        let error = client(&server)
            .mark_read_typing(&number(PHONE_NUMBER_ID), &inbound_id())
            .await
            .unwrap_err();
        assert_eq!(error.code(), Some(code), "code {code_number}");
        assert_eq!(error.is_retryable(), retryable, "code {code_number}");
        let expected = if retryable { 1 + RETRIES as usize } else { 1 };
        assert_eq!(server.reads().len(), expected, "code {code_number}");
        server.assert_requests_were_valid();
    }
}

#[tokio::test]
async fn a_read_receipt_retried_after_a_temporary_error_succeeds() {
    let server = GraphServer::recording(vec![Reply::seed_success()]);
    server.answer_reads_with(vec![
        Reply::graph_error(StatusCode::SERVICE_UNAVAILABLE, 131000),
        Reply::read_success(),
    ]);
    let receipt = client(&server)
        .mark_read(&number(PHONE_NUMBER_ID), &inbound_id())
        .await;
    assert!(receipt.is_ok(), "{receipt:?}");
    assert_eq!(server.reads().len(), 2);
}

#[tokio::test]
async fn success_false_is_an_error_and_not_retried() {
    let server = GraphServer::recording(vec![Reply::seed_success()]);
    server.answer_reads_with(vec![Reply::json(StatusCode::OK, r#"{"success":false}"#)]);
    let error = client(&server)
        .mark_read(&number(PHONE_NUMBER_ID), &inbound_id())
        .await
        .unwrap_err();
    match &error {
        SendError::UnexpectedResponse { reason, .. } => {
            assert!(reason.contains("success"), "{reason}");
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(server.reads().len(), 1);
}

#[test]
fn the_stand_in_refuses_a_read_receipt_of_another_shape() {
    use std::io::{Read, Write};

    // The stand-in's check must be able to fail: a body with the keys in another order, sent
    // by hand since no `Client` would send it.
    let server = GraphServer::recording(vec![Reply::seed_success()]);
    let body = format!(
        r#"{{"status":"read","messaging_product":"whatsapp","message_id":"{INBOUND_WAMID}"}}"#
    );
    let mut stream =
        std::net::TcpStream::connect(server.base_url().trim_start_matches("http://")).unwrap();
    write!(
        stream,
        "POST /v25.0/{PHONE_NUMBER_ID}/messages HTTP/1.1\r\nHost: 127.0.0.1\r\n\
         Authorization: Bearer {TOKEN}\r\nContent-Type: application/json\r\n\
         Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )
    .unwrap();
    let mut answer = String::new();
    stream.read_to_string(&mut answer).unwrap();
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    let problems = server.problems();
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert!(problems[0].starts_with("read receipt "), "{problems:?}");
    assert!(server.reads().is_empty());
}
