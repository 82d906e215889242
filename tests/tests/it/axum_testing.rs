//! `cta_axum::testing`: built notifications parse into exactly the items added and verify as
//! Meta's; the stand-in Graph API answers, records, fails, recovers and holds as documented.

use std::time::{Duration, SystemTime};

use axum::Router;
use axum::body::Bytes;
use axum::http::{HeaderMap, StatusCode};
use axum::routing::post;
use cta_axum::testing::{
    APP_SECRET, BUSINESS_ACCOUNT_ID, Delivery, GraphApi, NotificationBuilder, PHONE_NUMBER_ID,
    RequestKind, StatusReport, TEST_ACCESS_TOKEN, USER_PHONE_NUMBER, UserMessage, app_secret,
};
use cta_core::send::{Client, ErrorCode, SendError, parse_response};
use cta_core::webhook::{
    AppSecret, InboundMessage, InteractiveReply, MessageKind, Notification, ReplyAddress,
    SIGNATURE_HEADER, SignatureError, StatusKind, Verified, WebhookError, receive,
};
use cta_core::{CtaUrlMessage, cta_message};
use serde_json::Value;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

const TEXT_MESSAGE: &[u8] = include_bytes!("../../fixtures/webhooks/text-message.json");
const BSUID_TEXT_MESSAGE: &[u8] = include_bytes!("../../fixtures/webhooks/bsuid-text-message.json");

const SECOND_NUMBER: &str = "106540352242923";
const BSUID: &str = "US.13491208655302741918";
const PARENT_BSUID: &str = "US.ENT.11815799212886844830";
/// Long enough that a check made right after a request arrives comes well before its answer.
const LONG_HOLD: Duration = Duration::from_secs(2);
/// Far more than any answer takes on a loaded machine; only reached when a test fails.
const PATIENCE: Duration = Duration::from_secs(20);

fn at(seconds: u64) -> SystemTime {
    SystemTime::UNIX_EPOCH + Duration::from_secs(seconds)
}

fn reply_to_user() -> CtaUrlMessage {
    cta_message! {
        to: "+16505551234",
        body: "Tap the button below to see available dates.",
        button: "See Dates",
        url: "https://www.luckyshrub.com",
    }
}

// ---------------------------------------------------------------- the notification builder

#[test]
fn the_builder_writes_the_fixtures_byte_for_byte() {
    let phone = NotificationBuilder::default().message(
        UserMessage::text(USER_PHONE_NUMBER, "Does it come in another color?")
            .id("wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQzQTRBNjU5OUFFRTAzODEwMTQ0RgA=")
            .at(at(1_749_416_383))
            .user_id(BSUID)
            .profile_name("Sheena Nelson"),
    );
    assert_eq!(phone.body(), TEXT_MESSAGE);

    let bsuid = NotificationBuilder::new(BUSINESS_ACCOUNT_ID, PHONE_NUMBER_ID).message(
        UserMessage::text_from_bsuid(BSUID, "Hi, I would like to book a workshop.")
            .parent_user_id(PARENT_BSUID)
            .id("wamid.HBgLMTY0NjcwNDM1OTUVAgASGBQzQUI2RjlGQTRDMjcyNzNFMjhCNwA=")
            .at(at(1_749_416_512))
            .profile_name("Pablo Morales")
            .username("pablo.m"),
    );
    assert_eq!(bsuid.body(), BSUID_TEXT_MESSAGE);
    // The fixture's signature, from its README.
    assert_eq!(
        phone.signed(&app_secret()).signature(),
        "sha256=5e015a19507feca06df7224fa250bc92f199fd191a14878fd500dc43bc169034"
    );
}

