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

/// The functions a `cta_message!` or `cta_template!` expansion calls are public (any crate can
/// call them), so each verifies what it is given: a call the macro would not write panics, or
/// in a `const` fails to compile (`tests/ui/seal_*.rs`), instead of making a checked value
/// that breaks its rule or a body that is not valid JSON.
mod forged {
    use cta_core::__private::{
        self, TemplatePiece, expression_part, fixed, in_path, literal, literal_content,
        literal_escaped, literal_message, part, placeholder, render, template,
    };
    use cta_core::template::Template;
    use cta_core::{
        BodyText, ButtonLabel, CtaUrlContent, CtaUrlMessage, cta_message, cta_template,
    };

    /// What `cta_message!` writes for the message of [`expected`], as `cta_rules::layout`
    /// encodes it.
    const TEXT: &str = "{\"messaging_product\":\"whatsapp\",\"recipient_type\":\"individual\",\"to\":\"+16505551234\",\"type\":\"interactive\",\"interactive\":{\"type\":\"cta_url\",\"body\":{\"text\":\"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\"},\"action\":{\"name\":\"cta_url\",\"parameters\":{\"display_text\":\"Go\",\"url\":\"https://example.com\"}}}}";
    const LAYOUT: &[u8] = &[
        0, 81, 154, 2, 68, 12, 0, 0, 0, 0, 0, 0, 151, 1, 36, 0, 247, 1, 2, 0, 130, 2, 19, 0, 0, 0,
    ];
    /// The same as content: everything after the recipient.
    const CONTENT_TEXT: &str = ",\"type\":\"interactive\",\"interactive\":{\"type\":\"cta_url\",\"body\":{\"text\":\"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\"},\"action\":{\"name\":\"cta_url\",\"parameters\":{\"display_text\":\"Go\",\"url\":\"https://example.com\"}}}}";
    const CONTENT_LAYOUT: &[u8] = &[
        0, 0, 201, 1, 0, 0, 0, 0, 0, 70, 36, 0, 166, 1, 2, 0, 177, 1, 19, 0, 0, 0,
    ];
    /// The body, and text of the same length that closes its JSON string and adds a member.
    const BODY: &str = "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx";
    const INJECTED: &str = r#"xx"},"to":"+19995550000","z":{"a":"b"#;

    fn expected() -> CtaUrlMessage {
        cta_message! {
            to: "+16505551234",
            body: "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
            button: "Go",
            url: "https://example.com",
        }
    }

