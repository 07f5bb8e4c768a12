//! What the `weld-ld` integration tests share: a temp dir per test file,
//! objects rustc compiles for wasm32-wasip1, runs of the real `weld-ld`
//! binary, a linked module's imports and call graph, and the
//! `test:semver/api` WIT of `semver_check.rs` and `semver_link.rs`.

#![allow(
    dead_code,
    reason = "each test file (its own crate) uses only some of these helpers"
)]

use std::collections::{BTreeMap, BTreeSet};
use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use wasmparser::{Operator, Parser, Payload};
use weld_abi::metadata::Record;
use weld_bindgen::Source;

/// This test file's directory under cargo's temp dir: its crate name with
/// `-` for `_` (`host-imports` for `host_imports.rs`).
pub fn dir() -> PathBuf {
    let d = Path::new(env!("CARGO_TARGET_TMPDIR")).join(env!("CARGO_CRATE_NAME").replace('_', "-"));
    std::fs::create_dir_all(&d).unwrap();
    d
}

/// Compiles `source` (crate `name`) to a wasm32-wasip1 object
/// `<file>.o` in [`dir`] (tests run in parallel: one file each).
pub fn compile(name: &str, source: &str, file: &str) -> PathBuf {
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

/// What the weld runtime defines and weld-ld exports, as Rust items for a
/// test crate's source.
pub const RUNTIME: &str = r#"
#[unsafe(no_mangle)]
pub extern "C" fn _initialize() {}
#[unsafe(no_mangle)]
pub extern "C" fn cabi_realloc(_: i32, _: i32, _: i32, _: i32) -> i32 { 0 }
#[unsafe(no_mangle)]
pub extern "C" fn weld_alloc_stats(_: i32) {}
"#;

/// Runs `weld-ld link <args>`.
pub fn weld_ld(args: &[&dyn AsRef<OsStr>]) -> Output {
    let mut c = Command::new(env!("CARGO_BIN_EXE_weld-ld"));
    c.arg("link");
    for a in args {
        c.arg(a);
    }
    c.output().unwrap()
}

/// Runs a link that must succeed; returns its stdout and stderr.
#[track_caller]
pub fn succeeds(args: &[&dyn AsRef<OsStr>]) -> (String, String) {
    let run = weld_ld(args);
    let stderr = String::from_utf8_lossy(&run.stderr).into_owned();
    assert!(run.status.success(), "{stderr}");
    (String::from_utf8(run.stdout).unwrap(), stderr)
}

/// Runs a link that must fail without a panic; returns its stderr.
#[track_caller]
pub fn fails(args: &[&dyn AsRef<OsStr>], out: &Path) -> String {
    let run = weld_ld(args);
    let stderr = String::from_utf8(run.stderr).unwrap();
    assert_eq!(run.status.code(), Some(1), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(stderr.starts_with("error: "), "{stderr}");
    assert!(!out.exists(), "a failed link left {}", out.display());
    stderr
}

/// Asserts `shown` contains every one of `parts`.
#[track_caller]
pub fn assert_has(shown: &str, parts: &[&str]) {
    for p in parts {
        assert!(shown.contains(p), "missing {p:?} in:\n{shown}");
    }
}

/// A module's imports `(module, name)`.
pub fn imports(module: &[u8]) -> Vec<(String, String)> {
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
pub fn reachable_from(module: &[u8], export: &str) -> BTreeSet<String> {
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

/// `interface api` of every version of `test:semver`; `{extra}` is where
/// versions differ.
pub fn api(extra: &str) -> String {
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

/// The newer version's addition to [`api`].
pub const EXTRA: &str = "extra: func() -> u32;";

/// WIT text: package `test:semver@<version>` holding `interface` and
/// `world w { <world> }`.
pub fn semver_wit(version: &str, interface: &str, world: &str) -> String {
    format!("package test:semver@{version};\n{interface}\nworld w {{ {world} }}\n")
}

/// The records of crate `krate` built against `test:semver@<version>`
/// holding `interface` and `world w { <world> }`.
pub fn from_wit(krate: &str, version: &str, interface: &str, world: &str) -> Vec<Record> {
    let wit = semver_wit(version, interface, world);
    let mut options = weld_bindgen::Options::new(Source::Inline(wit.clone()));
    options.world = Some("w".into());
    options.crate_name = krate.into();
    weld_bindgen::metadata(&options).unwrap_or_else(|e| panic!("{e}\n{wit}"))
}
