//! The message itself: its header, its content and the full message with a recipient.
//!
//! [`CtaUrlMessage`] serializes to exactly the request body Meta documents, with the keys in
//! Meta's order and absent parts left out (never `null` or `{}`). Its [`Deserialize`] impl
//! checks every rule again, so a message read from JSON is as trustworthy as one built in code.
//!
//! [`Deserialize`]: serde_core::Deserialize

mod builder;
mod de;
mod ser;
mod write;

pub use builder::{BuildError, BuildProblem, ContentBuilder, MessageBuilder};

use crate::checked::{Filename, HeaderText, JsonStr, MediaId, MediaLink, Prerendered, Recipient};
use crate::rules::HeaderKind;
use cta_rules::content_parts;
use cta_rules::json::{ContentPart, ContentParts};

/// Where a media header's asset comes from: a public link, or an ID of media uploaded to Meta.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Media {
    /// `{"link": "…"}`: an `http`/`https` URL Meta fetches the asset from.
    Link(MediaLink),
    /// `{"id": "…"}`: media uploaded to Meta beforehand.
    Id(MediaId),
}

impl From<MediaLink> for Media {
    fn from(link: MediaLink) -> Self {
        Media::Link(link)
    }
}

impl From<MediaId> for Media {
    fn from(id: MediaId) -> Self {
        Media::Id(id)
    }
}

/// A document header's asset, with the file name the phone shows for it.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Document {
    /// Where the document comes from.
    pub media: Media,
    /// The file name shown to the user, if any.
    pub filename: Option<Filename>,
}

impl Document {
    /// A document without a file name.
    #[must_use]
    pub fn new(media: impl Into<Media>) -> Self {
        Document {
            media: media.into(),
            filename: None,
        }
    }

    /// Sets the file name shown to the user.
    #[must_use]
    pub fn with_filename(mut self, filename: Filename) -> Self {
        self.filename = Some(filename);
        self
    }
}

/// The optional header above the body: a text, an image, a video or a document.
///
/// ```
/// use cta_core::{Header, MediaLink};
///
/// let header = Header::Image(MediaLink::new("https://example.com/banner.png")?.into());
/// assert_eq!(
///     serde_json::to_string(&header)?,
///     r#"{"type":"image","image":{"link":"https://example.com/banner.png"}}"#
/// );
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Header {
    /// `{"type":"text","text":"…"}`.
    Text(HeaderText),
    /// `{"type":"image","image":{…}}`.
    Image(Media),
    /// `{"type":"video","video":{…}}`.
    Video(Media),
    /// `{"type":"document","document":{…}}`.
    Document(Document),
}

impl Header {
    /// What the header is.
    ///
    /// ```
    /// use cta_core::{Header, MediaId, rules::HeaderKind};
    ///
    /// let header = Header::Video(MediaId::new("1234567890")?.into());
    /// assert_eq!(header.kind(), HeaderKind::Video);
    /// # Ok::<(), cta_core::RuleError>(())
    /// ```
    #[must_use]
    pub const fn kind(&self) -> HeaderKind {
        match self {
            Header::Text(_) => HeaderKind::Text,
            Header::Image(_) => HeaderKind::Image,
            Header::Video(_) => HeaderKind::Video,
            Header::Document(_) => HeaderKind::Document,
        }
    }

    /// The media header of `kind`, with a document's file name.
    ///
    /// # Panics
    ///
    /// When `kind` is [`HeaderKind::Text`], or a file name comes with another kind than a
    /// document: every caller (the builder, `Deserialize`, the macro's expansion) refuses
    /// both before, with an error of its own.
    pub(crate) const fn of_media(
        kind: HeaderKind,
        media: Media,
        filename: Option<Filename>,
    ) -> Self {
        assert!(
            filename.is_none() || kind.takes_filename(),
            "a file name comes only with a document: its callers refuse it elsewhere"
        );
        match kind {
            HeaderKind::Document => Header::Document(Document { media, filename }),
            HeaderKind::Image | HeaderKind::Video | HeaderKind::Text => {
                // Checked above: there is no file name to drop.
                core::mem::forget(filename);
                match kind {
                    HeaderKind::Image => Header::Image(media),
                    HeaderKind::Video => Header::Video(media),
                    HeaderKind::Text | HeaderKind::Document => {
                        panic!("a text header is not made of media: its callers match it first")
                    }
                }
            }
        }
    }
}

