//! Values known only at run time: the checked types, the builder and `Deserialize` apply the
//! same rules as the macro, with typed errors.

use cta_core::rules::{self, Field};
use cta_core::{
    BodyText, BuildProblem, ButtonLabel, ButtonUrl, CtaUrlContent, CtaUrlMessage, Document, Header,
    Media, MediaId, MediaLink, Recipient, RuleError, cta_message,
};

#[test]
fn each_constructor_gives_the_same_verdict() {
    let good = "See Dates";
    let bad = "See available dates!!";
    assert_eq!(ButtonLabel::new(good).unwrap().as_str(), good);
    assert_eq!(good.parse::<ButtonLabel>().unwrap(), good);
    assert_eq!(ButtonLabel::try_from(good.to_owned()).unwrap(), good);
    let expected = RuleError::TooLong {
        field: Field::ButtonLabel,
        max: 20,
        found: 21,
    };
    assert_eq!(ButtonLabel::new(bad).unwrap_err(), expected);
    assert_eq!(bad.parse::<ButtonLabel>().unwrap_err(), expected);
    assert_eq!(ButtonLabel::try_from(bad.to_owned()).unwrap_err(), expected);
    assert_eq!(
        expected.to_string(),
        "button label is 21 characters; WhatsApp allows at most 20"
    );
    assert_eq!(expected.field(), Field::ButtonLabel);
}

#[test]
fn errors_say_the_rule_the_limit_and_what_was_found() {
    let cases: &[(Result<(), RuleError>, &str)] = &[
        (
            BodyText::new("   ").map(drop),
            "body text is blank; it needs at least one visible character that is not whitespace",
        ),
        (
            ButtonUrl::new("ftp://example.com").map(drop),
            "button URL must start with `https://` or `http://`; found the scheme `ftp:`",
        ),
        (
            ButtonUrl::new("https://user:pw@example.com").map(drop),
            "button URL must not carry user-info (`user:password@`) before the host; it is a \
             phishing trick",
        ),
        (
            MediaLink::new("data:image/png;base64,AAAA").map(drop),
            "media link must start with `https://` or `http://`; found the scheme `data:`",
        ),
        (
            ButtonUrl::new("example.com/page").map(drop),
            "button URL must be an absolute URL starting with `https://` or `http://`; found a \
             relative URL",
        ),
        (
            ButtonUrl::new("https://example.com/\u{7}").map(drop),
            "button URL must not contain whitespace or control characters; found '\\u{7}' at \
             character 21",
        ),
        (
            Recipient::new("+1 650 55").map(drop),
            "recipient has 6 digits; this crate allows 7 to 15 (E.164 numbers have at most 15)",
        ),
        (
            MediaId::new("12a").map(drop),
            "media ID contains 'a' at character 3; only digits are allowed",
        ),
    ];
    for (result, message) in cases {
        match result {
            Ok(()) => panic!("expected an error: {message}"),
            Err(error) => assert_eq!(error.to_string(), *message),
        }
    }
}

#[test]
fn url_forms() {
    for good in [
        "https://example.com",
        "HTTP://EXAMPLE.COM/path?q=1#frag",
        "https://example.com:8443/",
        "http://127.0.0.1:8080/x",
        "http://[::1]:8080/x",
        "https://www.luckyshrub.com?clickID=kqDGWd24Q5TRwoEQTICY7W1JKoXvaZOXWAS7h1P76s0R7Paec4",
        "https://bücher.example/straße",
    ] {
        assert!(ButtonUrl::new(good).is_ok(), "{good} should pass");
    }
    for bad in [
        "javascript:alert(1)",
        "data:text/html,hi",
        "file:///etc/passwd",
        "mailto:a@example.com",
        "//example.com",
        "/relative",
        "https://",
        "https://:80",
        "https://example.com:port",
        "https://a@example.com",
        "https://exa mple.com",
        "https://example.com/\n",
        "",
        // Backslashes, which browsers read as `/`.
        "https:\\\\evil.com",
        "https://evil.com\\@good.com",
        // No `//` after the scheme.
        "https:/x.com?y=https://z",
        "https:example.com",
        // Hosts that are not hosts.
        "http://[::1",
        "https://[",
        "https://[::1]x",
        "https://[zz]/",
        "https://a:b:80",
        "https://exa%mple.com",
        "https://exa<mple.com",
        "https://example.com:0/",
        // Invisible and direction-changing characters.
        "https://good.com\u{202E}moc.live",
        "https://good.com\u{200B}",
        "https://\u{FEFF}example.com",
    ] {
        assert!(ButtonUrl::new(bad).is_err(), "{bad:?} should fail");
        assert!(MediaLink::new(bad).is_err(), "{bad:?} should fail");
    }
}

