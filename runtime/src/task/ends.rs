//! wit-bindgen 0.63's future and stream types over weld's shared objects:
//! what generated bindings name `future<T>` and `stream<T>`
//! (`weld::rt::FutureReader<T>`, `StreamReader<T>`, and the writers that
//! `wit_future::new` and `wit_stream::new` return), with wit-bindgen's
//! methods and weld's semantics (ASYNC.md sections 5, 6 and 8).
//!
//! The difference that matters: a stream read whose buffer is empty and
//! has room for what the writer offered gets the writer's buffer itself
//! (no copy); only a read into a buffer that already holds elements, or
//! that is too small, moves elements one buffer into another, and those
//! bytes are counted ([`stream_bytes`]).
//!
//! Must not: copy on the hand-over path, or block.

use super::Elem;
use super::future::{self, future_new};
use super::stream::{self, stream_new};
use crate::rust_alloc::vec::Vec;
use core::fmt;
use core::future::{Future, IntoFuture};
use core::pin::Pin;
use core::task::{Context, Poll};

/// Creates a future: its writer, and its reader to pass on. A writer
/// dropped without writing writes `default()` (wit-bindgen's rule), so a
/// reader always gets a value.
pub fn future_pair<T: Elem>(default: fn() -> T) -> (FutureWriter<T>, FutureReader<T>) {
    let (w, r) = future_new::<T>();
    (
        FutureWriter {
            inner: Some(w),
            default,
        },
        FutureReader { inner: r },
    )
}

/// Creates a stream: its writer, and its reader to pass on.
pub fn stream_pair<T: Elem>() -> (StreamWriter<T>, StreamReader<T>) {
    let (w, r) = stream_new::<T>();
    (StreamWriter { inner: w }, StreamReader { inner: r })
}

/// The writable end of a `future<T>`.
pub struct FutureWriter<T: Elem> {
    inner: Option<future::FutureWriter<T>>,
    default: fn() -> T,
}

impl<T: Elem> fmt::Debug for FutureWriter<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("FutureWriter").finish_non_exhaustive()
    }
}

/// A value written to a future whose reader went away: it comes back.
#[derive(Debug, PartialEq, Eq)]
pub struct FutureWriteError<T> {
    /// The value nobody read.
    pub value: T,
}

impl<T: Elem> FutureWriter<T> {
    /// Writes `value` and waits until the reader took it (`Ok`), or went
    /// away without taking it (`Err`, with the value).
    pub fn write(mut self, value: T) -> FutureWrite<T> {
        let inner = self.inner.take().expect("a writer writes once");
        FutureWrite {
            inner: Some(inner.write(value)),
            default: self.default,
        }
    }
}

impl<T: Elem> Drop for FutureWriter<T> {
    fn drop(&mut self) {
        if let Some(w) = self.inner.take() {
            w.send((self.default)());
        }
    }
}

/// The pending write of [`FutureWriter::write`]. Dropping it leaves the
/// value for the reader.
pub struct FutureWrite<T: Elem> {
    /// `None` once completed or cancelled.
    inner: Option<future::FutureWrite<T>>,
    default: fn() -> T,
}

/// What [`FutureWrite::cancel`] found (wit-bindgen's `FutureWriteCancel`).
#[derive(Debug)]
pub enum FutureWriteCancel<T: Elem> {
    /// The reader took the value before the cancel.
    AlreadySent,
    /// The reader went away: the value comes back, the writer is gone.
    Dropped(T),
    /// The write was cancelled: the value comes back with the writer.
    Cancelled(T, FutureWriter<T>),
}

impl<T: Elem> FutureWrite<T> {
    /// Cancels the write if the reader has not taken the value yet
    /// (wit-bindgen's `cancel`).
    ///
    /// # Panics
    /// If the write already completed (was polled to `Ready`), or on a
    /// second call.
    pub fn cancel(self: Pin<&mut Self>) -> FutureWriteCancel<T> {
        let this = self.get_mut();
        let inner = this
            .inner
            .take()
            .expect("weld: FutureWrite::cancel after the write completed or was cancelled");
        match inner.cancel() {
            future::WriteCancel::Sent => FutureWriteCancel::AlreadySent,
            future::WriteCancel::Dropped(v) => FutureWriteCancel::Dropped(v),
            future::WriteCancel::Cancelled(v, w) => FutureWriteCancel::Cancelled(
                v,
                FutureWriter {
                    inner: Some(w),
                    default: this.default,
                },
            ),
        }
    }
}

