//! Reading webhook notifications: the shared fixtures, batches, every kind of message and
//! status, missing and unknown fields, nulls, and malformed items amid good ones.

use std::borrow::Cow;
use std::time::{Duration, SystemTime};

use cta_core::graph::ErrorCode;
use cta_core::webhook::{
    InteractiveReply, ItemKind, MessageKind, Notification, ParseError, ReplyAddress,
    SERVICE_WINDOW, StatusKind,
};

const TEXT_MESSAGE: &[u8] = include_bytes!("../../fixtures/webhooks/text-message.json");
const BSUID_TEXT_MESSAGE: &[u8] = include_bytes!("../../fixtures/webhooks/bsuid-text-message.json");
const STATUS_SENT: &[u8] = include_bytes!("../../fixtures/webhooks/status-sent.json");
const STATUS_FAILED: &[u8] = include_bytes!("../../fixtures/webhooks/status-failed.json");

/// A notification with one entry and one change whose value is `value`.
fn one_value(value: &str) -> String {
    format!(
        r#"{{"object":"whatsapp_business_account","entry":[{{"id":"102290129340398","changes":[{{"field":"messages","value":{value}}}]}}]}}"#
    )
}

/// A value holding `messages`.
fn with_messages(messages: &str) -> String {
    one_value(&format!(
        r#"{{"messaging_product":"whatsapp","metadata":{{"display_phone_number":"15550783881","phone_number_id":"106540352242922"}},"contacts":[{{"profile":{{"name":"Sheena Nelson"}},"wa_id":"16505551234"}}],"messages":[{messages}]}}"#
    ))
}

fn text(id: &str, body: &str) -> String {
    format!(
        r#"{{"from":"16505551234","id":"{id}","timestamp":"1749416383","type":"text","text":{{"body":"{body}"}}}}"#
    )
}

fn status(id: &str, status: &str) -> String {
    format!(
        r#"{{"id":"{id}","status":"{status}","timestamp":"1750263773","recipient_id":"16505551234"}}"#
    )
}

#[test]
fn the_text_message_fixture_parses() {
    let notification = Notification::parse(TEXT_MESSAGE).unwrap();
    assert_eq!(
        notification.object.as_deref(),
        Some("whatsapp_business_account")
    );
    let messages: Vec<_> = notification.messages().collect::<Result<_, _>>().unwrap();
    assert_eq!(messages.len(), 1);
    let message = messages[0];
    assert_eq!(
        message.id,
        "wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQzQTRBNjU5OUFFRTAzODEwMTQ0RgA="
    );
    assert_eq!(message.timestamp.as_secs(), 1_749_416_383);
    assert_eq!(message.from.as_deref(), Some("16505551234"));
    assert_eq!(
        message.from_user_id.as_deref(),
        Some("US.13491208655302741918")
    );
    assert!(
        matches!(&message.kind, MessageKind::Text(text) if text.body == "Does it come in another color?")
    );
    assert_eq!(message.type_name(), "text");
    assert_eq!(message.business_account_id(), Some("102290129340398"));
    assert_eq!(message.phone_number_id(), Some("106540352242922"));
    assert_eq!(
        message.metadata().unwrap().display_phone_number.as_deref(),
        Some("15550783881")
    );
    assert_eq!(message.profile_name(), Some("Sheena Nelson"));
    assert_eq!(
        message.reply_address(),
        Some(ReplyAddress::PhoneNumber("16505551234"))
    );
    assert!(notification.statuses().next().is_none());
    assert!(notification.problems().next().is_none());
}

#[test]
fn strings_without_escapes_are_borrowed_from_the_body() {
    let notification = Notification::parse(TEXT_MESSAGE).unwrap();
    let message = notification.messages().next().unwrap().unwrap();
    assert!(matches!(message.id, Cow::Borrowed(_)));
    let MessageKind::Text(text) = &message.kind else {
        panic!("{:?}", message.kind)
    };
    assert!(matches!(text.body, Cow::Borrowed(_)));
    assert_eq!(message.raw().get().as_bytes()[0], b'{');
}

