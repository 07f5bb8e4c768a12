//! Virtual `wasi:cli` 0.2: arguments, environment, exit, and stdio with
//! captured output and given input.
//!
//! # What it serves
//!
//! This crate exports the world `weld:wasi/virt-cli` (`wasi/wit/worlds.wit`):
//! `wasi:cli/environment`, `exit`, `stdin`, `stdout` and `stderr` at 0.2.12,
//! for every crate of the link that imports them (std through weld's
//! preview 1 layer: `std::env::args`, `std::env::vars`, `println!`,
//! `eprintln!`, `std::io::stdin`, `std::process::exit`).
//!
//! - **Environment**: [`set_arguments`], [`set_environment`] and
//!   [`set_initial_cwd`] give what the app sees; by default no arguments, no
//!   variables, no working directory.
//! - **Stdin** reads the bytes given to [`set_stdin`] (or any
//!   [`InputSource`] given to [`set_stdin_source`]); by default it is
//!   empty.
//! - **Stdout and stderr** are captured: [`take_stdout`] and
//!   [`take_stderr`] return what was written. [`set_stdout`] and
//!   [`set_stderr`] send them to an [`OutputSink`] instead.
//! - **Exit** (`exit`, `exit-with-code`) records the status and traps: a
//!   module cannot end its own instance, so the host sees a trap whatever
//!   the status, and [`exit_status`] returns what was asked.
//!
//! The streams are minted by `weld-virt-io` (see its crate docs), which
//! serves `wasi:io/streams` in the same link. Nothing here calls std's I/O,
//! environment, clocks or randomness (this crate is what they reach); it is
//! `no_std` with `alloc`.
//!
//! The configuration functions are meant for the crate that sets up the
//! virtual world (a test, or the app's start-up code before it uses std's
//! I/O); they change what later WASI calls see.
//!
//! # Linking it
//!
//! Depend on the crate and name it once in the root crate, or rustc leaves
//! an unused dependency out of the link:
//!
//! ```ignore
//! use weld_virt_cli as _;
//! ```
//!
//! Calling one of its functions names it too. weld-ld then links every
//! import of these interfaces in the module to this crate, and with
//! `--no-host-imports` proves that none reaches the host.
//!
//! # Replacing it
//!
//! Any crate exporting the same interfaces can take this one's place
//! (weld-ld links each import to the one crate exporting it): link it
//! instead of this one. To hand out streams it needs the exporter of
//! `wasi:io/streams`; with `weld-virt-io`, that is
//! `weld_virt_io::output_stream(sink)` turned into the crate's own
//! `OutputStream` with `from_handle`, as in this crate's `stdio` module.
#![no_std]

extern crate alloc;

#[weld::shared_world(path = "../../wit", world = "virt-cli")]
mod bindings {}

mod environment;
mod exit;
mod global;
mod stdio;

pub use environment::{set_arguments, set_environment, set_initial_cwd};
pub use exit::exit_status;
pub use stdio::{set_stderr, set_stdin, set_stdin_source, set_stdout, take_stderr, take_stdout};
pub use weld_virt_io::{Bytes, InputSource, OutputSink, SharedBuffer, StreamError};

/// The type whose `Guest` implementations the export glue calls.
struct VirtCli;

bindings::export!(VirtCli with_types_in bindings);
