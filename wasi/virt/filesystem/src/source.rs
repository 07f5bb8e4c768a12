//! The `input-stream` of `read-via-stream`: a file's bytes from an offset,
//! read in place.

use alloc::vec::Vec;
use weld_virt_io::{InputSource, StreamError};

/// Reads a file's contents from a position; `Closed` at the end.
pub(crate) struct FileSource {
    bytes: &'static [u8],
    pos: usize,
}

impl FileSource {
    /// A source reading `bytes` from `offset` (past the end: nothing).
    pub(crate) fn new(bytes: &'static [u8], offset: u64) -> Self {
        let pos = usize::try_from(offset).map_or(bytes.len(), |o| o.min(bytes.len()));
        FileSource { bytes, pos }
    }
}

impl InputSource for FileSource {
    fn read(&mut self, len: usize) -> Result<Vec<u8>, StreamError> {
        let rest = &self.bytes[self.pos..];
        if rest.is_empty() {
            return Err(StreamError::Closed);
        }
        let n = rest.len().min(len);
        self.pos += n;
        Ok(rest[..n].to_vec())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_in_chunks_then_closes() {
        let mut s = FileSource::new(b"abcdef", 1);
        assert_eq!(s.read(0), Ok(Vec::new()));
        assert_eq!(s.read(2), Ok(b"bc".to_vec()));
        assert_eq!(s.read(100), Ok(b"def".to_vec()));
        assert_eq!(s.read(1), Err(StreamError::Closed));
        let mut past = FileSource::new(b"ab", u64::MAX);
        assert_eq!(past.read(1), Err(StreamError::Closed));
    }
}
