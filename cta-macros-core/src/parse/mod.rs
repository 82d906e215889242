//! Reads the macro's input: `$crate; key: value, ...`.
//!
//! The parser never stops at the first problem: each `key: value` pair is read on its own, so
//! that one build reports every mistake of an invocation. Literals are checked against the
//! shared [`rules`](cta_rules) as they are read.

mod header;
pub(crate) mod template;
mod value;

use proc_macro2::{Delimiter, Ident, Span, TokenStream, TokenTree};

use crate::suggest;
use cta_rules::Field;

pub(crate) use header::HeaderSpec;
pub(crate) use value::Value;

/// A parsed invocation. A part is absent when it was not written or was invalid; the errors
/// say which.
pub(crate) struct Invocation {
    /// The path to `cta-core`, as `cta_core::cta_message!` passed it: `$crate`.
    pub(crate) krate: TokenStream,
    /// Whether `to` was written, even with a bad value: it decides the type of the result.
    pub(crate) has_recipient: bool,
    /// The parts given under a key of their own, each with its field.
    pub(crate) parts: Vec<(Field, Value)>,
    pub(crate) header: Option<HeaderSpec>,
    /// Whether this is a `cta_template!`, whose literals may hold placeholders.
    pub(crate) in_template: bool,
    /// The fields in the order they were written, for the placeholders' order.
    pub(crate) order: Vec<Field>,
}

impl Invocation {
    /// The value of a part given under its own key.
    pub(crate) fn part(&self, field: Field) -> Option<&Value> {
        self.parts
            .iter()
            .find(|(found, _)| *found == field)
            .map(|(_, value)| value)
    }
}

/// Every error of one invocation, joined into one `syn::Error`.
#[derive(Default)]
pub(crate) struct Errors {
    joined: Option<syn::Error>,
    /// Whether rustc has reported a problem of the input itself (a string literal with an
    /// unknown escape), which the macro does not report again.
    reported_by_rustc: bool,
    /// Every well-formed placeholder read, even in a literal with errors, in order: the struct
    /// that stands in after an error has them all as fields, so that its uses raise no error.
    placeholders: Vec<String>,
}

impl Errors {
    /// Notes a problem rustc has already reported: the build fails without a second error.
    pub(crate) fn reported_by_rustc(&mut self) {
        self.reported_by_rustc = true;
    }

    /// Notes a well-formed placeholder.
    pub(crate) fn placeholder(&mut self, name: &str) {
        if !self.placeholders.iter().any(|known| known == name) {
            self.placeholders.push(name.to_owned());
        }
    }

    /// The placeholders noted, in order.
    pub(crate) fn placeholders(&self) -> &[String] {
        &self.placeholders
    }

    /// Whether [`reported_by_rustc`](Self::reported_by_rustc) was called.
    pub(crate) fn has_rustc_error(&self) -> bool {
        self.reported_by_rustc
    }

    pub(crate) fn push(&mut self, span: Span, message: impl std::fmt::Display) {
        let error = syn::Error::new(span, message);
        match &mut self.joined {
            Some(errors) => errors.combine(error),
            None => self.joined = Some(error),
        }
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.joined.is_none()
    }

    pub(crate) fn into_error(self) -> Option<syn::Error> {
        self.joined
    }
}

/// A key of the macro: `header`, or a part under a key of its own. The keys come from the one
/// table of parts, [`Field`].
#[derive(Clone, Copy, PartialEq, Eq)]
enum Key {
    Header,
    Part(Field),
}

const HEADER: &str = "header";

impl Key {
    /// Every key, in the order of the JSON payload.
    fn all() -> impl Iterator<Item = Key> {
        let first_in_header = Field::ALL.iter().position(|field| field.in_header());
        Field::ALL
            .iter()
            .enumerate()
            .filter_map(move |(index, field)| {
                if Some(index) == first_in_header {
                    Some(Key::Header)
                } else if field.in_header() {
                    None
                } else {
                    Some(Key::Part(*field))
                }
            })
    }

    fn named(name: &str) -> Option<Key> {
        Key::all().find(|key| key.name() == name)
    }

    fn name(self) -> &'static str {
        match self {
            Key::Header => HEADER,
            Key::Part(field) => field.key(),
        }
    }
}

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
        ] if is_single_colon(punct, rest.first()) => Some((name, colon, rest)),
        _ => None,
    }
}

