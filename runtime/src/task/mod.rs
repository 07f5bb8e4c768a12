//! Async primitives for linked crates: the shared one-shot future
//! ([`future`]), the stream with buffer hand-over ([`stream`]), the
//! `error-context` object ([`error_context`]) and the module's
//! single-threaded executor ([`executor`], with [`executor::Executor::call`],
//! the callee's side of an async call between crates).
//!
//! **Draft, not wired in.** These are the runtime objects of the async
//! draft of the ABI (`abi-spec/ASYNC.md`). Neither weld-bindgen nor weld-ld
//! uses them yet: WIT `async` functions, `stream<T>` and `future<T>` are
//! still rejected by the generator (SPEC.md section 15). Everything here is
//! `#[doc(hidden)]` and may change with the draft.
//!
//! What the objects are for: in one linear memory a stream or a future
//! between two crates needs no handle table and no copy. A handle is the
//! address of a shared object (as a resource handle is the address of its
//! representation); the writer's buffer *moves* to the reader; a task of
//! any crate is woken by a waker that points at the task, and one executor
//! runs every crate's tasks.
//!
//! Values inside the shared objects are in **canonical layout** (SPEC.md
//! section 2), not as a Rust type: the writing and the reading crate each
//! have their own Rust type for a WIT type (two crates' `Point` are two
//! Rust types), and only the canonical layout is common to both. [`Elem`]
//! converts; for plain types (SPEC.md, "Terms") it is the identity, so a
//! `Vec<u8>` crosses as is.
//!
//! What this module must not do: copy a buffer on the hand-over path, block
//! (there are no threads; waiting is returning `Pending`), or assume a
//! particular executor (any `Waker` works with the objects; the weld
//! executor is one user of them).

#[cfg(target_arch = "wasm32")]
pub mod api;
pub mod compound;
pub mod elem;
pub mod ends;
pub mod error_context;
pub mod executor;
pub mod future;
pub mod stream;

pub use elem::{Elem, ElemType, Plain, RawBuf};

use core::cell::Cell;
use core::ptr;
use core::task::{RawWaker, RawWakerVTable, Waker};

/// A registered waker in a shared object: the two words of a `Waker`
/// (`data`, `vtable`), `vtable` null when empty. Kept as raw words so that
/// the layout of the shared objects is fixed (`#[repr(C)]`) and the same in
/// every linked crate, which may each carry their own copy of the runtime.
#[repr(C)]
pub(crate) struct WakerCell {
    data: Cell<*const ()>,
    vtable: Cell<*const RawWakerVTable>,
}

impl WakerCell {
    /// An empty cell.
    pub(crate) const fn new() -> Self {
        WakerCell {
            data: Cell::new(ptr::null()),
            vtable: Cell::new(ptr::null()),
        }
    }

    /// Stores a clone of `waker`, dropping the waker stored before (if it
    /// is not the same one).
    pub(crate) fn register(&self, waker: &Waker) {
        if core::ptr::eq(self.vtable.get(), waker.vtable()) && self.data.get() == waker.data() {
            return;
        }
        let new = waker.clone();
        let old = self.take();
        self.data.set(new.data());
        self.vtable.set(new.vtable());
        core::mem::forget(new);
        drop(old);
    }

    /// Takes the stored waker out, leaving the cell empty.
    pub(crate) fn take(&self) -> Option<Waker> {
        let vtable = self.vtable.replace(ptr::null());
        if vtable.is_null() {
            return None;
        }
        let data = self.data.replace(ptr::null());
        // SAFETY: `data` and `vtable` are the parts of a `Waker` that
        // `register` forgot, so rebuilding it takes over that ownership
        // exactly once (the cell is now empty).
        Some(unsafe { Waker::from_raw(RawWaker::new(data, &*vtable)) })
    }

    /// Wakes and empties the cell (nothing if it is empty).
    pub(crate) fn wake(&self) {
        if let Some(w) = self.take() {
            w.wake();
        }
    }
}

impl Drop for WakerCell {
    fn drop(&mut self) {
        drop(self.take());
    }
}
