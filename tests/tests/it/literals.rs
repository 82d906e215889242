//! What the macro accepts: every header kind, text at exactly each limit, escapes and raw
//! strings counted by their value, and the JSON escaping of what they hold.

use cta_core::{
    BodyText, ButtonLabel, CtaUrlContent, CtaUrlMessage, Header, Media, MediaLink, Recipient,
    cta_message,
};
use serde_json::{Value, json};

fn to_value(message: &CtaUrlMessage) -> Value {
    serde_json::to_value(message).unwrap()
}

fn header_json(message: &CtaUrlMessage) -> Value {
    to_value(message)["interactive"]["header"].clone()
}

#[test]
fn text_header() {
    let message = cta_message! {
        to: "+16505551234",
        header: text("New workshop dates announced!"),
        body: "b", button: "l", url: "https://example.com",
    };
    assert_eq!(
        header_json(&message),
        json!({"type": "text", "text": "New workshop dates announced!"})
    );
}

#[test]
fn image_video_and_document_headers_by_link() {
    let image = cta_message! {
        to: "+16505551234", header: image("https://example.com/a.png"),
        body: "b", button: "l", url: "https://example.com",
    };
    let video = cta_message! {
        to: "+16505551234", header: video("https://example.com/a.mp4"),
        body: "b", button: "l", url: "https://example.com",
    };
    let document = cta_message! {
        to: "+16505551234", header: document("https://example.com/a.pdf"),
        body: "b", button: "l", url: "https://example.com",
    };
    assert_eq!(
        header_json(&image),
        json!({"type": "image", "image": {"link": "https://example.com/a.png"}})
    );
    assert_eq!(
        header_json(&video),
        json!({"type": "video", "video": {"link": "https://example.com/a.mp4"}})
    );
    assert_eq!(
        header_json(&document),
        json!({"type": "document", "document": {"link": "https://example.com/a.pdf"}})
    );
}

#[test]
fn media_headers_by_id_and_named_link() {
    let image = cta_message! {
        to: "+16505551234", header: image(id: "1234567890"),
        body: "b", button: "l", url: "https://example.com",
    };
    let video = cta_message! {
        to: "+16505551234", header: video(link: "https://example.com/v.mp4"),
        body: "b", button: "l", url: "https://example.com",
    };
    let document = cta_message! {
        to: "+16505551234", header: document(id: "42", filename: "menu.pdf"),
        body: "b", button: "l", url: "https://example.com",
    };
    assert_eq!(
        header_json(&image),
        json!({"type": "image", "image": {"id": "1234567890"}})
    );
    assert_eq!(
        header_json(&video),
        json!({"type": "video", "video": {"link": "https://example.com/v.mp4"}})
    );
    assert_eq!(
        header_json(&document),
        json!({"type": "document", "document": {"id": "42", "filename": "menu.pdf"}})
    );
}

#[test]
fn document_with_link_and_filename_writes_link_first() {
    let message = cta_message! {
        to: "+16505551234",
        header: document("https://example.com/menu.pdf", filename: "menu.pdf"),
        body: "b", button: "l", url: "https://example.com",
    };
    let json = serde_json::to_string(&message).unwrap();
    assert!(
        json.contains(
            r#""document":{"link":"https://example.com/menu.pdf","filename":"menu.pdf"}"#
        ),
        "{json}"
    );
}

#[test]
fn absent_parts_are_left_out_not_null() {
    let message = cta_message! {
        to: "+16505551234", body: "b", button: "l", url: "https://example.com",
    };
    let json = serde_json::to_string(&message).unwrap();
    assert_eq!(
        json,
        r#"{"messaging_product":"whatsapp","recipient_type":"individual","to":"+16505551234","type":"interactive","interactive":{"type":"cta_url","body":{"text":"b"},"action":{"name":"cta_url","parameters":{"display_text":"l","url":"https://example.com"}}}}"#
    );
}

#[test]
fn reply_to_and_callback_data_take_their_places() {
    let message = cta_message! {
        callback_data: "campaign-7",
        reply_to: "wamid.ABC",
        to: "+16505551234", body: "b", button: "l", url: "https://example.com",
    };
    let json = serde_json::to_string(&message).unwrap();
    assert_eq!(
        json,
        r#"{"messaging_product":"whatsapp","recipient_type":"individual","to":"+16505551234","context":{"message_id":"wamid.ABC"},"type":"interactive","interactive":{"type":"cta_url","body":{"text":"b"},"action":{"name":"cta_url","parameters":{"display_text":"l","url":"https://example.com"}}},"biz_opaque_callback_data":"campaign-7"}"#
    );
}

