//! WhatsApp interactive call-to-action URL messages, checked while your code compiles.
//!
//! WhatsApp's Cloud API sends a *CTA URL message*: an optional header (text, image, video or
//! document), a body, an optional footer and one button that opens a URL. Meta checks the
//! message only when you send it, in production: a 21-character button label is rejected
//! there. This crate moves every check to the build. The [`cta_message!`] macro checks string
//! literals at compile time and points at the token at fault; values known only at run time go
//! through the very same [`rules`] when they are built, with a typed [`RuleError`].
//!
//! ```
//! use cta_core::cta_message;
//!
//! let message = cta_message! {
//!     to: "+16505551234",
//!     header: image("https://www.luckyshrub.com/assets/lucky-shrub-banner-logo-v1.png"),
//!     body: "Tap the button below to see available dates.",
//!     button: "See Dates",
//!     url: "https://www.luckyshrub.com?clickID=kqDGWd24Q5TRwoEQTICY7W1JKoXvaZOXWAS7h1P76s0R7Paec4",
//!     footer: "Dates subject to change.",
//! };
//!
//! // The exact request body of Meta's example, rendered while the code compiled.
//! let body = message.to_json_vec();
//! assert_eq!(body, serde_json::to_vec(&message)?);
//! # Ok::<(), serde_json::Error>(())
//! ```
//!
//! [`CtaUrlMessage::to_json_vec`] (or [`write_json`](CtaUrlMessage::write_json) into a buffer
//! you reuse) is the way to make the HTTP request body: it gives exactly the bytes of
//! `serde_json::to_vec`, in one allocation, copying what the macro rendered at compile time
//! and escaping only the values known at run time. The [`Serialize`](serde_core::Serialize) impl
//! stays for putting a message inside other serde structures.
//!
//! A label one character too long does not build:
//!
//! ```compile_fail
//! let message = cta_core::cta_message! {
//!     body: "Tap the button below to see available dates.",
//!     button: "See available dates!!",
//!     url: "https://www.luckyshrub.com",
//! };
//! // error: button label is 21 characters; WhatsApp allows at most 20
//! ```
//!
//! # Values known at run time
//!
//! Each part has a checked type ([`BodyText`], [`ButtonLabel`], [`ButtonUrl`], …), made with
//! `new`, [`FromStr`](std::str::FromStr) or [`TryFrom<String>`]. The macro takes them in place of
//! a literal, and [`MessageBuilder`] builds a whole message from plain strings, reporting every
//! problem at once:
//!
//! ```
//! use cta_core::{cta_message, BodyText, Recipient};
//!
//! let customer = String::from("Ada");
//! let body = BodyText::new(format!("Hello {customer}, here are this month's workshops."))?;
//! let message = cta_message! {
//!     body: body,
//!     button: "See workshops",
//!     url: "https://example.com/workshops",
//! }
//! .to(Recipient::new("+16505551234")?);
//! assert_eq!(message.body().as_str(), "Hello Ada, here are this month's workshops.");
//! # Ok::<(), cta_core::RuleError>(())
//! ```
//!
//! # Personal messages
//!
//! [`cta_template!`] keeps the compile-time checks for messages with `{name}` placeholders: it
//! checks the fixed text and the placeholders while the code compiles, defines a struct with
//! one `&str` field per placeholder, and its `render` checks each value by the rules of the part
//! it lands in, percent-encoding a value in the URL for where it stands. Like every CTA URL
//! message it is a reply, sent while the customer's 24-hour window is open (here, to a customer
//! who asked about a workshop):
//!
//! ```
//! cta_core::cta_template! {
//!     /// The dates of a workshop, in reply to a customer who asked.
//!     pub struct WorkshopDates {
//!         body: "Hi {name}, here are the next dates for {workshop}.",
//!         button: "See dates",
//!         url: "https://www.luckyshrub.com/workshops/{workshop}",
//!     }
//! }
//!
//! let content = WorkshopDates { name: "Ada", workshop: "pots/pans" }.render()?;
//! assert_eq!(content.url().as_str(), "https://www.luckyshrub.com/workshops/pots%2Fpans");
//! # Ok::<(), cta_core::TemplateError>(())
//! ```
//!
//! # Outside the 24-hour window
//!
//! Meta accepts an interactive CTA URL message only within 24 hours of the customer's last
//! message, and refuses it after that with error 131047. What a business starts itself (a
//! reminder, a notice that an order shipped) days later must be a message template Meta
//! approved beforehand. The two macros stand side by side:
//!
//! - [`cta_template!`] (and [`cta_message!`]): your own text, an interactive message, sent
//!   inside the window;
//! - [`approved_template!`]: Meta's approved text, sent at any time; the personal part goes in
//!   its variables and at the end of its URL button. The macro checks the message against the
//!   approved definition (`whatsapp-templates.json`, written by `cta templates pull`) while
//!   your code compiles.
//!
//! [`ServiceWindow`] says, from when the customer last wrote, which one applies: reply with
//! the CTA URL message while the window is open, else send the approved template.
//!
//! ```
//! use std::time::{Duration, SystemTime};
//! use cta_core::{Recipient, ServiceWindow};
//!
//! cta_core::cta_template! {
//!     /// The dates of a workshop, in reply to the customer.
//!     pub struct WorkshopDates {
//!         body: "Hi {name}, here are the next dates for {workshop}.",
//!         button: "See dates",
//!         url: "https://www.luckyshrub.com/workshops/{workshop}",
//!     }
//! }
//!
//! cta_core::approved_template! {
//!     /// Meta's approved reminder of new dates, for a customer who last wrote over a day ago.
//!     pub struct WorkshopReminder = "workshop_reminder" in "en_US";
//! }
//!
//! /// The request body to send `to`, who last wrote at `last_message`.
//! fn workshop_message(
//!     to: Recipient,
//!     last_message: SystemTime,
//!     now: SystemTime,
//! ) -> Result<Vec<u8>, Box<dyn std::error::Error>> {
//!     if ServiceWindow::after(last_message).is_open(now) {
//!         let content = WorkshopDates { name: "Ada", workshop: "potting" }.render()?;
//!         Ok(content.into_message(to).to_json_vec())
//!     } else {
//!         let content = WorkshopReminder { name: "Ada", workshop: "potting", url_0: "potting" }
//!             .render()?;
//!         Ok(content.into_message(to).to_json_vec())
//!     }
//! }
//!
//! let last_message = SystemTime::UNIX_EPOCH + Duration::from_secs(1_749_416_383);
//! let to = Recipient::new("+16505551234")?;
//! let hour_later = workshop_message(to.clone(), last_message, last_message + Duration::from_secs(3600))?;
//! assert!(String::from_utf8(hour_later)?.contains(r#""type":"interactive""#));
//! let days_later = workshop_message(to, last_message, last_message + Duration::from_secs(3 * 86_400))?;
//! assert!(String::from_utf8(days_later)?.contains(r#""type":"template""#));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! Both are sent the same way: `send::SendConfig::request` and `send::Client::send` take
//! either (features `send` and `client`).
//!
//! # The rules
//!
//! [`rules`] holds every limit and rule, with its source: Meta's documentation, or the crate's
//! own choice where Meta says nothing precise (**\[chosen\]**). Characters are counted as
//! Unicode scalar values (`str::chars().count()`): 👍 counts 1 and the flag 🇫🇷 counts 2; this
//! counting is **\[chosen\]**, since Meta does not say how it counts.
//!
//! | part | rule | source |
//! |---|---|---|
//! | `to`, a phone number | 7 to 15 digits, a leading `+`, spaces, `-`, `(`, `)`; at most 32 characters; sent as `"to"` | \[chosen\] |
//! | `to`, a BSUID | a country code in capitals, `.`, `ENT.` for a parent BSUID, then 1 to 128 letters and digits; sent as `"recipient"` | \[Meta\] |
//! | header text | at most 60 characters, one line | \[Meta\], one line \[chosen\] |
//! | body | at most 1024 characters | \[Meta\] |
//! | button label | at most 20 characters, one line | \[Meta\], one line \[chosen\] |
//! | button URL, media link | absolute `http(s)` URL with a well-formed host (labels not empty, no `-` at a label's ends; an IPv4 address, or an IPv6 address in brackets); no whitespace, control or invisible characters, backslash or user-info; at most 2000 characters | \[chosen\] |
//! | footer | at most 60 characters | \[Meta\] |
//! | media ID | digits | \[chosen\] |
//! | document file name | at most 240 characters, one line | \[chosen\] |
//! | `reply_to` | at most 128 characters, one line | \[Meta\], one line \[chosen\] |
//! | `callback_data` | at most 512 characters | \[Meta\] |
//! | any text but `callback_data` | not blank: not only whitespace and invisible characters | \[chosen\] |
//! | header text, body, button label, footer | no control characters but tabs and line breaks | \[chosen\] |
//!
//! # Preview
//!
//! With the `preview` feature (off by default, no added dependency), `preview::render` draws a
//! message as a self-contained HTML page: the chat bubble as the phone shows it, beside each
//! part's length against its limit. See the `preview` module.
//!
//! # Sending
//!
//! With the `send` feature, the `send` module turns a message into an `http::Request` for any
//! HTTP client (`send::SendConfig::request`) and reads the Graph API's answer
//! (`send::SendConfig::parse_response`), with typed Graph API errors and their retry verdict. The
//! `client` feature, off by default, adds `send::Client`, a ready sender on reqwest and
//! tokio with a timeout and retries; without it the crate depends on no HTTP client, and
//! without `send` not even on the `http` crate.
//!
//! # Receiving
//!
//! With the `webhook` feature (independent of `send`), the `webhook` module answers Meta's
//! subscription handshake, checks the `X-Hub-Signature-256` of each webhook POST, and reads
//! its body into typed messages and statuses, borrowed from the body, one malformed item never
//! losing its neighbours. `CtaUrlContent::in_reply_to(&inbound)` addresses a reply to the sender
//! (by phone number in `"to"`, or by business-scoped user ID in `"recipient"`) and quotes the
//! message. See the `reply_bot` example for the whole loop.

