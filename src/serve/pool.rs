//! The pool for heavy work: it runs on the blocking thread pool, at most one task per CPU at
//! once, with a bounded queue behind them. When the queue is full the request is answered
//! 503 with `Retry-After` at once, so cheap requests (`/health`, counts by token, cached
//! answers) never wait behind a crowd of expensive ones. Streamed answers take a
//! [`StreamSlot`] each, of which there are a bounded number, and render each piece in the
//! same pool.

use std::sync::Arc;

use actix_web::web;
use tokio::sync::{OwnedSemaphorePermit, Semaphore};

use super::error::ApiError;

/// The bounded pool for heavy work.
#[derive(Debug)]
pub struct Pool {
    /// One permit per task allowed to run at once.
    running: Arc<Semaphore>,
    /// One permit per task allowed in the pool at all, running or waiting.
    admitted: Arc<Semaphore>,
    /// One permit per streamed answer allowed at once.
    streams: Arc<Semaphore>,
}

/// Streamed answers allowed at once unless `serve --max-streams` says otherwise. Each holds
/// about one piece of its body (at most about 1 MiB) and the record numbers of its page (4
/// bytes a record) while its client reads.
pub const DEFAULT_MAX_STREAMS: usize = 256;

impl Pool {
    /// A pool running `threads` tasks at once with `queue` more waiting.
    pub fn new(threads: usize, queue: usize) -> Pool {
        let threads = threads.max(1);
        Pool {
            running: Arc::new(Semaphore::new(threads)),
            admitted: Arc::new(Semaphore::new(threads + queue)),
            streams: Arc::new(Semaphore::new(DEFAULT_MAX_STREAMS)),
        }
    }

    /// The same pool, allowing `streams` streamed answers at once (at least one).
    pub fn with_max_streams(mut self, streams: usize) -> Pool {
        self.streams = Arc::new(Semaphore::new(streams.max(1)));
        self
    }

    /// A pool sized for this machine: one task per CPU, 64 waiting.
    pub fn for_this_machine() -> Pool {
        Pool::new(
            std::thread::available_parallelism().map_or(2, usize::from),
            64,
        )
    }

    /// Runs `work` on the blocking thread pool when its turn comes, or refuses it with
    /// [`ApiError::Busy`] when too many are waiting already. `what` names the request for
    /// the log if the work panics (a bug), which is answered like any handler panic.
    pub async fn run<T, F>(&self, what: impl Fn() -> String, work: F) -> Result<T, ApiError>
    where
        F: FnOnce() -> T + Send + 'static,
        T: Send + 'static,
    {
        let Ok(_admitted) = Arc::clone(&self.admitted).try_acquire_owned() else {
            return Err(ApiError::Busy);
        };
        let Ok(running) = Arc::clone(&self.running).acquire_owned().await else {
            return Err(ApiError::Busy);
        };
        // The permit goes with the work: if the request is dropped meanwhile, the CPU stays
        // taken until the work ends.
        web::block(move || {
            let _running = running;
            work()
        })
        .await
        .map_err(|_| {
            let what = what();
            tracing::error!("heavy work panicked while answering {what}");
            ApiError::Internal { what }
        })
    }

    /// A place for one streamed answer, held until its body is dropped (sent, or its client
    /// gone), or [`ApiError::TooManyStreams`] when all are taken: a crowd of clients that ask for big
    /// answers and read nothing holds a bounded amount of memory.
    pub fn stream_slot(&self) -> Result<StreamSlot, ApiError> {
        let held = Arc::clone(&self.streams)
            .try_acquire_owned()
            .map_err(|_| ApiError::TooManyStreams)?;
        Ok(StreamSlot {
            running: Arc::clone(&self.running),
            _held: held,
        })
    }
}

/// The right to stream one answer; renders its pieces in the pool.
#[derive(Debug)]
pub struct StreamSlot {
    running: Arc<Semaphore>,
    _held: OwnedSemaphorePermit,
}

impl StreamSlot {
    /// Runs `work` on the blocking thread pool when a CPU's turn comes (after the pieces and
    /// heavy work already waiting; an answer being sent is never refused). `None` if the
    /// work panicked.
    pub async fn run<T, F>(&self, work: F) -> Option<T>
    where
        F: FnOnce() -> T + Send + 'static,
        T: Send + 'static,
    {
        let running = Arc::clone(&self.running).acquire_owned().await.ok()?;
        web::block(move || {
            let _running = running;
            work()
        })
        .await
        .ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[actix_web::test]
    async fn a_full_queue_is_refused_at_once_and_work_runs_otherwise() {
        let pool = Arc::new(Pool::new(1, 1));
        let (release, wait) = std::sync::mpsc::channel::<()>();
        let wait = Arc::new(std::sync::Mutex::new(wait));
        // One task runs and blocks, one waits: the pool is full.
        let mut held = Vec::new();
        for _ in 0..2 {
            let (pool, wait) = (Arc::clone(&pool), Arc::clone(&wait));
            held.push(actix_web::rt::spawn(async move {
                pool.run(String::new, move || {
                    let _ = wait.lock().map(|w| w.recv());
                })
                .await
            }));
        }
        actix_web::rt::time::sleep(std::time::Duration::from_millis(100)).await;
        let refused = pool.run(String::new, || 1).await;
        assert!(matches!(refused, Err(ApiError::Busy)), "{refused:?}");
        for _ in 0..2 {
            release.send(()).unwrap();
        }
        for task in held {
            assert!(task.await.unwrap().is_ok());
        }
        assert_eq!(pool.run(String::new, || 7).await.unwrap(), 7);
    }

    #[actix_web::test]
    async fn stream_slots_are_bounded_and_come_back_when_dropped() {
        let pool = Pool::new(1, 0).with_max_streams(2);
        let first = pool.stream_slot().unwrap();
        let second = pool.stream_slot().unwrap();
        assert!(matches!(pool.stream_slot(), Err(ApiError::TooManyStreams)));
        // A slot's work runs even when the pool's queue (here none) is full.
        assert_eq!(first.run(|| 3).await, Some(3));
        assert_eq!(second.run(|| -> u8 { panic!("a bug") }).await, None);
        drop(first);
        assert!(pool.stream_slot().is_ok());
    }
}