/// `T` for a required part, `Option<T>` for an optional one.
macro_rules! presence_type {
    (required $t:ty) => { $t };
    (optional $t:ty) => { Option<$t> };
}

/// A method of a part's value: on the value of a required part, in the `Option` of an
/// optional one.
macro_rules! presence_map {
    (required $value:expr, $method:ident) => {
        $value.$method()
    };
    (optional $value:expr, $method:ident) => {
        $value.as_ref().map(|value| value.$method())
    };
}

/// A getter's return type.
macro_rules! getter_type {
    (required $t:ty) => { &$t };
    (optional $t:ty) => { Option<&$t> };
}

/// A getter's body.
macro_rules! getter_body {
    (required $value:expr) => {
        &$value
    };
    (optional $value:expr) => {
        $value.as_ref()
    };
}

/// The `with_…` setter of an optional part; nothing for a required one.
macro_rules! setter {
    ($member:ident $name:ident $what:literal required) => {};
    ($member:ident $name:ident $what:literal optional $with:ident) => {
        #[doc = concat!("Sets ", $what, ".")]
        #[doc = ""]
        #[doc = "The JSON that `cta_message!` rendered for all-literal content is kept when the"]
        #[doc = "part is written before it (a reply's `context`), and dropped otherwise."]
        #[must_use]
        pub fn $with(mut self, value: crate::checked::$name) -> Self {
            self.$member = Some(value);
            if !matches!(
                ContentPart::$name.group(),
                cta_rules::json::Group::BeforeType
            ) {
                self.json_tail = Prerendered(None);
            }
            self
        }
    };
}

/// The content: its struct, accessors and the impls `derive` would give (`derive` does not
/// take the fields' types from a macro), from the rows of `content_parts!`, after the struct's
/// docs.
macro_rules! define_content {
    ([$(#[$struct_doc:meta])*] $(
        $(#[$doc:meta])*
        $member:ident: $name:ident, $presence:ident $($with:ident)?, $group:ident $key:literal
            $({ $inner:literal })?, $what:literal;
    )*) => {
        $(#[$struct_doc])*
        pub struct CtaUrlContent {
            pub(crate) header: Option<Header>,
            $(pub(crate) $member: presence_type!($presence crate::checked::$name),)*
            /// The JSON of everything after the recipient and the parts written before
            /// `"type"` (the `context`), rendered by the macro when every part is a literal.
            /// Every method that changes a part it covers clears it; setting a part written
            /// before it keeps it.
            pub(crate) json_tail: Prerendered,
        }

        impl CtaUrlContent {
            /// The content from every part.
            #[allow(
            clippy::too_many_arguments,
            reason = "one argument a part, in the table's order; more parts, more arguments"
        )]
            pub(crate) const fn assemble(
                header: Option<Header>,
                $($member: presence_type!($presence crate::checked::$name),)*
            ) -> Self {
                CtaUrlContent {
                    header,
                    $($member,)*
                    json_tail: Prerendered(None),
                }
            }

            /// The text parts as the writer takes them; the header is left to the caller.
            #[inline]
            pub(crate) fn json_parts(&self) -> ContentParts<JsonStr<'_>> {
                ContentParts {
                    header: None,
                    $($member: presence_map!($presence self.$member, json_str),)*
                }
            }

            /// The text parts' texts, as `Serialize` takes them.
            #[inline]
            pub(crate) fn text_parts(&self) -> ContentParts<&str> {
                ContentParts {
                    header: None,
                    $($member: presence_map!($presence self.$member, as_str),)*
                }
            }

            $(
                $(#[$doc])*
                #[must_use]
                pub fn $member(&self) -> getter_type!($presence crate::checked::$name) {
                    getter_body!($presence self.$member)
                }

                setter!($member $name $what $presence $($with)?);
            )*
        }

        impl Clone for CtaUrlContent {
            fn clone(&self) -> Self {
                CtaUrlContent {
                    header: self.header.clone(),
                    $($member: self.$member.clone(),)*
                    json_tail: self.json_tail,
                }
            }
        }

        impl PartialEq for CtaUrlContent {
            fn eq(&self, other: &Self) -> bool {
                // The cached JSON only repeats the parts.
                self.header == other.header $(&& self.$member == other.$member)*
            }
        }

        impl std::hash::Hash for CtaUrlContent {
            fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
                self.header.hash(state);
                $(self.$member.hash(state);)*
            }
        }

        impl std::fmt::Debug for CtaUrlContent {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                // The cached JSON only repeats the parts.
                f.debug_struct("CtaUrlContent")
                    .field("header", &self.header)
                    $(.field(stringify!($member), &self.$member))*
                    .finish()
            }
        }

        /// The content's getters, on the message too. Not a `Deref`: that would also lend the
        /// message `CtaUrlContent::to`, and `message.to(other)` would quietly readdress it.
        impl CtaUrlMessage {
            $(
                $(#[$doc])*
                #[must_use]
                pub fn $member(&self) -> getter_type!($presence crate::checked::$name) {
                    self.content.$member()
                }
            )*
        }
    };
}

