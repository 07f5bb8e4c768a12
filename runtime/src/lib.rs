//! Runtime for weld guests.
//!
//! This is the one crate a weld guest depends on. It re-exports the
//! `#[shared_world]` macro, holds the single allocator shared by every crate
//! (and C object) linked into a module, and the small helpers that generated
//! bindings call. It must stay `no_std` and dependency-free: every linked
//! crate carries it.
#![no_std]
#![deny(missing_docs, unsafe_op_in_unsafe_fn)]

extern crate alloc as rust_alloc;

pub mod alloc;
pub mod copies;
#[cfg(target_arch = "wasm32")]
mod init;
mod resource;
#[doc(hidden)]
pub mod rt;
#[doc(hidden)]
pub mod task;

#[cfg(feature = "macros")]
pub use weld_macros::{generate, shared_world};

/// Generated bindings refer to this constant: bindings from one weld
/// release do not compile against another release's runtime.
#[doc(hidden)]
pub const VERSION_CHECK_0_1_0: () = ();
