//! Semver-compatible binding through the real `weld-ld` binary, on objects
//! rustc compiles here for wasm32-wasip1 (as `host_imports.rs` does): crate
//! `app` calls `test:semver/api` (a function taking a record, a resource's
//! constructor, method, static and drop) through weld symbols of one
//! version, crate `svc` defines them for another; each object carries the
//! `weld-meta` records and `weld-wit` world its bindings would, from real
//! WIT. The matrix on records alone is `semver_check.rs`.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use wasmparser::{Operator, Parser, Payload};
use weld_bindgen::Source;
use wit_component::StringEncoding;

/// `interface api` of every version; `{extra}` is where versions differ.
fn api(extra: &str) -> String {
    format!(
        "interface api {{
            resource cell {{
                constructor(x: u32);
                get: func() -> u32;
                make: static func() -> cell;
            }}
            record pair {{ a: u32, b: u32 }}
            add: func(p: pair) -> u32;
            {extra}
        }}"
    )
}

const EXTRA: &str = "extra: func() -> u32;";

/// What the weld runtime defines and weld-ld exports.
const RUNTIME: &str = r#"
#[unsafe(no_mangle)]
pub extern "C" fn _initialize() {}
#[unsafe(no_mangle)]
pub extern "C" fn cabi_realloc(_: i32, _: i32, _: i32, _: i32) -> i32 { 0 }
#[unsafe(no_mangle)]
pub extern "C" fn weld_alloc_stats(_: i32) {}
"#;

fn dir() -> PathBuf {
    let d = Path::new(env!("CARGO_TARGET_TMPDIR")).join("semver-link");
    std::fs::create_dir_all(&d).unwrap();
    d
}

/// The `weld-meta` and `weld-wit` sections of crate `krate` built against
/// `test:semver@<version>` with `interface` and `world w { <world> }`, as
/// Rust statics.
fn sections(krate: &str, version: &str, interface: &str, world: &str) -> String {
    let wit = format!("package test:semver@{version};\n{interface}\nworld w {{ {world} }}\n");
    let mut options = weld_bindgen::Options::new(Source::Inline(wit.clone()));
    options.world = Some("w".into());
    options.crate_name = krate.into();
    let records = weld_bindgen::metadata(&options).unwrap_or_else(|e| panic!("{e}\n{wit}"));
    let meta: Vec<u8> = records.iter().flat_map(|r| r.encode()).collect();
    let mut resolve = wit_parser::Resolve::default();
    let pkg = resolve.push_str("w.wit", &wit).unwrap();
    let w = resolve.select_world(&[pkg], Some("w")).unwrap();
    let encoded =
        wit_component::metadata::encode(&resolve, w, StringEncoding::UTF8, None, false).unwrap();
    let frame = weld_abi::wit_section::frame(krate, &encoded);
    let bytes = |b: &[u8]| b.iter().map(u8::to_string).collect::<Vec<_>>().join(", ");
    format!(
        "#[used]\n#[unsafe(link_section = \"weld-meta\")]\n\
         static META: [u8; {}] = [{}];\n\
         #[used]\n#[unsafe(link_section = \"weld-wit\")]\n\
         static WIT: [u8; {}] = [{}];\n",
        meta.len(),
        bytes(&meta),
        frame.len(),
        bytes(&frame)
    )
}

/// Crate `app`, importing `api` of `version` (with `extra` declared and
/// `calls_extra` deciding whether `run` calls it).
fn app(version: &str, extra: &str, calls_extra: bool, file: &str) -> PathBuf {
    let iface = format!("test:semver/api@{version}");
    let call = if calls_extra { "+ extra()" } else { "" };
    let source = format!(
        r#"#![no_std]
unsafe extern "C" {{
    #[link_name = "weld1|{iface}|add"] fn add(a: i32, b: i32) -> i32;
    #[link_name = "weld1|{iface}|[constructor]cell"] fn cell_new(x: i32) -> i32;
    #[link_name = "weld1|{iface}|[method]cell.get"] fn cell_get(c: i32) -> i32;
    #[link_name = "weld1|{iface}|[static]cell.make"] fn cell_make() -> i32;
    #[link_name = "weld1|{iface}|[resource-drop]cell"] fn cell_drop(c: i32);
    #[link_name = "weld1|{iface}|extra"] fn extra() -> i32;
}}
#[unsafe(no_mangle)]
pub extern "C" fn run() -> i32 {{
    unsafe {{
        let c = cell_new(5);
        let m = cell_make();
        let v = add(cell_get(c), cell_get(m)) {call};
        cell_drop(c);
        cell_drop(m);
        v
    }}
}}
{RUNTIME}
{}"#,
        sections(
            "app",
            version,
            &api(extra),
            "import api; export run: func() -> u32;"
        )
    );
    compile("app", &source, file)
}

