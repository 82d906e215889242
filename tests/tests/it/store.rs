//! The claim stores of cta-axum keep their promise: one owner per item, done stays done, only
//! the owner finishes, and a lease that runs out frees the item. The same checks run on the
//! memory store and on a real `redis-server` (two connections standing for two servers).

use std::sync::Arc;
use std::time::Duration;

use cta_axum::store::{
    Claim, DEFAULT_DONE_FOR, Finish, ItemKey, MemoryStore, MemoryStoreConfig, RedisStore, Store,
    StoreErrorKind,
};

use crate::redis_server::RedisServer;

const LEASE: Duration = Duration::from_secs(30);

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(4)
        .enable_all()
        .build()
        .expect("a runtime")
}

fn acquired(claim: Claim) -> cta_axum::store::Lease {
    match claim {
        Claim::Acquired(lease) => lease,
        other => panic!("expected the claim to be acquired, got {other:?}"),
    }
}

/// The promises every store keeps. `a` and `b` are two handles on one store: the same object for
/// memory, two connections (two servers) for Redis.
async fn claim_done_release<S: Store>(a: &S, b: &S) {
    let key = ItemKey::message("wamid.claim-done-release");

    let first = acquired(a.claim(&key, LEASE).await.unwrap());
    assert_eq!(b.claim(&key, LEASE).await.unwrap(), Claim::Held);
    assert_eq!(a.claim(&key, LEASE).await.unwrap(), Claim::Held);

    // A release frees it for the next delivery.
    assert_eq!(a.release(&first).await.unwrap(), Finish::Recorded);
    let lease = acquired(b.claim(&key, LEASE).await.unwrap());
    // The first lease is no longer the owner: it can neither release nor finish the item.
    assert_eq!(a.release(&first).await.unwrap(), Finish::NotOwner);
    assert_eq!(a.done(&first, LEASE).await.unwrap(), Finish::NotOwner);
    assert_eq!(a.claim(&key, LEASE).await.unwrap(), Claim::Held);

    assert_eq!(
        b.done(&lease, DEFAULT_DONE_FOR).await.unwrap(),
        Finish::Recorded
    );
    assert_eq!(a.claim(&key, LEASE).await.unwrap(), Claim::Done);
    assert_eq!(b.claim(&key, LEASE).await.unwrap(), Claim::Done);
    // Done is final: a release by its owner changes nothing.
    assert_eq!(b.release(&lease).await.unwrap(), Finish::NotOwner);
    assert_eq!(a.claim(&key, LEASE).await.unwrap(), Claim::Done);

    // A status is an item of its own, one per status.
    let sent = ItemKey::status("wamid.claim-done-release", "sent");
    let read = ItemKey::status("wamid.claim-done-release", "read");
    let sent_lease = acquired(a.claim(&sent, LEASE).await.unwrap());
    let _read_lease = acquired(b.claim(&read, LEASE).await.unwrap());
    assert_eq!(b.claim(&sent, LEASE).await.unwrap(), Claim::Held);
    assert_eq!(a.done(&sent_lease, LEASE).await.unwrap(), Finish::Recorded);
}

/// A lease that runs out frees the item; its old owner cannot then finish over the new one.
async fn lease_runs_out<S: Store>(a: &S, b: &S, wait: impl AsyncFn(Duration)) {
    let key = ItemKey::message("wamid.lease-runs-out");
    let short = Duration::from_millis(200);

    let first = acquired(a.claim(&key, short).await.unwrap());
    wait(Duration::from_millis(400)).await;
    let second = acquired(b.claim(&key, LEASE).await.unwrap());
    assert_eq!(a.done(&first, LEASE).await.unwrap(), Finish::NotOwner);
    assert_eq!(a.release(&first).await.unwrap(), Finish::NotOwner);
    assert_eq!(b.claim(&key, LEASE).await.unwrap(), Claim::Held);
    assert_eq!(b.done(&second, LEASE).await.unwrap(), Finish::Recorded);

    // A lease that ran out with no one else taking the item can still be marked done.
    let key = ItemKey::message("wamid.late-but-alone");
    let late = acquired(a.claim(&key, short).await.unwrap());
    wait(Duration::from_millis(400)).await;
    assert_eq!(a.done(&late, LEASE).await.unwrap(), Finish::Recorded);
    assert_eq!(b.claim(&key, LEASE).await.unwrap(), Claim::Done);
}

