//! Claims in this process's memory: for one server. Bounded by age and by count, with the same
//! memory for every item.

use std::collections::{HashMap, VecDeque};
use std::future::{Future, ready};
use std::sync::{Mutex, PoisonError};
use std::time::Duration;

// tokio's clock, so that tests can move time forward (`tokio::time::pause`).
use tokio::time::Instant;

use super::{Claim, DEFAULT_DONE_FOR, Finish, ItemKey, Lease, Owner, Store, StoreError, digest};

/// How many items a [`MemoryStore`] remembers by default. Each costs about 185 bytes (measured:
/// see BENCHMARKS.md), so the default bound is about 180 MiB; a server that receives fewer items
/// than this in [`DEFAULT_DONE_FOR`] never forgets one early.
pub const DEFAULT_MAX_ITEMS: usize = 1_000_000;

/// The bounds of a [`MemoryStore`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct MemoryStoreConfig {
    /// The most items remembered; past it the oldest is forgotten.
    pub max_items: usize,
    /// The longest an item is remembered, whatever `done_for` asks.
    pub max_age: Duration,
}

impl Default for MemoryStoreConfig {
    fn default() -> Self {
        Self {
            max_items: DEFAULT_MAX_ITEMS,
            max_age: DEFAULT_DONE_FOR,
        }
    }
}

impl MemoryStoreConfig {
    /// The default bounds with at most `max_items` items.
    #[must_use]
    pub fn with_max_items(self, max_items: usize) -> Self {
        Self { max_items, ..self }
    }

    /// The default bounds with items remembered at most `max_age`.
    #[must_use]
    pub fn with_max_age(self, max_age: Duration) -> Self {
        Self { max_age, ..self }
    }
}

/// Claims and done items in memory, for a single server: a restart forgets them, and a second
/// server does not see them (use `RedisStore` for either).
///
/// Memory is bounded: at most [`MemoryStoreConfig::max_items`] items, each forgotten after
/// [`MemoryStoreConfig::max_age`] or once it is the oldest of a full store. A key is kept as a
/// 128-bit digest, so every item costs the same whatever its ID.
///
/// ```
/// use std::time::Duration;
/// use cta_axum::store::{Claim, ItemKey, MemoryStore, Store};
///
/// # tokio::runtime::Builder::new_current_thread().enable_time().build().unwrap().block_on(async {
/// let store = MemoryStore::default();
/// let key = ItemKey::message("wamid.HBgLMTY1MDM4Nzk0MzkVAgARGBJDQjZCMzlEQUE4OTJBMTE4RTUA");
/// let Claim::Acquired(lease) = store.claim(&key, Duration::from_secs(30)).await? else {
///     unreachable!("a new store holds nothing");
/// };
/// // … reply to the message, then:
/// let _ = store.done(&lease, Duration::from_secs(7 * 24 * 3600)).await?;
/// assert_eq!(store.claim(&key, Duration::from_secs(30)).await?, Claim::Done);
/// # Ok::<(), cta_axum::store::StoreError>(())
/// # }).unwrap();
/// ```
#[derive(Debug, Default)]
pub struct MemoryStore {
    config: MemoryStoreConfig,
    items: Mutex<Items>,
}

#[derive(Debug, Default)]
struct Items {
    by_key: HashMap<u128, Entry>,
    /// Every write in order, with when: the oldest is at the front. A key written again (done
    /// after its claim, claimed again after a release) appears more than once; an older write
    /// is skipped when its time comes, since its number no longer matches the entry's.
    order: VecDeque<Write>,
    /// The number of the next write.
    next: u64,
}

#[derive(Debug, Clone, Copy)]
struct Write {
    hash: u128,
    number: u64,
    at: Instant,
}

#[derive(Debug, Clone, Copy)]
struct Entry {
    state: State,
    /// The number of the write that made this entry.
    write: u64,
}

#[derive(Debug, Clone, Copy)]
enum State {
    Claimed { owner: Owner, until: Instant },
    Done { until: Instant },
}

impl MemoryStore {
    /// A store with the given bounds.
    #[must_use]
    pub fn new(config: MemoryStoreConfig) -> Self {
        Self {
            config,
            items: Mutex::default(),
        }
    }

    /// How many items the store remembers now, expired ones not yet forgotten included.
    #[must_use]
    pub fn len(&self) -> usize {
        self.lock().by_key.len()
    }

