//! The host adapter of an unprovided async import (ASYNC.md section 11):
//! the runtime half of the `weld1|<key>|[async-host:<crate>/<world>]f` functions
//! that generated bindings define. The generated half lowers the
//! parameters for the Canonical ABI's `[async-lower]f` and calls it
//! through the closure it passes here; this module owns the result area,
//! releases the parameters once the host has read them, and turns a call
//! that did not return at once into a weld future (section 4's pending
//! result), written by a task that waits for the host's subtask events.
//!
//! wasm32 only (the host's built-ins). Must not: interpret the values it
//! moves (the generated [`Elem`] impls do), or keep the caller's return
//! area past the call.

use super::Elem;
use super::executor::{Call, Executor};
use super::host;
use crate::rust_alloc::alloc::{Layout, alloc, dealloc};
use core::future::Future;
use core::marker::PhantomData;
use core::pin::Pin;
use core::task::{Context, Poll};

use host::{STATUS_RETURNED, STATUS_STARTED};

/// Bits of the status below the subtask handle
/// (`weld_abi::asynchronous::split_status`).
const STATUS_BITS: u32 = 4;

/// An area of `T`'s canonical size and alignment from the module's
/// allocator (null when `T` has size 0).
fn alloc_area<T: Elem>() -> *mut u8 {
    let ty = T::TYPE;
    if ty.size == 0 {
        return core::ptr::null_mut();
    }
    // SAFETY: non-zero size; `ElemType` alignments are powers of two.
    let ptr = unsafe { alloc(Layout::from_size_align_unchecked(ty.size, ty.align)) };
    assert!(
        !ptr.is_null(),
        "weld: out of memory for an async call's result"
    );
    ptr
}

/// Frees an area from [`alloc_area`] (its value moved out).
///
/// # Safety
/// `ptr` must come from `alloc_area::<T>()` and not be freed yet.
unsafe fn free_area<T: Elem>(ptr: *mut u8) {
    let ty = T::TYPE;
    if ty.size != 0 {
        // SAFETY: allocated with exactly this layout.
        unsafe { dealloc(ptr, Layout::from_size_align_unchecked(ty.size, ty.align)) }
    }
}

/// The host adapter's call of `[async-lower]f` (ASYNC.md section 11),
/// returning what `[async]f` returns (section 4).
///
/// `call` calls the import with the lowered parameters and the result area
/// it is given (a new area of `T`'s canonical layout, ignored when `f` has
/// no result) and returns the import's `status | subtask << 4`.
/// `release` frees what the lowered parameters own; it runs as soon as the
/// host has read them (status `STARTED` or `RETURNED`). `convert` runs on
/// the result area once the host wrote it, before the value moves: it
/// replaces the Canonical end of a future or stream result with a weld
/// one (`weld::task::host_streams`).
///
/// - `RETURNED`: the result moves to `retptr` and this returns 0.
/// - otherwise: a task waits for the subtask's events, then moves the
///   result into a new future, whose readable end this returns.
///
/// # Safety
/// `retptr` must be valid for writes of `T::TYPE.size` bytes, aligned;
/// `call` must call the import as described, and `release` must free
/// exactly what the parameters it lowered own.
pub unsafe fn host_call<T: Elem + 'static>(
    retptr: *mut u8,
    call: impl FnOnce(*mut u8) -> i32,
    release: impl FnOnce() + 'static,
    convert: impl FnOnce(*mut u8) + 'static,
) -> i32 {
    let area = alloc_area::<T>();
    let code = call(area) as u32;
    let (status, subtask) = (code & ((1 << STATUS_BITS) - 1), code >> STATUS_BITS);
    if status == STATUS_RETURNED {
        release();
        convert(area);
        if T::TYPE.size != 0 {
            // SAFETY: the host wrote an owned lowered value into `area`; it
            // moves (bitwise) to the caller's area of the same layout.
            unsafe { core::ptr::copy_nonoverlapping(area, retptr, T::TYPE.size) };
        }
        // SAFETY: from `alloc_area`, its value moved out.
        unsafe { free_area::<T>(area) };
        return 0;
    }
    let mut call = PendingCall::<T, _, _> {
        subtask,
        area,
        release: Some(release),
        convert: Some(convert),
        done: false,
        _t: PhantomData,
    };
    if status == STATUS_STARTED {
        call.released();
    }
    let waiting = Waiting { wait: None, call };
    match Executor::module().call(waiting) {
        Call::Returned(v) => {
            // SAFETY: the caller's return area (the function's contract).
            unsafe { T::lower_one(v, retptr) };
            0
        }
        Call::Pending(reader) => reader.into_handle() as i32,
    }
}

