//! `cta_axum::Webhook` and `VerifiedNotification` in process: the handshake, 401 and 413, and
//! the exactly-once router (claim, handler, then done or release; the deadline bounds the
//! answer) seen from the answers a POST gets and the times each handler ran.

use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::Router;
use axum::extract::{DefaultBodyLimit, FromRef, State};
use axum::http::StatusCode;
use axum::routing::post;
use cta_axum::store::{Claim, ItemKey, MemoryStore, RedisStore, Store};
use cta_axum::testing::{
    Delivery, GraphApi, NotificationBuilder, PHONE_NUMBER_ID, RequestKind, StatusReport,
    UserMessage, app_secret,
};
use cta_axum::{LEASE_MARGIN, Outcome, VerifiedNotification, Webhook};
use cta_core::cta_message;
use cta_core::send::Client;
use cta_core::webhook::{AppSecret, ErrorCode, SIGNATURE_HEADER, VerifyToken};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use tokio::sync::Notify;

use crate::redis_server::RedisServer;

const VERIFY_TOKEN: &str = "meatyhamhock";
const PATH: &str = "/webhook";
/// `SIGNATURE_HEADER`, as written on the wire.
pub(crate) const SIGNATURE: &str = "x-hub-signature-256";
/// Far more than any answer takes on a loaded machine; only reached when a test fails.
const PATIENCE: Duration = Duration::from_secs(20);

fn webhook() -> Webhook {
    Webhook::new(app_secret(), VerifyToken::new(VERIFY_TOKEN).unwrap())
}

/// How many times the handler ran for each item, by key.
#[derive(Clone, Default)]
struct Runs(Arc<Mutex<BTreeMap<String, usize>>>);

impl Runs {
    fn record(&self, key: impl Into<String>) {
        *self.0.lock().unwrap().entry(key.into()).or_default() += 1;
    }

    fn counts(&self) -> BTreeMap<String, usize> {
        self.0.lock().unwrap().clone()
    }

    fn total(&self) -> usize {
        self.0.lock().unwrap().values().sum()
    }
}

/// A webhook whose handlers count their runs and answer `Done`.
fn counting_webhook(runs: &Runs) -> Webhook {
    let messages = runs.clone();
    let statuses = runs.clone();
    webhook()
        .on_message(move |message| {
            messages.record(&*message.id);
            async { Outcome::Done }
        })
        .on_status(move |status| {
            statuses.record(format!("{} {}", status.id, status.status.as_str()));
            async { Outcome::Done }
        })
}

async fn post_status(router: &Router, notification: &NotificationBuilder) -> StatusCode {
    notification
        .signed(&app_secret())
        .post(router, PATH)
        .await
        .unwrap()
        .status()
}

/// An HTTP/1.1 answer: its status and body.
#[derive(Debug)]
pub(crate) struct Answer {
    pub status: u16,
    pub body: String,
}

/// One HTTP/1.1 request on a connection of its own, read to its end: what Meta's servers do,
/// without an HTTP client crate.
///
/// # Panics
///
/// When no answer comes within [`PATIENCE`], or the connection closes without one.
pub(crate) async fn http(
    addr: SocketAddr,
    method: &str,
    target: &str,
    headers: &[(&str, &str)],
    body: &[u8],
) -> Answer {
    try_http(addr, method, target, headers, body)
        .await
        .unwrap_or_else(|response| panic!("no HTTP answer to {method} {target}: {response:?}"))
}

/// [`http`], giving what was read instead of an answer when the connection closes without
/// one (a server killed mid-request).
pub(crate) async fn try_http(
    addr: SocketAddr,
    method: &str,
    target: &str,
    headers: &[(&str, &str)],
    body: &[u8],
) -> Result<Answer, String> {
    let exchange = async {
        let mut stream = TcpStream::connect(addr).await.unwrap();
        let mut head = format!(
            "{method} {target} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\
             Content-Type: application/json\r\nContent-Length: {}\r\n",
            body.len()
        );
        for (name, value) in headers {
            head = head + name + ": " + value + "\r\n";
        }
        head.push_str("\r\n");
        stream.write_all(head.as_bytes()).await.unwrap();
        // The server may answer (413) and stop reading before the whole body is written.
        let _ = stream.write_all(body).await;
        let mut response = Vec::new();
        // A connection reset after the answer still leaves the answer read.
        let _ = stream.read_to_end(&mut response).await;
        response
    };
    let response = tokio::time::timeout(PATIENCE, exchange)
        .await
        .unwrap_or_else(|_| panic!("no answer to {method} {target} within {PATIENCE:?}"));
    let response = String::from_utf8_lossy(&response).into_owned();
    let Some(status) = response
        .strip_prefix("HTTP/1.1 ")
        .and_then(|rest| rest.get(..3))
        .and_then(|code| code.parse().ok())
    else {
        return Err(response);
    };
    let body = response
        .split_once("\r\n\r\n")
        .map_or(String::new(), |(_, body)| body.to_owned());
    Ok(Answer { status, body })
}

