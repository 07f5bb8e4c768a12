//! Every WIT value type, sent import -> export -> back between two crates
//! linked into one module (tests/guests/runner and tests/guests/provider),
//! run in wasmtime; and no byte leaked after 10,000 calls.

use weld_tests::{Guest, inspect, paths};

/// The checks the runner must report, one per WIT type it covers.
const EXPECTED: &[&str] = &[
    "bool",
    "u8",
    "s8",
    "u16",
    "s16",
    "u32",
    "s32",
    "u64",
    "s64",
    "f32",
    "f64",
    "char",
    "many-scalars",
    "string",
    "list<u8>",
    "list<string>",
    "list<list<string>>",
    "list<list<u32>>",
    "record",
    "list<record>",
    "list<plain record>",
    "nested record",
    "list<nested record>",
    "tuple",
    "variant",
    "list<variant>",
    "enum",
    "flags",
    "option",
    "result",
    "type alias",
    "more than 16 params",
    "no result",
    "world-level function",
];

fn runner() -> Guest {
    Guest::load(&paths::built_wasm("weld-test-runner").unwrap()).unwrap()
}

#[test]
fn every_type_round_trips() {
    weld_tests::assert_checks_pass(&mut runner(), EXPECTED);
}

#[test]
fn ten_thousand_calls_leak_nothing() {
    let mut guest = runner();
    let stress = "stress";
    guest.call_u32(stress, Some(1)).unwrap(); // warm up lazily initialised state
    let before = guest.stats().unwrap();
    let made = guest.call_u32(stress, Some(10_000)).unwrap();
    let after = guest.stats().unwrap();
    assert!(made >= 10_000, "only {made} calls were made");
    assert_eq!(
        after.live_bytes, before.live_bytes,
        "{before:?} -> {after:?}"
    );
    assert_eq!(
        after.live_allocs, before.live_allocs,
        "{before:?} -> {after:?}"
    );
    assert!(
        after.peak_bytes > before.live_bytes,
        "the calls allocated nothing: {after:?}"
    );
}

#[test]
fn the_round_trip_module_has_one_memory() {
    inspect::assert_self_contained(&paths::built_wasm("weld-test-runner").unwrap());
}
