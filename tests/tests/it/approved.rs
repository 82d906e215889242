//! `approved_template!` against `tests/whatsapp-templates.json`: the send JSON of each kind of
//! template, byte for byte as written by hand from Meta's format; the run-time value checks;
//! for any values, `to_json_vec` equal to `serde_json::to_vec` and every URL suffix decoding
//! back to its value; and a message sent by `send::Client` to the loopback Graph API.

use std::time::Duration;

use axum::http::StatusCode;
use cta_core::graph::{ErrorCode, ErrorKind};
use cta_core::send::{Client, SendConfig};
use cta_core::{
    ApprovedError, ApprovedMessage, Document, Filename, Media, MediaId, MediaLink, Recipient,
};
use proptest::prelude::*;

use crate::graph_server::{GraphServer, PHONE_NUMBER_ID, Reply, SEED_WAMID, TOKEN};

cta_core::approved_template! {
    /// Named parameters, one of them in the header and the body.
    pub struct DeliveryWindow = "delivery_window" in "en_US";
}

cta_core::approved_template! {
    /// Positional, with an image header and a variable URL button before a static one.
    pub struct WorkshopSeats = "workshop_seats" in "en_US";
}

cta_core::approved_template! {
    /// The same template in another language.
    pub struct WorkshopSeatsFr = "workshop_seats" in "fr";
}

cta_core::approved_template! {
    /// Positional text header, a variable used twice, two variable URL buttons among others.
    struct OrderShipped = "order_shipped" in "en_US";
}

cta_core::approved_template! {
    /// Only static buttons: nothing to fill.
    struct StoreHours = "store_hours" in "en_US";
}

cta_core::approved_template! {
    /// A document header.
    struct InvoiceReady = "invoice_ready" in "en_US";
}

cta_core::approved_template! {
    /// A video header and no variable.
    struct VideoTour = "video_tour" in "en_US";
}

type TestResult = Result<(), Box<dyn std::error::Error>>;

fn phone() -> Result<Recipient, cta_core::RuleError> {
    Recipient::new("+16505551234")
}

/// The body of `message`, checked to equal serde's.
fn body(message: &ApprovedMessage) -> Result<String, Box<dyn std::error::Error>> {
    let bytes = message.to_json_vec();
    assert_eq!(bytes, serde_json::to_vec(message)?);
    Ok(String::from_utf8(bytes)?)
}

#[test]
fn named_template_with_a_name_in_header_and_body() -> TestResult {
    let message = DeliveryWindow {
        customer: "Sam",
        parcel_id: "P-77",
        day: "Friday",
        url_1: "P-77",
    }
    .render()?
    .to(phone()?);
    assert_eq!(
        body(&message)?,
        r#"{"messaging_product":"whatsapp","recipient_type":"individual","to":"+16505551234","type":"template","template":{"name":"delivery_window","language":{"code":"en_US"},"components":[{"type":"header","parameters":[{"type":"text","parameter_name":"customer","text":"Sam"}]},{"type":"body","parameters":[{"type":"text","parameter_name":"customer","text":"Sam"},{"type":"text","parameter_name":"parcel_id","text":"P-77"},{"type":"text","parameter_name":"day","text":"Friday"}]},{"type":"button","sub_type":"url","index":"1","parameters":[{"type":"text","text":"P-77"}]}]}}"#
    );
    assert_eq!(DeliveryWindow::NAME, "delivery_window");
    assert_eq!(DeliveryWindow::LANGUAGE, "en_US");
    Ok(())
}

#[test]
fn positional_template_with_an_image_header_to_a_bsuid() -> TestResult {
    let message = WorkshopSeats {
        header: Media::Link(MediaLink::new("https://www.luckyshrub.com/banner.png")?),
        body_1: "4",
        body_2: "Potting basics",
        body_3: "Friday",
        url_0: "potting-basics",
    }
    .render()?
    .into_message(Recipient::new("US.13491208655302741918")?);
    assert_eq!(
        body(&message)?,
        r#"{"messaging_product":"whatsapp","recipient_type":"individual","recipient":"US.13491208655302741918","type":"template","template":{"name":"workshop_seats","language":{"code":"en_US"},"components":[{"type":"header","parameters":[{"type":"image","image":{"link":"https://www.luckyshrub.com/banner.png"}}]},{"type":"body","parameters":[{"type":"text","text":"4"},{"type":"text","text":"Potting basics"},{"type":"text","text":"Friday"}]},{"type":"button","sub_type":"url","index":"0","parameters":[{"type":"text","text":"potting-basics"}]}]}}"#
    );
    Ok(())
}

