//! Porting mistakes weld-ld catches in a cargo link (docs/porting.md,
//! "Mistakes weld-ld catches"), through the real binary as rustc runs it:
//! rustc compiles the provider crates to rlibs (or a provider to a
//! module of its own, a `cdylib`) in a `deps/` directory as cargo does,
//! then compiles and links the root crate with `-C linker=weld-ld`, with
//! `CARGO_MANIFEST_DIR` pointing at a Cargo.toml that lists the
//! dependencies. Each crate carries the `weld-meta` records its weld
//! bindings would (from real WIT), or, for a crate left on wit-bindgen,
//! wit-bindgen's `component-type` section.

mod common;

use common::{RUNTIME, assert_has, dir};
use std::path::{Path, PathBuf};
use std::process::Command;
use weld_bindgen::Source;
use wit_component::StringEncoding;

const WIT: &str = "package demo:app;
interface counter { next: func() -> u32; }
interface text { upper: func(s: string) -> string; }
world counter-provider { export counter; }
world text-provider { export text; }
world app { import counter; export run: func() -> u32; }
world text-app { import text; export run: func() -> u32; }
";

fn resolve() -> (wit_parser::Resolve, wit_parser::PackageId) {
    let mut resolve = wit_parser::Resolve::default();
    let pkg = resolve.push_str("app.wit", WIT).unwrap();
    (resolve, pkg)
}

fn bytes(b: &[u8]) -> String {
    b.iter().map(u8::to_string).collect::<Vec<_>>().join(", ")
}

/// The `weld-meta` records of crate `krate` built against `world`, as a
/// Rust static.
fn weld_meta(krate: &str, world: &str) -> String {
    let mut options = weld_bindgen::Options::new(Source::Inline(WIT.into()));
    options.world = Some(world.into());
    options.crate_name = krate.into();
    let records = weld_bindgen::metadata(&options).unwrap();
    let meta: Vec<u8> = records.iter().flat_map(|r| r.encode()).collect();
    format!(
        "#[used]\n#[unsafe(link_section = \"weld-meta\")]\nstatic META: [u8; {}] = [{}];\n",
        meta.len(),
        bytes(&meta)
    )
}

/// wit-bindgen's `component-type` section for `world`, as a Rust static.
fn component_type(world: &str) -> String {
    let (resolve, pkg) = resolve();
    let w = resolve.select_world(&[pkg], Some(world)).unwrap();
    let encoded =
        wit_component::metadata::encode(&resolve, w, StringEncoding::UTF8, None, false).unwrap();
    format!(
        "#[used]\n#[unsafe(link_section = \"component-type:wit-bindgen:0.63.0:demo:app:{world}:encoded world\")]\n\
         static CT: [u8; {}] = [{}];\n",
        encoded.len(),
        bytes(&encoded)
    )
}

/// A fresh directory for one test: `deps/` and the root's Cargo.toml.
fn project(name: &str, dependencies: &str) -> PathBuf {
    let root = dir().join(name);
    let _ = std::fs::remove_dir_all(&root);
    std::fs::create_dir_all(root.join("deps")).unwrap();
    std::fs::write(
        root.join("Cargo.toml"),
        format!("[package]\nname = \"app\"\n\n[dependencies]\n{dependencies}\n\n[lib]\ncrate-type = [\"cdylib\"]\n"),
    )
    .unwrap();
    root
}

/// rustc for wasm32-wasip1, linking with the weld-ld under test, in the
/// environment cargo gives it for the root package at `root`.
fn rustc(root: &Path) -> Command {
    let mut c = Command::new(std::env::var_os("RUSTC").unwrap_or_else(|| "rustc".into()));
    c.args(["--edition", "2024", "--target", "wasm32-wasip1"])
        .args(["-C", "panic=abort"])
        .arg("-C")
        .arg(format!("linker={}", env!("CARGO_BIN_EXE_weld-ld")))
        .arg("-L")
        .arg(format!("dependency={}", root.join("deps").display()))
        .env("CARGO_MANIFEST_DIR", root)
        .env("CARGO_PKG_NAME", "app")
        .env_remove("WELD_LD_FLAGS");
    c
}

