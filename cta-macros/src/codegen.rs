//! Writes the expression: calls to `cta-core`'s `__private` constructors, all `const fn`, so an
//! all-literal message can initialise a `const` and allocates nothing.
//!
//! Each literal goes in with its JSON-escaped form, and content made only of literals with the
//! JSON of everything after the recipient, rendered here by the shared [`json`](crate::json)
//! code: writing the request body then only copies them.
//!
//! Content made only of literals, the common case, is written as one constant struct of
//! literals (`LiteralContent`) passed by reference to one `const fn`: in a function body the
//! compiler promotes the struct to a static, so a debug build emits one call per message, not
//! one per part. The expansion is kept small because every token of it costs build time
//! (`BENCHMARKS.md` has the figures).

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use crate::json::{self, ContentParts, HeaderParts};
use crate::parse::{HeaderSpec, Invocation, MediaKind, MediaSource, Value};

/// The expression for a parsed invocation. Every required part must be present: the caller
/// only calls this when parsing found no error.
pub(crate) fn message(invocation: &Invocation) -> Option<TokenStream> {
    let krate = &invocation.krate;
    let private = quote!(#krate::__private);
    let literal_parts = literal_content(&private, invocation);
    Some(match (&invocation.to, literal_parts) {
        (Some(to_value), Some((parts, content_json))) => {
            if let Some(to_text) = literal(to_value) {
                let json = json::render_message(to_text, &content_json);
                let content_start = Literal::usize_unsuffixed(json.len() - content_json.len());
                let json = Literal::string(&json);
                let to = literal_text(&private, to_value)?;
                quote!(#private::literal_message(&#to, &#parts, #json, #content_start))
            } else {
                let to = value(&private, "recipient_literal", to_value);
                let content_json = Literal::string(&content_json);
                quote!(#private::message(#to, #private::literal_content(&#parts, #content_json)))
            }
        }
        (Some(to_value), None) => {
            let to = value(&private, "recipient_literal", to_value);
            let content = mixed_content(&private, invocation)?;
            quote!(#private::message(#to, #content))
        }
        (None, _) if invocation.has_recipient => return None,
        (None, Some((parts, content_json))) => {
            let content_json = Literal::string(&content_json);
            quote!(#private::literal_content(&#parts, #content_json))
        }
        (None, None) => mixed_content(&private, invocation)?,
    })
}

/// Content with at least one expression: each part made by its own constructor.
fn mixed_content(private: &TokenStream, invocation: &Invocation) -> Option<TokenStream> {
    let header = match &invocation.header {
        Some(HeaderSpec::Expr(expr)) => expect(private, "expect_optional", "Header", expr),
        Some(header) => {
            let header = self::header(private, header);
            quote!(#private::Some(#header))
        }
        None => quote!(#private::None),
    };
    let body = value(private, "body_literal", invocation.body.as_ref()?);
    let button = value(private, "button_literal", invocation.button.as_ref()?);
    let url = value(private, "url_literal", invocation.url.as_ref()?);
    let footer = optional(private, "footer_literal", invocation.footer.as_ref());
    let reply_to = optional(private, "message_id_literal", invocation.reply_to.as_ref());
    let callback_data = optional(
        private,
        "callback_data_literal",
        invocation.callback_data.as_ref(),
    );
    Some(quote! {
        #private::content(#header, #body, #button, #url, #footer, #reply_to, #callback_data)
    })
}

/// For content made only of literals: a `LiteralContent` struct expression, and the JSON of
/// everything after the recipient. `None` when any part is an expression.
fn literal_content(
    private: &TokenStream,
    invocation: &Invocation,
) -> Option<(TokenStream, String)> {
    let content_json = rendered_content(invocation)?;
    let text = |value: &Value| literal_text(private, value);
    let optional_text = |value: Option<&Value>| match value {
        Some(value) => text(value).map(|text| quote!(#private::MaybeText::Text(#text))),
        None => Some(quote!(#private::MaybeText::Absent)),
    };
    let header = match &invocation.header {
        None => quote!(#private::LiteralHeader::Absent),
        Some(HeaderSpec::Text(value)) => {
            let value = text(value)?;
            quote!(#private::LiteralHeader::Text(#value))
        }
        Some(HeaderSpec::Media {
            kind,
            source,
            filename,
        }) => {
            let (by_id, source) = match source {
                MediaSource::Link(link) => (false, text(link)?),
                MediaSource::Id(id) => (true, text(id)?),
            };
            match (kind, by_id) {
                (MediaKind::Image, false) => quote!(#private::LiteralHeader::ImageLink(#source)),
                (MediaKind::Image, true) => quote!(#private::LiteralHeader::ImageId(#source)),
                (MediaKind::Video, false) => quote!(#private::LiteralHeader::VideoLink(#source)),
                (MediaKind::Video, true) => quote!(#private::LiteralHeader::VideoId(#source)),
                (MediaKind::Document, by_id) => {
                    let filename = optional_text(filename.as_ref())?;
                    if by_id {
                        quote!(#private::LiteralHeader::DocumentId(#source, #filename))
                    } else {
                        quote!(#private::LiteralHeader::DocumentLink(#source, #filename))
                    }
                }
            }
        }
        Some(HeaderSpec::Expr(_)) => return None,
    };
    let body = text(invocation.body.as_ref()?)?;
    let button = text(invocation.button.as_ref()?)?;
    let url = text(invocation.url.as_ref()?)?;
    let footer = optional_text(invocation.footer.as_ref())?;
    let reply_to = optional_text(invocation.reply_to.as_ref())?;
    let callback_data = optional_text(invocation.callback_data.as_ref())?;
    let parts = quote! {
        #private::LiteralContent {
            header: #header,
            body: #body,
            button: #button,
            url: #url,
            footer: #footer,
            reply_to: #reply_to,
            callback_data: #callback_data,
        }
    };
    Some((parts, content_json))
}

/// `LiteralText("…", "")` for a literal JSON writes as it is, `LiteralText("…", "escaped")`
/// for another; `None` for an expression.
fn literal_text(private: &TokenStream, value: &Value) -> Option<TokenStream> {
    let Value::Literal(text, span) = value else {
        return None;
    };
    let mut literal = Literal::string(text);
    literal.set_span(*span);
    let escaped = if json::needs_no_escape(text) {
        String::new()
    } else {
        json::escaped(text)
    };
    let escaped = Literal::string(&escaped);
    Some(quote!(#private::LiteralText(#literal, #escaped)))
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

/// The JSON after the recipient when every part of the content is a literal, else `None`.
fn rendered_content(invocation: &Invocation) -> Option<String> {
    let header = match &invocation.header {
        None => None,
        Some(HeaderSpec::Text(text)) => Some(HeaderParts::Text(literal(text)?)),
        Some(HeaderSpec::Media {
            kind,
            source,
            filename,
        }) => {
            let (by_id, source) = match source {
                MediaSource::Link(link) => (false, literal(link)?),
                MediaSource::Id(id) => (true, literal(id)?),
            };
            Some(HeaderParts::Media {
                kind: match kind {
                    MediaKind::Image => json::MediaKind::Image,
                    MediaKind::Video => json::MediaKind::Video,
                    MediaKind::Document => json::MediaKind::Document,
                },
                by_id,
                source,
                filename: optional_literal(filename.as_ref())?,
            })
        }
        Some(HeaderSpec::Expr(_)) => return None,
    };
    let parts = ContentParts {
        reply_to: optional_literal(invocation.reply_to.as_ref())?,
        header,
        body: literal(invocation.body.as_ref()?)?,
        button: literal(invocation.button.as_ref()?)?,
        url: literal(invocation.url.as_ref()?)?,
        footer: optional_literal(invocation.footer.as_ref())?,
        callback_data: optional_literal(invocation.callback_data.as_ref())?,
    };
    Some(json::render_content(&parts))
}

/// The text of a literal value; `None` for an expression.
fn literal(value: &Value) -> Option<&str> {
    match value {
        Value::Literal(text, _) => Some(text),
        Value::Expr(_) => None,
    }
}

/// `Some(None)` when absent, `Some(Some(text))` for a literal, `None` for an expression.
#[allow(clippy::option_option)] // The three states are exactly what the caller needs.
fn optional_literal(value: Option<&Value>) -> Option<Option<&str>> {
    value.map(literal).map_or(Some(None), |text| text.map(Some))
}

fn value(private: &TokenStream, literal_constructor: &str, value: &Value) -> TokenStream {
    match value {
        Value::Literal(text, span) => {
            let mut literal = Literal::string(text);
            literal.set_span(*span);
            if json::needs_no_escape(text) {
                let constructor = proc_macro2::Ident::new(literal_constructor, *span);
                quote!(#private::#constructor(#literal))
            } else {
                let constructor =
                    proc_macro2::Ident::new(&format!("{literal_constructor}_escaped"), *span);
                let escaped = Literal::string(&json::escaped(text));
                quote!(#private::#constructor(#literal, #escaped))
            }
        }
        Value::Expr(expr) => expect(private, "expect", checked_type(literal_constructor), expr),
    }
}

/// `__private::expect::<__private::BodyText, _>(expr)`: the expression, with a type error that
/// names the checked type and how to make one.
fn expect(
    private: &TokenStream,
    function: &str,
    checked_type: &str,
    expr: &TokenStream,
) -> TokenStream {
    // Spanned on the expression, so that a type error points at it.
    let span = expr
        .clone()
        .into_iter()
        .next()
        .map_or_else(proc_macro2::Span::call_site, |token| token.span());
    let function = proc_macro2::Ident::new(function, span);
    let checked_type = proc_macro2::Ident::new(checked_type, span);
    quote::quote_spanned!(span=> #private::#function::<#private::#checked_type, _>(#expr))
}

/// The checked type a literal constructor of `__private` makes.
fn checked_type(literal_constructor: &str) -> &'static str {
    match literal_constructor {
        "recipient_literal" => "Recipient",
        "header_text_literal" => "HeaderText",
        "body_literal" => "BodyText",
        "button_literal" => "ButtonLabel",
        "url_literal" => "ButtonUrl",
        "footer_literal" => "FooterText",
        "media_link_literal" => "MediaLink",
        "media_id_literal" => "MediaId",
        "filename_literal" => "Filename",
        "message_id_literal" => "MessageId",
        _ => "CallbackData",
    }
}

fn optional(
    private: &TokenStream,
    literal_constructor: &str,
    value: Option<&Value>,
) -> TokenStream {
    match value {
        Some(Value::Expr(expr)) => expect(
            private,
            "expect_optional",
            checked_type(literal_constructor),
            expr,
        ),
        Some(value) => {
            let value = self::value(private, literal_constructor, value);
            quote!(#private::Some(#value))
        }
        None => quote!(#private::None),
    }
}

fn header(private: &TokenStream, header: &HeaderSpec) -> TokenStream {
    match header {
        HeaderSpec::Text(text) => {
            let text = value(private, "header_text_literal", text);
            quote!(#private::Header::Text(#text))
        }
        HeaderSpec::Media {
            kind,
            source,
            filename,
        } => {
            let media = match source {
                MediaSource::Link(link) => {
                    let link = value(private, "media_link_literal", link);
                    quote!(#private::Media::Link(#link))
                }
                MediaSource::Id(id) => {
                    let id = value(private, "media_id_literal", id);
                    quote!(#private::Media::Id(#id))
                }
            };
            match kind {
                MediaKind::Image => quote!(#private::Header::Image(#media)),
                MediaKind::Video => quote!(#private::Header::Video(#media)),
                MediaKind::Document => {
                    let filename = optional(private, "filename_literal", filename.as_ref());
                    quote!(#private::document(#media, #filename))
                }
            }
        }
        HeaderSpec::Expr(expr) => expect(private, "expect", "Header", expr),
    }
}