/// Crate `svc`, exporting `api` of `version` from `interface` (WIT);
/// `b` is the Rust type of `pair.b`'s core parameter.
fn svc(version: &str, interface: &str, b: &str, file: &str) -> PathBuf {
    let iface = format!("test:semver/api@{version}");
    let extra = if interface.contains("extra:") {
        format!(
            "#[unsafe(export_name = \"weld1|{iface}|extra\")]\npub extern \"C\" fn extra() -> i32 {{ 100 }}"
        )
    } else {
        String::new()
    };
    let source = format!(
        r#"#![no_std]
static mut CELLS: [i32; 4] = [0; 4];
#[unsafe(export_name = "weld1|{iface}|add")]
pub extern "C" fn add(a: i32, b: {b}) -> i32 {{ a + b as i32 }}
#[unsafe(export_name = "weld1|{iface}|[constructor]cell")]
pub extern "C" fn cell_new(x: i32) -> i32 {{ unsafe {{ CELLS[0] = x; }} 0 }}
#[unsafe(export_name = "weld1|{iface}|[method]cell.get")]
pub extern "C" fn cell_get(c: i32) -> i32 {{ unsafe {{ CELLS[c as usize & 3] }} }}
#[unsafe(export_name = "weld1|{iface}|[static]cell.make")]
pub extern "C" fn cell_make() -> i32 {{ unsafe {{ CELLS[1] = 7; }} 1 }}
#[unsafe(export_name = "weld1|{iface}|[resource-drop]cell")]
pub extern "C" fn cell_drop(c: i32) {{ unsafe {{ CELLS[c as usize & 3] = 0; }} }}
{extra}
{}"#,
        sections("svc", version, interface, "export api;")
    );
    compile("svc", &source, file)
}

/// Compiles `source` (crate `name`) to `<file>.o`.
fn compile(name: &str, source: &str, file: &str) -> PathBuf {
    let src = dir().join(format!("{file}.rs"));
    let obj = dir().join(format!("{file}.o"));
    std::fs::write(&src, source).unwrap();
    let rustc = std::env::var_os("RUSTC").unwrap_or_else(|| "rustc".into());
    let out = Command::new(rustc)
        .args(["--target", "wasm32-wasip1", "--crate-type", "lib"])
        .args(["--emit", "obj", "-C", "panic=abort", "-C", "opt-level=1"])
        .args(["--crate-name", name])
        .arg(&src)
        .arg("-o")
        .arg(&obj)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}\n{source}");
    obj
}

fn weld_ld(args: &[&dyn AsRef<std::ffi::OsStr>]) -> Output {
    let mut c = Command::new(env!("CARGO_BIN_EXE_weld-ld"));
    c.arg("link");
    for a in args {
        c.arg(a);
    }
    c.output().unwrap()
}

#[track_caller]
fn succeeds(args: &[&dyn AsRef<std::ffi::OsStr>]) -> String {
    let run = weld_ld(args);
    let stderr = String::from_utf8_lossy(&run.stderr).into_owned();
    assert!(run.status.success(), "{stderr}");
    assert!(!stderr.contains("warning"), "{stderr}");
    String::from_utf8(run.stdout).unwrap()
}

