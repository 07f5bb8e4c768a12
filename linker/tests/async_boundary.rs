//! The host boundary of async (abi-spec/ASYNC.md sections 11 and 12),
//! through the real `weld-ld` binary, on objects rustc compiles here for
//! wasm32-wasip1: an async import no linked crate provides goes to the
//! host through the importer's host adapter (`[async-host:<crate>/<world>]f`,
//! calling the Canonical ABI's `[async-lower]f`), and one without an
//! adapter is an error naming the function, the interface and the crate
//! (their `weld-meta` items are named `[async]f`); a root
//! crate's async export leaves the module in the Canonical ABI's callback
//! form (`[async-lift]<key>#f` and its callback), and one without that
//! form (weld-bindgen generates none when an `error-context`, or a
//! future or stream of ends, crosses) is an error naming it.
//! `--no-host-imports` refuses an async import that only a host adapter
//! would serve.

mod common;

use common::{RUNTIME, compile, dir, fails, imports, reachable_from, succeeds};
use std::path::PathBuf;
use weld_abi::metadata::{Direction, Item, ItemKind, Record};

/// A crate calling `t:t/i`'s async `fetch` (its `[async]fetch` entry
/// point) from an exported function.
const CALLER: &str = r#"#![no_std]
unsafe extern "C" {
    #[link_name = "weld1|t:t/i|[async]fetch"]
    fn fetch(ret: *mut u8) -> i32;
}
#[unsafe(no_mangle)]
pub extern "C" fn use_fetch() -> i32 {
    let mut area = [0u8; 8];
    unsafe { fetch(area.as_mut_ptr()) }
}
"#;

/// The host adapter the bindings of crate `caller` define for `fetch`:
/// `[async]fetch`'s signature, calling `[async-lower]fetch` of `t:t/i`.
const ADAPTER: &str = r#"
#[link(wasm_import_module = "t:t/i")]
unsafe extern "C" {
    #[link_name = "[async-lower]fetch"]
    fn lower(ret: *mut u8) -> i32;
}
#[unsafe(export_name = "weld1|t:t/i|[async-host:caller]fetch")]
pub extern "C" fn adapter(ret: *mut u8) -> i32 {
    unsafe { lower(ret) }
}
"#;

/// A crate defining `t:t/e`'s async `serve` for linked crates only.
const SERVER: &str = r#"#![no_std]
#[unsafe(export_name = "weld1|t:t/e|[async]serve")]
pub extern "C" fn serve() -> i32 { 0 }
"#;

/// The same, with the callback form for the host.
const HOST_SERVER: &str = r#"#![no_std]
#[unsafe(export_name = "weld1|t:t/e|[async]serve")]
pub extern "C" fn serve() -> i32 { 0 }
#[unsafe(export_name = "[async-lift]t:t/e#serve")]
pub extern "C" fn lift() -> i32 { 0 }
#[unsafe(export_name = "[callback][async-lift]t:t/e#serve")]
pub extern "C" fn callback(_e: i32, _w: i32, _c: i32) -> i32 { 0 }
"#;

fn object(name: &str, source: &str, records: &[Record]) -> PathBuf {
    let mut meta = Vec::new();
    for r in records {
        meta.extend(r.encode());
    }
    let bytes: Vec<String> = meta.iter().map(u8::to_string).collect();
    let source = format!(
        "{source}{RUNTIME}\n#[used]\n#[unsafe(link_section = \"weld-meta\")]\n\
         static META: [u8; {}] = [{}];\n",
        meta.len(),
        bytes.join(", ")
    );
    compile(name, &source, name)
}

fn record(krate: &str, direction: Direction, interface: &str, func: &str) -> Record {
    let mut r = Record::new(krate, "t:t/w", direction, Some(interface.into()));
    r.items.push(Item {
        kind: ItemKind::Func,
        name: func.into(),
        hash: 7,
    });
    r
}

#[test]
fn an_async_import_no_linked_crate_provides_goes_to_the_host_through_the_adapter() {
    let out = dir().join("async-host-import.wasm");
    let caller = object(
        "caller_adapter",
        &format!("{CALLER}{ADAPTER}"),
        &[record("caller", Direction::Import, "t:t/i", "[async]fetch")],
    );
    succeeds(&[&caller, &"-o", &out, &"--export", &"use_fetch"]);
    let module = std::fs::read(&out).unwrap();
    let imports = imports(&module);
    let lowered = ("t:t/i".to_string(), "[async-lower]fetch".to_string());
    assert!(imports.contains(&lowered), "{imports:?}");
    assert!(
        !imports.iter().any(|(_, n)| n.contains("[async]")),
        "{imports:?}"
    );
    // `[async]fetch` is the adapter now: the export reaches the import.
    let reached = reachable_from(&module, "use_fetch");
    assert!(
        reached
            .iter()
            .any(|f| f.contains("[async-host:caller]fetch")),
        "{reached:?}"
    );
}

#[test]
fn an_async_import_without_a_host_adapter_is_refused() {
    let out = dir().join("async-import.wasm");
    let caller = object(
        "caller",
        CALLER,
        &[record("caller", Direction::Import, "t:t/i", "[async]fetch")],
    );
    let err = fails(&[&caller, &"-o", &out, &"--export", &"use_fetch"], &out);
    println!("{err}");
    assert!(
        err.contains(
            "error: interface `t:t/i` imported by crate `caller` is provided by no linked crate, and weld cannot import its async function `fetch` from the host"
        ),
        "{err}"
    );
    assert!(err.contains("ASYNC.md section 11"), "{err}");
}

