//! Where the server records which webhook items it has claimed and which are done.
//!
//! Every item of a notification (an inbound message, a status) goes through the same three
//! steps, so that a reply is neither lost nor sent twice:
//!
//! 1. [`Store::claim`] takes the item for a lease. The answer is [`Claim::Acquired`] (run the
//!    handler), [`Claim::Done`] (already handled: skip it) or [`Claim::Held`] (another task or
//!    server has it and has not finished: answer 503, so that Meta delivers it again).
//! 2. When the handler succeeded, [`Store::done`] records it, for long enough that every
//!    redelivery of Meta's finds it ([`DEFAULT_DONE_FOR`]).
//! 3. When the handler failed transiently, [`Store::release`] frees the claim, so that the
//!    redelivery runs the handler again. A handler past its deadline keeps its claim until it
//!    ends (then 2 or 3); only one still running as its lease is about to run out is stopped
//!    and released.
//!
//! Only the owner of a claim (the [`Lease`] that [`Store::claim`] gave) can mark it done or
//! release it. A server that dies holding a claim loses it when the lease runs out; a
//! redelivery after that claims it afresh. This is the one way a reply can go twice: a server
//! killed after Meta accepted its reply and before it recorded *done*, or, the same case for
//! Meta, a handler stopped as its lease was about to run out just after Meta accepted its
//! reply.
//!
//! Two stores are provided: [`MemoryStore`], for one server, and (feature `redis`)
#![cfg_attr(
    feature = "redis",
    doc = "[`RedisStore`], for several servers sharing one Redis."
)]
#![cfg_attr(
    not(feature = "redis"),
    doc = "`RedisStore`, for several servers sharing one Redis."
)]

use std::error::Error as StdError;
use std::fmt;
use std::future::Future;
use std::time::Duration;

mod memory;
#[cfg(feature = "redis")]
mod redis;

pub use memory::{MemoryStore, MemoryStoreConfig};
#[cfg(feature = "redis")]
pub use redis::RedisStore;

/// How long a handled item stays done by default, and at least in a shared store: seven days.
///
/// Meta delivers a notification that got no 200 again, less and less often, for up to seven
/// days ([Meta's webhooks documentation](https://developers.facebook.com/docs/whatsapp/cloud-api/webhooks);
/// this is the one statement of that period in this crate). An item is recorded done after
/// its first delivery arrived, so seven days from then outlast the last redelivery.
pub const DEFAULT_DONE_FOR: Duration = Duration::from_hours(7 * 24);

/// The most bytes of a key kept as given. WhatsApp message IDs are about 60 characters; a
/// longer ID is a sign of a forged notification, and is kept as a digest instead (see
/// [`ItemKey`]), so that a key never costs more than this.
const MAX_KEY_BYTES: usize = 160;

/// What identifies an item across redeliveries: a message's ID, or a status's message ID and
/// status (a message is `sent`, then `delivered`, then `read`: three items).
///
/// A key holds message IDs, which are not secret and may be logged; never a phone number or a
/// message's text.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct ItemKey(String);

impl ItemKey {
    /// The key of an inbound message, by its WhatsApp message ID (WAMID).
    #[must_use]
    pub fn message(message_id: &str) -> Self {
        Self::from_parts("m", &[message_id])
    }

    /// The key of a status of an outbound message: the message's WAMID and the status
    /// (`sent`, `delivered`, `read`, `failed`, …).
    #[must_use]
    pub fn status(message_id: &str, status: &str) -> Self {
        Self::from_parts("s", &[message_id, status])
    }

    fn from_parts(kind: &str, parts: &[&str]) -> Self {
        let mut key = String::with_capacity(MAX_KEY_BYTES);
        key.push_str(kind);
        for part in parts {
            key.push(':');
            // A `:` inside a part could make two different items one key; escape it.
            for c in part.chars() {
                match c {
                    ':' => key.push_str("\\c"),
                    '\\' => key.push_str("\\\\"),
                    c => key.push(c),
                }
            }
        }
        if key.len() > MAX_KEY_BYTES {
            // Keep memory per item constant: a digest of the whole key, with the kind in
            // front so that a long message ID and a long status never meet.
            key = format!("{kind}#{:032x}", digest(&key));
        }
        Self(key)
    }

