//! A ready sender on reqwest, rustls (with ring) and tokio: the `client` feature.

use std::fmt;
use std::time::Duration;

use super::config::SendConfig;
use super::error::SendError;
use super::response::SendResponse;
use crate::CtaUrlMessage;

/// How long a send may take, body included, unless [`ClientBuilder::timeout`] says otherwise.
/// \[chosen\]
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);

/// How many times a retryable error is retried, unless [`ClientBuilder::max_retries`] says
/// otherwise. With the pair rate limit's `4^n` seconds that is 1 + 4 + 16 seconds of waiting.
/// \[chosen\]
pub const DEFAULT_MAX_RETRIES: u32 = 3;

/// The unit of the backoff: one second, the unit of Meta's `4^n` seconds for 131056.
pub const DEFAULT_BACKOFF_UNIT: Duration = Duration::from_secs(1);

/// The longest wait between two attempts, unless [`ClientBuilder::max_backoff`] says
/// otherwise: `4^n` grows fast, and a send that must wait longer is better left to the
/// application. \[chosen\]
pub const DEFAULT_MAX_BACKOFF: Duration = Duration::from_mins(5);

/// The largest answer body read; a larger one is an error, so that a misbehaving proxy cannot
/// exhaust memory. The Graph API's answers to a send are well under a kilobyte. \[chosen\]
pub const MAX_RESPONSE_BYTES: usize = 1 << 20;

/// Sends CTA URL messages to the Graph API, retrying only what is worth retrying.
///
/// A send that fails with a retryable Graph API code ([`ErrorCode::is_retryable`]) is sent
/// again, at most [`max_retries`](ClientBuilder::max_retries) times, after
/// [`ErrorCode::backoff`] (`4^n` units for the pair rate limit 131056, `2^n` units for the
/// other retryable codes). Any other failure is returned at once: a timeout or a connection
/// lost mid-answer is not retried either, since Meta may have accepted the message already.
///
/// [`ErrorCode::is_retryable`]: super::ErrorCode::is_retryable
/// [`ErrorCode::backoff`]: super::ErrorCode::backoff
///
/// ```no_run
/// use cta_core::cta_message;
/// use cta_core::send::{Client, SendConfig};
///
/// # async fn run() -> Result<(), Box<dyn std::error::Error>> {
/// let config = SendConfig::new("106540352242922", std::env::var("WHATSAPP_ACCESS_TOKEN")?)?;
/// let client = Client::new(config)?;
/// let message = cta_message! {
///     to: "+16505551234",
///     body: "Tap the button below to see available dates.",
///     button: "See Dates",
///     url: "https://www.luckyshrub.com",
/// };
/// match client.send(&message).await {
///     Ok(sent) => println!("sent {}", sent.message_id()),
///     Err(error) => eprintln!("not sent: {error} (retryable: {})", error.is_retryable()),
/// }
/// # Ok(())
/// # }
/// ```
#[derive(Debug, Clone)]
pub struct Client {
    http: reqwest::Client,
    config: SendConfig,
    timeout: Duration,
    max_retries: u32,
    backoff_unit: Duration,
    max_backoff: Duration,
}

impl Client {
    /// A client with the default timeout, retries and backoff.
    ///
    /// Unless the application has installed a rustls crypto provider, this installs ring as
    /// the process-wide default (reqwest is built here without a provider of its own).
    ///
    /// # Errors
    ///
    /// A [`ClientError`] if the HTTP client cannot be set up (its TLS configuration).
    pub fn new(config: SendConfig) -> Result<Self, ClientError> {
        Self::builder(config).build()
    }

    /// A builder, to set the timeout, the retries or the HTTP client.
    pub fn builder(config: SendConfig) -> ClientBuilder {
        ClientBuilder {
            config,
            timeout: DEFAULT_TIMEOUT,
            max_retries: DEFAULT_MAX_RETRIES,
            backoff_unit: DEFAULT_BACKOFF_UNIT,
            max_backoff: DEFAULT_MAX_BACKOFF,
            http: None,
        }
    }

    /// Where and as whom this client sends.
    #[must_use]
    pub fn config(&self) -> &SendConfig {
        &self.config
    }

    /// Sends `message`, retrying retryable Graph API errors as described on [`Client`].
    ///
    /// # Errors
    ///
    /// The [`SendError`] of the last attempt.
    pub async fn send(&self, message: &CtaUrlMessage) -> Result<SendResponse, SendError> {
        let mut retries_done = 0;
        loop {
            let error = match self.send_once(message).await {
                Ok(response) => return Ok(response),
                Err(error) => error,
            };
            let delay = error
                .code()
                .and_then(|code| code.backoff(retries_done, self.backoff_unit))
                .map(|delay| delay.min(self.max_backoff));
            match delay {
                Some(delay) if retries_done < self.max_retries => {
                    tokio::time::sleep(delay).await;
                    retries_done += 1;
                }
                _ => return Err(error),
            }
        }
    }

