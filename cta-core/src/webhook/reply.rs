//! Replying to an inbound message: its sender as a [`Recipient`], its WAMID as the reply's
//! `context.message_id`, in one call.

use std::fmt;

use super::message::ReplyAddress;
use super::notification::InboundMessage;
use crate::rules::{RecipientKind, RuleError};
use crate::{CtaUrlContent, CtaUrlMessage, MessageId, Recipient};

/// A webhook's sender as a recipient: a phone number gets its leading `+`, a BSUID goes as it
/// is (in `"recipient"`, not `"to"`).
///
/// Webhooks write a phone number (`from`, `wa_id`) in full international form *without* `+`;
/// sent back without it, Meta would prepend the business number's country code, which can
/// reach the wrong person. So `16505551234` becomes `+16505551234`. A number that already
/// starts with `+` keeps its one `+`.
///
/// ```
/// use cta_core::webhook::ReplyAddress;
/// use cta_core::{rules::RecipientKind, Recipient};
///
/// let phone = Recipient::try_from(ReplyAddress::PhoneNumber("16505551234"))?;
/// assert_eq!(phone.as_str(), "+16505551234");
/// assert_eq!(phone.kind(), RecipientKind::PhoneNumber);
///
/// let bsuid = Recipient::try_from(ReplyAddress::UserId("US.13491208655302741918"))?;
/// assert_eq!(bsuid.as_str(), "US.13491208655302741918");
/// assert_eq!(bsuid.kind(), RecipientKind::Bsuid);
///
/// // A user ID that is not a BSUID would go in "to": refused.
/// assert!(Recipient::try_from(ReplyAddress::UserId("16505551234")).is_err());
/// # Ok::<(), cta_core::RuleError>(())
/// ```
///
/// # Errors
///
/// The [`RuleError`] of the recipient's rules, when the address is not a phone number (for
/// [`ReplyAddress::PhoneNumber`]) or not a BSUID (for [`ReplyAddress::UserId`]). Positions in
/// the error count the `+` that was added to a phone number.
impl TryFrom<ReplyAddress<'_>> for Recipient {
    type Error = RuleError;

    fn try_from(address: ReplyAddress<'_>) -> Result<Self, RuleError> {
        let (kind, text) = match address {
            ReplyAddress::PhoneNumber(number) if number.starts_with('+') => {
                (RecipientKind::PhoneNumber, number.to_owned())
            }
            ReplyAddress::PhoneNumber(number) => (RecipientKind::PhoneNumber, format!("+{number}")),
            ReplyAddress::UserId(id) => (RecipientKind::Bsuid, id.to_owned()),
        };
        kind.check(&text)?;
        // Checked above, and of the kind wanted: the recipient's own check passes too.
        Recipient::new(text)
    }
}

/// Why a reply could not be addressed to an inbound message.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum ReplyError {
    /// The webhook gave no address for the sender: neither `from` nor `from_user_id` on the
    /// message, nor `wa_id` nor `user_id` on its contact.
    NoAddress,
    /// The sender's address breaks a recipient rule (see [`Recipient`]'s
    /// [`TryFrom<ReplyAddress>`](Recipient#impl-TryFrom<ReplyAddress<'_>>-for-Recipient)).
    Address {
        /// Whether the address was a phone number or a BSUID.
        kind: RecipientKind,
        /// The rule it breaks.
        error: RuleError,
    },
    /// The inbound message's ID breaks a rule of [`MessageId`] (a WAMID of at most 128
    /// characters, on one line).
    MessageId(RuleError),
}

/// The rule broken, if any, is part of the message: `the sender's phone number cannot be a
/// recipient: recipient has 3 digits; …`.
impl fmt::Display for ReplyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ReplyError::NoAddress => f.write_str(
                "the webhook gives no address for the sender (no `from`, `from_user_id`, \
                 `wa_id` or `user_id`)",
            ),
            ReplyError::Address {
                kind: RecipientKind::PhoneNumber,
                error,
            } => write!(
                f,
                "the sender's phone number cannot be a recipient: {error}"
            ),
            ReplyError::Address {
                kind: RecipientKind::Bsuid,
                error,
            } => write!(
                f,
                "the sender's business-scoped user ID cannot be a recipient: {error}"
            ),
            ReplyError::MessageId(error) => write!(
                f,
                "the inbound message's ID cannot be a reply's `context.message_id`: {error}"
            ),
        }
    }
}

/// The rule broken is in the message; `source` goes on from the rule's own source.
impl std::error::Error for ReplyError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            ReplyError::NoAddress => None,
            ReplyError::Address { error, .. } | ReplyError::MessageId(error) => error.source(),
        }
    }
}

