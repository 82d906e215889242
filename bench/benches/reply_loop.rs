//! The reply loop measured end to end: signed notifications through `cta_axum::Webhook`, whose
//! handler replies through `cta_core::send::Client` to a stand-in Graph API on loopback, with
//! the memory store and (when `redis-server` is on the PATH) the Redis store; beside
//! `webhook::receive` alone. Then the memory of `MemoryStore` holding one million items.
//!
//! Not criterion: the figures wanted are notifications per second and the median and
//! 99th-percentile time to the 200, which criterion does not report. Each POST is timed on its
//! own, sequentially, on a current-thread runtime (one core). Run it with
//! `cargo bench -p cta-bench --bench reply_loop`; `REPLY_LOOP_POSTS` sets the number of POSTs
//! per row (default 4000).

use std::hint::black_box;
use std::net::{Ipv4Addr, TcpListener, TcpStream};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use axum::Router;
use cta_axum::store::{Claim, ItemKey, MemoryStore, MemoryStoreConfig, RedisStore, Store};
use cta_axum::testing::{
    BUSINESS_ACCOUNT_ID, GraphApi, NotificationBuilder, PHONE_NUMBER_ID, app_secret,
};
use cta_axum::{Outcome, Webhook};
use cta_core::send::{Client, PhoneNumberId};
use cta_core::webhook::{MessageKind, ReceivedMessage, VerifyToken};
use cta_core::{CtaUrlContent, cta_message};

const REPLY: CtaUrlContent = cta_message! {
    body: "Thanks for writing! Every colour is in the catalogue.",
    button: "See catalogue",
    url: "https://example.com/catalogue",
};

async fn answer(client: Client, message: ReceivedMessage) -> Outcome {
    let MessageKind::Text(_) = message.kind else {
        return Outcome::Done;
    };
    let (Ok(reply), Some(number)) = (REPLY.in_reply_to(&message), message.phone_number_id()) else {
        return Outcome::Failed;
    };
    let Ok(number) = PhoneNumberId::new(number) else {
        return Outcome::Failed;
    };
    Outcome::of_send(client.send_from(&number, &reply).await)
}

fn posts() -> usize {
    std::env::var("REPLY_LOOP_POSTS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(4000)
}

/// How many business numbers the notifications are spread over: the client paces each number at
/// Meta's most (1000 a second), and the row measures the router, not that pace.
const NUMBERS: usize = 50;

/// `count` signed notifications of one text message each, all different, to `NUMBERS` business
/// numbers in turn.
fn notifications(count: usize) -> Vec<cta_axum::testing::SignedNotification> {
    (0..count)
        .map(|n| {
            NotificationBuilder::new(BUSINESS_ACCOUNT_ID, format!("1065403522{:05}", n % NUMBERS))
                .text("16505551234", format!("Any blue ones? ({n})"))
                .signed(&app_secret())
        })
        .collect()
}

struct Row {
    name: &'static str,
    per_second: f64,
    median: Duration,
    p99: Duration,
}

fn summarize(name: &'static str, mut times: Vec<Duration>, total: Duration) -> Row {
    times.sort_unstable();
    let at = |fraction: f64| {
        // The nearest-rank percentile.
        #[allow(
            clippy::cast_possible_truncation,
            clippy::cast_sign_loss,
            clippy::cast_precision_loss
        )]
        let rank = ((fraction * times.len() as f64).ceil() as usize).clamp(1, times.len());
        times[rank - 1]
    };
    #[allow(clippy::cast_precision_loss)]
    let per_second = times.len() as f64 / total.as_secs_f64();
    Row {
        name,
        per_second,
        median: at(0.5),
        p99: at(0.99),
    }
}

async fn through_router(name: &'static str, router: &Router, count: usize) -> Row {
    let bodies = notifications(count);
    // Warm up the connection pool and the allocator.
    for warm in notifications(50) {
        let answer = warm.post(router, "/webhook").await.expect("a response");
        assert_eq!(answer.status(), 200);
    }
    let mut times = Vec::with_capacity(count);
    let start = Instant::now();
    for notification in &bodies {
        let began = Instant::now();
        let answer = notification
            .post(router, "/webhook")
            .await
            .expect("a response");
        times.push(began.elapsed());
        assert_eq!(answer.status(), 200, "every POST is answered 200");
    }
    summarize(name, times, start.elapsed())
}

