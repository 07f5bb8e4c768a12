//! `future<T>` between linked crates: one shared one-shot slot.
//!
//! A future is one allocation, [`FutureObj`], followed by room for one
//! value in canonical layout. Both ends point at it: the handle that
//! crosses a boundary is its address (ASYNC.md, "Futures"). The writer
//! lowers its value into the slot and wakes the reader; the reader lifts it
//! out (a move: nothing is copied but the value's own flat bytes) and wakes
//! the writer. Whichever end goes last frees the object, and with it an
//! unread value.
//!
//! Ends: [`FutureWriter`] (`write` waits until the reader took the value or
//! went away, `send` does not wait) and [`FutureReader`] (a Rust `Future`
//! of `Option<T>`: `None` when the writer went away without writing).

use super::{Elem, ElemType, WakerCell};
use crate::rust_alloc::alloc::{Layout, alloc, dealloc, handle_alloc_error};
use core::cell::Cell;
use core::future::Future;
use core::marker::PhantomData;
use core::pin::Pin;
use core::ptr::NonNull;
use core::task::{Context, Poll};

/// A value is in the slot (written and not yet taken).
const FULL: u32 = 1;
/// The reader took the value.
const TAKEN: u32 = 2;
/// The reader end was dropped.
const READER_GONE: u32 = 4;
/// The writer end was dropped.
const WRITER_GONE: u32 = 8;

/// The shared object of a `future<T>`: this header, then one value of the
/// element type in canonical layout at [`FutureObj::value_offset`].
#[repr(C)]
pub struct FutureObj {
    /// Ends alive (2, 1, then 0: freed).
    refs: Cell<u32>,
    /// `FULL`, `TAKEN`, `READER_GONE`, `WRITER_GONE`.
    state: Cell<u32>,
    /// The element type, supplied by the crate that created the future.
    elem: &'static ElemType,
    /// Woken when a value arrives or the writer goes.
    reader: WakerCell,
    /// Woken when the value is taken or the reader goes.
    writer: WakerCell,
    /// Called with `cancel_data` when the reader goes before a value was
    /// written: cancels the producer (the task of a pending call,
    /// ASYNC.md section 8). Null: no producer to cancel.
    cancel_fn: Cell<Option<CancelFn>>,
    /// The argument of `cancel_fn` (for a call: its task, holding a
    /// reference that the call to `cancel_fn` gives up).
    cancel_data: Cell<*const ()>,
}

/// A producer's cancel hook: `(data, cancel)`; `cancel` is false when the
/// value was already written or taken and the hook only gives up `data`.
pub type CancelFn = unsafe fn(data: *const (), cancel: bool);

// The layout on wasm32 is part of the draft ABI (ASYNC.md, "Futures").
#[cfg(target_pointer_width = "32")]
const _: () = assert!(size_of::<FutureObj>() == 36 && align_of::<FutureObj>() == 4);

impl FutureObj {
    /// Layout of the whole object for `elem`, and the value's offset.
    fn layout(elem: &ElemType) -> (Layout, usize) {
        let value = Layout::from_size_align(elem.size, elem.align.max(1))
            .unwrap_or_else(|_| Layout::new::<u8>());
        Layout::new::<FutureObj>()
            .extend(value)
            .map(|(l, off)| (l.pad_to_align(), off))
            .unwrap_or_else(|_| handle_alloc_error(Layout::new::<FutureObj>()))
    }

    /// Offset of the value from the start of the object.
    pub fn value_offset(elem: &ElemType) -> usize {
        Self::layout(elem).1
    }

    /// A new future of `elem` values with both ends alive.
    fn create(elem: &'static ElemType) -> NonNull<FutureObj> {
        let (layout, _) = Self::layout(elem);
        // SAFETY: the layout is at least the header's size (non-zero).
        let p = unsafe { alloc(layout) }.cast::<FutureObj>();
        let Some(p) = NonNull::new(p) else {
            handle_alloc_error(layout)
        };
        // SAFETY: `p` is a fresh allocation large and aligned enough.
        unsafe {
            p.write(FutureObj {
                refs: Cell::new(2),
                state: Cell::new(0),
                elem,
                reader: WakerCell::new(),
                writer: WakerCell::new(),
                cancel_fn: Cell::new(None),
                cancel_data: Cell::new(core::ptr::null()),
            })
        };
        p
    }