/// Serves `router` on a free loopback port for the rest of the test.
async fn serve(router: Router) -> SocketAddr {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, router).await });
    addr
}

// ---------------------------------------------------------------- the door: GET, 401, 413

#[tokio::test(flavor = "current_thread")]
async fn the_handshake_echoes_the_challenge_for_the_right_token_only() {
    let addr = serve(webhook().into_router(PATH)).await;
    let good = format!(
        "{PATH}?hub.mode=subscribe&hub.challenge=1158201444&hub.verify_token={VERIFY_TOKEN}"
    );
    let answer = http(addr, "GET", &good, &[], b"").await;
    assert_eq!((answer.status, answer.body.as_str()), (200, "1158201444"));
    for bad in [
        "?hub.mode=subscribe&hub.challenge=1158201444&hub.verify_token=wrong",
        "?hub.mode=unsubscribe&hub.challenge=1158201444&hub.verify_token=meatyhamhock",
        "?hub.mode=subscribe&hub.challenge=1158201444",
        "",
    ] {
        let answer = http(addr, "GET", &format!("{PATH}{bad}"), &[], b"").await;
        assert_eq!(answer.status, 403, "{bad}");
        assert!(!answer.body.contains("1158201444"), "{bad}: {answer:?}");
    }
}

#[tokio::test(flavor = "current_thread")]
async fn a_bad_or_missing_signature_is_401_and_no_handler_runs() {
    assert_eq!(SIGNATURE_HEADER, SIGNATURE);
    let runs = Runs::default();
    let router = counting_webhook(&runs).into_router(PATH);
    let notification = NotificationBuilder::default().text("16505551234", "hello");
    let signed = notification.signed(&app_secret());
    let other_secret = AppSecret::new("another-secret")
        .unwrap()
        .sign(signed.body());
    for signature in [
        None,
        Some(""),
        Some("sha256="),
        Some("sha256=not-hex"),
        Some(other_secret.as_str()),
        Some("sha256=0000000000000000000000000000000000000000000000000000000000000000"),
    ] {
        let addr = serve(router.clone()).await;
        let headers: Vec<(&str, &str)> = signature
            .map(|signature| (SIGNATURE, signature))
            .into_iter()
            .collect();
        let answer = http(addr, "POST", PATH, &headers, signed.body()).await;
        assert_eq!(answer.status, 401, "{signature:?}");
    }
    assert_eq!(runs.total(), 0);
    // Nothing was claimed either: the same body, signed, is handled.
    assert_eq!(post_status(&router, &notification).await, StatusCode::OK);
    assert_eq!(runs.total(), 1);
}

#[tokio::test(flavor = "current_thread")]
async fn a_body_over_the_limit_is_413_and_one_at_the_limit_is_taken() {
    const LIMIT: usize = 4096;
    let runs = Runs::default();
    let router = counting_webhook(&runs).body_limit(LIMIT).into_router(PATH);
    let notification = NotificationBuilder::default().text("16505551234", "hello");
    // JSON allows trailing whitespace: a real notification padded, and signed as padded.
    let padded = |length: usize| {
        let mut body = notification.body();
        body.resize(length, b' ');
        let signature = app_secret().sign(&body);
        (body, signature)
    };
    let addr = serve(router).await;
    let (body, signature) = padded(LIMIT + 1);
    let answer = http(addr, "POST", PATH, &[(SIGNATURE, &signature)], &body).await;
    assert_eq!(answer.status, 413);
    assert_eq!(runs.total(), 0);
    let (body, signature) = padded(LIMIT);
    let answer = http(addr, "POST", PATH, &[(SIGNATURE, &signature)], &body).await;
    assert_eq!(answer.status, 200);
    assert_eq!(runs.total(), 1);
}

#[tokio::test(flavor = "current_thread")]
async fn a_signed_body_that_is_no_notification_is_taken_and_runs_nothing() {
    let runs = Runs::default();
    let router = counting_webhook(&runs).into_router(PATH);
    let addr = serve(router).await;
    for body in [&b"not json"[..], br#"{"entry":[42]}"#] {
        let signature = app_secret().sign(body);
        let answer = http(addr, "POST", PATH, &[(SIGNATURE, &signature)], body).await;
        // Meta would only deliver it again, for ever.
        assert_eq!(answer.status, 200, "{}", String::from_utf8_lossy(body));
    }
    assert_eq!(runs.total(), 0);
}

// ---------------------------------------------------------------- exactly once