/// Compiles crate `name` from `source` into `deps/` as `crate_type`.
fn build(root: &Path, name: &str, crate_type: &str, source: &str, externs: &[&str]) {
    let src = root.join(format!("{name}.rs"));
    std::fs::write(&src, source).unwrap();
    let out = match crate_type {
        "rlib" => root
            .join("deps")
            .join(format!("lib{name}-0123456789abcdef.rlib")),
        _ => root.join("deps").join(format!("{name}.wasm")),
    };
    let mut c = rustc(root);
    c.args(["--crate-type", crate_type, "--crate-name", name])
        .arg(&src)
        .arg("-o")
        .arg(&out);
    for e in externs {
        let rlib = root
            .join("deps")
            .join(format!("lib{e}-0123456789abcdef.rlib"));
        c.arg("--extern").arg(format!("{e}={}", rlib.display()));
    }
    let run = c.output().unwrap();
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(run.status.success(), "{name}: {stderr}");
}

/// Compiles and links the root crate; returns weld-ld's (and rustc's)
/// stderr, and whether the link succeeded.
fn link_root(root: &Path, source: &str, externs: &[&str]) -> (bool, String) {
    let src = root.join("app.rs");
    std::fs::write(&src, source).unwrap();
    let mut c = rustc(root);
    c.args(["--crate-type", "cdylib", "--crate-name", "app"])
        .arg(&src)
        .arg("-o")
        .arg(root.join("deps").join("app.wasm"));
    for e in externs {
        let rlib = root
            .join("deps")
            .join(format!("lib{e}-0123456789abcdef.rlib"));
        c.arg("--extern").arg(format!("{e}={}", rlib.display()));
    }
    let run = c.output().unwrap();
    let stderr = String::from_utf8_lossy(&run.stderr).into_owned();
    assert!(!stderr.contains("panicked"), "{stderr}");
    (run.status.success(), stderr)
}

/// The counter provider: weld bindings exporting `demo:app/counter`.
fn counter_source() -> String {
    format!(
        "#![no_std]\n#[unsafe(export_name = \"weld1|demo:app/counter|next\")]\n\
         pub extern \"C\" fn next() -> i32 {{ 7 }}\n{}",
        weld_meta("counter", "counter-provider")
    )
}

/// The root crate importing `interface` (`counter` or `text`), naming
/// `uses` (`use ::x as _;` lines).
fn app_source(world: &str, call: &str, uses: &str) -> String {
    format!(
        "#![no_std]\n{uses}\nunsafe extern \"C\" {{ {call} }}\n\
         #[unsafe(no_mangle)]\npub extern \"C\" fn run() -> i32 {{ unsafe {{ probe() }} }}\n\
         #[panic_handler]\nfn panic(_: &core::panic::PanicInfo) -> ! {{ loop {{}} }}\n{RUNTIME}\n{}",
        weld_meta("app", world)
    )
}

const CALL_COUNTER: &str = "#[link_name = \"weld1|demo:app/counter|next\"] fn probe() -> i32;";

#[test]
fn a_provider_the_root_never_names_is_an_error_naming_it() {
    let root = project("unnamed", "counter = { path = \"../counter\" }");
    build(&root, "counter", "rlib", &counter_source(), &[]);
    let (ok, stderr) = link_root(&root, &app_source("app", CALL_COUNTER, ""), &["counter"]);
    assert!(!ok, "{stderr}");
    assert_has(
        &stderr,
        &[
            "error: interface `demo:app/counter`, imported by crate `app`, goes to the host, but `counter`, a dependency of the root package, exports it and is not linked",
            "= note: rustc links a dependency only when the root crate's code names it, and nothing names `counter` (`",
            "libcounter-0123456789abcdef.rlib`)",
            "= help: name it once in the root crate: `use ::counter as _;` (`::` names the crate, never a bindings module of the same name); or, if the host should provide interface `demo:app/counter`, remove the dependency or allow it: `--weld-allow-host-import=demo:app/counter`",
        ],
    );
    assert!(!root.join("deps/app.wasm").exists());
}