impl<T: Elem> Unpin for FutureWrite<T> {}

impl<T: Elem> Future for FutureWrite<T> {
    type Output = Result<(), FutureWriteError<T>>;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let inner = self
            .inner
            .as_mut()
            .expect("weld: FutureWrite polled after it completed or was cancelled");
        let r = Pin::new(inner).poll(cx);
        if r.is_ready() {
            self.inner = None;
        }
        r.map(|r| r.map_err(|value| FutureWriteError { value }))
    }
}

/// The readable end of a `future<T>`: `.await` it for the value.
pub struct FutureReader<T: Elem> {
    inner: future::FutureReader<T>,
}

impl<T: Elem> fmt::Debug for FutureReader<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("FutureReader")
            .field("handle", &self.inner.handle())
            .finish()
    }
}

impl<T: Elem> FutureReader<T> {
    /// Gives up this end as the handle that crosses a boundary.
    #[doc(hidden)]
    pub fn into_handle(self) -> usize {
        self.inner.into_handle()
    }

    /// Takes over the end a handle names.
    ///
    /// # Safety
    /// As for the runtime's `FutureReader::from_handle`.
    #[doc(hidden)]
    pub unsafe fn from_handle(handle: usize) -> Self {
        // SAFETY: forwarded.
        FutureReader {
            inner: unsafe { future::FutureReader::from_handle(handle) },
        }
    }
}

impl<T: Elem> IntoFuture for FutureReader<T> {
    type Output = T;
    type IntoFuture = FutureRead<T>;

    fn into_future(self) -> FutureRead<T> {
        FutureRead {
            inner: Some(self.inner),
        }
    }
}

/// The read of [`FutureReader`]'s value. Dropping it drops the reader.
pub struct FutureRead<T: Elem> {
    /// `None` once completed or cancelled.
    inner: Option<future::FutureReader<T>>,
}

impl<T: Elem> FutureRead<T> {
    /// Cancels the read (wit-bindgen's `cancel`): `Ok(value)` if the value
    /// had arrived, else `Err(reader)`, the reader to read again later.
    ///
    /// # Panics
    /// If the read already completed, or on a second call.
    pub fn cancel(self: Pin<&mut Self>) -> Result<T, FutureReader<T>> {
        let mut inner = self
            .get_mut()
            .inner
            .take()
            .expect("weld: FutureRead::cancel after the read completed or was cancelled");
        let mut cx = Context::from_waker(core::task::Waker::noop());
        match Pin::new(&mut inner).poll(&mut cx) {
            Poll::Ready(v) => Ok(v.expect(NO_VALUE)),
            Poll::Pending => Err(FutureReader { inner }),
        }
    }
}

/// A reader's writer went away without writing, which the writer's
/// default rules out.
const NO_VALUE: &str = "weld: a future's writer went away without writing (not even its default)";

impl<T: Elem> Unpin for FutureRead<T> {}

impl<T: Elem> Future for FutureRead<T> {
    type Output = T;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<T> {
        let inner = self
            .inner
            .as_mut()
            .expect("weld: FutureRead polled after it completed or was cancelled");
        let r = Pin::new(inner).poll(cx);
        if r.is_ready() {
            self.inner = None;
        }
        r.map(|v| v.expect(NO_VALUE))
    }
}

/// How a stream operation ended (wit-bindgen's `StreamResult`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StreamResult {
    /// This many values moved.
    Complete(usize),
    /// The other end is gone.
    Dropped,
    /// The operation was cancelled.
    Cancelled,
}

/// The writable end of a `stream<T>`.
pub struct StreamWriter<T: Elem> {
    inner: stream::StreamWriter<T>,
}

impl<T: Elem> fmt::Debug for StreamWriter<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("StreamWriter")
            .field("handle", &self.inner.handle())
            .finish()
    }
}

