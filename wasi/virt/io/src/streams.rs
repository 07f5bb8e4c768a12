//! `wasi:io/streams`: input streams over [`InputSource`]s, output streams
//! over [`OutputSink`]s. Virtual streams never wait: `subscribe` returns a
//! pollable that is always ready, and the blocking calls do what the
//! non-blocking ones do.

use crate::bindings::exports::wasi::io::streams::{
    Guest, GuestInputStream, GuestOutputStream, InputStream, InputStreamBorrow, OutputStream,
    Pollable, StreamError as WitStreamError,
};
use crate::error::new_error;
use crate::poll::new_ready;
use crate::{InputSource, OutputSink, StreamError, VirtIo};
use alloc::boxed::Box;
use alloc::format;
use alloc::vec::Vec;
use core::cell::RefCell;

/// What `check-write` permits: 1 MiB per write.
const WRITE_PERMIT: u64 = 1 << 20;

/// The bytes `write-zeroes` writes at a time.
const ZEROES_CHUNK: usize = 4096;

/// A stream-error for a stream used while it is already in use (a source or
/// sink that calls back into its own stream).
fn busy() -> WitStreamError {
    WitStreamError::LastOperationFailed(new_error("stream used while busy".into()))
}

/// The WIT stream-error for `e`.
fn lower(e: StreamError) -> WitStreamError {
    match e {
        StreamError::Closed => WitStreamError::Closed,
        StreamError::Failed(message) => WitStreamError::LastOperationFailed(new_error(message)),
    }
}

/// A guest's `u64` length as a `usize`, saturating.
fn clamp(len: u64) -> usize {
    usize::try_from(len).unwrap_or(usize::MAX)
}

/// The representation of an `input-stream` resource.
pub(crate) struct InputRep {
    source: RefCell<Box<dyn InputSource>>,
}

impl InputRep {
    fn read_bytes(&self, len: u64) -> Result<Vec<u8>, WitStreamError> {
        let mut source = self.source.try_borrow_mut().map_err(|_| busy())?;
        source.read(clamp(len)).map_err(lower)
    }
}

impl GuestInputStream for InputRep {
    fn read(&self, len: u64) -> Result<Vec<u8>, WitStreamError> {
        self.read_bytes(len)
    }
    /// As `read`: a virtual source with nothing available now would have
    /// nothing while the caller waits (nothing else runs), so waiting would
    /// never end; the empty list is returned instead.
    fn blocking_read(&self, len: u64) -> Result<Vec<u8>, WitStreamError> {
        self.read_bytes(len)
    }
    fn skip(&self, len: u64) -> Result<u64, WitStreamError> {
        self.read_bytes(len).map(|bytes| bytes.len() as u64)
    }
    fn blocking_skip(&self, len: u64) -> Result<u64, WitStreamError> {
        self.skip(len)
    }
    fn subscribe(&self) -> Pollable {
        new_ready()
    }
}

/// The representation of an `output-stream` resource.
pub(crate) struct OutputRep {
    sink: RefCell<Box<dyn OutputSink>>,
}

impl OutputRep {
    fn with_sink<T>(
        &self,
        f: impl FnOnce(&mut dyn OutputSink) -> Result<T, StreamError>,
    ) -> Result<T, WitStreamError> {
        let mut sink = self.sink.try_borrow_mut().map_err(|_| busy())?;
        f(&mut **sink).map_err(lower)
    }

    /// Writes `len` zero bytes, at most the write permit.
    fn zeroes(&self, len: u64) -> Result<(), WitStreamError> {
        if len > WRITE_PERMIT {
            let message =
                format!("write-zeroes of {len} bytes exceeds the permit of {WRITE_PERMIT}");
            return Err(WitStreamError::LastOperationFailed(new_error(message)));
        }
        let zeroes = [0u8; ZEROES_CHUNK];
        let mut left = clamp(len);
        self.with_sink(|sink| {
            while left > 0 {
                let n = left.min(ZEROES_CHUNK);
                sink.write(&zeroes[..n])?;
                left -= n;
            }
            Ok(())
        })
    }

    /// Moves up to `len` bytes (at most the write permit) from `src` to
    /// this stream.
    fn splice_from(&self, src: InputStreamBorrow<'_>, len: u64) -> Result<u64, WitStreamError> {
        let bytes = src.get::<InputRep>().read_bytes(len.min(WRITE_PERMIT))?;
        self.with_sink(|sink| sink.write(&bytes))?;
        Ok(bytes.len() as u64)
    }
}

impl GuestOutputStream for OutputRep {
    /// Always the permit (1 MiB): a virtual sink takes bytes at once.
    fn check_write(&self) -> Result<u64, WitStreamError> {
        Ok(WRITE_PERMIT)
    }
    fn write(&self, contents: Vec<u8>) -> Result<(), WitStreamError> {
        self.with_sink(|sink| sink.write(&contents))
    }
    fn blocking_write_and_flush(&self, contents: Vec<u8>) -> Result<(), WitStreamError> {
        self.with_sink(|sink| {
            sink.write(&contents)?;
            sink.flush()
        })
    }
    fn flush(&self) -> Result<(), WitStreamError> {
        self.with_sink(|sink| sink.flush())
    }
    fn blocking_flush(&self) -> Result<(), WitStreamError> {
        self.flush()
    }
    fn subscribe(&self) -> Pollable {
        new_ready()
    }
    fn write_zeroes(&self, len: u64) -> Result<(), WitStreamError> {
        self.zeroes(len)
    }
    fn blocking_write_zeroes_and_flush(&self, len: u64) -> Result<(), WitStreamError> {
        self.zeroes(len)?;
        self.flush()
    }
    fn splice(&self, src: InputStreamBorrow<'_>, len: u64) -> Result<u64, WitStreamError> {
        self.splice_from(src, len)
    }
    fn blocking_splice(&self, src: InputStreamBorrow<'_>, len: u64) -> Result<u64, WitStreamError> {
        self.splice_from(src, len)
    }
}

impl Guest for VirtIo {
    type InputStream = InputRep;
    type OutputStream = OutputRep;
}

/// A new own handle of `wasi:io/streams.input-stream` reading `source`.
///
/// The caller owns the handle: turn it into its bindings' imported
/// `InputStream` with `from_handle` (see the crate docs); dropping that
/// drops `source`.
pub fn input_stream(source: impl InputSource) -> u32 {
    let source: Box<dyn InputSource> = Box::new(source);
    InputStream::new(InputRep {
        source: RefCell::new(source),
    })
    .take_handle()
}

/// A new own handle of `wasi:io/streams.output-stream` writing to `sink`.
///
/// The caller owns the handle: turn it into its bindings' imported
/// `OutputStream` with `from_handle` (see the crate docs); dropping that
/// drops `sink`.
pub fn output_stream(sink: impl OutputSink) -> u32 {
    let sink: Box<dyn OutputSink> = Box::new(sink);
    OutputStream::new(OutputRep {
        sink: RefCell::new(sink),
    })
    .take_handle()
}