    /// Whether the store remembers no item.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Items> {
        // Every update below leaves the maps consistent before anything can panic, so a
        // poisoned lock holds good data.
        self.items.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn claim_now(&self, key: &ItemKey, lease: Duration) -> Claim {
        let now = Instant::now();
        let hash = digest(key.as_str());
        let mut items = self.lock();
        items.forget_old(now, &self.config);
        match items.by_key.get(&hash).map(|entry| entry.state) {
            Some(State::Done { until }) if until > now => return Claim::Done,
            Some(State::Claimed { until, .. }) if until > now => return Claim::Held,
            _ => {}
        }
        let owner = Owner::new();
        items.write(
            hash,
            State::Claimed {
                owner,
                until: now + lease,
            },
            now,
        );
        items.bound(self.config.max_items);
        Claim::Acquired(Lease {
            key: key.clone(),
            owner,
        })
    }

    fn finish_now(&self, lease: &Lease, done_for: Option<Duration>) -> Finish {
        let now = Instant::now();
        let hash = digest(lease.key.as_str());
        let mut items = self.lock();
        let owned = match items.by_key.get(&hash).map(|entry| entry.state) {
            Some(State::Claimed { owner, .. }) => owner == lease.owner,
            Some(State::Done { until }) => until <= now,
            // Forgotten (the lease ran out and the store was full): no one else holds it.
            None => true,
        };
        if !owned {
            return Finish::NotOwner;
        }
        match done_for {
            Some(done_for) => {
                let until = now + done_for.min(self.config.max_age);
                match items.by_key.get_mut(&hash) {
                    // Done in the claim's place, so that an item costs one entry in the order.
                    Some(entry) if matches!(entry.state, State::Claimed { .. }) => {
                        entry.state = State::Done { until };
                    }
                    _ => {
                        items.write(hash, State::Done { until }, now);
                        items.bound(self.config.max_items);
                    }
                }
            }
            None => {
                items.by_key.remove(&hash);
            }
        }
        Finish::Recorded
    }
}

impl Items {
    fn write(&mut self, hash: u128, state: State, now: Instant) {
        let number = self.next;
        self.next += 1;
        self.by_key.insert(
            hash,
            Entry {
                state,
                write: number,
            },
        );
        self.order.push_back(Write {
            hash,
            number,
            at: now,
        });
    }

    /// Forgets what is older than `max_age`, from the front.
    fn forget_old(&mut self, now: Instant, config: &MemoryStoreConfig) {
        while let Some(&write) = self.order.front() {
            if now.duration_since(write.at) < config.max_age {
                break;
            }
            self.order.pop_front();
            self.forget(write);
        }
    }

    /// Forgets the oldest items until at most `max_items` remain, and drops the order's stale
    /// writes once they outnumber the live ones, so that the order stays within twice the items.
    fn bound(&mut self, max_items: usize) {
        while self.by_key.len() > max_items {
            // Every live item has its write in the order.
            let Some(write) = self.order.pop_front() else {
                break;
            };
            self.forget(write);
        }
        if self.order.len() > 2 * self.by_key.len() + 1024 {
            let by_key = &self.by_key;
            self.order.retain(|write| {
                by_key
                    .get(&write.hash)
                    .is_some_and(|entry| entry.write == write.number)
            });
        }
    }

    /// Forgets the entry `write` made, unless a later write replaced it.
    fn forget(&mut self, write: Write) {
        if self
            .by_key
            .get(&write.hash)
            .is_some_and(|entry| entry.write == write.number)
        {
            self.by_key.remove(&write.hash);
        }
    }
}

impl Store for MemoryStore {
    fn claim(
        &self,
        key: &ItemKey,
        lease: Duration,
    ) -> impl Future<Output = Result<Claim, StoreError>> + Send {
        ready(Ok(self.claim_now(key, lease)))
    }

    fn done(
        &self,
        lease: &Lease,
        done_for: Duration,
    ) -> impl Future<Output = Result<Finish, StoreError>> + Send {
        ready(Ok(self.finish_now(lease, Some(done_for))))
    }

    fn release(&self, lease: &Lease) -> impl Future<Output = Result<Finish, StoreError>> + Send {
        ready(Ok(self.finish_now(lease, None)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_order_stays_within_twice_the_items_under_churn() {
        let store = MemoryStore::new(MemoryStoreConfig::default().with_max_items(10));
        let key = ItemKey::message("wamid.churn");
        for _ in 0..10_000 {
            let Claim::Acquired(lease) = store.claim_now(&key, Duration::from_secs(30)) else {
                panic!("a released item is claimed again");
            };
            assert_eq!(store.finish_now(&lease, None), Finish::Recorded);
        }
        let items = store.lock();
        assert!(items.by_key.is_empty());
        assert!(
            items.order.len() <= 2 * 10 + 1024,
            "{} writes kept",
            items.order.len()
        );
    }
}
