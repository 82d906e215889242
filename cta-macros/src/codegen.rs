//! Writes the expression: calls to `cta-core`'s `__private` constructors, all `const fn`, so an
//! all-literal message can initialise a `const` and allocates nothing.

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use crate::parse::{HeaderSpec, Invocation, MediaKind, MediaSource, Value};

/// The expression for a parsed invocation. Every required part must be present: the caller
/// only calls this when parsing found no error.
pub(crate) fn message(invocation: &Invocation) -> Option<TokenStream> {
    let krate = &invocation.krate;
    let private = quote!(#krate::__private);
    let header = if let Some(header) = &invocation.header {
        let header = self::header(&private, header);
        quote!(#private::Some(#header))
    } else {
        quote!(#private::None)
    };
    let body = value(&private, "body_literal", invocation.body.as_ref()?);
    let button = value(&private, "button_literal", invocation.button.as_ref()?);
    let url = value(&private, "url_literal", invocation.url.as_ref()?);
    let footer = optional(&private, "footer_literal", invocation.footer.as_ref());
    let reply_to = optional(&private, "message_id_literal", invocation.reply_to.as_ref());
    let callback_data = optional(
        &private,
        "callback_data_literal",
        invocation.callback_data.as_ref(),
    );
    let content = quote! {
        #private::content(#header, #body, #button, #url, #footer, #reply_to, #callback_data)
    };
    Some(match &invocation.to {
        Some(to) => {
            let to = value(&private, "recipient_literal", to);
            quote!(#private::message(#to, #content))
        }
        None if invocation.has_recipient => return None,
        None => content,
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

fn value(private: &TokenStream, literal_constructor: &str, value: &Value) -> TokenStream {
    match value {
        Value::Literal(text, span) => {
            let constructor = proc_macro2::Ident::new(literal_constructor, *span);
            let mut literal = Literal::string(text);
            literal.set_span(*span);
            quote!(#private::#constructor(#literal))
        }
        Value::Expr(expr) => expr.clone(),
    }
}

fn optional(
    private: &TokenStream,
    literal_constructor: &str,
    value: Option<&Value>,
) -> TokenStream {
    if let Some(value) = value {
        let value = self::value(private, literal_constructor, value);
        quote!(#private::Some(#value))
    } else {
        quote!(#private::None)
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
        HeaderSpec::Expr(expr) => expr.clone(),
    }
}
