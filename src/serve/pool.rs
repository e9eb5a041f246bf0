//! The pool for heavy work: it runs on the blocking thread pool, at most one task per CPU at
//! once, with a bounded queue behind them. When the queue is full the request is answered
//! 503 with `Retry-After` at once, so cheap requests (`/health`, counts by token, cached
//! answers) never wait behind a crowd of expensive ones.

use std::sync::Arc;

use actix_web::web;
use tokio::sync::Semaphore;

use super::error::ApiError;

/// The bounded pool for heavy work.
#[derive(Debug)]
pub struct Pool {
    /// One permit per task allowed to run at once.
    running: Arc<Semaphore>,
    /// One permit per task allowed in the pool at all, running or waiting.
    admitted: Arc<Semaphore>,
}

impl Pool {
    /// A pool running `threads` tasks at once with `queue` more waiting.
    pub fn new(threads: usize, queue: usize) -> Pool {
        let threads = threads.max(1);
        Pool {
            running: Arc::new(Semaphore::new(threads)),
            admitted: Arc::new(Semaphore::new(threads + queue)),
        }
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
        let Ok(_running) = Arc::clone(&self.running).acquire_owned().await else {
            return Err(ApiError::Busy);
        };
        web::block(work).await.map_err(|_| {
            let what = what();
            tracing::error!("heavy work panicked while answering {what}");
            ApiError::Internal { what }
        })
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
}
