//! `stream<T>` between linked crates: the writer's buffer moves to the
//! reader.
//!
//! A stream is one allocation, [`StreamObj`], that both ends point at (the
//! handle that crosses a boundary is its address, ASYNC.md "Streams"). It
//! holds at most **one** buffer: the one the writer is writing. A write
//! hands its `Vec<T>` over (lowered to canonical layout, which for plain
//! types is the same buffer) and completes when the reader has consumed all
//! of it; the writer cannot put a second buffer in before that, so a
//! producer runs at most one buffer ahead of its consumer (backpressure)
//! and memory stays bounded by the buffers in flight.
//!
//! A read of at most `max` elements takes the **whole** buffer when it
//! holds no more than `max` (the zero-copy path: the reader's `Vec<T>` is
//! the writer's allocation), else it moves the first `max` elements into a
//! new buffer: the only copy, counted in [`StreamObj::copied_bytes`].
//!
//! Early drops: when the reader goes, a pending write completes with the
//! elements nobody read (`Err(rest)`); when the writer goes, the reader
//! gets what was written, then `None` (end of stream). The last end to go
//! frees the object and drops unread elements.

use super::elem::move_to_new;
use super::{Elem, ElemType, RawBuf, WakerCell};
use crate::rust_alloc::boxed::Box;
use crate::rust_alloc::vec::Vec;
use core::cell::Cell;
use core::future::Future;
use core::marker::PhantomData;
use core::pin::Pin;
use core::ptr::{self, NonNull};
use core::sync::atomic::{AtomicU64, Ordering};
use core::task::{Context, Poll};

/// Bytes handed over by every stream of this module (see [`totals`]).
static MOVED_TOTAL: AtomicU64 = AtomicU64::new(0);
/// Bytes copied by every stream of this module and by the bindings'
/// stream reads (see [`totals`]).
static COPIED_TOTAL: AtomicU64 = AtomicU64::new(0);

/// Bytes that crossed every stream of this module so far: `(moved,
/// copied)`. On the host the counts are shared by all threads.
pub fn totals() -> (u64, u64) {
    (
        MOVED_TOTAL.load(Ordering::Relaxed),
        COPIED_TOTAL.load(Ordering::Relaxed),
    )
}

/// Counts bytes copied outside a stream object (a read appended to a
/// buffer that already held elements).
pub fn count_copied(bytes: u64) {
    COPIED_TOTAL.fetch_add(bytes, Ordering::Relaxed);
}

/// A buffer is in the stream.
const PENDING: u32 = 1;
/// The reader end was dropped.
const READER_GONE: u32 = 4;
/// The writer end was dropped.
const WRITER_GONE: u32 = 8;

/// The shared object of a `stream<T>`.
#[repr(C)]
pub struct StreamObj {
    /// Ends alive (2, 1, then 0: freed).
    refs: Cell<u32>,
    /// `PENDING`, `READER_GONE`, `WRITER_GONE`.
    state: Cell<u32>,
    /// The element type, supplied by the crate that created the stream.
    elem: &'static ElemType,
    /// The pending buffer (valid while `PENDING`): first element.
    ptr: Cell<*mut u8>,
    /// Initialised elements of the pending buffer.
    len: Cell<usize>,
    /// Allocated elements of the pending buffer.
    cap: Cell<usize>,
    /// Elements already moved out by partial reads.
    start: Cell<usize>,
    /// Woken when a buffer arrives or the writer goes.
    reader: WakerCell,
    /// Woken when the buffer is consumed or the reader goes.
    writer: WakerCell,
    /// Bytes handed over without a copy.
    moved: Cell<u64>,
    /// Bytes copied by partial reads and by taking back a partly read
    /// buffer.
    copied: Cell<u64>,
}

// The layout on wasm32 is part of the draft ABI (ASYNC.md, "Streams").
#[cfg(target_pointer_width = "32")]
const _: () = {
    assert!(size_of::<StreamObj>() == 64 && align_of::<StreamObj>() == 8);
    assert!(core::mem::offset_of!(StreamObj, ptr) == 12);
    assert!(core::mem::offset_of!(StreamObj, reader) == 28);
    assert!(core::mem::offset_of!(StreamObj, moved) == 48);
};

