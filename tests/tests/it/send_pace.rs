//! The client's pacing, through the loopback Graph stand-in: each business number at its
//! throughput, shared by every clone; error 130429 slows the number, error 131056 holds the
//! user. Only lower bounds are checked: a wait the pacer must impose, never how fast anything
//! goes.

#![allow(
    clippy::unreadable_literal,
    reason = "error codes are written as Meta writes them"
)]

use crate::common;
use crate::graph_server;

use std::time::{Duration, Instant};

use axum::http::StatusCode;
use common::META_EXAMPLE;
use cta_core::send::{Client, ClientBuilder, ErrorCode, SendConfig, Throughput};
use graph_server::{GraphServer, OTHER_PHONE_NUMBER_ID, PHONE_NUMBER_ID, Reply, TOKEN};

fn builder(server: &GraphServer) -> ClientBuilder {
    let config = SendConfig::new(PHONE_NUMBER_ID, TOKEN)
        .unwrap()
        .with_base_url(server.base_url().parse().unwrap());
    Client::builder(config)
        .timeout(Duration::from_secs(5))
        .backoff_unit(Duration::from_millis(1))
}

fn per_second(count: u16) -> Throughput {
    Throughput::per_second(count).unwrap()
}

#[tokio::test]
async fn every_clone_shares_the_pace_of_the_number() {
    let server = GraphServer::recording(vec![Reply::seed_success()]);
    let client = builder(&server).throughput(per_second(5)).build().unwrap();
    let clone = client.clone();
    let started = Instant::now();
    // Ten messages at five a second, from two clones at once: five go at once, the tenth
    // waits for the fifth slot after them, a second later.
    let send_five = |client: Client| async move {
        for _ in 0..5 {
            client.send(&META_EXAMPLE).await.unwrap();
        }
    };
    tokio::join!(send_five(client), send_five(clone));
    let elapsed = started.elapsed();
    assert!(elapsed >= Duration::from_secs(1), "{elapsed:?}");
    assert_eq!(server.requests(), 10);
    server.assert_requests_were_valid();
}

#[tokio::test]
async fn a_number_given_its_own_throughput_keeps_to_it() {
    let server = GraphServer::recording(vec![Reply::seed_success()]);
    let other = OTHER_PHONE_NUMBER_ID.parse().unwrap();
    let client = builder(&server)
        .throughput(Throughput::MAX)
        .number_throughput(OTHER_PHONE_NUMBER_ID.parse().unwrap(), per_second(2))
        .build()
        .unwrap();
    let started = Instant::now();
    // Two a second: two at once, then one every half second.
    for _ in 0..4 {
        client.send_from(&other, &META_EXAMPLE).await.unwrap();
    }
    let elapsed = started.elapsed();
    assert!(elapsed >= Duration::from_secs(1), "{elapsed:?}");
    assert_eq!(server.numbers(), [OTHER_PHONE_NUMBER_ID; 4]);
}

#[tokio::test]
async fn error_130429_slows_the_number_down() {
    let server = GraphServer::recording(vec![
        Reply::graph_error(StatusCode::TOO_MANY_REQUESTS, 130429),
        Reply::seed_success(),
    ]);
    // At two a second a slot is left after the first attempt; at half rate, with the bucket
    // spent by the refusal, the retry waits a whole second (the backoff alone is 1 ms).
    let client = builder(&server)
        .throughput(per_second(2))
        .max_retries(1)
        .build()
        .unwrap();
    let started = Instant::now();
    client.send(&META_EXAMPLE).await.unwrap();
    let elapsed = started.elapsed();
    assert!(elapsed >= Duration::from_secs(1), "{elapsed:?}");
    assert_eq!(server.requests(), 2);
}

#[tokio::test]
async fn error_131056_holds_messages_to_that_user_for_six_units() {
    let unit = Duration::from_millis(20);
    let server = GraphServer::recording(vec![
        Reply::graph_error(StatusCode::BAD_REQUEST, 131056),
        Reply::seed_success(),
    ]);
    let client = builder(&server)
        .backoff_unit(unit)
        .max_retries(0)
        .build()
        .unwrap();
    let error = client.send(&META_EXAMPLE).await.unwrap_err();
    assert_eq!(error.code(), Some(ErrorCode::PAIR_RATE_LIMIT));
    let refused_at = Instant::now();
    // The next message to the same user waits out the pair gap, six units after the refusal
    // (the retry backoff, 4^0 units, is shorter); the refusal was read a moment before
    // `refused_at`, so at least five units are left.
    client.send(&META_EXAMPLE).await.unwrap();
    let elapsed = refused_at.elapsed();
    assert!(elapsed >= unit * 5, "{elapsed:?}");
    assert_eq!(server.requests(), 2);
}

#[tokio::test]
async fn a_retry_after_131056_waits_for_the_pair_gap_not_only_the_backoff() {
    let unit = Duration::from_millis(20);
    let server = GraphServer::recording(vec![
        Reply::graph_error(StatusCode::BAD_REQUEST, 131056),
        Reply::seed_success(),
    ]);
    let client = builder(&server)
        .backoff_unit(unit)
        .max_retries(1)
        .build()
        .unwrap();
    let started = Instant::now();
    client.send(&META_EXAMPLE).await.unwrap();
    let elapsed = started.elapsed();
    assert!(elapsed >= unit * 6, "{elapsed:?}");
    assert_eq!(server.requests(), 2);
}
