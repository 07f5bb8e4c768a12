//! Components transpiled by jco (`@bytecodealliance/jco`, installed in
//! `tests/js/` by `cargo xtask setup`) and run in Node: the example app,
//! with the same result as in wasmtime and one memory across every core
//! module jco writes; and a root crate exporting a resource, whose handles
//! live in jco's table.
//!
//! Skips, with a message, only where Node or npm is not installed or the
//! npm registry is unreachable (so the packages cannot be installed); any
//! other failure fails the test.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use weld_tests::{component, paths, wasi_app};

const INPUT: &str = "héllo wide world\nof wasm";

fn js_dir() -> PathBuf {
    paths::workspace_root().join("tests").join("js")
}

fn jco_bin() -> PathBuf {
    js_dir().join("node_modules").join(".bin").join("jco")
}

/// Whether `program --version` runs.
fn runs(program: &str) -> bool {
    Command::new(program)
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success())
}

fn show(out: &Output) -> String {
    format!(
        "{}\nstdout:\n{}\nstderr:\n{}",
        out.status,
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

/// Makes sure jco is installed in `tests/js/`; `Err` says why the test is
/// skipped.
fn ensure_jco() -> Result<(), String> {
    if !runs("node") {
        return Err(String::from("`node` is not installed"));
    }
    if jco_bin().exists() {
        return Ok(());
    }
    if !runs("npm") {
        return Err(String::from(
            "`npm` is not installed, so jco cannot be installed",
        ));
    }
    let install = Command::new("npm")
        .args(["ci", "--no-audit", "--no-fund"])
        .current_dir(js_dir())
        .output()
        .expect("npm runs");
    if install.status.success() && jco_bin().exists() {
        return Ok(());
    }
    let ping = Command::new("npm")
        .arg("ping")
        .current_dir(js_dir())
        .output()
        .expect("npm runs");
    if !ping.status.success() {
        return Err(format!(
            "the npm registry is unreachable (`npm ping`: {})",
            String::from_utf8_lossy(&ping.stderr).trim()
        ));
    }
    panic!(
        "`npm ci` in {} failed though the registry is reachable: {}",
        js_dir().display(),
        show(&install)
    );
}

/// `weld-ld component` of a built guest (`package`), then `jco transpile`
/// under `name`; returns the directory jco wrote.
fn transpile(package: &str, name: &str) -> PathBuf {
    transpile_module(&paths::built_wasm(package).unwrap(), name)
}

/// As [`transpile`], for the linked module at `module`.
fn transpile_module(module: &Path, name: &str) -> PathBuf {
    // One directory per test: they run in parallel.
    let dir = paths::target_dir()
        .join("weld-tests")
        .join(format!("jco-{name}"));
    let out = dir.join(name);
    let _ = std::fs::remove_dir_all(&out);
    let wasm = dir.join(format!("{name}.component.wasm"));
    component::componentize(env!("CARGO_BIN_EXE_weld-ld-for-tests"), module, &wasm, None);
    // The generated JS imports `@bytecodealliance/preview2-shim`: Node finds
    // it through a `node_modules` next to the output.
    let link = dir.join("node_modules");
    let _ = std::fs::remove_file(&link);
    std::os::unix::fs::symlink(js_dir().join("node_modules"), &link).unwrap();
    let t = Command::new("node")
        .arg(jco_bin())
        .arg("transpile")
        .arg(&wasm)
        .args(["--name", name, "-o"])
        .arg(&out)
        .output()
        .unwrap();
    assert!(t.status.success(), "jco transpile failed: {}", show(&t));
    out
}

fn core_modules(dir: &Path) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            let name = p.file_name().unwrap().to_string_lossy();
            name.contains(".core") && name.ends_with(".wasm")
        })
        .collect();
    out.sort();
    out
}

