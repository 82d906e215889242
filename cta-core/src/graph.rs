//! What the `send` and `webhook` modules share about the Graph API: its error codes, what kind
//! of failure each is, and which are worth a retry.
//!
//! A code is an [`ErrorCode`], a plain number with a name for each code this crate knows. A
//! code this crate learns in a later version keeps its number and its equality, so code that
//! compares codes means the same thing tomorrow; only [`ErrorCode::kind`] and the retry
//! verdict of a code that was [`ErrorKind::Unknown`] can become more precise.
//!
//! ```
//! use cta_core::graph::{ErrorCode, ErrorKind};
//!
//! let code = ErrorCode::new(131056);
//! assert_eq!(code, ErrorCode::PAIR_RATE_LIMIT);
//! assert_eq!(code.kind(), ErrorKind::RateLimit);
//! assert!(code.is_retryable());
//!
//! // A code this crate does not know is still that code, and is never retried.
//! let unknown = ErrorCode::new(42);
//! assert_eq!(unknown.get(), 42);
//! assert_eq!(unknown.kind(), ErrorKind::Unknown);
//! assert!(!unknown.is_retryable());
//! ```

use std::fmt;
use std::time::Duration;

/// A Graph API error `code`, the key of error handling (never the HTTP status). \[Meta\]
///
/// A newtype over the number: two codes are equal when their numbers are, whatever this crate
/// knows about them. The codes Meta documents for sending messages have a name (an associated
/// constant), a [`kind`](Self::kind), a [`description`](Self::description) and a retry verdict
/// ([`is_retryable`](Self::is_retryable)).
///
/// ```
/// use cta_core::graph::{ErrorCode, ErrorKind};
///
/// assert!(!ErrorCode::PARAMETER_VALUE_INVALID.is_retryable());
/// assert_eq!(ErrorCode::PARAMETER_VALUE_INVALID.get(), 131009);
///
/// // A BSUID recipient refused for this message: sending it again will not help.
/// let code = ErrorCode::new(131062);
/// assert_eq!(code, ErrorCode::BUSINESS_SCOPED_USER_ID_NOT_SUPPORTED);
/// assert_eq!(code.kind(), ErrorKind::Recipient);
/// assert!(!code.is_retryable());
///
/// // Match on the constants; a code not named stays in the last arm in every version.
/// let advice = match code {
///     ErrorCode::ACCESS_TOKEN_INVALID => "renew the token",
///     ErrorCode::REENGAGEMENT_MESSAGE => "send a template",
///     _ => "see the kind",
/// };
/// assert_eq!(advice, "see the kind");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ErrorCode(i64);

/// What kind of failure an [`ErrorCode`] is, which decides whether it is retried.
///
/// A code this crate does not know is [`Unknown`](Self::Unknown); a later version may give it a
/// more precise kind (its number, and so its equality, never changes).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ErrorKind {
    /// A rate limit: the same message may succeed later. Retried after a backoff.
    RateLimit,
    /// A temporary failure on Meta's side. Retried after a backoff.
    Temporary,
    /// The access token expired or is invalid. Not retried.
    Authorization,
    /// The request is wrong: a parameter missing or invalid, media that cannot be fetched. Not
    /// retried: sent again, it fails again.
    InvalidRequest,
    /// This user cannot be sent this message now (undeliverable, outside the 24-hour window, a
    /// BSUID refused for it). Not retried.
    Recipient,
    /// The business account or phone number cannot send. Not retried.
    Account,
    /// A code this crate does not know. Not retried.
    Unknown,
}

impl ErrorKind {
    /// Whether a code of this kind may succeed if the message is sent again later: the rate
    /// limits and the temporary failures.
    #[must_use]
    pub fn is_retryable(self) -> bool {
        matches!(self, ErrorKind::RateLimit | ErrorKind::Temporary)
    }
}

/// What this crate knows of a code: the one table the constants' kinds and descriptions come
/// from.
struct Known {
    code: ErrorCode,
    kind: ErrorKind,
    description: &'static str,
}