/// Runs a link that must fail without a panic; returns its stderr.
#[track_caller]
fn fails(args: &[&dyn AsRef<std::ffi::OsStr>], out: &Path) -> String {
    let run = weld_ld(args);
    let stderr = String::from_utf8(run.stderr).unwrap();
    assert_eq!(run.status.code(), Some(1), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(stderr.starts_with("error: "), "{stderr}");
    assert!(!out.exists(), "a failed link left {}", out.display());
    stderr
}

#[track_caller]
fn assert_has(shown: &str, parts: &[&str]) {
    for p in parts {
        assert!(shown.contains(p), "missing {p:?} in:\n{shown}");
    }
}

#[test]
fn an_older_import_reaches_the_newer_provider_with_no_import_left() {
    let app = app("0.2.3", "", false, "older-app");
    let svc = svc("0.2.12", &api(EXTRA), "i32", "newer-svc");
    let out = dir().join("older.wasm");
    let json = dir().join("older.map.json");
    let human = succeeds(&[
        &app,
        &svc,
        &"--no-host-imports",
        &"-o",
        &out,
        &"--map",
        &"--map-json",
        &json,
    ]);
    let bytes = std::fs::read(&out).unwrap();
    assert!(imports(&bytes).is_empty(), "{:?}", imports(&bytes));
    let reached = reachable_from(&bytes, "run");
    for f in [
        "add",
        "[constructor]cell",
        "[method]cell.get",
        "[static]cell.make",
        "[resource-drop]cell",
    ] {
        let name = format!("weld1|test:semver/api@0.2.12|{f}");
        assert!(reached.contains(&name), "{name} not in {reached:?}");
    }
    assert!(
        !reached.iter().any(|f| f.ends_with("|extra")),
        "{reached:?}"
    );
    let map = std::fs::read_to_string(&json).unwrap();
    assert_has(
        &map,
        &[
            r#"{"interface": "test:semver/api@0.2.3", "crate": "svc", "as": "test:semver/api@0.2.12"}"#,
        ],
    );
    assert_has(&human, &["  test:semver/api@0.2.3  svc (as @0.2.12)\n"]);
}

#[test]
fn as_a_component_the_bound_interface_is_not_imported() {
    let app = app("0.2.3", "", false, "component-app");
    let svc = svc("0.2.12", &api(EXTRA), "i32", "component-svc");
    let out = dir().join("bound.component.wasm");
    succeeds(&[&app, &svc, &"--component", &"-o", &out]);
    let bytes = std::fs::read(&out).unwrap();
    let mut names = Vec::new();
    for payload in Parser::new(0).parse_all(&bytes) {
        if let Payload::ComponentImportSection(r) = payload.unwrap() {
            for i in r {
                names.push(i.unwrap().name.name.to_string());
            }
        }
    }
    assert!(names.is_empty(), "{names:?}");
}

#[test]
fn a_newer_import_links_to_an_older_provider_unless_it_calls_what_that_lacks() {
    let svc = svc("0.2.3", &api(""), "i32", "older-svc");
    let out = dir().join("newer.wasm");
    let quiet = app("0.2.12", EXTRA, false, "newer-app");
    succeeds(&[&quiet, &svc, &"--no-host-imports", &"-o", &out]);
    assert!(imports(&std::fs::read(&out).unwrap()).is_empty());
    let calls = app("0.2.12", EXTRA, true, "newer-app-extra");
    let err = fails(&[&calls, &svc, &"-o", &out], &out);
    assert_eq!(err.matches("error: ").count(), 1, "{err}");
    assert_has(
        &err,
        &[
            "error: crate `app` imports function `extra` of `test:semver/api@0.2.12`, which \
             crate `svc` does not export (it exports `test:semver/api@0.2.3`)",
            "= help: build crate `svc` against `test:semver@0.2.12` (or a later compatible \
             version), which has `extra`",
        ],
    );
}

#[test]
fn a_type_that_differs_is_refused_naming_the_function_and_both_versions() {
    let app = app("0.2.3", "", false, "typed-app");
    // Same core signature (the alias is made, the hashes differ), then a
    // different one (no alias: the call is left undefined).
    for (ty, core) in [("s32", "i32"), ("u64", "i64")] {
        let wit = api(EXTRA).replace("b: u32 }", &format!("b: {ty} }}"));
        let svc = svc("0.2.12", &wit, core, &format!("typed-svc-{ty}"));
        let out = dir().join(format!("typed-{ty}.wasm"));
        let err = fails(&[&app, &svc, &"-o", &out], &out);
        assert_eq!(err.matches("error: ").count(), 1, "{err}");
        assert_has(
            &err,
            &[
                "error: function `add` of `test:semver/api@0.2.3` differs between crate `app` \
                 (imports it) and crate `svc` (exports it as `test:semver/api@0.2.12`)",
                "= note: type `pair` differs",
                "= help: build both crates against the same version of `test:semver`",
            ],
        );
        assert!(!err.contains("warning"), "{err}");
    }
}

#[test]
fn an_incompatible_version_keeps_the_skew_error() {
    let app = app("0.3.0", "", false, "incompatible-app");
    let svc = svc("0.2.12", &api(EXTRA), "i32", "incompatible-svc");
    let out = dir().join("incompatible.wasm");
    let err = fails(&[&app, &svc, &"-o", &out], &out);
    assert_eq!(err.matches("error: ").count(), 1, "{err}");
    assert_has(
        &err,
        &[
            "error: crate `app` imports `test:semver/api@0.3.0`, but crate `svc` exports \
             `test:semver/api@0.2.12`",
            "= help: build every crate against the same version of `test:semver`",
        ],
    );
}

/// Crate `layer`, wrapping `api` of `version` (with `extra`): each
/// `__wrap_` definition calls its `__real_` import; `add` adds 1000.
fn layer(version: &str, file: &str) -> PathBuf {
    let iface = format!("test:semver/api@{version}");
    let funcs = [
        ("add", "a: i32, b: i32", "a, b", " -> i32"),
        ("[constructor]cell", "x: i32", "x", " -> i32"),
        ("[method]cell.get", "c: i32", "c", " -> i32"),
        ("[static]cell.make", "", "", " -> i32"),
        ("[resource-drop]cell", "c: i32", "c", ""),
        ("extra", "", "", " -> i32"),
    ];
    let mut source = String::from("#![no_std]\n");
    for (i, (f, params, args, ret)) in funcs.iter().enumerate() {
        let plus = if *f == "add" { " + 1000" } else { "" };
        source.push_str(&format!(
            "unsafe extern \"C\" {{ #[link_name = \"__real_weld1|{iface}|{f}\"] fn real{i}({params}){ret}; }}\n\
             #[unsafe(export_name = \"__wrap_weld1|{iface}|{f}\")]\n\
             pub extern \"C\" fn wrap{i}({params}){ret} {{ unsafe {{ real{i}({args}){plus} }} }}\n"
        ));
    }
    source.push_str(&sections(
        "layer",
        version,
        &api(EXTRA),
        "import api; export api;",
    ));
    compile("layer", &source, file)
}

#[test]
fn an_older_import_of_a_wrapped_interface_reaches_the_wrapper_then_the_provider() {
    let older_app = app("0.2.3", "", false, "wrapped-app");
    let layer = layer("0.2.12", "wrapped-layer");
    let newer_svc = svc("0.2.12", &api(EXTRA), "i32", "wrapped-svc");
    let out = dir().join("wrapped.wasm");
    let json = dir().join("wrapped.map.json");
    succeeds(&[
        &older_app,
        &layer,
        &newer_svc,
        &"--no-host-imports",
        &"-o",
        &out,
        &"--map-json",
        &json,
    ]);
    let bytes = std::fs::read(&out).unwrap();
    assert!(imports(&bytes).is_empty(), "{:?}", imports(&bytes));
    let reached = reachable_from(&bytes, "run");
    for f in [
        "__wrap_weld1|test:semver/api@0.2.12|add",
        "weld1|test:semver/api@0.2.12|add",
    ] {
        assert!(reached.contains(f), "{f} not in {reached:?}");
    }
    let map = std::fs::read_to_string(&json).unwrap();
    assert_has(
        &map,
        &[
            r#"{"interface": "test:semver/api@0.2.3", "crate": "layer", "as": "test:semver/api@0.2.12"}"#,
            r#"{"interface": "test:semver/api@0.2.12", "wrapper": "layer", "inner": "svc"}"#,
        ],
    );
    // A wrapper of one version and a provider of another: refused before
    // wasm-ld runs.
    let older = svc("0.2.3", &api(""), "i32", "wrapped-older-svc");
    let newer_app = app("0.2.12", EXTRA, false, "wrapped-app-newer");
    let out = dir().join("wrapped-across.wasm");
    let err = fails(&[&newer_app, &layer, &older, &"-o", &out], &out);
    assert_eq!(err.matches("error: ").count(), 1, "{err}");
    assert_has(
        &err,
        &[
            "error: crate `layer` wraps `test:semver/api@0.2.12`, but crate `svc` exports \
             `test:semver/api@0.2.3`",
            "= note: weld-ld does not wrap across versions",
        ],
    );
}

/// A module's imports `(module, name)`.
fn imports(module: &[u8]) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for payload in Parser::new(0).parse_all(module) {
        if let Payload::ImportSection(r) = payload.unwrap() {
            for i in r.into_imports() {
                let i = i.unwrap();
                out.push((i.module.to_string(), i.name.to_string()));
            }
        }
    }
    out
}

