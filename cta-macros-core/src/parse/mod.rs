//! Reads the macro's input: `$crate; key: value, ...`.
//!
//! The parser never stops at the first problem: each `key: value` pair is read on its own, so
//! that one build reports every mistake of an invocation. Literals are checked against the
//! shared [`rules`](cta_rules) as they are read.

mod header;
mod value;

use proc_macro2::{Delimiter, Ident, Span, TokenStream, TokenTree};

use crate::suggest;
use cta_rules::Field;

pub(crate) use header::{HeaderSpec, MediaKind, MediaSource};
pub(crate) use value::Value;

/// A parsed invocation. A part is `None` when it was absent or invalid; the errors say which.
pub(crate) struct Invocation {
    /// The path to `cta-core`, as `cta_core::cta_message!` passed it: `$crate`.
    pub(crate) krate: TokenStream,
    /// Whether `to` was written, even with a bad value: it decides the type of the result.
    pub(crate) has_recipient: bool,
    pub(crate) to: Option<Value>,
    pub(crate) header: Option<HeaderSpec>,
    pub(crate) body: Option<Value>,
    pub(crate) button: Option<Value>,
    pub(crate) url: Option<Value>,
    pub(crate) footer: Option<Value>,
    pub(crate) reply_to: Option<Value>,
    pub(crate) callback_data: Option<Value>,
}

/// Every error of one invocation, joined into one `syn::Error`.
#[derive(Default)]
pub(crate) struct Errors(Option<syn::Error>);

impl Errors {
    pub(crate) fn push(&mut self, span: Span, message: impl std::fmt::Display) {
        let error = syn::Error::new(span, message);
        match &mut self.0 {
            Some(errors) => errors.combine(error),
            None => self.0 = Some(error),
        }
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.0.is_none()
    }