/// Two entries, three changes, two business numbers: messages of every kind and statuses.
fn batch() -> NotificationBuilder {
    NotificationBuilder::default()
        .text("16505551234", "first")
        .text_from_bsuid("US.13491208655302741918", "second")
        .image("16505551234", "1479537139650973", Some("a photo"))
        .next_change("106540352242923")
        .button_reply("441632960961", "yes", "Yes")
        .status("wamid.OUT1", Delivery::Sent)
        .next_entry("102290129340399", "106540352242924")
        .list_reply("33612345678", "row-1", "Row 1")
        .status("wamid.OUT1", Delivery::Delivered)
}

#[tokio::test(flavor = "current_thread")]
async fn every_item_of_a_batch_is_handled_once_and_a_redelivery_is_skipped() {
    let runs = Runs::default();
    let router = counting_webhook(&runs).into_router(PATH);
    let batch = batch();
    assert_eq!(post_status(&router, &batch).await, StatusCode::OK);
    let mut expected: BTreeMap<String, usize> = batch
        .message_ids()
        .into_iter()
        .map(|id| (id.to_owned(), 1))
        .collect();
    expected.insert("wamid.OUT1 sent".to_owned(), 1);
    expected.insert("wamid.OUT1 delivered".to_owned(), 1);
    assert_eq!(expected.len(), 7);
    assert_eq!(runs.counts(), expected);

    // Meta delivers it again, twice: nothing runs again, and each is answered 200.
    for _ in 0..2 {
        assert_eq!(post_status(&router, &batch).await, StatusCode::OK);
    }
    assert_eq!(runs.counts(), expected);

    // A new message alongside an old one: only the new one runs.
    let old = batch.message_ids()[0].to_owned();
    let mixed = NotificationBuilder::default()
        .message(UserMessage::text("16505551234", "first").id(&old))
        .text("16505551234", "third");
    assert_eq!(post_status(&router, &mixed).await, StatusCode::OK);
    expected.insert(mixed.message_ids()[1].to_owned(), 1);
    assert_eq!(runs.counts(), expected);
}

#[tokio::test(flavor = "current_thread")]
async fn the_same_message_twice_in_one_post_is_handled_once_and_answered_200() {
    let runs = Runs::default();
    let router = counting_webhook(&runs).into_router(PATH);
    let twice = NotificationBuilder::default()
        .message(UserMessage::text("16505551234", "hi").id("wamid.TWICE"))
        .next_change("106540352242923")
        .message(UserMessage::text("16505551234", "hi").id("wamid.TWICE"));
    assert_eq!(post_status(&router, &twice).await, StatusCode::OK);
    assert_eq!(
        runs.counts(),
        BTreeMap::from([("wamid.TWICE".to_owned(), 1)])
    );
}

#[tokio::test(flavor = "current_thread")]
async fn statuses_are_items_by_message_id_and_status() {
    let runs = Runs::default();
    let router = counting_webhook(&runs).into_router(PATH);
    let first = NotificationBuilder::default()
        .status("wamid.A", Delivery::Sent)
        .status("wamid.A", Delivery::Delivered)
        .status("wamid.B", Delivery::Sent)
        .status_report(
            StatusReport::new("wamid.C", Delivery::Failed(ErrorCode::REENGAGEMENT_MESSAGE))
                .callback_data("reply_bot"),
        );
    assert_eq!(post_status(&router, &first).await, StatusCode::OK);
    // Out of order, as Meta may send them: `read` of A after its redelivered `delivered`.
    let second = NotificationBuilder::default()
        .status("wamid.A", Delivery::Delivered)
        .status("wamid.A", Delivery::Read)
        .status("wamid.B", Delivery::Sent);
    assert_eq!(post_status(&router, &second).await, StatusCode::OK);
    assert_eq!(
        runs.counts(),
        BTreeMap::from(
            [
                "wamid.A sent",
                "wamid.A delivered",
                "wamid.A read",
                "wamid.B sent",
                "wamid.C failed"
            ]
            .map(|key| (key.to_owned(), 1))
        )
    );
}

/// A message handler that answers `outcomes` in turn (the last one for ever after), counting
/// its runs.
fn answering(outcomes: &[Outcome], runs: &Arc<AtomicUsize>) -> Webhook {
    let outcomes = outcomes.to_vec();
    let runs = Arc::clone(runs);
    webhook().on_message(move |_| {
        let run = runs.fetch_add(1, Ordering::SeqCst);
        let outcome = outcomes[run.min(outcomes.len() - 1)];
        async move { outcome }
    })
}