    /// The value's address. Derived from the allocation's pointer, not
    /// from a reference to the header, so that it may be used for the
    /// bytes past the header.
    fn value(this: NonNull<FutureObj>) -> *mut u8 {
        // SAFETY: `this` is live (the caller holds an end).
        let elem = unsafe { this.as_ref() }.elem;
        // SAFETY: the object was allocated with room for the value there.
        unsafe { this.as_ptr().cast::<u8>().add(Self::value_offset(elem)) }
    }

    fn has(&self, bit: u32) -> bool {
        self.state.get() & bit != 0
    }

    /// The producer answered (wrote or went): its cancel hook is no
    /// longer needed and gives up what it holds now.
    fn answered(&self) {
        if let Some(f) = self.cancel_fn.take() {
            // SAFETY: the hook's contract (`set_cancel_hook`); `false`: no
            // cancellation, only the release of its data.
            unsafe { f(self.cancel_data.get(), false) }
        }
    }

    fn set(&self, bit: u32) {
        self.state.set(self.state.get() | bit);
    }

    /// Gives up one end; the last one frees the object and an unread value.
    ///
    /// # Safety
    /// `this` must be live and the caller must own one of its ends.
    unsafe fn release(this: NonNull<FutureObj>) {
        // SAFETY: live (the caller's end keeps it so).
        let obj = unsafe { this.as_ref() };
        let refs = obj.refs.get() - 1;
        obj.refs.set(refs);
        if refs != 0 {
            return;
        }
        if obj.has(FULL) {
            // SAFETY: a value written and never taken is owned by the slot.
            unsafe { (obj.elem.drop_elems)(FutureObj::value(this), 1) };
        }
        let (layout, _) = Self::layout(obj.elem);
        // SAFETY: no end is left; drop the wakers, then free the memory
        // allocated in `create` with this layout.
        unsafe {
            this.as_ptr().drop_in_place();
            dealloc(this.as_ptr().cast(), layout);
        }
    }
}

/// Creates a future of `T`: the writable and the readable end.
pub fn future_new<T: Elem>() -> (FutureWriter<T>, FutureReader<T>) {
    let obj = FutureObj::create(T::TYPE);
    (
        FutureWriter {
            obj,
            _t: PhantomData,
        },
        FutureReader {
            obj: Some(obj),
            _t: PhantomData,
        },
    )
}

/// The writable end of a future.
pub struct FutureWriter<T: Elem> {
    obj: NonNull<FutureObj>,
    _t: PhantomData<T>,
}

impl<T: Elem> FutureWriter<T> {
    fn obj(&self) -> &FutureObj {
        // SAFETY: this end keeps the object alive.
        unsafe { self.obj.as_ref() }
    }

    /// Puts `value` in the slot and wakes the reader, without waiting:
    /// the value is the slot's now (if the reader is already gone, the
    /// value is dropped here). The writer end goes away.
    pub fn send(self, value: T) {
        let obj = self.obj();
        if obj.has(READER_GONE) {
            drop(value);
        } else {
            // SAFETY: the slot is empty (a writer writes once: `send` and
            // `write` consume it) and has room for one lowered value.
            unsafe { T::lower_one(value, FutureObj::value(self.obj)) };
            obj.set(FULL);
            obj.reader.wake();
            obj.answered();
        }
    }