#[expect(
    clippy::unreadable_literal,
    reason = "written as Meta writes them, to be found by search"
)]
impl ErrorCode {
    /// 2: the API service is temporarily unavailable. Retryable.
    pub const TEMPORARILY_UNAVAILABLE: ErrorCode = ErrorCode(2);
    /// 4: the app reached its API call rate limit. Retryable later.
    pub const APP_RATE_LIMIT: ErrorCode = ErrorCode(4);
    /// 100: a parameter is invalid or unknown. Not retryable.
    pub const INVALID_PARAMETER: ErrorCode = ErrorCode(100);
    /// 190: the access token expired or is invalid. Not retryable.
    pub const ACCESS_TOKEN_INVALID: ErrorCode = ErrorCode(190);
    /// 80007: the WhatsApp Business Account reached its rate limit. Retryable later.
    pub const BUSINESS_ACCOUNT_RATE_LIMIT: ErrorCode = ErrorCode(80007);
    /// 130429: the throughput limit of the number is reached (80 messages per second by
    /// default, up to 1000). Retryable later.
    pub const THROUGHPUT_LIMIT: ErrorCode = ErrorCode(130429);
    /// 131000: something went wrong, cause unknown. Retryable.
    pub const SOMETHING_WENT_WRONG: ErrorCode = ErrorCode(131000);
    /// 131008: a required parameter is missing. Not retryable.
    pub const REQUIRED_PARAMETER_MISSING: ErrorCode = ErrorCode(131008);
    /// 131009: a parameter value is not valid, such as a label over its limit. Not retryable.
    pub const PARAMETER_VALUE_INVALID: ErrorCode = ErrorCode(131009);
    /// 131016: a service is temporarily unavailable. Retryable.
    pub const SERVICE_UNAVAILABLE: ErrorCode = ErrorCode(131016);
    /// 131026: the recipient cannot receive the message. Not retryable.
    pub const MESSAGE_UNDELIVERABLE: ErrorCode = ErrorCode(131026);
    /// 131047: more than 24 hours since the user last wrote; only templates may be sent. Not
    /// retryable.
    pub const REENGAGEMENT_MESSAGE: ErrorCode = ErrorCode(131047);
    /// 131053: media could not be fetched or had the wrong type. Not retryable.
    pub const MEDIA_UPLOAD_ERROR: ErrorCode = ErrorCode(131053);
    /// 131056: too many messages to one user (about one every 6 seconds). Retryable, backing
    /// off 4^n seconds as Meta asks.
    pub const PAIR_RATE_LIMIT: ErrorCode = ErrorCode(131056);
    /// 131057: the business account is in maintenance mode. Retryable.
    pub const ACCOUNT_IN_MAINTENANCE: ErrorCode = ErrorCode(131057);
    /// 131062: business-scoped user ID (BSUID) recipients are not supported for this message
    /// (some authentication templates). Not retryable.
    pub const BUSINESS_SCOPED_USER_ID_NOT_SUPPORTED: ErrorCode = ErrorCode(131062);
    /// 132000: the number of parameters does not match the approved template's. Not
    /// retryable.
    pub const TEMPLATE_PARAMETER_COUNT_MISMATCH: ErrorCode = ErrorCode(132000);
    /// 132001: the template does not exist in this language, or is not approved. Not
    /// retryable.
    pub const TEMPLATE_DOES_NOT_EXIST: ErrorCode = ErrorCode(132001);
    /// 132005: the template's translated text is too long once filled. Not retryable.
    pub const TEMPLATE_TEXT_TOO_LONG: ErrorCode = ErrorCode(132005);
    /// 132007: the template breaks the format character policy. Not retryable.
    pub const TEMPLATE_FORMAT_CHARACTER_POLICY: ErrorCode = ErrorCode(132007);
    /// 132012: a parameter's format does not match the approved template's (a named
    /// parameter sent by position, text for a media header). Not retryable.
    pub const TEMPLATE_PARAMETER_FORMAT_MISMATCH: ErrorCode = ErrorCode(132012);
    /// 132015: the template is paused for its low quality. Not retryable.
    pub const TEMPLATE_PAUSED: ErrorCode = ErrorCode(132015);
    /// 132016: the template is disabled for good. Not retryable.
    pub const TEMPLATE_DISABLED: ErrorCode = ErrorCode(132016);
    /// 132018: a template parameter's value breaks Meta's rules: it is empty, or holds a line
    /// break, a tab or more than four spaces in a row (Meta's title: "There was an issue with
    /// the parameters in your template"). Not retryable. `approved_template!`'s `render`
    /// refuses such a value before it is sent.
    pub const TEMPLATE_PARAMETER_VALUE_INVALID: ErrorCode = ErrorCode(132018);
    /// 133004: the server is temporarily unavailable. Retryable.
    pub const SERVER_TEMPORARILY_UNAVAILABLE: ErrorCode = ErrorCode(133004);
    /// 133010: the business phone number is not registered. Not retryable.
    pub const PHONE_NUMBER_NOT_REGISTERED: ErrorCode = ErrorCode(133010);
}