#[tokio::test(flavor = "current_thread")]
async fn retry_later_is_503_and_the_redelivery_runs_the_handler_again() {
    let runs = Arc::new(AtomicUsize::new(0));
    let router = answering(
        &[Outcome::RetryLater, Outcome::RetryLater, Outcome::Done],
        &runs,
    )
    .into_router(PATH);
    let message = NotificationBuilder::default().text("16505551234", "hello");
    let mut statuses = Vec::new();
    for _ in 0..4 {
        statuses.push(post_status(&router, &message).await.as_u16());
    }
    assert_eq!(statuses, [503, 503, 200, 200]);
    assert_eq!(runs.load(Ordering::SeqCst), 3);
}

#[tokio::test(flavor = "current_thread")]
async fn failed_for_good_is_200_and_never_run_again() {
    let runs = Arc::new(AtomicUsize::new(0));
    let router = answering(&[Outcome::Failed, Outcome::Done], &runs).into_router(PATH);
    let message = NotificationBuilder::default().text("16505551234", "hello");
    for _ in 0..3 {
        assert_eq!(post_status(&router, &message).await, StatusCode::OK);
    }
    assert_eq!(runs.load(Ordering::SeqCst), 1);
}

#[tokio::test(flavor = "current_thread")]
async fn an_item_that_fails_makes_the_post_503_while_the_others_are_done_once() {
    let runs = Runs::default();
    let failing_runs = Arc::new(AtomicUsize::new(0));
    let (counted, failing) = (runs.clone(), Arc::clone(&failing_runs));
    let router = webhook()
        .on_message(move |message| {
            counted.record(&*message.id);
            // The message "later" fails the first time only.
            let outcome =
                if &*message.id == "wamid.LATER" && failing.fetch_add(1, Ordering::SeqCst) == 0 {
                    Outcome::RetryLater
                } else {
                    Outcome::Done
                };
            async move { outcome }
        })
        .into_router(PATH);
    let batch = NotificationBuilder::default()
        .message(UserMessage::text("16505551234", "now").id("wamid.NOW"))
        .message(UserMessage::text("16505551234", "later").id("wamid.LATER"));
    assert_eq!(
        post_status(&router, &batch).await,
        StatusCode::SERVICE_UNAVAILABLE
    );
    assert_eq!(post_status(&router, &batch).await, StatusCode::OK);
    assert_eq!(
        runs.counts(),
        BTreeMap::from([("wamid.NOW".to_owned(), 1), ("wamid.LATER".to_owned(), 2)])
    );
}

/// A message handler whose first run takes `first_run` (the next ones are quick), counting
/// the runs started and ended.
fn slow_first(
    first_run: Duration,
    started: &Arc<AtomicUsize>,
    ended: &Arc<AtomicUsize>,
) -> Webhook {
    let (starts, ends) = (Arc::clone(started), Arc::clone(ended));
    webhook().on_message(move |_| {
        let first = starts.fetch_add(1, Ordering::SeqCst) == 0;
        let ends = Arc::clone(&ends);
        async move {
            if first {
                tokio::time::sleep(first_run).await;
            }
            ends.fetch_add(1, Ordering::SeqCst);
            Outcome::Done
        }
    })
}

#[tokio::test(flavor = "current_thread", start_paused = true)]
async fn a_handler_past_its_deadline_is_answered_503_held_and_recorded_done_when_it_ends() {
    let (started, ended) = (Arc::default(), Arc::default());
    let router = slow_first(Duration::from_secs(3), &started, &ended)
        .deadline(Duration::from_secs(2))
        .into_router(PATH);
    let message = NotificationBuilder::default().text("16505551234", "hello");
    let before = tokio::time::Instant::now();
    assert_eq!(
        post_status(&router, &message).await,
        StatusCode::SERVICE_UNAVAILABLE
    );
    // Answered at the deadline (the clock is paused, so this is exact), not when the handler
    // finishes.
    assert_eq!(before.elapsed(), Duration::from_secs(2));
    // Not stopped: it may have sent already. Meta's redelivery meanwhile finds it held.
    assert_eq!(
        post_status(&router, &message).await,
        StatusCode::SERVICE_UNAVAILABLE
    );
    assert_eq!(ended.load(Ordering::SeqCst), 0);
    tokio::time::sleep(Duration::from_secs(2)).await;
    assert_eq!(ended.load(Ordering::SeqCst), 1, "the first run went on");
    // It recorded its item done: the next redelivery is 200 without a second run.
    assert_eq!(post_status(&router, &message).await, StatusCode::OK);
    assert_eq!(started.load(Ordering::SeqCst), 1);
}