/// Many tasks claiming one item at once: exactly one acquires it.
async fn one_owner_among_many<S: Store + Clone>(stores: &[S]) {
    for round in 0..20 {
        let key = ItemKey::message(&format!("wamid.race-{round}"));
        let tasks: Vec<_> = (0..16)
            .map(|task| {
                let store = stores[task % stores.len()].clone();
                let key = key.clone();
                tokio::spawn(async move { store.claim(&key, LEASE).await.unwrap() })
            })
            .collect();
        let mut acquired = 0;
        for task in tasks {
            if let Claim::Acquired(_) = task.await.unwrap() {
                acquired += 1;
            }
        }
        assert_eq!(acquired, 1, "round {round}: {acquired} owners");
    }
}

#[test]
fn memory_store_keeps_the_promises() {
    runtime().block_on(async {
        let store = Arc::new(MemoryStore::default());
        claim_done_release(&store, &store).await;
        lease_runs_out(&store, &store, async |d| tokio::time::sleep(d).await).await;
        one_owner_among_many(&[Arc::clone(&store), Arc::clone(&store)]).await;
    });
}

#[test]
fn memory_store_is_bounded_by_count() {
    runtime().block_on(async {
        let store = MemoryStore::new(MemoryStoreConfig::default().with_max_items(100));
        for n in 0..1000 {
            let key = ItemKey::message(&format!("wamid.{n}"));
            let lease = acquired(store.claim(&key, LEASE).await.unwrap());
            assert_eq!(
                store.done(&lease, DEFAULT_DONE_FOR).await.unwrap(),
                Finish::Recorded
            );
            assert!(store.len() <= 100, "{} items after {n}", store.len());
        }
        // The newest are remembered, the oldest forgotten.
        let newest = ItemKey::message("wamid.999");
        assert_eq!(store.claim(&newest, LEASE).await.unwrap(), Claim::Done);
        let oldest = ItemKey::message("wamid.0");
        acquired(store.claim(&oldest, LEASE).await.unwrap());
    });
}

#[test]
fn memory_store_forgets_by_age() {
    tokio::runtime::Builder::new_current_thread()
        .enable_time()
        .start_paused(true)
        .build()
        .unwrap()
        .block_on(async {
            let hour = Duration::from_hours(1);
            let store = MemoryStore::new(MemoryStoreConfig::default().with_max_age(hour));
            let key = ItemKey::message("wamid.aging");
            let lease = acquired(store.claim(&key, LEASE).await.unwrap());
            let _ = store.done(&lease, DEFAULT_DONE_FOR).await.unwrap();
            tokio::time::advance(Duration::from_secs(3599)).await;
            assert_eq!(store.claim(&key, LEASE).await.unwrap(), Claim::Done);
            tokio::time::advance(Duration::from_secs(2)).await;
            acquired(store.claim(&key, LEASE).await.unwrap());
            // Forgotten entries leave nothing behind but the new claim.
            assert_eq!(store.len(), 1);
        });
}

#[test]
#[ignore = "needs redis-server on PATH; .ci/run installs it and runs these"]
fn redis_store_keeps_the_promises_across_two_servers() {
    let server = RedisServer::start();
    runtime().block_on(async {
        let a = RedisStore::connect(&server.url()).await.unwrap();
        let b = RedisStore::connect(&server.url()).await.unwrap();
        claim_done_release(&a, &b).await;
        lease_runs_out(&a, &b, async |d| tokio::time::sleep(d).await).await;
        one_owner_among_many(&[a.clone(), b.clone()]).await;
    });
}

