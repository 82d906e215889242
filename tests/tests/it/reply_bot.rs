//! The `reply_bot` example end to end, on loopback: its router served on 127.0.0.1, signed
//! webhooks posted to it over HTTP, and what reaches the Graph API stand-in checked; then the
//! real binary, run as `cargo run --example reply_bot` would run it.

use crate::common;
use crate::graph_server;

#[path = "../../../examples/reply_bot/bot.rs"]
mod bot;

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex, mpsc};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use cta_core::send::{Client, SendConfig};
use cta_core::webhook::{AppSecret, VerifyToken};
use tokio::sync::oneshot;

use bot::{BODY_LIMIT, Bot, Event, REMEMBERED_MESSAGES, REPLY};
use graph_server::{GraphServer, PHONE_NUMBER_ID, Reply, SEED_WAMID, TOKEN};

const APP_SECRET: &str = "test-app-secret";
/// `cta_core::webhook::SIGNATURE_HEADER`, as written on the wire.
const SIGNATURE: &str = "X-Hub-Signature-256";
const VERIFY_TOKEN: &str = "meatyhamhock";

const TEXT_MESSAGE: &[u8] = include_bytes!("../../fixtures/webhooks/text-message.json");
const BSUID_TEXT_MESSAGE: &[u8] = include_bytes!("../../fixtures/webhooks/bsuid-text-message.json");
const STATUS_SENT: &[u8] = include_bytes!("../../fixtures/webhooks/status-sent.json");
const STATUS_FAILED: &[u8] = include_bytes!("../../fixtures/webhooks/status-failed.json");
/// The signature of `text-message.json` under `test-app-secret`, from the fixtures' README.
const TEXT_MESSAGE_SIGNATURE: &str =
    "sha256=5e015a19507feca06df7224fa250bc92f199fd191a14878fd500dc43bc169034";
const TEXT_WAMID: &str = "wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQzQTRBNjU5OUFFRTAzODEwMTQ0RgA=";
const BSUID_WAMID: &str = "wamid.HBgLMTY0NjcwNDM1OTUVAgASGBQzQUI2RjlGQTRDMjcyNzNFMjhCNwA=";

/// How long anything asynchronous is given to happen.
const PATIENCE: Duration = Duration::from_secs(20);

/// An hour after the fixtures' messages were sent: their 24-hour window is open.
fn fixture_time() -> SystemTime {
    UNIX_EPOCH + Duration::from_secs(1_749_416_512 + 3600)
}

/// Two days after: every fixture's window is closed.
fn two_days_later() -> SystemTime {
    UNIX_EPOCH + Duration::from_secs(1_749_416_512 + 2 * 86_400)
}

/// The reply bot's router, served on its own thread and port.
struct BotServer {
    addr: SocketAddr,
    events: Arc<Mutex<Vec<Event>>>,
    shutdown: Option<oneshot::Sender<()>>,
}

impl BotServer {
    fn start(graph: &GraphServer) -> BotServer {
        BotServer::start_with(graph, |bot| bot.with_clock(fixture_time))
    }

    fn start_with(graph: &GraphServer, configure: impl FnOnce(Bot) -> Bot) -> BotServer {
        let config = SendConfig::new(PHONE_NUMBER_ID, TOKEN)
            .unwrap()
            .with_base_url(graph.base_url().parse().unwrap());
        let client = Client::builder(config).max_retries(0).build().unwrap();
        let events = Arc::new(Mutex::new(Vec::new()));
        let log = Arc::clone(&events);
        let bot = Bot::new(
            AppSecret::new(APP_SECRET).unwrap(),
            VerifyToken::new(VERIFY_TOKEN).unwrap(),
            client,
        )
        .with_log(Arc::new(move |event| log.lock().unwrap().push(event)));
        let app = bot::router(Arc::new(configure(bot)));
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.set_nonblocking(true).unwrap();
        let addr = listener.local_addr().unwrap();
        let (shutdown, shutdown_received) = oneshot::channel::<()>();
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
        BotServer {
            addr,
            events,
            shutdown: Some(shutdown),
        }
    }

