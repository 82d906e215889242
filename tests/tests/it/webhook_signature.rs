//! The `X-Hub-Signature-256` check: the documented signature of the shared fixture, and every
//! way a signature can be wrong.

use cta_core::webhook::{AppSecret, SIGNATURE_HEADER, SignatureError, Verified, receive};
use http::{HeaderMap, HeaderValue, Request};

const TEXT_MESSAGE: &[u8] = include_bytes!("../../fixtures/webhooks/text-message.json");
/// The signature `tests/fixtures/webhooks/README.md` gives for `text-message.json`.
const DOCUMENTED: &str = "sha256=5e015a19507feca06df7224fa250bc92f199fd191a14878fd500dc43bc169034";

fn secret() -> AppSecret {
    AppSecret::new("test-app-secret").unwrap()
}

fn headers(value: &str) -> HeaderMap {
    let mut headers = HeaderMap::new();
    headers.insert(SIGNATURE_HEADER, HeaderValue::from_str(value).unwrap());
    headers
}

#[test]
fn the_documented_signature_verifies() {
    assert_eq!(secret().verify(DOCUMENTED, TEXT_MESSAGE), Ok(Verified::Raw));
    assert_eq!(secret().sign(TEXT_MESSAGE), DOCUMENTED);
    let notification = receive(&secret(), &headers(DOCUMENTED), TEXT_MESSAGE).unwrap();
    assert_eq!(notification.messages().count(), 1);
}

#[test]
fn the_signature_checks_on_headers_and_on_requests() {
    assert_eq!(
        secret().verify_headers(&headers(DOCUMENTED), TEXT_MESSAGE),
        Ok(Verified::Raw)
    );
    let request = Request::post("https://example.com/webhook")
        .header("X-Hub-Signature-256", DOCUMENTED)
        .body(TEXT_MESSAGE.to_vec())
        .unwrap();
    assert_eq!(secret().verify_request(&request), Ok(Verified::Raw));
    let changed = request.map(|mut body| {
        body.push(b' ');
        body
    });
    assert_eq!(
        secret().verify_request(&changed),
        Err(SignatureError::Mismatch)
    );
}

#[test]
fn a_wrong_secret_is_refused() {
    let other = AppSecret::new("another-app-secret").unwrap();
    assert_eq!(
        other.verify(DOCUMENTED, TEXT_MESSAGE),
        Err(SignatureError::Mismatch)
    );
}

#[test]
fn uppercase_hex_is_accepted() {
    let upper = format!("sha256={}", DOCUMENTED["sha256=".len()..].to_uppercase());
    assert_ne!(upper, DOCUMENTED);
    assert_eq!(secret().verify(&upper, TEXT_MESSAGE), Ok(Verified::Raw));
    // Mixed case too.
    let mixed = format!(
        "sha256={}",
        DOCUMENTED["sha256=".len()..].replacen('e', "E", 2)
    );
    assert_eq!(secret().verify(&mixed, TEXT_MESSAGE), Ok(Verified::Raw));
}

#[test]
fn a_truncated_signature_is_malformed() {
    for cut in [1, 2, 32, 63] {
        let truncated = &DOCUMENTED[..DOCUMENTED.len() - cut];
        let error = secret().verify(truncated, TEXT_MESSAGE).unwrap_err();
        assert_eq!(error, SignatureError::WrongLength { digits: 64 - cut });
        assert!(error.is_malformed());
    }
    let longer = format!("{DOCUMENTED}00");
    assert_eq!(
        secret().verify(&longer, TEXT_MESSAGE),
        Err(SignatureError::WrongLength { digits: 66 })
    );
    assert_eq!(
        secret().verify("sha256=", TEXT_MESSAGE),
        Err(SignatureError::WrongLength { digits: 0 })
    );
}

#[test]
fn a_signature_without_its_prefix_is_malformed() {
    let bare = &DOCUMENTED["sha256=".len()..];
    for value in [
        bare.to_owned(),
        format!("sha1={bare}"),
        format!("SHA256={bare}"),
        format!(" sha256={bare}"),
        String::new(),
    ] {
        assert_eq!(
            secret().verify(&value, TEXT_MESSAGE),
            Err(SignatureError::MissingPrefix),
            "{value:?}"
        );
    }
}

