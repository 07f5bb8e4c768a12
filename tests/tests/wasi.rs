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
use weld_tests::wasi_app::{EXPECTED, module, run_with_empty_linker};
use weld_tests::{Guest, inspect, paths, wasi_app};

/// The component of `variant`.
fn component_of(variant: &str) -> PathBuf {
    wasi_app::component(
        env!("CARGO_BIN_EXE_weld-ld-for-tests"),
        variant,
        &format!("wasi-{variant}"),
    )
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
    assert_eq!(run_with_empty_linker(&bytes).unwrap(), EXPECTED);
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
    // The world imports exactly the interfaces the module calls.
    let wit = component::world_wit(&bytes).unwrap();
    let mut in_world: Vec<&str> = wit
        .lines()
        .filter_map(|l| l.trim().strip_prefix("import ")?.strip_suffix(';'))
        .collect();
    in_world.sort();
    let module_imports = inspect::inspect(&std::fs::read(module("host")).unwrap())
        .unwrap()
        .imports;
    let mut called: Vec<&str> = module_imports.iter().map(|(m, _)| m.as_str()).collect();
    called.sort();
    called.dedup();
    assert_eq!(in_world, called, "{wit}");
    assert!(in_world.contains(&"wasi:cli/stdout@0.2.12"), "{wit}");

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

/// The preview 1 functions `weld-wasi-preview1` defines, by name.
fn defined_by_the_layer() -> Vec<String> {
    let src = paths::workspace_root()
        .join("wasi")
        .join("preview1")
        .join("src");
    let mut names = Vec::new();
    for entry in std::fs::read_dir(src).unwrap() {
        let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
        for part in text.split("fn __imported_wasi_snapshot_preview1_").skip(1) {
            let name: String = part.chars().take_while(|c| *c != '(').collect();
            names.push(name);
        }
    }
    names.sort();
    names
}

/// The newest `weld-wasi-preview1` rlib built for wasm32-wasip1.
fn layer_rlib() -> PathBuf {
    let deps = paths::target_dir().join("wasm32-wasip1/debug/deps");
    std::fs::read_dir(&deps)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            let n = p.file_name().unwrap().to_string_lossy();
            n.starts_with("libweld_wasi_preview1-") && n.ends_with(".rlib")
        })
        .max_by_key(|p| std::fs::metadata(p).unwrap().modified().unwrap())
        .expect("run `cargo xtask build-wasm` first")
}

/// wasi-libc's `libc.a` and the toolchain's `rust-lld`.
fn libc_and_lld() -> (PathBuf, PathBuf) {
    let out = std::process::Command::new(std::env::var("RUSTC").unwrap_or("rustc".into()))
        .args(["--print", "sysroot"])
        .output()
        .unwrap();
    let sysroot = PathBuf::from(String::from_utf8(out.stdout).unwrap().trim());
    let rustlib = sysroot.join("lib").join("rustlib");
    let libc = rustlib.join("wasm32-wasip1/lib/self-contained/libc.a");
    let host = std::fs::read_dir(&rustlib)
        .unwrap()
        .map(|e| e.unwrap().path().join("bin").join("rust-lld"))
        .find(|p| p.exists())
        .expect("rust-lld in the sysroot");
    (libc, host)
}

