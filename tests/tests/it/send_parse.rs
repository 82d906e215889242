//! The request, the configuration and the reading of answers, without a server or an HTTP
//! client: what any HTTP client gets from cta-core.

#![allow(
    clippy::unreadable_literal,
    reason = "error codes are written as Meta writes them"
)]

use crate::common;
use crate::graph_server;

use std::time::Duration;

use cta_core::send::{
    AccessToken, ApiVersion, BaseUrl, ConfigError, EXCERPT_LIMIT, ErrorCode, ErrorKind,
    MessageStatus, PhoneNumberId, SendConfig, SendError, parse_response,
};
use cta_core::{MessageId, cta_message};

use common::META_EXAMPLE;
use graph_server::{PHONE_NUMBER_ID, RULES_CODES, SEED_RESPONSE, SEED_WAMID, TOKEN};
use http::StatusCode;

const REQUEST: &str = include_str!("../../fixtures/meta-cta-url-request.json");

fn config() -> SendConfig {
    SendConfig::new(PHONE_NUMBER_ID, TOKEN).unwrap()
}

fn graph_error_body(code: i64) -> String {
    format!(r#"{{"error":{{"message":"m","type":"OAuthException","code":{code}}}}}"#)
}

// ---- the request ----

#[test]
fn the_request_is_metas_documented_post() {
    let request = config().request(&META_EXAMPLE).unwrap();
    assert_eq!(request.method(), http::Method::POST);
    assert_eq!(
        request.uri(),
        "https://graph.facebook.com/v25.0/106540352242922/messages"
    );
    assert_eq!(
        request.headers()[http::header::AUTHORIZATION],
        format!("Bearer {TOKEN}").as_str()
    );
    assert_eq!(
        request.headers()[http::header::CONTENT_TYPE],
        "application/json"
    );
    assert_eq!(request.headers().len(), 2);
    assert_eq!(request.body(), REQUEST.trim_end().as_bytes());
}

#[test]
fn the_base_url_and_version_can_be_changed_or_left_out() {
    let local = config().with_base_url("http://127.0.0.1:8080/".parse().unwrap());
    assert_eq!(
        local.messages_url(),
        "http://127.0.0.1:8080/v25.0/106540352242922/messages"
    );
    let proxy = config()
        .with_base_url("https://proxy.example/graph".parse().unwrap())
        .with_api_version("v26.0".parse().unwrap());
    assert_eq!(
        proxy.messages_url(),
        "https://proxy.example/graph/v26.0/106540352242922/messages"
    );
    let unversioned = config().without_api_version();
    assert_eq!(unversioned.api_version(), None);
    assert_eq!(
        unversioned.request(&META_EXAMPLE).unwrap().uri(),
        "https://graph.facebook.com/106540352242922/messages"
    );
}

#[test]
fn bad_configuration_values_are_refused() {
    for id in ["", "12 34", "+16505551234", "１２３", "abc"] {
        assert!(
            matches!(
                SendConfig::new(id, TOKEN),
                Err(ConfigError::PhoneNumberId { .. })
            ),
            "{id:?}"
        );
    }
    for base in [
        "graph.facebook.com",
        "ftp://graph.facebook.com",
        "https://",
        "https:///path",
        "https://user:pass@graph.facebook.com",
        "https://graph.facebook.com?x=1",
        "https://graph.facebook.com#top",
        "https://graph .facebook.com",
    ] {
        assert!(
            matches!(BaseUrl::new(base), Err(ConfigError::BaseUrl { .. })),
            "{base:?}"
        );
    }
    for version in ["25.0", "v25", "v.0", "v25.", "V25.0", "v25.0.1", "latest"] {
        assert!(
            matches!(
                ApiVersion::new(version),
                Err(ConfigError::ApiVersion { .. })
            ),
            "{version:?}"
        );
    }
    for token in ["", "   ", "EAAG secret", "EAAG\nsecret", "EAAGé"] {
        assert!(
            matches!(
                AccessToken::new(token),
                Err(ConfigError::AccessToken { .. })
            ),
            "{token:?}"
        );
    }
}

// ---- the token stays hidden ----

#[test]
fn no_debug_shows_the_token() {
    // `AccessToken` has no `Display` (a doctest of cta-core checks that it does not compile).
    let token = AccessToken::new(TOKEN).unwrap();
    let config = config();
    let request = config.request(&META_EXAMPLE).unwrap();
    let shown = [
        format!("{token:?}"),
        format!("{token:#?}"),
        format!("{config:?}"),
        format!("{config:#?}"),
        format!("{request:?}"),
        format!("{:?}", request.headers()),
    ];
    for text in shown {
        assert!(!text.contains(TOKEN), "{text}");
        assert!(!text.contains("EAAG"), "{text}");
    }
}

#[test]
fn tokens_are_equal_only_when_every_byte_is() {
    let token = AccessToken::new(TOKEN).unwrap();
    assert_eq!(token, AccessToken::new(TOKEN).unwrap());
    // Differing in the last byte, the first byte, or the length.
    let mut last = TOKEN.to_owned();
    last.pop();
    assert_ne!(token, AccessToken::new(format!("{last}X")).unwrap());
    assert_ne!(
        token,
        AccessToken::new(format!("X{}", &TOKEN[1..])).unwrap()
    );
    assert_ne!(token, AccessToken::new(last).unwrap());
    assert_ne!(token, AccessToken::new(format!("{TOKEN}X")).unwrap());
}

#[test]
fn a_refused_token_is_not_shown_in_the_error() {
    let secret = "EAAG secret with a space";
    let error = AccessToken::new(secret).unwrap_err();
    let shown = format!("{error} {error:?}");
    assert!(!shown.contains("EAAG"), "{shown}");
    let error = SendConfig::new(PHONE_NUMBER_ID, secret).unwrap_err();
    assert!(!format!("{error} {error:?}").contains("EAAG"));
}

#[test]
fn a_token_passed_as_the_phone_number_id_is_not_shown() {
    // The two arguments swapped: the token lands where the ID belongs.
    let error = SendConfig::new(TOKEN, PHONE_NUMBER_ID).unwrap_err();
    let shown = format!("{error} {error:?}");
    assert!(!shown.contains(TOKEN), "{shown}");
    assert!(!shown.contains("EAAG"), "{shown}");
    assert!(
        shown.contains("the first that is not a digit at character 1"),
        "{shown}"
    );
}

#[test]
fn a_body_that_echoes_the_token_is_masked_wherever_the_token_stands() {
    let config = config();
    // The token straddles the end of the excerpt, and stands again far beyond it.
    for padding in [0, 400, 500, 511, 5000] {
        let body = format!(
            "<html>{}Bearer {TOKEN} again {TOKEN}</html>",
            "x".repeat(padding)
        );
        let error = config
            .parse_response(StatusCode::BAD_GATEWAY, body.as_bytes())
            .unwrap_err();
        let shown = format!("{error} {error:?}");
        assert!(!shown.contains("EAAG"), "padding {padding}: {shown}");
    }
    // A Graph error envelope that quotes the token is masked too.
    let body = format!(r#"{{"error":{{"message":"bad token {TOKEN}","code":190}}}}"#);
    let error = config
        .parse_response(StatusCode::UNAUTHORIZED, body.as_bytes())
        .unwrap_err();
    assert_eq!(error.code(), Some(ErrorCode::ACCESS_TOKEN_INVALID));
    assert!(!format!("{error} {error:?}").contains("EAAG"));
}

#[test]
fn base_urls_follow_the_url_rules() {
    for bad in [
        "https://[::1",
        "https://bücher.example",
        "https://x.com\\y",
        "https://user:pw@x.com",
        "https://x.com?q=1",
        "ftp://x.com",
    ] {
        assert!(bad.parse::<BaseUrl>().is_err(), "{bad}");
    }
    for good in [
        "HTTPS://graph.facebook.com/",
        "http://127.0.0.1:8080",
        "https://proxy.example/graph",
    ] {
        let config = config().with_base_url(good.parse().unwrap());
        // Every accepted base URL makes a request.
        assert!(config.request(&META_EXAMPLE).is_ok(), "{good}");
    }
}

#[test]
fn no_send_error_shows_the_token() {
    let errors = [
        parse_response(StatusCode::BAD_REQUEST, graph_error_body(190).as_bytes()).unwrap_err(),
        parse_response(StatusCode::BAD_GATEWAY, b"<html>Bad gateway</html>").unwrap_err(),
        SendError::Timeout {
            after: Duration::from_secs(1),
        },
    ];
    for error in errors {
        let shown = format!("{error} {error:?}");
        assert!(!shown.contains(TOKEN), "{shown}");
    }
}

// ---- success bodies ----

#[test]
fn the_seed_response_is_read() {
    let sent = parse_response(StatusCode::OK, SEED_RESPONSE.as_bytes()).unwrap();
    assert_eq!(sent.messaging_product(), Some("whatsapp"));
    assert_eq!(sent.message_id(), SEED_WAMID);
    assert_eq!(sent.messages().len(), 1);
    assert_eq!(sent.messages()[0].message_status, None);
    let contact = &sent.contacts()[0];
    assert_eq!(contact.input(), "+16505551234");
    assert_eq!(contact.wa_id(), Some("16505551234"));
    assert_eq!(contact.user_id(), None);
    assert_eq!(contact.recipient_id(), Some("16505551234"));
}

#[test]
fn statuses_user_ids_and_unknown_fields_are_read() {
    let body = r#"{"messaging_product":"whatsapp","new_top_level":{"a":1},
        "contacts":[{"input":"US.13491208655302741918","user_id":"US.13491208655302741918","new":true}],
        "messages":[{"id":"wamid.A","message_status":"accepted","new":[1]}]}"#;
    let sent = parse_response(StatusCode::OK, body.as_bytes()).unwrap();
    assert_eq!(
        sent.contacts()[0].recipient_id(),
        Some("US.13491208655302741918")
    );
    assert_eq!(sent.contacts()[0].wa_id(), None);
    for (written, status) in [
        ("accepted", MessageStatus::Accepted),
        (
            "held_for_quality_assessment",
            MessageStatus::HeldForQualityAssessment,
        ),
        ("paused", MessageStatus::Paused),
        ("delayed", MessageStatus::Other("delayed".to_owned())),
    ] {
        let body = format!(r#"{{"messages":[{{"id":"wamid.A","message_status":"{written}"}}]}}"#);
        let sent = parse_response(StatusCode::OK, body.as_bytes()).unwrap();
        assert_eq!(sent.messages()[0].message_status.as_ref(), Some(&status));
        assert_eq!(status.as_str(), written);
    }
}

#[test]
fn a_success_body_without_messages_is_unexpected() {
    for body in [
        r#"{"messaging_product":"whatsapp","contacts":[],"messages":[]}"#,
        r#"{"messaging_product":"whatsapp"}"#,
        r#"{"messages":[{"status":"accepted"}]}"#,
        "[]",
    ] {
        let error = parse_response(StatusCode::OK, body.as_bytes()).unwrap_err();
        assert!(
            matches!(error, SendError::UnexpectedResponse { .. }),
            "{body}: {error:?}"
        );
    }
}

#[test]
fn a_success_body_under_an_error_status_is_unexpected() {
    let error =
        parse_response(StatusCode::INTERNAL_SERVER_ERROR, SEED_RESPONSE.as_bytes()).unwrap_err();
    assert!(matches!(
        error,
        SendError::UnexpectedResponse {
            status: StatusCode::INTERNAL_SERVER_ERROR,
            ..
        }
    ));
}

// ---- error bodies ----

#[test]
fn every_code_of_the_rules_maps_to_its_variant_and_retry_verdict() {
    for (number, code, retryable) in RULES_CODES {
        assert_eq!(ErrorCode::new(number), code);
        assert_eq!(code.get(), number);
        assert_ne!(code.kind(), ErrorKind::Unknown, "{number}");
        assert_eq!(code.kind().is_retryable(), retryable, "{number}");
        assert_eq!(code.is_retryable(), retryable, "{number}");
        let error = parse_response(StatusCode::BAD_REQUEST, graph_error_body(number).as_bytes())
            .unwrap_err();
        assert_eq!(error.code(), Some(code));
        assert_eq!(error.is_retryable(), retryable, "{number}");
        assert!(error.to_string().contains(&number.to_string()));
    }
    // The table and the enum cover the same codes.
    let mut listed: Vec<i64> = RULES_CODES.iter().map(|(number, ..)| *number).collect();
    let mut known: Vec<i64> = ErrorCode::known().map(ErrorCode::get).collect();
    listed.sort_unstable();
    known.sort_unstable();
    assert_eq!(listed, known);
}

#[test]
fn handling_keys_on_the_code_not_the_status() {
    for status in [
        StatusCode::OK,
        StatusCode::BAD_REQUEST,
        StatusCode::TOO_MANY_REQUESTS,
        StatusCode::INTERNAL_SERVER_ERROR,
    ] {
        let error = parse_response(status, graph_error_body(131056).as_bytes()).unwrap_err();
        assert_eq!(error.code(), Some(ErrorCode::PAIR_RATE_LIMIT), "{status}");
        assert!(error.is_retryable());
        let error = parse_response(status, graph_error_body(131009).as_bytes()).unwrap_err();
        assert!(!error.is_retryable(), "{status}");
    }
}

#[test]
fn every_field_of_the_error_envelope_is_read() {
    let body = r#"{"error":{
        "message":"(#131009) Parameter value is not valid",
        "type":"OAuthException",
        "code":131009,
        "error_subcode":2494010,
        "error_data":{"messaging_product":"whatsapp","details":"Button title length invalid. Min length: 1, Max length: 20"},
        "fbtrace_id":"AbCdEf123",
        "is_transient":false,
        "error_user_title":"Title",
        "error_user_msg":"User message",
        "something_new":{"x":1}
    }}"#;
    let error = parse_response(StatusCode::BAD_REQUEST, body.as_bytes()).unwrap_err();
    let graph = error.graph_error().unwrap();
    assert_eq!(graph.message, "(#131009) Parameter value is not valid");
    assert_eq!(graph.error_type.as_deref(), Some("OAuthException"));
    assert_eq!(graph.code, ErrorCode::PARAMETER_VALUE_INVALID);
    assert_eq!(graph.error_subcode, Some(2494010));
    let data = graph.error_data.as_ref().unwrap();
    assert_eq!(data.messaging_product.as_deref(), Some("whatsapp"));
    assert_eq!(
        graph.details(),
        Some("Button title length invalid. Min length: 1, Max length: 20")
    );
    assert_eq!(graph.fbtrace_id.as_deref(), Some("AbCdEf123"));
    assert_eq!(graph.is_transient, Some(false));
    assert_eq!(graph.error_user_title.as_deref(), Some("Title"));
    assert_eq!(graph.error_user_msg.as_deref(), Some("User message"));
    let shown = error.to_string();
    assert!(shown.contains("131009") && shown.contains("Max length: 20") && shown.contains("400"));
}