#[test]
fn url_problems_are_named() {
    let cases = [
        (
            "https:\\\\evil.com",
            "button URL is not a well-formed URL: it holds a backslash, which browsers read as `/`",
        ),
        (
            "https:/x.com",
            "button URL is not a well-formed URL: the scheme must be followed by `//` and a host",
        ),
        (
            "http://[::1",
            "button URL is not a well-formed URL: an IPv6 address opened with `[` is never closed",
        ),
        (
            "https://good.com\u{202E}moc",
            "button URL must not contain invisible or direction-changing characters; found U+202E at character 17",
        ),
    ];
    for (url, message) in cases {
        assert_eq!(ButtonUrl::new(url).unwrap_err().to_string(), message);
    }
    assert!(ButtonUrl::new("https://%41.example.com/").is_ok());
}

#[test]
fn invisible_texts_are_blank_and_every_line_break_counts() {
    for blank in [
        "\u{200B}",
        "\u{3164}",
        "\u{2800}",
        "\u{FEFF}",
        " \u{200D} ",
        "\u{AD}",
    ] {
        assert_eq!(
            ButtonLabel::new(blank).unwrap_err(),
            RuleError::Blank {
                field: Field::ButtonLabel
            },
            "{blank:?}"
        );
    }
    for line_break in ["\u{B}", "\u{C}", "\u{85}", "\u{2028}", "\u{2029}"] {
        let label = format!("a{line_break}b");
        assert_eq!(
            ButtonLabel::new(label).unwrap_err(),
            RuleError::LineBreak {
                field: Field::ButtonLabel,
                at: 2
            },
            "{line_break:?}"
        );
        // The body may hold line breaks of every kind.
        assert!(BodyText::new(format!("a{line_break}b")).is_ok());
    }
    // Emoji sequences with joiners and variation selectors are not blank.
    assert!(ButtonLabel::new("👨\u{200D}👩\u{200D}👧 ❤\u{FE0F}").is_ok());
    // Control characters other than tabs and line breaks are refused in texts.
    assert_eq!(
        BodyText::new("bell\u{7}").unwrap_err().to_string(),
        "body text contains '\\u{7}' at character 5; only printable characters, tabs and line breaks are allowed"
    );
    assert!(BodyText::new("tab\there").is_ok());
}

#[test]
fn recipients() {
    for good in [
        "+16505551234",
        "16505551234",
        "+1 (650) 555-1234",
        "+44 20 7946 0958",
    ] {
        assert!(Recipient::new(good).is_ok(), "{good}");
    }
    for bad in [
        "",
        "+1",
        "123456",
        "1234567890123456",
        "1+6505551234",
        "+1650555123x",
        "+1.650.555.1234",
    ] {
        assert!(Recipient::new(bad).is_err(), "{bad:?}");
    }
}

#[test]
fn the_builder_reports_every_problem_at_once() {
    let error = CtaUrlMessage::builder()
        .to("12")
        .header_text("two\nlines")
        .filename("a.pdf")
        .button("")
        .url("ftp://x")
        .footer("a".repeat(61))
        .build()
        .unwrap_err();
    let problems = error.problems();
    assert_eq!(
        problems,
        &[
            BuildProblem::Invalid(RuleError::DigitCount {
                field: Field::Recipient,
                min: 7,
                max: 15,
                found: 2
            }),
            BuildProblem::FilenameWithoutDocument,
            BuildProblem::Invalid(RuleError::LineBreak {
                field: Field::HeaderText,
                at: 4
            }),
            BuildProblem::Missing(Field::BodyText),
            BuildProblem::Invalid(RuleError::Blank {
                field: Field::ButtonLabel
            }),
            BuildProblem::Invalid(RuleError::Scheme {
                field: Field::ButtonUrl,
                found: "ftp".into()
            }),
            BuildProblem::Invalid(RuleError::TooLong {
                field: Field::FooterText,
                max: 60,
                found: 61
            }),
        ]
    );
}

