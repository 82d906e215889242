//! The webhook endpoint: the handshake, then each POST's items claimed, handled and recorded.

use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::Router;
use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, RawQuery, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use cta_core::webhook::{
    AppSecret, ReceivedMessage, ReceivedStatus, VerifyToken, WebhookError, handshake,
};
use tracing::{Instrument, debug, error, info, info_span, warn};

use crate::handler::{Handler, Item, Outcome, handler, nothing};
use crate::store::{Claim, DEFAULT_DONE_FOR, Finish, ItemKey, MemoryStore, Store};

/// The largest body taken by default: 1 MiB. Meta's deliveries are a few kilobytes, batches
/// included; a larger body is answered 413 before its signature is checked.
pub const DEFAULT_BODY_LIMIT: usize = 1024 * 1024;

/// How long a handler may run by default before its item is released and the POST answered
/// 503. Meta's performance guidance for Cloud API webhook servers asks for a median answer
/// within 250 ms and fewer than 1 % of answers over one second, and Meta delivers again, for up
/// to seven days, what gets no 200 (as business solution providers such as 360dialog reproduce
/// it; Meta documents no hard timeout). Ten seconds leaves a slow Graph API call (its own
/// timeout, with a retry) room to finish, while no healthy handler comes near it.
pub const DEFAULT_DEADLINE: Duration = Duration::from_secs(10);

/// How long a claim lasts by default: the deadline with a margin, so that a claim never runs
/// out while its handler may still be running.
pub const DEFAULT_LEASE: Duration = Duration::from_secs(30);

/// A webhook endpoint under construction: its secrets, its store, its handlers and its limits.
///
/// ```
/// use cta_axum::{Outcome, Webhook};
/// use cta_core::webhook::{AppSecret, VerifyToken};
///
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// let app: axum::Router = Webhook::new(AppSecret::new("app-secret")?, VerifyToken::new("verify-me")?)
///     .on_message(|message| async move {
///         tracing::info!(id = %message.id, "received");
///         Outcome::Done
///     })
///     .into_router("/webhook");
/// # Ok(())
/// # }
/// ```
#[must_use]
pub struct Webhook<S = MemoryStore> {
    app_secret: AppSecret,
    verify_token: VerifyToken,
    store: S,
    on_message: Handler<ReceivedMessage>,
    on_status: Handler<ReceivedStatus>,
    limits: Limits,
}

#[derive(Debug, Clone, Copy)]
struct Limits {
    body: usize,
    deadline: Duration,
    lease: Duration,
    done_for: Duration,
}

impl Webhook<MemoryStore> {
    /// An endpoint that checks POSTs with `app_secret` and answers the handshake for
    /// `verify_token`, remembering items in memory ([`MemoryStore`]), with handlers that do
    /// nothing until [`on_message`](Self::on_message) and [`on_status`](Self::on_status) say.
    pub fn new(app_secret: AppSecret, verify_token: VerifyToken) -> Self {
        Webhook {
            app_secret,
            verify_token,
            store: MemoryStore::default(),
            on_message: nothing(),
            on_status: nothing(),
            limits: Limits {
                body: DEFAULT_BODY_LIMIT,
                deadline: DEFAULT_DEADLINE,
                lease: DEFAULT_LEASE,
                done_for: DEFAULT_DONE_FOR,
            },
        }
    }
}

impl<S: Store> Webhook<S> {
    /// The same endpoint, recording claims in `store` (such as a `RedisStore` shared by several
    /// servers).
    pub fn store<T: Store>(self, store: T) -> Webhook<T> {
        Webhook {
            app_secret: self.app_secret,
            verify_token: self.verify_token,
            store,
            on_message: self.on_message,
            on_status: self.on_status,
            limits: self.limits,
        }
    }

    /// Runs `handler` for each inbound message not handled before.
    pub fn on_message<F, Fut>(mut self, handler_fn: F) -> Self
    where
        F: Fn(ReceivedMessage) -> Fut + Send + Sync + 'static,
        Fut: Future<Output = Outcome> + Send + 'static,
    {
        self.on_message = handler(handler_fn);
        self
    }

