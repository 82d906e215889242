//! The item tasks at work, counted, so that a graceful shutdown can wait for them and then stop
//! those still running.

use std::future::Future;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use tokio::sync::{Notify, watch};

/// The item tasks of the POSTs one server took. [`serve_until`](crate::serve_until) hands one to
/// every request (as an extension); each item task registers with it, and watches it for the
/// order to stop.
#[derive(Clone)]
pub(crate) struct InFlight(Arc<Shared>);

struct Shared {
    running: AtomicUsize,
    /// Woken when the last running task ends.
    idle: Notify,
    /// `true` once the tasks still running must stop.
    stop: watch::Sender<bool>,
}

/// A task counted in its [`InFlight`] until dropped.
pub(crate) struct Running(Arc<Shared>);

impl Default for InFlight {
    fn default() -> Self {
        Self(Arc::new(Shared {
            running: AtomicUsize::new(0),
            idle: Notify::new(),
            stop: watch::Sender::new(false),
        }))
    }
}

impl InFlight {
    /// Counts one more task, until the guard is dropped.
    pub(crate) fn enter(&self) -> Running {
        self.0.running.fetch_add(1, Ordering::SeqCst);
        Running(Arc::clone(&self.0))
    }

    /// How many tasks are running.
    pub(crate) fn running(&self) -> usize {
        self.0.running.load(Ordering::SeqCst)
    }

    /// Completes once no task is running.
    pub(crate) async fn idle(&self) {
        loop {
            // Registered before the count is read, so that the last task's end wakes it.
            let ended = self.0.idle.notified();
            tokio::pin!(ended);
            ended.as_mut().enable();
            if self.running() == 0 {
                return;
            }
            ended.await;
        }
    }

    /// Orders the tasks still running to stop.
    pub(crate) fn stop(&self) {
        self.0.stop.send_replace(true);
    }

    /// Completes once [`stop`](Self::stop) was called (at once if it was already).
    pub(crate) fn stopped(&self) -> impl Future<Output = ()> + Send + 'static {
        let shared = Arc::clone(&self.0);
        async move {
            // The sender lives in `shared`, so the wait ends only on the order.
            let _ = shared.stop.subscribe().wait_for(|stop| *stop).await;
        }
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        if self.0.running.fetch_sub(1, Ordering::SeqCst) == 1 {
            self.0.idle.notify_waiters();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test(flavor = "current_thread")]
    async fn idle_waits_for_every_task_and_stop_reaches_each() {
        let in_flight = InFlight::default();
        in_flight.idle().await;
        let (first, second) = (in_flight.enter(), in_flight.enter());
        let stopped = tokio::spawn(in_flight.stopped());
        assert_eq!(in_flight.running(), 2);
        drop(first);
        let idle = tokio::spawn({
            let in_flight = in_flight.clone();
            async move { in_flight.idle().await }
        });
        tokio::task::yield_now().await;
        assert!(!idle.is_finished() && !stopped.is_finished());
        in_flight.stop();
        stopped.await.unwrap();
        drop(second);
        idle.await.unwrap();
        // An order given before a task looks still reaches it.
        in_flight.stopped().await;
    }
}
