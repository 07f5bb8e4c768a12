//! wit-bindgen's runtime test `resource-import-and-export` in weld's form
//! (tests/guests/riae): the runner imports `test`, the intermediate crate
//! imports it and exports it again (a wrapper), the leaf provides it. Its
//! `baz` passes own handles down through the wrapper to the leaf, which
//! drops them inside the call: each drop must reach the crate that made
//! the handle (SPEC.md section 13, "Resources through a wrapper"). The
//! runner's assertions trap on a wrong value; the checked mode (this is a
//! debug build) traps on a drop that reaches the wrong crate.

use weld_tests::{Guest, inspect, paths};

fn runner() -> Guest {
    Guest::load(&paths::built_wasm("weld-test-riae-runner").unwrap()).unwrap()
}

#[test]
fn the_runner_passes_through_the_wrapper() {
    let mut guest = runner();
    guest.call_unit("run").unwrap();
}

#[test]
fn every_thing_is_dropped_by_the_crate_that_made_it() {
    // Each run makes three things in the intermediate and five in the
    // leaf, and drops them all: after a warm-up run, the allocator's live
    // bytes and allocations come back to where they were.
    let mut guest = runner();
    guest.call_unit("run").unwrap();
    let before = guest.stats().unwrap();
    for _ in 0..1_000 {
        guest.call_unit("run").unwrap();
    }
    let after = guest.stats().unwrap();
    weld_tests::assert_nothing_left_live(&before, &after);
}

#[test]
fn one_module_one_memory_nothing_of_test_imported_or_exported() {
    let path = paths::built_wasm("weld-test-riae-runner").unwrap();
    inspect::assert_self_contained(&path);
    let summary = inspect::inspect(&std::fs::read(&path).unwrap()).unwrap();
    assert!(
        summary
            .exports
            .iter()
            .all(|e| !e.contains("resource-import-and-export") && !e.contains("__wrap_")),
        "{:?}",
        summary.exports
    );
    assert!(
        summary.exports.iter().any(|e| e == "run"),
        "{:?}",
        summary.exports
    );
}