#[test]
fn the_bsuid_fixture_replies_to_the_user_id() {
    let notification = Notification::parse(BSUID_TEXT_MESSAGE).unwrap();
    let message = notification.messages().next().unwrap().unwrap();
    assert_eq!(message.from, None);
    assert_eq!(
        message.from_parent_user_id.as_deref(),
        Some("US.ENT.11815799212886844830")
    );
    assert_eq!(
        message.reply_address(),
        Some(ReplyAddress::UserId("US.13491208655302741918"))
    );
    assert_eq!(
        message.message().reply_address(),
        Some(ReplyAddress::UserId("US.13491208655302741918"))
    );
    let contact = message.contact().unwrap();
    assert_eq!(contact.wa_id, None);
    assert_eq!(
        contact.parent_user_id.as_deref(),
        Some("US.ENT.11815799212886844830")
    );
    let profile = contact.profile.as_ref().unwrap();
    assert_eq!(profile.username.as_deref(), Some("pablo.m"));
    assert_eq!(message.profile_name(), Some("Pablo Morales"));
}

#[test]
fn the_status_fixtures_parse() {
    let notification = Notification::parse(STATUS_SENT).unwrap();
    let sent = notification.statuses().next().unwrap().unwrap();
    assert_eq!(sent.status, StatusKind::Sent);
    assert_eq!(sent.timestamp.as_secs(), 1_750_263_773);
    assert_eq!(sent.recipient_id.as_deref(), Some("16505551234"));
    assert_eq!(
        sent.recipient_user_id.as_deref(),
        Some("US.13491208655302741918")
    );
    assert_eq!(
        sent.biz_opaque_callback_data.as_deref(),
        Some("campaign=spring-workshops")
    );
    let pricing = sent.pricing.as_ref().unwrap();
    assert_eq!(pricing.billable, Some(false));
    assert_eq!(pricing.pricing_model.as_deref(), Some("PMP"));
    assert_eq!(pricing.kind.as_deref(), Some("free_customer_service"));
    assert_eq!(pricing.category.as_deref(), Some("service"));
    assert!(sent.conversation.is_none());
    assert_eq!(sent.error_code(), None);
    assert_eq!(sent.phone_number_id(), Some("106540352242922"));

    let notification = Notification::parse(STATUS_FAILED).unwrap();
    let failed = notification.statuses().next().unwrap().unwrap();
    assert_eq!(failed.status, StatusKind::Failed);
    assert_eq!(failed.error_code(), Some(ErrorCode::REENGAGEMENT_MESSAGE));
    assert!(!failed.is_retryable());
    let error = &failed.errors[0];
    assert_eq!(error.code, 131_047);
    assert_eq!(error.title.as_deref(), Some("Re-engagement message"));
    assert!(
        error
            .details()
            .unwrap()
            .starts_with("Message failed to send")
    );
    assert!(error.href.as_deref().unwrap().ends_with("/error-codes/"));
    assert!(notification.messages().next().is_none());
}

#[test]
fn batched_entries_changes_messages_and_statuses_keep_their_order() {
    let change = |n: u32| {
        format!(
            r#"{{"field":"messages","value":{{"metadata":{{"phone_number_id":"P{n}"}},"messages":[{},{}],"statuses":[{},{}]}}}}"#,
            text(&format!("m{n}a"), "a"),
            text(&format!("m{n}b"), "b"),
            status(&format!("s{n}a"), "delivered"),
            status(&format!("s{n}b"), "read"),
        )
    };
    let body = format!(
        r#"{{"object":"whatsapp_business_account","entry":[{{"id":"E0","changes":[{},{}]}},{{"id":"E1","changes":[{}]}}]}}"#,
        change(0),
        change(1),
        change(2)
    );
    let notification = Notification::parse(body.as_bytes()).unwrap();
    let messages: Vec<_> = notification
        .messages()
        .map(|message| {
            let message = message.unwrap();
            format!(
                "{}/{}/{}",
                message.business_account_id().unwrap(),
                message.phone_number_id().unwrap(),
                message.id
            )
        })
        .collect();
    assert_eq!(
        messages,
        [
            "E0/P0/m0a",
            "E0/P0/m0b",
            "E0/P1/m1a",
            "E0/P1/m1b",
            "E1/P2/m2a",
            "E1/P2/m2b"
        ]
    );
    let statuses: Vec<_> = notification
        .statuses()
        .map(|status| {
            let status = status.unwrap();
            format!("{}:{}", status.id, status.status.as_str())
        })
        .collect();
    assert_eq!(
        statuses,
        [
            "s0a:delivered",
            "s0b:read",
            "s1a:delivered",
            "s1b:read",
            "s2a:delivered",
            "s2b:read"
        ]
    );
}