#![forbid(unsafe_code)]
// CI runs clippy with `-D clippy::pedantic`. Exceptions are made at the item they concern,
// each with its reason; none is needed for the whole crate.
#![deny(missing_docs)]
#![cfg_attr(docsrs, feature(doc_cfg))]

pub mod approved;
mod checked;
#[cfg(any(feature = "send", feature = "webhook"))]
#[cfg_attr(docsrs, doc(cfg(any(feature = "send", feature = "webhook"))))]
pub mod graph;
mod macros;
mod payload;
#[cfg(feature = "preview")]
#[cfg_attr(docsrs, doc(cfg(feature = "preview")))]
pub mod preview;
pub mod rules {
    //! Every limit and rule a CTA URL message is checked against, the same at compile time (the
    //! macros) and at run time (the checked types, `Deserialize`, the builder). The crate docs'
    //! [table](crate#the-rules) lists them with their sources; each item here documents its own.
    //!
    //! ```
    //! use cta_core::rules::{self, BUTTON_LABEL_MAX_CHARS, Field, RuleError};
    //!
    //! assert_eq!(BUTTON_LABEL_MAX_CHARS, 20);
    //! let error = rules::check(Field::ButtonLabel, "Twenty-one characters").unwrap_err();
    //! assert!(matches!(error, RuleError::TooLong { max: 20, found: 21, .. }));
    //! ```