impl StreamObj {
    fn has(&self, bit: u32) -> bool {
        self.state.get() & bit != 0
    }

    fn set(&self, bit: u32) {
        self.state.set(self.state.get() | bit);
    }

    fn clear(&self, bit: u32) {
        self.state.set(self.state.get() & !bit);
    }

    /// Bytes that crossed this stream by hand-over, without a copy.
    pub fn moved_bytes(&self) -> u64 {
        self.moved.get()
    }

    /// Bytes this stream copied (partial reads, cancelled partial writes).
    pub fn copied_bytes(&self) -> u64 {
        self.copied.get()
    }

    /// Takes the pending buffer out of the stream.
    fn take_buf(&self) -> RawBuf {
        self.clear(PENDING);
        RawBuf {
            ptr: self.ptr.replace(ptr::null_mut()),
            len: self.len.replace(0),
            cap: self.cap.replace(0),
        }
    }

    /// Takes the unread rest of the pending buffer, moved to its front.
    fn take_rest(&self) -> RawBuf {
        let start = self.start.replace(0);
        let mut buf = self.take_buf();
        if start != 0 {
            let n = buf.len - start;
            // SAFETY: elements `start..len` are initialised; the ranges
            // may overlap, which `copy` allows; the moved-out prefix needs
            // no drop.
            unsafe {
                ptr::copy(
                    buf.ptr.add(start * self.elem.size),
                    buf.ptr,
                    n * self.elem.size,
                )
            };
            self.copied
                .set(self.copied.get() + (n * self.elem.size) as u64);
            count_copied((n * self.elem.size) as u64);
            buf.len = n;
        }
        buf
    }

    /// Gives up one end; the last one frees the object and unread elements.
    ///
    /// # Safety
    /// `this` must be live and the caller must own one of its ends.
    unsafe fn release(this: NonNull<StreamObj>) {
        // SAFETY: live (the caller's end keeps it so).
        let obj = unsafe { this.as_ref() };
        let refs = obj.refs.get() - 1;
        obj.refs.set(refs);
        if refs != 0 {
            return;
        }
        if obj.has(PENDING) {
            let start = obj.start.get();
            let buf = obj.take_buf();
            // SAFETY: the stream owns the pending buffer; elements before
            // `start` were moved out.
            unsafe { buf.drop_from(start, obj.elem) };
        }
        // SAFETY: allocated as a `Box<StreamObj>` in `stream_new`; no end
        // is left.
        drop(unsafe { Box::from_raw(this.as_ptr()) });
    }
}

/// Creates a stream of `T`: the writable and the readable end.
pub fn stream_new<T: Elem>() -> (StreamWriter<T>, StreamReader<T>) {
    let obj = Box::new(StreamObj {
        refs: Cell::new(2),
        state: Cell::new(0),
        elem: T::TYPE,
        ptr: Cell::new(ptr::null_mut()),
        len: Cell::new(0),
        cap: Cell::new(0),
        start: Cell::new(0),
        reader: WakerCell::new(),
        writer: WakerCell::new(),
        moved: Cell::new(0),
        copied: Cell::new(0),
    });
    let obj = NonNull::from(Box::leak(obj));
    (
        StreamWriter {
            obj,
            _t: PhantomData,
        },
        StreamReader {
            obj,
            _t: PhantomData,
        },
    )
}

/// The writable end of a stream.
pub struct StreamWriter<T: Elem> {
    obj: NonNull<StreamObj>,
    _t: PhantomData<T>,
}

impl<T: Elem> StreamWriter<T> {
    /// The shared object (for its counters and handle).
    pub fn obj(&self) -> &StreamObj {
        // SAFETY: this end keeps the object alive.
        unsafe { self.obj.as_ref() }
    }

