//! A command (docs/linking.md, "Commands"): the `bin` crate
//! `tests/guests/command`, linked by weld-ld with `--weld-component`, is a
//! component that wasmtime runs as a command: its `wasi:cli/run` export
//! (the WASI preview 1 command adapter's) calls the module's `_start`,
//! which runs `main`, which calls the linked provider crate.

use weld_tests::component::{self, Host, Prepared};
use weld_tests::wasmtime_wasi::WasiCtx;
use weld_tests::wasmtime_wasi::p2::bindings::sync::Command;
use weld_tests::{MemoryOutputPipe, paths, wasmtime};

#[test]
fn a_command_linked_as_a_component_runs_main_through_wasi_cli_run() {
    let path = paths::built_wasm("weld-test-command").unwrap();
    let bytes = std::fs::read(&path).unwrap();
    assert!(
        wasmparser::Parser::is_component(&bytes),
        "weld-ld --weld-component wrote a core module"
    );
    let world = component::world_wit(&bytes).unwrap();
    assert!(world.contains("export wasi:cli/run@"), "{world}");
    // `greet` is served inside the module; the root world exports nothing
    // of its own.
    assert!(!world.contains("greet"), "{world}");
    assert_eq!(component::core_memories(&bytes).unwrap(), 1);

    let stdout = MemoryOutputPipe::new(4096);
    let ctx = WasiCtx::builder()
        .stdout(stdout.clone())
        .args(&["command", "one", "two"])
        .build();
    let prepared = Prepared::load(&path, &wasmtime::Config::new()).unwrap();
    let mut store = prepared.store(Host::with_ctx(ctx));
    let instance = prepared.instantiate(&mut store).unwrap();
    let command = Command::new(&mut store, &instance).unwrap();
    let status = command.wasi_cli_run().call_run(&mut store).unwrap();
    assert_eq!(status, Ok(()));
    let out = String::from_utf8(stdout.contents().to_vec()).unwrap();
    assert_eq!(out, "hello, command!\nargs: 3\n");
}