impl<T: Elem> StreamWriter<T> {
    /// Hands `values` to the reader (the buffer itself moves; nothing is
    /// copied) and waits until the reader consumed them (wit-bindgen's
    /// `write`): `(Complete(n), [])`, or `(Dropped, rest)` if the reader
    /// went away first, `rest` being what it did not read.
    pub fn write(&mut self, values: Vec<T>) -> StreamWrite<'_, T> {
        StreamWrite {
            inner: Some(self.inner.write(values)),
        }
    }

    /// [`write`](Self::write) of the values an earlier write gave back
    /// (wit-bindgen's `write_buf`): the same buffer, not a copy.
    pub fn write_buf(&mut self, values: AbiBuffer<T>) -> StreamWrite<'_, T> {
        self.write(values.into_vec())
    }

    /// Writes all of `values`; returns what the reader did not take
    /// (empty unless it went away).
    pub async fn write_all(&mut self, values: Vec<T>) -> Vec<T> {
        self.write(values).await.1.into_vec()
    }

    /// Writes one value; returns it if the reader went away.
    pub async fn write_one(&mut self, value: T) -> Option<T> {
        let mut v = Vec::with_capacity(1);
        v.push(value);
        self.write_all(v).await.pop()
    }
}

/// The values of a stream write that the reader did not take
/// (wit-bindgen's `AbiBuffer<T>`): in weld the writer's own `Vec<T>`,
/// given back without a copy.
pub struct AbiBuffer<T> {
    values: Vec<T>,
}

impl<T> AbiBuffer<T> {
    /// The values, as a vector (the same allocation).
    pub fn into_vec(self) -> Vec<T> {
        self.values
    }

    /// How many values are left.
    pub fn remaining(&self) -> usize {
        self.values.len()
    }
}

impl<T> fmt::Debug for AbiBuffer<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AbiBuffer")
            .field("remaining", &self.values.len())
            .finish()
    }
}

/// The pending write of [`StreamWriter::write`] (wit-bindgen's
/// `StreamWrite`). Dropping it takes the unread values back and drops
/// them; [`cancel`](Self::cancel) returns them.
pub struct StreamWrite<'a, T: Elem> {
    /// `None` once completed or cancelled.
    inner: Option<stream::StreamWrite<'a, T>>,
}

impl<T: Elem> StreamWrite<'_, T> {
    /// Cancels the write (wit-bindgen's `cancel`): the values the reader
    /// has not taken come back. `Complete(n)` if it took `n` of them
    /// before the cancel, else `Dropped` if it went away, else
    /// `Cancelled`.
    ///
    /// # Panics
    /// If the write already completed, or on a second call.
    pub fn cancel(self: Pin<&mut Self>) -> (StreamResult, AbiBuffer<T>) {
        let mut inner = self
            .get_mut()
            .inner
            .take()
            .expect("weld: StreamWrite::cancel after the write completed or was cancelled");
        let (offered, gone) = (inner.offered(), inner.reader_gone());
        let values = inner.cancel_in_place();
        let result = match offered - values.len() {
            0 if gone => StreamResult::Dropped,
            0 => StreamResult::Cancelled,
            n => StreamResult::Complete(n),
        };
        (result, AbiBuffer { values })
    }
}

impl<T: Elem> Unpin for StreamWrite<'_, T> {}

impl<T: Elem> Future for StreamWrite<'_, T> {
    type Output = (StreamResult, AbiBuffer<T>);

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let inner = self
            .inner
            .as_mut()
            .expect("weld: StreamWrite polled after it completed or was cancelled");
        let r = match Pin::new(inner).poll(cx) {
            Poll::Pending => return Poll::Pending,
            Poll::Ready(Ok(n)) => (StreamResult::Complete(n), Vec::new()),
            Poll::Ready(Err(values)) => (StreamResult::Dropped, values),
        };
        self.inner = None;
        Poll::Ready((r.0, AbiBuffer { values: r.1 }))
    }
}

/// The readable end of a `stream<T>`.
pub struct StreamReader<T: Elem> {
    inner: stream::StreamReader<T>,
}

impl<T: Elem> fmt::Debug for StreamReader<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("StreamReader")
            .field("handle", &self.inner.handle())
            .finish()
    }
}