#[test]
fn allowing_that_interface_by_name_lets_the_host_provide_it() {
    let root = project("allowed", "counter = { path = \"../counter\" }");
    build(&root, "counter", "rlib", &counter_source(), &[]);
    let src = root.join("app.rs");
    std::fs::write(&src, app_source("app", CALL_COUNTER, "")).unwrap();
    let run = rustc(&root)
        .args(["--crate-type", "cdylib", "--crate-name", "app"])
        .args(["-C", "link-arg=--weld-allow-host-import=demo:app/counter"])
        .arg(&src)
        .arg("-o")
        .arg(root.join("deps").join("app.wasm"))
        .arg("--extern")
        .arg(format!(
            "counter={}",
            root.join("deps/libcounter-0123456789abcdef.rlib").display()
        ))
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(run.status.success(), "{stderr}");
    let module = std::fs::read(root.join("deps/app.wasm")).unwrap();
    assert!(common::imports(&module).contains(&("demo:app/counter".into(), "next".into())));
}

#[test]
fn the_same_provider_named_with_colons_links_inside() {
    let root = project("named", "counter = { path = \"../counter\" }");
    build(&root, "counter", "rlib", &counter_source(), &[]);
    let source = app_source("app", CALL_COUNTER, "use ::counter as _;");
    let (ok, stderr) = link_root(&root, &source, &["counter"]);
    assert!(ok, "{stderr}");
    let module = std::fs::read(root.join("deps/app.wasm")).unwrap();
    let imports = common::imports(&module);
    assert!(
        imports.iter().all(|(m, _)| m != "demo:app/counter"),
        "{imports:?}"
    );
}

#[test]
fn a_host_import_no_dependency_exports_still_links() {
    // The same root without the dependency: the host provides counter.
    let root = project("host", "");
    let (ok, stderr) = link_root(&root, &app_source("app", CALL_COUNTER, ""), &[]);
    assert!(ok, "{stderr}");
    let module = std::fs::read(root.join("deps/app.wasm")).unwrap();
    assert!(
        common::imports(&module).contains(&("demo:app/counter".into(), "next".into())),
        "{:?}",
        common::imports(&module)
    );
}

#[test]
fn a_provider_left_a_cdylib_is_an_error_saying_to_make_it_a_library() {
    let root = project("cdylib", "counter = { path = \"../counter\" }");
    let source = format!(
        "{}\n#[panic_handler]\nfn panic(_: &core::panic::PanicInfo) -> ! {{ loop {{}} }}\n{RUNTIME}",
        counter_source()
    );
    build(&root, "counter", "cdylib", &source, &[]);
    let (ok, stderr) = link_root(&root, &app_source("app", CALL_COUNTER, ""), &[]);
    assert!(!ok, "{stderr}");
    assert_has(
        &stderr,
        &[
            "error: interface `demo:app/counter`, imported by crate `app`, goes to the host, but `counter`, a dependency of the root package, exports it and is not linked",
            "= note: `counter` is a `cdylib`: cargo built it as a module of its own (`",
            "deps/counter.wasm`), which cannot be linked into another crate",
            "= help: make `counter` a library (in its Cargo.toml, `crate-type = [\"rlib\"]` under `[lib]`, or no `crate-type`), then name it once in the root crate: `use ::counter as _;`",
        ],
    );
}

#[test]
fn a_provider_left_on_wit_bindgen_is_an_error_saying_to_port_it() {
    // Named by the root, so rustc links it; its export has the Canonical
    // ABI's name, which the root's weld import does not reach.
    let root = project("unported", "text = { path = \"../text\" }");
    let source = format!(
        "#![no_std]\n#[unsafe(export_name = \"demo:app/text#upper\")]\n\
         pub extern \"C\" fn upper(_: i32, _: i32) -> i32 {{ 0 }}\n{}",
        component_type("text-provider")
    );
    build(&root, "text", "rlib", &source, &[]);
    let call = "#[link_name = \"weld1|demo:app/text|upper\"] fn probe() -> i32;";
    let (ok, stderr) = link_root(
        &root,
        &app_source("text-app", call, "use ::text as _;"),
        &["text"],
    );
    assert!(!ok, "{stderr}");
    assert_has(
        &stderr,
        &[
            "error: crate `text` is built with wit-bindgen, not weld: it exports `demo:app/text` under the Canonical ABI's names, which no weld crate's import reaches, and the component would export them",
            "= note: its objects carry wit-bindgen's `component-type` section (`",
            "= help: port it: replace `wit_bindgen::generate!(` with `weld::generate!(` and the `wit-bindgen` dependency with `weld` (docs/porting.md)",
        ],
    );
}