#[test]
fn a_root_crate_exporting_an_async_function_without_its_callback_form_is_refused() {
    let out = dir().join("async-export.wasm");
    let server = object(
        "server",
        SERVER,
        &[record("server", Direction::Export, "t:t/e", "[async]serve")],
    );
    let err = fails(&[&server, &"-o", &out], &out);
    println!("{err}");
    assert!(
        err.contains(
            "error: async function `serve` of interface `t:t/e` is exported by the root crate `server`, and weld cannot export it to the host yet"
        ),
        "{err}"
    );
    assert!(
        err.contains("or futures or streams whose elements hold a handle"),
        "{err}"
    );
}

#[test]
fn a_root_crate_exports_an_async_function_in_the_callback_form() {
    let out = dir().join("async-export-host.wasm");
    let server = object(
        "host_server",
        HOST_SERVER,
        &[record(
            "host_server",
            Direction::Export,
            "t:t/e",
            "[async]serve",
        )],
    );
    succeeds(&[&server, &"-o", &out]);
    let module = std::fs::read(&out).unwrap();
    let mut exports = Vec::new();
    for payload in wasmparser::Parser::new(0).parse_all(&module) {
        if let wasmparser::Payload::ExportSection(r) = payload.unwrap() {
            exports.extend(r.into_iter().map(|e| e.unwrap().name.to_string()));
        }
    }
    for name in [
        "[async-lift]t:t/e#serve",
        "[callback][async-lift]t:t/e#serve",
    ] {
        assert!(exports.iter().any(|e| e == name), "{name}: {exports:?}");
    }
    assert!(
        !exports.iter().any(|e| e.contains("[async]")),
        "the internal entry point stays internal: {exports:?}"
    );
}

#[test]
fn no_host_imports_refuses_an_async_import_served_by_its_host_adapter() {
    let out = dir().join("async-host-import-denied.wasm");
    let caller = object(
        "caller_adapter_denied",
        &format!("{CALLER}{ADAPTER}"),
        &[record("caller", Direction::Import, "t:t/i", "[async]fetch")],
    );
    let err = fails(
        &[
            &"--no-host-imports",
            &caller,
            &"-o",
            &out,
            &"--export",
            &"use_fetch",
        ],
        &out,
    );
    println!("{err}");
    assert!(
        err.contains(
            "error: interface `t:t/i` imported by crate `caller` is provided by no linked crate"
        ),
        "{err}"
    );
    assert!(err.contains("--no-host-imports"), "{err}");
    // The same objects link without the flag (the adapter serves it).
    succeeds(&[&caller, &"-o", &out, &"--export", &"use_fetch"]);
}

/// A crate calling two synchronous functions of `t:t/i` that carry
/// error-contexts: `give` (an error-context parameter, which its bindings'
/// host adapter converts) and `nest` (one nested in an option, which gets
/// no adapter).
const EC_CALLER: &str = r#"#![no_std]
unsafe extern "C" {
    #[link_name = "weld1|t:t/i|give"]
    fn give(e: i32);
    #[link_name = "weld1|t:t/i|nest"]
    fn nest(some: i32, e: i32);
}
#[unsafe(no_mangle)]
pub extern "C" fn use_give() { unsafe { give(1) } }
#[unsafe(no_mangle)]
pub extern "C" fn use_both() { unsafe { give(1); nest(1, 1) } }
"#;

/// `give`'s host adapter in crate `caller`: a new host error-context for
/// the parameter, then the Canonical ABI's `give`.
const EC_ADAPTER: &str = r#"
#[link(wasm_import_module = "$root")]
unsafe extern "C" {
    #[link_name = "[error-context-new-utf8]"]
    fn ec_new(ptr: *const u8, len: usize) -> i32;
}
#[link(wasm_import_module = "t:t/i")]
unsafe extern "C" {
    #[link_name = "give"]
    fn host_give(e: i32);
}
#[unsafe(export_name = "weld1|t:t/i|[async-host:caller]give")]
pub extern "C" fn adapter(_e: i32) {
    unsafe { host_give(ec_new(b"x".as_ptr(), 1)) }
}
"#;

#[test]
fn an_error_context_import_is_refused_exactly_when_no_adapter_converts_it() {
    // The error-context built-ins are module-wide: `give`'s adapter
    // imports them, and `nest`, which has none, must still be named.
    let mut r = record("caller", Direction::Import, "t:t/i", "[streams]give");
    r.items.push(Item {
        kind: ItemKind::Func,
        name: "[streams]nest".into(),
        hash: 7,
    });
    let caller = object("ec_caller", &format!("{EC_CALLER}{EC_ADAPTER}"), &[r]);
    let out = dir().join("ec-host-import.wasm");
    let err = fails(&[&caller, &"-o", &out, &"--export", &"use_both"], &out);
    println!("{err}");
    assert!(
        err.contains(
            "function `nest` (its parameters or result carry futures, streams or error-contexts)"
        ),
        "{err}"
    );
    assert!(!err.contains("function `give`"), "{err}");
    // Without the call of `nest`, the module links: `give` goes to the
    // host through its adapter, which the export reaches.
    succeeds(&[&caller, &"-o", &out, &"--export", &"use_give"]);
    let module = std::fs::read(&out).unwrap();
    let imports = imports(&module);
    let give = ("t:t/i".to_string(), "give".to_string());
    assert!(imports.contains(&give), "{imports:?}");
    assert!(!imports.iter().any(|(_, n)| n == "nest"), "{imports:?}");
    let reached = reachable_from(&module, "use_give");
    assert!(
        reached
            .iter()
            .any(|f| f.contains("[async-host:caller]give")),
        "{reached:?}"
    );
}
