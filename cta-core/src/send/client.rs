//! A ready sender on reqwest, rustls (with ring) and tokio: the `client` feature.

use std::collections::HashMap;
use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use http::{Request, StatusCode};
use tokio::time::Instant;
use tracing::field::Empty;
use tracing::{Instrument, Span};

use super::OutgoingMessage;
use super::config::SendConfig;
use super::error::{RequestError, SendError};
use super::pace::{Pacer, Throughput};
use super::parts::PhoneNumberId;
use super::response::{ReadReceipt, SendResponse};
use crate::MessageId;
use crate::graph::ErrorCode;

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

/// Sends CTA URL messages to the Graph API, retrying only what is worth retrying, at the pace
/// each business number is allowed.
///
/// A send that fails with a retryable Graph API code ([`ErrorCode::is_retryable`]) is sent
/// again, at most [`max_retries`](ClientBuilder::max_retries) times, after
/// [`ErrorCode::backoff`] (`4^n` units for the pair rate limit 131056, `2^n` units for the
/// other retryable codes). Any other failure is returned at once: a timeout or a connection
/// lost mid-answer is not retried either, since Meta may have accepted the message already.
///
/// # Several business numbers
///
/// One client (one access token) sends from any number of its business account:
/// [`send`](Self::send) from the configured one, [`send_from`](Self::send_from) from another.
/// Reply from the number that received the user's message: its webhook's
/// `metadata.phone_number_id`. [`mark_read`](Self::mark_read) and
/// [`mark_read_typing`](Self::mark_read_typing) mark that message read, the latter showing
/// "typing…" while the reply is prepared.
///
/// # Pacing
///
/// Every attempt of a send first waits for a slot of its number: a second's worth of
/// messages may go at once, then the number's [`Throughput`] holds (80 per second unless
/// [`throughput`](ClientBuilder::throughput) or
/// [`number_throughput`](ClientBuilder::number_throughput) say otherwise). Error 130429
/// halves the number's rate for 60 backoff units (a minute); error 131056 holds messages to
/// that one user for 6 units (six seconds; never more than
/// [`max_backoff`](ClientBuilder::max_backoff)), while messages to other users go on. The pace is
/// shared by every clone of the client, in every task. Read receipts are not messages: they
/// take no slot, but a 130429 answered to one slows the number down all the same. \[chosen\]
///
/// # Tracing
///
/// Each send is a `send` span, each read receipt a `mark_read` span (target
/// `cta_core::send::client`), with the business number's ID (`phone_number_id`), the message's
/// ID (`message_id`, a WAMID, once known), the `attempt`, the Graph API `error_code` of a
/// failure and the `elapsed_ms`; events tell of waits for a slot, retries and the outcome.
/// Neither spans nor events ever hold the access token, the recipient's phone number or BSUID,
/// or the message's text: an error is told by its code, its kind and its HTTP status, never by
/// its message (which may quote the request).
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
///
/// A reply bot serving two numbers, one of them raised to 250 messages per second:
///
/// ```no_run
/// use cta_core::send::{Client, PhoneNumberId, SendConfig, Throughput};
/// use cta_core::webhook::InboundMessage;
/// use cta_core::CtaUrlContent;
///
/// # fn build() -> Result<Client, Box<dyn std::error::Error>> {
/// let config = SendConfig::new("106540352242922", std::env::var("WHATSAPP_ACCESS_TOKEN")?)?;
/// let client = Client::builder(config)
///     .number_throughput("109876543210987".parse()?, Throughput::per_second(250)?)
///     .build()?;
/// # Ok(client)
/// # }
/// async fn answer(
///     client: &Client,
///     inbound: &InboundMessage<'_, '_>,
///     content: &CtaUrlContent,
/// ) -> Result<(), Box<dyn std::error::Error>> {
///     let Some(number) = inbound.phone_number_id() else { return Ok(()) };
///     let from: PhoneNumberId = number.parse()?;
///     client.mark_read_typing(&from, &inbound.message_id()?).await?;
///     let reply = content.in_reply_to(inbound)?;
///     client.send_from(&from, &reply).await?;
///     Ok(())
/// }
/// ```
#[derive(Debug, Clone)]
pub struct Client {
    http: reqwest::Client,
    config: SendConfig,
    timeout: Duration,
    max_retries: u32,
    backoff_unit: Duration,
    max_backoff: Duration,
    /// Shared by every clone: one pace per number, whichever task sends.
    pacer: Arc<Pacer>,
}

