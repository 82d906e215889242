//! The time of a message or a status, as webhooks write it. A leaf: it depends only on the
//! deserializing helpers.

use std::fmt;
use std::time::{Duration, SystemTime};

use serde::Deserialize;

use super::de;

/// A Unix time in seconds, as Meta writes it in webhooks (a string of digits). Never after the
/// year 9999: a later time makes its item malformed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Timestamp(pub(super) u64);

impl Timestamp {
    /// Seconds since the Unix epoch.
    #[must_use]
    pub fn as_secs(self) -> u64 {
        self.0
    }

    /// The time as a [`SystemTime`].
    ///
    /// # Panics
    ///
    /// Never: a timestamp is at most the year 9999, which the `SystemTime` of every platform
    /// holds.
    #[must_use]
    pub fn to_system_time(self) -> SystemTime {
        SystemTime::UNIX_EPOCH
            .checked_add(Duration::from_secs(self.0))
            .expect(
                "timestamps are at most the year 9999 (checked when read), which SystemTime holds",
            )
    }
}

impl From<Timestamp> for SystemTime {
    fn from(timestamp: Timestamp) -> Self {
        timestamp.to_system_time()
    }
}

impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

impl<'de> Deserialize<'de> for Timestamp {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        de::timestamp(deserializer).map(Timestamp)
    }
}

#[cfg(test)]
mod tests {
    use std::time::{Duration, SystemTime};

    use super::Timestamp;
    use crate::webhook::de::MAX_TIMESTAMP;

    #[test]
    fn the_latest_timestamp_read_converts() {
        for seconds in [0, 1_749_416_383, MAX_TIMESTAMP] {
            let time = Timestamp(seconds).to_system_time();
            assert_eq!(
                time.duration_since(SystemTime::UNIX_EPOCH).ok(),
                Some(Duration::from_secs(seconds))
            );
        }
    }
}
