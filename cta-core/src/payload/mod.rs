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

use crate::checked::{
    BodyText, ButtonLabel, ButtonUrl, CallbackData, Filename, FooterText, HeaderText, MediaId,
    MediaLink, MessageId, Prerendered, Recipient,
};

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
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct CtaUrlContent {
    pub(crate) header: Option<Header>,
    pub(crate) body: BodyText,
    pub(crate) button: ButtonLabel,
    pub(crate) url: ButtonUrl,
    pub(crate) footer: Option<FooterText>,
    pub(crate) reply_to: Option<MessageId>,
    pub(crate) callback_data: Option<CallbackData>,
    /// The JSON of everything after the recipient and the `context`, rendered by the macro
    /// when every part is a literal. Every method that changes a part it covers clears it;
    /// [`with_reply_to`](Self::with_reply_to) keeps it, since the context is written apart.
    pub(crate) json_tail: Prerendered,
}

#[expect(
    clippy::missing_fields_in_debug,
    reason = "the cached JSON only repeats the fields shown"
)]
impl std::fmt::Debug for CtaUrlContent {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CtaUrlContent")
            .field("header", &self.header)
            .field("body", &self.body)
            .field("button", &self.button)
            .field("url", &self.url)
            .field("footer", &self.footer)
            .field("reply_to", &self.reply_to)
            .field("callback_data", &self.callback_data)
            .finish()
    }
}

impl CtaUrlContent {
    /// The content with its three required parts and nothing else.
    #[must_use]
    pub fn new(body: BodyText, button: ButtonLabel, url: ButtonUrl) -> Self {
        CtaUrlContent {
            header: None,
            body,
            button,
            url,
            footer: None,
            reply_to: None,
            callback_data: None,
            json_tail: Prerendered(None),
        }
    }

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

    /// Sets the footer.
    #[must_use]
    pub fn with_footer(mut self, footer: FooterText) -> Self {
        self.footer = Some(footer);
        self.json_tail = Prerendered(None);
        self
    }

    /// Sends the message as a reply to the message with this WAMID (`context.message_id`).
    ///
    /// The JSON that `cta_message!` rendered for all-literal content is kept: the context
    /// is written before it, so a reply to each inbound message costs only the escaping of
    /// its WAMID. To reply to a message from a webhook, `in_reply_to` (feature `webhook`)
    /// sets both the WAMID and the recipient.
    #[must_use]
    pub fn with_reply_to(mut self, message_id: MessageId) -> Self {
        self.reply_to = Some(message_id);
        self
    }

    /// Sets `biz_opaque_callback_data`, echoed back in status webhooks.
    #[must_use]
    pub fn with_callback_data(mut self, data: CallbackData) -> Self {
        self.callback_data = Some(data);
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

    /// The body text.
    #[must_use]
    pub fn body(&self) -> &BodyText {
        &self.body
    }

    /// The button label (`display_text`).
    #[must_use]
    pub fn button(&self) -> &ButtonLabel {
        &self.button
    }

    /// The URL the button opens.
    #[must_use]
    pub fn url(&self) -> &ButtonUrl {
        &self.url
    }

    /// The footer text, if any.
    #[must_use]
    pub fn footer(&self) -> Option<&FooterText> {
        self.footer.as_ref()
    }

    /// The WAMID this message replies to, if any.
    #[must_use]
    pub fn reply_to(&self) -> Option<&MessageId> {
        self.reply_to.as_ref()
    }

    /// The `biz_opaque_callback_data`, if any.
    #[must_use]
    pub fn callback_data(&self) -> Option<&CallbackData> {
        self.callback_data.as_ref()
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

/// The content's getters, on the message too. Not a `Deref`: that would also lend the message
/// `CtaUrlContent::to`, and `message.to(other)` would quietly readdress it.
macro_rules! forward_to_content {
    ($($(#[$doc:meta])* $name:ident -> $type:ty;)*) => {
        impl CtaUrlMessage {
            $(
                $(#[$doc])*
                #[must_use]
                pub fn $name(&self) -> $type {
                    self.content.$name()
                }
            )*
        }
    };
}

forward_to_content! {
    /// The header, if any.
    header -> Option<&Header>;
    /// The body text.
    body -> &BodyText;
    /// The button label (`display_text`).
    button -> &ButtonLabel;
    /// The URL the button opens.
    url -> &ButtonUrl;
    /// The footer text, if any.
    footer -> Option<&FooterText>;
    /// The WAMID this message replies to, if any.
    reply_to -> Option<&MessageId>;
    /// The `biz_opaque_callback_data`, if any.
    callback_data -> Option<&CallbackData>;
}
