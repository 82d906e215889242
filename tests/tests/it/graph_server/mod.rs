//! A loopback imitation of the Graph API's `/messages` endpoint, for the send tests: messages
//! (CTA URL messages, or approved template messages) and read receipts (with the typing
//! indicator or without), from either of two business numbers.
//!
//! Built on axum: the client's reqwest already brings hyper and tokio, so axum adds little to
//! build, and a handler gives full control of each answer (status, raw bytes, a delay, a body
//! cut short mid-transfer), which a mock library such as wiremock makes awkward for the last
//! two. Each server binds its own free port on 127.0.0.1 and runs on its own thread, so that
//! both async client tests and blocking subprocess tests can use it.

// Each test file that includes this module uses only part of it.
#![allow(
    dead_code,
    reason = "each test crate uses a part of the stand-in server"
)]
#![allow(
    clippy::unreadable_literal,
    reason = "error codes are written as Meta writes them"
)]

use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::Router;
use axum::body::{Body, Bytes};
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, Uri, header};
use axum::response::Response;
use cta_core::send::ErrorCode;
use cta_core::{ApprovedMessage, CtaUrlMessage};
use tokio::sync::oneshot;

pub const PHONE_NUMBER_ID: &str = "106540352242922";
/// A second business number of the same account, which the same token may send from.
pub const OTHER_PHONE_NUMBER_ID: &str = "109876543210987";
pub const TOKEN: &str = "EAAG-test-token-never-printed";
pub const SEED_RESPONSE: &str = include_str!("../../../fixtures/meta-cta-url-response.json");
pub const SEED_WAMID: &str = "wamid.HBgLMTY0NjcwNDM1OTUVAgARGBI1RjQyNUE3NEYxMzAzMzQ5MkEA";

/// Every error code Meta documents for sending, with the retry verdict it calls for.
pub const RULES_CODES: [(i64, ErrorCode, bool); 26] = [
    (130429, ErrorCode::THROUGHPUT_LIMIT, true),
    (131056, ErrorCode::PAIR_RATE_LIMIT, true),
    (4, ErrorCode::APP_RATE_LIMIT, true),
    (80007, ErrorCode::BUSINESS_ACCOUNT_RATE_LIMIT, true),
    (131000, ErrorCode::SOMETHING_WENT_WRONG, true),
    (131016, ErrorCode::SERVICE_UNAVAILABLE, true),
    (2, ErrorCode::TEMPORARILY_UNAVAILABLE, true),
    (133004, ErrorCode::SERVER_TEMPORARILY_UNAVAILABLE, true),
    (131057, ErrorCode::ACCOUNT_IN_MAINTENANCE, true),
    (100, ErrorCode::INVALID_PARAMETER, false),
    (131008, ErrorCode::REQUIRED_PARAMETER_MISSING, false),
    (131009, ErrorCode::PARAMETER_VALUE_INVALID, false),
    (190, ErrorCode::ACCESS_TOKEN_INVALID, false),
    (131047, ErrorCode::REENGAGEMENT_MESSAGE, false),
    (131026, ErrorCode::MESSAGE_UNDELIVERABLE, false),
    (131053, ErrorCode::MEDIA_UPLOAD_ERROR, false),
    (133010, ErrorCode::PHONE_NUMBER_NOT_REGISTERED, false),
    (
        131062,
        ErrorCode::BUSINESS_SCOPED_USER_ID_NOT_SUPPORTED,
        false,
    ),
    (132000, ErrorCode::TEMPLATE_PARAMETER_COUNT_MISMATCH, false),
    (132001, ErrorCode::TEMPLATE_DOES_NOT_EXIST, false),
    (132005, ErrorCode::TEMPLATE_TEXT_TOO_LONG, false),
    (132007, ErrorCode::TEMPLATE_FORMAT_CHARACTER_POLICY, false),
    (132012, ErrorCode::TEMPLATE_PARAMETER_FORMAT_MISMATCH, false),
    (132015, ErrorCode::TEMPLATE_PAUSED, false),
    (132016, ErrorCode::TEMPLATE_DISABLED, false),
    (132018, ErrorCode::TEMPLATE_PARAMETER_VALUE_INVALID, false),
];

/// One answer of the server.
#[derive(Clone, Debug)]
pub enum Reply {
    /// A complete answer.
    Full {
        status: StatusCode,
        content_type: &'static str,
        body: Vec<u8>,
    },
    /// `reply` after `delay`.
    Slow { delay: Duration, reply: Box<Reply> },
    /// Announces `declared_len` bytes, sends `sent`, then drops the connection.
    CutShort { declared_len: usize, sent: Vec<u8> },
}

