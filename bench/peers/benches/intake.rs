//! Webhook intake against its peers: `cta_core::webhook::receive` beside whatsapp-cloud-api
//! 0.5.5 (its typed `NotificationPayload` plus an HMAC-SHA256 check) and whatsapp-business-rs
//! 0.5.0 (its whole `WebhookService` handler: signature, parse, events handed to a handler), on
//! the same signed bytes: the 1.9 KB body of `benches/webhook.rs` and a batch of 20 messages.
//!
//! Not criterion: the rows must see the same machine, which is shared and loaded. So the rows
//! are interleaved in slices of about 1 ms: each round runs every row for one slice, starting
//! from a different row each round, and the figure per row is the median over the rounds of
//! the mean time per call within a slice. The ratio to the fastest peer is taken within each
//! round (our slice against that peer's slice of the same round), and its median is reported.
//!
//! ```sh
//! cargo bench --manifest-path bench/peers/Cargo.toml   # INTAKE_ROUNDS=2000 by default
//! # one row alone, for a profiler (callgrind counts instructions, not time):
//! valgrind --tool=callgrind target/release/deps/intake-<hash> --profile cta batch 2000
//! ```

use std::hint::black_box;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use cta_core::webhook::{AppSecret, SIGNATURE_HEADER, receive};
use hmac::{Hmac, KeyInit, Mac};
use http::{HeaderMap, HeaderValue};
use sha2::Sha256;

/// The app secret every row checks the signature with.
const SECRET: &str = "test-app-secret";

/// How long one slice of one row lasts.
const SLICE: Duration = Duration::from_millis(1);

/// A body to read, signed.
struct Body {
    name: &'static str,
    bytes: Vec<u8>,
    headers: HeaderMap,
    /// How many messages it holds: every row must find them all.
    messages: usize,
}

impl Body {
    fn new(name: &'static str, bytes: Vec<u8>, messages: usize) -> Self {
        let secret = AppSecret::new(SECRET).unwrap();
        let mut headers = HeaderMap::new();
        headers.insert(SIGNATURE_HEADER, secret.sign(&bytes).parse().unwrap());
        Body {
            name,
            bytes,
            headers,
            messages,
        }
    }

    fn signature(&self) -> &HeaderValue {
        self.headers.get(SIGNATURE_HEADER).unwrap()
    }
}

/// One way to take a signed POST: it returns how many messages it read.
type Intake<'b> = Box<dyn FnMut() -> usize + 'b>;

/// Ours: `receive` (the signature check, then the typed parse borrowed from the body), then
/// every message walked, as a server does.
fn cta(body: &Body) -> Intake<'_> {
    let secret = AppSecret::new(SECRET).unwrap();
    Box::new(move || {
        let notification = receive(&secret, black_box(&body.headers), black_box(&body.bytes))
            .expect("a signed notification");
        notification
            .messages()
            .filter(|message| black_box(message).is_ok())
            .count()
    })
}

/// whatsapp-cloud-api 0.5.5 has no signature check: the same HMAC-SHA256 as ours (a state keyed
/// once, the header's hex decoded, a constant-time comparison), then its typed
/// `NotificationPayload` (owned strings), then every message walked.
fn cloud_api(body: &Body) -> Intake<'_> {
    use whatsapp_cloud_api::models::webhooks::NotificationPayload;

    let keyed = Hmac::<Sha256>::new_from_slice(SECRET.as_bytes()).unwrap();
    Box::new(move || {
        let header = black_box(body.signature()).as_bytes();
        let mut tag = [0_u8; 32];
        let digits = header.strip_prefix(b"sha256=").expect("the prefix");
        for (byte, pair) in tag.iter_mut().zip(digits.chunks_exact(2)) {
            let text = std::str::from_utf8(pair).expect("hex digits");
            *byte = u8::from_str_radix(text, 16).expect("hex digits");
        }
        let mut mac = keyed.clone();
        mac.update(black_box(&body.bytes));
        mac.verify_slice(&tag).expect("the signature matches");
        let payload: NotificationPayload =
            serde_json::from_slice(black_box(&body.bytes)).expect("a notification");
        payload
            .entry
            .iter()
            .flat_map(|entry| &entry.changes)
            .filter_map(|change| change.value.messages.as_ref())
            .flatten()
            .filter(|message| black_box(message).text.is_some())
            .count()
    })
}

/// The handler whatsapp-business-rs hands each inbound message to: it counts them.
#[derive(Clone)]
struct Counter(Arc<AtomicUsize>);

