//! A stand-in for the Graph API's `/messages` endpoint, on loopback.

use std::fmt;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::Duration;

use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use cta_core::send::{BaseUrl, ConfigError, SendConfig};
use cta_core::webhook::ErrorCode;
use serde_json::Value;
use tokio::net::TcpListener;
use tokio::sync::{Notify, watch};

use super::json::{ObjectWriter, object};
use super::wamid;

/// The access token [`GraphApi::send_config`] gives when the stand-in checks none.
pub const TEST_ACCESS_TOKEN: &str = "EAAG-cta-axum-testing-token";

/// A stand-in for the Graph API on `127.0.0.1`, for the tests of a bot: it takes sends and
/// read receipts as Meta does, answers as Meta does, and records what it accepted.
///
/// It serves `POST /{version}/{phone_number_id}/messages` (the version may be left out, as
/// Meta allows):
///
/// - a message (any `type`, to `to` or to a BSUID in `recipient`) is answered 200 with Meta's
///   success JSON and a fresh WAMID ([`SentRequest::answered_id`]);
/// - a read receipt (`"status":"read"` with a `message_id`, and `typing_indicator` or not) is
///   answered `{"success":true}`;
/// - a body that is neither is answered 400 with Graph API error 100; so is another path or
///   method;
/// - with an access token to check ([`start_with_access_token`](Self::start_with_access_token)),
///   a request without `Authorization: Bearer <that token>` is answered 401 with error 190.
///
/// A request is recorded ([`sent`](Self::sent)) only when it is answered with success, at the
/// moment of the answer: a request that failed, or whose client went away while the stand-in
/// held it ([`hold`](Self::hold)), was not sent. [`fail_next`](Self::fail_next) and
/// [`fail_all`](Self::fail_all) make it answer with a Graph API error instead.
///
/// It runs on the tokio runtime that starts it, and stops when dropped: held requests are
/// then dropped unanswered.
pub struct GraphApi {
    base_url: String,
    shared: Arc<Shared>,
    /// Dropped with the stand-in, which stops the server and lets go of held requests.
    _shutdown: watch::Sender<()>,
}

/// What the server and its owner share.
struct Shared {
    access_token: Option<String>,
    state: Mutex<StandInState>,
    /// Woken whenever a request is recorded.
    recorded: Notify,
    /// Closed when the stand-in is dropped.
    shutdown: watch::Receiver<()>,
}

struct StandInState {
    failing: Failing,
    hold: Duration,
    received: usize,
    sent: Vec<SentRequest>,
}

/// Whether requests are answered with an error.
#[derive(Clone, Copy)]
enum Failing {
    No,
    Next {
        remaining: usize,
        status: StatusCode,
        code: ErrorCode,
    },
    All {
        status: StatusCode,
        code: ErrorCode,
    },
}

impl GraphApi {
    /// Starts a stand-in on a free port of `127.0.0.1` that takes any access token.
    ///
    /// # Errors
    ///
    /// When no port can be bound.
    ///
    /// # Panics
    ///
    /// Outside a tokio runtime (with its I/O and time drivers enabled), as `tokio::spawn`.
    pub async fn start() -> std::io::Result<GraphApi> {
        GraphApi::serve(None).await
    }

    /// Starts a stand-in that answers 401 with Graph API error 190 to a request without
    /// `Authorization: Bearer <access_token>`, as Meta does.
    ///
    /// # Errors
    ///
    /// When no port can be bound.
    ///
    /// # Panics
    ///
    /// Outside a tokio runtime, as [`start`](Self::start).
    pub async fn start_with_access_token(
        access_token: impl Into<String>,
    ) -> std::io::Result<GraphApi> {
        GraphApi::serve(Some(access_token.into())).await
    }

    async fn serve(access_token: Option<String>) -> std::io::Result<GraphApi> {
        let listener = TcpListener::bind(("127.0.0.1", 0)).await?;
        let base_url = format!("http://{}", listener.local_addr()?);
        let (shutdown, stopped) = watch::channel(());
        let shared = Arc::new(Shared {
            access_token,
            state: Mutex::new(StandInState {
                failing: Failing::No,
                hold: Duration::ZERO,
                received: 0,
                sent: Vec::new(),
            }),
            recorded: Notify::new(),
            shutdown: stopped.clone(),
        });
        let app = Router::new()
            .fallback(answer)
            .with_state(Arc::clone(&shared));
        let mut stopped = stopped;
        tokio::spawn(async move {
            // Serving on an accepted socket does not fail: axum logs and skips a bad connection.
            let _ = axum::serve(listener, app)
                .with_graceful_shutdown(async move {
                    // Ends when the sender is dropped with the stand-in.
                    while stopped.changed().await.is_ok() {}
                })
                .await;
        });
        Ok(GraphApi {
            base_url,
            shared,
            _shutdown: shutdown,
        })
    }