    pub use cta_rules::{
        BODY_TEXT_MAX_CHARS, BSUID_MAX_ID_CHARS, BUTTON_LABEL_MAX_CHARS, CALLBACK_DATA_MAX_CHARS,
        FILENAME_MAX_CHARS, FOOTER_TEXT_MAX_CHARS, Field, HEADER_TEXT_MAX_CHARS, HeaderKind,
        HostProblem, MESSAGE_ID_MAX_CHARS, RECIPIENT_MAX_CHARS, RECIPIENT_MAX_DIGITS,
        RECIPIENT_MIN_DIGITS, RecipientKind, RuleError, Source, URL_MAX_CHARS, approved, check,
        is_blank, is_invisible, is_line_break,
    };
    // The plumbing of the macros and the writers: for this crate only, not public API.
    #[allow(
        unused_imports,
        reason = "which of them a build uses depends on its features"
    )]
    pub(crate) use cta_rules::{check_json, json, layout, template};
}
#[cfg(feature = "send")]
#[cfg_attr(docsrs, doc(cfg(feature = "send")))]
pub mod send;
pub mod template;
#[cfg(feature = "webhook")]
#[cfg_attr(docsrs, doc(cfg(feature = "webhook")))]
pub mod webhook;
mod window;

#[doc(hidden)]
#[path = "private/mod.rs"]
pub mod __private;

/// The README's Rust code blocks, compiled (and run, unless marked `no_run`) as doctests, so
/// that each compiles as shown. They use the `send`, `client` and `preview` features, which
/// `cargo test --workspace` turns on; alone, run `cargo test -p cta-core --doc --all-features`.
#[cfg(all(doctest, feature = "client", feature = "preview", feature = "webhook"))]
#[doc = include_str!("../../README.md")]
pub struct ReadmeDoctests;

pub use approved::{ApprovedContent, ApprovedError, ApprovedMessage};
pub use checked::{
    BodyText, ButtonLabel, ButtonUrl, CallbackData, Filename, FooterText, HeaderText, MediaId,
    MediaLink, MessageId, Recipient,
};
pub use payload::{
    BuildError, BuildProblem, ContentBuilder, CtaUrlContent, CtaUrlMessage, Document, Header,
    Media, MessageBuilder,
};
pub use rules::{Field, RuleError, Source};
pub use template::TemplateError;
pub use window::{SERVICE_WINDOW, ServiceWindow};
