//! The definitions file is the user's, or anyone's: reading it (`json::parse`) and planning a
//! template from it (`plan::plan`) never panic, whatever it holds. Random text, JSON with a
//! byte changed, random JSON, and template-shaped JSON with hostile members.

use std::fmt::Write as _;

use proptest::prelude::*;

use super::json::{self, Json};
use super::plan;

/// The members Meta's template objects have, and some they do not.
fn key() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => prop::sample::select(
            &[
                "type",
                "format",
                "text",
                "buttons",
                "url",
                "components",
                "parameter_format",
                "name",
                "language",
                "status",
                "example",
                "data",
                "cards",
            ][..]
        )
        .prop_map(str::to_owned),
        1 => any::<String>(),
    ]
}

/// A text with variables, right or wrong: `{{1}}`, `{{first_name}}`, `{{url_1}}`, keywords,
/// numbers too large for a `usize`, braces left open.
fn variable_text() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        "[a-zA-Z ,.{}é]{0,6}",
        prop::sample::select(
            &[
                "1",
                "2",
                "3",
                "0",
                "01",
                "99999999999999999999999",
                "url_0",
                "url_1",
                "header",
                "body_1",
                "type",
                "gen",
                "_",
                "__",
                "first_name",
                "x y",
                "",
                "1}}",
                "{{1",
            ][..]
        )
        .prop_map(|name| format!("{{{{{name}}}}}")),
    ];
    prop::collection::vec(piece, 0..6).prop_map(|pieces| pieces.concat())
}

/// A button's URL: a prefix, in the path, the query, the fragment or the host, then a
/// variable or not.
fn url_text() -> impl Strategy<Value = String> {
    let prefix = prop::sample::select(
        &[
            "https://a.com/x/",
            "https://a.com/?q=",
            "https://a.com/#",
            "https://",
            "https://a.com",
            "http://a.b/c",
            "ftp://a.com/",
            "javascript:",
            "",
            "https://a.com/{{1}}/",
            "https://a b.com/",
        ][..],
    );
    let suffix = prop::sample::select(&["{{1}}", "{{2}}", "", "{{1}}{{1}}", "{{name}}", "{{"][..]);
    (prefix, suffix).prop_map(|(prefix, suffix)| format!("{prefix}{suffix}"))
}

/// A string member's value: the words Meta uses, a text with variables, a URL, anything.
fn word() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => prop::sample::select(
            &[
                "HEADER",
                "BODY",
                "FOOTER",
                "BUTTONS",
                "CAROUSEL",
                "LIMITED_TIME_OFFER",
                "TEXT",
                "IMAGE",
                "VIDEO",
                "DOCUMENT",
                "LOCATION",
                "QUICK_REPLY",
                "URL",
                "PHONE_NUMBER",
                "COPY_CODE",
                "FLOW",
                "OTP",
                "NAMED",
                "POSITIONAL",
                "APPROVED",
                "header",
                "",
            ][..]
        )
        .prop_map(str::to_owned),
        2 => variable_text(),
        1 => url_text(),
        1 => any::<String>(),
    ]
}

/// Any JSON value, its strings and keys mostly those of Meta's template objects.
fn any_json() -> impl Strategy<Value = Json> {
    let leaf = prop_oneof![
        Just(Json::Null),
        any::<bool>().prop_map(Json::Bool),
        prop::sample::select(&["0", "-1", "2.5e3", "10", "1E-2"][..])
            .prop_map(|number| Json::Number(number.to_owned())),
        word().prop_map(Json::String),
    ];
    leaf.prop_recursive(6, 96, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Json::Array),
            prop::collection::vec((key(), inner), 0..6).prop_map(Json::Object),
        ]
    })
}

