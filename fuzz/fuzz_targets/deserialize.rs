//! Fuzzes `Deserialize` for `CtaUrlMessage`: any bytes give a message or an error, never a
//! panic, and a message that parses serializes back to JSON that parses to the same message.

#![no_main]

use cta_core::CtaUrlMessage;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(message) = serde_json::from_slice::<CtaUrlMessage>(data) {
        let json = serde_json::to_vec(&message).expect("a checked message always serializes");
        let back: CtaUrlMessage =
            serde_json::from_slice(&json).expect("what we write, we read back");
        assert_eq!(back, message);
    }
});