#[test]
fn a_message_without_contacts_or_profile_still_parses() {
    let no_contacts = one_value(&format!(r#"{{"messages":[{}]}}"#, text("m", "hi")));
    let notification = Notification::parse(no_contacts.as_bytes()).unwrap();
    let message = notification.messages().next().unwrap().unwrap();
    assert!(message.contact().is_none());
    assert!(message.metadata().is_none());
    assert_eq!(message.profile_name(), None);
    assert_eq!(
        message.reply_address(),
        Some(ReplyAddress::PhoneNumber("16505551234"))
    );

    let no_profile = one_value(&format!(
        r#"{{"contacts":[{{"user_id":"US.1"}}],"messages":[{}]}}"#,
        r#"{"id":"m","timestamp":"1","type":"text","text":{"body":"x"}}"#
    ));
    let notification = Notification::parse(no_profile.as_bytes()).unwrap();
    let message = notification.messages().next().unwrap().unwrap();
    assert!(message.contact().unwrap().profile.is_none());
    // Neither `from` nor `from_user_id`: the contact's `user_id` is the address.
    assert_eq!(message.reply_address(), Some(ReplyAddress::UserId("US.1")));
    assert_eq!(message.message().reply_address(), None);

    let empty_contact = one_value(&format!(
        r#"{{"contacts":[{{}}],"messages":[{}]}}"#,
        r#"{"id":"m","timestamp":"1","type":"text","text":{"body":"x"}}"#
    ));
    let notification = Notification::parse(empty_contact.as_bytes()).unwrap();
    let message = notification.messages().next().unwrap().unwrap();
    assert_eq!(message.reply_address(), None);
}

#[test]
fn the_contact_of_a_message_is_matched_by_its_ids() {
    let body = one_value(
        r#"{"contacts":[{"wa_id":"111","profile":{"name":"One"}},{"user_id":"US.2","profile":{"name":"Two"}}],
            "messages":[{"from":"111","id":"a","timestamp":"1","type":"text","text":{"body":"x"}},
                        {"from_user_id":"US.2","id":"b","timestamp":"1","type":"text","text":{"body":"y"}},
                        {"from":"333","id":"c","timestamp":"1","type":"text","text":{"body":"z"}}]}"#,
    );
    let notification = Notification::parse(body.as_bytes()).unwrap();
    let names: Vec<_> = notification
        .messages()
        .map(|message| message.unwrap().profile_name())
        .collect();
    assert_eq!(names, [Some("One"), Some("Two"), None]);
}

#[test]
fn non_ascii_text_is_read_escaped_or_raw() {
    for body in [
        with_messages(&text(
            "m",
            r"Ça coûte 5 \u20ac \ud83d\udc4d \u05e9\u05dc\u05d5\u05dd",
        )),
        with_messages(&text("m", "Ça coûte 5 € 👍 שלום")),
    ] {
        let notification = Notification::parse(body.as_bytes()).unwrap();
        let message = notification.messages().next().unwrap().unwrap();
        let MessageKind::Text(text) = &message.kind else {
            panic!("{:?}", message.kind)
        };
        assert_eq!(text.body, "Ça coûte 5 € 👍 שלום");
    }
    // Escapes need an owned string; raw UTF-8 is borrowed.
    let escaped = with_messages(&text("m", r"caf\u00e9"));
    let notification = Notification::parse(escaped.as_bytes()).unwrap();
    let message = notification.messages().next().unwrap().unwrap();
    assert!(matches!(&message.kind, MessageKind::Text(text) if matches!(text.body, Cow::Owned(_))));
}

#[test]
fn every_modelled_kind_is_read() {
    let messages = [
        r#"{"id":"1","timestamp":"1","from":"1","type":"interactive","interactive":{"type":"button_reply","button_reply":{"id":"yes","title":"Yes"}}}"#,
        r#"{"id":"2","timestamp":"1","from":"1","type":"interactive","interactive":{"type":"list_reply","list_reply":{"id":"row-1","title":"Row","description":"First"}}}"#,
        r#"{"id":"3","timestamp":"1","from":"1","type":"interactive","interactive":{"type":"nfm_reply","nfm_reply":{"response_json":"{}","name":"flow"}}}"#,
        r#"{"id":"4","timestamp":"1","from":"1","type":"button","button":{"payload":"STOP","text":"Stop promotions"}}"#,
        r#"{"id":"5","timestamp":"1","from":"1","type":"image","image":{"id":"1479537139650973","mime_type":"image/jpeg","sha256":"abc","caption":"Look"}}"#,
        r#"{"id":"6","timestamp":"1","from":"1","type":"document","document":{"id":"42","mime_type":"application/pdf","filename":"menu.pdf"}}"#,
        r#"{"id":"7","timestamp":"1","from":"1","type":"audio","audio":{"id":"43","mime_type":"audio/ogg; codecs=opus","voice":true}}"#,
        r#"{"id":"8","timestamp":"1","from":"1","type":"video","video":{"id":"44"}}"#,
        r#"{"id":"9","timestamp":"1","from":"1","type":"sticker","sticker":{"id":"45","animated":false,"mime_type":"image/webp"}}"#,
        r#"{"id":"10","timestamp":"1","from":"1","type":"location","location":{"latitude":37.483307,"longitude":-122.148981,"name":"Pablo Morales","address":"1 Hacker Way"}}"#,
        r#"{"id":"11","timestamp":"1","from":"1","type":"contacts","contacts":[{"name":{"formatted_name":"Barbara Johnson","first_name":"Barbara"},"phones":[{"phone":"+1 (650) 555-1234","wa_id":"16505551234","type":"WORK"}],"emails":[{"email":"b@example.com"}]}]}"#,
        r#"{"id":"12","timestamp":"1","from":"1","type":"reaction","reaction":{"message_id":"wamid.X","emoji":"👍"}}"#,
        r#"{"id":"13","timestamp":"1","from":"1","type":"reaction","reaction":{"message_id":"wamid.X"}}"#,
        r#"{"id":"14","timestamp":"1","from":"1","type":"text","text":{"body":"re"},"context":{"from":"15550783881","id":"wamid.Q","forwarded":true}}"#,
    ]
    .join(",");
    let body = with_messages(&messages);
    let notification = Notification::parse(body.as_bytes()).unwrap();
    let messages: Vec<_> = notification.messages().collect::<Result<_, _>>().unwrap();
    assert_eq!(messages.len(), 14);
    let kinds: Vec<_> = messages.iter().map(|message| &message.kind).collect();
    assert!(
        matches!(kinds[0], MessageKind::Interactive(InteractiveReply::Button(reply)) if reply.id == "yes" && reply.title.as_deref() == Some("Yes"))
    );
    assert!(
        matches!(kinds[1], MessageKind::Interactive(InteractiveReply::List(reply)) if reply.id == "row-1" && reply.description.as_deref() == Some("First"))
    );
    assert!(
        matches!(kinds[2], MessageKind::Interactive(InteractiveReply::Other { type_name, raw }) if type_name == "nfm_reply" && raw.get().contains("response_json"))
    );
    assert!(
        matches!(kinds[3], MessageKind::Button(button) if button.payload.as_deref() == Some("STOP") && button.text.as_deref() == Some("Stop promotions"))
    );
    assert!(
        matches!(kinds[4], MessageKind::Image(media) if media.id == "1479537139650973" && media.caption.as_deref() == Some("Look") && media.sha256.as_deref() == Some("abc"))
    );
    assert!(
        matches!(kinds[5], MessageKind::Document(media) if media.filename.as_deref() == Some("menu.pdf") && media.mime_type.as_deref() == Some("application/pdf"))
    );
    assert!(matches!(kinds[6], MessageKind::Audio(media) if media.id == "43"));
    assert!(
        matches!(kinds[7], MessageKind::Video(media) if media.id == "44" && media.mime_type.is_none())
    );
    assert!(matches!(kinds[8], MessageKind::Sticker(media) if media.id == "45"));
    assert!(
        matches!(kinds[9], MessageKind::Location(location) if (location.latitude - 37.483_307).abs() < 1e-9 && location.address.as_deref() == Some("1 Hacker Way"))
    );
    let MessageKind::Contacts(cards) = kinds[10] else {
        panic!("{:?}", kinds[10])
    };
    assert_eq!(
        cards[0].name.as_ref().unwrap().formatted_name.as_deref(),
        Some("Barbara Johnson")
    );
    assert_eq!(cards[0].phones[0].wa_id.as_deref(), Some("16505551234"));
    assert_eq!(cards[0].phones[0].kind.as_deref(), Some("WORK"));
    assert!(
        matches!(kinds[11], MessageKind::Reaction(reaction) if reaction.message_id == "wamid.X" && reaction.emoji.as_deref() == Some("👍"))
    );
    assert!(matches!(kinds[12], MessageKind::Reaction(reaction) if reaction.emoji.is_none()));
    let context = messages[13].context.as_ref().unwrap();
    assert_eq!(context.id.as_deref(), Some("wamid.Q"));
    assert_eq!(context.from.as_deref(), Some("15550783881"));
    assert!(context.forwarded);
    assert!(!context.frequently_forwarded);
    let names: Vec<_> = messages.iter().map(|message| message.type_name()).collect();
    assert_eq!(
        names[..4],
        ["interactive", "interactive", "interactive", "button"]
    );
}

#[test]
fn unknown_kinds_are_kept_raw() {
    let messages = [
        r#"{"id":"1","timestamp":"1","from":"1","type":"order","order":{"catalog_id":"c","product_items":[{"product_retailer_id":"p","quantity":1}]}}"#,
        r#"{"id":"2","timestamp":"1","from":"1","type":"system","system":{"body":"changed number","type":"user_changed_number"}}"#,
        r#"{"id":"3","timestamp":"1","from":"1","type":"unsupported","errors":[{"code":131051,"title":"Message type unknown"}]}"#,
        r#"{"id":"4","timestamp":"1","from":"1","type":"request_welcome"}"#,
        r#"{"id":"5","timestamp":"1","from":"1","type":"hologram","hologram":{"depth":3}}"#,
    ]
    .join(",");
    let body = with_messages(&messages);
    let notification = Notification::parse(body.as_bytes()).unwrap();
    let messages: Vec<_> = notification.messages().collect::<Result<_, _>>().unwrap();
    let others: Vec<_> = messages
        .iter()
        .map(|message| match &message.kind {
            MessageKind::Other { type_name, raw } => {
                assert_eq!(raw.get(), message.raw().get());
                type_name.to_string()
            }
            kind => panic!("{kind:?}"),
        })
        .collect();
    assert_eq!(
        others,
        [
            "order",
            "system",
            "unsupported",
            "request_welcome",
            "hologram"
        ]
    );
    assert!(messages[0].raw().get().contains("product_retailer_id"));
    assert_eq!(messages[2].errors[0].code, 131_051);
    assert_eq!(messages[4].type_name(), "hologram");
}

#[test]
fn a_malformed_item_is_reported_and_its_neighbours_delivered() {
    let messages = [
        text("good-1", "a"),
        r#"{"id":"bad-time","timestamp":"soon","type":"text","text":{"body":"b"}}"#.to_owned(),
        text("good-2", "c"),
        r#"{"id":"no-text","timestamp":"1","type":"text"}"#.to_owned(),
        r#"{"id":"text-is-number","timestamp":"1","type":"text","text":{"body":5}}"#.to_owned(),
        r#""just a string""#.to_owned(),
        r#"{"timestamp":"1","type":"text","text":{"body":"no id"}}"#.to_owned(),
        r#"{"id":"image-without-id","timestamp":"1","type":"image","image":{}}"#.to_owned(),
        text("good-3", "d"),
    ]
    .join(",");
    let statuses = [
        status("s1", "read"),
        r#"{"id":"s2","status":7,"timestamp":"1"}"#.to_owned(),
        status("s3", "delivered"),
    ]
    .join(",");
    let body = one_value(&format!(
        r#"{{"contacts":[{{"wa_id":5}},{{"wa_id":"16505551234"}}],"messages":[{messages}],"statuses":[{statuses}]}}"#
    ));
    let notification = Notification::parse(body.as_bytes()).unwrap();
    let mut good = Vec::new();
    let mut bad = Vec::new();
    for message in notification.messages() {
        match message {
            Ok(message) => good.push(message.id.to_string()),
            Err(error) => {
                assert_eq!(error.kind(), ItemKind::Message);
                assert_eq!((error.entry(), error.change()), (0, Some(0)));
                bad.push((error.index(), error.to_string()));
            }
        }
    }
    assert_eq!(good, ["good-1", "good-2", "good-3"]);
    let indexes: Vec<_> = bad.iter().map(|(index, _)| *index).collect();
    assert_eq!(indexes, [1, 3, 4, 5, 6, 7]);
    assert!(
        bad[0].1.starts_with("entry 0, change 0, message 1: "),
        "{}",
        bad[0].1
    );
    assert!(bad[1].1.contains("has no `text`"), "{}", bad[1].1);
    assert!(bad[4].1.contains("missing field `id`"), "{}", bad[4].1);

    let statuses: Vec<_> = notification
        .statuses()
        .map(|status| {
            status
                .map(|status| status.id.to_string())
                .map_err(cta_core::webhook::ItemError::index)
        })
        .collect();
    assert_eq!(statuses, [Ok("s1".to_owned()), Err(1), Ok("s3".to_owned())]);
    // One contact is malformed: the other is still the message's contact.
    let problems: Vec<_> = notification
        .problems()
        .map(|problem| (problem.kind(), problem.index()))
        .collect();
    assert_eq!(
        problems,
        [
            (ItemKind::Contact, 0),
            (ItemKind::Message, 1),
            (ItemKind::Message, 3),
            (ItemKind::Message, 4),
            (ItemKind::Message, 5),
            (ItemKind::Message, 6),
            (ItemKind::Message, 7),
            (ItemKind::Status, 1),
        ]
    );
    let first = notification.messages().next().unwrap().unwrap();
    assert_eq!(
        first.contact().unwrap().wa_id.as_deref(),
        Some("16505551234")
    );
    let raw = notification.problems().nth(1).unwrap().raw().get();
    assert!(raw.contains("bad-time"), "{raw}");
}

#[test]
fn a_malformed_entry_or_change_is_reported_in_its_place() {
    let good_change = format!(
        r#"{{"field":"messages","value":{{"messages":[{}]}}}}"#,
        text("ok", "a")
    );
    let body = format!(
        r#"{{"object":"whatsapp_business_account","entry":[
            {{"id":"E0","changes":[{good_change},{{"field":"messages","value":{{"metadata":"oops","messages":[{}]}}}},{good_change}]}},
            {{"id":17,"changes":[{good_change}]}},
            "not an entry",
            {{"id":"E3","changes":[{good_change}]}}
        ]}}"#,
        text("lost", "b")
    );
    let notification = Notification::parse(body.as_bytes()).unwrap();
    let seen: Vec<_> = notification
        .messages()
        .map(|message| match message {
            Ok(message) => format!("ok {}", message.business_account_id().unwrap()),
            Err(error) => error.to_string().split(':').next().unwrap().to_owned(),
        })
        .collect();
    assert_eq!(
        seen,
        [
            "ok E0",
            "entry 0, change 1",
            "ok E0",
            "entry 1",
            "entry 2",
            "ok E3"
        ]
    );
    let kinds: Vec<_> = notification
        .problems()
        .map(cta_core::webhook::ItemError::kind)
        .collect();
    assert_eq!(kinds, [ItemKind::Change, ItemKind::Entry, ItemKind::Entry]);
    // Containers are reported by `statuses()` too, since they could have held statuses.
    assert_eq!(notification.statuses().count(), 3);
}

