//! Serving until SIGTERM or Ctrl-C, then letting the POSTs in flight finish.

use std::future::Future;
use std::io;
use std::time::Duration;

use axum::Router;
use tokio::net::TcpListener;
use tracing::{info, warn};

/// How long in-flight POSTs may take to finish after the signal, by default: the default
/// deadline of a handler and a margin. A handler still running then is dropped; its claim runs
/// out with its lease, and Meta's redelivery runs it again.
pub const DEFAULT_GRACE: Duration = Duration::from_secs(15);

/// Serves `router` on `listener` until SIGTERM or Ctrl-C; then stops accepting, lets the
/// requests in flight finish for at most `grace`, and returns.
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
    let (stopping_tx, stopping_rx) = tokio::sync::oneshot::channel::<()>();
    let server = axum::serve(listener, router).with_graceful_shutdown(async move {
        signal.await;
        info!("shutting down: no new connections; finishing the requests in flight");
        let _ = stopping_tx.send(());
    });
    let server = server.into_future();
    tokio::pin!(server);
    tokio::select! {
        result = &mut server => return result,
        _ = stopping_rx => {}
    }
    if let Ok(result) = tokio::time::timeout(grace, server).await {
        result?;
        info!("stopped");
    } else {
        warn!(
            grace_ms = grace.as_millis(),
            "requests still in flight after the grace period; their claims will run out"
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
