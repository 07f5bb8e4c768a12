//! Small pieces for driving component-model-async calls from a test:
//! [`block_on`] runs wasmtime's futures (`instantiate_async`,
//! `Store::run_concurrent`) on the test's thread, and [`suspend`] lets a
//! concurrent host function (`func_wrap_concurrent`) really suspend
//! before it answers, so the guest sees a pending call.

use std::future::Future;
use std::pin::pin;
use std::sync::Arc;
use std::task::{Context, Poll, Wake, Waker};

/// Runs `f` to completion on this thread, parking between polls.
pub fn block_on<F: Future>(f: F) -> F::Output {
    struct Unpark(std::thread::Thread);
    impl Wake for Unpark {
        fn wake(self: Arc<Self>) {
            self.0.unpark();
        }
    }
    let waker = Waker::from(Arc::new(Unpark(std::thread::current())));
    let mut cx = Context::from_waker(&waker);
    let mut f = pin!(f);
    loop {
        if let Poll::Ready(v) = f.as_mut().poll(&mut cx) {
            return v;
        }
        std::thread::park();
    }
}

/// Pending `n` times (waking itself each time), then ready: a host
/// function awaiting it answers after `n` turns of wasmtime's event loop.
pub async fn suspend(n: u32) {
    struct Yield(u32);
    impl Future for Yield {
        type Output = ();
        fn poll(mut self: std::pin::Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
            if self.0 == 0 {
                return Poll::Ready(());
            }
            self.0 -= 1;
            cx.waker().wake_by_ref();
            Poll::Pending
        }
    }
    Yield(n).await
}
