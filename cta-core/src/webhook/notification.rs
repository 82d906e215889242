//! The webhook POST body: entries, changes, values, and the items they carry.

use std::borrow::Cow;
use std::fmt;
use std::ops::Deref;

use serde::Deserialize;

use super::de::{self, item_by_serde, owned_opt};
use super::item::ItemError;
use super::message::{Message, OnePassMessage, ReplyAddress};
use super::status::{ApiError, Status};
use crate::graph::hidden;

/// A webhook notification: the body of one POST from Meta, every entry of the batch, in
/// order.
///
/// Read it with [`parse`](Self::parse) once its signature is checked, then walk it with
/// [`messages`](Self::messages) and [`statuses`](Self::statuses), or field by field. Strings
/// are borrowed from the body when they hold no JSON escape, so the body must outlive the
/// notification.
///
/// Items are read one by one: an entry, change, contact, message, status or error that cannot
/// be read becomes an [`ItemError`] in its place, and its neighbours are still read.
/// [`problems`](Self::problems) lists them all.
#[derive(Debug, Clone, Deserialize)]
#[non_exhaustive]
pub struct Notification<'a> {
    /// `object`: `whatsapp_business_account` for WhatsApp. Not checked.
    #[serde(borrow, default, deserialize_with = "de::opt_cow")]
    pub object: Option<Cow<'a, str>>,
    /// `entry[]`: one per business account with news.
    #[serde(rename = "entry", borrow, deserialize_with = "de::required_items")]
    pub entries: Vec<Result<Entry<'a>, ItemError<'a>>>,
}

/// A notification read the fast way, in one pass over the body: every item read as it comes,
/// each message's raw JSON found in the body afterwards (see [`Notification::parse`]).
#[derive(Deserialize)]
struct FastNotification<'a> {
    #[serde(borrow, default, deserialize_with = "de::opt_cow")]
    object: Option<Cow<'a, str>>,
    #[serde(
        rename = "entry",
        borrow,
        deserialize_with = "de::required_direct_list"
    )]
    entries: Vec<FastEntry<'a>>,
}

/// An entry read the fast way.
#[derive(Deserialize)]
struct FastEntry<'a> {
    #[serde(borrow, default, deserialize_with = "de::opt_cow")]
    id: Option<Cow<'a, str>>,
    #[serde(borrow, default, deserialize_with = "de::direct_list")]
    changes: Vec<FastChange<'a>>,
}

/// A change read the fast way.
#[derive(Deserialize)]
struct FastChange<'a> {
    #[serde(borrow, default, deserialize_with = "de::opt_cow")]
    field: Option<Cow<'a, str>>,
    #[serde(borrow, default)]
    value: FastChangeValue<'a>,
}

/// A change's value read the fast way.
#[derive(Default, Deserialize)]
struct FastChangeValue<'a> {
    #[serde(borrow, default, deserialize_with = "de::opt_cow")]
    messaging_product: Option<Cow<'a, str>>,
    #[serde(borrow, default)]
    metadata: Option<Metadata<'a>>,
    #[serde(borrow, default, deserialize_with = "de::direct_items")]
    contacts: Vec<Result<SenderContact<'a>, ItemError<'a>>>,
    #[serde(borrow, default, deserialize_with = "de::direct_list")]
    messages: Vec<de::Located<OnePassMessage<'a>>>,
    #[serde(borrow, default, deserialize_with = "de::direct_items")]
    statuses: Vec<Result<Status<'a>, ItemError<'a>>>,
    #[serde(borrow, default, deserialize_with = "de::direct_items")]
    errors: Vec<Result<ApiError<'a>, ItemError<'a>>>,
}

impl<'a> FastNotification<'a> {
    /// The notification, each message's raw JSON found in `body`, the text read; `None` when a
    /// message's cannot be (then the body is read item by item).
    fn into_notification(self, body: &'a str) -> Option<Notification<'a>> {
        let mut entries = Vec::with_capacity(self.entries.len());
        for entry in self.entries {
            let mut changes = Vec::with_capacity(entry.changes.len());
            for change in entry.changes {
                let value = change.value;
                let mut messages = Vec::with_capacity(value.messages.len());
                for message in value.messages {
                    messages.push(Ok(OnePassMessage::found_in(message, body)?));
                }
                changes.push(Ok(Change {
                    field: change.field,
                    value: ChangeValue {
                        messaging_product: value.messaging_product,
                        metadata: value.metadata,
                        contacts: value.contacts,
                        messages,
                        statuses: value.statuses,
                        errors: value.errors,
                    },
                }));
            }
            entries.push(Ok(Entry {
                id: entry.id,
                changes,
            }));
        }
        Some(Notification {
            object: self.object,
            entries,
        })
    }
}

/// Why a webhook body is not a notification at all. A body that is one, even with malformed
/// items, parses: those items are [`ItemError`]s.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum ParseError {
    /// The body is not JSON (or not UTF-8, or ends early).
    NotJson {
        /// `serde_json`'s explanation, with line and column, cut at a few hundred bytes.
        reason: String,
    },
    /// The body is JSON, but not an object with an `entry` array.
    Shape {
        /// `serde_json`'s explanation, with line and column, cut at a few hundred bytes.
        reason: String,
    },
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ParseError::NotJson { reason } => write!(f, "the webhook body is not JSON: {reason}"),
            ParseError::Shape { reason } => {
                write!(f, "the webhook body is not a notification: {reason}")
            }
        }
    }
}

