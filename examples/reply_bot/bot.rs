//! The reply bot's webhook, apart from its `main` so that tests can build the router and
//! serve it themselves (`tests/tests/it/reply_bot.rs` includes this file with `#[path]`).
//!
//! `GET /webhook` answers Meta's subscription handshake; `POST /webhook` checks the
//! signature, answers 200 at once, and replies to each new text message from a spawned task.

use std::collections::{HashSet, VecDeque};
use std::fmt;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::SystemTime;

use axum::Router;
use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, State};
use axum::http::{HeaderMap, StatusCode, Uri};
use axum::routing::get;
use cta_core::graph::ErrorCode;
use cta_core::send::Client;
use cta_core::webhook::{AppSecret, MessageKind, VerifyToken, WebhookError, handshake_uri};
use cta_core::{CtaUrlContent, CtaUrlMessage, cta_message};

/// The largest webhook body taken: 1 MiB. Meta's deliveries are a few kilobytes, batches
/// included; a larger body is answered 413 before its signature is even checked, so that
/// unsigned junk cannot make the bot buffer more than this per request.
pub const BODY_LIMIT: usize = 1024 * 1024;

/// How many message IDs the bot remembers to drop a delivery Meta makes again: the latest
/// 4096, the oldest forgotten first. A WAMID is at most 128 bytes, so this is at most about
/// 1 MiB (with the set's and the queue's copies). Meta redelivers a notification only when it
/// got no 200, within about a day; 4096 covers that for a bot that receives fewer than 4096
/// messages in the time a redelivery takes.
pub const REMEMBERED_MESSAGES: usize = 4096;

/// What the bot answers, checked while the example compiles. Each reply quotes the message it
/// answers (`context.message_id`), and carries the callback data `reply_bot`, which Meta echoes
/// in the reply's status webhooks.
pub const REPLY: CtaUrlContent = cta_message! {
    body: "Thanks for your message! Our catalogue has every colour and size, with prices.",
    button: "See catalogue",
    url: "https://example.com/catalogue",
    footer: "Reply here any time.",
    callback_data: "reply_bot",
};

/// Something the bot did or saw, for its log. Never holds a secret, a phone number or a
/// message's text: only message IDs, statuses and callback data.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Event {
    /// A subscription handshake, answered with the challenge or refused.
    Handshake {
        /// Whether it was answered 200.
        accepted: bool,
    },
    /// A POST refused with 401: missing, malformed or wrong signature.
    BadSignature(String),
    /// A signed POST whose body is not a notification (answered 200: Meta would only send it
    /// again).
    Unreadable(String),
    /// An entry, change, message or status that could not be read.
    Problem(String),
    /// A message already seen: Meta delivered it again.
    Duplicate {
        /// Its WAMID.
        id: String,
    },
    /// A message that is not text: not answered.
    NotText {
        /// Its WAMID.
        id: String,
        /// Its `type`.
        kind: String,
    },
    /// A text message received more than 24 hours ago: only a template could answer it.
    WindowClosed {
        /// Its WAMID.
        id: String,
    },
    /// A text message that cannot be answered (no address, or one that breaks a rule).
    CannotReply {
        /// Its WAMID.
        id: String,
        /// Why.
        why: String,
    },
    /// A reply the Graph API accepted.
    Replied {
        /// The WAMID of the message answered.
        to: String,
        /// The WAMID of the reply.
        reply: String,
    },
    /// A reply the Graph API refused, or that did not reach it.
    SendFailed {
        /// The WAMID of the message answered.
        to: String,
        /// Why.
        why: String,
    },
    /// A status of a message the business sent.
    Status {
        /// The WAMID of the message.
        id: String,
        /// `sent`, `delivered`, `read`, `failed`, …
        status: String,
        /// The callback data the message was sent with, echoed.
        callback_data: Option<String>,
        /// The first error's code, for a failed message.
        error_code: Option<i64>,
    },
}