#[test]
fn another_language_of_the_same_template() -> TestResult {
    let message = WorkshopSeatsFr {
        body_1: "4",
        body_2: "Poterie",
    }
    .render()?
    .to(phone()?);
    assert_eq!(
        body(&message)?,
        r#"{"messaging_product":"whatsapp","recipient_type":"individual","to":"+16505551234","type":"template","template":{"name":"workshop_seats","language":{"code":"fr"},"components":[{"type":"body","parameters":[{"type":"text","text":"4"},{"type":"text","text":"Poterie"}]}]}}"#
    );
    Ok(())
}

#[test]
fn two_variable_url_buttons_among_other_buttons() -> TestResult {
    let message = OrderShipped {
        header_1: "A-1001",
        body_1: "Ada",
        body_2: "A-1001",
        url_1: "A/1001 é",
        url_3: "A&1=B#",
    }
    .render()?
    .to(phone()?);
    assert_eq!(
        body(&message)?,
        r#"{"messaging_product":"whatsapp","recipient_type":"individual","to":"+16505551234","type":"template","template":{"name":"order_shipped","language":{"code":"en_US"},"components":[{"type":"header","parameters":[{"type":"text","text":"A-1001"}]},{"type":"body","parameters":[{"type":"text","text":"Ada"},{"type":"text","text":"A-1001"}]},{"type":"button","sub_type":"url","index":"1","parameters":[{"type":"text","text":"A%2F1001%20%C3%A9"}]},{"type":"button","sub_type":"url","index":"3","parameters":[{"type":"text","text":"A%261%3DB%23"}]}]}}"#
    );
    Ok(())
}

#[test]
fn only_static_buttons_need_no_value() -> TestResult {
    let message = StoreHours {}.render()?.to(phone()?);
    assert_eq!(
        body(&message)?,
        r#"{"messaging_product":"whatsapp","recipient_type":"individual","to":"+16505551234","type":"template","template":{"name":"store_hours","language":{"code":"en_US"}}}"#
    );
    Ok(())
}

#[test]
fn document_and_video_headers() -> TestResult {
    let invoice = InvoiceReady {
        header: Document::new(MediaId::new("1234567890")?)
            .with_filename(Filename::new("invoice.pdf")?),
        invoice_id: "F-9",
    }
    .render()?
    .to(phone()?);
    assert_eq!(
        body(&invoice)?,
        r#"{"messaging_product":"whatsapp","recipient_type":"individual","to":"+16505551234","type":"template","template":{"name":"invoice_ready","language":{"code":"en_US"},"components":[{"type":"header","parameters":[{"type":"document","document":{"id":"1234567890","filename":"invoice.pdf"}}]},{"type":"body","parameters":[{"type":"text","parameter_name":"invoice_id","text":"F-9"}]}]}}"#
    );
    let tour = VideoTour {
        header: Media::Link(MediaLink::new("https://example.com/tour.mp4")?),
    }
    .render()?
    .to(phone()?);
    assert_eq!(
        body(&tour)?,
        r#"{"messaging_product":"whatsapp","recipient_type":"individual","to":"+16505551234","type":"template","template":{"name":"video_tour","language":{"code":"en_US"},"components":[{"type":"header","parameters":[{"type":"video","video":{"link":"https://example.com/tour.mp4"}}]}]}}"#
    );
    Ok(())
}

fn order(body_1: &str, header_1: &str, url_1: &str) -> Result<ApprovedMessage, ApprovedError> {
    Ok(OrderShipped {
        header_1,
        body_1,
        body_2: "A-1001",
        url_1,
        url_3: "A-1001",
    }
    .render()?
    .to(Recipient::new("+16505551234").expect("a valid number")))
}

