//! The subscription handshake: Meta's `GET` with `hub.mode`, `hub.verify_token` and
//! `hub.challenge`.

use std::borrow::Cow;
use std::fmt;

use http::{Method, Request, Response, StatusCode, Uri, header};

use super::secret::VerifyToken;

/// One of the three query parameters of the handshake.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum HubParam {
    /// `hub.mode`, which must be `subscribe`.
    Mode,
    /// `hub.verify_token`, the token the business configured.
    VerifyToken,
    /// `hub.challenge`, to be echoed.
    Challenge,
}

impl HubParam {
    /// The parameter's name in the query: `hub.mode`, `hub.verify_token` or `hub.challenge`.
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            HubParam::Mode => "hub.mode",
            HubParam::VerifyToken => "hub.verify_token",
            HubParam::Challenge => "hub.challenge",
        }
    }
}

/// Why a subscription handshake was refused. Answer it with [`status`](Self::status) (403 but
/// for a method other than `GET`). It never shows the verify token, expected or presented.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum HandshakeError {
    /// The request is not a `GET` ([`handshake_request`] only).
    NotGet,
    /// A parameter is missing, or empty.
    Missing(HubParam),
    /// A parameter is given more than once.
    Repeated(HubParam),
    /// `hub.mode` is not `subscribe`.
    WrongMode,
    /// `hub.verify_token` is not the verify token.
    WrongToken,
}

impl HandshakeError {
    /// The status to answer with: 405 for [`NotGet`](Self::NotGet), 403 otherwise, as Meta
    /// asks.
    #[must_use]
    pub fn status(self) -> StatusCode {
        match self {
            HandshakeError::NotGet => StatusCode::METHOD_NOT_ALLOWED,
            _ => StatusCode::FORBIDDEN,
        }
    }
}

impl fmt::Display for HandshakeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            HandshakeError::NotGet => f.write_str("the subscription handshake is a GET request"),
            HandshakeError::Missing(param) => write!(f, "`{}` is missing or empty", param.name()),
            HandshakeError::Repeated(param) => write!(f, "`{}` is given twice", param.name()),
            HandshakeError::WrongMode => f.write_str("`hub.mode` is not `subscribe`"),
            HandshakeError::WrongToken => f.write_str("`hub.verify_token` is not the verify token"),
        }
    }
}

impl std::error::Error for HandshakeError {}

/// The `hub.challenge` of an accepted handshake, percent-decoded: answer 200 with it as the
/// whole body.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Challenge(String);

impl Challenge {
    /// The challenge.
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The challenge, as an owned string.
    #[must_use]
    pub fn into_string(self) -> String {
        self.0
    }

    /// The answer Meta expects: 200, `text/plain`, the challenge as the body.
    #[must_use]
    pub fn into_response(self) -> Response<String> {
        let mut response = Response::new(self.0);
        response.headers_mut().insert(
            header::CONTENT_TYPE,
            header::HeaderValue::from_static("text/plain; charset=utf-8"),
        );
        response
    }
}

impl fmt::Display for Challenge {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Answers the handshake from the raw query string (without the `?`; percent-encoded, `+` for
/// a space): the challenge to echo when `hub.mode` is `subscribe` and `hub.verify_token` is
/// `token`, compared in constant time.
///
/// ```
/// use cta_core::webhook::{handshake, HandshakeError, VerifyToken};
///
/// let token = VerifyToken::new("meatyhamhock")?;
/// let query = "hub.mode=subscribe&hub.challenge=1158201444&hub.verify_token=meatyhamhock";
/// assert_eq!(handshake(query, &token)?.as_str(), "1158201444");
///
/// let wrong = "hub.mode=subscribe&hub.challenge=1158201444&hub.verify_token=guess";
/// assert_eq!(handshake(wrong, &token), Err(HandshakeError::WrongToken));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
///
/// [`HandshakeError`]: a parameter missing, empty or repeated, a mode other than `subscribe`,
/// or the wrong token.
pub fn handshake(query: &str, token: &VerifyToken) -> Result<Challenge, HandshakeError> {
    let mut mode: Option<Cow<'_, str>> = None;
    let mut presented: Option<Cow<'_, str>> = None;
    let mut challenge: Option<Cow<'_, str>> = None;
    for (name, value) in form_urlencoded::parse(query.as_bytes()) {
        let (param, slot) = match name.as_ref() {
            "hub.mode" => (HubParam::Mode, &mut mode),
            "hub.verify_token" => (HubParam::VerifyToken, &mut presented),
            "hub.challenge" => (HubParam::Challenge, &mut challenge),
            _ => continue,
        };
        if slot.replace(value).is_some() {
            return Err(HandshakeError::Repeated(param));
        }
    }
    let mode = present(mode, HubParam::Mode)?;
    let presented = present(presented, HubParam::VerifyToken)?;
    let challenge = present(challenge, HubParam::Challenge)?;
    if mode != "subscribe" {
        return Err(HandshakeError::WrongMode);
    }
    if !token.matches(&presented) {
        return Err(HandshakeError::WrongToken);
    }
    Ok(Challenge(challenge.into_owned()))
}

/// A parameter's value, unless it is missing or empty.
fn present(value: Option<Cow<'_, str>>, param: HubParam) -> Result<Cow<'_, str>, HandshakeError> {
    value
        .filter(|value| !value.is_empty())
        .ok_or(HandshakeError::Missing(param))
}

/// Answers the handshake from a request's URI, as [`handshake`] does from its query.
///
/// # Errors
///
/// The errors of [`handshake`]; a URI without a query misses `hub.mode`.
pub fn handshake_uri(uri: &Uri, token: &VerifyToken) -> Result<Challenge, HandshakeError> {
    handshake(uri.query().unwrap_or_default(), token)
}

/// Answers the handshake from a whole request: a `GET` whose query [`handshake`] accepts.
///
/// ```
/// use cta_core::webhook::{handshake_request, VerifyToken};
///
/// let token = VerifyToken::new("meatyhamhock")?;
/// let request = http::Request::get(
///     "https://example.com/webhook?hub.mode=subscribe&hub.challenge=1158201444&hub.verify_token=meatyhamhock",
/// )
/// .body(())?;
/// let response = match handshake_request(&request, &token) {
///     Ok(challenge) => challenge.into_response(),
///     Err(refusal) => {
///         let mut response = http::Response::new(String::new());
///         *response.status_mut() = refusal.status();
///         response
///     }
/// };
/// assert_eq!(response.body(), "1158201444");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
///
/// [`HandshakeError::NotGet`] for another method, then the errors of [`handshake`].
pub fn handshake_request<B>(
    request: &Request<B>,
    token: &VerifyToken,
) -> Result<Challenge, HandshakeError> {
    if request.method() != Method::GET {
        return Err(HandshakeError::NotGet);
    }
    handshake_uri(request.uri(), token)
}