impl fmt::Display for Event {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Event::Handshake { accepted: true } => f.write_str("handshake: accepted"),
            Event::Handshake { accepted: false } => f.write_str("handshake: refused"),
            Event::BadSignature(why) => write!(f, "refused (401): {why}"),
            Event::Unreadable(why) => write!(f, "unreadable notification: {why}"),
            Event::Problem(why) => write!(f, "unreadable item: {why}"),
            Event::Duplicate { id } => write!(f, "duplicate: {id} (already answered)"),
            Event::NotText { id, kind } => write!(f, "not text: {id} ({kind}), not answered"),
            Event::WindowClosed { id } => {
                write!(f, "window closed: {id} is over 24 hours old, not answered")
            }
            Event::CannotReply { id, why } => write!(f, "cannot reply to {id}: {why}"),
            Event::Replied { to, reply } => write!(f, "replied to {to}: {reply}"),
            Event::SendFailed { to, why } => write!(f, "reply to {to} failed: {why}"),
            Event::Status {
                id,
                status,
                callback_data,
                error_code,
            } => {
                write!(f, "status: {id} {status}")?;
                // Quoted, so that a line break in it cannot forge a log line.
                if let Some(data) = callback_data {
                    write!(f, " callback_data={data:?}")?;
                }
                if let Some(code) = error_code {
                    write!(f, " error={code}")?;
                }
                Ok(())
            }
        }
    }
}

/// Where the bot's events go.
pub type Log = Arc<dyn Fn(Event) + Send + Sync>;

/// The message IDs seen last, at most [`REMEMBERED_MESSAGES`] of them.
#[derive(Debug, Default)]
struct Seen {
    ids: HashSet<String>,
    order: VecDeque<String>,
}

impl Seen {
    /// Whether `id` is new; remembers it, forgetting the oldest beyond `capacity`.
    fn first_time(&mut self, id: &str, capacity: usize) -> bool {
        if self.ids.contains(id) {
            return false;
        }
        self.ids.insert(id.to_owned());
        self.order.push_back(id.to_owned());
        while self.order.len() > capacity {
            if let Some(oldest) = self.order.pop_front() {
                self.ids.remove(&oldest);
            }
        }
        true
    }
}

/// The bot: its secrets, its sender, its log and its memory of message IDs.
pub struct Bot {
    app_secret: AppSecret,
    verify_token: VerifyToken,
    client: Client,
    log: Log,
    now: fn() -> SystemTime,
    seen: Mutex<Seen>,
    capacity: usize,
}

impl Bot {
    /// A bot that checks POSTs with `app_secret`, answers the handshake for `verify_token`,
    /// sends with `client` and prints its events.
    pub fn new(app_secret: AppSecret, verify_token: VerifyToken, client: Client) -> Bot {
        Bot {
            app_secret,
            verify_token,
            client,
            log: Arc::new(|event| println!("{event}")),
            now: SystemTime::now,
            seen: Mutex::new(Seen::default()),
            capacity: REMEMBERED_MESSAGES,
        }
    }

    /// Sends the events to `log` instead of printing them.
    #[must_use]
    #[allow(dead_code, reason = "for the tests, which include this file")]
    pub fn with_log(mut self, log: Log) -> Bot {
        self.log = log;
        self
    }

    /// Reads the time from `now` to judge the 24-hour window (tests use a fixed time).
    #[must_use]
    #[allow(dead_code, reason = "for the tests, which include this file")]
    pub fn with_clock(mut self, now: fn() -> SystemTime) -> Bot {
        self.now = now;
        self
    }

    /// Remembers `capacity` message IDs rather than [`REMEMBERED_MESSAGES`].
    #[must_use]
    #[allow(dead_code, reason = "for the tests, which include this file")]
    pub fn with_memory(mut self, capacity: usize) -> Bot {
        self.capacity = capacity;
        self
    }

    fn log(&self, event: Event) {
        (self.log)(event);
    }

    fn first_time(&self, id: &str) -> bool {
        // A panic while the lock is held leaves the set as it was: keep using it.
        self.seen
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .first_time(id, self.capacity)
    }