impl Reply {
    pub fn json(status: StatusCode, body: &str) -> Reply {
        Reply::Full {
            status,
            content_type: "application/json",
            body: body.as_bytes().to_vec(),
        }
    }

    /// Meta's example success: its answer to the example request (`meta-cta-url-response.json`).
    pub fn seed_success() -> Reply {
        Reply::json(StatusCode::OK, SEED_RESPONSE)
    }

    /// Meta's answer to a read receipt.
    pub fn read_success() -> Reply {
        Reply::json(StatusCode::OK, r#"{"success":true}"#)
    }

    /// A Graph API error envelope with `code`, under `status`.
    pub fn graph_error(status: StatusCode, code: i64) -> Reply {
        let body = format!(
            r#"{{"error":{{"message":"(#{code}) test error","type":"OAuthException","code":{code},"error_data":{{"messaging_product":"whatsapp","details":"details of {code}"}},"fbtrace_id":"AbCdEf123"}}}}"#
        );
        Reply::json(status, &body)
    }

    pub fn html(status: StatusCode, html: &str) -> Reply {
        Reply::Full {
            status,
            content_type: "text/html",
            body: html.as_bytes().to_vec(),
        }
    }
}

/// A read receipt the server received.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReadRequest {
    /// The business number it was sent from.
    pub number: String,
    /// The WAMID marked read.
    pub message_id: String,
    /// Whether it asked for the typing indicator.
    pub typing: bool,
}

/// The kind of message the server takes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    /// An interactive CTA URL message.
    CtaUrl,
    /// A message from an approved template (`"type":"template"`).
    Template,
}

/// What the server saw and what it still has to say.
struct Shared {
    /// The kind of message every message must be.
    kind: Kind,
    /// The body every message must have; `None` takes any valid message of `kind`.
    expected_body: Option<Vec<u8>>,
    /// Every message body, in order.
    bodies: Vec<Vec<u8>>,
    /// Answers to messages in order; the last one is repeated.
    replies: Vec<Reply>,
    /// How many messages came.
    requests: usize,
    /// Every well-formed read receipt, in order.
    reads: Vec<ReadRequest>,
    /// How many read receipts came, well-formed or not.
    read_requests: usize,
    /// Answers to read receipts in order; the last one is repeated.
    read_replies: Vec<Reply>,
    /// The business number of every request, messages and read receipts, in order.
    numbers: Vec<String>,
    /// Every way a request differed from what the Graph API expects.
    problems: Vec<String>,
}

pub struct GraphServer {
    base_url: String,
    shared: Arc<Mutex<Shared>>,
    shutdown: Option<oneshot::Sender<()>>,
}

impl GraphServer {
    /// Starts a server that expects `message` and gives `replies` in order.
    pub fn start(message: &CtaUrlMessage, replies: Vec<Reply>) -> GraphServer {
        GraphServer::serve(
            Kind::CtaUrl,
            Some(serde_json::to_vec(message).unwrap()),
            replies,
        )
    }

    /// Starts a server that expects the approved template message `message` (its body as
    /// serde writes it, which the test compares with `to_json_vec`) and gives `replies` in
    /// order.
    pub fn start_approved(message: &ApprovedMessage, replies: Vec<Reply>) -> GraphServer {
        GraphServer::serve(
            Kind::Template,
            Some(serde_json::to_vec(message).unwrap()),
            replies,
        )
    }

    /// Starts a server that takes any valid CTA URL message and keeps every body
    /// ([`bodies`](Self::bodies)), giving `replies` in order.
    pub fn recording(replies: Vec<Reply>) -> GraphServer {
        GraphServer::serve(Kind::CtaUrl, None, replies)
    }

