//! The Graph API error codes a sender must tell apart, and which of them are worth a retry.

use std::fmt;
use std::time::Duration;

/// A Graph API error `code`, the key of error handling (never the HTTP status). \[Meta\]
///
/// The codes Meta documents for sending messages have a variant; any other is kept as
/// [`Other`](Self::Other).
///
/// ```
/// use cta_core::send::ErrorCode;
///
/// let code = ErrorCode::from_code(131056);
/// assert_eq!(code, ErrorCode::PairRateLimit);
/// assert!(code.is_retryable());
/// assert!(!ErrorCode::from_code(131009).is_retryable());
/// assert_eq!(ErrorCode::from_code(42), ErrorCode::Other(42));
///
/// // A BSUID recipient refused for this message: sending it again will not help.
/// assert_eq!(ErrorCode::from_code(131062), ErrorCode::BusinessScopedUserIdNotSupported);
/// assert!(!ErrorCode::BusinessScopedUserIdNotSupported.is_retryable());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ErrorCode {
    /// 2: the API service is temporarily unavailable. Retryable.
    TemporarilyUnavailable,
    /// 4: the app reached its API call rate limit. Retryable later.
    AppRateLimit,
    /// 100: a parameter is invalid or unknown. Not retryable.
    InvalidParameter,
    /// 190: the access token expired or is invalid. Not retryable.
    AccessTokenInvalid,
    /// 80007: the WhatsApp Business Account reached its rate limit. Retryable later.
    BusinessAccountRateLimit,
    /// 130429: the throughput limit of the number is reached (80 messages per second by
    /// default, up to 1000). Retryable later.
    ThroughputLimit,
    /// 131000: something went wrong, cause unknown. Retryable.
    Unknown,
    /// 131008: a required parameter is missing. Not retryable.
    RequiredParameterMissing,
    /// 131009: a parameter value is not valid, such as a label over its limit. Not retryable.
    ParameterValueInvalid,
    /// 131016: a service is temporarily unavailable. Retryable.
    ServiceUnavailable,
    /// 131026: the recipient cannot receive the message. Not retryable.
    MessageUndeliverable,
    /// 131047: more than 24 hours since the user last wrote; only templates may be sent. Not
    /// retryable.
    ReengagementMessage,
    /// 131053: media could not be fetched or had the wrong type. Not retryable.
    MediaUploadError,
    /// 131056: too many messages to one user (about one every 6 seconds). Retryable, backing
    /// off 4^n seconds as Meta asks.
    PairRateLimit,
    /// 131057: the business account is in maintenance mode. Retryable.
    AccountInMaintenance,
    /// 131062: business-scoped user ID (BSUID) recipients are not supported for this message
    /// (some authentication templates). Not retryable.
    BusinessScopedUserIdNotSupported,
    /// 133004: the server is temporarily unavailable. Retryable.
    ServerTemporarilyUnavailable,
    /// 133010: the business phone number is not registered. Not retryable.
    PhoneNumberNotRegistered,
    /// A code this crate does not know. Never retried.
    Other(i64),
}