    /// Reads a signed notification: logs its statuses and problems, and gives the replies
    /// to send, each with the WAMID it answers.
    fn replies(
        &self,
        headers: &HeaderMap,
        body: &[u8],
    ) -> Result<Vec<(String, CtaUrlMessage)>, WebhookError> {
        let notification = cta_core::webhook::receive(&self.app_secret, headers, body)?;
        for problem in notification.problems() {
            // Where, not why: the reason may quote a message's text or a phone number.
            self.log(Event::Problem(problem.location().to_string()));
        }
        for update in notification.statuses().filter_map(Result::ok) {
            self.log(Event::Status {
                id: update.id.to_string(),
                status: update.status.as_str().to_owned(),
                callback_data: update
                    .biz_opaque_callback_data
                    .as_deref()
                    .map(str::to_owned),
                error_code: update.error_code().map(ErrorCode::get),
            });
        }
        let now = (self.now)();
        let mut replies = Vec::new();
        for inbound in notification.messages().filter_map(Result::ok) {
            // Checked first (a WAMID has at most 128 characters), so that the memory of IDs
            // stays within its bound whatever a delivery holds.
            let id = match inbound.message_id() {
                Ok(id) => id.as_str().to_owned(),
                Err(error) => {
                    self.log(Event::CannotReply {
                        id: String::from("(an unreadable ID)"),
                        why: error.to_string(),
                    });
                    continue;
                }
            };
            if !self.first_time(&id) {
                self.log(Event::Duplicate { id });
                continue;
            }
            if !matches!(inbound.kind, MessageKind::Text(_)) {
                let kind = inbound.type_name().to_owned();
                self.log(Event::NotText { id, kind });
                continue;
            }
            if !inbound.is_reply_window_open(now) {
                self.log(Event::WindowClosed { id });
                continue;
            }
            match REPLY.in_reply_to(&inbound) {
                Ok(reply) => replies.push((id, reply)),
                Err(error) => self.log(Event::CannotReply {
                    id,
                    why: error.to_string(),
                }),
            }
        }
        Ok(replies)
    }

    /// Sends the replies in order, logging each outcome.
    async fn send(&self, replies: Vec<(String, CtaUrlMessage)>) {
        for (to, reply) in replies {
            match self.client.send(&reply).await {
                Ok(sent) => self.log(Event::Replied {
                    to,
                    reply: sent.message_id().to_string(),
                }),
                // The code, not Meta's words, which may quote the recipient's number.
                Err(error) => self.log(Event::SendFailed {
                    to,
                    why: match error.code() {
                        Some(code) => format!(
                            "Graph API error {} (retryable: {})",
                            code.get(),
                            code.is_retryable()
                        ),
                        None => "no Graph API error in the answer".to_owned(),
                    },
                }),
            }
        }
    }
}

/// The webhook at `/webhook`: GET for the handshake, POST for notifications, bodies over
/// [`BODY_LIMIT`] refused with 413.
pub fn router(bot: Arc<Bot>) -> Router {
    Router::new()
        .route("/webhook", get(subscribe).post(notify))
        .layer(DefaultBodyLimit::max(BODY_LIMIT))
        .with_state(bot)
}

/// `GET /webhook`: the challenge, or 403.
async fn subscribe(State(bot): State<Arc<Bot>>, uri: Uri) -> (StatusCode, String) {
    match handshake_uri(&uri, &bot.verify_token) {
        Ok(challenge) => {
            bot.log(Event::Handshake { accepted: true });
            (StatusCode::OK, challenge.into_string())
        }
        Err(refusal) => {
            bot.log(Event::Handshake { accepted: false });
            (refusal.status(), String::new())
        }
    }
}

/// `POST /webhook`: 401 for a bad signature, else 200 at once, the replies sent from a task
/// of their own.
async fn notify(State(bot): State<Arc<Bot>>, headers: HeaderMap, body: Bytes) -> StatusCode {
    match bot.replies(&headers, &body) {
        Ok(replies) => {
            if !replies.is_empty() {
                let bot = Arc::clone(&bot);
                tokio::spawn(async move { bot.send(replies).await });
            }
            StatusCode::OK
        }
        Err(error) => {
            let status = error.status();
            bot.log(match error {
                WebhookError::Signature(error) => Event::BadSignature(error.to_string()),
                other => Event::Unreadable(other.to_string()),
            });
            status
        }
    }
}
