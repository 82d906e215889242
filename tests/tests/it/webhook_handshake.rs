//! The subscription handshake: `hub.mode`, `hub.verify_token`, `hub.challenge`.

use cta_core::webhook::{
    HandshakeError, HubParam, VerifyToken, handshake, handshake_request, handshake_uri,
};
use http::{Request, StatusCode, Uri};

fn token() -> VerifyToken {
    VerifyToken::new("meatyhamhock").unwrap()
}

#[test]
fn the_right_token_gives_the_challenge() {
    let query = "hub.mode=subscribe&hub.challenge=1158201444&hub.verify_token=meatyhamhock";
    assert_eq!(handshake(query, &token()).unwrap().as_str(), "1158201444");
    // Any order, other parameters ignored.
    let query = "x=1&hub.verify_token=meatyhamhock&hub.challenge=42&hub.mode=subscribe";
    assert_eq!(handshake(query, &token()).unwrap().into_string(), "42");
}

#[test]
fn the_handshake_reads_uris_and_requests() {
    let uri: Uri =
        "https://example.com/hook?hub.mode=subscribe&hub.challenge=7&hub.verify_token=meatyhamhock"
            .parse()
            .unwrap();
    assert_eq!(handshake_uri(&uri, &token()).unwrap().as_str(), "7");
    let request = Request::get(uri.clone()).body(()).unwrap();
    let response = handshake_request(&request, &token())
        .unwrap()
        .into_response();
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.body(), "7");
    assert_eq!(
        response.headers()[http::header::CONTENT_TYPE],
        "text/plain; charset=utf-8"
    );
    let post = Request::post(uri).body(()).unwrap();
    let refusal = handshake_request(&post, &token()).unwrap_err();
    assert_eq!(refusal, HandshakeError::NotGet);
    assert_eq!(refusal.status(), StatusCode::METHOD_NOT_ALLOWED);
    let bare: Uri = "https://example.com/hook".parse().unwrap();
    assert_eq!(
        handshake_uri(&bare, &token()),
        Err(HandshakeError::Missing(HubParam::Mode))
    );
}

#[test]
fn a_wrong_token_is_refused() {
    for presented in [
        "meatyhamhocks",
        "meatyhamhoc",
        "MEATYHAMHOCK",
        "x",
        "meatyham%20hock",
    ] {
        let query = format!("hub.mode=subscribe&hub.challenge=1&hub.verify_token={presented}");
        let refusal = handshake(&query, &token()).unwrap_err();
        assert_eq!(refusal, HandshakeError::WrongToken, "{presented}");
        assert_eq!(refusal.status(), StatusCode::FORBIDDEN);
        assert!(!refusal.to_string().contains("meatyhamhock"));
    }
}

#[test]
fn a_wrong_mode_is_refused() {
    for mode in ["unsubscribe", "Subscribe", "subscribe%20", "subscribe+"] {
        let query = format!("hub.mode={mode}&hub.challenge=1&hub.verify_token=meatyhamhock");
        assert_eq!(
            handshake(&query, &token()),
            Err(HandshakeError::WrongMode),
            "{mode}"
        );
    }
}

#[test]
fn missing_empty_and_repeated_parameters_are_refused() {
    let cases = [
        (
            "hub.challenge=1&hub.verify_token=meatyhamhock",
            HandshakeError::Missing(HubParam::Mode),
        ),
        (
            "hub.mode=subscribe&hub.challenge=1",
            HandshakeError::Missing(HubParam::VerifyToken),
        ),
        (
            "hub.mode=subscribe&hub.verify_token=meatyhamhock",
            HandshakeError::Missing(HubParam::Challenge),
        ),
        (
            "hub.mode=subscribe&hub.challenge=&hub.verify_token=meatyhamhock",
            HandshakeError::Missing(HubParam::Challenge),
        ),
        (
            "hub.mode=subscribe&hub.challenge=1&hub.verify_token=",
            HandshakeError::Missing(HubParam::VerifyToken),
        ),
        ("", HandshakeError::Missing(HubParam::Mode)),
        (
            "hub.mode=subscribe&hub.challenge=1&hub.challenge=2&hub.verify_token=meatyhamhock",
            HandshakeError::Repeated(HubParam::Challenge),
        ),
        (
            "hub.mode=subscribe&hub.challenge=1&hub.verify_token=guess&hub.verify_token=meatyhamhock",
            HandshakeError::Repeated(HubParam::VerifyToken),
        ),
    ];
    for (query, expected) in cases {
        assert_eq!(handshake(query, &token()), Err(expected), "{query}");
    }
}

#[test]
fn percent_encoded_parameters_are_decoded() {
    let token = VerifyToken::new("my token/ü+&=").unwrap();
    let query = "hub%2Emode=subscribe&hub.challenge=a%20b%2Bc%26%C3%A9&hub.verify_token=my+token%2F%C3%BC%2B%26%3D";
    assert_eq!(handshake(query, &token).unwrap().as_str(), "a b+c&é");
    // The encoded form of the token is not the token.
    let raw = "hub.mode=subscribe&hub.challenge=1&hub.verify_token=my%20token%2F%C3%BC%2B";
    assert_eq!(handshake(raw, &token), Err(HandshakeError::WrongToken));
}

#[test]
fn the_token_never_shows() {
    let token = token();
    assert_eq!(format!("{token:?}"), "VerifyToken(***)");
    assert!(VerifyToken::new("").is_err());
    assert!(VerifyToken::new(" \n").is_err());
}