#[test]
fn an_unknown_code_is_kept_and_not_retried() {
    let error =
        parse_response(StatusCode::BAD_REQUEST, graph_error_body(424242).as_bytes()).unwrap_err();
    assert_eq!(error.code(), Some(ErrorCode::new(424242)));
    assert!(!error.is_retryable());
}

#[test]
fn a_code_is_its_number_so_naming_more_codes_changes_no_comparison() {
    // A code compares by its number alone: a named constant and a code built from the number
    // are the same value, and a code without a name is still its number.
    for code in ErrorCode::known() {
        assert_eq!(ErrorCode::new(code.get()), code);
        assert_eq!(ErrorCode::from(i64::from(code)), code);
    }
    let unknown = ErrorCode::new(424242);
    assert_eq!(unknown.get(), 424242);
    assert_eq!(unknown.kind(), ErrorKind::Unknown);
    assert_eq!(unknown.description(), None);
    assert_eq!(unknown.to_string(), "424242");
    assert!(ErrorCode::known().all(|known| known != unknown));
}

#[test]
fn an_error_envelope_without_a_code_is_unexpected() {
    let body = br#"{"error":{"message":"no code"}}"#;
    let error = parse_response(StatusCode::BAD_REQUEST, body).unwrap_err();
    assert!(
        matches!(error, SendError::UnexpectedResponse { .. }),
        "{error:?}"
    );
}