    /// Hands `values` to the reader. The returned future completes with
    /// `Ok(n)` once the reader has consumed all `n` values, or with
    /// `Err(rest)` if the reader went away first (`rest`: the values it did
    /// not read). Dropping it before then cancels the write: the unread
    /// values are dropped ([`StreamWrite::cancel`] returns them instead).
    pub fn write(&mut self, values: Vec<T>) -> StreamWrite<'_, T> {
        let n = values.len();
        let obj = self.obj();
        let back = if obj.has(READER_GONE) {
            Some(Err(values))
        } else if n == 0 {
            Some(Ok(0))
        } else {
            let buf = T::lower_vec(values);
            obj.ptr.set(buf.ptr);
            obj.len.set(buf.len);
            obj.cap.set(buf.cap);
            obj.start.set(0);
            obj.set(PENDING);
            obj.reader.wake();
            None
        };
        StreamWrite { end: self, n, back }
    }

    /// Whether the reader end has been dropped.
    pub fn reader_gone(&self) -> bool {
        self.obj().has(READER_GONE)
    }

    /// Ready once the reader end has been dropped; otherwise registers
    /// `cx`'s waker (which a write pending on this end would replace: poll
    /// it only while no write is pending).
    pub fn poll_reader_gone(&self, cx: &mut core::task::Context<'_>) -> core::task::Poll<()> {
        let obj = self.obj();
        if obj.has(READER_GONE) {
            return core::task::Poll::Ready(());
        }
        obj.writer.register(cx.waker());
        core::task::Poll::Pending
    }

    /// The handle: the object's address.
    pub fn handle(&self) -> usize {
        self.obj.as_ptr().expose_provenance()
    }
}

impl<T: Elem> Drop for StreamWriter<T> {
    fn drop(&mut self) {
        let obj = self.obj();
        obj.set(WRITER_GONE);
        drop(obj.writer.take());
        obj.reader.wake();
        // SAFETY: this end owns one reference and is going away.
        unsafe { StreamObj::release(self.obj) }
    }
}

/// A pending write ([`StreamWriter::write`]).
pub struct StreamWrite<'a, T: Elem> {
    end: &'a mut StreamWriter<T>,
    n: usize,
    /// The result decided when the write started (nothing was placed).
    back: Option<Result<usize, Vec<T>>>,
}

impl<T: Elem> StreamWrite<'_, T> {
    /// Cancels the write: takes back the values the reader has not read
    /// (none if it read them all).
    pub fn cancel(mut self) -> Vec<T> {
        self.take_back()
    }

    /// Cancels the write in place (for a pinned or borrowed operation):
    /// as [`cancel`](Self::cancel); the operation then completes with
    /// `Ok(0)` if polled again.
    pub fn cancel_in_place(&mut self) -> Vec<T> {
        self.take_back()
    }

    /// How many values this write offered.
    pub fn offered(&self) -> usize {
        self.n
    }

    /// Whether the reader end has been dropped.
    pub fn reader_gone(&self) -> bool {
        self.end.reader_gone()
    }

    fn take_back(&mut self) -> Vec<T> {
        if let Some(r) = self.back.take() {
            return r.err().unwrap_or_default();
        }
        let obj = self.end.obj();
        if !obj.has(PENDING) {
            return Vec::new();
        }
        self.back = Some(Ok(0));
        let rest = obj.take_rest();
        // SAFETY: the rest is a buffer of `T` in canonical layout that the
        // stream owned and now gives back.
        unsafe { T::lift_vec(rest) }
    }
}

impl<T: Elem> Unpin for StreamWrite<'_, T> {}

impl<T: Elem> Future for StreamWrite<'_, T> {
    type Output = Result<usize, Vec<T>>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let this = self.get_mut();
        if let Some(r) = this.back.take() {
            this.back = Some(Ok(0));
            return Poll::Ready(r);
        }
        let obj = this.end.obj();
        if !obj.has(PENDING) {
            this.back = Some(Ok(0));
            return Poll::Ready(Ok(this.n));
        }
        if obj.has(READER_GONE) {
            return Poll::Ready(Err(this.take_back()));
        }
        obj.writer.register(cx.waker());
        Poll::Pending
    }
}

impl<T: Elem> Drop for StreamWrite<'_, T> {
    fn drop(&mut self) {
        drop(self.take_back());
    }
}

