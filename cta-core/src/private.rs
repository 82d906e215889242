//! What the `cta_message!` expansion names, and nothing else. Not public API: it may change in
//! any release.
//!
//! The functions are `const`, so that an all-literal invocation can initialise a `const`. Every
//! literal has been checked against [`crate::rules`] while the user's code compiled, and comes
//! with the JSON the macro rendered for it. Content made only of literals comes as two
//! literals (the rendered JSON of the content, or of the whole message, and where each part is
//! in it) to [`literal_content`] or [`literal_message`]. Otherwise each part has its own
//! constructor: `*_literal` for a literal that JSON writes as it is, `*_literal_escaped` with
//! its escaped form, or the user's expression.

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

/// Reads the two literals the macro writes for a message or content made only of literals:
/// `text`, the rendered JSON followed by the texts whose JSON form differs from them, and
/// `layout`, where each part is in `text`. The layout is described where the macro writes it
/// (`literal_layout` in `cta-macros-core/src/codegen.rs`): a header kind byte, then unsigned
/// LEB128 numbers.
struct Layout {
    text: &'static str,
    bytes: &'static [u8],
    at: usize,
}

/// A text and its JSON-escaped form (without quotes).
type Part = (&'static str, &'static str);

impl Layout {
    const fn new(text: &'static str, layout: &'static [u8]) -> Self {
        // Byte 0 is the header kind, read by `content`.
        Layout {
            text,
            bytes: layout,
            at: 1,
        }
    }

    /// The next number.
    const fn number(&mut self) -> usize {
        let mut number = 0;
        let mut shift = 0;
        loop {
            let byte = self.bytes[self.at];
            self.at += 1;
            number |= ((byte & 0x7f) as usize) << shift;
            if byte < 0x80 {
                return number;
            }
            shift += 7;
        }
    }

    /// `len` bytes of the text from `start`.
    const fn slice(&self, start: usize, len: usize) -> &'static str {
        self.text.split_at(start).1.split_at(len).0
    }

    /// The JSON, and the content's JSON at its end.
    const fn json(&mut self) -> (&'static str, &'static str) {
        let content_start = self.number();
        let end = self.number();
        (
            self.slice(0, end),
            self.slice(content_start, end - content_start),
        )
    }

    /// The next part, or `None` when it is absent.
    const fn part(&mut self) -> Option<Part> {
        let start = self.number();
        if start == 0 {
            return None;
        }
        let len = self.number();
        let escaped = self.slice(start, len);
        let text_start = self.number();
        if text_start == 0 {
            Some((escaped, escaped))
        } else {
            let len = self.number();
            Some((self.slice(text_start, len), escaped))
        }
    }

    /// The next part, which the macro always writes.
    const fn required(&mut self) -> Part {
        match self.part() {
            Some(part) => part,
            None => ("", ""),
        }
    }

    /// The content, its parts read from here on, with `json`, its JSON.
    const fn content(&mut self, json: &'static str) -> CtaUrlContent {
        let source = self.part();
        let filename = self.part();
        let header = match (self.bytes[0], source) {
            (1, Some(text)) => Some(Header::Text(checked!(HeaderText, text))),
            (2, Some(link)) => Some(Header::Image(Media::Link(checked!(MediaLink, link)))),
            (3, Some(id)) => Some(Header::Image(Media::Id(checked!(MediaId, id)))),
            (4, Some(link)) => Some(Header::Video(Media::Link(checked!(MediaLink, link)))),
            (5, Some(id)) => Some(Header::Video(Media::Id(checked!(MediaId, id)))),
            (6, Some(link)) => Some(document(
                Media::Link(checked!(MediaLink, link)),
                optional!(Filename, filename),
            )),
            (7, Some(id)) => Some(document(
                Media::Id(checked!(MediaId, id)),
                optional!(Filename, filename),
            )),
            _ => None,
        };
        CtaUrlContent {
            header,
            body: checked!(BodyText, self.required()),
            button: checked!(ButtonLabel, self.required()),
            url: checked!(ButtonUrl, self.required()),
            footer: optional!(FooterText, self.part()),
            reply_to: optional!(MessageId, self.part()),
            callback_data: optional!(CallbackData, self.part()),
            json_tail: Prerendered(Some(json)),
        }
    }
}

/// The checked value of a part.
macro_rules! checked {
    ($name:ident, $part:expr) => {{
        let (text, escaped) = $part;
        $name::from_checked_literal(text, escaped)
    }};
}

/// The checked value of an optional part.
macro_rules! optional {
    ($name:ident, $part:expr) => {
        match $part {
            Some((text, escaped)) => Some($name::from_checked_literal(text, escaped)),
            None => None,
        }
    };
}

use {checked, optional};

/// Content made only of literals, from the two literals the macro wrote for it: `text`, its
/// JSON (the JSON of everything after the recipient) followed by the texts whose JSON form
/// differs from them, and `layout`, where each part is in `text`.
#[must_use]
pub const fn literal_content(text: &'static str, layout: &'static [u8]) -> CtaUrlContent {
    let mut layout = Layout::new(text, layout);
    let (json, _) = layout.json();
    layout.content(json)
}

/// A message made only of literals, from the two literals the macro wrote for it: `text`, its
/// whole request body followed by the texts whose JSON form differs from them, and `layout`,
/// where each part is in `text`. The content's JSON is the end of the body, so each text is
/// in the binary once (twice when its JSON form differs).
#[must_use]
pub const fn literal_message(text: &'static str, layout: &'static [u8]) -> CtaUrlMessage {
    let mut layout = Layout::new(text, layout);
    let (json, content_json) = layout.json();
    let to = checked!(Recipient, layout.required());
    CtaUrlMessage {
        to,
        content: layout.content(content_json),
        json: Prerendered(Some(json)),
    }
}
