//! An inbound message: what a user sent to the business.

use std::borrow::Cow;
use std::fmt;
use std::sync::OnceLock;
use std::time::SystemTime;

use serde::Deserialize;
use serde_json::value::RawValue;

use super::de::{self, FromItem};
use super::de::{owned, owned_opt, owned_raw};
use super::item::ItemKind;
use super::status::ApiError;
use super::time::Timestamp;
use crate::graph::{Hidden, hidden};

pub use crate::window::SERVICE_WINDOW;

/// Where to send a reply to a user: the phone number when Meta gave one, else the user's
/// business-scoped user ID (BSUID). \[chosen\]: Meta accepts either, and a number the user
/// shared is the address they know.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub enum ReplyAddress<'n> {
    /// A phone number in international form without `+`, as webhooks write it
    /// (`16505551234`): from the message's `from` or the contact's `wa_id`. A message goes to
    /// it in `"to"`.
    PhoneNumber(&'n str),
    /// A business-scoped user ID (`US.13491208655302741918`): from the message's
    /// `from_user_id` or the contact's `user_id`, for a user who hides their phone number. A
    /// message goes to it in `"recipient"`, not `"to"`.
    UserId(&'n str),
}

impl ReplyAddress<'_> {
    /// The address as written in the webhook.
    #[must_use]
    pub fn as_str(&self) -> &str {
        match self {
            ReplyAddress::PhoneNumber(address) | ReplyAddress::UserId(address) => address,
        }
    }
}

/// Which kind of address, never the address: it is personal.
impl fmt::Debug for ReplyAddress<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let kind = match self {
            ReplyAddress::PhoneNumber(_) => "PhoneNumber",
            ReplyAddress::UserId(_) => "UserId",
        };
        f.debug_tuple(kind).field(&Hidden(self.as_str())).finish()
    }
}

impl fmt::Display for ReplyAddress<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A message a user sent, from a webhook's `messages[]`.
///
/// Strings are borrowed from the body when they hold no JSON escape. The whole message stays
/// at hand as raw JSON ([`raw`](Self::raw)), for the fields not modelled here (`referral`, …).
/// [`into_owned`](Self::into_owned) copies what is borrowed, so that the message can outlive
/// the body (and move into a task of its own).
///
/// Its `Debug` shows IDs, times and type names, never the sender's phone number or BSUID, nor
/// what they wrote: those print as `***` and their length.
#[derive(Clone)]
#[non_exhaustive]
pub struct Message<'a> {
    /// The message's WAMID: what a reply quotes (`context.message_id`), and the key to drop
    /// a notification Meta delivers twice.
    pub id: Cow<'a, str>,
    /// When the user sent it.
    pub timestamp: Timestamp,
    /// The sender's phone number; absent for a user known only by a BSUID.
    pub from: Option<Cow<'a, str>>,
    /// The sender's business-scoped user ID (BSUID).
    pub from_user_id: Option<Cow<'a, str>>,
    /// The sender's parent BSUID, shared across the portfolio's linked businesses.
    pub from_parent_user_id: Option<Cow<'a, str>>,
    /// The message this one replies to or forwards, if any.
    pub context: Option<MessageContext<'a>>,
    /// What was sent.
    pub kind: MessageKind<'a>,
    /// The message's own `errors[]` (an `unsupported` message says why here).
    pub errors: Vec<ApiError<'a>>,
    raw: RawJson<'a>,
}

/// A message's raw JSON: taken as `serde_json` read it, or only found in the body (as the one
/// pass over a body finds it) and made a [`RawValue`] the first time it is asked for, since
/// only `serde_json` makes a `RawValue`, and only by reading the text once more.
#[derive(Clone)]
enum RawJson<'a> {
    Taken(Cow<'a, RawValue>),
    /// Boxed when made: a cell of a borrowed `RawValue` would make `Message` invariant in its
    /// lifetime, which the borrowing derives need covariant.
    Found {
        text: &'a str,
        value: OnceLock<Box<RawValue>>,
    },
}

impl RawJson<'_> {
    /// The JSON as text.
    fn text(&self) -> &str {
        match self {
            RawJson::Taken(raw) => raw.get(),
            RawJson::Found { text, .. } => text,
        }
    }

    /// The JSON as a [`RawValue`].
    fn get(&self) -> &RawValue {
        match self {
            RawJson::Taken(raw) => raw,
            RawJson::Found { text, value } => value.get_or_init(|| made(text)),
        }
    }

    fn into_owned(self) -> RawJson<'static> {
        RawJson::Taken(match self {
            RawJson::Taken(raw) => owned_raw(raw),
            RawJson::Found { text, value } => {
                Cow::Owned(value.into_inner().unwrap_or_else(|| made(text)))
            }
        })
    }
}

/// The [`RawValue`] of a message's text found in a body.
///
/// # Panics
///
/// Never: the text is a JSON object that `serde_json` has read whole, in the same body.
fn made(text: &str) -> Box<RawValue> {
    serde_json::from_str(text).expect("a message serde_json has read whole is JSON")
}

