//! The webhook types outside the body: `into_owned` keeps every field, and no `Debug` shows a
//! phone number, a name or what a user wrote.

use std::collections::BTreeSet;
use std::fmt::Write as _;

use cta_core::webhook::{
    ApiError, InteractiveReply, Message, MessageKind, Metadata, Notification, SenderContact, Status,
};

const FIXTURES: [(&str, &[u8]); 4] = [
    (
        "text-message.json",
        include_bytes!("../../fixtures/webhooks/text-message.json"),
    ),
    (
        "bsuid-text-message.json",
        include_bytes!("../../fixtures/webhooks/bsuid-text-message.json"),
    ),
    (
        "status-sent.json",
        include_bytes!("../../fixtures/webhooks/status-sent.json"),
    ),
    (
        "status-failed.json",
        include_bytes!("../../fixtures/webhooks/status-failed.json"),
    ),
];

/// Every kind of message this crate models, and two it does not, each with personal data:
/// a caption, a file name, a place, a contact card, an emoji, a flow's answers, a quoted
/// sender, an escaped string (owned even when borrowed from the body).
const EVERY_KIND: &str = r#"{"object":"whatsapp_business_account","entry":[{"id":"102290129340398","changes":[{"field":"messages","value":{
    "messaging_product":"whatsapp",
    "metadata":{"display_phone_number":"15550783881","phone_number_id":"106540352242922"},
    "contacts":[{"profile":{"name":"Zo\u00eb Quartermaine","username":"zoe.q"},"wa_id":"16505550101","user_id":"US.13491208655302741918","parent_user_id":"US.ENT.11815799212886844830","identity_key_hash":"SECRET-KEY-HASH"}],
    "messages":[
      {"from":"16505550101","id":"wamid.TEXT","timestamp":"1749416383","type":"text","text":{"body":"My card ends in 4242"},
       "context":{"from":"16505550199","id":"wamid.QUOTED","forwarded":true}},
      {"from":"16505550101","id":"wamid.BUTTON","timestamp":"1749416384","type":"interactive","interactive":{"type":"button_reply","button_reply":{"id":"yes","title":"Yes"}}},
      {"from":"16505550101","id":"wamid.LIST","timestamp":"1749416385","type":"interactive","interactive":{"type":"list_reply","list_reply":{"id":"row-1","title":"Tuesday","description":"Morning"}}},
      {"from":"16505550101","id":"wamid.FLOW","timestamp":"1749416386","type":"interactive","interactive":{"type":"nfm_reply","nfm_reply":{"response_json":"{\"address\":\"12 Secret Lane\"}"}}},
      {"from":"16505550101","id":"wamid.QUICK","timestamp":"1749416387","type":"button","button":{"payload":"QUICK","text":"Stop"}},
      {"from":"16505550101","id":"wamid.IMAGE","timestamp":"1749416388","type":"image","image":{"id":"1234567","mime_type":"image/jpeg","sha256":"abc","caption":"Private holiday photo"}},
      {"from":"16505550101","id":"wamid.DOC","timestamp":"1749416389","type":"document","document":{"id":"7654321","mime_type":"application/pdf","filename":"medical-report.pdf"}},
      {"from":"16505550101","id":"wamid.PLACE","timestamp":"1749416390","type":"location","location":{"latitude":48.858093,"longitude":2.294694,"name":"Hidden Cottage","address":"12 Secret Lane"}},
      {"from":"16505550101","id":"wamid.CARD","timestamp":"1749416391","type":"contacts","contacts":[{"name":{"formatted_name":"Barnaby Fairweather","first_name":"Barnaby","last_name":"Fairweather"},"phones":[{"phone":"+1 650 555 0177","wa_id":"16505550177","type":"HOME"}]}]},
      {"from":"16505550101","id":"wamid.REACTION","timestamp":"1749416392","type":"reaction","reaction":{"message_id":"wamid.REACTED","emoji":"\ud83d\ude00"}},
      {"from":"16505550101","id":"wamid.ORDER","timestamp":"1749416393","type":"order","order":{"catalog_id":"1","text":"Ship it to 12 Secret Lane"}},
      {"from_user_id":"US.13491208655302741918","from_parent_user_id":"US.ENT.11815799212886844830","id":"wamid.BSUID","timestamp":"1749416394","type":"text","text":{"body":"I hide my number"},
       "errors":[{"code":131051,"title":"Unsupported message type","error_data":{"details":"Message type is not currently supported"}}]}
    ],
    "statuses":[
      {"id":"wamid.STATUS","status":"failed","timestamp":"1750264012","recipient_id":"16505550101","recipient_user_id":"US.13491208655302741918","parent_recipient_user_id":"US.ENT.11815799212886844830","recipient_type":"individual","biz_opaque_callback_data":"customer=16505550101",
       "conversation":{"id":"CONVERSATION-ID","expiration_timestamp":"1750350412","origin":{"type":"service"}},
       "pricing":{"billable":true,"pricing_model":"PMP","type":"regular","category":"service"},
       "errors":[{"code":131047,"title":"Re-engagement message","message":"Re-engagement message","error_data":{"details":"More than 24 hours"},"href":"https://developers.facebook.com/docs/whatsapp/cloud-api/support/error-codes/"}]},
      {"id":"wamid.PLAYED","status":"played","timestamp":"1750264013","recipient_id":"16505550101"},
      {"id":"wamid.NEW","status":"deleted_by_user","timestamp":"1750264014","recipient_id":"16505550101"}
    ],
    "errors":[{"code":131000,"title":"Something went wrong","message":"Something went wrong"}]
}}]}]}"#;