#[test]
fn emoji_and_multibyte_text_at_exactly_each_limit() {
    // 20 thumbs-up: 20 characters, 80 bytes.
    let message = cta_message! {
        to: "+16505551234",
        header: text("éééééééééééééééééééééééééééééééééééééééééééééééééééééééééééé"),
        body: "b",
        button: "👍👍👍👍👍👍👍👍👍👍👍👍👍👍👍👍👍👍👍👍",
        url: "https://example.com",
        footer: "日本語日本語日本語日本語日本語日本語日本語日本語日本語日本語日本語日本語日本語日本語日本語日本語日本語日本語日本語日本語",
    };
    assert_eq!(message.button().as_str().chars().count(), 20);
    let Some(Header::Text(header)) = message.header() else {
        panic!("text header expected")
    };
    assert_eq!(header.as_str().chars().count(), 60);
    assert_eq!(message.footer().unwrap().as_str().chars().count(), 60);
    // The same texts one character longer are refused at run time, as the macro refuses them.
    assert!(ButtonLabel::new(format!("{}👍", message.button())).is_err());
}

#[test]
fn body_of_exactly_1024_characters() {
    // 16 flags, 32 characters.
    const FLAGS: &str = "🇫🇷🇫🇷🇫🇷🇫🇷🇫🇷🇫🇷🇫🇷🇫🇷🇫🇷🇫🇷🇫🇷🇫🇷🇫🇷🇫🇷🇫🇷🇫🇷";
    let body = FLAGS.repeat(32);
    assert_eq!(body.chars().count(), 1024);
    assert!(BodyText::new(body.clone()).is_ok());
    assert!(BodyText::new(body + "x").is_err());
}

