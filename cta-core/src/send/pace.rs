//! Pacing: keeping each business number within the messages per second Meta allows it.
//!
//! Each number has a bucket of one second's worth of messages, refilled at its throughput (a
//! generic cell rate algorithm: the bucket is a single instant, so it costs the same at 1 and
//! at 1000 per second). A caller that finds the bucket empty reserves the next free slot and
//! sleeps until it comes, so waiting callers go out in the order they asked. Error 130429 (the
//! number's throughput was exceeded) halves the number's rate for a minute; error 131056 (too
//! many messages to one user) holds messages to that user for six seconds. Those two waits are
//! counted in the client's backoff unit (a second unless set otherwise), as its retries are.

use std::collections::HashMap;
use std::fmt;
use std::hash::{BuildHasher, RandomState};
use std::sync::{Mutex, MutexGuard, PoisonError};
use std::time::Duration;

use tokio::time::{Instant, sleep_until};

use super::parts::PhoneNumberId;

/// How long a number runs at half its rate after error 130429, with the default backoff unit
/// of one second (60 units). \[chosen\]
pub const THROTTLE_FOR: Duration = Duration::from_mins(1);

/// How long messages to one user wait after error 131056, with the default backoff unit of one
/// second (6 units): Meta allows about one message every six seconds to the same user.
pub const PAIR_GAP: Duration = Duration::from_secs(6);

/// [`THROTTLE_FOR`] in backoff units.
const THROTTLE_UNITS: u32 = 60;

/// [`PAIR_GAP`] in backoff units.
const PAIR_GAP_UNITS: u32 = 6;

/// The messages per second a business number may send: 80 unless Meta raised it, at most
/// 1000 (20 for a number also used in the WhatsApp Business app).
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Throughput(u16);

impl Throughput {
    /// Meta's default for a business number: 80 messages per second.
    pub const DEFAULT: Self = Self(80);
    /// The most Meta grants a number: 1000 messages per second.
    pub const MAX: Self = Self(1000);

    /// `per_second` messages per second.
    ///
    /// # Errors
    ///
    /// `per_second` is 0 or more than 1000.
    pub const fn per_second(per_second: u16) -> Result<Self, ThroughputError> {
        if per_second == 0 || per_second > Self::MAX.0 {
            Err(ThroughputError { found: per_second })
        } else {
            Ok(Self(per_second))
        }
    }

    /// The messages per second.
    #[must_use]
    pub const fn get(self) -> u16 {
        self.0
    }

    /// The time between two messages at this rate.
    fn interval(self) -> Duration {
        Duration::from_secs(1) / u32::from(self.0)
    }
}

impl Default for Throughput {
    fn default() -> Self {
        Self::DEFAULT
    }
}

impl fmt::Debug for Throughput {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/s", self.0)
    }
}

/// A throughput outside 1 to 1000 messages per second.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ThroughputError {
    found: u16,
}

impl fmt::Display for ThroughputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "throughput is {} messages per second; Meta allows 1 to 1000",
            self.found
        )
    }
}

impl std::error::Error for ThroughputError {}

/// Sleeps until `at`, or not at all when `at` has come: tokio's timer fires on its next tick
/// (up to a millisecond later) even for a deadline already past, which would cost every
/// unhindered send that millisecond.
async fn wait_until(at: Instant) {
    if at > Instant::now() {
        sleep_until(at).await;
    }
}

/// The pace of every business number a client sends from, shared by all its tasks.
pub(crate) struct Pacer {
    default: Throughput,
    configured: HashMap<PhoneNumberId, Throughput>,
    /// How long a number runs at half its rate after error 130429.
    throttle_for: Duration,
    /// How long messages to one user wait after error 131056.
    pair_gap: Duration,
    numbers: Mutex<HashMap<PhoneNumberId, Bucket>>,
    /// When messages to a user may go again after error 131056, by a keyed hash of the number
    /// and the recipient, so that no phone number is kept.
    pairs: Mutex<HashMap<u64, Instant>>,
    pair_keys: RandomState,
}

struct Bucket {
    /// When the bucket would be full again if no one sent: the "theoretical arrival time".
    full_at: Instant,
    /// Until when the number runs at half its rate.
    throttled_until: Option<Instant>,
}

