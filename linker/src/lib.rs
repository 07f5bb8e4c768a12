//! weld-ld: links weld crates into one wasm module.
//!
//! wasm-ld (rust-lld) does the linking; weld-ld finds it, reads the
//! `weld-meta` records of every input (objects and staticlib archives) to
//! learn which WIT functions the inputs export, and asks wasm-ld to export
//! exactly those plus the runtime's entry points. The link-time WIT checks,
//! host-import renaming and component output are the linker issue's; this
//! crate holds the parts every link needs.

pub mod alias;
pub mod archive;
pub mod args;
pub mod check;
pub mod cli;
pub mod component;
pub mod driver;
pub mod error;
pub mod exports;
pub mod finish;
pub mod inputs;
pub mod link;
pub mod map;
pub mod merged;
pub mod origin;
pub mod rewrite;
pub mod symbols;
pub mod wasm;
pub mod wasm_ld;
pub mod wrap;

pub use error::Error;
