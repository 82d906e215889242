//! The macro never panics, whatever tokens it is given: random token trees, random mixes of
//! keys and values, random Unicode in every literal kind. Every input gives either an
//! expression or `compile_error!`s. `approved_template!` never panics either, whatever its
//! tokens or the definitions file it reads.

use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};

use cta_macros_core::{expand, expand_approved, expand_template};
use serde_json::{Map, Value, json};

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

/// An `approved_template!` invocation, right or wrong: the words in place or not, any value
/// where a string literal goes, token soup.
fn approved_invocation() -> impl Strategy<Value = String> {
    let head = prop::sample::select(
        &[
            "",
            "pub",
            "pub(crate)",
            "#[derive(Debug)]",
            "/// Docs.\n#[allow(dead_code)] pub",
            "#",
        ][..],
    );
    let name = prop::sample::select(&["T", "r#type", "struct", "_", "1"][..]);
    let literal = || {
        prop_oneof![
            3 => prop::sample::select(&["order_shipped", "en_US", "fr", "", "Order Shipped"][..])
                .prop_map(|text| format!("{text:?}")),
            2 => value(),
        ]
    };
    let tail = prop::sample::select(&["", ";", ";;", "from", "from \"x.json\"", ", x"][..]);
    prop_oneof![
        4 => (head, name, literal(), literal(), tail).prop_map(
            |(head, name, template, language, tail)| {
                format!("$crate; {head} struct {name} = {template} in {language} {tail}")
            }
        ),
        1 => soup().prop_map(|soup| format!("$crate; {soup}")),
        1 => soup(),
    ]
}

/// The names and languages of the hostile definitions: few, so that the invocation finds its
/// template and the macro reads it all the way.
const NAMES: &[&str] = &["order_shipped", "order_shipped", "Order", ""];
const LANGUAGES: &[&str] = &["en_US", "en_US", "fr", "en-US"];

/// A string member: Meta's words, a text with variables, a URL, anything.
fn text() -> impl Strategy<Value = String> {
    let variable = prop::sample::select(
        &[
            "{{1}}",
            "{{2}}",
            "{{0}}",
            "{{first_name}}",
            "{{url_0}}",
            "{{url_1}}",
            "{{header}}",
            "{{type}}",
            "{{_}}",
            "{{99999999999999999999999}}",
            "{{",
            "}}",
        ][..],
    );
    prop_oneof![
        2 => prop::sample::select(
            &[
                "HEADER", "BODY", "FOOTER", "BUTTONS", "CAROUSEL", "TEXT", "IMAGE", "VIDEO",
                "DOCUMENT", "LOCATION", "QUICK_REPLY", "URL", "PHONE_NUMBER", "OTP", "NAMED",
                "POSITIONAL", "APPROVED", "PAUSED",
            ][..]
        )
        .prop_map(str::to_owned),
        3 => prop::collection::vec(prop_oneof!["[a-z ,.é]{0,4}", variable.prop_map(str::to_owned)], 0..5)
            .prop_map(|pieces| pieces.concat()),
        2 => (
            prop::sample::select(
                &["https://a.com/x/", "https://a.com/?q=", "https://a.com/#", "https://", ""][..]
            ),
            prop::sample::select(&["{{1}}", "", "{{2}}", "{{1}}/"][..]),
        )
            .prop_map(|(prefix, suffix)| format!("{prefix}{suffix}")),
        1 => any::<String>(),
    ]
}

/// Any JSON value, its strings mostly those of template definitions.
fn any_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i32>().prop_map(Value::from),
        text().prop_map(Value::String),
    ];
    leaf.prop_recursive(4, 48, 5, |inner| {
        let key = prop_oneof![
            prop::sample::select(&["type", "format", "text", "buttons", "url", "name"][..])
                .prop_map(str::to_owned),
            any::<String>(),
        ];
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..5).prop_map(Value::Array),
            prop::collection::vec((key, inner), 0..5)
                .prop_map(|members| Value::Object(members.into_iter().collect())),
        ]
    })
}

/// An object of the members given (`None`: left out).
fn object(members: Vec<(&str, Option<Value>)>) -> Value {
    Value::Object(
        members
            .into_iter()
            .filter_map(|(key, value)| value.map(|value| (key.to_owned(), value)))
            .collect::<Map<_, _>>(),
    )
}

fn maybe<T: std::fmt::Debug>(
    strategy: impl Strategy<Value = T>,
) -> impl Strategy<Value = Option<T>> {
    prop::option::weighted(0.85, strategy)
}

fn hostile_button() -> impl Strategy<Value = Value> {
    (
        maybe(text()),
        maybe(text()),
        maybe(text()),
        maybe(any_value()),
    )
        .prop_map(|(kind, label, url, example)| {
            object(vec![
                ("type", kind.map(Value::String)),
                ("text", label.map(Value::String)),
                ("url", url.map(Value::String)),
                ("example", example),
            ])
        })
}

fn hostile_component() -> impl Strategy<Value = Value> {
    (
        maybe(text()),
        maybe(text()),
        maybe(text()),
        maybe(prop_oneof![
            4 => prop::collection::vec(hostile_button(), 0..4).prop_map(Value::Array),
            1 => any_value(),
        ]),
    )
        .prop_map(|(kind, format, text, buttons)| {
            object(vec![
                ("type", kind.map(Value::String)),
                ("format", format.map(Value::String)),
                ("text", text.map(Value::String)),
                ("buttons", buttons),
            ])
        })
}

