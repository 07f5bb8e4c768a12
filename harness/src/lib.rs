//! The wasmtime harness shared by weld's tests (`weld-tests`) and
//! benchmarks (`weld-bench`): runs linked weld modules and components in
//! wasmtime and reads facts off them.
//!
//! This is the crate of the workspace that depends on wasmtime (it takes
//! minutes to build on a small machine); the tests and the benchmarks use
//! it with one feature set, so wasmtime is compiled once for both. It
//! holds what a host needs to load, instantiate and call a module or a
//! component; what a test asserts or a benchmark measures stays with them.
//!
//! - [`core`]: core modules with WASI preview 1, called with the weld ABI;
//! - `component` (feature `wasi`): components with WASI 0.2, and their
//!   structure;
//! - `concurrent` (feature `wasi`): driving component-model-async calls
//!   and host functions that suspend;
//! - [`inspect`]: a module's memories, imports, exports and metadata;
//! - [`paths`]: where the workspace's wasm artifacts are.
//!
//! Its binary `weld-run` runs the example app (`cargo xtask example`). The
//! feature `wasi` (on by default) adds WASI and the component model; `cargo
//! xtask example` builds the harness without it, so that wasmtime compiles
//! with cranelift alone and the first answer comes in minutes, not in the
//! quarter of an hour the full harness takes on a fresh 2-core machine.

#[cfg(feature = "wasi")]
pub mod component;
#[cfg(feature = "wasi")]
pub mod concurrent;
pub mod core;
pub mod inspect;
pub mod paths;

pub use crate::core::{CoreModule, Data, Guest, HostDefs, Options, Output, Stats};
pub use wasmtime;
#[cfg(feature = "wasi")]
pub use wasmtime_wasi;
#[cfg(feature = "wasi")]
pub use wasmtime_wasi::p2::pipe::MemoryOutputPipe;