    /// Runs `handler` for each status of an outbound message not handled before.
    pub fn on_status<F, Fut>(mut self, handler_fn: F) -> Self
    where
        F: Fn(ReceivedStatus) -> Fut + Send + Sync + 'static,
        Fut: Future<Output = Outcome> + Send + 'static,
    {
        self.on_status = handler(handler_fn);
        self
    }

    /// The largest body taken ([`DEFAULT_BODY_LIMIT`] unless set); larger is answered 413.
    pub fn body_limit(mut self, bytes: usize) -> Self {
        self.limits.body = bytes;
        self
    }

    /// How long a handler may run ([`DEFAULT_DEADLINE`] unless set). The lease grows with it
    /// when it would be shorter than the deadline and five seconds.
    pub fn deadline(mut self, deadline: Duration) -> Self {
        self.limits.deadline = deadline;
        self.limits.lease = self.limits.lease.max(deadline + Duration::from_secs(5));
        self
    }

    /// How long a claim lasts ([`DEFAULT_LEASE`] unless set): the time after which another
    /// server may take an item whose server died. At least the deadline and five seconds.
    pub fn lease(mut self, lease: Duration) -> Self {
        self.limits.lease = lease.max(self.limits.deadline + Duration::from_secs(5));
        self
    }

    /// How long a handled item stays done ([`DEFAULT_DONE_FOR`] unless set). Meta delivers
    /// again for about a day; keep it longer.
    pub fn done_for(mut self, done_for: Duration) -> Self {
        self.limits.done_for = done_for;
        self
    }

    /// The router serving the endpoint at `path`: `GET` for the handshake, `POST` for
    /// notifications.
    pub fn into_router(self, path: &str) -> Router {
        let body_limit = self.limits.body;
        Router::new()
            .route(
                path,
                get(answer_handshake::<S>).post(take_notification::<S>),
            )
            .layer(DefaultBodyLimit::max(body_limit))
            .with_state(Arc::new(self))
    }
}

async fn answer_handshake<S: Store>(
    State(hook): State<Arc<Webhook<S>>>,
    RawQuery(query): RawQuery,
) -> Response {
    match handshake(query.as_deref().unwrap_or(""), &hook.verify_token) {
        Ok(challenge) => {
            info!("handshake accepted");
            challenge.as_str().to_owned().into_response()
        }
        Err(refusal) => {
            warn!(reason = %refusal, "handshake refused");
            refusal.status().into_response()
        }
    }
}

/// Whether an item lets the POST be answered 200.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Verdict {
    /// Done, or failed for good: Meta need not deliver it again.
    Settled,
    /// Not done: the POST must be delivered again.
    Unsettled,
}

async fn take_notification<S: Store>(
    State(hook): State<Arc<Webhook<S>>>,
    headers: HeaderMap,
    body: Bytes,
) -> StatusCode {
    let items = match read_items(&hook.app_secret, &headers, &body) {
        Ok(items) => items,
        Err(error @ WebhookError::Signature(_)) => {
            warn!(reason = %error, "refused: bad signature");
            return error.status();
        }
        Err(error) => {
            // Signed but unreadable: Meta would only deliver it again, so it is taken.
            warn!(reason = %error, "unreadable notification");
            return error.status();
        }
    };
    let mut tasks = tokio::task::JoinSet::new();
    let mut keys = std::collections::HashSet::new();
    for item in items {
        // An item twice in one POST is settled once: its second copy would find it held by
        // the first and make the answer 503 for nothing.
        let key = item_key(&item);
        if keys.insert(key.clone()) {
            tasks.spawn(Arc::clone(&hook).settle(key, item));
        }
    }
    let mut settled = true;
    while let Some(verdict) = tasks.join_next().await {
        // `settle` does not panic (a handler's panic is caught in its own task).
        settled &= matches!(verdict, Ok(Verdict::Settled));
    }
    if settled {
        StatusCode::OK
    } else {
        StatusCode::SERVICE_UNAVAILABLE
    }
}