#[test]
fn the_builder_makes_every_header_kind() {
    let base = || {
        CtaUrlMessage::builder()
            .to("+16505551234")
            .body("b")
            .button("l")
            .url("https://example.com")
    };
    let document = base()
        .document_id("42")
        .filename("menu.pdf")
        .build()
        .unwrap();
    let expected = cta_message! {
        to: "+16505551234",
        header: document(id: "42", filename: "menu.pdf"),
        body: "b", button: "l", url: "https://example.com",
    };
    assert_eq!(document, expected);
    let video = base().video("https://example.com/v.mp4").build().unwrap();
    assert!(matches!(video.header(), Some(Header::Video(_))));
    let image = base().image_id("7").build().unwrap();
    assert!(matches!(image.header(), Some(Header::Image(_))));
    let content = base().header_text("Hi").build_content().unwrap();
    assert!(matches!(content.header(), Some(Header::Text(_))));
}

fn parse(json: &str) -> Result<CtaUrlMessage, String> {
    serde_json::from_str(json).map_err(|error| error.to_string())
}

const VALID: &str = r#"{"messaging_product":"whatsapp","recipient_type":"individual","to":"+16505551234","type":"interactive","interactive":{"type":"cta_url","body":{"text":"b"},"action":{"name":"cta_url","parameters":{"display_text":"l","url":"https://example.com"}}}}"#;

#[test]
fn deserialize_accepts_what_serialize_writes() {
    let message = parse(VALID).unwrap();
    assert_eq!(serde_json::to_string(&message).unwrap(), VALID);
}