/// Every code with a name, in numeric order, with its kind and description.
const KNOWN: &[Known] = {
    use ErrorKind::{Account, Authorization, InvalidRequest, RateLimit, Recipient, Temporary};
    const fn known(code: ErrorCode, kind: ErrorKind, description: &'static str) -> Known {
        Known {
            code,
            kind,
            description,
        }
    }
    &[
        known(
            ErrorCode::TEMPORARILY_UNAVAILABLE,
            Temporary,
            "API service temporarily unavailable",
        ),
        known(
            ErrorCode::APP_RATE_LIMIT,
            RateLimit,
            "app rate limit reached",
        ),
        known(
            ErrorCode::INVALID_PARAMETER,
            InvalidRequest,
            "invalid or unknown parameter",
        ),
        known(
            ErrorCode::ACCESS_TOKEN_INVALID,
            Authorization,
            "access token expired or invalid",
        ),
        known(
            ErrorCode::BUSINESS_ACCOUNT_RATE_LIMIT,
            RateLimit,
            "business account rate limit reached",
        ),
        known(
            ErrorCode::THROUGHPUT_LIMIT,
            RateLimit,
            "throughput limit reached",
        ),
        known(
            ErrorCode::SOMETHING_WENT_WRONG,
            Temporary,
            "something went wrong",
        ),
        known(
            ErrorCode::REQUIRED_PARAMETER_MISSING,
            InvalidRequest,
            "required parameter missing",
        ),
        known(
            ErrorCode::PARAMETER_VALUE_INVALID,
            InvalidRequest,
            "parameter value not valid",
        ),
        known(
            ErrorCode::SERVICE_UNAVAILABLE,
            Temporary,
            "service temporarily unavailable",
        ),
        known(
            ErrorCode::MESSAGE_UNDELIVERABLE,
            Recipient,
            "recipient cannot receive the message",
        ),
        known(
            ErrorCode::REENGAGEMENT_MESSAGE,
            Recipient,
            "more than 24 hours since the user last wrote; only templates may be sent",
        ),
        known(
            ErrorCode::MEDIA_UPLOAD_ERROR,
            InvalidRequest,
            "media could not be fetched or had the wrong type",
        ),
        known(
            ErrorCode::PAIR_RATE_LIMIT,
            RateLimit,
            "too many messages to this user",
        ),
        known(
            ErrorCode::ACCOUNT_IN_MAINTENANCE,
            Temporary,
            "business account in maintenance mode",
        ),
        known(
            ErrorCode::BUSINESS_SCOPED_USER_ID_NOT_SUPPORTED,
            Recipient,
            "business-scoped user ID recipients are not supported for this message",
        ),
        known(
            ErrorCode::TEMPLATE_PARAMETER_COUNT_MISMATCH,
            InvalidRequest,
            "number of parameters does not match the template",
        ),
        known(
            ErrorCode::TEMPLATE_DOES_NOT_EXIST,
            InvalidRequest,
            "template does not exist in this language or is not approved",
        ),
        known(
            ErrorCode::TEMPLATE_TEXT_TOO_LONG,
            InvalidRequest,
            "template text too long once filled",
        ),
        known(
            ErrorCode::TEMPLATE_FORMAT_CHARACTER_POLICY,
            InvalidRequest,
            "template format character policy violated",
        ),
        known(
            ErrorCode::TEMPLATE_PARAMETER_FORMAT_MISMATCH,
            InvalidRequest,
            "parameter format does not match the template",
        ),
        known(
            ErrorCode::TEMPLATE_PAUSED,
            InvalidRequest,
            "template paused",
        ),
        known(
            ErrorCode::TEMPLATE_DISABLED,
            InvalidRequest,
            "template disabled",
        ),
        known(
            ErrorCode::TEMPLATE_PARAMETER_VALUE_INVALID,
            InvalidRequest,
            "template parameter value not valid",
        ),
        known(
            ErrorCode::SERVER_TEMPORARILY_UNAVAILABLE,
            Temporary,
            "server temporarily unavailable",
        ),
        known(
            ErrorCode::PHONE_NUMBER_NOT_REGISTERED,
            Account,
            "business phone number not registered",
        ),
    ]
};

