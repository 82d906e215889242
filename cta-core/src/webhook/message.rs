//! An inbound message: what a user sent to the business.

use std::borrow::Cow;
use std::fmt;
use std::time::{Duration, SystemTime};

use serde::Deserialize;
use serde_json::value::RawValue;

use super::de::{self, FromItem};
use super::item::ItemKind;
use super::status::ApiError;
use super::time::Timestamp;

/// How long the customer service window stays open after a user's message: 24 hours.
/// \[Meta\]
pub const SERVICE_WINDOW: Duration = Duration::from_hours(24);

/// Where to send a reply to a user: the phone number when Meta gave one, else the user's
/// business-scoped user ID (BSUID). \[chosen\], as RULES.md's "Replying" says.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
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

impl fmt::Display for ReplyAddress<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A message a user sent, from a webhook's `messages[]`.
///
/// Strings are borrowed from the body when they hold no JSON escape. The whole message stays
/// at hand as raw JSON ([`raw`](Self::raw)), for the fields not modelled here (`referral`, …).
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
    raw: &'a RawValue,
}

impl<'a> Message<'a> {
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

    /// The whole message as it came, raw JSON borrowed from the body.
    #[must_use]
    pub fn raw(&self) -> &'a RawValue {
        self.raw
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
    #[must_use]
    pub fn reply_window_closes_at(&self) -> SystemTime {
        self.timestamp.to_system_time() + SERVICE_WINDOW
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
            .field("from", &self.from)
            .field("from_user_id", &self.from_user_id)
            .field("from_parent_user_id", &self.from_parent_user_id)
            .field("context", &self.context)
            .field("kind", &self.kind)
            .field("errors", &self.errors)
            .finish_non_exhaustive()
    }
}

/// What a message holds, by its `type`. Kinds not modelled here are kept raw as
/// [`Other`](Self::Other): `order`, `system`, `request_welcome`, `unsupported`, and any type
/// Meta adds.
#[derive(Debug, Clone)]
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
        /// The whole message, raw JSON borrowed from the body.
        raw: &'a RawValue,
    },
}

/// A `text` message.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[non_exhaustive]
pub struct Text<'a> {
    /// What the user wrote.
    #[serde(borrow, deserialize_with = "de::cow")]
    pub body: Cow<'a, str>,
}

/// An `interactive` message: the user's answer to an interactive message of the business.
#[derive(Debug, Clone)]
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
        /// The `interactive` object, raw JSON borrowed from the body.
        raw: &'a RawValue,
    },
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

/// An image, video, audio, document or sticker a user sent. Download it through the Graph
/// API's media endpoint with its `id`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
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

/// A location pin a user shared.
#[derive(Debug, Clone, PartialEq, Deserialize)]
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

/// A contact card a user shared. Only the name and phone numbers are modelled; the rest
/// (addresses, e-mails, …) is in the message's [`raw`](Message::raw) JSON.
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

/// The name on a shared contact card.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
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

/// A phone number on a shared contact card.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
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

/// A reaction a user put on (or took off) one of the business's messages.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[non_exhaustive]
pub struct Reaction<'a> {
    /// The WAMID of the message reacted to.
    #[serde(borrow, deserialize_with = "de::cow")]
    pub message_id: Cow<'a, str>,
    /// The emoji; absent when the user removed the reaction.
    #[serde(borrow, default, deserialize_with = "de::opt_cow")]
    pub emoji: Option<Cow<'a, str>>,
}

/// A message's `context`: the message it replies to or forwards.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
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
            raw: object,
        },
    })
}

impl<'a> FromItem<'a> for Message<'a> {
    const KIND: ItemKind = ItemKind::Message;

    fn from_item(raw: &'a RawValue) -> Result<Self, String> {
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
                raw,
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
            raw,
        })
    }
}