impl std::error::Error for ParseError {}

impl<'a> Notification<'a> {
    /// Reads a webhook POST body. Check its signature first
    /// ([`AppSecret::verify`](super::AppSecret::verify)), or use [`receive`](super::receive),
    /// which does both.
    ///
    /// # Errors
    ///
    /// [`ParseError`] when the body is not JSON, or not an object with an `entry` array.
    pub fn parse(body: &'a [u8]) -> Result<Self, ParseError> {
        // serde's derive would also read an array of the field values.
        if let Some(first) = body.iter().find(|byte| !byte.is_ascii_whitespace())
            && *first == b'['
        {
            return Err(ParseError::Shape {
                reason: "expected an object, found an array".to_owned(),
            });
        }
        // Checked once here, so that serde_json reads the body as a `str` and need not check
        // every string and every raw item again. A body that is not UTF-8 is read from its
        // bytes, as it always was, for the same result and the same error.
        let Ok(text) = std::str::from_utf8(body) else {
            return Self::read_item_by_item(serde_json::from_slice(body));
        };
        // The fast way first: one pass over the body, every item read as it comes; each
        // message's raw JSON is then found in the body by a scan for the end of its object,
        // and made a `RawValue` only when asked for. Only when an item is malformed is the body
        // read again, every item on its own from its raw JSON, so that the malformed one takes
        // its place as an `ItemError`. The fast way fails whenever the slow one would find a
        // malformed item, and gives what the slow one gives otherwise: the same derives read
        // the same fields.
        if let Some(notification) = serde_json::from_str::<FastNotification<'a>>(text)
            .ok()
            .and_then(|fast| fast.into_notification(text))
        {
            return Ok(notification);
        }
        Self::read_item_by_item(serde_json::from_str(text))
    }

    /// The body read item by item, each malformed item an `ItemError` in its place.
    fn read_item_by_item(read: Result<Self, serde_json::Error>) -> Result<Self, ParseError> {
        let mut notification = read.map_err(|error| match error.classify() {
            serde_json::error::Category::Data => ParseError::Shape {
                reason: de::bounded(&error),
            },
            _ => ParseError::NotJson {
                reason: de::bounded(&error),
            },
        })?;
        notification.place_errors();
        Ok(notification)
    }

    /// Tells each item error which entry and change it is in.
    fn place_errors(&mut self) {
        for (entry_index, entry) in self.entries.iter_mut().enumerate() {
            let changes = match entry {
                Ok(entry) => &mut entry.changes,
                Err(error) => {
                    error.entry = entry_index;
                    continue;
                }
            };
            for (change_index, change) in changes.iter_mut().enumerate() {
                let value = match change {
                    Ok(change) => &mut change.value,
                    Err(error) => {
                        error.entry = entry_index;
                        error.change = Some(change_index);
                        continue;
                    }
                };
                let errors = value
                    .contacts
                    .iter_mut()
                    .filter_map(|item| item.as_mut().err())
                    .chain(
                        value
                            .messages
                            .iter_mut()
                            .filter_map(|item| item.as_mut().err()),
                    )
                    .chain(
                        value
                            .statuses
                            .iter_mut()
                            .filter_map(|item| item.as_mut().err()),
                    )
                    .chain(
                        value
                            .errors
                            .iter_mut()
                            .filter_map(|item| item.as_mut().err()),
                    );
                for error in errors {
                    error.entry = entry_index;
                    error.change = Some(change_index);
                }
            }
        }
    }