#[test]
fn each_value_is_checked_by_meta_rules_naming_the_field() {
    let cases: [(&str, &str, &str, ApprovedError); 7] = [
        ("", "A", "A", ApprovedError::Empty { field: "body_1" }),
        (
            "Ada\nLovelace",
            "A",
            "A",
            ApprovedError::LineBreakOrTab {
                field: "body_1",
                at: 4,
            },
        ),
        (
            "Ada",
            "A\tB",
            "A",
            ApprovedError::LineBreakOrTab {
                field: "header_1",
                at: 2,
            },
        ),
        (
            "Ada     Lovelace",
            "A",
            "A",
            ApprovedError::TooManySpaces {
                field: "body_1",
                found: 5,
            },
        ),
        (
            "Ada",
            &"x".repeat(47),
            "A",
            ApprovedError::TooLong {
                part: "header",
                max: 60,
                found: 61,
            },
        ),
        (
            "Ada",
            "A",
            "..",
            ApprovedError::DotSegment { field: "url_1" },
        ),
        ("Ada", "A", "", ApprovedError::Empty { field: "url_1" }),
    ];
    for (body_1, header_1, url_1, expected) in cases {
        let error = order(body_1, header_1, url_1).expect_err("a value breaks a rule");
        assert_eq!(error, expected);
        let shown = error.to_string();
        // The message names the field or the part, never the value.
        assert!(
            shown.contains(expected.field().unwrap_or("header")),
            "{shown}"
        );
        for value in [body_1, header_1, url_1] {
            if value.len() > 2 {
                assert!(!shown.contains(value), "{shown}");
            }
        }
    }
    // Four spaces in a row are allowed.
    assert!(order("Ada    Lovelace", "A", "A").is_ok());
}

#[test]
fn the_filled_body_and_url_have_limits() {
    let over = "x".repeat(1024);
    let error = order(&over, "A", "A").expect_err("the body is over 1024 characters");
    assert!(matches!(
        error,
        ApprovedError::TooLong {
            part: "body",
            max: 1024,
            ..
        }
    ));
    let long_suffix = "y".repeat(2000);
    let error = order("Ada", "A", &long_suffix).expect_err("the URL is over 2000 characters");
    assert!(matches!(error, ApprovedError::Url { field: "url_1", .. }));
}

#[test]
fn debug_shows_no_value() -> TestResult {
    let values = OrderShipped {
        header_1: "secret-header",
        body_1: "Ada Lovelace",
        body_2: "A-1001",
        url_1: "token-123",
        url_3: "A-1001",
    };
    let shown = format!("{values:?}");
    assert!(shown.contains("body_1"), "{shown}");
    for secret in ["secret-header", "Ada Lovelace", "token-123"] {
        assert!(!shown.contains(secret), "{shown}");
    }
    let message = values.render()?.to(phone()?);
    let shown = format!("{message:?}");
    for secret in ["secret-header", "Ada Lovelace", "token-123", "6505551234"] {
        assert!(!shown.contains(secret), "{shown}");
    }
    assert!(shown.contains("order_shipped"), "{shown}");
    Ok(())
}

#[test]
fn template_error_codes_are_known_and_never_retried() {
    let codes = [
        (131_008, ErrorCode::REQUIRED_PARAMETER_MISSING),
        (132_000, ErrorCode::TEMPLATE_PARAMETER_COUNT_MISMATCH),
        (132_001, ErrorCode::TEMPLATE_DOES_NOT_EXIST),
        (132_005, ErrorCode::TEMPLATE_TEXT_TOO_LONG),
        (132_007, ErrorCode::TEMPLATE_FORMAT_CHARACTER_POLICY),
        (132_012, ErrorCode::TEMPLATE_PARAMETER_FORMAT_MISMATCH),
        (132_015, ErrorCode::TEMPLATE_PAUSED),
        (132_016, ErrorCode::TEMPLATE_DISABLED),
        (132_018, ErrorCode::TEMPLATE_PARAMETER_VALUE_INVALID),
    ];
    for (number, code) in codes {
        assert_eq!(ErrorCode::new(number), code);
        assert_eq!(code.kind(), ErrorKind::InvalidRequest);
        assert!(!code.is_retryable());
        assert!(code.description().is_some());
        assert!(ErrorCode::known().any(|known| known == code));
    }
}