impl Pacer {
    /// Numbers send at `default` unless `configured` says otherwise; the waits after errors
    /// 130429 and 131056 are counted in `unit`s (one second: [`THROTTLE_FOR`], [`PAIR_GAP`]),
    /// and a user is never held longer than `longest_wait`, the client's longest backoff.
    pub(crate) fn new(
        default: Throughput,
        configured: HashMap<PhoneNumberId, Throughput>,
        unit: Duration,
        longest_wait: Duration,
    ) -> Self {
        Self {
            default,
            configured,
            throttle_for: unit.saturating_mul(THROTTLE_UNITS),
            pair_gap: unit.saturating_mul(PAIR_GAP_UNITS).min(longest_wait),
            numbers: Mutex::default(),
            pairs: Mutex::default(),
            pair_keys: RandomState::new(),
        }
    }

    /// Waits until `number` may send its next message, to `recipient`, and says how long it
    /// waited.
    pub(crate) async fn ready(&self, number: &PhoneNumberId, recipient: &str) -> Duration {
        let start = Instant::now();
        let pair_free_at = lock(&self.pairs)
            .get(&self.pair_key(number, recipient))
            .copied();
        if let Some(at) = pair_free_at {
            wait_until(at).await;
        }
        let slot = self.reserve(number, Instant::now());
        wait_until(slot).await;
        start.elapsed()
    }

    /// Reserves the next slot of `number` at or after `now`, and gives it.
    fn reserve(&self, number: &PhoneNumberId, now: Instant) -> Instant {
        let rate = self.throughput(number);
        let mut numbers = lock(&self.numbers);
        let bucket = numbers.entry(number.clone()).or_insert(Bucket {
            full_at: now,
            throttled_until: None,
        });
        let rate = match bucket.throttled_until {
            Some(until) if until > now => Throughput((rate.0 / 2).max(1)),
            _ => rate,
        };
        let interval = rate.interval();
        // One second's worth of messages may go at once.
        let burst = interval * u32::from(rate.0 - 1);
        let full_at = bucket.full_at.max(now);
        bucket.full_at = full_at + interval;
        full_at.checked_sub(burst).map_or(now, |slot| slot.max(now))
    }

    fn throughput(&self, number: &PhoneNumberId) -> Throughput {
        self.configured.get(number).copied().unwrap_or(self.default)
    }

    /// Error 130429: `number` sent faster than Meta allows it.
    pub(crate) fn throttled(&self, number: &PhoneNumberId) {
        let now = Instant::now();
        let mut numbers = lock(&self.numbers);
        let bucket = numbers.entry(number.clone()).or_insert(Bucket {
            full_at: now,
            throttled_until: None,
        });
        bucket.throttled_until = Some(now + self.throttle_for);
        // The messages Meta refused spent the bucket: start from empty.
        bucket.full_at = bucket.full_at.max(now + Duration::from_secs(1));
    }

    /// Error 131056: too many messages from `number` to `recipient`.
    pub(crate) fn pair_limited(&self, number: &PhoneNumberId, recipient: &str) {
        let now = Instant::now();
        let mut pairs = lock(&self.pairs);
        // Forget the pairs whose wait is over, so that the map holds only waiting pairs.
        pairs.retain(|_, free_at| *free_at > now);
        pairs.insert(self.pair_key(number, recipient), now + self.pair_gap);
    }

    fn pair_key(&self, number: &PhoneNumberId, recipient: &str) -> u64 {
        self.pair_keys.hash_one((number.as_str(), recipient))
    }
}

impl fmt::Debug for Pacer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Pacer")
            .field("default", &self.default)
            .field("configured", &self.configured.len())
            .field("throttle_for", &self.throttle_for)
            .field("pair_gap", &self.pair_gap)
            .finish_non_exhaustive()
    }
}

fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    // Every update above is one assignment: a poisoned lock still holds consistent data.
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

#[cfg(test)]
mod tests {
    use super::*;

    const SECOND: Duration = Duration::from_secs(1);

    #[test]
    fn the_waits_in_seconds_are_the_waits_in_units() {
        assert_eq!(SECOND * THROTTLE_UNITS, THROTTLE_FOR);
        assert_eq!(SECOND * PAIR_GAP_UNITS, PAIR_GAP);
    }

    #[test]
    fn the_waits_follow_the_unit() {
        paused().block_on(async {
            let unit = Duration::from_millis(10);
            let pacer = Pacer::new(Throughput::DEFAULT, HashMap::new(), unit, Duration::MAX);
            pacer.pair_limited(&number(), "+16505551234");
            let waited = pacer.ready(&number(), "+16505551234").await;
            assert_eq!(waited, unit * PAIR_GAP_UNITS);
            assert!(format!("{pacer:?}").contains("pair_gap: 60ms"));
        });
    }

