//! An extractor for users who write their own routes: a verified, parsed notification.

use axum::body::Bytes;
use axum::extract::{FromRef, FromRequest, Request};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use cta_core::webhook::{
    AppSecret, InboundMessage, ParseError, ReceivedMessage, ReceivedStatus, StatusUpdate,
    WebhookError,
};

/// A POST whose signature verified under the app secret of the router's state
/// (`AppSecret: FromRef<State>`), read into owned messages and statuses.
///
/// Items that cannot be read are left out; [`problems`](Self::problems) counts them.
///
/// ```
/// use axum::extract::FromRef;
/// use axum::routing::post;
/// use cta_axum::VerifiedNotification;
/// use cta_core::webhook::AppSecret;
///
/// #[derive(Clone, FromRef)]
/// struct AppState {
///     app_secret: AppSecret,
/// }
///
/// async fn webhook(notification: VerifiedNotification) -> &'static str {
///     for message in notification.messages() {
///         tracing::info!(id = %message.id, "received");
///     }
///     "ok"
/// }
///
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// let app: axum::Router = axum::Router::new()
///     .route("/webhook", post(webhook))
///     .with_state(AppState { app_secret: AppSecret::new("app-secret")? });
/// # Ok(())
/// # }
/// ```
#[derive(Debug, Clone)]
pub struct VerifiedNotification {
    messages: Vec<ReceivedMessage>,
    statuses: Vec<ReceivedStatus>,
    problems: usize,
}

impl VerifiedNotification {
    /// The inbound messages, in the order of the body.
    #[must_use]
    pub fn messages(&self) -> &[ReceivedMessage] {
        &self.messages
    }

    /// The statuses of outbound messages, in the order of the body.
    #[must_use]
    pub fn statuses(&self) -> &[ReceivedStatus] {
        &self.statuses
    }

    /// How many entries, changes, messages or statuses could not be read.
    #[must_use]
    pub fn problems(&self) -> usize {
        self.problems
    }

    /// The messages and statuses, owned.
    #[must_use]
    pub fn into_parts(self) -> (Vec<ReceivedMessage>, Vec<ReceivedStatus>) {
        (self.messages, self.statuses)
    }
}

/// Why a POST gave no [`VerifiedNotification`]: the body could not be read whole (413 past the
/// body limit), the signature is wrong (401), or the signed body is not a notification (200,
/// since Meta would only deliver it again).
#[derive(Debug)]
pub struct NotificationRejection(Rejection);

#[derive(Debug)]
enum Rejection {
    Body(axum::extract::rejection::BytesRejection),
    Webhook(WebhookError),
}

impl NotificationRejection {
    /// The status the POST is answered with.
    #[must_use]
    pub fn status(&self) -> StatusCode {
        match &self.0 {
            Rejection::Body(rejection) => rejection.status(),
            Rejection::Webhook(error) => error.status(),
        }
    }
}

impl std::fmt::Display for NotificationRejection {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.0 {
            Rejection::Body(rejection) => rejection.fmt(f),
            Rejection::Webhook(error) => error.fmt(f),
        }
    }
}

impl std::error::Error for NotificationRejection {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        // Transparent: the inner error stands in for this one.
        match &self.0 {
            Rejection::Body(rejection) => rejection.source(),
            Rejection::Webhook(error) => error.source(),
        }
    }
}

impl IntoResponse for NotificationRejection {
    fn into_response(self) -> Response {
        match &self.0 {
            // axum's words about the body's length or its reading: no byte of it.
            Rejection::Body(rejection) => {
                tracing::warn!(reason = %rejection, "webhook POST not taken");
            }
            Rejection::Webhook(error @ WebhookError::Signature(_)) => {
                tracing::warn!(reason = %error, "webhook POST not taken: bad signature");
            }
            Rejection::Webhook(error) => {
                let (kind, line, column) = parse_problem(error);
                tracing::warn!(kind, line, column, "webhook POST not taken: unreadable");
            }
        }
        self.status().into_response()
    }
}

/// What can be logged of a body that is not a notification: the kind of problem, and the line
/// and column where the parser stopped when it said. Never the parser's words, which can quote
/// the body (up to a few hundred bytes of what a user wrote).
pub(crate) fn parse_problem(error: &WebhookError) -> (&'static str, Option<u64>, Option<u64>) {
    let (kind, reason) = match error {
        WebhookError::Parse(ParseError::NotJson { reason }) => ("not JSON", reason.as_str()),
        WebhookError::Parse(ParseError::Shape { reason }) => {
            ("not a notification", reason.as_str())
        }
        WebhookError::Signature(_) => return ("bad signature", None, None),
        _ => return ("unreadable", None, None),
    };
    // serde_json ends its explanations with " at line L column C"; only digits are kept.
    let location = reason
        .rsplit_once(" at line ")
        .and_then(|(_, place)| place.split_once(" column "))
        .and_then(|(line, column)| Some((line.parse().ok()?, column.parse().ok()?)));
    (
        kind,
        location.map(|(line, _)| line),
        location.map(|(_, column)| column),
    )
}

impl<S> FromRequest<S> for VerifiedNotification
where
    S: Send + Sync,
    AppSecret: FromRef<S>,
{
    type Rejection = NotificationRejection;

    async fn from_request(request: Request, state: &S) -> Result<Self, Self::Rejection> {
        let secret = AppSecret::from_ref(state);
        let (parts, body) = request.into_parts();
        let body = Bytes::from_request(Request::from_parts(parts.clone(), body), state)
            .await
            .map_err(|rejection| NotificationRejection(Rejection::Body(rejection)))?;
        let notification = cta_core::webhook::receive(&secret, &parts.headers, &body)
            .map_err(|error| NotificationRejection(Rejection::Webhook(error)))?;
        Ok(VerifiedNotification {
            messages: notification
                .messages()
                .filter_map(Result::ok)
                .map(InboundMessage::into_owned)
                .collect(),
            statuses: notification
                .statuses()
                .filter_map(Result::ok)
                .map(StatusUpdate::into_owned)
                .collect(),
            problems: notification.problems().count(),
        })
    }
}
