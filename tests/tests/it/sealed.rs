//! Whatever the public API accepts, the request body is valid JSON of Meta's shape, holding
//! exactly the texts given, and `to_json_vec` gives the bytes of `serde_json::to_vec`: for the
//! checked types' constructors, the builder, `Deserialize`, the content's setters and a
//! template's `render`, fed strings full of what JSON escapes and what closes a JSON string.

use cta_core::{
    BodyText, ButtonLabel, ButtonUrl, CallbackData, CtaUrlContent, CtaUrlMessage, FooterText,
    Header, HeaderText, MediaLink, MessageId, Recipient, cta_message, cta_template,
};
use proptest::prelude::*;
use serde_json::{Value, json};

cta_template! {
    /// Placeholders in every part that takes them.
    struct Everywhere {
        header: text("H {a}"),
        body: "B {b} \"{a}\"",
        button: "Go",
        url: "https://example.com/{a}?q={b}#{c}",
        footer: "F {c}",
    }
}

/// Text that is mostly what JSON escapes or what would end a JSON string early.
fn hostile() -> impl Strategy<Value = String> {
    let pick = prop::sample::select(vec![
        "\"",
        "\\",
        "\"}",
        "\",\"to\":\"+19995550000",
        "{",
        "}",
        ":",
        ",",
        "\n",
        "\r",
        "\t",
        "\u{0}",
        "\u{1f}",
        "\u{7f}",
        "\u{2028}",
        "é",
        "👍",
        " ",
        "a",
        "x",
        "/",
        "?",
        "#",
        "&",
        "%",
        "\u{F8F0}",
        "\u{F8F1}",
        "<",
        ">",
    ]);
    prop::collection::vec(pick, 0..12).prop_map(|pieces| pieces.concat())
}

/// Everything the request body must be, for `message`.
fn assert_well_formed(message: &CtaUrlMessage) {
    let fast = message.to_json_vec();
    let serde = serde_json::to_vec(message).expect("a message serializes");
    assert_eq!(
        String::from_utf8_lossy(&fast),
        String::from_utf8_lossy(&serde)
    );
    let value: Value = serde_json::from_slice(&fast).expect("the request body is valid JSON");
    let object = value.as_object().expect("the body is an object");
    let keys: Vec<&str> = object.keys().map(String::as_str).collect();
    let address = match message.recipient().kind() {
        cta_core::rules::RecipientKind::PhoneNumber => "to",
        cta_core::rules::RecipientKind::Bsuid => "recipient",
    };
    let mut expected = vec!["messaging_product", "recipient_type", address, "type"];
    if message.reply_to().is_some() {
        expected.push("context");
    }
    expected.push("interactive");
    if message.callback_data().is_some() {
        expected.push("biz_opaque_callback_data");
    }
    let mut sorted = keys.clone();
    sorted.sort_unstable();
    expected.sort_unstable();
    assert_eq!(sorted, expected, "the body's keys");
    assert_eq!(value[address], message.recipient().as_str());
    assert_eq!(value["type"], "interactive");
    let interactive = &value["interactive"];
    assert_eq!(interactive["type"], "cta_url");
    assert_eq!(interactive["body"]["text"], message.body().as_str());
    let parameters = &interactive["action"]["parameters"];
    assert_eq!(parameters["display_text"], message.button().as_str());
    assert_eq!(parameters["url"], message.url().as_str());
    match message.footer() {
        Some(footer) => assert_eq!(interactive["footer"]["text"], footer.as_str()),
        None => assert!(interactive.get("footer").is_none()),
    }
    match message.header() {
        Some(Header::Text(text)) => assert_eq!(interactive["header"]["text"], text.as_str()),
        Some(_) => assert!(interactive["header"].is_object()),
        None => assert!(interactive.get("header").is_none()),
    }
    if let Some(reply_to) = message.reply_to() {
        assert_eq!(value["context"]["message_id"], reply_to.as_str());
    }
    if let Some(data) = message.callback_data() {
        assert_eq!(value["biz_opaque_callback_data"], data.as_str());
    }
    // And it reads back as the same message, every rule checked again.
    let back: CtaUrlMessage = serde_json::from_slice(&fast).expect("the body reads back");
    assert_eq!(&back, message);
}

fn recipient() -> Recipient {
    Recipient::new("+16505551234").expect("a valid number")
}

