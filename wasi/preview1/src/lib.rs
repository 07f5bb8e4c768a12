//! std's and wasi-libc's WASI preview 1 calls, served by WASI 0.2 WIT
//! imports inside the link.
//!
//! On `wasm32-wasip1`, std calls WASI through wasi-libc, and wasi-libc
//! calls every preview 1 function through a plain C symbol,
//! `__imported_wasi_snapshot_preview1_<function>`. This crate defines all
//! of them (SPEC.md section 14): each one is implemented with the WASI 0.2
//! interfaces of `wasi/wit` (`wasi:cli`, `wasi:clocks`, `wasi:random`,
//! `wasi:filesystem`, `wasi:io`), imported with weld's bindings. Linked
//! into an app, it turns every `println!`, `std::env::var`,
//! `SystemTime::now`, `std::fs::read` and getrandom call into ordinary weld
//! imports:
//!
//! - a linked crate exporting the interface serves the call (the virtual
//!   WASI crates in `wasi/virt/`, or one's own);
//! - otherwise the host does, through the interface's Canonical ABI import,
//!   and the component needs no preview 1 adapter.
//!
//! wasm-ld keeps only the functions the app can reach, so the module
//! imports only the WASI 0.2 functions those need.
//!
//! Use it from the root crate:
//!
//! ```ignore
//! use weld_wasi_preview1 as _;
//! ```
//!
//! The crate is `no_std`: it must never call std's I/O, which would come
//! back to it. Descriptors 0, 1 and 2 are `wasi:cli/stdin`, `stdout` and
//! `stderr`; the preopened directories of `wasi:filesystem/preopens`
//! follow from 3 on, then the files and directories the app opens.
//! Sockets and signals are not part of WASI 0.2's preview 1 surface here:
//! their functions return `ENOTSUP`/`ENOSYS`.
#![no_std]

extern crate alloc;

#[weld::shared_world(path = "../wit", world = "weld:wasi/preview1")]
mod bindings {}

mod abi;
mod cli;
mod clocks;
mod errno;
mod fd;
mod fs;
mod mem;
mod path;
mod poll;
mod state;
mod unsupported;