impl ErrorCode {
    /// The code `code`, whether this crate knows it or not.
    #[must_use]
    pub const fn new(code: i64) -> Self {
        ErrorCode(code)
    }

    /// The number.
    #[must_use]
    pub const fn get(self) -> i64 {
        self.0
    }

    /// Every code this crate names, in numeric order. A later version may add codes.
    pub fn known() -> impl Iterator<Item = ErrorCode> {
        KNOWN.iter().map(|known| known.code)
    }

    fn known_entry(self) -> Option<&'static Known> {
        KNOWN.iter().find(|known| known.code == self)
    }

    /// What kind of failure this is; [`ErrorKind::Unknown`] for a code this crate does not
    /// know.
    #[must_use]
    pub fn kind(self) -> ErrorKind {
        self.known_entry()
            .map_or(ErrorKind::Unknown, |known| known.kind)
    }

    /// A short description of what went wrong; `None` for a code this crate does not know.
    #[must_use]
    pub fn description(self) -> Option<&'static str> {
        self.known_entry().map(|known| known.description)
    }

    /// Whether sending the same message again later may succeed: the rate limits and the
    /// temporary failures ([`ErrorKind::is_retryable`]). A code this crate
    /// does not know is not retryable.
    #[must_use]
    pub fn is_retryable(self) -> bool {
        self.kind().is_retryable()
    }

    /// Whether this is a rate limit: 4, 80007, 130429 or 131056.
    #[must_use]
    pub fn is_rate_limit(self) -> bool {
        self.kind() == ErrorKind::RateLimit
    }

    /// How long to wait before retry number `attempt` (0 for the first retry), in units of
    /// `unit` (one second in production), or `None` when the code is not retryable.
    ///
    /// The pair rate limit 131056 waits `4^attempt` units, as Meta asks. The other retryable
    /// codes wait `2^attempt` units: Meta only says "later", so this is \[chosen\].
    ///
    /// ```
    /// use std::time::Duration;
    /// use cta_core::graph::ErrorCode;
    ///
    /// let second = Duration::from_secs(1);
    /// assert_eq!(ErrorCode::PAIR_RATE_LIMIT.backoff(2, second), Some(Duration::from_secs(16)));
    /// assert_eq!(ErrorCode::THROUGHPUT_LIMIT.backoff(2, second), Some(Duration::from_secs(4)));
    /// assert_eq!(ErrorCode::PARAMETER_VALUE_INVALID.backoff(0, second), None);
    /// ```
    #[must_use]
    pub fn backoff(self, attempt: u32, unit: Duration) -> Option<Duration> {
        if !self.is_retryable() {
            return None;
        }
        let base: u32 = if self == ErrorCode::PAIR_RATE_LIMIT {
            4
        } else {
            2
        };
        // A very late attempt waits as long as a `Duration` allows, then `max_backoff` caps it.
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
        ErrorCode(code)
    }
}

impl From<ErrorCode> for i64 {
    fn from(code: ErrorCode) -> Self {
        code.0
    }
}

/// The number, then the description when the code is known: `131056 (too many messages to
/// this user)`, or `42`.
impl fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)?;
        match self.description() {
            Some(description) => write!(f, " ({description})"),
            None => Ok(()),
        }
    }
}

/// Stands in a `Debug` for a personal value (a phone number, a name, a message's text): it
/// shows that the value is there and how long it is, never the value. Secrets stay secret in
/// logs, and a length is still some help when debugging.
pub(crate) struct Hidden<'x>(pub(crate) &'x str);

impl fmt::Debug for Hidden<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "***({} chars)", self.0.chars().count())
    }
}

