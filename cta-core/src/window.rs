//! The customer service window: when a free-form message (a CTA URL message is one) may be
//! sent, and when only an approved template may.

use std::time::{Duration, SystemTime};

/// How long the customer service window stays open after a customer's message: 24 hours.
/// \[Meta\]
pub const SERVICE_WINDOW: Duration = Duration::from_hours(24);

/// The customer service window a customer's latest message opened.
///
/// While it is open the business may send any message, `cta_message!` and `cta_template!`
/// content included. Once it has closed, Meta refuses free-form messages with error 131047
/// ([`ErrorCode::REENGAGEMENT_MESSAGE`](crate::graph::ErrorCode::REENGAGEMENT_MESSAGE)), and
/// only a message template Meta approved beforehand may be sent, until the customer writes again.
/// The window counts from the customer's *latest* message: keep the newest time per customer.
///
/// ```
/// use std::time::{Duration, SystemTime};
/// use cta_core::ServiceWindow;
///
/// let last_message = SystemTime::UNIX_EPOCH + Duration::from_secs(1_749_416_383);
/// let window = ServiceWindow::after(last_message);
/// assert!(window.is_open(last_message + Duration::from_secs(23 * 3600)));
/// assert!(!window.is_open(last_message + Duration::from_secs(24 * 3600)));
/// // Open: reply with a CTA URL message. Closed: send the approved template instead.
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ServiceWindow {
    closes_at: SystemTime,
}

impl ServiceWindow {
    /// The window opened by a customer's message received at `last_customer_message` (a
    /// webhook message's `timestamp`).
    #[must_use]
    pub fn after(last_customer_message: SystemTime) -> Self {
        Self {
            closes_at: last_customer_message + SERVICE_WINDOW,
        }
    }

    /// When the window closes.
    #[must_use]
    pub fn closes_at(&self) -> SystemTime {
        self.closes_at
    }

    /// Whether a free-form message may still be sent at `now`.
    #[must_use]
    pub fn is_open(&self, now: SystemTime) -> bool {
        now < self.closes_at
    }

    /// Whether a free-form message may still be sent now, by the system clock.
    #[must_use]
    pub fn is_open_now(&self) -> bool {
        self.is_open(SystemTime::now())
    }
}