#[test]
fn unknown_fields_are_ignored() {
    let body = r#"{"object":"whatsapp_business_account","new_top":{"a":[1,2]},"entry":[{"id":"1","time":1749416383,"extra":null,"changes":[{"field":"messages","weird":true,"value":{"messaging_product":"whatsapp","brand_new":[{}],"metadata":{"phone_number_id":"9","region":"EU"},"contacts":[{"wa_id":"1","identity_key_hash":"h","future":1}],"messages":[{"id":"m","timestamp":"1","from":"1","type":"text","text":{"body":"x","preview_url":false},"referral":{"source_url":"https://fb.me/x"},"group_id":"g"}],"statuses":[{"id":"s","status":"sent","timestamp":"1","recipient_id":"1","recipient_type":"individual","recipient_logical_id":"x","conversation":{"id":"c","expiration_timestamp":"1750350173","origin":{"type":"service"}},"pricing":{"billable":true,"pricing_model":"PMP","category":"service","type":"regular","new":1}}]}}]}]}"#;
    let notification = Notification::parse(body.as_bytes()).unwrap();
    assert!(notification.problems().next().is_none());
    let message = notification.messages().next().unwrap().unwrap();
    assert!(message.raw().get().contains("referral"));
    assert_eq!(
        message.contact().unwrap().identity_key_hash.as_deref(),
        Some("h")
    );
    let status = notification.statuses().next().unwrap().unwrap();
    assert_eq!(status.recipient_type.as_deref(), Some("individual"));
    let conversation = status.conversation.as_ref().unwrap();
    assert_eq!(conversation.id.as_deref(), Some("c"));
    assert_eq!(conversation.expiration_timestamp, Some(1_750_350_173));
    assert_eq!(
        conversation.origin.as_ref().unwrap().kind.as_deref(),
        Some("service")
    );
}

