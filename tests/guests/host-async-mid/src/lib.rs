//! Exports `relay`, whose async function awaits two async functions the
//! host implements: a task of this crate waits on the host's subtasks
//! through the importer's host adapters (abi-spec/ASYNC.md section 11).

#[weld::shared_world(path = "../host-async-wit", world = "mid-provider")]
mod bindings {}

use bindings::exports::test::host_async::relay::Guest;
use bindings::test::host_async::host_io;
use std::future::Future;
use std::sync::atomic::{AtomicU32, Ordering};
use std::task::{Context, Poll, Waker};

struct Mid;

static PENDING_SEEN: AtomicU32 = AtomicU32::new(0);

impl Guest for Mid {
    async fn relay(s: String, yields: u32) -> String {
        let mut call = Box::pin(host_io::reverse_later(s, yields));
        // Poll once by hand: still pending means the host suspended.
        let first = call.as_mut().poll(&mut Context::from_waker(Waker::noop()));
        let reversed = match first {
            Poll::Ready(v) => v,
            Poll::Pending => {
                PENDING_SEEN.fetch_add(1, Ordering::Relaxed);
                call.await
            }
        };
        host_io::tick(yields).await;
        format!("{reversed}!")
    }

    fn pending_seen() -> u32 {
        PENDING_SEEN.load(Ordering::Relaxed)
    }
}

bindings::export!(Mid with_types_in bindings);