/// The items of one body, owned.
#[derive(Debug)]
struct OwnedItems {
    messages: Vec<Message<'static>>,
    statuses: Vec<Status<'static>>,
    contacts: Vec<SenderContact<'static>>,
    metadata: Vec<Metadata<'static>>,
    errors: Vec<ApiError<'static>>,
}

/// Parses `body`, checks that each item's owned copy equals it field by field, and returns
/// the copies: the body is dropped when this returns.
fn owned_items(body: Vec<u8>) -> OwnedItems {
    let notification = Notification::parse(&body).unwrap();
    assert_eq!(notification.problems().count(), 0);
    let mut items = OwnedItems {
        messages: Vec::new(),
        statuses: Vec::new(),
        contacts: Vec::new(),
        metadata: Vec::new(),
        errors: Vec::new(),
    };
    for entry in notification
        .entries
        .iter()
        .map(|entry| entry.as_ref().unwrap())
    {
        for change in entry.changes.iter().map(|change| change.as_ref().unwrap()) {
            let value = &change.value;
            for message in value.messages.iter().map(|item| item.as_ref().unwrap()) {
                let owned = message.clone().into_owned();
                assert_same_message(&owned, message);
                items.messages.push(owned);
            }
            for status in value.statuses.iter().map(|item| item.as_ref().unwrap()) {
                let owned = status.clone().into_owned();
                assert_same_status(&owned, status);
                items.statuses.push(owned);
            }
            for contact in value.contacts.iter().map(|item| item.as_ref().unwrap()) {
                let owned = contact.clone().into_owned();
                assert_eq!(owned, *contact);
                assert_eq!(owned.wa_id, contact.wa_id);
                assert_eq!(owned.user_id, contact.user_id);
                assert_eq!(owned.parent_user_id, contact.parent_user_id);
                assert_eq!(owned.identity_key_hash, contact.identity_key_hash);
                assert_eq!(owned.profile, contact.profile);
                items.contacts.push(owned);
            }
            if let Some(metadata) = &value.metadata {
                let owned = metadata.clone().into_owned();
                assert_eq!(owned, *metadata);
                assert_eq!(owned.phone_number_id, metadata.phone_number_id);
                assert_eq!(owned.display_phone_number, metadata.display_phone_number);
                items.metadata.push(owned);
            }
            for error in value.errors.iter().map(|item| item.as_ref().unwrap()) {
                let owned = error.clone().into_owned();
                assert_eq!(owned, *error);
                items.errors.push(owned);
            }
        }
    }
    // The body goes here: the items no longer borrow it.
    drop(notification);
    drop(body);
    items
}

fn assert_same_message(owned: &Message<'static>, borrowed: &Message<'_>) {
    assert_eq!(owned.id, borrowed.id);
    assert_eq!(owned.timestamp, borrowed.timestamp);
    assert_eq!(owned.from, borrowed.from);
    assert_eq!(owned.from_user_id, borrowed.from_user_id);
    assert_eq!(owned.from_parent_user_id, borrowed.from_parent_user_id);
    assert_eq!(owned.context, borrowed.context);
    assert_eq!(owned.kind, borrowed.kind);
    assert_eq!(owned.errors, borrowed.errors);
    assert_eq!(owned.raw().get(), borrowed.raw().get());
    assert_eq!(owned.type_name(), borrowed.type_name());
    assert!(*owned == *borrowed);
}