#[test]
fn nulls_are_read_as_absent() {
    let body = r#"{"object":null,"entry":[{"id":null,"changes":[{"field":null,"value":{"messaging_product":null,"metadata":null,"contacts":null,"messages":[{"id":"m","timestamp":"1","from":null,"from_user_id":"US.1","context":null,"errors":null,"type":"text","text":{"body":"x"},"image":null}],"statuses":[{"id":"s","status":"read","timestamp":"1","recipient_id":null,"conversation":null,"pricing":{"billable":null},"errors":null}],"errors":null}},{"field":"messages","value":{"messages":null,"statuses":null}}]}]}"#;
    let notification = Notification::parse(body.as_bytes()).unwrap();
    assert!(notification.problems().next().is_none());
    let message = notification.messages().next().unwrap().unwrap();
    assert_eq!(message.reply_address(), Some(ReplyAddress::UserId("US.1")));
    assert!(message.context.is_none());
    let status = notification.statuses().next().unwrap().unwrap();
    assert_eq!(status.status, StatusKind::Read);
    assert_eq!(status.pricing.as_ref().unwrap().billable, None);
    // A null where an object or value is required makes the item malformed, not the batch.
    let body = with_messages(&format!(
        r#"{{"id":null,"timestamp":"1","type":"text","text":{{"body":"x"}}}},{{"id":"m","timestamp":null,"type":"text","text":{{"body":"x"}}}},{{"id":"m","timestamp":"1","type":"text","text":null}},{}"#,
        text("ok", "x")
    ));
    let notification = Notification::parse(body.as_bytes()).unwrap();
    let results: Vec<_> = notification
        .messages()
        .map(|message| message.is_ok())
        .collect();
    assert_eq!(results, [false, false, false, true]);
}