#[test]
fn deserialize_checks_every_rule_again() {
    let cases = [
        (
            VALID.replace(r#""display_text":"l""#, r#""display_text":"See available dates!!""#),
            "button label is 21 characters; WhatsApp allows at most 20",
        ),
        (VALID.replace("https://example.com", "javascript:alert(1)"), "found the scheme `javascript:`"),
        (VALID.replace("+16505551234", "12"), "recipient has 2 digits"),
        (VALID.replace(r#"{"text":"b"}"#, r#"{"text":" "}"#), "body text is blank"),
        (VALID.replace(r#""whatsapp""#, r#""sms""#), "unknown variant `sms`, expected `whatsapp`"),
        (VALID.replace(r#""type":"cta_url""#, r#""type":"button""#), "unknown variant `button`"),
        (VALID.replace(r#""individual""#, r#""group""#), "unknown variant `group`"),
        (VALID.replace(r#""to":"+16505551234","#, ""), "missing field `to`"),
        (VALID.replace(r#""body":{"text":"b"},"#, ""), "missing field `body`"),
        (VALID.replace(r#""body":{"text":"b"}"#, r#""body":{"text":null}"#), "invalid type: null"),
        (VALID.replace(r#""body":{"text":"b"}"#, r#""body":{"text":5}"#), "invalid type: integer"),
        (VALID.replace(r#""to":"+16505551234","#, r#""to":"+16505551234","to":"+16505551234","#), "duplicate field `to`"),
        (VALID.replace(r#""type":"interactive","#, r#""type":"interactive","extra":1,"#), "unknown field `extra`"),
        (
            VALID.replace(r#""body""#, r#""header":{"type":"sticker","sticker":{"id":"1"}},"body""#),
            "unknown variant `sticker`",
        ),
        (
            VALID.replace(r#""body""#, r#""header":{"type":"image","image":{"link":"https://e.com/a.png","id":"1"}},"body""#),
            "image header has both `link` and `id`",
        ),
        (
            VALID.replace(r#""body""#, r#""header":{"type":"video","video":{}},"body""#),
            "video header needs a `link` or an `id`",
        ),
        (
            VALID.replace(r#""body""#, r#""header":{"type":"image","image":{"id":"1","filename":"a.png"}},"body""#),
            "`filename` is allowed only in a document header",
        ),
        (
            VALID.replace(r#""body""#, r#""header":{"type":"text","text":"a\nb"},"body""#),
            "header text must be a single line",
        ),
    ];
    for (json, expected) in cases {
        let error = parse(&json).expect_err(&json);
        assert!(
            error.contains(expected),
            "{json}\n  gave: {error}\n  expected: {expected}"
        );
    }
}

#[test]
fn deserialize_reads_every_optional_part() {
    let message = cta_message! {
        to: "+16505551234",
        header: document("https://example.com/a.pdf", filename: "a.pdf"),
        body: "b", button: "l", url: "https://example.com",
        footer: "f", reply_to: "wamid.X", callback_data: "",
    };
    let json = serde_json::to_string(&message).unwrap();
    assert_eq!(parse(&json).unwrap(), message);
    // Meta treats `recipient_type` as optional; so does reading.
    let without = VALID.replace(r#""recipient_type":"individual","#, "");
    assert!(parse(&without).is_ok());
}

#[test]
fn the_limits_are_the_documented_ones() {
    assert_eq!(
        Field::HeaderText.max_chars(),
        Some(rules::HEADER_TEXT_MAX_CHARS)
    );
    assert_eq!(rules::HEADER_TEXT_MAX_CHARS, 60);
    assert_eq!(rules::BODY_TEXT_MAX_CHARS, 1024);
    assert_eq!(rules::BUTTON_LABEL_MAX_CHARS, 20);
    assert_eq!(rules::FOOTER_TEXT_MAX_CHARS, 60);
    assert_eq!(rules::URL_MAX_CHARS, 2000);
    assert_eq!(rules::MESSAGE_ID_MAX_CHARS, 128);
    assert_eq!(rules::CALLBACK_DATA_MAX_CHARS, 512);
    assert_eq!(
        (rules::RECIPIENT_MIN_DIGITS, rules::RECIPIENT_MAX_DIGITS),
        (7, 15)
    );
}

#[test]
fn every_payload_type_round_trips_through_serde_with_the_same_checks() {
    let message = cta_core::cta_message! {
        to: "+16505551234",
        header: document("https://example.com/menu.pdf", filename: "menu.pdf"),
        body: "Our new menu is out.",
        button: "Open menu",
        url: "https://example.com/menu",
        footer: "Prices include VAT.",
        reply_to: "wamid.ID",
        callback_data: "menu-2026",
    };
    let content = message.content().clone();
    let json = serde_json::to_value(&content).unwrap();
    // Content is the request body without `to`.
    let mut expected = serde_json::to_value(&message).unwrap();
    expected.as_object_mut().unwrap().remove("to");
    assert_eq!(json, expected);
    let back: CtaUrlContent = serde_json::from_value(json.clone()).unwrap();
    assert_eq!(back, content);
    assert_eq!(
        serde_json::to_vec(&back).unwrap(),
        serde_json::to_vec(&content).unwrap()
    );

    let header = content.header().unwrap().clone();
    let back: Header = serde_json::from_value(serde_json::to_value(&header).unwrap()).unwrap();
    assert_eq!(back, header);
    let Header::Document(document) = header else {
        panic!("a document header")
    };
    let document_json = serde_json::to_value(&document).unwrap();
    assert_eq!(
        document_json,
        serde_json::json!({"link": "https://example.com/menu.pdf", "filename": "menu.pdf"})
    );
    let back: Document = serde_json::from_value(document_json).unwrap();
    assert_eq!(back, document);
    let media_json = serde_json::to_value(&document.media).unwrap();
    assert_eq!(
        media_json,
        serde_json::json!({"link": "https://example.com/menu.pdf"})
    );
    let back: Media = serde_json::from_value(media_json).unwrap();
    assert_eq!(back, document.media);

    // The same checks as a message's.
    let mut too_long = json.clone();
    too_long["interactive"]["action"]["parameters"]["display_text"] =
        serde_json::json!("A label far too long for WhatsApp");
    let error = serde_json::from_value::<CtaUrlContent>(too_long).unwrap_err();
    assert!(
        error.to_string().contains("button label is 33 characters"),
        "{error}"
    );
    let mut with_to = json;
    with_to["to"] = serde_json::json!("+16505551234");
    assert!(serde_json::from_value::<CtaUrlContent>(with_to).is_err());
    for (json, what) in [
        (serde_json::json!({"link": "ftp://e.com/a"}), "scheme"),
        (
            serde_json::json!({"link": "https://e.com/a", "id": "1"}),
            "exactly one",
        ),
        (
            serde_json::json!({"id": "1", "filename": "a.pdf"}),
            "filename",
        ),
        (serde_json::json!(["https://e.com/a"]), "media object"),
    ] {
        let error = serde_json::from_value::<Media>(json)
            .unwrap_err()
            .to_string();
        assert!(error.contains(what), "{error}");
    }
    let error = serde_json::from_value::<Header>(serde_json::json!({"type": "text", "text": ""}))
        .unwrap_err()
        .to_string();
    assert!(error.contains("blank"), "{error}");
}

#[test]
fn content_has_a_builder_of_its_own() {
    let content = CtaUrlContent::builder()
        .body("Your table is ready.")
        .button("Open menu")
        .url("https://example.com/menu")
        .build()
        .unwrap();
    assert_eq!(content.button().as_str(), "Open menu");
    let error = CtaUrlContent::builder().body("b").build().unwrap_err();
    assert_eq!(error.problems().len(), 2, "{error}");
}

#[test]
fn a_recipient_of_neither_form_gets_one_error_naming_both() {
    for (neither, first) in [
        ("hello", 'h'),
        ("Hello", 'H'),
        ("U.1349", 'U'),
        ("#16505551234", '#'),
        ("日本", '日'),
        ("\u{200B}+16505551234", '\u{200B}'),
        (&"x".repeat(40), 'x'),
    ] {
        let error = Recipient::new(neither.to_owned()).unwrap_err();
        assert_eq!(
            error,
            RuleError::NeitherPhoneNorBsuid { found: first },
            "{neither}"
        );
        assert_eq!(error.field(), Field::Recipient);
        assert_eq!(
            error.to_string(),
            format!(
                "recipient is neither a phone number (7 to 15 digits, such as `+16505551234`) \
                 nor a BSUID (such as `US.13491208655302741918`): it starts with {first:?}"
            )
        );
    }
    // Only the first character is told: the number after it is personal data.
    let error = Recipient::new("#14155550123").unwrap_err().to_string();
    assert!(!error.contains("4155"), "{error}");
    // Text that starts like a phone number keeps the phone number's rules.
    assert!(matches!(
        Recipient::new("+1650555123x").unwrap_err(),
        RuleError::InvalidCharacter {
            found: 'x',
            at: 12,
            ..
        }
    ));
    // Text that looks like a BSUID keeps the BSUID's rules, even without the period.
    for bsuid_like in ["us.1349", "U1.1349", "US-1349", "US", "HELLO"] {
        assert!(
            matches!(
                Recipient::new(bsuid_like).unwrap_err(),
                RuleError::InvalidBsuid { .. }
            ),
            "{bsuid_like}"
        );
    }
}

#[test]
fn bsuids_are_checked_by_their_form() {
    use cta_core::rules::RecipientKind;
    for good in [
        "US.13491208655302741918",
        "US.ENT.11815799212886844830",
        "BR.abcDEF123",
        &format!("GB.{}", "7".repeat(128)),
        &format!("GB.ENT.{}", "7".repeat(128)),
    ] {
        let recipient = Recipient::new(good.to_owned()).unwrap();
        assert_eq!(recipient.kind(), RecipientKind::Bsuid, "{good}");
    }
    for (bad, message) in [
        (
            "us.1349",
            "expected a capital letter of the country code at character 1, found 'u'",
        ),
        (
            "U1.1349",
            "expected a capital letter of the country code at character 2, found '1'",
        ),
        (
            "US-1349",
            "expected `.` after the country code at character 3, found '-'",
        ),
        (
            "US.",
            "expected a letter or a digit at character 4, found the end",
        ),
        (
            "US.ENT.",
            "expected a letter or a digit at character 8, found the end",
        ),
        (
            "US.12_34",
            "expected a letter or a digit at character 6, found '_'",
        ),
        (
            "US.12 34",
            "expected a letter or a digit at character 6, found ' '",
        ),
        (
            "US.ENT.12.3",
            "expected a letter or a digit at character 10, found '.'",
        ),
    ] {
        let error = Recipient::new(bad).unwrap_err();
        assert_eq!(
            error.to_string(),
            format!(
                "recipient is not a valid BSUID (such as `US.13491208655302741918`): {message}"
            ),
            "{bad}"
        );
    }
    let too_long = format!("US.{}", "1".repeat(129));
    assert_eq!(
        Recipient::new(too_long).unwrap_err(),
        RuleError::TooLong {
            field: Field::Recipient,
            max: 131,
            found: 132
        }
    );
    // A phone number keeps its own limits.
    assert_eq!(
        Recipient::new("+16505551234").unwrap().kind(),
        RecipientKind::PhoneNumber
    );
    assert!(matches!(
        Recipient::new("1".repeat(40)).unwrap_err(),
        RuleError::TooLong {
            max: 32,
            found: 40,
            ..
        }
    ));
}

#[test]
fn messages_fit_the_field_and_name_what_was_found() {
    let cases: [(Result<(), RuleError>, &str); 9] = [
        (
            ButtonLabel::new("a\u{0}b").map(drop),
            "button label contains '\\0' at character 2; only printable characters and tabs are allowed",
        ),
        (
            cta_core::HeaderText::new("a\u{7}").map(drop),
            "header text contains '\\u{7}' at character 2; only printable characters and tabs are allowed",
        ),
        (
            cta_core::Filename::new("a\tb.pdf").map(drop),
            "document file name contains '\\t' at character 2; only printable characters are allowed",
        ),
        (
            cta_core::ButtonUrl::new("https://[zz::1]/").map(drop),
            "button URL has the host `[zz::1]`, which is not valid: the IPv6 address in brackets \
             holds 'z'; only hex digits, `:` and `.` can appear in one",
        ),
        (
            ButtonUrl::new("https://[1:2]/").map(drop),
            "button URL has the host `[1:2]`, which is not valid: the text in brackets is not an \
             IPv6 address: eight groups of one to four hex digits separated by `:`, where one `::` \
             stands for groups of zeros",
        ),
        (
            ButtonUrl::new("https://e.com:/").map(drop),
            "button URL has an empty port after `:`; a port is a number from 1 to 65535, or leave \
             out the `:`",
        ),
        (
            ButtonUrl::new("https://a..b/").map(drop),
            "button URL has the host `a..b`, which is not valid: a label between dots is empty; a \
             host name is labels of at least one character separated by single dots, with at most \
             one dot at the end",
        ),
        (
            MediaLink::new("https://-/x.png").map(drop),
            "media link has the host `-`, which is not valid: a label starts or ends with `-`, \
             which host names do not allow",
        ),
        (
            ButtonUrl::new("https://127.1/").map(drop),
            "button URL has the host `127.1`, which is not valid: it ends in a number, so browsers \
             read it as an IPv4 address, and it is not one: four numbers from 0 to 255 without \
             leading zeros, separated by dots",
        ),
    ];
    for (result, message) in cases {
        assert_eq!(result.unwrap_err().to_string(), message);
    }
    assert!(ButtonUrl::new("https://example.com./").is_ok());
    assert!(ButtonUrl::new("https://[::ffff:1.2.3.4]:8443/").is_ok());
    assert!(ButtonUrl::new("https://xn--mnchen-3ya.de/").is_ok());
}

#[test]
fn a_message_in_a_log_shows_no_phone_number() {
    let message = cta_core::cta_message! {
        to: "+16505551234",
        body: "b",
        button: "l",
        url: "https://example.com",
    };
    let debug = format!("{message:?}");
    assert!(!debug.contains("6505551234"), "{debug}");
    assert!(debug.contains("PhoneNumber, ***(12 chars)"), "{debug}");
    let bsuid = cta_core::Recipient::new("US.13491208655302741918").unwrap();
    assert_eq!(format!("{bsuid:?}"), "Recipient(Bsuid, ***(23 chars))");
    // The value itself is still there for whoever asks for it.
    assert_eq!(message.recipient().as_str(), "+16505551234");
}