    /// Puts `value` in the slot and waits until the reader took it
    /// (`Ok(())`) or went away without taking it (`Err(value)`: the value
    /// comes back). Dropping the returned future before then leaves the
    /// value in the slot for the reader, as [`send`](Self::send) does.
    pub fn write(self, value: T) -> FutureWrite<T> {
        let obj = self.obj();
        let back = if obj.has(READER_GONE) {
            Some(value)
        } else {
            // SAFETY: as in `send`.
            unsafe { T::lower_one(value, FutureObj::value(self.obj)) };
            obj.set(FULL);
            obj.reader.wake();
            obj.answered();
            None
        };
        FutureWrite { end: self, back }
    }

    /// Whether the reader end has been dropped.
    pub fn reader_gone(&self) -> bool {
        self.obj().has(READER_GONE)
    }

    /// Ready once the reader end has been dropped; otherwise registers
    /// `cx`'s waker (poll it only while no write is pending).
    pub fn poll_reader_gone(&self, cx: &mut Context<'_>) -> Poll<()> {
        let obj = self.obj();
        if obj.has(READER_GONE) {
            return Poll::Ready(());
        }
        obj.writer.register(cx.waker());
        Poll::Pending
    }

    /// The handle: the object's address.
    pub fn handle(&self) -> usize {
        self.obj.as_ptr().expose_provenance()
    }
}

impl<T: Elem> Drop for FutureWriter<T> {
    fn drop(&mut self) {
        let obj = self.obj();
        obj.set(WRITER_GONE);
        obj.reader.wake();
        drop(obj.writer.take());
        obj.answered();
        // SAFETY: this end owns one reference and is going away.
        unsafe { FutureObj::release(self.obj) }
    }
}

/// The pending write of [`FutureWriter::write`].
pub struct FutureWrite<T: Elem> {
    end: FutureWriter<T>,
    back: Option<T>,
}

/// What [`FutureWrite::cancel`] found.
pub enum WriteCancel<T: Elem> {
    /// The reader took the value before the cancel.
    Sent,
    /// The reader went away without taking it: the value comes back.
    Dropped(T),
    /// The value was still in the slot: it comes back with the writer,
    /// which may write again.
    Cancelled(T, FutureWriter<T>),
}

impl<T: Elem> FutureWrite<T> {
    /// Cancels the write: takes the value back out of the slot unless the
    /// reader already took it.
    pub fn cancel(self) -> WriteCancel<T> {
        let FutureWrite { end, back } = self;
        if let Some(v) = back {
            return WriteCancel::Dropped(v);
        }
        let obj = end.obj();
        if obj.has(TAKEN) || !obj.has(FULL) {
            return WriteCancel::Sent;
        }
        obj.state.set(obj.state.get() & !FULL);
        // SAFETY: the value was written and not taken (`FULL` was set and
        // is cleared first): it moves back to the writer exactly once.
        let v = unsafe { T::lift_one(FutureObj::value(end.obj)) };
        if obj.has(READER_GONE) {
            WriteCancel::Dropped(v)
        } else {
            WriteCancel::Cancelled(v, end)
        }
    }
}

impl<T: Elem> Unpin for FutureWrite<T> {}

impl<T: Elem> Future for FutureWrite<T> {
    type Output = Result<(), T>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let this = self.get_mut();
        if let Some(v) = this.back.take() {
            return Poll::Ready(Err(v));
        }
        let obj = this.end.obj();
        if obj.has(TAKEN) {
            return Poll::Ready(Ok(()));
        }
        if obj.has(READER_GONE) && obj.has(FULL) {
            obj.state.set(obj.state.get() & !FULL);
            // SAFETY: the value was written, not taken, and the reader is
            // gone: it moves back to the writer.
            return Poll::Ready(Err(unsafe { T::lift_one(FutureObj::value(this.end.obj)) }));
        }
        obj.writer.register(cx.waker());
        Poll::Pending
    }
}

/// The readable end of a future: `.await` it for the value.
pub struct FutureReader<T: Elem> {
    obj: Option<NonNull<FutureObj>>,
    _t: PhantomData<T>,
}

impl<T: Elem> Unpin for FutureReader<T> {}

