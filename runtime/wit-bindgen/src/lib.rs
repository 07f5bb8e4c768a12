//! wit-bindgen 0.63's crate-root names for async code, over weld's
//! runtime (`weld::rt`), so that a component written for wit-bindgen
//! compiles unchanged where it names them: depend on this crate under
//! wit-bindgen's name,
//!
//! ```toml
//! [dependencies]
//! weld = "0.1"
//! wit-bindgen = { package = "weld-wit-bindgen", version = "0.1" }
//! ```
//!
//! and `wit_bindgen::block_on`, `wit_bindgen::StreamReader<T>`,
//! `wit_bindgen::StreamResult::Complete(n)` and the rest mean weld's (the
//! macro line still changes to `weld::generate!`). Everything here is a
//! re-export: the types are weld's (docs/async.md says how they differ).
//!
//! Must not: define anything of its own.

#![no_std]

pub use weld::rt::{
    AbiBuffer, FutureRead, FutureReader, FutureWrite, FutureWriteCancel, FutureWriteError,
    FutureWriter, StreamRead, StreamReader, StreamResult, StreamWrite, StreamWriter,
};
#[cfg(target_arch = "wasm32")]
pub use weld::rt::{JoinHandle, block_on, spawn_local, yield_async};

/// wit-bindgen's hidden runtime module, for the one async type it does not
/// re-export at its root.
#[doc(hidden)]
pub mod rt {
    /// wit-bindgen's `rt::async_support`.
    pub mod async_support {
        pub use weld::rt::ErrorContext;
    }
}
