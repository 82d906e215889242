//! Replying to an inbound message: the recipient from a webhook's address (`+` added to a
//! phone number, a BSUID in `"recipient"`), the quoted WAMID, the errors, and the request body
//! byte for byte against `serde_json::to_vec`.

use cta_core::rules::{RecipientKind, RuleError};
use cta_core::webhook::{Notification, ReplyAddress, ReplyError};
use cta_core::{CtaUrlContent, CtaUrlMessage, MessageId, Recipient, cta_message};

const TEXT_MESSAGE: &[u8] = include_bytes!("../../fixtures/webhooks/text-message.json");
const BSUID_TEXT_MESSAGE: &[u8] = include_bytes!("../../fixtures/webhooks/bsuid-text-message.json");

const TEXT_WAMID: &str = "wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQzQTRBNjU5OUFFRTAzODEwMTQ0RgA=";
const BSUID_WAMID: &str = "wamid.HBgLMTY0NjcwNDM1OTUVAgASGBQzQUI2RjlGQTRDMjcyNzNFMjhCNwA=";

const REPLY: CtaUrlContent = cta_message! {
    header: text("Ça vient en bleu 💙"),
    body: "Thanks for asking!\nEvery colour is in the \"catalogue\".",
    button: "See colours",
    url: "https://example.com/colours?from=reply",
    footer: "Reply any time.",
    callback_data: "reply=1",
};

/// The same content, with a `reply_to` of its own written as a literal.
const REPLY_QUOTING: CtaUrlContent = cta_message! {
    body: "Thanks for asking!",
    button: "See colours",
    url: "https://example.com/colours",
    reply_to: "wamid.LITERAL\"QUOTE",
};

