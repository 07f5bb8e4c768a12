//! The virtual WASI build of examples/wasi (`target/weld-wasi/virtual.wasm`,
//! see tests/tests/wasi.rs) as a component in a second component runtime:
//! wasm_component_layer over wasmi, with a linker that defines nothing (no
//! host function at all). It gives the same output as in wasmtime, and two
//! instances live side by side in one store.
//!
//! Versions: wasm_component_layer 0.1.18 with wasm_runtime_layer 0.4.2 and
//! wasmi_runtime_layer 0.40.0 (wasmi 0.40). wasm_component_layer asks for
//! `wasm_runtime_layer >= 0.4.0`; the lock file pins 0.4.2, the version
//! wasmi_runtime_layer 0.40 implements (with a newer one the two crates'
//! `Engine` types differ and this does not compile).

use wasm_component_layer::{Component, Engine, Instance, Linker, Store};
use weld_tests::component;
use weld_tests::wasi_app::{self, EXPECTED, run_with_empty_linker};

/// The virtual component's bytes (under its own name: tests/tests/wasi.rs
/// makes its own).
fn virtual_component() -> Vec<u8> {
    let path = wasi_app::component(
        env!("CARGO_BIN_EXE_weld-ld-for-tests"),
        "virtual",
        "wasi-virtual-layer",
    );
    std::fs::read(path).unwrap()
}

type WasmiStore = Store<(), wasmi_runtime_layer::Engine>;

/// Calls the instance's root export `run: func() -> string`.
fn call_run(store: &mut WasmiStore, instance: &Instance) -> String {
    let run = instance
        .exports()
        .root()
        .func("run")
        .expect("the component exports `run`")
        .typed::<(), String>()
        .unwrap();
    run.call(&mut *store, ()).unwrap()
}

#[test]
fn the_virtual_component_runs_in_wasm_component_layer_on_wasmi_with_no_host_functions() {
    let bytes = virtual_component();
    // The main module and wit-component's fixup (which runs
    // `_initialize`): no preview 1 adapter, no shim for host imports.
    assert_eq!(component::core_modules(&bytes).unwrap(), 2);
    assert_eq!(component::core_memories(&bytes).unwrap(), 1);

    let engine = Engine::new(wasmi_runtime_layer::Engine::default());
    let mut store = Store::new(&engine, ());
    let component = Component::new(&engine, &bytes).unwrap();
    // Nothing to satisfy: the component imports nothing ...
    assert_eq!(component.imports().instances().count(), 0);
    assert_eq!(component.imports().root().funcs().count(), 0);
    assert_eq!(component.imports().root().resources().count(), 0);
    // ... and exports `run` at the root.
    let run_ty = component.exports().root().func("run").expect("`run`");
    assert!(run_ty.params().is_empty(), "{run_ty:?}");
    assert_eq!(run_ty.results().len(), 1, "{run_ty:?}");

    // A linker that defines nothing.
    let linker = Linker::default();
    assert_eq!(linker.root().funcs().count(), 0);
    assert_eq!(linker.instances().count(), 0);

    let first = linker.instantiate(&mut store, &component).unwrap();
    let out = call_run(&mut store, &first);
    assert_eq!(out, EXPECTED);
    assert_eq!(
        out,
        run_with_empty_linker(&bytes).unwrap(),
        "wasmtime gives another output"
    );

    // A second instance in the same store, while the first lives: each has
    // its own memory and state (the virtual crates configure themselves
    // once per instance, and `run` takes what was captured).
    let second = linker.instantiate(&mut store, &component).unwrap();
    assert_eq!(call_run(&mut store, &second), EXPECTED);
    assert_eq!(call_run(&mut store, &first), EXPECTED);
    assert_eq!(call_run(&mut store, &second), EXPECTED);
    assert!(second.drop(&mut store).unwrap().is_empty());
    assert!(first.drop(&mut store).unwrap().is_empty());
}
