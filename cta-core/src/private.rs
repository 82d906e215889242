//! What the `cta_message!` expansion names, and nothing else. Not public API: it may change in
//! any release.
//!
//! The functions are `const`, so that an all-literal invocation can initialise a `const` and
//! costs nothing at run time. The `*_literal` functions wrap literals the macro has already
//! checked against [`crate::rules`] while the user's code compiled, with the JSON the macro
//! rendered for them: a literal that needs no escape is its own escaped form (`*_literal`),
//! another comes with its escaped form (`*_literal_escaped`).

pub use cta_macros::cta_message_impl;

pub use crate::checked::{
    BodyText, ButtonLabel, ButtonUrl, CallbackData, Filename, FooterText, HeaderText, MediaId,
    MediaLink, MessageId, Recipient,
};
use crate::checked::Prerendered;
pub use crate::payload::{CtaUrlContent, CtaUrlMessage, Document, Header, Media};
pub use core::option::Option::{None, Some};

macro_rules! literal_constructors {
    ($($function:ident, $escaped_function:ident => $name:ident),* $(,)?) => {$(
        #[doc = concat!(
            "A [`", stringify!($name), "`] from a literal checked at compile time, which JSON ",
            "writes as it is (no quote, backslash or control character in it)."
        )]
        #[must_use]
        pub const fn $function(value: &'static str) -> $name {
            $name::from_checked_literal(value, value)
        }

        #[doc = concat!(
            "A [`", stringify!($name), "`] from a literal checked at compile time, with its ",
            "JSON-escaped form (without quotes)."
        )]
        #[must_use]
        pub const fn $escaped_function(value: &'static str, escaped: &'static str) -> $name {
            $name::from_checked_literal(value, escaped)
        }
    )*};
}

literal_constructors! {
    recipient_literal, recipient_literal_escaped => Recipient,
    header_text_literal, header_text_literal_escaped => HeaderText,
    body_literal, body_literal_escaped => BodyText,
    button_literal, button_literal_escaped => ButtonLabel,
    url_literal, url_literal_escaped => ButtonUrl,
    footer_literal, footer_literal_escaped => FooterText,
    media_link_literal, media_link_literal_escaped => MediaLink,
    media_id_literal, media_id_literal_escaped => MediaId,
    filename_literal, filename_literal_escaped => Filename,
    message_id_literal, message_id_literal_escaped => MessageId,
    callback_data_literal, callback_data_literal_escaped => CallbackData,
}

/// The content, from parts whose types prove they are checked.
#[must_use]
pub const fn content(
    header: Option<Header>,
    body: BodyText,
    button: ButtonLabel,
    url: ButtonUrl,
    footer: Option<FooterText>,
    reply_to: Option<MessageId>,
    callback_data: Option<CallbackData>,
) -> CtaUrlContent {
    CtaUrlContent {
        header,
        body,
        button,
        url,
        footer,
        reply_to,
        callback_data,
        json_tail: Prerendered(None),
    }
}

/// The content of an all-literal invocation, with the JSON of everything after the recipient
/// that the macro rendered from the same literals.
#[must_use]
pub const fn prerendered(mut content: CtaUrlContent, json_tail: &'static str) -> CtaUrlContent {
    content.json_tail = Prerendered(Some(json_tail));
    content
}

/// The full message.
#[must_use]
pub const fn message(to: Recipient, content: CtaUrlContent) -> CtaUrlMessage {
    CtaUrlMessage {
        to,
        content,
        json: Prerendered(None),
    }
}

/// The message of an all-literal invocation, with its whole request body that the macro
/// rendered from the same literals. The content's own JSON is the end of it, from byte
/// `content_start` on, so the text is in the binary once.
#[must_use]
pub const fn prerendered_message(
    mut message: CtaUrlMessage,
    json: &'static str,
    content_start: usize,
) -> CtaUrlMessage {
    let (_, content_json) = json.split_at(content_start);
    message.content.json_tail = Prerendered(Some(content_json));
    message.json = Prerendered(Some(json));
    message
}

/// A document header.
#[must_use]
pub const fn document(media: Media, filename: Option<Filename>) -> Header {
    Header::Document(Document { media, filename })
}

/// What the macro gives after reporting an error, so that no second error follows from a
/// missing value. It is never run: the build has already failed.
#[must_use]
pub const fn fallback_content() -> CtaUrlContent {
    content(
        None,
        body_literal("-"),
        button_literal("-"),
        url_literal("https://invalid"),
        None,
        None,
        None,
    )
}

/// Like [`fallback_content`], for an invocation with a recipient.
#[must_use]
pub const fn fallback_message() -> CtaUrlMessage {
    message(recipient_literal("0000000"), fallback_content())
}
