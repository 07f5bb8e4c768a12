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
    runs_as_a_command("weld-test-command", true);
}

/// The same `main` with `weld-wasi-preview1` linked: the module imports no
/// WASI preview 1 (std's calls are WASI 0.2 imports), and the command
/// adapter is there for its `wasi:cli/run` alone.
#[test]
fn a_command_with_weld_wasi_preview1_runs_the_same() {
    runs_as_a_command("weld-test-command-wasi", false);
}

/// Whether a core module of the component imports WASI preview 1 (the
/// linked module does when no `weld-wasi-preview1` serves std's calls).
fn imports_preview1(component: &[u8]) -> bool {
    wasmparser::Parser::new(0)
        .parse_all(component)
        .filter_map(|p| match p.unwrap() {
            wasmparser::Payload::ImportSection(r) => Some(r),
            _ => None,
        })
        .flat_map(|r| r.into_imports())
        .any(|i| i.unwrap().module == "wasi_snapshot_preview1")
}

/// Checks the component built from the `bin` `package` (whose module
/// imports WASI preview 1 or not) and runs it as a command.
fn runs_as_a_command(package: &str, preview1: bool) {
    let path = paths::built_wasm(package).unwrap();
    let bytes = std::fs::read(&path).unwrap();
    assert_eq!(imports_preview1(&bytes), preview1);
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
