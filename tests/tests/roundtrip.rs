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
    weld_tests::assert_nothing_left_live(&before, &after);
    assert!(
        after.peak_bytes > before.live_bytes,
        "the calls allocated nothing: {after:?}"
    );
}

#[test]
fn the_round_trip_module_has_one_memory() {
    inspect::assert_self_contained(&paths::built_wasm("weld-test-runner").unwrap());
}

/// Reads the string whose `(ptr, len)` pair is at `at`.
fn string_at(guest: &Guest, at: u32) -> String {
    let pair = guest.read(at, 8).unwrap();
    let word = |i: usize| u32::from_le_bytes(pair[i..i + 4].try_into().unwrap());
    String::from_utf8(guest.read(word(0), word(4)).unwrap()).unwrap()
}

/// Root exports returning fixed-length lists of strings, of lists and of
/// records holding strings, nested, inside a list, an option and a tuple:
/// the host reads the result, and the post-return function frees all of
/// it (before it freed nothing inside a fixed-length list).
#[test]
fn post_return_frees_inside_fixed_length_lists() {
    use weld_tests::wasmtime::TypedFunc;
    let mut guest = runner();
    let strings: TypedFunc<i32, i32> = guest.typed("fixed-strings").unwrap();
    let strings_post: TypedFunc<i32, ()> = guest.typed("cabi_post_fixed-strings").unwrap();
    let nested: TypedFunc<i32, i32> = guest.typed("fixed-nested").unwrap();
    let nested_post: TypedFunc<i32, ()> = guest.typed("cabi_post_fixed-nested").unwrap();

    let ret = guest.call(&strings, 7).unwrap() as u32;
    let got: Vec<String> = (0..3).map(|i| string_at(&guest, ret + 8 * i)).collect();
    assert_eq!(got, ["a7", "bb7", "ccc7"]);
    guest.call(&strings_post, ret as i32).unwrap();
    // tuple<list<labelled, 2>, list<..>, option<list<list<string, 1>, 2>>>:
    // a `labelled` is 32 bytes (label, parts, sizes); the option's tag is
    // at 72 and its payload at 76.
    let ret = guest.call(&nested, 7).unwrap() as u32;
    assert_eq!(string_at(&guest, ret), "label7");
    assert_eq!(string_at(&guest, ret + 8), "p7");
    assert_eq!(string_at(&guest, ret + 32 + 16), "q8");
    assert_eq!(guest.read(ret + 72, 1).unwrap(), [1]);
    assert_eq!(string_at(&guest, ret + 76), "x7");
    guest.call(&nested_post, ret as i32).unwrap();

    let before = guest.stats().unwrap();
    for n in 0..1_000 {
        let ret = guest.call(&strings, n).unwrap();
        guest.call(&strings_post, ret).unwrap();
        let ret = guest.call(&nested, n).unwrap();
        guest.call(&nested_post, ret).unwrap();
    }
    let after = guest.stats().unwrap();
    weld_tests::assert_nothing_left_live(&before, &after);
}
