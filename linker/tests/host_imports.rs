//! Core imports through the real `weld-ld` binary, on objects rustc
//! compiles here for wasm32-wasip1: `--no-host-imports` and the
//! allow-list account for every import the module keeps (WIT or not),
//! naming who pulled it in; a crate's own `wasm_import_module =
//! "wasi_snapshot_preview1"` extern (a mangled symbol) is rerouted to the
//! link's `__imported_wasi_snapshot_preview1_<fn>` definition.

mod common;

use common::{RUNTIME, compile, dir, fails, imports, reachable_from, succeeds};
use std::path::PathBuf;
use weld_abi::metadata::{Direction, Item, ItemKind, Record};

/// The probe crate: four exported functions, each reaching one kind of
/// import: a mangled preview 1 extern, an `env` extern, wasi-libc's
/// `__wasi_fd_write` (whose import is wasi-libc's), and the WIT import
/// `t:t/i`'s `f` (with [`RUNTIME`] added).
const PROBE: &str = r#"#![no_std]
#[link(wasm_import_module = "wasi_snapshot_preview1")]
unsafe extern "C" {
    fn random_get(buf: *mut u8, len: usize) -> i32;
}
unsafe extern "C" {
    fn host_log(x: i32);
    fn __wasi_fd_write(fd: i32, iovs: i32, len: i32, written: i32) -> i32;
}
#[unsafe(no_mangle)]
pub extern "C" fn use_random() -> i32 {
    let mut b = [0u8; 4];
    unsafe { random_get(b.as_mut_ptr(), 4) }
}
#[unsafe(no_mangle)]
pub extern "C" fn use_log() { unsafe { host_log(1) } }
#[unsafe(no_mangle)]
pub extern "C" fn use_fd_write() -> i32 { unsafe { __wasi_fd_write(1, 0, 0, 0) } }
unsafe extern "C" {
    #[link_name = "weld1|t:t/i|f"]
    fn t_i_f();
}
#[unsafe(no_mangle)]
pub extern "C" fn use_wit() { unsafe { t_i_f() } }
"#;

/// What weld-wasi-preview1 does for `random_get`.
const PREVIEW1: &str = r#"#![no_std]
#[unsafe(no_mangle)]
pub extern "C" fn __imported_wasi_snapshot_preview1_random_get(_: i32, _: i32) -> i32 { 42 }
"#;

/// The probe object, carrying crate `probe`'s records: an (empty) export
/// and an import of `t:t/i`'s `f`, which no linked crate provides.
fn probe(file: &str) -> PathBuf {
    let mut export = Record::new(
        "probe",
        "t:t/probe",
        Direction::Export,
        Some("t:t/p".into()),
    );
    export.items.clear();
    let mut import = Record::new(
        "probe",
        "t:t/probe",
        Direction::Import,
        Some("t:t/i".into()),
    );
    import.items.push(Item {
        kind: ItemKind::Func,
        name: "f".into(),
        hash: 7,
    });
    let mut meta = export.encode();
    meta.extend(import.encode());
    let bytes: Vec<String> = meta.iter().map(u8::to_string).collect();
    let source = format!(
        "{PROBE}{RUNTIME}\n#[used]\n#[unsafe(link_section = \"weld-meta\")]\n\
         static META: [u8; {}] = [{}];\n",
        meta.len(),
        bytes.join(", ")
    );
    compile("probe", &source, file)
}

/// The error block (`error: ...` and its notes) whose first line has `what`.
fn block<'a>(stderr: &'a str, what: &str) -> &'a str {
    let start = stderr
        .find(&format!("error: {what}"))
        .unwrap_or_else(|| panic!("no `error: {what}` in:\n{stderr}"));
    let rest = &stderr[start..];
    let end = rest[1..].find("\nerror: ").map_or(rest.len(), |e| e + 1);
    &rest[..end]
}

#[test]
fn the_probe_imports_random_get_through_a_mangled_symbol() {
    let symbols = weld_ld::symbols::read(&std::fs::read(probe("probe-symbols")).unwrap());
    let random = symbols
        .imported
        .iter()
        .find(|i| i.name == "random_get")
        .unwrap();
    assert_eq!(random.module, "wasi_snapshot_preview1");
    assert!(
        random.symbol.starts_with("_ZN5probe10random_get17h"),
        "{random:?}"
    );
}