    /// `http://127.0.0.1:<port>`, to put in a [`BaseUrl`] (`graph.base_url().parse()?`).
    #[must_use]
    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    /// A [`SendConfig`] that sends from the business number `phone_number_id` to this stand-in,
    /// with the access token it checks ([`TEST_ACCESS_TOKEN`] when it checks none).
    ///
    /// # Errors
    ///
    /// A [`ConfigError`] when `phone_number_id` is not digits.
    pub fn send_config(
        &self,
        phone_number_id: impl Into<String>,
    ) -> Result<SendConfig, ConfigError> {
        let token = self
            .shared
            .access_token
            .clone()
            .unwrap_or_else(|| TEST_ACCESS_TOKEN.to_owned());
        let base_url: BaseUrl = self.base_url.parse()?;
        Ok(SendConfig::new(phone_number_id, token)?.with_base_url(base_url))
    }

    /// Answers the next `count` requests with Graph API error `code` under HTTP `status`
    /// (`fail_next(1, StatusCode::TOO_MANY_REQUESTS, ErrorCode::THROUGHPUT_LIMIT)`), then
    /// succeeds again. Replaces an earlier `fail_next` or [`fail_all`](Self::fail_all).
    pub fn fail_next(&self, count: usize, status: StatusCode, code: ErrorCode) {
        self.shared.lock().failing = Failing::Next {
            remaining: count,
            status,
            code,
        };
    }

    /// Answers every request with Graph API error `code` under HTTP `status` until
    /// [`recover`](Self::recover).
    pub fn fail_all(&self, status: StatusCode, code: ErrorCode) {
        self.shared.lock().failing = Failing::All { status, code };
    }

    /// Stops failing requests.
    pub fn recover(&self) {
        self.shared.lock().failing = Failing::No;
    }

    /// Makes every request that arrives from now on wait `duration` before it is answered
    /// (`Duration::ZERO` to stop). Whether it fails or is recorded is decided when the wait
    /// ends; a request whose client goes away meanwhile is neither answered nor recorded.
    pub fn hold(&self, duration: Duration) {
        self.shared.lock().hold = duration;
    }

    /// Every request accepted so far, in the order they were answered.
    #[must_use]
    pub fn sent(&self) -> Vec<SentRequest> {
        self.shared.lock().sent.clone()
    }

    /// How many requests reached the stand-in, whatever their answer: retries included, and
    /// requests still held.
    #[must_use]
    pub fn requests_received(&self) -> usize {
        self.shared.lock().received
    }

    /// Waits until at least `count` requests were accepted, and gives them all; gives up after
    /// `timeout`.
    ///
    /// # Errors
    ///
    /// [`WaitTimeout`], saying how many were accepted, when `timeout` passes first.
    pub async fn wait_for_sent(
        &self,
        count: usize,
        timeout: Duration,
    ) -> Result<Vec<SentRequest>, WaitTimeout> {
        let deadline = tokio::time::Instant::now() + timeout;
        loop {
            // Registered before the check, so that a request recorded in between wakes it.
            let recorded = self.shared.recorded.notified();
            tokio::pin!(recorded);
            recorded.as_mut().enable();
            {
                let state = self.shared.lock();
                if state.sent.len() >= count {
                    return Ok(state.sent.clone());
                }
            }
            if tokio::time::timeout_at(deadline, recorded).await.is_err() {
                return Err(WaitTimeout {
                    wanted: count,
                    sent: self.shared.lock().sent.len(),
                    timeout,
                });
            }
        }
    }
}

impl fmt::Debug for GraphApi {
    // The access token stays out.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let state = self.shared.lock();
        f.debug_struct("GraphApi")
            .field("base_url", &self.base_url)
            .field("checks_access_token", &self.shared.access_token.is_some())
            .field("received", &state.received)
            .field("sent", &state.sent.len())
            .finish_non_exhaustive()
    }
}

impl Shared {
    fn lock(&self) -> MutexGuard<'_, StandInState> {
        // The state stays consistent even if a test panicked while holding the lock: every
        // change is one assignment or push.
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// What a request to the stand-in was.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum RequestKind {
    /// A message to a user.
    Message,
    /// A read receipt: `"status":"read"`.
    Read,
    /// A read receipt with the typing indicator: `"typing_indicator":{"type":"text"}`.
    ReadWithTyping,
}

/// A request the stand-in accepted.
///
/// Its `Debug` shows the business number, the kind and the WAMIDs, not the body, which holds
/// the user's number and the message's text.
#[derive(Clone, PartialEq)]
#[non_exhaustive]
pub struct SentRequest {
    /// The business number it was sent from: the `{phone_number_id}` of the path.
    pub phone_number_id: String,
    /// The API version of the path (`v25.0`), if it had one.
    pub api_version: Option<String>,
    /// What it was.
    pub kind: RequestKind,
    /// The request body.
    pub body: Value,
    /// For a message, the WAMID the stand-in answered with (what status webhooks then name).
    pub answered_id: Option<String>,
}