    /// The key as text: what a store records.
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for ItemKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("ItemKey").field(&self.0).finish()
    }
}

impl fmt::Display for ItemKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A 128-bit digest of `text`, the same in every process (SipHash-1-3 under two fixed keys:
/// the digest only bounds the size of long keys, it need not resist an adversary, since a
/// forged notification cannot pass the signature check).
fn digest(text: &str) -> u128 {
    use std::hash::{Hash, Hasher};
    #[allow(deprecated, reason = "SipHasher is the only fixed-key hasher in std")]
    let halves = [0_u64, 0x9E37_79B9_7F4A_7C15].map(|seed| {
        let mut hasher = std::hash::SipHasher::new_with_keys(seed, !seed);
        text.hash(&mut hasher);
        hasher.finish()
    });
    (u128::from(halves[0]) << 64) | u128::from(halves[1])
}

/// The answer to [`Store::claim`].
#[derive(Debug, Clone, PartialEq, Eq)]
#[must_use]
pub enum Claim {
    /// The item is yours until the lease runs out: run its handler, then call
    /// [`Store::done`] or [`Store::release`].
    Acquired(Lease),
    /// The item was handled already: skip it.
    Done,
    /// Another task or server holds the item and has not finished: the answer to Meta must not
    /// be 200, so that the item comes again.
    Held,
}

/// A claim on an item: who holds it, and for how long.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Lease {
    key: ItemKey,
    owner: Owner,
}

impl Lease {
    /// The item this lease holds.
    #[must_use]
    pub fn key(&self) -> &ItemKey {
        &self.key
    }
}

/// A claim's owner: random, so that no other claim (in this process or another) has it.
#[derive(Clone, Copy, PartialEq, Eq)]
struct Owner(u128);

impl Owner {
    fn new() -> Self {
        use std::hash::{BuildHasher, Hasher, RandomState};
        use std::sync::atomic::{AtomicU64, Ordering};
        // `RandomState` is seeded from the operating system's randomness once per thread and
        // varied for each instance; the counter makes two owners of one process differ even
        // if two seeds met.
        static COUNTER: AtomicU64 = AtomicU64::new(0);
        let count = COUNTER.fetch_add(1, Ordering::Relaxed);
        let half = || {
            let mut hasher = RandomState::new().build_hasher();
            hasher.write_u64(count);
            hasher.write_u32(std::process::id());
            hasher.finish()
        };
        Self((u128::from(half()) << 64) | u128::from(half()))
    }

    /// The text a store records for a claim of this owner.
    #[cfg(feature = "redis")]
    fn token(self) -> String {
        format!("claimed:{:032x}", self.0)
    }
}

impl fmt::Debug for Owner {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Owner({:032x})", self.0)
    }
}

/// What [`Store::done`] and [`Store::release`] found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[must_use]
pub enum Finish {
    /// The lease was still this owner's (or had run out with no one else taking the item):
    /// the item is now done, or free.
    Recorded,
    /// Another owner claimed the item after this lease ran out, or marked it done: nothing was
    /// changed.
    NotOwner,
}

/// A store that cannot be reached or answered wrongly. The item stays as it was: the caller
/// answers 503, and Meta delivers the notification again.
#[derive(Debug)]
pub struct StoreError {
    kind: StoreErrorKind,
    source: Option<Box<dyn StdError + Send + Sync>>,
}

/// What went wrong with a store.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum StoreErrorKind {
    /// The store could not be reached, or the command failed.
    Unavailable,
    /// The store answered something no version of this crate writes.
    UnexpectedAnswer,
}

impl StoreError {
    /// What went wrong.
    #[must_use]
    pub fn kind(&self) -> StoreErrorKind {
        self.kind
    }

    #[cfg_attr(
        not(feature = "redis"),
        allow(dead_code, reason = "only the Redis store fails")
    )]
    pub(crate) fn new(
        kind: StoreErrorKind,
        source: Option<Box<dyn StdError + Send + Sync>>,
    ) -> Self {
        Self { kind, source }
    }
}

impl fmt::Display for StoreError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The cause is in `source()`, never repeated here.
        f.write_str(match self.kind {
            StoreErrorKind::Unavailable => "the claim store is unavailable",
            StoreErrorKind::UnexpectedAnswer => "the claim store gave an unexpected answer",
        })
    }
}