impl Message<'_> {
    /// Whether the raw JSON was found by the one pass over a body, not taken by `serde_json`.
    #[cfg(test)]
    pub(super) fn raw_was_found(&self) -> bool {
        matches!(self.raw, RawJson::Found { .. })
    }

    /// The message's `type` as Meta wrote it: `text`, `image`, `interactive`, `order`, …
    #[must_use]
    pub fn type_name(&self) -> &str {
        match &self.kind {
            MessageKind::Text(_) => "text",
            MessageKind::Interactive(_) => "interactive",
            MessageKind::Button(_) => "button",
            MessageKind::Image(_) => "image",
            MessageKind::Video(_) => "video",
            MessageKind::Audio(_) => "audio",
            MessageKind::Document(_) => "document",
            MessageKind::Sticker(_) => "sticker",
            MessageKind::Location(_) => "location",
            MessageKind::Contacts(_) => "contacts",
            MessageKind::Reaction(_) => "reaction",
            MessageKind::Other { type_name, .. } => type_name,
        }
    }

    /// The whole message as it came, raw JSON borrowed from the body (or owned, after
    /// [`into_owned`](Self::into_owned)). It holds everything, the phone number and the text
    /// included: keep it out of logs.
    #[must_use]
    pub fn raw(&self) -> &RawValue {
        self.raw.get()
    }

    /// The message with everything it borrows from the body copied, so that it outlives the
    /// body: to move it into a task of its own, say.
    ///
    /// ```
    /// use cta_core::webhook::{Message, MessageKind, Notification};
    ///
    /// fn first_message(body: Vec<u8>) -> Option<Message<'static>> {
    ///     let notification = Notification::parse(&body).ok()?;
    ///     let first = notification.messages().next()?.ok()?;
    ///     Some(first.message().clone().into_owned())
    /// } // the body is dropped here; the message lives on
    ///
    /// let body = br#"{"entry":[{"changes":[{"value":{"messages":[
    ///     {"from":"16505551234","id":"wamid.A","timestamp":"1749416383","type":"text","text":{"body":"Hi"}}]}}]}]}"#;
    /// let message = first_message(body.to_vec()).unwrap();
    /// let handle = std::thread::spawn(move || message.id.into_owned());
    /// assert_eq!(handle.join().unwrap(), "wamid.A");
    /// ```
    #[must_use]
    pub fn into_owned(self) -> Message<'static> {
        Message {
            id: owned(self.id),
            timestamp: self.timestamp,
            from: owned_opt(self.from),
            from_user_id: owned_opt(self.from_user_id),
            from_parent_user_id: owned_opt(self.from_parent_user_id),
            context: self.context.map(MessageContext::into_owned),
            kind: self.kind.into_owned(),
            errors: self.errors.into_iter().map(ApiError::into_owned).collect(),
            raw: self.raw.into_owned(),
        }
    }

    /// Where to reply, from the message alone: `from` when Meta gave it, else `from_user_id`.
    /// `None` when the message has neither. `InboundMessage::reply_address` also looks at the
    /// contact the message came with.
    #[must_use]
    pub fn reply_address(&self) -> Option<ReplyAddress<'_>> {
        self.from
            .as_deref()
            .map(ReplyAddress::PhoneNumber)
            .or_else(|| self.from_user_id.as_deref().map(ReplyAddress::UserId))
    }

    /// When the customer service window this message opened closes: its timestamp plus 24
    /// hours ([`SERVICE_WINDOW`]). \[Meta\]
    ///
    /// Until then the business may send any message, a CTA URL message included. After it,
    /// Meta refuses free-form messages with error 131047
    /// ([`ErrorCode::REENGAGEMENT_MESSAGE`](crate::graph::ErrorCode::REENGAGEMENT_MESSAGE), not
    /// retryable), and only a template message may be sent, until the user writes again.
    /// The window counts from the user's *latest* message: keep the newest timestamp per
    /// user.
    ///
    /// # Panics
    ///
    /// Never: a timestamp is at most the year 9999, and a day after it every platform's
    /// `SystemTime` holds.
    #[must_use]
    pub fn reply_window_closes_at(&self) -> SystemTime {
        self.service_window().closes_at().expect(
            "timestamps are at most the year 9999 (checked when read), a day after which \
             SystemTime holds",
        )
    }

    /// The customer service window this message opened.
    #[must_use]
    pub fn service_window(&self) -> crate::ServiceWindow {
        crate::ServiceWindow::after(self.timestamp.to_system_time())
    }

    /// Whether a free-form reply may still be sent at `now` (see
    /// [`reply_window_closes_at`](Self::reply_window_closes_at)).
    #[must_use]
    pub fn is_reply_window_open(&self, now: SystemTime) -> bool {
        now < self.reply_window_closes_at()
    }
}

impl fmt::Debug for Message<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Message")
            .field("id", &self.id)
            .field("timestamp", &self.timestamp)
            .field("from", &hidden(self.from.as_ref()))
            .field("from_user_id", &hidden(self.from_user_id.as_ref()))
            .field(
                "from_parent_user_id",
                &hidden(self.from_parent_user_id.as_ref()),
            )
            .field("context", &self.context)
            .field("kind", &self.kind)
            .field("errors", &self.errors)
            .finish_non_exhaustive()
    }
}

