//! The macro's verdict on a literal and the run-time type's verdict on the same string agree,
//! for every rule, on random strings close to each limit.
//!
//! The macro's logic (`cta-macros-core`) runs here on token streams exactly as rustc runs it,
//! and its `compile_error!` messages are compared with the run-time error's `Display`.

use crate::common;

use common::expansion::compile_errors;
use cta_macros_core::expand;

use cta_core::rules::Field;
use cta_core::{
    BodyText, ButtonLabel, ButtonUrl, CallbackData, Filename, FooterText, HeaderText, MediaId,
    MediaLink, MessageId, Recipient, RuleError,
};
use proc_macro2::{Literal, TokenStream, TokenTree};
use proptest::prelude::*;
use quote::quote;

/// An invocation where `literal` is the value of `field` and every other part is valid.
fn invocation(field: Field, literal: &TokenTree) -> TokenStream {
    let rest = quote!(body: "b", button: "l", url: "https://example.com");
    match field {
        Field::Recipient => quote!(::cta_core; to: #literal, #rest),
        Field::HeaderText => quote!(::cta_core; header: text(#literal), #rest),
        Field::MediaLink => quote!(::cta_core; header: image(#literal), #rest),
        Field::MediaId => quote!(::cta_core; header: video(id: #literal), #rest),
        Field::Filename => {
            quote!(::cta_core; header: document("https://example.com/a.pdf", filename: #literal), #rest)
        }
        Field::BodyText => {
            quote!(::cta_core; body: #literal, button: "l", url: "https://example.com")
        }
        Field::ButtonLabel => {
            quote!(::cta_core; body: "b", button: #literal, url: "https://example.com")
        }
        Field::ButtonUrl => quote!(::cta_core; body: "b", button: "l", url: #literal),
        Field::FooterText => quote!(::cta_core; footer: #literal, #rest),
        Field::MessageId => quote!(::cta_core; reply_to: #literal, #rest),
        Field::CallbackData => quote!(::cta_core; callback_data: #literal, #rest),
        other => panic!("no invocation for {other:?}"),
    }
}

/// The run-time verdict, through the public type of `field`.
fn run_time(field: Field, text: &str) -> Result<(), RuleError> {
    let text = text.to_owned();
    match field {
        Field::Recipient => Recipient::new(text).map(drop),
        Field::HeaderText => HeaderText::new(text).map(drop),
        Field::BodyText => BodyText::new(text).map(drop),
        Field::ButtonLabel => ButtonLabel::new(text).map(drop),
        Field::ButtonUrl => ButtonUrl::new(text).map(drop),
        Field::FooterText => FooterText::new(text).map(drop),
        Field::MediaLink => MediaLink::new(text).map(drop),
        Field::MediaId => MediaId::new(text).map(drop),
        Field::Filename => Filename::new(text).map(drop),
        Field::MessageId => MessageId::new(text).map(drop),
        Field::CallbackData => CallbackData::new(text).map(drop),
        other => panic!("no type for {other:?}"),
    }
}

/// The literal spellings of `text` that a user could write: escaped, and raw where possible.
fn spellings(text: &str) -> Vec<TokenTree> {
    let mut literals = vec![TokenTree::Literal(Literal::string(text))];
    if !text.contains("\"#") && !text.contains('\r') {
        let raw: TokenStream = format!("r#\"{text}\"#")
            .parse()
            .expect("a valid raw string");
        literals.extend(raw);
    }
    literals
}

fn assert_agree(field: Field, text: &str) {
    let expected = run_time(field, text).map_err(|error| error.to_string());
    for literal in spellings(text) {
        let errors = compile_errors(&expand(invocation(field, &literal)));
        let found = match errors.as_slice() {
            [] => Ok(()),
            [message] => Err(message.clone()),
            many => panic!("one broken rule gave {} errors: {many:?}", many.len()),
        };
        assert_eq!(found, expected, "{field:?} disagrees on {literal}");
    }
}

/// Characters that make counting hard: multi-byte letters, emoji, a combining mark, a
/// zero-width joiner, regional indicators (flags), whitespace, line breaks and controls.
const TRICKY: &[char] = &[
    'a', 'Z', '7', ' ', 'é', 'ß', '日', '👍', '\u{301}', '\u{200D}', '🇫', '🇷', '\n', '\r', '\t',
    '\u{0}', '"', '\\', '#', '/', ':', '.', '\u{2028}', '\u{202E}', '+', '-', '(',
];

fn tricky_text(lengths: std::ops::RangeInclusive<usize>) -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(TRICKY), lengths)
        .prop_map(|chars| chars.into_iter().collect())
}

/// Strings within two characters of `max`, built around a valid prefix so that the length
/// rule, not the form, is what is tested for URLs and digits.
fn near_limit(prefix: &'static str, max: usize) -> impl Strategy<Value = String> {
    let prefix_chars = prefix.chars().count();
    (max - 2 - prefix_chars..=max + 2 - prefix_chars).prop_flat_map(move |length| {
        prop_oneof![
            tricky_text(length..=length).prop_map(move |tail| format!("{prefix}{tail}")),
            "[a-z0-9]{1}".prop_map(move |c| format!("{prefix}{}", c.repeat(length))),
        ]
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn texts_near_their_limits(
        (field, text) in prop_oneof![
            near_limit("", 60).prop_map(|text| (Field::HeaderText, text)),
            near_limit("", 1024).prop_map(|text| (Field::BodyText, text)),
            near_limit("", 20).prop_map(|text| (Field::ButtonLabel, text)),
            near_limit("", 60).prop_map(|text| (Field::FooterText, text)),
            near_limit("", 240).prop_map(|text| (Field::Filename, text)),
            near_limit("wamid.", 128).prop_map(|text| (Field::MessageId, text)),
            near_limit("", 512).prop_map(|text| (Field::CallbackData, text)),
        ]
    ) {
        assert_agree(field, &text);
    }

    #[test]
    fn urls_near_their_limit(
        field in prop::sample::select(&[Field::ButtonUrl, Field::MediaLink][..]),
        text in near_limit("https://example.com/", 2000),
    ) {
        assert_agree(field, &text);
    }

    #[test]
    fn recipients_and_media_ids(
        field in prop::sample::select(&[Field::Recipient, Field::MediaId][..]),
        text in tricky_text(0..=20),
        digits in "[+]?[0-9 ()-]{5,18}",
    ) {
        assert_agree(field, &text);
        assert_agree(field, &digits);
    }

    #[test]
    fn any_short_text_in_any_field(
        field in prop::sample::select(Field::ALL),
        text in tricky_text(0..=8),
    ) {
        assert_agree(field, &text);
    }
}

#[test]
fn the_classic_mistakes_agree() {
    let cases: &[(Field, &str)] = &[
        (Field::ButtonLabel, "See available dates!!"),
        (
            Field::ButtonLabel,
            "👍👍👍👍👍👍👍👍👍👍👍👍👍👍👍👍👍👍👍👍",
        ),
        (Field::ButtonUrl, "javascript:alert(1)"),
        (Field::ButtonUrl, "https://user:pass@example.com"),
        (Field::MediaLink, "data:image/png;base64,AAAA"),
        (Field::Recipient, "+1 (650) 555-1234"),
        (Field::Recipient, "hello"),
        (Field::Recipient, "#16505551234"),
        (Field::Recipient, "us.13491208655302741918"),
        (Field::Recipient, "US-13491208655302741918"),
        (Field::HeaderText, "two\nlines"),
        (Field::FooterText, " \t "),
    ];
    for (field, text) in cases {
        assert_agree(*field, text);
    }
}
