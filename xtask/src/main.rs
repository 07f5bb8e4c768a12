//! Project automation, run as `cargo xtask <command>`.
//!
//! - `setup`: installs the wasm32-wasip1 target if it is missing.
//! - `build-wasm`: builds every guest crate for wasm32-wasip1 (examples,
//!   test guests, and the separate staticlib workspaces).
//! - `example [input]`: set-up, build, then runs the example app in wasmtime.
//! - `bench`: the allocator benchmark (not part of `test`): prints the
//!   table and rewrites the generated part of docs/benchmarks.md.
//! - `test`: everything CI checks: formatting, the wasm builds, clippy, every
//!   test, and the docs.
//!
//! Each step prints the command it runs; the first failure stops the run.

mod steps;

use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("setup") => steps::setup(),
        Some("build-wasm") => steps::setup().and_then(|()| steps::build_wasm()),
        Some("example") => steps::example(args.get(1).cloned()),
        Some("test") => steps::test(),
        Some("bench") => steps::bench(),
        _ => Err(String::from(
            "usage: cargo xtask <setup | build-wasm | example [input] | test | bench>",
        )),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("xtask: {e}");
            ExitCode::FAILURE
        }
    }
}