/// A notification with one value holding `contacts` (a JSON array, or nothing) and `messages`.
fn notification(contacts: Option<&str>, messages: &str) -> String {
    let contacts = contacts.map_or(String::new(), |contacts| {
        format!(r#""contacts":{contacts},"#)
    });
    format!(
        r#"{{"object":"whatsapp_business_account","entry":[{{"id":"1","changes":[{{"field":"messages","value":{{"messaging_product":"whatsapp",{contacts}"messages":[{messages}]}}}}]}}]}}"#
    )
}

/// The replies to every message of `body`, in order.
fn replies_to(content: &CtaUrlContent, body: &[u8]) -> Vec<Result<CtaUrlMessage, ReplyError>> {
    let notification = Notification::parse(body).unwrap();
    notification
        .messages()
        .map(|inbound| content.in_reply_to(&inbound.unwrap()))
        .collect()
}

fn only_reply(content: &CtaUrlContent, body: &[u8]) -> CtaUrlMessage {
    let mut replies = replies_to(content, body);
    assert_eq!(replies.len(), 1);
    replies.remove(0).unwrap()
}

fn json(message: &CtaUrlMessage) -> serde_json::Value {
    serde_json::from_slice(&message.to_json_vec()).unwrap()
}

#[test]
fn a_phone_number_gets_its_plus_and_goes_in_to() {
    let recipient = Recipient::try_from(ReplyAddress::PhoneNumber("16505551234")).unwrap();
    assert_eq!(recipient.as_str(), "+16505551234");
    assert_eq!(recipient.kind(), RecipientKind::PhoneNumber);
    // Already with its `+`: not doubled.
    let recipient = Recipient::try_from(ReplyAddress::PhoneNumber("+447700900123")).unwrap();
    assert_eq!(recipient.as_str(), "+447700900123");
}

#[test]
fn a_bsuid_goes_as_it_is() {
    for bsuid in ["US.13491208655302741918", "US.ENT.11815799212886844830"] {
        let recipient = Recipient::try_from(ReplyAddress::UserId(bsuid)).unwrap();
        assert_eq!(recipient.as_str(), bsuid);
        assert_eq!(recipient.kind(), RecipientKind::Bsuid);
    }
}

#[test]
fn an_address_of_the_wrong_kind_or_form_is_a_rule_error() {
    // Digits where a BSUID is expected would go in "to": refused, at the first character.
    assert!(matches!(
        Recipient::try_from(ReplyAddress::UserId("16505551234")),
        Err(RuleError::InvalidBsuid { at: 1, .. })
    ));
    // A BSUID where a phone number is expected: the `+` makes it a phone number, which
    // cannot hold letters.
    assert!(matches!(
        Recipient::try_from(ReplyAddress::PhoneNumber("US.13491208655302741918")),
        Err(RuleError::InvalidCharacter { found: 'U', .. })
    ));
    assert!(matches!(
        Recipient::try_from(ReplyAddress::PhoneNumber("123")),
        Err(RuleError::DigitCount { found: 3, .. })
    ));
    assert!(matches!(
        Recipient::try_from(ReplyAddress::UserId("")),
        Err(RuleError::Blank { .. })
    ));
    assert!(matches!(
        Recipient::try_from(ReplyAddress::UserId("us.123")),
        Err(RuleError::InvalidBsuid { at: 1, .. })
    ));
    // The phone-number rules still apply to a kind-checked recipient.
    let kind_check = RecipientKind::PhoneNumber.check("+1650555123456789");
    assert!(matches!(
        kind_check,
        Err(RuleError::DigitCount { found: 16, .. })
    ));
}

#[test]
fn the_reply_to_the_shared_text_fixture_quotes_it_and_goes_to_the_number_with_plus() {
    let reply = only_reply(&REPLY, TEXT_MESSAGE);
    assert_eq!(reply.recipient().as_str(), "+16505551234");
    assert_eq!(reply.recipient().kind(), RecipientKind::PhoneNumber);
    assert_eq!(reply.reply_to().unwrap().as_str(), TEXT_WAMID);
    let json = json(&reply);
    assert_eq!(json["to"], "+16505551234");
    assert!(json.get("recipient").is_none());
    assert_eq!(json["context"]["message_id"], TEXT_WAMID);
    assert_eq!(json["biz_opaque_callback_data"], "reply=1");
}

#[test]
fn the_reply_to_a_bsuid_only_sender_goes_in_recipient() {
    let reply = only_reply(&REPLY, BSUID_TEXT_MESSAGE);
    assert_eq!(reply.recipient().as_str(), "US.13491208655302741918");
    let json = json(&reply);
    assert_eq!(json["recipient"], "US.13491208655302741918");
    assert!(json.get("to").is_none());
    assert_eq!(json["recipient_type"], "individual");
    assert_eq!(json["context"]["message_id"], BSUID_WAMID);
}

#[test]
fn the_body_is_byte_for_byte_serde_json_for_literal_and_run_time_content() {
    let run_time = CtaUrlContent::builder()
        .body("Run-time body with\ta tab, \"quotes\", </script> and é")
        .button("Open")
        .url("https://example.com/a?b=c")
        .callback_data("data\\with\\backslashes")
        .build()
        .unwrap();
    let bodies = [TEXT_MESSAGE, BSUID_TEXT_MESSAGE];
    for content in [&REPLY, &REPLY_QUOTING, &run_time] {
        for body in bodies {
            let reply = only_reply(content, body);
            let bytes = reply.to_json_vec();
            assert_eq!(bytes, serde_json::to_vec(&reply).unwrap());
            assert_eq!(bytes.len(), reply.json_len());
            let back: CtaUrlMessage = serde_json::from_slice(&bytes).unwrap();
            assert_eq!(back, reply);
        }
    }
}

#[test]
fn a_reply_replaces_the_literal_reply_to_and_keeps_the_rest() {
    let reply = only_reply(&REPLY_QUOTING, TEXT_MESSAGE);
    let text = String::from_utf8(reply.to_json_vec()).unwrap();
    assert!(!text.contains("LITERAL"), "{text}");
    assert_eq!(text.matches(r#""context""#).count(), 1, "{text}");
    assert!(
        text.starts_with(&format!(
            r#"{{"messaging_product":"whatsapp","recipient_type":"individual","to":"+16505551234","context":{{"message_id":"{TEXT_WAMID}"}},"type":"interactive","interactive":{{"type":"cta_url","body":{{"text":"Thanks for asking!"}}"#
        )),
        "{text}"
    );
    // The content itself, addressed without a reply, still writes its literal context.
    let plain = REPLY_QUOTING.to(Recipient::new("+16505551234").unwrap());
    assert_eq!(
        plain.to_json_vec(),
        serde_json::to_vec(&plain).unwrap(),
        "{plain:?}"
    );
    assert_eq!(
        json(&plain)["context"]["message_id"],
        "wamid.LITERAL\"QUOTE"
    );
}

#[test]
fn with_reply_to_escapes_a_run_time_wamid_in_front_of_the_literal_json() {
    let id = MessageId::new("wamid.\"odd\"\\é/x").unwrap();
    for content in [&REPLY, &REPLY_QUOTING] {
        let message = content
            .clone()
            .with_reply_to(id.clone())
            .into_message(Recipient::new("US.13491208655302741918").unwrap());
        assert_eq!(message.to_json_vec(), serde_json::to_vec(&message).unwrap());
        assert_eq!(json(&message)["context"]["message_id"], id.as_str());
    }
}

#[test]
fn the_address_comes_from_the_contact_when_the_message_has_none() {
    // `from` missing, but the contact (the only one) has a `wa_id`.
    let body = notification(
        Some(r#"[{"wa_id":"441632960961"}]"#),
        r#"{"id":"wamid.A","timestamp":"1749416383","type":"text","text":{"body":"hi"}}"#,
    );
    let reply = only_reply(&REPLY, body.as_bytes());
    assert_eq!(reply.recipient().as_str(), "+441632960961");
    // Only a BSUID on the contact, no profile.
    let body = notification(
        Some(r#"[{"user_id":"GB.42"}]"#),
        r#"{"id":"wamid.B","timestamp":"1749416383","type":"text","text":{"body":"hi"}}"#,
    );
    let reply = only_reply(&REPLY, body.as_bytes());
    assert_eq!(reply.recipient().as_str(), "GB.42");
    assert_eq!(json(&reply)["recipient"], "GB.42");
}

#[test]
fn no_address_at_all_is_reply_error_no_address() {
    let body = notification(
        None,
        r#"{"id":"wamid.A","timestamp":"1749416383","type":"text","text":{"body":"hi"}}"#,
    );
    let replies = replies_to(&REPLY, body.as_bytes());
    assert_eq!(replies, vec![Err(ReplyError::NoAddress)]);
    let error = ReplyError::NoAddress;
    assert!(error.to_string().contains("no address"), "{error}");
    assert!(std::error::Error::source(&error).is_none());
}

#[test]
fn a_bad_address_or_wamid_is_a_reply_error_with_its_rule() {
    let body = notification(
        None,
        r#"{"from":"12","id":"wamid.A","timestamp":"1749416383","type":"text","text":{"body":"hi"}},
           {"from_user_id":"not-a-bsuid","id":"wamid.B","timestamp":"1749416383","type":"text","text":{"body":"hi"}}"#,
    );
    let replies = replies_to(&REPLY, body.as_bytes());
    let [Err(phone), Err(bsuid)] = &replies[..] else {
        panic!("expected two errors: {replies:?}");
    };
    assert!(matches!(
        phone,
        ReplyError::Address {
            kind: RecipientKind::PhoneNumber,
            error: RuleError::DigitCount { found: 2, .. }
        }
    ));
    assert!(matches!(
        bsuid,
        ReplyError::Address {
            kind: RecipientKind::Bsuid,
            error: RuleError::InvalidBsuid { .. }
        }
    ));
    // The message says the rule broken, once (no source repeats it); the address itself is not
    // printed.
    let ReplyError::Address { error: rule, .. } = phone else {
        unreachable!()
    };
    assert!(phone.to_string().ends_with(&format!(": {rule}")), "{phone}");
    assert!(std::error::Error::source(phone).is_none());
    assert!(!phone.to_string().contains("12"), "{phone}");

    let long_id = format!("wamid.{}", "A".repeat(200));
    let body = notification(
        None,
        &format!(
            r#"{{"from":"16505551234","id":"{long_id}","timestamp":"1749416383","type":"text","text":{{"body":"hi"}}}}"#
        ),
    );
    let too_long = replies_to(&REPLY, body.as_bytes());
    assert!(
        matches!(
            &too_long[..],
            [Err(ReplyError::MessageId(RuleError::TooLong {
                max: 128,
                ..
            }))]
        ),
        "{too_long:?}"
    );
}

#[test]
fn into_reply_to_gives_the_same_message_as_in_reply_to() {
    let notification = Notification::parse(TEXT_MESSAGE).unwrap();
    let inbound = notification.messages().next().unwrap().unwrap();
    assert_eq!(
        REPLY.clone().into_reply_to(&inbound).unwrap(),
        REPLY.in_reply_to(&inbound).unwrap()
    );
    assert_eq!(inbound.reply_recipient().unwrap().as_str(), "+16505551234");
    assert_eq!(inbound.message_id().unwrap().as_str(), TEXT_WAMID);
}

#[test]
fn replying_keeps_the_json_the_macro_rendered_and_other_changes_drop_it() {
    use cta_core::__private::content_is_prerendered;

    assert!(content_is_prerendered(&REPLY));
    assert!(content_is_prerendered(&REPLY_QUOTING));
    let (_, content) = only_reply(&REPLY, TEXT_MESSAGE).into_parts();
    assert!(content_is_prerendered(&content));
    let (_, content) = only_reply(&REPLY_QUOTING, BSUID_TEXT_MESSAGE).into_parts();
    assert!(content_is_prerendered(&content));
    // A part inside the rendered JSON changes: the JSON is rendered anew.
    let footer = cta_core::FooterText::new("Another footer").unwrap();
    assert!(!content_is_prerendered(&content.with_footer(footer)));
}

#[test]
fn the_only_contact_is_not_taken_for_a_sender_it_contradicts() {
    // A BSUID-only sender, and one contact who is someone else: the reply goes to the
    // sender's BSUID, never to the contact's phone number.
    let body = r#"{"object":"whatsapp_business_account","entry":[{"id":"1","changes":[{"field":"messages","value":{"messaging_product":"whatsapp","contacts":[{"wa_id":"16505559999","user_id":"US.2"}],"messages":[{"from_user_id":"US.1","id":"wamid.A","timestamp":"1749416383","type":"text","text":{"body":"hi"}}]}}]}]}"#;
    let notification = cta_core::webhook::Notification::parse(body.as_bytes()).unwrap();
    let inbound = notification.messages().next().unwrap().unwrap();
    assert!(inbound.contact().is_none());
    assert_eq!(
        inbound.reply_address(),
        Some(cta_core::webhook::ReplyAddress::UserId("US.1"))
    );
    // The only contact that agrees with the sender is still theirs.
    let agreeing = body.replace(r#""user_id":"US.2""#, r#""user_id":"US.1""#);
    let notification = cta_core::webhook::Notification::parse(agreeing.as_bytes()).unwrap();
    let inbound = notification.messages().next().unwrap().unwrap();
    assert!(inbound.contact().is_some());
}