#[test]
fn no_host_imports_names_every_import_who_pulled_it_in_and_the_fix() {
    let out = dir().join("denied.wasm");
    let exports = [
        "--export",
        "use_random",
        "--export",
        "use_log",
        "--export",
        "use_fd_write",
        "--export",
        "use_wit",
    ];
    let mut args: Vec<&dyn AsRef<std::ffi::OsStr>> = vec![&"--no-host-imports", &"-o", &out];
    let probe = probe("probe-denied");
    args.push(&probe);
    args.extend(exports.iter().map(|e| e as &dyn AsRef<std::ffi::OsStr>));
    let err = fails(&args, &out);
    println!("{err}");
    assert_eq!(err.matches("error: ").count(), 4, "{err}");
    let wit = block(&err, "interface `t:t/i` imported by crate `probe`");
    assert!(wit.contains("--no-host-imports"), "{wit}");
    let random = block(
        &err,
        "core import `wasi_snapshot_preview1::random_get`, pulled in by crate `probe`, is provided by no linked crate",
    );
    assert!(random.contains("symbol `probe::random_get::h"), "{random}");
    assert!(
        random.contains("= help: link `weld-wasi-preview1` (`use weld_wasi_preview1 as _;` in the root crate) so std's WASI calls become WASI 0.2 imports that linked crates can serve, or drop `--no-host-imports`"),
        "{random}"
    );
    let fd_write = block(
        &err,
        "core import `wasi_snapshot_preview1::fd_write`, pulled in by wasi-libc (std's WASI calls), is provided by no linked crate",
    );
    assert!(fd_write.contains("weld-wasi-preview1"), "{fd_write}");
    let log = block(
        &err,
        "core import `env::host_log`, pulled in by crate `probe`, is provided by no linked crate",
    );
    assert!(
        log.contains("= help: link an object that defines `host_log`, or let the host provide it: drop `--no-host-imports`, or allow it with `--allow-host-import env::host_log`"),
        "{log}"
    );
}

/// A WIT import the crate's world declares but nothing calls is not
/// imported (wasm-ld removed it), so `--no-host-imports` has nothing to
/// deny and the map leaves it out.
#[test]
fn a_declared_import_nothing_calls_is_not_a_host_import() {
    let out = dir().join("unused.wasm");
    let map = dir().join("unused.json");
    let probe = probe("probe-unused");
    succeeds(&[
        &"--no-host-imports",
        &"-o",
        &out,
        &"--map-json",
        &map,
        &probe,
    ]);
    let bytes = std::fs::read(&out).unwrap();
    assert!(imports(&bytes).is_empty(), "{:?}", imports(&bytes));
    let json = std::fs::read_to_string(&map).unwrap();
    assert!(json.contains("\"host_imports\": []"), "{json}");
}

#[test]
fn the_allow_list_takes_core_imports_by_name_and_by_prefix() {
    let out = dir().join("allowed.wasm");
    let probe = probe("probe-allowed");
    let base: [&dyn AsRef<std::ffi::OsStr>; 13] = [
        &probe,
        &"-o",
        &out,
        &"--export",
        &"use_random",
        &"--export",
        &"use_log",
        &"--export",
        &"use_fd_write",
        &"--allow-host-import",
        &"t:t/i",
        &"--allow-host-import",
        &"wasi_snapshot_preview1::*",
    ];
    let err = fails(&base, &out);
    assert_eq!(err.matches("error: ").count(), 1, "{err}");
    let log = block(&err, "core import `env::host_log`");
    assert!(
        log.contains("the host-import allow-list holds `t:t/i` and `wasi_snapshot_preview1::*`"),
        "{log}"
    );
    assert!(
        log.contains("(`--allow-host-import env::host_log`)"),
        "{log}"
    );
    let mut all: Vec<&dyn AsRef<std::ffi::OsStr>> = base.to_vec();
    all.extend([
        &"--allow-host-import" as &dyn AsRef<std::ffi::OsStr>,
        &"env::host_log",
    ]);
    let json = dir().join("allowed.map.json");
    all.extend([&"--map-json" as &dyn AsRef<std::ffi::OsStr>, &json]);
    succeeds(&all);
    let bytes = std::fs::read(&out).unwrap();
    assert!(imports(&bytes).contains(&("env".into(), "host_log".into())));
    let map = std::fs::read_to_string(&json).unwrap();
    for row in [
        r#"{"import": "env::host_log", "pulled_in_by": ["probe"]}"#,
        r#"{"import": "wasi_snapshot_preview1::fd_write", "pulled_in_by": ["wasi-libc"]}"#,
        r#"{"import": "wasi_snapshot_preview1::random_get", "pulled_in_by": ["probe"]}"#,
    ] {
        assert!(map.contains(row), "{row} in {map}");
    }
}

#[test]
fn a_mangled_preview1_import_reaches_the_links_definition() {
    let out = dir().join("rerouted.wasm");
    let (probe, preview1) = (
        probe("probe-rerouted"),
        compile("preview1", PREVIEW1, "preview1"),
    );
    // Without the definition the import stays, and is allowed by default.
    succeeds(&[&probe, &"-o", &out, &"--export", &"use_random"]);
    let kept = imports(&std::fs::read(&out).unwrap());
    assert!(
        kept.contains(&("wasi_snapshot_preview1".into(), "random_get".into())),
        "{kept:?}"
    );
    // With it, the link needs no host import but the WIT one.
    succeeds(&[
        &probe,
        &preview1,
        &"-o",
        &out,
        &"--export",
        &"use_random",
        &"--allow-host-import",
        &"t:t/i",
    ]);
    let bytes = std::fs::read(&out).unwrap();
    let kept = imports(&bytes);
    assert!(kept.is_empty(), "{kept:?}");
    let reached = reachable_from(&bytes, "use_random");
    assert!(
        reached.contains("__imported_wasi_snapshot_preview1_random_get"),
        "{reached:?}"
    );
    let leftovers: Vec<_> = std::fs::read_dir(dir())
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| {
            e.file_name()
                .to_string_lossy()
                .starts_with("_weld_ld_aliases")
        })
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}