fn hostile_template() -> impl Strategy<Value = Value> {
    (
        maybe(prop::sample::select(NAMES)),
        maybe(prop::sample::select(LANGUAGES)),
        maybe(prop_oneof![
            4 => Just("APPROVED".to_owned()),
            1 => text(),
        ]),
        maybe(prop::sample::select(&["NAMED", "POSITIONAL", "named"][..])),
        maybe(prop_oneof![
            4 => prop::collection::vec(hostile_component(), 0..5).prop_map(Value::Array),
            1 => any_value(),
        ]),
    )
        .prop_map(|(name, language, status, format, components)| {
            object(vec![
                ("name", name.map(Value::from)),
                ("language", language.map(Value::from)),
                ("status", status.map(Value::String)),
                ("parameter_format", format.map(Value::from)),
                ("components", components),
            ])
        })
}

/// A template Meta could have approved, mostly, so that the macro plans it and writes the
/// struct: variables numbered or named as the format says (some names clash or are keywords),
/// a header of any kind, buttons of every kind the crate fills.
fn fitting_template() -> impl Strategy<Value = Value> {
    let text = |named: bool| {
        let variables: &'static [&'static str] = if named {
            &["first_name", "order_id", "url_1", "header", "type"]
        } else {
            &["1", "2", "3", "1", "2"]
        };
        prop::collection::vec(("[a-zA-Z ,.é]{0,5}", prop::sample::select(variables)), 0..4)
            .prop_map(|pieces| {
                pieces
                    .into_iter()
                    .flat_map(|(fixed, variable)| [fixed, format!("{{{{{variable}}}}}")])
                    .collect::<String>()
            })
    };
    let button = (
        prop::sample::select(&["QUICK_REPLY", "PHONE_NUMBER", "URL"][..]),
        prop::sample::select(
            &[
                "https://a.com/x/",
                "https://a.com/?q=",
                "https://a.com/#",
                "https://a.com",
            ][..],
        ),
        any::<bool>(),
    )
        .prop_map(|(kind, prefix, variable)| {
            let url = if variable {
                format!("{prefix}{{{{1}}}}")
            } else {
                prefix.to_owned()
            };
            json!({ "type": kind, "text": "Press", "url": url })
        });
    any::<bool>()
        .prop_flat_map(move |named| {
            (
                Just(named),
                prop::sample::select(&["TEXT", "IMAGE", "VIDEO", "DOCUMENT", "none"][..]),
                text(named),
                text(named),
                prop::collection::vec(button.clone(), 0..4),
            )
        })
        .prop_map(|(named, header, header_text, body, buttons)| {
            let mut components = Vec::new();
            if header != "none" {
                components.push(json!({ "type": "HEADER", "format": header, "text": header_text }));
            }
            components.push(json!({ "type": "BODY", "text": body }));
            components.push(json!({ "type": "FOOTER", "text": "Footer" }));
            components.push(json!({ "type": "BUTTONS", "buttons": buttons }));
            json!({
                "name": "order_shipped",
                "language": "en_US",
                "status": "APPROVED",
                "category": "UTILITY",
                "parameter_format": if named { "NAMED" } else { "POSITIONAL" },
                "components": components,
            })
        })
}

/// A definitions file's text: a list of hostile templates, a page of them, any JSON, or JSON
/// cut short.
fn hostile_definitions() -> impl Strategy<Value = String> {
    let list = || {
        prop::collection::vec(
            prop_oneof![1 => hostile_template(), 2 => fitting_template()],
            0..4,
        )
    };
    prop_oneof![
        6 => list().prop_map(|list| Value::Array(list).to_string()),
        1 => list().prop_map(|list| json!({ "data": list }).to_string()),
        1 => any_value().prop_map(|value| value.to_string()),
        1 => (list(), any::<prop::sample::Index>()).prop_map(|(list, at)| {
            let text = serde_json::to_string_pretty(&list).expect("JSON writes");
            let mut cut = text.len().saturating_sub(at.index(text.len().max(1)));
            while !text.is_char_boundary(cut) {
                cut -= 1;
            }
            text[..cut].to_owned()
        }),
        1 => any::<String>(),
    ]
}

/// A definitions file of its own for each case, removed when dropped.
struct DefinitionsFile(PathBuf);

impl DefinitionsFile {
    fn new(text: &str) -> Self {
        static NEXT: AtomicUsize = AtomicUsize::new(0);
        let path = std::env::temp_dir().join(format!(
            "cta-never-panics-{}-{}.json",
            std::process::id(),
            NEXT.fetch_add(1, Ordering::Relaxed)
        ));
        std::fs::write(&path, text).expect("the temporary directory is writable");
        DefinitionsFile(path)
    }
}

impl Drop for DefinitionsFile {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
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

    #[test]
    fn expand_approved_never_panics(input in approved_invocation()) {
        if let Ok(tokens) = input.parse::<TokenStream>() {
            let output = expand_approved(tokens).to_string();
            prop_assert!(!output.is_empty());
        }
    }

    #[test]
    fn expand_approved_never_panics_on_any_definitions(
        definitions in hostile_definitions(),
        name in prop::sample::select(NAMES),
        language in prop::sample::select(LANGUAGES),
    ) {
        let file = DefinitionsFile::new(&definitions);
        let path = file.0.to_string_lossy().into_owned();
        let tokens = quote::quote! {
            $crate; pub struct Approved = #name in #language from #path;
        };
        let output = expand_approved(tokens).to_string();
        prop_assert!(!output.is_empty());
    }
}