    /// Every inbound message of every entry and change, in order, each with the contact and
    /// metadata it came with. A malformed message comes as its [`ItemError`] in its place, and
    /// so does a malformed entry or change (which may have held messages): nothing is dropped
    /// without a word.
    ///
    /// ```
    /// use cta_core::webhook::{MessageKind, Notification, ReplyAddress};
    ///
    /// let body = br#"{"object":"whatsapp_business_account","entry":[{"id":"1","changes":[{"field":"messages","value":{
    ///     "metadata":{"display_phone_number":"15550783881","phone_number_id":"106540352242922"},
    ///     "contacts":[{"profile":{"name":"Sheena Nelson"},"wa_id":"16505551234"}],
    ///     "messages":[{"from":"16505551234","id":"wamid.A","timestamp":"1749416383","type":"text","text":{"body":"Hi"}},
    ///                 {"from":"16505551234","id":"wamid.B","timestamp":"oops","type":"text","text":{"body":"?"}}]}}]}]}"#;
    /// let notification = Notification::parse(body)?;
    /// let mut messages = notification.messages();
    ///
    /// let first = messages.next().unwrap().unwrap();
    /// assert!(matches!(&first.kind, MessageKind::Text(text) if text.body == "Hi"));
    /// assert_eq!(first.reply_address(), Some(ReplyAddress::PhoneNumber("16505551234")));
    /// assert_eq!(first.profile_name(), Some("Sheena Nelson"));
    /// assert_eq!(first.phone_number_id(), Some("106540352242922"));
    ///
    /// let second = messages.next().unwrap().unwrap_err(); // a bad timestamp
    /// assert_eq!(second.to_string().split(':').next(), Some("entry 0, change 0, message 1"));
    /// assert!(messages.next().is_none());
    /// # Ok::<(), cta_core::webhook::ParseError>(())
    /// ```
    pub fn messages(&self) -> impl Iterator<Item = Result<InboundMessage<'_, 'a>, &ItemError<'a>>> {
        self.walk(|value| &value.messages).map(|step| {
            step.map(|(entry, value, message)| InboundMessage {
                business_account_id: entry.id.as_deref(),
                metadata: value.metadata.as_ref(),
                contact: value.contact_of(message),
                message,
            })
        })
    }

    /// Every status update of every entry and change, in order. A malformed status, entry or
    /// change comes as its [`ItemError`], as in [`messages`](Self::messages).
    pub fn statuses(&self) -> impl Iterator<Item = Result<StatusUpdate<'_, 'a>, &ItemError<'a>>> {
        self.walk(|value| &value.statuses).map(|step| {
            step.map(|(entry, value, status)| StatusUpdate {
                business_account_id: entry.id.as_deref(),
                metadata: value.metadata.as_ref(),
                status,
            })
        })
    }

    /// Every item that could not be read, at every level, in order.
    pub fn problems(&self) -> impl Iterator<Item = &ItemError<'a>> {
        fn errors<'n, 'a, T>(
            items: &'n [Result<T, ItemError<'a>>],
        ) -> impl Iterator<Item = &'n ItemError<'a>> {
            items.iter().filter_map(|item| item.as_ref().err())
        }
        self.entries.iter().flat_map(|entry| match entry {
            Err(error) => Either::Left(std::iter::once(error)),
            Ok(entry) => Either::Right(entry.changes.iter().flat_map(|change| match change {
                Err(error) => Either::Left(std::iter::once(error)),
                Ok(change) => {
                    let value = &change.value;
                    Either::Right(
                        errors(&value.contacts)
                            .chain(errors(&value.messages))
                            .chain(errors(&value.statuses))
                            .chain(errors(&value.errors)),
                    )
                }
            })),
        })
    }

    /// The items `pick` chooses in every value, with the entry and value they are in; a
    /// malformed entry or change in their place.
    fn walk<'n, T: 'n>(
        &'n self,
        pick: impl Fn(&'n ChangeValue<'a>) -> &'n [Result<T, ItemError<'a>>] + Copy + 'n,
    ) -> impl Iterator<Item = Result<(&'n Entry<'a>, &'n ChangeValue<'a>, &'n T), &'n ItemError<'a>>> + 'n
    {
        self.entries.iter().flat_map(move |entry| match entry {
            Err(error) => Either::Left(std::iter::once(Err(error))),
            Ok(entry) => Either::Right(entry.changes.iter().flat_map(move |change| match change {
                Err(error) => Either::Left(std::iter::once(Err(error))),
                Ok(change) => {
                    let value = &change.value;
                    Either::Right(
                        pick(value)
                            .iter()
                            .map(move |item| item.as_ref().map(|item| (entry, value, item))),
                    )
                }
            })),
        })
    }
}

/// One of two iterators of the same items.
enum Either<L, R> {
    Left(L),
    Right(R),
}

impl<T, L: Iterator<Item = T>, R: Iterator<Item = T>> Iterator for Either<L, R> {
    type Item = T;

    fn next(&mut self) -> Option<T> {
        match self {
            Either::Left(left) => left.next(),
            Either::Right(right) => right.next(),
        }
    }
}

/// An `entry[]` item: the news of one business account.
#[derive(Debug, Clone, Deserialize)]
#[non_exhaustive]
pub struct Entry<'a> {
    /// The WhatsApp Business Account ID.
    #[serde(borrow, default, deserialize_with = "de::opt_cow")]
    pub id: Option<Cow<'a, str>>,
    /// `changes[]`, in order.
    #[serde(borrow, default, deserialize_with = "de::items")]
    pub changes: Vec<Result<Change<'a>, ItemError<'a>>>,
}

/// A `changes[]` item.
#[derive(Debug, Clone, Deserialize)]
#[non_exhaustive]
pub struct Change<'a> {
    /// `field`: `messages` for messages and statuses. Other subscriptions
    /// (`account_update`, …) are read as the same [`ChangeValue`], which then holds nothing of
    /// interest but may still be looked at.
    #[serde(borrow, default, deserialize_with = "de::opt_cow")]
    pub field: Option<Cow<'a, str>>,
    /// `value`.
    #[serde(borrow, default)]
    pub value: ChangeValue<'a>,
}

/// A change's `value`: the contacts, messages, statuses and errors of one business number.
#[derive(Debug, Clone, Default, Deserialize)]
#[non_exhaustive]
pub struct ChangeValue<'a> {
    /// `messaging_product`: `whatsapp`.
    #[serde(borrow, default, deserialize_with = "de::opt_cow")]
    pub messaging_product: Option<Cow<'a, str>>,
    /// The business number the notification is about.
    #[serde(borrow, default)]
    pub metadata: Option<Metadata<'a>>,
    /// `contacts[]`: the users who wrote.
    #[serde(borrow, default, deserialize_with = "de::items")]
    pub contacts: Vec<Result<SenderContact<'a>, ItemError<'a>>>,
    /// `messages[]`: what users sent.
    #[serde(borrow, default, deserialize_with = "de::items")]
    pub messages: Vec<Result<Message<'a>, ItemError<'a>>>,
    /// `statuses[]`: what became of the business's messages.
    #[serde(borrow, default, deserialize_with = "de::items")]
    pub statuses: Vec<Result<Status<'a>, ItemError<'a>>>,
    /// `errors[]`: problems of the whole change.
    #[serde(borrow, default, deserialize_with = "de::items")]
    pub errors: Vec<Result<ApiError<'a>, ItemError<'a>>>,
}