/// The raw JSON is compared as text: the same bytes, the same message.
impl PartialEq for Message<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.id == other.id
            && self.timestamp == other.timestamp
            && self.from == other.from
            && self.from_user_id == other.from_user_id
            && self.from_parent_user_id == other.from_parent_user_id
            && self.context == other.context
            && self.kind == other.kind
            && self.errors == other.errors
            && self.raw.text() == other.raw.text()
    }
}

/// What a message holds, by its `type`. Kinds not modelled here are kept raw as
/// [`Other`](Self::Other): `order`, `system`, `request_welcome`, `unsupported`, and any type
/// Meta adds.
///
/// Its `Debug` shows the kind and what the business set (button IDs and titles), never what
/// the user wrote or shared: texts, captions, places and contact cards print as `***` and
/// their length.
#[derive(Clone)]
#[non_exhaustive]
pub enum MessageKind<'a> {
    /// `text`.
    Text(Text<'a>),
    /// `interactive`: the user tapped a reply button or picked a list row.
    Interactive(InteractiveReply<'a>),
    /// `button`: the user tapped a quick-reply button of a template.
    Button(QuickReply<'a>),
    /// `image`.
    Image(InboundMedia<'a>),
    /// `video`.
    Video(InboundMedia<'a>),
    /// `audio` (voice notes too).
    Audio(InboundMedia<'a>),
    /// `document`.
    Document(InboundMedia<'a>),
    /// `sticker`.
    Sticker(InboundMedia<'a>),
    /// `location`: a pin the user shared.
    Location(Location<'a>),
    /// `contacts`: contact cards the user shared.
    Contacts(Vec<SharedContact<'a>>),
    /// `reaction`: an emoji on one of the business's messages.
    Reaction(Reaction<'a>),
    /// A type not modelled here.
    Other {
        /// The `type` as written.
        type_name: Cow<'a, str>,
        /// The whole message, raw JSON borrowed from the body (or owned).
        raw: Cow<'a, RawValue>,
    },
}

impl MessageKind<'_> {
    /// The kind with everything it borrows copied.
    #[must_use]
    pub fn into_owned(self) -> MessageKind<'static> {
        match self {
            MessageKind::Text(text) => MessageKind::Text(text.into_owned()),
            MessageKind::Interactive(reply) => MessageKind::Interactive(reply.into_owned()),
            MessageKind::Button(reply) => MessageKind::Button(reply.into_owned()),
            MessageKind::Image(media) => MessageKind::Image(media.into_owned()),
            MessageKind::Video(media) => MessageKind::Video(media.into_owned()),
            MessageKind::Audio(media) => MessageKind::Audio(media.into_owned()),
            MessageKind::Document(media) => MessageKind::Document(media.into_owned()),
            MessageKind::Sticker(media) => MessageKind::Sticker(media.into_owned()),
            MessageKind::Location(location) => MessageKind::Location(location.into_owned()),
            MessageKind::Contacts(cards) => {
                MessageKind::Contacts(cards.into_iter().map(SharedContact::into_owned).collect())
            }
            MessageKind::Reaction(reaction) => MessageKind::Reaction(reaction.into_owned()),
            MessageKind::Other { type_name, raw } => MessageKind::Other {
                type_name: owned(type_name),
                raw: owned_raw(raw),
            },
        }
    }
}

/// Each kind shows as its own `Debug` does; the raw JSON of another kind by its length only.
impl fmt::Debug for MessageKind<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (name, inner): (&str, &dyn fmt::Debug) = match self {
            MessageKind::Text(text) => ("Text", text),
            MessageKind::Interactive(reply) => ("Interactive", reply),
            MessageKind::Button(reply) => ("Button", reply),
            MessageKind::Image(media) => ("Image", media),
            MessageKind::Video(media) => ("Video", media),
            MessageKind::Audio(media) => ("Audio", media),
            MessageKind::Document(media) => ("Document", media),
            MessageKind::Sticker(media) => ("Sticker", media),
            MessageKind::Location(location) => ("Location", location),
            MessageKind::Contacts(cards) => ("Contacts", cards),
            MessageKind::Reaction(reaction) => ("Reaction", reaction),
            MessageKind::Other { type_name, raw } => {
                return f
                    .debug_struct("Other")
                    .field("type_name", type_name)
                    .field("raw_len", &raw.get().len())
                    .finish();
            }
        };
        f.debug_tuple(name).field(inner).finish()
    }
}

/// Raw JSON is compared as text.
impl PartialEq for MessageKind<'_> {
    fn eq(&self, other: &Self) -> bool {
        match (self, other) {
            (MessageKind::Text(a), MessageKind::Text(b)) => a == b,
            (MessageKind::Interactive(a), MessageKind::Interactive(b)) => a == b,
            (MessageKind::Button(a), MessageKind::Button(b)) => a == b,
            (MessageKind::Image(a), MessageKind::Image(b))
            | (MessageKind::Video(a), MessageKind::Video(b))
            | (MessageKind::Audio(a), MessageKind::Audio(b))
            | (MessageKind::Document(a), MessageKind::Document(b))
            | (MessageKind::Sticker(a), MessageKind::Sticker(b)) => a == b,
            (MessageKind::Location(a), MessageKind::Location(b)) => a == b,
            (MessageKind::Contacts(a), MessageKind::Contacts(b)) => a == b,
            (MessageKind::Reaction(a), MessageKind::Reaction(b)) => a == b,
            (
                MessageKind::Other {
                    type_name: a,
                    raw: raw_a,
                },
                MessageKind::Other {
                    type_name: b,
                    raw: raw_b,
                },
            ) => a == b && raw_a.get() == raw_b.get(),
            _ => false,
        }
    }
}

/// A `text` message. Its `Debug` hides the text.
#[derive(Clone, PartialEq, Eq, Deserialize)]
#[non_exhaustive]
pub struct Text<'a> {
    /// What the user wrote.
    #[serde(borrow, deserialize_with = "de::cow")]
    pub body: Cow<'a, str>,
}

impl Text<'_> {
    /// The text, owned.
    #[must_use]
    pub fn into_owned(self) -> Text<'static> {
        Text {
            body: owned(self.body),
        }
    }
}

impl fmt::Debug for Text<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Text")
            .field("body", &Hidden(&self.body))
            .finish()
    }
}