impl Client {
    /// A client with the default timeout, retries and backoff, and its own TLS configuration
    /// (see [`ClientBuilder::build`]).
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
            throughput: Throughput::DEFAULT,
            number_throughputs: HashMap::new(),
            http: None,
        }
    }

    /// Where and as whom this client sends.
    #[must_use]
    pub fn config(&self) -> &SendConfig {
        &self.config
    }

    /// Sends `message` from the configured business number, at its pace, retrying retryable
    /// Graph API errors as described on [`Client`].
    ///
    /// # Errors
    ///
    /// The [`SendError`] of the last attempt.
    pub async fn send(
        &self,
        message: &(impl OutgoingMessage + Sync),
    ) -> Result<SendResponse, SendError> {
        self.send_from(self.config.phone_number_id(), message).await
    }

    /// Sends `message` from the business number `from`, at that number's pace, retrying
    /// retryable Graph API errors as described on [`Client`]. Reply from the number that
    /// received the user's message: its webhook's `metadata.phone_number_id`.
    ///
    /// # Errors
    ///
    /// The [`SendError`] of the last attempt.
    pub async fn send_from(
        &self,
        from: &PhoneNumberId,
        message: &(impl OutgoingMessage + Sync),
    ) -> Result<SendResponse, SendError> {
        let span = tracing::info_span!(
            "send",
            phone_number_id = %from,
            message_id = Empty,
            attempt = Empty,
            error_code = Empty,
            elapsed_ms = Empty,
        );
        let recipient = message.outgoing_recipient().as_str();
        self.exchange(&span, from, Some(recipient), || {
            self.config.request_from(from, message)
        })
        .instrument(span.clone())
        .await
    }

    /// Marks the message `message_id`, received by the business number `from`, read: its
    /// sender sees the blue ticks. Retried as a send is.
    ///
    /// # Errors
    ///
    /// The [`SendError`] of the last attempt: Meta answered anything but `{"success":true}`.
    pub async fn mark_read(
        &self,
        from: &PhoneNumberId,
        message_id: &MessageId,
    ) -> Result<ReadReceipt, SendError> {
        self.read_receipt(from, message_id, false).await
    }

    /// Marks the message `message_id`, received by the business number `from`, read, and
    /// shows its sender "typing…" until the reply arrives or 25 seconds pass. Retried as a
    /// send is.
    ///
    /// # Errors
    ///
    /// The [`SendError`] of the last attempt: Meta answered anything but `{"success":true}`.
    pub async fn mark_read_typing(
        &self,
        from: &PhoneNumberId,
        message_id: &MessageId,
    ) -> Result<ReadReceipt, SendError> {
        self.read_receipt(from, message_id, true).await
    }

    async fn read_receipt(
        &self,
        from: &PhoneNumberId,
        message_id: &MessageId,
        typing: bool,
    ) -> Result<ReadReceipt, SendError> {
        let span = tracing::info_span!(
            "mark_read",
            phone_number_id = %from,
            message_id = %message_id,
            typing,
            attempt = Empty,
            error_code = Empty,
            elapsed_ms = Empty,
        );
        self.exchange(&span, from, None, || {
            self.config.mark_read_request(from, message_id, typing)
        })
        .instrument(span.clone())
        .await
    }

    /// Makes `request` until an answer comes that is not worth retrying: paced when it sends
    /// a message to `recipient`, its attempts and outcome recorded in `span`.
    async fn exchange<T: Answer>(
        &self,
        span: &Span,
        from: &PhoneNumberId,
        recipient: Option<&str>,
        request: impl Fn() -> Result<Request<Vec<u8>>, RequestError>,
    ) -> Result<T, SendError> {
        let started = Instant::now();
        let mut retries_done = 0;
        loop {
            let attempt = retries_done + 1;
            span.record("attempt", attempt);
            if let Some(recipient) = recipient {
                let waited = self.pacer.ready(from, recipient).await;
                if !waited.is_zero() {
                    tracing::debug!(attempt, waited_ms = millis(waited), "waited for a slot");
                }
            }
            let result = match request() {
                Ok(request) => self.attempt::<T>(request).await,
                Err(error) => Err(error.into()),
            };
            let error = match result {
                Ok(answer) => {
                    if let Some(id) = answer.message_id() {
                        span.record("message_id", id.as_str());
                    }
                    let elapsed_ms = millis(started.elapsed());
                    span.record("elapsed_ms", elapsed_ms);
                    tracing::debug!(attempt, elapsed_ms, "accepted");
                    return Ok(answer);
                }
                Err(error) => error,
            };
            let code = error.code();
            if let Some(code) = code {
                span.record("error_code", code.get());
            }
            self.slow_down(from, recipient, code);
            let delay = code
                .and_then(|code| code.backoff(retries_done, self.backoff_unit))
                .map(|delay| delay.min(self.max_backoff));
            match delay {
                Some(delay) if retries_done < self.max_retries => {
                    tracing::info!(
                        attempt,
                        error_code = code.map(ErrorCode::get),
                        delay_ms = millis(delay),
                        "retrying",
                    );
                    tokio::time::sleep(delay).await;
                    retries_done += 1;
                }
                _ => {
                    let elapsed_ms = millis(started.elapsed());
                    span.record("elapsed_ms", elapsed_ms);
                    tracing::info!(
                        attempt,
                        error_code = code.map(ErrorCode::get),
                        failure = failure_kind(&error),
                        http_status = http_status(&error).map(|status| status.as_u16()),
                        retryable = error.is_retryable(),
                        elapsed_ms,
                        "failed",
                    );
                    return Err(error);
                }
            }
        }
    }

    /// Tells the pacer of a rate limit: 130429 slows the number, 131056 holds the user.
    fn slow_down(&self, from: &PhoneNumberId, recipient: Option<&str>, code: Option<ErrorCode>) {
        match code {
            Some(ErrorCode::THROUGHPUT_LIMIT) => {
                tracing::debug!("the number's throughput is exceeded: half rate");
                self.pacer.throttled(from);
            }
            Some(ErrorCode::PAIR_RATE_LIMIT) => {
                if let Some(recipient) = recipient {
                    // The recipient keys the wait; it is never logged.
                    tracing::debug!("too many messages to this user: holding them");
                    self.pacer.pair_limited(from, recipient);
                }
            }
            _ => {}
        }
    }

    /// One attempt, without retries.
    async fn attempt<T: Answer>(&self, request: Request<Vec<u8>>) -> Result<T, SendError> {
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
        T::parse(&self.config, status, &body)
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

/// What the client reads from an answer of the messages endpoint.
trait Answer: Sized {
    /// Reads the answer, with the token masked.
    fn parse(config: &SendConfig, status: StatusCode, body: &[u8]) -> Result<Self, SendError>;

    /// The ID of the message the answer is about, when it gives one.
    fn message_id(&self) -> Option<&MessageId>;
}

impl Answer for SendResponse {
    fn parse(config: &SendConfig, status: StatusCode, body: &[u8]) -> Result<Self, SendError> {
        config.parse_response(status, body)
    }

    fn message_id(&self) -> Option<&MessageId> {
        Some(SendResponse::message_id(self))
    }
}

impl Answer for ReadReceipt {
    fn parse(config: &SendConfig, status: StatusCode, body: &[u8]) -> Result<Self, SendError> {
        config.parse_read_receipt(status, body)
    }

    fn message_id(&self) -> Option<&MessageId> {
        // The span holds it from the start.
        None
    }
}

/// Milliseconds, for a span or an event.
fn millis(duration: Duration) -> u64 {
    u64::try_from(duration.as_millis()).unwrap_or(u64::MAX)
}

/// What kind of failure an error is, in a word, for an event: never its message, which may
/// quote the request (the recipient, the text) or an answer.
fn failure_kind(error: &SendError) -> &'static str {
    match error {
        SendError::Request(_) => "request",
        SendError::Graph { .. } => "graph",
        SendError::UnexpectedResponse { .. } => "unexpected_response",
        SendError::Timeout { .. } => "timeout",
        SendError::Transport(_) => "transport",
    }
}

