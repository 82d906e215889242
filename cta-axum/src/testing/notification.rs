//! Webhook notifications built for tests: Meta's JSON, signed as Meta signs it.

use std::fmt;
use std::time::{SystemTime, UNIX_EPOCH};

use axum::Router;
use axum::body::Body;
use axum::http::{self, HeaderMap, HeaderValue, Method, Request, header};
use axum::response::Response;
use cta_core::webhook::{AppSecret, ErrorCode, SIGNATURE_HEADER};

use super::json::{ObjectWriter, object};
use super::{BUSINESS_ACCOUNT_ID, DISPLAY_PHONE_NUMBER, PHONE_NUMBER_ID, USER_PHONE_NUMBER, wamid};

/// Where Meta's pages on error codes are, as a failed status links to them.
const ERROR_CODES_PAGE: &str =
    "https://developers.facebook.com/docs/whatsapp/cloud-api/support/error-codes/";

/// A webhook notification under construction: the body of one POST as Meta would send it, with
/// as many entries, changes, messages and statuses as a test needs.
///
/// It starts with one entry (a business account) holding one change (a business phone
/// number). Items go to the latest change; [`next_change`](Self::next_change) and
/// [`next_entry`](Self::next_entry) start new ones, as Meta batches them. Each message gets
/// its WAMID and timestamp when it is added: the one it was given, else a fresh WAMID
/// ([`message_ids`](Self::message_ids) lists them) and the builder's time
/// ([`at`](Self::at)), or the current time.
///
/// ```
/// use cta_axum::testing::{Delivery, NotificationBuilder};
/// use cta_core::webhook::{ErrorCode, MessageKind, Notification};
///
/// let builder = NotificationBuilder::default()
///     .text("16505551234", "Does it come in another color?")
///     .text_from_bsuid("US.13491208655302741918", "And in another size?")
///     .next_change("106540352242923")
///     .status("wamid.HBgLMTY1MDM4Nzk0MzkVAgARGBI", Delivery::Failed(ErrorCode::REENGAGEMENT_MESSAGE));
/// let body = builder.body();
///
/// let notification = Notification::parse(&body)?;
/// let messages: Vec<_> = notification.messages().filter_map(Result::ok).collect();
/// assert_eq!(messages.len(), 2);
/// assert_eq!(&*messages[1].id, builder.message_ids()[1]);
/// assert!(matches!(&messages[0].kind, MessageKind::Text(text) if text.body == "Does it come in another color?"));
/// let status = notification.statuses().next().unwrap().unwrap();
/// assert_eq!(status.phone_number_id(), Some("106540352242923"));
/// assert_eq!(status.error_code(), Some(ErrorCode::REENGAGEMENT_MESSAGE));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone)]
#[must_use]
pub struct NotificationBuilder {
    entries: Vec<EntryDraft>,
    clock: Option<SystemTime>,
}

#[derive(Clone)]
struct EntryDraft {
    business_account_id: String,
    changes: Vec<ChangeDraft>,
}

#[derive(Clone)]
struct ChangeDraft {
    phone_number_id: String,
    display_phone_number: String,
    messages: Vec<PlacedMessage>,
    statuses: Vec<PlacedStatus>,
}

/// A message with its WAMID and timestamp settled.
#[derive(Clone)]
struct PlacedMessage {
    id: String,
    timestamp: u64,
    message: UserMessage,
}

/// A status with its timestamp settled.
#[derive(Clone)]
struct PlacedStatus {
    timestamp: u64,
    report: StatusReport,
}

impl Default for NotificationBuilder {
    /// The business account, phone number ID and display number of the fixtures
    /// ([`BUSINESS_ACCOUNT_ID`], [`PHONE_NUMBER_ID`], [`DISPLAY_PHONE_NUMBER`]).
    fn default() -> Self {
        NotificationBuilder::new(BUSINESS_ACCOUNT_ID, PHONE_NUMBER_ID)
    }
}

