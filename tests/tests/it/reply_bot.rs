//! The `reply_bot` example's binary, run as a deployment runs it: signed notifications posted
//! to it over loopback as Meta posts them, its replies taken by the stand-in Graph API of
//! `cta_axum::testing`, and the process stopped, killed and restarted mid-reply. Two bots
//! share a real `redis-server` in the tests that need one (ignored by default: `.ci/run`
//! runs them).
//!
//! What must hold: each text message is marked read with the typing indicator and answered
//! exactly once, from the business number that received it; a POST is answered 200 only once
//! every item in it is done.

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Read};
use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::{Duration, Instant, SystemTime};

use axum::http::StatusCode;
use cta_axum::DEFAULT_BODY_LIMIT;
use cta_axum::testing::{
    APP_SECRET, Delivery, GraphApi, NotificationBuilder, PHONE_NUMBER_ID, RequestKind, SentRequest,
    SignedNotification, UserMessage, app_secret,
};
use cta_core::webhook::ErrorCode;

use crate::axum_webhook::{Answer, SIGNATURE, http, try_http};
use crate::common;
use crate::redis_server::RedisServer;

const VERIFY_TOKEN: &str = "meatyhamhock";
/// The stand-in checks it: a bot that sent another would get 401 and reply nothing.
const ACCESS_TOKEN: &str = "EAAG-reply-bot-test-token-4f1d9c";
/// The second business number of the account.
const SECOND_NUMBER: &str = "106540352242923";
const PHONE: &str = "16505551234";
const OTHER_PHONE: &str = "441632960961";
const BSUID: &str = "US.13491208655302741918";
/// Far more than anything takes on a loaded machine; only reached when a test fails.
const PATIENCE: Duration = Duration::from_secs(30);
/// How often a condition is looked at again while waiting for it.
const POLL: Duration = Duration::from_millis(20);

/// The `reply_bot` binary, built once for every test of this file.
fn binary() -> &'static PathBuf {
    static BINARY: OnceLock<PathBuf> = OnceLock::new();
    BINARY.get_or_init(|| common::examples::build(&["reply_bot"]).remove(0))
}

/// A running `reply_bot`, killed when dropped. Everything it prints (stdout and stderr) is
/// kept, line by line.
struct Bot {
    child: Child,
    addr: SocketAddr,
    output: Arc<Mutex<Vec<String>>>,
}

impl Bot {
    /// Starts a bot that replies through `graph`, with the memory store unless `env` says
    /// otherwise, and waits until it listens.
    async fn start(graph: &GraphApi, env: &[(&str, &str)]) -> Bot {
        let mut command = Command::new(binary());
        for (name, _) in std::env::vars_os() {
            if name.to_string_lossy().starts_with("WHATSAPP_") {
                command.env_remove(name);
            }
        }
        command
            .env("WHATSAPP_VERIFY_TOKEN", VERIFY_TOKEN)
            .env("WHATSAPP_APP_SECRET", APP_SECRET)
            .env("WHATSAPP_ACCESS_TOKEN", ACCESS_TOKEN)
            .env("WHATSAPP_PHONE_NUMBER_ID", PHONE_NUMBER_ID)
            .env("WHATSAPP_API_BASE", graph.base_url())
            .env("PORT", "0")
            .env("RUST_LOG", "info")
            .envs(env.iter().copied())
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        let mut child = command.spawn().expect("the reply_bot binary starts");
        let output = Arc::new(Mutex::new(Vec::new()));
        keep_lines(child.stdout.take().unwrap(), &output);
        keep_lines(child.stderr.take().unwrap(), &output);
        let started = Instant::now();
        let addr = loop {
            let listening = output.lock().unwrap().iter().find_map(|line| {
                let (_, addr) = line.split_once("listening on http://")?;
                addr.trim().parse::<SocketAddr>().ok()
            });
            if let Some(addr) = listening {
                break addr;
            }
            if let Ok(Some(status)) = child.try_wait() {
                panic!(
                    "reply_bot exited ({status}) before listening:\n{}",
                    output.lock().unwrap().join("\n")
                );
            }
            assert!(
                started.elapsed() < PATIENCE,
                "reply_bot did not listen within {PATIENCE:?}"
            );
            tokio::time::sleep(POLL).await;
        };
        assert!(addr.ip().is_loopback(), "{addr}");
        Bot {
            child,
            addr,
            output,
        }
    }

    /// POSTs `notification` to `/webhook`, as Meta does, and gives the answer's status.
    async fn post(&self, notification: &SignedNotification) -> u16 {
        self.post_raw(notification.body(), Some(notification.signature()))
            .await
            .status
    }

