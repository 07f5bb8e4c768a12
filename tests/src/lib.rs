//! weld's host tests: the wasmtime harness (`weld-harness`, re-exported
//! here under the names the tests use) and the checks several tests share.
//!
//! The harness loads, instantiates and calls linked modules and
//! components; this crate adds what only tests need: assertions over a
//! guest's own checks and over leaks, and the WASI example's expectations
//! ([`wasi_app`]), and running components in browsers through jco
//! ([`jco`]).

pub mod jco;
pub mod wasi_app;

pub use weld_harness::*;

/// Calls a guest's `run-checks: func() -> string` export, whose report has
/// one line per check (`ok <name>` or `FAIL <name>: why`), and asserts that
/// every check passed and that the checks run are exactly `expected`.
pub fn assert_checks_pass(guest: &mut Guest, expected: &[&str]) {
    let report = guest
        .call_canonical_string("run-checks", None)
        .expect("run-checks");
    let lines: Vec<&str> = report.lines().collect();
    let failed: Vec<&&str> = lines.iter().filter(|l| !l.starts_with("ok ")).collect();
    assert!(failed.is_empty(), "failed checks:\n{failed:#?}");
    let names: Vec<&str> = lines.iter().map(|l| &l[3..]).collect();
    assert_eq!(names, expected);
}

/// Calls a guest's `churn: func(n: u32) -> u32` export, which creates and
/// drops resources `n` times and returns the destructor runs: once to warm
/// up, then `n` times. Asserts `drops` runs per iteration and that the
/// allocator's live bytes and allocations end where they started.
pub fn assert_churn_leaks_nothing(guest: &mut Guest, n: u32, drops: u32) {
    assert_eq!(guest.call_u32("churn", Some(1)).unwrap(), drops, "warm-up");
    let before = guest.stats().unwrap();
    let dropped = guest.call_u32("churn", Some(n)).unwrap();
    let after = guest.stats().unwrap();
    assert_eq!(dropped, n * drops, "each destructor runs exactly once");
    assert_nothing_left_live(&before, &after);
}

/// Asserts that the allocator's live bytes and live allocations are the
/// same in `after` as in `before` (a guest's `stats` around some work).
pub fn assert_nothing_left_live(before: &Stats, after: &Stats) {
    assert_eq!(
        after.live_bytes, before.live_bytes,
        "live bytes: {before:?} -> {after:?}"
    );
    assert_eq!(
        after.live_allocs, before.live_allocs,
        "live allocations: {before:?} -> {after:?}"
    );
}