/// Percent-decoding, for the round trip: `%XY` is the byte `0xXY`.
fn percent_decode(encoded: &str) -> Option<String> {
    let bytes = encoded.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut at = 0;
    while at < bytes.len() {
        if bytes[at] == b'%' {
            let hex = encoded.get(at + 1..at + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            at += 3;
        } else {
            out.push(bytes[at]);
            at += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// The text of the URL button at `index` in a message's JSON.
fn suffix_at(json: &serde_json::Value, index: &str) -> Option<String> {
    json["template"]["components"]
        .as_array()?
        .iter()
        .find(|component| component["index"] == index)?["parameters"][0]["text"]
        .as_str()
        .map(str::to_owned)
}

/// Values Meta accepts: no line break or tab, not empty, at most four spaces in a row.
fn value() -> impl Strategy<Value = String> {
    "[^\n\r\t]{1,40}".prop_filter("at most four spaces in a row", |value| {
        !value.contains("     ")
    })
}

proptest! {
    #[test]
    fn serde_agrees_and_suffixes_decode_back(
        name in value(),
        order_id in value(),
        path in value(),
        query in value(),
    ) {
        let rendered = OrderShipped {
            header_1: "A",
            body_1: &name,
            body_2: &order_id,
            url_1: &path,
            url_3: &query,
        }
        .render();
        // A path value of `.` or `..` is refused; every other value of this strategy passes.
        let Ok(content) = rendered else {
            prop_assert!(matches!(path.as_str(), "." | ".."));
            return Ok(());
        };
        let message = content.to(Recipient::new("+16505551234").expect("a valid number"));
        let bytes = message.to_json_vec();
        prop_assert_eq!(&bytes, &serde_json::to_vec(&message).expect("serializes"));
        let json: serde_json::Value = serde_json::from_slice(&bytes).expect("valid JSON");
        let path_suffix = suffix_at(&json, "1").expect("button 1");
        let query_suffix = suffix_at(&json, "3").expect("button 3");
        prop_assert!(!path_suffix.contains(['/', '?', '#', ' ']));
        prop_assert!(!query_suffix.contains(['&', '=', '#', '+', ' ']));
        prop_assert_eq!(percent_decode(&path_suffix), Some(path));
        prop_assert_eq!(percent_decode(&query_suffix), Some(query));
    }
}

/// A media link the crate accepts, with any printable ASCII in its path (quotes included,
/// which the JSON must escape).
fn media_link() -> impl Strategy<Value = MediaLink> {
    "https://cdn\\.example\\.com/[!-~]{0,40}"
        .prop_filter_map("a valid media link", |link| MediaLink::new(link).ok())
}

/// A media asset given by link or by uploaded ID.
fn media() -> impl Strategy<Value = Media> {
    prop_oneof![
        media_link().prop_map(Media::Link),
        "[0-9]{1,20}".prop_map(|id| Media::Id(MediaId::new(id).expect("digits are a media ID"))),
    ]
}

/// `{"link": …}` or `{"id": …}`: how Meta's send format gives a media asset.
fn media_json(media: &Media) -> serde_json::Value {
    match media {
        Media::Link(link) => serde_json::json!({ "link": link.as_str() }),
        Media::Id(id) => serde_json::json!({ "id": id.as_str() }),
    }
}

/// The message's JSON, after checking that `to_json_vec` gives serde's bytes.
fn json_of(message: &ApprovedMessage) -> Result<serde_json::Value, TestCaseError> {
    let bytes = message.to_json_vec();
    prop_assert_eq!(&bytes, &serde_json::to_vec(message).expect("serializes"));
    Ok(serde_json::from_slice(&bytes).expect("valid JSON"))
}

proptest! {
    #[test]
    fn named_parameters_carry_their_names(
        customer in value(),
        parcel_id in value(),
        day in value(),
        parcel_path in value(),
    ) {
        let rendered = DeliveryWindow {
            customer: &customer,
            parcel_id: &parcel_id,
            day: &day,
            url_1: &parcel_path,
        }
        .render();
        let Ok(content) = rendered else {
            prop_assert!(matches!(parcel_path.as_str(), "." | ".."));
            return Ok(());
        };
        let json = json_of(&content.to(Recipient::new("+16505551234").expect("a valid number")))?;
        let components = &json["template"]["components"];
        // A name in the header and the body is sent in both, each value with its name.
        prop_assert_eq!(
            &components[0],
            &serde_json::json!({
                "type": "header",
                "parameters": [{ "type": "text", "parameter_name": "customer", "text": customer }],
            })
        );
        prop_assert_eq!(
            &components[1],
            &serde_json::json!({
                "type": "body",
                "parameters": [
                    { "type": "text", "parameter_name": "customer", "text": customer },
                    { "type": "text", "parameter_name": "parcel_id", "text": parcel_id },
                    { "type": "text", "parameter_name": "day", "text": day },
                ],
            })
        );
        // A button's suffix has no name, in a named template too.
        prop_assert_eq!(components[2]["parameters"][0].get("parameter_name"), None);
        prop_assert_eq!(components.as_array().map(Vec::len), Some(3));
        let suffix = suffix_at(&json, "1").expect("button 1");
        prop_assert!(!suffix.contains(['/', '?', '#', ' ']));
        prop_assert_eq!(percent_decode(&suffix), Some(parcel_path));
    }

    #[test]
    fn a_media_header_is_sent_as_its_asset(
        header in media(),
        seats in value(),
        workshop in value(),
        day in value(),
        slug in value(),
    ) {
        let rendered = WorkshopSeats {
            header: header.clone(),
            body_1: &seats,
            body_2: &workshop,
            body_3: &day,
            url_0: &slug,
        }
        .render();
        let Ok(content) = rendered else {
            prop_assert!(matches!(slug.as_str(), "." | ".."));
            return Ok(());
        };
        let json = json_of(&content.to(Recipient::new("+16505551234").expect("a valid number")))?;
        let components = &json["template"]["components"];
        prop_assert_eq!(
            &components[0],
            &serde_json::json!({
                "type": "header",
                "parameters": [{ "type": "image", "image": media_json(&header) }],
            })
        );
        // Positional: no names, in the order of the numbers.
        prop_assert_eq!(
            &components[1]["parameters"],
            &serde_json::json!([
                { "type": "text", "text": seats },
                { "type": "text", "text": workshop },
                { "type": "text", "text": day },
            ])
        );
        let suffix = suffix_at(&json, "0").expect("button 0");
        prop_assert_eq!(percent_decode(&suffix), Some(slug));
    }

    #[test]
    fn a_document_header_keeps_its_file_name(
        header in media(),
        filename in "[^\n\r\t]{1,40}"
            .prop_filter_map("a valid file name", |name| Filename::new(name).ok()),
        invoice_id in value(),
    ) {
        let content = InvoiceReady {
            header: Document::new(header.clone()).with_filename(filename.clone()),
            invoice_id: &invoice_id,
        }
        .render()
        .expect("every value of the strategies is valid");
        let json = json_of(&content.to(Recipient::new("+16505551234").expect("a valid number")))?;
        let mut document = media_json(&header);
        document["filename"] = serde_json::json!(filename.as_str());
        prop_assert_eq!(
            &json["template"]["components"],
            &serde_json::json!([
                { "type": "header", "parameters": [{ "type": "document", "document": document }] },
                { "type": "body", "parameters": [
                    { "type": "text", "parameter_name": "invoice_id", "text": invoice_id },
                ] },
            ])
        );
    }
}

#[test]
fn send_makes_the_request_of_an_approved_message() -> TestResult {
    let config = cta_core::send::SendConfig::new("106540352242922", "EAAG-secret")?;
    let message = StoreHours {}.render()?.to(phone()?);
    let request = config.request(&message)?;
    assert_eq!(
        request.uri(),
        "https://graph.facebook.com/v25.0/106540352242922/messages"
    );
    assert_eq!(request.body(), &message.to_json_vec());
    Ok(())
}

/// Retries a client may make: a code that is retried would reach the server this many times
/// more.
const RETRIES: u32 = 2;

fn client(server: &GraphServer) -> Result<Client, Box<dyn std::error::Error>> {
    let config = SendConfig::new(PHONE_NUMBER_ID, TOKEN)?.with_base_url(server.base_url().parse()?);
    Ok(Client::builder(config)
        .timeout(Duration::from_secs(5))
        .max_retries(RETRIES)
        .backoff_unit(Duration::from_millis(1))
        .build()?)
}

fn delivery() -> Result<ApprovedMessage, Box<dyn std::error::Error>> {
    Ok(DeliveryWindow {
        customer: "Sam",
        parcel_id: "P/77",
        day: "Friday",
        url_1: "P/77",
    }
    .render()?
    .to(phone()?))
}

#[tokio::test]
async fn the_client_sends_an_approved_message_as_its_json() -> TestResult {
    let message = delivery()?;
    let server = GraphServer::start_approved(&message, vec![Reply::seed_success()]);
    let sent = client(&server)?.send(&message).await?;
    assert_eq!(sent.message_id(), SEED_WAMID);
    assert_eq!(server.bodies(), [message.to_json_vec()]);
    server.assert_requests_were_valid();
    Ok(())
}

#[tokio::test]
async fn a_paused_template_is_refused_once_and_never_retried() -> TestResult {
    let message = delivery()?;
    let server = GraphServer::start_approved(
        &message,
        vec![
            Reply::graph_error(StatusCode::BAD_REQUEST, 132_015),
            Reply::seed_success(),
        ],
    );
    let error = client(&server)?
        .send(&message)
        .await
        .expect_err("Meta refused the template");
    assert_eq!(error.code(), Some(ErrorCode::TEMPLATE_PAUSED));
    assert!(!error.is_retryable());
    assert_eq!(server.requests(), 1);
    assert_eq!(server.bodies(), [message.to_json_vec()]);
    server.assert_requests_were_valid();
    Ok(())
}