/// The names of the functions reachable by `call` from export `export`.
fn reachable_from(module: &[u8], export: &str) -> BTreeSet<String> {
    let (mut imported, mut start, mut bodies) = (0u32, None, Vec::new());
    let mut names = BTreeMap::new();
    for payload in Parser::new(0).parse_all(module) {
        match payload.unwrap() {
            Payload::ImportSection(r) => imported = r.count(),
            Payload::ExportSection(r) => {
                start = r.into_iter().map(Result::unwrap).find(|e| e.name == export);
            }
            Payload::CodeSectionEntry(body) => {
                let mut calls = Vec::new();
                for op in body.get_operators_reader().unwrap() {
                    if let Operator::Call { function_index } = op.unwrap() {
                        calls.push(function_index);
                    }
                }
                bodies.push(calls);
            }
            Payload::CustomSection(c) => {
                if let wasmparser::KnownCustom::Name(r) = c.as_known() {
                    for n in r {
                        if let wasmparser::Name::Function(map) = n.unwrap() {
                            for f in map {
                                let f = f.unwrap();
                                names.insert(f.index, f.name.to_string());
                            }
                        }
                    }
                }
            }
            _ => {}
        }
    }
    let mut todo = vec![start.expect("the export").index];
    let mut seen = BTreeSet::new();
    while let Some(f) = todo.pop() {
        if !seen.insert(f) {
            continue;
        }
        if let Some(calls) = f.checked_sub(imported).and_then(|i| bodies.get(i as usize)) {
            todo.extend(calls);
        }
    }
    seen.iter().filter_map(|f| names.get(f).cloned()).collect()
}