impl SentRequest {
    /// For a message, where it went: `to` (a phone number), else `recipient` (a BSUID).
    #[must_use]
    pub fn to(&self) -> Option<&str> {
        self.field("to").or_else(|| self.field("recipient"))
    }

    /// For a message, its `type` (`interactive`, `text`, `template`, …).
    #[must_use]
    pub fn message_type(&self) -> Option<&str> {
        self.field("type")
    }

    /// For a message that replies, the WAMID it quotes (`context.message_id`).
    #[must_use]
    pub fn reply_to(&self) -> Option<&str> {
        self.body.get("context")?.get("message_id")?.as_str()
    }

    /// For a read receipt, the WAMID of the message marked read.
    #[must_use]
    pub fn read_message_id(&self) -> Option<&str> {
        match self.kind {
            RequestKind::Read | RequestKind::ReadWithTyping => self.field("message_id"),
            RequestKind::Message => None,
        }
    }

    fn field(&self, name: &str) -> Option<&str> {
        self.body.get(name)?.as_str()
    }
}

impl fmt::Debug for SentRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SentRequest")
            .field("phone_number_id", &self.phone_number_id)
            .field("api_version", &self.api_version)
            .field("kind", &self.kind)
            .field("message_type", &self.message_type())
            .field("reply_to", &self.reply_to())
            .field("read_message_id", &self.read_message_id())
            .field("answered_id", &self.answered_id)
            .finish_non_exhaustive()
    }
}

/// [`GraphApi::wait_for_sent`] gave up: fewer requests than wanted were accepted in time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WaitTimeout {
    /// How many were wanted.
    pub wanted: usize,
    /// How many were accepted.
    pub sent: usize,
    /// How long it waited.
    pub timeout: Duration,
}

impl fmt::Display for WaitTimeout {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "the Graph API stand-in accepted {} of the {} requests waited for within {:?}",
            self.sent, self.wanted, self.timeout
        )
    }
}

impl std::error::Error for WaitTimeout {}

/// Answers one request, as the Graph API would.
async fn answer(
    State(shared): State<Arc<Shared>>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let hold = {
        let mut state = shared.lock();
        state.received += 1;
        state.hold
    };
    if !hold.is_zero() {
        let mut stopped = shared.shutdown.clone();
        tokio::select! {
            () = tokio::time::sleep(hold) => {}
            // The stand-in was dropped: nobody is left to read what this request would record.
            () = async { while stopped.changed().await.is_ok() {} } => {
                return graph_error(StatusCode::SERVICE_UNAVAILABLE, ErrorCode::SERVICE_UNAVAILABLE.get(), "OAuthException", "(#131016) Service unavailable");
            }
        }
    }
    // Past the hold, nothing awaits: the request is answered, and recorded, at once.
    let Some((api_version, phone_number_id)) = route(&method, &uri) else {
        return graph_error(
            StatusCode::BAD_REQUEST,
            100,
            "GraphMethodException",
            "Unsupported request: only POST /{version}/{phone_number_id}/messages is served",
        );
    };
    if let Some(token) = &shared.access_token
        && !bears(&headers, token)
    {
        return graph_error(
            StatusCode::UNAUTHORIZED,
            ErrorCode::ACCESS_TOKEN_INVALID.get(),
            "OAuthException",
            "Invalid OAuth access token - Cannot parse access token",
        );
    }
    let mut state = shared.lock();
    if let Some((status, code)) = state.failing.take() {
        let message = format!(
            "(#{}) {}",
            code.get(),
            code.description()
                .unwrap_or("Failure made up by cta_axum::testing")
        );
        return graph_error(status, code.get(), "OAuthException", &message);
    }
    let Accepted {
        kind,
        answer,
        answered_id,
        body,
    } = match read_body(&body) {
        Ok(read) => read,
        Err(problem) => {
            return graph_error(
                StatusCode::BAD_REQUEST,
                ErrorCode::INVALID_PARAMETER.get(),
                "OAuthException",
                &format!("(#100) {problem}"),
            );
        }
    };
    state.sent.push(SentRequest {
        phone_number_id: phone_number_id.to_owned(),
        api_version: api_version.map(str::to_owned),
        kind,
        body,
        answered_id,
    });
    drop(state);
    shared.recorded.notify_waiters();
    json(StatusCode::OK, answer)
}