/// The readable end of a stream.
pub struct StreamReader<T: Elem> {
    obj: NonNull<StreamObj>,
    _t: PhantomData<T>,
}

impl<T: Elem> StreamReader<T> {
    /// The shared object (for its counters and handle).
    pub fn obj(&self) -> &StreamObj {
        // SAFETY: this end keeps the object alive.
        unsafe { self.obj.as_ref() }
    }

    /// Reads at most `max` values: `Some(values)` (the writer's whole
    /// buffer, without a copy, when it holds at most `max`), or `None` at
    /// the end of the stream (the writer went away and everything written
    /// was read). `max == 0` completes at once with no values.
    pub fn read(&mut self, max: usize) -> StreamRead<'_, T> {
        StreamRead { end: self, max }
    }

    /// Whether the writer end has been dropped.
    pub fn writer_gone(&self) -> bool {
        self.obj().has(WRITER_GONE)
    }

    /// Gives up this end as a handle (the object's address) without
    /// dropping it: what crosses a boundary.
    pub fn into_handle(self) -> usize {
        let h = self.handle();
        core::mem::forget(self);
        h
    }

    /// Takes over the readable end whose handle crossed a boundary.
    ///
    /// # Safety
    /// `handle` must come from [`into_handle`](Self::into_handle) of a
    /// reader of a stream of the same WIT element type (`T`'s canonical
    /// layout), and be taken over exactly once.
    pub unsafe fn from_handle(handle: usize) -> Self {
        StreamReader {
            // SAFETY: the caller passes the address of a live object.
            obj: unsafe { NonNull::new_unchecked(core::ptr::with_exposed_provenance_mut(handle)) },
            _t: PhantomData,
        }
    }

    /// The handle: the object's address.
    pub fn handle(&self) -> usize {
        self.obj.as_ptr().expose_provenance()
    }
}

impl<T: Elem> Drop for StreamReader<T> {
    fn drop(&mut self) {
        let obj = self.obj();
        obj.set(READER_GONE);
        drop(obj.reader.take());
        obj.writer.wake();
        // SAFETY: this end owns one reference and is going away.
        unsafe { StreamObj::release(self.obj) }
    }
}

/// A pending read ([`StreamReader::read`]). Dropping it cancels the read;
/// nothing is lost (values stay in the stream until a read takes them).
pub struct StreamRead<'a, T: Elem> {
    end: &'a mut StreamReader<T>,
    max: usize,
}

impl<T: Elem> Unpin for StreamRead<'_, T> {}

impl<T: Elem> Future for StreamRead<'_, T> {
    type Output = Option<Vec<T>>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let this = self.get_mut();
        let obj = this.end.obj();
        if this.max == 0 {
            return Poll::Ready(Some(Vec::new()));
        }
        if !obj.has(PENDING) {
            if obj.has(WRITER_GONE) {
                return Poll::Ready(None);
            }
            obj.reader.register(cx.waker());
            return Poll::Pending;
        }
        let size = obj.elem.size;
        let start = obj.start.get();
        let avail = obj.len.get() - start;
        let buf = if start == 0 && avail <= this.max {
            obj.moved.set(obj.moved.get() + (avail * size) as u64);
            MOVED_TOTAL.fetch_add((avail * size) as u64, Ordering::Relaxed);
            obj.take_buf()
        } else {
            let n = avail.min(this.max);
            // SAFETY: elements `start..start + n` are initialised and move
            // out to the new buffer.
            let part = unsafe { move_to_new(obj.ptr.get().add(start * size), n, obj.elem) };
            obj.copied.set(obj.copied.get() + (n * size) as u64);
            count_copied((n * size) as u64);
            obj.start.set(start + n);
            if start + n == obj.len.get() {
                obj.start.set(0);
                // SAFETY: every element was moved out; only the writer's
                // allocation is left to free.
                unsafe { obj.take_buf().free(obj.elem) };
            }
            part
        };
        if !obj.has(PENDING) {
            obj.writer.wake();
        }
        // SAFETY: `buf` holds initialised `T`s in canonical layout, owned.
        Poll::Ready(Some(unsafe { T::lift_vec(buf) }))
    }
}