/// Every preview 1 function wasi-libc calls is defined by the layer with
/// the signature wasi-libc declares: wasi-libc's `__wasi_<fn>` wrappers
/// (one object that calls all of them) linked with the layer's rlib under
/// `--fatal-warnings` (a signature mismatch is a wasm-ld warning, and the
/// call would trap) leave no preview 1 import.
#[test]
fn the_layer_defines_every_preview1_function_wasi_libc_calls() {
    let names = defined_by_the_layer();
    assert_eq!(names.len(), 46, "{names:?}");
    let (libc, lld) = libc_and_lld();
    let out = paths::target_dir()
        .join("weld-tests")
        .join("preview1-coverage.wasm");
    std::fs::create_dir_all(out.parent().unwrap()).unwrap();
    let mut c = std::process::Command::new(lld);
    // `--export-all` keeps every wrapper of the object the exports pull
    // in, so a preview 1 function the layer lacks stays an import.
    c.args(["-flavor", "wasm", "--no-entry", "--fatal-warnings"])
        .args(["--allow-undefined", "--export-all"])
        .arg("-o")
        .arg(&out)
        .arg(layer_rlib())
        .arg(&libc);
    for n in &names {
        c.arg(format!("--export=__wasi_{n}"));
    }
    let run = c.output().unwrap();
    assert!(
        run.status.success(),
        "wasm-ld: {}",
        String::from_utf8_lossy(&run.stderr)
    );
    let imports = inspect::inspect(&std::fs::read(&out).unwrap())
        .unwrap()
        .imports;
    let preview1: Vec<_> = imports
        .iter()
        .filter(|(m, _)| m == "wasi_snapshot_preview1")
        .collect();
    assert!(preview1.is_empty(), "not served: {preview1:?}");
    assert!(
        imports
            .iter()
            .any(|(_, n)| n == "weld1|wasi:cli/stdout@0.2.12|get-stdout"),
        "{imports:?}"
    );
}

/// The `wasi:` functions the core modules of component `bytes` import.
fn wasi_functions_imported(bytes: &[u8]) -> Vec<String> {
    use wasmparser::{Parser, Payload};
    let mut out = Vec::new();
    for payload in Parser::new(0).parse_all(bytes) {
        if let Payload::ImportSection(r) = payload.unwrap() {
            for i in r.into_imports() {
                let i = i.unwrap();
                if i.module.starts_with("wasi:") {
                    out.push(format!("{}::{}", i.module, i.name));
                }
            }
        }
    }
    out
}

/// An app that only prints (examples/many's weld build, which links
/// `weld-wasi-preview1` and whose services log) imports no
/// `wasi:filesystem` function: file I/O is linked only when the app opens
/// a file, and preopens only when it resolves a path.
#[test]
fn an_app_that_only_prints_imports_no_filesystem_function() {
    let path = paths::target_dir().join("weld-many").join("weld.wasm");
    assert!(path.exists(), "run `cargo xtask build-wasm` first");
    let imported = wasi_functions_imported(&std::fs::read(path).unwrap());
    assert!(
        imported.contains(&String::from("wasi:cli/stdout@0.2.12::get-stdout")),
        "{imported:?}"
    );
    assert!(
        !imported.iter().any(|i| i.starts_with("wasi:filesystem/")),
        "{imported:?}"
    );
}

/// The bytes of every data segment of module `bytes`, and of its
/// custom section `name`.
fn data_and_custom(bytes: &[u8], name: &str) -> (Vec<Vec<u8>>, Vec<u8>) {
    use wasmparser::{DataKind, Parser, Payload};
    let (mut data, mut custom) = (Vec::new(), Vec::new());
    for payload in Parser::new(0).parse_all(bytes) {
        match payload.unwrap() {
            Payload::DataSection(r) => {
                for d in r {
                    let d = d.unwrap();
                    assert!(matches!(d.kind, DataKind::Active { .. }));
                    data.push(d.data.to_vec());
                }
            }
            Payload::CustomSection(c) if c.name() == name => custom.extend(c.data()),
            _ => {}
        }
    }
    (data, custom)
}

/// weld's binding metadata (`weld-meta` records, `weld-wit` worlds) is in
/// custom sections only, not also in the data copied into every
/// instance's memory.
#[test]
fn binding_metadata_stays_out_of_linear_memory() {
    let bytes = std::fs::read(module("host")).unwrap();
    for section in ["weld-meta", "weld-wit"] {
        let (data, custom) = data_and_custom(&bytes, section);
        assert!(custom.len() > 64, "no `{section}` section");
        let probe = &custom[..64];
        assert!(
            !data.iter().any(|d| d.windows(64).any(|w| w == probe)),
            "`{section}` is in a data segment"
        );
    }
}