/// A batch of every kind of item, over two entries and three changes.
fn batch() -> NotificationBuilder {
    NotificationBuilder::default()
        .at(at(1_750_000_000))
        .text(USER_PHONE_NUMBER, "Ünïcödé and \"quotes\" 😀\nnew line")
        .text_from_bsuid(BSUID, "From a username")
        .button_reply(USER_PHONE_NUMBER, "yes-button", "Yes")
        .next_change(SECOND_NUMBER)
        .message(
            UserMessage::list_reply("447700900123", "row-2", "Tuesday", Some("10:00 to 12:00"))
                .id("wamid.explicit-id")
                .at(at(1_750_000_100))
                .reply_to("wamid.the-business-list"),
        )
        .image(USER_PHONE_NUMBER, "media-1", Some("the receipt"))
        .image(USER_PHONE_NUMBER, "media-2", None)
        .next_entry("999000111", "106540352242999")
        .status("wamid.out-1", Delivery::Sent)
        .status("wamid.out-1", Delivery::Delivered)
        .status("wamid.out-1", Delivery::Read)
        .status("wamid.out-2", Delivery::Played)
        .status_report(
            StatusReport::new(
                "wamid.out-3",
                Delivery::Failed(ErrorCode::REENGAGEMENT_MESSAGE),
            )
            .recipient_user_id(BSUID)
            .without_phone_number()
            .callback_data("campaign=spring")
            .at(at(1_750_000_200)),
        )
}

#[test]
fn a_built_batch_parses_into_exactly_the_messages_added() {
    let builder = batch();
    let body = builder.body();
    let notification = Notification::parse(&body).unwrap();
    assert_eq!(notification.problems().count(), 0);
    assert_eq!(notification.entries.len(), 2);

    let messages: Vec<_> = notification.messages().map(Result::unwrap).collect();
    let ids: Vec<&str> = messages.iter().map(|message| &*message.id).collect();
    assert_eq!(ids, builder.message_ids());
    assert_eq!(ids.len(), 6);
    assert_eq!(builder.last_message_id(), Some(ids[5]));
    assert_eq!(ids[3], "wamid.explicit-id");
    // Generated WAMIDs are distinct.
    let mut unique = ids.clone();
    unique.sort_unstable();
    unique.dedup();
    assert_eq!(unique.len(), ids.len());

    let numbers: Vec<_> = messages
        .iter()
        .map(InboundMessage::phone_number_id)
        .collect();
    assert_eq!(
        numbers,
        [
            Some(PHONE_NUMBER_ID),
            Some(PHONE_NUMBER_ID),
            Some(PHONE_NUMBER_ID),
            Some(SECOND_NUMBER),
            Some(SECOND_NUMBER),
            Some(SECOND_NUMBER),
        ]
    );
    assert!(
        messages
            .iter()
            .all(|m| m.business_account_id() == Some(BUSINESS_ACCOUNT_ID))
    );
    let times: Vec<u64> = messages.iter().map(|m| m.timestamp.as_secs()).collect();
    assert_eq!(
        times,
        [
            1_750_000_000,
            1_750_000_000,
            1_750_000_000,
            1_750_000_100,
            1_750_000_000,
            1_750_000_000
        ]
    );

    let MessageKind::Text(text) = &messages[0].kind else {
        panic!("not a text: {:?}", messages[0].type_name())
    };
    assert_eq!(text.body, "Ünïcödé and \"quotes\" 😀\nnew line");
    assert_eq!(
        messages[0].reply_address(),
        Some(ReplyAddress::PhoneNumber(USER_PHONE_NUMBER))
    );

    let MessageKind::Text(text) = &messages[1].kind else {
        panic!("not a text")
    };
    assert_eq!(text.body, "From a username");
    assert_eq!(messages[1].from, None);
    assert_eq!(
        messages[1].reply_address(),
        Some(ReplyAddress::UserId(BSUID))
    );
    assert_eq!(
        messages[1].contact().and_then(|c| c.user_id.as_deref()),
        Some(BSUID)
    );

    let MessageKind::Interactive(InteractiveReply::Button(button)) = &messages[2].kind else {
        panic!("not a button reply")
    };
    assert_eq!(
        (&*button.id, button.title.as_deref()),
        ("yes-button", Some("Yes"))
    );

    let MessageKind::Interactive(InteractiveReply::List(row)) = &messages[3].kind else {
        panic!("not a list reply")
    };
    assert_eq!(
        (&*row.id, row.title.as_deref(), row.description.as_deref()),
        ("row-2", Some("Tuesday"), Some("10:00 to 12:00"))
    );
    assert_eq!(messages[3].from.as_deref(), Some("447700900123"));
    let context = messages[3].context.as_ref().unwrap();
    assert_eq!(context.id.as_deref(), Some("wamid.the-business-list"));

    let MessageKind::Image(image) = &messages[4].kind else {
        panic!("not an image")
    };
    assert_eq!(
        (&*image.id, image.caption.as_deref()),
        ("media-1", Some("the receipt"))
    );
    let MessageKind::Image(image) = &messages[5].kind else {
        panic!("not an image")
    };
    assert_eq!((&*image.id, image.caption.as_deref()), ("media-2", None));

    // Two senders by phone in the first change and one BSUID-only: one contact each.
    let first_change = notification.entries[0].as_ref().unwrap().changes[0]
        .as_ref()
        .unwrap();
    assert_eq!(first_change.value.contacts.len(), 2);
}

