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
/// (`graph::ErrorCode::REENGAGEMENT_MESSAGE` with the `send` or `webhook` feature), and only a
/// message template Meta approved beforehand may be sent, until the customer writes again.
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
    /// `None` when the window would close after the latest time a `SystemTime` can hold.
    closes_at: Option<SystemTime>,
}

impl ServiceWindow {
    /// The window opened by a customer's message received at `last_customer_message` (a
    /// webhook message's `timestamp`).
    ///
    /// Never panics. A message so far in the future that 24 hours later is past the latest
    /// time a `SystemTime` can hold opens a window that never closes: every `now` there is
    /// comes before its end, and [`closes_at`](Self::closes_at) is `None`.
    #[must_use]
    pub fn after(last_customer_message: SystemTime) -> Self {
        Self {
            closes_at: last_customer_message.checked_add(SERVICE_WINDOW),
        }
    }

    /// When the window closes: 24 hours after the customer's message. `None` when that is
    /// past the latest time a `SystemTime` can hold (see [`after`](Self::after)): the window
    /// never closes.
    ///
    /// ```
    /// use std::time::{Duration, SystemTime};
    /// use cta_core::{SERVICE_WINDOW, ServiceWindow};
    ///
    /// let last_message = SystemTime::UNIX_EPOCH + Duration::from_secs(1_749_416_383);
    /// assert_eq!(
    ///     ServiceWindow::after(last_message).closes_at(),
    ///     Some(last_message + SERVICE_WINDOW)
    /// );
    /// ```
    #[must_use]
    pub fn closes_at(&self) -> Option<SystemTime> {
        self.closes_at
    }

    /// Whether a free-form message may still be sent at `now`.
    #[must_use]
    pub fn is_open(&self, now: SystemTime) -> bool {
        self.closes_at.is_none_or(|closes_at| now < closes_at)
    }

    /// Whether a free-form message may still be sent now, by the system clock.
    #[must_use]
    pub fn is_open_now(&self) -> bool {
        self.is_open(SystemTime::now())
    }
}

#[cfg(test)]
mod tests {
    use std::time::{Duration, SystemTime};

    use super::{SERVICE_WINDOW, ServiceWindow};

    /// The latest time this platform's `SystemTime` holds: its range and precision differ
    /// between platforms, so it is found rather than written.
    fn latest_time() -> SystemTime {
        let mut latest = SystemTime::UNIX_EPOCH;
        let mut step = Duration::MAX;
        while !step.is_zero() {
            match latest.checked_add(step) {
                // A step below the platform's precision adds nothing: halve it as well.
                Some(later) if later > latest => latest = later,
                _ => step /= 2,
            }
        }
        latest
    }

    #[test]
    fn the_window_closes_24_hours_after_the_message() {
        let last = SystemTime::UNIX_EPOCH + Duration::from_secs(1_749_416_383);
        let window = ServiceWindow::after(last);
        assert_eq!(window.closes_at(), Some(last + SERVICE_WINDOW));
        assert!(window.is_open(last));
        assert!(window.is_open(last + SERVICE_WINDOW - Duration::from_nanos(1)));
        assert!(!window.is_open(last + SERVICE_WINDOW));
    }

    #[test]
    fn a_window_ending_past_the_latest_time_never_closes() {
        let latest = latest_time();
        assert_eq!(latest.checked_add(Duration::from_secs(1)), None);
        for last in [latest, latest - SERVICE_WINDOW + Duration::from_secs(1)] {
            let window = ServiceWindow::after(last);
            assert_eq!(window.closes_at(), None);
            for now in [SystemTime::UNIX_EPOCH, last, latest] {
                assert!(window.is_open(now));
            }
        }
        // The last message whose window's end can still be held closes as any other.
        let last = latest - SERVICE_WINDOW;
        let window = ServiceWindow::after(last);
        assert_eq!(window.closes_at(), Some(last + SERVICE_WINDOW));
        assert!(window.is_open(last));
        assert!(!window.is_open(last + SERVICE_WINDOW));
    }
}