const LITERAL: CtaUrlContent = cta_message! {
    body: "Literal \"body\"",
    button: "Go",
    url: "https://example.com",
};

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn run_time_constructors(body in hostile(), label in hostile(), path in hostile(), footer in hostile()) {
        let body = BodyText::new(format!("b{body}"));
        let label = ButtonLabel::try_from(format!("l{label}").as_str());
        let url = format!("https://example.com/{path}").parse::<ButtonUrl>();
        if let (Ok(body), Ok(label), Ok(url)) = (body, label, url) {
            let mut content = CtaUrlContent::new(body, label, url);
            if let Ok(footer) = FooterText::new(footer) {
                content = content.with_footer(footer);
            }
            assert_well_formed(&content.to(recipient()));
        }
    }

    #[test]
    fn the_builder(header in hostile(), body in hostile(), label in hostile(), data in hostile()) {
        let built = CtaUrlMessage::builder()
            .to("+16505551234")
            .header_text(format!("h{header}"))
            .body(format!("b{body}"))
            .button(format!("l{label}"))
            .url("https://example.com/x")
            .callback_data(data)
            .build();
        if let Ok(message) = built {
            assert_well_formed(&message);
        }
    }

    #[test]
    fn deserialize(header in hostile(), body in hostile(), label in hostile(), reply_to in hostile()) {
        let json = json!({
            "messaging_product": "whatsapp",
            "recipient_type": "individual",
            "to": "+16505551234",
            "type": "interactive",
            "context": {"message_id": format!("wamid.{reply_to}")},
            "interactive": {
                "type": "cta_url",
                "header": {"type": "text", "text": format!("h{header}")},
                "body": {"text": format!("b{body}")},
                "action": {
                    "name": "cta_url",
                    "parameters": {"display_text": format!("l{label}"), "url": "https://example.com"},
                },
            },
        });
        if let Ok(message) = serde_json::from_value::<CtaUrlMessage>(json) {
            assert_well_formed(&message);
        }
    }

    #[test]
    fn setters_on_literal_content(header in hostile(), footer in hostile(), reply_to in hostile(), data in hostile()) {
        let mut content = LITERAL;
        if let Ok(header) = HeaderText::new(header) {
            content = content.with_header(Header::Text(header));
        }
        if let Ok(footer) = FooterText::new(footer) {
            content = content.with_footer(footer);
        }
        if let Ok(reply_to) = MessageId::new(format!("wamid.{reply_to}")) {
            content = content.with_reply_to(reply_to);
        }
        if let Ok(data) = CallbackData::new(data) {
            content = content.with_callback_data(data);
        }
        let link = MediaLink::new("https://example.com/a.png").expect("a valid link");
        assert_well_formed(&content.to(recipient()));
        assert_well_formed(&content.with_header(Header::Image(link.into())).to(recipient()));
    }

    #[test]
    fn a_templates_render(a in hostile(), b in hostile(), c in hostile()) {
        if let Ok(content) = (Everywhere { a: &a, b: &b, c: &c }).render() {
            assert_well_formed(&content.to(recipient()));
            prop_assert_eq!(content.body().as_str(), format!("B {b} \"{a}\""));
        }
    }
}

cta_template! {
    /// Fixed text holding the two private-use characters the preview once marked
    /// placeholders with.
    struct PrivateUse {
        header: text("\u{F8F1} {a} \u{F8F0}"),
        body: "\u{F8F0}{b}\u{F8F1} and \u{F8F1}{a}",
        button: "Go",
        url: "https://example.com/{a}",
        footer: "\u{F8F0}\u{F8F0} {b}",
    }
}

/// The preview's placeholder marks cannot be confused with a template's text: every
/// placeholder is marked once, the marks are balanced, and the text is shown as written.
#[test]
fn preview_marks_cannot_be_confused_with_the_text() {
    let page = cta_core::preview::render_template(&PrivateUse::TEMPLATE);
    let bubble = &page[page.find("<section class=\"phone\"").expect("the phone")
        ..page.find("<section class=\"panel\"").expect("the panel")];
    let open = bubble.matches("<mark").count();
    let close = bubble.matches("</mark>").count();
    assert_eq!((open, close), (4, 4), "{bubble}");
    // Every mark holds a placeholder, and nothing else.
    let mut rest = bubble;
    while let Some(start) = rest.find(r#"<mark class="placeholder">"#) {
        let after = &rest[start + r#"<mark class="placeholder">"#.len()..];
        let end = after.find("</mark>").expect("a closed mark");
        assert!(
            ["{a}", "{b}"].contains(&&after[..end]),
            "a mark holds {:?}",
            &after[..end]
        );
        rest = &after[end..];
    }
    assert!(bubble.contains("\u{F8F1} <mark class=\"placeholder\">{a}</mark> \u{F8F0}"));
    assert!(bubble.contains("\u{F8F0}<mark class=\"placeholder\">{b}</mark>\u{F8F1} and \u{F8F1}"));
    assert!(bubble.contains("\u{F8F0}\u{F8F0} <mark class=\"placeholder\">{b}</mark>"));
}