impl NotificationBuilder {
    /// A notification for the business account `business_account_id` (the entry's `id`) and
    /// its number `phone_number_id` (the change's `metadata.phone_number_id`), displayed as
    /// [`DISPLAY_PHONE_NUMBER`] until [`display_phone_number`](Self::display_phone_number)
    /// says otherwise.
    pub fn new(business_account_id: impl Into<String>, phone_number_id: impl Into<String>) -> Self {
        NotificationBuilder {
            entries: vec![EntryDraft {
                business_account_id: business_account_id.into(),
                changes: vec![ChangeDraft::new(
                    phone_number_id.into(),
                    DISPLAY_PHONE_NUMBER.to_owned(),
                )],
            }],
            clock: None,
        }
    }

    /// Sets the latest change's `metadata.display_phone_number`; later changes keep it.
    pub fn display_phone_number(mut self, display_phone_number: impl Into<String>) -> Self {
        self.change().display_phone_number = display_phone_number.into();
        self
    }

    /// Starts a new change in the latest entry, for the business number `phone_number_id`.
    /// The items added next go to it.
    pub fn next_change(mut self, phone_number_id: impl Into<String>) -> Self {
        let display = self.change().display_phone_number.clone();
        self.entry()
            .changes
            .push(ChangeDraft::new(phone_number_id.into(), display));
        self
    }

    /// Starts a new entry for the business account `business_account_id`, with one change for
    /// its number `phone_number_id`. The items added next go to it.
    pub fn next_entry(
        mut self,
        business_account_id: impl Into<String>,
        phone_number_id: impl Into<String>,
    ) -> Self {
        let display = self.change().display_phone_number.clone();
        self.entries.push(EntryDraft {
            business_account_id: business_account_id.into(),
            changes: vec![ChangeDraft::new(phone_number_id.into(), display)],
        });
        self
    }

    /// The time of the items added from now on that have no time of their own; by default,
    /// the time each is added. Meta writes it in whole seconds.
    pub fn at(mut self, time: SystemTime) -> Self {
        self.clock = Some(time);
        self
    }

    /// Adds `message` to the latest change, with its own WAMID or a fresh one.
    pub fn message(mut self, message: UserMessage) -> Self {
        let id = message.id.clone().unwrap_or_else(wamid::fresh);
        let timestamp = unix_seconds(message.time.or(self.clock).unwrap_or_else(SystemTime::now));
        self.change().messages.push(PlacedMessage {
            id,
            timestamp,
            message,
        });
        self
    }

    /// Adds a text message from the phone number `from` (international form, no `+`, as
    /// webhooks write it): [`UserMessage::text`].
    pub fn text(self, from: impl Into<String>, body: impl Into<String>) -> Self {
        self.message(UserMessage::text(from, body))
    }

    /// Adds a text message from a user who hides their phone number, known only by the BSUID
    /// `user_id`: [`UserMessage::text_from_bsuid`].
    pub fn text_from_bsuid(self, user_id: impl Into<String>, body: impl Into<String>) -> Self {
        self.message(UserMessage::text_from_bsuid(user_id, body))
    }

    /// Adds a tap on the reply button `id` titled `title`: [`UserMessage::button_reply`].
    pub fn button_reply(
        self,
        from: impl Into<String>,
        id: impl Into<String>,
        title: impl Into<String>,
    ) -> Self {
        self.message(UserMessage::button_reply(from, id, title))
    }

    /// Adds the pick of the list row `id` titled `title`: [`UserMessage::list_reply`].
    pub fn list_reply(
        self,
        from: impl Into<String>,
        id: impl Into<String>,
        title: impl Into<String>,
    ) -> Self {
        self.message(UserMessage::list_reply(from, id, title, None::<String>))
    }

    /// Adds an image with the media ID `media_id`: [`UserMessage::image`].
    pub fn image(
        self,
        from: impl Into<String>,
        media_id: impl Into<String>,
        caption: Option<&str>,
    ) -> Self {
        self.message(UserMessage::image(from, media_id, caption))
    }

    /// Adds `report` to the latest change.
    pub fn status_report(mut self, report: StatusReport) -> Self {
        let timestamp = unix_seconds(report.time.or(self.clock).unwrap_or_else(SystemTime::now));
        self.change()
            .statuses
            .push(PlacedStatus { timestamp, report });
        self
    }

