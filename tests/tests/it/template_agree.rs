//! A template filled with values and `cta_message!` given the filled-in literals agree: the
//! same verdict with the same message, and on success the same message and request body. The
//! values are random, near each limit, with multi-byte text and characters that need escaping
//! in JSON or encoding in a URL.
//!
//! `cta_message!`'s verdict is its logic (`cta-macros-core`) run on token streams, as in
//! `agree.rs`; the values in the URL are encoded here by an encoder written from RFC 3986,
//! independent of the one `cta-core` uses.

use crate::common;

use common::expansion::compile_errors;
use std::fmt::Write as _;

use cta_core::{ButtonUrl, CtaUrlContent, Recipient, cta_template};
use cta_macros_core::expand;
use proc_macro2::Literal;
use proptest::prelude::*;
use quote::quote;

cta_template! {
    struct Near {
        header: text("H{head}é"),
        body: "B\"{text}\\",
        button: "Go",
        url: "https://e.com/p/{path}?q={query}#{frag}",
        footer: "{foot}",
    }
}

/// RFC 3986 percent-encoding, keeping the unreserved characters and `keep`.
fn encode(value: &str, keep: &str) -> String {
    let mut out = String::new();
    for byte in value.bytes() {
        if byte.is_ascii_alphanumeric()
            || b"-._~".contains(&byte)
            || keep.as_bytes().contains(&byte)
        {
            out.push(char::from(byte));
        } else {
            let _ = write!(out, "%{byte:02X}");
        }
    }
    out
}

/// Path segments keep the sub-delimiters, `:` and `@`.
fn in_path(value: &str) -> String {
    encode(value, "!$&'()*+,;=:@")
}

/// A query component also keeps `/` and `?`, but not `&`, `=`, `+` or `;`.
fn in_query(value: &str) -> String {
    encode(value, "!$'()*,:@/?")
}

/// A fragment keeps every sub-delimiter, `:`, `@`, `/` and `?`.
fn in_fragment(value: &str) -> String {
    encode(value, "!$&'()*+,;=:@/?")
}

const TRICKY: &[char] = &[
    'a', 'Z', '7', ' ', 'é', 'ß', '日', '👍', '\u{301}', '\u{200D}', '🇫', '\n', '\r', '\t',
    '\u{0}', '\u{85}', '"', '\\', '#', '/', '?', '&', '=', '+', ';', '%', ':', '@', '\u{2028}',
    '\u{202E}', '\u{200F}', '\u{200B}', '{', '}',
];

fn tricky(lengths: std::ops::RangeInclusive<usize>) -> impl Strategy<Value = String> {
    prop_oneof![
        prop::collection::vec(prop::sample::select(TRICKY), lengths.clone())
            .prop_map(|chars| chars.into_iter().collect::<String>()),
        // Mostly plain text: the common case, where only the length is at stake.
        (lengths, prop::sample::select(&['x', 'é', '👍'][..]))
            .prop_map(|(length, c)| c.to_string().repeat(length)),
    ]
}

fn assert_agree(values: [&str; 6]) {
    let [head, text, path, query, frag, foot] = values;
    let header = format!("H{head}é");
    let body = format!("B\"{text}\\");
    let url = format!(
        "https://e.com/p/{}?q={}#{}",
        in_path(path),
        in_query(query),
        in_fragment(frag)
    );
    let footer = foot.to_owned();
    let [header_literal, body_literal, url_literal, footer_literal] =
        [&header, &body, &url, &footer].map(|text| Literal::string(text));
    let by_hand = quote!(::cta_core;
        header: text(#header_literal),
        body: #body_literal,
        button: "Go",
        url: #url_literal,
        footer: #footer_literal,
    );
    let macro_errors = compile_errors(&expand(by_hand));
    let rendered = Near {
        head,
        text,
        path,
        query,
        frag,
        foot,
    }
    .render();
    match (&rendered, macro_errors.first()) {
        (Ok(content), None) => {
            assert_eq!(content.header_text(), Some(header.as_str()));
            assert_eq!(content.body().as_str(), body);
            assert_eq!(content.url().as_str(), url);
            assert_eq!(
                content.footer().map(cta_core::FooterText::as_str),
                Some(foot)
            );
            // The macro's content, built from the same parts at run time.
            let by_hand = CtaUrlContent::builder()
                .header_text(header.clone())
                .body(body.clone())
                .button("Go")
                .url(url.clone())
                .footer(footer.clone())
                .build()
                .expect("the macro accepted it");
            assert_eq!(content, &by_hand);
            let message = content.to(Recipient::new("+16505551234").expect("valid"));
            assert_eq!(
                message.to_json_vec(),
                serde_json::to_vec(&message).expect("serializes")
            );
            assert_eq!(
                message.to_json_vec(),
                by_hand.to(message.recipient().clone()).to_json_vec()
            );
        }
        (Err(error), Some(first)) => {
            assert_eq!(&error.rule().to_string(), first, "{error}");
        }
        (rendered, first) => panic!("the template gave {rendered:?}, the macro {first:?}"),
    }
    // A URL that renders is one the run-time type accepts as it is.
    if rendered.is_ok() {
        assert!(ButtonUrl::new(url).is_ok());
    }
}

trait HeaderText {
    fn header_text(&self) -> Option<&str>;
}

impl HeaderText for CtaUrlContent {
    fn header_text(&self) -> Option<&str> {
        match self.header() {
            Some(cta_core::Header::Text(text)) => Some(text.as_str()),
            _ => None,
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn texts_near_their_limits(
        head in tricky(55..=60),
        text in tricky(1018..=1022),
        path in tricky(0..=6),
        query in tricky(0..=6),
        frag in tricky(0..=6),
        foot in tricky(0..=62),
    ) {
        assert_agree([&head, &text, &path, &query, &frag, &foot]);
    }

    #[test]
    fn urls_near_their_limit(
        path in tricky(600..=700),
        query in tricky(0..=30),
        frag in "[a-z]{0,3}",
    ) {
        assert_agree(["a", "b", &path, &query, &frag, "f"]);
    }

    #[test]
    fn short_values_anywhere(values in prop::array::uniform6(tricky(0..=5))) {
        let [head, text, path, query, frag, foot] = &values;
        assert_agree([head, text, path, query, frag, foot]);
    }
}

#[test]
fn values_at_the_edges() {
    let header_room = 60 - 2;
    let fits = "é".repeat(header_room);
    let over = "é".repeat(header_room + 1);
    for header in [
        fits.as_str(),
        over.as_str(),
        "",
        " ",
        "\n",
        "\u{2028}",
        "\u{1}",
    ] {
        assert_agree([header, "b", "c", "d", "e", "f"]);
    }
    // A blank footer: its fixed text is empty, so the value decides.
    for footer in ["", " \t ", "\u{200B}", " x"] {
        assert_agree(["a", "b", "c", "d", "e", footer]);
    }
}