    fn serve(kind: Kind, expected_body: Option<Vec<u8>>, replies: Vec<Reply>) -> GraphServer {
        assert!(!replies.is_empty());
        let shared = Arc::new(Mutex::new(Shared {
            kind,
            expected_body,
            bodies: Vec::new(),
            replies,
            requests: 0,
            reads: Vec::new(),
            read_requests: 0,
            read_replies: vec![Reply::read_success()],
            numbers: Vec::new(),
            problems: Vec::new(),
        }));
        // Bound here, before the thread starts, so the port accepts connections at once.
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.set_nonblocking(true).unwrap();
        let base_url = format!("http://{}", listener.local_addr().unwrap());
        let (shutdown, shutdown_received) = oneshot::channel::<()>();
        let app = Router::new().fallback(answer).with_state(shared.clone());
        std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .unwrap();
            runtime.block_on(async move {
                let listener = tokio::net::TcpListener::from_std(listener).unwrap();
                axum::serve(listener, app)
                    .with_graceful_shutdown(async {
                        let _ = shutdown_received.await;
                    })
                    .await
                    .unwrap();
            });
        });
        GraphServer {
            base_url,
            shared,
            shutdown: Some(shutdown),
        }
    }

    /// `http://127.0.0.1:PORT`.
    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    /// How many messages reached the server (read receipts are counted apart: [`reads`]).
    ///
    /// [`reads`]: Self::reads
    pub fn requests(&self) -> usize {
        self.shared.lock().unwrap().requests
    }

    /// Every message body so far, in order.
    pub fn bodies(&self) -> Vec<Vec<u8>> {
        self.shared.lock().unwrap().bodies.clone()
    }

    /// Every read receipt so far, in order.
    pub fn reads(&self) -> Vec<ReadRequest> {
        self.shared.lock().unwrap().reads.clone()
    }

    /// The business number of every request so far, messages and read receipts, in order.
    pub fn numbers(&self) -> Vec<String> {
        self.shared.lock().unwrap().numbers.clone()
    }

    /// Answers read receipts with `replies` in order (the last one repeated) instead of
    /// `{"success":true}`.
    pub fn answer_reads_with(&self, replies: Vec<Reply>) {
        assert!(!replies.is_empty());
        self.shared.lock().unwrap().read_replies = replies;
    }

    /// Every way the requests so far differed from what the Graph API expects.
    pub fn problems(&self) -> Vec<String> {
        self.shared.lock().unwrap().problems.clone()
    }

    /// Fails the test if any request was not what the Graph API expects.
    pub fn assert_requests_were_valid(&self) {
        let problems = self.problems();
        assert!(problems.is_empty(), "bad requests: {problems:#?}");
    }
}

impl Drop for GraphServer {
    fn drop(&mut self) {
        if let Some(shutdown) = self.shutdown.take() {
            let _ = shutdown.send(());
        }
    }
}

async fn answer(
    State(shared): State<Arc<Mutex<Shared>>>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let reply = {
        let mut shared = shared.lock().unwrap();
        let (number, mut problems) = check_envelope(&method, &uri, &headers);
        shared.numbers.push(number.clone());
        let reply = if is_read_receipt(&body) {
            match read_request(number, &body) {
                Ok(read) => shared.reads.push(read),
                Err(problem) => problems.push(problem),
            }
            let index = shared.read_requests.min(shared.read_replies.len() - 1);
            shared.read_requests += 1;
            shared.read_replies[index].clone()
        } else {
            problems.extend(check_message(
                shared.kind,
                shared.expected_body.as_deref(),
                &body,
            ));
            shared.bodies.push(body.to_vec());
            let index = shared.requests.min(shared.replies.len() - 1);
            shared.requests += 1;
            shared.replies[index].clone()
        };
        shared.problems.extend(problems);
        reply
    };
    respond(reply).await
}

/// A body with a `status` is a read receipt; anything else is taken for a message.
fn is_read_receipt(body: &[u8]) -> bool {
    serde_json::from_slice::<serde_json::Value>(body)
        .is_ok_and(|value| value.get("status").is_some())
}

