//! The many-component example (`examples/many/`) built both ways from the
//! same sources: with weld (one weld-ld link) and shared-nothing (one
//! wit-bindgen component per crate, composed with wac). Both must give the
//! same outputs for the same inputs, in wasmtime and in Node through jco.
//! `cargo xtask build-wasm` (or `build-many`) builds both into
//! `target/weld-many/`, the weld build also with `lto = true`, with the
//! app benchmark's weld-only probe
//! (`bench/app-probe`), whose copy counts the benchmark reports. The
//! browser part runs through the benchmark's driver (`tests/js/serve.mjs`).

use std::path::{Path, PathBuf};
use std::process::Command;
use weld_tests::component::{self, Running};
use weld_tests::jco::{have, js_dir};
use weld_tests::paths;

const INPUT: &str = "the quick brown fox jumps over the lazy dog the end";
const XS: [u32; 4] = [1, 2, 3, u32::MAX];

fn built(variant: &str) -> PathBuf {
    let p = paths::target_dir()
        .join("weld-many")
        .join(format!("{variant}.wasm"));
    assert!(
        p.exists(),
        "{} is missing: run `cargo xtask build-many` (or build-wasm) first",
        p.display()
    );
    p
}

/// Every export called on one instance, in the order many.mjs calls them.
#[derive(Debug, PartialEq)]
struct Outputs {
    run1: String,
    run2: String,
    echo: String,
    sum: u64,
    echo_n: u64,
    sum_n: u64,
}

fn outputs_in_wasmtime(path: &Path) -> Outputs {
    let mut app = Running::new(path).unwrap();
    let run = |app: &mut Running| {
        app.call::<(String,), (String,)>("run", (INPUT.to_string(),))
            .unwrap()
            .0
    };
    let run1 = run(&mut app);
    let run2 = run(&mut app);
    Outputs {
        run1,
        run2,
        echo: app
            .call::<(String,), (String,)>("echo", ("héllo, wörld".to_string(),))
            .unwrap()
            .0,
        sum: app
            .call::<(Vec<u32>,), (u64,)>("sum", (XS.to_vec(),))
            .unwrap()
            .0,
        echo_n: app
            .call::<(String, u32), (u64,)>("echo-n", ("abc".to_string(), 1000))
            .unwrap()
            .0,
        sum_n: app
            .call::<(Vec<u32>, u32), (u64,)>("sum-n", (XS.to_vec(), 100))
            .unwrap()
            .0,
    }
}

#[test]
fn both_builds_give_the_same_outputs_in_wasmtime() {
    let weld = outputs_in_wasmtime(&built("weld"));
    let shared = outputs_in_wasmtime(&built("shared-nothing"));
    assert_eq!(weld, shared);
    // And the outputs are the app's real work, not empty strings.
    let total = u64::from(u32::MAX) + 6;
    assert_eq!(weld.sum, total);
    assert_eq!(weld.sum_n, 100 * total);
    assert_eq!(weld.echo, "héllo, wörld");
    assert_eq!(weld.echo_n, 3000);
    assert!(weld.run1.contains("words=11 "), "{}", weld.run1);
    assert!(weld.run1.contains("top: THE=3 "), "{}", weld.run1);
    assert!(
        weld.run1.contains("log: [info] counter FOX created"),
        "{}",
        weld.run1
    );
    assert!(
        weld.run1.contains("log: [debug] kv: set DOG"),
        "{}",
        weld.run1
    );
    // State lives on in the services: the second run sees the first's keys.
    assert!(weld.run2.contains("words=11 "), "{}", weld.run2);
    assert_ne!(weld.run1, weld.run2);
}

#[test]
fn an_lto_build_exports_only_the_root_world_and_gives_the_same_outputs() {
    // `lto = true` compiles the eight crates into one object, so weld-ld
    // takes the root crate from cargo (`CARGO_PKG_NAME`): the services'
    // Canonical ABI exports stay internal, as in the build without LTO.
    let module = paths::target_dir()
        .join("wasm32-wasip1")
        .join("release-lto")
        .join("weld_many_main.wasm");
    let exports = weld_tests::inspect::inspect(&std::fs::read(&module).unwrap())
        .unwrap()
        .exports;
    assert!(
        exports.iter().all(|e| !e.contains("many:app/")),
        "{exports:?}"
    );
    for root in ["run", "echo", "sum", "echo-n", "sum-n"] {
        assert!(exports.iter().any(|e| e == root), "{root}: {exports:?}");
    }
    assert_eq!(
        outputs_in_wasmtime(&built("weld-lto")),
        outputs_in_wasmtime(&built("weld"))
    );
}

