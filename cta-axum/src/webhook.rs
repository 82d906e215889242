//! The webhook endpoint: the handshake, then each POST's items claimed, handled and recorded.

use std::sync::Arc;
use std::time::Duration;

use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, RawQuery, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Extension, Router};
use cta_core::webhook::{
    AppSecret, ReceivedMessage, ReceivedStatus, VerifyToken, WebhookError, handshake,
};
use tokio::sync::oneshot;
// tokio's clock, so that tests can move time forward (`tokio::time::pause`).
use tokio::time::Instant;
use tracing::{Instrument, debug, error, info, info_span, warn};

use crate::handler::{Handler, Item, Outcome, handler, nothing};
use crate::in_flight::{InFlight, Running};
use crate::store::{Claim, DEFAULT_DONE_FOR, Finish, ItemKey, Lease, MemoryStore, Store};

/// The largest body taken by default: 1 MiB. Meta's deliveries are a few kilobytes, batches
/// included; a larger body is answered 413 before its signature is checked.
pub const DEFAULT_BODY_LIMIT: usize = 1024 * 1024;

/// How long the POST waits for its items by default: past it, the POST is answered 503 and its
/// handlers go on under their lease (see [`LEASE_MARGIN`]).
///
/// Meta's webhooks documentation
/// (<https://developers.facebook.com/docs/whatsapp/cloud-api/webhooks>) documents no hard
/// timeout for the answer: what gets no 200 is delivered again, for the period given at
/// [`DEFAULT_DONE_FOR`]; answering within seconds keeps that rare. Ten seconds lets a slow
/// Graph API call (its own timeout, with a retry) finish within the POST, while no healthy
/// handler comes near it. A handler slower than this costs a redelivery, not a second reply
/// (unless it is still running when its lease is about to run out: [`LEASE_MARGIN`]).
pub const DEFAULT_DEADLINE: Duration = Duration::from_secs(10);

/// How long before its lease runs out a handler still running is stopped and its item
/// released: the time the release has to reach the store while the claim is still this
/// server's. Every lease is at least the deadline and this margin, so that a handler always has
/// its whole deadline.
///
/// Stopping a handler then is the one case, besides a server killed, in which a reply may go
/// twice: the handler may have been accepted by the Graph API just before it was stopped, and
/// the redelivery then sends again.
pub const LEASE_MARGIN: Duration = Duration::from_secs(5);

/// How long a claim lasts by default: the deadline, the margin, and fifteen seconds more for a
/// handler past its deadline to finish before it is stopped (at 25 seconds).
pub const DEFAULT_LEASE: Duration = Duration::from_secs(30);