/// [`Hidden`] for an optional value: `None`, or `Some(***(n chars))`.
pub(crate) fn hidden<S: AsRef<str>>(value: Option<&S>) -> Option<Hidden<'_>> {
    value.map(|value| Hidden(value.as_ref()))
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;
    use std::path::Path;

    use super::{ErrorCode, ErrorKind, KNOWN};

    /// The sibling modules each module of `dir` names as `super::<module>` in its code (doc
    /// comments and comments left out).
    fn module_graph(dir: &Path) -> BTreeMap<String, Vec<String>> {
        let files: Vec<_> = std::fs::read_dir(dir)
            .unwrap()
            .map(|entry| entry.unwrap().path())
            .filter(|path| path.extension().is_some_and(|extension| extension == "rs"))
            .collect();
        let names: Vec<String> = files
            .iter()
            .map(|path| path.file_stem().unwrap().to_string_lossy().into_owned())
            .filter(|name| name != "mod")
            .collect();
        let mut graph = BTreeMap::new();
        for path in &files {
            let name = path.file_stem().unwrap().to_string_lossy().into_owned();
            let text = std::fs::read_to_string(path).unwrap();
            let code: String = text
                .lines()
                .filter(|line| !line.trim_start().starts_with("//"))
                .collect::<Vec<_>>()
                .join("\n");
            let mut uses: Vec<String> = names
                .iter()
                .filter(|other| **other != name)
                .filter(|other| {
                    code.match_indices(&format!("super::{other}"))
                        .any(|(at, found)| {
                            !code[at + found.len()..]
                                .starts_with(|c: char| c.is_alphanumeric() || c == '_')
                        })
                })
                .cloned()
                .collect();
            uses.sort();
            graph.insert(name, uses);
        }
        graph
    }

    /// A cycle through `module`, if one starts there.
    fn cycle_from(
        graph: &BTreeMap<String, Vec<String>>,
        module: &str,
        path: &mut Vec<String>,
    ) -> Option<Vec<String>> {
        if let Some(at) = path.iter().position(|seen| seen == module) {
            return Some(path[at..].to_vec());
        }
        path.push(module.to_owned());
        for next in graph.get(module).into_iter().flatten() {
            if let Some(cycle) = cycle_from(graph, next, path) {
                return Some(cycle);
            }
        }
        path.pop();
        None
    }

    #[test]
    fn the_modules_of_send_and_webhook_form_no_cycle() {
        let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        for dir in ["send", "webhook"] {
            let graph = module_graph(&src.join(dir));
            assert!(graph.len() > 5, "{graph:?}");
            for module in graph.keys() {
                let cycle = cycle_from(&graph, module, &mut Vec::new());
                assert_eq!(cycle, None, "{dir}: {graph:#?}");
            }
        }
    }

    #[test]
    fn the_cycle_check_finds_a_cycle() {
        let graph = BTreeMap::from([
            ("a".to_owned(), vec!["b".to_owned()]),
            ("b".to_owned(), vec!["a".to_owned()]),
        ]);
        assert_eq!(
            cycle_from(&graph, "a", &mut Vec::new()),
            Some(vec!["a".to_owned(), "b".to_owned()])
        );
    }

    #[test]
    fn a_hidden_value_shows_its_length_only() {
        assert_eq!(
            format!("{:?}", super::Hidden("16505551234")),
            "***(11 chars)"
        );
        let name = String::from("Sheena Nelson");
        assert_eq!(
            format!("{:?}", super::hidden(Some(&name))),
            "Some(***(13 chars))"
        );
        assert_eq!(format!("{:?}", super::hidden::<String>(None)), "None");
    }

    #[test]
    fn the_table_is_in_numeric_order_without_duplicates() {
        assert!(KNOWN.windows(2).all(|pair| pair[0].code < pair[1].code));
    }

    #[test]
    fn a_code_is_its_number_whether_known_or_not() {
        for code in ErrorCode::known().chain([ErrorCode::new(42), ErrorCode::new(-1)]) {
            assert_eq!(ErrorCode::new(code.get()), code);
            assert_eq!(ErrorCode::from(i64::from(code)), code);
        }
        assert_eq!(ErrorCode::new(42).kind(), ErrorKind::Unknown);
        assert_eq!(ErrorCode::new(42).to_string(), "42");
        assert_eq!(
            ErrorCode::PAIR_RATE_LIMIT.to_string(),
            "131056 (too many messages to this user)"
        );
    }
}