    fn events(&self) -> Vec<Event> {
        self.events.lock().unwrap().clone()
    }

    /// Posts `body` signed under the test app secret.
    fn post_signed(&self, body: &[u8]) -> Answer {
        let signature = AppSecret::new(APP_SECRET).unwrap().sign(body);
        self.post(body, Some(&signature))
    }

    fn post(&self, body: &[u8], signature: Option<&str>) -> Answer {
        let headers: Vec<(&str, &str)> = signature
            .map(|signature| (SIGNATURE, signature))
            .into_iter()
            .collect();
        http(self.addr, "POST", "/webhook", &headers, body)
    }
}

impl Drop for BotServer {
    fn drop(&mut self) {
        if let Some(shutdown) = self.shutdown.take() {
            let _ = shutdown.send(());
        }
    }
}

/// An HTTP answer: its status and body.
#[derive(Debug)]
struct Answer {
    status: u16,
    body: String,
}

/// One HTTP/1.1 request on a connection of its own, read to its end.
fn http(
    addr: SocketAddr,
    method: &str,
    target: &str,
    headers: &[(&str, &str)],
    body: &[u8],
) -> Answer {
    let mut stream = TcpStream::connect(addr).unwrap();
    stream.set_read_timeout(Some(PATIENCE)).unwrap();
    let mut head = format!(
        "{method} {target} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\
         Content-Type: application/json\r\nContent-Length: {}\r\n",
        body.len()
    );
    for (name, value) in headers {
        head = head + name + ": " + value + "\r\n";
    }
    head.push_str("\r\n");
    stream.write_all(head.as_bytes()).unwrap();
    // The server may answer (413) and stop reading before the whole body is written.
    let _ = stream.write_all(body);
    let mut response = Vec::new();
    // A connection the server resets after answering still leaves the answer read.
    let _ = stream.read_to_end(&mut response);
    let response = String::from_utf8_lossy(&response).into_owned();
    let status = response
        .split(' ')
        .nth(1)
        .and_then(|code| code.parse().ok())
        .unwrap_or_else(|| panic!("no HTTP answer: {response:?}"));
    let body = response
        .split_once("\r\n\r\n")
        .map_or(String::new(), |(_, body)| body.to_owned());
    Answer { status, body }
}

/// Waits until `done` holds, failing the test after [`PATIENCE`].
fn wait_until(what: &str, mut done: impl FnMut() -> bool) {
    let start = std::time::Instant::now();
    while !done() {
        assert!(start.elapsed() < PATIENCE, "timed out waiting for {what}");
        std::thread::sleep(Duration::from_millis(10));
    }
}

/// Gives a task that should do nothing the time to do something, then checks it did not.
fn settle() {
    std::thread::sleep(Duration::from_millis(300));
}

/// Every reply that reached the Graph server, keyed by the WAMID it quotes: its JSON.
fn replies_by_quoted_id(graph: &GraphServer) -> BTreeMap<String, serde_json::Value> {
    let mut replies = BTreeMap::new();
    for body in graph.bodies() {
        let json: serde_json::Value = serde_json::from_slice(&body).unwrap();
        let quoted = json["context"]["message_id"]
            .as_str()
            .unwrap_or_else(|| panic!("a reply without context.message_id: {json}"))
            .to_owned();
        assert!(
            replies.insert(quoted.clone(), json).is_none(),
            "{quoted} was answered twice"
        );
    }
    replies
}

/// Checks that `reply` goes to `address` under `key` (`to` or `recipient`, never both) and is
/// the bot's reply.
fn assert_addressed(reply: &serde_json::Value, key: &str, address: &str) {
    assert_eq!(reply[key], address, "{reply}");
    let other = if key == "to" { "recipient" } else { "to" };
    assert!(reply.get(other).is_none(), "{reply}");
    assert_eq!(reply["recipient_type"], "individual", "{reply}");
    assert_eq!(reply["biz_opaque_callback_data"], "reply_bot", "{reply}");
    assert_eq!(
        reply["interactive"]["body"]["text"],
        REPLY.body().as_str(),
        "{reply}"
    );
}