    /// Adds a status of the business's message `message_id`, sent to [`USER_PHONE_NUMBER`]:
    /// [`StatusReport::new`].
    pub fn status(self, message_id: impl Into<String>, delivery: Delivery) -> Self {
        self.status_report(StatusReport::new(message_id, delivery))
    }

    /// The WAMIDs of the messages, in the order they were added: given or generated.
    #[must_use]
    pub fn message_ids(&self) -> Vec<&str> {
        self.placed_messages()
            .map(|placed| placed.id.as_str())
            .collect()
    }

    /// The WAMID of the latest message added, if any.
    #[must_use]
    pub fn last_message_id(&self) -> Option<&str> {
        self.placed_messages()
            .last()
            .map(|placed| placed.id.as_str())
    }

    /// The body Meta would POST: compact JSON in Meta's shape and key order, every non-ASCII
    /// character escaped `\uXXXX` as in Meta's deliveries. The same builder always gives the
    /// same bytes.
    #[must_use]
    pub fn body(&self) -> Vec<u8> {
        let mut out = String::with_capacity(512);
        object(&mut out, |notification| {
            notification
                .str("object", "whatsapp_business_account")
                .objects("entry", &self.entries, |entry, draft| {
                    entry.str("id", &draft.business_account_id).objects(
                        "changes",
                        &draft.changes,
                        write_change,
                    );
                });
        });
        out.into_bytes()
    }

    /// The body, and the `X-Hub-Signature-256` header `secret` gives it
    /// ([`AppSecret::sign`]).
    #[must_use]
    pub fn signed(&self, secret: &AppSecret) -> SignedNotification {
        let body = self.body();
        let signature = secret.sign(&body);
        SignedNotification { body, signature }
    }

    fn placed_messages(&self) -> impl Iterator<Item = &PlacedMessage> {
        self.entries
            .iter()
            .flat_map(|entry| &entry.changes)
            .flat_map(|change| &change.messages)
    }

    fn entry(&mut self) -> &mut EntryDraft {
        // Never empty: `new` makes one entry and nothing removes it.
        let last = self.entries.len() - 1;
        &mut self.entries[last]
    }

    fn change(&mut self) -> &mut ChangeDraft {
        // Never empty: every entry is made with one change and nothing removes it.
        let changes = &mut self.entry().changes;
        let last = changes.len() - 1;
        &mut changes[last]
    }
}

impl fmt::Debug for NotificationBuilder {
    // Phone numbers and texts stay out: only the shape and the WAMIDs show.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let changes: usize = self.entries.iter().map(|entry| entry.changes.len()).sum();
        let statuses: usize = self
            .entries
            .iter()
            .flat_map(|entry| &entry.changes)
            .map(|change| change.statuses.len())
            .sum();
        f.debug_struct("NotificationBuilder")
            .field("entries", &self.entries.len())
            .field("changes", &changes)
            .field("message_ids", &self.message_ids())
            .field("statuses", &statuses)
            .finish_non_exhaustive()
    }
}

impl ChangeDraft {
    fn new(phone_number_id: String, display_phone_number: String) -> Self {
        ChangeDraft {
            phone_number_id,
            display_phone_number,
            messages: Vec::new(),
            statuses: Vec::new(),
        }
    }
}

fn write_change(change: &mut ObjectWriter<'_>, draft: &ChangeDraft) {
    change.object("value", |value| {
        value
            .str("messaging_product", "whatsapp")
            .object("metadata", |metadata| {
                metadata
                    .str("display_phone_number", &draft.display_phone_number)
                    .str("phone_number_id", &draft.phone_number_id);
            });
        let senders = senders(&draft.messages);
        if !senders.is_empty() {
            value.objects("contacts", senders, write_contact);
        }
        if !draft.messages.is_empty() {
            value.objects("messages", &draft.messages, |message, placed| {
                write_message(message, placed, &draft.display_phone_number);
            });
        }
        if !draft.statuses.is_empty() {
            value.objects("statuses", &draft.statuses, write_status);
        }
    });
    change.str("field", "messages");
}

