//! The names the `weld` runtime defines and the names weld-ld treats as the
//! runtime's (weld-abi's `RUNTIME_EXPORTS` and `C_ALLOCATOR`) are one list:
//! this test compiles the runtime crate for wasm32-wasip1 and reads the
//! unmangled functions its object defines; its two unmangled data
//! symbols are the executor state and the host-boundary state (weld-abi's
//! `EXECUTOR` and `HOST_BOUNDARY`).

mod common;

use std::collections::BTreeSet;
use std::path::Path;
use std::process::Command;

/// The runtime's wasm object, compiled once for the tests of this file
/// (they run in parallel; two rustc runs writing one object race).
fn runtime_object() -> Vec<u8> {
    static OBJECT: std::sync::OnceLock<Vec<u8>> = std::sync::OnceLock::new();
    OBJECT.get_or_init(compile_runtime).clone()
}

/// Compiles runtime/src/lib.rs (without the `macros` feature, which only
/// re-exports the macro crate) to one wasm object.
fn compile_runtime() -> Vec<u8> {
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

#[test]
fn the_runtime_defines_two_unmangled_data_symbols_the_executor_and_the_host_boundary() {
    use wasmparser::{KnownCustom, Linking, Parser, Payload, SymbolFlags, SymbolInfo};
    let object = runtime_object();
    let mut data = BTreeSet::new();
    for payload in Parser::new(0).parse_all(&object) {
        let Payload::CustomSection(c) = payload.unwrap() else {
            continue;
        };
        let KnownCustom::Linking(linking) = c.as_known() else {
            continue;
        };
        for sub in linking {
            let Linking::SymbolTable(table) = sub.unwrap() else {
                continue;
            };
            for info in table {
                if let SymbolInfo::Data {
                    flags,
                    name,
                    symbol: Some(_),
                } = info.unwrap()
                    && !flags.contains(SymbolFlags::BINDING_LOCAL)
                    && !name.starts_with("_ZN")
                    && !name.starts_with("__rust")
                {
                    data.insert(name.to_string());
                }
            }
        }
    }
    let expected = [weld_abi::EXECUTOR, weld_abi::HOST_BOUNDARY].map(String::from);
    assert_eq!(data, BTreeSet::from(expected));
}