#[tokio::test(flavor = "current_thread", start_paused = true)]
async fn a_handler_still_running_as_its_lease_runs_out_is_stopped_and_released() {
    const LEASE: Duration = Duration::from_secs(10);
    let (started, ended) = (Arc::default(), Arc::default());
    let router = slow_first(Duration::from_hours(1), &started, &ended)
        .deadline(Duration::from_secs(2))
        .lease(LEASE)
        .into_router(PATH);
    let message = NotificationBuilder::default().text("16505551234", "hello");
    let before = tokio::time::Instant::now();
    assert_eq!(
        post_status(&router, &message).await,
        StatusCode::SERVICE_UNAVAILABLE
    );
    // Held until the margin before the lease's end.
    tokio::time::sleep_until(before + LEASE - LEASE_MARGIN - Duration::from_millis(1)).await;
    assert_eq!(
        post_status(&router, &message).await,
        StatusCode::SERVICE_UNAVAILABLE
    );
    assert_eq!(started.load(Ordering::SeqCst), 1);
    // Then stopped and released, before the lease ran out: the redelivery runs it again.
    tokio::time::sleep_until(before + LEASE - LEASE_MARGIN + Duration::from_millis(1)).await;
    assert_eq!(post_status(&router, &message).await, StatusCode::OK);
    assert_eq!(
        (started.load(Ordering::SeqCst), ended.load(Ordering::SeqCst)),
        (2, 1)
    );
    // Stopped: the first run never ends, even given the time.
    tokio::time::sleep(Duration::from_hours(2)).await;
    assert_eq!(ended.load(Ordering::SeqCst), 1);
}

