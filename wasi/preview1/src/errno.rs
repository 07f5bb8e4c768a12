//! WASI 0.2 errors as preview 1 `errno`s.

use crate::abi::{EIO, EPIPE, Errno};
use crate::bindings::wasi::filesystem::types::ErrorCode;
use crate::bindings::wasi::io::streams::StreamError;

/// The preview 1 `errno` of a `wasi:filesystem` error code.
pub fn from_code(code: ErrorCode) -> Errno {
    use ErrorCode::*;
    match code {
        Access => 2,
        WouldBlock => 6,
        Already => 7,
        BadDescriptor => 8,
        Busy => 10,
        Deadlock => 16,
        Quota => 19,
        Exist => 20,
        FileTooLarge => 22,
        IllegalByteSequence => 25,
        InProgress => 26,
        Interrupted => 27,
        Invalid => 28,
        Io => 29,
        IsDirectory => 31,
        Loop => 32,
        TooManyLinks => 34,
        MessageSize => 35,
        NameTooLong => 37,
        NoDevice => 43,
        NoEntry => 44,
        NoLock => 46,
        InsufficientMemory => 48,
        InsufficientSpace => 51,
        NotDirectory => 54,
        NotEmpty => 55,
        NotRecoverable => 56,
        Unsupported => 58,
        NoTty => 59,
        NoSuchDevice => 60,
        Overflow => 61,
        NotPermitted => 63,
        Pipe => 64,
        ReadOnly => 69,
        InvalidSeek => 70,
        TextFileBusy => 74,
        CrossDevice => 75,
    }
}

/// The preview 1 `errno` of a stdio stream error: a closed stream is a
/// broken pipe, a failed operation an I/O error. (Files are read and
/// written with `descriptor.read`/`write`, not streams, so
/// `filesystem-error-code` is never needed, nor imported.)
pub fn from_stream(e: StreamError) -> Errno {
    match e {
        StreamError::Closed => EPIPE,
        StreamError::LastOperationFailed(_) => EIO,
    }
}

/// Runs `f` and turns its outcome into an `errno`.
pub fn run(f: impl FnOnce() -> Result<(), Errno>) -> Errno {
    match f() {
        Ok(()) => crate::abi::SUCCESS,
        Err(e) => e,
    }
}