#[test]
fn other_statuses_and_value_errors_are_kept() {
    let body = one_value(&format!(
        r#"{{"statuses":[{},{},{}],"errors":[{{"code":131000,"title":"Something went wrong","error_data":{{"details":"try later"}}}},{{"title":"no code"}}]}}"#,
        status("a", "played"),
        status("b", "deleted"),
        r#"{"id":"c","status":"failed","timestamp":"1","errors":[{"code":130429,"title":"Rate limit hit"}]}"#,
    ));
    let notification = Notification::parse(body.as_bytes()).unwrap();
    let statuses: Vec<_> = notification.statuses().map(Result::unwrap).collect();
    assert_eq!(statuses[0].status, StatusKind::Played);
    assert_eq!(
        statuses[1].status,
        StatusKind::Other(Cow::Borrowed("deleted"))
    );
    assert_eq!(statuses[1].status.as_str(), "deleted");
    assert_eq!(statuses[2].error_code(), Some(ErrorCode::THROUGHPUT_LIMIT));
    assert!(statuses[2].is_retryable());
    let Ok(change) = &notification.entries[0].as_ref().unwrap().changes[0] else {
        panic!("malformed change")
    };
    let error = change.value.errors[0].as_ref().unwrap();
    assert_eq!(error.error_code(), ErrorCode::SOMETHING_WENT_WRONG);
    assert!(error.is_retryable());
    assert_eq!(error.details(), Some("try later"));
    let problem = change.value.errors[1].as_ref().unwrap_err();
    assert_eq!(problem.kind(), ItemKind::Error);
    assert!(
        problem.reason().contains("missing field `code`"),
        "{problem}"
    );
}