impl<T: Elem> FutureReader<T> {
    /// The handle: the object's address (0 after the value was read).
    pub fn handle(&self) -> usize {
        self.obj.map_or(0, |p| p.as_ptr().expose_provenance())
    }

    /// Gives up this end as a handle (the object's address, 0 after the
    /// value was read) without dropping it: what crosses a boundary.
    pub fn into_handle(self) -> usize {
        let h = self.handle();
        core::mem::forget(self);
        h
    }

    /// Takes over the readable end whose handle crossed a boundary (0: an
    /// end whose value was already read).
    ///
    /// # Safety
    /// `handle` must come from [`into_handle`](Self::into_handle) of a
    /// reader of a future of the same WIT element type (`T`'s canonical
    /// layout), and be taken over exactly once.
    pub unsafe fn from_handle(handle: usize) -> Self {
        FutureReader {
            obj: NonNull::new(core::ptr::with_exposed_provenance_mut(handle)),
            _t: PhantomData,
        }
    }

    /// Whether the writer end has been dropped.
    pub fn writer_gone(&self) -> bool {
        // SAFETY: this end keeps the object alive while it holds it.
        self.obj
            .is_none_or(|p| unsafe { p.as_ref() }.has(WRITER_GONE))
    }

    /// Installs the producer's cancel hook (see [`CancelFn`]); it is
    /// called exactly once: when the writer writes or goes (not
    /// cancelling), or when this end goes first (cancelling).
    ///
    /// # Safety
    /// `cancel(data, _)` must be sound to call once, at any point while
    /// this end is being dropped, and must not touch this end.
    pub(crate) unsafe fn set_cancel_hook(&self, cancel: CancelFn, data: *const ()) {
        if let Some(p) = self.obj {
            // SAFETY: this end keeps the object alive.
            let obj = unsafe { p.as_ref() };
            obj.cancel_fn.set(Some(cancel));
            obj.cancel_data.set(data);
        }
    }

    /// Gives up this end, as dropping it does. If a producer's cancel hook
    /// is installed, it runs after this end let go of the object, with
    /// `cancel` true when no value was written (the producer may then drop
    /// the writer, which frees the object).
    fn close(&mut self) {
        if let Some(p) = self.obj.take() {
            // SAFETY: this end keeps the object alive until `release`.
            let obj = unsafe { p.as_ref() };
            let unanswered = obj.state.get() & (FULL | TAKEN | WRITER_GONE) == 0;
            let hook = obj.cancel_fn.take().map(|f| (f, obj.cancel_data.get()));
            obj.set(READER_GONE);
            drop(obj.reader.take());
            obj.writer.wake();
            // SAFETY: this end owns one reference and gives it up.
            unsafe { FutureObj::release(p) }
            if let Some((f, data)) = hook {
                // SAFETY: the hook's contract (`set_cancel_hook`); the
                // object is not used here any more.
                unsafe { f(data, unanswered) }
            }
        }
    }
}

impl<T: Elem> Future for FutureReader<T> {
    /// The value, or `None` when the writer went away without writing
    /// (or the value was already read).
    type Output = Option<T>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<T>> {
        let this = self.get_mut();
        let Some(p) = this.obj else {
            return Poll::Ready(None);
        };
        // SAFETY: this end keeps the object alive.
        let obj = unsafe { p.as_ref() };
        if obj.has(FULL) {
            obj.state.set((obj.state.get() & !FULL) | TAKEN);
            // SAFETY: a written value moves out exactly once (`FULL` is
            // cleared first).
            let v = unsafe { T::lift_one(FutureObj::value(p)) };
            obj.writer.wake();
            this.close();
            return Poll::Ready(Some(v));
        }
        if obj.has(WRITER_GONE) {
            this.close();
            return Poll::Ready(None);
        }
        obj.reader.register(cx.waker());
        Poll::Pending
    }
}

impl<T: Elem> Drop for FutureReader<T> {
    fn drop(&mut self) {
        self.close();
    }
}