/// Whether `punct` is a `:` on its own, not the first half of `::`. A `:` right before `,`
/// (as in `body:,`) is joint to it, so the spacing alone does not tell.
fn is_single_colon(punct: &proc_macro2::Punct, next: Option<&TokenTree>) -> bool {
    punct.as_char() == ':'
        && !matches!(next, Some(TokenTree::Punct(next)) if next.as_char() == ':'
            && punct.spacing() == proc_macro2::Spacing::Joint)
}

/// Where a `key:` of this macro starts inside `tokens`, after the first token: a pair written
/// without the `,` before it.
fn next_pair(tokens: &[TokenTree]) -> Option<usize> {
    (1..tokens.len()).find(|&index| {
        let after_colon = tokens.get(index - 1).is_some_and(
            |before| matches!(before, TokenTree::Punct(punct) if punct.as_char() == ':'),
        );
        !after_colon
            && named(&tokens[index..])
                .is_some_and(|(name, _, _)| Key::named(&name.to_string()).is_some())
    })
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
        let (krate, body) = split_krate(input, "cta_message", errors);
        Invocation::parse_pairs(krate, body, false, errors)
    }

    /// Reads the `key: value` pairs of `body`; `in_template` for `cta_template!`.
    pub(crate) fn parse_pairs(
        krate: TokenStream,
        body: Vec<TokenTree>,
        in_template: bool,
        errors: &mut Errors,
    ) -> Invocation {
        let mut invocation = Invocation {
            krate,
            has_recipient: false,
            parts: Vec::new(),
            header: None,
            in_template,
            order: Vec::new(),
        };
        // Keys written, and keys a misspelling was taken for: a misspelled `buton` already has
        // its error, so no second one says `button` is missing.
        let mut seen = Seen::default();
        for segment in split(body.into_iter().collect(), ',') {
            invocation.entry(
                &segment.tokens,
                segment.separator.as_ref(),
                &mut seen,
                errors,
            );
        }
        for field in Field::ALL.iter().filter(|field| field.required()) {
            let key = Key::Part(*field);
            if !seen.written.contains(&key) && !seen.taken_for.contains(&key) {
                let limit = field
                    .max_chars()
                    .map(|max| format!(", at most {max} characters"))
                    .unwrap_or_default();
                errors.push(
                    Span::call_site(),
                    format!(
                        "missing key `{}`: the {field} (`{}`) is required{limit}",
                        field.key(),
                        field.json_path()
                    ),
                );
            }
        }
        invocation
    }

    /// Reads one `key: value` pair from `tokens`, which `separator` ended.
    fn entry(
        &mut self,
        tokens: &[TokenTree],
        separator: Option<&TokenTree>,
        seen: &mut Seen,
        errors: &mut Errors,
    ) {
        let Some(first) = tokens.first() else {
            let span = separator.map_or_else(Span::call_site, TokenTree::span);
            errors.push(span, "expected `key: value` before this `,`");
            return;
        };
        // A pair written without the `,` before it: one error at the key, then both pairs.
        if let Some(index) = next_pair(tokens) {
            let key = &tokens[index];
            errors.push(
                key.span(),
                format!("expected `,` before `{key}`: write a `,` between `key: value` pairs"),
            );
            self.entry(&tokens[..index], None, seen, errors);
            self.entry(&tokens[index..], separator, seen, errors);
            return;
        }
        // A known key alone (`footer` before `}` or `,`) lacks both its `:` and its value: one
        // mistake, reported once below as a missing value.
        let lone_key = match tokens {
            [TokenTree::Ident(key)] => {
                Some(key.to_string()).filter(|name| Key::named(name).is_some())
            }
            _ => None,
        };
        let (key_token, name, value) = match (named(tokens), lone_key) {
            (Some((key, _, value)), _) => (TokenTree::Ident(key.clone()), key.to_string(), value),
            (None, Some(name)) => (first.clone(), name, &[][..]),
            (None, None) => match self::misspelled_pair(first, tokens.get(1), errors) {
                Some((name, skip)) => (first.clone(), name, tokens.get(skip..).unwrap_or(&[])),
                None => return,
            },
        };
        let Some(key) = Key::named(&name) else {
            let names: Vec<&str> = Key::all().map(Key::name).collect();
            let best = ALIASES
                .iter()
                .find(|(alias, _)| *alias == name)
                .map(|(_, key)| *key)
                .or_else(|| suggest::closest(&name, &names));
            let hint = best
                .map(|best| format!("did you mean `{best}`? "))
                .unwrap_or_default();
            errors.push(
                key_token.span(),
                format!("unknown key `{name}`; {hint}keys are {}", key_list()),
            );
            if let Some(meant) = best.and_then(Key::named) {
                seen.taken_for.push(meant);
            }
            return;
        };
        if seen.written.contains(&key) {
            errors.push(
                key_token.span(),
                format!("duplicate key `{name}`: it is already given above"),
            );
            return;
        }
        seen.written.push(key);
        if key == Key::Part(Field::Recipient) && self.in_template {
            errors.push(
                key_token.span(),
                "a template has no `to`: the recipient is chosen when the message is sent, as in \
                 `Template { … }.render()?.to(recipient)`",
            );
            return;
        }
        if key == Key::Part(Field::Recipient) {
            self.has_recipient = true;
        }
        if value.is_empty() {
            let span = tokens.get(1).unwrap_or(&key_token).span();
            let missing = if tokens.len() == 1 {
                format!("missing `:` and value after the key `{name}`")
            } else {
                format!("missing value after `{name}:`")
            };
            errors.push(
                span,
                format!("{missing}; write `{name}: \"…\"` or remove the key"),
            );
            return;
        }
        match key {
            Key::Header => {
                self.order.push(Field::HeaderText);
                self.header = header::parse(value, self.in_template, errors);
            }
            Key::Part(field) => {
                self.order.push(field);
                if let Some(parsed) = value::parse(field, &name, value, self.in_template, errors) {
                    self.parts.push((field, parsed));
                }
            }
        }
    }
}