impl InboundMessage<'_, '_> {
    /// Where to send a reply, as a checked [`Recipient`]: the
    /// [`reply_address`](Self::reply_address), a phone number with its `+` added.
    ///
    /// # Errors
    ///
    /// [`ReplyError::NoAddress`] when the webhook gives none, [`ReplyError::Address`] when it
    /// breaks a recipient rule.
    pub fn reply_recipient(&self) -> Result<Recipient, ReplyError> {
        let address = self.reply_address().ok_or(ReplyError::NoAddress)?;
        Recipient::try_from(address).map_err(|error| ReplyError::Address {
            kind: match address {
                ReplyAddress::PhoneNumber(_) => RecipientKind::PhoneNumber,
                ReplyAddress::UserId(_) => RecipientKind::Bsuid,
            },
            error,
        })
    }

    /// The message's WAMID, checked as a reply's `context.message_id`.
    ///
    /// # Errors
    ///
    /// [`ReplyError::MessageId`] when it breaks a rule of [`MessageId`].
    pub fn message_id(&self) -> Result<MessageId, ReplyError> {
        self.id.parse().map_err(ReplyError::MessageId)
    }
}

impl CtaUrlContent {
    /// This content as a reply to `inbound`: addressed to its sender
    /// ([`InboundMessage::reply_recipient`]: the phone number with `+` in `"to"`, else the
    /// BSUID in `"recipient"`) and quoting it (`context.message_id` = its WAMID).
    ///
    /// Content made by `cta_message!` from literals keeps the JSON the macro rendered: only
    /// the recipient and the WAMID are escaped when the message is written.
    ///
    /// ```
    /// use cta_core::webhook::Notification;
    /// use cta_core::{cta_message, CtaUrlContent};
    ///
    /// const REPLY: CtaUrlContent = cta_message! {
    ///     body: "Thanks! Our catalogue has every colour.",
    ///     button: "See colours",
    ///     url: "https://example.com/colours",
    /// };
    ///
    /// let body = br#"{"object":"whatsapp_business_account","entry":[{"id":"1","changes":[{"field":"messages","value":{
    ///     "contacts":[{"wa_id":"16505551234","user_id":"US.13491208655302741918"}],
    ///     "messages":[{"from":"16505551234","id":"wamid.QUESTION","timestamp":"1749416383","type":"text","text":{"body":"Blue?"}}]}}]}]}"#;
    /// let notification = Notification::parse(body)?;
    /// for inbound in notification.messages().filter_map(Result::ok) {
    ///     let reply = REPLY.in_reply_to(&inbound)?;
    ///     assert_eq!(reply.recipient().as_str(), "+16505551234");
    ///     assert_eq!(reply.reply_to().map(|id| id.as_str()), Some("wamid.QUESTION"));
    ///     assert!(reply.to_json_vec().starts_with(
    ///         br#"{"messaging_product":"whatsapp","recipient_type":"individual","to":"+16505551234","context":{"message_id":"wamid.QUESTION"},"type":"interactive""#
    ///     ));
    /// }
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # The customer service window
    ///
    /// A CTA URL message is a free-form message: Meta takes it only within 24 hours of the
    /// user's *latest* message, whose webhook `timestamp` tells when the window closes
    /// ([`reply_window_closes_at`](super::Message::reply_window_closes_at),
    /// [`is_reply_window_open`](super::Message::is_reply_window_open)). After that the send
    /// fails with error 131047
    /// ([`ErrorCode::REENGAGEMENT_MESSAGE`](crate::graph::ErrorCode::REENGAGEMENT_MESSAGE), not
    /// retryable), and only a template message can reach the user until they write again.
    /// This method does not look at the clock; check the window before sending if the reply
    /// may come late.
    ///
    /// # Errors
    ///
    /// [`ReplyError::NoAddress`] when the webhook gives no address for the sender,
    /// [`ReplyError::Address`] when the address breaks a recipient rule,
    /// [`ReplyError::MessageId`] when the WAMID breaks a rule of [`MessageId`].
    pub fn in_reply_to(
        &self,
        inbound: &InboundMessage<'_, '_>,
    ) -> Result<CtaUrlMessage, ReplyError> {
        self.clone().into_reply_to(inbound)
    }

    /// Like [`in_reply_to`](Self::in_reply_to), without copying the content.
    ///
    /// # Errors
    ///
    /// As [`in_reply_to`](Self::in_reply_to).
    pub fn into_reply_to(
        self,
        inbound: &InboundMessage<'_, '_>,
    ) -> Result<CtaUrlMessage, ReplyError> {
        let recipient = inbound.reply_recipient()?;
        let message_id = inbound.message_id()?;
        Ok(self.with_reply_to(message_id).into_message(recipient))
    }
}