#[test]
fn an_unexpected_body_keeps_a_bounded_excerpt() {
    let html = format!("<html>{}</html>", "é".repeat(5000));
    let error = parse_response(StatusCode::BAD_GATEWAY, html.as_bytes()).unwrap_err();
    match &error {
        SendError::UnexpectedResponse {
            status,
            excerpt,
            bytes_read,
            truncated,
            ..
        } => {
            assert_eq!(*status, StatusCode::BAD_GATEWAY);
            assert!(excerpt.starts_with("<html>éé"));
            // At most EXCERPT_LIMIT bytes of the body; a character cut in two is replaced.
            assert!(excerpt.len() <= EXCERPT_LIMIT + 3, "{}", excerpt.len());
            assert_eq!(*bytes_read, html.len());
            assert!(!truncated);
        }
        other => panic!("expected an unexpected response, got {other:?}"),
    }
    assert!(error.to_string().len() < 2 * EXCERPT_LIMIT);
    assert!(error.to_string().contains("502"));
}

// ---- backoff ----

#[test]
fn rate_limits_suggest_a_delay_and_131056_backs_off_four_to_the_n_seconds() {
    let code = ErrorCode::PAIR_RATE_LIMIT;
    let delays: Vec<_> = (0..4).map(|n| code.suggested_delay(n).unwrap()).collect();
    assert_eq!(
        delays,
        [1, 4, 16, 64].map(Duration::from_secs).to_vec(),
        "Meta: 4^n seconds"
    );
    assert_eq!(
        ErrorCode::THROUGHPUT_LIMIT.suggested_delay(3),
        Some(Duration::from_secs(8))
    );
    assert_eq!(
        ErrorCode::SOMETHING_WENT_WRONG.suggested_delay(0),
        None,
        "not a rate limit"
    );
    assert_eq!(
        ErrorCode::SOMETHING_WENT_WRONG.backoff(1, Duration::from_millis(1)),
        Some(Duration::from_millis(2))
    );
    assert_eq!(
        ErrorCode::INVALID_PARAMETER.backoff(0, Duration::from_secs(1)),
        None
    );
    // Large attempts saturate instead of overflowing.
    assert!(code.backoff(1000, Duration::from_secs(1)).is_some());
}