    pub(crate) fn into_error(self) -> Option<syn::Error> {
        self.0
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Key {
    To,
    Header,
    Body,
    Button,
    Url,
    Footer,
    ReplyTo,
    CallbackData,
}

const KEYS: [(&str, Key); 8] = [
    ("to", Key::To),
    ("header", Key::Header),
    ("body", Key::Body),
    ("button", Key::Button),
    ("url", Key::Url),
    ("footer", Key::Footer),
    ("reply_to", Key::ReplyTo),
    ("callback_data", Key::CallbackData),
];

/// Names a user may reach for, from Meta's JSON or plain English, and the key they mean.
const ALIASES: [(&str, &str); 9] = [
    ("display_text", "button"),
    ("label", "button"),
    ("text", "body"),
    ("link", "url"),
    ("recipient", "to"),
    ("phone", "to"),
    ("context", "reply_to"),
    ("message_id", "reply_to"),
    ("biz_opaque_callback_data", "callback_data"),
];

const REQUIRED: [(Key, &str, Field); 3] = [
    (Key::Body, "body", Field::BodyText),
    (Key::Button, "button", Field::ButtonLabel),
    (Key::Url, "url", Field::ButtonUrl),
];

/// A run of tokens between two separators, and the separator that ended it.
pub(crate) struct Segment {
    pub(crate) tokens: Vec<TokenTree>,
    pub(crate) separator: Option<TokenTree>,
}

/// Splits `tokens` at each top-level `separator` punctuation. Brackets of any kind keep their
/// contents together, as token trees do.
pub(crate) fn split(tokens: TokenStream, separator: char) -> Vec<Segment> {
    let mut segments = Vec::new();
    let mut current = Vec::new();
    for token in tokens {
        match &token {
            TokenTree::Punct(punct) if punct.as_char() == separator => {
                segments.push(Segment {
                    tokens: std::mem::take(&mut current),
                    separator: Some(token),
                });
            }
            _ => current.push(token),
        }
    }
    if !current.is_empty() {
        segments.push(Segment {
            tokens: current,
            separator: None,
        });
    }
    segments
}

/// Looks through the invisible groups that `macro_rules!` puts around a `$value:expr`.
pub(crate) fn unwrap_invisible(tokens: &[TokenTree]) -> Vec<TokenTree> {
    match tokens {
        [TokenTree::Group(group)] if group.delimiter() == Delimiter::None => {
            let inner: Vec<TokenTree> = group.stream().into_iter().collect();
            unwrap_invisible(&inner)
        }
        _ => tokens.to_vec(),
    }
}

/// A `name:` at the start of `tokens` (a single `:`, not `::`), and what follows it.
pub(crate) fn named(tokens: &[TokenTree]) -> Option<(&Ident, &TokenTree, &[TokenTree])> {
    match tokens {
        [
            TokenTree::Ident(name),
            colon @ TokenTree::Punct(punct),
            rest @ ..,
        ] if punct.as_char() == ':' && punct.spacing() == proc_macro2::Spacing::Alone => {
            Some((name, colon, rest))
        }
        _ => None,
    }
}

/// Describes a token for an error message.
pub(crate) fn describe(token: &TokenTree) -> String {
    match token {
        TokenTree::Group(group) => match group.delimiter() {
            Delimiter::Parenthesis => "`(…)`".to_owned(),
            Delimiter::Brace => "`{…}`".to_owned(),
            Delimiter::Bracket => "`[…]`".to_owned(),
            Delimiter::None => "an expression".to_owned(),
        },
        other => format!("`{other}`"),
    }
}

impl Invocation {
    pub(crate) fn parse(input: TokenStream, errors: &mut Errors) -> Invocation {
        let mut segments = split(input, ';').into_iter();
        let (krate, rest) = match (segments.next(), segments.next()) {
            (Some(krate), Some(rest)) if krate.separator.is_some() => {
                (krate.tokens.into_iter().collect(), rest)
            }
            (Some(first), None) if first.separator.is_some() => (
                first.tokens.into_iter().collect(),
                Segment {
                    tokens: Vec::new(),
                    separator: None,
                },
            ),
            _ => {
                errors.push(
                    Span::call_site(),
                    "`cta_message_impl!` is an implementation detail; use `cta_core::cta_message!`",
                );
                (
                    quote::quote!(::cta_core),
                    Segment {
                        tokens: Vec::new(),
                        separator: None,
                    },
                )
            }
        };
        // A `;` inside the pairs is an error; report it and read on.
        let mut body = rest.tokens;
        if let Some(separator) = rest.separator {
            errors.push(
                separator.span(),
                "expected `,` between `key: value` pairs, found `;`",
            );
        }
        for segment in segments {
            if let Some(separator) = &segment.separator {
                errors.push(
                    separator.span(),
                    "expected `,` between `key: value` pairs, found `;`",
                );
            }
            body.extend(segment.tokens);
        }

        let mut invocation = Invocation {
            krate,
            has_recipient: false,
            to: None,
            header: None,
            body: None,
            button: None,
            url: None,
            footer: None,
            reply_to: None,
            callback_data: None,
        };
        // Keys written, and keys a misspelling was taken for: a misspelled `buton` already has
        // its error, so no second one says `button` is missing.
        let mut seen: Vec<Key> = Vec::new();
        let mut taken_for: Vec<Key> = Vec::new();
        for segment in split(body.into_iter().collect(), ',') {
            invocation.entry(&segment, &mut seen, &mut taken_for, errors);
        }
        for (key, name, field) in REQUIRED {
            if !seen.contains(&key) && !taken_for.contains(&key) {
                let limit = field
                    .max_chars()
                    .map(|max| format!(", at most {max} characters"))
                    .unwrap_or_default();
                errors.push(
                    Span::call_site(),
                    format!(
                        "missing key `{name}`: the {field} (`{}`) is required{limit}",
                        field.json_path()
                    ),
                );
            }
        }
        invocation
    }

    fn entry(
        &mut self,
        segment: &Segment,
        seen: &mut Vec<Key>,
        taken_for: &mut Vec<Key>,
        errors: &mut Errors,
    ) {
        let Some(first) = segment.tokens.first() else {
            let span = segment
                .separator
                .as_ref()
                .map_or_else(Span::call_site, TokenTree::span);
            errors.push(span, "expected `key: value` before this `,`");
            return;
        };
        let Some((key_ident, colon, value)) = named(&segment.tokens) else {
            match (first, segment.tokens.get(1)) {
                (TokenTree::Ident(key), next) => {
                    let found = next.map_or_else(|| "nothing".to_owned(), describe);
                    errors.push(
                        next.map_or_else(|| key.span(), TokenTree::span),
                        format!("expected `:` after the key `{key}`, found {found}"),
                    );
                }
                (other, _) => errors.push(
                    other.span(),
                    format!(
                        "expected a key such as `body`, found {}; keys are {}",
                        describe(other),
                        key_list()
                    ),
                ),
            }
            return;
        };
        let name = key_ident.to_string();
        let Some(&(_, key)) = KEYS.iter().find(|(known, _)| *known == name) else {
            let names: Vec<&str> = KEYS.iter().map(|(known, _)| *known).collect();
            let best = ALIASES
                .iter()
                .find(|(alias, _)| *alias == name)
                .map(|(_, key)| *key)
                .or_else(|| suggest::closest(&name, &names));
            let hint = best
                .map(|best| format!("did you mean `{best}`? "))
                .unwrap_or_default();
            errors.push(
                key_ident.span(),
                format!("unknown key `{name}`; {hint}keys are {}", key_list()),
            );
            if let Some(&(_, meant)) =
                best.and_then(|best| KEYS.iter().find(|(known, _)| *known == best))
            {
                taken_for.push(meant);
            }
            return;
        };
        if seen.contains(&key) {
            errors.push(
                key_ident.span(),
                format!("duplicate key `{name}`: it is already given above"),
            );
            return;
        }
        seen.push(key);
        if value.is_empty() {
            errors.push(colon.span(), format!("missing value after `{name}:`"));
            if key == Key::To {
                self.has_recipient = true;
            }
            return;
        }
        let field = match key {
            Key::Header => {
                self.header = header::parse(value, errors);
                return;
            }
            Key::To => {
                self.has_recipient = true;
                Field::Recipient
            }
            Key::Body => Field::BodyText,
            Key::Button => Field::ButtonLabel,
            Key::Url => Field::ButtonUrl,
            Key::Footer => Field::FooterText,
            Key::ReplyTo => Field::MessageId,
            Key::CallbackData => Field::CallbackData,
        };
        let parsed = value::parse(field, &name, value, errors);
        let slot = match key {
            Key::To => &mut self.to,
            Key::Body => &mut self.body,
            Key::Button => &mut self.button,
            Key::Url => &mut self.url,
            Key::Footer => &mut self.footer,
            Key::ReplyTo => &mut self.reply_to,
            Key::CallbackData | Key::Header => &mut self.callback_data,
        };
        *slot = parsed;
    }
}

fn key_list() -> String {
    let names: Vec<String> = KEYS.iter().map(|(name, _)| format!("`{name}`")).collect();
    names.join(", ")
}