/// An object of `members`, each kept or left out, then some random members.
fn object(members: Vec<(&'static str, Option<Json>)>, extra: Vec<(String, Json)>) -> Json {
    Json::Object(
        members
            .into_iter()
            .filter_map(|(key, value)| value.map(|value| (key.to_owned(), value)))
            .chain(extra)
            .collect(),
    )
}

fn maybe_word() -> impl Strategy<Value = Option<Json>> {
    prop::option::weighted(0.9, word().prop_map(Json::String))
}

fn button() -> impl Strategy<Value = Json> {
    let kind = prop::sample::select(
        &[
            "QUICK_REPLY",
            "URL",
            "PHONE_NUMBER",
            "COPY_CODE",
            "FLOW",
            "OTP",
            "x",
        ][..],
    );
    (
        prop::option::weighted(0.95, kind),
        maybe_word(),
        prop::option::weighted(0.9, url_text()),
        prop::collection::vec((key(), any_json()), 0..2),
    )
        .prop_map(|(kind, text, url, extra)| {
            object(
                vec![
                    ("type", kind.map(|kind| Json::String(kind.to_owned()))),
                    ("text", text),
                    ("url", url.map(Json::String)),
                ],
                extra,
            )
        })
}

fn component() -> impl Strategy<Value = Json> {
    let kind = prop::sample::select(
        &[
            "HEADER",
            "BODY",
            "FOOTER",
            "BUTTONS",
            "CAROUSEL",
            "LIMITED_TIME_OFFER",
            "body",
            "x",
        ][..],
    );
    let format = prop::sample::select(&["TEXT", "IMAGE", "VIDEO", "DOCUMENT", "LOCATION", "x"][..]);
    (
        prop::option::weighted(0.95, kind),
        prop::option::weighted(0.8, format),
        prop::option::weighted(0.9, variable_text()),
        prop::option::weighted(
            0.8,
            prop::collection::vec(button(), 0..5).prop_map(Json::Array),
        ),
        prop::collection::vec((key(), any_json()), 0..2),
    )
        .prop_map(|(kind, format, text, buttons, extra)| {
            object(
                vec![
                    ("type", kind.map(|kind| Json::String(kind.to_owned()))),
                    (
                        "format",
                        format.map(|format| Json::String(format.to_owned())),
                    ),
                    ("text", text.map(Json::String)),
                    ("buttons", buttons),
                ],
                extra,
            )
        })
}

/// A template object: Meta's members, each there or not, with hostile values.
fn template() -> impl Strategy<Value = Json> {
    let format = prop::sample::select(&["NAMED", "POSITIONAL", "named", ""][..]);
    (
        prop::option::weighted(0.8, format),
        prop::option::weighted(
            0.95,
            prop::collection::vec(component(), 0..6).prop_map(Json::Array),
        ),
        prop::collection::vec((key(), any_json()), 0..2),
    )
        .prop_map(|(format, components, extra)| {
            object(
                vec![
                    (
                        "parameter_format",
                        format.map(|format| Json::String(format.to_owned())),
                    ),
                    ("components", components),
                ],
                extra,
            )
        })
}

/// A text of at most `most` variables, named or numbered from 1 to at most `most`.
fn fitting_text(named: bool, most: usize) -> impl Strategy<Value = String> {
    let variable_names = prop::sample::select(
        &[
            "first_name",
            "order_id",
            "day",
            "url_1",
            "header",
            "type",
            "body_1",
        ][..],
    );
    (
        prop::collection::vec(
            (
                "[a-zA-Z ,.]{0,5}",
                variable_names,
                any::<prop::sample::Index>(),
            ),
            0..=most,
        ),
        1..=most.max(1),
    )
        .prop_map(move |(pieces, count)| {
            let mut text = String::new();
            for (fixed, name, number) in pieces {
                let variable = if named {
                    name.to_owned()
                } else {
                    (number.index(count) + 1).to_string()
                };
                text.push_str(&fixed);
                text.push_str("{{");
                text.push_str(&variable);
                text.push_str("}}");
            }
            text
        })
}

/// A template Meta could have approved, mostly: variables numbered from 1 or named, as the
/// format says, a text header with one at most, URL buttons ending in `{{1}}`. Some names
/// clash (`url_1`, `header`) or are keywords (`type`), so that the plan's refusals are reached
/// too.
fn fitting_template() -> impl Strategy<Value = Json> {
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
            let mut members = vec![
                ("type".to_owned(), Json::String(kind.to_owned())),
                ("text".to_owned(), Json::String("Press".to_owned())),
            ];
            if kind == "URL" {
                let url = if variable {
                    format!("{prefix}{{{{1}}}}")
                } else {
                    prefix.to_owned()
                };
                members.push(("url".to_owned(), Json::String(url)));
            }
            Json::Object(members)
        });
    any::<bool>().prop_flat_map(move |named| {
        (
            prop::option::of(prop_oneof![
                fitting_text(named, 1).prop_map(|text| ("TEXT", Some(text))),
                prop::sample::select(&["IMAGE", "VIDEO", "DOCUMENT"][..])
                    .prop_map(|format| (format, None)),
            ]),
            fitting_text(named, 4),
            prop::collection::vec(button.clone(), 0..4),
        )
            .prop_map(move |(header, body, buttons)| {
                let string = |text: &str| Json::String(text.to_owned());
                let mut components = Vec::new();
                if let Some((format, text)) = header {
                    let mut members = vec![
                        ("type".to_owned(), string("HEADER")),
                        ("format".to_owned(), string(format)),
                    ];
                    if let Some(text) = text {
                        members.push(("text".to_owned(), Json::String(text)));
                    }
                    components.push(Json::Object(members));
                }
                components.push(Json::Object(vec![
                    ("type".to_owned(), string("BODY")),
                    ("text".to_owned(), Json::String(body)),
                ]));
                components.push(Json::Object(vec![
                    ("type".to_owned(), string("BUTTONS")),
                    ("buttons".to_owned(), Json::Array(buttons)),
                ]));
                Json::Object(vec![
                    (
                        "parameter_format".to_owned(),
                        string(if named { "NAMED" } else { "POSITIONAL" }),
                    ),
                    ("components".to_owned(), Json::Array(components)),
                ])
            })
    })
}