impl whatsapp_business_rs::WebhookHandler for Counter {
    fn handle_message(
        &self,
        _context: whatsapp_business_rs::server::EventContext,
        message: whatsapp_business_rs::server::IncomingMessage,
    ) -> impl Future<Output = ()> + Send + '_ {
        black_box(message);
        self.0.fetch_add(1, Ordering::Relaxed);
        async {}
    }
}

/// whatsapp-business-rs 0.5.0: its whole handler (`WebhookService::handle` on an
/// `http::Request`: its own signature check, parse, and one task per event, run to the end on a
/// current-thread runtime). The request is made per call (the body shared, not copied), as a
/// server hands it over.
fn business_rs(body: &Body) -> Intake<'_> {
    use whatsapp_business_rs::webhook_service::WebhookService;

    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .unwrap();
    let handled = Arc::new(AtomicUsize::new(0));
    let service = WebhookService::<Counter>::builder()
        .verify_payload(whatsapp_business_rs::client::AppSecret(SECRET.to_owned()))
        .build(Counter(handled.clone()));
    let bytes = axum::body::Bytes::from(body.bytes.clone());
    let signature = body.signature().clone();
    let messages = body.messages;
    Box::new(move || {
        let request = http::Request::post("/webhook")
            .header(SIGNATURE_HEADER, signature.clone())
            .body(axum::body::Body::from(bytes.clone()))
            .unwrap();
        let before = handled.load(Ordering::Relaxed);
        let response = runtime.block_on(async {
            let response = service.handle(request).await;
            // The handler's tasks (one per message) run once this future lets the scheduler
            // have the thread; a bounded wait, so that a message it drops fails the count.
            for _ in 0..64 {
                if handled.load(Ordering::Relaxed) - before >= messages {
                    break;
                }
                tokio::task::yield_now().await;
            }
            response
        });
        assert_eq!(response.status(), http::StatusCode::OK);
        handled.load(Ordering::Relaxed) - before
    })
}

/// What a row is.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Side {
    Ours,
    Peer,
    /// A part of a row, shown to tell where the time goes (`INTAKE_PARTS=1`).
    Part,
}

/// A row: a name, whose it is, and its intake.
struct Row<'b> {
    name: &'static str,
    side: Side,
    intake: Intake<'b>,
    /// Calls per slice, so that a slice lasts about [`SLICE`].
    calls: u32,
    /// Nanoseconds per call, one figure per round.
    figures: Vec<f64>,
}

/// The signature check alone: the HMAC-SHA256 of the body, which every row computes.
fn hmac_alone(body: &Body) -> Intake<'_> {
    let secret = AppSecret::new(SECRET).unwrap();
    Box::new(move || {
        secret
            .verify_headers(black_box(&body.headers), black_box(&body.bytes))
            .expect("a signed body");
        body.messages
    })
}

/// Our parse alone, and the walk over the messages.
fn cta_parse(body: &Body) -> Intake<'_> {
    Box::new(move || {
        let notification =
            cta_core::webhook::Notification::parse(black_box(&body.bytes)).expect("a notification");
        notification
            .messages()
            .filter(|message| black_box(message).is_ok())
            .count()
    })
}

/// whatsapp-cloud-api's parse alone, and the walk over the messages.
fn cloud_api_parse(body: &Body) -> Intake<'_> {
    use whatsapp_cloud_api::models::webhooks::NotificationPayload;

    Box::new(move || {
        let payload: NotificationPayload =
            serde_json::from_slice(black_box(&body.bytes)).expect("a notification");
        payload
            .entry
            .iter()
            .flat_map(|entry| &entry.changes)
            .filter_map(|change| change.value.messages.as_ref())
            .flatten()
            .filter(|message| black_box(message).text.is_some())
            .count()
    })
}

fn rows(body: &Body, parts: bool) -> Vec<Row<'_>> {
    let row = |name, side, intake| Row {
        name,
        side,
        intake,
        calls: 1,
        figures: Vec::new(),
    };
    let mut rows = vec![
        row("cta-core `webhook::receive`", Side::Ours, cta(body)),
        row(
            "whatsapp-cloud-api 0.5.5: HMAC + `NotificationPayload`",
            Side::Peer,
            cloud_api(body),
        ),
        row(
            "whatsapp-business-rs 0.5.0: `WebhookService::handle`",
            Side::Peer,
            business_rs(body),
        ),
    ];
    if parts {
        rows.extend([
            row(
                "part: the HMAC alone (`verify_headers`)",
                Side::Part,
                hmac_alone(body),
            ),
            row(
                "part: `Notification::parse` alone",
                Side::Part,
                cta_parse(body),
            ),
            row(
                "part: whatsapp-cloud-api's `NotificationPayload` alone",
                Side::Part,
                cloud_api_parse(body),
            ),
        ]);
    }
    rows
}