impl StdError for StoreError {
    fn source(&self) -> Option<&(dyn StdError + 'static)> {
        self.source
            .as_deref()
            .map(|source| source as &(dyn StdError + 'static))
    }
}

/// Where claims and done items are recorded. Every method is atomic: two servers calling
/// `claim` for one key at once get one [`Claim::Acquired`] between them.
///
/// Sealed: implemented by [`MemoryStore`] and `RedisStore` only (and `Arc` of either). A
/// [`Lease`] is made by these stores' `claim` and nowhere else, so that only a claim's owner
/// can mark an item done or release it, which is the guarantee every store here is tested
/// for; a store for another database belongs in this crate, with those tests.
pub trait Store: sealed::Sealed + Send + Sync + 'static {
    /// Claims `key` for `lease`, unless it is done or held.
    ///
    /// # Errors
    ///
    /// The store is unavailable; nothing was claimed.
    fn claim(
        &self,
        key: &ItemKey,
        lease: Duration,
    ) -> impl Future<Output = Result<Claim, StoreError>> + Send;

    /// Records the leased item as done for `done_for`, if the lease is still this owner's or
    /// ran out with no one else taking the item. A store shared by several servers keeps it
    /// done at least [`DEFAULT_DONE_FOR`], whatever `done_for` says (a shorter time would let
    /// a redelivery run it again); [`MemoryStore`] keeps it at most its
    /// [`max_age`](MemoryStoreConfig::max_age).
    ///
    /// # Errors
    ///
    /// The store is unavailable; the claim stays until its lease runs out.
    fn done(
        &self,
        lease: &Lease,
        done_for: Duration,
    ) -> impl Future<Output = Result<Finish, StoreError>> + Send;

    /// Frees the leased item, if the lease is still this owner's, so that a redelivery runs its
    /// handler again.
    ///
    /// # Errors
    ///
    /// The store is unavailable; the claim stays until its lease runs out.
    fn release(&self, lease: &Lease) -> impl Future<Output = Result<Finish, StoreError>> + Send;
}

mod sealed {
    /// Keeps [`Store`](super::Store) to this crate's stores.
    pub trait Sealed {}

    impl Sealed for super::MemoryStore {}
    #[cfg(feature = "redis")]
    impl Sealed for super::RedisStore {}
    impl<S: Sealed> Sealed for std::sync::Arc<S> {}
}

impl<S: Store> Store for std::sync::Arc<S> {
    fn claim(
        &self,
        key: &ItemKey,
        lease: Duration,
    ) -> impl Future<Output = Result<Claim, StoreError>> + Send {
        (**self).claim(key, lease)
    }

    fn done(
        &self,
        lease: &Lease,
        done_for: Duration,
    ) -> impl Future<Output = Result<Finish, StoreError>> + Send {
        (**self).done(lease, done_for)
    }

    fn release(&self, lease: &Lease) -> impl Future<Output = Result<Finish, StoreError>> + Send {
        (**self).release(lease)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_of_different_items_differ() {
        let keys = [
            ItemKey::message("wamid.A"),
            ItemKey::status("wamid.A", "sent"),
            ItemKey::status("wamid.A", "read"),
            ItemKey::status("wamid.A:read", ""),
            ItemKey::status("wamid.A", "read:"),
            ItemKey::message(&"x".repeat(500)),
            ItemKey::message(&"x".repeat(501)),
            ItemKey::status(&"x".repeat(500), "sent"),
        ];
        for (i, a) in keys.iter().enumerate() {
            assert!(a.as_str().len() <= MAX_KEY_BYTES, "{a:?} is too long");
            for b in &keys[i + 1..] {
                assert_ne!(a, b);
            }
        }
    }

    #[test]
    fn a_long_key_is_the_same_digest_every_time() {
        let id = "y".repeat(1000);
        assert_eq!(ItemKey::message(&id), ItemKey::message(&id));
        assert!(ItemKey::message(&id).as_str().starts_with("m#"));
    }

    #[test]
    fn owners_differ() {
        let owners: Vec<Owner> = (0..1000).map(|_| Owner::new()).collect();
        let distinct: std::collections::HashSet<u128> = owners.iter().map(|o| o.0).collect();
        assert_eq!(distinct.len(), owners.len());
    }
}
