//! weld-ld: links weld crates into one wasm module with one memory, and
//! optionally a component.
//!
//! wasm-ld (the toolchain's rust-lld) does the linking; weld-ld runs it as
//! cargo's linker (wasm-ld's own command line, `driver`, read with the
//! declared table of wasm-ld's flags in `args`) or standalone
//! (`weld-ld link`, `weld-ld component`, [`cli`]). Around it weld-ld:
//!
//! - reads the `weld-meta` records of every input (objects and staticlib
//!   archives) and asks wasm-ld to export only the root world's canonical
//!   exports and the runtime's entry points (`exports`, `merged` for
//!   LTO);
//! - before wasm-ld runs, writes an alias object (`alias`) that binds an
//!   import of one interface version to a linked semver-compatible export,
//!   and reroutes crates' own WASI preview 1 externs to a linked
//!   `__imported_wasi_snapshot_preview1_<fn>` definition
//!   (weld-wasi-preview1); passes `--wrap` for wrapper crates (`wrap`);
//! - after the link, checks the WIT wiring (ABI versions, one provider per
//!   interface, type hashes, semver-compatible bindings) and every core
//!   import the module keeps against `--no-host-imports` or the allow-list,
//!   naming the crate that pulled it in ([`check`], `origin`), and that
//!   handles of a wrapped resource mean one type on both sides of every
//!   call (`views`), and, in a cargo link, that no interface goes to the
//!   host while a dependency the root never named (or a `cdylib`) exports
//!   it and that no input was built with wit-bindgen (`deps`); renames
//!   unprovided WIT imports to their Canonical ABI names for the host
//!   (`rewrite`);
//! - writes a core module, or a component ([`component`]) whose world is
//!   the imports no crate provides and the root world's exports, with the
//!   WASI preview 1 adapter only when the module still imports preview 1;
//! - on request writes a map of the link (`map`).
//!
//! docs/linking.md describes all of it with real outputs.
//!
//! The library's public API is what the `weld-ld` binary and the tests
//! need: [`cli::main`], the wiring check ([`check`]), the component
//! encoder ([`component`]), an object's function symbols ([`symbols`]) and
//! [`Error`]. The other modules are private.

mod alias;
mod archive;
mod args;
pub mod check;
pub mod cli;
pub mod component;
mod deps;
mod driver;
pub mod error;
mod exports;
mod finish;
mod inputs;
mod link;
mod map;
mod merged;
mod origin;
mod rewrite;
pub mod symbols;
mod views;
mod wasm;
mod wasm_ld;
mod wrap;

pub use error::Error;
