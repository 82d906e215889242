//! Meta's example, built with the macro, is Meta's request body byte for byte.
//!
//! `../fixtures/` holds copies of `shared/fixtures/`, so the test runs on a fresh clone too; when
//! `../shared` is beside the repository (as in CI) the copies are compared with it as well.

use crate::common;

use common::META_EXAMPLE;
use cta_core::CtaUrlMessage;

const REQUEST: &str = include_str!("../../fixtures/seed-example-request.json");

#[test]
fn metas_example_serializes_byte_for_byte() {
    let json = serde_json::to_string(&META_EXAMPLE).unwrap();
    assert_eq!(json, REQUEST.trim_end());
}

#[test]
fn the_fast_path_gives_metas_bytes_too() {
    assert_eq!(META_EXAMPLE.to_json_vec(), REQUEST.trim_end().as_bytes());
    assert_eq!(META_EXAMPLE.json_len(), REQUEST.trim_end().len());
}

#[test]
fn the_builder_gives_the_same_bytes() {
    let message = CtaUrlMessage::builder()
        .to("+16505551234")
        .image("https://www.luckyshrub.com/assets/lucky-shrub-banner-logo-v1.png")
        .body("Tap the button below to see available dates.")
        .button("See Dates")
        .url(
            "https://www.luckyshrub.com?clickID=kqDGWd24Q5TRwoEQTICY7W1JKoXvaZOXWAS7h1P76s0R7Paec4",
        )
        .footer("Dates subject to change.")
        .build()
        .unwrap();
    assert_eq!(message, META_EXAMPLE);
    assert_eq!(serde_json::to_string(&message).unwrap(), REQUEST.trim_end());
    assert_eq!(message.to_json_vec(), REQUEST.trim_end().as_bytes());
}

#[test]
fn metas_example_deserializes_to_the_same_message() {
    let message: CtaUrlMessage = serde_json::from_str(REQUEST).unwrap();
    assert_eq!(message, META_EXAMPLE);
}

#[test]
fn the_copied_fixtures_match_shared_when_present() {
    let shared = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/fixtures");
    if !shared.exists() {
        return;
    }
    for name in ["seed-example-request.json", "seed-example-response.json"] {
        let ours = std::fs::read(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("fixtures")
                .join(name),
        )
        .unwrap();
        let theirs = std::fs::read(shared.join(name)).unwrap();
        assert_eq!(
            ours, theirs,
            "tests/fixtures/{name} differs from shared/fixtures/{name}"
        );
    }
}