/// The first message of each sender, in order: a change's `contacts[]` holds one contact per
/// user who wrote.
fn senders(messages: &[PlacedMessage]) -> Vec<&UserMessage> {
    let mut senders: Vec<&UserMessage> = Vec::new();
    for placed in messages {
        let message = &placed.message;
        if message.from.is_none() && message.from_user_id.is_none() {
            continue;
        }
        let known = senders
            .iter()
            .any(|seen| seen.from == message.from && seen.from_user_id == message.from_user_id);
        if !known {
            senders.push(message);
        }
    }
    senders
}

fn write_contact(contact: &mut ObjectWriter<'_>, sender: &UserMessage) {
    if sender.profile_name.is_some() || sender.username.is_some() {
        contact.object("profile", |profile| {
            profile
                .opt_str("name", sender.profile_name.as_deref())
                .opt_str("username", sender.username.as_deref());
        });
    }
    contact
        .opt_str("wa_id", sender.from.as_deref())
        .opt_str("user_id", sender.from_user_id.as_deref())
        .opt_str("parent_user_id", sender.from_parent_user_id.as_deref());
}

fn write_message(out: &mut ObjectWriter<'_>, placed: &PlacedMessage, business_number: &str) {
    let message = &placed.message;
    if let Some(quoted) = &message.reply_to {
        out.object("context", |context| {
            context.str("from", business_number).str("id", quoted);
        });
    }
    out.opt_str("from", message.from.as_deref())
        .opt_str("from_user_id", message.from_user_id.as_deref())
        .opt_str(
            "from_parent_user_id",
            message.from_parent_user_id.as_deref(),
        )
        .str("id", &placed.id)
        .str("timestamp", &placed.timestamp.to_string());
    match &message.content {
        Content::Text { body } => {
            out.str("type", "text").object("text", |text| {
                text.str("body", body);
            });
        }
        Content::ButtonReply { id, title } => {
            out.str("type", "interactive")
                .object("interactive", |interactive| {
                    interactive
                        .str("type", "button_reply")
                        .object("button_reply", |reply| {
                            reply.str("id", id).str("title", title);
                        });
                });
        }
        Content::ListReply {
            id,
            title,
            description,
        } => {
            out.str("type", "interactive")
                .object("interactive", |interactive| {
                    interactive
                        .str("type", "list_reply")
                        .object("list_reply", |reply| {
                            reply
                                .str("id", id)
                                .str("title", title)
                                .opt_str("description", description.as_deref());
                        });
                });
        }
        Content::Image {
            media_id,
            caption,
            mime_type,
        } => {
            out.str("type", "image").object("image", |image| {
                image
                    .opt_str("caption", caption.as_deref())
                    .str("mime_type", mime_type)
                    .str("id", media_id);
            });
        }
    }
}

fn write_status(out: &mut ObjectWriter<'_>, placed: &PlacedStatus) {
    let report = &placed.report;
    out.str("id", &report.message_id)
        .str("status", report.delivery.as_str())
        .str("timestamp", &placed.timestamp.to_string())
        .opt_str("recipient_id", report.recipient_id.as_deref())
        .opt_str("recipient_user_id", report.recipient_user_id.as_deref())
        .opt_str("biz_opaque_callback_data", report.callback_data.as_deref());
    if let Delivery::Failed(code) = report.delivery {
        let title = code.description().unwrap_or("Unknown error");
        out.objects("errors", [code], |error, code| {
            error
                .int("code", code.get())
                .str("title", title)
                .str("message", title)
                .object("error_data", |data| {
                    data.str("details", "A failure made up by cta_axum::testing.");
                })
                .str("href", ERROR_CODES_PAGE);
        });
    }
}

/// Whole seconds since the Unix epoch; 0 for an earlier time.
fn unix_seconds(time: SystemTime) -> u64 {
    time.duration_since(UNIX_EPOCH)
        .map_or(0, |since| since.as_secs())
}