/// The HTTP status of an error that had an answer.
fn http_status(error: &SendError) -> Option<StatusCode> {
    match error {
        SendError::Graph { status, .. } | SendError::UnexpectedResponse { status, .. } => {
            Some(*status)
        }
        SendError::Request(_) | SendError::Timeout { .. } | SendError::Transport(_) => None,
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
    throughput: Throughput,
    number_throughputs: HashMap<PhoneNumberId, Throughput>,
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

    /// The unit of every wait after a rate limit: the backoff between attempts, how long a
    /// number runs at half rate after error 130429 (60 units) and how long messages to a user
    /// wait after error 131056 (6 units). One second in production
    /// ([`DEFAULT_BACKOFF_UNIT`]), a millisecond in tests. The throughput stays counted per
    /// real second.
    pub fn backoff_unit(mut self, unit: Duration) -> Self {
        self.backoff_unit = unit;
        self
    }

    /// The longest wait between two attempts, the wait for a user after error 131056
    /// included. Default [`DEFAULT_MAX_BACKOFF`].
    pub fn max_backoff(mut self, max_backoff: Duration) -> Self {
        self.max_backoff = max_backoff;
        self
    }

    /// The messages per second of every business number not given its own by
    /// [`number_throughput`](Self::number_throughput). Default [`Throughput::DEFAULT`], 80:
    /// Meta's default for a number. Meta raises a number's throughput (up to 1000) on its
    /// own; a number also used in the WhatsApp Business app has 20.
    pub fn throughput(mut self, throughput: Throughput) -> Self {
        self.throughput = throughput;
        self
    }

    /// The messages per second of the business number `number`, which Meta raised (or
    /// lowered) from the default.
    pub fn number_throughput(mut self, number: PhoneNumberId, throughput: Throughput) -> Self {
        self.number_throughputs.insert(number, throughput);
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
    /// Unless [`http_client`](Self::http_client) gave one, its reqwest client gets a TLS
    /// configuration of its own: rustls on ring, with the platform's root certificates (the
    /// verifier reqwest itself uses). Nothing is installed process-wide: a rustls crypto
    /// provider the application installs, or not, is left alone.
    ///
    /// # Errors
    ///
    /// A [`ClientError`] if the HTTP client cannot be set up: the platform's root certificates
    /// cannot be loaded, say.
    pub fn build(self) -> Result<Client, ClientError> {
        let http = match self.http {
            Some(http) => http,
            None => http_client()?,
        };
        Ok(Client {
            http,
            config: self.config,
            timeout: self.timeout,
            max_retries: self.max_retries,
            backoff_unit: self.backoff_unit,
            max_backoff: self.max_backoff,
            pacer: Arc::new(Pacer::new(
                self.throughput,
                self.number_throughputs,
                self.backoff_unit,
                self.max_backoff,
            )),
        })
    }
}

/// A reqwest client set up as [`ClientBuilder::build`] sets up its own: rustls on ring, the
/// platform's root certificates, nothing installed process-wide. For other calls to the Graph
/// API made next to a [`Client`] (the `cta` tool reads message templates with it).
///
/// ```no_run
/// let http = cta_core::send::http_client()?;
/// # Ok::<(), cta_core::send::ClientError>(())
/// ```
///
/// # Errors
///
/// A [`ClientError`] if the HTTP client cannot be set up: the platform's root certificates
/// cannot be loaded, say.
pub fn http_client() -> Result<reqwest::Client, ClientError> {
    reqwest::Client::builder()
        .tls_backend_preconfigured(tls::client_config().map_err(ClientError::tls)?)
        .build()
        .map_err(ClientError::http)
}

/// The TLS configuration of the default HTTP client, built without touching rustls' process-wide
/// default provider, and on no deprecated API (rustls 0.23.48 deprecates
/// `crypto::ring::default_provider`: ring has no post-quantum key exchange).
///
/// The key exchange is therefore classical (X25519, P-256, P-384), a choice made for a build
/// without cmake or a C toolchain (aws-lc-rs, rustls' post-quantum backend, needs them). A team
/// that wants ML-KEM hands [`ClientBuilder::http_client`] a reqwest client built on aws-lc-rs.
mod tls {
    use std::sync::Arc;

    use rustls::crypto::{
        CryptoProvider, GetRandomFailed, KeyProvider, SecureRandom, WebPkiSupportedAlgorithms,
    };
    use rustls::pki_types::PrivateKeyDer;
    use rustls::sign::SigningKey;
    use rustls::{ClientConfig, SignatureScheme};
    use rustls_platform_verifier::BuilderVerifierExt;
    use webpki::ring as algorithm;

    /// TLS 1.2 and 1.3 on ring, certificates checked against the platform's roots, HTTP/1.1 by
    /// ALPN (the only protocol this reqwest is built with).
    pub(super) fn client_config() -> Result<ClientConfig, rustls::Error> {
        let mut config = ClientConfig::builder_with_provider(Arc::new(provider()))
            .with_safe_default_protocol_versions()?
            .with_platform_verifier()?
            .with_no_client_auth();
        config.alpn_protocols = vec![b"http/1.1".to_vec()];
        Ok(config)
    }

    /// ring's cipher suites and key exchanges, as rustls sets them by default.
    pub(super) fn provider() -> CryptoProvider {
        CryptoProvider {
            cipher_suites: rustls::crypto::ring::DEFAULT_CIPHER_SUITES.to_vec(),
            kx_groups: rustls::crypto::ring::DEFAULT_KX_GROUPS.to_vec(),
            signature_verification_algorithms: SIGNATURE_ALGORITHMS,
            secure_random: &Ring,
            key_provider: &Ring,
        }
    }

    /// The signatures a server's certificate chain and handshake may use: what webpki checks
    /// with ring. The list and its mapping are those of rustls' own ring provider
    /// (`SUPPORTED_SIG_ALGS` in `rustls::crypto::ring`), which rustls does not export. For TLS 1.3 an ECDSA scheme fixes the curve, so that curve's algorithm comes
    /// first; TLS 1.2 leaves the curve open, so the other one follows.
    static SIGNATURE_ALGORITHMS: WebPkiSupportedAlgorithms = WebPkiSupportedAlgorithms {
        all: &[
            algorithm::ECDSA_P256_SHA256,
            algorithm::ECDSA_P256_SHA384,
            algorithm::ECDSA_P384_SHA256,
            algorithm::ECDSA_P384_SHA384,
            algorithm::ED25519,
            algorithm::RSA_PSS_2048_8192_SHA256_LEGACY_KEY,
            algorithm::RSA_PSS_2048_8192_SHA384_LEGACY_KEY,
            algorithm::RSA_PSS_2048_8192_SHA512_LEGACY_KEY,
            algorithm::RSA_PKCS1_2048_8192_SHA256,
            algorithm::RSA_PKCS1_2048_8192_SHA384,
            algorithm::RSA_PKCS1_2048_8192_SHA512,
        ],
        mapping: &[
            (
                SignatureScheme::ECDSA_NISTP384_SHA384,
                &[algorithm::ECDSA_P384_SHA384, algorithm::ECDSA_P256_SHA384],
            ),
            (
                SignatureScheme::ECDSA_NISTP256_SHA256,
                &[algorithm::ECDSA_P256_SHA256, algorithm::ECDSA_P384_SHA256],
            ),
            (SignatureScheme::ED25519, &[algorithm::ED25519]),
            (
                SignatureScheme::RSA_PSS_SHA512,
                &[algorithm::RSA_PSS_2048_8192_SHA512_LEGACY_KEY],
            ),
            (
                SignatureScheme::RSA_PSS_SHA384,
                &[algorithm::RSA_PSS_2048_8192_SHA384_LEGACY_KEY],
            ),
            (
                SignatureScheme::RSA_PSS_SHA256,
                &[algorithm::RSA_PSS_2048_8192_SHA256_LEGACY_KEY],
            ),
            (
                SignatureScheme::RSA_PKCS1_SHA512,
                &[algorithm::RSA_PKCS1_2048_8192_SHA512],
            ),
            (
                SignatureScheme::RSA_PKCS1_SHA384,
                &[algorithm::RSA_PKCS1_2048_8192_SHA384],
            ),
            (
                SignatureScheme::RSA_PKCS1_SHA256,
                &[algorithm::RSA_PKCS1_2048_8192_SHA256],
            ),
        ],
    };

    /// ring's system random numbers and private keys.
    #[derive(Debug)]
    struct Ring;

    impl SecureRandom for Ring {
        fn fill(&self, buf: &mut [u8]) -> Result<(), GetRandomFailed> {
            ring::rand::SecureRandom::fill(&ring::rand::SystemRandom::new(), buf)
                .map_err(|_| GetRandomFailed)
        }
    }

    /// Only a client certificate would need a key, and the client sends none; loading one works
    /// all the same.
    impl KeyProvider for Ring {
        fn load_private_key(
            &self,
            key_der: PrivateKeyDer<'static>,
        ) -> Result<Arc<dyn SigningKey>, rustls::Error> {
            rustls::crypto::ring::sign::any_supported_type(&key_der)
        }
    }
}

/// The HTTP client could not be set up.
///
/// Its `Display` includes the cause (`the HTTP client cannot be set up: builder error`), so
/// [`source`](std::error::Error::source) skips the cause and goes on with the cause's own
/// source: an error reporter prints each once, down to the root cause.
#[derive(Debug)]
pub struct ClientError(SetupFailure);

#[derive(Debug)]
enum SetupFailure {
    /// The TLS configuration: the platform's root certificates, say.
    Tls(rustls::Error),
    /// reqwest's own setup.
    Http(reqwest::Error),
}

impl ClientError {
    fn tls(error: rustls::Error) -> Self {
        ClientError(SetupFailure::Tls(error))
    }

    fn http(error: reqwest::Error) -> Self {
        ClientError(SetupFailure::Http(error))
    }

    fn cause(&self) -> &(dyn std::error::Error + 'static) {
        match &self.0 {
            SetupFailure::Tls(error) => error,
            SetupFailure::Http(error) => error,
        }
    }
}

impl fmt::Display for ClientError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "the HTTP client cannot be set up: {}", self.cause())
    }
}