content_parts!(define_content [
    /// Everything of a CTA URL message but its recipient: what `cta_message!` gives without `to`.
    ///
    /// Write it once, as a `const` if you like, and address it to many recipients with
    /// [`to`](Self::to):
    ///
    /// ```
    /// use cta_core::{cta_message, CtaUrlContent, Recipient};
    ///
    /// const REMINDER: CtaUrlContent = cta_message! {
    ///     body: "Your table is ready.",
    ///     button: "Open menu",
    ///     url: "https://example.com/menu",
    /// };
    ///
    /// for number in ["+16505551234", "+441632960961"] {
    ///     let message = REMINDER.to(Recipient::new(number)?);
    ///     assert_eq!(message.recipient().as_str(), number);
    /// }
    /// # Ok::<(), cta_core::RuleError>(())
    /// ```
    ///
    /// Its text parts follow the one description of them, `cta_rules::content_parts!`: each has
    /// a getter, each optional one a `with_…` setter.
]);

/// The content's constructor of its required parts, from the rows of `content_parts!` sorted
/// into the parameters (the required parts) and the fields (every part, the optional ones
/// absent).
macro_rules! content_new {
    ([$($parameters:tt)*] [$($fields:tt)*]) => {
        impl CtaUrlContent {
            /// The content with its required parts and nothing else.
            #[must_use]
            pub fn new($($parameters)*) -> Self {
                CtaUrlContent {
                    header: None,
                    $($fields)*
                    json_tail: Prerendered(None),
                }
            }
        }
    };
    (
        [$($parameters:tt)*] [$($fields:tt)*]
        $(#[$doc:meta])*
        $member:ident: $name:ident, required, $group:ident $key:literal
            $({ $inner:literal })?, $what:literal;
        $($rest:tt)*
    ) => {
        content_new!([$($parameters)* $member: crate::checked::$name,] [$($fields)* $member,] $($rest)*);
    };
    (
        [$($parameters:tt)*] [$($fields:tt)*]
        $(#[$doc:meta])*
        $member:ident: $name:ident, optional $with:ident, $group:ident $key:literal
            $({ $inner:literal })?, $what:literal;
        $($rest:tt)*
    ) => {
        content_new!([$($parameters)*] [$($fields)* $member: None,] $($rest)*);
    };
}

content_parts!(content_new [] []);

impl Eq for CtaUrlContent {}

impl CtaUrlContent {
    /// A builder that takes plain strings and reports every broken rule at once.
    pub fn builder() -> ContentBuilder {
        ContentBuilder::default()
    }

    /// Sets the header.
    #[must_use]
    pub fn with_header(mut self, header: Header) -> Self {
        self.header = Some(header);
        self.json_tail = Prerendered(None);
        self
    }

    /// Addresses a copy of this content to `recipient`.
    ///
    /// Copying content made from literals copies no text: it only borrows the literals.
    #[must_use]
    pub fn to(&self, recipient: Recipient) -> CtaUrlMessage {
        self.clone().into_message(recipient)
    }

    /// Addresses this content to `recipient`, without copying it.
    #[must_use]
    pub fn into_message(self, recipient: Recipient) -> CtaUrlMessage {
        CtaUrlMessage {
            to: recipient,
            content: self,
            json: Prerendered(None),
        }
    }

    /// The header, if any.
    #[must_use]
    pub fn header(&self) -> Option<&Header> {
        self.header.as_ref()
    }
}

/// A complete CTA URL message: a recipient and the content. This is the request body.
///
/// ```
/// use cta_core::cta_message;
///
/// let message = cta_message! {
///     to: "+16505551234",
///     body: "Tap the button below to see available dates.",
///     button: "See Dates",
///     url: "https://www.luckyshrub.com",
/// };
/// let json = serde_json::to_string(&message)?;
/// assert!(json.starts_with(r#"{"messaging_product":"whatsapp","recipient_type":"individual""#));
///
/// // Reading JSON checks every rule again.
/// let back: cta_core::CtaUrlMessage = serde_json::from_str(&json)?;
/// assert_eq!(back, message);
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct CtaUrlMessage {
    pub(crate) to: Recipient,
    pub(crate) content: CtaUrlContent,
    /// The whole request body, rendered by the macro when every part is a literal. A message
    /// has no method that changes a part, so it never goes stale.
    pub(crate) json: Prerendered,
}

#[expect(
    clippy::missing_fields_in_debug,
    reason = "the cached JSON only repeats the fields shown"
)]
impl std::fmt::Debug for CtaUrlMessage {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CtaUrlMessage")
            .field("to", &self.to)
            .field("content", &self.content)
            .finish()
    }
}

