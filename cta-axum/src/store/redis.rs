//! Claims in Redis, shared by every server of a deployment.
//!
//! An item is one Redis string under `<prefix><key>`: `claimed:<owner>` while a server holds
//! it (expiring with the lease), `done` once handled (expiring after `done_for`). Each command
//! is one Lua script, so that reading the owner and changing the value are one atomic step.

use std::fmt;
use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use redis::aio::ConnectionManager;
use redis::{RedisError, Script};

use super::{
    Claim, DEFAULT_DONE_FOR, Finish, ItemKey, Lease, Owner, Store, StoreError, StoreErrorKind,
};

/// The value of a done item.
const DONE: &str = "done";

/// `SET NX PX` the claim; if the key exists, say whether it is done (2) or held (3).
const CLAIM: &str = r"
if redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then return 1 end
if redis.call('GET', KEYS[1]) == ARGV[3] then return 2 end
return 3
";

/// Marks the item done if the caller owns the claim, or if the claim ran out and no one else
/// took the item (1); if someone else holds it or marked it done, changes nothing (0).
const DONE_SCRIPT: &str = r"
local value = redis.call('GET', KEYS[1])
if value == ARGV[1] or value == false then
  redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])
  return 1
end
return 0
";

/// Deletes the item if the caller owns the claim (1); otherwise changes nothing (0).
const RELEASE: &str = r"
if redis.call('GET', KEYS[1]) == ARGV[1] then
  redis.call('DEL', KEYS[1])
  return 1
end
return 0
";

/// Claims and done items in Redis: several servers sharing one Redis handle each item once.
///
/// An item stays done at least [`DEFAULT_DONE_FOR`] (Meta's redelivery period), whatever
/// `done_for` [`Store::done`] is given: a shorter time is raised to it.
///
/// The connection is redis-rs's [`ConnectionManager`], which reconnects after a failure; a
/// command that fails is a [`StoreError`] (the server answers 503 and Meta delivers the
/// notification again).
#[derive(Clone)]
pub struct RedisStore {
    connection: ConnectionManager,
    prefix: String,
    /// Shared by the clones of the store and moved into each command's future.
    scripts: Arc<Scripts>,
}

struct Scripts {
    claim: Script,
    done: Script,
    release: Script,
}

impl std::fmt::Debug for RedisStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // The connection's address may hold a password: not shown.
        f.debug_struct("RedisStore")
            .field("prefix", &self.prefix)
            .finish_non_exhaustive()
    }
}

impl RedisStore {
    /// The prefix of every key this store writes, unless [`RedisStore::with_prefix`] says
    /// otherwise.
    pub const DEFAULT_PREFIX: &str = "cta:item:";

    /// Connects to the Redis at `url` (`redis://host:port/db`, `rediss://…` is not supported
    /// by this build).
    ///
    /// # Errors
    ///
    /// The URL is not a Redis URL, or the first connection failed.
    pub async fn connect(url: &str) -> Result<Self, StoreError> {
        let client = redis::Client::open(url).map_err(unavailable)?;
        let connection = ConnectionManager::new(client).await.map_err(unavailable)?;
        Ok(Self::from_connection(connection))
    }

    /// A store over a connection manager of your own.
    #[must_use]
    pub fn from_connection(connection: ConnectionManager) -> Self {
        Self {
            connection,
            prefix: Self::DEFAULT_PREFIX.to_owned(),
            scripts: Arc::new(Scripts {
                claim: Script::new(CLAIM),
                done: Script::new(DONE_SCRIPT),
                release: Script::new(RELEASE),
            }),
        }
    }

    /// The same store, writing its keys under `prefix` (for several bots on one Redis).
    #[must_use]
    pub fn with_prefix(mut self, prefix: impl Into<String>) -> Self {
        self.prefix = prefix.into();
        self
    }

    fn redis_key(&self, key: &ItemKey) -> String {
        let mut redis_key = String::with_capacity(self.prefix.len() + key.as_str().len());
        redis_key.push_str(&self.prefix);
        redis_key.push_str(key.as_str());
        redis_key
    }
}

fn unavailable(error: RedisError) -> StoreError {
    StoreError::new(
        StoreErrorKind::Unavailable,
        Some(Box::new(RedisCause(error))),
    )
}

/// redis-rs's error as the cause of a [`StoreError`]. Its message already includes its own
/// cause (an I/O error's text) while its `source()` gives that cause too, so a reporter walking
/// the chain would print it twice; this cause ends the chain at its message.
struct RedisCause(RedisError);

impl fmt::Debug for RedisCause {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

impl fmt::Display for RedisCause {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

impl std::error::Error for RedisCause {}

fn unexpected() -> StoreError {
    StoreError::new(StoreErrorKind::UnexpectedAnswer, None)
}

/// Milliseconds for `PX`, at least 1 (Redis refuses 0).
fn millis(duration: Duration) -> u64 {
    u64::try_from(duration.as_millis())
        .unwrap_or(u64::MAX)
        .max(1)
}

impl Store for RedisStore {
    fn claim(
        &self,
        key: &ItemKey,
        lease: Duration,
    ) -> impl Future<Output = Result<Claim, StoreError>> + Send {
        let redis_key = self.redis_key(key);
        let owner = Owner::new();
        let mut connection = self.connection.clone();
        let scripts = Arc::clone(&self.scripts);
        let key = key.clone();
        async move {
            let answer: i64 = scripts
                .claim
                .key(redis_key)
                .arg(owner.token())
                .arg(millis(lease))
                .arg(DONE)
                .invoke_async(&mut connection)
                .await
                .map_err(unavailable)?;
            match answer {
                1 => Ok(Claim::Acquired(Lease { key, owner })),
                2 => Ok(Claim::Done),
                3 => Ok(Claim::Held),
                _ => Err(unexpected()),
            }
        }
    }

    fn done(
        &self,
        lease: &Lease,
        done_for: Duration,
    ) -> impl Future<Output = Result<Finish, StoreError>> + Send {
        let (redis_key, token) = (self.redis_key(&lease.key), lease.owner.token());
        let (scripts, mut connection) = (Arc::clone(&self.scripts), self.connection.clone());
        async move {
            let answer = scripts
                .done
                .key(redis_key)
                .arg(token)
                .arg(DONE)
                // Shared by every server: a redelivery must find it done on any of them.
                .arg(millis(done_for.max(DEFAULT_DONE_FOR)))
                .invoke_async(&mut connection)
                .await;
            finish(answer)
        }
    }

    fn release(&self, lease: &Lease) -> impl Future<Output = Result<Finish, StoreError>> + Send {
        let (redis_key, token) = (self.redis_key(&lease.key), lease.owner.token());
        let (scripts, mut connection) = (Arc::clone(&self.scripts), self.connection.clone());
        async move {
            let answer = scripts
                .release
                .key(redis_key)
                .arg(token)
                .invoke_async(&mut connection)
                .await;
            finish(answer)
        }
    }
}

fn finish(answer: Result<i64, RedisError>) -> Result<Finish, StoreError> {
    match answer.map_err(unavailable)? {
        1 => Ok(Finish::Recorded),
        0 => Ok(Finish::NotOwner),
        _ => Err(unexpected()),
    }
}
