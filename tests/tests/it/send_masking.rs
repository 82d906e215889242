//! The access token never shows in what `SendConfig::parse_response` and `Client::send` return,
//! however an echoing answer spells it: verbatim, with `\uXXXX` escapes (hex digits of either
//! case) of some or all of its characters, with `\/`, or with escapes that survive decoding.
//! Nor does a configuration error show a base URL's secrets.

use crate::common;
use crate::graph_server;

use std::fmt::Write as _;

use axum::http::StatusCode;
use common::META_EXAMPLE;
use cta_core::send::{
    BaseUrl, Client, ConfigError, EXCERPT_LIMIT, ErrorCode, GraphError, MAX_RESPONSE_BYTES,
    SendConfig, SendError,
};
use graph_server::{GraphServer, PHONE_NUMBER_ID, Reply, TOKEN};

/// A token with `/`, whose JSON spellings include `\/`, and hex escapes with letters in them.
const SECRET: &str = "EAAGx/y+z/never-printed-9Zn";

/// Every way an answer may spell `token` inside a JSON string, named.
fn spellings(token: &str) -> Vec<(&'static str, String)> {
    let escape_lower = |c: char| format!("\\u{:04x}", u32::from(c));
    let escape_upper = |c: char| format!("\\u{:04X}", u32::from(c));
    let mut first_escaped = escape_lower(token.chars().next().unwrap());
    first_escaped.push_str(&token[1..]);
    vec![
        ("verbatim", token.to_owned()),
        ("solidus escaped", token.replace('/', r"\/")),
        ("first character escaped", first_escaped),
        (
            "all escaped, lower-case hex",
            token.chars().map(escape_lower).collect(),
        ),
        (
            "all escaped, upper-case hex",
            token.chars().map(escape_upper).collect(),
        ),
        (
            "mixed: verbatim, lower and upper-case hex",
            token
                .chars()
                .enumerate()
                .map(|(i, c)| match i % 3 {
                    0 => c.to_string(),
                    1 => escape_lower(c),
                    _ => escape_upper(c),
                })
                .collect(),
        ),
        (
            // `\\u0045` decodes to the six characters `\u0045`: the decoded string still
            // spells the token with escapes, for a reader to decode.
            "escapes left visible after decoding",
            token
                .chars()
                .map(|c| match c {
                    'E' => r"\\u0045".to_owned(),
                    '/' => r"\\/".to_owned(),
                    c => c.to_string(),
                })
                .collect(),
        ),
    ]
}

/// Fails if `shown` holds the token or a piece of a spelling of it.
fn assert_hidden(shown: &str, token: &str, context: &str) {
    let tail = &token[token.len() / 2..];
    for piece in [
        token,
        "EAAG",
        tail,
        r"\u00",
        r"\u00".to_uppercase().as_str(),
    ] {
        assert!(
            !shown.contains(piece),
            "{context}: {piece:?} shows in {shown}"
        );
    }
}

fn config(token: &str) -> SendConfig {
    SendConfig::new(PHONE_NUMBER_ID, token).unwrap()
}

/// Every string field of a Graph error, named.
fn string_fields(graph: &GraphError) -> Vec<(&'static str, Option<&str>)> {
    let data = graph.error_data.as_ref();
    vec![
        ("message", Some(graph.message.as_str())),
        ("type", graph.error_type.as_deref()),
        ("error_user_title", graph.error_user_title.as_deref()),
        ("error_user_msg", graph.error_user_msg.as_deref()),
        ("fbtrace_id", graph.fbtrace_id.as_deref()),
        (
            "error_data.messaging_product",
            data.and_then(|data| data.messaging_product.as_deref()),
        ),
        ("error_data.details", graph.details()),
    ]
}

/// Everything a user may print of an error: `Display`, `Debug` and the sources'.
fn everything_shown(error: &SendError) -> String {
    let mut shown = format!("{error}\n{error:?}\n{error:#?}");
    let mut source = std::error::Error::source(error);
    while let Some(cause) = source {
        write!(shown, "\n{cause}\n{cause:?}").unwrap();
        source = cause.source();
    }
    if let Some(graph) = error.graph_error() {
        write!(shown, "\n{graph}\n{graph:?}").unwrap();
    }
    shown
}

