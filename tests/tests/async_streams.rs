//! `stream<u8>` between linked crates (abi-spec/ASYNC.md section 6): a
//! three-crate pipeline (tests/guests/async-pipe-{producer,transformer,
//! consumer}) linked by the root crate async-pipe-app into one module and
//! run in wasmtime. Every buffer the producer writes moves to the
//! transformer, is changed in place and moves on to the consumer: the
//! bindings count the bytes the streams moved and copied.

use weld_tests::{Guest, inspect, paths};

const MIB: u64 = 1024 * 1024;

fn app() -> Guest {
    Guest::load(&paths::built_wasm("weld-test-async-pipe-app").unwrap()).unwrap()
}

/// The root's `run(total, chunk) -> string` report, as `(key, value)`s.
fn run(guest: &mut Guest, total: u64, chunk: u32) -> Vec<(String, u64)> {
    let f = guest.typed::<(i64, i32), i32>("run").unwrap();
    let ret = guest.call(&f, (total as i64, chunk as i32)).unwrap() as u32;
    let area = guest.read(ret, 8).unwrap();
    let word = |i: usize| u32::from_le_bytes(area[i..i + 4].try_into().unwrap());
    let text = String::from_utf8(guest.read(word(0), word(4)).unwrap()).unwrap();
    let post = guest.typed::<i32, ()>("cabi_post_run").unwrap();
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
    assert_eq!(
        after.live_bytes, before.live_bytes,
        "{before:?} -> {after:?}"
    );
    assert_eq!(
        after.live_allocs, before.live_allocs,
        "{before:?} -> {after:?}"
    );
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