    /// `text` with `from` replaced by `to`, of the same length, so the layout still fits it.
    fn replaced(text: &str, from: &str, to: &str) -> &'static str {
        assert_eq!(from.len(), to.len(), "a forgery keeps the layout's offsets");
        assert!(text.contains(from));
        Box::leak(text.replacen(from, to, 1).into_boxed_str())
    }

    fn leaked(text: String) -> &'static str {
        Box::leak(text.into_boxed_str())
    }

    /// The literals above are the macro's: read back, they are its message, so each forgery
    /// below fails for what it changes alone.
    #[test]
    fn the_macros_literals_read_back() {
        assert_eq!(INJECTED.len(), BODY.len());
        let message = literal_message(TEXT, LAYOUT);
        assert_eq!(message, expected());
        assert_eq!(message.to_json_vec(), expected().to_json_vec());
        let content: CtaUrlContent = literal_content(CONTENT_TEXT, CONTENT_LAYOUT);
        assert_eq!(content.to(expected().recipient().clone()), expected());
    }

    #[test]
    #[should_panic(
        expected = "forged cta_message! literal: a literal breaks its field's rule: longer than its limit"
    )]
    fn a_literal_over_its_limit() {
        let _: ButtonLabel = literal(leaked("x".repeat(500)));
    }

    #[test]
    #[should_panic(
        expected = "forged cta_message! literal: a literal breaks its field's rule: blank"
    )]
    fn a_blank_literal() {
        let _: BodyText = literal(" ");
    }

    #[test]
    #[should_panic(
        expected = "forged cta_message! literal: a literal's JSON is not the escape of its text"
    )]
    fn a_literal_that_needs_an_escape_given_as_it_is() {
        let _: BodyText = literal("x\"");
    }

    #[test]
    #[should_panic(
        expected = "forged cta_message! literal: a literal's JSON is not the escape of its text"
    )]
    fn an_escaped_form_that_injects_json() {
        let _: BodyText = literal_escaped("x", r#"x"},"to":"+19995550000","z":{"a":"b"#);
    }

    #[test]
    fn a_true_escaped_form_is_taken() {
        let body: BodyText = literal_escaped("say \"hi\"", r#"say \"hi\""#);
        assert_eq!(body.as_str(), "say \"hi\"");
    }

    #[test]
    #[should_panic(expected = "a literal's JSON is not the escape of its text")]
    fn a_literal_message_whose_body_injects_json() {
        let _ = literal_message(replaced(TEXT, BODY, INJECTED), LAYOUT);
    }

    #[test]
    #[should_panic(expected = "a literal's JSON is not the escape of its text")]
    fn literal_content_whose_body_injects_json() {
        let _ = literal_content(replaced(CONTENT_TEXT, BODY, INJECTED), CONTENT_LAYOUT);
    }

    #[test]
    #[should_panic(expected = "a fixed piece of Meta's shape is not where the writer puts it")]
    fn a_literal_message_with_another_shape() {
        let _ = literal_message(replaced(TEXT, "\"cta_url\"", "\"cta_urk\""), LAYOUT);
    }

    #[test]
    #[should_panic(expected = "a phone number of digits and separators")]
    fn a_literal_message_to_a_forged_recipient() {
        let _ = literal_message(replaced(TEXT, "+16505551234", "+1650555123x"), LAYOUT);
    }

    #[test]
    #[should_panic(expected = "longer than its limit in characters")]
    fn literal_content_whose_label_is_over_its_limit() {
        // What `cta_rules::layout::encode` writes for a 21-character label, which the macro
        // refuses.
        let text = ",\"type\":\"interactive\",\"interactive\":{\"type\":\"cta_url\",\"body\":{\"text\":\"Hi\"},\"action\":{\"name\":\"cta_url\",\"parameters\":{\"display_text\":\"xxxxxxxxxxxxxxxxxxxxx\",\"url\":\"https://example.com\"}}}}";
        let layout = &[
            0, 0, 186, 1, 0, 0, 0, 0, 0, 70, 2, 0, 132, 1, 21, 0, 162, 1, 19, 0, 0, 0,
        ];
        let _ = literal_content(text, layout);
    }

    #[test]
    #[should_panic(expected = "text after the end of the body")]
    fn a_literal_message_with_text_after_its_body() {
        let text = leaked(format!("{TEXT}x"));
        let mut layout = LAYOUT.to_vec();
        // The end of the JSON, in LEB128: two bytes after the content's start.
        let end = usize::from(layout[2] & 0x7f) | usize::from(layout[3]) << 7;
        assert_eq!(end, TEXT.len());
        layout[2] = u8::try_from((end + 1) & 0x7f).expect("seven bits") | 0x80;
        let _ = literal_message(text, Box::leak(layout.into_boxed_slice()));
    }

    const GO: &[TemplatePiece] = &[fixed("Go")];
    const URL: &[TemplatePiece] = &[fixed("https://example.com")];

    /// A template whose body is `pieces`, with the figures the macro would give for `fixed`,
    /// its fixed text, but `as_is` as given.
    fn body_template(pieces: &'static [TemplatePiece], fixed: &str, as_is: bool) -> Template {
        let parts = Box::leak(Box::new([
            part(
                6,
                pieces,
                fixed.len(),
                fixed.chars().count(),
                fixed.trim().is_empty(),
                as_is,
            ),
            part(7, GO, 2, 2, false, true),
            part(8, URL, 19, 19, false, true),
        ]));
        template("T", &["a"], 0, parts)
    }

    #[test]
    #[should_panic(expected = "the fixed text's length, characters, blankness or JSON form given")]
    fn a_template_whose_fixed_text_claims_no_escape() {
        let text = r#"x"},"to":"+19995550000","z":{"a":"b"#;
        let pieces = Box::leak(Box::new([fixed(text), placeholder(0)]));
        let template = body_template(pieces, text, true);
        let _ = render(&template, &["y"]);
    }

    /// With true figures, fixed text holding quotes is a body like any other: it is escaped.
    #[test]
    fn a_hand_made_template_with_true_figures_writes_valid_json() {
        let text = r#"x"},"to":"+19995550000","z":{"a":"b"#;
        let pieces = Box::leak(Box::new([fixed(text), placeholder(0)]));
        let content = render(&body_template(pieces, text, false), &["y"]).expect("valid values");
        let message = content.to(expected().recipient().clone());
        let value: serde_json::Value =
            serde_json::from_slice(&message.to_json_vec()).expect("valid JSON");
        assert_eq!(value["to"], "+16505551234");
        assert_eq!(value["interactive"]["body"]["text"], format!("{text}y"));
        assert_eq!(message.to_json_vec(), serde_json::to_vec(&message).unwrap());
    }

    #[test]
    #[should_panic(expected = "fixed text longer than its part's limit")]
    fn a_template_whose_fixed_text_is_over_its_limit() {
        let text = leaked("x".repeat(1025));
        let pieces = Box::leak(Box::new([fixed(text), placeholder(0)]));
        let _ = body_template(pieces, text, true);
    }

    #[test]
    #[should_panic(expected = "a blank part without placeholders")]
    fn a_template_whose_fixed_part_is_blank() {
        let _ = body_template(Box::leak(Box::new([fixed(" ")])), " ", true);
    }

    #[test]
    #[should_panic(expected = "a line break in a single-line field")]
    fn a_template_with_a_line_break_in_its_label() {
        let _ = part(7, Box::leak(Box::new([fixed("G\no")])), 3, 3, false, false);
    }

    /// A text's placeholder in the URL would put its value there as it is, not
    /// percent-encoded: `"` and all.
    #[test]
    #[should_panic(expected = "a placeholder's position is not of its part")]
    fn a_template_with_a_texts_placeholder_in_its_url() {
        let pieces = Box::leak(Box::new([fixed("https://example.com/"), placeholder(0)]));
        let _ = part(8, pieces, 20, 20, false, true);
    }

    #[test]
    #[should_panic(expected = "a placeholder in a part that takes none")]
    fn a_template_with_a_placeholder_in_its_label() {
        let pieces = Box::leak(Box::new([fixed("Go "), placeholder(0)]));
        let _ = part(7, pieces, 3, 3, false, true);
    }

    #[test]
    #[should_panic(expected = "a URL starts with `https://` or `http://`")]
    fn a_template_whose_url_is_javascript() {
        let pieces = Box::leak(Box::new([fixed("javascript:alert(1)")]));
        let _ = part(8, pieces, 19, 19, false, true);
    }

    /// What the description's constant cannot check, a URL's form around its values, `render`
    /// checks on the filled URL.
    #[test]
    #[should_panic(expected = "the button URL it fills is not a valid URL")]
    fn a_template_whose_url_takes_its_host_from_a_value() {
        let url = Box::leak(Box::new([fixed("https://"), in_path(0)]));
        let parts = Box::leak(Box::new([
            part(6, Box::leak(Box::new([fixed("Hi")])), 2, 2, false, true),
            expression_part(7),
            part(8, url, 8, 8, false, true),
        ]));
        let template = template("T", &["a"], 0, parts);
        let label = ButtonLabel::new("Go").expect("a valid label");
        let _ = __private::render_given(
            &template,
            &["user@evil.example"],
            __private::Given::NONE.button(label),
        );
    }

    /// A URL whose host the layout reader does not read (an IP address, an internationalized
    /// name) stays in a constant: the macro checked it, and the reader every other rule.
    const UNREAD_HOSTS: CtaUrlContent = cta_message! {
        header: image("https://[2001:db8::1]:8443/a.png"),
        body: "x",
        button: "Go",
        url: "https://bücher.example/\"q\"",
    };

    #[test]
    fn urls_whose_host_a_const_fn_does_not_read_stay_constants() {
        assert_eq!(UNREAD_HOSTS.url().as_str(), "https://bücher.example/\"q\"");
        let message = UNREAD_HOSTS.to(expected().recipient().clone());
        let value: serde_json::Value =
            serde_json::from_slice(&message.to_json_vec()).expect("valid JSON");
        assert_eq!(
            value["interactive"]["action"]["parameters"]["url"],
            "https://bücher.example/\"q\""
        );
    }

    cta_template! {
        /// A template whose URLs a `const fn` cannot prove: `render` checks them.
        struct UnreadHost {
            header: image("https://192.0.2.1/a.png"),
            body: "Hi {name}",
            button: "Go",
            url: "https://bücher.example/{name}",
        }
    }

    #[test]
    fn a_template_whose_hosts_are_read_when_it_renders() {
        let content = UnreadHost { name: "Ada" }.render().expect("valid values");
        assert_eq!(content.url().as_str(), "https://bücher.example/Ada");
    }

    /// What the macro gives after an error is public too: it keeps every rule.
    #[test]
    fn the_fallback_keeps_every_rule() {
        let message = __private::fallback_message();
        for (field, text) in [
            (cta_core::Field::Recipient, message.recipient().as_str()),
            (cta_core::Field::BodyText, message.body().as_str()),
            (cta_core::Field::ButtonLabel, message.button().as_str()),
            (cta_core::Field::ButtonUrl, message.url().as_str()),
        ] {
            assert_eq!(cta_core::rules::check(field, text), Ok(()), "{field}");
        }
        let _: serde_json::Value =
            serde_json::from_slice(&message.to_json_vec()).expect("valid JSON");
    }
}