/// An `interactive` message: the user's answer to an interactive message of the business.
#[derive(Clone)]
#[non_exhaustive]
pub enum InteractiveReply<'a> {
    /// `button_reply`: a reply button was tapped.
    Button(ButtonReply<'a>),
    /// `list_reply`: a list row was picked.
    List(ListReply<'a>),
    /// Another interactive type (`nfm_reply` of a flow, …).
    Other {
        /// The interactive `type` as written.
        type_name: Cow<'a, str>,
        /// The `interactive` object, raw JSON borrowed from the body (or owned). It may hold
        /// what the user typed into a flow: keep it out of logs.
        raw: Cow<'a, RawValue>,
    },
}

impl InteractiveReply<'_> {
    /// The reply with everything it borrows copied.
    #[must_use]
    pub fn into_owned(self) -> InteractiveReply<'static> {
        match self {
            InteractiveReply::Button(reply) => InteractiveReply::Button(reply.into_owned()),
            InteractiveReply::List(reply) => InteractiveReply::List(reply.into_owned()),
            InteractiveReply::Other { type_name, raw } => InteractiveReply::Other {
                type_name: owned(type_name),
                raw: owned_raw(raw),
            },
        }
    }
}

/// Raw JSON is compared as text.
impl PartialEq for InteractiveReply<'_> {
    fn eq(&self, other: &Self) -> bool {
        match (self, other) {
            (InteractiveReply::Button(a), InteractiveReply::Button(b)) => a == b,
            (InteractiveReply::List(a), InteractiveReply::List(b)) => a == b,
            (
                InteractiveReply::Other {
                    type_name: a,
                    raw: raw_a,
                },
                InteractiveReply::Other {
                    type_name: b,
                    raw: raw_b,
                },
            ) => a == b && raw_a.get() == raw_b.get(),
            _ => false,
        }
    }
}

/// The raw JSON is shown by its length only.
impl fmt::Debug for InteractiveReply<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            InteractiveReply::Button(reply) => f.debug_tuple("Button").field(reply).finish(),
            InteractiveReply::List(reply) => f.debug_tuple("List").field(reply).finish(),
            InteractiveReply::Other { type_name, raw } => f
                .debug_struct("Other")
                .field("type_name", type_name)
                .field("raw_len", &raw.get().len())
                .finish(),
        }
    }
}

/// The reply button a user tapped.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[non_exhaustive]
pub struct ButtonReply<'a> {
    /// The button's ID, as the business set it.
    #[serde(borrow, deserialize_with = "de::cow")]
    pub id: Cow<'a, str>,
    /// The button's title.
    #[serde(borrow, default, deserialize_with = "de::opt_cow")]
    pub title: Option<Cow<'a, str>>,
}

impl ButtonReply<'_> {
    /// The reply, owned.
    #[must_use]
    pub fn into_owned(self) -> ButtonReply<'static> {
        ButtonReply {
            id: owned(self.id),
            title: owned_opt(self.title),
        }
    }
}

/// The list row a user picked.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[non_exhaustive]
pub struct ListReply<'a> {
    /// The row's ID, as the business set it.
    #[serde(borrow, deserialize_with = "de::cow")]
    pub id: Cow<'a, str>,
    /// The row's title.
    #[serde(borrow, default, deserialize_with = "de::opt_cow")]
    pub title: Option<Cow<'a, str>>,
    /// The row's description.
    #[serde(borrow, default, deserialize_with = "de::opt_cow")]
    pub description: Option<Cow<'a, str>>,
}

impl ListReply<'_> {
    /// The reply, owned.
    #[must_use]
    pub fn into_owned(self) -> ListReply<'static> {
        ListReply {
            id: owned(self.id),
            title: owned_opt(self.title),
            description: owned_opt(self.description),
        }
    }
}

