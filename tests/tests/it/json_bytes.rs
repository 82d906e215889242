//! `to_json_vec` and `write_json` give exactly the bytes of `serde_json::to_vec`, for literal
//! parts escaped by the macro at compile time, values escaped at run time, and any mix of them.

use cta_core::{
    BodyText, ButtonLabel, ButtonUrl, CallbackData, CtaUrlContent, CtaUrlMessage, Document,
    Filename, FooterText, Header, HeaderText, Media, MediaId, MediaLink, MessageId, Recipient,
    cta_message,
};
use proptest::prelude::*;

/// Literals holding everything JSON escapes, and everything it must leave alone.
static LITERALS: [CtaUrlMessage; 4] = [
    cta_message! {
        to: "+1 (650) 555-1234",
        reply_to: "wamid.\"quoted\"\\back",
        header: document("https://example.com/a\"b%5Cc.pdf", filename: "me\"nu\\ .pdf"),
        body: "Tab\there, \"quote\", \\ back, LS \u{2028} PS \u{2029}, 👍🏽 🇫🇷\r\n\u{c}\u{b}",
        button: "\"Go\" \\ 👍\t",
        url: "https://example.com/?q=\"x\"&b=%5C",
        footer: "é \"ok\" \\",
        // Callback data is opaque: the one part that may hold control characters.
        callback_data: "{\"json\":\"inside\"} NUL \u{0}, US \u{1f}, bell \u{7}, DEL \u{7f}\u{8}\u{1b}[0m",
    },
    cta_message! {
        to: "16505551234",
        header: text("\u{10FFFF} \u{FEFF} </script> \t"),
        body: "plain",
        button: "plain",
        url: "https://example.com",
    },
    cta_message! {
        to: "+441632960961",
        header: video(id: "1234567890"),
        body: r#"raw "string" with \n not a newline"#,
        button: "Open",
        url: "http://[::1]:8080/x",
        callback_data: "",
    },
    cta_message! {
        to: "+16505551234",
        header: image("https://example.com/banner.png"),
        body: "Tap the button below to see available dates.",
        button: "See Dates",
        url: "https://www.luckyshrub.com?clickID=kqDGWd24Q5TRwoEQTICY7W1JKoXvaZOXWAS7h1P76s0R7Paec4",
        footer: "Dates subject to change.",
    },
];

fn assert_same_bytes(message: &CtaUrlMessage) {
    let expected = serde_json::to_vec(message).unwrap();
    let fast = message.to_json_vec();
    assert_eq!(
        String::from_utf8_lossy(&fast),
        String::from_utf8_lossy(&expected)
    );
    assert_eq!(message.json_len(), expected.len());
    // `write_json` appends, and reserves the room for it.
    let mut buffer = b"prefix".to_vec();
    message.write_json(&mut buffer);
    assert_eq!(&buffer[..6], b"prefix");
    assert_eq!(&buffer[6..], &expected[..]);
}

#[test]
fn all_literal_messages_give_serde_json_bytes() {
    for message in &LITERALS {
        assert_same_bytes(message);
    }
}

#[test]
fn literal_content_with_a_run_time_recipient_gives_serde_json_bytes() {
    const CONTENT: CtaUrlContent = cta_message! {
        header: text("\"Hi\" \\ \t"),
        body: "line\nbreak \u{2028} 👍",
        button: "Go",
        url: "https://example.com/\"q\"",
        footer: "a\tb",
    };
    let to = Recipient::new(String::from("+16505551234")).unwrap();
    assert_same_bytes(&CONTENT.to(to.clone()));
    let message = cta_message! {
        to: to,
        header: image(id: "42"),
        body: "\u{2029}\"\\",
        button: "Go",
        url: "https://example.com",
        reply_to: "wamid.x",
        callback_data: "\u{7f}",
    };
    assert_same_bytes(&message);
}

/// The macro hands every literal over inside one string with a layout of where each part is
/// in it: each part read back must be the literal itself, as a message read from the same JSON
/// at run time has it (equality compares every part, not the pre-rendered JSON).
#[test]
fn all_literal_parts_are_the_literals() {
    const CONTENT: CtaUrlContent = cta_message! {
        reply_to: "wamid.\"x\"",
        header: document(id: "77", filename: "a\"b.pdf"),
        body: "b\n",
        button: "Go",
        url: "https://example.com",
        callback_data: "\u{0}",
    };
    for message in &LITERALS {
        let read: CtaUrlMessage = serde_json::from_slice(&message.to_json_vec()).unwrap();
        assert_eq!(&read, message);
        assert_eq!(read.content(), message.content());
    }
    let message = CONTENT.to(Recipient::new("+16505551234").unwrap());
    let read: CtaUrlMessage = serde_json::from_slice(&message.to_json_vec()).unwrap();
    assert_eq!(read, message);
    assert_eq!(message.content().body().as_str(), "b\n");
}