#[test]
fn the_component_runs_in_node_through_jco_like_in_wasmtime() {
    if let Err(why) = ensure_jco() {
        println!("SKIPPED the_component_runs_in_node_through_jco_like_in_wasmtime: {why}");
        eprintln!("SKIPPED the_component_runs_in_node_through_jco_like_in_wasmtime: {why}");
        return;
    }
    let out = transpile("weld-example-app", "example");
    let node = Command::new("node")
        .arg(js_dir().join("run.mjs"))
        .arg(out.join("example.js"))
        .arg(INPUT)
        .output()
        .unwrap();
    assert!(node.status.success(), "node failed: {}", show(&node));
    let from_node = String::from_utf8(node.stdout).unwrap();
    let from_wasmtime =
        component::call_string(&out.with_extension("component.wasm"), "run", INPUT).unwrap();
    assert_eq!(from_node, from_wasmtime);
    assert!(
        from_node.starts_with("HÉLLO WIDE WORLD\nOF WASM\n"),
        "{from_node}"
    );

    // Every core module jco wrote, together, defines exactly one memory.
    let modules = core_modules(&out);
    assert!(
        !modules.is_empty(),
        "jco wrote no core modules in {}",
        out.display()
    );
    let memories: u32 = modules
        .iter()
        .map(|m| component::core_memories(&std::fs::read(m).unwrap()).unwrap())
        .sum();
    assert_eq!(memories, 1, "memories defined by {modules:?}");
}

#[test]
fn a_resource_the_root_crate_exports_lives_in_jcos_handle_table() {
    if let Err(why) = ensure_jco() {
        println!("SKIPPED a_resource_the_root_crate_exports_lives_in_jcos_handle_table: {why}");
        eprintln!("SKIPPED a_resource_the_root_crate_exports_lives_in_jcos_handle_table: {why}");
        return;
    }
    let out = transpile("weld-test-host-export", "cells");
    let node = Command::new("node")
        .arg(js_dir().join("cells.mjs"))
        .arg(out.join("cells.js"))
        .output()
        .unwrap();
    assert!(node.status.success(), "node failed: {}", show(&node));
    // The same steps and counts as tests/tests/host_export.rs in wasmtime:
    // `consume` takes its cell back without a second destructor run, and
    // every handle JS disposes of runs the destructor once.
    assert_eq!(
        String::from_utf8(node.stdout).unwrap(),
        "get 5 add 15\n\
         merge 15 live 3 dropped 0\n\
         consume 7 live 3 dropped 1\n\
         total 4\n\
         name-of one=1 live 4 dropped 2\n\
         live 0 dropped 6\n"
    );
}

/// examples/wasi linked with the virtual WASI crates (`tests/tests/wasi.rs`
/// runs it in wasmtime): its component imports nothing, so jco's output
/// needs no WASI shim, and Node gives the same report as wasmtime.
#[test]
fn the_virtual_wasi_app_runs_in_node_with_no_wasi_shim() {
    if let Err(why) = ensure_jco() {
        println!("SKIPPED the_virtual_wasi_app_runs_in_node_with_no_wasi_shim: {why}");
        eprintln!("SKIPPED the_virtual_wasi_app_runs_in_node_with_no_wasi_shim: {why}");
        return;
    }
    let out = transpile_module(&wasi_app::module("virtual"), "wasi-virtual");
    let js = std::fs::read_to_string(out.join("wasi-virtual.js")).unwrap();
    assert!(!js.contains("preview2-shim"), "jco imports a WASI shim");
    let node = Command::new("node")
        .arg(js_dir().join("run.mjs"))
        .arg(out.join("wasi-virtual.js"))
        .arg("")
        .output()
        .unwrap();
    assert!(node.status.success(), "node failed: {}", show(&node));
    let from_node = String::from_utf8(node.stdout).unwrap();
    let bytes = std::fs::read(out.with_extension("component.wasm")).unwrap();
    let from_wasmtime = wasi_app::run_with_empty_linker(&bytes).unwrap();
    assert_eq!(from_node, from_wasmtime);
    assert_eq!(from_node, wasi_app::EXPECTED);
}
