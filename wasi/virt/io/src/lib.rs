//! Virtual `wasi:io` 0.2: in-memory streams, pollables and errors, with a
//! Rust API for the other virtual crates to mint them.
//!
//! # What it serves
//!
//! This crate exports the world `weld:wasi/virt-io` (`wasi/wit/worlds.wit`):
//! `wasi:io/error`, `wasi:io/poll` and `wasi:io/streams` at 0.2.12. Linked
//! into a weld module, it serves every crate of the link that imports those
//! interfaces: std through weld's preview 1 layer, the other virtual WASI
//! crates (`weld-virt-cli`, `weld-virt-clocks`, `weld-virt-filesystem`), and
//! the app itself.
//!
//! - An `input-stream` reads from an [`InputSource`], an `output-stream`
//!   writes to an [`OutputSink`]; [`Bytes`] and [`SharedBuffer`] are the
//!   two ready-made ones (given bytes in, captured bytes out).
//! - A `pollable` asks a [`Pollee`]; streams' `subscribe` returns pollables
//!   that are always ready (a virtual stream never has to wait).
//! - An `error` carries a message: `to-debug-string` returns it.
//!
//! Nothing here calls std's I/O, environment, clocks or randomness (this
//! crate is what they reach); it is `no_std` with `alloc`.
//!
//! # Minting handles from other crates
//!
//! `wasi:io/streams` has no constructors: in the Component Model only the
//! component exporting it can create a stream, which is why other tools
//! virtualise every package that returns streams (stdio, files) in the same
//! component as `wasi:io`. In a weld module every crate shares one memory
//! and a handle of an exported resource is the address of its
//! representation, so this crate can mint a handle for any other crate of
//! the link: [`input_stream`], [`output_stream`], [`pollable`],
//! [`ready_pollable`] and [`error`] return a new **own** handle (`u32`).
//! A crate importing `wasi:io/streams` turns it into its own bindings'
//! imported type and returns that from its exported functions:
//!
//! ```ignore
//! // In a crate whose world imports wasi:io/streams and exports
//! // wasi:cli/stdout:
//! fn get_stdout() -> bindings::wasi::io::streams::OutputStream {
//!     let handle = weld_virt_io::output_stream(weld_virt_io::SharedBuffer::new());
//!     // SAFETY: a new own handle of wasi:io/streams.output-stream that
//!     // nothing else owns.
//!     unsafe { bindings::wasi::io::streams::OutputStream::from_handle(handle) }
//! }
//! ```
//!
//! Dropping that value calls this crate's `[resource-drop]`, which drops the
//! sink. The handle belongs to this crate's exports, so the minting crate
//! and this one must be linked into the same module (they are, when the
//! minting crate depends on this one).
//!
//! # Linking it
//!
//! Depend on the crate and name it once in the root crate, or rustc leaves
//! an unused dependency out of the link:
//!
//! ```ignore
//! use weld_virt_io as _;
//! ```
//!
//! Calling one of its functions names it too (`weld-virt-cli`, `weld-virt-clocks` and `weld-virt-filesystem` depend on it, so linking one of them links it). weld-ld then links every
//! import of these interfaces in the module to this crate, and with
//! `--no-host-imports` proves that none reaches the host.
//!
//! # Replacing it
//!
//! Any crate exporting the same three interfaces can take this one's place:
//! weld-ld links each import to the one crate exporting it. Crates that mint
//! handles through this crate's Rust API (the other virtual WASI crates)
//! need this one; replace them together, or give the replacement the same
//! functions.
#![cfg_attr(not(test), no_std)]

extern crate alloc;

#[weld::shared_world(path = "../../wit", world = "virt-io")]
mod bindings {}

mod error;
mod poll;
mod source;
mod streams;

pub use error::error;
pub use poll::{Pollee, pollable, ready_pollable};
pub use source::{Bytes, InputSource, OutputSink, SharedBuffer, StreamError};
pub use streams::{input_stream, output_stream};

/// The type whose `Guest` implementations the export glue calls.
struct VirtIo;

bindings::export!(VirtIo with_types_in bindings);