/// A `button` message: a template's quick-reply button was tapped.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[non_exhaustive]
pub struct QuickReply<'a> {
    /// The button's payload, as the business set it.
    #[serde(borrow, default, deserialize_with = "de::opt_cow")]
    pub payload: Option<Cow<'a, str>>,
    /// The button's text.
    #[serde(borrow, default, deserialize_with = "de::opt_cow")]
    pub text: Option<Cow<'a, str>>,
}

impl QuickReply<'_> {
    /// The reply, owned.
    #[must_use]
    pub fn into_owned(self) -> QuickReply<'static> {
        QuickReply {
            payload: owned_opt(self.payload),
            text: owned_opt(self.text),
        }
    }
}

/// An image, video, audio, document or sticker a user sent. Download it through the Graph
/// API's media endpoint with its `id`. Its `Debug` hides the caption and the file name.
#[derive(Clone, PartialEq, Eq, Deserialize)]
#[non_exhaustive]
pub struct InboundMedia<'a> {
    /// The media ID.
    #[serde(borrow, deserialize_with = "de::cow")]
    pub id: Cow<'a, str>,
    /// Its MIME type (`image/jpeg`, …).
    #[serde(borrow, default, deserialize_with = "de::opt_cow")]
    pub mime_type: Option<Cow<'a, str>>,
    /// The SHA-256 of the file, as Meta gives it.
    #[serde(borrow, default, deserialize_with = "de::opt_cow")]
    pub sha256: Option<Cow<'a, str>>,
    /// The caption the user wrote.
    #[serde(borrow, default, deserialize_with = "de::opt_cow")]
    pub caption: Option<Cow<'a, str>>,
    /// A document's file name.
    #[serde(borrow, default, deserialize_with = "de::opt_cow")]
    pub filename: Option<Cow<'a, str>>,
}

impl InboundMedia<'_> {
    /// The media, owned.
    #[must_use]
    pub fn into_owned(self) -> InboundMedia<'static> {
        InboundMedia {
            id: owned(self.id),
            mime_type: owned_opt(self.mime_type),
            sha256: owned_opt(self.sha256),
            caption: owned_opt(self.caption),
            filename: owned_opt(self.filename),
        }
    }
}

impl fmt::Debug for InboundMedia<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("InboundMedia")
            .field("id", &self.id)
            .field("mime_type", &self.mime_type)
            .field("sha256", &self.sha256)
            .field("caption", &hidden(self.caption.as_ref()))
            .field("filename", &hidden(self.filename.as_ref()))
            .finish()
    }
}

/// A location pin a user shared. Its `Debug` hides all of it: where a user is is personal.
#[derive(Clone, PartialEq, Deserialize)]
#[non_exhaustive]
pub struct Location<'a> {
    /// Latitude in degrees.
    pub latitude: f64,
    /// Longitude in degrees.
    pub longitude: f64,
    /// The place's name.
    #[serde(borrow, default, deserialize_with = "de::opt_cow")]
    pub name: Option<Cow<'a, str>>,
    /// The place's address.
    #[serde(borrow, default, deserialize_with = "de::opt_cow")]
    pub address: Option<Cow<'a, str>>,
}

impl Location<'_> {
    /// The location, owned.
    #[must_use]
    pub fn into_owned(self) -> Location<'static> {
        Location {
            latitude: self.latitude,
            longitude: self.longitude,
            name: owned_opt(self.name),
            address: owned_opt(self.address),
        }
    }
}

impl fmt::Debug for Location<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Location")
            .field("latitude", &format_args!("***"))
            .field("longitude", &format_args!("***"))
            .field("name", &hidden(self.name.as_ref()))
            .field("address", &hidden(self.address.as_ref()))
            .finish()
    }
}

/// A contact card a user shared. Only the name and phone numbers are modelled; the rest
/// (addresses, e-mails, …) is in the message's [`raw`](Message::raw) JSON. Its `Debug` hides
/// the names and numbers.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[non_exhaustive]
pub struct SharedContact<'a> {
    /// The contact's name.
    #[serde(borrow, default)]
    pub name: Option<SharedContactName<'a>>,
    /// The contact's phone numbers.
    #[serde(borrow, default, deserialize_with = "de::list")]
    pub phones: Vec<SharedContactPhone<'a>>,
}

impl SharedContact<'_> {
    /// The card, owned.
    #[must_use]
    pub fn into_owned(self) -> SharedContact<'static> {
        SharedContact {
            name: self.name.map(SharedContactName::into_owned),
            phones: self
                .phones
                .into_iter()
                .map(SharedContactPhone::into_owned)
                .collect(),
        }
    }
}

/// The name on a shared contact card. Its `Debug` hides it.
#[derive(Clone, PartialEq, Eq, Deserialize)]
#[non_exhaustive]
pub struct SharedContactName<'a> {
    /// The full name as displayed.
    #[serde(borrow, default, deserialize_with = "de::opt_cow")]
    pub formatted_name: Option<Cow<'a, str>>,
    /// The first name.
    #[serde(borrow, default, deserialize_with = "de::opt_cow")]
    pub first_name: Option<Cow<'a, str>>,
    /// The last name.
    #[serde(borrow, default, deserialize_with = "de::opt_cow")]
    pub last_name: Option<Cow<'a, str>>,
}

