//! What the `cta_message!` expansion names, and nothing else. Not public API: it may change in
//! any release.
//!
//! The functions are `const`, so that an all-literal invocation can initialise a `const` and
//! costs nothing at run time. The `*_literal` functions wrap literals the macro has already
//! checked against [`crate::rules`] while the user's code compiled.

pub use cta_macros::cta_message_impl;

pub use crate::checked::{
    BodyText, ButtonLabel, ButtonUrl, CallbackData, Filename, FooterText, HeaderText, MediaId,
    MediaLink, MessageId, Recipient,
};
pub use crate::payload::{CtaUrlContent, CtaUrlMessage, Document, Header, Media};
pub use core::option::Option::{None, Some};

macro_rules! literal_constructors {
    ($($function:ident => $name:ident),* $(,)?) => {$(
        #[doc = concat!("A [`", stringify!($name), "`] from a literal checked at compile time.")]
        #[must_use]
        pub const fn $function(value: &'static str) -> $name {
            $name::from_checked_literal(value)
        }
    )*};
}

literal_constructors! {
    recipient_literal => Recipient,
    header_text_literal => HeaderText,
    body_literal => BodyText,
    button_literal => ButtonLabel,
    url_literal => ButtonUrl,
    footer_literal => FooterText,
    media_link_literal => MediaLink,
    media_id_literal => MediaId,
    filename_literal => Filename,
    message_id_literal => MessageId,
    callback_data_literal => CallbackData,
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
    }
}

/// The full message.
#[must_use]
pub const fn message(to: Recipient, content: CtaUrlContent) -> CtaUrlMessage {
    CtaUrlMessage { to, content }
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