fn assert_same_status(owned: &Status<'static>, borrowed: &Status<'_>) {
    assert_eq!(owned.id, borrowed.id);
    assert_eq!(owned.status, borrowed.status);
    assert_eq!(owned.timestamp, borrowed.timestamp);
    assert_eq!(owned.recipient_id, borrowed.recipient_id);
    assert_eq!(owned.recipient_user_id, borrowed.recipient_user_id);
    assert_eq!(
        owned.parent_recipient_user_id,
        borrowed.parent_recipient_user_id
    );
    assert_eq!(owned.recipient_type, borrowed.recipient_type);
    assert_eq!(
        owned.biz_opaque_callback_data,
        borrowed.biz_opaque_callback_data
    );
    assert_eq!(owned.conversation, borrowed.conversation);
    assert_eq!(owned.pricing, borrowed.pricing);
    assert_eq!(owned.errors, borrowed.errors);
    assert_eq!(*owned, *borrowed);
}

#[test]
fn owned_items_equal_the_borrowed_ones_and_outlive_the_body() {
    let items = owned_items(EVERY_KIND.as_bytes().to_vec());
    // The body is gone; the items are still whole.
    assert_eq!(items.messages.len(), 12);
    assert_eq!(items.statuses.len(), 3);
    assert_eq!(items.contacts.len(), 1);
    assert_eq!(items.metadata.len(), 1);
    assert_eq!(items.errors.len(), 1);

    let text = &items.messages[0];
    assert_eq!(text.id, "wamid.TEXT");
    assert!(matches!(&text.kind, MessageKind::Text(t) if t.body == "My card ends in 4242"));
    assert_eq!(
        text.context.as_ref().and_then(|c| c.id.as_deref()),
        Some("wamid.QUOTED")
    );
    match &items.messages[3].kind {
        MessageKind::Interactive(InteractiveReply::Other { type_name, raw }) => {
            assert_eq!(type_name, "nfm_reply");
            assert!(raw.get().contains("response_json"));
        }
        other => panic!("{other:?}"),
    }
    match &items.messages[10].kind {
        MessageKind::Other { type_name, raw } => {
            assert_eq!(type_name, "order");
            assert_eq!(raw.get(), items.messages[10].raw().get());
        }
        other => panic!("{other:?}"),
    }
    // An escaped string, decoded.
    assert_eq!(
        items.contacts[0]
            .profile
            .as_ref()
            .and_then(|p| p.name.as_deref()),
        Some("Zoë Quartermaine")
    );
    assert_eq!(
        items.statuses[0].errors[0].details(),
        Some("More than 24 hours")
    );
    assert_eq!(
        items.metadata[0].phone_number_id.as_deref(),
        Some("106540352242922")
    );

    // Owned items move to other threads.
    let handle = std::thread::spawn(move || {
        items
            .messages
            .into_iter()
            .map(|message| message.id.into_owned())
            .collect::<Vec<String>>()
    });
    let ids = handle.join().unwrap();
    assert_eq!(ids.len(), 12);
    assert_eq!(ids[0], "wamid.TEXT");
}

#[test]
fn owned_fixture_items_equal_the_borrowed_ones() {
    for (name, body) in FIXTURES {
        let items = owned_items(body.to_vec());
        assert_eq!(
            items.messages.len() + items.statuses.len(),
            1,
            "{name}: one item in each fixture"
        );
    }
}

#[test]
fn a_different_message_is_not_equal() {
    let body = EVERY_KIND.as_bytes();
    let notification = Notification::parse(body).unwrap();
    let messages: Vec<_> = notification.messages().map(Result::unwrap).collect();
    for (i, a) in messages.iter().enumerate() {
        for (j, b) in messages.iter().enumerate() {
            assert_eq!(*a.message() == *b.message(), i == j, "{} {}", a.id, b.id);
            assert_eq!(
                a.kind == b.kind,
                i == j || same_text(a, b),
                "{} {}",
                a.id,
                b.id
            );
        }
    }
}

/// Two text messages of the same text have equal kinds.
fn same_text(a: &Message<'_>, b: &Message<'_>) -> bool {
    matches!((&a.kind, &b.kind), (MessageKind::Text(x), MessageKind::Text(y)) if x == y)
}

/// Every string the JSON holds under one of `keys`, at any depth.
fn strings_under(value: &serde_json::Value, keys: &[&str], found: &mut BTreeSet<String>) {
    match value {
        serde_json::Value::Object(map) => {
            for (key, item) in map {
                if keys.contains(&key.as_str())
                    && let Some(text) = item.as_str()
                {
                    found.insert(text.to_owned());
                }
                strings_under(item, keys, found);
            }
        }
        serde_json::Value::Array(items) => {
            for item in items {
                strings_under(item, keys, found);
            }
        }
        _ => {}
    }
}