/// The cause is in the message; its source follows.
impl std::error::Error for ClientError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.cause().source()
    }
}

#[cfg(test)]
mod tests {
    use std::error::Error;

    use super::{ClientError, tls};

    #[test]
    fn a_client_error_prints_every_cause_once() {
        // A builder error of reqwest's, with a cause of its own (the URL parser's).
        let inner = reqwest::Client::builder()
            .tls_backend_preconfigured(tls::client_config().expect("the TLS configuration"))
            .build()
            .and_then(|client| client.get("not a url").build())
            .expect_err("not a URL");
        let cause = inner.source().map(ToString::to_string);
        let error = ClientError::http(inner);
        let shown = error.to_string();
        assert!(
            shown.starts_with("the HTTP client cannot be set up: "),
            "{shown}"
        );
        // The cause's own cause comes next in the chain, not in the message.
        assert_eq!(error.source().map(ToString::to_string), cause);
        let cause = cause.expect("reqwest's builder error has a source");
        assert!(!shown.contains(&cause), "{shown}");
    }

    #[test]
    fn building_installs_no_process_wide_provider() {
        let _config = tls::client_config().expect("the TLS configuration");
        let _client = super::Client::new(
            crate::send::SendConfig::new("106540352242922", "EAAG-secret").expect("config"),
        )
        .expect("a client");
        assert!(rustls::crypto::CryptoProvider::get_default().is_none());
    }

    #[test]
    fn the_provider_offers_what_rustls_checks() {
        let provider = tls::provider();
        assert!(!provider.cipher_suites.is_empty());
        assert!(!provider.kx_groups.is_empty());
        // Every scheme offered can be checked, and `all` holds every algorithm the mapping uses.
        let algorithms = provider.signature_verification_algorithms;
        for (scheme, used) in algorithms.mapping {
            assert!(!used.is_empty(), "{scheme:?}");
            for algorithm in *used {
                assert!(
                    algorithms
                        .all
                        .iter()
                        .any(|known| std::ptr::addr_eq(*known, *algorithm)),
                    "{scheme:?}"
                );
            }
        }
        let mut random = [0_u8; 32];
        provider
            .secure_random
            .fill(&mut random)
            .expect("random bytes");
        assert_ne!(random, [0_u8; 32]);
    }
}
