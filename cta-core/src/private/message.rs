//! What a `cta_message!` expansion names.

use cta_rules::json::{ContentPart, Group};
use cta_rules::layout::{self, GivenHeader, Parts, Reader};
use cta_rules::{Field, HeaderKind, content_parts};

use super::seal::{Sealed, SealedAs, SealedOption, Token};
use crate::checked::{ButtonUrl, Filename, HeaderText, MediaId, MediaLink, Prerendered, Recipient};
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
            impl Sealed for crate::checked::$name {}

            impl Sealed for Slot<{ layout::slot(crate::checked::$name::FIELD) }> {}

            impl Holds for Slot<{ layout::slot(crate::checked::$name::FIELD) }> {
                type Checked = crate::checked::$name;
            }

            impl FromLiteral for crate::checked::$name {
                fn from_literal(text: &'static str, escaped: &'static str, _: Token) -> Self {
                    verify_literal(crate::checked::$name::FIELD, text, escaped);
                    crate::checked::$name::from_checked_literal(text, escaped)
                }
            }
        )*
    };
}

/// [`checked_parts!`] of the text parts, from the rows of `content_parts!`.
macro_rules! checked_text_parts {
    ($(
        $(#[$doc:meta])*
        $member:ident: $name:ident, $presence:ident $($with:ident)?, $group:ident $key:literal
            $({ $inner:literal })?, $what:literal;
    )*) => {
        checked_parts!($($name),*);
    };
}

// The parts that are not text parts: the recipient and the header's.
checked_parts!(Recipient, HeaderText, MediaLink, MediaId, Filename);
content_parts!(checked_text_parts);

/// What [`literal`] and [`literal_escaped`] verify of what they are given, since any crate can
/// call them: that `escaped` is exactly the JSON escape of `text` (so the JSON cannot be
/// broken), and that `text` keeps every rule of `field`. Neither the text nor the rule it
/// breaks goes in the message: the text may be personal.
///
/// # Panics
///
/// When either does not hold: the call is not one the macro writes.
fn verify_literal(field: Field, text: &str, escaped: &str) {
    // The `const fn` check reads the usual text a word at a time, and is every rule of the
    // field but for a URL it cannot read, which `check` reads then.
    let same = std::ptr::eq(text, escaped);
    let complete = match layout::literal_verdict(field, text, escaped, same) {
        Ok(complete) => complete,
        Err(rule) => panic!("forged cta_message! literal: {rule}"),
    };
    assert!(
        complete || cta_rules::check(field, text).is_ok(),
        "forged cta_message! literal: the {field} breaks its rules (the macro passes only \
         literals it has checked)"
    );
}

/// A checked value from a literal checked at compile time, which JSON writes as it is (no
/// quote, backslash or control character in it).
///
/// # Panics
///
/// When the text breaks its field's rules or needs escaping in JSON: the macro passes only
/// literals it has checked, and this checks them again, since any crate can call it.
#[must_use]
pub fn literal<T: FromLiteral>(text: &'static str) -> T {
    T::from_literal(text, text, Token(()))
}

/// A checked value from a literal checked at compile time, with its JSON-escaped form.
///
/// # Panics
///
/// When the text breaks its field's rules, or `escaped` is not exactly its JSON escape: the
/// macro passes only literals it has checked, and this checks them again, since any crate
/// can call it.
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

/// `T` for a required part, `Option<T>` for an optional one.
macro_rules! presence_type {
    (required $t:ty) => { $t };
    (optional $t:ty) => { Option<$t> };
}

/// What stands for a part in the content given after an error.
macro_rules! fallback_value {
    (optional $name:ident) => {
        None
    };
    (required ButtonUrl) => {
        ButtonUrl::from_checked_literal("https://invalid", "https://invalid")
    };
    (required $name:ident) => {
        crate::checked::$name::from_checked_literal("-", "-")
    };
}

/// The checked value of a part read from a layout: a required one is always written.
macro_rules! layout_value {
    (required $name:ident, $parts:expr) => {
        checked!(
            crate::checked::$name,
            layout::required($parts, Field::$name)
        )
    };
    (optional $name:ident, $parts:expr) => {
        optional!(crate::checked::$name, layout::get($parts, Field::$name))
    };
}

/// The functions that take the text parts, from the rows of `content_parts!`.
macro_rules! define_private_content {
    ($(
        $(#[$doc:meta])*
        $member:ident: $name:ident, $presence:ident $($with:ident)?, $group:ident $key:literal
            $({ $inner:literal })?, $what:literal;
    )*) => {
        /// The content, from parts whose types prove they are checked: the header, then the
        /// text parts in the order of `cta_rules::content_parts!`
        /// ([`ContentPart::ALL`](cta_rules::json::ContentPart::ALL)).
        #[must_use]
        #[allow(
            clippy::too_many_arguments,
            reason = "one argument a part, in the table's order; more parts, more arguments"
        )]
        pub const fn content(
            header: Option<Header>,
            $($member: presence_type!($presence crate::checked::$name),)*
        ) -> CtaUrlContent {
            CtaUrlContent::assemble(header, $($member),*)
        }

        /// What the macro gives after reporting an error, so that no second error follows
        /// from a missing value. It is never run: the build has already failed.
        #[must_use]
        pub const fn fallback_content() -> CtaUrlContent {
            content(None, $(fallback_value!($presence $name)),*)
        }

        /// The content whose parts a layout gives, with `json`, its JSON.
        const fn layout_content(
            header: Option<HeaderKind>,
            parts: &Parts,
            json: &'static str,
        ) -> CtaUrlContent {
            let mut assembled = content(
                layout_header(header, parts),
                $(layout_value!($presence $name, parts)),*
            );
            assembled.json_tail = Prerendered(Some(after_before_type(
                json,
                before_type_len(json, parts),
            )));
            assembled
        }

        /// The length of the parts written before `"type"` at the start of a layout's JSON,
        /// written out part by part (a loop costs the literal path a third of its time).
        ///
        /// # Panics
        ///
        /// When the JSON does not hold them: the layout is malformed.
        const fn before_type_len(json: &'static str, parts: &Parts) -> usize {
            let mut skip = 0;
            $(
                if Group::$group as u8 == Group::BeforeType as u8
                    && let Some((_, escaped)) = layout::get(parts, Field::$name)
                {
                    let part = ContentPart::$name;
                    assert!(
                        skip <= json.len()
                            && json.is_char_boundary(skip)
                            && starts_with(json.split_at(skip).1, part.open()),
                        "malformed cta_message! layout: the JSON does not start with its parts"
                    );
                    skip += cta_rules::json::part_len(part, escaped.len());
                }
            )*
            skip
        }
    };
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

/// A media header of the kind `kind` (`cta_rules::layout::GivenHeader::byte`); `filename` is
/// only ever given for a document.
///
/// # Panics
///
/// On a byte that is not a media kind's, or a file name with another kind than a document:
/// the expansion is malformed.
#[must_use]
pub const fn media_header(kind: u8, media: Media, filename: Option<Filename>) -> Header {
    let GivenHeader::Kind(kind) = GivenHeader::from_byte(kind) else {
        panic!("malformed cta_message! header kind");
    };
    assert!(
        kind.is_media(),
        "malformed cta_message! header kind: text is not media"
    );
    // Only a document has a file name: the parser never gives one to another kind.
    assert!(
        filename.is_none() || kind.takes_filename(),
        "malformed cta_message! header: a file name"
    );
    Header::of_media(kind, media, filename)
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
    ($name:ty, $part:expr) => {{
        let (text, escaped) = $part;
        <$name>::from_checked_literal(text, escaped)
    }};
}

/// The checked value of an optional part read from a layout.
macro_rules! optional {
    ($name:ty, $part:expr) => {
        match $part {
            Some((text, escaped)) => Some(<$name>::from_checked_literal(text, escaped)),
            None => None,
        }
    };
}

/// The header whose parts a layout gives.
const fn layout_header(header: Option<HeaderKind>, parts: &Parts) -> Option<Header> {
    let (link, id) = (
        layout::get(parts, Field::MediaLink),
        layout::get(parts, Field::MediaId),
    );
    match header {
        None | Some(HeaderKind::Text) if link.is_some() || id.is_some() => {
            panic!("malformed cta_message! layout: media without a media header")
        }
        None => None,
        Some(HeaderKind::Text) => Some(Header::Text(checked!(
            HeaderText,
            layout::required(parts, Field::HeaderText)
        ))),
        Some(kind) => {
            let media = match (link, id) {
                (Some(link), None) => Media::Link(checked!(MediaLink, link)),
                (None, Some(id)) => Media::Id(checked!(MediaId, id)),
                _ => panic!("malformed cta_message! layout: a media header needs a link or an ID"),
            };
            let filename = optional!(Filename, layout::get(parts, Field::Filename));
            assert!(
                filename.is_none() || kind.takes_filename(),
                "malformed cta_message! layout: a file name outside a document"
            );
            Some(Header::of_media(kind, media, filename))
        }
    }
}

/// The content's JSON without the parts written before `"type"` (a reply's `context`), which
/// the cached tail leaves out so that they can be set without rendering the rest again
/// (`CtaUrlContent::with_reply_to`); `skip` is their length.
///
/// # Panics
///
/// When `json` does not go on with `,"type"` after them: the layout is malformed (a compile
/// error where it is evaluated at compile time, in a `const` or `static`).
const fn after_before_type(json: &'static str, skip: usize) -> &'static str {
    assert!(
        skip <= json.len() && json.is_char_boundary(skip),
        "malformed cta_message! layout: the parts are longer than the JSON"
    );
    let rest = json.split_at(skip).1;
    assert!(
        starts_with(rest, cta_rules::json::INTERACTIVE_OPEN),
        "malformed cta_message! layout: the JSON does not go on with `\"type\"`"
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
/// Neither is trusted: the reader verifies that the JSON is exactly what the macro writes for
/// the parts, and checks each part by its field's rules that a `const fn` checks
/// (`cta_rules::layout::check_literal`).
///
/// # Panics
///
/// When the layout is malformed or the JSON is not the macro's for its parts (the macro never
/// writes either): a compile error in a `const` or `static`, a panic at run time elsewhere;
/// never a silent default.
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
/// Verified as [`literal_content`] is.
///
/// # Panics
///
/// When the layout is malformed or the body is not the macro's for its parts (the macro never
/// writes either): a compile error in a `const` or `static`, a panic at run time elsewhere;
/// never a silent default.
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

// After `checked!` and `optional!`, which its expansion uses.
content_parts!(define_private_content);

#[cfg(test)]
mod tests {
    use super::{GivenHeader, HeaderKind, Media, MediaId, media_header};

    fn media() -> Media {
        Media::Id(MediaId::new("1234567890").expect("digits are a media ID"))
    }

    #[test]
    fn a_media_header_has_the_kind_of_its_byte() {
        for kind in HeaderKind::ALL.into_iter().filter(|kind| kind.is_media()) {
            let header = media_header(GivenHeader::Kind(kind).byte(), media(), None);
            assert_eq!(header.kind(), kind);
        }
    }

    #[test]
    #[should_panic(expected = "text is not media")]
    fn a_text_byte_is_not_a_media_header() {
        let _ = media_header(GivenHeader::Kind(HeaderKind::Text).byte(), media(), None);
    }

    #[test]
    #[should_panic(expected = "malformed cta_message! header kind")]
    fn no_header_is_not_a_media_header() {
        let _ = media_header(GivenHeader::None.byte(), media(), None);
    }
}
