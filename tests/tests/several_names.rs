//! One interface imported and exported under several names
//! (`import primary: store; import backup: store;`), linked in one module
//! (tests/guests/names-{app,provider}, WIT tests/guests/names-wit): each
//! name is its own slot, bound to the crate exporting that name, with its
//! own state and resources; a name no crate exports (`remote`) is the
//! host's canonical import (`remote`, `bump`). Run in wasmtime.

use weld_tests::wasmtime::Caller;
use weld_tests::{Guest, inspect, paths};

const PACKAGE: &str = "weld-test-names-app";

fn app() -> Guest {
    let path = paths::built_wasm(PACKAGE).unwrap();
    Guest::load_with_host(&path, &mut |linker| {
        linker.func_wrap("remote", "bump", |_: Caller<'_, _>, by: i32| by + 1000)?;
        Ok(())
    })
    .unwrap()
}

#[test]
fn each_name_reaches_its_own_slot() {
    weld_tests::assert_checks_pass(
        &mut app(),
        &["names", "state per name", "resources per name", "provider and host"],
    );
}

#[test]
fn only_the_unprovided_name_is_imported() {
    let bytes = std::fs::read(paths::built_wasm(PACKAGE).unwrap()).unwrap();
    let summary = inspect::inspect(&bytes).unwrap();
    let ours: Vec<_> = summary
        .imports
        .iter()
        .filter(|(m, _)| m != "wasi_snapshot_preview1")
        .cloned()
        .collect();
    assert_eq!(ours, [(String::from("remote"), String::from("bump"))]);
    assert_eq!(summary.memories, 1);
}

#[test]
fn a_thousand_rounds_leak_nothing() {
    let mut guest = app();
    guest.call_u32("stress", Some(1)).unwrap();
    let before = guest.stats().unwrap();
    assert_eq!(guest.call_u32("stress", Some(1_000)).unwrap(), 4_000);
    let after = guest.stats().unwrap();
    assert_eq!(after.live_bytes, before.live_bytes, "{before:?} -> {after:?}");
    assert_eq!(after.live_allocs, before.live_allocs, "{before:?} -> {after:?}");
}
