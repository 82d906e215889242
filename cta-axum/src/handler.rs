//! What the user's handlers are given, and what they answer.

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

use cta_core::send::SendError;
use cta_core::webhook::{ReceivedMessage, ReceivedStatus};

/// What became of an item, as its handler says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[must_use]
pub enum Outcome {
    /// Handled: it is marked done, and a redelivery skips it.
    Done,
    /// Not handled now, for a reason that may pass (the Graph API is down, a rate limit): the
    /// claim is released and the POST answered 503, so that Meta delivers it again.
    RetryLater,
    /// Cannot ever be handled (a message from an address no reply can reach, an error Meta
    /// says will not change): marked done like [`Outcome::Done`], so that it is not tried
    /// again, and logged.
    Failed,
}

impl Outcome {
    /// The outcome of replying with `sent`, a send's result: [`Done`](Outcome::Done) when Meta
    /// accepted the message; [`Failed`](Outcome::Failed) when Meta refused it with an error it
    /// says will not change (a closed 24-hour window, a blocked user: see
    /// [`ErrorCode::is_retryable`](cta_core::graph::ErrorCode::is_retryable)); else
    /// [`RetryLater`](Outcome::RetryLater): a rate limit, an outage, no answer, so that Meta
    /// delivers the message again and nothing is lost.
    ///
    /// ```
    /// use cta_axum::Outcome;
    /// use cta_core::send::{SendError, http::StatusCode, parse_response};
    ///
    /// let refused = parse_response(
    ///     StatusCode::BAD_REQUEST,
    ///     br#"{"error":{"message":"Re-engagement message","type":"OAuthException","code":131047}}"#,
    /// );
    /// assert_eq!(Outcome::of_send(refused), Outcome::Failed);
    ///
    /// let unanswered: Result<(), SendError> =
    ///     Err(SendError::Timeout { after: std::time::Duration::from_secs(30) });
    /// assert_eq!(Outcome::of_send(unanswered), Outcome::RetryLater);
    /// ```
    pub fn of_send<T>(sent: Result<T, SendError>) -> Outcome {
        match sent {
            Ok(_) => Outcome::Done,
            Err(SendError::Graph { error, .. }) if !error.is_retryable() => Outcome::Failed,
            Err(_) => Outcome::RetryLater,
        }
    }
}

/// A boxed future of an [`Outcome`].
pub(crate) type OutcomeFuture = Pin<Box<dyn Future<Output = Outcome> + Send>>;

/// A handler of one kind of item, type-erased.
pub(crate) type Handler<T> = Arc<dyn Fn(T) -> OutcomeFuture + Send + Sync>;

/// Erases the type of an async function of an item.
pub(crate) fn handler<T, F, Fut>(function: F) -> Handler<T>
where
    T: Send + 'static,
    F: Fn(T) -> Fut + Send + Sync + 'static,
    Fut: Future<Output = Outcome> + Send + 'static,
{
    Arc::new(move |item| Box::pin(function(item)))
}

/// The default handler of messages and statuses: done at once.
pub(crate) fn nothing<T: Send + 'static>() -> Handler<T> {
    handler(|_: T| async { Outcome::Done })
}

/// An item of a notification, owned so that its handler can run in a task of its own.
#[derive(Debug, Clone)]
pub(crate) enum Item {
    Message(ReceivedMessage),
    Status(ReceivedStatus),
}
