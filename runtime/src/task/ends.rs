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
            inner: inner.write(value),
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

/// The pending write of [`FutureWriter::write`].
pub struct FutureWrite<T: Elem> {
    inner: future::FutureWrite<T>,
}

impl<T: Elem> Future for FutureWrite<T> {
    type Output = Result<(), FutureWriteError<T>>;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        Pin::new(&mut self.inner)
            .poll(cx)
            .map(|r| r.map_err(|value| FutureWriteError { value }))
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
        FutureRead { inner: self.inner }
    }
}

/// The read of [`FutureReader`]'s value. Dropping it drops the reader.
pub struct FutureRead<T: Elem> {
    inner: future::FutureReader<T>,
}

impl<T: Elem> Future for FutureRead<T> {
    type Output = T;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<T> {
        Pin::new(&mut self.inner).poll(cx).map(|v| {
            v.expect("weld: a future's writer went away without writing (not even its default)")
        })
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
    /// copied) and waits until the reader consumed them:
    /// `(Complete(n), [])`, or `(Dropped, rest)` if the reader went away
    /// first, `rest` being what it did not read.
    pub async fn write(&mut self, values: Vec<T>) -> (StreamResult, Vec<T>) {
        match self.inner.write(values).await {
            Ok(n) => (StreamResult::Complete(n), Vec::new()),
            Err(rest) => (StreamResult::Dropped, rest),
        }
    }

    /// Writes all of `values`; returns what the reader did not take
    /// (empty unless it went away).
    pub async fn write_all(&mut self, values: Vec<T>) -> Vec<T> {
        self.write(values).await.1
    }

    /// Writes one value; returns it if the reader went away.
    pub async fn write_one(&mut self, value: T) -> Option<T> {
        let mut v = Vec::with_capacity(1);
        v.push(value);
        self.write_all(v).await.pop()
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

    /// Reads into `buf`'s spare capacity (wit-bindgen's `read`): returns
    /// `(Complete(n), buf)` with `n` values appended, or `(Dropped, buf)`
    /// at the end of the stream. When `buf` is empty and has room for the
    /// writer's whole buffer, the result *is* that buffer (no copy; `buf`'s
    /// allocation is freed).
    pub async fn read(&mut self, mut buf: Vec<T>) -> (StreamResult, Vec<T>) {
        let room = buf.capacity() - buf.len();
        if room == 0 {
            return (StreamResult::Complete(0), buf);
        }
        match self.inner.read(room).await {
            None => (StreamResult::Dropped, buf),
            Some(got) => {
                let n = got.len();
                if buf.is_empty() {
                    (StreamResult::Complete(n), got)
                } else {
                    stream::count_copied((n * T::TYPE.size) as u64);
                    buf.extend(got);
                    (StreamResult::Complete(n), buf)
                }
            }
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

/// Bytes that crossed streams in this module so far: `(moved, copied)`,
/// moved being handed over without a copy, copied being moved element by
/// element (partial reads, reads into a non-empty buffer).
pub fn stream_bytes() -> (u64, u64) {
    stream::totals()
}