impl Failing {
    /// The failure the next answer gives, if any, counting it.
    fn take(&mut self) -> Option<(StatusCode, ErrorCode)> {
        match *self {
            Failing::No => None,
            Failing::All { status, code } => Some((status, code)),
            Failing::Next {
                remaining,
                status,
                code,
            } => {
                *self = match remaining {
                    0 | 1 => Failing::No,
                    _ => Failing::Next {
                        remaining: remaining - 1,
                        status,
                        code,
                    },
                };
                (remaining > 0).then_some((status, code))
            }
        }
    }
}

/// The API version (if any) and the phone number ID of `POST /[{version}/]{id}/messages`.
fn route<'u>(method: &Method, uri: &'u Uri) -> Option<(Option<&'u str>, &'u str)> {
    if method != Method::POST {
        return None;
    }
    let segments: Vec<&str> = uri.path().trim_start_matches('/').split('/').collect();
    let (version, number) = match segments.as_slice() {
        [number, "messages"] => (None, *number),
        [version, number, "messages"] if version.starts_with('v') => (Some(*version), *number),
        _ => return None,
    };
    let digits = !number.is_empty() && number.bytes().all(|byte| byte.is_ascii_digit());
    digits.then_some((version, number))
}

/// Whether `headers` carry `Authorization: Bearer <token>`.
fn bears(headers: &HeaderMap, token: &str) -> bool {
    let mut values = headers.get_all(header::AUTHORIZATION).iter();
    let (Some(value), None) = (values.next(), values.next()) else {
        return false;
    };
    value
        .to_str()
        .ok()
        .and_then(|value| value.strip_prefix("Bearer "))
        == Some(token)
}

/// A request the stand-in takes.
struct Accepted {
    kind: RequestKind,
    /// The JSON to answer with.
    answer: String,
    /// The WAMID a message was given.
    answered_id: Option<String>,
    body: Value,
}

/// What a request body asks for; or why Meta would refuse it.
fn read_body(body: &[u8]) -> Result<Accepted, &'static str> {
    let value: Value = serde_json::from_slice(body).map_err(|_| "The request body is not JSON")?;
    let fields = value
        .as_object()
        .ok_or("The request body is not a JSON object")?;
    if fields.get("messaging_product").and_then(Value::as_str) != Some("whatsapp") {
        return Err("The parameter messaging_product is required and must be whatsapp");
    }
    let text = |name: &str| fields.get(name).and_then(Value::as_str);
    if let Some(status) = fields.get("status") {
        if status.as_str() != Some("read") {
            return Err("The parameter status must be read");
        }
        if text("message_id").is_none() {
            return Err("The parameter message_id is required");
        }
        let kind = match fields.get("typing_indicator") {
            None => RequestKind::Read,
            Some(typing) if typing.get("type").and_then(Value::as_str) == Some("text") => {
                RequestKind::ReadWithTyping
            }
            Some(_) => return Err("The parameter typing_indicator.type must be text"),
        };
        let mut answer = String::new();
        object(&mut answer, |success| {
            success.bool("success", true);
        });
        return Ok(Accepted {
            kind,
            answer,
            answered_id: None,
            body: value,
        });
    }
    // `to` wins over `recipient` when both are given, as at Meta.
    let (input, by_phone) = match (text("to"), text("recipient")) {
        (Some(to), _) => (to, true),
        (None, Some(recipient)) => (recipient, false),
        (None, None) => return Err("The parameter to is required"),
    };
    let id = wamid::fresh();
    let mut answer = String::new();
    object(&mut answer, |sent| {
        sent.str("messaging_product", "whatsapp")
            .objects("contacts", [input], |contact, input| {
                contact.str("input", input);
                if by_phone {
                    let digits: String = input.chars().filter(char::is_ascii_digit).collect();
                    contact.str("wa_id", &digits);
                } else {
                    contact.str("user_id", input);
                }
            })
            .objects("messages", [&id], |message, id| {
                message.str("id", id);
            });
    });
    Ok(Accepted {
        kind: RequestKind::Message,
        answer,
        answered_id: Some(id),
        body: value,
    })
}

/// A Graph API error envelope, shaped as Meta's.
fn graph_error(status: StatusCode, code: i64, kind: &str, message: &str) -> Response {
    static TRACE: AtomicU64 = AtomicU64::new(0);
    let trace = format!("AcTaTest{:08X}", TRACE.fetch_add(1, Ordering::Relaxed));
    let mut body = String::new();
    object(&mut body, |envelope| {
        envelope.object("error", |error: &mut ObjectWriter<'_>| {
            error
                .str("message", message)
                .str("type", kind)
                .int("code", code)
                .object("error_data", |data| {
                    data.str("messaging_product", "whatsapp")
                        .str("details", message);
                })
                .str("fbtrace_id", &trace);
        });
    });
    json(status, body)
}

fn json(status: StatusCode, body: String) -> Response {
    (
        status,
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json; charset=UTF-8"),
        )],
        body,
    )
        .into_response()
}
