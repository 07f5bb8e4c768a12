//! Async functions between linked crates (abi-spec/ASYNC.md section 4):
//! tests/guests/async-app calls the async functions of async-mid and
//! async-leaf (async-mid's await async-leaf's), all three linked into one
//! module and run in wasmtime. The root's exports are synchronous and
//! drive the module's one executor with `weld::rt::block_on`.

use weld_tests::{Guest, inspect, paths};

/// The checks the app must report.
const EXPECTED: &[&str] = &[
    "returns at once",
    "pending, then completed",
    "pending after awaiting another crate",
    "record, list and string",
    "empty list and string",
    "no result",
    "dropping a pending call cancels it in both crates",
    "spawned tasks run while block_on waits",
    "future<u32> written by another crate",
    "future<string> written by another crate",
    "future<record> written by another crate",
    "future passed to another crate",
    "reader dropped before the value: it comes back to the writer",
    "writer dropped without writing: the reader gets the default",
    "future dropped unread by another crate: the value comes back",
    "future<record> with a string, its writer and then its reader dropped in another crate: the default's string is freed",
];

fn app() -> Guest {
    Guest::load(&paths::built_wasm("weld-test-async-app").unwrap()).unwrap()
}

#[test]
fn async_calls_round_trip_between_linked_crates() {
    weld_tests::assert_checks_pass(&mut app(), EXPECTED);
}

#[test]
fn ten_thousand_pending_calls_through_two_crates_leak_nothing() {
    // Each relay is pending in two crates (two tasks, two result futures).
    weld_tests::assert_churn_leaks_nothing(&mut app(), 10_000, 1);
}

#[test]
fn the_async_module_imports_no_async_function() {
    // Every `[async]f` binds to the crate exporting it: nothing of
    // `test:calls` is left for the host, and there is one memory.
    let path = paths::built_wasm("weld-test-async-app").unwrap();
    inspect::assert_self_contained(&path);
    let bytes = std::fs::read(&path).unwrap();
    let summary = inspect::inspect(&bytes).unwrap();
    let names = summary
        .imports
        .iter()
        .map(|(_, n)| n)
        .chain(&summary.exports);
    let leaked: Vec<&String> = names.filter(|n| n.contains("[async]")).collect();
    assert!(
        leaked.is_empty(),
        "async entry points imported or exported: {leaked:?}"
    );
}