impl SharedContactName<'_> {
    /// The name, owned.
    #[must_use]
    pub fn into_owned(self) -> SharedContactName<'static> {
        SharedContactName {
            formatted_name: owned_opt(self.formatted_name),
            first_name: owned_opt(self.first_name),
            last_name: owned_opt(self.last_name),
        }
    }
}

impl fmt::Debug for SharedContactName<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SharedContactName")
            .field("formatted_name", &hidden(self.formatted_name.as_ref()))
            .field("first_name", &hidden(self.first_name.as_ref()))
            .field("last_name", &hidden(self.last_name.as_ref()))
            .finish()
    }
}

/// A phone number on a shared contact card. Its `Debug` hides the number.
#[derive(Clone, PartialEq, Eq, Deserialize)]
#[non_exhaustive]
pub struct SharedContactPhone<'a> {
    /// The number as written on the card.
    #[serde(borrow, default, deserialize_with = "de::opt_cow")]
    pub phone: Option<Cow<'a, str>>,
    /// The number's WhatsApp ID, when it has one.
    #[serde(borrow, default, deserialize_with = "de::opt_cow")]
    pub wa_id: Option<Cow<'a, str>>,
    /// `HOME`, `WORK`, …
    #[serde(rename = "type", borrow, default, deserialize_with = "de::opt_cow")]
    pub kind: Option<Cow<'a, str>>,
}

impl SharedContactPhone<'_> {
    /// The number, owned.
    #[must_use]
    pub fn into_owned(self) -> SharedContactPhone<'static> {
        SharedContactPhone {
            phone: owned_opt(self.phone),
            wa_id: owned_opt(self.wa_id),
            kind: owned_opt(self.kind),
        }
    }
}

impl fmt::Debug for SharedContactPhone<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SharedContactPhone")
            .field("phone", &hidden(self.phone.as_ref()))
            .field("wa_id", &hidden(self.wa_id.as_ref()))
            .field("kind", &self.kind)
            .finish()
    }
}

/// A reaction a user put on (or took off) one of the business's messages. Its `Debug` hides
/// the emoji, which is what the user said.
#[derive(Clone, PartialEq, Eq, Deserialize)]
#[non_exhaustive]
pub struct Reaction<'a> {
    /// The WAMID of the message reacted to.
    #[serde(borrow, deserialize_with = "de::cow")]
    pub message_id: Cow<'a, str>,
    /// The emoji; absent when the user removed the reaction.
    #[serde(borrow, default, deserialize_with = "de::opt_cow")]
    pub emoji: Option<Cow<'a, str>>,
}

impl Reaction<'_> {
    /// The reaction, owned.
    #[must_use]
    pub fn into_owned(self) -> Reaction<'static> {
        Reaction {
            message_id: owned(self.message_id),
            emoji: owned_opt(self.emoji),
        }
    }
}

impl fmt::Debug for Reaction<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Reaction")
            .field("message_id", &self.message_id)
            .field("emoji", &hidden(self.emoji.as_ref()))
            .finish()
    }
}

/// A message's `context`: the message it replies to or forwards. Its `Debug` hides `from`, a
/// phone number.
#[derive(Clone, PartialEq, Eq, Deserialize)]
#[non_exhaustive]
pub struct MessageContext<'a> {
    /// The sender of the message replied to (the business's number for a reply to it).
    #[serde(borrow, default, deserialize_with = "de::opt_cow")]
    pub from: Option<Cow<'a, str>>,
    /// The WAMID of the message replied to.
    #[serde(borrow, default, deserialize_with = "de::opt_cow")]
    pub id: Option<Cow<'a, str>>,
    /// Whether the message was forwarded.
    #[serde(default, deserialize_with = "de::flag")]
    pub forwarded: bool,
    /// Whether the message was forwarded many times.
    #[serde(default, deserialize_with = "de::flag")]
    pub frequently_forwarded: bool,
}

impl MessageContext<'_> {
    /// The context, owned.
    #[must_use]
    pub fn into_owned(self) -> MessageContext<'static> {
        MessageContext {
            from: owned_opt(self.from),
            id: owned_opt(self.id),
            forwarded: self.forwarded,
            frequently_forwarded: self.frequently_forwarded,
        }
    }
}

impl fmt::Debug for MessageContext<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("MessageContext")
            .field("from", &hidden(self.from.as_ref()))
            .field("id", &self.id)
            .field("forwarded", &self.forwarded)
            .field("frequently_forwarded", &self.frequently_forwarded)
            .finish()
    }
}