/// A message from a user, to add to a [`NotificationBuilder`] when the shorthands
/// ([`text`](NotificationBuilder::text), …) are not enough: with its own WAMID or time, a
/// BSUID, a profile, or quoting a message.
///
/// ```
/// use std::time::{Duration, SystemTime};
/// use cta_axum::testing::{NotificationBuilder, UserMessage};
///
/// let sent_at = SystemTime::UNIX_EPOCH + Duration::from_secs(1_749_416_383);
/// let builder = NotificationBuilder::default().message(
///     UserMessage::text("16505551234", "Does it come in another color?")
///         .id("wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQzQTRBNjU5OUFFRTAzODEwMTQ0RgA=")
///         .at(sent_at)
///         .user_id("US.13491208655302741918")
///         .profile_name("Sheena Nelson"),
/// );
/// // The fixture `text-message.json`, byte for byte.
/// assert_eq!(
///     String::from_utf8(builder.body())?,
///     r#"{"object":"whatsapp_business_account","entry":[{"id":"102290129340398","changes":[{"value":{"messaging_product":"whatsapp","metadata":{"display_phone_number":"15550783881","phone_number_id":"106540352242922"},"contacts":[{"profile":{"name":"Sheena Nelson"},"wa_id":"16505551234","user_id":"US.13491208655302741918"}],"messages":[{"from":"16505551234","from_user_id":"US.13491208655302741918","id":"wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQzQTRBNjU5OUFFRTAzODEwMTQ0RgA=","timestamp":"1749416383","type":"text","text":{"body":"Does it come in another color?"}}]},"field":"messages"}]}]}"#
/// );
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone)]
#[must_use]
pub struct UserMessage {
    id: Option<String>,
    time: Option<SystemTime>,
    from: Option<String>,
    from_user_id: Option<String>,
    from_parent_user_id: Option<String>,
    profile_name: Option<String>,
    username: Option<String>,
    reply_to: Option<String>,
    content: Content,
}

#[derive(Clone)]
enum Content {
    Text {
        body: String,
    },
    ButtonReply {
        id: String,
        title: String,
    },
    ListReply {
        id: String,
        title: String,
        description: Option<String>,
    },
    Image {
        media_id: String,
        caption: Option<String>,
        mime_type: String,
    },
}

impl UserMessage {
    fn from_phone(from: impl Into<String>, content: Content) -> Self {
        UserMessage {
            id: None,
            time: None,
            from: Some(from.into()),
            from_user_id: None,
            from_parent_user_id: None,
            profile_name: None,
            username: None,
            reply_to: None,
            content,
        }
    }

    /// A `text` message `body` from the phone number `from` (international form without
    /// `+`, as webhooks write it: `16505551234`).
    pub fn text(from: impl Into<String>, body: impl Into<String>) -> Self {
        UserMessage::from_phone(from, Content::Text { body: body.into() })
    }

    /// A `text` message from a user who hides their phone number: `from_user_id` (and the
    /// contact's `user_id`) is the BSUID `user_id`, and there is no `from` nor `wa_id`.
    pub fn text_from_bsuid(user_id: impl Into<String>, body: impl Into<String>) -> Self {
        UserMessage {
            from: None,
            ..UserMessage::text(String::new(), body)
        }
        .user_id(user_id)
    }

    /// An `interactive` `button_reply`: the user tapped the reply button `id` titled `title`.
    pub fn button_reply(
        from: impl Into<String>,
        id: impl Into<String>,
        title: impl Into<String>,
    ) -> Self {
        UserMessage::from_phone(
            from,
            Content::ButtonReply {
                id: id.into(),
                title: title.into(),
            },
        )
    }

    /// An `interactive` `list_reply`: the user picked the list row `id` titled `title`, with
    /// its `description` if it has one.
    pub fn list_reply(
        from: impl Into<String>,
        id: impl Into<String>,
        title: impl Into<String>,
        description: Option<impl Into<String>>,
    ) -> Self {
        UserMessage::from_phone(
            from,
            Content::ListReply {
                id: id.into(),
                title: title.into(),
                description: description.map(Into::into),
            },
        )
    }