/// The fields that hold a phone number, a user's ID, a name or what a user wrote or shared.
const PERSONAL_KEYS: &[&str] = &[
    "display_phone_number",
    "wa_id",
    "user_id",
    "parent_user_id",
    "identity_key_hash",
    "from",
    "from_user_id",
    "from_parent_user_id",
    "recipient_id",
    "recipient_user_id",
    "parent_recipient_user_id",
    "biz_opaque_callback_data",
    "name",
    "username",
    "formatted_name",
    "first_name",
    "last_name",
    "phone",
    "body",
    "caption",
    "filename",
    "address",
    "emoji",
    "response_json",
];

/// Every `Debug` a program may print of a body's items, in one string.
fn every_debug(notification: &Notification<'_>) -> String {
    let mut shown = format!("{notification:#?}\n{notification:?}\n");
    for message in notification.messages().map(Result::unwrap) {
        let owned = message.message().clone().into_owned();
        writeln!(
            shown,
            "{message:?}\n{:?}\n{:?}",
            message.message(),
            message.kind
        )
        .unwrap();
        writeln!(
            shown,
            "{:?}\n{:?}",
            message.contact(),
            message.reply_address()
        )
        .unwrap();
        writeln!(shown, "{owned:?}\n{owned:#?}").unwrap();
    }
    for status in notification.statuses().map(Result::unwrap) {
        let owned = status.status().clone().into_owned();
        writeln!(shown, "{status:?}\n{owned:?}").unwrap();
    }
    shown
}

#[test]
fn no_debug_shows_a_phone_number_a_name_or_a_text() {
    let bodies = FIXTURES
        .iter()
        .map(|(name, body)| (*name, *body))
        .chain([("every kind", EVERY_KIND.as_bytes())]);
    for (name, body) in bodies {
        let json: serde_json::Value = serde_json::from_slice(body).unwrap();
        let mut personal = BTreeSet::new();
        strings_under(&json, PERSONAL_KEYS, &mut personal);
        // A location's coordinates too.
        personal.extend(["48.858".to_owned(), "2.2946".to_owned()]);
        assert!(personal.len() > 3, "{name}: {personal:?}");

        let notification = Notification::parse(body).unwrap();
        let shown = every_debug(&notification);
        for secret in &personal {
            assert!(
                !shown.contains(secret.as_str()),
                "{name}: {secret:?} shows in\n{shown}"
            );
        }
        // What identifies the items still shows: their WAMIDs and the business's number ID.
        let mut ids = BTreeSet::new();
        strings_under(&json, &["id", "phone_number_id"], &mut ids);
        for id in ids
            .iter()
            .filter(|id| id.starts_with("wamid.") || id.len() == 15)
        {
            assert!(
                shown.contains(id.as_str()),
                "{name}: {id} is missing in\n{shown}"
            );
        }
        assert!(shown.contains("***("), "{name}");
    }
}

#[test]
fn the_check_finds_what_a_derived_debug_would_show() {
    // The same strings, printed as a derived `Debug` would print them, are caught.
    let json: serde_json::Value = serde_json::from_slice(FIXTURES[0].1).unwrap();
    let mut personal = BTreeSet::new();
    strings_under(&json, PERSONAL_KEYS, &mut personal);
    let derived = format!("{json:?}");
    assert!(
        personal
            .iter()
            .all(|secret| derived.contains(secret.as_str()))
    );
}

#[test]
fn an_item_error_shows_where_but_not_what_in_its_debug() {
    let body = br#"{"entry":[{"changes":[{"value":{"messages":[
        {"from":16505550101,"id":"wamid.A","timestamp":"1749416383","type":"text","text":{"body":"Hi"}}]}}]}]}"#;
    let notification = Notification::parse(body).unwrap();
    let problem = notification.problems().next().unwrap();
    // The reason quotes the malformed number; only the display of the reason shows it.
    assert!(
        problem.reason().contains("16505550101"),
        "{}",
        problem.reason()
    );
    let debug = format!("{problem:?}");
    assert!(!debug.contains("16505550101"), "{debug}");
    assert!(debug.contains("reason: ***("), "{debug}");
    assert!(!problem.location().to_string().contains("16505550101"));
    assert_eq!(
        problem.location().to_string(),
        "entry 0, change 0, message 0"
    );
}
