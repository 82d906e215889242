//! The macro never panics, whatever tokens it is given: random token trees, random mixes of
//! keys and values, random Unicode in every literal kind. Every input gives either an
//! expression or `compile_error!`s.

use cta_macros_core::{expand, expand_template};

use proc_macro2::{Literal, TokenStream};
use proptest::prelude::*;

/// Source text for one value, in any literal form or as an expression or as token soup.
fn value() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>().prop_map(|text| Literal::string(&text).to_string()),
        "[^\"#\r]{0,30}".prop_map(|text| format!("r#\"{text}\"#")),
        prop::collection::vec(any::<char>(), 0..6).prop_map(|chars| {
            use std::fmt::Write;
            let mut literal = String::from("\"");
            for c in chars {
                let _ = write!(literal, "\\u{{{:x}}}", u32::from(c));
            }
            literal.push('"');
            literal
        }),
        any::<String>().prop_map(|text| Literal::byte_string(text.as_bytes()).to_string()),
        "[a-z ]{0,10}".prop_map(|text| format!("c\"{text}\"")),
        any::<char>().prop_map(|c| Literal::character(c).to_string()),
        any::<i64>().prop_map(|n| n.to_string()),
        any::<f32>()
            .prop_filter("finite", |f| f.is_finite())
            .prop_map(|f| format!("{f:?}")),
        (
            "[a-z ]{0,8}",
            prop::sample::select(&["u8", "i32", "f64", "x", "_suffix"][..])
        )
            .prop_map(|(text, suffix)| format!("\"{text}\"{suffix}")),
        prop::sample::select(
            &[
                "true",
                "false",
                "x",
                "a::b",
                "f(1, 2)",
                "{ \"x\" }",
                "(\"x\")",
                "-1",
                "&\"x\"",
                "vec![1]"
            ][..]
        )
        .prop_map(str::to_owned),
        header(),
        soup(),
    ]
}

/// A header in the macro's little language, right or wrong.
fn header() -> impl Strategy<Value = String> {
    let kind = prop::sample::select(
        &[
            "text", "image", "video", "document", "imag", "sticker", "Text",
        ][..],
    );
    let argument = prop_oneof![
        "\"[a-z:/.]{0,12}\"".prop_map(|text| text),
        prop::sample::select(&["id", "link", "filename", "name", "file_name"][..]).prop_flat_map(
            |name| "\"[0-9a-z.]{0,6}\"".prop_map(move |value| format!("{name}: {value}"))
        ),
        soup(),
    ];
    (kind, prop::collection::vec(argument, 0..4))
        .prop_map(|(kind, arguments)| format!("{kind}({})", arguments.join(", ")))
}

/// Random tokens: punctuation, brackets, identifiers and literals.
fn soup() -> impl Strategy<Value = String> {
    let token = prop::sample::select(
        &[
            ",", ";", ":", "::", "=", "=>", "-", "+", "#", "$", "!", "?", ".", "..", "&", "*", "@",
            "()", "[]", "{}", "(,)", "[::]", "{;}", "x", "_", "r#type", "'a", "\"\"", "0", "1.5",
            "b'x'", "body", "header", "to",
        ][..],
    );
    prop::collection::vec(token, 0..8).prop_map(|tokens| tokens.join(" "))
}

fn entry() -> impl Strategy<Value = String> {
    let key = prop::sample::select(
        &[
            "to",
            "header",
            "body",
            "button",
            "url",
            "footer",
            "reply_to",
            "callback_data",
            "fotter",
            "display_text",
            "Body",
            "x",
        ][..],
    );
    prop_oneof![
        6 => (key.clone(), value()).prop_map(|(key, value)| format!("{key}: {value}")),
        1 => (key.clone(), value()).prop_map(|(key, value)| format!("{key} {value}")),
        1 => key.clone().prop_map(|key| format!("{key}:")),
        1 => (key, value()).prop_map(|(key, value)| format!("{key}:: {value}")),
        1 => soup(),
    ]
}

fn invocation() -> impl Strategy<Value = String> {
    (
        prop::collection::vec(entry(), 0..10),
        prop::sample::select(&[", ", ",", "; ", " "][..]),
        any::<bool>(),
    )
        .prop_map(|(entries, separator, trailing)| {
            let mut text = format!("$crate; {}", entries.join(separator));
            if trailing {
                text.push(',');
            }
            text
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn expand_never_panics(input in invocation()) {
        // Inputs that do not lex are never handed to a macro by rustc.
        if let Ok(tokens) = input.parse::<TokenStream>() {
            let output = expand(tokens).to_string();
            prop_assert!(!output.is_empty());
        }
    }

    #[test]
    fn expand_never_panics_on_any_string_in_any_field(text in any::<String>()) {
        let literal = Literal::string(&text);
        let tokens = quote::quote! {
            $crate;
            to: #literal,
            header: document(#literal, filename: #literal),
            body: #literal,
            button: #literal,
            url: #literal,
            footer: #literal,
            reply_to: #literal,
            callback_data: #literal,
        };
        let output = expand(tokens).to_string();
        prop_assert!(!output.is_empty());
    }

    #[test]
    fn expand_template_never_panics(input in invocation()) {
        // The same pairs, as the body of a template's struct.
        let body = input.trim_start_matches("$crate;");
        if let Ok(tokens) = format!("$crate; pub struct T {{ {body} }}").parse::<TokenStream>() {
            let output = expand_template(tokens).to_string();
            prop_assert!(!output.is_empty());
        }
    }

    #[test]
    fn expand_template_never_panics_on_any_string_in_any_part(text in any::<String>()) {
        let literal = Literal::string(&text);
        let tokens = quote::quote! {
            $crate;
            struct T {
                header: text(#literal),
                body: #literal,
                button: #literal,
                url: #literal,
                footer: #literal,
                reply_to: #literal,
                callback_data: #literal,
            }
        };
        let output = expand_template(tokens).to_string();
        prop_assert!(!output.is_empty());
    }
}
