//! What a `cta_message!` expansion names.

use cta_rules::Field;
use cta_rules::json::MediaKind;
use cta_rules::layout::{self, HeaderKind, Parts, Reader};

use super::seal::{Sealed, SealedAs, SealedOption, Token};
use crate::checked::{
    BodyText, ButtonLabel, ButtonUrl, CallbackData, Filename, FooterText, HeaderText, MediaId,
    MediaLink, MessageId, Prerendered, Recipient,
};
use crate::payload::Document;
pub use crate::payload::{CtaUrlContent, CtaUrlMessage, Header, Media};

/// A checked type the macro makes from a literal it has checked at compile time. Where the
/// value goes in the expansion decides the type, so the expansion names no type.
///
/// Sealed: only the checked types implement it, and its method takes a token no code outside
/// `cta-core` can name, so it can be neither implemented nor called to skip a rule.
pub trait FromLiteral: Sealed {
    /// The value, from the literal and its JSON-escaped form (without quotes).
    #[doc(hidden)]
    fn from_literal(text: &'static str, escaped: &'static str, token: Token) -> Self;
}

/// The checked types: each is the part at its slot, and is made from a literal checked at
/// compile time.
macro_rules! checked_parts {
    ($($name:ident),* $(,)?) => {
        $(
            impl Sealed for $name {}

            impl Sealed for Slot<{ layout::slot($name::FIELD) }> {}

            impl Holds for Slot<{ layout::slot($name::FIELD) }> {
                type Checked = $name;
            }

            impl FromLiteral for $name {
                fn from_literal(text: &'static str, escaped: &'static str, _: Token) -> Self {
                    $name::from_checked_literal(text, escaped)
                }
            }
        )*
    };
}

checked_parts!(
    Recipient,
    MessageId,
    HeaderText,
    MediaLink,
    MediaId,
    Filename,
    BodyText,
    ButtonLabel,
    ButtonUrl,
    FooterText,
    CallbackData,
);

/// A checked value from a literal checked at compile time, which JSON writes as it is (no
/// quote, backslash or control character in it).
#[must_use]
pub fn literal<T: FromLiteral>(text: &'static str) -> T {
    T::from_literal(text, text, Token(()))
}

/// A checked value from a literal checked at compile time, with its JSON-escaped form.
#[must_use]
pub fn literal_escaped<T: FromLiteral>(text: &'static str, escaped: &'static str) -> T {
    T::from_literal(text, escaped, Token(()))
}

/// The part of a message at `SLOT`: its position in [`Field::ALL`]. The expansion names a
/// part by its slot, so it never spells a type.
pub struct Slot<const SLOT: usize>;

/// The checked type of a part. Sealed: only the slots of [`Field::ALL`] implement it.
pub trait Holds: Sealed {
    /// The checked type.
    type Checked;
}

/// A value given to the macro as an expression, which must already be the checked type `T`.
///
/// Only `T` itself implements `Checked<T>`; the trait exists for the message it gives any
/// other type.
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a checked `{T}`",
    label = "expected a `{T}`",
    note = "a string is checked when the value is made: `{T}::new(value)?` gives a `{T}` or \
            the rule it breaks; a string literal is checked while the code compiles",
    note = "a borrowed `{T}` goes in as a copy of its own: `value.clone()`"
)]
pub trait Checked<T>: SealedAs<T> {
    /// The value, as `T`.
    fn into_checked(self) -> T;
}

impl<T> SealedAs<T> for T {}

impl<T> Checked<T> for T {
    fn into_checked(self) -> T {
        self
    }
}

/// An optional part given as an expression: a `T`, or an `Option<T>`.
#[diagnostic::on_unimplemented(
    message = "`{Self}` is neither a checked `{T}` nor an `Option<{T}>`",
    label = "expected a `{T}` or an `Option<{T}>`",
    note = "a string is checked when the value is made: `{T}::new(value)?` gives a `{T}` or \
            the rule it breaks; a string literal is checked while the code compiles",
    note = "a borrowed `{T}` goes in as a copy of its own: `value.clone()`"
)]
pub trait CheckedOption<T>: SealedOption<T> {
    /// The value, as `Option<T>`.
    fn into_checked_option(self) -> Option<T>;
}

impl<T> SealedOption<T> for T {}

impl<T> SealedOption<T> for Option<T> {}

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