#[test]
#[ignore = "needs redis-server on PATH; .ci/run installs it and runs these"]
fn redis_store_keeps_done_for_at_least_seven_days() {
    const SEVEN_DAYS_MS: i64 = 7 * 24 * 3600 * 1000;
    let server = RedisServer::start();
    runtime().block_on(async {
        let store = RedisStore::connect(&server.url()).await.unwrap();
        for (id, asked) in [
            // Shorter than Meta's redelivery period: raised to it.
            ("wamid.one-hour", Duration::from_hours(1)),
            ("wamid.nothing", Duration::ZERO),
            // Longer: kept as asked.
            ("wamid.thirty-days", Duration::from_hours(30 * 24)),
        ] {
            let key = ItemKey::message(id);
            let redis_key = format!("cta:item:{}", key.as_str());
            let lease = acquired(store.claim(&key, LEASE).await.unwrap());
            let claimed_ttl = ttl_millis(&server, &redis_key);
            assert!(
                (1..=30_000).contains(&claimed_ttl),
                "a claim expires with its lease, got {claimed_ttl} ms"
            );
            assert_eq!(store.done(&lease, asked).await.unwrap(), Finish::Recorded);
            let done_ttl = ttl_millis(&server, &redis_key);
            let expected = i64::try_from(asked.as_millis()).unwrap().max(SEVEN_DAYS_MS);
            // The milliseconds between the command and the PTTL, on a loaded machine.
            assert!(
                (expected - 60_000..=expected).contains(&done_ttl),
                "{id}: asked {asked:?}, done expires after {done_ttl} ms"
            );
            assert_eq!(store.claim(&key, LEASE).await.unwrap(), Claim::Done);
        }
        assert_eq!(DEFAULT_DONE_FOR.as_millis(), 7 * 24 * 3600 * 1000);
    });
}

#[test]
#[ignore = "needs redis-server on PATH; .ci/run installs it and runs these"]
fn redis_outage_is_an_error_not_a_verdict() {
    let mut server = RedisServer::start();
    runtime().block_on(async {
        let store = RedisStore::connect(&server.url()).await.unwrap();
        let key = ItemKey::message("wamid.outage");
        let lease = acquired(store.claim(&key, LEASE).await.unwrap());
        server.kill();
        let error = store.claim(&key, LEASE).await.unwrap_err();
        assert_eq!(error.kind(), StoreErrorKind::Unavailable);
        assert!(std::error::Error::source(&error).is_some());
        assert!(!error.to_string().contains(&server.url()));
        let error = store.done(&lease, LEASE).await.unwrap_err();
        assert_eq!(error.kind(), StoreErrorKind::Unavailable);
    });
}

fn ttl_millis(server: &RedisServer, key: &str) -> i64 {
    let answer = server.command(&["PTTL", key]);
    answer
        .trim()
        .trim_start_matches(':')
        .parse()
        .unwrap_or_else(|_| panic!("PTTL answered {answer:?}"))
}

#[test]
fn memory_store_holds_its_count_of_items_and_a_bounded_order_under_churn() {
    runtime().block_on(async {
        let store = MemoryStore::new(MemoryStoreConfig::default().with_max_items(100));
        // Claimed then done: one item each, exactly as many as the bound.
        for n in 0..100 {
            let key = ItemKey::message(&format!("wamid.{n}"));
            let lease = acquired(store.claim(&key, LEASE).await.unwrap());
            let _ = store.done(&lease, DEFAULT_DONE_FOR).await.unwrap();
        }
        assert_eq!(store.len(), 100, "the bound counts items, not writes");
        for n in 0..100 {
            let key = ItemKey::message(&format!("wamid.{n}"));
            assert_eq!(store.claim(&key, LEASE).await.unwrap(), Claim::Done);
        }
        // One item claimed and released again and again: its first claim, in a full store,
        // forgot the oldest item; its release leaves no trace.
        let key = ItemKey::message("wamid.churn");
        for _ in 0..100_000 {
            let lease = acquired(store.claim(&key, LEASE).await.unwrap());
            let _ = store.release(&lease).await.unwrap();
        }
        assert_eq!(store.len(), 99);
        acquired(
            store
                .claim(&ItemKey::message("wamid.0"), LEASE)
                .await
                .unwrap(),
        );
    });
}
