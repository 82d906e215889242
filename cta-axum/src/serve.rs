//! Serving until SIGTERM or Ctrl-C, then letting the work in flight finish, and releasing what
//! did not.

use std::future::Future;
use std::io;
use std::time::Duration;

use axum::{Extension, Router};
use tokio::net::TcpListener;
use tracing::{info, warn};

use crate::LEASE_MARGIN;
use crate::in_flight::InFlight;

/// How long the work in flight may take to finish after the signal, by default: the default
/// deadline of a handler and a margin. A handler still running then is stopped and its item
/// released, so that Meta's redelivery runs it at once on another server instead of after its
/// lease.
pub const DEFAULT_GRACE: Duration = Duration::from_secs(15);

/// Serves `router` on `listener` until SIGTERM or Ctrl-C; then stops accepting, and lets the
/// requests in flight and the handlers of their items finish for at most `grace`. Handlers
/// still running then are stopped and their items released (waiting for the store at most
/// [`LEASE_MARGIN`]), and it returns.
///
/// The handlers waited for are those of the [`Webhook`](crate::Webhook) routes of `router`,
/// including handlers still at work for a POST already answered (one past its deadline, one
/// whose connection Meta closed).
///
/// # Errors
///
/// The listener failed.
pub async fn serve(listener: TcpListener, router: Router, grace: Duration) -> io::Result<()> {
    serve_until(listener, router, grace, shutdown_signal()).await
}

/// [`serve`], stopping when `signal` completes instead of on SIGTERM or Ctrl-C.
///
/// # Errors
///
/// The listener failed.
pub async fn serve_until(
    listener: TcpListener,
    router: Router,
    grace: Duration,
    signal: impl Future<Output = ()> + Send + 'static,
) -> io::Result<()> {
    // Every request carries it; the webhook's item tasks register with it.
    let in_flight = InFlight::default();
    let router = router.layer(Extension(in_flight.clone()));
    let (stopping_tx, stopping_rx) = tokio::sync::oneshot::channel::<()>();
    let server = axum::serve(listener, router).with_graceful_shutdown(async move {
        signal.await;
        info!("shutting down: no new connections; finishing the work in flight");
        let _ = stopping_tx.send(());
    });
    let server = server.into_future();
    tokio::pin!(server);
    // The server may end in the very poll that saw the signal (no connection open): its
    // result is kept, and the item tasks are waited for all the same.
    let ended_first = tokio::select! {
        result = &mut server => Some(result),
        _ = stopping_rx => None,
    };
    let finished = async {
        let stopped = match ended_first {
            Some(result) => result,
            None => (&mut server).await,
        };
        in_flight.idle().await;
        stopped
    };
    if let Ok(result) = tokio::time::timeout(grace, finished).await {
        result?;
        info!("stopped");
        return Ok(());
    }
    warn!(
        grace_ms = u64::try_from(grace.as_millis()).unwrap_or(u64::MAX),
        running = in_flight.running(),
        "work still in flight after the grace period: stopping it and releasing its items"
    );
    in_flight.stop();
    if tokio::time::timeout(LEASE_MARGIN, in_flight.idle())
        .await
        .is_err()
    {
        warn!(
            running = in_flight.running(),
            "items not released in time: their claims will run out with their lease"
        );
    }
    Ok(())
}

/// Completes on SIGTERM (on Unix) or Ctrl-C.
pub async fn shutdown_signal() {
    let ctrl_c = async {
        if tokio::signal::ctrl_c().await.is_err() {
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {}
        () = terminate => {}
    }
}