impl<'a> ChangeValue<'a> {
    /// The contact a message came from: the one whose `wa_id` is the message's `from`, or
    /// whose `user_id` is its `from_user_id`; else the only contact, if there is one and it
    /// names no other user than the message does.
    fn contact_of(&self, message: &Message<'_>) -> Option<&SenderContact<'a>> {
        let mut contacts = self.contacts.iter().filter_map(|item| item.as_ref().ok());
        let same = |mine: &Option<Cow<'_, str>>, theirs: &Option<Cow<'_, str>>| {
            mine.is_some() && mine == theirs
        };
        contacts
            .clone()
            .find(|contact| {
                same(&contact.wa_id, &message.from) || same(&contact.user_id, &message.from_user_id)
            })
            .or_else(|| {
                // The only contact, unless it names another user than the message does.
                let only = contacts.next()?;
                let differs = |mine: &Option<Cow<'_, str>>, theirs: &Option<Cow<'_, str>>| {
                    mine.is_some() && theirs.is_some() && mine != theirs
                };
                let contradicts = differs(&only.wa_id, &message.from)
                    || differs(&only.user_id, &message.from_user_id)
                    || (message.from.is_none()
                        && message.from_user_id.is_some()
                        && only.user_id.is_none());
                (contacts.next().is_none() && !contradicts).then_some(only)
            })
    }
}

/// A value's `metadata`: the business number. Its `Debug` shows the phone number ID, not the
/// number.
#[derive(Clone, PartialEq, Eq, Deserialize)]
#[non_exhaustive]
pub struct Metadata<'a> {
    /// The number as displayed (`15550783881`).
    #[serde(borrow, default, deserialize_with = "de::opt_cow")]
    pub display_phone_number: Option<Cow<'a, str>>,
    /// The phone number ID, the one to send replies from.
    #[serde(borrow, default, deserialize_with = "de::opt_cow")]
    pub phone_number_id: Option<Cow<'a, str>>,
}

impl Metadata<'_> {
    /// The metadata with everything it borrows from the body copied.
    #[must_use]
    pub fn into_owned(self) -> Metadata<'static> {
        Metadata {
            display_phone_number: owned_opt(self.display_phone_number),
            phone_number_id: owned_opt(self.phone_number_id),
        }
    }
}

impl fmt::Debug for Metadata<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Metadata")
            .field(
                "display_phone_number",
                &hidden(self.display_phone_number.as_ref()),
            )
            .field("phone_number_id", &self.phone_number_id)
            .finish()
    }
}

/// A `contacts[]` item of a value: a user who wrote. Every field may be absent.
///
/// Every field is personal: its `Debug` shows each as `***` and its length.
#[derive(Clone, PartialEq, Eq, Deserialize)]
#[non_exhaustive]
pub struct SenderContact<'a> {
    /// The user's profile.
    #[serde(borrow, default)]
    pub profile: Option<Profile<'a>>,
    /// The user's WhatsApp ID (their phone number); absent for a user who hides it.
    #[serde(borrow, default, deserialize_with = "de::opt_cow")]
    pub wa_id: Option<Cow<'a, str>>,
    /// The user's business-scoped user ID (BSUID).
    #[serde(borrow, default, deserialize_with = "de::opt_cow")]
    pub user_id: Option<Cow<'a, str>>,
    /// The user's parent BSUID.
    #[serde(borrow, default, deserialize_with = "de::opt_cow")]
    pub parent_user_id: Option<Cow<'a, str>>,
    /// A hash of the user's identity key, which changes when they reinstall WhatsApp.
    #[serde(borrow, default, deserialize_with = "de::opt_cow")]
    pub identity_key_hash: Option<Cow<'a, str>>,
}

impl SenderContact<'_> {
    /// The contact with everything it borrows from the body copied, so that it outlives the
    /// body.
    #[must_use]
    pub fn into_owned(self) -> SenderContact<'static> {
        SenderContact {
            profile: self.profile.map(Profile::into_owned),
            wa_id: owned_opt(self.wa_id),
            user_id: owned_opt(self.user_id),
            parent_user_id: owned_opt(self.parent_user_id),
            identity_key_hash: owned_opt(self.identity_key_hash),
        }
    }
}

impl fmt::Debug for SenderContact<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SenderContact")
            .field("profile", &self.profile)
            .field("wa_id", &hidden(self.wa_id.as_ref()))
            .field("user_id", &hidden(self.user_id.as_ref()))
            .field("parent_user_id", &hidden(self.parent_user_id.as_ref()))
            .field(
                "identity_key_hash",
                &hidden(self.identity_key_hash.as_ref()),
            )
            .finish()
    }
}

/// A contact's `profile`. Its `Debug` hides the name and the username.
#[derive(Clone, PartialEq, Eq, Deserialize)]
#[non_exhaustive]
pub struct Profile<'a> {
    /// The name the user gave.
    #[serde(borrow, default, deserialize_with = "de::opt_cow")]
    pub name: Option<Cow<'a, str>>,
    /// The user's WhatsApp username.
    #[serde(borrow, default, deserialize_with = "de::opt_cow")]
    pub username: Option<Cow<'a, str>>,
}

