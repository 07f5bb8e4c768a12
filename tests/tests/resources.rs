//! Resources across linked crates: tests/guests/resource-runner uses the
//! `counter` resource that tests/guests/resource-provider exports, linked
//! into one module and run in wasmtime (SPEC.md, "Resources").

use weld_tests::{Guest, inspect, paths};

/// The checks the runner must report.
const EXPECTED: &[&str] = &[
    "constructor and methods",
    "static functions",
    "borrow parameter",
    "own parameter",
    "own result",
    "record",
    "option",
    "result",
    "variant",
    "list",
    "a resource used from another interface",
    "borrows inside types",
];

fn runner() -> Guest {
    Guest::load(&paths::built_wasm("weld-test-resource-runner").unwrap()).unwrap()
}

#[test]
fn every_resource_case_round_trips() {
    weld_tests::assert_checks_pass(&mut runner(), EXPECTED);
}

#[test]
fn a_hundred_thousand_resources_leak_nothing_and_drop_once() {
    weld_tests::assert_churn_leaks_nothing(&mut runner(), 100_000, 1);
}

#[test]
fn the_resource_module_has_one_memory_and_no_resource_imports() {
    // Every `[resource-drop]`, constructor and method binds to the provider.
    inspect::assert_self_contained(&paths::built_wasm("weld-test-resource-runner").unwrap());
}

/// Runs `misuse(case)` on a fresh instance: it must trap, and the panic
/// message on stderr must contain `expected`. The guests are built in
/// debug (`cargo xtask build-wasm`), so the checked mode is on.
fn misuse_traps_with(case: u32, expected: &str) {
    let path = paths::built_wasm("weld-test-resource-runner").unwrap();
    let (mut guest, stderr) = Guest::load_capturing_stderr(&path).unwrap();
    let result = guest.call_u32("misuse", Some(case));
    let message = String::from_utf8_lossy(&stderr.contents()).into_owned();
    assert!(
        result.is_err(),
        "misuse {case} did not trap; stderr: {message}"
    );
    assert!(
        message.contains(expected),
        "misuse {case}: stderr was {message:?}"
    );
}

#[test]
fn checked_mode_catches_use_after_drop() {
    misuse_traps_with(0, "resource `counter`: handle 0x");
    misuse_traps_with(0, "used after it was dropped");
}

#[test]
fn checked_mode_catches_double_drop() {
    misuse_traps_with(1, "dropped twice");
}

#[test]
fn checked_mode_catches_a_borrow_kept_past_its_call() {
    misuse_traps_with(2, "resource `counter`: a borrow of handle 0x");
    misuse_traps_with(2, "was kept past its call");
}

/// Messages that only the checked mode's code contains.
const CHECK_MESSAGES: &[&str] = &[
    "used after it was dropped",
    "dropped twice",
    "was kept past its call",
    "dropped while borrowed",
];

fn contains(hay: &[u8], needle: &str) -> bool {
    hay.windows(needle.len()).any(|w| w == needle.as_bytes())
}

#[test]
fn release_builds_carry_no_checks() {
    let debug = std::fs::read(paths::built_wasm("weld-test-resource-runner").unwrap()).unwrap();
    let release_path = paths::built_wasm_in("release", "weld-test-resource-runner").unwrap();
    let release = std::fs::read(&release_path).unwrap();
    for message in CHECK_MESSAGES {
        assert!(
            contains(&debug, message),
            "the debug build lacks {message:?}"
        );
        assert!(
            !contains(&release, message),
            "the release build carries the checked mode ({message:?})"
        );
    }
    // The same checks pass without the checked mode.
    let mut guest = Guest::load(&release_path).unwrap();
    weld_tests::assert_checks_pass(&mut guest, EXPECTED);
}