    /// An `image` (a JPEG) with the media ID `media_id` and the user's caption, if any.
    pub fn image(
        from: impl Into<String>,
        media_id: impl Into<String>,
        caption: Option<&str>,
    ) -> Self {
        UserMessage::from_phone(
            from,
            Content::Image {
                media_id: media_id.into(),
                caption: caption.map(str::to_owned),
                mime_type: "image/jpeg".to_owned(),
            },
        )
    }

    /// Gives the message the WAMID `wamid` instead of a fresh one: to deliver the same message
    /// twice, as Meta does, or to match a fixture.
    pub fn id(mut self, wamid: impl Into<String>) -> Self {
        self.id = Some(wamid.into());
        self
    }

    /// Sets when the user sent it (written in whole seconds); by default, the builder's time.
    pub fn at(mut self, time: SystemTime) -> Self {
        self.time = Some(time);
        self
    }

    /// Adds the sender's BSUID: `from_user_id`, and the contact's `user_id`.
    pub fn user_id(mut self, user_id: impl Into<String>) -> Self {
        self.from_user_id = Some(user_id.into());
        self
    }

    /// Adds the sender's parent BSUID, shared across a portfolio's linked businesses:
    /// `from_parent_user_id`, and the contact's `parent_user_id`.
    pub fn parent_user_id(mut self, parent_user_id: impl Into<String>) -> Self {
        self.from_parent_user_id = Some(parent_user_id.into());
        self
    }

    /// Leaves out the sender's phone number (`from`, and the contact's `wa_id`), as for a user
    /// with a username who hides it. Give a BSUID with [`user_id`](Self::user_id), or the
    /// message names no sender at all.
    pub fn without_phone_number(mut self) -> Self {
        self.from = None;
        self
    }

    /// Gives the contact a profile with the name `name`.
    pub fn profile_name(mut self, name: impl Into<String>) -> Self {
        self.profile_name = Some(name.into());
        self
    }

    /// Gives the contact a profile with the WhatsApp username `username`.
    pub fn username(mut self, username: impl Into<String>) -> Self {
        self.username = Some(username.into());
        self
    }

    /// Makes the message a reply to the business's message `wamid` (`context`).
    pub fn reply_to(mut self, wamid: impl Into<String>) -> Self {
        self.reply_to = Some(wamid.into());
        self
    }
}

impl fmt::Debug for UserMessage {
    // The sender and the text stay out.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let kind = match self.content {
            Content::Text { .. } => "text",
            Content::ButtonReply { .. } => "button_reply",
            Content::ListReply { .. } => "list_reply",
            Content::Image { .. } => "image",
        };
        f.debug_struct("UserMessage")
            .field("id", &self.id)
            .field("kind", &kind)
            .finish_non_exhaustive()
    }
}

/// What became of a message the business sent, as a status webhook says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Delivery {
    /// `sent`.
    Sent,
    /// `delivered`.
    Delivered,
    /// `read`.
    Read,
    /// `played` (a voice message).
    Played,
    /// `failed`, with the error code Meta gives (131047 outside the 24-hour window, …).
    Failed(ErrorCode),
}

impl Delivery {
    /// The `status` as Meta writes it.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Delivery::Sent => "sent",
            Delivery::Delivered => "delivered",
            Delivery::Read => "read",
            Delivery::Played => "played",
            Delivery::Failed(_) => "failed",
        }
    }
}

/// A status of one of the business's messages, to add to a [`NotificationBuilder`] with
/// [`status_report`](NotificationBuilder::status_report).
#[derive(Clone)]
#[must_use]
pub struct StatusReport {
    message_id: String,
    delivery: Delivery,
    time: Option<SystemTime>,
    recipient_id: Option<String>,
    recipient_user_id: Option<String>,
    callback_data: Option<String>,
}

impl StatusReport {
    /// `delivery` of the message `message_id` (the WAMID the send was answered with), sent to
    /// [`USER_PHONE_NUMBER`]. A failed status carries one error with its code.
    pub fn new(message_id: impl Into<String>, delivery: Delivery) -> Self {
        StatusReport {
            message_id: message_id.into(),
            delivery,
            time: None,
            recipient_id: Some(USER_PHONE_NUMBER.to_owned()),
            recipient_user_id: None,
            callback_data: None,
        }
    }