    #[test]
    fn a_user_is_held_no_longer_than_the_longest_backoff() {
        paused().block_on(async {
            let longest = Duration::from_millis(5);
            let pacer = Pacer::new(Throughput::DEFAULT, HashMap::new(), SECOND, longest);
            pacer.pair_limited(&number(), "+16505551234");
            assert_eq!(pacer.ready(&number(), "+16505551234").await, longest);
        });
    }

    fn number() -> PhoneNumberId {
        PhoneNumberId::new("106540352242922").unwrap()
    }

    fn paused() -> tokio::runtime::Runtime {
        tokio::runtime::Builder::new_current_thread()
            .enable_time()
            .start_paused(true)
            .build()
            .unwrap()
    }

    /// The time `count` messages take from `number`, from a fresh start.
    async fn time_for(pacer: &Pacer, number: &PhoneNumberId, count: u32) -> Duration {
        let start = Instant::now();
        for n in 0..count {
            pacer.ready(number, &format!("user-{n}")).await;
        }
        start.elapsed()
    }

    #[test]
    fn throughput_is_one_to_a_thousand() {
        assert!(Throughput::per_second(0).is_err());
        assert_eq!(Throughput::per_second(1).map(Throughput::get), Ok(1));
        assert_eq!(Throughput::per_second(1000), Ok(Throughput::MAX));
        let error = Throughput::per_second(1001).unwrap_err();
        assert_eq!(
            error.to_string(),
            "throughput is 1001 messages per second; Meta allows 1 to 1000"
        );
    }

    #[test]
    fn a_second_of_messages_goes_at_once_then_the_rate_holds() {
        paused().block_on(async {
            let pacer = Pacer::new(Throughput::DEFAULT, HashMap::new(), SECOND, Duration::MAX);
            assert_eq!(time_for(&pacer, &number(), 80).await, Duration::ZERO);
            // 160 more at 80 a second: two seconds, less the one slot free at the start.
            let elapsed = time_for(&pacer, &number(), 160).await;
            assert!(
                elapsed >= Duration::from_millis(1987) && elapsed <= Duration::from_secs(2),
                "{elapsed:?}"
            );
        });
    }

    #[test]
    fn each_number_has_its_own_bucket_and_rate() {
        paused().block_on(async {
            let fast = PhoneNumberId::new("200").unwrap();
            let configured = HashMap::from([(fast.clone(), Throughput::MAX)]);
            let pacer = Pacer::new(
                Throughput::per_second(10).unwrap(),
                configured,
                SECOND,
                Duration::MAX,
            );
            assert_eq!(time_for(&pacer, &fast, 1000).await, Duration::ZERO);
            assert_eq!(time_for(&pacer, &number(), 10).await, Duration::ZERO);
            let elapsed = time_for(&pacer, &number(), 10).await;
            assert!(elapsed >= Duration::from_millis(900), "{elapsed:?}");
        });
    }

    #[test]
    fn error_130429_halves_the_rate_for_a_minute() {
        paused().block_on(async {
            let pacer = Pacer::new(
                Throughput::per_second(10).unwrap(),
                HashMap::new(),
                SECOND,
                Duration::MAX,
            );
            pacer.throttled(&number());
            // The bucket starts empty, then fills at 5 a second.
            let elapsed = time_for(&pacer, &number(), 10).await;
            assert!(elapsed >= Duration::from_secs(2), "{elapsed:?}");
            tokio::time::sleep(THROTTLE_FOR).await;
            let elapsed = time_for(&pacer, &number(), 10).await;
            assert_eq!(elapsed, Duration::ZERO, "the full rate is back");
        });
    }

    #[test]
    fn error_131056_holds_one_user_only() {
        paused().block_on(async {
            let pacer = Pacer::new(Throughput::DEFAULT, HashMap::new(), SECOND, Duration::MAX);
            pacer.pair_limited(&number(), "+16505551234");
            let start = Instant::now();
            pacer.ready(&number(), "+16505550000").await;
            assert_eq!(start.elapsed(), Duration::ZERO);
            pacer.ready(&number(), "+16505551234").await;
            assert_eq!(start.elapsed(), PAIR_GAP);
        });
    }

    #[test]
    fn no_phone_number_in_debug() {
        let pacer = Pacer::new(Throughput::DEFAULT, HashMap::new(), SECOND, Duration::MAX);
        pacer.pair_limited(&number(), "+16505551234");
        let debug = format!("{pacer:?}");
        assert!(!debug.contains("1650555"), "{debug}");
    }
}