/// A notification of `entries`, each a list of change values.
fn notification(entries: &[&[String]]) -> String {
    let entries: Vec<String> = entries
        .iter()
        .enumerate()
        .map(|(index, values)| {
            let changes: Vec<String> = values
                .iter()
                .map(|value| format!(r#"{{"field":"messages","value":{value}}}"#))
                .collect();
            format!(
                r#"{{"id":"10229012934039{index}","changes":[{}]}}"#,
                changes.join(",")
            )
        })
        .collect();
    format!(
        r#"{{"object":"whatsapp_business_account","entry":[{}]}}"#,
        entries.join(",")
    )
}

/// A change value with `contacts` (a JSON array, if any) and `messages`.
fn value(contacts: Option<&str>, messages: &[String]) -> String {
    let contacts = contacts.map_or(String::new(), |contacts| {
        format!(r#","contacts":{contacts}"#)
    });
    format!(
        r#"{{"messaging_product":"whatsapp","metadata":{{"display_phone_number":"15550783881","phone_number_id":"{PHONE_NUMBER_ID}"}}{contacts},"messages":[{}]}}"#,
        messages.join(",")
    )
}

/// A text message from `sender` (JSON members such as `"from":"…"`), sent at `timestamp`.
fn text_at(sender: &str, id: &str, body: &str, timestamp: u64) -> String {
    format!(
        r#"{{{sender},"id":"{id}","timestamp":"{timestamp}","type":"text","text":{{"body":"{body}"}}}}"#
    )
}

fn text(sender: &str, id: &str, body: &str) -> String {
    text_at(sender, id, body, 1_749_416_383)
}

#[test]
fn the_handshake_echoes_the_challenge_for_the_right_token_only() {
    let graph = GraphServer::recording(vec![Reply::seed_success()]);
    let server = BotServer::start(&graph);
    let good = format!(
        "/webhook?hub.mode=subscribe&hub.challenge=1158201444&hub.verify_token={VERIFY_TOKEN}"
    );
    let answer = http(server.addr, "GET", &good, &[], b"");
    assert_eq!((answer.status, answer.body.as_str()), (200, "1158201444"));

    for bad in [
        "/webhook?hub.mode=subscribe&hub.challenge=1158201444&hub.verify_token=wrong",
        "/webhook?hub.mode=unsubscribe&hub.challenge=1158201444&hub.verify_token=meatyhamhock",
        "/webhook?hub.challenge=1158201444",
        "/webhook",
    ] {
        let answer = http(server.addr, "GET", bad, &[], b"");
        assert_eq!(answer.status, 403, "{bad}");
        assert!(!answer.body.contains("1158201444"), "{bad}: {answer:?}");
    }
    assert_eq!(
        server.events(),
        [true, false, false, false, false].map(|accepted| Event::Handshake { accepted })
    );
    assert_eq!(graph.requests(), 0);
}

#[test]
fn the_shared_fixture_with_its_documented_signature_gets_one_reply_to_the_number_with_plus() {
    let graph = GraphServer::recording(vec![Reply::seed_success()]);
    let server = BotServer::start(&graph);
    let answer = server.post(TEXT_MESSAGE, Some(TEXT_MESSAGE_SIGNATURE));
    assert_eq!(answer.status, 200);
    wait_until("the reply", || graph.requests() == 1);
    let replies = replies_by_quoted_id(&graph);
    assert_addressed(&replies[TEXT_WAMID], "to", "+16505551234");
    graph.assert_requests_were_valid();
    wait_until("the log of the reply", || {
        server.events().contains(&Event::Replied {
            to: TEXT_WAMID.to_owned(),
            reply: SEED_WAMID.to_owned(),
        })
    });
    // The request is exactly what the crate writes for this reply.
    let notification = cta_core::webhook::Notification::parse(TEXT_MESSAGE).unwrap();
    let inbound = notification.messages().next().unwrap().unwrap();
    assert_eq!(
        graph.bodies()[0],
        REPLY.in_reply_to(&inbound).unwrap().to_json_vec()
    );
}

#[test]
fn a_bsuid_only_sender_is_answered_in_recipient() {
    let graph = GraphServer::recording(vec![Reply::seed_success()]);
    let server = BotServer::start(&graph);
    assert_eq!(server.post_signed(BSUID_TEXT_MESSAGE).status, 200);
    wait_until("the reply", || graph.requests() == 1);
    let replies = replies_by_quoted_id(&graph);
    assert_addressed(
        &replies[BSUID_WAMID],
        "recipient",
        "US.13491208655302741918",
    );
    graph.assert_requests_were_valid();
}

#[test]
fn a_batch_gets_one_reply_per_text_message_each_quoting_its_own() {
    let graph = GraphServer::recording(vec![Reply::seed_success()]);
    let server = BotServer::start(&graph);
    let first_entry = [
        // A phone number and a BSUID: the phone number wins; several messages in one value.
        value(
            Some(r#"[{"profile":{"name":"Sheena"},"wa_id":"16505551234","user_id":"US.1"}]"#),
            &[
                text(r#""from":"16505551234","from_user_id":"US.1""#, "wamid.P1", "first"),
                text(r#""from":"16505551234""#, "wamid.P2", "second"),
                // Not text: not answered.
                r#"{"from":"16505551234","id":"wamid.IMG","timestamp":"1749416383","type":"image","image":{"id":"1","mime_type":"image/jpeg"}}"#.to_owned(),
                r#"{"from":"16505551234","id":"wamid.ORDER","timestamp":"1749416383","type":"order","order":{"catalog_id":"1"}}"#.to_owned(),
                r#"{"from":"16505551234","id":"wamid.NEW","timestamp":"1749416383","type":"a_kind_meta_adds_later","a_kind_meta_adds_later":{}}"#.to_owned(),
            ],
        ),
        // A BSUID-only sender with no profile.
        value(
            Some(r#"[{"user_id":"BR.77"}]"#),
            &[text(r#""from_user_id":"BR.77""#, "wamid.B1", "olá")],
        ),
    ];
    let second_entry = [
        // No contacts at all; non-ASCII text, raw and escaped.
        value(
            None,
            &[
                text(
                    r#""from":"441632960961""#,
                    "wamid.U1",
                    "Ça coûte combien ? 💙",
                ),
                text(
                    r#""from":"441632960961""#,
                    "wamid.U2",
                    r"\u00e7a \ud83d\udc99",
                ),
            ],
        ),
        // The address only on the contact.
        value(
            Some(r#"[{"wa_id":"33612345678"}]"#),
            &[text(
                r#""context":{"from":"15550783881","id":"wamid.EARLIER"}"#,
                "wamid.C1",
                "contact only",
            )],
        ),
    ];
    let body = notification(&[&first_entry, &second_entry]);
    assert_eq!(server.post_signed(body.as_bytes()).status, 200);

    let expected = [
        ("wamid.P1", "to", "+16505551234"),
        ("wamid.P2", "to", "+16505551234"),
        ("wamid.B1", "recipient", "BR.77"),
        ("wamid.U1", "to", "+441632960961"),
        ("wamid.U2", "to", "+441632960961"),
        ("wamid.C1", "to", "+33612345678"),
    ];
    wait_until("every reply", || graph.requests() >= expected.len());
    settle();
    let replies = replies_by_quoted_id(&graph);
    assert_eq!(replies.len(), expected.len(), "{replies:#?}");
    for (quoted, key, address) in expected {
        assert_addressed(&replies[quoted], key, address);
    }
    graph.assert_requests_were_valid();
    let events = server.events();
    for (id, kind) in [
        ("wamid.IMG", "image"),
        ("wamid.ORDER", "order"),
        ("wamid.NEW", "a_kind_meta_adds_later"),
    ] {
        let event = Event::NotText {
            id: id.to_owned(),
            kind: kind.to_owned(),
        };
        assert!(events.contains(&event), "{event:?} not in {events:#?}");
    }
}

#[test]
fn a_delivery_made_again_is_answered_once() {
    let graph = GraphServer::recording(vec![Reply::seed_success()]);
    let server = BotServer::start(&graph);
    // Twice the same delivery, and the same message twice within one.
    let once = value(None, &[text(r#""from":"16505551234""#, "wamid.D1", "hi")]);
    let twice_within = value(
        None,
        &[
            text(r#""from":"16505551234""#, "wamid.D2", "hi"),
            text(r#""from":"16505551234""#, "wamid.D2", "hi"),
        ],
    );
    let first = notification(&[&[once]]);
    assert_eq!(server.post_signed(first.as_bytes()).status, 200);
    assert_eq!(server.post_signed(first.as_bytes()).status, 200);
    let second = notification(&[&[twice_within]]);
    assert_eq!(server.post_signed(second.as_bytes()).status, 200);
    wait_until("the replies", || graph.requests() >= 2);
    settle();
    let replies = replies_by_quoted_id(&graph);
    assert_eq!(
        replies.keys().collect::<Vec<_>>(),
        ["wamid.D1", "wamid.D2"],
        "{replies:#?}"
    );
    let duplicates = server
        .events()
        .into_iter()
        .filter(|event| matches!(event, Event::Duplicate { .. }))
        .count();
    assert_eq!(duplicates, 2);
}

#[test]
fn the_memory_of_message_ids_is_bounded_oldest_forgotten_first() {
    const _: () = assert!(REMEMBERED_MESSAGES == 4096);
    let graph = GraphServer::recording(vec![Reply::seed_success()]);
    let server = BotServer::start_with(&graph, |bot| bot.with_clock(fixture_time).with_memory(2));
    for id in ["wamid.M1", "wamid.M2", "wamid.M3", "wamid.M1", "wamid.M3"] {
        let body = notification(&[&[value(None, &[text(r#""from":"16505551234""#, id, "hi")])]]);
        assert_eq!(server.post_signed(body.as_bytes()).status, 200);
    }
    // M1 was forgotten when M3 came, so it is answered again; M3 is still remembered.
    wait_until("the replies", || graph.requests() >= 4);
    settle();
    assert_eq!(graph.requests(), 4);
    let duplicates: Vec<Event> = server
        .events()
        .into_iter()
        .filter(|event| matches!(event, Event::Duplicate { .. }))
        .collect();
    assert_eq!(
        duplicates,
        [Event::Duplicate {
            id: "wamid.M3".to_owned()
        }]
    );
}

#[test]
fn a_bad_or_missing_signature_is_401_and_nothing_is_sent() {
    let graph = GraphServer::recording(vec![Reply::seed_success()]);
    let server = BotServer::start(&graph);
    let other_secret = AppSecret::new("another-secret").unwrap().sign(TEXT_MESSAGE);
    let mut tampered = TEXT_MESSAGE.to_vec();
    tampered.extend_from_slice(b" ");
    for signature in [
        None,
        Some(""),
        Some("sha256="),
        Some("sha1=5e015a19507feca06df7224fa250bc92f199fd19"),
        Some("sha256=not-hex"),
        Some(other_secret.as_str()),
        Some("sha256=0000000000000000000000000000000000000000000000000000000000000000"),
    ] {
        let answer = server.post(TEXT_MESSAGE, signature);
        assert_eq!(answer.status, 401, "{signature:?}");
    }
    // The right signature of another body.
    let answer = server.post(&tampered, Some(TEXT_MESSAGE_SIGNATURE));
    assert_eq!(answer.status, 401);
    settle();
    assert_eq!(graph.requests(), 0);
    let events = server.events();
    assert_eq!(events.len(), 8, "{events:#?}");
    assert!(
        events
            .iter()
            .all(|event| matches!(event, Event::BadSignature(_))),
        "{events:#?}"
    );
    // Nothing was remembered either: the same message, signed, is answered.
    assert_eq!(
        server
            .post(TEXT_MESSAGE, Some(TEXT_MESSAGE_SIGNATURE))
            .status,
        200
    );
    wait_until("the reply", || graph.requests() == 1);
}

#[test]
fn an_oversized_body_is_413_and_nothing_is_sent() {
    let graph = GraphServer::recording(vec![Reply::seed_success()]);
    let server = BotServer::start(&graph);
    // A real message padded past the limit with whitespace, correctly signed.
    let mut body = TEXT_MESSAGE.to_vec();
    body.resize(BODY_LIMIT + 1, b' ');
    assert_eq!(server.post_signed(&body).status, 413);
    // At the limit exactly, it is taken.
    body.truncate(BODY_LIMIT);
    assert_eq!(server.post_signed(&body).status, 200);
    wait_until("the reply", || graph.requests() == 1);
    settle();
    assert_eq!(graph.requests(), 1);
}

#[test]
fn signed_junk_is_answered_200_and_nothing_is_sent() {
    let graph = GraphServer::recording(vec![Reply::seed_success()]);
    let server = BotServer::start(&graph);
    assert_eq!(server.post_signed(b"not json").status, 200);
    assert_eq!(server.post_signed(br#"{"entry":[42]}"#).status, 200);
    settle();
    assert_eq!(graph.requests(), 0);
    let events = server.events();
    assert!(matches!(events[0], Event::Unreadable(_)), "{events:#?}");
    assert!(matches!(events[1], Event::Problem(_)), "{events:#?}");
}

#[test]
fn every_status_of_a_batch_is_logged_with_its_callback_data() {
    let graph = GraphServer::recording(vec![Reply::seed_success()]);
    let server = BotServer::start(&graph);
    for fixture in [STATUS_SENT, STATUS_FAILED] {
        assert_eq!(server.post_signed(fixture).status, 200);
    }
    let statuses = |ids: &[(&str, &str, Option<&str>)]| {
        let statuses: Vec<String> = ids
            .iter()
            .map(|(id, status, data)| {
                let data = data.map_or(String::new(), |data| {
                    format!(r#","biz_opaque_callback_data":"{data}""#)
                });
                format!(
                    r#"{{"id":"{id}","status":"{status}","timestamp":"1750263800","recipient_user_id":"US.1"{data}}}"#
                )
            })
            .collect();
        format!(
            r#"{{"messaging_product":"whatsapp","statuses":[{}]}}"#,
            statuses.join(",")
        )
    };
    let batch = notification(&[
        &[
            statuses(&[
                ("wamid.S1", "sent", Some("reply_bot")),
                ("wamid.S1", "delivered", Some("reply_bot")),
            ]),
            statuses(&[("wamid.S2", "read", Some("order=42 é"))]),
        ],
        &[statuses(&[
            ("wamid.S3", "played", None),
            ("wamid.S4", "a_status_meta_adds_later", Some("x")),
        ])],
    ]);
    assert_eq!(server.post_signed(batch.as_bytes()).status, 200);
    settle();
    assert_eq!(graph.requests(), 0);

    let status = |id: &str, status: &str, data: Option<&str>, code: Option<i64>| Event::Status {
        id: id.to_owned(),
        status: status.to_owned(),
        callback_data: data.map(str::to_owned),
        error_code: code,
    };
    assert_eq!(
        server.events(),
        [
            status(
                "wamid.HBgLMTY1MDM4Nzk0MzkVAgARGBI3MTE5MjY1RkE1NTJBQzgwNjMA",
                "sent",
                Some("campaign=spring-workshops"),
                None
            ),
            status(
                "wamid.HBgLMTY1MDM4Nzk0MzkVAgARGBJBQkU3NUE2RUZCRTk4RDI4NjAA",
                "failed",
                None,
                Some(131_047)
            ),
            status("wamid.S1", "sent", Some("reply_bot"), None),
            status("wamid.S1", "delivered", Some("reply_bot"), None),
            status("wamid.S2", "read", Some("order=42 é"), None),
            status("wamid.S3", "played", None, None),
            status("wamid.S4", "a_status_meta_adds_later", Some("x"), None),
        ]
    );
    // The printed line shows the callback data.
    assert_eq!(
        status("wamid.S1", "sent", Some("reply_bot"), None).to_string(),
        "status: wamid.S1 sent callback_data=\"reply_bot\""
    );
}

#[test]
fn a_message_older_than_24_hours_is_not_answered() {
    let graph = GraphServer::recording(vec![Reply::seed_success()]);
    let server = BotServer::start_with(&graph, |bot| bot.with_clock(two_days_later));
    assert_eq!(server.post_signed(TEXT_MESSAGE).status, 200);
    settle();
    assert_eq!(graph.requests(), 0);
    assert_eq!(
        server.events(),
        [Event::WindowClosed {
            id: TEXT_WAMID.to_owned()
        }]
    );
}

#[test]
fn a_reply_the_graph_api_refuses_is_logged_with_its_error() {
    let graph = GraphServer::recording(vec![Reply::graph_error(
        axum::http::StatusCode::BAD_REQUEST,
        131_047,
    )]);
    let server = BotServer::start(&graph);
    assert_eq!(server.post_signed(TEXT_MESSAGE).status, 200);
    wait_until("the failure", || {
        server
            .events()
            .iter()
            .any(|event| matches!(event, Event::SendFailed { to, .. } if to == TEXT_WAMID))
    });
    let printed: Vec<String> = server.events().iter().map(ToString::to_string).collect();
    assert!(
        printed.iter().all(|line| !line.contains(TOKEN)),
        "{printed:#?}"
    );
}

// ---- the real binary ----

/// The `reply_bot` example's binary.
fn reply_bot_binary() -> PathBuf {
    common::examples::build(&["reply_bot"]).remove(0)
}

/// The running binary; killed when dropped.
struct Running {
    child: Child,
    lines: mpsc::Receiver<String>,
}

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Running {
    /// The next line the binary prints, within [`PATIENCE`].
    fn next_line(&self) -> String {
        self.lines
            .recv_timeout(PATIENCE)
            .expect("the binary printed nothing more")
    }

    /// Reads lines until one satisfies `wanted`; gives every line read.
    fn lines_until(&self, wanted: impl Fn(&str) -> bool) -> Vec<String> {
        let mut lines = Vec::new();
        loop {
            let line = self.next_line();
            let done = wanted(&line);
            lines.push(line);
            if done {
                return lines;
            }
        }
    }
}

#[test]
fn the_binary_listens_answers_the_handshake_refuses_a_bad_signature_and_replies_once() {
    let graph = GraphServer::recording(vec![Reply::seed_success()]);
    let mut child = Command::new(reply_bot_binary())
        .env("WHATSAPP_VERIFY_TOKEN", VERIFY_TOKEN)
        .env("WHATSAPP_APP_SECRET", APP_SECRET)
        .env("WHATSAPP_ACCESS_TOKEN", TOKEN)
        .env("WHATSAPP_PHONE_NUMBER_ID", PHONE_NUMBER_ID)
        .env("WHATSAPP_API_BASE", graph.base_url())
        .env("PORT", "0")
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .unwrap();
    let stdout = child.stdout.take().unwrap();
    let (send, lines) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            if send.send(line).is_err() {
                break;
            }
        }
    });
    let running = Running { child, lines };

    let first = running.next_line();
    let addr: SocketAddr = first
        .strip_prefix("listening on http://")
        .unwrap_or_else(|| panic!("first line: {first:?}"))
        .parse()
        .unwrap();
    assert!(addr.ip().is_loopback());

    let query =
        format!("/webhook?hub.mode=subscribe&hub.challenge=42&hub.verify_token={VERIFY_TOKEN}");
    let answer = http(addr, "GET", &query, &[], b"");
    assert_eq!((answer.status, answer.body.as_str()), (200, "42"));

    let answer = http(
        addr,
        "POST",
        "/webhook",
        &[(SIGNATURE, "sha256=00")],
        TEXT_MESSAGE,
    );
    assert_eq!(answer.status, 401);

    // A message sent now, so that the real clock finds the window open.
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs();
    let body = notification(&[&[value(
        None,
        &[text_at(r#""from":"16505551234""#, "wamid.LIVE", "hi", now)],
    )]]);
    let signature = AppSecret::new(APP_SECRET).unwrap().sign(body.as_bytes());
    let answer = http(
        addr,
        "POST",
        "/webhook",
        &[(SIGNATURE, &signature)],
        body.as_bytes(),
    );
    assert_eq!(answer.status, 200);
    // And its status echo, with the reply's callback data.
    let status = notification(&[&[
        r#"{"statuses":[{"id":"wamid.R","status":"sent","timestamp":"1","recipient_id":"16505551234","biz_opaque_callback_data":"reply_bot"}]}"#.to_owned(),
    ]]);
    let signature = AppSecret::new(APP_SECRET).unwrap().sign(status.as_bytes());
    let answer = http(
        addr,
        "POST",
        "/webhook",
        &[(SIGNATURE, &signature)],
        status.as_bytes(),
    );
    assert_eq!(answer.status, 200);

    let printed = running.lines_until(|line| line.starts_with("replied to wamid.LIVE"));
    wait_until("the reply", || graph.requests() == 1);
    let replies = replies_by_quoted_id(&graph);
    assert_addressed(&replies["wamid.LIVE"], "to", "+16505551234");
    graph.assert_requests_were_valid();
    assert!(
        printed
            .iter()
            .any(|line| line == "status: wamid.R sent callback_data=\"reply_bot\""),
        "{printed:#?}"
    );
    assert!(
        printed.iter().any(|line| line == "handshake: accepted"),
        "{printed:#?}"
    );
    for line in &printed {
        assert!(
            !line.contains(TOKEN) && !line.contains(APP_SECRET),
            "{line}"
        );
        assert!(!line.contains(VERIFY_TOKEN), "{line}");
    }
}

#[test]
fn the_log_quotes_no_message_text_phone_number_or_overlong_id() {
    let graph = GraphServer::recording(vec![Reply::seed_success()]);
    let server = BotServer::start(&graph);
    let long_id = format!("wamid.{}", "X".repeat(500));
    let body = notification(&[&[value(
        None,
        &[
            // Malformed: `text` must be an object, `from` a string.
            r#"{"from":"16505551234","id":"wamid.T1","timestamp":"1749416383","type":"text","text":"my private diagnosis"}"#.to_owned(),
            r#"{"from":16505559999,"id":"wamid.T2","timestamp":"1749416383","type":"text","text":{"body":"hi"}}"#.to_owned(),
            text(r#""from":"16505551234""#, &long_id, "hello"),
        ],
    )]]);
    assert_eq!(server.post_signed(body.as_bytes()).status, 200);
    settle();
    assert_eq!(
        graph.requests(),
        0,
        "an ID over 128 characters is not answered"
    );
    let log: Vec<String> = server.events().iter().map(ToString::to_string).collect();
    assert_eq!(log.len(), 3, "{log:#?}");
    for line in &log {
        assert!(!line.contains("diagnosis"), "{line}");
        assert!(!line.contains("16505559999"), "{line}");
        assert!(!line.contains(&long_id), "{line}");
    }
    assert!(log[0].contains("entry 0, change 0, message 0"), "{log:#?}");
}