/// A Graph error body whose field `target` reads `before <spelling> after`; the others are
/// plain. The spelling is put in the JSON as written.
fn graph_error_body(target: &str, spelling: &str) -> String {
    let value = |field: &str, plain: &str| {
        if field == target {
            format!("\"before {spelling} after\"")
        } else {
            format!("\"{plain}\"")
        }
    };
    format!(
        r#"{{"error":{{"message":{message},"type":{kind},"code":190,"error_subcode":463,
            "error_data":{{"messaging_product":{product},"details":{details}}},
            "fbtrace_id":{trace},"is_transient":false,
            "error_user_title":{title},"error_user_msg":{user_msg}}}}}"#,
        message = value("message", "Invalid OAuth access token"),
        kind = value("type", "OAuthException"),
        product = value("error_data.messaging_product", "whatsapp"),
        details = value("error_data.details", "Session expired"),
        trace = value("fbtrace_id", "AbCdEf123"),
        title = value("error_user_title", "Title"),
        user_msg = value("error_user_msg", "User message"),
    )
}

#[test]
fn the_token_is_masked_in_every_field_of_a_graph_error_however_it_is_spelled() {
    let config = config(SECRET);
    let fields = [
        "message",
        "type",
        "error_user_title",
        "error_user_msg",
        "fbtrace_id",
        "error_data.messaging_product",
        "error_data.details",
    ];
    let mut checked = 0;
    for (name, spelling) in spellings(SECRET) {
        for target in fields {
            let body = graph_error_body(target, &spelling);
            let context = format!("{name} in {target}");
            let error = config
                .parse_response(StatusCode::UNAUTHORIZED, body.as_bytes())
                .unwrap_err();
            let graph = error
                .graph_error()
                .unwrap_or_else(|| panic!("{context}: not a Graph error: {error:?}\n{body}"));
            assert_eq!(graph.code, ErrorCode::ACCESS_TOKEN_INVALID, "{context}");
            for (field, value) in string_fields(graph) {
                let value = value.unwrap_or_else(|| panic!("{context}: {field} is missing"));
                assert_hidden(value, SECRET, &format!("{context}, field {field}"));
                if field == target {
                    assert_eq!(value, "before *** after", "{context}");
                }
            }
            assert_hidden(&everything_shown(&error), SECRET, &context);
            checked += 1;
        }
    }
    assert_eq!(checked, 7 * fields.len());
}

#[test]
fn the_token_is_masked_in_every_field_at_once() {
    let config = config(SECRET);
    for (name, spelling) in spellings(SECRET) {
        let mut body = graph_error_body("message", &spelling);
        for (plain, field) in [
            ("OAuthException", "type"),
            ("whatsapp", "messaging_product"),
            ("Session expired", "details"),
            ("AbCdEf123", "fbtrace_id"),
            ("Title", "error_user_title"),
            ("User message", "error_user_msg"),
        ] {
            body = body.replacen(plain, &format!("{field} {spelling}"), 1);
        }
        let error = config
            .parse_response(StatusCode::BAD_REQUEST, body.as_bytes())
            .unwrap_err();
        let graph = error
            .graph_error()
            .unwrap_or_else(|| panic!("{name}: {error:?}"));
        assert_eq!(graph.error_type.as_deref(), Some("type ***"), "{name}");
        assert_eq!(graph.details(), Some("details ***"), "{name}");
        assert_eq!(
            graph.fbtrace_id.as_deref(),
            Some("fbtrace_id ***"),
            "{name}"
        );
        assert_eq!(
            graph.error_user_msg.as_deref(),
            Some("error_user_msg ***"),
            "{name}"
        );
        assert_hidden(&everything_shown(&error), SECRET, name);
    }
}

