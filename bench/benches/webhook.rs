//! Receiving a typical webhook: a notification of about 2 KB with one text message, checked
//! and read by `cta_core::webhook::receive`, against the floor it is measured by: the same
//! HMAC-SHA256 check plus `serde_json::from_slice::<serde_json::Value>` on the same bytes.
//! The target is a ratio of at most 1.0.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use cta_core::webhook::{AppSecret, MessageKind, SIGNATURE_HEADER, receive};
use http::HeaderMap;

fn webhook(c: &mut Criterion) {
    let secret = AppSecret::new("test-app-secret").unwrap();
    let body = cta_bench::webhook_body();
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
