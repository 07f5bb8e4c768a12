//! Project automation, run as `cargo xtask <command>`.
//!
//! - `setup`: installs what the build needs when it is missing: the
//!   wasm32-wasip1 and wasm32-wasip2 targets, wac-cli, clang, the npm packages.
//! - `build-wasm`: builds every guest crate for wasm32-wasip1 (examples,
//!   test guests, and the separate staticlib workspaces), and both builds
//!   of examples/many and of bench/async.
//! - `build-many`: builds examples/many both ways (weld and shared-nothing,
//!   composed with wac), and the weld way with LTO, into `target/weld-many/`
//!   (`build-wasm` does too).
//! - `example [input]`: installs the wasm32-wasip1 target if missing, builds
//!   the example crates and runs the example app in wasmtime (the harness
//!   without its `wasi` feature: the fast first build).
//! - `bench`: the allocator benchmark (not part of `test`): prints the
//!   table and rewrites the generated part of docs/benchmarks.md.
//! - `bench-app`: the many-component app benchmark (not part of `test`):
//!   builds examples/many both ways, measures them in wasmtime and Node,
//!   and rewrites its section of docs/benchmarks.md and docs/app-bench.svg.
//! - `bench-async [--runs N]`: the stream pipeline benchmark (`test` runs
//!   only its smoke form, bench/tests/smoke.rs): builds bench/async both ways (weld, and wit-bindgen async
//!   components composed by wac), measures them in wasmtime and rewrites
//!   its section of docs/benchmarks.md.
//! - `test`: everything CI checks: formatting, the wasm builds, clippy, every
//!   test, and the docs.
//!
//! Each step prints the command it runs; the first failure stops the run.

mod chain;
mod many;
mod pipeline;
mod steps;
mod wasi;

use std::process::ExitCode;

/// `bench-async`'s arguments: nothing, or `--runs N` (N timed runs per
/// buffer size instead of the default).
fn bench_async_runs(args: &[String]) -> Result<Option<&str>, String> {
    match args {
        [] => Ok(None),
        [flag, n] if flag == "--runs" && n.parse::<usize>().is_ok_and(|n| n > 0) => {
            Ok(Some(n.as_str()))
        }
        _ => Err("usage: cargo xtask bench-async [--runs N] (N > 0)".into()),
    }
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("setup") => steps::setup(),
        Some("build-many") => steps::setup()
            .and_then(|()| steps::build_weld_ld())
            .and_then(|ld| many::build(&ld)),
        Some("bench-app") => steps::setup()
            .and_then(|()| steps::build_weld_ld())
            .and_then(|ld| many::bench(&ld)),
        Some("bench-async") => bench_async_runs(&args[1..]).and_then(|runs| {
            steps::setup()
                .and_then(|()| steps::build_weld_ld())
                .and_then(|ld| pipeline::bench(&ld, runs))
        }),
        Some("build-wasm") => steps::setup().and_then(|()| steps::build_wasm()),
        Some("example") => steps::example(args.get(1).cloned()),
        Some("test") => steps::test(),
        Some("bench") => steps::bench(),
        _ => Err(String::from(
            "usage: cargo xtask <setup | build-wasm | build-many | example [input] | test | bench | bench-app | bench-async [--runs N]>",
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