/// The read receipt in `body`, if it is byte for byte one of the two bodies Meta documents:
/// `{"messaging_product":"whatsapp","status":"read","message_id":"<WAMID>"}`, with
/// `,"typing_indicator":{"type":"text"}` before the last brace for the typing indicator.
fn read_request(number: String, body: &[u8]) -> Result<ReadRequest, String> {
    let shown = String::from_utf8_lossy(body).into_owned();
    let value: serde_json::Value = serde_json::from_slice(body).unwrap();
    let message_id = value
        .get("message_id")
        .and_then(serde_json::Value::as_str)
        .filter(|id| !id.is_empty())
        .ok_or_else(|| format!("read receipt without a message_id: {shown}"))?
        .to_owned();
    let typing = value.get("typing_indicator").is_some();
    let mut expected = format!(
        r#"{{"messaging_product":"whatsapp","status":"read","message_id":{}"#,
        serde_json::to_string(&message_id).unwrap()
    );
    if typing {
        expected.push_str(r#","typing_indicator":{"type":"text"}"#);
    }
    expected.push('}');
    if shown != expected {
        return Err(format!("read receipt {shown}, expected {expected}"));
    }
    Ok(ReadRequest {
        number,
        message_id,
        typing,
    })
}

/// The business number of the path, and everything in the method, path and headers that
/// differs from the request the Graph API documents.
fn check_envelope(method: &Method, uri: &Uri, headers: &HeaderMap) -> (String, Vec<String>) {
    let mut problems = Vec::new();
    if method != Method::POST {
        problems.push(format!("method {method}, expected POST"));
    }
    let number = uri
        .path()
        .strip_prefix("/v25.0/")
        .and_then(|rest| rest.strip_suffix("/messages"))
        .unwrap_or_default()
        .to_owned();
    if ![PHONE_NUMBER_ID, OTHER_PHONE_NUMBER_ID].contains(&number.as_str()) || uri.query().is_some()
    {
        problems.push(format!(
            "path {uri}, expected /v25.0/{PHONE_NUMBER_ID}/messages or \
             /v25.0/{OTHER_PHONE_NUMBER_ID}/messages"
        ));
    }
    let expected_auth = format!("Bearer {TOKEN}");
    if headers.get(header::AUTHORIZATION) != Some(&HeaderValue::from_str(&expected_auth).unwrap()) {
        problems.push("Authorization is not `Bearer <the token>`".to_owned());
    }
    if headers.get(header::CONTENT_TYPE) != Some(&HeaderValue::from_static("application/json")) {
        problems.push(format!(
            "Content-Type {:?}, expected application/json",
            headers.get(header::CONTENT_TYPE)
        ));
    }
    (number, problems)
}

/// Everything in a message's body that differs from what the Graph API expects.
fn check_message(kind: Kind, expected_body: Option<&[u8]>, body: &[u8]) -> Vec<String> {
    let mut problems = Vec::new();
    if expected_body.is_some_and(|expected| body != expected) {
        problems.push(format!(
            "body {:?} differs from the message's JSON",
            String::from_utf8_lossy(body)
        ));
    }
    match kind {
        Kind::CtaUrl => {
            if serde_json::from_slice::<CtaUrlMessage>(body).is_err() {
                problems.push("body is not a valid CTA URL message".to_owned());
            }
        }
        Kind::Template => {
            if let Some(problem) = template_problem(body) {
                problems.push(problem);
            }
        }
    }
    problems
}

/// What makes `body` something other than a template message in Meta's send format: the
/// envelope, a `to` or a `recipient`, and a `template` with a name and a language code.
fn template_problem(body: &[u8]) -> Option<String> {
    let Ok(value) = serde_json::from_slice::<serde_json::Value>(body) else {
        return Some("body is not JSON".to_owned());
    };
    let text = |pointer: &str| value.pointer(pointer).and_then(serde_json::Value::as_str);
    let addressed = text("/to").is_some() != text("/recipient").is_some();
    let valid = text("/messaging_product") == Some("whatsapp")
        && text("/recipient_type") == Some("individual")
        && addressed
        && text("/type") == Some("template")
        && text("/template/name").is_some_and(|name| !name.is_empty())
        && text("/template/language/code").is_some_and(|code| !code.is_empty())
        && value
            .pointer("/template/components")
            .is_none_or(serde_json::Value::is_array);
    (!valid).then(|| "body is not a template message in Meta's send format".to_owned())
}

async fn respond(mut reply: Reply) -> Response {
    loop {
        match reply {
            Reply::Slow { delay, reply: next } => {
                tokio::time::sleep(delay).await;
                reply = *next;
            }
            Reply::Full {
                status,
                content_type,
                body,
            } => {
                return Response::builder()
                    .status(status)
                    .header(header::CONTENT_TYPE, content_type)
                    .body(Body::from(body))
                    .unwrap();
            }
            Reply::CutShort { declared_len, sent } => {
                // hyper trusts the declared length and closes the connection when the body
                // ends before it: the client sees a transfer cut short.
                return Response::builder()
                    .status(StatusCode::OK)
                    .header(header::CONTENT_TYPE, "application/json")
                    .header(header::CONTENT_LENGTH, declared_len)
                    .body(Body::from(sent))
                    .unwrap();
            }
        }
    }
}
