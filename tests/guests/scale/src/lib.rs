//! Compiles the bindings of the scale world (`../scale_wit.rs`: 200
//! interfaces, 2,000 functions, half imported and half exported, every
//! export implemented) for wasm32-wasip1: `cargo build --target
//! wasm32-wasip1 -p weld-test-scale`. `bindgen/tests/scale.rs` measures the
//! same world's generation; `docs/wit-support.md` has the numbers.

include!(concat!(env!("OUT_DIR"), "/bindings.rs"));
