//! Writes the expression: calls to `cta-core`'s `__private` constructors, all `const fn`, so an
//! all-literal message can initialise a `const` and allocates nothing.
//!
//! Each literal goes in with its JSON-escaped form, and content made only of literals with the
//! JSON of everything after the recipient, rendered here by the shared [`json`](cta_rules::json)
//! code: writing the request body then only copies them.
//!
//! Content made only of literals, the common case, is written as one call with two literals:
//! a string holding the rendered JSON (and any text whose JSON form differs from it), and a
//! byte string saying where each part is in it ([`literal_layout`]). The expansion is kept
//! that small because every token and every expression of it costs build time at each
//! invocation (`BENCHMARKS.md` has the figures).

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use crate::parse::{HeaderSpec, Invocation, MediaKind, MediaSource, Value};
use cta_rules::json::{self, ContentParts, HeaderParts, Piece};

/// The expression for a parsed invocation. Every required part must be present: the caller
/// only calls this when parsing found no error.
pub(crate) fn message(invocation: &Invocation) -> Option<TokenStream> {
    let krate = &invocation.krate;
    let private = quote!(#krate::__private);
    Some(match &invocation.to {
        Some(to_value) => {
            let literal_message =
                literal(to_value).and_then(|to_text| literal_layout(Some(to_text), invocation));
            if let Some((text, layout)) = literal_message {
                quote!(#private::literal_message(#text, #layout))
            } else if let Some((text, layout)) = literal_layout(None, invocation) {
                let to = value(&private, "recipient_literal", to_value);
                quote!(#private::message(#to, #private::literal_content(#text, #layout)))
            } else {
                let to = value(&private, "recipient_literal", to_value);
                let content = mixed_content(&private, invocation)?;
                quote!(#private::message(#to, #content))
            }
        }
        None if invocation.has_recipient => return None,
        None => {
            if let Some((text, layout)) = literal_layout(None, invocation) {
                quote!(#private::literal_content(#text, #layout))
            } else {
                mixed_content(&private, invocation)?
            }
        }
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

/// What the macro gives after an error: a value of the right type, so no error follows from it.
pub(crate) fn fallback(invocation: &Invocation) -> TokenStream {
    let krate = &invocation.krate;
    if invocation.has_recipient {
        quote!(#krate::__private::fallback_message())
    } else {
        quote!(#krate::__private::fallback_content())
    }
}

/// Where each text goes in a layout: its slot. The layout lists the slots in this order.
#[derive(Clone, Copy)]
enum Slot {
    To,
    Header,
    Filename,
    Body,
    Button,
    Url,
    Footer,
    ReplyTo,
    CallbackData,
}

/// For a message (`to` given) or content (`to` of `None`) made only of literals, the two
/// literals `cta_core::__private::literal_message` and `literal_content` take: one string
/// holding the rendered JSON followed by the texts whose JSON form differs from them, and a
/// byte string saying where each part is in it. `None` when any part is an expression.
///
/// The layout is: the header kind (one byte: 0 none, 1 text, 2 image link, 3 image ID, 4
/// video link, 5 video ID, 6 document link, 7 document ID), then numbers (unsigned LEB128):
/// where the content's JSON starts and where the JSON ends, then for each slot in order
/// (without `to` for content): 0 when absent, else the start and length of its escaped form,
/// then 0 when the text is its escaped form, else the start and length of the text. No slot
/// starts at 0, where the JSON's first byte is.
///
/// Two literals, rather than one constructor per part, because every token and every
/// expression of the expansion costs build time at each invocation (`BENCHMARKS.md`).
fn literal_layout(to: Option<&str>, invocation: &Invocation) -> Option<(Literal, Literal)> {
    let (header_kind, header) = match &invocation.header {
        None => (0, None),
        Some(HeaderSpec::Text(text)) => (1, Some(HeaderParts::Text(tagged(Slot::Header, text)?))),
        Some(HeaderSpec::Media {
            kind,
            source,
            filename,
        }) => {
            let (by_id, source) = match source {
                MediaSource::Link(link) => (false, tagged(Slot::Header, link)?),
                MediaSource::Id(id) => (true, tagged(Slot::Header, id)?),
            };
            let (kind_byte, kind) = match kind {
                MediaKind::Image => (2, json::MediaKind::Image),
                MediaKind::Video => (4, json::MediaKind::Video),
                MediaKind::Document => (6, json::MediaKind::Document),
            };
            let header = HeaderParts::Media {
                kind,
                by_id,
                source,
                filename: optional_tagged(Slot::Filename, filename.as_ref())?,
            };
            (kind_byte + u8::from(by_id), Some(header))
        }
        Some(HeaderSpec::Expr(_)) => return None,
    };
    let parts = ContentParts {
        reply_to: optional_tagged(Slot::ReplyTo, invocation.reply_to.as_ref())?,
        header,
        body: tagged(Slot::Body, invocation.body.as_ref()?)?,
        button: tagged(Slot::Button, invocation.button.as_ref()?)?,
        url: tagged(Slot::Url, invocation.url.as_ref()?)?,
        footer: optional_tagged(Slot::Footer, invocation.footer.as_ref())?,
        callback_data: optional_tagged(Slot::CallbackData, invocation.callback_data.as_ref())?,
    };

    // The JSON, as `json::render_message` and `json::render_content` write it, noting where
    // each value's escaped form is.
    let mut out = Vec::new();
    let mut found: [Option<(&str, usize, usize)>; 9] = [None; 9];
    if let Some(to) = to {
        out.extend_from_slice(json::MESSAGE_HEAD.as_bytes());
        write_value(&mut out, &mut found, (Slot::To, to));
    }
    let content_start = out.len();
    json::content_pieces(&parts, |piece| match piece {
        Piece::Raw(raw) => out.extend_from_slice(raw.as_bytes()),
        Piece::Value(value) => write_value(&mut out, &mut found, value),
    });

    let mut layout = vec![header_kind];
    push_number(&mut layout, content_start);
    push_number(&mut layout, out.len());
    let first = if to.is_some() { Slot::To } else { Slot::Header };
    for found in &found[first as usize..] {
        let Some((text, start, len)) = *found else {
            push_number(&mut layout, 0);
            continue;
        };
        push_number(&mut layout, start);
        push_number(&mut layout, len);
        if &out[start..start + len] == text.as_bytes() {
            push_number(&mut layout, 0);
        } else {
            push_number(&mut layout, out.len());
            push_number(&mut layout, text.len());
            out.extend_from_slice(text.as_bytes());
        }
    }
    // Raw pieces are text and escaped values stay UTF-8, so this never fails.
    let text = String::from_utf8(out).ok()?;
    Some((Literal::string(&text), Literal::byte_string(&layout)))
}

/// A literal value with its slot; `None` for an expression.
fn tagged(slot: Slot, value: &Value) -> Option<(Slot, &str)> {
    literal(value).map(|text| (slot, text))
}

/// `Some(None)` when absent, `Some(Some(…))` for a literal, `None` for an expression.
#[allow(clippy::option_option)] // The three states are exactly what the caller needs.
fn optional_tagged(slot: Slot, value: Option<&Value>) -> Option<Option<(Slot, &str)>> {
    match value {
        None => Some(None),
        Some(value) => tagged(slot, value).map(Some),
    }
}

/// Writes `text` as a JSON string, noting in its slot of `found` where its escaped form is.
fn write_value<'a>(
    out: &mut Vec<u8>,
    found: &mut [Option<(&'a str, usize, usize)>; 9],
    (slot, text): (Slot, &'a str),
) {
    out.push(b'"');
    let start = out.len();
    json::write_escaped(text, out);
    found[slot as usize] = Some((text, start, out.len() - start));
    out.push(b'"');
}

/// Appends `number` as unsigned LEB128: seven bits a byte, low bits first, the high bit set
/// on every byte but the last.
fn push_number(layout: &mut Vec<u8>, mut number: usize) {
    loop {
        // Truncation is the point: the low seven bits.
        #[allow(clippy::cast_possible_truncation)]
        let low = (number & 0x7f) as u8;
        number >>= 7;
        if number == 0 {
            layout.push(low);
            return;
        }
        layout.push(low | 0x80);
    }
}

/// The text of a literal value; `None` for an expression.
fn literal(value: &Value) -> Option<&str> {
    match value {
        Value::Literal(text, _) => Some(text),
        Value::Expr(_) => None,
    }
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