impl ErrorCode {
    /// Every code with its own variant, in numeric order.
    pub const KNOWN: &'static [ErrorCode] = &[
        ErrorCode::TemporarilyUnavailable,
        ErrorCode::AppRateLimit,
        ErrorCode::InvalidParameter,
        ErrorCode::AccessTokenInvalid,
        ErrorCode::BusinessAccountRateLimit,
        ErrorCode::ThroughputLimit,
        ErrorCode::Unknown,
        ErrorCode::RequiredParameterMissing,
        ErrorCode::ParameterValueInvalid,
        ErrorCode::ServiceUnavailable,
        ErrorCode::MessageUndeliverable,
        ErrorCode::ReengagementMessage,
        ErrorCode::MediaUploadError,
        ErrorCode::PairRateLimit,
        ErrorCode::AccountInMaintenance,
        ErrorCode::BusinessScopedUserIdNotSupported,
        ErrorCode::ServerTemporarilyUnavailable,
        ErrorCode::PhoneNumberNotRegistered,
    ];

    /// The variant for a numeric `code`.
    #[must_use]
    pub fn from_code(code: i64) -> Self {
        Self::KNOWN
            .iter()
            .copied()
            .find(|known| known.code() == code)
            .unwrap_or(ErrorCode::Other(code))
    }

    /// The numeric code.
    #[must_use]
    #[expect(
        clippy::unreadable_literal,
        reason = "written as Meta writes them, to be found by search"
    )]
    pub fn code(self) -> i64 {
        match self {
            ErrorCode::TemporarilyUnavailable => 2,
            ErrorCode::AppRateLimit => 4,
            ErrorCode::InvalidParameter => 100,
            ErrorCode::AccessTokenInvalid => 190,
            ErrorCode::BusinessAccountRateLimit => 80007,
            ErrorCode::ThroughputLimit => 130429,
            ErrorCode::Unknown => 131000,
            ErrorCode::RequiredParameterMissing => 131008,
            ErrorCode::ParameterValueInvalid => 131009,
            ErrorCode::ServiceUnavailable => 131016,
            ErrorCode::MessageUndeliverable => 131026,
            ErrorCode::ReengagementMessage => 131047,
            ErrorCode::MediaUploadError => 131053,
            ErrorCode::PairRateLimit => 131056,
            ErrorCode::AccountInMaintenance => 131057,
            ErrorCode::BusinessScopedUserIdNotSupported => 131062,
            ErrorCode::ServerTemporarilyUnavailable => 133004,
            ErrorCode::PhoneNumberNotRegistered => 133010,
            ErrorCode::Other(code) => code,
        }
    }

    /// A short description of what went wrong.
    #[must_use]
    pub fn description(self) -> &'static str {
        match self {
            ErrorCode::TemporarilyUnavailable => "API service temporarily unavailable",
            ErrorCode::AppRateLimit => "app rate limit reached",
            ErrorCode::InvalidParameter => "invalid or unknown parameter",
            ErrorCode::AccessTokenInvalid => "access token expired or invalid",
            ErrorCode::BusinessAccountRateLimit => "business account rate limit reached",
            ErrorCode::ThroughputLimit => "throughput limit reached",
            ErrorCode::Unknown => "unknown error",
            ErrorCode::RequiredParameterMissing => "required parameter missing",
            ErrorCode::ParameterValueInvalid => "parameter value not valid",
            ErrorCode::ServiceUnavailable => "service temporarily unavailable",
            ErrorCode::MessageUndeliverable => "recipient cannot receive the message",
            ErrorCode::ReengagementMessage => {
                "more than 24 hours since the user last wrote; only templates may be sent"
            }
            ErrorCode::MediaUploadError => "media could not be fetched or had the wrong type",
            ErrorCode::PairRateLimit => "too many messages to this user",
            ErrorCode::AccountInMaintenance => "business account in maintenance mode",
            ErrorCode::BusinessScopedUserIdNotSupported => {
                "business-scoped user ID recipients are not supported for this message"
            }
            ErrorCode::ServerTemporarilyUnavailable => "server temporarily unavailable",
            ErrorCode::PhoneNumberNotRegistered => "business phone number not registered",
            ErrorCode::Other(_) => "error code not known to cta-core",
        }
    }

    /// Whether sending the same message again later may succeed, as RULES.md's table says: the
    /// rate limits and the temporary failures. Unknown codes are not retryable.
    #[must_use]
    pub fn is_retryable(self) -> bool {
        self.is_rate_limit()
            || matches!(
                self,
                ErrorCode::TemporarilyUnavailable
                    | ErrorCode::Unknown
                    | ErrorCode::ServiceUnavailable
                    | ErrorCode::AccountInMaintenance
                    | ErrorCode::ServerTemporarilyUnavailable
            )
    }

    /// Whether this is a rate limit: 4, 80007, 130429 or 131056.
    #[must_use]
    pub fn is_rate_limit(self) -> bool {
        matches!(
            self,
            ErrorCode::AppRateLimit
                | ErrorCode::BusinessAccountRateLimit
                | ErrorCode::ThroughputLimit
                | ErrorCode::PairRateLimit
        )
    }

    /// How long to wait before retry number `attempt` (0 for the first retry), in units of
    /// `unit` (one second in production), or `None` when the code is not retryable.
    ///
    /// The pair rate limit 131056 waits `4^attempt` units, as Meta asks. The other retryable
    /// codes wait `2^attempt` units: Meta only says "later", so this is \[chosen\].
    ///
    /// ```
    /// use std::time::Duration;
    /// use cta_core::send::ErrorCode;
    ///
    /// let second = Duration::from_secs(1);
    /// assert_eq!(ErrorCode::PairRateLimit.backoff(2, second), Some(Duration::from_secs(16)));
    /// assert_eq!(ErrorCode::ThroughputLimit.backoff(2, second), Some(Duration::from_secs(4)));
    /// assert_eq!(ErrorCode::ParameterValueInvalid.backoff(0, second), None);
    /// ```
    #[must_use]
    pub fn backoff(self, attempt: u32, unit: Duration) -> Option<Duration> {
        if !self.is_retryable() {
            return None;
        }
        let base: u32 = if self == ErrorCode::PairRateLimit {
            4
        } else {
            2
        };
        let factor = base.checked_pow(attempt).unwrap_or(u32::MAX);
        Some(unit.saturating_mul(factor))
    }

    /// The suggested wait before retry number `attempt` (0 for the first retry) of a rate
    /// limit, in real seconds; `None` for any other code. See [`backoff`](Self::backoff).
    #[must_use]
    pub fn suggested_delay(self, attempt: u32) -> Option<Duration> {
        if !self.is_rate_limit() {
            return None;
        }
        self.backoff(attempt, Duration::from_secs(1))
    }
}

impl From<i64> for ErrorCode {
    fn from(code: i64) -> Self {
        ErrorCode::from_code(code)
    }
}

impl From<ErrorCode> for i64 {
    fn from(code: ErrorCode) -> Self {
        code.code()
    }
}

impl fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} ({})", self.code(), self.description())
    }
}
