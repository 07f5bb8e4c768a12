//! `wasi:io/error`: an error is its message.

use crate::VirtIo;
use crate::bindings::exports::wasi::io::error::{Error, Guest, GuestError};
use alloc::string::String;

/// The representation of an `error` resource.
pub(crate) struct ErrorRep {
    message: String,
}

impl GuestError for ErrorRep {
    fn to_debug_string(&self) -> String {
        self.message.clone()
    }
}

impl Guest for VirtIo {
    type Error = ErrorRep;
}

/// The exported own `error` carrying `message`.
pub(crate) fn new_error(message: String) -> Error {
    Error::new(ErrorRep { message })
}

/// A new own handle of `wasi:io/error.error` whose `to-debug-string` is
/// `message`.
///
/// The caller owns the handle: turn it into its bindings' imported `Error`
/// with `from_handle`, or hand it on; dropping that frees the error.
pub fn error(message: impl Into<String>) -> u32 {
    new_error(message.into()).take_handle()
}