/// Splits `$crate; rest` into the path to `cta-core` and the rest, for the macro `name`.
pub(crate) fn split_krate(
    input: TokenStream,
    name: &str,
    errors: &mut Errors,
) -> (TokenStream, Vec<TokenTree>) {
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
                format!("`{name}_impl!` is an implementation detail; use `cta_core::{name}!`"),
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
    (krate, body)
}

/// The keys written so far, and the keys that misspelled ones were taken for.
#[derive(Default)]
struct Seen {
    written: Vec<Key>,
    taken_for: Vec<Key>,
}

/// A pair that does not start with `name:`. When it is a known key written another way
/// (`"body": …`, `body = …`, `body …`), reports how to write it and gives the key's name and
/// where its value starts, so that the value is still read and the key not also called
/// missing. Otherwise reports what was expected.
fn misspelled_pair(
    first: &TokenTree,
    second: Option<&TokenTree>,
    errors: &mut Errors,
) -> Option<(String, usize)> {
    let is_colon = |token: Option<&TokenTree>| matches!(token, Some(TokenTree::Punct(punct)) if punct.as_char() == ':');
    match first {
        TokenTree::Literal(literal) => {
            let quoted = match syn::Lit::new(literal.clone()) {
                syn::Lit::Str(text) => Some(text.value()),
                _ => None,
            };
            if let Some(name) = quoted.filter(|name| Key::named(name).is_some())
                && is_colon(second)
            {
                errors.push(
                    literal.span(),
                    format!("a key is written without quotes: `{name}: …`, not `\"{name}\": …`"),
                );
                return Some((name, 2));
            }
        }
        TokenTree::Ident(key) => {
            let name = key.to_string();
            let found = second.map_or_else(|| "nothing".to_owned(), describe);
            let span = second.map_or_else(|| key.span(), TokenTree::span);
            let known = Key::named(&name).is_some();
            let is_equals =
                matches!(second, Some(TokenTree::Punct(punct)) if punct.as_char() == '=');
            if known && is_equals {
                errors.push(
                    span,
                    format!("expected `:` after the key `{name}`, found `=`; write `{name}: …`"),
                );
                // `=>` is two puncts; both go.
                let skip = match second {
                    Some(TokenTree::Punct(punct))
                        if punct.spacing() == proc_macro2::Spacing::Joint =>
                    {
                        3
                    }
                    _ => 2,
                };
                return Some((name, skip));
            }
            errors.push(
                span,
                format!("expected `:` after the key `{name}`, found {found}; write `{name}: …`"),
            );
            return known.then_some((name, 1));
        }
        TokenTree::Group(_) | TokenTree::Punct(_) => {}
    }
    errors.push(
        first.span(),
        format!(
            "expected a key such as `body`, found {}; keys are {}",
            describe(first),
            key_list()
        ),
    );
    None
}

fn key_list() -> String {
    let names: Vec<String> = Key::all().map(|key| format!("`{}`", key.name())).collect();
    names.join(", ")
}