    /// The recipient's phone number (`recipient_id`).
    pub fn recipient(mut self, phone_number: impl Into<String>) -> Self {
        self.recipient_id = Some(phone_number.into());
        self
    }

    /// The recipient's BSUID (`recipient_user_id`).
    pub fn recipient_user_id(mut self, user_id: impl Into<String>) -> Self {
        self.recipient_user_id = Some(user_id.into());
        self
    }

    /// Leaves out `recipient_id`, as for a message sent to a BSUID.
    pub fn without_phone_number(mut self) -> Self {
        self.recipient_id = None;
        self
    }

    /// Sets when it happened (written in whole seconds); by default, the builder's time.
    pub fn at(mut self, time: SystemTime) -> Self {
        self.time = Some(time);
        self
    }

    /// The `biz_opaque_callback_data` the message was sent with, echoed.
    pub fn callback_data(mut self, data: impl Into<String>) -> Self {
        self.callback_data = Some(data.into());
        self
    }
}

impl fmt::Debug for StatusReport {
    // The recipient stays out.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("StatusReport")
            .field("message_id", &self.message_id)
            .field("delivery", &self.delivery)
            .finish_non_exhaustive()
    }
}

/// A notification's body with its `X-Hub-Signature-256` header, ready to POST to a webhook
/// endpoint: in process to an axum [`Router`] with [`post`](Self::post), or by any HTTP
/// client with [`body`](Self::body) and [`headers`](Self::headers).
#[derive(Clone)]
pub struct SignedNotification {
    body: Vec<u8>,
    signature: String,
}

impl SignedNotification {
    /// The body, as [`NotificationBuilder::body`] gave it.
    #[must_use]
    pub fn body(&self) -> &[u8] {
        &self.body
    }

    /// The value of the `X-Hub-Signature-256` header: `sha256=` and 64 lowercase hex digits.
    #[must_use]
    pub fn signature(&self) -> &str {
        &self.signature
    }

    /// The headers Meta sends with it: `X-Hub-Signature-256` and `Content-Type:
    /// application/json`.
    #[must_use]
    pub fn headers(&self) -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        );
        // A signature is ASCII hex, always a valid header value.
        if let Ok(signature) = HeaderValue::from_str(&self.signature) {
            headers.insert(SIGNATURE_HEADER, signature);
        }
        headers
    }

    /// The body and the headers.
    #[must_use]
    pub fn into_parts(self) -> (Vec<u8>, HeaderMap) {
        let headers = self.headers();
        (self.body, headers)
    }

    /// A `POST` of the notification to `uri` (a path such as `/webhook`, or a whole URL).
    ///
    /// # Errors
    ///
    /// When `uri` is not a valid URI.
    pub fn request(&self, uri: &str) -> Result<Request<Body>, http::Error> {
        let mut request = Request::builder()
            .method(Method::POST)
            .uri(uri)
            .body(Body::from(self.body.clone()))?;
        *request.headers_mut() = self.headers();
        Ok(request)
    }

    /// POSTs the notification to `uri` of `router`, in process (no socket), and gives the
    /// router's answer.
    ///
    /// # Errors
    ///
    /// When `uri` is not a valid URI.
    pub async fn post(&self, router: &Router, uri: &str) -> Result<Response, http::Error> {
        let request = self.request(uri)?;
        let mut router = router.clone();
        // A `Router` never fails: its error type is `Infallible`.
        let ready = std::future::poll_fn(|cx| {
            tower_service::Service::<Request<Body>>::poll_ready(&mut router, cx)
        })
        .await;
        if let Err(never) = ready {
            match never {}
        }
        match tower_service::Service::call(&mut router, request).await {
            Ok(response) => Ok(response),
            Err(never) => match never {},
        }
    }
}

impl fmt::Debug for SignedNotification {
    // The body holds phone numbers and texts: only its length shows.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SignedNotification")
            .field("body_len", &self.body.len())
            .field("signature", &self.signature)
            .finish()
    }
}