impl CtaUrlMessage {
    /// A message to `recipient` with `content`.
    #[must_use]
    pub fn new(recipient: Recipient, content: CtaUrlContent) -> Self {
        content.into_message(recipient)
    }

    /// A builder that takes plain strings and reports every broken rule at once.
    pub fn builder() -> MessageBuilder {
        MessageBuilder::default()
    }

    /// The recipient (`to`).
    #[must_use]
    pub fn recipient(&self) -> &Recipient {
        &self.to
    }

    /// The content: everything but the recipient.
    #[must_use]
    pub fn content(&self) -> &CtaUrlContent {
        &self.content
    }

    /// Splits the message into its recipient and its content.
    #[must_use]
    pub fn into_parts(self) -> (Recipient, CtaUrlContent) {
        (self.to, self.content)
    }
}

impl CtaUrlMessage {
    /// The header, if any.
    #[must_use]
    pub fn header(&self) -> Option<&Header> {
        self.content.header()
    }
}

#[cfg(test)]
mod tests {
    use super::{Document, Header, Media};
    use crate::checked::{Filename, MediaId};
    use crate::rules::HeaderKind;

    fn media() -> Media {
        Media::Id(MediaId::new("1234567890").expect("digits are a media ID"))
    }

    fn filename() -> Filename {
        Filename::new("menu.pdf").expect("a valid file name")
    }

    #[test]
    fn of_media_makes_each_media_kind() {
        for kind in HeaderKind::ALL.into_iter().filter(|kind| kind.is_media()) {
            assert_eq!(Header::of_media(kind, media(), None).kind(), kind);
        }
        assert_eq!(
            Header::of_media(HeaderKind::Document, media(), Some(filename())),
            Header::Document(Document::new(media()).with_filename(filename()))
        );
    }

    #[test]
    #[should_panic(expected = "a text header is not made of media")]
    fn of_media_refuses_text() {
        let _ = Header::of_media(HeaderKind::Text, media(), None);
    }

    #[test]
    #[should_panic(expected = "a file name comes only with a document")]
    fn of_media_refuses_a_file_name_outside_a_document() {
        let _ = Header::of_media(HeaderKind::Image, media(), Some(filename()));
    }
}