/// `value` as JSON text, for the parser.
fn write(value: &Json, out: &mut String) {
    let string = |text: &str, out: &mut String| {
        out.push('"');
        for c in text.chars() {
            match c {
                '"' => out.push_str("\\\""),
                '\\' => out.push_str("\\\\"),
                c if u32::from(c) < 0x20 => {
                    let _ = write!(out, "\\u{:04x}", u32::from(c));
                }
                c => out.push(c),
            }
        }
        out.push('"');
    };
    match value {
        Json::Null => out.push_str("null"),
        Json::Bool(value) => out.push_str(if *value { "true" } else { "false" }),
        Json::Number(number) => out.push_str(number),
        Json::String(text) => string(text, out),
        Json::Array(items) => {
            out.push('[');
            for (at, item) in items.iter().enumerate() {
                if at > 0 {
                    out.push_str(", ");
                }
                write(item, out);
            }
            out.push(']');
        }
        Json::Object(members) => {
            out.push('{');
            for (at, (key, item)) in members.iter().enumerate() {
                if at > 0 {
                    out.push(',');
                }
                string(key, out);
                out.push_str(": ");
                write(item, out);
            }
            out.push('}');
        }
    }
}

fn text_of(value: &Json) -> String {
    let mut out = String::new();
    write(value, &mut out);
    out
}

/// JSON text with one change: cut short, a character put in, or one taken out.
fn near_json() -> impl Strategy<Value = String> {
    (
        prop_oneof![any_json(), template()],
        any::<prop::sample::Index>(),
        any::<char>(),
        0..3_u8,
    )
        .prop_map(|(value, at, c, change)| {
            let mut text = text_of(&value);
            let boundaries: Vec<usize> = text
                .char_indices()
                .map(|(at, _)| at)
                .chain([text.len()])
                .collect();
            let at = boundaries[at.index(boundaries.len())];
            match change {
                0 => text.truncate(at),
                1 => text.insert(at, c),
                _ => {
                    if at < text.len() {
                        text.remove(at);
                    }
                }
            }
            text
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn parse_never_panics(text in any::<String>()) {
        let _ = json::parse(&text);
    }

    #[test]
    fn parse_never_panics_on_nearly_json(text in near_json()) {
        if let Err(error) = json::parse(&text) {
            prop_assert!(error.line >= 1 && error.column >= 1);
        }
    }

    /// What the parser reads back is what was written: the generators above reach deep
    /// into the parser, not only its first error.
    #[test]
    fn parse_reads_back_what_was_written(value in prop_oneof![any_json(), template()]) {
        prop_assert_eq!(json::parse(&text_of(&value)), Ok(value));
    }

    #[test]
    fn plan_never_panics(value in prop_oneof![any_json(), template(), fitting_template()]) {
        if let Err(problems) = plan::plan(&value) {
            prop_assert!(!problems.is_empty());
        }
    }

    /// Every field a plan makes can be a field of the struct: `generate` writes each with
    /// `format_ident!`, which would panic on anything else.
    #[test]
    fn planned_fields_are_identifiers(value in prop_oneof![template(), fitting_template()]) {
        if let Ok(plan) = plan::plan(&value) {
            for field in &plan.fields {
                prop_assert!(crate::parse::template::is_field_name(&field.name), "{}", field.name);
            }
        }
    }
}

/// A NAMED template whose body has `{{url_1}}` and whose button 1 is a variable URL.
fn clashing(buttons_first: bool) -> Json {
    let body = r#"{"type": "BODY", "text": "Your offer: {{url_1}}"}"#;
    let buttons = r#"{"type": "BUTTONS", "buttons": [
        {"type": "QUICK_REPLY", "text": "Stop"},
        {"type": "URL", "text": "Open", "url": "https://a.com/offer/{{1}}"}
    ]}"#;
    let (first, second) = if buttons_first {
        (buttons, body)
    } else {
        (body, buttons)
    };
    let text = format!(r#"{{"parameter_format": "NAMED", "components": [{first}, {second}]}}"#);
    json::parse(&text).expect("the test's template is JSON")
}

#[test]
fn a_variable_named_like_a_url_field_is_refused_in_either_order() {
    for buttons_first in [false, true] {
        let problems = plan::plan(&clashing(buttons_first)).expect_err("the names clash");
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert!(
            problems[0].contains("`{{url_1}}`")
                && problems[0].contains("URL button 1")
                && problems[0].contains("field `url_1`"),
            "{}",
            problems[0]
        );
    }
}

#[test]
fn a_name_in_the_header_and_the_body_is_one_field() {
    let text = r#"{"parameter_format": "NAMED", "components": [
        {"type": "HEADER", "format": "TEXT", "text": "For {{name}}"},
        {"type": "BODY", "text": "Hi {{name}}"}
    ]}"#;
    let plan = plan::plan(&json::parse(text).expect("JSON")).expect("a plan");
    assert_eq!(plan.fields.len(), 1);
}
