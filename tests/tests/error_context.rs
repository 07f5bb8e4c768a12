//! `error-context` between linked crates (abi-spec/ASYNC.md section 7) and
//! wit-bindgen's `sync` option: tests/guests/errctx-app calls
//! tests/guests/errctx-provider, both linked into one module run in
//! wasmtime. Messages are read on the other side, reference counts are
//! checked after every crossing, and the allocator ends where it started.
//! The app also cancels stream and future operations with wit-bindgen's
//! `cancel()`.

use weld_tests::{Guest, inspect, paths};

/// The checks the app must report.
const EXPECTED: &[&str] = &[
    "a result moves one reference",
    "a parameter is lent: the callee reads the message",
    "a callee keeps a reference until it drops it",
    "in a result",
    "in an option: the same error-context comes back",
    "in a list",
    "in a record and a variant",
    "an async call moves them both ways",
    "future<error-context> written by another crate",
    "stream<error-context> in, stream<record> out",
    "sync option: a plain fn export called through a blocking import",
    "sync option: a blocking import of a pending async function",
    "StreamWrite::cancel gives the unread values back",
    "StreamRead::cancel gives the buffer back",
    "FutureWrite::cancel takes the value back with the writer",
    "FutureRead::cancel gives the reader back",
];

fn app() -> Guest {
    Guest::load(&paths::built_wasm("weld-test-errctx-app").unwrap()).unwrap()
}

#[test]
fn error_contexts_round_trip_between_linked_crates() {
    weld_tests::assert_checks_pass(&mut app(), EXPECTED);
}

#[test]
fn a_thousand_rounds_of_every_check_leak_nothing() {
    // `churn(n)` runs every check `n` times; each round must pass.
    let mut guest = app();
    assert_eq!(guest.call_u32("churn", Some(1)).unwrap(), 1, "warm-up");
    let before = guest.stats().unwrap();
    assert_eq!(guest.call_u32("churn", Some(1000)).unwrap(), 1000);
    let after = guest.stats().unwrap();
    weld_tests::assert_nothing_left_live(&before, &after);
}

#[test]
fn the_module_is_self_contained() {
    // Every `errs` function binds to the provider: nothing is left for
    // the host, and there is one memory.
    inspect::assert_self_contained(&paths::built_wasm("weld-test-errctx-app").unwrap());
}
