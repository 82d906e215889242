//! Writes the expression: calls to `cta-core`'s `__private` functions.
//!
//! Content made only of literals, the common case, is written as one call with two literals,
//! the rendered JSON and where each part is in it (`cta_rules::layout` describes both and reads
//! them back). In a `const` or `static` it is evaluated while the user's code compiles; in a
//! `let` it is read when the code runs (about 80 ns), and allocates nothing either way. It is
//! not wrapped in a `const { … }` block: evaluating the reader at compile time costs about 1 ms
//! an invocation, five times the build cost of a plain struct literal (`BENCHMARKS.md`). The
//! expansion is kept that small because every token of it costs build time at each invocation.
//!
//! Content with an expression is one `__private::content` call whose arguments follow the one
//! table of parts, [`Field::ALL`]. No checked type is named: where a value goes decides its
//! type, so a literal is `__private::literal("…")` and an expression goes through
//! `__private::Checked`.

use cta_rules::json::{self, ContentPart, ContentParts, HeaderParts};
use cta_rules::layout::{self, GivenHeader};
use cta_rules::{Field, HeaderKind, content_parts};
use proc_macro2::{Literal, TokenStream};
use quote::{quote, quote_spanned};

use crate::parse::{HeaderSpec, Invocation, Value};

/// The expression for a parsed invocation; `None` when a required part is missing, which the
/// parser has reported.
pub(crate) fn message(invocation: &Invocation) -> Option<TokenStream> {
    let krate = &invocation.krate;
    let private = quote!(#krate::__private);
    let to = invocation.part(Field::Recipient);
    if invocation.has_recipient && to.is_none() {
        return None;
    }
    if let Some(parts) = literal_parts(invocation)? {
        match to.map(literal) {
            None => {
                let (text, layout) = encode(None, &parts);
                return Some(quote!(#private::literal_content(#text, #layout)));
            }
            Some(Some(to)) => {
                let (text, layout) = encode(Some(to), &parts);
                return Some(quote!(#private::literal_message(#text, #layout)));
            }
            Some(None) => {
                let (text, layout) = encode(None, &parts);
                let to = value(&private, Field::Recipient, to?);
                let content = quote!(#private::literal_content(#text, #layout));
                return Some(quote!(#private::message(#to, #content)));
            }
        }
    }
    let content = mixed_content(&private, invocation)?;
    Some(match to {
        Some(to) => {
            let to = value(&private, Field::Recipient, to);
            quote!(#private::message(#to, #content))
        }
        None => content,
    })
}

/// Content with at least one expression: `__private::content` with the header, then one
/// argument for each text part, in the order of [`ContentPart::ALL`].
fn mixed_content(private: &TokenStream, invocation: &Invocation) -> Option<TokenStream> {
    let mut arguments = vec![header(private, invocation.header.as_ref())];
    for part in ContentPart::ALL {
        let field = part.field();
        let value = invocation.part(field);
        arguments.push(if part.required() {
            self::value(private, field, value?)
        } else {
            optional(private, field, value)
        });
    }
    Some(quote!(#private::content(#(#arguments),*)))
}

/// What the macro gives after an error: a value of the right type, so no error follows from it.
pub(crate) fn fallback(invocation: &Invocation) -> TokenStream {
    let krate = &invocation.krate;
    if invocation.has_recipient {
        quote!(#krate::__private::fallback_message())
    } else {
        quote!(#krate::__private::fallback_content())
    }
}

/// The content's parts with their fields, when every one of them is a literal: `Some(None)`
/// when one is an expression, `None` when a required part is missing.
#[expect(
    clippy::option_option,
    reason = "missing, not all literals, and all literals are the three answers"
)]
fn literal_parts(invocation: &Invocation) -> Option<Option<ContentParts<(Field, &str)>>> {
    for part in ContentPart::ALL {
        if part.required() {
            invocation.part(part.field())?;
        }
    }
    let header = match &invocation.header {
        None => None,
        Some(HeaderSpec::Expr(_)) => return Some(None),
        Some(HeaderSpec::Parts(parts)) => {
            let Some(header) = literal_header(parts) else {
                return Some(None);
            };
            Some(header)
        }
    };
    Some(literal_text_parts(invocation, header))
}

/// A header's values with their fields, when every one of them is a literal.
fn literal_header(parts: &HeaderParts<Value>) -> Option<HeaderParts<(Field, &str)>> {
    let filename = match &parts.filename {
        None => None,
        Some(filename) => Some(tagged(Field::Filename, filename)?),
    };
    Some(HeaderParts {
        kind: parts.kind,
        by_id: parts.by_id,
        value: tagged(parts.value_field(), &parts.value)?,
        filename,
    })
}

/// A text part's literal with its field: `None` when it is an expression (or, for a required
/// part, missing).
macro_rules! literal_value {
    (required $invocation:ident $name:ident) => {
        tagged(Field::$name, $invocation.part(Field::$name)?)?
    };
    (optional $invocation:ident $name:ident) => {
        match $invocation.part(Field::$name) {
            None => None,
            Some(value) => Some(tagged(Field::$name, value)?),
        }
    };
}

/// [`literal_text_parts`], from the rows of `content_parts!`.
macro_rules! define_literal_text_parts {
    ($(
        $(#[$doc:meta])*
        $member:ident: $name:ident, $presence:ident $($with:ident)?, $group:ident $key:literal
            $({ $inner:literal })?, $what:literal;
    )*) => {
        /// The content's parts, when every text part is a literal.
        fn literal_text_parts<'a>(
            invocation: &'a Invocation,
            header: Option<HeaderParts<(Field, &'a str)>>,
        ) -> Option<ContentParts<(Field, &'a str)>> {
            Some(ContentParts {
                header,
                $($member: literal_value!($presence invocation $name),)*
            })
        }
    };
}

content_parts!(define_literal_text_parts);

/// The two literals of `cta_rules::layout` for an all-literal message or content.
fn encode(to: Option<&str>, parts: &ContentParts<(Field, &str)>) -> (Literal, Literal) {
    let (text, layout) = layout::encode(to, parts);
    (Literal::string(&text), Literal::byte_string(&layout))
}

/// A literal value with its field; `None` for an expression.
fn tagged(field: Field, value: &Value) -> Option<(Field, &str)> {
    literal(value).map(|text| (field, text))
}

/// The text of a literal value; `None` for an expression.
fn literal(value: &Value) -> Option<&str> {
    match value {
        Value::Literal(text, _) => Some(text),
        Value::Expr(_) | Value::Template(_) => None,
    }
}

/// A required part: `__private::literal("…")`, with its escaped form when JSON escapes it, or
/// the expression through `__private::Checked`, whose type error names the checked type.
fn value(private: &TokenStream, field: Field, value: &Value) -> TokenStream {
    let slot = layout::slot(field);
    match value {
        // `cta_template!` writes its own expansion; `cta_message!`'s parser reads no template.
        Value::Template(_) => quote!(::core::compile_error!(
            "cta_message!: a template in a message (this is a bug in cta-macros; please report it)"
        )),
        Value::Literal(text, span) => {
            let mut literal = Literal::string(text);
            literal.set_span(*span);
            if json::needs_no_escape(text) {
                quote!(#private::literal(#literal))
            } else {
                let escaped = Literal::string(&json::escaped(text));
                quote!(#private::literal_escaped(#literal, #escaped))
            }
        }
        Value::Expr(expr) => checked_expr(private, slot, expr, false),
    }
}

/// The user's expression for the part at `slot`, which must have its checked type (or, when
/// `optional`, be an `Option` of it). The call is spanned at the expression, so that a type
/// error underlines the expression alone, and it names the checked type through its slot, so
/// that the error says which type is expected.
pub(crate) fn checked_expr(
    private: &TokenStream,
    slot: usize,
    expr: &TokenStream,
    optional: bool,
) -> TokenStream {
    let span = first_span(expr);
    let checked = quote_spanned!(span=> <#private::Slot<#slot> as #private::Holds>::Checked);
    if optional {
        quote_spanned!(span=> #private::CheckedOption::<#checked>::into_checked_option(#expr))
    } else {
        quote_spanned!(span=> #private::Checked::<#checked>::into_checked(#expr))
    }
}

/// Where an expression starts.
pub(crate) fn first_span(expr: &TokenStream) -> proc_macro2::Span {
    expr.clone()
        .into_iter()
        .next()
        .map_or_else(proc_macro2::Span::call_site, |token| token.span())
}

/// An optional part: absent, a literal, or an expression of the checked type or an `Option`
/// of it.
fn optional(private: &TokenStream, field: Field, value: Option<&Value>) -> TokenStream {
    match value {
        None => quote!(#private::None),
        Some(Value::Expr(expr)) => checked_expr(private, layout::slot(field), expr, true),
        Some(value) => {
            let value = self::value(private, field, value);
            quote!(#private::Some(#value))
        }
    }
}

/// The header argument of `__private::content`.
fn header(private: &TokenStream, header: Option<&HeaderSpec>) -> TokenStream {
    match header {
        None => quote!(#private::None),
        Some(HeaderSpec::Expr(expr)) => {
            let span = first_span(expr);
            quote_spanned!(span=> #private::HeaderValue::into_header(#expr))
        }
        Some(HeaderSpec::Parts(parts)) => {
            let value = value(private, parts.value_field(), &parts.value);
            if parts.kind == HeaderKind::Text {
                return quote!(#private::Some(#private::text_header(#value)));
            }
            let media = if parts.by_id {
                quote!(#private::id(#value))
            } else {
                quote!(#private::link(#value))
            };
            let kind = GivenHeader::Kind(parts.kind).byte();
            let filename = optional(private, Field::Filename, parts.filename.as_ref());
            quote!(#private::Some(#private::media_header(#kind, #media, #filename)))
        }
    }
}
