//! Receiving a typical webhook: a notification of about 2 KB with one text message, checked
//! and read by `cta_core::webhook::receive`, against the floor it is measured by: the same
//! HMAC-SHA256 check plus `serde_json::from_slice::<serde_json::Value>` on the same bytes.
//! The target is a ratio of at most 1.0.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use cta_core::webhook::{AppSecret, MessageKind, SIGNATURE_HEADER, receive};
use http::HeaderMap;

/// A text message as Meta sends it, with a referral from an ad and a longer text, so that the
/// body is about 2 KB.
fn body() -> Vec<u8> {
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

fn webhook(c: &mut Criterion) {
    let secret = AppSecret::new("test-app-secret").unwrap();
    let body = body();
    let mut headers = HeaderMap::new();
    headers.insert(SIGNATURE_HEADER, secret.sign(&body).parse().unwrap());
    let signature = secret.sign(&body);

    let mut group = c.benchmark_group(format!("webhook of {} bytes", body.len()));
    group.bench_function("floor: HMAC + serde_json::Value", |b| {
        b.iter(|| {
            secret
                .verify(black_box(&signature), black_box(&body))
                .unwrap();
            black_box(serde_json::from_slice::<serde_json::Value>(black_box(&body)).unwrap())
        });
    });
    group.bench_function("receive: verify + typed parse", |b| {
        b.iter(|| {
            let notification = receive(&secret, black_box(&headers), black_box(&body)).unwrap();
            let message = notification.messages().next().unwrap().unwrap();
            assert!(matches!(message.kind, MessageKind::Text(_)));
            black_box(message.reply_address().is_some())
        });
    });
    group.bench_function("HMAC alone", |b| {
        b.iter(|| {
            secret
                .verify(black_box(&signature), black_box(&body))
                .unwrap()
        });
    });
    group.finish();
}

criterion_group!(benches, webhook);
criterion_main!(benches);
