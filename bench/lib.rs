//! Benchmarks of `cta-core`, in `benches/`. See `BENCHMARKS.md` at the repository root for the
//! figures and how to reproduce them.
//!
//! What several benches read: the webhook bodies they are timed on.

use std::fmt::Write as _;

/// A text message as Meta sends it, with a referral from an ad and a longer text, so that the
/// body is about 2 KB (1876 bytes): the webhook body of `benches/webhook.rs` and
/// `benches/intake.rs`.
#[must_use]
pub fn webhook_body() -> Vec<u8> {
    let text = "Hello! I saw your ad for the spring workshops and would like to know more. \
                Are there still places on Saturday morning, and can I bring a friend? \
                We are both beginners. Also, is parking available nearby? My friend would like \
                to try pottery, and I would rather paint; can we do both on the same day, or \
                should we book two sessions? What should we bring, and how long does a session \
                last? If Saturday is full, Sunday afternoon would work for us too. Thanks a lot!";
    format!(
        r#"{{"object":"whatsapp_business_account","entry":[{{"id":"102290129340398","changes":[{{"value":{{"messaging_product":"whatsapp","metadata":{{"display_phone_number":"15550783881","phone_number_id":"106540352242922"}},"contacts":[{{"profile":{{"name":"Sheena Nelson","username":"sheena.n"}},"wa_id":"16505551234","user_id":"US.13491208655302741918","parent_user_id":"US.ENT.11815799212886844830","identity_key_hash":"DF2lS5v2W6x="}}],"messages":[{{"from":"16505551234","from_user_id":"US.13491208655302741918","from_parent_user_id":"US.ENT.11815799212886844830","id":"wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQzQTRBNjU5OUFFRTAzODEwMTQ0RgA=","timestamp":"1749416383","type":"text","text":{{"body":"{text}"}},"referral":{{"source_url":"https://fb.me/2ZxBkKy7Q","source_id":"120226305854810726","source_type":"ad","body":"Spring workshops are here: pottery, painting and woodwork for beginners and experts. Book a place today!","headline":"Spring workshops at Lucky Shrub","media_type":"image","image_url":"https://scontent.xx.fbcdn.net/v/t45.1600-4/476394163_120226305854810726_n.png?stp=dst-jpg&_nc_cat=1&ccb=1-7&_nc_sid=c02adf","ctwa_clid":"ARAkLkA8rmlFeiCktEJQ-QTwRiyYHAFDLMNDBH0CD3qpjd0HR4irJ6LEkR7JwFF4XvnO2E4Nx0-eM-GABDLOPaOdRMv-_zfUQ2a","welcome_message":{{"text":"Hi! How can we help you with the spring workshops?"}}}},"context":{{"from":"15550783881","id":"wamid.HBgLMTY1MDM4Nzk0MzkVAgARGBI3MTE5MjY1RkE1NTJBQzgwNjMA"}}}}]}},"field":"messages"}}]}}]}}"#
    )
    .into_bytes()
}

/// The texts of [`batch_body`], in turn: short and long, as users write.
const BATCH_TEXTS: [&str; 5] = [
    "Hi! Is the shop open on Sunday?",
    "Do you deliver to Lyon, and how long does it take? I need the order before Friday.",
    "Thanks, got it.",
    "Can I change the size of my order? I ordered a medium but I think I need a large one, \
     and I would rather not wait for a return.",
    "Where is my parcel? The tracking page has said 'in transit' for four days now.",
];

/// A batch of `count` text messages from `count` users to one business number, as Meta
/// batches them: one entry, one change, a contact per message (its profile, phone number and
/// BSUID) and the messages in the same order. Each message names its sender by phone number
/// and BSUID; every fourth quotes an earlier message of the business.
#[must_use]
pub fn batch_body(count: usize) -> Vec<u8> {
    let mut contacts = String::new();
    let mut messages = String::new();
    for index in 0..count {
        let separator = if index == 0 { "" } else { "," };
        let phone = 16_505_550_000_u64 + index as u64;
        let user = 13_491_208_655_302_741_000_u128 + index as u128;
        let _ = write!(
            contacts,
            r#"{separator}{{"profile":{{"name":"Customer {index}"}},"wa_id":"{phone}","user_id":"US.{user}"}}"#
        );
        let context = if index % 4 == 3 {
            r#","context":{"from":"15550783881","id":"wamid.HBgLMTY1MDM4Nzk0MzkVAgARGBI3MTE5MjY1RkE1NTJBQzgwNjMA"}"#
        } else {
            ""
        };
        let text = BATCH_TEXTS[index % BATCH_TEXTS.len()];
        let _ = write!(
            messages,
            r#"{separator}{{"from":"{phone}","from_user_id":"US.{user}","id":"wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQzQTRBNjU5OUFFRTAzODEwMTQ{index:04}","timestamp":"{}","type":"text","text":{{"body":"{text}"}}{context}}}"#,
            1_749_416_383 + index
        );
    }
    format!(
        r#"{{"object":"whatsapp_business_account","entry":[{{"id":"102290129340398","changes":[{{"value":{{"messaging_product":"whatsapp","metadata":{{"display_phone_number":"15550783881","phone_number_id":"106540352242922"}},"contacts":[{contacts}],"messages":[{messages}]}},"field":"messages"}}]}}]}}"#
    )
    .into_bytes()
}