#[test]
fn a_signature_that_is_not_hex_is_malformed() {
    let hex = &DOCUMENTED["sha256=".len()..];
    let not_hex = format!("sha256={}", hex.replacen('5', "g", 1));
    assert_eq!(
        secret().verify(&not_hex, TEXT_MESSAGE),
        Err(SignatureError::NotHex)
    );
    let spaced = format!("sha256={}", hex.replacen('5', " ", 1));
    assert_eq!(
        secret().verify(&spaced, TEXT_MESSAGE),
        Err(SignatureError::NotHex)
    );
    // 64 bytes of which some are not ASCII.
    let wide = format!("sha256=é{}", &DOCUMENTED["sha256=".len() + 2..]);
    assert_eq!(
        secret().verify(&wide, TEXT_MESSAGE),
        Err(SignatureError::NotHex)
    );
}

#[test]
fn a_body_changed_by_one_byte_is_refused() {
    for at in [0, TEXT_MESSAGE.len() / 2, TEXT_MESSAGE.len() - 1] {
        let mut body = TEXT_MESSAGE.to_vec();
        body[at] ^= 1;
        assert_eq!(
            secret().verify(DOCUMENTED, &body),
            Err(SignatureError::Mismatch),
            "byte {at}"
        );
    }
    let mut longer = TEXT_MESSAGE.to_vec();
    longer.push(b'\n');
    assert_eq!(
        secret().verify(DOCUMENTED, &longer),
        Err(SignatureError::Mismatch)
    );
}

#[test]
fn a_missing_or_repeated_header_is_refused() {
    assert_eq!(
        secret().verify_headers(&HeaderMap::new(), TEXT_MESSAGE),
        Err(SignatureError::Missing)
    );
    let mut twice = headers(DOCUMENTED);
    twice.append(SIGNATURE_HEADER, HeaderValue::from_static(DOCUMENTED));
    assert_eq!(
        secret().verify_headers(&twice, TEXT_MESSAGE),
        Err(SignatureError::Repeated)
    );
    let error = receive(&secret(), &HeaderMap::new(), TEXT_MESSAGE).unwrap_err();
    assert_eq!(error.status(), http::StatusCode::UNAUTHORIZED);
}

/// A body with raw UTF-8 and the same body as Meta's older docs describe it: every non-ASCII
/// character written `\uXXXX`, astral ones as surrogate pairs.
const RAW_UTF8: &str = r#"{"text":{"body":"Ça coûte 5 € 👍"}}"#;
const ESCAPED: &str = r#"{"text":{"body":"\u00c7a co\u00fbte 5 \u20ac \ud83d\udc4d"}}"#;

#[test]
fn a_raw_utf8_body_verifies_as_signed() {
    let signature = secret().sign(RAW_UTF8.as_bytes());
    assert_eq!(
        secret().verify(&signature, RAW_UTF8.as_bytes()),
        Ok(Verified::Raw)
    );
    // Signed over the raw bytes, the escaped form is another body.
    assert_eq!(
        secret().verify(&signature, ESCAPED.as_bytes()),
        Err(SignatureError::Mismatch)
    );
}

#[test]
fn a_raw_utf8_body_signed_in_its_escaped_form_verifies() {
    let signature = secret().sign(ESCAPED.as_bytes());
    assert_eq!(
        secret().verify(&signature, RAW_UTF8.as_bytes()),
        Ok(Verified::Escaped)
    );
    assert_eq!(
        secret().verify(&signature, ESCAPED.as_bytes()),
        Ok(Verified::Raw)
    );
    // Uppercase escapes are not what JSON encoders write; they are another body.
    let upper = secret().sign(ESCAPED.to_uppercase().as_bytes());
    assert_eq!(
        secret().verify(&upper, RAW_UTF8.as_bytes()),
        Err(SignatureError::Mismatch)
    );
}

#[test]
fn a_body_that_is_not_utf8_is_only_checked_raw() {
    let body = b"{\"a\":\"\xff\xfe\"}";
    let signature = secret().sign(body);
    assert_eq!(secret().verify(&signature, body), Ok(Verified::Raw));
    assert_eq!(
        secret().verify(&signature, b"{\"a\":\"\xff\xff\"}"),
        Err(SignatureError::Mismatch)
    );
}

#[test]
fn the_secret_never_shows() {
    let secret = AppSecret::new("test-app-secret").unwrap();
    // No `Display`, and a `Debug` that hides the secret.
    let shown = format!("{secret:?} {secret:#?}");
    assert!(!shown.contains("test-app-secret"), "{shown}");
    assert!(AppSecret::new("").is_err());
    assert!(AppSecret::new(" \t").is_err());
    let error = AppSecret::new("  ").unwrap_err().to_string();
    assert_eq!(error, "the app secret is empty or only whitespace");
    for error in [
        SignatureError::Missing,
        SignatureError::Mismatch,
        SignatureError::NotHex,
    ] {
        assert!(!error.to_string().contains("test-app-secret"));
    }
}