/// A message as it comes: the object named by `type` is read only once the type is known.
#[derive(Deserialize)]
struct RawMessage<'a> {
    #[serde(borrow, deserialize_with = "de::cow")]
    id: Cow<'a, str>,
    timestamp: Timestamp,
    #[serde(rename = "type", borrow, deserialize_with = "de::cow")]
    type_name: Cow<'a, str>,
    #[serde(borrow, default, deserialize_with = "de::opt_cow")]
    from: Option<Cow<'a, str>>,
    #[serde(borrow, default, deserialize_with = "de::opt_cow")]
    from_user_id: Option<Cow<'a, str>>,
    #[serde(borrow, default, deserialize_with = "de::opt_cow")]
    from_parent_user_id: Option<Cow<'a, str>>,
    #[serde(borrow, default)]
    context: Option<MessageContext<'a>>,
    #[serde(borrow, default, deserialize_with = "de::list")]
    errors: Vec<ApiError<'a>>,
    #[serde(borrow, default)]
    text: Option<&'a RawValue>,
    #[serde(borrow, default)]
    interactive: Option<&'a RawValue>,
    #[serde(borrow, default)]
    button: Option<&'a RawValue>,
    #[serde(borrow, default)]
    image: Option<&'a RawValue>,
    #[serde(borrow, default)]
    video: Option<&'a RawValue>,
    #[serde(borrow, default)]
    audio: Option<&'a RawValue>,
    #[serde(borrow, default)]
    document: Option<&'a RawValue>,
    #[serde(borrow, default)]
    sticker: Option<&'a RawValue>,
    #[serde(borrow, default)]
    location: Option<&'a RawValue>,
    #[serde(borrow, default)]
    contacts: Option<&'a RawValue>,
    #[serde(borrow, default)]
    reaction: Option<&'a RawValue>,
}

/// Reads the object named by the message's type.
fn part<'a, T: Deserialize<'a>>(raw: Option<&'a RawValue>, name: &str) -> Result<T, String> {
    let raw = raw.ok_or_else(|| format!("the message is of type `{name}` but has no `{name}`"))?;
    de::object(raw).map_err(|error| de::bounded(format_args!("`{name}`: {error}")))
}

/// Reads the `contacts` array of a `contacts` message.
fn cards(raw: Option<&RawValue>) -> Result<Vec<SharedContact<'_>>, String> {
    let raw = raw.ok_or("the message is of type `contacts` but has no `contacts`")?;
    serde_json::from_str(raw.get())
        .map_err(|error| de::bounded(format_args!("`contacts`: {error}")))
}

/// The `interactive` object as it comes.
#[derive(Deserialize)]
struct RawInteractive<'a> {
    #[serde(rename = "type", borrow, deserialize_with = "de::cow")]
    type_name: Cow<'a, str>,
    #[serde(borrow, default)]
    button_reply: Option<&'a RawValue>,
    #[serde(borrow, default)]
    list_reply: Option<&'a RawValue>,
}

fn interactive(raw: Option<&RawValue>) -> Result<InteractiveReply<'_>, String> {
    let object = raw.ok_or("the message is of type `interactive` but has no `interactive`")?;
    let parsed: RawInteractive<'_> = part(raw, "interactive")?;
    Ok(match parsed.type_name.as_ref() {
        "button_reply" => InteractiveReply::Button(part(parsed.button_reply, "button_reply")?),
        "list_reply" => InteractiveReply::List(part(parsed.list_reply, "list_reply")?),
        _ => InteractiveReply::Other {
            type_name: parsed.type_name,
            raw: Cow::Borrowed(object),
        },
    })
}

/// A message read in one pass over its raw JSON, the object named by its type included: what
/// [`Message::from_item`] tries first. Only the objects of the types read straight away are
/// typed; `interactive` and `contacts` are read on their own, as [`RawMessage`] reads them.
#[derive(Deserialize)]
pub(super) struct OnePassMessage<'a> {
    #[serde(borrow, deserialize_with = "de::cow")]
    id: Cow<'a, str>,
    timestamp: Timestamp,
    #[serde(rename = "type", borrow, deserialize_with = "de::cow")]
    type_name: Cow<'a, str>,
    #[serde(borrow, default, deserialize_with = "de::opt_cow")]
    from: Option<Cow<'a, str>>,
    #[serde(borrow, default, deserialize_with = "de::opt_cow")]
    from_user_id: Option<Cow<'a, str>>,
    #[serde(borrow, default, deserialize_with = "de::opt_cow")]
    from_parent_user_id: Option<Cow<'a, str>>,
    #[serde(borrow, default)]
    context: Option<MessageContext<'a>>,
    #[serde(borrow, default, deserialize_with = "de::list")]
    errors: Vec<ApiError<'a>>,
    #[serde(borrow, default, deserialize_with = "de::opt_object")]
    text: Option<Text<'a>>,
    #[serde(borrow, default)]
    interactive: Option<&'a RawValue>,
    #[serde(borrow, default, deserialize_with = "de::opt_object")]
    button: Option<QuickReply<'a>>,
    #[serde(borrow, default, deserialize_with = "de::opt_object")]
    image: Option<InboundMedia<'a>>,
    #[serde(borrow, default, deserialize_with = "de::opt_object")]
    video: Option<InboundMedia<'a>>,
    #[serde(borrow, default, deserialize_with = "de::opt_object")]
    audio: Option<InboundMedia<'a>>,
    #[serde(borrow, default, deserialize_with = "de::opt_object")]
    document: Option<InboundMedia<'a>>,
    #[serde(borrow, default, deserialize_with = "de::opt_object")]
    sticker: Option<InboundMedia<'a>>,
    #[serde(borrow, default, deserialize_with = "de::opt_object")]
    location: Option<Location<'a>>,
    #[serde(borrow, default)]
    contacts: Option<&'a RawValue>,
    #[serde(borrow, default, deserialize_with = "de::opt_object")]
    reaction: Option<Reaction<'a>>,
}

