//! Compiles a sample of the worlds that `bindgen/tests/fuzz.rs` generated
//! from random WIT (every 7th, at most 60) for wasm32-wasip1: `cargo xtask
//! test` runs the fuzz test with `WELD_FUZZ_SAMPLE_DIR` set, then builds
//! this crate. Exports are not implemented (the worlds are random), so the
//! export glue, which only exists once `export!` is invoked, is not
//! compiled; everything else is.

#![allow(
    dead_code,
    missing_docs,
    reason = "random worlds: nothing here is used or documented"
)]

include!(concat!(env!("OUT_DIR"), "/samples.rs"));