#[test]
fn timestamps_are_checked_and_open_the_service_window() {
    let body = with_messages(
        r#"{"id":"a","timestamp":"1749416383","type":"text","text":{"body":"x"}},
           {"id":"b","timestamp":1749416383,"type":"text","text":{"body":"x"}},
           {"id":"c","timestamp":"-1","type":"text","text":{"body":"x"}},
           {"id":"d","timestamp":"","type":"text","text":{"body":"x"}},
           {"id":"e","timestamp":"99999999999999999999999","type":"text","text":{"body":"x"}},
           {"id":"f","timestamp":"253402300800","type":"text","text":{"body":"x"}},
           {"id":"g","timestamp":"253402300799","type":"text","text":{"body":"x"}},
           {"id":"h","timestamp":"1.5","type":"text","text":{"body":"x"}}"#,
    );
    let notification = Notification::parse(body.as_bytes()).unwrap();
    let results: Vec<_> = notification
        .messages()
        .map(|message| message.is_ok())
        .collect();
    assert_eq!(
        results,
        [true, true, false, false, false, false, true, false]
    );
    let message = notification.messages().next().unwrap().unwrap();
    let sent = SystemTime::UNIX_EPOCH + Duration::from_secs(1_749_416_383);
    assert_eq!(message.timestamp.to_system_time(), sent);
    assert_eq!(SERVICE_WINDOW, Duration::from_hours(24));
    assert_eq!(message.reply_window_closes_at(), sent + SERVICE_WINDOW);
    assert!(message.is_reply_window_open(sent + Duration::from_secs(86_399)));
    assert!(!message.is_reply_window_open(sent + Duration::from_hours(24)));
    // The latest time there is converts too.
    let last = notification.messages().nth(6).unwrap().unwrap();
    assert!(last.reply_window_closes_at() > sent);
}