#[test]
fn the_weld_build_holds_one_memory_and_shared_nothing_one_per_component() {
    let memories = |v: &str| component::core_memories(&std::fs::read(built(v)).unwrap()).unwrap();
    assert_eq!(memories("weld"), 1);
    // The main crate and seven services, each with its own memory.
    assert_eq!(memories("shared-nothing"), 8);
}

#[test]
fn the_weld_build_serves_wasi_in_the_link_and_needs_no_preview1_adapter() {
    // `weld-wasi-preview1` is linked: no core module imports preview 1,
    // and wit-component adds no adapter (main module, shim, fixup: the
    // shim lowers the WASI imports that take or return lists).
    let bytes = std::fs::read(built("weld")).unwrap();
    assert_eq!(component::core_modules(&bytes).unwrap(), 3);
    let mut core_imports = Vec::new();
    for payload in wasmparser::Parser::new(0).parse_all(&bytes) {
        if let wasmparser::Payload::ImportSection(r) = payload.unwrap() {
            for import in r.into_imports() {
                let import = import.unwrap();
                core_imports.push((import.module.to_string(), import.name.to_string()));
            }
        }
    }
    assert!(
        core_imports
            .iter()
            .all(|(m, _)| m != "wasi_snapshot_preview1"),
        "{core_imports:?}"
    );
    // Only the WASI functions the app can reach are imported: writing a
    // stream, not checking or flushing it (what the adapter imports).
    let streams = |name: &str| {
        core_imports
            .iter()
            .any(|(m, n)| m == "wasi:io/streams@0.2.12" && n == name)
    };
    assert!(
        streams("[method]output-stream.blocking-write-and-flush"),
        "{core_imports:?}"
    );
    assert!(
        !streams("[method]output-stream.check-write"),
        "{core_imports:?}"
    );
    // The build with the adapter (`--features weld,adapter`, the benchmark's
    // comparison build) has one module more, the adapter, and gives the
    // same outputs.
    let adapter = built("weld-adapter");
    assert_eq!(
        component::core_modules(&std::fs::read(&adapter).unwrap()).unwrap(),
        4
    );
    assert_eq!(
        outputs_in_wasmtime(&adapter),
        outputs_in_wasmtime(&built("weld"))
    );
}

/// `jco transpile` of one variant into `<target>/weld-tests/<into>/<variant>`
/// with `extra` options; returns the generated module's path.
fn transpile(variant: &str, into: &str, extra: &[&str]) -> PathBuf {
    let dir = paths::target_dir().join("weld-tests").join(into);
    let out = dir.join(variant);
    let _ = std::fs::remove_dir_all(&out);
    std::fs::create_dir_all(&dir).unwrap();
    let link = dir.join("node_modules");
    // A link left by an earlier run may point to a removed tree (`npm ci`
    // replaces `node_modules`): make it anew. Each test has its own `into`.
    let _ = std::fs::remove_file(&link);
    std::os::unix::fs::symlink(js_dir().join("node_modules"), &link).unwrap();
    let t = Command::new("node")
        .arg(js_dir().join("node_modules").join(".bin").join("jco"))
        .arg("transpile")
        .arg(built(variant))
        .args(["--name", "app"])
        .args(extra)
        .arg("-o")
        .arg(&out)
        .output()
        .unwrap();
    assert!(
        t.status.success(),
        "jco transpile failed: {}",
        String::from_utf8_lossy(&t.stderr)
    );
    out.join("app.js")
}