/// A header given as an expression: a `Header`, or an `Option<Header>`.
#[diagnostic::on_unimplemented(
    message = "`{Self}` is neither a `Header` nor an `Option<Header>`",
    label = "expected a `Header` or an `Option<Header>`",
    note = "a header made at run time is a `Header` of checked parts, such as \
            `Header::Text(HeaderText::new(text)?)` or `Header::Image(MediaLink::new(url)?.into())`"
)]
pub trait HeaderValue: Sealed {
    /// The header, if any.
    fn into_header(self) -> Option<Header>;
}

impl Sealed for Header {}

impl Sealed for Option<Header> {}

impl HeaderValue for Header {
    fn into_header(self) -> Option<Header> {
        Some(self)
    }
}

impl HeaderValue for Option<Header> {
    fn into_header(self) -> Option<Header> {
        self
    }
}

/// The content, from parts whose types prove they are checked, in the order of
/// [`Field::ALL`](crate::rules::Field::ALL), the header standing where its parts are.
#[must_use]
pub const fn content(
    reply_to: Option<MessageId>,
    header: Option<Header>,
    body: BodyText,
    button: ButtonLabel,
    url: ButtonUrl,
    footer: Option<FooterText>,
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

/// A text header.
#[must_use]
pub const fn text_header(text: HeaderText) -> Header {
    Header::Text(text)
}

/// A media header of the kind `kind` ([`HeaderKind::byte`]); `filename` is only ever given for a
/// document.
///
/// # Panics
///
/// On a kind byte that is not a media kind: the expansion is malformed.
#[must_use]
pub const fn media_header(kind: u8, media: Media, filename: Option<Filename>) -> Header {
    let HeaderKind::Media(kind) = HeaderKind::from_byte(kind) else {
        panic!("malformed cta_message! header kind");
    };
    if let MediaKind::Document = kind {
        return Header::Document(Document { media, filename });
    }
    // Only a document has a file name: the parser never gives one to another kind.
    assert!(
        filename.is_none(),
        "malformed cta_message! header: a file name"
    );
    core::mem::forget(filename);
    match kind {
        MediaKind::Image => Header::Image(media),
        MediaKind::Video | MediaKind::Document => Header::Video(media),
    }
}

/// Media given by link.
#[must_use]
pub const fn link(link: MediaLink) -> Media {
    Media::Link(link)
}

/// Media given by an uploaded media ID.
#[must_use]
pub const fn id(id: MediaId) -> Media {
    Media::Id(id)
}

/// What the macro gives after reporting an error, so that no second error follows from a
/// missing value. It is never run: the build has already failed.
#[must_use]
pub const fn fallback_content() -> CtaUrlContent {
    content(
        None,
        None,
        BodyText::from_checked_literal("-", "-"),
        ButtonLabel::from_checked_literal("-", "-"),
        ButtonUrl::from_checked_literal("https://invalid", "https://invalid"),
        None,
        None,
    )
}

/// Like [`fallback_content`], for an invocation with a recipient.
#[must_use]
pub const fn fallback_message() -> CtaUrlMessage {
    message(
        Recipient::from_checked_literal("0000000", "0000000"),
        fallback_content(),
    )
}

/// The checked value of a part read from a layout.
macro_rules! checked {
    ($name:ident, $part:expr) => {{
        let (text, escaped) = $part;
        $name::from_checked_literal(text, escaped)
    }};
}

/// The checked value of an optional part read from a layout.
macro_rules! optional {
    ($name:ident, $part:expr) => {
        match $part {
            Some((text, escaped)) => Some($name::from_checked_literal(text, escaped)),
            None => None,
        }
    };
}

/// The content whose parts a layout gives, with `json`, its JSON.
const fn layout_content(header: HeaderKind, parts: &Parts, json: &'static str) -> CtaUrlContent {
    let (link, id) = (
        layout::get(parts, Field::MediaLink),
        layout::get(parts, Field::MediaId),
    );
    let header = match header {
        HeaderKind::None | HeaderKind::Text if link.is_some() || id.is_some() => {
            panic!("malformed cta_message! layout: media without a media header")
        }
        HeaderKind::None => None,
        HeaderKind::Text => Some(Header::Text(checked!(
            HeaderText,
            layout::required(parts, Field::HeaderText)
        ))),
        HeaderKind::Media(_) => {
            let media = match (link, id) {
                (Some(link), None) => Media::Link(checked!(MediaLink, link)),
                (None, Some(id)) => Media::Id(checked!(MediaId, id)),
                _ => panic!("malformed cta_message! layout: a media header needs a link or an ID"),
            };
            Some(media_header(
                header.byte(),
                media,
                optional!(Filename, layout::get(parts, Field::Filename)),
            ))
        }
    };
    let reply_to = layout::get(parts, Field::MessageId);
    CtaUrlContent {
        header,
        body: checked!(BodyText, layout::required(parts, Field::BodyText)),
        button: checked!(ButtonLabel, layout::required(parts, Field::ButtonLabel)),
        url: checked!(ButtonUrl, layout::required(parts, Field::ButtonUrl)),
        footer: optional!(FooterText, layout::get(parts, Field::FooterText)),
        reply_to: optional!(MessageId, reply_to),
        callback_data: optional!(CallbackData, layout::get(parts, Field::CallbackData)),
        json_tail: Prerendered(Some(after_context(json, reply_to))),
    }
}

/// The content's JSON without its `context`, which the cached tail leaves out so that a reply
/// can be addressed to another message without rendering the rest again
/// (`CtaUrlContent::with_reply_to`).
///
/// # Panics
///
/// When `json` does not hold the context of `reply_to` followed by `,"type"`: the layout is
/// malformed (a compile error where it is evaluated at compile time, in a `const` or `static`).
const fn after_context(
    json: &'static str,
    reply_to: Option<(&'static str, &'static str)>,
) -> &'static str {
    let skip = match reply_to {
        Some((_, escaped)) => cta_rules::json::context_len(escaped.len()),
        None => 0,
    };
    assert!(
        skip <= json.len() && json.is_char_boundary(skip),
        "malformed cta_message! layout: the context is longer than the JSON"
    );
    let (context, rest) = json.split_at(skip);
    assert!(
        starts_with(rest, r#","type":"interactive""#)
            && (skip == 0 || starts_with(context, cta_rules::json::CONTEXT_OPEN)),
        "malformed cta_message! layout: the JSON does not start with the context"
    );
    rest
}

/// `str::starts_with`, in a `const fn`.
const fn starts_with(text: &str, prefix: &str) -> bool {
    let (text, prefix) = (text.as_bytes(), prefix.as_bytes());
    if prefix.len() > text.len() {
        return false;
    }
    let mut index = 0;
    while index < prefix.len() {
        if text[index] != prefix[index] {
            return false;
        }
        index += 1;
    }
    true
}

/// Content made only of literals, from the two literals the macro wrote for it (described in
/// `cta_rules::layout`): its JSON (everything after the recipient) and where each part is.
///
/// # Panics
///
/// When the layout is malformed (the macro never writes one): a compile error in a `const` or
/// `static`, a panic at run time elsewhere; never a silent default.
#[must_use]
pub const fn literal_content(text: &'static str, layout: &'static [u8]) -> CtaUrlContent {
    let mut reader = Reader::new(text, layout);
    let header = reader.header();
    let (json, _) = reader.json();
    let parts = reader.parts(false);
    layout_content(header, &parts, json)
}

/// A message made only of literals, from the two literals the macro wrote for it (described in
/// `cta_rules::layout`): its whole request body and where each part is. The content's JSON is
/// the end of the body, so each text is in the binary once (twice when its JSON form differs).
///
/// # Panics
///
/// When the layout is malformed (the macro never writes one): a compile error in a `const` or
/// `static`, a panic at run time elsewhere; never a silent default.
#[must_use]
pub const fn literal_message(text: &'static str, layout: &'static [u8]) -> CtaUrlMessage {
    let mut reader = Reader::new(text, layout);
    let header = reader.header();
    let (json, content_json) = reader.json();
    let parts = reader.parts(true);
    CtaUrlMessage {
        to: checked!(Recipient, layout::required(&parts, Field::Recipient)),
        content: layout_content(header, &parts, content_json),
        json: Prerendered(Some(json)),
    }
}

/// Whether `content` still holds the JSON the macro rendered for it (for the tests that check
/// which methods keep it).
#[must_use]
pub fn content_is_prerendered(content: &CtaUrlContent) -> bool {
    content.json_tail.0.is_some()
}
