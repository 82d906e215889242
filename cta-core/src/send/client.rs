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
            None => reqwest::Client::builder()
                .tls_backend_preconfigured(tls::client_config().map_err(ClientError::tls)?)
                .build()
                .map_err(ClientError::http)?,
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

/// The TLS configuration of the default HTTP client, built without touching rustls' process-wide
/// default provider, and on no deprecated API (rustls 0.23.48 deprecates
/// `crypto::ring::default_provider`: ring has no post-quantum key exchange).
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
    /// with ring. For TLS 1.3 an ECDSA scheme fixes the curve, so that curve's algorithm comes
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
