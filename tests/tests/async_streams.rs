//! `stream<u8>` between linked crates (abi-spec/ASYNC.md section 6): a
//! three-crate pipeline (tests/guests/async-pipe-{producer,transformer,
//! consumer}) linked by the root crate async-pipe-app into one module and
//! run in wasmtime. Every buffer the producer writes moves to the
//! transformer, is changed in place and moves on to the consumer: the
//! bindings count the bytes the streams moved and copied.
//!
//! Streams of strings and of records holding a string cross both ways
//! between the root and the producer crate (`texts`): every value is
//! checked on arrival, and the allocator's live bytes come back to their
//! start after many streams and after readers dropped with unread strings
//! in flight.

use weld_tests::{Guest, inspect, paths};

const MIB: u64 = 1024 * 1024;

fn app() -> Guest {
    Guest::load(&paths::built_wasm("weld-test-async-pipe-app").unwrap()).unwrap()
}

/// The root's `run(total, chunk) -> string` report, as `(key, value)`s.
fn run(guest: &mut Guest, total: u64, chunk: u32) -> Vec<(String, u64)> {
    report(guest, "run", (total as i64, chunk as i32))
}

/// The `key=value ...` string a root export `func(args) -> string`
/// returns, as `(key, value)`s.
fn report<P: wasmtime::WasmParams>(guest: &mut Guest, func: &str, args: P) -> Vec<(String, u64)> {
    let f = guest.typed::<P, i32>(func).unwrap();
    let ret = guest.call(&f, args).unwrap() as u32;
    let area = guest.read(ret, 8).unwrap();
    let word = |i: usize| u32::from_le_bytes(area[i..i + 4].try_into().unwrap());
    let text = String::from_utf8(guest.read(word(0), word(4)).unwrap()).unwrap();
    let post = guest
        .typed::<i32, ()>(&format!("cabi_post_{func}"))
        .unwrap();
    guest.call(&post, ret as i32).unwrap();
    text.split(' ')
        .map(|kv| {
            let (k, v) = kv.split_once('=').unwrap_or_else(|| panic!("{text}"));
            (
                k.to_string(),
                v.parse().unwrap_or_else(|_| panic!("{text}")),
            )
        })
        .collect()
}

fn get(report: &[(String, u64)], key: &str) -> u64 {
    report
        .iter()
        .find(|(k, _)| k == key)
        .unwrap_or_else(|| panic!("no {key} in {report:?}"))
        .1
}

/// What the consumer must sum: buffer `k` holds `k mod 256` + 1.
fn checksum(total: u64, chunk: u64) -> u64 {
    let mut sum = 0;
    let mut sent = 0;
    let mut k = 0u64;
    while sent < total {
        let n = (total - sent).min(chunk);
        sum += u64::from((k as u8).wrapping_add(1)) * n;
        sent += n;
        k += 1;
    }
    sum
}

#[test]
fn sixty_four_mib_through_three_linked_crates_copies_nothing_and_leaks_nothing() {
    let mut guest = app();
    // Warm up the allocator's size classes and the executor.
    run(&mut guest, MIB, 64 * 1024);
    let before = guest.stats().unwrap();
    let (total, chunk) = (64 * MIB, 64 * 1024u32);
    let report = run(&mut guest, total, chunk);
    let after = guest.stats().unwrap();
    println!("64 MiB pipeline: {report:?}; {before:?} -> {after:?}");
    assert_eq!(get(&report, "bytes"), total);
    assert_eq!(get(&report, "buffers"), total / u64::from(chunk));
    assert_eq!(get(&report, "checksum"), checksum(total, u64::from(chunk)));
    // Two streams, every byte handed over in both, none copied.
    assert_eq!(get(&report, "moved"), 2 * total);
    assert_eq!(get(&report, "copied"), 0, "bytes copied by the streams");
    weld_tests::assert_nothing_left_live(&before, &after);
}

#[test]
fn a_length_that_is_no_multiple_of_the_buffer_arrives_whole() {
    let mut guest = app();
    let (total, chunk) = (1_000_003, 4096u32);
    let report = run(&mut guest, total, chunk);
    assert_eq!(get(&report, "bytes"), total);
    assert_eq!(get(&report, "buffers"), total.div_ceil(u64::from(chunk)));
    assert_eq!(get(&report, "checksum"), checksum(total, u64::from(chunk)));
    assert_eq!(get(&report, "copied"), 0);
}

#[test]
fn the_pipeline_is_one_module_with_one_memory() {
    inspect::assert_self_contained(&paths::built_wasm("weld-test-async-pipe-app").unwrap());
}

#[test]
fn a_million_single_value_stream_operations_between_crates_leak_nothing() {
    // Each value is one write (`write_one`) in the producer crate and one
    // read (`next`) in the root crate, through one stream.
    weld_tests::assert_churn_leaks_nothing(&mut app(), 1_000_000, 1);
}

/// `run-texts(n, batch, max)`: `n` strings and `n` entries each way.
fn texts(guest: &mut Guest, n: u32, batch: u32, max: u32) -> Vec<(String, u64)> {
    report(guest, "run-texts", (n as i32, batch as i32, max as i32))
}

fn assert_texts_arrive(guest: &mut Guest, n: u32, batch: u32, max: u32) {
    let r = texts(guest, n, batch, max);
    for key in ["words-in", "entries-in", "words-out", "entries-out"] {
        assert_eq!(
            get(&r, key),
            u64::from(n),
            "{key} (n={n} batch={batch} max={max}): {r:?}"
        );
    }
    assert_eq!(get(&r, "returned"), 0, "{r:?}");
}

#[test]
fn streams_of_strings_and_records_cross_both_ways_and_leak_nothing() {
    let mut guest = app();
    // Whole buffers taken (max >= batch), partial reads (max < batch, the
    // elements move to a new buffer), and one value per write.
    assert_texts_arrive(&mut guest, 1000, 64, 64);
    assert_texts_arrive(&mut guest, 1000, 64, 1000);
    assert_texts_arrive(&mut guest, 1000, 64, 5);
    assert_texts_arrive(&mut guest, 100, 1, 1);
    assert_texts_arrive(&mut guest, 0, 4, 4);
    let before = guest.stats().unwrap();
    for (batch, max) in [(64, 64), (50, 7), (1, 3), (333, 1000)] {
        assert_texts_arrive(&mut guest, 2000, batch, max);
    }
    let after = guest.stats().unwrap();
    println!("texts: {before:?} -> {after:?}");
    weld_tests::assert_nothing_left_live(&before, &after);
}

#[test]
fn readers_dropped_with_unread_strings_in_flight_free_them() {
    let mut guest = app();
    let drop_early =
        |guest: &mut Guest, n: u32, k: u32| report(guest, "drop-early", (n as i32, k as i32));
    // Warm up; then the reader takes k of n values (one batch) and drops
    // the stream: the n - k unread strings come back to the writer, four
    // times (strings and entries, each way).
    drop_early(&mut guest, 10, 3);
    let before = guest.stats().unwrap();
    for (n, k) in [(10, 3), (100, 1), (64, 0), (17, 16), (1000, 500)] {
        let r = drop_early(&mut guest, n, k);
        assert_eq!(get(&r, "right"), 4 * u64::from(k), "n={n} k={k}: {r:?}");
        assert_eq!(
            get(&r, "returned"),
            4 * u64::from(n - k),
            "n={n} k={k}: {r:?}"
        );
    }
    let after = guest.stats().unwrap();
    println!("drop-early: {before:?} -> {after:?}");
    weld_tests::assert_nothing_left_live(&before, &after);
}
