//! What the `cta_message!` expansion names, and nothing else. Not public API: it may change in
//! any release.
//!
//! The functions are `const`, so that an all-literal invocation can initialise a `const`. Every
//! literal has been checked against [`crate::rules`] while the user's code compiled, and comes
//! with the JSON the macro rendered for it. Content made only of literals comes as one
//! [`LiteralContent`] (with the rendered JSON of the content, or of the whole message) to
//! [`literal_content`] or [`literal_message`]. Otherwise each part has its own constructor:
//! `*_literal` for a literal that JSON writes as it is, `*_literal_escaped` with its escaped
//! form, or the user's expression.

pub use cta_macros::cta_message_impl;

use crate::checked::Prerendered;
pub use crate::checked::{
    BodyText, ButtonLabel, ButtonUrl, CallbackData, Filename, FooterText, HeaderText, MediaId,
    MediaLink, MessageId, Recipient,
};
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

/// A value given to the macro as an expression, which must already be the checked type `T`.
///
/// Only `T` itself implements `Checked<T>`; the trait exists for the message it gives any
/// other type.
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a checked `{T}`",
    label = "expected a `{T}`",
    note = "a string literal is checked while the code compiles; a value made at run time must \
            be checked first, as in `{T}::new(value)?`"
)]
pub trait Checked<T> {
    /// The value, as `T`.
    fn into_checked(self) -> T;
}

impl<T> Checked<T> for T {
    fn into_checked(self) -> T {
        self
    }
}

/// An optional part given as an expression: a `T`, or an `Option<T>`.
#[diagnostic::on_unimplemented(
    message = "`{Self}` is neither a checked `{T}` nor an `Option<{T}>`",
    label = "expected a `{T}` or an `Option<{T}>`",
    note = "a string literal is checked while the code compiles; a value made at run time must \
            be checked first, as in `{T}::new(value)?`"
)]
pub trait CheckedOption<T> {
    /// The value, as `Option<T>`.
    fn into_checked_option(self) -> Option<T>;
}

impl<T> CheckedOption<T> for T {
    fn into_checked_option(self) -> Option<T> {
        Some(self)
    }
}

impl<T> CheckedOption<T> for Option<T> {
    fn into_checked_option(self) -> Option<T> {
        self
    }
}

/// A required part given as an expression.
pub fn expect<T, V: Checked<T>>(value: V) -> T {
    value.into_checked()
}

/// An optional part given as an expression.
pub fn expect_optional<T, V: CheckedOption<T>>(value: V) -> Option<T> {
    value.into_checked_option()
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

/// The full message.
#[must_use]
pub const fn message(to: Recipient, content: CtaUrlContent) -> CtaUrlMessage {
    CtaUrlMessage {
        to,
        content,
        json: Prerendered(None),
    }
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

/// A string literal checked at compile time, and its JSON-escaped form (without quotes), or
/// `""` when JSON writes the text as it is. (Only an empty text escapes to `""`, and then the
/// text is its own escaped form too.)
pub struct LiteralText(pub &'static str, pub &'static str);

impl LiteralText {
    const fn escaped(&self) -> &'static str {
        if self.1.is_empty() { self.0 } else { self.1 }
    }
}

/// An optional text, as a literal. (Not an `Option`: a type without parameters is less work
/// for the compiler at each of many invocations.)
pub enum MaybeText {
    /// No text.
    Absent,
    /// The text.
    Text(LiteralText),
}

/// A header, as literals: one flat enum, so that the macro writes one constructor for it.
pub enum LiteralHeader {
    /// No header.
    Absent,
    /// A text header.
    Text(LiteralText),
    /// An image header by link.
    ImageLink(LiteralText),
    /// An image header by uploaded media ID.
    ImageId(LiteralText),
    /// A video header by link.
    VideoLink(LiteralText),
    /// A video header by uploaded media ID.
    VideoId(LiteralText),
    /// A document header by link, with its file name.
    DocumentLink(LiteralText, MaybeText),
    /// A document header by uploaded media ID, with its file name.
    DocumentId(LiteralText, MaybeText),
}

/// Content made only of literals, all checked at compile time. The macro writes it as one
/// constant expression behind a reference, which the compiler promotes to a static: a debug
/// build then emits one call per message, not one per part.
pub struct LiteralContent {
    /// The header.
    pub header: LiteralHeader,
    /// The body text.
    pub body: LiteralText,
    /// The button label.
    pub button: LiteralText,
    /// The button URL.
    pub url: LiteralText,
    /// The footer.
    pub footer: MaybeText,
    /// The WAMID replied to.
    pub reply_to: MaybeText,
    /// The callback data.
    pub callback_data: MaybeText,
}

/// A checked value from a literal, or an optional one from an optional literal.
macro_rules! from_literal {
    ($name:ident, $text:expr) => {
        $name::from_checked_literal($text.0, $text.escaped())
    };
    ($name:ident, optional $text:expr) => {
        match &$text {
            MaybeText::Text(text) => Some($name::from_checked_literal(text.0, text.escaped())),
            MaybeText::Absent => None,
        }
    };
}

const fn link(text: &LiteralText) -> Media {
    Media::Link(from_literal!(MediaLink, text))
}

const fn id(text: &LiteralText) -> Media {
    Media::Id(from_literal!(MediaId, text))
}

/// The content of `parts`, with `json`, the JSON of everything after the recipient, that the
/// macro rendered from the same literals.
#[must_use]
pub const fn literal_content(parts: &LiteralContent, json: &'static str) -> CtaUrlContent {
    let header = match &parts.header {
        LiteralHeader::Absent => None,
        LiteralHeader::Text(text) => Some(Header::Text(from_literal!(HeaderText, text))),
        LiteralHeader::ImageLink(text) => Some(Header::Image(link(text))),
        LiteralHeader::ImageId(text) => Some(Header::Image(id(text))),
        LiteralHeader::VideoLink(text) => Some(Header::Video(link(text))),
        LiteralHeader::VideoId(text) => Some(Header::Video(id(text))),
        LiteralHeader::DocumentLink(text, filename) => Some(document(
            link(text),
            from_literal!(Filename, optional filename),
        )),
        LiteralHeader::DocumentId(text, filename) => Some(document(
            id(text),
            from_literal!(Filename, optional filename),
        )),
    };
    CtaUrlContent {
        header,
        body: from_literal!(BodyText, parts.body),
        button: from_literal!(ButtonLabel, parts.button),
        url: from_literal!(ButtonUrl, parts.url),
        footer: from_literal!(FooterText, optional parts.footer),
        reply_to: from_literal!(MessageId, optional parts.reply_to),
        callback_data: from_literal!(CallbackData, optional parts.callback_data),
        json_tail: Prerendered(Some(json)),
    }
}

/// The message to `to` with the content of `parts`, with its whole request body `json` that
/// the macro rendered from the same literals. The content's own JSON is the end of it, from
/// byte `content_start` on, so the text is in the binary once.
#[must_use]
pub const fn literal_message(
    to: &LiteralText,
    parts: &LiteralContent,
    json: &'static str,
    content_start: usize,
) -> CtaUrlMessage {
    let (_, content_json) = json.split_at(content_start);
    CtaUrlMessage {
        to: from_literal!(Recipient, to),
        content: literal_content(parts, content_json),
        json: Prerendered(Some(json)),
    }
}