/// The task of a pending host call: waits for the subtask's events until it
/// returned. Its `Wait` is dropped before the [`PendingCall`] guard (a
/// blocking `[subtask-cancel]` traps while the subtask is in a set).
struct Waiting<T: Elem, R: FnOnce(), C: FnOnce(*mut u8)> {
    wait: Option<host::Wait>,
    call: PendingCall<T, R, C>,
}

impl<T: Elem, R: FnOnce(), C: FnOnce(*mut u8)> Unpin for Waiting<T, R, C> {}

impl<T: Elem, R: FnOnce(), C: FnOnce(*mut u8)> Future for Waiting<T, R, C> {
    type Output = T;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<T> {
        let this = &mut *self;
        loop {
            let subtask = this.call.subtask;
            let wait = this.wait.get_or_insert_with(|| host::wait(subtask));
            let Poll::Ready(event) = Pin::new(wait).poll(cx) else {
                return Poll::Pending;
            };
            this.wait = None;
            if event.code >= STATUS_STARTED {
                this.call.released();
            }
            if event.code == STATUS_RETURNED {
                return Poll::Ready(this.call.finish());
            }
        }
    }
}

impl<T: Elem, R: FnOnce(), C: FnOnce(*mut u8)> Drop for Waiting<T, R, C> {
    fn drop(&mut self) {
        // Unregisters the wait and takes the subtask out of its set, before
        // `call` (dropped after this) cancels it.
        self.wait = None;
    }
}

/// A host subtask in flight: its result area, the parameters to release
/// once the host read them, and the result's conversion. Dropped before
/// the subtask returned (the caller dropped the pending result, which
/// cancels the waiting task, ASYNC.md section 8), it cancels the subtask
/// (`[subtask-cancel]`), frees a result that arrived meanwhile and the
/// parameters, and drops the subtask.
struct PendingCall<T: Elem, R: FnOnce(), C: FnOnce(*mut u8)> {
    subtask: u32,
    area: *mut u8,
    release: Option<R>,
    convert: Option<C>,
    done: bool,
    _t: PhantomData<T>,
}

impl<T: Elem, R: FnOnce(), C: FnOnce(*mut u8)> PendingCall<T, R, C> {
    /// The host read the parameters: frees what they own (once).
    fn released(&mut self) {
        if let Some(r) = self.release.take() {
            r();
        }
    }

    /// The subtask returned: drops it and moves the result out.
    fn finish(&mut self) -> T {
        self.done = true;
        host::subtask_drop(self.subtask);
        if let Some(c) = self.convert.take() {
            c(self.area);
        }
        // SAFETY: the subtask returned: `area` holds an owned lowered
        // value, which moves out; then the area is freed.
        unsafe {
            let value = T::lift_one(self.area);
            free_area::<T>(self.area);
            value
        }
    }
}

impl<T: Elem, R: FnOnce(), C: FnOnce(*mut u8)> Drop for PendingCall<T, R, C> {
    fn drop(&mut self) {
        if self.done {
            return;
        }
        // The `Wait` of the task (dropped before this guard) took the
        // subtask out of its waitable set, as a blocking cancel requires.
        let status = host::subtask_cancel(self.subtask);
        if status == STATUS_RETURNED {
            drop(self.finish());
            self.released();
            return;
        }
        self.released();
        host::subtask_drop(self.subtask);
        // SAFETY: no value was written (the subtask was cancelled).
        unsafe { free_area::<T>(self.area) };
    }
}

/// [`host_call`] for a function whose parameters do not fit the
/// async-lowered call's flat parameters (more than
/// `MAX_FLAT_ASYNC_PARAMS`): `params` (the parameters as one record, `P`'s
/// canonical layout is the parameters' record layout) moves into a new
/// area, whose address `call` passes to the import before the result area.
///
/// # Safety
/// As for [`host_call`].
pub unsafe fn host_call_indirect<T: Elem + 'static, P: Elem + 'static>(
    params: P,
    retptr: *mut u8,
    call: impl FnOnce(*mut u8, *mut u8) -> i32,
    convert: impl FnOnce(*mut u8) + 'static,
) -> i32 {
    let area = alloc_area::<P>();
    // SAFETY: a fresh area of `P`'s layout.
    unsafe { P::lower_one(params, area) };
    let release = move || {
        // SAFETY: the host read the parameters; they are still owned here,
        // dropped once, then the area is freed.
        unsafe {
            (P::TYPE.drop_elems)(area, 1);
            free_area::<P>(area);
        }
    };
    // SAFETY: forwarded.
    unsafe { host_call::<T>(retptr, |ret| call(area, ret), release, convert) }
}