// ---- the public API ----

#[test]
fn phone_number_ids_api_versions_and_base_urls_convert_from_and_to_strings() {
    let id: PhoneNumberId = PHONE_NUMBER_ID.parse().unwrap();
    assert_eq!(PhoneNumberId::try_from(PHONE_NUMBER_ID).unwrap(), id);
    assert_eq!(
        PhoneNumberId::try_from(PHONE_NUMBER_ID.to_owned()).unwrap(),
        id
    );
    assert_eq!(AsRef::<str>::as_ref(&id), PHONE_NUMBER_ID);
    for bad in ["", "12a", "+1650"] {
        let expected = PhoneNumberId::new(bad).unwrap_err();
        assert!(matches!(expected, ConfigError::PhoneNumberId { .. }));
        assert_eq!(bad.parse::<PhoneNumberId>().unwrap_err(), expected);
        assert_eq!(PhoneNumberId::try_from(bad).unwrap_err(), expected);
        assert_eq!(
            PhoneNumberId::try_from(bad.to_owned()).unwrap_err(),
            expected
        );
    }

    let version: ApiVersion = "v26.0".parse().unwrap();
    assert_eq!(ApiVersion::try_from("v26.0").unwrap(), version);
    assert_eq!(
        ApiVersion::try_from(String::from("v26.0")).unwrap(),
        version
    );
    assert_eq!(AsRef::<str>::as_ref(&version), "v26.0");
    for bad in ["26.0", "v26", "latest"] {
        let expected = ApiVersion::new(bad).unwrap_err();
        assert!(matches!(expected, ConfigError::ApiVersion { .. }));
        assert_eq!(bad.parse::<ApiVersion>().unwrap_err(), expected);
        assert_eq!(ApiVersion::try_from(bad).unwrap_err(), expected);
        assert_eq!(ApiVersion::try_from(bad.to_owned()).unwrap_err(), expected);
    }

    let base: BaseUrl = "https://proxy.example/graph/".parse().unwrap();
    assert_eq!(base.as_str(), "https://proxy.example/graph");
    assert_eq!(
        BaseUrl::try_from(String::from("https://proxy.example/graph")).unwrap(),
        base
    );
    assert_eq!(AsRef::<str>::as_ref(&base), "https://proxy.example/graph");
}