// A handler always gets its whole deadline before the lease margin.
const _: () =
    assert!(DEFAULT_LEASE.as_millis() >= DEFAULT_DEADLINE.as_millis() + LEASE_MARGIN.as_millis());

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

    /// How long the POST waits for its items ([`DEFAULT_DEADLINE`] unless set). Past it the
    /// POST is answered 503 while the handler goes on, holding its claim, until it ends or
    /// its lease is about to run out ([`LEASE_MARGIN`]). The lease grows with the deadline when
    /// it would be shorter than the deadline and the margin.
    pub fn deadline(mut self, deadline: Duration) -> Self {
        self.limits.deadline = deadline;
        self.limits.lease = self.limits.lease.max(deadline.saturating_add(LEASE_MARGIN));
        self
    }

    /// How long a claim lasts ([`DEFAULT_LEASE`] unless set): the time after which another
    /// server may take an item whose server died, and [`LEASE_MARGIN`] after the time a
    /// handler still running is stopped. At least the deadline and the margin.
    pub fn lease(mut self, lease: Duration) -> Self {
        self.limits.lease = lease.max(self.limits.deadline.saturating_add(LEASE_MARGIN));
        self
    }

    /// How long a handled item stays done ([`DEFAULT_DONE_FOR`] unless set): as long as Meta
    /// may deliver it again. A shared store keeps it at least [`DEFAULT_DONE_FOR`] whatever
    /// this says ([`Store::done`]).
    pub fn done_for(mut self, done_for: Duration) -> Self {
        self.limits.done_for = done_for;
        self
    }

    /// The router serving the endpoint at `path`: `GET` for the handshake, `POST` for
    /// notifications.
    ///
    /// Serve it with [`serve`](crate::serve) (or [`serve_until`](crate::serve_until)), alone
    /// or merged into a router of yours: at shutdown they wait for its handlers still at work,
    /// and release the items of those that do not finish. Another server (`axum::serve`
    /// itself) drops them when the runtime ends; their claims then run out with their lease.
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
    in_flight: Option<Extension<InFlight>>,
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
            let (kind, line, column) = crate::extract::parse_problem(&error);
            warn!(kind, line, column, "unreadable notification");
            return error.status();
        }
    };
    let in_flight = in_flight.map(|Extension(in_flight)| in_flight);
    let mut verdicts = Vec::new();
    let mut keys = std::collections::HashSet::new();
    for item in items {
        // An item twice in one POST is settled once: its second copy would find it held by
        // the first and make the answer 503 for nothing.
        let key = item_key(&item);
        if keys.insert(key.clone()) {
            let (verdict, answer) = oneshot::channel();
            // Counted before it is spawned, so that a shutdown starting now waits for it.
            let running = in_flight.as_ref().map(InFlight::enter);
            // A task of its own, not the request's: when Meta's connection closes first, the
            // request is dropped, and the item must still be recorded done or released.
            tokio::spawn(Arc::clone(&hook).settle(
                key,
                item,
                Verdicts(Some(verdict)),
                in_flight.clone(),
                running,
            ));
            verdicts.push(answer);
        }
    }
    let mut settled = true;
    for answer in verdicts {
        // Every path of `settle` gives a verdict; a task that ended without one (the runtime
        // shutting down) leaves its item unsettled.
        settled &= answer.await == Ok(Verdict::Settled);
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

/// Where an item's verdict goes: the POST waiting for it, once.
struct Verdicts(Option<oneshot::Sender<Verdict>>);

impl Verdicts {
    /// Gives the POST its verdict, the first time only; a POST gone (Meta's connection
    /// closed) is not waiting any more.
    fn give(&mut self, verdict: Verdict) {
        if let Some(sender) = self.0.take() {
            let _ = sender.send(verdict);
        }
    }
}

/// How the wait for a handler ended.
enum Waited {
    /// The handler ended: its outcome, or its panic.
    Ended(Result<Outcome, tokio::task::JoinError>),
    /// The lease is about to run out, or the server is shutting down: the handler is stopped.
    GiveUp(&'static str),
}

impl<S: Store> Webhook<S> {
    /// Claims `item` under `key`, runs its handler, records the outcome, and gives the POST its
    /// verdict: at once when the handler ends within the deadline, at the deadline otherwise.
    async fn settle(
        self: Arc<Self>,
        key: ItemKey,
        item: Item,
        mut verdicts: Verdicts,
        in_flight: Option<InFlight>,
        _running: Option<Running>,
    ) {
        let span = match &item {
            Item::Message(message) => {
                info_span!("message", id = %message.id, kind = message.type_name())
            }
            Item::Status(status) => {
                info_span!("status", id = %status.id, status = status.status.as_str())
            }
        };
        self.settle_claimed(key, item, &mut verdicts, in_flight)
            .instrument(span)
            .await;
    }

    async fn settle_claimed(
        &self,
        key: ItemKey,
        item: Item,
        verdicts: &mut Verdicts,
        in_flight: Option<InFlight>,
    ) {
        // Taken before the claim, so that the times below end before the store's.
        let claimed_at = Instant::now();
        let lease = match self.store.claim(&key, self.limits.lease).await {
            Ok(Claim::Acquired(lease)) => lease,
            Ok(Claim::Done) => {
                debug!("already done");
                return verdicts.give(Verdict::Settled);
            }
            Ok(Claim::Held) => {
                info!("held by another task or server");
                return verdicts.give(Verdict::Unsettled);
            }
            Err(error) => {
                error!(error = %error, "claim store unavailable");
                return verdicts.give(Verdict::Unsettled);
            }
        };
        let future = match item {
            Item::Message(message) => (self.on_message)(message),
            Item::Status(status) => (self.on_status)(status),
        };
        // A task of its own, so that a panic is caught as its result.
        let mut handler = tokio::spawn(future.in_current_span());
        let stopped = async move {
            match in_flight {
                Some(in_flight) => in_flight.stopped().await,
                None => std::future::pending().await,
            }
        };
        tokio::pin!(stopped);
        let answer_by = claimed_at + self.limits.deadline;
        // The lease is at least the deadline and the margin (see `Webhook::lease`).
        let give_up_at = claimed_at + self.limits.lease.saturating_sub(LEASE_MARGIN);
        let within_deadline = tokio::select! {
            ended = &mut handler => Some(Waited::Ended(ended)),
            () = tokio::time::sleep_until(answer_by) => None,
            () = &mut stopped => Some(Waited::GiveUp("the server is shutting down")),
        };
        let waited = if let Some(waited) = within_deadline {
            waited
        } else {
            // The deadline bounds the answer, the lease bounds the work: the handler may have
            // sent already, and stopping it now and releasing the item would let a redelivery
            // send again. It goes on holding its claim; a redelivery meanwhile finds it held.
            warn!(
                deadline_ms = millis(self.limits.deadline),
                "handler ran past its deadline: answered 503; it goes on under its lease"
            );
            verdicts.give(Verdict::Unsettled);
            tokio::select! {
                ended = &mut handler => Waited::Ended(ended),
                () = tokio::time::sleep_until(give_up_at) => Waited::GiveUp("its lease is running out"),
                () = &mut stopped => Waited::GiveUp("the server is shutting down"),
            }
        };
        let ended = match waited {
            Waited::Ended(ended) => ended,
            Waited::GiveUp(why) => {
                handler.abort();
                // Aborted at its next await: once this returns it sends nothing more. It may
                // have ended meanwhile, with an outcome to record.
                let ended = (&mut handler).await;
                if ended
                    .as_ref()
                    .is_err_and(tokio::task::JoinError::is_cancelled)
                {
                    // The one case left in which a reply may go twice, as when a server is
                    // killed: the handler may have sent before it was stopped.
                    warn!(
                        elapsed_ms = millis(claimed_at.elapsed()),
                        reason = why,
                        "handler stopped before it ended; its item is released"
                    );
                    self.release(&lease).await;
                    return verdicts.give(Verdict::Unsettled);
                }
                ended
            }
        };
        let elapsed_ms = millis(claimed_at.elapsed());
        let outcome = ended.unwrap_or_else(|_| {
            // The panic's message may quote what the user wrote: not logged.
            error!(elapsed_ms, "handler panicked; to be retried");
            Outcome::RetryLater
        });
        match outcome {
            Outcome::Done | Outcome::Failed => {
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
                verdicts.give(Verdict::Settled);
            }
            Outcome::RetryLater => {
                info!(elapsed_ms, "to be retried, released");
                self.release(&lease).await;
                verdicts.give(Verdict::Unsettled);
            }
        }
    }

    /// Frees the item for the redelivery.
    async fn release(&self, lease: &Lease) {
        if let Err(error) = self.store.release(lease).await {
            error!(error = %error, "could not release the item; its lease will run out");
        }
    }
}

/// `duration` in whole milliseconds, for logs.
fn millis(duration: Duration) -> u64 {
    u64::try_from(duration.as_millis()).unwrap_or(u64::MAX)
}