    /// One attempt, without retries.
    async fn send_once(&self, message: &CtaUrlMessage) -> Result<SendResponse, SendError> {
        let request = self.config.request(message)?;
        let mut request = reqwest::Request::try_from(request).map_err(|e| self.transport(e))?;
        *request.timeout_mut() = Some(self.timeout);
        let response = self
            .http
            .execute(request)
            .await
            .map_err(|e| self.transport(e))?;
        let status = response.status();
        let mut response = response;
        let mut body = Vec::new();
        while let Some(chunk) = response.chunk().await.map_err(|e| self.transport(e))? {
            let room = MAX_RESPONSE_BYTES - body.len();
            if chunk.len() > room {
                // Read up to the cap, then stop: the error says how much was read.
                body.extend_from_slice(&chunk[..room]);
                return Err(SendError::unexpected(
                    status,
                    format!("the body is larger than {MAX_RESPONSE_BYTES} bytes"),
                    &body,
                    true,
                    Some(self.config.token_mask()),
                ));
            }
            body.extend_from_slice(&chunk);
        }
        self.config.parse_response(status, &body)
    }

    fn transport(&self, error: reqwest::Error) -> SendError {
        if error.is_timeout() {
            SendError::Timeout {
                after: self.timeout,
            }
        } else {
            SendError::Transport(Box::new(error))
        }
    }
}

/// Sets up a [`Client`].
#[derive(Debug)]
#[must_use]
pub struct ClientBuilder {
    config: SendConfig,
    timeout: Duration,
    max_retries: u32,
    backoff_unit: Duration,
    max_backoff: Duration,
    http: Option<reqwest::Client>,
}

impl ClientBuilder {
    /// How long one attempt may take, from sending to the end of the answer's body. Default
    /// [`DEFAULT_TIMEOUT`].
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// How many times a retryable error is retried (0 for never). Default
    /// [`DEFAULT_MAX_RETRIES`].
    pub fn max_retries(mut self, max_retries: u32) -> Self {
        self.max_retries = max_retries;
        self
    }

    /// The unit of the backoff: one second in production ([`DEFAULT_BACKOFF_UNIT`]), a
    /// millisecond in tests.
    pub fn backoff_unit(mut self, unit: Duration) -> Self {
        self.backoff_unit = unit;
        self
    }

    /// The longest wait between two attempts. Default [`DEFAULT_MAX_BACKOFF`].
    pub fn max_backoff(mut self, max_backoff: Duration) -> Self {
        self.max_backoff = max_backoff;
        self
    }

    /// Sends through this reqwest client (proxy settings, connection pool shared with other
    /// code). The timeout of this builder still applies to each attempt.
    pub fn http_client(mut self, client: reqwest::Client) -> Self {
        self.http = Some(client);
        self
    }

    /// The client.
    ///
    /// # Errors
    ///
    /// A [`ClientError`] if the HTTP client cannot be set up.
    pub fn build(self) -> Result<Client, ClientError> {
        let http = if let Some(http) = self.http {
            http
        } else {
            install_crypto_provider();
            reqwest::Client::builder().build().map_err(ClientError)?
        };
        Ok(Client {
            http,
            config: self.config,
            timeout: self.timeout,
            max_retries: self.max_retries,
            backoff_unit: self.backoff_unit,
            max_backoff: self.max_backoff,
        })
    }
}

/// reqwest is built without a crypto provider of its own (its default, aws-lc-rs, needs cmake
/// to build), so ring is installed as the process default, unless the application installed one
/// already.
fn install_crypto_provider() {
    if rustls::crypto::CryptoProvider::get_default().is_none() {
        // Losing a race with another thread that installs a provider is fine: any will do.
        let _ = rustls::crypto::ring::default_provider().install_default();
    }
}

/// The HTTP client could not be set up.
///
/// Its `Display` includes the cause and the cause's own causes, so
/// [`source`](std::error::Error::source) returns `None`: an error reporter prints each once.
#[derive(Debug)]
pub struct ClientError(reqwest::Error);

impl fmt::Display for ClientError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "the HTTP client cannot be set up: {}", self.0)?;
        let mut cause = std::error::Error::source(&self.0);
        while let Some(error) = cause {
            write!(f, ": {error}")?;
            cause = error.source();
        }
        Ok(())
    }
}

/// The causes are in the message.
impl std::error::Error for ClientError {}

#[cfg(test)]
mod tests {
    use std::error::Error;

    use super::{ClientError, install_crypto_provider};

    #[test]
    fn a_client_error_prints_every_cause_once() {
        install_crypto_provider();
        // A builder error of reqwest's, with a cause of its own (the URL parser's).
        let inner = reqwest::Client::builder()
            .build()
            .and_then(|client| client.get("not a url").build())
            .unwrap_err();
        let cause = inner.source().map(ToString::to_string);
        assert!(cause.is_some(), "{inner:?}");
        let error = ClientError(inner);
        let shown = error.to_string();
        assert!(
            shown.starts_with("the HTTP client cannot be set up: "),
            "{shown}"
        );
        // The cause's own cause is in the message, once, and nothing is left for `source`.
        let cause = cause.unwrap_or_default();
        assert_eq!(shown.matches(cause.as_str()).count(), 1, "{shown}");
        assert!(error.source().is_none());
    }
}
