//! The names the `weld` runtime defines and the names weld-ld treats as the
//! runtime's (weld-abi's `RUNTIME_EXPORTS` and `C_ALLOCATOR`) are one list:
//! this test compiles the runtime crate for wasm32-wasip1 and reads the
//! unmangled functions its object defines.

mod common;

use std::collections::BTreeSet;
use std::path::Path;
use std::process::Command;

/// Compiles runtime/src/lib.rs (without the `macros` feature, which only
/// re-exports the macro crate) to one wasm object.
fn runtime_object() -> Vec<u8> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("../runtime/src/lib.rs");
    let obj = common::dir().join("weld-runtime.o");
    let rustc = std::env::var_os("RUSTC").unwrap_or_else(|| "rustc".into());
    let out = Command::new(rustc)
        .args(["--edition", "2024", "--target", "wasm32-wasip1"])
        .args(["--crate-type", "rlib", "--crate-name", "weld"])
        .args(["--emit", "obj", "-C", "panic=abort"])
        .args(["-C", "codegen-units=1"])
        .arg(&src)
        .arg("-o")
        .arg(&obj)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    std::fs::read(&obj).unwrap()
}

#[test]
fn the_runtime_defines_exactly_the_abi_lists_names() {
    let symbols = weld_ld::symbols::read(&runtime_object());
    let unmangled: BTreeSet<&str> = symbols
        .defined
        .iter()
        .map(|d| d.symbol.as_str())
        .filter(|s| !s.starts_with("_ZN") && !s.starts_with("__rust"))
        .collect();
    let listed: BTreeSet<&str> = weld_abi::RUNTIME_EXPORTS
        .iter()
        .chain(weld_abi::C_ALLOCATOR)
        .copied()
        .collect();
    assert_eq!(unmangled, listed);
}