#[test]
fn a_built_batch_parses_into_exactly_the_statuses_added() {
    let body = batch().body();
    let notification = Notification::parse(&body).unwrap();
    let statuses: Vec<_> = notification.statuses().map(Result::unwrap).collect();
    let seen: Vec<(&str, StatusKind<'_>)> = statuses
        .iter()
        .map(|status| (&*status.id, status.status.clone()))
        .collect();
    assert_eq!(
        seen,
        [
            ("wamid.out-1", StatusKind::Sent),
            ("wamid.out-1", StatusKind::Delivered),
            ("wamid.out-1", StatusKind::Read),
            ("wamid.out-2", StatusKind::Played),
            ("wamid.out-3", StatusKind::Failed),
        ]
    );
    assert!(
        statuses
            .iter()
            .all(|s| s.business_account_id() == Some("999000111"))
    );
    assert!(
        statuses
            .iter()
            .all(|s| s.phone_number_id() == Some("106540352242999"))
    );
    assert_eq!(statuses[0].recipient_id.as_deref(), Some(USER_PHONE_NUMBER));
    assert_eq!(statuses[0].error_code(), None);
    let failed = &statuses[4];
    assert_eq!(failed.error_code(), Some(ErrorCode::REENGAGEMENT_MESSAGE));
    assert!(!failed.is_retryable());
    assert_eq!(failed.recipient_id, None);
    assert_eq!(failed.recipient_user_id.as_deref(), Some(BSUID));
    assert_eq!(
        failed.biz_opaque_callback_data.as_deref(),
        Some("campaign=spring")
    );
    assert_eq!(failed.timestamp.as_secs(), 1_750_000_200);
}

#[test]
fn the_same_builder_always_gives_the_same_body_and_escapes_non_ascii() {
    let builder = batch();
    assert_eq!(builder.body(), builder.body());
    assert!(
        builder.body().is_ascii(),
        "Meta escapes non-ASCII as \\uXXXX"
    );
    // The default time is now.
    let before = SystemTime::now()
        .duration_since(SystemTime::UNIX_EPOCH)
        .unwrap()
        .as_secs();
    let body = NotificationBuilder::default()
        .text(USER_PHONE_NUMBER, "hi")
        .body();
    let notification = Notification::parse(&body).unwrap();
    let message = notification.messages().next().unwrap().unwrap();
    let after = SystemTime::now()
        .duration_since(SystemTime::UNIX_EPOCH)
        .unwrap()
        .as_secs();
    assert!((before..=after).contains(&message.timestamp.as_secs()));
}

#[test]
fn a_signed_notification_verifies_and_a_changed_one_does_not() {
    let secret = app_secret();
    let signed = batch().signed(&secret);
    let notification = receive(&secret, &signed.headers(), signed.body()).unwrap();
    assert_eq!(notification.messages().count(), 6);
    assert_eq!(
        secret.verify(signed.signature(), signed.body()),
        Ok(Verified::Raw)
    );

    let (mut body, headers) = signed.clone().into_parts();
    assert_eq!(headers["content-type"], "application/json");
    assert_eq!(headers[SIGNATURE_HEADER], signed.signature());
    body[10] ^= 1;
    assert_eq!(
        receive(&secret, &headers, &body).unwrap_err(),
        WebhookError::Signature(SignatureError::Mismatch)
    );
    let other = AppSecret::new("another-secret").unwrap();
    assert_eq!(
        receive(&other, &signed.headers(), signed.body()).unwrap_err(),
        WebhookError::Signature(SignatureError::Mismatch)
    );
    assert_ne!(APP_SECRET, "another-secret");
}

async fn count_messages(headers: HeaderMap, body: Bytes) -> (StatusCode, String) {
    match receive(&app_secret(), &headers, &body) {
        Ok(notification) => (StatusCode::OK, notification.messages().count().to_string()),
        Err(error) => (error.status(), String::new()),
    }
}

#[tokio::test(flavor = "current_thread")]
async fn a_signed_notification_posts_to_a_router_in_process() {
    let router = Router::new().route("/webhook", post(count_messages));
    let builder = NotificationBuilder::default()
        .text(USER_PHONE_NUMBER, "one")
        .text(USER_PHONE_NUMBER, "two");

    let answer = builder
        .signed(&app_secret())
        .post(&router, "/webhook")
        .await
        .unwrap();
    assert_eq!(answer.status(), StatusCode::OK);
    let body = axum::body::to_bytes(answer.into_body(), 1024)
        .await
        .unwrap();
    assert_eq!(&body[..], b"2");

    let forged = builder.signed(&AppSecret::new("not-the-app-secret").unwrap());
    let answer = forged.post(&router, "/webhook").await.unwrap();
    assert_eq!(answer.status(), StatusCode::UNAUTHORIZED);

    assert!(builder.signed(&app_secret()).request("not a uri").is_err());
}

#[test]
fn debug_shows_ids_and_shape_not_numbers_or_texts() {
    let builder = batch();
    let shown = format!(
        "{builder:?} {:?} {:?} {:?}",
        builder.signed(&app_secret()),
        UserMessage::text(USER_PHONE_NUMBER, "secret text").profile_name("Sheena Nelson"),
        StatusReport::new("wamid.X", Delivery::Read).recipient(USER_PHONE_NUMBER),
    );
    for private in [
        USER_PHONE_NUMBER,
        "447700900123",
        "secret text",
        "Sheena",
        "Ünïcödé",
        BSUID,
    ] {
        assert!(!shown.contains(private), "{private} in {shown}");
    }
    assert!(shown.contains("wamid.explicit-id"), "{shown}");
}

// ---------------------------------------------------------------- the stand-in Graph API

/// What the stand-in answered: the status and the JSON body.
#[derive(Debug)]
struct Answer {
    status: u16,
    json: Value,
    raw: Vec<u8>,
}

/// POSTs `body` to `path` of `base_url` over a fresh connection, by hand, so that the test
/// controls the connection (it drops it to play a client that went away).
async fn raw_post(base_url: &str, path: &str, token: Option<&str>, body: &str) -> Answer {
    let address = base_url.strip_prefix("http://").unwrap();
    let mut stream = TcpStream::connect(address).await.unwrap();
    let authorization = token.map_or(String::new(), |token| {
        format!("Authorization: Bearer {token}\r\n")
    });
    let request = format!(
        "POST {path} HTTP/1.1\r\nHost: {address}\r\nContent-Type: application/json\r\n\
         {authorization}Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    stream.write_all(request.as_bytes()).await.unwrap();
    let mut response = Vec::new();
    stream.read_to_end(&mut response).await.unwrap();
    let text = String::from_utf8(response).unwrap();
    let (head, body) = text.split_once("\r\n\r\n").unwrap();
    let status = head.split(' ').nth(1).unwrap().parse().unwrap();
    assert!(
        head.to_ascii_lowercase()
            .contains("content-type: application/json"),
        "{head}"
    );
    Answer {
        status,
        json: serde_json::from_str(body).unwrap(),
        raw: body.as_bytes().to_vec(),
    }
}

fn messages_path(number: &str) -> String {
    format!("/v25.0/{number}/messages")
}

const TEXT_TO_PHONE: &str = r#"{"messaging_product":"whatsapp","recipient_type":"individual","to":"+16505551234","type":"text","text":{"body":"hello"}}"#;
const TEXT_TO_BSUID: &str = r#"{"messaging_product":"whatsapp","recipient_type":"individual","recipient":"US.13491208655302741918","type":"text","text":{"body":"hello"}}"#;

fn mark_read(wamid: &str, typing: bool) -> String {
    let typing = if typing {
        r#","typing_indicator":{"type":"text"}"#
    } else {
        ""
    };
    format!(r#"{{"messaging_product":"whatsapp","status":"read","message_id":"{wamid}"{typing}}}"#)
}

#[tokio::test(flavor = "current_thread")]
async fn the_stand_in_answers_sends_like_meta_and_records_them_by_number() {
    let graph = GraphApi::start().await.unwrap();

    let first = raw_post(
        graph.base_url(),
        &messages_path(PHONE_NUMBER_ID),
        None,
        TEXT_TO_PHONE,
    )
    .await;
    assert_eq!(first.status, 200);
    // Meta's success shape, read by cta-core's own parser.
    let parsed = parse_response(StatusCode::OK, &first.raw).unwrap();
    assert_eq!(parsed.messaging_product(), Some("whatsapp"));
    assert_eq!(parsed.contacts()[0].input(), "+16505551234");
    assert_eq!(parsed.contacts()[0].wa_id(), Some(USER_PHONE_NUMBER));
    assert!(parsed.message_id().as_str().starts_with("wamid."));

    // From a second number, to a BSUID, without a version in the path.
    let second = raw_post(
        graph.base_url(),
        &format!("/{SECOND_NUMBER}/messages"),
        None,
        TEXT_TO_BSUID,
    )
    .await;
    assert_eq!(second.status, 200);
    let contact = &second.json["contacts"][0];
    assert_eq!(contact["user_id"], BSUID);
    assert!(contact.get("wa_id").is_none());

    let sent = graph.sent();
    assert_eq!(sent.len(), 2);
    assert_eq!(sent[0].phone_number_id, PHONE_NUMBER_ID);
    assert_eq!(sent[0].api_version.as_deref(), Some("v25.0"));
    assert_eq!(sent[0].kind, RequestKind::Message);
    assert_eq!(sent[0].to(), Some("+16505551234"));
    assert_eq!(sent[0].message_type(), Some("text"));
    assert_eq!(
        sent[0].body,
        serde_json::from_str::<Value>(TEXT_TO_PHONE).unwrap()
    );
    assert_eq!(
        sent[0].answered_id.as_deref(),
        Some(parsed.message_id().as_str())
    );
    assert_eq!(sent[1].phone_number_id, SECOND_NUMBER);
    assert_eq!(sent[1].api_version, None);
    assert_eq!(sent[1].to(), Some(BSUID));
    assert_ne!(sent[0].answered_id, sent[1].answered_id);
    assert_eq!(graph.requests_received(), 2);
}

#[tokio::test(flavor = "current_thread")]
async fn cta_core_s_client_sends_to_the_stand_in_from_two_numbers() {
    let graph = GraphApi::start().await.unwrap();
    for number in [PHONE_NUMBER_ID, SECOND_NUMBER] {
        let client = Client::new(graph.send_config(number).unwrap()).unwrap();
        let response = client.send(&reply_to_user()).await.unwrap();
        let sent = graph.sent();
        let last = sent.last().unwrap();
        assert_eq!(last.phone_number_id, number);
        assert_eq!(last.message_type(), Some("interactive"));
        assert_eq!(
            last.answered_id.as_deref(),
            Some(response.message_id().as_str())
        );
        assert_eq!(
            last.body,
            serde_json::to_value(reply_to_user()).unwrap(),
            "the body is the message's JSON"
        );
    }
    assert_eq!(graph.wait_for_sent(2, PATIENCE).await.unwrap().len(), 2);
}

#[tokio::test(flavor = "current_thread")]
async fn read_receipts_are_answered_success_and_recorded_by_kind() {
    let graph = GraphApi::start().await.unwrap();
    let path = messages_path(PHONE_NUMBER_ID);
    for typing in [false, true] {
        let answer = raw_post(
            graph.base_url(),
            &path,
            None,
            &mark_read("wamid.IN", typing),
        )
        .await;
        assert_eq!(
            (answer.status, &answer.raw[..]),
            (200, &br#"{"success":true}"#[..])
        );
    }
    let sent = graph.sent();
    let kinds: Vec<_> = sent.iter().map(|request| request.kind).collect();
    assert_eq!(kinds, [RequestKind::Read, RequestKind::ReadWithTyping]);
    assert!(
        sent.iter()
            .all(|request| request.read_message_id() == Some("wamid.IN"))
    );
    assert!(sent.iter().all(|request| request.answered_id.is_none()));

    // A status other than `read`, or a typing indicator of another type, is refused.
    let wrong_status =
        r#"{"messaging_product":"whatsapp","status":"delivered","message_id":"wamid.IN"}"#;
    let wrong_typing = r#"{"messaging_product":"whatsapp","status":"read","message_id":"wamid.IN","typing_indicator":{"type":"audio"}}"#;
    for body in [wrong_status, wrong_typing] {
        let answer = raw_post(graph.base_url(), &path, None, body).await;
        assert_eq!(
            (answer.status, &answer.json["error"]["code"]),
            (400, &Value::from(100))
        );
    }
    assert_eq!(graph.sent().len(), 2);
}

#[tokio::test(flavor = "current_thread")]
async fn bad_requests_are_refused_with_error_100_and_not_recorded() {
    let graph = GraphApi::start().await.unwrap();
    let path = messages_path(PHONE_NUMBER_ID);
    for (path, body) in [
        (path.as_str(), "not json"),
        (path.as_str(), "[1]"),
        (path.as_str(), r#"{"to":"+16505551234","type":"text"}"#),
        (
            path.as_str(),
            r#"{"messaging_product":"whatsapp","type":"text"}"#,
        ),
        ("/v25.0/not-digits/messages", TEXT_TO_PHONE),
        ("/v25.0/106540352242922/media", TEXT_TO_PHONE),
    ] {
        let answer = raw_post(graph.base_url(), path, None, body).await;
        assert_eq!(answer.status, 400, "{path} {body}");
        assert_eq!(answer.json["error"]["code"], 100, "{path} {body}");
        assert!(answer.json["error"]["fbtrace_id"].is_string());
    }
    assert!(graph.sent().is_empty());
    assert_eq!(graph.requests_received(), 6);
}

#[tokio::test(flavor = "current_thread")]
async fn an_access_token_is_checked_when_given() {
    let token = "EAAG-the-right-token";
    let graph = GraphApi::start_with_access_token(token).await.unwrap();
    let path = messages_path(PHONE_NUMBER_ID);
    for wrong in [None, Some("EAAG-a-wrong-token"), Some(TEST_ACCESS_TOKEN)] {
        let answer = raw_post(graph.base_url(), &path, wrong, TEXT_TO_PHONE).await;
        assert_eq!(answer.status, 401);
        assert_eq!(answer.json["error"]["code"], 190);
        assert_eq!(answer.json["error"]["type"], "OAuthException");
    }
    assert!(graph.sent().is_empty());
    let answer = raw_post(graph.base_url(), &path, Some(token), TEXT_TO_PHONE).await;
    assert_eq!(answer.status, 200);

    // `send_config` carries the token the stand-in checks.
    let client = Client::new(graph.send_config(PHONE_NUMBER_ID).unwrap()).unwrap();
    client.send(&reply_to_user()).await.unwrap();
    assert_eq!(graph.sent().len(), 2);
    assert!(!format!("{graph:?}").contains(token));
}

#[tokio::test(flavor = "current_thread")]
async fn failures_come_with_meta_s_codes_then_it_recovers() {
    let graph = GraphApi::start().await.unwrap();
    let path = messages_path(PHONE_NUMBER_ID);

    graph.fail_next(
        2,
        StatusCode::TOO_MANY_REQUESTS,
        ErrorCode::THROUGHPUT_LIMIT,
    );
    for _ in 0..2 {
        let answer = raw_post(graph.base_url(), &path, None, TEXT_TO_PHONE).await;
        assert_eq!(answer.status, 429);
        let error = parse_response(StatusCode::TOO_MANY_REQUESTS, &answer.raw).unwrap_err();
        assert_eq!(error.code(), Some(ErrorCode::THROUGHPUT_LIMIT));
        assert!(error.is_retryable());
    }
    let answer = raw_post(graph.base_url(), &path, None, TEXT_TO_PHONE).await;
    assert_eq!(answer.status, 200);
    assert_eq!(graph.sent().len(), 1);

    // Every kind of request fails until `recover`, read receipts included.
    graph.fail_all(StatusCode::BAD_REQUEST, ErrorCode::REENGAGEMENT_MESSAGE);
    for body in [
        TEXT_TO_PHONE,
        mark_read("wamid.IN", true).as_str(),
        TEXT_TO_BSUID,
    ] {
        let answer = raw_post(graph.base_url(), &path, None, body).await;
        assert_eq!(
            (answer.status, &answer.json["error"]["code"]),
            (400, &Value::from(131_047))
        );
    }
    graph.recover();
    let answer = raw_post(graph.base_url(), &path, None, &mark_read("wamid.IN", false)).await;
    assert_eq!(answer.status, 200);

    let kinds: Vec<_> = graph.sent().iter().map(|request| request.kind).collect();
    assert_eq!(kinds, [RequestKind::Message, RequestKind::Read]);
    assert_eq!(graph.requests_received(), 7);
}

#[tokio::test(flavor = "current_thread")]
async fn a_client_retries_a_failure_and_only_the_success_is_recorded() {
    let graph = GraphApi::start().await.unwrap();
    let client = Client::builder(graph.send_config(PHONE_NUMBER_ID).unwrap())
        .backoff_unit(Duration::from_millis(1))
        .max_retries(3)
        .build()
        .unwrap();
    graph.fail_next(
        2,
        StatusCode::SERVICE_UNAVAILABLE,
        ErrorCode::SERVICE_UNAVAILABLE,
    );
    client.send(&reply_to_user()).await.unwrap();
    assert_eq!(graph.requests_received(), 3);
    assert_eq!(graph.sent().len(), 1);

    // Not retryable: the client gives up at once, with the code.
    graph.fail_next(1, StatusCode::UNAUTHORIZED, ErrorCode::ACCESS_TOKEN_INVALID);
    let error = client.send(&reply_to_user()).await.unwrap_err();
    assert!(matches!(error, SendError::Graph { .. }), "{error:?}");
    assert_eq!(error.code(), Some(ErrorCode::ACCESS_TOKEN_INVALID));
    assert_eq!(graph.requests_received(), 4);
    assert_eq!(graph.sent().len(), 1);
}

#[tokio::test(flavor = "current_thread")]
async fn a_held_request_is_recorded_only_once_answered() {
    let graph = GraphApi::start().await.unwrap();
    graph.hold(LONG_HOLD);
    let base_url = graph.base_url().to_owned();
    let request = tokio::spawn(async move {
        raw_post(
            &base_url,
            &messages_path(PHONE_NUMBER_ID),
            None,
            TEXT_TO_PHONE,
        )
        .await
    });
    wait_until_received(&graph, 1).await;
    assert!(graph.sent().is_empty(), "recorded before its answer");
    assert!(!request.is_finished());

    let sent = graph.wait_for_sent(1, PATIENCE).await.unwrap();
    assert_eq!(sent.len(), 1);
    assert_eq!(request.await.unwrap().status, 200);
}

#[tokio::test(flavor = "current_thread")]
async fn a_request_whose_client_went_away_during_the_hold_is_not_recorded() {
    let graph = GraphApi::start().await.unwrap();
    graph.hold(LONG_HOLD);
    let base_url = graph.base_url().to_owned();
    let request = tokio::spawn(async move {
        raw_post(
            &base_url,
            &messages_path(PHONE_NUMBER_ID),
            None,
            TEXT_TO_PHONE,
        )
        .await
    });
    wait_until_received(&graph, 1).await;
    // The client is killed mid-send: its connection closes while the stand-in holds it.
    request.abort();
    assert!(request.await.unwrap_err().is_cancelled());

    // Past the hold, nothing was recorded.
    let waited = graph.wait_for_sent(1, LONG_HOLD * 2).await.unwrap_err();
    assert_eq!((waited.wanted, waited.sent), (1, 0));
    assert!(waited.to_string().contains("0 of the 1"), "{waited}");

    // The stand-in still answers; a request that stays is recorded.
    graph.hold(Duration::ZERO);
    let answer = raw_post(
        graph.base_url(),
        &messages_path(PHONE_NUMBER_ID),
        None,
        TEXT_TO_PHONE,
    )
    .await;
    assert_eq!(answer.status, 200);
    assert_eq!(graph.sent().len(), 1);
    assert_eq!(graph.requests_received(), 2);
}

#[tokio::test(flavor = "current_thread")]
async fn a_client_that_times_out_during_the_hold_sent_nothing() {
    let graph = GraphApi::start().await.unwrap();
    graph.hold(LONG_HOLD);
    let client = Client::builder(graph.send_config(PHONE_NUMBER_ID).unwrap())
        .timeout(Duration::from_millis(200))
        .max_retries(0)
        .build()
        .unwrap();
    let error = client.send(&reply_to_user()).await.unwrap_err();
    assert!(matches!(error, SendError::Timeout { .. }), "{error:?}");
    assert!(graph.wait_for_sent(1, LONG_HOLD * 2).await.is_err());
    assert_eq!(graph.requests_received(), 1);
}

#[tokio::test(flavor = "current_thread")]
async fn the_stand_in_stops_when_dropped() {
    let graph = GraphApi::start().await.unwrap();
    let address = graph.base_url().strip_prefix("http://").unwrap().to_owned();
    drop(graph);
    let refused = tokio::time::timeout(PATIENCE, async {
        loop {
            if TcpStream::connect(&address).await.is_err() {
                break;
            }
            tokio::task::yield_now().await;
        }
    })
    .await;
    assert!(refused.is_ok(), "still accepting connections");
}

#[tokio::test(flavor = "current_thread")]
async fn recorded_requests_do_not_show_numbers_or_texts() {
    let graph = GraphApi::start().await.unwrap();
    raw_post(
        graph.base_url(),
        &messages_path(PHONE_NUMBER_ID),
        None,
        TEXT_TO_PHONE,
    )
    .await;
    let shown = format!("{:?} {graph:?}", graph.sent());
    assert!(!shown.contains("16505551234"), "{shown}");
    assert!(!shown.contains("hello"), "{shown}");
    assert!(shown.contains(PHONE_NUMBER_ID), "{shown}");
}

/// Waits until `count` requests reached the stand-in.
async fn wait_until_received(graph: &GraphApi, count: usize) {
    tokio::time::timeout(PATIENCE, async {
        while graph.requests_received() < count {
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
    })
    .await
    .expect("the request never reached the stand-in");
}