impl Profile<'_> {
    /// The profile, owned.
    #[must_use]
    pub fn into_owned(self) -> Profile<'static> {
        Profile {
            name: owned_opt(self.name),
            username: owned_opt(self.username),
        }
    }
}

impl fmt::Debug for Profile<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Profile")
            .field("name", &hidden(self.name.as_ref()))
            .field("username", &hidden(self.username.as_ref()))
            .finish()
    }
}

item_by_serde!(Entry => Entry, Change => Change, SenderContact => Contact, Status => Status, ApiError => Error);

/// An inbound message with what it came with: its entry, and its value's contacts and
/// metadata. It dereferences to the [`Message`].
#[derive(Debug, Clone, Copy)]
pub struct InboundMessage<'n, 'a> {
    business_account_id: Option<&'n str>,
    metadata: Option<&'n Metadata<'a>>,
    contact: Option<&'n SenderContact<'a>>,
    message: &'n Message<'a>,
}

impl<'n, 'a> InboundMessage<'n, 'a> {
    /// The message.
    #[must_use]
    pub fn message(&self) -> &'n Message<'a> {
        self.message
    }

    /// The WhatsApp Business Account ID of the entry.
    #[must_use]
    pub fn business_account_id(&self) -> Option<&'n str> {
        self.business_account_id
    }

    /// The business number the message was sent to.
    #[must_use]
    pub fn metadata(&self) -> Option<&'n Metadata<'a>> {
        self.metadata
    }

    /// The ID of the business number the message was sent to: send the reply from it.
    #[must_use]
    pub fn phone_number_id(&self) -> Option<&'n str> {
        self.metadata()?.phone_number_id.as_deref()
    }

    /// The contact the message came from: the one whose `wa_id` is the message's `from` or
    /// whose `user_id` is its `from_user_id`; else the value's only contact, unless it names
    /// another user than the message does. `None` when no contact is the sender's.
    #[must_use]
    pub fn contact(&self) -> Option<&'n SenderContact<'a>> {
        self.contact
    }

    /// The sender's profile name, when the contact has one.
    #[must_use]
    pub fn profile_name(&self) -> Option<&'n str> {
        self.contact()?.profile.as_ref()?.name.as_deref()
    }

    /// Where to reply: the phone number when Meta gave one
    /// (the message's `from`, else the contact's `wa_id`), else the BSUID (the message's
    /// `from_user_id`, else the contact's `user_id`). `None` when there is neither.
    #[must_use]
    pub fn reply_address(&self) -> Option<ReplyAddress<'n>> {
        let contact = self.contact();
        let message = self.message;
        message
            .from
            .as_deref()
            .or_else(|| contact?.wa_id.as_deref())
            .map(ReplyAddress::PhoneNumber)
            .or_else(|| {
                message
                    .from_user_id
                    .as_deref()
                    .or_else(|| contact?.user_id.as_deref())
                    .map(ReplyAddress::UserId)
            })
    }
}

impl<'a> Deref for InboundMessage<'_, 'a> {
    type Target = Message<'a>;

    fn deref(&self) -> &Message<'a> {
        self.message
    }
}

impl InboundMessage<'_, '_> {
    /// The message and what it came with, owned: it outlives the body, and can move into a
    /// task of its own.
    #[must_use]
    pub fn into_owned(self) -> ReceivedMessage {
        ReceivedMessage {
            business_account_id: self.business_account_id.map(str::to_owned),
            metadata: self.metadata.map(|metadata| metadata.clone().into_owned()),
            contact: self.contact.map(|contact| contact.clone().into_owned()),
            message: self.message.clone().into_owned(),
        }
    }
}

/// An [`InboundMessage`] that owns what it holds, made by [`InboundMessage::into_owned`]. It
/// dereferences to the [`Message`]; [`as_inbound`](Self::as_inbound) gives the borrowed view,
/// whose methods (and [`CtaUrlContent::in_reply_to`](crate::CtaUrlContent::in_reply_to)) it
/// shares.
#[derive(Debug, Clone, PartialEq)]
pub struct ReceivedMessage {
    business_account_id: Option<String>,
    metadata: Option<Metadata<'static>>,
    contact: Option<SenderContact<'static>>,
    message: Message<'static>,
}

impl ReceivedMessage {
    /// The borrowed view of this message.
    #[must_use]
    pub fn as_inbound(&self) -> InboundMessage<'_, 'static> {
        InboundMessage {
            business_account_id: self.business_account_id.as_deref(),
            metadata: self.metadata.as_ref(),
            contact: self.contact.as_ref(),
            message: &self.message,
        }
    }

    /// The WhatsApp Business Account ID of the entry.
    #[must_use]
    pub fn business_account_id(&self) -> Option<&str> {
        self.business_account_id.as_deref()
    }

    /// The ID of the business number the message was sent to: send the reply from it.
    #[must_use]
    pub fn phone_number_id(&self) -> Option<&str> {
        self.as_inbound().phone_number_id()
    }

    /// Where to reply ([`InboundMessage::reply_address`]).
    #[must_use]
    pub fn reply_address(&self) -> Option<ReplyAddress<'_>> {
        self.as_inbound().reply_address()
    }

    /// The message, owned.
    #[must_use]
    pub fn into_message(self) -> Message<'static> {
        self.message
    }
}