#[test]
fn literal_content_keeps_its_bytes_after_a_change() {
    for message in &LITERALS {
        let changed = message
            .content()
            .clone()
            .with_footer(FooterText::new("changed \"footer\"").unwrap())
            .into_message(message.recipient().clone());
        assert_same_bytes(&changed);
        assert!(
            String::from_utf8(changed.to_json_vec())
                .unwrap()
                .contains(r#""footer":{"text":"changed \"footer\""}"#)
        );
    }
}

#[test]
fn escapes_are_serde_jsons_own() {
    let message = &LITERALS[0];
    let json = String::from_utf8(message.to_json_vec()).unwrap();
    assert!(
        json.contains("NUL \\u0000, US \\u001f, bell \\u0007, DEL \u{7f}\\b\\u001b[0m"),
        "{json}"
    );
    assert!(
        json.contains("LS \u{2028} PS \u{2029}, 👍🏽 🇫🇷\\r\\n\\f\\u000b"),
        "{json}"
    );
    assert!(json.contains(r#""display_text":"\"Go\" \\ 👍"#), "{json}");
}

/// Characters that JSON treats specially or that are easy to get wrong, mixed with any others.
fn tricky_char() -> impl Strategy<Value = char> {
    prop_oneof![
        3 => any::<char>(),
        2 => prop::char::range('\u{0}', '\u{1f}'),
        1 => prop::sample::select(vec![
            '"', '\\', '/', '\u{7f}', '\u{2028}', '\u{2029}', '👍', '🇫', 'é', '\u{FEFF}', ' ', 'a',
        ]),
    ]
}

fn text(max_chars: usize) -> impl Strategy<Value = String> {
    prop::collection::vec(tricky_char(), 0..=max_chars).prop_map(String::from_iter)
}

/// A value of a checked type: a run-time value when the text passes its rules, otherwise the
/// same part of one of the literal messages (escaped at compile time).
fn part<T: std::fmt::Debug>(
    max_chars: usize,
    from_text: fn(String) -> Option<T>,
    from_literal: fn(&CtaUrlMessage) -> Option<T>,
) -> impl Strategy<Value = T> {
    (text(max_chars), any::<bool>(), 0..LITERALS.len()).prop_filter_map(
        "no value",
        move |(text, literal, index)| {
            let from_literal = || {
                (0..LITERALS.len())
                    .find_map(|offset| from_literal(&LITERALS[(index + offset) % LITERALS.len()]))
            };
            if literal {
                from_literal()
            } else {
                from_text(text).or_else(from_literal)
            }
        },
    )
}

fn url_text() -> impl Strategy<Value = String> {
    text(40).prop_map(|path| format!("https://example.com/{path}"))
}

fn header() -> impl Strategy<Value = Option<Header>> {
    let link = (url_text(), any::<bool>(), 0..LITERALS.len()).prop_map(|(url, literal, index)| {
        let from_literal = LITERALS[index].url().as_str();
        let url = if literal {
            from_literal.to_owned()
        } else {
            url
        };
        MediaLink::new(url).unwrap_or_else(|_| MediaLink::new(from_literal).unwrap())
    });
    let media = prop_oneof![
        link.prop_map(Media::Link),
        "[0-9]{1,20}".prop_map(|id| Media::Id(MediaId::new(id).unwrap())),
        Just(()).prop_map(|()| match LITERALS[2].header() {
            Some(Header::Video(media)) => media.clone(),
            _ => unreachable!("the third literal has a video header by ID"),
        }),
    ];
    let filename = prop::option::of(part(
        30,
        |text| Filename::new(text).ok(),
        |message| match message.header() {
            Some(Header::Document(Document { filename, .. })) => filename.clone(),
            _ => None,
        },
    ));
    let header_text = part(
        60,
        |text| HeaderText::new(text).ok(),
        |message| match message.header() {
            Some(Header::Text(text)) => Some(text.clone()),
            _ => None,
        },
    );
    prop::option::of(prop_oneof![
        header_text.prop_map(Header::Text),
        media.clone().prop_map(Header::Image),
        media.clone().prop_map(Header::Video),
        (media, filename)
            .prop_map(|(media, filename)| Header::Document(Document { media, filename })),
    ])
}

prop_compose! {
    fn content()(
        header in header(),
        body in part(200, |text| BodyText::new(text).ok(), |m| Some(m.body().clone())),
        button in part(20, |text| ButtonLabel::new(text).ok(), |m| Some(m.button().clone())),
        url in part(
            0,
            |_| None,
            |m| Some(m.url().clone()),
        ),
        run_time_url in url_text(),
        use_run_time_url in any::<bool>(),
        footer in prop::option::of(part(60, |text| FooterText::new(text).ok(), |m| m.footer().cloned())),
        reply_to in prop::option::of(part(60, |text| MessageId::new(text).ok(), |m| m.reply_to().cloned())),
        callback_data in prop::option::of(part(200, |text| CallbackData::new(text).ok(), |m| m.callback_data().cloned())),
    ) -> CtaUrlContent {
        let url = match ButtonUrl::new(run_time_url) {
            Ok(run_time) if use_run_time_url => run_time,
            _ => url,
        };
        let mut content = CtaUrlContent::new(body, button, url);
        if let Some(header) = header {
            content = content.with_header(header);
        }
        if let Some(footer) = footer {
            content = content.with_footer(footer);
        }
        if let Some(reply_to) = reply_to {
            content = content.with_reply_to(reply_to);
        }
        if let Some(data) = callback_data {
            content = content.with_callback_data(data);
        }
        content
    }
}

fn recipient() -> impl Strategy<Value = Recipient> {
    "\\+?[0-9 ()-]{7,20}".prop_filter_map("not a number", |text| Recipient::new(text).ok())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1000))]

    #[test]
    fn mixed_messages_give_serde_json_bytes(to in recipient(), content in content()) {
        assert_same_bytes(&content.into_message(to));
    }

    #[test]
    fn pre_rendered_content_to_a_run_time_recipient(to in recipient(), index in 0..LITERALS.len()) {
        assert_same_bytes(&LITERALS[index].content().to(to));
    }

    #[test]
    fn any_string_escapes_as_serde_json_does(data in any::<String>(), tricky in text(100)) {
        for text in [data, tricky] {
            let text: String = text.chars().take(512).collect();
            let message = LITERALS[3]
                .content()
                .clone()
                .with_callback_data(CallbackData::new(text).unwrap())
                .into_message(Recipient::new("+16505551234").unwrap());
            assert_same_bytes(&message);
        }
    }
}
