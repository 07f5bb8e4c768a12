//! A WASI 0.3 command linked by weld (abi-spec/ASYNC.md section 11): the
//! root crate tests/guests/wasi3-app exports `wasi:cli/run@0.3.0`, whose
//! `run` is async; a linked virtualisation crate (tests/guests/wasi3-virt)
//! serves `wasi:cli/environment` and `wasi:clocks/monotonic-clock` (async
//! waits) inside the module; `wasi:random/random` and `wasi:cli/stdout`
//! (`write-via-stream`: a `stream<u8>` in, a `future<result>` out) are
//! wasmtime-wasi 48's WASI 0.3 implementation, or, through jco, the
//! browser page's (tests/js/wasi3-browser.mjs). One memory, and the
//! component imports only what the host serves.

use std::path::PathBuf;
use weld_tests::component::{self, Host};
use weld_tests::concurrent::block_on;
use weld_tests::wasmtime::component::{Component, Linker};
use weld_tests::wasmtime::{Engine, Store};
use weld_tests::wasmtime_wasi::WasiCtx;
use weld_tests::wasmtime_wasi::p2::pipe::MemoryOutputPipe;
use weld_tests::{inspect, paths};

/// The component, built once for the tests of this file.
fn built_component() -> PathBuf {
    static BUILT: std::sync::OnceLock<PathBuf> = std::sync::OnceLock::new();
    BUILT
        .get_or_init(|| {
            let module = paths::built_wasm("weld-test-wasi3-app").unwrap();
            let out = paths::target_dir()
                .join("weld-tests")
                .join("wasi3-app.component.wasm");
            component::componentize(env!("CARGO_BIN_EXE_weld-ld-for-tests"), &module, &out, None);
            out
        })
        .clone()
}

const RUN: &str = "wasi:cli/run@0.3.0";

/// Runs the command's `run` in wasmtime with WASI 0.3 (and 0.2, for
/// what std reaches), its stdout captured: `run`'s result and the output.
fn run_command() -> (Result<(), ()>, String) {
    let engine = Engine::default();
    let component = Component::from_file(&engine, built_component()).unwrap();
    let mut linker: Linker<Host> = Linker::new(&engine);
    weld_tests::wasmtime_wasi::p2::add_to_linker_sync(&mut linker).unwrap();
    weld_tests::wasmtime_wasi::p3::add_to_linker(&mut linker).unwrap();
    let stdout = MemoryOutputPipe::new(1 << 16);
    let ctx = WasiCtx::builder().stdout(stdout.clone()).build();
    let mut store = Store::new(&engine, Host::with_ctx(ctx));
    let instance = block_on(linker.instantiate_async(&mut store, &component)).unwrap();
    let iface = instance.get_export_index(&mut store, None, RUN).unwrap();
    let f = instance
        .get_export_index(&mut store, Some(&iface), "run")
        .unwrap();
    let run = instance
        .get_typed_func::<(), (Result<(), ()>,)>(&mut store, &f)
        .unwrap();
    let (result,) = block_on(store.run_concurrent(async move |a| run.call_concurrent(a, ()).await))
        .unwrap()
        .unwrap();
    drop(store);
    let out = String::from_utf8(stdout.contents().to_vec()).unwrap();
    (result, out)
}

#[test]
fn a_wasi_0_3_command_runs_with_its_virtualisation_crate_linked_in() {
    let (result, out) = run_command();
    assert_eq!(result, Ok(()));
    // The arguments and environment are the linked crate's (the host
    // gave none); the virtual clock advanced by the longer of two
    // concurrent waits; 16 random bytes came from the host.
    assert_eq!(
        out,
        "args=app --größe 3 env=WELD=wasi-0.3 waited=250 random=16\n"
    );
}

#[test]
fn the_component_imports_from_the_host_only_what_no_linked_crate_serves() {
    let bytes = std::fs::read(built_component()).unwrap();
    let wit = component::world_wit(&bytes).unwrap();
    for served in ["wasi:cli/stdout@0.3.0", "wasi:random/random@0.3.0"] {
        assert!(wit.contains(&format!("import {served};")), "{wit}");
    }
    for linked in [
        "wasi:cli/environment@0.3.0",
        "wasi:clocks/monotonic-clock@0.3.0",
    ] {
        assert!(!wit.contains(linked), "{linked} is served inside: {wit}");
    }
    assert!(wit.contains(&format!("export {RUN};")), "{wit}");
    let module = paths::built_wasm("weld-test-wasi3-app").unwrap();
    let summary = inspect::inspect(&std::fs::read(module).unwrap()).unwrap();
    assert_eq!(summary.memories, 1);
    // `write-via-stream` is lowered with its stream's built-ins; `run` is
    // lifted in the callback form.
    let stdout: Vec<&str> = summary
        .imports
        .iter()
        .filter(|(m, _)| m == "wasi:cli/stdout@0.3.0")
        .map(|(_, n)| n.as_str())
        .collect();
    assert!(stdout.contains(&"write-via-stream"), "{stdout:?}");
    assert!(
        summary
            .exports
            .iter()
            .any(|e| e == &format!("[async-lift]{RUN}#run")),
        "{:?}",
        summary.exports
    );
}

#[test]
fn a_wasi_0_3_command_runs_in_chromium_and_firefox_through_jco() {
    if !weld_tests::jco::have_jco() {
        println!("SKIPPED: node or jco (tests/js, `cargo xtask setup`) is not installed");
        return;
    }
    let runs =
        weld_tests::jco::run_in_browsers(&built_component(), "wasi3-browser", "wasi3-browser.mjs");
    for (browser, body) in &runs {
        // The same line as in wasmtime (the browser's random bytes are
        // preview2-shim's, 16 of them).
        assert_eq!(
            body,
            "run: \"ok\"\nstdout: \"args=app --größe 3 env=WELD=wasi-0.3 waited=250 random=16\\n\"\n",
            "in {browser}"
        );
    }
    println!("ran in {} browsers", runs.len());
}