/// The items of a signed notification, owned. Items that cannot be read are logged by where
/// they stand (never by what they hold) and taken as failed for good: a redelivery would not
/// read them either.
fn read_items(
    secret: &AppSecret,
    headers: &HeaderMap,
    body: &[u8],
) -> Result<Vec<Item>, WebhookError> {
    let notification = cta_core::webhook::receive(secret, headers, body)?;
    for problem in notification.problems() {
        warn!(location = %problem.location(), "unreadable item, skipped");
    }
    let messages = notification
        .messages()
        .filter_map(Result::ok)
        .map(|message| Item::Message(message.into_owned()));
    let statuses = notification
        .statuses()
        .filter_map(Result::ok)
        .map(|status| Item::Status(status.into_owned()));
    Ok(messages.chain(statuses).collect())
}

/// What identifies `item` across deliveries: a message's ID, a status's message ID and status.
fn item_key(item: &Item) -> ItemKey {
    match item {
        Item::Message(message) => ItemKey::message(&message.id),
        Item::Status(status) => ItemKey::status(&status.id, status.status.as_str()),
    }
}

impl<S: Store> Webhook<S> {
    /// Claims `item` under `key`, runs its handler under the deadline, and records the outcome.
    async fn settle(self: Arc<Self>, key: ItemKey, item: Item) -> Verdict {
        let span = match &item {
            Item::Message(message) => {
                info_span!("message", id = %message.id, kind = message.type_name())
            }
            Item::Status(status) => {
                info_span!("status", id = %status.id, status = status.status.as_str())
            }
        };
        self.settle_claimed(key, item).instrument(span).await
    }

    async fn settle_claimed(&self, key: ItemKey, item: Item) -> Verdict {
        let lease = match self.store.claim(&key, self.limits.lease).await {
            Ok(Claim::Acquired(lease)) => lease,
            Ok(Claim::Done) => {
                debug!("already done");
                return Verdict::Settled;
            }
            Ok(Claim::Held) => {
                info!("held by another task or server");
                return Verdict::Unsettled;
            }
            Err(error) => {
                error!(error = %error, "claim store unavailable");
                return Verdict::Unsettled;
            }
        };
        let started = Instant::now();
        let outcome = self.run(item).await;
        let elapsed_ms = u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX);
        match outcome {
            Some(outcome @ (Outcome::Done | Outcome::Failed)) => {
                if outcome == Outcome::Failed {
                    warn!(elapsed_ms, "failed for good");
                } else {
                    info!(elapsed_ms, "done");
                }
                match self.store.done(&lease, self.limits.done_for).await {
                    Ok(Finish::Recorded) => {}
                    Ok(Finish::NotOwner) => {
                        warn!("the lease ran out before the item was recorded done");
                    }
                    // The work is done: answering 503 would only have it done again once the
                    // lease runs out.
                    Err(error) => error!(error = %error, "could not record the item done"),
                }
                Verdict::Settled
            }
            Some(Outcome::RetryLater) | None => {
                if outcome.is_none() {
                    warn!(elapsed_ms, "handler ran past its deadline, released");
                } else {
                    info!(elapsed_ms, "to be retried, released");
                }
                if let Err(error) = self.store.release(&lease).await {
                    error!(error = %error, "could not release the item; its lease will run out");
                }
                Verdict::Unsettled
            }
        }
    }

    /// Runs the item's handler in a task of its own, under the deadline. `None` when the
    /// deadline passed; a handler that panicked is retried later.
    async fn run(&self, item: Item) -> Option<Outcome> {
        let future = match item {
            Item::Message(message) => (self.on_message)(message),
            Item::Status(status) => (self.on_status)(status),
        };
        let mut task = tokio::spawn(future.in_current_span());
        match tokio::time::timeout(self.limits.deadline, &mut task).await {
            Ok(Ok(outcome)) => Some(outcome),
            Ok(Err(panic)) => {
                error!(error = %panic, "handler panicked");
                Some(Outcome::RetryLater)
            }
            Err(_) => {
                task.abort();
                None
            }
        }
    }
}