#[test]
fn a_refused_base_url_or_version_leaves_the_configuration_at_hand() {
    let mut config = config();
    // Each value is checked before the configuration is touched; a refusal costs nothing.
    for (base, version) in [
        ("https://x.com?q=1", "latest"),
        ("http://127.0.0.1:8080", "v26.0"),
    ] {
        if let Ok(base) = base.parse::<BaseUrl>() {
            config = config.with_base_url(base);
        }
        if let Ok(version) = version.parse::<ApiVersion>() {
            config = config.with_api_version(version);
        }
    }
    assert_eq!(
        config.messages_url(),
        "http://127.0.0.1:8080/v26.0/106540352242922/messages"
    );
    assert_eq!(config.base_url().as_str(), "http://127.0.0.1:8080");
    assert_eq!(config.access_token().expose_secret(), TOKEN);
}

#[test]
fn http_is_reexported_for_a_single_dependency() {
    // The README's example names `http` through cta-core only.
    let status: cta_core::send::http::StatusCode = cta_core::send::http::StatusCode::OK;
    let request: cta_core::send::http::Request<Vec<u8>> = config().request(&META_EXAMPLE).unwrap();
    assert_eq!(request.method(), cta_core::send::http::Method::POST);
    assert!(
        config()
            .parse_response(status, SEED_RESPONSE.as_bytes())
            .is_ok()
    );
}