#[test]
fn escapes_and_raw_strings_are_counted_by_value() {
    // 20 characters written as escapes: far longer in the source than the limit.
    let message = cta_message! {
        to: "+16505551234",
        body: r#"She said "hi" \o/ and left"#,
        button: "\u{1F44D}\u{1F44D}\u{1F44D}\u{1F44D}\u{1F44D}\u{1F44D}\u{1F44D}\u{1F44D}\u{1F44D}\u{1F44D}\u{1F44D}\u{1F44D}\u{1F44D}\u{1F44D}\u{1F44D}\u{1F44D}\u{1F44D}\u{1F44D}\u{1F44D}\u{1F44D}",
        url: "https://example.com",
        footer: "line one\nline \"two\"\t\\",
    };
    assert_eq!(message.button().as_str(), "👍".repeat(20));
    assert_eq!(message.body().as_str(), r#"She said "hi" \o/ and left"#);
    let json = serde_json::to_string(&message).unwrap();
    assert!(
        json.contains(r#""body":{"text":"She said \"hi\" \\o/ and left"}"#),
        "{json}"
    );
    assert!(
        json.contains(r#""footer":{"text":"line one\nline \"two\"\t\\"}"#),
        "{json}"
    );
    let back: CtaUrlMessage = serde_json::from_str(&json).unwrap();
    assert_eq!(back, message);
}

#[test]
fn content_without_recipient_is_reusable() {
    const CONTENT: CtaUrlContent = cta_message! {
        body: "b", button: "l", url: "https://example.com",
    };
    let one = CONTENT.to(Recipient::new("+16505551234").unwrap());
    let two = CONTENT.to(Recipient::new("+44 20 7946 0958").unwrap());
    assert_eq!(one.content(), two.content());
    assert_ne!(one, two);
}

#[test]
fn run_time_values_mix_with_literals() {
    let link = MediaLink::new(format!("https://cdn.example.com/{}.png", 7)).unwrap();
    let header = Header::Image(Media::Link(link.clone()));
    let to = Recipient::new(String::from("16505551234")).unwrap();
    let message = cta_message! {
        to: to,
        header: header,
        body: BodyText::new("Made at run time").unwrap(),
        button: "Open",
        url: "https://example.com",
    };
    assert_eq!(message.header(), Some(&Header::Image(Media::Link(link))));

    let id = cta_core::MediaId::new("998877").unwrap();
    let message = cta_message! {
        header: document(id: id, filename: cta_core::Filename::new("a.pdf").unwrap()),
        body: "b", button: "l", url: "https://example.com",
    };
    assert!(matches!(message.header(), Some(Header::Document(_))));
}

#[test]
fn literal_only_messages_borrow_and_do_not_allocate() {
    const MESSAGE: CtaUrlMessage = cta_message! {
        to: "+16505551234", body: "b", button: "l", url: "https://example.com",
    };
    let body = MESSAGE.body().clone().into_inner();
    assert!(matches!(body, std::borrow::Cow::Borrowed(_)));
}

#[test]
fn optional_parts_take_an_option_made_at_run_time() {
    for footer in [
        None,
        Some(cta_core::FooterText::new("Made at run time").unwrap()),
    ] {
        let header = footer
            .as_ref()
            .map(|_| Header::Text(cta_core::HeaderText::new("Also optional").unwrap()));
        let content = cta_message! {
            header: header,
            body: "b",
            button: "l",
            url: "https://example.com",
            footer: footer.clone(),
            reply_to: None::<cta_core::MessageId>,
        };
        assert_eq!(content.footer(), footer.as_ref());
        assert_eq!(content.header().is_some(), footer.is_some());
        assert_eq!(content.reply_to(), None);
    }
}

#[test]
fn a_header_is_any_expression_of_header_or_option_of_header() {
    let banner = Header::Image(Media::Link(
        MediaLink::new("https://example.com/a.png").unwrap(),
    ));
    let with_some = cta_message! {
        to: "+16505551234",
        header: Some(banner.clone()),
        body: "b", button: "l", url: "https://example.com",
    };
    assert_eq!(with_some.header(), Some(&banner));
    let none: Option<Header> = None;
    let with_none = cta_message! {
        to: "+16505551234", header: none,
        body: "b", button: "l", url: "https://example.com",
    };
    assert_eq!(with_none.header(), None);
    let literal_none = cta_message! {
        to: "+16505551234", header: None,
        body: "b", button: "l", url: "https://example.com",
    };
    assert_eq!(literal_none.header(), None);
    // A call that is no header kind is an expression too.
    let banner_for = |_: u8| banner.clone();
    let called = cta_message! {
        to: "+16505551234", header: banner_for(1),
        body: "b", button: "l", url: "https://example.com",
    };
    assert_eq!(called.header(), Some(&banner));
}

#[test]
fn a_bsuid_recipient_is_written_as_recipient_in_the_place_of_to() {
    let message = cta_message! {
        to: "US.13491208655302741918",
        body: "b", button: "l", url: "https://example.com",
    };
    let body = String::from_utf8(message.to_json_vec()).unwrap();
    assert!(
        body.starts_with(
            r#"{"messaging_product":"whatsapp","recipient_type":"individual","recipient":"US.13491208655302741918","type":"interactive""#
        ),
        "{body}"
    );
    assert!(!body.contains(r#""to""#), "{body}");
    assert_eq!(body.as_bytes(), serde_json::to_vec(&message).unwrap());
    // Built at run time, the same bytes.
    let content = message.content().clone();
    let run_time = content.to(Recipient::new("US.13491208655302741918").unwrap());
    assert_eq!(run_time.to_json_vec(), message.to_json_vec());
    // A parent BSUID too, and reading it back.
    let parent = content.to(Recipient::new("US.ENT.11815799212886844830").unwrap());
    let json = serde_json::to_string(&parent).unwrap();
    assert!(
        json.contains(r#""recipient":"US.ENT.11815799212886844830""#),
        "{json}"
    );
    let back: CtaUrlMessage = serde_json::from_str(&json).unwrap();
    assert_eq!(back, parent);
}

#[test]
fn deserialize_keeps_bsuids_out_of_to_and_phone_numbers_out_of_recipient() {
    let message = cta_message! {
        to: "+16505551234", body: "b", button: "l", url: "https://example.com",
    };
    let json = serde_json::to_value(&message).unwrap();
    let with = |key: &str, value: &str| {
        let mut json = json.clone();
        let object = json.as_object_mut().unwrap();
        object.remove("to");
        object.insert(key.to_owned(), Value::from(value));
        serde_json::from_value::<CtaUrlMessage>(json).map_err(|error| error.to_string())
    };
    assert!(
        with("to", "US.13491208655302741918")
            .unwrap_err()
            .contains("goes in `recipient`")
    );
    assert!(
        with("recipient", "+16505551234")
            .unwrap_err()
            .contains("goes in `to`")
    );
    assert!(with("recipient", "US.13491208655302741918").is_ok());
    let mut both = json.clone();
    both["recipient"] = Value::from("US.13491208655302741918");
    let error = serde_json::from_value::<CtaUrlMessage>(both)
        .unwrap_err()
        .to_string();
    assert!(error.contains("not both"), "{error}");
}
