//! `weld-bench`: weld's benchmarks, one subcommand each, all measured
//! through the wasmtime harness the tests use (`weld-harness`).
//!
//! - `weld-bench alloc <dir> [--write FILE.md]`: the allocator benchmark
//!   ([`alloc`]);
//! - `weld-bench resources <dir> [--write FILE.md]`: resource calls
//!   ([`resources`]);
//! - `weld-bench app <dir> <node_modules> [--write FILE.md]` and its
//!   partial forms: the many-component app, weld against shared-nothing
//!   ([`app`]);
//! - `weld-bench async <dir> [--runs N] [--write FILE.md]`: the stream
//!   pipeline, weld against shared-nothing ([`pipeline`]).
//!
//! `cargo xtask bench` builds the guests and runs the first two;
//! `cargo xtask bench-app` the third, `cargo xtask bench-async` the
//! fourth. Each prints a Markdown report and,
//! with `--write`, replaces its own section of that file ([`doc::splice`]).

mod alloc;
mod app;
mod doc;
mod pipeline;
mod resources;

use std::process::ExitCode;

/// The usage line, printed on a bad command line.
const USAGE: &str = "usage: weld-bench <alloc | resources | app | async> ... (see `cargo xtask bench`, `cargo xtask bench-app`, `cargo xtask bench-async`)";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let rest = args.get(1..).unwrap_or_default();
    let result = match args.first().map(String::as_str) {
        Some("alloc") => alloc::main(rest),
        Some("resources") => resources::main(rest),
        Some("app") => app::main(rest),
        Some("async") => pipeline::main(rest),
        _ => Err(weld_harness::wasmtime::format_err!("{USAGE}")),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("weld-bench: {e:#}");
            ExitCode::FAILURE
        }
    }
}