#[test]
fn a_body_that_is_not_a_notification_is_a_typed_error() {
    let not_json: [&[u8]; 5] = [
        b"",
        b"<html>",
        b"{\"entry\":[",
        b"\xff\xfe",
        b"{\"entry\":[]} x",
    ];
    for body in not_json {
        assert!(
            matches!(Notification::parse(body), Err(ParseError::NotJson { .. })),
            "{body:?}"
        );
    }
    let wrong_shape: [&[u8]; 6] = [
        b"null",
        b"42",
        b"\"entry\"",
        b"{}",
        b"{\"entry\":null}",
        b"{\"entry\":{}}",
    ];
    for body in wrong_shape {
        let error = Notification::parse(body).unwrap_err();
        assert!(
            matches!(error, ParseError::Shape { .. }),
            "{body:?}: {error}"
        );
    }
    // An empty batch is a notification with nothing in it.
    let empty =
        Notification::parse(br#"{"object":"whatsapp_business_account","entry":[]}"#).unwrap();
    assert_eq!(empty.messages().count(), 0);
}

#[test]
fn entries_and_changes_written_as_arrays_are_malformed() {
    // serde's derive would read an array of the field values as a struct; only objects count.
    let good = format!(
        r#"{{"field":"messages","value":{{"messages":[{}]}}}}"#,
        text("ok", "a")
    );
    let body = format!(
        r#"{{"entry":[["E0",[{good}]],{{"id":"E1","changes":[["messages",{{}}],{good}]}}]}}"#
    );
    let notification = Notification::parse(body.as_bytes()).unwrap();
    let kinds: Vec<_> = notification
        .problems()
        .map(|problem| (problem.kind(), problem.entry(), problem.change()))
        .collect();
    assert_eq!(
        kinds,
        [(ItemKind::Entry, 0, None), (ItemKind::Change, 1, Some(0))]
    );
    assert_eq!(notification.messages().flatten().count(), 1);
    assert!(matches!(
        Notification::parse(br#"["whatsapp_business_account",[]]"#),
        Err(ParseError::Shape { .. })
    ));
}
