//! Async resource methods and statics, and futures and streams of every
//! element kind, between linked crates (abi-spec/ASYNC.md sections 4-6):
//! tests/guests/async-types-app calls async-types-provider's `store`, both
//! linked into one module and run in wasmtime. Values are checked on
//! arrival in the app (both directions), box destructor runs are counted
//! by the provider, and the allocator's live bytes must come back.

use weld_tests::{Guest, paths};

/// The checks the app must report.
const EXPECTED: &[&str] = &[
    "async method returns at once",
    "async method pending, then completed",
    "async method returning an own handle",
    "async method borrowing another box, and a function borrowing one",
    "async static",
    "dropping a pending async method call cancels it, then the box drops once",
    "async method taking a stream of records",
    "stream<list<string>> both ways",
    "stream<option<record>> both ways",
    "stream<result<string, u32>> both ways",
    "stream<tuple<bool, char, string>> both ways",
    "stream<map<string, list<u32>>> both ways",
    "stream<tuple of 10 types> both ways",
    "future<map<string, box>> read, and dropped unread: its boxes drop once (drop_elems)",
    "stream<box> from the provider",
    "stream<box> to the provider",
    "stream<box> read in part by the provider: the unread boxes come back and drop once",
    "stream<box> dropped by the reader after one: the provider's unread boxes drop once",
    "future<stream<u8>> from the provider",
    "stream<future<string>> to the provider",
    "future<box> written by default, read: the default box",
    "future<box> dropped unread: the box in it drops once (its element type's drop)",
    "future<option<box>> both cases",
];

fn app() -> Guest {
    Guest::load(&paths::built_wasm("weld-test-async-types-app").unwrap()).unwrap()
}

#[test]
fn async_methods_and_element_kinds_round_trip_between_linked_crates() {
    let mut guest = app();
    // Twice: the second run must leave the allocator where it started.
    weld_tests::assert_checks_pass(&mut guest, EXPECTED);
    let before = guest.stats().unwrap();
    weld_tests::assert_checks_pass(&mut guest, EXPECTED);
    let after = guest.stats().unwrap();
    assert_eq!(
        (after.live_bytes, after.live_allocs),
        (before.live_bytes, before.live_allocs),
        "{before:?} -> {after:?}"
    );
}

#[test]
fn boxes_crossing_streams_and_futures_drop_exactly_once_and_leak_nothing() {
    // Per round: 3 boxes from the provider (2 unread, returned), 2 boxes to
    // it, the default box of a future dropped unread, and an async method's
    // box and its twin.
    weld_tests::assert_churn_leaks_nothing(&mut app(), 1_000, 8);
}

/// Runs `leak-then-drop(case)` on a fresh instance of the module built in
/// `profile`: it must trap, naming the resource and the lend (the lend is
/// counted in release builds too, where the checked mode is off).
fn leak_then_drop_traps(profile: &str, case: u32) {
    let path = paths::built_wasm_in(profile, "weld-test-async-types-app").unwrap();
    let (mut guest, stderr) = Guest::load_capturing_stderr(&path).unwrap();
    let result = guest.call_u32("leak-then-drop", Some(case));
    let message = String::from_utf8_lossy(&stderr.contents()).into_owned();
    assert!(result.is_err(), "case {case}: no trap; stderr: {message}");
    assert!(
        message.contains("resource `box`")
            && message.contains("while a pending async call borrows it"),
        "case {case}: stderr was {message:?}"
    );
}

#[test]
fn dropping_a_box_lent_to_a_leaked_async_method_call_traps() {
    leak_then_drop_traps("debug", 0);
    leak_then_drop_traps("release", 0);
}

#[test]
fn dropping_a_box_lent_to_a_leaked_async_call_as_a_parameter_traps() {
    leak_then_drop_traps("debug", 1);
    leak_then_drop_traps("release", 1);
}

#[test]
fn the_round_trips_pass_in_release_too() {
    let path = paths::built_wasm_in("release", "weld-test-async-types-app").unwrap();
    weld_tests::assert_checks_pass(&mut Guest::load(&path).unwrap(), EXPECTED);
}