impl<T: Elem> StreamReader<T> {
    /// Gives up this end as the handle that crosses a boundary.
    #[doc(hidden)]
    pub fn into_handle(self) -> usize {
        self.inner.into_handle()
    }

    /// Takes over the end a handle names.
    ///
    /// # Safety
    /// As for the runtime's `StreamReader::from_handle`.
    #[doc(hidden)]
    pub unsafe fn from_handle(handle: usize) -> Self {
        // SAFETY: forwarded.
        StreamReader {
            inner: unsafe { stream::StreamReader::from_handle(handle) },
        }
    }

    /// Reads into `buf`'s spare capacity (wit-bindgen's `read`): completes
    /// with `(Complete(n), buf)`, `n` values appended, or `(Dropped, buf)`
    /// at the end of the stream. When `buf` is empty and has room for the
    /// writer's whole buffer, the result *is* that buffer (no copy; `buf`'s
    /// allocation is freed).
    pub fn read(&mut self, buf: Vec<T>) -> StreamRead<'_, T> {
        StreamRead {
            end: self,
            buf: Some(buf),
        }
    }

    /// Reads whatever the writer offers next, as its own buffer (never a
    /// copy), or `None` at the end of the stream. (A weld addition: no
    /// buffer to provide.)
    pub async fn next_buf(&mut self) -> Option<Vec<T>> {
        self.inner.read(usize::MAX).await
    }

    /// The next value, or `None` at the end of the stream.
    pub async fn next(&mut self) -> Option<T> {
        let (_, mut v) = self.read(Vec::with_capacity(1)).await;
        v.pop()
    }

    /// Reads to the end of the stream.
    pub async fn collect(mut self) -> Vec<T> {
        let mut all = Vec::new();
        while let Some(buf) = self.next_buf().await {
            if all.is_empty() {
                all = buf;
            } else {
                stream::count_copied((buf.len() * T::TYPE.size) as u64);
                all.extend(buf);
            }
        }
        all
    }
}

/// The pending read of [`StreamReader::read`] (wit-bindgen's
/// `StreamRead`). Dropping it loses nothing: values stay in the stream.
pub struct StreamRead<'a, T: Elem> {
    end: &'a mut StreamReader<T>,
    /// The caller's buffer; `None` once completed or cancelled.
    buf: Option<Vec<T>>,
}

impl<T: Elem> StreamRead<'_, T> {
    /// Cancels the read (wit-bindgen's `cancel`): `(Cancelled, buf)`,
    /// the buffer as given (a pending weld read has taken nothing).
    ///
    /// # Panics
    /// If the read already completed, or on a second call.
    pub fn cancel(self: Pin<&mut Self>) -> (StreamResult, Vec<T>) {
        let buf = self
            .get_mut()
            .buf
            .take()
            .expect("weld: StreamRead::cancel after the read completed or was cancelled");
        (StreamResult::Cancelled, buf)
    }
}

impl<T: Elem> Unpin for StreamRead<'_, T> {}

impl<T: Elem> Future for StreamRead<'_, T> {
    type Output = (StreamResult, Vec<T>);

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let this = self.get_mut();
        let buf = this
            .buf
            .as_mut()
            .expect("weld: StreamRead polled after it completed or was cancelled");
        let room = buf.capacity() - buf.len();
        let got = if room == 0 {
            Some(Vec::new())
        } else {
            match Pin::new(&mut this.end.inner.read(room)).poll(cx) {
                Poll::Pending => return Poll::Pending,
                Poll::Ready(got) => got,
            }
        };
        let mut buf = this.buf.take().expect("checked above");
        let result = match got {
            None => StreamResult::Dropped,
            Some(got) => {
                let n = got.len();
                if buf.is_empty() {
                    buf = got;
                } else if n != 0 {
                    stream::count_copied((n * T::TYPE.size) as u64);
                    buf.extend(got);
                }
                StreamResult::Complete(n)
            }
        };
        Poll::Ready((result, buf))
    }
}

/// Bytes that crossed streams in this module so far: `(moved, copied)`,
/// moved being handed over without a copy, copied being moved element by
/// element (partial reads, reads into a non-empty buffer).
pub fn stream_bytes() -> (u64, u64) {
    stream::totals()
}