fn median(figures: &mut [f64]) -> f64 {
    figures.sort_by(f64::total_cmp);
    figures[figures.len() / 2]
}

fn quartiles(figures: &mut [f64]) -> (f64, f64) {
    figures.sort_by(f64::total_cmp);
    (figures[figures.len() / 4], figures[figures.len() * 3 / 4])
}

/// Runs `row` for one slice; nanoseconds per call.
fn slice(row: &mut Row<'_>) -> f64 {
    let start = Instant::now();
    for _ in 0..row.calls {
        black_box((row.intake)());
    }
    start.elapsed().as_secs_f64() * 1e9 / f64::from(row.calls)
}

fn measure(body: &Body, rounds: usize, parts: bool) {
    let mut rows = rows(body, parts);
    // Each row must really read every message: checked once, then warmed up and calibrated.
    for row in &mut rows {
        let found = (row.intake)();
        assert_eq!(found, body.messages, "{} on {}", row.name, body.name);
        let start = Instant::now();
        let mut calls = 0_u32;
        while start.elapsed() < Duration::from_millis(200) {
            black_box((row.intake)());
            calls += 1;
        }
        let per_call = start.elapsed() / calls;
        row.calls = u32::try_from(SLICE.as_nanos() / per_call.as_nanos().max(1))
            .unwrap_or(u32::MAX)
            .max(1);
    }
    for round in 0..rounds {
        let count = rows.len();
        for offset in 0..count {
            let row = &mut rows[(round + offset) % count];
            let figure = slice(row);
            row.figures.push(figure);
        }
    }
    report(body, &mut rows);
}

fn report(body: &Body, rows: &mut [Row<'_>]) {
    let medians: Vec<f64> = rows
        .iter()
        .map(|row| median(&mut row.figures.clone()))
        .collect();
    let fastest_peer = (0..rows.len())
        .filter(|&index| rows[index].side == Side::Peer)
        .min_by(|&a, &b| medians[a].total_cmp(&medians[b]))
        .unwrap();
    println!(
        "\n### {} ({} bytes, {} message{}, {} rounds of {} ms slices)\n",
        body.name,
        body.bytes.len(),
        body.messages,
        if body.messages == 1 { "" } else { "s" },
        rows[0].figures.len(),
        SLICE.as_millis(),
    );
    println!(
        "| row | ns per call (median) | p25..p75 | ratio to the fastest peer (median of rounds) |"
    );
    println!("|---|---:|---:|---:|");
    for (index, row) in rows.iter().enumerate() {
        let mut ratios: Vec<f64> = row
            .figures
            .iter()
            .zip(&rows[fastest_peer].figures)
            .map(|(mine, peer)| mine / peer)
            .collect();
        let (low, high) = quartiles(&mut row.figures.clone());
        println!(
            "| {} | {:.0} | {:.0}..{:.0} | {:.2} |",
            row.name,
            medians[index],
            low,
            high,
            median(&mut ratios),
        );
    }
}

fn main() {
    let bodies = [
        Body::new("one text message", cta_bench::webhook_body(), 1),
        Body::new("a batch of 20 text messages", cta_bench::batch_body(20), 20),
    ];
    let args: Vec<String> = std::env::args().skip(1).collect();
    // `--profile <row> <body> <calls>`: one row alone, for callgrind.
    if let Some(at) = args.iter().position(|arg| arg == "--profile") {
        let row = args.get(at + 1).map_or("cta", String::as_str);
        let body = match args.get(at + 2).map(String::as_str) {
            Some("batch") => &bodies[1],
            _ => &bodies[0],
        };
        let calls: usize = args
            .get(at + 3)
            .and_then(|calls| calls.parse().ok())
            .unwrap_or(1000);
        let mut intake = match row {
            "cloud-api" => cloud_api(body),
            "business-rs" => business_rs(body),
            _ => cta(body),
        };
        let mut found = 0;
        for _ in 0..calls {
            found += black_box(intake());
        }
        assert_eq!(found, calls * body.messages);
        return;
    }
    // `cargo bench` passes `--bench`; under `cargo test` a bench target gets no `--bench` and
    // runs a few rounds only, as a check that every row still reads every message.
    let benching = args.iter().any(|arg| arg == "--bench");
    let rounds = if benching {
        std::env::var("INTAKE_ROUNDS")
            .ok()
            .and_then(|rounds| rounds.parse().ok())
            .unwrap_or(2000)
    } else {
        3
    };
    let parts = std::env::var("INTAKE_PARTS").is_ok_and(|parts| parts == "1");
    for body in &bodies {
        measure(body, rounds, parts);
    }
}