impl Deref for ReceivedMessage {
    type Target = Message<'static>;

    fn deref(&self) -> &Message<'static> {
        &self.message
    }
}

/// A message a reply can answer: an [`InboundMessage`] borrowed from a notification, or a
/// [`ReceivedMessage`] that owns its parts.
pub trait AsInbound {
    /// The message and what it came with, borrowed.
    fn as_inbound(&self) -> InboundMessage<'_, '_>;
}

impl AsInbound for InboundMessage<'_, '_> {
    fn as_inbound(&self) -> InboundMessage<'_, '_> {
        *self
    }
}

impl AsInbound for ReceivedMessage {
    fn as_inbound(&self) -> InboundMessage<'_, '_> {
        ReceivedMessage::as_inbound(self)
    }
}

/// A status update with what it came with: its entry and its value's metadata. It
/// dereferences to the [`Status`].
#[derive(Debug, Clone, Copy)]
pub struct StatusUpdate<'n, 'a> {
    business_account_id: Option<&'n str>,
    metadata: Option<&'n Metadata<'a>>,
    status: &'n Status<'a>,
}

impl<'n, 'a> StatusUpdate<'n, 'a> {
    /// The status.
    #[must_use]
    pub fn status(&self) -> &'n Status<'a> {
        self.status
    }

    /// The WhatsApp Business Account ID of the entry.
    #[must_use]
    pub fn business_account_id(&self) -> Option<&'n str> {
        self.business_account_id
    }

    /// The business number that sent the message.
    #[must_use]
    pub fn metadata(&self) -> Option<&'n Metadata<'a>> {
        self.metadata
    }

    /// The ID of the business number that sent the message.
    #[must_use]
    pub fn phone_number_id(&self) -> Option<&'n str> {
        self.metadata()?.phone_number_id.as_deref()
    }
}

impl<'a> Deref for StatusUpdate<'_, 'a> {
    type Target = Status<'a>;

    fn deref(&self) -> &Status<'a> {
        self.status
    }
}

impl StatusUpdate<'_, '_> {
    /// The status and what it came with, owned: it outlives the body, and can move into a task
    /// of its own.
    #[must_use]
    pub fn into_owned(self) -> ReceivedStatus {
        ReceivedStatus {
            business_account_id: self.business_account_id.map(str::to_owned),
            metadata: self.metadata.map(|metadata| metadata.clone().into_owned()),
            status: self.status.clone().into_owned(),
        }
    }
}

/// A [`StatusUpdate`] that owns what it holds, made by [`StatusUpdate::into_owned`]. It
/// dereferences to the [`Status`].
#[derive(Debug, Clone, PartialEq)]
pub struct ReceivedStatus {
    business_account_id: Option<String>,
    metadata: Option<Metadata<'static>>,
    status: Status<'static>,
}

impl ReceivedStatus {
    /// The WhatsApp Business Account ID of the entry.
    #[must_use]
    pub fn business_account_id(&self) -> Option<&str> {
        self.business_account_id.as_deref()
    }

    /// The business number that sent the message.
    #[must_use]
    pub fn metadata(&self) -> Option<&Metadata<'static>> {
        self.metadata.as_ref()
    }

    /// The ID of the business number that sent the message.
    #[must_use]
    pub fn phone_number_id(&self) -> Option<&str> {
        self.metadata.as_ref()?.phone_number_id.as_deref()
    }

    /// The status, owned.
    #[must_use]
    pub fn into_status(self) -> Status<'static> {
        self.status
    }
}

impl Deref for ReceivedStatus {
    type Target = Status<'static>;

    fn deref(&self) -> &Status<'static> {
        &self.status
    }
}

#[cfg(test)]
mod tests {
    //! The one pass over a body against the reading item by item, which decides what a body
    //! is: the same messages (raw JSON included), contacts, statuses and problems.

    use super::{Message, Notification};