#[test]
fn the_message_id_is_a_checked_message_id_a_reply_can_quote() {
    let sent = config()
        .parse_response(StatusCode::OK, SEED_RESPONSE.as_bytes())
        .unwrap();
    let id: &MessageId = sent.message_id();
    assert_eq!(id.as_str(), SEED_WAMID);
    assert_eq!(&sent.messages()[0].id, id);
    let reply = cta_message! {
        to: "+16505551234",
        body: "Thanks!",
        button: "See Dates",
        url: "https://www.luckyshrub.com",
        reply_to: id.clone(),
    };
    assert_eq!(reply.reply_to(), Some(id));
}

#[test]
fn a_wamid_that_breaks_the_message_id_rules_is_unexpected_and_not_retried() {
    // Exactly 128 characters is a WAMID Meta documents; 129, blank or two lines is not.
    let longest = format!("wamid.{}", "A".repeat(122));
    let body = format!(r#"{{"messages":[{{"id":"{longest}"}}]}}"#);
    let sent = config()
        .parse_response(StatusCode::OK, body.as_bytes())
        .unwrap();
    assert_eq!(sent.message_id().as_str(), longest);

    for id in [
        format!("{longest}A"),
        " ".to_owned(),
        "wamid.A\\nB".to_owned(),
    ] {
        let body = format!(r#"{{"messages":[{{"id":"{id}"}}]}}"#);
        let error = config()
            .parse_response(StatusCode::OK, body.as_bytes())
            .unwrap_err();
        let SendError::UnexpectedResponse {
            status,
            reason,
            excerpt,
            ..
        } = &error
        else {
            panic!("{id}: {error:?}")
        };
        assert_eq!(*status, StatusCode::OK);
        assert!(reason.contains("success body"), "{reason}");
        // The ID stands in the excerpt, for whoever must find the message.
        assert!(excerpt.contains(&id), "{excerpt}");
        assert!(!error.is_retryable(), "{id}");
    }
}

#[test]
fn contacts_keep_wa_id_and_user_id_each_optional() {
    let body = r#"{"messages":[{"id":"wamid.A"}],"contacts":[
        {"input":"+16505551234","wa_id":"16505551234","user_id":"US.13491208655302741918"},
        {"input":"+16505551235","wa_id":"16505551235"},
        {"input":"US.13491208655302741919","user_id":"US.13491208655302741919"},
        {}
    ]}"#;
    let sent = config()
        .parse_response(StatusCode::OK, body.as_bytes())
        .unwrap();
    let seen: Vec<_> = sent
        .contacts()
        .iter()
        .map(|contact| (contact.input(), contact.wa_id(), contact.user_id()))
        .collect();
    assert_eq!(
        seen,
        [
            (
                "+16505551234",
                Some("16505551234"),
                Some("US.13491208655302741918")
            ),
            ("+16505551235", Some("16505551235"), None),
            (
                "US.13491208655302741919",
                None,
                Some("US.13491208655302741919")
            ),
            ("", None, None),
        ]
    );
    assert_eq!(sent.contacts()[0].recipient_id(), Some("16505551234"));
    assert_eq!(
        sent.contacts()[2].recipient_id(),
        Some("US.13491208655302741919")
    );
    assert_eq!(sent.contacts()[3].recipient_id(), None);
}

#[test]
fn code_131062_bsuid_recipients_not_supported_is_not_retried() {
    let code = ErrorCode::new(131062);
    assert_eq!(code, ErrorCode::BUSINESS_SCOPED_USER_ID_NOT_SUPPORTED);
    assert_eq!(code.get(), 131062);
    assert_eq!(code.kind(), ErrorKind::Recipient);
    assert!(!code.is_retryable());
    assert!(!code.is_rate_limit());
    assert_eq!(code.backoff(0, Duration::from_secs(1)), None);
    assert!(ErrorCode::known().any(|known| known == code));
    let error = config()
        .parse_response(StatusCode::BAD_REQUEST, graph_error_body(131062).as_bytes())
        .unwrap_err();
    assert_eq!(error.code(), Some(code));
    assert!(!error.is_retryable());
    assert!(
        error
            .to_string()
            .contains("business-scoped user ID recipients are not supported"),
        "{error}"
    );
}