    async fn post_raw(&self, body: &[u8], signature: Option<&str>) -> Answer {
        let headers: Vec<(&str, &str)> = signature
            .map(|signature| (SIGNATURE, signature))
            .into_iter()
            .collect();
        http(self.addr, "POST", "/webhook", &headers, body).await
    }

    /// POSTs `notification` again and again, a little apart, as Meta delivers what was not
    /// answered 200, until it is answered 200; gives every status, the 200 last.
    async fn post_until_ok(&self, notification: &SignedNotification) -> Vec<u16> {
        let started = Instant::now();
        let mut statuses = Vec::new();
        loop {
            let status = self.post(notification).await;
            statuses.push(status);
            if status == 200 {
                return statuses;
            }
            assert!(
                started.elapsed() < PATIENCE,
                "never answered 200: {statuses:?}\n{}",
                self.output().join("\n")
            );
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
    }

    /// Every line printed so far.
    fn output(&self) -> Vec<String> {
        self.output.lock().unwrap().clone()
    }

    /// Waits until a printed line contains `text`.
    async fn wait_for_output(&self, text: &str) {
        let started = Instant::now();
        while !self.output().iter().any(|line| line.contains(text)) {
            assert!(
                started.elapsed() < PATIENCE,
                "reply_bot never printed {text:?}:\n{}",
                self.output().join("\n")
            );
            tokio::time::sleep(POLL).await;
        }
    }

    /// Sends SIGTERM, as a deployment stops a server.
    fn terminate(&self) {
        let status = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status()
            .expect("`kill` runs");
        assert!(status.success());
    }

    /// Waits for the process to end.
    async fn wait_exit(&mut self) -> ExitStatus {
        let started = Instant::now();
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status;
            }
            assert!(
                started.elapsed() < PATIENCE,
                "reply_bot did not exit:\n{}",
                self.output().join("\n")
            );
            tokio::time::sleep(POLL).await;
        }
    }
}