#[tokio::test(flavor = "current_thread")]
async fn a_handler_that_panics_is_503_and_runs_again_on_redelivery() {
    let runs = Arc::new(AtomicUsize::new(0));
    let counted = Arc::clone(&runs);
    let router = webhook()
        .on_message(move |_| {
            let first = counted.fetch_add(1, Ordering::SeqCst) == 0;
            async move {
                assert!(!first, "a handler's bug, on the first run only");
                Outcome::Done
            }
        })
        .into_router(PATH);
    let message = NotificationBuilder::default().text("16505551234", "hello");
    assert_eq!(
        post_status(&router, &message).await,
        StatusCode::SERVICE_UNAVAILABLE
    );
    assert_eq!(post_status(&router, &message).await, StatusCode::OK);
    assert_eq!(runs.load(Ordering::SeqCst), 2);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_posts_of_one_body_at_once_run_the_handler_once() {
    let runs = Arc::new(AtomicUsize::new(0));
    let started = Arc::new(Notify::new());
    let gate = Arc::new(Notify::new());
    let (counted, start, open) = (Arc::clone(&runs), Arc::clone(&started), Arc::clone(&gate));
    let router = webhook()
        .on_message(move |_| {
            counted.fetch_add(1, Ordering::SeqCst);
            start.notify_one();
            let open = Arc::clone(&open);
            // Slow: it holds its claim until the test opens the gate.
            async move {
                open.notified().await;
                Outcome::Done
            }
        })
        .into_router(PATH);
    let message = NotificationBuilder::default().text("16505551234", "hello");
    let first = tokio::spawn({
        let (router, message) = (router.clone(), message.clone());
        async move { post_status(&router, &message).await }
    });
    tokio::time::timeout(PATIENCE, started.notified())
        .await
        .expect("the first POST runs the handler");
    // Meta's redelivery while the first is still at work: held, so not 200.
    assert_eq!(
        post_status(&router, &message).await,
        StatusCode::SERVICE_UNAVAILABLE
    );
    gate.notify_one();
    assert_eq!(first.await.unwrap(), StatusCode::OK);
    // Delivered again, as Meta does after a 503: done, so 200 without running it.
    assert_eq!(post_status(&router, &message).await, StatusCode::OK);
    assert_eq!(runs.load(Ordering::SeqCst), 1);
}

/// A handler that sends one CTA URL message through `client` (a stand-in Graph API's), done
/// once it is accepted.
fn replying(client: &Client) -> Webhook {
    let client = client.clone();
    webhook().on_message(move |_| {
        let client = client.clone();
        async move {
            let reply = cta_message! {
                to: "+16505551234",
                body: "Thanks, we are on it.",
                button: "See status",
                url: "https://example.com/status",
            };
            match client.send(&reply).await {
                Ok(_) => Outcome::Done,
                Err(_) => Outcome::RetryLater,
            }
        }
    })
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_post_whose_connection_closes_mid_reply_is_still_recorded_and_replied_to_once() {
    const DEADLINE: Duration = Duration::from_secs(1);
    // The shortest lease the builder allows.
    const LEASE: Duration = DEADLINE.saturating_add(LEASE_MARGIN);
    let graph = GraphApi::start().await.unwrap();
    let client = Client::new(graph.send_config(PHONE_NUMBER_ID).unwrap()).unwrap();
    let router = replying(&client)
        .deadline(DEADLINE)
        .lease(Duration::ZERO)
        .into_router(PATH);
    let addr = serve(router).await;
    // The reply waits on the Graph API while Meta's side of the POST goes away (its own
    // timeout, a network cut).
    graph.hold(Duration::from_millis(500));
    let message = NotificationBuilder::default()
        .text("16505551234", "where is my order?")
        .signed(&app_secret());
    let mut stream = TcpStream::connect(addr).await.unwrap();
    let head = format!(
        "POST {PATH} HTTP/1.1\r\nHost: {addr}\r\nContent-Type: application/json\r\n\
         Content-Length: {}\r\n{SIGNATURE}: {}\r\n\r\n",
        message.body().len(),
        message.signature()
    );
    stream.write_all(head.as_bytes()).await.unwrap();
    stream.write_all(message.body()).await.unwrap();
    let started = tokio::time::Instant::now();
    while graph.requests_received() == 0 {
        assert!(started.elapsed() < PATIENCE, "the handler never sent");
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    drop(stream);
    // Meta delivers it again once the lease of a claim left behind would have run out.
    tokio::time::sleep(LEASE + Duration::from_millis(500)).await;
    assert_eq!(
        http(
            addr,
            "POST",
            PATH,
            &[(SIGNATURE, message.signature())],
            message.body()
        )
        .await
        .status,
        200
    );
    tokio::time::sleep(Duration::from_millis(300)).await;
    let replies = graph
        .sent()
        .iter()
        .filter(|request| request.kind == RequestKind::Message)
        .count();
    assert_eq!(replies, 1, "{:#?}", graph.sent());
}

// ---------------------------------------------------------------- graceful shutdown

/// Serves `router` with `cta_axum::serve_until`, stopping when `stop` is sent to; the task
/// ends when `serve_until` returns.
async fn serve_until_stopped(
    router: Router,
    grace: Duration,
) -> (
    SocketAddr,
    tokio::sync::oneshot::Sender<()>,
    tokio::task::JoinHandle<std::io::Result<()>>,
) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(cta_axum::serve_until(listener, router, grace, async {
        let _ = stopped.await;
    }));
    (addr, stop, server)
}

/// Sets its flag when dropped: a handler's future stopped, or ended.
struct Dropped(Arc<AtomicBool>);

impl Drop for Dropped {
    fn drop(&mut self) {
        self.0.store(true, Ordering::SeqCst);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn shutdown_waits_for_a_handler_past_its_deadline_and_its_item_is_recorded_done() {
    let store = Arc::new(MemoryStore::default());
    let ended = Arc::new(AtomicBool::new(false));
    let handler_ended = Arc::clone(&ended);
    let router = webhook()
        .store(Arc::clone(&store))
        .deadline(Duration::from_millis(300))
        .on_message(move |_| {
            let ended = Arc::clone(&handler_ended);
            async move {
                tokio::time::sleep(Duration::from_millis(1500)).await;
                ended.store(true, Ordering::SeqCst);
                Outcome::Done
            }
        })
        .into_router(PATH);
    let (addr, stop, server) = serve_until_stopped(router, PATIENCE).await;
    let message = NotificationBuilder::default().text("16505551234", "hello");
    let signed = message.signed(&app_secret());
    let answer = http(
        addr,
        "POST",
        PATH,
        &[(SIGNATURE, signed.signature())],
        signed.body(),
    )
    .await;
    // Answered at the deadline; its handler goes on.
    assert_eq!(answer.status, 503);
    assert!(!ended.load(Ordering::SeqCst));
    stop.send(()).unwrap();
    tokio::time::timeout(PATIENCE, server)
        .await
        .expect("serve_until returns once the work is done")
        .unwrap()
        .unwrap();
    // It returned only once the handler had ended and its item was recorded.
    assert!(
        ended.load(Ordering::SeqCst),
        "returned with the handler at work"
    );
    let key = ItemKey::message(message.message_ids()[0]);
    assert_eq!(
        store.claim(&key, Duration::from_secs(30)).await.unwrap(),
        Claim::Done
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn shutdown_stops_what_is_still_running_after_the_grace_and_releases_its_item() {
    let store = Arc::new(MemoryStore::default());
    let (started, stopped) = (Arc::new(Notify::new()), Arc::new(AtomicBool::new(false)));
    let (start, handler_stopped) = (Arc::clone(&started), Arc::clone(&stopped));
    let router = webhook()
        .store(Arc::clone(&store))
        .on_message(move |_| {
            let dropped = Dropped(Arc::clone(&handler_stopped));
            start.notify_one();
            async move {
                let _dropped = dropped;
                std::future::pending::<Outcome>().await
            }
        })
        .into_router(PATH);
    let (addr, stop, server) = serve_until_stopped(router, Duration::from_millis(300)).await;
    let message = NotificationBuilder::default().text("16505551234", "hello");
    let signed = message.signed(&app_secret());
    let posted = tokio::spawn(async move {
        http(
            addr,
            "POST",
            PATH,
            &[(SIGNATURE, signed.signature())],
            signed.body(),
        )
        .await
    });
    tokio::time::timeout(PATIENCE, started.notified())
        .await
        .expect("the handler runs");
    stop.send(()).unwrap();
    tokio::time::timeout(PATIENCE, server)
        .await
        .expect("serve_until returns after the grace")
        .unwrap()
        .unwrap();
    assert!(
        stopped.load(Ordering::SeqCst),
        "the handler was not stopped"
    );
    // Released: the redelivery, on this server or another, runs it at once.
    let key = ItemKey::message(message.message_ids()[0]);
    assert!(
        matches!(
            store.claim(&key, Duration::from_secs(30)).await.unwrap(),
            Claim::Acquired(_)
        ),
        "the item is still held"
    );
    // Its POST was answered, and not 200.
    assert_eq!(posted.await.unwrap().status, 503);
}

// ---------------------------------------------------------------- the extractor

#[derive(Clone)]
struct AppState {
    app_secret: AppSecret,
    greeting: &'static str,
}

impl FromRef<AppState> for AppSecret {
    fn from_ref(state: &AppState) -> AppSecret {
        state.app_secret.clone()
    }
}

async fn summarize(State(state): State<AppState>, notification: VerifiedNotification) -> String {
    let ids: Vec<&str> = notification
        .messages()
        .iter()
        .map(|message| &*message.id)
        .collect();
    format!(
        "{} {} messages {} statuses {} problems {}",
        state.greeting,
        notification.messages().len(),
        notification.statuses().len(),
        notification.problems(),
        ids.join(",")
    )
}

#[tokio::test(flavor = "current_thread")]
async fn the_extractor_verifies_with_the_secret_of_the_state_and_reads_every_item() {
    let router = Router::new()
        .route(PATH, post(summarize))
        .layer(DefaultBodyLimit::max(4096))
        .with_state(AppState {
            app_secret: app_secret(),
            greeting: "hello",
        });
    let batch = batch();
    let answer = batch
        .signed(&app_secret())
        .post(&router, PATH)
        .await
        .unwrap();
    assert_eq!(answer.status(), StatusCode::OK);
    let body = axum::body::to_bytes(answer.into_body(), 4096)
        .await
        .unwrap();
    assert_eq!(
        String::from_utf8_lossy(&body),
        format!(
            "hello 5 messages 2 statuses 0 problems {}",
            batch.message_ids().join(",")
        )
    );

    let addr = serve(router).await;
    // Under another secret: 401.
    let forged = AppSecret::new("another-secret")
        .unwrap()
        .sign(&batch.body());
    let answer = http(addr, "POST", PATH, &[(SIGNATURE, &forged)], &batch.body()).await;
    assert_eq!(answer.status, 401);
    // Over the body limit of the router: 413.
    let mut big = batch.body();
    big.resize(4097, b' ');
    let signature = app_secret().sign(&big);
    let answer = http(addr, "POST", PATH, &[(SIGNATURE, &signature)], &big).await;
    assert_eq!(answer.status, 413);
    // Signed, but not a notification: taken (200), so that Meta stops delivering it.
    let signature = app_secret().sign(b"[]");
    let answer = http(addr, "POST", PATH, &[(SIGNATURE, &signature)], b"[]").await;
    assert_eq!(answer.status, 200);
    assert!(!answer.body.starts_with("hello"), "{answer:?}");
}

#[tokio::test(flavor = "current_thread")]
async fn the_extractor_counts_the_items_it_could_not_read() {
    let router = Router::new()
        .route(PATH, post(summarize))
        .with_state(AppState {
            app_secret: app_secret(),
            greeting: "hi",
        });
    let body = br#"{"object":"whatsapp_business_account","entry":[{"id":"1","changes":[{"field":"messages","value":{"messaging_product":"whatsapp","messages":[{"from":16505551234,"id":"wamid.BAD","timestamp":"1","type":"text","text":{"body":"x"}},{"from":"16505551234","id":"wamid.GOOD","timestamp":"1","type":"text","text":{"body":"y"}}]}}]},42]}"#;
    let addr = serve(router).await;
    let signature = app_secret().sign(body);
    let answer = http(addr, "POST", PATH, &[(SIGNATURE, &signature)], body).await;
    assert_eq!(
        (answer.status, answer.body.as_str()),
        (200, "hi 1 messages 0 statuses 2 problems wamid.GOOD")
    );
}

// ---------------------------------------------------------------- what is logged

/// Every span and event of `cta_axum`, each as one line of text with all its fields.
#[derive(Clone, Default)]
struct Logged(Arc<Mutex<Vec<String>>>);

impl Logged {
    fn text(&self) -> String {
        self.0.lock().unwrap().join("\n")
    }
}

/// Writes each field as ` name=value`.
struct Fields<'a>(&'a mut String);

impl tracing::field::Visit for Fields<'_> {
    fn record_debug(&mut self, field: &tracing::field::Field, value: &dyn std::fmt::Debug) {
        use std::fmt::Write;
        let _ = write!(self.0, " {}={value:?}", field.name());
    }
}

impl tracing::Subscriber for Logged {
    fn enabled(&self, metadata: &tracing::Metadata<'_>) -> bool {
        metadata.target().starts_with("cta_axum")
    }

    fn new_span(&self, attributes: &tracing::span::Attributes<'_>) -> tracing::span::Id {
        let mut line = format!("span {}", attributes.metadata().name());
        attributes.record(&mut Fields(&mut line));
        let mut lines = self.0.lock().unwrap();
        lines.push(line);
        tracing::span::Id::from_u64(lines.len() as u64)
    }

    fn record(&self, _: &tracing::span::Id, values: &tracing::span::Record<'_>) {
        let mut line = "span fields".to_owned();
        values.record(&mut Fields(&mut line));
        self.0.lock().unwrap().push(line);
    }

    fn record_follows_from(&self, _: &tracing::span::Id, _: &tracing::span::Id) {}

    fn event(&self, event: &tracing::Event<'_>) {
        let mut line = format!("event {}", event.metadata().level());
        event.record(&mut Fields(&mut line));
        self.0.lock().unwrap().push(line);
    }

    fn enter(&self, _: &tracing::span::Id) {}

    fn exit(&self, _: &tracing::span::Id) {}
}

#[test]
fn an_unreadable_body_and_a_handler_s_panic_are_logged_without_what_users_wrote() {
    const SECRET: &str = "Secret words of a customer";
    let logged = Logged::default();
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    tracing::subscriber::with_default(logged.clone(), || {
        runtime.block_on(async {
            let router = webhook()
                .on_message(|message| async move {
                    let cta_core::webhook::MessageKind::Text(text) = &message.kind else {
                        return Outcome::Done;
                    };
                    // A handler's bug whose message quotes the customer.
                    panic!("cannot answer {:?}", text.body);
                })
                .into_router(PATH);
            let message = NotificationBuilder::default().text("16505551234", SECRET);
            assert_eq!(
                post_status(&router, &message).await,
                StatusCode::SERVICE_UNAVAILABLE
            );
            // Signed bodies that are not notifications, whose parser's explanation quotes them.
            let extractor = Router::new()
                .route(PATH, post(summarize))
                .with_state(AppState {
                    app_secret: app_secret(),
                    greeting: "hi",
                });
            for body in [
                format!(r#"{{"entry":"{SECRET}"}}"#),
                format!(r#"{{"object":{{"{SECRET}":1}}, "entry":[]}}"#),
                format!("{{\"entry\":[]}} {SECRET}"),
            ] {
                for router in [&router, &extractor] {
                    let addr = serve(router.clone()).await;
                    let signature = app_secret().sign(body.as_bytes());
                    let answer = http(
                        addr,
                        "POST",
                        PATH,
                        &[(SIGNATURE, &signature)],
                        body.as_bytes(),
                    )
                    .await;
                    assert_eq!(answer.status, 200, "{body}");
                }
            }
        });
    });
    let text = logged.text();
    assert!(text.contains("handler panicked"), "{text}");
    assert!(text.contains("unreadable notification"), "{text}");
    assert!(text.contains("not taken: unreadable"), "{text}");
    assert!(
        text.contains(" line=1 column="),
        "where the parser stopped is kept: {text}"
    );
    for secret in [SECRET, "Secret", "16505551234"] {
        assert!(!text.contains(secret), "{secret:?} logged:\n{text}");
    }
}

// ---------------------------------------------------------------- the Redis store

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs redis-server on PATH; .ci/run installs it and runs these"]
async fn a_redis_outage_is_503_and_runs_no_handler() {
    let mut redis = RedisServer::start();
    let runs = Runs::default();
    let store = RedisStore::connect(&redis.url())
        .await
        .unwrap()
        .with_prefix("axum-webhook-test:");
    let router = counting_webhook(&runs).store(store).into_router(PATH);
    let before = NotificationBuilder::default().text("16505551234", "before");
    assert_eq!(post_status(&router, &before).await, StatusCode::OK);
    assert_eq!(runs.total(), 1);

    redis.kill();
    let during = NotificationBuilder::default().text("16505551234", "during");
    let answer = tokio::time::timeout(PATIENCE, post_status(&router, &during))
        .await
        .expect("a store outage is answered, not waited out");
    assert_eq!(answer, StatusCode::SERVICE_UNAVAILABLE);
    // Without a claim, the handler must not run: it could run twice.
    assert_eq!(runs.total(), 1);
}
