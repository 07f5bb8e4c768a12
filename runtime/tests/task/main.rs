//! Host tests of the async primitives of the runtime (`weld::task`): the
//! shared future slot, the stream with buffer hand-over, the executor, and
//! a 64 MiB three-crate pipeline. Every test counts this thread's
//! allocations ([`counting`]) and asserts that nothing is left live.

mod compound;
mod counting;
mod ends;
mod error_context;
mod executor;
mod future;
mod host;
mod pipeline;
mod props;
mod stream;

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::task::{Wake, Waker};

/// A waker that counts its wakes.
struct CountingWaker(AtomicUsize);

impl Wake for CountingWaker {
    fn wake(self: Arc<Self>) {
        self.0.fetch_add(1, Ordering::Relaxed);
    }
    fn wake_by_ref(self: &Arc<Self>) {
        self.0.fetch_add(1, Ordering::Relaxed);
    }
}

/// A counting waker and the `Waker` for it.
fn counting_waker() -> (Arc<CountingWaker>, Waker) {
    let c = Arc::new(CountingWaker(AtomicUsize::new(0)));
    (c.clone(), Waker::from(c))
}

/// Wakes counted so far.
fn wakes(c: &CountingWaker) -> usize {
    c.0.load(Ordering::Relaxed)
}
