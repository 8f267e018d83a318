//! indexer: builds the search index on a thread of its own, at a lower
//! priority, so that a save never waits for the index (seconds on a large
//! site). Only the newest job matters: a job queued but not started yet is
//! replaced by a newer one, and the rebuild loop drops results older than
//! the last job it handed out.

use super::search::{SearchDone, SearchJob};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{channel, Receiver};
use std::sync::{Arc, Condvar, Mutex};

#[derive(Default)]
struct Slot {
    job: Option<SearchJob>,
    stop: bool,
}

type Shared = Arc<(Mutex<Slot>, Condvar)>;

pub struct Indexer {
    slot: Shared,
    done: Receiver<SearchDone>,
    /// Set when a result waits in `done`, for a cheap check while waiting.
    ready: Arc<AtomicBool>,
}

impl Indexer {
    pub fn start() -> std::io::Result<Indexer> {
        let slot: Shared = Arc::default();
        let ready = Arc::new(AtomicBool::new(false));
        let (tx, done) = channel();
        let (thread_slot, thread_ready) = (slot.clone(), ready.clone());
        std::thread::Builder::new()
            .name("guidegen-search".into())
            .spawn(move || {
                // Below the rebuilds and the server.
                crate::render::lower_thread_priority();
                while let Some(job) = next_job(&thread_slot) {
                    if tx.send(job.run()).is_err() {
                        return;
                    }
                    thread_ready.store(true, Ordering::Release);
                }
            })?;
        Ok(Indexer { slot, done, ready })
    }

    /// Queues `job`, replacing a queued one that has not started.
    pub fn submit(&self, job: SearchJob) {
        let (lock, wake) = &*self.slot;
        lock.lock().unwrap_or_else(|p| p.into_inner()).job = Some(job);
        wake.notify_one();
    }

    /// Whether a finished job waits to be taken.
    pub fn ready(&self) -> bool {
        self.ready.load(Ordering::Acquire)
    }

    /// The next finished job, if any.
    pub fn take(&self) -> Option<SearchDone> {
        self.ready.store(false, Ordering::Release);
        let done = self.done.try_recv().ok();
        if done.is_some() {
            // More may wait behind it.
            self.ready.store(true, Ordering::Release);
        }
        done
    }
}

fn next_job(slot: &Shared) -> Option<SearchJob> {
    let (lock, wake) = &**slot;
    let mut state = lock.lock().unwrap_or_else(|p| p.into_inner());
    loop {
        if state.stop {
            return None;
        }
        if let Some(job) = state.job.take() {
            return Some(job);
        }
        state = wake.wait(state).unwrap_or_else(|p| p.into_inner());
    }
}

impl Drop for Indexer {
    fn drop(&mut self) {
        let (lock, wake) = &*self.slot;
        lock.lock().unwrap_or_else(|p| p.into_inner()).stop = true;
        wake.notify_one();
    }
}
