//! What guests and generated bindings call for async (ASYNC.md sections 4
//! and 10), over the module's one executor: wit-bindgen's helpers under
//! weld's names (`weld::rt::block_on`, `spawn_local`, `spawn`,
//! `yield_async`), and the
//! two halves of an `[async]f` call between linked crates
//! ([`async_export`], the callee's; [`async_result`], the caller's).
//!
//! wasm32 only: the module executor is a static of a single-threaded
//! module. Must not: block (waiting is returning `Pending`), or interpret
//! a result it moves (generated [`Elem`] impls do that).

use super::Elem;
use super::executor::{Call, Executor};
use super::future::FutureReader;
use crate::rust_alloc::rc::Rc;
use core::cell::RefCell;
use core::future::Future;
use core::pin::Pin;
use core::task::{Context, Poll, Waker};

/// Runs `future` to completion on the module's executor, running every
/// linked crate's tasks while it waits (wit-bindgen's `block_on`).
///
/// While nothing is runnable it takes the host's events
/// (`host::park`, once the module uses the host boundary): in an async export call it blocks in
/// `[waitable-set-wait]` for the events of the call's waitable set; in a
/// synchronous export it only picks up events that already arrived
/// (wasmtime 48 traps on blocking there, ASYNC.md section 15).
///
/// # Panics
/// When the future waits for something no task or host event will ever
/// deliver (the executor stalled), with a message saying so, and saying
/// when the cause is a synchronous export waiting for the host.
pub fn block_on<F: Future>(future: F) -> F::Output {
    let _driving = super::host::Driving::start();
    let park = || {
        if super::host::park_if_used() {
            return true;
        }
        // Stalled waiting for the host in a synchronous export: say so
        // before the future is dropped. Dropping it cancels its pending
        // host calls (`[subtask-cancel]`), which wasmtime 48 traps on in a
        // synchronous task before any message could be printed.
        if let Some(message) = super::host::sync_stall() {
            panic!("{message}");
        }
        false
    };
    match Executor::module().block_on_with(future, park) {
        Ok(v) => v,
        Err(stalled) => panic!("{}", super::host::stall_message(stalled)),
    }
}

/// Spawns `future` as a task on the module's executor (wit-bindgen's
/// `spawn`): it runs whenever the executor runs, in `block_on` or while a
/// linked crate's async call is being driven.
pub fn spawn(future: impl Future<Output = ()> + 'static) {
    Executor::module().spawn(future);
}

/// Spawns `future` as a task on the module's executor and returns a
/// handle to its result (wit-bindgen's `spawn_local`): awaiting the handle
/// gives `Some(value)`, or `None` if the task was dropped before it
/// finished; dropping the handle lets the task run on, detached.
pub fn spawn_local<T: 'static>(future: impl Future<Output = T> + 'static) -> JoinHandle<T> {
    let shared = Rc::new(RefCell::new(Joined {
        value: None,
        finished: false,
        waker: None,
    }));
    let guard = Finish(shared.clone());
    spawn(async move {
        let value = future.await;
        guard.0.borrow_mut().value = Some(value);
        drop(guard);
    });
    JoinHandle { shared }
}

/// What a spawned task shares with its [`JoinHandle`].
struct Joined<T> {
    value: Option<T>,
    finished: bool,
    waker: Option<Waker>,
}

/// Marks the task finished (with or without a value) when dropped: when
/// its future completes, or when the task is dropped unfinished.
struct Finish<T>(Rc<RefCell<Joined<T>>>);

impl<T> Drop for Finish<T> {
    fn drop(&mut self) {
        let waker = {
            let mut j = self.0.borrow_mut();
            j.finished = true;
            j.waker.take()
        };
        if let Some(w) = waker {
            w.wake();
        }
    }
}

/// The result of a task started by [`spawn_local`].
pub struct JoinHandle<T> {
    shared: Rc<RefCell<Joined<T>>>,
}

impl<T> Future for JoinHandle<T> {
    type Output = Option<T>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<T>> {
        let mut j = self.shared.borrow_mut();
        if j.finished {
            return Poll::Ready(j.value.take());
        }
        j.waker = Some(cx.waker().clone());
        Poll::Pending
    }
}

/// Yields once to the other tasks (wit-bindgen's `yield_async`): pending
/// once, waking itself, then ready.
pub fn yield_async() -> YieldAsync {
    YieldAsync { yielded: false }
}

/// The future of [`yield_async`].
#[derive(Debug)]
pub struct YieldAsync {
    yielded: bool,
}

impl Future for YieldAsync {
    type Output = ();

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        if self.yielded {
            return Poll::Ready(());
        }
        self.yielded = true;
        cx.waker().wake_by_ref();
        Poll::Pending
    }
}

/// The callee's side of `[async]f` (ASYNC.md section 4): runs `future` as
/// a task on the module's executor and polls it once. Returned: the value
/// is lowered into `retptr` and the entry point returns 0. Pending: the
/// entry point returns the readable end of the future the task will write.
///
/// # Safety
/// `retptr` must be valid for writes of `T::TYPE.size` bytes, aligned (or
/// anything when `T` is `()`).
pub unsafe fn async_export<T, F>(future: F, retptr: *mut u8) -> i32
where
    T: Elem + 'static,
    F: Future<Output = T> + 'static,
{
    match Executor::module().call(future) {
        Call::Returned(v) => {
            // SAFETY: the caller's return area (the function's contract).
            unsafe { T::lower_one(v, retptr) };
            0
        }
        Call::Pending(reader) => reader.into_handle() as i32,
    }
}

/// The caller's side of `[async]f`: the result of a call that returned
/// `status` (0: the value is in `retptr`, lifted now; else the readable
/// end of the result's future), as a future of the value.
///
/// # Safety
/// As the ABI states it: on 0, `retptr` holds an owned lowered `T`; else
/// `status` is a reader handle of a future of `T`, taken over here.
pub unsafe fn async_result<T: Elem>(status: i32, retptr: *mut u8) -> AsyncResult<T> {
    if status == 0 {
        // SAFETY: the callee returned: the area holds an owned value.
        return AsyncResult::Ready(Some(unsafe { T::lift_one(retptr) }));
    }
    // SAFETY: a pending call's result future, moved to the caller.
    AsyncResult::Pending(unsafe { FutureReader::from_handle(status as u32 as usize) })
}

/// The future of [`async_result`]. Dropping it while pending cancels the
/// call: the callee's task is dropped before the drop returns (ASYNC.md
/// section 8).
pub enum AsyncResult<T: Elem> {
    /// The call returned at once.
    Ready(Option<T>),
    /// The call is pending.
    Pending(FutureReader<T>),
}

impl<T: Elem> Unpin for AsyncResult<T> {}

impl<T: Elem> Future for AsyncResult<T> {
    type Output = T;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<T> {
        match self.get_mut() {
            AsyncResult::Ready(v) => Poll::Ready(
                v.take()
                    .expect("weld: async result polled after it completed"),
            ),
            AsyncResult::Pending(r) => match Pin::new(r).poll(cx) {
                Poll::Ready(Some(v)) => Poll::Ready(v),
                Poll::Ready(None) => panic!(
                    "weld: the task of an async call between linked crates ended without writing its result"
                ),
                Poll::Pending => Poll::Pending,
            },
        }
    }
}