    /// The body read item by item, the way the fast pass must agree with.
    fn item_by_item(body: &str) -> Notification<'_> {
        Notification::read_item_by_item(serde_json::from_str(body)).unwrap()
    }

    /// Parses `body` both ways, checks they agree, and says whether the fast pass found every
    /// message's raw JSON itself.
    fn agree(body: &str) -> bool {
        compare(
            &Notification::parse(body.as_bytes()).unwrap(),
            &item_by_item(body),
            body,
        )
    }

    /// Checks that `fast` and `slow` hold the same; whether `fast` found every message's raw
    /// JSON itself.
    fn compare(fast: &Notification<'_>, slow: &Notification<'_>, body: &str) -> bool {
        let fast_messages: Vec<_> = fast.messages().map(|m| m.map(|m| m.message())).collect();
        let slow_messages: Vec<_> = slow.messages().map(|m| m.map(|m| m.message())).collect();
        assert_eq!(fast_messages.len(), slow_messages.len(), "{body}");
        for (fast, slow) in fast_messages.iter().zip(&slow_messages) {
            match (fast, slow) {
                (Ok(fast), Ok(slow)) => {
                    assert_eq!(fast, slow, "{body}");
                    assert_eq!(fast.raw().get(), slow.raw().get(), "{body}");
                    assert_eq!(
                        (*fast).clone().into_owned(),
                        (*slow).clone().into_owned(),
                        "{body}"
                    );
                }
                (Err(fast), Err(slow)) => assert_eq!(fast.to_string(), slow.to_string()),
                _ => panic!("one way read a message the other did not: {body}"),
            }
        }
        let contacts = |n: &Notification<'_>| {
            n.messages()
                .map(|m| {
                    m.ok()
                        .and_then(|m| m.contact().cloned())
                        .map(super::SenderContact::into_owned)
                })
                .collect::<Vec<_>>()
        };
        assert_eq!(contacts(fast), contacts(slow), "{body}");
        let statuses = |n: &Notification<'_>| {
            n.statuses()
                .map(|s| {
                    s.map(|s| s.status().clone().into_owned())
                        .map_err(ToString::to_string)
                })
                .collect::<Vec<_>>()
        };
        assert_eq!(statuses(fast), statuses(slow), "{body}");
        let problems =
            |n: &Notification<'_>| n.problems().map(ToString::to_string).collect::<Vec<_>>();
        assert_eq!(problems(fast), problems(slow), "{body}");
        fast_messages
            .iter()
            .all(|message| message.is_ok_and(Message::raw_was_found))
    }

    fn body_with(messages: &str) -> String {
        format!(
            r#"{{"object":"whatsapp_business_account","entry":[{{"id":"1","changes":[{{"field":"messages","value":{{"messaging_product":"whatsapp","metadata":{{"display_phone_number":"15550783881","phone_number_id":"106540352242922"}},"contacts":[{{"profile":{{"name":"Sheena"}},"wa_id":"16505551234","user_id":"US.1"}}],"messages":[{messages}]}}}}]}}]}}"#
        )
    }

    const TEXT: &str = r#"{"from":"16505551234","id":"wamid.A","timestamp":"1749416383","type":"text","text":{"body":"Hi"}}"#;

    #[test]
    fn a_compact_body_is_read_in_one_pass_as_item_by_item() {
        assert!(agree(&body_with(TEXT)));
        assert!(agree(&body_with(&[TEXT; 3].join(","))));
    }

    #[test]
    fn blanks_anywhere_are_stepped_over() {
        let value: serde_json::Value = serde_json::from_str(&body_with(TEXT)).unwrap();
        assert!(agree(&serde_json::to_string_pretty(&value).unwrap()));
        assert!(agree(&body_with(
            "\n\t { \"from\" :\"16505551234\" , \"id\":\"wamid.A\",\"timestamp\":\"1\",\"type\":\"text\",\r\n\"text\" : { \"body\" : \"Hi\" } \n } "
        )));
    }

    #[test]
    fn quotes_backslashes_and_brackets_in_strings_do_not_end_a_message() {
        assert!(agree(&body_with(
            r#"{"from":"1","id":"wamid.A","timestamp":"1","type":"text","text":{"body":"a \"quoted\" {brace} [x] \\ end\\"}}"#
        )));
        // The last value holds them too.
        assert!(agree(&body_with(
            r#"{"from":"1","id":"wamid.A","timestamp":"1","type":"text","text":{"body":"x"},"note":"}\"]}\\"}"#
        )));
        // Non-ASCII text, raw and escaped.
        assert!(agree(&body_with(
            r#"{"from":"1","id":"wamid.A","timestamp":"1","type":"text","text":{"body":"é 😀 \u00e9 \ud83d\ude00"}}"#
        )));
    }

    #[test]
    fn any_last_value_is_stepped_over() {
        for last in [
            "12",
            "-12.5e+3",
            "true",
            "false",
            "null",
            "[]",
            "{}",
            r#"[1,{"a":"}"},[[]]]"#,
            r#"{"a":{"b":["]"]}}"#,
            r#""""#,
        ] {
            let message = format!(
                r#"{{"from":"1","id":"wamid.A","timestamp":"1","type":"text","text":{{"body":"x"}},"extra":{last}}}"#
            );
            assert!(agree(&body_with(&message)), "{last}");
            let spaced = format!(
                r#"{{"from":"1","id":"wamid.A","timestamp":"1","type":"text","text":{{"body":"x"}},"extra" : {last} }}"#
            );
            assert!(agree(&body_with(&spaced)), "{last}");
        }
    }

    #[test]
    fn an_escaped_first_or_last_key_falls_back_to_the_same_result() {
        // The key cannot be found in the body: the body is read item by item, to the same end.
        assert!(!agree(&body_with(
            r#"{"\u0066rom":"1","id":"wamid.A","timestamp":"1","type":"text","text":{"body":"x"}}"#
        )));
        assert!(!agree(&body_with(
            r#"{"from":"1","id":"wamid.A","timestamp":"1","type":"text","\u0074ext":{"body":"x"}}"#
        )));
    }

    #[test]
    fn every_kind_agrees() {
        let kinds = [
            r#"{"from":"1","id":"wamid.B","timestamp":"1","type":"interactive","interactive":{"type":"button_reply","button_reply":{"id":"yes","title":"Yes"}}}"#,
            r#"{"from":"1","id":"wamid.C","timestamp":"1","type":"interactive","interactive":{"type":"nfm_reply","nfm_reply":{"response_json":"{}"}}}"#,
            r#"{"from":"1","id":"wamid.D","timestamp":"1","type":"image","image":{"id":"m1","mime_type":"image/jpeg","caption":"look"}}"#,
            r#"{"from":"1","id":"wamid.E","timestamp":"1","type":"location","location":{"latitude":1.5,"longitude":-2,"name":"Here"}}"#,
            r#"{"from":"1","id":"wamid.F","timestamp":"1","type":"reaction","reaction":{"message_id":"wamid.X","emoji":"👍"}}"#,
            r#"{"from":"1","id":"wamid.G","timestamp":"1","type":"contacts","contacts":[{"name":{"formatted_name":"Ann"},"phones":[{"phone":"+1 555","type":"CELL"}]}]}"#,
            r#"{"from":"1","id":"wamid.H","timestamp":"1","type":"order","order":{"catalog_id":"c","product_items":[]}}"#,
            r#"{"from":"1","id":"wamid.I","timestamp":"1","type":"button","button":{"payload":"p","text":"t"},"context":{"from":"2","id":"wamid.Z","forwarded":true}}"#,
            r#"{"from_user_id":"US.1","id":"wamid.J","timestamp":"1","type":"unsupported","errors":[{"code":131051,"title":"Unsupported"}]}"#,
        ];
        assert!(agree(&body_with(&kinds.join(","))));
    }

    #[test]
    fn a_malformed_item_is_placed_as_item_by_item() {
        let bad =
            r#"{"from":"1","id":"wamid.B","timestamp":"oops","type":"text","text":{"body":"x"}}"#;
        let no_part = r#"{"from":"1","id":"wamid.C","timestamp":"1","type":"image"}"#;
        // The fast pass fails: the body is read item by item, each message then taken raw.
        assert!(!agree(&body_with(&[TEXT, bad, TEXT, no_part].join(","))));
        let notification = Notification::parse(body_with(&[TEXT, bad].join(",")).as_bytes())
            .unwrap()
            .problems()
            .map(|problem| problem.location().to_string())
            .collect::<Vec<_>>();
        assert_eq!(notification, ["entry 0, change 0, message 1"]);
        // A malformed contact or status too.
        let body = r#"{"entry":[{"changes":[{"value":{"contacts":[{"wa_id":5}],"messages":[{"from":"1","id":"wamid.A","timestamp":"1","type":"text","text":{"body":"x"}}],"statuses":[{"id":"wamid.S","status":"read","timestamp":"1"},{"id":7}]}}]}]}"#;
        agree(body);
    }

    #[test]
    fn statuses_and_batches_agree() {
        let body = r#"{"object":"whatsapp_business_account","entry":[{"id":"1","changes":[{"field":"messages","value":{"statuses":[
            {"id":"wamid.A","status":"delivered","timestamp":"1750263800","recipient_id":"16505551234","pricing":{"billable":false,"pricing_model":"PMP"}},
            {"id":"wamid.B","status":"failed","timestamp":"1750264012","recipient_id":"16505551234","errors":[{"code":131047,"title":"Re-engagement message","error_data":{"details":"d"}}]}]}},
            {"field":"messages","value":{"messages":[{"from":"1","id":"wamid.C","timestamp":"1","type":"text","text":{"body":"x"}}]}}]},
            {"id":"2","changes":[]}]}"#;
        assert!(agree(body));
    }

    #[test]
    fn every_small_damage_to_a_body_reads_the_same_both_ways() {
        // Each byte deleted, or replaced by a byte that means something to the scan, or a
        // blank inserted before it: the two ways agree on every result, error or not.
        let kinds = [
            TEXT,
            r#"{"from":"1","id":"wamid.B","timestamp":"1","type":"interactive","interactive":{"type":"button_reply","button_reply":{"id":"y","title":"Y"}},"context":{"id":"wamid.Z"}}"#,
            r#"{"from":"1","id":"wamid.C","timestamp":"1","type":"text","text":{"body":"a\"}[{"},"n":[1,-2.5e3,true,null]}"#,
        ];
        let body = body_with(&kinds.join(","));
        let mut damaged = 0;
        for at in 0..body.len() {
            let mut bodies = vec![format!("{}{}", &body[..at], &body[at + 1..])];
            for byte in ["\"", "}", "]", "{", "\\", ",", " "] {
                bodies.push(format!("{}{byte}{}", &body[..at], &body[at + 1..]));
            }
            bodies.push(format!("{} {}", &body[..at], &body[at..]));
            for body in &bodies {
                match (
                    Notification::parse(body.as_bytes()),
                    Notification::read_item_by_item(serde_json::from_str(body)),
                ) {
                    (Ok(fast), Ok(slow)) => {
                        compare(&fast, &slow, body);
                    }
                    (Err(fast), Err(slow)) => {
                        assert_eq!(fast, slow, "{body}");
                        damaged += 1;
                    }
                    (fast, slow) => panic!("{body}: {fast:?} against {slow:?}"),
                }
            }
        }
        assert!(damaged > 0);
    }

    #[test]
    fn a_message_found_in_the_body_is_shared_across_threads() {
        fn send_and_sync<T: Send + Sync>(_: &T) {}
        let body = body_with(TEXT);
        let notification = Notification::parse(body.as_bytes()).unwrap();
        let message = notification.messages().next().unwrap().unwrap().message();
        send_and_sync(message);
        std::thread::scope(|scope| {
            let raw = scope.spawn(|| message.raw().get().to_owned());
            assert_eq!(message.raw().get(), raw.join().unwrap());
        });
        assert_eq!(message.raw().get(), TEXT);
    }
}