impl<'a> OnePassMessage<'a> {
    /// The message, its raw JSON `raw` (its text is the object this was read from); `None` when
    /// the part its type names is missing or cannot be read.
    fn into_message(self, raw: RawJson<'a>) -> Option<Message<'a>> {
        let kind = match self.type_name.as_ref() {
            "text" => MessageKind::Text(self.text?),
            "interactive" => MessageKind::Interactive(interactive(self.interactive).ok()?),
            "button" => MessageKind::Button(self.button?),
            "image" => MessageKind::Image(self.image?),
            "video" => MessageKind::Video(self.video?),
            "audio" => MessageKind::Audio(self.audio?),
            "document" => MessageKind::Document(self.document?),
            "sticker" => MessageKind::Sticker(self.sticker?),
            "location" => MessageKind::Location(self.location?),
            "contacts" => MessageKind::Contacts(cards(self.contacts).ok()?),
            "reaction" => MessageKind::Reaction(self.reaction?),
            _ => MessageKind::Other {
                type_name: self.type_name,
                // A public field: taken now (the one case of the one pass that reads the
                // message twice).
                raw: Cow::Borrowed(match raw {
                    RawJson::Taken(Cow::Borrowed(taken)) => taken,
                    RawJson::Found { text, .. } => serde_json::from_str(text).ok()?,
                    RawJson::Taken(Cow::Owned(_)) => return None,
                }),
            },
        };
        Some(Message {
            id: self.id,
            timestamp: self.timestamp,
            from: self.from,
            from_user_id: self.from_user_id,
            from_parent_user_id: self.from_parent_user_id,
            context: self.context,
            kind,
            errors: self.errors,
            raw,
        })
    }

    /// The message read in the one pass over a whole body (`body`, the text it was read from),
    /// its raw JSON found there; `None` when it cannot be (see [`de::object_at`]) or the part
    /// its type names cannot be read.
    pub(super) fn found_in(located: de::Located<Self>, body: &'a str) -> Option<Message<'a>> {
        let text = de::object_at(body, &located)?;
        located.value.into_message(RawJson::Found {
            text,
            value: OnceLock::new(),
        })
    }
}

impl<'a> Message<'a> {
    /// The message read in one pass over `raw`, or `None` when that pass fails for any reason
    /// (a malformed part, a part the type does not name that is malformed, nesting deeper than
    /// one pass takes): [`Self::read_in_parts`] then reads it and says why.
    ///
    /// When it gives a message, it is the one [`Self::read_in_parts`] gives: the same fields
    /// read by the same code, the part named by the type included; only the parts that type
    /// does not name are read too, and a failure there falls back.
    fn read_in_one_pass(raw: &'a RawValue) -> Option<Self> {
        if !raw.get().starts_with('{') {
            return None;
        }
        let message: OnePassMessage<'a> = serde_json::from_str(raw.get()).ok()?;
        message.into_message(RawJson::Taken(Cow::Borrowed(raw)))
    }

    /// The message read in parts: its fields first, the object its type names kept raw, then
    /// that object read on its own. What a message is; slower than
    /// [`Self::read_in_one_pass`], which is tried first.
    fn read_in_parts(raw: &'a RawValue) -> Result<Self, String> {
        let message: RawMessage<'a> = de::object(raw)?;
        let kind = match message.type_name.as_ref() {
            "text" => MessageKind::Text(part(message.text, "text")?),
            "interactive" => MessageKind::Interactive(interactive(message.interactive)?),
            "button" => MessageKind::Button(part(message.button, "button")?),
            "image" => MessageKind::Image(part(message.image, "image")?),
            "video" => MessageKind::Video(part(message.video, "video")?),
            "audio" => MessageKind::Audio(part(message.audio, "audio")?),
            "document" => MessageKind::Document(part(message.document, "document")?),
            "sticker" => MessageKind::Sticker(part(message.sticker, "sticker")?),
            "location" => MessageKind::Location(part(message.location, "location")?),
            "contacts" => MessageKind::Contacts(cards(message.contacts)?),
            "reaction" => MessageKind::Reaction(part(message.reaction, "reaction")?),
            _ => MessageKind::Other {
                type_name: message.type_name,
                raw: Cow::Borrowed(raw),
            },
        };
        Ok(Message {
            id: message.id,
            timestamp: message.timestamp,
            from: message.from,
            from_user_id: message.from_user_id,
            from_parent_user_id: message.from_parent_user_id,
            context: message.context,
            kind,
            errors: message.errors,
            raw: RawJson::Taken(Cow::Borrowed(raw)),
        })
    }
}

impl<'a> FromItem<'a> for Message<'a> {
    const KIND: ItemKind = ItemKind::Message;

    fn from_item(raw: &'a RawValue) -> Result<Self, String> {
        // One pass when it works, which is nearly always; else the reading in parts, which
        // decides what the message is and says why it cannot be read.
        match Message::read_in_one_pass(raw) {
            Some(message) => Ok(message),
            None => Message::read_in_parts(raw),
        }
    }
}