#[test]
fn the_token_is_masked_in_every_excerpt_and_reason_of_an_unexpected_answer() {
    let config = config(SECRET);
    for (name, spelling) in spellings(SECRET) {
        let bodies = [
            // A proxy's page that echoes the request.
            (
                StatusCode::BAD_GATEWAY,
                format!("<html>Authorization: Bearer {spelling}</html>"),
            ),
            // JSON, cut short.
            (
                StatusCode::OK,
                format!(r#"{{"error":{{"message":"{spelling}"#),
            ),
            // A success body that is not one, echoing the token.
            (
                StatusCode::OK,
                format!(r#"{{"messages":[],"echo":"{spelling}"}}"#),
            ),
            // An envelope whose code is the token: serde's message quotes the decoded value.
            (
                StatusCode::UNAUTHORIZED,
                format!(r#"{{"error":{{"code":"{spelling}"}}}}"#),
            ),
            // A success body under an error status.
            (
                StatusCode::INTERNAL_SERVER_ERROR,
                format!(r#"{{"messages":[{{"id":"wamid.A"}}],"token":"{spelling}"}}"#),
            ),
        ];
        for (status, body) in bodies {
            let context = format!("{name} in {body}");
            let error = config.parse_response(status, body.as_bytes()).unwrap_err();
            let SendError::UnexpectedResponse {
                reason, excerpt, ..
            } = &error
            else {
                panic!("{context}: {error:?}")
            };
            assert!(excerpt.contains("***"), "{context}: {excerpt}");
            assert_hidden(excerpt, SECRET, &context);
            assert_hidden(reason, SECRET, &context);
            assert_hidden(&everything_shown(&error), SECRET, &context);
        }
    }
}

#[test]
fn the_reason_quoting_the_token_is_masked() {
    // serde_json's message names the decoded string that is not a code.
    let body = format!(r#"{{"error":{{"code":"{}"}}}}"#, SECRET.replace('/', r"\/"));
    let error = config(SECRET)
        .parse_response(StatusCode::UNAUTHORIZED, body.as_bytes())
        .unwrap_err();
    let SendError::UnexpectedResponse { reason, .. } = &error else {
        panic!("{error:?}")
    };
    assert!(reason.contains("\"***\""), "{reason}");
}

#[test]
fn a_token_across_the_end_of_the_excerpt_is_masked() {
    let config = config(SECRET);
    for (name, spelling) in spellings(SECRET) {
        for start in EXCERPT_LIMIT - spelling.len()..=EXCERPT_LIMIT {
            let body = format!("{}{spelling} and more", "x".repeat(start));
            let error = config
                .parse_response(StatusCode::BAD_GATEWAY, body.as_bytes())
                .unwrap_err();
            let context = format!("{name} at byte {start}");
            assert_hidden(&everything_shown(&error), SECRET, &context);
            let SendError::UnexpectedResponse { bytes_read, .. } = error else {
                panic!("{context}: {error:?}")
            };
            // What was read, not what is shown.
            assert_eq!(bytes_read, body.len(), "{context}");
        }
    }
}

#[tokio::test]
async fn the_client_masks_every_spelling_too() {
    for (name, spelling) in spellings(TOKEN) {
        let graph = graph_error_body("message", &spelling);
        let mut oversized = format!("<html>Bearer {spelling}");
        oversized.push_str(&"x".repeat(MAX_RESPONSE_BYTES));
        let replies = [
            Reply::json(StatusCode::UNAUTHORIZED, &graph),
            Reply::html(StatusCode::BAD_GATEWAY, &oversized),
            Reply::html(StatusCode::BAD_GATEWAY, &format!("<p>{spelling}</p>")),
        ];
        for reply in replies {
            let server = GraphServer::start(&META_EXAMPLE, vec![reply]);
            let config = config(TOKEN).with_base_url(server.base_url().parse().unwrap());
            let error = Client::new(config)
                .unwrap()
                .send(&META_EXAMPLE)
                .await
                .unwrap_err();
            assert!(
                everything_shown(&error).contains("***"),
                "{name}: {error:?}"
            );
            assert_hidden(&everything_shown(&error), TOKEN, name);
            if let Some(graph) = error.graph_error() {
                assert_eq!(graph.message, "before *** after", "{name}");
            }
        }
    }
}

#[test]
fn a_base_url_error_shows_no_query_fragment_or_user_info() {
    for (given, shown) in [
        (
            format!("https://graph.facebook.com/?access_token={TOKEN}"),
            Some("https://graph.facebook.com/?***"),
        ),
        (
            format!("https://graph.facebook.com/v25.0#{TOKEN}"),
            Some("https://graph.facebook.com/v25.0#***"),
        ),
        (
            format!("https://me:{TOKEN}@graph.facebook.com/graph"),
            Some("https://***@graph.facebook.com/graph"),
        ),
        (
            format!("HTTPS://{TOKEN}@proxy.example?token={TOKEN}#{TOKEN}"),
            Some("HTTPS://***@proxy.example?***"),
        ),
        // No scheme: perhaps the token itself, passed by mistake.
        (TOKEN.to_owned(), None),
        (format!("graph.facebook.com?token={TOKEN}"), None),
    ] {
        let error = BaseUrl::new(given.clone()).unwrap_err();
        assert_eq!(
            error,
            ConfigError::BaseUrl {
                found: shown.map(str::to_owned)
            },
            "{given}"
        );
        let printed = format!("{error} {error:?} {error:#?}");
        assert_hidden(&printed, TOKEN, &given);
        if let Some(shown) = shown {
            assert!(printed.contains(shown), "{printed}");
        }
        // Through `FromStr` and `TryFrom` alike.
        assert_eq!(given.parse::<BaseUrl>().unwrap_err(), error);
        assert_eq!(BaseUrl::try_from(given.as_str()).unwrap_err(), error);
    }
    // A refused URL without secrets is shown, to help fix it.
    let error = BaseUrl::new("ftp://graph.facebook.com").unwrap_err();
    assert!(
        error.to_string().contains("\"ftp://graph.facebook.com\""),
        "{error}"
    );
}
