//! WASI inside the link (examples/wasi, docs/wasi.md): a plain-std app
//! whose std WASI calls `weld-wasi-preview1` turns into WASI 0.2 imports.
//!
//! - Linked with the virtual WASI crates (`wasi/virt/`) under
//!   `--weld-no-host-imports`, the module imports nothing, and its
//!   component imports nothing and runs in wasmtime with an empty linker.
//! - Linked without them, the host's WASI 0.2 (wasmtime-wasi) serves the
//!   same app, given the same environment, arguments and files, with the
//!   same output; the component needs no preview 1 adapter.

use std::path::{Path, PathBuf};
use wasmtime::component::{Component, Linker};
use wasmtime::{Engine, Store};
use wasmtime_wasi::p2::pipe::MemoryOutputPipe;
use wasmtime_wasi::{FsPerms, WasiCtx};
use weld_tests::component::{self, Host};
use weld_tests::{Guest, inspect, paths};

/// What the app reports in the virtual world and, given the same
/// environment, arguments and files, under wasmtime's WASI; its stdout and
/// stderr follow.
const EXPECTED: &str = "\
GREETING=hello, virtual world
args=[\"app\", \"--flag\"]
after 2020: true
random: true
hashmap: 2
greeting.txt: Hello from a file given at build time.
/data: [\"docs\", \"greeting.txt\"]
docs/readme.txt: Ok(43) bytes
missing: Err(NotFound)
time moves: true
stdout: hello from the app
stderr: a line on stderr
";

/// `target/weld-wasi/<variant>.wasm`, built by `cargo xtask build-wasm`.
fn module(variant: &str) -> PathBuf {
    let p = paths::target_dir()
        .join("weld-wasi")
        .join(format!("{variant}.wasm"));
    assert!(
        p.exists(),
        "{} is missing: run `cargo xtask build-wasm`",
        p.display()
    );
    p
}

/// The component of `variant`, made once per test process.
fn component_of(variant: &str) -> PathBuf {
    let out = paths::target_dir()
        .join("weld-tests")
        .join(format!("wasi-{variant}.component.wasm"));
    static LOCK: std::sync::Mutex<()> = std::sync::Mutex::new(());
    let _guard = LOCK.lock().unwrap();
    component::componentize(
        env!("CARGO_BIN_EXE_weld-ld-for-tests"),
        &module(variant),
        &out,
        None,
    );
    out
}

/// Calls `run: func() -> string` of the component at `path`, instantiated
/// by `linker` with `host` as the store's data.
fn run(engine: &Engine, linker: &Linker<Host>, host: Host, path: &Path) -> String {
    let component = Component::from_file(engine, path).unwrap();
    let mut store = Store::new(engine, host);
    let instance = linker.instantiate(&mut store, &component).unwrap();
    let f = instance
        .get_typed_func::<(), (String,)>(&mut store, "run")
        .unwrap();
    f.call(&mut store, ()).unwrap().0
}

#[test]
fn the_virtual_module_imports_nothing_and_runs_with_no_host() {
    let bytes = std::fs::read(module("virtual")).unwrap();
    let summary = inspect::inspect(&bytes).unwrap();
    assert!(summary.imports.is_empty(), "{:?}", summary.imports);
    let mut guest = Guest::from_bytes(&bytes).unwrap();
    assert_eq!(guest.call_canonical_string("run", None).unwrap(), EXPECTED);
}

#[test]
fn the_virtual_component_imports_nothing_and_runs_with_an_empty_linker() {
    let path = component_of("virtual");
    let bytes = std::fs::read(&path).unwrap();
    let wit = component::world_wit(&bytes).unwrap();
    assert!(!wit.contains("import "), "{wit}");
    assert_eq!(component::core_memories(&bytes).unwrap(), 1);
    // The main module and wit-component's fixup (which runs `_initialize`).
    assert_eq!(component::core_modules(&bytes).unwrap(), 2);
    let engine = Engine::default();
    let linker = Linker::new(&engine);
    assert_eq!(run(&engine, &linker, Host::new(), &path), EXPECTED);
}

/// The files the virtual build gives at build time, in a directory.
fn data_dir() -> PathBuf {
    paths::workspace_root()
        .join("examples")
        .join("wasi")
        .join("files")
}

#[test]
fn the_host_build_runs_on_wasmtimes_wasi_with_the_same_output() {
    let path = component_of("host");
    let bytes = std::fs::read(&path).unwrap();
    // No preview 1 adapter: the main module, and wit-component's shim and
    // fixup (lowering imports that return lists needs the main module's
    // memory and allocator before it exists).
    assert_eq!(component::core_modules(&bytes).unwrap(), 3);
    assert!(!preview1_in_any_module(&bytes));
    let wit = component::world_wit(&bytes).unwrap();
    assert!(wit.contains("import wasi:cli/stdout@0.2.12;"), "{wit}");
    assert!(!wit.contains("wasi:sockets"), "{wit}");

    let stdout = MemoryOutputPipe::new(1 << 16);
    let stderr = MemoryOutputPipe::new(1 << 16);
    let mut ctx = WasiCtx::builder();
    ctx.args(&["app", "--flag"])
        .env("GREETING", "hello, virtual world")
        .stdout(stdout.clone())
        .stderr(stderr.clone())
        .preopened_dir(data_dir(), "/data", FsPerms::ReadOnly)
        .unwrap();
    let host = Host::with_ctx(ctx.build());
    let engine = Engine::default();
    let mut linker = Linker::new(&engine);
    wasmtime_wasi::p2::add_to_linker_sync(&mut linker).unwrap();
    let report = run(&engine, &linker, host, &path);
    let out = format!(
        "{report}stdout: {}stderr: {}",
        String::from_utf8_lossy(&stdout.contents()),
        String::from_utf8_lossy(&stderr.contents())
    );
    assert_eq!(out, EXPECTED);
}

/// Whether a core module of the component imports or exports a preview 1
/// function (as the adapter and a module calling it do).
fn preview1_in_any_module(component: &[u8]) -> bool {
    use wasmparser::{Parser, Payload};
    Parser::new(0)
        .parse_all(component)
        .any(|p| match p.unwrap() {
            Payload::ImportSection(r) => r
                .into_imports()
                .any(|i| i.unwrap().module == "wasi_snapshot_preview1"),
            Payload::ExportSection(r) => r.into_iter().any(|e| e.unwrap().name == "fd_write"),
            _ => false,
        })
}

#[test]
fn the_host_build_imports_only_the_wasi_functions_the_app_reaches() {
    let bytes = std::fs::read(module("host")).unwrap();
    let imports = inspect::inspect(&bytes).unwrap().imports;
    let has = |m: &str, n: &str| imports.iter().any(|(a, b)| a == m && b == n);
    assert!(has("wasi:cli/stdout@0.2.12", "get-stdout"), "{imports:?}");
    assert!(has("wasi:random/random@0.2.12", "get-random-bytes"));
    assert!(has(
        "wasi:filesystem/types@0.2.12",
        "[method]descriptor.open-at"
    ));
    // No preview 1 import is left, and nothing the app never calls.
    assert!(!imports.iter().any(|(m, _)| m == "wasi_snapshot_preview1"));
    assert!(!has(
        "wasi:filesystem/types@0.2.12",
        "[method]descriptor.symlink-at"
    ));
    assert!(!has("wasi:io/poll@0.2.12", "poll"), "{imports:?}");
}