#[test]
fn both_builds_give_the_same_outputs_in_node_through_jco() {
    let jco = js_dir().join("node_modules").join(".bin").join("jco");
    if !jco.exists() || Command::new("node").arg("--version").output().is_err() {
        println!("SKIPPED: node or jco (tests/js, `cargo xtask setup`) is not installed");
        return;
    }
    let run = |variant: &str| {
        let out = Command::new("node")
            .arg(js_dir().join("many.mjs"))
            .arg(transpile(variant, "many-jco", &[]))
            .arg(INPUT)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "node failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    };
    let weld = run("weld");
    let shared = run("shared-nothing");
    assert_eq!(weld, shared);
    // Node agrees with wasmtime.
    let w = outputs_in_wasmtime(&built("weld"));
    let quoted = |s: &str| format!("{s:?}").replace("\\'", "'");
    assert!(weld.contains(&format!("\"echo\":\"{}\"", w.echo)), "{weld}");
    assert!(
        weld.contains(&format!("\"sumN\":\"{}\"", w.sum_n)),
        "{weld}"
    );
    assert!(
        weld.contains(&format!("\"run1\":{}", quoted(&w.run1))),
        "{weld}"
    );
}

#[test]
fn both_builds_give_the_same_outputs_in_headless_chromium() {
    let jco = js_dir().join("node_modules").join(".bin").join("jco");
    if !jco.exists() || !have("node") || !have("chromium") {
        println!(
            "SKIPPED: node, jco or chromium is not installed (`cargo xtask setup` installs them, chromium with apt-get as root)"
        );
        return;
    }
    let dir = paths::target_dir().join("weld-tests").join("many-browser");
    let run = |variant: &str| {
        transpile(variant, "many-browser", &["--instantiation", "async"]);
        for file in ["page.html", "many-browser.mjs", "many-outputs.mjs"] {
            std::fs::copy(js_dir().join(file), dir.join(file)).unwrap();
        }
        // The page is served from loopback to a fresh headless profile by
        // the browser driver the app benchmark uses too.
        let input: String = INPUT.split(' ').collect::<Vec<_>>().join("%20");
        let out = Command::new("node")
            .arg(js_dir().join("serve.mjs"))
            .arg(&dir)
            .args(["chromium", "many-browser.mjs", variant, "0"])
            .arg(format!("input={input}"))
            .output()
            .unwrap();
        let body = String::from_utf8(out.stdout).unwrap();
        assert!(
            out.status.success() && !body.starts_with("failed"),
            "{variant} in chromium: {body} {}",
            String::from_utf8_lossy(&out.stderr)
        );
        body
    };
    let weld = run("weld");
    assert_eq!(weld, run("shared-nothing"));
    // Chromium agrees with wasmtime.
    let w = outputs_in_wasmtime(&built("weld"));
    let quoted = |s: &str| format!("{s:?}").replace("\\'", "'");
    assert!(weld.contains(&format!("\"echo\":\"{}\"", w.echo)), "{weld}");
    assert!(
        weld.contains(&format!("\"run1\":{}", quoted(&w.run1))),
        "{weld}"
    );
}

/// Bytes the probe's bindings copied during one `echo-n` call of `n`
/// crossings with `s`, and the call's result.
fn probe_copies(probe: &mut Running, s: &str, n: u32, borrowed: bool) -> (u64, u64) {
    let copied = |probe: &mut Running| {
        probe
            .call::<(), (Option<u64>,)>("copied-bytes", ())
            .unwrap()
            .0
            .expect("the probe is built with weld's `count-copies` feature")
    };
    let before = copied(probe);
    let (total,) = probe
        .call::<(String, u32, bool), (u64,)>("echo-n", (s.to_string(), n, borrowed))
        .unwrap();
    (copied(probe) - before, total)
}

#[test]
fn the_probe_copies_an_owned_parameter_once_and_a_borrowed_one_never() {
    let mut probe = Running::new(&built("probe")).unwrap();
    for len in [16, 65_536] {
        let s = "x".repeat(len);
        for (borrowed, copies) in [(false, 1), (true, 0)] {
            // The host's own call may copy its argument; n = 0 measures it.
            let (fixed, _) = probe_copies(&mut probe, &s, 0, borrowed);
            let (copied, total) = probe_copies(&mut probe, &s, 100, borrowed);
            assert_eq!(total, 100 * len as u64, "every echo returned the string");
            assert_eq!(
                copied - fixed,
                100 * copies * len as u64,
                "{len} B, borrowed: {borrowed}"
            );
        }
    }
}
