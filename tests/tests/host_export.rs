//! A root crate exporting a resource to the host (tests/guests/host-export),
//! as a component in wasmtime: the host keeps its own handles in its table,
//! passes them back as own parameters and borrows, and dropping its last
//! handle runs the guest's destructor exactly once (SPEC.md, "Resources").

use wasmtime::component::{Component, Linker, ResourceAny};
use wasmtime::{Engine, Store};
use weld_tests::{component, paths};

mod host {
    //! The host's typed view of the guest's world.
    #![allow(missing_docs)]
    wasmtime::component::bindgen!({
        path: "guests/host-export/wit",
        world: "host-export",
    });
}

use host::HostExport;

/// The component, built once for all tests (they run in parallel).
fn built_component() -> std::path::PathBuf {
    static BUILT: std::sync::OnceLock<std::path::PathBuf> = std::sync::OnceLock::new();
    BUILT.get_or_init(build_component).clone()
}

fn build_component() -> std::path::PathBuf {
    let module = paths::built_wasm("weld-test-host-export").unwrap();
    let out = paths::target_dir()
        .join("weld-tests")
        .join("host-export.component.wasm");
    component::componentize(env!("CARGO_BIN_EXE_weld-ld-for-tests"), &module, &out, None);
    out
}

type Host = Store<component::Host>;

fn instantiate() -> (Host, HostExport) {
    let engine = Engine::default();
    let component = Component::from_file(&engine, built_component()).unwrap();
    let mut linker = Linker::new(&engine);
    wasmtime_wasi::p2::add_to_linker_sync(&mut linker).unwrap();
    let mut store = Store::new(&engine, component::Host::new());
    let world = HostExport::instantiate(&mut store, &component, &linker).unwrap();
    (store, world)
}

fn new_cell(s: &mut Host, w: &HostExport, v: u32) -> ResourceAny {
    w.test_hosted_cells().cell().call_constructor(s, v).unwrap()
}

fn get(s: &mut Host, w: &HostExport, c: ResourceAny) -> u32 {
    w.test_hosted_cells().cell().call_get(s, c).unwrap()
}

/// (cells alive in the guest, destructor runs so far).
fn counts(s: &mut Host, w: &HostExport) -> (u32, u32) {
    let cells = w.test_hosted_cells();
    (
        cells.call_live(&mut *s).unwrap(),
        cells.call_dropped(s).unwrap(),
    )
}

#[test]
fn host_handles_of_a_guest_resource() {
    let (mut s, w) = instantiate();
    let cells = w.test_hosted_cells();
    let a = new_cell(&mut s, &w, 5);
    assert_eq!(get(&mut s, &w, a), 5);
    assert_eq!(cells.cell().call_add(&mut s, a, 10).unwrap(), 15);
    let z = cells.cell().call_zero(&mut s).unwrap();
    let m = cells.cell().call_merge(&mut s, a, z).unwrap();
    assert_eq!(get(&mut s, &w, m), 15);
    assert_eq!(counts(&mut s, &w), (3, 0));
    for c in [a, z, m] {
        c.resource_drop(&mut s).unwrap();
    }
    assert_eq!(
        counts(&mut s, &w),
        (0, 3),
        "each host drop runs the destructor once"
    );
}

#[test]
fn own_parameters_come_back_without_running_the_destructor() {
    let (mut s, w) = instantiate();
    let cells = w.test_hosted_cells();
    let a = new_cell(&mut s, &w, 7);
    assert_eq!(cells.call_consume(&mut s, a).unwrap(), 7);
    // The guest took the cell back from the host's table, then dropped it
    // itself at the end of `consume`: one destructor run, not two.
    assert_eq!(counts(&mut s, &w), (0, 1));
    let b = new_cell(&mut s, &w, 8);
    let kept = cells.call_maybe(&mut s, Some(b)).unwrap().unwrap();
    assert_eq!(
        get(&mut s, &w, kept),
        8,
        "the cell came back to the host as a new handle"
    );
    assert_eq!(counts(&mut s, &w), (1, 1));
    assert!(cells.call_maybe(&mut s, None).unwrap().is_none());
    kept.resource_drop(&mut s).unwrap();
    assert_eq!(counts(&mut s, &w), (0, 2));
}

#[test]
fn handles_inside_aggregates() {
    let (mut s, w) = instantiate();
    let cells = w.test_hosted_cells();
    let (a, b) = cells.call_pair(&mut s, 1, 2).unwrap();
    assert_eq!(cells.call_total(&mut s, &[a, b, a]).unwrap(), 4);
    let named = cells.call_wrap(&mut s, "one", a).unwrap();
    assert_eq!(named.name, "one");
    let text = cells.call_name_of(&mut s, &named).unwrap();
    assert_eq!(text, "one=1");
    assert_eq!(
        counts(&mut s, &w),
        (1, 1),
        "name-of consumed the cell in the record"
    );
    b.resource_drop(&mut s).unwrap();
    assert_eq!(counts(&mut s, &w), (0, 2));
}

#[test]
fn a_thousand_host_handles_leak_nothing() {
    let (mut s, w) = instantiate();
    for i in 0..1000 {
        let c = new_cell(&mut s, &w, i);
        assert_eq!(get(&mut s, &w, c), i);
        c.resource_drop(&mut s).unwrap();
    }
    assert_eq!(counts(&mut s, &w), (0, 1000));
}