fn receive_alone(count: usize) -> Row {
    let bodies = notifications(count);
    let secret = app_secret();
    let mut times = Vec::with_capacity(count);
    let start = Instant::now();
    for notification in &bodies {
        let began = Instant::now();
        let headers = notification.headers();
        let parsed = cta_core::webhook::receive(&secret, &headers, notification.body())
            .expect("a notification");
        black_box(parsed.messages().count());
        times.push(began.elapsed());
    }
    summarize("webhook::receive alone", times, start.elapsed())
}

fn router<S: Store>(client: &Client, store: S) -> Router {
    let client = client.clone();
    Webhook::new(app_secret(), VerifyToken::new("bench").expect("a token"))
        .store(store)
        .on_message(move |message| answer(client.clone(), message))
        .into_router("/webhook")
}

/// A `redis-server` on a free port, without persistence, if one can be started.
struct Redis(Child, u16);

impl Redis {
    fn start() -> Option<Redis> {
        let port = TcpListener::bind((Ipv4Addr::LOCALHOST, 0))
            .ok()?
            .local_addr()
            .ok()?
            .port();
        let child = Command::new("redis-server")
            .args(["--bind", "127.0.0.1", "--port", &port.to_string()])
            .args(["--save", "", "--appendonly", "no"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .ok()?;
        let redis = Redis(child, port);
        let deadline = Instant::now() + Duration::from_secs(10);
        while TcpStream::connect((Ipv4Addr::LOCALHOST, port)).is_err() {
            if Instant::now() > deadline {
                return None;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        Some(redis)
    }
}

impl Drop for Redis {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// The resident memory of this process, in bytes (Linux).
fn resident_bytes() -> Option<u64> {
    let statm = std::fs::read_to_string("/proc/self/statm").ok()?;
    let pages: u64 = statm.split_whitespace().nth(1)?.parse().ok()?;
    Some(pages * 4096)
}

async fn memory_store_of_a_million() {
    const ITEMS: usize = 1_000_000;
    let store = MemoryStore::new(MemoryStoreConfig::default().with_max_items(ITEMS));
    let before = resident_bytes();
    for n in 0..2 * ITEMS {
        let key = ItemKey::message(&format!(
            "wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQzQTRBNjU5OUFFRTAzODEwMTQ0RgA{n:012}"
        ));
        if let Ok(Claim::Acquired(lease)) = store.claim(&key, Duration::from_secs(30)).await {
            let _ = store.done(&lease, Duration::from_hours(1)).await;
        }
        if n + 1 == ITEMS {
            report_memory("after 1,000,000 distinct IDs", before, store.len());
        }
    }
    report_memory("after 2,000,000 (bound: 1,000,000)", before, store.len());
}

#[allow(
    clippy::cast_precision_loss,
    reason = "megabytes and bytes an item, printed to one decimal"
)]
fn report_memory(when: &str, before: Option<u64>, len: usize) {
    if let (Some(before), Some(now)) = (before, resident_bytes()) {
        let grown = now.saturating_sub(before);
        let per_item = grown as f64 / len as f64;
        println!(
            "MemoryStore {when}: {len} items, resident memory +{:.1} MiB ({per_item:.0} bytes an item)",
            grown as f64 / (1024.0 * 1024.0)
        );
    }
}

fn main() {
    // `cargo bench` passes `--bench`; a filter argument is not supported here.
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a runtime");
    let count = posts();
    let mut rows = vec![receive_alone(count)];
    runtime.block_on(async {
        let graph = GraphApi::start().await.expect("the stand-in Graph API");
        let client = Client::builder(graph.send_config(PHONE_NUMBER_ID).expect("a config"))
            .throughput(cta_core::send::Throughput::MAX)
            .build()
            .expect("a client");
        let memory = router(&client, MemoryStore::default());
        rows.push(through_router("router, memory store", &memory, count).await);
        if let Some(redis) = Redis::start() {
            let store = RedisStore::connect(&format!("redis://127.0.0.1:{}/", redis.1))
                .await
                .expect("Redis");
            let shared = router(&client, store);
            rows.push(through_router("router, Redis store", &shared, count).await);
        } else {
            println!("(no redis-server on the PATH: the Redis row is left out)");
        }
        println!("| path | notifications per second | median to 200 | p99 to 200 |");
        println!("|---|---:|---:|---:|");
        for row in &rows {
            println!(
                "| {} | {:.0} | {:.1} µs | {:.1} µs |",
                row.name,
                row.per_second,
                row.median.as_secs_f64() * 1e6,
                row.p99.as_secs_f64() * 1e6
            );
        }
        memory_store_of_a_million().await;
    });
}
