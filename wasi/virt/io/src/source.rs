//! The Rust side of streams: what an `input-stream` reads from and an
//! `output-stream` writes to, and the two ready-made ones.

use alloc::rc::Rc;
use alloc::string::String;
use alloc::vec::Vec;
use core::cell::RefCell;

/// Why a stream operation did not happen.
///
/// Becomes `wasi:io/streams.stream-error`: [`Closed`](StreamError::Closed)
/// is `closed`, [`Failed`](StreamError::Failed) is `last-operation-failed`
/// with an `error` whose `to-debug-string` is the message.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StreamError {
    /// The stream is closed: no more bytes will be read or written.
    Closed,
    /// The operation failed; the message says why.
    Failed(String),
}

/// What an `input-stream` reads from.
pub trait InputSource: 'static {
    /// Up to `len` bytes. `Ok` with an empty list only when nothing is
    /// available now (or `len` is 0); `Err(StreamError::Closed)` at the end.
    ///
    /// `len` comes from the reader and may be huge: return what there is,
    /// never allocate `len` bytes up front.
    fn read(&mut self, len: usize) -> Result<Vec<u8>, StreamError>;
}

/// What an `output-stream` writes to.
pub trait OutputSink: 'static {
    /// Writes all of `bytes`.
    fn write(&mut self, bytes: &[u8]) -> Result<(), StreamError>;
    /// Makes what was written visible wherever it goes (nothing by default).
    fn flush(&mut self) -> Result<(), StreamError> {
        Ok(())
    }
}

/// An [`InputSource`] over owned bytes: reads them in order, then reports
/// `Err(StreamError::Closed)` after the last byte.
#[derive(Clone, Debug, Default)]
pub struct Bytes {
    data: Vec<u8>,
    pos: usize,
}

impl Bytes {
    /// A source reading `data` from its start.
    pub fn new(data: Vec<u8>) -> Self {
        Bytes { data, pos: 0 }
    }

    /// The bytes not read yet.
    pub fn remaining(&self) -> &[u8] {
        &self.data[self.pos..]
    }
}

impl InputSource for Bytes {
    fn read(&mut self, len: usize) -> Result<Vec<u8>, StreamError> {
        let rest = self.remaining();
        if rest.is_empty() {
            return Err(StreamError::Closed);
        }
        let n = rest.len().min(len);
        let out = rest[..n].to_vec();
        self.pos += n;
        Ok(out)
    }
}

/// An [`OutputSink`] appending to a buffer shared by its clones: give one
/// clone to [`output_stream`](crate::output_stream) and keep another to read
/// what was written.
#[derive(Clone, Debug, Default)]
pub struct SharedBuffer {
    bytes: Rc<RefCell<Vec<u8>>>,
}

impl SharedBuffer {
    /// A new, empty buffer.
    pub fn new() -> Self {
        Self::default()
    }

    /// Everything written so far, leaving the buffer empty.
    pub fn take(&self) -> Vec<u8> {
        core::mem::take(&mut *self.bytes.borrow_mut())
    }

    /// A copy of everything written so far.
    pub fn contents(&self) -> Vec<u8> {
        self.bytes.borrow().clone()
    }

    /// The number of bytes written and not taken.
    pub fn len(&self) -> usize {
        self.bytes.borrow().len()
    }

    /// Whether nothing was written since the last [`take`](Self::take).
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

impl OutputSink for SharedBuffer {
    fn write(&mut self, bytes: &[u8]) -> Result<(), StreamError> {
        self.bytes.borrow_mut().extend_from_slice(bytes);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bytes_read_in_order_then_closed() {
        let mut b = Bytes::new(b"hello".to_vec());
        assert_eq!(b.read(0), Ok(Vec::new()));
        assert_eq!(b.read(2), Ok(b"he".to_vec()));
        assert_eq!(b.read(usize::MAX), Ok(b"llo".to_vec()));
        assert_eq!(b.read(1), Err(StreamError::Closed));
        assert_eq!(Bytes::new(Vec::new()).read(1), Err(StreamError::Closed));
    }

    #[test]
    fn shared_buffer_clones_share_the_bytes() {
        let buffer = SharedBuffer::new();
        let mut sink = buffer.clone();
        sink.write(b"ab").unwrap();
        sink.write(b"c").unwrap();
        assert_eq!(sink.flush(), Ok(()));
        assert_eq!(buffer.contents(), b"abc");
        assert_eq!(buffer.len(), 3);
        assert_eq!(buffer.take(), b"abc");
        assert!(buffer.is_empty());
    }
}
