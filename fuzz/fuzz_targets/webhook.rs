//! Fuzzes the webhook receiver: any bytes give a notification or a typed error, never a panic;
//! every item reached through the iterators answers its accessors; and the signature check
//! accepts the body's own signature, refuses it on the next byte, and never panics on the
//! input taken as a header.

#![no_main]

use cta_core::webhook::{AppSecret, Notification, Verified, VerifyToken, handshake};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let secret = AppSecret::new("test-app-secret").expect("a fixed, valid secret");
    let signature = secret.sign(data);
    assert_eq!(secret.verify(&signature, data), Ok(Verified::Raw));
    let mut longer = data.to_vec();
    longer.push(b' ');
    assert!(secret.verify(&signature, &longer).is_err());
    // The input as a header value, and as a handshake query.
    let _ = secret.verify(data, data);
    if let Ok(query) = std::str::from_utf8(data) {
        let token = VerifyToken::new("meatyhamhock").expect("a fixed, valid token");
        let _ = handshake(query, &token);
    }

    let Ok(notification) = Notification::parse(data) else {
        return;
    };
    for message in notification.messages() {
        match message {
            Ok(message) => {
                let _ = message.reply_address();
                let _ = message.contact();
                let _ = message.reply_window_closes_at();
                let _ = message.type_name();
                let _ = format!("{:?}", message.message());
            }
            Err(error) => {
                let _ = error.to_string();
                let _ = format!("{error:?}");
            }
        }
    }
    for status in notification.statuses().flatten() {
        let _ = status.error_code();
        let _ = status.is_retryable();
        let _ = status.timestamp.to_system_time();
    }
    let _ = notification.problems().count();
});