impl Drop for Bot {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Keeps each line `stream` prints in `output`, on a thread of its own.
fn keep_lines(stream: impl Read + Send + 'static, output: &Arc<Mutex<Vec<String>>>) {
    let output = Arc::clone(output);
    std::thread::spawn(move || {
        for line in BufReader::new(stream).lines().map_while(Result::ok) {
            output.lock().unwrap().push(line);
        }
    });
}

async fn graph_api() -> GraphApi {
    GraphApi::start_with_access_token(ACCESS_TOKEN)
        .await
        .unwrap()
}

/// Waits until the stand-in has received `count` requests, answered or not.
async fn wait_until_received(graph: &GraphApi, count: usize) {
    let started = Instant::now();
    while graph.requests_received() < count {
        assert!(
            started.elapsed() < PATIENCE,
            "the Graph API received {} requests, not {count}",
            graph.requests_received()
        );
        tokio::time::sleep(POLL).await;
    }
}

/// Gives what should not happen the time to happen.
async fn settle() {
    tokio::time::sleep(Duration::from_millis(300)).await;
}

/// Where a reply must go, as the bot addresses it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Address<'a> {
    /// `to`, a phone number with `+`.
    Phone(&'a str),
    /// `recipient`, a BSUID.
    Bsuid(&'a str),
}

/// Checks that what the stand-in accepted is, for each `(message, number, address)` of
/// `expected` and nothing else: one read receipt with the typing indicator, then one reply
/// quoting the message, both from the business number that received it.
fn assert_answered_once(sent: &[SentRequest], expected: &[(&str, &str, Address<'_>)]) {
    let mut receipts: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    let mut replies: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (index, request) in sent.iter().enumerate() {
        match request.kind {
            RequestKind::ReadWithTyping => receipts
                .entry(
                    request
                        .read_message_id()
                        .expect("a receipt names its message"),
                )
                .or_default()
                .push(index),
            RequestKind::Message => replies
                .entry(request.reply_to().expect("a reply quotes its message"))
                .or_default()
                .push(index),
            other => panic!("the bot sent a {other:?}: {request:?}"),
        }
    }
    let answered: Vec<&str> = expected.iter().map(|(id, _, _)| *id).collect();
    assert_eq!(
        replies.keys().copied().collect::<Vec<_>>(),
        sorted(&answered),
        "the messages replied to: {sent:#?}"
    );
    assert_eq!(
        receipts.keys().copied().collect::<Vec<_>>(),
        sorted(&answered),
        "the messages marked read: {sent:#?}"
    );
    for (id, number, address) in expected {
        let [reply] = replies[id][..] else {
            panic!("{id} was answered {} times: {sent:#?}", replies[id].len());
        };
        let [receipt] = receipts[id][..] else {
            panic!(
                "{id} was marked read {} times: {sent:#?}",
                receipts[id].len()
            );
        };
        assert!(receipt < reply, "{id}: the reply came before the receipt");
        for index in [receipt, reply] {
            assert_eq!(sent[index].phone_number_id, *number, "{id}: {sent:#?}");
        }
        let body = &sent[reply].body;
        let (key, other, value) = match address {
            Address::Phone(phone) => ("to", "recipient", format!("+{phone}")),
            Address::Bsuid(bsuid) => ("recipient", "to", (*bsuid).to_owned()),
        };
        assert_eq!(body[key], value.as_str(), "{id}");
        assert!(body.get(other).is_none(), "{id}: both `to` and `recipient`");
        assert_eq!(sent[reply].message_type(), Some("interactive"), "{id}");
        assert_eq!(body["interactive"]["type"], "cta_url", "{id}");
        assert_eq!(body["biz_opaque_callback_data"], "reply_bot", "{id}");
    }
}

fn sorted<'a>(ids: &[&'a str]) -> Vec<&'a str> {
    let mut ids = ids.to_vec();
    ids.sort_unstable();
    ids.dedup();
    ids
}

fn hours_ago(hours: u64) -> SystemTime {
    SystemTime::now() - Duration::from_secs(hours * 3600)
}

fn text(id: &str, from: &str, body: &str) -> UserMessage {
    UserMessage::text(from, body).id(id)
}

// ---------------------------------------------------------------- one bot, memory store

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_binary_answers_the_handshake_for_its_verify_token_only() {
    let graph = graph_api().await;
    let bot = Bot::start(&graph, &[]).await;
    let good = format!(
        "/webhook?hub.mode=subscribe&hub.challenge=1158201444&hub.verify_token={VERIFY_TOKEN}"
    );
    let answer = http(bot.addr, "GET", &good, &[], b"").await;
    assert_eq!((answer.status, answer.body.as_str()), (200, "1158201444"));
    let bad = "/webhook?hub.mode=subscribe&hub.challenge=1158201444&hub.verify_token=wrong";
    let answer = http(bot.addr, "GET", bad, &[], b"").await;
    assert_eq!(answer.status, 403);
    assert!(!answer.body.contains("1158201444"), "{answer:?}");
    assert_eq!(graph.requests_received(), 0);
}

/// Two entries, three changes, two business numbers: texts from a phone number, from a
/// BSUID-only user, from a user with both; an image, a button tap and statuses, which are
/// not answered.
fn batch() -> NotificationBuilder {
    NotificationBuilder::default()
        .message(text("wamid.PHONE", PHONE, "Does it come in blue?"))
        .message(UserMessage::text_from_bsuid(BSUID, "And in another size?").id("wamid.BSUID"))
        .message(text("wamid.BOTH", OTHER_PHONE, "Price?").user_id("GB.7719"))
        .message(UserMessage::image(PHONE, "1479537139650973", Some("this one")).id("wamid.IMAGE"))
        .status("wamid.EARLIER", Delivery::Delivered)
        .next_change(SECOND_NUMBER)
        .message(text("wamid.SECOND", PHONE, "Asking the other number"))
        .message(UserMessage::button_reply(PHONE, "yes", "Yes").id("wamid.BUTTON"))
        .next_entry("102290129340399", SECOND_NUMBER)
        .message(text("wamid.ENTRY2", OTHER_PHONE, "A second entry"))
        .status("wamid.EARLIER", Delivery::Read)
}

fn batch_replies() -> [(&'static str, &'static str, Address<'static>); 5] {
    [
        ("wamid.PHONE", PHONE_NUMBER_ID, Address::Phone(PHONE)),
        ("wamid.BSUID", PHONE_NUMBER_ID, Address::Bsuid(BSUID)),
        // The phone number wins over the BSUID.
        ("wamid.BOTH", PHONE_NUMBER_ID, Address::Phone(OTHER_PHONE)),
        ("wamid.SECOND", SECOND_NUMBER, Address::Phone(PHONE)),
        ("wamid.ENTRY2", SECOND_NUMBER, Address::Phone(OTHER_PHONE)),
    ]
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_batch_gets_one_receipt_and_one_reply_per_text_from_the_number_that_received_it() {
    let graph = graph_api().await;
    let bot = Bot::start(&graph, &[]).await;
    let batch = batch().signed(&app_secret());
    assert_eq!(bot.post(&batch).await, 200);
    // 200 comes once every item is done: the requests are in already.
    assert_answered_once(&graph.sent(), &batch_replies());
    assert_eq!(graph.requests_received(), 10);

    // Meta delivers it again: answered 200, and nothing is sent again.
    assert_eq!(bot.post(&batch).await, 200);
    settle().await;
    assert_eq!(graph.requests_received(), 10);
    assert_answered_once(&graph.sent(), &batch_replies());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_message_older_than_24_hours_is_not_answered_nor_tried_again() {
    let graph = graph_api().await;
    let bot = Bot::start(&graph, &[]).await;
    let old = NotificationBuilder::default()
        .message(text("wamid.OLD", PHONE, "yesterday").at(hours_ago(25)))
        .message(text("wamid.RECENT", PHONE, "still open").at(hours_ago(23)))
        .signed(&app_secret());
    assert_eq!(bot.post(&old).await, 200);
    assert_answered_once(
        &graph.sent(),
        &[("wamid.RECENT", PHONE_NUMBER_ID, Address::Phone(PHONE))],
    );
    // Failed for good: a redelivery does not try it again.
    assert_eq!(bot.post(&old).await, 200);
    settle().await;
    assert_eq!(graph.requests_received(), 2);
    bot.wait_for_output("failed for good").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_bad_signature_is_401_and_nothing_is_sent_nor_remembered() {
    let graph = graph_api().await;
    let bot = Bot::start(&graph, &[]).await;
    let signed = NotificationBuilder::default()
        .message(text("wamid.SIGNED", PHONE, "hello"))
        .signed(&app_secret());
    let other_secret = cta_core::webhook::AppSecret::new("another-secret")
        .unwrap()
        .sign(signed.body());
    let mut tampered = signed.body().to_vec();
    tampered.push(b' ');
    for (body, signature) in [
        (signed.body(), None),
        (signed.body(), Some("sha256=")),
        (signed.body(), Some("sha256=not-hex")),
        (signed.body(), Some(other_secret.as_str())),
        (&tampered[..], Some(signed.signature())),
    ] {
        let answer = bot.post_raw(body, signature).await;
        assert_eq!(answer.status, 401, "{signature:?}");
    }
    settle().await;
    assert_eq!(graph.requests_received(), 0);
    // Nothing was claimed: the same message, signed, is answered.
    assert_eq!(bot.post(&signed).await, 200);
    assert_answered_once(
        &graph.sent(),
        &[("wamid.SIGNED", PHONE_NUMBER_ID, Address::Phone(PHONE))],
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_body_over_the_limit_is_413_and_one_at_the_limit_is_answered() {
    let graph = graph_api().await;
    let bot = Bot::start(&graph, &[]).await;
    let notification = NotificationBuilder::default().message(text("wamid.LARGE", PHONE, "padded"));
    // JSON allows trailing whitespace: a real notification padded, and signed as padded.
    let padded = |length: usize| {
        let mut body = notification.body();
        body.resize(length, b' ');
        let signature = app_secret().sign(&body);
        (body, signature)
    };
    let (body, signature) = padded(DEFAULT_BODY_LIMIT + 1);
    assert_eq!(bot.post_raw(&body, Some(&signature)).await.status, 413);
    settle().await;
    assert_eq!(graph.requests_received(), 0);
    let (body, signature) = padded(DEFAULT_BODY_LIMIT);
    assert_eq!(bot.post_raw(&body, Some(&signature)).await.status, 200);
    assert_answered_once(
        &graph.sent(),
        &[("wamid.LARGE", PHONE_NUMBER_ID, Address::Phone(PHONE))],
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_output_holds_no_secret_phone_number_bsuid_or_message_text() {
    let graph = graph_api().await;
    // Debug: more is printed than a deployment would, so more could leak.
    let bot = Bot::start(&graph, &[("RUST_LOG", "debug")]).await;
    let handshake =
        format!("/webhook?hub.mode=subscribe&hub.challenge=7&hub.verify_token={VERIFY_TOKEN}");
    assert_eq!(
        http(bot.addr, "GET", &handshake, &[], b"").await.status,
        200
    );
    let wrong = "/webhook?hub.mode=subscribe&hub.challenge=7&hub.verify_token=guess-of-a-secret";
    assert_eq!(http(bot.addr, "GET", wrong, &[], b"").await.status, 403);
    let batch = batch().signed(&app_secret());
    assert_eq!(
        bot.post_raw(batch.body(), Some("sha256=00")).await.status,
        401
    );
    assert_eq!(bot.post(&batch).await, 200);
    // A failure, whose error Meta words with what it was sent.
    graph.fail_all(StatusCode::BAD_REQUEST, ErrorCode::PARAMETER_VALUE_INVALID);
    let refused = NotificationBuilder::default()
        .message(text("wamid.REFUSED", PHONE, "Refused words"))
        .signed(&app_secret());
    assert_eq!(bot.post(&refused).await, 200);
    bot.wait_for_output("failed for good").await;
    settle().await;

    let output = bot.output();
    // The output is read: the events a deployment needs are there, by message ID.
    for expected in [
        "listening on",
        "handshake accepted",
        "bad signature",
        "wamid.PHONE",
    ] {
        assert!(
            output.iter().any(|line| line.contains(expected)),
            "{expected:?} not in:\n{}",
            output.join("\n")
        );
    }
    let secrets = [
        ACCESS_TOKEN,
        APP_SECRET,
        VERIFY_TOKEN,
        "guess-of-a-secret",
        PHONE,
        OTHER_PHONE,
        BSUID,
        "GB.7719",
        "Does it come in blue?",
        "And in another size?",
        "Refused words",
        "this one",
    ];
    for line in &output {
        for secret in secrets {
            assert!(!line.contains(secret), "{secret:?} printed: {line}");
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_graph_api_outage_past_the_deadline_is_503_and_the_redelivery_replies_once() {
    let graph = graph_api().await;
    let bot = Bot::start(&graph, &[("WHATSAPP_DEADLINE_MS", "1500")]).await;
    // The client retries 131016 after 1 s, 2 s, 4 s: longer than the deadline.
    graph.fail_all(
        StatusCode::SERVICE_UNAVAILABLE,
        ErrorCode::SERVICE_UNAVAILABLE,
    );
    let message = NotificationBuilder::default()
        .message(text("wamid.OUTAGE", PHONE, "anyone there?"))
        .signed(&app_secret());
    let started = Instant::now();
    assert_eq!(bot.post(&message).await, 503);
    let answered_after = started.elapsed();
    bot.wait_for_output("ran past its deadline").await;
    let tried = graph.requests_received();
    assert!(tried >= 1, "{tried} attempts");
    assert!(graph.sent().is_empty());

    // Meta delivers it again during the outage: the first run still holds it (its client
    // retries), so 503, and nothing runs a second time.
    assert_eq!(bot.post(&message).await, 503);
    bot.wait_for_output("held by another task or server").await;
    assert!(graph.sent().is_empty());

    graph.recover();
    // The first run gets through once the API is back, and records its message done: one
    // reply, whoever sends it.
    let statuses = bot.post_until_ok(&message).await;
    assert_answered_once(
        &graph.sent(),
        &[("wamid.OUTAGE", PHONE_NUMBER_ID, Address::Phone(PHONE))],
    );
    assert_eq!(bot.post(&message).await, 200);
    settle().await;
    assert_eq!(graph.sent().len(), 2);
    eprintln!(
        "outage: first POST 503 after {answered_after:?} with {tried} Graph API attempts; \
         after recovery {statuses:?}; accepted: {} receipt, {} reply",
        count(&graph.sent(), RequestKind::ReadWithTyping),
        count(&graph.sent(), RequestKind::Message),
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_graph_api_slower_than_the_deadline_is_503_and_the_held_reply_is_sent_once() {
    let graph = graph_api().await;
    let bot = Bot::start(&graph, &[("WHATSAPP_DEADLINE_MS", "1000")]).await;
    // Each request waits this long: the receipt, then the reply, both past the deadline.
    graph.hold(Duration::from_secs(2));
    let message = NotificationBuilder::default()
        .message(text("wamid.SLOW", PHONE, "anyone there?"))
        .signed(&app_secret());
    let started = Instant::now();
    assert_eq!(bot.post(&message).await, 503);
    let answered_after = started.elapsed();
    // The reply is not given up at the deadline (it may be sent already): the message stays
    // held, and Meta's redelivery meanwhile is 503 without a second run.
    assert_eq!(bot.post(&message).await, 503);
    bot.wait_for_output("held by another task or server").await;
    let statuses = bot.post_until_ok(&message).await;
    let done_after = started.elapsed();
    settle().await;
    eprintln!(
        "slow Graph API: first POST 503 after {answered_after:?}; redeliveries {statuses:?}, \
         200 after {done_after:?}; {} requests received",
        graph.requests_received()
    );
    // The held receipt and reply went through after the deadline, once each.
    assert_eq!(graph.requests_received(), 2, "a request was made twice");
    assert_answered_once(
        &graph.sent(),
        &[("wamid.SLOW", PHONE_NUMBER_ID, Address::Phone(PHONE))],
    );
    assert!(
        done_after >= Duration::from_secs(4),
        "200 after {done_after:?}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sigterm_while_a_reply_is_in_flight_lets_it_finish_then_exits_0() {
    let graph = graph_api().await;
    let mut bot = Bot::start(&graph, &[]).await;
    // Each request waits a second: the receipt, then the reply.
    graph.hold(Duration::from_secs(1));
    let message = NotificationBuilder::default()
        .message(text("wamid.TERM", PHONE, "just before closing"))
        .signed(&app_secret());
    let addr = bot.addr;
    let posted = tokio::spawn(async move {
        http(
            addr,
            "POST",
            "/webhook",
            &[(SIGNATURE, message.signature())],
            message.body(),
        )
        .await
    });
    wait_until_received(&graph, 1).await;
    bot.terminate();
    bot.wait_for_output("shutting down").await;
    // The listener closes soon after the signal (the log line comes first, so poll), while the
    // reply is still in flight: Meta's next POST goes to another server.
    let closing = Instant::now();
    while tokio::net::TcpStream::connect(addr).await.is_ok() {
        assert!(
            closing.elapsed() < Duration::from_millis(900),
            "connections were still accepted 900 ms after SIGTERM"
        );
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    assert!(!posted.is_finished(), "answered before the reply was sent");
    let answer = posted.await.unwrap();
    let status = bot.wait_exit().await;
    let sent = graph.sent();
    eprintln!(
        "SIGTERM: POST answered {}, exit {status}, accepted: {} receipt, {} reply",
        answer.status,
        count(&sent, RequestKind::ReadWithTyping),
        count(&sent, RequestKind::Message),
    );
    assert_eq!(answer.status, 200);
    assert_eq!(status.code(), Some(0), "{status}");
    assert_answered_once(
        &sent,
        &[("wamid.TERM", PHONE_NUMBER_ID, Address::Phone(PHONE))],
    );
}

fn count(sent: &[SentRequest], kind: RequestKind) -> usize {
    sent.iter().filter(|request| request.kind == kind).count()
}

// ---------------------------------------------------------------- bots sharing Redis

/// Six texts over two numbers, one from a BSUID-only user.
fn six_texts(
    ids: [&'static str; 6],
) -> (
    NotificationBuilder,
    Vec<(&'static str, &'static str, Address<'static>)>,
) {
    let batch = NotificationBuilder::default()
        .message(text(ids[0], PHONE, "one"))
        .message(text(ids[1], OTHER_PHONE, "two"))
        .message(UserMessage::text_from_bsuid(BSUID, "three").id(ids[2]))
        .next_change(SECOND_NUMBER)
        .message(text(ids[3], PHONE, "four"))
        .message(text(ids[4], OTHER_PHONE, "five"))
        .message(text(ids[5], PHONE, "six"));
    let expected = vec![
        (ids[0], PHONE_NUMBER_ID, Address::Phone(PHONE)),
        (ids[1], PHONE_NUMBER_ID, Address::Phone(OTHER_PHONE)),
        (ids[2], PHONE_NUMBER_ID, Address::Bsuid(BSUID)),
        (ids[3], SECOND_NUMBER, Address::Phone(PHONE)),
        (ids[4], SECOND_NUMBER, Address::Phone(OTHER_PHONE)),
        (ids[5], SECOND_NUMBER, Address::Phone(PHONE)),
    ];
    (batch, expected)
}

const FIRST_SIX: [&str; 6] = [
    "wamid.R1", "wamid.R2", "wamid.R3", "wamid.R4", "wamid.R5", "wamid.R6",
];
const NEXT_SIX: [&str; 6] = [
    "wamid.S1", "wamid.S2", "wamid.S3", "wamid.S4", "wamid.S5", "wamid.S6",
];

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs redis-server on PATH; .ci/run installs it and runs these"]
async fn two_bots_sharing_redis_given_one_batch_at_once_answer_each_message_once() {
    let redis = RedisServer::start();
    let url = redis.url();
    let graph = graph_api().await;
    let env = [("WHATSAPP_STORE", url.as_str())];
    let (a, b) = tokio::join!(Bot::start(&graph, &env), Bot::start(&graph, &env));
    // Slow answers, so that the two bots' work overlaps.
    graph.hold(Duration::from_millis(300));
    let (batch, expected) = six_texts(FIRST_SIX);
    let batch = batch.signed(&app_secret());
    // Each bot gets it, and again what it did not answer 200, as Meta delivers; at each 200,
    // how many replies the Graph API had accepted.
    let (to_a, to_b) = tokio::join!(deliver(&a, &batch, &graph), deliver(&b, &batch, &graph));
    settle().await;
    let sent = graph.sent();
    let handled = |bot: &Bot| {
        bot.output()
            .iter()
            .filter(|line| line.contains("webhook: done"))
            .count()
    };
    let (handled_a, handled_b) = (handled(&a), handled(&b));
    eprintln!(
        "two bots, at once: deliveries to A {to_a:?}, to B {to_b:?} (status, replies accepted \
         by then); handled by A {handled_a}, by B {handled_b}; accepted: {} receipts, {} \
         replies, {} requests received",
        count(&sent, RequestKind::ReadWithTyping),
        count(&sent, RequestKind::Message),
        graph.requests_received(),
    );
    assert_answered_once(&sent, &expected);
    assert_eq!(graph.requests_received(), 12, "a request was made twice");
    assert_eq!(handled_a + handled_b, 6);
    // A 200 only once every message is answered, by one bot or the other: a 200 while the
    // other bot still held a message would lose it if that bot then died.
    for (status, replies) in to_a.iter().chain(&to_b) {
        if *status == 200 {
            assert_eq!(*replies, 6, "A {to_a:?}, B {to_b:?}");
        }
    }

    // Then the other order Meta may take: a redelivery to B while A is still at work on the
    // first delivery (every message claimed, every receipt waiting on the Graph API).
    let (next, next_expected) = six_texts(NEXT_SIX);
    let next = next.signed(&app_secret());
    let (to_a, b_meanwhile) = tokio::join!(deliver(&a, &next, &graph), async {
        wait_until_received(&graph, 12 + 6).await;
        let status = b.post(&next).await;
        (status, count(&graph.sent(), RequestKind::Message))
    });
    let to_b = deliver(&b, &next, &graph).await;
    settle().await;
    let sent = graph.sent();
    eprintln!(
        "two bots, B while A works: A {to_a:?}; B meanwhile {b_meanwhile:?}, then {to_b:?}; \
         handled by A {}, by B {}; accepted: {} replies in all",
        handled(&a) - handled_a,
        handled(&b) - handled_b,
        count(&sent, RequestKind::Message),
    );
    assert_eq!(
        b_meanwhile,
        (503, 6),
        "B answered while A held every message"
    );
    assert_eq!(to_a, [(200, 12)]);
    assert_eq!(to_b, [(200, 12)]);
    let all: Vec<_> = expected.iter().chain(&next_expected).copied().collect();
    assert_answered_once(&sent, &all);
    assert_eq!(graph.requests_received(), 24, "a request was made twice");
}

/// POSTs `notification` to `bot` until it is answered 200, a little apart, as Meta delivers
/// again; gives each answer's status with the number of replies the Graph API had accepted
/// when it came.
async fn deliver(
    bot: &Bot,
    notification: &SignedNotification,
    graph: &GraphApi,
) -> Vec<(u16, usize)> {
    let started = Instant::now();
    let mut answers = Vec::new();
    loop {
        let status = bot.post(notification).await;
        answers.push((status, count(&graph.sent(), RequestKind::Message)));
        if status == 200 {
            return answers;
        }
        assert!(
            started.elapsed() < PATIENCE,
            "never answered 200: {answers:?}"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs redis-server on PATH; .ci/run installs it and runs these"]
async fn a_bot_killed_mid_reply_leaves_it_to_the_other_after_the_lease_which_replies_once() {
    // The lease is at least the deadline and 5 s: 9 s here.
    const DEADLINE: Duration = Duration::from_secs(4);
    const LEASE: Duration = Duration::from_secs(9);
    // Each request waits this long: the receipt is answered, then the reply is held.
    const HOLD: Duration = Duration::from_millis(1500);
    let redis = RedisServer::start();
    let url = redis.url();
    let graph = graph_api().await;
    let env = [
        ("WHATSAPP_STORE", url.as_str()),
        ("WHATSAPP_DEADLINE_MS", "4000"),
        ("WHATSAPP_CLAIM_LEASE_MS", "1500"),
    ];
    let (mut a, b) = tokio::join!(Bot::start(&graph, &env), Bot::start(&graph, &env));
    graph.hold(HOLD);
    let message = NotificationBuilder::default()
        .message(text("wamid.KILLED", PHONE, "are you there?"))
        .signed(&app_secret());
    let posted_at = Instant::now();
    let addr = a.addr;
    let posted = {
        let message = message.clone();
        tokio::spawn(async move {
            try_http(
                addr,
                "POST",
                "/webhook",
                &[(SIGNATURE, message.signature())],
                message.body(),
            )
            .await
        })
    };
    // The second request is the reply: kill the bot while the stand-in holds it.
    wait_until_received(&graph, 2).await;
    let before_kill = graph.sent();
    a.child.kill().unwrap();
    let killed = a.wait_exit().await;
    graph.hold(Duration::ZERO);
    assert!(
        posted_at.elapsed() < DEADLINE,
        "too slow to kill it in time"
    );
    assert_eq!(count(&before_kill, RequestKind::ReadWithTyping), 1);
    assert_eq!(count(&before_kill, RequestKind::Message), 0);
    // Meta's POST to the killed bot got no answer.
    let lost = posted.await.unwrap();
    assert!(lost.is_err(), "{lost:?}");

    // Redelivered to the other bot while the killed one's claim stands: held, so 503.
    let held = b.post(&message).await;
    let statuses = b.post_until_ok(&message).await;
    let took_over_after = posted_at.elapsed();
    settle().await;
    let sent = graph.sent();
    eprintln!(
        "SIGKILL: killed bot {killed}, its POST got {lost:?}; other bot: {held} at once, then \
         {statuses:?}, 200 after {took_over_after:?} (lease {LEASE:?}); accepted: {} receipts, \
         {} replies",
        count(&sent, RequestKind::ReadWithTyping),
        count(&sent, RequestKind::Message),
    );
    assert_eq!(held, 503);
    assert!(
        took_over_after >= LEASE,
        "taken over after {took_over_after:?}"
    );
    // The killed bot's held reply was never answered, so never sent; the other bot's was.
    assert_eq!(count(&sent, RequestKind::Message), 1, "{sent:#?}");
    let reply = sent
        .iter()
        .find(|request| request.kind == RequestKind::Message)
        .unwrap();
    assert_eq!(reply.reply_to(), Some("wamid.KILLED"));
    assert_eq!(reply.to(), Some("+16505551234"));
    // Both bots marked it read: the killed one before it died, the other when it took over.
    assert_eq!(count(&sent, RequestKind::ReadWithTyping), 2);
    assert!(
        b.output()
            .iter()
            .any(|line| line.contains("held by another"))
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs redis-server on PATH; .ci/run installs it and runs these"]
async fn a_bot_restarted_with_redis_does_not_answer_again_what_was_done() {
    let redis = RedisServer::start();
    let url = redis.url();
    let graph = graph_api().await;
    let (batch, expected) = six_texts(FIRST_SIX);
    let batch = batch.signed(&app_secret());

    let mut first = Bot::start(&graph, &[("WHATSAPP_STORE", url.as_str())]).await;
    assert_eq!(first.post(&batch).await, 200);
    assert_answered_once(&graph.sent(), &expected);
    first.terminate();
    assert_eq!(first.wait_exit().await.code(), Some(0));

    let restarted = Bot::start(&graph, &[("WHATSAPP_STORE", url.as_str())]).await;
    assert_eq!(restarted.post(&batch).await, 200);
    settle().await;
    assert_eq!(graph.requests_received(), 12);
    assert_answered_once(&graph.sent(), &expected);
    // It does answer what is new.
    let new = NotificationBuilder::default()
        .message(text("wamid.AFTER", PHONE, "after the restart"))
        .signed(&app_secret());
    assert_eq!(restarted.post(&new).await, 200);
    assert_eq!(count(&graph.sent(), RequestKind::Message), 7);
    drop(restarted);

    // The check sees a second answer: with the memory store, a restart forgets what was done.
    let graph = graph_api().await;
    let mut forgetful = Bot::start(&graph, &[("WHATSAPP_STORE", "memory")]).await;
    assert_eq!(forgetful.post(&batch).await, 200);
    forgetful.terminate();
    assert_eq!(forgetful.wait_exit().await.code(), Some(0));
    let forgetful = Bot::start(&graph, &[]).await;
    assert_eq!(forgetful.post(&batch).await, 200);
    assert_eq!(count(&graph.sent(), RequestKind::Message), 12);
}
